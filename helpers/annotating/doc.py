"""One document being annotated, and the ordered steps that annotate it (:data:`STEPS`).

A :class:`Doc` holds one article in the cleaning stage's normalized spelling, its tokens, the hits
of the annotator's automaton grouped by the steps that use them, and the spans found so far (it
is a :class:`~helpers.annotating.store.SpanStore`). Each step is a function ``step(doc)`` that
reads what earlier steps left in the document and adds spans; its docstring says what it finds,
what it reads and what it leaves. :meth:`Doc.run` runs :data:`STEPS` in order and returns the
final spans (:meth:`~helpers.annotating.store.SpanStore.resolved`).

Example:
    >>> from helpers.annotating import default_annotator
    >>> from helpers.cleaning import normalize_with_offsets
    >>> raw = "قال الوزير كمال زيدان إن زيدان زار باكو"
    >>> doc = Doc(default_annotator(), raw, *normalize_with_offsets(raw))
    >>> [(sp["label"], sp["canonical"], sp["source"]) for sp in doc.run()]  # doctest: +NORMALIZE_WHITESPACE
    [('LOC', 'باكو', 'manual:places'), ('PER', 'كمال زيدان', 'pattern:title'),
     ('PER', 'كمال زيدان', 'propagated')]
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..cleaning import to_raw_span
from .dates import dates
from .names import canonicalize, lexicon_names, propagate, speech_names, titles
from .organisations import abbreviations, dateline, organisations
from .places import places
from .quantities import approximators, quantities
from .quotes import quotes
from .scanner import scan
from .store import SpanStore
from .words import display_form

if TYPE_CHECKING:
    from .annotator import Annotator, Hit


class Doc(SpanStore):
    """The annotation of one text, in the normalized text's offsets; :meth:`run` returns span dicts.

    Besides the spans and their indexes (:class:`~helpers.annotating.store.SpanStore`):

    * ``ann``: the :class:`~helpers.annotating.annotator.Annotator` (lexicon, word tables);
    * ``raw``, ``norm``, ``offsets``: the raw text, its normalized form and the offsets between them;
    * ``tokens``: ``(start, end, token)`` of every token of ``norm``, ``tok_starts`` their starts;
      ``digits``: where decimal digits stand (``None`` beyond the BMP);
    * ``hit_groups``: the automaton's hits, grouped by the steps that look at them, each in text order;
    * ``approx_end``: end of an approximator (``أكثر من``) → its start; left by :func:`approximators`,
      read by :func:`dates` and :func:`quantities`;
    * ``titles``: a person's canonical name → the stems of the titles seen before it; left by
      :func:`titles` (through :meth:`add_title`), read by :func:`quotes` (``قال وزير الخارجية``
      names that person); ``title_index``: a stem → the names it was seen before, and
      ``title_rank``: a name → its place in ``titles`` (a role is matched against the names that
      share a stem with it only, not against every titled person of a long text);
    * ``country_counts``: how often each country is named (LOC canonical names), counted the first
      time :func:`quantities` needs it (``None`` before).
    """

    def __init__(self, ann: Annotator, raw: str, norm: str, offsets: Any):
        super().__init__()
        self.ann = ann
        self.raw = raw
        self.norm = norm
        self.offsets = offsets
        self.raw_starts, self.raw_ends = offsets.starts, offsets.ends
        marked, self.tok_starts, self.tokens, self.digits = scan(norm)
        self.hit_groups: dict[str, list[Hit]] = ann.hit_groups(marked)
        self.approx_end: dict[int, int] = {}
        self.titles: defaultdict[str, set[str]] = defaultdict(set)
        self.title_index: dict[str, list[str]] = {}
        self.title_rank: dict[str, int] = {}
        self.country_counts: Counter | None = None

    def run(self) -> list[dict]:
        """Run :data:`STEPS` in order; the spans that remain, longest first per label, never overlapping."""
        for step in STEPS:
            step(self)
        return self.resolved()

    # -- the text ------------------------------------------------------------------------------

    def raw_text(self, start: int, end: int) -> str:
        """The raw text of the normalized span [start, end) (what :func:`to_raw_span` maps it to)."""
        if start < end:  # to_raw_span without its checks: the span is inside the text
            return self.raw[int(self.raw_starts[start]):int(self.raw_ends[end - 1])]
        a, b = to_raw_span(self.offsets, start, end)
        return self.raw[a:b]

    def display(self, start: int, end: int) -> str:
        """The raw text of a normalized span without diacritics/tatweel (for ``canonical``)."""
        return display_form(self.raw_text(start, end))

    def digit_matches(self, rx: re.Pattern) -> Iterable[re.Match]:
        """``rx.finditer(norm)`` for a pattern that can only match from a decimal digit on: the
        same matches, looked for at the digits only instead of at every character."""
        if self.digits is None:
            return rx.finditer(self.norm)
        found = []
        match, norm, end = rx.match, self.norm, 0
        for p in self.digits:
            if p >= end:
                m = match(norm, p)
                if m:
                    found.append(m)
                    end = m.end()
        return found

    def add_title(self, canonical: str, stems: frozenset[str]) -> None:
        """Note that the person ``canonical`` was named after a title of ``stems`` (in ``titles``,
        ``title_index`` and ``title_rank``)."""
        known = self.titles.get(canonical)
        if known is None:
            known = self.titles[canonical] = set()
            self.title_rank[canonical] = len(self.title_rank)
        for s in stems - known:
            self.title_index.setdefault(s, []).append(canonical)
        known |= stems

    def date_mask(self) -> bytearray:
        """``mask[i]`` is 1 where character ``i`` of ``norm`` is inside a DATE span."""
        return self.label_mask("DATE", len(self.norm))

    # -- the tokens ----------------------------------------------------------------------------

    def tok_index(self, pos: int) -> int:
        """Index of the first token that starts at or after ``pos``."""
        return bisect.bisect_left(self.tok_starts, pos)

    def clean_gap(self, a: int, b: int) -> bool:
        """Only spaces (no line break, no punctuation) between ``a`` and ``b``."""
        return not self.norm[a:b].strip(" ")

    def next_tok(self, pos: int) -> int | None:
        """Token right after ``pos`` if only spaces separate them."""
        i = bisect.bisect_left(self.tok_starts, pos)
        if i < len(self.tok_starts) and not self.norm[pos:self.tok_starts[i]].strip(" "):
            return i
        return None

    def after(self, i: int) -> int | None:
        """The token right after token ``i`` if only spaces separate them (``next_tok`` of its end)."""
        j = i + 1
        tokens = self.tokens
        if j < len(tokens) and not self.norm[tokens[i][1]:tokens[j][0]].strip(" "):
            return j
        return None


#: The steps of :meth:`Doc.run`, in order: names of the lexicon first (every pattern must know
#: them), then the patterns for names, propagation of the names found, canonical names, and last
#: quotations (who speaks needs the names), dates and quantities (a year is not a quantity).
STEPS: tuple[Callable[[Doc], None], ...] = (
    lexicon_names, approximators, dateline, organisations, abbreviations, places, titles, speech_names,
    propagate, canonicalize, quotes, dates, quantities,
)
