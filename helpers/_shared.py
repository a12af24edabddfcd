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

import contextlib
import csv
import functools
import gc
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


# --- counting words ---------------------------------------------------------------------------
