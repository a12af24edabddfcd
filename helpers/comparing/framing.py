"""Framing: how often each framing term occurs per 1,000 words, linked to its passages."""
from __future__ import annotations

import html
from typing import Sequence

import numpy as np
import pandas as pd

from .sentences import _as_corpus, _check_annotations, _sentence_index, _words_per_doc, article_sentences
from .views import HtmlView, _DIFF_CSS


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

    ``passages`` is :func:`framing_passages`; ``corpus`` gives the word counts: ``n_words`` is
    the words (:func:`count_words`) of the headline, subheadline and body, the same parts the
    passages come from, so ``per_1000`` is mentions per 1,000 words of the text they were
    counted in. One row per
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
