"""Annotating stage: people, places, organisations, quotes, quantities, dates and framing terms.

Every annotation is a *span* ``[start, end)`` of the **raw** article text, so
``text[start:end] == row.text`` always holds. Matching happens on the normalized text of the
cleaning stage (alef/hamza forms, diacritics, tatweel, digits folded) and each match is mapped
back to the raw text with :func:`helpers.cleaning.to_raw_span`.

How it works, in three layers, all offline and rule-based:

1. **One multi-pattern matcher** (an Aho–Corasick automaton from ``pyahocorasick``) holds every
   surface form of the lexicons in ``data/lexicons/*.csv`` (countries, regions and cities from
   CLDR via babel, hand-written places, organisations, people, the framing lexicon, units) *and*
   the trigger words of the context patterns (titles, reporting verbs, organisation heads, month
   names, approximators …). Each surface is added with the proclitics و ف ب ل ك (and their
   combinations, and the contraction لل = ل + ال), so a single left-to-right pass finds
   ``وبإسرائيل`` or ``للخارجية`` and reports where the name itself starts. Proclitics stay outside
   the span, as the annotation guidelines require.
2. **Context patterns** start from the trigger hits: ``الرئيس X``, ``وزير الخارجية … X``,
   ``نظيره … X``, ``قال X إن``, ``حركة X``, ``وزارة X …``, ``العاصمة X``, ``شركة "X"`` find names that
   no lexicon holds; numbers, dates and quotations have their own small grammars.
3. **Document-level propagation**: a name found by a pattern (``جيهون بيراموف``) is looked for
   again in the whole article, together with its last word (``بيراموف``), and short forms get
   the fullest name of the article as ``canonical``.

Where things are (one module per job):

* ``annotator``: :class:`Annotator` (the automaton, and what the steps read from the lexicon as
  read-only properties), :func:`annotate`, :func:`default_annotator`;
* ``doc``: :class:`~.doc.Doc`, one article being annotated, and ``STEPS``, the steps in order;
  each step is a function ``step(doc)`` whose docstring says what it finds, reads and leaves:
  ``names`` (the lexicon's names, titles, speech verbs, propagation, canonical names),
  ``organisations`` (dateline, heads, abbreviations), ``places``, ``quotes``, ``dates``,
  ``quantities``;
* ``store``: the span store every step adds to (its indexes kept in step) and ``Disjoint``;
* ``scanner``: tokens, the marked text, quotation marks, aliases, clitics, edges of a span;
  ``words``: small word predicates; ``patterns``: the word lists of ``data/patterns/``;
* ``lexicon``: :func:`load_lexicon`, :func:`check_lexicon`, the clitic variants of a surface;
* ``columns``: labels, span columns, frames; ``corpus``: :func:`annotate_corpus` and its workers;
  ``evaluation``: gold spans and scores; ``exports``: HTML, brat, Label Studio, displaCy;
* ``learned`` (a subpackage): a CRF entity recognizer trained on ANERcorp
  (:func:`model_entities`, :func:`tag_tokens`, :func:`train_model`), CoNLL files
  (:func:`read_conll`, :func:`write_conll`) and entity scores from BIO tags (:func:`evaluate_tags`);
  ``annotate(text, recognizer="rules" | "model" | "combined")`` chooses who finds people, places
  and organisations (``learned.combine``; :data:`DEFAULT_RECOGNIZER` when none is named).

Example:
    >>> df = annotate("وقال ساعر: \\"نعمل مع أذربيجان\\".")
    >>> df[["text", "label", "canonical"]].values.tolist()
    [['ساعر', 'PER', 'جدعون ساعر'], ['نعمل مع أذربيجان', 'QUOTE', None], ['أذربيجان', 'LOC', 'أذربيجان']]
"""
from __future__ import annotations

from .annotator import DEFAULT_RECOGNIZER, RECOGNIZER_ENV, Annotator, annotate, default_annotator
from .columns import LABEL_COLORS, LABELS, SPAN_COLUMNS
from .corpus import _annotate_arrays, annotate_batch, annotate_corpus  # noqa: F401 (_annotate_arrays: tests)
from .evaluation import (
    GOLD_DIR, REAL_DIR, UNSEEN_DIR, check_spans, compare_spans, entity_scores, evaluate, evaluate_attributes,
    load_gold,
)
from .exports import Highlight, highlight, to_brat, to_displacy, to_label_studio
from .lexicon import LEXICON_DIR, check_lexicon, load_lexicon
from .learned import (
    bio_entities, evaluate_tags, load_model, model_entities, read_conll, split_dev, tag_tokens, train_model,
    write_conll,
)
from .learned.combine import RECOGNIZERS


__all__ = [
    "LABELS",
    "SPAN_COLUMNS",
    "LABEL_COLORS",
    "LEXICON_DIR",
    "GOLD_DIR",
    "UNSEEN_DIR",
    "load_lexicon",
    "check_lexicon",
    "Annotator",
    "default_annotator",
    "annotate",
    "annotate_corpus",
    "load_gold",
    "check_spans",
    "evaluate",
    "evaluate_attributes",
    "compare_spans",
    "highlight",
    "Highlight",
    "to_brat",
    "to_label_studio",
    "to_displacy",
    "read_conll",
    "write_conll",
    "bio_entities",
    "evaluate_tags",
    "split_dev",
    "train_model",
    "load_model",
    "tag_tokens",
    "model_entities",
    "RECOGNIZERS",
    "DEFAULT_RECOGNIZER",
    "RECOGNIZER_ENV",
    "REAL_DIR",
    "entity_scores",
]
