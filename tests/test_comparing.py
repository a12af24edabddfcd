"""Tests for helpers.comparing: text reuse, word diffs, sourcing, framing, facts, two folders.

Alignment, diffs and reporting verbs run on the two real seed articles. Framing, sourcing
and facts need annotations: here they are small frames made by hand with the documented
columns (start, end, label, text, canonical, source, speaker, value, unit), with offsets
found in the real text, so the comparing logic is tested whatever the annotator does.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers.comparing
from helpers import (
    REPORTING_VERBS, align_facts, align_sentences, article_sentences, changed_words,
    compare_corpora, count_words, diff_html, diff_words, facts_about, find_reporting_verbs, framing_counts, framing_html,
    framing_passages, load_corpus, plot_similarity, quotes_by_speaker, reporting_verbs_table,
    normalize, sentence_similarity, shared_passages, sourcing_table, tokenize,
)

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
COLUMNS = ["start", "end", "label", "text", "canonical", "source", "speaker", "value", "unit"]


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return load_corpus(RAW)


@pytest.fixture(scope="module")
def texts(corpus) -> tuple[str, str]:
    a = corpus.loc[corpus.doc_id.eq("anadolu_saar_baku"), "text"].item()
    b = corpus.loc[corpus.doc_id.eq("saar_astana_baku"), "text"].item()
    return a, b


@pytest.fixture(scope="module")
def alignment(corpus) -> pd.DataFrame:
    return align_sentences(corpus[corpus.doc_id.eq("anadolu_saar_baku")],
                           corpus[corpus.doc_id.eq("saar_astana_baku")])


def span(text: str, needle: str, label: str, nth: int = 0, **cols) -> dict:
    """An annotation row for the ``nth`` occurrence of ``needle`` in the raw ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    row = dict.fromkeys(COLUMNS)
    row.update(start=start, end=start + len(needle), label=label, text=needle, source="hand")
    row.update(cols)
    return row


# --------------------------------------------------------------------------- sentences

def test_article_sentences_cover_headline_and_body_with_raw_offsets(corpus):
    s = article_sentences(corpus)
    a = corpus.text[0]
    assert set(s.part) == {"headline", "subheadline", "body"}
    for r in s.itertuples():
        text = corpus.set_index("doc_id").text[r.doc_id]
        assert text[r.start:r.end] == r.text
    first = s[s.doc_id.eq("anadolu_saar_baku")].iloc[0]
    assert first.part == "headline" and a.startswith(first.text)
    assert not s.text.str.contains("القدس/ الأناضول", regex=False).any()   # the dateline is not prose
    assert (s.groupby("doc_id").sent_id.apply(lambda x: list(x) == list(range(len(x))))).all()


# --------------------------------------------------------------------------- reuse

def test_alignment_finds_the_closing_paragraphs_copied_in_order(corpus, texts, alignment):
    a, b = texts
    sa = article_sentences(corpus)
    last_b = sa[sa.doc_id.eq("saar_astana_baku")].sent_id.max()
    # the second article's three last sentences come from the first article, in the same order
    tail = alignment[alignment.b_sent > last_b - 3]
    assert list(tail.b_sent) == [last_b - 2, last_b - 1, last_b]
    assert tail.a_sent.is_monotonic_increasing and tail.mutual.all()
    assert (tail.score >= 0.4).all()
    # they are the only shared passages at the default threshold
    assert len(alignment) == 3
    for r in alignment.itertuples():
        assert a[r.a_start:r.a_end] == r.a_text and b[r.b_start:r.b_end] == r.b_text
        assert r.a_doc == "anadolu_saar_baku" and r.b_doc == "saar_astana_baku"
    assert tail.shared_words.min() >= 4


def test_alignment_accepts_texts_and_is_bounded_by_chunks(corpus, texts):
    a, b = texts
    from_text = align_sentences(a, b, min_score=0.2)
    from_frames = align_sentences(corpus.iloc[[0]], corpus.iloc[[1]], min_score=0.2)
    cols = ["a_sent", "b_sent", "score", "mutual"]
    pd.testing.assert_frame_equal(from_text[cols], from_frames[cols])
    tiny_chunks = align_sentences(a, b, min_score=0.2, max_cells=1)   # one row of b at a time
    pd.testing.assert_frame_equal(from_text, tiny_chunks)
    assert len(from_text) > 3                                          # looser threshold, more pairs


def test_min_shared_words_drops_pairs_that_share_no_run_of_words(texts):
    a, b = texts
    loose = align_sentences(a, b, min_score=0.2)
    strict = align_sentences(a, b, min_score=0.2, min_shared_words=3)
    assert (strict.shared_words >= 3).all() and (loose.shared_words < 3).any()
    kept = loose[loose.shared_words >= 3].reset_index(drop=True)
    pd.testing.assert_frame_equal(strict, kept)


def test_alignment_of_unrelated_or_empty_text():
    assert align_sentences("قال الوزير إن الطقس جميل.", "Completely different English words.").empty
    empty = align_sentences("", "قال الوزير إن الطقس جميل.")
    assert empty.empty and "score" in empty.columns


def test_similarity_matrix_matches_alignment(corpus, alignment):
    m = sentence_similarity(corpus.iloc[[0]], corpus.iloc[[1]])
    n_a = (article_sentences(corpus).doc_id == "anadolu_saar_baku").sum()
    assert m.shape[0] == n_a and ((m.values >= -1e-6) & (m.values <= 1 + 1e-6)).all()
    for r in alignment.itertuples():
        assert m.loc[r.a_sent, r.b_sent] == pytest.approx(r.score, abs=1e-3)
        assert m[r.b_sent].idxmax() == r.a_sent


def test_multi_article_sides_keep_doc_ids(corpus):
    both = corpus
    al = align_sentences(both, both.iloc[[1]])
    # every sentence of the second article matches itself exactly
    assert (al.score > 0.999).all() and (al.a_doc == "saar_astana_baku").all()
    assert (al.a_sent == al.b_sent).all()
    m = sentence_similarity(both, both.iloc[[0]])
    assert isinstance(m.index, pd.MultiIndex) and list(m.index.names) == ["doc_id", "sent_id"]


# --------------------------------------------------------------------------- diffs

def test_diff_words_ignores_spelling_variants_but_not_words():
    a = "وقال ساعر، إن \"إسرائيل\" ستفعلُ ذلك"
    b = "وقال ساعر٬ إن “الاحتلال” ستفعل ذلك"
    d = diff_words(a, b)
    changed = d[d.op != "equal"]
    assert changed[["op", "a_text", "b_text"]].values.tolist() == [["replace", "إسرائيل", "الاحتلال"]]
    for r in d.itertuples():
        assert a[r.a_start:r.a_end] == r.a_text and b[r.b_start:r.b_end] == r.b_text


WORDS = ["قال", "ساعر", "إسرائيل", "الاحتلال", "في", "غزة", "بغزة", "أعلن", "الوزير", "،", "٬", "“", '"',
         "2023", "وَفد", "أكثر", "من", "40"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.lists(st.sampled_from(WORDS), max_size=12))
def test_diff_words_partitions_both_sentences(wa, wb):
    a, b = " ".join(wa), " ".join(wb)
    d = diff_words(a, b)
    ta = [t.text for t in tokenize(a)]
    tb = [t.text for t in tokenize(b)]
    assert [t.text for x in d.a_text for t in tokenize(x)] == ta        # every word of a exactly once
    assert [t.text for x in d.b_text for t in tokenize(x)] == tb
    for r in d.itertuples():
        assert a[r.a_start:r.a_end] == r.a_text and b[r.b_start:r.b_end] == r.b_text
        if r.op == "equal":
            assert [normalize(t.text, punctuation=True) for t in tokenize(r.a_text)] == \
                [normalize(t.text, punctuation=True) for t in tokenize(r.b_text)]
    if [normalize(w, punctuation=True) for w in ta] == [normalize(w, punctuation=True) for w in tb]:
        assert set(d.op) <= {"equal"}


def test_diff_words_insert_and_delete_offsets():
    d = diff_words("بدأت حرب إبادة", "بدأ الاحتلال حرب إبادة جماعية")
    ops = d[d.op != "equal"][["op", "a_text", "b_text"]].values.tolist()
    assert ops == [["replace", "بدأت", "بدأ الاحتلال"], ["insert", "", "جماعية"]]


def test_diff_html_escapes_untrusted_text():
    ha, hb = diff_html('<script>alert("x")</script> نص', 'نص <img src=x onerror=alert(1)>')
    import re
    for out in (ha, hb):
        assert set(re.findall(r"<[^>]*>", out)) <= {"<del>", "</del>", "<ins>", "</ins>"}
    assert "script" in ha and "onerror" in hb                          # shown, as text


def test_shared_passages_show_the_substitution_found_in_the_data(alignment):
    view = shared_passages(alignment, names=("Anadolu", "second"))
    assert 'dir="rtl"' in view.html and view._repr_html_() == view.html
    assert repr(view) == "<HtmlView: 3 aligned sentence pairs>"
    # the words the second article removes and adds inside the copied sentences
    words = changed_words(alignment)
    removed = words.sort_values("removed", ascending=False, kind="stable").iloc[0]
    added = words.sort_values("added", ascending=False, kind="stable").iloc[0]
    assert removed.removed >= 2 and added.added >= 2
    import re
    assert re.search(f"<del>[^<]*{removed.word}[^<]*</del>", view.html)
    assert re.search(f"<ins>[^<]*{added.word}[^<]*</ins>", view.html)
    # the substitution is one name for another: removed in A, added in B, in the same pairs
    assert removed.added == 0 and added.removed == 0
    assert set(removed.pairs.split(", ")) & set(added.pairs.split(", "))


def test_changed_words_skips_stopwords_and_punctuation():
    al = align_sentences("قال الوزير إن الاتفاق مهم، في الواقع.", "قال الوزير إن الاتفاق ضروري؛ على الأرجح.",
                         min_score=0.1)
    words = changed_words(al)
    assert "في" not in set(words.word) and "،" not in set(words.word)
    assert {"مهم", "ضروري"} <= set(words.word)
    with_stop = changed_words(al, stopwords=True)
    assert "في" in set(with_stop.word)


def test_plot_similarity_draws_matrix_and_boxes(corpus, alignment):
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    m = sentence_similarity(corpus.iloc[[0]], corpus.iloc[[1]])
    fig = plot_similarity(m, alignment=alignment, names=("Anadolu", "second"))
    ax = fig.axes[0]
    np.testing.assert_allclose(ax.images[0].get_array(), m.to_numpy())
    boxes = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(boxes) == len(alignment)
    assert {(b.get_x() + 0.5, b.get_y() + 0.5) for b in boxes} == {
        (float(list(m.columns).index(r.b_sent)), float(list(m.index).index(r.a_sent)))
        for r in alignment.itertuples()}
    plt.close(fig)


# --------------------------------------------------------------------------- reporting verbs

def test_reporting_verb_table_is_consistent():
    t = reporting_verbs_table()
    assert len(t) == len(REPORTING_VERBS) and t.form.is_unique
    assert set(t.stance) == {"neutral", "attribution", "interpretive", "editorial"}
    assert set(t.kind) == {"finite", "participle", "phrase"}
    assert (t.editorial == t.stance.eq("editorial")).all()
    assert t.set_index("form").loc[["زاعما", "وفق تعبيره"], "editorial"].all()
    assert not t.set_index("form").loc[["قال", "أضاف", "مشيرا"], "editorial"].any()


def test_find_reporting_verbs_on_the_second_article(texts):
    _, b = texts
    v = find_reporting_verbs(b)
    for r in v.itertuples():
        assert b[r.start:r.end] == r.text
    assert v.start.is_monotonic_increasing
    editorial = v[v.editorial]
    assert set(editorial.text) == {"زاعما", "وفق تعبيره", "في لهجة تصعيدية"}
    assert "وفق" not in set(v[v.start.isin(editorial.start)].form)       # the longer phrase wins
    assert {"وقال", "وأضاف", "مشيرا", "معتبرا"} <= set(v.text)


def test_find_reporting_verbs_is_spelling_tolerant_and_word_bounded():
    v = find_reporting_verbs("واضاف الوزير. وأَضافَ السفير. قبيل انتقاله، التابع للوزارة، فقال.")
    assert v.text.tolist() == ["واضاف", "وأَضافَ", "فقال"]
    assert v.lemma.tolist() == ["أضاف", "أضاف", "قال"]
    assert find_reporting_verbs("").empty


def test_custom_verb_table():
    mine = pd.DataFrame([("صرخ", "صرخ", "shouted", "editorial", "finite", "")],
                        columns=["form", "lemma", "gloss", "stance", "kind", "note"])
    v = find_reporting_verbs("وصرخ الوزير وقال.", mine)
    assert v.text.tolist() == ["وصرخ"] and v.editorial.tolist() == [True]


# --------------------------------------------------------------------------- sourcing

def test_sourcing_assigns_speakers_by_verb_kind(texts):
    _, b = texts
    ann = pd.DataFrame([
        span(b, "ساعر", "PER", 2, canonical="جدعون ساعر"),          # وقال ساعر إن …
        span(b, "بيراموف", "PER", 2, canonical="جيهون بيراموف"),    # وقال بيراموف إن …
        span(b, "“الاستقرار الإقليمي لن يتحقق دون ذلك”", "QUOTE", speaker="جدعون ساعر"),
        span(b, "وزارة الخارجية الإسرائيلية", "ORG", canonical="وزارة الخارجية الإسرائيلية"),
    ])
    t = sourcing_table(b, ann).set_index("start")
    said = b.index("وقال ساعر")
    assert t.loc[said, "speaker"] == "جدعون ساعر"
    assert t.loc[b.index("مشيرا", said), "speaker"] == "جدعون ساعر"           # participle inherits
    assert t.loc[b.index("زاعما"), "speaker"] == "جدعون ساعر"                 # from the quote after it
    assert t.loc[b.index("زاعما"), "editorial"]
    said_b = b.index("وقال بيراموف")
    assert t.loc[said_b, "speaker"] == "جيهون بيراموف"
    assert t.loc[b.index("وأضاف", said_b), "speaker"] == "جيهون بيراموف"      # وأضاف continues
    assert t.loc[b.index("وفق بيان"), "speaker"] == "وزارة الخارجية الإسرائيلية"  # attribution: the source
    assert t.loc[b.index("وفق بيان"), "stance"] == "attribution"
    assert (t.sentence.map(len) > 0).all()


def test_sourcing_word_order_rules_on_the_first_article(texts):
    a, _ = texts
    ann = pd.DataFrame([
        span(a, "ساعر", "PER", 0, canonical="جدعون ساعر"),               # ساعر قال عقب لقائه …
        span(a, "إلهام علييف", "PER", 0, canonical="إلهام علييف"),        # … الرئيس إلهام علييف إن
        span(a, "الرئاسة الأذربيجانية", "ORG", canonical="الرئاسة الأذربيجانية"),
        span(a, "بيراموف", "PER", 2, canonical="جيهون بيراموف"),          # ومتوجها إلى بيراموف أردف ساعر
        span(a, "ساعر", "PER", a[:a.index("أردف ساعر")].count("ساعر") + 0, canonical="جدعون ساعر"),
    ])
    assert a[ann.start[4]:ann.end[4]] == "ساعر" and a[ann.end[4] - 9:ann.end[4]] == "أردف ساعر"
    t = sourcing_table(a, ann).set_index("start")
    assert t.loc[a.index("قال عقب"), "speaker"] == "جدعون ساعر"              # subject before the verb
    assert t.loc[a.index("قالت الرئاسة"), "speaker"] == "الرئاسة الأذربيجانية"  # an organisation speaks
    assert t.loc[a.index("أردف ساعر"), "speaker"] == "جدعون ساعر"            # not the addressee before it
    assert pd.isna(t.loc[a.index("بحسب الوزارة"), "speaker"])                  # source not a known name


def test_sourcing_attribution_names_the_source(texts):
    a, _ = texts
    ann = pd.DataFrame([span(a, "وزارة الخارجية", "ORG", canonical="وزارة الخارجية الإسرائيلية")])
    t = sourcing_table(a, ann)
    row = t[t.text.eq("وفقا")].iloc[0]
    assert row.stance == "attribution" and row.speaker == "وزارة الخارجية الإسرائيلية"


def test_sourcing_rejects_annotations_without_columns(texts):
    with pytest.raises(ValueError, match="label"):
        sourcing_table(texts[0], pd.DataFrame({"start": [0], "end": [1]}))
    with pytest.raises(TypeError, match="DataFrame"):
        sourcing_table(texts[0], [{"start": 0}])


def test_one_reporting_verb_table_serves_comparing_and_annotating():
    from helpers._shared import word_table
    from helpers.annotating.patterns import ATTRIBUTION, SPEECH_PARTICIPLES, SPEECH_VERBS

    rows = word_table("reporting_verbs")
    assert len(rows) == len(REPORTING_VERBS) == 124
    assert [r[0] for r in REPORTING_VERBS] == [r["form"] for r in rows]
    # the annotator reads its speech verbs, participles and attributions from the same rows
    # (normalized; نفى and نفي are one form), so the two stages cannot drift apart again
    assert (len(SPEECH_VERBS), len(SPEECH_PARTICIPLES), len(ATTRIBUTION)) == (72, 27, 7)
    assert {"قال", "اضاف", "نفي", "غرد"} <= SPEECH_VERBS and "مضيفا" in SPEECH_PARTICIPLES
    assert ATTRIBUTION[:3] == ("بحسب", "حسب", "وفق") and "علي لسان" in ATTRIBUTION
    assert {r["stance"] for r in rows} == {"neutral", "attribution", "interpretive", "editorial"}
    assert {r["kind"] for r in rows} == {"finite", "participle", "phrase"}


def test_quotes_by_speaker_counts_words_per_article(texts):
    a, _ = texts
    ann = pd.DataFrame([
        span(a, "إلهام علييف قائد صاحب رؤية يقود أمته إلى إنجازات باهرة", "QUOTE", speaker="جدعون ساعر"),
        span(a, "أتطلع إلى استضافتكم قريبا", "QUOTE", speaker="جدعون ساعر"),
        span(a, "ساعر", "PER", canonical="جدعون ساعر"),
        span(a, "إكس", "QUOTE"),                                    # no speaker found
    ]).assign(doc_id="anadolu_saar_baku")
    q = quotes_by_speaker(ann, pd.DataFrame({"doc_id": ["anadolu_saar_baku"], "text": [a]}))
    assert q.speaker.tolist() == ["جدعون ساعر", "(unattributed)"]
    assert q.quotes.tolist() == [2, 1] and q.words.tolist() == [14, 1]
    assert q.share.sum() == pytest.approx(1.0, abs=1e-3)
    assert q.per_1000.iloc[0] == pytest.approx(14 / count_words_in_parts(a) * 1000, abs=0.05)


def count_words_in_parts(text: str) -> int:
    s = article_sentences(text)
    return sum(count_words(t) for t in s.text)


def test_one_word_counter_for_quotes_in_plotting_and_comparing(corpus):
    from helpers import quote_words
    from helpers._shared import count_words as shared_count_words

    assert count_words is shared_count_words
    text = "قالَ مُحَمَّدٌ: «نَعَمْ» — 40%"
    ann = pd.DataFrame({"doc_id": ["d"], "label": ["QUOTE"], "start": [0], "end": [len(text)],
                        "text": [text], "speaker": ["x"]})
    assert quote_words(ann)["words"].tolist() == quotes_by_speaker(ann)["words"].tolist() == [4]
    # the denominator of every per-1,000 rate: words of headline, subheadline and body
    words = {d: count_words_in_parts(t) for d, t in zip(corpus.doc_id, corpus.text)}
    assert words == {"anadolu_saar_baku": 501, "saar_astana_baku": 627}


# --------------------------------------------------------------------------- framing

def _frames(text: str, doc_id: str, terms: list[str]) -> pd.DataFrame:
    rows = []
    for term in terms:
        n = text.count(term)
        rows += [span(text, term, "FRAME", k, canonical=term) for k in range(n)]
    return pd.DataFrame(rows, columns=COLUMNS).assign(doc_id=doc_id)


def test_framing_counts_per_1000_words_linked_to_passages(corpus, texts):
    a, b = texts
    ann = pd.concat([_frames(a, "anadolu_saar_baku", ["الاحتلال", "حرب الإبادة"]),
                     _frames(b, "saar_astana_baku", ["الاحتلال", "حرب الإبادة"])], ignore_index=True)
    passages = framing_passages(ann, corpus)
    for r in passages.itertuples():
        s, e = r.in_sentence
        assert r.sentence[s:e] == r.text and r.term in r.sentence
    counts = framing_counts(passages, corpus).set_index(["term", "doc_id"])
    occ = counts.loc[("الاحتلال", "saar_astana_baku")]
    assert occ["count"] == b.count("الاحتلال") and occ["count"] >= 5
    assert occ.per_1000 == pytest.approx(occ["count"] / count_words_in_parts(b) * 1000, abs=0.01)
    # a term an article never uses is listed with 0, so both sides line up
    assert counts.loc[("الاحتلال", "anadolu_saar_baku"), "count"] == 0
    assert counts.loc[("الاحتلال", "anadolu_saar_baku"), "sentences"] == []
    sents = article_sentences(corpus).set_index(["doc_id", "sent_id"]).text
    for sid in occ.sentences:
        assert "الاحتلال" in sents[("saar_astana_baku", sid)]


def test_framing_passages_tell_quoted_words_from_the_outlets(corpus, texts):
    a, _ = texts
    quote = "منذ افتتاح سفارة أذربيجان في إسرائيل قبل ثلاث سنوات، معالي الوزير، توطدت العلاقات بشكل ملحوظ"
    ann = pd.DataFrame([span(a, "إسرائيل", "LOC", k, canonical="إسرائيل") for k in range(a.count("إسرائيل"))]
                       + [span(a, quote, "QUOTE", speaker="جدعون ساعر")]).assign(doc_id="anadolu_saar_baku")
    p = framing_passages(ann, corpus, labels=(), terms={"إسرائيل": "LOC"})
    assert len(p) == a.count("إسرائيل")
    inside = p[p.in_quote]
    assert len(inside) == 1 and quote in inside.sentence.item()


def test_framing_html_links_every_count_to_its_passages(corpus, texts):
    import re
    a, b = texts
    ann = pd.concat([_frames(a, "anadolu_saar_baku", ["حرب الإبادة"]),
                     _frames(b, "saar_astana_baku", ["الاحتلال", "حرب الإبادة", "<x>"])], ignore_index=True)
    passages = framing_passages(ann, corpus)
    counts = framing_counts(passages, corpus)
    view = framing_html(counts, passages, names={"saar_astana_baku": "second <outlet>"})
    links = re.findall(r'href="#([^"]+)"', view.html)
    ids = re.findall(r'id="([^"]+)"', view.html)
    assert len(links) == (counts["count"] > 0).sum() and set(links) == set(ids)
    assert view.html.count("<mark>") == len(passages)
    assert "second &lt;outlet&gt;" in view.html and "<outlet>" not in view.html
    assert framing_html(counts, passages).html == framing_html(counts, passages).html   # deterministic


def test_framing_terms_adds_other_labels_by_canonical(corpus, texts):
    a, _ = texts
    ann = pd.DataFrame([span(a, "إسرائيل", "LOC", k, canonical="إسرائيل") for k in range(a.count("إسرائيل"))]
                       + [span(a, "أذربيجان", "LOC", canonical="أذربيجان")]).assign(doc_id="anadolu_saar_baku")
    assert framing_passages(ann, corpus).empty
    p = framing_passages(ann, corpus, terms={"إسرائيل": "LOC"})
    assert set(p.term) == {"إسرائيل"} and len(p) == a.count("إسرائيل")


# --------------------------------------------------------------------------- facts

def test_align_facts_pairs_by_context_and_reports_differences(texts):
    a, b = texts
    aa = pd.DataFrame([
        span(a, "أكثر من 40", "QUANTITY", value=40.0, unit=None),
        span(a, "50 بالمئة", "QUANTITY", value=50.0, unit="%"),
        span(a, "8 أكتوبر/ تشرين الأول 2023", "DATE", value="2023-10-08"),
    ])
    ab = pd.DataFrame([
        span(b, "أكثر من 30", "QUANTITY", value=30.0, unit=None),
        span(b, "أكثر من 40", "QUANTITY", value=40.0, unit=None),
        span(b, "8 تشرين الأول/أكتوبر 2023", "DATE", value="2023-10-08"),
        span(b, "7 تشرين الثاني/نوفمبر 2025", "DATE", value="2025-11-07"),
    ])
    f = align_facts(a, aa, b, ab)
    same = f[f.status.eq("same")]
    assert set(zip(same.a_text, same.b_text)) == {("أكثر من 40", "أكثر من 40"),
                                                  ("8 أكتوبر/ تشرين الأول 2023", "8 تشرين الأول/أكتوبر 2023")}
    assert set(f[f.status.eq("only in A")].a_text) == {"50 بالمئة"}          # B has no percentage
    assert set(f[f.status.eq("only in B")].b_text) == {"أكثر من 30", "7 تشرين الثاني/نوفمبر 2025"}
    assert f.status.iloc[0] in {"differs", "same"}
    for r in f.dropna(subset=["a_start"]).itertuples():
        assert a[int(r.a_start):int(r.a_end)] == r.a_text
    assert "وفد" in f.set_index("a_text").loc["أكثر من 40", "a_context"]


def test_align_facts_finds_a_different_delegation_size(texts):
    a, b = texts
    # the same fact with a different number: found by context, not by value
    aa = pd.DataFrame([span(a, "أكثر من 40", "QUANTITY", value=40.0)])
    ab = pd.DataFrame([span(b, "أكثر من 30", "QUANTITY", value=30.0),
                       span(b, "40", "QUANTITY", nth=0, value=40.0, unit="رجل أعمال")])
    f = align_facts(a, aa, b, ab, min_score=0.1)
    pair = f[f.status.isin(["same", "differs"])]
    assert len(pair) == 1 and pair.a_text.item() == "أكثر من 40"
    assert pair.status.item() == ("same" if pair.b_text.item().endswith("40") else "differs")


def test_align_facts_never_pairs_incompatible_units():
    ta, tb = "ارتفع التبادل 50 بالمئة هذا العام.", "ارتفع التبادل 50 مليون دولار هذا العام."
    aa = pd.DataFrame([{"start": 14, "end": 23, "label": "QUANTITY", "text": "50 بالمئة", "value": 50.0,
                        "unit": "%"}])
    ab = pd.DataFrame([{"start": 14, "end": 27, "label": "QUANTITY", "text": "50 مليون دولار",
                        "value": 5e7, "unit": "USD"}])
    f = align_facts(ta, aa, tb, ab)
    assert sorted(f.status) == ["only in A", "only in B"]


def test_align_facts_same_number_different_unit_is_not_the_same_fact(texts):
    a, b = texts
    aa = pd.DataFrame([span(a, "أكثر من 30 عامًا", "QUANTITY", value=30, unit="year")])
    ab = pd.DataFrame([span(b, "أكثر من 30 ممثلا", "QUANTITY", value=30, unit="ممثل")])
    f = align_facts(a, aa, b, ab, min_score=0.0)
    assert sorted(f.status) == ["only in A", "only in B"]


def test_align_facts_weekdays_without_value_compare_text(texts):
    a, b = texts
    # both openings: "Israel's foreign minister Gideon Saar announced, <weekday>, ..."
    aa = pd.DataFrame([span(a, "الاثنين", "DATE")])
    ab = pd.DataFrame([span(b, "الثلاثاء", "DATE"), span(b, "الاثنين", "DATE")])
    f = align_facts(a, aa, b, ab)
    pair = f[f.status.isin(["same", "differs"])]
    assert pair[["status", "a_text", "b_text"]].values.tolist() == [["differs", "الاثنين", "الثلاثاء"]]
    assert pair.score.item() > 0.5


def test_facts_about_selects_by_context(texts):
    a, b = texts
    aa = pd.DataFrame([span(a, "أكثر من 40", "QUANTITY", value=40.0), span(a, "50 بالمئة", "QUANTITY", value=50.0,
                                                                          unit="%")])
    ab = pd.DataFrame([span(b, "أكثر من 30 ممثلا", "QUANTITY", value=30.0, unit="ممثل")])
    f = align_facts(a, aa, b, ab)
    about = facts_about(f, "وفد")
    assert set(about.a_text.dropna()) == {"أكثر من 40"} and set(about.b_text.dropna()) == {"أكثر من 30 ممثلا"}
    with pytest.raises(ValueError, match="at least one word"):
        facts_about(f)


# --------------------------------------------------------------------------- two folders

def _hand_annotator(corpus: pd.DataFrame) -> pd.DataFrame:
    """A stand-in annotator: FRAME/PER/QUANTITY spans found by string search."""
    rows = []
    for did, text in zip(corpus.doc_id, corpus.text):
        for term, label, extra in (("الاحتلال", "FRAME", {"canonical": "الاحتلال"}),
                                   ("ساعر", "PER", {"canonical": "جدعون ساعر"}),
                                   ("أكثر من 40", "QUANTITY", {"value": 40.0})):
            for k in range(text.count(term)):
                rows.append({**span(text, term, label, k, **extra), "doc_id": did})
    return pd.DataFrame(rows)


def test_compare_corpora_on_two_folders(tmp_path, corpus):
    for side, name in (("a", "anadolu_saar_baku"), ("b", "saar_astana_baku")):
        (tmp_path / side).mkdir()
        shutil.copy(RAW / f"{name}.txt", tmp_path / side / f"{name}.txt")
    cmp = compare_corpora(tmp_path / "a", tmp_path / "b", names=("Anadolu", "other"),
                          annotator=_hand_annotator)
    assert cmp.articles.side.tolist() == ["Anadolu", "other"]
    assert cmp.articles.doc_id.tolist() == ["Anadolu/anadolu_saar_baku", "other/saar_astana_baku"]
    # the same reuse as the two-article comparison
    direct = align_sentences(corpus.iloc[[0]], corpus.iloc[[1]])
    assert cmp.reuse[["a_sent", "b_sent", "score"]].values.tolist() == \
        direct[["a_sent", "b_sent", "score"]].values.tolist()
    fr = cmp.framing.set_index(["term", "side"])
    assert fr.loc[("الاحتلال", "Anadolu"), "count"] == 0
    assert fr.loc[("الاحتلال", "other"), "count"] == corpus.text[1].count("الاحتلال")
    assert set(cmp.sourcing.stance) >= {"neutral", "editorial"}
    assert (cmp.facts.status == "same").sum() == 1
    assert "Anadolu" in repr(cmp) and "1 articles" in repr(cmp)


def test_compare_corpora_many_articles_per_side(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    shutil.copy(RAW / "anadolu_saar_baku.txt", a / "one.txt")
    (a / "two.txt").write_text("عنوان آخر\n\nقال الوزير إن الطقس جميل في باكو اليوم.\n", encoding="utf-8")
    shutil.copy(RAW / "saar_astana_baku.txt", b / "one.txt")      # same file name on both sides
    cmp = compare_corpora(a, b, annotator=_hand_annotator)
    assert cmp.articles.doc_id.is_unique and len(cmp.articles) == 3
    # facts are compared with the closest article of the other side only
    assert set(cmp.facts.a_doc) == {"A/one"} and set(cmp.facts.b_doc) == {"B/one"}
    assert set(cmp.reuse.a_doc) == {"A/one"}


def test_compare_corpora_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder"):
        compare_corpora(tmp_path / "missing", RAW, annotator=_hand_annotator)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no readable article"):
        compare_corpora(tmp_path / "empty", RAW, annotator=_hand_annotator)
    with pytest.raises(ValueError, match="different names"):
        compare_corpora(RAW, RAW, names=("x", "x"), annotator=_hand_annotator)


def test_compare_corpora_with_no_annotations_still_compares_text():
    cols = ["doc_id", "start", "end", "label", "text", "canonical", "source", "speaker", "value", "unit"]
    cmp = compare_corpora(RAW / "anadolu_saar_baku.txt", RAW / "saar_astana_baku.txt",
                          annotator=lambda c: pd.DataFrame({k: pd.Series(dtype=object) for k in cols}))
    assert len(cmp.reuse) == 3 and cmp.framing.empty and cmp.quotes.empty and cmp.facts.empty
    assert cmp.sourcing["count"].sum() > 0          # reporting verbs need no annotations


def test_docstring_examples():
    import doctest
    result = doctest.testmod(helpers.comparing)
    assert result.attempted > 30 and result.failed == 0


# --- issue 19: boundaries a refactor could move ---

def test_a_speaker_counts_only_if_named_inside_the_window():
    from helpers import annotate
    text = "أعلن وزير الخارجية الإسرائيلي في بيان رسمي جدعون ساعر أن بلاده ستفتح سفارة في باكو."
    ann = annotate(text)
    verb_end, name_start = 4, text.index("جدعون")
    assert name_start - verb_end == 39
    assert ann.query("label == 'PER'")[["start", "canonical"]].values.tolist() == [[name_start, "جدعون ساعر"]]

    def speaker(window: int) -> list:
        return sourcing_table(text, ann, window=window)[["text", "start", "end", "speaker"]].values.tolist()

    assert speaker(40) == [["أعلن", 0, 4, "جدعون ساعر"]]  # the name starts 39 characters after the verb
    assert speaker(39) == [["أعلن", 0, 4, None]]          # one character too far: nobody


def test_align_facts_never_pairs_a_quantity_with_a_date():
    from helpers import annotate
    ta = "وصل إلى باكو وفد يضم 40 من رجال الأعمال."
    tb = "وصل إلى باكو وفد في 2024 من رجال الأعمال."  # the same words around a date
    out = align_facts(ta, annotate(ta), tb, annotate(tb))
    assert out[["label", "status", "a_text", "b_text"]].fillna("-").values.tolist() == [
        ["QUANTITY", "only in A", "40", "-"], ["DATE", "only in B", "-", "2024"]]
    # the same two sentences with a quantity on both sides are paired
    tc = "وصل إلى باكو وفد يضم 30 من رجال الأعمال."
    out = align_facts(ta, annotate(ta), tc, annotate(tc))
    assert out[["label", "status", "a_text", "b_text"]].values.tolist() == [["QUANTITY", "differs", "40", "30"]]


def test_plot_similarity_is_readable_and_names_both_articles(corpus):
    """Tick labels at least 10 pt (they were 7), and a title naming the two articles instead of
    "A"/"B"; without names it says "article 1" and "article 2"."""
    import matplotlib.pyplot as plt

    m = sentence_similarity(corpus.iloc[[0]], corpus.iloc[[1]])
    fig = plot_similarity(m, names=("Anadolu Agency", "outlet unknown"))
    ax = fig.axes[0]
    ticks = ax.get_xticklabels() + ax.get_yticklabels()
    assert len(ticks) == sum(m.shape) and min(t.get_fontsize() for t in ticks) >= 10
    assert ax.get_title() == "Sentence similarity: Anadolu Agency (rows) against outlet unknown (columns)"
    fig2 = plot_similarity(m)
    assert fig2.axes[0].get_title() == "Sentence similarity: article 1 (rows) against article 2 (columns)"
    assert fig2.axes[0].get_ylabel() == "sentences of article 1"
    plt.close(fig)
    plt.close(fig2)
