"""The word lists of the rules, read once from ``data/patterns/`` (one list per file, each file's
header says what it is and where it comes from), in the cleaning stage's normalized spelling.

A researcher who adds a title or a speech verb edits a data file, not this module; the names
below are the ones the steps use (sets where a step only asks "is this word in the list?").

>>> "قال" in SPEECH_VERBS, "الرئيس" in TITLE_SET, SCALES["مليون"], CURRENCY_BY_COUNTRY["dinar"]["تونس"]
(True, True, 1000000.0, 'TND')
"""
from __future__ import annotations

from .._shared import word_list, word_table
from ..cleaning import normalize


def _reporting(role: str) -> tuple[str, ...]:
    """The normalized forms of the rows of ``data/patterns/reporting_verbs.csv`` (the one table of
    reporting verbs, shared with the comparing stage) whose ``annotator`` column is ``role``."""
    return tuple(dict.fromkeys(normalize(r["form"]) for r in word_table("reporting_verbs") if r["annotator"] == role))


def _pairs(name: str, key: str, value: str) -> dict[str, str]:
    """Two columns of ``data/patterns/<name>.csv`` as a dict, in file order."""
    return {row[key]: row[value] for row in word_table(name)}


#: Titles and roles that precede a person's name. Multi-word ones are matched as one trigger.
TITLES = word_list("titles")
TITLE_SET = frozenset(TITLES)
#: Words that may stand between a title and a name (``وزير شؤون الخارجية``, ``المتحدث باسم``).
TITLE_LINKS = frozenset(word_list("title_links"))
#: Institutional nouns inside a title (``رئيس مجلس إدارة الشركة``); never a name.
INSTITUTION_WORDS = frozenset(word_list("institution_words"))
#: Unnamed subjects of a speech verb (``قال مسؤول``): the quote has no named speaker.
SUBJECT_NOUNS = frozenset(word_list("subject_nouns"))
#: Verbs and participles that report speech (``قال X``; ``مضيفا:``): the rows of the reporting-verb
#: table whose ``annotator`` column says ``verb`` / ``participle``.
SPEECH_VERB_LIST = _reporting("verb")
SPEECH_VERBS = frozenset(SPEECH_VERB_LIST)
SPEECH_PARTICIPLE_LIST = _reporting("participle")
SPEECH_PARTICIPLES = frozenset(SPEECH_PARTICIPLE_LIST)
#: ``بحسب ساعر`` names a speaker (the trigger words of the automaton; ``annotator`` = ``attribution``).
ATTRIBUTION = _reporting("attribution")
#: The attributions looked for right after a closing quote mark, in the order the regex tries them.
ATTRIBUTION_AFTER_QUOTE = word_list("attribution_after_quote")
#: Words after a speech verb that end the speaker's name (``قال X إن``).
COMPLEMENT = frozenset(word_list("complement"))
#: Heads that open an organisation name (the head is part of the ORG span).
ORG_HEADS = word_list("org_heads")
ORG_HEAD_SET = frozenset(ORG_HEADS)
#: Definite heads (``المكتب الوطني للكهرباء``) start an ORG only with an adjective right after them.
ORG_HEADS_DEF = frozenset("ال" + h for h in ORG_HEADS)
#: Adjectives that make a definite head a name (``الهيئة العامة للإحصاء``, ``المحكمة العليا``).
INSTITUTION_ADJECTIVES = frozenset(word_list("institution_adjectives"))
#: Heads that are *not* part of the ORG when the name follows in quote marks (``شركة "إكس"`` → ``إكس``).
QUOTED_NAME_HEADS = ORG_HEAD_SET | frozenset(word_list("quoted_name_heads"))
#: ``الخارجية الإسرائيلية``: short ministry or body + nationality adjective = ORG.
BODY_SHORT = _pairs("body_short", "short", "body")
#: Generic heads before a place name; outside the LOC span (``العاصمة باكو`` → ``باكو``).
LOC_HEADS = frozenset(word_list("loc_heads"))
#: Facility heads that are part of the place name (``حقل غاز تمار``, ``مطار دبي الدولي``) …
FACILITY_HEADS = word_list("facility_heads")
#: … and the words that may stand between the head and the name (``غاز``).
FACILITY_FILLERS = frozenset(word_list("facility_fillers"))
#: First words of two-word place names (``خان يونس``, ``سان فرانسيسكو``).
PLACE_PREFIXES = frozenset(word_list("place_prefixes"))
#: Words that open a quoted *name*, not a quotation (``“اتفاقيات أبراهام”``).
NAME_HEADS = frozenset(word_list("name_heads"))
APPROXIMATORS = word_list("approximators")
NAME_PARTICLES = frozenset(word_list("name_particles"))
SCALES = {w: float(v) for w, v in _pairs("scales", "word", "value").items()}
NUMBER_WORDS = {w: int(v) for w, v in _pairs("number_words", "word", "value").items()}
DURATIONS = _pairs("durations", "word", "unit")


def _currencies() -> dict[str, dict[str, str]]:
    """``data/patterns/currencies.csv`` as currency → {country: ISO code}, in file order."""
    out: dict[str, dict[str, str]] = {}
    for row in word_table("currencies"):
        out.setdefault(row["currency"], {})[row["country"]] = row["code"]
    return out


#: Currency names shared by several countries → ISO 4217 code per country (LOC canonical names).
CURRENCY_BY_COUNTRY = _currencies()
#: Without a country in the article: the reading most frequent in Arabic news (or the plain name).
CURRENCY_DEFAULT = {"dirham": "AED", "riyal": "SAR"}
#: Counted nouns that are a fixed two-word compound (``40 رجل أعمال``).
COMPOUND_NOUNS = frozenset(word_list("compound_nouns"))
DATE_MODIFIERS = frozenset(word_list("date_modifiers"))
RELATIVE_DATE_NOUNS = frozenset(word_list("relative_date_nouns"))
RELATIVE_DATE_WORDS = frozenset(word_list("relative_date_words"))
#: Words after ``اليوم`` that make it "the day …" (``اليوم الأول``), not "today" (besides ال…ي adjectives).
DAY_MODIFIERS = frozenset(word_list("day_modifiers"))
#: Words that never start or continue a name (on top of the stopword lists).
NOT_NAME = frozenset(word_list("not_name"))
#: Words before a short body that make it part of a title (``وزير الخارجية الإسرائيلي``).
MINISTER_WORDS = frozenset(word_list("minister_words"))
#: Stems of nationality and regional adjectives on top of those derived from the place names.
NATIONALITY_STEMS = word_list("nationality_stems")

#: Words that end an organisation's name after its head (on top of the weekdays of the lexicon).
NOT_ORG_WORDS = NOT_NAME | RELATIVE_DATE_NOUNS | DATE_MODIFIERS
#: Words that are never (part of) a name: the lists above that hold function words, numbers,
#: verbs, titles, heads and date words.
NEVER_NAME_WORDS = frozenset().union(
    NOT_NAME, SCALES, NUMBER_WORDS, DURATIONS, SPEECH_VERBS, SPEECH_PARTICIPLES, TITLE_SET, ORG_HEAD_SET,
    LOC_HEADS, INSTITUTION_WORDS, ORG_HEADS_DEF, BODY_SHORT, DATE_MODIFIERS, RELATIVE_DATE_NOUNS,
    RELATIVE_DATE_WORDS)
#: The trigger words the automaton holds besides the lexicon, by kind (the kinds of
#: :data:`~helpers.annotating.annotator.HIT_GROUPS`), in the order they are added.
TRIGGERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("@TITLE", TITLES), ("@VERB", SPEECH_VERB_LIST), ("@PART", SPEECH_PARTICIPLE_LIST),
    ("@ATTR", ATTRIBUTION), ("@ORGHEAD", ORG_HEADS), ("@LOCHEAD", word_list("loc_heads")),
    ("@FACILITY", FACILITY_HEADS), ("@BODY", tuple(BODY_SHORT)), ("@ORGHEAD_DEF", tuple(sorted(ORG_HEADS_DEF))),
    ("@APPROX", APPROXIMATORS), ("@RELDATE", word_list("relative_date_nouns") + word_list("relative_date_words")),
    ("@NAMEHEAD", tuple(sorted(NAME_HEADS))), ("@NUMWORD", tuple(NUMBER_WORDS)), ("@SCALE", tuple(SCALES)),
)
