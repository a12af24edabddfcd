"""Cleaning, checked exactly where a random sample of its mutants (200, seed 29; mutation testing,
issue 19) survived: offsets of a presentation form with a diacritic, Offsets built from any
iterable, spans given as empty tuples, a three-character number beyond U+FFFF.
(tests/test_cleaning.py holds the rest of the stage's tests.)"""
from __future__ import annotations

import numpy as np

from helpers import (Offsets, normalize, normalize_with_offsets, split_clitics, to_raw_span, to_raw_spans, tokenize,
                     word_tokens)
from test_cleaning import ANADOLU


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


# --- full run of 2026-12-04: clitics, corpus, normalization, tokenizing ---

def test_a_three_letter_word_that_starts_like_two_clitics_stays_whole():
    """ولد (he was born) is not و + ل + د: after و, the rest لد is no known word, and a rest under
    three letters is not cut again, although د alone (like every single letter) is a stopword."""
    assert split_clitics("ولد") == ["ولد"]
    assert tokenize("ولد علييف في باكو", split_clitics=True) == [
        ("ولد", 0, 3), ("علييف", 4, 9), ("في", 10, 12), ("باكو", 13, 17)]


def test_clitics_of_a_vocalized_word_are_found_on_its_ta_marbuta_folded_form():
    """حكومةُ (with a damma, so the normalized word is shorter than the raw one) is known through
    the lexicon as حكومة: the lookup folds ة → ه on both sides, so و is cut off."""
    assert tokenize("وحكومةُ الوحدة", split_clitics=True, lexicon=["حكومة"]) == [
        ("و", 0, 1), ("حكومةُ", 1, 7), ("ال", 8, 10), ("وحدة", 10, 14)]
    assert split_clitics("فدولةٌ", lexicon=["دولة"]) == ["ف", "دولةٌ"]


def test_a_vocalized_word_that_starts_with_a_hamzated_alef_has_no_article():
    """إِلغاء (cancellation) starts with إ, not with the article ال: with a kasra under the alef
    (a length change, so the cuts are found with offsets) it stays whole, as without it."""
    assert tokenize("وطالب بإِلغاءِ القرار", split_clitics=True) == [
        ("وطالب", 0, 5), ("بإِلغاءِ", 6, 14), ("ال", 15, 17), ("قرار", 17, 21)]
    assert split_clitics("إِلغاءُ") == ["إِلغاءُ"]


def test_the_first_code_point_beyond_the_bmp_passes_through_normalization():
    """U+10000 (𐀀, the first code point past the BMP tables) is kept as it is, short or long text."""
    norm, offsets = normalize_with_offsets("نقش \U00010000 في كنوسوس")
    assert norm == "نقش \U00010000 في كنوسوس"
    assert offsets.tolist() == list(range(15)) and offsets.ends.tolist() == list(range(1, 16))
    tail = "\nنقش \U00010000 عام ٢٠٢٤"  # the Arabic-Indic digits send the long text to the table
    assert normalize(ANADOLU + tail) == normalize(ANADOLU) + "\nنقش \U00010000 عام 2024"


def test_an_emoji_beside_deleted_controls_keeps_its_place_and_offsets():
    """A quoted tweet: RLM (removed, belongs to no letter), a tanween (removed, belongs to its
    letter) and 😁 (U+1F601, beyond the BMP tables: kept, with its own offset)."""
    raw = 'وكتب على تويتر: "\u200fشكراً للجميع \U0001F601"'
    norm, offsets = normalize_with_offsets(raw)
    assert norm == 'وكتب علي تويتر: "شكرا للجميع \U0001F601"'
    assert offsets.tolist() == [*range(17), 18, 19, 20, 21, *range(23, 33)]
    assert offsets.ends.tolist() == [*range(1, 18), 19, 20, 21, *range(23, 34)]
    assert to_raw_span(offsets, norm.index("\U0001F601"), len(norm) - 1) == (31, 32)


def test_alef_wasla_in_a_long_text_that_needs_nfkc_becomes_a_bare_alef():
    """A long article (the numpy path) with a no-break space (so NFKC runs) and a vocalized
    quotation with alef wasla ٱ: the tashkeel and the superscript alef go, ٱ becomes ا."""
    quote = "\nوقال الخطيب:\u00a0«بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ»"
    assert normalize(ANADOLU + quote) == normalize(ANADOLU) + "\nوقال الخطيب: «بسم الله الرحمن الرحيم»"
    assert normalize(ANADOLU + quote, alef=False) == (
        normalize(ANADOLU, alef=False) + "\nوقال الخطيب: «بسم ٱلله ٱلرحمن ٱلرحيم»")
