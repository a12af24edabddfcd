"""The learned recognizer: training a CRF on token-tagged sentences, loading it, tagging with it.

A linear-chain CRF (``python-crfsuite``, L-BFGS: deterministic, one core) learns, for every
feature of :mod:`.features` and every tag, a weight, and for every pair of tags a transition
weight; tagging picks the best tag sequence of a sentence (Viterbi). The model shipped with the
project, :data:`MODEL_PATH`, is trained on the train part of ANERcorp (:func:`split_dev`) by
``make model`` (``python -m helpers.annotating.learned train``).

Example:
    >>> tag_tokens(["قال", "الرئيس", "ماكرون", "في", "باريس"])
    ['O', 'O', 'B-PERS', 'O', 'B-LOC']
    >>> model_entities("قال الرئيس ماكرون في باريس.")[["start", "end", "label", "text", "source"]].values.tolist()
    [[11, 17, 'PER', 'ماكرون', 'model'], [21, 26, 'LOC', 'باريس', 'model']]
"""
from __future__ import annotations

import bisect
import functools
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import pycrfsuite

from ..._shared import ROOT
from ...cleaning import is_stopword, match_key, split_clitics, tokenize, word_tokens
from ...loading import atomic_path
from ..columns import column_arrays, frame
from ..scanner import proclitics
from ..words import display_form
from .conll import Sentence, bio_entities
from .features import sentence_features
from .scoring import Scorer, dump_section

#: A feature function: a sentence's tokens → one list of string features per token
#: (:func:`~.features.sentence_features` is the project's).
Features = Callable[[Sequence[str]], list[list[str]]]

NER_DIR = ROOT / "data" / "ner"
#: The training data (ANERcorp, training split; CC BY-SA 4.0).
TRAIN_PATH = NER_DIR / "anercorp-train.txt.xz"
#: The shipped model (trained on the train part of :data:`TRAIN_PATH`; CC BY-SA 4.0).
MODEL_PATH = NER_DIR / "model.crfsuite"
#: The model's card: data, features, dev scores, weaknesses, licence.
CARD_PATH = NER_DIR / "MODEL_CARD.md"
#: The training parameters of :func:`train_model` (L-BFGS with L1 and L2 penalties).
PARAMS: dict[str, float | int | bool] = {"c1": 0.05, "c2": 0.05, "max_iterations": 150,
                                         "feature.possible_transitions": True}
#: The data's labels → the project's (MISC is not a project label: it is left out).
PROJECT_LABELS = {"PERS": "PER", "LOC": "LOC", "ORG": "ORG"}
#: At most this many tokens are tagged as one sentence (a text without punctuation, a 10 MB single
#: line, is cut every so many tokens: memory stays small). The longest sentence of the dev part has
#: 195 tokens, of the Jawhara FM articles 357.
MAX_SENTENCE = 1000
#: Tokens after which a sentence ends, when raw text is tagged (the Arabic question mark too).
_SENTENCE_END = frozenset(".!?" + chr(0x61F))
#: Proclitics that stay outside a span, as the annotation guidelines want (ال stays inside):
#: the one-letter conjunctions and prepositions of ``data/patterns/clitics.csv``.
_PROCLITICS = frozenset(p for p in proclitics() if len(p) == 1)


def split_dev(sentences: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """The project's fixed split: ``(train, dev)``, dev = the last tenth of the sentences
    (``len // 10``), train = the rest, both in file order.

    >>> train, dev = split_dev([[("a", "O")]] * 25)
    >>> len(train), len(dev)
    (23, 2)
    """
    n_dev = len(sentences) // 10
    return list(sentences[:len(sentences) - n_dev]), list(sentences[len(sentences) - n_dev:])


def train_model(sentences: Sequence[Sentence], path: str | os.PathLike = MODEL_PATH, *,
                params: dict | None = None, features: Features = sentence_features) -> float:
    """Train a CRF on ``(token, tag)`` sentences and write it to ``path`` atomically; returns the
    training time in seconds. Deterministic: the same sentences and parameters give the same model.
    ``features``: what the model sees of each token (default :func:`~.features.sentence_features`;
    a model trained with other features must be used with the same ones, see :func:`tag_tokens`).

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "tiny.crfsuite"
    >>> _ = train_model([[("زار", "O"), ("باكو", "B-LOC")]] * 3, out, params={"max_iterations": 5})
    >>> tag_tokens(["زار", "باكو"], out)
    ['O', 'B-LOC']
    """
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({**PARAMS, **(params or {})})
    for sentence in sentences:
        tokens = [t for t, _ in sentence]
        trainer.append(features(tokens), [g for _, g in sentence])
    with atomic_path(path) as tmp:
        trainer.train(str(tmp))
    _tagger.cache_clear()
    _scorer.cache_clear()
    return time.perf_counter() - started


@functools.lru_cache(maxsize=4)
def _tagger(path: str, mtime: float) -> pycrfsuite.Tagger:
    """The model at ``path`` opened once (per modification time)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def known_attributes(tagger: pycrfsuite.Tagger) -> frozenset[str]:
    """The attributes (features) the model has a weight for: those of its state features, read from
    crfsuite's dump of the model (what ``tagger.info()`` reads, without parsing the rest: a quarter
    of the time).

    >>> "stem=كرئيس" in known_attributes(load_model()), "w=كلمة-لا-توجد" in known_attributes(load_model())
    (True, False)
    """
    # lines like "  (0) w=باريس --> B-LOC: 1.234": the attribute sits between ") " and " --> "
    return frozenset(line.partition(") ")[2].rpartition(" --> ")[0]
                     for line in dump_section(tagger, "STATE_FEATURES"))


@functools.lru_cache(maxsize=4)
def _scorer(path: str, mtime: float) -> Scorer:
    """One :class:`~.scoring.Scorer` per model file (and modification time)."""
    return Scorer(path, _tagger(path, mtime))


def load_model(path: str | os.PathLike = MODEL_PATH) -> pycrfsuite.Tagger:
    """The CRF at ``path`` (default: the shipped model), read once from the repository (no
    download); a missing file raises ``FileNotFoundError`` naming it and ``make model``.

    >>> sorted(load_model().labels())
    ['B-LOC', 'B-MISC', 'B-ORG', 'B-PERS', 'I-LOC', 'I-MISC', 'I-ORG', 'I-PERS', 'O']
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"no model at {p}: train it with `make model`")
    return _tagger(str(p), p.stat().st_mtime)


def _tagging(model: str | os.PathLike | None, features: Features) -> Callable[[Sequence[Sequence[str]]], list[list[str]]]:
    """The function that tags sentences (lists of tokens) with the model at ``model`` seeing
    ``features``: for the project's :func:`~.features.sentence_features`, the fast
    :meth:`~.scoring.Scorer.tag_sentences` (each word type scored once, the same tags); for any
    other function, crfsuite given what it returns."""
    p = Path(model if model is not None else MODEL_PATH)
    tagger = load_model(p)
    if features is sentence_features:
        return _scorer(str(p), p.stat().st_mtime).tag_sentences
    return lambda sentences: [tagger.tag(features(s)) if s else [] for s in sentences]


def tag_tokens(tokens: Sequence[str], model: str | os.PathLike | None = None, *,
               features: Features = sentence_features) -> list[str]:
    """The BIO tags (``B-PERS``, ``I-LOC``, ``O`` …) of one sentence's tokens, by the model at
    ``model`` (default: the shipped one), which sees the ``features`` it was trained with
    (default :func:`~.features.sentence_features`; see :func:`train_model`).

    >>> tag_tokens(["وقال", "وزير", "الخارجية", "الروسي", "سيرغي", "لافروف"])
    ['O', 'O', 'O', 'O', 'B-PERS', 'I-PERS']
    """
    if not tokens:
        return []
    return _tagging(model, features)([tokens])[0]


def tag_sentences(sentences: Sequence[Sequence[str]], model: str | os.PathLike | None = None, *,
                  features: Features = sentence_features) -> list[list[str]]:
    """:func:`tag_tokens` of every sentence (lists of tokens).

    >>> tag_sentences([["باريس"], []])
    [['B-LOC'], []]
    """
    return _tagging(model, features)(sentences)


def _sentences(text: str) -> list[list[tuple[str, int, int]]]:
    """The tokens ``(token, start, end)`` of ``text`` (cleaning's :func:`tokenize`), cut into
    sentences after ``. ! ? ؟``, at line breaks and after :data:`MAX_SENTENCE` tokens.

    The token strings are cleaning's :func:`word_tokens` (the same tokens as :func:`tokenize`,
    without building its ``Token`` objects: a third of the time); each one's start is the next
    place it is found from the end of the one before (only spaces stand between two tokens, and a
    token never begins with one: that is where it starts).

    >>> [[t for t, _, _ in s] for s in _sentences("زار باكو. ثم عاد\\nأمس")]
    [['زار', 'باكو', '.'], ['ثم', 'عاد'], ['أمس']]
    >>> _sentences("عام 2016م")[0] == [tuple(t) for t in tokenize("عام 2016م")]
    True
    """
    find, end = text.find, 0
    tokens = []
    for word in word_tokens(text):
        start = find(word, end)
        end = start + len(word)
        tokens.append((word, start, end))
    cuts = {i + 1 for i, tok in enumerate(tokens) if tok[0] in _SENTENCE_END}
    starts = [tok[1] for tok in tokens]
    at = text.find("\n")
    while at >= 0:  # a line break between two tokens
        i = bisect.bisect_right(starts, at)
        if 0 < i < len(tokens) and tokens[i - 1][2] <= at:
            cuts.add(i)
        at = text.find("\n", at + 1)
    bounds = sorted(cuts | {0, len(tokens)})
    return [tokens[j:min(j + MAX_SENTENCE, b)] for a, b in zip(bounds, bounds[1:])
            for j in range(a, b, MAX_SENTENCE)]


@functools.lru_cache(maxsize=1 << 14)
def _clitic_length(token: str) -> int:
    """How many leading characters of a name's first token are proclitics (و ف ب ل ك): those
    cleaning's :func:`split_clitics` cuts off, unless what remains is a stopword (``كولن`` is a
    name, not ك + ولن).

    >>> _clitic_length("وبواشنطن"), _clitic_length("كولن"), _clitic_length("باريس")
    (2, 0, 0)
    """
    n = 0
    for piece in split_clitics(token)[:-1]:
        if match_key(piece) not in _PROCLITICS:
            break
        n += len(piece)
    return 0 if n and is_stopword(token[n:]) else n


def model_entities(text: str, model: str | os.PathLike | None = None, *,
                   features: Features = sentence_features) -> pd.DataFrame:
    """The people, places and organisations the model finds in a raw text: a frame of
    :data:`~helpers.annotating.SPAN_COLUMNS` with ``label`` PER/LOC/ORG (the data's PERS → PER;
    MISC left out), ``source`` ``"model"``, ``[start, end)`` offsets of ``text`` (whole words;
    the proclitics و ف ب ل ك of the first word left outside, as the guidelines want) and
    ``canonical`` the name without diacritics. ``features``: those the model was trained with
    (:func:`train_model`).

    >>> model_entities("وصل وزير الخارجية الروسي سيرغي لافروف إلى بيروت")[["text", "label"]].values.tolist()
    [['سيرغي لافروف', 'PER'], ['بيروت', 'LOC']]
    """
    return frame(column_arrays(model_columns(text, model, features=features)))


def model_columns(text: str, model: str | os.PathLike | None = None, *,
                  features: Features = sentence_features) -> dict[str, list]:
    """:func:`model_entities` as one list per column of :data:`~helpers.annotating.SPAN_COLUMNS`
    (the rows in text order; what the combination with the rules reads).

    >>> model_columns("زار ماكرون باريس")["text"]
    ['ماكرون', 'باريس']
    """
    sentences = _sentences(text)
    tagged = _tagging(model, features)([[t for t, _, _ in s] for s in sentences])
    return _span_columns(text, sentences, tagged)


def _span_columns(text: str, sentences: list[list[tuple[str, int, int]]],
                  tagged: list[list[str]]) -> dict[str, list]:
    """The PER/LOC/ORG spans of ``text`` that the BIO tags ``tagged`` of its ``sentences`` (from
    :func:`_sentences`) give, as :func:`model_columns` returns them."""
    starts: list[int] = []
    ends: list[int] = []
    labels: list[str] = []
    for sentence, tags in zip(sentences, tagged):
        if tags.count("O") == len(tags):  # no name (43% of the sentences of Jawhara FM news): nothing to read
            continue
        for a, b, label in bio_entities(tags):
            if label not in PROJECT_LABELS:
                continue
            start = sentence[a][1] + _clitic_length(sentence[a][0])
            end = sentence[b - 1][2]
            if start < end:
                starts.append(start)
                ends.append(end)
                labels.append(PROJECT_LABELS[label])
    texts = [text[a:b] for a, b in zip(starts, ends)]
    nothing = [None] * len(starts)
    return {"start": starts, "end": ends, "label": labels, "text": texts,
            "canonical": [display_form(t) for t in texts], "source": ["model"] * len(starts),
            "speaker": nothing, "value": nothing, "unit": nothing}


#: What :func:`model_columns_marginals` gives for each token asked about: ``(start, end, probs)``,
#: the token's raw offsets and the model's marginal probability of every tag there.
TokenMarginals = tuple[int, int, dict[str, float]]


def model_columns_marginals(text: str, under: bytes | bytearray,
                            model: str | os.PathLike | None = None) -> tuple[dict[str, list], list[TokenMarginals]]:
    """:func:`model_columns` of ``text`` (the same columns, from the same single tagging), and for
    every token that shares a character with a ``1`` of ``under`` (a mask of the raw text: byte
    ``i`` for character ``i``) its marginal probabilities: ``(start, end, {tag: p})``, in text
    order, every tag of the model (``O``, ``B-PERS`` …; they sum to 1). Only those tokens' marginals
    are computed (crfsuite's ``Tagger.marginal`` after ``tag``): how sure the model is of what it
    says where another recognizer found something. The project's features only.

    >>> text = "قال الرئيس ماكرون في باريس"
    >>> columns, probs = model_columns_marginals(text, bytes(11) + b"\\x01" * 6 + bytes(9))
    >>> columns == model_columns(text), [(a, b, round(p["B-PERS"], 2)) for a, b, p in probs]
    (True, [(11, 17, 1.0)])
    """
    path = Path(model if model is not None else MODEL_PATH)
    load_model(path)  # opened and checked once per process
    scorer = _scorer(str(path), path.stat().st_mtime)
    tagger = scorer.tagger  # the score model: the model's tags and transitions, the same marginals
    labels = tagger.labels()
    sentences = _sentences(text)
    tagged: list[list[str]] = []
    probs: list[TokenMarginals] = []
    # the whole text scored at once; each sentence's tags leave it set in the tagger, for its marginals
    for sentence, tags in zip(sentences, scorer.tagged([[t for t, _, _ in s] for s in sentences])):
        tagged.append(tags)
        if under.find(1, sentence[0][1], sentence[-1][2]) < 0:
            continue  # no token of this sentence asked about
        for t, (_, a, b) in enumerate(sentence):
            if under.find(1, a, b) >= 0:
                probs.append((a, b, {y: tagger.marginal(y, t) for y in labels}))
    return _span_columns(text, sentences, tagged), probs
