"""Tests for helpers/cleaning/: normalization, offsets back to raw, tokenization, stopwords."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import (
    Offsets,
    Token,
    clean_corpus,
    is_stopword,
    normalize,
    normalize_with_offsets,
    remove_stopwords,
    split_clitics,
    stopword_lists,
    stopword_source,
    stopword_table,
    to_raw_span,
    to_raw_spans,
    tokenize,
    word_tokens,
)

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
ANADOLU = (RAW / "anadolu_saar_baku.txt").read_text(encoding="utf-8")
ASTANA = (RAW / "saar_astana_baku.txt").read_text(encoding="utf-8")
SEEDS = [ANADOLU, ASTANA]


def raw_surface(raw: str, norm: str, offsets, start: int, end: int) -> str:
    a, b = to_raw_span(offsets, start, end)
    return raw[a:b]


# --------------------------------------------------------------------------------------
# normalize: each step of the spec
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("وصلتُ", "وصلت"),  # damma (seed 1)
        ("أسبوعيًا", "اسبوعيا"),  # fathatan + hamza on alef
        ("ويُعدّ", "ويعد"),  # damma + shadda
        ("مُحَمَّدٌ", "محمد"),
        ("الرحمٰن", "الرحمن"),  # superscript alef U+0670
        ("ذٰلِكَ ۖ", "ذلك "),  # Quranic pause mark U+06D6 (space kept, trailing)
        ("الخارجيـــة", "الخارجية"),  # tatweel
        ("أعلن إسرائيل آسيا ٱلله", "اعلن اسرائيل اسيا الله"),  # alef forms
        ("إلى مستوى", "الي مستوي"),  # alef maqsura
        ("یک کتاب", "يك كتاب"),  # Persian yeh and keheh
        ("٢٠٢٥ و۱۹۶۷", "2025 و1967"),  # Arabic-Indic and Persian digits
        ("\ufefb", "لا"),  # presentation-form ligature lam-alef (NFKC)
        ("\ufe8d\ufee0\ufed8\ufeaa\ufeb3", "القدس"),  # presentation forms of القدس
        ("ا\u0654", "ا"),  # alef + combining hamza composes to أ, then → ا
        ("ي\u0654", "ئ"),  # yeh + combining hamza composes to ئ (kept: not an alef form)
        ("باكو\u200f، \u200eتل أبيب", "باكو، تل ابيب"),  # RLM, LRM
        ("\ufeffنص\u200bمع\u00adفاصل", "نصمعفاصل"),  # BOM, ZWSP, soft hyphen
        ("\u202bعربي\u202c \u2067x\u2069 \u061cا", "عربي x ا"),  # embeddings, isolates, ALM
        ("مي\u200cخواهم", "ميخواهم"),  # ZWNJ removed
        ("كلمة\u00a0\u00a0أخرى\t\tثالثة", "كلمة اخري ثالثة"),  # NBSP, tab, runs collapsed
        ("سطر\n\nسطر", "سطر\n\nسطر"),  # newlines kept
        ("a\u2003\u3000b", "a b"),  # em space, ideographic space
    ],
)
def test_normalize_steps(raw, expected):
    assert normalize(raw) == expected


def test_ta_marbuta_only_when_asked():
    assert normalize("الزراعة") == "الزراعة"
    assert normalize("الزراعة", ta_marbuta=True) == "الزراعه"


def test_digits_keep():
    assert normalize("٢٠٢٥", digits="keep") == "٢٠٢٥"
    with pytest.raises(ValueError, match="digits"):
        normalize("x", digits="roman")


def test_options_switch_steps_off():
    assert normalize("وصلتُ", diacritics=False) == "وصلتُ"
    assert normalize("الخارجيـــة", tatweel=False) == "الخارجيـــة"
    assert normalize("أعلن", alef=False) == "أعلن"
    assert normalize("إلى", alef_maqsura=False) == "الى"
    assert normalize("یک", persian=False) == "یک"
    assert normalize("a\u200fb", invisible=False) == "a\u200fb"


def test_punctuation_option_maps_to_one_set():
    text = "قال، نعم؛ لماذا؟ المحتلة٬ ما “رفيع” «سابقة» 54٪"
    assert normalize(text) == text  # off by default
    assert normalize(text, punctuation=True) == 'قال, نعم; لماذا? المحتلة, ما "رفيع" "سابقة" 54%'


def test_seed_quotes_and_arabic_comma():
    # the second article uses curly quotes and U+066C (Arabic thousands separator) as a comma
    assert "٬" in ASTANA and "“" in ASTANA and '"' not in ASTANA
    assert '"' in ANADOLU and "“" not in ANADOLU
    a = normalize(ASTANA, punctuation=True)
    assert "٬" not in a and "“" not in a and "”" not in a
    assert "المحتلة, ما يستدعي" in a
    assert '"اتفاقيات ابراهام"' in a
    assert a.count('"') == ASTANA.count("“") + ASTANA.count("”")


@pytest.mark.parametrize("text", SEEDS + ["", "abc", "وصلتُ  إلى\u200f باكو", "ﻻ", "ا\u0654"])
@pytest.mark.parametrize("opts", [{}, {"ta_marbuta": True, "punctuation": True}, {"digits": "keep"}])
def test_idempotent_on_examples(text, opts):
    once = normalize(text, **opts)
    assert normalize(once, **opts) == once


def test_alef_with_five_maddas_folds_whole_without_removing_diacritics():
    # each round composes ا + madda (U+0653) into آ and folds it back to ا: five rounds
    assert normalize("ا" + "\u0653" * 5, diacritics=False) == "ا"


def test_seeds_normalized_content():
    a = normalize(ANADOLU)
    assert "وصلت الي باكو" in a
    assert "اسبوعيا" in a
    assert "ويعد تعاوننا" in a
    assert "اذربيجان" in a and "أذربيجان" not in a
    assert len(a) < len(ANADOLU)  # diacritics removed
    assert a.count("\n") == ANADOLU.count("\n")  # paragraphs kept


def test_normalize_rejects_non_text_with_clear_message():
    with pytest.raises(TypeError, match="expected a str"):
        normalize(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bytes"):
        normalize("نص".encode())  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# normalize_with_offsets / to_raw_span
# --------------------------------------------------------------------------------------


def check_offsets(raw: str, norm: str, offsets) -> None:
    assert len(offsets) == len(norm)
    assert all(0 <= o < len(raw) for o in offsets)
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))
    assert all(s < e <= len(raw) for s, e in zip(offsets, offsets.ends))
    assert all(a <= b for a, b in zip(offsets.ends, offsets.ends[1:]))


@pytest.mark.parametrize("text", SEEDS)
@pytest.mark.parametrize("opts", [{}, {"ta_marbuta": True, "punctuation": True}])
def test_offsets_on_seeds(text, opts):
    norm, offsets = normalize_with_offsets(text, **opts)
    assert norm == normalize(text, **opts)
    assert isinstance(offsets, Offsets) and len(offsets) == len(norm)
    check_offsets(text, norm, offsets)
    # each normalized char is what its raw source normalizes to
    for i, (a, b) in enumerate(zip(offsets, offsets.ends)):
        assert norm[i] in normalize(text[a:b], **opts) or norm[i] == " "


@pytest.mark.parametrize(
    ("raw", "word", "surface"),
    [
        ("ثم وصلتُ إلى باكو", "وصلت", "وصلتُ"),  # trailing damma belongs to the word
        ("زار أسبوعيًا البلد", "اسبوعيا", "أسبوعيًا"),  # hamza alef + fathatan
        ("ويُعدّ تعاوننا", "ويعد", "ويُعدّ"),  # shadda at the very end
        ("وزير الخارجيـــة الإسرائيلي", "الخارجية", "الخارجيـــة"),  # tatweel inside
        ("وزير الخارجيةـ الإسرائيلي", "الخارجية", "الخارجيةـ"),  # tatweel at the end
        ("إلى آسيا", "اسيا", "آسيا"),  # madda alef
        ("مستوى أعلى", "اعلي", "أعلى"),  # hamza alef + alef maqsura
        ("نعم \ufefb أعرف", "لا", "\ufefb"),  # one ligature → two normalized chars
        ("نعم \ufefb أعرف", "ل", "\ufefb"),  # half of a ligature → the whole ligature
        ("ا\u0654من", "امن", "ا\u0654من"),  # composed hamza: both raw chars
        ("نص ا\u0654", "ا", "ا\u0654"),  # composition at the very end of the text
        ("باكو\u200f، غزة", "باكو", "باكو"),  # RLM after the word is not part of it
        ("باكو،\u200f غزة", "غزة", "غزة"),
        ("\u200fغزة", "غزة", "غزة"),  # leading RLM excluded
        ("عام ٢٠٢٥ م", "2025", "٢٠٢٥"),
        ("في\u00a0\u00a0باكو", "في باكو", "في\u00a0\u00a0باكو"),  # collapsed spaces
    ],
)
def test_to_raw_span_gives_raw_surface(raw, word, surface):
    norm, offsets = normalize_with_offsets(raw)
    i = norm.index(word)
    assert raw_surface(raw, norm, offsets, i, i + len(word)) == surface


@pytest.mark.parametrize("diacritics", [True, False])
def test_reordered_marks_map_back(diacritics):
    """Shadda typed before fatha (NFKC reorders the marks) and a run of three marks."""
    from helpers.cleaning import offsets as cleaning_offsets

    raw = "قال مح\u0645\u0651\u064eد ثم ر\u0651\u064e\u064bا"
    nfkc = unicodedata.normalize("NFKC", raw)
    assert nfkc != raw and cleaning_offsets._nfkc_reordered(raw, nfkc) is not None  # the vectorized path
    norm, offsets = normalize_with_offsets(raw, diacritics=diacritics)
    assert norm == normalize(raw, diacritics=diacritics)
    check_offsets(raw, norm, offsets)
    words = norm.split()
    i = norm.index(words[1])
    assert raw_surface(raw, norm, offsets, i, i + len(words[1])) == "مح\u0645\u0651\u064eد"
    i = norm.index(words[3])
    assert raw_surface(raw, norm, offsets, i, i + len(words[3])) == "ر\u0651\u064e\u064bا"


def test_ta_marbuta_option_maps_back():
    raw = "وزارة الخارجيةِ"
    norm, offsets = normalize_with_offsets(raw, ta_marbuta=True)
    assert norm == "وزاره الخارجيه"
    i = norm.index("الخارجيه")
    assert raw_surface(raw, norm, offsets, i, i + 8) == "الخارجيةِ"


@pytest.mark.parametrize("text", SEEDS)
def test_every_normalized_word_maps_to_its_raw_word(text):
    """Every token of the normalized seed maps back to a raw span whose normalization is it."""
    norm, offsets = normalize_with_offsets(text)
    for tok in tokenize(norm):
        a, b = to_raw_span(offsets, tok.start, tok.end)
        assert normalize(text[a:b]) == tok.text
        assert text[a:b] == text[a:b].strip()


def test_seed_words_surface():
    norm, offsets = normalize_with_offsets(ANADOLU)
    for word, surface in [
        ("وصلت", "وصلتُ"),
        ("اسبوعيا", "أسبوعيًا"),
        ("اجتماعا", "اجتماعًا"),
        ("عاما", "عامًا"),
        ("ويعد", "ويُعدّ"),
        ("اذربيجان", "أذربيجان"),
        ("الي", "إلى"),
    ]:
        i = norm.index(word)
        assert raw_surface(ANADOLU, norm, offsets, i, i + len(word)) == surface


def test_to_raw_span_edges():
    raw = "وصلتُ"
    norm, offsets = normalize_with_offsets(raw)
    assert to_raw_span(offsets, 0, 4) == (0, 5)
    assert to_raw_span(offsets, 0, 0) == (0, 0)
    assert to_raw_span(offsets, 4, 4) == (5, 5)
    with pytest.raises(IndexError, match="outside"):
        to_raw_span(offsets, 2, 9)
    with pytest.raises(IndexError):
        to_raw_span(offsets, 3, 2)
    empty_norm, empty = normalize_with_offsets("")
    assert empty_norm == "" and list(empty) == [] and to_raw_span(empty, 0, 0) == (0, 0)
    # a plain list of starts works (without the trailing diacritic, which it cannot know)
    assert to_raw_span(list(offsets), 0, 4) == (0, 4)


def test_offsets_survive_pickle():
    import pickle

    _, offsets = normalize_with_offsets("وصلتُ إلى باكو")
    again = pickle.loads(pickle.dumps(offsets))
    assert again == offsets and again.ends.tolist() == offsets.ends.tolist() and again.raw_length == offsets.raw_length


# --------------------------------------------------------------------------------------
# tokenize
# --------------------------------------------------------------------------------------


def texts(tokens):
    return [t.text for t in tokens]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قبل أكثر من 30 عامًا،", ["قبل", "أكثر", "من", "30", "عامًا", "،"]),
        ("بنحو 50 بالمئة", ["بنحو", "50", "بالمئة"]),
        ("نمو 3.5 و4,3 و1,000", ["نمو", "3.5", "و", "4,3", "و", "1,000"]),
        ("ارتفع 50% و54٪", ["ارتفع", "50%", "و", "54٪"]),
        ("عام 2016م", ["عام", "2016", "م"]),
        ("عام ٢٠١٦م", ["عام", "٢٠١٦", "م"]),
        ('وقال ساعر: "إلهام', ["وقال", "ساعر", ":", '"', "إلهام"]),
        ("“رفيع المستوى”", ["“", "رفيع", "المستوى", "”"]),
        ("المحتلة٬ ما", ["المحتلة", "٬", "ما"]),
        ("للحياة (الجالية) اليهودية", ["للحياة", "(", "الجالية", ")", "اليهودية"]),
        ("أكتوبر/ تشرين", ["أكتوبر", "/", "تشرين"]),
        ("الخارجيـــة", ["الخارجيـــة"]),
        ("والسياحة\"..", ["والسياحة", '"', ".", "."]),
        ("Gideon Sa'ar", ["Gideon", "Sa", "'", "ar"]),
    ],
)
def test_tokenize_table(text, expected):
    toks = tokenize(text)
    assert texts(toks) == expected
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert word_tokens(text) == expected


def test_token_kind():
    kinds = [t.kind for t in tokenize("قال: 50%")]
    assert kinds == ["word", "punct", "number"]
    assert Token("x", 0, 1) == ("x", 0, 1)


@pytest.mark.parametrize("text", SEEDS)
def test_tokenize_seed_offsets(text):
    toks = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert all(a.end <= b.start for a, b in zip(toks, toks[1:]))
    # nothing but whitespace is skipped
    covered = "".join(t.text for t in toks)
    assert covered == "".join(text.split())


# --- clitics: the hard cases ---------------------------------------------------------

CLITIC_CASES = [
    # split
    ("والدفاع", ["و", "ال", "دفاع"]),
    ("بالقدس", ["ب", "القدس"]),  # القدس is a known name: the article stays on it
    ("للزراعة", ["ل", "ل", "زراعة"]),  # ل + article without its alef
    ("ولبنان", ["و", "لبنان"]),
    ("والزراعة", ["و", "ال", "زراعة"]),
    ("بالعلاقات", ["ب", "ال", "علاقات"]),
    ("وللحياة", ["و", "ل", "ل", "حياة"]),
    ("الاستراتيجية", ["ال", "استراتيجية"]),
    ("وإيران", ["و", "إيران"]),
    ("بغزة", ["ب", "غزة"]),
    ("ولم", ["ولم"]),  # a stopword form, kept whole (is_stopword handles it)
    ("كالعادة", ["ك", "ال", "عادة"]),
    ("وَالدِّفَاعِ", ["وَ", "ال", "دِّفَاعِ"]),
    ("والمياه", ["و", "ال", "مياه"]),  # split further even though المياه is a known word
    ("ٱلكتاب", ["ٱل", "كتاب"]),  # alef wasla article  # raw, with diacritics: offsets of the raw word
    # stay whole
    ("بيراموف", ["بيراموف"]),
    ("باكو", ["باكو"]),
    ("لبنان", ["لبنان"]),
    ("فلسطين", ["فلسطين"]),
    ("كازاخستان", ["كازاخستان"]),
    ("وزير", ["وزير"]),
    ("وفد", ["وفد"]),
    ("فضلا", ["فضلا"]),
    ("بالغة", ["بالغة"]),  # ب+ال would leave 2 letters
    ("بال", ["بال"]), ("وال", ["وال"]), ("وبال", ["وبال"]),  # a clitic + the bare article is no word
    ("بحي", ["ب", "حي"]),  # "in a neighbourhood": a 3-letter word can still be a clitic + word
    ("الله", ["الله"]),
    ("التي", ["التي"]),
    ("لندن", ["لندن"]),
    ("برفقة", ["برفقة"]),  # رفقة is not in the lexicon
    ("إلهام", ["إلهام"]),  # hamza alef: not the article (the name Ilham)
    ("ألمانيا", ["ألمانيا"]),
    ("آلية", ["آلية"]),
]


@pytest.mark.parametrize(("word", "expected"), CLITIC_CASES)
def test_clitic_hard_cases(word, expected):
    assert split_clitics(word) == expected
    toks = tokenize(word, split_clitics=True)
    assert "".join(texts(toks)) == word
    assert all(word[t.start : t.end] == t.text for t in toks)


def test_clitics_lexicon_adds_words():
    assert split_clitics("برفقة") == ["برفقة"]
    assert split_clitics("برفقة", lexicon=["رفقة"]) == ["ب", "رفقة"]
    assert split_clitics("ورد") == ["ورد"]


def test_clitics_in_running_text_keep_offsets():
    text = "وتعزيز الشراكة في قطاعات بينها الطاقة والدفاع."
    toks = tokenize(text, split_clitics=True)
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert texts(toks)[-4:] == ["و", "ال", "دفاع", "."]
    assert texts(toks)[5:8] == ["بينها", "ال", "طاقة"]


# --------------------------------------------------------------------------------------
# stopwords
# --------------------------------------------------------------------------------------


def test_stopword_sources():
    assert stopword_source("في") == "arabic-stopwords"
    assert stopword_source("إلى") == stopword_source("الى") == "arabic-stopwords"
    assert stopword_source("قال") == "news-boilerplate"
    assert stopword_source("وأضاف") == "news-boilerplate"
    assert stopword_source("مشيرا") == "news-boilerplate"
    assert stopword_source("بحسب") == "arabic-stopwords"  # in both: the first list wins
    assert stopword_source("الطاقة") is None
    assert stopword_source("باكو") is None
    assert stopword_source("ال") == "clitics" and stopword_source("و") == "arabic-stopwords"
    assert is_stopword("التي") and is_stopword("وفق") and not is_stopword("أذربيجان")


def test_stopword_lists_are_normalized():
    lists = stopword_lists()
    assert list(lists) == ["arabic-stopwords", "news-boilerplate", "clitics"]
    assert lists["clitics"] == {"و", "ف", "ب", "ل", "ك", "ال"}
    for words in lists.values():
        assert words and all(w == normalize(w, ta_marbuta=True) for w in words)
    assert len(lists["arabic-stopwords"]) > 1000
    assert "قال" in lists["news-boilerplate"] and "اضاف" in lists["news-boilerplate"]


def test_remove_stopwords_and_table_on_seed():
    toks = word_tokens(normalize(ANADOLU))
    content = remove_stopwords(toks)
    assert "في" not in content and "قال" not in content and "،" not in content
    assert "باكو" in content and "الطاقة" in content
    table = stopword_table(toks)
    assert list(table.columns) == ["word", "source", "count"]
    assert set(table["source"]) == {"arabic-stopwords", "news-boilerplate"}
    row = table.set_index("word").loc["في"]
    assert row["count"] == toks.count("في") and row["source"] == "arabic-stopwords"
    assert table["count"].is_monotonic_decreasing


# --------------------------------------------------------------------------------------
# clean_corpus
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus():
    from helpers import load_corpus

    return load_corpus(RAW)


def test_clean_corpus_columns_and_no_mutation(corpus):
    before = corpus.copy(deep=True)
    out = clean_corpus(corpus)
    pd.testing.assert_frame_equal(corpus, before)
    assert "clean_text" not in corpus.columns
    assert out is not corpus
    assert {"clean_text", "tokens", "n_tokens"} <= set(out.columns)
    for _, row in out.iterrows():
        assert row["clean_text"] == normalize(row["text"])
        assert row["n_tokens"] == len(row["tokens"])
        assert all(isinstance(t, str) and t[0].isalnum() for t in row["tokens"])
    first = out.iloc[0]["tokens"] if "وصلت" in out.iloc[0]["tokens"] else out.iloc[1]["tokens"]
    assert "وصلت" in first and "اسبوعيا" in first


def test_clean_corpus_options(corpus):
    plain = clean_corpus(corpus)
    no_stop = clean_corpus(corpus, drop_stopwords=True)
    split = clean_corpus(corpus, split_clitics=True)
    for p, s in zip(plain["tokens"], no_stop["tokens"]):
        assert len(s) < len(p) and not any(is_stopword(t) for t in s)
    for p, s in zip(plain["n_tokens"], split["n_tokens"]):
        assert s > p
    both = split.iloc[0]["tokens"] + split.iloc[1]["tokens"]
    assert "دفاع" in both and "ال" in both and "الهام" in both  # إلهام علييف keeps its name
    assert "هام" not in both
    tm = clean_corpus(corpus, ta_marbuta=True)
    assert all("ة" not in t for t in tm["clean_text"])


def test_clean_corpus_bad_input():
    with pytest.raises(ValueError, match="'text' column"):
        clean_corpus(pd.DataFrame({"body": ["x"]}))
    with pytest.raises(TypeError, match="DataFrame"):
        clean_corpus(["نص"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        clean_corpus(pd.DataFrame({"text": ["x"]}), colour="red")
    df = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["وصلتُ", None, ""]})
    from helpers import CorpusWarning

    with pytest.warns(CorpusWarning, match="not a string"):
        out = clean_corpus(df)
    assert out["n_tokens"].tolist() == [1, 0, 0]
    assert out["clean_text"].tolist() == ["وصلت", "", ""]


def test_match_key_has_one_cache_per_option_set():
    """The matching key of every stage: normalize's defaults, plus ة → ه and/or one set of
    punctuation on demand; a key cached for one option set never answers for another."""
    from helpers.cleaning import match_key

    assert match_key("مدينةُ،", punctuation=True, ta_marbuta=True) == "مدينه,"
    assert match_key("مدينةُ،") == "مدينة،"
    assert match_key("مدينةُ،", ta_marbuta=True) == "مدينه،"
    assert match_key("مدينةُ،", punctuation=True) == "مدينة,"
    assert is_stopword("التى") and match_key("التى", punctuation=True, ta_marbuta=True) == "التي"


def test_character_data_files_name_their_characters():
    """Every row of the character tables in data/patterns names its character by its Unicode
    name, so that a look-alike letter (ی for ي, ک for ك) cannot slip in unseen."""
    from helpers._shared import word_table

    for name in ("character_folds", "number_characters"):
        rows = word_table(name)
        assert rows and all(unicodedata.name(row["char"]) == row["name"] for row in rows), name


def test_docstring_examples():
    import doctest
    import importlib
    import pkgutil

    import helpers.cleaning

    modules = [helpers.cleaning] + [importlib.import_module(f"helpers.cleaning.{m.name}")
                                    for m in pkgutil.iter_modules(helpers.cleaning.__path__)]
    results = [doctest.testmod(m) for m in modules]
    assert sum(r.attempted for r in results) >= 20 and sum(r.failed for r in results) == 0


# --------------------------------------------------------------------------------------
# properties (hypothesis)
# --------------------------------------------------------------------------------------

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import helpers.cleaning as cleaning  # noqa: E402
from helpers.cleaning import normalization, token_classes, tokenizing  # noqa: E402

ARABIC_LETTERS = [chr(c) for c in range(0x0621, 0x064B) if c != 0x0640]
ARABIC_ALPHABET = (
    ARABIC_LETTERS
    + [chr(c) for c in range(0x064B, 0x0653)]  # tashkeel
    + ["\u0640", "\u0670", " ", " ", "\n"]
)
# everything the pipeline treats specially, plus anything at all
SPECIAL = (
    ARABIC_ALPHABET
    + list("آأإٱىیکة٠١٩۰۹٪٫٬،؛؟“”«»%.,:\"'()")
    + list("\u0653\u0654\u0655\u06d6\u06ed\u08f0")
    + sorted(cleaning.INVISIBLES)
    + list("\u00a0\u2003\u3000\t\r\u2028")
    + list("\ufefb\ufef7\ufe8d\ufee0\ufb50\ufdf2")  # presentation forms, ligatures
    + list("e\u0301\u0300\u0327\u1100\u1161\u11a8")  # Latin marks, Hangul jamo
    + ["😀", "🇵", "🇸", "\U0001d400"]
)
special_text = st.text(alphabet=st.sampled_from(SPECIAL), max_size=60)
any_text = st.text(max_size=60)
texts_ = st.one_of(special_text, any_text, st.text(alphabet=st.sampled_from(ARABIC_ALPHABET), max_size=80))
option_sets = st.fixed_dictionaries(
    {},
    optional={
        "diacritics": st.booleans(),
        "tatweel": st.booleans(),
        "alef": st.booleans(),
        "alef_maqsura": st.booleans(),
        "ta_marbuta": st.booleans(),
        "persian": st.booleans(),
        "digits": st.sampled_from(["ascii", "keep"]),
        "invisible": st.booleans(),
        "punctuation": st.booleans(),
    },
)
# CLEANING_EXAMPLES=5000 pytest tests/test_cleaning.py -k prop  for a longer hunt
PROPS = settings(
    max_examples=int(__import__("os").environ.get("CLEANING_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPS
@given(texts_, option_sets)
@example("e\u0653\u0301", {})  # removing a mark unblocks a composition
@example("ا\u064e\u0654", {})
def test_prop_idempotent(text, opts):
    once = normalize(text, **opts)
    assert normalize(once, **opts) == once


@PROPS
@given(texts_, option_sets)
@example("\u064b\u064c", {})  # marks only, reordered by NFKC, no starter at all
@example("\u0651\u064e\u0651\u064eب", {"diacritics": False})
def test_prop_offsets_consistent(text, opts):
    norm, offsets = normalize_with_offsets(text, **opts)
    assert norm == normalize(text, **opts)
    assert len(offsets) == len(norm)
    starts, ends = offsets.starts.tolist(), offsets.ends.tolist()
    assert all(0 <= a < b <= len(text) for a, b in zip(starts, ends))
    assert starts == sorted(starts) and ends == sorted(ends)
    if norm:
        a, b = to_raw_span(offsets, 0, len(norm))
        assert 0 <= a <= b <= len(text)
        assert normalize(text[a:b], **opts) == norm.strip(" ") or norm.strip() != norm


@PROPS
@given(st.text(alphabet=st.sampled_from(ARABIC_LETTERS + [" ", " ", "."]), min_size=1, max_size=40))
def test_prop_word_spans_roundtrip(text):
    """Every normalized token maps back to a raw slice that normalizes to that token."""
    norm, offsets = normalize_with_offsets(text)
    for tok in tokenize(norm):
        a, b = to_raw_span(offsets, tok.start, tok.end)
        assert normalize(text[a:b]) == tok.text


@PROPS
@given(st.text(alphabet=st.sampled_from(ARABIC_ALPHABET), max_size=80))
def test_prop_reshaped_text_normalizes_like_logical_text(text):
    import arabic_reshaper

    assert normalize(arabic_reshaper.reshape(text)) == normalize(text)


@PROPS
@given(texts_, option_sets)
@example("न\u064e\u093c e\u064e\u0301 ا\u064e\u0654 ي\u0651\u0654 ا\u0670\u0653", {})  # tashkeel before NFKC
@example("\u0651\u064e" * 3 + "ب\u0651\u064e", {"diacritics": False})
def test_prop_long_path_equals_short_path(text, opts):
    """The numpy path (long texts) and the str.translate path (short texts) agree, and both
    equal the specified order (NFKC first), although tashkeel is removed before NFKC."""
    opts_t = normalization._options(**opts)
    long_text = (text + "\n") * (normalization._SHORT // (len(text) + 1) + 1)
    assert len(long_text) >= normalization._SHORT > len(text)
    assert normalization._normalize_once(long_text, opts_t) == _translate_path(long_text, opts_t)
    assert normalization._normalize_once(text, opts_t) == _translate_path(text, opts_t)


def _translate_path(text, opts_t):
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    text = text.translate(normalization._tables(*opts_t).table)
    return re.sub(" {2,}", " ", text)


@PROPS
@given(texts_)
@example("1.2.3% 4,,5 ٣٫٥٪ 2016م x_y")
def test_prop_tokens(text):
    toks = tokenize(text)
    assert [t.text for t in toks] == word_tokens(text)
    assert all(text[t.start : t.end] == t.text and t.text for t in toks)
    assert all(a.end <= b.start for a, b in zip(toks, toks[1:]))
    assert "".join(t.text for t in toks) == "".join(text.split())
    assert not any(any(ch.isspace() for ch in t.text) for t in toks)


@PROPS
@given(st.lists(st.sampled_from(ARABIC_ALPHABET + ["و", "ب", "ال", "لل", "َ"]), max_size=40).map("".join))
def test_prop_clitic_tokens_keep_offsets(text):
    toks = tokenize(text, split_clitics=True)
    assert all(text[t.start : t.end] == t.text and t.text for t in toks)
    assert "".join(t.text for t in toks) == "".join(text.split())


# --------------------------------------------------------------------------------------
# bad input: a result, never an exception
# --------------------------------------------------------------------------------------

BAD_INPUTS = {
    "empty": "",
    "latin only": "Gideon Saar met Ilham Aliyev in Baku on Monday.",
    "emoji": "😀👍🏽 🇮🇱🇦🇿 ❤️ 👨‍👩‍👧",
    "lone combining marks": "\u064e\u0651\u0650 \u0301\u0654",
    "only invisibles": "\u200f\u200e\ufeff\u200b",
    "only spaces": "   \u00a0\t ",
    "lone surrogate": "نص\ud800نص",
    "control chars": "a\x00b\x07c\x1bd",
}


@pytest.mark.parametrize("text", list(BAD_INPUTS.values()), ids=list(BAD_INPUTS))
def test_bad_input_gives_a_result(text):
    norm = normalize(text)
    assert isinstance(norm, str) and normalize(norm) == norm
    norm2, offsets = normalize_with_offsets(text)
    assert norm2 == norm and len(offsets) == len(norm)
    for split in (False, True):
        toks = tokenize(text, split_clitics=split)
        assert all(text[t.start : t.end] == t.text for t in toks)
    assert isinstance(remove_stopwords(word_tokens(norm)), list)
    df = clean_corpus(pd.DataFrame({"text": pd.Series([text], dtype=object)}))
    assert df["n_tokens"].iloc[0] == len(df["tokens"].iloc[0])


def test_bad_input_specific_results():
    assert normalize("") == "" and tokenize("") == [] and word_tokens("") == []
    assert normalize(BAD_INPUTS["latin only"]) == BAD_INPUTS["latin only"]
    assert normalize(BAD_INPUTS["only invisibles"]) == ""
    assert normalize(BAD_INPUTS["lone combining marks"]) == " \u0301"
    assert word_tokens("😀👍") == ["😀", "👍"]
    assert normalize(BAD_INPUTS["lone surrogate"]) == "نص\ufffdنص"


def test_one_megabyte_of_one_word():
    word = "الاستراتيجية"
    text = " ".join([word] * (1_000_000 // (len(word.encode()) + 1)))
    assert len(text.encode()) > 990_000
    assert normalize(text) == text
    norm, offsets = normalize_with_offsets(text)
    assert norm == text and offsets.tolist()[-3:] == [len(text) - 3, len(text) - 2, len(text) - 1]
    toks = word_tokens(text)
    assert len(toks) == text.count(" ") + 1 and set(toks) == {word}
    glued = word * 40_000  # no spaces at all: one very long token
    assert word_tokens(glued) == [glued]
    assert [t.text for t in tokenize(glued, split_clitics=True)] == ["ال", glued[2:]]


def _reference_tokens(text: str, punctuation: bool = True) -> list[str]:
    """A slow, obviously-correct tokenizer with the documented rules, to check the fast one."""
    import re
    import unicodedata as ud

    def cls(ch):
        if ch.isspace():
            return "space"
        if ch in ".,٫٬":
            return "sep"
        if ch in "%٪":
            return "pct"
        if re.fullmatch(r"\d", ch):
            return "digit"
        if re.fullmatch(r"[^\W\d_]", ch) or ud.category(ch).startswith("M") or ch in "\u200c\u200d":
            return "word"
        return "other"

    classes = [cls(ch) for ch in text]
    tokens, i, n = [], 0, len(text)
    while i < n:
        c = classes[i]
        if c == "space":
            i += 1
            continue
        j = i + 1
        if c == "word":
            while j < n and classes[j] == "word":
                j += 1
        elif c == "digit":
            while True:
                while j < n and classes[j] == "digit":
                    j += 1
                if j + 1 < n and classes[j] == "sep" and classes[j + 1] == "digit":
                    j += 1
                    continue
                break
            if j < n and classes[j] == "pct":
                j += 1
        if punctuation or c in ("word", "digit"):
            tokens.append(text[i:j])
        i = j
    return tokens


@PROPS
@given(texts_)
@example("1.2.3% 4,,5 ٣٫٥٪ 2016م x_y 50%% ،1٬000")
@example("\u064eأَب ُ")
def test_prop_tokens_match_reference(text):
    assert word_tokens(text) == _reference_tokens(text)
    assert word_tokens(text, punctuation=False) == _reference_tokens(text, punctuation=False)


def test_to_raw_spans_matches_to_raw_span_on_seed():
    norm, offsets = normalize_with_offsets(ANADOLU)
    toks = tokenize(norm)
    starts, ends = to_raw_spans(offsets, [t.start for t in toks], [t.end for t in toks])
    assert list(zip(starts.tolist(), ends.tolist())) == [to_raw_span(offsets, t.start, t.end) for t in toks]
    with pytest.raises(IndexError, match="non-empty"):
        to_raw_spans(offsets, [3], [3])
    with pytest.raises(ValueError, match="same length"):
        to_raw_spans(offsets, [1, 2], [3])
    # an article's few spans (lists, checked in Python) and many spans (arrays): the same answers
    few = toks[:20]
    for kind in (list, np.array):
        starts, ends = to_raw_spans(offsets, kind([t.start for t in few]), kind([t.end for t in few]))
        assert list(zip(starts.tolist(), ends.tolist())) == [to_raw_span(offsets, t.start, t.end) for t in few]
        for bad in (([-1], [2]), ([0], [len(norm) + 1])):
            with pytest.raises(IndexError, match="inside"):
                to_raw_spans(offsets, *map(kind, bad))


# --------------------------------------------------------------------------------------
# many texts at once (clean_corpus and the pipeline): the same as one by one
# --------------------------------------------------------------------------------------


@PROPS
@given(st.lists(texts_, max_size=6))
@example(["e\u0653\u0301", "ا\u064e\u0654", "", "  a  ", "\u00a0"])  # compositions, empty, spaces
@example(["أ\u0654 ب", "نص\ud800نص", "\n\n", "1.", "5 ٣٫", "٥٪ x"])  # not NFKC-stable; numbers at the ends
def test_prop_clean_texts_equal_one_by_one(texts):
    clean, n_tokens = cleaning.clean_texts(texts)
    assert clean == [normalize(t) for t in texts]
    assert n_tokens.tolist() == [len(word_tokens(c, punctuation=False)) for c in clean]


def test_many_texts_at_once_on_the_seeds():
    texts = [ANADOLU, ASTANA, ANADOLU.replace(" ", "  ") + "ـــ", ""]
    clean, n_tokens = cleaning.clean_texts(texts)
    assert clean == [normalize(t) for t in texts]
    assert n_tokens.tolist() == [len(word_tokens(c, punctuation=False)) for c in clean]
    assert n_tokens.dtype == "int64"


def test_token_classes_are_the_regex_classes():
    """The class table (built with numpy's str predicates) is the one the rules state in
    regex terms: word = ``[^\\W\\d_]`` or a mark, digit = ``\\d``, space = ``\\s``."""
    import re

    import numpy as np

    chars = "".join(map(chr, range(0x110000)))
    want = np.full(0x110000, token_classes._TOK_OTHER, dtype=np.uint8)
    for pattern, value in ((r"[^\W\d_]+", token_classes._TOK_WORD), (r"\d+", token_classes._TOK_DIGIT), (r"\s+", token_classes._TOK_SPACE)):
        for m in re.finditer(pattern, chars):
            want[m.start() : m.end()] = value
    for cp in range(0x20000):
        if unicodedata.category(chr(cp))[0] == "M":
            want[cp] = token_classes._TOK_WORD
    want[0xE0100:0xE01F0] = token_classes._TOK_WORD
    want[[0x200C, 0x200D]] = token_classes._TOK_WORD
    for ch in token_classes._NUMBER_SEPARATORS:
        want[ord(ch)] = token_classes._TOK_SEP
    for ch in token_classes._PERCENT_SIGNS:
        want[ord(ch)] = token_classes._TOK_PCT
    assert np.array_equal(token_classes._token_classes(), want)


def test_clean_corpus_on_millions_of_characters_equals_text_by_text():
    """clean_corpus works a million characters at a time: the results do not depend on it."""
    texts = [ANADOLU, ASTANA, ANADOLU.replace(" ", "  ") + "ـــ", "", "\u0651\u064e" + ASTANA] * 150
    assert sum(map(len, texts)) > 2_000_000
    df = clean_corpus(pd.DataFrame({"text": pd.Series(texts, dtype=object)}))
    one = {t: (normalize(t), word_tokens(normalize(t), punctuation=False)) for t in set(texts)}
    assert df["clean_text"].tolist() == [one[t][0] for t in texts]
    assert df["tokens"].tolist() == [one[t][1] for t in texts]
    assert df["n_tokens"].tolist() == [len(one[t][1]) for t in texts]
    clean, n_tokens = cleaning.clean_texts(texts)
    assert clean == [one[t][0] for t in texts] and n_tokens.tolist() == [len(one[t][1]) for t in texts]


# --- issue 19: boundaries a refactor could move ---

@pytest.mark.parametrize("number", ["3.5", "4,3", "1.5"])
def test_a_three_character_number_alone_is_one_token(number):
    # the shortest text where a separator sits between two digits: the whole text is the number
    assert tokenize(number) == [Token(number, 0, 3)]
    assert [t.text for t in tokenize(f"بلغ {number}")] == ["بلغ", number]


def test_a_collapsed_run_of_spaces_maps_back_to_the_whole_run():
    raw = "باكو   قال"
    norm, offsets = normalize_with_offsets(raw)
    assert norm == "باكو قال"
    assert offsets.tolist() == [0, 1, 2, 3, 4, 7, 8, 9]
    # the one normalized space stands for raw [4, 7): all three spaces
    assert to_raw_span(offsets, 4, 5) == (4, 7)
    assert to_raw_span(offsets, 0, 5) == (0, 7)
    assert to_raw_span(offsets, 4, 8) == (4, 10)


def test_the_article_needs_three_letters_after_it():
    # ال + 3 letters (5 in all) is the shortest word the article is split from; 4 letters stay whole
    assert split_clitics("البيت") == ["ال", "بيت"]
    assert split_clitics("العلم") == ["ال", "علم"]
    assert split_clitics("الدم") == ["الدم"]
    assert split_clitics("الجو") == ["الجو"]
    # the same boundary inside ب/ل/و + the article
    assert split_clitics("بالبيت") == ["ب", "ال", "بيت"]
    assert split_clitics("والبيت") == ["و", "ال", "بيت"]
    assert split_clitics("للبيت") == ["ل", "ل", "بيت"]
    assert [tuple(t) for t in tokenize("في البيت", split_clitics=True)] == [
        ("في", 0, 2), ("ال", 3, 5), ("بيت", 5, 8)]
