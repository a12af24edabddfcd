"""Shared by the test files: a real Jawhara FM article read from the project's archive."""
from __future__ import annotations

import functools
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
