"""Two folders (or loaded frames) of articles compared on every question at once."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from helpers.loading import load_corpus

from .alignment import align_sentences
from .facts import align_facts
from .framing import framing_counts, framing_passages
from .sentences import _check_annotations, KEY, _words_per_doc
from .sourcing import quotes_by_speaker, sourcing_table


@dataclass
class Comparison:
    """Everything :func:`compare_corpora` finds, one table per question.

    ``articles`` (``side``, ``doc_id``, ``n_words``), ``reuse`` (:func:`align_sentences`
    across the two sides), ``framing`` (:func:`framing_counts` summed per side),
    ``sourcing`` (verb counts per side and stance), ``quotes`` (quoted words per side and
    speaker), ``facts`` (:func:`align_facts` for each article of B and its closest article
    of A), plus the underlying ``corpus`` and ``annotations``.
    """

    names: tuple[str, str]
    articles: pd.DataFrame
    reuse: pd.DataFrame
    framing: pd.DataFrame
    sourcing: pd.DataFrame
    quotes: pd.DataFrame
    facts: pd.DataFrame
    corpus: pd.DataFrame = field(repr=False)
    annotations: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        a, b = self.names
        n = self.articles.groupby("side").size()
        return (f"Comparison({a!r}: {n.get(a, 0)} articles, {b!r}: {n.get(b, 0)} articles; "
                f"{len(self.reuse)} shared sentences, {int((self.facts.status == 'differs').sum())} "
                f"facts that differ)")


def _load_side(x: str | os.PathLike | pd.DataFrame) -> pd.DataFrame:
    if isinstance(x, pd.DataFrame):
        return x
    p = Path(x)
    if not p.exists():
        raise FileNotFoundError(f"no such folder or file: {p}")
    df = load_corpus(p)
    if df.empty:
        raise ValueError(f"no readable article in {p} (see the warnings for skipped files)")
    return df


def compare_corpora(a: str | os.PathLike | pd.DataFrame, b: str | os.PathLike | pd.DataFrame, *,
                    names: tuple[str, str] = ("A", "B"), min_score: float = 0.4,
                    min_shared_words: int = 3, framing_terms: dict[str, str] | None = None,
                    annotator: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> Comparison:
    """Compare two folders (or loaded frames) of articles: reuse, framing, sourcing, facts.

    Each side is loaded with :func:`helpers.load_corpus` (a folder of .txt or .csv/.jsonl
    exports) and annotated with :func:`helpers.annotate_corpus` (or ``annotator``: any
    function from a corpus frame to annotations with the documented columns and
    ``doc_id``). Doc ids are prefixed with
    the side's name (``A/…``, ``B/…``) so the same file name on both sides stays apart.
    Framing and sourcing are totals per side (framing per 1,000 words of that side's
    headlines, subheadlines and bodies, counted by :func:`count_words`); facts are
    aligned between each article of B and the article of A it is most similar to (its
    closest story), so only like is compared with like. With one article per folder this
    is exactly the two-article comparison. ``min_score`` and ``min_shared_words`` go to
    :func:`align_sentences`; ``min_shared_words`` is 3 here because among thousands of
    sentences the best unrelated match can pass 0.4 by chance (``make bench``: at 10,000 ×
    10,000 synthetic sentences precision is 0.74 without it, 1.0 with it, recall 1.0).

    >>> cmp = compare_corpora("outlet_a/", "outlet_b/", names=("Anadolu", "other"))  # doctest: +SKIP
    >>> cmp.framing                                                                  # doctest: +SKIP
    """
    if annotator is None:
        from helpers.annotating import annotate_corpus as annotator
    if names[0] == names[1]:
        raise ValueError("the two sides need different names")
    sides = []
    for name, x in zip(names, (a, b)):
        df = _load_side(x)
        sides.append(df.assign(doc_id=name + "/" + df["doc_id"].astype(str), side=name))
    corpus = pd.concat(sides, ignore_index=True)
    ann = _check_annotations(annotator(corpus))
    if "doc_id" not in ann.columns:
        raise ValueError("the annotator must return a doc_id column for a corpus")
    side_of = dict(zip(corpus["doc_id"], corpus["side"]))
    ca, cb = sides
    words = _words_per_doc(corpus)
    articles = corpus[["side", "doc_id"]].assign(n_words=corpus["doc_id"].map(words).astype("int64"))

    reuse = align_sentences(ca, cb, min_score=min_score, min_shared_words=min_shared_words)

    passages = framing_passages(ann, corpus, terms=framing_terms)
    per_doc = framing_counts(passages, corpus)
    framing = (per_doc.assign(side=per_doc["doc_id"].map(side_of))
               .groupby(["term", "side"], sort=False).agg(count=("count", "sum")).reset_index()
               .astype({"count": "int64"}))
    side_words = articles.groupby("side")["n_words"].sum()
    framing["per_1000"] = (framing["count"] / framing["side"].map(side_words).astype("float64") * 1000).round(2)

    src = sourcing_table(corpus, ann)
    src = src.assign(side=src["doc_id"].map(side_of))
    sourcing = (src.groupby(["side", "stance", "lemma"]).size().rename("count").reset_index()
                .astype({"count": "int64"})
                .sort_values(["side", "count", "lemma"], ascending=[True, False, True]).reset_index(drop=True))

    quotes = quotes_by_speaker(ann, corpus)
    quotes = (quotes.assign(side=quotes["doc_id"].map(side_of))
              .groupby(["side", "speaker"]).agg(quotes=("quotes", "sum"), words=("words", "sum")).reset_index()
              .astype({"quotes": "int64", "words": "int64"})
              .sort_values(["side", "words", "speaker"], ascending=[True, False, True]).reset_index(drop=True))

    facts = []
    text_of = dict(zip(corpus["doc_id"], corpus["text"]))
    if len(ca) and len(cb):
        from sklearn.feature_extraction.text import TfidfVectorizer
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                              preprocessor=KEY).fit(corpus["text"])
        closest = (vec.transform(cb["text"]) @ vec.transform(ca["text"]).T).toarray().argmax(axis=1)
        for db, ia in zip(cb["doc_id"], closest):
            da = ca["doc_id"].iloc[ia]
            f = align_facts(text_of[da], ann[ann["doc_id"].eq(da)], text_of[db], ann[ann["doc_id"].eq(db)])
            facts.append(f.assign(a_doc=da, b_doc=db))
    if not facts:  # a side without articles: no facts, in a frame with align_facts' columns all the same
        facts.append(align_facts("", ann.iloc[:0], "", ann.iloc[:0]).assign(a_doc=None, b_doc=None))
    facts_df = pd.concat(facts, ignore_index=True)
    return Comparison(names, articles, reuse, framing, sourcing, quotes, facts_df, corpus, ann)
