"""Scaling, the work cut into chunks: :class:`Chunk`, :func:`iter_chunks` and the
:func:`code_version` that a finished chunk must match to be reused.

>>> [len(c.files) for c in iter_chunks("data/raw", chunk_size=1)]   # doctest: +SKIP
[1, 1]
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..loading import TABLE_SUFFIXES, Row, iter_export_rows, iter_inputs

DEFAULT_CHUNK_SIZE = 200
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Chunk:
    """A unit of work: up to ``chunk_size`` articles, small enough to send to a worker.

    ``files`` are ``(path, doc_id)`` of text files (read by the worker); ``rows`` are
    articles streamed from an export (``(doc_id, path, text, other columns)``). ``signature``
    identifies the inputs (paths, sizes and modification times, or the rows themselves) and
    the code version: a finished chunk is reused only when it matches.
    """

    index: int
    files: tuple[tuple[str, str], ...] = ()
    rows: tuple[Row, ...] = ()
    n_bytes: int = 0
    signature: str = ""
    metadata: str | None = None

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A fingerprint of the pipeline's code: chunks done by other code are redone.

    >>> len(code_version())
    12
    """
    h = hashlib.sha1(str(FORMAT_VERSION).encode())
    here = Path(__file__).parent
    for name in ("loading.py", "cleaning.py", "annotating.py", "scaling.py"):
        with contextlib.suppress(OSError):
            h.update((here / name).read_bytes())
    return h.hexdigest()[:12]


def _file_chunk(index: int, files: list[tuple[Path, str]], metadata: str | None) -> Chunk:
    h = hashlib.sha1(f"{code_version()}|files|{metadata}".encode())
    n_bytes = 0
    for p, doc_id in files:
        try:
            st = p.stat()
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:
            size = mtime = -1
        n_bytes += max(size, 0)
        h.update(f"\0{p}\0{doc_id}\0{size}\0{mtime}".encode())
    return Chunk(index, files=tuple((str(p), d) for p, d in files), n_bytes=n_bytes,
                 signature=h.hexdigest(), metadata=metadata)


def _row_chunk(index: int, rows: list[Row], n_bytes: int, metadata: str | None) -> Chunk:
    h = hashlib.sha1(f"{code_version()}|rows|{metadata}".encode())
    for doc_id, path, text, extra in rows:
        h.update(f"\0{doc_id}\0{path}\0".encode())
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(json.dumps(extra, sort_keys=True, ensure_ascii=False, default=str).encode())
    return Chunk(index, rows=tuple(rows), n_bytes=n_bytes, signature=h.hexdigest(), metadata=metadata)


def iter_chunks(path: str | os.PathLike | Sequence[str | os.PathLike],
                chunk_size: int = DEFAULT_CHUNK_SIZE,
                skipped: list[dict] | None = None,
                exclude: Iterable[str | os.PathLike] = (),
                metadata: str | os.PathLike | None = None) -> Iterator[Chunk]:
    """Cut the inputs under ``path`` into chunks of at most ``chunk_size`` articles, lazily.

    Text files are grouped ``chunk_size`` at a time; an export is streamed and cut every
    ``chunk_size`` rows. Only one chunk is held at a time, so an endless stream of inputs
    is fine. The order, and so each chunk's index, is stable across runs.

    >>> [len(c.files) for c in iter_chunks("data/raw", chunk_size=1)]   # doctest: +SKIP
    [1, 1]
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    skipped = [] if skipped is None else skipped
    meta = None if metadata is None else str(metadata)
    index, files = 0, []
    for p, doc_id in iter_inputs(path, skipped, exclude):
        if p.suffix.lower() in TABLE_SUFFIXES:
            rows: list[Row] = []
            start = last = 0
            for row, pos in iter_export_rows(p, doc_id, skipped):
                rows.append(row)
                last = pos
                if len(rows) == chunk_size:
                    yield _row_chunk(index, rows, last - start, meta)
                    index, rows, start = index + 1, [], last
            if rows:
                with contextlib.suppress(OSError):
                    last = p.stat().st_size
                yield _row_chunk(index, rows, last - start, meta)
                index += 1
        else:
            files.append((p, doc_id))
            if len(files) == chunk_size:
                yield _file_chunk(index, files, meta)
                index, files = index + 1, []
    if files:
        yield _file_chunk(index, files, meta)
