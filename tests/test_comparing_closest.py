"""Which article of A compare_corpora sets beside each article of B for its facts.

Written for the surviving mutants of compare_corpora's TF-IDF settings (character 3–5-grams within
words, sublinear term frequency, the matching key): each case is three real sentences of the seeds,
two as articles of A and one as the article of B, for which a changed setting picks the other
article of A. The closest article shows in the ``a_doc`` of the facts.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers import article_sentences, compare_corpora, load_corpus

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
A, B = "anadolu_saar_baku", "saar_astana_baku"


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    return article_sentences(load_corpus(RAW)).set_index(["doc_id", "sent_id"]).text


def _first_word(corpus: pd.DataFrame) -> pd.DataFrame:
    """A stand-in annotator: each article's first word as a DATE, so every pair of articles has a fact."""
    return pd.DataFrame([{"doc_id": d, "start": 0, "end": len(t.split()[0]), "label": "DATE",
                          "text": t.split()[0]} for d, t in zip(corpus.doc_id, corpus.text)])


# (first article of A, second article of A, article of B, the closest article of A; the settings
# that pick the other one)
CASES = [
    ((B, 1), (B, 3), (B, 14), "A/two"),      # words instead of character n-grams
    ((A, 24), (A, 13), (A, 6), "A/two"),     # unigrams; raw term frequency
    ((A, 1), (A, 26), (B, 8), "A/one"),      # 4-5-grams
    ((A, 0), (A, 24), (B, 5), "A/one"),      # 3-6-grams
]


@pytest.mark.parametrize("one, two, other, closest", CASES)
def test_facts_go_with_the_closest_article(sentences, one, two, other, closest):
    a = pd.DataFrame({"doc_id": ["one", "two"], "text": [sentences[one], sentences[two]]})
    b = pd.DataFrame({"doc_id": ["b"], "text": [sentences[other]]})
    cmp = compare_corpora(a, b, annotator=_first_word)
    assert set(cmp.facts.a_doc) == {closest} and set(cmp.facts.b_doc) == {"B/b"}
