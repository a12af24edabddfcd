"""Facts: the quantities and dates two articles report, aligned by their context."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from helpers.cleaning import tokenize

from .alignment import _vectorizer
from .sentences import _check_annotations, KEY, _sentence_index, article_sentences


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
        return KEY(ta) == KEY(tb)
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
    keys = [KEY(w) for w in words]

    def hit(ctx) -> bool:
        return isinstance(ctx, str) and any(k in KEY(ctx) for k in keys)

    mask = facts["a_context"].map(hit) | facts["b_context"].map(hit)
    return facts[mask.astype(bool)]
