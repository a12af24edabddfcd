"""Cleaning's fast paths (issue 17): NFKC only on the pieces of a text that need it, and the
str.replace / regex paths of normalize, word_tokens and tokenize give exactly what the full paths give.
(Split from tests/test_cleaning.py, which had grown past the house limit of ~900 lines.)"""
from __future__ import annotations

import unicodedata

import numpy as np

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import helpers.cleaning as cleaning
from helpers import Token, normalize, normalize_with_offsets, tokenize, word_tokens
from helpers.cleaning import normalization, token_classes, tokenizing
from test_cleaning import ANADOLU, ARABIC_LETTERS, ASTANA, PROPS, SEEDS, texts_

# --- issue 17: NFKC only on the pieces that need it ---

NFKC_MIX = ARABIC_LETTERS[:12] + list("  \u00a0\u00a0\u202f\u2009\u3000ﻻﷲﻷ\ufe8d\ufee0\ufb50\ufdf2abcé019٣\u0654\u0653\u0651\u064e\u0301e\n")


@__import__("functools").cache
def _unstable_pieces_re():
    """A run of characters NFKC may change, with the character before it (as a regex)."""
    import re

    import numpy as np

    cls = "".join(re.escape(chr(cp)) for cp in np.flatnonzero(normalization._nfkc_unstable()))
    return re.compile(f"[^{cls}]?[{cls}]+", re.DOTALL)


def _whole_text_nfkc_with_map(text):
    """The map of ``offsets._nfkc_with_map`` as it was computed before issue 17 (whole-text NFKC,
    the vectorized map of reordered marks when the length is unchanged, else a regex of pieces)."""
    import os

    from helpers.cleaning import offsets as cleaning_offsets

    if unicodedata.is_normalized("NFKC", text):
        return text, None, None
    full = unicodedata.normalize("NFKC", text)
    if len(full) == len(text) and (mapped := cleaning_offsets._nfkc_reordered(text, full)) is not None:
        return full, mapped[0].tolist(), mapped[1].tolist()
    out, starts, ends, pos = [], [], [], 0
    for m in _unstable_pieces_re().finditer(text):
        seg, r0, r1 = m.group(), m.start(), m.end()
        new = unicodedata.normalize("NFKC", seg)
        if new != seg:
            p = len(os.path.commonprefix([seg, new]))
            q = len(os.path.commonprefix([seg[p:][::-1], new[p:][::-1]]))
            out += [text[pos:r0], new]
            starts += [*range(pos, r0 + p), *[r0 + p] * (len(new) - p - q), *range(r1 - q, r1)]
            ends += [*range(pos + 1, r0 + p + 1), *[r1 - q] * (len(new) - p - q), *range(r1 - q + 1, r1 + 1)]
            pos = r1
    return "".join(out) + text[pos:], starts + list(range(pos, len(text))), ends + list(range(pos + 1, len(text) + 1))


@PROPS
@given(st.text(alphabet=st.sampled_from(NFKC_MIX), max_size=40), st.integers(1, 3))
@example("ب\u00a0ﻻ\u064e\u0651 ا\u0654\u0651\u064e", 2)  # a no-break space beside a ligature; reordered marks
@example("\u0651\u064e" * 3 + "ب\u0651\u064e", 3)  # marks reordered only: the vectorized map
def test_prop_nfkc_on_pieces_is_the_whole_text_nfkc(text, copies):
    """NFKC of the pieces that need it is NFKC of the whole text, with the same offsets."""
    from helpers.cleaning import offsets as cleaning_offsets

    words = "\n" + "كلمات عربية 2025 " * 80  # plain text between the copies: few pieces per character
    long_text = words.join([text] * copies) + words
    assert normalization._nfkc_segments(long_text)[0].size * normalization._DENSE < len(long_text)
    assert normalization._nfkc(long_text) == unicodedata.normalize("NFKC", long_text)
    out, s, e = cleaning_offsets._nfkc_with_map(long_text)
    want = _whole_text_nfkc_with_map(long_text)
    if s is not None or want[1] is None:
        assert (out, None if s is None else s.tolist(), None if e is None else e.tolist()) == want
    else:  # one character for another only: the identity map, as None
        assert (out, list(range(len(out))), list(range(1, len(out) + 1))) == want


def test_one_no_break_space_does_not_send_the_text_through_nfkc(monkeypatch):
    """A long article with one NBSP: NFKC sees that piece only, and the result is the same."""
    text = (ASTANA + "\n") * 40
    text = text[:5000] + "\u00a0" + text[5000:]
    seen = []
    whole = unicodedata.normalize
    monkeypatch.setattr(unicodedata, "normalize", lambda form, s: seen.append(len(s)) or whole(form, s))
    norm, offsets = cleaning.normalize_with_offsets(text)
    assert normalize(text) == norm and max(seen) == 2  # the NBSP and the letter before it
    space = cleaning.normalize_with_offsets(text.replace("\u00a0", " "))
    assert (norm, offsets) == space


# --- fast paths of normalize and word_tokens (issue 17): the same results as the full paths ---

FAST_CASES = [
    "قال\u00a0الوزير أنّ الاتفاق\u00a0 إلى",  # NBSP beside a space, shadda, alef forms, alef maqsura
    "شدّةَ مختلفة: \u0651\u064eب",  # shadda typed before fatha: not NFKC-normalized until stripped
    "العربيـــة\tو  ١٢ ۳ \u202bنص\u202c",  # tatweel, tab, double space, Arabic-Indic digits, bidi controls
    "ا\u0654 و\u0654 ﻻ ﷲ",  # compositions and presentation forms: NFKC itself
    "أ\u0653 e\u0653\u0301 \ud800 ok \U0001d400",  # a mark that composes once alef is folded; surrogate; astral
    "a \u0640 b \u200e c",  # deleting between two spaces leaves a run to collapse
]


@pytest.mark.parametrize("options", [{}, {"diacritics": False}, {"alef": False, "punctuation": True},
                                     {"ta_marbuta": True, "digits": "keep", "invisible": False}])
@pytest.mark.parametrize("text", FAST_CASES)
def test_fast_normalize_is_the_full_path(text, options):
    opts = normalization._options(**options)
    assert normalize(text, **options) == normalization._normalize_once_loop(text, opts)


def test_fast_normalize_examples():
    assert normalize(FAST_CASES[0]) == "قال الوزير ان الاتفاق الي"
    assert normalize(FAST_CASES[2]) == "العربية و 12 3 نص"
    assert normalize(FAST_CASES[4], diacritics=False) == "ا e\u0653\u0301 \ufffd ok A"  # آ folded again
    assert normalize(FAST_CASES[5]) == "a b c"


def test_fast_normalize_skips_the_full_path_on_a_plain_article(monkeypatch):
    """An article with NBSPs, alef forms and tashkeel, or a short one with a rarer character of the
    table (an Arabic-Indic digit), needs no NFKC pass; a ligature or a long text with a rarer
    character takes the full path."""
    calls = []
    full = normalization._normalize_once_loop
    monkeypatch.setattr(normalization, "_normalize_once_loop", lambda t, o: calls.append(t) or full(t, o))
    assert normalize(FAST_CASES[0] + "\n" + ASTANA) == full(FAST_CASES[0] + "\n" + ASTANA, normalization._options())
    assert calls == []
    assert normalize("عام ٢٠٢٥") == "عام 2025" and calls == []
    long_text = "عام ٢٠٢٥ " * 300
    assert normalize("ﻻ") == "لا" and normalize(long_text) == "عام 2025 " * 300 and calls == ["ﻻ", long_text]


def _numpy_word_tokens(text: str, punctuation: bool) -> list[str]:
    cp, start, _, nonspace = tokenizing._token_bounds(text)
    if not punctuation:
        cp, start, nonspace, blanked = tokenizing._blank_punctuation(cp, start, nonspace)
        if blanked:
            return tokenizing._split_tokens(cp, start, nonspace, None)
    return tokenizing._split_tokens(cp, start, nonspace, text)


@given(st.text(alphabet=st.sampled_from("ab_ب\u064e\u200c1٣.,٫٬%٪ \n\u00a0\t:\"-\ud800\u2028\U0001d7ce\U0001f600"),
               max_size=30), st.booleans())
@example("عام 2016م: 1,000.5%% ٣٫٥ 1..2 5.%", True)
def test_prop_word_tokens_regex_is_the_numpy_rules(text, punctuation):
    """The regex of word_tokens and tokenize (texts up to U+FFFF) gives the tokens of the vectorized rules."""
    assert word_tokens(text, punctuation=punctuation) == _numpy_word_tokens(text, punctuation)
    cp, start, end, nonspace = tokenizing._token_bounds(text)
    spans = zip(np.flatnonzero(start).tolist(), (np.flatnonzero(end) + 1).tolist())
    assert tokenize(text) == [Token(text[a:b], a, b) for a, b in spans]


def test_word_tokens_regex_examples():
    text = "عام 2016م: 1,000.5%% ٣٫٥ 1..2 5.% 😀x"
    assert word_tokens(text) == ["عام", "2016", "م", ":", "1,000.5%", "%", "٣٫٥", "1", ".", ".", "2",
                                 "5", ".", "%", "😀", "x"]
    assert word_tokens(text, punctuation=False) == ["عام", "2016", "م", "1,000.5%", "٣٫٥", "1", "2", "5", "x"]
    every = "".join(chr(c) for c in range(0xFFFF) if not 0xD800 <= c < 0xE000)
    for glue in (" ", "1", "ب"):
        assert word_tokens(glue.join(every)) == _numpy_word_tokens(glue.join(every), True)


@pytest.mark.parametrize("piece", ["e\u0301", "\u00e9", "\n\u0301", "\u0301\n", "ا\u0654", "\u00a0", "ﻻ", "\u064e\u0651",
                                   "\u1100\n\u1161", "\u1100\u1161", "\n"])
def test_long_text_nfkc_check_line_by_line_is_the_whole_text_check(piece):
    """NFKC never crosses a line break: checking a long text line by line gives the same answer."""
    for text in (ASTANA * 3 + piece, piece + ASTANA * 3, (ASTANA + piece) * 3):
        assert len(text) >= normalization._SHORT
        assert normalization._is_nfkc(text) == unicodedata.is_normalized("NFKC", text)


def test_tokenize_rejects_non_text_with_the_type_given():
    """tokenize checks its text like normalize, naming what it was given (mutants of _tokens:
    the check skipped, or run on None)."""
    with pytest.raises(TypeError) as e:
        tokenize(5)  # type: ignore[arg-type]
    assert str(e.value) == "expected a str, got int: 5"
    with pytest.raises(TypeError) as e:
        tokenize("نص".encode())  # type: ignore[arg-type]
    assert str(e.value) == "expected a str, got bytes: b'\\xd9\\x86\\xd8\\xb5'"
    with pytest.raises(TypeError) as e:
        word_tokens(None)  # type: ignore[arg-type]
    assert str(e.value) == "expected a str, got NoneType: None"
    with pytest.raises(TypeError) as e:
        word_tokens(5)  # type: ignore[arg-type]
    assert str(e.value) == "expected a str, got int: 5"


def test_a_decomposed_madda_composes_before_the_marks_go_in_a_long_text():
    """ا + U+0653 (madda above) is آ after NFKC; only the tashkeel (U+064B–U+0652) and the
    superscript alef are deleted before NFKC, in a long text as in a short one, so with
    ``alef=False`` آ stays (mutant of _normalize_once: U+0653 deleted before NFKC)."""
    short = "ا\u0653"
    long = "قال الوزير " * 200 + short
    assert len(long) > normalization._SHORT
    assert normalize(short, alef=False) == "آ"
    assert normalize(long, alef=False)[-3:] == "ر آ"
    assert normalize(long)[-3:] == "ر ا"


def test_offsets_of_an_alef_with_many_maddas_follow_normalize_to_the_end():
    """ا + n maddas (U+0653), diacritics=False: each round composes آ and folds it back to ا, so
    five maddas or more need more than the four rounds normalize_with_offsets once made."""
    for n in (4, 5, 8):
        text = "قال ا" + "\u0653" * n
        norm, offsets = normalize_with_offsets(text, diacritics=False)
        assert norm == normalize(text, diacritics=False) == "قال ا"
        assert offsets.tolist() == [0, 1, 2, 3, 4] and offsets.ends.tolist() == [1, 2, 3, 4, 5 + n]
