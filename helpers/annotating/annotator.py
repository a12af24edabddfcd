"""The compiled annotator: one Aho–Corasick automaton over every lexicon surface and trigger word.

:class:`Annotator` holds what the steps of :mod:`helpers.annotating.doc` need from the lexicon,
as read-only properties (month numbers, weekdays, units, nationality adjectives and the regexes
built from them); :func:`annotate` uses one built once per process (:func:`default_annotator`).
"""
from __future__ import annotations

import functools
import operator
import os
import re
from collections import defaultdict
from collections.abc import Container, Mapping
from types import MappingProxyType
from typing import NamedTuple

import ahocorasick
import pandas as pd

from .._shared import gc_paused
from ..cleaning import match_key, normalize_with_offsets
from .columns import column_arrays, column_records, frame, raw_columns
from .doc import Doc
from .learned.combine import check_recognizer, run_doc
from .lexicon import check_lexicon, clitic_variants, load_lexicon
from .patterns import (
    INSTITUTION_WORDS, NAME_PARTICLES, NATIONALITY_STEMS, NEVER_NAME_WORDS, ORG_HEAD_SET, TITLE_SET,
    TRIGGERS,
)
from .scanner import alternation, mark
from .store import Disjoint
from .words import stopword, suffixed

_FIRST_TWO = operator.itemgetter(0, 1)


class Entry(NamedTuple):  # a tuple of strings: the garbage collector soon stops tracking it
    """What a surface of the automaton stands for."""

    label: str  # PER LOC ORG FRAME UNIT DATE, or a trigger kind starting with "@"
    canonical: str
    source: str
    key: str  # normalized surface without clitics


#: A match of the automaton: ``(start, end, entry)`` in the normalized text, clitics excluded.
Hit = tuple[int, int, Entry]

#: Which steps look at the hits of a label (the keys of :meth:`Annotator.hit_groups`).
HIT_GROUPS: dict[str, tuple[str, ...]] = {
    **{lab: ("lex",) for lab in ("PER", "LOC", "ORG", "FRAME")}, "@APPROX": ("approx",),
    "@TITLE": ("title",), "@VERB": ("verb", "speech"), "@PART": ("speech",),
    "@ORGHEAD": ("org",), "@ORGHEAD_DEF": ("org",), "@BODY": ("org",),
    "@LOCHEAD": ("loc",), "@FACILITY": ("loc",), "DATE": ("date",), "@RELDATE": ("date",),
    "@NUMWORD": ("num",), "@SCALE": ("num",),
}
_GROUP_NAMES = sorted({g for gs in HIT_GROUPS.values() for g in gs})
_GROUP_INDEX = {g: i for i, g in enumerate(_GROUP_NAMES)}


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

    def __init__(self, lexicon: pd.DataFrame | None = None, recognizer: str | None = None):
        lexicon = load_lexicon() if lexicon is None else check_lexicon(lexicon)
        self.lexicon = lexicon
        #: who finds people, places and organisations by default: ``"rules"``, ``"model"`` or
        #: ``"combined"`` (see :mod:`helpers.annotating.learned.combine`; ``None``:
        #: :data:`DEFAULT_RECOGNIZER`)
        self.recognizer = check_recognizer(DEFAULT_RECOGNIZER if recognizer is None else recognizer)
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        table: defaultdict[str, list[tuple[Entry, int, int]]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        self._all_entries: list[Entry] = []

        def add(surface: str, label: str, canonical: str, source: str) -> None:
            key = match_key(surface)
            if not key or (key, label) in seen:
                return
            seen.add((key, label))
            entry = Entry(label, canonical, source, key)
            self._all_entries.append(entry)
            for form, plen, form_len in clitic_variants(key):
                table[form].append((entry, plen, form_len))

        for row in lexicon.itertuples(index=False):
            add(row.surface, row.label, row.canonical, row.source)
        for kind, words in TRIGGERS:
            for w in words:
                add(w, kind, w, "pattern")
        self.n_entries = len(self._all_entries)
        self.n_surface_forms = len(table)
        #: a second automaton with the names and framing terms only, for :meth:`lexicon_matches`
        self.lex_automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for form, entries in table.items():
            # what a match of ``form`` ending at ``end`` gives: (start - end, entry, steps that use it)
            self.automaton.add_word(form, tuple((plen - flen, e, _GROUP_INDEX[g])
                                                for e, plen, flen in entries for g in HIT_GROUPS.get(e.label, ())))
            lex = tuple(e for e in entries if e[0].label in ("PER", "LOC", "ORG", "FRAME"))
            if lex:
                self.lex_automaton.add_word(form, lex)
        self.automaton.make_automaton()
        self.lex_automaton.make_automaton()
        self._months = {e.key: int(e.canonical) for e in self._entries("DATE") if e.source.startswith("cldr:months")}
        self._weekdays = {e.key: e.canonical for e in self._entries("DATE") if e.source.startswith("cldr:days")}
        self._units = {e.key: e.canonical for e in self._entries("UNIT")}
        self._nationality = frozenset(self._nationality_adjectives())
        self._name_words: dict[tuple[str, bool, bool], bool] = {}
        month_re = alternation(self._months)
        self._unit_rx = re.compile(rf"\s*({alternation(self._units)})(?![^\W\d_])")
        self._month_pair_rx = re.compile(rf"\s*/?\s*({month_re})(?![^\W\d_])")
        self._day_month_rx = re.compile(rf"\s+\d{{1,2}}\s+(?:{month_re})")

    # -- what the steps read (read-only) ------------------------------------------------------

    @property
    def months(self) -> Mapping[str, int]:
        """Month names of the lexicon (normalized, DATE entries from CLDR) → month number."""
        return MappingProxyType(self._months)

    @property
    def weekdays(self) -> Mapping[str, str]:
        """Weekday names of the lexicon (normalized) → their canonical name."""
        return MappingProxyType(self._weekdays)

    @property
    def units(self) -> Mapping[str, str]:
        """Units of the lexicon (UNIT entries, normalized) → the unit's canonical name (``dinar``)."""
        return MappingProxyType(self._units)

    @property
    def nationality_adjectives(self) -> frozenset[str]:
        """Nationality and regional adjectives (normalized, with and without ال): ``الاسرائيلية``."""
        return self._nationality

    @property
    def unit_regex(self) -> re.Pattern:
        """Spaces, then a unit of :attr:`units` as a whole word (group 1)."""
        return self._unit_rx

    @property
    def month_pair_regex(self) -> re.Pattern:
        """A second month name right after one (``أكتوبر/ تشرين الأول``): the name is group 1."""
        return self._month_pair_rx

    @property
    def day_month_regex(self) -> re.Pattern:
        """A day and a month name right after a weekday (``الاثنين 10 مارس``)."""
        return self._day_month_rx

    # -- helpers ---------------------------------------------------------------------------

    def _entries(self, label: str) -> list[Entry]:
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
        stems |= set(NATIONALITY_STEMS)
        out = set()
        for s in stems:
            for suf in ("ي", "ية", "يين", "يون", "يتين", "يان"):
                out.add(s + suf)
                out.add("ال" + s + suf)
        return out

    def is_nationality(self, word: str) -> bool:
        """True for a nationality/regional adjective: ``is_nationality("الإسرائيلية")`` → True."""
        return match_key(word) in self._nationality

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
        if len(w) < 2 or not w.isalpha() or w in NEVER_NAME_WORDS or w in self._months or w in self._weekdays:
            return False
        if w.startswith(("لل", "بال", "وال", "فال", "كال")) and len(w) > 4:
            return False  # a preposition or conjunction + ال: للمنتخب، بالعاصمة
        if w.endswith("ا") and (w[:-1] in TITLE_SET or w[:-1] in ORG_HEAD_SET or w[:-1] in INSTITUTION_WORDS):
            return False  # a title in the accusative: 'تعيينه مدربا'
        if not first and w.startswith("و") and len(w) > 3:
            return False
        if suffixed(w):
            return False  # plural nouns and nouns with a pronoun suffix (بلاده، رغبتنا) are not names
        if stop and stopword(w):
            return False
        return w not in self._nationality

    # -- matching --------------------------------------------------------------------------

    def hit_groups(self, marked: str) -> dict[str, list[Hit]]:
        """Every lexicon/trigger match of whole words (clitics excluded from the span), grouped by
        the steps of :class:`~helpers.annotating.doc.Doc` that look at them (:data:`HIT_GROUPS`), each in text order.

        Keys are stored as ``" form "`` and searched in ``" " + marked + " "`` (the text where every
        character that is not a letter or digit became a space, from :func:`scan`): the automaton
        then only reports whole words, with no boundary check in Python.
        """
        groups: list[list[Hit]] = [[] for _ in _GROUP_NAMES]
        for end_idx, entries in self.automaton.iter(f" {marked} "):
            end = end_idx - 1  # the key's closing space is norm[end]
            for offset, entry, g in entries:
                groups[g].append((end + offset, end, entry))
        return dict(zip(_GROUP_NAMES, groups))

    def records(self, text: str, recognizer: str | None = None) -> list[dict]:
        """The spans of one raw article as a list of dicts (the rows :meth:`annotate` puts in a frame)."""
        return column_records(self.columns(text, recognizer))

    def columns(self, text: str, recognizer: str | None = None) -> dict[str, list]:
        """The spans of one raw article as one list per column of :data:`SPAN_COLUMNS`;
        ``recognizer``: ``"rules"``, ``"model"`` or ``"combined"`` (``None``: :attr:`recognizer`)."""
        if not isinstance(text, str):
            raise TypeError(f"annotate expects the raw article text as str, got {type(text).__name__}")
        recognizer = self.recognizer if recognizer is None else check_recognizer(recognizer)
        with gc_paused():  # thousands of short-lived, acyclic objects per article: no cycle to collect
            norm, offsets = normalize_with_offsets(text)
            doc = Doc(self, text, norm, offsets)
            rows = doc.run() if recognizer == "rules" else run_doc(doc, recognizer)
            return raw_columns(text, offsets, rows)

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
        for end_idx, entries in self.lex_automaton.iter(f" {mark(norm)} "):
            end = end_idx - 1
            for entry, plen, form_len in entries:
                if entry.label in labels:
                    start = end - form_len + plen
                    found.append((start - end, start, end, entry))
        found.sort(key=_FIRST_TWO)  # longest first, then leftmost
        kept: dict[str, Disjoint] = defaultdict(Disjoint)  # per label
        rows = []
        for _, start, end, entry in found:
            if not kept[entry.label].take(start, end):
                continue
            rows.append({"start": start, "end": end, "label": entry.label, "canonical": entry.canonical,
                         "source": entry.source, "speaker": None, "value": None, "unit": None})
        return column_records(raw_columns(text, offsets, rows))

    def annotate(self, text: str, recognizer: str | None = None) -> pd.DataFrame:
        """Annotate one raw article; see :func:`annotate` (``recognizer``: ``None`` for :attr:`recognizer`)."""
        return frame(column_arrays(self.columns(text, recognizer)))


#: The recognizer :func:`annotate` and :class:`Annotator` use when none is named: the rules, and the
#: learned model's names where the rules found none (see :mod:`helpers.annotating.learned.combine`
#: and ``data/ner/MODEL_CARD.md``: on the dev part of ANERcorp it finds more than the rules alone and
#: keeps the seeds' gold whole). ``"rules"`` is about three times faster.
DEFAULT_RECOGNIZER = "combined"
#: An environment variable that, when set, names the recognizer of :func:`default_annotator` instead
#: (``python -m helpers process --recognizer`` sets it, so that its worker processes use it too).
RECOGNIZER_ENV = "HELPERS_RECOGNIZER"


@functools.lru_cache(maxsize=1)
def default_annotator() -> Annotator:
    """The annotator over ``data/lexicons/*.csv``, built once per process (about a second), with
    :data:`DEFAULT_RECOGNIZER` (or the one the environment variable :data:`RECOGNIZER_ENV` names)."""
    return Annotator(recognizer=os.environ.get(RECOGNIZER_ENV) or DEFAULT_RECOGNIZER)


def annotate(text: str, recognizer: str | None = None) -> pd.DataFrame:
    """Annotate one raw article: one row per span, sorted by ``start``.

    ``recognizer`` says who finds people, places and organisations: ``"rules"`` (lexicons and
    patterns; about three times faster), ``"model"`` (the CRF trained on ANERcorp) or ``"combined"``
    (the rules, and the model's names where the rules found none, propagated); ``None``:
    :data:`DEFAULT_RECOGNIZER`, ``"combined"``.
    See :mod:`helpers.annotating.learned.combine`.

    Columns (always all present, ``None`` where they do not apply): ``start``, ``end`` (offsets
    into ``text``, so ``text[start:end] == row.text``), ``label`` (PER LOC ORG QUOTE QUANTITY DATE
    FRAME), ``text``, ``canonical`` (the entity or frame meant), ``source`` (the lexicon file entry
    or the rule that found it), ``speaker`` (QUOTE), ``value`` (number for QUANTITY, ISO string for
    DATE), ``unit`` (QUANTITY).

    Example:
        >>> df = annotate("وقال ساعر إن التبادل ارتفع بنحو 50 بالمئة في 2025")
        >>> df[["text", "label", "value", "unit"]].values.tolist()
        [['ساعر', 'PER', None, None], ['نحو 50 بالمئة', 'QUANTITY', 50, '%'], ['2025', 'DATE', '2025', None]]
        >>> annotate("التقى ميسي في برشلونة", recognizer="model")[["text", "label", "source"]].values.tolist()
        [['ميسي', 'PER', 'model'], ['برشلونة', 'LOC', 'model']]
    """
    return default_annotator().annotate(text, recognizer)
