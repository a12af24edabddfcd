"""The rules and the model together: which recognizer finds the people, places and organisations.

:func:`~helpers.annotating.annotate` takes ``recognizer=``:

* ``"rules"``: the rules alone (lexicons, patterns, propagation), as :mod:`helpers.annotating.doc` runs them;
* ``"model"``: people, places and organisations from the model alone (:func:`~.model.model_columns`);
  the rules still find quotations (with the speakers they name), quantities, dates and framing
  terms (FRAME), and their names are dropped;
* ``"combined"``: the rules first, then the model vetoes the people their patterns guessed where
  it is sure there is no name (:mod:`.veto`: ``قال قائد الشرطة`` is no person ``قائد``), and
  fills in: every PER/LOC/ORG span of the model that overlaps no name the rules kept is added
  (source ``"model"``) *before* the rules' propagation, which then finds its later mentions and
  its last name alone (``propagated``), and gives short forms the fullest name (``canonical``);
  quotations' speakers can be these names.
  Where both found a name, the rules' span stays (their lexicons and titles are surer about a
  name's boundaries, measured on the dev part of ANERcorp: see ``data/ner/MODEL_CARD.md``).

Every step of :data:`~helpers.annotating.doc.STEPS` is run unchanged; the model's veto
(:func:`~.veto.veto`) and names (:func:`model_step`) go in between, right before propagation.
``source`` says where a span came from: ``"model"`` for the model's, the lexicon file or
``pattern:…`` for the rules', ``propagated`` for later mentions.

Example:
    >>> from helpers.annotating import annotate
    >>> text = "فاز محمد صلاح بجائزة أفضل لاعب. وكان صلاح قد سجل 20 هدفا هذا الموسم مع ليفربول"
    >>> annotate(text, recognizer="rules")[["text", "label", "source"]].values.tolist()
    [['20 هدفا', 'QUANTITY', 'pattern:quantity']]
    >>> annotate(text, recognizer="combined")[["text", "label", "canonical", "source"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['محمد صلاح', 'PER', 'محمد صلاح', 'model'], ['صلاح', 'PER', 'محمد صلاح', 'model'],
     ['20 هدفا', 'QUANTITY', None, 'pattern:quantity'], ['ليفربول', 'ORG', 'ليفربول', 'model']]
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from ..columns import ENTITY_LABELS
from ..doc import STEPS
from ..names import propagate
from .model import model_columns, model_columns_marginals
from .veto import pattern_mask, veto

if TYPE_CHECKING:
    from ..doc import Doc

#: The recognizers :func:`~helpers.annotating.annotate` accepts.
RECOGNIZERS = ("rules", "model", "combined")


def check_recognizer(recognizer: str) -> str:
    """``recognizer`` if it is one of :data:`RECOGNIZERS`, else a ``ValueError`` naming them.

    >>> check_recognizer("combined")
    'combined'
    """
    if recognizer not in RECOGNIZERS:
        raise ValueError(f"recognizer must be one of {', '.join(map(repr, RECOGNIZERS))}, not {recognizer!r}")
    return recognizer


def normalized_spans(doc: Doc, columns: dict[str, list]) -> list[tuple[int, int, str]]:
    """The model's spans (raw offsets, :func:`~.model.model_columns`) in the offsets of the
    document's normalized text: ``(start, end, label)``; a span that vanishes there is dropped."""
    if not columns["start"]:
        return []
    starts = doc.offsets.starts
    a = np.searchsorted(starts, np.asarray(columns["start"], dtype=np.int64), side="left").tolist()
    b = np.searchsorted(starts, np.asarray(columns["end"], dtype=np.int64), side="left").tolist()
    return [(x, y, lab) for x, y, lab in zip(a, b, columns["label"]) if x < y]


def model_step(found: list[tuple[int, int, str]]) -> Callable[[Doc], None]:
    """A step that adds the model's names ``found`` (normalized offsets) that overlap no PER, LOC
    or ORG span found so far, as pattern spans (so that :func:`~helpers.annotating.names.propagate`
    looks for them again) of source ``"model"``."""
    def model_names(doc: Doc) -> None:
        taken = bytearray(len(doc.norm) + 1)  # 1 where a name found so far stands
        for sp in doc.spans:
            if sp["label"] in ENTITY_LABELS:
                taken[sp["start"]:sp["end"]] = b"\x01" * (sp["end"] - sp["start"])
        for a, b, label in found:
            if taken.find(1, a, b) >= 0:
                continue
            sp = doc.add(a, b, label, doc.display(a, b), "model")
            doc.pattern_spans.append(sp)  # propagation looks for the names patterns found
    return model_names


def run_doc(doc: Doc, recognizer: str) -> list[dict]:
    """Run the steps of ``recognizer`` on ``doc``; the spans that remain (:meth:`Doc.resolved`)."""
    if recognizer == "rules":
        return doc.run()
    if recognizer == "model":
        found = normalized_spans(doc, model_columns(doc.raw))
        for step in STEPS:
            step(doc)
        doc.remove(lambda sp: sp["label"] in ENTITY_LABELS)
        for a, b, label in found:
            doc.add(a, b, label, doc.display(a, b), "model")
        return doc.resolved()
    at = STEPS.index(propagate)
    for step in STEPS[:at]:
        step(doc)
    columns, probs = model_columns_marginals(doc.raw, pattern_mask(doc))
    veto(doc, probs, columns)
    for step in (model_step(normalized_spans(doc, columns)), *STEPS[at:]):
        step(doc)
    return doc.resolved()
