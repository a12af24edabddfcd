"""Text reuse: sentence similarity (character n-gram TF-IDF), alignment and its heatmap."""
from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from helpers.cleaning import tokenize

from .sentences import KEY, _sentences


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                           preprocessor=KEY, dtype=np.float32)


def sentence_similarity(a: str | pd.DataFrame, b: str | pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity of every sentence of ``a`` with every sentence of ``b``.

    Sentences are compared as TF-IDF vectors of character 3–5-grams of their normalized
    text, so a changed clitic or spelling lowers the score a little instead of breaking
    the match. Rows are ``a``'s sentences, columns ``b``'s, both labelled ``sent_id``
    (a ``(doc_id, sent_id)`` MultiIndex when a side holds several articles). Meant for a
    heatmap of two articles; for corpora use :func:`align_sentences`, which never builds
    the full matrix.

    >>> m = sentence_similarity("قال الوزير إن التعاون مهم.", "قال الوزير إن التعاون مهم جدا.")
    >>> round(float(m.iloc[0, 0]), 2)
    0.72
    """
    sa, sb = _sentences(a, "a"), _sentences(b, "b")
    x = _vectorizer().fit_transform(pd.concat([sa["text"], sb["text"]]))
    sim = (x[:len(sa)] @ x[len(sa):].T).toarray()

    def index(s: pd.DataFrame) -> pd.Index:
        if s["doc_id"].nunique() > 1:
            return pd.MultiIndex.from_frame(s[["doc_id", "sent_id"]])
        return pd.Index(s["sent_id"].to_numpy(), name="sent_id")

    return pd.DataFrame(sim, index=index(sa), columns=index(sb))


def _longest_shared_run(a: str, b: str) -> int:
    ka = [KEY(t.text) for t in tokenize(a)]
    kb = [KEY(t.text) for t in tokenize(b)]
    m = difflib.SequenceMatcher(None, ka, kb, autojunk=False).find_longest_match(0, len(ka), 0, len(kb))
    return int(m.size)


def align_sentences(a: str | pd.DataFrame, b: str | pd.DataFrame, *, min_score: float = 0.4,
                    min_shared_words: int = 0, max_cells: int = 4_000_000) -> pd.DataFrame:
    """Pair each sentence of ``b`` with the most similar sentence of ``a``.

    ``a`` and ``b`` are each an article's text, a loaded corpus frame (one or many
    articles: a folder), or a sentence frame (:func:`article_sentences`). Similarity is the
    cosine of character 3–5-gram TF-IDF vectors of the normalized sentences (one sparse
    matrix product, in chunks of at most ``max_cells`` cells, so memory stays bounded on
    large corpora). Pairs scoring below ``min_score`` are dropped (0.4 separates shared
    passages from sentences that merely share names on the seed articles; lower it to
    find looser paraphrase), and so are pairs whose longest run of shared words is shorter
    than ``min_shared_words``. On large corpora the best of many unrelated sentences can
    pass 0.4 by chance; ``min_shared_words=3`` removes those (see ``make bench``).

    Columns: ``a_doc``, ``a_sent``, ``a_start``, ``a_end``, ``a_text``, ``b_doc``,
    ``b_sent``, ``b_start``, ``b_end``, ``b_text`` (offsets into each article's raw text),
    ``score``, ``mutual`` (``b``'s sentence is also the best match of ``a``'s) and
    ``shared_words`` (length of the longest run of identical normalized words).

    >>> a = "وقال الوزير إن العلاقات متينة. وأضاف أن التجارة نمت."
    >>> b = "أكد الرئيس أن الاقتصاد قوي. وقال الوزير إن العلاقات متينة جدا."
    >>> align_sentences(a, b)[["a_sent", "b_sent", "shared_words"]].values.tolist()
    [[0, 1, 5]]
    """
    sa, sb = _sentences(a, "a"), _sentences(b, "b")
    cols = ["a_doc", "a_sent", "a_start", "a_end", "a_text", "b_doc", "b_sent", "b_start",
            "b_end", "b_text", "score", "mutual", "shared_words"]
    if sa.empty or sb.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    x = _vectorizer().fit_transform(pd.concat([sa["text"], sb["text"]]))   # one pass over the text
    xa, xb = x[:len(sa)], x[len(sa):].tocsr()
    xat = xa.T.tocsc()
    chunk = max(1, max_cells // max(1, xa.shape[0]))
    best_a = np.zeros(xb.shape[0], dtype=np.int64)
    best_ab = np.zeros(xb.shape[0], dtype=np.float32)
    best_b_for_a = np.full(xa.shape[0], -1, dtype=np.int64)
    best_ba = np.full(xa.shape[0], -1.0, dtype=np.float32)
    for i in range(0, xb.shape[0], chunk):
        sim = (xb[i:i + chunk] @ xat).toarray()
        best_a[i:i + chunk] = sim.argmax(axis=1)
        best_ab[i:i + chunk] = sim.max(axis=1)
        col_arg = sim.argmax(axis=0)
        col_max = sim[col_arg, np.arange(sim.shape[1])]
        better = col_max > best_ba
        best_ba[better] = col_max[better]
        best_b_for_a[better] = col_arg[better] + i
    keep = np.flatnonzero(best_ab >= min_score)
    ra = sa.iloc[best_a[keep]].reset_index(drop=True)
    rb = sb.iloc[keep].reset_index(drop=True)
    out = pd.DataFrame({
        "a_doc": ra["doc_id"], "a_sent": ra["sent_id"], "a_start": ra["start"], "a_end": ra["end"],
        "a_text": ra["text"],
        "b_doc": rb["doc_id"], "b_sent": rb["sent_id"], "b_start": rb["start"], "b_end": rb["end"],
        "b_text": rb["text"],
        "score": best_ab[keep].astype(float).round(3),
        "mutual": best_b_for_a[best_a[keep]] == keep,
        "shared_words": [_longest_shared_run(x, y) for x, y in zip(ra["text"], rb["text"])],
    })
    if min_shared_words:
        out = out[out["shared_words"] >= min_shared_words].reset_index(drop=True)
    return out[cols]


# --------------------------------------------------------------------------- heatmap

def plot_similarity(similarity: pd.DataFrame, *, alignment: pd.DataFrame | None = None,
                    names: tuple[str, str] | None = None, ax=None, title: str | None = None):
    """Heatmap of a sentence-similarity matrix (:func:`sentence_similarity`); returns the Figure.

    Rows are the first article's sentences (top to bottom in reading order), columns the
    second's. Pairs of ``alignment`` (:func:`align_sentences`) are outlined, so the
    shared passages stand out as boxes; a diagonal run of boxes is a block of copied
    text. Labels go through :func:`helpers.for_plot`, so Arabic names draw right on
    any matplotlib.

    >>> fig = plot_similarity(sentence_similarity("أ ب ج. د ه و.", "أ ب ج."))   # doctest: +SKIP
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from helpers.plotting import for_plot

    na, nb = names or ("article 1", "article 2")
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 7 * max(1, similarity.shape[0]) / max(1, similarity.shape[1]) * 0.8 + 1))
    else:
        fig = ax.figure
    im = ax.imshow(similarity.to_numpy(), cmap="viridis", vmin=0, vmax=1, aspect="auto",
                   interpolation="nearest")
    rows = list(similarity.index)
    cols = list(similarity.columns)

    def step(n: int) -> int:
        return 1 if n <= 30 else int(np.ceil(n / 30))

    ax.set_yticks(range(0, len(rows), step(len(rows))))
    ax.set_yticklabels([str(rows[i]) for i in range(0, len(rows), step(len(rows)))], fontsize=10)
    ax.set_xticks(range(0, len(cols), step(len(cols))))
    ax.set_xticklabels([str(cols[i]) for i in range(0, len(cols), step(len(cols)))], fontsize=10, rotation=90)
    ax.set_ylabel(for_plot(f"sentences of {na}"))
    ax.set_xlabel(for_plot(f"sentences of {nb}"))
    if alignment is not None and len(alignment):
        pos_r = {k: i for i, k in enumerate(rows)}
        pos_c = {k: i for i, k in enumerate(cols)}
        multi = isinstance(similarity.index, pd.MultiIndex)
        for r in alignment.itertuples(index=False):
            kr = (r.a_doc, r.a_sent) if multi else r.a_sent
            kc = (r.b_doc, r.b_sent) if isinstance(similarity.columns, pd.MultiIndex) else r.b_sent
            if kr in pos_r and kc in pos_c:
                ax.add_patch(Rectangle((pos_c[kc] - 0.5, pos_r[kr] - 0.5), 1, 1, fill=False,
                                       edgecolor="red", linewidth=1.5))
    fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02, label="cosine similarity (character 3–5-grams)")
    ax.set_title(for_plot(title or f"Sentence similarity: {na} (rows) against {nb} (columns)"),
                 wrap=True)
    return fig
