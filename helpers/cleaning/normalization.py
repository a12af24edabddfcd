"""Normalization for counting and matching: :func:`normalize`, :func:`match_key` and the
character tables behind them (one character in, one character or nothing out).

The one-character folds (أ → ا, ى → ي, ، → , …) are read from
``data/patterns/character_folds.csv``; ranges of code points (marks, spaces, digits, invisible
controls) are defined here.
"""
from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Literal, NamedTuple

import numpy as np

from .._shared import word_table

#: Tashkeel (fathatan … sukun, U+064B–U+0652) plus the other Arabic combining marks that
#: carry no letter identity: maddah/hamza above/below as loose marks (U+0653–U+065F),
#: superscript alef (U+0670), Quranic annotation signs and small high letters.
_MARK_RANGES = (
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08CA, 0x08E1),
    (0x08E3, 0x08FF),
)
MARKS: frozenset[str] = frozenset(chr(c) for a, b in _MARK_RANGES for c in range(a, b + 1))
TATWEEL = "\u0640"

#: Invisible format characters and bidi controls, removed when ``invisible=True``.
INVISIBLES: frozenset[str] = frozenset(
    "\u200b\u200c\u200d\u200e\u200f"  # ZWSP ZWNJ ZWJ LRM RLM
    "\u061c"  # ALM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE RLE PDF LRO RLO
    "\u2066\u2067\u2068\u2069"  # LRI RLI FSI PDI
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\ufeff\u00ad\u180e"  # BOM / ZWNBSP, soft hyphen, Mongolian vowel separator
)

#: Horizontal spaces turned into U+0020 (runs are then collapsed). Newlines are kept.
SPACES = "\t\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
LINE_BREAKS = "\x85\u2028\u2029"  # → "\n"

#: The one-character folds of ``data/patterns/character_folds.csv``: (char, becomes, option).
_FOLDS: tuple[tuple[str, str, str], ...] = tuple(
    (row["char"], row["becomes"], row["option"]) for row in word_table("character_folds")
)
_FOLD_OPTIONS = ("alef", "alef_maqsura", "ta_marbuta", "persian", "punctuation")
if {option for _, _, option in _FOLDS} - set(_FOLD_OPTIONS):
    raise ValueError(f"character_folds.csv: an option is not one of {_FOLD_OPTIONS}")

ALEF_FORMS = "".join(ch for ch, _, option in _FOLDS if option == "alef")  # آ أ إ ٱ ٲ ٳ → ا
ARABIC_INDIC_DIGITS = "".join(map(chr, range(0x0660, 0x066A)))  # ٠ … ٩
PERSIAN_DIGITS = "".join(map(chr, range(0x06F0, 0x06FA)))  # ۰ … ۹
#: ``punctuation=True``: Arabic and typographic punctuation → one ASCII set.
PUNCTUATION_MAP = {ch: to for ch, to, option in _FOLDS if option == "punctuation"}

_DEL_ATTACH = 1  # deleted, folded into the preceding character (diacritics, tatweel)
_DEL_FREE = 2  # deleted, belongs to no character (invisible / bidi controls)


_DELETED = np.uint32(0xFFFFFFFF)


class _Tables(NamedTuple):
    table: dict[int, int | None]  # for str.translate (short texts)
    lut: np.ndarray  # uint32[0x10000]: BMP code point → code point, or _DELETED
    cls: np.ndarray  # uint8[0x10000]: 0 kept, _DEL_ATTACH, _DEL_FREE


@functools.lru_cache(maxsize=32)
def _tables(
    diacritics: bool,
    tatweel: bool,
    alef: bool,
    alef_maqsura: bool,
    ta_marbuta: bool,
    persian: bool,
    digits: str,
    invisible: bool,
    punctuation: bool,
) -> _Tables:
    """Build the one-pass character tables for one set of options.

    Every entry maps one character to one character or deletes it, so this step never
    moves characters except by deletion (what makes offsets cheap). All mapped characters
    are in the BMP, so the lookup table covers U+0000–U+FFFF and astral characters pass.
    """
    if digits not in ("ascii", "keep"):
        raise ValueError(f"digits must be 'ascii' or 'keep', not {digits!r}")
    table: dict[int, int | None] = {}
    attach: list[str] = []
    free: list[str] = []
    if diacritics:
        attach.extend(sorted(MARKS))
    if tatweel:
        attach.append(TATWEEL)
    if invisible:
        free.extend(sorted(INVISIBLES))
    for cp in range(0xD800, 0xE000):  # lone surrogates cannot be saved as UTF-8: U+FFFD
        table[cp] = 0xFFFD
    for ch in SPACES:
        table[ord(ch)] = 0x20
    for ch in LINE_BREAKS:
        table[ord(ch)] = 0x0A
    on = dict(zip(_FOLD_OPTIONS, (alef, alef_maqsura, ta_marbuta, persian, punctuation)))
    for ch, to, option in _FOLDS:
        if on[option]:
            table[ord(ch)] = ord(to)
    if digits == "ascii":
        for i, (a, p) in enumerate(zip(ARABIC_INDIC_DIGITS, PERSIAN_DIGITS)):
            table[ord(a)] = ord("0") + i
            table[ord(p)] = ord("0") + i
    for ch in attach + free:
        table[ord(ch)] = None
    lut = np.arange(0x10000, dtype=np.uint32)
    cls = np.zeros(0x10000, dtype=np.uint8)
    for k, v in table.items():
        lut[k] = _DELETED if v is None else v
    for ch in attach:
        cls[ord(ch)] = _DEL_ATTACH
    for ch in free:
        cls[ord(ch)] = _DEL_FREE
    lut.flags.writeable = False
    cls.flags.writeable = False
    return _Tables(table, lut, cls)


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _from_codepoints(cp: np.ndarray) -> str:
    # decoded straight from the array's buffer (no bytes copy; what bytes.decode calls)
    return codecs.utf_32_le_decode(np.ascontiguousarray(cp, dtype=np.uint32), "surrogatepass", True)[0]


def _bmp_lookup(table: np.ndarray, cp: np.ndarray, astral_value: np.ndarray | int | None = None) -> np.ndarray:
    """``table[cp]`` for a BMP table; astral code points get ``astral_value`` (default: themselves)."""
    if cp.size and int(cp.max()) >= 0x10000:
        small = cp < 0x10000
        looked = table[np.where(small, cp, 0)]
        return np.where(small, looked, cp if astral_value is None else astral_value).astype(table.dtype)
    return table[cp]


#: Below this length ``str.translate`` beats the numpy round trip.
_SHORT = 2000


_SPACE_RUN = re.compile(" {2,}")


def _options(
    diacritics: bool = True,
    tatweel: bool = True,
    alef: bool = True,
    alef_maqsura: bool = True,
    ta_marbuta: bool = False,
    persian: bool = True,
    digits: Literal["ascii", "keep"] = "ascii",
    invisible: bool = True,
    punctuation: bool = False,
) -> tuple:
    return (
        bool(diacritics),
        bool(tatweel),
        bool(alef),
        bool(alef_maqsura),
        bool(ta_marbuta),
        bool(persian),
        digits,
        bool(invisible),
        bool(punctuation),
    )


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__}: {text!r:.80}")
    return text


#: Tashkeel and superscript alef (canonical combining classes 27–35). No canonical
#: composition has one of them as its second character, and after canonical reordering
#: they never block one, so deleting them before NFKC gives the same result as after it —
#: and spares CPython's slow reordering of fully vocalized text (shadda typed before fatha).
_PRE_NFKC_RE = re.compile(r"[\u064b-\u0652\u0670]+")


@functools.lru_cache(maxsize=1)
def _nfkc_unstable() -> np.ndarray:
    """``table[cp]`` (bool, every code point) is True for a character NFKC may change or that may
    change the character before it: a mark (canonical combining class > 0), a character NFKC
    maps to something else (NBSP, ﻻ, ﷲ …), the second half of a canonical composition
    (U+0654 of ا + U+0654 → أ), Hangul medial vowels and final consonants, variation selectors."""
    unstable: set[int] = set()
    for cp in range(0x30000):
        ch = chr(cp)
        if unicodedata.combining(ch):
            unstable.add(cp)
            continue
        dec = unicodedata.decomposition(ch)
        if dec:
            if unicodedata.normalize("NFKC", ch) != ch:
                unstable.add(cp)
            parts = dec.split()
            if not parts[0].startswith("<") and len(parts) == 2:
                unstable.add(int(parts[1], 16))  # can be the 2nd half of a composition
    unstable.update(range(0x1161, 0x1176))  # Hangul medial vowels
    unstable.update(range(0x11A8, 0x11C3))  # Hangul final consonants
    unstable.update(range(0xE0100, 0xE01F0))
    table = np.zeros(0x110000, dtype=bool)
    table[sorted(unstable)] = True
    table.flags.writeable = False
    return table


def _nfkc_segments(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``[start, end)`` of every piece of ``text`` NFKC may change, left to right: a run of the
    characters of :func:`_nfkc_unstable` with the character before it (the starter a mark may
    compose with). NFKC of the text is the text with each piece replaced by its own NFKC.

    >>> [a.tolist() for a in _nfkc_segments("اب\u00a0ﻻ ا\u0654")]
    [[1, 5], [4, 7]]
    """
    flags = np.zeros(len(text) + 2, dtype=bool)  # a False on each side
    flags[1:-1] = _nfkc_unstable()[_codepoints(text)]
    edges = np.flatnonzero(flags[1:] != flags[:-1])  # where a run starts, where it ends, in turn
    return np.maximum(edges[0::2] - 1, 0), edges[1::2]


def _nfkc_changes(text: str, pieces: tuple[np.ndarray, np.ndarray] | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, nfkc)`` of every piece of :func:`_nfkc_segments` (or of ``pieces``) that
    NFKC changes.

    >>> _nfkc_changes("اب\u00a0ﻻ ا\u0654")
    [(1, 4, 'ب لا'), (5, 7, 'أ')]
    """
    starts, ends = (a.tolist() for a in (pieces or _nfkc_segments(text)))
    segs = list(map(text.__getitem__, map(slice, starts, ends)))
    outs = list(map(functools.partial(unicodedata.normalize, "NFKC"), segs))
    return [(a, b, o) for a, b, seg, o in zip(starts, ends, segs, outs) if o != seg]


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``: a long text normalized only in the pieces NFKC may
    change (one no-break space does not send a megabyte through NFKC), unless they are many.

    >>> _nfkc("قال\u00a0ﷲ") == unicodedata.normalize("NFKC", "قال\u00a0ﷲ")
    True
    """
    if len(text) >= _SHORT:
        pieces = _nfkc_segments(text)
        if pieces[0].size * _DENSE < len(text):  # else (vocalized, reshaped) NFKC of it all is faster
            return _splice(text, _nfkc_changes(text, pieces))
    return unicodedata.normalize("NFKC", text)


#: :func:`_nfkc` normalizes the whole text when it has a piece per ``_DENSE`` characters or more.
_DENSE = 32


def _splice(text: str, changes: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``[start, end)`` of ``changes`` (left to right, disjoint) replaced."""
    pieces = []
    pos = 0
    for a, b, out in changes:
        pieces.append(text[pos:a])
        pieces.append(out)
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


def _is_nfkc(text: str) -> bool:
    """``unicodedata.is_normalized("NFKC", text)``, line by line for a long text.

    NFKC never crosses a line break (``"\\n"`` has no decomposition, no canonical class and is in
    no composition), so a text is NFKC-normalized when each of its lines is. One character that
    the quick check cannot settle (a combining acute …) then sends its line through the full
    normalization, not the whole text.

    >>> _is_nfkc("باكو\\n" * 1000 + "e\\u0301"), _is_nfkc("باكو\\n" * 1000 + "\\u00e9")
    (False, True)
    """
    if len(text) < _SHORT:
        return unicodedata.is_normalized("NFKC", text)
    return all(map(_IS_NFKC, text.split("\n")))


_IS_NFKC = functools.partial(unicodedata.is_normalized, "NFKC")


def _normalize_once(text: str, opts: tuple) -> str:
    if not _is_nfkc(text):
        if opts[0]:  # diacritics=True: they go anyway
            if len(text) < _SHORT:
                text = _PRE_NFKC_RE.sub("", text)
            else:
                cp = _codepoints(text)
                drop = ((cp >= 0x064B) & (cp <= 0x0652)) | (cp == 0x0670)
                if drop.any():
                    text = _from_codepoints(cp[~drop])
        if not _is_nfkc(text):
            text = _nfkc(text)
    tables = _tables(*opts)
    if len(text) < _SHORT:
        text = text.translate(tables.table)
        if "  " in text:
            text = _SPACE_RUN.sub(" ", text)
        return text
    cp = _bmp_lookup(tables.lut, _codepoints(text))
    keep = cp != _DELETED
    if not keep.all():
        cp = cp[keep]
    sp = cp == 0x20
    dup = sp[1:] & sp[:-1]
    if dup.any():
        keep = np.ones(cp.size, dtype=bool)
        keep[1:] = ~dup
        cp = cp[keep]
    return _from_codepoints(cp)


def normalize(
    text: str,
    *,
    diacritics: bool = True,
    tatweel: bool = True,
    alef: bool = True,
    alef_maqsura: bool = True,
    ta_marbuta: bool = False,
    persian: bool = True,
    digits: Literal["ascii", "keep"] = "ascii",
    invisible: bool = True,
    punctuation: bool = False,
) -> str:
    """Normalize Arabic text for counting and matching (never for display). Idempotent.

    In order: Unicode NFKC (folds presentation forms such as U+FEFB → لا and composes
    ا + U+0654 → أ); removes tashkeel, superscript alef and Quranic marks (``diacritics``);
    removes tatweel ـ (``tatweel``); أ إ آ ٱ → ا (``alef``); ى → ي (``alef_maqsura``);
    Persian ی ک → ي ك (``persian``); ة → ه only if ``ta_marbuta=True``; Arabic-Indic and
    Persian digits → 0–9 (``digits="ascii"``, or ``"keep"``); removes invisible and bidi
    controls (``invisible``); NBSP, tabs and other spaces → one space, runs collapsed
    (newlines kept); a lone surrogate becomes U+FFFD; ``punctuation=True`` maps ، ٬ ؛ ؟ “ ” « » ٪ ٫ to , , ; ? " " " " % .

    Example:
        >>> normalize("أَعلنَ وزيرُ الخارجيـــة، الاثنين")
        'اعلن وزير الخارجية، الاثنين'
        >>> normalize("رحلة ٢٠ إلى", ta_marbuta=True)
        'رحله 20 الي'
    """
    if type(text) is not str:
        _check_text(text)
    key = (diacritics, tatweel, alef, alef_maqsura, ta_marbuta, persian, digits, invisible, punctuation)
    fast = _FAST.get(key)
    if fast is None:
        fast = _fast_tables(_options(*key))
        if all(type(v) is bool for v in key[:6] + key[7:]):
            _FAST[key] = fast
    return _normalize_fast(text, fast)


class _FastTables(NamedTuple):
    opts: tuple  # the options, as :func:`_options` gives them
    rare: re.Pattern  # any character of the table that ``pairs`` leaves out
    pairs: tuple[tuple[str, str], ...]  # (character, what it becomes) for str.replace
    nfkc_pre: re.Pattern | None  # the marks deleted before NFKC (``diacritics=True``), else None


#: The characters of the table frequent in real news (alef forms, alef maqsura, the no-break
#: space, tashkeel, tatweel, bidi marks): each has its own ``str.replace`` (a fast scan when it
#: is absent); every other character of the table sends the text through the full path.
_FREQUENT = ("\u0623\u0625\u0622\u0649\u06cc\u06a9\u00a0\t\u0640\u200e\u200f"
             + "".join(map(chr, range(0x064B, 0x0653))) + "\u0670")

#: The fast path's tables, by the options exactly as given (bools): spares building the options.
_FAST: dict[tuple, _FastTables] = {}


@functools.lru_cache(maxsize=32)
def _fast_tables(opts: tuple) -> _FastTables:
    """The tables of :func:`_normalize_fast` for one set of options (as :func:`_options` gives them).

    >>> _fast_tables(_options()).pairs[:2]
    (('أ', 'ا'), ('إ', 'ا'))
    """
    table = _tables(*opts).table
    pairs = tuple((ch, "" if table[ord(ch)] is None else chr(table[ord(ch)]))
                  for ch in _FREQUENT if ord(ch) in table)
    rare = sorted(set(table) - {ord(ch) for ch, _ in pairs})
    return _FastTables(opts, re.compile(_char_class(rare)), pairs, _PRE_NFKC_RE if opts[0] else None)


def _char_class(cps: list[int]) -> str:
    """A regex character class of the code points ``cps`` (sorted), as ranges.

    >>> [bool(re.fullmatch(_char_class([0x41, 0x42, 0x43, 0x5f]), ch)) for ch in "AC_D"]
    [True, True, True, False]
    """
    runs: list[list[int]] = []
    for cp in cps:
        if runs and cp == runs[-1][1] + 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "[" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in runs) + "]"


@functools.lru_cache(maxsize=8)
def _translation_list(opts: tuple) -> list[int | None]:
    """The table of :func:`_tables` as a list over U+0000–U+FFFF for ``str.translate``: every
    character has an entry (itself when kept), faster than a dict where most lookups miss.

    >>> _translation_list(_options())[ord("\u0660")], _translation_list(_options())[ord("b")]
    (48, 98)
    """
    full: list[int | None] = list(range(0x10000))
    for cp, to in _tables(*opts).table.items():
        full[cp] = to
    return full


def _normalize_fast(text: str, fast: _FastTables) -> str:
    """:func:`normalize` with ``str.replace`` of the frequent characters when no other character of
    the table is in ``text``, else with ``str.translate`` (the same result, for less work).

    The result is ``T(NFKC(text))`` (``T`` the one-character table, then the space collapse), as in
    :func:`_normalize_once`: when ``text`` is NFKC-normalized, it is ``T(text)``; when it is not,
    NFKC gives the same text once the marks deleted anyway are gone and the no-break spaces are
    spaces (NFKC of a no-break space), if that text is NFKC-normalized. Anything else (a text
    that still needs NFKC, a result that is not NFKC-stable, a long text with one of the rarer
    characters, where the vectorized table is faster) goes the full path of
    :func:`_normalize_once_loop`.

    >>> _normalize_fast("قال\u00a0الوزير إنّ", _fast_tables(_options()))
    'قال الوزير ان'
    """
    rare = fast.rare.search(text) is not None
    if rare and len(text) >= _SHORT:
        return _normalize_once_loop(text, fast.opts)
    out = text
    if not unicodedata.is_normalized("NFKC", out):
        out = out.replace("\u00a0", " ")
        if not unicodedata.is_normalized("NFKC", out):
            if fast.nfkc_pre is None:
                return _normalize_once_loop(text, fast.opts)
            out = fast.nfkc_pre.sub("", out)  # NFKC of the text without them is the same without them
            if not unicodedata.is_normalized("NFKC", out):
                return _normalize_once_loop(text, fast.opts)
    if rare:
        out = out.translate(_translation_list(fast.opts))
    else:
        for ch, to in fast.pairs:
            if ch in out:
                out = out.replace(ch, to)
    if "  " in out:
        out = _SPACE_RUN.sub(" ", out)
    if unicodedata.is_normalized("NFKC", out):
        return out
    return _normalize_once_loop(text, fast.opts)


def _normalize_once_loop(text: str, opts: tuple) -> str:
    """The body of :func:`normalize` for options already checked."""
    text = _normalize_once(text, opts)
    # Removing a mark can unblock a Unicode composition (e.g. "e" + U+0653 + U+0301), and folding
    # a composed letter can free the next mark (ا + five maddas U+0653, diacritics=False: each
    # round composes آ and folds it back to ا): repeat until NFKC-stable so that
    # normalize(normalize(x)) == normalize(x). It ends: after the first round, only a letter
    # that NFKC composed is left for a round to fold, and each composition shortens the text.
    while not _is_nfkc(text):
        text = _normalize_once(text, opts)
    return text


def match_key(text: str, *, punctuation: bool = False, ta_marbuta: bool = False) -> str:
    """The matching key of a word or phrase: the form in which two spellings count as the same.

    It is :func:`normalize` with its defaults (no diacritics or tatweel, one alef, ى → ي,
    Persian letters and digits folded, invisible controls removed, spaces collapsed), so that
    every stage matches words the same way. ``punctuation=True`` also maps Arabic and typographic
    punctuation to one ASCII set (for phrases and sentences); ``ta_marbuta=True`` also folds
    ة → ه, for word lists that must match whatever options a text was normalized with (the
    stopwords and the clitic rules use both). Cached (200,000 keys per option set): call it on
    every token.

    Example:
        >>> match_key("إلى") == match_key("الى") == match_key("إلَى")
        True
        >>> match_key("الطاقة"), match_key("الطاقة", ta_marbuta=True)
        ('الطاقة', 'الطاقه')
        >>> match_key("نعم، قال"), match_key("نعم، قال", punctuation=True)
        ('نعم، قال', 'نعم, قال')
    """
    return _MATCH_KEYS[bool(punctuation), bool(ta_marbuta)](text)


def _one_key_cache(punctuation: bool, ta_marbuta: bool) -> Callable[[str], str]:
    """A new cached one-argument function: ``normalize`` with these two options."""

    @functools.lru_cache(maxsize=200_000)
    def key(text: str) -> str:
        return normalize(text, punctuation=punctuation, ta_marbuta=ta_marbuta)

    return key


#: One cache of one-argument calls per option set: such a cache keys on the string itself,
#: where one cache called with keyword arguments keeps a tuple per entry (measured: is_stopword
#: twice as slow, and clean_corpus slower once the cache is full).
_MATCH_KEYS = {(p, t): _one_key_cache(p, t) for p in (False, True) for t in (False, True)}


def _match_key_cache(*, punctuation: bool = False, ta_marbuta: bool = False) -> Callable[[str], str]:
    """:func:`match_key` with its options fixed, as the cached one-argument function it calls
    (for loops over many tokens).

    >>> _match_key_cache(ta_marbuta=True)("الطاقة") == match_key("الطاقة", ta_marbuta=True)
    True
    """
    return _MATCH_KEYS[bool(punctuation), bool(ta_marbuta)]
