"""Tests of the annotating stage (helpers/annotating/) on the real seed articles, the hand-made
gold standard and the unseen passages, plus the behaviours the guidelines fix (clitics outside the
span, ال inside, titles outside PER, nationality adjectives not places) and the exports."""
from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from helpers.annotating.corpus import _annotate_arrays  # the original, for a stand-in that fails in workers
from helpers.annotating import (
    LABELS, LEXICON_DIR, SPAN_COLUMNS, UNSEEN_DIR, Annotator, annotate, annotate_corpus,
    check_spans, compare_spans, default_annotator, evaluate, evaluate_attributes, highlight,
    load_gold, load_lexicon, to_brat, to_displacy, to_label_studio,
)
from helpers.loading import load_corpus

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))}


@pytest.fixture(scope="module")
def seed_pred(seeds) -> pd.DataFrame:
    return pd.concat([annotate(t).assign(doc_id=d) for d, t in seeds.items()], ignore_index=True)


@pytest.fixture(scope="module")
def unseen() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(UNSEEN_DIR.glob("*.txt"))}


def spans_of(text: str, label: str | None = None) -> list[str]:
    df = annotate(text)
    if label:
        df = df[df.label == label]
    return df["text"].tolist()


def row(text: str, surface: str, label: str) -> pd.Series:
    df = annotate(text)
    hit = df[(df.text == surface) & (df.label == label)]
    assert len(hit) >= 1, f"no {label} {surface!r} in {df[['text', 'label']].values.tolist()}"
    return hit.iloc[0]


# --- lexicons -------------------------------------------------------------------------------


def test_lexicon_files_are_well_formed():
    lex = load_lexicon()
    assert list(lex.columns) == ["surface", "label", "canonical", "source", "file"]
    assert set(lex.label) <= set(LABELS) | {"UNIT"}
    assert (lex.surface.str.strip() == lex.surface).all()
    assert lex.canonical.str.len().min() > 0
    files = set(lex.file)
    assert {"cldr_territories.csv", "cldr_cities.csv", "cldr_months.csv", "people.csv", "frames.csv"} <= files
    # CLDR gives the Arabic country names; both month systems are there
    territories = lex[lex.file == "cldr_territories.csv"]
    assert {"إسرائيل", "أذربيجان", "كازاخستان", "لبنان"} <= set(territories.surface)
    months = lex[lex.file == "cldr_months.csv"].set_index("surface").canonical
    assert months["أكتوبر"] == months["تشرين الأول"] == "10"


def test_generated_lexicons_are_reproducible_from_babel(tmp_path):
    spec = importlib.util.spec_from_file_location("build_lexicons", ROOT / "tools" / "build_lexicons.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for name, rows in [("cldr_territories", mod.territories()), ("cldr_months", mod.months()),
                       ("cldr_weekdays", mod.weekdays()), ("cldr_cities", mod.cities())]:
        mod.write_csv(tmp_path / f"{name}.csv", rows)
        assert (tmp_path / f"{name}.csv").read_text(encoding="utf-8") == \
            (LEXICON_DIR / f"{name}.csv").read_text(encoding="utf-8"), f"{name}.csv is stale: run tools/build_lexicons.py"


def test_matcher_holds_more_than_5000_surface_forms():
    ann = default_annotator()
    assert ann.n_surface_forms >= 5000
    assert ann.n_entries >= 1500


def test_bad_lexicon_is_reported_with_file_and_line(tmp_path):
    (tmp_path / "x.csv").write_text("surface,label,canonical,source\nباكو,CITY,باكو,me\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x.csv:2: unknown label 'CITY'"):
        load_lexicon(tmp_path)
    (tmp_path / "x.csv").write_text("name,label\nباكو,LOC\n", encoding="utf-8")
    with pytest.raises(ValueError, match="columns"):
        load_lexicon(tmp_path)


def test_own_lexicon_adds_names():
    extra = pd.DataFrame([{"surface": "زاكورة", "label": "LOC", "canonical": "زاكورة", "source": "mine"}])
    ann = Annotator(pd.concat([load_lexicon(), extra], ignore_index=True))
    df = ann.annotate("وصل الوفد إلى زاكورة أمس")
    assert df.loc[df.label == "LOC", "source"].tolist() == ["mine"]


def test_a_lexicon_frame_of_ones_own_is_checked_like_the_files():
    def row(**kw):
        return {"surface": "زاكورة", "label": "LOC", "canonical": "زاكورة", "source": "mine", **kw}

    with pytest.raises(ValueError, match=r"columns .*missing: \['canonical', 'source'\]"):
        Annotator(pd.DataFrame([{"surface": "زاكورة", "label": "LOC"}]))
    with pytest.raises(ValueError, match=r"lexicon row 1: unknown label 'CITY'"):
        Annotator(pd.DataFrame([row(), row(label="CITY")]))
    with pytest.raises(ValueError, match=r"lexicon row 0: empty surface"):
        Annotator(pd.DataFrame([row(surface=None)]))
    with pytest.raises(ValueError, match=r"lexicon row 2 \(x.csv\): empty surface"):
        Annotator(pd.DataFrame([row(file="x.csv"), row(file="x.csv"), row(surface=" ", file="x.csv")]))
    # an empty canonical is the name as written; an empty source says 'lexicon'
    df = Annotator(pd.DataFrame([row(canonical=None, source="")])).annotate("زار زاكورة")
    assert df[["text", "label", "canonical", "source"]].values.tolist() == [["زاكورة", "LOC", "زاكورة", "lexicon"]]
    assert helpers.check_lexicon is helpers.annotating.check_lexicon


def test_a_lexicon_without_units_or_months_still_annotates():
    # a researcher's own names only: no UNIT rows, no months, no weekdays (an empty regex
    # alternative for the units used to match everywhere and end in a KeyError)
    mine = pd.DataFrame([{"surface": "زاكورة", "label": "LOC", "canonical": "زاكورة", "source": "mine"}])
    df = Annotator(mine).annotate("وصل 60 ألف سائح إلى زاكورة في 8 أكتوبر 2023، و50 بالمئة منهم عادوا.")
    assert df.loc[df.label == "LOC", "text"].tolist() == ["زاكورة"]
    first = df[df.label == "QUANTITY"].iloc[0]
    assert (first["text"], first["value"], first["unit"]) == ("60 ألف سائح", 60000, "سائح")
    assert df.loc[df.label == "DATE", "value"].tolist() == ["2023"]  # the year; the month needs the lexicon


# --- spans and offsets ----------------------------------------------------------------------


def test_frame_shape_and_offsets_on_the_seeds(seeds):
    for doc_id, text in seeds.items():
        df = annotate(text)
        assert list(df.columns) == SPAN_COLUMNS
        assert df["start"].is_monotonic_increasing
        assert df["start"].dtype == "int64" and df["end"].dtype == "int64"
        assert all(text[r.start:r.end] == r.text for r in df.itertuples())
        assert check_spans(df, text) == []
        assert set(df.label) == set(LABELS)
        # spans never start or end with whitespace or punctuation (guidelines, rule 7)
        assert not df.text.str.contains(r'^[\s"“”«»،,.:()]|[\s"“”«»،,.:()]$', regex=True).any()


def test_empty_and_bad_input():
    empty = annotate("")
    assert list(empty.columns) == SPAN_COLUMNS and empty.empty
    with pytest.raises(TypeError, match="str"):
        annotate(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="doc_id"):
        annotate_corpus(pd.DataFrame({"text": ["x"]}))


def test_clitics_are_outside_the_span_and_al_inside():
    assert spans_of("وصل إلى باكو وبإسرائيل ثم لساعر", None) == ["باكو", "إسرائيل", "ساعر"]
    org = row("بحسب بيان للخارجية الإسرائيلية", "لخارجية الإسرائيلية", "ORG")
    assert org.canonical == "وزارة الخارجية الإسرائيلية"  # لل = ل + ال: the span starts at the 2nd ل
    assert spans_of("والأحد، غادر", "DATE") == ["الأحد"]
    assert spans_of("زار القدس والقدس الشرقية", "LOC") == ["القدس", "القدس الشرقية"]


def test_hamza_alef_and_diacritics_insensitive():
    r = row("زار اسرائيل", "اسرائيل", "LOC")
    assert r.canonical == "إسرائيل"
    r = row("وقال ساعرُ ذلك", "ساعرُ", "PER")  # the diacritic stays inside the raw span
    assert r.canonical == "جدعون ساعر"
    assert spans_of("في أذربيـــجان", "LOC") == ["أذربيـــجان"]


def test_nationality_adjectives_are_not_places():
    text = "قال الوزير الإسرائيلي إن الرئاسة الأذربيجانية والجالية اليهودية والطرف الكازاخستاني"
    assert spans_of(text, "LOC") == []
    assert default_annotator().is_nationality("الإسرائيلية")


def test_titles_find_names_no_lexicon_holds_and_stay_outside():
    text = ("قال وزير الخارجية الموريتاني محمد ولد مرزوك إن بلاده ترحب بالاتفاق. "
            "ثم غادر مرزوك إلى نواكشوط.")
    df = annotate(text)
    per = df[df.label == "PER"]
    assert per.text.tolist() == ["محمد ولد مرزوك", "مرزوك"]
    assert set(per.canonical) == {"محمد ولد مرزوك"}  # short form → fullest name of the article
    assert per.source.tolist() == ["pattern:title", "propagated"]


def test_reporting_verbs_and_roles():
    assert spans_of("وقال كريم بنعلي إن المشروع سيبدأ", "PER") == ["كريم بنعلي"]
    assert spans_of("وقال مسؤول في الشركة إن المشروع سيبدأ", "PER") == []
    assert spans_of("وشكرت الرئيس على صداقته", "PER") == []


def test_organisation_heads():
    text = ('أعلنت حركة النهضة دعمها، ونشرت شركة "ميدياتك" بيانا، فيما رحبت وزارة الصحة الفلسطينية '
            "بالقرار وقالت شركة النفط الحكومية الأذربيجانية (سوكار) إنها تتابع.")
    orgs = spans_of(text, "ORG")
    assert orgs == ["حركة النهضة", "ميدياتك", "وزارة الصحة الفلسطينية",
                    "شركة النفط الحكومية الأذربيجانية", "سوكار"]
    df = annotate(text)
    assert df.loc[df.text == "سوكار", "canonical"].item() == "شركة النفط الحكومية الأذربيجانية"
    assert spans_of("قال رئيس مجلس إدارة الشركة إن", "ORG") == []


def test_place_heads_keep_the_head_outside():
    assert spans_of("وصل إلى مدينة زاكورة أمس", "LOC") == ["زاكورة"]
    assert spans_of("عقب لقائهما في العاصمة الكازاخستانية أستانا", "LOC") == ["أستانا"]
    r = row("استحوذت على حصة من حقل غاز تمار الإسرائيلي", "حقل غاز تمار", "LOC")
    assert r.canonical == "حقل تمار"


# --- quotes ---------------------------------------------------------------------------------


def test_quotes_and_who_is_quoted():
    text = ('وقال ساعر: "نعمل مع أذربيجان".\n\nوأضاف: "سنعود قريبا".\n\n'
            '"التعاون مستمر"، بحسب علييف.\n\nوقال مسؤول في الوزارة "لا تعليق".\n\n'
            'وانضمت إلى “اتفاقيات أبراهام” ونشرت شركة "إكس" تدوينة.')
    q = annotate(text)
    q = q[q.label == "QUOTE"]
    assert q.text.tolist() == ["نعمل مع أذربيجان", "سنعود قريبا", "التعاون مستمر", "لا تعليق"]
    assert q.speaker.tolist() == ["جدعون ساعر", "جدعون ساعر", "إلهام علييف", None]


def test_role_speaker_and_headline_quote(seeds):
    df = annotate(seeds["saar_astana_baku"])
    q = df[(df.label == "QUOTE") & df.text.str.startswith("لا يجب السماح")]
    assert q.speaker.item() == "جدعون ساعر"  # 'قال الوزير الإسرائيلي إنه “…”'
    head = annotate(seeds["anadolu_saar_baku"]).iloc[:3]
    quote = head[head.label == "QUOTE"]
    assert quote.text.item() == "نسعى لتوطيد علاقتنا الاستراتيجية" and quote.speaker.item() == "جدعون ساعر"


# --- quantities and dates -------------------------------------------------------------------


@pytest.mark.parametrize("text, surface, value, unit", [
    ("وبلغ 360 مليون دولار العام الماضي", "360 مليون دولار", 360_000_000, "USD"),
    ("ارتفع بنحو 50 بالمئة بين", "نحو 50 بالمئة", 50, "%"),
    ("زار 60 ألف سائح إسرائيلي", "60 ألف سائح", 60_000, "سائح"),
    ("وفد يضم أكثر من 40 من مسؤولين", "أكثر من 40", 40, None),
    ("حصل على قرض بقيمة 4,3 مليار يورو", "4,3 مليار يورو", 4_300_000_000, "EUR"),
    ("باستثمارات تبلغ ٢٠ مليار درهم.", "٢٠ مليار درهم", 20_000_000_000, "AED"),
    ("توجد 20 رحلة جوية أسبوعيًا", "20 رحلة", 20, "رحلة"),
    ("قبل أكثر من 30 عامًا، نمت", "أكثر من 30 عامًا", 30, "year"),
    ("قبل ثلاث سنوات، معالي", "ثلاث سنوات", 3, "year"),
    ("برفقة نحو 40 رجل أعمال من", "نحو 40 رجل أعمال", 40, "رجل أعمال"),
])
def test_quantities(text, surface, value, unit):
    r = row(text, surface, "QUANTITY")
    assert r.value == value and r.unit == unit


def test_shared_currency_names_follow_the_country_of_the_article():
    assert row("قرض بقيمة 5 ملايين دينار من الكويت", "5 ملايين دينار", "QUANTITY").unit == "KWD"
    assert row("تراجع المغرب بقيمة 850 مليون درهم", "850 مليون درهم", "QUANTITY").unit == "MAD"
    assert row("استثمارات بقيمة 850 مليون درهم", "850 مليون درهم", "QUANTITY").unit == "AED"
    assert row("بقيمة 5 ملايين دينار", "5 ملايين دينار", "QUANTITY").unit == "dinar"


@pytest.mark.parametrize("text, surface, value", [
    ("ففي 8 أكتوبر/ تشرين الأول 2023، بدأت", "8 أكتوبر/ تشرين الأول 2023", "2023-10-08"),
    ("في 7 تشرين الثاني/نوفمبر 2025، انضمام", "7 تشرين الثاني/نوفمبر 2025", "2025-11-07"),
    ("الصادرة يوم الاثنين ١٠ مارس ٢٠٢٥.", "الاثنين ١٠ مارس ٢٠٢٥", "2025-03-10"),
    ("بين عامي 2024 و2025، وبلغ", "2025", "2025"),
    ("على حدود ما قبل حرب 1967.", "1967", "1967"),
    ("وبلغ أكثر من 360 مليون دولار العام الماضي", "العام الماضي", None),
    ("ضمن جولة بدأت الأحد الماضي وشملت", "الأحد الماضي", None),
    ("ستبدأ في مارس آذار المقبل قرب", "مارس آذار المقبل", None),
])
def test_dates(text, surface, value):
    assert row(text, surface, "DATE").value == value


def test_not_dates_and_not_quantities():
    text = "توجد رحلات أسبوعيًا، وخاضت حربين، وهي أول دولة في المنطقة، منذ عقود، خلال اليوم الأول"
    df = annotate(text)
    assert df[df.label.isin(["DATE", "QUANTITY"])].empty


# --- framing --------------------------------------------------------------------------------


def test_frames_longest_term_with_lemma():
    text = "جراء حرب الإبادة الجماعية على غزة، والتطبيع مع الاحتلال الإسرائيلي، وعدوان إسرائيل"
    df = annotate(text)
    fr = df[df.label == "FRAME"]
    assert fr.text.tolist() == ["حرب الإبادة الجماعية", "التطبيع", "الاحتلال", "عدوان"]
    assert fr.canonical.tolist() == ["الإبادة الجماعية", "التطبيع", "الاحتلال", "العدوان"]
    assert "الاحتلال" not in df[df.label.isin(["LOC", "ORG"])].text.tolist()


# --- gold standard and evaluation -----------------------------------------------------------


def test_gold_is_valid_against_the_raw_texts(seeds, unseen):
    gold = load_gold()
    assert set(gold.doc_id) == set(seeds)
    assert check_spans(gold, seeds) == []
    assert check_spans(load_gold(UNSEEN_DIR), unseen) == []


def test_seed_goal_entity_recall_and_precision(seed_pred):
    ev = evaluate(seed_pred, load_gold())
    ent = ev[(ev.level == "entity") & (ev.match == "exact") & ev.label.isin(["PER", "LOC", "ORG"])]
    assert len(ent) == 3
    assert (ent.recall >= 0.95).all(), ent
    assert (ent.precision >= 0.90).all(), ent


def test_unseen_passages_floor(unseen):
    pred = pd.concat([annotate(t).assign(doc_id=d) for d, t in unseen.items()], ignore_index=True)
    ev = evaluate(pred, load_gold(UNSEEN_DIR))
    ent = ev[(ev.level == "entity") & (ev.match == "overlap")].set_index("label")
    # a regression floor, well under the measured scores (see the notebook for the figures)
    for label in ("PER", "LOC", "ORG"):
        assert ent.loc[label, "f1"] >= 0.85, ent
    attrs = evaluate_attributes(pred, load_gold(UNSEEN_DIR)).set_index(["label", "attribute"])
    assert attrs.loc[("QUANTITY", "value"), "accuracy"] >= 0.9
    assert attrs.loc[("DATE", "value"), "accuracy"] >= 0.9


def test_evaluate_counts_exact_overlap_and_entities():
    gold = pd.DataFrame([
        {"doc_id": "a", "start": 0, "end": 4, "label": "PER", "text": "x", "canonical": "P1"},
        {"doc_id": "a", "start": 10, "end": 14, "label": "PER", "text": "x", "canonical": "P1"},
        {"doc_id": "a", "start": 20, "end": 30, "label": "LOC", "text": "x", "canonical": "L1"},
    ])
    pred = pd.DataFrame([
        {"doc_id": "a", "start": 0, "end": 4, "label": "PER", "text": "x", "canonical": "P1"},
        {"doc_id": "a", "start": 22, "end": 30, "label": "LOC", "text": "x", "canonical": "L1"},
        {"doc_id": "a", "start": 40, "end": 44, "label": "LOC", "text": "x", "canonical": "L2"},
    ])
    ev = evaluate(pred, gold).set_index(["label", "level", "match"])
    assert ev.loc[("PER", "mention", "exact"), ["precision", "recall"]].tolist() == [1.0, 0.5]
    assert ev.loc[("PER", "entity", "exact"), ["precision", "recall"]].tolist() == [1.0, 1.0]
    assert ev.loc[("LOC", "mention", "exact"), ["precision", "recall"]].tolist() == [0.0, 0.0]
    assert ev.loc[("LOC", "mention", "overlap"), ["precision", "recall"]].tolist() == [0.5, 1.0]
    assert ev.loc[("ALL", "mention", "overlap"), ["n_gold", "n_pred", "found", "correct"]].tolist() == [3, 3, 2, 2]
    cmp = compare_spans(pred, gold, match="overlap")
    assert cmp[(cmp.side == "pred") & ~cmp.matched].start.tolist() == [40]


def test_load_gold_reports_bad_lines(tmp_path):
    (tmp_path / "d.jsonl").write_text('{"doc_id": "d", "start": 0, "end": 1, "label": "PER"}\n{oops\n',
                                      encoding="utf-8")
    with pytest.raises(ValueError, match=r"d.jsonl:2: not JSON"):
        load_gold(tmp_path)


# --- corpus ---------------------------------------------------------------------------------


def test_annotate_corpus_on_load_corpus(seeds):
    corpus = load_corpus(RAW)
    spans = annotate_corpus(corpus)
    assert list(spans.columns) == ["doc_id", *SPAN_COLUMNS]
    assert set(spans.doc_id) == set(seeds)
    assert check_spans(spans, dict(zip(corpus.doc_id, corpus.text))) == []
    one = annotate(seeds["saar_astana_baku"])
    mine = spans[spans.doc_id == "saar_astana_baku"].drop(columns="doc_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, one)


def test_worker_batches_shrink_towards_the_end():
    import helpers.annotating.corpus as annotating

    texts = [f"نص {i} " * 2500 for i in range(200)]  # 200 texts of about 15,000 characters
    batches = annotating._batches(texts, 2)
    assert [t for b in batches for t in b] == texts
    sizes = [sum(map(len, b)) for b in batches]
    assert max(sizes) <= annotating._BATCH_CHARS
    assert sizes[0] > 10 * sizes[-2]  # big batches first, small ones last (the very last is a remainder)
    assert all(later <= earlier + 20_000 for earlier, later in zip(sizes, sizes[1:]))  # one text of slack
    assert annotating._batches(texts[:3], 2) == [texts[:3]]  # too little text to share


def test_annotate_corpus_in_worker_processes_gives_the_same_frame(seeds, unseen, monkeypatch, tmp_path):
    import tempfile

    import helpers.annotating.corpus as annotating

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the workers' result files go
    monkeypatch.setattr(annotating, "_BATCH_CHARS", 3000)  # small batches: several per worker
    monkeypatch.setattr(annotating, "_MIN_BATCH_CHARS", 500)
    texts = {**seeds, **unseen}
    corpus = pd.DataFrame({"doc_id": [f"{d}-{i}" for i in range(3) for d in texts],
                           "text": [t for _ in range(3) for t in texts.values()]})
    batches = annotating._batches(corpus["text"].tolist(), 2)
    assert len(batches) >= 8
    assert [t for b in batches for t in b] == corpus["text"].tolist()  # every text once, in order
    one = annotate_corpus(corpus)
    pd.testing.assert_frame_equal(annotate_corpus(corpus, jobs=2), one)
    assert one.doc_id.nunique() == len(corpus)
    assert not any(tmp_path.iterdir())  # the results' temporary folder is gone
    # an annotator of one's own goes to the workers too
    lex = pd.concat([load_lexicon(), pd.DataFrame([{"surface": "زاكورة", "label": "LOC", "canonical": "زاكورة",
                                                     "source": "mine"}])])
    mine = pd.DataFrame({"doc_id": ["x", "y"], "text": ["زار زاكورة", "زار ساعر زاكورة " * 200]})
    spans = annotate_corpus(mine, annotator=Annotator(lex), jobs=2)
    assert (spans[spans.source == "mine"].groupby("doc_id").size() == pd.Series({"x": 1, "y": 200})).all()
    with pytest.raises(ValueError, match="jobs"):
        annotate_corpus(mine, jobs=0)


_TEST_PROCESS = os.getpid()


def _fails_in_a_worker(texts, annotator=None):
    """Stands in for annotating._annotate_arrays: fails in any process but the test's own."""
    if os.getpid() != _TEST_PROCESS:
        raise RuntimeError("a worker failed")
    return _annotate_arrays(texts, annotator)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patch reaches forked workers only")
def test_an_error_in_a_worker_reaches_the_caller_and_leaves_no_files(unseen, monkeypatch, tmp_path):
    import tempfile

    import helpers.annotating.corpus as annotating

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(annotating, "_BATCH_CHARS", 3000)
    monkeypatch.setattr(annotating, "_MIN_BATCH_CHARS", 500)
    monkeypatch.setattr(annotating, "_annotate_arrays", _fails_in_a_worker)
    texts = list(unseen.values()) * 4
    with pytest.raises(RuntimeError, match="a worker failed"):
        annotate_corpus(pd.DataFrame({"doc_id": range(len(texts)), "text": texts}), jobs=2)
    assert not any(tmp_path.iterdir())


def test_annotator_survives_pickling_for_worker_processes(seeds):
    import pickle

    ann = default_annotator()
    text = seeds["saar_astana_baku"]
    assert pickle.loads(pickle.dumps(ann)).records(text) == ann.records(text)


def test_names_are_exported_from_helpers():
    for name in ("annotate", "annotate_corpus", "load_gold", "evaluate", "highlight", "to_brat",
                 "to_label_studio", "to_displacy"):
        assert getattr(helpers, name) is getattr(helpers.annotating, name)
        assert name in helpers.__all__


# --- display and exports ---------------------------------------------------------------------


def test_highlight_escapes_rtl_legend_and_nesting():
    text = 'وقال ساعر: "<script>alert(1)</script> في باكو"'
    spans = annotate(text)
    h = highlight(text, spans)
    html = h._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'dir="rtl"' in html
    assert "Legend" in html and "QUOTE" in html and "LOC" in html
    assert html.count("<span") == html.count("</span>")
    # nested: the place inside the quotation is wrapped twice
    assert re.search(r'class="ann-QUOTE"[^>]*><span class="ann-LOC"|class="ann-LOC"[^>]*>باكو', html)
    with pytest.raises(ValueError, match="outside"):
        highlight("abc", [{"start": 0, "end": 9, "label": "PER"}])


def test_brat_standoff_round_trips():
    text = "زار ساعر باكو\nوالقدس"
    ann = to_brat(text, annotate(text))
    tlines = [ln for ln in ann.splitlines() if ln.startswith("T")]
    assert len(tlines) == 3
    for ln in tlines:
        tid, label_loc, surface = ln.split("\t")
        label, a, b = label_loc.split()
        assert text[int(a):int(b)] == surface
    assert "AnnotatorNotes T1\tcanonical=جدعون ساعر" in ann
    frag = to_brat("أ\nب", [{"start": 0, "end": 3, "label": "QUOTE"}])
    assert frag.splitlines()[0] == "T1\tQUOTE 0 1;2 3\tأ ب"


def test_label_studio_task_uses_utf16_offsets():
    text = "🙂 زار ساعر باكو"
    task = to_label_studio(text, annotate(text))
    json.dumps(task, ensure_ascii=False)
    res = task["predictions"][0]["result"]
    per = next(r for r in res if r["value"]["labels"] == ["PER"])
    assert per["value"]["text"] == "ساعر"
    assert per["value"]["start"] == text.index("ساعر") + 1  # the emoji is two UTF-16 units
    ann = to_label_studio(text, annotate(text), kind="annotations")
    assert "annotations" in ann and "score" not in ann["annotations"][0]["result"][0]


def test_displacy_manual_format_has_no_overlaps(seeds):
    text = seeds["anadolu_saar_baku"]
    d = to_displacy(text, annotate(text), title="anadolu")
    assert d["title"] == "anadolu" and d["text"] == text
    ents = d["ents"]
    assert all(a["end"] <= b["start"] for a, b in zip(ents, ents[1:]))
    assert {"PER", "LOC", "ORG", "DATE", "QUANTITY", "FRAME"} <= {e["label"] for e in ents}


# --- robustness -----------------------------------------------------------------------------

ALPHABET = list("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآىةئؤ") + list(" \n،.:\"“”«»()0123456789٠١٢٣") + ["ً", "ـ", "ُ"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ALPHABET + ["ساعر", " باكو ", "قال ", "وزير ", " 50 بالمئة", "حركة "]),
                max_size=60).map("".join))
def test_any_text_gives_valid_spans(text):
    df = annotate(text)
    assert list(df.columns) == SPAN_COLUMNS
    assert check_spans(df, text) == []


def test_heldout_passages_floor():
    """Passages annotated by hand before the annotator ever ran on them (see their README)."""
    folder = ROOT / "tests" / "fixtures" / "annotating_heldout"
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    gold = load_gold(folder)
    assert check_spans(gold, texts) == []
    pred = pd.concat([annotate(t).assign(doc_id=d) for d, t in texts.items()], ignore_index=True)
    ev = evaluate(pred, gold)
    ent = ev[(ev.level == "entity") & (ev.match == "overlap")].set_index("label")
    for label in ("PER", "LOC", "ORG"):
        assert ent.loc[label, "f1"] >= 0.8, ent


TOKEN_ALPHABET = ALPHABET + list("٫٬,._-a1Zé²") + ["𝐀", "😀", "\u200f", "\t", "و2025م", "4,3", "1..2"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_ALPHABET), max_size=80).map("".join))
def test_scan_gives_the_token_regex_tokens_and_the_marked_text(text):
    """scan (numpy) computes what the regex definition of a token and the word marking say."""
    from helpers.annotating.scanner import TOKEN_RE, scan

    marked, starts, tokens, digits = scan(text)
    assert tokens == [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]
    assert starts == [t[0] for t in tokens]
    assert digits is None or digits == [m.start() for m in re.finditer(r"\d", text)]
    assert marked == "".join(c if c.isalnum() and ord(c) < 0x10000 else " " for c in text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789.,٫٬%٪ م") + ["১", "𝟎", "٢", "2025", "1.500", "4,3", "و1"]),
                max_size=40).map("".join))
def test_numbers_and_years_looked_for_at_digits_only_are_the_regex_matches(text):
    from helpers.annotating import default_annotator
    from helpers.annotating.dates import YEAR_RE
    from helpers.annotating.doc import Doc
    from helpers.annotating.quantities import NUMBER_RE
    from helpers.cleaning import normalize_with_offsets

    norm, offsets = normalize_with_offsets(text)
    doc = Doc(default_annotator(), text, norm, offsets)
    for rx in (NUMBER_RE, YEAR_RE):
        assert [m.span() for m in doc.digit_matches(rx)] == [m.span() for m in rx.finditer(norm)]


def test_a_dateline_outlet_named_like_a_place_is_an_org_and_leaves_no_place_behind():
    """'الرياض - الشرق الأوسط': the outlet is an ORG; its LOC span goes from the spans and from every
    index the later steps consult (the same words later in the text stay a place)."""
    from helpers.annotating import default_annotator
    from helpers.annotating.doc import Doc
    from helpers.cleaning import normalize_with_offsets

    raw = "الرياض - الشرق الأوسط\nقال مصدر إن الشرق الأوسط يتغير."
    doc = Doc(default_annotator(), raw, *normalize_with_offsets(raw))
    spans = [(raw[sp["start"]:sp["end"]], sp["label"], sp["source"]) for sp in doc.run()]
    assert spans == [("الشرق الأوسط", "LOC", "manual:places"), ("الرياض", "LOC", "manual:places"),
                     ("الشرق الأوسط", "ORG", "pattern:dateline")]
    outlet = raw.index("الشرق")
    assert not doc.covered_by(outlet, outlet + 5, ("LOC",))
    assert doc.spans_at(outlet, ("LOC",)) == [] and doc.cov_start.get(outlet) == []


# --- exact regression snapshots (make snapshots rewrites them on purpose) ----------------------

_SNAP_SPEC = importlib.util.spec_from_file_location("snapshot_annotations", ROOT / "tools" / "snapshot_annotations.py")
snapshots = importlib.util.module_from_spec(_SNAP_SPEC)
_SNAP_SPEC.loader.exec_module(snapshots)


@pytest.mark.parametrize("name", list(snapshots.SETS))
def test_annotate_output_is_exactly_the_snapshot(name):
    """Every span of every document, compared exactly, with the rules alone and with the default
    (rules and model): one changed span fails, and the message shows the diff. After an intended
    change, run `make snapshots` and explain the diff in the commit."""
    path, docs, recognizer = snapshots.sets()[name]
    old, new = snapshots.read(path), snapshots.lines(docs, recognizer)
    if old != new:
        import difflib
        diff = "\n".join(list(difflib.unified_diff(old, new, "snapshot", "annotate now", lineterm="", n=0))[:60])
        pytest.fail(f"annotate output differs from {path.name} (run `make snapshots` if intended):\n{diff}")


# --- issue 19: boundaries a refactor could move ---

def _spans(text: str, *cols: str) -> list[tuple]:
    return [tuple(r) for r in annotate(text)[["start", "end", "label", "text", *cols]].itertuples(index=False)]


@pytest.mark.parametrize("dateline, spans", [
    # the outlet is in the lexicon: the rule leaves it as it is
    ("باكو/ الأناضول", [(0, 4, "LOC", "باكو", "manual:places"),
                        (6, 14, "ORG", "الأناضول", "manual:organisations")]),
    # an outlet the lexicon does not know becomes an ORG by the dateline rule
    ("الرباط - هسبريس", [(0, 6, "LOC", "الرباط", "manual:places"),
                         (9, 15, "ORG", "هسبريس", "pattern:dateline")]),
    # an outlet whose name is also a place (the newspaper الشرق الأوسط) loses its LOC
    ("لندن - الشرق الأوسط", [(0, 4, "LOC", "لندن", "manual:places"),
                             (7, 19, "ORG", "الشرق الأوسط", "pattern:dateline")]),
])
def test_dateline_city_is_a_place_and_outlet_an_organisation(dateline, spans):
    body = "\nوصل ساعر إلى باكو."
    n = len(dateline) + 1
    assert _spans(dateline + body, "source") == spans + [
        (n + 4, n + 8, "PER", "ساعر", "manual:people"), (n + 13, n + 17, "LOC", "باكو", "manual:places")]


def test_touching_spans_of_one_label_are_both_kept():
    # real text (Jawhara FM, JA-localNews-3429): the districts صفاقس1 and صفاقس2; the quantity
    # rule reads '1 وصفاقس' and '2 وسيدي', and the two spans touch at offset 37: both stay
    text = "وتشمل الدوائر القيروان وصفاقس1 وصفاقس2 وسيدي بوزيد والقصرين."
    assert _spans(text) == [(29, 37, "QUANTITY", "1 وصفاقس"), (37, 44, "QUANTITY", "2 وسيدي")]


def test_day_31_and_day_1_are_whole_dates_day_32_and_0_are_not():
    text = "وقعت في 31 ديسمبر 2024 و1 يناير 2025 و32 ديسمبر 2024 و0 مارس 2024"
    assert _spans(text, "value") == [
        (8, 22, "DATE", "31 ديسمبر 2024", "2024-12-31"),
        (24, 36, "DATE", "1 يناير 2025", "2025-01-01"),
        (38, 52, "DATE", "32 ديسمبر 2024", "2024-12"),  # no day 32: the month only
        (54, 65, "DATE", "0 مارس 2024", "2024-03"),
    ]


@pytest.mark.parametrize("second", [
    'وقال علييف: "العلاقات قوية".',          # the latest speaker named by a verb
    '"العلاقات قوية"، بحسب علييف.',          # the latest speaker named after the quotation
])
def test_a_continuing_quotation_goes_to_the_latest_speaker(second):
    text = 'وقال ساعر: "نعمل مع أذربيجان".\n' + second + '\nوأضاف: "سنوقع اتفاقا جديدا".'
    quotes = annotate(text).query("label == 'QUOTE'")[["text", "speaker"]].values.tolist()
    assert quotes == [["نعمل مع أذربيجان", "جدعون ساعر"], ["العلاقات قوية", "إلهام علييف"],
                      ["سنوقع اتفاقا جديدا", "إلهام علييف"]]


# --- issue 17: cost linear in the text ---------------------------------------------------------

class _CountingText(str):
    """A text that counts the characters its ``find`` and ``startswith`` look at (``scanned``)."""

    scanned = 0

    def find(self, sub, start=None, end=None):  # noqa: D102
        found = str.find(self, sub, start, end)
        a = 0 if start is None else start
        _CountingText.scanned += (len(self) if found < 0 else found + len(sub)) - a
        return found

    def startswith(self, prefix, start=None, end=None):  # noqa: D102
        _CountingText.scanned += len(prefix) if isinstance(prefix, str) else sum(map(len, prefix))
        return str.startswith(self, prefix, start, end)


def _articles_with_names(k: int) -> str:
    """``k`` short articles, each naming its own person (a title, then the surname alone twice)."""
    syllables = ["زي", "را", "مو", "بي", "نا", "كو", "دي", "سا"]
    names = [syllables[i % 8] + syllables[i // 8 % 8] + syllables[i // 64 % 8] + "ف" for i in range(k)]
    return "\n\n".join(f"قال الوزير كمال {n} إن {n} زار باكو، وأكد {n} أن الاتفاق مهم." for n in names)


def _step_work(step, raw: str) -> tuple[int, int]:
    """The work of one step of ``STEPS`` on ``raw`` (the steps before it run first): the spans it
    adds, and the interpreter's events (Python lines and calls, C calls) plus the characters that
    ``str.find``/``startswith`` looked at. Not a timing: the same count on any machine."""
    import sys

    from helpers.annotating.doc import STEPS, Doc
    from helpers.cleaning import normalize_with_offsets

    doc = Doc(default_annotator(), raw, *normalize_with_offsets(raw))
    for earlier in STEPS[:STEPS.index(step)]:
        earlier(doc)
    doc.norm = _CountingText(doc.norm)
    events = 0

    def count(frame, event, arg):
        nonlocal events
        events += 1
        return count

    before = len(doc.spans)
    _CountingText.scanned = 0
    old_trace, old_profile = sys.gettrace(), sys.getprofile()
    sys.settrace(count)
    sys.setprofile(count)
    try:
        step(doc)
    finally:
        sys.setprofile(old_profile)
        sys.settrace(old_trace)
    return len(doc.spans) - before, events + _CountingText.scanned


def test_propagation_work_is_linear_in_the_text():
    """Twice the text with twice the names costs the propagation step at most twice the work (one
    scan for all the names, not one per name: that made 800 articles joined 7× slower)."""
    from helpers.annotating.names import propagate

    added, work = zip(*(_step_work(propagate, _articles_with_names(k)) for k in (16, 32, 64)))
    assert added == (16, 32, 64)  # each article's surname after إن: found again, once
    assert work[1] <= 2 * work[0] and work[2] <= 2 * work[1], work


def test_dates_work_is_linear_in_the_text():
    """Twice the text with twice the dates costs the dates step at most twice the work (a month
    name looked at the dates just before it, not at every date of the text)."""
    from helpers.annotating.dates import dates

    article = "وصل الوفد يوم الاثنين 10 مارس 2025 إلى باكو، وغادرها في أبريل الماضي."
    added, work = zip(*(_step_work(dates, "\n\n".join(["نشرة الأخبار"] + [article] * k)) for k in (16, 32, 64)))
    assert added == (32, 64, 128)  # two dates an article (the weekday joins the first)
    assert work[1] <= 2 * work[0] and work[2] <= 2 * work[1], work


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["بيراموف", "جيهون", " ", "و", "ا", "،", "ب"]), max_size=40).map("".join),
       st.lists(st.sampled_from(["بيراموف", "جيهون بيراموف", "جيهون", "وجيهون", "ا", "", "ف"]), max_size=6))
def test_aliases_found_with_find_are_those_the_automaton_finds(text, aliases):
    """An article's few names are looked for with ``str.find``, a long text's many with one
    automaton: the same starts and lengths."""
    from helpers.annotating.scanner import _longest_aliases, _longest_aliases_automaton

    wanted = [a for a in aliases if a]
    expected = _longest_aliases_automaton(text, wanted) if wanted else {}
    assert _longest_aliases(text, aliases) == expected


def test_resolving_many_spans_with_a_mask_keeps_what_disjoint_keeps():
    """The final choice of spans in a long text (a mask of the characters taken) keeps exactly the
    spans the sorted intervals of ``Disjoint`` keep, in the same order."""
    import random

    from helpers.annotating.store import _MANY_SPANS, Disjoint, _disjoint

    rng = random.Random(17)
    spans = [{"start": a, "end": a + rng.randint(1, 30)} for a in (rng.randrange(5000) for _ in range(3 * _MANY_SPANS))]
    take = Disjoint().take
    expected = [sp for sp in spans if take(sp["start"], sp["end"])]
    assert 100 < len(expected) < len(spans)
    assert _disjoint(spans) == expected
    assert _disjoint(spans + [{"start": 3, "end": 3}]) == expected + [{"start": 3, "end": 3}] * take(3, 3)


def test_resolving_a_role_looks_only_at_the_persons_sharing_a_stem():
    """``قال الوزير`` in a text of many titled persons: the role is matched against the persons
    named after a title sharing a stem with it, through the index (not every titled person)."""
    from helpers.annotating.doc import Doc
    from helpers.annotating.quotes import resolve_role
    from helpers.cleaning import normalize_with_offsets

    doc = Doc(default_annotator(), "", *normalize_with_offsets(""))
    for k in range(200):
        doc.add_title(f"مدرب {k}", frozenset({"مدرب", f"فريق{k}"}))
    doc.add_title("كمال زيدان", frozenset({"وزير", "خارج"}))
    doc.add_title("سامي", frozenset({"وزير"}))
    assert list(doc.titles)[-2:] == ["كمال زيدان", "سامي"]
    assert doc.title_index["وزير"] == ["كمال زيدان", "سامي"]
    assert resolve_role(doc, ["وزير", "الخارجية"]) == "كمال زيدان"
    assert resolve_role(doc, ["الوزير"]) == "كمال زيدان"  # a tie: the first named
    assert resolve_role(doc, ["المدرب"]) == "مدرب 0"
    assert resolve_role(doc, ["الرئيس"]) is None


def test_annotate_gives_the_same_spans_in_every_process():
    """A name spelled two ways in one text gets the same canonical name whatever the process's
    string-hash seed (it once depended on a set's order: 7–37 canonical names changed between two
    processes on 2,000 real articles joined into one text)."""
    import subprocess
    import sys

    code = ("import sys, hashlib; sys.path.insert(0, sys.argv[1]); import snapshot_annotations as s; "
            "from helpers import annotate; "
            "df = annotate(chr(10).join(t for _, t in s.jawhara())); "
            "print(hashlib.sha256(repr(df.values.tolist()).encode()).hexdigest(), len(df))")
    outs = {subprocess.run([sys.executable, "-c", code, str(ROOT / "tools")], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout for seed in ("1", "2")}
    assert len(outs) == 1, outs


def test_the_model_card_gives_megabytes_of_a_million_bytes_and_is_utf8_under_the_c_locale(tmp_path):
    """write_card: a model file of 1,050,001 bytes is 1.1 MB (10**6 bytes each, one decimal); the
    card (→, …, ≥ in its text) is the same UTF-8 file when written under the ASCII C locale."""
    import pickle
    import subprocess
    import sys

    from helpers.annotating.learned import train_model
    from helpers.annotating.learned.__main__ import dev_scores, write_card

    # سيرغي لافروف في باكو (Sergei Lavrov in Baku), as in the card's test of tests/test_annotating_mutants.py
    sents = [[("قال", "O"), ("سيرغي", "B-PERS"), ("لافروف", "I-PERS"), ("في", "O"), ("باكو", "B-LOC")]] * 2
    tiny = tmp_path / "tiny.crfsuite"
    train_model(sents, tiny, params={"max_iterations": 5})
    model = tmp_path / "big.crfsuite"  # the model, padded to a size whose MB lies just above 1.05
    model.write_bytes(tiny.read_bytes().ljust(1_050_001, b"\0"))
    args = (dev_scores(sents, tiny), dev_scores(sents, tiny, ("LOC", "ORG", "PERS")), sents, sents, 3.0, model)
    write_card(tmp_path / "here.md", *args)
    here = (tmp_path / "here.md").read_bytes()
    assert "\nSize: 1.1 MB. Loads offline" in here.decode("utf-8") and "PERS → PER" in here.decode("utf-8")
    (tmp_path / "args.pkl").write_bytes(pickle.dumps(args))
    code = ("import sys, pickle, pathlib; sys.path.insert(0, sys.argv[1]); "
            "from helpers.annotating.learned.__main__ import write_card; d = pathlib.Path(sys.argv[2]); "
            "write_card(d / 'c.md', *pickle.loads((d / 'args.pkl').read_bytes()))")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    run = subprocess.run([sys.executable, "-c", code, str(ROOT), str(tmp_path)], capture_output=True, text=True,
                         env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert (tmp_path / "c.md").read_bytes() == here
