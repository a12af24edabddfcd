"""Loading, a batch at a time: the articles of some text files or export rows, loaded together.

What the command line (:mod:`helpers.scaling`) runs in every worker on every chunk: the frame
:func:`load_corpus` gives, with the skipped files and why, plus what the later stages reuse
(the paragraphs found, the texts joined, the bytes read), so that nothing is read or parsed twice.

>>> batch = load_articles([("data/raw/anadolu_saar_baku.txt", "anadolu")])     # doctest: +SKIP
>>> batch.frame.doc_id.tolist(), batch.skipped                                 # doctest: +SKIP
(['anadolu'], [])
"""
from __future__ import annotations

import contextlib
import os
import stat
import warnings
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Sequence

import pandas as pd

from .articles import _articles_frame
from .batches import TextBatch, _article_rows
from .corpus import iter_inputs, load_corpus
from .exports import Row, iter_export_rows
from .text import (
    TABLE_SUFFIXES, TEXT_SUFFIXES, CorpusWarning, UnreadableFile, _blank_reason, _decode_text, _plain_utf8, _unreadable_reason,
)


class InputBatch(NamedTuple):
    """Up to ``size`` articles of the inputs, found but not loaded (:func:`iter_input_batches`):
    text files, or rows of one export."""

    files: list[tuple[Path, str]]  # (path, doc_id) of text files, not read yet
    rows: list[Row]  # articles of an export (iter_export_rows), read already
    n_bytes: int  # rows: the bytes of the export they span; files: 0 (their sizes tell)


def iter_input_batches(path: str | os.PathLike | Sequence[str | os.PathLike], size: int,
                       skipped: list[dict] | None = None,
                       exclude: Iterable[str | os.PathLike] = ()) -> Iterator[InputBatch]:
    """The inputs under ``path`` (:func:`iter_inputs`) cut into batches of at most ``size``
    articles, lazily: text files are grouped ``size`` at a time (not read); an export is streamed
    (:func:`iter_export_rows`) and cut every ``size`` rows. Only one batch is held at a time, so
    an endless stream of inputs is fine; the order is stable across runs. What cannot be used
    goes to ``skipped`` as ``{"path", "reason"}``.

    >>> from helpers._shared import ROOT
    >>> [[d for _, d in b.files] for b in iter_input_batches(ROOT / "data" / "raw", 1)]
    [['anadolu_saar_baku'], ['saar_astana_baku']]
    """
    if size < 1:
        raise ValueError(f"size must be at least 1, not {size}")
    skipped = [] if skipped is None else skipped
    files: list[tuple[Path, str]] = []
    for p, doc_id in iter_inputs(path, skipped, exclude):
        if p.suffix.lower() not in TABLE_SUFFIXES:
            files.append((p, doc_id))
            if len(files) == size:
                yield InputBatch(files, [], 0)
                files = []
            continue
        rows: list[Row] = []
        start = last = 0
        for row, pos in iter_export_rows(p, doc_id, skipped):
            rows.append(row)
            last = pos
            if len(rows) == size:
                yield InputBatch([], rows, last - start)
                rows, start = [], last
        if rows:
            with contextlib.suppress(OSError):
                last = p.stat().st_size
            yield InputBatch([], rows, last - start)
    if files:
        yield InputBatch(files, [], 0)


def iter_articles(path: str | os.PathLike | Sequence[str | os.PathLike], batch_size: int = 200,
                  skipped: list[dict] | None = None,
                  exclude: Iterable[str | os.PathLike] = ()) -> Iterator[ArticleBatch]:
    """:func:`load_corpus` for a corpus too big for memory: its articles ``batch_size`` at a time,
    each batch loaded by :func:`load_articles` (``batch.frame``, and ``batch.skipped`` for the files
    and rows of the batch that cannot be used). The files and export lines skipped while the
    inputs are found (another suffix, a bad line) go to ``skipped``. No metadata is joined.

    >>> from helpers._shared import ROOT
    >>> [b.frame.doc_id.tolist() for b in iter_articles(ROOT / "data" / "raw", batch_size=1)]
    [['anadolu_saar_baku'], ['saar_astana_baku']]
    """
    for batch in iter_input_batches(path, batch_size, skipped, exclude):
        yield load_articles([(str(p), doc_id) for p, doc_id in batch.files], batch.rows)


class ArticleBatch(NamedTuple):
    """Articles loaded together by :func:`load_articles`.

    ``frame``: the rows :func:`load_corpus` gives (without metadata); ``skipped``: the files and
    rows left out, as ``{"path", "reason"}``; ``paragraphs``: the ``(start, end)`` of the
    paragraphs of every row (:func:`parse_article`'s), ``None`` when not known; ``joined``: the
    texts of every row joined (:func:`join_texts`), ``None`` when not known; ``utf8``: the bytes
    of every row's file when each is exactly its text in UTF-8, else ``None``.
    """

    frame: pd.DataFrame
    skipped: list[dict]
    paragraphs: list[list[tuple[int, int]]] | None
    joined: TextBatch | None
    utf8: list[bytes] | None


def load_articles(files: Sequence[tuple[str, str]] = (), rows: Sequence[Row] = ()) -> ArticleBatch:
    """Load some articles at once: text ``files`` as ``(path, doc_id)``, then export ``rows``
    (:func:`iter_export_rows`'s ``(doc_id, path, text, other columns)``).

    The frame has the columns of :func:`load_corpus` (``metadata=False``) and the same rows, the
    doc_ids those given; an export's other columns are added as text (``None`` stays ``None``),
    so that every batch of an export stores them alike. A file that cannot be used is skipped
    with the reason :func:`load_corpus` gives; a blank row as ``empty text`` or ``whitespace only``.

    >>> batch = load_articles(rows=[("n/1", "n.csv#1", "نص الخبر.", {"page": 3}),
    ...                             ("n/2", "n.csv#2", " ", {"page": 4})])
    >>> batch.frame[["doc_id", "n_words", "page"]].values.tolist(), batch.skipped
    ([['n/1', 2, '3']], [{'path': 'n.csv#2', 'reason': 'whitespace only'}])
    """
    frames, skipped = [], []
    paragraphs: list[list[tuple[int, int]]] | None = []
    joined: list[TextBatch | None] = []
    utf8: list[bytes] | None = None
    if files:
        fast = _read_text_files(files, skipped)
        if fast is None:  # anything unusual: exactly what load_corpus does
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CorpusWarning)
                df = load_corpus([p for p, _ in files], metadata=False)
            skipped += df.attrs.get("skipped", [])
            df["doc_id"] = pd.Series(_given_doc_ids(files, df), index=df.index, dtype=object)
            paragraphs = None
            joined.append(None)  # not known for these rows: nor for the batch, rows or not
        else:
            df, found, text, utf8 = fast
            paragraphs += found
            joined.append(text)
        frames.append(df)
    if rows:
        df, found, text = _load_rows(rows, skipped)
        if paragraphs is not None:
            paragraphs += found
        joined.append(text)
        utf8 = None
        if df is not None:
            frames.append(df)
    df = pd.concat(frames, ignore_index=True) if frames else load_corpus([], metadata=False)
    df.attrs = {}
    return ArticleBatch(df, skipped, paragraphs, joined[0] if len(joined) == 1 else None,
                        utf8 if paragraphs is not None else None)


def _given_doc_ids(files: Sequence[tuple[str, str]], df: pd.DataFrame) -> list[str]:
    """The doc_ids given in ``files`` for the rows :func:`load_corpus` gives for their paths, by
    place: its rows follow the files, at most one a text file (path ``str(Path(path))``); the rows
    of an export (path ``<path>#<id>``) get ``<doc_id given>/<id>``.

    >>> df = pd.DataFrame({"path": ["a.txt", "a.txt", "b.csv#7"], "doc_id": ["a", "a", "b/7"]})
    >>> _given_doc_ids([("a.txt", "x"), ("gone.txt", "g"), ("a.txt", "y"), ("./b.csv", "z")], df)
    ['x', 'y', 'z/7']
    """
    ids, i = [], 0
    for path, doc_id in zip(df["path"], df["doc_id"]):
        while True:
            p = Path(files[i][0])
            if path == str(p):  # the row of a text file
                ids.append(files[i][1])
                i += 1
                break
            if path.startswith(f"{p}#"):  # a row of an export (the next row may be one too)
                ids.append(files[i][1] + doc_id[len(p.stem):])
                break
            i += 1  # a file skipped
    return ids


def _load_rows(rows: Sequence[Row], skipped: list[dict]
               ) -> tuple[pd.DataFrame | None, list[list[tuple[int, int]]], TextBatch | None]:
    """The frame of the rows of an export (``None`` if all are blank), their paragraphs, their
    texts joined; blank rows go to ``skipped``."""
    items, extras = [], []
    for doc_id, path, text, extra in rows:
        blank = _blank_reason(text, empty="empty text")  # a row of an export, not a file
        if blank:
            skipped.append({"path": path, "reason": blank})
            continue
        items.append((doc_id, path, text))
        extras.append({k: (None if v is None else str(v)) for k, v in extra.items()})
    records, found, text = _article_rows(items)
    if not records:
        return None, found, text
    df = _articles_frame(records)
    extra_df = pd.DataFrame(extras, index=df.index, dtype=object)
    for col in extra_df.columns:
        if col not in df.columns:
            df[col] = extra_df[col]
    return df, found, text


def _read_text_files(files: Sequence[tuple[str, str]], skipped: list[dict]
                     ) -> tuple[pd.DataFrame, list[list[tuple[int, int]]], TextBatch | None, list[bytes] | None] | None:
    """The frame ``load_corpus`` gives for a chunk of ``.txt`` files, doc_ids set from the chunk,
    the paragraph spans of its rows, its texts joined, and their UTF-8 bytes when every file held
    exactly its text in UTF-8 (else ``None``); ``None`` (and nothing skipped) when the chunk is
    unusual (another suffix, a path written differently by ``Path``, a repeated path)."""
    paths = [Path(p) for p, _ in files]
    raws = [p for p, _ in files]
    if any(p.suffix.lower() not in TEXT_SUFFIXES or str(p) != raw for p, raw in zip(paths, raws)) \
            or len(set(raws)) != len(raws):  # (paths written as Path writes them: equal iff same str)
        return None
    found = []
    for p, (raw, doc_id) in zip(paths, files):  # as iter_inputs: every missing file first
        try:
            is_file = stat.S_ISREG(os.stat(raw).st_mode)  # what p.is_file() does
        except (OSError, ValueError):
            is_file = p.is_file()  # its own answer (or error) for every other case
        if is_file:
            found.append((raw, doc_id))
        else:
            skipped.append({"path": raw, "reason": "no such file"})
    items: list[tuple[str, str, str]] = []
    utf8: list[bytes] | None = []
    for path, doc_id in found:  # as _records and load_corpus
        try:
            data = _read_bytes(path)
            text = _plain_utf8(data)
            if text is None or "\r" in text:  # another encoding, or line ends to change
                text = _decode_text(data)
                data = None
        except (UnreadableFile, OSError) as err:
            skipped.append({"path": path, "reason": _unreadable_reason(err)})
            continue
        blank = _blank_reason(text)
        if blank:
            skipped.append({"path": path, "reason": blank})
            continue
        items.append((doc_id, path, text))
        if data is None:
            utf8 = None
        elif utf8 is not None:
            utf8.append(data)
    rows, paragraphs, joined = _article_rows(items)
    return _articles_frame(rows), paragraphs, joined, utf8


def _read_bytes(path: str) -> bytes:
    """The bytes of a file (``Path.read_bytes`` without its buffered file object)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        parts = []
        while True:
            part = os.read(fd, 1 << 20)
            if not part:
                return b"".join(parts) if len(parts) != 1 else parts[0]
            parts.append(part)
    finally:
        os.close(fd)
