"""Worker processes: how many cores this process may use, how the workers of
``python -m helpers process`` start, and the one parallel runner (:func:`run_tasks`, with
:func:`local_pool` and :class:`ResultFiles`) that runs work on them.

They are forked from a fork server that has imported the stages and built the default
annotator once (:mod:`helpers._preload`), so they share its memory and start at once. This
module imports nothing heavy, so that ``python -m helpers process`` can start that server
before importing the stages itself: the two imports then run side by side on two cores.
"""
from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import multiprocessing.forkserver
import multiprocessing.util
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

#: the most bytes a socket's path may have (``sun_path``, its closing NUL included)
_SUN_PATH_MAX = 104 if sys.platform == "darwin" else 108
#: what multiprocessing adds to its temporary folder for the fork server's socket
_SOCKET_TAIL = "/pymp-XXXXXXXX/listener-XXXXXXXX"


def cores() -> int:
    """The number of cores this process may use.

    >>> cores() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pipeline_context() -> multiprocessing.context.BaseContext:
    """The start method of the pipeline's workers: a fork server preloaded with the stages (where
    the platform has one), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["helpers._preload"])
        _short_socket_folder()
    return ctx


def _short_socket_folder(base: str | None = None) -> str | None:
    """Make sure the fork server's socket path fits in a socket address.

    multiprocessing puts the socket in a folder of its own under ``TMPDIR``
    (``$TMPDIR/pymp-XXXXXXXX/listener-XXXXXXXX``); with a long ``TMPDIR`` (a cluster job's scratch
    folder, nested test folders) that path is too long and starting the workers fails with
    "AF_UNIX path too long". Then the folder is made under ``/tmp`` instead (what newer Pythons do
    themselves, CPython issue 132124): multiprocessing makes it (``multiprocessing.util.get_temp_dir``,
    which also removes it at exit) while ``tempfile.tempdir``, the documented default folder of
    ``tempfile``, says ``/tmp``; nothing else of this process sees the change. Returns the folder
    multiprocessing uses from then on (one chosen earlier stays); ``None`` when the default fits or
    ``/tmp`` cannot be written (then starting the workers reports the error). ``base``: the
    temporary folder to check (default ``tempfile.gettempdir()``).

    Example:
        >>> _short_socket_folder("/tmp") is None  # a short TMPDIR: nothing to do
        True
    """
    base = tempfile.gettempdir() if base is None else base
    if len(os.fsencode(base)) + len(_SOCKET_TAIL) < _SUN_PATH_MAX:
        return None
    default, tempfile.tempdir = tempfile.tempdir, "/tmp"  # (called once, before any worker or thread starts)
    try:
        return multiprocessing.util.get_temp_dir()
    except OSError:
        return None
    finally:
        tempfile.tempdir = default


def start_early(argv: Sequence[str]) -> bool:
    """Start the fork server now if the command line ``argv`` (``process INPUT OUTPUT …``) will run
    local worker processes; returns whether it did. Anything it cannot read is left to the
    command's own parser."""
    if list(argv[:1]) != ["process"]:
        return False
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    parser.add_argument("--jobs", "-j", type=int)
    parser.add_argument("--engine")
    parser.add_argument("--scheduler")
    try:
        args, _ = parser.parse_known_args(list(argv[1:]))
    except (argparse.ArgumentError, SystemExit):
        return False
    jobs = cores() if args.jobs is None else args.jobs
    if args.engine not in (None, "local") or args.scheduler or jobs < 2:
        return False
    if pipeline_context().get_start_method() != "forkserver":
        return False
    multiprocessing.forkserver.ensure_running()
    return True


# --------------------------------------------------------------------------- the one parallel runner

def run_tasks(items: Iterable[T], submit: Callable[[T], Any] | None,
              on_done: Callable[[T, Any, BaseException | None], None], *, limit: int = 0,
              run_here: Callable[[T], Any] | None = None,
              wait_any: Callable[[list], Any] | None = None,
              result: Callable[[Any], Any] | None = None) -> None:
    """Run a task for every item of ``items`` (taken lazily, in order) on a pool of workers, at most
    ``limit`` at a time, and hand each outcome to ``on_done(item, value, error)`` as it comes in.

    The one parallel runner of the pipeline: ``python -m helpers process`` runs its chunks with it
    (local worker processes, a Dask cluster, or this process alone), and :func:`annotate_corpus`
    can share its batches with it.

    * ``submit(item)`` starts the item's task and returns its future (anything with ``done()``
      and ``result()``: :mod:`concurrent.futures`, Dask); an exception it raises goes to
      ``on_done`` as the item's error. ``None``: there is no pool, every item runs here.
    * ``run_here(item)``: also work in this process: an item that finds ``limit`` tasks in
      flight runs here (its value or ``Exception`` straight to ``on_done``) instead of waiting,
      while the workers work.
    * ``wait_any(futures)`` blocks until one of them is done (default: :func:`concurrent.futures.wait`
      for the first); ``result(future)`` gives a finished task's value (default ``future.result()``;
      :meth:`ResultFiles.load` for results handed over in files).

    ``on_done`` gets ``error=None`` and the value, or ``value=None`` and the ``Exception`` (not a
    ``KeyboardInterrupt``, which stops the run); what it raises stops the run too, so it decides
    whether one failure is fatal. Finished tasks are handed over in the order they were started.
    The pool belongs to the caller (:func:`local_pool`): leaving it cancels what is left.

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> done = []
    >>> with ThreadPoolExecutor(2) as pool:
    ...     run_tasks(range(5), lambda n: pool.submit(pow, n, 2), lambda n, v, e: done.append((n, v)), limit=2)
    >>> sorted(done)
    [(0, 0), (1, 1), (2, 4), (3, 9), (4, 16)]
    >>> run_tasks(["7", "x"], None, lambda s, v, e: print(s, v, type(e).__name__), run_here=int)
    7 7 NoneType
    x None ValueError
    """
    if submit is None and run_here is None:
        raise ValueError("run_tasks needs submit or run_here")
    wait_any = wait_any or _wait_first
    result = result or _future_result
    pending: dict[Any, T] = {}  # future → item, in the order started
    for item in items:
        if run_here is not None and (submit is None or len(pending) >= limit):
            _run_here(item, run_here, on_done)
            _collect(pending, on_done, result)  # those done meanwhile, without waiting
            continue
        while len(pending) >= max(limit, 1):
            wait_any(list(pending))
            _collect(pending, on_done, result)
        try:
            future = submit(item)
        except Exception as exc:  # noqa: BLE001 - e.g. a pool broken by a killed worker
            on_done(item, None, exc)
            continue
        pending[future] = item
    while pending:
        wait_any(list(pending))
        _collect(pending, on_done, result)


def _run_here(item: T, run: Callable[[T], Any], on_done: Callable[[T, Any, BaseException | None], None]) -> None:
    """Run ``item``'s task in this process and hand over its outcome."""
    try:
        value = run(item)
    except Exception as exc:  # noqa: BLE001 - on_done decides
        on_done(item, None, exc)
        return
    on_done(item, value, None)


def _collect(pending: dict, on_done: Callable, result: Callable[[Any], Any]) -> None:
    """Hand over the outcome of every finished task of ``pending`` (removed from it), in order."""
    for future in [f for f in pending if f.done()]:
        item = pending.pop(future)
        try:
            value, err = result(future), None
        except Exception as exc:  # noqa: BLE001 - on_done decides
            value, err = None, exc
        on_done(item, value, err)


def _wait_first(futures: list) -> None:
    """Block until one of ``futures`` (of :mod:`concurrent.futures`) is done."""
    import concurrent.futures as cf

    cf.wait(futures, return_when=cf.FIRST_COMPLETED)


def _future_result(future: Any) -> Any:
    return future.result()


@contextlib.contextmanager
def local_pool(jobs: int, *, context: multiprocessing.context.BaseContext | None = None,
               initializer: Callable[..., None] | None = None, initargs: tuple = (),
               wait_at_exit: bool = True) -> Iterator[Any]:
    """A pool of ``jobs`` worker processes (:class:`concurrent.futures.ProcessPoolExecutor`) started
    with ``context`` (default :func:`pipeline_context`), each running ``initializer(*initargs)`` first.

    Leaving the block shuts the pool down, waiting for the workers to exit when ``wait_at_exit``;
    leaving it with an exception cancels the tasks not started and waits for the others, so that
    nothing the workers use (a temporary folder of :class:`ResultFiles`) goes before they stop.

    >>> with local_pool(1) as pool:                                   # doctest: +SKIP
    ...     pool.submit(abs, -2).result()
    2
    """
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(jobs, mp_context=context or pipeline_context(), initializer=initializer,
                               initargs=initargs)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=wait_at_exit)


class ResultFiles:
    """A temporary folder through which worker processes hand their results back as files.

    Through the executor's pipe, a big result (a megabyte of arrays) moves only as fast as this
    process, if busy (``run_here``), lets the thread that reads the pipe run; a file does not
    wait. :meth:`submit` runs ``fn(*args)`` on a pool and saves its value to a file of the
    folder; :meth:`load` (the ``result`` of :func:`run_tasks`) reads it back and removes the file.
    The folder goes at the end of the block: leave the pool's block first.

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ResultFiles() as files, ThreadPoolExecutor(1) as pool:
    ...     files.load(files.submit(pool, sorted, [3, 1, 2]))
    [1, 2, 3]
    """

    def __init__(self, prefix: str = "helpers_results_") -> None:
        self.prefix = prefix
        self._folder: tempfile.TemporaryDirectory | None = None
        self._count = 0

    def __enter__(self) -> ResultFiles:
        self._folder = tempfile.TemporaryDirectory(prefix=self.prefix)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def submit(self, pool: Any, fn: Callable[..., Any], *args: Any) -> Any:
        """``pool.submit`` of ``fn(*args)``, its value saved to a new file of the folder."""
        if self._folder is None:
            raise RuntimeError("ResultFiles.submit outside its with block")
        path = os.path.join(self._folder.name, f"{self._count}.pickle")
        self._count += 1
        return pool.submit(_call_to_file, fn, path, *args)

    @staticmethod
    def load(future: Any) -> Any:
        """The value a task of :meth:`submit` saved (its file removed)."""
        path = future.result()
        with open(path, "rb") as f:
            value = pickle.load(f)
        os.unlink(path)
        return value


def _call_to_file(fn: Callable[..., Any], path: str, *args: Any) -> str:
    """``fn(*args)`` (in a worker) saved to ``path``; returns ``path``."""
    value = fn(*args)
    with open(path, "wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    return path
