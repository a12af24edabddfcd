"""Scaling stage, small parts checked exactly: which archive members count as hidden or as the
metadata.csv, the doc_id of a member, what sample_archive copies, how a chunk's metadata rows are
picked and re-read, and the sizes and order of the run summary."""
from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pandas as pd

from helpers import format_summary, read_text
from helpers.scaling import RunSummary
from helpers.scaling.archive import iter_archive_rows, member_doc_id, read_archive_metadata, sample_archive
from helpers.scaling.chunks import Chunk
from helpers.scaling.worker import _chunk_metadata, load_chunk

ROOT = Path(__file__).resolve().parent.parent
ANADOLU = read_text(ROOT / "data" / "raw" / "anadolu_saar_baku.txt").encode("utf-8")


def make_archive(path: Path, members: list[tuple[str, bytes | None]]) -> Path:
    """A plain tar of ``members`` in this order; ``(name, None)`` is a symlink to a missing ``LICENSE``."""
    with tarfile.open(path, "w") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.mtime = 1_700_000_000
            if data is None:
                info.type, info.linkname = tarfile.SYMTYPE, "../LICENSE"
                tar.addfile(info)
            else:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


def test_dot_folders_spaces_and_x_names_are_not_hidden(tmp_path):
    """Only a name part starting with "." is hidden: "./" and "../" prefixes (tar -C dir .), a leading
    space and a file named X.txt are articles; ".notes.txt" is left out."""
    names = ["./a.txt", "../b.txt", " .c.txt", "X.txt", "news/.notes.txt"]
    arc = make_archive(tmp_path / "n.tar", [(n, ANADOLU) for n in names])
    skipped: list[dict] = []
    got = [(row[0], row[1].rsplit(":", 1)[1]) for row, _ in iter_archive_rows(arc, skipped)]
    assert got == [("a", "./a.txt"), ("b", "../b.txt"), (" .c", " .c.txt"), ("X", "X.txt")]
    assert skipped == []


def test_the_doc_id_drops_the_top_folder_of_absolute_names_and_only_a_txt_ending():
    """A leading "/" is not a folder; a name without ".txt" keeps all its letters (README, data.csv)."""
    assert member_doc_id("/jawharafm/JA-culture-1-20170120.txt") == "JA-culture-1-20170120"
    assert member_doc_id("X.txt") == "X"
    assert member_doc_id("jawharafm/README") == "README"
    assert member_doc_id("jawharafm/2017/data.csv") == "2017/data.csv"


def test_the_metadata_member_is_found_under_an_absolute_top_folder_only(tmp_path):
    """"/top/metadata.csv" is in the top folder; "X/deep/metadata.csv" is one level too deep."""
    csv = b"doc_id,section\na,politics\n"
    top = make_archive(tmp_path / "top.tar", [("/top/metadata.csv", csv), ("/top/a.txt", ANADOLU)])
    deep = make_archive(tmp_path / "deep.tar", [("X/deep/metadata.csv", csv), ("X/deep/a.txt", ANADOLU)])
    assert read_archive_metadata(top) == (["section"], {"a": {"section": "politics"}})
    assert read_archive_metadata(deep) == ([], {})


def test_an_archive_made_with_tar_cf_of_dot_slash_folder_reads_as_that_folder(tmp_path):
    """`tar -cf news.tar ./news` names its members "./news/a.txt", "./news/metadata.csv": the "."
    is no folder, so the doc_id is "a" (not "news/a") and the metadata is joined, as for "news/…"."""
    csv = b"doc_id,section\na,politics\n"
    arc = make_archive(tmp_path / "news.tar", [("./news/metadata.csv", csv), ("./news/a.txt", ANADOLU)])
    assert read_archive_metadata(arc) == (["section"], {"a": {"section": "politics"}})
    skipped: list[dict] = []
    assert [row[0] for row, _ in iter_archive_rows(arc, skipped)] == ["a"]
    assert skipped == []


def test_an_undecodable_metadata_member_is_reported_by_name_and_reason(tmp_path):
    """The skipped entry names the member and gives the whole reason, colon and all."""
    arc = make_archive(tmp_path / "n.tar", [("news/metadata.csv", bytes(range(128, 256))), ("news/a.txt", ANADOLU)])
    skipped: list[dict] = []
    rows = [row[0] for row, _ in iter_archive_rows(arc, skipped)]
    assert rows == ["a"]
    assert skipped == [{"path": f"{arc}:news/metadata.csv",
                        "reason": "metadata not joined: undecodable: no text encoding fits these bytes"}]


def test_the_sample_writes_lf_lines_and_copies_a_dangling_link(tmp_path):
    """The sample's metadata.csv ends its lines with "\\n" (as the source's), and a symlink whose target
    is outside the archive is copied as it is (it has no content to read)."""
    csv = "doc_id,section\na,politics\nb,politics\nc,world\n".encode()
    src = make_archive(tmp_path / "src.tar", [("news/metadata.csv", csv), ("news/a.txt", ANADOLU),
                                              ("news/b.txt", ANADOLU), ("news/c.txt", ANADOLU),
                                              ("news/LICENSE", None)])
    dest = sample_archive(src, tmp_path / "s.tar", 2, by="section")
    with tarfile.open(dest) as tar:
        names = tar.getnames()
        data = tar.extractfile("news/metadata.csv").read()
        link = tar.getmember("news/LICENSE")
    assert names == ["news/metadata.csv", "news/a.txt", "news/b.txt", "news/c.txt", "news/LICENSE"]
    assert data == csv
    assert (link.issym(), link.linkname) == (True, "../LICENSE")


def test_a_chunk_joins_only_its_own_metadata_rows_in_file_order(tmp_path):
    """The worker cuts metadata.csv to the chunk's doc_ids before the join (the whole table per chunk
    made loading quadratic); private: the joined frame is the same either way, only the cut shows."""
    meta = tmp_path / "metadata.csv"
    meta.write_text("doc_id,section\nc,world\nb,sport\na,politics\na,economy\n", encoding="utf-8")
    got = _chunk_metadata(str(meta), ["a", "c", "zz"])
    assert got.index.tolist() == [0, 2, 3]
    assert got.to_dict("list") == {"doc_id": ["c", "a", "a"], "section": ["world", "politics", "economy"]}


def test_a_changed_metadata_file_is_read_again(tmp_path):
    """The worker keeps metadata.csv in memory, but a file rewritten since (new modification time)
    is read again: the second chunk gets the new section."""
    meta = tmp_path / "metadata.csv"
    chunk = Chunk(index=0, rows=(("a", "a.txt", ANADOLU.decode(), {}),), metadata=str(meta))
    sections = []
    for i, section in enumerate(["politics", "economy"]):
        meta.write_text(f"doc_id,section\na,{section}\n", encoding="utf-8")
        os.utime(meta, ns=(1_700_000_000_000_000_000 + i, 1_700_000_000_000_000_000 + i))
        df, _ = load_chunk(chunk)
        sections.append(df["section"].tolist())
    assert sections == [["politics"], ["economy"]]


def test_the_summary_sizes_use_decimal_units_up_to_gigabytes():
    """999 B, then kB from 1000 bytes, MB from a million, GB beyond (even past 1000 GB)."""
    def size(n: int) -> str:
        return format_summary(RunSummary("out", n_bytes=n)).split("\n")[0].split("(")[1].split(")")[0]
    assert [size(n) for n in (999, 1000, 1_000_000, 5_000_000_000, 1_234_567_890_123)] == \
        ["999 B", "1.0 kB", "1.0 MB", "5.0 GB", "1,234.6 GB"]


def test_the_summary_lists_ten_skipped_paths_and_ties_by_reason():
    """Reasons with as many paths are in alphabetical order of the reason (not of the paths); by
    default ten paths are listed, the rest counted."""
    skipped = [{"path": "z.txt", "reason": "empty file"}, {"path": "a.txt", "reason": "not a .txt file"}]
    skipped += [{"path": f"d{i:02}.txt", "reason": "binary file (contains NUL bytes)"} for i in range(9)]
    text = format_summary(RunSummary("out", skipped=skipped))
    assert text.split("\n")[2:] == [
        "skipped 11 (details in out/manifest.json):",
        "  9 × binary file (contains NUL bytes)",
        *[f"      d{i:02}.txt" for i in range(9)],
        "  1 × empty file",
        "      z.txt",
        "  1 × not a .txt file",
        "      … and 1 more",
    ]
