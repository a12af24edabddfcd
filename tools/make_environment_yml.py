"""Write environment.yml from requirements.txt so conda/Binder users get the same pins.

conda-forge provides Python itself; every package is pinned through the ``pip:``
section with exactly the versions in requirements.txt (tests/test_setup.py
checks that the two files agree).
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pins(requirements: Path) -> list[str]:
    """Return the ``name==version`` lines of a compiled requirements file."""
    out = []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and "==" in line:
            out.append(line)
    return out


def main() -> None:
    lines = [
        "# Generated from requirements.txt by `make requirements`; do not edit by hand.",
        "name: arabic-news-notebooks",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {pin}" for pin in pins(ROOT / "requirements.txt")]
    lines.append("      - -e .")
    (ROOT / "environment.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
