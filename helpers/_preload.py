"""Imported by the fork server of ``python -m helpers process`` before it forks the worker
processes: they start with the pipeline's modules imported and the default annotator built,
instead of each building its own, and share its automaton's memory."""
import gc

from . import scaling  # noqa: F401  (the modules every worker runs)
from .annotating import default_annotator

default_annotator()
gc.freeze()  # what exists now is never collected: the workers' GC does not touch (and copy) it
