"""The project's set-up files agree with each other, and raw data is untouched."""
from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
RAW = {  # project name -> seed it was copied from, byte-identical
    "anadolu_saar_baku.txt": ("000_de42ba883e84bb9c.txt",
                              "ac719e2a490bbc6aa31e3bcd5ee6b177dce4b573153240b79c337110dc28d89b"),
    "saar_astana_baku.txt": ("003_10b6294e5a04cd14.txt",
                             "0e7080e0513edc936323bf577f9f385397ec1dcfaea8385cc2e651a6d3fbf2d8"),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(RAW))
def test_raw_articles_are_the_seeds_byte_for_byte(name):
    seed, digest = RAW[name]
    assert sha256(ROOT / "data" / "raw" / name) == digest
    if (SEEDS / seed).exists():  # ../shared sits beside the clone in CI
        assert sha256(SEEDS / seed) == digest


def test_raw_folder_holds_only_the_articles():
    assert sorted(p.name for p in (ROOT / "data" / "raw").iterdir()) == sorted(RAW)


def pins(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        m = re.match(r"^\s*(?:-\s*)?([A-Za-z0-9_.\-]+)==([^\s;#]+)", line)
        if m:
            found[m.group(1).lower()] = m.group(2)
    return found


def test_environment_yml_mirrors_requirements_pins():
    req = pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    env_text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    env = pins(env_text)
    assert req, "requirements.txt has exact pins"
    assert env == req, "environment.yml and requirements.txt disagree: run `make requirements`"
    assert "python=3.11" in env_text and "conda-forge" in env_text


def test_every_direct_dependency_is_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    req = pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    for spec in wanted:
        name = re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower()
        assert name in req, f"{name} is in pyproject.toml but not pinned in requirements.txt"


def test_matplotlib_pin_is_one_that_shapes_arabic():
    req = pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    major, minor = (int(x) for x in req["matplotlib"].split(".")[:2])
    assert (major, minor) >= (3, 11)


def test_readme_quick_start_is_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make lab" in quick and "make test" in quick
    assert "conda env create -f environment.yml" in readme


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_setup_is_current_so_rerunning_installs_nothing():
    """`make setup` (run by `make test` before pytest) leaves a stamp on requirements.txt's hash."""
    import shutil
    import subprocess
    if shutil.which("make") is None or not (ROOT / ".venv").is_dir():
        pytest.skip("not run through make")
    out = subprocess.run(["make", "-q", "setup"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, "make setup would install again although .venv is current"
