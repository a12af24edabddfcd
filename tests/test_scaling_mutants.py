"""Scaling: the behaviour that mutation testing (mutmut 3, ``make mutation MODULE=scaling``) found
unchecked — the command line in this process (its options, help, messages and exit codes), and
the details of chunks, tables, workers and runs that a changed line would alter."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers import format_summary, process_corpus, read_table
from helpers.scaling import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SEED_BYTES = 12_795          # the two seed articles' files: 5,780 + 7,015 bytes


# --------------------------------------------------------------------------- command line

PROCESS_HELP = """\
usage: python -m helpers process [-h] [--jobs N] [--engine {local,dask}] [--scheduler ADDRESS]
                                 [--chunk-size N] [--no-metadata]
                                 [--recognizer {rules,model,combined}]
                                 [--progress | --no-progress]
                                 INPUT OUTPUT

Load, clean and annotate every article under INPUT (a folder of .txt files and/or .csv/.jsonl
exports with a text column, one file, or a tar archive of .txt files, read without unpacking it)
and write Parquet tables under OUTPUT (articles/, sentences/, annotations/, one part per chunk).
Rerun the same command to resume after an interruption.

positional arguments:
  INPUT                 folder, .txt file, .csv/.jsonl export or tar archive
  OUTPUT                folder for the Parquet tables (created if needed)

options:
  -h, --help            show this help message and exit
  --jobs N, -j N        worker processes (default: all cores; 1 runs in this process)
  --engine {local,dask}
                        local process pool (default) or a Dask cluster
  --scheduler ADDRESS   address of a running Dask scheduler (implies --engine dask); default: a
                        LocalCluster of --jobs workers
  --chunk-size N        articles per chunk (default 200); memory grows with it
  --no-metadata         do not join the metadata.csv found beside or above INPUT (or inside an
                        archive)
  --recognizer {rules,model,combined}
                        who finds people, places and organisations: the rules, the learned model
                        or both (default: annotate's, combined; rules is about three times faster)
  --progress            show a progress bar (default: only on a terminal)
  --no-progress
"""

TOP_HELP = """\
usage: python -m helpers [-h] COMMAND ...

Arabic News Notebooks helpers from the command line.

positional arguments:
  COMMAND
    process   load, clean and annotate a corpus of any size into Parquet tables

options:
  -h, --help  show this help message and exit
"""


@pytest.mark.parametrize("argv, shown", [(["--help"], TOP_HELP), (["process", "--help"], PROCESS_HELP)])
def test_the_command_lines_help_word_for_word(argv, shown, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")        # argparse wraps to the terminal's width
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    assert capsys.readouterr().out == shown


def test_every_option_of_process_is_parsed_into_its_setting():
    parse = build_parser().parse_args
    assert vars(parse(["process", "in", "out"])) == {
        "command": "process", "input": "in", "output": "out", "jobs": None, "engine": "local",
        "scheduler": None, "chunk_size": 200, "no_metadata": False, "recognizer": None, "progress": None}
    assert vars(parse(["process", "in", "out", "--jobs", "3", "--engine", "dask", "--scheduler",
                       "tcp://10.0.0.5:8786", "--chunk-size", "5", "--no-metadata", "--recognizer",
                       "model", "--no-progress"])) == {
        "command": "process", "input": "in", "output": "out", "jobs": 3, "engine": "dask",
        "scheduler": "tcp://10.0.0.5:8786", "chunk_size": 5, "no_metadata": True, "recognizer": "model",
        "progress": False}
    assert [parse(["process", "i", "o", "--recognizer", r]).recognizer for r in ("rules", "model", "combined")] \
        == ["rules", "model", "combined"]
    shorter = parse(["process", "i", "o", "-j", "2", "--progress", "--engine", "local"])
    assert (shorter.jobs, shorter.progress, shorter.engine) == (2, True, "local")


@pytest.mark.parametrize("argv", [
    ["process", "in"],                                            # no OUTPUT
    ["process", "in", "out", "--engine", "spark"],
    ["process", "in", "out", "--recognizer", "RULES"],
    ["process", "in", "out", "--progress", "--no-progress"],      # one or the other
    ["process", "in", "out", "--jobs", "two"],
    [],                                                           # a command is required
])
def test_a_wrong_command_line_is_a_usage_error(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args(argv)
    assert exit_.value.code == 2
    assert capsys.readouterr().err.startswith("usage: python -m helpers")


TIME_LINE = r"time: \d+\.\ds wall \(\d+\.\d\d MB/s\); worker time per stage: "


def test_main_in_this_process_writes_the_tables_prints_the_summary_and_the_times(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["process", str(RAW), str(out), "--jobs", "1", "--no-progress"]) == 0
    printed = capsys.readouterr()
    n_sentences, n_annotations = len(read_table(out, "sentences")), len(read_table(out, "annotations"))
    assert (n_sentences, n_annotations) == (44, 208)
    assert printed.out == (f"processed 2 articles (12.8 kB) in 1 chunk → {out}\n"
                           f"  tables: articles 2 rows · sentences 44 rows · annotations 208 rows\n"
                           "skipped: none\n")
    stages = r"annotating \d+\.\ds, cleaning \d+\.\ds, loading \d+\.\ds, sentences \d+\.\ds, writing \d+\.\ds"
    assert re.fullmatch(TIME_LINE + stages + "\n", printed.err), printed.err
    # the metadata.csv above data/raw is joined by default
    assert read_table(out, "articles")["outlet"].tolist() == ["Anadolu Agency", "unknown"]
    # a second run reuses the chunk (and reports the worker time stored with it)
    assert main(["process", str(RAW), str(out), "--jobs", "1", "--no-progress"]) == 0
    again = capsys.readouterr()
    assert again.out.startswith(f"processed 2 articles (12.8 kB) in 1 chunk, 1 reused from an earlier run → {out}\n")
    assert re.fullmatch(TIME_LINE + stages + "\n", again.err), again.err


def test_main_without_metadata_and_with_a_recognizer(tmp_path, capsys, monkeypatch):
    from helpers.annotating import RECOGNIZER_ENV

    monkeypatch.setenv(RECOGNIZER_ENV, "combined")       # restored after the test; main sets it
    out = tmp_path / "out"
    assert main(["process", str(RAW), str(out), "--jobs", "1", "--no-progress", "--no-metadata",
                 "--recognizer", "rules"]) == 0
    import os
    assert os.environ[RECOGNIZER_ENV] == "rules"
    assert "outlet" not in read_table(out, "articles").columns
    assert capsys.readouterr().out.startswith("processed 2 articles (12.8 kB) in 1 chunk → ")


@pytest.mark.parametrize("option", [["--chunk-size", "0"], ["--jobs", "0"]])
def test_main_refuses_a_size_below_one(option, tmp_path, capsys):
    assert main(["process", str(RAW), str(tmp_path / "out"), *option]) == 2
    assert capsys.readouterr().err == "error: --chunk-size and --jobs must be at least 1\n"
    assert not (tmp_path / "out").exists()


def test_main_says_why_nothing_was_processed(tmp_path, capsys):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    assert main(["process", str(bad), str(tmp_path / "out"), "--jobs", "1", "--no-progress"]) == 1
    printed = capsys.readouterr()
    assert printed.out.startswith("processed 0 articles (0 B) in 1 chunk → ")
    assert printed.err.endswith("\nerror: no article could be processed\n")
    assert main(["process", str(tmp_path / "nowhere"), str(tmp_path / "out2"), "--jobs", "1"]) == 1
    assert capsys.readouterr().err.startswith("error: ")


def test_main_reports_the_rate_in_megabytes_per_second(tmp_path, capsys, monkeypatch):
    import helpers.scaling.cli as cli
    from helpers.scaling import RunSummary

    # 1,005,001 bytes in one second: 1.005001 MB/s, shown rounded to 1.01 (not 1.00)
    done = RunSummary(str(tmp_path), n_chunks=1, n_articles=1, n_bytes=1_005_001, elapsed=1.0,
                      seconds={"loading": 0.25})
    monkeypatch.setattr(cli, "process_corpus", lambda *a, **k: done)
    assert main(["process", str(RAW), str(tmp_path)]) == 0
    printed = capsys.readouterr()
    assert printed.out == format_summary(done) + "\n"
    assert printed.err == "time: 1.0s wall (1.01 MB/s); worker time per stage: loading 0.2s\n"
    # no worker time recorded (and no time elapsed): said so, at 0 MB/s
    done.seconds, done.elapsed = {}, 0.0
    assert main(["process", str(RAW), str(tmp_path)]) == 0
    assert capsys.readouterr().err == "time: 0.0s wall (0.00 MB/s); worker time per stage: none\n"


def test_the_summary_groups_skipped_files_by_reason_commonest_first():
    from helpers.scaling import RunSummary

    summary = RunSummary("out", n_chunks=3, n_resumed=1, n_failed=1, n_articles=1234, n_sentences=5,
                         n_annotations=7, n_bytes=2_500_000,
                         skipped=[{"path": "a/e1.txt", "reason": "empty file"},
                                  {"path": "a/b.bin", "reason": "binary file (contains NUL bytes)"},
                                  {"path": "a/e2.txt", "reason": "empty file"}])
    head = ("processed 1,234 articles (2.5 MB) in 3 chunks, 1 reused from an earlier run, 1 FAILED (rerun to retry)"
            " → out\n  tables: articles 1,234 rows · sentences 5 rows · annotations 7 rows\n"
            "skipped 3 (details in out/manifest.json):\n  2 × empty file\n      a/e1.txt\n      a/e2.txt\n"
            "  1 × binary file (contains NUL bytes)\n")
    assert format_summary(summary) == head + "      a/b.bin"                 # all shown: no "… and 0 more"
    assert format_summary(summary, max_files=2) == head + "      … and 1 more"


# --------------------------------------------------------------------------- chunks

def test_every_chunk_of_an_archive_carries_the_metadata_file_it_was_given(tmp_path):
    import io
    import tarfile

    from helpers import iter_chunks

    archive = tmp_path / "news.tar"
    with tarfile.open(archive, "w") as tar:
        for name in ("anadolu_saar_baku", "saar_astana_baku"):
            data = (RAW / f"{name}.txt").read_bytes()
            info = tarfile.TarInfo(f"news/{name}.txt")
            info.size, info.mtime = len(data), 1_700_000_000
            tar.addfile(info, io.BytesIO(data))
    meta = str(ROOT / "data" / "metadata.csv")
    for size, shape in ((1, [1, 1]), (5, [2])):   # full chunks, and the last (partial) one
        chunks = list(iter_chunks(archive, chunk_size=size, metadata=meta))
        assert [len(c.rows) for c in chunks] == shape
        assert [c.metadata for c in chunks] == [meta] * len(shape)
        assert sum(c.n_bytes for c in chunks) == SEED_BYTES


def test_an_export_whose_text_changed_is_processed_again(tmp_path):
    import csv

    corpus = tmp_path / "exports"
    corpus.mkdir()
    text = (RAW / "anadolu_saar_baku.txt").read_text(encoding="utf-8")

    def export(body: str) -> None:
        with open(corpus / "a.csv", "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([["id", "text"], ["1", body]])

    export(text)
    first = process_corpus(corpus, tmp_path / "out", jobs=1, progress=False)
    export(text.replace("جدعون ساعر", "ساعر", 1))            # the same row, its text edited
    second = process_corpus(corpus, tmp_path / "out", jobs=1, progress=False)
    assert (first.n_resumed, second.n_resumed) == (0, 0)
    assert read_table(tmp_path / "out", "articles")["text"].tolist() == [text.replace("جدعون ساعر", "ساعر", 1)]
    assert process_corpus(corpus, tmp_path / "out", jobs=1, progress=False).n_resumed == 1   # unchanged now


# --------------------------------------------------------------------------- test corpora

def test_synthetic_corpus_is_the_same_corpus_for_the_same_seed(tmp_path):
    import hashlib

    from helpers import synthetic_corpus

    out = synthetic_corpus(RAW, tmp_path / "c", 30_000, seed=3, per_folder=4)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert files == ["0000/article_0000000.txt", "0000/article_0000001.txt", "0000/article_0000002.txt",
                     "0000/article_0000003.txt", "0001/article_0000004.txt", "0001/article_0000005.txt"]
    blob = b"".join((out / f).read_bytes() for f in files)
    assert len(blob) == 33_635
    assert hashlib.sha256(blob).hexdigest() == "c233e550e7a10a19a343ae477607c073828606e6f09f71eba9f4f4c7b4019f25"
    first = (out / files[0]).read_text(encoding="utf-8").split("\n")
    # headline, blank line, dateline, blank line, then paragraphs each followed by a blank line
    assert first[:4] == ["وزير خارجية إسرائيل من أذربيجان: نسعى لتوطيد علاقتنا الاستراتيجية", "",
                         "القدس/ الأناضول", ""]
    assert first[5::2] == [""] * len(first[5::2]) and first[-1] == ""
    paragraphs = [len([p for p in (out / f).read_text(encoding="utf-8").split("\n\n") if p]) for f in files]
    assert paragraphs == [14, 11, 7, 12, 9, 9]


def test_synthetic_corpus_ignores_the_sources_bad_files_quietly_and_needs_an_article(tmp_path):
    import shutil
    import warnings

    from helpers import synthetic_corpus

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(RAW / "anadolu_saar_baku.txt", src)
    (src / "empty.txt").write_bytes(b"")                         # a CorpusWarning in load_corpus
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = synthetic_corpus(src, tmp_path / "c", 5_000)
    assert sorted(p.name for p in out.rglob("*.txt")) == ["article_0000000.txt", "article_0000001.txt"]
    (tmp_path / "none").mkdir()
    with pytest.raises(ValueError) as err:
        synthetic_corpus(tmp_path / "none", tmp_path / "d", 5_000)
    assert str(err.value) == f"no article to recombine under {tmp_path / 'none'}"


# --------------------------------------------------------------------------- one chunk

def test_well_formed_articles_never_need_the_article_by_article_fallback(tmp_path, monkeypatch):
    """The chunk-wide path (Arrow tables built straight from the annotator's columns) must work on
    its own: a failure there would be hidden by the slower fallback, which gives the same tables."""
    import helpers.scaling.worker as worker
    from helpers import annotate_corpus, iter_chunks, load_corpus, process_chunk

    def no_fallback(df, seconds, skipped):
        raise AssertionError("the chunk-wide stages failed on well-formed articles")

    def not_chunk_wide(*args, **kwargs):
        raise AssertionError("a frame-by-frame stage ran on well-formed articles")

    monkeypatch.setattr(worker, "_stages_per_article", no_fallback)
    for slower in ("annotate_corpus", "clean_corpus", "sentences_frame"):   # the paths for odd frames
        monkeypatch.setattr(worker, slower, not_chunk_wide)
    stats = process_chunk(next(iter_chunks(RAW)), tmp_path / "out")
    assert (stats["n_articles"], stats["n_sentences"], stats["n_annotations"]) == (2, 44, 208)
    spans = read_table(tmp_path / "out", "annotations")
    monkeypatch.undo()
    expected = annotate_corpus(load_corpus(RAW, metadata=False))
    assert spans["doc_id"].tolist() == expected["doc_id"].tolist()
    assert spans[["start", "end", "label", "text"]].values.tolist() == \
        expected[["start", "end", "label", "text"]].values.tolist()


def test_a_chunks_statistics_time_each_stage_within_the_call(tmp_path):
    import time

    from helpers import iter_chunks, process_chunk

    t0 = time.perf_counter()
    stats = process_chunk(next(iter_chunks(RAW)), tmp_path / "out")
    wall = time.perf_counter() - t0
    seconds = stats["seconds"]
    assert sorted(seconds) == ["annotating", "cleaning", "loading", "sentences", "writing"]
    assert all(0 <= v <= wall for v in seconds.values()) and sum(seconds.values()) <= wall, (seconds, wall)


def test_an_empty_chunk_writes_every_column_with_its_type(tmp_path):
    import pyarrow.parquet as pq

    from helpers import iter_chunks, process_chunk
    from helpers.scaling import TYPES

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    stats = process_chunk(next(iter_chunks(tmp_path / "in")), tmp_path / "out")
    assert stats["n_articles"] == 0
    for table, types in TYPES.items():
        schema = pq.read_schema(tmp_path / "out" / table / "part-00000.parquet")
        assert [(f.name, f.type) for f in schema][:len(types)] == list(types.items()), table


def _fragile_annotator(monkeypatch, breaks_on: str) -> None:
    from helpers.annotating import Annotator

    real = Annotator.columns

    def fragile(self, text, recognizer=None):   # the annotator itself fails on some articles
        if breaks_on in text:
            raise RuntimeError("annotator crashed")
        return real(self, text, recognizer)

    monkeypatch.setattr(Annotator, "columns", fragile)


def test_the_article_by_article_fallback_writes_the_usual_columns(tmp_path, monkeypatch):
    from helpers import iter_chunks, process_chunk

    normal = process_chunk(next(iter_chunks(RAW)), tmp_path / "normal")
    _fragile_annotator(monkeypatch, "الاحتلال")           # in saar_astana_baku only
    stats = process_chunk(next(iter_chunks(RAW)), tmp_path / "out")
    assert stats["n_articles"] == 1
    for table in ("articles", "sentences", "annotations"):
        got, full = read_table(tmp_path / "out", table), read_table(tmp_path / "normal", table)
        assert got.columns.tolist() == full.columns.tolist(), table
        pd.testing.assert_frame_equal(got, full[full["doc_id"] == "anadolu_saar_baku"].reset_index(drop=True),
                                      check_dtype=False)
    assert normal["n_articles"] == 2


def test_a_chunk_whose_every_article_fails_writes_empty_tables(tmp_path, monkeypatch):
    from helpers import iter_chunks, process_chunk

    _fragile_annotator(monkeypatch, "")                   # every text contains ""
    stats = process_chunk(next(iter_chunks(RAW)), tmp_path / "out")
    assert (stats["n_articles"], stats["n_sentences"], stats["n_annotations"]) == (0, 0, 0)
    assert [s["reason"] for s in stats["skipped"]] == ["processing failed: RuntimeError: annotator crashed"] * 2
    assert read_table(tmp_path / "out", "sentences").columns.tolist() == \
        ["doc_id", "sent_id", "para_id", "start", "end", "text"]
    assert len(read_table(tmp_path / "out", "articles")) == 0
    import pyarrow.parquet as pq
    from helpers.scaling import TYPES

    schema = pq.read_schema(tmp_path / "out" / "annotations" / "part-00000.parquet")   # no span at all
    assert [(f.name, f.type) for f in schema] == list(TYPES["annotations"].items())


# --------------------------------------------------------------------------- Dask

def test_dask_on_a_running_scheduler_from_python(tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        summary = process_corpus(RAW, tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address,
                                 chunk_size=1, progress=False)
        assert "process_chunk" in cluster.scheduler.task_prefixes
    assert (summary.n_chunks, summary.n_articles) == (2, 2)
    assert read_table(tmp_path / "out", "articles")["doc_id"].tolist() == ["anadolu_saar_baku", "saar_astana_baku"]


def test_dask_without_a_scheduler_starts_a_cluster_of_jobs_single_threaded_processes(tmp_path, monkeypatch):
    import distributed

    started = []

    class Recorded(distributed.LocalCluster):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(([type(w).__name__ for w in self.workers.values()],
                            sorted(self.scheduler_info["workers"][a]["nthreads"] for a in self.scheduler_info["workers"])))

    monkeypatch.setattr(distributed, "LocalCluster", Recorded)
    summary = process_corpus(RAW, tmp_path / "out", engine="dask", jobs=1, chunk_size=1, progress=False)
    assert started == [(["Nanny"], [1])]
    assert (summary.n_chunks, summary.n_articles) == (2, 2)


def test_a_field_missing_from_some_rows_of_an_export_is_stored_as_null(tmp_path):
    import json

    import pyarrow.parquet as pq

    corpus = tmp_path / "exports"
    corpus.mkdir()
    rows = [{"id": "1", "views": 10, "text": (RAW / "anadolu_saar_baku.txt").read_text(encoding="utf-8")},
            {"id": "2", "text": (RAW / "saar_astana_baku.txt").read_text(encoding="utf-8")}]
    (corpus / "a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    process_corpus(corpus, tmp_path / "out", jobs=1, progress=False)
    views = pq.read_table(tmp_path / "out" / "articles" / "part-00000.parquet").column("views")
    assert (views.to_pylist(), views.null_count) == (["10", None], 1)


def test_progress_true_shows_the_bar_even_off_a_terminal(tmp_path, capsys):
    process_corpus(RAW, tmp_path / "out", jobs=1, progress=True)
    err = capsys.readouterr().err
    assert "processing: 100%" in err and "12.8k/12.8k" in err
    process_corpus(RAW, tmp_path / "out2", jobs=1, progress=False)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("columns, width", [(150, 100), (72, 72)])
def test_the_progress_bar_fits_the_terminal_up_to_a_hundred_columns(columns, width, tmp_path, capfd, monkeypatch):
    import os

    monkeypatch.setattr(os, "get_terminal_size", lambda fd=None: os.terminal_size((columns, 40)))
    process_corpus(RAW, tmp_path / "out", jobs=1, progress=True)
    lines = [line for line in capfd.readouterr().err.replace("\r", "\n").split("\n") if "processing" in line]
    assert lines and {len(line) for line in lines} == {width}, lines


def test_the_progress_bar_of_an_archive_counts_its_articles_bytes(tmp_path, capsys):
    import io
    import tarfile

    archive = tmp_path / "news.tar"
    with tarfile.open(archive, "w") as tar:
        for name in ("anadolu_saar_baku", "saar_astana_baku"):
            data = (RAW / f"{name}.txt").read_bytes()
            info = tarfile.TarInfo(f"news/{name}.txt")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    process_corpus(archive, tmp_path / "out", jobs=1, progress=True)
    assert "12.8k/12.8k" in capsys.readouterr().err


def test_a_local_pool_has_jobs_worker_processes(tmp_path, monkeypatch):
    import concurrent.futures

    started = []

    class Recorded(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, max_workers=None, *args, **kwargs):
            started.append(max_workers)
            super().__init__(max_workers, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recorded)
    summary = process_corpus(RAW, tmp_path / "out", jobs=3, chunk_size=1, progress=False)
    assert started == [3] and summary.n_articles == 2


def test_a_local_pool_keeps_up_to_twice_jobs_chunks_in_flight(tmp_path, monkeypatch):
    import shutil

    import helpers.scaling.run as scaling_run

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for i in range(4):
        for name in ("anadolu_saar_baku", "saar_astana_baku"):
            shutil.copy(RAW / f"{name}.txt", corpus / f"{i}_{name}.txt")
    real, ahead = scaling_run.iter_chunks, []

    def counting(*args, **kwargs):      # before each chunk is handed out: how many are out and not done
        for i, chunk in enumerate(real(*args, **kwargs)):
            ahead.append(i - len(list((out / "_chunks").glob("*.json"))))
            yield chunk

    monkeypatch.setattr(scaling_run, "iter_chunks", counting)
    summary = process_corpus(corpus, out, jobs=2, chunk_size=1, progress=False)
    assert (summary.n_chunks, summary.n_articles) == (8, 8)
    # the workers get chunks ahead (not one at a time), and never more than 2 × jobs at once
    assert 2 <= max(ahead) <= 4, ahead
