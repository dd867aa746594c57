"""Lesson 04 客户金字塔模型: its checks, hidden tests and widgets.

Expected values are worked out here in plain pandas from the packaged CSV, or by hand:
n = 120, so the cut-off ranks are ceil(1.2) = 2, ceil(24) = 24 and ceil(60) = 60 (tiers of
2 / 22 / 36 / 60 customers), and the VIP/A/B/C cut-offs are ceil(1.2) = 2, ceil(6) = 6 and
ceil(24) = 24.
"""

from __future__ import annotations

import math
import types
from pathlib import Path

import IPython
import matplotlib
import pandas as pd
import pytest

from crmcourse.l04_pyramid import checks as l04_checks
from crmcourse.l04_pyramid import widgets as l04_widgets
from crmlab.feedback import checks, widgets
from crmlab.feedback.checks import PASS_MARK

matplotlib.use("Agg")

CSV = Path(__file__).resolve().parents[1] / "crmlab" / "data" / "b2b_customers.csv"
PYR = ["重要客户", "次要客户", "普通客户", "小客户"]
VIP = ["VIP客户", "A类重点客户", "B类普通客户", "C类小客户"]


# ---------------------------------------------------------------------------------------------
# the right answers, made with plain pandas


def _b2b() -> pd.DataFrame:
    return pd.read_csv(CSV)


def _profit(df: pd.DataFrame) -> pd.Series:
    return df["sales_2025"] * df["gross_margin"] - df["service_cost_2025"]


def _ranked(df: pd.DataFrame | None = None, by: str = "profit", ascending: bool = False):
    df = _b2b() if df is None else df
    df = df.assign(profit=_profit(df))
    out = df.sort_values(by, ascending=ascending, kind="stable").reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out


def _tier(rank: int, bounds=(2, 24, 60), labels=PYR, strict=False) -> str:
    for bound, label in zip(bounds, labels):
        if rank < bound if strict else rank <= bound:
            return label
    return labels[-1]


@pytest.fixture(scope="module")
def right():
    ranked = _ranked()
    tier = ranked["rank"].apply(_tier)
    key = ranked[tier.isin(PYR[:2])]
    return {
        "profit": _profit(_b2b()),
        "ranked": ranked,
        "bounds": [2, 24, 60],
        "tier": tier,
        "key_customer_share": 24 / 120,
        "key_profit_share": key["profit"].sum() / ranked["profit"].sum(),
        "vip": ranked["rank"].apply(lambda r: _tier(r, (2, 6, 24), VIP)),
    }


@pytest.fixture
def ns(monkeypatch):
    """The 'notebook namespace' the checks read (get_answer and by_hand)."""
    space = {}
    monkeypatch.setattr(checks, "_user_ns", lambda: space)
    return space


def test_the_data_is_what_the_lesson_says(right):
    ranked = right["ranked"]
    assert len(ranked) == 120 and (ranked["profit"] < 0).sum() == 20
    assert ranked["customer"].iloc[-1] == "C060"  # the big loss-making customer comes last
    assert ranked["profit"].round(4).is_unique  # no ties: the order is well defined
    assert right["tier"].value_counts()[PYR].tolist() == [2, 22, 36, 60]
    assert 0.77 < right["key_profit_share"] < 0.78  # near, but under, 80%


def test_right_answers_pass_every_check(right, ns, capsys):
    l04 = l04_checks
    ns.update(right)
    cross = pd.crosstab(right["tier"], right["vip"])
    assert l04.q1_profit() is None
    assert l04.q2_rank() is None
    assert l04.q3_bounds() is None
    assert l04.q4_tier() is None
    assert l04.q5_key() is None
    assert l04.q7_cross(cross, 18) is None
    out = capsys.readouterr()
    assert out.out.count(PASS_MARK) == 6 and out.err == ""
    assert "20 位" in out.out and "C060" in out.out and "77.5%" in out.out


def test_accepted_variants(right, ns, capsys):
    l04 = l04_checks
    ns["ranked"] = right["ranked"]
    l04.q1_profit(answer=right["profit"].to_numpy())  # an array instead of a Series
    l04.q3_bounds(answer=(2.0, 24.0, 60.0))  # floats and a tuple
    cut = pd.cut(right["ranked"]["rank"], bins=[0, 2, 24, 60, 120], labels=PYR)
    l04.q4_tier(answer=cut)  # pd.cut gives a categorical
    l04.q5_key(24 / 120, right["key_profit_share"] + 1e-9)
    named = pd.crosstab(right["tier"], right["vip"], rownames=["金字塔"], colnames=["四级"])
    l04.q7_cross(named, 18.0)
    assert capsys.readouterr().out.count(PASS_MARK) == 5


def _fails(check, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as err:
        check(*args, **kwargs)
    text = str(err.value)
    assert "公开检查未通过" in text
    return text


# ---------------------------------------------------------------------------------------------
# typical mistakes get targeted hints


def test_q1_mistakes(right):
    df, q1 = _b2b(), l04_checks.q1_profit
    assert "还没有减去" in _fails(q1, answer=df["sales_2025"] * df["gross_margin"])
    assert "毛利率" in _fails(q1, answer=df["sales_2025"] - df["service_cost_2025"])
    assert "减反了" in _fails(q1, answer=-right["profit"])
    wrong_year = df["sales_2024"] * df["gross_margin"] - df["service_cost_2025"]
    assert "2025" in _fails(q1, answer=wrong_year)
    assert "原来的行顺序" in _fails(q1, answer=right["profit"].sort_values(ascending=False))
    sales, margin, cost = df["sales_2025"], df["gross_margin"], df["service_cost_2025"]
    assert "不要再除以 100" in _fails(q1, answer=sales * margin / 100 - cost)
    assert "不要再乘以 100" in _fails(q1, answer=sales * margin * 100 - cost)
    assert "括号位置不对" in _fails(q1, answer=sales * (margin - cost))
    assert "四舍五入到了 2 位小数" in _fails(q1, answer=(sales * margin - cost).round(2))
    assert "还没有找到变量 profit" in _fails(q1)


def test_q2_mistakes(right, ns):
    q2 = l04_checks.q2_rank
    assert "升序" in _fails(q2, answer=_ranked(ascending=True))
    assert "sales_2025" in _fails(q2, answer=_ranked(by="sales_2025"))
    df = _b2b().assign(profit=lambda d: _profit(d))
    assert "亏损客户也是公司的客户" in _fails(q2, answer=_ranked(df[df["profit"] >= 0]))
    unsorted = df.assign(rank=range(1, 121))
    assert "还没有按利润排序" in _fails(q2, answer=unsorted)
    from_zero = right["ranked"].assign(rank=range(120))
    assert "从 1 开始" in _fails(q2, answer=from_zero)
    backwards = right["ranked"].assign(rank=range(120, 0, -1))  # .rank() without ascending=False
    text = _fails(q2, answer=backwards)
    assert "名次反了" in text and "从小到大" not in text
    numbered_first = df.assign(rank=range(1, 121)).sort_values("profit", ascending=False)
    numbered_first = numbered_first.reset_index(drop=True)  # rank added before sorting
    assert "排序之前" in _fails(q2, answer=numbered_first)
    kept_index = df.sort_values("profit", ascending=False)
    kept_index["rank"] = kept_index.index + 1  # the rows' old numbers
    assert "reset_index" in _fails(q2, answer=kept_index)
    gross = _b2b().assign(profit=lambda d: d["sales_2025"] * d["gross_margin"])
    gross = gross.sort_values("profit", ascending=False).reset_index(drop=True)
    gross["rank"] = range(1, 121)
    assert "先让第 1 题通过" in _fails(q2, answer=gross)
    assert "'profit'" in _fails(q2, answer=right["ranked"].drop(columns="profit"))


def test_q2_is_done_by_hand(right, ns):
    ns["ranked"] = right["ranked"]
    ns["In"] = [
        "",
        "import crmlab as cl",
        'ranked = cl.pyramid(b2b, value="profit", customer="customer")',
        "checks.q2_rank()",
    ]
    assert "cl.pyramid" in _fails(l04_checks.q2_rank)
    ns["In"][2] = 'ranked = b2b.sort_values("profit", ascending=False).reset_index(drop=True)'
    l04_checks.q2_rank()


@pytest.mark.parametrize(
    "bounds, hint",
    [
        ([1, 24, 60], "向上取整 (ceil)"),  # round(1.2) or int(1.2)
        ([1.2, 24, 60], "必须是整数"),
        ([1, 20, 50], "100 位客户"),  # 100 profitable customers, or the percents themselves
        ([0.01, 0.2, 0.5], "比例本身"),
        ([2, 22, 36], "每一层的人数"),
        ([60, 24, 2], "顺序不对"),
        ([24, 2, 60], "顺序不对"),
        ([2, 25, 61], "int(x) + 1"),  # int(x) + 1 is one too many when x is whole (24, 60)
        ([0, 24, 60], "1 到 n = 120"),
    ],
)
def test_q3_mistakes(bounds, hint, ns):
    assert hint in _fails(l04_checks.q3_bounds, answer=bounds)


def test_q3_shapes_and_by_hand(ns):
    q3 = l04_checks.q3_bounds
    assert "列表" in _fails(q3, answer=24)
    assert "正好有 3 个数" in _fails(q3, answer=[2, 24, 60, 120])
    ns["In"] = [
        "",
        "bounds = [sum(cl.tier_sizes(n, cl.PYRAMID_CUTS)[:k]) for k in (1, 2, 3)]",
        "checks.q3_bounds()",
    ]
    assert "cl.tier_sizes" in _fails(q3, answer=[2, 24, 60])


def test_q4_mistakes(right, ns):
    q4, ranked = l04_checks.q4_tier, right["ranked"]
    ns["ranked"] = ranked
    rounded = ranked["rank"].apply(lambda r: _tier(r, (1, 24, 60)))
    assert "只有 1 位" in _fails(q4, answer=rounded)
    strict = ranked["rank"].apply(lambda r: _tier(r, strict=True))
    assert "用 <=" in _fails(q4, answer=strict)
    hole = pd.cut(ranked["rank"], bins=[1, 2, 24, 60, 120], labels=PYR)  # rank 1 left out
    assert "NaN" in _fails(q4, answer=hole)
    assert "cl.PYRAMID_LABELS" in _fails(q4, answer=[t[:2] for t in right["tier"]])
    one_off = right["tier"].copy()
    one_off.iloc[23] = "普通客户"  # the last 次要客户 pushed down one tier
    assert "分界处" in _fails(q4, answer=one_off)
    assert "一样多" in _fails(q4, answer=right["tier"].iloc[:100])


def test_q4_points_back_to_the_ranking(right):
    q4 = l04_checks.q4_tier
    for ranked in [_ranked(ascending=True), _ranked(by="sales_2025")]:
        tier = ranked["rank"].apply(_tier)
        assert "第 2 题 (q2_rank)还没有通过" in _fails(q4, answer=tier, ranked=ranked)
    df = _b2b().assign(profit=lambda d: _profit(d))
    kept = _ranked(df[df["profit"] > 0])
    text = _fails(q4, answer=kept["rank"].apply(_tier), ranked=kept)
    assert "第 2 题 (q2_rank)还没有通过" in text and "120 行" in text


def test_q4_traces_a_wrong_tier_back_to_exercises_2_and_3(right, ns):
    q4 = l04_checks.q4_tier
    # ranks from 0 (the slip is in exercise 2): the right rule gives three top customers
    from_zero = right["ranked"].assign(rank=range(120))
    ns.update(ranked=from_zero, bounds=[2, 24, 60])
    tier = from_zero["rank"].apply(_tier)
    assert tier.value_counts()[PYR[0]] == 3
    text = _fails(q4, answer=tier)
    assert "第 2 题 (q2_rank)还没有通过" in text and "名次" in text
    # bounds rounded (the slip is in exercise 3)
    ns.update(ranked=right["ranked"], bounds=[1, 24, 60])
    tier = right["ranked"]["rank"].apply(lambda r: _tier(r, (1, 24, 60)))
    assert "第 3 题 (q3_bounds)还没有通过" in _fails(q4, answer=tier)
    # exercises 2 and 3 right: the slip is in exercise 4 itself
    ns["bounds"] = [2, 24, 60]
    strict = right["ranked"]["rank"].apply(lambda r: _tier(r, strict=True))
    text = _fails(q4, answer=strict)
    assert "还没有通过" not in text and "用 <=" in text


def test_q4_is_done_by_hand(right, ns):
    ns.update(ranked=right["ranked"], tier=right["tier"])
    ns["In"] = [
        "",
        'pyr = cl.pyramid(data, value="profit", customer="customer")',
        'tier = pyr["tier"]',  # borrowing the crmlab table made later in the notebook
        "checks.q4_tier()",
    ]
    assert "cl.pyramid" in _fails(l04_checks.q4_tier)


def test_q5_mistakes(right):
    q5, kps = l04_checks.q5_key, right["key_profit_share"]
    ranked, tier = right["ranked"], right["tier"]
    assert "人数" in _fails(q5, 24, kps)
    assert "只算了重要客户" in _fails(q5, 2 / 120, kps)
    assert "普通客户不属于" in _fails(q5, 0.5, kps)
    assert "百分数" in _fails(q5, 0.2, kps * 100)
    top = ranked.loc[tier == PYR[0], "profit"].sum() / ranked["profit"].sum()
    assert "只算了重要客户" in _fails(q5, 0.2, top)
    key = ranked.loc[tier.isin(PYR[:2])]
    positive = key["profit"].sum() / ranked.loc[ranked["profit"] > 0, "profit"].sum()
    assert "负数也要加进去" in _fails(q5, 0.2, positive)
    sales = key["sales_2025"].sum() / ranked["sales_2025"].sum()
    assert "订单金额的占比" in _fails(q5, 0.2, sales)
    assert "合计（万元）" in _fails(q5, 0.2, key["profit"].sum())
    assert "不对" in _fails(q5, 0.2, 0.8)  # the textbook 80%, not this data's share
    assert "四舍五入" not in _fails(q5, 0.2, 0.8)
    assert "只算了次要客户" in _fails(q5, 22 / 120, kps)
    second = ranked.loc[tier == PYR[1], "profit"].sum() / ranked["profit"].sum()
    assert "只算了次要客户的利润" in _fails(q5, 0.2, second)
    assert "不会大于 1" in _fails(q5, 0.2, 3.87)
    assert "不会小于 0" in _fails(q5, -0.2, kps)
    assert "同一张表" in _fails(q5, 1.0, kps)
    assert "同一张表" in _fails(q5, 0.2, 1.0)
    assert "四舍五入到了 3 位小数" in _fails(q5, 0.2, round(kps, 3))  # 0.775 copied
    assert "百分数" in _fails(q5, 0.2, round(kps * 100, 1))  # 77.5 copied from "77.5%"


def test_q7_mistakes(right):
    q7 = l04_checks.q7_cross
    cross = pd.crosstab(right["tier"], right["vip"])
    assert "行和列反了" in _fails(q7, cross.T, 18)
    assert "应该是客户总数 120" in _fails(q7, cross.iloc[:3], 18)
    assert "交叉表" in _fails(q7, [[2, 0], [0, 4]], 18)
    assert "“次要客户”这一行的总人数" in _fails(q7, cross, 22)
    assert "关键客户的总人数" in _fails(q7, cross, 24)
    assert "属于“A类重点客户”" in _fails(q7, cross, 4)  # the A column of the key rows
    assert "只数了“重要客户”这一行" in _fails(q7, cross, 0)
    assert "“普通客户”行、“C类小客户”列" in _fails(q7, cross, 36)
    assert "“C类小客户”这一整列" in _fails(q7, cross, 96)
    assert "不会大于 24" in _fails(q7, cross, 50)


# ---------------------------------------------------------------------------------------------
# widgets and figures


@pytest.fixture
def shown(monkeypatch):
    items = []
    monkeypatch.setattr(widgets, "_display", items.append)
    return items


def _tables(items) -> list[pd.DataFrame]:
    return [x for x in items if isinstance(x, pd.DataFrame)]


def test_pyramid_view_by_hand(right):
    from crmcourse.l04_pyramid.widgets import pyramid_view

    df = _b2b().assign(profit=lambda d: _profit(d))
    before = df.copy()
    text, fig, table = pyramid_view(df)
    assert "⌈1% × 120⌉ = 2，⌈20% × 120⌉ = 24，⌈50% × 120⌉ = 60" in text
    assert "20 位亏损客户" in text
    assert "客户金字塔" in fig.axes[0].get_title()
    assert table["客户数"].tolist() == [2, 22, 36, 60]
    small = right["ranked"].iloc[60:]["profit"].sum() / right["ranked"]["profit"].sum()
    assert table["利润占比"].iloc[-1] == f"{small:.1%}"
    # the bottom 20 customers (ranks 101-120) are exactly the loss-makers: a negative share
    _, _, table = pyramid_view(df, 1, 20, 83)
    assert table["客户数"].tolist() == [2, 22, 76, 20] and table["利润占比"].iloc[-1] == "-2.0%"
    # without the loss-makers: 100 customers, ceil(1.0) = 1 top customer
    text, _, table = pyramid_view(df, drop_losses=True)
    assert table["客户数"].tolist() == [1, 19, 30, 50] and "只是为了对比" in text
    _, _, table = pyramid_view(df, 1, 5, 20, names="vip")
    assert table["层级"].tolist() == VIP and table["客户数"].tolist() == [2, 4, 18, 96]
    assert "从小到大" in pyramid_view(df, 10, 5, 50)
    pd.testing.assert_frame_equal(df, before)
    import matplotlib.pyplot as plt

    plt.close("all")


def test_cut_explorer_static(monkeypatch, shown, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    l04_widgets.cut_explorer()
    l04_widgets.cut_explorer("changhai")
    out = capsys.readouterr()
    assert out.err == "" and out.out.count(widgets.STATIC_NOTE) == 2
    assert "⌈1% × 14⌉ = 1，⌈20% × 14⌉ = 3，⌈50% × 14⌉ = 7" in out.out
    counts = [t["客户数"].tolist() for t in _tables(shown)]
    assert counts == [[2, 22, 36, 60], [1, 2, 4, 7]]
    from crmlab.validation import CrmlabError

    with pytest.raises(CrmlabError):
        l04_widgets.cut_explorer("cdnow")


def test_cut_explorer_live_redraws_when_a_slider_moves(monkeypatch, shown):
    import ipywidgets

    monkeypatch.delenv("CRMLAB_STATIC_WIDGETS", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    l04_widgets.cut_explorer()
    box = shown[-1]
    assert isinstance(box, ipywidgets.VBox)
    controls = [c for c in box.children if isinstance(c, ipywidgets.ValueWidget)]
    sliders = [c for c in controls if isinstance(c, ipywidgets.IntSlider)]
    toggle = next(c for c in controls if isinstance(c, ipywidgets.Checkbox))
    assert [s.value for s in sliders] == [1, 20, 50]
    assert _tables(shown)[-1]["客户数"].tolist() == [2, 22, 36, 60]
    sliders[2].value = 83
    assert _tables(shown)[-1]["客户数"].tolist() == [2, 22, 76, 20]
    toggle.value = True
    assert _tables(shown)[-1]["客户数"].tolist() == [1, 19, 63, 17]  # ceil(0.83 * 100) = 83
    import matplotlib.pyplot as plt

    plt.close("all")


def test_loss_chart_shows_gains_and_losses_per_tier(right):
    import crmlab as cl

    df = _b2b().assign(profit=lambda d: _profit(d))
    fig = l04_widgets.loss_chart(cl.pyramid(df, value="profit", customer="customer"))
    left, right_ax = fig.axes
    ranked = right["ranked"]
    small = ranked.iloc[60:]["profit"]
    # left: one bar up and one bar down per tier; the bottom tier's loss is -26.7
    heights = [round(p.get_height(), 4) for p in left.patches]
    assert heights[3] == round(small[small > 0].sum(), 4)
    assert heights[7] == round(small[small < 0].sum(), 4) and heights[4:7] == [0, 0, 0]
    # right: the bottom tier split into its 40 profitable and 20 loss-making customers
    labels = [t.get_text() for t in right_ax.get_xticklabels()]
    assert labels == ["盈利的\n40 位", "亏损的\n20 位", "合计"]
    bars = [round(p.get_height(), 4) for p in right_ax.patches]
    assert bars == [
        round(x, 4) for x in (small[small > 0].sum(), small[small < 0].sum(), small.sum())
    ]
    assert math.isclose(small.sum(), 27.8891, abs_tol=1e-4)
    import matplotlib.pyplot as plt

    plt.close(fig)


# ---------------------------------------------------------------------------------------------
# the mistakes a first-time reader made


def test_q1_rounded_truncated_or_summed(right):
    q1, profit = l04_checks.q1_profit, right["profit"]
    assert "取成了整数" in _fails(q1, answer=profit.round())  # C001: 101.3832 -> 101
    text = _fails(q1, answer=profit.astype(int))  # -> 101, but -0.4 -> 0, not -0
    assert "int(...)" in text and "取成了整数" not in text
    assert "2 位小数" in _fails(q1, answer=profit.round(2))
    text = _fails(q1, answer=profit.sum())
    assert "一个数" in text and "去掉 .sum()" in text
    text = _fails(q1, answer=float((_b2b()["sales_2025"] * _b2b()["gross_margin"]).sum()))
    assert "一个数" in text and ".sum()" not in text


def test_q2_needs_reset_index(right):
    q2 = l04_checks.q2_rank
    kept = _b2b().assign(profit=lambda d: _profit(d)).sort_values("profit", ascending=False)
    kept["rank"] = range(1, 121)
    text = _fails(q2, answer=kept)
    assert "reset_index(drop=True)" in text and "行号 (index)" in text
    with_column = right["ranked"].reset_index()  # reset_index() without drop: index 0..119
    assert with_column.index.tolist() == list(range(120))
    q2(answer=with_column)


@pytest.mark.parametrize(
    "bounds, hint, not_hint",
    [
        ([2, 23, 36], "每一层自己的比例", "长海"),  # ceil(1.2), ceil(22.8), ceil(36)
        ([1, 3, 7], "长海物流", "每一层自己的比例"),  # ceil(0.14), ceil(2.8), ceil(7) for n = 14
        ([2, 22, 36], "每一层的人数", "每一层自己的比例"),
    ],
)
def test_q3_per_tier_shares_and_the_worked_example(bounds, hint, not_hint, ns):
    text = _fails(l04_checks.q3_bounds, answer=bounds)
    assert hint in text and not_hint not in text


def test_q4_print_instead_of_return(right, ns):
    ranked = right["ranked"]
    ns.update(ranked=ranked, bounds=[2, 24, 60])
    nothing = ranked["rank"].apply(lambda r: None)  # a tier_of that prints and returns None
    text = _fails(l04_checks.q4_tier, answer=nothing)
    assert "return" in text and "全是空值" in text and "120 位" not in text
    hole = pd.cut(ranked["rank"], bins=[1, 2, 24, 60, 120], labels=PYR)  # one NaN only
    text = _fails(l04_checks.q4_tier, answer=hole)
    assert "有 1 位客户没有分到" in text and "全是空值" not in text


def test_q5_blames_a_wrong_own_ranking(right, ns):
    q5 = l04_checks.q5_key
    wrong = _ranked(ascending=True)  # exercise 2 sorted the wrong way
    wrong["tier"] = wrong["rank"].apply(_tier)
    ns.update(ranked=wrong, bounds=[2, 24, 60])
    key = wrong["tier"].isin(PYR[:2])
    own = wrong.loc[key, "profit"].sum() / wrong["profit"].sum()
    text = _fails(q5, 0.2, own)
    assert "第 2 题 (q2_rank)还没有通过" in text and "不会小于 0" not in text
    # an answer that did not come from ranked is judged on its own
    text = _fails(q5, 0.2, 0.8)
    assert "还没有通过" not in text


def test_q5_and_instead_of_or(right, ns):
    text = _fails(l04_checks.q5_key, 0.0, 0.0)
    assert "|（或）" in text and "&" in text
    text = _fails(l04_checks.q5_key, 0.2, 0.0)
    assert "|（或）" in text and "关键客户的利润占比（key_profit_share）" in text
    assert "|（或）" not in _fails(l04_checks.q5_key, 2 / 120, right["key_profit_share"])


def test_q5_tier_name_typo(right, ns):
    q5, ranked = l04_checks.q5_key, right["ranked"]
    typo = '["重要客户", "次要客戶"]'  # a traditional 戶
    top = ranked.loc[right["tier"] == PYR[0], "profit"].sum() / ranked["profit"].sum()
    ns["In"] = [
        "",
        (
            f'key = pyr[pyr["tier"].isin({typo})]\n'
            "key_customer_share = len(key) / len(pyr)\n"
            'key_profit_share = key["profit"].sum() / pyr["profit"].sum()'
        ),
        "checks.q5_key()",
    ]
    text = _fails(q5, 2 / 120, top)
    assert "“次要客戶”不是层级名称" in text and "“次要客户”" in text
    # without the source, the one-tier hint still mentions a misspelt name
    ns["In"] = []
    text = _fails(q5, 2 / 120, top)
    assert "只算了重要客户" in text and "一字不差" in text


def test_q5_exact_percent_is_not_called_rounded(right):
    q5, kps = l04_checks.q5_key, right["key_profit_share"]
    text = _fails(q5, 24 / 120 * 100, kps)  # exactly 20.0
    assert "除以 100" in text and "四舍五入" not in text
    text = _fails(q5, 0.2, kps * 100)
    assert "除以 100" in text and "四舍五入" not in text
    assert "四舍五入后的百分数" in _fails(q5, 0.2, 77.5)  # copied from the printout


def test_q5_and_q7_messages_keep_names_apart():
    text = _fails(l04_checks.q5_key, 0.2, 3.87)
    assert "你的关键客户的利润占比（key_profit_share）是 3.87" in text
    assert "你的key" not in text


def test_q7_margins_and_one_row(right, ns, capsys):
    q7 = l04_checks.q7_cross
    margins = pd.crosstab(right["tier"], right["vip"], margins=True)
    text = _fails(q7, margins, 18)
    assert "All" in text and "margins=True" in text and "480" not in text
    assert "应该是客户总数 120" in _fails(q7, pd.crosstab(right["tier"], right["vip"]).iloc[:3], 18)
    cross = pd.crosstab(right["tier"], right["vip"])
    ns["In"] = ["", 'n_key_in_b = int(cross.loc["次要客户", "B类普通客户"])', "checks.q7_cross()"]
    q7(cross, 18)
    assert "只读了“次要客户”这一行" in capsys.readouterr().out
    ns["In"][1] = 'n_key_in_b = int(cross.loc[["重要客户", "次要客户"], "B类普通客户"].sum())'
    q7(cross, 18)
    assert "只读了" not in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# what a second student reader ran into


def test_q4_example_bounds_are_named(right, ns):
    ranked = right["ranked"]
    ns.update(ranked=ranked, bounds=[2, 24, 60])
    # ch_tier_of from the worked example: 长海物流's cuts 1, 3, 7 (ceil of 0.14, 2.8, 7)
    borrowed = ranked["rank"].apply(lambda r: _tier(r, (1, 3, 7)))
    assert borrowed.value_counts()[PYR].tolist() == [1, 2, 4, 113]
    text = _fails(l04_checks.q4_tier, answer=borrowed)
    assert "长海物流" in text and "ch_bounds" in text and "第 1 行" not in text
    # a neighbouring slip (the floor rule) is not called the worked example
    text = _fails(l04_checks.q4_tier, answer=ranked["rank"].apply(lambda r: _tier(r, (1, 24, 60))))
    assert "长海物流" not in text and "只有 1 位" in text


def test_q4_with_cl_pyramid_points_to_tier_of(right, ns):
    ns.update(ranked=right["ranked"], bounds=[2, 24, 60], tier=right["tier"])
    ns["In"] = [
        "",
        'tier = cl.pyramid(b2b, value="profit", customer="customer")["tier"]',
        "checks.q4_tier()",
    ]
    text = _fails(l04_checks.q4_tier)
    assert "cl.pyramid" in text and "tier_of" in text and ".apply" in text
    ns["In"][1] = 'tier = ranked["rank"].apply(tier_of)'
    l04_checks.q4_tier()


def test_q5_divided_by_100(right):
    kps = right["key_profit_share"]
    text = _fails(l04_checks.q5_key, 24 / 100, kps)
    assert "除以了 100" in text and "120" in text
    assert "除以了 100" not in _fails(l04_checks.q5_key, 24 / 120 * 100, kps)  # a percentage


@pytest.mark.parametrize(
    "check, cell, args, name",
    [
        ("q3_bounds", "n = len(b2b)\nbounds = [2, 24, 60]", (), "bounds"),
        ("q3_bounds", "bounds = [math.ceil(120 * 1 / 100), 24, 60]", (), "bounds"),
        ("q5_key", "key_customer_share = 0.2\nkey_profit_share = 0.7745", (), "key_customer_share"),
        ("q5_key", "key_customer_share = 24 / 120\nkey_profit_share = 0.7745", (), "key_"),
        (
            "q7_cross",
            'cross = pd.crosstab(pyr["tier"], vip["tier"])\nn_key_in_b = 18',
            (),
            "n_key_in_b",
        ),
    ],
)
def test_typed_in_numbers_must_be_computed(right, ns, check, cell, args, name):
    ns.update(right)
    ns["key_profit_share"] = right["key_profit_share"]
    ns["cross"] = pd.crosstab(right["tier"], right["vip"])
    ns["n_key_in_b"] = 18
    ns["In"] = ["", cell, f"checks.{check}()"]
    text = _fails(getattr(l04_checks, check))
    assert "直接写进去的数字" in text and name in text and "用代码算" in text


def test_computed_answers_are_not_called_typed(right, ns, capsys):
    ns.update(right)
    ns["cross"] = pd.crosstab(right["tier"], right["vip"])
    ns["n_key_in_b"] = 18
    for check, cell in [
        ("q3_bounds", "n = len(b2b)\nbounds = [math.ceil(n * p / 100) for p in (1, 20, 50)]"),
        ("q5_key", "key_customer_share = len(key) / len(pyr)\nkey_profit_share = a / b"),
        ("q7_cross", 'n_key_in_b = int(cross.loc[["重要客户", "次要客户"], "B类普通客户"].sum())'),
    ]:
        ns["In"] = ["", cell, f"checks.{check}()"]
        getattr(l04_checks, check)()
    assert capsys.readouterr().out.count(PASS_MARK) == 3


def test_q7_transposed_table_says_which_is_row(right, ns):
    ns["cross"] = pd.crosstab(right["vip"], right["tier"])  # n_key_in_b never got made
    text = _fails(l04_checks.q7_cross)
    assert "行和列反了" in text and "行 = 金字塔的四层" in text and "KeyError" in text
    assert "n_key_in_b" not in text.split("问题")[1].split("提示")[0]
    assert "行和列反了" not in _fails(
        l04_checks.q7_cross, pd.crosstab(right["tier"], right["vip"]).iloc[:3], 18
    )
