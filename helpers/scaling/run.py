"""Scaling, the whole corpus: :func:`process_corpus` runs every chunk on local worker processes
or a Dask cluster, resumes after an interruption and sums up what it did.

>>> s = process_corpus("data/raw", "/tmp/out", jobs=1)               # doctest: +SKIP
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import operator
import os
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Sequence

from .._pool import cores, local_pool, run_tasks
from ..loading import UnreadableFile, find_metadata, iter_inputs, read_metadata
from .archive import archive_text_bytes, is_archive
from .chunks import DEFAULT_CHUNK_SIZE, Chunk, code_version, iter_chunks
from .tables import _PART, TABLES
from .worker import _write_json, process_chunk


@dataclass
class RunSummary:
    """What :func:`process_corpus` did: counts, skipped files and why, time per stage."""

    output: str
    n_chunks: int = 0
    n_resumed: int = 0
    n_failed: int = 0
    n_articles: int = 0
    n_sentences: int = 0
    n_annotations: int = 0
    n_bytes: int = 0
    skipped: list[dict] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        """True when at least one article was processed (now or in a resumed run)."""
        return self.n_articles > 0


def _finished(chunk: Chunk, out: Path) -> dict | None:
    """The statistics of a chunk already done with the same inputs and code, else None."""
    marker = out / "_chunks" / f"{chunk.name}.json"
    try:
        stats = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stats.get("signature") != chunk.signature:
        return None
    if not all((out / t / f"{chunk.name}.parquet").is_file() for t in TABLES):
        return None
    return stats


def _tidy(out: Path, n_chunks: int | None) -> None:
    """Remove temporary files left by an interruption and, after a run, parts past its end."""
    for folder in [out / t for t in TABLES] + [out / "_chunks"]:
        if not folder.is_dir():
            continue
        for p in folder.iterdir():
            if p.name.startswith(".part-") and p.name.endswith(".tmp"):
                p.unlink(missing_ok=True)
            elif n_chunks is not None and (m := _PART.match(p.name)) and int(m.group(1)) >= n_chunks:
                p.unlink(missing_ok=True)


def _forget(chunk: Chunk, out: Path) -> None:
    """Remove a chunk's marker, then its parts (left by an earlier run or a failure)."""
    for path in [out / "_chunks" / f"{chunk.name}.json"] + [out / t / f"{chunk.name}.parquet" for t in TABLES]:
        path.unlink(missing_ok=True)


def default_jobs() -> int:
    """The number of cores this process may use (the default of ``jobs``).

    >>> default_jobs() >= 1
    True
    """
    return cores()


def process_corpus(input: str | os.PathLike | Sequence[str | os.PathLike],
                   output: str | os.PathLike,
                   *, jobs: int | None = None,
                   engine: str = "local",
                   scheduler: str | None = None,
                   client: Any = None,
                   chunk_size: int = DEFAULT_CHUNK_SIZE,
                   metadata: str | os.PathLike | None | bool = True,
                   progress: bool | None = None) -> RunSummary:
    """Load, clean and annotate every article under ``input``; write Parquet under ``output``.

    ``jobs`` worker processes (default: all cores; ``jobs=1`` runs in this process), or a
    Dask cluster with ``engine="dask"``: ``client`` (a ``distributed.Client``) if given, else
    ``scheduler`` (an address such as ``tcp://10.0.0.5:8786``), else a ``LocalCluster`` of
    ``jobs`` workers started and stopped here. Dask workers must see ``output`` (and the
    input files) at the same path, e.g. on a shared file system, and have ``helpers``
    installed. Finished chunks of an earlier run with the same inputs are reused. A tqdm
    progress bar (input bytes) shows when ``progress`` is true (default: stderr is a
    terminal). ``metadata``: ``True`` joins the ``metadata.csv`` found beside or above the
    input folder (as :func:`helpers.load_corpus` does), a path joins that file, ``False``
    none. ``input`` may also be a tar archive (``.tar``, ``.tar.gz``, ``.tar.xz`` …), read
    without unpacking (:mod:`helpers.scaling.archive`): its ``.txt`` members are the articles,
    and its own ``metadata.csv`` is joined unless ``metadata`` is ``False`` (``True`` then
    looks for no other; a path joins that file as well).

    >>> s = process_corpus("data/raw", "/tmp/out", jobs=1)               # doctest: +SKIP
    >>> s.n_articles, sorted(os.listdir("/tmp/out"))                     # doctest: +SKIP
    (2, ['_chunks', 'annotations', 'articles', 'manifest.json', 'sentences'])
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    if scheduler or client is not None:
        engine = "dask"
    chunk_size = operator.index(chunk_size)  # a NumPy integer as the int it is (the manifest stores it)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if progress is None:
        progress = sys.stderr.isatty()
    out = _output_folder(input, output)
    if metadata is True:  # an archive carries its own metadata.csv (iter_chunks joins it)
        meta = None if is_archive(input) else find_metadata(input)
    else:
        meta = Path(metadata) if metadata else None
    out.mkdir(parents=True, exist_ok=True)
    _tidy(out, None)

    t_start = time.perf_counter()
    tally = _Tally(RunSummary(output=str(output)), out, _progress_bar(input, out, progress))
    meta = _readable_metadata(meta, tally.found_skipped)
    chunks = iter_chunks(input, chunk_size, tally.found_skipped, exclude=[out], metadata=meta,
                         archive_metadata=metadata is not False)
    with contextlib.ExitStack() as stack:
        _run_chunks(chunks, out, _pool(stack, engine, client, scheduler, jobs, out), tally)
    summary = tally.close()
    _tidy(out, summary.n_chunks)
    summary.elapsed = time.perf_counter() - t_start
    _write_json({**asdict(summary), "input": str(input) if isinstance(input, (str, os.PathLike))
                 else [str(p) for p in input], "chunk_size": chunk_size, "engine": engine,
                 "code_version": code_version()}, out / "manifest.json")
    return summary


def _output_folder(input: str | os.PathLike | Sequence[str | os.PathLike], output: str | os.PathLike) -> Path:
    """``output`` as a path, after checking that it can be written to and ``input`` read."""
    out = Path(output)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"output {out} is a file, not a folder")
    if isinstance(input, (str, os.PathLike)) and not Path(input).exists():
        raise FileNotFoundError(f"no such file or folder: {input}")
    if isinstance(input, (str, os.PathLike)) and Path(input).is_dir() and out.exists() \
            and out.resolve() == Path(input).resolve():
        raise ValueError(f"output {out} is the input folder: choose another folder (inside it is fine)")
    return out


def _readable_metadata(path: Path | None, skipped: list[dict]) -> Path | None:
    """``path`` if :func:`helpers.loading.read_metadata` reads it; else ``None``, the reason added to
    ``skipped`` as :func:`helpers.load_corpus` gives it (the articles are processed without it)."""
    if path is not None:
        try:
            read_metadata(path)
        except UnreadableFile as err:
            skipped.append({"path": str(path), "reason": f"metadata not joined: {err}"})
            return None
    return path


class _Tally:
    """What :func:`process_corpus` adds up as chunks finish: the summary, the files skipped while
    the chunks are cut, the worker seconds per stage, and the progress bar (or ``None``)."""

    def __init__(self, summary: RunSummary, out: Path, bar: Any) -> None:
        self.summary, self.out, self.bar = summary, out, bar
        self.found_skipped: list[dict] = []
        self.seconds: Counter = Counter()

    def record(self, chunk: Chunk, stats: dict | None, err: BaseException | None) -> None:
        """Count a finished chunk: its statistics, or (``stats`` None) its failure ``err``."""
        summary = self.summary
        if stats is None:
            _forget(chunk, self.out)  # in case process_chunk failed after writing some of its parts
            summary.n_failed += 1
            self.found_skipped.append({"path": f"chunk {chunk.name} ({len(chunk.files) + len(chunk.rows)} articles)",
                                       "reason": f"chunk failed: {type(err).__name__}: {err}"})
        else:
            summary.n_articles += stats["n_articles"]
            summary.n_sentences += stats["n_sentences"]
            summary.n_annotations += stats["n_annotations"]
            summary.skipped += stats["skipped"]
            self.seconds.update(stats.get("seconds", {}))
        summary.n_bytes += chunk.n_bytes
        if self.bar is not None:
            self.bar.update(chunk.n_bytes)

    def close(self) -> RunSummary:
        """The summary of the run, the progress bar closed."""
        if self.bar is not None:
            self.bar.close()
        summary = self.summary
        summary.skipped = self.found_skipped + summary.skipped
        summary.seconds = {k: round(v, 3) for k, v in sorted(self.seconds.items())}
        return summary


def _run_chunks(chunks: Iterable[Chunk], out: Path, pool: _Pool, tally: _Tally) -> None:
    """Run every chunk not finished already on ``pool`` (:func:`helpers._pool.run_tasks`)."""
    run_here = None if pool.submit else (lambda chunk: process_chunk(chunk, out))
    run_tasks(_to_do(chunks, out, tally), pool.submit, tally.record, limit=pool.limit, run_here=run_here,
              wait_any=pool.wait_any)


def _to_do(chunks: Iterable[Chunk], out: Path, tally: _Tally) -> Iterator[Chunk]:
    """The chunks to run, lazily: those finished by an earlier run with the same inputs and code
    are counted as reused instead; the parts of the others are removed first."""
    summary = tally.summary
    for chunk in chunks:
        summary.n_chunks += 1
        stats = _finished(chunk, out)
        if stats is not None:
            summary.n_resumed += 1
            tally.record(chunk, stats, None)
            continue
        _forget(chunk, out)  # parts of an earlier run with other inputs: stale, never read back
        yield chunk


class _Pool(NamedTuple):
    """Where the chunks run: ``submit(chunk)`` starts one and returns its future, at most
    ``limit`` at a time; ``submit=None``: in this process, one after another."""

    submit: Callable[[Chunk], Any] | None
    limit: int = 0
    wait_any: Callable[[list], Any] | None = None  # None: concurrent.futures.wait


def _pool(stack: contextlib.ExitStack, engine: str, client: Any, scheduler: str | None, jobs: int,
          out: Path) -> _Pool:
    """A Dask cluster, a pool of ``jobs`` local processes, or this process (``jobs=1``); the pool
    or cluster closes with ``stack``."""
    if engine == "dask":
        return _dask_pool(stack, client, scheduler, jobs, out)
    if jobs <= 1:
        return _Pool(None)
    pool = stack.enter_context(local_pool(jobs))
    return _Pool(lambda chunk: pool.submit(process_chunk, chunk, out), 2 * jobs)


def _dask_pool(stack: contextlib.ExitStack, client: Any, scheduler: str | None, jobs: int, out: Path) -> _Pool:
    """The Dask cluster at ``scheduler``, the ``client``'s, or a local one of ``jobs`` processes."""
    from distributed import Client, LocalCluster, as_completed

    if client is None:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
        else:
            cluster = stack.enter_context(LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True,
                dashboard_address=":0", silence_logs=logging.ERROR))  # any free port: 8787 may be taken
            client = stack.enter_context(Client(cluster))

    def submit(chunk: Chunk) -> Any:
        key = hashlib.sha1(f"{chunk.signature}|{out.absolute()}".encode()).hexdigest()[:16]
        return client.submit(process_chunk, chunk, str(out), key=f"process_chunk-{chunk.index:05d}-{key}", pure=False)

    def wait_any(futures: list) -> None:
        next(as_completed(futures))

    return _Pool(submit, 2 * max(1, sum(client.nthreads().values()) or jobs), wait_any)


def _progress_bar(input, out: Path, enabled: bool):
    """A tqdm bar over the input bytes (their total from a quick walk), or None."""
    if not enabled:
        return None
    from tqdm.auto import tqdm

    total = 0
    if is_archive(input):  # the bytes of its articles (one more pass over the archive)
        total = archive_text_bytes(input)
    for p, _ in ([] if is_archive(input) else iter_inputs(input, [], exclude=[out])):
        with contextlib.suppress(OSError):
            total += p.stat().st_size
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
        width, height = size.columns or 80, size.lines or 24  # 0 × 0 on a terminal of unknown size
    except (OSError, ValueError):
        width, height = 80, 24
    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1000, desc="processing",
                ncols=min(width, 100), nrows=height, file=sys.stderr)
