"""Exact tests of helpers.comparing written for the mutants that survived ``make mutation MODULE=comparing``.

Each test pins one public result exactly (a table, a piece of HTML, a repr), on the seed
articles of data/raw or on short sentences made of their words, so that a changed constant,
comparison, sort order or column is seen. The mutants each test was written for are named in
its docstring; those that cannot change a result are listed in tests/mutation_equivalent.txt.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import (
    align_facts, align_sentences, article_sentences, changed_words, compare_corpora, diff_html, diff_words,
    facts_about, find_reporting_verbs, framing_counts, framing_html, framing_passages, load_corpus, plot_similarity,
    quotes_by_speaker, sentence_similarity, shared_passages, sourcing_table, tokenize,
)

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return load_corpus(RAW)


@pytest.fixture(scope="module")
def texts(corpus) -> tuple[str, str]:
    return tuple(corpus.set_index("doc_id").text[d] for d in ("anadolu_saar_baku", "saar_astana_baku"))


@pytest.fixture(scope="module")
def seed_alignment(corpus) -> pd.DataFrame:
    return align_sentences(corpus[corpus.doc_id.eq("anadolu_saar_baku")],
                           corpus[corpus.doc_id.eq("saar_astana_baku")])


# --------------------------------------------------------------------------- diffs

def test_changed_words_of_the_seeds_in_order(seed_alignment):
    """Sorted by removed + added, then removed, then word; pairs joined with ", " (mutants of
    changed_words: the sort keys and directions, the total, the pairs list, reset_index)."""
    words = changed_words(seed_alignment)
    assert list(words.columns) == ["word", "removed", "added", "pairs"]
    assert list(words.index) == list(range(52))
    assert words.head(9).values.tolist() == [
        ["إسرائيل", 2, 0, "23→16, 24→17"],
        ["أكتوبر", 1, 1, "25→18"],
        ["شنت", 1, 1, "24→17, 25→18"],
        ["فضلا", 1, 1, "24→17, 25→18"],
        ["الاحتلال", 0, 2, "23→16, 25→18"],
        ["جانب", 0, 2, "24→17, 25→18"],
        ["ارتكابها", 1, 0, "24→17"],
        ["الأوسط", 1, 0, "24→17"],
        ["الجارتين", 1, 0, "25→18"],
    ]
    assert words.tail(3).values.tolist() == [["مسبوق", 0, 1, "24→17"], ["وتأتي", 0, 1, "23→16"],
                                             ["يحاول", 0, 1, "23→16"]]
    assert (int(words.removed.sum()), int(words.added.sum())) == (24, 34)


# Three copied sentences in which the second text writes الاستيطان/استيطان for الاحتلال/احتلال
A_TEXT = "بدأ الاحتلال الحرب على غزة. قال الوزير إن احتلال الأرض مستمر الآن. وقال السفير إن الاحتلال يتوسع في البيت."
B_TEXT = "بدأت إسرائيل الحرب على غزة. قال الوزير إن الاستيطان في الأرض مستمر أن. وقال السفير إن استيطان يتوسع في بيت."


def test_changed_words_merges_the_article_and_shows_the_most_frequent_spelling():
    """الاحتلال (twice) and احتلال (once) are one word shown as الاحتلال; الاستيطان and
    استيطان (once each) one word shown as the first in alphabetical order; البيت (5 letters)
    and بيت one word; الآن (4 letters) and أن stay two (mutants of changed_words: the ال rule
    and its length bound, the spelling counter and the key choosing the spelling)."""
    al = align_sentences(A_TEXT, B_TEXT)
    assert al[["a_sent", "b_sent"]].values.tolist() == [[0, 0], [1, 1], [2, 2]]
    assert changed_words(al).values.tolist() == [
        ["الاحتلال", 3, 0, "0→0, 1→1, 2→2"],
        ["البيت", 1, 1, "2→2"],
        ["استيطان", 0, 2, "1→1, 2→2"],
        ["بدأ", 1, 0, "0→0"],
        ["إسرائيل", 0, 1, "0→0"],
        ["بدأت", 0, 1, "0→0"],
    ]
    with_stopwords = changed_words(al, stopwords=True)
    assert with_stopwords[with_stopwords.word.isin(["الآن", "أن", "في"])].values.tolist() == [
        ["الآن", 1, 0, "1→1"], ["أن", 0, 1, "1→1"], ["في", 0, 1, "1→1"]]


def test_diff_html_marks_nothing_for_an_insertion_on_the_other_side():
    """An inserted word is an empty span of ``a``: no empty <del></del> there, and the
    replacement after it is still marked (mutants of _marked: ``e < s``, ``break``)."""
    a = "قال الوزير إن الاتفاق مهم"
    b = "قال الوزير الأول إن الاتفاق ضروري"
    assert diff_html(a, b) == ("قال الوزير إن الاتفاق <del>مهم</del>",
                               "قال الوزير <ins>الأول</ins> إن الاتفاق <ins>ضروري</ins>")


LEGEND = ('<p dir="ltr"><del>struck, red</del>: words only in the first article · '
          '<ins>green</ins>: words only in the second</p>')


def test_shared_passages_html_of_two_sentences():
    """The whole fragment after the style: legend, header with the (escaped) names, one row
    per pair with both documents, sentence numbers and offsets, the score (mutants of
    shared_passages: the default names, header, legend, row joiner, doc columns)."""
    al = align_sentences("غادر ساعر إسرائيل أمس في جولة. وقال إن العلاقات متينة.",
                         "غادر ساعر الاحتلال أمس في جولة. وقال الوزير إن العلاقات متينة.")
    rows = ('<tr><td dir="rtl" lang="ar">غادر ساعر <del>إسرائيل</del> أمس في جولة.<br><small dir="ltr">a #0 [0:30]'
            '</small></td><td dir="rtl" lang="ar">غادر ساعر <ins>الاحتلال</ins> أمس في جولة.<br><small dir="ltr">'
            'b #0 [0:31]</small></td><td dir="ltr">0.56</td></tr>'
            '<tr><td dir="rtl" lang="ar">وقال إن العلاقات متينة.<br><small dir="ltr">a #1 [31:54]</small></td>'
            '<td dir="rtl" lang="ar">وقال <ins>الوزير</ins> إن العلاقات متينة.<br><small dir="ltr">b #1 [32:62]'
            '</small></td><td dir="ltr">0.82</td></tr>')
    view = shared_passages(al)
    assert repr(view) == "<HtmlView: 2 aligned sentence pairs>"
    body = view.html[view.html.index("</style>") + len("</style>"):]
    assert body == (LEGEND + '<table class="anc-diff" dir="rtl"><tr><th>A</th><th>B</th><th dir="ltr">score</th>'
                    '</tr>' + rows + '</table>')
    named = shared_passages(al, names=("<Anadolu>", "B & C")).html
    assert '<tr><th>&lt;Anadolu&gt;</th><th>B &amp; C</th><th dir="ltr">score</th></tr>' in named


def test_shared_passages_rows_of_the_seeds(seed_alignment):
    """Each seed pair's row ends with both articles' names, sentence numbers and offsets."""
    html = shared_passages(seed_alignment).html
    smalls = re.findall(r'<small dir="ltr">([^<]*)</small>', html)
    assert smalls == ["anadolu_saar_baku #23 [2561:2725]", "saar_astana_baku #16 [3248:3449]",
                      "anadolu_saar_baku #24 [2727:2868]", "saar_astana_baku #17 [3450:3621]",
                      "anadolu_saar_baku #25 [2870:3055]", "saar_astana_baku #18 [3622:3825]"]
    assert re.findall(r'<td dir="ltr">([^<]*)</td>', html) == ["0.66", "0.42", "0.72"]


# --------------------------------------------------------------------------- framing

def _sentence(corpus: pd.DataFrame, doc_id: str, sent_id: int) -> str:
    s = article_sentences(corpus)
    return s[s.doc_id.eq(doc_id) & s.sent_id.eq(sent_id)].text.item()


def _frame(text: str, needle: str, doc_id: str, canonical: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return {"doc_id": doc_id, "start": start, "end": start + len(needle), "label": "FRAME", "text": needle,
            "canonical": canonical}


def test_framing_html_of_one_copied_sentence(corpus):
    """The closing sentence the second seed copies from the first (the war on Gaza), as two
    one-sentence articles: the whole table and every passage list, in the order of the passages,
    with the names (escaped) in both (mutants of framing_html: the head, the rows, the empty cells,
    the joiners, the list order, the summary)."""
    ta, tb = _sentence(corpus, "anadolu_saar_baku", 25), _sentence(corpus, "saar_astana_baku", 18)
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": [ta, tb]})
    ann = pd.DataFrame([_frame(ta, "حرب إبادة", "a", "حرب الإبادة"), _frame(tb, "الاحتلال", "b", "الاحتلال"),
                        _frame(tb, "حرب إبادة", "b", "حرب الإبادة"), _frame(tb, "غارات", "b", "غارات"),
                        _frame(tb, "غارة", "b", "غارات")])
    passages = framing_passages(ann, docs)
    counts = framing_counts(passages, docs)
    assert counts.drop(columns="n_words").values.tolist() == [
        ["حرب الإبادة", "a", 1, 30.3, [0]], ["حرب الإبادة", "b", 1, 27.03, [0]], ["غارات", "a", 0, 0.0, []],
        ["غارات", "b", 2, 54.05, [0]], ["الاحتلال", "a", 0, 0.0, []], ["الاحتلال", "b", 1, 27.03, [0]]]
    view = framing_html(counts, passages, names={"b": "second <outlet>"})
    assert repr(view) == "<HtmlView: 3 terms, 5 passages>"
    html = view.html[view.html.index("</style>") + len("</style>"):]
    p = re.match(r'<table class="anc-diff"><tr><th>term</th><th>a</th><th>second &lt;outlet&gt;</th></tr>'
                 r'<tr><th dir="auto">حرب الإبادة</th><td><a href="#(anc-frame-[0-9a-f]{8})-0-0">', html).group(1)

    def item(sentence: str, term: str) -> str:
        s = sentence.index(term)
        return (f'<li dir="rtl" lang="ar">{sentence[:s]}<mark>{term}</mark>{sentence[s + len(term):]} '
                '<small dir="ltr">#0</small></li>')

    assert html == (
        '<table class="anc-diff"><tr><th>term</th><th>a</th><th>second &lt;outlet&gt;</th></tr>'
        f'<tr><th dir="auto">حرب الإبادة</th><td><a href="#{p}-0-0">1 (30.3)</a></td>'
        f'<td><a href="#{p}-0-1">1 (27.03)</a></td></tr>'
        f'<tr><th dir="auto">غارات</th><td>0</td><td><a href="#{p}-1-1">2 (54.05)</a></td></tr>'
        f'<tr><th dir="auto">الاحتلال</th><td>0</td><td><a href="#{p}-2-1">1 (27.03)</a></td></tr></table>'
        '<p><small>count (per 1,000 words); click a count for its passages</small></p>'
        f'<h4 id="{p}-0-0" dir="auto">حرب الإبادة · a</h4><ol>{item(ta, "حرب إبادة")}</ol>'
        f'<h4 id="{p}-2-1" dir="auto">الاحتلال · second &lt;outlet&gt;</h4><ol>{item(tb, "الاحتلال")}</ol>'
        f'<h4 id="{p}-0-1" dir="auto">حرب الإبادة · second &lt;outlet&gt;</h4><ol>{item(tb, "حرب إبادة")}</ol>'
        f'<h4 id="{p}-1-1" dir="auto">غارات · second &lt;outlet&gt;</h4>'
        f'<ol>{item(tb, "غارات")}{item(tb, "غارة")}</ol>')
    # the anchors depend on the passages, not on the frame's index: two views in one notebook
    # never share an anchor, and the same passages give the same anchors
    shuffled = passages.set_axis([7, 3, 9, 1, 5])
    assert framing_html(counts, shuffled, names={"b": "second <outlet>"}).html == view.html
    fewer = framing_passages(ann.iloc[:4], docs)
    other = re.search(r'href="#(anc-frame-[0-9a-f]{8})-', framing_html(framing_counts(fewer, docs), fewer).html)
    assert other.group(1) != p


# --------------------------------------------------------------------------- reuse

def test_alignment_of_the_seeds_exactly(seed_alignment):
    """Scores to three decimals, and the default document names of texts ``a`` and ``b``
    (mutants of align_sentences: the rounding, the default doc ids)."""
    assert seed_alignment[["a_sent", "b_sent", "score", "mutual", "shared_words"]].values.tolist() == [
        [23, 16, 0.658, True, 5], [24, 17, 0.424, True, 5], [25, 18, 0.719, True, 6]]
    # the three sentences alone, as two texts: named a and b; the weights (IDF) come from these
    # six sentences only, so the middle pair falls under 0.4
    a, b = (seed_alignment[c].str.cat(sep=" ") for c in ("a_text", "b_text"))
    assert align_sentences(a, b)[["a_doc", "a_sent", "b_doc", "b_sent", "score"]].values.tolist() == [
        ["a", 0, "b", 0, 0.639], ["a", 2, "b", 2, 0.696]]


def test_alignment_keeps_a_pair_scoring_exactly_min_score(corpus):
    """``min_score`` is inclusive: a pair whose score equals it is kept (mutant ``>``)."""
    m = sentence_similarity(corpus.iloc[[0]], corpus.iloc[[1]])
    score = float(m.loc[24, 17])
    assert round(score, 3) == 0.424
    kept = align_sentences(corpus.iloc[[0]], corpus.iloc[[1]], min_score=score)
    assert kept[["a_sent", "b_sent"]].values.tolist() == [[23, 16], [24, 17], [25, 18]]
    above = align_sentences(corpus.iloc[[0]], corpus.iloc[[1]], min_score=float(np.nextafter(np.float32(score),
                                                                                              np.float32(1))))
    assert above[["a_sent", "b_sent"]].values.tolist() == [[23, 16], [25, 18]]


def test_a_tie_for_the_best_match_goes_to_the_first_sentence_in_any_chunk(seed_alignment):
    """Two identical sentences of ``b`` tie for the same sentence of ``a``: the first is the mutual
    match, whether ``b`` is compared at once or one sentence at a time (mutant ``>=``)."""
    sentence = seed_alignment.a_text.iloc[0]
    for max_cells in (4_000_000, 1):
        al = align_sentences(sentence, f"{sentence} {sentence}", max_cells=max_cells)
        assert al[["a_sent", "b_sent", "mutual"]].values.tolist() == [[0, 0, True], [0, 1, False]]


# --------------------------------------------------------------------------- heatmap

def test_plot_similarity_of_the_two_seeds_exactly(corpus, seed_alignment):
    """Size, colour scale, ticks, boxes, colour bar and title of the heatmap (mutants of
    plot_similarity: the figure size, imshow's settings, the boxes' look, the colour bar)."""
    import matplotlib.pyplot as plt

    m = sentence_similarity(corpus.iloc[[0]], corpus.iloc[[1]])
    assert m.shape == (27, 19)
    fig = plot_similarity(m, alignment=seed_alignment)
    ax, bar = fig.axes
    assert tuple(fig.get_size_inches()) == pytest.approx((7, 7 * 27 / 19 * 0.8 + 1))
    im = ax.images[0]
    assert (im.get_cmap().name, im.get_clim(), ax.get_aspect(), im.get_interpolation()) == \
        ("viridis", (0.0, 1.0), "auto", "nearest")
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(i) for i in range(27)]
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(i) for i in range(19)]
    assert {t.get_fontsize() for t in ax.get_yticklabels() + ax.get_xticklabels()} == {10.0}
    assert {t.get_rotation() for t in ax.get_xticklabels()} == {90.0}
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("sentences of article 2", "sentences of article 1")
    assert [(p.get_xy(), p.get_width(), p.get_height(), p.get_fill(), p.get_edgecolor(), p.get_linewidth())
            for p in ax.patches] == [((16 - 0.5, 23 - 0.5), 1, 1, False, (1.0, 0.0, 0.0, 1.0), 1.5),
                                     ((17 - 0.5, 24 - 0.5), 1, 1, False, (1.0, 0.0, 0.0, 1.0), 1.5),
                                     ((18 - 0.5, 25 - 0.5), 1, 1, False, (1.0, 0.0, 0.0, 1.0), 1.5)]
    assert im.colorbar.ax is bar and bar.get_ylabel() == "cosine similarity (character 3–5-grams)"
    assert ax.get_position().bounds == pytest.approx((0.125, 0.11, 0.7285, 0.77))
    assert bar.get_position().bounds == pytest.approx((0.869, 0.11, 0.031, 0.77))
    assert ax.title.get_wrap()
    plt.close(fig)


def test_plot_similarity_of_many_sentences_labels_every_other_one(corpus):
    """Over 30 sentences a side, one tick every ceil(n / 30) sentences (31 rows: every other
    one); boxes of a (doc_id, sent_id) alignment are drawn where both sentences are in the matrix,
    and on axes given by the caller (mutants of step, the MultiIndex keys, ``and``)."""
    import matplotlib.pyplot as plt

    m = sentence_similarity(corpus, corpus).iloc[:31]
    al = align_sentences(corpus, corpus)
    assert m.shape == (31, 46) and len(al) == 46
    fig, ax = plt.subplots()
    assert plot_similarity(m, alignment=al, ax=ax) is fig
    rows, cols = list(m.index), list(m.columns)
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(rows[i]) for i in range(0, 31, 2)]
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(cols[i]) for i in range(0, 46, 2)]
    assert list(ax.get_yticks()) == list(range(0, 31, 2)) and list(ax.get_xticks()) == list(range(0, 46, 2))
    assert sorted(p.get_xy() for p in ax.patches) == [(i - 0.5, i - 0.5) for i in range(31)]
    plt.close(fig)
    tall = plot_similarity(sentence_similarity(corpus, corpus).iloc[:, :19])
    assert tuple(tall.get_size_inches()) == pytest.approx((7, 7 * 46 / 19 * 0.8 + 1))
    plt.close(tall)


def test_framing_passages_of_the_first_seed_exactly(corpus, texts):
    """A span in the dateline is skipped and the spans after it are kept; a span starting or
    ending exactly where a quotation does is inside it; a term without a canonical form (NaN) is
    its text; FRAME rows and ``terms`` rows together; annotations without doc_id belong to the one
    article (mutants of framing_passages: ``break``, ``<``, ``or``, ``keep =``, the columns)."""
    a = texts[0]
    quote = "إلهام علييف قائد صاحب رؤية يقود أمته إلى إنجازات باهرة"
    q = a.index(quote)
    dateline = a.index("القدس/ الأناضول") + len("القدس/ ")
    ann = pd.DataFrame({
        "start": [dateline, q, q + len(quote) - len("إنجازات باهرة"), q, a.index("إسرائيل", q)],
        "end": [dateline + 8, q + len("إلهام علييف"), q + len(quote), q + len(quote), a.index("إسرائيل", q) + 7],
        "label": ["FRAME", "FRAME", "FRAME", "QUOTE", "LOC"],
        "text": ["الأناضول", "إلهام علييف", "إنجازات باهرة", quote, "إسرائيل"],
        "canonical": ["الأناضول", "إلهام علييف", np.nan, np.nan, "إسرائيل"],
    })
    one = corpus[corpus.doc_id.eq("anadolu_saar_baku")]
    p = framing_passages(ann, one, terms={"إسرائيل": "LOC"})
    assert list(p.columns) == ["doc_id", "term", "label", "start", "end", "text", "sent_id", "sentence",
                               "in_sentence", "in_quote"]
    assert list(p.index) == [0, 1, 2]
    sent = article_sentences(one).set_index("sent_id").loc[4]
    assert sent.text == 'وقال ساعر: "إلهام علييف قائد صاحب رؤية يقود أمته إلى إنجازات باهرة".'
    s0, e = int(sent.start), q + len(quote)
    assert p.drop(columns="sentence").values.tolist() == [
        ["anadolu_saar_baku", "إلهام علييف", "FRAME", q, q + 11, "إلهام علييف", 4, (q - s0, q - s0 + 11), True],
        ["anadolu_saar_baku", "إنجازات باهرة", "FRAME", e - 13, e, "إنجازات باهرة", 4, (e - 13 - s0, e - s0), True],
        ["anadolu_saar_baku", "إسرائيل", "LOC", 760, 767, "إسرائيل", 6, (760 - 667, 767 - 667), False]]
    assert a.index("إسرائيل", q) == 760 and p.sentence.tolist()[:2] == [sent.text, sent.text]


def test_framing_passages_doc_ids_without_a_doc_id_column(texts):
    """A text is the article ``doc``; with several articles, annotations without doc_id belong to
    the one called ``doc``, and annotations of an article not in the corpus are left out
    (mutants of framing_passages and framing_counts: the default doc id, the empty sentence index)."""
    a, b = texts
    start = a.index("حرب الإبادة")
    ann = pd.DataFrame({"start": [start], "end": [start + 11], "label": ["FRAME"], "text": ["حرب الإبادة"],
                        "canonical": ["حرب الإبادة"]})
    from_text = framing_passages(ann, a)
    assert from_text[["doc_id", "start", "sent_id"]].values.tolist() == [["doc", start, 23]]
    counts = framing_counts(from_text, a)
    assert counts.values.tolist() == [["حرب الإبادة", "doc", 1, 501, 2.0, [23]]]
    assert [str(counts[c].dtype) for c in ("count", "n_words", "per_1000")] == ["int64", "int64", "float64"]
    two = pd.DataFrame({"doc_id": ["other", "doc"], "text": [b, a]})
    assert framing_passages(ann, two)[["doc_id", "start", "sent_id"]].values.tolist() == [["doc", start, 23]]
    elsewhere = ann.assign(doc_id="not in the corpus")
    assert framing_passages(elsewhere, two).empty


def test_diff_words_offsets_of_an_insertion_and_a_deletion_inside_the_sentence():
    """An inserted word sits in ``a`` at the start of the next word (not at the end of the
    sentence), a deleted one likewise in ``b`` (mutants of diff_words' empty spans)."""
    short, long = "قال الوزير إن الاتفاق مهم", "قال الوزير الأول إن الاتفاق مهم"
    assert diff_words(short, long).values.tolist() == [
        ["equal", 0, 10, "قال الوزير", 0, 10, "قال الوزير"], ["insert", 11, 11, "", 11, 16, "الأول"],
        ["equal", 11, 25, "إن الاتفاق مهم", 17, 31, "إن الاتفاق مهم"]]
    assert diff_words(long, short).values.tolist() == [
        ["equal", 0, 10, "قال الوزير", 0, 10, "قال الوزير"], ["delete", 11, 16, "الأول", 11, 11, ""],
        ["equal", 17, 31, "إن الاتفاق مهم", 11, 25, "إن الاتفاق مهم"]]


# --------------------------------------------------------------------------- two corpora

def test_a_side_without_articles_gives_an_empty_comparison_that_prints(corpus):
    """A side given as a frame with no article: no reuse and no facts, but the facts frame has
    align_facts' columns and the comparison prints (its repr read ``facts.status`` of a frame
    without columns and raised AttributeError)."""
    def annotator(c: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({"doc_id": pd.Series(dtype=object), "start": pd.Series(dtype="int64"),
                             "end": pd.Series(dtype="int64"), "label": pd.Series(dtype=object)})

    none = corpus.iloc[:0]
    one = corpus[corpus.doc_id.eq("saar_astana_baku")]
    for a, b, counts in ((none, one, "'A': 0 articles, 'B': 1 articles"),
                         (one, none, "'A': 1 articles, 'B': 0 articles")):
        cmp = compare_corpora(a, b, annotator=annotator)
        assert repr(cmp) == f"Comparison({counts}; 0 shared sentences, 0 facts that differ)"
        assert cmp.reuse.empty and cmp.facts.empty
        assert list(cmp.facts.columns) == [
            "label", "status", "score", "a_text", "a_value", "a_unit", "a_start", "a_end", "a_context",
            "b_text", "b_value", "b_unit", "b_start", "b_end", "b_context", "a_doc", "b_doc"]


QUOTED = re.compile(r'["“«]([^"”»]+)["”»]')
# speakers given by hand to the quotations of the seeds (by default Saar): a few short ones
# unattributed, and the Abraham accords (twice, two words each) to Trump, so that two speakers of
# the second seed tie on 4 quoted words
SPEAKERS = {"اتفاقيات أبراهام": "دونالد ترامب", "إكس": None, "رفيع المستوى": None, "لأمن المنطقة": None}
TERMS = (("الاحتلال", "FRAME", {"canonical": "الاحتلال"}), ("حرب الإبادة", "FRAME", {"canonical": "حرب الإبادة"}),
         ("ساعر", "PER", {"canonical": "جدعون ساعر"}), ("بيراموف", "PER", {"canonical": "جيهون بيراموف"}),
         ("أكثر من 40", "QUANTITY", {"value": 40.0}), ("أكثر من 30", "QUANTITY", {"value": 30.0}),
         ("الاثنين", "DATE", {}), ("الثلاثاء", "DATE", {}))


def _string_annotator(corpus: pd.DataFrame) -> pd.DataFrame:
    """A stand-in for annotate_corpus: the spans of TERMS found by string search, and every
    quotation between quotation marks with its speaker from SPEAKERS."""
    rows = []
    for did, text in zip(corpus.doc_id, corpus.text):
        for term, label, extra in TERMS:
            rows += [{"doc_id": did, "start": m.start(), "end": m.end(), "label": label, "text": term, **extra}
                     for m in re.finditer(re.escape(term), text)]
        rows += [{"doc_id": did, "start": m.start(1), "end": m.end(1), "label": "QUOTE", "text": m.group(1),
                  "speaker": SPEAKERS.get(m.group(1), "جدعون ساعر")} for m in QUOTED.finditer(text)]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def two_folders(tmp_path_factory) -> tuple[Path, Path]:
    """The seeds in two folders, each with a short weather report: the reports share a sentence
    with a run of exactly three words (إن الطقس جميل) and a headline with two."""
    root = tmp_path_factory.mktemp("sides")
    for side, name, weather in (
            ("a", "anadolu_saar_baku",
             "طقس باكو\n\nقال الوزير إن الطقس جميل في باكو اليوم. وصل الوفد الاقتصادي إلى باكو.\n"),
            ("b", "saar_astana_baku",
             "الطقس في باكو\n\nقال المتحدث إن الطقس جميل جدا في العاصمة باكو اليوم. وصول وفد اقتصادي لباكو.\n")):
        (root / side).mkdir()
        (root / side / f"{name}.txt").write_text((RAW / f"{name}.txt").read_text(encoding="utf-8"), encoding="utf-8")
        (root / side / "weather.txt").write_text(weather, encoding="utf-8")
    return root / "a", root / "b"


def test_compare_corpora_tables_exactly(two_folders):
    """Every table of the comparison of the two folders (mutants of compare_corpora: the
    arguments passed on, per-side sums and rates, sort orders, reset_index, and the repr)."""
    a, b = two_folders
    cmp = compare_corpora(a, b, names=("Anadolu", "other"), annotator=_string_annotator, min_score=0.3,
                          framing_terms={"جدعون ساعر": "PER"})
    assert repr(cmp) == ("Comparison('Anadolu': 2 articles, 'other': 2 articles; 6 shared sentences, "
                         "1 facts that differ)")
    assert cmp.articles.values.tolist() == [
        ["Anadolu", "Anadolu/anadolu_saar_baku", 501], ["Anadolu", "Anadolu/weather", 15],
        ["other", "other/saar_astana_baku", 627], ["other", "other/weather", 17]]
    assert str(cmp.articles.n_words.dtype) == "int64" and list(cmp.corpus.index) == [0, 1, 2, 3]
    # min_score 0.3 lets in two pairs under 0.4; min_shared_words 3 keeps the weather pair with
    # a run of three shared words and drops the headline pair with two
    assert cmp.reuse[["a_doc", "a_sent", "b_doc", "b_sent", "score", "shared_words"]].values.tolist() == [
        ["Anadolu/anadolu_saar_baku", 2, "other/saar_astana_baku", 0, 0.355, 7],
        ["Anadolu/anadolu_saar_baku", 20, "other/saar_astana_baku", 15, 0.359, 5],
        ["Anadolu/anadolu_saar_baku", 23, "other/saar_astana_baku", 16, 0.661, 5],
        ["Anadolu/anadolu_saar_baku", 24, "other/saar_astana_baku", 17, 0.426, 5],
        ["Anadolu/anadolu_saar_baku", 25, "other/saar_astana_baku", 18, 0.72, 6],
        ["Anadolu/weather", 1, "other/weather", 1, 0.65, 3]]
    # the framing terms: FRAME spans and the PER term asked for, most frequent first, per 1,000
    # words of each side (516 and 644 words)
    assert list(cmp.framing.columns) == ["term", "side", "count", "per_1000"]
    assert cmp.framing.values.tolist() == [
        ["جدعون ساعر", "Anadolu", 12, 23.26], ["جدعون ساعر", "other", 8, 12.42],
        ["الاحتلال", "Anadolu", 0, 0.0], ["الاحتلال", "other", 6, 9.32],
        ["حرب الإبادة", "Anadolu", 1, 1.94], ["حرب الإبادة", "other", 2, 3.11]]
    assert list(cmp.sourcing.columns) == ["side", "stance", "lemma", "count"]
    assert cmp.sourcing.values.tolist() == [
        ["Anadolu", "neutral", "قال", 7], ["Anadolu", "attribution", "بحسب", 3], ["Anadolu", "neutral", "أضاف", 2],
        ["Anadolu", "neutral", "تابع", 2], ["Anadolu", "neutral", "أردف", 1], ["Anadolu", "neutral", "أعلن", 1],
        ["Anadolu", "neutral", "استطرد", 1], ["Anadolu", "neutral", "دعا", 1], ["Anadolu", "attribution", "وفق", 1],
        ["other", "neutral", "قال", 6], ["other", "neutral", "أعلن", 4], ["other", "neutral", "أشار", 3],
        ["other", "neutral", "أضاف", 3], ["other", "interpretive", "اعتبر", 3], ["other", "neutral", "أوضح", 2],
        ["other", "interpretive", "أشار", 1], ["other", "neutral", "أكد", 1], ["other", "editorial", "تعبير", 1],
        ["other", "editorial", "زعم", 1], ["other", "neutral", "لفت", 1], ["other", "editorial", "لهجة", 1],
        ["other", "neutral", "نقل", 1], ["other", "interpretive", "وصف", 1], ["other", "attribution", "وفق", 1]]
    assert list(cmp.quotes.columns) == ["side", "speaker", "quotes", "words"]
    assert cmp.quotes.values.tolist() == [
        ["Anadolu", "جدعون ساعر", 12, 208], ["Anadolu", "(unattributed)", 1, 1],
        ["other", "جدعون ساعر", 10, 88], ["other", "(unattributed)", 2, 4], ["other", "دونالد ترامب", 2, 4]]
    assert cmp.facts[["status", "a_text", "b_text", "a_doc", "b_doc"]].fillna("-").values.tolist() == [
        ["differs", "الاثنين", "الثلاثاء", "Anadolu/anadolu_saar_baku", "other/saar_astana_baku"],
        ["same", "أكثر من 40", "أكثر من 40", "Anadolu/anadolu_saar_baku", "other/saar_astana_baku"],
        ["only in A", "أكثر من 30", "-", "Anadolu/anadolu_saar_baku", "other/saar_astana_baku"],
        ["only in B", "-", "الاثنين", "Anadolu/anadolu_saar_baku", "other/saar_astana_baku"],
        ["only in B", "-", "أكثر من 30", "Anadolu/anadolu_saar_baku", "other/saar_astana_baku"]]
    assert list(cmp.facts.index) == [0, 1, 2, 3, 4]
    assert cmp.annotations[cmp.annotations.label.eq("QUOTE")].shape[0] == 27


# --------------------------------------------------------------------------- sourcing and quotes

def test_quotes_by_speaker_exactly(texts):
    """Two articles, three speakers (one with an empty name, so unattributed), shares to three
    decimals and rates to one, sorted by article, words (most first) and speaker (mutants of
    quotes_by_speaker: the unattributed test, rounding, sort directions, reset_index)."""
    a, b = texts

    def quote(text: str, doc: str, words: str, speaker) -> dict:
        start = text.index(words)
        return {"doc_id": doc, "label": "QUOTE", "start": start, "end": start + len(words), "text": words,
                "speaker": speaker}

    ann = pd.DataFrame([
        quote(b, "saar_astana_baku", "اتفاقيات أبراهام", "دونالد ترامب"),
        quote(b, "saar_astana_baku", "الاستقرار الإقليمي لن يتحقق دون ذلك", "جدعون ساعر"),
        quote(b, "saar_astana_baku", "رفيع المستوى", ""),
        quote(a, "anadolu_saar_baku", "أتطلع إلى استضافتكم قريبا", "جدعون ساعر"),
        quote(a, "anadolu_saar_baku", "إكس", None),
    ])
    corpus = pd.DataFrame({"doc_id": ["anadolu_saar_baku", "saar_astana_baku"], "text": [a, b]})
    q = quotes_by_speaker(ann, corpus)
    assert list(q.columns) == ["doc_id", "speaker", "quotes", "words", "share", "per_1000"]
    assert q.values.tolist() == [
        ["anadolu_saar_baku", "جدعون ساعر", 1, 4, 0.8, 8.0],
        ["anadolu_saar_baku", "(unattributed)", 1, 1, 0.2, 2.0],
        ["saar_astana_baku", "جدعون ساعر", 1, 6, 0.6, 9.6],
        ["saar_astana_baku", "(unattributed)", 1, 2, 0.2, 3.2],
        ["saar_astana_baku", "دونالد ترامب", 1, 2, 0.2, 3.2]]
    # without doc_id: one article, "doc"; three speakers with two words each share a third each
    thirds = pd.DataFrame([quote(b, "-", "اتفاقيات أبراهام", "دونالد ترامب"), quote(b, "-", "رفيع المستوى", ""),
                           quote(b, "-", "لأمن المنطقة", "جدعون ساعر")]).drop(columns="doc_id")
    assert quotes_by_speaker(thirds).values.tolist() == [
        ["doc", "(unattributed)", 1, 2, 0.333], ["doc", "جدعون ساعر", 1, 2, 0.333],
        ["doc", "دونالد ترامب", 1, 2, 0.333]]


def test_quotes_by_speaker_without_quotations_has_typed_columns(texts):
    """No QUOTE row: an empty table with the same columns and dtypes as a full one (mutants of
    the empty frame's columns and dtypes)."""
    a = texts[0]
    ann = pd.DataFrame({"label": ["PER"], "start": [0], "end": [4], "text": ["ساعر"], "speaker": [None]})
    without = quotes_by_speaker(ann)
    assert {c: str(t) for c, t in without.dtypes.items()} == {
        "doc_id": "object", "speaker": "object", "quotes": "int64", "words": "int64", "share": "float64"}
    with_corpus = quotes_by_speaker(ann, pd.DataFrame({"doc_id": ["d"], "text": [a]}))
    assert {c: str(t) for c, t in with_corpus.dtypes.items()} == {
        "doc_id": "object", "speaker": "object", "quotes": "int64", "words": "int64", "share": "float64",
        "per_1000": "float64"}
    assert without.empty and with_corpus.empty


def test_a_speaker_without_canonical_form_is_named_by_its_text():
    """A PER span whose canonical form is missing or empty is named by its text; a quotation
    whose speaker is empty names nobody (mutants of _named)."""
    text = "وقال ساعر إن التعاون مهم. وأكد بيراموف ذلك. زاعما أن “الاستقرار لن يتحقق”."
    ann = pd.DataFrame({
        "start": [5, text.index("بيراموف"), text.index("الاستقرار")],
        "end": [9, text.index("بيراموف") + 7, text.index("يتحقق") + 5],
        "label": ["PER", "PER", "QUOTE"], "text": ["ساعر", "بيراموف", "الاستقرار لن يتحقق"],
        "canonical": [None, "", None], "speaker": [None, None, ""]})
    assert sourcing_table(text, ann)[["text", "speaker"]].values.tolist() == [
        ["وقال", "ساعر"], ["وأكد", "بيراموف"], ["زاعما", "بيراموف"]]
    named = ann.assign(speaker=[None, None, "جدعون ساعر"])
    assert sourcing_table(text, named)[["text", "speaker"]].values.tolist()[2] == ["زاعما", "جدعون ساعر"]


def _span(text: str, needle: str, label: str, nth: int = 0, **cols) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return {"start": start, "end": start + len(needle), "label": label, "text": needle, **cols}


def test_reporting_verbs_speakers_by_word_order():
    """``ساعر قال لبيراموف``: the subject before the verb, not the addressee two letters after it;
    a name span that ends right at the verb (its space included) is the subject; a participle
    keeps its sentence's speaker even before another speaker's quotation; an attribution's source
    never continues as the speaker of وأضاف; an attribution stops at the clause's end, and in a
    headline without punctuation at the headline's end (mutants of sourcing_table and
    _subject_before: the window after the verb, the participle chain, the attribution rules)."""
    t = "ساعر قال لبيراموف إن العلاقات متينة."
    ann = pd.DataFrame([_span(t, "ساعر", "PER", canonical="جدعون ساعر"),
                        _span(t, "بيراموف", "PER", canonical="جيهون بيراموف")])
    assert sourcing_table(t, ann)[["text", "speaker"]].values.tolist() == [["قال", "جدعون ساعر"]]
    glued = pd.DataFrame([{"start": 0, "end": 5, "label": "PER", "text": "ساعر ", "canonical": "جدعون ساعر"}])
    assert sourcing_table(t, glued)[["text", "speaker"]].values.tolist() == [["قال", "جدعون ساعر"]]

    t = "وقال ساعر إن التعاون مهم، مشيرا إلى أن “الاستقرار لن يتحقق”."
    ann = pd.DataFrame([_span(t, "ساعر", "PER", canonical="جدعون ساعر"),
                        _span(t, "الاستقرار لن يتحقق", "QUOTE", speaker="جيهون بيراموف")])
    assert sourcing_table(t, ann)[["text", "speaker"]].values.tolist() == [["وقال", "جدعون ساعر"],
                                                                         ["مشيرا", "جدعون ساعر"]]

    t = ("وقال ساعر إن التعاون مهم بحسب وزارة الخارجية. وأضاف أن التجارة نمت. "
         "بحسب الوزارة، قال بيراموف إن العلاقات جيدة.")
    ann = pd.DataFrame([_span(t, "ساعر", "PER", canonical="جدعون ساعر"),
                        _span(t, "وزارة الخارجية", "ORG", canonical="وزارة الخارجية"),
                        _span(t, "بيراموف", "PER", canonical="جيهون بيراموف")])
    table = sourcing_table(t, ann)
    assert list(table.columns) == ["doc_id", "sent_id", "start", "end", "text", "form", "lemma", "gloss", "stance",
                                   "kind", "editorial", "speaker", "sentence"]
    assert table[["sent_id", "text", "stance", "speaker"]].fillna("-").values.tolist() == [
        [0, "وقال", "neutral", "جدعون ساعر"], [0, "بحسب", "attribution", "وزارة الخارجية"],
        [1, "وأضاف", "neutral", "جدعون ساعر"], [2, "بحسب", "attribution", "-"], [2, "قال", "neutral", "جيهون بيراموف"]]
    assert table[["form", "gloss", "kind"]].values.tolist()[:2] == [["قال", "said", "finite"],
                                                                   ["بحسب", "according to", "phrase"]]

    t = "وصول ساعر بحسب مصادر\n\nساعر قال إن العلاقات متينة."
    ann = pd.DataFrame([_span(t, "ساعر", "PER", 1, canonical="جدعون ساعر")])
    assert sourcing_table(t, ann)[["text", "start", "speaker"]].fillna("-").values.tolist() == [
        ["بحسب", 10, "-"], ["قال", 27, "جدعون ساعر"]]


def test_sourcing_default_window_is_40_characters():
    """The name starts 40 characters after the verb (a shadda more than in the boundary test of
    test_comparing): out of the default window (mutant ``window=41``)."""
    text = "أعلن وزير الخارجية الإسرائيلي في بيان رسميّ جدعون ساعر أن بلاده ستفتح سفارة في باكو."
    start = text.index("جدعون")
    assert start - 4 == 40
    ann = pd.DataFrame([{"start": start, "end": start + 10, "label": "PER", "text": "جدعون ساعر",
                         "canonical": "جدعون ساعر"}])
    assert sourcing_table(text, ann)[["text", "speaker"]].values.tolist() == [["أعلن", None]]
    assert sourcing_table(text, ann, window=41)[["text", "speaker"]].values.tolist() == [["أعلن", "جدعون ساعر"]]


def test_sourcing_of_two_articles_reads_each_articles_annotations(texts):
    """With doc_id, an article's verbs see only its own annotations (mutant: the doc filter)."""
    a = "وقال ساعر إن التعاون مهم."
    ann = pd.DataFrame([dict(_span(a, "ساعر", "PER", canonical="جدعون ساعر"), doc_id="one")])
    corpus = pd.DataFrame({"doc_id": ["one", "two"], "text": [a, "وقال بيراموف إن التعاون مهم."]})
    assert sourcing_table(corpus, ann)[["doc_id", "text", "speaker"]].fillna("-").values.tolist() == [
        ["one", "وقال", "جدعون ساعر"], ["two", "وقال", "-"]]


def test_multi_word_forms_match_across_any_whitespace():
    """وفق تعبيره written with two spaces (mutants of _verb_pattern
    and find_reporting_verbs: the \\s+ between the words of a form)."""
    v = find_reporting_verbs("وفق  تعبيره، وبحسب\nالمصادر")
    assert v[["start", "end", "text", "form", "lemma"]].values.tolist() == [
        [0, 11, "وفق  تعبيره", "وفق تعبيره", "تعبير"], [13, 18, "وبحسب", "بحسب", "بحسب"]]


# --------------------------------------------------------------------------- facts

def _seed_facts(texts) -> tuple[pd.DataFrame, pd.DataFrame]:
    a, b = texts
    aa = pd.DataFrame([_span(a, "أكثر من 40", "QUANTITY", value=40, unit=None),
                       _span(a, "50 بالمئة", "QUANTITY", value=50.0, unit="%"),
                       _span(a, "8 أكتوبر/ تشرين الأول 2023", "DATE", value="2023-10-08"),
                       _span(a, "الاثنين", "DATE", value=""), _span(a, "2024", "DATE", value="2024")])
    ab = pd.DataFrame([_span(b, "أكثر من 30", "QUANTITY", value=30.0, unit=None),
                       _span(b, "أكثر من 40", "QUANTITY", value=41.0, unit="رجل أعمال"),
                       _span(b, "8 تشرين الأول/أكتوبر 2023", "DATE", value="2023-10-08"),
                       _span(b, "7 تشرين الثاني/نوفمبر 2025", "DATE", value="2025-11-07"),
                       _span(b, "الثلاثاء", "DATE", value="")])
    return aa, ab


def test_align_facts_of_the_seeds_exactly(texts):
    """Every status, in the order differs, same, only in A, only in B, then label and position;
    scores to three decimals; a quantity whose unit only one side knows is paired; weekdays
    without a value compare their text; the missing side's cells are None (mutants of align_facts:
    the order, the unit mask, the rounding, the columns, the sides' prefixes; of _missing)."""
    a, b = texts
    aa, ab = _seed_facts(texts)
    f = align_facts(a, aa, b, ab)
    assert list(f.columns) == ["label", "status", "score", "a_text", "a_value", "a_unit", "a_start", "a_end",
                               "a_context", "b_text", "b_value", "b_unit", "b_start", "b_end", "b_context"]
    assert list(f.index) == list(range(7))
    shown = f[["label", "status", "score", "a_text", "a_start", "b_text", "b_start"]].astype(object).fillna("-")
    assert shown.values.tolist() == [
        ["DATE", "differs", 0.634, "الاثنين", 260, "الثلاثاء", 118],
        ["QUANTITY", "differs", 0.405, "أكثر من 40", 2298, "أكثر من 40", 3199],
        ["DATE", "same", 0.64, "8 أكتوبر/ تشرين الأول 2023", 2874, "8 تشرين الأول/أكتوبر 2023", 3626],
        ["DATE", "only in A", "-", "2024", 1597, "-", "-"],
        ["QUANTITY", "only in A", "-", "50 بالمئة", 1578, "-", "-"],
        ["DATE", "only in B", "-", "-", "-", "7 تشرين الثاني/نوفمبر 2025", 1196],
        ["QUANTITY", "only in B", "-", "-", "-", "أكثر من 30", 633]]
    assert f.a_value.tolist() == ["", 40, "2023-10-08", "2024", 50.0, None, None]
    assert f.b_value.tolist() == ["", 41.0, "2023-10-08", None, None, "2025-11-07", 30.0]
    assert f.b_unit.tolist()[1] == "رجل أعمال" and f.a_unit.tolist()[4] == "%"
    assert f.a_context.tolist()[0] == "أعلن وزير الخارجية الإسرائيلي جدعون ساعر أن تل أبيب تسعى إلى توطيد"
    # the other way round: the unit known on the A side only, still paired
    g = align_facts(b, ab, a, aa)
    assert g[g.status.eq("differs") & g.label.eq("QUANTITY")][["a_text", "a_unit", "b_text"]].values.tolist() == [
        ["أكثر من 40", "رجل أعمال", "أكثر من 40"]]


def test_align_facts_same_value_rules(texts):
    """An article against itself: every fact is the same. 40 and 40.0 are the same number; a
    value missing on one side compares the text; a weekday without a value (NaN) compares its
    text; equal known units stay the same (mutants of _same_value and _missing)."""
    a, _ = texts
    aa = pd.DataFrame([_span(a, "أكثر من 40", "QUANTITY", value=40, unit="عضو"),
                       _span(a, "50 بالمئة", "QUANTITY", value=50.0, unit="%"),
                       _span(a, "الاثنين", "DATE", value=np.nan), _span(a, "2024", "DATE", value="2024")])
    ab = aa.assign(value=[40.0, None, np.nan, "2024"])
    f = align_facts(a, aa, a, ab)
    assert f[["label", "status", "score", "a_text"]].values.tolist() == [
        ["DATE", "same", 1.0, "الاثنين"], ["DATE", "same", 1.0, "2024"],
        ["QUANTITY", "same", 1.0, "50 بالمئة"], ["QUANTITY", "same", 1.0, "أكثر من 40"]]


def test_align_facts_with_only_unpaired_facts_has_no_scores():
    """Incompatible units: nothing is paired, and the score column holds None (mutants of the
    score key of the unpaired rows)."""
    ta, tb = "ارتفع التبادل 50 بالمئة هذا العام.", "ارتفع التبادل 50 مليون دولار هذا العام."
    aa = pd.DataFrame([_span(ta, "50 بالمئة", "QUANTITY", value=50.0, unit="%")])
    ab = pd.DataFrame([_span(tb, "50 مليون دولار", "QUANTITY", value=5e7, unit="USD")])
    f = align_facts(ta, aa, tb, ab)
    assert f.score.tolist() == [None, None]
    assert f[["status", "a_text", "b_text"]].fillna("-").values.tolist() == [
        ["only in A", "50 بالمئة", "-"], ["only in B", "-", "50 مليون دولار"]]


def test_fact_contexts_stay_inside_their_sentence_or_take_the_whole_text(texts):
    """A fact in the first sentence (the headline) takes its words from the headline only, none from
    the subheadline after it; a fact outside every sentence (the dateline) from the whole text
    around it, from its first word (mutants of _fact_contexts: ``i >= 0`` and its bounds, the joiner)."""
    a = texts[0]
    dateline = a.index("الأناضول", a.index("القدس/"))
    aa = pd.DataFrame([_span(a, "الاستراتيجية", "QUANTITY", value=1.0),
                       {"start": dateline, "end": dateline + 8, "label": "QUANTITY", "text": "الأناضول", "value": 2.0}])
    f = align_facts(a, aa, a, aa.iloc[:0], width=3)
    assert f[["a_text", "a_context"]].values.tolist() == [
        ["الاستراتيجية", "نسعى لتوطيد علاقتنا"],
        ["الأناضول", "والزراعة والسياحة القدس أعلن وزير الخارجية"]]
    wide = align_facts(a, aa.iloc[[1]], a, aa.iloc[:0], width=40).a_context.item()
    assert wide.startswith("وزير خارجية إسرائيل من أذربيجان نسعى")


# --------------------------------------------------------------------------- sentences

def test_sentence_frames_are_taken_as_they_are(corpus):
    """Sentence frames (article_sentences' columns) keep their sentence numbers, offsets and doc
    ids; without doc_id they are ``a`` and ``b``; the similarity matrix is labelled by the
    sentence numbers and kept in float32 (mutants of _sentences, sentence_similarity's index and
    _vectorizer's dtype)."""
    s = article_sentences(corpus)
    sa = s[s.doc_id.eq("anadolu_saar_baku") & s.sent_id.between(22, 26)]
    sb = s[s.doc_id.eq("saar_astana_baku") & s.sent_id.between(15, 19)]
    cols = ["a_doc", "a_sent", "a_start", "b_doc", "b_sent", "b_start", "score"]
    assert align_sentences(sa, sb)[cols].values.tolist() == [
        ["anadolu_saar_baku", 23, 2561, "saar_astana_baku", 16, 3248, 0.646],
        ["anadolu_saar_baku", 25, 2870, "saar_astana_baku", 18, 3622, 0.695]]
    bare = align_sentences(sa.drop(columns="doc_id"), sb.drop(columns="doc_id"))
    assert bare[cols].values.tolist() == [["a", 23, 2561, "b", 16, 3248, 0.646], ["a", 25, 2870, "b", 18, 3622, 0.695]]
    m = sentence_similarity(sa, sb)
    assert (m.index.name, m.columns.name, list(m.index), list(m.columns)) == (
        "sent_id", "sent_id", [22, 23, 24, 25, 26], [15, 16, 17, 18])
    assert m.to_numpy().dtype == np.float32


def test_similarity_ignores_hamza_and_diacritics():
    """Sentences are compared by their matching key (mutants of _vectorizer's preprocessor)."""
    m = sentence_similarity("أعلنَ الوزيرُ إنّ التعاون مهم.", "اعلن الوزير ان التعاون مهم.")
    assert round(float(m.iloc[0, 0]), 3) == 1.0


def test_article_sentences_of_a_text_is_doc_and_errors_say_what_was_given():
    """A text is the article ``doc``; the errors name what was given and what is expected
    (mutants of the default doc id and of the messages)."""
    assert article_sentences("قال الوزير شيئا.")[["doc_id", "sent_id", "text"]].values.tolist() == [
        ["doc", 0, "قال الوزير شيئا."]]
    with pytest.raises(TypeError) as e:
        article_sentences(5)
    assert str(e.value) == "expected an article text (str) or a frame, got int"
    with pytest.raises(ValueError) as e:
        sourcing_table("قال", pd.DataFrame({"start": [0]}))
    assert str(e.value) == ("annotations lack the column(s) end, label; expected start, end, label, text, canonical, "
                            "source, speaker, value, unit as helpers.annotate gives")
    with pytest.raises(TypeError) as e:
        sourcing_table("قال", [1])
    assert str(e.value) == "annotations must be a DataFrame (helpers.annotate gives one), got list"


def test_pairs_sharing_no_word_are_kept_by_default():
    """Clitics change every word, yet the characters match: kept unless min_shared_words asks for
    a shared word (mutant of its default, 0)."""
    a, b = "وقعت الحكومتان بالاتفاقيات الاقتصادية الجديدة.", "وللحكومتين والاتفاقيات والاقتصادية والجديدة"
    assert align_sentences(a, b)[["a_sent", "b_sent", "score", "shared_words"]].values.tolist() == [[0, 0, 0.445, 0]]
    assert align_sentences(a, b, min_shared_words=1).empty


def test_facts_about_without_words_says_how_to_ask():
    with pytest.raises(ValueError) as e:
        facts_about(pd.DataFrame({"a_context": [], "b_context": []}))
    assert str(e.value) == "name at least one word to look for, e.g. facts_about(facts, 'وفد')"


def test_a_span_starting_where_a_sentence_ends_is_in_no_sentence(texts):
    """The line break after the headline belongs to no sentence (mutant of _sentence_index: ``<=``)."""
    a = texts[0]
    end = int(article_sentences(a).end.iloc[0])
    assert a[end] == "\n"
    ann = pd.DataFrame({"start": [end, end + 2], "end": [end + 1, end + 6], "label": ["FRAME", "FRAME"],
                        "text": ["\n", a[end + 2:end + 6]], "canonical": [None, None]})
    assert framing_passages(ann, a)[["start", "sent_id"]].values.tolist() == [[end + 2, 1]]


def test_a_verb_ending_a_headline_takes_no_name_from_the_body():
    """``ساعر قال`` as a headline: the speaker is the subject before the verb, not the name that
    opens the next paragraph; nor does a verb that ends the text look past it (mutant of
    _skip_space: ``pos <= end``)."""
    t = "ساعر قال\n\nبيراموف يرد على الرسالة."
    ann = pd.DataFrame([{"start": 0, "end": 4, "label": "PER", "text": "ساعر", "canonical": "جدعون ساعر"},
                        {"start": 10, "end": 17, "label": "PER", "text": "بيراموف", "canonical": "جيهون بيراموف"}])
    assert sourcing_table(t, ann)[["text", "sent_id", "speaker"]].values.tolist() == [["قال", 0, "جدعون ساعر"]]
    assert sourcing_table("ساعر قال", ann.iloc[:1])[["text", "speaker"]].values.tolist() == [["قال", "جدعون ساعر"]]


def _long_sentence(corpus: pd.DataFrame) -> list[str]:
    s = article_sentences(corpus)
    body = " ".join(s[s.doc_id.eq("anadolu_saar_baku") & s.part.eq("body")].text)
    return re.sub(r'[.؟!:"،]', "", body).split()[:230]


def test_long_sentences_keep_frequent_words(corpus):
    """In sentences of 200 words and more, difflib's autojunk would ignore words that make up over
    1% of them (في here): two edits around في stay two, with في equal between them; and the
    longest shared run, seven words with في in the middle (every fourth word changed elsewhere),
    is found (mutants of diff_words and _longest_shared_run: autojunk)."""
    words = _long_sentence(corpus)
    i = words.index("في")
    assert words[i - 3:i + 4] == ["أذربيجان", "وتعزيز", "الشراكة", "في", "قطاعات", "بينها", "الطاقة"]
    changed = words[:i - 1] + ["أولا", "في", "ثانيا"] + words[i + 2:]
    d = diff_words(" ".join(words), " ".join(changed))
    assert d[d.op != "equal"][["op", "a_text", "b_text"]].values.tolist() == [
        ["replace", "الشراكة", "أولا"], ["replace", "قطاعات", "ثانيا"]]
    every_fourth = [w if k % 4 != 3 or abs(k - i) <= 3 else w + "ات" for k, w in enumerate(words)]
    a, b = " ".join(words) + ".", " ".join(every_fourth) + "."
    assert len(tokenize(b)) == 238
    assert align_sentences(a, b)[["score", "shared_words"]].values.tolist() == [[0.859, 7]]

def test_facts_compare_each_article_with_its_closest_by_matching_key():
    """The same sentence plain and fully vocalized is one text once normalized: the vocalized B
    article ties with both A articles and goes with the first (mutant: the closest article found
    without the matching key would be the vocalized copy)."""
    def numbers(c: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame([{"doc_id": d, "start": m.start(), "end": m.end(), "label": "QUANTITY",
                              "text": m.group(), "value": float(m.group())}
                             for d, t in zip(c.doc_id, c.text) for m in re.finditer(r"\d+", t)])

    plain = "وصل وفد يضم أكثر من 40 من رجال الأعمال إلى باكو."
    vocalized = "وَصَلَ وَفْدٌ يَضُمُّ أَكْثَرَ مِنْ 40 مِنْ رِجَالِ الْأَعْمَالِ إِلَى بَاكُو."
    a = pd.DataFrame({"doc_id": ["plain", "vocalized"], "text": [plain, vocalized]})
    b = pd.DataFrame({"doc_id": ["vocalized", "again"], "text": [vocalized, plain]})
    cmp = compare_corpora(a, b, annotator=numbers)
    assert cmp.facts[["status", "a_text", "a_doc", "b_doc"]].values.tolist() == [
        ["same", "40", "A/plain", "B/vocalized"], ["same", "40", "A/plain", "B/again"]]
    assert list(cmp.facts.index) == [0, 1]


def test_sourcing_table_details():
    """A text is the article ``doc``; a verb in the dateline is skipped and the body's verbs still
    counted; an article without verbs does not stop the next; a caller's table is used (mutants
    of sourcing_table: the default doc id, ``break``, the table passed on)."""
    text = "وصول ساعر إلى باكو\n\nأعلن/ الأناضول\n\nوقال ساعر إن التعاون مهم."
    ann = pd.DataFrame([_span(text, "ساعر", "PER", 1, canonical="جدعون ساعر")])
    assert sourcing_table(text, ann)[["doc_id", "sent_id", "start", "text", "speaker"]].values.tolist() == [
        ["doc", 1, 36, "وقال", "جدعون ساعر"]]
    corpus = pd.DataFrame({"doc_id": ["quiet", "loud"], "text": ["وصل الوفد إلى باكو.", text]})
    assert sourcing_table(corpus, ann.assign(doc_id="loud"))[["doc_id", "text"]].values.tolist() == [["loud", "وقال"]]
    mine = pd.DataFrame([("وصول", "وصل", "arrival", "neutral", "finite", "")],
                        columns=["form", "lemma", "gloss", "stance", "kind", "note"])
    assert sourcing_table(text, ann, table=mine)[["text", "lemma", "speaker"]].values.tolist() == [
        ["وصول", "وصل", None]]


def test_a_multi_word_form_across_a_line_break():
    """Normalizing keeps a line break: وفق / تعبيره on two lines is still the phrase (mutants of
    the \\s+ between a form's words)."""
    assert find_reporting_verbs("وفق\nتعبيره، و")[["text", "form", "stance"]].values.tolist() == [
        ["وفق\nتعبيره", "وفق تعبيره", "editorial"]]


def test_compare_corpora_errors_say_what_is_wrong(corpus):
    one = corpus.iloc[[0]]
    with pytest.raises(ValueError) as e:
        compare_corpora(one, one, names=("x", "x"), annotator=_string_annotator)
    assert str(e.value) == "the two sides need different names"
    with pytest.raises(ValueError) as e:
        compare_corpora(one, one, annotator=lambda c: _string_annotator(c).drop(columns="doc_id"))
    assert str(e.value) == "the annotator must return a doc_id column for a corpus"


def test_an_empty_side_lists_no_fact_of_the_other(corpus):
    """With one side empty the other side's annotations give no fact row (mutants of the empty
    facts frame)."""
    one = corpus[corpus.doc_id.eq("saar_astana_baku")]
    def facts_only(c: pd.DataFrame) -> pd.DataFrame:
        found = _string_annotator(c)
        return found[found.label.isin(["QUANTITY", "DATE"])]

    for a, b in ((corpus.iloc[:0], one), (one, corpus.iloc[:0])):
        cmp = compare_corpora(a, b, annotator=facts_only)
        assert len(cmp.annotations) > 0 and cmp.facts.empty


def test_plot_similarity_keeps_its_sizes_and_colours_under_another_style(corpus):
    """Tick labels stay 10 pt and the colour map viridis when the notebook's style says
    otherwise; a one-sentence side gets a figure as for one row (mutants of the explicit
    fontsize and cmap, and of max(1, n))."""
    import matplotlib.pyplot as plt

    m = sentence_similarity(corpus.iloc[[0]], corpus.iloc[[1]])
    with plt.rc_context({"font.size": 14, "xtick.labelsize": 14, "ytick.labelsize": 14, "image.cmap": "gray"}):
        fig = plot_similarity(m)
        ax = fig.axes[0]
        assert {t.get_fontsize() for t in ax.get_yticklabels() + ax.get_xticklabels()} == {10.0}
        assert ax.images[0].get_cmap().name == "viridis"
        plt.close(fig)
    row = plot_similarity(m.iloc[:1])
    assert tuple(row.get_size_inches()) == pytest.approx((7, 7 * 1 / 19 * 0.8 + 1))
    plt.close(row)
    column = plot_similarity(m.iloc[:, :1])
    assert tuple(column.get_size_inches()) == pytest.approx((7, 7 * 27 / 1 * 0.8 + 1))
    plt.close(column)


def test_plot_similarity_of_an_article_without_sentences():
    """An empty article gives an empty matrix, still drawn (mutant of step: ceil(0 / 30) = 0)."""
    import matplotlib.pyplot as plt

    m = sentence_similarity("", "قال الوزير شيئا.")
    assert m.shape == (0, 1)
    with pytest.warns(UserWarning, match="singular"):
        fig = plot_similarity(m)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["0"]
    plt.close(fig)
