"""``python -m helpers COMMAND``: the helpers from a shell.

``python -m helpers process INPUT OUTPUT [--jobs N] [--engine local|dask]
[--scheduler ADDRESS] [--chunk-size N]`` loads, cleans and annotates a corpus of any size
into Parquet tables (see :mod:`helpers.scaling`; ``--help`` for every option).
"""
from __future__ import annotations

import sys

if __name__ == "__main__":  # not when a worker process imports this module as __mp_main__
    from ._pool import start_early

    start_early(sys.argv[1:])  # the workers' fork server imports the stages while this process does
    from .scaling import main

    sys.exit(main(sys.argv[1:]))
