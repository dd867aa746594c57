"""The hidden tests of lesson 04 客户金字塔模型 (grading/hidden/l04_pyramid.py).

Right answers come from running the builder's read-only and answer cells (the solution code) on
the packaged data, with crmlab's own analyses where the notebook uses them; a few values are
also worked out by hand below. Nothing is copied from the hidden module.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))

import nbbuild

from crmlab.teacher.answers import Unreadable, decode, export_expression
from crmlab.teacher.hidden import Submission, load_lesson, run_tests

ASSIGNMENT = "04_pyramid"
LESSON = nbbuild.load_lesson(ASSIGNMENT)
NOTEBOOK = LESSON.notebook()
TESTS = nbbuild.grade_ids(NOTEBOOK, kind="tests")
HIDDEN = load_lesson(REPO / "grading", ASSIGNMENT)
NAMES = sorted({name for names in HIDDEN.EXERCISES.values() for name in names})

#: Which answer cell feeds which test cell, from the builder.
ANSWER_OF = {t: a for a, ts in nbbuild.tests_of_answers(NOTEBOOK).items() for t in ts}
GENERIC = "测试无法核对它"  # run_tests' message for an exception other than Fail
BY_HAND = "不能调用 crmlab 的分析函数"


def run_cells(replace: dict[str, str] | None = None) -> tuple[dict, dict[str, str]]:
    """Run the notebook's read-only and answer cells (answers replaced by ``replace``) on the
    packaged data; return the namespace and the answer cells' sources by grade_id."""
    replace = replace or {}
    ns: dict = {}
    sources: dict[str, str] = {}
    for cell in NOTEBOOK.cells:
        meta = nbbuild.nbgrader_meta(cell)
        if cell.cell_type != "code" or not meta or meta["grade"]:
            continue  # plain cells (widgets, figures) and the test cells
        gid = meta["grade_id"]
        source = cell.source
        if meta["solution"]:
            source = replace.get(gid, source)
            sources[gid] = source
        exec(compile(source, f"<{gid}>", "exec"), ns)  # noqa: S102
    return ns, sources


def submission(answers: dict, sources: dict[str, str] | None = None, added=()) -> Submission:
    return Submission(
        student_id="s001",
        assignment=ASSIGNMENT,
        answers=answers,
        sources=dict(sources or {}),
        added=list(added),
    )


def results(answers: dict, sources: dict[str, str] | None = None, added=()) -> dict[str, dict]:
    return run_tests(HIDDEN, submission(answers, sources, added), TESTS)


def failed(res: dict[str, dict]) -> set[str]:
    return {test for test, r in res.items() if not r["passed"]}


def exported(ns: dict, monkeypatch) -> dict:
    """The answers as the grader receives them: the kit's export expression evaluated with
    ``ns`` as the kernel's namespace, then decoded."""
    import IPython

    shell = SimpleNamespace(user_ns=ns)
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    return decode(eval(export_expression(NAMES)), NAMES)


@pytest.fixture(scope="module")
def right():
    ns, sources = run_cells()
    return {n: ns[n] for n in NAMES}, sources, ns


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    """The 120 customers with profit, sorted by hand (largest profit first)."""
    df = pd.read_csv(REPO / "crmlab" / "data" / "b2b_customers.csv")
    df["profit"] = df["sales_2025"] * df["gross_margin"] - df["service_cost_2025"]
    return df


def with_(base: dict, **changes) -> dict:
    return {**base, **changes}


# --------------------------------------------------------------------------------------------
# the module itself


def test_exercises_are_the_test_cells():
    assert list(HIDDEN.EXERCISES) == TESTS
    assert set(ANSWER_OF) == set(TESTS)


def test_declared_variables_exist_in_the_solution(right):
    _, _, ns = right
    missing = [n for n in NAMES if n not in ns]
    assert not missing


# --------------------------------------------------------------------------------------------
# right answers


def test_right_answers_pass(right):
    answers, sources, _ = right
    res = results(answers, sources)
    assert not failed(res), res


def test_hand_typed_answers_pass(right, data):
    answers, sources, _ = right
    # 120 customers: ceil(1.2) = 2, ceil(24) = 24, ceil(60) = 60
    tiers = ["重要客户"] * 2 + ["次要客户"] * 22 + ["普通客户"] * 36 + ["小客户"] * 60
    by_hand = with_(
        answers,
        profit=list(data["profit"]),  # a list counts as well as a Series
        bounds=[2, 24, 60],
        tier=tiers,
        key_customer_share=24 / 120,
        n_key_in_b=18,  # ranks 6-24 are 次要客户 and within the top 20%, ranks 3-5 are A
    )
    assert not failed(results(by_hand, sources))
    # numbers as numpy scalars arrive as plain numbers; bounds as a Series still counts
    assert not failed(results(with_(by_hand, bounds=pd.Series([2.0, 24.0, 60.0])), sources))


def test_right_answers_survive_the_export(right, monkeypatch):
    _, sources, ns = right
    answers = exported(ns, monkeypatch)
    res = results(answers, sources)
    assert failed(res) <= {"q7_cross"}, res


def test_right_cross_survives_the_export(right, monkeypatch):
    _, sources, ns = right
    answers = exported(ns, monkeypatch)
    assert not isinstance(answers["cross"], Unreadable)
    assert results(answers, sources)["q7_cross"]["passed"]


# --------------------------------------------------------------------------------------------
# the builder's scenarios


def test_wrong_scenario_fails_exactly_its_tests():
    ns, sources = run_cells(LESSON.wrong.answers)
    res = results({n: ns[n] for n in NAMES}, sources)
    assert failed(res) == LESSON.wrong.fails, res
    assert "bounds" in res["q3_bounds"]["message"]
    assert "利润占比" in res["q5_key"]["message"]
    assert "n_key_in_b" in res["q7_cross"]["message"]


def test_cheat_scenario_fails_every_test():
    # The cheat's answers run on the real data: q2-q4 then hold right values, and only the
    # by-hand rule can catch them. The sources are the cheat's, with its prelude in front.
    ns, sources = run_cells(LESSON.cheat.answers)
    first = nbbuild.grade_ids(NOTEBOOK, kind="answer")[0]
    sources[first] = LESSON.cheat.prelude + "\n" + sources[first]
    answers = {n: ns[n] for n in NAMES}
    res = results(answers, sources)
    assert failed(res) == LESSON.cheat.fails == set(TESTS), res
    for test in ("q2_rank", "q3_bounds", "q4_tier"):
        assert BY_HAND in res[test]["message"], res[test]
    assert "tier_sizes" in res["q3_bounds"]["message"]
    assert "pyramid" in res["q2_rank"]["message"]
    # ... and without the forbidden calls the same values pass: it is the rule that failed them
    _, right_sources = run_cells()
    fair = results(answers, right_sources)
    assert not failed(fair) & {"q2_rank", "q3_bounds", "q4_tier"}, fair


# --------------------------------------------------------------------------------------------
# typical mistakes


def test_profit_mistakes(right, data):
    answers, sources, _ = right
    gross = data["sales_2025"] * data["gross_margin"]
    ordered = data["profit"].sort_values(ascending=False)
    for wrong in (gross, ordered, data[["profit"]], data["profit"].iloc[:100], "profit"):
        res = results(with_(answers, profit=wrong), sources)
        assert failed(res) == {"q1_profit"}
        assert "利润贡献 profit 不对" in res["q1_profit"]["message"]
    # the tolerance is 1e-6
    assert results(with_(answers, profit=data["profit"] + 1e-8), sources)["q1_profit"]["passed"]
    assert not results(with_(answers, profit=data["profit"] + 1e-5), sources)["q1_profit"]["passed"]


def test_ranked_mistakes(right, data):
    answers, sources, _ = right
    ranked = answers["ranked"]
    ascending = data.sort_values("profit").reset_index(drop=True)
    ascending["rank"] = range(1, 121)
    by_sales = data.sort_values("sales_2025", ascending=False).reset_index(drop=True)
    by_sales["rank"] = range(1, 121)
    no_losses = ranked[ranked["profit"] >= 0].copy()
    for wrong in (ascending, by_sales, no_losses, ranked.drop(columns="customer")):
        res = results(with_(answers, ranked=wrong), sources)
        assert "q2_rank" in failed(res)
        assert "ranked" in res["q2_rank"]["message"]
    from_zero = ranked.assign(rank=range(120))
    for wrong in (from_zero, ranked.drop(columns="rank"), ranked.assign(rank=1.5)):
        res = results(with_(answers, ranked=wrong), sources)
        assert failed(res) == {"q2_rank"}
        assert "名次 rank 应该是 1, 2, …, n" in res["q2_rank"]["message"]


def test_ranked_without_reset_index_fails_even_after_the_export(right, data, monkeypatch):
    answers, sources, ns = right
    kept = data.sort_values("profit", ascending=False)  # the task asks for reset_index(drop=True)
    kept["rank"] = range(1, 121)
    assert kept.index[0] != 0
    for got in (kept, exported({**ns, "ranked": kept}, monkeypatch)["ranked"]):
        res = results(with_(answers, ranked=got), sources)
        assert failed(res) == {"q2_rank"}
        assert "reset_index(drop=True)" in res["q2_rank"]["message"]


def test_bounds_mistakes(right):
    answers, sources, _ = right
    for wrong in ([1, 24, 60], [1.2, 24, 60], [60, 24, 2], [2, 22, 36], [2, 24], "2, 24, 60", 2):
        res = results(with_(answers, bounds=wrong), sources)
        assert failed(res) == {"q3_bounds"}, wrong
        assert "分界名次 bounds 不对" in res["q3_bounds"]["message"]


def test_tier_mistakes(right, data):
    answers, sources, _ = right
    strict = ["重要客户"] * 1 + ["次要客户"] * 22 + ["普通客户"] * 36 + ["小客户"] * 61
    tiers = list(answers["tier"])
    english = ["top"] * 2 + tiers[2:]
    for wrong in (strict, english, tiers[:-1], pd.DataFrame({"tier": tiers}), "小客户"):
        res = results(with_(answers, tier=wrong), sources)
        assert failed(res) == {"q4_tier"}
        assert "层级 tier 不对" in res["q4_tier"]["message"]
    # the right tiers next to a ranked table in the wrong order
    shuffled = answers["ranked"].sample(frac=1, random_state=0)
    res = results(with_(answers, ranked=shuffled), sources)
    assert {"q2_rank", "q4_tier"} <= failed(res)
    assert "ranked 的客户顺序不对" in res["q4_tier"]["message"]


def test_key_share_mistakes(right, data):
    answers, sources, _ = right
    top = data.sort_values("profit", ascending=False).head(24)
    total = data["profit"].sum()
    for name, wrong, text in [
        ("key_customer_share", 24, "客户占比"),
        ("key_customer_share", 2 / 120, "客户占比"),
        ("key_customer_share", "0.2", "应该是一个数"),
        ("key_profit_share", top["profit"].sum() / data["profit"].clip(lower=0).sum(), "利润占比"),
        ("key_profit_share", top["sales_2025"].sum() / data["sales_2025"].sum(), "利润占比"),
        ("key_profit_share", 0.8, "利润占比"),
        ("key_profit_share", float("nan"), "不是一个有限的数"),
    ]:
        res = results(with_(answers, **{name: wrong}), sources)
        assert failed(res) == {"q5_key"}, (name, wrong)
        assert text in res["q5_key"]["message"]
    near = top["profit"].sum() / total + 5e-7
    assert results(with_(answers, key_profit_share=near), sources)["q5_key"]["passed"]


def test_cross_mistakes(right):
    answers, sources, ns = right
    cross = answers["cross"]
    with_margins = pd.crosstab(ns["pyr"]["tier"], ns["vip"]["tier"], margins=True)
    shares = pd.crosstab(ns["pyr"]["tier"], ns["vip"]["tier"], normalize=True)
    for wrong in (
        cross.T,
        cross * 2,
        cross.iloc[:3],
        with_margins,
        shares,
        pd.DataFrame(),
        "cross",
        cross.astype(str).replace("18", "x"),
    ):
        res = results(with_(answers, cross=wrong), sources)
        assert failed(res) == {"q7_cross"}
        assert "交叉表 cross 不对" in res["q7_cross"]["message"]
    # plain string labels and float counts describe the same table
    plain = pd.DataFrame(
        cross.to_numpy(dtype=float),
        index=[str(i) for i in cross.index],
        columns=[str(c) for c in cross.columns],
    )
    assert results(with_(answers, cross=plain), sources)["q7_cross"]["passed"]
    for wrong in (22, 24, 4, np.float64(17)):
        res = results(with_(answers, n_key_in_b=wrong), sources)
        assert failed(res) == {"q7_cross"}
        assert "n_key_in_b 不对" in res["q7_cross"]["message"]


# --------------------------------------------------------------------------------------------
# the by-hand rule


def test_by_hand_rule_on_answer_cells_and_added_cells(right):
    answers, sources, _ = right
    cases = {
        "q2_rank": ("a2_rank", "ranked = pyr.copy()"),
        "q3_bounds": (
            "a3_bounds",
            "n = len(b2b)\nbounds = list(cl.tier_sizes(n, cl.PYRAMID_CUTS))",
        ),
        "q4_tier": ("a4_tier", 'tier = pyr["tier"]\nranked["tier"] = tier'),
    }
    for test, (cell, source) in cases.items():
        res = results(answers, {**sources, cell: source})
        assert failed(res) == {test}, (test, res)
        assert BY_HAND in res[test]["message"]
    # in a cell the student added: crmlab's analyses always count ...
    res = results(answers, sources, added=['check = cl.pyramid(b2b, value="profit")'])
    assert failed(res) == {"q2_rank", "q3_bounds", "q4_tier"}
    # ... pyr and vip only where the variable is assigned
    res = results(answers, sources, added=['key = pyr[pyr["tier"] == "重要客户"]'])
    assert not failed(res)
    res = results(answers, sources, added=["ranked = vip.copy()"])
    assert failed(res) == {"q2_rank"}
    # a comment or a string naming them does not count
    commented = sources["a2_rank"] + '\n# 不用 cl.pyramid，也不用 pyr\nnote = "pyramid"'
    assert not failed(results(answers, {**sources, "a2_rank": commented}))


# --------------------------------------------------------------------------------------------
# missing and odd values never crash a test


def test_missing_variables_fail_with_a_message(right):
    _, sources, _ = right
    res = results({}, sources)
    assert failed(res) == set(TESTS)
    for r in res.values():
        assert "没有找到变量" in r["message"]
        assert "error" not in r


def test_unreadable_variables_fail_with_a_message(right):
    _, sources, _ = right
    res = results({n: Unreadable(n, type="Widget") for n in NAMES}, sources)
    assert failed(res) == set(TESTS)
    for r in res.values():
        assert "无法读取" in r["message"]


@pytest.mark.parametrize(
    "odd",
    [
        "abc",
        None,
        3,
        True,
        {"a": 1},
        [],
        [[1, 2]],
        frozenset({2, 24, 60}),
        pd.Series(["x", "y"]),
        pd.DataFrame({"a": [1, 2]}),
        pd.DataFrame({"customer": ["C001"], "rank": ["first"]}),
    ],
    ids=lambda v: type(v).__name__,
)
def test_odd_values_fail_with_a_message(right, odd):
    _, sources, _ = right
    res = results({n: odd for n in NAMES}, sources)
    assert failed(res) == set(TESTS)
    for test, r in res.items():
        assert r["message"].startswith("隐藏测试未通过："), r
        assert GENERIC not in r["message"], (test, r)


def test_profit_by_crmlab_is_refused():
    """profit_contribution computes exercise 1 in one call: the exercise asks for the columns."""
    sub = Submission(
        student_id="s", assignment="04_pyramid", answers={"profit": [0.0]},
        sources={"a1_profit": 'profit = cl.profit_contribution(b2b, sales="sales_2025", '
                              'margin="gross_margin", cost="service_cost_2025")'},
    )
    result = run_tests(HIDDEN, sub, ["q1_profit"])["q1_profit"]
    assert not result["passed"] and "profit_contribution" in result["message"]
