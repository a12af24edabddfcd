"""Sentences of an article, and the small pieces every part of comparing uses.

An article's sentences (headline, subheadline, body; offsets into the raw text), the
matching key of a word or sentence, the check of an annotation frame, and word counts
(:func:`helpers._shared.count_words`, the one word counter of every stage).
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from helpers._shared import count_words
from helpers.cleaning import match_key
from helpers.loading import parse_article, split_sentences


#: Documented annotation columns (see helpers.annotating); frames made by hand need these.
ANNOTATION_COLUMNS = ("start", "end", "label", "text", "canonical", "source", "speaker", "value", "unit")


#: The matching form of a word or sentence in this stage: the project's one matching key
#: (:func:`helpers.cleaning.match_key`) with one set of punctuation marks.
KEY = functools.partial(match_key, punctuation=True)


def _as_corpus(x: str | pd.DataFrame, doc_id: str) -> pd.DataFrame:
    if isinstance(x, str):
        return pd.DataFrame({"doc_id": [doc_id], "text": [x]})
    if isinstance(x, pd.DataFrame):
        return x
    raise TypeError(f"expected an article text (str) or a frame, got {type(x).__name__}")


# --------------------------------------------------------------------------- sentences

def article_sentences(corpus: pd.DataFrame | str, doc_id: str = "doc") -> pd.DataFrame:
    """Sentences of each article's headline, subheadline and body, in reading order.

    Columns ``doc_id``, ``sent_id`` (0, 1, … per article), ``part`` (``headline``,
    ``subheadline`` or ``body``), ``start``, ``end`` (offsets into the raw ``text``), ``text``.
    The dateline is left out (it is not prose). ``corpus`` is a frame with ``doc_id`` and
    ``text`` (as :func:`helpers.load_corpus` gives) or one article's text.

    >>> s = article_sentences("عنوان المقال\\n\\nقال الوزير شيئا. وأضاف شيئا آخر.")
    >>> s[["sent_id", "part", "text"]].values.tolist()
    [[0, 'headline', 'عنوان المقال'], [1, 'body', 'قال الوزير شيئا.'], [2, 'body', 'وأضاف شيئا آخر.']]
    """
    corpus = _as_corpus(corpus, doc_id)
    rows = []
    for did, text in zip(corpus["doc_id"], corpus["text"]):
        art = parse_article(text)
        parts = [("headline", art.headline), ("subheadline", art.subheadline)]
        parts += [("body", p) for p in art.paragraphs]
        n = 0
        for part, span in parts:
            if span is None:
                continue
            for s, e in split_sentences(text, span[0], span[1]):
                rows.append((did, n, part, s, e, text[s:e]))
                n += 1
    out = pd.DataFrame(rows, columns=["doc_id", "sent_id", "part", "start", "end", "text"])
    return out.astype({"sent_id": "int64", "start": "int64", "end": "int64"})


def _sentences(x: str | pd.DataFrame, doc_id: str) -> pd.DataFrame:
    """Sentence frame of ``x``: an article text, a corpus frame, or a sentence frame already."""
    if isinstance(x, pd.DataFrame) and {"start", "end", "text"} <= set(x.columns) and "sent_id" in x.columns:
        out = x.reset_index(drop=True)
        if "doc_id" not in out.columns:
            out = out.assign(doc_id=doc_id)
        return out
    return article_sentences(x, doc_id)


def _sentence_index(sents: pd.DataFrame, positions: np.ndarray) -> np.ndarray:
    """Row number in ``sents`` (one article, sorted) of the sentence holding each position; -1 if none."""
    starts = sents["start"].to_numpy()
    ends = sents["end"].to_numpy()
    idx = np.searchsorted(starts, positions, side="right") - 1
    ok = (idx >= 0) & (positions < ends[np.clip(idx, 0, None)])
    return np.where(ok, idx, -1)


def _check_annotations(ann: pd.DataFrame) -> pd.DataFrame:
    """The annotation frame with every documented column present (missing ones as None)."""
    if not isinstance(ann, pd.DataFrame):
        raise TypeError(f"annotations must be a DataFrame (helpers.annotate gives one), got {type(ann).__name__}")
    missing = [c for c in ("start", "end", "label") if c not in ann.columns]
    if missing:
        raise ValueError(f"annotations lack the column(s) {', '.join(missing)}; "
                         f"expected {', '.join(ANNOTATION_COLUMNS)} as helpers.annotate gives")
    add = {c: None for c in ANNOTATION_COLUMNS if c not in ann.columns}
    return ann.assign(**add) if add else ann


def _words_per_doc(corpus: pd.DataFrame) -> pd.Series:
    """Words in the headline, subheadline and body of each article, counted by :func:`count_words`.

    The denominator of every per-1,000-words rate of comparing: framing terms and quotations are
    counted in these same parts (a span in the dateline is left out of both), so a rate is always
    mentions in a text per 1,000 words of that text.
    """
    s = article_sentences(corpus)
    return s.assign(n=s["text"].map(count_words)).groupby("doc_id")["n"].sum()
