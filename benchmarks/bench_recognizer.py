"""Benchmark of the learned recognizer (issue 16): ``model_entities`` and ``annotate(text, recognizer=…)``
on real news.

Corpus: every tenth article of the Jawhara FM articles (``data/corpora/jawharafm.tar.xz``) in the
fixed shuffled order of :func:`benchmarks.common.jawhara_articles` (1,014 articles, 1.3 MB: sections
and years mixed); ``--every N`` takes every N-th instead (1: all 10,137).

Measured, one article at a time in one process (MB = 10^6 bytes of UTF-8 per second of CPU time
of this process: the steadier figure on a shared machine; the wall clock and the load average
are printed too):

* ``model_entities``          the model alone: tokens, features, tags, spans (a DataFrame per article);
* ``annotate, "model"``       the rules' quotations, quantities, dates, framing terms and the model's names;
* ``annotate, "combined"``    the rules, and the model's names where the rules found none (the default);
* ``annotate, "rules"``       the rules alone, for comparison.

Each is run ``--repeat`` times and the best time kept; the first run of ``model_entities`` is also
printed (``first pass``: every word type met for the first time, scored then; the later runs find
them in the recognizer's cache, as a long run over a corpus mostly does). The model's load time
(reading the file, its weights, the score model) is printed as well, and the memory of
``annotate(text)`` (``"combined"``) in a fresh process that annotates the same articles one at a
time: its peak resident set size (RSS, ``ru_maxrss``), what it held before the first article (Python,
pandas, the lexicon, the model and the corpus read into memory) and the largest peak of Python
allocations (``tracemalloc``) during one call.

Goal (issue 16): speed with the model on real news >= 2 MB/s per core: ``model_entities`` and
``annotate(text, recognizer="combined")`` both; printed as met or missed, exit code 1 when one is
missed (``--no-fail`` only reports), as every benchmark of ``make bench``.

Usage: python benchmarks/bench_recognizer.py [--every 10] [--repeat 3] [--no-fail]
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import JAWHARA_NAME, jawhara_articles, load_average, machine, mb  # noqa: E402

GOAL_MB_S = 2.0  # per core, CPU time: issue 16


def run(fn, texts: list[str], repeat: int) -> tuple[float, float, float]:
    """``fn`` on every text, ``repeat`` times: (first CPU seconds, best CPU seconds, best wall seconds)."""
    first, best_cpu, best_wall = None, float("inf"), float("inf")
    for _ in range(repeat):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        for t in texts:
            fn(t)
        cpu, wall = time.process_time() - c0, time.perf_counter() - t0
        first = cpu if first is None else first
        best_cpu, best_wall = min(best_cpu, cpu), min(best_wall, wall)
    return first, best_cpu, best_wall


def load_time() -> float:
    """Seconds to make the shipped model ready from scratch in a fresh process (file, weights, score model)."""
    import subprocess

    code = ("import time; t = time.perf_counter(); from helpers.annotating.learned import tag_tokens; "
            "t1 = time.perf_counter(); tag_tokens(['باريس']); print(time.perf_counter() - t1)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def memory(every: int) -> tuple[float, float, float]:
    """``annotate(text)`` (``"combined"``) on every ``every``-th article, one at a time, in a fresh
    process: (peak RSS MB, RSS MB before the first article, largest ``tracemalloc`` peak MB of one call)."""
    import subprocess

    code = f"""
import resource, tracemalloc
from benchmarks.common import jawhara_articles
from helpers.annotating import annotate
texts = jawhara_articles()[::{every}]
annotate(texts[0])
before = int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize()
for t in texts:
    annotate(t)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
tracemalloc.start()
call = 0
for t in texts:
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    annotate(t)
    call = max(call, tracemalloc.get_traced_memory()[1] - base)
print(rss, before, call)
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return tuple(int(x) / 1e6 for x in out.stdout.split())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--every", type=int, default=10, help="every N-th article of the shuffled corpus (default 10)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-fail", action="store_true")
    args = ap.parse_args()

    from helpers.annotating import annotate
    from helpers.annotating.learned import model_entities

    print(f"{machine()}; before: {load_average()}")
    print(f"model ready in {load_time():.2f} s (a fresh process: weights read, score model built)")
    texts = jawhara_articles()[::args.every]
    size = sum(map(mb, texts))
    print(f"corpus: {JAWHARA_NAME}: every {args.every}th article of the shuffled order, {len(texts):,} articles, "
          f"{size:.2f} MB of UTF-8")
    runs = {
        "model_entities": model_entities,
        'annotate, "model"': lambda t: annotate(t, recognizer="model"),
        'annotate, "combined"': lambda t: annotate(t, recognizer="combined"),
        'annotate, "rules"': lambda t: annotate(t, recognizer="rules"),
    }
    print(f"{'run':<24} {'CPU MB/s':>9} {'wall MB/s':>10}")
    speeds = {}
    for name, fn in runs.items():
        first, cpu, wall = run(fn, texts, args.repeat)
        speeds[name] = size / cpu
        print(f"{name:<24} {size / cpu:>9.2f} {size / wall:>10.2f}")
        if name == "model_entities":
            print(f"{'  (its first pass)':<24} {size / first:>9.2f}")
    print(f"after: {load_average()}")
    peak, before, call = memory(args.every)
    print(f'memory of annotate(text) ("combined"), the same articles one at a time in a fresh process: peak RSS '
          f"{peak:.0f} MB ({before:.0f} MB before the first: Python, pandas, lexicon, model, corpus); "
          f"largest tracemalloc peak of one call {call:.1f} MB")
    print(f"goal (issue 16): with the model on real news >= {GOAL_MB_S:g} MB/s per core (CPU time), on {JAWHARA_NAME}:")
    ok = True
    rules = speeds['annotate, "rules"']
    for name in ("model_entities", 'annotate, "combined"'):
        met = speeds[name] >= GOAL_MB_S
        ok &= met
        print(f"  [{'met' if met else 'MISSED'}] {name}: {speeds[name]:.2f} MB/s ({speeds[name] / rules:.2f}x the rules' speed)")
    return 0 if ok or args.no_fail else 1


if __name__ == "__main__":
    sys.exit(main())
