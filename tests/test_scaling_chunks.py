"""Scaling's chunks (helpers/scaling/chunks.py: iter_chunks, code_version), the progress bar that
process_corpus draws over them, and the JSON files it writes (the manifest, the chunks' markers)."""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

import helpers.scaling.chunks as scaling_chunks
import helpers.scaling.run as scaling_run
from helpers import process_corpus
from helpers.annotating import RECOGNIZER_ENV
from helpers.scaling import code_version, iter_chunks

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
ANADOLU = RAW / "anadolu_saar_baku.txt"
ASTANA = RAW / "saar_astana_baku.txt"
JAWHARA = ROOT / "data" / "corpora" / "jawharafm.tar.xz"


class FakeTerminal(io.StringIO):
    """A stderr that says it is a terminal; ``fd``: the terminal whose size it reports (none:
    no file descriptor, so 80 × 24 is assumed)."""

    def __init__(self, fd: int | None = None):
        super().__init__()
        self.fd = fd

    def isatty(self):
        return True

    def fileno(self):
        if self.fd is None:
            raise io.UnsupportedOperation("fileno")
        return self.fd


def last_bar(stderr: FakeTerminal) -> str:
    return stderr.getvalue().split("\r")[-1].rstrip("\n")


# --------------------------------------------------------------------------- output inside the input

def test_an_output_folder_inside_the_corpus_is_neither_processed_nor_counted_by_the_bar(tmp_path, monkeypatch):
    """The output folder lies in the corpus folder ("أخبار", news) and holds a note (.txt): only the
    article is processed, and the bar ends at 100% of its 5,780 bytes, shown as 5.78 kB (1000 B to
    the kB), 80 columns wide; the manifest and the chunk's marker are UTF-8 JSON indented by 1."""
    corpus = tmp_path / "أخبار"
    (corpus / "out").mkdir(parents=True)
    shutil.copy(ANADOLU, corpus / ANADOLU.name)
    (corpus / "out" / "notes.txt").write_text("ملاحظات التشغيل\n", encoding="utf-8")  # "notes on the run"
    stderr = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    summary = process_corpus(corpus, corpus / "out", jobs=1)
    assert (summary.n_chunks, summary.n_articles, summary.n_bytes) == (1, 1, 5780)
    assert pd.read_parquet(corpus / "out" / "articles").doc_id.tolist() == ["anadolu_saar_baku"]
    last = last_bar(stderr)
    assert re.fullmatch(r"processing: 100%\|#+\| 5\.78k/5\.78k \[00:\d\d<00:00, +(\?|[\d.]+[kM]?)B/s\]",
                        last), last
    assert len(last) == 80, last
    for name in ("manifest.json", "_chunks/part-00000.json"):
        text = (corpus / "out" / name).read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n", name
    manifest = json.loads((corpus / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["input"] == str(corpus)
    assert f'"input": "{corpus}"' in (corpus / "out" / "manifest.json").read_text(encoding="utf-8")  # Arabic as is, not \uXXXX escapes


def test_a_terminal_of_unknown_size_gets_an_80_column_bar(tmp_path, monkeypatch):
    """A terminal that reports 0 × 0 (a pseudo-terminal nobody sized, as under some CI runners):
    the bar is drawn 80 columns wide, as on a stderr that is no terminal at all."""
    master, slave = pty.openpty()
    try:
        assert os.get_terminal_size(slave) == os.terminal_size((0, 0))
        stderr = FakeTerminal(slave)
        monkeypatch.setattr(sys, "stderr", stderr)
        process_corpus(ANADOLU, tmp_path / "out", jobs=1)
    finally:
        os.close(slave)
        os.close(master)
    last = last_bar(stderr)
    assert last.startswith("processing: 100%|") and "| 5.78k/5.78k [" in last, last
    assert len(last) == 80, last


def test_an_article_removed_while_the_bar_counts_the_bytes_is_left_out_of_the_total(tmp_path, monkeypatch):
    """An article deleted (by another process) between the bar's walk listing it and reading its
    size: the run goes on without it, and the bar ends at 100% of the article left, 5.78 kB.
    (The race is simulated by deleting it from inside the walk, run's iter_inputs.)"""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in (ANADOLU, ASTANA):
        shutil.copy(p, corpus / p.name)
    walk = scaling_run.iter_inputs

    def walk_and_remove(*args, **kwargs):
        for p, doc_id in walk(*args, **kwargs):
            if p.name == ASTANA.name:
                p.unlink()
            yield p, doc_id

    monkeypatch.setattr(scaling_run, "iter_inputs", walk_and_remove)
    stderr = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    summary = process_corpus(corpus, tmp_path / "out", jobs=1)
    assert (summary.n_articles, summary.n_bytes, summary.skipped) == (1, 5780, [])
    last = last_bar(stderr)
    assert last.startswith("processing: 100%|") and "| 5.78k/5.78k [" in last, last


# --------------------------------------------------------------------------- iter_chunks

def test_iter_chunks_joins_an_archives_own_metadata_by_default():
    """A tar archive's chunks carry the columns of its own metadata.csv unless told otherwise:
    the first two articles of Jawhara FM's archive, with their outlet, category, date and URL."""
    chunk = next(iter_chunks(JAWHARA, chunk_size=2))
    assert (chunk.index, chunk.n_bytes, chunk.files, chunk.metadata) == (0, 1278 + 884, (), None)
    assert [r[:2] for r in chunk.rows] == [
        ("JA-internationalNews-1-20170121", f"{JAWHARA}:jawharafm/JA-internationalNews-1-20170121.txt"),
        ("JA-society-146-20160920", f"{JAWHARA}:jawharafm/JA-society-146-20160920.txt")]
    assert [r[3] for r in chunk.rows] == [
        {"outlet": "Jawhara FM", "category": "internationalNews", "published": "2017-01-21T23:43:00+01:00",
         # "Netanyahu woos the Iranian people... and attacks its regime"
         "url": "http://www.jawharafm.net/ar/article/نتنياهو-يتودّد-للشعب-الإيراني..-ويهاجم-نظامه/106/76393"},
        {"outlet": "Jawhara FM", "category": "society", "published": "20/09/2016",
         # "detention orders against those involved in stealing equipment of the Enfidha cement plant"
         "url": "http://www.jawharafm.net/ar/article/بطاقات-إيداع-بالسجن-ضد-مورطين-في-سرقة-معدات-معمل-الاسمنت-بالنفيضة/141/66572"}]
    no_meta = next(iter_chunks(JAWHARA, chunk_size=2, archive_metadata=False))
    assert [r[3] for r in no_meta.rows] == [{}, {}]


def test_iter_chunks_refuses_a_chunk_size_below_one():
    """chunk_size 0 cannot cut anything: the error says so and gives the value."""
    with pytest.raises(ValueError) as err:
        next(iter_chunks(RAW, chunk_size=0))
    assert str(err.value) == "chunk_size must be at least 1, not 0"


def _write_export(folder: Path) -> Path:
    """news.csv, an export of the two raw articles (ids n1, n2, a title column)."""
    folder.mkdir(parents=True)
    path = folder / "news.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["id", "title", "text"])
        w.writeheader()
        for i, p in enumerate(sorted(RAW.glob("*.txt")), 1):
            w.writerow({"id": f"n{i}", "title": p.stem, "text": p.read_text(encoding="utf-8")})
    return path


def test_an_exports_rows_are_joined_to_the_metadata_given(tmp_path):
    """An export's rows (doc_id news/<id>) get the columns of the metadata file given: the outlet
    of each, empty where the file has no row for it."""
    export = _write_export(tmp_path / "corpus")
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,outlet\nnews/n1,وكالة الأناضول\n", encoding="utf-8")  # Anadolu Agency
    process_corpus(export, tmp_path / "out", jobs=1, metadata=meta, progress=False)
    arts = pd.read_parquet(tmp_path / "out" / "articles")
    assert arts.doc_id.tolist() == ["news/n1", "news/n2"]
    assert arts.title.tolist() == ["anadolu_saar_baku", "saar_astana_baku"]
    assert arts.outlet.iloc[0] == "وكالة الأناضول" and pd.isna(arts.outlet.iloc[1])


def test_an_exports_chunks_change_signature_with_the_recognizer(tmp_path, monkeypatch):
    """The code version is part of an export chunk's signature, as of a text file's: a run with
    another recognizer (--recognizer) does not reuse the chunks of the last one."""
    export = _write_export(tmp_path / "corpus")

    def signatures(recognizer):
        monkeypatch.setenv(RECOGNIZER_ENV, recognizer)
        return [c.signature for c in iter_chunks(export, chunk_size=1)] + \
            [c.signature for c in iter_chunks(ANADOLU)]

    combined, rules = signatures("combined"), signatures("rules")
    assert len(set(combined + rules)) == 6
    assert signatures("combined") == combined


# --------------------------------------------------------------------------- code_version

def test_code_version_hashes_a_file_removed_after_listing_as_empty(tmp_path, monkeypatch):
    """A data file removed between the listing and its hashing (another process tidying the word
    lists) counts as an empty file, as the comment promises, instead of failing the run."""
    root = tmp_path / "project"
    (root / "helpers").mkdir(parents=True)
    (root / "data" / "stopwords").mkdir(parents=True)
    (root / "helpers" / "loading.py").write_text("X = 1\n", encoding="utf-8")
    words = root / "data" / "stopwords" / "ar.txt"
    words.write_text("", encoding="utf-8")
    assert scaling_chunks._pipeline_files(root) == ["data/stopwords/ar.txt", "helpers/loading.py"]
    empty = code_version(root)
    words.write_text("في\nمن\n", encoding="utf-8")  # "in", "from"
    assert code_version(root) != empty
    listing = scaling_chunks._pipeline_files

    def list_then_remove(r):
        files = listing(r)
        words.unlink()
        return files

    monkeypatch.setattr(scaling_chunks, "_pipeline_files", list_then_remove)
    assert code_version(root) == empty


def test_a_file_gone_between_listing_and_chunking_counts_no_bytes_and_is_reported(tmp_path, monkeypatch):
    """A file listed, then deleted before its chunk is made (someone tidying the folder during the
    run): the chunk counts 0 bytes for it, the others' sizes as they are, and processing reports it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in (ANADOLU, ASTANA):
        shutil.copy(p, corpus / p.name)
    listed = scaling_chunks.iter_input_batches

    def deleting_the_first(*args):
        for batch in listed(*args):
            batch.files[0][0].unlink()
            yield batch

    monkeypatch.setattr(scaling_chunks, "iter_input_batches", deleting_the_first)
    chunk = next(iter_chunks(corpus))
    assert [d for _, d in chunk.files] == ["anadolu_saar_baku", "saar_astana_baku"]
    assert chunk.n_bytes == ASTANA.stat().st_size
    stats = scaling_run.process_chunk(chunk, tmp_path / "out")
    assert stats["n_articles"] == 1
    assert stats["skipped"] == [{"path": str(corpus / ANADOLU.name), "reason": "no such file"}]


def test_the_metadata_beside_the_source_plays_no_part_in_a_synthetic_corpus(tmp_path):
    """synthetic_corpus recombines the articles alone: a metadata.csv beside them (here one that
    names an article twice, which a join would repeat) gives the same made-up corpus as none."""
    from helpers.scaling import synthetic_corpus

    plain, with_meta = tmp_path / "plain", tmp_path / "with_meta"
    for folder in (plain, with_meta):
        (folder / "raw").mkdir(parents=True)
        for p in (ANADOLU, ASTANA):
            shutil.copy(p, folder / "raw" / p.name)
    (with_meta / "raw" / "metadata.csv").write_text(
        "doc_id,section\nanadolu_saar_baku,a\nanadolu_saar_baku,b\nsaar_astana_baku,c\n", encoding="utf-8")
    made = [synthetic_corpus(f / "raw", f / "out", 40_000, seed=3) for f in (plain, with_meta)]
    files = [sorted((p.relative_to(m), p.read_bytes()) for p in m.rglob("*.txt")) for m in made]
    assert files[0] == files[1] and len(files[0]) > 3
