"""The corpus level: :func:`clean_corpus` (a frame of articles in, the same frame plus
``clean_text``, ``tokens`` and ``n_tokens`` out) and :func:`clean_texts` (the same two numbers
without the token lists, for the pipeline).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..loading import CorpusWarning
from .normalization import _options, normalize
from .stopwords import _list_key, _stopword_keys
from .token_classes import token_kind
from .tokenizing import tokenize, word_tokens


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
    # text by text: normalize and word_tokens have fast paths for article-sized texts
    clean = [normalize(t, **normalize_options) for t in texts]
    token_lists = [word_tokens(c, punctuation=keep_punctuation) for c in clean]
    if split_clitics:
        token_lists = _clitic_token_lists(texts, token_lists, keep_punctuation, normalize_options)
    if drop_stopwords:
        keys = _stopword_keys()
        token_lists = [[t for t in toks if _list_key(t) not in keys] for toks in token_lists]
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


def clean_texts(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """``clean_text`` and ``n_tokens`` of :func:`clean_corpus` with its default options, for
    texts that are all ``str`` (the pipeline stores only the number of tokens), text by text
    (normalize and word_tokens have fast paths for article-sized texts).

    Example:
        >>> clean_texts(["وصلتُ إلى باكو.", "عام 2016م: 54٪"])
        (['وصلت الي باكو.', 'عام 2016م: 54٪'], array([3, 4]))
    """
    clean = [normalize(t) for t in texts]
    counts = (len(word_tokens(c, punctuation=False)) for c in clean)
    return clean, np.fromiter(counts, dtype=np.int64, count=len(clean))
