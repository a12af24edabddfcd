"""The self-check of the "Your turn" cells: it accepts every right answer, rejects every wrong one,
never raises, and prints the same line for an unanswered task every time (what nbval compares)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import helpers
from helpers.selfcheck import check, judge

NOT_ANSWERED = ("Not answered yet: set `answer = …` in the empty cell above, run it, "
                "then run this cell again.\n")


@pytest.mark.parametrize("answer, expected", [
    (9, 9), (np.int64(9), 9), (9.0, 9), (0.1 + 0.2, 0.3), ("اسرائيل", "اسرائيل"),
    ({"باكو", "أستانا"}, {"أستانا", "باكو"}), ([1, 2.0], [1, 2]), (("a", 3), ["a", 3]), (False, False),
    (pd.Series([1, 2]), pd.Series([1, 2])), ({"a": 1}, {"a": 1}),
])
def test_right_answers_are_accepted(answer, expected):
    assert judge(answer, expected) == (True, "")


@pytest.mark.parametrize("answer, expected, why", [
    (8, 9, "it is 8, which is not the expected value"),
    (9.001, 9, "it is 9.001, which is not the expected value"),
    ("9", 9, "it is text (a str), but the answer is a number"),
    (True, 1, "it is True/False, but the answer is a number"),
    (1, True, "it is a number, but the answer is True/False"),
    ("إسرائيل", "اسرائيل", "it is 'إسرائيل', which is not the expected value"),
    ({"باكو"}, {"باكو", "أستانا"}, "it is {'باكو'}, which is not the expected value"),
    (["باكو"], {"باكو"}, "it is a list, but the answer is a set"),
    ([2, 1], [1, 2], "it is [2, 1], which is not the expected value"),
    (pd.Series([1, 3]), pd.Series([1, 2]), "it is 0    1\n1    3\ndtype: int64, which is not the expected value"),
    (np.array([1, 2]), [1, 2], "it is a ndarray, but the answer is a list"),
    (None, 9, "it is a NoneType, but the answer is a number"),
])
def test_wrong_answers_are_rejected_with_what_to_look_at(answer, expected, why):
    assert judge(answer, expected) == (False, why)


def test_a_checker_function_decides_and_may_say_why():
    even = lambda n: n % 2 == 0 or "an even number is asked for"
    assert judge(4, even) == (True, "")
    assert judge(3, even) == (False, "an even number is asked for")
    assert judge(3, lambda n: n > 5) == (False, "it is 3, which is not what the task asks for")
    assert judge("x", even) == (False, "checking your answer failed with TypeError: "
                                       "not all arguments converted during string formatting")


def test_check_prints_right_or_a_hint_and_never_raises(capsys):
    check("answer", 9, namespace={"answer": 9})
    assert capsys.readouterr().out == "Right: `answer` is 9.\n"
    check("answer", 9, hint="count the paragraphs, not the sentences.", namespace={"answer": 8})
    assert capsys.readouterr().out == ("Not yet: `answer` is 8, which is not the expected value. "
                                       "Hint: count the paragraphs, not the sentences.\n")
    check("answer", lambda a: a.startswith("x") or "it should start with x", namespace={"answer": 3})
    assert capsys.readouterr().out == ("Not yet: checking your answer failed with AttributeError: "
                                       "'int' object has no attribute 'startswith'.\n")
    check("answer", lambda a: "start with x", namespace={"answer": "y"})
    assert capsys.readouterr().out == "Not yet: start with x.\n"


def test_a_set_is_shown_in_sorted_order(capsys):
    check("answer", {"b"}, namespace={"answer": {"c", "a", "b"}})
    assert capsys.readouterr().out == "Not yet: `answer` is {'a', 'b', 'c'}, which is not the expected value.\n"
    check("answer", {1, "a"}, namespace={"answer": {1, "a"}})
    assert capsys.readouterr().out in ("Right: `answer` is {1, 'a'}.\n", "Right: `answer` is {'a', 1}.\n")


def test_numpy_numbers_read_as_plain_numbers(capsys):
    check("answer", 0.5, namespace={"answer": np.float64(0.5)})
    check("answer", 3, namespace={"answer": np.int64(4)})
    assert capsys.readouterr().out.splitlines() == [
        "Right: `answer` is 0.5.", "Not yet: `answer` is 4, which is not the expected value."]


def test_an_unanswered_task_prints_the_same_line_every_time(capsys):
    for namespace in ({}, {"answer": ...}, {}):
        check("answer", 9, namespace=namespace)
        assert capsys.readouterr().out == NOT_ANSWERED


answer_here = 41  # a module global: check() looks the name up where it is called from


def test_check_reads_the_callers_variables(capsys):
    check("answer_here", 41)
    check("answer_here", 42)
    check("not_defined_here", 42)
    assert capsys.readouterr().out.splitlines() == [
        "Right: `answer_here` is 41.",
        "Not yet: `answer_here` is 41, which is not the expected value.",
        "Not answered yet: set `not_defined_here = …` in the empty cell above, run it, then run this cell again.",
    ]


def test_check_is_public():
    assert helpers.check is check and "check" in helpers.__all__
