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
import os
from collections.abc import Sequence


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
    return ctx


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
