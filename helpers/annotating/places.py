"""The step that finds places no lexicon holds: after a generic head (``العاصمة X``) or a facility."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .names import ends_name
from .patterns import FACILITY_FILLERS, PLACE_PREFIXES

if TYPE_CHECKING:
    from .annotator import Entry
    from .doc import Doc

#: Heads after which a name in ال is a place (``مدينة القدس``); after the others it is not.
_HEADS_BEFORE_AL = ("العاصمة", "مدينة", "مخيم", "بلدة", "قرية")


def places(doc: Doc) -> None:
    """Step: ``العاصمة باكو`` → LOC ``باكو`` (the head outside the span); ``مطار دبي الدولي``,
    ``حقل غاز تمار`` → LOC with the facility head inside.

    Reads the ``loc`` hits, the tokens, the names found so far (a known name is no new place) and
    the annotator's nationality adjectives. Leaves LOC spans (sources ``pattern:loc-head``,
    ``pattern:facility``).
    """
    for h_start, h_end, entry in doc.hit_groups["loc"]:
        if entry.label == "@LOCHEAD":
            _after_head(doc, h_start, h_end, entry)
        elif entry.label == "@FACILITY":
            _facility(doc, h_start, h_end)


def _after_head(doc: Doc, h_start: int, h_end: int, entry: Entry) -> None:
    """The place name after a generic head (``العاصمة``, ``جهة``); the head stays outside."""
    tokens, nationality = doc.tokens, doc.ann.nationality_adjectives
    i = doc.next_tok(h_end)
    while i is not None and tokens[i][2] in nationality:
        i = doc.after(i)
    if i is None:
        return
    s, e, w = tokens[i]
    if doc.covered_by(s, e, ("LOC", "ORG", "PER", "FRAME")):
        return
    if entry.key == "جهة" and not (h_start and doc.norm[h_start - 1] == "ب") and \
            tokens[max(0, doc.tok_index(h_start) - 1)][2] != "في":
        return  # 'من جهة أخرى' (on the other hand); 'بجهة درعة تافيلالت' (in the region of)
    if w.startswith("ال") and (entry.key not in _HEADS_BEFORE_AL or w in nationality):
        return
    if not doc.ann.is_name_word(w, first=True) and not w.startswith("ال"):
        return
    k = 1
    if w in PLACE_PREFIXES and i + 1 < len(tokens) and doc.clean_gap(e, tokens[i + 1][0]):
        k = 2
    elif i + 1 < len(tokens) and doc.clean_gap(e, tokens[i + 1][0]):
        w2 = tokens[i + 1][2]
        after = tokens[i + 2][2] if i + 2 < len(tokens) else ""
        # a two-word name closed by punctuation or a preposition: 'جهة سوس ماسة.'
        if not w2.startswith("ال") and doc.ann.is_name_word(w2, first=False) and \
                (ends_name(doc, i + 1) or (after[:1] in ("ب", "ل") and len(after) > 3)):
            k = 2
    e = tokens[i + k - 1][1]
    doc.add(s, e, "LOC", doc.display(s, e), "pattern:loc-head")


def _facility(doc: Doc, h_start: int, h_end: int) -> None:
    """``مطار دبي الدولي``, ``حقل غاز تمار``: the facility head is part of the place."""
    tokens = doc.tokens
    i = doc.next_tok(h_end)
    if i is None:
        return
    if tokens[i][2] in FACILITY_FILLERS:
        i = doc.after(i)
        if i is None:
            return
    s, e, w = tokens[i]
    if not (doc.ann.is_name_word(w, first=True) or doc.covered_by(s, e, ("LOC",))):
        return
    j = doc.after(i)
    if j is not None and tokens[j][2] == "الدولي":
        e = tokens[j][1]
    canon = doc.display(h_start, h_end) + " " + doc.display(s, e)
    doc.add(h_start, e, "LOC", canon, "pattern:facility")
