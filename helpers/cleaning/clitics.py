"""Clitic rules: where the proclitics و/ف (and), ب/ل/ك (with, for, like) and ال (the) are
cut off a word (:func:`~helpers.cleaning.tokenizing.split_clitics` and
``tokenize(split_clitics=True)`` apply them).

The clitics and their kinds are read from ``data/patterns/clitics.csv``; the place names that
look like a clitic + word but are never cut (:data:`PLACE_NAMES`) from
``data/patterns/place_names_never_split.txt``.
"""
from __future__ import annotations

from .._shared import word_list, word_table
from .normalization import _FOLDS, normalize
from .offsets import normalize_with_offsets

#: Country, city and region names that start like a clitic (ل، ب، ف، ال …) but are whole
#: words, and that are often found after و/ب. Extend per corpus with ``lexicon=``.
PLACE_NAMES: list[str] = list(word_list("place_names_never_split"))


def _clitics(kind: str) -> tuple[str, ...]:
    """The clitics of one ``kind`` in ``data/patterns/clitics.csv`` (in file order)."""
    return tuple(row["clitic"] for row in word_table("clitics") if row["kind"] == kind)


_CONJUNCTIONS = "".join(_clitics("conjunction"))  # و ف: one letter each
_PREPOSITIONS = "".join(_clitics("preposition"))  # ب ل ك: one letter each
_ARTICLES = _clitics("article")  # ال ٱل
_CONTRACTIONS = _clitics("contraction")  # لل
#: The proclitics that ``split_clitics`` separates, as tokens of their own.
CLITIC_TOKENS = frozenset(_CONJUNCTIONS) | frozenset(_PREPOSITIONS) | frozenset(_ARTICLES)

_ALEF_FOLD = str.maketrans({ch: to for ch, to, option in _FOLDS if option == "alef"})
#: (protected, attested): protected words stay whole; attested words may remain after a cut.
_Known = tuple[frozenset[str], frozenset[str]]


# The cut functions work on the word normalized *without* alef folding (``w``), because the
# article is always written with a bare alef (ال، ٱل): إلهام and ألمانيا do not start with it.
# Lookups in the word lists use the alef-folded form.


def _cuts_article(w: str, known: _Known) -> list[int]:
    # ال + a stem of at least 3 letters (keeps الله, الان whole, and بالغة: غة has 2)
    if w.startswith(_ARTICLES) and len(w) >= 5 and w.translate(_ALEF_FOLD) not in known[0]:
        return [2]
    return []


def _stands_alone(rest: str, known: _Known) -> bool:
    # what is left after a one-letter clitic is a known word, but not the bare article: بال
    # (mind), وال (governor), فال (omen) are words, not a clitic + ال
    return rest not in _ARTICLES and rest.translate(_ALEF_FOLD) in known[1]


def _cuts_preposition(w: str, known: _Known) -> list[int]:
    if len(w) < 3 or w.translate(_ALEF_FOLD) in known[0]:
        return []
    if w[0] in _PREPOSITIONS:
        if w.startswith(_CONTRACTIONS) and len(w) >= 5:  # ل + (ا)ل + stem: للزراعة
            return [1, 2]
        rest = w[1:]
        art = _cuts_article(rest, known)
        if art:
            return [1] + [1 + c for c in art]
        if _stands_alone(rest, known):
            return [1]
        return []
    return _cuts_article(w, known)


def _cuts(w: str, known: _Known) -> list[int]:
    """Cut points in a word normalized with ``alef=False`` (see :func:`split_clitics`)."""
    if len(w) < 3 or w.translate(_ALEF_FOLD) in known[0]:
        return []
    if w[0] in _CONJUNCTIONS:
        rest = w[1:]
        sub = _cuts_preposition(rest, known)
        if sub:
            return [1] + [1 + c for c in sub]
        if _stands_alone(rest, known):
            return [1]
    return _cuts_preposition(w, known)


def _raw_cuts(word: str, known: _Known) -> list[int]:
    """Cut points in ``word`` (raw or normalized) found on its normalized form."""
    form = normalize(word, alef=False, ta_marbuta=True, punctuation=True)
    if len(form) == len(word):  # no length change: positions line up
        return _cuts(form, known)
    norm, offsets = normalize_with_offsets(word, alef=False, ta_marbuta=True, punctuation=True)
    return [offsets[c] for c in _cuts(norm, known)]
