"""Display and exports of spans: HTML highlighting, brat, Label Studio, displaCy."""
from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from .._shared import HtmlFragment
from .columns import LABEL_COLORS, LABELS
from .store import Disjoint


def _span_records(spans: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[dict]:
    if isinstance(spans, pd.DataFrame):
        recs = spans.to_dict("records")
    else:
        recs = [dict(s) for s in spans]
    for r in recs:
        for k, v in list(r.items()):
            if isinstance(v, float) and pd.isna(v):
                r[k] = None
    return sorted(recs, key=lambda r: (int(r["start"]), -int(r["end"])))


class Highlight(HtmlFragment):
    """HTML view of spans over a raw text (``_repr_html_`` → shown by Jupyter). See :func:`highlight`."""

    def __init__(self, html_text: str, n_spans: int = 0, n_chars: int = 0):
        super().__init__(html_text, f"{n_spans} spans over {n_chars} characters")
        self.n_spans = n_spans
        self.n_chars = n_chars


def highlight(text: str, spans: pd.DataFrame | Iterable[Mapping[str, Any]], *,
              labels: Sequence[str] | None = None, title: str | None = None) -> Highlight:
    """Render ``spans`` over the raw ``text`` as right-to-left HTML, one colour per label, with a legend.

    The text is untrusted, so every piece of it (and every canonical name, shown as a tooltip) is
    HTML-escaped. Spans may nest or overlap (a name inside a quotation): the text is cut at every
    span boundary and each piece is wrapped in the spans that cover it. QUOTE spans are underlined
    rather than filled so the names inside them stay visible.

    Example:
        >>> h = highlight("قال <ساعر>", [{"start": 5, "end": 9, "label": "PER", "canonical": "جدعون ساعر"}])
        >>> "&lt;" in h.html and 'dir="rtl"' in h.html and "<script" not in h.html
        True
    """
    if not isinstance(text, str):
        raise TypeError("highlight expects the raw text as str")
    recs = [r for r in _span_records(spans) if labels is None or r["label"] in labels]
    for r in recs:
        if not (0 <= int(r["start"]) < int(r["end"]) <= len(text)):
            raise ValueError(f"span [{r['start']}, {r['end']}) is outside the text (length {len(text)})")
    cuts = sorted({0, len(text), *(int(r["start"]) for r in recs), *(int(r["end"]) for r in recs)})
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        piece = html.escape(text[a:b]).replace("\n", "<br>\n")
        covering = [r for r in recs if int(r["start"]) <= a and b <= int(r["end"])]
        for r in sorted(covering, key=lambda r: int(r["end"]) - int(r["start"])):
            lab = str(r["label"])
            color = LABEL_COLORS.get(lab, "#dddddd")
            tip = lab + (f": {r['canonical']}" if r.get("canonical") else "") + \
                (f" — {r['speaker']}" if r.get("speaker") else "") + \
                (f" = {r['value']} {r.get('unit') or ''}".rstrip() if r.get("value") is not None else "")
            style = (f"border-bottom:3px solid {color};padding-bottom:1px" if lab == "QUOTE"
                     else f"background:{color};border-radius:3px;padding:0 2px")
            piece = (f'<span class="ann-{html.escape(lab)}" style="{style}" '
                     f'title="{html.escape(tip, quote=True)}">{piece}</span>')
        parts.append(piece)
    shown = [lab for lab in LABELS if any(r["label"] == lab for r in recs)] + \
        sorted({str(r["label"]) for r in recs} - set(LABELS))
    legend = " ".join(
        f'<span style="background:{LABEL_COLORS.get(lab, "#dddddd")};border-radius:3px;padding:0 4px;'
        f'margin:0 2px">{html.escape(lab)}</span>' for lab in shown)
    head = f"<div style=\"font-weight:bold\">{html.escape(title)}</div>" if title else ""
    body = (f'<div dir="rtl" lang="ar" style="line-height:2;font-size:1.05em;text-align:right">'
            f"{''.join(parts)}</div>")
    return Highlight(f'<div class="annotations">{head}<div dir="ltr" style="margin-bottom:4px">'
                     f"Legend: {legend}</div>{body}</div>", len(recs), len(text))


def to_brat(text: str, spans: pd.DataFrame | Iterable[Mapping[str, Any]]) -> str:
    """brat standoff (``.ann``) for ``spans`` of ``text`` (save ``text`` beside it as the ``.txt``).

    One text-bound line per span (``T1<TAB>PER 4 8<TAB>ساعر``; a span that crosses a line break is
    written as fragments ``start end;start end``), and an ``AnnotatorNotes`` line carrying the
    canonical name, speaker, value and unit where there are any. Offsets are code points, as brat
    expects.

    Example:
        >>> from helpers.annotating import annotate
        >>> print(to_brat("زار ساعر باكو", annotate("زار ساعر باكو")).replace(chr(9), " <TAB> "))
        T1 <TAB> PER 4 8 <TAB> ساعر
        #1 <TAB> AnnotatorNotes T1 <TAB> canonical=جدعون ساعر
        T2 <TAB> LOC 9 13 <TAB> باكو
        #2 <TAB> AnnotatorNotes T2 <TAB> canonical=باكو
    """
    lines = []
    for k, r in enumerate(_span_records(spans), start=1):
        a, b = int(r["start"]), int(r["end"])
        frags, pos = [], a
        for piece in text[a:b].split("\n"):
            if piece:
                frags.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        loc = ";".join(f"{x} {y}" for x, y in frags)
        shown = " ".join(text[x:y] for x, y in frags)
        lines.append(f"T{k}\t{r['label']} {loc}\t{shown}")
        notes = [f"{key}={r[key]}" for key in ("canonical", "speaker", "value", "unit") if r.get(key) is not None]
        if notes:
            lines.append(f"#{k}\tAnnotatorNotes T{k}\t{'; '.join(notes)}")
    return "\n".join(lines)


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def to_label_studio(text: str, spans: pd.DataFrame | Iterable[Mapping[str, Any]], *,
                    kind: str = "predictions", from_name: str = "label", to_name: str = "text",
                    model_version: str = "helpers.annotating", data: Mapping[str, Any] | None = None) -> dict:
    """One Label Studio task (JSON-serialisable dict) with the spans as ``predictions`` (default,
    for review) or ``annotations``.

    Use it with a labeling config such as
    ``<View><Labels name="label" toName="text">…</Labels><Text name="text" value="$text"/></View>``.
    Label Studio counts offsets in UTF-16 code units (JavaScript strings); they are converted, so
    texts with emoji or other astral characters stay aligned. ``data`` adds fields to the task's data.

    Example:
        >>> from helpers.annotating import annotate
        >>> task = to_label_studio("زار ساعر باكو", annotate("زار ساعر باكو"))
        >>> r = task["predictions"][0]["result"][0]
        >>> r["value"]["start"], r["value"]["end"], r["value"]["labels"]
        (4, 8, ['PER'])
    """
    if kind not in ("predictions", "annotations"):
        raise ValueError("kind must be 'predictions' or 'annotations'")
    result = []
    for k, r in enumerate(_span_records(spans), start=1):
        a, b = int(r["start"]), int(r["end"])
        item = {"id": f"s{k}", "from_name": from_name, "to_name": to_name, "type": "labels",
                "value": {"start": _utf16(text, a), "end": _utf16(text, b), "text": text[a:b],
                          "labels": [str(r["label"])]}}
        if kind == "predictions":
            item["score"] = 1.0
        meta = {key: r[key] for key in ("canonical", "speaker", "value", "unit", "source") if r.get(key) is not None}
        if meta:
            item["meta"] = {"text": [json.dumps(meta, ensure_ascii=False, default=str)]}
        result.append(item)
    block: dict[str, Any] = {"result": result}
    if kind == "predictions":
        block["model_version"] = model_version
    return {"data": {"text": text, **(dict(data) if data else {})}, kind: [block]}


def to_displacy(text: str, spans: pd.DataFrame | Iterable[Mapping[str, Any]], *,
                labels: Sequence[str] | None = None, title: str | None = None) -> dict:
    """spaCy displaCy's *manual* format: ``{"text", "ents": [{"start", "end", "label"}], "title"}``.

    displaCy's entity view cannot draw nested spans, so overlapping ones are dropped: named
    entities, dates, quantities and frames are kept first (longest first), QUOTE spans only where
    nothing else overlaps them. Render with ``spacy.displacy.render(doc, style="ent", manual=True)``
    (spaCy is not needed here; the dict is plain JSON).

    Example:
        >>> from helpers.annotating import annotate
        >>> to_displacy("زار ساعر باكو", annotate("زار ساعر باكو"))["ents"]
        [{'start': 4, 'end': 8, 'label': 'PER'}, {'start': 9, 'end': 13, 'label': 'LOC'}]
    """
    recs = [r for r in _span_records(spans) if labels is None or r["label"] in labels]
    recs.sort(key=lambda r: (r["label"] == "QUOTE", -(int(r["end"]) - int(r["start"])), int(r["start"])))
    taken, kept = Disjoint(), []
    for r in recs:
        a, b = int(r["start"]), int(r["end"])
        if taken.take(a, b):
            kept.append({"start": a, "end": b, "label": str(r["label"])})
    kept.sort(key=lambda d: d["start"])
    return {"text": text, "ents": kept, "title": title}
