"""Scaling, the command line ``python -m helpers process`` and its report (:func:`format_summary`).

>>> main(["process", "data/raw", "/tmp/out", "--jobs", "1"])       # doctest: +SKIP
0
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from ..annotating import RECOGNIZER_ENV
from .chunks import DEFAULT_CHUNK_SIZE
from .run import RunSummary, process_corpus


def format_summary(summary: RunSummary, max_files: int = 10) -> str:
    """A plain-text report of a run: counts, then skipped files grouped by reason.

    Deterministic for the same inputs (no timings: they go with the progress bar).

    >>> print(format_summary(RunSummary("out", n_chunks=1, n_articles=2, n_bytes=12795)))
    processed 2 articles (12.8 kB) in 1 chunk → out
      tables: articles 2 rows · sentences 0 rows · annotations 0 rows
    skipped: none
    """
    chunks = f"{summary.n_chunks:,} chunk{'s' if summary.n_chunks != 1 else ''}"
    if summary.n_resumed:
        chunks += f", {summary.n_resumed:,} reused from an earlier run"
    if summary.n_failed:
        chunks += f", {summary.n_failed:,} FAILED (rerun to retry)"
    lines = [f"processed {summary.n_articles:,} articles ({_size(summary.n_bytes)}) in {chunks} → {summary.output}",
             f"  tables: articles {summary.n_articles:,} rows · sentences {summary.n_sentences:,} rows"
             f" · annotations {summary.n_annotations:,} rows"]
    if not summary.skipped:
        lines.append("skipped: none")
        return "\n".join(lines)
    by_reason: dict[str, list[str]] = {}
    for s in summary.skipped:
        by_reason.setdefault(s["reason"], []).append(s["path"])
    lines.append(f"skipped {len(summary.skipped):,} (details in {Path(summary.output) / 'manifest.json'}):")
    shown = 0
    for reason, paths in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"  {len(paths):,} × {reason}")
        for p in paths[:max(0, max_files - shown)]:
            lines.append(f"      {p}")
        shown += min(len(paths), max(0, max_files - shown))
    if shown < len(summary.skipped):
        lines.append(f"      … and {len(summary.skipped) - shown:,} more")
    return "\n".join(lines)


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):  # decimal units, as the benchmarks report MB/s
        if n < 1000 or unit == "GB":
            return f"{n:,} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n} B"  # pragma: no cover


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m helpers``."""
    parser = argparse.ArgumentParser(prog="python -m helpers",
                                     description="Arabic News Notebooks helpers from the command line.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser(
        "process", help="load, clean and annotate a corpus of any size into Parquet tables",
        description="Load, clean and annotate every article under INPUT (a folder of .txt files "
                    "and/or .csv/.jsonl exports with a text column, one file, or a tar archive of "
                    ".txt files, read without unpacking it) and write Parquet "
                    "tables under OUTPUT (articles/, sentences/, annotations/, one part per chunk). "
                    "Rerun the same command to resume after an interruption.")
    p.add_argument("input", metavar="INPUT", help="folder, .txt file, .csv/.jsonl export or tar archive")
    p.add_argument("output", metavar="OUTPUT", help="folder for the Parquet tables (created if needed)")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores; 1 runs in this process)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local process pool (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="address of a running Dask scheduler (implies --engine dask); "
                        "default: a LocalCluster of --jobs workers")
    p.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, metavar="N",
                   help=f"articles per chunk (default {DEFAULT_CHUNK_SIZE}); memory grows with it")
    p.add_argument("--no-metadata", action="store_true",
                   help="do not join the metadata.csv found beside or above INPUT (or inside an archive)")
    p.add_argument("--recognizer", choices=("rules", "model", "combined"), default=None,
                   help="who finds people, places and organisations: the rules, the learned model or "
                        "both (default: annotate's, combined; rules is about three times faster)")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="show a progress bar (default: only on a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m helpers``; returns the exit code.

    0 when at least one article was processed, 1 when nothing could be (no input, every
    file skipped), 2 for a usage error. The summary goes to stdout; the progress bar and
    the timings to stderr.
    """
    args = build_parser().parse_args(argv)
    if args.chunk_size < 1 or (args.jobs is not None and args.jobs < 1):
        print("error: --chunk-size and --jobs must be at least 1", file=sys.stderr)
        return 2
    if args.recognizer is not None:  # read by default_annotator, here and in the worker processes
        os.environ[RECOGNIZER_ENV] = args.recognizer
    try:
        summary = process_corpus(args.input, args.output, jobs=args.jobs, engine=args.engine,
                                 scheduler=args.scheduler, chunk_size=args.chunk_size,
                                 metadata=not args.no_metadata, progress=args.progress)
    except (FileNotFoundError, NotADirectoryError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(format_summary(summary), flush=True)
    rate = summary.n_bytes / summary.elapsed / 1e6 if summary.elapsed else 0.0
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in summary.seconds.items())
    print(f"time: {summary.elapsed:.1f}s wall ({rate:.2f} MB/s); worker time per stage: {stages or 'none'}",
          file=sys.stderr)
    if not summary.ok:
        print("error: no article could be processed", file=sys.stderr)
        return 1
    return 0
