"""Plotting: the data behind the figures, checked exactly where the figures of notebook 04 do not reach.

``date_points`` (the timeline's dates), ``quote_words`` (who is quoted, and how much),
``top_entities`` (the network's nodes) and ``for_unknown_renderer`` (labels for a renderer one
does not control), on small frames built from the two articles' names, quotes and dates.
"""
from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from helpers import date_points, for_unknown_renderer, preshape, quote_words, top_entities
from helpers.plotting import LRO, PDF


def test_date_points_skips_an_impossible_date_and_numbers_the_rest_in_date_order():
    """A value shaped like ISO but no real day (30 February) is left out, and the dates after it are
    still placed; the rows keep their article and offset and are numbered 0, 1, … in date order."""
    ann = pd.DataFrame({
        "doc_id": ["astana", "anadolu", "anadolu", "astana", "anadolu"],
        "start": [12, 85, 3, 40, 60],
        "label": ["DATE", "DATE", "DATE", "DATE", "PER"],
        # "30 February 2023", "2025", "8 October 2023", "November 2025", "Gideon Saar"
        "text": ["30 فبراير 2023", "2025", "8 أكتوبر/ تشرين الأول 2023", "نوفمبر 2025", "جدعون ساعر"],
        "value": ["2023-02-30", "2025", "2023-10-08", "2025-11", None]})
    out = date_points(ann)
    assert list(out.columns) == ["doc_id", "start", "text", "value", "date", "precision"]
    assert out.index.tolist() == [0, 1, 2]
    assert out.to_dict("records") == [
        {"doc_id": "anadolu", "start": 3, "text": "8 أكتوبر/ تشرين الأول 2023", "value": "2023-10-08",
         "date": pd.Timestamp(2023, 10, 8), "precision": "day"},
        {"doc_id": "anadolu", "start": 85, "text": "2025", "value": "2025",
         "date": pd.Timestamp(2025, 1, 1), "precision": "year"},
        {"doc_id": "astana", "start": 40, "text": "نوفمبر 2025", "value": "2025-11",
         "date": pd.Timestamp(2025, 11, 1), "precision": "month"}]


def test_date_points_and_quote_words_name_the_missing_columns():
    """A frame that is not an annotation frame is refused with a message naming the frame, what it
    lacks and what it has."""
    ann = pd.DataFrame({"doc_id": ["anadolu"], "start": [3], "label": ["DATE"], "text": ["2025"]})
    with pytest.raises(ValueError) as err:
        date_points(ann)
    assert str(err.value) == ("annotations: missing column(s) ['value']; "
                              "got ['doc_id', 'start', 'label', 'text']")
    quotes = pd.DataFrame({"doc_id": ["anadolu"], "label": ["QUOTE"], "speaker": ["جدعون ساعر"]})
    with pytest.raises(ValueError) as err:
        quote_words(quotes)
    assert str(err.value) == ("annotations: missing column(s) ['text']; "
                              "got ['doc_id', 'label', 'speaker']")


def test_quote_words_without_a_speaker_column_counts_every_quote_unattributed():
    """Annotations with no ``speaker`` column (no attribution run): every quote still counts, under
    "(unattributed)", per article; the quotes need not be the frame's first rows."""
    ann = pd.DataFrame({
        "doc_id": ["anadolu", "anadolu", "astana", "anadolu"],
        "label": ["PER", "QUOTE", "QUOTE", "QUOTE"],
        # "Gideon Saar", "our common goal is to strengthen our partnership", "we strive", "thank you"
        "text": ["جدعون ساعر", "هدفنا المشترك هو تعزيز شراكتنا", "نسعى", "شكرا"]},
        index=[0, 1, 2, 3])
    assert quote_words(ann).to_dict("records") == [
        {"doc_id": "anadolu", "speaker": "(unattributed)", "quotes": 2, "words": 6},
        {"doc_id": "astana", "speaker": "(unattributed)", "quotes": 1, "words": 1}]
    shifted = ann.set_axis([10, 11, 12, 13])        # e.g. a slice of a bigger frame
    assert quote_words(shifted).equals(quote_words(ann))


def test_quote_words_counts_an_empty_speaker_as_unattributed():
    """An empty speaker (an attribution that found no name) is the same as none: one
    "(unattributed)" row, not a speaker called ""."""
    ann = pd.DataFrame({
        "doc_id": ["anadolu"] * 3, "label": ["QUOTE"] * 3,
        "text": ["هدفنا المشترك", "نسعى", "شكرا"],       # "our common goal", "we strive", "thank you"
        "speaker": ["", None, "جدعون ساعر"]})            # -, -, "Gideon Saar"
    assert quote_words(ann).to_dict("records") == [
        {"doc_id": "anadolu", "speaker": "(unattributed)", "quotes": 2, "words": 3},
        {"doc_id": "anadolu", "speaker": "جدعون ساعر", "quotes": 1, "words": 1}]


def test_top_entities_keeps_twenty_by_default_and_counts_a_node_without_mentions_once():
    """The network keeps the 20 most mentioned entities unless told otherwise; an entity with no
    ``mentions`` counts as mentioned once (as network_figure sizes it), ties broken by name."""
    g = nx.Graph()
    g.add_nodes_from((f"entity {i:02d}", {"mentions": 30 - i}) for i in range(22))
    assert sorted(top_entities(g).nodes) == [f"entity {i:02d}" for i in range(20)]
    small = nx.Graph()
    # "Israel" (3), "Baku" (no count), "Astana" (1)
    small.add_nodes_from([("إسرائيل", {"mentions": 3}), ("باكو", {}), ("أستانا", {"mentions": 1})])
    assert sorted(top_entities(small, 2).nodes) == sorted(["إسرائيل", "أستانا"])


def test_for_unknown_renderer_protects_each_line_and_keeps_blank_lines_bare():
    """A two-line label with a blank line between: each written line is pre-shaped and wrapped in
    LRO … PDF on its own, the blank line stays empty, the line breaks stay where they were."""
    # "Minister of Foreign Affairs", "Gideon Saar"
    text = "وزير الخارجية\n\nجدعون ساعر"
    assert for_unknown_renderer(text) == (
        f"{LRO}{preshape('وزير الخارجية')}{PDF}\n\n{LRO}{preshape('جدعون ساعر')}{PDF}")
    assert for_unknown_renderer(text).split("\n")[1] == ""


def test_for_unknown_renderer_names_what_it_got_instead_of_text():
    """A year passed as a number, not a str, is refused with its type and value."""
    with pytest.raises(TypeError) as err:
        for_unknown_renderer(2025)
    assert str(err.value) == "for_unknown_renderer expects a str, got int: 2025"


def test_date_points_place_a_year_or_a_date_read_back_as_a_number_or_a_date():
    """Annotations read back from a file may hold a year as a number (2025) or a date as a
    datetime.date: they are placed like their ISO text; a missing value (None, NaN) and a
    timestamp with a time of day are not a point of the timeline."""
    import datetime

    ann = pd.DataFrame({"doc_id": ["a"] * 5, "start": [0, 10, 20, 30, 40], "label": ["DATE"] * 5,
                        # "2025", "7 November 2025", "last year", "yesterday", "now"
                        "text": ["2025", "7 نوفمبر 2025", "العام الماضي", "أمس", "الآن"],
                        "value": [2025, datetime.date(2025, 11, 7), None, float("nan"),
                                  pd.Timestamp(2025, 11, 7, 9, 30)]})
    out = date_points(ann)
    assert out[["start", "value", "date", "precision"]].to_dict("records") == [
        {"start": 0, "value": 2025, "date": pd.Timestamp(2025, 1, 1), "precision": "year"},
        {"start": 10, "value": datetime.date(2025, 11, 7), "date": pd.Timestamp(2025, 11, 7), "precision": "day"}]
