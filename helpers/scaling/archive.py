"""Scaling, tar archives as input: a corpus kept compressed (``.tar``, ``.tar.gz``, ``.tar.xz`` …)
is processed without unpacking it (:func:`iter_archive_rows`), and :func:`sample_archive` writes a
smaller archive of a few articles per section, for trying the pipeline in seconds.

>>> from helpers._shared import ROOT
>>> jawhara = ROOT / "data" / "corpora" / "jawharafm.tar.xz"
>>> is_archive(jawhara), is_archive(ROOT / "data" / "raw")
(True, False)
"""
from __future__ import annotations

import copy
import csv
import io
import os
import random
import tarfile
from pathlib import Path
from typing import Iterator

from ..loading import Row, UnreadableFile, atomic_path, decode_bytes, normalize_newlines

#: The endings of the tar archives the pipeline reads, and the mode :func:`sample_archive` writes each with.
ARCHIVE_SUFFIXES = {".tar": "w", ".tar.gz": "w:gz", ".tgz": "w:gz", ".tar.xz": "w:xz", ".txz": "w:xz",
                    ".tar.bz2": "w:bz2", ".tbz2": "w:bz2"}
#: The name of the metadata member of an archive, at its top or in its top folder.
METADATA_NAME = "metadata.csv"


def is_archive(path: object) -> bool:
    """True when ``path`` is one file whose name ends as a tar archive (:data:`ARCHIVE_SUFFIXES`).

    >>> is_archive("news.tar.xz"), is_archive("news.txt"), is_archive(["news.tar.xz"])
    (False, False, False)
    """
    if not isinstance(path, (str, os.PathLike)):
        return False
    p = Path(path)
    return p.name.lower().endswith(tuple(ARCHIVE_SUFFIXES)) and p.is_file()


def member_doc_id(name: str) -> str:
    """The doc_id of an archive member: its name without its top folder and its ``.txt``.

    >>> member_doc_id("jawharafm/JA-culture-1-20170120.txt"), member_doc_id("a.txt"), member_doc_id("./c/2017/b.txt")
    ('JA-culture-1-20170120', 'a', '2017/b')
    """
    parts = _parts(name)
    rel = "/".join(parts[1:] if len(parts) > 1 else parts)
    return rel[:-4] if rel.lower().endswith(".txt") else rel


def _parts(name: str) -> list[str]:
    """A member's path, folder by folder, without the "." that ``tar -cf x.tar ./news`` puts first."""
    return [part for part in name.strip("/").split("/") if part != "."]


def _is_metadata(name: str) -> bool:
    parts = _parts(name)
    return parts[-1] == METADATA_NAME and len(parts) <= 2


def _hidden(name: str) -> bool:
    return any(part.startswith(".") and part != ".." for part in _parts(name))


def archive_text_bytes(path: str | os.PathLike) -> int:
    """The bytes of the ``.txt`` members of an archive (hidden ones left out), from their headers:
    what the progress bar of :func:`helpers.process_corpus` counts. An archive unreadable part
    way: the bytes of the members before.

    >>> from helpers._shared import ROOT
    >>> archive_text_bytes(ROOT / "data" / "corpora" / "jawharafm.tar.xz")
    13119841
    """
    total = 0
    try:
        with tarfile.open(path) as tar:
            for member in tar:
                if member.isfile() and not _hidden(member.name) and member.name.lower().endswith(".txt"):
                    total += member.size
    except (tarfile.TarError, EOFError, OSError):
        pass
    return total


def read_archive_metadata(path: str | os.PathLike) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The ``metadata.csv`` of an archive (at its top or in its top folder): its columns after
    ``doc_id``, and doc_id → that row's other columns as text. No such member: ``([], {})``.

    The archive is read up to that member only (it comes first in archives made for this project).
    Raises :class:`helpers.UnreadableFile` naming the member if it cannot be decoded or has no
    ``doc_id`` column.

    >>> from helpers._shared import ROOT
    >>> columns, rows = read_archive_metadata(ROOT / "data" / "corpora" / "jawharafm.tar.xz")
    >>> columns, rows["JA-culture-1-20170120"]["published"]
    (['outlet', 'category', 'published', 'url'], '2017-01-20T21:43:00+01:00')
    """
    with tarfile.open(path) as tar:
        for member in tar:
            if member.isfile() and _is_metadata(member.name):
                data = tar.extractfile(member).read()  # type: ignore[union-attr]
                return _parse_metadata(data, f"{path}:{member.name}")
    return [], {}


class _MetadataUnreadable(UnreadableFile):
    """An unreadable ``metadata.csv`` member: the message is ``"<where>: <reason>"``, and both
    parts are kept apart, since an archive's path or a member's name may hold ": " itself."""

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where, self.reason = where, reason


def _parse_metadata(data: bytes, where: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The columns and rows of a ``metadata.csv`` member (``where`` names it in errors)."""
    try:
        text = normalize_newlines(decode_bytes(data))
    except UnreadableFile as err:
        raise _MetadataUnreadable(where, str(err)) from None
    reader = csv.DictReader(io.StringIO(text))
    if "doc_id" not in (reader.fieldnames or []):
        raise _MetadataUnreadable(where, "no doc_id column")
    columns = [c for c in reader.fieldnames if c != "doc_id"]  # type: ignore[union-attr]
    return columns, {row["doc_id"]: {c: row[c] for c in columns} for row in reader}


def iter_archive_rows(path: str | os.PathLike, skipped: list[dict],
                      metadata: bool = True) -> Iterator[tuple[Row, int]]:
    """Stream the articles of a tar archive, one ``.txt`` member each: ``(row, bytes of the member)``.

    In one pass, in the archive's order (a compressed archive cannot seek back). A row is
    ``(doc_id, path, text, other columns)`` as :func:`helpers.iter_export_rows` gives one: doc_id
    from :func:`member_doc_id`, path ``<archive>:<member>``, the text decoded as
    :func:`helpers.read_text` decodes a file, and, with ``metadata``, the columns of the archive's
    own ``metadata.csv`` for that doc_id (every column, ``None`` where the doc_id has no row; the
    archive is then opened twice, see :func:`read_archive_metadata`).

    What cannot be used goes to ``skipped`` as ``{"path", "reason"}`` and the rest still loads:
    a member that cannot be decoded (named ``<archive>:<member>``), a member that is not ``.txt``
    (hidden members and the ``metadata.csv`` left out), and an archive unreadable part way
    (``rest of the archive unreadable: …``, the members before kept).

    >>> from helpers._shared import ROOT
    >>> rows = iter_archive_rows(ROOT / "data" / "corpora" / "jawharafm.tar.xz", [])
    >>> (doc_id, path, text, extra), size = next(rows)
    >>> doc_id, path.rsplit(":", 1)[1], extra["category"], size
    ('JA-internationalNews-1-20170121', 'jawharafm/JA-internationalNews-1-20170121.txt', 'internationalNews', 1278)
    >>> rows.close()
    """
    columns, meta = _metadata_or_report(path, skipped) if metadata else ([], {})
    missing = dict.fromkeys(columns)
    try:
        with tarfile.open(path) as tar:
            for member in tar:
                if not member.isfile() or _hidden(member.name) or _is_metadata(member.name):
                    continue
                where = f"{path}:{member.name}"
                if not member.name.lower().endswith(".txt"):
                    skipped.append({"path": where, "reason": "not a .txt file"})
                    continue
                data = tar.extractfile(member).read()  # type: ignore[union-attr]
                try:
                    text = normalize_newlines(decode_bytes(data))  # empty: "empty file", as a file
                except UnreadableFile as err:
                    skipped.append({"path": where, "reason": str(err)})
                    continue
                doc_id = member_doc_id(member.name)
                yield (doc_id, where, text, dict(meta.get(doc_id, missing))), member.size
    except (tarfile.TarError, EOFError, OSError) as err:
        skipped.append({"path": str(path), "reason": f"rest of the archive unreadable: {type(err).__name__}: {err}"})


def _metadata_or_report(path: str | os.PathLike, skipped: list[dict]) -> tuple[list[str], dict[str, dict[str, str]]]:
    """:func:`read_archive_metadata`, or none when it cannot be read (the reason goes to ``skipped``;
    an archive unreadable before it is reported by the pass over the articles)."""
    try:
        return read_archive_metadata(path)
    except _MetadataUnreadable as err:
        skipped.append({"path": err.where, "reason": f"metadata not joined: {err.reason}"})
    except (tarfile.TarError, EOFError, OSError):
        pass
    return [], {}


def sample_archive(source: str | os.PathLike, dest: str | os.PathLike, per_group: int, *,
                   by: str = "category", seed: int = 0) -> Path:
    """Write a smaller archive: ``per_group`` articles of every value of the metadata column ``by``.

    The rule, so that anyone can draw the same sample: the doc_ids of the source's
    ``metadata.csv`` are grouped by ``by`` (rows with an empty value left out); the groups are
    taken in sorted order, and from each, its doc_ids sorted, ``random.Random(seed).sample`` draws
    ``per_group`` (all of a smaller group), one generator for all groups. The new archive holds
    the chosen articles in the source's order, the ``metadata.csv`` cut to their rows, and every
    other member (a licence, a README) as it is; its compression follows the name of ``dest``
    (``.tar``, ``.tar.gz``, ``.tar.xz`` …). Written atomically: a reader never sees half of it.
    The same arguments give the same members (and, for ``.tar`` and ``.tar.xz``, the same bytes).

    >>> import tempfile
    >>> from helpers._shared import ROOT
    >>> tmp = tempfile.TemporaryDirectory()
    >>> sample = sample_archive(ROOT / "data" / "corpora" / "jawharafm.tar.xz", Path(tmp.name) / "s.tar", 2)
    >>> columns, rows = read_archive_metadata(sample)
    >>> len(rows), sorted(rows)[:2]
    (18, ['JA-culture-31-20170126', 'JA-culture-85-20170403'])
    >>> tmp.cleanup()
    """
    if per_group < 1:
        raise ValueError(f"per_group must be at least 1, not {per_group}")
    dest = Path(dest)
    mode = next((m for s, m in ARCHIVE_SUFFIXES.items() if dest.name.lower().endswith(s)), None)
    if mode is None:
        raise ValueError(f"{dest.name}: the sample's name must end with one of {', '.join(ARCHIVE_SUFFIXES)}")
    columns, meta = read_archive_metadata(source)
    if not meta:
        raise ValueError(f"{source}: no {METADATA_NAME} with a doc_id column in the archive")
    if by not in columns:
        raise ValueError(f"{source}: its {METADATA_NAME} has no column {by!r} (columns: {', '.join(columns)})")
    chosen = _choose(meta, by, per_group, seed)
    with atomic_path(dest) as tmp, tarfile.open(source) as src, tarfile.open(tmp, mode) as out:
        for member in src:
            if member.isfile() and _is_metadata(member.name):
                data = _metadata_bytes(columns, meta, chosen)
                info = copy.copy(member)
                info.size = len(data)
                out.addfile(info, io.BytesIO(data))
            elif not member.isfile() or not member.name.lower().endswith(".txt") \
                    or member_doc_id(member.name) in chosen:
                out.addfile(member, src.extractfile(member) if member.isfile() else None)
    return dest


def _choose(meta: dict[str, dict[str, str]], by: str, per_group: int, seed: int) -> set[str]:
    """The doc_ids :func:`sample_archive` keeps (its docstring gives the rule)."""
    groups: dict[str, list[str]] = {}
    for doc_id, row in meta.items():
        if row[by]:
            groups.setdefault(row[by], []).append(doc_id)
    rng = random.Random(seed)
    chosen: set[str] = set()
    for group in sorted(groups):
        ids = sorted(groups[group])
        chosen.update(rng.sample(ids, min(per_group, len(ids))))
    return chosen


def _metadata_bytes(columns: list[str], meta: dict[str, dict[str, str]], chosen: set[str]) -> bytes:
    """A ``metadata.csv`` of the ``chosen`` rows, in their order in ``meta``, as UTF-8."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["doc_id", *columns])
    for doc_id, row in meta.items():
        if doc_id in chosen:
            writer.writerow([doc_id, *(row[c] for c in columns)])
    return buf.getvalue().encode("utf-8")
