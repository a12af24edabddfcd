"""The learned recognizer's command line (``python -m helpers.annotating.learned``): its help, its
defaults (where it writes when told nothing), what it prints after training, and the wrong
entities ``real --errors`` lists. Written for the surviving mutants of ``main`` and ``print_real``
(mutation run of 2026-12-04); every default path is pointed into ``tmp_path`` first, so that a bug
cannot write over the shipped model, card or clusters."""
from __future__ import annotations

from itertools import groupby
from pathlib import Path

import pytest

from helpers.annotating.learned import __main__ as cli

#: The first 30 train sentences of ANERcorp train a model in about a second; its dev scores
#: (the last tenth of the file, 1,000 sentences or so) are pinned: training is deterministic.
SMALL = ["--sentences", "30"]


@pytest.fixture
def defaults(tmp_path, monkeypatch) -> Path:
    """The command's default model, card and archive moved into ``tmp_path`` (the working folder)."""
    monkeypatch.setattr(cli, "MODEL_PATH", tmp_path / "default.crfsuite")
    monkeypatch.setattr(cli, "CARD_PATH", tmp_path / "DEFAULT_CARD.md")
    monkeypatch.setattr(cli, "JAWHARA", tmp_path / "no-archive.tar.xz")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_help_names_the_command_and_says_what_errors_does(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m helpers.annotating.learned [-h] [--errors]")
    assert "  --errors              real: list the entities each recognizer gets wrong\n" in out


def test_an_unknown_command_is_refused_with_the_three_it_knows(capsys, defaults):
    with pytest.raises(SystemExit) as done:
        cli.main(["tran", *SMALL])  # (were it taken for train: 30 sentences)
    assert done.value.code == 2
    assert capsys.readouterr().err.endswith(
        "error: argument command: invalid choice: 'tran' (choose from 'train', 'clusters', 'real')\n")
    assert list(defaults.iterdir()) == []


def test_clusters_without_the_archive_names_the_default_path_it_looked_at(defaults):
    with pytest.raises(FileNotFoundError) as error:
        cli.main(["clusters"])
    assert str(error.value) == f"no Jawhara FM archive at {defaults / 'no-archive.tar.xz'}: pass --jawhara PATH"


def test_train_writes_the_default_model_prints_its_dev_scores_and_no_card_when_told_dash(capsys, defaults):
    """``--card -``: no card at all (not a file named "-"); the model goes to the default path; the
    second line gives the exact-match F1 of each of the four labels and all of them (MISC: nan, a
    model of 30 sentences never tags it, its precision is 0 / 0)."""
    assert cli.main(["train", *SMALL, "--card", "-"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("trained on 30 sentences in ") and out[0].endswith(f" s → {defaults / 'default.crfsuite'}")
    assert out[1:] == ["dev exact F1: LOC 0.7438, MISC nan, ORG 0.1823, PERS 0.0698, ALL 0.3547"]
    assert sorted(p.name for p in defaults.iterdir()) == ["default.crfsuite"]


def test_train_writes_the_card_to_its_default_path_with_the_micro_f1_of_the_project_labels(capsys, defaults):
    """The card's micro F1 over all four labels, then over the project's three (MISC left out)."""
    assert cli.main(["train", *SMALL, "--out", str(defaults / "m.crfsuite")]) == 0
    card = (defaults / "DEFAULT_CARD.md").read_text(encoding="utf-8")
    assert ("Micro F1, exact: **0.3547** (PERS, LOC, ORG, MISC); over PERS, LOC and ORG only\n"
            "(the project's labels): **0.3859**.") in card
    assert "the first 30 sentences" in card and card.count("(scored for the shipped model only)") == 2
    assert sorted(p.name for p in defaults.iterdir()) == ["DEFAULT_CARD.md", "m.crfsuite"]


def _sections(out: str) -> dict[str, list[str]]:
    """The tables ``real --errors`` prints, by recognizer: ``{"rules": [header, row, …]}``."""
    parts = out.split("\n## ")[1:]
    return {p.split(":")[0]: p.split("\n\n", 1)[1].rstrip("\n").split("\n") for p in parts}


def test_real_errors_prints_each_recognizers_wrong_entities_whole_and_sorted(capsys):
    """The rules' 56 wrong entities of the 16 real articles, by side (gold: missed or found wrong;
    pred: false or wrong), then kind, then article; no index column; long names not cut."""
    assert cli.main(["real", "--errors"]) == 0
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("## ")] == [
        "## rules: 56 entities wrong", "## model: 47 entities wrong", "## combined: 38 entities wrong"]
    tables = _sections(out)
    assert [len(t) for t in tables.values()] == [57, 48, 39]
    header, *rows = tables["rules"]
    assert header.split() == ["doc_id", "side", "kind", "label", "canonical", "mentions", "other"]
    assert rows[0].startswith("          JA-economy-221-20170421 gold boundary   ORG وكالة تونس افريقيا للانباء ")
    assert rows[0].endswith("   وكالة تونس ORG | تونس LOC | افريقيا LOC")
    cells = [row.split()[:3] for row in rows]
    assert [(side, kind, len(list(group))) for (side, kind), group in groupby(cells, key=lambda c: (c[1], c[2]))] == [
        ("gold", "boundary", 3), ("gold", "label", 1), ("gold", "missed", 31),
        ("pred", "boundary", 3), ("pred", "false", 17), ("pred", "label", 1)]
    for _, group in groupby(cells, key=lambda c: (c[1], c[2])):
        docs = [c[0] for c in group]
        assert docs == sorted(docs)
    assert tables["combined"][-1].startswith("JA-internationalNews-413-20170304 pred    label   LOC")
