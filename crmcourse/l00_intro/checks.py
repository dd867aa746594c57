"""Public checks for lesson 00 入门 (``cl.checks.l00``).

The three exercises work on the 14-customer table ``cl.load_dataset("changhai")``:

* ``q1_total()``: ``total_revenue``, the total revenue of the 14 customers;
* ``q2_top()``: ``top_customer``, the id of the customer with the largest revenue, found with
  pandas by hand (crmlab's analysis functions are not allowed here);
* ``q3_count()``: ``n_big``, how many customers have a revenue of at least 100 (万元).

Each check looks the variable up in the notebook, or takes it as ``answer=...``.
"""

from __future__ import annotations

import re
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
#: Customer 4's revenue in the notebook's "改一个数" cell before the student changes it.
DEFAULT_NEW_REVENUE = 800


def _table() -> pd.DataFrame:
    return datasets.load_dataset("changhai")


def _student_table(name: str = "df") -> pd.DataFrame | None:
    """The student's table ``name`` from the notebook, when it has the two columns."""
    from crmlab.feedback.checks import _user_ns

    df = _user_ns().get(name)
    if isinstance(df, pd.DataFrame) and {"customer", "revenue"} <= set(df.columns):
        return df
    return None


def _answer_source(name: str) -> str | None:
    """The source of the latest notebook cell that assigned ``name`` (None outside IPython)."""
    from crmlab.feedback.checks import _defining_cell, _user_ns

    inputs = _user_ns().get("In")
    if not isinstance(inputs, list) or len(inputs) < 2:
        return None
    cell = _defining_cell(inputs, name, len(inputs) - 1)
    return inputs[cell] if cell is not None else None


def _not_called(value: Any, label: str) -> None:
    """A method or function handed over without running it (``.sum`` instead of ``.sum()``)."""
    __tracebackhide__ = True
    if callable(value) and not isinstance(value, (pd.Series, pd.DataFrame)):
        fail(
            label,
            "你的答案是一个还没有运行的方法 (method)，不是算出来的数。",
            '方法后面要加一对括号 () 才会运行，例如 df["revenue"].sum()，而不是 df["revenue"].sum。',
        )


def _one_value(value: Any, expected: int) -> None:
    """Exercise 2: a row, a table or a column where one customer id was asked."""
    __tracebackhide__ = True
    if isinstance(value, pd.DataFrame):
        rows = value.shape[0]
        fail(
            Q2,
            f"你的答案是一张 {rows} 行的表 (DataFrame)，这里只要一个客户编号（一个数）。",
            "从这张表里取出 customer 这一列，再用 .iloc[0] 取出其中第一个值"
            "（表要先按营业收入从大到小排好序）。",
        )
    if not isinstance(value, pd.Series):
        return
    if {"customer", "revenue"} <= set(map(str, value.index)):
        fail(
            Q2,
            "你的答案是表里的一整行 (Series)，客户编号和营业收入都在里面；这里只要客户编号。",
            "在这一行后面用方括号写上列名 customer，取出其中的客户编号。",
        )
    if len(value) == 1:
        inside = value.iloc[0]
        right = (
            f"里面的客户编号 {inside} 是对的，只差最后一步。"
            if not isinstance(inside, (bool, str)) and inside == expected
            else ""
        )
        fail(
            Q2,
            "你的答案是只有 1 个值的一列数据 (Series)，它还带着行标签，不是单独的一个数。" + right,
            "head(1) 或筛选得到的结果仍然是一列。在后面加上 .iloc[0]，取出里面的那个值。",
        )
    fail(
        Q2,
        f"你的答案是一整列数据 (Series)，共 {len(value)} 个值，这里只要一个客户编号。",
        "按营业收入从大到小排好序以后，用 .iloc[0] 取出 customer 列的第一个值。",
    )


def q1_total(answer: Any = MISSING) -> None:
    """Check ``total_revenue``: the sum of the ``revenue`` column."""
    __tracebackhide__ = True
    value = get_answer("total_revenue", Q1, answer)
    df = _table()
    revenue = df["revenue"]
    _not_called(value, Q1)
    if isinstance(value, pd.DataFrame):
        fail(
            Q1,
            f"你的答案是一张表 (DataFrame)，{value.shape[0]} 行，这里只要一个数。",
            "先取出营业收入 (revenue) 这一列，再用 .sum() 把它加起来。",
        )
    if isinstance(value, pd.Series):
        if "revenue" in value.index and "customer" in value.index:
            fail(
                Q1,
                "你的答案是一列数据 (Series)，里面是表中每一列各自的合计（客户编号也被加了一遍）。",
                "对整张表用 .sum() 会把每一列都加一遍。先取出营业收入 (revenue) 这一列，"
                "再对这一列求和。",
            )
        fail(
            Q1,
            f"你的答案是一列数据 (Series)，共 {len(value)} 个值，还没有加成一个数。",
            "在这一列后面加上 .sum()，把它加成一个数。",
        )

    def hint(v: float, expected: float) -> str | None:
        if v == revenue.max():
            return "这是最大的一位客户的收入，不是合计。把 .max() 换成 .sum()。"
        if abs(v - revenue.mean()) < 1e-6:
            return "这是平均值 (mean)，题目要的是合计 (sum)。把 .mean() 换成 .sum()。"
        if v == len(df):
            return "这是客户的个数，不是收入的合计。对 revenue 列用 .sum()。"
        if v == df["customer"].sum():
            return "你加起来的是客户编号 (customer) 那一列，应该加营业收入 (revenue) 那一列。"
        copy = _student_table("df2")
        if copy is not None and abs(v - float(copy["revenue"].sum())) < 1e-6:
            return (
                f"{v:g} 是“改一个数”那一节复制出来的表 df2 的合计，那里客户 4 的营业收入被改过了。"
                "题目要的是原始表 df 的合计：求和时用 df，不要用 df2。"
            )
        changed = expected - float(revenue[df["customer"] == 4].iloc[0]) + DEFAULT_NEW_REVENUE
        if abs(v - changed) < 1e-6:
            return (
                f"{v:g} 正好是把客户 4 的营业收入改成 {DEFAULT_NEW_REVENUE} 万元以后的合计，"
                "也就是“改一个数”那一节里的表 df2。题目要的是原始表 df 的合计：求和时用 df。"
            )
        mine = _student_table()
        if mine is not None and abs(v - float(mine["revenue"].sum())) < 1e-6:
            return (
                "你的 df 好像被改动过了（例如做“改一个数”的练习时）。"
                "重新运行“练习开始前重新读入数据”那个单元格，再运行答案单元格。"
            )
        for gap, how in ((expected - v, "少"), (v - expected, "多")):
            who = df.loc[(revenue - gap).abs() < 1e-6, "customer"].tolist()
            if gap > 0 and who:
                names = "、".join(str(c) for c in who)
                slip = "漏加了一位客户" if how == "少" else "有一位客户加了两次"
                return (
                    f"你的合计比正确结果{how}了 {gap:g} 万元，正好是客户 {names} 的营业收入："
                    f"是不是照着表手抄数字时{slip}？不要手抄，让 pandas 对整列求和。"
                )
        if v < 0:
            return None  # the valid range says why
        return "对原始表 df 的营业收入 (revenue) 这一列用 .sum() 求和，不要手抄数字。"

    check_number(
        value, float(revenue.sum()), label=Q1, what="营业收入合计", hints=[hint], valid=(0, None)
    )
    passed(Q1)


def q2_top(answer: Any = MISSING) -> None:
    """Check ``top_customer``: the id of the customer with the largest revenue (by hand)."""
    __tracebackhide__ = True
    value = get_answer("top_customer", Q2, answer)
    df = _table()
    best = df.loc[df["revenue"].idxmax()]
    _not_called(value, Q2)
    _one_value(value, int(best["customer"]))
    number = as_number(value, Q2, "客户编号")
    if number != best["customer"]:
        hint = None
        problem = f"客户 {number:g} 不是营业收入最大的客户。"
        if number in set(df["revenue"]) and number not in set(df["customer"]):
            problem = f"{number:g} 是表里的一个营业收入（万元），不是客户编号。"
        by_revenue = df.sort_values("revenue", ascending=False, kind="stable")["customer"]
        if number == best["revenue"]:
            hint = "这是最大的营业收入，题目问的是哪一位客户：给出他的客户编号 (customer)。"
        elif number == df["revenue"].idxmax():
            hint = (
                f"{number:g} 是客户 {best['customer']} 那一行的行标签 (index)，不是客户编号"
                "（idxmax() 和 .index 给出的都是行标签）。"
                '用 .iloc[0] 取 customer 列的值，或者用 df.loc[行标签, "customer"]。'
            )
        elif number == df.loc[df["revenue"].idxmin(), "customer"]:
            hint = "这是收入最小的客户。排序时要从大到小：sort_values(..., ascending=False)。"
        elif number == df["customer"].iloc[0] and number == by_revenue.iloc[1]:
            hint = (
                f"客户 {number:g} 既是原表的第一行，又是营业收入第二大的客户。"
                "如果你没有排序：先按营业收入从大到小排序，再取第一个。"
                "如果排过序了：Python 从 0 开始数，第一个是 .iloc[0]，.iloc[1] 是第二个。"
            )
        elif number == df["customer"].iloc[0]:
            hint = "这是表格第一行的客户，可表格还没有按营业收入排序。先排序，再取第一行。"
        elif number == by_revenue.iloc[1]:
            hint = "这是营业收入第二大的客户。Python 从 0 开始数：第一个是 .iloc[0]，不是 .iloc[1]。"
        elif number == df["customer"].max():
            hint = (
                f"{number:g} 是最大的客户编号，不是收入最大的客户：你求最大值或排序时用的是"
                " customer 列。要按营业收入 (revenue) 这一列排序，再取出排在最前面的客户编号。"
            )
        elif number in set(df["revenue"]) and number not in set(df["customer"]):
            hint = (
                "题目问的是营业收入最大的是哪一位客户：答案要取 customer 列里的值，"
                "不是 revenue 列里的值。"
            )
        elif number not in set(df["customer"]):
            hint = "表里没有这个客户编号（客户编号是 1 到 14）。答案要取 customer 列里的值。"
        fail(Q2, problem, hint)
    by_hand("top_customer", Q2)
    passed(Q2)


def q3_count(answer: Any = MISSING) -> None:
    """Check ``n_big``: the number of customers with revenue >= 100."""
    __tracebackhide__ = True
    value = get_answer("n_big", Q3, answer)
    revenue = _table()["revenue"]
    n = len(revenue)
    _not_called(value, Q3)
    if isinstance(value, tuple) and len(value) == 2:
        whole = "，这还是整张表的大小，要先筛选" if value[0] == n else ""
        fail(
            Q3,
            f"你的答案是一对数 {value}，这是 .shape 给出的表的大小：（行数, 列数）。"
            "题目只要一个数：有几位客户。",
            f"表里一行就是一位客户，所以要的是其中的行数，也就是第一个数{whole}。"
            "也可以直接用 len(...) 数筛选后的表有几行。",
        )
    if isinstance(value, pd.DataFrame):
        fail(
            Q3,
            f"你的答案是筛选出来的一张表 (DataFrame)，有 {value.shape[0]} 行；题目问的是有几位客户，"
            "要一个数。",
            "用 len(...) 数一数这张表有几行，例如 len(df[条件])。",
        )
    if isinstance(value, pd.Series):
        if pd.api.types.is_bool_dtype(value):
            fail(
                Q3,
                f"你的答案是一列真/假值 (True/False)，共 {len(value)} 个，每位客户一个。",
                "这只是条件本身。把这个条件放进 df[...] 的方括号里筛选出这些客户，"
                "再用 len(...) 数一数筛选后的表有几行。",
            )
        if "revenue" in value.index:
            fail(
                Q3,
                "你的答案是一列数据 (Series)，里面是表中每一列各自的结果，不是一个数。",
                ".count() 这类方法用在整张表上，会对每一列各算一次。"
                "要数筛选后的表有几行，用 len(...)。",
            )
        fail(
            Q3,
            f"你的答案是一列数据 (Series)，共 {len(value)} 个值；题目问的是有几位客户，要一个数。",
            "用 len(...) 数一数这一列有几个值。",
        )

    def hint(v: float, expected: float) -> str | None:
        # the answer cell's condition, when the notebook history is there to read
        source = _answer_source("n_big") or ""
        geq = re.search(rf">=\s*{THRESHOLD}(?![\d.])", source) is not None
        if v == (revenue > THRESHOLD).sum() and ">=" not in source:
            return "“不少于 100”包括正好等于 100 的客户。用 >= 而不是 >。"
        if abs(v - expected) == 1 and geq:
            slip = "少" if v < expected else "多"
            return (
                f"条件 >= 100 是对的，可结果{slip}了 1 位：是不是在 len(...) 后面又"
                f"{'减' if v < expected else '加'}了 1？len(...) 数出来的就是行数，不用再调整"
                "（Python 从 0 开始数，只和 .iloc 取第几个有关，和数个数无关）。"
            )
        if v == (revenue < THRESHOLD).sum():
            return "你数的是收入低于 100 的客户。条件要写成 >= 100。"
        if v == (revenue <= THRESHOLD).sum():
            return "条件写反了：要的是收入大于或等于 100 的客户，用 >= 100。"
        if v == n:
            return "这是全部客户的个数。先用条件筛选，再数剩下的行。"
        if v == revenue[revenue >= THRESHOLD].sum():
            return "你把这些客户的收入加起来了，题目问的是有几位客户：用 len(...) 数行数。"
        if not 0 <= v <= n:
            return None  # the valid range says why
        return "用“营业收入 >= 100”这个条件筛选出这些客户，再用 len(...) 数一数。"

    check_number(
        value, int((revenue >= THRESHOLD).sum()), label=Q3, what="客户个数", hints=[hint],
        valid=(0, n),
    )
    passed(Q3)
