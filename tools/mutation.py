"""Mutation testing of helpers/ with mutmut 3: ``make mutation [MODULE=cleaning] [JOBS=1]``.

mutmut copies the code into ``mutants/``, puts every small change it can think of into each
function (``<`` → ``<=``, ``3`` → ``4``, ``and`` → ``or``, a string → ``"XX…XX"`` …), and runs
for each change ("mutant") only the tests that called that function in a clean run. A mutant
that no test notices *survived*: either a test is missing or the change cannot alter behaviour
(an *equivalent* mutant, listed with its reason in tests/mutation_equivalent.txt).

This script runs mutmut in a scratch project, ``build/mutation/<MODULE or all>/``, so that
the repository's own pytest options (xdist's ``-n auto``, ``--nbval``) are not used and the
run can be resumed (mutmut remembers each mutant's verdict; ``FRESH=1`` starts again):

- MODULE=cleaning mutates ``helpers/cleaning.py`` or, once it is a package, every file of
  ``helpers/cleaning/``; the tests run are the module's doctests and ``tests/test_cleaning*.py``.
- without MODULE every file of helpers/ is mutated and the tests are every unit test file
  (not the notebooks, the book or the set-up checks) plus every doctest;
- ALSO=scaling (with MODULE) adds a later stage's tests, for internals only that stage calls.

At the end it prints, per module, killed / tested (the score) and each surviving mutant as a
diff; survivors listed in tests/mutation_equivalent.txt are shown apart, with their reason,
and leave the score's denominator. ``--report`` prints that again without running anything.

``--survivors`` tests again only the mutants that survived the last run and are not listed as
equivalent (after new tests were written for them; the other verdicts are kept), ``--mutants
NAME …`` only the mutants named (mutmut names or globs, e.g. ``'helpers.comparing.diffs.*'``),
and ``--sample N --seed S`` a seeded random sample of N of the module's mutants (of those
``--mutants`` names, when given), for a module too big to run whole (the report then counts the
sample only; say its size and seed with the score).
"""
from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "tests" / "mutation_equivalent.txt"
# test files that are not unit tests of a stage: they run notebooks, build the book or check the venv
NOT_UNIT = {"test_notebooks.py", "test_book.py", "test_setup.py"}
# what mutmut's exit codes mean (mutmut.stats.status_by_exit_code, repeated so the report needs
# no private import); anything else is "suspicious"
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout",
          37: "caught by type check", -11: "segfault", -9: "segfault", None: "not checked"}
KILLED = {"killed", "timeout", "segfault", "caught by type check"}


def module_files(module: str | None) -> list[Path]:
    """The files of helpers/ to mutate, relative to ROOT: ``helpers/<m>.py`` or ``helpers/<m>/**``."""
    helpers = ROOT / "helpers"
    if module:
        found = sorted(helpers.glob(f"{module}.py")) + sorted(helpers.glob(f"{module}/**/*.py"))
        if not found:
            sys.exit(f"no helpers/{module}.py nor helpers/{module}/ to mutate")
    else:
        found = sorted(p for p in helpers.rglob("*.py") if "__pycache__" not in p.parts
                       and p.relative_to(helpers).as_posix() not in ("__init__.py", "__main__.py"))
    return [p.relative_to(ROOT) for p in found]


def module_of(path: str) -> str:
    """``helpers/cleaning/offsets.py`` → ``cleaning``; ``helpers/loading.py`` → ``loading``."""
    parts = Path(path).parts
    return parts[1].removesuffix(".py") if len(parts) > 1 else path


def test_selection(module: str | None, files: list[Path], also: list[str] = ()) -> list[str]:
    """The doctests of the mutated files and the stage's own test files (all unit tests for all),
    plus those of the stages in ``also`` (the later stages that call the module's internals)."""
    tests = sorted((ROOT / "tests").glob(f"test_{module}*.py" if module else "test_*.py"))
    tests += [t for a in also for t in sorted((ROOT / "tests").glob(f"test_{a}*.py")) if t not in tests]
    return [str(f) for f in files] + [f"tests/{t.name}" for t in tests if t.name not in NOT_UNIT]


def pyproject(files: list[Path], selection: list[str]) -> str:
    """The scratch project's pyproject.toml: the repo's pytest settings minus xdist and nbval."""
    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"
    only = [str(f) for f in files]
    return f"""# written by tools/mutation.py for one mutation run; not the project's pyproject
[tool.pytest.ini_options]
addopts = "-p no:cacheprovider --doctest-modules"
filterwarnings = [
    "ignore::DeprecationWarning:jupyter_client.*",
    "ignore::DeprecationWarning:zmq.*",
]

[tool.mutmut]
source_paths = ["helpers/"]
only_mutate = {toml_list(only)}
also_copy = ["data/", "notebooks/", "tools/", "conftest.py"]
pytest_add_cli_args_test_selection = {toml_list(selection)}
pytest_add_cli_args = ["-p", "no:xdist", "-p", "no:nbval"]
# a changed data file or fixture may change any verdict: test every mutant again
on_dependency_change = "rerun"
# fork each mutant's tests from a clean server process, not from mutmut's own (which ran the
# clean test run): scaling's tests leave Dask state there that hangs a forked copy
process_isolation = "forkserver"
# a mutant's tests get 4 times their clean-run time + 60 s of CPU, not mutmut's 30 times + 30 s:
# an endless-loop mutant of a function the snapshot tests cover (~46 s) then holds a worker ~4 min
# instead of ~23 min, and is still a timeout (killed). The 60 s are for the start-up that the
# clean run's times leave out: a 0.9 s test took 5.5 s of CPU in a mutant's fresh process.
timeout_multiplier = 2.0
timeout_constant = 15.0
"""


# the scratch project's conftest.py. mutmut keeps each mutated copy of a function (x_name__mutmut_N)
# with its docstring, so --doctest-modules would collect one copy of every doctest per mutant: the
# same example of the public function again, thousands of times, and in the copy's module, where a
# name the package's __init__ re-exports is missing (comparing's doctests failed the clean run).
# The doctests of the public functions themselves are kept.
# It also puts back, before and after each mutant's tests, every data file a mutant may have
# written over: a mutant of the learned command line that ignores the path it is given writes
# data/ner/clusters.tsv itself, and every mutant tested after it then fails on the broken table,
# a false kill (2026-12-04: found when two survivors came out killed only in long runs).
_CONFTEST = """# written by tools/mutation.py for one mutation run: puts the data files back around each
# mutant's tests and drops the doctests of mutmut's copies
import filecmp
import shutil
from pathlib import Path

# mutmut runs the tests in <scratch>/mutants; <scratch>/data is the untouched copy of data/
_HERE = Path(__file__).resolve().parent
_PRISTINE = _HERE.parent / "data" if _HERE.name == "mutants" else None


def _restore_data():
    if _PRISTINE is None:
        return
    for src in _PRISTINE.rglob("*"):
        dst = _HERE / "data" / src.relative_to(_PRISTINE)
        if src.is_file() and not (dst.is_file() and filecmp.cmp(src, dst, shallow=False)):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


def pytest_sessionstart(session):
    _restore_data()


def pytest_sessionfinish(session, exitstatus):
    _restore_data()


def pytest_collection_modifyitems(config, items):
    copies = [item for item in items if "__mutmut_" in item.name]
    if copies:
        config.hook.pytest_deselected(items=copies)
        items[:] = [item for item in items if "__mutmut_" not in item.name]
"""


def prepare(scratch: Path, files: list[Path], selection: list[str], fresh: bool) -> None:
    """Copy helpers/, tests/ and data/ into the scratch project (mtimes kept, so mutmut's
    bookkeeping sees what changed) and start again when the list of mutated files changed."""
    manifest = scratch / "files.json"
    same_files = manifest.exists() and json.loads(manifest.read_text()) == [str(f) for f in files]
    if fresh or not same_files:
        shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True, exist_ok=True)
    if dropped := forget_stats_of_changed_tests(scratch):
        print(f"{len(dropped)} tests of changed files: mutmut collects again what they call")
    # what the unit tests read; not the list of equivalent mutants (read from ROOT by the report):
    # mutmut tests every mutant again when a copied file changes, and that list changes often
    for name in ("helpers", "tests", "data", "notebooks", "tools"):
        shutil.rmtree(scratch / name, ignore_errors=True)
        shutil.copytree(ROOT / name, scratch / name,
                        ignore=shutil.ignore_patterns("__pycache__", EQUIVALENT.name))
    # the one doc a unit test reads (test_loading_demo: the guide shows the demo's message), put
    # straight where the tests run: in also_copy it would change the pyproject mutmut hashes, and
    # mutmut would test every mutant of a scratch project made before again
    (scratch / "mutants" / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "docs" / "teaching.md", scratch / "mutants" / "docs" / "teaching.md")
    # mutmut keeps its own copy of helpers/ in mutants/ and only refreshes changed files
    for stale in (scratch / "mutants" / "helpers").rglob("*.py") if (scratch / "mutants").exists() else []:
        if not (scratch / stale.relative_to(scratch / "mutants")).exists():
            stale.unlink()
    text = pyproject(files, selection)
    if keep_verdicts_for_added_tests(scratch, text):
        print("test files added: mutmut keeps its verdicts (run --survivors for the new tests)")
    (scratch / "pyproject.toml").write_text(text, encoding="utf-8")
    (scratch / "conftest.py").write_text(_CONFTEST, encoding="utf-8")
    manifest.write_text(json.dumps([str(f) for f in files]))


def _short_hash(data: bytes) -> str:
    """mutmut 3.8's hash of a watched file or of a setting (sha256, 12 hex digits)."""
    return hashlib.sha256(data).hexdigest()[:12]


def keep_verdicts_for_added_tests(scratch: Path, text: str) -> bool:
    """When the scratch project's new pyproject ``text`` only adds test files to the selection of
    the one mutmut last ran with (a test file written for survivors), tell mutmut's stats so, that it
    keeps every verdict: mutmut would otherwise take the new selection for a changed dependency and
    test all the module's mutants again (~11 h for annotating). A test added can only kill more
    mutants, and the survivors are tested again with ``--survivors``; a test file removed, or any
    other setting changed, lets mutmut start again. Returns whether the stats were changed.
    Written for mutmut 3.8.1 (its ``mutmut-stats.json``: ``watched_file_hashes`` and
    ``config_fingerprint``)."""
    old_path, stats_path = scratch / "pyproject.toml", scratch / "mutants" / "mutmut-stats.json"
    if not (old_path.exists() and stats_path.exists()):
        return False
    key = "pytest_add_cli_args_test_selection"
    old, new = tomllib.loads(old_path.read_text(encoding="utf-8")), tomllib.loads(text)
    before, after = old["tool"]["mutmut"].pop(key), new["tool"]["mutmut"].pop(key)
    if old != new or before == after or not set(before) <= set(after):
        return False
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    hashes, fingerprint = stats.get("watched_file_hashes", {}), stats.get("config_fingerprint", {})
    if (hashes.get("pyproject.toml"), fingerprint.get("test_selection")) != (
            _short_hash(old_path.read_bytes()), _short_hash(repr(tuple(before)).encode())):
        return False  # the stats are not those of the old settings: leave mutmut to decide
    hashes["pyproject.toml"] = _short_hash(text.encode("utf-8"))
    fingerprint["test_selection"] = _short_hash(repr(tuple(after)).encode())
    stats_path.write_text(json.dumps(stats), encoding="utf-8")
    return True


def forget_stats_of_changed_tests(scratch: Path, root: Path = ROOT) -> list[str]:
    """Drop from mutmut's stats the tests (and doctests) whose file changed since the scratch
    project's copy, so that mutmut collects again which functions they call: mutmut collects that
    only for tests it has not seen, so a test changed to call a function it did not call before
    (a survivor's function) would otherwise never be run on that function's mutants. Their
    verdicts stay; ``--survivors`` tests the survivors again. Returns the tests dropped, sorted.
    Written for mutmut 3.8.1 (its ``mutmut-stats.json``: ``duration_by_test``, whose keys are
    ``path::name``)."""
    stats_path = scratch / "mutants" / "mutmut-stats.json"
    if not stats_path.exists():
        return []
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    durations = stats.get("duration_by_test", {})
    changed: dict[str, bool] = {}
    for test in durations:
        path = test.split("::", 1)[0]
        if path not in changed:
            old, new = scratch / path, root / path
            changed[path] = not (old.is_file() and new.is_file() and old.read_bytes() == new.read_bytes())
    dropped = sorted(test for test in durations if changed[test.split("::", 1)[0]])
    if dropped:
        for test in dropped:
            del durations[test]
        stats_path.write_text(json.dumps(stats), encoding="utf-8")
    return dropped


def equivalents() -> dict[str, str]:
    """tests/mutation_equivalent.txt: ``<mutant name>  <one-line reason>`` per line, # comments."""
    if not EQUIVALENT.exists():
        return {}
    out = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, reason = line.strip().partition(" ")
            out[name] = reason.strip()
    return out


# run inside the scratch project: the changed lines of each mutant named on stdin, as JSON
_DIFFS = """
import json, os, sys
from mutmut.mutation.diff_apply import get_diff_for_mutant
out = {}
for name in sys.stdin.read().split():
    module = "/".join(name.split(".")[:-1])  # helpers/cleaning or helpers/cleaning/offsets
    path = module + ".py" if os.path.exists(module + ".py") else module + "/__init__.py"
    diff = get_diff_for_mutant(name, path=path).splitlines()
    out[name] = [l for l in diff if l[:1] in "-+" and l[:3] not in ("---", "+++")]
print(json.dumps(out))
"""


def mutant_diffs(scratch: Path, names: list[str]) -> dict[str, list[str]]:
    """The lines each mutant changes (``-`` old, ``+`` new), read with mutmut's own differ; when
    that (internal) function is not there, ``mutmut show`` mutant by mutant."""
    if not names:
        return {}
    run = subprocess.run([sys.executable, "-c", _DIFFS], cwd=scratch, input="\n".join(names),
                         capture_output=True, text=True)
    if run.returncode == 0:
        return json.loads(run.stdout)
    out = {}
    for name in names:
        shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=scratch,
                               capture_output=True, text=True).stdout.splitlines()
        out[name] = [l for l in shown if l[:1] in "-+" and l[:3] not in ("---", "+++")]
    return out


def report(scratch: Path, files: list[Path], show_diffs: bool = True) -> None:
    """Print the score per module and every surviving mutant (equivalent ones apart)."""
    equivalent = equivalents()
    by_module: dict[str, dict[str, str]] = {}
    for f in files:
        meta = scratch / "mutants" / (str(f) + ".meta")
        if meta.exists():
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            by_module.setdefault(module_of(str(f)), {}).update(
                {name: STATUS.get(code, "suspicious") for name, code in codes.items()})
    survivors, listed = [], []
    print(f"\n{'module':<12} {'mutants':>7} {'killed':>6} {'survived':>8} {'equiv.':>6} "
          f"{'no tests':>8} {'unchecked':>9} {'score':>6} {'raw':>6}")
    for module, statuses in sorted(by_module.items()):
        counts = {s: sum(1 for v in statuses.values() if v == s) for s in set(statuses.values())}
        killed = sum(n for s, n in counts.items() if s in KILLED)
        alive = [m for m, s in statuses.items() if s in ("survived", "no tests", "suspicious")]
        equiv = [m for m in alive if m in equivalent]
        survivors += [m for m in alive if m not in equivalent]
        listed += equiv
        tested = killed + len(alive) - len(equiv)
        score = f"{100 * killed / tested:.1f}%" if tested else "-"
        raw = f"{100 * killed / (killed + len(alive)):.1f}%" if killed + len(alive) else "-"
        print(f"{module:<12} {len(statuses):>7} {killed:>6} {counts.get('survived', 0) - len(equiv):>8} "
              f"{len(equiv):>6} {counts.get('no tests', 0):>8} {counts.get('not checked', 0):>9} {score:>6} {raw:>6}")
    print("score: killed / (killed + surviving − equivalent); raw: killed / (killed + surviving)")
    print(f"\n{len(survivors)} surviving mutants (not listed as equivalent)")
    diffs = mutant_diffs(scratch, sorted(survivors)) if show_diffs else {}
    for name in sorted(survivors):
        print(" ", name)
        for line in diffs.get(name, []):
            print("      " + line)
    print(f"\n{len(listed)} equivalent mutants (tests/mutation_equivalent.txt)")
    for name in sorted(listed):
        print(f"  {name}: {equivalent[name]}")


def verdicts(scratch: Path, files: list[Path]) -> dict[str, str]:
    """Every mutant of ``files`` known to the scratch project, with its status."""
    out = {}
    for f in files:
        meta = scratch / "mutants" / (str(f) + ".meta")
        if meta.exists():
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            out.update({name: STATUS.get(code, "suspicious") for name, code in codes.items()})
    return out


def survivors(scratch: Path, files: list[Path]) -> list[str]:
    """The mutants that survived the last run and are not listed as equivalent."""
    equivalent = equivalents()
    return sorted(m for m, s in verdicts(scratch, files).items()
                  if s in ("survived", "suspicious") and m not in equivalent)


def sample(scratch: Path, files: list[Path], n: int, seed: int, among: list[str] = ()) -> list[str]:
    """A seeded random sample of ``n`` of the module's mutants (of those matching the globs
    ``among`` when given). mutmut lists a module's mutants only once it has made them, so a
    first call makes them (``mutmut run`` on a name that matches none; the clean test run it
    starts with is needed anyway)."""
    if not verdicts(scratch, files):
        subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", "1", "no-such-mutant*"],
                       cwd=scratch, env=dict(os.environ, GIT_CEILING_DIRECTORIES=str(scratch.parent)),
                       capture_output=True)
    names = sorted(m for m in verdicts(scratch, files) if not among or any(fnmatch.fnmatch(m, g) for g in among))
    if not names:
        sys.exit("mutmut made no mutants to sample from")
    chosen = sorted(random.Random(seed).sample(names, min(n, len(names))))
    print(f"sample: {len(chosen)} of {len(names)} mutants, seed {seed}")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("module", nargs="?", default=os.environ.get("MODULE") or None,
                        help="a stage (loading, cleaning …); default: all of helpers/")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS") or 1),
                        help="worker processes (default 1)")
    parser.add_argument("--fresh", action="store_true", default=bool(os.environ.get("FRESH")),
                        help="forget earlier verdicts")
    parser.add_argument("--also", default=os.environ.get("ALSO", ""),
                        help="comma-separated stages whose tests also run (e.g. scaling)")
    parser.add_argument("--report", action="store_true", help="only print the last run's report")
    parser.add_argument("--survivors", action="store_true",
                        help="test again only the last run's survivors not listed as equivalent")
    parser.add_argument("--mutants", nargs="+", default=[], metavar="NAME",
                        help="test (again) only these mutants (mutmut names or globs)")
    parser.add_argument("--sample", type=int, default=0, metavar="N",
                        help="test a random sample of N mutants of the module (with --seed)")
    parser.add_argument("--seed", type=int, default=19, help="the sample's random seed (default 19)")
    parser.add_argument("--no-diffs", action="store_true", help="list survivors by name only")
    args = parser.parse_args()
    files = module_files(args.module)
    also = [a for a in args.also.split(",") if a] if args.module else []
    scratch = ROOT / "build" / "mutation" / "+".join([args.module or "all", *also])
    if not args.report:
        names = [] if args.sample else list(args.mutants)
        if args.survivors:
            names += survivors(scratch, files)
            if not names:
                sys.exit("no survivors to test again (run the module first, or all are killed or listed)")
        prepare(scratch, files, test_selection(args.module, files, also), args.fresh)
        if args.sample:
            names += sample(scratch, files, args.sample, args.seed, among=args.mutants)
        start = time.monotonic()
        # git must not see the repository around build/: mutmut would take any changed non-.py file
        # of the worktree (tests/mutation_equivalent.txt …) for a changed dependency and forget
        # every verdict; without git it watches the scratch project's pyproject.toml only
        env = dict(os.environ, GIT_CEILING_DIRECTORIES=str(scratch.parent))
        run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.jobs), *names],
                             cwd=scratch, env=env)
        print(f"\nmutmut run: exit {run.returncode}, {time.monotonic() - start:.0f} s wall "
              f"with {args.jobs} worker(s)")
    report(scratch, files, show_diffs=not args.no_diffs)


if __name__ == "__main__":
    main()
