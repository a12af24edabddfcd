"""Self-checks for the notebooks' "Your turn" cells: say "right", or what to look at.

A "Your turn" cell asks the learner to set a variable (``answer_paragraphs = …``) in an empty code
cell; the cell after it calls :func:`check` with the variable's *name* and what it should be. The
expected value is computed from the data in that cell, or judged by a function, so the check stays
right when the data change. :func:`check` never raises: a missing, wrong or odd answer prints a
hint in plain English, and an unanswered task prints the same line every time (what a stored
notebook shows).

This module belongs to no stage: it imports nothing from the others, and any notebook may use it.
"""
from __future__ import annotations

import math
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["check", "judge"]

#: a checker function: True (right), False (wrong), or a string saying what is wrong
Checker = Callable[[Any], "bool | str"]


def _kind(value: Any) -> str:
    """A plain-English name for the kind of a value (numbers of every type are one kind)."""
    if isinstance(value, bool):
        return "True/False"
    if isinstance(value, str):
        return "text (a str)"
    if isinstance(value, (int, float)) or type(value).__module__ == "numpy" and hasattr(value, "dtype") \
            and getattr(value, "ndim", 1) == 0:
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, (set, frozenset)):
        return "a set"
    if isinstance(value, dict):
        return "a dict"
    return f"a {type(value).__name__}"


def _same(answer: Any, expected: Any) -> bool:
    """Whether two values are equal: numbers up to rounding error, tables with ``.equals``."""
    if isinstance(answer, bool) != isinstance(expected, bool):
        return False  # True is not 1 here
    if _kind(answer) == _kind(expected) == "a number":
        return math.isclose(float(answer), float(expected), rel_tol=1e-9, abs_tol=1e-12)
    if hasattr(expected, "equals") and hasattr(answer, "equals"):
        return bool(expected.equals(answer))
    if isinstance(answer, (list, tuple)) and isinstance(expected, (list, tuple)):
        return len(answer) == len(expected) and all(_same(a, e) for a, e in zip(answer, expected))
    try:
        return bool(answer == expected)
    except Exception:  # an ambiguous truth value (arrays) or a comparison that fails
        return False


def _show(value: Any, width: int = 80) -> str:
    """A short repr; a set's items in sorted order, so a message is the same on every run."""
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        value = value.item()  # a NumPy number reads as a plain one: 3, not np.int64(3)
    text = repr(value)
    if isinstance(value, (set, frozenset)) and value:
        try:
            text = "{" + ", ".join(map(repr, sorted(value))) + "}"
        except TypeError:  # items that do not sort: keep Python's order
            pass
    return text if len(text) <= width else text[:width - 1] + "…"


def judge(answer: Any, expected: Any | Checker) -> tuple[bool, str]:
    """Whether ``answer`` is right, and why not: ``(True, "")`` or ``(False, what to look at)``.

    ``expected`` is the right value, or a function of the answer that returns True (right), False
    (wrong) or a string saying what is wrong. Nothing here raises: a checker that fails counts as
    a wrong answer, and says why.

    >>> judge(9, 3 * 3)
    (True, '')
    >>> judge("9", 9)
    (False, 'it is text (a str), but the answer is a number')
    >>> judge(8, 9)
    (False, 'it is 8, which is not the expected value')
    >>> judge([1, 2], lambda xs: sorted(xs) == xs or "put the list in order")
    (True, '')
    >>> judge([2, 1], lambda xs: sorted(xs) == xs or "put the list in order")
    (False, 'put the list in order')
    """
    if callable(expected) and not isinstance(expected, type):
        try:
            verdict = expected(answer)
        except Exception as error:  # the learner's value broke the checker: say so, do not raise
            return False, f"checking your answer failed with {type(error).__name__}: {error}"
        if isinstance(verdict, str):
            return False, verdict
        return (True, "") if verdict is True or (verdict is not False and bool(verdict)) else \
            (False, f"it is {_show(answer)}, which is not what the task asks for")
    if _same(answer, expected):
        return True, ""
    if _kind(answer) != _kind(expected):
        return False, f"it is {_kind(answer)}, but the answer is {_kind(expected)}"
    return False, f"it is {_show(answer)}, which is not the expected value"


def check(name: str, expected: Any | Checker, *, hint: str = "",
          namespace: Mapping[str, Any] | None = None) -> None:
    """Print whether the variable ``name`` holds the right answer; never raises.

    ``namespace`` is where ``name`` is looked up: by default the globals of the caller (in a
    notebook, the variables the learner defined). An answer left unset, or set to ``...``, is
    *not answered yet*. ``expected`` is as in :func:`judge`; ``hint`` is added to a wrong answer's
    message (say what to look at, not the answer).

    >>> check("answer", 3 * 3, namespace={})
    Not answered yet: set `answer = …` in the empty cell above, run it, then run this cell again.
    >>> check("answer", 3 * 3, namespace={"answer": 9})
    Right: `answer` is 9.
    >>> check("answer", 3 * 3, hint="multiply, do not add.", namespace={"answer": 6})
    Not yet: `answer` is 6, which is not the expected value. Hint: multiply, do not add.
    """
    if namespace is None:
        namespace = sys._getframe(1).f_globals  # the notebook's variables when called from a cell
    if name not in namespace or namespace[name] is Ellipsis:
        print(f"Not answered yet: set `{name} = …` in the empty cell above, run it, then run this cell again.")
        return
    answer = namespace[name]
    ok, why = judge(answer, expected)
    if ok:
        print(f"Right: `{name}` is {_show(answer)}.")
        return
    said = f"`{name}` {why[3:]}" if why.startswith("it ") else why
    print(f"Not yet: {said}." + (f" Hint: {hint}" if hint else ""))
