"""Gold spans and evaluation: reading and checking span frames, comparing, scoring."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .._shared import ROOT
from .columns import ENTITY_LABELS, LABELS, SPAN_COLUMNS
from ..cleaning import match_key

GOLD_DIR = ROOT / "data" / "annotations" / "gold"
UNSEEN_DIR = ROOT / "data" / "annotations" / "unseen"
#: 16 real Jawhara FM articles with gold PER/LOC/ORG, a test set (its README says how they were drawn).
REAL_DIR = ROOT / "data" / "annotations" / "real"


def load_gold(folder: str | Path = GOLD_DIR) -> pd.DataFrame:
    """Read hand-made gold spans (``*.jsonl``, one span per line) into one frame.

    Columns: ``doc_id`` plus :data:`SPAN_COLUMNS` (``source`` = ``"gold"``). A line that is not
    JSON or lacks ``doc_id``/``start``/``end``/``label`` raises ``ValueError`` naming file and line.

    Example:
        >>> gold = load_gold()
        >>> sorted(gold.doc_id.unique())
        ['anadolu_saar_baku', 'saar_astana_baku']
    """
    folder = Path(folder)
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"no gold *.jsonl in {folder}")
    rows = []
    for path in files:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path.name}:{i}: not JSON ({err.msg})") from None
            lacking = {"doc_id", "start", "end", "label"} - set(rec)
            if lacking:
                raise ValueError(f"{path.name}:{i}: missing {sorted(lacking)}")
            rows.append({"doc_id": rec["doc_id"], "start": int(rec["start"]), "end": int(rec["end"]),
                         "label": rec["label"], "text": rec.get("text"), "canonical": rec.get("canonical"),
                         "source": "gold", "speaker": rec.get("speaker"), "value": rec.get("value"),
                         "unit": rec.get("unit")})
    out = pd.DataFrame(rows, columns=["doc_id", *SPAN_COLUMNS])
    for c in ("doc_id", "label", "text", "canonical", "source", "speaker", "value", "unit"):
        out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out.sort_values(["doc_id", "start", "label"], kind="stable").reset_index(drop=True)


def check_spans(spans: pd.DataFrame, texts: Mapping[str, str] | str) -> list[str]:
    """Problems of a span frame against its texts (empty list = all good).

    Checks that offsets are inside the text, that ``text[start:end] == row.text``, that spans do
    not start or end with whitespace, and that no two spans of one label overlap in one document.
    ``texts`` is one text, or ``{doc_id: text}`` when ``spans`` has a ``doc_id`` column.

    Example:
        >>> from helpers.annotating import annotate
        >>> check_spans(annotate("زار ساعر باكو"), "زار ساعر باكو")
        []
    """
    problems = []
    if isinstance(texts, str):
        spans = spans.assign(doc_id="")
        texts = {"": texts}
    for doc_id, group in spans.groupby("doc_id", sort=False):
        text = texts.get(doc_id)
        if text is None:
            problems.append(f"{doc_id}: no text")
            continue
        for row in group.itertuples():
            where = f"{doc_id}[{row.start}:{row.end}] {row.label}"
            if not (0 <= row.start < row.end <= len(text)):
                problems.append(f"{where}: outside the text")
                continue
            if row.text is not None and text[row.start:row.end] != row.text:
                problems.append(f"{where}: text {row.text!r} != {text[row.start:row.end]!r}")
            if text[row.start].isspace() or text[row.end - 1].isspace():
                problems.append(f"{where}: starts or ends with whitespace")
        for label, lab in group.groupby("label"):
            pairs = sorted(zip(lab["start"], lab["end"]))
            for (s1, e1), (s2, e2) in zip(pairs, pairs[1:]):
                if s2 < e1:
                    problems.append(f"{doc_id}: {label} spans [{s1}:{e1}] and [{s2}:{e2}] overlap")
    return problems


# --------------------------------------------------------------------------------------


def _with_doc(df: pd.DataFrame) -> pd.DataFrame:
    return df if "doc_id" in df.columns else df.assign(doc_id="")


def _entity_key(row: Any) -> tuple:
    canon = row.canonical if isinstance(row.canonical, str) and row.canonical else None
    return (row.doc_id, row.label, match_key(canon) if canon else match_key(str(row.text)) if row.text is not None else
            (row.start, row.end))


def compare_spans(pred: pd.DataFrame, gold: pd.DataFrame, *, match: str = "exact") -> pd.DataFrame:
    """Every predicted and gold span with its verdict, for error analysis.

    Returns the rows of both frames (``side`` = ``"pred"``/``"gold"``) with ``matched`` (bool):
    a predicted span is matched when a gold span of the same document and label is equal
    (``match="exact"``) or shares at least one character (``match="overlap"``); a gold span when a
    predicted one matches it. Missed gold spans are the false negatives, unmatched predicted
    spans the false positives.

    Example:
        >>> from helpers.annotating import annotate
        >>> gold = pd.DataFrame([{"start": 4, "end": 8, "label": "PER", "text": "ساعر", "canonical": "جدعون ساعر"}])
        >>> cmp = compare_spans(annotate("زار ساعر باكو"), gold)
        >>> cmp[["side", "text", "label", "matched"]].values.tolist()
        [['pred', 'ساعر', 'PER', True], ['pred', 'باكو', 'LOC', False], ['gold', 'ساعر', 'PER', True]]
    """
    if match not in ("exact", "overlap"):
        raise ValueError(f"match must be 'exact' or 'overlap', not {match!r}")
    pred, gold = _with_doc(pred), _with_doc(gold)
    index: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for r in gold.itertuples():
        index[(r.doc_id, r.label)].append((r.start, r.end))
    pindex: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for r in pred.itertuples():
        pindex[(r.doc_id, r.label)].append((r.start, r.end))

    def hit(spans: list[tuple[int, int]], s: int, e: int) -> bool:
        if match == "exact":
            return (s, e) in spans
        return any(a < e and s < b for a, b in spans)

    cols = ["doc_id", *SPAN_COLUMNS]
    p = pred.reindex(columns=cols).assign(side="pred")
    p["matched"] = [hit(index[(r.doc_id, r.label)], r.start, r.end) for r in pred.itertuples()]
    g = gold.reindex(columns=cols).assign(side="gold")
    g["matched"] = [hit(pindex[(r.doc_id, r.label)], r.start, r.end) for r in gold.itertuples()]
    out = pd.concat([p, g], ignore_index=True)
    return out[["side", *cols, "matched"]]


def evaluate(pred: pd.DataFrame, gold: pd.DataFrame, *, labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Precision, recall and F1 per label, for exact and overlap matching, mention and entity level.

    - *mention* level: every span counts; a predicted span is correct when a gold span of the same
      document and label matches it (exact = same offsets, overlap = shares a character); a gold
      span is found when a predicted span matches it.
    - *entity* level (the issue's goal): spans are grouped by (document, label, ``canonical``) — or
      the normalized text where there is no canonical (QUOTE, QUANTITY, DATE); a gold entity is
      found when **any** of its mentions is found, a predicted entity is correct when any of its
      mentions is correct.

    Both frames need ``start``, ``end``, ``label`` (and ``doc_id`` for several documents). Rows:
    one per (label, level, match) plus ``ALL`` (micro-average over the labels); columns ``label``,
    ``level``, ``match``, ``n_gold``, ``n_pred``, ``found``, ``correct``, ``precision``, ``recall``,
    ``f1``. A label with no gold span has recall NaN; with no prediction, precision NaN.

    Example:
        >>> from helpers.annotating import annotate
        >>> gold = pd.DataFrame([{"start": 4, "end": 8, "label": "PER", "text": "ساعر", "canonical": "جدعون ساعر"}])
        >>> ev = evaluate(annotate("زار ساعر باكو"), gold, labels=["PER"])
        >>> ev.loc[(ev.level == "mention") & (ev.match == "exact"), ["label", "precision", "recall", "f1"]].values.tolist()
        [['PER', 1.0, 1.0, 1.0], ['ALL', 1.0, 1.0, 1.0]]
    """
    pred, gold = _with_doc(pred), _with_doc(gold)
    labels = list(labels) if labels is not None else [lab for lab in LABELS if lab in set(gold.label) | set(pred.label)]
    pred = pred[pred.label.isin(labels)]
    gold = gold[gold.label.isin(labels)]
    rows = []
    for match in ("exact", "overlap"):
        cmp = compare_spans(pred, gold, match=match)
        for level in ("mention", "entity"):
            tot = Counter()
            for label in labels:
                sub = cmp[cmp.label == label]
                p, g = sub[sub.side == "pred"], sub[sub.side == "gold"]
                if level == "mention":
                    n_pred, correct, n_gold, found = len(p), int(p.matched.sum()), len(g), int(g.matched.sum())
                else:
                    pe: dict[tuple, bool] = {}
                    for r in p.itertuples():
                        k = _entity_key(r)
                        pe[k] = pe.get(k, False) or bool(r.matched)
                    ge: dict[tuple, bool] = {}
                    for r in g.itertuples():
                        k = _entity_key(r)
                        ge[k] = ge.get(k, False) or bool(r.matched)
                    n_pred, correct, n_gold, found = len(pe), sum(pe.values()), len(ge), sum(ge.values())
                tot.update(n_pred=n_pred, correct=correct, n_gold=n_gold, found=found)
                rows.append(_scores(label, level, match, n_gold, n_pred, found, correct))
            rows.append(_scores("ALL", level, match, tot["n_gold"], tot["n_pred"], tot["found"], tot["correct"]))
    return pd.DataFrame(rows)


def prf(n_gold: int, n_pred: int, found: int, correct: int) -> dict[str, float]:
    """Precision (``correct / n_pred``), recall (``found / n_gold``) and F1, rounded to 4 places;
    NaN where a denominator is 0 (F1 is 0 when both are known and nothing matched).

    >>> prf(n_gold=4, n_pred=2, found=2, correct=2)
    {'precision': 1.0, 'recall': 0.5, 'f1': 0.6667}
    """
    precision = correct / n_pred if n_pred else float("nan")
    recall = found / n_gold if n_gold else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if n_pred and n_gold and (precision + recall) else \
        (0.0 if n_pred and n_gold else float("nan"))
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _scores(label: str, level: str, match: str, n_gold: int, n_pred: int, found: int, correct: int) -> dict:
    return {"label": label, "level": level, "match": match, "n_gold": n_gold, "n_pred": n_pred,
            "found": found, "correct": correct, **prf(n_gold, n_pred, found, correct)}


def evaluate_attributes(pred: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """How often the attributes agree on spans both sides have (exact match of offsets and label).

    One row per (label, attribute): ``canonical`` for PER/LOC/ORG/FRAME (compared after
    normalization), ``speaker`` for QUOTE, ``value`` and ``unit`` for QUANTITY, ``value`` for DATE;
    columns ``label``, ``attribute``, ``n`` (spans compared), ``agree``, ``accuracy``.

    Example:
        >>> from helpers.annotating import annotate
        >>> gold = pd.DataFrame([{"start": 4, "end": 8, "label": "PER", "text": "ساعر", "canonical": "جدعون ساعر"}])
        >>> evaluate_attributes(annotate("زار ساعر باكو"), gold)[["label", "attribute", "accuracy"]].values.tolist()
        [['PER', 'canonical', 1.0]]
    """
    pred, gold = _with_doc(pred), _with_doc(gold)
    attrs = {"PER": ["canonical"], "LOC": ["canonical"], "ORG": ["canonical"], "FRAME": ["canonical"],
             "QUOTE": ["speaker"], "QUANTITY": ["value", "unit"], "DATE": ["value"]}
    merged = gold.merge(pred, on=["doc_id", "start", "end", "label"], suffixes=("_gold", "_pred"))

    def same(a: Any, b: Any) -> bool:
        if a is None or (isinstance(a, float) and pd.isna(a)):
            return b is None or (isinstance(b, float) and pd.isna(b))
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(a)))
        return match_key(str(a)) == match_key(str(b)) if b is not None else False

    rows = []
    for label in [lab for lab in LABELS if lab in set(merged.label)]:
        sub = merged[merged.label == label]
        for attr in attrs[label]:
            agree = sum(same(a, b) for a, b in zip(sub[f"{attr}_gold"], sub[f"{attr}_pred"]))
            rows.append({"label": label, "attribute": attr, "n": len(sub), "agree": agree,
                         "accuracy": round(agree / len(sub), 4)})  # sub is never empty: its label is in merged
    return pd.DataFrame(rows, columns=["label", "attribute", "n", "agree", "accuracy"])


# --------------------------------------------------------------------------------------


def entity_scores(predicted: pd.DataFrame, gold: pd.DataFrame,
                  labels: Sequence[str] = ENTITY_LABELS) -> pd.DataFrame:
    """Entity-level precision and recall of ``predicted`` spans against ``gold``, per label and micro.

    An *entity* is a (document, label, canonical name) triple: ``canonical`` after
    :func:`~helpers.cleaning.match_key`, or the span's text where it has no canonical name; for
    the gold this is the entity meant, for the prediction the recognizer's own canonical name.

    - A **gold entity is found** when any one of its mentions is predicted with the same label and
      exactly the same ``[start, end)`` in the same document.
    - A **predicted entity is right** when any one of its mentions is exactly a gold mention (same
      document, label, ``start`` and ``end``).

    Recall = found / gold entities; precision = right / predicted entities; F1 their harmonic
    mean (:func:`prf`, rounded to 4 places, NaN where a count is 0). Both frames need ``start``,
    ``end``, ``label`` and ``canonical`` or ``text`` (and ``doc_id`` for several documents); only
    ``labels`` are scored. Rows: one per label, then ``ALL`` (micro: the counts summed over the
    labels); columns ``label``, ``n_gold``, ``n_pred``, ``found``, ``correct``, ``precision``,
    ``recall``, ``f1``. The same counts as :func:`evaluate`'s ``level="entity"``, ``match="exact"``.

    Example: the gold names one person twice; finding either mention finds him, and the false
    place ``قال`` is a wrong entity:

        >>> gold = pd.DataFrame({"start": [0, 20], "end": [10, 24], "label": ["PER", "PER"],
        ...                      "text": ["جدعون ساعر", "ساعر"], "canonical": ["جدعون ساعر"] * 2})
        >>> pred = pd.DataFrame({"start": [20, 26], "end": [24, 29], "label": ["PER", "LOC"],
        ...                      "text": ["ساعر", "قال"], "canonical": ["ساعر", "قال"]})
        >>> entity_scores(pred, gold).values.tolist()    # doctest: +NORMALIZE_WHITESPACE
        [['PER', 1, 1, 1, 1, 1.0, 1.0, 1.0], ['LOC', 0, 1, 0, 0, 0.0, nan, nan],
         ['ORG', 0, 0, 0, 0, nan, nan, nan], ['ALL', 1, 2, 1, 1, 0.5, 1.0, 0.6667]]
    """
    predicted, gold = _with_doc(predicted), _with_doc(gold)
    exact = {(r.doc_id, r.label, r.start, r.end) for r in gold.itertuples()}
    said = {(r.doc_id, r.label, r.start, r.end) for r in predicted.itertuples()}
    rows, total = [], Counter()
    for label in labels:
        counts = []
        for frame, other in ((gold, said), (predicted, exact)):
            hit: dict[tuple, bool] = {}
            for r in frame[frame.label == label].itertuples():
                canon = getattr(r, "canonical", None)
                name = canon if isinstance(canon, str) and canon else getattr(r, "text", None)
                key = (r.doc_id, match_key(name) if isinstance(name, str) else (r.start, r.end))
                hit[key] = hit.get(key, False) or (r.doc_id, label, r.start, r.end) in other
            counts.append((len(hit), sum(hit.values())))
        (n_gold, found), (n_pred, correct) = counts
        total.update(n_gold=n_gold, n_pred=n_pred, found=found, correct=correct)
        rows.append({"label": label, "n_gold": n_gold, "n_pred": n_pred, "found": found, "correct": correct,
                     **prf(n_gold, n_pred, found, correct)})
    rows.append({"label": "ALL", **{k: total[k] for k in ("n_gold", "n_pred", "found", "correct")},
                 **prf(total["n_gold"], total["n_pred"], total["found"], total["correct"])})
    return pd.DataFrame(rows, columns=["label", "n_gold", "n_pred", "found", "correct", "precision", "recall", "f1"])
