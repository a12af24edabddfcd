"""Helpers for the Arabic News Notebooks: one module per stage.

Data flows one way: loading → cleaning → annotating → plotting → comparing → scaling.
Every public name is re-exported here and stays stable (issues and notebooks name them).
"""
from __future__ import annotations

__all__: list[str] = []

# --- loading -----------------------------------------------------------------

# --- cleaning ----------------------------------------------------------------

# --- annotating --------------------------------------------------------------

# --- plotting ----------------------------------------------------------------

# --- comparing ---------------------------------------------------------------

# --- scaling -----------------------------------------------------------------
