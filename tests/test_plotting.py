"""Tests for helpers/plotting.py: Arabic drawn right, checked on pixels; stable figures.

The rendering tests draw a label several ways and compare the pixels with the *correct*
rendering of that label: Pillow with raqm (HarfBuzz shaping + FriBiDi) drawing the logical
string in DejaVu Sans, the Arabic font matplotlib ships. A renderer that does not shape is
stood in for by Pillow's BASIC layout engine (it draws code points left to right, unjoined,
like matplotlib <= 3.10). So if matplotlib or Pillow change how they treat Arabic, the
helpers' decisions are caught here, on real labels from the two articles.
"""
from __future__ import annotations

import doctest
import os
import unicodedata
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib import get_data_path  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from PIL import Image, ImageDraw, ImageFont, features  # noqa: E402

import helpers  # noqa: E402
import helpers.plotting as plotting  # noqa: E402
from helpers import (  # noqa: E402
    arabic_font, arabic_font_path, arabic_rcparams, arabic_style, cooccurrence_graph,
    date_points, for_image, for_plot, matplotlib_shapes_text, pillow_shapes_text, preshape,
    quote_words, rtl_table, save_figure,
)

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
FONT = os.path.join(get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")
HAS_RAQM = features.check("raqm")
needs_raqm = pytest.mark.skipif(not HAS_RAQM, reason="the reference rendering needs Pillow with raqm")
#: glossed labels open with a LEFT-TO-RIGHT MARK where matplotlib shapes: "إسرائيل (Israel)", not
#: "(Israel) إسرائيل" (a line opening with Arabic is laid out right to left)
LRM = "\u200e" if matplotlib_shapes_text() else ""

# Labels taken from the articles (checked below), plus one mixed Latin/Arabic/digits label.
CORPUS_LABELS = ["جدعون ساعر", "حرب الإبادة", "وزير الخارجية الإسرائيلي", "أكثر من 360 مليون دولار"]
MIXED_LABEL = "Gideon Saar · جدعون ساعر · 2025"
LABELS = CORPUS_LABELS + [MIXED_LABEL]
IDS = ["saar", "genocide-war", "foreign-minister", "360-million-dollars", "mixed-latin-digits"]

# Mean absolute difference (0–255) between two ink crops normalised to 48 px high.
# Same string, different rasteriser (hinting, antialiasing): measured 0–12.
# Reversed or unjoined Arabic: measured 30–77. The bounds leave room on both sides.
SAME = 16.0
DIFFERENT = 26.0
SIZE = 48


# --------------------------------------------------------------------------------------------
# Rendering and comparing
# --------------------------------------------------------------------------------------------

def pillow_render(text: str, engine: ImageFont.Layout | None) -> np.ndarray:
    """White-on-black ink of ``text`` drawn by Pillow; ``engine=None`` is Pillow's default."""
    font = ImageFont.truetype(FONT, SIZE, layout_engine=engine)
    img = Image.new("L", (SIZE * (len(text) + 4), SIZE * 3), 0)
    ImageDraw.Draw(img).text((SIZE, SIZE), text, font=font, fill=255)
    return np.asarray(img, dtype=float)


def reference(text: str) -> np.ndarray:
    """The correct rendering: the logical string shaped and reordered by raqm."""
    return pillow_render(text, ImageFont.Layout.RAQM)


def agg_render(text: str) -> np.ndarray:
    """White-on-black ink of ``text`` drawn by the installed matplotlib (Agg) in DejaVu Sans."""
    fig = plt.figure(figsize=(SIZE * (len(text) + 4) / 72, SIZE * 3 / 72), dpi=72)
    try:
        fig.text(0.05, 0.3, text, fontproperties=FontProperties(fname=FONT, size=SIZE))
        fig.canvas.draw()
        rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(float)
    finally:
        plt.close(fig)
    return 255.0 - rgb.mean(axis=2)


def _ink(a: np.ndarray, h: int = 48) -> np.ndarray:
    ys, xs = np.nonzero(a > 40)
    assert len(ys), "nothing was drawn"
    crop = a[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    w = max(1, round(crop.shape[1] * h / crop.shape[0]))
    img = Image.fromarray(crop.astype(np.uint8)).resize((w, h), Image.Resampling.LANCZOS)
    return np.asarray(img, dtype=float)


def distance(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute pixel difference of the two ink crops; 255 when the widths disagree."""
    a, b = _ink(a), _ink(b)
    if max(a.shape[1], b.shape[1]) > 1.15 * min(a.shape[1], b.shape[1]):
        return 255.0
    b = np.asarray(Image.fromarray(b.astype(np.uint8)).resize(a.shape[::-1], Image.Resampling.LANCZOS),
                   dtype=float)
    return float(np.abs(a - b).mean())


def test_labels_come_from_the_articles():
    raw = "".join(p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt")))
    for label in CORPUS_LABELS:
        assert label in raw, label


@needs_raqm
@pytest.mark.parametrize("label", LABELS, ids=IDS)
def test_the_comparison_can_tell_right_from_wrong(label):
    """Sanity check of the measure itself: unjoined, unreordered text is far from the reference."""
    ref = reference(label)
    assert distance(ref, ref) == 0
    assert distance(pillow_render(label, ImageFont.Layout.BASIC), ref) > DIFFERENT


# --------------------------------------------------------------------------------------------
# The version gate
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("version, shapes", [
    ("3.10.8", False), ("3.9.4", False), ("2.2.5", False), ("3.11.0", True), ("3.11.2", True),
    ("3.11.0rc1", True), ("3.12.0.dev45+g1a2b3c", True), ("4.0", True),
])
def test_matplotlib_version_gate(version, shapes):
    assert matplotlib_shapes_text(version) is shapes


def test_version_gate_rejects_nonsense():
    with pytest.raises(ValueError, match="not a version"):
        matplotlib_shapes_text("unknown")


def test_installed_versions_are_what_the_collection_expects():
    """The pinned stack: matplotlib 3.11 (shapes) and Pillow with raqm (shapes)."""
    assert matplotlib_shapes_text() is (tuple(matplotlib.__version_info__[:2]) >= (3, 11))
    assert pillow_shapes_text() is HAS_RAQM


# --------------------------------------------------------------------------------------------
# matplotlib: for_plot on the installed version, and what the old recipe does to it
# --------------------------------------------------------------------------------------------

@needs_raqm
@pytest.mark.parametrize("label", LABELS, ids=IDS)
def test_for_plot_draws_the_correct_label_on_installed_matplotlib(label):
    assert distance(agg_render(for_plot(label)), reference(label)) < SAME


@needs_raqm
@pytest.mark.parametrize("label", LABELS, ids=IDS)
def test_the_wrong_choice_is_visibly_wrong_on_installed_matplotlib(label):
    """On a shaping matplotlib the old recipe is drawn reversed; on an old one the raw string."""
    wrong = preshape(label) if matplotlib_shapes_text() else label
    assert distance(agg_render(wrong), reference(label)) > DIFFERENT


@needs_raqm
def test_version_gate_agrees_with_what_matplotlib_actually_does():
    label = CORPUS_LABELS[0]
    raw_is_right = distance(agg_render(label), reference(label)) < SAME
    assert raw_is_right is matplotlib_shapes_text()


# --------------------------------------------------------------------------------------------
# A renderer that does not shape (stand-in for matplotlib <= 3.10): Pillow's BASIC layout
# --------------------------------------------------------------------------------------------

@needs_raqm
@pytest.mark.parametrize("label", LABELS, ids=IDS)
def test_for_plot_without_shaping_is_right_on_a_non_shaping_renderer(label):
    basic = ImageFont.Layout.BASIC
    assert distance(pillow_render(for_plot(label, shapes=False), basic), reference(label)) < SAME
    assert distance(pillow_render(label, basic), reference(label)) > DIFFERENT


@needs_raqm
@pytest.mark.parametrize("label", LABELS, ids=IDS)
def test_preshaped_text_through_a_shaping_renderer_is_wrong(label):
    assert distance(pillow_render(preshape(label), ImageFont.Layout.RAQM), reference(label)) > DIFFERENT


@needs_raqm
@pytest.mark.parametrize("label", LABELS, ids=IDS)
def test_for_unknown_renderer_reads_right_on_every_renderer(label):
    """LRO + pre-shaped text: right on the installed matplotlib, on raqm and on BASIC alike."""
    text = helpers.for_unknown_renderer(label)
    ref = reference(label)
    assert distance(agg_render(text), ref) < SAME
    assert distance(pillow_render(text, ImageFont.Layout.RAQM), ref) < SAME
    assert distance(pillow_render(text, ImageFont.Layout.BASIC), ref) < SAME


# --------------------------------------------------------------------------------------------
# Pillow: for_image with Pillow's default engine (what wordcloud uses)
# --------------------------------------------------------------------------------------------

@needs_raqm
@pytest.mark.parametrize("label", CORPUS_LABELS, ids=IDS[:4])
def test_for_image_is_right_with_pillows_default_engine(label):
    assert distance(pillow_render(for_image(label), None), reference(label)) < SAME


@needs_raqm
@pytest.mark.parametrize("word", ["كازاخستان", "الاحتلال"])
def test_wordcloud_draws_arabic_correctly(word):
    """A one-word cloud: the word must look like the reference, not like the old recipe."""
    from wordcloud import WordCloud

    def cloud(text: str) -> np.ndarray:
        wc = WordCloud(font_path=FONT, width=420, height=140, background_color="black",
                       color_func=lambda *a, **k: "white", random_state=0, prefer_horizontal=1.0,
                       margin=2)
        wc.generate_from_frequencies({text: 1.0})
        return wc.to_array().astype(float).mean(axis=2)

    assert distance(cloud(for_image(word)), reference(word)) < SAME
    assert distance(cloud(preshape(word)), reference(word)) > DIFFERENT


# --------------------------------------------------------------------------------------------
# Strings: empty, Latin, digits, several lines, bad input
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("shapes", [True, False])
def test_empty_and_latin_pass_through(shapes):
    assert for_plot("", shapes=shapes) == ""
    assert for_plot("Baku, 2025 (Anadolu)", shapes=shapes) == "Baku, 2025 (Anadolu)"
    assert for_image("PER", shapes=shapes) == "PER"


def test_shaping_renderers_get_the_text_unchanged():
    for label in LABELS:
        assert for_plot(label, shapes=True) == label
        assert for_image(label, shapes=True) == label


def test_numbers_keep_their_order_in_the_old_recipe():
    out = for_plot("أكثر من 360 مليون دولار", shapes=False)
    assert "360" in out and "063" not in out
    out = for_plot("عامي 2024 و2025", shapes=False)
    assert "2024" in out and "2025" in out


def test_preshape_uses_presentation_forms_and_visual_order():
    out = preshape("باكو")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in out)    # joined forms
    assert out == "".join(reversed(out[::-1]))               # (a str, same length)
    assert len(out) == 4
    # visual order: the first letter (ba, initial form U+FE91) is drawn rightmost
    assert out[-1] == "\uFE91"


# Arabic letters without lam (lam + alef would become one ligature glyph), and spaces.
_LETTERS = [chr(c) for c in range(0x0621, 0x064B)
            if chr(c) != "ل" and unicodedata.category(chr(c)) == "Lo"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_LETTERS + [" "], min_size=1, max_size=30).filter(str.strip))
def test_preshape_is_the_mirror_image_of_purely_arabic_text(text):
    """Right-to-left text in visual order is the logical string reversed; folding the
    presentation forms back (NFKC) must give exactly that, letter for letter."""
    out = preshape(text)
    assert unicodedata.normalize("NFKC", out) == text[::-1]
    assert for_plot(text, shapes=True) == text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=_LETTERS, min_size=1, max_size=12), st.integers(0, 10**9))
def test_numbers_inside_arabic_keep_their_digit_order(word, number):
    out = preshape(f"{word} {number}")
    assert str(number) in out and out.startswith(str(number))


def test_lam_alef_becomes_one_ligature():
    assert preshape("لا") == "\uFEFB"


def test_each_line_is_reordered_on_its_own():
    text = "سطر أول\nسطر 2"
    out = preshape(text)
    assert out.count("\n") == 1
    first, second = out.split("\n")
    assert first == preshape("سطر أول") and second == preshape("سطر 2")


@pytest.mark.parametrize("bad", [None, 3, b"\xd8\xa8"])
def test_bad_input_gets_a_clear_error(bad):
    with pytest.raises(TypeError, match="expects a str"):
        for_plot(bad)
    with pytest.raises(TypeError, match="expects a str"):
        for_image(bad)


# --------------------------------------------------------------------------------------------
# Fonts, style, tables
# --------------------------------------------------------------------------------------------

def test_font_is_installed_and_has_arabic_glyphs():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    name = arabic_font()
    assert name in {f.name for f in font_manager.fontManager.ttflist}
    path = arabic_font_path()
    assert Path(path).exists()
    charmap = FT2Font(path).get_charmap()
    assert all(ord(c) in charmap for c in "جدعونساعرإلأ")


def test_unknown_fonts_fall_back_to_dejavu():
    assert arabic_font(["Font That Does Not Exist"]) == "DejaVu Sans"


def test_arabic_style_applies_and_restores_rcparams():
    before = matplotlib.rcParams["font.sans-serif"][:]
    with arabic_style(font_size=13) as font:
        assert matplotlib.rcParams["font.sans-serif"][0] == font
        assert matplotlib.rcParams["font.size"] == 13
        fig, ax = plt.subplots()
        ax.barh([0, 1], [3, 5])
        ax.set_yticks([0, 1], [for_plot("باكو"), for_plot("أستانا")])
        fig.canvas.draw()
        labels = ax.get_yticklabels()
        assert [t.get_horizontalalignment() for t in labels] == ["right", "right"]
        assert labels[0].get_fontfamily() == list(dict.fromkeys([font, "DejaVu Sans"]))
        plt.close(fig)
    assert matplotlib.rcParams["font.sans-serif"] == before


def test_rcparams_fix_what_makes_svg_unstable():
    params = arabic_rcparams()
    assert params["svg.hashsalt"] and params["svg.fonttype"] == "path"


# --- issue 18: an Arabic font without Latin letters (Debian's fonts-noto-core) ---

LATIN_LESS = ROOT / "tests" / "fixtures" / "fonts" / "NotoNaskhArabic-ArabicSubset.ttf"


@pytest.fixture
def latin_less_font():
    """Noto Naskh Arabic cut to the Arabic block (no Latin letters), installed for one test.

    The fixture's README says where the font comes from. It is what ``arabic_font()`` prefers
    first, so registering it reproduces a machine with ``fonts-noto-core`` installed.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    before = list(manager.ttflist)
    manager.addfont(str(LATIN_LESS))
    manager._findfont_cached.cache_clear()
    try:
        yield "Noto Naskh Arabic"
    finally:
        manager.ttflist[:] = before
        manager._findfont_cached.cache_clear()


def _fonts_drawing(text) -> dict[str, str]:
    """Which font matplotlib draws each letter of a ``Text`` artist with (its own layout)."""
    from matplotlib import font_manager
    from matplotlib._text_helpers import layout

    prop = text.get_fontproperties()
    font = font_manager.get_font(font_manager.fontManager._find_fonts_by_props(prop))
    font.set_size(prop.get_size_in_points(), 72)
    return {item.char: item.ft_object.family_name
            for item in layout(text.get_text(), font) if item.char.isalpha()}


def _english_chart_with_arabic_ticks(**style) -> tuple[list[str], dict[str, dict[str, str]]]:
    """Draw a bar chart with an English title and legend and Arabic tick labels.

    Returns the "Glyph … missing" warnings and, per string, the font drawing each letter.
    """
    import warnings

    with warnings.catch_warnings(record=True) as caught, arabic_style(**style):
        warnings.simplefilter("always")
        fig, ax = plt.subplots(figsize=(4, 2))
        ax.barh([0, 1], [3, 5], label="Mentions")
        ax.set_yticks([0, 1], [for_plot("باكو"), for_plot("جدعون ساعر")])
        ax.set_title("Who is named, 2025")
        ax.legend()
        fig.canvas.draw()
        texts = [ax.title, ax.get_legend().get_texts()[0], *ax.get_yticklabels()]
        drawn = {t.get_text(): _fonts_drawing(t) for t in texts}
        plt.close(fig)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    return missing, drawn


def test_the_latin_less_fixture_has_arabic_but_no_latin_letters():
    from matplotlib.ft2font import FT2Font

    font = FT2Font(str(LATIN_LESS))
    charmap = font.get_charmap()
    assert font.family_name == "Noto Naskh Arabic"
    assert all(ord(c) in charmap for c in "جدعونساعرإلأباكو0123456789 ")
    assert not any(ord(c) in charmap for c in "ABCXYZabcxyz")
    assert LATIN_LESS.stat().st_size < 100_000


def test_a_font_without_latin_letters_still_draws_english(latin_less_font):
    """English goes to DejaVu Sans, Arabic stays in the Arabic font, and nothing is a box."""
    assert arabic_font() == latin_less_font          # the helpers' own choice, as on such a machine
    missing, drawn = _english_chart_with_arabic_ticks()
    assert missing == []
    assert set(drawn["Who is named, 2025"].values()) == {"DejaVu Sans"}
    assert set(drawn["Mentions"].values()) == {"DejaVu Sans"}
    assert set(drawn[for_plot("باكو")].values()) == {latin_less_font}
    assert set(drawn[for_plot("جدعون ساعر")].values()) == {latin_less_font}


def test_a_chosen_font_comes_first_and_dejavu_covers_the_rest(latin_less_font):
    assert arabic_rcparams(font=latin_less_font)["font.family"] == [latin_less_font, "DejaVu Sans"]
    assert arabic_rcparams(font="DejaVu Sans")["font.family"] == ["DejaVu Sans"]
    with pytest.raises(ValueError, match="not installed"):
        arabic_rcparams(font="Font That Does Not Exist")
    # choosing DejaVu Sans by hand draws everything in it, as before
    missing, drawn = _english_chart_with_arabic_ticks(font="DejaVu Sans")
    assert missing == []
    assert {f for letters in drawn.values() for f in letters.values()} == {"DejaVu Sans"}


def test_rtl_table_is_rtl_escaped_and_stable():
    df = pd.DataFrame({"doc_id": ["anadolu_saar_baku"], "quote": ['<script>alert("x")</script> باكو'],
                       "n": [3]})
    html = rtl_table(df).to_html()
    assert 'dir="rtl"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "direction: rtl" in html and "text-align: right" in html
    assert html == rtl_table(df).to_html(), "the same frame gives the same HTML (nbval, reruns)"
    other = rtl_table(df.assign(n=[4])).to_html()
    assert other != html
    # tables with different content get different element ids, so styles never cross over
    ident = html.split('id="T_', 1)[1].split('"', 1)[0]
    assert ident not in other


def test_rtl_table_says_what_it_needs():
    with pytest.raises(TypeError, match="to_frame"):
        rtl_table(pd.Series(["باكو"]))


def test_rtl_table_escapes_headers_and_index():
    df = pd.DataFrame({"<b>": ["x"]}, index=["<i>"])
    html = rtl_table(df).to_html()
    assert "<b>" not in html and "<i>" not in html


# --------------------------------------------------------------------------------------------
# Saving figures
# --------------------------------------------------------------------------------------------

def _demo_figure():
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.barh([0, 1], [2, 3])
    ax.set_yticks([0, 1], [for_plot("إسرائيل"), for_plot("الاحتلال")])
    ax.set_title("framing")
    return fig


def test_save_figure_writes_png_and_svg_with_the_same_bytes_every_time(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    fig = _demo_figure()
    paths = save_figure(fig, "framing-demo", first)
    plt.close(fig)
    fig = _demo_figure()
    save_figure(fig, "framing-demo", second)
    plt.close(fig)
    assert [p.name for p in paths] == ["framing-demo.png", "framing-demo.svg"]
    for name in ("framing-demo.png", "framing-demo.svg"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    png = (first / "framing-demo.png").read_bytes()
    assert png.startswith(b"\x89PNG") and b"Matplotlib" not in png
    svg = (first / "framing-demo.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "<svg" in svg
    assert sorted(p.name for p in first.iterdir()) == ["framing-demo.png", "framing-demo.svg"]


def test_save_figure_leaves_an_unchanged_file_alone(tmp_path):
    fig = _demo_figure()
    png, _ = save_figure(fig, "x", tmp_path)
    stamp = png.stat().st_mtime_ns
    os.utime(png, ns=(stamp - 10**9, stamp - 10**9))
    save_figure(fig, "x", tmp_path)
    plt.close(fig)
    assert png.stat().st_mtime_ns == stamp - 10**9


def test_save_figure_keeps_the_old_file_when_saving_fails(tmp_path):
    fig = _demo_figure()
    png, svg = save_figure(fig, "x", tmp_path)
    before = png.read_bytes()
    fig.axes[0].set_title("$\\undefinedcommand$")      # mathtext error at draw time
    with pytest.raises(ValueError):
        save_figure(fig, "x", tmp_path)
    plt.close(fig)
    assert png.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.png", "x.svg"]


@pytest.mark.parametrize("name", ["", "Figure 1", "../escape", "a/b", "top.words"])
def test_save_figure_rejects_unstable_names(tmp_path, name):
    fig = _demo_figure()
    with pytest.raises(ValueError, match="figure name"):
        save_figure(fig, name, tmp_path)
    plt.close(fig)


# --------------------------------------------------------------------------------------------
# Data for figures, on spans of the real articles
# --------------------------------------------------------------------------------------------

def _spans(text: str, surface: str, label: str, canonical: str) -> list[dict]:
    out, start = [], text.find(surface)
    while start != -1:
        out.append({"start": start, "end": start + len(surface), "label": label,
                    "text": surface, "canonical": canonical})
        start = text.find(surface, start + 1)
    return out


@pytest.fixture(scope="module")
def corpus():
    return helpers.load_corpus(RAW)


@pytest.fixture(scope="module")
def hand_annotations(corpus):
    rows = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"]):
        for surface, label, canonical in [("ساعر", "PER", "جدعون ساعر"),
                                          ("علييف", "PER", "إلهام علييف"),
                                          ("باكو", "LOC", "باكو"),
                                          ("كازاخستان", "LOC", "كازاخستان")]:
            rows += [dict(r, doc_id=doc_id) for r in _spans(text, surface, label, canonical)]
    return pd.DataFrame(rows)


def test_cooccurrence_graph_on_the_articles(corpus, hand_annotations):
    sents = helpers.sentences_frame(corpus)
    graph = cooccurrence_graph(hand_annotations, sents)
    assert graph.nodes["جدعون ساعر"]["mentions"] == (hand_annotations["canonical"] == "جدعون ساعر").sum()
    # recount the Saar–Aliyev edge by hand, sentence by sentence
    expected = 0
    for row in sents.itertuples():
        text = corpus.set_index("doc_id").loc[row.doc_id, "text"][row.start:row.end]
        expected += ("ساعر" in text) and ("علييف" in text)
    assert expected > 0
    assert graph["جدعون ساعر"]["إلهام علييف"]["weight"] == expected
    assert graph.nodes["باكو"]["label"] == "LOC"
    assert set(graph.nodes["جدعون ساعر"]["docs"]) == set(corpus["doc_id"])


def test_cooccurrence_graph_is_deterministic_and_complains_clearly(corpus, hand_annotations):
    sents = helpers.sentences_frame(corpus)
    a = cooccurrence_graph(hand_annotations, sents)
    b = cooccurrence_graph(hand_annotations.sample(frac=1, random_state=1), sents)
    assert list(a.nodes) == list(b.nodes) and nx.utils.edges_equal(a.edges(data=True), b.edges(data=True))
    with pytest.raises(ValueError, match="missing column"):
        cooccurrence_graph(hand_annotations.drop(columns="start"), sents)


def test_date_points_places_only_what_it_can():
    ann = pd.DataFrame({
        "doc_id": ["b", "a", "a", "a", "a"], "start": [5, 0, 9, 30, 40], "end": [9, 4, 20, 35, 45],
        "label": ["DATE", "DATE", "DATE", "DATE", "PER"],
        "text": ["2025", "الاثنين", "8 أكتوبر/ تشرين الأول 2023", "2023-13", "ساعر"],
        "value": ["2025", None, "2023-10-08", "2023-13", None]})
    out = date_points(ann)
    assert out["text"].tolist() == ["8 أكتوبر/ تشرين الأول 2023", "2025"]
    assert out["precision"].tolist() == ["day", "year"]
    assert date_points(ann.iloc[:0]).empty


def test_quote_words_counts_words_and_keeps_unattributed():
    ann = pd.DataFrame({"doc_id": ["a", "a", "b", "a"], "label": ["QUOTE", "QUOTE", "QUOTE", "PER"],
                        "text": ["هدفنا المشترك هو تعزيز شراكتنا", "شكرا", "نسعى", "ساعر"],
                        "speaker": ["جدعون ساعر", "جدعون ساعر", None, None]})
    out = quote_words(ann)
    assert out.to_dict("records") == [
        {"doc_id": "a", "speaker": "جدعون ساعر", "quotes": 2, "words": 6},
        {"doc_id": "b", "speaker": "(unattributed)", "quotes": 1, "words": 1}]


def test_quote_words_counts_vocalised_words_once():
    # diacritics inside a word do not split it (``\w+`` counted 9 pieces here); a dash is no word
    text = "قالَ مُحَمَّدٌ: «نَعَمْ» — 40%"
    ann = pd.DataFrame({"doc_id": ["a"], "label": ["QUOTE"], "text": [text], "speaker": ["x"]})
    assert quote_words(ann)["words"].tolist() == [4]


# --------------------------------------------------------------------------------------------
# Figures: what they draw, and that they are the same on every run
# --------------------------------------------------------------------------------------------

def _png(fig) -> bytes:
    data = plotting._figure_bytes(fig, "png")
    plt.close(fig)
    return data


def test_small_multiples_order_and_labels():
    counts = pd.DataFrame({"doc_id": ["a", "a", "a", "b", "b"],
                           "word": ["باكو", "أذربيجان", "ساعر", "كازاخستان", "أستانا"],
                           "count": [3, 5, 3, 9, 2]})
    fig = plotting.small_multiples_figure(counts, n=3, titles={"a": "Anadolu"})
    left, right = fig.axes
    # largest at the top; ties broken by the word, so the order never depends on input order
    top_to_bottom = [t.get_text() for t in sorted(left.get_yticklabels(), key=lambda t: -t.get_position()[1])]
    assert top_to_bottom == [f"{LRM}{for_plot(w)} ({en})" for w, en in [("أذربيجان", "Azerbaijan"),
                                                                          ("باكو", "Baku"), ("ساعر", "Saar")]]
    assert left.get_title() == "Anadolu" and right.get_title() == "b"
    shuffled = plotting.small_multiples_figure(counts.iloc[::-1], n=3, titles={"a": "Anadolu"})
    assert _png(fig) == _png(shuffled)


def test_grouped_bars_fill_missing_groups_with_zero():
    counts = pd.DataFrame({"doc_id": ["a", "b", "b"], "term": ["إسرائيل", "إسرائيل", "الاحتلال"],
                           "count": [7, 2, 6]})
    fig = plotting.grouped_bars_figure(counts, category="term")
    ax = fig.axes[0]
    widths = sorted(round(p.get_width()) for p in ax.patches)
    assert widths == [0, 2, 6, 7]
    plt.close(fig)


def test_network_and_wordcloud_figures_are_deterministic(corpus, hand_annotations):
    sents = helpers.sentences_frame(corpus)
    graph = cooccurrence_graph(hand_annotations, sents)
    assert _png(plotting.network_figure(graph)) == _png(plotting.network_figure(graph))
    freqs = {"إسرائيل": 9, "كازاخستان": 7, "باكو": 5, "الاحتلال": 4}
    assert _png(plotting.wordcloud_figure(freqs, width=300, height=150)) == \
        _png(plotting.wordcloud_figure(dict(reversed(list(freqs.items()))), width=300, height=150))


def test_timeline_figure_needs_dates():
    empty = pd.DataFrame(columns=["doc_id", "start", "text", "date", "precision"])
    with pytest.raises(ValueError, match="no dated mentions"):
        plotting.timeline_figure(empty)


def test_docstring_examples():
    result = doctest.testmod(plotting, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10 and result.failed == 0


def test_content_word_counts_on_the_articles(corpus):
    import re

    counts = helpers.content_word_counts(corpus)
    assert set(counts["doc_id"]) == set(corpus["doc_id"])
    assert not counts["word"].map(helpers.is_stopword).any()
    assert not counts["word"].str.contains(r"^\d").any()
    texts = dict(zip(corpus["doc_id"], corpus["text"]))
    for doc_id, part in counts.groupby("doc_id"):
        assert part["count"].is_monotonic_decreasing
        # recount the top words in the raw text with a plain regex, independently of tokenize
        for row in part.head(5).itertuples():
            # a top word is seen on its own, so و/ف ("and") glued to it is always cut off
            variants = {w for w in re.findall(r"\w+", texts[doc_id]) if helpers.normalize(w) == row.key}
            assert row.word in variants                       # shown in a raw spelling
            recount = sum(len(re.findall(rf"(?<!\w)[وف]?{re.escape(v)}(?!\w)", texts[doc_id]))
                          for v in variants)
            assert recount == row.count, (row.word, recount, row.count)


def test_content_word_counts_cut_the_conjunction_off_on_the_real_articles(corpus):
    """و ("and") glued to a word counts for the word (the Anadolu article: ساعر 10 bare + 1
    وساعر, لبنان 1 + 2 ولبنان, الدفاع 0 + 3 والدفاع); only the conjunction goes (the article ال
    stays), and a word whose و belongs to the stem (وزير "minister") stays whole."""
    import re

    counts = helpers.content_word_counts(corpus).set_index(["doc_id", "word"])["count"]
    text = corpus.set_index("doc_id").loc["anadolu_saar_baku", "text"]
    found = {w: [len(re.findall(rf"(?<!\w){c}{w}(?!\w)", text)) for c in ["", "و"]]
             for w in ["ساعر", "لبنان", "الدفاع"]}
    assert found == {"ساعر": [10, 1], "لبنان": [1, 2], "الدفاع": [0, 3]}
    assert [counts["anadolu_saar_baku", w] for w in found] == [11, 3, 3]
    words = set(counts.index.get_level_values("word"))
    assert not {"وساعر", "ولبنان", "والدفاع", "والزراعة"} & words
    assert {"وزير", "الزراعة"} <= words


def test_content_word_counts_merges_spellings_and_shows_the_commonest():
    df = pd.DataFrame({"doc_id": ["a"], "text": ["إسرائيل اسرائيل إسرائيل"]})
    assert helpers.content_word_counts(df)[["word", "count"]].values.tolist() == [["إسرائيل", 3]]
    empty = helpers.content_word_counts(pd.DataFrame({"doc_id": ["a"], "text": ["في من إلى"]}))
    assert empty.empty and list(empty.columns) == ["doc_id", "word", "key", "count"]


@needs_raqm
def test_word_cloud_words_never_share_ink_and_read_right(corpus):
    """Every word of the real cloud is drawn apart from the others and matches its reference."""
    counts = helpers.content_word_counts(corpus)
    freqs = counts.groupby("word")["count"].sum().to_dict()
    cloud = helpers.arabic_wordcloud(freqs, width=450, height=225, max_words=30, scale=1)
    assert len(cloud.layout_) == 30
    taken = np.zeros((cloud.height, cloud.width), bool)
    for (word, _), size, (x, y), orientation, _ in cloud.layout_:
        img = Image.new("L", (cloud.width, cloud.height), 0)
        font = ImageFont.TransposedFont(ImageFont.truetype(cloud.font_path, size), orientation=orientation)
        ImageDraw.Draw(img).text((y, x), word, fill=255, font=font)
        ink = np.asarray(img) > 0
        assert not (ink & taken).any(), f"{word} overlaps another word"
        taken |= ink
    # the most frequent words are the ones drawn, each as for_image made it
    drawn = {word for (word, _), *_ in cloud.layout_}
    assert for_image(max(freqs, key=lambda w: (freqs[w], w))) in drawn


def test_network_figure_draws_the_top_entities_and_lists_the_isolated():
    g = nx.Graph()
    g.add_node("جدعون ساعر", label="PER", mentions=9)
    g.add_node("باكو", label="LOC", mentions=5)
    g.add_node("القدس", label="LOC", mentions=2)          # shares no sentence
    g.add_node("أستانا", label="LOC", mentions=1)         # not in the top 3
    g.add_edge("جدعون ساعر", "باكو", weight=3)
    g.add_edge("جدعون ساعر", "أستانا", weight=1)
    fig = plotting.network_figure(g, top=3)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == [f"{LRM}{for_plot('باكو')}\n(Baku)", f"{LRM}{for_plot('جدعون ساعر')}\n(Gideon Saar)"]
    assert fig.get_supxlabel() == f"no shared sentence: {LRM}{for_plot('القدس')} (Jerusalem)"
    plt.close(fig)


def test_timeline_columns_are_the_distinct_dates_in_order():
    ann = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b"], "start": [0, 50, 90, 10], "end": [4, 54, 120, 40],
        "label": ["DATE"] * 4, "text": ["2025", "2025", "8 أكتوبر/ تشرين الأول 2023", "1967"],
        "value": ["2025", "2025", "2023-10-08", "1967"]})
    fig = plotting.timeline_figure(date_points(ann), group_names={"a": "Anadolu"})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1967", "2023-10-08", "2025"]
    labels = [t.get_text() for t in ax.texts]
    assert "2025  ×2" in labels and for_plot("8 أكتوبر/ تشرين الأول 2023") in labels
    assert "not to scale" in ax.get_xlabel()
    plt.close(fig)


def test_saved_figures_are_readable_like_any_new_file(tmp_path):
    fig = _demo_figure()
    png, svg = save_figure(fig, "mode", tmp_path)
    plt.close(fig)
    mask = os.umask(0)
    os.umask(mask)
    assert png.stat().st_mode & 0o777 == 0o666 & ~mask
    assert svg.stat().st_mode & 0o777 == 0o666 & ~mask


def test_every_plotting_name_is_exported_by_helpers():
    assert set(plotting.__all__) <= set(helpers.__all__)
    for name in plotting.__all__:
        assert getattr(helpers, name) is getattr(plotting, name)


def _svg_glyphs(text: str) -> list[tuple[float, int]]:
    """(x, glyph index) of every glyph matplotlib writes for ``text`` in an SVG, left to right."""
    import io
    import re

    fig = plt.figure(figsize=(4, 1))
    fig.text(0.1, 0.5, text, fontproperties=FontProperties(fname=FONT, size=20))
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    uses = re.findall(r'<use xlink:href="#DejaVuSans-([0-9a-f]+)"(?: transform="translate\(([-\d.]+) )?',
                      buf.getvalue())
    return sorted((float(x or 0), int(g, 16)) for g, x in uses)


def test_svg_figures_are_shaped_and_right_to_left():
    """SVG output (glyphs as paths) goes through the same shaping: joined forms, RTL order."""
    from matplotlib.ft2font import FT2Font

    font = FT2Font(FONT)
    glyph = lambda c: font.get_char_index(ord(c))  # noqa: E731
    assert [g for _, g in _svg_glyphs(for_plot("لا"))] == [glyph("\uFEFB")]      # one ligature
    saar = [g for _, g in _svg_glyphs(for_plot("ساعر"))]
    assert saar[-1] == glyph("\uFEB3")       # rightmost: seen in its initial form
    assert saar[0] == glyph("\uFEAE")        # leftmost: ra in its final form
    assert glyph("س") not in saar            # never the unjoined letter


# --- issue 19: boundaries a refactor could move ---

def test_cooccurrence_sentence_bounds_are_start_inclusive_end_exclusive():
    from helpers import annotate, split_sentences
    text = "استقبل علييف ساعر في العاصمة. باكو وأنقرة تريدان التعاون."
    ann = annotate(text, recognizer="rules").assign(doc_id="a")
    assert ann[["start", "text"]].values.tolist() == [[7, "علييف"], [13, "ساعر"], [30, "باكو"], [36, "أنقرة"]]
    bounds = split_sentences(text)
    assert bounds == [(0, 29), (30, 57)]  # باكو starts the second sentence
    # the sentences as split, and the same sentences with the space kept in the first (touching)
    for spans in (bounds, [(0, 30), (30, 57)]):
        sents = pd.DataFrame({"doc_id": "a", "sent_id": [0, 1], "start": [s for s, _ in spans],
                              "end": [e for _, e in spans]})
        g = cooccurrence_graph(ann, sents)
        assert sorted(tuple(sorted(e)) + (w,) for *e, w in g.edges(data="weight")) == [
            ("أنقرة", "باكو", 1), ("إلهام علييف", "جدعون ساعر", 1)]


# --------------------------------------------------------------------------------------------
# Figures a reader can read: nothing hides a number, sizes are said, colours are readable
# --------------------------------------------------------------------------------------------

def _extents(fig, artists) -> list:
    renderer = fig.canvas.get_renderer()
    return [a.get_window_extent(renderer) for a in artists]


def test_entity_mentions_legend_covers_no_bar_and_no_number():
    """The counts of 04's figure (LOC 46 was hidden under the legend): the legend overlaps
    no bar and no bar's number."""
    counts = {"PER": (22, 17), "LOC": (37, 46), "ORG": (9, 5)}
    ann = pd.DataFrame([{"doc_id": doc, "label": lab}
                        for lab, ns in counts.items() for doc, n in zip("ab", ns) for _ in range(n)])
    fig = plotting.entity_mentions_figure(
        ann, group_names={"a": "Anadolu Agency", "b": "saar_astana_baku (outlet unknown)"})
    ax = fig.axes[0]
    fig.canvas.draw()
    legend = [lg.get_window_extent() for lg in [ax.get_legend(), *fig.legends] if lg is not None]
    numbers = [t for t in ax.texts if t.get_text()]
    assert sorted(t.get_text() for t in numbers) == sorted(str(n) for ns in counts.values() for n in ns)
    for box in legend:
        for other in _extents(fig, numbers) + _extents(fig, ax.patches):
            assert not box.overlaps(other)
    plt.close(fig)


def test_network_labels_sit_beside_their_nodes_and_the_legend_says_what_sizes_mean(corpus,
                                                                                  hand_annotations):
    from matplotlib.collections import PathCollection

    graph = cooccurrence_graph(hand_annotations, helpers.sentences_frame(corpus))
    fig = plotting.network_figure(graph)
    ax = fig.axes[0]
    fig.canvas.draw()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    mentions = [d["mentions"] for _, d in graph.nodes(data=True)]
    weights = [d["weight"] for *_, d in graph.edges(data=True)]
    assert f"node size: mentions ({min(mentions)}–{max(mentions)})" in legend
    assert f"edge width: sentences naming both ({min(weights)}–{max(weights)})" in legend
    (nodes,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    centres = ax.transData.transform(nodes.get_offsets())
    radii = np.sqrt(nodes.get_sizes()) / 2 * fig.dpi / 72            # marker area is in points²
    labels = [t for t in ax.texts if t.get_text()]
    assert len(labels) == len(centres) == graph.number_of_nodes()
    for label in labels:
        (i,) = np.flatnonzero(np.all(np.isclose(nodes.get_offsets(), label.xy), axis=1))
        box = label.get_window_extent()
        # the point of the label's box nearest to the node centre lies outside the node
        nearest = np.clip(centres[i], [box.x0, box.y0], [box.x1, box.y1])
        assert np.hypot(*(nearest - centres[i])) > radii[i], label.get_text()
    plt.close(fig)


def _contrast_with_white(rgb: tuple[int, int, int]) -> float:
    """WCAG contrast ratio of an sRGB colour (0–255) against white."""
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in np.array(rgb) / 255]
    return 1.05 / (0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] + 0.05)


def test_word_cloud_colours_read_on_white_and_the_figure_has_a_title(corpus):
    """Every word drawn has a contrast of at least 4.5:1 with the white background (the old
    viridis colours went down to a pale yellow of 1.3:1), and the figure says what size means."""
    import re

    freqs = helpers.content_word_counts(corpus).groupby("word")["count"].sum().to_dict()
    cloud = helpers.arabic_wordcloud(freqs, width=450, height=225, max_words=80, scale=1)
    colours = {tuple(int(v) for v in re.findall(r"\d+", c)) for *_, c in cloud.layout_}
    assert len(colours) > 3 and min(map(_contrast_with_white, colours)) >= 4.5
    fig = plotting.wordcloud_figure({"باكو": 3, "أستانا": 2}, width=300, height=150)
    assert fig.axes[0].get_title() == "The most frequent words (bigger = more frequent)"
    plt.close(fig)


def test_every_entity_and_term_the_notebooks_chart_has_an_english_gloss(corpus):
    """The names (PER, LOC, ORG), framing terms and quoted speakers that 04 and 05 chart for the
    articles of data/raw, and the 12 top words of each article, all have an English gloss, and
    the charts show it beside the Arabic: "إسرائيل (Israel)"."""
    ann = helpers.annotate_corpus(corpus)
    shown = ann[ann["label"].isin(["PER", "LOC", "ORG", "FRAME"])]
    names = set(plotting._entity_key(shown)) | set(quote_words(ann)["speaker"])
    names |= set(helpers.content_word_counts(corpus).groupby("doc_id").head(12)["word"])
    assert len(names) > 50
    assert [n for n in sorted(names) if not plotting.english_gloss(n)] == []
    counts = pd.DataFrame({"doc_id": ["a", "b"], "term": ["الاحتلال", "إسرائيل"], "count": [3, 2]})
    fig = plotting.grouped_bars_figure(counts, category="term")
    assert sorted(t.get_text() for t in fig.axes[0].get_yticklabels()) == sorted(
        [f"{LRM}{for_plot('الاحتلال')} (the occupation)", f"{LRM}{for_plot('إسرائيل')} (Israel)"])
    plt.close(fig)
