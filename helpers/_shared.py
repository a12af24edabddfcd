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



# --- HTML: the one wrapper class of every HTML view -------------------------------------------


# --- counting words ---------------------------------------------------------------------------
