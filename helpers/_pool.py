"""Worker processes: how many cores this process may use, and how the workers of
``python -m helpers process`` start.

They are forked from a fork server that has imported the stages and built the default
annotator once (:mod:`helpers._preload`), so they share its memory and start at once. This
module imports nothing heavy, so that ``python -m helpers process`` can start that server
before importing the stages itself: the two imports then run side by side on two cores.
"""
from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.forkserver
import multiprocessing.util
import os
import sys
import tempfile
from collections.abc import Sequence

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
