"""Scaling, the output tables: their fixed column types, a chunk's frames as Arrow tables, and
:func:`read_table` to read a table back.

>>> read_table("/tmp/out", "annotations").columns[:3].tolist()      # doctest: +SKIP
['doc_id', 'start', 'end']
"""
from __future__ import annotations

import operator
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..loading import sentence_columns, sentences_frame

if TYPE_CHECKING:
    from .worker import _Parsed

TABLES = ("articles", "sentences", "annotations")
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
            # mixed types, e.g. ``value``: a number for a QUANTITY, an ISO date for a DATE (the
            # columns that get here are object columns or lists: loading and the metadata give
            # objects or pandas' str, which Arrow takes, counts are int64)
            values = series if isinstance(series, list) else series.tolist()  # without Series.map
            arr = pa.array([None if v is None or v != v else str(v) for v in values], from_pandas=True)
            if want is not None and arr.type != want:
                arr = arr.cast(want)
        if pa.types.is_null(arr.type):
            arr = arr.cast(_S)
        arrays.append(arr)
        names.append(col)
    return pa.Table.from_arrays(arrays, names=names)


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
