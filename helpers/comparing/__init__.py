"""Comparing: how two outlets — or two folders of articles — cover the same story.

The fifth stage (loading → cleaning → annotating → plotting → **comparing** → scaling).
It answers four questions with the helpers of the earlier stages:

* **text reuse** — which sentences the articles share (:func:`align_sentences`, character
  n-gram TF-IDF, one sparse matrix product), what changed word by word
  (:func:`diff_words`, :func:`shared_passages`, :func:`changed_words`), and a heatmap
  (:func:`plot_similarity`);
* **framing** — how often each framing term occurs per 1,000 words, each count linked to
  the passages that carry it (:func:`framing_counts`, :func:`framing_passages`);
* **sourcing** — who is quoted, how much, and through which reporting verbs; which verbs
  and phrases are the writer's own judgement (:data:`REPORTING_VERBS`,
  :func:`find_reporting_verbs`, :func:`sourcing_table`, :func:`quotes_by_speaker`);
* **facts** — the quantities and dates each side reports, aligned by their context, with
  the differences found from the annotations (:func:`align_facts`).

:func:`compare_corpora` runs all of it on two folders (or two loaded frames) of any size.
Every offset is ``[start, end)`` into the raw ``text`` of an article.

>>> from helpers import load_corpus, align_sentences       # doctest: +SKIP
>>> df = load_corpus("data/raw")                           # doctest: +SKIP
>>> align_sentences(df.text[0], df.text[1])[["a_sent", "b_sent", "score"]]  # doctest: +SKIP

A package, one module per job: ``sentences`` (an article's sentences, the matching key, word
counts), ``alignment`` (similarity, alignment, heatmap), ``diffs`` (word-level edits),
``sourcing`` (reporting verbs, speakers, quotations), ``framing``, ``facts`` and ``corpora``
(:class:`Comparison`, :func:`compare_corpora`); ``views`` holds the HTML wrapper.
"""
from __future__ import annotations

import pandas as pd  # noqa: F401  (the docstring examples use ``pd``)

from .alignment import align_sentences, plot_similarity, sentence_similarity
from .corpora import Comparison, compare_corpora
from .diffs import changed_words, diff_html, diff_words, shared_passages
from .facts import align_facts, facts_about
from .framing import framing_counts, framing_html, framing_passages
from .sentences import ANNOTATION_COLUMNS, article_sentences, count_words
from .sourcing import (
    REPORTING_VERBS, find_reporting_verbs, quotes_by_speaker, reporting_verbs_table, sourcing_table,
)
from .views import HtmlView

__all__ = [
    "article_sentences",
    "sentence_similarity",
    "align_sentences",
    "diff_words",
    "diff_html",
    "shared_passages",
    "changed_words",
    "plot_similarity",
    "REPORTING_VERBS",
    "reporting_verbs_table",
    "find_reporting_verbs",
    "sourcing_table",
    "quotes_by_speaker",
    "count_words",
    "framing_counts",
    "framing_passages",
    "framing_html",
    "align_facts",
    "facts_about",
    "Comparison",
    "compare_corpora",
    "HtmlView",
]


# The functions and classes above are this package's public face: they say they come from
# ``helpers.comparing`` (as they did when it was one module), so their repr, pickles and
# ``doctest.testmod(helpers.comparing)`` stay as they were. The modules are its layout:
# sentences (and the small shared pieces), alignment, diffs, sourcing, framing, facts, corpora.
# ``count_words`` is helpers._shared's, the one word counter of every stage, and says so.
for _name in __all__:
    if getattr(globals()[_name], "__module__", "").startswith(__name__ + "."):
        globals()[_name].__module__ = __name__
del _name
