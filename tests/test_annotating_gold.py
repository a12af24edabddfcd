"""Checks on the hand-made gold standard in data/annotations/ (the reference for 03_annotating).

The gold was made by reading the texts (see data/annotations/guidelines.md), not by running the
annotator. These tests keep it honest: every span points at the raw text it claims, follows the
guidelines' span rules, and no mention that the guidelines cover was left out.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
ANN = ROOT / "data" / "annotations"
GOLD = ANN / "gold"
UNSEEN = ANN / "unseen"
GUIDELINES = ANN / "guidelines.md"

LABELS = {"PER", "LOC", "ORG", "QUOTE", "QUANTITY", "DATE", "FRAME"}
ENTITY = {"PER", "LOC", "ORG"}
BASE_KEYS = {"doc_id", "start", "end", "label", "text", "canonical"}
EXTRA_KEYS = {"QUOTE": {"speaker"}, "QUANTITY": {"value", "unit"}, "DATE": {"value"}}
PROCLITICS = set("وفبلك")
QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»"}
NATIONALITY_ADJECTIVES = {
    "الإسرائيلي", "الإسرائيلية", "إسرائيلي", "إسرائيلية", "الأذربيجاني", "الأذربيجانية",
    "الكازاخستاني", "الكازاخستانية", "الأمريكي", "الأمريكية", "الإيراني", "الإيرانية",
    "الفلسطيني", "الفلسطينية", "الفلسطينيين", "فلسطيني", "اليهودية", "المغربية", "السوداني",
    "السودانية", "العراقي", "العراقية", "الأردني", "الألمانية", "الإماراتي",
}

SEED_DOCS = sorted(p.stem for p in RAW.glob("*.txt"))
UNSEEN_DOCS = sorted(p.stem for p in UNSEEN.glob("*.txt"))


def _source(kind: str, doc_id: str) -> Path:
    return (RAW if kind == "gold" else UNSEEN) / f"{doc_id}.txt"


def _gold_path(kind: str, doc_id: str) -> Path:
    return (GOLD if kind == "gold" else UNSEEN) / f"{doc_id}.jsonl"


def _load(kind: str, doc_id: str) -> tuple[str, list[dict]]:
    text = _source(kind, doc_id).read_text(encoding="utf-8")
    lines = _gold_path(kind, doc_id).read_text(encoding="utf-8").splitlines()
    return text, [json.loads(line) for line in lines if line.strip()]


ALL = [("gold", d) for d in SEED_DOCS] + [("unseen", d) for d in UNSEEN_DOCS]
IDS = [f"{k}/{d}" for k, d in ALL]


def _is_letter(ch: str) -> bool:
    """Letters, marks and digits belong to a word; punctuation (incl. ، and U+066C) does not."""
    return unicodedata.category(ch)[0] in "LMN"


def _word_start_ok(text: str, start: int) -> bool:
    """The span starts a word, possibly after at most two proclitic letters (و ف ب ل ك)."""
    i = start
    while i > 0 and _is_letter(text[i - 1]):
        i -= 1
    prefix = text[i:start]
    return len(prefix) <= 2 and all(c in PROCLITICS for c in prefix)


def _word_end_ok(text: str, end: int) -> bool:
    return end >= len(text) or not _is_letter(text[end])


def _occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Every occurrence of `surface` as a whole word (proclitics allowed in front)."""
    found, i = [], text.find(surface)
    while i >= 0:
        j = i + len(surface)
        if _word_start_ok(text, i) and _word_end_ok(text, j):
            found.append((i, j))
        i = text.find(surface, i + 1)
    return found


def _frame_lexicon() -> dict[str, set[str]]:
    """canonical -> surface forms, read from the FRAME table in guidelines.md."""
    section = GUIDELINES.read_text(encoding="utf-8").split("### FRAME", 1)[1].split("\n## ", 1)[0]
    lexicon: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] in {"canonical", ""} or set(cells[0]) <= {"-"}:
            continue
        canonical = re.sub(r"\s*\(.*\)", "", cells[0]).strip()
        forms = re.sub(r"\s*\(.*\)", "", cells[1])
        lexicon[canonical] = {f.strip() for f in forms.split(",") if f.strip()}
    return lexicon


# --- files ----------------------------------------------------------------------------------

def test_every_seed_and_unseen_passage_has_gold():
    assert SEED_DOCS == ["anadolu_saar_baku", "saar_astana_baku"]
    assert sorted(p.stem for p in GOLD.glob("*.jsonl")) == SEED_DOCS
    assert 4 <= len(UNSEEN_DOCS) <= 6
    assert sorted(p.stem for p in UNSEEN.glob("*.jsonl")) == UNSEEN_DOCS


@pytest.mark.parametrize("name", UNSEEN_DOCS)
def test_unseen_passages_are_short_utf8_lf_texts(name):
    raw = (UNSEEN / f"{name}.txt").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    words = raw.decode("utf-8").split()
    assert 80 <= len(words) <= 200, len(words)


def test_unseen_names_are_not_in_the_seeds():
    seeds = "\n".join((RAW / f"{d}.txt").read_text(encoding="utf-8") for d in SEED_DOCS)
    for name in UNSEEN_DOCS:
        _, spans = _load("unseen", name)
        leaked = {s["text"] for s in spans if s["label"] in ENTITY and s["text"] in seeds}
        assert not leaked, f"{name}: {leaked}"


# --- every span ------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "doc_id"), ALL, ids=IDS)
def test_spans_point_at_their_text(kind, doc_id):
    text, spans = _load(kind, doc_id)
    assert spans
    for s in spans:
        assert s["doc_id"] == doc_id
        assert s["label"] in LABELS, s
        assert set(s) == BASE_KEYS | EXTRA_KEYS.get(s["label"], set()), s
        assert isinstance(s["start"], int) and isinstance(s["end"], int)
        assert 0 <= s["start"] < s["end"] <= len(text), s
        assert text[s["start"]:s["end"]] == s["text"], s
        assert s["text"] == s["text"].strip(), s


@pytest.mark.parametrize(("kind", "doc_id"), ALL, ids=IDS)
def test_spans_sorted_unique_and_not_overlapping_within_a_label(kind, doc_id):
    _, spans = _load(kind, doc_id)
    keys = [(s["start"], s["label"], s["end"]) for s in spans]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    by_label = defaultdict(list)
    for s in spans:
        by_label[s["label"]].append((s["start"], s["end"]))
    for label, ranges in by_label.items():
        ranges.sort()
        for (a1, b1), (a2, b2) in zip(ranges, ranges[1:]):
            assert b1 <= a2, f"{label} spans overlap: {(a1, b1)} and {(a2, b2)}"


@pytest.mark.parametrize(("kind", "doc_id"), ALL, ids=IDS)
def test_spans_are_whole_words_without_proclitics(kind, doc_id):
    text, spans = _load(kind, doc_id)
    for s in spans:
        if s["label"] == "QUOTE":
            continue
        a, b = s["start"], s["end"]
        assert _word_start_ok(text, a), f"starts inside a word: {s}"
        assert _word_end_ok(text, b), f"ends inside a word: {s}"
        assert _is_letter(text[a]), f"starts with punctuation: {s}"
        assert _is_letter(text[b - 1]) or (s["label"] == "QUANTITY" and text[b - 1] in "%٪"), s
        # a proclitic written on a name stays outside: spans never start with و+letter of a
        # word that is annotated elsewhere without it (e.g. وساعر vs ساعر)
        if s["label"] in ENTITY and s["text"][0] in PROCLITICS:
            bare = s["text"][1:]
            assert bare not in {t["text"] for t in spans if t["label"] == s["label"]}, s


@pytest.mark.parametrize(("kind", "doc_id"), ALL, ids=IDS)
def test_quotes_are_the_text_inside_the_marks_and_name_a_speaker(kind, doc_id):
    text, spans = _load(kind, doc_id)
    named = {s["canonical"] for s in spans if s["label"] in {"PER", "ORG"}}
    quotes = [s for s in spans if s["label"] == "QUOTE"]
    assert quotes
    for q in quotes:
        a, b = q["start"], q["end"]
        before = text[a - 1] if a else ""
        if before in QUOTE_PAIRS:
            assert text[b] == QUOTE_PAIRS[before], q
            assert QUOTE_PAIRS[before] not in q["text"], q
        else:  # a headline "SPEAKER: words" quote, the rest of the line
            assert text[a - 2:a] == ": " and (b == len(text) or text[b] == "\n"), q
        assert q["speaker"] is None or q["speaker"] in named, q


@pytest.mark.parametrize(("kind", "doc_id"), ALL, ids=IDS)
def test_entities_have_canonical_names_used_consistently(kind, doc_id):
    _, spans = _load(kind, doc_id)
    surfaces: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in spans:
        if s["label"] in ENTITY:
            assert isinstance(s["canonical"], str) and s["canonical"], s
            surfaces[(s["label"], s["text"])].add(s["canonical"])
        elif s["label"] != "FRAME":
            assert s["canonical"] is None, s
    assert all(len(c) == 1 for c in surfaces.values()), surfaces
    person_texts = {s["text"] for s in spans if s["label"] == "PER"}
    for s in spans:  # the full name a short mention points to is itself in the article
        if s["label"] == "PER":
            assert s["canonical"] in person_texts, s


@pytest.mark.parametrize(("kind", "doc_id"), ALL, ids=IDS)
def test_nationality_adjectives_are_not_places(kind, doc_id):
    _, spans = _load(kind, doc_id)
    for s in spans:
        if s["label"] == "LOC":
            assert s["text"] not in NATIONALITY_ADJECTIVES, s
            # a nationality adjective may end a LOC only in a fixed territory name
            if s["text"].split()[-1] in NATIONALITY_ADJECTIVES:
                assert s["text"] == "الأراضي الفلسطينية", s


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩٫", "0123456789.")
_NUMBER_WORDS = {"ثلاث": 3, "ثلاثة": 3, "أربع": 4, "خمس": 5, "عشر": 10}
_MULTIPLIERS = {"ألف": 10**3, "آلاف": 10**3, "مليون": 10**6, "ملايين": 10**6,
                "مليار": 10**9, "مليارات": 10**9}


def _quantity_value(span_text: str) -> float:
    """A tiny reader for the gold's own spans: numeral (or number word) times multiplier."""
    t = span_text.translate(_DIGITS)
    m = re.search(r"\d+(?:[.,]\d+)?", t)
    words = t.split()
    if m:
        number = float(m.group().replace(",", "."))
    else:
        number = next((_NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS), 1.0)
    for w in words:
        number *= _MULTIPLIERS.get(w, 1)
    return number


@pytest.mark.parametrize(("kind", "doc_id"), ALL, ids=IDS)
def test_quantities_and_dates_carry_values_that_match_their_text(kind, doc_id):
    _, spans = _load(kind, doc_id)
    for s in spans:
        if s["label"] == "QUANTITY":
            assert isinstance(s["value"], (int, float)) and s["value"] > 0, s
            assert s["unit"] is None or (isinstance(s["unit"], str) and s["unit"]), s
            assert abs(_quantity_value(s["text"]) - s["value"]) < 1e-6 * s["value"], s
        elif s["label"] == "DATE":
            year = re.search(r"\b(\d{4})\b", s["text"].translate(_DIGITS))
            if year:
                assert s["value"] and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", s["value"]), s
                assert s["value"].startswith(year.group(1)), s
            else:
                assert s["value"] is None, s


# --- completeness ---------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "doc_id"), ALL, ids=IDS)
def test_every_mention_of_an_annotated_name_is_annotated(kind, doc_id):
    """If `ساعر` is a PER somewhere, every whole-word `ساعر` is one (or inside a longer PER)."""
    text, spans = _load(kind, doc_id)
    for label in ENTITY:
        mine = [(s["start"], s["end"]) for s in spans if s["label"] == label]
        for surface in {s["text"] for s in spans if s["label"] == label}:
            for a, b in _occurrences(text, surface):
                assert any(x <= a and b <= y for x, y in mine), \
                    f"{label} {surface!r} at {a} is not annotated"


@pytest.mark.parametrize(("kind", "doc_id"), ALL, ids=IDS)
def test_frame_spans_follow_the_guidelines_lexicon_exhaustively(kind, doc_id):
    lexicon = _frame_lexicon()
    assert {"الاحتلال", "الإبادة الجماعية", "التطبيع", "العدوان", "الأراضي المحتلة"} <= set(lexicon)
    text, spans = _load(kind, doc_id)
    frames = [s for s in spans if s["label"] == "FRAME"]
    for s in frames:
        assert s["canonical"] in lexicon and s["text"] in lexicon[s["canonical"]], s
    covered = [(s["start"], s["end"]) for s in frames]
    for forms in lexicon.values():
        for form in forms:
            for a, b in _occurrences(text, form):
                assert any(x <= a and b <= y for x, y in covered), f"FRAME {form!r} at {a} missed"


# --- amounts ----------------------------------------------------------------------------------

MINIMUM_PER_SEED = {"PER": 15, "LOC": 30, "ORG": 5, "QUOTE": 10, "QUANTITY": 3, "DATE": 5, "FRAME": 5}


@pytest.mark.parametrize("doc_id", SEED_DOCS)
def test_each_seed_has_every_label_in_real_numbers(doc_id):
    _, spans = _load("gold", doc_id)
    counts = Counter(s["label"] for s in spans)
    for label, minimum in MINIMUM_PER_SEED.items():
        assert counts[label] >= minimum, (label, counts)


def test_unseen_passages_cover_every_label():
    counts = Counter()
    for name in UNSEEN_DOCS:
        _, spans = _load("unseen", name)
        labels = Counter(s["label"] for s in spans)
        assert {"PER", "LOC", "ORG", "QUOTE", "QUANTITY", "DATE"} <= set(labels), (name, labels)
        counts.update(labels)
    assert counts["FRAME"] >= 5 and counts["QUOTE"] >= 10 and counts["PER"] >= 15, counts
    speakers = {s.get("speaker") for n in UNSEEN_DOCS for s in _load("unseen", n)[1]
                if s["label"] == "QUOTE"}
    assert None in speakers and len(speakers) >= 8  # an unnamed source, and many people quoted


def test_the_loaded_corpus_is_the_text_the_offsets_index():
    """What the pipeline loads (load_corpus) is character for character what the gold points into."""
    from helpers import load_corpus

    for kind, files in (("gold", sorted(RAW.glob("*.txt"))), ("unseen", sorted(UNSEEN.glob("*.txt")))):
        df = load_corpus(files, metadata=False)
        assert sorted(df["doc_id"]) == sorted(p.stem for p in files)
        for doc_id, text in zip(df["doc_id"], df["text"]):
            _, spans = _load(kind, doc_id)
            assert all(text[s["start"]:s["end"]] == s["text"] for s in spans), doc_id


# --- full run of 2026-12-04, survivors in evaluation: load_gold, compare_spans, evaluate, entity_scores (wt-h5) ---
#
# On JA-localNews-3041-20170318 of data/annotations/real (Jawhara FM): "يوسف الشاهد في زيارة لسوق الجملة
# ببئر القصعة" ("Youssef Chahed visits the wholesale market in Bir El Kassaa"), then "أدى رئيس الحكومة
# يوسف الشاهد، ..." ("the head of government Youssef Chahed paid ..."). Its gold: PER [0:11] and [63:74]
# يوسف الشاهد, LOC [34:44] and [114:124] بئر القصعة.

REAL = ANN / "real"
CHAHED = "JA-localNews-3041-20170318"
# what a recognizer might say: the name in the title, only the surname الشاهد in the body, the proclitic
# ب ("in") of ببئر alone as a place (it ends where the gold place begins), the place in the body
CHAHED_PRED = [(0, 11, "PER", "يوسف الشاهد"), (33, 34, "LOC", "ب"), (68, 74, "PER", "الشاهد"),
               (114, 124, "LOC", "بئر القصعة")]


def _chahed_gold():
    """The real gold of the article, without doc_id (one text), its index as load_gold left it (82..85)."""
    from helpers.annotating import load_gold

    gold = load_gold(REAL)
    gold = gold[gold.doc_id == CHAHED].drop(columns="doc_id")
    text = (REAL / f"{CHAHED}.txt").read_text(encoding="utf-8")
    assert [text[s:e] for s, e in zip(gold.start, gold.end)] == ["يوسف الشاهد", "بئر القصعة"] * 2
    assert [text[s:e] for s, e, _, _ in CHAHED_PRED] == [t for _, _, _, t in CHAHED_PRED]
    return gold


def _spans(rows, cols=("start", "end", "label", "text")):
    import pandas as pd

    return pd.DataFrame([dict(zip(cols, r)) for r in rows])


def test_compare_spans_of_one_text_numbers_rows_from_0_gives_doc_id_empty_and_touching_is_no_overlap():
    """Frames without doc_id are one text (doc_id ""); the rows are numbered 0..7 whatever the inputs'
    index; a span ending where the other begins (ب + بئر) shares no character, so it is no overlap."""
    from helpers.annotating import compare_spans

    gold = _chahed_gold()
    assert gold.index.tolist() == [82, 83, 84, 85]
    cmp = compare_spans(_spans(CHAHED_PRED), gold, match="overlap")
    assert cmp.index.tolist() == list(range(8))
    assert list(cmp.columns) == ["side", "doc_id", "start", "end", "label", "text", "canonical", "source",
                                 "speaker", "value", "unit", "matched"]
    n = None
    assert cmp.astype(object).where(cmp.notna(), None).values.tolist() == [
        ["pred", "", 0, 11, "PER", "يوسف الشاهد", n, n, n, n, n, True],
        ["pred", "", 33, 34, "LOC", "ب", n, n, n, n, n, False],
        ["pred", "", 68, 74, "PER", "الشاهد", n, n, n, n, n, True],
        ["pred", "", 114, 124, "LOC", "بئر القصعة", n, n, n, n, n, True],
        ["gold", "", 0, 11, "PER", "يوسف الشاهد", "يوسف الشاهد", "gold", n, n, n, True],
        ["gold", "", 34, 44, "LOC", "بئر القصعة", "بئر القصعة", "gold", n, n, n, False],
        ["gold", "", 63, 74, "PER", "يوسف الشاهد", "يوسف الشاهد", "gold", n, n, n, True],
        ["gold", "", 114, 124, "LOC", "بئر القصعة", "بئر القصعة", "gold", n, n, n, True],
    ]
    exact = compare_spans(_spans(CHAHED_PRED), gold)
    assert exact.index.tolist() == list(range(8))
    assert exact.matched.tolist() == [True, False, False, True, True, False, False, True]


def test_evaluate_groups_spans_without_canonical_names_into_entities_by_their_text():
    """Without canonical names, the two mentions of يوسف الشاهد are one entity (by their text), not two;
    the touching ب finds nothing even by overlap. Counts worked out by hand."""
    from helpers.annotating import evaluate

    gold = _chahed_gold()[["start", "end", "label", "text"]]
    ev = evaluate(_spans(CHAHED_PRED), gold)
    # label, level, match, n_gold, n_pred, found, correct, precision, recall, f1
    assert ev.values.tolist() == [
        ["PER", "mention", "exact", 2, 2, 1, 1, 0.5, 0.5, 0.5],
        ["LOC", "mention", "exact", 2, 2, 1, 1, 0.5, 0.5, 0.5],
        ["ALL", "mention", "exact", 4, 4, 2, 2, 0.5, 0.5, 0.5],
        ["PER", "entity", "exact", 1, 2, 1, 1, 0.5, 1.0, 0.6667],
        ["LOC", "entity", "exact", 1, 2, 1, 1, 0.5, 1.0, 0.6667],
        ["ALL", "entity", "exact", 2, 4, 2, 2, 0.5, 1.0, 0.6667],
        ["PER", "mention", "overlap", 2, 2, 2, 2, 1.0, 1.0, 1.0],
        ["LOC", "mention", "overlap", 2, 2, 1, 1, 0.5, 0.5, 0.5],
        ["ALL", "mention", "overlap", 4, 4, 3, 3, 0.75, 0.75, 0.75],
        ["PER", "entity", "overlap", 1, 2, 1, 2, 1.0, 1.0, 1.0],
        ["LOC", "entity", "overlap", 1, 2, 1, 1, 0.5, 1.0, 0.6667],
        ["ALL", "entity", "overlap", 2, 4, 2, 3, 0.75, 1.0, 0.8571],
    ]


def test_entity_scores_names_an_entity_by_its_text_where_canonical_is_missing_and_by_offsets_without_any_name():
    """A prediction with no canonical name (NaN) for يوسف الشاهد groups his two mentions by their text;
    spans with neither a canonical nor a text column are each an entity of their own offsets."""
    import pandas as pd

    from helpers.annotating import entity_scores

    gold = _chahed_gold()
    pred = pd.DataFrame([{"start": 0, "end": 11, "label": "PER", "text": "يوسف الشاهد"},
                         {"start": 63, "end": 74, "label": "PER", "text": "يوسف الشاهد"},
                         {"start": 114, "end": 124, "label": "LOC", "text": "بئر القصعة", "canonical": "بئر القصعة"}])
    assert pred.canonical.isna().tolist() == [True, True, False]
    nan = "nan"

    def rows(df):
        return [[v if v == v else nan for v in row] for row in df.values.tolist()]

    assert rows(entity_scores(pred, gold)) == [
        ["PER", 1, 1, 1, 1, 1.0, 1.0, 1.0], ["LOC", 1, 1, 1, 1, 1.0, 1.0, 1.0],
        ["ORG", 0, 0, 0, 0, nan, nan, nan], ["ALL", 2, 2, 2, 2, 1.0, 1.0, 1.0]]
    bare = entity_scores(_spans([r[:3] for r in CHAHED_PRED], ("start", "end", "label")),
                         gold[["start", "end", "label"]])
    assert list(bare.columns) == ["label", "n_gold", "n_pred", "found", "correct", "precision", "recall", "f1"]
    assert rows(bare) == [
        ["PER", 2, 2, 1, 1, 0.5, 0.5, 0.5], ["LOC", 2, 2, 1, 1, 0.5, 0.5, 0.5],
        ["ORG", 0, 0, 0, 0, nan, nan, nan], ["ALL", 4, 4, 2, 2, 0.5, 0.5, 0.5]]


def test_load_gold_keeps_the_unit_of_quantities_and_reads_a_folder_of_empty_files(tmp_path):
    """The seed gold's QUANTITY spans keep their unit ("year", "%", "USD", a counted noun; none after
    أكثر من 40 "more than 40"); a folder whose only article has no span yet gives an empty frame with
    every column."""
    from helpers.annotating import load_gold

    gold = load_gold()
    q = gold[gold.label == "QUANTITY"]
    assert q[["doc_id", "start", "value", "unit"]].values.tolist() == [
        ["anadolu_saar_baku", 1269, 30, "year"], ["anadolu_saar_baku", 1484, 3, "year"],
        ["anadolu_saar_baku", 1574, 50, "%"], ["anadolu_saar_baku", 1614, 360000000, "USD"],
        ["anadolu_saar_baku", 1669, 20, "رحلة"], ["anadolu_saar_baku", 1704, 60000, "سائح"],
        ["anadolu_saar_baku", 2099, 10, "%"], ["anadolu_saar_baku", 2298, 40, None],
        ["saar_astana_baku", 633, 30, "ممثل"], ["saar_astana_baku", 2784, 40, "رجل أعمال"],
        ["saar_astana_baku", 3199, 40, None]]
    (tmp_path / f"{CHAHED}.jsonl").write_text("\n", encoding="utf-8")
    empty = load_gold(tmp_path)
    assert list(empty.columns) == ["doc_id", "start", "end", "label", "text", "canonical", "source", "speaker",
                                   "value", "unit"]
    assert len(empty) == 0


def test_evaluate_attributes_counts_agreement_exactly_and_never_fails_on_mixed_values():
    """Values agree within a millionth (of the value, or of 1 near zero), so 0 and 0.000001 do not;
    a number and a text never agree and raise nothing; a canonical name written "None" in a gold
    file is not a missing one; 2 of 3 is 0.6667. No span in common: no row, the five columns."""
    import pandas as pd

    from helpers.annotating import evaluate_attributes

    def frame(rows):
        return pd.DataFrame([dict(zip(("start", "end", "label", "canonical", "value"), r)) for r in rows])

    gold = frame([(0, 4, "PER", "جدعون ساعر", None), (10, 14, "PER", "جدعون ساعر", None),
                  (20, 24, "PER", "None", None), (30, 38, "QUANTITY", None, 0),
                  (40, 48, "QUANTITY", None, 0), (50, 58, "QUANTITY", None, 1500000)])
    pred = frame([(0, 4, "PER", "جدعون ساعر", None), (10, 14, "PER", "جِدعون ساعر", None),
                  (20, 24, "PER", None, None), (30, 38, "QUANTITY", None, 0.000001),
                  (40, 48, "QUANTITY", None, 0.0000015), (50, 58, "QUANTITY", None, "مليون ونصف")])
    pred["unit"] = gold["unit"] = None
    # as annotate gives them: an object column holding None (a str column would hold NaN)
    pred["canonical"] = pd.Series(["جدعون ساعر", "جِدعون ساعر", None, None, None, None], dtype=object)
    assert evaluate_attributes(pred, gold).values.tolist() == [
        ["PER", "canonical", 3, 2, 0.6667], ["QUANTITY", "value", 3, 0, 0.0], ["QUANTITY", "unit", 3, 3, 1.0]]
    none = evaluate_attributes(pred.assign(start=pred.start + 1), gold)
    assert list(none.columns) == ["label", "attribute", "n", "agree", "accuracy"] and len(none) == 0
