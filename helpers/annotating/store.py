"""The span store of one document: the spans found so far and every index the steps look them up by.

A span is a dict with the keys of :data:`~helpers.annotating.columns.SPAN_COLUMNS` (offsets in
the *normalized* text, ``text`` filled in at the end). :meth:`SpanStore.add` and
:meth:`SpanStore.remove` keep every index in step with :attr:`SpanStore.spans`, so no step sees
a span that another step took away. :class:`Disjoint` is the one "never two overlapping spans"
helper (the final choice per label, the fast lexicon-only path, displaCy's flat view).

Example:
    >>> store = SpanStore()
    >>> sp = store.add(4, 8, "PER", "جدعون ساعر", "people.csv", from_lexicon=True)
    >>> store.covered_by(4, 8, ("PER",)), store.spans_at(4, ("PER",)) == [sp]
    (True, True)
    >>> store.remove(lambda sp: sp["label"] == "PER")
    >>> store.covered_by(4, 8, ("PER",)), store.spans, store.spans_at(4, ("PER",))
    (False, [], [])
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Container, Iterable
from typing import Any

from .columns import ENTITY_LABELS

#: Labels of the spans the steps look up where they start (names), and where they end (who speaks).
BY_START = frozenset(ENTITY_LABELS)
BY_END = frozenset(("PER", "ORG"))


class Disjoint:
    """Intervals ``[a, b)`` kept sorted and never overlapping.

    >>> kept = Disjoint()
    >>> kept.take(0, 5), kept.take(3, 8), kept.take(5, 8), kept.take(8, 8)
    (True, False, True, True)
    """

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def take(self, a: int, b: int) -> bool:
        """Keep ``[a, b)`` and say True, unless it overlaps an interval already kept (then False)."""
        starts = self.starts
        k = bisect.bisect_left(starts, a)
        if (k < len(starts) and starts[k] < b) or (k > 0 and self.ends[k - 1] > a):
            return False
        starts.insert(k, a)
        self.ends.insert(k, b)
        return True


class SpanStore:
    """The spans of one document, with the indexes kept in step by :meth:`add` and :meth:`remove`.

    Attributes (all read by the steps; only :meth:`add` and :meth:`remove` change them):

    * ``spans``: every span, in the order found;
    * ``lexicon_spans``: those that are names of the lexicon (``add(…, from_lexicon=True)``), in order;
    * ``pattern_spans``: those found by a pattern (source ``pattern:…``), in order (what
      propagation looks for again);
    * ``date_spans``: the DATE spans, in order;
    * ``by_start`` / ``by_end``: spans of :data:`BY_START` labels by start, of :data:`BY_END`
      labels by end (who a title names, who speaks before a verb);
    * ``cov_start`` / ``cov_end``: where the names of the *lexicon* start and end:
      start → ``[(end, label)]``, end → ``[(start, label)]`` (what a pattern must not cut into).
    """

    def __init__(self) -> None:
        self.spans: list[dict] = []
        self.lexicon_spans: list[dict] = []
        self.pattern_spans: list[dict] = []
        self.date_spans: list[dict] = []
        self.by_start: defaultdict[int, list[dict]] = defaultdict(list)
        self.by_end: defaultdict[int, list[dict]] = defaultdict(list)
        self.cov_start: dict[int, list[tuple[int, str]]] = {}
        self.cov_end: dict[int, list[tuple[int, str]]] = {}

    def add(self, start: int, end: int, label: str, canonical: str | None, source: str, *,
            speaker: str | None = None, value: Any = None, unit: str | None = None,
            from_lexicon: bool = False) -> dict:
        """Add a span and index it; returns the span dict. ``from_lexicon``: a name of the lexicon
        (indexed in ``cov_start``/``cov_end``, never a pattern span whatever its source)."""
        sp = {"start": start, "end": end, "label": label, "canonical": canonical, "source": source,
              "speaker": speaker, "value": value, "unit": unit}
        self.spans.append(sp)
        if from_lexicon:
            self.lexicon_spans.append(sp)
            self.cov_end.setdefault(end, []).append((start, label))
            self.cov_start.setdefault(start, []).append((end, label))
        elif source[:7] == "pattern":
            self.pattern_spans.append(sp)
        if label == "DATE":
            self.date_spans.append(sp)
        if label in BY_START:
            self.by_start[start].append(sp)
            if label in BY_END:
                self.by_end[end].append(sp)
        return sp

    def remove(self, drop: Callable[[dict], bool]) -> None:
        """Remove the spans for which ``drop(span)`` is true, from the spans and every index."""
        gone = [sp for sp in self.spans if drop(sp)]
        if not gone:
            return
        ids = {id(sp) for sp in gone}
        lexicon_ids = {id(sp) for sp in self.lexicon_spans}
        for name in ("spans", "lexicon_spans", "pattern_spans", "date_spans"):
            setattr(self, name, [sp for sp in getattr(self, name) if id(sp) not in ids])
        for sp in gone:
            s, e, lab = sp["start"], sp["end"], sp["label"]
            for index, pos in ((self.by_start, s), (self.by_end, e)):
                if index.get(pos):
                    index[pos] = [x for x in index[pos] if id(x) not in ids]
            if id(sp) in lexicon_ids:  # one entry per name of the lexicon
                self.cov_start[s].remove((e, lab))
                self.cov_end[e].remove((s, lab))

    def spans_at(self, start: int, labels: Container[str]) -> list[dict]:
        """The spans of ``labels`` (names: :data:`BY_START`) that start at ``start``."""
        return [sp for sp in self.by_start.get(start, ()) if sp["label"] in labels]

    def covered_by(self, start: int, end: int, labels: Iterable[str]) -> bool:
        """Is the token [start, end) part of a lexicon name (its last word, or its first word,
        also behind a clitic: ``وتركيا``)? Lexicon names sit on word boundaries, so two lookups do."""
        names = self.cov_end.get(end)
        if names:
            for s, lab in names:
                if s <= start + 2 and lab in labels:
                    return True
        cov_start = self.cov_start
        for p in (start, start + 1, start + 2):
            names = cov_start.get(p)
            if names:
                for e, lab in names:
                    if e >= end and lab in labels:
                        return True
        return False

    def known_end(self, start: int, end: int) -> int:
        """End of the lexicon name (LOC/ORG/PER) that the token [start, end) opens or belongs to."""
        best = end
        for p in (start, start + 1, start + 2):
            for e, lab in self.cov_start.get(p, ()):
                if e > best and lab != "FRAME":
                    best = e
        return best

    def label_mask(self, label: str, size: int) -> bytearray:
        """``mask[i]`` is 1 where character ``i`` (of a text of ``size`` characters) is inside a
        ``label`` span."""
        mask = bytearray(size + 1)
        for sp in (self.date_spans if label == "DATE" else [sp for sp in self.spans if sp["label"] == label]):
            mask[sp["start"]:sp["end"]] = b"\x01" * (sp["end"] - sp["start"])
        return mask

    def resolved(self) -> list[dict]:
        """Within one label the longest spans, never two that overlap (rule 6 of the guidelines).

        Lexicon spans win ties over pattern spans; identical spans are merged.
        """
        out: list[dict] = []
        by_label: dict[str, list[dict]] = defaultdict(list)
        for sp in self.spans:
            by_label[sp["label"]].append(sp)
        for group in by_label.values():
            group.sort(key=lambda sp: (sp["start"] - sp["end"], sp["source"][:7] == "pattern", sp["start"]))
            out += _disjoint(group)
        return out


def _disjoint(spans: list[dict]) -> list[dict]:
    """The spans (in the order given) that overlap none of those kept before them: what
    :meth:`Disjoint.take` keeps. Many non-empty spans (a long text) go through a mask of the
    characters taken (one look at each span's characters, where the sorted lists of
    :class:`Disjoint` shift their tail at each insertion: quadratic in a long text); a few spans
    (an article) through :class:`Disjoint`, faster there.

    >>> [(sp["start"], sp["end"]) for sp in _disjoint([{"start": 0, "end": 5}, {"start": 3, "end": 8},
    ...                                                {"start": 5, "end": 8}])]
    [(0, 5), (5, 8)]
    """
    if len(spans) < _MANY_SPANS or not all(sp["start"] < sp["end"] for sp in spans):
        take = Disjoint().take
        return [sp for sp in spans if take(sp["start"], sp["end"])]
    taken = bytearray(max((sp["end"] for sp in spans), default=0))
    kept = []
    for sp in spans:
        a, b = sp["start"], sp["end"]
        if taken.find(1, a, b) < 0:
            taken[a:b] = _ONES[:b - a] if b - a <= len(_ONES) else b"\x01" * (b - a)
            kept.append(sp)
    return kept


_ONES = b"\x01" * 4096
_MANY_SPANS = 512
