"""``python -m helpers COMMAND``: the helpers from a shell.

``python -m helpers process INPUT OUTPUT [--jobs N] [--engine local|dask]
[--scheduler ADDRESS] [--chunk-size N]`` loads, cleans and annotates a corpus of any size
into Parquet tables (see :mod:`helpers.scaling`; ``--help`` for every option).
"""
from __future__ import annotations

import sys

if __name__ == "__main__":  # not when a worker process imports this module as __mp_main__
    import os

    from ._pool import start_early

    for _i, _arg in enumerate(sys.argv):  # --recognizer: named before the fork server starts (workers read it)
        _value = _arg.partition("=")[2] if _arg.startswith("--recognizer=") else \
            sys.argv[_i + 1] if _arg == "--recognizer" and _i + 1 < len(sys.argv) else None
        if _value in ("rules", "model", "combined"):
            os.environ["HELPERS_RECOGNIZER"] = _value  # helpers.annotating.RECOGNIZER_ENV
    start_early(sys.argv[1:])  # the workers' fork server imports the stages while this process does
    from .scaling import main

    sys.exit(main(sys.argv[1:]))
