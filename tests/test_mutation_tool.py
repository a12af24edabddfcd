"""tools/mutation.py keeps mutmut's verdicts when only test files were added (a test file written
for survivors), and lets mutmut start again for any other change of the scratch project's settings;
the tests of a changed file are dropped from mutmut's stats, so that it collects what they call again."""
from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("mutation_tool", ROOT / "tools" / "mutation.py")
mutation = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutation)

FILES = [Path("helpers/loading.py")]
BEFORE = ["helpers/loading.py", "tests/test_loading.py"]


def _scratch(tmp_path: Path, selection: list[str]) -> Path:
    """A scratch project as mutmut leaves it: the settings of ``selection`` and stats matching them."""
    text = mutation.pyproject(FILES, selection)
    (tmp_path / "mutants").mkdir()
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    stats = {"watched_file_hashes": {"pyproject.toml": hashlib.sha256(text.encode()).hexdigest()[:12]},
             "config_fingerprint": {"test_selection": hashlib.sha256(repr(tuple(selection)).encode()).hexdigest()[:12],
                                    "timeout": "055e82a1e956"},
             "duration_by_test": {"tests/test_loading.py::test_a": 0.5}}
    (tmp_path / "mutants" / "mutmut-stats.json").write_text(json.dumps(stats), encoding="utf-8")
    return tmp_path


def _stats(scratch: Path) -> dict:
    return json.loads((scratch / "mutants" / "mutmut-stats.json").read_text(encoding="utf-8"))


def test_an_added_test_file_is_written_into_the_stats_and_nothing_else_changes(tmp_path):
    scratch = _scratch(tmp_path, BEFORE)
    after = [*BEFORE, "tests/test_loading_streams.py"]
    text = mutation.pyproject(FILES, after)
    assert mutation.keep_verdicts_for_added_tests(scratch, text) is True
    assert _stats(scratch) == {
        "watched_file_hashes": {"pyproject.toml": hashlib.sha256(text.encode()).hexdigest()[:12]},
        "config_fingerprint": {"test_selection": hashlib.sha256(repr(tuple(after)).encode()).hexdigest()[:12],
                               "timeout": "055e82a1e956"},
        "duration_by_test": {"tests/test_loading.py::test_a": 0.5}}


def test_a_removed_test_file_another_setting_or_foreign_stats_let_mutmut_start_again(tmp_path):
    for i, (selection, files, stats_hash) in enumerate([
            (BEFORE[:1], FILES, None),                                          # a test file removed
            (BEFORE, FILES, None),                                               # nothing changed
            ([*BEFORE, "tests/test_x.py"], [*FILES, Path("helpers/x.py")], None),  # another file mutated too
            ([*BEFORE, "tests/test_x.py"], FILES, "000000000000")]):             # stats of other settings
        (tmp_path / str(i)).mkdir()
        scratch = _scratch(tmp_path / str(i), BEFORE)
        if stats_hash:
            stats = _stats(scratch)
            stats["watched_file_hashes"]["pyproject.toml"] = stats_hash
            (scratch / "mutants" / "mutmut-stats.json").write_text(json.dumps(stats), encoding="utf-8")
        kept = _stats(scratch)
        assert mutation.keep_verdicts_for_added_tests(scratch, mutation.pyproject(files, selection)) is False, i
        assert _stats(scratch) == kept, i
    assert mutation.keep_verdicts_for_added_tests(tmp_path / "none", mutation.pyproject(FILES, BEFORE)) is False


def test_the_tests_of_a_changed_file_are_dropped_from_the_stats_and_no_other(tmp_path):
    """A test file changed since the scratch copy (a test that now calls a survivor's function): its
    tests leave mutmut's ``duration_by_test``, so mutmut collects what they call again; the tests of
    an unchanged file, of a removed one's copy and the other stats stay as they were."""
    root = tmp_path / "root"
    (tmp_path / "scratch").mkdir()
    scratch = _scratch(tmp_path / "scratch", BEFORE)
    for base, text in ((root, "def test_a(): assert 1 + 1 == 2\n"), (scratch, "def test_a(): pass\n")):
        (base / "tests").mkdir(parents=True)
        (base / "tests" / "test_changed.py").write_text(text, encoding="utf-8")
        (base / "tests" / "test_same.py").write_text("def test_b(): pass\n", encoding="utf-8")
    (root / "helpers").mkdir()
    (root / "helpers" / "same.py").write_text('""">>> 1\\n1"""\n', encoding="utf-8")
    (scratch / "helpers").mkdir()
    (scratch / "helpers" / "same.py").write_text('""">>> 1\\n1"""\n', encoding="utf-8")
    stats = _stats(scratch)
    stats["duration_by_test"] = {"tests/test_changed.py::test_a": 0.1, "tests/test_changed.py::test_c": 0.2,
                                 "tests/test_same.py::test_b": 0.3, "tests/test_gone.py::test_d": 0.4,
                                 "helpers/same.py::helpers.same": 0.5}
    (scratch / "mutants" / "mutmut-stats.json").write_text(json.dumps(stats), encoding="utf-8")
    assert mutation.forget_stats_of_changed_tests(scratch, root) == [
        "tests/test_changed.py::test_a", "tests/test_changed.py::test_c", "tests/test_gone.py::test_d"]
    stats["duration_by_test"] = {"tests/test_same.py::test_b": 0.3, "helpers/same.py::helpers.same": 0.5}
    assert _stats(scratch) == stats
    assert mutation.forget_stats_of_changed_tests(scratch, root) == []  # nothing changed since
    assert mutation.forget_stats_of_changed_tests(tmp_path / "none", root) == []  # no stats yet
