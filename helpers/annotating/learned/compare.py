"""Scoring any recognizer of character spans on token-tagged data: spans → BIO tags.

The rules (:func:`~helpers.annotating.annotate`) and :func:`~.model.model_entities` return
``[start, end)`` character spans of a raw text; ANERcorp gives tokens with BIO tags. To score
both on the same dev part with :func:`~.conll.evaluate_tags`, each sentence's tokens are joined
by single spaces (:func:`join_tokens`), the recognizer reads that text, and every token that
shares a character with a span gets the span's tag (:func:`spans_to_tags`): spans become whole
words, as in the data, and the project's ``PER`` becomes the data's ``PERS``.
:func:`recognizer_tags` does it for a list of sentences; :func:`entity_errors` lists the
entities a recognizer gets wrong (missed, false, wrong label, wrong boundary), to read them.

Each sentence is read on its own, so the rules lose what they learn from the rest of an article
(a name found after a title, then found alone further on): a handicap to keep in mind.

Example:
    >>> from helpers.annotating import annotate
    >>> recognizer_tags([["قال", "الرئيس", "ماكرون", "في", "باريس"]], annotate)
    [['O', 'O', 'B-PERS', 'O', 'B-LOC']]
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from .conll import bio_entities

#: The project's labels → the data's (the project says PER where ANERcorp says PERS); spans with
#: other labels (QUOTE, DATE …) are left out.
DATA_LABELS = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG"}


def join_tokens(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The tokens of a sentence joined by single spaces, and each token's ``[start, end)`` there.

    >>> join_tokens(["زار", "باكو", "."])
    ('زار باكو .', [(0, 3), (4, 8), (9, 10)])
    """
    offsets, at = [], 0
    for tok in tokens:
        offsets.append((at, at + len(tok)))
        at += len(tok) + 1
    return " ".join(tokens), offsets


def spans_to_tags(spans: pd.DataFrame, offsets: Sequence[tuple[int, int]],
                  labels: dict[str, str] | None = None) -> list[str]:
    """BIO tags of the tokens at ``offsets`` (``[start, end)`` of each token, as
    :func:`join_tokens` gives them) from character ``spans`` (a frame with ``start``, ``end``,
    ``label``). A token is inside a span when they share a character (so a span that starts after
    a proclitic covers the whole word). ``labels`` maps the spans' labels to the tags' (default
    :data:`DATA_LABELS`; other labels are left out). Spans are placed longest first, then left
    to right; a span touching a token already tagged is dropped (BIO cannot nest).

    >>> spans = pd.DataFrame({"start": [5, 5, 21, 0], "end": [10, 17, 25, 3], "label": ["PER", "PER", "LOC", "DATE"]})
    >>> spans_to_tags(spans, join_tokens(["قال", "وسيرغي", "لافروف", "في", "باكو"])[1])
    ['O', 'B-PERS', 'I-PERS', 'O', 'B-LOC']
    """
    labels = DATA_LABELS if labels is None else labels
    tags = ["O"] * len(offsets)
    chosen = spans[spans.label.isin(list(labels))]
    order = sorted(zip(chosen.start.tolist(), chosen.end.tolist(), chosen.label.tolist()),
                   key=lambda s: (s[0] - s[1], s[0]))
    for start, end, label in order:
        inside = [i for i, (a, b) in enumerate(offsets) if a < end and start < b]
        if not inside or any(tags[i] != "O" for i in inside):
            continue
        for k, i in enumerate(range(inside[0], inside[-1] + 1)):
            tags[i] = ("B-" if k == 0 else "I-") + labels[label]
    return tags


def recognizer_tags(sentences: Sequence[Sequence[str]],
                    find: Callable[[str], pd.DataFrame]) -> list[list[str]]:
    """BIO tags of what ``find`` (a function from a text to a frame of spans, such as the rules'
    :func:`~helpers.annotating.annotate` or :func:`~.model.model_entities`) finds in each
    sentence (a list of tokens), read on its own, its tokens joined by spaces.

    >>> from helpers.annotating.learned import model_entities
    >>> recognizer_tags([["وصل", "سيرغي", "لافروف", "إلى", "بيروت"], []], model_entities)
    [['O', 'B-PERS', 'I-PERS', 'O', 'B-LOC'], []]
    """
    out = []
    for tokens in sentences:
        text, offsets = join_tokens(list(tokens))
        out.append(spans_to_tags(find(text), offsets) if tokens else [])
    return out


def entity_errors(sentences: Sequence[Sequence[tuple[str, str]]], pred: Sequence[Sequence[str]]) -> pd.DataFrame:
    """The entities that predicted tags ``pred`` get wrong in gold ``(token, tag)`` ``sentences``,
    one row each: ``sentence`` (its index), ``kind``, ``gold`` and ``predicted`` (the entity's
    words and label, empty on the side that has none). ``kind``: ``missed`` (no predicted entity
    shares a token with the gold one), ``false`` (a predicted entity that shares no token with a
    gold one), ``label`` (the same tokens, or some, under another label), ``boundary`` (the same
    label, other first or last token). Exact matches are not listed.

    >>> gold = [[("قال", "O"), ("كيني", "B-PERS"), ("ميلر", "I-PERS"), ("في", "O"), ("سلتيك", "B-ORG")]]
    >>> entity_errors(gold, [["B-PERS", "O", "B-PERS", "O", "B-LOC"]]).values.tolist()
    [[0, 'boundary', 'كيني ميلر PERS', 'ميلر PERS'], [0, 'label', 'سلتيك ORG', 'سلتيك LOC'], [0, 'false', '', 'قال PERS']]
    """
    rows = []
    for k, (sentence, tags) in enumerate(zip(sentences, pred)):
        words = [t for t, _ in sentence]
        gold_ents = bio_entities([g for _, g in sentence])
        pred_ents = bio_entities(tags)
        show = lambda e: f"{' '.join(words[e[0]:e[1]])} {e[2]}"  # noqa: E731
        for g in gold_ents:
            if g in pred_ents:
                continue
            touching = [p for p in pred_ents if p[0] < g[1] and g[0] < p[1]]
            same = [p for p in touching if p[2] == g[2]]
            kind = "missed" if not touching else "boundary" if same else "label"
            rows.append((k, kind, show(g), show((same or touching)[0]) if touching else ""))
        for p in pred_ents:
            if not any(g[0] < p[1] and p[0] < g[1] for g in gold_ents):
                rows.append((k, "false", "", show(p)))
    return pd.DataFrame(rows, columns=["sentence", "kind", "gold", "predicted"])


# -- the recognizers of annotate side by side (annotate(text, recognizer=…)) ------------------


def dev_scores_of(dev: Sequence[Sequence[tuple[str, str]]], recognizer: str) -> pd.DataFrame:
    """:func:`~.conll.evaluate_tags` (labels LOC, ORG, PERS: the data's MISC is not scored, no
    recognizer has it) of ``annotate(…, recognizer=recognizer)`` on the ``(token, tag)``
    sentences ``dev``, each read on its own (:func:`recognizer_tags`).

    >>> ev = dev_scores_of([[("زار", "O"), ("ماكرون", "B-PERS"), ("باريس", "B-LOC")]], "model")
    >>> ev[ev.match == "exact"].set_index("label").f1.to_dict()
    {'LOC': 1.0, 'ORG': nan, 'PERS': 1.0, 'ALL': 1.0}
    """
    from ..annotator import default_annotator
    from .conll import evaluate_tags

    ann = default_annotator()
    pred = recognizer_tags([[t for t, _ in s] for s in dev], lambda text: ann.annotate(text, recognizer))
    return evaluate_tags([[g for _, g in s] for s in dev], pred, labels=("LOC", "ORG", "PERS"))


def seed_scores_of(recognizer: str, folder: str | None = None) -> pd.DataFrame:
    """Entity-level exact scores (:func:`~helpers.annotating.evaluate`, PER/LOC/ORG and ALL) of
    ``annotate(…, recognizer=recognizer)`` on the seed articles against their gold (or on the texts
    and gold of ``folder``, e.g. :data:`~helpers.annotating.UNSEEN_DIR`)."""
    from pathlib import Path

    from ..._shared import ROOT
    from ..annotator import default_annotator
    from ..columns import ENTITY_LABELS
    from ..evaluation import evaluate, load_gold

    ann = default_annotator()
    where = ROOT / "data" / "raw" if folder is None else Path(folder)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(where.glob("*.txt"))}
    gold = load_gold() if folder is None else load_gold(folder)
    pred = pd.concat([ann.annotate(t, recognizer).assign(doc_id=d) for d, t in texts.items()], ignore_index=True)
    ev = evaluate(pred, gold, labels=list(ENTITY_LABELS))
    return ev[(ev.level == "entity") & (ev.match == "exact")].reset_index(drop=True)


# -- the recognizers on real articles with gold (data/annotations/real) ----------------------


def real_predictions(recognizer: str, folder: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The PER/LOC/ORG spans ``annotate(…, recognizer=recognizer)`` finds in the ``*.txt`` texts of
    ``folder`` (default :data:`~helpers.annotating.REAL_DIR`: 16 real Jawhara FM articles), each
    read whole, with ``doc_id`` = the file stem; and the gold spans of the same folder."""
    from pathlib import Path

    from ..annotator import default_annotator
    from ..columns import ENTITY_LABELS
    from ..evaluation import REAL_DIR, load_gold

    where = REAL_DIR if folder is None else Path(folder)
    ann = default_annotator()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(where.glob("*.txt"))}
    pred = pd.concat([ann.annotate(t, recognizer).assign(doc_id=d) for d, t in texts.items()], ignore_index=True)
    return pred[pred.label.isin(ENTITY_LABELS)].reset_index(drop=True), load_gold(where)


def real_scores_of(recognizer: str, folder: str | None = None) -> pd.DataFrame:
    """Scores of ``annotate(…, recognizer=recognizer)`` on the real articles of ``folder`` (see
    :func:`real_predictions`): for PER, LOC, ORG and ``ALL`` (micro), ``level="entity"`` rows from
    :func:`~helpers.annotating.entity_scores` (an entity is found when any of its mentions is
    found exactly) and ``level="mention"`` rows, every span counting, exact offsets
    (:func:`~helpers.annotating.evaluate`). Columns: ``label``, ``level``, ``n_gold``, ``n_pred``,
    ``found``, ``correct``, ``precision``, ``recall``, ``f1``."""
    from ..columns import ENTITY_LABELS
    from ..evaluation import entity_scores, evaluate

    pred, gold = real_predictions(recognizer, folder)
    ent = entity_scores(pred, gold).assign(level="entity")
    ev = evaluate(pred, gold, labels=list(ENTITY_LABELS))
    men = ev[(ev.level == "mention") & (ev.match == "exact")]
    cols = ["label", "level", "n_gold", "n_pred", "found", "correct", "precision", "recall", "f1"]
    return pd.concat([ent[cols], men[cols]], ignore_index=True)


def real_table(folder: str | None = None) -> str:
    """The scores of :data:`~.combine.RECOGNIZERS` on the real articles (:func:`real_scores_of`) as
    Markdown: entity-level precision / recall per label and micro, mention-level exact P / R / F1."""
    from .combine import RECOGNIZERS

    lines = ["| recognizer | PER P / R | LOC P / R | ORG P / R | entities ALL P / R / F1 | mentions ALL P / R / F1 |",
             "|---|---|---|---|---|---|"]
    for recognizer in RECOGNIZERS:
        sc = real_scores_of(recognizer, folder)
        ent = sc[sc.level == "entity"].set_index("label")
        men = sc[sc.level == "mention"].set_index("label")
        cells = [f"{ent.precision[k]:.3f} / {ent.recall[k]:.3f}" for k in ("PER", "LOC", "ORG")]
        cells += [f"{s.precision['ALL']:.3f} / {s.recall['ALL']:.3f} / {s.f1['ALL']:.3f}" for s in (ent, men)]
        lines.append(f"| {recognizer} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def real_errors_of(recognizer: str, folder: str | None = None) -> pd.DataFrame:
    """The entities ``annotate(…, recognizer=recognizer)`` gets wrong on the real articles, one row
    each: ``doc_id``, ``side`` (``gold``: a gold entity not found; ``pred``: a predicted entity not
    right), ``kind``, ``label``, ``canonical``, ``mentions`` (its mentions' texts) and ``other``
    (the spans of the other side that overlap them, ``text LABEL``). ``kind``: ``boundary`` (a span
    of the same label overlaps a mention), else ``label`` (only spans of another label do), else
    ``missed`` (gold) or ``false`` (predicted): nothing overlaps."""
    from ...cleaning import match_key

    pred, gold = real_predictions(recognizer, folder)
    rows = []
    for side, frame, other in (("gold", gold, pred), ("pred", pred, gold)):
        said = {(r.doc_id, r.label, r.start, r.end) for r in other.itertuples()}
        groups: dict[tuple, list] = {}
        for r in frame.itertuples():
            name = r.canonical if isinstance(r.canonical, str) and r.canonical else r.text
            groups.setdefault((r.doc_id, r.label, match_key(name)), []).append(r)
        for (doc_id, label, _), mentions in groups.items():
            if any((doc_id, label, m.start, m.end) in said for m in mentions):
                continue
            near = other[(other.doc_id == doc_id) & other.apply(
                lambda o: any(o.start < m.end and m.start < o.end for m in mentions), axis=1)] if len(other) else other
            same = near[near.label == label] if len(near) else near
            kind = "boundary" if len(same) else "label" if len(near) else "missed" if side == "gold" else "false"
            rows.append({"doc_id": doc_id, "side": side, "kind": kind, "label": label,
                         "canonical": mentions[0].canonical, "mentions": " | ".join(m.text for m in mentions),
                         "other": " | ".join(f"{o.text} {o.label}" for o in near.itertuples())})
    return pd.DataFrame(rows, columns=["doc_id", "side", "kind", "label", "canonical", "mentions", "other"])
