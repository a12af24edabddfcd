"""Steps that find quantities: approximators (``نحو``), then numbers with their scale and unit."""
from __future__ import annotations

import functools
import re
from collections import Counter
from typing import TYPE_CHECKING

from ..cleaning import match_key, normalize
from .patterns import (
    COMPOUND_NOUNS, CURRENCY_BY_COUNTRY, CURRENCY_DEFAULT, DURATIONS, NOT_NAME, NUMBER_WORDS, SCALES,
    SPEECH_VERBS,
)
from .words import stopword

if TYPE_CHECKING:
    from .doc import Doc

NUMBER_RE = re.compile(r"\d(?<![\d.,٫٬]\d)\d*(?:[.,٫٬]\d+)*")
_PERCENT_RE = re.compile(r"\s?[%٪]")
_PERCENT_AHEAD_RE = re.compile(r"\s*[%٪]")


def approximators(doc: Doc) -> None:
    """Step: where an approximator (``أكثر من``, ``نحو`` …) ends, and where it starts.

    Reads the ``approx`` hits. Leaves ``doc.approx_end`` (end → start; the leftmost start where
    several end at one place), which :func:`~helpers.annotating.dates.dates` and
    :func:`quantities` read: the approximator opens the quantity after it.
    """
    approx_end = doc.approx_end
    for start, end, _ in doc.hit_groups["approx"]:
        approx_end[end] = min(approx_end.get(end, start), start)


def approx_before(doc: Doc, pos: int) -> int | None:
    """Start of the approximator that ends right before ``pos`` (spaces aside), if any."""
    j = pos
    while j > 0 and doc.norm[j - 1] == " ":
        j -= 1
    return doc.approx_end.get(j)


def quantity_follows(doc: Doc, pos: int) -> bool:
    """Does a scale (``مليون``), a unit or a percent sign follow ``pos``?"""
    i = doc.next_tok(pos)
    if i is None:
        return _PERCENT_AHEAD_RE.match(doc.norm, pos, pos + 3) is not None
    w = doc.tokens[i][2]
    return w in SCALES or w in doc.ann.units


def quantities(doc: Doc) -> None:
    """Step: QUANTITY spans: a number (digits, or a number word with a unit or counted noun after
    it) with the approximator before it, its scale, and its unit (``%``, a unit of the lexicon,
    a currency's ISO code, or the counted noun: ``ثلاث رصاصات`` → ``رصاصة``).

    Reads the ``num`` hits, ``doc.approx_end`` (:func:`approximators`), the DATE spans (a date's
    digits are no quantity), the annotator's units and the LOC spans (which country's dinar).
    Leaves QUANTITY spans with ``value`` and ``unit``, and ``doc.country_counts``.
    """
    norm = doc.norm
    for s, e, value in _candidates(doc):
        is_word = not norm[s].isdigit()
        start, end = s, e
        approx = approx_before(doc, s)
        if approx is not None:
            start = approx
        i = doc.next_tok(end)
        if is_word and norm[s:e] in SCALES:
            value = SCALES[norm[s:e]]
        elif i is not None and doc.tokens[i][2] in SCALES:
            value *= SCALES[doc.tokens[i][2]]
            end = doc.tokens[i][1]
        end, unit = _unit(doc, end, value)
        if is_word and unit is None:
            continue
        doc.add(start, end, "QUANTITY", None, "pattern:quantity", value=_tidy(value), unit=unit)


def _candidates(doc: Doc) -> list[tuple[int, int, float]]:
    """``(start, end, value)`` of every number outside a date, then of every number word and of
    every scale word that no number before it takes (``مليون برميل``: the multiplier is the number)."""
    dates = doc.date_mask()
    cands = [(m.start(), m.end(), _parse_number(m.group())) for m in doc.digit_matches(NUMBER_RE)
             if not dates[m.start()]]
    for h_start, h_end, entry in doc.hit_groups["num"]:
        if entry.label == "@NUMWORD":
            cands.append((h_start, h_end, float(NUMBER_WORDS[entry.key])))
        elif entry.label == "@SCALE" and not _multiplies(doc, doc.tok_index(h_start) - 1, h_start, dates):
            cands.append((h_start, h_end, 1.0))
    return cands


def _multiplies(doc: Doc, k: int, pos: int, dates: bytearray) -> bool:
    """Does token ``k`` take the scale word at ``pos`` as its multiplier, as :func:`quantities`
    reads a number: a number outside a date, only spaces before the scale (``5 ملايين``)? A date's
    year (``5 مارس 2024 مليون سائح``) or a line break between leaves the scale word a number."""
    if k < 0:
        return False
    start, end, word = doc.tokens[k]
    return (word[0].isdigit() or word in NUMBER_WORDS) and not dates[start] and doc.clean_gap(end, pos)


def _unit(doc: Doc, end: int, value: float) -> tuple[int, str | None]:
    """The unit after a number ending at ``end``: (new end, unit or None)."""
    norm, tokens = doc.norm, doc.tokens
    pm = _PERCENT_RE.match(norm, end)
    if pm:
        return pm.end(), "%"
    um = doc.ann.unit_regex.match(norm, end)
    if um:
        return um.end(), _currency(doc, doc.ann.units[um.group(1)])
    i = doc.next_tok(end)
    if i is None:
        return end, None
    w = tokens[i][2]
    w2 = tokens[i + 1][2] if i + 1 < len(tokens) and doc.clean_gap(tokens[i][1], tokens[i + 1][0]) else ""
    if f"{w} {w2}" in COMPOUND_NOUNS:
        end = tokens[i + 1][1]
        return end, doc.display(tokens[i][0], end)
    if _counted_noun(doc, w):
        end = tokens[i][1]
        unit = _singular(doc.display(tokens[i][0], end))
        if 3 <= value <= 10 and unit.endswith("ات") and len(unit) > 4:
            unit = unit[:-2] + "ة"  # 'ثلاث رصاصات' counts رصاصة
        return end, unit
    return end, None


def _currency(doc: Doc, unit: str) -> str:
    """A currency name several countries use (درهم، دينار، ريال، ليرة، جنيه) → the ISO code of the
    country the article mentions most; without one, the most frequent in the news (or the name)."""
    table = CURRENCY_BY_COUNTRY.get(unit)
    if not table:
        return unit
    if doc.country_counts is None:
        doc.country_counts = Counter(sp["canonical"] for sp in doc.spans if sp["label"] == "LOC")
    counts = doc.country_counts
    best = max(table, key=lambda c: counts.get(c, 0))
    if counts.get(best, 0):
        return table[best]
    return CURRENCY_DEFAULT.get(unit, unit)


def _counted_noun(doc: Doc, w: str) -> bool:
    """Can ``w`` be the noun a number counts (``50 ممثلا``)?"""
    if not w.isalpha() or w.startswith("ال") or w in NOT_NAME or w in doc.ann.months or w in SPEECH_VERBS:
        return False
    if w in DURATIONS:
        return True
    return not stopword(w) and len(w) >= 3


def _singular(noun: str) -> str:
    """The counted noun without the accusative alef: ``ممثلا`` → ``ممثل``; durations → year/month/day."""
    if match_key(noun) in DURATIONS:
        return DURATIONS[match_key(noun)]
    if noun.endswith("ا") and len(noun) > 3 and not noun.endswith("يا"):
        return noun[:-1]
    return noun


@functools.lru_cache(maxsize=1 << 14)
def _parse_number(num: str) -> float:
    """``4,3`` → 4.3 (decimal comma), ``1,500`` → 1500 (thousands), ``٢٠`` → 20.

    >>> _parse_number("4,3"), _parse_number("1,500"), _parse_number("1.234,5")
    (4.3, 1500.0, 1234.5)
    """
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


def _tidy(value: float) -> int | float:
    """An integral value as ``int``, else rounded to 6 decimals."""
    return int(value) if float(value).is_integer() else round(value, 6)
