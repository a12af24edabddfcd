"""The corpus level: :func:`clean_corpus` (a frame of articles in, the same frame plus
``clean_text``, ``tokens`` and ``n_tokens`` out) and :func:`clean_texts` (the same two numbers
without the token lists, for the pipeline), every text at once, a million characters at a time.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._shared import text_batches
from ..loading import CorpusWarning
from .normalization import _normalize_many, _options, normalize
from .stopwords import _list_key, _stopword_keys
from .token_classes import token_kind
from .tokenizing import _count_word_tokens, _word_tokens_many, tokenize

#: Characters cleaned at a time (small arrays stay in the caches).
_CLEAN_BATCH = 1 << 20


def clean_corpus(
    df: pd.DataFrame,
    *,
    split_clitics: bool = False,
    drop_stopwords: bool = False,
    keep_punctuation: bool = False,
    **normalize_options,
) -> pd.DataFrame:
    """Return a NEW frame: ``df`` plus ``clean_text`` (normalized ``text``), ``tokens``
    (list of word and number strings of ``clean_text``) and ``n_tokens``. ``df`` is not changed.

    ``split_clitics`` splits و/ف, ب/ل/ك, ال (see :func:`split_clitics`; every word of the
    corpus vocabulary counts as known);
    ``drop_stopwords`` removes stopwords; ``keep_punctuation`` keeps punctuation tokens;
    other keywords go to :func:`normalize`. A missing/non-text value in ``text`` becomes an
    empty result with a warning, never a lost corpus.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"doc_id": ["a"], "text": ["وصلتُ إلى باكو."]})
        >>> clean_corpus(df)[["clean_text", "tokens", "n_tokens"]].to_dict("records")
        [{'clean_text': 'وصلت الي باكو.', 'tokens': ['وصلت', 'الي', 'باكو'], 'n_tokens': 3}]
    """
    texts = _text_column(df, normalize_options)
    # every text at once, a million characters at a time (small arrays stay in the caches)
    opts = _options(**normalize_options)
    clean, token_lists, parts = [], [], []
    for a, b in text_batches(texts, _CLEAN_BATCH):
        clean += _normalize_many(texts[a:b], opts)[0]
        lists, n = _word_tokens_many(clean[a:b], punctuation=keep_punctuation)
        token_lists += lists
        parts.append(n)
    counts = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    if split_clitics:
        token_lists = _clitic_token_lists(texts, token_lists, keep_punctuation, normalize_options)
    if drop_stopwords:
        keys = _stopword_keys()
        token_lists = [[t for t in toks if _list_key(t) not in keys] for toks in token_lists]
    if split_clitics or drop_stopwords:
        counts = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    return df.assign(
        clean_text=pd.Series(clean, index=df.index, dtype="str"),
        tokens=pd.Series(token_lists, index=df.index, dtype=object),
        n_tokens=pd.Series(counts, index=df.index, dtype="int64"),
    )


def _text_column(df: pd.DataFrame, normalize_options: dict) -> list[str]:
    """The ``text`` column of the frame given to :func:`clean_corpus`, checked: a value that is
    not a string becomes ``""`` with a :class:`~helpers.loading.CorpusWarning` (blamed on the
    caller of ``clean_corpus``). Also fails early on a bad option name or value."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"clean_corpus expects a pandas DataFrame, got {type(df).__name__}")
    if "text" not in df.columns:
        raise ValueError(
            f"clean_corpus needs a 'text' column (from helpers.load_corpus); columns are {list(df.columns)}"
        )
    _options(**normalize_options)  # fail early on a bad option name or value
    texts: list[str] = []
    for i, value in zip(df.index, df["text"].tolist()):
        if isinstance(value, str):
            texts.append(value)
        else:
            warnings.warn(
                f"row {i!r}: text is {value!r}, not a string; cleaned as empty text", CorpusWarning, stacklevel=3
            )
            texts.append("")
    return texts


def _clitic_token_lists(texts: list[str], token_lists: list[list[str]], keep_punctuation: bool,
                        normalize_options: dict) -> list[list[str]]:
    """The tokens of every text with the clitics split off (``clean_corpus(split_clitics=True)``).

    Split on the raw text (the hamza tells إلهام from the article ال), then normalize each
    piece; a word seen on its own anywhere in the corpus (in ``token_lists``) counts as known.
    """
    vocab = {t for toks in token_lists for t in toks if token_kind(t) == "word"}
    out = []
    for text in texts:
        pieces = (normalize(tok.text, **normalize_options) for tok in tokenize(text, split_clitics=True, lexicon=vocab))
        out.append([p for p in pieces if p and (keep_punctuation or token_kind(p) != "punct")])
    return out


def clean_texts(texts: list[str], joined: np.ndarray | None = None) -> tuple[list[str], np.ndarray]:
    """``clean_text`` and ``n_tokens`` of :func:`clean_corpus` with its default options, for
    texts that are all ``str``, without building the token lists (the pipeline stores only
    their number). ``joined``: the code points of ``"\\n".join(texts) + "\\n"``, if known.

    Example:
        >>> clean_texts(["وصلتُ إلى باكو.", "عام 2016م: 54٪"])
        (['وصلت الي باكو.', 'عام 2016م: 54٪'], array([3, 4]))
    """
    batches = text_batches(texts, _CLEAN_BATCH)
    if len(batches) > 1:  # a very large chunk: a million characters at a time
        done = [clean_texts(texts[a:b]) for a, b in batches]
        return [c for part, _ in done for c in part], np.concatenate([n for _, n in done])
    clean, cp, ends = _normalize_many(texts, _options(), joined)
    if cp is None:
        return clean, _word_tokens_many(clean, punctuation=False, lists=False)[1]
    return clean, _count_word_tokens(cp, ends)
