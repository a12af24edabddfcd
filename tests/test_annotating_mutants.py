"""Tests of the annotating stage that kill the mutants `make mutation MODULE=annotating` found
alive (issue 19): exact spans, labels, speakers, canonical names, values and units on real text
(the seeds of data/raw and the Jawhara FM articles of data/corpora), one behaviour a test."""
from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from helpers import Annotator, annotate_corpus, load_lexicon
from helpers.annotating import annotate

ROOT = Path(__file__).resolve().parents[1]

_SNAP_SPEC = importlib.util.spec_from_file_location("snapshot_annotations", ROOT / "tools" / "snapshot_annotations.py")
snapshots = importlib.util.module_from_spec(_SNAP_SPEC)
_SNAP_SPEC.loader.exec_module(snapshots)


def _spans(text: str, *cols: str) -> list[tuple]:
    return [tuple(r) for r in annotate(text)[["start", "end", "label", "text", *cols]].itertuples(index=False)]


def _cold_annotator():
    """A new :class:`Annotator` (not the cached default one) with the stage's caches emptied, so
    that what was computed once and remembered (the automaton, nationality adjectives, the name-word
    memo, stems, stopwords, parsed numbers) is computed again by the code under test: `make
    mutation` forks every mutant's tests from a process that already ran the suite, so a default
    annotator built there would hide a mutant of what it remembers."""
    from helpers.annotating import Annotator, quantities, scanner, words

    for cached in (words.stem, words.title_stems, words.display_form, words.stopword,
                   scanner._char_classes, scanner._decimal_digits, quantities._parse_number):
        cached.cache_clear()
    return Annotator()


def _snapshot_lines(ann, docs, recognizer) -> list[str]:
    """snapshot_annotations.lines with an annotator of one's own: one JSON line a span."""
    import json

    out = []
    for doc_id, text in docs:
        for row in ann.annotate(text, recognizer).to_dict("records"):
            row = {k: (None if v is None or v != v else v) for k, v in row.items()}
            out.append(json.dumps({"doc": doc_id, **row}, ensure_ascii=False))
    return out


def test_snapshots_hold_for_a_new_annotator():
    """Every span of every stored snapshot (the seeds, the passages and the 2,000 Jawhara FM
    articles, with the rules alone and with the default, combined) from a newly built annotator
    with cold caches: test_annotating.py's snapshot test uses the cached default annotator, which
    `make mutation` builds before it switches a mutant on."""
    ann = _cold_annotator()
    for name, (path, docs, recognizer) in snapshots.sets().items():
        old = snapshots.read(path)
        new = _snapshot_lines(ann, docs, recognizer)
        if old != new:
            diff = "\n".join(list(difflib.unified_diff(old, new, "snapshot", "annotate now", lineterm="", n=0))[:60])
            pytest.fail(f"annotate output differs from {path.name} ({name}; run `make snapshots` if intended):\n{diff}")


# --- the learned recognizer's tooling: functions no other test calls ---------------------------

def _archive(path: Path, members: dict[str, str]) -> Path:
    import io
    import tarfile

    with tarfile.open(path, "w:xz") as tf:
        for name, text in members.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


JAWHARA_MEMBERS = {
    "jawharafm/JA-politics-2-20170101.txt": "زار الرئيس باريس.\n\nوقال إنّ الأمن مهم",
    "jawharafm/JA-culture-1-20170120.txt": "مهرجان قرطاج",
    "jawharafm/metadata.txt": "لا يقرأ",  # a .txt member, but not an article (JA-…)
    "jawharafm/XJA-a.txt": "ولا هذا",
}


def test_jawhara_lines_are_the_match_keys_of_each_line_of_the_ja_articles_in_name_order(tmp_path):
    from helpers.annotating.learned.__main__ import jawhara_lines

    arc = _archive(tmp_path / "j.tar.xz", JAWHARA_MEMBERS)
    assert list(jawhara_lines(arc)) == [["مهرجان", "قرطاج"], ["زار", "الرئيس", "باريس"],
                                        ["وقال", "ان", "الامن", "مهم"]]


def test_make_clusters_learns_from_the_archive_and_the_train_part_only(tmp_path):
    from helpers.annotating.learned.__main__ import make_clusters
    from helpers.annotating.learned.clusters import load_clusters

    arc = _archive(tmp_path / "j.tar.xz", JAWHARA_MEMBERS)
    conll = tmp_path / "a.txt"
    # 20 sentences: the train part is the first 18 (زار باريس), the dev part the last 2 (غادر لندن)
    conll.write_text("زار O\nباريس B-LOC\n\n" * 18 + "غادر O\nلندن B-LOC\n\n" * 2, encoding="utf-8")
    with pytest.raises(FileNotFoundError, match=r"^no Jawhara FM archive at .*missing\.tar\.xz: pass --jawhara PATH$"):
        make_clusters(conll, tmp_path / "missing.tar.xz", tmp_path / "o.tsv")
    assert not (tmp_path / "o.tsv").exists()
    assert make_clusters(conll, arc, tmp_path / "o.tsv") == 2
    table = load_clusters(tmp_path / "o.tsv")
    assert sorted(table) == ["باريس", "زار"]  # words seen twice or more; the dev part's not read
    assert all(len(ids) == 3 and a != b for ids in [table["باريس"]] for a, b in zip(ids, table["زار"]))


def test_write_clusters_writes_the_header_and_one_tab_separated_line_a_word(tmp_path):
    from helpers.annotating.learned.clusters import HEADER, load_clusters, write_clusters

    path = write_clusters({"باريس": (1, 2, 3), "لندن": (1, 2, 4)}, tmp_path / "c.tsv", sizes=(2, 5, 9))
    assert path == tmp_path / "c.tsv"
    text = path.read_text(encoding="utf-8")
    assert text == HEADER.format(sizes="2, 5, 9") + "باريس\t1\t2\t3\nلندن\t1\t2\t4\n"
    assert text.splitlines()[5] == "# cluster among 2, 5, 9 clusters."
    assert load_clusters(path) == {"باريس": ("1", "2", "3"), "لندن": ("1", "2", "4")}
    assert list(tmp_path.iterdir()) == [path]  # written atomically: no temporary file left


def test_seed_scores_of_the_rules_on_the_unseen_passages_and_the_seeds():
    from helpers.annotating import UNSEEN_DIR
    from helpers.annotating.learned.compare import seed_scores_of

    cols = ["label", "level", "match", "n_gold", "n_pred", "correct", "precision", "recall"]
    assert seed_scores_of("rules", str(UNSEEN_DIR))[cols].values.tolist() == [
        ["PER", "entity", "exact", 12, 12, 12, 1.0, 1.0],
        ["LOC", "entity", "exact", 32, 30, 30, 1.0, 0.9375],
        ["ORG", "entity", "exact", 29, 29, 28, 0.9655, 0.9655],
        ["ALL", "entity", "exact", 73, 71, 70, 0.9859, 0.9589],
    ]
    seeds = seed_scores_of("model")
    assert list(seeds.columns) == ["label", "level", "match", "n_gold", "n_pred", "found", "correct",
                                   "precision", "recall", "f1"]
    assert seeds.index.tolist() == [0, 1, 2, 3]
    assert seeds[cols[:5] + ["found", "correct"]].values.tolist() == [
        ["PER", "entity", "exact", 11, 17, 11, 15], ["LOC", "entity", "exact", 31, 30, 28, 28],
        ["ORG", "entity", "exact", 10, 4, 2, 2], ["ALL", "entity", "exact", 52, 51, 41, 45]]


def test_recognizer_tables_score_every_recognizer_on_the_dev_sentences_and_the_seeds():
    from helpers.annotating.learned.__main__ import recognizer_tables

    dev = [[("زار", "O"), ("ماكرون", "B-PERS"), ("باريس", "B-LOC")],
           [("قال", "O"), ("المدرب", "O"), ("كيني", "B-PERS"), ("ميلر", "I-PERS"), ("إن", "O"), ("نادي", "O"),
            ("سلتيك", "B-ORG"), ("فاز", "O"), ("في", "O"), ("غلاسكو", "B-LOC")],
           [("وصل", "O"), ("وفد", "O"), ("من", "O"), ("الأمم", "B-ORG"), ("المتحدة", "I-ORG"), ("إلى", "O"),
            ("دمشق", "B-LOC"), ("وبيروت", "B-LOC")]]
    assert recognizer_tables(dev).splitlines() == [
        "| recognizer | dev LOC P / R / F1 | dev ORG P / R / F1 | dev PERS P / R / F1 | dev ALL P / R / F1 |",
        "|---|---|---|---|---|",
        "| rules | 1.000 / 0.750 / 0.857 | 0.500 / 0.500 / 0.500 | 1.000 / 0.500 / 0.667 | 0.833 / 0.625 / 0.714 |",
        "| model | 1.000 / 0.750 / 0.857 | 0.500 / 0.500 / 0.500 | 1.000 / 1.000 / 1.000 | 0.857 / 0.750 / 0.800 |",
        "| combined | 1.000 / 0.750 / 0.857 | 0.500 / 0.500 / 0.500 | 1.000 / 1.000 / 1.000 | 0.857 / 0.750 / 0.800 |",
        "",
        "| recognizer | seeds PER P / R | seeds LOC P / R | seeds ORG P / R | seeds ALL P / R |",
        "|---|---|---|---|---|",
        "| rules | 1.000 / 1.000 | 1.000 / 1.000 | 1.000 / 1.000 | 1.000 / 1.000 |",
        "| model | 0.882 / 1.000 | 0.933 / 0.903 | 0.500 / 0.200 | 0.882 / 0.788 |",
        "| combined | 1.000 / 1.000 | 1.000 / 1.000 | 1.000 / 1.000 | 1.000 / 1.000 |",
    ]


def test_dev_scores_tag_with_the_model_given_and_score_the_labels_given(tmp_path):
    from helpers.annotating.learned import train_model
    from helpers.annotating.learned.__main__ import card_table, dev_scores

    tiny = tmp_path / "tiny.crfsuite"  # a model that calls باكو an organisation
    train_model([[("زار", "O"), ("باكو", "B-ORG"), ("مع", "O"), ("ساعر", "B-MISC")]] * 3, tiny,
                params={"max_iterations": 5})
    dev = [[("زار", "O"), ("باكو", "B-LOC"), ("مع", "O"), ("ساعر", "B-MISC")]]

    def exact(scores):
        return scores[scores.match == "exact"][["label", "n_gold", "n_pred", "correct"]].values.tolist()

    assert exact(dev_scores(dev, tiny)) == [["LOC", 1, 0, 0], ["MISC", 1, 1, 1], ["ORG", 0, 1, 0], ["ALL", 2, 2, 1]]
    # the shipped model by default
    assert exact(dev_scores(dev)) == [["LOC", 1, 1, 1], ["MISC", 1, 0, 0], ["PERS", 0, 1, 0], ["ALL", 2, 2, 1]]
    assert exact(dev_scores(dev, tiny, ("LOC", "ORG", "PERS"))) == [
        ["LOC", 1, 0, 0], ["ORG", 0, 1, 0], ["PERS", 0, 0, 0], ["ALL", 1, 1, 0]]
    assert card_table(dev_scores(dev, tiny)).splitlines() == [
        "| label | gold | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        "| LOC | 1 | nan | 0.0000 | nan | nan | 0.0000 | nan |",
        "| MISC | 1 | 1.0000 | 1.0000 | 1.0000 | 1.0000 | 1.0000 | 1.0000 |",
        "| ORG | 0 | 0.0000 | nan | nan | 0.0000 | nan | nan |",
        "| ALL | 2 | 0.5000 | 0.5000 | 0.5000 | 0.5000 | 0.5000 | 0.5000 |",
    ]


def test_a_worker_started_with_an_annotator_annotates_with_it(monkeypatch):
    """What a worker process of annotate_corpus does when it starts, done here (mutmut sees no
    call made in a worker): the annotator it is given, else the default one, is the batches'."""
    import pandas as pd

    from helpers.annotating import Annotator, load_lexicon
    from helpers.annotating import corpus

    monkeypatch.setattr(corpus, "_worker_annotator", None)  # put back after the test
    lex = pd.concat([load_lexicon(), pd.DataFrame([{"surface": "زاكورة", "label": "LOC", "canonical": "زاكورة",
                                                     "source": "mine"}])], ignore_index=True)
    corpus._start_worker(Annotator(lex))
    assert corpus.annotate_batch(["زار زاكورة"])[1]["source"] == ["mine"]
    corpus._start_worker(None)
    assert corpus._worker_annotator is corpus._default_annotator()
    counts, columns = corpus.annotate_batch(["زار زاكورة"])
    assert "mine" not in columns["source"]
    assert (counts, columns) == ([len(columns["start"])], corpus._default_annotator().columns("زار زاكورة"))


def test_write_card_fills_the_template_with_the_scores_the_model_and_the_machine(tmp_path):
    import platform
    import re
    from importlib.metadata import version

    from helpers.annotating.learned import train_model
    from helpers.annotating.learned.__main__ import PROJECT_LABELS, card_table, dev_scores, write_card
    from helpers.annotating.learned.model import MODEL_PATH, PARAMS

    train = [[("قال", "O"), ("سيرغي", "O"), ("لافروف", "B-PERS"), ("في", "O"), ("باكو", "B-ORG"),
              ("مع", "O"), ("ساعر", "B-MISC")]] * 3
    dev = [[("قال", "O"), ("سيرغي", "B-PERS"), ("لافروف", "I-PERS"), ("في", "O"), ("باكو", "B-LOC"),
            ("مع", "O"), ("ساعر", "B-MISC")]]
    tiny = tmp_path / "tiny.crfsuite"
    train_model(train, tiny, params={"max_iterations": 5})
    scores, project = dev_scores(dev, tiny), dev_scores(dev, tiny, PROJECT_LABELS)
    # exact and overlap differ (سيرغي لافروف found as لافروف), and so do all labels and the project's
    write_card(tmp_path / "CARD.md", scores, project, train, dev, 12.4, tiny)
    card = (tmp_path / "CARD.md").read_text(encoding="utf-8")
    params = ", ".join(f"{k}={v}" for k, v in PARAMS.items())
    assert f"A linear-chain CRF (python-crfsuite {version('python-crfsuite')}, L-BFGS, `{params}`)" in card
    assert "\nSize: 0.0 MB. Loads offline" in card and tiny.stat().st_size < 50_000
    assert "the first 3 sentences (21 tokens); scored\non the **dev part**, the last 1 sentences (7 tokens)" in card
    assert card_table(scores) + "\n" in card
    assert "| PERS | 1 | 0.0000 | 0.0000 | 0.0000 | 1.0000 | 1.0000 | 1.0000 |" in card
    assert re.findall(r"\*\*([0-9.]+)\*\*", card) == ["0.3333", "0.0000"]  # micro exact: all, project
    assert f"({platform.machine()}, Python {platform.python_version()}, one core): 12 s." in card
    assert card.count("\n(scored for the shipped model only)\n") == 2  # both tables: recognizers, real
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CARD.md", "tiny.crfsuite"]
    # the shipped model's card also gives every recognizer's scores
    write_card(tmp_path / "SHIPPED.md", scores, project, train, dev, 12.4, MODEL_PATH)
    shipped = (tmp_path / "SHIPPED.md").read_text(encoding="utf-8")
    assert "| recognizer | dev LOC P / R / F1 |" in shipped and "| combined | " in shipped
    assert "Real articles: 16 articles of Jawhara FM" in shipped
    assert "\n| recognizer | PER P / R | LOC P / R | ORG P / R | entities ALL P / R / F1 |" in shipped
    assert "(scored for the shipped model only)" not in shipped


# --- quantities and dates: values, units and boundaries a refactor could move -----------------

def _rows(text: str) -> list[tuple]:
    df = annotate(text)
    return [tuple(None if isinstance(x, float) and x != x else x for x in r)
            for r in df[["start", "end", "label", "text", "value", "unit"]].itertuples(index=False)]


def test_a_plural_counted_3_to_10_times_is_counted_in_the_singular():
    # Arabic counts 3–10 with a plural noun (ثلاث رصاصات): the unit is the singular رصاصة; 11 and
    # more take the singular already; 2 keeps what it has
    assert _rows("أطلق الجنود 3 رصاصات ثم 10 رصاصات ثم 11 رصاصة ثم 2 رصاصات.") == [
        (12, 20, "QUANTITY", "3 رصاصات", 3, "رصاصة"), (24, 33, "QUANTITY", "10 رصاصات", 10, "رصاصة"),
        (37, 45, "QUANTITY", "11 رصاصة", 11, "رصاصة"), (49, 57, "QUANTITY", "2 رصاصات", 2, "رصاصات")]


def test_number_formats_durations_and_currencies_give_their_values_and_units():
    assert _rows("بلغت الصادرات 1,500 طن و4,3 مليون دينار و1.234,5 دولار.") == [
        (14, 22, "QUANTITY", "1,500 طن", 1500, "t"),            # a thousands comma
        (24, 39, "QUANTITY", "4,3 مليون دينار", 4300000, "dinar"),  # a decimal comma, a scale; no country
        (41, 54, "QUANTITY", "1.234,5 دولار", 1234.5, "USD")]
    # the article names Tunisia: its dinar
    assert _rows("خصصت تونس 500 دينار لكل عائلة، وقدر الدعم بـ 20 بالمئة.") == [
        (5, 9, "LOC", "تونس", None, None), (10, 19, "QUANTITY", "500 دينار", 500, "TND"),
        (45, 54, "QUANTITY", "20 بالمئة", 20, "%")]
    assert _rows("استمر الحصار 3 أشهر و5 سنوات و10 أيام.") == [
        (13, 19, "QUANTITY", "3 أشهر", 3, "month"), (21, 28, "QUANTITY", "5 سنوات", 5, "year"),
        (30, 37, "QUANTITY", "10 أيام", 10, "day")]
    assert _rows("ارتفع العدد إلى نحو 2000 شخص في 2023.") == [
        (16, 28, "QUANTITY", "نحو 2000 شخص", 2000, "شخص"), (32, 36, "DATE", "2023", "2023", None)]


def test_years_alone_are_1500_to_2199_and_not_a_percentage_or_decimals():
    assert _rows("عاد في 1999 و2199 و2200 و1499 و15000.") == [
        (7, 11, "DATE", "1999", "1999", None), (13, 17, "DATE", "2199", "2199", None),
        (19, 23, "QUANTITY", "2200", 2200, None), (25, 29, "QUANTITY", "1499", 1499, None),
        (31, 36, "QUANTITY", "15000", 15000, None)]
    assert _rows("نشر في 2024، وبلغت النسبة 2024% و3.2024.") == [
        (7, 11, "DATE", "2024", "2024", None), (26, 31, "QUANTITY", "2024%", 2024, "%"),
        (33, 39, "QUANTITY", "3.2024", 3.2024, None)]


def test_weekdays_month_pairs_modifiers_and_tunisian_month_names_are_whole_dates():
    assert _rows("وصل الوفد يوم الاثنين 10 مارس 2025 وغادر الخميس المقبل.") == [
        (14, 34, "DATE", "الاثنين 10 مارس 2025", "2025-03-10", None), (41, 54, "DATE", "الخميس المقبل", None, None)]
    assert _rows("عقد الاجتماع في أكتوبر/ تشرين الأول 2023 وفي مارس الماضي.") == [
        (16, 40, "DATE", "أكتوبر/ تشرين الأول 2023", "2023-10", None), (45, 56, "DATE", "مارس الماضي", None, None)]
    assert _rows("وقع الاتفاق في 5 جانفي 2016 بعد أن ألغي في الشهر الماضي.") == [
        (15, 27, "DATE", "5 جانفي 2016", "2016-01-05", None), (43, 55, "DATE", "الشهر الماضي", None, None)]
    # 'today' is a date; 'the first day (of the fair)' is not; 'today Monday' is two dates
    assert _rows("وصل اليوم وزير الخارجية.") == [(4, 9, "DATE", "اليوم", None, None)]
    assert _rows("قال إن اليوم الأول من المعرض كان ناجحا.") == []
    assert _rows("التقى اليوم الاثنين بالوفد.") == [
        (6, 11, "DATE", "اليوم", None, None), (12, 19, "DATE", "الاثنين", None, None)]


# --- names, organisations and quotations: canonical names and speakers --------------------------

def _named(text: str) -> list[tuple]:
    df = annotate(text)
    return [tuple(None if isinstance(x, float) and x != x else x for x in r)
            for r in df[["start", "end", "label", "text", "canonical", "speaker"]].itertuples(index=False)]


def test_a_titled_name_is_found_again_by_its_last_word_and_speaks_the_quotations():
    # Jawhara FM style: a title, the full name, then the surname alone with a reporting verb
    assert _named('وقال الرئيس التونسي قيس سعيد إن "الأمن أولوية"، وأكد سعيد أن الدولة ماضية في الإصلاح.') == [
        (20, 28, "PER", "قيس سعيد", "قيس سعيد", None), (33, 45, "QUOTE", "الأمن أولوية", None, "قيس سعيد"),
        (53, 57, "PER", "سعيد", "قيس سعيد", None)]
    assert _named('وقال رئيس الحكومة يوسف الشاهد إن الحكومة ستواصل عملها، وأضاف الشاهد: "لن نتراجع".') == [
        (18, 29, "PER", "يوسف الشاهد", "يوسف الشاهد", None), (61, 67, "PER", "الشاهد", "يوسف الشاهد", None),
        (70, 79, "QUOTE", "لن نتراجع", None, "يوسف الشاهد")]
    # a quotation whose speaker is a role no name was given for has no speaker
    assert _named('"الوضع صعب"، قال وزير الداخلية.') == [(1, 10, "QUOTE", "الوضع صعب", None, None)]


def test_a_minister_and_his_counterpart_are_named_after_their_titles_and_nationalities():
    assert _named("التقى وزير الخارجية الأذربيجاني جيهون بيراموف نظيره الإسرائيلي جدعون ساعر في باكو.") == [
        (32, 45, "PER", "جيهون بيراموف", "جيهون بيراموف", None), (63, 73, "PER", "جدعون ساعر", "جدعون ساعر", None),
        (77, 81, "LOC", "باكو", "باكو", None)]


def test_an_organisation_head_takes_its_body_and_a_nationality_adjective():
    assert _named("أعلنت وزارة الصحة التونسية عن خطة جديدة.") == [
        (6, 26, "ORG", "وزارة الصحة التونسية", "وزارة الصحة التونسية", None)]
    assert _named("أكدت حركة النهضة أنها ستشارك في الانتخابات.") == [
        (5, 16, "ORG", "حركة النهضة", "حركة النهضة", None)]


# --- exports: the exact HTML, brat, Label Studio and displaCy output -------------------------

EXPORT_TEXT = 'قال ساعر: "في <باكو>"\n50 دولار'
EXPORT_SPANS = [
    {"start": 11, "end": 20, "label": "QUOTE", "speaker": "جدعون ساعر", "canonical": None, "value": None},
    {"start": 4, "end": 8, "label": "PER", "canonical": "جدعون ساعر"},
    {"start": 14, "end": 20, "label": "LOC", "canonical": "باكو"},
    {"start": 22, "end": 30, "label": "QUANTITY", "value": 50, "unit": "USD"},
    {"start": 22, "end": 24, "label": "MYLABEL"},  # a label of one's own: grey, last in the legend
]


def _wrap(label: str, color: str, tip: str, inner: str) -> str:
    style = (f"border-bottom:3px solid {color};padding-bottom:1px" if label == "QUOTE"
             else f"background:{color};border-radius:3px;padding:0 2px")
    return f'<span class="ann-{label}" style="{style}" title="{tip}">{inner}</span>'


def _legend(*pairs: tuple[str, str]) -> str:
    return " ".join(f'<span style="background:{c};border-radius:3px;padding:0 4px;margin:0 2px">{lab}</span>'
                    for lab, c in pairs)


def test_highlight_gives_this_html_nested_escaped_with_tooltips_and_a_legend():
    from helpers.annotating import LABEL_COLORS as C
    from helpers.annotating import highlight

    h = highlight(EXPORT_TEXT, EXPORT_SPANS, title="عنوان <1>")
    quote = lambda inner: _wrap("QUOTE", C["QUOTE"], "QUOTE — جدعون ساعر", inner)  # noqa: E731
    qty = lambda inner: _wrap("QUANTITY", C["QUANTITY"], "QUANTITY = 50 USD", inner)  # noqa: E731
    body = ("قال " + _wrap("PER", C["PER"], "PER: جدعون ساعر", "ساعر") + ": &quot;" + quote("في ")
            + quote(_wrap("LOC", C["LOC"], "LOC: باكو", "&lt;باكو&gt;")) + "&quot;<br>\n"
            + qty(_wrap("MYLABEL", "#dddddd", "MYLABEL", "50")) + qty(" دولار"))
    legend = _legend(("PER", C["PER"]), ("LOC", C["LOC"]), ("QUOTE", C["QUOTE"]), ("QUANTITY", C["QUANTITY"]),
                     ("MYLABEL", "#dddddd"))
    assert h.html == (
        '<div class="annotations"><div style="font-weight:bold">عنوان &lt;1&gt;</div>'
        f'<div dir="ltr" style="margin-bottom:4px">Legend: {legend}</div>'
        f'<div dir="rtl" lang="ar" style="line-height:2;font-size:1.05em;text-align:right">{body}</div></div>')
    assert (h.n_spans, h.n_chars) == (5, len(EXPORT_TEXT))
    only = highlight(EXPORT_TEXT, EXPORT_SPANS, labels=["PER"])
    assert only.html == (
        f'<div class="annotations"><div dir="ltr" style="margin-bottom:4px">Legend: {_legend(("PER", C["PER"]))}</div>'
        '<div dir="rtl" lang="ar" style="line-height:2;font-size:1.05em;text-align:right">قال '
        + _wrap("PER", C["PER"], "PER: جدعون ساعر", "ساعر") + ': &quot;في &lt;باكو&gt;&quot;<br>\n50 دولار</div></div>')
    assert only.n_spans == 1
    for start, end in [(-1, 3), (3, 3), (0, len(EXPORT_TEXT) + 1)]:
        with pytest.raises(ValueError, match=rf"^span \[{start}, {end}\) is outside the text \(length 30\)$"):
            highlight(EXPORT_TEXT, [{"start": start, "end": end, "label": "PER"}])
    highlight(EXPORT_TEXT, [{"start": 0, "end": len(EXPORT_TEXT), "label": "PER"}])  # the whole text is fine
    with pytest.raises(TypeError, match="^highlight expects the raw text as str$"):
        highlight(None, [])


def test_to_brat_writes_one_line_a_span_notes_and_fragments_around_line_breaks():
    from helpers.annotating import to_brat

    assert to_brat(EXPORT_TEXT, EXPORT_SPANS).split("\n") == [
        "T1\tPER 4 8\tساعر", "#1\tAnnotatorNotes T1\tcanonical=جدعون ساعر",
        "T2\tQUOTE 11 20\tفي <باكو>", "#2\tAnnotatorNotes T2\tspeaker=جدعون ساعر",
        "T3\tLOC 14 20\t<باكو>", "#3\tAnnotatorNotes T3\tcanonical=باكو",
        "T4\tQUANTITY 22 30\t50 دولار", "#4\tAnnotatorNotes T4\tvalue=50; unit=USD",
        "T5\tMYLABEL 22 24\t50"]
    # a span across two line breaks (one of them doubled) is written as its pieces
    assert to_brat("أب\n\nجد\nه", [{"start": 1, "end": 8, "label": "QUOTE"}]) == "T1\tQUOTE 1 2;4 6;7 8\tب جد ه"


def test_to_label_studio_gives_this_task_in_utf16_offsets():
    from helpers.annotating import to_label_studio

    text = "🙂" + EXPORT_TEXT  # the emoji is two UTF-16 code units: every offset moves by 2
    spans = [dict(s, start=s["start"] + 1, end=s["end"] + 1) for s in EXPORT_SPANS]
    task = to_label_studio(text, spans, kind="annotations", from_name="f", to_name="t", data={"id": 7})

    def item(k, a, b, label, meta=None):
        out = {"id": f"s{k}", "from_name": "f", "to_name": "t", "type": "labels",
               "value": {"start": a, "end": b, "text": text[a - 1:b - 1], "labels": [label]}}
        return out | ({"meta": {"text": [meta]}} if meta else {})

    assert task == {"data": {"text": text, "id": 7}, "annotations": [{"result": [
        item(1, 6, 10, "PER", '{"canonical": "جدعون ساعر"}'),
        item(2, 13, 22, "QUOTE", '{"speaker": "جدعون ساعر"}'),
        item(3, 16, 22, "LOC", '{"canonical": "باكو"}'),
        item(4, 24, 32, "QUANTITY", '{"value": 50, "unit": "USD"}'),
        item(5, 24, 26, "MYLABEL")]}]}
    assert to_label_studio(EXPORT_TEXT, EXPORT_SPANS[:1]) == {"data": {"text": EXPORT_TEXT}, "predictions": [{
        "result": [{"id": "s1", "from_name": "label", "to_name": "text", "type": "labels",
                    "value": {"start": 11, "end": 20, "text": "في <باكو>", "labels": ["QUOTE"]}, "score": 1.0,
                    "meta": {"text": ['{"speaker": "جدعون ساعر"}']}}],
        "model_version": "helpers.annotating"}]}
    with pytest.raises(ValueError, match="^kind must be 'predictions' or 'annotations'$"):
        to_label_studio(EXPORT_TEXT, EXPORT_SPANS, kind="prediction")


def test_to_displacy_keeps_names_first_and_quotations_only_where_nothing_overlaps():
    from helpers.annotating import to_displacy

    assert to_displacy(EXPORT_TEXT, EXPORT_SPANS, title="t") == {"text": EXPORT_TEXT, "title": "t", "ents": [
        {"start": 4, "end": 8, "label": "PER"}, {"start": 14, "end": 20, "label": "LOC"},
        {"start": 22, "end": 30, "label": "QUANTITY"}]}  # the longer QUANTITY wins over MYLABEL
    assert to_displacy(EXPORT_TEXT, EXPORT_SPANS, labels=["QUOTE", "MYLABEL"]) == {
        "text": EXPORT_TEXT, "title": None, "ents": [
            {"start": 11, "end": 20, "label": "QUOTE"}, {"start": 22, "end": 24, "label": "MYLABEL"}]}


# the headline of Jawhara FM's JA-economy-215-20160906.txt: "The World Bank grants Tunisia 39.7 million dinars"
JFM_HEADLINE = "البنك العالمي يمنح تونس 39.7 مليون دينار"


def test_spans_saved_to_csv_and_read_back_export_as_before():
    """A span table written to CSV comes back with NaN for every empty cell and the value as a
    float: the exports treat NaN as no value, and a float value as a value."""
    import io

    from helpers.annotating import to_brat, to_label_studio

    spans = annotate(JFM_HEADLINE)
    buf = io.StringIO()
    spans.to_csv(buf, index=False)
    back = pd.read_csv(io.StringIO(buf.getvalue()))
    brat = to_brat(JFM_HEADLINE, back)
    assert brat.split("\n") == [
        "T1\tORG 0 13\tالبنك العالمي", "#1\tAnnotatorNotes T1\tcanonical=البنك العالمي",
        "T2\tLOC 19 23\tتونس", "#2\tAnnotatorNotes T2\tcanonical=تونس",
        "T3\tQUANTITY 24 40\t39.7 مليون دينار", "#3\tAnnotatorNotes T3\tvalue=39700000.0; unit=TND"]
    metas = [r.get("meta") for r in to_label_studio(JFM_HEADLINE, back)["predictions"][0]["result"]]
    assert metas == [{"text": ['{"canonical": "البنك العالمي", "source": "pattern:org-head"}']},
                     {"text": ['{"canonical": "تونس", "source": "cldr:territory:TN"}']},
                     {"text": ['{"value": 39700000.0, "unit": "TND", "source": "pattern:quantity"}']}]
    # a column of one's own holding lists is carried along untouched
    back["reviewers"] = [["سلمى", "علي"], [], ["علي"]]
    assert to_brat(JFM_HEADLINE, back) == brat


def test_tooltips_escape_quotes_and_show_a_value_without_a_unit():
    """A speaker is article text (untrusted): its double quotes are escaped inside the title
    attribute; a value with no unit is shown alone. Dates, such as a value of datetime.date,
    reach Label Studio as text."""
    import datetime

    from helpers.annotating import LABEL_COLORS as C
    from helpers.annotating import highlight, to_label_studio

    text = "قال الوزير: 300 ألف"  # "the minister said: 300 thousand"
    spans = [{"start": 12, "end": 19, "label": "QUANTITY", "value": 300000, "unit": None,
              "speaker": 'ساعر "الوزير"'}]
    h = highlight(text, spans)
    assert h.html.endswith("قال الوزير: " + _wrap("QUANTITY", C["QUANTITY"],
                                                   "QUANTITY — ساعر &quot;الوزير&quot; = 300000", "300 ألف")
                           + "</div></div>")
    assert repr(h) == "<Highlight: 1 spans over 19 characters>"
    day = [{"start": 4, "end": 10, "label": "DATE", "value": datetime.date(2024, 3, 5)}]
    assert to_label_studio(text, day)["predictions"][0]["result"][0]["meta"] == {"text": ['{"value": "2024-03-05"}']}


def test_a_highlight_made_by_hand_counts_nothing():
    from helpers.annotating import Highlight

    h = Highlight("<b>x</b>")
    assert (h.html, h.n_spans, h.n_chars, repr(h)) == ("<b>x</b>", 0, 0, "<Highlight: 0 spans over 0 characters>")


def test_to_displacy_keeps_the_longer_of_two_spans_that_end_together():
    from helpers.annotating import to_displacy

    spans = [{"start": 22, "end": 30, "label": "QUANTITY"}, {"start": 25, "end": 30, "label": "MYLABEL"}]
    assert to_displacy(EXPORT_TEXT, spans)["ents"] == [{"start": 22, "end": 30, "label": "QUANTITY"}]


# --- evaluation: exact scores, problems and errors --------------------------------------------

def _frame(rows: list[tuple], cols: str) -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame([dict(zip(cols.split(), r)) for r in rows])


EVAL_GOLD = [("a", 0, 4, "PER", "ساعر", "جدعون ساعر"), ("a", 10, 14, "PER", "ساعر", "جدعون ساعر"),
             ("a", 20, 24, "LOC", "باكو", "باكو"), ("b", 0, 4, "LOC", "باكو", "باكو"),
             ("b", 6, 12, "DATE", "10 مارس", None)]
EVAL_PRED = [("a", 10, 14, "PER", "ساعر", "جدعون ساعر"), ("a", 20, 25, "LOC", "باكوي", "باكو"),
             ("b", 0, 4, "ORG", "باكو", "باكو"), ("b", 6, 12, "DATE", "10 مارس", None),
             ("b", 30, 34, "DATE", "2024", None)]


def test_evaluate_counts_mentions_and_entities_exactly_and_by_overlap():
    from helpers.annotating import evaluate

    cols = "doc_id start end label text canonical"
    ev = evaluate(_frame(EVAL_PRED, cols), _frame(EVAL_GOLD, cols))
    n = None
    # label, level, match, n_gold, n_pred, found, correct, precision, recall, f1 (None: NaN)
    assert ev.astype(object).where(ev.notna(), None).values.tolist() == [
        ["PER", "mention", "exact", 2, 1, 1, 1, 1.0, 0.5, 0.6667],
        ["LOC", "mention", "exact", 2, 1, 0, 0, 0.0, 0.0, 0.0],
        ["ORG", "mention", "exact", 0, 1, 0, 0, 0.0, n, n],
        ["DATE", "mention", "exact", 1, 2, 1, 1, 0.5, 1.0, 0.6667],
        ["ALL", "mention", "exact", 5, 5, 2, 2, 0.4, 0.4, 0.4],
        # one PER entity (two mentions, one found); a LOC entity per document; a DATE by its text
        ["PER", "entity", "exact", 1, 1, 1, 1, 1.0, 1.0, 1.0],
        ["LOC", "entity", "exact", 2, 1, 0, 0, 0.0, 0.0, 0.0],
        ["ORG", "entity", "exact", 0, 1, 0, 0, 0.0, n, n],
        ["DATE", "entity", "exact", 1, 2, 1, 1, 0.5, 1.0, 0.6667],
        ["ALL", "entity", "exact", 4, 5, 2, 2, 0.4, 0.5, 0.4444],
        ["PER", "mention", "overlap", 2, 1, 1, 1, 1.0, 0.5, 0.6667],
        ["LOC", "mention", "overlap", 2, 1, 1, 1, 1.0, 0.5, 0.6667],
        ["ORG", "mention", "overlap", 0, 1, 0, 0, 0.0, n, n],
        ["DATE", "mention", "overlap", 1, 2, 1, 1, 0.5, 1.0, 0.6667],
        ["ALL", "mention", "overlap", 5, 5, 3, 3, 0.6, 0.6, 0.6],
        ["PER", "entity", "overlap", 1, 1, 1, 1, 1.0, 1.0, 1.0],
        ["LOC", "entity", "overlap", 2, 1, 1, 1, 1.0, 0.5, 0.6667],
        ["ORG", "entity", "overlap", 0, 1, 0, 0, 0.0, n, n],
        ["DATE", "entity", "overlap", 1, 2, 1, 1, 0.5, 1.0, 0.6667],
        ["ALL", "entity", "overlap", 4, 5, 3, 3, 0.6, 0.75, 0.6667],
    ]
    one = evaluate(_frame(EVAL_PRED, cols), _frame(EVAL_GOLD, cols), labels=["LOC"])
    assert one.label.tolist() == ["LOC", "ALL"] * 4 and one.n_gold.tolist() == [2, 2] * 4


def test_prf_is_nan_where_a_denominator_is_zero_and_f1_zero_when_nothing_matched():
    from helpers.annotating.evaluation import prf

    nan = float("nan")
    cases = {(0, 0, 0, 0): (nan, nan, nan), (2, 3, 0, 0): (0.0, 0.0, 0.0), (0, 3, 0, 1): (0.3333, nan, nan),
             (3, 0, 1, 0): (nan, 0.3333, nan), (3, 2, 1, 2): (1.0, 0.3333, 0.5)}
    for args, want in cases.items():
        got = tuple(prf(*args).values())
        assert [g if g == g else "nan" for g in got] == [w if w == w else "nan" for w in want], args


def test_check_spans_names_every_problem_and_compare_spans_every_match_kind():
    from helpers.annotating import check_spans, compare_spans

    spans = _frame([("a", 0, 4, "PER", "ساعر"), ("a", 3, 8, "PER", "ر زار"), ("a", 4, 9, "LOC", "x"),
                    ("a", 9, 30, "LOC", "x"), ("a", 5, 5, "LOC", ""), ("z", 0, 1, "LOC", "x")],
                   "doc_id start end label text")
    assert check_spans(spans, {"a": "ساعر زار باكو"}) == [
        "a[4:9] LOC: text 'x' != ' زار '", "a[4:9] LOC: starts or ends with whitespace",
        "a[9:30] LOC: outside the text", "a[5:5] LOC: outside the text",
        "a: LOC spans [4:9] and [5:5] overlap", "a: PER spans [0:4] and [3:8] overlap", "z: no text"]
    # one text: no doc_id; touching spans do not overlap; a span that ends at the text's end is fine
    assert check_spans(_frame([(0, 4, "PER", "ساعر"), (4, 8, "PER", " زار")], "start end label text"),
                       "ساعر زار") == ["[4:8] PER: starts or ends with whitespace"]
    assert check_spans(_frame([(0, 4, "PER", "ساعر"), (5, 8, "LOC", "زار")], "start end label text"), "ساعر زار") == []
    with pytest.raises(ValueError, match="^match must be 'exact' or 'overlap', not 'fuzzy'$"):
        compare_spans(spans, spans, match="fuzzy")


def test_load_gold_reads_sorts_and_names_the_bad_line(tmp_path):
    from helpers.annotating import load_gold

    with pytest.raises(FileNotFoundError, match=r"^no gold \*\.jsonl in .*none$"):
        load_gold(tmp_path / "none")
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"doc_id": "a", "start": 0, "end": 4, "label": "PER"}\n\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"^x\.jsonl:3: not JSON \(Expecting value\)$"):
        load_gold(tmp_path)
    bad.write_text('{"doc_id": "a", "start": 0}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"^x\.jsonl:1: missing \['end', 'label'\]$"):
        load_gold(tmp_path)
    bad.write_text('{"doc_id": "b", "start": 5, "end": 9, "label": "LOC", "text": "باكو", "extra": 1}\n'
                   '{"doc_id": "a", "start": 5, "end": 9, "label": "PER", "value": 3}\n'
                   '{"doc_id": "a", "start": 5, "end": 9, "label": "LOC"}\n'
                   '{"doc_id": "a", "start": "0", "end": 4, "label": "PER", "speaker": "س"}\n', encoding="utf-8")
    gold = load_gold(tmp_path)
    assert list(gold.columns) == ["doc_id", "start", "end", "label", "text", "canonical", "source", "speaker",
                                  "value", "unit"]
    assert gold.values.tolist() == [["a", 0, 4, "PER", None, None, "gold", "س", None, None],
                                    ["a", 5, 9, "LOC", None, None, "gold", None, None, None],
                                    ["a", 5, 9, "PER", None, None, "gold", None, 3.0, None],
                                    ["b", 5, 9, "LOC", "باكو", None, "gold", None, None, None]]


def test_evaluate_attributes_compares_normalized_names_and_numbers_to_a_millionth():
    from helpers.annotating import evaluate_attributes

    cols = "start end label canonical speaker value unit"
    gold = _frame([(0, 4, "PER", "جدعون ساعر", None, None, None), (5, 9, "PER", "إلهام علييف", None, None, None),
                   (10, 20, "QUOTE", None, "جدعون ساعر", None, None), (21, 25, "QUANTITY", None, None, 1e6, "USD"),
                   (26, 30, "QUANTITY", None, None, 3, None), (31, 35, "DATE", None, None, "2024-03", None)], cols)
    pred = _frame([(0, 4, "PER", "جدعون ساعر", None, None, None), (5, 9, "PER", "الهام علييف", None, None, None),
                   (10, 20, "QUOTE", None, None, None, None), (21, 25, "QUANTITY", None, None, 1e6 + 0.5, "USD"),
                   (26, 30, "QUANTITY", None, None, 3.01, "شخص"), (31, 35, "DATE", None, None, "2024-03", None),
                   (40, 44, "LOC", "باكو", None, None, None)], cols)
    assert evaluate_attributes(pred, gold).values.tolist() == [
        ["PER", "canonical", 2, 2, 1.0], ["QUOTE", "speaker", 1, 0, 0.0], ["QUANTITY", "value", 2, 1, 0.5],
        ["QUANTITY", "unit", 2, 1, 0.5], ["DATE", "value", 1, 1, 1.0]]


def test_load_lexicon_reads_hand_written_files_first_and_names_the_bad_line(tmp_path):
    from helpers.annotating import load_lexicon

    with pytest.raises(FileNotFoundError, match=r"^no lexicon \*\.csv in .*none$"):
        load_lexicon(tmp_path / "none")
    head = "surface,label,canonical,source\n"
    (tmp_path / "cldr_a.csv").write_text(head + "غزة,LOC,غزة,cldr\n", encoding="utf-8")
    (tmp_path / "places.csv").write_text(head + "غزة,LOC,قطاع غزة,manual\nباكو,LOC,,manual\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(head + "ساعر,PER,جدعون ساعر,manual\nدولار,UNIT,USD,manual\n", encoding="utf-8")
    lex = load_lexicon(tmp_path)
    assert lex.values.tolist() == [["ساعر", "PER", "جدعون ساعر", "manual", "b.csv"],
                                   ["دولار", "UNIT", "USD", "manual", "b.csv"],
                                   ["غزة", "LOC", "قطاع غزة", "manual", "places.csv"],
                                   ["باكو", "LOC", "", "manual", "places.csv"],
                                   ["غزة", "LOC", "غزة", "cldr", "cldr_a.csv"]]
    (tmp_path / "b.csv").write_text(head + "ساعر,PER,جدعون ساعر,manual\n  ,PER,x,manual\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^b\.csv:3: empty surface$"):
        load_lexicon(tmp_path)
    (tmp_path / "b.csv").write_text(head + "ساعر,PERSON,جدعون ساعر,manual\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^b\.csv:2: unknown label 'PERSON'$"):
        load_lexicon(tmp_path)
    (tmp_path / "b.csv").write_text("surface,label,canonical\nساعر,PER,جدعون ساعر\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^b\.csv: columns must be \['surface', 'label', 'canonical', 'source'\], "
                                         r"not \['surface', 'label', 'canonical'\]$"):
        load_lexicon(tmp_path)


# --- annotate_corpus, evaluation keys, the learned command line ---------------------------------

def test_annotate_corpus_names_a_text_that_is_no_str_and_shares_a_large_corpus_from_two_jobs(monkeypatch):
    import pandas as pd

    from helpers.annotating import annotate_corpus, corpus

    with pytest.raises(TypeError, match=r"^document 'b': text is float, not str$"):
        annotate_corpus(pd.DataFrame({"doc_id": ["a", "b"], "text": ["زار ساعر باكو", float("nan")]}))
    shared = []

    def in_this_process(batches, jobs, ann, annotator, recognizer=None):  # no worker processes here
        shared.append((len(batches), jobs))
        return [corpus._annotate_arrays(b, ann) for b in batches]

    monkeypatch.setattr(corpus, "_share_batches", in_this_process)
    big = pd.DataFrame({"doc_id": range(30), "text": ["زار ساعر باكو. " * 1500] * 30})  # 675,000 characters
    assert len(annotate_corpus(big, jobs=2)) == 30 * 3000 and shared == [(17, 2)]
    assert len(annotate_corpus(big, jobs=1)) == 30 * 3000 and shared == [(17, 2)]  # one job: no sharing


def test_spans_without_text_or_canonical_are_entities_of_their_own_offsets():
    import pandas as pd

    from helpers.annotating import evaluate

    gold = pd.DataFrame({"start": [0, 10], "end": [4, 14], "label": ["DATE", "DATE"], "text": [None, None],
                         "canonical": [None, None]})
    pred = pd.DataFrame({"start": [0], "end": [4], "label": ["DATE"], "text": [None], "canonical": [None]})
    ev = evaluate(pred, gold).set_index(["label", "level", "match"])
    assert ev.loc[("DATE", "entity", "exact"), ["n_gold", "n_pred", "found", "correct"]].tolist() == [2, 1, 1, 1]


def test_evaluate_attributes_a_missing_gold_value_agrees_only_with_a_missing_one():
    import pandas as pd

    from helpers.annotating import evaluate_attributes

    gold = pd.DataFrame({"start": [0, 5], "end": [4, 9], "label": ["QUANTITY"] * 2, "value": [None, None],
                         "unit": [None, None]})
    pred = pd.DataFrame({"start": [0, 5], "end": [4, 9], "label": ["QUANTITY"] * 2, "value": [2.5, None],
                         "unit": ["t", None]})
    assert evaluate_attributes(pred, gold).values.tolist() == [
        ["QUANTITY", "value", 2, 1, 0.5], ["QUANTITY", "unit", 2, 1, 0.5]]


def test_the_learned_command_line_trains_scores_and_builds_clusters(tmp_path, monkeypatch, capsys):
    import re

    from helpers.annotating.learned import __main__ as cli

    conll = tmp_path / "data.txt"
    # باكو an organisation here: the shipped model, which calls it a place, scores otherwise
    conll.write_text(("قال O\nسيرغي B-PERS\nلافروف I-PERS\nفي O\nباكو B-ORG\n\n"
                      "زار O\nالوفد O\nالأمم B-ORG\nالمتحدة I-ORG\n\n") * 10, encoding="utf-8")
    out, card = tmp_path / "m.crfsuite", tmp_path / "CARD.md"
    assert cli.main(["train", "--data", str(conll), "--out", str(out), "--card", str(card), "--sentences", "6"]) == 0
    train, dev = cli.split_dev(cli.read_conll(conll))
    scores, project = cli.dev_scores(dev, out), cli.dev_scores(dev, out, labels=cli.PROJECT_LABELS)
    ex = scores[scores.match == "exact"].set_index("label").f1
    printed = capsys.readouterr().out.splitlines()
    assert re.fullmatch(rf"trained on 6 sentences in [0-9.]+ s → {re.escape(str(out))}", printed[0])
    assert printed[1] == "dev exact F1: " + ", ".join(f"{k} {v:.4f}" for k, v in ex.items())
    micro = re.findall(r"\*\*([0-9.]+)\*\*", card.read_text(encoding="utf-8"))
    assert micro == [f"{ex['ALL']:.4f}", f"{project.set_index(['label', 'match']).f1['ALL', 'exact']:.4f}"]
    shipped = cli.dev_scores(dev, labels=cli.PROJECT_LABELS).set_index(["label", "match"]).f1["ALL", "exact"]
    assert f"{shipped:.4f}" != micro[1]
    assert "the first 6 sentences" in card.read_text(encoding="utf-8")
    made = []
    monkeypatch.setattr(cli, "make_clusters", lambda data, jawhara: made.append((data, jawhara)) or 1234)
    assert cli.main(["clusters", "--data", str(conll), "--jawhara", str(tmp_path / "j.tar.xz")]) == 0
    assert made == [(conll, tmp_path / "j.tar.xz")]
    assert capsys.readouterr().out == f"1,234 words clustered → {cli.CLUSTERS_PATH}\n"


def test_lexicons_seeds_and_clusters_are_utf8_here_and_under_the_c_locale(tmp_path):
    """On a machine whose locale is not UTF-8 (Windows' cp1252, a bare C locale) a file opened
    without ``encoding="utf-8"`` cannot hold Arabic: the lexicons, the seeds and the cluster table
    are read and written as UTF-8 all the same (run in a process with the ASCII C locale)."""
    import os
    import subprocess
    import sys

    code = ("import sys, pathlib; sys.path.insert(0, sys.argv[1]); "
            "from helpers.annotating import load_lexicon; "
            "from helpers.annotating.learned.clusters import write_clusters, load_clusters; "
            "from helpers.annotating.learned.compare import seed_scores_of; "
            "w = chr(0x628) + chr(0x627) + chr(0x643) + chr(0x648); "
            "p = write_clusters({w: (1, 2, 3)}, pathlib.Path(sys.argv[2]) / 'c.tsv'); "
            "print((load_lexicon().surface == w).any(), load_clusters(p) == {w: ('1', '2', '3')}, "
            "seed_scores_of('rules').n_gold.tolist())")
    from helpers.annotating import load_lexicon
    from helpers.annotating.learned.clusters import load_clusters, write_clusters
    from helpers.annotating.learned.compare import seed_scores_of

    # here (a UTF-8 locale) first: the same answers
    w = "باكو"
    p = write_clusters({w: (1, 2, 3)}, tmp_path / "here.tsv")
    assert ((load_lexicon().surface == w).any(), load_clusters(p) == {w: ("1", "2", "3")},
            seed_scores_of("rules").n_gold.tolist()) == (True, True, [11, 31, 10, 52])
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    run = subprocess.run([sys.executable, "-c", code, str(ROOT), str(tmp_path)], capture_output=True, text=True,
                         env=env)
    assert (run.returncode, run.stdout) == (0, "True True [11, 31, 10, 52]\n"), run.stderr[-2000:]


def test_annotate_corpus_in_one_process_uses_the_annotator_given():
    # jobs=1 (the default): the annotator of one's own, not the default one, finds زاكورة
    lex = pd.concat([load_lexicon(), pd.DataFrame([{"surface": "زاكورة", "label": "LOC", "canonical": "زاكورة",
                                                     "source": "mine"}])])
    spans = annotate_corpus(pd.DataFrame({"doc_id": ["x"], "text": ["زار زاكورة"]}), annotator=Annotator(lex))
    assert spans[["doc_id", "start", "end", "label", "text", "source"]].values.tolist() == [
        ["x", 4, 10, "LOC", "زاكورة", "mine"]]


def test_only_the_first_line_is_a_headline_quotation():
    # "SPEAKER: words" on the first line is a quotation; after a blank first line it is not
    assert _spans("ساعر: نحن هنا", "source", "speaker") == [
        (0, 4, "PER", "ساعر", "manual:people", None), (6, 13, "QUOTE", "نحن هنا", "pattern:headline", "جدعون ساعر")]
    assert _spans("\nساعر: نحن هنا", "source", "speaker") == [(1, 5, "PER", "ساعر", "manual:people", None)]


def test_a_scale_word_alone_is_one_of_it_whatever_came_two_words_before():
    # مليون is 1,000,000 unless the word just before it is a number (2020 is two words before)
    assert _spans("في 2020 نحو مليون شخص", "value", "unit") == [
        (3, 7, "DATE", "2020", "2020", None), (8, 21, "QUANTITY", "نحو مليون شخص", 1000000, "شخص")]


def test_a_quoted_name_after_an_organisation_head_has_up_to_five_words():
    five = 'وقعت شركة "الخطوط الجوية التونسية للنقل البحري" الاتفاقية.'
    assert _spans(five, "source") == [(11, 46, "ORG", "الخطوط الجوية التونسية للنقل البحري", "pattern:org-quoted")]
    six = 'وقعت شركة "الخطوط الجوية التونسية للنقل البحري السريع" الاتفاقية.'
    assert [s for s in _spans(six, "source") if s[2] == "ORG"] == []


# --- full run of 2026-12-04, batch C: scanner, words ---

def test_find_aliases_takes_a_conjunction_and_a_preposition_off_a_name_even_at_the_start_of_the_text():
    # وبتونس = و + ب + تونس, at the very start of the text (the clitics at 0 and 1, the name at 2),
    # ولبنان = و + لبنان further on; the clitics stay outside the span
    text = "وبتونس، أعلنت وزارة الصحة عن حالات جديدة ولبنان"
    from helpers.annotating.scanner import find_aliases

    assert find_aliases(text, ["تونس", "لبنان"]) == [(2, 6, "تونس"), (42, 47, "لبنان")]
    assert find_aliases("وصل الوفد فبتونس ثم غادر", ["تونس"]) == [(12, 16, "تونس")]


def test_find_aliases_takes_no_latin_letter_for_a_clitic_and_finds_a_one_letter_alias_at_the_end():
    # only و ف (then ب ل ك) are clitics: XCMG is one name, not X + CMG; a one-letter alias that
    # ends the text (the conjunction و named as a word) is found without reading past the end
    from helpers.annotating.scanner import find_aliases

    text = "وقعت شركة XCMG الصينية اتفاقية مع CMG"
    assert find_aliases(text, ["XCMG", "CMG"]) == [(10, 14, "XCMG"), (34, 37, "CMG")]
    assert find_aliases("قال الكاتب إن حرف العطف و", ["و"]) == [(24, 25, "و")]


def test_scan_of_an_empty_text_has_no_digits_and_a_lone_surrogate_is_no_token():
    # an empty text: digits is an empty list (None would mean "characters beyond the BMP, look
    # with the regex"); a lone surrogate (a Python str may hold one) is a space in marked, no token
    from helpers.annotating.scanner import Scan, scan

    assert scan("") == Scan("", [], [], [])
    assert scan("").digits == []
    assert scan("باكو\ud800 2025") == Scan("باكو  2025", [0, 6], [(0, 4, "باكو"), (6, 10, "2025")], [6, 7, 8, 9])


def test_strip_clitic_takes_off_one_or_two_proclitics_leaving_at_least_three_letters():
    # two clitics (وب) first, then one; the bare word keeps at least three letters (ولد, a boy,
    # stays ولد; وقال loses its و); with `known`, only a bare form in it is taken
    from helpers.annotating.scanner import strip_clitic

    assert [strip_clitic(w) for w in ("وبالحكومة", "وقال", "ولد", "فرنسا")] == ["الحكومة", "قال", "ولد", "رنسا"]
    known = {"الأحد", "الاثنين", "وزير"}  # weekdays and a title
    assert [strip_clitic(w, known) for w in ("والأحد", "ووزير", "وبالحكومة", "فرنسا")] == [
        "الأحد", "وزير", "وبالحكومة", "فرنسا"]


def test_strip_edges_of_a_span_of_punctuation_only_is_empty_where_it_ends():
    # «...»: the quotation holds dots only; nothing is left: a == b, never b < a
    from helpers.annotating.scanner import strip_edges

    text = "ردّ الوزير: «...» ثم غادر"
    assert strip_edges(text, 13, 16) == (16, 16)
    assert strip_edges('قال: "نعمل معا."', 5, 15) == (6, 14)


def test_a_word_ending_in_the_pronoun_kum_is_suffixed():
    # بلادكم (your country) ends in the pronoun كم; a name of five letters or more with it is rare
    from helpers.annotating.words import suffixed

    assert [suffixed(w) for w in ("بلادكم", "حكومته", "تطورات", "عبدالله", "رنا", "لانا")] == [
        True, True, True, False, False, False]
