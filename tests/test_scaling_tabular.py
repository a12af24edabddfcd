"""Scaling, a chunk's tables as written: the articles table of a chunk that fell back or joined a
repeated metadata row, the stage times of an empty chunk, a QUANTITY's value, a doc_id ending in a
NUL, and texts too long for the bytes shortcut (mutation survivors of 2026-12-05)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from helpers import iter_chunks, process_chunk
from helpers.loading import join_texts
from helpers.scaling import TYPES

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


def _part(out: Path, table: str) -> pa.Table:
    return pq.read_table(out / table / "part-00000.parquet")


def test_an_empty_chunk_times_every_stage(tmp_path):
    """A folder whose one file is empty gives a chunk without articles: its statistics still time
    the sentences, cleaning and annotating stages (run on no article), not only loading and writing."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    stats = process_chunk(next(iter_chunks(tmp_path / "in")), tmp_path / "out")
    assert (stats["n_articles"], stats["n_sentences"], stats["n_annotations"]) == (0, 0, 0)
    assert sorted(stats["seconds"]) == ["annotating", "cleaning", "loading", "sentences", "writing"]


def test_a_chunk_whose_every_article_fails_still_writes_every_article_column(tmp_path, monkeypatch):
    """When every article fails a stage, the chunk's articles table is empty but has every column
    of TYPES["articles"] with its type, the cleaning columns (clean_text, n_tokens) included."""
    from helpers.annotating import Annotator

    def crash(self, text, recognizer=None):
        raise RuntimeError("annotator crashed")

    monkeypatch.setattr(Annotator, "columns", crash)
    stats = process_chunk(next(iter_chunks(RAW)), tmp_path / "out")
    assert stats["n_articles"] == 0
    assert len(stats["skipped"]) == 2
    articles = _part(tmp_path / "out", "articles")
    assert articles.num_rows == 0
    assert [(f.name, f.type) for f in articles.schema] == list(TYPES["articles"].items())


def test_a_metadata_row_repeated_for_an_article_joins_it_twice(tmp_path):
    """metadata.csv giving anadolu_saar_baku two sections (a left join, as load_corpus does): the
    article is stored twice, once per section, saar_astana_baku without one; the metadata column
    is stored as string (not large_string) after the fixed columns."""
    folder = tmp_path / "news"
    folder.mkdir()
    for p in sorted(RAW.glob("*.txt")):
        shutil.copy(p, folder / p.name)
    meta = folder / "metadata.csv"
    meta.write_text("doc_id,section\nanadolu_saar_baku,politics\nanadolu_saar_baku,world\n", encoding="utf-8")
    stats = process_chunk(next(iter_chunks(folder, metadata=meta)), tmp_path / "out")
    assert stats["n_articles"] == 3
    articles = _part(tmp_path / "out", "articles")
    assert [(f.name, f.type) for f in articles.schema] == [*TYPES["articles"].items(), ("section", pa.string())]
    assert articles.select(["doc_id", "section"]).to_pylist() == [
        {"doc_id": "anadolu_saar_baku", "section": "politics"},
        {"doc_id": "anadolu_saar_baku", "section": "world"},
        {"doc_id": "saar_astana_baku", "section": None}]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in RAW.glob("*.txt")}
    assert articles.column("text").to_pylist() == [texts["anadolu_saar_baku"]] * 2 + [texts["saar_astana_baku"]]
    assert articles.column("n_chars").to_pylist() == [len(t) for t in articles.column("text").to_pylist()]


def test_a_quantity_alone_in_its_chunk_stores_its_value_as_python_writes_it(tmp_path):
    """«ارتفع المؤشر بنسبة 0.00005 نقطة» (the index rose by 0.00005 points): the only span, so the
    value column holds only a number; it is stored as str() gives it ("5e-05"), as in a chunk
    whose values mix numbers and dates, so that every part writes a number the same way."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("ارتفع المؤشر بنسبة 0.00005 نقطة في البورصة.\n", encoding="utf-8")
    process_chunk(next(iter_chunks(tmp_path / "in")), tmp_path / "out")
    assert _part(tmp_path / "out", "annotations").to_pylist() == [
        {"doc_id": "a", "start": 19, "end": 31, "label": "QUANTITY", "text": "0.00005 نقطة", "canonical": None,
         "source": "pattern:quantity", "speaker": None, "value": "5e-05", "unit": "نقطة"}]


def test_a_doc_id_ending_in_a_nul_is_kept_whole_in_the_sentences(tmp_path):
    """An export id padded with a NUL character (x1 + U+0000, as fixed-width exports pad): the
    sentences carry the same doc_id as the article, NUL included, so that they join."""
    (tmp_path / "in").mkdir()
    row = {"id": "x1\u0000", "text": "خبر أول. وخبر ثان."}   # "first news. and second news."
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    process_chunk(next(iter_chunks(tmp_path / "in")), tmp_path / "out")
    assert _part(tmp_path / "out", "articles").column("doc_id").to_pylist() == ["a/x1\x00"]
    assert _part(tmp_path / "out", "sentences").to_pylist() == [
        {"doc_id": "a/x1\x00", "sent_id": 0, "para_id": 0, "start": 0, "end": 8, "text": "خبر أول."},
        {"doc_id": "a/x1\x00", "sent_id": 1, "para_id": 0, "start": 9, "end": 18, "text": "وخبر ثان."}]


def test_texts_of_2_gib_or_more_are_not_stored_from_their_bytes():
    """A chunk whose texts hold 2**31 bytes of UTF-8 or more cannot be stored from those bytes (an
    Arrow string column has int32 offsets): the texts are converted instead. Private
    (_articles_table), since no test can load a 2 GiB chunk; the bytes (zeros, never read) stand
    for the files of the one short text, so the stored text shows which way was taken. The
    TYPES columns the frame lacks are not added (empty columns are for an empty chunk only)."""
    from helpers.scaling.tables import _articles_table
    from helpers.scaling.worker import _Parsed

    batch = join_texts(["خبر."])   # "news."
    articles = pd.DataFrame({"doc_id": pd.Series(["big"], dtype=object),
                             "text": pd.Series(batch.texts, dtype=object)})
    assert articles["text"].tolist()[0] is batch.texts[0]      # the rows loading parsed
    table = _articles_table(articles, _Parsed([[(0, 4)]], batch, [bytes(2**31)]))
    table.validate(full=True)
    assert table.column_names == ["doc_id", "text", "n_chars"]   # no empty column added to a row
    assert table.column("text").to_pylist() == ["خبر."]
    assert table.column("n_chars").to_pylist() == [4]
