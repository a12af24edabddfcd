"""Scaling: your own corpus, of any size, on all cores or on a Dask cluster.

The last stage (loading → cleaning → annotating → … → **scaling**). It runs the very same
helpers as the notebooks over a corpus too big to hold in memory, chunk by chunk:

* inputs are discovered lazily (a folder searched recursively for ``.txt`` files and
  ``.csv``/``.jsonl`` exports, a single file, a list of files, or a tar archive read without
  unpacking it), in a stable order;
* they are cut into chunks of ``chunk_size`` articles (an export with millions of rows is
  streamed, never read whole);
* each chunk is loaded, cleaned and annotated by :func:`process_chunk` in a worker process
  (``engine="local"``) or on a Dask cluster (``engine="dask"``): the same function, so the
  same tables;
* each chunk's tables are written atomically as ``OUTPUT/<table>/part-XXXXX.parquet``,
  then a done-marker ``OUTPUT/_chunks/part-XXXXX.json``; a rerun skips chunks whose marker
  matches their inputs (resume after an interruption).

Memory is bounded by the chunk size times the number of chunks in flight, not by the corpus.

>>> from helpers import process_corpus                               # doctest: +SKIP
>>> summary = process_corpus("data/raw", "/tmp/out", jobs=2)         # doctest: +SKIP
>>> pd.read_parquet("/tmp/out/annotations").label.value_counts()     # doctest: +SKIP

From a shell: ``python -m helpers process INPUT OUTPUT [--jobs N] [--engine local|dask]
[--scheduler ADDRESS] [--chunk-size N]``.

A small package, one module per job: :mod:`~helpers.scaling.chunks` (the work cut into chunks),
:mod:`~helpers.scaling.worker` (one chunk, in a worker), :mod:`~helpers.scaling.tables` (the
output tables), :mod:`~helpers.scaling.run` (the whole corpus), :mod:`~helpers.scaling.cli` (the
command line and its report), :mod:`~helpers.scaling.archive` (tar archives as input, and samples
of them) and :mod:`~helpers.scaling.synthetic` (test corpora).
"""
from __future__ import annotations

from ..loading import find_metadata, iter_export_rows, iter_inputs
from .archive import (
    ARCHIVE_SUFFIXES, archive_text_bytes, is_archive, iter_archive_rows, member_doc_id, read_archive_metadata,
    sample_archive,
)
from .chunks import DEFAULT_CHUNK_SIZE, FORMAT_VERSION, Chunk, code_version, iter_chunks
from .cli import build_parser, format_summary, main
from .run import RunSummary, default_jobs, process_corpus
from .synthetic import synthetic_corpus
from .tables import TABLES, TYPES, read_table
from .worker import load_chunk, process_chunk

__all__ = [
    "Chunk",
    "RunSummary",
    "iter_inputs",
    "iter_chunks",
    "iter_export_rows",
    "find_metadata",
    "load_chunk",
    "code_version",
    "default_jobs",
    "process_chunk",
    "process_corpus",
    "read_table",
    "synthetic_corpus",
    "format_summary",
    "main",
    "ARCHIVE_SUFFIXES",
    "archive_text_bytes",
    "is_archive",
    "iter_archive_rows",
    "member_doc_id",
    "read_archive_metadata",
    "sample_archive",
]
