"""Small predicates and transformations of single words (stems, suffixes, display forms)."""
from __future__ import annotations

import functools

from ..cleaning import is_stopword, match_key, normalize


def suffixed(w: str) -> bool:
    """A feminine plural or a pronoun suffix: ``تطورات``, ``بلاده``, ``رغبتنا`` (rarely a name)."""
    if len(w) <= 4:  # short names: لانا، دانا، لينا، رنا
        return w.endswith("ات") and len(w) == 4
    return w.endswith(("ات", "ها", "هم", "هما", "كم", "نا", "ته")) or (w.endswith("ه") and not w.endswith("الله"))


@functools.lru_cache(maxsize=1 << 14)
def stem(word: str) -> str:
    """Crude stem used to compare role phrases: ``الإسرائيلية`` → ``اسرائيل``, ``الخارجية`` → ``خارج``."""
    w = match_key(word)
    if w.startswith("ال") and len(w) > 4:
        w = w[2:]
    for suf in ("يين", "يون", "ية", "ي", "ة"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


@functools.lru_cache(maxsize=1 << 12)
def title_stems(words: tuple[str, ...]) -> frozenset[str]:
    """The stems of the words of a title (``('وزير الخارجية', 'الإسرائيلي')``): titles recur."""
    return frozenset(stem(w) for w in " ".join(words).split())


@functools.lru_cache(maxsize=1 << 14)
def display_form(raw: str) -> str:
    """``raw`` without diacritics/tatweel, letters kept as written (a ``canonical`` name)."""
    return normalize(raw, alef=False, alef_maqsura=False, digits="keep").strip()


def is_nisba(word: str) -> bool:
    """Adjective shape ال…ي / ال…ية (``الوطني``, ``الاتحادي``, ``الأوروبي``, ``الحكومية``)."""
    return word.startswith("ال") and word.endswith(("ي", "ية")) and len(word) >= 5


@functools.lru_cache(maxsize=1 << 16)
def stopword(word: str) -> bool:
    """Is ``word`` on the cleaning stage's stopword lists (remembered: words recur)?"""
    return is_stopword(word)
