"""Cleaning, checked exactly where mutants survived (mutation testing, issue 19): first a random
sample (200, seed 29), then the full run of 2026-12-04 (offsets of reordered marks, overlays and
emoji, spans given as tuples or arrays, Offsets slices; clitics of vocalized words, code points
beyond U+FFFF, alef wasla). tests/test_cleaning.py holds the rest of the stage's tests."""
from __future__ import annotations

import numpy as np
import pytest

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


# --------------------------------------------------------------------------------------
# offsets.py, survivors of the full cleaning run (1,508 mutants, 2026-12-04)
# --------------------------------------------------------------------------------------


def test_marks_typed_out_of_canonical_order_map_to_their_whole_run_of_marks():
    """With diacritics kept, NFKC puts marks typed in keyboard order (shadda before fatha) in their
    canonical order; every mark of the reordered run maps to the run's whole raw range, and the
    characters around the run keep their own offsets."""
    raw = "قال إن" + "\u0651\u064e" + " الحكومة"  # إنَّ with shadda typed first
    norm, offsets = normalize_with_offsets(raw, diacritics=False)
    assert norm == "قال ان\u064e\u0651 الحكومة"
    assert offsets.tolist() == [0, 1, 2, 3, 4, 5, 6, 6, 8, 9, 10, 11, 12, 13, 14, 15]
    assert offsets.ends.tolist() == [1, 2, 3, 4, 5, 6, 8, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    assert to_raw_span(offsets, 4, 8) == (4, 8) and to_raw_span(offsets, 9, 16) == (9, 16)
    # a run that opens the text (a fragment cut just after its letter): no starter before it
    norm, offsets = normalize_with_offsets("\u0651\u064eكم", diacritics=False)
    assert norm == "\u064e\u0651كم"
    assert offsets.tolist() == [0, 0, 2, 3] and offsets.ends.tolist() == [2, 2, 3, 4]
    # shadda, fatha, dagger alef on the lam of اللَّٰه: the dagger alef, already in place, is part
    # of the run too (the run is the raw range of all three marks, not only of the two that moved)
    raw = "بِسْمِ الل" + "\u0651\u064e\u0670" + "هِ"
    norm, offsets = normalize_with_offsets(raw, diacritics=False)
    assert norm == "بِسْمِ الل\u064e\u0651\u0670هِ"
    assert offsets.tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 13, 14]
    assert offsets.ends.tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 13, 13, 14, 15]
    i = norm.index("الل")
    assert raw[slice(*to_raw_span(offsets, i, len(norm)))] == "الل\u0651\u064e\u0670هِ"


def test_a_madda_typed_as_a_combining_mark_composes_with_its_alef():
    """القرآن written with ا + U+0653 (as some sources type it): NFKC composes آ, which stays آ
    with alef=False and maps back to both raw characters."""
    raw = "القرا\u0653ن"
    norm, offsets = normalize_with_offsets(raw, alef=False)
    assert norm == "القرآن"
    assert offsets.tolist() == [0, 1, 2, 3, 4, 6] and offsets.ends.tolist() == [1, 2, 3, 4, 6, 7]
    norm, offsets = normalize_with_offsets(raw)
    assert norm == "القران"
    assert offsets.tolist() == [0, 1, 2, 3, 4, 6] and offsets.ends.tolist() == [1, 2, 3, 4, 6, 7]


def test_tashkeel_under_a_strike_through_overlay_belongs_to_its_letter():
    """Struck-through text as social media writes it (U+0336 after every letter or letter with its
    marks): the tanween and the sukun are removed before NFKC, so NFKC does not move the overlay
    (class 1) in front of them, and each belongs to its letter, not to the overlay."""
    graphemes = ["ل", "مْ", " ", "ي", "ق", "ل", " ", "ش", "ك", "رً", "ا"]  # لمْ يقل شكرًا
    raw = "".join(g if g == " " else g + "\u0336" for g in graphemes)
    norm, offsets = normalize_with_offsets(raw)
    assert norm == raw.replace("\u0652", "").replace("\u064b", "")  # the overlays kept
    assert offsets.tolist() == [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21]
    assert offsets.ends.tolist() == [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22]
    assert raw[slice(*to_raw_span(offsets, 2, 3))] == "مْ" and raw[slice(*to_raw_span(offsets, 16, 17))] == "رً"


def test_an_emoji_beside_a_deleted_direction_mark_is_kept():
    """A comment ending in 😁 (U+1F601) and a right-to-left mark: the mark is deleted and belongs to
    nothing, the emoji (beyond the BMP, outside the character tables) is kept as it is."""
    raw = "ضحكت كثيرا \U0001F601\u200f"
    norm, offsets = normalize_with_offsets(raw)
    assert norm == "ضحكت كثيرا \U0001F601"
    assert offsets.tolist() == list(range(12)) and offsets.ends.tolist() == list(range(1, 13))
    assert offsets.raw_length == 13 and to_raw_span(offsets, 11, 12) == (11, 12)


def test_an_ellipsis_character_becomes_three_dots_that_map_to_it():
    """لا… : NFKC makes the one raw character … three dots, each mapping back to it."""
    norm, offsets = normalize_with_offsets("لا…")
    assert norm == "لا..."
    assert offsets.tolist() == [0, 1, 2, 2, 2] and offsets.ends.tolist() == [1, 2, 3, 3, 3]
    assert to_raw_span(offsets, 2, 5) == (2, 3)


def test_to_raw_spans_checks_spans_given_as_tuples_and_arrays():
    """Spans given other than as two lists go through numpy; they are checked the same way, with
    the same messages, and starts as an array with ends as a list work too."""
    raw = "وصلتُ إلى باكو"
    norm, offsets = normalize_with_offsets(raw)
    starts, ends = to_raw_spans(offsets, np.array([0, 9]), [4, 13])
    assert starts.tolist() == [0, 10] and ends.tolist() == [5, 14]
    with pytest.raises(ValueError, match=r"^starts and ends must have the same length$"):
        to_raw_spans(offsets, (0, 9), (4,))
    with pytest.raises(IndexError, match=r"^every span must be non-empty and inside the normalized text of length 13$"):
        to_raw_spans(offsets, (0, 9), (4, 9))  # باكو's span made empty
    with pytest.raises(IndexError, match=r"^every span must be non-empty"):
        to_raw_spans(offsets, np.array([9]), np.array([9]))


def test_to_raw_spans_on_an_end_beyond_int64():
    """An end too large for int64: an article's spans given as lists (fewer than 256) are checked in
    Python, and such an end is outside the text like any other (IndexError); tuples, arrays and
    lists of 256 spans or more are converted by numpy first, which refuses the number itself."""
    _, offsets = normalize_with_offsets("وصلتُ إلى باكو")
    with pytest.raises(IndexError, match=r"^every span must be non-empty and inside"):
        to_raw_spans(offsets, [0], [2**64])
    with pytest.raises(OverflowError):
        to_raw_spans(offsets, [0], (2**64,))
    with pytest.raises(OverflowError):
        to_raw_spans(offsets, [0] * 256, [2**64] * 256)
    with pytest.raises(IndexError, match=r"^every span must be non-empty and inside"):
        to_raw_spans(offsets, [0] * 255, [2**64] * 255)


def test_offsets_slices_keep_their_ends_and_share_the_arrays():
    """A slice of Offsets keeps each character's raw end (the diacritic of وصلتُ), and is a view of
    the same arrays, as Offsets built from int64 arrays use them without a copy (megabytes mapped
    stay cheap); starts and ends of different lengths are refused."""
    _, offsets = normalize_with_offsets("وصلتُ إلى باكو")
    part = offsets[2:5]
    assert part.tolist() == [2, 3, 5] and part.ends.tolist() == [3, 5, 6] and part.raw_length == 14
    assert np.shares_memory(part.starts, offsets.starts) and np.shares_memory(part.ends, offsets.ends)
    starts, ends = np.array([0, 0, 3]), np.array([3, 3, 4])
    made = Offsets(starts, ends)
    assert made.starts is starts and made.ends is ends
    with pytest.raises(ValueError, match=r"^starts and ends must have the same length$"):
        Offsets([0, 1], [1])
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
