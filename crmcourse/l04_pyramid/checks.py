"""Public checks for lesson 04 客户金字塔模型 (``cl.checks.l04``).

The exercises work on the 120 business customers ``cl.load_dataset("b2b_customers")``, whose
profit contribution is ``sales_2025 × gross_margin − service_cost_2025`` (万元; 20 customers lose
money):

* ``q1_profit()``: ``profit``, one value per customer in the row order of the data;
* ``q2_rank()``: ``ranked``, the customers sorted by profit (largest first) with ``rank`` 1..n,
  done with pandas by hand;
* ``q3_bounds()``: ``bounds``, the last rank of the top three tiers under the ceil rule
  (ceil of 1%, 20% and 50% of n), by hand;
* ``q4_tier()``: ``tier``, the tier of every row of ``ranked``, by hand;
* ``q5_key()``: ``key_customer_share`` and ``key_profit_share`` of the 关键客户
  (重要客户 + 次要客户);
* ``q7_cross()``: ``cross``, the cross-tab of the pyramid tiers (rows) against the VIP/A/B/C
  tiers (columns), and ``n_key_in_b``, the key customers that are only B类普通客户 there.

The expected answers come from :func:`crmlab.pyramid`, :func:`crmlab.pyramid_summary` and
:func:`crmlab.tier_sizes`. Each check looks the variable up in the notebook, or takes it as
``answer=...`` (``q5_key`` and ``q7_cross`` take two).
"""

from __future__ import annotations

import ast
import difflib
import math
from typing import Any

import numpy as np
import pandas as pd

from crmlab import datasets
from crmlab.feedback import checks as _feedback
from crmlab.feedback.checks import (
    MISSING,
    CheckFailed,
    _close,
    _fmt,
    answer_cell,
    as_number,
    blame_upstream,
    boundary_off_by_one,
    by_hand,
    check_columns,
    check_number,
    check_series,
    fail,
    get_answer,
    last_assigned,
    passed,
    typed_in,
)
from crmlab.profit import profit_contribution
from crmlab.pyramid import (
    PYRAMID_CUTS,
    PYRAMID_LABELS,
    VIP_ABC_CUTS,
    VIP_ABC_LABELS,
    pyramid,
    pyramid_summary,
    tier_sizes,
)

Q1 = "第 1 题 (q1_profit)"
Q2 = "第 2 题 (q2_rank)"
Q3 = "第 3 题 (q3_bounds)"
Q4 = "第 4 题 (q4_tier)"
Q5 = "第 5 题 (q5_key)"
Q7 = "第 7 题 (q7_cross)"

KEY_TIERS = PYRAMID_LABELS[:2]  # 关键客户 = 重要客户 + 次要客户
DATASET = "b2b_customers"


# --------------------------------------------------------------------------------------------
# the data and the expected answers


def profit_table() -> pd.DataFrame:
    """The 120 customers with their profit contribution ``profit`` (万元), in file order."""
    df = datasets.load_dataset(DATASET)
    df["profit"] = profit_contribution(df)
    return df


def _expected() -> pd.DataFrame:
    return pyramid(profit_table(), value="profit", customer="customer")


def _ids(values: Any) -> list[str]:
    return [str(v) for v in pd.Series(values).tolist()]


def _floats(values: Any) -> np.ndarray | None:
    try:
        out = np.asarray(np.ravel(values), dtype=float)
    except (TypeError, ValueError):
        return None
    return out if out.size else None


def _rounded_copy(
    student: Any, expected: Any, digits: tuple[int, ...] = (1, 2, 3, 4)
) -> str | None:
    """Numbers that are the right ones rounded (copied from a printout, or ``round``-ed)."""
    s, e = _floats(student), _floats(expected)
    if s is None or e is None or s.shape != e.shape or _close(s, e):
        return None
    if _close(s, e * 100):  # an exact percentage, not a rounded one: percent_not_fraction says so
        return None
    for k in digits:
        if np.allclose(s, np.round(e, k), rtol=0, atol=1e-9):
            places = "取成了整数" if k == 0 else f"四舍五入到了 {k} 位小数"
            return (
                f"你的数和正确答案只差一点点，像是{places}。"
                "不要手抄屏幕上显示的数，也不要用 round(...) 或 int(...)：让 Python 直接算出"
                "完整的数，再赋给变量。"
            )
    if 0 in digits and np.allclose(s, np.trunc(e), rtol=0, atol=1e-9):
        return (
            "你的数和正确答案只差一点点，小数部分被去掉了，像是用了 int(...) 或 "
            "astype(int)。利润贡献要保留小数：直接把算出的结果赋给变量。"
        )
    for k in (0, 1, 2):
        if np.allclose(s, np.round(e * 100, k), rtol=0, atol=1e-9):
            return (
                "你的数像是四舍五入后的百分数（0–100）。题目要小数形式的比例 (0–1)，"
                "而且要让 Python 直接算出完整的数，不要手抄屏幕上显示的数。"
            )
    return None


def _computed(variable: str, label: str, how: str) -> None:
    """Fail when the answer cell's last assignment to ``variable`` is typed-in numbers only
    (``bounds = [2, 24, 60]``, ``key_customer_share = 0.2``): the answer must come from code.
    Outside Jupyter there is no cell history and nothing is checked."""
    __tracebackhide__ = True
    tree = answer_cell(variable)
    value = None if tree is None else last_assigned(tree, variable)
    if value is not None and typed_in(value):
        fail(
            label,
            f"{variable} 是直接写进去的数字，不是用代码算出来的。",
            f"这一课要求用代码算：{how}不要把算好的或屏幕上看到的数字抄进来，"
            "换一份数据，抄来的数就不对了。",
        )


# --------------------------------------------------------------------------------------------
# q1: profit


def q1_profit(answer: Any = MISSING) -> None:
    """Check ``profit``: sales_2025 × gross_margin − service_cost_2025, in the data's row order."""
    __tracebackhide__ = True
    value = get_answer("profit", Q1, answer)
    df = profit_table()
    sales, margin, cost = df["sales_2025"], df["gross_margin"], df["service_cost_2025"]

    def hint(student: pd.Series, expected: pd.Series) -> str | None:
        if _close(student, sales * margin):
            return (
                "你算的是毛利 (gross profit) = 订单金额 × 毛利率，还没有减去服务这位客户的成本 "
                "service_cost_2025。利润贡献 = 毛利 − 服务成本。"
            )
        if _close(student, sales - cost):
            return "订单金额要先乘以毛利率 gross_margin，得到毛利，再减去服务成本。"
        if _close(student, cost - sales * margin):
            return "减反了：用毛利减去服务成本，而不是服务成本减去毛利。"
        if _close(student, df["sales_2024"] * margin - cost):
            return "要用 2025 年的订单金额 sales_2025，你用的是 2024 年的。"
        if _close(student, sales * margin / 100 - cost):
            return (
                "gross_margin 已经是小数形式的比例（例如 0.128 就是 12.8%），直接相乘就行，"
                "不要再除以 100。"
            )
        if _close(student, sales * margin * 100 - cost):
            return (
                "gross_margin 已经是小数形式的比例（例如 0.128 就是 12.8%），直接相乘就行，"
                "不要再乘以 100。"
            )
        if _close(student, sales * (margin - cost)):
            return (
                "括号位置不对：你先算了 毛利率 − 服务成本，再乘订单金额。"
                "应该先算毛利 订单金额 × 毛利率，再减去服务成本，不需要括号。"
            )
        rounded = _rounded_copy(student, expected, digits=(0, 1, 2, 3, 4))
        if rounded:
            return rounded
        if _close(np.sort(np.asarray(student, dtype=float))[::-1], np.sort(expected)[::-1]):
            return (
                "数值对了，但顺序变了。这一题先不要排序，保持 b2b 原来的行顺序（C001、C002……）；"
                "排序留到第 2 题。"
            )
        return None

    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    ):
        if _close(value, df["profit"].sum()):
            hint = (
                "你用 .sum() 把整列加成了一个数：这是 120 位客户的利润合计。这一题要每位客户"
                "一个值，去掉 .sum()，让几列直接相乘、相减，得到的就是一列。"
            )
        else:
            hint = "每位客户都要有自己的利润贡献：直接用 b2b 的几列相乘、相减，结果就是一列。"
        fail(
            Q1,
            f"profit 应该是一列 (Series)，每位客户一个值；你的答案是一个数 {_fmt(value)}。",
            hint,
        )

    check_series(
        value,
        df["profit"],
        label=Q1,
        what="你的 profit（利润贡献）",
        hints=[hint],
        ids=df["customer"],
    )
    losses = int((df["profit"] < 0).sum())
    passed(Q1, f"120 位客户中有 {losses} 位的利润贡献是负数（亏损客户）。")


# --------------------------------------------------------------------------------------------
# q2: ranked


def _sorted_by(student_ids: list[str], df: pd.DataFrame, column: str, descending: bool) -> bool:
    """True when the customers, in the student's order, have ``column`` sorted that way."""
    values = df.set_index(df["customer"].astype(str))[column]
    try:
        v = values.loc[student_ids].to_numpy(dtype=float)
    except KeyError:
        return False
    steps = np.diff(v)
    return bool(np.all(steps <= 0) if descending else np.all(steps >= 0))


def _order_hint(student_ids: list[str], df: pd.DataFrame) -> str | None:
    """Why a list of all customers is not in the order of profit, largest first."""
    if _sorted_by(student_ids, df, "profit", descending=False):
        return (
            "你的顺序是从小到大（升序, ascending），利润最低的客户排在了最前面。"
            '金字塔要从利润最大的客户排起：sort_values("profit", ascending=False)。'
        )
    if _sorted_by(student_ids, df, "sales_2025", descending=True):
        return (
            "你是按订单金额 sales_2025 排的。客户金字塔按客户带来的利润排名："
            "订单大的客户，服务成本也可能很高（看看 C060）。用 profit 这一列排序。"
        )
    if student_ids == _ids(df["customer"]):
        return "ranked 还是原来的顺序（C001、C002……），还没有按利润排序。"
    return None


def _dropped_losses(n: int, df: pd.DataFrame) -> bool:
    return n == int((df["profit"] >= 0).sum()) or n == int((df["profit"] > 0).sum())


DROPPED_HINT = (
    "你好像去掉了利润为负的客户。亏损客户也是公司的客户，金字塔里要保留他们："
    "他们排在最后，落在最底层（小客户）。全部 120 位客户都要排名。"
)


def q2_rank(answer: Any = MISSING) -> None:
    """Check ``ranked``: all customers, sorted by profit (largest first), ``rank`` 1..n, by hand."""
    __tracebackhide__ = True
    ranked = get_answer("ranked", Q2, answer)
    check_columns(ranked, ["customer", "profit", "rank"], label=Q2, what="ranked")
    df = profit_table()
    exp = _expected()
    if len(ranked) != len(exp):
        hint = (
            DROPPED_HINT
            if _dropped_losses(len(ranked), df)
            else ("ranked 要包含 b2b 的全部客户，每位客户一行。")
        )
        fail(Q2, f"ranked 应该有 {len(exp)} 行，你的有 {len(ranked)} 行。", hint)
    student_ids, expected_ids = _ids(ranked["customer"]), _ids(exp["customer"])
    if student_ids != expected_ids:
        hint = _order_hint(student_ids, df)
        if hint is None and set(student_ids) == set(expected_ids):
            truth = df.set_index(df["customer"].astype(str))["profit"]
            if not _close(ranked["profit"], truth.loc[student_ids]):
                hint = (
                    "ranked 里的 profit 和正确的利润贡献不一致：先让第 1 题通过，再重新运行这一题。"
                )
        if hint is None:
            pos = next(i for i, (s, e) in enumerate(zip(student_ids, expected_ids)) if s != e)
            hint = (
                f"从第 {pos + 1} 名开始不一致：你的是 {student_ids[pos]}，"
                f"应该是 {expected_ids[pos]}。检查排序用的列和方向。"
            )
        fail(Q2, "ranked 的客户顺序不对。", hint)
    check_series(ranked["profit"], exp["profit"], label=Q2, what='ranked["profit"]（利润）')
    n = len(exp)

    def rank_hint(student: pd.Series, expected: pd.Series) -> str | None:
        if _close(student, expected - 1):
            return "名次要从 1 开始，不是从 0 开始：range(1, len(ranked) + 1)。"
        if _close(student, expected[::-1].to_numpy()):
            return (
                "名次反了：利润最大的客户应该是第 1 名，你把他排成了最后一名。"
                "ranked 已经从大到小排好了，名次直接写 range(1, len(ranked) + 1)；"
                "如果用 .rank()，要写 .rank(ascending=False)。"
            )
        file_pos = {c: i + 1 for i, c in enumerate(_ids(df["customer"]))}
        if _close(student, [file_pos.get(c, -1) for c in _ids(ranked["customer"])]):
            return (
                "你的名次是客户在原来 b2b 表里的行号：名次是在排序之前加的。"
                "先排序、再 reset_index(drop=True)，最后才加 rank 列。"
            )
        old_index = ranked.index.to_numpy()
        if not np.array_equal(old_index, np.arange(n)) and (
            _close(student, old_index) or _close(student, old_index + 1)
        ):
            return (
                "你的名次来自排序前的行号 (index)。排序后先用 reset_index(drop=True) 重设行号，"
                "或者直接写 range(1, len(ranked) + 1)。"
            )
        return None

    check_series(
        ranked["rank"],
        exp["rank"],
        label=Q2,
        what='ranked["rank"]（名次）',
        hints=[rank_hint],
        ids=exp["customer"],
    )
    if list(ranked.index) != list(range(n)):
        fail(
            Q2,
            "ranked 的行号 (index) 还是排序前的行号，没有重新编号。",
            "题目要求排序后用 reset_index(drop=True) 重新编行号（0、1、2……），"
            "就像长海物流例子的第一步。",
        )
    by_hand("ranked", Q2)
    last = exp.iloc[-1]
    passed(
        Q2,
        f"利润第 1 名是 {exp['customer'].iloc[0]}；最后一名是 {last['customer']}"
        f"（利润 {last['profit']:.2f} 万元）。",
    )


# --------------------------------------------------------------------------------------------
# q3: bounds


def _as_list(value: Any) -> list | None:
    if isinstance(value, (pd.Series, pd.Index, np.ndarray)):
        return list(np.ravel(value))
    if isinstance(value, (list, tuple)):
        return list(value)
    return None


def _per_tier_bounds(n: int) -> list[int]:
    """The ceil rule applied to each tier's own share (1%, 19%, 30%) instead of the running one."""
    percents = np.diff([0, *(round(c * 100) for c in PYRAMID_CUTS)])
    return [math.ceil(n * int(p) / 100) for p in percents]


def _ch_bounds() -> list[int]:
    """The cut-off ranks of the lesson's worked example (长海物流), copied by mistake."""
    n_ch = len(datasets.load_dataset("changhai"))
    return [math.ceil(n_ch * round(c * 100) / 100) for c in PYRAMID_CUTS]


def q3_bounds(answer: Any = MISSING) -> None:
    """Check ``bounds``: [ceil(1% n), ceil(20% n), ceil(50% n)] for all n customers, by hand."""
    __tracebackhide__ = True
    value = get_answer("bounds", Q3, answer)
    items = _as_list(value)
    if items is None:
        fail(
            Q3,
            f"bounds 应该是三个名次组成的列表 (list)，你的答案是{_fmt(value)}。",
            "写成 bounds = [第一个分界, 第二个分界, 第三个分界]。",
        )
    if len(items) != 3:
        fail(
            Q3,
            f"bounds 应该正好有 3 个数，你的有 {len(items)} 个。",
            "只要前三层的分界名次（重要、次要、普通客户的最后一名）；小客户一直排到最后，"
            "不需要分界。",
        )
    numbers = [as_number(x, Q3, "bounds 里的每一个值") for x in items]
    n = len(profit_table())
    sizes = tier_sizes(n, cuts=PYRAMID_CUTS)
    expected = [int(x) for x in np.cumsum(sizes)[:3]]
    if _close(numbers, expected):
        by_hand("bounds", Q3)
        _computed("bounds", Q3, "用变量 n 和 math.ceil 写出三个分界名次的式子。")
        passed(
            Q3,
            f"重要客户是第 1–{expected[0]} 名，次要客户第 {expected[0] + 1}–{expected[1]} 名，"
            f"普通客户第 {expected[1] + 1}–{expected[2]} 名，其余是小客户。",
        )
        return
    raw = [c * n for c in PYRAMID_CUTS]
    profits = profit_table()["profit"]
    kept = int((profits >= 0).sum())
    hint = None
    if _close(numbers, [round(x) for x in raw]) or _close(numbers, [math.floor(x) for x in raw]):
        hint = (
            f"1% × {n} = {raw[0]:g}。四舍五入 (round) 或向下取整 (floor/int) 都会得到 "
            f"{round(raw[0])}，但规则要求向上取整 (ceil)：math.ceil({raw[0]:g}) = "
            f"{math.ceil(raw[0])}。只要名次没有超过 ceil(1% × n)，就算重要客户。"
        )
    elif _close(numbers, raw):
        hint = "分界名次必须是整数：用 math.ceil(...) 向上取整。"
    elif _close(numbers, list(np.cumsum(tier_sizes(kept, cuts=PYRAMID_CUTS))[:3])):
        hint = (
            f"这是 {kept} 位客户的分界：是不是去掉了亏损客户，或者把百分数直接当成了名次？"
            f"n 要用全部 {n} 位客户：分界名次 = n × 百分比 ÷ 100，再向上取整。"
        )
    elif _close(numbers, list(PYRAMID_CUTS)) or _close(numbers, [c * 100 for c in PYRAMID_CUTS]):
        hint = f"这是比例本身。分界名次 = 客户总数 n × 比例（n = {n}），再向上取整。"
    elif _close(numbers, sizes[:3]):
        hint = (
            "这是每一层的人数。题目要的是每层最后一名的名次（累计的）："
            "次要客户的分界是前 20% 的最后一名，已经包含了重要客户。"
        )
    elif _close(numbers, _per_tier_bounds(n)):
        hint = (
            "你用的是每一层自己的比例（1%、19%、30%）。分界名次要用从塔尖往下累计的比例："
            "前 1%、前 20%、前 50%，再分别乘 n、向上取整。"
        )
    elif _close(numbers, _ch_bounds()):
        hint = (
            "这是长海物流 14 位客户的分界名次（例子里的 ch_bounds）。练习要用 b2b 的全部 "
            f"{n} 位客户（变量 n）重新算。"
        )
    elif _close(sorted(numbers), expected):
        hint = "三个数都对，但顺序不对：从最小的分界（重要客户）写到最大的分界（普通客户）。"
    elif _close(numbers, [int(x) + 1 for x in raw]):
        hint = (
            f"int(x) + 1 不是向上取整：20% × {n} = {raw[1]:g} 已经是整数，"
            f"向上取整还是 {math.ceil(raw[1])}，int(x) + 1 却多算了 1。用 math.ceil(...)。"
        )
    elif any(x < 1 or x > n for x in numbers):
        hint = (
            f"分界名次是名次，应该在 1 到 n = {n} 之间。分界名次 = n × 百分比 ÷ 100，再向上取整。"
        )
    shown = "、".join(_fmt(x) for x in numbers)
    fail(Q3, f"分界名次不对：你的答案是 {shown}。", hint)


# --------------------------------------------------------------------------------------------
# q4: tier


def q4_tier(answer: Any = MISSING, ranked: Any = MISSING) -> None:
    """Check ``tier``: the pyramid tier of every row of ``ranked`` (same order), by hand."""
    __tracebackhide__ = True
    value = get_answer("tier", Q4, answer)
    ranked = get_answer("ranked", Q4, ranked)
    if not isinstance(ranked, pd.DataFrame) or "customer" not in ranked.columns:
        fail(Q4, "找不到第 2 题的表 ranked（要有 customer 列）。", "先让第 2 题通过。")
    if isinstance(value, pd.DataFrame):
        fail(
            Q4,
            f"tier 应该是一列层级名称 (Series)，你的答案是{_fmt(value)}。",
            '用 ranked["rank"].apply(...) 得到一列，存进 tier。',
        )
    items = _as_list(value)
    if items is None:
        fail(Q4, f"tier 应该是一列层级名称 (Series)，你的答案是{_fmt(value)}。")
    df = profit_table()
    # the exercises tier builds on: ranked (ex. 2) and, when the notebook has it, bounds (ex. 3)
    upstream = [lambda: q2_rank(ranked)]
    try:
        get_answer("bounds", Q3)
        upstream.append(q3_bounds)
    except CheckFailed:  # no bounds in the notebook: the tiers were cut without them
        pass
    if len(items) != len(ranked):
        fail(
            Q4,
            f"tier 有 {len(items)} 个值，ranked 有 {len(ranked)} 行，两者要一样多。",
            '对 ranked["rank"] 的每一个名次给出一个层级。',
        )
    if len(ranked) != len(df):
        blame_upstream(Q4, upstream)
        hint = DROPPED_HINT if _dropped_losses(len(ranked), df) else "先让第 2 题通过。"
        fail(Q4, f"ranked 应该有 {len(df)} 行，你的有 {len(ranked)} 行。", hint)

    student = ["" if pd.isna(x) else str(x) for x in items]
    customers = _ids(ranked["customer"])
    exp = _expected()
    if set(customers) != set(_ids(exp["customer"])):
        blame_upstream(Q4, upstream)
        fail(Q4, "ranked 里的客户和 b2b 的客户对不上。", "先让第 2 题通过。")
    if customers != _ids(exp["customer"]):
        blame_upstream(Q4, upstream)
        hint = _order_hint(customers, df)
        fail(
            Q4,
            "ranked 的顺序不对，按它分出的层也就不对。",
            f"{hint}（回到第 2 题改正。）" if hint else "先让第 2 题通过。",
        )
    expected = _ids(exp["tier"])
    if student != expected:
        blame_upstream(Q4, upstream)
        fail(Q4, "有客户的层级不对。", _tier_hint(student, expected, customers))
    try:
        by_hand("tier", Q4)
    except CheckFailed as err:
        fail(
            Q4,
            err.problem,
            "这一题要自己写分层的规则：照长海物流例子的第三步，写一个函数 tier_of(r)，"
            '用第 3 题的 bounds 判断名次 r 属于哪一层，再对 ranked["rank"] 用 .apply(tier_of)。',
        )
    counts = pd.Series(student).value_counts()
    detail = "、".join(f"{label} {int(counts.get(label, 0))} 位" for label in PYRAMID_LABELS)
    passed(Q4, f"各层人数：{detail}。")


def _tier_hint(student: list[str], expected: list[str], customers: list[str]) -> str:
    blank = student.count("")
    if blank == len(student):
        return (
            "tier 里全是空值 (None)：函数 tier_of 没有把层级名称交回来。函数里要用 return "
            "返回层级名称；print(...) 只是把它显示在屏幕上，函数本身返回的是 None。"
        )
    if blank:
        return (
            f"有 {blank} 位客户没有分到任何一层（空值 NaN）。检查分层的规则是否覆盖了"
            "从第 1 名到最后一名的每一个名次，每一种情况是不是都用 return 返回了层级名称。"
        )
    odd = sorted(set(student) - set(PYRAMID_LABELS))
    if odd:
        return (
            f"层级名称要用这四个：{'、'.join(PYRAMID_LABELS)}（即 cl.PYRAMID_LABELS），"
            f"你的答案里有 {odd[:3]}。"
        )
    counts = tuple(student.count(label) for label in PYRAMID_LABELS)
    n = len(student)
    floor_sizes = []
    prev = 0
    for c in PYRAMID_CUTS:
        bound = math.floor(c * n)
        floor_sizes.append(bound - prev)
        prev = bound
    floor_sizes.append(n - prev)
    if counts == tuple(floor_sizes) and counts != tuple(tier_sizes(n, cuts=PYRAMID_CUTS)):
        return (
            f"你的重要客户只有 {counts[0]} 位。1% × {n} = {0.01 * n:g}，分界要向上取整 (ceil)："
            f"名次 ≤ {tier_sizes(n, cuts=PYRAMID_CUTS)[0]} 的都是重要客户。检查第 3 题的 bounds。"
        )
    strict = (bound - 1 for bound in np.cumsum(tier_sizes(n, cuts=PYRAMID_CUTS))[:3])
    b0, b1, b2 = strict
    if counts == (b0, b1 - b0, b2 - b1, n - b2):
        return "每一层的最后一名被你分到了下一层。规则是“名次 ≤ 分界”：用 <=，不要用 <。"
    c0, c1, c2 = _ch_bounds()
    if counts == (c0, c1 - c0, c2 - c1, n - c2):
        return (
            f"你的各层人数是 {c0}、{c1 - c0}、{c2 - c1}、{n - c2} 位：这是按长海物流的分界名次 "
            f"{c0}、{c1}、{c2}（例子里的 ch_bounds）分的，那是 14 位客户的分界。"
            "练习 4 的函数 tier_of 要用第 3 题算出的 bounds，不要借用例子里的 ch_tier_of 或 ch_bounds。"
        )
    hint = boundary_off_by_one(student, expected, customers)
    if hint:
        return hint
    pos = next(i for i, (s, e) in enumerate(zip(student, expected)) if s != e)
    return (
        f"第 {pos + 1} 行（客户 {customers[pos]}）是 {expected[pos]!r}，你给的是 {student[pos]!r}。"
        "规则：名次 r ≤ bounds[0] 是重要客户，r ≤ bounds[1] 是次要客户，"
        "r ≤ bounds[2] 是普通客户，其余是小客户。"
    )


# --------------------------------------------------------------------------------------------
# q5: key customers


SAME_TABLE_HINT = (
    "分子和分母是同一张表，结果当然是 1。分子只数关键客户（筛选后的 key），"
    "分母要用全部客户的表 pyr。"
)


NOTHING_PICKED_HINT = (
    "你的筛选一位客户也没有选出来，所以结果是 0。一位客户不可能同时是重要客户和次要客户："
    "“重要客户或次要客户”要用 |（或），不能用 &（且）；也可以用 .isin([...])。"
    "另外检查层级名称是否和表里的一字不差。"
)

ONLY_ONE_TIER_HINT = (
    "你只算了{0}{1}。关键客户 = 重要客户 + 次要客户。如果代码里两层都写了，"
    "检查另一层的名称是不是和表里的一字不差（例如“户”不要写成繁体的“戶”），"
    "写错一个字，那一层就一位客户也选不上。"
)


def _source_of(name: str) -> str:
    """The source of the last notebook cell that assigns ``name`` ("" when unknown)."""
    inputs = _feedback._user_ns().get("In")
    if not isinstance(inputs, list):
        return ""
    for source in reversed(inputs):
        if not isinstance(source, str):
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
                return source
    return ""


def _label_typo(name: str) -> str | None:
    """A hint when the cell that computes ``name`` writes a tier name that is not one of the
    table's names (a typo such as 次要客戶 with a traditional 戶 selects nobody)."""
    try:
        tree = ast.parse(_source_of(name))
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        text = node.value
        if text in PYRAMID_LABELS:
            continue
        close = difflib.get_close_matches(text, PYRAMID_LABELS, n=1, cutoff=0.6)
        if close:
            return (
                f"你的代码里写的“{text}”不是层级名称，表里的名称是“{close[0]}”。"
                f"四个层级名称是：{'、'.join(PYRAMID_LABELS)}，要一字不差；"
                "名称写错了，筛选时那一层就一位客户也选不上。"
            )
    return None


def _blame_own_ranked(kcs: Any, kps: Any, kcs_expected: float, kps_expected: float) -> None:
    """Exercise 5 may use the student's own ``ranked``: when the answers are what that table
    gives and it is wrong, send the student back to exercises 2 and 4."""
    __tracebackhide__ = True
    ranked = _feedback._user_ns().get("ranked")
    if not isinstance(ranked, pd.DataFrame) or not {"tier", "profit"} <= set(ranked.columns):
        return
    try:
        mine = ranked["tier"].astype(str).isin(KEY_TIERS).to_numpy()
        own = (float(mine.mean()), float(ranked.loc[mine, "profit"].sum() / ranked["profit"].sum()))
    except Exception:  # noqa: BLE001 - an odd table blames nothing
        return
    answers = (kcs, kps)
    if all(
        _close(a, o) or _close(a, e) for a, o, e in zip(answers, own, (kcs_expected, kps_expected))
    ) and not (_close(kcs, kcs_expected) and _close(kps, kps_expected)):
        blame_upstream(Q5, [lambda: q2_rank(ranked), lambda: q4_tier(ranked["tier"], ranked)])


def q5_key(customer_share: Any = MISSING, profit_share: Any = MISSING) -> None:
    """Check ``key_customer_share`` and ``key_profit_share`` (fractions) of 重要 + 次要客户."""
    __tracebackhide__ = True
    kcs = get_answer("key_customer_share", Q5, customer_share)
    kps = get_answer("key_profit_share", Q5, profit_share)
    df = profit_table()
    table = pyramid(df, value="profit", customer="customer")
    summary = pyramid_summary(table).set_index("group")
    key = summary.loc[list(KEY_TIERS)]
    n = len(table)
    kcs_expected = float(key["customer_share"].sum())
    kps_expected = float(key["value"].sum()) / float(table["profit"].sum())
    _blame_own_ranked(kcs, kps, kcs_expected, kps_expected)

    def count_hint(v: float, expected: float) -> str | None:
        typo = _label_typo("key_customer_share")
        if typo:
            return typo
        if v == key["customers"].sum():
            return f"这是关键客户的人数。占比 = 人数 ÷ 客户总数 {n}。"
        if v == 0:
            return NOTHING_PICKED_HINT
        if _close(v, summary.loc[PYRAMID_LABELS[0], "customer_share"]):
            return ONLY_ONE_TIER_HINT.format(PYRAMID_LABELS[0], "")
        if _close(v, summary.loc[PYRAMID_LABELS[1], "customer_share"]):
            return ONLY_ONE_TIER_HINT.format(PYRAMID_LABELS[1], "")
        if _close(v, summary.loc[list(PYRAMID_LABELS[:3]), "customer_share"].sum()):
            return "普通客户不属于关键客户。关键客户只有重要客户和次要客户两层。"
        if _close(v, 1.0):
            return SAME_TABLE_HINT
        if _close(v, key["customers"].sum() / 100):
            return (
                f"你把关键客户的人数除以了 100。客户占比的分母是全部客户的个数（这里是 {n} 位，"
                "用 len(...) 从表里数出来），不是 100：除以客户总数，结果已经是 0–1 之间的小数。"
            )
        return _rounded_copy(v, expected, digits=(2, 3, 4))

    check_number(
        kcs,
        kcs_expected,
        label=Q5,
        what="关键客户的客户占比（key_customer_share）",
        hints=[count_hint],
        valid=(0, 1),
    )

    profit = table["profit"]
    key_profit = float(key["value"].sum())
    key_rows = table["tier"].isin(KEY_TIERS)

    def profit_hint(v: float, expected: float) -> str | None:
        typo = _label_typo("key_profit_share")
        if typo:
            return typo
        if v == 0:
            return NOTHING_PICKED_HINT
        if _close(v, summary.loc[PYRAMID_LABELS[0], "value_share"]):
            return ONLY_ONE_TIER_HINT.format(PYRAMID_LABELS[0], "的利润")
        if _close(v, summary.loc[PYRAMID_LABELS[1], "value_share"]):
            return ONLY_ONE_TIER_HINT.format(PYRAMID_LABELS[1], "的利润")
        if _close(v, summary.loc[list(PYRAMID_LABELS[:3]), "value_share"].sum()):
            return "普通客户不属于关键客户。关键客户只有重要客户和次要客户两层。"
        if _close(v, key_profit / profit.clip(lower=0).sum()):
            return (
                "分母要用全部 120 位客户的利润合计，亏损客户的负数也要加进去："
                "他们确实让公司的总利润变少了。"
            )
        if _close(v, table.loc[key_rows, "sales_2025"].sum() / table["sales_2025"].sum()):
            return "这是订单金额的占比。题目问的是利润 profit 的占比。"
        if _close(v, key_profit):
            return "这是关键客户的利润合计（万元）。占比 = 关键客户的利润 ÷ 全部客户的利润。"
        if _close(v, 1.0):
            return SAME_TABLE_HINT
        return _rounded_copy(v, expected, digits=(2, 3, 4))

    check_number(
        kps,
        kps_expected,
        label=Q5,
        what="关键客户的利润占比（key_profit_share）",
        hints=[profit_hint],
        valid=(0, 1),
    )
    how = "像上面的小例子那样，从 pyr（或你的 ranked）里筛选出关键客户，再用 len(...)、.sum() 算出占比。"
    _computed("key_customer_share", Q5, how)
    _computed("key_profit_share", Q5, how)
    passed(
        Q5,
        f"关键客户占全部客户的 {float(kcs):.1%}，带来 {float(kps):.1%} 的利润。",
    )


# --------------------------------------------------------------------------------------------
# q6: the two schemes side by side


def _cells(cross: pd.DataFrame) -> dict[tuple[str, str], float]:
    """The non-zero cells of a cross-tab as {(row label, column label): count}."""
    out = {}
    for r in cross.index:
        for c in cross.columns:
            v = cross.loc[r, c]
            if isinstance(v, (pd.Series, pd.DataFrame)):  # duplicated labels
                return {}
            if pd.notna(v) and v != 0:
                out[(str(r), str(c))] = float(v)
    return out


def _cell_hint(v: float, cross: pd.DataFrame, right: int) -> str | None:
    """Which part of the cross-tab a wrong ``n_key_in_b`` was read from."""
    b_label = VIP_ABC_LABELS[2]
    rows = "“" + "”“".join(KEY_TIERS) + "”"
    how = f"要数的是{rows}两行与“{b_label}”列相交的两个格子，把它们加起来。"
    candidates: list[tuple[float, str]] = []
    for r in KEY_TIERS:  # one key row only
        candidates.append(
            (cross.loc[r, b_label], f"你只数了“{r}”这一行在“{b_label}”列的格子。关键客户有两行。")
        )
    for r in KEY_TIERS:
        candidates.append((cross.loc[r].sum(), f"这是“{r}”这一行的总人数，不只是“{b_label}”列。"))
    candidates.append(
        (
            cross.loc[list(KEY_TIERS)].to_numpy().sum(),
            "这是关键客户的总人数，不只是“" + b_label + "”列。",
        )
    )
    for c in cross.columns:
        if str(c) != b_label:
            candidates.append(
                (
                    cross.loc[list(KEY_TIERS), c].sum(),
                    f"这是关键客户中属于“{c}”的人数：你看错了列。",
                )
            )
    for r in cross.index:
        for c in cross.columns:
            candidates.append(
                (cross.loc[r, c], f"这是“{r}”行、“{c}”列那个格子的数：你看错了格子。")
            )
    for c in cross.columns:
        candidates.append((cross[c].sum(), f"这是“{c}”这一整列的合计。"))
    for value, text in candidates:
        if int(value) != right and _close(v, value):
            return f"{text}{how}"
    return None


def q7_cross(cross: Any = MISSING, n_key_in_b: Any = MISSING) -> None:
    """Check ``cross`` (pyramid tiers x VIP/A/B/C tiers) and ``n_key_in_b``."""
    __tracebackhide__ = True
    cross = get_answer("cross", Q7, cross)
    df = profit_table()
    pyr = pyramid(df, value="profit", customer="customer")
    vip = pyramid(df, value="profit", customer="customer", cuts=VIP_ABC_CUTS, labels=VIP_ABC_LABELS)
    expected = pd.crosstab(pyr["tier"], vip["tier"])
    if not isinstance(cross, pd.DataFrame):
        fail(
            Q7,
            f"cross 应该是一张交叉表 (DataFrame)，你的答案是{_fmt(cross)}。",
            '用 pd.crosstab(pyr["tier"], vip["tier"])。',
        )
    mine, want = _cells(cross), _cells(expected)
    if mine != want:
        hint = None
        margins = [str(x) for x in (*cross.index, *cross.columns) if str(x) == "All"]
        if margins:
            hint = (
                "你的交叉表多了合计行和合计列“All”：这是 margins=True 加上的。"
                "题目只要各个组合的人数，去掉 margins=True 再做一次。"
            )
        elif mine == {(c, r): v for (r, c), v in want.items()}:
            hint = (
                "行和列反了：你的表每一行是四级方案的层（VIP客户……），每一列是金字塔的层。"
                "题目要的是：行 = 金字塔的四层（重要客户、次要客户、普通客户、小客户），"
                "列 = 四级方案的 VIP/A/B/C。pd.crosstab(行, 列) 里写在前面的是行，"
                '所以第一个参数要用 pyr["tier"]。行和列反了，'
                'cross.loc[..., "B类普通客户"] 也就找不到“B类普通客户”这一列（KeyError）。'
            )
        elif mine and sum(mine.values()) != len(df):
            hint = f"交叉表里的数加起来是 {sum(mine.values()):g}，应该是客户总数 {len(df)}。"
        elif mine:
            hint = '用 pd.crosstab(pyr["tier"], vip["tier"])：两张表的客户顺序相同。'
        fail(Q7, "交叉表 cross 和正确结果不一致。", hint)
    n_key = get_answer("n_key_in_b", Q7, n_key_in_b)
    b_label = VIP_ABC_LABELS[2]
    key_in_b = int(expected.loc[list(KEY_TIERS), b_label].sum())

    def hint(v: float, expected_n: float) -> str | None:
        return _cell_hint(v, expected, key_in_b)

    check_number(
        n_key,
        key_in_b,
        label=Q7,
        what="关键客户中“B类普通客户”的人数（n_key_in_b）",
        hints=[hint],
        valid=(0, int(expected.loc[list(KEY_TIERS)].to_numpy().sum())),
    )
    _computed(
        "n_key_in_b",
        Q7,
        "用 cross.loc[行, 列] 从交叉表里读出关键客户两行在“B类普通客户”列的格子，再加起来。",
    )
    passed(Q7, _one_row_note(expected, b_label))


def _one_row_note(expected: pd.DataFrame, b_label: str) -> str:
    """A note when ``n_key_in_b`` came out right only because one of the two key rows is 0 in
    the B column, and the student's code reads just the other row."""
    source = _source_of("n_key_in_b")
    written = [t for t in KEY_TIERS if t in source]
    if not source or len(written) != 1 or "KEY" in source or "LABELS" in source:
        return ""
    other = next(t for t in KEY_TIERS if t != written[0])
    return (
        f"注意：你的代码只读了“{written[0]}”这一行。这次结果碰巧一样，是因为“{other}”"
        f"那一行在“{b_label}”列是 0；题目要的是两行相加，换一份数据就不一定对了。"
    )
