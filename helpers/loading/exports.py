"""Loading, exports: the articles of a ``.csv``/``.jsonl`` export, one per row, read as a stream.

>>> next(iter_export_rows(Path("news.csv"), "news", []))[0][:2]  # doctest: +SKIP
('news/0', 'news.csv#0')
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import json
import re
from pathlib import Path
from typing import BinaryIO, Iterator

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

    The one reader of exports, for :func:`load_corpus` and ``python -m helpers process`` alike.
    One article per row, its text in the first of the columns ``text``, ``body``, ``content``,
    ``article`` (line ends made LF); doc_id ``<base_id>/<id>`` where ``id`` is the row's
    ``doc_id`` or ``id`` column, else its row number from 0 (a ``.csv``: the record under the
    header; a ``.jsonl``: the line); path ``<file>#<id>``; the other columns as they are. The
    file is read as a stream: memory holds one row, whatever the size of the export.

    What cannot be used is appended to ``skipped`` as ``{"path", "reason"}``, and the rest still
    loads: a bad line of a ``.jsonl`` as ``<file>:<line number from 1>`` with ``invalid JSON
    (…)``, ``not a JSON object`` or ``no text column (…)``; a file that cannot be read (empty,
    binary, no text column in a CSV header) as ``<file>``; a file unreadable part way as
    ``<file>`` with ``rest of the file unreadable: …``, every row before the one it cuts kept.

    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> feed = Path(tmp.name) / "feed.jsonl"
    >>> _ = feed.write_text('{"id": "a", "text": "نص", "url": "u"}\\n{oops\\n{"text": "آخر"}\\n', encoding="utf-8")
    >>> skipped = []
    >>> [(row[0], row[2], row[3]) for row, _ in iter_export_rows(feed, "feed", skipped)]
    [('feed/a', 'نص', {'url': 'u'}), ('feed/2', 'آخر', {})]
    >>> [(Path(s["path"]).name, s["reason"]) for s in skipped]
    [('feed.jsonl:2', 'invalid JSON (Expecting property name enclosed in double quotes)')]
    >>> tmp.cleanup()
    """
    try:
        encoding = _sniff_encoding(path)
    except (UnreadableFile, OSError) as err:
        skipped.append({"path": str(path), "reason": _reason(err)})
        return
    with open(path, "rb") as raw, _csv_field_limit(2**31 - 1):
        text = _Lines(raw, encoding)
        rows = _csv_rows(text, path, skipped) if path.suffix.lower() == ".csv" else _jsonl_rows(text)
        try:
            for n, row, problem in rows:
                if text.cut:  # the row a bad byte cut: it goes with the rest of the file, below
                    break
                col = None if row is None else next((c for c in TEXT_COLUMNS if c in row), None)
                if row is None or col is None:  # (a CSV row always has the header's text column)
                    skipped.append({"path": f"{path}:{n + 1}", "reason": problem or _NO_TEXT})
                    continue
                rid = next((str(row[c]) for c in ID_COLUMNS if row.get(c) not in (None, "")), str(n))
                extra = {k: v for k, v in row.items() if k not in (col, *ID_COLUMNS)}
                body = "" if row[col] is None else str(row[col])
                body = body.replace("\r\n", "\n").replace("\r", "\n")
                yield (f"{base_id}/{rid}", f"{path}#{rid}", body, extra), raw.tell()
        except csv.Error as err:  # (the one left: a field over the limit)
            skipped.append({"path": str(path), "reason": f"rest of the file unreadable: {_reason(err)}"})
        if text.error is not None:
            skipped.append({"path": str(path), "reason": f"rest of the file unreadable: {_reason(text.error)}"})


class _Lines:
    """The lines of a binary file decoded as ``encoding``, 8 KiB at a time, each with its line end
    (``\\n``, ``\\r\\n`` or a lone ``\\r``, as ``open(newline="")`` gives them).

    A byte that cannot be decoded ends the lines: the text before it is still given, ``error``
    tells why, and ``cut`` is True once the line it cut (given without a line end) is given.

    >>> import io
    >>> lines = _Lines(io.BytesIO(b"a\\r\\nb\\rc\\nd\\xffe\\n"), "utf-8")
    >>> list(lines), lines.cut, lines.error.reason
    (['a\\r\\n', 'b\\r', 'c\\n', 'd'], True, 'invalid start byte')
    """

    def __init__(self, raw: BinaryIO, encoding: str) -> None:
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder(encoding)()
        self.error: UnicodeDecodeError | None = None
        self.cut = False

    def __iter__(self) -> Iterator[str]:
        pending, final = "", False  # the text after the last whole line
        while not final:
            block = self.raw.read(8192)
            final = not block
            state, seen = self.decoder.getstate(), len(pending)
            try:
                pending += self.decoder.decode(block, final)
            except UnicodeDecodeError as err:  # keep what lies before the bad byte
                self.decoder.setstate(state)  # (the codec saw err.object: the block, after what it held)
                pending += self.decoder.decode(block[:max(0, err.start - len(err.object) + len(block))])
                self.error, final = err, True
            end = len(pending) if final else _last_line_end(pending, max(0, seen - 1))
            if not end:
                continue
            lines = _LINE.findall(pending, 0, end)
            pending = pending[end:]
            if self.error is not None and lines[-1][-1] not in "\r\n":  # the line the bad byte cut
                yield from lines[:-1]
                self.cut = True
                lines = lines[-1:]
            yield from lines


#: A line with its end, or the last line without one.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


def _last_line_end(text: str, start: int) -> int:
    """Where the last line known to be whole ends in ``text`` (0: none), its end looked for from
    ``start`` on (a ``\\r`` at the very end may yet be followed by ``\\n``)."""
    known = len(text) - text.endswith("\r")
    return max(text.rfind("\n", start, known), text.rfind("\r", start, known)) + 1


_NO_TEXT = f"no text column (expected one of {', '.join(TEXT_COLUMNS)})"


def _csv_rows(text: _Lines, path: Path, skipped: list[dict]) -> Iterator[tuple[int, dict, str]]:
    """``(record index, row, "")`` for each record of a CSV stream; nothing (and the reason in
    ``skipped``) when its header cannot be read or has no text column."""
    reader = csv.DictReader(text)
    try:
        header = reader.fieldnames or []
    except csv.Error as err:
        skipped.append({"path": str(path), "reason": _reason(err)})
        return
    if text.cut:  # a bad byte in the header: the file, not its rest, is unreadable
        skipped.append({"path": str(path), "reason": _reason(text.error)})
        text.error = None  # (reported)
        return
    if not any(c in header for c in TEXT_COLUMNS):
        skipped.append({"path": str(path), "reason": _NO_TEXT})
        return
    for n, row in enumerate(reader):
        yield n, {k: v for k, v in row.items() if k is not None}, ""


def _jsonl_rows(text: _Lines) -> Iterator[tuple[int, dict | None, str]]:
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
