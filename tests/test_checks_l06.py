"""Lesson 06 物流客户 ABC 分析: its checks (l06_checks) and its widget (l06_widgets).

Every expected value is worked out here by hand from table 3-7 (or in plain pandas), never taken
from crmlab. Each check must accept the right answer, in the forms the prompt allows, and meet
each typical mistake with its own hint.
"""

from __future__ import annotations

import types

import IPython
import matplotlib
import numpy as np
import pandas as pd
import pytest

import crmlab as cl
from crmcourse.l06_logistics_abc import checks as l06_checks, widgets as l06_widgets
from crmlab.feedback import checks, widgets
from crmlab.feedback.checks import FAIL_MARK, PASS_MARK
from crmlab.feedback.widgets import Choice, Number, Slider, Toggle

matplotlib.use("Agg")
import matplotlib.pyplot as plt

l06 = l06_checks

# Table 3-7 and, by hand, table 3-8: sorted large to small, ties in the order of table 3-7.
REVENUE = [590, 140, 100, 740, 120, 68, 50, 50, 20, 40, 12, 40, 10, 20]
SORTED_IDS = [4, 1, 2, 5, 3, 6, 7, 8, 10, 12, 9, 14, 11, 13]
SORTED = [740, 590, 140, 120, 100, 68, 50, 50, 40, 40, 20, 20, 12, 10]
CUM_REVENUE = [740, 1330, 1470, 1590, 1690, 1758, 1808, 1858, 1898, 1938, 1958, 1978, 1990, 2000]
CUM_PCT = [37.0, 66.5, 73.5, 79.5, 84.5, 87.9, 90.4, 92.9, 94.9, 96.9, 97.9, 98.9, 99.5, 100.0]
CLASSES = {4: "A", 1: "A", 2: "A", 5: "A", 3: "B", 6: "B", 7: "B", 8: "B", 10: "B"}
CLASSES |= {12: "C", 9: "C", 14: "C", 11: "C", 13: "C"}


def table38(**changes) -> pd.DataFrame:
    t = pd.DataFrame(
        {
            "customer": SORTED_IDS,
            "revenue": SORTED,
            "share": [v / 2000 for v in SORTED],
            "cum_revenue": CUM_REVENUE,
            "cum_share": [p / 100 for p in CUM_PCT],
        }
    )
    for col, values in changes.items():
        t[col] = values
    return t


def tiers(classes: dict | None = None) -> pd.DataFrame:
    classes = {**CLASSES, **(classes or {})}
    return pd.DataFrame({"customer": SORTED_IDS, "abc_class": [classes[c] for c in SORTED_IDS]})


def table39(**changes) -> pd.DataFrame:
    t = pd.DataFrame(
        {
            "年均交易额下限": [110, 40, 0],
            "年交易次数下限": [24, 12, 1],
            "每年电话联系次数": [52, 12, 4],
            "每年拜访次数": [12, 4, 1],
            "专人跟进": [True, False, False],
        },
        index=["A", "B", "C"],
    )
    for col, values in changes.items():
        t[col] = values
    return t


@pytest.fixture(autouse=True)
def _close_figures():
    cl.use_chinese_font()
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def notebook(monkeypatch):
    """The notebook's variables the checks of later exercises consult (right answers unless a
    test changes them): a wrong answer is traced back to a wrong earlier one."""
    ns = {"total_revenue": 2000, "table38": table38(), "tiers": tiers()}
    monkeypatch.setattr(checks, "_user_ns", lambda: ns)
    return ns


def figure(y=None, labels=None, x=None, limits=(80, 95)):
    """Figure 3-5 drawn the way the prompt says, with parts replaceable by mistakes."""
    _, ax = plt.subplots()
    x = list(range(14)) if x is None else x
    y = CUM_PCT if y is None else y
    ax.plot(x, y, marker="o")
    for level in limits:
        ax.axhline(level, ls="--")
    if labels is not False:
        ax.set_xticks(x, [str(c) for c in (SORTED_IDS if labels is None else labels)])
    return ax


def fails_with(check, answer, *texts, capsys=None):
    with pytest.raises(AssertionError) as err:
        getattr(l06, check)(answer=answer)
    message = str(err.value)
    assert FAIL_MARK in message
    for text in texts:
        assert text in message, message
    return message


# ---------------------------------------------------------------------------------------------
# right answers


def test_right_answers_pass_and_write_only_to_stdout(capsys):
    assert l06.q1_indicator(answer="C") is None
    assert l06.q2_total(answer=2000) is None
    assert l06.q3_table(answer=table38()) is None
    assert l06.q4_classes(answer=tiers()) is None
    assert l06.q5_figure(answer=figure()) is None
    assert l06.q6_table39(answer=table39()) is None
    out = capsys.readouterr()
    assert out.out.count(PASS_MARK) == 6 and out.err == ""


def test_table38_any_index_and_extra_columns_pass():
    t = table38().set_index(pd.Index(range(100, 114)))
    t["rank"] = range(1, 15)
    before = t.copy()
    assert l06.q3_table(answer=t) is None
    pd.testing.assert_frame_equal(t, before)  # the check changes nothing


def test_tiers_in_any_row_order_pass():
    assert l06.q4_classes(answer=tiers().sample(frac=1, random_state=3)) is None
    t = tiers()
    t["abc_class"] = pd.Categorical(t["abc_class"], categories=["A", "B", "C"], ordered=True)
    assert l06.q4_classes(answer=t) is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: figure(y=[p / 100 for p in CUM_PCT], limits=(0.8, 0.95)),  # fractions
        lambda: figure(y=[p / 100 for p in CUM_PCT], limits=()),  # no reference lines
        lambda: figure(x=list(range(1, 15))),  # positions 1..14
        lambda: figure(y=[0, *CUM_PCT], x=list(range(15)), labels=["", *SORTED_IDS]),  # origin
    ],
)
def test_figure_variants_pass(make):
    assert l06.q5_figure(answer=make()) is None


def test_figure_with_text_x_values_passes():
    # plotting against the codes as text gives a categorical axis labelled in that order
    _, ax = plt.subplots()
    ax.plot([str(c) for c in SORTED_IDS], CUM_PCT)
    assert l06.q5_figure(answer=ax) is None


def test_figure_with_the_line_on_a_twin_axis_passes():
    _, ax = plt.subplots()
    ax.bar(range(14), SORTED)
    ax.set_xticks(range(14), [f"客户{c}" for c in SORTED_IDS])
    ax.twinx().plot(range(14), CUM_PCT)
    assert l06.q5_figure(answer=ax) is None


def test_table39_with_floats_and_numpy_bools_passes():
    t = table39(每年电话联系次数=[52.0, 24.5, 6.0])
    t["专人跟进"] = np.array([True, True, False])
    assert l06.q6_table39(answer=t) is None


# ---------------------------------------------------------------------------------------------
# question 1 and 2


@pytest.mark.parametrize(
    "answer, hint",
    [
        ("A", "成立年限"),
        ("B", "距离"),
        ("d", "员工"),
        ("c", "一个大写字母"),
        (" C ", "一个大写字母"),
        ("C。", "一个大写字母"),
        (3, "引号"),
        ("营业收入", "只写选项的字母"),
    ],
)
def test_q1_mistakes(answer, hint):
    fails_with("q1_indicator", answer, hint)


@pytest.mark.parametrize(
    "answer, hint",
    [(2000 / 14, "平均值"), (740, ".sum()"), (14, "客户的个数"), (105, "客户编号")],
)
def test_q2_mistakes(answer, hint):
    fails_with("q2_total", answer, hint)


# ---------------------------------------------------------------------------------------------
# question 3: table 3-8


def test_q3_not_sorted():
    raw = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    raw["share"] = raw["revenue"] / 2000
    raw["cum_revenue"] = raw["revenue"].cumsum()
    raw["cum_share"] = raw["cum_revenue"] / 2000
    fails_with("q3_table", raw, "revenue 列", "原始顺序")


def test_q3_sorted_ascending():
    t = table38().iloc[::-1].reset_index(drop=True)
    fails_with("q3_table", t, "ascending=False")


def test_q3_ties_in_the_wrong_order():
    # sorted by revenue and customer, both descending: 8 before 7, 12 before 10, 14 before 9
    ids = [4, 1, 2, 5, 3, 6, 8, 7, 12, 10, 14, 9, 11, 13]
    message = fails_with("q3_table", table38(customer=ids), "顺序", 'kind="stable"')
    assert "7 和 8" in message and "10 和 12" in message and "9 和 14" in message


def test_q3_customer_column_not_moved():
    fails_with("q3_table", table38(customer=list(range(1, 15))), "没有跟着")


@pytest.mark.parametrize(
    "column, values, hint",
    [
        ("share", [v / 20 for v in SORTED], "百分数"),
        ("share", [f"{v / 20:.1f}%" for v in SORTED], "文字"),
        ("share", [p / 100 for p in CUM_PCT], "你算的是累计占比"),
        ("share", [round(v / 2000, 2) for v in SORTED], "四舍五入"),
        ("share", [v / 740 for v in SORTED], "最大的营业收入"),
        ("share", [k / 14 for k in range(1, 15)], "客户人数"),
        ("cum_revenue", SORTED, ".cumsum()"),
        ("cum_revenue", [p / 100 for p in CUM_PCT], "不要除以合计"),
        ("cum_share", [v / 2000 for v in SORTED], "每位客户自己的占比"),
        ("cum_share", CUM_REVENUE, "÷ 营业收入合计"),
        ("cum_share", CUM_PCT, "百分数"),
        ("cum_share", [f"{p:.1f}%" for p in CUM_PCT], "文字"),
    ],
)
def test_q3_column_mistakes(column, values, hint):
    fails_with("q3_table", table38(**{column: values}), f"{column} 列", hint)


def test_q3_missing_column_and_rows():
    fails_with("q3_table", table38().drop(columns="cum_share"), "'cum_share'")
    fails_with("q3_table", table38().rename(columns={"cum_share": "cumshare"}), "'cumshare'")
    fails_with("q3_table", table38().head(13), "14 行")
    fails_with("q3_table", [1, 2, 3], "DataFrame")


def _history(monkeypatch, *cells):
    ns = {"In": ["", *cells, "checks.check()"]}
    monkeypatch.setattr(checks, "_user_ns", lambda: ns)


def test_q3_must_be_done_by_hand(monkeypatch):
    _history(
        monkeypatch,
        "import crmlab as cl",
        'table38 = df.sort_values("revenue", ascending=False, kind="stable")',
    )
    assert l06.q3_table(answer=table38()) is None
    _history(
        monkeypatch,
        'full = cl.abc_analysis(df, value="revenue", customer="customer")',
        'table38 = full.rename(columns={"cum_value": "cum_revenue"})',
    )
    fails_with("q3_table", table38(), "cl.abc_analysis")


# ---------------------------------------------------------------------------------------------
# question 4: A / B / C


def test_q4_row_that_crosses_the_limit_counted_above():
    # A while the share *before* the row is under 80%: 3 goes to A, 12 to B
    message = fails_with(
        "q4_classes", tiers({3: "A", 6: "B", 12: "B"}), "2 位客户", "刚刚越过界限"
    )
    assert "客户 3：排第 5 位，累计占比 84.5%" in message and "应为 B 类（你写的是 A）" in message
    assert "客户 12：排第 10 位，累计占比 96.9%" in message and "应为 C 类（你写的是 B）" in message
    assert "客户 10 和 12 的营业收入都是 40 万元" in message


def test_q4_only_the_tie_wrong():
    message = fails_with("q4_classes", tiers({12: "B"}), "1 位客户", "客户 12")
    assert "客户 10 排第 9 位，累计到 94.9%，是 B 类" in message
    assert "客户 12 排第 10 位，累计到 96.9%，是 C 类" in message
    assert "刚刚越过界限" not in message


def test_q4_boundary_row_only():
    message = fails_with("q4_classes", tiers({3: "A"}), "累计占比 84.5%", "大于 80%、不超过 95%")
    assert "应为 B 类（你写的是 A）" in message and "A 类：累计占比 ≤ 80%" in message


def test_q4_the_tie_of_7_and_8_explained_when_wrong():
    message = fails_with("q4_classes", tiers({8: "C"}), "客户 8：排第 8 位，累计占比 92.9%")
    assert "应为 B 类（你写的是 C）" in message


@pytest.mark.parametrize(
    "label, hint", [("A", "全部都分进了 A 类"), ("C", "全部都分进了 C 类")]
)
def test_q4_everyone_in_one_class(label, hint):
    fails_with("q4_classes", tiers(dict.fromkeys(CLASSES, label)), hint, "0.80")


def test_q4_labels_and_customers():
    fails_with("q4_classes", tiers({4: "a"}), "大写字母")
    message = fails_with("q4_classes", tiers({4: "A "}), "'A '", "多了空格")
    assert "多了空格" not in fails_with("q4_classes", tiers({4: "a"}), "大写字母")
    assert message
    fails_with("q4_classes", tiers({4: "A类"}), "'A类'")
    fails_with("q4_classes", tiers().head(13), "14 位客户")
    fails_with("q4_classes", tiers().drop(columns="abc_class"), "'abc_class'")


def test_q4_must_be_done_by_hand(monkeypatch):
    _history(monkeypatch, 'tiers = cl.abc_analysis(df, value="revenue", customer="customer")')
    fails_with("q4_classes", tiers(), "cl.abc_analysis")


# ---------------------------------------------------------------------------------------------
# question 5: figure 3-5


def test_q5_wrong_kinds_of_answer():
    ax = figure()
    fails_with("q5_figure", ax.figure, "Figure", "plt.subplots()")
    _, ax = plt.subplots()
    fails_with("q5_figure", ax.plot(range(14), CUM_PCT), "线条列表")
    fails_with("q5_figure", 0.5, "Axes")


def test_q5_bars_only_and_empty():
    _, ax = plt.subplots()
    ax.bar(range(14), SORTED)
    fails_with("q5_figure", ax, "柱形")
    _, ax = plt.subplots()
    fails_with("q5_figure", ax, "找不到折线")


@pytest.mark.parametrize(
    "y, hint",
    [
        ([v / 20 for v in SORTED], "每位客户自己的占比"),
        (list(np.cumsum(REVENUE) / 20), "原始顺序"),
        (SORTED, "营业收入"),
        (CUM_REVENUE, "营业收入"),
        ([1.0] * 14, "对不上"),
    ],
)
def test_q5_wrong_line(y, hint):
    fails_with("q5_figure", figure(y=y), "没有找到累计占比", hint)


def test_q5_codes_used_as_x_values():
    fails_with("q5_figure", figure(x=SORTED_IDS, labels=False), "当成数字")
    ties_swapped = [4, 1, 2, 5, 3, 6, 8, 7, 12, 10, 14, 9, 11, 13]
    fails_with("q5_figure", figure(x=ties_swapped, labels=False), "当成数字")
    fails_with("q5_figure", figure(x=[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 12]), "range(14)")


@pytest.mark.parametrize(
    "labels, hint",
    [
        (False, "个点下面没有客户编号"),
        (list(range(14)), "位置 (0、1、2……)"),
        (list(range(1, 15)), "表 3-7 里客户原来的顺序"),
        (list(range(1, 15))[::-1], "和折线上的点对不上"),
    ],
)
def test_q5_wrong_tick_labels(labels, hint):
    fails_with("q5_figure", figure(labels=labels), "横轴", hint)


def test_q5_tick_labels_read_after_drawing():
    # pandas' line plot on text x values sets its tick labels only when the figure is drawn
    t = pd.DataFrame({"customer": [str(c) for c in SORTED_IDS], "cum": CUM_PCT})
    _, ax = plt.subplots()
    t.plot(x="customer", y="cum", ax=ax)
    fails_with("q5_figure", ax, "横轴")


def test_q5_must_be_drawn_by_hand(monkeypatch):
    _history(monkeypatch, "ax35 = cl.plot_pareto(t)")
    fails_with("q5_figure", figure(), "画 ax35 时", "cl.plot_pareto", "matplotlib 自己画")
    _history(monkeypatch, "fig, ax35 = plt.subplots()\nax35.plot(range(14), y)")
    assert l06.q5_figure(answer=figure()) is None


# ---------------------------------------------------------------------------------------------
# question 6: table 3-9


def test_q6_structure():
    fails_with("q6_table39", {"A": 1}, "DataFrame")
    t = table39().reset_index(names="类别")
    fails_with("q6_table39", t, "set_index('类别')")
    fails_with("q6_table39", table39().set_axis(["a", "b", "c"]), 'index=["A", "B", "C"]')
    fails_with("q6_table39", table39().drop(columns="每年拜访次数"), "'每年拜访次数'")


@pytest.mark.parametrize(
    "changes, hint",
    [
        ({"每年电话联系次数": [4, 12, 52]}, "A > B > C"),
        ({"每年拜访次数": [4, 4, 1]}, "B = 4"),
        ({"年交易次数下限": [24, 12, -1]}, "负数"),
        ({"每年拜访次数": ["每月一次", "每季度一次", "每年一次"]}, "文字"),
        ({"年均交易额下限": [150, 40, 0]}, "大于 100、不超过 120"),
        ({"年均交易额下限": [100, 40, 0]}, "大于 100、不超过 120"),
        ({"年均交易额下限": [110, 51, 0]}, "客户 7、8 只有 50 万元"),
        ({"年均交易额下限": [110, 20, 0]}, "客户 9、14 有 20 万元"),
        ({"每年电话联系次数": [400, 12, 4]}, "365"),
        ({"每年拜访次数": [100, 4, 1]}, "52"),
        ({"专人跟进": ["是", "否", "否"]}, "True"),
        ({"专人跟进": [False, False, False]}, "专人跟进"),
    ],
)
def test_q6_mistakes(changes, hint):
    fails_with("q6_table39", table39(**changes), hint)


# ---------------------------------------------------------------------------------------------
# the widget


def _expected_display(a_limit: float, b_limit: float) -> list[str]:
    return [
        "A" if p <= a_limit * 100 else ("B" if p <= b_limit * 100 else "C") for p in CUM_PCT
    ]


def test_widget_table_by_hand():
    df = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    before = df.copy()
    t = l06_widgets.abc_table(df, 0.80, 0.95)
    assert t["客户"].tolist() == SORTED_IDS
    assert t["累计占比"].tolist() == [f"{p:.1f}%" for p in CUM_PCT]
    assert t["类别"].tolist() == _expected_display(0.80, 0.95)
    assert l06_widgets.abc_table(df, 0.70, 0.97)["类别"].tolist() == _expected_display(0.70, 0.97)
    line = l06_widgets.abc_line(df, 0.80, 0.95)
    # A: 4 of 14 customers (28.6%) with 1590 of 2000 (79.5%); C: 5 (35.7%) with 102 (5.1%)
    assert "A 类 4 位（占客户 28.6%），营业收入占 79.5%" in line
    assert "C 类 5 位（占客户 35.7%），营业收入占 5.1%" in line
    pd.testing.assert_frame_equal(df, before)


def test_widget_view_refuses_a_above_b():
    df = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    assert "要小于" in l06_widgets.abc_view(df, 0.90, 0.85)
    _, table, fig = l06_widgets.abc_view(df, 0.80, 0.95)
    assert table["类别"].tolist() == _expected_display(0.80, 0.95)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == [str(c) for c in SORTED_IDS]


@pytest.fixture
def shown(monkeypatch):
    items = []
    monkeypatch.setattr(widgets, "_display", items.append)
    return items


def test_widget_static_fallback(monkeypatch, shown, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")

    def refuse(self):
        raise AssertionError("a widget was created in static mode")

    for cls in (Slider, Number, Choice, Toggle):
        monkeypatch.setattr(cls, "make", refuse)
    l06_widgets.abc_explorer()
    out = capsys.readouterr()
    assert widgets.STATIC_NOTE in out.out and "a = 80%，b = 95%" in out.out and out.err == ""
    tables = [x for x in shown if isinstance(x, pd.DataFrame)]
    figures = [x for x in shown if isinstance(x, matplotlib.figure.Figure)]
    assert len(tables) == 1 and len(figures) == 1
    assert tables[0]["类别"].tolist() == _expected_display(0.80, 0.95)


def test_widget_live_redraws_when_a_slider_moves(monkeypatch, shown, capsys):
    monkeypatch.delenv("CRMLAB_STATIC_WIDGETS", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    import ipywidgets

    l06_widgets.abc_explorer()
    box = next(x for x in shown if isinstance(x, ipywidgets.VBox))
    sliders = [c for c in box.children if isinstance(c, ipywidgets.FloatSlider)]
    assert [s.value for s in sliders] == [0.80, 0.95]

    def last_table():
        return [x for x in shown if isinstance(x, pd.DataFrame)][-1]

    assert last_table()["类别"].tolist() == _expected_display(0.80, 0.95)
    sliders[0].value = 0.70  # A limit 70%: only customers 4 and 1 stay in A
    assert last_table()["类别"].tolist() == _expected_display(0.70, 0.95)
    assert last_table()["类别"].tolist()[:3] == ["A", "A", "B"]
    sliders[1].value = 0.97  # B limit 97%: customer 12 (96.9%) moves up to B
    assert last_table()["类别"].tolist()[9] == "B"
    sliders[0].value = 0.90
    sliders[1].value = 0.85  # a above b: a message instead of a table
    assert "要小于" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# mistakes traced back to an earlier exercise, missing values, numbers out of range

# table 3-8 with the ties sorted by customer code descending (8 before 7, 12 before 10, 14 before 9)
TIES_REVERSED = [4, 1, 2, 5, 3, 6, 8, 7, 12, 10, 14, 9, 11, 13]


def test_q2_whole_table_summed():
    df = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    fails_with("q2_total", df.sum(), "df.sum()", 'df["revenue"].sum()')
    fails_with("q2_total", df["revenue"], "没有加起来", ".sum()")
    fails_with("q2_total", 2000 + 105, "客户编号也加进去了")  # df.sum().sum()
    fails_with("q2_total", -2000, "不会小于 0")


def test_q3_nan_from_a_divisor_that_is_not_a_number(notebook):
    # table38["revenue"] / df.sum(): the two indexes do not match, every share is NaN
    message = fails_with("q3_table", table38(share=[np.nan] * 14), "share 列", "14 个缺失值 NaN")
    assert "df.sum()" in message


def test_q3_share_above_one():
    fails_with("q3_table", table38(share=[v / 100 for v in SORTED]), "share 列", "不会大于 1")


def test_q3_traced_back_to_a_wrong_total(notebook):
    notebook["total_revenue"] = 740  # the largest revenue, not the total
    t = table38(share=[v / 740 for v in SORTED])
    message = fails_with("q3_table", t, "第 2 题 (q2_total)", "先改正第 2 题")
    assert "你除以的是最大的营业收入" not in message  # the cause is the total of exercise 2


def _nan_tiers():
    t = table38(share=[np.nan] * 14, cum_share=[np.nan] * 14)
    t["abc_class"] = "C"  # np.where(NaN <= 0.80, ...) is never true
    return t


def test_q4_nan_traced_back_to_exercise_2(notebook):
    df = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    notebook["total_revenue"] = df.sum()
    notebook["table38"] = _nan_tiers().drop(columns="abc_class")
    message = fails_with("q4_classes", _nan_tiers(), "第 2 题 (q2_total)", "14 个缺失值 NaN")
    assert "百分数" not in message


def test_q4_nan_of_its_own(notebook):
    # table 3-8 is right; the NaN came in while making tiers
    message = fails_with("q4_classes", _nan_tiers(), "14 个缺失值 NaN", "除数要是一个数")
    assert "第 2 题" not in message and "第 3 题" not in message and "百分数" not in message


def _tiers_from(values, a, b, **columns):
    t = table38(**columns)
    t["abc_class"] = [
        "A" if x <= a else ("B" if x <= b else "C") for x in values
    ]
    return t


def test_q4_compared_the_wrong_column():
    share = [v / 2000 for v in SORTED]
    fails_with("q4_classes", _tiers_from(share, 0.80, 0.95), "share（不是累计占比）", "0.80")
    cum = [p / 100 for p in CUM_PCT]
    fails_with("q4_classes", _tiers_from(cum, 80, 95), "拿小数的 cum_share（0–1）和 80、95 比")
    # cum_share turned into percentages inside tiers, limits left as fractions: all C
    t = _tiers_from(CUM_PCT, 0.80, 0.95, cum_share=CUM_PCT)
    message = fails_with("q4_classes", t, "拿百分数的 cum_share（0–100）和小数 0.80、0.95 比")
    assert "第 3 题" not in message  # table38 itself is right
    fails_with("q4_classes", _tiers_from(CUM_REVENUE, 0.80, 0.95), "拿营业收入 cum_revenue（万元）去比")


def test_q4_conditions_in_the_wrong_order():
    # np.where(cum <= 0.95, "B", np.where(cum <= 0.80, "A", "C")): nobody is A
    t = tiers({c: ("C" if k == "C" else "B") for c, k in CLASSES.items()})
    message = fails_with("q4_classes", t, "没有一位客户是 A 类", "先判断 A")
    assert "刚刚越过界限" not in message


def test_q4_b_without_an_upper_limit():
    # .loc[cum > 0.80] = "B" with no upper limit: nobody is C
    t = tiers({c: ("A" if k == "A" else "B") for c, k in CLASSES.items()})
    fails_with("q4_classes", t, "没有一位客户是 C 类", "<= 0.95")


def test_q4_traced_back_to_table38(notebook):
    # table38 with the ties reversed: the classes follow it (12 is B, 10 is C), exercise 3 is wrong
    notebook["table38"] = table38(customer=TIES_REVERSED)
    message = fails_with("q4_classes", tiers({12: "B", 10: "C"}), "第 3 题 (q3_table)", "先改正第 3 题")
    assert "customer 列" in message  # what is wrong in exercise 3
    notebook["table38"] = table38()  # exercise 3 right: the mistake is in this exercise
    message = fails_with("q4_classes", tiers({12: "B", 10: "C"}), "2 位客户")
    assert "第 3 题" not in message and "本课程的约定" in message


def test_q4_tie_both_in_c_explained():
    message = fails_with("q4_classes", tiers({10: "C"}), "客户 10：排第 9 位，累计占比 94.9%")
    assert "本课程的约定" in message and "练习 6" in message


def test_q5_traced_back_to_table38(notebook):
    notebook["table38"] = table38(customer=TIES_REVERSED)
    message = fails_with("q5_figure", figure(labels=TIES_REVERSED), "第 3 题 (q3_table)")
    assert "按 table38 的顺序" not in message


def test_q6_ties_may_go_either_way():
    assert l06.q6_table39(answer=table39(年均交易额下限=[110, 50, 0])) is None  # 10, 12 in C
    assert l06.q6_table39(answer=table39(年均交易额下限=[110, 21, 0])) is None  # 10, 12 in B
    message = fails_with("q6_table39", table39(年均交易额下限=[110, 60, 0]), "太高")
    assert "客户 10、12 都是 40 万元" in message


def test_q6_limits_traced_back_to_the_classes(notebook):
    notebook["tiers"] = tiers({3: "A"})  # exercise 4 put customer 3 (100) in A
    fails_with("q6_table39", table39(年均交易额下限=[100, 40, 0]), "第 4 题 (q4_classes)")
    # a limit that does not fit the student's own classes either: not blamed on exercise 4
    notebook["tiers"] = tiers({c: ("C" if k == "C" else "B") for c, k in CLASSES.items()})
    message = fails_with("q6_table39", table39(年均交易额下限=[110, 60, 0]), "太高", "客户 7、8")
    assert "第 4 题 (q4_classes)还没有通过" not in message


# ---------------------------------------------------------------------------------------------
# what a first-time reader got wrong


def _by(sort_key: str) -> pd.DataFrame:
    """Table 3-8 built like the prompt asks, but sorted by ``sort_key`` (descending)."""
    raw = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    t = raw.sort_values(sort_key, ascending=False, kind="stable").reset_index(drop=True)
    t["share"] = t["revenue"] / 2000
    t["cum_revenue"] = t["revenue"].cumsum()
    t["cum_share"] = t["cum_revenue"] / 2000
    return t


def test_q3_abc_analysis_result_is_recognised():
    # its own column names (cum_value, cum_count_share) instead of a near-miss column suggestion
    raw = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    full = cl.abc_analysis(raw, value="revenue", customer="customer")
    message = fails_with("q3_table", full, "cl.abc_analysis", "自己用 pandas")
    assert "'revenue'" not in message
    renamed = full.rename(columns={"cum_value": "cum_revenue"})
    fails_with("q3_table", renamed, "cl.abc_analysis")
    # a table that merely lacks a column still gets the spelling hint
    assert "cl.abc_analysis" not in fails_with("q3_table", table38().drop(columns="cum_revenue"))


def test_q3_sorted_by_the_wrong_column():
    # sorted by customer 14, 13, ...: the student's own first row is customer 14 (10 万元)
    message = fails_with("q3_table", _by("customer"), "revenue 列", "按哪一列排")
    assert "客户 14" in message and "客户 4" not in message
    # sorting the wrong way round keeps its own hint
    assert "按哪一列排" not in fails_with("q3_table", table38().iloc[::-1], "ascending=False")


def test_q3_running_total_before_sorting():
    raw = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    raw["cum_revenue"] = raw["revenue"].cumsum()
    raw["cum_share"] = raw["cum_revenue"] / 2000
    t = raw.sort_values("revenue", ascending=False, kind="stable").reset_index(drop=True)
    t["share"] = t["revenue"] / 2000
    fails_with("q3_table", t, "cum_revenue 列", "排序之前", "排序之后")
    # the same mistake in cum_share only
    late = table38(cum_share=t["cum_share"].tolist())
    fails_with("q3_table", late, "cum_share 列", "排序之前")
    # a running total that was never taken is a different mistake
    assert "排序之前" not in fails_with("q3_table", table38(cum_revenue=SORTED), ".cumsum()")


def test_q4_classes_pasted_onto_the_unsorted_table():
    # tiers = df.copy(); classes worked out on table38 (sorted) and pasted onto it
    right = [CLASSES[c] for c in SORTED_IDS]
    pasted = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE, "abc_class": right})
    fails_with("q4_classes", pasted, "原始顺序", "tiers = table38.copy()")
    # a wrong class on the sorted table is not blamed on the order
    assert "原始顺序" not in fails_with("q4_classes", tiers({3: "A"}), "客户 3")


def test_q5_labels_in_the_order_of_table_3_7():
    message = fails_with("q5_figure", figure(labels=list(range(1, 15))), "横轴", "原来的顺序")
    assert "位置或名次" not in message and "table38" in message
    assert "原来的顺序" not in fails_with("q5_figure", figure(labels=list(range(14))), "位置")


def test_q5_reference_lines_on_another_scale():
    _, ax = plt.subplots()
    ax.plot(range(14), [p / 100 for p in CUM_PCT], marker="o")
    ax.set_xticks(range(14), [str(c) for c in SORTED_IDS])
    ax.axhline(80)
    ax.axhline(95)
    fails_with("q5_figure", ax, "同一个刻度", "0.8 和 0.95")
    percent = figure()
    percent.axhline(0.8)
    fails_with("q5_figure", percent, "同一个刻度", "80 和 95")
    # lines on the curve's own scale pass, fractions or percentages
    _, ax = plt.subplots()
    ax.plot(range(14), [p / 100 for p in CUM_PCT])
    ax.set_xticks(range(14), [str(c) for c in SORTED_IDS])
    ax.axhline(0.8)
    ax.axhline(0.95)
    assert l06.q5_figure(answer=ax) is None
    assert l06.q5_figure(answer=figure()) is None


def test_q5_axes_not_saved_in_ax35(notebook):
    notebook["ax35"] = figure()  # an earlier attempt
    notebook["In"] = [
        "",
        "fig, ax35 = plt.subplots()",
        "fig, ax = plt.subplots()\nax.plot(range(14), table38['cum_share'])",
        "checks.q5_figure()",
    ]
    with pytest.raises(AssertionError) as err:
        l06.q5_figure()
    assert "没有把坐标轴存进 ax35" in str(err.value) and "fig, ax35" in str(err.value)
    notebook["In"][2] = "fig, ax35 = plt.subplots()\nax35.plot(range(14), table38['cum_share'])"
    assert l06.q5_figure() is None
    notebook["In"][2] = "plt.show()"  # a plain cell in between blames nothing
    assert l06.q5_figure() is None


def test_q6_transposed_table():
    message = fails_with("q6_table39", table39().T, "横过来", ".T")
    assert "index=[" not in message
    fixed = table39().T.T
    assert l06.q6_table39(answer=fixed) is None


def test_q6_space_in_a_column_name():
    t = table39().rename(columns={"每年拜访次数": "每年拜访次数 "})
    message = fails_with("q6_table39", t, "'每年拜访次数 '", "空格")
    assert "大小写" not in message
    fails_with("q3_table", table38().rename(columns={"share": " share"}), "空格")


@pytest.mark.parametrize("column", ["每年电话联系次数", "每年拜访次数"])
def test_q6_class_c_is_still_contacted(column):
    values = {"每年电话联系次数": [52, 12, 0], "每年拜访次数": [12, 4, 0]}[column]
    fails_with("q6_table39", table39(**{column: values}), f"C 类的“{column}”", "至少 1 次")
    assert l06.q6_table39(answer=table39(**{column: [v or 1 for v in values]})) is None


# ---------------------------------------------------------------------------------------------
# mistakes a second student reader made


def test_q1_format_hint_names_the_actual_slip():
    spaced = fails_with("q1_indicator", "C ", "空格")
    assert "大写" not in spaced.split("提示", 1)[-1].split("后面练习 4", 1)[0]
    lower = fails_with("q1_indicator", "c", "大写")
    assert "空格（" not in lower
    fails_with("q1_indicator", "C。", "标点")


@pytest.mark.parametrize("letter", ["A", "B", "D"])
def test_q1_wrong_letter_does_not_name_the_right_option(letter):
    assert "营业收入" not in fails_with("q1_indicator", letter, "不是这次分层最合适的指标")


def test_q2_divided_by_the_number_of_customers():
    message = fails_with("q2_total", sum(REVENUE) / 14, "平均值", "除以了客户人数 14")
    assert ".mean() 换成" not in message


def test_q2_total_in_yuan_written_out_in_full():
    message = fails_with("q2_total", sum(REVENUE) * 10000, "20000000", "万元", "10000")
    assert "e+0" not in message
    # a large number that is not the total in yuan gets no unit hint
    assert "乘以 10000" not in fails_with("q2_total", 3_000_000, "3000000")


def _raw_table(**columns):
    raw = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    for col, values in columns.items():
        raw[col] = values
    return raw


def test_q3_sorted_without_saving_the_result(notebook):
    raw = _raw_table(
        share=[v / 2000 for v in REVENUE],
        cum_revenue=np.cumsum(REVENUE),
        cum_share=np.cumsum(REVENUE) / 2000,
    )
    notebook["table38"] = raw
    notebook["In"] = [
        "",
        (
            "table38 = df.copy()\ntable38.sort_values('revenue', ascending=False)\n"
            "table38['share'] = table38['revenue'] / total_revenue"
        ),
        "checks.q3_table()",
    ]
    with pytest.raises(AssertionError) as err:
        l06.q3_table()
    assert "没有把排好序的结果存进变量" in str(err.value) and "新表" in str(err.value)
    # a table that was never sorted gets the plain hint
    notebook["In"][1] = "table38 = df.copy()\ntable38['share'] = table38['revenue'] / total_revenue"
    with pytest.raises(AssertionError) as err:
        l06.q3_table()
    assert "没有排序" in str(err.value) and "没有把排好序" not in str(err.value)


def test_q3_misspelt_column_named_before_the_keyerror(notebook, monkeypatch):
    from crmlab.feedback import errors

    notebook["table38"] = table38().rename(columns={"cum_share": "cum_shares"})
    source = "table38 = df.sort_values('revenue')\ntable38['cum_shares'] = 1\ntable38_pct[...]"
    monkeypatch.setattr(errors, "last_error", lambda: (KeyError("cum_share"), source))
    with pytest.raises(AssertionError) as err:
        l06.q3_table()
    message = str(err.value)
    assert "'cum_shares'" in message and "KeyError" in message and "旧值" not in message
    # another error in the answer cell still says that table38 may be an old value
    monkeypatch.setattr(errors, "last_error", lambda: (NameError("x"), source))
    with pytest.raises(AssertionError) as err:
        l06.q3_table()
    assert "旧值" in str(err.value)


def test_q3_columns_taken_from_the_unsorted_df():
    # table38 sorted and renumbered, then df["revenue"].cumsum() / df["revenue"] / total
    fails_with("q3_table", table38(cum_revenue=list(np.cumsum(REVENUE))),
               "cum_revenue 列", "原来的顺序", "table38 自己的列")
    fails_with("q3_table", table38(cum_share=list(np.cumsum(REVENUE) / 2000)),
               "cum_share 列", "原来的顺序")
    fails_with("q3_table", table38(share=[v / 2000 for v in REVENUE]), "share 列", "原来的顺序")
    # the running total taken before sorting keeps its own hint
    raw = _raw_table(cum_revenue=np.cumsum(REVENUE))
    moved = raw.sort_values("revenue", ascending=False, kind="stable")["cum_revenue"].tolist()
    assert "reset_index" not in fails_with("q3_table", table38(cum_revenue=moved), "排序之前")


def test_q5_axes_under_another_name(notebook):
    notebook.pop("ax35", None)
    notebook["In"] = [
        "",
        "fig, ax = plt.subplots()\nax.plot(range(14), table38['cum_share'])",
        "checks.q5_figure()",
    ]
    with pytest.raises(AssertionError) as err:
        l06.q5_figure()
    assert "还没有找到变量 ax35" in str(err.value) and "fig, ax35 = plt.subplots" in str(err.value)
    notebook["In"][1] = "print(1)"  # nothing drawn: the usual message
    with pytest.raises(AssertionError) as err:
        l06.q5_figure()
    assert "坐标轴起了别的名字" not in str(err.value) and "ax35 = ……" in str(err.value)


def test_q5_automatic_position_ticks_are_not_customer_codes():
    fails_with("q5_figure", figure(labels=False), "自动标的刻度", "不是客户编号", "set_xticks")
    _, ax = plt.subplots()
    ax.plot(range(14), CUM_PCT)
    ax.set_xticks(range(0, 14, 2), [str(c) for c in SORTED_IDS[::2]])  # every other code only
    assert "自动" not in fails_with("q5_figure", ax, "个点下面没有客户编号")


def test_q6_limits_in_yuan():
    message = fails_with("q6_table39", table39(年均交易额下限=[1_200_000, 400_000, 0]),
                         "1200000", "万元", "10000 元")
    assert "e+0" not in message
    # limits in 万元 that do not fit the classes get the usual hint, without the unit
    message = fails_with("q6_table39", table39(年均交易额下限=[30, 20, 0]), "对不上")
    assert "10000 元" not in message
