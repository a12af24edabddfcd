"""Exact regression snapshots of the figures of notebook 04 (``make snapshots`` rewrites them; tests compare).

Each figure that ``04_visualizing`` draws from the two articles of ``data/raw`` is described one
artist a line: every text with its words, size, colour and alignment; every bar, marker and line
with its data and colour; each legend with its entries and place; each axis with its limits,
fixed ticks and labels. A change in what a figure shows then appears in ``git diff`` as the lines
that changed, and a reviewer can read it (the PNGs are pixels: a diff of them says nothing).

What depends on the machine is left out, so that the snapshot is the same everywhere: the Arabic
font's name and glyph sizes, hence where constrained layout puts the axes, and the ticks that
matplotlib chooses itself (their number depends on the axes' size in pixels; their locator's kind
is written instead), and the word cloud's pixels (their words' placement depends on the font).

Usage: python tools/snapshot_figures.py [--check]   (``--check`` compares and prints a diff)
"""
from __future__ import annotations

import difflib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import collections as mcoll  # noqa: E402
from matplotlib import colors as mcolors  # noqa: E402
from matplotlib import image as mimage  # noqa: E402
from matplotlib import lines as mlines  # noqa: E402
from matplotlib import patches as mpatches  # noqa: E402
from matplotlib import text as mtext  # noqa: E402
from matplotlib import ticker as mticker  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "tests" / "fixtures" / "figures"


def num(x: float) -> str:
    """A number as the snapshot writes it: 4 significant digits, -0 as 0."""
    s = f"{round(float(x), 9):.4g}"   # 1e-17 of float noise is 0
    return "0" if s == "-0" else s


def nums(xs: Iterable[float]) -> str:
    return "[" + " ".join(num(x) for x in np.asarray(list(xs), dtype=float).ravel()) + "]"


def colour(c) -> str:
    """A colour as #rrggbbaa (what matplotlib draws, however the code named it)."""
    return mcolors.to_hex(c, keep_alpha=True)


def colours(cs) -> str:
    arr = np.atleast_2d(np.asarray(cs, dtype=float)) if len(cs) else []
    return "[" + " ".join(colour(c) for c in arr) + "]"


def text_line(t: mtext.Text, default_family: list[str]) -> str:
    """One text: its words, position (or offset from the point it annotates) and look."""
    parts = [f"Text {t.get_text()!r}"]
    if isinstance(t, mtext.Annotation):
        parts.append(f"xy=({num(t.xy[0])}, {num(t.xy[1])}) xytext=({num(t.xyann[0])}, {num(t.xyann[1])})"
                     f" coords={t.anncoords}")
    else:
        x, y = t.get_position()
        parts.append(f"at=({num(x)}, {num(y)})")
    parts.append(f"size={num(t.get_fontsize())} colour={colour(t.get_color())} ha={t.get_ha()}"
                 f" va={t.get_va()} rotation={num(t.get_rotation())} weight={t.get_fontweight()}"
                 f" zorder={num(t.get_zorder())} visible={t.get_visible()}")
    if t.get_fontfamily() != default_family:   # a family chosen by the code, not the installed font
        parts.append(f"family={t.get_fontfamily()}")
    box = t.get_bbox_patch()
    if box is not None:
        style = box.get_boxstyle()
        parts.append(f"box={type(style).__name__}(pad={num(style.pad)}) fc={colour(box.get_facecolor())}"
                     f" ec={colour(box.get_edgecolor())}")
    return " ".join(parts)


def patch_line(p: mpatches.Patch) -> str:
    head = f"{type(p).__name__}"
    if isinstance(p, mpatches.Rectangle):
        x, y = p.get_xy()
        head += f" xy=({num(x)}, {num(y)}) w={num(p.get_width())} h={num(p.get_height())}"
    return (f"{head} fc={colour(p.get_facecolor())} ec={colour(p.get_edgecolor())}"
            f" lw={num(p.get_linewidth())} label={p.get_label()!r} visible={p.get_visible()}")


def line_line(ln: mlines.Line2D) -> str:
    return (f"Line2D x={nums(ln.get_xdata())} y={nums(ln.get_ydata())} colour={colour(ln.get_color())}"
            f" lw={num(ln.get_linewidth())} ls={ln.get_linestyle()} marker={ln.get_marker()}"
            f" ms={num(ln.get_markersize())} zorder={num(ln.get_zorder())} label={ln.get_label()!r}")


def collection_line(c: mcoll.Collection) -> str:
    parts = [type(c).__name__]
    if isinstance(c, mcoll.LineCollection):
        parts.append("segments=[" + " ".join(nums(s) for s in c.get_segments()) + "]")
    else:
        parts.append(f"offsets={nums(c.get_offsets())}")
        sizes = c.get_sizes()
        if sizes is not None and len(sizes):
            parts.append(f"sizes={nums(sizes)}")
    alpha = c.get_alpha()
    parts.append(f"fc={colours(c.get_facecolor())} ec={colours(c.get_edgecolor())}"
                 f" lw={nums(c.get_linewidth())} alpha={None if alpha is None else num(alpha)}"
                 f" zorder={num(c.get_zorder())}")
    return " ".join(parts)


def legend_lines(lg, default_family: list[str]) -> list[str]:
    anchor = lg._bbox_to_anchor   # as given: (x, y) in the parent's coordinates, not pixels
    where = "none" if anchor is None else nums(anchor._bbox.bounds if hasattr(anchor, "_bbox") else anchor.bounds)
    out = [f"Legend loc={lg._loc} anchor={where} ncols={lg._ncols} frameon={lg.get_frame_on()}"]
    title = lg.get_title()
    if title.get_text():
        out.append("  title " + text_line(title, default_family))
    for handle, label in zip(lg.legend_handles, lg.get_texts()):
        out.append("  entry " + text_line(label, default_family))
        out.append("    handle " + describe_artist(handle, default_family))
    return out


def describe_artist(a, default_family: list[str]) -> str:
    if isinstance(a, mtext.Text):
        return text_line(a, default_family)
    if isinstance(a, mlines.Line2D):
        return line_line(a)
    if isinstance(a, mpatches.Patch):
        return patch_line(a)
    if isinstance(a, mcoll.Collection):
        return collection_line(a)
    if isinstance(a, mimage.AxesImage):   # the pixels depend on the font: only its frame
        return f"AxesImage shape={a.get_array().shape} extent={nums(a.get_extent())}"
    return type(a).__name__


def axis_lines(name: str, axis, default_family: list[str]) -> list[str]:
    ax = axis.axes
    lim = ax.get_xlim() if name == "x" else ax.get_ylim()
    out = [f"{name}axis lim={nums(lim)} scale={axis.get_scale()} visible={axis.get_visible()}"
           f" locator={type(axis.get_major_locator()).__name__}"]
    if isinstance(axis.get_major_locator(), mticker.FixedLocator):   # ticks the code set
        labels = [t.get_text() for t in axis.get_ticklabels()]
        out.append(f"  ticks={nums(axis.get_ticklocs())} labels={labels}")
    tick = axis._major_tick_kw   # what tick_params set (length, label size …)
    if tick:
        out.append("  tick_params " + " ".join(f"{k}={v}" for k, v in sorted(tick.items())))
    label = axis.label
    if label.get_text():
        out.append("  label " + text_line(label, default_family))
    return out


def axes_lines(ax, default_family: list[str]) -> list[str]:
    out = [f"Axes on={ax.axison} margins={nums(ax.margins())}"
           f" spines={''.join(k[0] for k, s in ax.spines.items() if s.get_visible())}"
           f" shares_x={len(ax.get_shared_x_axes().get_siblings(ax))}"]
    for loc, t in (("left", ax._left_title), ("center", ax.title), ("right", ax._right_title)):
        if t.get_text():
            out.append(f"  title {loc} " + text_line(t, default_family))
    for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
        out += ["  " + s for s in axis_lines(name, axis, default_family)]
    skip = {ax.title, ax._left_title, ax._right_title, ax.patch, ax.xaxis, ax.yaxis, *ax.spines.values()}
    for child in ax.get_children():
        if child in skip:
            continue
        if child is ax.get_legend():
            out += ["  " + s for s in legend_lines(child, default_family)]
        else:
            out.append("  " + describe_artist(child, default_family))
    return out


def describe(fig) -> list[str]:
    """Every artist of ``fig`` that the code placed, one per line (see the module's docstring)."""
    family = list(plt.rcParams["font.family"])
    engine = fig.get_layout_engine()
    params = "" if engine is None else " ".join(
        f"{k}={v}" for k, v in sorted(engine.get().items()))
    w, h = fig.get_size_inches()
    out = [f"Figure {num(w)}x{num(h)} in, dpi={num(fig.dpi)} face={colour(fig.get_facecolor())}"
           f" layout={type(engine).__name__} {params}".rstrip()]
    for name in ("_suptitle", "_supxlabel", "_supylabel"):
        t = getattr(fig, name, None)
        if t is not None and t.get_text():
            out.append(f"{name[1:]} " + text_line(t, family))
    for ax in fig.axes:
        out += axes_lines(ax, family)
    return out


def figures() -> dict[str, Callable]:
    """The figures of notebook 04 (and 05's framing bars), drawn as the notebooks draw them."""
    sys.path.insert(0, str(ROOT))
    import helpers as h

    def data():
        corpus = h.load_corpus(ROOT / "data" / "raw")
        names = {d: o if o != "unknown" else f"{d} (outlet unknown)"   # as notebook 04 names them
                 for d, o in zip(corpus.doc_id, corpus["outlet"])}
        annotations = h.annotate_corpus(corpus)
        return corpus, names, annotations

    def top_words():
        corpus, names, _ = data()
        return h.small_multiples_figure(h.content_word_counts(corpus), n=12, titles=names, xlabel="occurrences",
                                        suptitle="Most frequent content words (stopwords removed)")

    def framing():
        corpus, names, annotations = data()
        terms = {"إسرائيل": "LOC", "تل أبيب": "LOC"}
        counts = h.framing_counts(h.framing_passages(annotations, corpus, terms=terms), corpus)
        return h.grouped_bars_figure(counts, category="term", value="per_1000", group_names=names,
                                     xlabel="mentions per 1,000 words",
                                     title="How each article names Israel and the war")

    def quotes():
        _, names, annotations = data()
        return h.grouped_bars_figure(h.quote_words(annotations), category="speaker", value="words",
                                     group_names=names, xlabel="words of direct quotation",
                                     title="Who is quoted, and how much")

    def network():
        corpus, _, annotations = data()
        graph = h.cooccurrence_graph(annotations, h.sentences_frame(corpus))
        return h.network_figure(graph, top=20, seed=7, title="Entities mentioned in the same sentence")

    def timeline():
        _, names, annotations = data()
        return h.timeline_figure(h.date_points(annotations), group_names=names, title="Dates the articles mention")

    def wordcloud():
        corpus, _, _ = data()
        words = h.content_word_counts(corpus)
        return h.wordcloud_figure(words.groupby("word")["count"].sum().to_dict(), seed=0, max_words=80)

    return {
        "rendering_lesson": lambda: h.rendering_lesson_figure("وزير الخارجية الإسرائيلي",
                                                              gloss="the Israeli foreign minister"),
        "top_words": top_words,
        "entity_mentions": lambda: h.entity_mentions_figure(data()[2], group_names=data()[1]),
        "framing": framing,
        "network": network,
        "timeline": timeline,
        "quotes": quotes,
        "wordcloud": wordcloud,
    }


def lines(name: str) -> list[str]:
    """The snapshot of figure ``name``, drawn now with the project's style."""
    sys.path.insert(0, str(ROOT))
    from helpers import arabic_rcparams

    with matplotlib.rc_context(arabic_rcparams()):
        fig = figures()[name]()
        try:
            return describe(fig)
        finally:
            plt.close(fig)


def path(name: str) -> Path:
    return FIGURES / f"{name}.txt"


def read(name: str) -> list[str]:
    p = path(name)
    return p.read_text(encoding="utf-8").splitlines() if p.exists() else []


def main(argv: list[str]) -> int:
    check = "--check" in argv
    FIGURES.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name in figures():
        old, new = read(name), lines(name)
        if old == new:
            print(f"{name}: {len(new)} lines, same")
            continue
        changed += 1
        if check:
            print("\n".join(difflib.unified_diff(old, new, f"{name} (snapshot)", f"{name} (now)", lineterm="", n=0)))
        else:
            tmp = path(name).with_suffix(".tmp")
            tmp.write_text("\n".join(new) + "\n", encoding="utf-8")
            tmp.replace(path(name))
            print(f"{name}: {len(new)} lines written")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
