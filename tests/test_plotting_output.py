"""Plotting: what save_figure writes (sizes, bytes, folder, messages), the word cloud's defaults and
settings, and the small text and font helpers, pinned where mutation testing found them unchecked.
Words and figures come from the two articles of data/raw and notebook 04."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

import helpers  # noqa: E402
import helpers.plotting as plotting  # noqa: E402
from helpers import arabic_style, for_image, preshape, save_figure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def frequencies():
    """Notebook 04's word-cloud input: each content word's count over both articles."""
    words = helpers.content_word_counts(helpers.load_corpus(ROOT / "data" / "raw"))
    return words.groupby("word")["count"].sum().to_dict()


# --------------------------------------------------------------------------- save_figure

def test_the_svg_ids_carry_the_fixed_salt_and_the_cloud_is_white_horizontal_with_margins(tmp_path, frequencies):
    """save_figure's SVG is the one matplotlib writes with the project's fixed id salt (so saving
    notebook 04 again leaves figures/ unchanged), and the word cloud has a white ground, horizontal
    words only and 8 px between words. Compared on this machine, so the installed font (which
    shapes the glyphs and how many words fit) does not matter."""
    import io

    with arabic_style():   # bars: their clip path has a salted id (a figure of text alone has none)
        fig = plt.figure(figsize=(3, 2))   # no layout engine: the same geometry at every save
        fig.add_subplot().bar(["ساعر", "علييف"], [11, 7])   # Saar, Aliyev: mentions in the Anadolu article
        _, svg = save_figure(fig, "bars", tmp_path)
        expected = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": "arabic-news-notebooks", "svg.fonttype": "path"}):
            fig.savefig(expected, format="svg", metadata={"Date": None, "Creator": None}, dpi=150,
                        bbox_inches="tight")
    assert 'clip-path="url(#p' in svg.read_text(encoding="utf-8")
    assert svg.read_bytes() == expected.getvalue()
    cloud = plotting.arabic_wordcloud(frequencies)
    assert (cloud.background_color, cloud.prefer_horizontal, cloud.margin) == ("white", 1.0, 8)
    assert {orientation for _, _, _, orientation, _ in cloud.layout_} == {None}


def test_outside_the_arabic_style_a_figure_is_still_saved_tight_at_150_dpi(tmp_path):
    """save_figure sets dpi and the tight box itself (matplotlib's defaults: 100 dpi, the whole
    figure): a 2 × 1 in drawing plus 0.1 in of padding on each side is 330 × 180 px and 158.4 × 86.4 pt."""
    with matplotlib.rc_context({"figure.dpi": 100, "savefig.dpi": "figure", "savefig.bbox": None}):
        fig = plt.figure(figsize=(2, 1))
        ax = fig.add_axes([0, 0, 1, 1])
        ax.set_axis_off()
        ax.add_patch(plt.Rectangle((0, 0), 1, 1, color="#1f4e79"))
        png, svg = save_figure(fig, "box", tmp_path)
    assert Image.open(png).size == (330, 180)
    assert 'width="158.4pt" height="86.4pt" viewBox="0 0 158.4 86.4"' in svg.read_text(encoding="utf-8")


def test_save_figure_without_a_folder_writes_to_figures_dir(tmp_path, monkeypatch):
    """directory=None means FIGURES_DIR (the checkout's figures/; patched here to a temporary one)."""
    monkeypatch.setattr(plotting, "FIGURES_DIR", tmp_path / "figures")
    paths = save_figure(plt.figure(figsize=(1, 1)), "demo")
    assert paths == [tmp_path / "figures" / "demo.png", tmp_path / "figures" / "demo.svg"]
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["demo.png", "demo.svg"]


def test_a_bad_figure_name_is_refused_with_the_rule_and_the_reason(tmp_path):
    with pytest.raises(ValueError) as err:
        save_figure(plt.figure(), "Top Words", tmp_path)
    assert str(err.value) == ("figure name 'Top Words': use lowercase letters, digits, '-' and '_' "
                              "(it becomes a file name that other pages link to)")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- word cloud

def test_the_word_cloud_defaults_are_seed_0_900_by_450_and_80_words(frequencies):
    """The articles have 484 content words; by default 80 are laid out on 900 × 450 (drawn 1.5 times
    as big), exactly as when the documented defaults are passed."""
    assert len(frequencies) == 484
    cloud = plotting.arabic_wordcloud(frequencies)
    same = plotting.arabic_wordcloud(frequencies, seed=0, width=900, height=450, max_words=80, scale=1.5)
    assert (cloud.width, cloud.height, len(cloud.words_), len(cloud.layout_)) == (900, 450, 80, 80)
    assert cloud.layout_ == same.layout_
    assert cloud.to_array().shape == (675, 1350, 3)


def test_a_word_cloud_of_no_words_says_so():
    with pytest.raises(ValueError) as err:
        plotting.arabic_wordcloud({})
    assert str(err.value) == "no words to draw"


def test_without_raqm_two_spellings_drawn_alike_are_one_word_with_their_counts_summed(monkeypatch):
    """On a Pillow without raqm words are pre-shaped, which drops short vowels: باكو and باكُو (Baku,
    with a damma) become one drawn word, of frequency 2 + 1 = 3, above أستانا (Astana, 2)."""
    monkeypatch.setattr(plotting, "pillow_shapes_text", lambda: False)
    assert preshape("باكو") == preshape("باكُو")
    cloud = plotting.arabic_wordcloud({"باكو": 2, "باكُو": 1, "أستانا": 2}, width=300, height=150)
    assert cloud.words_ == {preshape("باكو"): 1.0, preshape("أستانا"): 2 / 3}


def test_the_returned_cloud_reads_text_as_single_words_and_keeps_numbers(frequencies):
    """The WordCloud returned can be fed raw text again (``process_text``/``generate``): it counts
    each word alone (no two-word collocations such as «جدعون ساعر», Gideon Saar) and keeps numbers
    (years, figures: «2025» stays)."""
    cloud = plotting.arabic_wordcloud(frequencies, width=300, height=150, max_words=5)
    text = "زار جدعون ساعر باكو عام 2025 . " * 12     # Gideon Saar visited Baku in 2025
    assert cloud.process_text(text) == {"زار": 12, "جدعون": 12, "ساعر": 12, "باكو": 12, "عام": 12, "2025": 12}


# --------------------------------------------------------------------------- text and fonts

def test_text_helpers_name_the_type_they_got_instead_of_text():
    with pytest.raises(TypeError) as err:
        plotting.for_plot(2025)
    assert str(err.value) == "for_plot expects a str, got int: 2025"
    with pytest.raises(TypeError) as err:
        for_image(["باكو"])
    assert str(err.value) == "for_image expects a str, got list: ['باكو']"


def test_a_version_written_as_a_tag_is_read_too():
    """«v3.11.0» (a git tag) is 3.11, which shapes; «v3.10.8» does not; a capital V is no version."""
    assert plotting.matplotlib_shapes_text("v3.11.0") is True
    assert plotting.matplotlib_shapes_text(" v3.10.8") is False
    with pytest.raises(ValueError) as err:
        plotting.matplotlib_shapes_text("V3.11")
    assert str(err.value) == "not a version number: 'V3.11'"


def test_a_blank_label_has_no_english_gloss():
    assert [plotting.english_gloss(t) for t in ["", "  ", "باكو"]] == ["", "", "Baku"]


def test_an_unknown_font_family_falls_back_to_matplotlibs_dejavu_sans_file():
    """wordcloud needs a file: a family the machine lacks gives DejaVu Sans' (which has Arabic)."""
    assert plotting.arabic_font_path("No Such Font") == plotting.arabic_font_path("DejaVu Sans")
    assert plotting.arabic_font_path("No Such Font").endswith("/DejaVuSans.ttf")
