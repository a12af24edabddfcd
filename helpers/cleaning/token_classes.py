"""What kind of token a character starts: the class table of every code point, the kinds
``"word"``, ``"number"`` and ``"punct"`` (:func:`token_kind`) and :class:`Token`.

The characters that belong to a number (separators between digits, percent signs) are read from
``data/patterns/number_characters.csv``.
"""
from __future__ import annotations

import functools
import unicodedata
from typing import NamedTuple

import numpy as np

from .._shared import word_table


class Token(NamedTuple):
    """A token: ``text == source[start:end]`` for the string given to :func:`tokenize`."""

    text: str
    start: int
    end: int

    @property
    def kind(self) -> str:
        """``"number"``, ``"word"`` or ``"punct"`` (see :func:`token_kind`)."""
        return token_kind(self.text)


def token_kind(token: str) -> str:
    """``"number"`` (starts with a digit), ``"word"`` (a letter or a combining mark) or ``"punct"``.

    Example:
        >>> [token_kind(t) for t in ["54٪", "باكو", "،"]]
        ['number', 'word', 'punct']
    """
    if not token:
        return "punct"
    c = _token_classes()[ord(token[0])]
    if c == _TOK_DIGIT:
        return "number"
    if c == _TOK_WORD:
        return "word"
    return "punct"


_TOK_SPACE, _TOK_WORD, _TOK_DIGIT, _TOK_OTHER, _TOK_SEP, _TOK_PCT = range(6)
_NUMBER_CHARACTERS = word_table("number_characters")
#: Inside a number only between two digits: 3.5  4,3  1,000  ٣٫٥
_NUMBER_SEPARATORS = "".join(row["char"] for row in _NUMBER_CHARACTERS if row["role"] == "separator")
#: Part of a number right after a digit: 50%  54٪
_PERCENT_SIGNS = "".join(row["char"] for row in _NUMBER_CHARACTERS if row["role"] == "percent")


@functools.lru_cache(maxsize=1)
def _token_classes() -> np.ndarray:
    """Token class of every code point: space (``\\s``), word (letters, i.e. ``\\w`` minus
    digits and ``_``, plus every combining mark, ZWNJ and ZWJ), digit (``\\d``), other."""
    # Built with numpy's str predicates over every code point (3x faster than regexes over a
    # 1.1M-character string; the same table): in a str pattern ``\d`` is isdecimal, ``\s`` is
    # isspace and ``\w`` is isalnum (isalpha, isdecimal, isdigit or isnumeric) or "_".
    chars = np.arange(0x110000, dtype=np.uint32).view("<U1")
    decimal = np.char.isdecimal(chars)
    cls = np.full(0x110000, _TOK_OTHER, dtype=np.uint8)
    cls[(np.char.isalpha(chars) | np.char.isdigit(chars) | np.char.isnumeric(chars)) & ~decimal] = _TOK_WORD
    cls[decimal] = _TOK_DIGIT
    cls[np.char.isspace(chars)] = _TOK_SPACE
    marks = {"Mn", "Mc", "Me"}
    low = np.arange(0x20000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
    cls[:0x20000][np.fromiter((c in marks for c in map(unicodedata.category, low)), dtype=bool, count=0x20000)] = _TOK_WORD
    cls[0xE0100:0xE01F0] = _TOK_WORD  # variation selectors supplement
    cls[[0x200C, 0x200D]] = _TOK_WORD
    for ch in _NUMBER_SEPARATORS:
        cls[ord(ch)] = _TOK_SEP
    for ch in _PERCENT_SIGNS:
        cls[ord(ch)] = _TOK_PCT
    cls.flags.writeable = False
    return cls
