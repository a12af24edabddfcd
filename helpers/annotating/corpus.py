"""Corpus-level runs: :func:`annotate_corpus` and its worker processes, :func:`annotate_batch`."""
from __future__ import annotations

import multiprocessing
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._pool import ResultFiles, cores, local_pool, run_tasks
# The one module of this package that imports other stages' private names (they are to move to
# helpers._shared): the annotator imports ``gc_paused`` from here.
from .._shared import gc_paused, text_batches
from .columns import SPAN_COLUMNS, column_arrays, frame, object_array
from .learned.combine import check_recognizer

if TYPE_CHECKING:
    from .annotator import Annotator


def _default_annotator() -> Annotator:
    """:func:`default_annotator` (imported when called: the annotator module imports this one)."""
    from .annotator import default_annotator

    return default_annotator()


def annotate_corpus(df: pd.DataFrame, *, annotator: Annotator | None = None, jobs: int | None = 1,
                    recognizer: str | None = None) -> pd.DataFrame:
    """Annotate every article of a :func:`helpers.loading.load_corpus` frame.

    Returns one frame: ``doc_id`` first, then the columns of :func:`annotate`; offsets point into
    each article's ``text``. ``jobs`` processes share the articles, this one and ``jobs - 1``
    workers (``None``: one per core); the default, 1, annotates in this process only. More
    processes pay off from a few megabytes of text on (a worker has to start, and with some
    start methods build its annotator); the result is the same. ``recognizer``: who finds people,
    places and organisations, ``"rules"``, ``"model"`` or ``"combined"`` (see :func:`annotate`;
    ``None``: the annotator's own).

    Example:
        >>> corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": ["زار ساعر باكو", "في غزة"]})
        >>> annotate_corpus(corpus)[["doc_id", "text", "label"]].values.tolist()
        [['a', 'ساعر', 'PER'], ['a', 'باكو', 'LOC'], ['b', 'غزة', 'LOC']]
    """
    missing = {"doc_id", "text"} - set(df.columns)
    if missing:
        raise ValueError(f"annotate_corpus needs the columns doc_id and text (missing: {sorted(missing)})")
    doc_ids, texts = df["doc_id"].tolist(), df["text"].tolist()
    for doc_id, text in zip(doc_ids, texts):
        if not isinstance(text, str):
            raise TypeError(f"document {doc_id!r}: text is {type(text).__name__}, not str")
    jobs = cores() if jobs is None else int(jobs)
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    ann = annotator or _default_annotator()  # built here, so forked workers inherit it
    if recognizer is not None:
        check_recognizer(recognizer)
    batches = _batches(texts, jobs) if jobs > 1 else [texts]
    parts = _share_batches(batches, jobs, ann, annotator, recognizer) if len(batches) > 1 else \
        [_annotate_arrays(texts, ann, *((recognizer,) if recognizer is not None else ()))]
    counts = np.concatenate([part_counts for part_counts, _ in parts])
    arrays = [np.concatenate(column) for column in zip(*(part for _, part in parts))]
    return frame(arrays, doc_ids=np.repeat(object_array(doc_ids), counts))


#: at most this many characters of text per batch sent to a worker process
_BATCH_CHARS = 500_000
#: the last batches shrink down to this many characters
_MIN_BATCH_CHARS = 20_000


def _batches(texts: list[str], jobs: int) -> list[list[str]]:
    """Consecutive runs of ``texts`` for ``jobs`` processes, shrinking as the texts run out
    ("guided" scheduling): each run holds about a ``3 * jobs``-th of the characters still to
    come, at most :data:`_BATCH_CHARS`, at least :data:`_MIN_BATCH_CHARS`. The big runs first
    keep the processes busy at a small cost per run; the small runs last keep the processes from
    waiting for one another at the end.

    >>> [len(b) for b in _batches(["x" * 100_000] * 30, 2)]
    [5, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    """
    if sum(map(len, texts)) < _BATCH_CHARS:
        return [texts]
    return [texts[a:b] for a, b in
            text_batches(texts, _BATCH_CHARS, shrink=3 * jobs, min_size=_MIN_BATCH_CHARS)]


def _share_batches(batches: list[list[str]], jobs: int, ann: Annotator, annotator: Annotator | None,
                   recognizer: str | None = None) -> list[tuple[np.ndarray, list[np.ndarray]]]:
    """Annotate ``batches`` (:func:`_annotate_arrays`) in this process and ``jobs - 1`` worker
    processes, taking them in order: each worker has one batch at work and one waiting, this
    process takes the next one itself (it has no results to wait for or unpickle for its own
    batches). Returns the results in the order of ``batches``.

    The batches run on the project's one parallel runner (:func:`helpers._pool.run_tasks`, as
    ``python -m helpers process`` runs its chunks); a worker hands each result back in a file
    (:class:`helpers._pool.ResultFiles`): through the executor's pipe, a result (about a megabyte
    for half a million characters) would move only as fast as this process, busy annotating, lets
    the thread that reads the pipe run.
    """
    results: list[Any] = [None] * len(batches)

    def keep(k: int, value: Any, err: BaseException | None) -> None:
        if err is not None:
            raise err
        results[k] = value

    with ResultFiles("annotate_corpus_") as files, \
            local_pool(jobs - 1, context=multiprocessing.get_context(), initializer=_start_worker,
                       initargs=(annotator,), wait_at_exit=False) as pool:
        # a worker's annotator is its own (None); the recognizer goes along only when one is named
        sent, here = ((None, recognizer), (recognizer,)) if recognizer is not None else ((), ())
        run_tasks(range(len(batches)), lambda k: files.submit(pool, _annotate_arrays, batches[k], *sent),
                  keep, limit=2 * (jobs - 1), run_here=lambda k: _annotate_arrays(batches[k], ann, *here),
                  result=files.load)
    return results


_worker_annotator: Annotator | None = None


def _start_worker(annotator: Annotator | None) -> None:
    global _worker_annotator
    _worker_annotator = annotator or _default_annotator()


def annotate_batch(texts: list[str], annotator: Annotator | None = None,
                   recognizer: str | None = None) -> tuple[list[int], dict[str, list]]:
    """Annotate ``texts`` with ``annotator`` (in a worker: the one it started with; else the
    default one): the number of spans of each text and the span columns of them all, the columns
    of :data:`SPAN_COLUMNS` with offsets into each text (what a caller that streams a corpus needs);
    ``recognizer`` as in :func:`annotate_corpus`.

    >>> annotate_batch(["زار ساعر باكو", "في غزة"])[0]
    [2, 1]
    """
    ann = annotator or _worker_annotator or _default_annotator()
    counts: list[int] = []
    columns: dict[str, list] = {c: [] for c in SPAN_COLUMNS}
    for text in texts:
        mine = ann.columns(text, recognizer)
        counts.append(len(mine["start"]))
        for c, values in mine.items():
            columns[c].extend(values)
    return counts, columns


def _annotate_arrays(texts: list[str], annotator: Annotator | None = None,
                     recognizer: str | None = None) -> tuple[np.ndarray, list[np.ndarray]]:
    """:func:`annotate_batch` with its counts and columns as arrays (:func:`column_arrays`):
    made where the batch was annotated, so that the workers share that work too."""
    counts, columns = annotate_batch(texts, annotator, recognizer)
    return np.array(counts, dtype=np.int64), column_arrays(columns)
