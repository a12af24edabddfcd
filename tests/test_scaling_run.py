"""Scaling's runner (helpers/scaling/run.py): what a rerun tidies in the output folder, and how
the Dask engine submits the chunks (task keys, how many in flight, the cluster it starts)."""
from __future__ import annotations

import collections
import csv
import io
import json
import re
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import helpers.scaling.run as scaling_run
import helpers.scaling.worker as scaling_worker
from helpers import process_corpus
from helpers.scaling import TABLES

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
ANADOLU = RAW / "anadolu_saar_baku.txt"
ASTANA = RAW / "saar_astana_baku.txt"


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- tidying

def test_a_rerun_on_a_smaller_corpus_keeps_only_its_parts_and_markers(tmp_path):
    """After a rerun on one article (two before), every table and the done-markers (_chunks) hold
    only chunk 0's file: parts, markers and temporary files left by a kill are gone, other files stay."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for p in (ANADOLU, ASTANA):
        shutil.copy(p, corpus / p.name)
    assert process_corpus(corpus, out, jobs=1, chunk_size=1).n_chunks == 2
    assert listing(out / "_chunks") == ["part-00000.json", "part-00001.json"]
    # a kill while writing a marker and a part left their temporary files (atomic_path's names)
    (out / "_chunks" / ".part-00001.json.k3j2x9.tmp").write_text("{\"ind", encoding="utf-8")
    (out / "sentences" / ".part-00001.parquet.x1y2z3.tmp").write_bytes(b"half a file")
    # files the run did not write: one ending in .tmp, one starting like a temporary part
    (out / "_chunks" / "notes.tmp").write_text("to check", encoding="utf-8")
    (out / "_chunks" / ".part-00000.json.bak").write_text("{}", encoding="utf-8")
    (corpus / ASTANA.name).unlink()
    summary = process_corpus(corpus, out, jobs=1, chunk_size=1)
    assert (summary.n_chunks, summary.n_resumed, summary.n_articles) == (1, 1, 1)
    for t in TABLES:
        assert listing(out / t) == ["part-00000.parquet"], t
    assert listing(out / "_chunks") == [".part-00000.json.bak", "notes.tmp", "part-00000.json"]
    assert pd.read_parquet(out / "articles").doc_id.tolist() == ["anadolu_saar_baku"]


def test_a_missing_table_folder_does_not_stop_the_tidying_of_the_others(tmp_path, monkeypatch):
    """The articles folder deleted by hand, then a rerun interrupted (Ctrl-C) at its first chunk:
    the temporary files of the later folders are removed all the same, before any chunk runs."""
    out = tmp_path / "out"
    process_corpus(RAW, out, jobs=1, chunk_size=1)
    shutil.rmtree(out / "articles")
    (out / "sentences" / ".part-00001.parquet.x1y2z3.tmp").write_bytes(b"half a file")
    (out / "_chunks" / ".part-00001.json.k3j2x9.tmp").write_text("{\"ind", encoding="utf-8")

    def ctrl_c(chunk, output):
        raise KeyboardInterrupt

    monkeypatch.setattr(scaling_run, "process_chunk", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        process_corpus(RAW, out, jobs=1, chunk_size=1)
    assert listing(out / "sentences") == ["part-00001.parquet"]  # chunk 0's was forgotten first
    assert listing(out / "_chunks") == ["part-00001.json"]
    assert not (out / "articles").exists()


def test_files_that_vanish_while_the_run_tidies_do_not_stop_it(tmp_path, monkeypatch):
    """A temporary file or an old part listed, then removed by someone else before the run removes
    it (a task of an interrupted Dask run still renaming its part): the run goes on and ends whole."""
    out = tmp_path / "out"
    process_corpus(RAW, out, jobs=1, chunk_size=1)
    listed = Path.iterdir

    def with_ghosts(folder):  # every folder lists a temporary file and a part past the end, both gone
        yield from listed(folder)
        if folder.parent == out:
            yield folder / ".part-00007.parquet.a1b2c3.tmp"
            yield folder / f"part-00009.{'json' if folder.name == '_chunks' else 'parquet'}"

    monkeypatch.setattr(Path, "iterdir", with_ghosts)
    summary = process_corpus(RAW, out, jobs=1, chunk_size=1)
    monkeypatch.undo()
    assert (summary.n_articles, summary.n_chunks, summary.n_failed) == (2, 2, 0)
    for folder in [*TABLES, "_chunks"]:
        assert listing(out / folder) == [f"part-0000{i}.{'json' if folder == '_chunks' else 'parquet'}" for i in (0, 1)]


# --------------------------------------------------------------------------- Dask

def slow_process_chunk(chunk, output):
    """process_chunk, a second late: every submit of a run comes before any chunk is done (a second
    leaves room for a loaded machine: the submits themselves take milliseconds)."""
    time.sleep(1.0)
    return scaling_worker.process_chunk(chunk, output)


class RecordingClient:
    """A caller's distributed.Client, recording each task's key and how many were then in flight."""

    def __init__(self, client):
        self.client, self.keys, self.in_flight, self.futures = client, [], [], []

    def nthreads(self):
        return self.client.nthreads()

    def submit(self, func, *args, key=None, **kwargs):
        future = self.client.submit(func, *args, key=key, **kwargs)
        self.futures.append(future)
        self.keys.append(key)
        self.in_flight.append(sum(not f.done() for f in self.futures))
        return future


def test_dask_keeps_two_chunks_per_worker_thread_in_flight_under_keys_naming_chunk_and_output(
        tmp_path, monkeypatch):
    """Four chunks on a caller's cluster of 1 thread (jobs=3 is not read), then of 2 threads: at most
    2, then 4 in flight. Each task's key names its chunk (process_chunk-00003-…, as the dashboard
    shows it) and 16 hex digits of its inputs and output, so two runs into two folders share none."""
    from distributed import Client, LocalCluster

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, p in enumerate([ANADOLU, ASTANA, ANADOLU, ASTANA]):
        shutil.copy(p, corpus / f"{n}_{p.name}")
    monkeypatch.setattr(scaling_run, "process_chunk", slow_process_chunk)
    runs = {}
    for name, threads, jobs in (("one_thread", 1, 3), ("two_threads", 2, 1)):
        with LocalCluster(n_workers=1, threads_per_worker=threads, processes=False,
                          dashboard_address=":0") as cluster, Client(cluster) as client:
            spy = RecordingClient(client)
            summary = process_corpus(corpus, tmp_path / name, client=spy, jobs=jobs, chunk_size=1)
        assert (summary.n_chunks, summary.n_articles, summary.n_failed) == (4, 4, 0), name
        runs[name] = spy
    assert runs["one_thread"].in_flight == [1, 2, 2, 2]
    assert runs["two_threads"].in_flight == [1, 2, 3, 4]
    for spy in runs.values():
        assert [re.fullmatch(r"process_chunk-(\d{5})-[0-9a-f]{16}", k)[1] for k in spy.keys] == [
            "00000", "00001", "00002", "00003"]
        assert len(set(spy.keys)) == 4
    assert not set(runs["one_thread"].keys) & set(runs["two_threads"].keys)


def test_dask_engine_runs_the_chunks_on_the_cluster_it_starts_without_its_logs(tmp_path, capfd, monkeypatch):
    """engine="dask" without a scheduler starts a LocalCluster of ``jobs`` worker processes, runs
    the chunks on it and closes it; Dask's own log lines (INFO, WARNING) stay out of stderr: the
    workers' stderr handlers pass errors only (a warning, e.g. of memory running high, is not printed)."""
    import logging

    import distributed

    started = []

    levels = []

    class Recorded(distributed.LocalCluster):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)
            with distributed.Client(self) as client:  # the level of each worker's stderr handlers
                levels.extend(client.run(
                    lambda: [h.level for h in __import__("logging").getLogger("distributed").handlers]).values())

    monkeypatch.setattr(distributed, "LocalCluster", Recorded)
    summary = process_corpus(RAW, tmp_path / "out", engine="dask", jobs=1, chunk_size=1, progress=False)
    assert (summary.n_chunks, summary.n_articles, summary.n_failed) == (2, 2, 0)
    assert len(started) == 1
    cluster = started[0]
    assert "process_chunk" in cluster.scheduler.task_prefixes, list(cluster.scheduler.task_prefixes)
    assert cluster.status.name == "closed"
    assert capfd.readouterr().err == ""
    assert levels == [[logging.ERROR]]  # a worker prints errors, not its warnings (memory running high …)


# --------------------------------------------------------------------------- arguments, manifest, report

def test_bad_arguments_are_refused_with_messages_that_name_them(tmp_path):
    """Each wrong argument stops the run before anything is written, with a message naming it."""
    a_file = tmp_path / "out.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    cases = [
        (dict(input=RAW, output=a_file), NotADirectoryError, f"output {a_file} is a file, not a folder"),
        (dict(input=tmp_path / "missing", output=tmp_path / "o"), FileNotFoundError,
         f"no such file or folder: {tmp_path / 'missing'}"),
        (dict(input=RAW, output=tmp_path / "o", engine="spark"), ValueError,
         "engine must be 'local' or 'dask', not 'spark'"),
        (dict(input=RAW, output=tmp_path / "o", jobs=0), ValueError, "jobs must be at least 1, not 0"),
        (dict(input=RAW, output=RAW / ".." / "raw"), ValueError,  # the input folder by another name
         f"output {RAW / '..' / 'raw'} is the input folder: choose another folder (inside it is fine)"),
    ]
    for kwargs, error, message in cases:
        with pytest.raises(error) as info:
            process_corpus(kwargs.pop("input"), kwargs.pop("output"), **kwargs)
        assert str(info.value) == message
    assert not (tmp_path / "o").exists()


def test_the_manifest_names_the_inputs_options_and_counts_of_the_run(tmp_path):
    """A list of inputs, into a folder whose parents do not exist yet: the manifest lists them as
    given (str), with chunk_size (a NumPy integer stored as the number), engine and the same counts as the summary; elapsed is this call's."""
    out = tmp_path / "runs" / "2026" / "out"
    inputs = [ANADOLU, str(ASTANA)]
    start = time.perf_counter()
    summary = process_corpus(inputs, out, jobs=1, chunk_size=np.int64(1), progress=False)  # stored as int 1
    wall = time.perf_counter() - start
    assert 0 < summary.elapsed < wall
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest) == ["output", "n_chunks", "n_resumed", "n_failed", "n_articles", "n_sentences",
                              "n_annotations", "n_bytes", "skipped", "seconds", "elapsed", "input",
                              "chunk_size", "engine", "code_version"]
    assert manifest["input"] == [str(ANADOLU), str(ASTANA)]
    assert (manifest["output"], manifest["chunk_size"], manifest["engine"]) == (str(out), 1, "local")
    assert manifest["n_bytes"] == ANADOLU.stat().st_size + ASTANA.stat().st_size
    assert {k: manifest[k] for k in ("n_chunks", "n_articles", "n_sentences", "n_annotations")} == {
        "n_chunks": 2, "n_articles": 2, "n_sentences": summary.n_sentences, "n_annotations": summary.n_annotations}
    assert manifest["elapsed"] == summary.elapsed
    # the seconds per stage: the chunks' own (their markers), summed, to the millisecond
    markers = [json.loads((out / "_chunks" / f"part-{i:05d}.json").read_text(encoding="utf-8")) for i in (0, 1)]
    total = collections.Counter()
    for m in markers:
        total.update(m["seconds"])
    assert summary.seconds == {k: round(v, 3) for k, v in sorted(total.items())}
    assert manifest["seconds"] == summary.seconds and "writing" in summary.seconds
    again = process_corpus(str(ANADOLU), tmp_path / "one", jobs=1, progress=False)
    assert json.loads((tmp_path / "one" / "manifest.json").read_text(encoding="utf-8"))["input"] == str(ANADOLU)
    assert again.n_articles == 1


def test_every_failed_chunk_of_an_export_is_counted_and_reported_with_its_rows(tmp_path, monkeypatch):
    """Three rows of a CSV export in chunks of two, every chunk failing: two failures, each reported
    with the number of its articles (rows)."""
    texts = [ANADOLU.read_text(encoding="utf-8"), ASTANA.read_text(encoding="utf-8")]
    path = tmp_path / "news.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "text"])
        w.writeheader()
        w.writerows({"id": f"n{i}", "text": texts[i % 2]} for i in range(3))

    def out_of_memory(chunk, output):
        raise MemoryError("worker ran out of memory")

    monkeypatch.setattr(scaling_run, "process_chunk", out_of_memory)
    summary = process_corpus(path, tmp_path / "out", jobs=1, chunk_size=2, progress=False)
    assert (summary.n_chunks, summary.n_failed, summary.n_articles) == (2, 2, 0)
    assert summary.skipped == [
        {"path": "chunk part-00000 (2 articles)", "reason": "chunk failed: MemoryError: worker ran out of memory"},
        {"path": "chunk part-00001 (1 articles)", "reason": "chunk failed: MemoryError: worker ran out of memory"}]


class FakeTerminal(io.StringIO):
    """A stderr that says it is a terminal (and has no file descriptor, so 80 × 24 is assumed)."""

    def isatty(self):
        return True


def test_progress_shows_by_default_on_a_terminal_and_ends_at_the_input_bytes(tmp_path, monkeypatch):
    """progress left out, stderr a terminal: the bar counts the input's bytes and ends at 100% of
    exactly them (one small article: the count is shown to the byte)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "أعلن الرئيس عن زيارة إلى باكو.\n"  # "The president announced a visit to Baku."
    (corpus / "short.txt").write_text(text, encoding="utf-8")
    n = len(text.encode("utf-8"))
    stderr = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    process_corpus(corpus, tmp_path / "out", jobs=1)
    last = stderr.getvalue().split("\r")[-1]
    assert last.startswith("processing: 100%|") and f"| {n}.0/{n}.0 [" in last, last


def test_a_run_under_an_ascii_locale_stores_an_arabic_file_name_as_its_bytes(tmp_path):
    """LANG=C (no UTF-8 locale, as on some servers): Python decodes the name of «صورة.png» (a picture)
    with surrogate escapes; the manifest that reports it skipped is still written, as UTF-8, the
    name as it is on disk (the run once crashed there, after processing everything), and so is an
    Arabic row id of an export, which the locale's ASCII could not encode."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ANADOLU, corpus / ANADOLU.name)
    (corpus / "صورة.png").write_bytes(b"\x89PNG")  # its name's bytes on disk are UTF-8
    # an export whose blank row has an Arabic id («خبر»: a news item): real Arabic in the report
    (corpus / "export.csv").write_text("id,text\nخبر-1,\nخبر-2,قال ساعر إن العلاقات جيدة.\n", encoding="utf-8")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    code = f"from helpers import process_corpus; process_corpus({str(corpus)!r}, {str(tmp_path / 'out')!r}, jobs=1)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_bytes().decode("utf-8"))
    assert manifest["skipped"] == [{"path": str(corpus / "صورة.png"), "reason": "not a .txt/.csv/.jsonl file"},
                                   {"path": f"{corpus / 'export.csv'}#خبر-1", "reason": "empty text"}]
    assert manifest["n_articles"] == 2
    process_corpus(corpus, tmp_path / "here", jobs=1)  # the same run in this process's UTF-8 locale
    here = json.loads((tmp_path / "here" / "manifest.json").read_bytes().decode("utf-8"))
    assert here["skipped"] == manifest["skipped"]


def test_a_file_name_in_another_encoding_is_reported_as_its_bytes(tmp_path):
    """A picture named in Windows-1256 on a UTF-8 system (as unpacked from a Windows archive): Python
    reads the name with surrogate escapes, and the manifest, still UTF-8 JSON, holds its bytes as they are."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ANADOLU, corpus / ANADOLU.name)
    name = "صورة.png".encode("cp1256")  # «صورة»: a picture
    with open(os.fsencode(corpus) + b"/" + name, "wb") as f:
        f.write(b"\x89PNG")
    process_corpus(corpus, tmp_path / "out", jobs=1)
    data = (tmp_path / "out" / "manifest.json").read_bytes()
    assert os.fsencode(corpus) + b"/" + name in data
    manifest = json.loads(data.decode("utf-8", "surrogateescape"))
    assert manifest["skipped"] == [{"path": os.fsdecode(os.fsencode(corpus) + b"/" + name),
                                    "reason": "not a .txt/.csv/.jsonl file"}]
