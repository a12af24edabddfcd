"""The compiled annotator: one Aho–Corasick automaton over every lexicon surface and trigger word."""
from __future__ import annotations

import bisect
import functools
import operator
import re
from collections import defaultdict
from collections.abc import Container
from typing import NamedTuple

import ahocorasick
import pandas as pd

from ..cleaning import normalize_with_offsets
from .columns import _column_arrays, _frame, _raw_columns, _records
from .corpus import _gc_paused
from .doc import _Doc
from .lexicon import _CONTRACTED, _PROCLITICS, _PROCLITICS_AL, _n, check_lexicon, load_lexicon
from .patterns import *  # noqa: F403  (phase 1)
from .patterns import TITLE_SET, ORG_HEAD_SET
from .scanner import _alternation, _mark
from .words import _SUFFIXED, _stopword

_FIRST_TWO = operator.itemgetter(0, 1)


class _Entry(NamedTuple):  # a tuple of strings: the garbage collector soon stops tracking it
    label: str  # PER LOC ORG FRAME UNIT DATE, or a trigger kind starting with "@"
    canonical: str
    source: str
    key: str  # normalized surface without clitics


#: A match of the automaton: ``(start, end, entry)`` in the normalized text, clitics excluded.
_Hit = tuple[int, int, _Entry]


class Annotator:
    """A compiled annotator: the Aho–Corasick automaton over all lexicon surfaces and triggers.

    Build one with your own lexicon frame (same columns as :func:`load_lexicon`) to annotate a
    corpus with extra names; :func:`annotate` uses a cached default one.

    Example:
        >>> lex = pd.concat([load_lexicon(), pd.DataFrame([{"surface": "زاكورة", "label": "LOC",
        ...     "canonical": "زاكورة", "source": "mine"}])])
        >>> Annotator(lex).annotate("زار زاكورة")[["text", "source"]].values.tolist()
        [['زاكورة', 'mine']]
    """

    def __init__(self, lexicon: pd.DataFrame | None = None):
        lexicon = load_lexicon() if lexicon is None else check_lexicon(lexicon)
        self.lexicon = lexicon
        self.n_entries = 0
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        table: dict[str, list[tuple[_Entry, int]]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        self._all_entries: list[_Entry] = []

        def add(surface: str, label: str, canonical: str, source: str) -> None:
            key = _n(surface)
            if not key or (key, label) in seen:
                return
            seen.add((key, label))
            self.n_entries += 1
            entry = _Entry(label, canonical, source, key)
            self._all_entries.append(entry)
            mk, n = _mark(key), len(key)  # proclitics are letters: marking a variant adds them as they are
            if key.startswith("ال") and n > 3:
                variants = [(p + mk, len(p), len(p) + n) for p in _PROCLITICS_AL] + \
                           [(p + mk[1:], len(p), len(p) + n - 1) for p in _CONTRACTED]
            elif key[0].isalpha():
                variants = [(p + mk, len(p), len(p) + n) for p in _PROCLITICS]
            else:
                variants = [(mk, 0, n)]
            for marked, plen, form_len in variants:
                if marked.strip():
                    table[f" {marked} "].append((entry, plen, form_len))

        for row in lexicon.itertuples(index=False):
            add(row.surface, row.label, row.canonical, row.source)
        for kind, words in [("@TITLE", TITLES), ("@VERB", SPEECH_VERBS), ("@PART", SPEECH_PARTICIPLES),
                            ("@ATTR", ATTRIBUTION), ("@ORGHEAD", ORG_HEADS), ("@LOCHEAD", LOC_HEADS),
                            ("@FACILITY", FACILITY_HEADS), ("@BODY", list(BODY_SHORT)),
                            ("@ORGHEAD_DEF", sorted(ORG_HEADS_DEF)),
                            ("@APPROX", APPROXIMATORS), ("@RELDATE", RELATIVE_DATE_NOUNS + list(RELATIVE_DATE_WORDS)),
                            ("@NAMEHEAD", sorted(NAME_HEADS)), ("@NUMWORD", list(NUMBER_WORDS)),
                            ("@SCALE", list(SCALES))]:
            for w in words:
                add(w, kind, w, "pattern")
        self.n_surface_forms = len(table)
        #: a second automaton with the names and framing terms only, for :meth:`lexicon_matches`
        self.lex_automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for form, entries in table.items():
            # what a match of ``form`` ending at ``end`` gives: (start - end, entry, steps that use it)
            self.automaton.add_word(form, tuple((plen - flen, e, _GROUP_INDEX[g])
                                                for e, plen, flen in entries for g in _HIT_GROUPS.get(e.label, ())))
            lex = tuple(e for e in entries if e[0].label in ("PER", "LOC", "ORG", "FRAME"))
            if lex:
                self.lex_automaton.add_word(form, lex)
        self.automaton.make_automaton()
        self.lex_automaton.make_automaton()
        self._months = {e.key: int(e.canonical) for e in self._entries("DATE") if e.source.startswith("cldr:months")}
        self._weekdays = {e.key: e.canonical for e in self._entries("DATE") if e.source.startswith("cldr:days")}
        self._units = {e.key: e.canonical for e in self._entries("UNIT")}
        self._nationality = self._nationality_adjectives()
        self._name_words: dict[tuple[str, bool, bool], bool] = {}
        self._unit_re = _alternation(self._units)
        self._month_re = _alternation(self._months)
        self._unit_rx = re.compile(rf"\s*({self._unit_re})(?![^\W\d_])")
        self._month_pair_rx = re.compile(rf"\s*/?\s*({self._month_re})(?![^\W\d_])")
        self._day_month_rx = re.compile(rf"\s+\d{{1,2}}\s+(?:{self._month_re})")

    # -- helpers ---------------------------------------------------------------------------

    def _entries(self, label: str) -> list[_Entry]:
        """The entries of ``label`` (one per normalized surface)."""
        return [e for e in self._all_entries if e.label == label]

    def _nationality_adjectives(self) -> set[str]:
        """Nisba adjectives derived from the place names (إسرائيل → الإسرائيلي, الإسرائيلية …)."""
        stems = set()
        for e in self._entries("LOC"):
            if " " in e.key:
                continue
            w = e.key[2:] if e.key.startswith("ال") else e.key
            for suffix in ("يا", "ية", "ا", "ة", "ى"):
                if w.endswith(suffix) and len(w) - len(suffix) >= 2:
                    w = w[: -len(suffix)]
                    break
            stems.add(w)
        stems |= {"امريك", "اميرك", "عرب", "يهود", "غرب", "اوروب", "اسلام", "دول", "خليج", "اسيو", "افريق",
                  "شرق", "امم", "اقليم", "مسيح", "سن", "شيع", "كرد", "ترك", "فارس", "صهيون", "اسرائيل",
                  "فلسطين", "سعود", "امارات", "بريطان", "روس", "صين", "هند", "سودان", "مغرب"}
        out = set()
        for s in stems:
            for suf in ("ي", "ية", "يين", "يون", "يتين", "يان"):
                out.add(s + suf)
                out.add("ال" + s + suf)
        return out

    def is_nationality(self, word: str) -> bool:
        """True for a nationality/regional adjective: ``is_nationality("الإسرائيلية")`` → True."""
        return _n(word) in self._nationality

    def is_name_word(self, word: str, first: bool, stop: bool = True) -> bool:
        """Can ``word`` (normalized) be part of a person's or place's name: not a stopword, title,
        date word …? ``first``: as the name's first word. The answer depends on the word and this
        annotator's lexicon only, so it is remembered (names and nouns recur across a corpus).

        Example:
            >>> ann = default_annotator()
            >>> ann.is_name_word("بيراموف", first=True), ann.is_name_word("الذي", first=True)
            (True, False)
        """
        key = (word, first, stop)
        known = self._name_words.get(key)
        if known is None:
            if len(self._name_words) > 500_000:  # a bound for very large corpora
                self._name_words.clear()
            known = self._name_words[key] = self._is_name_word(word, first, stop)
        return known

    def _is_name_word(self, word: str, first: bool, stop: bool) -> bool:
        """``stop=False`` skips the stopword lists, whose generated clitic forms also hold a few
        names (لانا = ل + أنا, منى, ليلى): used for the second word of a name only."""
        w = word
        if w in NAME_PARTICLES and not first:
            return True
        if len(w) < 2 or not w.isalpha() or w in NOT_NAME or w in SCALES or w in NUMBER_WORDS:
            return False
        if w in self._months or w in self._weekdays or w in DURATIONS or w in SPEECH_VERBS:
            return False
        if w in SPEECH_PARTICIPLES or w in TITLE_SET or w in ORG_HEAD_SET or w in LOC_HEADS or \
                w in INSTITUTION_WORDS or w in ORG_HEADS_DEF or w in BODY_SHORT or w in DATE_MODIFIERS:
            return False
        if w in RELATIVE_DATE_NOUNS or w in RELATIVE_DATE_WORDS:
            return False
        if w.startswith(("لل", "بال", "وال", "فال", "كال")) and len(w) > 4:
            return False  # a preposition or conjunction + ال: للمنتخب، بالعاصمة
        if w.endswith("ا") and (w[:-1] in TITLE_SET or w[:-1] in ORG_HEAD_SET or w[:-1] in INSTITUTION_WORDS):
            return False  # a title in the accusative: 'تعيينه مدربا'
        if not first and w.startswith("و") and len(w) > 3:
            return False
        if _SUFFIXED(w):
            return False  # plural nouns and nouns with a pronoun suffix (بلاده، رغبتنا) are not names
        if stop and _stopword(w):
            return False
        if w in self._nationality:
            return False
        return True

    # -- matching --------------------------------------------------------------------------

    def _hit_groups(self, marked: str) -> dict[str, list[_Hit]]:
        """Every lexicon/trigger match of whole words (clitics excluded from the span), grouped by
        the steps of :class:`_Doc` that look at them (:data:`_HIT_GROUPS`), each in text order.

        Keys are stored as ``" form "`` and searched in ``" " + marked + " "`` (the text where every
        character that is not a letter or digit became a space, from :func:`_scan`): the automaton
        then only reports whole words, with no boundary check in Python.
        """
        groups: list[list[_Hit]] = [[] for _ in _GROUP_NAMES]
        for end_idx, entries in self.automaton.iter(f" {marked} "):
            end = end_idx - 1  # the key's closing space is norm[end]
            for offset, entry, g in entries:
                groups[g].append((end + offset, end, entry))
        return dict(zip(_GROUP_NAMES, groups))

    def records(self, text: str) -> list[dict]:
        """The spans of one raw article as a list of dicts (the rows :meth:`annotate` puts in a frame)."""
        return _records(self.columns(text))

    def columns(self, text: str) -> dict[str, list]:
        """The spans of one raw article as one list per column of :data:`SPAN_COLUMNS`."""
        if not isinstance(text, str):
            raise TypeError(f"annotate expects the raw article text as str, got {type(text).__name__}")
        with _gc_paused():  # thousands of short-lived, acyclic objects per article: no cycle to collect
            norm, offsets = normalize_with_offsets(text)
            rows = _Doc(self, text, norm, offsets).run()
            return _raw_columns(text, offsets, rows)

    def lexicon_matches(self, text: str, labels: Container[str] = ("PER", "LOC", "ORG", "FRAME")) -> list[dict]:
        """Only the lexicon layer (no patterns, quotes, numbers or dates): the fast path.

        Normalization with offsets, one automaton pass, longest non-overlapping match per label,
        offsets mapped back to the raw text. Returns span dicts like :meth:`records`.

        Example:
            >>> [r["text"] for r in default_annotator().lexicon_matches("وبإسرائيل وللقدس")]
            ['إسرائيل', 'لقدس']
        """
        if not isinstance(text, str):
            raise TypeError(f"expected the raw article text as str, got {type(text).__name__}")
        norm, offsets = normalize_with_offsets(text)
        found = []
        for end_idx, entries in self.lex_automaton.iter(f" {_mark(norm)} "):
            end = end_idx - 1
            for entry, plen, form_len in entries:
                if entry.label in labels:
                    start = end - form_len + plen
                    found.append((start - end, start, end, entry))
        found.sort(key=_FIRST_TWO)  # longest first, then leftmost
        kept: dict[str, tuple[list[int], list[int]]] = {}
        rows = []
        for _, start, end, entry in found:
            starts, ends = kept.setdefault(entry.label, ([], []))
            k = bisect.bisect_left(starts, start)
            if (k < len(starts) and starts[k] < end) or (k > 0 and ends[k - 1] > start):
                continue
            starts.insert(k, start)
            ends.insert(k, end)
            rows.append({"start": start, "end": end, "label": entry.label, "canonical": entry.canonical,
                         "source": entry.source, "speaker": None, "value": None, "unit": None})
        return _records(_raw_columns(text, offsets, rows))

    def annotate(self, text: str) -> pd.DataFrame:
        """Annotate one raw article; see :func:`annotate`."""
        return _frame(_column_arrays(self.columns(text)))


#: which steps of :class:`_Doc` look at the hits of a label (``_Doc.hit_groups``)
_HIT_GROUPS: dict[str, tuple[str, ...]] = {
    **{lab: ("lex",) for lab in ("PER", "LOC", "ORG", "FRAME")}, "@APPROX": ("approx",),
    "@TITLE": ("title",), "@VERB": ("verb", "speech"), "@PART": ("speech",),
    "@ORGHEAD": ("org",), "@ORGHEAD_DEF": ("org",), "@BODY": ("org",),
    "@LOCHEAD": ("loc",), "@FACILITY": ("loc",), "DATE": ("date",), "@RELDATE": ("date",),
    "@NUMWORD": ("num",), "@SCALE": ("num",),
}
_GROUP_NAMES = sorted({g for gs in _HIT_GROUPS.values() for g in gs})
_GROUP_INDEX = {g: i for i, g in enumerate(_GROUP_NAMES)}


@functools.lru_cache(maxsize=1)
def default_annotator() -> Annotator:
    """The annotator over ``data/lexicons/*.csv``, built once per process (about a second)."""
    return Annotator()


def annotate(text: str) -> pd.DataFrame:
    """Annotate one raw article: one row per span, sorted by ``start``.

    Columns (always all present, ``None`` where they do not apply): ``start``, ``end`` (offsets
    into ``text``, so ``text[start:end] == row.text``), ``label`` (PER LOC ORG QUOTE QUANTITY DATE
    FRAME), ``text``, ``canonical`` (the entity or frame meant), ``source`` (the lexicon file entry
    or the rule that found it), ``speaker`` (QUOTE), ``value`` (number for QUANTITY, ISO string for
    DATE), ``unit`` (QUANTITY).

    Example:
        >>> df = annotate("وقال ساعر إن التبادل ارتفع بنحو 50 بالمئة في 2025")
        >>> df[["text", "label", "value", "unit"]].values.tolist()
        [['ساعر', 'PER', None, None], ['نحو 50 بالمئة', 'QUANTITY', 50, '%'], ['2025', 'DATE', '2025', None]]
    """
    return default_annotator().annotate(text)
