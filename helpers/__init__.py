"""Helpers for the Arabic News Notebooks: one module per stage.

Data flows one way: loading → cleaning → annotating → plotting → comparing → scaling.
Every public name is re-exported here and stays stable (issues and notebooks name them).
"""
from __future__ import annotations

__all__: list[str] = []

# --- loading -----------------------------------------------------------------
from .loading import (  # noqa: E402
    CorpusWarning, UnreadableFile, atomic_path, find_metadata, load_corpus, paragraphs_frame,
    parse_article, read_metadata, read_text, save_table, sentences_frame, split_sentences,
)
__all__ += ["CorpusWarning", "UnreadableFile", "atomic_path", "find_metadata", "load_corpus", "paragraphs_frame",
            "parse_article", "read_metadata", "read_text", "save_table", "sentences_frame", "split_sentences"]
# where the data folders are, anchored on the package (notebooks and papermill runs use them)
from .loading import DATA_DIR, PROCESSED_DIR, RAW_DIR  # noqa: E402
__all__ += ["DATA_DIR", "PROCESSED_DIR", "RAW_DIR"]
# archives of articles (the real corpus in data/corpora is one)
from .loading import read_archive  # noqa: E402
__all__ += ["read_archive"]

# --- cleaning ----------------------------------------------------------------
from .cleaning import (  # noqa: E402
    Offsets, Token, clean_corpus, is_stopword, normalize, normalize_with_offsets,
    remove_stopwords, split_clitics, stopword_lists, stopword_source, stopword_table,
    to_raw_span, to_raw_spans, token_kind, tokenize, word_tokens,
)
__all__ += ["Offsets", "Token", "clean_corpus", "is_stopword", "normalize", "normalize_with_offsets",
            "remove_stopwords", "split_clitics", "stopword_lists", "stopword_source", "stopword_table",
            "to_raw_span", "to_raw_spans", "token_kind", "tokenize", "word_tokens"]

# --- annotating --------------------------------------------------------------
from .annotating import (  # noqa: E402
    GOLD_DIR, LABELS, LABEL_COLORS, SPAN_COLUMNS, UNSEEN_DIR, Annotator, Highlight, annotate, annotate_corpus,
    check_lexicon, check_spans, compare_spans, default_annotator, evaluate, evaluate_attributes, highlight,
    load_gold, load_lexicon, to_brat, to_displacy, to_label_studio,
    bio_entities, evaluate_tags, load_model, model_entities, read_conll, split_dev, tag_tokens, train_model,
    write_conll, RECOGNIZERS, DEFAULT_RECOGNIZER,
)
__all__ += ["GOLD_DIR", "LABELS", "LABEL_COLORS", "SPAN_COLUMNS", "UNSEEN_DIR", "Annotator", "Highlight", "annotate",
            "annotate_corpus", "check_lexicon", "check_spans", "compare_spans", "default_annotator", "evaluate",
            "evaluate_attributes", "highlight", "load_gold", "load_lexicon", "to_brat", "to_displacy",
            "to_label_studio"]
__all__ += ["bio_entities", "evaluate_tags", "load_model", "model_entities", "read_conll", "split_dev", "tag_tokens",
            "train_model", "write_conll"]
__all__ += ["RECOGNIZERS", "DEFAULT_RECOGNIZER"]
from .annotating import REAL_DIR, entity_scores  # noqa: E402
__all__ += ["REAL_DIR", "entity_scores"]

# --- plotting ----------------------------------------------------------------
# Imported on first use (PEP 562): matplotlib takes a quarter of a second to import, and the
# command line (`python -m helpers process`) and its worker processes never plot.
_LAZY = {name: "plotting" for name in ["ARABIC_FONTS", "FIGURES_DIR", "LATIN_FALLBACK", "arabic_font", "arabic_font_family", "arabic_font_path", "arabic_rcparams",
            "arabic_style", "arabic_wordcloud", "content_word_counts", "cooccurrence_graph",
            "date_points", "english_gloss", "entity_mentions_figure", "for_image", "for_plot", "glossed",
            "for_unknown_renderer", "grouped_bars_figure", "matplotlib_shapes_text",
            "network_figure", "pillow_shapes_text", "preshape", "quote_words", "rendering_lesson_figure",
            "rtl_table", "save_figure", "small_multiples_figure", "timeline_figure",
            "top_entities", "wordcloud_figure"]}
__all__ += list(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value  # looked up once
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


# --- comparing ---------------------------------------------------------------
from .comparing import (  # noqa: E402
    REPORTING_VERBS, Comparison, HtmlView, align_facts, align_sentences, article_sentences,
    changed_words, compare_corpora, count_words, diff_html, diff_words, facts_about,
    find_reporting_verbs, framing_counts, framing_html, framing_passages, plot_similarity,
    quotes_by_speaker, reporting_verbs_table, sentence_similarity, shared_passages, sourcing_table,
)
__all__ += ["REPORTING_VERBS", "Comparison", "HtmlView", "align_facts", "align_sentences",
            "article_sentences", "changed_words", "compare_corpora", "count_words", "diff_html",
            "diff_words", "facts_about", "find_reporting_verbs", "framing_counts", "framing_html",
            "framing_passages", "plot_similarity", "quotes_by_speaker", "reporting_verbs_table",
            "sentence_similarity", "shared_passages", "sourcing_table"]

# --- scaling -----------------------------------------------------------------
from .scaling import (  # noqa: E402
    Chunk, RunSummary, format_summary, iter_chunks, iter_export_rows, iter_inputs, process_chunk,
    process_corpus, read_table, synthetic_corpus,
)
__all__ += ["Chunk", "RunSummary", "format_summary", "iter_chunks", "iter_export_rows", "iter_inputs",
            "process_chunk", "process_corpus", "read_table", "synthetic_corpus"]
from .scaling import member_doc_id, read_archive_metadata, sample_archive  # noqa: E402
__all__ += ["member_doc_id", "read_archive_metadata", "sample_archive"]

# --- self-checks for the notebooks' "Your turn" cells (no stage: imports none) ------------------
from .selfcheck import check  # noqa: E402
__all__ += ["check"]
