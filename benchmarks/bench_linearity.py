"""Benchmark of issue 17: is the cost linear in the text? Real news only.

Corpus: the Jawhara FM articles of ``data/corpora/jawharafm.tar.xz`` (ANT Corpus, Apache-2.0; see
the README beside it), read from the archive in one pass, no files unpacked; the articles are
those of the annotation snapshots (every fifth ``JA-*`` file by name, ``--n`` of them, 800 by
default: about 0.7 M characters). Real articles keep their no-break spaces (four in ten have one).

Measured (CPU time of this process, best of ``--repeat`` runs, 5 by default; the machine is shared and busy, so
the load average is printed with the figures):

* ``annotate`` (the rules, ``recognizer="rules"``): the articles one by one, then the same
  articles joined by a blank line into one text; the goal of issue 17 is that one long text costs at most 1.3× per byte what the same
  articles cost apart (the per-name scanning of the propagation made it 1.6–7× and growing);
* ``normalize``: the same two ways (judged too: the issue's goal names ``normalize`` and ``annotate``);
* ``normalize_with_offsets``: the same two ways, for context (not judged: its long path works on
  arrays of offsets that outgrow the CPU caches, about 1.5× per byte on 1.2 MB, and that ratio
  does not grow with the text);
* for context, ``normalize_with_offsets`` on the articles that have a no-break space, as they are
  and with it replaced by a space (before issue 17 one NBSP sent the whole text through NFKC).

Prints PASS/MISS per ratio; exit code 1 when one misses (``--no-fail`` only reports).

Usage: python benchmarks/bench_linearity.py [--n 800] [--repeat 5] [--quick] [--corpus PATH] [--no-fail]
"""
from __future__ import annotations

import argparse
import functools
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import JAWHARA, JAWHARA_NAME, jawhara, load_average, machine, mb  # noqa: E402
from helpers import annotate  # noqa: E402
from helpers.cleaning import normalize, normalize_with_offsets  # noqa: E402

JUDGED = ("annotate", "normalize")  # the functions the goal names
GOAL_RATIO = 1.3  # one long text: at most 1.3× the CPU time per byte of the same articles apart
NBSP = "\u00a0"
EVERY = 5  # every fifth article by file name, as tools/snapshot_annotations.py takes them


def jawhara_articles(path: Path, n: int) -> list[str]:
    """``n`` articles of the Jawhara FM archive (every fifth by file name), read in one pass
    (an .xz stream cannot seek back, so every article is read, then chosen)."""
    texts = {name: text for name, text in jawhara(path).items() if "/JA-" in name}
    chosen = [texts[name] for name in sorted(texts)[::EVERY][:n]]
    if len(chosen) < n:
        raise SystemExit(f"only {len(chosen)} articles in {path}, {n} asked")
    return chosen


def cpu_time(fn: Callable[[], object], repeat: int) -> float:
    """Best CPU seconds (this process) of ``fn()`` over ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def apart_and_joined(fn: Callable[[str], object], docs: list[str], repeat: int) -> tuple[float, float, float]:
    """MB/s of ``fn`` on each article apart and on the articles joined, and the joined/apart
    ratio of CPU time per byte (1.0: linear)."""
    joined = "\n\n".join(docs)
    size_apart, size_joined = sum(map(mb, docs)), mb(joined)
    apart = size_apart / cpu_time(lambda: [fn(d) for d in docs], repeat)
    together = size_joined / cpu_time(lambda: fn(joined), repeat)
    return apart, together, apart / together


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=800, help="articles (every fifth of the corpus by name)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="200 articles, 2 runs (a check, not a figure)")
    ap.add_argument("--corpus", type=Path, default=JAWHARA)
    ap.add_argument("--no-fail", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.n, args.repeat = 200, 2

    print(f"{machine()}; a shared machine, busy with other work; before: {load_average()}")
    docs = jawhara_articles(args.corpus, args.n)
    annotate(docs[0], recognizer="rules")  # the annotator is built once per process (not timed)
    nbsp = [d for d in docs if NBSP in d]
    print(f"corpus: {JAWHARA_NAME}: {len(docs)} articles, {sum(map(mb, docs)):.2f} MB of UTF-8, "
          f"{sum(map(len, docs)):,} characters; {len(nbsp)} with a no-break space")
    rows = [(name, *apart_and_joined(fn, docs, args.repeat))
            for name, fn in (("annotate", functools.partial(annotate, recognizer="rules")), ("normalize", normalize),
                             ("normalize_with_offsets", normalize_with_offsets))]
    print(f"{'CPU time, best of ' + str(args.repeat):<26} {'apart MB/s':>11} {'joined MB/s':>12} {'ratio':>6}")
    for name, apart, together, ratio in rows:
        print(f"{name:<26} {apart:>11.2f} {together:>12.2f} {ratio:>6.2f}{'' if name in JUDGED else '  (not judged)'}")

    if nbsp:
        size = sum(map(mb, nbsp))
        with_it = size / cpu_time(lambda: [normalize_with_offsets(d) for d in nbsp], args.repeat)
        spaced = [d.replace(NBSP, " ") for d in nbsp]
        without = sum(map(mb, spaced)) / cpu_time(lambda: [normalize_with_offsets(d) for d in spaced], args.repeat)
        print(f"normalize_with_offsets on the {len(nbsp)} articles with a no-break space: {with_it:.1f} MB/s; "
              f"the same with it replaced by a space: {without:.1f} MB/s")
    print(f"after: {load_average()}")
    ok = True
    for name, _, _, ratio in (row for row in rows if row[0] in JUDGED):
        passed = ratio <= GOAL_RATIO
        ok &= passed
        print(f"goal (issue 17), on {JAWHARA_NAME}: {name} of one long text <= {GOAL_RATIO:g}x the CPU time per byte of the "
              f"articles apart: {'PASS' if passed else 'MISS'} ({ratio:.2f}x)")
    return 0 if ok or args.no_fail else 1


if __name__ == "__main__":
    sys.exit(main())
