"""The model's veto: a name the rules only guessed from a pattern is dropped where the model is sure it is none.

The rules' patterns guess names from their surroundings: a word after a title or a reporting
verb is taken for a person (``قال مصدر`` …), a word after an organisation head for the rest of
an organisation's name. In ``annotate(text, recognizer="combined")`` (:mod:`.combine`) the model
looks at the tokens of those guesses, and :func:`vetoes` says which to drop:

* a name of a pattern (source ``pattern:…``; never a name of the lexicon, a quotation, a date or
  a quantity) whose label is in :data:`VETO_LABELS` (people) is dropped when the model gives
  every one of its tokens the tag ``O`` with a probability (crfsuite's marginal) of at least
  :data:`O_VETO` (0.8);
* if :data:`OTHER_LABEL_VETO` is set, a name of a pattern is also dropped where the model found a
  name of *another* label over it with at least that probability on every token they share (the
  model's name then takes its place).

The veto runs before the rules' propagation, so a dropped name's later mentions are not looked
for; a dropped person is no longer one a title named (quotations do not name it as a speaker).

Example:
    >>> o = {"O": 0.97, "B-PERS": 0.02, "I-PERS": 0.01}
    >>> per = {"O": 0.05, "B-PERS": 0.9, "I-PERS": 0.05}
    >>> names = [(4, 8, "PER"), (20, 26, "PER")]       # 'قال مصدر …', '… الرئيس ماكرون'
    >>> vetoes(names, [(4, 8, o), (20, 26, per)], [(20, 26, "PER")], o_min=0.9, labels=("PER",))
    [True, False]
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..columns import ENTITY_LABELS
from .model import TokenMarginals

if TYPE_CHECKING:
    from ..doc import Doc

#: A pattern's name is dropped when the model gives ``O`` at least this probability on each of its
#: tokens (``None``: never). Chosen on the dev part of ANERcorp: micro F1 (LOC, ORG, PERS, exact) of
#: ``"combined"`` 0.616 without the veto, 0.631 / 0.633 / 0.633 / 0.633 / 0.631 at 0.6 / 0.7 / 0.75 /
#: 0.8 / 0.85; at 0.7 the unseen passages lose a person (recall 0.945 instead of 0.959).
O_VETO: float | None = 0.8
#: The labels whose pattern names the model may veto that way: people only. Vetoing organisations
#: scores better on ANERcorp (0.660 with people) but drops the guidelines' ``وزارة الخارجية``,
#: ``الجيش الإسرائيلي`` … (ANERcorp tags few of them): seeds' recall 0.942, unseen passages' 0.890.
VETO_LABELS: tuple[str, ...] = ("PER",)
#: A pattern's name is dropped when a model's name of another label overlaps it with at least this
#: probability (its label's B- and I- tags) on every token they share (``None``: never). Measured,
#: not kept: +0.005 on the dev part alone, +0.004 with the people's veto, and the seeds and the
#: unseen passages each lose an organisation (recall 0.981 and 0.945).
OTHER_LABEL_VETO: float | None = None
#: The project's labels → the model's tags' (PER is the data's PERS).
_TAG_LABELS = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG"}


def vetoes(names: Sequence[tuple[int, int, str]], probs: Sequence[TokenMarginals],
           model_names: Sequence[tuple[int, int, str]] = (), *, o_min: float | None = None,
           labels: Sequence[str] = ENTITY_LABELS, other_min: float | None = None) -> list[bool]:
    """For each name ``(start, end, label)`` of a pattern: is it vetoed? ``probs``: the model's
    marginals ``(start, end, {tag: p})`` of the tokens under the names, in text order
    (:func:`~.model.model_columns_marginals`); ``model_names``: the model's own names
    ``(start, end, label)``; all in the same offsets. ``o_min``: drop a name of ``labels`` whose
    tokens all have ``O`` at least that probable; ``other_min``: drop a name overlapped by a model's
    name of another label at least that probable on each shared token (``None``: no such veto).

    >>> loc = {"O": 0.01, "B-LOC": 0.98, "I-LOC": 0.01}
    >>> vetoes([(0, 5, "PER")], [(0, 5, loc)], [(0, 5, "LOC")], other_min=0.9), vetoes([(0, 5, "PER")], [(0, 5, loc)])
    ([True], [False])
    """
    starts = [a for a, _, _ in probs]
    out = []
    for start, end, label in names:
        k = bisect.bisect_left(starts, start)
        while k and probs[k - 1][1] > start:  # a token that begins before the name and reaches into it
            k -= 1
        under = []
        while k < len(probs) and probs[k][0] < end:
            under.append(probs[k])
            k += 1
        drop = bool(under) and o_min is not None and label in labels and \
            all(p.get("O", 0.0) >= o_min for _, _, p in under)
        if not drop and other_min is not None and under:
            drop = any(_sure_of(other, a, b, under, other_min)
                       for a, b, other in model_names if other != label and a < end and start < b)
        out.append(drop)
    return out


def _sure_of(label: str, start: int, end: int, under: Sequence[TokenMarginals], least: float) -> bool:
    """Does the model give ``label`` (B- or I-) at least ``least`` on each token of ``under``
    inside ``[start, end)``?"""
    tag = _TAG_LABELS[label]
    shared = [p for a, b, p in under if a < end and start < b]
    return bool(shared) and all(p.get("B-" + tag, 0.0) + p.get("I-" + tag, 0.0) >= least for p in shared)


def pattern_mask(doc: Doc) -> bytearray:
    """A mask of the raw text: 1 under the names the rules' patterns found so far that :func:`veto`
    may drop (of :data:`VETO_LABELS`, or of every label with :data:`OTHER_LABEL_VETO`): the tokens
    whose marginals it needs (none: no marginal is computed)."""
    mask = bytearray(len(doc.raw) + 1)
    if O_VETO is None and OTHER_LABEL_VETO is None:
        return mask
    for a, b, label in _raw_names(doc):
        if label in VETO_LABELS or OTHER_LABEL_VETO is not None:
            mask[a:b] = b"\x01" * (b - a)
    return mask


def _raw_names(doc: Doc) -> list[tuple[int, int, str]]:
    """The pattern names of ``doc`` (PER, LOC, ORG) in raw offsets, in the order of ``doc.pattern_spans``."""
    return [(int(doc.raw_starts[sp["start"]]), int(doc.raw_ends[sp["end"] - 1]), sp["label"])
            for sp in _pattern_names(doc)]


def _pattern_names(doc: Doc) -> list[dict]:
    """The PER, LOC and ORG spans of ``doc`` that patterns found (``doc.pattern_spans``), in order."""
    return [sp for sp in doc.pattern_spans if sp["label"] in ENTITY_LABELS and sp["start"] < sp["end"]]


def veto(doc: Doc, probs: Sequence[TokenMarginals], columns: dict[str, list]) -> None:
    """Drop from ``doc`` the pattern names :func:`vetoes` vetoes (with :data:`O_VETO`,
    :data:`VETO_LABELS`, :data:`OTHER_LABEL_VETO`), given the model's marginals ``probs`` and its
    names ``columns`` (raw offsets, :func:`~.model.model_columns_marginals`); a person no
    name stands for any more is forgotten by the titles (``doc.titles``).

    >>> from helpers.annotating import default_annotator
    >>> from helpers.annotating.doc import STEPS, Doc
    >>> from helpers.annotating.names import propagate
    >>> from helpers.cleaning import normalize_with_offsets
    >>> from .model import model_columns_marginals
    >>> raw = "وقال قائد الشرطة إن الوضع هادئ"                  # 'the police chief said'
    >>> doc = Doc(default_annotator(), raw, *normalize_with_offsets(raw))
    >>> for step in STEPS[:STEPS.index(propagate)]:            # the rules' steps before propagation
    ...     step(doc)
    >>> [(sp["canonical"], sp["source"]) for sp in doc.spans if sp["label"] == "PER"]
    [('قائد', 'pattern:speech')]
    >>> columns, probs = model_columns_marginals(raw, pattern_mask(doc))
    >>> [(raw[a:b], round(p["O"], 3)) for a, b, p in probs]
    [('قائد', 0.999)]
    >>> veto(doc, probs, columns)
    >>> [sp for sp in doc.spans if sp["label"] == "PER"]
    []
    """
    if O_VETO is None and OTHER_LABEL_VETO is None:
        return
    spans = _pattern_names(doc)
    model_names = list(zip(columns["start"], columns["end"], columns["label"]))
    drop = vetoes(_raw_names(doc), probs, model_names, o_min=O_VETO, labels=VETO_LABELS, other_min=OTHER_LABEL_VETO)
    gone = [sp for sp, d in zip(spans, drop) if d]
    if not gone:
        return
    ids = {id(sp) for sp in gone}
    doc.remove(lambda sp: id(sp) in ids)
    people = {sp["canonical"] for sp in doc.spans if sp["label"] == "PER"}
    for canon in {sp["canonical"] for sp in gone if sp["label"] == "PER"} - people:
        for s in doc.titles.pop(canon, ()):
            doc.title_index[s].remove(canon)
