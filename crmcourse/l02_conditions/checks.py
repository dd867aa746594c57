"""Public checks for lesson 02 分级的条件 (``cl.checks.l02``).

Condition 1 on the retail order lines ``cl.load_dataset("retail_items")`` (one row per item
line, so an order usually spans several rows and counting rows is not counting orders):

* ``q1_purchases()``: ``purchases_per_customer``, distinct orders ÷ distinct customers;
* ``q2_repeat()``: ``repeat_share``, the share of customers with more than one order (0–1).

Condition 2 on ``cl.load_dataset("two_firms")``:

* ``q3_cv()``: ``cv``, the coefficient of variation (pandas ``std`` ÷ ``mean``) of each firm,
  a Series (or dict) with the index 甲公司 and 乙公司;
* ``q4_gini()``: ``gini_jia``, the Gini coefficient of 甲公司, by hand;
* ``q5_top20()``: ``top20_jia``, the value share of 甲公司's top 20% of customers, by hand.

Condition 3:

* ``q6_staff()``: ``per_manager`` (customers of the retail store per account manager, with
  ``MANAGERS`` managers) and ``over_limit`` (True when that is more than ``CAPACITY``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmlab import datasets
from crmlab.concentration import concentration
from crmlab.feedback.checks import (
    ANALYSIS_FUNCTIONS,
    MISSING,
    _close,
    _fmt,
    by_hand,
    check_number,
    fail,
    get_answer,
    passed,
    percent_not_fraction,
)
from crmlab.pyramid import tier_sizes
from crmlab.rfm import rfm_table

Q1 = "第 1 题 (q1_purchases)"
Q2 = "第 2 题 (q2_repeat)"
Q3 = "第 3 题 (q3_cv)"
Q4 = "第 4 题 (q4_gini)"
Q5 = "第 5 题 (q5_top20)"
Q6 = "第 6 题 (q6_staff)"

FIRMS = ("甲公司", "乙公司")
MANAGERS = 5  # account managers of the retail store in exercise 6
CAPACITY = 100  # customers one manager can look after individually

#: The retail store's order lines (exercises 1, 2 and 6).
TX_DATASET = "retail_items"

#: Exercise 4 may define its own helper called ``gini``; crmlab's ``cl.gini`` still shows up in
#: the call counter as ``concentration``.
_GINI_FORBIDDEN = tuple(f for f in ANALYSIS_FUNCTIONS if f != "gini")


def _is(v: float, x: float) -> bool:
    return _close(v, x)


# --------------------------------------------------------------------------------------------
# condition 1: stable existing customers


def _orders_per_customer() -> tuple[pd.DataFrame, pd.Series]:
    tx = datasets.load_dataset(TX_DATASET)
    rfm = rfm_table(tx, customer="customer_id", date="date", amount="amount", order="order_id")
    if "customer_id" in rfm.columns:  # the customers as a column: make them the index
        rfm = rfm.set_index("customer_id")
    return tx, rfm["frequency"]


def q1_purchases(answer: Any = MISSING) -> None:
    """Check ``purchases_per_customer``: distinct orders per distinct customer."""
    __tracebackhide__ = True
    value = get_answer("purchases_per_customer", Q1, answer)
    tx, freq = _orders_per_customer()
    n_rows, n_customers = len(tx), len(freq)
    n_orders = int(freq.sum())
    rows = tx.groupby("customer_id").size()  # rows (item lines) per customer

    def hint(v: float, expected: float) -> str | None:
        if _is(v, n_rows / n_customers):
            return (
                f"你数的是表的行数（{n_rows} 行），不是订单数。一张订单买了几类商品就占几行，"
                "所以 len(tx) 或 groupby(...).size() 会多数。"
                "数订单要数不同的订单编号：tx[\"order_id\"].nunique()。"
            )
        if _is(v, n_rows):
            return (
                f"{n_rows} 是表的行数，不是订单数（一张订单可能占好几行），而且还没有除以顾客数。"
                "订单数用 tx[\"order_id\"].nunique()，顾客数用 tx[\"customer_id\"].nunique()。"
            )
        if _is(v, n_orders):
            return f"{n_orders} 是全部订单的个数，还要除以顾客的个数（不同的 customer_id 有几个）。"
        if _is(v, n_customers):
            return "这是顾客的个数。人均购买次数 = 订单数 ÷ 顾客数。"
        if _is(v, n_customers / n_orders) or _is(v, n_customers / n_rows):
            return "除反了：应该是订单数 ÷ 顾客数，不是顾客数 ÷ 订单数。"
        if _is(v, n_rows / n_orders):
            return (
                "这是平均每张订单占几行（买了几类商品）。题目问的是每位顾客买了几次："
                "订单数 ÷ 顾客数。"
            )
        if _is(v, n_orders / n_rows):
            return "分母用了表的行数，应该用顾客数：tx[\"customer_id\"].nunique()。"
        if _is(v, tx["amount"].sum() / n_customers):
            return "这是每位顾客平均花了多少钱，题目问的是平均买了几次：数订单，不要加金额。"
        if _is(v, freq.median()) or _is(v, rows.median()):
            return "这是购买次数的中位数 (median)，题目要平均数：订单数 ÷ 顾客数。"
        if _is(v, freq[freq > 1].mean()):
            return "你只算了回头客的平均购买次数，只买过一次的顾客也要算进来。"
        if _is(v, 1.0):
            return (
                "结果是 1，可能是用 nunique() 数了同一列两次。"
                "分子数订单 (order_id)，分母数顾客 (customer_id)。"
            )
        if v < 1:  # leave it to the out-of-range hint: nobody buys less than once
            return None
        return (
            "先用 tx[\"order_id\"].nunique() 数出订单数，"
            "再用 tx[\"customer_id\"].nunique() 数出顾客数，两者相除。"
        )

    check_number(
        value, float(freq.mean()), label=Q1, what="人均购买次数", hints=[hint], valid=(1, None)
    )
    passed(Q1)


def q2_repeat(answer: Any = MISSING) -> None:
    """Check ``repeat_share``: customers with more than one order ÷ all customers (0–1)."""
    __tracebackhide__ = True
    value = get_answer("repeat_share", Q2, answer)
    tx, freq = _orders_per_customer()
    n, n_orders = len(freq), int(freq.sum())
    repeat = freq[freq > 1]
    rows = tx.groupby("customer_id").size()  # rows (item lines) per customer

    def hint(v: float, expected: float) -> str | None:
        if _is(v, (rows > 1).mean()) or _is(v, int((rows > 1).sum())):
            return (
                "你数的是每位顾客在表里占了几行（size()、count() 或 value_counts()），不是几张订单。"
                "一张订单买了几类商品就占几行，只来过一次的顾客也可能有好几行。"
                "按顾客分组后数不同的订单：groupby(\"customer_id\")[\"order_id\"].nunique()。"
            )
        if _is(v, len(repeat)):
            return (
                f"{len(repeat)} 是回头客的人数，题目要的是占比 (share)：回头客人数 ÷ 全部顾客数，"
                "写成 0–1 之间的小数。"
            )
        if _is(v, (n_orders - n) / n_orders):
            return (
                "你算的是“重复购买”占全部订单的比例（每位顾客第一次以后的订单 ÷ 订单数），"
                "题目问的是“回头客”占全部顾客的比例：以顾客为单位来数。"
            )
        if (
            _is(v, tx["customer_id"].isin(repeat.index).mean())
            or _is(v, repeat.sum() / n_orders)
        ):
            return (
                "你算的是回头客的订单占全部订单的比例。回头客买得多，所以这个数偏大。"
                "题目以顾客为单位：回头客人数 ÷ 顾客总数。"
            )
        if _is(v, len(repeat) / n_orders):
            return "分母用了订单数，应该用顾客数：回头客人数 ÷ 顾客总数。"
        if _is(v, 1 - expected):
            return "这是只买过一次的顾客的占比，正好反过来了。回头客是购买次数 > 1 的顾客。"
        if _is(v, 1.0):
            return "每位顾客都至少买过一次，所以 >= 1 总是成立。回头客要买过不止一次：用 > 1。"
        if _is(v, (freq > 2).mean()):
            return "“不止一次”是 2 次及以上，用 > 1（或 >= 2），你用的好像是 > 2。"
        if percent_not_fraction(v, expected) or not 0 <= v <= 1:
            return None  # the percent hint or the out-of-range hint says it better
        return (
            "先按 customer_id 分组，数出每位顾客的订单数，"
            "再看其中有多大比例大于 1：(每位顾客的订单数 > 1).mean()。"
        )

    check_number(
        value, float((freq > 1).mean()), label=Q2, what="回头客占比", hints=[hint], valid=(0, 1)
    )
    passed(Q2)


# --------------------------------------------------------------------------------------------
# condition 2: value differences


def _firm_values() -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    firms = datasets.load_dataset("two_firms")
    return firms, {f: firms.loc[firms["firm"] == f, "annual_value"] for f in FIRMS}


def _as_firm_series(value: Any) -> Any:
    if isinstance(value, dict):
        return pd.Series(value)
    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        return value.iloc[:, 0]
    return value


def q3_cv(answer: Any = MISSING) -> None:
    """Check ``cv``: std ÷ mean of ``annual_value`` per firm, indexed by firm name."""
    __tracebackhide__ = True
    value = _as_firm_series(get_answer("cv", Q3, answer))
    firms, values = _firm_values()
    everyone = firms["annual_value"]
    if not isinstance(value, pd.Series):
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
            value, bool
        ):
            fail(
                Q3,
                f"cv 只是一个数（{_fmt(value)}），题目要两家公司各一个变异系数。",
                "按公司分组：firms.groupby(\"firm\")[\"annual_value\"]，分别求 .std() 和 "
                ".mean() 再相除；或者写成 pd.Series({\"甲公司\": …, \"乙公司\": …})。",
            )
        fail(Q3, f"cv 应该是一列数 (Series)，你的答案是{_fmt(value)}。")
    missing = [f for f in FIRMS if f not in value.index]
    if missing:
        fail(
            Q3,
            f"cv 的索引 (index) 里找不到 {'、'.join(missing)}，现在的索引是 "
            f"{[str(i) for i in value.index]}。",
            "用 firms.groupby(\"firm\")[\"annual_value\"] 分组，索引自然就是公司名；"
            "或者写成 pd.Series({\"甲公司\": …, \"乙公司\": …})。",
        )
    for firm in FIRMS:
        x = values[firm]
        other = values[FIRMS[1] if firm == FIRMS[0] else FIRMS[0]]

        def hint(v: float, expected: float, x=x, other=other) -> str | None:
            if _is(v, x.std()) or _is(v, x.std(ddof=0)):
                return "这是标准差 (standard deviation)，还要除以平均数：标准差 ÷ 平均数。"
            if _is(v, x.mean() / x.std()):
                return "除反了：变异系数 = 标准差 ÷ 平均数。"
            if _is(v, x.std(ddof=0) / x.mean()):
                return (
                    "你用的是 numpy 的 np.std（总体标准差, ddof=0）。"
                    "本题统一用 pandas 的 .std()（样本标准差, ddof=1）。"
                )
            if _is(v, x.var() / x.mean()):
                return "方差 (.var()) 不是标准差：用 .std()。"
            if _is(v, everyone.std() / everyone.mean()):
                return "这是两家公司合在一起算的。要先按公司 (firm) 分开，每家算自己的。"
            if _is(v, other.std() / other.mean()):
                return "甲公司和乙公司的数对调了，检查一下分组或者索引的名字。"
            return None

        check_number(
            value[firm], float(x.std() / x.mean()), label=Q3, what=f"{firm}的变异系数",
            hints=[hint], valid=(0, None),
        )
    passed(Q3)


def q4_gini(answer: Any = MISSING) -> None:
    """Check ``gini_jia``: Gini coefficient of 甲公司's annual values, computed by hand."""
    __tracebackhide__ = True
    value = get_answer("gini_jia", Q4, answer)
    firms, values = _firm_values()
    x = values["甲公司"]
    n = len(x)
    g = concentration(x).gini
    # the formula applied to the values in table order, as when sort_values() was not stored
    # or the ranks were a Series that pandas lined up with the unsorted index
    raw = x.to_numpy(dtype=float)
    unsorted = 2 * (np.arange(1, n + 1) * raw).sum() / (n * raw.sum()) - (n + 1) / n

    def hint(v: float, expected: float) -> str | None:
        if _is(v, unsorted):
            return (
                "你的价值没有真正排好序，公式用的是表里原来的顺序。"
                "sort_values() 不会改动 jia 本身，要把结果存进变量再用："
                "x = jia.sort_values().to_numpy()。"
                "如果名次写成了 pd.Series，pandas 会按索引对齐，排序就白做了；"
                "用 np.arange(1, n + 1) 和 .to_numpy()。"
            )
        if _is(v, -expected):
            return (
                "符号反了：公式要求把价值从小到大（升序, ascending）排好，"
                "让最大的客户乘以最大的名次 n。你的顺序是从大到小。"
            )
        if _is(v, expected - 2 / n):
            return (
                "名次要从 1 数到 n。np.arange(n) 是 0…n-1，要写 np.arange(1, n + 1)。"
            )
        if _is(v, expected + (n + 1) / n):
            return "公式最后还要减去 (n + 1) ÷ n。"
        if _is(v, expected + 2 / n):
            return "公式最后一项是 (n + 1) ÷ n，不是 (n - 1) ÷ n。"
        if _is(v, concentration(values["乙公司"]).gini):
            return "这是乙公司的基尼系数，题目问的是甲公司（jia）。"
        if _is(v, concentration(firms["annual_value"]).gini):
            return "这是两家公司合在一起的基尼系数，题目只要甲公司（jia）。"
        if _is(v, expected * n / (n - 1)):
            return "你用了另一种修正公式（乘以 n ÷ (n - 1)）。请用题目给出的公式。"
        if v < 0 or v > 1:
            return (
                "基尼系数一定在 0 和 1 之间。检查排序方向（从小到大）、名次（1 到 n）"
                "和公式的每一项。"
            )
        return None

    check_number(value, g, label=Q4, what="甲公司的基尼系数", hints=[hint], valid=(0, 1))
    by_hand("gini_jia", Q4, forbidden=_GINI_FORBIDDEN)
    passed(Q4)


def q5_top20(answer: Any = MISSING) -> None:
    """Check ``top20_jia``: share of 甲公司's value from its top 20% of customers, by hand."""
    __tracebackhide__ = True
    value = get_answer("top20_jia", Q5, answer)
    firms, values = _firm_values()
    x = values["甲公司"]
    n, total = len(x), float(x.sum())
    k = tier_sizes(n, cuts=[0.2])[0]
    desc = x.sort_values(ascending=False)
    expected = concentration(x, top=0.2).top_share

    def hint(v: float, e: float) -> str | None:
        if _is(v, desc.tail(k).sum() / total):
            return (
                "这是价值最小的 20% 客户的占比。排序要从大到小：sort_values(ascending=False)，"
                "再取前面的客户。"
            )
        if _is(v, desc.head(20).sum() / total):
            return f"你取了前 20 位客户。前 20% 是客户数的 20%：{n} × 20% = {k} 位。"
        if _is(v, desc.head(k).sum()):
            return "这是前 20% 客户的价值合计（元），还要除以全部客户的价值合计，得到占比。"
        if _is(v, x.head(k).sum() / total):
            return "你取的是表里排在前面的客户，可表还没有按价值从大到小排序。先排序，再取前面的。"
        if _is(v, concentration(values["乙公司"]).top_share):
            return "这是乙公司的数，题目问的是甲公司（jia）。"
        if _is(v, concentration(firms["annual_value"]).top_share):
            return "这是两家公司合在一起算的，题目只要甲公司（jia）。"
        if _is(v, 0.2):
            return "20% 是客户个数的比例。要算的是这些客户的价值占全部价值的比例。"
        return None

    check_number(
        value, expected, label=Q5, what="甲公司前 20% 客户的价值占比", hints=[hint], valid=(0, 1)
    )
    by_hand("top20_jia", Q5)
    passed(Q5)


# --------------------------------------------------------------------------------------------
# condition 3: more customers than the staff can serve


def q6_staff(per_manager: Any = MISSING, over_limit: Any = MISSING) -> None:
    """Check ``per_manager`` (customers per manager) and ``over_limit`` (more than CAPACITY)."""
    __tracebackhide__ = True
    per = get_answer("per_manager", Q6, per_manager)
    over = get_answer("over_limit", Q6, over_limit)
    tx = datasets.load_dataset(TX_DATASET)
    n = tx["customer_id"].nunique()
    expected = n / MANAGERS

    def hint(v: float, e: float) -> str | None:
        if _is(v, len(tx) / MANAGERS) or _is(v, tx["customer_id"].count() / MANAGERS):
            return (
                "你数的是交易明细的行数，不是顾客数：一位顾客会有很多行。"
                "用 tx[\"customer_id\"].nunique() 数不同的顾客。"
            )
        if _is(v, tx["order_id"].nunique() / MANAGERS):
            return (
                "你数的是订单数，不是顾客数：一位顾客可能下过很多张订单。"
                "用 tx[\"customer_id\"].nunique() 数不同的顾客。"
            )
        if _is(v, n * MANAGERS):
            return "应该用除法：顾客数 ÷ 客户经理人数。"
        if _is(v, n / CAPACITY):
            return (
                "顾客数 ÷ 每人能照顾的人数，得到的是“需要几位客户经理”。"
                "这里问的是每位客户经理平均要照顾几位顾客：顾客数 ÷ 客户经理人数。"
            )
        if _is(v, MANAGERS * CAPACITY):
            return "这是 5 位客户经理一共能照顾的顾客数。题目问的是每人平均分到几位顾客。"
        if _is(v, n):
            return "这是顾客总数，还要除以客户经理人数。"
        return None

    check_number(
        per, expected, label=Q6, what="每位客户经理平均要照顾的顾客数", hints=[hint],
        valid=(0, None),
    )
    if isinstance(over, str):
        fail(
            Q6,
            f"over_limit 应该是 True 或 False，你的答案是文字 {over!r}。",
            "直接写比较式，例如 over_limit = per_manager > capacity，Python 会给出 True 或 False。",
        )
    if not isinstance(over, (bool, np.bool_)):
        fail(
            Q6,
            f"over_limit 应该是 True 或 False，你的答案是{_fmt(over)}。",
            "用比较运算 > 得到真假值 (bool)：over_limit = per_manager > capacity。",
        )
    if bool(over) != bool(expected > CAPACITY):
        fail(
            Q6,
            f"over_limit 不对：每位客户经理平均要照顾 {expected:g} 位顾客，"
            f"每人最多能照顾 {CAPACITY} 位。",
            "比较的方向：平均要照顾的人数“大于”能照顾的人数，才是超出了管理限度。",
        )
    passed(Q6)
