"""Hidden tests of lesson 03 分级的指标 (``grading/hidden/l03_indicators.py``).

The right answers come from the builder's own answer cells (solutions included), run on the
packaged data loaded with ``cl.load_dataset`` as the notebook does. The answer variables then go
through the conversion that the grader's export and ``decode`` apply (Parquet for tables and
Series, plain Python values for the rest), so each hidden test sees the kind of values it gets
after grading. Wrong answers are typical student mistakes, the builder's ``WRONG`` and ``CHEAT``
scenarios, missing variables and values of the wrong type.
"""

from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "tools") not in sys.path:
    sys.path.insert(0, str(REPO / "tools"))

import nbbuild

from crmlab.teacher import answers as exported
from crmlab.teacher.hidden import Submission, load_lesson, run_tests

A = "03_indicators"
MODULE = load_lesson(REPO / "grading", A)
LESSON = nbbuild.load_lesson(A)
NB = LESSON.notebook()
TESTS = nbbuild.grade_ids(NB, kind="tests")
NAMES = sorted({n for names in MODULE.EXERCISES.values() for n in names})
BY_HAND = "这道题要求自己动手计算，不能调用 cl.weighted_score"
GENERIC = "测试无法核对它"  # run_tests' message for an exception that is not a Fail


def _cells() -> tuple[list[str], dict[str, str]]:
    """The cells that prepare the answers (the read-only set-up and the plain code cell that
    defines ``minmax``), and the answer cells by grade_id, from the builder's notebook."""
    setup, answers = [], {}
    for cell in NB.cells:
        if cell.cell_type != "code":
            continue
        meta = nbbuild.nbgrader_meta(cell)
        if meta.get("grade_id") == "setup" or "def minmax" in cell.source:
            setup.append(cell.source)
        elif meta.get("solution") and not meta.get("grade"):
            answers[meta["grade_id"]] = cell.source
    return setup, answers


SETUP_CELLS, ANSWER_CELLS = _cells()


def _parquet(table: pd.DataFrame) -> pd.DataFrame:
    buf = io.BytesIO()
    table.to_parquet(buf, index=True)
    return pd.read_parquet(io.BytesIO(buf.getvalue()))


def _decoded(value):
    """A kernel value as a hidden test receives it after export and decoding (see
    ``crmlab.teacher.answers``): tables and Series through Parquet with their index, numpy
    numbers as Python numbers, arrays and tuples as lists, sets as frozensets."""
    if isinstance(value, pd.DataFrame):
        return _parquet(value)
    if isinstance(value, pd.Series):
        series = _parquet(value.to_frame(name="__value__"))["__value__"]
        series.name = value.name if isinstance(value.name, (str, int, float)) else None
        return series
    if isinstance(value, np.ndarray):
        return _decoded(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_decoded(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return frozenset(_decoded(v) for v in value)
    if isinstance(value, dict):
        return {_decoded(k): _decoded(v) for k, v in value.items()}
    return value


def _export(ns: dict, names: list[str]) -> dict:
    """The answers ``names`` of a kernel namespace, as the grader hands them to the tests."""
    return {n: _decoded(ns[n]) if n in ns else exported.Missing(n) for n in names}


def _submission(answers: dict[str, str] | None = None, added: list[str] | None = None):
    """Run the set-up cells and the answer cells (``answers`` replacing some, by grade_id) in
    order, like a student's kernel, and hand the exported answers to the hidden tests."""
    answers = answers or {}
    ns: dict = {}
    for source in [*SETUP_CELLS, *(added or [])]:  # added: cells inserted above the exercises
        exec(source, ns)  # noqa: S102
    sources = {}
    for grade_id, solution in ANSWER_CELLS.items():
        source = textwrap.dedent(answers.get(grade_id, solution))
        sources[grade_id] = source
        exec(source, ns)  # noqa: S102
    return Submission(
        student_id="2024001",
        assignment=A,
        answers=_export(ns, NAMES),
        sources=sources,
        code=[*SETUP_CELLS, *sources.values(), *(added or [])],
        added=list(added or []),
    )


def _failed(results: dict) -> set[str]:
    return {test for test, result in results.items() if not result["passed"]}


def _with(right: Submission, **answers) -> Submission:
    """The right submission with some answers replaced by already decoded values."""
    return Submission(
        student_id=right.student_id,
        assignment=A,
        answers={**right.answers, **answers},
        sources=right.sources,
    )


@pytest.fixture(scope="module")
def right() -> Submission:
    return _submission()


def test_exercises_are_the_test_cells_of_the_builder():
    assert list(MODULE.EXERCISES) == TESTS
    # every variable a test needs is assigned in one of the builder's answer cells
    for names in MODULE.EXERCISES.values():
        for name in names:
            assert any(f"{name} =" in src for src in ANSWER_CELLS.values()), name


def test_the_solution_answers_are_the_lesson_numbers(right):
    """The reference answers agree with the numbers the lesson text quotes (C001, C014, C060)."""
    a = right.answers
    assert all(isinstance(a[n], pd.Series) and len(a[n]) == 120 for n in NAMES)
    assert round(a["cum_sales"][0], 1) == 1420.7  # C001 is the first row
    assert round(a["monthly_avg"][0], 1) == 44.4
    assert round(a["growth"][0], 4) == 0.2394
    customers = pd.read_csv(REPO / "crmlab" / "data" / "b2b_customers.csv")["customer"]
    c014, c060 = customers.tolist().index("C014"), customers.tolist().index("C060")
    assert abs(a["profit"][c014] - 4.64) < 0.01
    assert a["profit"][c060] < 0
    assert abs(a["credit"][c060] - 62.9) < 1e-9
    assert a["my_score"].min() >= 0 and a["my_score"].max() <= 100


def test_right_answers_pass_every_test(right):
    results = run_tests(MODULE, right, TESTS)
    assert all(r["passed"] for r in results.values()), results


def test_the_wrong_scenario_fails_exactly_its_tests():
    results = run_tests(MODULE, _submission(LESSON.wrong.answers), TESTS)
    assert _failed(results) == LESSON.wrong.fails
    assert "利润贡献 profit 不对" in results["q3_profit"]["message"]
    assert "信用得分 credit 不对" in results["q4_credit"]["message"]


def test_the_cheat_scenario_fails_every_test():
    # The prelude only swaps the visible checks (cl.checks) for fakes; the hidden tests never
    # call them, so it is left out here rather than patched into this test process.
    assert "load_dataset" not in LESSON.cheat.prelude
    results = run_tests(MODULE, _submission(LESSON.cheat.answers), TESTS)
    assert _failed(results) == LESSON.cheat.fails
    assert BY_HAND in results["q5_score"]["message"]
    assert "weighted_score" in results["q5_score"]["message"].split("，")[-1]


def test_the_cheat_score_is_right_so_only_the_rule_catches_it():
    cheat = _submission(LESSON.cheat.answers)
    honest = Submission(
        student_id=cheat.student_id,
        assignment=A,
        answers=cheat.answers,
        sources={k: v for k, v in cheat.sources.items() if k != "a5_score"},
    )
    assert run_tests(MODULE, honest, ["q5_score"])["q5_score"]["passed"]


WEIGHTS = LESSON.module._WEIGHTS + "\n"
BY_HAND_SCORE = WEIGHTS + textwrap.dedent(
    """
    my_score = 100 * (
        0.4 * minmax(b2b["sales_2025"])
        + 0.2 * minmax(b2b["gross_margin"])
        + 0.2 * (1 - minmax(b2b["payment_days_overdue"]))
        + 0.2 * minmax(b2b["growth_potential"])
    )
    """
)


@pytest.mark.parametrize(
    ("cell", "code", "test", "message"),
    [
        (
            "a1_sales",  # two years only
            (
                'cum_sales = b2b["sales_2024"] + b2b["sales_2025"]\n'
                'monthly_avg = b2b["sales_2025"] / 12'
            ),
            "q1_sales",
            "累计销售额 cum_sales 不对",
        ),
        (
            "a1_sales",  # averaged over the months with orders
            (
                'cum_sales = b2b["sales_2023"] + b2b["sales_2024"] + b2b["sales_2025"]\n'
                'monthly_avg = b2b["sales_2025"] / b2b["months_active_2025"]'
            ),
            "q1_sales",
            "月平均销售额 monthly_avg 不对",
        ),
        (
            "a1_sales",  # right values, sorted: the rows no longer match b2b
            (
                'cum_sales = (b2b["sales_2023"] + b2b["sales_2024"] + b2b["sales_2025"])'
                ".sort_values()\n"
                'monthly_avg = b2b["sales_2025"] / 12'
            ),
            "q1_sales",
            "累计销售额 cum_sales 不对",
        ),
        (
            "a2_growth",  # divided by the current year
            'growth = (b2b["sales_2025"] - b2b["sales_2024"]) / b2b["sales_2025"]',
            "q2_growth",
            "销售额增长率 growth 不对",
        ),
        (
            "a2_growth",  # a percentage
            'growth = 100 * (b2b["sales_2025"] - b2b["sales_2024"]) / b2b["sales_2024"]',
            "q2_growth",
            "销售额增长率 growth 不对",
        ),
        (
            "a2_growth",  # one customer short
            'growth = ((b2b["sales_2025"] - b2b["sales_2024"]) / b2b["sales_2024"]).iloc[1:]',
            "q2_growth",
            "销售额增长率 growth 不对",
        ),
        (
            "a3_profit",  # margin applied after taking off the cost
            'profit = (b2b["sales_2025"] - b2b["service_cost_2025"]) * b2b["gross_margin"]',
            "q3_profit",
            "利润贡献 profit 不对",
        ),
        (
            "a4_credit",  # weights in the wrong places
            (
                'pay_score = (100 - 2 * b2b["payment_days_overdue"]).clip(lower=0)\n'
                'credit = 0.4 * b2b["operating_score"] + 0.3 * b2b["financial_score"]'
                " + 0.3 * pay_score"
            ),
            "q4_credit",
            "信用得分 credit 不对",
        ),
        (
            "a5_score",  # days overdue not turned round
            WEIGHTS + "my_score = 100 * sum(w * minmax(b2b[c]) for c, w in weights.items())",
            "q5_score",
            "综合得分 my_score 不对",
        ),
        (
            "a5_score",  # not times 100
            BY_HAND_SCORE + "my_score = my_score / 100",
            "q5_score",
            "综合得分 my_score 不对",
        ),
        (
            "a5_score",  # the score table instead of the score column
            BY_HAND_SCORE + 'my_score = b2b.assign(score=my_score)[["customer", "score"]]',
            "q5_score",
            "不是数的值",
        ),
        (
            "a5_score",  # two numeric columns: 240 values
            BY_HAND_SCORE + 'my_score = pd.DataFrame({"a": my_score, "b": my_score})',
            "q5_score",
            "综合得分 my_score 不对",
        ),
    ],
)
def test_typical_mistakes_fail_with_a_chinese_message(cell, code, test, message):
    results = run_tests(MODULE, _submission({cell: code}), TESTS)
    assert _failed(results) == {test}, results
    assert message in results[test]["message"]
    assert results[test]["message"].startswith("隐藏测试未通过：")


PROFIT = 'profit = (b2b["sales_2025"] * b2b["gross_margin"] - b2b["service_cost_2025"])'
CREDIT_BY_ROW = """
credit = [
    0.3 * o + 0.3 * f + 0.4 * max(0, 100 - 2 * d) + 1e-9
    for o, f, d in zip(b2b["operating_score"], b2b["financial_score"], b2b["payment_days_overdue"])
]
"""


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        # a list, a numpy array, a one-column table, another index: only the values count
        ("a2_growth", "growth = ((b2b.sales_2025 - b2b.sales_2024) / b2b.sales_2024).tolist()"),
        ("a3_profit", PROFIT + ".to_numpy()"),
        ("a3_profit", PROFIT + '.to_frame("profit")'),
        ("a3_profit", PROFIT + '.set_axis(b2b["customer"])'),
        # max(0, ...) row by row, plus rounding noise far below the tolerance
        ("a4_credit", CREDIT_BY_ROW),
        # the score by hand, and a comment naming the forbidden function
        ("a5_score", BY_HAND_SCORE + "# checked against cl.weighted_score later"),
    ],
)
def test_other_right_answers_pass(cell, code):
    results = run_tests(MODULE, _submission({cell: code}), TESTS)
    assert not _failed(results), results


SCORE_CALL = ('cl.weighted_score(b2b, weights=weights, '
              'higher_is_better={"payment_days_overdue": False})')


@pytest.mark.parametrize(
    ("answer", "added", "name"),
    [
        (WEIGHTS + f'my_score = {SCORE_CALL}["score"]', [], "weighted_score"),
        (
            # a right score by hand, then a ready-made analysis in the same answer cell
            BY_HAND_SCORE
            + 'tiers = cl.pyramid(b2b.assign(score=my_score), value="score", customer="customer")',
            [],
            "pyramid",
        ),
        (
            WEIGHTS
            + 'my_score = getattr(cl, "weighted_" + "score")(b2b, weights=weights, '
            + 'higher_is_better={"payment_days_overdue": False})["score"]',
            [],
            "getattr",
        ),
        # the ready-made score worked out in a cell the student added
        ('my_score = done["score"]', [WEIGHTS + f"done = {SCORE_CALL}"], "weighted_score"),
    ],
)
def test_work_by_hand_is_enforced(answer, added, name):
    results = run_tests(MODULE, _submission({"a5_score": answer}, added), TESTS)
    assert _failed(results) == {"q5_score"}, results
    assert BY_HAND in results["q5_score"]["message"]
    assert name in results["q5_score"]["message"]


@pytest.mark.parametrize("name", NAMES)
def test_columns_are_compared_with_the_old_tolerance(right, name):
    test = next(t for t, names in MODULE.EXERCISES.items() if name in names)
    values = right.answers[name].to_numpy()
    scale = 1e-6 * (1 + abs(values[7]))  # rtol = atol = 1e-6
    near, off = values.copy(), values.copy()
    near[7] += scale / 10
    off[7] += scale * 10
    assert run_tests(MODULE, _with(right, **{name: near.tolist()}), [test])[test]["passed"]
    result = run_tests(MODULE, _with(right, **{name: off.tolist()}), [test])[test]
    assert not result["passed"] and f"{name} 不对" in result["message"]


def test_one_missing_variable_fails_its_test_only(right):
    answers = {k: v for k, v in right.answers.items() if k != "monthly_avg"}
    sub = Submission(student_id="2024001", assignment=A, answers=answers, sources=right.sources)
    results = run_tests(MODULE, sub, TESTS)
    assert _failed(results) == {"q1_sales"}
    assert "没有找到变量 `monthly_avg`" in results["q1_sales"]["message"]


def test_missing_variables_fail_with_a_message(right):
    sub = Submission(student_id="2024001", assignment=A, answers={}, sources=right.sources)
    results = run_tests(MODULE, sub, TESTS)
    assert _failed(results) == set(TESTS)
    for test, names in MODULE.EXERCISES.items():
        assert f"没有找到变量 `{names[0]}`" in results[test]["message"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0.5", "应该是一列数"),
        (None, "应该是一列数"),
        (12.5, "应该是一列数"),
        ({"C001": 1.0}, "应该是一列数"),
        (frozenset({1.0}), "应该是一列数"),
        (["a"] * 120, "不是数的值"),
        (exported.Unreadable("x", type="Index"), "无法读取"),
        (pd.DataFrame({"customer": ["C001"] * 120, "name": ["x"] * 120}), "不是数的值"),
    ],
    ids=["text", "none", "number", "dict", "set", "texts", "unreadable", "text-table"],
)
def test_values_of_the_wrong_type_fail_with_a_message(right, value, message):
    results = run_tests(MODULE, _with(right, **dict.fromkeys(NAMES, value)), TESTS)
    assert _failed(results) == set(TESTS)
    for result in results.values():
        assert "error" not in result
        assert message in result["message"] and GENERIC not in result["message"]


def test_profit_by_crmlab_is_refused():
    """profit_contribution computes exercise 3 in one call: the exercise asks for the columns."""
    from crmlab.teacher.hidden import Submission, run_tests

    sub = Submission(
        student_id="s", assignment="03_indicators",
        answers={"profit": [0.0]},
        sources={"a3_profit": 'profit = cl.profit_contribution(b2b, sales="sales_2025", '
                              'margin="gross_margin", cost="service_cost_2025")'},
    )
    result = run_tests(MODULE, sub, ["q3_profit"])["q3_profit"]
    assert not result["passed"] and "profit_contribution" in result["message"]
