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
    align_sentences, article_sentences, changed_words, compare_corpora, diff_html, diff_words, framing_counts, framing_html, framing_passages,
    load_corpus, plot_similarity, sentence_similarity, shared_passages,
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
