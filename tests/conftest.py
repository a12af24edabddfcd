"""Shared by the test files: a real Jawhara FM article read from the project's archive; every
matplotlib figure a test made closed after it; for the scaling tests, a folder of three articles and
an annotator that fails on one of them."""
from __future__ import annotations

import functools
import shutil
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

JAWHARA = Path(__file__).resolve().parents[1] / "data" / "corpora" / "jawharafm.tar.xz"
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@functools.lru_cache(maxsize=32)
def _article(name: str) -> str:
    with tarfile.open(JAWHARA) as tar:
        return tar.extractfile(f"jawharafm/{name}.txt").read().decode("utf-8")


@pytest.fixture(scope="session")
def jawhara() -> Callable[[str], str]:
    """``jawhara("JA-politic-38-20170126")``: that article's text, from data/corpora/jawharafm.tar.xz."""
    return _article


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the matplotlib figures a test made, so that none leaks into the next test."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture
def three_articles(tmp_path) -> Path:
    """A folder ``in`` of three articles: a1 and a2 (the Anadolu seed) and b (the Astana seed)."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name, src in [("a1", "anadolu_saar_baku"), ("a2", "anadolu_saar_baku"), ("b", "saar_astana_baku")]:
        shutil.copy(RAW / f"{src}.txt", corpus / f"{name}.txt")
    return corpus


@pytest.fixture
def break_annotator_on_b(monkeypatch) -> Callable[[], None]:
    """``break_annotator_on_b()``: from then on the annotator raises on the Astana seed only (it
    alone holds «الاحتلال», the occupation)."""
    from helpers.annotating import Annotator

    real = Annotator.columns

    def fragile(self, text, recognizer=None):
        if "الاحتلال" in text:
            raise RuntimeError("annotator crashed")
        return real(self, text, recognizer)

    return lambda: monkeypatch.setattr(Annotator, "columns", fragile)
