"""Plotting: the timeline, the rendering lesson, the figures' folder and their layout, on what the
mutation run of 2026-12-05 found unchecked (survivors of ``timeline_figure``,
``rendering_lesson_figure``, ``_default_figures_dir`` and ``_new_figure``). Figures are checked on
their artists (texts, titles, sizes, layout), never on pixels; labels and dates are from the two
articles of data/raw."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import helpers.plotting as plotting  # noqa: E402
from helpers import date_points, preshape  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _points() -> pd.DataFrame:
    """Three DATE annotations written as the articles write dates: a day, a year, a month."""
    ann = pd.DataFrame({
        "doc_id": ["saar_astana_baku"] * 3, "start": [40, 120, 300], "label": ["DATE"] * 3,
        "text": ["8 تشرين الأول/أكتوبر 2023", "2024", "تشرين الثاني/نوفمبر 2025"],
        "value": ["2023-10-08", "2024", "2025-11"]})   # 8 October 2023, 2024, November 2025
    return date_points(ann)


# --------------------------------------------------------------------------- timeline

def test_a_timeline_asked_for_no_title_shows_none():
    """Without ``title`` the timeline has no title at all (not a placeholder above the lanes)."""
    ax = plotting.timeline_figure(_points()).axes[0]
    assert [ax.get_title(loc=loc) for loc in ("left", "center", "right")] == ["", "", ""]
    assert ax.get_xlabel() == "dates in chronological order (evenly spaced, not to scale)"


def test_a_timeline_of_no_dates_says_exactly_that():
    """The whole message, not a part of it: a reader sees it as it is."""
    empty = date_points(pd.DataFrame(columns=["doc_id", "start", "label", "text", "value"]))
    with pytest.raises(ValueError) as err:
        plotting.timeline_figure(empty)
    assert str(err.value) == "no dated mentions to draw"


# --------------------------------------------------------------------------- the rendering lesson

def test_on_a_matplotlib_that_does_not_shape_the_lesson_says_so_and_row_3_is_preshaped(monkeypatch):
    """On matplotlib 3.10 (no shaping) the title says so and for_plot's row is the pre-shaped
    label, like row 2; "وزير الخارجية الإسرائيلي" is "the Israeli foreign minister"."""
    monkeypatch.setattr(matplotlib, "__version__", "3.10.8")
    label = "وزير الخارجية الإسرائيلي"
    fig = plotting.rendering_lesson_figure(label, gloss="the Israeli foreign minister")
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == \
        "matplotlib 3.10.8 does not shape Arabic  ·  label: 'the Israeli foreign minister'"
    assert [t.get_text() for t in ax.texts] == [
        "1  raw string", label,
        "2  get_display(reshape(s))", "ﻲﻠﻴﺋﺍﺮﺳﻹﺍ ﺔﻴﺟﺭﺎﺨﻟﺍ ﺮﻳﺯﻭ",
        "3  for_plot(s)", "ﻲﻠﻴﺋﺍﺮﺳﻹﺍ ﺔﻴﺟﺭﺎﺨﻟﺍ ﺮﻳﺯﻭ"]
    assert preshape(label) == "ﻲﻠﻴﺋﺍﺮﺳﻹﺍ ﺔﻴﺟﺭﺎﺨﻟﺍ ﺮﻳﺯﻭ"
    assert plotting.rendering_lesson_figure(label).axes[0].get_title(loc="left") == \
        "matplotlib 3.10.8 does not shape Arabic"


# --------------------------------------------------------------------------- where figures are saved

def _tree(root: Path, *, pyproject: bool, helpers: bool) -> Path:
    """A folder standing for a copy of the project: the path plotting.py would have in it."""
    (root / "helpers").mkdir(parents=True) if helpers else (root / "lib").mkdir(parents=True)
    if pyproject:
        (root / "pyproject.toml").write_text("[project]\nname = 'arabic-news-notebooks'\n", encoding="utf-8")
    return root / ("helpers" if helpers else "lib") / "plotting.py"


def test_figures_go_to_the_checkouts_figures_folder_else_beside_the_caller(tmp_path, monkeypatch):
    """FIGURES_DIR is set at import by ``_default_figures_dir`` (private: it runs once, at import, so
    mutation testing sees it only when a test calls it again). It is the checkout's ``figures/`` when
    ``plotting.py``'s grandparent holds pyproject.toml AND helpers/, else ``figures`` (relative)."""
    assert plotting.FIGURES_DIR == plotting._default_figures_dir() == ROOT / "figures"
    cases = {"checkout": (True, True), "no-pyproject": (False, True), "no-helpers": (True, False),
             "neither": (False, False)}
    found = {}
    for name, (pyproject, helpers) in cases.items():
        monkeypatch.setattr(plotting, "__file__", str(_tree(tmp_path / name, pyproject=pyproject, helpers=helpers)))
        found[name] = plotting._default_figures_dir()
    assert found == {"checkout": (tmp_path / "checkout").resolve() / "figures", "no-pyproject": Path("figures"),
                     "no-helpers": Path("figures"), "neither": Path("figures")}


def test_a_year_and_its_january_get_a_column_each(jawhara):
    """«2017» (a year) and «جانفي 2017» (January 2017) both fall on 1 January 2017: they are two
    columns, labelled 2017 and 2017-01, with the year's and the month's markers, not one column
    labelled as the month holding both (30 of Jawhara FM's 3,474 articles with dates had such a
    pair). A real article of the corpus, its dates found by the rules."""
    from helpers.annotating import annotate

    annotations = annotate(jawhara("JA-culture-7-20161229"), recognizer="rules").assign(doc_id="JA-culture-7")
    fig = plotting.timeline_figure(date_points(annotations))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2016", "2016-12", "2017", "2017-01", "2017-02", "2017-03"]
    assert [(line.get_xdata()[0], line.get_marker()) for line in ax.lines if line.get_marker() != "None"] == [
        (0, "D"), (1, "s"), (2, "D"), (3, "s"), (4, "s"), (5, "s")]
    assert [(t.get_text(), t.xy) for t in ax.texts] == [
        ("2016  ×2", (0, 0)), (plotting.for_plot("ديسمبر 2016"), (1, 0)), ("2017", (2, 0)),
        (plotting.for_plot("جانفي 2017"), (3, 0)), (plotting.for_plot("فيفري 2017"), (4, 0)),
        (plotting.for_plot("مارس 2017"), (5, 0))]
