"""Annotating stage: people, places, organisations, quotes, quantities, dates and framing terms.

Every annotation is a *span* ``[start, end)`` of the **raw** article text, so
``text[start:end] == row.text`` always holds. Matching happens on the normalized text of the
cleaning stage (alef/hamza forms, diacritics, tatweel, digits folded) and each match is mapped
back to the raw text with :func:`helpers.cleaning.to_raw_span`.

How it works, in three layers, all offline and rule-based:

1. **One multi-pattern matcher** (an Aho–Corasick automaton from ``pyahocorasick``) holds every
   surface form of the lexicons in ``data/lexicons/*.csv`` (countries, regions and cities from
   CLDR via babel, hand-written places, organisations, people, the framing lexicon, units) *and*
   the trigger words of the context patterns (titles, reporting verbs, organisation heads, month
   names, approximators …). Each surface is added with the proclitics و ف ب ل ك (and their
   combinations, and the contraction لل = ل + ال), so a single left-to-right pass finds
   ``وبإسرائيل`` or ``للخارجية`` and reports where the name itself starts. Proclitics stay outside
   the span, as the annotation guidelines require.
2. **Context patterns** start from the trigger hits: ``الرئيس X``, ``وزير الخارجية … X``,
   ``نظيره … X``, ``قال X إن``, ``حركة X``, ``وزارة X …``, ``العاصمة X``, ``شركة "X"`` find names that
   no lexicon holds; numbers, dates and quotations have their own small grammars.
3. **Document-level propagation**: a name found by a pattern (``جيهون بيراموف``) is looked for
   again in the whole article, together with its last word (``بيراموف``), and short forms get
   the fullest name of the article as ``canonical``.

Example:
    >>> df = annotate("وقال ساعر: \\"نعمل مع أذربيجان\\".")
    >>> df[["text", "label", "canonical"]].values.tolist()
    [['ساعر', 'PER', 'جدعون ساعر'], ['نعمل مع أذربيجان', 'QUOTE', None], ['أذربيجان', 'LOC', 'أذربيجان']]
"""
from __future__ import annotations

import bisect
import csv
import functools
import html
import json
import multiprocessing
import operator
import os
import pickle
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import as_completed as cf_as_completed
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick
import numpy as np
import pandas as pd

from ._pool import cores
from .loading import _text_batches
from .cleaning import _gc_paused, normalize, normalize_with_offsets, to_raw_span, to_raw_spans

__all__ = [
    "LABELS",
    "SPAN_COLUMNS",
    "LABEL_COLORS",
    "LEXICON_DIR",
    "GOLD_DIR",
    "UNSEEN_DIR",
    "load_lexicon",
    "check_lexicon",
    "Annotator",
    "default_annotator",
    "annotate",
    "annotate_corpus",
    "load_gold",
    "check_spans",
    "evaluate",
    "evaluate_attributes",
    "compare_spans",
    "highlight",
    "Highlight",
    "to_brat",
    "to_label_studio",
    "to_displacy",
]

ROOT = Path(__file__).resolve().parent.parent
LEXICON_DIR = ROOT / "data" / "lexicons"
GOLD_DIR = ROOT / "data" / "annotations" / "gold"
UNSEEN_DIR = ROOT / "data" / "annotations" / "unseen"

#: The labels, in the order tables and legends show them.
LABELS: tuple[str, ...] = ("PER", "LOC", "ORG", "QUOTE", "QUANTITY", "DATE", "FRAME")
#: Columns of every span frame (always all present; ``None`` where a column does not apply).
SPAN_COLUMNS: list[str] = ["start", "end", "label", "text", "canonical", "source", "speaker", "value", "unit"]
#: One colour per label (colour-blind-safe Okabe–Ito hues, light enough for black text).
LABEL_COLORS: dict[str, str] = {
    "PER": "#f6c28b",
    "LOC": "#9fd3f5",
    "ORG": "#b8e0b0",
    "QUOTE": "#a8a8a8",  # drawn as an underline, so darker
    "QUANTITY": "#f3e38d",
    "DATE": "#d9c2ef",
    "FRAME": "#f4a6a6",
}
ENTITY_LABELS = ("PER", "LOC", "ORG")

# --------------------------------------------------------------------------------------
# Word lists of the context patterns (normalized spelling: ا for أ إ آ, ي for ى)
# --------------------------------------------------------------------------------------

#: Titles and roles that precede a person's name. Multi-word ones are matched as one trigger.
TITLES = [t.strip() for t in """
الرئيس، رئيس، رئيسة، الرئيسة، نائب الرئيس، رئيس الوزراء، رئيسة الوزراء، رئيس الحكومة، رئيسة الحكومة،
رئيس البرلمان، رئيس مجلس النواب، رئيس المجلس، رئيس الأركان، رئيس هيئة الأركان، رئيس الجمهورية،
رئيسة الجمهورية، وزير، وزيرة، الوزير، الوزيرة، وزيرا، وزير الخارجية، وزيرة الخارجية، وزير خارجية،
وزيرة خارجية، نظيره، نظيرته، نظيرها، نظيري، نظيرهم، المتحدث باسم، المتحدثة باسم، الناطق باسم،
الناطقة باسم، المتحدث الرسمي باسم، المتحدث، المتحدثة، السفير، السفيرة، سفير، سفيرة، المبعوث، المبعوثة،
مبعوث، الملك، الملكة، الأمير، الأميرة، ولي العهد، الشيخ، المستشار، المستشارة، مستشار، النائب، النائبة،
السيناتور، الجنرال، اللواء، العميد، العقيد، المقدم، الفريق، المشير، الدكتور، الدكتورة، البروفيسور،
الأمين العام، الأمينة العامة، زعيم، زعيمة، القيادي، القيادية، القائد، المدير، المديرة، مدير، مديرة،
المدير التنفيذي، الرئيس التنفيذي، الرئيسة التنفيذية، محافظ، حاكم، عمدة، رئيس بلدية، المفوض، المفوضة،
المقرر الخاص، المقررة الخاصة، الحاخام، البابا، المرشد، الكاتب، الكاتبة، الصحفي، الصحفية، المحلل،
المحللة، الخبير، الخبيرة، الباحث، الباحثة، الأستاذ، الأستاذة، المدعي العام، القاضي، القاضية،
المنسق، المنسقة، منسق، منسقة، الموفد، الموفدة، موفد، موفدة، المندوب، المندوبة، مندوب، المراسل، المراسلة، مراسل، مراسلة، المدرب، مدرب، المدير الفني، اللاعب، لاعب، الحكم، نائب، رئيسة
""".replace("\n", " ").split("،") if t.strip()]
#: Words that may stand between a title and a name (``وزير شؤون الخارجية``, ``المتحدث باسم``).
TITLE_LINKS = {"باسم", "ادارة", "مكتب", "مركز", "مجموعة", "جهاز", "قسم", "لجنة", "هيئة", "بعثة", "برنامج", "شؤون", "خارجية", "دولة", "العام", "العامة", "الخاص", "الخاصة", "لشؤون", "مجلس", "حكومة",
               "جمهورية", "الرسمي", "الرسمية", "السابق", "السابقة", "الحالي", "الحالية", "الجديد", "الجديدة"}
#: Institutional nouns inside a title (``رئيس مجلس إدارة الشركة``); never a name.
INSTITUTION_WORDS = {"ادارة", "مكتب", "مركز", "مجموعة", "قسم", "دائرة", "جهاز", "فرع", "لجنة", "هيئة", "مجلس", "شعبة",
                     "كتلة", "حزب", "حركة", "جماعة", "تيار", "وزارة", "جامعة", "نقابة", "اتحاد",
                     "منطقة", "قطاع", "برنامج", "بعثة", "وفد", "فريق", "مؤسسة", "شركة"}
#: Unnamed subjects of a speech verb (``قال مسؤول``): the quote has no named speaker.
SUBJECT_NOUNS = set("""مصدر مصادر مسؤول مسؤولة مسؤولون مسؤولين شهود شاهد متحدث متحدثة مراسل سكان ناشطون ناشط
مسعفون طبيب اطباء تقرير تقارير خبراء خبير محللون محلل دبلوماسي دبلوماسيون مراقبون مواطن مواطنون""".split())
#: Verbs and participles that report speech (``قال X``; ``مضيفا:``).
SPEECH_VERBS = """قال قالت يقول تقول اضاف اضافت تابع تابعت استطرد استطردت اردف اردفت اوضح اوضحت اكد اكدت
اعلن اعلنت ذكر ذكرت صرح صرحت اشار اشارت لفت لفتت اعتبر اعتبرت راي رات شدد شددت دعا دعت حذر حذرت كتب
كتبت غرد غردت مضي مضت افاد افادت نقل نقلت زعم زعمت ختم ختمت اتهم اتهمت نفى نفي نفت رد ردت انتقد انتقدت
طالب طالبت وصف وصفت اعترف اعترفت حث حثت ناشد ناشدت ندد نددت رحب رحبت""".split()
SPEECH_PARTICIPLES = """قائلا قائلة مضيفا مضيفة مشيرا مشيرة معتبرا معتبرة مؤكدا مؤكدة موضحا موضحة لافتا لافتة
زاعما زاعمة واصفا واصفة متابعا متابعة مستطردا مستطردة محذرا محذرة مشددا مشددة داعيا""".split()
#: ``بحسب ساعر`` after a quotation names its speaker.
ATTRIBUTION = ["بحسب", "حسب", "وفق", "وفقا ل", "على حد تعبير", "على لسان", "نقلا عن"]
#: Words after a speech verb that end the speaker's name (``قال X إن``).
COMPLEMENT = {"ان", "انه", "انها", "انهم", "بان", "بانه", "بانها", "في", "خلال", "عبر", "امام", "عقب", "بعد", "لدي",
              "ل", "الي", "عن", "مع", "على", "علي", "من", "ضمن", "حول", "اثناء", "قائلا", "مضيفا", "مشيرا",
              "ان"}
#: Heads that open an organisation name (the head is part of the ORG span).
ORG_HEADS = """حركة جماعة حزب وزارة شركة وكالة منظمة جمعية مؤسسة هيئة مجلس جامعة بنك مصرف صندوق سفارة قنصلية
قناة صحيفة تنظيم كتائب سرايا لجنة معهد اتحاد نقابة رابطة مفوضية محكمة برلمان ائتلاف بلدية
اكاديمية مجموعة مكتب مركز قوات تيار جهاز نادي غرفة""".split()
#: Definite heads (``المكتب الوطني للكهرباء``) start an ORG only with an adjective right after them.
ORG_HEADS_DEF = {"ال" + h for h in ORG_HEADS} | {"البنك", "الصندوق", "المركز", "المكتب", "المجلس", "الهيئة"}
#: Adjectives that make a definite head a name (``الهيئة العامة للإحصاء``, ``المحكمة العليا``).
INSTITUTION_ADJECTIVES = {"العام", "العامة", "العليا", "الاعلى", "المستقلة", "المستقل", "المركزي", "المركزية",
                          "الاتحادية", "الاتحادي", "الوطنية", "الوطني", "الدولية", "الدولي", "الاعلي"}
#: Heads that are *not* part of the ORG when the name follows in quote marks (``شركة "إكس"`` → ``إكس``).
QUOTED_NAME_HEADS = set(ORG_HEADS) | {"منصة", "موقع", "تطبيق", "برنامج", "مبادرة"}
#: ``الخارجية الإسرائيلية``: short ministry or body + nationality adjective = ORG.
BODY_SHORT = {"الخارجية": "وزارة الخارجية", "الداخلية": "وزارة الداخلية", "الدفاع": "وزارة الدفاع",
              "المالية": "وزارة المالية", "الرئاسة": "الرئاسة", "الحكومة": "الحكومة", "الجيش": "الجيش",
              "الشرطة": "الشرطة", "البحرية": "البحرية", "الخزانة": "وزارة الخزانة", "السفارة": "السفارة",
              "القنصلية": "القنصلية", "الوزارة": "وزارة"}
#: Generic heads before a place name; outside the LOC span (``العاصمة باكو`` → ``باكو``).
LOC_HEADS = """العاصمة عاصمة مدينة بلدة قرية محافظة ولاية اقليم مقاطعة جهة""".split()
#: Facility heads that are part of the place name (``حقل غاز تمار``, ``مطار دبي الدولي``).
FACILITY_HEADS = ["حقل", "مطار", "ميناء", "معبر", "مخيم", "قصر", "سجن", "مستشفى", "قاعدة"]
#: First words of two-word place names (``خان يونس``, ``سان فرانسيسكو``).
PLACE_PREFIXES = {"سان", "سانت", "بيت", "دير", "خان", "عين", "كفر", "تل", "ابو", "راس", "بني", "بئر", "جبل", "وادي",
                  "شرم", "نهر", "بحر", "ام", "برج", "بورت", "نيو", "لوس", "لاس", "ريو", "سيدي", "مرج", "حي"}
#: Words that open a quoted *name*, not a quotation (``“اتفاقيات أبراهام”``).
NAME_HEADS = {"اتفاقية", "اتفاقيات", "اتفاق", "عملية", "مبادرة", "خطة", "قانون", "مؤتمر", "منتدى", "برنامج",
              "صفقة", "مشروع", "حملة", "معركة", "وثيقة", "اعلان", "قمة", "مسار", "عقيدة", "ممر", "مناورات",
              "تمرين", "كتاب", "فيلم", "رواية", "صحيفة", "موقع", "منصة"}
APPROXIMATORS = ["اكثر من", "اقل من", "نحو", "حوالي", "قرابة", "ما يزيد على", "ما يزيد عن", "ما يقرب من",
                 "زهاء", "ما لا يقل عن", "اكثر من نحو", "نحو اكثر من", "ما يناهز", "يناهز", "قرابة ال"]
NAME_PARTICLES = {"عبد", "ابو", "بو", "بن", "ابن", "بنت", "ام", "ال", "ولد", "اولاد", "دي", "فان", "فون"}
SCALES = {"الف": 1e3, "الاف": 1e3, "الفا": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليونا": 1e6, "مليار": 1e9,
          "مليارات": 1e9, "مليارا": 1e9, "بليون": 1e9, "تريليون": 1e12, "تريليونات": 1e12}
NUMBER_WORDS = {"واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثة": 3,
                "اربع": 4, "اربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7,
                "ثماني": 8, "ثمانية": 8, "ثمان": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10,
                "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "اربعين": 40, "اربعون": 40,
                "خمسين": 50, "خمسون": 50, "ستين": 60, "ستون": 60, "سبعين": 70, "سبعون": 70,
                "ثمانين": 80, "ثمانون": 80, "تسعين": 90, "تسعون": 90, "مئة": 100, "مائة": 100, "مئتي": 200,
                "مئتين": 200, "الف": 1000}
DURATIONS = {"عام": "year", "عاما": "year", "اعوام": "year", "سنة": "year", "سنه": "year", "سنوات": "year",
             "سنين": "year", "شهر": "month", "شهرا": "month", "اشهر": "month", "شهور": "month", "يوم": "day",
             "يوما": "day", "ايام": "day", "اسبوع": "week", "اسبوعا": "week", "اسابيع": "week",
             "ساعة": "hour", "ساعات": "hour", "دقيقة": "minute", "دقائق": "minute", "عقد": "decade",
             "عقود": "decade"}
#: Currency names shared by several countries → ISO 4217 code per country (LOC canonical names).
CURRENCY_BY_COUNTRY = {
    "dirham": {"الإمارات العربية المتحدة": "AED", "المغرب": "MAD"},
    "dinar": {"الأردن": "JOD", "الكويت": "KWD", "العراق": "IQD", "البحرين": "BHD", "تونس": "TND",
              "ليبيا": "LYD", "الجزائر": "DZD", "صربيا": "RSD"},
    "riyal": {"المملكة العربية السعودية": "SAR", "قطر": "QAR", "عُمان": "OMR", "اليمن": "YER", "إيران": "IRR"},
    "lira": {"تركيا": "TRY", "لبنان": "LBP", "سوريا": "SYP"},
    "pound": {"مصر": "EGP", "السودان": "SDG", "المملكة المتحدة": "GBP", "جنوب السودان": "SSP"},
}
#: Without a country in the article: the reading most frequent in Arabic news (or the plain name).
CURRENCY_DEFAULT = {"dirham": "AED", "riyal": "SAR"}
#: Counted nouns that are a fixed two-word compound (``40 رجل أعمال``).
COMPOUND_NOUNS = {"رجل اعمال", "رجال اعمال", "سيدة اعمال", "سيدات اعمال", "طن متري", "متر مكعب",
                  "كيلومتر مربع", "متر مربع", "برميل يوميا"}
DATE_MODIFIERS = {"الماضي", "الماضية", "المقبل", "المقبلة", "القادم", "القادمة", "الحالي", "الحالية",
                  "الجاري", "الجارية", "المنصرم", "المنصرمة", "السابق"}
RELATIVE_DATE_NOUNS = ["العام", "الشهر", "الاسبوع", "السنة", "الصيف", "الشتاء", "الربيع", "الخريف", "العقد"]
RELATIVE_DATE_WORDS = {"اليوم": None, "امس": None, "غدا": None, "الليلة": None, "اول امس": None,
                       "هذا العام": None, "هذا الشهر": None, "هذا الاسبوع": None, "هذه السنة": None,
                       "العام الحالي": None, "العام الجاري": None}
#: Words that never start or continue a name (on top of the stopword lists).
NOT_NAME = set("""الذي التي الذين ان انه انها ان قد لقد كان كانت يكون تكون هذا هذه ذلك تلك هناك هنا ثم كما
حيث بين قبل بعد عند عن على علي الي في من مع او ام لا لم لن ما ماذا اي كل بعض غير سوى منذ خلال ضد نحو
حول دون عبر امام وراء فوق تحت لدي لدى اذ اذا ايضا جدا فقط بل لكن حتى يوم امس غدا اليوم الان سابقا لاحقا
وفق وفقا بحسب حسب قائلا مضيفا مشيرا بشان بينما كذلك بان بانه بانها عليه عليها اليه اليها منه منها له لها
لهم انهم مصدر مصادر مسؤول مسؤولة مسؤولون مسؤولين شهود شاهد متحدث متحدثة بيان مراسل سكان ناشطون ناشط
مسعفون طبيب اطباء تقرير تقارير خبراء خبير محللون محلل مصادر دبلوماسي دبلوماسيون مراقبون نائب عضو اعضاء
مواطن مواطنون اخري اخر ثانية ثاني اولي الاولي
اليوم مساء صباح ظهر ليلة عقب اثر جراء بسبب ازاء تجاه لدى رغم بعدما قبلما مما عما فيما كيف متى""".split())


@functools.lru_cache(maxsize=1 << 16)
def _n(s: str) -> str:
    """The matching key of a word list entry or surface (the cleaning stage's normalization)."""
    return normalize(s).strip()


# --------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------

LEXICON_COLUMNS = ["surface", "label", "canonical", "source"]


def load_lexicon(folder: str | Path = LEXICON_DIR) -> pd.DataFrame:
    """Read every ``*.csv`` of ``folder`` (columns ``surface,label,canonical,source``) into one frame.

    Adds the column ``file``. A file with other columns, an empty surface or an unknown label
    raises ``ValueError`` naming the file and line.

    Example:
        >>> lex = load_lexicon()
        >>> lex.loc[lex.surface == "ساعر", ["label", "canonical"]].values.tolist()
        [['PER', 'جدعون ساعر']]
    """
    folder = Path(folder)
    # hand-written lexicons first: where a surface is in both, their canonical wins (غزة → قطاع غزة)
    files = sorted(folder.glob("*.csv"), key=lambda p: (p.name.startswith("cldr_"), p.name))
    if not files:
        raise FileNotFoundError(f"no lexicon *.csv in {folder}")
    rows: list[dict] = []
    known = set(LABELS) | {"UNIT"}
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames != LEXICON_COLUMNS:
                raise ValueError(f"{path.name}: columns must be {LEXICON_COLUMNS}, not {reader.fieldnames}")
            for i, row in enumerate(reader, start=2):
                if not (row["surface"] or "").strip():
                    raise ValueError(f"{path.name}:{i}: empty surface")
                if row["label"] not in known:
                    raise ValueError(f"{path.name}:{i}: unknown label {row['label']!r}")
                rows.append({**row, "file": path.name})
    return pd.DataFrame(rows, columns=[*LEXICON_COLUMNS, "file"])


def check_lexicon(lexicon: pd.DataFrame) -> pd.DataFrame:
    """A lexicon frame of one's own, checked as :func:`load_lexicon` checks the files: the columns
    ``surface,label,canonical,source`` and, in every row, a surface and a known label (else
    ``ValueError`` naming the row). An empty ``canonical`` becomes the surface (the name as
    written), an empty ``source`` ``"lexicon"``. Returns a checked copy.

    Example:
        >>> mine = pd.DataFrame({"surface": ["زاكورة"], "label": ["LOC"], "canonical": [None], "source": ["mine"]})
        >>> check_lexicon(mine)[["surface", "canonical"]].values.tolist()
        [['زاكورة', 'زاكورة']]
    """
    missing = [c for c in LEXICON_COLUMNS if c not in lexicon.columns]
    if missing:
        raise ValueError(f"a lexicon needs the columns {LEXICON_COLUMNS} (missing: {missing})")
    known = set(LABELS) | {"UNIT"}
    out = lexicon.copy()
    canonical, source = out["canonical"].tolist(), out["source"].tolist()

    def where(i: int) -> str:
        return f"lexicon row {i}" + (f" ({out['file'].iloc[i]})" if "file" in out.columns else "")

    for i, (surface, label) in enumerate(zip(out["surface"].tolist(), out["label"].tolist())):
        if not isinstance(surface, str) or not surface.strip():
            raise ValueError(f"{where(i)}: empty surface {surface!r}")
        if label not in known:
            raise ValueError(f"{where(i)}: unknown label {label!r} (known: {', '.join(sorted(known))})")
        if not isinstance(canonical[i], str) or not canonical[i].strip():
            canonical[i] = surface
        if not isinstance(source[i], str) or not source[i].strip():
            source[i] = "lexicon"
    out["canonical"], out["source"] = canonical, source
    return out


# --------------------------------------------------------------------------------------
# The matcher
# --------------------------------------------------------------------------------------

_PROCLITICS = ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"]
_PROCLITICS_AL = ["", "و", "ف", "ب", "ك", "وب", "وك", "فب", "فك"]  # before ال (ل + ال is لل)
_CONTRACTED = ["ل", "ول", "فل"]  # ل + ال → لل: only the first ل is the clitic


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


def _mark(text: str) -> str:
    """``text`` with every character that is not a letter or digit replaced by a space (same length).

    Done on the UTF-32 code points with numpy: a few microseconds for an article, where a regex
    substitution costs a quarter of a millisecond. :func:`_scan` does it together with the tokens.
    """
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _marked(cp, np.where(cp < 0x10000, _char_classes()[np.minimum(cp, 0xFFFF)], 0))


def _alternation(words: Iterable[str]) -> str:
    """A regex alternative of ``words``, longest first; one that never matches when there are none
    (a lexicon without units or months: an empty alternative would match everywhere).

    >>> _alternation(["مليون", "مليار", "ألف"]), _alternation([])
    ('مليون|مليار|ألف', '(?!)')
    """
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


_LABEL_ORDER = {lab: i for i, lab in enumerate(LABELS)}
_FIRST_TWO = operator.itemgetter(0, 1)


def _raw_columns(text: str, offsets: Any, rows: list[dict]) -> dict[str, list]:
    """Spans in the normalized text → the columns of :data:`SPAN_COLUMNS`: offsets mapped to the
    raw text (vectorized), the raw ``text`` of each span, rows sorted by start, label and end."""
    if not rows:
        return {c: [] for c in SPAN_COLUMNS}
    a, b = to_raw_spans(offsets, [r["start"] for r in rows], [r["end"] for r in rows])
    order = _LABEL_ORDER
    keys = [(x, order.get(r["label"], 99), y) for r, x, y in zip(rows, a.tolist(), b.tolist())]
    idx = sorted(range(len(rows)), key=keys.__getitem__)  # stable: ties keep their order
    rows = [rows[i] for i in idx]
    starts = [keys[i][0] for i in idx]
    ends = [keys[i][2] for i in idx]
    columns = {"start": starts, "end": ends, "text": [text[x:y] for x, y in zip(starts, ends)]}
    for c in SPAN_COLUMNS:
        if c not in columns:
            columns[c] = [r[c] for r in rows]
    return {c: columns[c] for c in SPAN_COLUMNS}


def _records(columns: Mapping[str, list]) -> list[dict]:
    """Span columns → one dict per span."""
    return [dict(zip(SPAN_COLUMNS, values)) for values in zip(*(columns[c] for c in SPAN_COLUMNS))]


_COLUMNS = pd.Index(SPAN_COLUMNS)  # copied per frame (cheap: the values are shared, not re-inferred)
_COLUMNS_WITH_DOC = pd.Index(["doc_id", *SPAN_COLUMNS])


def _object_array(values: list) -> np.ndarray:
    """A 1-D object array of ``values`` (never a 2-D one, whatever the values are)."""
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def _column_arrays(columns: Mapping[str, list]) -> list[np.ndarray]:
    """Span columns → one array per column of :data:`SPAN_COLUMNS`: int64 offsets, the other
    columns as object arrays (they keep ``None``; pandas' default string dtype would turn it into
    NaN)."""
    return [np.array(columns[c], dtype=np.int64) if c in ("start", "end") else _object_array(columns[c])
            for c in SPAN_COLUMNS]


def _frame(arrays: list[np.ndarray], *, doc_ids: np.ndarray | None = None) -> pd.DataFrame:
    """The arrays of :func:`_column_arrays` (rows already sorted) → the documented frame, with a
    ``doc_id`` column first when ``doc_ids`` (one per row) are given.

    The frame is assembled from ready arrays in one step: building it column by column through
    ``Series`` cost more than annotating a short article.
    """
    names = (_COLUMNS_WITH_DOC if doc_ids is not None else _COLUMNS).copy()  # own .name per frame
    if doc_ids is not None:
        arrays = [doc_ids, *arrays]
    n = len(arrays[-1])
    try:  # fast path, skips dtype inference (private but long-standing pandas API)
        return pd.DataFrame._from_arrays(arrays, columns=names, index=pd.RangeIndex(n), verify_integrity=False)
    except (AttributeError, TypeError):  # pragma: no cover - a pandas without it
        return pd.DataFrame({n: pd.Series(a, dtype=a.dtype) for n, a in zip(names, arrays)})


# --------------------------------------------------------------------------------------
# One document: lexicon hits → patterns → propagation → quotes, numbers and dates
# --------------------------------------------------------------------------------------

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
_FIRST = operator.itemgetter(0)


_LETTER_RE = re.compile(r"[^\W\d_]")  # a letter (a word character that is not a digit or _)


def _find_aliases(norm: str, aliases: Iterable[str]) -> list[tuple[int, int, str]]:
    r"""Whole-word occurrences of ``aliases`` in ``norm``, behind optional clitics (و/ف, then ب/ل/ك):
    ``(start, end, alias)``, clitics outside the span, left to right, never overlapping.

    The same matches, in the same order, as ``re.finditer`` with
    ``(?<![^\W\d_])(?:[وف]?[بلك]?)(ALIAS|…)(?![^\W\d_])`` (aliases longest first), without
    compiling a new regex for every article (that cost a quarter of a millisecond each).

    Example:
        >>> _find_aliases("وبيراموف وجيهون بيراموف", ["بيراموف", "جيهون بيراموف"])
        [(1, 8, 'بيراموف'), (10, 23, 'جيهون بيراموف')]
    """
    order = sorted(aliases, key=len, reverse=True)  # the regex alternation's order (stable)
    by_first: dict[str, list[str]] = {}  # the same order, per first letter
    for alias in order:
        by_first.setdefault(alias[:1], []).append(alias)
    n = len(norm)
    starts: set[int] = set()  # where a match can begin: an occurrence, or the clitics before one
    for alias in order:
        q = norm.find(alias)
        while q >= 0:
            starts.add(q)
            if q and norm[q - 1] in "وفبلك":
                starts.add(q - 1)
                if q > 1 and norm[q - 2] in "وف" and norm[q - 1] in "بلك":
                    starts.add(q - 2)
            q = norm.find(alias, q + 1)
    letter = _LETTER_RE.match
    out = []
    pos = 0
    for p in sorted(starts):
        if p < pos or p < 0 or (p and letter(norm, p - 1)):
            continue
        # the regex's backtracking order: [وف] taken, then not; inside each, [بلك] taken, then not
        first = (1, 0) if p < n and norm[p] in "وف" else (0,)
        found = None
        for c1 in first:
            second = (1, 0) if p + c1 < n and norm[p + c1] in "بلك" else (0,)
            for c2 in second:
                r = p + c1 + c2
                for alias in by_first.get(norm[r:r + 1], ()):
                    e = r + len(alias)
                    if norm.startswith(alias, r) and not (e < n and letter(norm, e)):
                        found = (r, e, alias)
                        break
                if found:
                    break
            if found:
                break
        if found:
            out.append(found)
            pos = found[1]
    return out


_CLITICS = frozenset(("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"))


def _strip_clitic(word: str, known: Container | None = None) -> str:
    """``ووزير`` → ``وزير`` when the bare form is in ``known`` (or always, if ``known`` is None)."""
    for k in (2, 1):
        if len(word) > k + 2 and word[:k] in _CLITICS:
            bare = word[k:]
            if known is None or bare in known:
                return bare
    return word


#: What a token is (the definition :func:`_scan` computes faster): a run of letters (what
#: ``str.isalnum`` accepts in the BMP, digits 0–9 aside) or a run of digits 0–9 with the
#: separators ``, . ٫ ٬`` that stand between two digits.
_TOKEN_RE = re.compile(r"[0-9]+(?:[.,\u066b\u066c][0-9]+)*|[^\W0-9_\U00010000-\U0010ffff]+")
_LETTER, _DIGIT, _SEPARATOR = 1, 2, 3
_BMP_CHARS = np.arange(0x10000, dtype=np.uint32).view("<U1")  # every BMP character, for numpy's str predicates


@functools.lru_cache(maxsize=1)
def _char_classes() -> np.ndarray:
    """``classes[cp]`` for the BMP: 1 letter (``str.isalnum``, digits 0–9 aside), 2 digit 0–9,
    3 number separator (``, . ٫ ٬``), 0 anything else."""
    classes = np.char.isalnum(_BMP_CHARS).astype(np.int8) * _LETTER
    classes[0x30:0x3A] = _DIGIT
    for ch in ".,\u066b\u066c":
        classes[ord(ch)] = _SEPARATOR
    return classes


@functools.lru_cache(maxsize=1)
def _decimal_digits() -> np.ndarray:
    """``table[cp]`` is True for the BMP's decimal digits (category Nd: what ``\\d`` matches)."""
    return np.char.isdecimal(_BMP_CHARS)


_SPACE = np.uint32(0x20)


class _Scan(NamedTuple):
    marked: str
    starts: list[int]
    tokens: list[tuple[int, int, str]]
    digits: list[int] | None


def _scan(norm: str) -> _Scan:
    """The views of ``norm`` the annotator works on, computed together with numpy:

    * ``marked``: ``norm`` with every character that is not a letter or digit replaced by a space
      (same length, so positions do not move), what the automaton searches;
    * ``tokens``: ``(start, end, token)`` for every match of :data:`_TOKEN_RE`, left to right: runs
      of letters and runs of digits (a separator between two digits belongs to the number:
      ``4,3``, ``1.500``; a letter right after a digit starts a new token: ``و2025``);
    * ``starts``: the tokens' starts (for bisection);
    * ``digits``: where a decimal digit stands (what ``\\d`` matches), where numbers can start
      (``None`` when the text has characters beyond the BMP: then look with the regex).

    Example:
        >>> _scan("نحو 4,3 مليار.")
        _Scan(marked='نحو 4 3 مليار ', starts=[0, 4, 8], tokens=[(0, 3, 'نحو'), (4, 7, '4,3'), (8, 13, 'مليار')], digits=[4, 6])
    """
    if not norm:
        return _Scan("", [], [], [])
    cp = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _char_classes()
    if int(cp.max()) < 0x10000:
        cls = table[cp]
        digits = np.flatnonzero(_decimal_digits()[cp]).tolist()
    else:
        cls = np.where(cp < 0x10000, table[np.minimum(cp, 0xFFFF)], 0)
        digits = None
    t = np.zeros(cp.size + 2, dtype=np.int8)  # the token class of each character, a 0 on each side
    t[1:-1] = cls
    sep = t == _SEPARATOR
    if sep.any():
        inner = sep[1:-1] & (t[:-2] == _DIGIT) & (t[2:] == _DIGIT)
        t[sep] = 0
        t[1:-1][inner] = _DIGIT
    marked = _marked(cp, cls)
    change = np.flatnonzero(t[1:] != t[:-1])  # positions whose class differs from the one before
    starts = change[t[change + 1] != 0].tolist()
    ends = change[t[change] != 0].tolist()
    return _Scan(marked, starts, [(a, b, norm[a:b]) for a, b in zip(starts, ends)], digits)


def _decode(cp: np.ndarray) -> str:
    return cp.tobytes().decode("utf-32-le", "surrogatepass")


def _marked(cp: np.ndarray, cls: np.ndarray) -> str:
    """The text of code points ``cp`` with every character that is not a letter or digit (by its
    class ``cls`` of :func:`_char_classes`, 0 beyond the BMP) replaced by a space."""
    return _decode(np.where((cls == _LETTER) | (cls == _DIGIT), cp, _SPACE))


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
    from .cleaning import is_stopword

    return is_stopword(word)


def _tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


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


TITLE_SET = frozenset(_n(t) for t in TITLES)
MINISTER_WORDS = frozenset({"وزير", "وزيرة", "وزيرا", "الوزير", "الوزيرة", "وزراء", "نائب", "المتحدث", "الناطق"})
ORG_HEAD_SET = frozenset(ORG_HEADS)


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


# --------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------


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


def annotate_corpus(df: pd.DataFrame, *, annotator: Annotator | None = None, jobs: int | None = 1) -> pd.DataFrame:
    """Annotate every article of a :func:`helpers.loading.load_corpus` frame.

    Returns one frame: ``doc_id`` first, then the columns of :func:`annotate`; offsets point into
    each article's ``text``. ``jobs`` processes share the articles, this one and ``jobs - 1``
    workers (``None``: one per core); the default, 1, annotates in this process only. More
    processes pay off from a few megabytes of text on (a worker has to start, and with some
    start methods build its annotator); the result is the same.

    Example:
        >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["زار ساعر باكو", "في غزة"]})
        >>> annotate_corpus(corpus)[["doc_id", "text", "label"]].values.tolist()
        [['a', 'ساعر', 'PER'], ['a', 'باكو', 'LOC'], ['b', 'غزة', 'LOC']]
    """
    missing = {"doc_id", "text"} - set(df.columns)
    if missing:
        raise ValueError(f"annotate_corpus needs the columns doc_id and text (missing: {sorted(missing)})")
    doc_ids, texts = df["doc_id"].tolist(), df["text"].tolist()
    for doc_id, text in zip(doc_ids, texts):
        if not isinstance(text, str):
            raise TypeError(f"document {doc_id!r}: text is {type(text).__name__}, not str")
    jobs = cores() if jobs is None else int(jobs)
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    ann = annotator or default_annotator()  # built here, so forked workers inherit it
    batches = _batches(texts, jobs) if jobs > 1 else [texts]
    parts = _share_batches(batches, jobs, ann, annotator) if len(batches) > 1 else [_annotate_arrays(texts, ann)]
    counts = np.concatenate([part_counts for part_counts, _ in parts])
    arrays = [np.concatenate(column) for column in zip(*(part for _, part in parts))]
    return _frame(arrays, doc_ids=np.repeat(_object_array(doc_ids), counts))


#: at most this many characters of text per batch sent to a worker process
_BATCH_CHARS = 500_000
#: the last batches shrink down to this many characters
_MIN_BATCH_CHARS = 20_000


def _batches(texts: list[str], jobs: int) -> list[list[str]]:
    """Consecutive runs of ``texts`` for ``jobs`` processes, shrinking as the texts run out
    ("guided" scheduling): each run holds about a ``3 * jobs``-th of the characters still to
    come, at most :data:`_BATCH_CHARS`, at least :data:`_MIN_BATCH_CHARS`. The big runs first
    keep the processes busy at a small cost per run; the small runs last keep the processes from
    waiting for one another at the end.

    >>> [len(b) for b in _batches(["x" * 100_000] * 30, 2)]
    [5, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    """
    if sum(map(len, texts)) < _BATCH_CHARS:
        return [texts]
    return [texts[a:b] for a, b in
            _text_batches(texts, _BATCH_CHARS, shrink=3 * jobs, min_size=_MIN_BATCH_CHARS)]


def _share_batches(batches: list[list[str]], jobs: int, ann: Annotator,
                   annotator: Annotator | None) -> list[tuple[np.ndarray, list[np.ndarray]]]:
    """Annotate ``batches`` (:func:`_annotate_arrays`) in this process and ``jobs - 1`` worker
    processes, taking them in order: each worker has one batch at work and one waiting, this
    process takes the next one itself (it has no results to wait for or unpickle for its own
    batches). Returns the results in the order of ``batches``.

    A worker saves each result to a file of a temporary folder and sends back its name
    (:func:`_annotate_to_file`). Through the executor's pipe, a result (about a megabyte for
    half a million characters) would move only as fast as this process, busy annotating, lets the
    thread that reads the pipe run (it needs the interpreter lock for every 64 KB): the worker
    sat waiting for it for 6% of its time.
    """
    results: list[Any] = [None] * len(batches)
    pending: dict[Any, int] = {}
    ctx = multiprocessing.get_context()
    with tempfile.TemporaryDirectory(prefix="annotate_corpus_") as folder:
        pool = ProcessPoolExecutor(jobs - 1, mp_context=ctx, initializer=_start_worker, initargs=(annotator,))
        try:
            k = 0
            while k < len(batches):
                while k < len(batches) and len(pending) < 2 * (jobs - 1):
                    path = os.path.join(folder, f"{k}.pickle")
                    pending[pool.submit(_annotate_to_file, batches[k], path)] = k
                    k += 1
                if k < len(batches):
                    results[k] = _annotate_arrays(batches[k], ann)
                    k += 1
                for done in [f for f in pending if f.done()]:
                    results[pending.pop(done)] = _read_result(done.result())
            for done in cf_as_completed(list(pending)):
                results[pending[done]] = _read_result(done.result())
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)  # the workers stop before their folder goes
            raise
        pool.shutdown(wait=False)  # every result is in: the workers exit without this process waiting for them
    return results


_worker_annotator: Annotator | None = None


def _start_worker(annotator: Annotator | None) -> None:
    global _worker_annotator
    _worker_annotator = annotator or default_annotator()


def _annotate_batch(texts: list[str], annotator: Annotator | None = None) -> tuple[list[int], dict[str, list]]:
    """Annotate ``texts`` with ``annotator`` (in a worker: the one it started with): the number of
    spans of each text and the span columns of them all."""
    ann = annotator or _worker_annotator or default_annotator()
    counts: list[int] = []
    columns: dict[str, list] = {c: [] for c in SPAN_COLUMNS}
    for text in texts:
        mine = ann.columns(text)
        counts.append(len(mine["start"]))
        for c, values in mine.items():
            columns[c].extend(values)
    return counts, columns


def _annotate_arrays(texts: list[str], annotator: Annotator | None = None) -> tuple[np.ndarray, list[np.ndarray]]:
    """:func:`_annotate_batch` with its counts and columns as arrays (:func:`_column_arrays`):
    made where the batch was annotated, so that the workers share that work too."""
    counts, columns = _annotate_batch(texts, annotator)
    return np.array(counts, dtype=np.int64), _column_arrays(columns)


def _annotate_to_file(texts: list[str], path: str) -> str:
    """:func:`_annotate_arrays` of ``texts`` (in a worker) saved to ``path``; returns ``path``."""
    result = _annotate_arrays(texts)
    with open(path, "wb") as f:
        pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _read_result(path: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """What :func:`_annotate_to_file` saved (a file of this call's own temporary folder)."""
    with open(path, "rb") as f:
        return pickle.load(f)


def load_gold(folder: str | Path = GOLD_DIR) -> pd.DataFrame:
    """Read hand-made gold spans (``*.jsonl``, one span per line) into one frame.

    Columns: ``doc_id`` plus :data:`SPAN_COLUMNS` (``source`` = ``"gold"``). A line that is not
    JSON or lacks ``doc_id``/``start``/``end``/``label`` raises ``ValueError`` naming file and line.

    Example:
        >>> gold = load_gold()
        >>> sorted(gold.doc_id.unique())
        ['anadolu_saar_baku', 'saar_astana_baku']
    """
    folder = Path(folder)
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"no gold *.jsonl in {folder}")
    rows = []
    for path in files:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path.name}:{i}: not JSON ({err.msg})") from None
            lacking = {"doc_id", "start", "end", "label"} - set(rec)
            if lacking:
                raise ValueError(f"{path.name}:{i}: missing {sorted(lacking)}")
            rows.append({"doc_id": rec["doc_id"], "start": int(rec["start"]), "end": int(rec["end"]),
                         "label": rec["label"], "text": rec.get("text"), "canonical": rec.get("canonical"),
                         "source": "gold", "speaker": rec.get("speaker"), "value": rec.get("value"),
                         "unit": rec.get("unit")})
    out = pd.DataFrame(rows, columns=["doc_id", *SPAN_COLUMNS])
    for c in ("doc_id", "label", "text", "canonical", "source", "speaker", "value", "unit"):
        out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out.sort_values(["doc_id", "start", "label"], kind="stable").reset_index(drop=True)


def check_spans(spans: pd.DataFrame, texts: Mapping[str, str] | str) -> list[str]:
    """Problems of a span frame against its texts (empty list = all good).

    Checks that offsets are inside the text, that ``text[start:end] == row.text``, that spans do
    not start or end with whitespace, and that no two spans of one label overlap in one document.
    ``texts`` is one text, or ``{doc_id: text}`` when ``spans`` has a ``doc_id`` column.

    Example:
        >>> check_spans(annotate("زار ساعر باكو"), "زار ساعر باكو")
        []
    """
    problems = []
    if isinstance(texts, str):
        spans = spans.assign(doc_id="")
        texts = {"": texts}
    for doc_id, group in spans.groupby("doc_id", sort=False):
        text = texts.get(doc_id)
        if text is None:
            problems.append(f"{doc_id}: no text")
            continue
        for row in group.itertuples():
            where = f"{doc_id}[{row.start}:{row.end}] {row.label}"
            if not (0 <= row.start < row.end <= len(text)):
                problems.append(f"{where}: outside the text")
                continue
            if row.text is not None and text[row.start:row.end] != row.text:
                problems.append(f"{where}: text {row.text!r} != {text[row.start:row.end]!r}")
            if text[row.start].isspace() or text[row.end - 1].isspace():
                problems.append(f"{where}: starts or ends with whitespace")
        for label, lab in group.groupby("label"):
            pairs = sorted(zip(lab["start"], lab["end"]))
            for (s1, e1), (s2, e2) in zip(pairs, pairs[1:]):
                if s2 < e1:
                    problems.append(f"{doc_id}: {label} spans [{s1}:{e1}] and [{s2}:{e2}] overlap")
    return problems


# --------------------------------------------------------------------------------------
# Evaluation against the gold standard
# --------------------------------------------------------------------------------------


def _with_doc(df: pd.DataFrame) -> pd.DataFrame:
    return df if "doc_id" in df.columns else df.assign(doc_id="")


def _entity_key(row: Any) -> tuple:
    canon = row.canonical if isinstance(row.canonical, str) and row.canonical else None
    return (row.doc_id, row.label, _n(canon) if canon else _n(str(row.text)) if row.text is not None else
            (row.start, row.end))


def compare_spans(pred: pd.DataFrame, gold: pd.DataFrame, *, match: str = "exact") -> pd.DataFrame:
    """Every predicted and gold span with its verdict, for error analysis.

    Returns the rows of both frames (``side`` = ``"pred"``/``"gold"``) with ``matched`` (bool):
    a predicted span is matched when a gold span of the same document and label is equal
    (``match="exact"``) or shares at least one character (``match="overlap"``); a gold span when a
    predicted one matches it. Missed gold spans are the false negatives, unmatched predicted
    spans the false positives.

    Example:
        >>> gold = pd.DataFrame([{"start": 4, "end": 8, "label": "PER", "text": "ساعر", "canonical": "جدعون ساعر"}])
        >>> cmp = compare_spans(annotate("زار ساعر باكو"), gold)
        >>> cmp[["side", "text", "label", "matched"]].values.tolist()
        [['pred', 'ساعر', 'PER', True], ['pred', 'باكو', 'LOC', False], ['gold', 'ساعر', 'PER', True]]
    """
    if match not in ("exact", "overlap"):
        raise ValueError(f"match must be 'exact' or 'overlap', not {match!r}")
    pred, gold = _with_doc(pred), _with_doc(gold)
    index: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for r in gold.itertuples():
        index[(r.doc_id, r.label)].append((r.start, r.end))
    pindex: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for r in pred.itertuples():
        pindex[(r.doc_id, r.label)].append((r.start, r.end))

    def hit(spans: list[tuple[int, int]], s: int, e: int) -> bool:
        if match == "exact":
            return (s, e) in spans
        return any(a < e and s < b for a, b in spans)

    cols = ["doc_id", *SPAN_COLUMNS]
    p = pred.reindex(columns=cols).assign(side="pred")
    p["matched"] = [hit(index[(r.doc_id, r.label)], r.start, r.end) for r in pred.itertuples()]
    g = gold.reindex(columns=cols).assign(side="gold")
    g["matched"] = [hit(pindex[(r.doc_id, r.label)], r.start, r.end) for r in gold.itertuples()]
    out = pd.concat([p, g], ignore_index=True)
    return out[["side", *cols, "matched"]]


def evaluate(pred: pd.DataFrame, gold: pd.DataFrame, *, labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Precision, recall and F1 per label, for exact and overlap matching, mention and entity level.

    - *mention* level: every span counts; a predicted span is correct when a gold span of the same
      document and label matches it (exact = same offsets, overlap = shares a character); a gold
      span is found when a predicted span matches it.
    - *entity* level (the issue's goal): spans are grouped by (document, label, ``canonical``) — or
      the normalized text where there is no canonical (QUOTE, QUANTITY, DATE); a gold entity is
      found when **any** of its mentions is found, a predicted entity is correct when any of its
      mentions is correct.

    Both frames need ``start``, ``end``, ``label`` (and ``doc_id`` for several documents). Rows:
    one per (label, level, match) plus ``ALL`` (micro-average over the labels); columns ``label``,
    ``level``, ``match``, ``n_gold``, ``n_pred``, ``found``, ``correct``, ``precision``, ``recall``,
    ``f1``. A label with no gold span has recall NaN; with no prediction, precision NaN.

    Example:
        >>> gold = pd.DataFrame([{"start": 4, "end": 8, "label": "PER", "text": "ساعر", "canonical": "جدعون ساعر"}])
        >>> ev = evaluate(annotate("زار ساعر باكو"), gold, labels=["PER"])
        >>> ev.loc[(ev.level == "mention") & (ev.match == "exact"), ["label", "precision", "recall", "f1"]].values.tolist()
        [['PER', 1.0, 1.0, 1.0], ['ALL', 1.0, 1.0, 1.0]]
    """
    pred, gold = _with_doc(pred), _with_doc(gold)
    labels = list(labels) if labels is not None else [lab for lab in LABELS if lab in set(gold.label) | set(pred.label)]
    pred = pred[pred.label.isin(labels)]
    gold = gold[gold.label.isin(labels)]
    rows = []
    for match in ("exact", "overlap"):
        cmp = compare_spans(pred, gold, match=match)
        for level in ("mention", "entity"):
            tot = Counter()
            for label in labels:
                sub = cmp[cmp.label == label]
                p, g = sub[sub.side == "pred"], sub[sub.side == "gold"]
                if level == "mention":
                    n_pred, correct, n_gold, found = len(p), int(p.matched.sum()), len(g), int(g.matched.sum())
                else:
                    pe: dict[tuple, bool] = {}
                    for r in p.itertuples():
                        k = _entity_key(r)
                        pe[k] = pe.get(k, False) or bool(r.matched)
                    ge: dict[tuple, bool] = {}
                    for r in g.itertuples():
                        k = _entity_key(r)
                        ge[k] = ge.get(k, False) or bool(r.matched)
                    n_pred, correct, n_gold, found = len(pe), sum(pe.values()), len(ge), sum(ge.values())
                tot.update(n_pred=n_pred, correct=correct, n_gold=n_gold, found=found)
                rows.append(_scores(label, level, match, n_gold, n_pred, found, correct))
            rows.append(_scores("ALL", level, match, tot["n_gold"], tot["n_pred"], tot["found"], tot["correct"]))
    return pd.DataFrame(rows)


def _scores(label: str, level: str, match: str, n_gold: int, n_pred: int, found: int, correct: int) -> dict:
    precision = correct / n_pred if n_pred else float("nan")
    recall = found / n_gold if n_gold else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if n_pred and n_gold and (precision + recall) else \
        (0.0 if n_pred and n_gold else float("nan"))
    return {"label": label, "level": level, "match": match, "n_gold": n_gold, "n_pred": n_pred,
            "found": found, "correct": correct, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4)}


def evaluate_attributes(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """How often the attributes agree on spans both sides have (exact match of offsets and label).

    One row per (label, attribute): ``canonical`` for PER/LOC/ORG/FRAME (compared after
    normalization), ``speaker`` for QUOTE, ``value`` and ``unit`` for QUANTITY, ``value`` for DATE;
    columns ``label``, ``attribute``, ``n`` (spans compared), ``agree``, ``accuracy``.

    Example:
        >>> gold = pd.DataFrame([{"start": 4, "end": 8, "label": "PER", "text": "ساعر", "canonical": "جدعون ساعر"}])
        >>> evaluate_attributes(annotate("زار ساعر باكو"), gold)[["label", "attribute", "accuracy"]].values.tolist()
        [['PER', 'canonical', 1.0]]
    """
    pred, gold = _with_doc(pred), _with_doc(gold)
    attrs = {"PER": ["canonical"], "LOC": ["canonical"], "ORG": ["canonical"], "FRAME": ["canonical"],
             "QUOTE": ["speaker"], "QUANTITY": ["value", "unit"], "DATE": ["value"]}
    merged = gold.merge(pred, on=["doc_id", "start", "end", "label"], suffixes=("_gold", "_pred"))

    def same(a: Any, b: Any) -> bool:
        if a is None or (isinstance(a, float) and pd.isna(a)):
            return b is None or (isinstance(b, float) and pd.isna(b))
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(a)))
        return _n(str(a)) == _n(str(b)) if b is not None else False

    rows = []
    for label in [lab for lab in LABELS if lab in set(merged.label)]:
        sub = merged[merged.label == label]
        for attr in attrs[label]:
            agree = sum(same(a, b) for a, b in zip(sub[f"{attr}_gold"], sub[f"{attr}_pred"]))
            rows.append({"label": label, "attribute": attr, "n": len(sub), "agree": agree,
                         "accuracy": round(agree / len(sub), 4) if len(sub) else float("nan")})
    return pd.DataFrame(rows, columns=["label", "attribute", "n", "agree", "accuracy"])


# --------------------------------------------------------------------------------------
# Display and exports
# --------------------------------------------------------------------------------------


def _span_records(spans: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[dict]:
    if isinstance(spans, pd.DataFrame):
        recs = spans.to_dict("records")
    else:
        recs = [dict(s) for s in spans]
    for r in recs:
        for k, v in list(r.items()):
            if isinstance(v, float) and pd.isna(v):
                r[k] = None
    return sorted(recs, key=lambda r: (int(r["start"]), -int(r["end"])))


class Highlight:
    """HTML view of spans over a raw text (``_repr_html_`` → shown by Jupyter). See :func:`highlight`."""

    def __init__(self, html_text: str, n_spans: int = 0, n_chars: int = 0):
        self.html = html_text
        self.n_spans = n_spans
        self.n_chars = n_chars

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<Highlight: {self.n_spans} spans over {self.n_chars} characters>"

    def __str__(self) -> str:
        return self.html


def highlight(text: str, spans: pd.DataFrame | Iterable[Mapping[str, Any]], *,
              labels: Sequence[str] | None = None, title: str | None = None) -> Highlight:
    """Render ``spans`` over the raw ``text`` as right-to-left HTML, one colour per label, with a legend.

    The text is untrusted, so every piece of it (and every canonical name, shown as a tooltip) is
    HTML-escaped. Spans may nest or overlap (a name inside a quotation): the text is cut at every
    span boundary and each piece is wrapped in the spans that cover it. QUOTE spans are underlined
    rather than filled so the names inside them stay visible.

    Example:
        >>> h = highlight("قال <ساعر>", [{"start": 5, "end": 9, "label": "PER", "canonical": "جدعون ساعر"}])
        >>> "&lt;" in h.html and 'dir="rtl"' in h.html and "<script" not in h.html
        True
    """
    if not isinstance(text, str):
        raise TypeError("highlight expects the raw text as str")
    recs = [r for r in _span_records(spans) if labels is None or r["label"] in labels]
    for r in recs:
        if not (0 <= int(r["start"]) < int(r["end"]) <= len(text)):
            raise ValueError(f"span [{r['start']}, {r['end']}) is outside the text (length {len(text)})")
    cuts = sorted({0, len(text), *(int(r["start"]) for r in recs), *(int(r["end"]) for r in recs)})
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b]).replace("\n", "<br>\n")
        covering = [r for r in recs if int(r["start"]) <= a and b <= int(r["end"])]
        for r in sorted(covering, key=lambda r: int(r["end"]) - int(r["start"])):
            lab = str(r["label"])
            color = LABEL_COLORS.get(lab, "#dddddd")
            tip = lab + (f": {r['canonical']}" if r.get("canonical") else "") + \
                (f" — {r['speaker']}" if r.get("speaker") else "") + \
                (f" = {r['value']} {r.get('unit') or ''}".rstrip() if r.get("value") is not None else "")
            style = (f"border-bottom:3px solid {color};padding-bottom:1px" if lab == "QUOTE"
                     else f"background:{color};border-radius:3px;padding:0 2px")
            piece = (f'<span class="ann-{html.escape(lab)}" style="{style}" '
                     f'title="{html.escape(tip, quote=True)}">{piece}</span>')
        parts.append(piece)
    shown = [lab for lab in LABELS if any(r["label"] == lab for r in recs)] + \
        sorted({str(r["label"]) for r in recs} - set(LABELS))
    legend = " ".join(
        f'<span style="background:{LABEL_COLORS.get(lab, "#dddddd")};border-radius:3px;padding:0 4px;'
        f'margin:0 2px">{html.escape(lab)}</span>' for lab in shown)
    head = f"<div style=\"font-weight:bold\">{html.escape(title)}</div>" if title else ""
    body = (f'<div dir="rtl" lang="ar" style="line-height:2;font-size:1.05em;text-align:right">'
            f"{''.join(parts)}</div>")
    return Highlight(f'<div class="annotations">{head}<div dir="ltr" style="margin-bottom:4px">'
                     f"Legend: {legend}</div>{body}</div>", len(recs), len(text))


def to_brat(text: str, spans: pd.DataFrame | Iterable[Mapping[str, Any]]) -> str:
    """brat standoff (``.ann``) for ``spans`` of ``text`` (save ``text`` beside it as the ``.txt``).

    One text-bound line per span (``T1<TAB>PER 4 8<TAB>ساعر``; a span that crosses a line break is
    written as fragments ``start end;start end``), and an ``AnnotatorNotes`` line carrying the
    canonical name, speaker, value and unit where there are any. Offsets are code points, as brat
    expects.

    Example:
        >>> print(to_brat("زار ساعر باكو", annotate("زار ساعر باكو")).replace(chr(9), " <TAB> "))
        T1 <TAB> PER 4 8 <TAB> ساعر
        #1 <TAB> AnnotatorNotes T1 <TAB> canonical=جدعون ساعر
        T2 <TAB> LOC 9 13 <TAB> باكو
        #2 <TAB> AnnotatorNotes T2 <TAB> canonical=باكو
    """
    lines = []
    for k, r in enumerate(_span_records(spans), start=1):
        a, b = int(r["start"]), int(r["end"])
        frags, pos = [], a
        for piece in text[a:b].split("\n"):
            if piece:
                frags.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        loc = ";".join(f"{x} {y}" for x, y in frags)
        shown = " ".join(text[x:y] for x, y in frags)
        lines.append(f"T{k}\t{r['label']} {loc}\t{shown}")
        notes = [f"{key}={r[key]}" for key in ("canonical", "speaker", "value", "unit") if r.get(key) is not None]
        if notes:
            lines.append(f"#{k}\tAnnotatorNotes T{k}\t{'; '.join(notes)}")
    return "\n".join(lines)


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def to_label_studio(text: str, spans: pd.DataFrame | Iterable[Mapping[str, Any]], *,
                    kind: str = "predictions", from_name: str = "label", to_name: str = "text",
                    model_version: str = "helpers.annotating", data: Mapping[str, Any] | None = None) -> dict:
    """One Label Studio task (JSON-serialisable dict) with the spans as ``predictions`` (default,
    for review) or ``annotations``.

    Use it with a labeling config such as
    ``<View><Labels name="label" toName="text">…</Labels><Text name="text" value="$text"/></View>``.
    Label Studio counts offsets in UTF-16 code units (JavaScript strings); they are converted, so
    texts with emoji or other astral characters stay aligned. ``data`` adds fields to the task's data.

    Example:
        >>> task = to_label_studio("زار ساعر باكو", annotate("زار ساعر باكو"))
        >>> r = task["predictions"][0]["result"][0]
        >>> r["value"]["start"], r["value"]["end"], r["value"]["labels"]
        (4, 8, ['PER'])
    """
    if kind not in ("predictions", "annotations"):
        raise ValueError("kind must be 'predictions' or 'annotations'")
    result = []
    for k, r in enumerate(_span_records(spans), start=1):
        a, b = int(r["start"]), int(r["end"])
        item = {"id": f"s{k}", "from_name": from_name, "to_name": to_name, "type": "labels",
                "value": {"start": _utf16(text, a), "end": _utf16(text, b), "text": text[a:b],
                          "labels": [str(r["label"])]}}
        if kind == "predictions":
            item["score"] = 1.0
        meta = {key: r[key] for key in ("canonical", "speaker", "value", "unit", "source") if r.get(key) is not None}
        if meta:
            item["meta"] = {"text": [json.dumps(meta, ensure_ascii=False, default=str)]}
        result.append(item)
    block: dict[str, Any] = {"result": result}
    if kind == "predictions":
        block["model_version"] = model_version
    return {"data": {"text": text, **(dict(data) if data else {})}, kind: [block]}


def to_displacy(text: str, spans: pd.DataFrame | Iterable[Mapping[str, Any]], *,
                labels: Sequence[str] | None = None, title: str | None = None) -> dict:
    """spaCy displaCy's *manual* format: ``{"text", "ents": [{"start", "end", "label"}], "title"}``.

    displaCy's entity view cannot draw nested spans, so overlapping ones are dropped: named
    entities, dates, quantities and frames are kept first (longest first), QUOTE spans only where
    nothing else overlaps them. Render with ``spacy.displacy.render(doc, style="ent", manual=True)``
    (spaCy is not needed here; the dict is plain JSON).

    Example:
        >>> to_displacy("زار ساعر باكو", annotate("زار ساعر باكو"))["ents"]
        [{'start': 4, 'end': 8, 'label': 'PER'}, {'start': 9, 'end': 13, 'label': 'LOC'}]
    """
    recs = [r for r in _span_records(spans) if labels is None or r["label"] in labels]
    recs.sort(key=lambda r: (r["label"] == "QUOTE", -(int(r["end"]) - int(r["start"])), int(r["start"])))
    kept: list[dict] = []
    for r in recs:
        a, b = int(r["start"]), int(r["end"])
        if all(b <= k["start"] or k["end"] <= a for k in kept):
            kept.append({"start": a, "end": b, "label": str(r["label"])})
    kept.sort(key=lambda d: d["start"])
    return {"text": text, "ents": kept, "title": title}
