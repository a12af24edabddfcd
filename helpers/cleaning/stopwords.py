"""Stopwords: three named lists (the arabic-stopwords package, this project's news boilerplate,
the clitics as tokens of their own), looked up by their matching key
(:func:`~helpers.cleaning.normalization.match_key` with ة → ه and one set of punctuation, so
that the lists work whatever options a text was normalized with).

The project's list is ``data/stopwords/news_boilerplate.txt``; the clitics are those of
``data/patterns/clitics.csv``.
"""
from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from .._shared import ROOT
from .clitics import _CONJUNCTIONS, CLITIC_TOKENS
from .normalization import _check_text, _match_key_cache
from .token_classes import token_kind


#: The key of every word-list lookup (stopwords, and the words the clitic rules know):
#: ``match_key(word, punctuation=True, ta_marbuta=True)``, its cache taken once.
_list_key = _match_key_cache(punctuation=True, ta_marbuta=True)

_STOPWORD_DIR = ROOT / "data" / "stopwords"
STOPWORD_PACKAGE = "arabic-stopwords"
STOPWORD_PROJECT = "news-boilerplate"


@functools.lru_cache(maxsize=1)
def _package_stopwords() -> frozenset[str]:
    from arabicstopwords import arabicstopwords as asw

    return frozenset(_list_key(w) for w in asw.stopwords_list())


@functools.lru_cache(maxsize=1)
def _project_stopwords() -> frozenset[str]:
    path = _STOPWORD_DIR / "news_boilerplate.txt"
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        k = _list_key(line)
        words.update({k, *(c + k for c in _CONJUNCTIONS)})  # with the conjunctions و/ف (وقال، فأضاف)
    return frozenset(words)


STOPWORD_CLITICS = "clitics"


@functools.lru_cache(maxsize=1)
def _clitic_stopwords() -> frozenset[str]:
    return frozenset(_list_key(w) for w in CLITIC_TOKENS)


@functools.lru_cache(maxsize=1)
def _stopword_keys() -> frozenset[str]:
    return _package_stopwords() | _project_stopwords() | _clitic_stopwords()


def stopword_lists() -> dict[str, frozenset[str]]:
    """The stopword lists by name, normalized (ة folded to ه): ``"arabic-stopwords"`` (the
    arabic-stopwords package: all inflected and prefixed forms), ``"news-boilerplate"`` (this
    project's ``data/stopwords/news_boilerplate.txt``) and ``"clitics"`` (و ف ب ل ك ال as
    separate tokens, after :func:`split_clitics`).

    Example:
        >>> list(stopword_lists())
        ['arabic-stopwords', 'news-boilerplate', 'clitics']
    """
    return {
        STOPWORD_PACKAGE: _package_stopwords(),
        STOPWORD_PROJECT: _project_stopwords(),
        STOPWORD_CLITICS: _clitic_stopwords(),
    }


def stopword_source(word: str) -> str | None:
    """Name of the list that makes ``word`` a stopword (checked in the order of
    :func:`stopword_lists`), or ``None``. Spelling variants match (إلى = الى, ة = ه).

    Example:
        >>> stopword_source("إلى"), stopword_source("وأضاف"), stopword_source("باكو")
        ('arabic-stopwords', 'news-boilerplate', None)
    """
    k = _list_key(_check_text(word))
    for name, words in stopword_lists().items():
        if k in words:
            return name
    return None


def is_stopword(word: str) -> bool:
    """True if ``word`` is in any stopword list (see :func:`stopword_source`).

    Example:
        >>> is_stopword("التي"), is_stopword("قال"), is_stopword("الطاقة")
        (True, True, False)
    """
    return _list_key(_check_text(word)) in _stopword_keys()


def remove_stopwords(tokens: Iterable[str]) -> list[str]:
    """Tokens without stopwords and without punctuation-only tokens (a new list).

    Example:
        >>> remove_stopwords(["قال", "ساعر", "إن", "الهدف", "،"])
        ['ساعر', 'الهدف']
    """
    keys = _stopword_keys()
    return [t for t in tokens if token_kind(t) != "punct" and _list_key(t) not in keys]


def stopword_table(tokens: Iterable[str]) -> pd.DataFrame:
    """Which list removed which word: one row per distinct stopword in ``tokens`` with
    columns ``word``, ``source``, ``count`` (most frequent first).

    Example:
        >>> stopword_table(["قال", "في", "في", "باكو"]).to_dict("records")
        [{'word': 'في', 'source': 'arabic-stopwords', 'count': 2}, {'word': 'قال', 'source': 'news-boilerplate', 'count': 1}]
    """
    counts = Counter(t for t in tokens if token_kind(t) != "punct")
    rows = [(w, src, c) for w, c in counts.items() if (src := stopword_source(w)) is not None]
    rows.sort(key=lambda r: (-r[2], r[0]))
    return pd.DataFrame(rows, columns=["word", "source", "count"])
