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
"""
from __future__ import annotations

import difflib
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from helpers.cleaning import normalize, normalize_with_offsets, to_raw_span, tokenize
from helpers.loading import load_corpus, parse_article, split_sentences

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

#: Documented annotation columns (see helpers.annotating); frames made by hand need these.
ANNOTATION_COLUMNS = ("start", "end", "label", "text", "canonical", "source", "speaker", "value", "unit")


# --------------------------------------------------------------------------- small pieces

class HtmlView:
    """An HTML fragment that a notebook displays as HTML (``_repr_html_``).

    Its plain-text ``repr`` is a one-line summary, so a notebook's text output stays short.
    The HTML itself is in ``.html`` (article text inside it is escaped).

    >>> v = HtmlView('<p dir="rtl">نص</p>', "1 passage")
    >>> v
    <HtmlView: 1 passage>
    >>> v._repr_html_()
    '<p dir="rtl">نص</p>'
    """

    def __init__(self, html_text: str, summary: str = "HTML") -> None:
        self.html = html_text
        self.summary = summary

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<HtmlView: {self.summary}>"

    def __str__(self) -> str:
        return self.html


def _key(s: str) -> str:
    """Matching form of a word or sentence: normalized, one set of punctuation marks."""
    return normalize(s, punctuation=True)


def _as_corpus(x: str | pd.DataFrame, doc_id: str) -> pd.DataFrame:
    if isinstance(x, str):
        return pd.DataFrame({"doc_id": [doc_id], "text": [x]})
    if isinstance(x, pd.DataFrame):
        return x
    raise TypeError(f"expected an article text (str) or a frame, got {type(x).__name__}")


# --------------------------------------------------------------------------- sentences

def article_sentences(corpus: pd.DataFrame | str, doc_id: str = "doc") -> pd.DataFrame:
    """Sentences of each article's headline, subheadline and body, in reading order.

    Columns ``doc_id``, ``sent_id`` (0, 1, … per article), ``part`` (``headline``,
    ``subheadline`` or ``body``), ``start``, ``end`` (offsets into the raw ``text``), ``text``.
    The dateline is left out (it is not prose). ``corpus`` is a frame with ``doc_id`` and
    ``text`` (as :func:`helpers.load_corpus` gives) or one article's text.

    >>> s = article_sentences("عنوان المقال\\n\\nقال الوزير شيئا. وأضاف شيئا آخر.")
    >>> s[["sent_id", "part", "text"]].values.tolist()
    [[0, 'headline', 'عنوان المقال'], [1, 'body', 'قال الوزير شيئا.'], [2, 'body', 'وأضاف شيئا آخر.']]
    """
    corpus = _as_corpus(corpus, doc_id)
    rows = []
    for did, text in zip(corpus["doc_id"], corpus["text"]):
        art = parse_article(text)
        parts = [("headline", art.headline), ("subheadline", art.subheadline)]
        parts += [("body", p) for p in art.paragraphs]
        n = 0
        for part, span in parts:
            if span is None:
                continue
            for s, e in split_sentences(text, span[0], span[1]):
                rows.append((did, n, part, s, e, text[s:e]))
                n += 1
    out = pd.DataFrame(rows, columns=["doc_id", "sent_id", "part", "start", "end", "text"])
    return out.astype({"sent_id": "int64", "start": "int64", "end": "int64"})


def _sentences(x: str | pd.DataFrame, doc_id: str) -> pd.DataFrame:
    """Sentence frame of ``x``: an article text, a corpus frame, or a sentence frame already."""
    if isinstance(x, pd.DataFrame) and {"start", "end", "text"} <= set(x.columns) and "sent_id" in x.columns:
        out = x.reset_index(drop=True)
        if "doc_id" not in out.columns:
            out = out.assign(doc_id=doc_id)
        return out
    return article_sentences(x, doc_id)


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                           preprocessor=_key, dtype=np.float32)


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
    ka = [_key(t.text) for t in tokenize(a)]
    kb = [_key(t.text) for t in tokenize(b)]
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


# --------------------------------------------------------------------------- word diff

def diff_words(a: str, b: str) -> pd.DataFrame:
    """Word-level edit script turning sentence ``a`` into sentence ``b``.

    Words are compared in normalized form (diacritics, alef forms, curly vs straight
    quotes and the two Arabic commas do not count as edits); offsets are into the raw
    strings. One row per operation: ``op`` (``equal``, ``replace``, ``delete``,
    ``insert``), ``a_start``, ``a_end``, ``a_text``, ``b_start``, ``b_end``, ``b_text``.

    >>> d = diff_words("غادر ساعر إسرائيل أمس", "غادر ساعر الاحتلال أمس")
    >>> d[d.op != "equal"][["op", "a_text", "b_text"]].values.tolist()
    [['replace', 'إسرائيل', 'الاحتلال']]
    """
    ta, tb = tokenize(a), tokenize(b)
    ka, kb = [_key(t.text) for t in ta], [_key(t.text) for t in tb]
    rows = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        as_, ae = (ta[i1].start, ta[i2 - 1].end) if i2 > i1 else ((ta[i1].start if i1 < len(ta) else len(a)),) * 2
        bs, be = (tb[j1].start, tb[j2 - 1].end) if j2 > j1 else ((tb[j1].start if j1 < len(tb) else len(b)),) * 2
        rows.append((op, as_, ae, a[as_:ae], bs, be, b[bs:be]))
    return pd.DataFrame(rows, columns=["op", "a_start", "a_end", "a_text", "b_start", "b_end", "b_text"])


_DIFF_CSS = (
    "<style>"
    ".anc-diff{border-collapse:collapse;font-size:1.05em;line-height:1.9}"
    ".anc-diff td,.anc-diff th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}"
    ".anc-diff th{text-align:center;background:#f4f4f4}"
    ".anc-diff del{background:#fbd3d3;color:#7a0000}"
    ".anc-diff ins{background:#cdeccf;color:#0b4d12;text-decoration:none}"
    "</style>"
)


def _marked(text: str, spans: Iterable[tuple[int, int]], tag: str) -> str:
    """``text`` escaped, with each ``[start, end)`` span wrapped in ``<tag>``."""
    out, cur = [], 0
    for s, e in spans:
        if e <= s:
            continue
        out.append(html.escape(text[cur:s]))
        out.append(f"<{tag}>{html.escape(text[s:e])}</{tag}>")
        cur = e
    out.append(html.escape(text[cur:]))
    return "".join(out)


def diff_html(a: str, b: str) -> tuple[str, str]:
    """The two sentences as escaped HTML, words only in ``a`` in ``<del>``, only in ``b`` in ``<ins>``.

    >>> diff_html("غادر ساعر إسرائيل", "غادر ساعر الاحتلال")
    ('غادر ساعر <del>إسرائيل</del>', 'غادر ساعر <ins>الاحتلال</ins>')
    >>> diff_html("<b>", "x")[0]
    '<del>&lt;b&gt;</del>'
    """
    d = diff_words(a, b)
    changed = d[d.op != "equal"]
    return (_marked(a, zip(changed.a_start, changed.a_end), "del"),
            _marked(b, zip(changed.b_start, changed.b_end), "ins"))


def shared_passages(alignment: pd.DataFrame, *, names: tuple[str, str] | None = None) -> HtmlView:
    """Aligned sentence pairs side by side, right to left, with word-level edits highlighted.

    ``alignment`` is the frame of :func:`align_sentences`. Words present only in the
    first article are struck through in red, words only in the second are green; the
    text is escaped (it is untrusted input) and every cell is ``dir="rtl"``.

    >>> al = align_sentences("غادر ساعر إسرائيل أمس في جولة.", "غادر ساعر الاحتلال أمس في جولة.")
    >>> v = shared_passages(al)
    >>> "<ins>الاحتلال</ins>" in v.html, 'dir="rtl"' in v.html
    (True, True)
    """
    na, nb = names or ("A", "B")
    head = (f'<tr><th>{html.escape(str(na))}</th><th>{html.escape(str(nb))}</th>'
            '<th dir="ltr">score</th></tr>')
    rows = []
    for r in alignment.itertuples(index=False):
        ha, hb = diff_html(r.a_text, r.b_text)
        rows.append(f'<tr><td dir="rtl" lang="ar">{ha}<br><small dir="ltr">{html.escape(str(r.a_doc))} '
                    f'#{int(r.a_sent)} [{int(r.a_start)}:{int(r.a_end)}]</small></td>'
                    f'<td dir="rtl" lang="ar">{hb}<br><small dir="ltr">{html.escape(str(r.b_doc))} '
                    f'#{int(r.b_sent)} [{int(r.b_start)}:{int(r.b_end)}]</small></td>'
                    f'<td dir="ltr">{float(r.score):.2f}</td></tr>')
    legend = ('<p dir="ltr"><del>struck, red</del>: words only in the first article · '
              '<ins>green</ins>: words only in the second</p>')
    table = f'<table class="anc-diff" dir="rtl">{head}{"".join(rows)}</table>'
    return HtmlView(_DIFF_CSS + legend + table, f"{len(alignment)} aligned sentence pairs")


def changed_words(alignment: pd.DataFrame, *, stopwords: bool = False) -> pd.DataFrame:
    """Which words the second article drops and adds inside the sentences it shares.

    Runs :func:`diff_words` on every aligned pair and counts, per normalized word, how
    often it is ``removed`` (only in the ``a`` sentence) and ``added`` (only in ``b``);
    ``word`` is its most frequent spelling (``الاحتلال`` and ``احتلال`` count as one word), with ``pairs``: the aligned pairs (``a_sent→b_sent``) where it happens. Punctuation is
    ignored; stopwords too unless ``stopwords=True``. Sorted by ``removed + added``.
    A word removed in one place and added in another is how a systematic substitution
    (one name for another) shows up.

    >>> al = align_sentences("غادر ساعر إسرائيل أمس في جولة.", "غادر ساعر الاحتلال أمس في جولة.")
    >>> changed_words(al)[["word", "removed", "added"]].values.tolist()
    [['إسرائيل', 1, 0], ['الاحتلال', 0, 1]]
    """
    from helpers.cleaning import is_stopword

    from collections import Counter

    counts: dict[str, list] = {}  # key → [removed, added, pairs, surfaces]
    for r in alignment.itertuples(index=False):
        pair = f"{r.a_sent}→{r.b_sent}"
        d = diff_words(r.a_text, r.b_text)
        for op in d[d.op != "equal"].itertuples(index=False):
            for side, text in ((0, op.a_text), (1, op.b_text)):
                for tok in tokenize(text):
                    w = _key(tok.text)
                    if not any(ch.isalnum() for ch in w) or (not stopwords and is_stopword(tok.text)):
                        continue
                    w = w[2:] if w.startswith("ال") and len(w) > 4 else w  # الاحتلال ~ احتلال
                    entry = counts.setdefault(w, [0, 0, [], Counter()])
                    entry[side] += 1
                    entry[3][tok.text] += 1
                    if pair not in entry[2]:
                        entry[2].append(pair)
    out = pd.DataFrame([(sorted(f.items(), key=lambda x: (-x[1], x[0]))[0][0], r, a, ", ".join(p))
                        for r, a, p, f in counts.values()],
                       columns=["word", "removed", "added", "pairs"])
    out = out.astype({"removed": "int64", "added": "int64"})
    total = out["removed"] + out["added"]
    return (out.assign(_t=total).sort_values(["_t", "removed", "word"], ascending=[False, False, True])
            .drop(columns="_t").reset_index(drop=True))


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

    na, nb = names or ("A", "B")
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
    ax.set_yticklabels([str(rows[i]) for i in range(0, len(rows), step(len(rows)))], fontsize=7)
    ax.set_xticks(range(0, len(cols), step(len(cols))))
    ax.set_xticklabels([str(cols[i]) for i in range(0, len(cols), step(len(cols)))], fontsize=7, rotation=90)
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
    ax.set_title(for_plot(title) if title else "Sentence similarity")
    return fig


# --------------------------------------------------------------------------- sourcing

#: Reporting verbs and attribution phrases of Arabic news, with the stance they carry.
#: ``stance``: ``neutral`` (reports speech: قال، أضاف), ``attribution`` (names a source:
#: بحسب، وفقا ل), ``interpretive`` (the writer sums up what the speaker means: معتبرا،
#: واصفا، في إشارة إلى), ``editorial`` (the writer judges the statement or distances the
#: outlet from it: زاعما، مدعيا، وفق تعبيره، في لهجة تصعيدية). ``kind``: ``finite`` verb
#: (has its own subject), ``participle`` (a حال that takes the subject of the verb before
#: it: مشيرا، زاعما) or ``phrase``. Extend it with your own rows (same columns).
REPORTING_VERBS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # form, lemma, gloss, stance, kind, note
    ("قال", "قال", "said", "neutral", "finite", "the default verb of speech"),
    ("قالت", "قال", "said", "neutral", "finite", ""),
    ("يقول", "قال", "says", "neutral", "finite", ""),
    ("قائلا", "قال", "saying", "neutral", "participle", ""),
    ("مضى قائلا", "قال", "went on to say", "neutral", "phrase", ""),
    ("أضاف", "أضاف", "added", "neutral", "finite", "continues the previous speaker"),
    ("أضافت", "أضاف", "added", "neutral", "finite", ""),
    ("مضيفا", "أضاف", "adding", "neutral", "participle", ""),
    ("تابع", "تابع", "continued", "neutral", "finite", "continues the previous speaker"),
    ("تابعت", "تابع", "continued", "neutral", "finite", ""),
    ("أردف", "أردف", "went on", "neutral", "finite", ""),
    ("استطرد", "استطرد", "went on", "neutral", "finite", ""),
    ("أوضح", "أوضح", "explained", "neutral", "finite", ""),
    ("أوضحت", "أوضح", "explained", "neutral", "finite", ""),
    ("موضحا", "أوضح", "explaining", "neutral", "participle", ""),
    ("أعلن", "أعلن", "announced", "neutral", "finite", ""),
    ("أعلنت", "أعلن", "announced", "neutral", "finite", ""),
    ("ذكر", "ذكر", "stated", "neutral", "finite", ""),
    ("ذكرت", "ذكر", "stated", "neutral", "finite", ""),
    ("أشار", "أشار", "pointed out", "neutral", "finite", ""),
    ("أشارت", "أشار", "pointed out", "neutral", "finite", ""),
    ("مشيرا", "أشار", "pointing out", "neutral", "participle", ""),
    ("مشيرة", "أشار", "pointing out", "neutral", "participle", ""),
    ("لافتا", "لفت", "noting", "neutral", "participle", ""),
    ("لافتة", "لفت", "noting", "neutral", "participle", ""),
    ("أفاد", "أفاد", "stated", "neutral", "finite", ""),
    ("صرح", "صرح", "declared", "neutral", "finite", ""),
    ("أكد", "أكد", "stressed", "neutral", "finite", ""),
    ("أكدت", "أكد", "stressed", "neutral", "finite", ""),
    ("مؤكدا", "أكد", "stressing", "neutral", "participle", ""),
    ("مؤكدة", "أكد", "stressing", "neutral", "participle", ""),
    ("دعا", "دعا", "called for", "neutral", "finite", ""),
    ("داعيا", "دعا", "calling for", "neutral", "participle", ""),
    ("بحسب", "بحسب", "according to", "attribution", "phrase", "names the source"),
    ("حسب", "بحسب", "according to", "attribution", "phrase", ""),
    ("وفق", "وفق", "according to", "attribution", "phrase", ""),
    ("وفقا", "وفق", "according to", "attribution", "phrase", ""),
    ("نقلا عن", "نقل", "quoting", "attribution", "phrase", ""),
    ("اعتبر", "اعتبر", "considered", "interpretive", "finite",
     "the writer states what the speaker thinks, not what he said"),
    ("معتبرا", "اعتبر", "considering", "interpretive", "participle",
     "the writer sums up the speaker's view"),
    ("معتبرة", "اعتبر", "considering", "interpretive", "participle", ""),
    ("واصفا", "وصف", "describing as", "interpretive", "participle", "the writer paraphrases a characterisation"),
    ("في إشارة إلى", "أشار", "in reference to", "interpretive", "phrase",
     "the writer's gloss on whom the speaker meant"),
    ("هدد", "هدد", "threatened", "interpretive", "finite", "characterises the speech act"),
    ("مهددا", "هدد", "threatening", "interpretive", "participle", ""),
    ("زعم", "زعم", "claimed", "editorial", "finite", "casts doubt on the statement"),
    ("زعمت", "زعم", "claimed", "editorial", "finite", ""),
    ("زاعما", "زعم", "claiming", "editorial", "participle", "casts doubt on the statement"),
    ("زاعمة", "زعم", "claiming", "editorial", "participle", ""),
    ("ادعى", "ادعى", "alleged", "editorial", "finite", "casts doubt on the statement"),
    ("مدعيا", "ادعى", "alleging", "editorial", "participle", ""),
    ("اعترف", "اعترف", "admitted", "editorial", "finite", "presents the statement as a concession"),
    ("معترفا", "اعترف", "admitting", "editorial", "participle", ""),
    ("متجاهلا", "تجاهل", "ignoring", "editorial", "participle", "the writer says what the speaker left out"),
    ("متناسيا", "تناسى", "forgetting", "editorial", "participle", ""),
    ("وفق تعبيره", "تعبير", "in his words", "editorial", "phrase", "distances the outlet from the wording"),
    ("على حد تعبيره", "تعبير", "as he put it", "editorial", "phrase", "distances the outlet from the wording"),
    ("بحسب تعبيره", "تعبير", "in his words", "editorial", "phrase", ""),
    ("حسب تعبيره", "تعبير", "in his words", "editorial", "phrase", ""),
    ("على حد قوله", "قول", "as he put it", "editorial", "phrase", ""),
    ("على حد زعمه", "زعم", "as he claims", "editorial", "phrase", "casts doubt on the statement"),
    ("حسب زعمه", "زعم", "as he claims", "editorial", "phrase", ""),
    ("في لهجة تصعيدية", "لهجة", "in an escalatory tone", "editorial", "phrase",
     "the writer characterises the tone"),
)
_VERB_COLUMNS = ["form", "lemma", "gloss", "stance", "kind", "note"]


def reporting_verbs_table() -> pd.DataFrame:
    """:data:`REPORTING_VERBS` as a frame, with ``editorial`` = stance is ``editorial``.

    >>> t = reporting_verbs_table()
    >>> t.set_index("form").loc["زاعما", ["gloss", "stance"]].tolist()
    ['claiming', 'editorial']
    >>> sorted(t[t.editorial].lemma.unique())[:3]
    ['ادعى', 'اعترف', 'تجاهل']
    """
    t = pd.DataFrame(list(REPORTING_VERBS), columns=_VERB_COLUMNS)
    return t.assign(editorial=t["stance"].eq("editorial"))


def _verb_pattern(table: pd.DataFrame) -> tuple[re.Pattern, dict[str, int]]:
    """One regex for every form (longest first), on normalized text, and form → table row."""
    forms: dict[str, int] = {}
    for i, form in enumerate(table["form"]):
        forms.setdefault(" ".join(normalize(form).split()), i)
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?P<conj>[وف]?)(?P<form>{body})(?!\w)"), forms


def find_reporting_verbs(text: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reporting verbs and attribution phrases in ``text``, with their stance.

    Matching is on normalized text (hamza and diacritics do not matter; a leading و or ف
    is allowed) and spans are mapped back to the raw text. The longest form wins
    (``وفق تعبيره`` before ``وفق``). Columns: ``start``, ``end``, ``text`` (raw),
    ``form``, ``lemma``, ``gloss``, ``stance``, ``kind``, ``editorial``.

    >>> v = find_reporting_verbs("وأضاف الوزير، زاعما أن الاستقرار لن يتحقق، وفق تعبيره.")
    >>> v[["text", "lemma", "editorial"]].values.tolist()
    [['وأضاف', 'أضاف', False], ['زاعما', 'زعم', True], ['وفق تعبيره', 'تعبير', True]]
    """
    table = reporting_verbs_table() if table is None else table.assign(
        editorial=table["stance"].eq("editorial"))
    pat, forms = _verb_pattern(table)
    norm, offsets = normalize_with_offsets(text)
    rows = []
    for m in pat.finditer(norm):
        form_key = re.sub(r"\s+", " ", m.group("form"))
        row = table.iloc[forms[form_key]]
        s, e = to_raw_span(offsets, m.start(), m.end())
        rows.append((s, e, text[s:e], row["form"], row["lemma"], row["gloss"], row["stance"],
                     row["kind"], bool(row["editorial"])))
    out = pd.DataFrame(rows, columns=["start", "end", "text", "form", "lemma", "gloss", "stance",
                                      "kind", "editorial"])
    return out.astype({"start": "int64", "end": "int64", "editorial": bool})


def _sentence_index(sents: pd.DataFrame, positions: np.ndarray) -> np.ndarray:
    """Row number in ``sents`` (one article, sorted) of the sentence holding each position; -1 if none."""
    starts = sents["start"].to_numpy()
    ends = sents["end"].to_numpy()
    idx = np.searchsorted(starts, positions, side="right") - 1
    ok = (idx >= 0) & (positions < ends[np.clip(idx, 0, None)])
    return np.where(ok, idx, -1)


def sourcing_table(corpus: pd.DataFrame | str, annotations: pd.DataFrame, *,
                   table: pd.DataFrame | None = None, window: int = 40) -> pd.DataFrame:
    """Every reporting verb of every article, with the speaker it introduces.

    The speaker is found from the annotations (columns as :func:`helpers.annotate`
    gives: ``start``, ``end``, ``label``, ``canonical``, ``speaker``; ``doc_id`` too when
    there are several articles):

    * a finite verb (``قال``, ``أعلن``) takes the person (``PER``) or organisation (``ORG``)
      named right after it (``وقال ساعر``, ``قالت الرئاسة``), else the one named right
      before it (``ساعر قال``, ``ترامب قد أعلن``), else the first one named within
      ``window`` characters after it in the same sentence (``أعلن وزير الخارجية … جدعون
      ساعر``), else the speaker of the first quotation (``QUOTE``) after it in the
      sentence, else the speaker of the previous verb (``وأضاف:`` continues the last speaker);
    * a participle (``مشيرا``, ``زاعما``) and a phrase (``وفق تعبيره``) take the speaker of
      the verb before them in the same sentence, else the next quotation's speaker;
    * an attribution (``بحسب``, ``وفقا ل``) takes the person or organisation named after it
      before the clause ends (the source: ``بحسب ساعر``, ``وفق بيان صادر عن وزارة …``);
      none when the source is not a name the annotator knows (``بحسب الوزارة``).

    Columns: ``doc_id``, ``sent_id``, the columns of :func:`find_reporting_verbs`,
    ``speaker`` (``None`` when nothing fits) and ``sentence`` (raw text).

    >>> text = "وقال ساعر إن التعاون مهم. وأضاف أن التجارة نمت."
    >>> ann = pd.DataFrame({"start": [5], "end": [9], "label": ["PER"], "canonical": ["جدعون ساعر"]})
    >>> sourcing_table(text, ann)[["text", "speaker"]].values.tolist()
    [['وقال', 'جدعون ساعر'], ['وأضاف', 'جدعون ساعر']]
    """
    corpus = _as_corpus(corpus, "doc")
    ann = _check_annotations(annotations)
    rows = []
    for did, text in zip(corpus["doc_id"], corpus["text"]):
        a = ann[ann["doc_id"].eq(did)] if "doc_id" in ann.columns else ann
        verbs = find_reporting_verbs(text, table)
        if verbs.empty:
            continue
        sents = article_sentences(pd.DataFrame({"doc_id": [did], "text": [text]}))
        verbs = verbs.assign(sent_row=_sentence_index(sents, verbs["start"].to_numpy()))
        sources = _named(a[a["label"].isin(["PER", "ORG"])], "canonical")
        sources_end = sources.assign(end=a.loc[sources.index, "end"].astype("int64")).sort_values("end")
        quotes = _named(a[a["label"].eq("QUOTE")], "speaker")
        last_speaker: str | None = None  # the last speaker of the article so far
        sent_speaker: dict[int, str] = {}  # the last speaker of each sentence
        for v in verbs.itertuples(index=False):
            if v.sent_row < 0:
                continue  # a verb in the dateline
            sent = sents.iloc[v.sent_row]
            s_end = int(sent["end"])
            if v.stance == "attribution":
                stop = _CLAUSE_END.search(text, v.end, s_end)
                speaker = _first_between(sources, v.end, min(v.end + window, stop.start() if stop else s_end))
            elif v.kind == "finite":
                speaker = (_first_between(sources, v.end, _skip_space(text, v.end, s_end) + 1)
                           or _subject_before(sources_end, text, v.start, int(sent["start"]))
                           or _first_between(sources, v.end, min(v.end + window, s_end))
                           or _first_between(quotes, v.end, s_end) or last_speaker)
            else:
                speaker = (sent_speaker.get(v.sent_row) or _first_between(quotes, v.end, s_end)
                           or last_speaker)
            if v.stance != "attribution" and speaker:
                sent_speaker[v.sent_row] = last_speaker = speaker
            rows.append((did, int(sent["sent_id"]), v.start, v.end, v.text, v.form, v.lemma, v.gloss,
                         v.stance, v.kind, v.editorial, speaker, sent["text"]))
    cols = ["doc_id", "sent_id", "start", "end", "text", "form", "lemma", "gloss", "stance", "kind",
            "editorial", "speaker", "sentence"]
    return pd.DataFrame(rows, columns=cols)


def _named(frame: pd.DataFrame, col: str) -> pd.DataFrame:
    """``start`` and ``name`` (from ``col``, else the span's text) of annotation rows, by start."""
    name = frame[col].where(frame[col].notna() & frame[col].astype(str).ne(""), None)
    if col == "canonical":
        name = name.where(name.notna(), frame["text"])
    out = pd.DataFrame({"start": frame["start"].astype("int64"), "name": name})
    return out[out["name"].notna()].sort_values("start")


_CLAUSE_END = re.compile(r"[،,.:;؛!?؟\"“”«»()]")
_PRE_VERB = re.compile(r"\s*(?:(?:قد|لقد)\s+)?")


def _subject_before(named_by_end: pd.DataFrame, text: str, verb_start: int, sent_start: int) -> str | None:
    """A name that ends right before the verb (``ساعر قال``, ``ترامب قد أعلن``), else ``None``."""
    ends = named_by_end["end"].to_numpy()
    i = int(np.searchsorted(ends, verb_start, side="right")) - 1
    if i < 0 or ends[i] < sent_start:
        return None
    if _PRE_VERB.fullmatch(text, int(ends[i]), verb_start):
        return str(named_by_end["name"].iloc[i])
    return None


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _first_between(named: pd.DataFrame, lo: int, hi: int) -> str | None:
    """Name of the first row of :func:`_named` starting in ``[lo, hi)``."""
    i = int(np.searchsorted(named["start"].to_numpy(), lo, side="left"))
    if i < len(named) and int(named["start"].iloc[i]) < hi:
        return str(named["name"].iloc[i])
    return None


def _check_annotations(ann: pd.DataFrame) -> pd.DataFrame:
    """The annotation frame with every documented column present (missing ones as None)."""
    if not isinstance(ann, pd.DataFrame):
        raise TypeError(f"annotations must be a DataFrame (helpers.annotate gives one), got {type(ann).__name__}")
    missing = [c for c in ("start", "end", "label") if c not in ann.columns]
    if missing:
        raise ValueError(f"annotations lack the column(s) {', '.join(missing)}; "
                         f"expected {', '.join(ANNOTATION_COLUMNS)} as helpers.annotate gives")
    add = {c: None for c in ANNOTATION_COLUMNS if c not in ann.columns}
    return ann.assign(**add) if add else ann


def count_words(text: str) -> int:
    """Number of words (letters or digits; punctuation is not a word) in ``text``.

    >>> count_words("قال ساعر: \\"360 مليون دولار\\".")
    5
    """
    return sum(1 for t in tokenize(text) if any(ch.isalnum() for ch in t.text))


def _words_per_doc(corpus: pd.DataFrame) -> pd.Series:
    """Words in the headline, subheadline and body of each article (the parts annotations count)."""
    s = article_sentences(corpus)
    return s.assign(n=s["text"].map(count_words)).groupby("doc_id")["n"].sum()


def quotes_by_speaker(annotations: pd.DataFrame, corpus: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who is quoted directly and how much, per article.

    From the ``QUOTE`` rows of the annotations: ``doc_id``, ``speaker`` (``"(unattributed)"``
    when the annotator found none), ``quotes`` (number of quotations), ``words`` (words
    inside them) and ``share`` (fraction of the article's quoted words); with ``corpus``
    also ``per_1000`` (quoted words per 1,000 words of the article).

    >>> ann = pd.DataFrame({"label": ["QUOTE", "QUOTE", "PER"], "start": [0, 20, 40], "end": [10, 30, 44],
    ...                     "text": ["نسعى إلى التعاون", "شكرا", "ساعر"], "speaker": ["ساعر", "ساعر", None]})
    >>> quotes_by_speaker(ann)[["speaker", "quotes", "words"]].values.tolist()
    [['ساعر', 2, 4]]
    """
    ann = _check_annotations(annotations)
    q = ann[ann["label"].eq("QUOTE")]
    if "doc_id" not in q.columns:
        q = q.assign(doc_id="doc")
    q = q.assign(speaker=q["speaker"].where(q["speaker"].notna() & q["speaker"].astype(str).ne(""),
                                            "(unattributed)").astype(str),
                 words=q["text"].astype(str).map(count_words).astype("int64"))
    if q.empty:
        cols = ["doc_id", "speaker", "quotes", "words", "share"] + (["per_1000"] if corpus is not None else [])
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("quotes", "words") else
                                          "float64" if c in ("share", "per_1000") else object) for c in cols})
    out = (q.groupby(["doc_id", "speaker"], sort=False)
           .agg(quotes=("words", "size"), words=("words", "sum")).reset_index())
    out = out.assign(share=(out["words"] / out.groupby("doc_id")["words"].transform("sum")).round(3))
    if corpus is not None:
        n = _words_per_doc(corpus)
        out = out.assign(per_1000=(out["words"] / out["doc_id"].map(n) * 1000).round(1))
    return (out.sort_values(["doc_id", "words", "speaker"], ascending=[True, False, True])
            .reset_index(drop=True).astype({"quotes": "int64", "words": "int64"}))


# --------------------------------------------------------------------------- framing

def framing_passages(annotations: pd.DataFrame, corpus: pd.DataFrame | str, *,
                     labels: Sequence[str] = ("FRAME",), terms: dict[str, str] | None = None) -> pd.DataFrame:
    """Every framing span with the sentence that carries it.

    Takes the annotation rows whose ``label`` is in ``labels``; ``terms`` optionally adds
    rows of other labels by their ``canonical`` (``{"إسرائيل": "LOC"}`` adds the mentions
    of Israel as a place, to set beside ``الاحتلال``). Columns: ``doc_id``, ``term``
    (the canonical form, else the text), ``label``, ``start``, ``end``, ``text``,
    ``sent_id``, ``sentence``, ``in_sentence`` (the span's offsets inside the sentence) and
    ``in_quote``: ``True`` when the span lies inside a direct quotation (a ``QUOTE``
    annotation) — the speaker's word, not the outlet's.

    >>> text = "بدأ الاحتلال حرب الإبادة. ثم توقف."
    >>> ann = pd.DataFrame({"start": [4], "end": [12], "label": ["FRAME"], "text": ["الاحتلال"],
    ...                     "canonical": ["الاحتلال"]})
    >>> framing_passages(ann, text)[["term", "sent_id", "sentence"]].values.tolist()
    [['الاحتلال', 0, 'بدأ الاحتلال حرب الإبادة.']]
    """
    corpus = _as_corpus(corpus, "doc")
    ann = _check_annotations(annotations)
    if "doc_id" not in ann.columns:
        ann = ann.assign(doc_id=corpus["doc_id"].iloc[0] if len(corpus) == 1 else "doc")
    keep = ann["label"].isin(list(labels))
    for canonical, label in (terms or {}).items():
        keep |= ann["label"].eq(label) & ann["canonical"].eq(canonical)
    sel = ann[keep]
    quotes = ann[ann["label"].eq("QUOTE")]
    sents = article_sentences(corpus)
    rows = []
    for did, group in sel.groupby("doc_id", sort=False):
        s = sents[sents["doc_id"].eq(did)].reset_index(drop=True)
        idx = _sentence_index(s, group["start"].to_numpy()) if len(s) else np.full(len(group), -1)
        q = quotes[quotes["doc_id"].eq(did)]
        qs, qe = q["start"].to_numpy(dtype=np.int64), q["end"].to_numpy(dtype=np.int64)
        for r, i in zip(group.itertuples(index=False), idx):
            if i < 0:
                continue  # e.g. a span in the dateline, which is not counted
            term = r.canonical if isinstance(r.canonical, str) and r.canonical else r.text
            sent = s.iloc[i]
            quoted = bool(((qs <= r.start) & (r.end <= qe)).any())
            rows.append((did, term, r.label, int(r.start), int(r.end), r.text, int(sent["sent_id"]),
                         sent["text"], (int(r.start - sent["start"]), int(r.end - sent["start"])), quoted))
    out = pd.DataFrame(rows, columns=["doc_id", "term", "label", "start", "end", "text", "sent_id",
                                      "sentence", "in_sentence", "in_quote"]).astype({"in_quote": bool})
    return out.sort_values(["doc_id", "start"]).reset_index(drop=True)


def framing_counts(passages: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Framing terms per article: ``count``, ``per_1000`` words and the ``sentences`` carrying them.

    ``passages`` is :func:`framing_passages`; ``corpus`` gives the word counts (words of
    headline, subheadline and body, the same parts the passages come from). One row per
    ``(term, doc_id)``, with ``sentences`` the sorted ``sent_id`` list, so each count links
    back to its passages. Terms an article never uses are listed with count 0, so the two
    sides line up.

    >>> text = "بدأ الاحتلال حرب الإبادة. ثم توقف الاحتلال."
    >>> corpus = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    >>> ann = pd.DataFrame({"doc_id": ["d", "d"], "start": [4, 35], "end": [12, 43], "label": ["FRAME"] * 2,
    ...                     "text": ["الاحتلال"] * 2, "canonical": ["الاحتلال"] * 2})
    >>> framing_counts(framing_passages(ann, corpus), corpus)[["term", "count", "per_1000", "sentences"]].values.tolist()
    [['الاحتلال', 2, 285.71, [0, 1]]]
    """
    corpus = _as_corpus(corpus, "doc")
    n = _words_per_doc(corpus)
    docs = list(corpus["doc_id"])
    terms = list(dict.fromkeys(passages["term"]))
    grid = pd.MultiIndex.from_product([terms, docs], names=["term", "doc_id"])
    g = passages.groupby(["term", "doc_id"])
    counts = g.size().reindex(grid, fill_value=0)
    sent_lists = g["sent_id"].agg(lambda s: sorted(set(int(x) for x in s)))
    out = counts.rename("count").reset_index().astype({"count": "int64"})
    out["n_words"] = out["doc_id"].map(n).astype("int64")
    out["per_1000"] = (out["count"] / out["n_words"] * 1000).round(2)
    out["sentences"] = [sent_lists.get((t, d), []) for t, d in zip(out["term"], out["doc_id"])]
    total = out.groupby("term")["count"].transform("sum")
    return (out.assign(_t=total).sort_values(["_t", "term", "doc_id"], ascending=[False, True, True])
            .drop(columns="_t").reset_index(drop=True).astype({"count": "int64"}))


def framing_html(counts: pd.DataFrame, passages: pd.DataFrame, *, names: dict[str, str] | None = None) -> HtmlView:
    """The framing counts as a table whose every count links to the passages that carry it.

    ``counts`` is :func:`framing_counts`, ``passages`` :func:`framing_passages`. Each cell
    shows ``count (per 1,000 words)`` and links to the list of its sentences below the
    table, with the term marked. Text is escaped; passages are ``dir="rtl"``. ``names``
    maps a ``doc_id`` to the heading shown for it.

    >>> text = "بدأ الاحتلال حرب الإبادة. ثم توقف."
    >>> corpus = pd.DataFrame({"doc_id": ["d"], "text": [text]})
    >>> ann = pd.DataFrame({"doc_id": ["d"], "start": [4], "end": [12], "label": ["FRAME"],
    ...                     "text": ["الاحتلال"], "canonical": ["occupation"]})
    >>> p = framing_passages(ann, corpus)
    >>> v = framing_html(framing_counts(p, corpus), p)
    >>> "<mark>الاحتلال</mark>" in v.html and 'href="#' in v.html
    True
    """
    import hashlib

    names = names or {}
    docs = list(dict.fromkeys(counts["doc_id"]))
    terms = list(dict.fromkeys(counts["term"]))
    prefix = "anc-frame-" + hashlib.sha1(pd.util.hash_pandas_object(
        passages[["doc_id", "start", "end"]].astype(str), index=False).to_numpy().tobytes()).hexdigest()[:8]
    anchor = {(t, d): f"{prefix}-{i}-{j}" for i, t in enumerate(terms) for j, d in enumerate(docs)}
    cell = counts.set_index(["term", "doc_id"])
    head = "".join(f"<th>{html.escape(str(names.get(d, d)))}</th>" for d in docs)
    rows = []
    for t in terms:
        tds = []
        for d in docs:
            r = cell.loc[(t, d)]
            if int(r["count"]):
                tds.append(f'<td><a href="#{anchor[(t, d)]}">{int(r["count"])} ({float(r["per_1000"]):g})</a></td>')
            else:
                tds.append("<td>0</td>")
        rows.append(f'<tr><th dir="auto">{html.escape(str(t))}</th>{"".join(tds)}</tr>')
    table = (f'<table class="anc-diff"><tr><th>term</th>{head}</tr>{"".join(rows)}</table>'
             '<p><small>count (per 1,000 words); click a count for its passages</small></p>')
    lists = []
    for (t, d), group in passages.groupby(["term", "doc_id"], sort=False):
        items = []
        for r in group.itertuples(index=False):
            s, e = r.in_sentence
            sent = r.sentence
            items.append(f'<li dir="rtl" lang="ar">{html.escape(sent[:s])}<mark>{html.escape(sent[s:e])}</mark>'
                         f'{html.escape(sent[e:])} <small dir="ltr">#{int(r.sent_id)}</small></li>')
        lists.append(f'<h4 id="{anchor[(t, d)]}" dir="auto">{html.escape(str(t))} · '
                     f'{html.escape(str(names.get(d, d)))}</h4><ol>{"".join(items)}</ol>')
    n = len(passages)
    return HtmlView(_DIFF_CSS + table + "".join(lists), f"{len(terms)} terms, {n} passages")


# --------------------------------------------------------------------------- facts

def _fact_contexts(text: str, facts: pd.DataFrame, sents: pd.DataFrame, width: int) -> list[str]:
    """The words around each fact inside its sentence (the fact itself left out)."""
    out = []
    idx = _sentence_index(sents, facts["start"].to_numpy())
    for (s, e), i in zip(zip(facts["start"], facts["end"]), idx):
        lo, hi = (int(sents["start"].iloc[i]), int(sents["end"].iloc[i])) if i >= 0 else (0, len(text))
        before = [t.text for t in tokenize(text[lo:int(s)]) if any(c.isalpha() for c in t.text)][-width:]
        after = [t.text for t in tokenize(text[int(e):hi]) if any(c.isalpha() for c in t.text)][:width]
        out.append(" ".join(before + after))
    return out


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and np.isnan(x)) or x is pd.NA or (isinstance(x, str) and not x)


def _same_value(a, b, ta: str, tb: str, ua=None, ub=None) -> bool:
    """Same fact value: equal numbers (and units, when both are known), else equal text."""
    if not (_missing(ua) or _missing(ub)) and str(ua) != str(ub):
        return False
    if _missing(a) or _missing(b):
        return _key(ta) == _key(tb)
    try:
        return bool(np.isclose(float(a), float(b)))
    except (TypeError, ValueError):
        return str(a) == str(b)


def align_facts(text_a: str, ann_a: pd.DataFrame, text_b: str, ann_b: pd.DataFrame, *,
                labels: Sequence[str] = ("QUANTITY", "DATE"), min_score: float = 0.3,
                width: int = 6) -> pd.DataFrame:
    """Line up the quantities and dates of two articles and say where they differ.

    Each fact (an annotation with ``label`` in ``labels``) is described by the ``width``
    words around it in its sentence (``وفد يضم أكثر من … من المسؤولين``). Facts with the
    same label (and, for quantities, compatible units) are paired one-to-one by the
    similarity of these contexts (character n-gram TF-IDF, optimal assignment); pairs
    below ``min_score`` stay unpaired. ``status`` says ``same`` (equal ``value``, or equal
    normalized text when there is no value), ``differs``, ``only in A`` or ``only in B``.

    Columns: ``label``, ``status``, ``score``, then for each side ``a_``/``b_``: ``text``,
    ``value``, ``unit``, ``start``, ``end``, ``context``.

    >>> ta = "غادر ساعر برفقة وفد يضم أكثر من 40 من رجال الأعمال."
    >>> tb = "وصل ساعر برفقة وفد يضم أكثر من 30 من رجال الأعمال."
    >>> aa = pd.DataFrame({"start": [32], "end": [34], "label": ["QUANTITY"], "text": ["40"], "value": [40.0]})
    >>> ab = pd.DataFrame({"start": [31], "end": [33], "label": ["QUANTITY"], "text": ["30"], "value": [30.0]})
    >>> align_facts(ta, aa, tb, ab)[["status", "a_text", "b_text"]].values.tolist()
    [['differs', '40', '30']]
    """
    from scipy.optimize import linear_sum_assignment

    fa = _check_annotations(ann_a)
    fb = _check_annotations(ann_b)
    fa = fa[fa["label"].isin(list(labels))].sort_values("start").reset_index(drop=True)
    fb = fb[fb["label"].isin(list(labels))].sort_values("start").reset_index(drop=True)
    sa, sb = article_sentences(text_a), article_sentences(text_b)
    ca = _fact_contexts(text_a, fa, sa, width)
    cb = _fact_contexts(text_b, fb, sb, width)
    score = np.zeros((len(fa), len(fb)))
    if len(fa) and len(fb):
        # IDF from every sentence of both articles: a stable background for a few contexts
        vec = _vectorizer().fit(list(sa["text"]) + list(sb["text"]) + ca + cb)
        score = (vec.transform(ca) @ vec.transform(cb).T).toarray()
        la, lb = fa["label"].to_numpy()[:, None], fb["label"].to_numpy()[None, :]
        ua = fa["unit"].where(fa["unit"].notna(), "").astype(str).to_numpy()[:, None]
        ub = fb["unit"].where(fb["unit"].notna(), "").astype(str).to_numpy()[None, :]
        compatible = (la == lb) & ((ua == ub) | (ua == "") | (ub == ""))
        score = np.where(compatible, score, 0.0)
    pairs = []
    if score.size:
        ri, ci = linear_sum_assignment(-score)
        pairs = [(i, j) for i, j in zip(ri, ci) if score[i, j] >= min_score and score[i, j] > 0]
    used_a = {i for i, _ in pairs}
    used_b = {j for _, j in pairs}

    def side(f: pd.DataFrame, ctx: list[str], i: int | None, p: str) -> dict:
        if i is None:
            return {f"{p}text": None, f"{p}value": None, f"{p}unit": None, f"{p}start": None,
                    f"{p}end": None, f"{p}context": None}
        r = f.iloc[i]
        return {f"{p}text": r["text"], f"{p}value": r["value"], f"{p}unit": r["unit"],
                f"{p}start": int(r["start"]), f"{p}end": int(r["end"]), f"{p}context": ctx[i]}

    rows = []
    for i, j in pairs:
        same = _same_value(fa["value"].iloc[i], fb["value"].iloc[j], str(fa["text"].iloc[i]),
                           str(fb["text"].iloc[j]), fa["unit"].iloc[i], fb["unit"].iloc[j])
        rows.append({"label": fa["label"].iloc[i], "status": "same" if same else "differs",
                     "score": round(float(score[i, j]), 3), **side(fa, ca, i, "a_"), **side(fb, cb, j, "b_")})
    for i in range(len(fa)):
        if i not in used_a:
            rows.append({"label": fa["label"].iloc[i], "status": "only in A", "score": None,
                         **side(fa, ca, i, "a_"), **side(fb, cb, None, "b_")})
    for j in range(len(fb)):
        if j not in used_b:
            rows.append({"label": fb["label"].iloc[j], "status": "only in B", "score": None,
                         **side(fa, ca, None, "a_"), **side(fb, cb, j, "b_")})
    cols = ["label", "status", "score"] + [f"{p}{c}" for p in ("a_", "b_")
                                           for c in ("text", "value", "unit", "start", "end", "context")]
    out = pd.DataFrame(rows, columns=cols)
    order = {"differs": 0, "same": 1, "only in A": 2, "only in B": 3}
    key = out["a_start"].fillna(out["b_start"]).astype(float) if len(out) else out["a_start"]
    return (out.assign(_o=out["status"].map(order), _k=key).sort_values(["_o", "label", "_k"])
            .drop(columns=["_o", "_k"]).reset_index(drop=True))


def facts_about(facts: pd.DataFrame, *words: str) -> pd.DataFrame:
    """The rows of :func:`align_facts` whose context (on either side) contains one of ``words``.

    A way to ask one question of the facts — "how big was the delegation?" is
    ``facts_about(facts, "وفد")`` — and see every number either article gives for it,
    paired or not. Matching is on normalized text, so ``وفد`` finds ``وفدا`` and hamza
    forms do not matter.

    >>> f = pd.DataFrame({"a_context": ["برفقة وفد يضم", None], "b_context": [None, "زيارة إلى باكو"]})
    >>> len(facts_about(f, "وفد")), len(facts_about(f, "وفد", "باكو"))
    (1, 2)
    """
    if not words:
        raise ValueError("name at least one word to look for, e.g. facts_about(facts, 'وفد')")
    keys = [_key(w) for w in words]

    def hit(ctx) -> bool:
        return isinstance(ctx, str) and any(k in _key(ctx) for k in keys)

    mask = facts["a_context"].map(hit) | facts["b_context"].map(hit)
    return facts[mask.astype(bool)]


# --------------------------------------------------------------------------- two folders

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
    Framing and sourcing are totals per side (per 1,000 words of that side); facts are
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
                              preprocessor=_key).fit(corpus["text"])
        closest = (vec.transform(cb["text"]) @ vec.transform(ca["text"]).T).toarray().argmax(axis=1)
        for db, ia in zip(cb["doc_id"], closest):
            da = ca["doc_id"].iloc[ia]
            f = align_facts(text_of[da], ann[ann["doc_id"].eq(da)], text_of[db], ann[ann["doc_id"].eq(db)])
            facts.append(f.assign(a_doc=da, b_doc=db))
    facts_df = pd.concat(facts, ignore_index=True) if facts else pd.DataFrame()
    return Comparison(names, articles, reuse, framing, sourcing, quotes, facts_df, corpus, ann)
