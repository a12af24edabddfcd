"""Helpers for the Arabic News Notebooks: one module per stage.

Data flows one way: loading → cleaning → annotating → plotting → comparing → scaling.
Every public name is re-exported here and stays stable (issues and notebooks name them).
"""
from __future__ import annotations

__all__: list[str] = []

# --- loading -----------------------------------------------------------------
from .loading import (  # noqa: E402
    CorpusWarning, UnreadableFile, atomic_path, load_corpus, paragraphs_frame,
    parse_article, read_text, save_table, sentences_frame, split_sentences,
)
__all__ += ["CorpusWarning", "UnreadableFile", "atomic_path", "load_corpus", "paragraphs_frame",
            "parse_article", "read_text", "save_table", "sentences_frame", "split_sentences"]

# --- cleaning ----------------------------------------------------------------

# --- annotating --------------------------------------------------------------

# --- plotting ----------------------------------------------------------------

# --- comparing ---------------------------------------------------------------

# --- scaling -----------------------------------------------------------------
