"""Loading in batches, as ``python -m helpers process`` streams a corpus: load_articles,
iter_input_batches, iter_articles, iter_export_rows and the chunk-wide sentence columns,
checked exactly on real text (what each returns, what it skips and why), so that a one-character
change in any of them fails a test. (tests/test_loading.py checks load_corpus and the article
structure; these are the streaming paths that the command line and the later stages reuse.)"""
from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.loading import (
    ARTICLE_COLUMNS, Article, iter_articles, iter_export_rows, iter_input_batches, load_articles, match_dateline,
    parse_article, sentence_columns, sentences_frame,
)
import helpers.loading.batches  # noqa: F401  (_BATCH, monkeypatched to make a small frame "big")

ROOT = Path(__file__).resolve().parent.parent
ANADOLU = ROOT / "data" / "raw" / "anadolu_saar_baku.txt"
# a short wire story: a dateline on its own line, then one paragraph of two sentences
STORY = "باكو/ الأناضول\nقال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا. وأضاف: نعم!\n"
BODY = "قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا. وأضاف: نعم!"
INT64 = np.dtype(np.int64)


def _story_row(doc_id: str, path: str, text: str = STORY) -> list:
    return [doc_id, path, text, None, None, "باكو/ الأناضول", BODY, [BODY], 11]


# --------------------------------------------------------------------------- load_articles: files

@pytest.fixture
def folder(tmp_path):
    """One story in every way a file may hold it, and the files that cannot be used."""
    (tmp_path / "utf8.txt").write_bytes(STORY.encode("utf-8"))
    (tmp_path / "crlf.txt").write_bytes(STORY.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "legacy.txt").write_bytes(STORY.encode("cp1256"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf")  # a byte-order mark and nothing else
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    (tmp_path / "binary.txt").write_bytes(b"\x00PK")
    (tmp_path / "metadata.csv").write_text("doc_id,section\nu,politics\n", encoding="utf-8")
    return tmp_path


def test_load_articles_decodes_every_file_and_skips_the_unusable_with_their_reason(folder):
    files = [(str(folder / n), d) for n, d in [("utf8.txt", "u"), ("gone.txt", "g"), ("empty.txt", "e"),
                                              ("bom.txt", "o"), ("binary.txt", "b"), ("blank.txt", "w"), ("crlf.txt", "c"),
                                              ("legacy.txt", "l")]]
    batch = load_articles(files)
    assert batch.frame.columns.tolist() == ARTICLE_COLUMNS  # no metadata joined
    assert batch.frame.values.tolist() == [_story_row("u", str(folder / "utf8.txt")),
                                           _story_row("c", str(folder / "crlf.txt")),  # CRLF made LF
                                           _story_row("l", str(folder / "legacy.txt"))]  # cp1256 decoded
    assert batch.frame.index.tolist() == [0, 1, 2]
    assert batch.skipped == [{"path": str(folder / "gone.txt"), "reason": "no such file"},  # missing ones first
                             {"path": str(folder / "empty.txt"), "reason": "empty file"},
                             {"path": str(folder / "bom.txt"), "reason": "empty file"},
                             {"path": str(folder / "binary.txt"), "reason": "binary file (contains NUL bytes)"},
                             {"path": str(folder / "blank.txt"), "reason": "whitespace only"}]
    assert batch.paragraphs == [[(15, 81)]] * 3
    assert batch.joined.texts == [STORY] * 3 and batch.joined.joined == (STORY + "\n") * 3
    assert batch.utf8 is None  # not every file held its text as UTF-8 bytes


def test_load_articles_keeps_the_utf8_bytes_when_every_file_is_its_text(folder):
    (folder / "other.txt").write_bytes(ANADOLU.read_bytes())
    batch = load_articles([(str(folder / "utf8.txt"), "u"), (str(folder / "gone.txt"), "g"),
                           (str(folder / "other.txt"), "o")])
    assert batch.frame.doc_id.tolist() == ["u", "o"]
    assert batch.utf8 == [STORY.encode("utf-8"), ANADOLU.read_bytes()]
    assert batch.paragraphs == [[(15, 81)], parse_article(ANADOLU.read_text(encoding="utf-8")).paragraphs]
    # a file in another encoding after them: no bytes for anyone
    assert load_articles([(str(folder / "utf8.txt"), "u"), (str(folder / "legacy.txt"), "l")]).utf8 is None
    assert load_articles([(str(folder / "legacy.txt"), "l"), (str(folder / "utf8.txt"), "u")]).utf8 is None


def test_load_articles_reads_a_file_of_several_megabytes_whole(tmp_path):
    """Files are read 1 MiB at a time: a 1.5 MiB article comes back byte for byte."""
    text = ANADOLU.read_text(encoding="utf-8")
    big = (text + "\n") * (3 * 2**19 // len(text.encode("utf-8")) + 1)
    path = tmp_path / "big.txt"
    path.write_bytes(big.encode("utf-8"))
    assert 2**20 < path.stat().st_size < 2**21
    batch = load_articles([(str(path), "big")])
    assert batch.frame.text.tolist() == [big] and batch.utf8 == [big.encode("utf-8")]


def test_unusual_lists_of_files_load_as_load_corpus_loads_them(folder):
    """A repeated path (or another suffix) takes load_corpus's own path: the same rows and
    reasons, no metadata, no CorpusWarning, and no paragraphs, joined texts or bytes kept."""
    (folder / "notes.md").write_text("ملاحظات", encoding="utf-8")
    files = [(str(folder / "utf8.txt"), "u"), (str(folder / "legacy.txt"), "l"), (str(folder / "notes.md"), "n"),
             (str(folder / "gone.txt"), "g"), (str(folder / "utf8.txt"), "u")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        batch = load_articles(files)
    assert batch.frame.values.tolist() == [_story_row("u", str(folder / "utf8.txt")),
                                           _story_row("l", str(folder / "legacy.txt")),
                                           _story_row("u", str(folder / "utf8.txt"))]
    assert batch.frame.doc_id.dtype == object
    assert batch.skipped == [{"path": str(folder / "notes.md"), "reason": "not a .txt/.csv/.jsonl file"},
                             {"path": str(folder / "gone.txt"), "reason": "no such file"}]
    assert (batch.paragraphs, batch.joined, batch.utf8) == (None, None, None)


def test_the_fallback_gives_every_file_the_doc_id_of_its_place(folder):
    """In load_corpus's path too, the doc_ids are those given, by place: a repeated path keeps
    each of its doc_ids, a path that Path writes otherwise (``//``) its own; an export's rows
    (not what ``files`` is for) are ``<doc_id given>/<row id>``."""
    (folder / "feed.csv").write_text("id,text\nr1,نص\n,آخر\n", encoding="utf-8")
    files = [(str(folder / "utf8.txt"), "a"), (str(folder / "empty.txt"), "e"), (str(folder / "utf8.txt"), "a2"),
             (str(folder / "utf8.txt"), "a3"), (f"{folder}//legacy.txt", "l"), (str(folder / "feed.csv"), "f"), (str(folder / "crlf.txt"), "c")]
    batch = load_articles(files)
    assert batch.frame[["doc_id", "path"]].values.tolist() == [
        ["a", str(folder / "utf8.txt")], ["a2", str(folder / "utf8.txt")], ["a3", str(folder / "utf8.txt")],
        ["l", str(folder / "legacy.txt")],
        ["f/r1", f"{folder / 'feed.csv'}#r1"], ["f/1", f"{folder / 'feed.csv'}#1"], ["c", str(folder / "crlf.txt")]]
    assert batch.frame.doc_id.dtype == object
    assert batch.skipped == [{"path": str(folder / "empty.txt"), "reason": "empty file"}]
    assert load_articles([(f"{folder}//gone.txt", "g")]).frame.doc_id.tolist() == []


def test_load_articles_of_nothing_is_the_empty_frame():
    batch = load_articles()
    assert batch.frame.columns.tolist() == ARTICLE_COLUMNS and batch.frame.empty
    assert (batch.skipped, batch.paragraphs, batch.joined, batch.utf8) == ([], [], None, None)
    blank = load_articles(rows=[("n/0", "n.csv#0", "", {}), ("n/1", "n.csv#1", " \n", {})])
    assert blank.frame.columns.tolist() == ARTICLE_COLUMNS and blank.frame.empty
    assert blank.skipped == [{"path": "n.csv#0", "reason": "empty text"}, {"path": "n.csv#1", "reason": "whitespace only"}]


# --------------------------------------------------------------------------- load_articles: rows

ROWS = [("feed/1", "feed.csv#1", "", {"page": 1}),
        ("feed/2", "feed.csv#2", "عاجل\n\nقال الوزير. وأضاف!", {"page": 2, "author": None}),
        ("feed/3", "feed.csv#3", "نص ثالث", {"page": "3", "author": "سارة"})]


def test_load_articles_of_export_rows_keeps_their_columns_as_text():
    batch = load_articles(rows=ROWS)
    assert batch.frame.values.tolist() == [
        ["feed/2", "feed.csv#2", ROWS[1][2], "عاجل", None, None, "قال الوزير. وأضاف!", ["قال الوزير. وأضاف!"], 3, "2", None],
        ["feed/3", "feed.csv#3", "نص ثالث", None, None, None, "نص ثالث", ["نص ثالث"], 2, "3", "سارة"]]
    assert batch.frame.columns.tolist() == ARTICLE_COLUMNS + ["page", "author"]
    assert batch.frame[["page", "author"]].dtypes.tolist() == [object, object]  # as every batch stores them
    assert batch.skipped == [{"path": "feed.csv#1", "reason": "empty text"}]  # a row, not a file
    assert batch.paragraphs == [[(6, 24)], [(0, 7)]]
    assert batch.joined.texts == [ROWS[1][2], "نص ثالث"] and batch.utf8 is None


def test_load_articles_of_files_and_rows_together(folder):
    batch = load_articles([(str(folder / "utf8.txt"), "u")], ROWS)
    assert batch.frame.doc_id.tolist() == ["u", "feed/2", "feed/3"] and batch.frame.index.tolist() == [0, 1, 2]
    assert batch.frame.page.tolist()[1:] == ["2", "3"] and pd.isna(batch.frame.page[0])
    assert batch.paragraphs == [[(15, 81)], [(6, 24)], [(0, 7)]]
    assert (batch.joined, batch.utf8) == (None, None)  # two joins: none is the batch's
    assert batch.skipped == [{"path": "feed.csv#1", "reason": "empty text"}]
    # after the fallback for files, the rows' paragraphs are unknown too, and so are the texts
    # of all rows joined (not the rows' texts alone)
    fallback = load_articles([(str(folder / "utf8.txt"), "u"), (str(folder / "utf8.txt"), "u")], ROWS)
    assert fallback.frame.doc_id.tolist() == ["u", "u", "feed/2", "feed/3"]
    assert (fallback.paragraphs, fallback.joined, fallback.utf8) == (None, None, None)


# --------------------------------------------------------------------------- iter_input_batches, iter_articles

def _export(path: Path, n: int) -> list[str]:
    """A CSV export of ``n`` articles of ~10 KB each (CRLF line ends, as spreadsheets write
    them); returns their texts as read back."""
    text = ANADOLU.read_text(encoding="utf-8")
    texts = [f"{i}) {text}" for i in range(n)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(["id", "text", "page"])
        writer.writerows([f"r{i}", t, i] for i, t in enumerate(texts))
    return texts


def test_iter_input_batches_groups_files_and_cuts_exports_by_bytes(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "out").mkdir()
    for name in ("a.txt", "b.txt", "sub/c.txt", "out/old.txt"):
        (tmp_path / name).write_text(STORY, encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    texts = _export(tmp_path / "feed.CSV", 5)
    size = (tmp_path / "feed.CSV").stat().st_size
    skipped = [{"path": "earlier", "reason": "kept"}]
    batches = list(iter_input_batches(tmp_path, 2, skipped, exclude=[tmp_path / "out"]))
    assert [b.files for b in batches] == [[(tmp_path / "a.txt", "a"), (tmp_path / "b.txt", "b")], [], [], [],
                                          [(tmp_path / "sub" / "c.txt", "sub/c")]]
    assert [[r[:3] for r in b.rows] for b in batches] == [
        [], *([(f"feed/r{i}", f"{tmp_path / 'feed.CSV'}#r{i}", texts[i]) for i in pair] for pair in ((0, 1), (2, 3), (4,))),
        []]
    assert batches[1].rows[1][3] == {"page": "1"}
    # bytes of the export each batch spans (as read, in 8 KiB blocks): together, the whole file
    assert [b.n_bytes for b in batches] == [0, 16384, 8192, size - 24576, 0]
    assert skipped == [{"path": "earlier", "reason": "kept"},
                       {"path": str(tmp_path / "notes.docx"), "reason": "not a .txt/.csv/.jsonl file"}]
    with pytest.raises(ValueError, match=r"^size must be at least 1, not 0$"):
        next(iter_input_batches(tmp_path, 0))


def test_iter_input_batches_reports_an_export_it_cannot_read(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.csv").write_text("title\nعنوان\n", encoding="utf-8")
    skipped = []
    assert [b.files for b in iter_input_batches(tmp_path, 5, skipped)] == [[(tmp_path / "a.txt", "a")]]
    assert skipped == [{"path": str(tmp_path / "b.csv"),
                        "reason": "no text column (expected one of text, body, content, article)"}]
    assert [b.files for b in iter_input_batches(tmp_path, 5)] == [[(tmp_path / "a.txt", "a")]]  # no list: none kept


def test_iter_articles_loads_every_batch(tmp_path):
    (tmp_path / "out").mkdir()
    for name in ("a.txt", "b.txt", "out/old.txt"):
        (tmp_path / name).write_text(STORY, encoding="utf-8")
    (tmp_path / "x.md").write_text("ملاحظة", encoding="utf-8")
    (tmp_path / "e.txt").write_bytes(b"")
    texts = _export(tmp_path / "feed.csv", 2)
    skipped = []
    batches = list(iter_articles(tmp_path, 1, skipped, exclude=[tmp_path / "out"]))
    assert [b.frame.doc_id.tolist() for b in batches] == [["a"], ["b"], [], ["feed/r0"], ["feed/r1"]]
    assert batches[4].frame.text.tolist() == [texts[1]] and batches[4].frame.page.tolist() == ["1"]
    assert [b.skipped for b in batches] == [[], [], [{"path": str(tmp_path / "e.txt"), "reason": "empty file"}], [], []]
    assert skipped == [{"path": str(tmp_path / "x.md"), "reason": "not a .txt/.csv/.jsonl file"}]


def test_iter_articles_takes_200_articles_a_batch_by_default(tmp_path):
    for i in range(201):
        (tmp_path / f"{i:03}.txt").write_text(f"خبر رقم {i}", encoding="utf-8")
    assert [len(b.frame) for b in iter_articles(tmp_path)] == [200, 1]


# --------------------------------------------------------------------------- iter_export_rows

def test_an_empty_or_binary_export_is_skipped_with_its_reason(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "image.jsonl").write_bytes(b"\x89PNG\x00\x00")
    skipped = [{"path": "earlier", "reason": "kept"}]
    assert list(iter_export_rows(tmp_path / "empty.csv", "empty", skipped)) == []
    assert list(iter_export_rows(tmp_path / "image.jsonl", "image", skipped)) == []
    assert skipped == [{"path": "earlier", "reason": "kept"},
                       {"path": str(tmp_path / "empty.csv"), "reason": "empty file"},
                       {"path": str(tmp_path / "image.jsonl"), "reason": "binary file (contains NUL bytes)"}]


def test_a_legacy_encoded_export_is_decoded(tmp_path):
    text = "قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا"
    (tmp_path / "old.csv").write_bytes(f"id,text\n1,{text}\n2,وأضاف أن التجارة نمت\n".encode("cp1256"))
    rows = [row for row, _ in iter_export_rows(tmp_path / "old.csv", "old", [])]
    assert rows == [("old/1", f"{tmp_path / 'old.csv'}#1", text, {}),
                    ("old/2", f"{tmp_path / 'old.csv'}#2", "وأضاف أن التجارة نمت", {})]


def test_line_ends_inside_a_csv_field(tmp_path):
    """The text's CRLF and lone CR become LF; the other columns stay as they are."""
    path = tmp_path / "x.csv"
    path.write_bytes('text,note\r\n"قال:\r\nنعم\rلا","سطر\r\nثان"\r\n'.encode("utf-8"))
    assert [row for row, _ in iter_export_rows(path, "x", [])] == [
        ("x/0", f"{path}#0", "قال:\nنعم\nلا", {"note": "سطر\r\nثان"})]


def test_an_export_is_sniffed_on_its_first_64_kib_cut_inside_a_character(tmp_path):
    """The encoding is read from the first 64 KiB (cut here inside a two-byte letter: still
    UTF-8); a byte further on that is not UTF-8 ends the rows there, with the reason."""
    line = "قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا"
    data = ("id,text\n" + "".join(f"{i},{line}\n" for i in range(1000))).encode("utf-8")
    assert 2**16 < len(data) < 2**17
    with pytest.raises(UnicodeDecodeError, match="unexpected end of data"):
        data[:2**16].decode("utf-8")  # the cut falls inside a character
    bad = "وأضاف أن التجارة نمت".encode("cp1256")
    path = tmp_path / "feed.csv"
    path.write_bytes(data + b"1000," + bad + b"\n")
    skipped = []
    got = [row for row, _ in iter_export_rows(path, "feed", skipped)]
    assert got[0] == ("feed/0", f"{path}#0", line, {})
    # every row before the bad byte's, those of its 8 KiB block too; its own row is the one reported
    assert [r[0] for r in got] == [f"feed/{i}" for i in range(1000)]
    assert skipped == [{"path": str(path), "reason": "rest of the file unreadable: 'utf-8' codec can't decode "
                                                      "byte 0xe6 in position 4599: invalid continuation byte"}]


_LINE = "قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا"


def test_a_jsonl_export_keeps_every_line_before_a_bad_byte(tmp_path):
    """A JSONL line cut by a bad byte (the second file: a bad byte opening a line) is reported
    with the rest of the file; every line before it loads, those of its 8 KiB block too."""
    data = "".join(json.dumps({"id": i, "text": _LINE}, ensure_ascii=False) + "\n" for i in range(1000)).encode()
    assert 2**16 < len(data) < 2**17
    bad = "وأضاف".encode("cp1256")
    for name, tail, position in (("cut.jsonl", b'{"id": 1000, "text": "X' + bad + b'"}\n', 7226),
                                 ("line.jsonl", bad + b"\n", 7203)):
        path = tmp_path / name
        path.write_bytes(data + tail)
        skipped = []
        got = [row for row, _ in iter_export_rows(path, "feed", skipped)]
        assert [(r[0], r[2]) for r in got] == [(f"feed/{i}", _LINE) for i in range(1000)]
        assert skipped == [{"path": str(path), "reason": "rest of the file unreadable: 'utf-8' codec can't decode "
                                                          f"byte 0xe6 in position {position}: invalid continuation byte"}]


def test_a_utf16_export_keeps_every_row_before_a_lone_surrogate(tmp_path):
    data = ("id,text\r\n" + "".join(f"{i},{_LINE}\r\n" for i in range(1000))).encode("utf-16")
    path = tmp_path / "feed.csv"
    path.write_bytes(data + "1000,قال".encode("utf-16-le") + b"\x00\xd8" + "أ\r\n".encode("utf-16-le"))
    skipped = []
    got = [row for row, _ in iter_export_rows(path, "feed", skipped)]
    assert [(r[0], r[2]) for r in got] == [(f"feed/{i}", _LINE) for i in range(1000)]
    assert skipped == [{"path": str(path), "reason": "rest of the file unreadable: 'utf-16-le' codec can't decode "
                                                      "bytes in position 3128-3129: illegal UTF-16 surrogate"}]


def test_a_csv_field_cut_by_a_bad_byte_on_its_second_line(tmp_path):
    """The record is cut inside a quoted field that spans lines: reported (for the bad byte, not
    as a CSV error), the records before it kept."""
    data = ("id,text\n" + "".join(f"{i},{_LINE}\n" for i in range(1000))).encode()
    path = tmp_path / "feed.csv"
    path.write_bytes(data + '1000,"سطر\nثان'.encode() + "وأضاف".encode("cp1256") + b'"\n')
    skipped = []
    got = [row for row, _ in iter_export_rows(path, "feed", skipped)]
    assert [r[0] for r in got] == [f"feed/{i}" for i in range(1000)]
    assert skipped == [{"path": str(path), "reason": "rest of the file unreadable: 'utf-8' codec can't decode "
                                                      "byte 0xe6 in position 4613: invalid continuation byte"}]


def test_lines_ended_by_a_lone_carriage_return_across_blocks(tmp_path):
    """Line ends as ``open(newline="")`` gives them, a ``\\r\\n`` or a lone ``\\r`` falling on the
    end of an 8 KiB block too."""
    path = tmp_path / "feed.jsonl"
    first = json.dumps({"text": "x" * (8192 - 13)}) + "\r"  # 8,192 bytes: its \r ends the first block
    path.write_bytes(first.encode() + b"\n" + b'{"text": "b"}\r{"text": "c"}\r' + b"\r\n" * 3 + b'{"text": "d"}')
    got = [(row[0], row[2][:2]) for row, _ in iter_export_rows(path, "feed", [])]
    assert got == [("feed/0", "xx"), ("feed/1", "b"), ("feed/2", "c"), ("feed/6", "d")]


def test_a_bad_byte_opening_an_8_kib_block(tmp_path):
    """The rows of the blocks before are kept; none of the bad block is decoded."""
    data = "id,text\n" + "".join(f"{i:03d},{'x' * 88}\n" for i in range(880)) + f"pad,{'x' * 67}\n"
    assert len(data) == 10 * 8192  # after the 64 KiB sniffed
    path = tmp_path / "feed.csv"
    path.write_bytes(data.encode() + b"\xff,y\n")
    skipped = []
    assert [row[0] for row, _ in iter_export_rows(path, "feed", skipped)] == [f"feed/{i:03d}" for i in range(880)] + [
        "feed/pad"]
    assert skipped == [{"path": str(path), "reason": "rest of the file unreadable: 'utf-8' codec can't decode "
                                                      "byte 0xff in position 0: invalid start byte"}]


def test_rows_ended_by_a_lone_carriage_return_come_as_their_block_is_read(tmp_path):
    """Each row comes with the bytes read when its line end is: the block that holds it."""
    path = tmp_path / "feed.csv"
    path.write_bytes(("id,text\r" + "".join(f"{i},{'x' * 3000}\r" for i in range(6))).encode())
    assert [(row[0], pos) for row, pos in iter_export_rows(path, "feed", [])] == [
        ("feed/0", 8192), ("feed/1", 8192), ("feed/2", 16384), ("feed/3", 16384), ("feed/4", 16384),
        ("feed/5", path.stat().st_size)]
    # a \r that ends the first block, before a row longer than a block: known with the second
    path.write_bytes(("id,text\r" + f"0,{'x' * 8181}\r" + f"1,{'x' * 20000}\r" + "2,y\r").encode())
    assert [(row[0], pos) for row, pos in iter_export_rows(path, "feed", [])] == [
        ("feed/0", 16384), ("feed/1", 28199), ("feed/2", 28199)]


def test_a_utf16_export_cut_inside_its_header_is_skipped(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes("text,title".encode("utf-16") + b"\x00")  # an odd byte: the download was cut
    skipped = []
    assert list(iter_export_rows(path, "cut", skipped)) == []
    assert skipped == [{"path": str(path), "reason": "'utf-16-le' codec can't decode byte 0x00 in position 0: "
                                                     "truncated data"}]


# --------------------------------------------------------------------------- sentence_columns

def _columns(found) -> list[tuple]:
    assert [c.dtype for c in found[:5]] == [INT64] * 5 and [c.size for c in found[:5]] == [len(found[5])] * 5
    return list(zip(*[c.tolist() for c in found[:5]], found[5]))


# split_sentences paragraph by paragraph: what sentence_columns promises (test_loading's reference)
from test_loading import _one_by_one as _reference  # noqa: E402


def test_sentence_columns_of_spans_that_are_not_paragraphs():
    """Spans other than parse_article's paragraphs (here: the whole text, lines and all) are
    split paragraph by paragraph with split_sentences, numbered per text."""
    texts = [STORY, "قال. نعم! لا؟ ربما."]
    found = sentence_columns(texts, [[(0, len(STORY) - 1)], [(0, 9), (10, 19)]])
    assert _columns(found) == [
        (0, 0, 0, 0, 14, "باكو/ الأناضول"),  # a line break ends a sentence too
        (0, 1, 0, 15, 69, "قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا."), (0, 2, 0, 70, 81, "وأضاف: نعم!"),
        (1, 0, 0, 0, 4, "قال."), (1, 1, 0, 5, 9, "نعم!"), (1, 2, 1, 10, 13, "لا؟"), (1, 3, 1, 14, 19, "ربما.")]
    none = sentence_columns(["باكو", "  "], [[], [(0, 2)]])  # a blank span: no sentence, int64 columns still
    assert _columns(none) == []


def test_sentence_columns_with_no_paragraph_at_all():
    assert _columns(sentence_columns(["", "عنوان"], [[], []])) == []


@pytest.mark.parametrize("texts, spans", [
    (["قال.. ثم نعم"], [(0, 4)]),          # a span that ends inside a run of points
    (["!! نعم"], [(1, 6)]),                 # … that starts inside one
    (["قال... ثم نعم"], [(4, 13)]),
    (["قال الوزير. وأضاف"], [(4, 11), (3, 11)]),  # a span that starts on a space
    (["نعم. لا", "وقال. ثم"], [(0, 30)]),   # past the end of its text
    (["وقال. ثم", "قال الوزير. نعم"], [(-2, 5)]),  # before its start
    (["قال الوزير. نعم"], [(6, 2)]),        # backwards
])
def test_sentence_columns_of_odd_spans_are_split_sentences(texts, spans):
    paragraphs = [spans] + [parse_article(t).paragraphs for t in texts[1:]]
    assert _columns(sentence_columns(texts, paragraphs)) == _reference(texts, paragraphs)


def test_a_text_bigger_than_a_batch_is_split_on_its_own(monkeypatch):
    text = ANADOLU.read_text(encoding="utf-8")
    frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [text, "قال. نعم", text]})
    whole = sentences_frame(frame)
    monkeypatch.setattr(helpers.loading.batches, "_BATCH", len(text) // 2)  # each article alone too big
    pd.testing.assert_frame_equal(sentences_frame(frame), whole)


# --------------------------------------------------------------------------- datelines across lines

def test_a_dateline_is_never_found_across_a_line_break():
    """Every dateline check looks at one line: "باكو" then "- رويترز …" on the next line is a
    one-word headline and a paragraph, not a dateline."""
    assert parse_article("باكو\n- رويترز قال الوزير.\nنص آخر.") == Article(
        headline=(0, 4), body=(5, 33), paragraphs=[(5, 25), (26, 33)])
    assert parse_article("عنوان قصير\nباكو\n- رويترز قال الوزير.\nنص آخر.") == Article(
        headline=(0, 10), body=(11, 44), paragraphs=[(11, 15), (16, 36), (37, 44)])
    assert parse_article("عنوان الخبر\n\nعنوان فرعي طويل\nباكو\n- رويترز قال الوزير.\nنص آخر.") == Article(
        headline=(0, 11), body=(13, 62), paragraphs=[(13, 28), (29, 33), (34, 54), (55, 62)])
    from helpers.loading import find_dateline_outlet
    assert find_dateline_outlet("باكو\n- رويترز\nنص.") is None
    assert find_dateline_outlet("باكو -\nرويترز قالت إن الوزير وصل.") is None  # the agency on the next line
    assert match_dateline("باكو -\nرويترز قالت إن الوزير وصل.", 0, 6) is None
    assert find_dateline_outlet("\nباكو - رويترز") == (8, 14)  # after an empty first line
    assert find_dateline_outlet("باكو - رويترز\nنقلت الأناضول عن الوزير") == (7, 13)  # not the body's agency
    assert find_dateline_outlet("عنوان\n\nسطر\n\nباكو - رويترز") is None  # the fifth line: empty lines count


def test_a_dateline_made_of_the_agency_alone():
    from helpers.loading import find_dateline_outlet
    assert find_dateline_outlet("(أ ف ب) - قال الرئيس إن المحادثات كانت مثمرة") == (1, 6)


# --------------------------------------------------------------------------- inputs that go away

def test_a_missing_export_is_skipped_with_the_system_reason(tmp_path):
    skipped = []
    assert list(iter_export_rows(tmp_path / "gone.csv", "gone", skipped)) == []
    assert skipped == [{"path": str(tmp_path / "gone.csv"), "reason": "No such file or directory"}]


def test_an_export_removed_while_it_is_streamed_still_gives_all_its_rows(tmp_path):
    """The open file is read to its end; its size, gone with it, is taken from the last row read."""
    _export(tmp_path / "feed.csv", 3)
    size = (tmp_path / "feed.csv").stat().st_size
    batches = iter_input_batches(tmp_path, 2)
    first = next(batches)
    (tmp_path / "feed.csv").unlink()
    rest = list(batches)
    assert [len(first.rows)] + [len(b.rows) for b in rest] == [2, 1]
    assert [first.n_bytes] + [b.n_bytes for b in rest] == [16384, size - 16384]


def test_a_file_of_another_suffix_is_left_to_load_corpus(folder):
    (folder / "notes.md").write_text("ملاحظات المحرر عن الخبر", encoding="utf-8")
    batch = load_articles([(str(folder / "utf8.txt"), "u"), (str(folder / "notes.md"), "n")])
    assert batch.frame.doc_id.tolist() == ["u"]
    assert batch.skipped == [{"path": str(folder / "notes.md"), "reason": "not a .txt/.csv/.jsonl file"}]


def test_a_file_name_too_long_for_the_system_fails_as_in_load_corpus(tmp_path):
    """Only a missing file is skipped; any other error of the file system is raised, as
    load_corpus raises it."""
    from helpers.loading import load_corpus
    long = tmp_path / ("خ" * 200 + ".txt")  # 400 bytes: over the 255 a name may have
    with pytest.raises(OSError, match="File name too long"):
        load_corpus([long])
    with pytest.raises(OSError, match="File name too long"):
        load_articles([(str(long), "x")])


def test_only_a_lone_point_after_a_letter_may_be_an_abbreviation():
    """"الخطة أ؟" and "الخطة ب!" end sentences: only "." after a one-letter word (د.) may not."""
    text = "هل نختار الخطة أ؟ نعم، الخطة ب! ثم غادر د. أحمد."
    frame = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    assert sentences_frame(frame).text.tolist() == ["هل نختار الخطة أ؟", "نعم، الخطة ب!", "ثم غادر د. أحمد."]


@pytest.mark.parametrize("text", ["  قال الوزير. نعم", "قال الوزير. نعم  "])
def test_sentence_columns_of_a_span_with_blanks_at_one_end(text):
    """A span with spaces at its start or end is not a paragraph: split as split_sentences
    splits it (the spaces left out)."""
    paragraphs = [[(0, len(text))]]
    assert _columns(sentence_columns([text], paragraphs)) == _reference([text], paragraphs)
    assert sentence_columns([text], paragraphs)[5] == ["قال الوزير.", "نعم"]


def test_words_of_a_body_glued_to_its_dateline():
    """A dateline may end on a dash or a colon with no space before the body: the body then
    starts inside a run of non-space characters, and its words are still counted from its start
    (the chunk-wide count gives what count_words gives on the body alone)."""
    texts = ["باكو (رويترز)-قال الوزير إن العلاقات جيدة.", "باكو - رويترز -قال الوزير.", "باكو (رويترز)-و قال الوزير.",
             "باكو (رويترز)-... قال الوزير.", "باكو (رويترز)-«قال» الوزير.", "القدس/ الأناضول-قال."]
    batch = load_articles(rows=[(f"n/{i}", f"n.csv#{i}", t, {}) for i, t in enumerate(texts)])
    assert batch.frame.body.tolist() == ["قال الوزير إن العلاقات جيدة.", "قال الوزير.", "و قال الوزير.",
                                         "... قال الوزير.", "«قال» الوزير.", "قال."]
    assert batch.frame.n_words.tolist() == [5, 2, 3, 2, 2, 1]
