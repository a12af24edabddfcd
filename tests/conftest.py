"""Shared by the test files: a real Jawhara FM article read from the project's archive; every
matplotlib figure a test made closed after it."""
from __future__ import annotations

import functools
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

JAWHARA = Path(__file__).resolve().parents[1] / "data" / "corpora" / "jawharafm.tar.xz"


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
