"""The recognizers side by side: rules, model and combined, scored on the dev part and the seeds.

* On the dev part of ANERcorp (:func:`dev_scores_of`): each sentence's tokens are joined with
  spaces into a text, :func:`~helpers.annotating.annotate` runs on it, and each PER/LOC/ORG span
  becomes the whole tokens it touches (a proclitic left outside a span is a part of its word in the
  data); the spans as BIO tags are scored by :func:`~.conll.evaluate_tags` (entity level, exact and
  overlap) against the data's, PER ↔ PERS (the data's MISC is not scored: no recognizer has it).
* On the seed articles' gold (:func:`seed_scores_of`, ``data/annotations/gold``): entity-level
  exact scores of :func:`~helpers.annotating.evaluate`, the project's goal (recall ≥ 0.95,
  precision ≥ 0.90).

Example:
    >>> dev = [[("زار", "O"), ("ماكرون", "B-PERS"), ("باريس", "B-LOC")]]
    >>> ev = dev_scores_of(dev, "model")
    >>> ev[ev.match == "exact"].set_index("label").f1.to_dict()
    {'LOC': 1.0, 'ORG': nan, 'PERS': 1.0, 'ALL': 1.0}
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..columns import ENTITY_LABELS
from .conll import Sentence, evaluate_tags

#: The project's labels → the data's.
DATA_LABELS = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG"}


def spans_to_tags(spans: pd.DataFrame, bounds: Sequence[tuple[int, int]]) -> list[str]:
    """BIO tags of the tokens at ``bounds`` (``(start, end)`` of each token) from PER/LOC/ORG
    ``spans``: a span tags every token it touches; longer spans first, a span that touches a token
    already tagged is left out (one tag per token).

    >>> spans = pd.DataFrame({"start": [5, 4], "end": [10, 14], "label": ["LOC", "ORG"]})
    >>> spans_to_tags(spans, [(0, 3), (4, 10), (11, 14)])
    ['O', 'B-ORG', 'I-ORG']
    """
    tags = ["O"] * len(bounds)
    ends = [e for _, e in bounds]
    rows = spans[spans.label.isin(ENTITY_LABELS)]
    order = sorted(zip(rows.start.tolist(), rows.end.tolist(), rows.label.tolist()), key=lambda r: (r[0] - r[1], r[0]))
    for start, end, label in order:
        a = next((i for i, e in enumerate(ends) if e > start), None)
        if a is None:
            continue
        b = a
        while b + 1 < len(bounds) and bounds[b + 1][0] < end:
            b += 1
        if any(t != "O" for t in tags[a:b + 1]):
            continue
        tags[a:b + 1] = ["B-" + DATA_LABELS[label]] + ["I-" + DATA_LABELS[label]] * (b - a)
    return tags


def dev_scores_of(dev: Sequence[Sentence], recognizer: str) -> pd.DataFrame:
    """:func:`~.conll.evaluate_tags` (labels LOC, ORG, PERS) of ``annotate(…, recognizer=recognizer)``
    on the sentences ``dev``, each joined with spaces into one text."""
    from ..annotator import default_annotator

    ann = default_annotator()
    gold, pred = [], []
    for sentence in dev:
        bounds, at = [], 0
        for token, _ in sentence:
            bounds.append((at, at + len(token)))
            at += len(token) + 1
        text = " ".join(t for t, _ in sentence)
        pred.append(spans_to_tags(ann.annotate(text, recognizer), bounds))
        gold.append([g if not g.endswith("MISC") else "O" for _, g in sentence])
    return evaluate_tags(gold, pred, labels=("LOC", "ORG", "PERS"))


def seed_scores_of(recognizer: str, folder: str | None = None) -> pd.DataFrame:
    """Entity-level exact scores (:func:`~helpers.annotating.evaluate`, PER/LOC/ORG and ALL) of
    ``annotate(…, recognizer=recognizer)`` on the seed articles against their gold (or on the texts
    and gold of ``folder``, e.g. :data:`~helpers.annotating.UNSEEN_DIR`)."""
    from ..._shared import ROOT
    from ..annotator import default_annotator
    from ..evaluation import evaluate, load_gold

    ann = default_annotator()
    if folder is None:
        texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt"))}
        gold = load_gold()
    else:
        from pathlib import Path

        texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))}
        gold = load_gold(folder)
    pred = pd.concat([ann.annotate(t, recognizer).assign(doc_id=d) for d, t in texts.items()], ignore_index=True)
    ev = evaluate(pred, gold, labels=list(ENTITY_LABELS))
    return ev[(ev.level == "entity") & (ev.match == "exact")].reset_index(drop=True)
