"""The demo corpus of the teaching guide's live demo (data/demo/broken_corpus): load_corpus
loads the two made-up articles and reports the broken file by name and reason, as the guide shows."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from helpers import DATA_DIR, CorpusWarning, load_corpus, read_text, UnreadableFile

DEMO = DATA_DIR / "demo" / "broken_corpus"
GUIDE = Path(__file__).resolve().parents[1] / "docs" / "teaching.md"
REASON = "undecodable: no text encoding fits these bytes"


def _load(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = load_corpus(path)
    return df, [str(w.message) for w in caught if issubclass(w.category, CorpusWarning)]


def test_demo_folder_loads_the_good_files_and_reports_the_broken_one():
    df, messages = _load(DEMO)
    assert df.doc_id.tolist() == ["demo_book_fair", "demo_rain"]
    assert df.dateline.tolist() == ["الواحة (DEMO)", "الساحل (DEMO)"]
    assert df.n_words.tolist() == [33, 27]
    assert all(h.endswith("(خبر مختلق للتدريب)") for h in df.headline)
    assert df.attrs["skipped"] == [{"path": str(DEMO / "mixed_encodings.txt"), "reason": REASON}]
    assert messages == [f"skipped {DEMO / 'mixed_encodings.txt'}: {REASON}"]


def test_the_broken_file_is_half_utf8_half_windows_1256():
    data = (DEMO / "mixed_encodings.txt").read_bytes()
    head, _, body = data.partition(b"\n\n")
    assert head.decode("utf-8").endswith("(خبر مختلق للتدريب)")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert body.decode("cp1256").startswith("الواحة (DEMO)\n")
    with pytest.raises(UnreadableFile, match=REASON):
        read_text(DEMO / "mixed_encodings.txt")


def test_the_guide_shows_the_message_the_demo_gives():
    guide = GUIDE.read_text(encoding="utf-8")
    assert "data/demo/broken_corpus" in guide
    assert f"broken_corpus/mixed_encodings.txt: {REASON}" in guide
