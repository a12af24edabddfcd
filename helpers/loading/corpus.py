"""Loading, a corpus: the input files of a folder, and :func:`load_corpus`, one row per article.

>>> [doc_id for _, doc_id in iter_inputs("data/raw")]           # doctest: +SKIP
['anadolu_saar_baku', 'saar_astana_baku']
"""
from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pandas as pd

from .articles import _articles_frame, article_row, parse_article
from .batches import _sentences_frame
from .exports import iter_export_rows
from .text import (
    TABLE_SUFFIXES, TEXT_SUFFIXES, CorpusWarning, UnreadableFile, _blank_reason, _unreadable_reason, decode_bytes,
    normalize_newlines, read_text,
)

@dataclass
class _Record:
    doc_id: str
    path: str
    text: str
    extra: dict = field(default_factory=dict)
    empty: str = "empty file"  # why an empty text is skipped (a row of an export: "empty text")


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


def _records(files: list[tuple[Path, str]], skipped: list[dict]) -> Iterator[_Record]:
    """The texts of the input files, the rows of an export one by one (:func:`iter_export_rows`)."""
    for path, base_id in files:
        if path.suffix.lower() in TABLE_SUFFIXES:
            for (doc_id, where, text, extra), _ in iter_export_rows(path, base_id, skipped):
                yield _Record(doc_id, where, text, extra, empty="empty text")
            continue
        try:
            yield _Record(base_id, str(path), read_text(path))
        except (UnreadableFile, OSError) as err:
            skipped.append({"path": str(path), "reason": _unreadable_reason(err)})


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


def read_metadata(path: str | os.PathLike) -> pd.DataFrame:
    """A ``metadata.csv``: one row per line, every value text (an empty cell is ``""``), decoded as
    the articles are (UTF-8 or UTF-16 with or without a BOM, Windows-1256 …).

    Raises :class:`UnreadableFile` with the reason when it cannot be read or decoded, is not a
    table, or has no ``doc_id`` column (the column the articles are joined on).

    >>> from helpers._shared import ROOT
    >>> meta = read_metadata(ROOT / "data" / "metadata.csv")
    >>> meta.columns.tolist()[:3], meta["outlet"].tolist()
    (['doc_id', 'file', 'outlet'], ['Anadolu Agency', 'unknown'])
    >>> read_metadata(ROOT / "data" / "raw" / "anadolu_saar_baku.txt")   # an article, not a table of doc_ids
    Traceback (most recent call last):
    ...
    helpers.loading.text.UnreadableFile: no doc_id column
    """
    try:
        text = normalize_newlines(decode_bytes(Path(path).read_bytes()))
        # index_col=False: a row with more cells than the header keeps its doc_id first (the extra cells
        # are left out), instead of pandas taking its first cells as an index and shifting every column
        meta = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, index_col=False)
    except OSError as err:
        raise UnreadableFile(_unreadable_reason(err)) from None
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as err:
        raise UnreadableFile(f"not a CSV table ({err})") from None
    if "doc_id" not in meta.columns:
        raise UnreadableFile("no doc_id column")
    return meta


def load_corpus(path: str | os.PathLike | Sequence[str | os.PathLike],
                metadata: str | os.PathLike | None | bool = True) -> pd.DataFrame:
    """Load a corpus of news articles into one row per article.

    ``path`` is a folder (searched recursively for ``*.txt``, and ``.csv``/``.jsonl``
    exports with a ``text`` column), a single file, or a list of files. Columns:
    ``doc_id`` (the file name without extension, relative to the folder), ``path``,
    ``text`` (exactly what :func:`read_text` gives), ``headline``, ``subheadline``,
    ``dateline`` (``None`` when absent), ``body``, ``paragraphs`` (list of str),
    ``n_words``, then the columns of ``metadata.csv`` joined on ``doc_id`` (by default
    the one found beside or above the folder; ``metadata=False`` to skip). A ``metadata.csv`` that
    :func:`read_metadata` cannot read is reported like a skipped file (``metadata not joined:`` and
    the reason) and the articles load without it.

    Files are found by :func:`iter_inputs`, the same rules (and order) the command-line
    pipeline uses. A file that is empty, whitespace-only, binary, undecodable, or not a
    ``.txt``/``.csv``/``.jsonl`` file is skipped with a :class:`CorpusWarning` naming it and the
    reason; the rest still loads, and ``df.attrs["skipped"]`` lists the skipped files as
    ``{"path", "reason"}``. Exports are read by :func:`iter_export_rows`, which reports the same
    way a bad line (``<file>:<line>``: invalid JSON, not a JSON object, no text column) and
    :func:`load_corpus` a blank row (``<file>#<id>``: ``empty text``, ``whitespace only``).
    Nothing is written anywhere.

    >>> df = load_corpus("data/raw")                            # doctest: +SKIP
    >>> df.doc_id.tolist()                                      # doctest: +SKIP
    ['anadolu_saar_baku', 'saar_astana_baku']
    """
    skipped: list[dict] = []
    files = list(iter_inputs(path, skipped))
    rows, extras = [], []
    for rec in _records(files, skipped):
        blank = _blank_reason(rec.text, rec.empty)
        if blank:
            skipped.append({"path": rec.path, "reason": blank})
            continue
        rows.append(article_row(rec.doc_id, rec.path, rec.text))
        extras.append(rec.extra)
    df = _articles_frame(rows)
    extra = pd.DataFrame(extras, index=df.index)
    for col in extra.columns:
        if col not in df.columns:
            df[col] = extra[col]
    meta_path = find_metadata(path) if metadata is True else (Path(metadata) if metadata else None)
    if meta_path is not None and len(df):
        try:
            meta = read_metadata(meta_path)
        except UnreadableFile as err:
            skipped.append({"path": str(meta_path), "reason": f"metadata not joined: {err}"})
        else:
            meta = meta.drop(columns=[c for c in meta.columns if c in df.columns and c != "doc_id"])
            df = df.merge(meta, on="doc_id", how="left")
    for entry in skipped:
        warnings.warn(CorpusWarning(f"skipped {entry['path']}: {entry['reason']}"), stacklevel=2)
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


