"""Exact regression snapshots of ``annotate`` (``make snapshots`` rewrites them; tests compare).

Every span that ``annotate`` finds — start, end, label, text, canonical, source, speaker, value,
unit — is written one span a line, so that a change in any span shows up in ``git diff`` as the
lines that changed, and a reviewer can read what a rule change did. Three sets of documents:

* ``seeds``: the two articles of ``data/raw``;
* ``passages``: the unseen passages (``data/annotations/unseen``) and the held-out passages
  (``tests/fixtures/annotating_heldout``);
* ``jawharafm``: 2,000 real articles of the Jawhara FM corpus (``data/corpora/jawharafm.tar.xz``,
  Apache-2.0; every fifth article by name);

each annotated twice: with the rules alone (``recognizer="rules"``, in
``tests/fixtures/snapshots/<set>.jsonl[.xz]``), and with ``annotate``'s default, the rules and the
learned model together (``recognizer="combined"``, in ``tests/fixtures/snapshots/combined/``), so
that a change of the rules and a change of the model are each seen.

Usage: python tools/snapshot_annotations.py [--check]   (``--check`` compares and prints a diff)
"""
from __future__ import annotations

import difflib
import json
import lzma
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "tests" / "fixtures" / "snapshots"
JAWHARA = ROOT / "data" / "corpora" / "jawharafm.tar.xz"
JAWHARA_EVERY = 5  # every fifth article by name: 2,027 of 10,137 → the first 2,000 of them
JAWHARA_N = 2000


def seeds() -> Iterator[tuple[str, str]]:
    """The two seed articles, as ``(doc_id, text)``."""
    for p in sorted((ROOT / "data" / "raw").glob("*.txt")):
        yield p.stem, p.read_text(encoding="utf-8")


def passages() -> Iterator[tuple[str, str]]:
    """The unseen and the held-out passages, as ``(doc_id, text)``."""
    for folder in (ROOT / "data" / "annotations" / "unseen", ROOT / "tests" / "fixtures" / "annotating_heldout"):
        for p in sorted(folder.glob("*.txt")):
            yield f"{folder.name}/{p.stem}", p.read_text(encoding="utf-8")


def jawhara(path: Path = JAWHARA) -> Iterator[tuple[str, str]]:
    """2,000 real articles of the Jawhara FM corpus (every fifth by file name), as ``(doc_id, text)``."""
    from helpers.loading import read_archive

    texts = {name: text for name, text in read_archive(path).items() if "/JA-" in name}
    for name in sorted(texts)[::JAWHARA_EVERY][:JAWHARA_N]:
        yield Path(name).stem, texts[name]


def lines(docs: Iterator[tuple[str, str]], recognizer: str = "rules") -> list[str]:
    """One JSON line per span of ``annotate(text, recognizer)``, in document and span order."""
    from helpers import annotate

    out = []
    for doc_id, text in docs:
        for row in annotate(text, recognizer=recognizer).to_dict("records"):
            row = {k: (None if v is None or v != v else v) for k, v in row.items()}  # NaN → null
            out.append(json.dumps({"doc": doc_id, **row}, ensure_ascii=False))
    return out


#: the snapshot sets: name → (file, the documents, the recognizer)
SETS = {
    "seeds": ("seeds.jsonl", seeds, "rules"),
    "passages": ("passages.jsonl", passages, "rules"),
    "jawharafm": ("jawharafm.jsonl.xz", jawhara, "rules"),
    "seeds-combined": ("combined/seeds.jsonl", seeds, "combined"),
    "passages-combined": ("combined/passages.jsonl", passages, "combined"),
    "jawharafm-combined": ("combined/jawharafm.jsonl.xz", jawhara, "combined"),
}


def sets() -> dict[str, tuple[Path, Iterator[tuple[str, str]], str]]:
    """The snapshot files, their documents and the recognizer that annotates them."""
    return {name: (SNAPSHOTS / file, docs(), recognizer) for name, (file, docs, recognizer) in SETS.items()}


def read(path: Path) -> list[str]:
    """The stored lines of one snapshot file (``.xz`` decompressed)."""
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.read().splitlines()


def write(path: Path, new: list[str]) -> None:
    """Write one snapshot file (``.xz`` compressed, reproducibly)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(new) + "\n").encode("utf-8")
    path.write_bytes(lzma.compress(data, preset=9) if path.suffix == ".xz" else data)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    status = 0
    for name, (path, docs, recognizer) in sets().items():
        new = lines(docs, recognizer)
        if check:
            old = read(path) if path.exists() else []
            diff = list(difflib.unified_diff(old, new, str(path), "annotate now", lineterm="", n=0))
            print(f"{name}: {len(new)} spans, {'same' if not diff else f'{len(diff)} diff lines'}")
            print("\n".join(diff[:200]))
            status |= bool(diff)
        else:
            write(path, new)
            print(f"{name}: {len(new)} spans written to {path.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
