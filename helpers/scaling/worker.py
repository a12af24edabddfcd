"""Scaling, one chunk: :func:`process_chunk` loads, cleans and annotates a chunk's articles and
writes its tables, in a worker process or on a Dask worker (the same function, so the same tables).

>>> stats = process_chunk(next(iter_chunks("data/raw")), "/tmp/out")   # doctest: +SKIP
"""
from __future__ import annotations

import functools
import json
import operator
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..loading import TextBatch, atomic_path, load_articles, read_metadata, sentences_frame
# the chunk-wide passes of cleaning and annotating, here in one place (public names at merge)
from ..cleaning import clean_corpus, clean_texts
from ..annotating import annotate_batch, annotate_corpus, default_annotator
from .chunks import Chunk
from .tables import _articles_table, _arrow, _sentences_table, _spans_table


@functools.lru_cache(maxsize=4)
def _read_metadata(path: str, mtime_ns: int) -> tuple[pd.DataFrame, dict[str, list[int]]]:
    """``metadata.csv`` read once per worker, with the row positions of every doc_id (so that a chunk
    joins only its own rows: merging the whole table per chunk made loading grow with the square of
    the corpus)."""
    meta = read_metadata(path)  # process_corpus has checked that it reads, with a doc_id column
    rows: dict[str, list[int]] = {}
    for i, doc_id in enumerate(meta["doc_id"].tolist()):
        rows.setdefault(doc_id, []).append(i)
    return meta, rows


def _chunk_metadata(path: str, doc_ids: list[str]) -> pd.DataFrame:
    """The rows of ``metadata.csv`` whose doc_id is one of ``doc_ids``, in the file's order."""
    meta, rows = _read_metadata(path, Path(path).stat().st_mtime_ns)
    wanted = sorted({i for doc_id in set(doc_ids) for i in rows.get(doc_id, ())})
    return meta.iloc[wanted]


def load_chunk(chunk: Chunk) -> tuple[pd.DataFrame, list[dict]]:
    """Load a chunk's articles (:func:`helpers.loading.load_articles`: the rows :func:`helpers.load_corpus`
    gives) with the chunk's metadata joined: the frame and the skipped files.

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
        meta = _chunk_metadata(chunk.metadata, df["doc_id"].tolist())
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
        clean, n_tokens = clean_texts(texts)
        cleaned = df.assign(clean_text=pd.Series(clean, index=df.index, dtype="str"),
                            n_tokens=pd.Series(n_tokens, index=df.index, dtype="int64"))
    else:
        cleaned = clean_corpus(df)
    t2 = time.perf_counter()
    doc_ids = df["doc_id"].tolist()
    # the whole chunk (not article by article, whose frames _stages_per_article concatenates):
    # the spans go to an Arrow table without a pandas frame in between
    if parsed is not None and all_str and all(type(d) is str for d in doc_ids):  # noqa: E721
        spans = _spans_table(doc_ids, *annotate_batch(texts, default_annotator()))
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


def _write_json(obj: Any, path: Path) -> None:
    """``obj`` as UTF-8 JSON, written atomically. A file name that the locale could not decode
    (a surrogate escape, e.g. an Arabic name under LANG=C) is written as its own bytes."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=1) + "\n", encoding="utf-8",
                       errors="surrogateescape")


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
