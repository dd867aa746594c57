"""Hidden tests of lesson 02 分级的条件 (``grading/hidden/l02_conditions.py``).

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

A = "02_conditions"
MODULE = load_lesson(REPO / "grading", A)
LESSON = nbbuild.load_lesson(A)
NB = LESSON.notebook()
TESTS = nbbuild.grade_ids(NB, kind="tests")
NAMES = sorted({n for names in MODULE.EXERCISES.values() for n in names})
# the read-only cells that prepare the data the answer cells use
SETUP = ["setup", "load_tx", "load_firms"]
BY_HAND = "不能调用 crmlab 的现成函数"
GENERIC = "测试无法核对它"  # run_tests' message for an exception that is not a Fail


def _cells(kind: str) -> dict[str, str]:
    """grade_id -> source of the notebook's read-only (``locked``) or answer cells."""
    out = {}
    for cell in NB.cells:
        meta = nbbuild.nbgrader_meta(cell)
        if cell.cell_type != "code" or not meta:
            continue
        wanted = meta["solution"] if kind == "answer" else meta["locked"]
        if wanted and not meta["grade"]:
            out[meta["grade_id"]] = cell.source
    return out


ANSWER_CELLS = _cells("answer")
READONLY_CELLS = _cells("readonly")


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
    """Run the notebook's data cells and answer cells (``answers`` replacing some, by grade_id)
    in order, like a student's kernel, and hand the exported answers to the hidden tests."""
    answers = answers or {}
    ns: dict = {}
    for grade_id in SETUP:
        exec(READONLY_CELLS[grade_id], ns)  # noqa: S102
    for source in added or []:  # cells the student inserted above the exercises
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
        code=[*READONLY_CELLS.values(), *sources.values(), *(added or [])],
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
    """The reference answers agree with the numbers the lesson text quotes."""
    a = right.answers
    assert a["per_manager"] == 120 and a["over_limit"] is True  # 600 customers, 5 managers
    assert abs(a["gini_jia"] - 0.68) < 0.01
    assert abs(a["top20_jia"] - 0.72) < 0.01
    assert abs(a["cv"]["甲公司"] - 1.7) < 0.05 and abs(a["cv"]["乙公司"] - 0.12) < 0.01
    assert 0.6 < a["repeat_share"] < 0.67  # "六成以上是回头客", a third or more came once
    assert 10 < a["purchases_per_customer"] < 10.5  # about ten orders each, not rows


def test_right_answers_pass_every_test(right):
    results = run_tests(MODULE, right, TESTS)
    assert all(r["passed"] for r in results.values()), results


def test_the_wrong_scenario_fails_exactly_its_tests():
    results = run_tests(MODULE, _submission(LESSON.wrong.answers), TESTS)
    assert _failed(results) == LESSON.wrong.fails
    assert "回头客占比不对" in results["q2_repeat"]["message"]
    assert "甲公司的基尼系数不对" in results["q4_gini"]["message"]


def test_the_cheat_scenario_fails_every_test():
    # The prelude only swaps the visible checks (cl.checks) for fakes; the hidden tests never
    # call them, so it is left out here rather than patched into this test process.
    assert "load_dataset" not in LESSON.cheat.prelude
    sub = _submission(LESSON.cheat.answers)
    results = run_tests(MODULE, sub, TESTS)
    assert _failed(results) == LESSON.cheat.fails
    assert "人均购买次数不对" in results["q1_purchases"]["message"]  # len(tx): rows
    for test in ["q4_gini", "q5_top20"]:  # right values, from cl.concentration
        assert BY_HAND in results[test]["message"]
        assert "concentration" in results[test]["message"]


def test_the_cheat_values_of_q4_and_q5_are_right_so_only_the_rule_catches_them():
    cheat = _submission(LESSON.cheat.answers)
    honest = Submission(
        student_id=cheat.student_id,
        assignment=A,
        answers=cheat.answers,
        sources={k: v for k, v in cheat.sources.items() if k not in ("a4_gini", "a5_top20")},
    )
    results = run_tests(MODULE, honest, ["q4_gini", "q5_top20"])
    assert all(r["passed"] for r in results.values()), results


STAFF = "managers = 5\ncapacity = 100\n"
FIRM_CV = 'by_firm = firms.groupby("firm")["annual_value"]\n'


@pytest.mark.parametrize(
    ("cell", "code", "test", "message"),
    [
        # condition 1
        (
            "a1_purchases",  # rows, not orders: an order spans several rows
            'purchases_per_customer = len(tx) / tx["customer_id"].nunique()',
            "q1_purchases",
            "表的行数",
        ),
        (
            "a1_purchases",  # the same mistake with groupby
            'purchases_per_customer = tx.groupby("customer_id").size().mean()',
            "q1_purchases",
            "表的行数",
        ),
        (
            "a2_repeat",  # customers with more than one row, not more than one order
            'per = tx.groupby("customer_id").size()\nrepeat_share = (per > 1).mean()',
            "q2_repeat",
            "每位顾客的行数",
        ),
        (
            "a1_purchases",
            'purchases_per_customer = tx["customer_id"].nunique() / tx["order_id"].nunique()',
            "q1_purchases",
            "人均购买次数不对",
        ),
        (
            "a1_purchases",
            'purchases_per_customer = tx.groupby("customer_id")["order_id"].nunique().median()',
            "q1_purchases",
            "人均购买次数不对",
        ),
        (
            "a1_purchases",
            'purchases_per_customer = str(len(tx) / tx["customer_id"].nunique())',
            "q1_purchases",
            "应该是一个数",
        ),
        (
            "a2_repeat",  # a percentage instead of a fraction
            (
                'per = tx.groupby("customer_id")["order_id"].nunique()\n'
                "repeat_share = 100 * (per > 1).mean()"
            ),
            "q2_repeat",
            "回头客占比不对",
        ),
        (
            "a2_repeat",  # counted in orders, not in customers
            (
                'per = tx.groupby("customer_id")["order_id"].nunique()\n'
                "repeat_share = per[per > 1].sum() / per.sum()"
            ),
            "q2_repeat",
            "回头客占比不对",
        ),
        (
            "a2_repeat",  # the number of repeat customers, not their share
            'per = tx.groupby("customer_id")["order_id"].nunique()\nrepeat_share = (per > 1).sum()',
            "q2_repeat",
            "回头客占比不对",
        ),
        # condition 2
        (
            "a3_cv",  # numpy's population standard deviation
            FIRM_CV + "cv = by_firm.std(ddof=0) / by_firm.mean()",
            "q3_cv",
            "甲公司的变异系数不对",
        ),
        (
            "a3_cv",  # the two firms swapped
            'cv = pd.Series({"甲公司": yi.std() / yi.mean(), "乙公司": jia.std() / jia.mean()})',
            "q3_cv",
            "甲公司的变异系数不对",
        ),
        (
            "a3_cv",  # only 乙公司 wrong (the standard deviation alone)
            'cv = pd.Series({"甲公司": jia.std() / jia.mean(), "乙公司": yi.std()})',
            "q3_cv",
            "乙公司的变异系数不对",
        ),
        (
            "a3_cv",  # one number for both firms together
            'cv = firms["annual_value"].std() / firms["annual_value"].mean()',
            "q3_cv",
            "应该是一列数 (Series)",
        ),
        (
            "a3_cv",  # the right numbers without the firm names
            "cv = pd.Series([jia.std() / jia.mean(), yi.std() / yi.mean()])",
            "q3_cv",
            "找不到甲公司",
        ),
        (
            "a3_cv",
            'cv = pd.Series({"甲公司": float("nan"), "乙公司": yi.std() / yi.mean()})',
            "q3_cv",
            "甲公司的变异系数不对",
        ),
        (
            "a3_cv",  # the whole table: its first column is not indexed by firm
            "cv = firms",
            "q3_cv",
            "找不到甲公司",
        ),
        (
            "a4_gini",  # ranks 0 … n-1
            (
                "x = jia.sort_values().to_numpy()\nn = len(x)\nrank = np.arange(n)\n"
                "gini_jia = 2 * (rank * x).sum() / (n * x.sum()) - (n + 1) / n"
            ),
            "q4_gini",
            "甲公司的基尼系数不对",
        ),
        (
            "a4_gini",  # sort_values() not stored: the values stay in table order
            (
                "jia.sort_values()\nx = jia.to_numpy()\nn = len(x)\nrank = np.arange(1, n + 1)\n"
                "gini_jia = 2 * (rank * x).sum() / (n * x.sum()) - (n + 1) / n"
            ),
            "q4_gini",
            "甲公司的基尼系数不对",
        ),
        (
            "a4_gini",  # 乙公司
            (
                "x = yi.sort_values().to_numpy()\nn = len(x)\nrank = np.arange(1, n + 1)\n"
                "gini_jia = 2 * (rank * x).sum() / (n * x.sum()) - (n + 1) / n"
            ),
            "q4_gini",
            "甲公司的基尼系数不对",
        ),
        (
            "a5_top20",  # the first 20 customers, not the first 20%
            "top20_jia = jia.sort_values(ascending=False).head(20).sum() / jia.sum()",
            "q5_top20",
            "甲公司前 20% 客户的价值占比不对",
        ),
        (
            "a5_top20",  # sorted from small to large
            (
                "k = math.ceil(len(jia) * 0.2)\n"
                "top20_jia = jia.sort_values().head(k).sum() / jia.sum()"
            ),
            "q5_top20",
            "甲公司前 20% 客户的价值占比不对",
        ),
        # condition 3
        (
            "a6_staff",
            STAFF + 'per_manager = tx["customer_id"].nunique() / capacity\n'
            "over_limit = per_manager > capacity",
            "q6_staff",
            "每位客户经理要照顾的顾客数不对",
        ),
        (
            "a6_staff",  # the comparison the wrong way round
            STAFF + 'per_manager = tx["customer_id"].nunique() / managers\n'
            "over_limit = per_manager < capacity",
            "q6_staff",
            "over_limit 的判断不对",
        ),
        (
            "a6_staff",  # text, not a truth value
            STAFF + 'per_manager = tx["customer_id"].nunique() / managers\nover_limit = "True"',
            "q6_staff",
            "over_limit 的判断不对",
        ),
        (
            "a6_staff",  # a number, not a truth value
            STAFF + 'per_manager = tx["customer_id"].nunique() / managers\nover_limit = 1',
            "q6_staff",
            "over_limit 的判断不对",
        ),
    ],
)
def test_typical_mistakes_fail_with_a_chinese_message(cell, code, test, message):
    results = run_tests(MODULE, _submission({cell: code}), TESTS)
    assert _failed(results) == {test}, results
    assert message in results[test]["message"]
    assert results[test]["message"].startswith("隐藏测试未通过：")


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        # cv as a dict, as a one-column table, with the firms in the other order
        ("a3_cv", 'cv = {f: v.std() / v.mean() for f, v in [("甲公司", jia), ("乙公司", yi)]}'),
        ("a3_cv", FIRM_CV + 'cv = (by_firm.std() / by_firm.mean()).to_frame("cv")'),
        (
            "a3_cv",
            'cv = pd.Series({"乙公司": yi.std() / yi.mean(), "甲公司": jia.std() / jia.mean()})',
        ),
        # a helper of the student's own called gini is not crmlab's; so is a comment
        (
            "a4_gini",
            (
                "def gini(values):\n"
                "    x = np.sort(np.asarray(values))\n"
                "    n = len(x)\n"
                "    return 2 * (np.arange(1, n + 1) * x).sum() / (n * x.sum()) - (n + 1) / n\n"
                "gini_jia = gini(jia)  # not cl.concentration(jia).gini"
            ),
        ),
        # a variable of the student's own called top_share
        (
            "a5_top20",
            (
                "k = math.ceil(len(jia) * 0.2)\n"
                "top_share = jia.nlargest(k).sum() / jia.sum()\n"
                "top20_jia = top_share"
            ),
        ),
        # numpy numbers
        (
            "a1_purchases",
            'purchases_per_customer = np.int64(tx["order_id"].nunique()) / np.int64(600)',
        ),
        (
            "a6_staff",
            STAFF + 'per_manager = np.int64(tx["customer_id"].nunique()) / np.int64(managers)\n'
            "over_limit = np.bool_(per_manager > capacity)",
        ),
        # the number computed in a helper variable first
        ("a1_purchases", 'n = tx["customer_id"].nunique()\npurchases_per_customer = 6140 / n'),
    ],
)
def test_other_right_answers_pass(cell, code):
    results = run_tests(MODULE, _submission({cell: code}), TESTS)
    assert not _failed(results), results


@pytest.mark.parametrize(
    ("cell", "code", "test"),
    [
        ("a1_purchases", "purchases_per_customer = 6140 / 600", "q1_purchases"),
        ("a2_repeat", "repeat_share = round(373 / 600, 12)", "q2_repeat"),
        ("a3_cv", None, "q3_cv"),  # the right values written out in pd.Series({...})
        ("a6_staff", STAFF + "per_manager = 600 / 5\nover_limit = per_manager > capacity",
         "q6_staff"),
    ],
)
def test_typed_in_numbers_fail(right, cell, code, test):
    if code is None:
        cv = right.answers["cv"]
        code = f'cv = pd.Series({{"甲公司": {cv["甲公司"]!r}, "乙公司": {cv["乙公司"]!r}}})'
    results = run_tests(MODULE, _submission({cell: code}), TESTS)
    assert _failed(results) == {test}, results
    assert "直接写进去的数字" in results[test]["message"]


Q4, Q5, BOTH = {"q4_gini"}, {"q5_top20"}, {"q4_gini", "q5_top20"}


@pytest.mark.parametrize(
    ("answers", "added", "tests", "name"),
    [
        ({"a4_gini": "gini_jia = cl.gini(jia)"}, [], Q4, "gini"),
        ({"a4_gini": "from crmlab import gini as g\ngini_jia = g(jia)"}, [], Q4, "gini"),
        ({"a4_gini": 'gini_jia = getattr(cl, "gi" + "ni")(jia)'}, [], Q4, "getattr"),
        (
            {"a4_gini": "from crmlab import concentration\ngini_jia = concentration(jia).gini"},
            [],
            Q4,
            "concentration",
        ),
        ({"a5_top20": "top20_jia = cl.concentration(jia).top_share"}, [], Q5, "top_share"),
        # the ready-made result worked out in a cell the student added: such a cell counts
        # for every exercise done by hand
        (
            {"a4_gini": "gini_jia = conc.gini"},
            ["conc = cl.concentration(jia)"],
            BOTH,
            "concentration",
        ),
        (
            {"a5_top20": "top20_jia = result"},
            ["result = cl.concentration(jia, top=0.2).top_share"],
            BOTH,
            "concentration",
        ),
    ],
)
def test_work_by_hand_is_enforced(answers, added, tests, name):
    results = run_tests(MODULE, _submission(answers, added), TESTS)
    assert _failed(results) == tests, results
    for test in tests:
        assert BY_HAND in results[test]["message"]
        assert name in results[test]["message"]


@pytest.mark.parametrize(
    ("name", "test", "tolerance"),
    [
        ("purchases_per_customer", "q1_purchases", 1e-6),
        ("repeat_share", "q2_repeat", 1e-6),
        ("gini_jia", "q4_gini", 1e-6),
        ("top20_jia", "q5_top20", 1e-6),
        ("per_manager", "q6_staff", 1e-9),
    ],
)
def test_numbers_are_compared_with_the_old_tolerance(right, name, test, tolerance):
    value = right.answers[name]
    near = run_tests(MODULE, _with(right, **{name: value + tolerance / 10}), [test])
    off = run_tests(MODULE, _with(right, **{name: value + tolerance * 10}), [test])
    assert near[test]["passed"], near
    assert not off[test]["passed"] and "不对" in off[test]["message"]


def test_each_firm_cv_is_compared_with_the_old_tolerance(right):
    for firm in ["甲公司", "乙公司"]:
        cv = dict(right.answers["cv"])
        cv[firm] += 1e-7
        assert run_tests(MODULE, _with(right, cv=cv), ["q3_cv"])["q3_cv"]["passed"]
        cv[firm] += 1e-5
        result = run_tests(MODULE, _with(right, cv=cv), ["q3_cv"])["q3_cv"]
        assert not result["passed"] and f"{firm}的变异系数不对" in result["message"]


def test_one_missing_variable_fails_its_test_only(right):
    answers = {k: v for k, v in right.answers.items() if k != "over_limit"}
    sub = Submission(student_id="2024001", assignment=A, answers=answers, sources=right.sources)
    results = run_tests(MODULE, sub, TESTS)
    assert _failed(results) == {"q6_staff"}
    assert "没有找到变量 `over_limit`" in results["q6_staff"]["message"]


def test_missing_variables_fail_with_a_message():
    sub = _submission()
    for name in NAMES:
        sub.answers.pop(name)
    results = run_tests(MODULE, sub, TESTS)
    assert _failed(results) == set(TESTS)
    for test, names in MODULE.EXERCISES.items():
        assert f"没有找到变量 `{names[0]}`" in results[test]["message"]


@pytest.mark.parametrize(
    "value",
    ["0.5", None, [0.5, 0.5], {"a": 1}, True, exported.Unreadable("x", type="Figure")],
    ids=["text", "none", "list", "dict", "bool", "unreadable"],
)
def test_values_of_the_wrong_type_fail_with_a_message(right, value):
    sub = Submission(
        student_id="2024001",
        assignment=A,
        answers=dict.fromkeys(NAMES, value),
        sources=right.sources,
    )
    results = run_tests(MODULE, sub, TESTS)
    assert _failed(results) == set(TESTS)
    for result in results.values():
        assert "error" not in result
        assert result["message"].startswith("隐藏测试未通过：") and GENERIC not in result["message"]


def test_a_table_in_the_wrong_shape_fails_with_a_message(right):
    answers = dict(right.answers)
    answers["cv"] = pd.DataFrame(index=["甲公司", "乙公司"])  # no columns
    answers["per_manager"] = pd.DataFrame({"per_manager": [120.0]})
    sub = Submission(student_id="2024001", assignment=A, answers=answers, sources=right.sources)
    results = run_tests(MODULE, sub, TESTS)
    assert _failed(results) == {"q3_cv", "q6_staff"}
    assert "没有列" in results["q3_cv"]["message"]
    assert "应该是一个数" in results["q6_staff"]["message"]
