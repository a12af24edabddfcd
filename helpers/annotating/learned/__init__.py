"""The learned entity recognizer: CoNLL data, a CRF trained on ANERcorp, its scores.

* ``conll``: :func:`read_conll`, :func:`write_conll` (``token TAG`` files, ``.xz`` read and
  written transparently), :func:`bio_entities`, :func:`evaluate_tags` (entity-level P/R/F1 per
  label, exact and overlap, from BIO tags);
* ``features``: what the model sees of a token and its neighbours (:func:`sentence_features`);
* ``model``: :func:`split_dev` (the fixed dev part), :func:`train_model`, :func:`load_model`,
  :func:`tag_tokens`, :func:`model_entities` (PER/LOC/ORG spans of a raw text, ``source="model"``);
* ``scoring``: how a model of :func:`sentence_features` tags fast (``Scorer``: each word type scored
  once from the model's weights, crfsuite's Viterbi run on the scores; the same tags);
* ``compare``: :func:`recognizer_tags` (what any span recognizer — the rules, the model —
  finds in token-tagged sentences, as BIO tags, to score it with :func:`evaluate_tags`),
  :func:`entity_errors` (the entities it gets wrong, by kind);
* ``__main__``: ``python -m helpers.annotating.learned train`` (``make model``) trains the shipped
  model ``data/ner/model.crfsuite`` on the train part and writes its card ``data/ner/MODEL_CARD.md``;
* ``combine``: the rules and the model together (``annotate(text, recognizer=…)``); ``veto``:
  which names the rules' patterns guessed the model drops there (:func:`~.veto.vetoes`, from
  :func:`~.model.model_columns_marginals`);
  ``compare`` also scores ``annotate``'s recognizers side by side on the dev part, the seeds and
  16 real Jawhara FM articles with gold (:func:`~.compare.real_scores_of`, ``python -m
  helpers.annotating.learned real``).

Example:
    >>> model_entities("التقى ميسي في برشلونة")[["text", "label", "source"]].values.tolist()
    [['ميسي', 'PER', 'model'], ['برشلونة', 'LOC', 'model']]
"""
from __future__ import annotations

from .compare import entity_errors, join_tokens, recognizer_tags, spans_to_tags
from .conll import bio_entities, evaluate_tags, read_conll, write_conll
from .features import sentence_features, word_features
from .model import (
    CARD_PATH, MODEL_PATH, TRAIN_PATH, load_model, model_columns, model_entities, split_dev, tag_sentences,
    tag_tokens, train_model,
)

__all__ = [
    "read_conll", "write_conll", "bio_entities", "evaluate_tags", "sentence_features", "word_features",
    "TRAIN_PATH", "MODEL_PATH", "CARD_PATH", "split_dev", "train_model", "load_model", "tag_tokens", "tag_sentences",
    "model_entities", "model_columns",
]
__all__ += ["join_tokens", "spans_to_tags", "recognizer_tags", "entity_errors"]
