"""Where the project's data lives: absolute paths, anchored on this package.

A notebook run from ``notebooks/``, papermill run from the top of the repository and a script
run from anywhere all find the same folders, because these paths do not depend on the working
directory (``../data/raw`` would: run from the top, it points outside the repository).

>>> RAW_DIR.relative_to(ROOT).as_posix(), PROCESSED_DIR.relative_to(ROOT).as_posix()
('data/raw', 'data/processed')
>>> RAW_DIR.is_absolute(), sorted(p.name for p in RAW_DIR.glob("*.txt"))
(True, ['anadolu_saar_baku.txt', 'saar_astana_baku.txt'])
"""
from __future__ import annotations

from .._shared import ROOT

#: The project's data folder, ``data/`` at the top of the repository.
DATA_DIR = ROOT / "data"
#: The articles as published, never modified: ``data/raw``.
RAW_DIR = DATA_DIR / "raw"
#: Where notebooks and commands save the tables they make: ``data/processed`` (safe to delete).
PROCESSED_DIR = DATA_DIR / "processed"

__all__ = ["DATA_DIR", "PROCESSED_DIR", "RAW_DIR"]
