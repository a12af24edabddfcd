"""Scaling's chunks, synthetic corpus and read_table: what a chunk's signature covers, how the
synthetic corpus is written, how read_table orders and merges parts and what its errors say
(mutation survivors of 2026-12-05)."""
from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pandas as pd
import pytest

import helpers.scaling.chunks as chunks
from helpers import read_table
from helpers.scaling import iter_chunks, synthetic_corpus

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


def _files(folder: Path) -> dict[str, bytes]:
    """Every article written under ``folder``: relative path → bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.txt"))}


# --- chunks -------------------------------------------------------------------------------


def test_an_archive_chunk_is_redone_when_the_code_version_changes(tmp_path, monkeypatch):
    """Three articles of a tar archive cut two at a time: both chunks (the full one and the
    rest) get another signature under another code version."""
    news = tmp_path / "news.tar"
    with tarfile.open(news, "w") as tar:
        for name, text in [("a.txt", "خبر أول."), ("b.txt", "خبر ثان."), ("c.txt", "خبر ثالث.")]:  # news 1, 2, 3
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    monkeypatch.setattr(chunks, "code_version", lambda root=None: "v1")
    first = [c.signature for c in iter_chunks(news, chunk_size=2)]
    monkeypatch.setattr(chunks, "code_version", lambda root=None: "v2")
    second = [c.signature for c in iter_chunks(news, chunk_size=2)]
    assert len(first) == len(second) == 2
    assert first[0] != second[0] and first[1] != second[1]


def test_a_row_with_a_lone_surrogate_in_its_text_is_chunked(tmp_path):
    """A JSONL export may escape half of an emoji (\\ud83d): the row is kept, its text as read."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "x1", "text": "\\u0645\\u0631\\u062d\\u0628\\u0627 \\ud83d"}\n', encoding="utf-8")
    (chunk,) = iter_chunks(feed)
    assert chunk.rows == (("feed/x1", f"{feed}#x1", "مرحبا \ud83d", {}),)  # "hello" and the half emoji


def test_a_row_with_a_lone_surrogate_in_another_column_is_chunked_too(tmp_path):
    """Half an emoji in another column of the export (a section "sport \\ud83d") no longer stops the
    whole run with a UnicodeEncodeError: the row is kept as read, and its signature is made."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "x1", "text": "\\u0645\\u0631\\u062d\\u0628\\u0627", "section": "\\u0631\\u064a\\u0627\\u0636\\u0629 \\ud83d"}\n',
                    encoding="utf-8")
    (chunk,) = iter_chunks(feed)
    assert chunk.rows == (("feed/x1", f"{feed}#x1", "مرحبا", {"section": "رياضة \ud83d"}),)  # "hello", "sport"
    assert len(chunk.signature) == 40


def test_a_row_chunk_signature_follows_its_columns_not_their_order(tmp_path):
    """An export's other columns count in the signature: a changed value (the section) gives
    another one; the same columns in another order give the same."""
    export = tmp_path / "news.csv"

    def signature(csv: str) -> str:
        export.write_text(csv, encoding="utf-8")
        (chunk,) = iter_chunks(export)
        return chunk.signature

    # section: رياضة (sport) / اقتصاد (economy); text: "a match today"
    sport = signature("id,text,section,views\nx1,مباراة اليوم,رياضة,10\n")
    economy = signature("id,text,section,views\nx1,مباراة اليوم,اقتصاد,10\n")
    reordered = signature("id,text,views,section\nx1,مباراة اليوم,10,رياضة\n")
    assert sport != economy
    assert sport == reordered


# --- synthetic corpus ---------------------------------------------------------------------


def test_the_synthetic_corpus_stops_at_the_first_article_that_reaches_the_size(tmp_path):
    """Articles are written while fewer than ``size`` bytes are: size 1 gives one article, so
    does the first article's exact size; one byte more gives two. Seed 0 is the default."""
    one = synthetic_corpus(RAW, tmp_path / "one", 1)
    assert list(_files(one)) == ["0000/article_0000000.txt"]
    first = _files(one)["0000/article_0000000.txt"]
    exact = synthetic_corpus(RAW, tmp_path / "exact", len(first), seed=0)
    assert _files(exact) == {"0000/article_0000000.txt": first}
    more = _files(synthetic_corpus(RAW, tmp_path / "more", len(first) + 1, seed=0))
    assert list(more) == ["0000/article_0000000.txt", "0000/article_0000001.txt"]
    assert more["0000/article_0000000.txt"] == first


def test_the_synthetic_corpus_puts_1000_articles_to_a_folder(tmp_path):
    """By default a folder holds 1000 articles: the 1001st opens folder 0001."""
    names = list(_files(synthetic_corpus(RAW, tmp_path / "corpus", 6_000_000)))  # some 1300 articles
    in_second = [n for n in names if n.startswith("0001/")]
    assert names[999] == "0000/article_0000999.txt"
    assert names[1000] == "0001/article_0001000.txt"
    assert len(names) - len(in_second) == 1000


def test_the_synthetic_corpus_can_be_written_again_over_itself(tmp_path):
    """Writing a corpus into a folder that holds one already (its folders exist) overwrites it
    with the same articles."""
    first = _files(synthetic_corpus(RAW, tmp_path / "corpus", 20_000, per_folder=2))
    again = _files(synthetic_corpus(RAW, tmp_path / "corpus", 20_000, per_folder=2))
    assert again == first
    assert {"0000", "0001"} <= {n.split("/")[0] for n in first}


def test_the_synthetic_corpus_ignores_a_metadata_file_beside_the_source(tmp_path):
    """Only the articles are recombined: a metadata.csv above the folder (here one without a
    doc_id column) is not read, and the corpus is the one of the articles alone."""
    src = tmp_path / "export" / "raw"
    src.mkdir(parents=True)
    for p in RAW.glob("*.txt"):
        (src / p.name).write_bytes(p.read_bytes())
    (tmp_path / "export" / "metadata.csv").write_text("file,outlet\nx.txt,Anadolu Agency\n", encoding="utf-8")
    assert _files(synthetic_corpus(src, tmp_path / "a", 20_000)) == \
        _files(synthetic_corpus(RAW, tmp_path / "b", 20_000))


def test_a_headline_made_from_a_sentence_drops_only_the_final_stop(tmp_path):
    """An article without headline gets one from a sentence, without its final full stop:
    a Latin name ending the sentence (SpaceX) is kept whole."""
    src = tmp_path / "src"
    src.mkdir()
    # "The agency announced that the next flight will be aboard a rocket of SpaceX." /
    # "The spokesman said the date has not been set yet by SpaceX."
    one = "أعلنت الوكالة أن الرحلة التالية ستكون على متن صاروخ من شركة SpaceX"
    two = "وقال المتحدث إن الموعد لم يحدد بعد من جانب شركة SpaceX"
    (src / "launch.txt").write_text(f"{one}.\n{two}.\n", encoding="utf-8")
    texts = _files(synthetic_corpus(src, tmp_path / "out", 3000))
    heads = {b.decode("utf-8").split("\n")[0] for b in texts.values()}
    assert heads <= {one, two} and heads


# --- read_table ---------------------------------------------------------------------------


def test_read_table_names_the_tables_it_knows():
    """A table that is not one of the three: the message names them and the one asked for."""
    with pytest.raises(ValueError) as err:
        read_table("out", "entities")
    assert str(err.value) == "table must be one of articles, sentences, annotations, not 'entities'"


def test_read_table_without_parts_says_where_it_looked(tmp_path):
    """No part under the table's folder: the message gives the folder and what to run."""
    with pytest.raises(FileNotFoundError) as err:
        read_table(tmp_path, "articles")
    assert str(err.value) == (f"no parts under {tmp_path / 'articles'}: "
                              "run `python -m helpers process` first")


def test_read_table_keeps_the_parts_in_chunk_order_past_99999(tmp_path):
    """Chunk 100000 comes after chunk 99999 (part-100000 sorts before part-99999 as text)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    pd.DataFrame({"doc_id": ["late"]}).to_parquet(folder / "part-100000.parquet", index=False)
    pd.DataFrame({"doc_id": ["early"]}).to_parquet(folder / "part-99999.parquet", index=False)
    assert read_table(tmp_path, "articles")["doc_id"].tolist() == ["early", "late"]


def test_read_table_merges_a_column_whole_in_one_part_and_fractional_in_another(tmp_path):
    """An export column read as integers in one chunk and as decimals in another (a gap in
    it) comes back as one column of floats."""
    folder = tmp_path / "articles"
    folder.mkdir()
    pd.DataFrame({"doc_id": ["a", "b"], "views": [10, 20]}).to_parquet(folder / "part-00000.parquet", index=False)
    pd.DataFrame({"doc_id": ["c"], "views": [2.5]}).to_parquet(folder / "part-00001.parquet", index=False)
    df = read_table(tmp_path, "articles")
    assert df["doc_id"].tolist() == ["a", "b", "c"]
    assert df["views"].tolist() == [10.0, 20.0, 2.5]
    assert str(df["views"].dtype) == "float64"
