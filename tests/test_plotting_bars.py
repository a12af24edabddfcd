"""Plotting: the bar figures (grouped_bars_figure, entity_mentions_figure, small_multiples_figure)
where mutation testing found them unchecked: their error messages, their defaults and what the
figures of notebook 04 (tests/test_plotting_snapshots.py) never reach. Checked on the Axes (texts,
bars, colours, limits), never on pixels; labels are names from the two articles."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

import helpers.plotting as plotting  # noqa: E402
from helpers import for_plot, matplotlib_shapes_text  # noqa: E402

LRM = "\u200e" if matplotlib_shapes_text() else ""


def glossed(arabic: str, english: str) -> str:
    """A label as the figures show it: the Arabic for matplotlib, then its English."""
    return f"{LRM}{for_plot(arabic)} ({english})"


# --------------------------------------------------------------------------- messages

def test_the_bar_figures_name_what_is_missing_and_refuse_an_empty_table():
    """A table without a column the figure needs gets a message naming the argument, the missing
    column and the columns it has; an empty table gets "nothing to draw", not an empty figure."""
    words = pd.DataFrame({"doc_id": ["a"], "word": ["باكو"]})            # Baku, but no count
    with pytest.raises(ValueError) as err:
        plotting.small_multiples_figure(words)
    assert str(err.value) == "counts: missing column(s) ['count']; got ['doc_id', 'word']"
    terms = pd.DataFrame({"doc_id": ["a"], "count": [3]})
    with pytest.raises(ValueError) as err:
        plotting.grouped_bars_figure(terms, category="term")
    assert str(err.value) == "counts: missing column(s) ['term']; got ['doc_id', 'count']"
    mentions = pd.DataFrame({"doc_id": ["a"], "text": ["جدعون ساعر"]})      # Gideon Saar, no label
    with pytest.raises(ValueError) as err:
        plotting.entity_mentions_figure(mentions)
    assert str(err.value) == "annotations: missing column(s) ['label']; got ['doc_id', 'text']"

    empty = pd.DataFrame({"doc_id": [], "word": [], "term": [], "count": []})
    for draw in (lambda: plotting.small_multiples_figure(empty),
                 lambda: plotting.grouped_bars_figure(empty, category="term")):
        with pytest.raises(ValueError) as err:
            draw()
        assert str(err.value) == "counts is empty: nothing to draw"


# --------------------------------------------------------------------------- grouped bars

def test_grouped_bars_add_up_repeated_rows_and_break_ties_by_name():
    """Rows repeating a (term, article) pair are added up (غزة "Gaza" in a: 2 + 1); equal
    totals are ordered by name whatever order the table comes in (here a categorical column
    that puts غزة first); no axis label and no title unless asked."""
    terms = pd.Categorical(["غزة", "غزة", "غزة", "إسرائيل", "إسرائيل"], categories=["غزة", "إسرائيل"])
    counts = pd.DataFrame({"doc_id": ["a", "a", "b", "a", "b"], "term": terms, "count": [2, 1, 1, 3, 1]})
    fig = plotting.grouped_bars_figure(counts, category="term")
    ax = fig.axes[0]
    # both total 4: إسرائيل (Israel) before غزة (Gaza) by name, so at the top
    assert [(t.get_text(), t.get_position()[1]) for t in ax.get_yticklabels()] == [
        (glossed("إسرائيل", "Israel"), 1), (glossed("غزة", "Gaza"), 0)]
    # bars 0.4 high, article a's above article b's: (bottom, length, colour)
    bars = [(round(p.get_y(), 4), p.get_width(), p.get_facecolor()) for p in ax.patches]
    assert bars == [(1, 3, to_rgba("C0")), (0, 3, to_rgba("C0")),           # a: Israel 3, Gaza 2 + 1
                    (0.6, 1, to_rgba("C1")), (-0.4, 1, to_rgba("C1"))]      # b: Israel 1, Gaza 1
    assert [t.get_text() for t in ax.texts] == ["3", "3", "1", "1"]
    assert ax.get_xlabel() == "" and ax.get_ylabel() == ""
    assert fig.get_suptitle() == "" and ax.get_title() == ""
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


# --------------------------------------------------------------------------- small multiples

def test_small_multiples_show_the_ten_commonest_words_by_default_in_the_colour_asked():
    """Without ``n``, each panel shows its 10 commonest words (of 12 here), in the colour asked
    for, with room for exactly 10 rows; no axis label and no title unless asked."""
    shown = [("غزة", "Gaza"), ("إسرائيل", "Israel"), ("باكو", "Baku"), ("أستانا", "Astana"),
             ("كازاخستان", "Kazakhstan"), ("أذربيجان", "Azerbaijan"), ("الاحتلال", "the occupation"),
             ("ساعر", "Saar"), ("علييف", "Aliyev"), ("القدس", "Jerusalem")]
    words = [w for w, _ in shown] + ["الأناضول", "الضفة"]               # Anadolu, the (West) Bank
    counts = pd.DataFrame({"doc_id": "a", "word": words, "count": range(12, 0, -1)})
    fig = plotting.small_multiples_figure(counts, color="C2")
    (ax,) = fig.axes
    assert tuple(fig.get_size_inches()) == pytest.approx((4.2, 0.33 * 10 + 1.4))
    assert ax.get_ylim() == pytest.approx((-0.6, 9.6))
    top_to_bottom = [t.get_text() for t in sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])]
    assert top_to_bottom == [glossed(w, en) for w, en in shown]
    assert [(p.get_width(), p.get_facecolor()) for p in ax.patches] == [
        (v, to_rgba("C2")) for v in range(12, 2, -1)]
    assert [(t.get_text(), t.get_position()) for t in ax.texts] == [
        (f" {v}", (v, v - 3)) for v in range(12, 2, -1)]
    assert ax.get_xlabel() == "" and fig.get_suptitle() == "" and ax.get_title() == "a"


def test_small_multiples_of_zero_counts_draw_a_unit_axis_and_refuse_negative_counts():
    """Every count 0 (a word list of a text with none of the words): the axis runs 0–1, not 0–0
    (which matplotlib widens with a warning, and which put the numbers at the edge); a negative
    count is refused, naming the column, since the bars start at 0 and it would be cut off."""
    import warnings

    zero = pd.DataFrame({"doc_id": ["a", "a"], "word": ["باكو", "غزة"], "count": [0, 0]})  # Baku, Gaza
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = plotting.small_multiples_figure(zero)
    assert [ax.get_xlim() for ax in fig.axes] == [(0.0, 1.0)]
    negative = pd.DataFrame({"doc_id": ["a", "a"], "word": ["باكو", "غزة"], "n": [3, -2]})
    with pytest.raises(ValueError) as err:
        plotting.small_multiples_figure(negative, value="n")
    assert str(err.value) == "counts: n below 0"
