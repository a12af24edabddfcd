"""Plotting: the co-occurrence network, the word-cloud figure and the right-to-left HTML table, on
the inputs notebook 04's snapshots (tests/test_plotting_snapshots.py) do not reach: the default
arguments, an empty network, a hand-made graph, several isolated entities, a Series by mistake."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import helpers  # noqa: E402
import helpers.plotting as plotting  # noqa: E402
from helpers import for_plot, matplotlib_shapes_text, rtl_table  # noqa: E402

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
#: glossed labels open with a LEFT-TO-RIGHT MARK where matplotlib shapes the text itself
LRM = "\u200e" if matplotlib_shapes_text() else ""


@pytest.fixture(scope="module")
def corpus():
    return helpers.load_corpus(RAW)


# --------------------------------------------------------------------------- network

def test_the_network_by_default_is_the_notebooks_seeded_layout_without_a_title(corpus):
    """Called with no options, the network of the two articles is laid out with seed 7 (the
    picture notebook 04 saves) and has no title."""
    graph = helpers.cooccurrence_graph(helpers.annotate_corpus(corpus), helpers.sentences_frame(corpus))
    default = plotting.network_figure(graph).axes[0]
    seven = plotting.network_figure(graph, seed=7).axes[0]
    assert default.collections[1].get_offsets().tolist() == seven.collections[1].get_offsets().tolist()
    assert [a.xy for a in default.texts] == [a.xy for a in seven.texts]
    assert default.get_title() == "" and [default.get_title(loc=x) for x in ("left", "right")] == ["", ""]


def test_a_network_where_no_two_entities_share_a_sentence_says_so_centred():
    """Two entities never named together (Baku, Astana): no nodes, only a sentence centred both
    ways in the empty picture."""
    g = nx.Graph()
    g.add_nodes_from([("باكو", {"label": "LOC", "mentions": 2}), ("أستانا", {"label": "LOC", "mentions": 1})])
    ax = plotting.network_figure(g).axes[0]
    assert [(t.get_text(), t.get_position(), t.get_ha(), t.get_va()) for t in ax.texts] == [
        ("no two entities share a sentence", (0.5, 0.5), "center", "center")]
    assert len(ax.collections) == 0 and ax.get_legend() is None


def test_a_hand_made_edge_without_weight_counts_one_sentence_and_isolated_names_are_comma_listed():
    """A graph built by hand: the Saar–Baku edge has weight 3, the Baku–Astana edge none (one
    sentence, as networkx counts it); Jerusalem and Gaza share no sentence with anyone and are
    listed under the picture, sorted, separated by commas."""
    g = nx.Graph()
    g.add_node("جدعون ساعر", label="PER", mentions=6)     # Gideon Saar
    g.add_node("باكو", label="LOC", mentions=4)           # Baku
    g.add_node("أستانا", label="LOC", mentions=2)         # Astana
    g.add_node("غزة", label="LOC", mentions=3)            # Gaza
    g.add_node("القدس", label="LOC", mentions=1)          # Jerusalem
    g.add_edge("جدعون ساعر", "باكو", weight=3)
    g.add_edge("باكو", "أستانا")
    fig = plotting.network_figure(g)
    ax = fig.axes[0]
    edges = ax.collections[0]
    assert sorted(np.asarray(edges.get_linewidths()).tolist()) == [0.5 + 3.5 * 1 / 3, 4.0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "LOC", "PER", "node size: mentions (2–6)", "edge width: sentences naming both (1–3)"]
    assert fig.get_supxlabel() == (f"no shared sentence: {LRM}{for_plot('القدس')} (Jerusalem), "
                                   f"{LRM}{for_plot('غزة')} (Gaza)")


# --------------------------------------------------------------------------- word cloud

def test_the_word_cloud_figure_by_default_shows_the_80_most_frequent_words_seeded_0_smoothed(corpus):
    """With no options the figure shows the cloud of the articles' content words that notebook 04
    describes: 900×450, seed 0, the 80 most frequent of its 484 words, drawn with Lanczos
    smoothing (the 1350×675 cloud is shrunk to fit the figure). Compared with a cloud made here with
    those settings, so the installed font (which decides how many words fit) does not matter."""
    freqs = helpers.content_word_counts(corpus).groupby("word")["count"].sum().to_dict()
    assert len(freqs) == 484
    fig = plotting.wordcloud_figure(freqs)
    image = fig.axes[0].images[0]
    cloud = plotting.arabic_wordcloud(freqs, seed=0, width=900, height=450, max_words=80)
    assert np.array_equal(image.get_array(), cloud.to_array())
    assert image.get_interpolation() == "lanczos"
    assert tuple(fig.get_size_inches()) == (9.0, 4.5)


# --------------------------------------------------------------------------- right-to-left table

def test_rtl_table_html_word_for_word():
    """The whole HTML of a two-row table of words (Baku, Astana) and counts: a content-derived id
    (rtl + 10 hex digits, the same on every run), dir="rtl" on the table, ids only on the
    styled text cells, markup in a cell escaped."""
    df = pd.DataFrame({"word": ["<b>باكو</b>", "أستانا"], "n": [3, 2]})
    assert rtl_table(df).to_html() == """<style type="text/css">
#T_rtla076979296 th {
  text-align: right;
}
#T_rtla076979296_row0_col0, #T_rtla076979296_row1_col0 {
  text-align: right;
  direction: rtl;
  unicode-bidi: plaintext;
}
</style>
<table id="T_rtla076979296" dir="rtl">
  <thead>
    <tr>
      <th class="blank level0" >&nbsp;</th>
      <th class="col_heading level0 col0" >word</th>
      <th class="col_heading level0 col1" >n</th>
    </tr>
  </thead>
  <tbody>
    <tr>
      <th class="row_heading level0 row0" >0</th>
      <td id="T_rtla076979296_row0_col0" class="data row0 col0" >&lt;b&gt;باكو&lt;/b&gt;</td>
      <td class="data row0 col1" >3</td>
    </tr>
    <tr>
      <th class="row_heading level0 row1" >1</th>
      <td id="T_rtla076979296_row1_col0" class="data row1 col0" >أستانا</td>
      <td class="data row1 col1" >2</td>
    </tr>
  </tbody>
</table>
"""


def test_rtl_table_given_a_series_says_how_to_make_a_frame():
    """A Series (a common slip: df["word"]) gets the exact way out in the message."""
    with pytest.raises(TypeError) as err:
        rtl_table(pd.Series(["باكو"]))   # Baku
    assert str(err.value) == "rtl_table expects a pandas DataFrame, got Series (use series.to_frame())"
