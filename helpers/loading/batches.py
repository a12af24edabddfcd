"""Loading, a chunk of articles at once: their texts joined and encoded once, their words
counted and their sentences split with numpy, for the whole chunk (the same numbers and spans
as :func:`parse_article` and :func:`split_sentences` give article by article).

>>> sentence_columns(["قال. نعم!"], [[(0, 9)]])[5]
['قال.', 'نعم!']
"""
from __future__ import annotations

import functools
from typing import Iterable, NamedTuple

import numpy as np
import pandas as pd

from .._shared import count_words, text_batches
from .articles import (
    _ABBREV, _SENT_CLOSERS, _SENT_PUNCT, _article_fields, parse_article, split_sentences,
)

def _article_rows(items: Iterable[tuple[str, str, str]]
                  ) -> tuple[list[dict], list[list[tuple[int, int]]], TextBatch | None]:
    """:func:`article_row` for many ``(doc_id, path, text)``, the words of all bodies counted in
    one numpy pass (the same numbers: the body runs from the first paragraph to the last, and
    only whitespace lies between paragraphs, so its words are theirs). Also returns the paragraph
    spans of every text (for the sentences, not parsed again) and the joined texts
    (:func:`join_texts`, ``None`` without texts) for the later stages."""
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
            row["n_words"] = count_words(text[a:b])
        return rows, paragraphs, None
    joined = join_texts(texts)
    for row, n in zip(rows, _count_words(joined, bodies)):
        row["n_words"] = n
    return rows, paragraphs, joined


#: Characters joined at most for the chunk-wide passes (their arrays take ~7 bytes a character).
_BATCH = 4_000_000



_OTHER, _PUNCT, _CLOSER, _BLANK = range(4)
#: Class of every code point: whitespace (``str.isspace``, the same as ``\s``; U+3000 is the
#: last one), sentence-ending punctuation ``. ! ? ؟ …``, the closing marks that may follow it.
_CHAR_CLASS = np.zeros(0x110000, dtype=np.uint8)
_CHAR_CLASS[:0x3002] = np.char.isspace(np.arange(0x3002, dtype=np.uint32).view("<U1")) * _BLANK
_CHAR_CLASS[[ord(c) for c in _SENT_PUNCT]] = _PUNCT
_CHAR_CLASS[[ord(c) for c in _SENT_CLOSERS]] = _CLOSER


class TextBatch(NamedTuple):
    """The texts of a chunk joined by ``"\\n"``, one more after the last: what the loading,
    sentence and cleaning stages all read, encoded once (made by :func:`join_texts`).

    >>> batch = join_texts(["نص أول.", "ثان"])
    >>> batch.joined, batch.offsets.tolist(), batch.word_starts.tolist()
    ('نص أول.\\nثان\\n', [0, 8], [0, 3, 8])
    """

    texts: list[str]
    joined: str
    cp: np.ndarray  # code points of ``joined``
    offsets: np.ndarray  # where each text starts in ``joined``
    cls: np.ndarray  # _CHAR_CLASS of every code point
    word_starts: np.ndarray  # positions of the non-space characters that follow a space (or start)


def join_texts(texts: list[str]) -> TextBatch:
    """Join ``texts`` (all ``str``) for the chunk-wide passes (:class:`TextBatch`). ``"\\n"`` is
    whitespace, so no word or sentence end runs from one text into the next.

    >>> join_texts(["أ", "ب"]).cp.tolist() == [ord(c) for c in "أ\\nب\\n"]
    True
    """
    joined = "\n".join(texts) + "\n"
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = _CHAR_CLASS[cp]
    space = cls == _BLANK
    starts = ~space
    starts[1:] &= space[:-1]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offsets = np.concatenate(([0], np.cumsum(lengths[:-1] + 1)))
    return TextBatch(texts, joined, cp, offsets, cls, np.flatnonzero(starts))


@functools.cache
def _word_char_table() -> np.ndarray:
    """bool per code point: a letter or digit (``str.isalnum``) other than tatweel, the characters
    that make a run of non-space characters a word for :func:`helpers._shared.count_words`."""
    table = np.char.isalnum(np.arange(0x110000, dtype=np.uint32).view("<U1"))
    table[0x0640] = False
    return table


def _count_words(chunk: TextBatch, spans: list[tuple[int, int]]) -> list[int]:
    """:func:`helpers._shared.count_words` of ``text[a:b]`` for every text of ``chunk`` and its span
    ``(a, b)``, for the whole chunk at once: the runs of non-space characters that hold a letter
    or digit, counted between the span's ends (a span ends where a run ends, as a body does)."""
    bounds = np.array(spans, dtype=np.int64).reshape(-1, 2) + chunk.offsets[:, None]
    a, b = bounds[:, 0], bounds[:, 1]
    runs = chunk.word_starts
    if runs.size:  # from one run's start to the next: the run, then spaces (never a word char)
        runs = runs[np.logical_or.reduceat(_word_char_table()[chunk.cp], runs)]
    counts = np.searchsorted(runs, b) - np.searchsorted(runs, a)
    # a span that starts inside a run: its part of the run counts if it holds a word char
    inside = np.flatnonzero((a < b) & (a > 0))
    inside = inside[(chunk.cls[a[inside]] != _BLANK) & (chunk.cls[a[inside] - 1] != _BLANK)]
    for i in inside.tolist():
        piece = chunk.joined[a[i]:b[i]].split(maxsplit=1)
        counts[i] += bool(piece) and count_words(piece[0]) if not chunk.joined[a[i] - 1].isspace() else 0
    return counts.tolist()


class _Paragraphs(NamedTuple):
    """Where the paragraphs of a chunk's texts lie in its joined text (:func:`join_texts`)."""

    counts: list[int]  # paragraphs of every text
    text_of: np.ndarray  # the text of every paragraph
    starts: np.ndarray  # where every paragraph starts in the joined text
    ends: np.ndarray  # … and where it ends


def _split_chunk(chunk: TextBatch, texts: list[str], paragraphs: list[list[tuple[int, int]]]):
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
    if sum(counts) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty, empty, []
    paras = _chunk_paragraphs(chunk, texts, paragraphs, counts)
    if paras is None:
        return None
    ends, par, after = _sentence_ends(chunk, texts, paras)
    return _sentence_spans(chunk, paras, ends, par, after)


def _chunk_paragraphs(chunk: TextBatch, texts: list[str], paragraphs: list[list[tuple[int, int]]],
                      counts: list[int]) -> _Paragraphs | None:
    """The paragraphs of every text placed in the joined text, or ``None`` when one is not what
    :func:`parse_article` gives: non-empty stripped lines, in order, apart, with only whitespace
    between two paragraphs of a text."""
    cls = chunk.cls
    text_of = np.repeat(np.arange(len(texts)), counts)  # of every paragraph
    local = np.array([span for p in paragraphs for span in p], dtype=np.int64).reshape(-1, 2)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts_p = local[:, 0] + chunk.offsets[text_of]
    ends_p = local[:, 1] + chunk.offsets[text_of]
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
    return _Paragraphs(counts, text_of, starts_p, ends_p)


def _runs(positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of every run of consecutive ``positions`` (sorted, not empty)."""
    cut = np.flatnonzero(np.diff(positions) != 1)
    return positions[np.concatenate(([0], cut + 1))], positions[np.concatenate((cut, [positions.size - 1]))] + 1


def _sentence_ends(chunk: TextBatch, texts: list[str], paras: _Paragraphs
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sentence ends inside the paragraphs, in order: where each ends (after its run of
    punctuation and closing marks), its paragraph, and where the next sentence starts (the first
    non-space after it, or the end of the joined text)."""
    cls, n = chunk.cls, chunk.cls.size
    starts_p, ends_p = paras.starts, paras.ends
    punct = np.flatnonzero(cls == _PUNCT)
    if not punct.size:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    # sentence ends: runs of punctuation, then closing marks, then whitespace
    run_start, run_end = _runs(punct)
    closer = np.flatnonzero(cls == _CLOSER)
    end = run_end
    if closer.size:
        c_start, c_end = _runs(closer)
        i = np.minimum(np.searchsorted(c_start, run_end), c_start.size - 1)
        end = np.where(c_start[i] == run_end, c_end[i], run_end)
    ok = cls[np.minimum(end, n - 1)] == _BLANK  # the joined text ends with "\n": end < n
    s, run_len, e = run_start[ok], (run_end - run_start)[ok], end[ok]
    par = np.searchsorted(starts_p, s, side="right") - 1  # paragraph of each end, if any
    inside = (par >= 0) & (s < ends_p[np.maximum(par, 0)])
    s, run_len, e, par = s[inside], run_len[inside], e[inside], par[inside]
    keep = _not_abbreviations(chunk, texts, paras, s, run_len, par)
    if keep is not None:
        s, e, par = s[keep], e[keep], par[keep]
    # the next sentence starts at the first non-space after the end (the whitespace goes)
    nxt = np.searchsorted(chunk.word_starts, e)
    after = np.where(nxt < chunk.word_starts.size, chunk.word_starts[np.minimum(nxt, chunk.word_starts.size - 1)], n)
    return e, par, after


def _not_abbreviations(chunk: TextBatch, texts: list[str], paras: _Paragraphs, s: np.ndarray,
                       run_len: np.ndarray, par: np.ndarray) -> np.ndarray | None:
    """Which of the ends starting at ``s`` are sentence ends, not a lone "." after a one-letter
    word (``د.``, searched with ``_ABBREV`` as :func:`split_sentences` does); ``None``: all are."""
    cls, text_of = chunk.cls, paras.text_of
    # a lone "." after a letter with a space (or a ".") before it may be an abbreviation
    lo = np.maximum(paras.starts[par], s - 4)
    before = np.maximum(s - 2, 0)
    maybe = np.flatnonzero((run_len == 1) & (chunk.cp[s] == 0x2E) & (
        (s - 2 < lo) | (chunk.cp[before] == 0x2E) | (cls[before] == _BLANK)))
    if not maybe.size:
        return None
    keep = np.ones(s.size, dtype=bool)
    for i in maybe.tolist():
        t = text_of[par[i]]
        off = int(chunk.offsets[t])
        if _ABBREV.search(texts[t], int(lo[i]) - off, int(s[i]) - off):
            keep[i] = False
    return keep


def _sentence_spans(chunk: TextBatch, paras: _Paragraphs, e: np.ndarray, par: np.ndarray, after: np.ndarray):
    """The sentences of every paragraph from the sentence ends (:func:`_sentence_ends`): each runs
    from the start of its paragraph or the start after the end before, to its end; the text after
    the last end of a paragraph is a sentence too. Returned as :func:`_split_chunk` says."""
    starts_p, ends_p, text_of = paras.starts, paras.ends, paras.text_of
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
    para_start = np.concatenate(([0], np.cumsum(paras.counts)[:-1]))
    para_id = owner - para_start[text_idx]
    joined = chunk.joined
    sentences = [joined[a:b] for a, b in zip(begin.tolist(), finish.tolist())]
    off = chunk.offsets[text_idx]
    return text_idx, sent_id, para_id, begin - off, finish - off, sentences

_SENTENCE_COLUMNS = ["doc_id", "sent_id", "para_id", "start", "end", "text"]


def _sentences_frame(doc_ids: list, texts: list, paragraphs: list[list[tuple[int, int]]],
                     chunk: TextBatch | None = None) -> pd.DataFrame:
    """:func:`sentences_frame` from the paragraphs already found (one list per article);
    ``chunk``: the texts already joined (:func:`join_texts`)."""
    text_idx, sent_id, para_id, start, end, sentences = sentence_columns(texts, paragraphs, chunk)
    if not sentences:
        return pd.DataFrame([], columns=_SENTENCE_COLUMNS)
    ids = [doc_ids[i] for i in text_idx.tolist()]
    return pd.DataFrame({"doc_id": ids, "sent_id": sent_id, "para_id": para_id, "start": start, "end": end,
                         "text": sentences})


def sentence_columns(texts: list[str], paragraphs: list[list[tuple[int, int]]], chunk: TextBatch | None = None):
    """Every sentence of every paragraph, in order: ``(text index, sent_id, para_id, start, end)``
    as int64 arrays and the sentences as a list: the columns of :func:`sentences_frame`, from the
    paragraphs already found (``paragraphs[i]``: the ``(start, end)`` of the paragraphs of
    ``texts[i]``, as :func:`parse_article` gives them) and, if known, the texts already joined
    (``chunk``, :func:`join_texts`). The whole chunk at once (:func:`_split_chunk`), else
    (paragraphs other than parse_article's) paragraph by paragraph.

    >>> columns = sentence_columns(["قال. نعم!"], [[(0, 9)]])
    >>> [c.tolist() for c in columns[:5]], columns[5]
    ([[0, 0], [0, 1], [0, 0], [0, 5], [4, 9]], ['قال.', 'نعم!'])
    """
    if chunk is None and sum(map(len, texts)) > _BATCH:  # a big frame: a few million characters at a time
        parts = []
        for start, stop in text_batches(texts, _BATCH):
            part = sentence_columns(texts[start:stop], paragraphs[start:stop], join_texts(texts[start:stop]))
            parts.append((part[0] + start, *part[1:5], part[5]))
        return (*(np.concatenate([p[k] for p in parts]) for k in range(5)), [s for p in parts for s in p[5]])
    if texts:
        found = _split_chunk(chunk if chunk is not None else join_texts(texts), texts, paragraphs)
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


