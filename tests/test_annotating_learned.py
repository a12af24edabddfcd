"""Tests of the learned recognizer (helpers/annotating/learned/, issue 16): CoNLL files, entity
scores from BIO tags, the CRF (retrained on a slice end to end, the shipped model against its
card), its features, and its combination with the rules (``annotate(text, recognizer=…)``)."""
from __future__ import annotations

import functools
import lzma
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from helpers.annotating import (
    DEFAULT_RECOGNIZER, RECOGNIZERS, SPAN_COLUMNS, Annotator, annotate, annotate_corpus, default_annotator,
)
from helpers.annotating.learned import (
    CARD_PATH, MODEL_PATH, TRAIN_PATH, bio_entities, evaluate_tags, model_entities, read_conll,
    sentence_features, split_dev, tag_tokens, train_model, write_conll,
)
from helpers.annotating.learned.__main__ import main as learned_main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt"))}


@pytest.fixture(scope="module")
def anercorp() -> list:
    return read_conll(TRAIN_PATH)


def test_bio_entities_reads_each_tag_as_conll_does():
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-LOC", "B-ORG", "I-PERS", "I-ORG"]
    assert bio_entities(tags) == [(0, 2, "PERS"), (3, 5, "LOC"), (5, 6, "LOC"), (6, 7, "ORG"),
                                  (7, 8, "PERS"), (8, 9, "ORG")]
    assert bio_entities([]) == [] and bio_entities(["O", "O"]) == []
    assert bio_entities(["B-MISC"]) == [(0, 1, "MISC")]


GOLD_TAGS = [["B-PERS", "I-PERS", "O", "B-LOC", "O"],
             ["B-ORG", "I-ORG", "I-ORG", "O", "B-PERS"],
             ["O", "B-LOC", "I-LOC", "O", "B-MISC"]]
PRED_TAGS = [["B-PERS", "I-PERS", "O", "B-LOC", "O"],      # both right
             ["B-ORG", "I-ORG", "O", "O", "B-LOC"],         # ORG cut short, a person called a place
             ["O", "B-LOC", "O", "B-ORG", "B-MISC"]]        # LOC cut short, a spurious ORG


def test_evaluate_tags_exact_values():
    ev = evaluate_tags(GOLD_TAGS, PRED_TAGS)
    assert list(ev.columns) == ["label", "match", "n_gold", "n_pred", "found", "correct", "precision",
                                "recall", "f1"]
    rows = [tuple(r) for r in ev[["label", "match", "n_gold", "n_pred", "found", "correct"]].values.tolist()]
    assert rows == [
        ("LOC", "exact", 2, 3, 1, 1), ("MISC", "exact", 1, 1, 1, 1), ("ORG", "exact", 1, 2, 0, 0),
        ("PERS", "exact", 2, 1, 1, 1), ("ALL", "exact", 6, 7, 3, 3),
        ("LOC", "overlap", 2, 3, 2, 2), ("MISC", "overlap", 1, 1, 1, 1), ("ORG", "overlap", 1, 2, 1, 1),
        ("PERS", "overlap", 2, 1, 1, 1), ("ALL", "overlap", 6, 7, 5, 5)]
    f1 = ev.set_index(["label", "match"]).f1
    assert f1["ALL", "exact"] == round(2 * (3 / 7) * (3 / 6) / (3 / 7 + 3 / 6), 4) == 0.4615
    assert f1["ALL", "overlap"] == round(2 * (5 / 7) * (5 / 6) / (5 / 7 + 5 / 6), 4) == 0.7692
    assert f1["LOC", "exact"] == 0.4 and f1["ORG", "exact"] == 0.0 and f1["PERS", "exact"] == 0.6667
    assert ev.set_index(["label", "match"]).precision["ORG", "overlap"] == 0.5


def test_evaluate_tags_a_one_tag_change_changes_the_scores():
    base = evaluate_tags(GOLD_TAGS, GOLD_TAGS)
    assert base.f1.tolist() == [1.0] * 10
    changed = [row[:] for row in GOLD_TAGS]
    changed[0][1] = "O"                                    # B-PERS I-PERS → B-PERS O
    ev = evaluate_tags(GOLD_TAGS, changed).set_index(["label", "match"])
    assert ev.f1["PERS", "exact"] == 0.5 and ev.f1["PERS", "overlap"] == 1.0
    assert ev.correct["ALL", "exact"] == 5 and ev.f1["ALL", "exact"] == round(2 * 5 / 12, 4)


def test_evaluate_tags_labels_missing_sides_and_bad_lengths():
    ev = evaluate_tags([["B-LOC", "O"]], [["O", "O"]], labels=["LOC", "ORG"]).set_index(["label", "match"])
    assert ev.recall["LOC", "exact"] == 0.0 and pd.isna(ev.precision["LOC", "exact"])
    assert pd.isna(ev.f1["ORG", "exact"]) and ev.n_gold["ORG", "exact"] == 0
    with pytest.raises(ValueError, match="sentence 0: 2 gold tags but 1 predicted"):
        evaluate_tags([["O", "O"]], [["O"]])
    with pytest.raises(ValueError, match="1 gold sentences but 2 predicted"):
        evaluate_tags([["O"]], [["O"], ["O"]])


def test_read_conll_names_the_file_and_line_of_a_malformed_line(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("زار O\nباكو B-LOC\n\nقال O\nساعر PER\n", encoding="utf-8")  # PER lacks B-/I-
    with pytest.raises(ValueError, match=r"^mine\.txt:5: expected 'token TAG'.*'ساعر PER'"):
        read_conll(path)
    path.write_text("زار O\nباكو\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^mine\.txt:2: "):
        read_conll(path)
    path.write_text("زار O extra\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^mine\.txt:1: "):
        read_conll(path)


def test_read_conll_reads_blank_runs_tabs_and_a_missing_last_blank(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("\n\nزار\tO\r\nباكو B-LOC\n\n\nقال O", encoding="utf-8")
    assert read_conll(path) == [[("زار", "O"), ("باكو", "B-LOC")], [("قال", "O")]]


def test_conll_round_trip_is_byte_identical(anercorp, tmp_path):
    import lzma
    assert len(anercorp) == 3962 and sum(map(len, anercorp)) == 125_274
    assert sum(tok == "" for s in anercorp for tok, _ in s) == 191
    plain = write_conll(anercorp, tmp_path / "copy.txt")
    assert plain.read_bytes() == lzma.decompress(TRAIN_PATH.read_bytes())
    assert read_conll(write_conll(anercorp[:50], tmp_path / "copy.txt.xz")) == anercorp[:50]
    assert [p.name for p in tmp_path.iterdir()] and not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(ValueError, match="sentence 1: cannot write token 'a b'"):
        write_conll([[("x", "O")], [("a b", "O")]], tmp_path / "bad.txt")
    assert not (tmp_path / "bad.txt").exists()


def test_the_dev_part_is_the_last_tenth(anercorp):
    train, dev = split_dev(anercorp)
    assert (len(train), len(dev)) == (3566, 396)
    assert train + dev == anercorp and dev[0] == anercorp[3566]


def test_the_features_of_a_token_and_its_window():
    f = sentence_features(["وقال", "الرئيس", "ماكرون"])
    assert f[1][:5] == ["bias", "w=الرئيس", "stem=رئيس", "pro=ال", "p2=رئ"]
    assert "title" in f[1] and "-1:title" in f[2] and "+1:title" in f[0]
    assert "BOS" in f[0] and "EOS" in f[2] and "-2:w=وقال" in f[2] and "+2:w=ماكرون" in f[0]
    assert "w-1|w=الرئيس|ماكرون" in f[2]
    assert "lex=LOC" in sentence_features(["بواشنطن"])[0]
    affixes = [x for x in sentence_features(["بواشنطن"])[0] if x.startswith(("p", "s", "wp", "ws")) and "=" in x]
    assert affixes == ["stem=واشنطن", "pro=ب", "p2=وا", "p3=واش", "s2=طن", "s3=نطن", "p1=و", "p4=واشن", "s1=ن",
                       "s4=شنطن", "wp1=ب", "wp2=بو", "wp3=بوا", "wp4=بواش", "ws1=ن", "ws2=طن", "ws3=نطن",
                       "ws4=شنطن", "shape=A"]
    assert sentence_features([]) == []


def test_spans_to_tags_whole_words_longest_first_no_nesting():
    from helpers.annotating.learned.compare import join_tokens, spans_to_tags

    tokens = ["قال", "", "وسيرغي", "لافروف", "في", "باكو"]
    text, offsets = join_tokens(tokens)
    assert text == "قال  وسيرغي لافروف في باكو" and offsets[1] == (4, 4)
    spans = pd.DataFrame({"start": [6, 6, 22, 0, 13], "end": [11, 18, 26, 3, 22],
                          "label": ["PER", "PER", "LOC", "DATE", "ORG"]})
    # سيرغي (6, 11) inside سيرغي لافروف (6, 18): dropped; the ORG (13, 22) touches the PER's token: dropped;
    # the span after the proclitic و covers the whole token; DATE is not a data label
    assert spans_to_tags(spans, offsets) == ["O", "O", "B-PERS", "I-PERS", "O", "B-LOC"]
    assert spans_to_tags(spans, offsets, labels={"DATE": "TIME"}) == ["B-TIME", "O", "O", "O", "O", "O"]
    assert spans_to_tags(spans.iloc[:0], offsets) == ["O"] * 6


def test_recognizer_tags_scores_the_rules_on_a_dev_sentence(anercorp):
    from helpers.annotating.learned.compare import recognizer_tags

    _, dev = split_dev(anercorp)
    tokens = [t for t, _ in dev[5]]  # the Sudanese minister, meeting Kofi Annan, rejects resolution 1706
    rules = recognizer_tags([tokens], functools.partial(annotate, recognizer="rules"))[0]
    assert [(t, g) for t, g in zip(tokens, rules) if g != "O"] == [
        ("السودان", "B-LOC"), ("مجلس", "B-ORG"), ("الأمن1706", "I-ORG"), ("دارفور", "B-LOC")]  # no Kofi Annan
    gold = [g for _, g in dev[5]]
    assert evaluate_tags([gold], [rules]).set_index(["label", "match"]).recall["PERS", "exact"] == 0.0
    found = recognizer_tags([tokens, []], model_entities)
    assert found[1] == [] and [g for g in found[0] if g.endswith("PERS")] == ["B-PERS", "I-PERS"]


def test_entity_errors_kinds_on_the_dev_part(anercorp):
    from helpers.annotating.learned.compare import entity_errors

    gold = [[("أ", "B-ORG"), ("ب", "I-ORG"), ("ج", "O"), ("د", "B-LOC"), ("ه", "O"), ("و", "B-PERS")]]
    assert entity_errors(gold, [["B-ORG", "O", "B-LOC", "B-PERS", "O", "B-PERS"]]).values.tolist() == [
        [0, "boundary", "أ ب ORG", "أ ORG"], [0, "label", "د LOC", "د PERS"], [0, "false", "", "ج LOC"]]
    assert entity_errors(gold, [[g for _, g in gold[0]]]).empty
    assert entity_errors(gold, [["O"] * 6]).kind.tolist() == ["missed"] * 3
    _, dev = split_dev(anercorp)
    pred = [["O"] * len(s) for s in dev]
    assert len(entity_errors(dev, pred)) == 966  # every gold entity of the dev part missed


#: What the project ships in data/ner and the command could write by default.
SHIPPED = [ROOT / "data" / "ner" / name for name in ("model.crfsuite", "MODEL_CARD.md", "clusters.tsv")]


@pytest.fixture(scope="module")
def small_model(anercorp, tmp_path_factory) -> Path:
    """A model retrained by the command on the first 300 train sentences (a few seconds), written
    where it is told only: a shipped file it writes is put back, and the test fails naming it."""
    folder = tmp_path_factory.mktemp("model")
    before = {p: p.read_bytes() for p in SHIPPED}
    try:
        assert learned_main(["train", "--out", str(folder / "small.crfsuite"), "--card", str(folder / "CARD.md"),
                             "--sentences", "300"]) == 0
    finally:
        written = [p.name for p, data in before.items() if p.read_bytes() != data]
        for p in (p for p, data in before.items() if p.read_bytes() != data):
            p.write_bytes(before[p])
    assert written == [], f"the train command wrote the shipped {written}"
    return folder / "small.crfsuite"


def test_retraining_on_a_slice_runs_end_to_end(small_model):
    card = (small_model.parent / "CARD.md").read_text(encoding="utf-8")
    assert "first 300 sentences" in card and "CC BY-SA 4.0" in card
    text = "وقال وزير الخارجية الأمريكي كولن باول في واشنطن إن الأمم المتحدة ستجتمع."
    spans = model_entities(text, small_model)
    assert list(spans.columns) == SPAN_COLUMNS and set(spans.source) == {"model"}
    assert all(text[a:b] == t for a, b, t in zip(spans.start, spans.end, spans.text))
    assert spans[["text", "label"]].values.tolist() == [
        ["كولن باول", "PER"], ["واشنطن", "LOC"], ["الأمم المتحدة", "ORG"]]  # كولن keeps its ك: ولن is a stopword
    assert not list(small_model.parent.glob(".*.tmp"))


def test_training_is_deterministic(anercorp, tmp_path):
    a = train_model(anercorp[:60], tmp_path / "a.crfsuite", params={"max_iterations": 30})
    b = train_model(anercorp[:60], tmp_path / "b.crfsuite", params={"max_iterations": 30})
    assert a > 0 and b > 0
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()


def test_a_feature_of_ones_own_is_trained_and_tagged_with(anercorp, tmp_path):
    """``features=`` of train_model, tag_tokens, tag_sentences and model_entities: a model trained
    with an extra feature differs from one trained without, knows the feature, and tags with it
    exactly as crfsuite does given the same features."""
    import pycrfsuite

    from helpers.annotating.learned import load_model, tag_sentences
    from helpers.annotating.learned.model import known_attributes

    def with_ending(tokens):
        return [f + (["foreign"] if t.endswith(("وف", "سون")) else []) for f, t in zip(sentence_features(tokens), tokens)]

    sentences = anercorp[:60]
    train_model(sentences, tmp_path / "plain.crfsuite", params={"max_iterations": 30})
    train_model(sentences, tmp_path / "own.crfsuite", params={"max_iterations": 30}, features=with_ending)
    assert (tmp_path / "plain.crfsuite").read_bytes() != (tmp_path / "own.crfsuite").read_bytes()
    own = tmp_path / "own.crfsuite"
    assert "foreign" in known_attributes(load_model(own))
    assert "foreign" not in known_attributes(load_model(tmp_path / "plain.crfsuite"))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(own))
    tokens = ["وقال", "وزير", "الخارجية", "الروسي", "سيرغي", "لافروف", "في", "موسكو"]
    seen = []
    recorded = lambda tokens: seen.append(list(tokens)) or with_ending(tokens)  # noqa: E731
    assert tag_tokens(tokens, own, features=recorded) == tagger.tag(with_ending(tokens)) and seen == [tokens]
    dev = [[t for t, _ in s] for s in split_dev(anercorp)[1][:40]]
    assert tag_sentences(dev + [[]], own, features=with_ending) == [tagger.tag(with_ending(s)) for s in dev] + [[]]
    assert tag_sentences(dev, own) == [tagger.tag(sentence_features(s)) for s in dev]  # the default: no "foreign"
    text = " ".join(tokens)
    spans = model_entities(text, own, features=with_ending)
    assert list(spans.columns) == SPAN_COLUMNS and all(text[a:b] == t for a, b, t in zip(spans.start, spans.end, spans.text))


def test_the_shipped_model_scores_the_dev_part_as_its_card_says(anercorp):
    _, dev = split_dev(anercorp)
    pred = [tag_tokens([t for t, _ in s]) for s in dev]
    ev = evaluate_tags([[g for _, g in s] for s in dev], pred)
    card = CARD_PATH.read_text(encoding="utf-8")
    micro = re.search(r"Micro F1, exact: \*\*([0-9.]+)\*\*", card).group(1)
    assert f"{ev.set_index(['label', 'match']).f1['ALL', 'exact']:.4f}" == micro
    ex, ov = ev[ev.match == "exact"].set_index("label"), ev[ev.match == "overlap"].set_index("label")
    for label in ["LOC", "MISC", "ORG", "PERS", "ALL"]:
        row = (f"| {label} | {ex.n_gold[label]} | {ex.precision[label]:.4f} | {ex.recall[label]:.4f} | "
               f"{ex.f1[label]:.4f} | {ov.precision[label]:.4f} | {ov.recall[label]:.4f} | {ov.f1[label]:.4f} |")
        assert row in card
    assert MODEL_PATH.stat().st_size <= 20_000_000


def test_features_per_word_type_are_those_of_the_token_by_token_build(anercorp, monkeypatch):
    """sentence_features builds each word type's features once and concatenates them: the same
    strings, in the same order, as building them token by token. The scorer (each word type
    scored once, crfsuite's Viterbi run on the scores) gives the tags crfsuite gives those
    features, from the same scores bit for bit: the same probability of the tags, on every sentence
    of the dev part, also when its cache of word types starts again."""
    from helpers.annotating.learned import load_model
    from helpers.annotating.learned.features import WINDOW, _sentence_features_slow
    from helpers.annotating.learned.model import _scorer
    from helpers.annotating.learned.scoring import Scorer

    _, dev = split_dev(anercorp)
    scorer = _scorer(str(MODEL_PATH), MODEL_PATH.stat().st_mtime)
    small = Scorer(MODEL_PATH, load_model())
    monkeypatch.setattr(small, "MAX_TYPES", 50)
    tagger = load_model()
    for sentence in dev:
        tokens = [t for t, _ in sentence]
        full = sentence_features(tokens)
        assert full == _sentence_features_slow(tokens, WINDOW)
        tags = tagger.tag(full)
        p_full = tagger.probability(tags)
        assert scorer.tag(tokens) == tags
        assert small.tag_sentences([tokens, [], tokens[::-1]]) == [tags, [], tagger.tag(sentence_features(tokens[::-1]))]
        scorer.tagger.set([dict(zip(scorer.keys, r)) for r in scorer.scores([tokens]).tolist()])
        assert scorer.tagger.probability(tags) == p_full
    assert len(small.index) <= 50 + max(map(len, dev)) < len(scorer.index)
    assert sentence_features(["قال", "الرئيس"], window=1) == _sentence_features_slow(["قال", "الرئيس"], 1)


def test_a_new_scorer_grows_past_its_first_1024_word_types():
    """A fresh scorer keeps room for 1,024 word types (type 0 among them) and doubles it when a
    sentence brings more: 1,024 new words at once end exactly one past that room."""
    from helpers.annotating.learned import load_model
    from helpers.annotating.learned.scoring import Scorer

    words = [f"كلمة{i}" for i in range(1024)]
    tagger = load_model()
    assert Scorer(MODEL_PATH, tagger).tag_sentences([words]) == [tagger.tag(sentence_features(words))]


def test_the_card_gives_the_combined_recognizers_dev_scores(anercorp):
    from helpers.annotating.learned.compare import dev_scores_of

    _, dev = split_dev(anercorp)
    ex = dev_scores_of(dev, "combined")
    ex = ex[ex.match == "exact"].set_index("label")
    row = "| combined | " + " | ".join(f"{ex.precision[k]:.3f} / {ex.recall[k]:.3f} / {ex.f1[k]:.3f}"
                                     for k in ("LOC", "ORG", "PERS", "ALL")) + " |"
    assert row in CARD_PATH.read_text(encoding="utf-8")


def test_model_entities_labels_spans_and_edge_cases():
    text = "وقال الرئيس الفرنسي إيمانويل ماكرون لصحيفة لوموند في باريس"
    spans = model_entities(text)
    assert spans[["start", "end", "label", "text", "canonical", "source"]].values.tolist() == [
        [20, 35, "PER", "إيمانويل ماكرون", "إيمانويل ماكرون", "model"],
        [43, 49, "ORG", "لوموند", "لوموند", "model"],      # the ل of لصحيفة is not part of it; MISC left out
        [53, 58, "LOC", "باريس", "باريس", "model"]]
    assert model_entities("بواشنطن")[["start", "text"]].values.tolist() == [[1, "واشنطن"]]  # proclitic outside
    assert set(spans.label) <= {"PER", "LOC", "ORG"}
    for empty in ["", "   ", "Hello world.", "!!! ... ،،،", "\n\n"]:
        out = model_entities(empty)
        assert list(out.columns) == SPAN_COLUMNS and all(empty[a:b] == t for a, b, t in zip(out.start, out.end, out.text))
    assert model_entities("")[["start", "end"]].dtypes.tolist() == [int, int]
    assert spans.speaker.tolist() == [None, None, None]  # None where a column does not apply, as annotate
    assert tag_tokens([]) == []


def test_the_default_recognizer_is_the_combination_and_the_rules_one_argument_away():
    """annotate's default is the rules with the model's names added ("combined": better than the rules
    on ANERcorp's dev part, the same on the seeds, see data/ner/MODEL_CARD.md); the rules alone,
    about three times faster, are one argument away."""
    from helpers.annotating import Annotator

    text = "التقى ميسي في برشلونة"
    assert annotate(text)[["text", "label", "source"]].values.tolist() == [
        ["ميسي", "PER", "model"], ["برشلونة", "LOC", "model"]]
    assert annotate(text).equals(annotate(text, recognizer="combined"))
    assert annotate(text, recognizer="rules").empty
    assert DEFAULT_RECOGNIZER == "combined" and default_annotator().recognizer == "combined"
    assert Annotator().recognizer == "combined" and Annotator(recognizer="rules").recognizer == "rules"


#: The start of a real article (Jawhara FM, JA-culture-54-20140331, Apache-2.0): people the rules
#: do not know, named once each without a title the rules read.
JAWHARA_PASSAGE = (
    "وزارة الثقافة : سنية مبارك مديرة مهرجان قرطاج الدولي لسنة   2014\n\nأعلنت وزارة الثقافة في بلاغ لها "
    "أنه ام تعيين كل من :\n-كمال الفرجاني مدير مهرجان الحمامات  الدولي  لسنة 2014- سنية مبارك  مديرة "
    "مهرجان  قرطاج  الدولي لسنة 2014- حمدي مخلوف  مدير أيام  قرطاج  الموسيقية  لسنة  2014"
)


def test_combined_adds_the_models_names_to_the_rules_spans():
    rules = annotate(JAWHARA_PASSAGE, recognizer="rules")
    combined = annotate(JAWHARA_PASSAGE, recognizer="combined")
    cols = ["start", "end", "label", "text", "canonical", "source"]
    added = combined[combined.source == "model"][cols].values.tolist()
    assert added == [[120, 133, "PER", "كمال الفرجاني", "كمال الفرجاني", "model"],
                     [226, 236, "PER", "حمدي مخلوف", "حمدي مخلوف", "model"]]
    # every span of the rules stays as it was (where both found a name, the rules' span is kept),
    # but for 'مهرجان' alone, a person by the rules' title pattern ('مدير مهرجان'): the model is
    # sure that it is no name, and vetoes it (helpers/annotating/learned/veto.py)
    kept = combined[combined.source != "model"].reset_index(drop=True)
    assert rules[rules.start == 139][["text", "label", "source"]].values.tolist() == [["مهرجان", "PER", "pattern:title"]]
    pd.testing.assert_frame_equal(kept, rules[rules.start != 139].reset_index(drop=True))
    model = annotate(JAWHARA_PASSAGE, recognizer="model")
    assert model[model.label.isin(["PER", "LOC", "ORG"])][["text", "label", "source"]].values.tolist() == [
        ["كمال الفرجاني", "PER", "model"], ["حمدي مخلوف", "PER", "model"]]
    # the rules' other labels stay with the model's names
    other = ["QUOTE", "DATE", "QUANTITY", "FRAME"]
    assert model[model.label.isin(other)].values.tolist() == rules[rules.label.isin(other)].values.tolist()


def test_the_model_vetoes_a_person_a_pattern_guessed_and_its_later_mentions():
    """'قال قائد الشرطة' (the police chief said): the speech pattern takes 'قائد' (chief) for a
    person, and propagation finds it again; the model gives O 0.999 to both: neither is left."""
    from helpers.annotating.learned.model import model_columns, model_columns_marginals
    from helpers.annotating.learned.veto import O_VETO, VETO_LABELS

    assert (O_VETO, VETO_LABELS) == (0.8, ("PER",))
    text = "وقال قائد الشرطة إن الوضع هادئ. وزار قائد المنطقة"
    cols = ["start", "end", "text", "label", "source"]
    assert annotate(text, recognizer="rules")[cols].values.tolist() == [
        [5, 9, "قائد", "PER", "pattern:speech"], [37, 41, "قائد", "PER", "propagated"]]
    assert annotate(text, recognizer="combined")[cols].values.tolist() == []
    mask = bytearray(len(text) + 1)
    mask[5:9] = b"\x01" * 4
    columns, probs = model_columns_marginals(text, mask)
    assert columns == model_columns(text)
    assert [(a, b, round(p["O"], 3), round(sum(p.values()), 6)) for a, b, p in probs] == [(5, 9, 0.999, 1.0)]


def test_the_model_keeps_a_person_it_is_not_sure_of_and_a_vetoed_person_speaks_no_more():
    """'كمال زيدان' after 'الوزير': the model gives 'زيدان' O 0.002, so the name stays with its later
    mention. 'مجدي قرقاش', a name neither knows, gets O 0.932 and 0.918: vetoed (what the veto
    costs), and the quotation of 'وأضاف الوزير' no longer names him."""
    cols = ["start", "end", "text", "label", "canonical", "source", "speaker"]
    text = "قال الوزير كمال زيدان إن زيدان زار باكو"
    rules = annotate(text, recognizer="rules")
    assert rules[cols].values.tolist()[:2] == [
        [11, 21, "كمال زيدان", "PER", "كمال زيدان", "pattern:title", None],
        [25, 30, "زيدان", "PER", "كمال زيدان", "propagated", None]]
    pd.testing.assert_frame_equal(annotate(text, recognizer="combined"), rules)
    text = 'وقال الوزير مجدي قرقاش إن الوضع خطير. وأضاف الوزير: "سنرد"'
    assert annotate(text, recognizer="rules")[cols].values.tolist() == [
        [12, 22, "مجدي قرقاش", "PER", "مجدي قرقاش", "pattern:title", None],
        [53, 57, "سنرد", "QUOTE", None, "pattern:quote", "مجدي قرقاش"]]
    assert annotate(text, recognizer="combined")[cols].values.tolist() == [
        [53, 57, "سنرد", "QUOTE", None, "pattern:quote", None]]


def test_vetoes_looks_at_every_token_of_a_name_and_at_the_label_of_the_models_names():
    from helpers.annotating.learned.veto import vetoes

    o, unsure = {"O": 0.95, "B-PERS": 0.05}, {"O": 0.6, "B-PERS": 0.4}
    loc = {"O": 0.02, "B-LOC": 0.97, "I-LOC": 0.01}
    # a token that starts before the name (a proclitic) counts; one unsure token keeps the name
    assert vetoes([(5, 10, "PER"), (12, 20, "PER")], [(4, 10, o), (12, 15, o), (16, 20, unsure)],
                  o_min=0.8, labels=("PER",)) == [True, False]
    assert vetoes([(5, 10, "PER")], [(4, 10, o)], o_min=0.96, labels=("PER",)) == [False]
    assert vetoes([(5, 10, "ORG")], [(4, 10, o)], o_min=0.8, labels=("PER",)) == [False]
    assert vetoes([(0, 4, "PER")], [], o_min=0.8) == [False]               # no marginal: no veto
    # another label over it: only with other_min, only if the model is that sure of its label
    assert vetoes([(0, 9, "PER")], [(0, 4, loc), (5, 9, o)], [(0, 4, "LOC")], other_min=0.9) == [True]
    assert vetoes([(0, 9, "PER")], [(0, 4, loc), (5, 9, o)], [(0, 4, "LOC")], other_min=0.99) == [False]
    assert vetoes([(0, 9, "PER")], [(0, 4, loc), (5, 9, o)], [(0, 4, "PER")], other_min=0.5) == [False]


def test_combined_propagates_a_name_the_model_found():
    """A real paragraph (Jawhara FM, JA-internationalNews-1000-20160707): the model finds a place the
    rules do not know and, wrongly, a person in the city's quoted name; the rules' propagation then
    finds that name's last word again (the rules' own ORG cut the first mention short). A quoted
    string that is a name is no longer a quotation."""
    text = ('اعترفت الشرطة في ولاية لوزيانا الأمريكية بجريمة قتل رجل أسود لم يكن يحمل سلاحا وفور الإعلان عن '
            'مقتل الرجل الأسود شهدت شوارع مدينة "باتون روج" مظاهرات حاشدة تندد بالجريمة مما أدى إلى تعطل حركة '
            'المرور حسب ما أكدته صحيفة باتون روج بوست" الأمريكية .')
    cols = ["start", "end", "text", "label", "canonical", "source"]
    assert annotate(text, recognizer="rules")[cols].values.tolist() == [
        [131, 140, "باتون روج", "QUOTE", None, "pattern:quote"],
        [187, 198, "حركة المرور", "ORG", "حركة المرور", "pattern:org-head"],
        [212, 223, "صحيفة باتون", "ORG", "صحيفة باتون", "pattern:org-head"]]
    assert annotate(text, recognizer="combined")[cols].values.tolist() == [
        [23, 30, "لوزيانا", "LOC", "لوزيانا", "model"],
        [131, 140, "باتون روج", "PER", "باتون روج", "model"],
        [187, 198, "حركة المرور", "ORG", "حركة المرور", "pattern:org-head"],
        [212, 223, "صحيفة باتون", "ORG", "صحيفة باتون", "pattern:org-head"],
        [224, 227, "روج", "PER", "باتون روج", "propagated"]]


def test_recognizer_rules_is_annotate_of_before_and_bad_names_are_errors(seeds):
    for text in seeds.values():
        pd.testing.assert_frame_equal(annotate(text, recognizer="rules"), annotate(text))
    with pytest.raises(ValueError, match="recognizer must be one of 'rules', 'model', 'combined'"):
        annotate("باريس", recognizer="crf")
    with pytest.raises(ValueError, match="recognizer"):
        Annotator(recognizer="both")
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": [JAWHARA_PASSAGE, "فاز محمد صلاح"]})
    both = annotate_corpus(corpus, recognizer="combined")
    assert both[both.doc_id == "a"].drop(columns="doc_id").reset_index(drop=True).equals(
        annotate(JAWHARA_PASSAGE, recognizer="combined"))
    assert both[both.doc_id == "b"].text.tolist() == ["محمد صلاح"]
    for empty in ["", "Hello world.", "!!! ... ،،،", "\n\n"]:
        for recognizer in RECOGNIZERS:
            assert annotate(empty, recognizer=recognizer).empty


def test_annotate_corpus_passes_the_recognizer_to_its_workers(monkeypatch):
    import helpers.annotating.corpus as corpus

    monkeypatch.setattr(corpus, "_BATCH_CHARS", 300)
    monkeypatch.setattr(corpus, "_MIN_BATCH_CHARS", 100)
    texts = [JAWHARA_PASSAGE, "فاز محمد صلاح بجائزة أفضل لاعب"] * 3
    df = pd.DataFrame({"doc_id": range(len(texts)), "text": texts})
    alone = annotate_corpus(df, recognizer="combined")
    shared = annotate_corpus(df, recognizer="combined", jobs=2)
    assert alone.equals(shared)
    assert shared[shared.source == "model"].text.tolist() == ["كمال الفرجاني", "حمدي مخلوف", "محمد صلاح"] * 3
    assert annotate_corpus(df, jobs=2).equals(shared)  # the default
    assert "model" not in set(annotate_corpus(df, jobs=2, recognizer="rules").source)


def test_a_long_text_without_punctuation_is_tagged_in_pieces_of_max_sentence_tokens():
    from helpers.annotating.learned.model import MAX_SENTENCE, _sentences

    text = " ".join(["زار", "ماكرون", "باريس"] * 700)  # 2,100 tokens, no sentence end
    assert [len(s) for s in _sentences(text)] == [MAX_SENTENCE, MAX_SENTENCE, 100]
    spans = model_entities(text)
    pieces = [(s[0][1], s[-1][2]) for s in _sentences(text)]
    assert all(any(a <= start and end <= b for a, b in pieces) for start, end in zip(spans.start, spans.end))
    # every name is found but at the end of the first piece, where the model reads "visited" left last,
    # as at a sentence's end, as the end of a name (the second piece ends on "Paris")
    assert spans.text.value_counts().to_dict() == {"ماكرون": 699, "باريس": 699, "ماكرون باريس زار": 1}
    assert spans.end[spans.text.str.len() > 6].tolist() == [pieces[0][1]]


# --- full run of 2026-12-04, survivors in learned/ (wt-hl) ------------------------------------------------

def test_a_narrower_window_lends_only_the_nearer_neighbours_features():
    """``window=1``: each token sees its neighbours one place away, not two (the fast path is
    built for WINDOW = 2 only): 'قال الرئيس ماكرون' (said President Macron)."""
    feats = sentence_features(["قال", "الرئيس", "ماكرون"], window=1)
    lent = [[f for f in fs if f[0] in "+-" or f in ("BOS", "EOS") or f.startswith("w-1|")] for fs in feats]
    assert lent == [
        ["+1:w=الرئيس", "+1:stem=رئيس", "+1:shape=A", "+1:title", "+1:c400=229", "BOS"],
        ["-1:w=قال", "-1:stem=قال", "-1:shape=A", "-1:verb", "-1:c400=219", "+1:w=ماكرون", "+1:stem=ماكرون",
         "+1:shape=A", "+1:lex=PER", "+1:lexpart=PER", "+1:c400=215", "w-1|w=قال|الرئيس"],
        ["-1:w=الرئيس", "-1:stem=رئيس", "-1:shape=A", "-1:title", "-1:c400=229", "w-1|w=الرئيس|ماكرون", "EOS"]]
    wide = sentence_features(["قال", "الرئيس", "ماكرون"])
    assert feats == [[f for f in fs if not f.startswith(("-2:", "+2:"))] for fs in wide] != wide


def test_the_last_letter_of_the_arabic_block_is_arabic():
    """U+06FF (heh with inverted V) ends the Arabic block: a word with it is of shape ``A``, not Latin."""
    from helpers.annotating.learned.features import word_features

    assert [f for f in word_features("كۿ") if f.startswith("shape=")] == ["shape=A"]
    assert [f for f in word_features("ۿ") if f.startswith("shape=")] == ["shape=A"]


def test_a_word_that_only_stands_alone_still_gets_its_clusters():
    """'عاجل' (breaking), seen twice but only as a one-word line, has no context at all: its row of
    the PPMI matrix is empty, yet it is one of the words clustered (and the last, the rarest)."""
    from helpers.annotating.learned.clusters import build_clusters

    sents = ([["قال", "الرئيس", w, "امس"] for w in ("زيد", "عمرو")] * 3
             + [["في", w, "امس"] for w in ("باريس", "لندن")] * 3 + [["عاجل"]] * 2)
    table = build_clusters(sents, sizes=(2, 3))
    assert list(table) == ["امس", "الرئيس", "في", "قال", "باريس", "زيد", "عمرو", "لندن", "عاجل"]
    assert all(len(ids) == 2 and 0 <= ids[0] < 2 and 0 <= ids[1] < 3 for ids in table.values())
    assert table["زيد"] == table["عمرو"] and table["باريس"] == table["لندن"]


def test_the_pattern_mask_covers_the_raw_characters_of_each_person_a_pattern_found():
    """A real sentence (Jawhara FM, JA-internationalNews-1053-20170517): 'فرانسوا هولوند' after
    'الرئيس السابق' (the former president) is a person of a pattern, every one of its characters
    marked; the organisation 'حزب الاشتراكيين' (the Socialist Party) is not (people only)."""
    from helpers.annotating.doc import STEPS
    from helpers.annotating.learned.veto import pattern_mask
    from helpers.annotating.names import propagate

    raw = "وينتمي لو دريان لحزب الاشتراكيين وهو صديق مقرب من الرئيس السابق فرانسوا هولوند."
    doc = _doc(raw)
    for step in STEPS[:STEPS.index(propagate)]:
        step(doc)
    assert [(sp["start"], sp["end"], sp["label"], sp["source"]) for sp in doc.pattern_spans] == [
        (17, 32, "ORG", "pattern:org-head"), (64, 78, "PER", "pattern:title")]
    assert raw[64:78] == "فرانسوا هولوند"
    assert pattern_mask(doc) == bytearray(64) + b"\x01" * 14 + bytearray(len(raw) + 1 - 78)


def test_the_other_label_veto_works_with_the_peoples_veto_off(monkeypatch):
    """OTHER_LABEL_VETO alone (O_VETO None): the model, reading 'مؤسسة مطارات دبي' (Dubai Airports)
    as a place, still drops the rules' organisation (a sentence of the unseen passage cnn_dubai)."""
    from helpers.annotating.learned import veto

    text = ("واستقبل مطار دبي الدولي أكثر من 92 مليون مسافر في عام 2024، بزيادة نسبتها 6 في المئة عن العام "
            "السابق، وفقا لبيانات مؤسسة مطارات دبي.")
    cols = ["start", "end", "text", "label", "source"]
    rest = [[8, 23, "مطار دبي الدولي", "LOC", "pattern:facility"],
            [24, 46, "أكثر من 92 مليون مسافر", "QUANTITY", "pattern:quantity"],
            [54, 58, "2024", "DATE", "pattern:year"], [74, 84, "6 في المئة", "QUANTITY", "pattern:quantity"],
            [88, 100, "العام السابق", "DATE", "pattern:relative"]]
    org, dubai = [115, 131, "مؤسسة مطارات دبي", "ORG", "pattern:org-head"], [128, 131, "دبي", "LOC", "manual:places"]
    monkeypatch.setattr(veto, "O_VETO", None)
    assert annotate(text, recognizer="combined")[cols].values.tolist() == [*rest, org, dubai]
    monkeypatch.setattr(veto, "OTHER_LABEL_VETO", 0.9)
    assert annotate(text, recognizer="combined")[cols].values.tolist() == [*rest, dubai]


def test_vetoes_adds_a_labels_b_and_i_tags_a_missing_tag_counting_zero():
    """The other label's veto sums its B- and I- tags on each shared token (at least other_min, the
    bound included), a tag the marginals leave out counting 0; a token only touching the model's
    name (ending where it starts, starting where it ends) is not shared."""
    from helpers.annotating.learned.veto import vetoes

    o = {"O": 0.95, "B-PERS": 0.05}

    def other(p, model=(0, 4)):
        return vetoes([(0, 9, "PER")], [(0, 4, p), (5, 9, o)], [(*model, "LOC")], other_min=0.9)[0]

    assert other({"O": 0.05, "I-LOC": 0.95}) is True          # inside a place: I- alone
    assert other({"O": 0.04, "B-LOC": 0.96}) is True          # no I-LOC given
    assert other({"O": 0.1, "B-LOC": 0.9}) is True            # exactly other_min
    assert other({"O": 0.05, "B-LOC": 0.5, "I-LOC": 0.45}) is True
    assert other({"O": 0.5, "B-LOC": 0.5}) is False
    assert other({"O": 0.5, "I-LOC": 0.5}) is False
    assert other({"O": 0.11, "B-LOC": 0.89}) is False
    loc = {"O": 0.02, "B-LOC": 0.97, "I-LOC": 0.01}
    # tokens that touch: [0, 4) [4, 9); the model's place is one of them
    assert vetoes([(0, 9, "PER")], [(0, 4, loc), (4, 9, o)], [(0, 4, "LOC")], other_min=0.9) == [True]
    assert vetoes([(0, 9, "PER")], [(0, 4, o), (4, 9, loc)], [(4, 9, "LOC")], other_min=0.9) == [True]


def test_five_words_each_in_contexts_of_its_own_make_five_clusters_of_one():
    """A regression fixture (fixed seeds, one core): 'أعلنت وزارة الصحة التونسية اليوم' (the Tunisian
    Ministry of Health announced today), twice: no two words share a context, and five clusters
    hold one word each. The SVD keeps one dimension fewer than the words (4); k-means on so few
    points does not always part them all ('زار الوزير مدينة صفاقس' gets 3 clusters for 4 words)."""
    from helpers.annotating.learned.clusters import build_clusters

    table = build_clusters([["أعلنت", "وزارة", "الصحة", "التونسية", "اليوم"]] * 2, sizes=(5, 1))
    assert list(table) == ["أعلنت", "التونسية", "الصحة", "اليوم", "وزارة"]
    assert sorted(table.values()) == [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0)]


# --- full run of 2026-12-04, survivors in learned/ (wt-hl2) -----------------------------------------------

def test_vetoes_reads_the_tokens_inside_the_name_and_o_at_least_o_min():
    """Only the tokens that share a character with the name count (not one that ends where it
    starts or starts where it ends, as punctuation does); ``O`` exactly ``o_min`` is enough; a
    marginal without ``O`` counts 0 for it (no veto)."""
    from helpers.annotating.learned.veto import vetoes

    o, unsure = {"O": 0.95, "B-PERS": 0.05}, {"O": 0.3, "B-PERS": 0.7}
    # 'قال:زيدان،' (said: Zidane,): ':' ends where the name begins, '،' begins where it ends
    assert vetoes([(4, 9, "PER")], [(0, 3, unsure), (3, 4, unsure), (4, 9, o)], o_min=0.8) == [True]
    assert vetoes([(4, 9, "PER")], [(4, 9, o), (9, 10, unsure)], o_min=0.8) == [True]
    assert vetoes([(0, 5, "PER")], [(0, 5, {"O": 0.8, "B-PERS": 0.2})], o_min=0.8) == [True]
    assert vetoes([(0, 5, "PER")], [(0, 5, {"O": 0.79, "B-PERS": 0.21})], o_min=0.8) == [False]
    assert vetoes([(0, 5, "PER")], [(0, 5, {"B-PERS": 0.9, "I-PERS": 0.1})], o_min=0.8) == [False]
    assert vetoes([(0, 9, "PER")], [(0, 4, {"B-PERS": 1.0}), (5, 9, o)], o_min=0.8) == [False]


def test_a_person_vetoed_once_but_named_again_keeps_his_titles():
    """'مجدي قرقاش' (a name neither recognizer knows) after 'الوزير' (the minister), then after
    'الرئيس': the model vetoes the first mention (O 0.932, 0.918), not the second (0.475, 0.528).
    The person is still named, so he keeps his titles: 'وأضاف الوزير' (the minister added) names
    him as the speaker, and propagation finds the first mention again."""
    text = 'وقال الوزير مجدي قرقاش إن الوضع خطير. والتقى الرئيس مجدي قرقاش بالسفير. وأضاف الوزير: "سنرد"'
    cols = ["start", "end", "text", "label", "canonical", "source", "speaker"]
    quote = [87, 91, "سنرد", "QUOTE", None, "pattern:quote", "مجدي قرقاش"]
    assert annotate(text, recognizer="rules")[cols].values.tolist() == [
        [12, 22, "مجدي قرقاش", "PER", "مجدي قرقاش", "pattern:title", None],
        [52, 62, "مجدي قرقاش", "PER", "مجدي قرقاش", "pattern:title", None], quote]
    assert annotate(text, recognizer="combined")[cols].values.tolist() == [
        [12, 22, "مجدي قرقاش", "PER", "مجدي قرقاش", "propagated", None],
        [52, 62, "مجدي قرقاش", "PER", "مجدي قرقاش", "pattern:title", None], quote]


# --- full run of 2026-12-04, survivors in learned/ (wt-hl3) -----------------------------------------------

#: A real sentence (Jawhara FM, JA-localNews-3819-20170414, line 3): 'ياسين بن جاب الله' (a person
#: only the model finds), and a lone tatweel in 'عنابة ـ تونس' (Annaba–Tunis) that normalization drops.
ANNABA_LINE = ("كشف المدير العام لشركة النقل بالسكك الحديدية الجزائرية ياسين بن جاب الله، أن يوم غرة ماي سيشهد "
               "إطلاق خط عنابة ـ تونس.")


def _doc(raw: str):
    from helpers.annotating.doc import Doc
    from helpers.cleaning import normalize_with_offsets

    return Doc(default_annotator(), raw, *normalize_with_offsets(raw))


def test_normalized_spans_moves_the_models_spans_and_drops_one_that_vanishes():
    """The model's spans in normalized offsets: 'تونس' (Tunis) moves from 112 to 110 (the tatweel
    and a space are gone); a span of the tatweel alone is empty there, and dropped."""
    from helpers.annotating.learned.combine import normalized_spans
    from helpers.annotating.learned.model import model_columns

    doc = _doc(ANNABA_LINE)
    columns = model_columns(ANNABA_LINE)
    assert list(zip(columns["start"], columns["end"], columns["label"])) == [(55, 72, "PER"), (112, 116, "LOC")]
    assert normalized_spans(doc, columns) == [(55, 72, "PER"), (110, 114, "LOC")]
    assert ANNABA_LINE[110] == "ـ" and doc.norm[110:114] == "تونس"
    tatweel = {"start": [55, 110], "end": [72, 111], "label": ["PER", "LOC"]}
    assert normalized_spans(doc, tatweel) == [(55, 72, "PER")]


def test_run_doc_of_the_rules_is_the_rules_alone():
    """``run_doc(doc, "rules")`` is :meth:`Doc.run`: no model name ('ياسين بن جاب الله', which the
    combination adds), the rules' company 'شركة النقل' (the transport company) and 'تونس'."""
    from helpers.annotating.learned.combine import run_doc

    def names(spans):
        return [(sp["start"], sp["end"], sp["label"], sp["canonical"], sp["source"]) for sp in spans]

    rules = [(110, 114, "LOC", "تونس", "cldr:territory:TN"), (18, 28, "ORG", "شركة النقل", "pattern:org-head")]
    assert names(run_doc(_doc(ANNABA_LINE), "rules")) == names(_doc(ANNABA_LINE).run()) == rules
    assert names(run_doc(_doc(ANNABA_LINE), "combined")) == [
        *rules, (55, 72, "PER", "ياسين بن جاب الله", "model")]


# --- full run of 2026-12-04, survivors in learned/ (wt-hl4) -----------------------------------------------

def test_a_name_that_only_touches_a_predicted_one_is_not_found_by_overlap():
    """'إطلاق خط عنابة تونس' (launching an Annaba Tunis line): the model finds Tunis, not Annaba;
    Annaba ends where Tunis starts, shares no token with it, and is missed even by overlap."""
    ev = evaluate_tags([["O", "O", "B-LOC", "B-LOC"]], [["O", "O", "O", "B-LOC"]])
    assert ev[["label", "match", "n_gold", "n_pred", "found", "correct"]].values.tolist() == [
        ["LOC", "exact", 2, 1, 1, 1], ["ALL", "exact", 2, 1, 1, 1],
        ["LOC", "overlap", 2, 1, 1, 1], ["ALL", "overlap", 2, 1, 1, 1]]


def test_a_label_may_hold_a_hyphen_or_end_in_x(tmp_path):
    """Labels are ``[A-Za-z][\\w-]*``: 'ORG-GOV' (of 'وزارة الداخلية', the interior ministry) is
    read whole, the tag split at its first hyphen, and the docs' label 'X' keeps its X."""
    path = tmp_path / "mine.txt"
    path.write_text("التقى O\nوزير B-X\nالخارجية I-X\nوفد O\nوزارة B-ORG-GOV\nالداخلية I-ORG-GOV\n\n",
                    encoding="utf-8")
    tags = ["O", "B-X", "I-X", "O", "B-ORG-GOV", "I-ORG-GOV"]
    assert [tag for _, tag in read_conll(path)[0]] == tags
    assert bio_entities(tags) == [(1, 3, "X"), (4, 6, "ORG-GOV")]


def test_read_conll_ends_lines_at_newline_only_in_xz_as_in_plain_files(tmp_path):
    """In an .xz file as in a plain one a '\\r' before the '\\n' (Windows) is ignored, but a lone
    '\\r' (old Mac line ends) or a trailing space makes a line that is not 'token TAG'."""
    for name in ("mine.txt", "mine.txt.xz"):
        path = tmp_path / name
        for text, bad in [("زار O\r\nباكو B-LOC\r\n\r\n", None), ("زار O\rباكو B-LOC\n\n", 1),
                          ("زار O\nباكو B-LOC \n\n", 2)]:
            data = text.encode("utf-8")
            path.write_bytes(lzma.compress(data) if name.endswith(".xz") else data)
            if bad is None:
                assert read_conll(path) == [[("زار", "O"), ("باكو", "B-LOC")]]
            else:
                with pytest.raises(ValueError, match=rf"^{re.escape(name)}:{bad}: expected 'token TAG'"):
                    read_conll(path)


def test_conll_files_are_utf8_under_the_c_locale(anercorp, tmp_path):
    """Where the locale is not UTF-8 (Windows' cp1252, a bare C locale) a file opened without
    ``encoding="utf-8"`` cannot hold Arabic: read_conll and write_conll, plain and .xz, use UTF-8
    all the same (run in a process with the ASCII C locale)."""
    code = ("import sys, pathlib; sys.path.insert(0, sys.argv[1]); "
            "from helpers.annotating.learned import TRAIN_PATH, read_conll, write_conll; "
            "d = pathlib.Path(sys.argv[2]); s = read_conll(TRAIN_PATH)[:3]; "
            "print(read_conll(write_conll(s, d / 'a.txt')) == s == read_conll(write_conll(s, d / 'b.txt.xz')), "
            "ascii(s[0][:2]))")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    run = subprocess.run([sys.executable, "-c", code, str(ROOT), str(tmp_path)], capture_output=True, text=True,
                         env=env)
    assert (run.returncode, run.stdout) == (0, f"True {ascii([('أعلن', 'O'), ('اتحاد', 'B-ORG')])}\n"), run.stderr[-2000:]
    assert (tmp_path / "a.txt").read_bytes() == write_conll(anercorp[:3], tmp_path / "here.txt").read_bytes()


# --- full run of 2026-12-04, survivors in learned/model (wt-hm2) ------------------------------------------

def test_the_model_file_given_is_the_one_tagged_with_and_read_again_when_rewritten(tmp_path):
    """tag_tokens, model_entities and model_columns_marginals use the model they are given: tiny ones
    that call 'باريس' (Paris) a person where the shipped one says a place; one trained with features
    of its own is tagged with them; a model file rewritten in place (a new mtime) is read again."""
    from helpers.annotating.learned.model import model_columns_marginals

    tokens = ["قال", "الرئيس", "ماكرون", "في", "باريس"]  # the president Macron said in Paris
    text = " ".join(tokens)
    own = lambda tokens: [["bias", "word=" + t] for t in tokens]  # noqa: E731
    person, place = ["O", "O", "B-PERS", "O", "B-PERS"], ["O", "O", "B-PERS", "O", "B-LOC"]
    for name, tags, features in [("person", person, sentence_features), ("place", place, sentence_features),
                                 ("own", person, own)]:
        train_model([list(zip(tokens, tags))] * 3, tmp_path / f"{name}.crfsuite", params={"max_iterations": 10},
                    features=features)
    assert tag_tokens(tokens) == place and tag_tokens(tokens, tmp_path / "person.crfsuite") == person
    names = [[11, 17, "PER"], [21, 26, "PER"]]
    assert model_entities(text, tmp_path / "person.crfsuite")[["start", "end", "label"]].values.tolist() == names
    assert model_entities(text, tmp_path / "own.crfsuite", features=own)[["start", "end", "label"]].values.tolist() == names
    path, paris = tmp_path / "model.crfsuite", bytes(21) + b"\x01" * 5
    path.write_bytes((tmp_path / "person.crfsuite").read_bytes())
    columns, probs = model_columns_marginals(text, paris, path)
    assert (columns["label"], [(a, b, max(p, key=p.get)) for a, b, p in probs]) == (["PER", "PER"], [(21, 26, "B-PERS")])
    mtime = path.stat().st_mtime_ns
    path.write_bytes((tmp_path / "place.crfsuite").read_bytes())
    os.utime(path, ns=(mtime + 10**9, mtime + 10**9))
    columns, probs = model_columns_marginals(text, paris, path)
    assert (columns["label"], [(a, b, max(p, key=p.get)) for a, b, p in probs]) == (["PER", "LOC"], [(21, 26, "B-LOC")])


def test_the_marginals_of_a_texts_first_token_asked_about():
    """A title that starts with its place (Jawhara FM, JA-localNews-3831-20150809, line 1: 'Tunis at a
    European-African summit on illegal migration'): 'تونس', asked about at offsets 0–4, gets its marginals."""
    from helpers.annotating.learned.model import model_columns, model_columns_marginals

    text = "تونس في قمة أوروبية افريقية حول الهجرة السرية"
    columns, probs = model_columns_marginals(text, b"\x01" * 4 + bytes(len(text) - 4))
    assert columns == model_columns(text) and columns["text"] == ["تونس"]
    assert [(a, b, round(p["B-LOC"], 3), round(p["O"], 3)) for a, b, p in probs] == [(0, 4, 0.968, 0.005)]


# --- full run of 2026-12-04, survivors in learned/model (wt-hm1) -------------------------------------------

def test_a_name_never_runs_across_a_line_break_even_after_a_leading_one():
    """'سيرغي' and 'لافروف' (Sergei Lavrov) on lines of their own after a blank first line: each
    line is a sentence of its own (a one-token first line too), so no name runs across the break."""
    text = "\nسيرغي\nلافروف"
    spans = model_entities(text)
    assert spans[["start", "end", "label", "text"]].values.tolist() == [
        [1, 6, "PER", "سيرغي"], [7, 13, "PER", "لافروف"]]


def test_a_model_file_replaced_on_disk_is_read_again_and_training_time_is_its_own(tmp_path):
    """train_model returns the seconds it took (at most the time around the call); a model copied
    over another at the same path (a later modification time) tags with the new weights, and
    load_model reads it again."""
    from helpers.annotating.learned import load_model

    before = time.perf_counter()
    took = train_model([[("زار", "O"), ("باكو", "B-LOC")]] * 3, tmp_path / "loc.crfsuite", params={"max_iterations": 5})
    assert 0 < took <= time.perf_counter() - before
    train_model([[("زار", "O"), ("باكو", "B-PERS")]] * 3, tmp_path / "per.crfsuite", params={"max_iterations": 5})
    path = tmp_path / "model.crfsuite"
    shutil.copy(tmp_path / "loc.crfsuite", path)
    assert tag_tokens(["زار", "باكو"], path) == ["O", "B-LOC"]
    assert sorted(load_model(path).labels()) == ["B-LOC", "O"]
    shutil.copy(tmp_path / "per.crfsuite", path)
    mtime = path.stat().st_mtime + 10
    os.utime(path, (mtime, mtime))
    assert tag_tokens(["زار", "باكو"], path) == ["O", "B-PERS"]
    assert sorted(load_model(path).labels()) == ["B-PERS", "O"]


def test_a_missing_model_file_is_named_with_the_command_that_makes_it(tmp_path):
    from helpers.annotating.learned import load_model

    with pytest.raises(FileNotFoundError, match=r"^no model at .*nowhere\.crfsuite: train it with `make model`$"):
        load_model(tmp_path / "nowhere.crfsuite")


def test_own_features_with_brackets_and_arrows_are_known_and_an_empty_sentence_is_not_featurized(tmp_path):
    """A feature function of one's own may make features with spaces, ') ' and ' --> ' (bigrams of
    the CoNLL tokens '(' 'باكو' ')' '-->' 'تونس', Baku, Tunis): known_attributes reads them whole;
    tag_sentences tags an empty sentence [] without calling the function on it."""
    from helpers.annotating.learned import load_model, tag_sentences
    from helpers.annotating.learned.model import known_attributes

    def bigrams(tokens):
        return [["w=" + t, "bigram=" + " ".join(tokens[max(i - 1, 0):i + 1])] for i, t in enumerate(tokens)]

    tokens = ["(", "باكو", ")", "-->", "تونس"]
    path = tmp_path / "bigrams.crfsuite"
    train_model([list(zip(tokens, ["O", "B-LOC", "O", "O", "B-LOC"]))] * 3, path, params={"max_iterations": 5},
                features=bigrams)
    assert known_attributes(load_model(path)) == {
        "w=(", "w=باكو", "w=)", "w=-->", "w=تونس",
        "bigram=(", "bigram=( باكو", "bigram=باكو )", "bigram=) -->", "bigram=--> تونس"}
    seen = []
    recorded = lambda tokens: seen.append(list(tokens)) or bigrams(tokens)  # noqa: E731
    assert tag_sentences([tokens, []], path, features=recorded) == [["O", "B-LOC", "O", "O", "B-LOC"], []]
    assert seen == [tokens]
