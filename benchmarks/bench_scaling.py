"""Benchmark of ``python -m helpers process`` (issue 7): speed, scaling and memory.

Generates corpora of about 15 MB and 150 MB from the articles in ``data/raw`` (or any
folder: ``--source``) into a temporary folder with :func:`helpers.scaling.synthetic_corpus`,
runs the real command on each (all cores by default, no progress bar), and measures

* end-to-end throughput (input MB per wall-clock second, process start to exit);
* how time grows with the corpus (the 10× corpus should take at most 12× the time);
* peak memory of the whole process tree (the command and its workers): the sum of resident
  set sizes, sampled every 50 ms (an upper bound: pages shared between processes count once
  per process; the goal is judged on it), and the sum of proportional set sizes (shared pages
  split between them), sampled every second (reading it costs the machine's CPU);
* CPU time of the whole process tree (less disturbed by other work on a shared machine);
* where the time goes: the seconds each stage spent in the workers (from manifest.json), and
  all stages but annotating together, in MB of input per second of worker time ("per core").

Goals on the project's 2-core machine: >= 10 MB/s end to end, 10x the corpus <= 12x the
time, peak memory <= 1 GiB at 150 MB. Exit code 1 when a goal is missed (``--no-fail`` to
report only). The machine's load average is printed: other work on the machine slows the run.

Usage: python benchmarks/bench_scaling.py [--source DIR] [--sizes 15,150] [--jobs N] [--keep]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.scaling import default_jobs, synthetic_corpus  # noqa: E402

MB = 1_000_000  # sizes and speeds in MB (10^6 bytes of UTF-8), as the other benchmarks
MiB = 2**20      # memory in MiB
GOAL_RATE = 10.0        # MB/s end to end
GOAL_SCALING = 12.0     # time(10x corpus) / time(corpus)
GOAL_MEMORY = 1024.0    # MiB at the largest corpus


def sample_tree(procs: list[psutil.Process], cpu: dict[int, float], pss: bool = True) -> tuple[float, float]:
    """(sum of RSS, sum of PSS) in MiB over ``procs`` (a process and its descendants).

    Also records each process's CPU seconds so far in ``cpu`` (by pid): sampled all along the
    run, their sum is the CPU time of the whole tree. ``pss=False`` skips the PSS (0 instead):
    reading it walks every page table (about 2 ms per worker process), so sampling it often on
    a 2-core machine would slow the very run it measures.
    """
    rss = pss_sum = 0
    for p in procs:
        try:
            info = p.memory_full_info() if pss else p.memory_info()
            rss += info.rss
            pss_sum += getattr(info, "pss", info.rss) if pss else 0
            times = p.cpu_times()
            cpu[p.pid] = times.user + times.system
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
    return rss / MiB, pss_sum / MiB


def tree(proc: psutil.Process) -> list[psutil.Process]:
    """A process and its descendants (finding them reads /proc of every process: done seldom)."""
    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def run(corpus: Path, out: Path, jobs: int | None, chunk_size: int | None) -> dict:
    cmd = [sys.executable, "-m", "helpers", "process", str(corpus), str(out), "--no-progress"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    if chunk_size:
        cmd += ["--chunk-size", str(chunk_size)]
    cpu: dict[int, float] = {}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak_rss = peak_pss = 0.0
    n = 0
    procs: list[psutil.Process] = []
    while proc.poll() is None:
        if n % 10 == 0:  # the process tree every half second (its workers start at once and stay)
            procs = tree(ps)
        rss, pss = sample_tree(procs, cpu, pss=n % 20 == 0)  # RSS every 50 ms, PSS every second
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        n += 1
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{stdout}\n{stderr}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {"wall": wall, "cpu": sum(cpu.values()), "peak_rss": peak_rss, "peak_pss": peak_pss, "manifest": manifest,
            "summary": stdout.strip()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", default=str(ROOT / "data" / "raw"), help="folder of articles to recombine")
    ap.add_argument("--sizes", default="15,150", help="corpus sizes in MB, comma-separated (default 15,150)")
    ap.add_argument("--jobs", type=int, default=None, help="--jobs of the command (default: all cores)")
    ap.add_argument("--chunk-size", type=int, default=None, help="--chunk-size of the command")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora and outputs")
    ap.add_argument("--no-fail", action="store_true", help="exit 0 even when a goal is missed")
    args = ap.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",")]

    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB; "
          f"jobs {args.jobs or default_jobs()}; load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    tmp = Path(tempfile.mkdtemp(prefix="bench_scaling_"))
    results = []
    try:
        for size in sizes:
            corpus = tmp / f"corpus_{size:g}"
            t = time.perf_counter()
            synthetic_corpus(args.source, corpus, int(size * MB))
            n_bytes = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
            n_files = sum(1 for _ in corpus.rglob("*.txt"))
            print(f"generated {n_bytes / MB:.1f} MB in {n_files:,} articles ({time.perf_counter() - t:.1f}s)",
                  flush=True)
            if hasattr(os, "sync"):
                os.sync()  # the generated files reach the disk now, not while the command is timed
            r = run(corpus, tmp / f"out_{size:g}", args.jobs, args.chunk_size)
            r.update(size=n_bytes / MB, n_files=n_files, load=os.getloadavg()[0])
            results.append(r)
            m = r["manifest"]
            stages = m["seconds"]
            busy = sum(stages.values()) or 1.0
            print(f"  {r['size']:7.1f} MB: {r['wall']:6.1f} s wall = {r['size'] / r['wall']:5.2f} MB/s end to end; "
                  f"peak memory {r['peak_rss']:.0f} MiB RSS ({r['peak_pss']:.0f} MiB PSS); "
                  f"{m['n_articles']:,} articles, {m['n_sentences']:,} sentences, {m['n_annotations']:,} spans; "
                  f"{r['cpu']:.1f} s CPU; "
                  f"load average {r['load']:.2f}", flush=True)
            print("           worker time per stage: " + ", ".join(
                f"{k} {v:.1f}s ({100 * v / busy:.0f}%, {r['size'] / v if v else float('inf'):.1f} MB/s per core)"
                for k, v in sorted(stages.items(), key=lambda kv: -kv[1])), flush=True)
            rest = sum(v for k, v in stages.items() if k != "annotating")
            if rest:
                print(f"           all stages but annotating: {rest:.1f}s = {r['size'] / rest:.1f} MB/s per core",
                      flush=True)
            if not args.keep:  # free the disk before the next size
                shutil.rmtree(corpus, ignore_errors=True)
                shutil.rmtree(tmp / f"out_{size:g}", ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}")

    # where the time goes, at the largest size: the end-to-end ceiling each stage alone sets
    big = results[-1]
    stages = big["manifest"]["seconds"]
    jobs = args.jobs or default_jobs()
    if stages:
        worst = max(stages, key=stages.get)
        rest = sum(v for k, v in stages.items() if k != worst)
        print(f"where the time goes at {big['size']:.0f} MB: {worst} alone caps the run at "
              f"{big['size'] * jobs / stages[worst]:.1f} MB/s on {jobs} cores; all other stages together at "
              f"{big['size'] * jobs / rest if rest else float('inf'):.1f} MB/s")

    missed = []
    print("goals:")
    rate = results[-1]["size"] / results[-1]["wall"]
    ok = rate >= GOAL_RATE
    missed += [] if ok else ["throughput"]
    print(f"  [{'ok' if ok else 'MISSED'}] >= {GOAL_RATE:g} MB/s end to end at {results[-1]['size']:.0f} MB: "
          f"{rate:.2f} MB/s")
    if len(results) >= 2:
        small, large = results[0], results[-1]
        size_ratio = large["size"] / small["size"]
        time_ratio = large["wall"] / small["wall"]
        allowed = GOAL_SCALING * size_ratio / 10
        ok = time_ratio <= allowed
        missed += [] if ok else ["scaling"]
        print(f"  [{'ok' if ok else 'MISSED'}] {size_ratio:.1f}x the corpus in <= {allowed:.1f}x the time: "
              f"{time_ratio:.2f}x wall time ({large['cpu'] / small['cpu']:.2f}x CPU time, which other work on "
              f"the machine disturbs less)")
    peak = results[-1]["peak_rss"]
    ok = peak <= GOAL_MEMORY
    missed += [] if ok else ["memory"]
    print(f"  [{'ok' if ok else 'MISSED'}] peak memory <= {GOAL_MEMORY:.0f} MiB at {results[-1]['size']:.0f} MB: "
          f"{peak:.0f} MiB (sum of RSS; {results[-1]['peak_pss']:.0f} MiB PSS)")
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"(above ~0.5 the machine was shared: figures are pessimistic)")
    if missed and not args.no_fail:
        print(f"goals missed: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
