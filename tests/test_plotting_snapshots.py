"""The figures of notebook 04, described artist by artist, compared exactly with their snapshots
(tests/fixtures/figures/*.txt): a changed title, label, colour, size, bar, marker or legend place
fails, and the message shows the lines that changed. After an intended change, run
`make snapshots` and explain the diff in the commit (tools/snapshot_figures.py says what is left
out: what depends on the machine's fonts)."""
from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_SPEC = importlib.util.spec_from_file_location("snapshot_figures", ROOT / "tools" / "snapshot_figures.py")
snapshots = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(snapshots)


@pytest.mark.parametrize("name", list(snapshots.figures()))
def test_each_figure_of_notebook_04_is_exactly_its_snapshot(name):
    old, new = snapshots.read(name), snapshots.lines(name)
    if old != new:
        diff = "\n".join(list(difflib.unified_diff(old, new, "snapshot", "now", lineterm="", n=0))[:60])
        pytest.fail(f"figure {name} differs from {snapshots.path(name).name} (run `make snapshots` if intended):\n{diff}")


def test_the_description_shows_what_a_reader_sees():
    """A bar chart made here: its title, bars (place, size, colour), bar numbers and legend, one
    line each; the machine's font and the axes' place are left out. (x limits: the bars' −0.4…1.4
    and 5% margins; the legend's handle: 2 × 0.7 font sizes.)"""
    import matplotlib.pyplot as plt

    with plt.style.context("default"):   # matplotlib's own settings, whatever ran before
        fig = plt.figure(figsize=(4, 3), layout="constrained")
        ax = fig.add_subplot()
        bars = ax.bar([0, 1], [3, 5], color="C1", label="باكو")   # Baku
        ax.bar_label(bars, padding=2)
        ax.set_xticks([0, 1], ["أ", "ب"])
        ax.set_title("Baku")
        ax.legend(loc="upper left")
        try:
            lines = snapshots.describe(fig)
        finally:
            plt.close(fig)
    assert lines[0].startswith("Figure 4x3 in, dpi=100 face=#ffffffff layout=ConstrainedLayoutEngine ")
    assert lines[1:] == [
        "Axes on=True margins=[0.05 0.05] spines=lrbt shares_x=1",
        "  title center Text 'Baku' at=(0.5, 1) size=12 colour=#000000ff ha=center va=baseline rotation=0"
        " weight=normal zorder=3 visible=True",
        "  xaxis lim=[-0.49 1.49] scale=linear visible=True locator=FixedLocator",
        "    ticks=[0 1] labels=['أ', 'ب']",
        "    tick_params gridOn=False label1On=True label2On=False tick1On=True tick2On=False",
        "  yaxis lim=[0 5.25] scale=linear visible=True locator=AutoLocator",
        "    tick_params gridOn=False label1On=True label2On=False tick1On=True tick2On=False",
        "  Rectangle xy=(-0.4, 0) w=0.8 h=3 fc=#ff7f0eff ec=#00000000 lw=1 label='_nolegend_' visible=True",
        "  Rectangle xy=(0.6, 0) w=0.8 h=5 fc=#ff7f0eff ec=#00000000 lw=1 label='_nolegend_' visible=True",
        "  Text '3' xy=(0, 3) xytext=(0, 2) coords=offset points size=10 colour=#000000ff ha=center va=bottom"
        " rotation=0 weight=normal zorder=3 visible=True",
        "  Text '5' xy=(1, 5) xytext=(0, 2) coords=offset points size=10 colour=#000000ff ha=center va=bottom"
        " rotation=0 weight=normal zorder=3 visible=True",
        "  Legend loc=2 anchor=none ncols=1 frameon=True",
        "    entry Text 'باكو' at=(0, 0) size=10 colour=#000000ff ha=left va=baseline rotation=0 weight=normal"
        " zorder=3 visible=True",
        "      handle Rectangle xy=(0, 0) w=20 h=7 fc=#ff7f0eff ec=#00000000 lw=1 label='_nolegend_' visible=True",
    ]
