"""Plotting data: the content words counted per article and the co-occurrence network, on the
inputs notebook 04's snapshots (tests/test_plotting_snapshots.py) do not reach: the full order and
index of the counts, a spelling tie, a frame missing a column, a blank canonical name, an article
without a named entity, articles given in another order."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import helpers

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
#: a Jawhara FM weather forecast ("the weather today, Thursday"): sentences, but no person,
#: place or organisation; its doc_id sorts before the two articles' ("J" < "a")
WEATHER = "JA-localNews-147-20170126"


@pytest.fixture(scope="module")
def corpus():
    return helpers.load_corpus(RAW)


@pytest.fixture(scope="module")
def annotations(corpus):
    return helpers.annotate_corpus(corpus)


def _graph_lists(graph):
    return list(graph.nodes(data=True)), list(graph.edges(data=True))


# --------------------------------------------------------------------------- content words

def test_content_words_come_article_by_article_most_frequent_first_numbered_from_0(corpus):
    """Anadolu's article first (its doc_id sorts first), each article's most frequent words on
    top, rows numbered 0, 1, 2 … (ساعر Saar 11 times, once as وساعر "and Saar"; أذربيجان
    Azerbaijan 8; إسرائيل Israel 7; الإسرائيلي "the Israeli" 10; غزة Gaza 9: counted in the texts)."""
    counts = helpers.content_word_counts(corpus)
    assert counts.columns.tolist() == ["doc_id", "word", "key", "count"]
    assert counts.index.equals(pd.RangeIndex(594))
    assert counts["doc_id"].tolist() == ["anadolu_saar_baku"] * 283 + ["saar_astana_baku"] * 311
    assert counts.loc[[0, 1, 2, 283, 284, 285]].values.tolist() == [
        ["anadolu_saar_baku", "ساعر", "ساعر", 11],
        ["anadolu_saar_baku", "أذربيجان", "اذربيجان", 8],
        ["anadolu_saar_baku", "إسرائيل", "اسرائيل", 7],
        ["saar_astana_baku", "الإسرائيلي", "الاسرائيلي", 10],
        ["saar_astana_baku", "غزة", "غزة", 9],
        ["saar_astana_baku", "ساعر", "ساعر", 8],
    ]


def test_a_word_spelt_two_ways_equally_often_shows_the_first_spelling_in_sort_order(corpus):
    """Anadolu writes وصلت ("I arrived") once bare and once as وصلتُ (with a damma, the vowel
    u): one key counted twice, shown bare, the first of the two in sort order."""
    counts = helpers.content_word_counts(corpus)
    rows = counts[counts["key"] == "وصلت"]
    assert rows[["doc_id", "word", "key", "count"]].values.tolist() == [
        ["anadolu_saar_baku", "وصلت", "وصلت", 2]]


# --------------------------------------------------------------------------- co-occurrence network

def test_the_network_names_the_frame_that_misses_a_column(annotations, corpus):
    """A frame without a needed column is named in the error, annotations or sentences."""
    sentences = helpers.sentences_frame(corpus)
    with pytest.raises(ValueError) as err:
        helpers.cooccurrence_graph(annotations[["doc_id", "start", "end", "text"]], sentences)
    assert str(err.value) == ("annotations: missing column(s) ['label']; "
                              "got ['doc_id', 'start', 'end', 'text']")
    with pytest.raises(ValueError) as err:
        helpers.cooccurrence_graph(annotations, sentences[["doc_id", "start", "end", "text"]])
    assert str(err.value) == ("sentences: missing column(s) ['sent_id']; "
                              "got ['doc_id', 'start', 'end', 'text']")


@pytest.mark.parametrize("blank", [None, ""], ids=["missing", "empty-string"])
def test_a_blank_canonical_name_falls_back_to_the_mention_as_written(annotations, corpus, blank):
    """An annotator who fills ``canonical`` only where it differs from the text (blank: missing,
    or "" as a CSV read with keep_default_na=False gives it) gets the same network: 34 entities,
    116 links, every node and edge as with canonical filled in everywhere."""
    sentences = helpers.sentences_frame(corpus)
    full = helpers.cooccurrence_graph(annotations, sentences)
    sparse = annotations.astype({"canonical": object}).copy()
    sparse.loc[sparse["canonical"] == sparse["text"], "canonical"] = blank
    assert (sparse["canonical"] == sparse["text"]).sum() == 0   # blanked: باكو Baku, غزة Gaza …
    graph = helpers.cooccurrence_graph(sparse, sentences)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (34, 116)
    assert _graph_lists(graph) == _graph_lists(full)
    assert graph.nodes["باكو"] == {"label": "LOC", "mentions": 7,
                                   "docs": ["anadolu_saar_baku", "saar_astana_baku"]}
    assert graph.nodes["جدعون ساعر"]["mentions"] == 20   # ساعر Saar, canonical جدعون ساعر Gideon Saar


def test_an_article_without_a_named_entity_changes_nothing_in_the_network(corpus, annotations, jawhara):
    """Jawhara FM's weather forecast, first in doc_id order, names nobody and no place: the
    network of it and the two articles is the network of the two articles."""
    weather = pd.DataFrame({"doc_id": [WEATHER], "text": [jawhara(WEATHER)]})
    three = pd.concat([weather, corpus[["doc_id", "text"]]], ignore_index=True)
    sentences = helpers.sentences_frame(three)
    assert sentences["doc_id"].tolist().count(WEATHER) == 4
    ann = helpers.annotate_corpus(three)
    assert not ann.loc[ann["doc_id"] == WEATHER, "label"].isin(["PER", "LOC", "ORG"]).any()
    graph = helpers.cooccurrence_graph(ann, sentences)
    two = helpers.cooccurrence_graph(annotations, helpers.sentences_frame(corpus))
    assert graph.number_of_edges() == 116
    assert _graph_lists(graph) == _graph_lists(two)


def test_the_network_does_not_depend_on_the_order_the_articles_come_in(corpus, annotations):
    """The same two articles loaded in the other order (files listed by hand) give the same
    graph down to the order of its nodes, edges and each entity's neighbours, so that what is
    printed or drawn from it in graph order does not change."""
    reverse = helpers.load_corpus([RAW / "saar_astana_baku.txt", RAW / "anadolu_saar_baku.txt"])
    assert reverse["doc_id"].tolist() == ["saar_astana_baku", "anadolu_saar_baku"]
    graph = helpers.cooccurrence_graph(helpers.annotate_corpus(reverse), helpers.sentences_frame(reverse))
    sorted_graph = helpers.cooccurrence_graph(annotations, helpers.sentences_frame(corpus))
    assert _graph_lists(graph) == _graph_lists(sorted_graph)
    assert list(graph["جدعون ساعر"]) == list(sorted_graph["جدعون ساعر"])
