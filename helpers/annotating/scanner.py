"""The views of a normalized text the annotator works on: tokens, the marked text, quotation marks,
whole-word aliases, clitics and the edges of a span."""
from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable
from typing import NamedTuple

import ahocorasick
import numpy as np

from .._shared import word_table


#: Quotation marks and what they enclose (one group per kind of marks; ``m.lastindex`` is the one that matched).
QUOTE_RE = re.compile(r'“([^“”\n]+)”|«([^«»\n]+)»|"([^"\n]+)"|„([^„“”\n]+)[“”]')
#: What :func:`strip_edges` takes off the edges of a span: spaces, punctuation, quote marks, brackets.
STRIP = " \t\n.,،٬:;؛!?؟…-–—()[]{}\"'“”«»"
#: An apposition comma with the spaces around it.
COMMA_RE = re.compile(r"\s*[,،]\s*")


def strip_edges(text: str, a: int, b: int) -> tuple[int, int]:
    """``[a, b)`` without the characters of :data:`STRIP` at its edges (``a == b`` if nothing is left).

    >>> strip_edges('قال: "نعمل معا."', 5, 15)
    (6, 14)
    """
    while a < b and text[a] in STRIP:
        a += 1
    while b > a and text[b - 1] in STRIP:
        b -= 1
    return a, b


def mark(text: str) -> str:
    """``text`` with every character that is not a letter or digit replaced by a space (same length).

    Done on the UTF-32 code points with numpy: a few microseconds for an article, where a regex
    substitution costs a quarter of a millisecond. :func:`scan` does it together with the tokens.
    """
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _marked(cp, np.where(cp < 0x10000, _char_classes()[np.minimum(cp, 0xFFFF)], 0))


def alternation(words: Iterable[str]) -> str:
    """A regex alternative of ``words``, longest first; one that never matches when there are none
    (a lexicon without units or months: an empty alternative would match everywhere).

    >>> alternation(["مليون", "مليار", "ألف"]), alternation([])
    ('مليون|مليار|ألف', '(?!)')
    """
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


_LETTER_RE = re.compile(r"[^\W\d_]")  # a letter (a word character that is not a digit or _)


def find_aliases(norm: str, aliases: Iterable[str]) -> list[tuple[int, int, str]]:
    r"""Whole-word occurrences of ``aliases`` in ``norm``, behind optional clitics (و/ف, then ب/ل/ك):
    ``(start, end, alias)``, clitics outside the span, left to right, never overlapping.

    The same matches, in the same order, as ``re.finditer`` with
    ``(?<![^\W\d_])(?:[وف]?[بلك]?)(ALIAS|…)(?![^\W\d_])`` (aliases longest first), without
    compiling a new regex for every article (that cost a quarter of a millisecond each), and in
    one pass over the text for all the aliases (an Aho–Corasick automaton), so a long text with
    many names costs what its articles cost apart. Empty aliases are ignored.

    Example:
        >>> find_aliases("وبيراموف وجيهون بيراموف", ["بيراموف", "جيهون بيراموف"])
        [(1, 8, 'بيراموف'), (10, 23, 'جيهون بيراموف')]
    """
    longest = _longest_aliases(norm, aliases)
    if not longest:
        return []
    starts: set[int] = set()  # where a match can begin: an alias, or the clitics before one
    for q in longest:
        starts.add(q)
        if q and norm[q - 1] in "وفبلك":
            starts.add(q - 1)
            if q > 1 and norm[q - 2] in "وف" and norm[q - 1] in "بلك":
                starts.add(q - 2)
    letter = _LETTER_RE.match
    n = len(norm)
    out = []
    pos = 0
    for p in sorted(starts):
        if p < pos or (p and letter(norm, p - 1)):
            continue
        # the regex's backtracking order: [وف] taken, then not; inside each, [بلك] taken, then not
        for c1 in ((1, 0) if norm[p] in "وف" else (0,)):
            q = p + c1
            r = -1
            for c2 in ((1, 0) if q < n and norm[q] in "بلك" else (0,)):
                if q + c2 in longest:
                    r = q + c2
                    break
            if r >= 0:
                e = r + longest[r]
                out.append((r, e, norm[r:e]))
                pos = e
                break
    return out


def _longest_aliases(norm: str, aliases: Iterable[str]) -> dict[int, int]:
    """Where an alias stands in ``norm`` with no letter right after it: its start → the length of
    the longest such alias there (what a longest-first alternation takes). A few aliases (an
    article's names) are looked for with ``str.find``, a pass of the text each; more of them (a
    long text's) with one pass of an Aho–Corasick automaton for all of them at once.

    >>> sorted(_longest_aliases("جيهون بيراموف وبيراموفا", ["بيراموف", "جيهون بيراموف"]).items())
    [(0, 13), (6, 7)]
    """
    aliases = [alias for alias in aliases if alias]
    if len(aliases) > _FEW_ALIASES:
        return _longest_aliases_automaton(norm, aliases)
    letter = _LETTER_RE.match
    n = len(norm)
    longest: dict[int, int] = {}
    find = norm.find
    for alias in aliases:
        length = len(alias)
        r = find(alias)
        while r >= 0:
            e = r + length
            if not (e < n and letter(norm, e)) and longest.get(r, 0) < length:
                longest[r] = length
            r = find(alias, r + 1)
    return longest


#: up to this many aliases, a ``str.find`` pass each costs less than building an automaton
_FEW_ALIASES = 16


def _longest_aliases_automaton(norm: str, aliases: list[str]) -> dict[int, int]:
    """:func:`_longest_aliases` for many aliases: one pass of an Aho–Corasick automaton over the text."""
    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for alias in aliases:
        automaton.add_word(alias)
    automaton.make_automaton()
    letter = _LETTER_RE.match
    n = len(norm)
    longest: dict[int, int] = {}
    for last, length in automaton.iter(norm):
        e = last + 1
        if e < n and letter(norm, e):
            continue
        r = e - length
        if longest.get(r, 0) < length:
            longest[r] = length
    return longest


def proclitics() -> tuple[str, ...]:
    """The proclitics a name may carry: the conjunctions (و ف), the prepositions (ب ل ك) and each
    conjunction before a preposition (وب ول وك فب فل فك), from the cleaning stage's table of
    clitics (``data/patterns/clitics.csv``), in that order.

    >>> " ".join(proclitics())
    'و ف ب ل ك وب ول وك فب فل فك'
    """
    kinds: dict[str, list[str]] = {}
    for row in word_table("clitics"):
        kinds.setdefault(row["kind"], []).append(row["clitic"])
    conj, prep = kinds["conjunction"], kinds["preposition"]
    return (*conj, *prep, *(c + p for c in conj for p in prep))


_CLITICS = frozenset(proclitics())


def strip_clitic(word: str, known: Container | None = None) -> str:
    """``ووزير`` → ``وزير`` when the bare form is in ``known`` (or always, if ``known`` is None)."""
    for k in (2, 1):
        if len(word) > k + 2 and word[:k] in _CLITICS:
            bare = word[k:]
            if known is None or bare in known:
                return bare
    return word


#: What a token is (the definition :func:`scan` computes faster): a run of letters (what
#: ``str.isalnum`` accepts in the BMP, digits 0–9 aside) or a run of digits 0–9 with the
#: separators ``, . ٫ ٬`` that stand between two digits.
TOKEN_RE = re.compile(r"[0-9]+(?:[.,\u066b\u066c][0-9]+)*|[^\W0-9_\U00010000-\U0010ffff]+")
_LETTER, _DIGIT, _SEPARATOR = 1, 2, 3
_BMP_CHARS = np.arange(0x10000, dtype=np.uint32).view("<U1")  # every BMP character, for numpy's str predicates


@functools.lru_cache(maxsize=1)
def _char_classes() -> np.ndarray:
    """``classes[cp]`` for the BMP: 1 letter (``str.isalnum``, digits 0–9 aside), 2 digit 0–9,
    3 number separator (``, . ٫ ٬``), 0 anything else."""
    classes = np.char.isalnum(_BMP_CHARS).astype(np.int8) * _LETTER
    classes[0x30:0x3A] = _DIGIT
    for ch in ".,\u066b\u066c":
        classes[ord(ch)] = _SEPARATOR
    return classes


@functools.lru_cache(maxsize=1)
def _decimal_digits() -> np.ndarray:
    """``table[cp]`` is True for the BMP's decimal digits (category Nd: what ``\\d`` matches)."""
    return np.char.isdecimal(_BMP_CHARS)


_SPACE = np.uint32(0x20)


class Scan(NamedTuple):
    """What :func:`scan` computes: the marked text, token starts, tokens, digit positions."""

    marked: str
    starts: list[int]
    tokens: list[tuple[int, int, str]]
    digits: list[int] | None


def scan(norm: str) -> Scan:
    """The views of ``norm`` the annotator works on, computed together with numpy:

    * ``marked``: ``norm`` with every character that is not a letter or digit replaced by a space
      (same length, so positions do not move), what the automaton searches;
    * ``tokens``: ``(start, end, token)`` for every match of :data:`TOKEN_RE`, left to right: runs
      of letters and runs of digits (a separator between two digits belongs to the number:
      ``4,3``, ``1.500``; a letter right after a digit starts a new token: ``و2025``);
    * ``starts``: the tokens' starts (for bisection);
    * ``digits``: where a decimal digit stands (what ``\\d`` matches), where numbers can start
      (``None`` when the text has characters beyond the BMP: then look with the regex).

    Example:
        >>> scan("نحو 4,3 مليار.")
        Scan(marked='نحو 4 3 مليار ', starts=[0, 4, 8], tokens=[(0, 3, 'نحو'), (4, 7, '4,3'), (8, 13, 'مليار')], digits=[4, 6])
    """
    if not norm:
        return Scan("", [], [], [])
    cp = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _char_classes()
    if int(cp.max()) < 0x10000:
        cls = table[cp]
        digits = np.flatnonzero(_decimal_digits()[cp]).tolist()
    else:
        cls = np.where(cp < 0x10000, table[np.minimum(cp, 0xFFFF)], 0)
        digits = None
    t = np.zeros(cp.size + 2, dtype=np.int8)  # the token class of each character, a 0 on each side
    t[1:-1] = cls
    sep = t == _SEPARATOR
    if sep.any():
        inner = sep[1:-1] & (t[:-2] == _DIGIT) & (t[2:] == _DIGIT)
        t[sep] = 0
        t[1:-1][inner] = _DIGIT
    marked = _marked(cp, cls)
    change = np.flatnonzero(t[1:] != t[:-1])  # positions whose class differs from the one before
    starts = change[t[change + 1] != 0].tolist()
    ends = change[t[change] != 0].tolist()
    return Scan(marked, starts, [(a, b, norm[a:b]) for a, b in zip(starts, ends)], digits)


def _decode(cp: np.ndarray) -> str:
    return cp.tobytes().decode("utf-32-le", "surrogatepass")


def _marked(cp: np.ndarray, cls: np.ndarray) -> str:
    """The text of code points ``cp`` with every character that is not a letter or digit (by its
    class ``cls`` of :func:`_char_classes`, 0 beyond the BMP) replaced by a space."""
    return _decode(np.where((cls == _LETTER) | (cls == _DIGIT), cp, _SPACE))
