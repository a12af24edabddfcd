"""Visualizing stage: Arabic drawn right on every renderer, and figures a reader can trust.

Two kinds of renderer draw Arabic labels:

* renderers that **shape** text themselves: matplotlib >= 3.11 (libraqm: HarfBuzz + a bidi
  algorithm) and Pillow built with raqm (used by ``wordcloud``). Hand them the text as it is,
  in logical order. Text that was pre-run through ``arabic_reshaper.reshape`` +
  ``bidi.get_display`` is already in *visual* order; they reorder it again and draw it
  **reversed** (matplotlib issue #32262).
* renderers that do **not** shape: matplotlib <= 3.10, Pillow without raqm, plain-text
  outputs. They draw code points left to right, unjoined. Only they need the decade-old
  recipe (presentation forms, visual order).

:func:`for_plot` and :func:`for_image` decide which case applies, so notebook code is the same
on every installation. The decision is a version gate, one of the options matplotlib's 3.11 upgrade note
gives (PR #32263: require 3.11 and drop the pre-processing, gate it on the version, or wrap it in
LRO…PDF); the tests check the gate against real renderings. It covers matplotlib's normal text path, which the Agg, SVG, PDF and
PS backends share in 3.11; mathtext (``$...$``) and ``usetex`` labels are outside it. The figure functions below take data frames and return a matplotlib
``Figure``; they are deterministic (sorted inputs, seeded layouts) so saved figures are
byte-stable, see :func:`save_figure`.
"""
from __future__ import annotations

import contextlib
import io
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import arabic_reshaper
import matplotlib
import numpy as np
import pandas as pd
from bidi import get_display
from matplotlib import font_manager
from matplotlib.figure import Figure
from PIL import features as _pil_features

from ._shared import count_words, word_table
from .cleaning import is_stopword, normalize, tokenize
from .loading import atomic_path

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from pandas.io.formats.style import Styler

__all__ = [
    "ARABIC_FONTS", "FIGURES_DIR", "LATIN_FALLBACK", "arabic_font", "arabic_font_family",
    "arabic_font_path", "arabic_rcparams",
    "arabic_style", "arabic_wordcloud", "content_word_counts", "cooccurrence_graph",
    "date_points", "english_gloss", "entity_mentions_figure", "for_image", "for_plot", "for_unknown_renderer",
    "glossed", "grouped_bars_figure", "matplotlib_shapes_text", "network_figure", "pillow_shapes_text",
    "preshape", "quote_words",
    "rendering_lesson_figure", "rtl_table", "save_figure", "small_multiples_figure",
    "timeline_figure", "top_entities", "wordcloud_figure",
]

# --------------------------------------------------------------------------------------------
# Which renderer shapes Arabic?
# --------------------------------------------------------------------------------------------

#: matplotlib shapes and reorders text (libraqm) from this release on (matplotlib PR #30000).
SHAPING_MATPLOTLIB = (3, 11)


def _major_minor(version: str) -> tuple[int, int]:
    """``"3.11.0rc1"`` → ``(3, 11)``; compares numerically, so 3.9 < 3.11 (string order says no)."""
    match = re.match(r"\s*v?(\d+)\.(\d+)", version)
    if not match:
        raise ValueError(f"not a version number: {version!r}")
    return int(match.group(1)), int(match.group(2))


def matplotlib_shapes_text(version: str | None = None) -> bool:
    """True when this matplotlib shapes and reorders Arabic itself (3.11 and later).

    ``version`` defaults to the installed ``matplotlib.__version__``; pass one to ask about
    another release. The test suite checks the answer against real renderings, so a
    matplotlib that changes behaviour is caught there, not in a reader's figure.

    >>> matplotlib_shapes_text("3.10.8"), matplotlib_shapes_text("3.11.0rc1")
    (False, True)
    >>> matplotlib_shapes_text("3.9.4")   # a string comparison would say "3.9" > "3.11"
    False
    """
    return _major_minor(matplotlib.__version__ if version is None else version) >= SHAPING_MATPLOTLIB


def pillow_shapes_text() -> bool:
    """True when Pillow was built with raqm, so ``ImageDraw.text`` shapes Arabic itself.

    ``wordcloud`` draws with Pillow's default layout engine, which is raqm exactly then.

    >>> isinstance(pillow_shapes_text(), bool)
    True
    """
    return bool(_pil_features.check("raqm"))


def preshape(text: str) -> str:
    """The classic recipe: ``get_display(arabic_reshaper.reshape(text))``, one line at a time.

    Letters become their joined presentation forms (U+FBxx/U+FExx) and the string is put in
    visual (left-to-right display) order. Right for renderers that do not shape; wrong
    (reversed) for ones that do. Lines are processed separately because the bidi algorithm
    works per paragraph and would otherwise move line breaks.

    >>> preshape("عام 2025")[:4]    # visual order: the number is leftmost, its digits in order
    '2025'
    >>> preshape("Baku")            # Latin passes through
    'Baku'
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__}: {text!r}")
    return "\n".join(get_display(arabic_reshaper.reshape(line)) if line else line
                     for line in text.split("\n"))


def for_plot(text: str, *, shapes: bool | None = None) -> str:
    """What to hand matplotlib so Arabic is drawn joined and right to left.

    Unchanged on matplotlib >= 3.11, which shapes text itself; :func:`preshape`-d on older
    matplotlib, which does not. ``shapes`` overrides the detection (used by the tests and the
    notebook to show both cases). Empty strings and Latin text pass through.

    >>> for_plot("جدعون ساعر", shapes=True)
    'جدعون ساعر'
    >>> for_plot("جدعون ساعر", shapes=False) == preshape("جدعون ساعر")
    True
    >>> for_plot("Baku 2025", shapes=False), for_plot("")
    ('Baku 2025', '')
    """
    if not isinstance(text, str):
        raise TypeError(f"for_plot expects a str, got {type(text).__name__}: {text!r}")
    if shapes is None:
        shapes = matplotlib_shapes_text()
    return text if shapes else preshape(text)


def for_image(text: str, *, shapes: bool | None = None) -> str:
    """:func:`for_plot` for Pillow-based renderers (``wordcloud``, ``ImageDraw.text``).

    Unchanged when Pillow has raqm (``PIL.features.check("raqm")``), pre-shaped otherwise.

    >>> for_image("باكو", shapes=True), for_image("باكو", shapes=False) == preshape("باكو")
    ('باكو', True)
    """
    if not isinstance(text, str):
        raise TypeError(f"for_image expects a str, got {type(text).__name__}: {text!r}")
    if shapes is None:
        shapes = pillow_shapes_text()
    return text if shapes else preshape(text)


LRO, PDF = "\u202d", "\u202c"   # LEFT-TO-RIGHT OVERRIDE … POP DIRECTIONAL FORMATTING


def english_gloss(text: str) -> str:
    """The English of an Arabic label ("" if unknown): ``data/patterns/english_glosses.csv``.

    >>> english_gloss("جدعون ساعر"), english_gloss("اسرائيل"), english_gloss("كلمة")
    ('Gideon Saar', 'Israel', '')
    """
    table = {normalize(row["arabic"]): row["english"] for row in word_table("english_glosses")}
    return table.get(normalize(text), "") if text.strip() else ""


def glossed(text: str, sep: str = " ") -> str:
    """A chart label: ``for_plot(text)``, then its :func:`english_gloss` in brackets if known; a
    leading LEFT-TO-RIGHT MARK keeps the English after the Arabic on a renderer that shapes.

    >>> glossed("باكو").endswith(for_plot("باكو") + " (Baku)"), glossed("PER")
    (True, 'PER')
    """
    english = english_gloss(text)
    if not english:
        return for_plot(text)
    return ("\u200e" if matplotlib_shapes_text() else "") + f"{for_plot(text)}{sep}({english})"


def for_unknown_renderer(text: str) -> str:
    """Text that reads right whether or not the renderer shapes: ``LRO + preshape(text) + PDF``.

    For when you do not control what draws the string (a library that passes labels on, a
    file opened in someone else's tool). The override stops a shaping renderer from reordering
    the already visual-order string, and a non-shaping one draws it as it is. The catch
    (matplotlib PR #32263): it draws the font's presentation-form glyphs, not the font's own
    shaping, so it reads correctly but may look looser than :func:`for_plot`'s output. Prefer
    :func:`for_plot` / :func:`for_image` when you know the renderer.

    >>> s = for_unknown_renderer("باكو")
    >>> s[0] == LRO and s[-1] == PDF and s[1:-1] == preshape("باكو")
    True
    >>> for_unknown_renderer("Baku"), for_unknown_renderer("")
    ('Baku', '')
    """
    if not isinstance(text, str):
        raise TypeError(f"for_unknown_renderer expects a str, got {type(text).__name__}: {text!r}")
    shaped = preshape(text)
    if shaped == text:          # nothing right-to-left to protect
        return text
    return "\n".join(f"{LRO}{line}{PDF}" if line else line for line in shaped.split("\n"))


# --------------------------------------------------------------------------------------------
# Fonts and style
# --------------------------------------------------------------------------------------------

#: Fonts with Arabic glyphs, best first. DejaVu Sans ships inside matplotlib, so the last
#: choice is always present; the others are used only when the machine has them.
ARABIC_FONTS: tuple[str, ...] = ("Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "DejaVu Sans")

#: The font that draws what the Arabic font lacks. Some Arabic fonts (Noto Naskh Arabic, as
#: Debian's ``fonts-noto-core`` installs it) have no Latin letters at all; DejaVu Sans ships
#: with matplotlib and covers Latin (and Arabic), so it always exists and always fills the gap.
LATIN_FALLBACK = "DejaVu Sans"


def _installed_fonts() -> set[str]:
    return {f.name for f in font_manager.fontManager.ttflist}


def arabic_font(preferred: Iterable[str] = ARABIC_FONTS) -> str:
    """The first font family in ``preferred`` that is installed (matplotlib's font list).

    Never returns a font the machine lacks: if none of ``preferred`` is installed, the answer
    is ``"DejaVu Sans"``, which matplotlib ships. To use a font of your own, install it (or
    ``matplotlib.font_manager.fontManager.addfont(path)``) and pass its family name, here or
    as ``font=`` to :func:`arabic_rcparams` / :func:`arabic_style`.

    >>> arabic_font(["No Such Font", "DejaVu Sans"])
    'DejaVu Sans'
    """
    installed = _installed_fonts()
    for name in preferred:
        if name in installed:
            return name
    return "DejaVu Sans"


def arabic_font_family(font: str | None = None) -> list[str]:
    """The family list to give matplotlib: the Arabic font first, then :data:`LATIN_FALLBACK`.

    matplotlib (3.6 and later) picks a font glyph by glyph down an explicit *list* of
    families, so Arabic letters come from the Arabic font and any letter it lacks (Latin, in
    a font such as Noto Naskh Arabic) from DejaVu Sans instead of an empty box. ``font``
    defaults to :func:`arabic_font`; a font that is not installed is an error, not a silent
    fallback.

    >>> arabic_font_family("DejaVu Sans")
    ['DejaVu Sans']
    >>> arabic_font_family("No Such Font")
    Traceback (most recent call last):
    ValueError: font 'No Such Font' is not installed (matplotlib's font list); arabic_font() names one that is
    """
    if font is None:
        font = arabic_font()
    elif font not in _installed_fonts():
        raise ValueError(f"font {font!r} is not installed (matplotlib's font list); "
                         "arabic_font() names one that is")
    return list(dict.fromkeys([font, LATIN_FALLBACK]))


def arabic_font_path(family: str | None = None) -> str:
    """The font file of ``family`` (default :func:`arabic_font`), for Pillow and wordcloud.

    >>> arabic_font_path("DejaVu Sans").endswith("DejaVuSans.ttf")
    True
    """
    prop = font_manager.FontProperties(family=family or arabic_font())
    return font_manager.findfont(prop, fallback_to_default=True)


def arabic_rcparams(font_size: float = 11, *, font: str | None = None) -> dict[str, Any]:
    """rcParams for Arabic figures: an installed Arabic font, sizes, stable SVG output.

    ``font.family`` is :func:`arabic_font_family`'s list (``font`` defaults to
    :func:`arabic_font`), so English titles, legends and ticks are drawn even when the Arabic
    font has no Latin letters. Category labels go on the y axis (horizontal bars), where
    matplotlib right-aligns tick labels against the axis: each Arabic label begins, reading
    right to left, at its bar.

    >>> arabic_rcparams()["svg.hashsalt"]
    'arabic-news-notebooks'
    >>> arabic_rcparams(font="DejaVu Sans")["font.family"]
    ['DejaVu Sans']
    """
    family = arabic_font_family(font)
    return {
        "font.family": family,
        "font.sans-serif": family,
        "font.size": font_size,
        "axes.titlesize": font_size * 1.15,
        "axes.labelsize": font_size,
        "xtick.labelsize": font_size * 0.9,
        "ytick.labelsize": font_size,
        "legend.fontsize": font_size * 0.9,
        "figure.titlesize": font_size * 1.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.unicode_minus": False,
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "svg.fonttype": "path",          # glyphs as paths: the SVG needs no Arabic font
        "svg.hashsalt": "arabic-news-notebooks",
        "image.cmap": "viridis",
    }


@contextlib.contextmanager
def arabic_style(font_size: float = 11, *, font: str | None = None) -> Iterator[str]:
    """Context manager: draw figures with :func:`arabic_rcparams`; yields the Arabic font's family.

    >>> with arabic_style() as font:
    ...     font in ARABIC_FONTS
    True
    """
    params = arabic_rcparams(font_size, font=font)
    with matplotlib.rc_context(params):
        yield params["font.family"][0]


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------

def rtl_table(df: pd.DataFrame, *, columns: Iterable[str] | None = None,
              uuid: str | None = None) -> Styler:
    """A pandas ``Styler`` that shows ``df`` right to left, with every value HTML-escaped.

    The table gets ``dir="rtl"``; text cells (``columns``, default: every column holding
    strings) are right-aligned with ``unicode-bidi: plaintext`` so mixed Arabic/Latin cells
    take their direction from their own first strong letter. Article text is untrusted: cell
    values and labels are escaped. The element id is derived from the content (or ``uuid``),
    so re-running a cell gives the same HTML.

    >>> html = rtl_table(pd.DataFrame({"word": ["<b>باكو</b>"]})).to_html()
    >>> 'dir="rtl"' in html and "&lt;b&gt;" in html
    True
    """
    from pandas.io.formats.style import Styler

    if not isinstance(df, pd.DataFrame):
        hint = " (use series.to_frame())" if isinstance(df, pd.Series) else ""
        raise TypeError(f"rtl_table expects a pandas DataFrame, got {type(df).__name__}{hint}")
    if columns is None:
        columns = [c for c in df.columns
                   if df[c].map(lambda v: isinstance(v, str)).any()]
    columns = list(columns)
    if uuid is None:
        import hashlib
        digest = hashlib.sha1(df.to_csv().encode("utf-8")).hexdigest()[:10]
        uuid = f"rtl{digest}"
    styler = Styler(df, uuid=uuid, cell_ids=False)
    styler = (styler.format(escape="html")
              .format_index(escape="html", axis=0)
              .format_index(escape="html", axis=1)
              .set_table_attributes('dir="rtl"'))
    if columns:
        styler = styler.set_properties(subset=columns, **{
            "text-align": "right", "direction": "rtl", "unicode-bidi": "plaintext"})
    return styler.set_table_styles([{"selector": "th", "props": [("text-align", "right")]}],
                                   overwrite=False)


# --------------------------------------------------------------------------------------------
# Saving
# --------------------------------------------------------------------------------------------

def _default_figures_dir() -> Path:
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").exists() and (root / "helpers").is_dir():
        return root / "figures"          # a checkout of this repository
    return Path("figures")               # an installed copy: beside the caller


#: Where :func:`save_figure` writes by default: ``figures/`` at the top of the repository.
FIGURES_DIR = _default_figures_dir()

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _figure_bytes(fig: Figure, fmt: str) -> bytes:
    metadata = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}[fmt]
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "arabic-news-notebooks", "svg.fonttype": "path"}):
        fig.savefig(buf, format=fmt, metadata=metadata, dpi=150, bbox_inches="tight")
    return buf.getvalue()


def save_figure(fig: Figure, name: str, directory: str | Path | None = None) -> list[Path]:
    """Write ``fig`` as ``<directory>/<name>.png`` and ``.svg``, atomically and reproducibly.

    ``name`` is a stable slug (lowercase letters, digits, ``-`` and ``_``). The files carry no
    date or software stamp and the SVG ids are salted with a fixed string, so saving the same
    figure again gives the same bytes; an unchanged file is not rewritten. Each file is first
    written beside its target and then moved into place, so a reader never sees half a file.

    >>> import matplotlib.pyplot as plt, tempfile
    >>> fig = plt.figure()
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in save_figure(fig, "demo", d)]
    ['demo.png', 'demo.svg']
    >>> plt.close(fig)
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"figure name {name!r}: use lowercase letters, digits, '-' and '_' "
                         "(it becomes a file name that other pages link to)")
    directory = FIGURES_DIR if directory is None else Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in ("png", "svg"):
        data = _figure_bytes(fig, fmt)
        path = directory / f"{name}.{fmt}"
        if not (path.exists() and path.read_bytes() == data):
            with atomic_path(path) as tmp:
                tmp.write_bytes(data)
        paths.append(path)
    return paths


# --------------------------------------------------------------------------------------------
# Data for figures (pure functions over annotation frames)
# --------------------------------------------------------------------------------------------

def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}; got {list(df.columns)}")


def _entity_key(df: pd.DataFrame) -> pd.Series:
    """canonical when present, else the surface text."""
    if "canonical" in df.columns:
        return df["canonical"].where(df["canonical"].notna() & (df["canonical"] != ""), df["text"])
    return df["text"]


def _words_without_conjunction(raw: str, known: set[str]) -> Iterator[str]:
    """The words of ``raw`` with a conjunction و/ف ("and") cut off when :func:`split_clitics`
    cuts it (``known``: words that exist on their own); other clitics stay (والدفاع → الدفاع)."""
    conjunctions = {row["clitic"] for row in word_table("clitics") if row["kind"] == "conjunction"}
    word: list = []   # the pieces of one word, as tokenize(split_clitics=True) cut them
    for tok in [*tokenize(raw, split_clitics=True, lexicon=known), None]:
        if tok and word and tok.start == word[-1].end and tok.text[0].isalpha() and word[-1].text[0].isalpha():
            word.append(tok)
            continue
        if word and word[0].text[0].isalpha():
            if len(word) > 1 and word[0].text in conjunctions:
                word = word[1:]
            yield raw[word[0].start:word[-1].end]
        word = [tok]


def content_word_counts(corpus: pd.DataFrame, *, text: str = "text") -> pd.DataFrame:
    """Content words per article: ``doc_id, word, key, count``, most frequent first.

    Words are tokens of the raw ``text`` (not numbers, punctuation, stopwords), without the
    conjunction و/ف ("and") where :func:`helpers.split_clitics` cuts it (known words: those seen
    alone in the corpus): وإسرائيل counts for إسرائيل. *Counted* by their normalized form (``key``:
    إسرائيل = اسرائيل), *shown* in their commonest raw spelling (``word``); ties broken by ``key``.

    >>> df = pd.DataFrame({"doc_id": ["a"], "text": ["وصل ساعر إلى باكو، وقال ساعر إن باكو شريك."]})
    >>> content_word_counts(df)[["word", "count"]].values.tolist()
    [['باكو', 2], ['ساعر', 2], ['شريك', 1], ['وصل', 1]]
    >>> df = pd.DataFrame({"doc_id": ["a"], "text": ["إسرائيل وإسرائيل والعلاقات العلاقات"]})
    >>> content_word_counts(df)[["word", "count"]].values.tolist()
    [['إسرائيل', 2], ['العلاقات', 2]]
    """
    _require(corpus, ["doc_id", text], "corpus")
    texts = [(d, raw) for d, raw in zip(corpus["doc_id"], corpus[text]) if isinstance(raw, str)]
    known = {tok.text for _, raw in texts for tok in tokenize(raw) if tok.text[0].isalpha()}
    rows = [(doc_id, normalize(word), word) for doc_id, raw in texts
            for word in _words_without_conjunction(raw, known) if not is_stopword(word)]
    words = pd.DataFrame(rows, columns=["doc_id", "key", "word"])
    if words.empty:
        return pd.DataFrame({"doc_id": pd.Series(dtype="str"), "word": pd.Series(dtype="str"),
                             "key": pd.Series(dtype="str"), "count": pd.Series(dtype="int64")})
    counts = words.groupby(["doc_id", "key"], sort=True).size().rename("count")
    # the raw spelling shown for each key: its most frequent one, then the first in sort order
    spelling = (words.groupby(["doc_id", "key", "word"], sort=True).size().rename("n").reset_index()
                .sort_values(["doc_id", "key", "n", "word"], ascending=[True, True, False, True])
                .drop_duplicates(["doc_id", "key"]).set_index(["doc_id", "key"])["word"])
    out = pd.concat([counts, spelling], axis=1).reset_index()
    out = out.sort_values(["doc_id", "count", "key"], ascending=[True, False, True], ignore_index=True)
    return out[["doc_id", "word", "key", "count"]].astype({"count": "int64"})


def cooccurrence_graph(annotations: pd.DataFrame, sentences: pd.DataFrame, *,
                       labels: Iterable[str] = ("PER", "LOC", "ORG")) -> nx.Graph:
    """Entities as nodes, an edge when two entities are mentioned in the same sentence.

    ``annotations`` has ``doc_id, start, end, label, text`` (and ``canonical``);
    ``sentences`` has ``doc_id, sent_id, start, end`` (offsets into the same raw texts).
    Node attributes: ``label``, ``mentions`` (all mentions, in all articles) and ``docs``;
    edge attribute ``weight`` = number of sentences holding both.

    >>> ann = pd.DataFrame({"doc_id": ["a"] * 3, "start": [0, 5, 20], "end": [4, 9, 24],
    ...     "label": ["PER", "LOC", "LOC"], "text": ["ساعر", "باكو", "باكو"]})
    >>> sents = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "start": [0, 15],
    ...     "end": [15, 30]})
    >>> g = cooccurrence_graph(ann, sents)
    >>> g.nodes["باكو"]["mentions"], g["ساعر"]["باكو"]["weight"]
    (2, 1)
    """
    import networkx as nx

    _require(annotations, ["doc_id", "start", "end", "label", "text"], "annotations")
    _require(sentences, ["doc_id", "sent_id", "start", "end"], "sentences")
    ann = annotations[annotations["label"].isin(list(labels))].copy()
    ann["entity"] = _entity_key(ann)
    graph = nx.Graph()
    for entity, rows in sorted(ann.groupby("entity"), key=lambda kv: kv[0]):
        graph.add_node(entity, label=rows["label"].mode().sort_values().iloc[0],
                       mentions=len(rows), docs=sorted(rows["doc_id"].unique().tolist()))
    for doc_id, sents in sentences.groupby("doc_id", sort=True):
        doc_ann = ann[ann["doc_id"] == doc_id]
        if doc_ann.empty:
            continue
        starts = doc_ann["start"].to_numpy()
        for s_start, s_end in zip(sents["start"].to_numpy(), sents["end"].to_numpy()):
            inside = sorted(set(doc_ann.loc[(starts >= s_start) & (starts < s_end), "entity"]))
            for i, a in enumerate(inside):
                for b in inside[i + 1:]:
                    w = graph.get_edge_data(a, b, {"weight": 0})["weight"]
                    graph.add_edge(a, b, weight=w + 1)
    return graph


_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def date_points(annotations: pd.DataFrame) -> pd.DataFrame:
    """The DATE annotations that name a point in time, with a ``date`` and its ``precision``.

    ``value`` is ISO (or a year or date that prints so): ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``;
    weekdays and relative dates ("last year") have none and are left out, because a timeline
    cannot place them without guessing. Sorted by date, then article and offset.

    >>> ann = pd.DataFrame({"doc_id": ["a", "a", "a"], "start": [0, 10, 20], "end": [5, 14, 30],
    ...     "label": ["DATE"] * 3, "text": ["8 أكتوبر 2023", "2025", "العام الماضي"],
    ...     "value": ["2023-10-08", "2025", None]})
    >>> date_points(ann)[["date", "precision"]].astype(str).values.tolist()
    [['2023-10-08', 'day'], ['2025-01-01', 'year']]
    """
    _require(annotations, ["doc_id", "start", "label", "text", "value"], "annotations")
    dates = annotations[annotations["label"] == "DATE"]
    rows = []
    for row in dates.itertuples(index=False):
        value = row.value
        match = _ISO.match(str(value))   # a str, or a year or date read back from a file as a number or date
        if not match:
            continue
        year, month, day = match.groups()
        try:
            date = pd.Timestamp(int(year), int(month or 1), int(day or 1))
        except ValueError:
            continue
        rows.append({"doc_id": row.doc_id, "start": row.start, "text": row.text, "value": value,
                     "date": date, "precision": "day" if day else "month" if month else "year"})
    out = pd.DataFrame(rows, columns=["doc_id", "start", "text", "value", "date", "precision"])
    return out.sort_values(["date", "doc_id", "start"], ignore_index=True)


def quote_words(annotations: pd.DataFrame) -> pd.DataFrame:
    """Words of direct quotation per speaker and article: ``doc_id, speaker, quotes, words``.

    Quotes with no attributed speaker are counted under ``"(unattributed)"``, never dropped.
    ``words`` counts the words inside the quotations with :func:`helpers.count_words` (the one
    word counter: whitespace-delimited runs holding a letter or digit, diacritics do not split).

    >>> ann = pd.DataFrame({"doc_id": ["a", "a"], "label": ["QUOTE", "QUOTE"],
    ...     "text": ["هدفنا المشترك", "عقدنا اجتماعا مثمرا"], "speaker": ["جدعون ساعر", None]})
    >>> quote_words(ann).values.tolist()
    [['a', '(unattributed)', 1, 3], ['a', 'جدعون ساعر', 1, 2]]
    """
    _require(annotations, ["doc_id", "label", "text"], "annotations")
    quotes = annotations[annotations["label"] == "QUOTE"]
    speaker = (quotes["speaker"] if "speaker" in quotes.columns
               else pd.Series(pd.NA, index=quotes.index))
    speaker = speaker.astype("object").where(speaker.notna() & (speaker.astype(str) != ""),
                                             "(unattributed)")
    frame = pd.DataFrame({"doc_id": quotes["doc_id"], "speaker": speaker,
                          "words": quotes["text"].map(count_words)})
    out = (frame.groupby(["doc_id", "speaker"], sort=True)
           .agg(quotes=("words", "size"), words=("words", "sum")).reset_index())
    return out.astype({"quotes": "int64", "words": "int64"})


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------

def _new_figure(width: float, height: float) -> Figure:
    """A pyplot figure with constrained layout: ``plt.show()`` displays it in a notebook."""
    import matplotlib.pyplot as plt

    return plt.figure(figsize=(width, height), layout="constrained")


def rendering_lesson_figure(label: str, gloss: str = "") -> Figure:
    """The same Arabic label three ways on the installed matplotlib: raw, pre-shaped, for_plot.

    On matplotlib >= 3.11 rows 1 and 3 are identical and right; row 2 is reversed. On older
    matplotlib row 1 is unjoined and reversed and rows 2 and 3 are right.
    """
    rows = [
        ("1  raw string", label),
        ("2  get_display(reshape(s))", preshape(label)),
        ("3  for_plot(s)", for_plot(label)),
    ]
    fig = _new_figure(7.5, 2.9)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.5, len(rows) - 0.5)
    for i, (what, shown) in enumerate(rows):
        y = len(rows) - 1 - i
        ax.text(0.0, y, what, ha="left", va="center", family="DejaVu Sans Mono", fontsize=10)
        ax.text(1.0, y, shown, ha="right", va="center", fontsize=20)
    title = f"matplotlib {matplotlib.__version__}"
    title += " shapes Arabic itself" if matplotlib_shapes_text() else " does not shape Arabic"
    if gloss:
        title += f"  ·  label: '{gloss}'"
    ax.set_title(title, loc="left", fontsize=10)
    return fig


def _panel_titles(keys: list[str], titles: Mapping[str, str] | None) -> list[str]:
    return [for_plot(str((titles or {}).get(k, k))) for k in keys]


def small_multiples_figure(counts: pd.DataFrame, *, by: str = "doc_id", label: str = "word",
                           value: str = "count", n: int = 10, titles: Mapping[str, str] | None = None,
                           xlabel: str = "", suptitle: str = "", color: str = "C0") -> Figure:
    """One horizontal bar panel per ``by`` value (side by side), top ``n`` labels each.

    Largest bar at the top; ties broken by label so the figure is deterministic. Labels go
    through :func:`glossed` (for_plot + English). Each panel has its own scale only when needed: x limits are shared.
    """
    _require(counts, [by, label, value], "counts")
    if counts.empty or (counts[value] < 0).any():   # the bars start at 0: a negative one would be cut
        raise ValueError("counts is empty: nothing to draw" if counts.empty else f"counts: {value} below 0")
    keys = sorted(counts[by].astype(str).unique())
    fig = _new_figure(4.2 * len(keys), 0.33 * n + 1.4)
    axes = fig.subplots(1, len(keys), sharex=True, squeeze=False)[0]
    top_value = float(counts[value].max())
    for ax, key, title in zip(axes, keys, _panel_titles(keys, titles)):
        part = counts[counts[by].astype(str) == key]
        part = part.sort_values([value, label], ascending=[False, True]).head(n)
        ys = np.arange(len(part))[::-1]
        ax.barh(ys, part[value].to_numpy(), color=color)
        ax.set_yticks(ys, [glossed(str(t)) for t in part[label]])
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_xlim(0, top_value * 1.12 or 1)   # all 0: an axis of 0–1, not 0–0
        for y, v in zip(ys, part[value].to_numpy()):
            ax.text(v, y, f" {v:g}", va="center", ha="left", fontsize="small")
    if suptitle:
        fig.suptitle(suptitle)
    return fig


def grouped_bars_figure(counts: pd.DataFrame, *, category: str, group: str = "doc_id",
                        value: str = "count", order: list[str] | None = None,
                        group_names: Mapping[str, str] | None = None, horizontal: bool = True,
                        xlabel: str = "", title: str = "") -> Figure:
    """Bars of ``value`` per ``category``, one bar per ``group`` side by side (missing = 0).

    Categories are shown in ``order`` (default: by total, largest first, then name); labels
    go through :func:`glossed` (for_plot + English). Each bar carries its number.
    """
    _require(counts, [category, group, value], "counts")
    if counts.empty:
        raise ValueError("counts is empty: nothing to draw")
    table = counts.pivot_table(index=category, columns=group, values=value, aggfunc="sum",
                               fill_value=0).sort_index(axis=1)
    if order is None:
        totals = table.sum(axis=1)
        order = sorted(table.index, key=lambda c: (-totals[c], str(c)))
    table = table.reindex([c for c in order if c in table.index])
    n_cat, n_grp = table.shape
    width = 0.8 / n_grp
    fig = _new_figure(7.5, max(2.6, 0.45 * n_cat * max(1, n_grp / 2) + 1.2) if horizontal else 4.2)
    ax = fig.add_subplot()
    pos = np.arange(n_cat)
    for j, g in enumerate(table.columns):
        offset = (j - (n_grp - 1) / 2) * width
        name = for_plot(str((group_names or {}).get(g, g)))
        vals = table[g].to_numpy()
        if horizontal:
            bars = ax.barh(pos[::-1] - offset, vals, height=width, label=name, color=f"C{j}")
        else:
            bars = ax.bar(pos + offset, vals, width=width, label=name, color=f"C{j}")
        ax.bar_label(bars, labels=[f"{v:g}" if v else "" for v in vals], padding=2,
                     fontsize="small")
    labels = [glossed(str(c)) for c in table.index]   # with their English, when known
    if horizontal:
        ax.set_yticks(pos[::-1], labels)
        ax.set_xlabel(xlabel)
        ax.margins(x=0.12)
    else:
        ax.set_xticks(pos, labels)
        ax.set_ylabel(xlabel)
        ax.margins(y=0.12)
    # above the bars, never over them (a legend inside the axes hid the tallest bar's number)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=n_grp, frameon=False)
    if title:
        fig.suptitle(title)
    return fig


def entity_mentions_figure(annotations: pd.DataFrame, *,
                           labels: Iterable[str] = ("PER", "LOC", "ORG"),
                           group_names: Mapping[str, str] | None = None) -> Figure:
    """Number of mentions per entity label and article (grouped vertical bars)."""
    _require(annotations, ["doc_id", "label"], "annotations")
    labels = list(labels)
    ann = annotations[annotations["label"].isin(labels)]
    counts = ann.groupby(["label", "doc_id"]).size().rename("count").reset_index()
    return grouped_bars_figure(counts, category="label", order=labels, group_names=group_names,
                               horizontal=False, xlabel="mentions",
                               title="Entity mentions by label and article")


def top_entities(graph: nx.Graph, n: int = 20) -> nx.Graph:
    """The sub-graph of the ``n`` most mentioned entities (ties broken by name).

    >>> import networkx as nx
    >>> g = nx.Graph(); g.add_nodes_from([("a", {"mentions": 3}), ("b", {"mentions": 1}),
    ...                                   ("c", {"mentions": 3})])
    >>> sorted(top_entities(g, 2).nodes)
    ['a', 'c']
    """
    ranked = sorted(graph.nodes, key=lambda v: (-graph.nodes[v].get("mentions", 1), str(v)))
    return graph.subgraph(ranked[:n]).copy()


def network_figure(graph: nx.Graph, *, top: int = 20, seed: int = 7, title: str = "") -> Figure:
    """Draw a co-occurrence graph: node size = mentions, colour = label, edge width = weight.

    Only the ``top`` most mentioned entities are drawn (their names must stay readable);
    entities that share no sentence with any of them are listed under the picture instead of
    floating at the edges. The spring layout is seeded and nodes are added in sorted order,
    so the picture is the same on every run.
    """
    import networkx as nx

    sub = top_entities(graph, top)
    isolated = sorted(v for v in sub.nodes if sub.degree(v) == 0)
    keep = nx.Graph()
    keep.add_nodes_from(sorted((v, d) for v, d in sub.nodes(data=True) if v not in isolated))
    keep.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in sub.edges(data=True)))
    fig = _new_figure(10.5, 8)
    ax = fig.add_subplot()
    ax.set_axis_off()
    if keep.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no two entities share a sentence", ha="center", va="center")
        return fig
    pos = nx.spring_layout(keep, seed=seed, k=2.2 / math.sqrt(keep.number_of_nodes()),
                           weight="weight", iterations=300)
    label_names = sorted({d.get("label", "") for _, d in graph.nodes(data=True)})
    colour = {lab: f"C{i}" for i, lab in enumerate(label_names)}
    nodes = list(keep.nodes)
    mentions = np.array([keep.nodes[v].get("mentions", 1) for v in nodes], dtype=float)
    weights = np.array([keep[a][b].get("weight", 1) for a, b in keep.edges], dtype=float)
    nx.draw_networkx_edges(keep, pos, ax=ax, edge_color="0.6", alpha=0.7,  # every node has an edge
                           width=list(0.5 + 3.5 * weights / weights.max()))
    sizes = 60 + 1400 * mentions / mentions.max()   # marker area in points²
    nx.draw_networkx_nodes(keep, pos, ax=ax, nodelist=nodes, node_size=list(sizes),
                           node_color=[colour[keep.nodes[v].get("label", "")] for v in nodes],
                           edgecolors="white", linewidths=1)
    for v, size in zip(nodes, sizes):
        # above the node's rim (radius √area / 2), on white, so no node or edge runs through it
        ax.annotate(glossed(str(v), "\n"), pos[v], xytext=(0, math.sqrt(size) / 2 + 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=9, zorder=5,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})
    line = matplotlib.lines.Line2D   # the legend: colours, then what size and width mean (and their range)
    handles = [line([], [], marker="o", ls="", color=colour[lab], label=lab) for lab in label_names] + [
        line([], [], marker="o", ls="", color="0.75", ms=11,
             label=f"node size: mentions ({mentions.min():g}–{mentions.max():g})"),
        line([], [], color="0.6", lw=3, label=f"edge width: sentences naming both ({weights.min():g}–{weights.max():g})")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=len(handles),
              frameon=False, fontsize="small")
    ax.margins(0.1)
    if isolated:   # under the legend
        fig.supxlabel("no shared sentence: " + ", ".join(map(glossed, isolated)), fontsize=8,
                      color="0.35")
    if title:
        ax.set_title(title)
    return fig


def timeline_figure(points: pd.DataFrame, *, group_names: Mapping[str, str] | None = None,
                    title: str = "") -> Figure:
    """The dates the articles mention: one lane per article, one column per distinct date.

    ``points`` comes from :func:`date_points`. Columns are in chronological order but evenly
    spaced (news mixes 1967 with last week; to scale, recent dates would collapse into one
    dot), so the axis says "not to scale" and each column is labelled with its date. Each
    marker carries the raw words the article used; a date written twice shows "×2".
    Marker shape gives the precision (day, month, year).
    """
    _require(points, ["doc_id", "text", "date", "precision"], "points")
    if points.empty:
        raise ValueError("no dated mentions to draw")
    docs = sorted(points["doc_id"].astype(str).unique())
    # a column per date and precision: '2017' and 'جانفي 2017' (January 2017) both fall on 1 January
    dates = sorted(set(zip(points["date"], points["precision"])), key=lambda d: (d[0], "ymd".index(d[1][0])))
    column = {d: i for i, d in enumerate(dates)}
    fig = _new_figure(max(6.5, 1.45 * len(dates) + 1.5), 1.2 + 1.5 * len(docs))
    ax = fig.add_subplot()
    markers = {"day": "o", "month": "s", "year": "D"}
    for lane, doc in enumerate(docs):
        y = len(docs) - 1 - lane
        ax.axhline(y, color="0.88", lw=1, zorder=0)
        part = points[points["doc_id"].astype(str) == doc]
        for date, rows in sorted(part.groupby(["date", "precision"]), key=lambda kv: column[kv[0]]):
            x = column[date]
            ax.plot(x, y, marker=markers[date[1]], color=f"C{lane}", ls="",
                    ms=8)
            words = rows.sort_values("start")["text"].drop_duplicates().tolist()
            label = "\n".join(for_plot(w) for w in words)
            if len(rows) > len(words):
                label += f"  ×{len(rows)}"
            above = column[date] % 2 == 0
            ax.annotate(label, (x, y), xytext=(0, 10 if above else -10),
                        textcoords="offset points", ha="center",
                        va="bottom" if above else "top", fontsize=9)
    precision_word = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    ax.set_xticks(range(len(dates)), [pd.Timestamp(d).strftime(precision_word[p]) for d, p in dates])
    ax.set_xlim(-0.7, len(dates) - 0.3)
    ax.set_yticks(range(len(docs))[::-1],
                  [for_plot(str((group_names or {}).get(d, d))) for d in docs])
    ax.set_ylim(-0.75, len(docs) - 0.25)
    ax.set_xlabel("dates in chronological order (evenly spaced, not to scale)")
    handles = [matplotlib.lines.Line2D([], [], marker=m, ls="", color="0.3", label=p)
               for p, m in markers.items() if p in set(points["precision"])]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              fontsize="small", title="precision", title_fontsize="small")
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if title:
        ax.set_title(title)
    return fig


#: Word-cloud colours, distinct and dark enough to read on white (contrast 5:1 or more).
WORDCLOUD_COLOURS = ("#1f4e79", "#a23b00", "#2e7d32", "#6a1b9a", "#b71c1c", "#00695c", "#5d4037", "#37474f")


def arabic_wordcloud(frequencies: Mapping[str, float], *, seed: int = 0, width: int = 900,
                     height: int = 450, max_words: int = 80, scale: float = 1.5) -> Any:
    """A ``wordcloud.WordCloud`` laid out from ``frequencies``, with Arabic drawn right.

    Words go through :func:`for_image` (unchanged when Pillow has raqm, which then shapes
    them); the font is :func:`arabic_font_path` (wordcloud's default font has no Arabic);
    ``random_state`` is seeded and words are fed in sorted order, so the layout is the same
    on every run. Words keep a few pixels apart (``margin``) so neighbours never touch.

    >>> cloud = arabic_wordcloud({"باكو": 3, "أستانا": 2}, width=300, height=150)
    >>> sorted(word for (word, _), *_ in cloud.layout_) == sorted(for_image(w) for w in ["باكو", "أستانا"])
    True
    """
    from wordcloud import WordCloud

    if not frequencies:
        raise ValueError("no words to draw")
    freqs: dict[str, float] = {}
    for word, f in sorted(frequencies.items()):
        key = for_image(str(word))
        freqs[key] = freqs.get(key, 0) + float(f)
    cloud = WordCloud(font_path=arabic_font_path(), width=width, height=height, scale=scale,
                      background_color="white", random_state=seed, prefer_horizontal=1.0,
                      max_words=max_words, margin=8,
                      colormap=matplotlib.colors.ListedColormap(WORDCLOUD_COLOURS),
                      collocations=False, include_numbers=True, relative_scaling=0.5,
                      max_font_size=height // 4)
    return cloud.generate_from_frequencies(freqs)


def wordcloud_figure(frequencies: Mapping[str, float], *, seed: int = 0, width: int = 900,
                     height: int = 450, max_words: int = 80,
                     title: str = "The most frequent words (bigger = more frequent)") -> Figure:
    """:func:`arabic_wordcloud` shown in a matplotlib figure (so it can be saved like the others),
    with a ``title`` saying what size means."""
    cloud = arabic_wordcloud(frequencies, seed=seed, width=width, height=height,
                             max_words=max_words)
    fig = _new_figure(width / 100, height / 100)
    ax = fig.add_subplot()
    ax.imshow(cloud.to_array(), interpolation="lanczos")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return fig
