"""Offsets back to the raw text: :func:`normalize_with_offsets`, :class:`Offsets`,
:func:`to_raw_span` and :func:`to_raw_spans`.

Every normalized character keeps the index of the raw character that produced it, so a match
found in normalized text becomes a span ``[start, end)`` of the raw text. The steps are those of
:func:`~helpers.cleaning.normalization.normalize`, each tracked: tashkeel removed before NFKC,
NFKC (with a map of what it composed or reordered), the one-pass character table, space runs.
"""
from __future__ import annotations

import functools
import operator
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np

from .normalization import (
    _DEL_ATTACH,
    _DEL_FREE,
    _DELETED,
    _bmp_lookup,
    _check_text,
    _codepoints,
    _from_codepoints,
    _nfkc_changes,
    _options,
    _splice,
    _tables,
)


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
    (``None, None`` when that map is the identity: NFKC changes nothing, or only replaces one
    character by another, as a no-break space by a space).

    Only the pieces NFKC may change are normalized (:func:`_nfkc_changes`), so one no-break
    space costs a lookup per character, not a pass of NFKC and a regex over the whole text.
    """
    n = len(text)
    if unicodedata.is_normalized("NFKC", text):
        return text, None, None
    changes = _nfkc_changes(text)
    # marks only reordered (the length kept, each piece the same characters): the vectorized map
    if all(sorted(out) == sorted(text[r0:r1]) for r0, r1, out in changes):
        full = _splice(text, changes)
        mapped = _nfkc_reordered(text, full)
        if mapped is not None:
            return full, mapped[0], mapped[1]
    aligned = [(r0, r1, out, *_common_ends(text[r0:r1], out)) for r0, r1, out in changes]
    if all(len(out) == r1 - r0 and r1 - r0 - p - q <= 1 for r0, r1, out, p, q in aligned):
        return _splice(text, changes), None, None  # one character for another: the identity map
    pieces: list[str] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    first = np.arange(n, dtype=np.int64)  # the identity map, sliced for the text between pieces
    after = first + 1
    pos = 0
    for r0, r1, out, p, q in aligned:
        pieces.append(text[pos:r0])
        starts.append(first[pos:r0])
        ends.append(after[pos:r0])
        # common prefix and suffix map 1:1, the changed middle maps to its whole raw range
        mid = len(out) - p - q
        starts.append(np.array([*range(r0, r0 + p), *[r0 + p] * mid, *range(r1 - q, r1)], dtype=np.int64))
        ends.append(np.array([*range(r0 + 1, r0 + p + 1), *[r1 - q] * mid, *range(r1 - q + 1, r1 + 1)], dtype=np.int64))
        pieces.append(out)
        pos = r1
    pieces.append(text[pos:])
    starts.append(first[pos:])
    ends.append(after[pos:])
    return "".join(pieces), np.concatenate(starts), np.concatenate(ends)


def _common_ends(seg: str, out: str) -> tuple[int, int]:
    """How many characters ``seg`` and its NFKC ``out`` share at the start, then at the end of
    what remains (``(1, 0)`` for ``"ب\u00a0"`` → ``"ب "``)."""
    p = 0
    while p < len(seg) and p < len(out) and seg[p] == out[p]:
        p += 1
    q = 0
    while q < len(seg) - p and q < len(out) - p and seg[-1 - q] == out[-1 - q]:
        q += 1
    return p, q


def _pipeline_with_map(text: str, opts: tuple) -> tuple[str, np.ndarray, np.ndarray]:
    """One pass of :func:`_normalize_once`, tracking raw [start, end) per output char."""
    pre = None
    stable = unicodedata.is_normalized("NFKC", text)  # nearly every article: no NFKC to do
    if opts[0] and not stable:
        # as in _normalize_once: tashkeel goes before NFKC, folded into the char before it
        cp0 = _codepoints(text)
        drop = ((cp0 >= 0x064B) & (cp0 <= 0x0652)) | (cp0 == 0x0670)
        if drop.any():
            kept0 = np.flatnonzero(~drop)
            pre = kept0, np.concatenate((kept0[1:], [cp0.size]))[: kept0.size]
            text = _from_codepoints(cp0[kept0])
    text1, s1, e1 = (text, None, None) if stable else _nfkc_with_map(text)
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
    # as normalize does: repeat until NFKC-stable (ا + five maddas with diacritics=False takes five rounds)
    while not unicodedata.is_normalized("NFKC", out):
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


_FEW_SPANS = 256


def to_raw_spans(offsets: Offsets, starts: Sequence[int], ends: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Vectorized :func:`to_raw_span` for many non-empty spans: two int arrays (raw starts, raw ends).

    Example:
        >>> raw = "وصلتُ إلى باكو"
        >>> norm, offsets = normalize_with_offsets(raw)
        >>> a, b = to_raw_spans(offsets, [0, 9], [4, 13])
        >>> [raw[x:y] for x, y in zip(a.tolist(), b.tolist())]
        ['وصلتُ', 'باكو']
    """
    n = len(offsets)
    if type(starts) is list and type(ends) is list and len(starts) < _FEW_SPANS:  # noqa: E721
        # an article's spans: the checks in Python, not five numpy calls on a few numbers
        if len(starts) != len(ends):
            raise ValueError("starts and ends must have the same length")
        if starts and (min(starts) < 0 or max(ends) > n or any(map(operator.le, ends, starts))):
            raise IndexError(f"every span must be non-empty and inside the normalized text of length {n}")
        return offsets.starts[np.array(starts, dtype=np.int64)], offsets.ends[np.array(ends, dtype=np.int64) - 1]
    st = np.asarray(starts, dtype=np.int64)
    en = np.asarray(ends, dtype=np.int64)
    if st.shape != en.shape:
        raise ValueError("starts and ends must have the same length")
    if st.size and (st.min() < 0 or en.max() > n or (en <= st).any()):
        raise IndexError(f"every span must be non-empty and inside the normalized text of length {n}")
    return offsets.starts[st], offsets.ends[en - 1]
