"""tools/mutation.py keeps mutmut's verdicts when only test files were added (a test file written
for survivors), and lets mutmut start again for any other change of the scratch project's settings."""
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
