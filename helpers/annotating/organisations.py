"""Steps that find organisations: the outlet of a dateline, names after a head word, abbreviations."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from ..loading import find_dateline_outlet
from .patterns import (
    BODY_SHORT, INSTITUTION_ADJECTIVES, MINISTER_WORDS, NOT_NAME, NOT_ORG_WORDS, ORG_HEAD_SET, TITLE_SET,
)
from .scanner import QUOTE_RE, strip_edges
from .words import is_nisba

if TYPE_CHECKING:
    from .annotator import Entry
    from .doc import Doc

_BRACKET_RE = re.compile(r"\s*\(([^()\n]{2,30})\)")


def dateline(doc: Doc) -> None:
    """Step: ``القدس/ الأناضول``, ``الرباط - رويترز``, ``(أ ف ب)``: the outlet that signs the
    dateline is an ORG.

    The dateline is found by the loading stage's recogniser (:func:`helpers.loading.find_dateline_outlet`,
    the agencies of ``data/patterns/agencies.txt``), on the raw text. Reads the ORG spans found so far.
    Leaves one ORG span (source ``pattern:dateline``) unless one ends there already, and removes a
    LOC span of the outlet's very name (الشرق الأوسط the newspaper) from the store.
    """
    outlet = find_dateline_outlet(doc.raw)
    if outlet is None:
        return
    a, b = (int(i) for i in np.searchsorted(doc.raw_starts, outlet))  # raw → normalized offsets
    if a >= b:
        return
    if not any(sp["end"] == b for sp in doc.spans_at(a, ("ORG",))):
        doc.add(a, b, "ORG", doc.display(a, b), "pattern:dateline")
    doc.remove(lambda sp: sp["label"] == "LOC" and sp["start"] == a and sp["end"] == b)


def abbreviations(doc: Doc) -> None:
    """Step: ``شركة النفط … (سوكار)``: an abbreviation in brackets right after an ORG is the same ORG.

    Reads the ORG spans found so far. Leaves ORG spans (source ``pattern:abbreviation``) with the
    ORG's canonical name, which the lexicon's name at the same place takes too.
    """
    if "(" not in doc.norm:
        return
    for sp in [s for s in doc.spans if s["label"] == "ORG"]:
        m = _BRACKET_RE.match(doc.norm, sp["end"])
        if m and not re.search(r"\d", m.group(1)) and len(m.group(1).split()) <= 3:
            a, b = m.start(1), m.end(1)
            doc.add(a, b, "ORG", sp["canonical"], "pattern:abbreviation")
            for other in doc.spans_at(a, ("ORG",)):  # the abbreviation means the name before it
                if other["end"] == b:
                    other["canonical"] = sp["canonical"]


def organisations(doc: Doc) -> None:
    """Step: names after an organisation head: ``حركة حماس``, ``شركة "إكس"``, ``المكتب الوطني
    للكهرباء``, ``الخارجية الإسرائيلية``.

    Reads the ``org`` hits, the tokens, the lexicon's names (a known name closes the chain) and
    the annotator's nationality adjectives. Leaves ORG spans (sources ``pattern:org-head``,
    ``pattern:org-quoted``, ``pattern:body``).
    """
    for h_start, h_end, entry in doc.hit_groups["org"]:
        lab = entry.label
        if lab == "@ORGHEAD":
            _after_head(doc, h_start, h_end)
        elif lab == "@ORGHEAD_DEF":
            i = doc.next_tok(h_end)
            if i is None or not doc.tokens[i][2].startswith("ال") or \
                    not (is_nisba(doc.tokens[i][2]) or doc.tokens[i][2] in INSTITUTION_ADJECTIVES):
                continue  # 'المكتب' alone is an anaphor; 'المكتب الوطني …' a name
            k = _org_chain(doc, i, definite=True)
            if k:
                e = doc.tokens[i + k - 1][1]
                doc.add(h_start, e, "ORG", doc.display(h_start, e), "pattern:org-head")
        elif lab == "@BODY":
            _body(doc, h_start, h_end, entry)


def _after_head(doc: Doc, h_start: int, h_end: int) -> None:
    """``شركة "إكس"`` (the quoted name alone), ``حركة حماس``, ``شركة بوينغ`` (head and name)."""
    norm = doc.norm
    j = h_end
    while j < len(norm) and norm[j] == " ":
        j += 1
    m = QUOTE_RE.match(norm, j)
    if m:
        a, b = strip_edges(norm, m.start(m.lastindex), m.end(m.lastindex))
        if 0 < len(norm[a:b].split()) <= 5:
            doc.add(a, b, "ORG", doc.display(a, b), "pattern:org-quoted")
        return
    i = doc.next_tok(h_end)
    k = _org_chain(doc, i, definite=False)
    if i is not None and k:
        e = doc.tokens[i + k - 1][1]
        canon = doc.display(h_start, e)
        inner = [sp for sp in doc.spans_at(doc.tokens[i][0], ("ORG",))
                 if sp["end"] == e and sp["source"] != "pattern:org-head"]
        if inner:  # 'شركة بوينغ' → the company's own name
            canon = inner[0]["canonical"]
        doc.add(h_start, e, "ORG", canon, "pattern:org-head")


def _body(doc: Doc, h_start: int, h_end: int, entry: Entry) -> None:
    """``الخارجية الإسرائيلية``: a short ministry or body + a nationality adjective."""
    tokens = doc.tokens
    p = doc.tok_index(h_start) - 1
    if any(tokens[q][2] in MINISTER_WORDS for q in range(max(0, p - 2), p + 1)):
        return  # 'وزير الخارجية الإسرائيلي' is a title, not the ministry
    i = doc.next_tok(h_end)
    if i is not None and tokens[i][2] in doc.ann.nationality_adjectives:
        e = tokens[i][1]
        head = BODY_SHORT[entry.key]
        text = doc.display(h_start, e)
        body = doc.display(h_start, h_end)
        # the body as the table spells it ('الرئاسة' for 'لرئاسة' after ل, 'وزارة الخارجية' for
        # 'الخارجية', 'البحرية' for a misspelled 'البحرىة'), then the adjective as written
        canon = head + text[len(body):]
        doc.add(h_start, e, "ORG", canon, "pattern:body")


def _org_chain(doc: Doc, i: int | None, *, definite: bool) -> int:
    """How many tokens after an organisation head belong to its name (0 = not a name)."""
    if i is None:
        return 0
    tokens, covered_by, weekdays = doc.tokens, doc.covered_by, doc.ann.weekdays
    k = 0
    while i + k < len(tokens) and k < 8:
        s, e, w = tokens[i + k]
        if k and not doc.clean_gap(tokens[i + k - 1][1], s):
            break
        if covered_by(s, e, ("FRAME",)) and not covered_by(s, e, ("ORG", "LOC")):
            break
        if covered_by(s, e, ("LOC", "ORG", "PER")):
            k = _through_known_name(doc, i, k)
            if k == 1:
                break  # 'سفارة أذربيجان': a known name closes it
            continue
        if w.startswith(("ال", "وال")) and k:
            if w in NOT_ORG_WORDS or w in weekdays:
                break
            k += 1
            continue
        if w.startswith("ال"):
            if w in NOT_ORG_WORDS or w in weekdays:
                break
            k += 1
            if w in doc.ann.nationality_adjectives and not definite:
                break
            continue
        if w.startswith("لل") and k:
            k += 1  # 'البنك الأوروبي للاستثمار'
            continue
        if w.startswith("ل") and k and i + k + 1 < len(tokens) and \
                tokens[i + k + 1][2].startswith("ال") and doc.clean_gap(e, tokens[i + k + 1][0]):
            k += 1  # 'مكتب الأمم المتحدة لتنسيق الشؤون'
            continue
        if k == 0 and w.isalpha() and w not in NOT_NAME and w not in ORG_HEAD_SET and w not in TITLE_SET:
            return _proper_name_chain(doc, i)
        break
    return k


def _through_known_name(doc: Doc, i: int, k: int) -> int:
    """``k`` moved past the lexicon's name that token ``i + k`` opens or belongs to."""
    tokens = doc.tokens
    s, e, _ = tokens[i + k]
    end_known = doc.known_end(s, e)
    while i + k < len(tokens) and tokens[i + k][1] <= end_known:
        k += 1
    return k


def _proper_name_chain(doc: Doc, i: int) -> int:
    """How many tokens from ``i`` (a word without ال right after the head) make the name."""
    tokens = doc.tokens
    nxt = doc.after(i)
    if nxt is not None and doc.covered_by(*tokens[nxt][:2], ("LOC", "ORG")):
        return _through_known_name(doc, i, 1)  # 'مؤسسة مطارات دبي': the word, then the known name
    if nxt is not None and tokens[nxt][2].startswith("ال"):
        # 'شركة تسويق النفط العراقية' is a name, 'مجلس إدارة الشركة' a description:
        # a chain of common nouns is a name only when an adjective of origin closes it
        j = nxt
        while j + 1 < len(tokens) and tokens[j + 1][2].startswith("ال") and \
                doc.clean_gap(tokens[j][1], tokens[j + 1][0]) and j - nxt < 4:
            j += 1
        if is_nisba(tokens[j][2]) and tokens[j][2] in doc.ann.nationality_adjectives:
            return j - i + 1
        return 0
    if not doc.ann.is_name_word(tokens[i][2], first=True):
        return 0
    return 1  # 'حركة حماس', 'شركة بوينغ' (not the adjective after it)
