"""Cleaning stage: Arabic normalization that maps back to the raw text, tokenization, stopwords.

Normalized text is for *counting and matching*; display always uses the raw text. Every
normalized character keeps the index of the raw character that produced it
(:func:`normalize_with_offsets`), so a match found in normalized text becomes a span
``[start, end)`` of the raw text with :func:`to_raw_span`.

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

import codecs
import contextlib
import functools
import gc
import itertools
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from .loading import CorpusWarning, _text_batches

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
]

# --------------------------------------------------------------------------------------
# Character tables
# --------------------------------------------------------------------------------------

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

ALEF_FORMS = "\u0622\u0623\u0625\u0671\u0672\u0673"  # آ أ إ ٱ ٲ ٳ → ا
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
#: ``punctuation=True``: Arabic and typographic punctuation → one ASCII set.
PUNCTUATION_MAP = {
    "،": ",",
    "٬": ",",
    "؛": ";",
    "؟": "?",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "٪": "%",
    "٫": ".",
}

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
    if alef:
        for ch in ALEF_FORMS:
            table[ord(ch)] = ord("ا")
    if alef_maqsura:
        table[ord("ى")] = ord("ي")
    if persian:
        table[ord("ی")] = ord("ي")  # U+06CC Farsi yeh
        table[ord("ک")] = ord("ك")  # U+06A9 keheh
    if ta_marbuta:
        table[ord("ة")] = ord("ه")
    if digits == "ascii":
        for i, (a, p) in enumerate(zip(ARABIC_INDIC_DIGITS, PERSIAN_DIGITS)):
            table[ord(a)] = ord("0") + i
            table[ord(p)] = ord("0") + i
    if punctuation:
        for k, v in PUNCTUATION_MAP.items():
            table[ord(k)] = ord(v)
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
_PRE_NFKC_RE = re.compile("[\u064b-\u0652\u0670]+")


def _normalize_once(text: str, opts: tuple) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        if opts[0]:  # diacritics=True: they go anyway
            if len(text) < _SHORT:
                text = _PRE_NFKC_RE.sub("", text)
            else:
                cp = _codepoints(text)
                drop = ((cp >= 0x064B) & (cp <= 0x0652)) | (cp == 0x0670)
                if drop.any():
                    text = _from_codepoints(cp[~drop])
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
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
    opts = _options(diacritics, tatweel, alef, alef_maqsura, ta_marbuta, persian, digits, invisible, punctuation)
    return _normalize_once_loop(_check_text(text), opts)


def _normalize_many(texts: list[str], opts: tuple,
                    joined: np.ndarray | None = None) -> tuple[list[str], np.ndarray | None, np.ndarray | None]:
    """``[normalize(t) for t in texts]`` (same options), in one numpy pass over all the texts.

    A text that is already NFKC-normalized (nearly every article) only goes through the
    one-to-one character table and the collapsing of space runs, which never cross the
    ``"\\n"`` put between texts. Every other text, and every result that is not NFKC-stable,
    goes through :func:`normalize` itself.

    ``joined``: the code points of ``"\\n".join(texts) + "\\n"`` if already known.

    Also returns, when every text took the numpy pass, the code points of
    ``"\\n".join(result) + "\\n"`` and the index of the ``"\\n"`` after each text (else ``None, None``).
    """
    out: list[str | None] = [None] * len(texts)
    batch: list[int] = []
    for i, t in enumerate(texts):
        if unicodedata.is_normalized("NFKC", t):
            batch.append(i)
        else:
            out[i] = _normalize_once_loop(t, opts)
    if not batch:
        return out, None, None  # type: ignore[return-value]
    parts = [texts[i] for i in batch] if len(batch) < len(texts) else texts
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    ends = np.cumsum(lengths + 1) - 1  # index of the "\n" after each text
    if joined is None or len(batch) < len(texts):
        joined = _codepoints("\n".join(parts) + "\n")
    cp = _bmp_lookup(_tables(*opts).lut, joined)
    gone = cp == _DELETED
    if gone.any():
        dropped = np.flatnonzero(gone)
        cp = cp[~gone]
        ends = ends - np.searchsorted(dropped, ends)  # a "\n" is never deleted
    sp = cp == 0x20
    dup = sp[1:] & sp[:-1]  # a space after a space goes
    if dup.any():
        dropped = np.flatnonzero(dup) + 1
        cp = np.delete(cp, dropped)
        ends = ends - np.searchsorted(dropped, ends)
    out_text = _from_codepoints(cp)
    starts = np.concatenate(([0], ends[:-1] + 1)).tolist()
    exact = len(batch) == len(texts)
    for i, a, b in zip(batch, starts, ends.tolist()):
        piece = out_text[a:b]
        if unicodedata.is_normalized("NFKC", piece):
            out[i] = piece
        else:  # deleting a mark unblocked a composition: the exact path, as normalize does
            out[i] = _normalize_once_loop(texts[i], opts)
            exact = False
    if not exact:
        return out, None, None  # type: ignore[return-value]
    return out, cp, ends  # type: ignore[return-value]


def _normalize_once_loop(text: str, opts: tuple) -> str:
    """The body of :func:`normalize` for options already checked."""
    text = _normalize_once(text, opts)
    # Removing a mark can unblock a Unicode composition (e.g. "e" + U+0653 + U+0301):
    # repeat until NFKC-stable so that normalize(normalize(x)) == normalize(x).
    for _ in range(3):
        if unicodedata.is_normalized("NFKC", text):
            break
        text = _normalize_once(text, opts)
    return text


# --------------------------------------------------------------------------------------
# Offsets
# --------------------------------------------------------------------------------------


class Offsets(Sequence):
    """``offsets[i]`` = index in the raw text of the character that produced normalized char ``i``.

    Behaves like a read-only ``list[int]`` (non-decreasing, same length as the normalized
    text): ``offsets[i]``, ``len``, iteration, slicing, ``== [..]``, ``tolist()``. It is backed
    by numpy arrays (``starts``, ``ends``) so that mapping megabytes stays fast, and also
    carries ``ends`` (``ends[i]`` = exclusive raw end of what produced char ``i``: the raw
    character itself plus the diacritics/tatweel folded into it, or every raw character of
    a composition) and ``raw_length``. Map spans with :func:`to_raw_span`.

    Example:
        >>> _, offsets = normalize_with_offsets("أَب")
        >>> offsets, offsets.ends.tolist(), offsets.raw_length
        (Offsets([0, 2]), [2, 3], 3)
    """

    __slots__ = ("starts", "ends", "raw_length")

    def __init__(self, starts: Iterable[int] = (), ends: Iterable[int] | None = None, raw_length: int | None = None):
        self.starts = np.asarray(list(starts) if not isinstance(starts, np.ndarray) else starts, dtype=np.int64)
        if ends is None:
            self.ends = self.starts + 1
        else:
            self.ends = np.asarray(list(ends) if not isinstance(ends, np.ndarray) else ends, dtype=np.int64)
        if self.ends.shape != self.starts.shape:
            raise ValueError("starts and ends must have the same length")
        self.raw_length = int(raw_length) if raw_length is not None else int(self.ends[-1]) if len(self.ends) else 0

    def __len__(self) -> int:
        return int(self.starts.size)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return Offsets(self.starts[i], self.ends[i], self.raw_length)
        return int(self.starts[i])

    def __iter__(self):
        return iter(self.starts.tolist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Offsets):
            return bool(np.array_equal(self.starts, other.starts) and np.array_equal(self.ends, other.ends))
        if isinstance(other, (list, tuple)):
            return self.starts.tolist() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        items = self.starts[:20].tolist()
        more = ", ..." if self.starts.size > 20 else ""
        return f"Offsets({items!r}"[:-1] + f"{more}])"

    def tolist(self) -> list[int]:
        """The raw start of every normalized character as a plain list."""
        return self.starts.tolist()

    def __reduce__(self):
        return (Offsets, (self.starts, self.ends, self.raw_length))


@functools.lru_cache(maxsize=1)
def _nfkc_unstable_class() -> re.Pattern[str]:
    """Regex matching a run of characters NFKC may change, with the starter before it."""
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
    ranges: list[tuple[int, int]] = []
    for cp in sorted(unstable):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    cls = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[^{cls}]?[{cls}]+", re.DOTALL)


@functools.lru_cache(maxsize=1)
def _non_starters() -> np.ndarray:
    """bool per code point: canonical combining class != 0 (the marks NFKC may reorder)."""
    mask = np.zeros(0x110000, dtype=bool)
    for cp in range(0x30000):
        if unicodedata.combining(chr(cp)):
            mask[cp] = True
    for cp in range(0xE0000, 0xE1000):
        if unicodedata.combining(chr(cp)):
            mask[cp] = True
    mask.flags.writeable = False
    return mask


def _nfkc_reordered(text: str, out: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Map for the common NFKC change that keeps the length: canonical reordering of marks
    (e.g. shadda typed before fatha). Every changed position must be a mark whose run of
    marks holds the same characters in another order; the output chars of such a run all map
    to the run's raw range. ``None`` when the change is anything else."""
    a, b = _codepoints(text), _codepoints(out)
    changed = np.flatnonzero(a != b)
    if changed.size == 0:
        return None
    nonstarter = _non_starters()[a]
    if not nonstarter[changed].all():
        return None
    starters = np.flatnonzero(~nonstarter)
    # the run of marks of position p goes from just after the last starter before p to the next starter
    label = np.searchsorted(starters, changed)  # index of the next starter
    label = label[np.concatenate(([True], np.diff(label) != 0))]  # sorted already: unique cheaply
    bounds = np.concatenate(([-1], starters, [a.size]))  # sentinels: text start and end
    run_start = bounds[label] + 1
    run_end = bounds[label + 1]
    lengths = run_end - run_start
    run_id = np.repeat(np.arange(lengths.size), lengths)
    pos = np.repeat(run_start - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(lengths.sum())
    if not np.array_equal(np.sort(a[pos] + (run_id.astype(np.uint64) << 32)), np.sort(b[pos] + (run_id.astype(np.uint64) << 32))):
        return None
    starts = np.arange(a.size, dtype=np.int64)
    ends = starts + 1
    starts[pos] = np.repeat(run_start, lengths)
    ends[pos] = np.repeat(run_end, lengths)
    return starts, ends


def _nfkc_with_map(text: str) -> tuple[str, np.ndarray | None, np.ndarray | None]:
    """NFKC plus, for every output char, the raw [start, end) that produced it
    (``None, None`` when NFKC changes nothing: the identity map)."""
    n = len(text)
    if unicodedata.is_normalized("NFKC", text):
        return text, None, None
    full = unicodedata.normalize("NFKC", text)
    if len(full) == n:
        mapped = _nfkc_reordered(text, full)
        if mapped is not None:
            return full, mapped[0], mapped[1]
    pieces: list[str] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    pos = 0
    for m in _nfkc_unstable_class().finditer(text):
        seg = m.group()
        out = unicodedata.normalize("NFKC", seg)
        if out == seg:
            continue
        r0, r1 = m.start(), m.end()
        if pos < r0:
            pieces.append(text[pos:r0])
            a = np.arange(pos, r0, dtype=np.int64)
            starts.append(a)
            ends.append(a + 1)
        # align: common prefix and suffix map 1:1, the changed middle maps to its whole raw range
        p = 0
        while p < len(seg) and p < len(out) and seg[p] == out[p]:
            p += 1
        q = 0
        while q < len(seg) - p and q < len(out) - p and seg[-1 - q] == out[-1 - q]:
            q += 1
        mid = len(out) - p - q
        s = [r0 + i for i in range(p)] + [r0 + p] * mid + [r1 - q + i for i in range(q)]
        e = [r0 + i + 1 for i in range(p)] + [r1 - q] * mid + [r1 - q + i + 1 for i in range(q)]
        pieces.append(out)
        starts.append(np.array(s, dtype=np.int64))
        ends.append(np.array(e, dtype=np.int64))
        pos = r1
    if pos < n:
        pieces.append(text[pos:])
        a = np.arange(pos, n, dtype=np.int64)
        starts.append(a)
        ends.append(a + 1)
    if not pieces:
        return "", np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return "".join(pieces), np.concatenate(starts), np.concatenate(ends)


def _pipeline_with_map(text: str, opts: tuple) -> tuple[str, np.ndarray, np.ndarray]:
    """One pass of :func:`_normalize_once`, tracking raw [start, end) per output char."""
    pre = None
    if opts[0] and not unicodedata.is_normalized("NFKC", text):
        # as in _normalize_once: tashkeel goes before NFKC, folded into the char before it
        cp0 = _codepoints(text)
        drop = ((cp0 >= 0x064B) & (cp0 <= 0x0652)) | (cp0 == 0x0670)
        if drop.any():
            kept0 = np.flatnonzero(~drop)
            pre = kept0, np.concatenate((kept0[1:], [cp0.size]))[: kept0.size]
            text = _from_codepoints(cp0[kept0])
    text1, s1, e1 = _nfkc_with_map(text)
    if pre is not None:
        if s1 is None:
            s1, e1 = pre
        else:
            s1, e1 = pre[0][s1], pre[1][e1 - 1]
    tables = _tables(*opts)
    cp1 = _codepoints(text1)
    n1 = cp1.size
    cp = _bmp_lookup(tables.lut, cp1)
    keep = cp != _DELETED
    if not keep.all():
        c = _bmp_lookup(tables.cls, cp1, 0)
        # a kept char owns the run of "attach" deletions (diacritics, tatweel) right after it:
        # its group ends at the next position that is not an attach deletion ("stop")
        if (c == _DEL_FREE).any():
            stops = np.flatnonzero(c != _DEL_ATTACH)  # kept chars and free deletions
            next_stop = np.concatenate((stops[1:], [n1]))[keep[stops]]
            kept = stops[keep[stops]]
        else:  # every deletion attaches: the stops are the kept chars
            kept = np.flatnonzero(keep)
            next_stop = np.concatenate((kept[1:], [n1]))[: kept.size]
        cp = cp[kept]
        if s1 is None:
            s2, e2 = kept, next_stop
        else:
            s2, e2 = s1[kept], e1[next_stop - 1]
    elif s1 is None:
        s2 = np.arange(n1, dtype=np.int64)
        e2 = s2 + 1
    else:
        s2, e2 = s1, e1
    sp = cp == 0x20
    dup = sp[1:] & sp[:-1]
    if dup.any():
        kept = np.flatnonzero(np.concatenate(([True], ~dup)))
        grp_end = np.concatenate((kept[1:], [cp.size]))  # a kept space owns the spaces it swallowed
        cp, s2, e2 = cp[kept], s2[kept], e2[grp_end - 1]
    return _from_codepoints(cp), s2, e2


def normalize_with_offsets(
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
) -> tuple[str, Offsets]:
    """Like :func:`normalize`, plus ``offsets``: ``offsets[i]`` is the index in ``text`` of the
    character that produced normalized character ``i`` (non-decreasing, same length).

    Removed diacritics and tatweel belong to the letter before them, so a normalized word
    maps back to its full raw surface (with :func:`to_raw_span`); removed invisible controls
    belong to nothing.

    Example:
        >>> norm, offsets = normalize_with_offsets("إلهامُ علييف")
        >>> norm, offsets.tolist()[:3]
        ('الهام علييف', [0, 1, 2])
        >>> to_raw_span(offsets, 0, 5)
        (0, 6)
    """
    opts = _options(diacritics, tatweel, alef, alef_maqsura, ta_marbuta, persian, digits, invisible, punctuation)
    raw_len = len(_check_text(text))
    out, s, e = _pipeline_with_map(text, opts)
    for _ in range(3):
        if unicodedata.is_normalized("NFKC", out):
            break
        out, s2, e2 = _pipeline_with_map(out, opts)
        s, e = s[s2], e[e2 - 1]
    return out, Offsets(s, e, raw_len)


def to_raw_span(offsets: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Map a normalized span ``[start, end)`` to the smallest raw span ``[raw_start, raw_end)``
    containing every raw character that produced it (``raw_end`` exclusive).

    ``offsets`` should be the :class:`Offsets` returned by :func:`normalize_with_offsets`.
    A plain list of starts works too, but then a diacritic or the second half of a
    composition at the end of the span cannot be known, and only the first raw character
    of the last normalized character is covered. An empty span maps to an empty raw span.

    Example:
        >>> raw = "وقال ساعرُ: نعم"
        >>> norm, offsets = normalize_with_offsets(raw)
        >>> i = norm.index("ساعر")
        >>> raw[slice(*to_raw_span(offsets, i, i + 4))]
        'ساعرُ'
    """
    n = len(offsets)
    if not (0 <= start <= end <= n):
        raise IndexError(f"span [{start}, {end}) is outside the normalized text of length {n}")
    ends = getattr(offsets, "ends", None)
    if start == end:
        if start < n:
            pos = int(offsets[start])
        elif isinstance(offsets, Offsets):
            pos = offsets.raw_length
        else:
            pos = int(offsets[-1]) + 1 if n else 0
        return pos, pos
    raw_start = int(offsets[start])
    raw_end = int(ends[end - 1]) if ends is not None else int(offsets[end - 1]) + 1
    return raw_start, raw_end


def to_raw_spans(offsets: Offsets, starts: Sequence[int], ends: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Vectorized :func:`to_raw_span` for many non-empty spans: two int arrays (raw starts, raw ends).

    Example:
        >>> raw = "وصلتُ إلى باكو"
        >>> norm, offsets = normalize_with_offsets(raw)
        >>> a, b = to_raw_spans(offsets, [0, 9], [4, 13])
        >>> [raw[x:y] for x, y in zip(a.tolist(), b.tolist())]
        ['وصلتُ', 'باكو']
    """
    st = np.asarray(starts, dtype=np.int64)
    en = np.asarray(ends, dtype=np.int64)
    n = len(offsets)
    if st.shape != en.shape:
        raise ValueError("starts and ends must have the same length")
    if st.size and (st.min() < 0 or en.max() > n or (en <= st).any()):
        raise IndexError(f"every span must be non-empty and inside the normalized text of length {n}")
    return offsets.starts[st], offsets.ends[en - 1]


# --------------------------------------------------------------------------------------
# Tokenization
# --------------------------------------------------------------------------------------


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


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while building many acyclic objects."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_TOK_SPACE, _TOK_WORD, _TOK_DIGIT, _TOK_OTHER, _TOK_SEP, _TOK_PCT = range(6)
_NUMBER_SEPARATORS = ".,٫٬"  # inside a number only between two digits: 3.5  4,3  1,000  ٣٫٥
_PERCENT_SIGNS = "%٪"  # part of a number right after a digit: 50%  54٪


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
    cp, start, _, nonspace = _token_bounds(_check_text(text))
    if not punctuation:
        cp, start, nonspace, blanked = _blank_punctuation(cp, start, nonspace)
        if blanked:
            return _split_tokens(cp, start, nonspace, None)
    return _split_tokens(cp, start, nonspace, text)


def _blank_punctuation(cp: np.ndarray, start: np.ndarray,
                       nonspace: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Punctuation tokens are single characters: blank them out (as spaces) before splitting.
    Returns the new ``cp``, ``start``, ``nonspace`` and whether there was any."""
    punct = start & (_token_classes()[cp] >= _TOK_OTHER)
    if not punct.any():
        return cp, start, nonspace, False
    return np.where(punct, np.uint32(0x20), cp), start & ~punct, nonspace & ~punct, True


def _word_tokens_many(texts: list[str], *, punctuation: bool = True,
                      lists: bool = True) -> tuple[list[list[str]] | None, np.ndarray]:
    """``[word_tokens(t, punctuation=punctuation) for t in texts]`` in one pass over all the
    texts, and the number of tokens of each (int64). ``lists=False``: only the numbers.

    The texts are joined with ``"\\n"``: a space, so no token crosses from one text to the next
    and every token start is the one :func:`word_tokens` finds in its own text.
    """
    n = len(texts)
    if n == 0:
        return ([] if lists else None), np.zeros(0, dtype=np.int64)
    joined = "\n".join(texts)
    cp, start, _, nonspace = _token_bounds(joined)
    if not punctuation:
        cp, start, nonspace, blanked = _blank_punctuation(cp, start, nonspace)
        if blanked:
            joined = None
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    ends = np.cumsum(lengths + 1) - 1  # one past the end of each text in ``joined``
    cum = np.searchsorted(np.flatnonzero(start), ends)  # tokens starting before the end of each text
    counts = np.diff(cum, prepend=0)
    if not lists:
        return None, counts
    flat = _split_tokens(cp, start, nonspace, joined)
    bounds = np.concatenate(([0], cum)).tolist()
    return [flat[a:b] for a, b in zip(bounds, bounds[1:])], counts


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
    cp, start, end, nonspace = _token_bounds(_check_text(text))
    strings = _split_tokens(cp, start, nonspace, text)
    starts, ends = np.flatnonzero(start).tolist(), (np.flatnonzero(end) + 1).tolist()
    with _gc_paused():  # a million small tuples would trigger the cyclic GC again and again
        tokens = list(map(tuple.__new__, itertools.repeat(Token), zip(strings, starts, ends)))
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


# --- clitics ---------------------------------------------------------------------------

#: Country, city and region names that start like a clitic (ل، ب، ف، ال …) but are whole
#: words, and that are often found after و/ب. Extend per corpus with ``lexicon=``.
PLACE_NAMES = (
    "لبنان ليبيا فلسطين فرنسا فنلندا بريطانيا بلجيكا البرازيل بولندا بلغاريا بغداد بيروت باكو باريس برلين "
    "بكين بروكسل كازاخستان كوريا كندا كوبا الكويت لندن لوكسمبورغ ألمانيا ألبانيا الجزائر المغرب اليمن "
    "العراق الأردن السودان السعودية الإمارات البحرين الهند الصين اليابان الفلبين النمسا السويد النرويج "
    "الدنمارك المجر البرتغال اليونان القدس القاهرة الرياض الدوحة الخليل الضفة الشرق أوروبا آسيا أفريقيا "
    "إفريقيا أمريكا أميركا روسيا أوكرانيا تركيا إيران إسرائيل غزة سوريا مصر قطر عمان تونس موريتانيا "
    "أذربيجان أستانا أرمينيا جورجيا واشنطن طهران دمشق أنقرة موسكو الله"
).split()


@functools.lru_cache(maxsize=1)
def _protected_words() -> frozenset[str]:
    """Words never split: stopwords (التي، كان، لكن …) and :data:`PLACE_NAMES`."""
    return _stopword_keys() | frozenset(_key(w) for w in PLACE_NAMES)


@functools.lru_cache(maxsize=8)
def _attested_cached(extra: frozenset[str]) -> frozenset[str]:
    return _protected_words() | frozenset(_key(w) for w in extra)


def _known_words(lexicon: Iterable[str] | None) -> tuple[frozenset[str], frozenset[str]]:
    """(protected, attested): protected words stay whole; attested words may remain after a cut."""
    return _protected_words(), _attested_cached(frozenset(lexicon or ()))


@functools.lru_cache(maxsize=200_000)
def _key(word: str) -> str:
    """Lookup key: fully normalized, ة folded to ه (so lists work whatever the options)."""
    return normalize(word, ta_marbuta=True, punctuation=True)


_ALEF_FOLD = str.maketrans({ch: "ا" for ch in ALEF_FORMS})
_Known = tuple[frozenset[str], frozenset[str]]


# The cut functions work on the word normalized *without* alef folding (``w``), because the
# article is always written with a bare alef (ال، ٱل): إلهام and ألمانيا do not start with it.
# Lookups in the word lists use the alef-folded form.


def _cuts_article(w: str, known: _Known) -> list[int]:
    # ال + a stem of at least 3 letters (keeps الله, الان whole, and بالغة: غة has 2)
    if w[:2] in ("ال", "ٱل") and len(w) >= 5 and w.translate(_ALEF_FOLD) not in known[0]:
        return [2]
    return []


def _cuts_preposition(w: str, known: _Known) -> list[int]:
    if len(w) < 3 or w.translate(_ALEF_FOLD) in known[0]:
        return []
    if w[0] in "بلك":
        if w.startswith("لل") and len(w) >= 5:  # ل + (ا)ل + stem: للزراعة
            return [1, 2]
        rest = w[1:]
        art = _cuts_article(rest, known)
        if art:
            return [1] + [1 + c for c in art]
        if rest.translate(_ALEF_FOLD) in known[1]:
            return [1]
        return []
    return _cuts_article(w, known)


def _cuts(w: str, known: _Known) -> list[int]:
    """Cut points in a word normalized with ``alef=False`` (see :func:`split_clitics`)."""
    if len(w) < 3 or w.translate(_ALEF_FOLD) in known[0]:
        return []
    if w[0] in "وف":
        rest = w[1:]
        sub = _cuts_preposition(rest, known)
        if sub:
            return [1] + [1 + c for c in sub]
        if rest.translate(_ALEF_FOLD) in known[1]:
            return [1]
    return _cuts_preposition(w, known)


def _raw_cuts(word: str, known: _Known) -> list[int]:
    """Cut points in ``word`` (raw or normalized) found on its normalized form."""
    form = normalize(word, alef=False, ta_marbuta=True, punctuation=True)
    if len(form) == len(word):  # no length change: positions line up
        return _cuts(form, known)
    norm, offsets = normalize_with_offsets(word, alef=False, ta_marbuta=True, punctuation=True)
    return [offsets[c] for c in _cuts(norm, known)]


def split_clitics(word: str, *, lexicon: Iterable[str] | None = None) -> list[str]:
    """Split the proclitics و/ف (and), ب/ل/ك (with, for, like) and ال (the) off one word.

    Rules, in order, on the normalized word. A *protected* word (a stopword or a name in
    :data:`PLACE_NAMES`) is never split; a *known* word is a protected word or one in ``lexicon``:

    1. و/ف is split only if what follows splits by rule 2 or 3, or is known
       (وزير, وفد, فلسطين stay whole because زير, فد, لسطين are not words);
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


# --------------------------------------------------------------------------------------
# Stopwords
# --------------------------------------------------------------------------------------

_STOPWORD_DIR = Path(__file__).resolve().parent.parent / "data" / "stopwords"
STOPWORD_PACKAGE = "arabic-stopwords"
STOPWORD_PROJECT = "news-boilerplate"


@functools.lru_cache(maxsize=1)
def _package_stopwords() -> frozenset[str]:
    from arabicstopwords import arabicstopwords as asw

    return frozenset(_key(w) for w in asw.stopwords_list())


@functools.lru_cache(maxsize=1)
def _project_stopwords() -> frozenset[str]:
    path = _STOPWORD_DIR / "news_boilerplate.txt"
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        k = _key(line)
        words.update({k, "و" + k, "ف" + k})  # with the conjunctions و/ف (وقال، فأضاف)
    return frozenset(words)


STOPWORD_CLITICS = "clitics"
#: The proclitics that ``split_clitics`` separates, as tokens of their own.
CLITIC_TOKENS = frozenset({"و", "ف", "ب", "ل", "ك", "ال", "ٱل"})


@functools.lru_cache(maxsize=1)
def _clitic_stopwords() -> frozenset[str]:
    return frozenset(_key(w) for w in CLITIC_TOKENS)


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
    k = _key(_check_text(word))
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
    return _key(_check_text(word)) in _stopword_keys()


def remove_stopwords(tokens: Iterable[str]) -> list[str]:
    """Tokens without stopwords and without punctuation-only tokens (a new list).

    Example:
        >>> remove_stopwords(["قال", "ساعر", "إن", "الهدف", "،"])
        ['ساعر', 'الهدف']
    """
    keys = _stopword_keys()
    return [t for t in tokens if token_kind(t) != "punct" and _key(t) not in keys]


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


# --------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------


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
                f"row {i!r}: text is {value!r}, not a string; cleaned as empty text", CorpusWarning, stacklevel=2
            )
            texts.append("")
    # every text at once, a million characters at a time (small arrays stay in the caches)
    opts = _options(**normalize_options)
    clean, token_lists, parts = [], [], []
    for a, b in _text_batches(texts, _CLEAN_BATCH):
        clean += _normalize_many(texts[a:b], opts)[0]
        lists, n = _word_tokens_many(clean[a:b], punctuation=keep_punctuation)
        token_lists += lists
        parts.append(n)
    counts = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    if split_clitics:
        # split on the raw text (the hamza tells إلهام from the article ال), then normalize each
        # piece; a word seen on its own anywhere in the corpus counts as known
        vocab = {t for toks in token_lists for t in toks if token_kind(t) == "word"}
        token_lists = []
        for text in texts:
            pieces = (normalize(tok.text, **normalize_options) for tok in tokenize(text, split_clitics=True, lexicon=vocab))
            token_lists.append([p for p in pieces if p and (keep_punctuation or token_kind(p) != "punct")])
    if drop_stopwords:
        keys = _stopword_keys()
        token_lists = [[t for t in toks if _key(t) not in keys] for toks in token_lists]
    if split_clitics or drop_stopwords:
        counts = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    return df.assign(
        clean_text=pd.Series(clean, index=df.index, dtype="str"),
        tokens=pd.Series(token_lists, index=df.index, dtype=object),
        n_tokens=pd.Series(counts, index=df.index, dtype="int64"),
    )


def _clean_texts(texts: list[str], joined: np.ndarray | None = None) -> tuple[list[str], np.ndarray]:
    """``clean_text`` and ``n_tokens`` of :func:`clean_corpus` with its default options, for
    texts that are all ``str``, without building the token lists (the pipeline stores only
    their number). ``joined``: the code points of ``"\\n".join(texts) + "\\n"``, if known.

    Example:
        >>> _clean_texts(["وصلتُ إلى باكو.", "عام 2016م: 54٪"])
        (['وصلت الي باكو.', 'عام 2016م: 54٪'], array([3, 4]))
    """
    batches = _text_batches(texts, _CLEAN_BATCH)
    if len(batches) > 1:  # a very large chunk: a million characters at a time
        done = [_clean_texts(texts[a:b]) for a, b in batches]
        return [c for part, _ in done for c in part], np.concatenate([n for _, n in done])
    clean, cp, ends = _normalize_many(texts, _options(), joined)
    if cp is None:
        return clean, _word_tokens_many(clean, punctuation=False, lists=False)[1]
    return clean, _count_word_tokens(cp, ends)


#: Characters cleaned at a time (small arrays stay in the caches).
_CLEAN_BATCH = 1 << 20


def _count_word_tokens(cp: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``len(word_tokens(t, punctuation=False))`` for every text of ``cp``, the code points of
    texts joined by ``"\\n"``, ``ends`` the index of the ``"\\n"`` after each text.

    Such a token (a word or a number) starts at every word or digit character that does not
    continue the token of the character before it: same class, or a digit after a separator
    between two digits (``3.5``) — the rules of :func:`_token_bounds`.
    """
    c = _token_classes()[cp]
    starts = (c == _TOK_WORD) | (c == _TOK_DIGIT)
    starts[1:] &= c[1:] != c[:-1]
    if c.size >= 3:
        digit = c == _TOK_DIGIT
        starts[2:] &= ~(digit[2:] & (c[1:-1] == _TOK_SEP) & digit[:-2])
    return np.diff(np.searchsorted(np.flatnonzero(starts), ends), prepend=0)
