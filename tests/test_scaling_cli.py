"""Scaling's command line (``python -m helpers process``): every option reaches the run, the
bounds of --chunk-size, the summary before the timings in a merged log, the rate; and the
article-by-article fallback when several articles survive it (mutation survivors of 2026-12-05)."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import format_summary, read_table
from helpers.scaling import RunSummary, main

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


def _record_runs(monkeypatch, done: RunSummary) -> list:
    """Replace the run behind ``main`` by one that records how it was called and returns ``done``."""
    import helpers.scaling.cli as cli

    calls: list = []
    monkeypatch.setattr(cli, "process_corpus", lambda *a, **k: calls.append((a, k)) or done)
    return calls


def test_every_option_of_process_reaches_the_run(tmp_path, monkeypatch, capsys):
    """Each option is handed on to process_corpus as given; left out, each keeps its default."""
    calls = _record_runs(monkeypatch, RunSummary(str(tmp_path), n_chunks=1, n_articles=1, n_bytes=10))
    assert main(["process", "in", "out", "--jobs", "3", "--engine", "dask", "--scheduler", "tcp://10.0.0.5:8786",
                 "--chunk-size", "5", "--no-metadata", "--progress"]) == 0
    assert main(["process", "in", "out", "-j", "1", "--no-progress"]) == 0
    assert main(["process", "in", "out"]) == 0
    assert calls == [
        (("in", "out"), {"jobs": 3, "engine": "dask", "scheduler": "tcp://10.0.0.5:8786", "chunk_size": 5,
                         "metadata": False, "progress": True}),
        (("in", "out"), {"jobs": 1, "engine": "local", "scheduler": None, "chunk_size": 200,
                         "metadata": True, "progress": False}),
        (("in", "out"), {"jobs": None, "engine": "local", "scheduler": None, "chunk_size": 200,
                         "metadata": True, "progress": None}),
    ]
    capsys.readouterr()


def test_the_rate_is_bytes_divided_by_the_wall_time(tmp_path, monkeypatch, capsys):
    """1,005,001 bytes in 2 seconds: 0.5025 MB/s, shown as 0.50."""
    done = RunSummary(str(tmp_path), n_chunks=1, n_articles=1, n_bytes=1_005_001, elapsed=2.0,
                      seconds={"loading": 0.25})
    _record_runs(monkeypatch, done)
    assert main(["process", str(RAW), str(tmp_path)]) == 0
    printed = capsys.readouterr()
    assert printed.out == format_summary(done) + "\n"
    assert printed.err == "time: 2.0s wall (0.50 MB/s); worker time per stage: loading 0.2s\n"


def test_a_chunk_of_one_article_is_allowed(tmp_path, capsys):
    """--chunk-size 1 (the smallest size) is accepted: the two real articles make two chunks."""
    out = tmp_path / "out"
    assert main(["process", str(RAW), str(out), "--jobs", "1", "--no-progress", "--chunk-size", "1"]) == 0
    assert capsys.readouterr().out == (f"processed 2 articles (12.8 kB) in 2 chunks → {out}\n"
                                       "  tables: articles 2 rows · sentences 44 rows · annotations 208 rows\n"
                                       "skipped: none\n")
    assert sorted(p.name for p in (out / "articles").iterdir()) == ["part-00000.parquet", "part-00001.parquet"]


def test_the_summary_comes_before_the_timings_in_a_merged_log(tmp_path):
    """`python -m helpers process … 2>&1 | tee log`: stdout (a pipe, so buffered) is flushed after the
    summary, so the log shows the summary, then the timings written to stderr. (Without
    PYTHONUNBUFFERED, as a user runs it: with it, stdout is never held back.)"""
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    res = subprocess.run([sys.executable, "-m", "helpers", "process", str(RAW), str(out), "--jobs", "1",
                          "--no-progress"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=300)
    assert res.returncode == 0, res.stdout
    summary = (f"processed 2 articles (12.8 kB) in 1 chunk → {out}\n"
               "  tables: articles 2 rows · sentences 44 rows · annotations 208 rows\n"
               "skipped: none\n")
    assert res.stdout.startswith(summary), res.stdout
    assert re.fullmatch(r"time: \d+\.\ds wall \(\d+\.\d\d MB/s\); worker time per stage: annotating \d+\.\ds, "
                        r"cleaning \d+\.\ds, loading \d+\.\ds, sentences \d+\.\ds, writing \d+\.\ds\n",
                        res.stdout[len(summary):]), res.stdout


def test_the_summary_is_flushed_before_the_timings_in_this_process_too(tmp_path, monkeypatch):
    """The merged log above, in this process (where mutation testing can follow the call): stdout
    buffered as a pipe is, stderr written through, both into one stream: the summary comes first."""
    merged = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(merged, encoding="utf-8"))  # held back until flushed
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(merged, encoding="utf-8", write_through=True))
    out = tmp_path / "out"
    assert main(["process", str(RAW), str(out), "--jobs", "1", "--no-progress"]) == 0
    sys.stdout.flush()
    log = merged.getvalue().decode("utf-8")
    assert log.startswith(f"processed 2 articles (12.8 kB) in 1 chunk → {out}\n"), log
    assert log.count("time: ") == 1 and log.index("time: ") > log.index("skipped: none\n"), log


def test_the_fallback_keeps_every_article_that_did_not_fail(tmp_path, three_articles, break_annotator_on_b):
    """Three articles, the annotator fails on one: the other two are written as a normal run writes them
    (the fallback's frames, concatenated, have a repeated index: nothing stored depends on it)."""
    from helpers import iter_chunks, process_chunk

    corpus = three_articles
    normal = process_chunk(next(iter_chunks(corpus, metadata=None)), tmp_path / "normal")
    break_annotator_on_b()
    stats = process_chunk(next(iter_chunks(corpus, metadata=None)), tmp_path / "out")
    assert (normal["n_articles"], stats["n_articles"]) == (3, 2)
    assert stats["skipped"] == [{"path": str(corpus / "b.txt"),
                                 "reason": "processing failed: RuntimeError: annotator crashed"}]
    for table in ("articles", "sentences", "annotations"):
        got, full = read_table(tmp_path / "out", table), read_table(tmp_path / "normal", table)
        pd.testing.assert_frame_equal(got, full[full["doc_id"] != "b"].reset_index(drop=True), check_dtype=False)
