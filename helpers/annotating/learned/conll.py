"""Token-tagged data (CoNLL ``token TAG``): reading, writing, entities of BIO tags, scoring.

A *sentence* is a list of ``(token, tag)`` pairs; a tag is ``O`` or ``B-X`` / ``I-X`` (``X`` a
label such as ``PERS``). :func:`read_conll` and :func:`write_conll` read and write the format of
``data/ner/anercorp-train.txt.xz``; :func:`bio_entities` turns a tag sequence into entities and
:func:`evaluate_tags` scores predicted tags against gold ones, entity by entity.

Example:
    >>> gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
    >>> pred = [["B-PERS", "O", "O", "B-LOC"]]
    >>> ev = evaluate_tags(gold, pred)
    >>> ev.loc[ev.match == "exact", ["label", "n_gold", "n_pred", "correct", "f1"]].values.tolist()
    [['LOC', 1, 1, 1, 1.0], ['PERS', 1, 1, 0, 0.0], ['ALL', 2, 2, 1, 0.5]]
"""
from __future__ import annotations

import io
import lzma
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from ...loading import atomic_path
from ..evaluation import prf

#: A sentence: its ``(token, tag)`` pairs, in order.
Sentence = list[tuple[str, str]]

#: One line of the format: a token (possibly empty), a space or tab, a tag ``O`` or ``B-X``/``I-X``.
_LINE = re.compile(r"(\S*)[ \t]+(O|[BI]-[A-Za-z][\w-]*)")


def _open_text(path: Path, mode: str, xz: bool) -> io.TextIOBase:
    """``path`` opened as UTF-8 text (``mode`` ``"r"`` or ``"w"``), through xz if ``xz``."""
    if xz:
        return lzma.open(path, mode + "t", encoding="utf-8", newline="\n")  # type: ignore[return-value]
    return open(path, mode, encoding="utf-8", newline="\n")  # type: ignore[return-value]


def read_conll(path: str | os.PathLike) -> list[Sentence]:
    """Read a CoNLL file (``token TAG`` per line, a blank line between sentences; ``.xz`` is
    decompressed on the fly) into sentences of ``(token, tag)`` pairs.

    A line that is not ``token TAG`` (no tag, a tag that is not ``O``/``B-X``/``I-X``, more than
    two columns) raises ``ValueError`` naming the file and the line number. A token may be empty
    (a line `` O``, as 191 lines of ANERcorp have); a trailing ``\\r`` is ignored.

    Example:
        >>> from helpers._shared import ROOT
        >>> sents = read_conll(ROOT / "data" / "ner" / "anercorp-train.txt.xz")
        >>> len(sents), sents[0][:2]
        (3962, [('أعلن', 'O'), ('اتحاد', 'B-ORG')])
    """
    path = Path(path)
    sentences: list[Sentence] = []
    current: Sentence = []
    with _open_text(path, "r", path.suffix == ".xz") as fh:
        for number, line in enumerate(fh, start=1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            m = _LINE.fullmatch(line)
            if m is None:
                raise ValueError(f"{path.name}:{number}: expected 'token TAG' (TAG = O, B-X or I-X), got {line!r}")
            current.append((m.group(1), m.group(2)))
    if current:
        sentences.append(current)
    return sentences


def write_conll(sentences: Iterable[Sentence], path: str | os.PathLike) -> Path:
    """Write sentences of ``(token, tag)`` pairs as CoNLL (``token TAG``, a blank line after each
    sentence; xz-compressed when the name ends in ``.xz``), atomically: a reader never sees a
    half-written file. A token holding whitespace, or a bad tag, raises ``ValueError``.

    Example:
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "mine.txt"
        >>> _ = write_conll([[("زار", "O"), ("باكو", "B-LOC")]], out)
        >>> out.read_text(encoding="utf-8")
        'زار O\\nباكو B-LOC\\n\\n'
        >>> read_conll(out)
        [[('زار', 'O'), ('باكو', 'B-LOC')]]
    """
    target = Path(path)
    lines = []
    for k, sentence in enumerate(sentences):
        for token, tag in sentence:
            if _LINE.fullmatch(f"{token} {tag}") is None:
                raise ValueError(f"sentence {k}: cannot write token {token!r} with tag {tag!r}")
            lines.append(f"{token} {tag}\n")
        lines.append("\n")
    with atomic_path(target) as tmp:
        with _open_text(tmp, "w", target.suffix == ".xz") as fh:
            fh.write("".join(lines))
    return target


def bio_entities(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """The entities of a BIO tag sequence: ``(start, end, label)``, ``end`` exclusive, in order.

    An ``I-X`` that does not continue an ``X`` entity (after ``O`` or another label) starts a new
    one, as the CoNLL scorer reads it.

    Example:
        >>> bio_entities(["B-PERS", "I-PERS", "O", "I-LOC", "B-LOC", "B-ORG", "I-LOC"])
        [(0, 2, 'PERS'), (3, 4, 'LOC'), (4, 5, 'LOC'), (5, 6, 'ORG'), (6, 7, 'LOC')]
    """
    out: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, lab = tag.partition("-")
        if label and not (prefix == "I" and lab == label):
            out.append((start, i, label))
            label = ""
        if prefix in ("B", "I") and not label:
            start, label = i, lab
    return out


def _counts(gold: list[tuple], pred: list[tuple], match: str) -> tuple[int, int]:
    """(gold entities found, predicted entities correct) of ``(sentence, start, end, label)`` lists."""
    if match == "exact":
        g, p = set(gold), set(pred)
        return sum(e in p for e in gold), sum(e in g for e in pred)
    gold_at: dict[tuple, list] = defaultdict(list)
    pred_at: dict[tuple, list] = defaultdict(list)
    for s, a, b, lab in gold:
        gold_at[s, lab].append((a, b))
    for s, a, b, lab in pred:
        pred_at[s, lab].append((a, b))

    def hit(spans: list, a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in spans)

    return (sum(hit(pred_at[s, lab], a, b) for s, a, b, lab in gold),
            sum(hit(gold_at[s, lab], a, b) for s, a, b, lab in pred))


def _row(label: str, match: str, n_gold: int, n_pred: int, found: int, correct: int) -> dict:
    return {"label": label, "match": match, "n_gold": n_gold, "n_pred": n_pred, "found": found,
            "correct": correct, **prf(n_gold, n_pred, found, correct)}


def evaluate_tags(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], *,
                  labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Entity-level precision, recall and F1 of predicted BIO tags against gold ones, per label and
    micro-averaged over the labels (``ALL``), for exact and overlap matching.

    ``gold`` and ``pred`` are tag sequences, one per sentence, of the same lengths. Entities are
    read with :func:`bio_entities`. *exact*: a predicted entity is correct when a gold entity has
    the same label, start and end (a gold entity is found likewise); *overlap*: when they share
    the label and at least one token. ``labels``: the labels to score (default: every label of
    either side, sorted). Rows: per match, one per label then ``ALL``; columns ``label``,
    ``match``, ``n_gold``, ``n_pred``, ``found``, ``correct``, ``precision``, ``recall``, ``f1``
    (rounded to 4 places; NaN where undefined: no gold entity, no prediction).

    Example:
        >>> gold = [["B-PERS", "I-PERS", "I-PERS", "O", "B-ORG"], ["B-LOC", "O"]]
        >>> pred = [["O", "B-PERS", "I-PERS", "O", "B-ORG"], ["B-LOC", "B-LOC"]]
        >>> print(evaluate_tags(gold, pred).drop(columns="n_gold").to_string(index=False))
        label   match  n_pred  found  correct  precision  recall     f1
          LOC   exact       2      1        1       0.50  1.0000 0.6667
          ORG   exact       1      1        1       1.00  1.0000 1.0000
         PERS   exact       1      0        0       0.00  0.0000 0.0000
          ALL   exact       4      2        2       0.50  0.6667 0.5714
          LOC overlap       2      1        1       0.50  1.0000 0.6667
          ORG overlap       1      1        1       1.00  1.0000 1.0000
         PERS overlap       1      1        1       1.00  1.0000 1.0000
          ALL overlap       4      3        3       0.75  1.0000 0.8571
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted ones")
    g_ents: list[tuple] = []
    p_ents: list[tuple] = []
    for k, (g, p) in enumerate(zip(gold, pred)):
        if len(g) != len(p):
            raise ValueError(f"sentence {k}: {len(g)} gold tags but {len(p)} predicted ones")
        g_ents += [(k, a, b, lab) for a, b, lab in bio_entities(g)]
        p_ents += [(k, a, b, lab) for a, b, lab in bio_entities(p)]
    if labels is None:
        labels = sorted({e[3] for e in g_ents} | {e[3] for e in p_ents})
    rows = []
    for match in ("exact", "overlap"):
        total = [0, 0, 0, 0]
        for label in labels:
            g = [e for e in g_ents if e[3] == label]
            p = [e for e in p_ents if e[3] == label]
            found, correct = _counts(g, p, match)
            for i, v in enumerate((len(g), len(p), found, correct)):
                total[i] += v
            rows.append(_row(label, match, len(g), len(p), found, correct))
        rows.append(_row("ALL", match, *total))
    return pd.DataFrame(rows)
