"""Lesson 03 分级的指标: the public checks (with hand-made wrong answers) and the widget.

Expected values are worked out here in plain pandas from the packaged CSV file, or by hand on
single customers, never taken from crmlab's output.
"""

from __future__ import annotations

import doctest
import types
from pathlib import Path

import IPython
import numpy as np
import pandas as pd
import pytest

from crmlab.feedback import checks, widgets
from crmcourse.l03_indicators import checks as l03_checks, widgets as l03_widgets
from crmlab.feedback.checks import FAIL_MARK, PASS_MARK
from crmlab.feedback.widgets import Choice, Number, Slider, Toggle

DATA = Path(__file__).resolve().parents[1] / "crmlab" / "data"
B = pd.read_csv(DATA / "b2b_customers.csv")
S23, S24, S25 = B["sales_2023"], B["sales_2024"], B["sales_2025"]
GM, COST = B["gross_margin"], B["service_cost_2025"]
OP, FIN, DAYS = B["operating_score"], B["financial_score"], B["payment_days_overdue"]

CUM = S23 + S24 + S25
MONTHLY = S25 / 12
GROWTH = (S25 - S24) / S24
PROFIT = S25 * GM - COST
PAY = (100 - 2 * DAYS).clip(lower=0)
CREDIT = 0.3 * OP + 0.3 * FIN + 0.4 * PAY


def _mm(x):
    return (x - x.min()) / (x.max() - x.min())


SCORE = 100 * (
    0.4 * _mm(S25) + 0.2 * _mm(GM) + 0.2 * (1 - _mm(DAYS)) + 0.2 * _mm(B["growth_potential"])
)

l03 = l03_checks


def _row(customer):
    return B[B["customer"] == customer].iloc[0]


def test_the_worked_examples_by_hand():
    c001, c014, c060 = _row("C001"), _row("C014"), _row("C060")
    assert abs(c001["sales_2023"] + c001["sales_2024"] + c001["sales_2025"] - 1420.7) < 1e-9
    assert round((532.8 - 429.9) / 429.9, 4) == 0.2394
    assert abs(957.8 * 0.153 - 141.9 - 4.6434) < 1e-9 and c014["service_cost_2025"] == 141.9
    assert (c060["operating_score"], c060["financial_score"], c060["payment_days_overdue"]) == (
        90, 93, 40,
    )
    assert abs(0.3 * 90 + 0.3 * 93 + 0.4 * 20 - 62.9) < 1e-9
    assert (DAYS > 50).sum() >= 1  # the clip at 0 matters for some customers
    # the lead-in: C014 and C060 are 2nd and 4th by 2025 order amount
    assert B.sort_values("sales_2025", ascending=False)["customer"].tolist()[:5] == [
        "C076", "C014", "C083", "C060", "C098",
    ]


def test_right_answers_pass(capsys):
    assert l03.q1_sales(cum_sales=CUM, monthly_avg=MONTHLY) is None
    assert l03.q1_sales(cum_sales=CUM.to_numpy(), monthly_avg=MONTHLY.tolist()) is None
    assert l03.q2_growth(answer=GROWTH) is None
    assert l03.q3_profit(answer=PROFIT) is None
    assert l03.q4_credit(answer=CREDIT) is None
    assert l03.q5_score(answer=SCORE) is None
    out = capsys.readouterr()
    assert out.out.count(PASS_MARK) == 6 and out.err == ""


@pytest.mark.parametrize(
    "cum, monthly, hint",
    [
        (S25, MONTHLY, "只是 2025 年"),
        (S24 + S25, MONTHLY, "少加了 2023 年"),
        (CUM / 3, MONTHLY, "年平均"),
        (CUM.sort_values(), MONTHLY, "顺序"),
        (CUM, S25 / B["months_active_2025"], "有订单的月份数"),
        (CUM, CUM / 12, "三年的累计"),
        (CUM, CUM / 36, "三年的月平均"),
        (CUM, S25 / 4, "季度"),
        (CUM, S25 * 12, "乘以 12"),
        (CUM.head(100), MONTHLY, "应该有 120 个值"),
        (CUM, 3.0, "只是一个数"),
        # column-wise .sum(): one total per year (down the rows), not one per customer
        (B[["sales_2023", "sales_2024", "sales_2025"]].sum(), MONTHLY, "竖着"),
        (B[["sales_2023", "sales_2024", "sales_2025"]].mean(), MONTHLY, "横着算"),
        (float(CUM.sum()), MONTHLY, "汇总成一个数"),  # everything added into one number
        (CUM, float(S25.mean()) / 12, "只是一个数"),
        (B[["sales_2023", "sales_2024", "sales_2025"]], MONTHLY, "120 行 × 3 列"),
        (B.assign(cum=CUM), MONTHLY, "整张表 b2b"),
        (-CUM, MONTHLY, "不会小于 0"),  # outside the valid range
        (CUM, S25.sum, "还没有运行的方法"),  # forgot the brackets
        (CUM, (S25 / 12).round(2), "保留了 2 位小数"),
        (1420.7, MONTHLY, "客户 C001 一家"),  # s23 + s24 + s25 of the worked example
        (CUM, 532.8 / 12, "客户 C001 一家"),
    ],
)
def test_q1_hints(cum, monthly, hint, capsys):
    with pytest.raises(AssertionError) as err:
        l03.q1_sales(cum_sales=cum, monthly_avg=monthly)
    assert FAIL_MARK in str(err.value) and hint in str(err.value), str(err.value)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "check, answer, hint",
    [
        ("q2_growth", GROWTH * 100, "百分数"),
        ("q2_growth", (S25 - S24) / S25, "基期"),
        ("q2_growth", S25 / S24, "减去 1"),
        ("q2_growth", S25 - S24, "增长额"),
        ("q2_growth", (S24 - S23) / S23, "2024 年比 2023 年"),
        ("q2_growth", (S25 - S23) / S23, "2023 年做了基期"),
        ("q2_growth", (S24 - S25) / S24, "减反了"),
        ("q3_profit", S25 * GM, "服务"),
        ("q3_profit", CUM * GM - COST, "累计销售额"),
        ("q3_profit", (S25 - COST) * GM, "运算顺序"),
        ("q3_profit", S25 - COST, "漏了毛利率"),
        ("q3_profit", S25 * GM + COST, "要减去"),
        ("q3_profit", S25 * GM * 100 - COST, "不要再乘以 100"),
        ("q3_profit", PROFIT.sort_values(ascending=False), "顺序"),
        ("q3_profit", S25 * GM / 100 - COST, "不要再除以 100"),  # the margin is a fraction
        ("q3_profit", S25 * (GM / 100) - COST, "不要再除以 100"),
        ("q3_profit", S24 * GM - COST, "2024 年的销售额"),
        ("q3_profit", COST - S25 * GM, "减反了"),
        ("q2_growth", S25 - S24 / S24, "少了括号"),  # s25 - 1
        # clip applied to the days (never negative) instead of the whole payment score
        ("q4_credit", 0.3 * OP + 0.3 * FIN + 0.4 * (100 - 2 * DAYS.clip(lower=0)), "括号不能少"),
        ("q4_credit", 0.3 * OP + 0.3 * FIN + 0.4 * (100 - 2 * DAYS).clip(upper=0), "方向反了"),
        ("q4_credit", CREDIT + 50, "不会大于 100"),  # outside 0-100: the valid range
        ("q4_credit", 0.3 * OP + 0.3 * FIN + 0.4 * (100 - 2 * DAYS), "clip"),
        ("q4_credit", 0.3 * OP + 0.3 * FIN + 0.4 * DAYS, "不能直接用逾期天数"),
        ("q4_credit", 0.3 * OP + 0.3 * FIN + 0.4 * (100 - DAYS), "每逾期一天扣 2 分"),
        ("q4_credit", 0.4 * OP + 0.3 * FIN + 0.3 * PAY, "权重放错"),
        ("q4_credit", (OP + FIN + PAY) / 3, "简单平均"),
        ("q4_credit", OP + FIN + PAY, "按权重加权"),
        ("q4_credit", 30 * OP + 30 * FIN + 40 * PAY, "0.3、0.3、0.4（合计 1）"),
        # rounded like the worked example of C001: each value right to d decimals
        ("q2_growth", GROWTH.round(4), "保留了 4 位小数"),
        ("q3_profit", PROFIT.round(2), "保留了 2 位小数"),
        ("q3_profit", PROFIT.round(), "取成了整数"),
        # the C001 example copied: one customer's number (scalars from .iloc[0])
        ("q2_growth", (532.8 - 429.9) / 429.9, "客户 C001 一家"),
        ("q2_growth", 0.2394, "客户 C001 一家"),
        ("q3_profit", 957.8 * 0.153 - 141.9, "客户 C014 一家"),
        ("q3_profit", S25 * (GM - COST), "括号放错了"),  # sales × (margin − cost)
        ("q4_credit", CREDIT / 100, "不要除以 100"),  # the 0-100 score as 0-1
    ],
)
def test_typical_mistakes_get_targeted_hints(check, answer, hint, capsys):
    with pytest.raises(AssertionError) as err:
        getattr(l03, check)(answer=answer)
    assert FAIL_MARK in str(err.value) and hint in str(err.value), str(err.value)
    assert capsys.readouterr().err == ""


NOT_FLIPPED = 100 * (
    0.4 * _mm(S25) + 0.2 * _mm(GM) + 0.2 * _mm(DAYS) + 0.2 * _mm(B["growth_potential"])
)
RAW = 0.4 * S25 + 0.2 * GM + 0.2 * DAYS + 0.2 * B["growth_potential"]
BY_MAX = 100 * (
    0.4 * S25 / S25.max() + 0.2 * GM / GM.max() + 0.2 * (1 - DAYS / DAYS.max())
    + 0.2 * B["growth_potential"] / B["growth_potential"].max()
)
NEGATIVE = 100 * (
    0.4 * _mm(S25) + 0.2 * _mm(GM) - 0.2 * _mm(DAYS) + 0.2 * _mm(B["growth_potential"])
)


@pytest.mark.parametrize(
    "answer, hint",
    [
        (NOT_FLIPPED, "反过来"),
        (SCORE / 100, "乘以 100"),
        (NOT_FLIPPED / 100, "两处要改"),
        (NEGATIVE, "写成了负数"),
        (RAW, "归一化"),
        (100 * RAW, "归一化"),
        (BY_MAX, "不是 x ÷ 最大值"),
        (SCORE.sort_values(ascending=False), "顺序"),
        (SCORE + 1, "和正确结果不一致"),
        (SCORE * 100, "放大了 100 倍"),  # weights as 40, 20 or x100 twice
        (100 * (_mm(S25) + _mm(GM) + (1 - _mm(DAYS)) + _mm(B["growth_potential"])) / 4,
         "没有乘权重"),
        # a term left out, a weight mistyped: read back from the score
        (SCORE - 20 * _mm(B["growth_potential"]), "growth_potential 这一项没有加进去"),
        (SCORE - 20 * (1 - _mm(DAYS)), "payment_days_overdue 这一项没有加进去"),
        (SCORE - 20 * _mm(S25), "sales_2025 这一项的权重是 0.2（应该是 0.4）"),
        (SCORE + 150, "不会大于 100"),
        (SCORE.round(1), "保留了 1 位小数"),
        # 100 * 0.4 * minmax(...) + 0.2 * ...: the bracket around the sum forgotten
        (100 * 0.4 * _mm(S25) + 0.2 * _mm(GM) + 0.2 * (1 - _mm(DAYS))
         + 0.2 * _mm(B["growth_potential"]), "只有一项乘上了 100"),
        # the weights on the raw columns, flip written as 1 - x: no min-max at all
        (100 * (0.4 * S25 + 0.2 * GM + 0.2 * (1 - DAYS) + 0.2 * B["growth_potential"]),
         "没有先做最小–最大归一化"),
        (0.4 * S25 + 0.2 * GM - 0.2 * DAYS + 0.2 * B["growth_potential"], "没有先做最小–最大归一化"),
        # exercise 3's profit where the table says gross_margin
        (100 * (0.4 * _mm(S25) + 0.2 * _mm(PROFIT) + 0.2 * (1 - _mm(DAYS))
                + 0.2 * _mm(B["growth_potential"])), "不是练习 3 算出的利润贡献"),
    ],
)
def test_q5_score_hints(answer, hint):
    with pytest.raises(AssertionError, match=hint):
        l03.q5_score(answer=answer)


@pytest.mark.parametrize(
    "check, answer, silent",
    [
        # the new hints stay silent for other mistakes
        ("q2_growth", GROWTH + 0.001, "四舍五入"),
        ("q5_score", SCORE + 1, "四舍五入"),
        ("q5_score", SCORE + 1, "归一化"),
        ("q5_score", SCORE - 20 * _mm(S25), "只有一项乘上了 100"),  # a weight mistyped
        ("q5_score", SCORE - 20 * _mm(S25), "没有先做"),
        ("q3_profit", S25 * GM + COST, "括号放错了"),
        ("q4_credit", CREDIT / 3, "不要除以 100"),
        ("q2_growth", 5.0, "一家的结果"),  # one number, but nobody's
    ],
)
def test_new_hints_do_not_fire_for_other_mistakes(check, answer, silent):
    with pytest.raises(AssertionError) as err:
        getattr(l03, check)(answer=answer)
    assert silent not in str(err.value), str(err.value)


def test_hints_do_not_hand_over_the_answer_code():
    wrong = [
        ("q1_sales", {"cum_sales": 3.0, "monthly_avg": MONTHLY}),
        ("q1_sales", {"cum_sales": B.assign(cum=CUM), "monthly_avg": MONTHLY}),
        ("q2_growth", {"answer": 0.2394}),
        ("q3_profit", {"answer": B[["sales_2025", "gross_margin"]]}),
        ("q4_credit", {"answer": 0.3 * OP + 0.3 * FIN + 0.4 * (100 - 2 * DAYS)}),
        ("q4_credit", {"answer": 1.0}),
    ]
    for check, kwargs in wrong:
        with pytest.raises(AssertionError) as err:
            getattr(l03, check)(**kwargs)
        text = str(err.value)
        assert 'b2b["' not in text and "max(0" not in text, text


def test_a_constant_shift_is_not_read_as_weights():
    with pytest.raises(AssertionError) as err:
        l03.q5_score(answer=SCORE + 1)
    assert "反推" not in str(err.value)


INNER = 0.4 * _mm(S25) + 0.2 * _mm(GM) + 0.2 * (1 - _mm(DAYS)) + 0.2 * _mm(B["growth_potential"])


@pytest.mark.parametrize(
    "check, answer, hint",
    [
        # 100 * (...).round(2): the rounding acts before the x 100
        ("q5_score", 100 * INNER.round(2), "乘以 100 之前"),
        ("q5_score", 100 * INNER.round(1), "整十数"),
        # one column left raw, the other three normalised
        ("q5_score", 100 * (0.4 * S25 + 0.2 * _mm(GM) + 0.2 * (1 - _mm(DAYS))
                            + 0.2 * _mm(B["growth_potential"])), "订单金额 sales_2025 这一项直接用了"),
        ("q5_score", 100 * (0.4 * _mm(S25) + 0.2 * GM + 0.2 * (1 - _mm(DAYS))
                            + 0.2 * _mm(B["growth_potential"])), "毛利率 gross_margin 这一项直接用了"),
        ("q5_score", 100 * (0.4 * _mm(S25) + 0.2 * _mm(GM) + 0.2 * (1 - _mm(DAYS))
                            + 0.2 * B["growth_potential"]), "发展潜力 growth_potential 这一项直接用了"),
        # the weighted sum averaged again
        ("q5_score", 100 * INNER / 4, "不要再除以 4"),
        ("q5_score", INNER / 4, "不要再除以 4"),
        # the payment score divided by 100
        ("q4_credit", 0.3 * OP + 0.3 * FIN + 0.4 * PAY / 100, "回款得分不要除以 100"),
        ("q4_credit", 0.3 * OP + 0.3 * FIN + 0.4 * (100 - 2 * DAYS) / 100, "回款得分不要除以 100"),
        # out of range: named by customer, not by a position counted from 1
        ("q5_score", SCORE + 150, "客户 C001 的值"),
        ("q4_credit", CREDIT.where(B["customer"] != "C013", 150.0), "客户 C013 的值是 150"),
    ],
)
def test_second_reader_mistakes_get_hints(check, answer, hint):
    with pytest.raises(AssertionError) as err:
        getattr(l03, check)(answer=answer)
    assert hint in str(err.value), str(err.value)
    assert "个值是" not in str(err.value)


@pytest.mark.parametrize(
    "check, answer, silent",
    [
        ("q5_score", SCORE.round(1), "乘以 100 之前"),  # rounded after the x 100
        ("q5_score", SCORE.round(1), "整十数"),
        ("q5_score", SCORE - 20 * _mm(S25), "直接用了原始的列"),  # a weight mistyped
        ("q5_score", RAW, "其余三项是对的"),  # every column raw
        ("q5_score", SCORE / 100, "除以 4"),
        ("q4_credit", CREDIT / 100, "回款得分不要除以 100"),  # the whole score / 100
    ],
)
def test_second_reader_hints_stay_silent_for_neighbours(check, answer, silent):
    with pytest.raises(AssertionError) as err:
        getattr(l03, check)(answer=answer)
    assert silent not in str(err.value), str(err.value)


def test_column_sums_hint_does_not_fire_for_a_filtered_column():
    with pytest.raises(AssertionError) as err:
        l03.q1_sales(cum_sales=CUM.head(3), monthly_avg=MONTHLY)
    assert "竖着" not in str(err.value) and "应该有 120 个值" in str(err.value)


def test_missing_variables_are_friendly(monkeypatch):
    monkeypatch.setattr(checks, "_user_ns", dict)
    for name, var in [
        ("q1_sales", "cum_sales"), ("q2_growth", "growth"), ("q3_profit", "profit"),
        ("q4_credit", "credit"), ("q5_score", "my_score"),
    ]:
        with pytest.raises(AssertionError, match=f"还没有找到变量 {var}"):
            getattr(l03, name)()


def _history(monkeypatch, *cells):
    ns = {"In": ["", *cells, "checks.q5_score()"]}
    monkeypatch.setattr(checks, "_user_ns", lambda: ns)


def test_score_by_hand_refuses_weighted_score(monkeypatch, capsys):
    _history(
        monkeypatch,
        'b2b = cl.load_dataset("b2b_customers")',
        "my_score = cl.weighted_score(b2b, weights=weights, "
        'higher_is_better={"payment_days_overdue": False})["score"]',
    )
    with pytest.raises(AssertionError, match="cl.weighted_score"):
        l03.q5_score(answer=SCORE)
    _history(  # the helper minmax is defined in a cell that also calls weighted_score: fine
        monkeypatch,
        "def minmax(x):\n    return (x - x.min()) / (x.max() - x.min())\n\n"
        "scored_toy = cl.weighted_score(toy, weights={'sales': 1})",
        "my_score = 100 * (0.4 * minmax(b2b['sales_2025']))",
    )
    l03.q5_score(answer=SCORE)
    assert PASS_MARK in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# the widget

w03 = l03_widgets


def test_widget_docstring_example():
    import crmcourse.l03_indicators.widgets as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_indicator_groups_match_the_formulas():
    before = B.copy()
    groups = w03.indicator_groups(B)
    pd.testing.assert_frame_equal(B, before)  # the input is not changed
    assert groups.columns.tolist() == ["customer", "name", *w03.GROUPS]
    assert np.allclose(groups["订单金额"], CUM) and np.allclose(groups["利润贡献"], PROFIT)
    assert np.allclose(groups["信用状况"], CREDIT)
    assert groups["发展前景"].tolist() == B["growth_potential"].tolist()


SMALL = pd.DataFrame({
    "customer": ["a", "b", "c", "d", "e"],
    "name": list("ABCDE"),
    "订单金额": [500.0, 400, 300, 200, 100],
    "利润贡献": [-5.0, 40, 30, 20, 10],
    "信用状况": [50.0, 50, 50, 50, 90],
    "发展前景": [1, 1, 1, 1, 5],
})


def test_moves_and_ranking_by_hand():
    # top 20% of 5 customers = 1. Sales only: a. Profit only: b.
    assert w03.top_count(5) == 1 and w03.top_count(120) == 24
    assert w03.moves(SMALL, {"订单金额": 1, "利润贡献": 0, "信用状况": 0, "发展前景": 0}) == ([], [])
    assert w03.moves(SMALL, {"订单金额": 0, "利润贡献": 1, "信用状况": 0, "发展前景": 0}) == (
        ["b"], ["a"],
    )
    # equal weights on sales and profit: a = 0.5*1 + 0.5*0 = 0.5; b = 0.5*0.75 + 0.5*1 = 0.875
    ranked = w03.ranking(SMALL, {"订单金额": 1, "利润贡献": 1, "信用状况": 0, "发展前景": 0})
    assert ranked["customer"].tolist()[:2] == ["b", "c"]
    assert abs(ranked["score"].iloc[0] - 87.5) < 1e-9
    table = w03.top10_table(ranked, SMALL)
    assert len(table) == 5 and table["只看累计订单金额时的名次"].tolist()[0] == 2
    line = w03.explain(SMALL, {"订单金额": 1, "利润贡献": 1, "信用状况": 0, "发展前景": 0})
    assert "订单金额 50%" in line and "新进入 1 位：b" in line and "掉出 1 位：a" in line
    assert "同分" not in line
    tied = SMALL.assign(发展前景=[1, 1, 1, 5, 5])  # d and e tie for the only top-20% place
    line = w03.explain(tied, {"订单金额": 0, "利润贡献": 0, "信用状况": 0, "发展前景": 1})
    assert "第 1 名和第 2 名同分" in line and "新进入 1 位：d" in line


def _no_widgets(monkeypatch):
    def refuse(self):
        raise AssertionError("a widget was created in static mode")

    for cls in (Slider, Number, Choice, Toggle):
        monkeypatch.setattr(cls, "make", refuse)


def test_weight_explorer_static(monkeypatch, capsys):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    _no_widgets(monkeypatch)
    shown = []
    monkeypatch.setattr(widgets, "_display", shown.append)
    w03.weight_explorer()
    out = capsys.readouterr()
    assert widgets.STATIC_NOTE in out.out and "前 20%（24 位）" in out.out and out.err == ""
    assert isinstance(shown[0], Figure) and len(shown[1]) == 10
    assert shown[1]["客户"].iloc[0] == "C076" and shown[1].index[0] == 1


def test_weight_explorer_live_redraws(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.delenv("CRMLAB_STATIC_WIDGETS", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    monkeypatch.setattr(widgets, "_display", lambda obj: None)
    made, results = [], []
    real_build = widgets.build_live

    def build(*args, **kwargs):
        made.append(real_build(*args, **kwargs))
        return made[-1]

    def keep(result):
        results.append(result)
        if isinstance(result, list):
            import matplotlib.pyplot as plt

            for item in result:
                if isinstance(item, matplotlib.figure.Figure):
                    plt.close(item)

    monkeypatch.setattr(widgets, "build_live", build)
    monkeypatch.setattr(widgets, "show", keep)
    w03.weight_explorer()
    live = made[0]
    first = results[-1][2]["客户"].tolist()
    for g in ("订单金额", "利润贡献", "发展前景"):
        live.controls[g].value = 0  # credit standing alone
    assert live.renders == 4
    line, _, table = results[-1]
    assert "信用状况 100%" in line
    best = CREDIT.sort_values(ascending=False, kind="stable")
    assert table["客户"].iloc[0] == B.loc[best.index[0], "customer"]
    assert table["客户"].tolist() != first
    live.controls["信用状况"].value = 0  # all weights zero: a message, no error
    assert "不能全为 0" in results[-1]
