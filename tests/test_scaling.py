"""Scaling stage: streaming discovery and chunking, the per-chunk pipeline, resume, atomic
writes, local vs Dask, the command line, and notebooks run on another corpus (papermill)."""
from __future__ import annotations

import csv
import itertools
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import nbformat
import pandas as pd
import pyarrow.parquet as pq
import pytest

import helpers.loading.stream as loading_stream
import helpers.scaling as scaling
import helpers.scaling.run as scaling_run
import helpers.scaling.tables as scaling_tables
import helpers.scaling.worker as scaling_worker
from helpers import (
    annotate_corpus, format_summary, iter_chunks, iter_export_rows, iter_inputs, load_corpus, process_chunk,
    process_corpus, read_table, read_text, sentences_frame, synthetic_corpus,
)
from helpers.scaling import TABLES

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
ANADOLU = RAW / "anadolu_saar_baku.txt"
ASTANA = RAW / "saar_astana_baku.txt"
SEED_IDS = ["anadolu_saar_baku", "saar_astana_baku"]


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 300, env: dict | None = None
            ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", "process", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(out / t) for t in TABLES}


@pytest.fixture
def messy(tmp_path) -> Path:
    """The two real articles in nested folders, plus files a real archive holds by mistake."""
    root = tmp_path / "archive"
    (root / "2025" / "11").mkdir(parents=True)
    shutil.copy(ANADOLU, root / "2025" / "11" / "anadolu.txt")
    shutil.copy(ASTANA, root / "astana.txt")
    (root / "empty.txt").write_bytes(b"")
    (root / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (root / "report.pdf").write_bytes(b"%PDF-1.4")
    (root / ".DS_Store").write_bytes(b"\x00\x01")
    return root


def write_csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


# --------------------------------------------------------------------------- discovery, chunks

def test_inputs_are_named_and_ordered_as_load_corpus_does():
    assert [doc_id for _, doc_id in iter_inputs(RAW)] == load_corpus(RAW).doc_id.tolist() == SEED_IDS


def test_nested_folder_ids_unsupported_files_reported_hidden_ignored(messy):
    skipped: list[dict] = []
    found = [(p.relative_to(messy).as_posix(), d) for p, d in iter_inputs(messy, skipped)]
    assert found == [("2025/11/anadolu.txt", "2025/11/anadolu"), ("astana.txt", "astana"),
                     ("empty.txt", "empty"), ("scan.txt", "scan")]
    assert [(Path(s["path"]).name, s["reason"]) for s in skipped] == [("report.pdf", "not a .txt/.csv/.jsonl file")]


def test_output_folder_inside_input_is_not_read(messy):
    out = messy / "out"
    assert process_corpus(messy, out, jobs=1, chunk_size=1).n_articles == 2
    assert not [p for p, _ in iter_inputs(messy, exclude=[out]) if out in p.parents]
    # a second run over the same folder still sees the two articles only, all reused
    again = process_corpus(messy, out, jobs=1, chunk_size=1)
    assert (again.n_articles, again.n_resumed) == (2, again.n_chunks)


def test_chunks_are_lazy_on_an_endless_stream_of_files():
    endless = itertools.repeat(ANADOLU)  # a generator of paths that never ends
    chunks = iter_chunks(endless, chunk_size=3)
    first, second = next(chunks), next(chunks)
    assert (first.index, second.index) == (0, 1)
    assert len(first.files) == len(second.files) == 3
    assert first.n_bytes == 3 * ANADOLU.stat().st_size


def test_chunk_signature_changes_with_the_input(tmp_path):
    art = tmp_path / "a.txt"
    shutil.copy(ANADOLU, art)
    before = next(iter_chunks(tmp_path)).signature
    assert next(iter_chunks(tmp_path)).signature == before  # stable
    art.write_text(read_text(ANADOLU) + "\nفقرة جديدة.", encoding="utf-8")
    assert next(iter_chunks(tmp_path)).signature != before


def test_csv_export_streams_in_chunks_with_ids_and_columns(tmp_path):
    texts = [read_text(ANADOLU), read_text(ASTANA)]
    rows = [{"id": f"n{i}", "title": f"خبر {i}", "text": texts[i % 2]} for i in range(5)]
    path = write_csv(tmp_path / "news.csv", rows)
    chunks = list(iter_chunks(path, chunk_size=2))
    assert [len(c.rows) for c in chunks] == [2, 2, 1]
    assert [r[0] for c in chunks for r in c.rows] == [f"news/n{i}" for i in range(5)]
    assert chunks[0].rows[1][2] == texts[1]                     # multi-line quoted text intact
    assert chunks[0].rows[0][3] == {"title": "خبر 0"}            # other columns kept
    assert sum(c.n_bytes for c in chunks) == path.stat().st_size  # progress adds up to the file


def test_blank_rows_of_an_export_are_skipped_with_their_reason(tmp_path):
    path = write_csv(tmp_path / "news.csv", [{"id": "full", "text": read_text(ANADOLU)},
                                             {"id": "empty", "text": ""}, {"id": "blank", "text": " \n\t"}])
    df, skipped = scaling.load_chunk(next(iter_chunks(path)))
    assert df["doc_id"].tolist() == ["news/full"]
    assert [s["reason"] for s in skipped] == ["empty text", "whitespace only"]


def test_csv_export_is_read_as_a_stream_not_whole(tmp_path):
    text = read_text(ASTANA)
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "text"])
        for i in range(1500):                                    # ~10 MB export
            w.writerow([i, text])
    size = path.stat().st_size
    assert size > 10_000_000
    tracemalloc.start()
    try:
        first = next(iter_chunks(path, chunk_size=10))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(first.rows) == 10
    assert peak < size / 10, f"reading one chunk of 10 rows took {peak:,} bytes of a {size:,}-byte file"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256"])
def test_exports_in_other_encodings_stream_to_the_same_text(tmp_path, encoding):
    # cp1256 (Windows Arabic) cannot encode the curly quotes and U+066C of the second article
    text = read_text(ANADOLU)
    path = tmp_path / "legacy.csv"
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        w.writerows([["1", text], ["2", text.replace("ساعر", "الوزير")]])
    skipped: list[dict] = []
    rows = [row for row, _ in iter_export_rows(path, "legacy", skipped)]
    assert skipped == []
    assert [r[0] for r in rows] == ["legacy/1", "legacy/2"]
    assert rows[0][2] == text and "الوزير" in rows[1][2]


def test_jsonl_export_bad_lines_are_reported_and_the_rest_kept(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"doc_id": "a1", "content": read_text(ANADOLU), "url": "https://example.org/1"},
                        ensure_ascii=False),
             "{not json",
             json.dumps({"doc_id": "a2", "title": "بلا نص"}, ensure_ascii=False),
             json.dumps(["a", "list"]),
             json.dumps({"doc_id": "a3", "text": read_text(ASTANA)}, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    skipped: list[dict] = []
    rows = [row for row, _ in iter_export_rows(path, "feed", skipped)]
    assert [r[0] for r in rows] == ["feed/a1", "feed/a3"]
    assert rows[0][3] == {"url": "https://example.org/1"}
    reasons = [s["reason"] for s in skipped]
    assert reasons[0].startswith("invalid JSON") and "no text column" in reasons[1]
    assert reasons[2] == "not a JSON object"


def test_csv_without_text_column_is_skipped_with_the_reason(tmp_path):
    path = write_csv(tmp_path / "links.csv", [{"url": "https://example.org", "title": "خبر"}])
    skipped: list[dict] = []
    assert list(iter_chunks(path, skipped=skipped)) == []
    assert skipped == [{"path": str(path), "reason": "no text column (expected one of text, body, content, article)"}]


# --------------------------------------------------------------------------- the pipeline

def test_real_articles_give_tables_whose_spans_point_into_the_raw_text(tmp_path):
    out = tmp_path / "out"
    summary = process_corpus(RAW, out, jobs=1)
    t = tables(out)
    arts = t["articles"]
    assert arts.doc_id.tolist() == SEED_IDS
    assert arts.set_index("doc_id").loc["anadolu_saar_baku", "outlet"] == "Anadolu Agency"  # metadata joined
    assert arts.text.tolist() == [read_text(ANADOLU), read_text(ASTANA)]
    assert arts.set_index("doc_id").loc["anadolu_saar_baku", "dateline"] == "القدس/ الأناضول"
    raw = dict(zip(arts.doc_id, arts.text))
    # same sentences as the loading stage gives
    expected = sentences_frame(load_corpus(RAW))
    pd.testing.assert_frame_equal(t["sentences"][expected.columns.tolist()], expected, check_dtype=False)
    spans = t["annotations"]
    assert len(spans) > 0 and set(spans.doc_id) == set(SEED_IDS)
    assert all(raw[d][s:e] == txt for d, s, e, txt in zip(spans.doc_id, spans.start, spans.end, spans.text))
    assert any("ساعر" in s for s in spans.text)
    # exactly the spans the annotating stage gives; value as text (a number or an ISO date)
    direct = annotate_corpus(load_corpus(RAW))
    direct["value"] = direct["value"].map(lambda v: None if v is None else str(v))
    pd.testing.assert_frame_equal(spans.astype(object).where(spans.notna(), None),
                                  direct.astype(object).where(direct.notna(), None), check_dtype=False)
    assert {"QUANTITY", "DATE", "PER", "LOC", "QUOTE"} <= set(spans.label)
    assert (summary.n_articles, summary.n_sentences, summary.n_annotations) == (2, len(expected), len(spans))


def test_parts_have_one_schema_even_for_an_empty_chunk(tmp_path):
    out, meta = tmp_path / "out", str(ROOT / "data" / "metadata.csv")
    (tmp_path / "empty.txt").write_bytes(b"")
    empty = scaling.Chunk(index=7, files=((str(tmp_path / "empty.txt"), "empty"),), metadata=meta)
    stats = process_chunk(empty, out)
    assert stats["n_articles"] == 0 and stats["skipped"][0]["reason"] == "empty file"
    full = process_chunk(next(iter_chunks(RAW, metadata=meta)), out)
    assert full["n_articles"] == 2
    for t in TABLES:
        a, b = (pq.read_schema(out / t / f"part-{i:05d}.parquet") for i in (7, 0))
        assert a.names == b.names and a.types == b.types, t
        assert len(pd.read_parquet(out / t / "part-00007.parquet")) == 0
        assert len(pd.read_parquet(out / t)) == len(pd.read_parquet(out / t / "part-00000.parquet")) > 0
    assert "outlet" in pd.read_parquet(out / "articles").columns


def test_bad_files_are_reported_and_the_rest_processed(messy, tmp_path):
    out = tmp_path / "out"
    summary = process_corpus(messy, out, jobs=1, chunk_size=2)
    assert summary.n_articles == 2
    reasons = {Path(s["path"]).name: s["reason"] for s in summary.skipped}
    assert reasons == {"report.pdf": "not a .txt/.csv/.jsonl file", "empty.txt": "empty file",
                       "scan.txt": "binary file (contains NUL bytes)"}
    assert sorted(pd.read_parquet(out / "articles").doc_id) == ["2025/11/anadolu", "astana"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["skipped"]) == 3 and manifest["n_articles"] == 2


def test_an_article_that_breaks_a_stage_is_left_out_not_the_chunk(tmp_path, monkeypatch):
    from helpers.annotating import Annotator

    real = Annotator.columns

    def fragile(self, text, recognizer=None):  # the annotator itself fails on one article, whichever path calls it
        if "الاحتلال" in text:
            raise RuntimeError("annotator crashed")
        return real(self, text, recognizer)

    monkeypatch.setattr(Annotator, "columns", fragile)
    stats = process_chunk(next(iter_chunks(RAW)), tmp_path / "out")
    assert stats["n_articles"] == 1
    assert stats["skipped"] == [{"path": str(ASTANA),
                                 "reason": "processing failed: RuntimeError: annotator crashed"}]
    assert pd.read_parquet(tmp_path / "out" / "articles").doc_id.tolist() == ["anadolu_saar_baku"]


def _write_odd_corpus(root: Path) -> Path:
    """Real articles plus what makes the per-chunk shortcuts hard: other encodings and line
    endings, abbreviations and runs of punctuation, marks NFKC reorders, presentation forms,
    datelines alone, empty and binary files, exports with extra columns, a metadata.csv."""
    texts = [read_text(ANADOLU), read_text(ASTANA)]
    odd = [
        "عنوان قصير\n\nباكو - رويترز - قال د. أحمد إن النمو بلغ 3.5 بالمئة... وأضاف: «نعم»!\nأ. ب. نعم؟! لا…\"",
        "القدس/ الأناضول\n(أ ف ب):قال الوزيرُ ـــ  إنّ   الاتفاق\u00a0\u00a0تم.  x.y. z\n\n\n  سطر أخير بلا نقطة  ",
        "\ufefb\ufe8d\ufee0\ufed8\ufeaa\ufeb3 \u0651\u064e ١٢٣٫٤ e\u0653\u0301 ا\u064e\u0654 2016م: 54٪.",
        "(أ ف ب)", "د.", ".!؟…", "عنوان فقط", "  \n \t\u2028 نص بعد فراغات. ",
    ]
    (root / "sub").mkdir(parents=True)
    for i, t in enumerate(texts + odd):
        (root / ("sub" if i % 2 else "") / f"a{i:02d}.txt").write_text(t, encoding="utf-8")
    (root / "crlf.txt").write_bytes(texts[0].replace("\n", "\r\n").encode("utf-8"))
    (root / "legacy.txt").write_bytes("قال الوزير إن العلاقات تشهد تطورا.\n\nوأضاف.".encode("cp1256"))
    (root / "wide.txt").write_bytes(texts[1].encode("utf-16"))
    (root / "bom.txt").write_bytes(b"\xef\xbb\xbf" + odd[0].encode("utf-8"))
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_bytes(b" \n\t\n")
    (root / "scan.txt").write_bytes(b"\x89PNG\x00\x00")
    write_csv(root / "news.csv", [{"id": f"n{i}", "title": f"خبر {i}", "score": str(i / 3), "text": (texts + odd)[i % 10]}
                                  for i in range(12)])
    lines = [json.dumps({"doc_id": f"j{i}", "content": (odd + texts)[i % 10], "n": i, "x": None if i % 2 else [i]},
                        ensure_ascii=False) for i in range(9)]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root.parent / "metadata.csv").write_text("doc_id,outlet\na00,Anadolu\nsub/a01,X\nnews/n3,CSV\n", encoding="utf-8")
    return root


def test_chunk_wide_shortcuts_write_the_tables_of_the_stages_run_one_by_one(tmp_path, monkeypatch):
    """Every shortcut of process_chunk (files read and parsed once, sentences and cleaning for the
    whole chunk at once, tables built without frames) writes byte for byte the parts that the
    stages give article by article, as they were first written."""
    from helpers import clean_corpus, parse_article, split_sentences

    corpus = _write_odd_corpus(tmp_path / "in" / "corpus")
    fast = process_corpus(corpus, tmp_path / "fast", jobs=1, chunk_size=4)

    def sentences_one_by_one(df):
        rows = []
        for doc_id, text in zip(df["doc_id"], df["text"]):
            n = 0
            for k, (a, b) in enumerate(parse_article(text).paragraphs):
                for s, e in split_sentences(text, a, b):
                    rows.append((doc_id, n, k, s, e, text[s:e]))
                    n += 1
        return pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "start", "end", "text"])

    def articles_with_frames(articles, parsed=None):
        articles = articles.drop(columns=[c for c in ("body", "paragraphs", "tokens") if c in articles.columns])
        articles = articles.assign(n_chars=articles["text"].map(len).astype("int64")) if len(articles) \
            else articles.assign(n_chars=pd.Series([], dtype="int64"))
        articles = articles.drop(columns=[c for c in articles.columns
                                          if len(articles) and isinstance(articles[c].iloc[0], (list, tuple, dict))])
        return scaling_tables._arrow(articles.reset_index(drop=True), "articles")

    def clean_one_by_one(texts, joined=None):
        cleaned = clean_corpus(pd.DataFrame({"text": pd.Series(texts, dtype=object)}))
        return cleaned["clean_text"].tolist(), cleaned["n_tokens"].to_numpy()

    real_load = scaling_worker._load_chunk
    monkeypatch.setattr(loading_stream, "_read_text_files", lambda files, skipped: None)  # load_corpus reads them
    monkeypatch.setattr(scaling_worker, "_load_chunk", lambda chunk: (*real_load(chunk)[:2], None))
    monkeypatch.setattr(scaling_worker, "sentences_frame", sentences_one_by_one)
    monkeypatch.setattr(scaling_worker, "clean_texts", clean_one_by_one)
    monkeypatch.setattr(scaling_worker, "_articles_table", articles_with_frames)
    slow = process_corpus(corpus, tmp_path / "slow", jobs=1, chunk_size=4)

    assert fast.n_chunks == slow.n_chunks > 5 and fast.n_articles == slow.n_articles > 20
    assert fast.skipped == slow.skipped and {s["reason"] for s in fast.skipped} >= {"empty file", "whitespace only"}
    for table in TABLES:
        for part in sorted((tmp_path / "fast" / table).glob("*.parquet")):
            assert part.read_bytes() == (tmp_path / "slow" / table / part.name).read_bytes(), (table, part.name)
    assert "outlet" in pd.read_parquet(tmp_path / "fast" / "articles").columns


# --------------------------------------------------------------------------- code version

def _project_copy(dest: Path) -> Path:
    """A copy of what code_version reads (helpers/ and the data the pipeline reads), plus a file it
    must not read."""
    shutil.copytree(ROOT / "helpers", dest / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("lexicons", "patterns", "stopwords", "ner", "raw"):
        shutil.copytree(ROOT / "data" / folder, dest / "data" / folder)
    return dest


def test_code_version_changes_with_every_module_package_and_data_file_the_pipeline_reads(tmp_path):
    from helpers.scaling import code_version

    root = _project_copy(tmp_path / "project")
    base = code_version(root)
    assert code_version(root) == base == code_version()  # the same files give the same version
    lexicon = root / "data" / "lexicons" / "places.csv"
    annotating = root / "helpers" / "annotating.py"
    if annotating.is_file():  # today a module: as a package it must count all the same
        (root / "helpers" / "annotating").mkdir()
        annotating.rename(root / "helpers" / "annotating" / "__init__.py")
        assert code_version(root) != base
        base = code_version(root)
    changes = {
        "a lexicon row": lambda: lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n", encoding="utf-8"),
        "a new pattern file": lambda: (root / "data" / "patterns" / "titles.txt").write_text("شيخ\n", encoding="utf-8"),
        "a stopword list": lambda: (root / "data" / "stopwords" / "news_boilerplate.txt").write_bytes(b"x\n"),
        "a module of a package": lambda: (root / "helpers" / "annotating" / "quotes.py").write_text("RULE = 1\n"),
        "a loading module": lambda: (root / "helpers" / "loading" / "text.py").write_text("# changed\n"),
        "the shared internals": lambda: (root / "helpers" / "_shared.py").write_text("# changed\n"),
        "the learned model": lambda: (root / "data" / "ner" / "model.crfsuite").write_bytes(b"retrained"),
    }
    seen = {base}
    for what, change in changes.items():
        change()
        version = code_version(root)
        assert version not in seen, what
        seen.add(version)
    # what the pipeline does not run or read leaves it as it was
    last = code_version(root)
    (root / "helpers" / "plotting.py").write_text("# changed\n")
    (root / "data" / "raw" / "new.txt").write_text("نص.", encoding="utf-8")
    (root / "data" / "lexicons" / ".places.csv.swp").write_bytes(b"editor")
    (root / "helpers" / "annotating" / "__pycache__").mkdir()
    (root / "helpers" / "annotating" / "__pycache__" / "quotes.cpython-311.pyc").write_bytes(b"\0")
    assert code_version(root) == last


def test_code_version_names_the_recognizer(monkeypatch):
    """A run with another ``--recognizer`` (read from helpers.annotating.RECOGNIZER_ENV, as the
    workers read it) must not reuse the chunks of the first: their spans differ."""
    from helpers.annotating import RECOGNIZER_ENV
    from helpers.scaling import code_version

    monkeypatch.delenv(RECOGNIZER_ENV, raising=False)
    default = code_version()
    monkeypatch.setenv(RECOGNIZER_ENV, "combined")  # the default, named: the same chunks
    assert code_version() == default
    versions = {default}
    for recognizer in ("model", "rules"):
        monkeypatch.setenv(RECOGNIZER_ENV, recognizer)
        versions.add(code_version())
    assert len(versions) == 3


def test_a_rerun_after_a_lexicon_or_rule_change_redoes_the_chunks(tmp_path, monkeypatch):
    import helpers.scaling.chunks as chunks

    root = _project_copy(tmp_path / "project")
    monkeypatch.setattr(chunks, "PROJECT_ROOT", root)  # the pipeline's code and data: the copy
    out = tmp_path / "out"
    first = process_corpus(RAW, out, jobs=1, chunk_size=1)
    again = process_corpus(RAW, out, jobs=1, chunk_size=1)
    assert (first.n_resumed, again.n_resumed, again.n_chunks) == (0, 2, 2)
    people = root / "data" / "lexicons" / "people.csv"
    people.write_text(people.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after_lexicon = process_corpus(RAW, out, jobs=1, chunk_size=1)
    assert (after_lexicon.n_chunks, after_lexicon.n_resumed, after_lexicon.n_articles) == (2, 0, 2)
    assert process_corpus(RAW, out, jobs=1, chunk_size=1).n_resumed == 2
    (root / "helpers" / "cleaning.py").write_text("# another rule\n")
    assert process_corpus(RAW, out, jobs=1, chunk_size=1).n_resumed == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["code_version"] == chunks.code_version(root) != chunks.code_version(ROOT)


# --------------------------------------------------------------------------- resume, atomicity

def test_resume_redoes_only_unfinished_chunks(tmp_path):
    out = tmp_path / "out"
    first = process_corpus(RAW, out, jobs=1, chunk_size=1)
    assert (first.n_chunks, first.n_resumed) == (2, 0)
    before = tables(out)
    kept = {t: (out / t / "part-00000.parquet").stat().st_mtime_ns for t in TABLES}
    # an interruption after chunk 1 wrote its tables but before its done-marker,
    # leaving a temporary file behind
    (out / "_chunks" / "part-00001.json").unlink()
    (out / "sentences" / ".part-00001.parquet.x1y2.tmp").write_bytes(b"half a file")
    second = process_corpus(RAW, out, jobs=1, chunk_size=1)
    assert (second.n_chunks, second.n_resumed, second.n_articles) == (2, 1, 2)
    assert {t: (out / t / "part-00000.parquet").stat().st_mtime_ns for t in TABLES} == kept
    assert (out / "_chunks" / "part-00001.json").is_file()
    assert not list(out.rglob("*.tmp"))
    after = tables(out)
    for t in TABLES:
        pd.testing.assert_frame_equal(after[t], before[t])


def test_changed_input_is_redone_and_parts_past_the_end_removed(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    for p in (ANADOLU, ASTANA):
        shutil.copy(p, corpus / p.name)
    process_corpus(corpus, out, jobs=1, chunk_size=1)
    assert len(list((out / "articles").glob("part-*.parquet"))) == 2
    (corpus / ASTANA.name).unlink()
    (corpus / ANADOLU.name).write_text(read_text(ANADOLU) + "\nوختم ساعر زيارته.", encoding="utf-8")
    summary = process_corpus(corpus, out, jobs=1, chunk_size=1)
    assert (summary.n_chunks, summary.n_resumed) == (1, 0)
    for t in TABLES:
        assert [p.name for p in (out / t).iterdir()] == ["part-00000.parquet"]
    assert pd.read_parquet(out / "articles").text[0].endswith("وختم ساعر زيارته.")


def test_an_interrupted_rerun_never_mixes_in_stale_rows(tmp_path, monkeypatch):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(ANADOLU, corpus / "a.txt")
    process_corpus(corpus, out, jobs=1)
    (corpus / "a.txt").write_text(read_text(ASTANA), encoding="utf-8")  # the article was replaced

    def ctrl_c(chunk, output):
        raise KeyboardInterrupt

    monkeypatch.setattr(scaling_run, "process_chunk", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        process_corpus(corpus, out, jobs=1)
    # the old article's rows are gone, not served as if they were the new one's
    assert not (out / "_chunks" / "part-00000.json").exists()
    assert not list((out / "articles").glob("part-*.parquet"))


def test_a_crash_while_writing_leaves_no_half_file_and_no_marker(tmp_path, monkeypatch):
    out = tmp_path / "out"
    real_write = pq.write_table

    def crash_on_sentences(table, where, *a, **k):
        if "sentences" in str(where):
            real_write(table.slice(0, 1), where, *a, **k)  # half written …
            raise OSError(28, "No space left on device")   # … then the disk is full
        return real_write(table, where, *a, **k)

    monkeypatch.setattr(pq, "write_table", crash_on_sentences)
    with pytest.raises(OSError):
        process_chunk(next(iter_chunks(RAW)), out)
    assert not (out / "sentences" / "part-00000.parquet").exists()
    assert not (out / "_chunks" / "part-00000.json").exists()
    assert not list(out.rglob("*.tmp"))
    monkeypatch.undo()
    summary = process_corpus(RAW, out, jobs=1)        # the rerun finishes the job
    assert (summary.n_resumed, summary.n_articles) == (0, 2)
    assert len(pd.read_parquet(out / "sentences")) == summary.n_sentences > 0


def test_a_failed_chunk_is_reported_and_retried_by_the_next_run(tmp_path, monkeypatch):
    real = scaling.process_chunk

    def dies_on_second(chunk, output):
        if chunk.index == 1:
            raise MemoryError("worker ran out of memory")
        return real(chunk, output)

    out = tmp_path / "out"
    process_corpus(RAW, out, jobs=1, chunk_size=1, metadata=False)  # an earlier run, other options
    monkeypatch.setattr(scaling_run, "process_chunk", dies_on_second)
    first = process_corpus(RAW, out, jobs=1, chunk_size=1)
    # the failed chunk's parts from the earlier run are gone: no stale rows are read back
    assert pd.read_parquet(out / "articles").doc_id.tolist() == ["anadolu_saar_baku"]
    assert (first.n_articles, first.n_failed) == (1, 1)
    assert first.skipped == [{"path": "chunk part-00001 (1 articles)",
                              "reason": "chunk failed: MemoryError: worker ran out of memory"}]
    assert "1 FAILED (rerun to retry)" in format_summary(first)
    monkeypatch.undo()
    second = process_corpus(RAW, out, jobs=1, chunk_size=1)
    assert (second.n_articles, second.n_failed, second.n_resumed) == (2, 0, 1)


def test_a_killed_run_resumes_to_the_same_tables(tmp_path):
    import signal
    import time

    corpus = synthetic_corpus(RAW, tmp_path / "corpus", 120_000, per_folder=10)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "helpers", "process", str(corpus), str(out),
                             "--jobs", "1", "--chunk-size", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list((out / "_chunks").glob("part-*.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)  # no clean-up at all: as a power cut or the OOM killer would
    proc.wait(timeout=30)
    done = len(list((out / "_chunks").glob("part-*.json")))
    n_chunks = len(list(iter_chunks(corpus, chunk_size=2)))
    assert 3 <= done < n_chunks, "the run should have been killed half-way"
    resumed = run_cli(str(corpus), str(out), "--jobs", "1", "--chunk-size", "2")
    assert resumed.returncode == 0
    assert f"{n_chunks} chunks, {done} reused from an earlier run" in resumed.stdout
    clean = tmp_path / "clean"
    process_corpus(corpus, clean, jobs=1, chunk_size=2)
    for t in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(out / t), pd.read_parquet(clean / t), obj=t)
    assert not list(out.rglob("*.tmp"))


# --------------------------------------------------------------------------- engines

def test_process_pool_and_dask_give_the_same_tables_as_one_process(messy, tmp_path):
    runs = {
        "one process": dict(jobs=1),
        "process pool": dict(jobs=2),
        "dask": dict(engine="dask", jobs=2),
    }
    results = {}
    for name, kwargs in runs.items():
        out = tmp_path / name.replace(" ", "_")
        summary = process_corpus(messy, out, chunk_size=1, progress=False, **kwargs)
        assert summary.n_articles == 2 and summary.n_failed == 0, name
        results[name] = (tables(out), format_summary(summary).replace(str(out), "OUT"))
    base_tables, base_text = results["one process"]
    for name, (t, text) in results.items():
        assert text == base_text, name
        for table in TABLES:
            pd.testing.assert_frame_equal(t[table], base_tables[table], obj=f"{name}: {table}")


def test_dask_with_a_client_given_by_the_caller(tmp_path):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster, Client(cluster) as client:
        summary = process_corpus(RAW, tmp_path / "out", client=client, chunk_size=1)
    assert (summary.n_chunks, summary.n_articles) == (2, 2)
    assert pd.read_parquet(tmp_path / "out" / "articles").doc_id.tolist() == SEED_IDS


def test_command_line_on_a_running_dask_scheduler(tmp_path):
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", scheduler_port=0,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        res = run_cli(str(RAW), str(tmp_path / "out"), "--scheduler", address, "--chunk-size", "1")
        assert res.returncode == 0, res.stderr
        # the work ran on the cluster's worker, not in the command's own process
        assert "process_chunk" in cluster.scheduler.task_prefixes, list(cluster.scheduler.task_prefixes)
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["engine"] == "dask"
    assert pd.read_parquet(tmp_path / "out" / "articles").doc_id.tolist() == SEED_IDS


def test_read_table_unifies_exports_with_different_columns(tmp_path):
    corpus = tmp_path / "exports"
    corpus.mkdir()
    write_csv(corpus / "a.csv", [{"id": "1", "section": "سياسة", "text": read_text(ANADOLU)}])
    (corpus / "b.jsonl").write_text(json.dumps({"id": "2", "url": "https://example.org/2",
                                                "text": read_text(ASTANA)}, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
    process_corpus(corpus, tmp_path / "out", jobs=1, chunk_size=1)
    arts = read_table(tmp_path / "out", "articles")
    assert arts.doc_id.tolist() == ["a/1", "b/2"]
    assert arts.section.tolist()[0] == "سياسة" and pd.isna(arts.section.tolist()[1])
    assert arts.url.tolist()[1] == "https://example.org/2"
    assert read_table(tmp_path / "out", "sentences", columns=["doc_id"]).doc_id.nunique() == 2


# --------------------------------------------------------------------------- command line

def test_command_line_summary_exit_code_and_no_progress_bar_off_a_terminal(messy, tmp_path):
    res = run_cli("archive", "out", "--jobs", "2", "--chunk-size", "1", cwd=messy.parent)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("processed 2 articles")
    assert "→ out" in res.stdout
    assert "1 × binary file (contains NUL bytes)\n      archive/scan.txt" in res.stdout
    assert "1 × empty file\n      archive/empty.txt" in res.stdout
    assert "\r" not in res.stderr and "%|" not in res.stderr          # no progress bar in a pipe
    assert res.stderr.startswith("time: ")
    assert (messy.parent / "out" / "manifest.json").is_file()


def test_command_line_fails_only_when_nothing_could_be_processed(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    res = run_cli(str(bad), str(tmp_path / "out"), "--jobs", "1")
    assert res.returncode == 1
    assert "1 × empty file" in res.stdout and "no article could be processed" in res.stderr
    missing = run_cli(str(tmp_path / "nowhere"), str(tmp_path / "out2"))
    assert missing.returncode == 1 and "no such file or folder" in missing.stderr
    usage = run_cli(str(RAW), str(tmp_path / "out3"), "--chunk-size", "0")
    assert usage.returncode == 2
    same = run_cli(str(bad), str(bad))
    assert same.returncode == 1 and "is the input folder" in same.stderr


def test_progress_bar_on_a_terminal(tmp_path):
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "helpers", "process", str(RAW), str(tmp_path / "out"),
                             "--jobs", "1"], stdout=subprocess.PIPE, stderr=slave, text=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "processing: 100%" in shown and "12.8k/12.8k" in shown


def test_command_line_with_the_dask_engine(tmp_path):
    import contextlib
    import socket

    with contextlib.ExitStack() as stack:  # Dask's usual dashboard port taken (another cluster, a notebook)
        busy = stack.enter_context(socket.socket())
        with contextlib.suppress(OSError):  # already taken: as good
            busy.bind(("127.0.0.1", 8787))
            busy.listen()
        res = run_cli(str(RAW), str(tmp_path / "out"), "--engine", "dask", "--jobs", "1")
    assert res.returncode == 0, res.stderr
    assert "already in use" not in res.stderr  # no warning about a port nobody asked for
    assert pd.read_parquet(tmp_path / "out" / "articles").doc_id.tolist() == SEED_IDS
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["engine"] == "dask"


# --------------------------------------------------------------------------- test corpora

def test_synthetic_corpus_is_deterministic_and_made_of_real_sentences(tmp_path):
    a = synthetic_corpus(RAW, tmp_path / "a", 60_000, seed=3, per_folder=4)
    b = synthetic_corpus(RAW, tmp_path / "b", 60_000, seed=3, per_folder=4)
    files = sorted(p.relative_to(a) for p in a.rglob("*.txt"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.txt"))
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert 60_000 <= sum((a / f).stat().st_size for f in files) < 80_000
    assert len({f.parent for f in files}) == -(-len(files) // 4)
    seed_sentences = set(sentences_frame(load_corpus(RAW)).text)
    made = sentences_frame(load_corpus(a))
    assert made.text.isin(seed_sentences).mean() > 0.9


# --------------------------------------------------------------------------- notebooks on another corpus

def test_notebook_01_runs_on_another_corpus_with_papermill(tmp_path):
    papermill = pytest.importorskip("papermill")
    corpus = tmp_path / "class_corpus"
    corpus.mkdir()
    shutil.copy(ANADOLU, corpus / "lesson_a.txt")
    shutil.copy(ASTANA, corpus / "lesson_b.txt")
    meta = pd.read_csv(ROOT / "data" / "metadata.csv", dtype=str)
    meta["doc_id"] = meta["doc_id"].map({"anadolu_saar_baku": "lesson_a", "saar_astana_baku": "lesson_b"})
    meta.to_csv(corpus / "metadata.csv", index=False)
    workdir = tmp_path / "notebooks"
    workdir.mkdir()
    out = tmp_path / "01_out.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "01_loading.ipynb"), str(out),
                               parameters={"corpus_dir": str(corpus), "processed_dir": str(tmp_path / "tables")},
                               cwd=str(workdir), kernel_name="python3", progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and str(corpus) in injected[0].source
    shown = json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"], ensure_ascii=False)
    assert "lesson_a" in shown and "lesson_b" in shown
    assert not any(i in shown for i in SEED_IDS), "the notebook still shows the default corpus"
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "articles.csv", "articles.parquet", "sentences.csv", "sentences.parquet"]
    assert not (tmp_path / "data").exists(), "a path relative to the working directory"


def test_the_command_and_its_workers_start_without_matplotlib():
    """`python -m helpers process` and its fork server import only the stages they run (the plotting
    names of `helpers` load on first use), and the fork server builds the annotator once for all
    workers."""
    code = ("import sys, helpers, helpers._preload, helpers.annotating as a; "
            "print('matplotlib' in sys.modules, a.default_annotator.cache_info().currsize, "
            "callable(helpers.for_plot), 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.split()
    assert out == ["False", "1", "True", "True"]


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here")
def test_command_line_with_a_temporary_folder_too_long_for_a_socket(tmp_path):
    """A TMPDIR so long (a cluster job's scratch folder, nested test folders) that the fork server's
    socket, ``$TMPDIR/pymp-XXXXXXXX/listener-XXXXXXXX``, exceeds what a socket path may hold (107
    bytes on Linux): the command still runs on local workers, and leaves nothing in that folder."""
    long_tmp = tmp_path / ("t" * 40) / ("m" * 40)
    long_tmp.mkdir(parents=True)
    assert len(os.fsencode(long_tmp)) + len("/pymp-XXXXXXXX/listener-XXXXXXXX") > 107
    res = run_cli(str(RAW), str(tmp_path / "out"), "--jobs", "2", env={**os.environ, "TMPDIR": str(long_tmp)})
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("processed 2 articles"), res.stdout
    assert tables(tmp_path / "out")["articles"].doc_id.tolist() == SEED_IDS
    assert not list(long_tmp.iterdir())


def test_the_runner_keeps_at_most_limit_in_flight_works_here_when_full_and_reports_every_outcome():
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from helpers._pool import run_tasks

    lock, running, most = threading.Lock(), [0], [0]
    release = threading.Event()

    def task(n):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        release.wait(5)
        with lock:
            running[0] -= 1
        if n == 3:
            raise ValueError("bad item")
        return n * 10

    outcomes, here = [], []

    def on_done(n, value, err):
        outcomes.append((n, value, None if err is None else str(err)))
        release.set()  # the workers finish once this process has worked on something

    def submit(n):
        if n == 5:
            raise RuntimeError("pool broken")
        return pool.submit(task, n)

    def run_here(n):
        here.append(n)
        return -n

    with ThreadPoolExecutor(4) as pool:
        run_tasks(range(8), submit, on_done, limit=2, run_here=run_here)
    assert most[0] <= 2
    assert here and here[0] == 2                    # items 0 and 1 filled the pool: 2 ran here at once
    assert sorted(outcomes) == sorted(
        [(n, -n, None) for n in here]
        + [(n, n * 10, None) for n in range(8) if n not in here and n not in (3, 5)]
        + [(n, None, msg) for n, msg in ((3, "bad item"), (5, "pool broken")) if n not in here])


def test_a_local_pool_hands_results_back_in_files_and_stops_on_a_fatal_error(tmp_path, monkeypatch):
    import tempfile

    from helpers._pool import ResultFiles, local_pool, run_tasks

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    results = {}

    def keep(n, value, err):
        if err is not None:
            raise err
        results[n] = value

    with ResultFiles() as files, local_pool(2) as pool:
        run_tasks(range(6), lambda n: files.submit(pool, divmod, 100, n + 1), keep, limit=2, result=files.load)
    assert results == {n: divmod(100, n + 1) for n in range(6)}
    with pytest.raises(ZeroDivisionError):
        with ResultFiles() as files, local_pool(2) as pool:
            run_tasks(range(6), lambda n: files.submit(pool, divmod, 100, n - 2), keep, limit=2, result=files.load)
    # every result file and folder gone, after the workers stopped (pymp-*: multiprocessing's own, until exit)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("pymp-")] == []


def test_the_fork_server_starts_early_only_when_local_workers_will_run():
    from helpers._pool import pipeline_context, start_early

    for argv in (["process", "in", "out", "--jobs", "1"], ["process", "in", "out", "--engine", "dask"],
                 ["process", "in", "out", "--scheduler", "tcp://10.0.0.5:8786"], ["other", "--jobs", "2"],
                 ["process", "in", "out", "--jobs", "two"]):
        assert start_early(argv) is False, argv
    forkserver = pipeline_context().get_start_method() == "forkserver"
    assert start_early(["process", "in", "out", "-j", "2"]) is forkserver
