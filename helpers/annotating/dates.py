"""The step that finds dates: day–month–year, weekdays, relative dates (``الشهر الماضي``) and years."""
from __future__ import annotations

import bisect

import re
from typing import TYPE_CHECKING

from .patterns import DATE_MODIFIERS, DAY_MODIFIERS, RELATIVE_DATE_WORDS
from .quantities import approx_before, quantity_follows
from .scanner import strip_clitic

if TYPE_CHECKING:
    from .annotator import Entry
    from .doc import Doc

# The look-behind "not after a digit or separator" sits *after* the first digit, so the regex
# engine scans for a digit first (4x faster than trying a look-behind at every position).
YEAR_RE = re.compile(r"((?:1(?<![\d.,٫٬]1)[5-9]|2(?<![\d.,٫٬]2)[01])\d\d)(?![\d%٪]|[.,٫٬]\d)")  # 1500–2199
_YEAR_AFTER_RE = re.compile(r"\s*,?\s*(\d{4})(?!\d)")
_DAY_BEFORE_RE = re.compile(r"(?<![\d.,])(\d{1,2})\s*$")  # searched in the 6 characters before a month
_WORD_BEFORE_RE = re.compile(r"(\S+)\s+$")


def dates(doc: Doc) -> None:
    """Step: DATE spans: ``10 مارس 2025`` (value ``2025-03-10``), ``الاثنين``, ``الشهر الماضي``,
    ``اليوم``, and a year alone (``2025``).

    Reads the ``date`` hits (month and weekday names of the lexicon, relative date words),
    the annotator's month numbers and weekdays, and ``doc.approx_end`` (``نحو 2000`` is a
    quantity, not a year). Leaves DATE spans (``doc.date_spans``), which :func:`quantities`
    reads so that a date's digits are no quantity.
    """
    months, weekdays = doc.ann.months, doc.ann.weekdays
    taken = _DateStarts(doc)
    for h_start, h_end, entry in doc.hit_groups["date"]:
        key = entry.key
        if entry.label == "DATE" and key in months:
            _month_date(doc, h_start, h_end, months[key], taken)
        elif entry.label == "DATE" and key in weekdays:
            _weekday(doc, h_start, h_end)
        elif entry.label == "@RELDATE":
            _relative(doc, h_start, h_end, entry)
    _years(doc)


class _DateStarts:
    """The starts of ``doc.date_spans`` in order, with their ends, brought up to date when asked
    (this step only appends to them), so that a month name finds the dates that start in the 40
    characters before it by bisection, not by looking at every date of a long text.

    >>> from types import SimpleNamespace
    >>> doc = SimpleNamespace(date_spans=[{"start": 3, "end": 12}])
    >>> taken = _DateStarts(doc)
    >>> taken.covers(0, 10), taken.covers(0, 12), taken.covers(4, 10)
    (True, False, False)
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.fed = 0
        self.starts: list[int] = []  # sorted
        self.ends: list[int] = []  # the end of each of ``starts``' spans

    def covers(self, lo: int, start: int) -> bool:
        """Is there a DATE span that starts in ``[lo, start]`` and ends after ``start``?"""
        spans, starts, ends = self.doc.date_spans, self.starts, self.ends
        for sp in spans[self.fed:]:
            k = bisect.bisect_right(starts, sp["start"])
            starts.insert(k, sp["start"])
            ends.insert(k, sp["end"])
        self.fed = len(spans)
        k = bisect.bisect_left(starts, lo)
        while k < len(starts) and starts[k] <= start:
            if ends[k] > start:
                return True
            k += 1
        return False


def _month_date(doc: Doc, start: int, end: int, month: int, taken: _DateStarts) -> None:
    """A month name with a day before it, a year after it, a modifier (``مارس الماضي``) or its
    pair (``أكتوبر/ تشرين الأول``); the weekday before the day joins it."""
    norm, months, weekdays = doc.norm, doc.ann.months, doc.ann.weekdays
    # searched in the text itself (not a slice of it), so "not after a digit" sees what precedes
    day = _DAY_BEFORE_RE.search(norm, max(0, start - 6), start)
    if day:
        start = day.start(1)
    m2 = doc.ann.month_pair_regex.match(norm, end)
    pair = False
    if m2 and months.get(m2.group(1)) == month:
        end, pair = m2.end(), True  # 'أكتوبر/ تشرين الأول', 'يناير كانون الثاني'
    lo = max(0, start - 40)
    if taken.covers(lo, start):
        return  # the second name of a pair already taken
    year = _YEAR_AFTER_RE.match(norm, end)
    y = None
    if year:
        end, y = year.end(), int(year.group(1))
    mod = None
    if not day and not year:
        i = doc.next_tok(end)
        if i is not None and doc.tokens[i][2] in DATE_MODIFIERS:
            end = doc.tokens[i][1]
            mod = True
    if not (day or year or mod or pair):
        return
    wd = _WORD_BEFORE_RE.search(norm[max(0, start - 12):start])
    if day and wd and strip_clitic(wd.group(1), weekdays) in weekdays:
        start -= len(wd.group(0))  # 'الاثنين 10 مارس 2025' is one date
        start += len(wd.group(1)) - len(strip_clitic(wd.group(1), weekdays))
    d = int(day.group(1)) if day else None
    value = None
    if y and d and 1 <= d <= 31:
        value = f"{y:04d}-{month:02d}-{d:02d}"
    elif y:
        value = f"{y:04d}-{month:02d}"
    doc.add(start, end, "DATE", None, "pattern:date", value=value)


def _weekday(doc: Doc, start: int, end: int) -> None:
    """A weekday (``الاثنين``, ``الاثنين المقبل``), unless a day and month follow (taken with them)."""
    if doc.ann.day_month_regex.match(doc.norm, end):
        return
    i = doc.next_tok(end)
    if i is not None and doc.tokens[i][2] in DATE_MODIFIERS:
        end = doc.tokens[i][1]
    doc.add(start, end, "DATE", None, "pattern:weekday")


def _describes_the_day(word: str) -> bool:
    """Whether ``word`` (normalized) after ``اليوم`` makes it "the day …" rather than "today".

    An adjective of ``يوم`` agrees with it (masculine, singular): a listed ordinal or the like, or
    a nisba adjective in ال…ي; a weekday, ``إلى`` or a noun (the subject or object after "today")
    leaves "today".

    >>> [_describes_the_day(w) for w in ("الاول", "العالمي", "الجوي", "الاحد", "الي", "التي", "الدفعة")]
    [True, True, True, False, False, False, False]
    """
    return word in DAY_MODIFIERS or (len(word) > 4 and word.startswith("ال") and word.endswith("ي"))


def _relative(doc: Doc, start: int, end: int, entry: Entry) -> None:
    """``اليوم``, ``أمس`` …, or ``العام`` / ``الشهر`` … with a modifier (``الشهر الماضي``)."""
    i = doc.next_tok(end)
    if entry.key in RELATIVE_DATE_WORDS:
        if entry.key == "اليوم" and i is not None and _describes_the_day(doc.tokens[i][2]):
            return  # 'اليوم الأول من المعرض' is a day, not 'today'
        doc.add(start, end, "DATE", None, "pattern:relative")
    elif i is not None and doc.tokens[i][2] in DATE_MODIFIERS:
        doc.add(start, doc.tokens[i][1], "DATE", None, "pattern:relative")


def _years(doc: Doc) -> None:
    """A year alone (1500–2199) outside the dates found, unless a quantity reads it (``2000 دولار``)."""
    taken = doc.date_mask()
    for m in doc.digit_matches(YEAR_RE):
        if taken[m.start()] and taken[m.end() - 1]:
            continue
        if quantity_follows(doc, m.end()) or approx_before(doc, m.start()) is not None:
            continue
        doc.add(m.start(), m.end(), "DATE", None, "pattern:year", value=m.group(1))
