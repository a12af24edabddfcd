"""Word clusters learned from unlabeled news: words used in the same contexts share a cluster.

A name the model never saw in training (``سيرغي``) often stands where names it saw stand (after
``الرئيس``, before ``قال``); so does its cluster. :func:`build_clusters` counts, for every word of
an unlabeled corpus seen at least ``min_count`` times, the frequent words one and two places to
its left and right; weighs the counts by positive pointwise mutual information; reduces them to
:data:`DIMENSIONS` dimensions (truncated SVD); and groups the words with k-means, once for each
number of clusters of :data:`SIZES` (coarse to fine). All on one core, with fixed seeds.

The shipped table ``data/ner/clusters.tsv`` is built by ``python -m helpers.annotating.learned
clusters`` from the Jawhara FM articles (``../shared/corpora/jawharafm.tar.xz``, Apache-2.0) and
the *train* part of ANERcorp (its tokens only, no tags; CC BY-SA 4.0); :func:`load_clusters`
reads it once.

Example:
    >>> table = load_clusters()
    >>> len(table) > 40_000, len(table["باريس"]) == len(SIZES)
    (True, True)
    >>> table["باريس"] == table["لندن"]   # two capitals in the same contexts
    True
"""
from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from ..._shared import ROOT
from ...loading import atomic_path

#: The shipped cluster table (word, then one cluster id per size of :data:`SIZES`).
CLUSTERS_PATH = ROOT / "data" / "ner" / "clusters.tsv"
#: The numbers of clusters, coarse to fine.
SIZES = (100, 400, 1000)
#: Dimensions of the word vectors the clusters are made of.
DIMENSIONS = 100
#: How many of the most frequent words serve as contexts.
CONTEXT_WORDS = 2000
HEADER = """# Word clusters of the learned entity recognizer, read by helpers.annotating.learned.
# Made by `python -m helpers.annotating.learned clusters` (helpers/annotating/learned/clusters.py)
# from the Jawhara FM articles of the ANT corpus (Apache-2.0; Chouigui, Ben Khiroun, Elayeb,
# AICCSA 2017) and the tokens of the train part of ANERcorp (CC BY-SA 4.0; Benajiba, Rosso,
# Benedi Ruiz, CICLing 2007): licence CC BY-SA 4.0. Columns: the word's matching key, then its
# cluster among {sizes} clusters.
"""


def _ppmi_matrix(sentences: list[list[str]], vocab: list[str]):
    """Word × context counts (the :data:`CONTEXT_WORDS` most frequent words at −2, −1, +1, +2),
    weighted by positive pointwise mutual information (a scipy sparse matrix)."""
    import scipy.sparse as sp

    index = {w: i for i, w in enumerate(vocab)}
    n_ctx = min(CONTEXT_WORDS, len(vocab))
    context = {w: i for i, w in enumerate(vocab[:n_ctx])}
    rows: list[int] = []
    cols: list[int] = []
    for words in sentences:
        for i, w in enumerate(words):
            r = index.get(w)
            if r is None:
                continue
            for k, off in enumerate((-2, -1, 1, 2)):
                j = i + off
                c = context.get(words[j]) if 0 <= j < len(words) else None
                if c is not None:
                    rows.append(r)
                    cols.append(k * n_ctx + c)
    m = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(vocab), 4 * n_ctx)).tocsr().tocoo()
    row_sums, col_sums = np.asarray(m.sum(1)).ravel(), np.asarray(m.sum(0)).ravel()
    pmi = np.log(m.data * m.data.sum() / (row_sums[m.row] * col_sums[m.col]))
    keep = pmi > 0
    return sp.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)


def build_clusters(sentences: Iterable[Sequence[str]], *, min_count: int = 2,
                   sizes: Sequence[int] = SIZES) -> dict[str, tuple[int, ...]]:
    """Cluster the words of ``sentences`` (lists of matching keys) seen at least ``min_count``
    times: word → one cluster id per size of ``sizes``. Deterministic (fixed seeds, one core).

    >>> sents = [["قال", "الرئيس", w, "امس"] for w in ("زيد", "عمرو")] * 3 + [["في", w, "امس"] for w in ("باريس", "لندن")] * 3
    >>> table = build_clusters(sents, sizes=(2,))
    >>> table["زيد"] == table["عمرو"] != table["باريس"] == table["لندن"]
    True
    """
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from threadpoolctl import threadpool_limits

    sentences = [list(s) for s in sentences]
    counts = Counter(w for s in sentences for w in s)
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    m = _ppmi_matrix(sentences, vocab)
    dims = min(DIMENSIONS, m.shape[1] - 1, len(vocab) - 1)
    with threadpool_limits(1):  # one core; the same result on every run
        x = TruncatedSVD(dims, random_state=0, algorithm="randomized").fit_transform(m)
        x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
        labels = [MiniBatchKMeans(min(k, len(vocab)), random_state=0, n_init=3, batch_size=4096).fit(x).labels_
                  for k in sizes]
    return {w: tuple(int(lab[i]) for lab in labels) for i, w in enumerate(vocab)}


def write_clusters(table: dict[str, tuple[int, ...]], path: str | os.PathLike = CLUSTERS_PATH,
                   sizes: Sequence[int] = SIZES) -> Path:
    """Write a cluster table as TSV (a ``#`` header saying what it is), atomically."""
    lines = [HEADER.format(sizes=", ".join(map(str, sizes)))]
    lines += [w + "\t" + "\t".join(map(str, ids)) + "\n" for w, ids in table.items()]
    with atomic_path(path) as tmp:
        tmp.write_text("".join(lines), encoding="utf-8")
    return Path(path)


@functools.lru_cache(maxsize=2)
def load_clusters(path: str | os.PathLike = CLUSTERS_PATH) -> dict[str, tuple[str, ...]]:
    """The cluster table at ``path``: word → cluster ids (as strings, one per size), read once."""
    table = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            word, *ids = line.rstrip("\n").split("\t")
            table[word] = tuple(ids)
    return table
