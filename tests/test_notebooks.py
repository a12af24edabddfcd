"""Checks every notebook the way readers and students use them.

nbval (run by ``make test`` over ``notebooks/``) proves the stored outputs are what the
code produces today. These tests add what nbval does not check:

* the notebook is stored executed;
* it has the teaching structure (objectives, time, exercises with collapsed solutions,
  a summary, a link to the next notebook);
* it is rerun-safe: each code cell executed twice in a row gives the same text output,
  and the whole notebook executed again in the same kernel gives the same output;
* it cleans up after itself: no scratch file or folder is left in the temporary folder, however
  often a cell was rerun;
* it runs the same wherever it is started from (no path relative to the working directory);
* opening it in JupyterLab changes nothing (its metadata are what JupyterLab writes);
* its prose speaks to the reader, not about how the project was made.
"""
from __future__ import annotations

import configparser
import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))  # as `make notebooks` and the book: 03b_recognizer too
IDS = [p.stem for p in NOTEBOOKS]


def _sanitizers() -> list[tuple[re.Pattern, str]]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "tests" / "sanitize.cfg", encoding="utf-8")
    return [(re.compile(cfg[s]["regex"]), cfg[s]["replace"]) for s in cfg.sections()]


SANITIZERS = _sanitizers()


def sanitize(text: str) -> str:
    for pattern, repl in SANITIZERS:
        text = pattern.sub(repl, text)
    return text


def text_of(outputs: list) -> list[str]:
    """The text a reader sees in a cell's outputs (images are left to nbval).

    Consecutive pieces of one stream are joined first, as nbval does: the kernel may
    send one ``print`` as several messages, and a reader sees them as one block.
    """
    seen: list[str] = []
    last_kind = None
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            piece = f"{out['name']}: "
            if seen and seen[-1].startswith(piece) and last_kind == "stream":
                seen[-1] += out["text"]
            else:
                seen.append(piece + out["text"])
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            for mime in ("text/plain", "text/html", "text/markdown"):
                if mime in data:
                    value = data[mime]
                    seen.append(f"{mime}: {''.join(value) if isinstance(value, list) else value}")
        elif kind == "error":
            seen.append(f"error: {out['ename']}: {out['evalue']}")
        last_kind = kind
    return [sanitize(s) for s in seen]


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_there_are_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert "01_loading.ipynb" in names
    assert names == sorted(names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_executed(path):
    nb = nbformat.read(path, as_version=4)
    cells = code_cells(nb)
    assert cells, "a notebook without code"
    missing = [i for i, c in enumerate(cells) if c.get("execution_count") is None]
    assert not missing, f"code cells stored without execution: {missing}; run `make notebooks`"
    counts = [c.execution_count for c in cells]
    assert counts == list(range(1, len(cells) + 1)), "execution counts out of order: re-run top to bottom"
    errors = [c.source[:60] for c in cells if any(o.get("output_type") == "error" for o in c.outputs)
              and "raises-exception" not in c.metadata.get("tags", [])]
    assert not errors, f"cells stored with an error: {errors}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_teaching_structure(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert re.search(r"learning objectives", first.source, re.I), "first cell: learning objectives"
    assert re.search(r"estimated time", first.source, re.I), "first cell: estimated time"
    assert re.search(r"^\*\*Prerequisites:\*\* \S", first.source, re.M), "first cell: **Prerequisites:** …"
    assert re.search(r"^\*\*Difficulty:\*\* (beginner|intermediate|advanced)\b", first.source, re.M), \
        "first cell: **Difficulty:** beginner, intermediate or advanced"
    text = markdown(nb)
    exercises = text.split("## Exercises", 1)
    assert len(exercises) == 2, "an '## Exercises' section"
    after = exercises[1]
    n_details = after.count("<details")
    assert n_details >= 2, "at least two exercises, each with a solution in <details>"
    assert after.count("</details>") == n_details
    assert re.search(r"^## What you learned", text, re.M), "a '## What you learned' summary"
    later = [p.name for p in NOTEBOOKS if p.name > path.name]
    if later:
        assert f"]({later[0]})" in text, f"a link to the next notebook, {later[0]}"


#: how a "Your turn" task opens
YOUR_TURN = "**Your turn.**"
#: the call of a task's self-check cell: ``check("variable_name", …)``
CHECK_CALL = re.compile(r'^check\("([A-Za-z_]\w*)"', re.M)


def only_comments(source: str) -> bool:
    """A cell that runs as stored and does nothing: blank lines and comments only."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in source.splitlines())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_your_turn_tasks(path):
    """At a point of learning the learner gets a small task: a '**Your turn.**' cell naming the variable to
    set, an empty code cell (comments only, so the notebook runs as stored), a cell that checks the answer
    with ``helpers.check``, then the solution collapsed in ``<details>``. Nothing else in the notebook sets
    that variable (or the check would say "right" unanswered), and stored unanswered, the check says so."""
    nb = nbformat.read(path, as_version=4)
    tasks = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith(YOUR_TURN)]
    assert tasks, f"at least one '{YOUR_TURN}' task"
    assert max(tasks) < min(i for i, c in enumerate(nb.cells) if "## Exercises" in c.source), "tasks come before the exercises"
    for i in tasks:
        task, empty, checking, solution = nb.cells[i:i + 4]
        assert empty.cell_type == "code" and empty.source.strip() and only_comments(empty.source), \
            f"cell {i + 1}: an empty code cell (a comment saying what to write) after the task"
        assert checking.cell_type == "code", f"cell {i + 2}: the self-check after the empty cell"
        [name] = CHECK_CALL.findall(checking.source)
        assert "from helpers import check" in checking.source or "from helpers import check," in checking.source
        assert f"`{name}`" in task.source, f"the task names the variable to set, `{name}`"
        assert solution.cell_type == "markdown" and solution.source.startswith("<details") \
            and solution.source.rstrip().endswith("</details>") and f"{name} = " in solution.source, \
            f"cell {i + 3}: the solution, collapsed, setting {name}"
        sets = [j for j, c in enumerate(nb.cells) if c.cell_type == "code"
                and re.search(rf"^\s*{name}\s*=(?!=)", c.source, re.M)]
        assert not sets, f"code cells {sets} set `{name}`: the check would pass with no answer"
        if checking.get("execution_count") is not None:
            assert text_of(checking.outputs) == [f"stdout: Not answered yet: set `{name} = …` in the empty cell "
                                                 "above, run it, then run this cell again.\n"]


#: notebooks whose parameters cell still names ``../data/raw`` (a path relative to ``notebooks/``):
#: they are changed in other work; when they are, drop them from this set (the xfail is strict).
CWD_RELATIVE_PENDING: set[str] = set()


def test_parameters_cells():
    """Notebooks 01–05 take their corpus folder from a papermill `parameters` cell whose default is
    the absolute ``helpers.RAW_DIR``."""
    for path in NOTEBOOKS:
        if not ("01" <= path.name[:2] <= "05"):
            continue
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: one cell tagged 'parameters'"
        default = r'"\.\./data/raw"' if path.stem in CWD_RELATIVE_PENDING else r"RAW_DIR\b"
        assert re.search(rf"^corpus_dir\s*=\s*{default}", tagged[0].source, re.M), path.name
        assert tagged[0] is code_cells(nb)[0], f"{path.name}: the parameters cell comes first"


#: a path that means something only from one working directory: ``../data``, ``../figures``…
CWD_RELATIVE = re.compile(r"""["'(/\s]\.\./(data|figures|notebooks)\b|["']data/(raw|processed)\b""")


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="parameters cell changed in other work"))
    if p.stem in CWD_RELATIVE_PENDING else p for p in NOTEBOOKS], ids=IDS)
def test_no_working_directory_paths(path):
    """Code reaches the project's folders through absolute paths (``helpers.RAW_DIR``,
    ``PROCESSED_DIR``, ``FIGURES_DIR``…), never through a path relative to the working directory:
    papermill run from the top of the repository would otherwise read and write outside it."""
    nb = nbformat.read(path, as_version=4)
    found = [(i, line.strip()) for i, c in enumerate(nb.cells) if c.cell_type == "code"
             for line in c.source.splitlines() if CWD_RELATIVE.search(line)]
    assert not found, f"paths relative to the working directory: {found}"


def test_data_folders_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    import helpers

    monkeypatch.chdir(tmp_path)
    assert helpers.RAW_DIR == ROOT / "data" / "raw" and helpers.PROCESSED_DIR == ROOT / "data" / "processed"
    assert sorted(p.name for p in helpers.RAW_DIR.glob("*.txt")) == ["anadolu_saar_baku.txt", "saar_astana_baku.txt"]


def _run_notebooks_tool():
    spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "tools" / "run_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_metadata_as_jupyterlab_writes_it(path):
    """JupyterLab rewrites a notebook's kernelspec and language_info when it opens it; we store
    exactly what it writes (and `make notebooks` keeps it), so opening a notebook and letting it
    autosave leaves `git status` clean. The Python version in language_info is the kernel's own."""
    from ipykernel.ipkernel import IPythonKernel
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    jupyterlab = {"display_name": spec.display_name, "language": spec.language, "name": "python3"}
    assert jupyterlab == _run_notebooks_tool().KERNELSPEC == {
        "display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert metadata["kernelspec"] == jupyterlab
    info = dict(metadata["language_info"])
    expected = dict(IPythonKernel.language_info)
    assert re.fullmatch(r"3\.\d+\.\d+", info.pop("version")) and expected.pop("version")
    assert info == expected
    assert set(metadata) == {"kernelspec", "language_info"}, "no other notebook-level metadata"


def test_the_typo_lesson_finds_both_spellings():
    """02 says that *per cent* is spelled two ways in the Anadolu article: the pattern its cell
    searches with finds both spellings in the raw text (``بال?مئة`` found only one)."""
    nb = nbformat.read(NOTEBOOK_DIR / "02_cleaning.ipynb", as_version=4)
    [source] = [c.source for c in code_cells(nb) if "kwic(first" in c.source and "مئة" in c.source]
    pattern = re.search(r'kwic\(first, "([^"]+)"', source).group(1)
    text = (ROOT / "data" / "raw" / "anadolu_saar_baku.txt").read_text(encoding="utf-8")
    assert sorted(re.findall(pattern, text)) == ["بالمئة", "بلمئة"]
    assert "spelled two ways" in markdown(nb)


#: how the project talks about itself, not to a reader: issue numbers, "the issue", development history
INTERNAL = re.compile(r"\b(?:the|this|that|an) issue\b|\bissue \d+|\bfirst version of (?:these|the|this)\b"
                      r"|\bthe (?:session|coordinator|reviewer)\b|\bredesign", re.I)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_project_internal_language(path):
    nb = nbformat.read(path, as_version=4)
    found = [(i, m.group(0)) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
             for m in INTERNAL.finditer(c.source)]
    assert not found, f"project-internal language in the prose: {found}"


#: what libraries the notebooks use may keep in the temporary folder between runs (reused, not
#: one per run): Dask's scratch space
SHARED_CACHES = {"dask-scratch-space"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_rerun_safe(path, tmp_path, monkeypatch):
    """Each cell twice in a row, then the whole notebook again: the same text each time, and
    nothing left behind in the temporary folder (the kernel gets a fresh one of its own)."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # the kernel and what it starts inherit it
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    cells = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    first_pass = {}
    with client.setup_kernel():
        for i, cell in cells:
            client.execute_cell(cell, i)
            once = text_of(cell.outputs)
            errors = [o for o in cell.outputs if o.get("output_type") == "error"]
            if errors and "raises-exception" not in cell.metadata.get("tags", []):
                pytest.fail(f"cell {i} fails in a fresh kernel: {errors[0]['ename']}: {errors[0]['evalue']}")
            client.execute_cell(cell, i)
            twice = text_of(cell.outputs)
            assert twice == once, f"cell {i} gives other output when run a second time:\n{cell.source[:300]}"
            first_pass[i] = once
        for i, cell in cells:
            client.execute_cell(cell, i)
            assert text_of(cell.outputs) == first_pass[i], (
                f"cell {i} gives other output when the whole notebook runs again:\n{cell.source[:300]}")
    left = sorted(p.name for p in scratch.iterdir() if p.name not in SHARED_CACHES)
    assert not left, f"left in the temporary folder after the runs: {left}"


#: the notebooks that teach one recognizer against another: every call that annotates names its recognizer,
#: so a change of annotate's default cannot silently swap what a table or a highlight shows
NAMED_RECOGNIZER = ("03_annotating", "03b_recognizer")
ANNOTATING_CALLS = {"annotate", "Annotator", "annotate_corpus", "annotate_batch"}


@pytest.mark.parametrize("stem", NAMED_RECOGNIZER)
def test_rules_and_model_notebooks_name_the_recognizer(stem):
    import ast

    nb = nbformat.read(NOTEBOOK_DIR / f"{stem}.ipynb", as_version=4)
    unnamed, calls = [], 0
    for cell in code_cells(nb):
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ANNOTATING_CALLS:
                calls += 1
                if "recognizer" not in {k.arg for k in node.keywords}:
                    unnamed.append((cell.id, ast.get_source_segment(source, node)))
    assert calls and not unnamed, f"calls without recognizer=: {unnamed}"
