"""Hidden tests for lesson 03 分级的指标 (teacher side only).

Every exercise works on the 120 customers of ``b2b_customers.csv`` (the kit's packaged CSV file,
read here by path; crmlab's analysis functions are never called) and expects one value per
customer in the file's row order. As in the old notebook test, the answer may be a Series, a
one-column table or a list: its values are flattened and compared with the expected column
(same length, same order, ``rtol = atol = 1e-6``); the index is not looked at.

Exercise 5 (the weighted score) must be done by hand: the answer cell may not use
``weighted_score``, ``pyramid`` or ``abc_analysis``.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab.teacher.hidden import Fail, Submission

EXERCISES = {
    "q1_sales": ["cum_sales", "monthly_avg"],
    "q2_growth": ["growth"],
    "q3_profit": ["profit"],
    "q4_credit": ["credit"],
    "q5_score": ["my_score"],
}

#: Exercise 5: one column per indicator group, and its weight.
WEIGHTS = {
    "sales_2025": 0.4,
    "gross_margin": 0.2,
    "payment_days_overdue": 0.2,
    "growth_potential": 0.2,
}
#: The columns of exercise 5 where a smaller value is better.
LOWER_IS_BETTER = {"payment_days_overdue"}

#: crmlab's ready-made functions that exercise 5 must not call.
FORBIDDEN = ["weighted_score", "pyramid", "abc_analysis"]


@cache
def b2b() -> pd.DataFrame:
    """The 120 B2B customers, straight from the packaged CSV file (found without crmlab)."""
    spec = importlib.util.find_spec("crmlab")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("crmlab is not installed")
    return pd.read_csv(Path(spec.origin).parent / "data" / "b2b_customers.csv")


def _column(sub: Submission, name: str) -> np.ndarray:
    """The answer's values as one flat array of floats."""
    value = sub.get(name)
    if not isinstance(value, (pd.Series, pd.DataFrame, list)):
        raise Fail(
            f"变量 `{name}` 应该是一列数（每家客户一个，和表 b2b 的行一一对应），"
            f"现在是 {type(value).__name__}。"
        )
    try:
        return np.asarray(value, dtype=float).ravel()
    except (TypeError, ValueError):
        raise Fail(f"变量 `{name}` 里有不是数的值。") from None


def _check(sub: Submission, name: str, want: pd.Series, message: str) -> None:
    got = _column(sub, name)
    expected = want.to_numpy(dtype=float)
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-6, atol=1e-6):
        raise Fail(message)


def q1_sales(sub: Submission) -> None:
    b = b2b()
    _check(
        sub,
        "cum_sales",
        b["sales_2023"] + b["sales_2024"] + b["sales_2025"],
        "累计销售额 cum_sales 不对。",
    )
    _check(sub, "monthly_avg", b["sales_2025"] / 12, "月平均销售额 monthly_avg 不对。")


def q2_growth(sub: Submission) -> None:
    b = b2b()
    want = (b["sales_2025"] - b["sales_2024"]) / b["sales_2024"]
    _check(sub, "growth", want, "销售额增长率 growth 不对。")


def q3_profit(sub: Submission) -> None:
    used = sub.uses(["profit_contribution"], cells=["a3_profit"])
    if used:
        raise Fail("这道题要求自己用列相乘、相减算出利润贡献，不能调用 crmlab 的现成函数（"
                   + "、".join(used) + "）。")
    b = b2b()
    want = b["sales_2025"] * b["gross_margin"] - b["service_cost_2025"]
    _check(sub, "profit", want, "利润贡献 profit 不对。")


def q4_credit(sub: Submission) -> None:
    b = b2b()
    pay = (100 - 2 * b["payment_days_overdue"]).clip(lower=0)
    want = 0.3 * b["operating_score"] + 0.3 * b["financial_score"] + 0.4 * pay
    _check(sub, "credit", want, "信用得分 credit 不对。")


def q5_score(sub: Submission) -> None:
    b = b2b()
    score = pd.Series(0.0, index=b.index)
    for column, weight in WEIGHTS.items():
        x = b[column]
        scaled = (x - x.min()) / (x.max() - x.min())
        if column in LOWER_IS_BETTER:
            scaled = 1 - scaled
        score = score + weight * scaled
    _check(sub, "my_score", 100 * score, "综合得分 my_score 不对。")
    used = sub.uses(FORBIDDEN, cells=["a5_score"])
    if used:
        raise Fail(
            "这道题要求自己动手计算，不能调用 cl.weighted_score（" + "、".join(used) + "）。"
        )
