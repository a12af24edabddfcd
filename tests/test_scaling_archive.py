"""Scaling stage, tar archives as input (helpers.scaling.archive): articles streamed from an archive
without unpacking it, its own metadata.csv joined, bad members reported by name and reason, the
same tables as the unpacked folder, resume; and sample_archive's rule."""
from __future__ import annotations

import io
import subprocess
import sys
import tarfile
from pathlib import Path

import pandas as pd
import pytest

from helpers import iter_chunks, process_corpus, read_text
from helpers.scaling import TABLES
from helpers.scaling.archive import (
    archive_text_bytes, is_archive, iter_archive_rows, member_doc_id, read_archive_metadata, sample_archive,
)

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
JAWHARA = ROOT / "data" / "corpora" / "jawharafm.tar.xz"
ANADOLU, ASTANA = (read_text(RAW / f"{n}.txt").encode("utf-8") for n in ("anadolu_saar_baku", "saar_astana_baku"))
METADATA = "doc_id,section,published\nanadolu,politics,2025-11-10\n2025/astana,world,10/11/2025\nother,x,\n"


def make_archive(path: Path, members: list[tuple[str, bytes]]) -> Path:
    """A tar archive (compressed as its name says) of ``members`` in this order."""
    mode = {".xz": "w:xz", ".gz": "w:gz"}.get(path.suffix, "w")
    with tarfile.open(path, mode) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1_700_000_000
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def news(tmp_path) -> Path:
    """The two real articles in an archive's top folder, its metadata.csv after the first one, a
    licence, a hidden file, and members a real archive holds by mistake."""
    return make_archive(tmp_path / "news.tar.xz", [
        ("news/2025/astana.txt", ASTANA.replace(b"\n", b"\r\n")),
        ("news/metadata.csv", METADATA.encode("utf-8")),
        ("news/LICENSE", b"Apache License 2.0"),
        ("news/._astana.txt", b"\x00\x05\x16\x07"),  # macOS resource fork: hidden, ignored
        ("news/empty.txt", b""),
        ("news/scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("news/anadolu.txt", ANADOLU),
    ])


def test_an_archive_is_one_file_named_as_a_tar(tmp_path, news):
    (tmp_path / "folder.tar").mkdir()
    assert [is_archive(p) for p in (news, JAWHARA, tmp_path / "folder.tar", tmp_path / "gone.tar.gz", RAW)] \
        == [True, True, False, False, False]
    assert is_archive(str(news)) and not is_archive([news])


def test_member_doc_ids_drop_the_top_folder_and_the_suffix():
    assert [member_doc_id(n) for n in ("news/a.txt", "a.txt", "news/2025/11/b.TXT", "./news/c.txt")] \
        == ["a", "a", "2025/11/b", "c"]   # "./news/…": tar -cf x.tar ./news


def test_rows_carry_the_text_and_the_archives_own_metadata_and_bad_members_are_named(news):
    skipped: list[dict] = []
    rows = list(iter_archive_rows(news, skipped))
    assert [(r[0], r[1], r[3], size) for r, size in rows] == [
        ("2025/astana", f"{news}:news/2025/astana.txt", {"section": "world", "published": "10/11/2025"},
         len(ASTANA) + ASTANA.count(b"\n")),
        ("anadolu", f"{news}:news/anadolu.txt", {"section": "politics", "published": "2025-11-10"}, len(ANADOLU)),
    ]
    assert [r[2] for r, _ in rows] == [ASTANA.decode(), ANADOLU.decode()]  # CRLF made LF, as read_text does
    assert skipped == [
        {"path": f"{news}:news/LICENSE", "reason": "not a .txt file"},
        {"path": f"{news}:news/empty.txt", "reason": "empty file"},
        {"path": f"{news}:news/scan.txt", "reason": "binary file (contains NUL bytes)"},
    ]
    assert [r[3] for r, _ in iter_archive_rows(news, [], metadata=False)] == [{}, {}]
    assert [r[0] for r, _ in iter_archive_rows(news, [])] == [r[0] for r, _ in rows]  # "other": no member


def test_metadata_is_read_from_the_top_or_the_top_folder_only(tmp_path):
    deep = make_archive(tmp_path / "deep.tar", [("a/b/metadata.csv", b"doc_id,x\nq,1\n"), ("a/q.txt", ANADOLU)])
    assert read_archive_metadata(deep) == ([], {})
    top = make_archive(tmp_path / "top.tar", [("metadata.csv", b"doc_id,x\nq,1\n"), ("q.txt", ANADOLU)])
    assert read_archive_metadata(top) == (["x"], {"q": {"x": "1"}})
    assert [r[3] for r, _ in iter_archive_rows(top, [])] == [{"x": "1"}]


def test_a_truncated_archive_keeps_the_members_before_and_says_why(tmp_path, news):
    whole = make_archive(tmp_path / "whole.tar", [("n/a.txt", ANADOLU), ("n/b.txt", ASTANA)])
    cut = tmp_path / "cut.tar"
    cut.write_bytes(whole.read_bytes()[:512 + len(ANADOLU) + 900])  # cut inside b's data
    skipped: list[dict] = []
    assert [r[0] for r, _ in iter_archive_rows(cut, skipped)] == ["a"]
    assert len(skipped) == 1 and skipped[0]["path"] == str(cut)
    assert skipped[0]["reason"].startswith("rest of the archive unreadable: ReadError: ")
    assert archive_text_bytes(cut) == len(ANADOLU) + len(ASTANA)  # from the headers: b's was read
    assert archive_text_bytes(news) == len(ANADOLU) + 0 + 16 + len(ASTANA) + ASTANA.count(b"\n")


def test_the_pipeline_on_an_archive_gives_the_tables_of_the_unpacked_folder(news, tmp_path):
    folder = tmp_path / "unpacked"
    with tarfile.open(news) as tar:
        tar.extractall(folder, filter="data")
    summary = process_corpus(news, tmp_path / "out", jobs=1, chunk_size=1)
    unpacked = process_corpus(folder / "news", tmp_path / "out_folder", jobs=1, chunk_size=1,
                              metadata=folder / "news" / "metadata.csv")
    assert (summary.n_chunks, summary.n_articles) == (2, 2)
    assert [(s["path"].rsplit(":", 1)[1], s["reason"]) for s in summary.skipped] == [
        ("news/LICENSE", "not a .txt file"), ("news/empty.txt", "empty file"),
        ("news/scan.txt", "binary file (contains NUL bytes)")]
    for t in TABLES:
        got, want = pd.read_parquet(tmp_path / "out" / t), pd.read_parquet(tmp_path / "out_folder" / t)
        if t == "articles":
            assert got.path.tolist() == [f"{news}:news/2025/astana.txt", f"{news}:news/anadolu.txt"]
            assert got.section.tolist() == ["world", "politics"]
            assert got.published.tolist() == ["10/11/2025", "2025-11-10"]
            got, want = got.drop(columns="path"), want.drop(columns="path")
        pd.testing.assert_frame_equal(got, want)
    assert summary.n_bytes == archive_text_bytes(news) - 16  # the bytes of the articles processed


def test_an_archive_joins_no_metadata_csv_found_beside_it(tmp_path):
    (tmp_path / "metadata.csv").write_text("doc_id,other\na,seed metadata\n", encoding="utf-8")
    archive = make_archive(tmp_path / "plain.tar.gz", [("a.txt", ANADOLU)])
    process_corpus(archive, tmp_path / "out", jobs=1)
    assert "other" not in pd.read_parquet(tmp_path / "out" / "articles").columns
    process_corpus(archive, tmp_path / "out2", jobs=1, metadata=tmp_path / "metadata.csv")  # a path: joined
    assert pd.read_parquet(tmp_path / "out2" / "articles").other.tolist() == ["seed metadata"]


def test_a_rerun_on_an_archive_reuses_every_chunk_and_the_command_reads_archives(news, tmp_path):
    res = subprocess.run([sys.executable, "-m", "helpers", "process", str(news), str(tmp_path / "out"),
                          "--chunk-size", "1", "--jobs", "1"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("processed 2 articles (") and "in 2 chunks →" in res.stdout
    again = process_corpus(news, tmp_path / "out", jobs=1, chunk_size=1)
    assert (again.n_chunks, again.n_resumed) == (2, 2)
    assert [c.index for c in iter_chunks(news, 1)] == [0, 1]


def test_a_sample_takes_per_group_articles_by_a_rule_anyone_can_redo(tmp_path):
    members = [("c/metadata.csv", ("doc_id,cat\n" + "".join(f"{g}{i},{g}\n" for g in "ab" for i in range(5))
                                   + "x0,\n").encode("utf-8")),
               ("c/LICENSE", b"licence")]
    members += [(f"c/{g}{i}.txt", f"نص {g}{i}".encode()) for g in "ab" for i in range(5)] + [("c/x0.txt", b"x")]
    source = make_archive(tmp_path / "all.tar.xz", members)
    sample = sample_archive(source, tmp_path / "s.tar", 2, by="cat", seed=7)
    import random
    rng = random.Random(7)
    want = set(rng.sample([f"a{i}" for i in range(5)], 2)) | set(rng.sample([f"b{i}" for i in range(5)], 2))
    columns, rows = read_archive_metadata(sample)
    assert columns == ["cat"] and set(rows) == want  # the empty group (x0) is left out
    with tarfile.open(sample) as tar:
        names = tar.getnames()
    assert names == ["c/metadata.csv", "c/LICENSE"] + [n for n, _ in members[2:] if member_doc_id(n) in want]
    assert sample.read_bytes() == sample_archive(source, tmp_path / "again.tar", 2, by="cat", seed=7).read_bytes()
    assert set(read_archive_metadata(sample_archive(source, tmp_path / "all.tar", 9, by="cat"))[1]) \
        == {f"{g}{i}" for g in "ab" for i in range(5)}  # a smaller group: all of it
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_sample_of_the_real_archive_has_every_section(tmp_path):
    sample = sample_archive(JAWHARA, tmp_path / "s.tar.xz", 3, seed=1)
    _, rows = read_archive_metadata(sample)
    counts = pd.Series([r["category"] for r in rows.values()]).value_counts()
    assert len(counts) == 9 and set(counts) == {3}
    assert len(list(iter_archive_rows(sample, []))) == 27


@pytest.mark.parametrize("kwargs, message", [
    ({"per_group": 0}, "per_group must be at least 1, not 0"),
    ({"per_group": 1, "dest": "s.zip"}, "s.zip: the sample's name must end with one of .tar, "),
    ({"per_group": 1, "by": "section"}, "has no column 'section' (columns: outlet, category, published, url)"),
])
def test_sample_errors_say_what_to_change(tmp_path, kwargs, message):
    dest = tmp_path / kwargs.pop("dest", "s.tar")
    with pytest.raises(ValueError, match=message.replace(".", r"\.").replace("(", r"\(").replace(")", r"\)")):
        sample_archive(JAWHARA, dest, **kwargs)
    assert not dest.exists()


def test_a_sample_needs_the_metadata_of_its_source(tmp_path):
    bare = make_archive(tmp_path / "bare.tar", [("a.txt", ANADOLU)])
    with pytest.raises(ValueError, match="no metadata.csv with a doc_id column"):
        sample_archive(bare, tmp_path / "s.tar", 1)


def test_a_metadata_csv_that_cannot_be_joined_is_reported_and_the_articles_still_load(tmp_path):
    archive = make_archive(tmp_path / "m.tar", [("n/metadata.csv", b"id,section\na,x\n"), ("n/a.txt", ANADOLU)])
    skipped: list[dict] = []
    assert [(r[0], r[3]) for r, _ in iter_archive_rows(archive, skipped)] == [("a", {})]
    assert skipped == [{"path": f"{archive}:n/metadata.csv", "reason": "metadata not joined: no doc_id column"}]


def test_an_unjoinable_metadata_csv_is_reported_whole_when_its_path_holds_a_colon(tmp_path):
    """A folder named "news: 2024" does not cut the report: the path is the member's, the reason whole."""
    folder = tmp_path / "news: 2024"
    folder.mkdir()
    archive = make_archive(folder / "m.tar", [("n/metadata.csv", b"id,section\na,x\n"), ("n/a.txt", ANADOLU)])
    skipped: list[dict] = []
    assert [r[0] for r, _ in iter_archive_rows(archive, skipped)] == ["a"]
    assert skipped == [{"path": f"{archive}:n/metadata.csv", "reason": "metadata not joined: no doc_id column"}]


def test_read_archive_metadata_names_the_member_and_the_reason(tmp_path):
    """Called on its own, read_archive_metadata raises UnreadableFile saying which member and why."""
    from helpers import UnreadableFile
    archive = make_archive(tmp_path / "m.tar", [("n/metadata.csv", b"id,section\na,x\n"), ("n/a.txt", ANADOLU)])
    with pytest.raises(UnreadableFile) as err:
        read_archive_metadata(archive)
    assert str(err.value) == f"{archive}:n/metadata.csv: no doc_id column"


def test_no_metadata_leaves_out_the_archives_own_metadata_too(news, tmp_path):
    process_corpus(news, tmp_path / "out", jobs=1, metadata=False)
    assert not {"section", "published"} & set(pd.read_parquet(tmp_path / "out" / "articles").columns)
    res = subprocess.run([sys.executable, "-m", "helpers", "process", str(news), str(tmp_path / "cli"), "--jobs", "1",
                          "--no-metadata"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "section" not in pd.read_parquet(tmp_path / "cli" / "articles").columns


def test_the_progress_bar_counts_the_bytes_of_the_archives_articles(news, tmp_path):
    import helpers.scaling.run as scaling_run

    bar = scaling_run._progress_bar(news, tmp_path / "out", True)
    try:
        assert bar.total == archive_text_bytes(news) == len(ANADOLU) + 16 + len(ASTANA) + ASTANA.count(b"\n")
    finally:
        bar.close()
