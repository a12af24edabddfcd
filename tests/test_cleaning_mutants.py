"""Cleaning, checked exactly where a random sample of its mutants (200, seed 29; mutation testing,
issue 19) survived: offsets of a presentation form with a diacritic, Offsets built from any
iterable, spans given as empty tuples, a three-character number beyond U+FFFF.
(tests/test_cleaning.py holds the rest of the stage's tests.)"""
from __future__ import annotations

import numpy as np

from helpers import Offsets, normalize_with_offsets, to_raw_span, to_raw_spans, tokenize, word_tokens


def test_a_diacritic_after_a_presentation_form_belongs_to_both_letters_it_becomes():
    """ﻻ (U+FEFB, one raw character) + fatha: NFKC makes it لا, and the fatha deleted before NFKC
    belongs to the raw character, so each of the two letters covers it (reshaped text, from PDFs)."""
    norm, offsets = normalize_with_offsets("ﻻَ")
    assert norm == "لا"
    assert offsets.tolist() == [0, 0] and offsets.ends.tolist() == [2, 2]
    assert to_raw_span(offsets, 0, 1) == (0, 2)
    norm, offsets = normalize_with_offsets("قال ﻻَ بد")
    assert norm == "قال لا بد"
    assert offsets.tolist() == [0, 1, 2, 3, 4, 4, 6, 7, 8]
    assert offsets.ends.tolist() == [1, 2, 3, 4, 6, 6, 7, 8, 9]


def test_offsets_are_built_from_any_iterable_of_ints():
    offsets = Offsets(i * 2 for i in range(3))
    assert offsets.tolist() == [0, 2, 4] and offsets.ends.tolist() == [1, 3, 5] and offsets.raw_length == 5
    offsets = Offsets(iter([0, 0, 3]), (e for e in (3, 3, 4)))
    assert offsets.tolist() == [0, 0, 3] and offsets.ends.tolist() == [3, 3, 4] and offsets.raw_length == 4
    assert Offsets(np.array([1, 2])).ends.tolist() == [2, 3]


def test_empty_offsets_and_spans_are_integer_arrays():
    empty = Offsets([], [])
    assert empty.starts.dtype == np.int64 and empty.ends.dtype == np.int64 and empty.raw_length == 0
    starts, ends = to_raw_spans(empty, [], [])
    assert starts.dtype == np.int64 and ends.dtype == np.int64 and starts.size == ends.size == 0
    # no span, given as tuples (not lists): the numpy path, the same empty integer arrays
    _, offsets = normalize_with_offsets("باكو")
    starts, ends = to_raw_spans(offsets, (), ())
    assert starts.dtype == np.int64 and ends.dtype == np.int64 and starts.size == ends.size == 0
    starts, ends = to_raw_spans(offsets, (0, 2), (2, 4))
    assert starts.tolist() == [0, 2] and ends.tolist() == [2, 4]


def test_a_three_character_number_beyond_u_ffff_is_one_token():
    """Mathematical digits (U+1D7CF …) are decimal digits: 𝟏.𝟓 alone is one number, as 1.5 is."""
    assert tokenize("𝟏.𝟓") == [("𝟏.𝟓", 0, 3)]
    assert word_tokens("𝟏.𝟓") == word_tokens("𝟏.𝟓", punctuation=False) == ["𝟏.𝟓"]
    assert tokenize("𝟏.") == [("𝟏", 0, 1), (".", 1, 2)]
