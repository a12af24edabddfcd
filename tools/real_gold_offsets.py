"""Write the offsets of the real-article gold from the mentions the annotator listed.

``data/annotations/real/mentions.tsv`` lists, per article, each mention string (clitics outside),
its label, canonical name and how many times it occurs as that mention. This script finds every
whole-word occurrence of each string in ``<doc_id>.txt`` — a word boundary after it, and before it
either a boundary or one or two of the proclitics و ف ب ل ك glued to it (``بالكاف`` → ``الكاف``) —,
drops occurrences inside a longer listed mention of the same label, checks that the count is the
listed one, and writes ``<doc_id>.jsonl`` (sorted by start, then label; ``text == raw[start:end]``).
It decides nothing: every mention was decided by reading; a count that does not match stops it.

Usage: python tools/real_gold_offsets.py [--show]   (``--show``: print each span in its context)
"""
from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "annotations" / "real"
PROCLITICS = "وفبلك"


def starts_word(raw: str, i: int) -> bool:
    """Whether a word may start at ``raw[i]``: after a non-letter, or after 1–2 proclitics that do.

    >>> [starts_word("وبغزة غزة", i) for i in (0, 2, 6, 7)]
    [True, True, True, False]
    """
    k = i
    while k > 0 and raw[k - 1] in PROCLITICS and i - k < 2:
        k -= 1
        if k == 0 or not raw[k - 1].isalpha():
            return True
    return i == 0 or not raw[i - 1].isalpha()


def occurrences(raw: str, surface: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every whole-word occurrence of ``surface`` in ``raw``.

    >>> occurrences("زار لبنان واللبنانيين ولبنان", "لبنان")
    [(4, 9), (23, 28)]
    """
    out, at = [], raw.find(surface)
    while at >= 0:
        end = at + len(surface)
        if starts_word(raw, at) and (end == len(raw) or not raw[end].isalpha()):
            out.append((at, end))
        at = raw.find(surface, at + 1)
    return out


def doc_spans(doc_id: str, rows: list[dict], raw: str) -> list[dict]:
    """The gold spans of one article from its listed mentions (raises on a count mismatch)."""
    found: list[tuple[dict, list[tuple[int, int]]]] = [(r, occurrences(raw, r["surface"])) for r in rows]
    by_label: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r, spans in found:
        by_label[r["label"]] += spans
    out = []
    for r, spans in found:
        kept = [(s, e) for s, e in spans
                if not any(a <= s and e <= b and (a, b) != (s, e) for a, b in by_label[r["label"]])]
        if len(kept) != int(r["count"]):
            raise ValueError(f"{doc_id}: {r['label']} {r['surface']!r}: {len(kept)} found, {r['count']} listed")
        out += [{"doc_id": doc_id, "start": s, "end": e, "label": r["label"], "text": raw[s:e],
                 "canonical": r["canonical"]} for s, e in kept]
    out.sort(key=lambda d: (d["start"], d["label"], d["end"]))
    for a, b in zip(out, out[1:]):
        if a["label"] == b["label"] and b["start"] < a["end"]:
            raise ValueError(f"{doc_id}: {a['text']!r} and {b['text']!r} overlap")
    return out


def main(argv: list[str]) -> int:
    """Write every ``<doc_id>.jsonl`` of :data:`REAL` (``--show`` also prints the spans)."""
    lines = [line for line in (REAL / "mentions.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    rows_of: dict[str, list[dict]] = defaultdict(list)
    for row in csv.DictReader(lines, delimiter="\t"):
        rows_of[row["doc_id"]].append(row)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(REAL.glob("*.txt"))}
    if set(rows_of) - set(texts):
        raise ValueError(f"mentions of unknown articles: {sorted(set(rows_of) - set(texts))}")
    for doc_id, raw in texts.items():
        spans = doc_spans(doc_id, rows_of.get(doc_id, []), raw)
        with open(REAL / f"{doc_id}.jsonl", "w", encoding="utf-8", newline="\n") as f:
            for d in spans:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        if "--show" in argv:
            for d in spans:
                left = raw[max(0, d["start"] - 15):d["start"]].replace("\n", " ")
                right = raw[d["end"]:d["end"] + 15].replace("\n", " ")
                print(f"{doc_id}\t{d['label']}\t…{left}[{d['text']}]{right}…")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
