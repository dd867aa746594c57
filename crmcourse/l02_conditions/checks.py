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

import ast
from typing import Any

import numpy as np
import pandas as pd

from crmlab import datasets
from crmlab.concentration import concentration
from crmlab.feedback.checks import (
    ANALYSIS_FUNCTIONS,
    MISSING,
    _assigned,
    _close,
    _defining_cell,
    _fmt,
    _parse,
    _referenced,
    _user_ns,
    answer_cell,
    by_hand,
    check_number,
    fail,
    get_answer,
    last_assigned,
    passed,
    percent_not_fraction,
    typed_in,
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


def _rounded(v: float, expected: float) -> str | None:
    """A hint when ``v`` is ``expected`` rounded or cut to 1-4 decimals (copied from the screen)."""
    if _is(v, expected):
        return None
    for d in range(1, 5):
        if abs(v - round(v, d)) < 1e-12 and abs(v - expected) < 10**-d:
            return (
                f"你的答案 {_fmt(v)} 离正确结果很近，但只有 {d} 位小数，看起来是四舍五入 (round) "
                "过，或者是从屏幕上抄下来的数。检查要的是完整的计算结果：把算式的结果直接存进"
                "变量，不要用 round()，也不要手抄数字。"
            )
    return None


# ---- what the student's cells say (only inside Jupyter, where ``In`` holds the history) -----


def _computed(variable: str, label: str, ns: Any = None) -> None:
    """Fail when the answer cell assigns ``variable`` a typed-in number instead of code."""
    __tracebackhide__ = True
    tree = answer_cell(variable, ns)
    value = None if tree is None else last_assigned(tree, variable)
    if value is not None and typed_in(value):
        fail(
            label,
            f"{variable} 是直接写进去的数字，不是用代码从数据里算出来的。",
            "这一课要求用代码算：写出从数据得到结果的式子（用到表里的列和 pandas 的方法），"
            "不要把屏幕上看到的数字抄进来。隐藏测试也会检查这一点。",
        )
    if tree is not None:
        for number, meaning in _retail_counts().items():
            if any(
                isinstance(node, ast.Constant)
                and isinstance(node.value, (int, float))
                and not isinstance(node.value, bool)
                and node.value == number
                for node in ast.walk(tree)
            ):
                fail(
                    label,
                    f"答案单元格里直接写了数字 {number}，这是零售店的{meaning}，"
                    "是从屏幕上抄进来的，不是用代码数出来的。",
                    "这一课的人数、订单数都要用代码从 tx 里数：数不同的编号用 nunique()，"
                    "数行数用 len()。把式子里的这个数换成数出它的代码。",
                )


def _retail_counts() -> dict[int, str]:
    """Counts of the retail store's data a student might copy from the screen."""
    tx = datasets.load_dataset(TX_DATASET)
    per = tx.groupby("customer_id")["order_id"].nunique()
    return {
        len(per): "顾客数",
        int(tx["order_id"].nunique()): "订单数",
        len(tx): "交易明细的行数",
        int((per > 1).sum()): "回头客人数",
    }


def _left_over(variable: str, name: str, right: int, label: str, what: str) -> None:
    """Fail when the answer cell of ``variable`` uses ``name`` without assigning it, and the
    notebook's ``name`` is not ``right``: a variable left over from the worked example."""
    __tracebackhide__ = True
    ns = _user_ns()
    value = ns.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value == right:
        return
    tree = answer_cell(variable, ns)
    if tree is None or name not in _referenced(tree) or name in _assigned(tree):
        return
    fail(
        label,
        f"答案单元格用到了变量 {name}，但这个单元格里没有给它赋值，它现在是 {int(value)}："
        "这是上面 5 位客户的例子留下来的，不是甲公司的。",
        f"在答案单元格里按 jia 重新算出 {name}（{what}），再运行答案单元格和这个检查。",
    )


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
    if isinstance(value, pd.Series) and len(value) > 1:
        fail(
            Q1,
            f"purchases_per_customer 是一列数 (Series)，共 {len(value)} 个值，还不是一个数。",
            "如果这一列是每位顾客的订单数（按 customer_id 分组后数出来的），还差最后一步："
            "求这一列的平均数 (.mean())，就是人均购买次数；也可以不分组，直接用"
            "订单数 ÷ 顾客数。",
        )
    tx, freq = _orders_per_customer()
    n_rows, n_customers = len(tx), len(freq)
    n_orders = int(freq.sum())
    rows = tx.groupby("customer_id").size()  # rows (item lines) per customer

    def hint(v: float, expected: float) -> str | None:
        if _is(v, n_rows / n_customers):
            return (
                f"你数的是表的行数（{n_rows} 行），不是订单数。一张订单买了几类商品就占几行，"
                "所以 len(tx) 或 groupby(...).size() 会多数。"
                "数订单要数 order_id 列里有几个不同的编号：用 nunique()。"
            )
        if _is(v, n_rows):
            return (
                f"{n_rows} 是表的行数，不是订单数（一张订单可能占好几行），而且还没有除以顾客数。"
                "订单数和顾客数都要数“不同的编号”（nunique()），分别数 order_id 和 customer_id。"
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
            return "分母用了表的行数，应该用顾客数：customer_id 列里有几个不同的编号。"
        if _is(v, tx["amount"].sum() / n_customers):
            return "这是每位顾客平均花了多少钱，题目问的是平均买了几次：数订单，不要加金额。"
        if _is(v, freq.median()) or _is(v, rows.median()):
            return "这是购买次数的中位数 (median)，题目要平均数：订单数 ÷ 顾客数。"
        if _is(v, freq[freq > 1].mean()):
            return "你只算了回头客的平均购买次数，只买过一次的顾客也要算进来。"
        if _is(v, 1.0):
            return (
                "结果是 1，说明分子和分母数出来一样多。count() 数的是一列有几行（不是空值的"
                "行），order_id 和 customer_id 两列的行数一样，所以两边都是表的行数，相除总是 1"
                "（用 nunique() 数同一列两次也会得到 1）。分子要数不同的订单编号 (order_id)，"
                "分母要数不同的顾客编号 (customer_id)：用 nunique()，不用 count()。"
            )
        if _is(v, float(n_orders // n_customers)):
            return (
                f"{_fmt(v)} 是个整数，小数部分丢了：是不是用了整除 //，或者用 int()/round() "
                "去掉了小数？用普通的除法 /，保留完整的结果。"
            )
        if v < 1:  # leave it to the out-of-range hint: nobody buys less than once
            return None
        return (
            "分子是订单数（order_id 列里不同编号的个数），分母是顾客数（customer_id 列里"
            "不同编号的个数），两个都用 nunique() 数。"
        )

    check_number(
        value, float(freq.mean()), label=Q1, what="人均购买次数", hints=[_rounded, hint],
        valid=(1, None),
    )
    _computed("purchases_per_customer", Q1)
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
                "按顾客分组以后，要数每位顾客有几个不同的 order_id：用 nunique()。"
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
        if _is(v, len(repeat) / len(tx)):
            return (
                f"分母用了表的行数（{len(tx)} 行），应该用顾客数：回头客人数 ÷ 顾客总数。"
                "按顾客分组以后，每位顾客只有一个值，这一列有几个值就是有几位顾客。"
            )
        if _is(v, 1 - expected):
            return "这是只买过一次的顾客的占比，正好反过来了。回头客是购买次数 > 1 的顾客。"
        if _is(v, 1.0):
            return "每位顾客都至少买过一次，所以 >= 1 总是成立。回头客要买过不止一次：用 > 1。"
        if _is(v, (freq > 2).mean()):
            return "“不止一次”是 2 次及以上，用 > 1（或 >= 2），你用的好像是 > 2。"
        if percent_not_fraction(v, expected) or not 0 <= v <= 1:
            return None  # the percent hint or the out-of-range hint says it better
        return (
            "先按 customer_id 分组，数出每位顾客不同订单的个数；再用 > 1 判断谁是回头客，"
            "最后求 True 所占的比例（和上面小表的演示一样）。"
        )

    if isinstance(value, pd.Series):
        what = (
            "一列 True/False（每位顾客一个）"
            if pd.api.types.is_bool_dtype(value)
            else f"一列数 (Series)，共 {len(value)} 个值"
        )
        fail(
            Q2,
            f"repeat_share 是{what}，还不是一个比例。",
            "还差最后一步，把这一列变成一个数：True 算 1、False 算 0，对一列 True/False "
            "求平均数 (.mean())，得到的就是 True 所占的比例；也可以数出 True 的个数，"
            "再除以顾客总数。如果这一列还是每位顾客的订单数，先用 > 1 比较。",
        )
    check_number(
        value, float((freq > 1).mean()), label=Q2, what="回头客占比", hints=[_rounded, hint],
        valid=(0, 1),
    )
    _computed("repeat_share", Q2)
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
    if isinstance(value, pd.DataFrame) and {"std", "mean"} <= {str(c) for c in value.columns}:
        fail(
            Q3,
            f"cv 是{_fmt(value)}（标准差 std 和平均数 mean 各一列），还不是变异系数。",
            "还差一步：变异系数 = 标准差 ÷ 平均数。从这张表里取出 std 列，除以 mean 列，"
            "得到的一列数（索引是公司名）才是 cv。",
        )
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
            if _is(v, x.std() / everyone.mean()) or _is(v, everyone.std() / x.mean()):
                return (
                    "分子和分母不是同一组数据：一个是这家公司自己的，另一个是两家公司合在一起"
                    "的（firms[\"annual_value\"]）。标准差和平均数都要用同一家公司的客户算。"
                )
            if _is(v, other.std() / other.mean()):
                return "甲公司和乙公司的数对调了，检查一下分组或者索引的名字。"
            return None

        check_number(
            value[firm], float(x.std() / x.mean()), label=Q3, what=f"{firm}的变异系数",
            hints=[_rounded, hint], valid=(0, None),
        )
    _computed("cv", Q3)
    passed(Q3)


def q4_gini(answer: Any = MISSING) -> None:
    """Check ``gini_jia``: Gini coefficient of 甲公司's annual values, computed by hand."""
    __tracebackhide__ = True
    firms, values = _firm_values()
    x = values["甲公司"]
    n = len(x)
    if answer is MISSING:
        _left_over("gini_jia", "n", n, Q4, "甲公司客户的个数")
    value = get_answer("gini_jia", Q4, answer)
    g = concentration(x).gini
    # the formula applied to the values in table order, as when sort_values() was not stored
    # or the ranks were a Series that pandas lined up with the unsorted index
    raw = x.to_numpy(dtype=float)
    unsorted = 2 * (np.arange(1, n + 1) * raw).sum() / (n * raw.sum()) - (n + 1) / n
    total = float(raw.sum())
    weighted = {  # 1·x1 + 2·x2 + ... + n·xn, sorted and in table order
        float((np.arange(1, n + 1) * np.sort(raw)).sum()),
        float((np.arange(1, n + 1) * raw).sum()),
    }

    def hint(v: float, expected: float) -> str | None:
        if any(_is(v, 2 * s / n * total - (n + 1) / n) for s in weighted):
            return (
                f"结果大得不像话（{_fmt(v)}）：分母 n × 价值合计少了括号。Python 的乘除从左到右"
                "依次算，“/ n * 合计”是先除以 n，再乘以价值合计，而不是除以两者的乘积。"
                "把整个分母用括号括起来，和公式里一样。"
            )
        if any(_is(v, 2 * s / (n * total) - n + 1 / n) for s in weighted):
            return (
                "最后一项 (n + 1) ÷ n 少了括号：“- n + 1 / n”是先算 1 ÷ n，再减去 n。"
                "把 n + 1 用括号括起来，再除以 n。"
            )
        if _is(v, unsorted) and _makes_series("gini_jia"):
            return (
                "你的价值没有按排好的顺序和名次相乘：名次写成了 pd.Series，排好序的价值也还是"
                " Series。两个 Series 相乘时，pandas 按索引 (index) 对齐，"
                "不按位置，结果就回到了表里原来的顺序，排序白做了。"
                "名次用 numpy 的 np.arange，排好序的价值也用 .to_numpy() 变成 numpy 数组，"
                "这样就按位置相乘了（和 5 位客户的例子一样）。"
            )
        if _is(v, unsorted):
            return (
                "你的价值没有真正排好序，公式用的是表里原来的顺序。"
                "sort_values() 不会改动 jia 本身，它给出的是一列新数据：要把它存进一个新变量，"
                "公式里用这个新变量（和 5 位客户的例子一样）。"
                "如果名次写成了 pd.Series，pandas 会按索引对齐，排序就白做了："
                "名次用 numpy 的 np.arange，排好序的价值也用 .to_numpy() 变成 numpy 数组。"
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

    check_number(
        value, g, label=Q4, what="甲公司的基尼系数", hints=[_rounded, hint], valid=(0, 1)
    )
    if answer is MISSING and _calls_cl_gini("gini_jia"):
        fail(
            Q4,
            "这道题要求自己动手计算，但计算 gini_jia 时用到了 crmlab 的现成函数 cl.gini。",
            "请只用 pandas/numpy 的基本操作（排序、名次、求和）按公式一步一步算出来。",
        )
    by_hand("gini_jia", Q4, forbidden=_GINI_FORBIDDEN)
    _computed("gini_jia", Q4)
    passed(Q4)


def _calls_cl_gini(variable: str) -> bool:
    """The answer cell of ``variable``, or a cell that made a name it uses, calls crmlab's
    ``gini`` (``cl.gini(...)``, ``crmlab.gini(...)`` or ``from crmlab import gini``)."""
    ns = _user_ns()
    inputs = ns.get("In")
    if not isinstance(inputs, list) or len(inputs) < 2:
        return False
    cell = _defining_cell(inputs, variable, len(inputs) - 1)
    if cell is None:
        return False
    tree = _parse(inputs[cell])
    if tree is None:
        return False
    trees = [tree]
    for name in _referenced(tree) - _assigned(tree):  # one step back, as by_hand looks
        dep = _defining_cell(inputs, name, cell)
        if dep is not None and (dep_tree := _parse(inputs[dep])) is not None:
            trees.append(dep_tree)
    for t in trees:
        for node in ast.walk(t):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "gini"
                and isinstance(node.value, ast.Name)
                and node.value.id in ("cl", "crmlab")
            ):
                return True
            if (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("crmlab")
                and any(a.name == "gini" for a in node.names)
            ):
                return True
    return False


def _makes_series(variable: str) -> bool:
    """The answer cell of ``variable`` builds a pandas Series (``pd.Series(range(1, n + 1))``
    as ranks), which pandas lines up with the sorted values by index, not by position."""
    tree = answer_cell(variable)
    if tree is None:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if (isinstance(f, ast.Name) and f.id == "Series") or (
                isinstance(f, ast.Attribute) and f.attr == "Series"
            ):
                return True
    return False


def q5_top20(answer: Any = MISSING) -> None:
    """Check ``top20_jia``: share of 甲公司's value from its top 20% of customers, by hand."""
    __tracebackhide__ = True
    firms, values = _firm_values()
    x = values["甲公司"]
    n, total = len(x), float(x.sum())
    k = tier_sizes(n, cuts=[0.2])[0]
    if answer is MISSING:
        _left_over("top20_jia", "k", k, Q5, "前 20% 是几位客户：甲公司的客户数 × 20%，向上取整")
    value = get_answer("top20_jia", Q5, answer)
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
        if _is(v, desc.head(k).sum() / firms["annual_value"].sum()):
            return (
                "分子对了，分母却是两家公司的价值合计。占比的分母是甲公司自己全部客户的"
                "价值合计（jia 的合计）。"
            )
        if _is(v, desc.head(1).sum() / total):
            return (
                "你只取了价值最大的 1 位客户。如果用了变量 k，它可能还是上面 5 位客户的例子"
                f"留下的 1。甲公司有 {n} 位客户，要按这个客户数重新算 k。"
            )
        if _is(v, 0.2):
            return "20% 是客户个数的比例。要算的是这些客户的价值占全部价值的比例。"
        return None

    check_number(
        value, expected, label=Q5, what="前 20% 占比", hints=[_rounded, hint],
        valid=(0, 1),
    )
    by_hand("top20_jia", Q5)
    _computed("top20_jia", Q5)
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
                "要数 customer_id 列里有几个不同的编号（nunique()）。"
            )
        if _is(v, tx["order_id"].nunique() / MANAGERS):
            return (
                "你数的是订单数，不是顾客数：一位顾客可能下过很多张订单。"
                "要数 customer_id 列里有几个不同的编号（nunique()）。"
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
        per, expected, label=Q6, what="每位客户经理平均要照顾的顾客数", hints=[_rounded, hint],
        valid=(0, None),
    )
    _computed("per_manager", Q6)
    if isinstance(over, str):
        fail(
            Q6,
            f"over_limit 应该是 True 或 False，你的答案是文字 {over!r}。",
            "去掉引号，直接写一个比较式（用 >），Python 会自己算出 True 或 False。",
        )
    if not isinstance(over, (bool, np.bool_)):
        fail(
            Q6,
            f"over_limit 应该是 True 或 False，你的答案是{_fmt(over)}。",
            "用比较运算 > 得到真假值 (bool)，不要写成数字或文字。",
        )
    if bool(over) != bool(expected > CAPACITY):
        if over_limit is MISSING and _compares_with_total():
            fail(
                Q6,
                "over_limit 不对：你拿每人平均要照顾的人数，和 5 位客户经理一共能照顾的人数"
                f"（{MANAGERS} × {CAPACITY} = {MANAGERS * CAPACITY}）比较了。",
                "比较的两边要是同一种数：per_manager 是每一位客户经理的平均数，"
                "就要和每一位客户经理的上限 capacity 比。",
            )
        if over_limit is MISSING and _compares_with_capacity():
            fail(
                Q6,
                "over_limit 不对：你和上限 capacity 比较是对的，可是比较的方向反了。"
                f"每位客户经理平均要照顾 {expected:g} 位顾客，每人最多能照顾 {CAPACITY} 位。",
                "over_limit 问的是：平均人数是不是“大于”上限？检查比较符号的开口方向"
                "（< 是“小于”，> 是“大于”），以及符号左右两边各是哪个数。",
            )
        fail(
            Q6,
            f"over_limit 不对：每位客户经理平均要照顾 {expected:g} 位顾客，"
            f"每人最多能照顾 {CAPACITY} 位。",
            "比较的两边要是同一种数：每人平均要照顾的人数，和每人能照顾的上限 capacity 比"
            f"（不是和 {MANAGERS} 个人一共能照顾的人数比）；平均人数“大于”上限，"
            "才是超出了管理限度。",
        )
    passed(Q6)


def _compares_with_total() -> bool:
    """The answer cell compares ``over_limit`` with all managers' capacity together
    (``managers * capacity`` or the number 500)."""
    tree = answer_cell("over_limit")
    value = None if tree is None else last_assigned(tree, "over_limit")
    if value is None:
        return False
    for node in ast.walk(value):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            sides = {
                s.id if isinstance(s, ast.Name) else getattr(s, "value", None)
                for s in (node.left, node.right)
            }
            if sides in ({"managers", "capacity"}, {MANAGERS, CAPACITY}):
                return True
        if isinstance(node, ast.Constant) and node.value == MANAGERS * CAPACITY:
            return True
    return False


def _compares_with_capacity() -> bool:
    """The answer cell sets ``over_limit`` by a comparison with one manager's capacity
    (``capacity`` or the number 100) on one side, as the exercise asks."""
    tree = answer_cell("over_limit")
    value = None if tree is None else last_assigned(tree, "over_limit")
    if not isinstance(value, ast.Compare) or len(value.ops) != 1:
        return False
    sides = (value.left, value.comparators[0])
    return any(
        (isinstance(s, ast.Name) and s.id == "capacity")
        or (isinstance(s, ast.Constant) and not isinstance(s.value, bool) and s.value == CAPACITY)
        for s in sides
    )
