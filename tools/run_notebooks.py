"""Re-execute notebooks in place, in order, in a fresh kernel each (``make notebooks``).

Each notebook runs with ``notebooks/`` as its working directory, exactly as nbval
and the tests run it. Volatile cell metadata (execution timings) is dropped so a
re-run that changes nothing leaves the file unchanged. The notebook's kernelspec is set to
exactly what JupyterLab writes when it opens a notebook (``KERNELSPEC``), so opening a notebook
in JupyterLab after ``make notebooks`` leaves ``git status`` clean.

Usage: python tools/run_notebooks.py notebooks/01_loading.ipynb [...]
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

#: What JupyterLab stores as the kernelspec of a notebook run on ipykernel's ``python3`` kernel
#: (its ``display_name`` comes from ipykernel's kernel.json). nbclient writes ``language_info``
#: from the kernel itself, as JupyterLab does.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def run(path: Path, timeout: int = 600) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("papermill", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    tmp = path.with_suffix(".ipynb.tmp")
    nbformat.write(nb, tmp)
    tmp.replace(path)


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted(Path("notebooks").glob("[0-9]*.ipynb"))
    for path in paths:
        print(f"executing {path}", flush=True)
        run(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
