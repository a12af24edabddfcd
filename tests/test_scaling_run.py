"""Scaling's runner (helpers/scaling/run.py): what a rerun tidies in the output folder, and how
the Dask engine submits the chunks (task keys, how many in flight, the cluster it starts)."""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

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


# --------------------------------------------------------------------------- Dask

def slow_process_chunk(chunk, output):
    """process_chunk, half a second late: every submit of a run comes before any chunk is done."""
    time.sleep(0.5)
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
    the chunks on it and closes it; Dask's own log lines (INFO, WARNING) stay out of stderr."""
    import distributed

    started = []

    class Recorded(distributed.LocalCluster):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(distributed, "LocalCluster", Recorded)
    summary = process_corpus(RAW, tmp_path / "out", engine="dask", jobs=1, chunk_size=1, progress=False)
    assert (summary.n_chunks, summary.n_articles, summary.n_failed) == (2, 2, 0)
    assert len(started) == 1
    cluster = started[0]
    assert "process_chunk" in cluster.scheduler.task_prefixes, list(cluster.scheduler.task_prefixes)
    assert cluster.status.name == "closed"
    assert capfd.readouterr().err == ""
