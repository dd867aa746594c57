"""The teacher-side hidden tests of lesson 01 为什么要分级 (``grading/hidden/l01_why_tier.py``).

Answers are made the way a graded submission makes them: the lesson's read-only cells and answer
cells (the builder's solutions, or a scenario's answers) run on the packaged data in a fresh
namespace, and the answer variables go through the kit's real export (``export_expression``,
evaluated with that namespace as the kernel's) and ``decode``. The right answers thus come from
the lesson's own solution code (and, for the ``CHEAT`` answers, from crmlab's functions), never
from the hidden module's recomputation.
"""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path
from unittest import mock

import IPython
import matplotlib
import pandas as pd
import pytest

from crmlab.teacher.answers import Missing, Unreadable, decode, export_expression
from crmlab.teacher.hidden import PASSED, Submission, load_lesson, run_tests

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # after choosing the backend

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import nbbuild  # needs tools/ on sys.path

A = "01_why_tier"
HIDDEN = load_lesson(REPO / "grading", A)
LESSON = nbbuild.load_lesson(A)
TESTS = list(HIDDEN.EXERCISES)
NAMES = sorted({n for names in HIDDEN.EXERCISES.values() for n in names})
GENERIC = "答案的类型或格式不对"  # run_tests' message when a test crashed instead of failing
FAILED = "隐藏测试未通过："


# ---------------------------------------------------------------------------------------------
# a student's kernel, simulated: run the cells, export the answers


class Kernel:
    """The namespace after the lesson's read-only and answer cells ran, and their sources."""

    def __init__(self, answers: dict[str, str] | None = None) -> None:
        self.ns: dict = {}
        self.sources: dict[str, str] = {}
        answers = answers or {}
        with mock.patch.object(plt, "show", lambda *a, **k: None):
            for cell in LESSON.cells:
                meta = nbbuild.nbgrader_meta(cell)
                if cell.cell_type != "code" or not meta or meta["grade"]:
                    continue  # plain cells and test cells make no answers
                source = cell.source
                if meta["solution"]:  # an answer cell, replaced as the pipeline test does
                    source = answers.get(meta["grade_id"], source)
                    self.sources[meta["grade_id"]] = source
                self.run(source)
        plt.close("all")

    def run(self, source: str) -> None:
        exec(compile(source, "<cell>", "exec"), self.ns)  # noqa: S102 - the lesson's own code

    def variant(self, source: str) -> Kernel:
        """A copy of this kernel with ``source`` (a mistake) run after the answers."""
        other = Kernel.__new__(Kernel)
        other.sources = dict(self.sources)
        other.ns = {
            k: v.copy() if isinstance(v, (pd.DataFrame, pd.Series)) else v
            for k, v in self.ns.items()
        }
        other.run(source)
        return other

    def submission(self, *, sources: dict[str, str] | None = None, added=(), **override):
        """A Submission of the exported answers (``override`` replaces decoded values)."""
        shell = types.SimpleNamespace(user_ns=self.ns)
        with mock.patch.object(IPython, "get_ipython", lambda: shell):
            payload = eval(export_expression(NAMES))
        answers = {**decode(payload, NAMES), **override}
        return Submission(
            "s001", A, answers, sources=sources or dict(self.sources), added=list(added)
        )


def failed(sub: Submission) -> dict[str, str]:
    """The failed tests and their messages; every result is a verdict, never a crash."""
    results = run_tests(HIDDEN, sub, TESTS)
    assert set(results) == set(TESTS)
    for result in results.values():
        assert "error" not in result
        if result["passed"]:
            assert result["message"] == PASSED
        else:
            assert result["message"].startswith(FAILED), result
            assert GENERIC not in result["message"], result
    return {t: r["message"].removeprefix(FAILED) for t, r in results.items() if not r["passed"]}


@pytest.fixture(scope="module")
def right() -> Kernel:
    return Kernel()


# ---------------------------------------------------------------------------------------------
# the module fits the lesson


def test_exercises_are_the_builders_test_cells():
    nb = LESSON.notebook()
    assert list(HIDDEN.EXERCISES) == nbbuild.grade_ids(nb, kind="tests")
    for test in HIDDEN.EXERCISES:
        assert callable(getattr(HIDDEN, test))
    # each by-hand rule looks at the answer cell that feeds its test
    assert nbbuild.tests_of_answers(nb) == {
        "a1_tiers": ["q1_tiers"],
        "a2_review_points": ["q2_review_points"],
        "a3_review_tiers": ["q3_review_tiers"],
        "a4_pareto_table": ["q4_pareto_table"],
        "a5_top_share": ["q5_top_share"],
        "a6_budget": ["q6_budget"],
    }


def test_hidden_module_imports_no_crmlab_analysis():
    tree = ast.parse(Path(HIDDEN.__file__).read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert {m for m in modules if m and m.startswith("crmlab")} == {"crmlab.teacher.hidden"}


def test_builder_has_no_hidden_tests_left():
    nb = LESSON.notebook()
    for cell in nb.cells:
        assert nbbuild.BEGIN_HIDDEN not in cell.source
        assert "In[" not in cell.source
    for test in nbbuild.grade_ids(nb, kind="tests"):
        (cell,) = [c for c in nb.cells if nbbuild.nbgrader_meta(c).get("grade_id") == test]
        assert cell.source == f"checks.{test}()"


# ---------------------------------------------------------------------------------------------
# the lesson's scenarios


def test_solution_passes_every_test(right):
    assert failed(right.submission()) == {}


def test_wrong_scenario_fails_exactly_its_tests():
    sub = Kernel(LESSON.wrong.answers).submission()
    messages = failed(sub)
    assert set(messages) == LESSON.wrong.fails
    # strict ">" puts the member with exactly 300 points (M0088) one tier too low
    assert messages["q1_tiers"] == "tier_of(300, True) 应该是 黄金。"
    assert messages["q5_top_share"] == "前 20% 顾客的消费额占比不对。"
    assert messages["q6_budget"] == "有等级分到的预算不对。"


def test_cheat_scenario_fails_by_the_by_hand_rule(right):
    # CHEAT's prelude only silences the visible checks, which do not run here, so it is left
    # out (it would also overwrite crmlab's checks in this test process).
    cheat = Kernel(LESSON.cheat.answers)
    messages = failed(cheat.submission())
    assert set(messages) == LESSON.cheat.fails == set(TESTS)
    called = {
        "q1_tiers": "member_tier",
        "q2_review_points": "retier",
        "q3_review_tiers": "member_tier",
        "q4_pareto_table": "abc_analysis",
        "q5_top_share": "concentration",
        "q6_budget": "budget_split",
    }
    for test, name in called.items():
        if test == "q6_budget":  # the lesson's own widget code: a borrowed answer
            assert "不是自己算出来的" in messages[test] and f"widgets.{name}" in messages[test]
            continue
        assert "要求自己动手计算，不能调用 crmlab 的现成函数" in messages[test]
        assert name in messages[test].split("：")[-1].split("、")
    # the values made with crmlab are right: with the solution's sources every test passes
    assert failed(cheat.submission(sources=dict(right.sources))) == {}


# ---------------------------------------------------------------------------------------------
# the by-hand rule and the tier_of definition


def test_forbidden_name_in_a_comment_or_string_does_not_count(right):
    sources = dict(right.sources)
    sources["a1_tiers"] += '\n# not cl.member_tier, and not cl.retier\nnote = "member_tier"\n'
    sources["a4_pareto_table"] += "\n# cl.abc_analysis would do this\n"
    assert failed(right.submission(sources=sources)) == {}


def test_forbidden_call_in_an_added_cell_fails_the_tier_exercises(right):
    added = ['check = cl.member_tier(members["points"], members["good_credit"])']
    messages = failed(right.submission(added=added))
    assert set(messages) == {"q1_tiers", "q2_review_points", "q3_review_tiers"}
    assert messages["q2_review_points"] == (
        "第 2 题要求自己动手计算，不能调用 crmlab 的现成函数：member_tier"
    )


def test_forbidden_names_are_per_exercise(right):
    sources = dict(right.sources)
    # q6's tiers come from a read-only cell made with cl.member_tier: allowed there
    sources["a6_budget"] += '\nsizes = cl.member_tier(members["points"], True).value_counts()\n'
    sources["a5_top_share"] += "\n_ = cl.gini\n"
    assert failed(right.submission(sources=sources)) == {
        "q5_top_share": "第 5 题要求自己动手计算，不能调用 crmlab 的现成函数：gini"
    }


def test_tiers_without_a_tier_of_function_fail(right):
    sources = dict(right.sources)
    sources["a1_tiers"] = (
        "tiers = []\n"
        'for p, g in zip(members["points"], members["good_credit"]):\n'
        '    tiers.append("钻石" if g and p >= 10000 else "铂金" if g and p >= 3000\n'
        '                 else "黄金" if g and p >= 300 else "普通")\n'
        "print(tier_of(300, True))\n"  # a call is not a definition
    )
    messages = failed(right.submission(sources=sources))
    assert set(messages) == {"q1_tiers"}
    assert messages["q1_tiers"].startswith("没有找到函数 tier_of")
    # defined elsewhere by the student, or as a lambda: found
    added = ["def tier_of(points, good_credit):\n    return '普通'\n"]
    assert failed(right.submission(sources=sources, added=added)) == {}
    sources["a1_tiers"] += "tier_of = lambda p, g: None\n"
    assert failed(right.submission(sources=sources)) == {}


# ---------------------------------------------------------------------------------------------
# typical mistakes, exercise by exercise

RULE_WITH = """\
def tier_of(points, good_credit):
    if {cond} points >= 10000:
        return "钻石{suffix}"
    if {cond} points >= 3000:
        return "铂金{suffix}"
    if {cond} points >= {gold}:
        return "黄金{suffix}"
    return "普通{suffix}"


tiers = [tier_of(p, g) for p, g in zip(members["points"], members["good_credit"])]
"""


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        ({"gold": 299}, "tier_of(299, True) 应该是 普通。"),
        ({"cond": ""}, "tier_of(18500, False) 应该是 普通。"),
        ({"suffix": "会员"}, "tier_of(300, True) 应该是 黄金。"),
        ({"gold": 301, "cond": ""}, "tier_of(300, True) 应该是 黄金。"),
    ],
)
def test_q1_rule_mistakes(right, mistake, message):
    source = RULE_WITH.format(**{"cond": "good_credit and", "suffix": "", "gold": 300, **mistake})
    kernel = right.variant(source)
    assert failed(kernel.submission()) == {"q1_tiers": message}


def test_q1_right_rule_written_otherwise_passes(right):
    kernel = right.variant(RULE_WITH.format(cond="good_credit and", suffix="", gold=300))
    assert failed(kernel.submission()) == {}
    # a Series, or a tuple (exported as a list), in the members' order is fine as well
    kernel = right.variant("tiers = tuple(pd.Series(tiers, index=members['member_id']))")
    assert failed(kernel.submission()) == {}


@pytest.mark.parametrize(
    "source",
    [
        "tiers = sorted(tiers)",  # right tiers, wrong order: not blamed on a boundary
        "tiers = tiers[:-1]",
        "tiers = tiers + ['普通']",
        "tiers = tiers[::-1]",
        "tiers = [t for t in tiers if t != '普通'] + [t for t in tiers if t == '普通']",
    ],
)
def test_q1_tiers_not_matching_the_members(right, source):
    messages = failed(right.variant(source).submission())
    assert messages == {"q1_tiers": "tiers 和会员表里的积分、信誉对不上。"}


@pytest.mark.parametrize(
    "source",
    [
        # the review day's own orders counted (5 orders on 2025-07-01)
        (
            "review_points = orders[(orders['date'] >= start) & (orders['date'] <= review_date)]"
            ".groupby('member_id')['points'].sum().reindex(members['member_id'], fill_value=0)"
        ),
        # a 366-day window (3 orders on 2024-06-30 come in)
        (
            "review_points = orders[(orders['date'] >= start - pd.Timedelta(days=1))"
            " & (orders['date'] < review_date)]"
            ".groupby('member_id')['points'].sum().reindex(members['member_id'], fill_value=0)"
        ),
        # the current points of the members table
        "review_points = members.set_index('member_id')['points']",
        # amounts instead of points
        (
            "review_points = in_window.groupby('member_id')['amount'].sum()"
            ".reindex(members['member_id'], fill_value=0)"
        ),
        # no fill_value: the members without orders get NaN, not 0
        (
            "review_points = in_window.groupby('member_id')['points'].sum()"
            ".reindex(members['member_id'])"
        ),
    ],
)
def test_q2_wrong_points(right, source):
    kernel = right.variant(source)
    assert not kernel.ns["review_points"].equals(right.ns["review_points"])  # a real mistake
    messages = failed(kernel.submission())
    assert messages["q2_review_points"] == "有会员的评级日积分不对。"


@pytest.mark.parametrize(
    "source",
    [
        # members without orders left out (190 rows)
        "review_points = in_window.groupby('member_id')['points'].sum()",
        # a list, or a reset index: the member ids are gone
        "review_points = list(review_points)",
        "review_points = review_points.reset_index(drop=True)",
        # a member twice
        "review_points = pd.concat([review_points, review_points.head(1)])",
    ],
)
def test_q2_wrong_index(right, source):
    messages = failed(right.variant(source).submission())
    assert messages["q2_review_points"] == "review_points 的索引应该正好是 200 位会员的编号。"


def test_q2_and_q3_accept_any_member_order_and_a_dict(right):
    kernel = right.variant(
        "review_points = review_points.sort_values()\nreview_tiers = review_tiers.to_dict()\n"
    )
    sub = kernel.submission()
    assert isinstance(sub.answers["review_tiers"], dict)
    assert failed(sub) == {}


def test_q2_table_instead_of_series(right):
    kernel = right.variant("review_points = review_points.reset_index()")
    messages = failed(kernel.submission())
    assert messages["q2_review_points"].startswith("review_points 应该是一列 (Series)")


@pytest.mark.parametrize(
    "source",
    [
        # tiers by the current points, not the review's
        "review_tiers = pd.Series(cl_free_tiers(members['points'], credit), index=credit.index)",
        # the overwriting order reversed: everyone good enough ends up 黄金
        (
            "review_tiers = pd.Series('普通', index=review_points.index)\n"
            "review_tiers[credit & (review_points >= 10000)] = '钻石'\n"
            "review_tiers[credit & (review_points >= 3000)] = '铂金'\n"
            "review_tiers[credit & (review_points >= 300)] = '黄金'"
        ),
        # credit forgotten
        "review_tiers = pd.Series(cl_free_tiers(review_points, True), index=credit.index)",
    ],
)
def test_q3_wrong_tiers(right, source):
    helper = (
        "def cl_free_tiers(points, good):\n"
        "    good = pd.Series(good, index=points.index) if good is True else good\n"
        "    return [tier_of(p, g) for p, g in zip(points, good.to_numpy())]\n"
    )
    kernel = right.variant(helper + source)
    assert list(kernel.ns["review_tiers"]) != list(right.ns["review_tiers"])
    messages = failed(kernel.submission())
    assert messages["q3_review_tiers"] == "有会员在评级日的等级不对。"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "pareto_table = pareto_table.sort_values('value').reset_index(drop=True)",
            "value 列不是从大到小排好的每位顾客消费额。",
        ),
        (
            (
                "pareto_table = pareto_table.assign("
                "customer_id=pareto_table['customer_id'].sort_values().to_numpy())"
            ),
            "customer_id 和 value 对不上。",
        ),
        (
            (
                "pareto_table = pareto_table.assign("
                "cum_count_share=pareto_table.index / len(pareto_table))"
            ),
            "cum_count_share 列不对。",
        ),
        (
            "pareto_table = pareto_table.assign(cum_value_share=pareto_table['value'].cumsum())",
            "cum_value_share 列不对。",
        ),
        (
            (
                "pareto_table = pareto_table.assign(cum_value_share=pareto_table['value']"
                " / pareto_table['value'].sum())"
            ),
            "cum_value_share 列不对。",
        ),
        (
            (
                "pareto_table = tx.rename(columns={'amount': 'value'}).assign("
                "cum_count_share=0.0, cum_value_share=0.0)"
            ),
            "pareto_table 应该每位顾客一行。",
        ),
        (
            "pareto_table = pareto_table.drop(columns='cum_count_share')",
            "pareto_table 缺少题目要求的列。",
        ),
        (
            "pareto_table = pareto_table.rename(columns={'value': 'amount'})",
            "pareto_table 缺少题目要求的列。",
        ),
    ],
)
def test_q4_mistakes(right, source, message):
    messages = failed(right.variant(source).submission())
    assert messages["q4_pareto_table"] == message


def test_q4_another_index_passes_but_an_extra_column_fails(right):
    # the task asks for exactly four columns; the row labels are not graded
    kernel = right.variant("pareto_table = pareto_table.set_index(pareto_table.index + 1)")
    assert failed(kernel.submission()) == {}
    for source in (
        "pareto_table = pareto_table.assign(rank=pareto_table.index + 1)",
        "pareto_table = pareto_table.reset_index()",  # reset_index without drop=True
    ):
        messages = failed(right.variant(source).submission())
        assert list(messages) == ["q4_pareto_table"], source
        assert "正好有题目要求的四列" in messages["q4_pareto_table"]


@pytest.mark.parametrize(
    "source",
    [
        "top20_share = top20_share * 100",  # a percentage, not a fraction
        "top20_share = 1 - top20_share",  # the other 80%
        "top20_share = pareto_table['value'].head(k).sum()",  # yuan, not divided by the total
        "top20_share = pareto_table['value'].head(k - 1).sum() / pareto_table['value'].sum()",
        "top20_share = round(top20_share, 3)",  # copied, rounded
    ],
)
def test_q5_wrong_share(right, source):
    messages = failed(right.variant(source).submission())
    assert messages == {"q5_top_share": "前 20% 顾客的消费额占比不对。"}


def test_q5_reading_the_cumulative_share_passes(right):
    kernel = right.variant("top20_share = pareto_table.loc[119, 'cum_value_share']")
    assert failed(kernel.submission()) == {}


@pytest.mark.parametrize(
    ("source", "message"),
    [
        # the members' own amounts, not the tier's total
        ("budget_weighted = budget_weighted / sizes", "有等级分到的预算不对。"),
        # the equal split
        (
            "budget_weighted = BUDGET / len(tier_table) * sizes",
            "有等级分到的预算不对。",
        ),
        (
            "budget_weighted = budget_weighted.rename(lambda t: t + '会员')",
            "budget_weighted 的索引应该正好是四个等级名。",
        ),
        (
            "budget_weighted = budget_weighted.drop('普通')",
            "budget_weighted 的索引应该正好是四个等级名。",
        ),
        (
            "budget_weighted = list(budget_weighted)",
            "budget_weighted 的索引应该正好是四个等级名。",
        ),
    ],
)
def test_q6_mistakes(right, source, message):
    messages = failed(right.variant(source).submission())
    assert messages == {"q6_budget": message}


def test_q6_dict_in_any_order_passes(right):
    kernel = right.variant("budget_weighted = dict(reversed(budget_weighted.to_dict().items()))")
    assert failed(kernel.submission()) == {}


# ---------------------------------------------------------------------------------------------
# missing answers and wrong types: a message, never a crash


def test_missing_variables(right):
    messages = failed(right.submission(**{name: Missing(name) for name in NAMES}))
    assert set(messages) == set(TESTS)
    for test, names in HIDDEN.EXERCISES.items():
        assert messages[test].startswith(f"没有找到变量 `{names[0]}`")


@pytest.mark.parametrize(
    "value",
    [
        "钻石",
        42,
        3.5,
        None,
        True,
        [],
        {},
        frozenset({"钻石"}),
        pd.DataFrame({"x": [1.0, 2.0]}),
        pd.Series([], dtype=float),
        Unreadable("x", type="function"),
        float("nan"),
    ],
    ids=repr,
)
def test_wrong_types_fail_with_a_message(right, value):
    messages = failed(right.submission(**{name: value for name in NAMES}))
    assert set(messages) == set(TESTS)


def test_unreadable_value_says_so(right):
    sub = right.submission(pareto_table=Unreadable("pareto_table", type="DataFrame"))
    messages = failed(sub)
    assert set(messages) == {"q4_pareto_table"}
    assert "无法读取" in messages["q4_pareto_table"]


def test_text_instead_of_a_number(right):
    share = right.ns["top20_share"]
    messages = failed(right.submission(top20_share=f"{share}"))
    assert messages["q5_top_share"].startswith("变量 `top20_share` 应该是一个数")


def test_numbers_written_as_text_still_count_where_they_did(right):
    # the old test read the values with astype(float), which takes "123" as 123
    points = right.ns["review_points"].astype(str)
    assert failed(right.submission(review_points=points)) == {}
