"""Plotting: the behaviour that mutation testing (mutmut 3, ``make mutation MODULE=plotting``) found
unchecked. Figures are checked on what they are drawn from — positions, sizes, colours, labels,
texts, legends and limits on the Axes — never on pixels; labels are names from the two articles."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

import helpers.plotting as plotting  # noqa: E402
from helpers import date_points, for_image, for_plot, matplotlib_shapes_text, preshape, rtl_table, save_figure  # noqa: E402

LRM = "\u200e" if matplotlib_shapes_text() else ""


def glossed(arabic: str, english: str, sep: str = " ") -> str:
    return f"{LRM}{for_plot(arabic)}{sep}({english})"


# --------------------------------------------------------------------------- messages and small helpers

def test_wrong_inputs_name_their_type():
    with pytest.raises(TypeError) as err:
        preshape(5)
    assert str(err.value) == "expected a str, got int: 5"
    with pytest.raises(TypeError) as err:
        rtl_table([["باكو"]])
    assert str(err.value) == "rtl_table expects a pandas DataFrame, got list"
    with pytest.raises(ValueError) as err:
        plotting.timeline_figure(pd.DataFrame({"doc_id": ["a"], "date": [pd.Timestamp(2025, 1, 1)]}))
    assert str(err.value) == "points: missing column(s) ['text', 'precision']; got ['doc_id', 'date']"


def test_rtl_table_right_aligns_its_text_cells():
    html = rtl_table(pd.DataFrame({"word": ["باكو"], "count": [3]}), uuid="t").to_html()
    # the text column's cells (not the number's) right-aligned and laid out by their own first letter
    assert "#T_t_row0_col0 {\n  text-align: right;\n  direction: rtl;\n  unicode-bidi: plaintext;\n}" in html
    assert "#T_t th {\n  text-align: right;\n}" in html and "row0_col1 {" not in html


def test_arabic_rcparams_word_for_word():
    assert plotting.arabic_rcparams(10, font="DejaVu Sans") == {
        "font.family": ["DejaVu Sans"], "font.sans-serif": ["DejaVu Sans"], "font.size": 10,
        "axes.titlesize": 11.5, "axes.labelsize": 10, "xtick.labelsize": 9.0, "ytick.labelsize": 10,
        "legend.fontsize": 9.0, "figure.titlesize": 13.0, "axes.spines.top": False,
        "axes.spines.right": False, "axes.unicode_minus": False, "figure.dpi": 100, "savefig.dpi": 150,
        "savefig.bbox": "tight", "svg.fonttype": "path", "svg.hashsalt": "arabic-news-notebooks",
        "image.cmap": "viridis"}


def test_save_figure_creates_missing_parent_folders(tmp_path):
    fig = plt.figure()
    paths = save_figure(fig, "demo", tmp_path / "a" / "b")
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["a/b/demo.png", "a/b/demo.svg"]


def test_date_points_keep_the_value_and_name_the_month_precision():
    ann = pd.DataFrame({"doc_id": ["a", "a", "a"], "start": [0, 30, 60], "label": ["DATE"] * 3,
                        "text": ["أكتوبر 2023", "8 أكتوبر/ تشرين الأول 2023", "2025"],
                        "value": ["2023-10", "2023-10-08", "2025"]})
    points = date_points(ann)
    assert points[["value", "precision"]].values.tolist() == [["2023-10", "month"], ["2023-10-08", "day"],
                                                             ["2025", "year"]]


# --------------------------------------------------------------------------- the rendering lesson

def test_the_rendering_lesson_shows_one_label_three_ways():
    label = "جدعون ساعر"
    with plt.rc_context({"font.size": 14}):            # its sizes are its own, whatever the style
        fig = plotting.rendering_lesson_figure(label, gloss="Gideon Saar")
    ax = fig.axes[0]
    assert tuple(fig.get_size_inches()) == (7.5, 2.9)
    texts = [(t.get_text(), t.get_position(), t.get_ha(), t.get_va(), t.get_fontsize()) for t in ax.texts]
    assert texts == [("1  raw string", (0.0, 2), "left", "center", 10.0), (label, (1.0, 2), "right", "center", 20.0),
                     ("2  get_display(reshape(s))", (0.0, 1), "left", "center", 10.0),
                     (preshape(label), (1.0, 1), "right", "center", 20.0),
                     ("3  for_plot(s)", (0.0, 0), "left", "center", 10.0),
                     (for_plot(label), (1.0, 0), "right", "center", 20.0)]
    assert [t.get_fontfamily() for t in ax.texts[::2]] == [["DejaVu Sans Mono"]] * 3
    assert ax.get_xlim() == (0, 1) and ax.get_ylim() == (-0.5, 2.5) and not ax.axison
    shapes = " shapes Arabic itself" if matplotlib_shapes_text() else " does not shape Arabic"
    assert ax.get_title(loc="left") == f"matplotlib {matplotlib.__version__}{shapes}  ·  label: 'Gideon Saar'"
    assert plotting.rendering_lesson_figure(label).axes[0].get_title(loc="left") == \
        f"matplotlib {matplotlib.__version__}{shapes}"


# --------------------------------------------------------------------------- bars

def test_small_multiples_numbers_limits_and_title():
    counts = pd.DataFrame({"doc_id": ["a", "a", "b"], "word": ["باكو", "جدعون ساعر", "أستانا"],
                           "count": [3, 5, 2]})
    fig = plotting.small_multiples_figure(counts, n=4, suptitle="Content words")
    left, right = fig.axes
    assert [(t.get_text(), t.get_position()) for t in left.texts] == [(" 5", (5, 1)), (" 3", (3, 0))]
    assert left.get_ylim() == (-0.6, 3.6) and left.get_xlim() == pytest.approx((0, 5.6))
    assert fig.get_suptitle() == "Content words"
    assert tuple(fig.get_size_inches()) == pytest.approx((8.4, 0.33 * 4 + 1.4))


def test_grouped_bars_colours_numbers_legend_and_size():
    counts = pd.DataFrame({"doc_id": ["a", "a", "b", "c", "c"],
                           "term": ["إسرائيل", "غزة", "إسرائيل", "غزة", "باكو"], "count": [7, 2, 4, 1, 3]})
    fig = plotting.grouped_bars_figure(counts, category="term", group_names={"a": "Anadolu"})
    ax = fig.axes[0]
    assert tuple(fig.get_size_inches()) == pytest.approx((7.5, 0.45 * 3 * 1.5 + 1.2))
    # three groups side by side, each in its colour; categories by total (إسرائيل 11), then by name (باكو, غزة)
    bars = [(round(p.get_y(), 4), p.get_width(), p.get_facecolor()) for p in ax.patches]
    width = 0.8 / 3
    expected = []
    for j, vals in enumerate([[7, 0, 2], [4, 0, 0], [0, 3, 1]]):
        for i, v in enumerate(vals):
            expected.append((round(2 - i - (j - 1) * width - width / 2, 4), v, to_rgba(f"C{j}")))
    assert bars == expected
    assert [t.get_text() for t in ax.texts] == ["7", "", "2", "4", "", "", "", "3", "1"]
    assert [(t.get_text(), t.get_position()[1]) for t in ax.get_yticklabels()] == [
        (glossed("إسرائيل", "Israel"), 2), (glossed("باكو", "Baku"), 1), (glossed("غزة", "Gaza"), 0)]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["Anadolu", "b", "c"]
    assert legend._ncols == 3 and not legend.get_frame_on()


# --------------------------------------------------------------------------- network

def _graph() -> nx.Graph:
    g = nx.Graph()
    g.add_node("جدعون ساعر", label="PER", mentions=8)
    g.add_node("باكو", label="LOC", mentions=4)
    g.add_node("أستانا", label="LOC")                       # no count: one mention
    g.add_node("الأناضول")                                  # no label
    g.add_edge("جدعون ساعر", "باكو", weight=4)
    g.add_edge("جدعون ساعر", "أستانا", weight=2)
    g.add_edge("باكو", "الأناضول", weight=1)
    return g


def test_top_entities_count_a_node_without_mentions_as_one_and_break_ties_by_name():
    g = _graph()
    assert sorted(plotting.top_entities(g, 3).nodes) == sorted(["جدعون ساعر", "باكو", "أستانا"])
    tie = nx.Graph()
    tie.add_nodes_from([("غزة", {"mentions": 2}), ("باكو", {"mentions": 2}), ("أستانا", {"mentions": 2})])
    assert list(plotting.top_entities(tie, 1).nodes) == ["أستانا"]


def test_network_figure_sizes_colours_widths_and_legend():
    fig = plotting.network_figure(_graph())
    ax = fig.axes[0]
    edges, nodes = ax.collections
    nodes_drawn = ["أستانا", "الأناضول", "باكو", "جدعون ساعر"]      # sorted, as added
    mentions = np.array([1, 1, 4, 8])
    assert nodes.get_sizes().tolist() == pytest.approx((60 + 1400 * mentions / 8).tolist())
    colour = {"": "C0", "LOC": "C1", "PER": "C2"}
    assert [tuple(c) for c in nodes.get_facecolors()] == [to_rgba(colour[x]) for x in ("LOC", "", "LOC", "PER")]
    assert [tuple(c) for c in nodes.get_edgecolors()] == [to_rgba("white")]
    assert np.asarray(nodes.get_linewidths()).tolist() == [1]
    assert sorted(np.asarray(edges.get_linewidths()).tolist()) == pytest.approx([0.5 + 3.5 / 4, 0.5 + 3.5 * 2 / 4, 4.0])
    assert [a.get_text() for a in ax.texts] == [for_plot(v) if v in ("الأناضول",) else glossed(v, en, "\n")
                                                for v, en in zip(nodes_drawn, ["Astana", "", "Baku", "Gideon Saar"])]
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "", "LOC", "PER", "node size: mentions (1–8)", "edge width: sentences naming both (1–4)"]
    handles = legend.legend_handles
    assert [h.get_linestyle() for h in handles] == ["None"] * 4 + ["-"]
    assert [h.get_marker() for h in handles] == ["o"] * 4 + ["None"]
    assert [to_rgba(h.get_color()) for h in handles] == [to_rgba(c) for c in ("C0", "C1", "C2", "0.75", "0.6")]
    assert tuple(legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted()).bounds[:2]) == pytest.approx((0.5, 0.0))
    assert ax.margins() == (0.1, 0.1)


def test_network_figure_shows_the_twenty_most_mentioned_by_default():
    g = nx.Graph()
    for i in range(21):                                     # a chain of 21 entities, the last mentioned least
        g.add_node(f"e{i:02d}", label="LOC", mentions=30 - i)
    g.add_edges_from((f"e{i:02d}", f"e{i + 1:02d}") for i in range(20))
    fig = plotting.network_figure(g)
    assert sorted(t.get_text() for t in fig.axes[0].texts) == [f"e{i:02d}" for i in range(20)]


def test_network_figure_without_a_shared_sentence_says_so_in_the_middle():
    g = nx.Graph()
    g.add_nodes_from([("باكو", {"mentions": 2}), ("أستانا", {"mentions": 1})])
    ax = plotting.network_figure(g).axes[0]
    assert [(t.get_text(), t.get_position()) for t in ax.texts] == [("no two entities share a sentence", (0.5, 0.5))]


# --------------------------------------------------------------------------- timeline

def test_timeline_markers_labels_axes_and_legend():
    ann = pd.DataFrame({
        "doc_id": ["anadolu", "anadolu", "anadolu", "astana", "astana"], "start": [0, 40, 80, 5, 60],
        "label": ["DATE"] * 5,
        "text": ["8 أكتوبر/ تشرين الأول 2023", "2025", "العام 2025", "نوفمبر 2025", "2025"],
        "value": ["2023-10-08", "2025", "2025", "2025-11", "2025"]})
    points = date_points(ann)
    fig = plotting.timeline_figure(points, group_names={"anadolu": "Anadolu"})
    ax = fig.axes[0]
    assert tuple(fig.get_size_inches()) == pytest.approx((6.5, 1.2 + 1.5 * 2))
    marks = [(ln.get_xdata().tolist(), ln.get_ydata().tolist(), ln.get_marker(), to_rgba(ln.get_color()),
              ln.get_markersize()) for ln in ax.lines if ln.get_marker() not in ("None", None, "")]
    assert marks == [([0], [1], "o", to_rgba("C0"), 8), ([1], [1], "D", to_rgba("C0"), 8),
                     ([1], [0], "D", to_rgba("C1"), 8), ([2], [0], "s", to_rgba("C1"), 8)]
    notes = [(a.get_text(), a.xy, a.xyann, a.get_va()) for a in ax.texts]
    assert notes == [(for_plot("8 أكتوبر/ تشرين الأول 2023"), (0, 1), (0, 10), "bottom"),
                     (for_plot("2025") + "\n" + for_plot("العام 2025"), (1, 1), (0, -10), "top"),
                     ("2025", (1, 0), (0, -10), "top"),
                     (for_plot("نوفمبر 2025"), (2, 0), (0, 10), "bottom")]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2023-10-08", "2025", "2025-11"]
    assert ax.get_xlim() == (-0.7, 2.7) and ax.get_ylim() == (-0.75, 1.75)
    assert [(t.get_text(), t.get_position()[1]) for t in ax.get_yticklabels()] == [("Anadolu", 1), ("astana", 0)]
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "precision"
    assert [(t.get_text(), h.get_marker()) for t, h in zip(legend.get_texts(), legend.legend_handles)] == [
        ("day", "o"), ("month", "s"), ("year", "D")]
    assert not ax.spines["left"].get_visible()
    assert {tick.tick1line.get_markersize() for tick in ax.yaxis.get_major_ticks()} == {0}


def test_a_date_written_twice_shows_times_two_under_an_odd_column():
    ann = pd.DataFrame({"doc_id": ["a"] * 3, "start": [0, 9, 20], "label": ["DATE"] * 3,
                        "text": ["2023", "2025", "2025"], "value": ["2023", "2025", "2025"]})
    ax = plotting.timeline_figure(date_points(ann)).axes[0]
    assert [(a.get_text(), a.xyann) for a in ax.texts] == [("2023", (0, 10)), ("2025  ×2", (0, -10))]


# --------------------------------------------------------------------------- word cloud

def test_word_cloud_sums_the_frequencies_of_one_word_as_given():
    cloud = plotting.arabic_wordcloud({"باكو": 3, "أستانا": 2}, width=300, height=150)
    assert cloud.words_ == {for_image("باكو"): 1.0, for_image("أستانا"): 2 / 3}


def test_the_word_cloud_figure_shows_the_cloud_of_its_arguments():
    freqs = {"باكو": 3, "أستانا": 2, "جدعون ساعر": 5}
    fig = plotting.wordcloud_figure(freqs, width=300, height=150, max_words=2, seed=4)
    shown = fig.axes[0].images[0].get_array()
    same = plotting.arabic_wordcloud(freqs, width=300, height=150, max_words=2, seed=4).to_array()
    assert shown.shape == (225, 450, 3) and np.array_equal(shown, same)
    assert tuple(fig.get_size_inches()) == (3.0, 1.5)


def test_word_cloud_layout_uses_the_arabic_font_its_size_and_a_quarter_height_cap():
    cloud = plotting.arabic_wordcloud({"باكو": 3, "أستانا": 2}, width=300, height=150)
    assert (cloud.width, cloud.height, cloud.font_path) == (300, 150, plotting.arabic_font_path())
    assert [(word, size) for (word, _), size, *_ in cloud.layout_] == [(for_image("باكو"), 37),
                                                                       (for_image("أستانا"), 31)]


def test_arabic_font_path_finds_the_file_of_the_family_asked_for():
    assert plotting.arabic_font_path("DejaVu Serif").endswith("/DejaVuSerif.ttf")


def test_glossed_labels_on_a_matplotlib_that_does_not_shape(monkeypatch):
    monkeypatch.setattr(plotting, "matplotlib_shapes_text", lambda version=None: False)
    assert plotting.glossed("باكو") == preshape("باكو") + " (Baku)"       # no mark: the renderer does not reorder
    assert plotting.glossed("جدعون ساعر", "\n") == preshape("جدعون ساعر") + "\n(Gideon Saar)"


def test_content_word_counts_of_texts_without_a_content_word_is_an_empty_typed_table():
    from helpers import content_word_counts

    counts = content_word_counts(pd.DataFrame({"doc_id": ["a"], "text": ["في من إلى 2025"]}))
    assert len(counts) == 0 and counts.columns.tolist() == ["doc_id", "word", "key", "count"]
    assert [str(t) for t in counts.dtypes] == ["str", "str", "str", "int64"]
    with pytest.raises(ValueError) as err:
        content_word_counts(pd.DataFrame({"doc_id": ["a"]}))
    assert str(err.value) == "corpus: missing column(s) ['text']; got ['doc_id']"


def test_network_node_rims_are_one_point_whatever_the_style():
    with plt.rc_context({"patch.linewidth": 3.0, "lines.linewidth": 3.0}):
        nodes = plotting.network_figure(_graph()).axes[0].collections[1]
    assert np.asarray(nodes.get_linewidths()).tolist() == [1]
