"""The house rules of the code, checked: sizes, one-way imports, word lists in data files.

A newcomer who must change one rule should find small files, small functions, stages that talk
through public names, and the words the rules look for in ``data/patterns/`` rather than in code.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HELPERS = ROOT / "helpers"
#: The stages in the order data flows through them; a stage imports only earlier ones.
STAGES = ("loading", "cleaning", "annotating", "plotting", "comparing", "scaling")
MAX_FILE, MAX_CLASS, MAX_FUNCTION = 900, 300, 80
#: Arabic words allowed in Python string literals across helpers/ (docstrings excluded).
MAX_ARABIC_WORDS = 150
SOURCES = sorted(HELPERS.rglob("*.py"))


def stage_of(path: Path) -> str | None:
    """The stage a file of helpers/ belongs to (``helpers/annotating/doc.py`` → ``annotating``)."""
    name = path.relative_to(HELPERS).parts[0].removesuffix(".py")
    return name if name in STAGES else None


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def docstring_nodes(module: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(module):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                ids.add(id(first.value))
    return ids


def arabic_words_in_literals(path: Path) -> int:
    """Arabic words in the string constants of a file that are not docstrings."""
    module = tree(path)
    skip = docstring_nodes(module)
    return sum(len(re.findall(r"[\u0600-\u06FF]+", node.value)) for node in ast.walk(module)
               if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip)


def imported_stage(node: ast.ImportFrom, path: Path) -> str | None:
    """The stage an ``from … import`` names (relative or ``helpers.X``), or None."""
    module = node.module or ""
    if node.level:  # relative: from .cleaning import …, from ..loading import …
        depth = len(path.relative_to(HELPERS).parts) - 1
        if node.level > depth + 1:
            return None
        first = module.split(".")[0] if node.level == depth + 1 else stage_of(path)
    else:
        parts = module.split(".")
        if parts[0] != "helpers" or len(parts) < 2:
            return None
        first = parts[1]
    return first if first in STAGES else None


def machine_paths(module: ast.Module) -> list[str]:
    """String constants (not docstrings) naming a folder of one machine: ``/tmp/…``, ``/home/…`` …"""
    skip = docstring_nodes(module)
    return [node.value for node in ast.walk(module) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in skip
            and re.match(r"/(tmp|home|work|root|Users|mnt)/", node.value)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_files_classes_and_functions_are_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_FILE, f"{path.name} has {lines} lines: split it by job"
    for node in ast.walk(tree(path)):
        size = getattr(node, "end_lineno", 0) - getattr(node, "lineno", 0) + 1
        if isinstance(node, ast.ClassDef):
            assert size <= MAX_CLASS, f"class {node.name} has {size} lines"
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            assert size <= MAX_FUNCTION, f"{node.name}() has {size} lines"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_stages_use_only_public_names_of_other_stages_and_earlier_stages_only(path):
    own = stage_of(path)
    for node in ast.walk(tree(path)):
        if not isinstance(node, ast.ImportFrom):
            continue
        other = imported_stage(node, path)
        if other is None or other == own:
            continue
        private = [a.name for a in node.names if a.name.startswith("_")]
        assert not private, f"{path.name} imports {other}'s private {private}"
        if own is not None:
            assert STAGES.index(other) < STAGES.index(own), f"{own} imports the later stage {other}"


def test_word_lists_live_in_data_files():
    counts = {str(p.relative_to(ROOT)): arabic_words_in_literals(p) for p in SOURCES}
    assert sum(counts.values()) <= MAX_ARABIC_WORDS, {k: v for k, v in counts.items() if v}


def test_no_code_or_test_reads_a_folder_of_this_machine():
    """A fresh clone elsewhere has no /tmp/… of ours: helpers, tools and tests find their files
    through the repository (``ROOT``, ``data/``) or pytest's ``tmp_path``."""
    files = [*SOURCES, *sorted((ROOT / "tests").glob("*.py")), *sorted((ROOT / "tools").glob("*.py"))]
    found = {str(p.relative_to(ROOT)): machine_paths(tree(p)) for p in files}
    assert {name: paths for name, paths in found.items() if paths} == {}


def test_the_checks_see_a_violation():
    """The checks above are not blind: they find what they look for in a made-up module."""
    sample = HELPERS / "scaling" / "x.py"
    node = ast.parse("from ..loading import _private").body[0]
    assert imported_stage(node, sample) == "loading"
    node = ast.parse("from helpers.cleaning import normalize").body[0]
    assert imported_stage(node, HELPERS / "comparing.py") == "cleaning"
    assert stage_of(HELPERS / "annotating" / "doc.py") == "annotating"
    module = ast.parse('"""Reads /tmp/x."""\nTEXT = Path("/tmp/jfm/a.txt")\nOUT = "tmp/b"')
    assert machine_paths(module) == ["/" + "tmp/jfm/a.txt"]  # (written in two: not a path of this file)
