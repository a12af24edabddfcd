"""Small predicates and transformations of single words (stems, suffixes, display forms, numbers)."""
from __future__ import annotations

import functools
import re

from ..cleaning import normalize
from .lexicon import _n
from .patterns import DURATIONS


def _SUFFIXED(w: str) -> bool:  # noqa: N802 (reads as a predicate constant)
    """A feminine plural or a pronoun suffix: ``تطورات``, ``بلاده``, ``رغبتنا`` (rarely a name)."""
    if len(w) <= 4:  # short names: لانا، دانا، لينا، رنا
        return w.endswith("ات") and len(w) == 4
    return w.endswith(("ات", "ها", "هم", "هما", "كم", "نا", "ته")) or (w.endswith("ه") and not w.endswith("الله"))


@functools.lru_cache(maxsize=1 << 14)
def _stem(word: str) -> str:
    """Crude stem used to compare role phrases: ``الإسرائيلية`` → ``اسرائيل``, ``الخارجية`` → ``خارج``."""
    w = _n(word)
    if w.startswith("ال") and len(w) > 4:
        w = w[2:]
    for suf in ("يين", "يون", "ية", "ي", "ة"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


@functools.lru_cache(maxsize=1 << 12)
def _title_stems(words: tuple[str, ...]) -> frozenset[str]:
    """The stems of the words of a title (``('وزير الخارجية', 'الإسرائيلي')``): titles recur."""
    return frozenset(_stem(w) for w in " ".join(words).split())


def _singular(noun: str) -> str:
    """The counted noun without the accusative alef: ``ممثلا`` → ``ممثل``; durations → year/month/day."""
    if _n(noun) in DURATIONS:
        return DURATIONS[_n(noun)]
    if noun.endswith("ا") and len(noun) > 3 and not noun.endswith("يا"):
        return noun[:-1]
    return noun


@functools.lru_cache(maxsize=1 << 14)
def _display(raw: str) -> str:
    """``raw`` without diacritics/tatweel, letters kept as written (a ``canonical`` name)."""
    return normalize(raw, alef=False, alef_maqsura=False, digits="keep").strip()


@functools.lru_cache(maxsize=1 << 14)
def _parse_number(num: str) -> float:
    """``4,3`` → 4.3 (decimal comma), ``1,500`` → 1500 (thousands), ``٢٠`` → 20."""
    num = normalize(num).replace("٫", ".").replace("٬", ",")
    parts = re.split(r"[.,]", num)
    if len(parts) == 1:
        return float(num)
    seps = re.findall(r"[.,]", num)
    if len(parts) == 2 and len(parts[1]) != 3:
        return float(parts[0] + "." + parts[1])
    if len(set(seps)) == 2:  # 1,234.5 or 1.234,5
        dec = seps[-1]
        whole, frac = num.rsplit(dec, 1)
        return float(re.sub(r"[.,]", "", whole) + "." + frac)
    return float("".join(parts))


def _is_nisba(word: str) -> bool:
    """Adjective shape ال…ي / ال…ية (``الوطني``, ``الاتحادي``, ``الأوروبي``, ``الحكومية``)."""
    return word.startswith("ال") and word.endswith(("ي", "ية")) and len(word) >= 5


@functools.lru_cache(maxsize=1 << 16)
def _stopword(word: str) -> bool:
    from ..cleaning import is_stopword

    return is_stopword(word)


def _tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)
