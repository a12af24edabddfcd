"""Tests of the annotating stage that kill the mutants `make mutation MODULE=annotating` found
alive (issue 19): exact spans, labels, speakers, canonical names, values and units on real text
(the seeds of data/raw and the Jawhara FM articles of data/corpora), one behaviour a test."""
from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pytest

from helpers.annotating import annotate

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpora" / "jawharafm.tar.xz"  # in the repository (data/corpora/README.md)

_SNAP_SPEC = importlib.util.spec_from_file_location("snapshot_annotations", ROOT / "tools" / "snapshot_annotations.py")
snapshots = importlib.util.module_from_spec(_SNAP_SPEC)
_SNAP_SPEC.loader.exec_module(snapshots)


def _spans(text: str, *cols: str) -> list[tuple]:
    return [tuple(r) for r in annotate(text)[["start", "end", "label", "text", *cols]].itertuples(index=False)]


def test_jawhara_snapshot_holds_with_the_corpus_in_the_repository():
    """The 2,000 Jawhara FM articles of the stored snapshot, read from the copy of the corpus in
    data/corpora (byte-identical to ../shared/corpora's): the snapshot test of test_annotating.py
    skips them on a fresh clone and in `make mutation`'s scratch project, where ../shared is not
    beside the project; this one always compares every span of every article exactly."""
    old = snapshots.read(snapshots.SNAPSHOTS / "jawharafm.jsonl.xz")
    new = snapshots.lines(snapshots.jawhara(CORPUS))
    if old != new:
        diff = "\n".join(list(difflib.unified_diff(old, new, "snapshot", "annotate now", lineterm="", n=0))[:60])
        pytest.fail(f"annotate output differs from jawharafm.jsonl.xz (run `make snapshots` if intended):\n{diff}")
