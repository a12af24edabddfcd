"""Scaling: your own corpus, of any size, on all cores or on a Dask cluster.

The last stage (loading → cleaning → annotating → … → **scaling**). It runs the very same
helpers as the notebooks over a corpus too big to hold in memory, chunk by chunk:

* inputs are discovered lazily (a folder searched recursively for ``.txt`` files and
  ``.csv``/``.jsonl`` exports, a single file, or a list of files), in a stable order;
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
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import functools
import hashlib
import json
import logging
import operator
import os
import re
import sys
import time
import warnings
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ._pool import cores, pipeline_context
from .loading import (
    TABLE_SUFFIXES, CorpusWarning, Row, TextBatch, atomic_path, find_metadata, iter_export_rows, iter_inputs,
    load_articles, load_corpus, sentence_columns, sentences_frame,
)
from .cleaning import _clean_texts, clean_corpus
from .annotating import _annotate_batch, annotate_corpus, default_annotator

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
]

TABLES = ("articles", "sentences", "annotations")
DEFAULT_CHUNK_SIZE = 200
FORMAT_VERSION = 1
_PART = re.compile(r"^part-(\d{5,})\.(parquet|json)$")
_S, _I = pa.string(), pa.int64()
# Column types fixed per table so that every part has the same schema (an empty chunk
# included) and pd.read_parquet(OUTPUT / table) reads the folder as one table. Columns not
# listed keep the type pyarrow infers; text-like and all-empty ones become string.
TYPES: dict[str, dict[str, pa.DataType]] = {
    "articles": {"doc_id": _S, "path": _S, "text": _S, "headline": _S, "subheadline": _S,
                 "dateline": _S, "n_words": _I, "n_chars": _I, "clean_text": _S, "n_tokens": _I},
    "sentences": {"doc_id": _S, "sent_id": _I, "para_id": _I, "start": _I, "end": _I, "text": _S},
    "annotations": {"doc_id": _S, "start": _I, "end": _I, "label": _S, "text": _S,
                    "canonical": _S, "source": _S, "speaker": _S, "value": _S, "unit": _S},
}
# Article columns not stored: lists, derivable from ``text`` (parse_article) and
# ``clean_text`` (word_tokens), and large.
_DROP_ARTICLE_COLUMNS = ("body", "paragraphs", "tokens")

# --------------------------------------------------------------------------- chunking

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


# --------------------------------------------------------------------------- one chunk

@functools.lru_cache(maxsize=4)
def _read_metadata(path: str, mtime_ns: int) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_chunk(chunk: Chunk) -> tuple[pd.DataFrame, list[dict]]:
    """Load a chunk's articles with :func:`helpers.load_corpus`: the frame and skipped files.

    >>> df, skipped = load_chunk(next(iter_chunks("data/raw")))       # doctest: +SKIP
    """
    df, skipped, _ = _load_chunk(chunk)
    return df, skipped


def _load_chunk(chunk: Chunk) -> tuple[pd.DataFrame, list[dict], _Parsed | None]:
    """:func:`load_chunk`, plus what the later stages can reuse (``None`` when not known): the
    paragraph spans of every row, so that the sentences need not parse the articles again, and
    the texts joined for the chunk-wide passes."""
    batch = load_articles(chunk.files, chunk.rows)
    df, paragraphs = batch.frame, batch.paragraphs
    if chunk.metadata:  # even for an empty chunk: every part then has the metadata columns
        meta = _read_metadata(chunk.metadata, Path(chunk.metadata).stat().st_mtime_ns)
        meta = meta.drop(columns=[c for c in meta.columns if c in df.columns and c != "doc_id"])
        before = df["doc_id"].tolist()
        df = df.merge(meta, on="doc_id", how="left")
        if paragraphs is not None and df["doc_id"].tolist() != before:  # repeated ids in metadata.csv
            paragraphs = None
    if paragraphs is None:
        return df, batch.skipped, None
    return df, batch.skipped, _Parsed(paragraphs, batch.joined, batch.utf8)


class _Parsed(NamedTuple):
    """What loading found that the later stages reuse, row by row of the loaded frame."""

    paragraphs: list[list[tuple[int, int]]]
    joined: TextBatch | None  # the texts joined (join_texts), if known
    utf8: list[bytes] | None = None  # every text as UTF-8 (the bytes of its file), if known


def _sentences_table(df: pd.DataFrame, parsed: _Parsed) -> pa.Table | pd.DataFrame:
    """The sentences of a loaded frame as the table :func:`_arrow` makes of
    :func:`helpers.sentences_frame`, built straight from the spans (a frame when a doc_id is
    not a ``str``). Sentences that Arrow cannot store fail here, as they fail the frame."""
    doc_ids, texts = df["doc_id"].tolist(), df["text"].tolist()
    if not all(type(d) is str for d in doc_ids):  # noqa: E721
        return sentences_frame(df)  # the same frame, the articles parsed again
    text_idx, sent_id, para_id, start, end, sentences = sentence_columns(texts, parsed.paragraphs, parsed.joined)
    if not sentences:
        return sentences_frame(df.iloc[0:0])
    ids = np.array(doc_ids, dtype=object)[text_idx]
    return pa.Table.from_arrays(
        [pa.array(ids, type=_S), pa.array(sent_id), pa.array(para_id), pa.array(start), pa.array(end),
         pa.array(sentences, type=_S)],
        names=list(TYPES["sentences"]))


def _run_stages(df: pd.DataFrame, seconds: Counter,
                parsed: _Parsed | None = None) -> tuple[pd.DataFrame, pd.DataFrame | pa.Table, pd.DataFrame]:
    """Sentences, cleaning and annotation of a loaded frame; adds the seconds per stage.

    ``parsed``: what :func:`_load_chunk` found, else the articles are parsed again. The
    sentences are then an Arrow table, ready to write. The cleaned frame has no ``tokens``
    column (not stored); its other columns are those of :func:`helpers.clean_corpus`.
    """
    t0 = time.perf_counter()
    texts = df["text"].tolist()
    if parsed is not None and parsed.joined is not None and not (
            len(texts) == len(parsed.joined.texts) and all(map(operator.is_, texts, parsed.joined.texts))):
        parsed = None  # not the rows that were loaded (never, from _load_chunk)
    sentences = sentences_frame(df) if parsed is None else _sentences_table(df, parsed)
    t1 = time.perf_counter()
    all_str = all(type(t) is str for t in texts)  # noqa: E721 - always, from _load_chunk
    if all_str:
        clean, n_tokens = _clean_texts(texts, None if parsed is None or parsed.joined is None else parsed.joined.cp)
        cleaned = df.assign(clean_text=pd.Series(clean, index=df.index, dtype="str"),
                            n_tokens=pd.Series(n_tokens, index=df.index, dtype="int64"))
    else:
        cleaned = clean_corpus(df)
    t2 = time.perf_counter()
    doc_ids = df["doc_id"].tolist()
    # the whole chunk (not article by article, whose frames _stages_per_article concatenates):
    # the spans go to an Arrow table without a pandas frame in between
    if parsed is not None and all_str and all(type(d) is str for d in doc_ids):  # noqa: E721
        spans = _spans_table(doc_ids, *_annotate_batch(texts, default_annotator()))
    else:
        spans = annotate_corpus(cleaned)
    t3 = time.perf_counter()
    seconds["sentences"] += t1 - t0
    seconds["cleaning"] += t2 - t1
    seconds["annotating"] += t3 - t2
    return cleaned, sentences, spans


def _stages_per_article(df: pd.DataFrame, seconds: Counter, skipped: list[dict]):
    """Run the stages article by article, leaving out (and reporting) those that fail."""
    parts: list[tuple[pd.DataFrame, ...]] = []
    for i in range(len(df)):
        one = df.iloc[i:i + 1].reset_index(drop=True)
        try:
            parts.append(_run_stages(one, seconds))
        except Exception as err:  # noqa: BLE001 - one bad article must not lose the chunk
            skipped.append({"path": str(one.at[0, "path"]),
                            "reason": f"processing failed: {type(err).__name__}: {err}"})
    if not parts:
        empty = df.iloc[0:0]
        return empty, sentences_frame(empty), pd.DataFrame()
    return tuple(pd.concat(p, ignore_index=True) for p in zip(*parts))


def _spans_table(doc_ids: list[str], counts: list[int], columns: dict[str, list]) -> pa.Table:
    """The annotations of a chunk as an Arrow table straight from the annotator's columns
    (``counts[i]`` spans for ``doc_ids[i]``): the table ``_arrow(annotate_corpus(df))`` gives,
    without building the pandas frame in between."""
    ids = pa.array(doc_ids, type=_S).take(np.repeat(np.arange(len(doc_ids)), counts))
    return _arrow_columns({"doc_id": ids, **columns}, len(ids), "annotations")


def _arrow(df: pd.DataFrame, table: str) -> pa.Table:
    """``df`` as an Arrow table with the fixed types of ``table`` (see :data:`TYPES`)."""
    return _arrow_columns({c: df[c] for c in df.columns}, len(df), table)


def _articles_table(articles: pd.DataFrame, parsed: _Parsed | None = None) -> pa.Table:
    """The stored article columns as an Arrow table: ``articles`` without the columns of
    :data:`_DROP_ARTICLE_COLUMNS` and other columns of lists, plus ``n_chars``. ``parsed``:
    what loading found; the texts are then stored from the bytes of their files when those
    are exactly the texts in UTF-8 (they need not be encoded again)."""
    n = len(articles)
    columns: dict[str, pd.Series | pa.Array] = {
        c: articles[c] for c in articles.columns if c not in _DROP_ARTICLE_COLUMNS}
    texts = articles["text"].tolist()
    n_chars = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    columns["n_chars"] = pd.Series(n_chars, index=articles.index)  # in place if there was one, as assign
    # lists (and tuples, dicts) cannot be stored; numbers and dates never are one
    for c in [c for c, s in columns.items() if n and s.dtype.kind not in "biufcmM"
              and isinstance(s.iloc[0], (list, tuple, dict))]:
        del columns[c]
    if parsed is not None and parsed.utf8 is not None and parsed.joined is not None and "text" in columns \
            and len(texts) == len(parsed.joined.texts) == len(parsed.utf8) \
            and all(map(operator.is_, texts, parsed.joined.texts)):
        data = b"".join(parsed.utf8)
        if len(data) < 2**31:
            offsets = np.zeros(n + 1, dtype=np.int32)
            np.cumsum(np.fromiter(map(len, parsed.utf8), dtype=np.int64, count=n), out=offsets[1:], dtype=np.int32)
            columns["text"] = pa.Array.from_buffers(_S, n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    return _arrow_columns(columns, n, "articles")


def _arrow_columns(df: dict[str, pd.Series | pa.Array | list], n_rows: int, table: str) -> pa.Table:
    """The columns ``df`` (name → Series, all of ``n_rows``) as an Arrow table with the fixed
    types of ``table`` (see :data:`TYPES`): the columns of ``TYPES[table]`` first, then the others.
    A column given as an Arrow array is taken as it is; one given as a list (of Python objects,
    for a column of ``TYPES[table]``) is converted as an object Series would be."""
    types = TYPES[table]
    arrays, names = [], []
    columns = list(dict.fromkeys([*types, *df]))
    for col in columns:
        if col not in df:
            if col in types and n_rows == 0:
                arrays.append(pa.array([], type=types[col]))
                names.append(col)
            continue
        series = df[col]
        if isinstance(series, pa.Array):  # built already (with the type of TYPES)
            arrays.append(series)
            names.append(col)
            continue
        if col in types:
            want = types[col]
        elif pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            want = None
        else:
            want = _S
        try:
            arr = pa.array(series, from_pandas=True)
            textual = pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type) or pa.types.is_null(arr.type)
            if want == _S and not textual:
                raise pa.ArrowTypeError("numbers in a text column")  # str() them, the same in every part
            if want is not None and arr.type != want:
                arr = arr.cast(want)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            # mixed types, e.g. ``value``: a number for a QUANTITY, an ISO date for a DATE
            if (isinstance(series, list) or series.dtype == object) and want is not None:  # without Series.map
                values = series if isinstance(series, list) else series.tolist()
                arr = pa.array([None if v is None or v != v else str(v) for v in values], from_pandas=True)
            else:
                arr = pa.array(series.map(lambda v: None if v is None or v != v else str(v)), from_pandas=True)
            if want is not None and arr.type != want:
                arr = arr.cast(want)
        if pa.types.is_null(arr.type):
            arr = arr.cast(_S)
        arrays.append(arr)
        names.append(col)
    return pa.Table.from_arrays(arrays, names=names)


def _write_json(obj: Any, path: Path) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")


def process_chunk(chunk: Chunk, output: str | os.PathLike) -> dict:
    """Load, clean and annotate one chunk; write its tables; return its statistics.

    Writes ``OUTPUT/{articles,sentences,annotations}/part-XXXXX.parquet`` atomically, then
    the done-marker ``OUTPUT/_chunks/part-XXXXX.json`` (the returned statistics: counts,
    skipped files and why, seconds per stage). An article on which a stage fails is left
    out and reported, not the chunk. The same function runs in a local process pool and on
    Dask workers, so both give the same tables.

    >>> stats = process_chunk(next(iter_chunks("data/raw")), "/tmp/out")   # doctest: +SKIP
    >>> stats["n_articles"]                                                # doctest: +SKIP
    2
    """
    out = Path(output)
    seconds: Counter = Counter()
    t0 = time.perf_counter()
    df, skipped, parsed = _load_chunk(chunk)
    seconds["loading"] = time.perf_counter() - t0
    try:
        articles, sentences, spans = _run_stages(df, seconds, parsed)
    except Exception:  # noqa: BLE001 - find the article(s) at fault, keep the others
        articles, sentences, spans = _stages_per_article(df, seconds, skipped)
    t = time.perf_counter()
    tables = {"articles": _articles_table(articles, parsed), "sentences": sentences, "annotations": spans}
    for name, frame in tables.items():
        with atomic_path(out / name / f"{chunk.name}.parquet") as tmp:
            table = frame if isinstance(frame, pa.Table) else _arrow(frame.reset_index(drop=True), name)
            pq.write_table(table, tmp)
    seconds["writing"] = time.perf_counter() - t
    stats = {
        "index": chunk.index, "signature": chunk.signature, "n_bytes": chunk.n_bytes,
        "n_articles": len(articles), "n_sentences": len(sentences), "n_annotations": len(spans),
        "skipped": skipped, "seconds": {k: round(v, 6) for k, v in seconds.items()},
    }
    _write_json(stats, out / "_chunks" / f"{chunk.name}.json")
    return stats


# --------------------------------------------------------------------------- whole corpus

@dataclass
class RunSummary:
    """What :func:`process_corpus` did: counts, skipped files and why, time per stage."""

    output: str
    n_chunks: int = 0
    n_resumed: int = 0
    n_failed: int = 0
    n_articles: int = 0
    n_sentences: int = 0
    n_annotations: int = 0
    n_bytes: int = 0
    skipped: list[dict] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        """True when at least one article was processed (now or in a resumed run)."""
        return self.n_articles > 0


def _finished(chunk: Chunk, out: Path) -> dict | None:
    """The statistics of a chunk already done with the same inputs and code, else None."""
    marker = out / "_chunks" / f"{chunk.name}.json"
    try:
        stats = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stats.get("signature") != chunk.signature:
        return None
    if not all((out / t / f"{chunk.name}.parquet").is_file() for t in TABLES):
        return None
    return stats


def _tidy(out: Path, n_chunks: int | None) -> None:
    """Remove temporary files left by an interruption and, after a run, parts past its end."""
    for folder in [out / t for t in TABLES] + [out / "_chunks"]:
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if p.name.startswith(".part-") and p.name.endswith(".tmp"):
                p.unlink(missing_ok=True)
            elif n_chunks is not None and (m := _PART.match(p.name)) and int(m.group(1)) >= n_chunks:
                p.unlink(missing_ok=True)


def _forget(chunk: Chunk, out: Path) -> None:
    """Remove a chunk's marker, then its parts (left by an earlier run or a failure)."""
    for path in [out / "_chunks" / f"{chunk.name}.json"] + [out / t / f"{chunk.name}.parquet" for t in TABLES]:
        path.unlink(missing_ok=True)


class _Runner:
    """Submit chunks to a pool with at most ``limit`` in flight; collect their statistics."""

    def __init__(self, submit: Callable[[Chunk], Any], wait_one: Callable[[], tuple[Chunk, Any]],
                 limit: int, on_done: Callable[[Chunk, dict | None, BaseException | None], None]):
        self.submit, self.wait_one, self.limit, self.on_done = submit, wait_one, limit, on_done
        self.in_flight = 0

    def add(self, chunk: Chunk) -> None:
        while self.in_flight >= self.limit:
            self._collect()
        try:
            self.submit(chunk)
        except Exception as exc:  # noqa: BLE001 - e.g. a pool broken by a killed worker
            self.on_done(chunk, None, exc)
            return
        self.in_flight += 1

    def _collect(self) -> None:
        chunk, fut = self.wait_one()
        self.in_flight -= 1
        try:
            stats, err = fut.result(), None
        except Exception as exc:  # noqa: BLE001 - reported in the summary; the run goes on
            stats, err = None, exc
        self.on_done(chunk, stats, err)

    def drain(self) -> None:
        while self.in_flight:
            self._collect()


def _local_pool(jobs: int):
    return cf.ProcessPoolExecutor(max_workers=jobs, mp_context=pipeline_context())


def default_jobs() -> int:
    """The number of cores this process may use (the default of ``jobs``).

    >>> default_jobs() >= 1
    True
    """
    return cores()


def process_corpus(input: str | os.PathLike | Sequence[str | os.PathLike],
                   output: str | os.PathLike,
                   *, jobs: int | None = None,
                   engine: str = "local",
                   scheduler: str | None = None,
                   client: Any = None,
                   chunk_size: int = DEFAULT_CHUNK_SIZE,
                   metadata: str | os.PathLike | None | bool = True,
                   progress: bool | None = None) -> RunSummary:
    """Load, clean and annotate every article under ``input``; write Parquet under ``output``.

    ``jobs`` worker processes (default: all cores; ``jobs=1`` runs in this process), or a
    Dask cluster with ``engine="dask"``: ``client`` (a ``distributed.Client``) if given, else
    ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``), else a ``LocalCluster`` of
    ``jobs`` workers started and stopped here. Dask workers must see ``output`` (and the
    input files) at the same path, e.g. on a shared file system, and have ``helpers``
    installed. Finished chunks of an earlier run with the same inputs are reused. A tqdm
    progress bar (input bytes) shows when ``progress`` is true (default: stderr is a
    terminal). ``metadata``: ``True`` joins the ``metadata.csv`` found beside or above the
    input folder (as :func:`helpers.load_corpus` does), a path joins that file, ``False``
    none.

    >>> s = process_corpus("data/raw", "/tmp/out", jobs=1)               # doctest: +SKIP
    >>> s.n_articles, sorted(os.listdir("/tmp/out"))                     # doctest: +SKIP
    (2, ['_chunks', 'annotations', 'articles', 'manifest.json', 'sentences'])
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    if scheduler or client is not None:
        engine = "dask"
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if progress is None:
        progress = sys.stderr.isatty()
    out = Path(output)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"output {out} is a file, not a folder")
    if isinstance(input, (str, os.PathLike)) and not Path(input).exists():
        raise FileNotFoundError(f"no such file or folder: {input}")
    if isinstance(input, (str, os.PathLike)) and Path(input).is_dir() and out.exists() \
            and out.resolve() == Path(input).resolve():
        raise ValueError(f"output {out} is the input folder: choose another folder (inside it is fine)")
    meta = find_metadata(input) if metadata is True else (Path(metadata) if metadata else None)
    out.mkdir(parents=True, exist_ok=True)
    _tidy(out, None)

    t_start = time.perf_counter()
    summary = RunSummary(output=str(output))
    found_skipped: list[dict] = []
    seconds: Counter = Counter()
    bar = _progress_bar(input, out, progress)

    def record(chunk: Chunk, stats: dict | None, err: BaseException | None) -> None:
        if stats is None:
            _forget(chunk, out)  # in case process_chunk failed after writing some of its parts
            summary.n_failed += 1
            found_skipped.append({"path": f"chunk {chunk.name} ({len(chunk.files) + len(chunk.rows)} articles)",
                                  "reason": f"chunk failed: {type(err).__name__}: {err}"})
        else:
            summary.n_articles += stats["n_articles"]
            summary.n_sentences += stats["n_sentences"]
            summary.n_annotations += stats["n_annotations"]
            summary.skipped += stats["skipped"]
            seconds.update(stats.get("seconds", {}))
        summary.n_bytes += chunk.n_bytes
        if bar is not None:
            bar.update(chunk.n_bytes)

    chunks = iter_chunks(input, chunk_size, found_skipped, exclude=[out], metadata=meta)
    with contextlib.ExitStack() as stack:
        runner = None
        if engine == "dask":
            runner = _dask_runner(stack, client, scheduler, jobs, out, record)
        elif jobs > 1:
            pool = stack.enter_context(_local_pool(jobs))
            futures: dict[cf.Future, Chunk] = {}

            def wait_one() -> tuple[Chunk, cf.Future]:
                done = next(cf.as_completed(futures))
                return futures.pop(done), done

            runner = _Runner(lambda c: futures.__setitem__(pool.submit(process_chunk, c, out), c),
                             wait_one, 2 * jobs, record)
        for chunk in chunks:
            summary.n_chunks += 1
            stats = _finished(chunk, out)
            if stats is not None:
                summary.n_resumed += 1
                record(chunk, stats, None)
                continue
            _forget(chunk, out)  # parts of an earlier run with other inputs: stale, never read back
            if runner is None:
                try:
                    record(chunk, process_chunk(chunk, out), None)
                except Exception as err:  # noqa: BLE001
                    record(chunk, None, err)
            else:
                runner.add(chunk)
        if runner is not None:
            runner.drain()
    if bar is not None:
        bar.close()
    _tidy(out, summary.n_chunks)
    summary.skipped = found_skipped + summary.skipped
    summary.seconds = {k: round(v, 3) for k, v in sorted(seconds.items())}
    summary.elapsed = time.perf_counter() - t_start
    _write_json({**asdict(summary), "input": str(input) if isinstance(input, (str, os.PathLike))
                 else [str(p) for p in input], "chunk_size": chunk_size, "engine": engine,
                 "code_version": code_version()}, out / "manifest.json")
    return summary


def _dask_runner(stack: contextlib.ExitStack, client: Any, scheduler: str | None, jobs: int,
                 out: Path, record) -> _Runner:
    from distributed import Client, LocalCluster, as_completed

    if client is None:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
        else:
            cluster = stack.enter_context(LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR))
            client = stack.enter_context(Client(cluster))
    futures: dict[Any, Chunk] = {}
    pending = as_completed()

    def submit(chunk: Chunk) -> None:
        key = hashlib.sha1(f"{chunk.signature}|{out.absolute()}".encode()).hexdigest()[:16]
        fut = client.submit(process_chunk, chunk, str(out), key=f"process_chunk-{chunk.index:05d}-{key}", pure=False)
        futures[fut] = chunk
        pending.add(fut)

    def wait_one():
        fut = next(pending)
        return futures.pop(fut), fut

    limit = 2 * max(1, sum(client.nthreads().values()) or jobs)
    return _Runner(submit, wait_one, limit, record)


def _progress_bar(input, out: Path, enabled: bool):
    """A tqdm bar over the input bytes (their total from a quick walk), or None."""
    if not enabled:
        return None
    from tqdm.auto import tqdm

    total = 0
    for p, _ in iter_inputs(input, [], exclude=[out]):
        with contextlib.suppress(OSError):
            total += p.stat().st_size
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
        width, height = size.columns or 80, size.lines or 24  # 0 × 0 on a terminal of unknown size
    except (OSError, ValueError):
        width, height = 80, 24
    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1000, desc="processing",
                ncols=min(width, 100), nrows=height, file=sys.stderr)


# --------------------------------------------------------------------------- test corpora

def synthetic_corpus(source: str | os.PathLike, dest: str | os.PathLike, size: int,
                     *, seed: int = 0, per_folder: int = 1000) -> Path:
    """Write about ``size`` bytes of made-up articles, recombined from the real ones in ``source``.

    For trying the pipeline at scale (benchmarks, notebook 06), not for research: each
    article takes a headline and dateline from a source article and 4–12 paragraphs of 1–3
    sentences drawn at random from all source sentences, so texts are realistic in length,
    script and punctuation but say nothing true. Files go to
    ``dest/0000/article_0000000.txt`` …, ``per_folder`` to a folder. The same ``seed``
    gives the same corpus. Returns ``dest``.

    >>> synthetic_corpus("data/raw", "/tmp/corpus", 100_000)           # doctest: +SKIP
    PosixPath('/tmp/corpus')
    """
    import random

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        df = load_corpus(source, metadata=False)
    if df.empty:
        raise ValueError(f"no article to recombine under {source}")
    sentences = sentences_frame(df)["text"].tolist()
    heads = [(h, d) for h, d in zip(df["headline"], df["dateline"])]
    rng = random.Random(seed)
    dest = Path(dest)
    written, i = 0, 0
    while written < size:
        head, dateline = rng.choice(heads)
        head = head or rng.choice(sentences)[:80].rstrip(" ،.")
        parts = [head, ""] + ([dateline, ""] if dateline else [])
        for _ in range(rng.randint(4, 12)):
            parts += [" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3))), ""]
        data = "\n".join(parts).encode("utf-8")
        path = dest / f"{i // per_folder:04d}" / f"article_{i:07d}.txt"
        if i % per_folder == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += len(data)
        i += 1
    return dest


# --------------------------------------------------------------------------- reading back

def read_table(output: str | os.PathLike, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One output table as a DataFrame, its parts in order (even if their columns differ).

    ``pd.read_parquet(OUTPUT / table)`` does the same when every part has the same
    columns (always, unless exports with different columns were mixed).

    >>> read_table("/tmp/out", "annotations").columns[:3].tolist()      # doctest: +SKIP
    ['doc_id', 'start', 'end']
    """
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, not {table!r}")
    files = sorted((p for p in (Path(output) / table).glob("part-*.parquet")),
                   key=lambda p: int(_PART.match(p.name).group(1)))
    if not files:
        raise FileNotFoundError(f"no parts under {Path(output) / table}: run `python -m helpers process` first")
    schema = pa.unify_schemas([pq.read_schema(f) for f in files], promote_options="permissive")
    tables = []
    for f in files:
        t = pq.read_table(f, columns=[c for c in (columns or schema.names) if c in pq.read_schema(f).names])
        for name in (columns or schema.names):
            if name not in t.column_names:
                t = t.append_column(pa.field(name, schema.field(name).type), pa.nulls(len(t), schema.field(name).type))
        tables.append(t.select(columns or schema.names))
    return pa.concat_tables(tables, promote_options="permissive").to_pandas()


# --------------------------------------------------------------------------- report & CLI

def format_summary(summary: RunSummary, max_files: int = 10) -> str:
    """A plain-text report of a run: counts, then skipped files grouped by reason.

    Deterministic for the same inputs (no timings: they go with the progress bar).

    >>> print(format_summary(RunSummary("out", n_chunks=1, n_articles=2, n_bytes=12795)))
    processed 2 articles (12.8 kB) in 1 chunk → out
      tables: articles 2 rows · sentences 0 rows · annotations 0 rows
    skipped: none
    """
    chunks = f"{summary.n_chunks:,} chunk{'s' if summary.n_chunks != 1 else ''}"
    if summary.n_resumed:
        chunks += f", {summary.n_resumed:,} reused from an earlier run"
    if summary.n_failed:
        chunks += f", {summary.n_failed:,} FAILED (rerun to retry)"
    lines = [f"processed {summary.n_articles:,} articles ({_size(summary.n_bytes)}) in {chunks} → {summary.output}",
             f"  tables: articles {summary.n_articles:,} rows · sentences {summary.n_sentences:,} rows"
             f" · annotations {summary.n_annotations:,} rows"]
    if not summary.skipped:
        lines.append("skipped: none")
        return "\n".join(lines)
    by_reason: dict[str, list[str]] = {}
    for s in summary.skipped:
        by_reason.setdefault(s["reason"], []).append(s["path"])
    lines.append(f"skipped {len(summary.skipped):,} (details in {Path(summary.output) / 'manifest.json'}):")
    shown = 0
    for reason, paths in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"  {len(paths):,} × {reason}")
        for p in paths[:max(0, max_files - shown)]:
            lines.append(f"      {p}")
        shown += min(len(paths), max(0, max_files - shown))
    if shown < len(summary.skipped):
        lines.append(f"      … and {len(summary.skipped) - shown:,} more")
    return "\n".join(lines)


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):  # decimal units, as the benchmarks report MB/s
        if n < 1000 or unit == "GB":
            return f"{n:,} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n} B"  # pragma: no cover


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m helpers``."""
    parser = argparse.ArgumentParser(prog="python -m helpers",
                                     description="Arabic News Notebooks helpers from the command line.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser(
        "process", help="load, clean and annotate a corpus of any size into Parquet tables",
        description="Load, clean and annotate every article under INPUT (a folder of .txt files "
                    "and/or .csv/.jsonl exports with a text column, or one file) and write Parquet "
                    "tables under OUTPUT (articles/, sentences/, annotations/, one part per chunk). "
                    "Rerun the same command to resume after an interruption.")
    p.add_argument("input", metavar="INPUT", help="folder, .txt file or .csv/.jsonl export")
    p.add_argument("output", metavar="OUTPUT", help="folder for the Parquet tables (created if needed)")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores; 1 runs in this process)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local process pool (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="address of a running Dask scheduler (implies --engine dask); "
                        "default: a LocalCluster of --jobs workers")
    p.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, metavar="N",
                   help=f"articles per chunk (default {DEFAULT_CHUNK_SIZE}); memory grows with it")
    p.add_argument("--no-metadata", action="store_true",
                   help="do not join the metadata.csv found beside or above INPUT")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="show a progress bar (default: only on a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m helpers``; returns the exit code.

    0 when at least one article was processed, 1 when nothing could be (no input, every
    file skipped), 2 for a usage error. The summary goes to stdout; the progress bar and
    the timings to stderr.
    """
    args = build_parser().parse_args(argv)
    if args.chunk_size < 1 or (args.jobs is not None and args.jobs < 1):
        print("error: --chunk-size and --jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        summary = process_corpus(args.input, args.output, jobs=args.jobs, engine=args.engine,
                                 scheduler=args.scheduler, chunk_size=args.chunk_size,
                                 metadata=not args.no_metadata, progress=args.progress)
    except (FileNotFoundError, NotADirectoryError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(format_summary(summary), flush=True)
    rate = summary.n_bytes / summary.elapsed / 1e6 if summary.elapsed else 0.0
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in summary.seconds.items())
    print(f"time: {summary.elapsed:.1f}s wall ({rate:.2f} MB/s); worker time per stage: {stages or 'none'}",
          file=sys.stderr)
    if not summary.ok:
        print("error: no article could be processed", file=sys.stderr)
        return 1
    return 0
