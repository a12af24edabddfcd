"""Cleaning, checked exactly where mutation testing (issue 19) found gaps: clean_corpus's options
on a frame with its own index, an empty frame, the stopword table's order, the Offsets helpers'
equality, repr and span checks. (tests/test_cleaning.py holds the rest of the stage's tests.)"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from helpers import normalize_with_offsets, to_raw_spans
from helpers.cleaning import clean_corpus, stopword_table, token_kind
from helpers.cleaning.offsets import Offsets

# two articles, indexed as a slice of a bigger frame would be
FRAME = pd.DataFrame({"doc_id": ["a", "b"],
                      "text": ["وقال الوزير: «نعمل معاً»!", "وصل برفقة الوالي، رفقة طيبة بالمدينة."]}, index=[10, 20])


def _tokens(df: pd.DataFrame) -> dict:
    return {i: (r.tokens, r.n_tokens) for i, r in df.iterrows()}


def test_clean_corpus_keeps_the_frames_index_and_column_types():
    out = clean_corpus(FRAME)
    assert out.index.tolist() == [10, 20]
    assert out.clean_text.tolist() == ["وقال الوزير: «نعمل معا»!", "وصل برفقة الوالي، رفقة طيبة بالمدينة."]
    assert _tokens(out) == {10: (["وقال", "الوزير", "نعمل", "معا"], 4),
                            20: (["وصل", "برفقة", "الوالي", "رفقة", "طيبة", "بالمدينة"], 6)}
    assert [str(t) for t in out.dtypes[["clean_text", "tokens", "n_tokens"]]] == ["str", "object", "int64"]


def test_clean_corpus_keeps_punctuation_when_asked():
    assert _tokens(clean_corpus(FRAME, keep_punctuation=True)) == {
        10: (["وقال", "الوزير", ":", "«", "نعمل", "معا", "»", "!"], 8),
        20: (["وصل", "برفقة", "الوالي", "،", "رفقة", "طيبة", "بالمدينة", "."], 8)}


def test_clean_corpus_splits_clitics_with_the_corpus_words_as_known():
    """رفقة stands alone in the corpus, so برفقة splits as ب + رفقة (alone, it would not)."""
    assert _tokens(clean_corpus(FRAME, split_clitics=True)) == {
        10: (["وقال", "ال", "وزير", "نعمل", "معا"], 5),
        20: (["وصل", "ب", "رفقة", "ال", "والي", "رفقة", "طيبة", "ب", "ال", "مدينة"], 10)}
    assert _tokens(clean_corpus(FRAME, split_clitics=True, keep_punctuation=True, ta_marbuta=True)) == {
        10: (["وقال", "ال", "وزير", ":", "«", "نعمل", "معا", "»", "!"], 9),
        20: (["وصل", "ب", "رفقه", "ال", "والي", "،", "رفقه", "طيبه", "ب", "ال", "مدينه", "."], 12)}


def test_clean_corpus_of_an_empty_frame():
    out = clean_corpus(FRAME.iloc[:0])
    assert out.columns.tolist() == ["doc_id", "text", "clean_text", "tokens", "n_tokens"] and out.empty
    assert [str(t) for t in out.dtypes[["clean_text", "tokens", "n_tokens"]]] == ["str", "object", "int64"]


def test_clean_corpus_names_what_it_was_given_instead_of_a_frame():
    with pytest.raises(TypeError, match=r"^clean_corpus expects a pandas DataFrame, got list$"):
        clean_corpus([FRAME.text[10]])


def test_stopword_table_orders_by_count_then_word():
    table = stopword_table(["من", "قال", "في", "قال", "في", "،", "،", "،", "باكو"])
    assert table.values.tolist() == [["في", "arabic-stopwords", 2], ["قال", "news-boilerplate", 2],
                                     ["من", "arabic-stopwords", 1]]
    # equal counts: the word decides, not the list it comes from
    assert stopword_table(["من", "قال"]).word.tolist() == ["قال", "من"]


def test_an_empty_token_is_punctuation():
    assert token_kind("") == "punct"


def test_offsets_equality_and_repr():
    norm, offsets = normalize_with_offsets("وصلتُ إلى باكو")
    assert offsets == offsets.tolist() and offsets != offsets.tolist()[:-1] and offsets == tuple(offsets.tolist())
    # the same starts, other ends (the damma after ت belongs to it): not equal
    assert Offsets([0, 1], [1, 3]) != Offsets([0, 1], [1, 2])
    assert Offsets([0, 1], [1, 2]) == Offsets([0, 1], [1, 2])
    assert repr(offsets) == "Offsets([0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13])"
    assert repr(Offsets(range(20))) == f"Offsets({list(range(20))})"
    assert repr(Offsets(range(21))) == f"Offsets({list(range(20))}"[:-1] + ", ...])"
    assert repr(Offsets(range(42))) == repr(Offsets(range(21)))


def test_to_raw_spans_of_no_span_and_of_bad_spans():
    raw = "وصلتُ إلى باكو"
    _, offsets = normalize_with_offsets(raw)
    starts, ends = to_raw_spans(offsets, [], [])
    assert starts.tolist() == [] and ends.tolist() == [] and starts.dtype == ends.dtype == np.int64
    with pytest.raises(ValueError, match=r"^starts and ends must have the same length$"):
        to_raw_spans(offsets, [0, 5], [4])
    for starts, ends in (([-1], [4]), ([0], [14]), ([4], [4])):
        with pytest.raises(IndexError, match=r"^every span must be non-empty and inside the normalized text of "
                                             r"length 13$"):
            to_raw_spans(offsets, starts, ends)


def test_clean_texts_counts_numbers_with_separators_as_one_token():
    """3.5, 1,000 and ٣٫٥ are one token each; a separator that does not sit between two digits
    is not part of the number. The counts are those of clean_corpus."""
    from helpers.cleaning import clean_texts
    texts = ["نمت التجارة 3.5 بالمئة إلى 1,000 دولار عام 2024.", "٣٫٥ مليون", "4,", ",4", "1.2.3", "أ 5"]
    clean, counts = clean_texts(texts)
    assert clean == ["نمت التجارة 3.5 بالمئة الي 1,000 دولار عام 2024.", "3٫5 مليون", "4,", ",4", "1.2.3", "ا 5"]
    assert counts.tolist() == [9, 2, 1, 1, 1, 2]
    assert clean_corpus(pd.DataFrame({"text": texts})).n_tokens.tolist() == counts.tolist()


def test_an_empty_span_at_the_end_maps_after_the_last_raw_character():
    """A right-to-left mark at the end of the raw text is dropped by normalization: an empty span at
    the normalized end still maps after it (Offsets know the raw length); a plain list of starts
    can only say "after the last start"."""
    from helpers import to_raw_span
    raw = "قال نعم\u200f"
    norm, offsets = normalize_with_offsets(raw)
    assert norm == "قال نعم" and offsets.raw_length == 8 and offsets.ends.tolist()[-1] == 7
    assert to_raw_span(offsets, 7, 7) == (8, 8)
    assert to_raw_span(offsets.tolist(), 7, 7) == (7, 7)
    assert to_raw_span([], 0, 0) == (0, 0)
    # a slice keeps the ends and the raw length
    tail = offsets[4:]
    assert (tail.tolist(), tail.ends.tolist(), tail.raw_length) == ([4, 5, 6], [5, 6, 7], 8)


def test_persian_letters_are_folded_by_default():
    norm, offsets = normalize_with_offsets("کتاب یک")
    assert norm == "كتاب يك" and offsets.tolist() == [0, 1, 2, 3, 4, 5, 6]
    assert normalize_with_offsets("کتاب یک", persian=False)[0] == "کتاب یک"


@pytest.mark.skipif("MUTANT_UNDER_TEST" in os.environ,
                    reason="mutmut's trampolines put one more frame between the caller and clean_corpus")
def test_a_text_that_is_not_a_string_is_blamed_on_the_callers_line():
    from helpers.loading import CorpusWarning
    with pytest.warns(CorpusWarning, match=r"^row 7: text is nan, not a string; cleaned as empty text$") as caught:
        out = clean_corpus(pd.DataFrame({"text": ["نص", None]}, index=[5, 7]))
    assert [w.filename for w in caught] == [__file__]
    assert out.tokens.tolist() == [["نص"], []]
