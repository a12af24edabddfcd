"""Loading: from files on disk to one tidy row per article.

The first stage of the pipeline (``data/raw`` → **loading** → cleaning → annotating →
visualizing). It turns bytes into text without losing a character, finds the parts of a
news article (headline, subheadline, dateline, body, paragraphs, sentences) and keeps
character offsets into the raw text, so that every later stage can point back to it.

>>> from helpers import load_corpus                          # doctest: +SKIP
>>> df = load_corpus("data/raw")                            # doctest: +SKIP
>>> df[["doc_id", "headline", "dateline", "n_words"]]       # doctest: +SKIP
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import re
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Sequence

import numpy as np
import pandas as pd
from charset_normalizer import from_bytes

__all__ = [
    "CorpusWarning",
    "UnreadableFile",
    "read_text",
    "detect_encoding",
    "parse_article",
    "Article",
    "split_sentences",
    "load_corpus",
    "iter_inputs",
    "find_metadata",
    "paragraphs_frame",
    "sentences_frame",
    "atomic_path",
    "save_table",
]

TEXT_SUFFIXES = (".txt",)
TABLE_SUFFIXES = (".csv", ".jsonl")
TEXT_COLUMNS = ("text", "body", "content", "article")
ID_COLUMNS = ("doc_id", "id")
ARTICLE_COLUMNS = [
    "doc_id", "path", "text", "headline", "subheadline", "dateline",
    "body", "paragraphs", "n_words",
]


class CorpusWarning(UserWarning):
    """A file was skipped while loading a corpus; the message names the file and why."""


class UnreadableFile(ValueError):
    """Raised by :func:`read_text` for a file that holds no usable text."""


# --------------------------------------------------------------------------- bytes → text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(data: bytes, *, partial: bool = False) -> str:
    """The encoding of a text file's bytes (``partial=True``: its first bytes only).

    A byte-order mark decides first (UTF-8, UTF-16, UTF-32). Bytes that are valid
    UTF-8 are UTF-8. Anything else (Windows-1256, ISO-8859-6, …) is detected by
    charset-normalizer. Raises :class:`UnreadableFile` with the reason otherwise.

    >>> detect_encoding("قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا".encode("cp1256"))
    'cp1256'
    """
    if not data:
        raise UnreadableFile("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" in data:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:  # a prefix may end inside a character: only a whole file must end cleanly
        codecs.getincrementaldecoder("utf-8")().decode(data, final=not partial)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("undecodable: no text encoding fits these bytes")
    return best.encoding


def decode_bytes(data: bytes) -> str:
    """Decode the bytes of a text file with the encoding :func:`detect_encoding` finds.

    >>> decode_bytes("قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا".encode("cp1256"))
    'قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا'
    """
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise UnreadableFile(f"not valid {encoding} ({err.reason})") from err


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line endings into LF; nothing else changes.

    >>> normalize_newlines("a\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | os.PathLike) -> str:
    """Read a text file the way real Arabic corpora need.

    UTF-8 with or without BOM, UTF-16/32 with BOM, and the legacy Windows-1256 and
    ISO-8859-6 encodings (detected by charset-normalizer). Line endings become LF;
    nothing else changes. Raises :class:`UnreadableFile` for an empty, binary or
    undecodable file.

    >>> read_text("data/raw/anadolu_saar_baku.txt")[:24]    # doctest: +SKIP
    'وزير خارجية إسرائيل من أ'
    """
    return _decode_text(Path(path).read_bytes())


def _decode_text(data: bytes) -> str:
    """``normalize_newlines(decode_bytes(data))``, decoding plain UTF-8 (nearly every file) once.

    Bytes that are not empty, hold no NUL and no UTF-8 BOM, and decode as UTF-8 are exactly
    those :func:`detect_encoding` calls ``"utf-8"`` (the other BOMs are not valid UTF-8).
    """
    text = _plain_utf8(data)
    if text is not None:
        return normalize_newlines(text) if "\r" in text else text
    return normalize_newlines(decode_bytes(data))


def _plain_utf8(data: bytes) -> str | None:
    """``data.decode("utf-8")`` when :func:`detect_encoding` calls these bytes UTF-8, else ``None``."""
    if data and b"\x00" not in data and not data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


# --------------------------------------------------------------------------- structure

# News agencies and outlets that appear in Arabic datelines. Extend freely.
AGENCIES = [
    "الأناضول", "رويترز", "فرانس برس", "فرانس برس", "أ ف ب", "أ.ف.ب", "ا ف ب", "أ ب", "أسوشيتد برس",
    "الأسوشيتد برس", "د ب أ", "د.ب.أ", "شينخوا", "سبوتنيك", "واس", "وام", "كونا", "قنا", "بترا",
    "سانا", "وفا", "إرنا", "تسنيم", "الشرق الأوسط", "العربية.نت", "العربية نت", "الجزيرة نت",
    "الجزيرة.نت", "سكاي نيوز عربية", "بي بي سي", "الأهرام", "اليوم السابع", "خاص", "وكالات",
    "CNN", "AFP", "AP", "Reuters",
]
_AGENCY = "|".join(sorted((re.escape(a) for a in set(AGENCIES)), key=len, reverse=True))
_PLACE = r"[^\s\d.!؟?:\"“”«»()\-–—/،,][^\n.!؟?:\"“”«»()\-–—/]{0,40}?"  # a short place name
_DASH = r"(?:--|[-–—])"
# A dateline that stands at the start of a paragraph (alone, or followed by the body):
#   القدس/ الأناضول | باكو - رويترز | لندن - العربية.نت | (أ ف ب) | باريس (أ ف ب) -
#   دبي، الإمارات العربية المتحدة (CNN) --
DATELINE = re.compile(
    rf"""(?P<dateline>
        (?:{_PLACE}\s*/\s*(?:{_AGENCY}))                  # city/ agency
      | (?:{_PLACE}\s*{_DASH}\s*(?:{_AGENCY}))            # city - agency
      | (?:(?:{_PLACE}\s*)?\(\s*(?:{_AGENCY}|[A-Z]{{2,6}})\s*\))  # [city] (agency)
    )(?P<sep>\s*(?:{_DASH}|:)?\s*|\s*$)""",
    re.VERBOSE,
)
_FINAL_PUNCT = tuple(".!?؟…:؛\"”»")
# Every dateline has a "/", a dash or a "(" after a place of at most 41 characters and spaces:
# a line without one there cannot start with a dateline (the regex need not try).
_DATELINE_SEP = re.compile(r"[/\-–—(]")
_DATELINE_FAR_SEP = re.compile(r"\s+[/\-–—(]")


def _match_dateline(text: str, pos: int, endpos: int) -> re.Match | None:
    """``DATELINE.match(text, pos, endpos)``, quickly ``None`` for a line that cannot hold one."""
    if _DATELINE_SEP.search(text, pos, min(endpos, pos + 42)) or _DATELINE_FAR_SEP.match(text, pos + 41, endpos):
        return DATELINE.match(text, pos, endpos)
    return None
HEADLINE_MAX_WORDS = 25
SUBHEADLINE_MAX_WORDS = 60


@dataclass(frozen=True)
class Article:
    """The parts of one article, each as ``(start, end)`` offsets into its raw text.

    ``None`` means the part is absent. ``paragraphs`` lists the body paragraphs.
    """

    headline: tuple[int, int] | None = None
    subheadline: tuple[int, int] | None = None
    dateline: tuple[int, int] | None = None
    body: tuple[int, int] = (0, 0)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, stripped of surrounding spaces."""
    if not isinstance(text, str):
        return [m.span() for m in re.finditer(r"[^\n]+", text)]  # raises the usual TypeError
    spans = []
    pos = 0
    for line in text.split("\n"):  # one C call, then only the non-blank lines cost anything
        n = len(line)
        if n:
            if not line[0].isspace() and not line[-1].isspace():  # stripped already (most lines)
                spans.append((pos, pos + n))
            else:
                rest = line.lstrip()
                if rest:
                    start = pos + n - len(rest)
                    spans.append((start, start + len(rest.rstrip())))
        pos += n + 1
    return spans


_BLANK_AFTER = re.compile(r"[ \t]*\n[ \t]*(\n|$)")


def _is_blank_after(text: str, end: int) -> bool:
    """True when the line ending at ``end`` is followed by an empty line."""
    return bool(_BLANK_AFTER.match(text, end, end + 200))  # as on text[end:end + 200]


def _more_words_than(s: str, n: int) -> bool:
    """``len(s.split()) > n``, without splitting the rest of a long line."""
    return len(s.split(None, n)) > n


def _looks_like_headline(text: str, span: tuple[int, int], next_span: tuple[int, int] | None) -> bool:
    line = text[span[0]:span[1]]
    if _more_words_than(line, HEADLINE_MAX_WORDS) or next_span is None:
        return False
    if _match_dateline(text, span[0], span[1]):  # as on the line alone: the regex looks at nothing before it
        return False
    if _is_blank_after(text, span[1]):
        return not line.endswith(".")
    # no blank line: only a short line without final punctuation counts
    return not _more_words_than(line, 15) and not line.endswith(_FINAL_PUNCT)


def parse_article(text: str) -> Article:
    """Find headline, subheadline, dateline, body and paragraphs in a news article.

    * headline: a short first line followed by a blank line (or by a line break when it
      is short and has no final punctuation); an article whose first line is already
      body text (long, or ending a sentence, as in the second seed) has headline ``None``;
    * dateline: ``القدس/ الأناضول``, ``باكو - رويترز``, ``(أ ف ب)``,
      ``دبي، الإمارات العربية المتحدة (CNN) --`` … alone on a line or opening a paragraph;
    * subheadline: the paragraph between the headline and a dateline;
    * paragraphs: every non-blank line of the body (blank lines and single newlines
      both separate paragraphs).

    >>> a = parse_article("عنوان قصير\\n\\nباكو - رويترز - قال الوزير شيئا.\\nوأضاف.")
    >>> a.headline, a.dateline, len(a.paragraphs)
    ((0, 10), (12, 25), 2)
    """
    lines = _lines(text)
    if not lines:
        return Article(body=(len(text), len(text)))
    i = 0
    headline = subheadline = dateline = None
    nxt = lines[1] if len(lines) > 1 else None
    if _looks_like_headline(text, lines[0], nxt):
        headline, i = lines[0], 1
    # a subheadline sits between the headline and a dateline
    if headline is not None and i + 1 < len(lines):
        cand, after = lines[i], lines[i + 1]
        if not _more_words_than(text[cand[0]:cand[1]], SUBHEADLINE_MAX_WORDS) \
                and _match_dateline(text, after[0], after[1]):
            subheadline, i = cand, i + 1
    paragraphs = list(lines[i:])
    if paragraphs:
        first = paragraphs[0]
        m = _match_dateline(text, first[0], first[1])
        if m:
            dateline = (m.start("dateline"), m.start("dateline") + len(m.group("dateline").rstrip()))
            rest = m.end()
            if rest >= first[1]:
                paragraphs = paragraphs[1:]  # the dateline stands alone on its line
            else:
                paragraphs[0] = (rest, first[1])
    body = (paragraphs[0][0], paragraphs[-1][1]) if paragraphs else (len(text), len(text))
    return Article(headline, subheadline, dateline, body, paragraphs)


# Sentences end at . ! ? ؟ … (possibly repeated, possibly followed by closing quotes
# or brackets) when whitespace or the end of the paragraph follows.
_SENT_PUNCT = ".!?؟…"
_SENT_CLOSERS = "\"”»’')]"
_SENT_END = re.compile(f"[{re.escape(_SENT_PUNCT)}]+[{re.escape(_SENT_CLOSERS)}]*(?=\\s|$)")
_ABBREV = re.compile(r"(?:^|\s)(?:[\u0621-\u064A]|[A-Za-z]|[\u0621-\u064A]\.[\u0621-\u064A])$")
# The same ends, with the whitespace after them (skipped before the next sentence): a match
# starts with punctuation, so skipping whitespace never changes which ends are found.
_SENT_END_WS = re.compile(f"({_SENT_END.pattern})\\s*")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences, as ``(start, end)`` offsets into ``text``.

    Splits on ``. ؟ ! … ?`` and line ends; a decimal point (``3.5``, ``1.6 بليون``), a
    decimal comma (``4,3``) and a one-letter abbreviation (``د.`` for doctor) do not end
    a sentence.

    >>> s = "قال د. أحمد إن النمو بلغ 3.5 بالمئة. وأضاف: هذا جيد!"
    >>> [s[a:b] for a, b in split_sentences(s)]
    ['قال د. أحمد إن النمو بلغ 3.5 بالمئة.', 'وأضاف: هذا جيد!']
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    seg = text[start:end]
    if isinstance(seg, str) and seg and "\n" not in seg and not seg[0].isspace() and not seg[-1].isspace():
        _split_line(text, start, end, spans)  # already one stripped line (a paragraph)
        return spans
    for line_start, line_end in _lines(seg):
        _split_line(text, line_start + start, line_end + start, spans)
    return spans


def _split_line(text: str, line_start: int, line_end: int, spans: list[tuple[int, int]]) -> None:
    """Append the sentences of the stripped line ``text[line_start:line_end]`` to ``spans``."""
    cur = line_start
    for m in _SENT_END_WS.finditer(text, line_start, line_end):
        s = m.start()
        e = m.end(1)
        # a lone "." (closers may follow) after a one-letter word is an abbreviation: د.
        # _ABBREV matches at most 4 characters before the ".", so search only those
        if text[s] == "." and (e == s + 1 or text[s + 1] not in _SENT_PUNCT) \
                and _ABBREV.search(text, max(line_start, s - 4), s):
            continue
        spans.append((cur, e))
        cur = m.end()  # the whitespace after the end belongs to no sentence
    if cur < line_end:
        spans.append((cur, line_end))


# --------------------------------------------------------------------------- corpus

@dataclass
class _Record:
    doc_id: str
    path: str
    text: str
    extra: dict = field(default_factory=dict)


def _walk(root: Path, exclude: tuple[Path, ...]) -> Iterator[Path]:
    """Files under ``root`` in sorted order (depth first), hidden ones left out; lazy."""
    try:
        with os.scandir(root) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            if not any(path == ex for ex in exclude):
                yield from _walk(path, exclude)
        elif entry.is_file():
            yield path


def iter_inputs(path: str | os.PathLike | Sequence[str | os.PathLike],
                skipped: list[dict] | None = None,
                exclude: Iterable[str | os.PathLike] = ()) -> Iterator[tuple[Path, str]]:
    """Input files with their doc_id (or doc_id prefix, for an export), lazily.

    The files :func:`load_corpus` reads (and ``python -m helpers process`` streams): a folder is searched recursively in sorted
    order for ``.txt``, ``.csv`` and ``.jsonl`` files (hidden files and ``metadata.csv``
    left out) and the doc_id is the path relative to the folder without extension; a file
    (or each file of a list) gets its name without extension. Other files and missing paths
    are appended to ``skipped`` as ``{"path", "reason"}``. Folders in ``exclude`` (the output
    folder, when it lies inside the input) are not searched.

    >>> [doc_id for _, doc_id in iter_inputs("data/raw")]           # doctest: +SKIP
    ['anadolu_saar_baku', 'saar_astana_baku']
    """
    skipped = [] if skipped is None else skipped
    suffixes = TEXT_SUFFIXES + TABLE_SUFFIXES
    exclude = tuple(Path(e).absolute() for e in exclude)
    if isinstance(path, (str, os.PathLike)) and Path(path).is_dir():
        root = Path(path)
        for p in _walk(root.absolute(), exclude):
            rel = p.relative_to(root.absolute())
            if p.suffix.lower() not in suffixes:
                skipped.append({"path": str(root / rel), "reason": f"not a {'/'.join(suffixes)} file"})
            elif p.name != "metadata.csv":
                yield root / rel, rel.with_suffix("").as_posix()
        return
    paths = [path] if isinstance(path, (str, os.PathLike)) else path
    for p in map(Path, paths):  # lazily: ``path`` may be a generator
        if not p.is_file():
            skipped.append({"path": str(p), "reason": "no such file"})
        elif p.suffix.lower() not in suffixes:
            skipped.append({"path": str(p), "reason": f"not a {'/'.join(suffixes)} file"})
        else:
            yield p, p.stem


def _read_table(path: Path, base_id: str) -> Iterator[_Record]:
    """Articles from a .csv or .jsonl export: one per row, text in a text column."""
    raw = read_text(path)
    if path.suffix.lower() == ".csv":
        rows: Iterable[dict] = csv.DictReader(io.StringIO(raw))
    else:
        rows = _jsonl_rows(raw, path)
    for n, row in enumerate(rows):
        col = next((c for c in TEXT_COLUMNS if c in row), None)
        if col is None:
            raise UnreadableFile(f"no text column (expected one of {', '.join(TEXT_COLUMNS)})")
        text = normalize_newlines(str(row[col] or ""))
        rid = next((str(row[c]) for c in ID_COLUMNS if row.get(c) not in (None, "")), str(n))
        extra = {k: v for k, v in row.items() if k not in (col, *ID_COLUMNS)}
        yield _Record(f"{base_id}/{rid}", f"{path}#{rid}", text, extra)


def _jsonl_rows(raw: str, path: Path) -> Iterator[dict]:
    for lineno, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            warnings.warn(CorpusWarning(f"{path}: line {lineno} skipped: invalid JSON ({err.msg})"), stacklevel=4)
            continue
        if isinstance(row, dict):
            yield row


def _records(files: list[tuple[Path, str]], skipped: list[dict]) -> Iterator[_Record]:
    for path, base_id in files:
        try:
            if path.suffix.lower() in TABLE_SUFFIXES:
                yield from _read_table(path, base_id)
            else:
                yield _Record(base_id, str(path), read_text(path))
        except (UnreadableFile, OSError, csv.Error) as err:
            skipped.append({"path": str(path), "reason": _unreadable_reason(err)})


def _unreadable_reason(err: BaseException) -> str:
    """Why a file could not be read, as ``skipped`` says it: ``No such file or directory``, ``empty file`` …"""
    return err.strerror if isinstance(err, OSError) and err.strerror else str(err)


def _blank_reason(text: str, empty: str = "empty file") -> str | None:
    """Why a text is skipped (``empty``: ``empty file``, or ``whitespace only``), or ``None`` if it
    holds words."""
    if text.strip():
        return None
    return empty if not text else "whitespace only"


def _articles_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows of :func:`article_row` → the article columns of :func:`load_corpus`: object columns
    (they keep ``None`` where a part is absent), ``n_words`` as int64."""
    df = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=object) for c in ARTICLE_COLUMNS})
    df["n_words"] = df["n_words"].astype("int64")
    return df


def article_row(doc_id: str, path: str, text: str) -> dict:
    """One corpus row for a raw text: its parts, paragraphs and word count.

    >>> article_row("x", "x.txt", "عنوان\\n\\nنص المقال هنا.")["n_words"]
    3
    """
    row = _article_fields(doc_id, path, text, parse_article(text))
    row["n_words"] = sum([len(p.split()) for p in row["paragraphs"]])
    return row


def _article_fields(doc_id: str, path: str, text: str, art: Article) -> dict:
    """The row of :func:`article_row` from the parsed article, ``n_words`` still 0."""
    part = lambda span: text[span[0]:span[1]] if span else None  # noqa: E731
    return {
        "doc_id": doc_id, "path": path, "text": text,
        "headline": part(art.headline), "subheadline": part(art.subheadline),
        "dateline": part(art.dateline), "body": part(art.body) or "",
        "paragraphs": [text[a:b] for a, b in art.paragraphs], "n_words": 0,
    }


def _article_rows(items: Iterable[tuple[str, str, str]]
                  ) -> tuple[list[dict], list[list[tuple[int, int]]], _ChunkText | None]:
    """:func:`article_row` for many ``(doc_id, path, text)``, the words of all bodies counted in
    one numpy pass (the same numbers: the body runs from the first paragraph to the last, and
    only whitespace lies between paragraphs, so its words are theirs). Also returns the paragraph
    spans of every text (for the sentences, not parsed again) and the joined texts
    (:func:`_chunk_text`, ``None`` without texts) for the later stages."""
    rows, paragraphs, texts, bodies = [], [], [], []
    for doc_id, path, text in items:
        art = parse_article(text)
        rows.append(_article_fields(doc_id, path, text, art))
        paragraphs.append(art.paragraphs)
        texts.append(text)
        bodies.append(art.body)
    if not rows:
        return rows, paragraphs, None
    if sum(map(len, texts)) > _BATCH:  # too big to join: word by word
        for row, text, (a, b) in zip(rows, texts, bodies):
            row["n_words"] = len(text[a:b].split())
        return rows, paragraphs, None
    joined = _chunk_text(texts)
    for row, n in zip(rows, _count_words(joined, bodies)):
        row["n_words"] = n
    return rows, paragraphs, joined


#: Characters joined at most for the chunk-wide passes (their arrays take ~7 bytes a character).
_BATCH = 4_000_000


def _text_batches(texts: list[str], size: int, *, shrink: int = 0, min_size: int = 0) -> list[tuple[int, int]]:
    """``(start, stop)`` ranges of ``texts``, in order, of at most ``size`` characters each (a longer
    text makes a range of its own): how the chunk-wide passes take a big frame.

    ``shrink=k``: a range also holds at most a ``k``-th of the characters still to come, but may
    hold ``min_size``; the ranges shrink towards the end (how work is shared between processes).

    >>> _text_batches(["ab", "cd", "efgh", "i"], 4)
    [(0, 2), (2, 3), (3, 4)]
    >>> _text_batches(["ab"] * 8, 8, shrink=2, min_size=2)
    [(0, 4), (4, 6), (6, 7), (7, 8)]
    """
    remaining = sum(map(len, texts)) if shrink else 0
    limit = max(min_size, min(size, remaining // shrink)) if shrink else size
    bounds, start, total = [], 0, 0
    for i, t in enumerate(texts):
        if i > start and total + len(t) > limit:
            bounds.append((start, i))
            if shrink:
                remaining -= total
                limit = max(min_size, min(size, remaining // shrink))
            start, total = i, 0
        total += len(t)
    if start < len(texts):
        bounds.append((start, len(texts)))
    return bounds


_OTHER, _PUNCT, _CLOSER, _BLANK = range(4)
#: Class of every code point: whitespace (``str.isspace``, the same as ``\s``; U+3000 is the
#: last one), sentence-ending punctuation ``. ! ? ؟ …``, the closing marks that may follow it.
_CHAR_CLASS = np.zeros(0x110000, dtype=np.uint8)
_CHAR_CLASS[:0x3002] = np.char.isspace(np.arange(0x3002, dtype=np.uint32).view("<U1")) * _BLANK
_CHAR_CLASS[[ord(c) for c in _SENT_PUNCT]] = _PUNCT
_CHAR_CLASS[[ord(c) for c in _SENT_CLOSERS]] = _CLOSER


class _ChunkText(NamedTuple):
    """The texts of a chunk joined by ``"\\n"``, one more after the last: what the loading,
    sentence and cleaning stages all read, encoded once."""

    texts: list[str]
    joined: str
    cp: np.ndarray  # code points of ``joined``
    offsets: np.ndarray  # where each text starts in ``joined``
    cls: np.ndarray  # _CHAR_CLASS of every code point
    word_starts: np.ndarray  # positions of the non-space characters that follow a space (or start)


def _chunk_text(texts: list[str]) -> _ChunkText:
    """Join ``texts`` (all ``str``) for the chunk-wide passes. ``"\\n"`` is whitespace, so no
    word or sentence end runs from one text into the next."""
    joined = "\n".join(texts) + "\n"
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = _CHAR_CLASS[cp]
    space = cls == _BLANK
    starts = ~space
    starts[1:] &= space[:-1]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offsets = np.concatenate(([0], np.cumsum(lengths[:-1] + 1)))
    return _ChunkText(texts, joined, cp, offsets, cls, np.flatnonzero(starts))


def _count_words(chunk: _ChunkText, spans: list[tuple[int, int]]) -> list[int]:
    """``len(text[a:b].split())`` for every text of ``chunk`` and its span ``(a, b)``."""
    bounds = np.array(spans, dtype=np.int64).reshape(-1, 2) + chunk.offsets[:, None]
    a, b = bounds[:, 0], bounds[:, 1]
    counts = np.searchsorted(chunk.word_starts, b) - np.searchsorted(chunk.word_starts, a)
    # a span that starts inside a word (after a non-space): that word counts too
    inside = np.flatnonzero((a < b) & (a > 0))
    inside = inside[(chunk.cls[a[inside]] != _BLANK) & (chunk.cls[a[inside] - 1] != _BLANK)]
    counts[inside] += 1
    return counts.tolist()


def _split_chunk(chunk: _ChunkText, texts: list[str], paragraphs: list[list[tuple[int, int]]]):
    """The sentences of every paragraph of every text, as :func:`split_sentences` finds them
    paragraph by paragraph, for the whole chunk at once: ``(text index, sent_id, para_id,
    start, end, sentence)`` arrays (the last a list), or ``None`` when a paragraph is not what
    :func:`parse_article` gives (a stripped line; only whitespace between paragraphs).

    A sentence end (``_SENT_END``) is a whole run of ``. ! ? ؟ …`` with all the closing marks
    after it, followed by whitespace: the regex never finds one inside a run, and a run that
    fails the lookahead fails it from any of its characters. Runs are found with numpy; only
    a lone "." after a one-letter word goes to ``_ABBREV`` (the same search, on the text).
    """
    counts = [len(p) for p in paragraphs]
    total = sum(counts)
    cls, n = chunk.cls, chunk.cls.size
    empty = np.zeros(0, dtype=np.int64)
    if total == 0:
        return empty, empty, empty, empty, empty, []
    text_of = np.repeat(np.arange(len(texts)), counts)  # of every paragraph
    local = np.array([span for p in paragraphs for span in p], dtype=np.int64).reshape(-1, 2)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts_p = local[:, 0] + chunk.offsets[text_of]
    ends_p = local[:, 1] + chunk.offsets[text_of]
    # the paragraphs parse_article gives: non-empty stripped lines, in order, apart
    newlines = np.flatnonzero(chunk.cp == 0x0A)
    good = (local[:, 0] >= 0) & (local[:, 0] < local[:, 1]) & (local[:, 1] <= lengths[text_of])
    if not good.all():
        return None
    good &= (cls[starts_p] != _BLANK) & (cls[ends_p - 1] != _BLANK)
    # a paragraph is followed by whitespace (as the end of the line there), and no run of
    # punctuation comes into it from before
    good &= cls[ends_p] == _BLANK
    good &= (local[:, 0] == 0) | (cls[starts_p - 1] != _PUNCT) | (cls[starts_p] != _PUNCT)
    good &= np.searchsorted(newlines, starts_p) == np.searchsorted(newlines, ends_p)
    same = text_of[1:] == text_of[:-1]  # the next paragraph of the same text: whitespace between
    gap_start = ends_p[:-1][same]
    nxt = np.searchsorted(chunk.word_starts, gap_start)
    if not (good.all() and (starts_p[1:][same] > gap_start).all() and (cls[gap_start] == _BLANK).all()
            and (chunk.word_starts[np.minimum(nxt, chunk.word_starts.size - 1)] == starts_p[1:][same]).all()):
        return None
    # sentence ends: runs of punctuation, then closing marks, then whitespace
    punct = np.flatnonzero(cls == _PUNCT)
    if punct.size:
        cut = np.flatnonzero(np.diff(punct) != 1)
        run_start = punct[np.concatenate(([0], cut + 1))]
        run_end = punct[np.concatenate((cut, [punct.size - 1]))] + 1
        closer = np.flatnonzero(cls == _CLOSER)
        end = run_end
        if closer.size:
            ccut = np.flatnonzero(np.diff(closer) != 1)
            c_start = closer[np.concatenate(([0], ccut + 1))]
            c_end = closer[np.concatenate((ccut, [closer.size - 1]))] + 1
            i = np.minimum(np.searchsorted(c_start, run_end), c_start.size - 1)
            end = np.where(c_start[i] == run_end, c_end[i], run_end)
        ok = cls[np.minimum(end, n - 1)] == _BLANK  # the joined text ends with "\n": end < n
        s, run_len, e = run_start[ok], (run_end - run_start)[ok], end[ok]
        par = np.searchsorted(starts_p, s, side="right") - 1  # paragraph of each end, if any
        inside = (par >= 0) & (s < ends_p[np.maximum(par, 0)])
        s, run_len, e, par = s[inside], run_len[inside], e[inside], par[inside]
        # a lone "." after a letter with a space (or a ".") before it may be an abbreviation
        lo = np.maximum(starts_p[par], s - 4)
        before = np.maximum(s - 2, 0)
        maybe = np.flatnonzero((run_len == 1) & (chunk.cp[s] == 0x2E) & (
            (s - 2 < lo) | (chunk.cp[before] == 0x2E) | (cls[before] == _BLANK)))
        if maybe.size:
            keep = np.ones(s.size, dtype=bool)
            for i in maybe.tolist():
                t = text_of[par[i]]
                off = int(chunk.offsets[t])
                if _ABBREV.search(texts[t], int(lo[i]) - off, int(s[i]) - off):
                    keep[i] = False
            s, e, par = s[keep], e[keep], par[keep]
        # the next sentence starts at the first non-space after the end (the whitespace goes)
        nxt = np.searchsorted(chunk.word_starts, e)
        after = np.where(nxt < chunk.word_starts.size, chunk.word_starts[np.minimum(nxt, chunk.word_starts.size - 1)], n)
    else:
        e = par = after = empty
    first = np.ones(par.size, dtype=bool)
    first[1:] = par[1:] != par[:-1]
    cur = np.where(first, starts_p[par], np.concatenate(([0], after[:-1])))
    last = np.ones(par.size, dtype=bool)
    last[:-1] = par[1:] != par[:-1]
    rest = starts_p.copy()  # where the text after the last end of each paragraph starts
    rest[par[last]] = after[last]
    tail = np.flatnonzero(rest < ends_p)
    begin = np.concatenate((cur, rest[tail]))
    order = np.argsort(begin, kind="stable")
    begin = begin[order]
    finish = np.concatenate((e, ends_p[tail]))[order]
    owner = np.concatenate((par, tail))[order]  # paragraph of every sentence
    text_idx = text_of[owner]
    sent_id = np.arange(begin.size, dtype=np.int64) - np.searchsorted(text_idx, text_idx)
    para_start = np.concatenate(([0], np.cumsum(counts)[:-1]))
    para_id = owner - para_start[text_idx]
    joined = chunk.joined
    sentences = [joined[a:b] for a, b in zip(begin.tolist(), finish.tolist())]
    off = chunk.offsets[text_idx]
    return text_idx, sent_id, para_id, begin - off, finish - off, sentences


def find_metadata(path: str | os.PathLike | Sequence[str | os.PathLike]) -> Path | None:
    """The ``metadata.csv`` that :func:`load_corpus` joins: beside the folder, or one level up.

    >>> find_metadata("data/raw")                                      # doctest: +SKIP
    PosixPath('data/metadata.csv')
    """
    if not isinstance(path, (str, os.PathLike)):
        return None
    root = Path(path)
    folder = root if root.is_dir() else root.parent
    for cand in (folder / "metadata.csv", folder.parent / "metadata.csv"):
        if cand.is_file():
            return cand
    return None


def load_corpus(path: str | os.PathLike | Sequence[str | os.PathLike],
                metadata: str | os.PathLike | None | bool = True) -> pd.DataFrame:
    """Load a corpus of news articles into one row per article.

    ``path`` is a folder (searched recursively for ``*.txt``, and ``.csv``/``.jsonl``
    exports with a ``text`` column), a single file, or a list of files. Columns:
    ``doc_id`` (the file name without extension, relative to the folder), ``path``,
    ``text`` (exactly what :func:`read_text` gives), ``headline``, ``subheadline``,
    ``dateline`` (``None`` when absent), ``body``, ``paragraphs`` (list of str),
    ``n_words``, then the columns of ``metadata.csv`` joined on ``doc_id`` (by default
    the one found beside or above the folder; ``metadata=False`` to skip).

    Files are found by :func:`iter_inputs`, the same rules (and order) the command-line
    pipeline uses. A file that is empty, whitespace-only, binary, undecodable, or not a
    ``.txt``/``.csv``/``.jsonl`` file is skipped with a :class:`CorpusWarning` naming it and the reason; the rest still loads, and
    ``df.attrs["skipped"]`` lists the skipped files. Nothing is written anywhere.

    >>> df = load_corpus("data/raw")                            # doctest: +SKIP
    >>> df.doc_id.tolist()                                      # doctest: +SKIP
    ['anadolu_saar_baku', 'saar_astana_baku']
    """
    skipped: list[dict] = []
    files = list(iter_inputs(path, skipped))
    rows, extras = [], []
    for rec in _records(files, skipped):
        blank = _blank_reason(rec.text)
        if blank:
            skipped.append({"path": rec.path, "reason": blank})
            continue
        rows.append(article_row(rec.doc_id, rec.path, rec.text))
        extras.append(rec.extra)
    for entry in skipped:
        warnings.warn(CorpusWarning(f"skipped {entry['path']}: {entry['reason']}"), stacklevel=2)
    df = _articles_frame(rows)
    extra = pd.DataFrame(extras, index=df.index)
    for col in extra.columns:
        if col not in df.columns:
            df[col] = extra[col]
    meta_path = find_metadata(path) if metadata is True else (Path(metadata) if metadata else None)
    if meta_path is not None and len(df):
        meta = pd.read_csv(meta_path, dtype=str, keep_default_na=False)
        meta = meta.drop(columns=[c for c in meta.columns if c in df.columns and c != "doc_id"])
        df = df.merge(meta, on="doc_id", how="left")
    df.attrs["skipped"] = skipped
    return df


def paragraphs_frame(df: pd.DataFrame) -> pd.DataFrame:
    """One row per body paragraph: ``doc_id``, ``para_id``, ``start``, ``end``, ``text``.

    ``start``/``end`` are offsets into the article's raw ``text``.

    >>> paragraphs_frame(load_corpus("data/raw")).head(2)        # doctest: +SKIP
    """
    rows = []
    for doc_id, text in zip(df["doc_id"], df["text"]):
        for k, (a, b) in enumerate(parse_article(text).paragraphs):
            rows.append((doc_id, k, a, b, text[a:b]))
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "start", "end", "text"])


def sentences_frame(df: pd.DataFrame) -> pd.DataFrame:
    """One row per body sentence: ``doc_id``, ``sent_id``, ``para_id``, ``start``, ``end``, ``text``.

    ``start``/``end`` are offsets into the article's raw ``text``.

    >>> sentences_frame(load_corpus("data/raw")).head(2)         # doctest: +SKIP
    """
    doc_ids = df["doc_id"].tolist()
    texts = df["text"].tolist()
    return _sentences_frame(doc_ids, texts, [parse_article(text).paragraphs for text in texts])


_SENTENCE_COLUMNS = ["doc_id", "sent_id", "para_id", "start", "end", "text"]


def _sentences_frame(doc_ids: list, texts: list, paragraphs: list[list[tuple[int, int]]],
                     chunk: _ChunkText | None = None) -> pd.DataFrame:
    """:func:`sentences_frame` from the paragraphs already found (one list per article);
    ``chunk``: the texts already joined (:func:`_chunk_text`)."""
    text_idx, sent_id, para_id, start, end, sentences = _sentence_columns(texts, paragraphs, chunk)
    if not sentences:
        return pd.DataFrame([], columns=_SENTENCE_COLUMNS)
    ids = [doc_ids[i] for i in text_idx.tolist()]
    return pd.DataFrame({"doc_id": ids, "sent_id": sent_id, "para_id": para_id, "start": start, "end": end,
                         "text": sentences})


def _sentence_columns(texts: list[str], paragraphs: list[list[tuple[int, int]]], chunk: _ChunkText | None = None):
    """Every sentence of every paragraph, in order: ``(text index, sent_id, para_id, start, end)``
    as int64 arrays and the sentences as a list. The whole chunk at once (:func:`_split_chunk`),
    else (paragraphs other than parse_article's) paragraph by paragraph."""
    if chunk is None and sum(map(len, texts)) > _BATCH:  # a big frame: a few million characters at a time
        parts = []
        for start, stop in _text_batches(texts, _BATCH):
            part = _sentence_columns(texts[start:stop], paragraphs[start:stop], _chunk_text(texts[start:stop]))
            parts.append((part[0] + start, *part[1:5], part[5]))
        return (*(np.concatenate([p[k] for p in parts]) for k in range(5)), [s for p in parts for s in p[5]])
    if texts:
        found = _split_chunk(chunk if chunk is not None else _chunk_text(texts), texts, paragraphs)
        if found is not None:
            return found
    rows = []
    for i, (text, paras) in enumerate(zip(texts, paragraphs)):
        n = 0
        for k, (a, b) in enumerate(paras):
            for s, e in split_sentences(text, a, b):
                rows.append((i, n, k, s, e))
                n += 1
    cols = np.array(rows, dtype=np.int64).reshape(-1, 5).T
    sentences = [texts[i][s:e] for i, _, _, s, e in rows]
    return cols[0].copy(), cols[1].copy(), cols[2].copy(), cols[3].copy(), cols[4].copy(), sentences


# --------------------------------------------------------------------------- writing

def _new_file_mode() -> int:
    """0666 minus the process umask: the mode ``open()`` would give a new file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only on success.

    Readers never see a half-written file, and a failure leaves the old file intact.

    >>> with atomic_path("out.csv") as tmp:                      # doctest: +SKIP
    ...     df.to_csv(tmp)
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _new_file_mode())  # mkstemp makes 0600; outputs are for sharing
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def save_table(df: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a frame atomically: ``.parquet`` for programs, ``.csv`` with a UTF-8 BOM.

    The BOM makes spreadsheet programs (Excel) read the CSV as UTF-8 and show Arabic.

    >>> save_table(df, "data/processed/articles.csv")            # doctest: +SKIP
    """
    target = Path(path)
    with atomic_path(target) as tmp:
        if target.suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        elif target.suffix == ".csv":
            df.to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            raise ValueError(f"unsupported table format: {target.suffix} (use .parquet or .csv)")
    return target
