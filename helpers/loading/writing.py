"""Loading, writing: tables saved atomically (readers never see a half-written file).

>>> with atomic_path("out.csv") as tmp:                      # doctest: +SKIP
...     df.to_csv(tmp)
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

import pandas as pd

def _new_file_mode() -> int:
    """0666 minus the process umask: the mode ``open()`` would give a new file."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only on success.

    Readers never see a half-written file, and a failure leaves the old file intact.

    >>> with atomic_path("out.csv") as tmp:                      # doctest: +SKIP
    ...     df.to_csv(tmp)
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _new_file_mode())  # mkstemp makes 0600; outputs are for sharing
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def save_table(df: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a frame atomically: ``.parquet`` for programs, ``.csv`` with a UTF-8 BOM.

    The BOM makes spreadsheet programs (Excel) read the CSV as UTF-8 and show Arabic.

    >>> save_table(df, "data/processed/articles.csv")            # doctest: +SKIP
    """
    target = Path(path)
    with atomic_path(target) as tmp:
        if target.suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        elif target.suffix == ".csv":
            df.to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            raise ValueError(f"unsupported table format: {target.suffix} (use .parquet or .csv)")
    return target

