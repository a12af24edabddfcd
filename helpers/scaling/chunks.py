"""Scaling, the work cut into chunks: :class:`Chunk`, :func:`iter_chunks` and the
:func:`code_version` that a finished chunk must match to be reused.

>>> [len(c.files) for c in iter_chunks("data/raw", chunk_size=1)]   # doctest: +SKIP
[1, 1]
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ..annotating import DEFAULT_RECOGNIZER, RECOGNIZER_ENV
from ..loading import Row, iter_input_batches
from .archive import is_archive, iter_archive_rows

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


#: The project folder, where :func:`code_version` finds ``helpers/`` and ``data/``.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: What the pipeline runs, under ``helpers/``: each a module (``<name>.py``) or a package (``<name>/``).
PIPELINE_CODE = ("_shared", "loading", "cleaning", "annotating", "scaling")
#: The folders of data files that the cleaner and the annotator read (data/ner: the learned recognizer).
PIPELINE_DATA = ("data/lexicons", "data/patterns", "data/stopwords", "data/ner")


def code_version(root: str | os.PathLike | None = None) -> str:
    """A fingerprint of what the tables depend on besides the input: chunks done by other code
    or with other word lists are redone.

    It hashes, sorted by path, the path and bytes of every source file of what the pipeline
    runs (:data:`PIPELINE_CODE`: the stages loading, cleaning, annotating and scaling and the
    shared internals, each as a module ``helpers/<name>.py`` or a package ``helpers/<name>/**/*.py``)
    and of every data file the cleaner and the annotator read (all files under
    :data:`PIPELINE_DATA`: ``data/lexicons``, ``data/patterns``, ``data/stopwords``, ``data/ner``;
    hidden files left out), then the output's format version and the recognizer the annotator
    uses (``--recognizer``: a run with another one redoes every chunk). ``root``: the project
    folder (default: this one).

    >>> len(code_version())
    12
    """
    root = Path(PROJECT_ROOT if root is None else root)
    recognizer = os.environ.get(RECOGNIZER_ENV) or DEFAULT_RECOGNIZER
    h = hashlib.sha1(f"format {FORMAT_VERSION} recognizer {recognizer}".encode())
    for rel in _pipeline_files(root):
        file_hash = hashlib.sha1()
        try:
            with open(root / rel, "rb") as f:  # in blocks: the model is megabytes, memory stays flat
                for block in iter(lambda: f.read(1 << 16), b""):
                    file_hash.update(block)
        except OSError:  # removed since: as if it had no bytes
            file_hash = hashlib.sha1()
        h.update(f"\0{rel}\0{file_hash.hexdigest()}\0".encode())
    return h.hexdigest()[:12]


def _pipeline_files(root: Path) -> list[str]:
    """The files :func:`code_version` hashes, as sorted paths relative to ``root``."""
    found: list[Path] = []
    for name in PIPELINE_CODE:
        module, package = root / "helpers" / f"{name}.py", root / "helpers" / name
        if module.is_file():
            found.append(module)
        if package.is_dir():
            found += [p for p in package.rglob("*.py") if p.is_file()]
    for folder in PIPELINE_DATA:
        if (root / folder).is_dir():
            found += [p for p in (root / folder).rglob("*") if p.is_file()]
    rels = (p.relative_to(root).as_posix() for p in found)
    return sorted(r for r in rels if not any(part.startswith(".") for part in r.split("/")))


def _file_chunk(index: int, files: list[tuple[Path, str]], metadata: str | None, version: str) -> Chunk:
    """The chunk of some text files; its signature: the code ``version``, the files' paths, doc_ids,
    sizes and modification times."""
    h = hashlib.sha1(f"{version}|files|{metadata}".encode())
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


def _row_chunk(index: int, rows: list[Row], n_bytes: int, metadata: str | None, version: str) -> Chunk:
    """The chunk of some rows of an export; its signature: the code ``version`` and the rows."""
    h = hashlib.sha1(f"{version}|rows|{metadata}".encode())
    for doc_id, path, text, extra in rows:
        h.update(f"\0{doc_id}\0{path}\0".encode())
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(json.dumps(extra, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"))
    return Chunk(index, rows=tuple(rows), n_bytes=n_bytes, signature=h.hexdigest(), metadata=metadata)


def iter_chunks(path: str | os.PathLike | Sequence[str | os.PathLike],
                chunk_size: int = DEFAULT_CHUNK_SIZE,
                skipped: list[dict] | None = None,
                exclude: Iterable[str | os.PathLike] = (),
                metadata: str | os.PathLike | None = None, *, archive_metadata: bool = True) -> Iterator[Chunk]:
    """Cut the inputs under ``path`` into chunks of at most ``chunk_size`` articles, lazily.

    Text files are grouped ``chunk_size`` at a time; an export is streamed and cut every
    ``chunk_size`` rows (:func:`helpers.loading.iter_input_batches`); so is a tar archive given as
    ``path`` (:func:`helpers.scaling.archive.iter_archive_rows`: its ``.txt`` members, with the
    columns of its own ``metadata.csv`` unless ``archive_metadata`` is false). Only one chunk is
    held at a time, so an endless stream of inputs is fine. The order, and so each chunk's index,
    is stable across runs.

    >>> [len(c.files) for c in iter_chunks("data/raw", chunk_size=1)]   # doctest: +SKIP
    [1, 1]
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    skipped = [] if skipped is None else skipped
    meta = None if metadata is None else str(metadata)
    version = code_version()  # once per run: a change of code or data during the run is not seen
    if is_archive(path):
        yield from _archive_chunks(path, chunk_size, skipped, meta, version,  # type: ignore[arg-type]
                                   archive_metadata)
        return
    for index, batch in enumerate(iter_input_batches(path, chunk_size, skipped, exclude)):
        if batch.rows:
            yield _row_chunk(index, batch.rows, batch.n_bytes, meta, version)
        else:
            yield _file_chunk(index, batch.files, meta, version)


def _archive_chunks(path: str | os.PathLike, chunk_size: int, skipped: list[dict], metadata: str | None,
                    version: str, own_metadata: bool) -> Iterator[Chunk]:
    """The chunks of a tar archive: its articles streamed, ``chunk_size`` rows at a time."""
    rows: list[Row] = []
    n_bytes = index = 0
    for row, size in iter_archive_rows(path, skipped, metadata=own_metadata):
        rows.append(row)
        n_bytes += size
        if len(rows) == chunk_size:
            yield _row_chunk(index, rows, n_bytes, metadata, version)
            rows, n_bytes, index = [], 0, index + 1
    if rows:
        yield _row_chunk(index, rows, n_bytes, metadata, version)
