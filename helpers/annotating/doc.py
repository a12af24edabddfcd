"""One document: lexicon hits → patterns → propagation → quotes, numbers and dates."""
from __future__ import annotations

import bisect
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable
from typing import Any

from ..cleaning import normalize, to_raw_span
from .columns import ENTITY_LABELS
from .lexicon import _n
from .patterns import *  # noqa: F403  (phase 1)
from .patterns import MINISTER_WORDS, ORG_HEAD_SET, TITLE_SET
from .scanner import _find_aliases, _scan, _strip_clitic
from .words import _SUFFIXED, _display, _is_nisba, _parse_number, _singular, _stem, _stopword, _tidy, _title_stems

_FIRST = operator.itemgetter(0)


_QUOTE_RE = re.compile(r'“([^“”\n]+)”|«([^«»\n]+)»|"([^"\n]+)"|„([^„“”\n]+)[“”]')
_STRIP = " \t\n.,،٬:;؛!?؟…-–—()[]{}\"'“”«»"
# The look-behind "not after a digit or separator" sits *after* the first digit, so the regex
# engine scans for a digit first (4x faster than trying a look-behind at every position).
_YEAR_RE = re.compile(r"((?:1(?<![\d.,٫٬]1)[5-9]|2(?<![\d.,٫٬]2)[01])\d\d)(?![\d%٪]|[.,٫٬]\d)")  # 1500–2199
_NUMBER_RE = re.compile(r"\d(?<![\d.,٫٬]\d)\d*(?:[.,٫٬]\d+)*")
_COMMA_RE = re.compile(r"\s*[,،]\s*")
_DATELINE_RE = re.compile(r"\s*([^\n\-–—/:]+?)\s*[-–—/]\s*([^\n]+?)\s*$")
_BRACKET_RE = re.compile(r"\s*\(([^()\n]{2,30})\)")
_AFTER_QUOTE_RE = re.compile(r"\s*[,،٬]?\s*(?:و)?(?:بحسب|حسب|وفق|وفقا ل|على حد|على لسان|نقلا عن)\s*")
_YEAR_AFTER_RE = re.compile(r"\s*,?\s*(\d{4})(?!\d)")
_PERCENT_RE = re.compile(r"\s?[%٪]")
_PERCENT_AHEAD_RE = re.compile(r"\s*[%٪]")
_DAY_BEFORE_RE = re.compile(r"(?<![\d.,])(\d{1,2})\s*$")  # searched in the 6 characters before a month
_WORD_BEFORE_RE = re.compile(r"(\S+)\s+$")


class _Doc:
    """The annotation of one text (normalized space); ``run()`` returns span dicts."""

    def __init__(self, ann: Annotator, raw: str, norm: str, offsets: Any):
        self.a = ann
        self.raw = raw
        self.norm = norm
        self.offsets = offsets
        self.raw_starts, self.raw_ends = offsets.starts, offsets.ends
        marked, self.tok_starts, self.tokens, self.digits = _scan(norm)
        self.spans: list[dict] = []
        self.pattern_spans: list[dict] = []  # the spans of self.spans found by a pattern, in order
        self.date_spans: list[dict] = []  # the DATE spans of self.spans, in order
        #: the hits each step looks at, in text order (one pass instead of one per step)
        self.hit_groups = ann._hit_groups(marked)
        #: where lexicon names (PER LOC ORG FRAME) end and start: end → [(start, label)], start → [(end, label)]
        self.cov_end: dict[int, list[tuple[int, str]]] = {}
        self.cov_start: dict[int, list[tuple[int, str]]] = {}
        #: the spans of the labels the steps look up by position (:data:`_BY_START`, :data:`_BY_END`)
        self.by_start: dict[int, list[dict]] = defaultdict(list)
        self.by_end: dict[int, list[dict]] = defaultdict(list)
        self.approx_end: dict[int, int] = {}  # end of an approximator ('أكثر من') → its start
        self._country_counts: Counter | None = None
        self.titles: dict[str, set[str]] = defaultdict(set)  # PER canonical → title stems

    # -- small utilities -------------------------------------------------------------------

    def raw_text(self, start: int, end: int) -> str:
        """The raw text of the normalized span [start, end) (what :func:`to_raw_span` maps it to)."""
        if start < end:  # to_raw_span without its checks: the span is inside the text
            return self.raw[int(self.raw_starts[start]):int(self.raw_ends[end - 1])]
        a, b = to_raw_span(self.offsets, start, end)
        return self.raw[a:b]

    def display(self, start: int, end: int) -> str:
        """The raw text of a normalized span without diacritics/tatweel (for ``canonical``)."""
        return _display(self.raw_text(start, end))

    def digit_matches(self, rx: re.Pattern) -> Iterable[re.Match]:
        """``rx.finditer(norm)`` for a pattern that can only match from a decimal digit on: the
        same matches, looked for at the digits only instead of at every character."""
        if self.digits is None:
            return rx.finditer(self.norm)
        found = []
        match, norm, end = rx.match, self.norm, 0
        for p in self.digits:
            if p >= end:
                m = match(norm, p)
                if m:
                    found.append(m)
                    end = m.end()
        return found

    def tok_index(self, pos: int) -> int:
        """Index of the first token that starts at or after ``pos``."""
        return bisect.bisect_left(self.tok_starts, pos)

    def clean_gap(self, a: int, b: int) -> bool:
        """Only spaces (no line break, no punctuation) between ``a`` and ``b``."""
        return not self.norm[a:b].strip(" ")

    def next_tok(self, pos: int) -> int | None:
        """Token right after ``pos`` if only spaces separate them."""
        i = bisect.bisect_left(self.tok_starts, pos)
        if i < len(self.tok_starts) and not self.norm[pos:self.tok_starts[i]].strip(" "):
            return i
        return None

    def after(self, i: int) -> int | None:
        """The token right after token ``i`` if only spaces separate them (``next_tok`` of its end)."""
        j = i + 1
        tokens = self.tokens
        if j < len(tokens) and not self.norm[tokens[i][1]:tokens[j][0]].strip(" "):
            return j
        return None

    def covered_by(self, start: int, end: int, labels: Iterable[str]) -> bool:
        """Is the token [start, end) part of a lexicon name (its last word, or its first word,
        also behind a clitic: ``وتركيا``)? Lexicon names sit on word boundaries, so two lookups do."""
        names = self.cov_end.get(end)
        if names:
            for s, lab in names:
                if s <= start + 2 and lab in labels:
                    return True
        cov_start = self.cov_start
        for p in (start, start + 1, start + 2):
            names = cov_start.get(p)
            if names:
                for e, lab in names:
                    if e >= end and lab in labels:
                        return True
        return False

    def known_end(self, start: int, end: int) -> int:
        """End of the lexicon name (LOC/ORG/PER) that the token [start, end) opens or belongs to."""
        best = end
        for p in (start, start + 1, start + 2):
            for e, lab in self.cov_start.get(p, ()):
                if e > best and lab != "FRAME":
                    best = e
        return best

    def add(self, start: int, end: int, label: str, canonical: str | None, source: str, *,
            speaker: str | None = None, value: Any = None, unit: str | None = None) -> dict:
        sp = {"start": start, "end": end, "label": label, "canonical": canonical, "source": source,
              "speaker": speaker, "value": value, "unit": unit}
        self.spans.append(sp)
        if source[:7] == "pattern":
            self.pattern_spans.append(sp)
        if label == "DATE":
            self.date_spans.append(sp)
        if label in _BY_START:
            self.by_start[start].append(sp)
            if label in _BY_END:
                self.by_end[end].append(sp)
        return sp

    def _nat(self, word: str) -> bool:
        return word in self.a._nationality

    def spans_at(self, start: int, labels: Container[str]) -> list[dict]:
        return [sp for sp in self.by_start.get(start, ()) if sp["label"] in labels]

    def is_descriptor(self, i: int) -> bool:
        """A token that may stand between a title and the name (``الخارجية``, ``الإسرائيلي``, ``أذربيجان``)."""
        s, e, w = self.tokens[i]
        if w in NOT_NAME:
            return False
        if w.startswith(("ال", "لل", "وال")):
            return True
        if w in TITLE_LINKS or w in TITLE_SET or w in ORG_HEAD_SET or w in INSTITUTION_WORDS:
            return True
        if self.covered_by(s, e, ("LOC", "ORG")):
            return True
        # 'لسيمنس', 'لمنطقة': a genitive with ل inside a long title
        return w[0] == "ل" and len(w) >= 5 and not self.covered_by(s, e, ("PER",))

    # -- 1. lexicon ---------------------------------------------------------------------------

    def lexicon(self) -> None:
        spans, by_start, by_end = self.spans, self.by_start, self.by_end
        cov_end, cov_start = self.cov_end, self.cov_start
        for start, end, entry in self.hit_groups["lex"]:
            lab = entry.label
            # what self.add does, inlined: this is the most frequent span
            sp = {"start": start, "end": end, "label": lab, "canonical": entry.canonical,
                  "source": entry.source, "speaker": None, "value": None, "unit": None}
            spans.append(sp)
            if lab in _BY_START:
                by_start[start].append(sp)
                if lab in _BY_END:
                    by_end[end].append(sp)
            cov_end.setdefault(end, []).append((start, lab))
            cov_start.setdefault(start, []).append((end, lab))
        approx_end = self.approx_end
        for start, end, _ in self.hit_groups["approx"]:
            approx_end[end] = min(approx_end.get(end, start), start)

    # -- 2. context patterns for names ---------------------------------------------------------

    def name_after(self, i: int, *, max_tokens: int = 4) -> int:
        """Number of name tokens starting at token ``i`` (0 if none)."""
        k = 0
        particles = 0
        while i + k < len(self.tokens) and k - particles < max_tokens:
            s, e, w = self.tokens[i + k]
            if k and not self.clean_gap(self.tokens[i + k - 1][1], s):
                break
            if k and w in NAME_PARTICLES:
                particles += 1
            if self.covered_by(s, e, ("LOC", "ORG", "FRAME")):
                break
            if w.startswith("ال"):
                prev = self.tokens[i + k - 1][2] if k else ""
                if not k or w in TITLE_SET or w in ORG_HEADS_DEF or not self.a.is_name_word(w, first=False):
                    break
                k += 1
                if prev not in NAME_PARTICLES and w not in NAME_PARTICLES:
                    break  # a family name in ال ends the name: 'حسن الجبوري' (but 'آل سعود' goes on)
                continue
            if not (self.a.is_name_word(w, first=(k == 0)) or self._is_ali(s, e, w) or
                    (_SUFFIXED(w) and self._name_follows(i + k)) or
                    (k and len(w) >= 4 and self.a.is_name_word(w, first=False, stop=False))):
                break
            k += 1
        while k and self.tokens[i + k - 1][2] in NAME_PARTICLES:
            k -= 1
        # a lone word in ة is a noun far more often than a (female) name without a surname
        if k == 1 and self.tokens[i][2].endswith("ة"):
            return 0
        return k

    def _name_follows(self, j: int) -> bool:
        """Is token ``j`` (a word that looks suffixed, like تيريه) followed by a name word?
        Then it is a first name (``تيريه أسلاند``); a pronoun suffix ends a noun (``رغبة بلاده``)."""
        if j + 1 >= len(self.tokens) or not self.clean_gap(self.tokens[j][1], self.tokens[j + 1][0]):
            return False
        w = self.tokens[j][2]
        nxt = self.tokens[j + 1][2]
        return len(w) >= 4 and not w.endswith(("ات", "نا", "هم", "ها")) and not _stopword(w) and \
            self.a.is_name_word(nxt, first=False, stop=len(nxt) < 4) and not _SUFFIXED(nxt)

    def _is_ali(self, s: int, e: int, w: str) -> bool:
        """The name علي *Ali*, which normalization (ى → ي) makes look like the preposition على *on*."""
        return w == "علي" and normalize(self.raw_text(s, e), alef_maqsura=False).endswith("ي")

    def _ends_name(self, j: int) -> bool:
        """Does a name end at token ``j`` (punctuation, a complement word or a verb comes next)?"""
        if j + 1 >= len(self.tokens):
            return True
        e = self.tokens[j][1]
        s2, _, w2 = self.tokens[j + 1]
        return not self.clean_gap(e, s2) or w2 in COMPLEMENT or w2 in NOT_NAME or w2 in SPEECH_VERBS

    def _skip_descriptors(self, i: int | None) -> tuple[int | None, list[str]]:
        """From token ``i``, skip the rest of a title (descriptors, 'في السودان', one apposition comma)."""
        words: list[str] = []
        crossed = False
        while i is not None and i < len(self.tokens) and len(words) < 8:
            s, e, w = self.tokens[i]
            if w in ("في", "عن", "من", "لدى", "لدي") and i + 1 < len(self.tokens) and \
                    (self.covered_by(*self.tokens[i + 1][:2], ("LOC", "ORG")) or self.is_descriptor(i + 1)):
                words.append(w)  # 'منسقة الأمم المتحدة في السودان X', 'النائب عن كتلة … X'
                i = self.after(i)
                continue
            if self.is_descriptor(i):
                words.append(w)
                nxt = self.after(i)
                if nxt is None and not crossed and words:
                    m = _COMMA_RE.match(self.norm, e)
                    j = self.tok_index(m.end()) if m else None
                    if m and j is not None and j < len(self.tokens) and self.tokens[j][0] == m.end():
                        crossed = True  # 'رئيس مجلس إدارة الشركة، الشيخ راشد …' (apposition)
                        i = j
                        continue
                i = nxt
                continue
            break
        return i, words

    def titles_pattern(self) -> None:
        for h_start, h_end, entry in self.hit_groups["title"]:
            if entry.label != "@TITLE":
                continue
            i, descr = self._skip_descriptors(self.next_tok(h_end))
            title_words = [entry.key, *descr]
            if i is None or i >= len(self.tokens):
                continue
            s = self.tokens[i][0]
            existing = self.spans_at(s, ("PER",))
            if existing:
                for sp in existing:
                    self.titles[sp["canonical"]] |= _title_stems(tuple(title_words))
                continue
            k = self.name_after(i)
            if k:
                e = self.tokens[i + k - 1][1]
                sp = self.add(s, e, "PER", self.display(s, e), "pattern:title")
                self.titles[sp["canonical"]] |= _title_stems(tuple(title_words))

    def speech_pattern(self) -> None:
        for h_start, h_end, entry in self.hit_groups["verb"]:
            if entry.label != "@VERB":
                continue
            i = self.next_tok(h_end)
            if i is None:
                continue
            s, e, w = self.tokens[i]
            if w.startswith("ال") or self.covered_by(s, e, ("PER", "LOC", "ORG", "FRAME")):
                continue
            if self.spans_at(s, ("PER",)):
                continue
            k = self.name_after(i, max_tokens=3)
            if not k:
                continue
            if k > 1 and not self._ends_name(i + k - 1):
                k = 1
            if k == 1 and not self._ends_name(i) and i + 1 < len(self.tokens) and \
                    not self.covered_by(*self.tokens[i + 1][:2], ("LOC", "ORG", "PER")):
                # 'أعلن ساعر ترحيب …': one word, then more words: keep the one word only if it is
                # a known surname elsewhere; otherwise it is too likely a noun ('أعلن ترحيبه')
                pass
            e = self.tokens[i + k - 1][1]
            self.add(s, e, "PER", self.display(s, e), "pattern:speech")

    def org_pattern(self) -> None:
        norm = self.norm
        for h_start, h_end, entry in self.hit_groups["org"]:
            lab = entry.label
            if lab == "@ORGHEAD":
                j = h_end
                while j < len(norm) and norm[j] == " ":
                    j += 1
                m = _QUOTE_RE.match(norm, j)
                if m:
                    g = m.group(m.lastindex)  # the one group of the alternative that matched
                    a = m.start() + 1 + (len(g) - len(g.lstrip(_STRIP)))
                    b = m.end() - 1 - (len(g) - len(g.rstrip(_STRIP)))
                    if 0 < len(norm[a:b].split()) <= 5:
                        self.add(a, b, "ORG", self.display(a, b), "pattern:org-quoted")
                    continue
                i = self.next_tok(h_end)
                k = self._org_chain(i, definite=False)
                if i is not None and k:
                    e = self.tokens[i + k - 1][1]
                    canon = self.display(h_start, e)
                    inner = [sp for sp in self.spans_at(self.tokens[i][0], ("ORG",))
                             if sp["end"] == e and sp["source"] != "pattern:org-head"]
                    if inner:  # 'شركة بوينغ' → the company's own name
                        canon = inner[0]["canonical"]
                    self.add(h_start, e, "ORG", canon, "pattern:org-head")
            elif lab == "@ORGHEAD_DEF":
                i = self.next_tok(h_end)
                if i is None or not self.tokens[i][2].startswith("ال") or \
                        not (_is_nisba(self.tokens[i][2]) or self.tokens[i][2] in INSTITUTION_ADJECTIVES):
                    continue  # 'المكتب' alone is an anaphor; 'المكتب الوطني …' a name
                k = self._org_chain(i, definite=True)
                if k:
                    e = self.tokens[i + k - 1][1]
                    self.add(h_start, e, "ORG", self.display(h_start, e), "pattern:org-head")
            elif lab == "@BODY":
                p = self.tok_index(h_start) - 1
                if any(self.tokens[q][2] in MINISTER_WORDS for q in range(max(0, p - 2), p + 1)):
                    continue  # 'وزير الخارجية الإسرائيلي' is a title, not the ministry
                i = self.next_tok(h_end)
                if i is not None and self._nat(self.tokens[i][2]):
                    e = self.tokens[i][1]
                    head = BODY_SHORT[entry.key]
                    text = self.display(h_start, e)
                    body = self.display(h_start, h_end)
                    canon = (head + text[len(body):]) if head.startswith("وزارة") and not text.startswith("وزارة") \
                        else text
                    if canon.startswith("ل") and not canon.startswith("ال"):  # لخارجية (لل contraction)
                        canon = "ا" + canon
                    if head.startswith("وزارة") and not canon.startswith("وزارة"):
                        canon = "وزارة " + canon
                    self.add(h_start, e, "ORG", canon, "pattern:body")

    def _org_chain(self, i: int | None, *, definite: bool) -> int:
        """How many tokens after an organisation head belong to its name (0 = not a name)."""
        if i is None:
            return 0
        k = 0
        proper = False
        while i + k < len(self.tokens) and k < 8:
            s, e, w = self.tokens[i + k]
            if k and not self.clean_gap(self.tokens[i + k - 1][1], s):
                break
            if self.covered_by(s, e, ("FRAME",)) and not self.covered_by(s, e, ("ORG", "LOC")):
                break
            if self.covered_by(s, e, ("LOC", "ORG", "PER")):
                end_known = self.known_end(s, e)
                while i + k < len(self.tokens) and self.tokens[i + k][1] <= end_known:
                    k += 1
                if k == 1 or proper:
                    break  # 'سفارة أذربيجان', 'مؤسسة مطارات دبي': a known name closes it
                continue
            if w.startswith(("ال", "وال")) and k:
                if w in NOT_NAME or w in self.a._weekdays or w in RELATIVE_DATE_NOUNS or w in DATE_MODIFIERS:
                    break
                k += 1
                continue
            if w.startswith("ال"):
                if w in NOT_NAME or w in self.a._weekdays or w in RELATIVE_DATE_NOUNS or w in DATE_MODIFIERS:
                    break
                k += 1
                if self._nat(w) and not definite:
                    break
                continue
            if w.startswith("لل") and k:
                k += 1  # 'البنك الأوروبي للاستثمار'
                continue
            if w.startswith("ل") and k and i + k + 1 < len(self.tokens) and \
                    self.tokens[i + k + 1][2].startswith("ال") and self.clean_gap(e, self.tokens[i + k + 1][0]):
                k += 1  # 'مكتب الأمم المتحدة لتنسيق الشؤون'
                continue
            if k == 0 and w.isalpha() and w not in NOT_NAME and w not in ORG_HEAD_SET and w not in TITLE_SET:
                nxt = self.after(i + k)
                if nxt is not None and self.covered_by(*self.tokens[nxt][:2], ("LOC", "ORG")):
                    k += 1  # 'مؤسسة مطارات دبي', 'سفارة أذربيجان …'
                    proper = True
                    continue
                if nxt is not None and self.tokens[nxt][2].startswith("ال"):
                    # 'شركة تسويق النفط العراقية' is a name, 'مجلس إدارة الشركة' a description:
                    # a chain of common nouns is a name only when an adjective of origin closes it
                    j = nxt
                    while j + 1 < len(self.tokens) and self.tokens[j + 1][2].startswith("ال") and \
                            self.clean_gap(self.tokens[j][1], self.tokens[j + 1][0]) and j - nxt < 4:
                        j += 1
                    if _is_nisba(self.tokens[j][2]) and self._nat(self.tokens[j][2]):
                        return j - i + 1
                    return 0
                if not self.a.is_name_word(w, first=True):
                    return 0
                k += 1
                proper = True
                break  # 'حركة حماس', 'شركة بوينغ' (not the adjective after it)
            break
        return k

    def dateline(self) -> None:
        """``القدس/ الأناضول``, ``الرباط - رويترز``: in a short early line 'PLACE - OUTLET', the outlet is an ORG."""
        norm = self.norm
        pos = 0
        for _ in range(4):
            nl = norm.find("\n", pos)
            line_end = len(norm) if nl < 0 else nl
            m = _DATELINE_RE.match(norm, pos, line_end) if len(norm[pos:line_end].split()) <= 7 else None
            if m:
                a, b = m.start(2), m.end(2)
                while a < b and norm[a] in _STRIP:
                    a += 1
                while b > a and norm[b - 1] in _STRIP:
                    b -= 1
                place = (m.start(1), m.end(1))
                loc_starts = [s for s, lab in self.cov_end.get(place[1], ()) if lab == "LOC"]
                if a < b and loc_starts and min(loc_starts) == place[0] and not re.search(r"\d", norm[a:b]):
                    known = [sp for sp in self.spans_at(a, ("ORG",)) if sp["end"] == b]
                    if not known:
                        self.add(a, b, "ORG", self.display(a, b), "pattern:dateline")
                    # the outlet's name is not a place of its own (الشرق الأوسط the newspaper)
                    self.spans = [sp for sp in self.spans if not (sp["label"] == "LOC" and
                                                                   (sp["start"], sp["end"]) == (a, b))]
                    return
            if nl < 0:
                return
            pos = nl + 1

    def abbreviations(self) -> None:
        """``شركة النفط … (سوكار)``: an abbreviation in brackets right after an ORG is the same ORG."""
        if "(" not in self.norm:
            return
        for sp in [s for s in self.spans if s["label"] == "ORG"]:
            m = _BRACKET_RE.match(self.norm, sp["end"])
            if m and not re.search(r"\d", m.group(1)) and len(m.group(1).split()) <= 3:
                a, b = m.start(1), m.end(1)
                self.add(a, b, "ORG", sp["canonical"], "pattern:abbreviation")
                for other in self.spans_at(a, ("ORG",)):  # the abbreviation means the name before it
                    if other["end"] == b:
                        other["canonical"] = sp["canonical"]

    def loc_pattern(self) -> None:
        for h_start, h_end, entry in self.hit_groups["loc"]:
            lab = entry.label
            if lab == "@LOCHEAD":
                i = self.next_tok(h_end)
                while i is not None and self._nat(self.tokens[i][2]):
                    i = self.after(i)
                if i is None:
                    continue
                s, e, w = self.tokens[i]
                if self.covered_by(s, e, ("LOC", "ORG", "PER", "FRAME")):
                    continue
                if entry.key == "جهة" and not (h_start and self.norm[h_start - 1] == "ب") and \
                        self.tokens[max(0, self.tok_index(h_start) - 1)][2] != "في":
                    continue  # 'من جهة أخرى' (on the other hand); 'بجهة درعة تافيلالت' (in the region of)
                if w.startswith("ال") and (entry.key not in ("العاصمة", "مدينة", "مخيم", "بلدة", "قرية")
                                           or self._nat(w)):
                    continue
                if not self.a.is_name_word(w, first=True) and not w.startswith("ال"):
                    continue
                k = 1
                if w in PLACE_PREFIXES and i + 1 < len(self.tokens) and self.clean_gap(e, self.tokens[i + 1][0]):
                    k = 2
                elif i + 1 < len(self.tokens) and self.clean_gap(e, self.tokens[i + 1][0]):
                    w2 = self.tokens[i + 1][2]
                    after = self.tokens[i + 2][2] if i + 2 < len(self.tokens) else ""
                    # a two-word name closed by punctuation or a preposition: 'جهة سوس ماسة.'
                    if not w2.startswith("ال") and self.a.is_name_word(w2, first=False) and \
                            (self._ends_name(i + 1) or (after[:1] in ("ب", "ل") and len(after) > 3)):
                        k = 2
                e = self.tokens[i + k - 1][1]
                self.add(s, e, "LOC", self.display(s, e), "pattern:loc-head")
            elif lab == "@FACILITY":
                i = self.next_tok(h_end)
                if i is None:
                    continue
                if self.tokens[i][2] in ("غاز", "نفط", "الغاز", "النفط"):
                    i = self.after(i)
                    if i is None:
                        continue
                s, e, w = self.tokens[i]
                if not (self.a.is_name_word(w, first=True) or self.covered_by(s, e, ("LOC",))):
                    continue
                j = self.after(i)
                if j is not None and self.tokens[j][2] == "الدولي":
                    e = self.tokens[j][1]
                canon = self.display(h_start, h_end) + " " + self.display(s, e)
                self.add(h_start, e, "LOC", canon, "pattern:facility")

    # -- 3. propagation and canonical names ------------------------------------------------------

    def propagate(self) -> None:
        aliases: dict[str, tuple[str, str]] = {}
        for sp in self.pattern_spans:
            if sp["label"] in ENTITY_LABELS:
                key = self.norm[sp["start"]:sp["end"]]
                aliases.setdefault(key, (sp["label"], sp["canonical"]))
                if sp["label"] == "PER" and " " in key:
                    last = key.split()[-1]
                    if (len(last) >= 4 and self.a.is_name_word(last, first=True, stop=False)) or \
                            (len(last) == 3 and self.a.is_name_word(last, first=True)):
                        aliases.setdefault(last, ("PER", sp["canonical"]))
        if not aliases:
            return
        have = {(sp["start"], sp["end"], sp["label"]) for sp in self.spans}
        for a, b, alias in _find_aliases(self.norm, aliases):
            label, canon = aliases[alias]
            key = (a, b, label)
            if key in have or self.covered_by(a, b, [x for x in ENTITY_LABELS if x != label]):
                continue
            have.add(key)
            self.add(a, b, label, canon, "propagated")

    def canonicalize(self) -> None:
        """Short forms get the fullest name of the document (``بيراموف`` → ``جيهون بيراموف``)."""
        groups: dict[str, list[dict]] = {"PER": [], "ORG": [], "LOC": []}
        for sp in self.spans:
            if sp["label"] in groups and sp["canonical"]:
                groups[sp["label"]].append(sp)
        for label, group in groups.items():
            if label != "PER" and not any(sp["source"].startswith("pattern") for sp in group):
                continue  # only a person's or a pattern's canonical name changes
            names = {sp["canonical"] for sp in group}
            # the longer names each name is the start of ('جيهون' of 'جيهون بيراموف'), or for a
            # person also the end of, in the order of ``names``
            longer: dict[str, list[str]] = {}
            for n in names:
                i = n.find(" ")
                if i < 0:
                    continue
                parts = set()
                while i >= 0:
                    parts.add(n[:i])
                    if label == "PER":
                        parts.add(n[i + 1:])
                    i = n.find(" ", i + 1)
                for c in parts:
                    if c != n:
                        longer.setdefault(c, []).append(n)
            fullest: dict[str, str] = {}  # a name → the one longer name it stands for
            for c, found in longer.items():
                if c in names and (len(found) == 1 or len({_n(x) for x in found}) == 1):
                    fullest[c] = found[0]
            if not fullest:
                continue
            for sp in group:
                full = fullest.get(sp["canonical"])
                if full and (label == "PER" or sp["source"].startswith("pattern")):
                    sp["canonical"] = full

    # -- 4. quotations ----------------------------------------------------------------------------

    def resolve_role(self, words: list[str]) -> str | None:
        stems = {_stem(w) for w in words} - {""}
        best, score = None, 0
        for canon, tstems in self.titles.items():
            sc = len(stems & tstems)
            if sc > score:
                best, score = canon, sc
        if best and (score >= 2 or score == len(stems)):
            return best
        return None

    def _subject_span(self, start: int) -> dict | None:
        """The longest PER or ORG span starting at ``start`` (a speaker can be an organisation)."""
        found = self.spans_at(start, ("PER", "ORG"))
        return max(found, key=lambda sp: (sp["label"], sp["end"])) if found else None

    def subject_after(self, pos: int, limit: int) -> tuple[str | None, bool]:
        """Speaker named right after a speech verb ending at ``pos``: (canonical, was a subject given)."""
        i = self.next_tok(pos)
        if i is None or self.tokens[i][0] >= limit:
            return None, False
        sp = self._subject_span(self.tokens[i][0])
        if sp:
            return sp["canonical"], True
        w = self.tokens[i][2]
        if w in SUBJECT_NOUNS:
            return None, True  # 'قال مسؤول …': a subject, but no name
        if w in COMPLEMENT or w in NOT_NAME:
            return None, False
        j, role = self._skip_descriptors(i)
        if j is not None and j < len(self.tokens) and self.tokens[j][0] < limit:
            sp = self._subject_span(self.tokens[j][0])
            if sp and sp["label"] == "PER":
                return sp["canonical"], True
        if role:
            return self.resolve_role(role), True
        return None, False

    def _speech_event(self, start: int, end: int, entry: _Entry) -> tuple[str | None, bool]:
        """(speaker, whether a subject is given) of the speech verb or participle at [start, end)."""
        if entry.label == "@PART":
            return None, False
        norm = self.norm
        para_end = norm.find("\n", end)
        para_end = len(norm) if para_end < 0 else para_end
        spk, given = self.subject_after(end, para_end)
        if not given:  # 'ساعر قال …' (subject before the verb)
            j = start
            while j > 0 and norm[j - 1] == " ":
                j -= 1
            before = [sp for sp in self.by_end.get(j, ()) if sp["label"] in ("PER", "ORG")]
            if before:
                spk, given = before[-1]["canonical"], True
        return spk, given

    def quotes(self) -> None:
        norm = self.norm
        verbs = sorted(self.hit_groups["speech"], key=_FIRST)  # speech verbs and participles
        ev_pos = [h[0] for h in verbs]
        events: list[tuple[str | None, bool] | None] = [None] * len(verbs)  # (speaker, subject given)

        def event(k: int) -> tuple[str | None, bool]:
            """Who speech verb ``k`` names, worked out the first time a quotation needs it."""
            ev = events[k]
            if ev is None:
                ev = events[k] = self._speech_event(*verbs[k])
            return ev

        quotes = []
        for m in _QUOTE_RE.finditer(norm):
            gi = m.lastindex  # the one group of the alternative that matched
            a, b = m.start(gi), m.end(gi)
            while a < b and norm[a] in _STRIP:
                a += 1
            while b > a and norm[b - 1] in _STRIP:
                b -= 1
            if a >= b:
                continue
            quotes.append((m.start(), m.end(), a, b))
        # a headline 'SPEAKER: words' with no quote marks
        first_nl = norm.find("\n")
        head = norm[: first_nl if first_nl >= 0 else len(norm)]
        if ":" in head and not _QUOTE_RE.search(head) and len(head.split()) <= 20 and \
                not head.rstrip().endswith((".", "..")):
            c = head.index(":")
            a, b = c + 1, len(head)
            while a < b and norm[a] in _STRIP:
                a += 1
            while b > a and norm[b - 1] in _STRIP:
                b -= 1
            if len(head[:c].split()) <= 8 and a < b:
                role = [w for w in head[:c].split() if w not in NOT_NAME]
                per = [sp for sp in self.spans if sp["label"] == "PER" and sp["end"] <= c]
                spk = per[-1]["canonical"] if per else self.resolve_role(role)
                self.add(a, b, "QUOTE", None, "pattern:headline", speaker=spk)
        said: list[tuple[int, str]] = []  # (position, speaker) of every named speaker so far
        for qs, qe, a, b in quotes:
            words = norm[a:b].split(maxsplit=5)  # the first word, and whether there are more than 5
            lead = norm[max(0, qs - 30):qs].rsplit(maxsplit=1)  # the last word before it
            if lead and _strip_clitic(lead[-1]) in QUOTED_NAME_HEADS:
                continue
            if words and _strip_clitic(words[0]) in NAME_HEADS and len(words) <= 5:
                continue
            if any(sp["end"] == b for sp in self.spans_at(a, ENTITY_LABELS)):
                continue
            para_start = norm.rfind("\n", 0, qs) + 1
            speaker: str | None = None
            decided = False
            after = _AFTER_QUOTE_RE.match(norm, qe)
            if after:
                sp = self._subject_span(after.end())
                if sp:
                    speaker, decided = sp["canonical"], True
            if not decided:
                lo, hi = bisect.bisect_left(ev_pos, para_start), bisect.bisect_left(ev_pos, qs)
                # the last verb before the quotation in its paragraph that has a subject
                k = next((k for k in range(hi - 1, lo - 1, -1) if event(k)[1]), None)
                if k is not None:
                    speaker, decided = event(k)[0], True
                elif lo < hi or ":" in norm[para_start:qs] or after:
                    # 'وأضاف: "…"', 'مضيفا: "…"', 'وفق تعبيره': the last speaker goes on
                    k = next((k for k in range(lo - 1, -1, -1) if event(k)[1] and event(k)[0]), None)
                    cands = ([(ev_pos[k], event(k)[0])] if k is not None else []) + (said[-1:] if said else [])
                    speaker = max(cands)[1] if cands else None
            if speaker is not None:
                said.append((qs, speaker))
            self.add(a, b, "QUOTE", None, "pattern:quote", speaker=speaker)

    def dates(self) -> None:
        norm = self.norm
        months = self.a._months
        mrx = self.a._month_pair_rx
        for h_start, h_end, entry in self.hit_groups["date"]:
            key = entry.key
            if entry.label == "DATE" and key in months:
                start, end = h_start, h_end
                day = _DAY_BEFORE_RE.search(norm[max(0, start - 6):start])
                if day:
                    start = start - len(norm[max(0, start - 6):start]) + day.start(1)
                m2 = mrx.match(norm, end)
                pair = False
                if m2 and months.get(m2.group(1)) == months[key]:
                    end, pair = m2.end(), True  # 'أكتوبر/ تشرين الأول', 'يناير كانون الثاني'
                lo = max(0, start - 40)
                if any(lo <= sp["start"] <= start < sp["end"] for sp in self.date_spans):
                    continue  # the second name of a pair already taken
                year = _YEAR_AFTER_RE.match(norm, end)
                y = None
                if year:
                    end, y = year.end(), int(year.group(1))
                mod = None
                if not day and not year:
                    i = self.next_tok(end)
                    if i is not None and self.tokens[i][2] in DATE_MODIFIERS:
                        end = self.tokens[i][1]
                        mod = True
                if not (day or year or mod or pair):
                    continue
                wd = _WORD_BEFORE_RE.search(norm[max(0, start - 12):start])
                if day and wd and _strip_clitic(wd.group(1), self.a._weekdays) in self.a._weekdays:
                    start -= len(wd.group(0))  # 'الاثنين 10 مارس 2025' is one date
                    start += len(wd.group(1)) - len(_strip_clitic(wd.group(1), self.a._weekdays))
                d = int(day.group(1)) if day else None
                value = None
                if y and d and 1 <= d <= 31:
                    value = f"{y:04d}-{months[key]:02d}-{d:02d}"
                elif y:
                    value = f"{y:04d}-{months[key]:02d}"
                self.add(start, end, "DATE", None, "pattern:date", value=value)
            elif entry.label == "DATE" and key in self.a._weekdays:
                end = h_end
                if self.a._day_month_rx.match(norm, end):
                    continue  # taken with the date after it
                i = self.next_tok(end)
                if i is not None and self.tokens[i][2] in DATE_MODIFIERS:
                    end = self.tokens[i][1]
                self.add(h_start, end, "DATE", None, "pattern:weekday")
            elif entry.label == "@RELDATE":
                if key in RELATIVE_DATE_WORDS:
                    i = self.next_tok(h_end)
                    if key == "اليوم" and i is not None and self.tokens[i][2].startswith("ال") and \
                            self.tokens[i][2] not in self.a._weekdays:
                        continue  # 'اليوم الأول من المعرض' is a day, not 'today'
                    self.add(h_start, h_end, "DATE", None, "pattern:relative")
                    continue
                i = self.next_tok(h_end)
                if i is not None and self.tokens[i][2] in DATE_MODIFIERS:
                    self.add(h_start, self.tokens[i][1], "DATE", None, "pattern:relative")
        taken = self._label_mask("DATE")
        for m in self.digit_matches(_YEAR_RE):
            if taken[m.start()] and taken[m.end() - 1]:
                continue
            if self._quantity_follows(m.end()) or self._approx_before(m.start()) is not None:
                continue
            self.add(m.start(), m.end(), "DATE", None, "pattern:year", value=m.group(1))

    def _label_mask(self, label: str) -> bytearray:
        """``mask[i]`` is 1 where character ``i`` of the normalized text is inside a ``label`` span."""
        mask = bytearray(len(self.norm) + 1)
        for sp in (self.date_spans if label == "DATE" else [sp for sp in self.spans if sp["label"] == label]):
            mask[sp["start"]:sp["end"]] = b"\x01" * (sp["end"] - sp["start"])
        return mask

    def _approx_before(self, pos: int) -> int | None:
        j = pos
        while j > 0 and self.norm[j - 1] == " ":
            j -= 1
        return self.approx_end.get(j)

    def _quantity_follows(self, pos: int) -> bool:
        i = self.next_tok(pos)
        if i is None:
            return _PERCENT_AHEAD_RE.match(self.norm, pos, pos + 3) is not None
        w = self.tokens[i][2]
        return w in SCALES or w in self.a._units

    def quantities(self) -> None:
        norm = self.norm
        dates = self._label_mask("DATE")
        unit_rx = self.a._unit_rx
        cands: list[tuple[int, int, float]] = []
        for m in self.digit_matches(_NUMBER_RE):
            if dates[m.start()]:
                continue
            cands.append((m.start(), m.end(), _parse_number(m.group())))
        for h_start, h_end, entry in self.hit_groups["num"]:
            if entry.label == "@NUMWORD":
                cands.append((h_start, h_end, float(NUMBER_WORDS[entry.key])))
            elif entry.label == "@SCALE":
                k = self.tok_index(h_start) - 1
                if k < 0 or not (self.tokens[k][2][0].isdigit() or self.tokens[k][2] in NUMBER_WORDS):
                    cands.append((h_start, h_end, 1.0))  # 'مليون برميل': the multiplier is the number
        for s, e, value in cands:
            is_word = not norm[s].isdigit()
            start, end, unit = s, e, None
            approx = self._approx_before(s)
            if approx is not None:
                start = approx
            i = self.next_tok(end)
            if is_word and norm[s:e] in SCALES:
                value = SCALES[norm[s:e]]
            elif i is not None and self.tokens[i][2] in SCALES:
                value *= SCALES[self.tokens[i][2]]
                end = self.tokens[i][1]
            pm = _PERCENT_RE.match(norm, end)
            um = unit_rx.match(norm, end)
            if pm:
                end, unit = pm.end(), "%"
            elif um:
                end, unit = um.end(), self._currency(self.a._units[um.group(1)])
            else:
                i = self.next_tok(end)
                if i is not None:
                    w = self.tokens[i][2]
                    w2 = self.tokens[i + 1][2] if i + 1 < len(self.tokens) and \
                        self.clean_gap(self.tokens[i][1], self.tokens[i + 1][0]) else ""
                    if f"{w} {w2}" in COMPOUND_NOUNS:
                        end = self.tokens[i + 1][1]
                        unit = self.display(self.tokens[i][0], end)
                    elif self._counted_noun(w):
                        end = self.tokens[i][1]
                        unit = _singular(self.display(self.tokens[i][0], end))
                        if 3 <= value <= 10 and unit.endswith("ات") and len(unit) > 4:
                            unit = unit[:-2] + "ة"  # 'ثلاث رصاصات' counts رصاصة
            if is_word and unit is None:
                continue
            self.add(start, end, "QUANTITY", None, "pattern:quantity", value=_tidy(value), unit=unit)

    def _currency(self, unit: str) -> str:
        """A currency name several countries use (درهم، دينار، ريال، ليرة، جنيه) → the ISO code of the
        country the article mentions most; without one, the most frequent in the news (or the name)."""
        table = CURRENCY_BY_COUNTRY.get(unit)
        if not table:
            return unit
        if self._country_counts is None:
            self._country_counts = Counter(sp["canonical"] for sp in self.spans if sp["label"] == "LOC")
        best = max(table, key=lambda c: self._country_counts.get(c, 0))
        if self._country_counts.get(best, 0):
            return table[best]
        return CURRENCY_DEFAULT.get(unit, unit)

    def _counted_noun(self, w: str) -> bool:
        if not w.isalpha() or w.startswith("ال") or w in NOT_NAME or w in self.a._months or w in SPEECH_VERBS:
            return False
        if w in DURATIONS:
            return True
        return not _stopword(w) and len(w) >= 3

    # -- run --------------------------------------------------------------------------------------

    def run(self) -> list[dict]:
        self.lexicon()
        self.dateline()
        self.org_pattern()
        self.abbreviations()
        self.loc_pattern()
        self.titles_pattern()
        self.speech_pattern()
        self.propagate()
        self.canonicalize()
        self.quotes()
        self.dates()
        self.quantities()
        return _resolve(self.spans)


#: Labels of the spans the steps look up where they start (names), and where they end (who speaks).
_BY_START = frozenset(ENTITY_LABELS)
_BY_END = frozenset(("PER", "ORG"))


def _resolve(spans: list[dict]) -> list[dict]:
    """Within one label keep the longest spans, never two that overlap (rule 6 of the guidelines).

    Lexicon spans win ties over pattern spans; identical spans are merged.
    """
    out: list[dict] = []
    by_label: dict[str, list[dict]] = defaultdict(list)
    for sp in spans:
        by_label[sp["label"]].append(sp)
    for group in by_label.values():
        group.sort(key=lambda sp: (sp["start"] - sp["end"], sp["source"][:7] == "pattern", sp["start"]))
        starts: list[int] = []  # kept spans, sorted by start (they never overlap)
        ends: list[int] = []
        for sp in group:
            a, b = sp["start"], sp["end"]
            k = bisect.bisect_left(starts, a)
            if (k < len(starts) and starts[k] < b) or (k > 0 and ends[k - 1] > a):
                continue
            starts.insert(k, a)
            ends.insert(k, b)
            out.append(sp)
    return out
