"""Scaling, test corpora: :func:`synthetic_corpus`, made-up articles recombined from real ones.

>>> synthetic_corpus("data/raw", "/tmp/corpus", 100_000)           # doctest: +SKIP
PosixPath('/tmp/corpus')
"""
from __future__ import annotations

import os
import warnings
from pathlib import Path

from ..loading import CorpusWarning, load_corpus, sentences_frame


def synthetic_corpus(source: str | os.PathLike, dest: str | os.PathLike, size: int,
                     *, seed: int = 0, per_folder: int = 1000) -> Path:
    """Write about ``size`` bytes of made-up articles, recombined from the real ones in ``source``.

    For trying the pipeline at scale (benchmarks, notebook 06), not for research: each
    article takes a headline and dateline from a source article and 4–12 paragraphs of 1–3
    sentences drawn at random from all source sentences, so texts are realistic in length,
    script and punctuation but say nothing true. Files go to
    ``dest/0000/article_0000000.txt`` …, ``per_folder`` to a folder. The same ``seed``
    gives the same corpus. Returns ``dest``.

    >>> synthetic_corpus("data/raw", "/tmp/corpus", 100_000)           # doctest: +SKIP
    PosixPath('/tmp/corpus')
    """
    import random

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CorpusWarning)
        df = load_corpus(source, metadata=False)
    if df.empty:
        raise ValueError(f"no article to recombine under {source}")
    sentences = sentences_frame(df)["text"].tolist()
    heads = [(h, d) for h, d in zip(df["headline"], df["dateline"])]
    rng = random.Random(seed)
    dest = Path(dest)
    written, i = 0, 0
    while written < size:
        head, dateline = rng.choice(heads)
        head = head or rng.choice(sentences)[:80].rstrip(" ،.")
        parts = [head, ""] + ([dateline, ""] if dateline else [])
        for _ in range(rng.randint(4, 12)):
            parts += [" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3))), ""]
        data = "\n".join(parts).encode("utf-8")
        path = dest / f"{i // per_folder:04d}" / f"article_{i:07d}.txt"
        if i % per_folder == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += len(data)
        i += 1
    return dest
