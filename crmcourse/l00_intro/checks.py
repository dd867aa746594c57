"""Public checks for lesson 00 入门 (``cl.checks.l00``).

The three exercises work on the 14-customer table ``cl.load_dataset("changhai")``:

* ``q1_total()``: ``total_revenue``, the total revenue of the 14 customers;
* ``q2_top()``: ``top_customer``, the id of the customer with the largest revenue, found with
  pandas by hand (crmlab's analysis functions are not allowed here);
* ``q3_count()``: ``n_big``, how many customers have a revenue of at least 100 (万元).

Each check looks the variable up in the notebook, or takes it as ``answer=...``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crmlab import datasets
from crmlab.feedback.checks import (
    MISSING,
    as_number,
    by_hand,
    check_number,
    fail,
    get_answer,
    passed,
)

Q1 = "第 1 题 (q1_total)"
Q2 = "第 2 题 (q2_top)"
Q3 = "第 3 题 (q3_count)"

THRESHOLD = 100


def _table() -> pd.DataFrame:
    return datasets.load_dataset("changhai")


def _student_table() -> pd.DataFrame | None:
    from crmlab.feedback.checks import _user_ns

    df = _user_ns().get("df")
    if isinstance(df, pd.DataFrame) and {"customer", "revenue"} <= set(df.columns):
        return df
    return None


def q1_total(answer: Any = MISSING) -> None:
    """Check ``total_revenue``: the sum of the ``revenue`` column."""
    __tracebackhide__ = True
    value = get_answer("total_revenue", Q1, answer)
    df = _table()
    revenue = df["revenue"]

    def hint(v: float, expected: float) -> str | None:
        if v == revenue.max():
            return "这是最大的一位客户的收入，不是合计。把 .max() 换成 .sum()。"
        if abs(v - revenue.mean()) < 1e-6:
            return "这是平均值 (mean)，题目要的是合计 (sum)。把 .mean() 换成 .sum()。"
        if v == len(df):
            return "这是客户的个数，不是收入的合计。对 revenue 列用 .sum()。"
        if v == df["customer"].sum():
            return "你加起来的是客户编号 (customer) 那一列，应该加营业收入 (revenue) 那一列。"
        mine = _student_table()
        if mine is not None and abs(v - float(mine["revenue"].sum())) < 1e-6:
            return (
                "你的 df 好像被改动过了（例如做「改一个数」的练习时）。"
                "重新运行「练习开始前重新读入数据」那个单元格，再运行答案单元格。"
            )
        return '对 df 的 revenue 列求和：df["revenue"].sum()。'

    check_number(value, float(revenue.sum()), label=Q1, what="营业收入合计", hints=[hint])
    passed(Q1)


def q2_top(answer: Any = MISSING) -> None:
    """Check ``top_customer``: the id of the customer with the largest revenue (by hand)."""
    __tracebackhide__ = True
    value = get_answer("top_customer", Q2, answer)
    df = _table()
    if isinstance(value, (pd.Series, pd.DataFrame)):
        fail(
            Q2,
            "你的答案是一整行或一整列数据，这里只要一个客户编号。",
            '从那一行里取出 customer 列的值，例如 row["customer"]。',
        )
    number = as_number(value, Q2, "客户编号")
    best = df.loc[df["revenue"].idxmax()]
    if number != best["customer"]:
        hint = None
        if number == best["revenue"]:
            hint = "这是最大的营业收入，题目问的是哪一位客户：给出他的客户编号 (customer)。"
        elif number == df["revenue"].idxmax():
            hint = (
                "idxmax() 给出的是行标签 (index)，不是客户编号。"
                '用 df.loc[行标签, "customer"] 取出客户编号。'
            )
        elif number == df.loc[df["revenue"].idxmin(), "customer"]:
            hint = "这是收入最小的客户。排序时要从大到小：sort_values(..., ascending=False)。"
        elif number == df["customer"].iloc[0]:
            hint = "这是表格第一行的客户，可表格还没有按营业收入排序。先排序，再取第一行。"
        fail(Q2, f"客户 {number:g} 不是营业收入最大的客户。", hint)
    by_hand("top_customer", Q2)
    passed(Q2)


def q3_count(answer: Any = MISSING) -> None:
    """Check ``n_big``: the number of customers with revenue >= 100."""
    __tracebackhide__ = True
    value = get_answer("n_big", Q3, answer)
    revenue = _table()["revenue"]
    n = len(revenue)

    def hint(v: float, expected: float) -> str | None:
        if v == (revenue > THRESHOLD).sum():
            return "「不少于 100」包括正好等于 100 的客户。用 >= 而不是 >。"
        if v == (revenue < THRESHOLD).sum():
            return "你数的是收入低于 100 的客户。条件要写成 >= 100。"
        if v == (revenue <= THRESHOLD).sum():
            return "条件写反了：要的是收入大于或等于 100 的客户，用 >= 100。"
        if v == n:
            return "这是全部客户的个数。先用条件筛选，再数剩下的行。"
        if v == revenue[revenue >= THRESHOLD].sum():
            return "你把这些客户的收入加起来了，题目问的是有几位客户：用 len(...) 数行数。"
        return '用条件 df["revenue"] >= 100 筛选出这些客户，再用 len(...) 数一数。'

    check_number(value, int((revenue >= THRESHOLD).sum()), label=Q3, what="客户个数", hints=[hint])
    passed(Q3)
