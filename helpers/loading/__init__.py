"""Loading: from files on disk to one tidy row per article.

The first stage of the pipeline (``data/raw`` → **loading** → cleaning → annotating →
visualizing). It turns bytes into text without losing a character, finds the parts of a
news article (headline, subheadline, dateline, body, paragraphs, sentences) and keeps
character offsets into the raw text, so that every later stage can point back to it.

A small package, one module per job: :mod:`~helpers.loading.text` (bytes → text),
:mod:`~helpers.loading.articles` (the parts and sentences of one article),
:mod:`~helpers.loading.batches` (a chunk of articles at once, with numpy),
:mod:`~helpers.loading.exports` (the rows of a ``.csv``/``.jsonl`` export, streamed),
:mod:`~helpers.loading.corpus` (the input files and :func:`load_corpus`),
:mod:`~helpers.loading.stream` (a batch of files or rows loaded together: :func:`load_articles`,
what ``python -m helpers process`` runs on every chunk),
:mod:`~helpers.loading.writing` (tables saved atomically) and
:mod:`~helpers.loading.paths` (where the data folders are, whatever the working directory).

To stream a corpus too big for memory, batch by batch (:func:`iter_articles`):

>>> from helpers.loading import iter_articles                               # doctest: +SKIP
>>> for batch in iter_articles("data/raw", batch_size=100):                 # doctest: +SKIP
...     print(len(batch.frame), batch.skipped)
"""
from __future__ import annotations

from .articles import (
    AGENCIES, ARTICLE_COLUMNS, DATELINE, HEADLINE_MAX_WORDS, SUBHEADLINE_MAX_WORDS, Article, article_row,
    find_dateline_outlet, match_dateline, parse_article, split_sentences,
)
from .batches import TextBatch, join_texts, sentence_columns
from .corpus import find_metadata, iter_inputs, load_corpus, paragraphs_frame, read_metadata, sentences_frame
from .exports import Row, iter_export_rows
from .paths import DATA_DIR, PROCESSED_DIR, RAW_DIR
from .stream import ArticleBatch, InputBatch, iter_articles, iter_input_batches, load_articles
from .text import (
    ID_COLUMNS, TABLE_SUFFIXES, TEXT_COLUMNS, TEXT_SUFFIXES, CorpusWarning, UnreadableFile, decode_bytes,
    detect_encoding, normalize_newlines, read_archive, read_text,
)
from .writing import atomic_path, save_table

__all__ = [
    "CorpusWarning",
    "UnreadableFile",
    "read_text",
    "read_archive",
    "detect_encoding",
    "parse_article",
    "Article",
    "split_sentences",
    "load_corpus",
    "iter_inputs",
    "find_metadata",
    "read_metadata",
    "paragraphs_frame",
    "sentences_frame",
    "atomic_path",
    "save_table",
    "iter_export_rows",
    "load_articles",
    "iter_articles",
    "iter_input_batches",
    "InputBatch",
    "ArticleBatch",
    "TextBatch",
    "join_texts",
    "sentence_columns",
    "Row",
    "match_dateline",
    "find_dateline_outlet",
    "DATA_DIR",
    "RAW_DIR",
    "PROCESSED_DIR",
]
