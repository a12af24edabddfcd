"""Scaling stage, one chunk checked exactly: the articles table holds the cleaning's columns and the
metadata, the statistics a chunk returns and writes (seconds per stage counted on a fake clock), a
chunk of blank rows, and _run_stages on frames that loading never gives."""
from __future__ import annotations

import json
import shutil
import types
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

import helpers.scaling.worker as worker
from helpers import (
    annotate_corpus, clean_corpus, iter_chunks, load_corpus, process_chunk, read_table, sentences_frame,
)
from helpers.scaling.worker import _load_chunk, _run_stages

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
META = ROOT / "data" / "metadata.csv"
STEP = 1.2345678  # seconds between two readings of the fake clock: rounding to 6 places shows


def fake_clock(monkeypatch) -> None:
    """worker's time.perf_counter advances by STEP at every reading, so that every stage takes a
    known time (its readings follow one another: nothing else reads that clock in between)."""
    calls = iter(range(1, 10_000))
    monkeypatch.setattr(worker, "time", types.SimpleNamespace(perf_counter=lambda: next(calls) * STEP))


def test_the_articles_table_holds_the_cleaned_text_the_token_counts_and_the_metadata(tmp_path):
    """A chunk of the two seeds with data/metadata.csv: the stored articles are load_corpus's rows with
    clean_corpus's clean_text and n_tokens, their metadata joined; sentences and annotations as the notebooks'."""
    stats = process_chunk(next(iter_chunks(RAW, metadata=META)), tmp_path / "out")
    expected = clean_corpus(load_corpus(RAW, metadata=META))
    got = read_table(tmp_path / "out", "articles")
    assert got["doc_id"].tolist() == ["anadolu_saar_baku", "saar_astana_baku"]
    assert got["clean_text"].tolist() == expected["clean_text"].tolist()
    assert got["clean_text"].str.len().tolist() == expected["clean_text"].str.len().tolist()
    assert got["n_tokens"].tolist() == [504, 629] == expected["n_tokens"].tolist()
    assert str(got["n_tokens"].dtype) == "int64"
    assert got[["outlet", "weekday", "city", "language"]].values.tolist() == [
        ["Anadolu Agency", "الاثنين", "القدس", "ar"],   # Monday, Jerusalem
        ["unknown", "الثلاثاء", "unknown", "ar"],        # Tuesday
    ]
    assert got["text"].tolist() == expected["text"].tolist()
    sentences = read_table(tmp_path / "out", "sentences")
    want = sentences_frame(expected)
    assert sentences.values.tolist() == want[sentences.columns].values.tolist()
    spans = read_table(tmp_path / "out", "annotations")
    want = annotate_corpus(expected)
    assert spans[["doc_id", "start", "end", "label", "text"]].values.tolist() == \
        want[["doc_id", "start", "end", "label", "text"]].values.tolist()
    assert (stats["n_articles"], stats["n_sentences"], stats["n_annotations"]) == (2, 44, 208)


def test_a_chunks_statistics_add_up_the_seconds_of_every_article_the_fallback_kept(
        tmp_path, monkeypatch, three_articles, break_annotator_on_b):
    """Three articles, the annotator fails on one: the chunk-wide pass fails (no seconds), the fallback
    times the two others stage by stage and adds them up. The same statistics are returned and written."""
    corpus = three_articles
    break_annotator_on_b()
    fake_clock(monkeypatch)
    chunk = next(iter_chunks(corpus, metadata=None))
    stats = process_chunk(chunk, tmp_path / "out")
    kept = load_corpus([corpus / "a1.txt", corpus / "a2.txt"], metadata=False)
    size = 2 * (RAW / "anadolu_saar_baku.txt").stat().st_size + (RAW / "saar_astana_baku.txt").stat().st_size
    assert chunk.index == 0 and chunk.n_bytes == size
    assert stats == {
        "index": 0, "signature": chunk.signature, "n_bytes": size,
        "n_articles": 2, "n_sentences": len(sentences_frame(kept)), "n_annotations": len(annotate_corpus(kept)),
        "skipped": [{"path": str(corpus / "b.txt"), "reason": "processing failed: RuntimeError: annotator crashed"}],
        "seconds": {"loading": 1.234568, "sentences": 2.469136, "cleaning": 2.469136, "annotating": 2.469136,
                    "writing": 1.234568},
    }
    # anadolu_saar_baku alone: 25 sentences, 104 spans
    assert (stats["n_sentences"], stats["n_annotations"]) == (2 * 25, 2 * 104)
    assert json.loads((tmp_path / "out" / "_chunks" / "part-00000.json").read_text(encoding="utf-8")) == stats


def test_a_chunk_of_blank_rows_still_times_every_stage(tmp_path, monkeypatch):
    """An export whose rows are all blank: no article, every row reported, and the chunk-wide pass runs
    (on nothing) and is timed like any other, one clock step per stage."""
    export = tmp_path / "news.csv"
    export.write_text("id,text\n1,\n2,   \n", encoding="utf-8")
    fake_clock(monkeypatch)
    chunk = next(iter_chunks(export, metadata=None))
    stats = process_chunk(chunk, tmp_path / "out")
    assert stats["skipped"] == [{"path": f"{export}#1", "reason": "empty text"},
                                {"path": f"{export}#2", "reason": "whitespace only"}]
    assert (stats["n_articles"], stats["n_sentences"], stats["n_annotations"]) == (0, 0, 0)
    assert stats["seconds"] == {"loading": 1.234568, "sentences": 1.234568, "cleaning": 1.234568,
                                "annotating": 1.234568, "writing": 1.234568}


def test_run_stages_parses_again_a_frame_that_is_not_the_one_loaded():
    """_run_stages (private: process_chunk always gives it the rows _load_chunk parsed) must not reuse
    paragraph spans found for other rows: here the same two articles in the other order."""
    df, _, parsed = _load_chunk(next(iter_chunks(RAW, metadata=None)))
    assert parsed is not None
    swapped = df.iloc[::-1].reset_index(drop=True)
    cleaned, sentences, spans = _run_stages(swapped, Counter(), parsed)
    want = sentences_frame(swapped)
    assert isinstance(sentences, pd.DataFrame)
    assert sentences.values.tolist() == want.values.tolist()
    assert sentences["doc_id"].iloc[0] == "saar_astana_baku"
    assert cleaned["n_tokens"].tolist() == [629, 504]


def test_run_stages_cleans_texts_that_are_not_plain_str_with_clean_corpus():
    """_run_stages (private: loading only gives str) cleans a frame whose texts are a str subclass
    (numpy.str_, e.g. from a numpy array) with clean_corpus: the same clean_text and n_tokens."""
    df, _, _ = _load_chunk(next(iter_chunks(RAW, metadata=None)))
    odd = df.assign(text=pd.Series([np.str_(t) for t in df["text"]], index=df.index, dtype=object))
    cleaned, sentences, spans = _run_stages(odd, Counter())
    want = clean_corpus(df)
    assert cleaned["clean_text"].tolist() == want["clean_text"].tolist()
    assert cleaned["n_tokens"].tolist() == [504, 629]
    assert (len(sentences), len(spans)) == (44, 208)


def test_a_chunk_with_metadata_keeps_the_chunk_wide_path(tmp_path, monkeypatch):
    """Joining metadata.csv (one row per doc_id) must not throw away what loading parsed: the sentences
    and annotations are still built chunk-wide, never by the slower frame-by-frame helpers."""
    def not_chunk_wide(*args, **kwargs):
        raise AssertionError("a frame-by-frame stage ran on well-formed articles with metadata")

    for slower in ("_stages_per_article", "annotate_corpus", "clean_corpus", "sentences_frame"):
        monkeypatch.setattr(worker, slower, not_chunk_wide)
    stats = process_chunk(next(iter_chunks(RAW, metadata=META)), tmp_path / "out")
    assert (stats["n_articles"], stats["n_sentences"], stats["n_annotations"], stats["skipped"]) == (2, 44, 208, [])
    assert read_table(tmp_path / "out", "articles")["outlet"].tolist() == ["Anadolu Agency", "unknown"]


def test_a_metadata_csv_that_cannot_be_joined_is_reported_and_the_articles_still_run(tmp_path):
    """As load_corpus: a metadata.csv without doc_id is named in the summary with its reason, and the
    articles are processed without it (it once stopped every chunk with a bare KeyError: 'doc_id')."""
    from helpers import process_corpus
    corpus = tmp_path / "corpus"
    shutil.copytree(RAW, corpus)
    bad = tmp_path / "metadata.csv"  # one level up: found as load_corpus finds it
    bad.write_text("id,outlet\nanadolu_saar_baku,وكالة الأناضول\n", encoding="utf-8")  # Anadolu Agency
    summary = process_corpus(corpus, tmp_path / "out", jobs=1)
    assert (summary.n_articles, summary.n_failed) == (2, 0)
    assert summary.skipped == [{"path": str(bad), "reason": "metadata not joined: no doc_id column"}]
    process_corpus(corpus, tmp_path / "plain", jobs=1, metadata=False)
    pd.testing.assert_frame_equal(read_table(tmp_path / "out", "articles"), read_table(tmp_path / "plain", "articles"))
