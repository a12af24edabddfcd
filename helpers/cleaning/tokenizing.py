"""Tokenization: :func:`tokenize` (tokens with offsets), :func:`word_tokens` (token strings
only, the fast path), :func:`split_clitics`, and the passes over many texts at once that
:func:`~helpers.cleaning.corpus.clean_corpus` uses.

Every rule works on the class of each character (:mod:`.token_classes`), vectorized with numpy:
a token starts where the class changes, except inside a number (``3.5``, ``1,000``, ``54٪``).
"""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable

import numpy as np

from .._shared import gc_paused
from .clitics import PLACE_NAMES, _Known, _raw_cuts
from .normalization import _char_class, _check_text, _codepoints, _from_codepoints
from .stopwords import _list_key, _stopword_keys
from .token_classes import _TOK_DIGIT, _TOK_OTHER, _TOK_PCT, _TOK_SEP, _TOK_SPACE, _TOK_WORD, Token, _token_classes


def _token_bounds(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(code points, token-start mask, token-end mask, non-space mask), all vectorized."""
    cp = _codepoints(text)
    c = _token_classes()[cp]
    n = c.size
    nonspace = c != _TOK_SPACE
    if n < 2:
        return cp, nonspace.copy(), nonspace.copy(), nonspace
    prev, cur = c[:-1], c[1:]
    # joined[k]: chars k and k+1 are in the same token
    joined = (prev == cur) & ((cur == _TOK_WORD) | (cur == _TOK_DIGIT))
    joined |= (cur == _TOK_PCT) & (prev == _TOK_DIGIT)
    if n >= 3:
        is_digit = c == _TOK_DIGIT
        sep = np.zeros(n, dtype=bool)
        sep[1:-1] = (c[1:-1] == _TOK_SEP) & is_digit[:-2] & is_digit[2:]
        joined |= sep[1:] | sep[:-1]
    start = nonspace.copy()
    start[1:] &= ~joined
    end = nonspace.copy()
    end[:-1] &= ~joined
    return cp, start, end, nonspace


def _split_tokens(cp: np.ndarray, start: np.ndarray, nonspace: np.ndarray, text: str | None) -> list[str]:
    """Token strings: insert a space at every token start glued to the previous char, then split.
    ``text`` is the string of ``cp`` (``None``: decode ``cp``)."""
    ins = start.copy()
    if ins.size:
        ins[0] = False
        ins[1:] &= nonspace[:-1]
    if not ins.any():
        return (text if text is not None else _from_codepoints(cp)).split()
    shift = np.cumsum(ins)
    out = np.full(cp.size + int(shift[-1]), 0x20, dtype=np.uint32)
    out[np.arange(cp.size) + shift] = cp
    return _from_codepoints(out).split()


def word_tokens(text: str, *, punctuation: bool = True) -> list[str]:
    """Token strings only: the fast path of :func:`tokenize` (same rules, no offsets).
    ``punctuation=False`` leaves out punctuation tokens (keeps words and numbers).

    Example:
        >>> word_tokens('وقال ساعر: "50%"')
        ['وقال', 'ساعر', ':', '"', '50%', '"']
        >>> word_tokens('وقال ساعر: "50%"', punctuation=False)
        ['وقال', 'ساعر', '50%']
    """
    if type(text) is not str:
        _check_text(text)
    if _up_to_ffff(text):
        return _token_patterns()[not punctuation].findall(text)
    cp, start, _, nonspace = _token_bounds(text)
    if not punctuation:
        cp, start, nonspace, blanked = _blank_punctuation(cp, start, nonspace)
        if blanked:
            return _split_tokens(cp, start, nonspace, None)
    return _split_tokens(cp, start, nonspace, text)


@functools.lru_cache(maxsize=1)
def _token_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The rules of :func:`_token_bounds` as two regexes over the characters up to U+FFFF (the
    character classes of :func:`_token_classes`): every token, and words and numbers only.
    A token is a run of word characters, a number (digits, a separator between two digits, one
    percent sign after a digit) or any other character that is not a space.

    >>> _token_patterns()[0].findall("عام 2016م: 1,000.5%% ٣٫٥")
    ['عام', '2016', 'م', ':', '1,000.5%', '%', '٣٫٥']
    """
    classes = _token_classes()[:0x10000]

    def chars(kind: int) -> str:
        return _char_class(np.flatnonzero(classes == kind).tolist())

    number = f"{chars(_TOK_DIGIT)}+(?:{chars(_TOK_SEP)}{chars(_TOK_DIGIT)}+)*{chars(_TOK_PCT)}?"
    words = f"{chars(_TOK_WORD)}+|{number}"
    return re.compile(f"{words}|[^{chars(_TOK_SPACE)[1:]}"), re.compile(words)


def _blank_punctuation(cp: np.ndarray, start: np.ndarray,
                       nonspace: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Punctuation tokens are single characters: blank them out (as spaces) before splitting.
    Returns the new ``cp``, ``start``, ``nonspace`` and whether there was any."""
    punct = start & (_token_classes()[cp] >= _TOK_OTHER)
    if not punct.any():
        return cp, start, nonspace, False
    return np.where(punct, np.uint32(0x20), cp), start & ~punct, nonspace & ~punct, True


@functools.lru_cache(maxsize=1)
def _protected_words() -> frozenset[str]:
    """Words never split: stopwords (التي، كان، لكن …) and :data:`PLACE_NAMES`."""
    return _stopword_keys() | frozenset(_list_key(w) for w in PLACE_NAMES)


@functools.lru_cache(maxsize=8)
def _attested_cached(extra: frozenset[str]) -> frozenset[str]:
    return _protected_words() | frozenset(_list_key(w) for w in extra)


def _known_words(lexicon: Iterable[str] | None) -> _Known:
    """(protected, attested): protected words stay whole; attested words may remain after a cut."""
    return _protected_words(), _attested_cached(frozenset(lexicon or ()))


def tokenize(text: str, *, split_clitics: bool = False, lexicon: Iterable[str] | None = None) -> list[Token]:
    """Split ``text`` into words, numbers and punctuation, each with ``[start, end)`` offsets.

    Numbers stay whole (``3.5``, ``4,3``, ``1,000``, ``50%``, ``54٪``); a number glued to a
    letter is two tokens (``2016م`` → ``2016`` + ``م``); every punctuation mark is its own token
    (``:"`` → ``:`` + ``"``). Diacritics and tatweel stay inside their word.
    ``split_clitics=True`` also separates و/ف, ب/ل/ك and ال where it is safe (see
    :func:`split_clitics`); ``lexicon`` adds words known to exist on their own.

    Example:
        >>> [t.text for t in tokenize("عام 2016م: 54٪")]
        ['عام', '2016', 'م', ':', '54٪']
        >>> [t.text for t in tokenize("والدفاع بالقدس", split_clitics=True)]
        ['و', 'ال', 'دفاع', 'ب', 'القدس']
    """
    tokens = _tokens(text)
    if not split_clitics:
        return tokens
    known = _known_words(lexicon)
    out: list[Token] = []
    for tok in tokens:
        cuts = _raw_cuts(tok.text, known) if tok.text[0].isalpha() and len(tok.text) >= 3 else []
        if not cuts:
            out.append(tok)
            continue
        bounds = [0, *cuts, len(tok.text)]
        for a, b in zip(bounds, bounds[1:]):
            out.append(Token(tok.text[a:b], tok.start + a, tok.start + b))
    return out


def _tokens(text: str) -> list[Token]:
    """The tokens of :func:`tokenize` without clitics: one regex pass for a text up to U+FFFF,
    the vectorized rules otherwise.

    >>> _tokens("عام 2016م")
    [Token(text='عام', start=0, end=3), Token(text='2016', start=4, end=8), Token(text='م', start=8, end=9)]
    """
    if type(text) is not str:
        _check_text(text)
    new = tuple.__new__
    with gc_paused():  # a million small tuples would trigger the cyclic GC again and again
        if _up_to_ffff(text):
            return [new(Token, (m[0], m.start(), m.end())) for m in _token_patterns()[0].finditer(text)]
        cp, start, end, nonspace = _token_bounds(text)
        strings = _split_tokens(cp, start, nonspace, text)
        starts, ends = np.flatnonzero(start).tolist(), (np.flatnonzero(end) + 1).tolist()
        return list(map(new, itertools.repeat(Token), zip(strings, starts, ends)))


def _up_to_ffff(text: str) -> bool:
    """True when no character of ``text`` is beyond U+FFFF (the range of :func:`_token_patterns`).

    >>> _up_to_ffff("باكو"), _up_to_ffff("\U0001f600")
    (True, False)
    """
    return len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)


def split_clitics(word: str, *, lexicon: Iterable[str] | None = None) -> list[str]:
    """Split the proclitics و/ف (and), ب/ل/ك (with, for, like) and ال (the) off one word.

    Rules, in order, on the normalized word. A *protected* word (a stopword or a name in
    :data:`PLACE_NAMES`) is never split; a *known* word is a protected word or one in ``lexicon``:

    1. و/ف is split only if what follows splits by rule 2 or 3, or is known
       (وزير, وفد, فلسطين stay whole because زير, فد, لسطين are not words), but not the bare
       article (وال, and بال by rule 2, stay whole);
    2. ب/ل/ك is split if what follows starts with the article (ال + 3 letters), or is known;
       لل + 3 letters is ل + ل (the article without its alef) + stem;
    3. ال is split if at least 3 letters follow (الله, الان stay whole) and its alef is bare:
       إلهام، ألمانيا، آلة do not start with the article.

    Limits: a root letter that looks like a clitic is split when the rest is also a word
    (ورد "flowers" → و + رد); ب + ال with a 3-letter rest can be a root (بالغين); names
    starting with ال that are not in the lexicon lose it (الاسكا → ال + اسكا).

    Example:
        >>> split_clitics("والدفاع"), split_clitics("للزراعة"), split_clitics("باكو")
        (['و', 'ال', 'دفاع'], ['ل', 'ل', 'زراعة'], ['باكو'])
    """
    toks = tokenize(word, split_clitics=True, lexicon=lexicon)
    return [t.text for t in toks]


