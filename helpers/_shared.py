"""Shared internals that any stage may import (not a stage, not public API).

Everything here is small and imports no stage, so loading, cleaning, annotating, plotting,
comparing and scaling can all use it without breaking the one-way flow of data. Word lists and
patterns live in data files under ``data/patterns/`` (one list per file, a header of ``#``
lines saying what it is and where it comes from); :func:`word_list` and :func:`word_table` read
them once.

>>> "قال" in word_list("speech_verbs")   # doctest: +SKIP
True
"""
from __future__ import annotations

import csv
import functools
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
