"""Loading, exports: the articles of a ``.csv``/``.jsonl`` export, one per row, read as a stream.

>>> next(iter_export_rows(Path("news.csv"), "news", []))[0][:2]  # doctest: +SKIP
('news/0', 'news.csv#0')
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path
from typing import Iterator

from .text import ID_COLUMNS, TEXT_COLUMNS, UnreadableFile, _unreadable_reason, detect_encoding

#: An article of an export: ``(doc_id, path, text, the row's other columns)``.
Row = tuple[str, str, str, dict]


def _sniff_encoding(path: Path) -> str:
    """The text encoding of a (possibly huge) export, from its first 64 KiB."""
    with open(path, "rb") as f:
        return detect_encoding(f.read(1 << 16), partial=True)


@contextlib.contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def iter_export_rows(path: Path, base_id: str, skipped: list[dict]) -> Iterator[tuple[Row, int]]:
    """Stream the articles of a ``.csv``/``.jsonl`` export: ``(row, bytes read so far)``.

    One article per row, its text in the first of the columns ``text``, ``body``,
    ``content``, ``article``; doc_id ``<base_id>/<id>`` where ``id`` is the row's ``doc_id``
    or ``id`` column, else its row number (as :func:`helpers.load_corpus` names them). The
    file is read as a stream: memory holds one row, whatever the size of the export. Rows
    that cannot be used go to ``skipped``.

    >>> next(iter_export_rows(Path("news.csv"), "news", []))[0][:2]  # doctest: +SKIP
    ('news/0', 'news.csv#0')
    """
    try:
        encoding = _sniff_encoding(path)
    except (UnreadableFile, OSError) as err:
        skipped.append({"path": str(path), "reason": _reason(err)})
        return
    is_csv = path.suffix.lower() == ".csv"
    with open(path, "rb") as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text, \
            _csv_field_limit(2**31 - 1):
        if is_csv:
            reader = csv.DictReader(text)
            try:
                header = reader.fieldnames or []
            except (csv.Error, UnicodeDecodeError) as err:
                skipped.append({"path": str(path), "reason": _reason(err)})
                return
            if not any(c in header for c in TEXT_COLUMNS):
                skipped.append({"path": str(path),
                                "reason": f"no text column (expected one of {', '.join(TEXT_COLUMNS)})"})
                return
            rows: Iterator[tuple[int, dict | None, str]] = (
                (n, {k: v for k, v in row.items() if k is not None}, "") for n, row in enumerate(reader))
        else:
            rows = _jsonl_rows(text)
        try:
            for n, row, problem in rows:
                col = None if row is None else next((c for c in TEXT_COLUMNS if c in row), None)
                if row is None or col is None:
                    skipped.append({"path": f"{path}:{n + 1}" if not is_csv else f"{path}#{n}",
                                    "reason": problem or f"no text column (expected one of {', '.join(TEXT_COLUMNS)})"})
                    continue
                rid = next((str(row[c]) for c in ID_COLUMNS if row.get(c) not in (None, "")), str(n))
                extra = {k: v for k, v in row.items() if k not in (col, *ID_COLUMNS)}
                body = "" if row[col] is None else str(row[col])
                body = body.replace("\r\n", "\n").replace("\r", "\n")
                yield (f"{base_id}/{rid}", f"{path}#{rid}", body, extra), raw.tell()
        except (csv.Error, UnicodeDecodeError) as err:
            skipped.append({"path": str(path), "reason": f"rest of the file unreadable: {_reason(err)}"})


def _jsonl_rows(text: io.TextIOBase) -> Iterator[tuple[int, dict | None, str]]:
    """``(line index, row or None, problem)`` for each non-blank line of a JSONL stream."""
    for n, line in enumerate(text):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield n, None, f"invalid JSON ({err.msg})"
            continue
        if not isinstance(row, dict):
            yield n, None, "not a JSON object"
            continue
        yield n, row, ""


def _reason(err: BaseException) -> str:
    """Why a file (or the rest of it) could not be read."""
    return _unreadable_reason(err) or type(err).__name__
