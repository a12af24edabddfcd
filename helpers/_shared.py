"""Shared internals that any stage may import (not a stage, not public API).

Everything here is small and imports no stage, so loading, cleaning, annotating, plotting,
comparing and scaling can all use it without breaking the one-way flow of data. Word lists and
patterns live in data files under ``data/patterns/`` (one list per file, a header of ``#``
lines saying what it is and where it comes from); :func:`word_list` and :func:`word_table` read
them once.

>>> word_table("reporting_verbs")[0]["form"], "بحسب" in {r["form"] for r in word_table("reporting_verbs")}
('قال', True)
"""
from __future__ import annotations

import contextlib
import csv
import functools
import gc
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Word lists and patterns of the rules (not names: names are in ``data/lexicons``).
PATTERNS_DIR = ROOT / "data" / "patterns"


def _data_lines(path: Path) -> list[str]:
    """The lines of a data file without its ``#`` header/comment lines and blank lines."""
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.lstrip().startswith("#")]


@functools.cache
def word_list(name: str) -> tuple[str, ...]:
    """The entries of ``data/patterns/<name>.txt``, one per line, in file order (read once).

    Lines that start with ``#`` (the header saying what the list is and where it comes from)
    and blank lines are skipped; an entry may hold spaces (``وزير الخارجية``).
    """
    return tuple(line.strip() for line in _data_lines(PATTERNS_DIR / f"{name}.txt"))


@functools.cache
def word_table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``data/patterns/<name>.csv`` as dicts (read once; ``#`` header lines skipped)."""
    return tuple(csv.DictReader(_data_lines(PATTERNS_DIR / f"{name}.csv")))


# --- loading and cleaning internals (batches of texts, pausing the garbage collector) -------

def text_batches(texts: list[str], size: int, *, shrink: int = 0, min_size: int = 0) -> list[tuple[int, int]]:
    """``(start, stop)`` ranges of ``texts``, in order, of at most ``size`` characters each (a longer
    text makes a range of its own): how the chunk-wide passes of loading, cleaning and annotating
    take a big frame a few million characters at a time.

    ``shrink=k``: a range also holds at most a ``k``-th of the characters still to come, but may
    hold ``min_size``; the ranges shrink towards the end (how work is shared between processes).

    >>> text_batches(["ab", "cd", "efgh", "i"], 4)
    [(0, 2), (2, 3), (3, 4)]
    >>> text_batches(["ab"] * 8, 8, shrink=2, min_size=2)
    [(0, 4), (4, 6), (6, 7), (7, 8)]
    """
    remaining = sum(map(len, texts)) if shrink else 0
    limit = max(min_size, min(size, remaining // shrink)) if shrink else size
    bounds, start, total = [], 0, 0
    for i, t in enumerate(texts):
        if i > start and total + len(t) > limit:
            bounds.append((start, i))
            if shrink:
                remaining -= total
                limit = max(min_size, min(size, remaining // shrink))
            start, total = i, 0
        total += len(t)
    if start < len(texts):
        bounds.append((start, len(texts)))
    return bounds



@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects (a million small
    tuples would trigger it again and again, for nothing); it is enabled again afterwards if it
    was enabled before.

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- HTML: the one wrapper class of every HTML view -------------------------------------------


class HtmlFragment:
    """An HTML fragment a notebook shows as HTML, with a one-line plain ``repr``.

    ``html`` is the fragment (whoever builds it escapes the article text in it); Jupyter shows
    it through ``_repr_html_`` and ``str()`` gives it too. ``summary`` is the line the plain
    ``repr`` shows, ``<ClassName: summary>``, so a notebook's text output stays one short line.
    The name in that line is the class of the object, so a stage names its views by subclassing
    with no body (``class HtmlView(HtmlFragment)``) or, when its view keeps counts of its own,
    by an ``__init__`` that stores them and builds the summary from them.

    >>> v = HtmlFragment('<p dir="rtl">نص</p>', "1 passage")
    >>> v
    <HtmlFragment: 1 passage>
    >>> v._repr_html_() == str(v) == v.html == '<p dir="rtl">نص</p>'
    True
    >>> class Spans(HtmlFragment):
    ...     'A named view (its docstring is its only body).'
    >>> Spans("<b>x</b>", "2 spans over 10 characters")
    <Spans: 2 spans over 10 characters>
    """

    def __init__(self, html_text: str, summary: str = "HTML") -> None:
        self.html = html_text
        self.summary = summary

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.summary}>"

    def __str__(self) -> str:
        return self.html


# --- counting words ---------------------------------------------------------------------------

#: A letter or digit that makes a run of characters a word: ``\w`` without the underscore and
#: without the tatweel (U+0640, a stretching stroke, not a letter). Diacritics (harakat, U+064B–
#: U+0652, ...) are not ``\w`` either, which is why ``\w+`` cuts a vocalised word into pieces.
_WORD_CHAR = re.compile(r"[^\W_\u0640]")


def count_words(text: str) -> int:
    r"""Number of words in ``text``: whitespace-delimited runs holding at least one letter or digit.

    The one word counter of every stage. A word is a maximal run of non-whitespace characters
    (``str.split()``) that holds at least one letter or digit, in any script. So:

    * diacritics and tatweel inside a word never split it (``مُحَمَّدٌ``, ``الـــوزير`` are one word
      each), where ``\w+`` would cut ``مُحَمَّدٌ`` into four pieces;
    * punctuation attached to a word stays with it (``ساعر:``, ``«نعم»``, ``مليون/دولار`` count
      once each); a run of punctuation or tatweel alone (``—``, ``«``,
      ``...``, ``ـــ``) is not a word;
    * numbers are words (``360``, ``٢٠٢٥``, ``40%``); Latin words count like Arabic ones;
    * clitics are not split off: ``وقال`` is one word, as a reader counts it.

    >>> count_words("قالَ الوزيرُ مُحَمَّدٌ")          # diacritics do not split words
    3
    >>> len(re.findall(r"\w+", "مُحَمَّدٌ"))              # the trap of counting \w+ runs
    4
    >>> count_words("الـــوزير ـــ")                    # tatweel inside a word; a run of tatweel alone
    1
    >>> count_words('قال ساعر: "360 مليون دولار" في ٢٠٢٥.')
    7
    >>> count_words("« — » ... ، !")                    # punctuation-only runs are not words
    0
    >>> count_words("Gideon Sa'ar said: «نعم»")
    4
    """
    return sum(1 for run in text.split() if _WORD_CHAR.search(run))
