"""Cleaning stage: Arabic normalization that maps back to the raw text, tokenization, stopwords.

Normalized text is for *counting and matching*; display always uses the raw text. Every
normalized character keeps the index of the raw character that produced it
(:func:`normalize_with_offsets`), so a match found in normalized text becomes a span
``[start, end)`` of the raw text with :func:`to_raw_span`.

One module per job: ``normalization`` (:func:`normalize`, :func:`match_key`), ``offsets``
(:func:`normalize_with_offsets`, :func:`to_raw_span`), ``token_classes`` and ``tokenizing``
(:func:`tokenize`, :func:`word_tokens`, :func:`split_clitics`), ``clitics`` (the rules that cut
و/ف, ب/ل/ك and ال), ``stopwords`` and ``corpus`` (:func:`clean_corpus`). Their word lists and
character tables are data files in ``data/patterns/`` and ``data/stopwords/``.

Example:
    >>> raw = "وصلتُ إلى باكو"
    >>> norm, offsets = normalize_with_offsets(raw)
    >>> norm
    'وصلت الي باكو'
    >>> start = norm.index("وصلت")
    >>> a, b = to_raw_span(offsets, start, start + len("وصلت"))
    >>> raw[a:b]
    'وصلتُ'
"""
from __future__ import annotations

from .clitics import CLITIC_TOKENS, PLACE_NAMES
from .corpus import clean_corpus, clean_texts
from .normalization import (
    ALEF_FORMS,
    ARABIC_INDIC_DIGITS,
    INVISIBLES,
    LINE_BREAKS,
    MARKS,
    PERSIAN_DIGITS,
    PUNCTUATION_MAP,
    SPACES,
    TATWEEL,
    match_key,
    normalize,
)
from .offsets import Offsets, normalize_with_offsets, to_raw_span, to_raw_spans
from .stopwords import (
    STOPWORD_CLITICS,
    STOPWORD_PACKAGE,
    STOPWORD_PROJECT,
    is_stopword,
    remove_stopwords,
    stopword_lists,
    stopword_source,
    stopword_table,
)
from .token_classes import Token, token_kind
from .tokenizing import split_clitics, tokenize, word_tokens

__all__ = [
    "normalize",
    "normalize_with_offsets",
    "to_raw_span",
    "to_raw_spans",
    "Offsets",
    "Token",
    "tokenize",
    "word_tokens",
    "token_kind",
    "split_clitics",
    "is_stopword",
    "stopword_source",
    "stopword_lists",
    "remove_stopwords",
    "stopword_table",
    "clean_corpus",
    "match_key",
    "clean_texts",
]
