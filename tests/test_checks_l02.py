"""Lesson 02 分级的条件: the public checks (with hand-made wrong answers) and the widget.

Expected values are worked out here in plain pandas from the packaged CSV files, or by hand
on small examples, never taken from crmlab's output.
"""

from __future__ import annotations

import doctest
import math
import types
from pathlib import Path

import IPython
import numpy as np
import pandas as pd
import pytest

from crmcourse.l02_conditions import checks as l02_checks
from crmcourse.l02_conditions import widgets as l02_widgets
from crmlab.feedback import checks, widgets
from crmlab.feedback.checks import FAIL_MARK, PASS_MARK
from crmlab.feedback.widgets import Choice, Number, Slider, Toggle

DATA = Path(__file__).resolve().parents[1] / "crmlab" / "data"
TX = pd.read_csv(DATA / "retail_items.csv")  # one row per item line: orders span rows
FIRMS = pd.read_csv(DATA / "two_firms.csv")
JIA = FIRMS.loc[FIRMS["firm"] == "甲公司", "annual_value"]
YI = FIRMS.loc[FIRMS["firm"] == "乙公司", "annual_value"]

ORDERS = TX.groupby("customer_id")["order_id"].nunique()
ROWS = TX.groupby("customer_id").size()  # rows per customer, what len()/size() count
N_CUSTOMERS = len(ORDERS)
PURCHASES = TX["order_id"].nunique() / N_CUSTOMERS
REPEAT = (ORDERS > 1).sum() / N_CUSTOMERS


def _gini(values) -> float:
    x = np.sort(np.asarray(values, dtype=float))
    n = len(x)
    return float(2 * (np.arange(1, n + 1) * x).sum() / (n * x.sum()) - (n + 1) / n)


def _top20(values) -> float:
    s = pd.Series(values).sort_values(ascending=False)
    return float(s.head(math.ceil(len(s) * 0.2)).sum() / s.sum())


GINI_JIA = _gini(JIA)
TOP20_JIA = _top20(JIA)
CV = pd.Series({"甲公司": JIA.std() / JIA.mean(), "乙公司": YI.std() / YI.mean()})

l02 = l02_checks


def test_the_data_tell_the_story_the_lesson_tells():
    # the lesson's text relies on these facts of the data
    assert N_CUSTOMERS == 600 and TX["order_id"].nunique() == 6140
    # counting rows must give clearly different answers from counting orders
    assert len(TX) == 13374 and ROWS.mean() > 2 * PURCHASES
    assert (ROWS > 1).mean() > REPEAT + 0.2
    assert 0.6 < REPEAT < 0.65 and 10 < PURCHASES < 10.5
    assert 0.6 < GINI_JIA < 0.75 and _gini(YI) < 0.1
    assert 0.7 < TOP20_JIA < 0.75 and 0.2 < _top20(YI) < 0.25
    assert abs(_gini([10, 20, 30, 40, 400]) - 0.64) < 1e-12  # the worked example, by hand


def test_right_answers_pass(capsys):
    assert l02.q1_purchases(answer=6140 / 600) is None
    assert l02.q2_repeat(answer=373 / 600) is None
    assert l02.q3_cv(answer=CV) is None
    assert l02.q3_cv(answer=CV.to_dict()) is None  # a dict is fine too
    assert l02.q3_cv(answer=CV[["乙公司", "甲公司"]]) is None  # order does not matter
    assert l02.q4_gini(answer=GINI_JIA) is None
    assert l02.q5_top20(answer=TOP20_JIA) is None
    assert l02.q6_staff(per_manager=120.0, over_limit=True) is None
    assert l02.q6_staff(per_manager=np.float64(120), over_limit=np.True_) is None
    out = capsys.readouterr()
    assert out.out.count(PASS_MARK) == 9 and out.err == ""


REPEAT_PURCHASES = (6140 - 600) / 6140  # orders after each customer's first, per order
REPEAT_ROWS = TX["customer_id"].isin(ORDERS[ORDERS > 1].index).mean()
X = np.sort(JIA.to_numpy())
N = len(X)
# the Gini formula on the values in table order (sort_values() not stored)
RAW = JIA.to_numpy()
GINI_UNSORTED = 2 * (np.arange(1, N + 1) * RAW).sum() / (N * RAW.sum()) - (N + 1) / N


@pytest.mark.parametrize(
    "check, answer, hint",
    [
        ("q1_purchases", 13374 / 600, "表的行数（13374 行）"),  # len(tx) / customers
        ("q1_purchases", ROWS.mean(), "不是订单数"),  # groupby(...).size().mean()
        ("q1_purchases", 13374, "而且还没有除以顾客数"),
        ("q1_purchases", 13374 / 6140, "每张订单占几行"),
        ("q1_purchases", 6140 / 13374, "分母用了表的行数"),
        ("q1_purchases", 600 / 13374, "除反了"),
        ("q1_purchases", 0.5, "不会小于 1"),  # out of range
        ("q1_purchases", 6140, "除以顾客的个数"),
        ("q1_purchases", 600, "顾客的个数"),
        ("q1_purchases", 600 / 6140, "除反了"),
        ("q1_purchases", TX["amount"].sum() / 600, "花了多少钱"),
        ("q1_purchases", ORDERS.median(), "中位数"),
        ("q1_purchases", ORDERS[ORDERS > 1].mean(), "只买过一次的顾客也要算进来"),
        ("q1_purchases", PURCHASES * 100, None),  # no special meaning: generic hint
        ("q1_purchases", 10.2, "四舍五入"),  # copied from the screen
        ("q1_purchases", round(PURCHASES, 2), "只有 2 位小数"),  # round(..., 2)
        ("q1_purchases", 6140 // 600, "整除"),
        ("q2_repeat", 0.62, "四舍五入"),
        ("q5_top20", round(TOP20_JIA, 2), "四舍五入"),
        ("q5_top20", np.sort(JIA)[::-1][:40].sum() / FIRMS["annual_value"].sum(), "两家公司的价值合计"),
        ("q5_top20", np.sort(JIA)[::-1][:1].sum() / JIA.sum(), "重新算 k"),  # k = 1 of the demo
        ("q2_repeat", (ROWS > 1).mean(), "占了几行"),  # size() > 1 instead of nunique() > 1
        ("q2_repeat", int((ROWS > 1).sum()), "占了几行"),
        ("q2_repeat", 1.3, "不会大于 1"),  # out of range
        ("q2_repeat", 373, "占比"),
        ("q2_repeat", REPEAT_PURCHASES, "“重复购买”"),
        ("q2_repeat", REPEAT_ROWS, "回头客的订单"),
        ("q2_repeat", 373 / 6140, "分母用了订单数"),
        ("q2_repeat", 227 / 600, "只买过一次"),
        ("q2_repeat", 1.0, ">= 1"),
        ("q2_repeat", (ORDERS > 2).mean(), "> 2"),
        ("q2_repeat", REPEAT * 100, "百分数"),
        ("q4_gini", GINI_UNSORTED, "没有真正排好序"),
        (  # sorted, but ranks in a Series: pandas lines them up with the unsorted index
            "q4_gini",
            2 * (pd.Series(np.arange(1, N + 1)) * JIA.sort_values()).sum() / (N * JIA.sum())
            - (N + 1) / N,
            "按索引对齐",
        ),
        ("q4_gini", -GINI_JIA, "从小到大"),
        ("q4_gini", GINI_JIA - 2 / N, "np.arange(1, n + 1)"),  # ranks 0..n-1 instead of 1..n
        ("q4_gini", 2 * (np.arange(1, N + 1) * X).sum() / (N * X.sum()), "减去 (n + 1)"),
        ("q4_gini", GINI_JIA + 2 / N, "(n - 1)"),
        ("q4_gini", _gini(YI), "乙公司"),
        ("q4_gini", _gini(FIRMS["annual_value"]), "合在一起"),
        ("q4_gini", GINI_JIA * N / (N - 1), "修正公式"),
        ("q4_gini", 1.5, "0 和 1 之间"),
        ("q5_top20", np.sort(JIA)[:40].sum() / JIA.sum(), "最小的 20%"),
        ("q5_top20", np.sort(JIA)[::-1][:20].sum() / JIA.sum(), "40 位"),
        ("q5_top20", np.sort(JIA)[::-1][:40].sum(), "还要除以"),
        ("q5_top20", JIA.head(40).sum() / JIA.sum(), "还没有按价值"),
        ("q5_top20", _top20(YI), "乙公司"),
        ("q5_top20", _top20(FIRMS["annual_value"]), "合在一起"),
        ("q5_top20", 0.2, "个数的比例"),
        ("q5_top20", TOP20_JIA * 100, "百分数"),
        ("q5_top20", 1.7, "不会大于 1"),
        ("q5_top20", -0.3, "不会小于 0"),
    ],
)
def test_typical_mistakes_get_targeted_hints(check, answer, hint, capsys):
    with pytest.raises(AssertionError) as err:
        getattr(l02, check)(answer=answer)
    text = str(err.value)
    assert FAIL_MARK in text
    if hint is None:
        assert "两个都用 nunique() 数" in text
    else:
        assert hint in text, text
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "answer, hint",
    [
        (pd.Series({"甲公司": JIA.std(), "乙公司": YI.std()}), "还要除以平均数"),
        (pd.Series({"甲公司": JIA.mean() / JIA.std(), "乙公司": 0.1}), "除反了"),
        (pd.Series({"甲公司": JIA.std(ddof=0) / JIA.mean(), "乙公司": 0.1}), "ddof"),
        (pd.Series({"甲公司": JIA.var() / JIA.mean(), "乙公司": 0.1}), "方差"),
        (pd.Series({"甲公司": CV["乙公司"], "乙公司": CV["甲公司"]}), "对调"),
        (
            pd.Series(FIRMS["annual_value"].std() / FIRMS["annual_value"].mean(),
                      index=["甲公司", "乙公司"]),
            "合在一起",
        ),
        (pd.Series({"甲公司": CV["甲公司"], "乙公司": 1.0}), "乙公司的变异系数不对"),
        (pd.Series([1.7, 0.12]), "找不到 甲公司、乙公司"),
        # the answer copied from the screen, rounded
        ({"甲公司": 1.7, "乙公司": 0.12}, "四舍五入"),
        # each firm's std divided by the mean of both firms together (1.738 for 甲公司)
        (pd.Series({"甲公司": JIA.std() / FIRMS["annual_value"].mean(), "乙公司": 0.1}),
         "不是同一组数据"),
        # agg(["std", "mean"]): a table with both columns, not divided yet
        (FIRMS.groupby("firm")["annual_value"].agg(["std", "mean"]), "取出 std 列，除以 mean 列"),
        (1.7, "只是一个数"),
        ("1.7", "应该是一列数"),
    ],
)
def test_q3_cv_hints(answer, hint):
    with pytest.raises(AssertionError, match=hint):
        l02.q3_cv(answer=answer)


@pytest.mark.parametrize(
    "per, over, hint",
    [
        (13374 / 5, True, "行数"),
        (6140 / 5, True, "订单数"),
        (-120, True, "不会小于 0"),
        (600 * 5, True, "除法"),
        (600 / 100, False, "需要几位客户经理"),
        (500, False, "一共能照顾"),
        (600, True, "还要除以客户经理人数"),
        (120, "超出", "文字"),
        (120, 1, "True 或 False"),
        (120, False, "每人能照顾的上限"),
    ],
)
def test_q6_staff_hints(per, over, hint):
    with pytest.raises(AssertionError, match=hint):
        l02.q6_staff(per_manager=per, over_limit=over)


def test_repeat_share_left_as_a_column_gets_the_share_hint():
    # repeat_share = orders_per > 1, without the last step
    with pytest.raises(AssertionError) as err:
        l02.q2_repeat(answer=ORDERS > 1)
    text = str(err.value)
    assert "一列 True/False" in text and ".mean()" in text
    assert ".sum()、.max() 或 len(...)" not in text  # not the generic "aggregate" hint
    with pytest.raises(AssertionError) as err:  # the orders per customer themselves
        l02.q2_repeat(answer=ORDERS)
    assert "先用 > 1 比较" in str(err.value) and "共 600 个值" in str(err.value)


def test_rounding_hint_does_not_fire_for_other_mistakes():
    for check, answer in [
        ("q1_purchases", 13374 / 600), ("q1_purchases", 10), ("q2_repeat", 1.0),
        ("q2_repeat", 0.4), ("q5_top20", 0.2), ("q4_gini", 0.5),
    ]:
        with pytest.raises(AssertionError) as err:
            getattr(l02, check)(answer=answer)
        assert "四舍五入" not in str(err.value), (check, answer)


@pytest.mark.parametrize(
    "check, answer",
    [("q1_purchases", 13374 / 600), ("q1_purchases", PURCHASES * 100), ("q6_staff", None)],
)
def test_hints_name_the_method_not_the_finished_code(check, answer):
    with pytest.raises(AssertionError) as err:
        if check == "q6_staff":
            l02.q6_staff(per_manager=13374 / 5, over_limit=True)
        else:
            getattr(l02, check)(answer=answer)
    text = str(err.value)
    assert "nunique()" in text
    assert 'tx["order_id"].nunique()' not in text and 'tx["customer_id"].nunique()' not in text
    with pytest.raises(AssertionError) as err:
        l02.q4_gini(answer=GINI_UNSORTED)
    assert "jia.sort_values().to_numpy()" not in str(err.value)
    for over in ["True", 1]:
        with pytest.raises(AssertionError) as err:
            l02.q6_staff(per_manager=120, over_limit=over)
        assert "per_manager > capacity" not in str(err.value)


def test_missing_variables_are_friendly(monkeypatch):
    monkeypatch.setattr(checks, "_user_ns", dict)
    for name, var in [
        ("q1_purchases", "purchases_per_customer"), ("q2_repeat", "repeat_share"),
        ("q3_cv", "cv"), ("q4_gini", "gini_jia"), ("q5_top20", "top20_jia"),
        ("q6_staff", "per_manager"),
    ]:
        with pytest.raises(AssertionError, match=f"还没有找到变量 {var}"):
            getattr(l02, name)()


def _history(monkeypatch, *cells, check="checks.q4_gini()"):
    ns = {"In": ["", *cells, check]}
    monkeypatch.setattr(checks, "_user_ns", lambda: ns)


def test_gini_by_hand_refuses_crmlab(monkeypatch):
    _history(monkeypatch, 'jia = firms[firms["firm"] == "甲公司"]["annual_value"]',
             "gini_jia = cl.concentration(jia).gini")
    with pytest.raises(AssertionError, match="cl.concentration"):
        l02.q4_gini(answer=GINI_JIA)
    _history(monkeypatch, "c = cl.concentration(jia)", "gini_jia = c.gini")
    with pytest.raises(AssertionError, match="cl.concentration"):
        l02.q4_gini(answer=GINI_JIA)


def test_gini_by_hand_names_cl_gini_when_that_was_called(monkeypatch):
    ns = {"gini_jia": GINI_JIA}
    _ns_history(monkeypatch, ns, "gini_jia = cl.gini(jia)", check="checks.q4_gini()")
    with pytest.raises(AssertionError) as err:
        l02.q4_gini()
    assert "cl.gini" in str(err.value) and "cl.concentration" not in str(err.value)
    _ns_history(monkeypatch, ns, "g = cl.gini(jia)", "gini_jia = g", check="checks.q4_gini()")
    with pytest.raises(AssertionError, match="cl.gini"):
        l02.q4_gini()


def _ns_history(monkeypatch, ns, *cells, check):
    ns["In"] = ["", *cells, check]
    monkeypatch.setattr(checks, "_user_ns", lambda: ns)
    monkeypatch.setattr(l02, "_user_ns", lambda: ns)


GINI_CELL_OLD_N = (
    "x = jia.sort_values().to_numpy()\n"
    "rank = np.arange(1, n + 1)\n"
    "gini_jia = 2 * (rank * x).sum() / (n * x.sum()) - (n + 1) / n"
)


def test_n_left_over_from_the_worked_example(monkeypatch):
    # the answer cell crashed (shapes (5,) (200,)): gini_jia was never made, n is still 5
    _ns_history(monkeypatch, {"n": 5}, GINI_CELL_OLD_N, check="checks.q4_gini()")
    with pytest.raises(AssertionError) as err:
        l02.q4_gini()
    assert "变量 n" in str(err.value) and "现在是 5" in str(err.value)
    # n recomputed in the answer cell: not this hint (here the plain wrong-value message)
    cell = "n = len(jia)\n" + GINI_CELL_OLD_N
    _ns_history(monkeypatch, {"n": 200, "gini_jia": 0.5}, cell, check="checks.q4_gini()")
    with pytest.raises(AssertionError) as err:
        l02.q4_gini()
    assert "变量 n" not in str(err.value) and "不对" in str(err.value)


def test_k_left_over_from_the_worked_example(monkeypatch):
    cell = "top20_jia = jia.sort_values(ascending=False).head(k).sum() / jia.sum()"
    wrong = float(np.sort(JIA)[-1] / JIA.sum())  # k = 1: only the largest customer
    _ns_history(monkeypatch, {"k": 1, "top20_jia": wrong}, cell, check="checks.q5_top20()")
    with pytest.raises(AssertionError) as err:
        l02.q5_top20()
    assert "变量 k" in str(err.value) and "现在是 1" in str(err.value)
    # k of the right size (40) set in an earlier cell: no left-over hint, and it passes
    _ns_history(monkeypatch, {"k": 40, "top20_jia": TOP20_JIA}, "k = 40", cell,
                check="checks.q5_top20()")
    l02.q5_top20()


def test_typed_in_numbers_are_refused(monkeypatch, capsys):
    _ns_history(monkeypatch, {"purchases_per_customer": 6140 / 600},
                "purchases_per_customer = 6140 / 600", check="checks.q1_purchases()")
    with pytest.raises(AssertionError, match="用代码"):
        l02.q1_purchases()
    _ns_history(monkeypatch, {"repeat_share": REPEAT}, "repeat_share = round(373 / 600, 10)",
                check="checks.q2_repeat()")
    with pytest.raises(AssertionError, match="直接写进去的数字"):
        l02.q2_repeat()
    typed = f'cv = pd.Series({{"甲公司": {CV["甲公司"]!r}, "乙公司": {CV["乙公司"]!r}}})'
    _ns_history(monkeypatch, {"cv": CV}, typed, check="checks.q3_cv()")
    with pytest.raises(AssertionError, match="直接写进去的数字"):
        l02.q3_cv()
    # computed from the data (names, columns): fine, also through a helper variable
    _ns_history(monkeypatch, {"purchases_per_customer": 6140 / 600},
                'orders = tx["order_id"].nunique()\n'
                'purchases_per_customer = orders / tx["customer_id"].nunique()',
                check="checks.q1_purchases()")
    l02.q1_purchases()
    _ns_history(monkeypatch, {"per_manager": 120.0, "over_limit": True},
                'managers = 5\ncapacity = 100\nper_manager = tx["customer_id"].nunique() / managers\n'
                "over_limit = per_manager > capacity", check="checks.q6_staff()")
    l02.q6_staff()
    assert capsys.readouterr().out.count(PASS_MARK) == 2


def test_typed_in_counts_are_refused_like_typed_in_answers(monkeypatch, capsys):
    # a count of the data copied from the screen into an otherwise computed expression
    for var, cell, check, meaning in [
        ("purchases_per_customer", 'purchases_per_customer = tx["order_id"].nunique() / 600',
         "q1_purchases", "顾客数"),
        ("repeat_share", ("orders = tx.groupby(\"customer_id\")[\"order_id\"].nunique()\n"
                          "repeat_share = (orders > 1).sum() / 600"), "q2_repeat", "顾客数"),
        ("purchases_per_customer", 'purchases_per_customer = 6140 / tx["customer_id"].nunique()',
         "q1_purchases", "订单数"),
    ]:
        right = 6140 / 600 if var == "purchases_per_customer" else REPEAT
        _ns_history(monkeypatch, {var: right}, cell, check=f"checks.{check}()")
        with pytest.raises(AssertionError) as err:
            getattr(l02, check)()
        assert f"是零售店的{meaning}" in str(err.value) and "nunique()" in str(err.value)
    _ns_history(monkeypatch, {"per_manager": 120.0, "over_limit": True},
                "managers = 5\ncapacity = 100\nper_manager = 600 / managers\n"
                "over_limit = per_manager > capacity", check="checks.q6_staff()")
    with pytest.raises(AssertionError, match="直接写了数字 600"):
        l02.q6_staff()
    # other typed numbers (the threshold 1, the staff) are fine
    _ns_history(monkeypatch, {"repeat_share": REPEAT},
                "orders = tx.groupby(\"customer_id\")[\"order_id\"].nunique()\n"
                "repeat_share = (orders > 1).mean()", check="checks.q2_repeat()")
    l02.q2_repeat()
    assert capsys.readouterr().out.count(PASS_MARK) == 1


def test_over_limit_compared_with_the_total_capacity(monkeypatch):
    cell = ("managers = 5\ncapacity = 100\nper_manager = tx[\"customer_id\"].nunique() / managers\n"
            "over_limit = per_manager > managers * capacity")
    _ns_history(monkeypatch, {"per_manager": 120.0, "over_limit": False}, cell,
                check="checks.q6_staff()")
    with pytest.raises(AssertionError) as err:
        l02.q6_staff()
    assert "一共能照顾的人数" in str(err.value) and "500" in str(err.value)
    assert "方向反了" not in str(err.value)
    # the other mistake, the wrong direction: the direction hint, not the total-capacity one
    for compare in ["< capacity", "<= capacity", "< 100"]:
        _ns_history(monkeypatch, {"per_manager": 120.0, "over_limit": False},
                    cell.replace("> managers * capacity", compare), check="checks.q6_staff()")
        with pytest.raises(AssertionError) as err:
            l02.q6_staff()
        text = str(err.value)
        assert "你拿每人平均" not in text and "比较的方向反了" in text, compare
        assert "per_manager > capacity" not in text
    # no comparison at all (typed False): the general hint
    _ns_history(monkeypatch, {"per_manager": 120.0, "over_limit": False},
                cell.replace("per_manager > managers * capacity", "False"),
                check="checks.q6_staff()")
    with pytest.raises(AssertionError) as err:
        l02.q6_staff()
    assert "方向反了" not in str(err.value) and "“大于”上限" in str(err.value)


def test_gini_by_hand_allows_an_own_helper_called_gini(monkeypatch, capsys):
    _history(
        monkeypatch,
        "def gini(v):\n    x = np.sort(v)\n    n = len(x)\n"
        "    return 2 * (np.arange(1, n + 1) * x).sum() / (n * x.sum()) - (n + 1) / n",
        "gini_jia = gini(jia.to_numpy())",
    )
    l02.q4_gini(answer=GINI_JIA)
    assert PASS_MARK in capsys.readouterr().out


def _hint_of(check, answer):
    with pytest.raises(AssertionError) as err:
        getattr(l02, check)(answer=answer)
    return str(err.value)


def test_count_on_both_sides_is_explained_as_counting_rows():
    # tx["order_id"].count() / tx["customer_id"].count(): both count the 13374 rows
    text = _hint_of("q1_purchases", TX["order_id"].count() / TX["customer_id"].count())
    assert "count() 数的是一列有几行" in text
    # rows ÷ customers is a different mistake with its own hint
    assert "count() 数的是一列有几行" not in _hint_of("q1_purchases", 13374 / 600)


def test_purchases_per_customer_left_per_customer_asks_for_the_mean():
    text = _hint_of("q1_purchases", ORDERS)  # groupby(...)["order_id"].nunique(), no mean
    assert ".mean()" in text and ".iloc[0]" not in text and "共 600 个值" in text


def test_repeat_share_over_the_rows_names_the_denominator():
    text = _hint_of("q2_repeat", int((ORDERS > 1).sum()) / len(TX))  # (per > 1).sum() / len(tx)
    assert "分母用了表的行数" in text
    text = _hint_of("q2_repeat", int((ORDERS > 1).sum()) / 6140)  # over the orders instead
    assert "分母用了订单数" in text and "表的行数" not in text


def test_gini_without_brackets_names_the_brackets():
    s = (np.arange(1, N + 1) * X).sum()
    # 2 * (rank * x).sum() / n * x.sum() - (n + 1) / n: divides by n, then multiplies
    text = _hint_of("q4_gini", 2 * s / N * X.sum() - (N + 1) / N)
    assert "分母 n × 价值合计少了括号" in text and "从小到大" not in text
    # the last term without brackets: - n + 1 / n
    assert "(n + 1) ÷ n 少了括号" in _hint_of("q4_gini", 2 * s / (N * X.sum()) - N + 1 / N)
    # another number out of range: no bracket hint
    assert "括号" not in _hint_of("q4_gini", 1.5)


def test_gini_with_series_ranks_leads_with_index_alignment(monkeypatch):
    cell = (
        "x = jia.sort_values()\nn = len(x)\nrank = pd.Series(range(1, n + 1))\n"
        "gini_jia = 2 * (rank * x).sum() / (n * x.sum()) - (n + 1) / n"
    )
    _ns_history(monkeypatch, {"gini_jia": GINI_UNSORTED, "n": N}, cell,
                check="checks.q4_gini()")
    with pytest.raises(AssertionError) as err:
        l02.q4_gini()
    text = str(err.value)
    assert "按索引 (index) 对齐" in text and "不会改动 jia" not in text
    # the sort not stored (a bare jia.sort_values()): the not-stored reason comes first
    cell = (
        "jia.sort_values()\nn = len(jia)\nrank = np.arange(1, n + 1)\n"
        "gini_jia = 2 * (rank * jia).sum() / (n * jia.sum()) - (n + 1) / n"
    )
    _ns_history(monkeypatch, {"gini_jia": GINI_UNSORTED, "n": N}, cell,
                check="checks.q4_gini()")
    with pytest.raises(AssertionError) as err:
        l02.q4_gini()
    assert "不会改动 jia" in str(err.value)


def test_top20_out_of_range_does_not_repeat_itself():
    text = _hint_of("q5_top20", 7)
    assert "不会大于 1" in text and text.count("甲公司前 20% 客户的价值占比") == 0


def test_top20_by_hand_refuses_crmlab(monkeypatch):
    _history(monkeypatch, "top20_jia = cl.concentration(jia, top=0.2).top_share",
             check="checks.q5_top20()")
    with pytest.raises(AssertionError, match="cl.concentration"):
        l02.q5_top20(answer=TOP20_JIA)
    _history(monkeypatch, 't = cl.abc_analysis(firms[firms["firm"] == "甲公司"], "annual_value")',
             'top20_jia = t["share"].head(40).sum()', check="checks.q5_top20()")
    with pytest.raises(AssertionError, match="cl.abc_analysis"):
        l02.q5_top20(answer=TOP20_JIA)


# ---------------------------------------------------------------------------------------------
# the widget

w02 = l02_widgets


def test_widget_docstring_example():
    import crmcourse.l02_conditions.widgets as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_condition_report_on_a_small_case_by_hand():
    values = pd.Series([10, 20, 30, 40, 400])  # Gini 0.64, top 1 of 5 has 80%
    report = w02.condition_report(5, 0.6, values, staff=2, capacity=2)  # 5 > 4
    assert report["结论"].tolist() == ["✅ 满足"] * 3
    assert "60.0%" in report.loc[0, "数据说明了什么"]
    assert "0.64" in report.loc[1, "数据说明了什么"] and "80.0%" in report.loc[1, "数据说明了什么"]
    assert "能照顾 4 位" in report.loc[2, "数据说明了什么"]
    assert w02.verdict(report).startswith("三个条件都满足")
    # five equal customers, enough staff: conditions 2 and 3 fail
    report = w02.condition_report(5, 0.6, pd.Series([7.0] * 5), staff=5, capacity=1)
    assert report["结论"].tolist() == ["✅ 满足", "❌ 不满足", "❌ 不满足"]
    assert "客户间存在价值差异、客户数量超出管理限度" in w02.verdict(report)
    # no transaction records: condition 1 comes from the case description
    report = w02.condition_report(5, None, values, staff=1, capacity=1)
    assert report.loc[0, "结论"] == "✅ 满足" and "长期合作" in report.loc[0, "数据说明了什么"]


def test_firm_facts_match_the_data():
    n, repeat, spend = w02.firm_facts(w02.RETAIL)
    assert n == 600 and abs(repeat - REPEAT) < 1e-12
    assert abs(spend.sum() - TX["amount"].sum()) < 1e-6 and len(spend) == 600
    n, repeat, values = w02.firm_facts("乙公司")
    assert n == 200 and repeat is None and sorted(values) == sorted(YI)


def test_firm_yi_fails_condition_two_only():
    n, repeat, values = w02.firm_facts("乙公司")
    report = w02.condition_report(n, repeat, values, staff=1, capacity=100)
    assert report["结论"].tolist() == ["✅ 满足", "❌ 不满足", "✅ 满足"]


def test_each_company_is_judged_with_its_own_staff_and_gets_the_lessons_verdict():
    # the staff the lesson states: the shop 5 managers x 100 shoppers (600 > 500),
    # 甲 and 乙 4 managers x 30 business customers each (200 > 120)
    assert w02.STAFFING == {w02.RETAIL: (5, 100), "甲公司": (4, 30), "乙公司": (4, 30)}
    shop = w02.firm_report(w02.RETAIL)
    assert shop["结论"].tolist() == ["✅ 满足"] * 3
    assert "600 位客户；5 人 × 每人 100 位 = 能照顾 500 位" in shop.loc[2, "数据说明了什么"]
    jia = w02.firm_report("甲公司")  # the lesson: 甲公司 is worth tiering
    assert jia["结论"].tolist() == ["✅ 满足"] * 3
    assert "200 位客户；4 人 × 每人 30 位 = 能照顾 120 位" in jia.loc[2, "数据说明了什么"]
    assert w02.verdict(jia).startswith("三个条件都满足")
    yi = w02.firm_report("乙公司")  # the written question: which ONE condition 乙 fails
    assert yi["结论"].tolist() == ["✅ 满足", "❌ 不满足", "✅ 满足"]
    text = w02.verdict(yi)
    assert "客户间存在价值差异" in text and "管理限度" not in text and "意义不大" in text
    # more staff than customers: condition 3 fails, and the verdict says tiering is less urgent
    roomy = w02.firm_report("甲公司", staff=7, capacity=30)  # 210 >= 200
    assert roomy["结论"].tolist() == ["✅ 满足", "✅ 满足", "❌ 不满足"]
    assert "没有那么迫切" in w02.verdict(roomy)


def _no_widgets(monkeypatch):
    def refuse(self):
        raise AssertionError("a widget was created in static mode")

    for cls in (Slider, Number, Choice, Toggle):
        monkeypatch.setattr(cls, "make", refuse)


def test_conditions_check_static(monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    _no_widgets(monkeypatch)
    shown = []
    monkeypatch.setattr(widgets, "_display", shown.append)
    w02.conditions_check()
    out = capsys.readouterr()
    assert widgets.STATIC_NOTE in out.out and "三个条件都满足" in out.out and out.err == ""
    assert len(shown) == 1 and list(shown[0]["结论"]) == ["✅ 满足"] * 3


def test_conditions_check_live_redraws(monkeypatch):
    monkeypatch.delenv("CRMLAB_STATIC_WIDGETS", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    monkeypatch.setattr(widgets, "_display", lambda obj: None)
    made, results = [], []
    real_build = widgets.build_live

    def build(*args, **kwargs):
        made.append(real_build(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(widgets, "build_live", build)
    monkeypatch.setattr(widgets, "show", results.append)
    w02.conditions_check()
    live = made[0]
    assert live.renders == 1 and "三个条件都满足" in results[-1][0]
    live.controls["staff"].value = 6  # 6 × 100 = 600: no longer more than the staff can serve
    assert live.renders == 2 and "客户数量超出管理限度" in results[-1][0]
    assert results[-1][1]["结论"].tolist()[2] == "❌ 不满足"
    live.controls["firm"].value = "乙公司"  # the sliders go back to 乙公司's own staff
    assert (live.controls["staff"].value, live.controls["capacity"].value) == (4, 30)
    assert "客户间存在价值差异" in results[-1][0] and "管理限度" not in results[-1][0]
    assert results[-1][1]["结论"].tolist() == ["✅ 满足", "❌ 不满足", "✅ 满足"]
    live.controls["firm"].value = "甲公司"
    assert "三个条件都满足" in results[-1][0]
    assert results[-1][1]["结论"].tolist() == ["✅ 满足"] * 3
    live.controls["staff"].value = 7  # 7 x 30 = 210 >= 200
    assert results[-1][1]["结论"].tolist() == ["✅ 满足", "✅ 满足", "❌ 不满足"]
    live.controls["firm"].value = w02.RETAIL
    assert (live.controls["staff"].value, live.controls["capacity"].value) == (5, 100)
    assert "三个条件都满足" in results[-1][0]
