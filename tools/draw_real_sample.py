"""Draw the real articles of ``data/annotations/real`` from the committed Jawhara FM corpus.

A deterministic random sample: the ``JA-*.txt`` members of ``data/corpora/jawharafm.tar.xz``
sorted by name, then ``random.Random(SEED).sample(names, N)`` (Python's Mersenne Twister, the
same draw on every platform and version since 3.2). No stratification: the sections are spread
as the draw gives. Each article's bytes are copied unchanged to
``data/annotations/real/<article id>.txt``.

Usage: python tools/draw_real_sample.py [--write]   (without ``--write``: only print the draw)
"""
from __future__ import annotations

import random
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "data" / "corpora" / "jawharafm.tar.xz"
OUT = ROOT / "data" / "annotations" / "real"
SEED = 20261203
N = 16


def draw(names: list[str], n: int = N, seed: int = SEED) -> list[str]:
    """``n`` of the article ``names`` (``JA-*.txt`` member names), drawn with ``seed``, in name order.

    >>> draw(["JA-a-1.txt", "JA-b-2.txt", "JA-c-3.txt", "LICENSE"], n=2, seed=1)
    ['JA-a-1.txt', 'JA-c-3.txt']
    """
    articles = sorted(name for name in names if Path(name).name.startswith("JA-"))
    return sorted(random.Random(seed).sample(articles, n))


def main(argv: list[str]) -> int:
    """Print the draw; with ``--write`` also copy the drawn articles' bytes to :data:`OUT`."""
    with tarfile.open(ARCHIVE) as tar:
        members = {Path(m.name).name: m for m in tar.getmembers() if m.isfile()}
        chosen = draw(list(members))
        for name in chosen:
            data = tar.extractfile(members[name]).read()  # type: ignore[union-attr]
            print(f"{name}\t{len(data.decode('utf-8'))} characters")
            if "--write" in argv:
                OUT.mkdir(parents=True, exist_ok=True)
                (OUT / name).write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
