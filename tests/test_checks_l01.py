"""Lesson 01 为什么要分级: its public checks (with hand-made wrong answers) and its widgets.

Expected values are worked out here in plain pandas from the data files or by hand, never taken
from crmlab's output.
"""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import IPython
import numpy as np
import pandas as pd
import pytest

from crmcourse.l01_why_tier import checks as l01
from crmcourse.l01_why_tier import widgets as w01
from crmlab.feedback import widgets
from crmlab.feedback.checks import FAIL_MARK, PASS_MARK
from crmlab.validation import CrmlabError

DATA = Path(__file__).resolve().parents[1] / "crmlab" / "data"
REVIEW = pd.Timestamp("2025-07-01")


# ---- plain-pandas answers ----------------------------------------------------------------------


def rule(points, good) -> str:
    if good and points >= 10000:
        return "钻石"
    if good and points >= 3000:
        return "铂金"
    if good and points >= 300:
        return "黄金"
    return "普通"


@pytest.fixture(scope="module")
def members():
    return pd.read_csv(DATA / "travel_members.csv")


@pytest.fixture(scope="module")
def orders():
    return pd.read_csv(DATA / "travel_orders.csv", parse_dates=["date"])


@pytest.fixture(scope="module")
def tx():
    return pd.read_csv(DATA / "retail_tx.csv")


def window(orders, members, lo, hi, *, hi_incl=False):
    keep = (orders["date"] >= lo) & ((orders["date"] <= hi) if hi_incl else (orders["date"] < hi))
    return (
        orders[keep].groupby("member_id")["points"].sum()
        .reindex(members["member_id"], fill_value=0)
    )


@pytest.fixture(scope="module")
def review_points(orders, members):
    return window(orders, members, REVIEW - pd.Timedelta(days=365), REVIEW)


@pytest.fixture(scope="module")
def review_tiers(review_points, members):
    credit = members.set_index("member_id")["good_credit"]
    return pd.Series([rule(review_points[m], credit[m]) for m in review_points.index],
                     index=review_points.index)


@pytest.fixture(scope="module")
def pareto(tx):
    per = tx.groupby("customer_id", as_index=False)["amount"].sum()
    t = per.rename(columns={"amount": "value"}).sort_values("value", ascending=False)
    t = t.reset_index(drop=True)
    t["cum_count_share"] = (np.arange(len(t)) + 1) / len(t)
    t["cum_value_share"] = t["value"].cumsum() / t["value"].sum()
    return t


@pytest.fixture(scope="module")
def tier_sizes(members):
    return pd.Series([rule(p, g) for p, g in zip(members["points"], members["good_credit"])]
                     ).value_counts()


def budget(sizes, weights, total=20000):
    units = {t: sizes.get(t, 0) * weights[t] for t in weights}
    return pd.Series({t: total * units[t] / sum(units.values()) for t in weights})


WEIGHTS = {"钻石": 8, "铂金": 4, "黄金": 2, "普通": 1}


def failing(check, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as err:
        check(*args, **kwargs)
    text = str(err.value)
    assert FAIL_MARK in text
    return text


def hint_of(text: str) -> str:
    """The 提示 line of a failure message."""
    return next(ln for ln in text.splitlines() if ln.startswith("提示"))


@pytest.fixture
def notebook(monkeypatch, review_points, pareto):
    """The notebook's namespace with the earlier answers right (q3 and q5 build on them)."""
    from crmlab.feedback import checks

    ns = {"review_points": review_points, "pareto_table": pareto}
    monkeypatch.setattr(checks, "_user_ns", lambda: ns)
    return ns


# ---- the data behind the lesson's story --------------------------------------------------------


def test_the_data_has_the_edge_cases_the_lesson_talks_about(members, review_points):
    pts = dict(zip(members["member_id"], members["points"]))
    assert {300, 3000, 10000, 299, 2999, 9999} <= set(members["points"])
    bad = members[~members["good_credit"]]
    assert {18500, 10000, 4200, 3000} <= set(bad["points"])
    # the counts quoted in the notebook
    counts = pd.Series([rule(p, g) for p, g in zip(members["points"], members["good_credit"])])
    assert counts.value_counts().to_dict() == {"钻石": 7, "铂金": 21, "黄金": 87, "普通": 85}
    # nobody sits exactly on a threshold at the review: WRONG's strict ">" only breaks q1
    assert not set(review_points) & {300, 3000, 10000}
    assert pts["M0184"] == 18500


# ---- q1: the tier rule -------------------------------------------------------------------------


def test_q1_right_answer_passes(members, capsys):
    tiers = [rule(p, g) for p, g in zip(members["points"], members["good_credit"])]
    assert l01.q1_tiers(answer=tiers, function=rule) is None
    assert l01.q1_tiers(answer=pd.Series(tiers), function=rule) is None
    out = capsys.readouterr()
    assert out.out.count(PASS_MARK) == 2 and out.err == ""


def strict(points, good):
    if good and points > 10000:
        return "钻石"
    if good and points > 3000:
        return "铂金"
    if good and points > 300:
        return "黄金"
    return "普通"


@pytest.mark.parametrize(
    "function, hint",
    [
        (strict, ">="),  # ">" drops the member with exactly 300 points
        (lambda p, g: rule(p, True), "信誉"),  # credit ignored
        (lambda p, g: rule(p, g) + "会员", "不要加“会员”"),
        (lambda p, g: rule(p + 1, g), "还差 1 分"),  # 299 counted as 300
        (lambda p, g: None, "return"),
        (lambda p: rule(p, True), "两个值"),  # one argument only
        ("钻石", "def tier_of"),  # not a function
    ],
)
def test_q1_tier_of_mistakes_get_targeted_hints(function, hint, members):
    tiers = [rule(p, g) for p, g in zip(members["points"], members["good_credit"])]
    assert hint in failing(l01.q1_tiers, answer=tiers, function=function)


def test_q1_tiers_mistakes_get_targeted_hints(members):
    pts, good = members["points"], members["good_credit"]
    ignored = [rule(p, True) for p in pts]
    assert "信誉" in failing(l01.q1_tiers, answer=ignored, function=rule)
    strict_tiers = [strict(p, g) for p, g in zip(pts, good)]
    assert ">=" in failing(l01.q1_tiers, answer=strict_tiers, function=rule)
    right = [rule(p, g) for p, g in zip(pts, good)]
    assert "顺序" in failing(l01.q1_tiers, answer=sorted(right), function=rule)
    assert "200 个值" in failing(l01.q1_tiers, answer=right[:50], function=rule)
    # one wrong member: the message names the first wrong row's member
    one = list(right)
    one[3] = "钻石"
    assert "M0004" in failing(l01.q1_tiers, answer=one, function=rule)


def test_q1_missing_variable_is_a_friendly_message():
    text = failing(l01.q1_tiers, function=rule)  # no "tiers" in this namespace
    assert "还没有找到变量 tiers" in text


# ---- q2-q3: re-tiering at the review date ------------------------------------------------------


def test_q2_q3_right_answers_pass(review_points, review_tiers, members, capsys):
    assert l01.q2_review_points(answer=review_points) is None
    assert l01.q3_review_tiers(answer=review_tiers) is None
    # the whole-column way, from the lowest tier up
    credit = members.set_index("member_id")["good_credit"].reindex(review_points.index)
    by_column = pd.Series("普通", index=review_points.index)
    for need, name in ((300, "黄金"), (3000, "铂金"), (10000, "钻石")):
        by_column[credit & (review_points >= need)] = name
    assert l01.q3_review_tiers(answer=by_column) is None
    # order of the rows does not matter, the member ids do
    assert l01.q2_review_points(answer=review_points.sort_values()) is None
    out = capsys.readouterr()
    assert out.out.count(PASS_MARK) == 4 and out.err == ""
    assert "钻石 4 位、铂金 19 位、黄金 87 位、普通 90 位" in out.out


def test_q2_expected_counts_by_hand(review_tiers):
    # worked out independently: the tier counts at the 2025-07-01 review
    assert review_tiers.value_counts().to_dict() == {"普通": 90, "黄金": 87, "铂金": 19, "钻石": 4}


@pytest.mark.parametrize(
    "make, hint",
    [
        (lambda o, m: window(o, m, REVIEW - pd.Timedelta(days=365), REVIEW, hi_incl=True),
         "当天"),
        (lambda o, m: window(o, m, REVIEW - pd.Timedelta(days=364), REVIEW), "第一天"),
        (lambda o, m: window(o, m, REVIEW - pd.Timedelta(days=366), REVIEW), "365 天"),
        (lambda o, m: window(o, m, pd.Timestamp("2025-01-01"), REVIEW), "1 月 1 日"),
        (lambda o, m: m.set_index("member_id")["points"], "当前积分"),
        (lambda o, m: window(o, m, pd.Timestamp("2000-01-01"), REVIEW), "最近 365 天"),
        (lambda o, m: o[(o["date"] >= REVIEW - pd.Timedelta(days=365)) & (o["date"] < REVIEW)]
         .groupby("member_id")["amount"].sum().reindex(m["member_id"], fill_value=0), "amount"),
    ],
)
def test_q2_window_mistakes_get_targeted_hints(make, hint, orders, members):
    assert hint in failing(l01.q2_review_points, answer=make(orders, members))


def test_q2_shape_mistakes(review_points, orders):
    lo = REVIEW - pd.Timedelta(days=365)
    no_fill = orders[(orders["date"] >= lo) & (orders["date"] < REVIEW)].groupby(
        "member_id")["points"].sum()
    assert "reindex" in failing(l01.q2_review_points, answer=no_fill)
    assert "不是会员编号" in failing(l01.q2_review_points,
                                    answer=review_points.reset_index(drop=True))
    assert "一列 (Series)" in failing(l01.q2_review_points, answer=review_points.reset_index())
    dup = pd.concat([review_points, review_points.iloc[:1]])
    assert "不止一次" in failing(l01.q2_review_points, answer=dup)
    off = review_points.copy()
    off.iloc[5] += 7
    assert "M0006" in failing(l01.q2_review_points, answer=off)


def test_q3_mistakes_get_targeted_hints(review_points, members, notebook):
    ignored = pd.Series([rule(p, True) for p in review_points], index=review_points.index)
    assert "信誉" in failing(l01.q3_review_tiers, answer=ignored)
    current = pd.Series([rule(p, g) for p, g in zip(members["points"], members["good_credit"])],
                        index=members["member_id"].to_numpy())
    assert "当前积分" in failing(l01.q3_review_tiers, answer=current)
    assert "pd.Series(列表" in failing(l01.q3_review_tiers, answer=list(current))
    # whole-column version written from the top down: every later line overwrites the higher tier
    credit = members.set_index("member_id")["good_credit"].reindex(review_points.index)
    reversed_order = pd.Series("普通", index=review_points.index)
    reversed_order[credit & (review_points >= 10000)] = "钻石"
    reversed_order[credit & (review_points >= 3000)] = "铂金"
    reversed_order[credit & (review_points >= 300)] = "黄金"
    assert "从低到高" in failing(l01.q3_review_tiers, answer=reversed_order)
    short = current.iloc[:150]  # review_points is right: the rows were lost in this exercise
    assert "review_points 的索引" in failing(l01.q3_review_tiers, answer=short)


def test_q3_points_to_q2_when_review_points_is_wrong(review_points, review_tiers, monkeypatch):
    from crmlab.feedback import checks

    bad = review_points * 2
    tiers = review_tiers.copy()
    tiers.iloc[0] = "钻石"
    monkeypatch.setattr(checks, "_user_ns", lambda: {"review_points": bad})
    assert "第 2 题" in failing(l01.q3_review_tiers, answer=tiers)


# ---- q4-q5: the Pareto principle ---------------------------------------------------------------


def test_q4_q5_right_answers_pass(pareto, capsys):
    assert l01.q4_pareto_table(answer=pareto) is None
    share = pareto["value"].head(120).sum() / pareto["value"].sum()
    assert abs(share - 0.786) < 0.001  # the dataset's documented top-20% share
    assert l01.q5_top_share(answer=share) is None
    out = capsys.readouterr()
    assert out.out.count(PASS_MARK) == 2 and out.err == ""


def test_q4_mistakes_get_targeted_hints(pareto, tx):
    n = len(pareto)
    asc = pareto.sort_values("value").reset_index(drop=True)
    asc["cum_count_share"] = (np.arange(n) + 1) / n
    asc["cum_value_share"] = asc["value"].cumsum() / asc["value"].sum()
    assert "ascending=False" in failing(l01.q4_pareto_table, answer=asc)

    t = pareto.copy()
    t["cum_value_share"] = t["value"] / t["value"].sum()
    assert ".cumsum()" in failing(l01.q4_pareto_table, answer=t)
    t = pareto.copy()
    t["cum_value_share"] = t["value"].cumsum()
    assert "除以" in failing(l01.q4_pareto_table, answer=t)
    t = pareto.copy()
    t["cum_value_share"] = t["cum_value_share"] * 100
    assert "百分数" in failing(l01.q4_pareto_table, answer=t)
    t = pareto.copy()
    t["cum_count_share"] = np.arange(n) / n
    assert "1/600" in failing(l01.q4_pareto_table, answer=t)
    t = pareto.copy()
    t["customer_id"] = sorted(t["customer_id"])  # only one column sorted: pairs broken
    assert "对不上" in failing(l01.q4_pareto_table, answer=t)
    assert "'cum_share'" in failing(
        l01.q4_pareto_table, answer=pareto.rename(columns={"cum_value_share": "cum_share"}))
    with_value = tx.assign(value=tx["amount"], cum_count_share=0.0, cum_value_share=0.0)
    assert "每位顾客一行" in failing(l01.q4_pareto_table, answer=with_value)
    mean = tx.groupby("customer_id", as_index=False)["amount"].mean().rename(
        columns={"amount": "value"}).sort_values("value", ascending=False).reset_index(drop=True)
    mean["cum_count_share"] = (np.arange(n) + 1) / n
    mean["cum_value_share"] = mean["value"].cumsum() / mean["value"].sum()
    assert ".mean()" in failing(l01.q4_pareto_table, answer=mean)


def test_q5_mistakes_get_targeted_hints(pareto, tx, notebook):
    v = pareto["value"]
    top = v.head(120).sum() / v.sum()
    cases = [
        (v.tail(120).sum() / v.sum(), "消费最少"),
        (1 - top, "其余 80%"),
        (0.2, "人数"),
        (120, "人数"),
        (top * 100, "百分数"),
        (v.head(120).sum(), "除以全部顾客的消费总额"),
        (0.5, "120 位"),
        (round(top * 100, 1), "百分数"),  # a rounded percentage typed in
        (round(top, 3), "四舍五入"),  # a rounded fraction typed in
    ]
    amounts = tx["amount"].sort_values(ascending=False)
    k = math.ceil(0.2 * len(amounts))
    cases.append((amounts.head(k).sum() / amounts.sum(), "交易"))
    for answer, hint in cases:
        assert hint in failing(l01.q5_top_share, answer=answer), (answer, hint)
    assert "文字" in failing(l01.q5_top_share, answer="0.79")


# ---- q6: the weighted budget -------------------------------------------------------------------


def test_q6_right_answer_passes(tier_sizes, capsys):
    right = budget(tier_sizes, WEIGHTS)
    # by hand: 85 + 87*2 + 21*4 + 7*8 = 399 shares; one share = 20000 / 399 元
    assert math.isclose(right["钻石"], 7 * 8 * 20000 / 399)
    assert l01.q6_budget(answer=right) is None
    assert l01.q6_budget(answer=right.iloc[::-1]) is None  # order of the tiers is free
    assert l01.q6_budget(answer=right.to_dict()) is None
    assert capsys.readouterr().out.count(PASS_MARK) == 3


def test_q6_mistakes_get_targeted_hints(tier_sizes):
    w = pd.Series(WEIGHTS, dtype=float)
    assert "会员数 × 权重" in failing(l01.q6_budget, answer=20000 * w / w.sum())
    each = budget(tier_sizes, WEIGHTS) / tier_sizes.reindex(list(WEIGHTS))
    assert "每位会员分到的钱" in failing(l01.q6_budget, answer=each)
    equal = 20000 * tier_sizes.reindex(list(WEIGHTS)) / 200
    assert "平均分配" in failing(l01.q6_budget, answer=equal)
    assert "20000 元" in failing(l01.q6_budget, answer=budget(tier_sizes, WEIGHTS) * 2)
    renamed = budget(tier_sizes, WEIGHTS).rename(lambda t: t + "会员")
    assert "“会员”" in failing(l01.q6_budget, answer=renamed)
    assert "一个数" in failing(l01.q6_budget, answer=20000.0)
    off = budget(tier_sizes, WEIGHTS)
    off["钻石"] += 100
    off["普通"] -= 100
    assert "钻石会员这一级不对" in failing(l01.q6_budget, answer=off)


# ---- hints that know the lesson: each mistake gets its own reason -------------------------------

#: A phrase only each tier_of hint uses: a mistake must get its own and none of the others.
TIER_HINTS = {
    "or": "不要用 or",
    "backwards": "比较符号写反了",
    "low_first": "从上往下一个一个判断",
    "default": "最后一行应该是 return '普通'",
    "strict": "不要用 >。",
    "one_low": "还差 1 分",
    "credit": "信誉记录不良",
    "typo": "数一数 0 的个数",
    "suffix": "不要加“会员”",
}


def or_rule(points, good):
    if good or points >= 10000:
        return "钻石"
    if good or points >= 3000:
        return "铂金"
    if good or points >= 300:
        return "黄金"
    return "普通"


def backwards_rule(points, good):
    if good and points <= 10000:
        return "钻石"
    if good and points <= 3000:
        return "铂金"
    if good and points <= 300:
        return "黄金"
    return "普通"


def low_first_rule(points, good):
    if good and points >= 300:
        return "黄金"
    if good and points >= 3000:
        return "铂金"
    if good and points >= 10000:
        return "钻石"
    return "普通"


def wrong_default_rule(points, good):
    if good and points >= 10000:
        return "钻石"
    if good and points >= 3000:
        return "铂金"
    return "黄金"


def typo_rule(points, good):  # 1000 typed for 10000
    return "钻石" if good and points >= 1000 else rule(points, good)


@pytest.mark.parametrize(
    "function, which",
    [
        (or_rule, "or"),
        (backwards_rule, "backwards"),
        (low_first_rule, "low_first"),
        (wrong_default_rule, "default"),
        (strict, "strict"),
        (lambda p, g: rule(p + 1, g), "one_low"),
        (lambda p, g: rule(p, True), "credit"),
        (typo_rule, "typo"),
        (lambda p, g: rule(p, g) + "会员", "suffix"),
    ],
)
def test_q1_each_tier_of_mistake_gets_only_its_own_hint(function, which, members):
    tiers = [rule(p, g) for p, g in zip(members["points"], members["good_credit"])]
    hint = hint_of(failing(l01.q1_tiers, answer=tiers, function=function))
    found = [name for name, phrase in TIER_HINTS.items() if phrase in hint]
    assert found == [which], hint


def test_q1_tiers_made_wrongly_from_a_right_function(members):
    pts, good = members["points"], members["good_credit"]
    suffixed = [rule(p, g) + "会员" for p, g in zip(pts, good)]
    assert "不要加“会员”" in hint_of(failing(l01.q1_tiers, answer=suffixed, function=rule))
    swapped = [rule(g, p) for p, g in zip(pts, good)]  # tier_of(good_credit, points)
    assert set(swapped) == {"普通"}
    text = hint_of(failing(l01.q1_tiers, answer=swapped, function=rule))
    assert "顺序反了" in text and ">=" not in text


def test_q2_missing_members_as_nan_and_negative_points(orders, members, review_points):
    lo = REVIEW - pd.Timedelta(days=365)
    no_fill = orders[(orders["date"] >= lo) & (orders["date"] < REVIEW)].groupby(
        "member_id")["points"].sum().reindex(members["member_id"])  # fill_value forgotten
    assert no_fill.isna().sum() > 0
    text = hint_of(failing(l01.q2_review_points, answer=no_fill))
    assert "NaN" in text and "fill_value=0" in text
    negative = review_points.copy()
    negative.iloc[2] = -50
    assert "不会小于 0" in failing(l01.q2_review_points, answer=negative)


def test_q3_blames_q1_only_when_review_tiers_came_from_tier_of(review_points, members,
                                                              monkeypatch):
    from crmlab.feedback import checks

    credit = members.set_index("member_id")["good_credit"]

    def wrong(p, g):
        return rule(p, True)  # ignores credit

    made = pd.Series([wrong(review_points[m], credit[m]) for m in review_points.index],
                     index=review_points.index)
    ns = {"review_points": review_points, "tier_of": wrong}
    monkeypatch.setattr(checks, "_user_ns", lambda: ns)
    assert "第 1 题" in failing(l01.q3_review_tiers, answer=made)
    # the same wrong tiers made with whole columns, while tier_of is right: this exercise's hint
    ns["tier_of"] = rule
    text = failing(l01.q3_review_tiers, answer=made)
    assert "第 1 题" not in text and "信誉" in hint_of(text)


def test_q3_blames_q2_when_its_rows_were_lost_there(review_points, review_tiers, monkeypatch):
    from crmlab.feedback import checks

    short = review_points[review_points > 0]  # reindex forgotten in q2
    monkeypatch.setattr(checks, "_user_ns", lambda: {"review_points": short})
    assert "第 2 题" in failing(l01.q3_review_tiers, answer=review_tiers[short.index])


def test_q3_tier_names_with_suffix(review_tiers, notebook):
    text = failing(l01.q3_review_tiers, answer=review_tiers + "会员")
    assert "不要加“会员”" in hint_of(text)


def test_q4_shape_and_order_mistakes(pareto, tx):
    n = len(pareto)
    assert "as_index=False" in failing(l01.q4_pareto_table,
                                       answer=pareto.set_index("customer_id"))
    assert "rename" in failing(l01.q4_pareto_table,
                               answer=pareto.rename(columns={"value": "amount"}))
    # not sorted at all: customers in id order
    unsorted = tx.groupby("customer_id", as_index=False)["amount"].sum().rename(
        columns={"amount": "value"})
    unsorted["cum_count_share"] = (np.arange(n) + 1) / n
    unsorted["cum_value_share"] = unsorted["value"].cumsum() / unsorted["value"].sum()
    text = hint_of(failing(l01.q4_pareto_table, answer=unsorted))
    assert "没有从大到小排好" in text
    # sorted, but reset_index forgotten: the row numbers are the old ones
    per = tx.groupby("customer_id", as_index=False)["amount"].sum().rename(
        columns={"amount": "value"})
    kept = per.sort_values("value", ascending=False)
    kept["cum_count_share"] = (kept.index + 1) / n
    kept["cum_value_share"] = kept["value"].cumsum() / kept["value"].sum()
    text = hint_of(failing(l01.q4_pareto_table, answer=kept))
    assert "reset_index(drop=True)" in text and "行号还是排序前的" in text
    # a cumulative share above 1 cannot be
    over = pareto.copy()
    over["cum_value_share"] = over["value"].cumsum() / over["value"].mean()
    assert "不会大于 1" in failing(l01.q4_pareto_table, answer=over)


def test_q5_off_by_one_is_not_called_rounding(pareto, notebook):
    v = pareto["value"]
    total = v.sum()
    for answer, says in [
        (v.head(121).sum() / total, "多取了 1 位"),
        (v.head(119).sum() / total, "少取了 1 位"),
        (pareto["cum_value_share"].iloc[120], "多取了 1 位"),  # row 121 read as "row 120"
    ]:
        text = hint_of(failing(l01.q5_top_share, answer=answer))
        assert says in text and "四舍五入" not in text, text
    top = v.head(120).sum() / total
    text = hint_of(failing(l01.q5_top_share, answer=round(top, 3)))
    assert "小数点后 3 位" in text and "多取" not in text


def test_q5_out_of_range_and_upstream(pareto, notebook):
    assert "不会大于 1" in failing(l01.q5_top_share, answer=1.5)
    assert "不会小于 0" in failing(l01.q5_top_share, answer=-0.2)
    # pareto_table sorted the wrong way: q5 sends the student back to q4 first
    asc = pareto.sort_values("value").reset_index(drop=True)
    notebook["pareto_table"] = asc
    wrong = asc["value"].head(120).sum() / asc["value"].sum()
    assert "第 4 题" in failing(l01.q5_top_share, answer=wrong)


def test_q6_shares_per_head_count_and_range(tier_sizes):
    sizes = tier_sizes.reindex(list(WEIGHTS)).astype(float)
    units = sizes * pd.Series(WEIGHTS)
    assert units.sum() == 399  # 7*8 + 21*4 + 87*2 + 85
    text = hint_of(failing(l01.q6_budget, answer=units))
    assert "份数" in text and "还不是钱" in text
    per_head = 20000 * units / 200
    assert "不是 ÷ 会员人数 200" in hint_of(failing(l01.q6_budget, answer=per_head))
    assert "不会小于 0" in failing(l01.q6_budget, answer=-budget(tier_sizes, WEIGHTS))
    # 2807.0 元 and so on: a rounded budget is told so, not "the tiers do not add up"
    rounded = hint_of(failing(l01.q6_budget, answer=budget(tier_sizes, WEIGHTS).round(1)))
    assert "小数点后 1 位" in rounded and "加起来" not in rounded


# ---- by hand: crmlab's ready-made functions are refused ----------------------------------------


def test_by_hand_refuses_member_tier_in_a_real_ipython_shell():
    script = textwrap.dedent(
        """
        from IPython.core.interactiveshell import InteractiveShell
        sh = InteractiveShell.instance()
        cells = [
            "import crmlab as cl",
            "from crmcourse.l01_why_tier import checks",
            'members = cl.load_dataset("travel_members")',
            "tier_of = lambda p, g: cl.member_tier(p, g)\\n"
            'tiers = cl.member_tier(members["points"], members["good_credit"])',
            "checks.q1_tiers()",
            "def tier_of(p, g):\\n"
            "    for need, name in ((10000, '钻石'), (3000, '铂金'), (300, '黄金')):\\n"
            "        if g and p >= need:\\n"
            "            return name\\n"
            "    return '普通'\\n"
            'tiers = [tier_of(p, g) for p, g in zip(members["points"], members["good_credit"])]',
            "checks.q1_tiers()",
            "import pandas as pd",
            'weights = {"钻石": 8, "铂金": 4, "黄金": 2, "普通": 1}',
            "t = cl.member_tier(members['points'], members['good_credit']).astype(str)\\n"
            "from crmcourse.l01_why_tier import widgets\\n"
            "budget_weighted = widgets.budget_split(t, members['points'], weights,"
            " 20000)['budget_weighted']",
            "checks.q6_budget()",
        ]
        for src in cells:
            r = sh.run_cell(src, store_history=True)
            if r.error_in_exec is not None:
                print("ERROR", str(r.error_in_exec).splitlines()[1])
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    out = proc.stdout
    assert out.count("ERROR") == 2, out + proc.stderr
    assert "cl.member_tier" in out and "cl.budget_split" in out
    assert out.count(PASS_MARK) == 1, out


# ---- widgets -----------------------------------------------------------------------------------


def test_tier_card_by_hand():
    line, table = w01.tier_card(3000, True)
    assert "铂金会员" in line
    assert table["结果"].tolist() == ["", "← 就是这一级", "", ""]
    assert "还差 7,000 分" in table.loc[0, "积分够吗"]
    line, table = w01.tier_card(18500, False)
    assert "普通会员" in line and "信誉不良" in line
    assert table.loc[0, "积分够吗"] == "✔" and table.loc[0, "信誉符合吗"] == "✘"
    line, _ = w01.tier_card(299, True)
    assert "普通会员" in line
    for bad in (-1, "300", float("nan"), True):
        with pytest.raises(CrmlabError):
            w01.tier_card(bad, True)


def test_timeline_table_matches_a_plain_pandas_window(orders, members):
    t = w01.timeline_table(orders, members, "M0151")
    assert t["review_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-01-01", "2025-03-02", "2025-05-01", "2025-06-30", "2025-08-29", "2025-10-28",
        "2025-12-27",
    ]
    mine = orders[orders["member_id"] == "M0151"]
    for d, pts, tier in zip(t["review_date"], t["points_12m"], t["tier"]):
        keep = (mine["date"] >= d - pd.Timedelta(days=365)) & (mine["date"] < d)
        assert pts == mine.loc[keep, "points"].sum()
        assert str(tier) == rule(pts, True)
    assert {"铂金", "钻石"} == set(t["tier"].astype(str))  # the default member moves both ways
    bad_credit = w01.timeline_table(orders, members, "M0184")
    assert set(bad_credit["tier"].astype(str)) == {"普通"}
    assert bad_credit["points_12m"].min() > 10000
    with pytest.raises(CrmlabError):
        w01.timeline_table(orders, members, "M9999")


def test_daily_points_by_hand(orders):
    daily = w01.daily_points(orders, "M0151")
    assert len(daily) == 365 and daily.index[0] == pd.Timestamp("2025-01-01")
    mine = orders[orders["member_id"] == "M0151"]
    for day in ("2025-01-01", "2025-07-01", "2025-09-15", "2025-12-31"):
        d = pd.Timestamp(day)
        keep = (mine["date"] >= d - pd.Timedelta(days=365)) & (mine["date"] < d)
        assert daily[d] == mine.loc[keep, "points"].sum(), day


def test_budget_split_by_hand(tier_sizes):
    tiers = ["钻石", "普通", "普通", "黄金"]
    value = [800.0, 100.0, 50.0, 50.0]
    s = w01.budget_split(tiers, value, WEIGHTS, 1200)
    # shares: 8 + 1 + 1 + 2 = 12; one share = 100 元
    assert s.index.tolist() == ["钻石", "铂金", "黄金", "普通"]
    assert s["members"].tolist() == [1, 0, 1, 2]
    assert s["budget_weighted"].tolist() == [800.0, 0.0, 200.0, 200.0]
    assert s["budget_equal"].tolist() == [300.0, 0.0, 300.0, 600.0]
    assert s.loc["钻石", "value_per_yuan_weighted"] == 1.0
    assert s.loc["普通", "value_per_yuan_equal"] == 0.25
    assert math.isnan(s.loc["铂金", "value_per_yuan_equal"])
    assert s["value_share"].tolist() == [0.8, 0.0, 0.05, 0.15]
    with pytest.raises(CrmlabError, match="没有权重"):
        w01.budget_split(["金卡"], [1.0])
    with pytest.raises(CrmlabError, match="数量必须一致"):
        w01.budget_split(["钻石", "普通"], [1.0])
    with pytest.raises(CrmlabError, match="预算"):
        w01.budget_split(["钻石"], [1.0], WEIGHTS, 0)
    with pytest.raises(CrmlabError):
        w01.budget_split(["钻石"], [-1.0])


def test_top_share_figure_matches_plain_pandas(tx):
    import matplotlib.pyplot as plt

    values = tx.groupby("customer_id")["amount"].sum()
    desc = values.sort_values(ascending=False)
    line, fig = w01.top_share_figure(values, 5)
    assert f"{desc.head(30).sum() / desc.sum() * 100:.1f}%" in line and "30 位" in line
    plt.close(fig)
    with pytest.raises(CrmlabError):
        w01.top_share_figure(values, 0)


# live and static modes


@pytest.fixture
def live(monkeypatch):
    """A fake kernel (live mode), with the displayed box and every shown result recorded."""
    monkeypatch.delenv("CRMLAB_STATIC_WIDGETS", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    boxes, shown = [], []
    monkeypatch.setattr(widgets, "_display", boxes.append)
    monkeypatch.setattr(widgets, "show", shown.append)
    yield boxes, shown
    import matplotlib.pyplot as plt

    plt.close("all")


def _controls(box):
    import ipywidgets

    return [c for c in box.children
            if isinstance(c, ipywidgets.ValueWidget) and not isinstance(c, ipywidgets.HTML)]


def _text(result) -> str:
    items = result if isinstance(result, list) else [result]
    return " ".join(i if isinstance(i, str) else i.to_string() for i in items
                    if isinstance(i, (str, pd.DataFrame)))


def test_tier_calculator_live_redraws(live):
    boxes, shown = live
    w01.tier_calculator()
    points, credit = _controls(boxes[0])
    assert "铂金会员" in _text(shown[-1])
    points.value = 300
    assert "黄金会员" in _text(shown[-1])
    credit.value = False
    assert "普通会员" in _text(shown[-1])
    points.value = -5
    assert "负数" in _text(shown[-1])


def test_tier_timeline_live_redraws(live):
    boxes, shown = live
    w01.tier_timeline()
    (choice,) = _controls(boxes[0])
    first = _text(shown[-1])
    assert "钻石" in first
    choice.value = "M0184"
    assert len(shown) == 2 and _text(shown[-1]) != first
    assert "钻石" not in _text(shown[-1])
    fig = shown[-1][0]
    assert "M0184" in fig.axes[0].get_title()


def test_top_share_explorer_live_redraws(live):
    boxes, shown = live
    w01.top_share_explorer()
    (slider,) = _controls(boxes[0])
    assert "前 20% 的顾客（120 位）" in shown[-1][0]
    slider.value = 50
    assert "前 50% 的顾客（300 位）" in shown[-1][0]


def test_budget_explorer_live_redraws(live):
    boxes, shown = live
    w01.budget_explorer()
    diamond, _platinum, _gold = _controls(boxes[0])
    before = shown[-1][1]
    assert before.loc["钻石会员", "加权：每人（元）"] == round(8 * 20000 / 399, 1)
    diamond.value = 20
    after = shown[-1][1]
    # 85 + 87*2 + 21*4 + 7*20 = 483 shares
    assert after.loc["钻石会员", "加权：每人（元）"] == round(20 * 20000 / 483, 1)
    assert after.loc["普通会员", "平均分配：每人（元）"] == 100.0


@pytest.mark.parametrize("name", ["tier_calculator", "tier_timeline", "top_share_explorer",
                                  "budget_explorer"])
def test_static_mode_shows_the_defaults_without_widgets(name, monkeypatch, capsys):
    import matplotlib.pyplot as plt

    monkeypatch.setenv("CRMLAB_STATIC_WIDGETS", "1")
    shown = []
    monkeypatch.setattr(widgets, "_display", shown.append)

    def refuse(self):
        raise AssertionError("a widget was created in static mode")

    for cls in (widgets.Slider, widgets.Number, widgets.Choice, widgets.Toggle):
        monkeypatch.setattr(cls, "make", refuse)
    before = len(plt.get_fignums())
    getattr(w01, name)()
    out = capsys.readouterr()
    assert widgets.STATIC_NOTE in out.out and out.err == ""
    assert shown  # a table or a figure was displayed
    assert len(plt.get_fignums()) == before  # figures are closed after showing


def test_widget_docstring_examples_run():
    import doctest

    result = doctest.testmod(w01, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


# ---- the fresh reader's mistakes: each gets its own hint, and only that mistake ----------------


def test_q1_unquoted_tier_names_say_quotes(members):
    tiers = [rule(p, g) for p, g in zip(members["points"], members["good_credit"])]

    def unquoted(points, good_credit):
        if good_credit and points >= 10000:
            return 钻石  # noqa: F821 - the reader's mistake: the tier name without quotes
        return rule(points, good_credit)

    hint = hint_of(failing(l01.q1_tiers, answer=tiers, function=unquoted))
    assert "要加引号" in hint
    # another error gets another hint
    hint = hint_of(failing(l01.q1_tiers, answer=tiers, function=lambda p: rule(p, True)))
    assert "两个值" in hint and "引号" not in hint


def test_q2_reindex_with_the_whole_table(orders, members, review_points):
    lo = REVIEW - pd.Timedelta(days=365)
    summed = orders[(orders["date"] >= lo) & (orders["date"] < REVIEW)].groupby(
        "member_id")["points"].sum()
    assert "不是整张表" in failing(l01.q2_review_points,
                                  answer=summed.reindex(members, fill_value=0))
    text = failing(l01.q2_review_points, answer=review_points.reset_index(drop=True))
    assert "不是整张表" not in text and "reset_index()" in text


def test_q2_calendar_year_and_nanoseconds(orders, members):
    year = (orders[orders["date"].dt.year == 2025].groupby("member_id")["points"].sum()
            .reindex(members["member_id"], fill_value=0))
    hint = hint_of(failing(l01.q2_review_points, answer=year))
    assert "year == 2025" in hint and "2024-07-01" in hint
    since_january = window(orders, members, pd.Timestamp("2025-01-01"), REVIEW)
    assert "year == 2025" not in hint_of(failing(l01.q2_review_points, answer=since_january))
    # pd.Timedelta(365) is 365 nanoseconds: nothing is left in the window
    start = REVIEW - pd.Timedelta(365)
    nanos = (orders[(orders["date"] >= start) & (orders["date"] < REVIEW)]
             .groupby("member_id")["points"].sum().reindex(members["member_id"], fill_value=0))
    assert (nanos == 0).all()
    assert "days=" in hint_of(failing(l01.q2_review_points, answer=nanos))
    longer = window(orders, members, REVIEW - pd.Timedelta(days=366), REVIEW)
    assert "纳秒" not in hint_of(failing(l01.q2_review_points, answer=longer))


def by_column(review_points, credit, steps=((300, "黄金"), (3000, "铂金"), (10000, "钻石"))):
    tiers = pd.Series("普通", index=review_points.index)
    for need, name in steps:
        tiers[credit & (review_points >= need)] = name
    return tiers


def test_q3_mask_with_row_numbers_or_without_brackets(review_points, members, notebook):
    by_row = members["good_credit"]  # index 0..199: & pairs nothing with the member ids
    everyone_plain = by_column(review_points, by_row)
    assert set(everyone_plain) == {"普通"}
    notebook["credit"] = by_row
    hint = hint_of(failing(l01.q3_review_tiers, answer=everyone_plain))
    assert "按索引 (index) 配对" in hint and "加括号" not in hint
    # no brackets: (credit & review_points) >= 300 selects nobody either; both causes are named
    credit = members.set_index("member_id")["good_credit"]
    notebook["credit"] = credit
    no_brackets = pd.Series("普通", index=review_points.index)
    no_brackets[credit & review_points >= 300] = "黄金"
    hint = hint_of(failing(l01.q3_review_tiers, answer=no_brackets))
    assert "加括号" in hint
    # a different mistake does not get this hint
    ignored = pd.Series([rule(p, True) for p in review_points], index=review_points.index)
    assert "配对" not in hint_of(failing(l01.q3_review_tiers, answer=ignored))


def test_q3_says_member_not_customer(review_points, review_tiers, notebook):
    off = review_tiers.copy()
    off.iloc[4] = "钻石" if off.iloc[4] != "钻石" else "普通"
    hint = hint_of(failing(l01.q3_review_tiers, answer=off))
    assert "会员 M0005" in hint and "客户" not in hint


def test_q3_missing_higher_tiers(review_points, members, notebook):
    credit = members.set_index("member_id")["good_credit"]
    only_gold = by_column(review_points, credit, [(300, "黄金")])
    hint = hint_of(failing(l01.q3_review_tiers, answer=only_gold))
    assert "漏写" in hint and "只有黄金和普通" in hint
    no_diamond = by_column(review_points, credit, [(300, "黄金"), (3000, "铂金")])
    hint = hint_of(failing(l01.q3_review_tiers, answer=no_diamond))
    assert "没有钻石" in hint and "只有黄金和普通" not in hint


def test_q3_list_without_index(review_points, review_tiers, notebook):
    text = failing(l01.q3_review_tiers, answer=pd.Series(list(review_tiers)))
    assert "index=review_points.index" in hint_of(text)
    # in q2 a numbered index most often comes from reset_index
    text = failing(l01.q2_review_points, answer=review_points.reset_index(drop=True))
    assert "index=review_points.index" not in text


def test_q3_strict_comparison_is_pointed_out_when_it_passes(review_points, members, notebook,
                                                            capsys):
    credit = members.set_index("member_id")["good_credit"]
    strict_tiers = pd.Series("普通", index=review_points.index)
    for need, name in ((300, "黄金"), (3000, "铂金"), (10000, "钻石")):
        strict_tiers[credit & (review_points > need)] = name
    cell = ('review_tiers = pd.Series("普通", index=review_points.index)\n'
            'review_tiers[credit & (review_points > 300)] = "黄金"\n'
            'review_tiers[credit & (review_points >= 3000)] = "铂金"\n'
            'review_tiers[credit & (10000 < review_points)] = "钻石"\n')
    notebook["In"] = ["", cell, "checks.q3_review_tiers()"]
    assert l01.q3_review_tiers(answer=strict_tiers) is None
    out = capsys.readouterr().out
    assert PASS_MARK in out and "用 > 和 300、10000 比较" in out
    notebook["In"] = ["", cell.replace(" > 300", " >= 300").replace("10000 < ", "10000 <= "),
                      "checks.q3_review_tiers()"]
    assert l01.q3_review_tiers(answer=strict_tiers) is None
    assert "用 >" not in capsys.readouterr().out


def test_q4_customer_id_in_the_index_or_dropped(pareto, tx):
    kept = pareto.set_index("customer_id")
    assert "as_index=False" in hint_of(failing(l01.q4_pareto_table, answer=kept))
    dropped = kept.reset_index(drop=True)
    hint = hint_of(failing(l01.q4_pareto_table, answer=dropped))
    assert "reset_index(drop=True) 把这个索引" in hint
    renamed = pareto.rename(columns={"customer_id": "id"})
    assert "reset_index(drop=True) 把这个索引" not in failing(l01.q4_pareto_table, answer=renamed)


def test_q4_divided_by_the_transactions(pareto, tx):
    t = pareto.copy()
    t["cum_count_share"] = (np.arange(len(t)) + 1) / len(tx)
    assert "交易笔数 6140" in hint_of(failing(l01.q4_pareto_table, answer=t))
    t["cum_count_share"] = np.arange(len(t)) / len(t)
    assert "交易笔数" not in hint_of(failing(l01.q4_pareto_table, answer=t))


def test_q4_exactly_four_columns(pareto):
    assert "drop=True" in hint_of(failing(l01.q4_pareto_table, answer=pareto.reset_index()))
    hint = hint_of(failing(l01.q4_pareto_table, answer=pareto.assign(rank=1)))
    assert "drop(columns" in hint and "drop=True" not in hint


def test_q5_same_rows_on_top_and_bottom(pareto, notebook):
    top = pareto["value"].head(120)
    assert "同一批顾客" in hint_of(failing(l01.q5_top_share, answer=top.sum() / top.sum()))
    assert "同一批顾客" not in hint_of(failing(l01.q5_top_share, answer=0.5))


def test_q6_reader_mistakes(tier_sizes):
    sizes = tier_sizes.reindex(list(WEIGHTS)).astype(float)
    w = pd.Series(WEIGHTS, dtype=float)
    units = sizes * w
    # divided by the sum of the weights (15) instead of all the shares (399)
    hint = hint_of(failing(l01.q6_budget, answer=units * 20000 / 15))
    assert "权重之和" in hint
    # labels dropped: value_counts order (by count) times the WEIGHTS order
    counts = tier_sizes.sort_values(ascending=False)
    shuffled = pd.Series(counts.to_numpy() * np.array(list(WEIGHTS.values())), index=counts.index)
    hint = hint_of(failing(l01.q6_budget, answer=20000 * shuffled / shuffled.sum()))
    assert "value_counts()" in hint and "权重之和" not in hint
    # weights forgotten in the last step: head count × one share
    hint = hint_of(failing(l01.q6_budget, answer=sizes * 20000 / units.sum()))
    assert "乘的是人数" in hint and "value_counts()" not in hint
    # the equal split keeps its own hint
    assert "平均分配" in hint_of(failing(l01.q6_budget, answer=20000 * sizes / 200))
    # a one-column table is not the Series the task asks for
    right = budget(tier_sizes, WEIGHTS)
    assert "一张表" in failing(l01.q6_budget, answer=right.to_frame("budget"))


# ---- the second reader's mistakes --------------------------------------------------------------


def text_credit_rule(points, good):  # good_credit == "True": a bool never equals the text
    return rule(points, good == "True")


def test_q1_credit_compared_with_the_text_true(members):
    tiers = [rule(p, g) for p, g in zip(members["points"], members["good_credit"])]
    hint = hint_of(failing(l01.q1_tiers, answer=tiers, function=text_credit_rule))
    assert "'True'" in hint and "不带引号" in hint and "数一数 0 的个数" not in hint
    # a neighbouring mistake: the credit test turned round (not good_credit), so every
    # good-credit member is 普通 too, but no text is involved
    hint = hint_of(failing(l01.q1_tiers, answer=tiers, function=lambda p, g: rule(p, not g)))
    assert "不带引号" not in hint
    # credit ignored keeps its own hint
    hint = hint_of(failing(l01.q1_tiers, answer=tiers, function=lambda p, g: rule(p, True)))
    assert "不带引号" not in hint and "信誉记录不良" in hint


def test_q2_q3_numbered_index_is_shown_as_a_number(review_points, review_tiers, notebook):
    text = failing(l01.q2_review_points, answer=review_points.reset_index(drop=True))
    assert "第一个索引是 0。" in text and "'0'" not in text
    text = failing(l01.q3_review_tiers, answer=pd.Series(list(review_tiers)))
    assert "第一个索引是 0。" in text and "'0'" not in text
    # a text index still shows its quotes
    text = failing(l01.q2_review_points, answer=review_points.set_axis(
        [f"X{i}" for i in range(len(review_points))]))
    assert "'X0'" in text


def test_q4_accumulated_before_sorting(tx):
    per = tx.groupby("customer_id", as_index=False)["amount"].sum()
    per = per.rename(columns={"amount": "value"})
    early = per.copy()
    early["cum_value_share"] = early["value"].cumsum() / early["value"].sum()
    early = early.sort_values("value", ascending=False).reset_index(drop=True)
    early["cum_count_share"] = (early.index + 1) / len(early)
    early = early[["customer_id", "value", "cum_count_share", "cum_value_share"]]
    hint = hint_of(failing(l01.q4_pareto_table, answer=early))
    assert "排序之前" in hint and "先按 value" in hint
    # the count share accumulated before sorting as well
    both = per.copy()
    both["cum_count_share"] = (np.arange(len(both)) + 1) / len(both)
    both = both.sort_values("value", ascending=False).reset_index(drop=True)
    both["cum_value_share"] = both["value"].cumsum() / both["value"].sum()
    both = both[["customer_id", "value", "cum_count_share", "cum_value_share"]]
    assert "排序之前" in hint_of(failing(l01.q4_pareto_table, answer=both))
    # a neighbouring mistake: the running total not divided keeps its own hint
    raw = early.copy()
    raw["cum_value_share"] = raw["value"].cumsum()
    assert "排序之前" not in failing(l01.q4_pareto_table, answer=raw)


def test_q6_per_member_budgets_are_cut_short(members, tier_sizes):
    tiers = pd.Series([rule(p, g) for p, g in zip(members["points"], members["good_credit"])])
    one = 20000 / sum(tier_sizes.get(t, 0) * w for t, w in WEIGHTS.items())
    per_member = tiers.map(WEIGHTS) * one  # one number per member, index 0 … 199
    text = failing(l01.q6_budget, answer=per_member)
    problem = next(ln for ln in text.splitlines() if ln.startswith("问题"))
    assert "0、1、2、3、4……共 200 个" in problem and "199" not in problem
    assert "每个等级的合计" in hint_of(text)
    # a wrong index of four labels is listed in full and gets the old hint
    text = failing(l01.q6_budget, answer=budget(tier_sizes, WEIGHTS).set_axis(list("ABCD")))
    assert "'A'、'B'、'C'、'D'" in text and "每个等级的合计" not in text
