"""Tagging fast with a model of :func:`~.features.sentence_features`: each word type scored once.

A linear-chain CRF scores a token for every tag by adding up the weights of its features (its own
and those its neighbours lend it), then finds the best tag sequence of the sentence (Viterbi).
Handing crfsuite some thirty feature strings per token made it spend most of its time converting
and looking up strings; here the model's weights are read once from its file
(:func:`model_weights`) and:

* a word *type*'s own features become one row of scores, the sum of their weights in their order
  (crfsuite adds a token's weights one feature after the other, starting from zero: the sum of
  the first features is a prefix of its sum, the same doubles), computed once per type;
* the features a type lends its neighbours stay separate weight rows, added one after the other
  in crfsuite's order (own, then the tokens two and one places before, one and two places after,
  the word pair or ``BOS``, ``EOS``), for all the tokens of a text at once (numpy); a feature the
  model does not know adds a row of zeros (``x + 0.0 == x``: nothing);
* crfsuite's own Viterbi then runs on these scores, through a *score model*
  (:func:`score_model`): one attribute per tag whose only weight is 1.0 for that tag, and the
  model's transition weights, its tags in the same order (ties are broken as before). A token is
  given its scores as the values of those attributes: crfsuite adds ``1.0 * score`` to zero, the
  same double.

The tags are those of ``tagger.tag(sentence_features(tokens))``, bit for bit the same scores
(``tests/test_annotating_learned.py`` checks it on the dev part, the benchmark on real news).

Example:
    >>> from helpers.annotating.learned.model import MODEL_PATH, load_model
    >>> Scorer(MODEL_PATH, load_model()).tag_sentences([["قال", "الرئيس", "ماكرون"], ["باريس"]])
    [['O', 'O', 'B-PERS'], ['B-LOC']]
"""
from __future__ import annotations

import os
import struct
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pycrfsuite

from .features import CONTEXT_PREFIXES, WINDOW, word_features

assert WINDOW == 2, "Scorer adds the features of two tokens on each side"

#: crfsuite's model file header (``crf1d_model.c``): magic, size, type, version, the numbers of
#: features, labels and attributes, then the offsets of the features, labels, attributes,
#: label references and attribute references; little-endian.
_HEADER = struct.Struct("<4sI4sIIIIIIIII")
#: A feature of crfsuite's model file: type (0 state, 1 transition), source (attribute or
#: label), destination label, weight (a double).
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
#: The offsets of the neighbours whose lent features a token gets, in crfsuite's order, and the
#: slot of :func:`~.features.parts_of`'s context that each one lends (the token two places
#: before lends its ``-2:`` list, the last slot).
_OFFSETS, _SLOTS = np.array([-2, -1, 1, 2]), np.array([3, 2, 1, 0])


def dump_section(tagger: pycrfsuite.Tagger, name: str) -> list[str]:
    """The lines of one section (``ATTRIBUTES``, ``STATE_FEATURES`` …) of crfsuite's text dump."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.txt")
        tagger.dump(path)
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    start = text.index(f"{name} = {{\n") + len(name) + 5
    end = text.index("\n}", start - 1)
    return text[start:end].split("\n") if end > start else []


def model_weights(path: str | os.PathLike, tagger: pycrfsuite.Tagger) -> tuple[list[str], dict[str, int], np.ndarray, np.ndarray]:
    """The weights of the crfsuite model at ``path`` (opened as ``tagger``), read from its file:
    ``(labels, rows, state, trans)``: the labels in crfsuite's order, each attribute → its row of
    ``state`` (row 0: zeros, for what the model does not know), ``state[row, label]`` the weights
    of the state features, ``trans[from, to]`` those of the transitions (0 where there is none).

    >>> from helpers.annotating.learned.model import MODEL_PATH, load_model
    >>> labels, rows, state, trans = model_weights(MODEL_PATH, load_model())
    >>> labels[0], state.shape == (len(rows) + 1, len(labels)), trans.shape
    ('O', True, (9, 9))
    """
    data = Path(path).read_bytes()
    magic, _, kind, _, _, n_labels, n_attrs, off_features, *_ = _HEADER.unpack_from(data)
    chunk, _, n_features = struct.unpack_from("<4sII", data, off_features)
    if (magic, kind, chunk) != (b"lCRF", b"FOMC", b"FEAT"):
        raise ValueError(f"{path}: not a crfsuite CRF1d model")
    features = np.frombuffer(data, _FEATURE, n_features, off_features + 12)
    labels = tagger.labels()
    names = [line.partition(": ")[2] for line in dump_section(tagger, "ATTRIBUTES")]
    if len(labels) != n_labels or len(names) != n_attrs:
        raise ValueError(f"{path}: the dump does not match the file")
    state = np.zeros((n_attrs + 1, n_labels))
    on = features[features["type"] == 0]
    state[on["src"].astype(np.int64) + 1, on["dst"]] = on["weight"]
    trans = np.zeros((n_labels, n_labels))
    on = features[features["type"] == 1]
    trans[on["src"], on["dst"]] = on["weight"]
    return labels, {name: i + 1 for i, name in enumerate(names)}, state, trans


def score_model(labels: Sequence[str], trans: np.ndarray) -> bytes:
    """A crfsuite model (its bytes) of the tags ``labels`` (in this order) and the transition
    weights ``trans``, whose attributes ``"0"``, ``"1"`` … are the tags' scores: attribute ``k``
    has weight 1.0 for tag ``k`` and 0.0 for the others. Trained for its structure (every state
    and transition feature, the tags in order of appearance), then its weights written over.

    >>> m = score_model(["O", "B-LOC"], np.array([[0.5, -1.0], [0.0, -2.0]]))  # O → O: 0.5 …
    >>> t = pycrfsuite.Tagger(); _ = t.open_inmemory(m)
    >>> t.tag([{"0": 1.0, "1": 0.0}, {"0": 0.0, "1": 1.4}]), t.tag([{"0": 1.0, "1": 0.0}, {"0": 0.0, "1": 1.6}])
    (['O', 'O'], ['O', 'B-LOC'])
    """
    n = len(labels)
    if n < 2:  # one tag: its features' weights stay 0 in training, and crfsuite keeps none of weight 0
        raise ValueError(f"a score model needs two tags or more, not {n}: a model of one tag has no scores to add")
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({"c1": 0.0, "c2": 1.0, "max_iterations": 10, "feature.possible_states": True,
                        "feature.possible_transitions": True})
    trainer.append([{str(k): 1.0} for k in range(n)], list(labels))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "scores.crfsuite")
        trainer.train(path)
        data = bytearray(Path(path).read_bytes())
    off = _HEADER.unpack_from(data)[7]
    count = struct.unpack_from("<4sII", data, off)[2]
    features = np.frombuffer(data, _FEATURE, count, off + 12).copy()
    if count != 2 * n * n:
        raise ValueError(f"the score model has {count} features, not {2 * n * n}")
    src, dst = features["src"].astype(np.int64), features["dst"].astype(np.int64)
    # attribute k is "k" (attributes are numbered in order of appearance, as the labels are)
    features["weight"] = np.where(features["type"] == 0, (src == dst).astype(float), trans[src % n, dst])
    data[off + 12:off + 12 + features.nbytes] = features.tobytes()
    return bytes(data)


class Scorer:
    """Tags sentences with the model of one file (see the module docstring), built once per file."""

    #: how many word types' scores are kept (then the cache starts again)
    MAX_TYPES = 1 << 16

    def __init__(self, path: str | os.PathLike, tagger: pycrfsuite.Tagger):
        self.labels, self.rows, self.state, trans = model_weights(path, tagger)
        # crfsuite reads the model in place: keep it alive; a model of one tag tags every token
        # with it whatever it is given: its own file does it (and gives that tag's marginal, 1.0)
        self._model = score_model(self.labels, trans) if len(self.labels) > 1 else Path(path).read_bytes()
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open_inmemory(self._model)
        self.keys = tuple(str(k) for k in range(len(self.labels)))
        self.edges = (self.rows.get("BOS", 0), self.rows.get("EOS", 0))
        self.followers = _pairs(self.rows)
        self.lending = _lending(self.rows)
        self._reset()

    def _reset(self) -> None:
        """Forget every word type (type 0 stands for no token: the neighbour past a sentence's edge)."""
        self.index: dict[str, int] = {}
        self.words: list[str] = [""]  # a type's matching key
        self.next: list[dict[str, int]] = [{}]  # a type's key → the word pairs it starts: next key → row
        self.own = np.zeros((1024, len(self.labels)))  # a type's own features: their sum
        self.lent = np.zeros((1024, 4, 0), dtype=np.int32)  # rows of the features lent, by slot (widened as needed)
        self.n_lent = np.zeros((1024, 4), dtype=np.int32)
        self.pending: list[tuple[list[int], list[tuple[int, int, int, int]]]] = []

    def _add(self, token: str) -> int:
        """Take in the word type ``token`` (its features built here, not through the caches of
        :mod:`.features`): the rows of its own features and of those it lends, scored by :meth:`_flush`."""
        own = word_features.__wrapped__(token)
        rows, lending = self.rows, self.lending
        self.pending.append(([r for r in map(rows.get, own) if r], [lending[f] for f in own if f in lending]))
        i = len(self.words)
        key = own[1][2:]  # "w=<key>": its matching key (what parts_of takes)
        self.words.append(key)
        self.next.append(self.followers.get(key, {}))
        self.index[token] = i
        return i

    def _flush(self) -> None:
        """Score the word types taken in since the last call, all at once: the sum of each one's own
        features (from zero, one after the other: crfsuite's additions) and the rows it lends."""
        pending, self.pending = self.pending, []
        m, end = len(pending), len(self.words)
        while end > len(self.own):
            self.own = np.concatenate([self.own, np.zeros_like(self.own)])
            self.lent = np.concatenate([self.lent, np.zeros_like(self.lent)])
            self.n_lent = np.concatenate([self.n_lent, np.zeros_like(self.n_lent)])
        k = max(len(own) for own, _ in pending)
        sums = np.zeros((m, len(self.labels)))
        # (typed: when no type has a feature the model knows, the array is empty, not float)
        for weights in self.state[np.array([own + [0] * (k - len(own)) for own, _ in pending], dtype=np.int64).T]:
            sums += weights
        self.own[end - m:end] = sums
        slots = [[[r for r in column if r] for column in zip(*lent)] if lent else [[]] * 4 for _, lent in pending]
        counts = np.array([[len(c) for c in four] for four in slots])
        k = int(counts.max())
        if k > self.lent.shape[2]:
            self.lent = np.pad(self.lent, ((0, 0), (0, 0), (0, k - self.lent.shape[2])))
        padded = [r for four in slots for c in four for r in (*c, *[0] * (k - len(c)))]
        self.lent[end - m:end, :, :k] = np.array(padded, dtype=np.int32).reshape(m, 4, k)
        self.n_lent[end - m:end] = counts

    def scores(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """The state scores of every token of ``sentences`` (one row per token, in order; one
        column per label): crfsuite's sums of the weights of the token's features."""
        if len(self.index) > self.MAX_TYPES:
            self._reset()
        get, add, words, nexts = self.index.get, self._add, self.words, self.next
        flat = [0, 0]  # type ids, two 0s around every sentence: its neighbours past the edges
        edge = []  # the word pair's row (BOS for a sentence's first token), token by token
        bos, eos = self.edges
        for tokens in sentences:
            ids = [get(t) or add(t) for t in tokens]
            flat += ids
            flat += (0, 0)
            edge.append(bos)
            edge += [nexts[a].get(words[b], 0) for a, b in zip(ids, ids[1:])]
        if self.pending:
            self._flush()
        types = np.array(flat)
        real = np.flatnonzero(types)
        acc = self.own[types[real]]
        them = types[real[:, None] + _OFFSETS]  # each token's neighbours (0 past the edges)
        k = int(self.n_lent[them, _SLOTS].max()) if len(real) else 0
        if k:  # the rows of the features lent, neighbour after neighbour (row 0: none)
            lent = self.lent[them, _SLOTS, :k].reshape(len(real), -1)
            for weights in self.state[lent.T]:
                acc += weights  # one feature after the other: crfsuite's order of additions
        acc += self.state[edge]
        last = np.flatnonzero(types[real + 1] == 0)  # a sentence's last token
        acc[last] += self.state[eos]
        return acc

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """The tags of every sentence (lists of tokens; an empty one gets ``[]``)."""
        return list(self.tagged(sentences))

    def tagged(self, sentences: Sequence[Sequence[str]]) -> Iterator[list[str]]:
        """The tags of each sentence in turn (an empty one gets ``[]``), the sentences scored
        together (:meth:`scores`: one pass of numpy for an article, not one per sentence; a long
        text in pieces of about :data:`BATCH` tokens, so that its arrays stay small). Right after a
        non-empty sentence's tags are given, :attr:`tagger` holds that sentence: its marginals can be
        read (``tagger.marginal(tag, t)``) before the next one is asked for."""
        keys, tag = self.keys, self.tagger.tag
        for batch in _batches(sentences, BATCH):
            full = [s for s in batch if s]
            rows = self.scores(full).tolist() if full else []
            at = 0
            for s in batch:
                n = len(s)
                yield tag([dict(zip(keys, r)) for r in rows[at:at + n]]) if n else []
                at += n

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """The tags of one sentence's tokens."""
        return self.tag_sentences([tokens])[0]


#: About how many tokens :meth:`Scorer.tagged` scores at once (an article has a few hundred): the
#: arrays of :meth:`Scorer.scores` take some 600 bytes a token, so a 10 MB text is scored in pieces.
BATCH = 8192


def _batches(sentences: Sequence[Sequence[str]], size: int) -> Iterator[Sequence[Sequence[str]]]:
    """``sentences`` in consecutive groups of at most ``size`` tokens (a longer sentence alone).

    >>> [len(b) for b in _batches([["a"] * 3, ["b"] * 2, ["c"] * 4, []], 5)]
    [2, 2]
    """
    start, count = 0, 0
    for i, s in enumerate(sentences):
        if count and count + len(s) > size:
            yield sentences[start:i]
            start, count = i, 0
        count += len(s)
    if start < len(sentences):
        yield sentences[start:]


def _lending(rows: dict[str, int]) -> dict[str, tuple[int, int, int, int]]:
    """The features a token lends its neighbours (:data:`~.features.CONTEXT_PREFIXES`) that the
    model knows for some neighbour: feature → its rows as the neighbour two places after, one
    after, one before and two before sees it (``+2:…``, ``+1:…``, ``-1:…``, ``-2:…``; the slots of
    :func:`~.features.parts_of`), 0 where the model does not know it.

    >>> _lending({"-1:w=قال": 4, "+2:w=قال": 9, "-1:p2=قا": 5})
    {'w=قال': (9, 0, 4, 0)}
    """
    slot = {f"{-d:+d}:": k for k, d in enumerate((-2, -1, 1, 2))}
    out: dict[str, list[int]] = {}
    for name, row in rows.items():
        k = slot.get(name[:3])
        if k is not None and name[3:].startswith(CONTEXT_PREFIXES):
            out.setdefault(name[3:], [0, 0, 0, 0])[k] = row
    return {f: tuple(four) for f, four in out.items()}


def _pairs(rows: dict[str, int]) -> dict[str, dict[str, int]]:
    """The word pairs the model knows (attributes ``w-1|w=<key>|<key>``, see
    :func:`~.features.sentence_features`), as first key → second key → row. A pair whose keys
    could be cut in two places (a key holding ``|``) is filed under both: the string is the same.

    >>> _pairs({"w-1|w=قال|الرئيس": 7, "bias": 1})
    {'قال': {'الرئيس': 7}}
    """
    out: dict[str, dict[str, int]] = {}
    for name, row in rows.items():
        if name.startswith("w-1|w="):
            both = name[6:]
            for cut in (i for i, ch in enumerate(both) if ch == "|"):
                out.setdefault(both[:cut], {})[both[cut + 1:]] = row
    return out
