"""The span columns and labels, and span rows → the documented frame (the shape of every output)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..cleaning import to_raw_spans


#: The labels, in the order tables and legends show them.
LABELS: tuple[str, ...] = ("PER", "LOC", "ORG", "QUOTE", "QUANTITY", "DATE", "FRAME")
#: Columns of every span frame (always all present; ``None`` where a column does not apply).
SPAN_COLUMNS: list[str] = ["start", "end", "label", "text", "canonical", "source", "speaker", "value", "unit"]
#: One colour per label (colour-blind-safe Okabe–Ito hues, light enough for black text).
LABEL_COLORS: dict[str, str] = {
    "PER": "#f6c28b",
    "LOC": "#9fd3f5",
    "ORG": "#b8e0b0",
    "QUOTE": "#a8a8a8",  # drawn as an underline, so darker
    "QUANTITY": "#f3e38d",
    "DATE": "#d9c2ef",
    "FRAME": "#f4a6a6",
}
ENTITY_LABELS = ("PER", "LOC", "ORG")


_LABEL_ORDER = {lab: i for i, lab in enumerate(LABELS)}


def raw_columns(text: str, offsets: Any, rows: list[dict]) -> dict[str, list]:
    """Spans in the normalized text → the columns of :data:`SPAN_COLUMNS`: offsets mapped to the
    raw text (vectorized), the raw ``text`` of each span, rows sorted by start, label and end."""
    if not rows:
        return {c: [] for c in SPAN_COLUMNS}
    a, b = to_raw_spans(offsets, [r["start"] for r in rows], [r["end"] for r in rows])
    order = _LABEL_ORDER
    keys = [(x, order.get(r["label"], 99), y) for r, x, y in zip(rows, a.tolist(), b.tolist())]
    idx = sorted(range(len(rows)), key=keys.__getitem__)  # stable: ties keep their order
    rows = [rows[i] for i in idx]
    starts = [keys[i][0] for i in idx]
    ends = [keys[i][2] for i in idx]
    columns = {"start": starts, "end": ends, "text": [text[x:y] for x, y in zip(starts, ends)]}
    for c in SPAN_COLUMNS:
        if c not in columns:
            columns[c] = [r[c] for r in rows]
    return {c: columns[c] for c in SPAN_COLUMNS}


def column_records(columns: Mapping[str, list]) -> list[dict]:
    """Span columns → one dict per span."""
    return [dict(zip(SPAN_COLUMNS, values)) for values in zip(*(columns[c] for c in SPAN_COLUMNS))]


_COLUMNS = pd.Index(SPAN_COLUMNS)  # copied per frame (cheap: the values are shared, not re-inferred)
_COLUMNS_WITH_DOC = pd.Index(["doc_id", *SPAN_COLUMNS])


def object_array(values: list) -> np.ndarray:
    """A 1-D object array of ``values`` (never a 2-D one, whatever the values are)."""
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def column_arrays(columns: Mapping[str, list]) -> list[np.ndarray]:
    """Span columns → one array per column of :data:`SPAN_COLUMNS`: int64 offsets, the other
    columns as object arrays (they keep ``None``; pandas' default string dtype would turn it into
    NaN)."""
    return [np.array(columns[c], dtype=np.int64) if c in ("start", "end") else object_array(columns[c])
            for c in SPAN_COLUMNS]


def frame(arrays: list[np.ndarray], *, doc_ids: np.ndarray | None = None) -> pd.DataFrame:
    """The arrays of :func:`column_arrays` (rows already sorted) → the documented frame, with a
    ``doc_id`` column first when ``doc_ids`` (one per row) are given.

    The frame is assembled from ready arrays in one step: building it column by column through
    ``Series`` cost more than annotating a short article.
    """
    names = (_COLUMNS_WITH_DOC if doc_ids is not None else _COLUMNS).copy()  # own .name per frame
    if doc_ids is not None:
        arrays = [doc_ids, *arrays]
    n = len(arrays[-1])
    try:  # fast path, skips dtype inference (private but long-standing pandas API)
        return pd.DataFrame._from_arrays(arrays, columns=names, index=pd.RangeIndex(n), verify_integrity=False)
    except (AttributeError, TypeError):  # pragma: no cover - a pandas without it
        return pd.DataFrame({n: pd.Series(a, dtype=a.dtype) for n, a in zip(names, arrays)})
