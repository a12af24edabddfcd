"""Shared helpers for the benchmarks: the real corpus they are judged on (the Jawhara FM articles
of ``data/corpora/jawharafm.tar.xz``), a worst case made from it, timing, and the machine's load (the
machine is shared, so every figure comes with it).

>>> from benchmarks.common import jawhara_articles        # doctest: +SKIP
>>> texts = jawhara_articles(min_mb=5)                    # >= 5 MB of real articles, sections mixed
"""
from __future__ import annotations

import functools
import gc
import os
import platform
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000  # figures are in MB (10^6 bytes of UTF-8) per second
JAWHARA = ROOT / "data" / "corpora" / "jawharafm.tar.xz"
#: How every printed figure names the real corpus (see data/corpora/README.md).
JAWHARA_NAME = "Jawhara FM (data/corpora/jawharafm.tar.xz, real news)"

# Diacritics cycled onto letters by diacritize(): fatha, kasra, damma,
# sukun, shadda + fatha (typed shadda first, so NFKC has to reorder it), tanween fath.
_MARKS = ["\u064e", "\u0650", "\u064f", "\u0652", "\u0651\u064e", "\u064b"]


@functools.cache
def jawhara(path: Path = JAWHARA) -> dict[str, str]:
    """Every article of the Jawhara FM archive, member name -> text, sorted by name (read once
    per process with :func:`helpers.loading.read_archive`: one pass, nothing unpacked)."""
    from helpers.loading import read_archive

    if not Path(path).exists():
        raise SystemExit(f"corpus not found: {path} (see data/corpora/README.md)")
    texts = read_archive(path)
    return {name: texts[name] for name in sorted(texts)}


def jawhara_articles(min_mb: float | None = None, *, seed: int = 0, path: Path = JAWHARA) -> list[str]:
    """Real articles of the Jawhara FM corpus in a fixed shuffled order (sections and years mixed):
    all 10,137 of them (13.1 MB) by default, or the first ones that make ``min_mb`` MB of UTF-8."""
    texts = list(jawhara(path).values())
    random.Random(seed).shuffle(texts)
    if min_mb is None:
        return texts
    out, size = [], 0
    for t in texts:
        if size >= min_mb * MB:
            break
        out.append(t)
        size += len(t.encode("utf-8"))
    return out


def diacritize(text: str) -> str:
    """Put a diacritic on every Arabic letter (a worst case for offsets: every char changes)."""
    out = []
    i = 0
    for ch in text:
        out.append(ch)
        if "\u0621" <= ch <= "\u064a" and ch != "\u0640":
            out.append(_MARKS[i % len(_MARKS)])
            i += 1
    return "".join(out)


def mb(text: str) -> float:
    """Size of ``text`` in MB of UTF-8."""
    return len(text.encode("utf-8")) / MB


def best_times(fn: Callable[[Any], Any], arg: Any, repeat: int = 3) -> tuple[float, float, Any]:
    """Best CPU seconds (this process) and best wall-clock seconds of ``repeat`` calls of
    ``fn(arg)``, and the last result. On a shared machine the CPU time is the steadier figure;
    for single-threaded work on a quiet machine the two agree."""
    best_cpu = best_wall = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn(arg)
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_cpu, best_wall, result


def load_average() -> str:
    """The 1/5/15-minute load averages and the core count, for the report."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not on Windows
        return "load average unavailable"
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} on {os.cpu_count()} cores"


def machine() -> str:
    """Python version and platform, for the report."""
    return f"Python {platform.python_version()} on {platform.machine()} {platform.system()}"
