"""Lesson 03's own formulas, shared by its checks and its widget.

The indicator groups, from the B2B dataset ``cl.load_dataset("b2b_customers")``:

* 订单金额: cumulative sales 2023–2025 (万元);
* 信用状况: 0.3 × operating_score + 0.3 × financial_score + 0.4 × payment score, where the
  payment score is max(0, 100 − 2 × payment_days_overdue).

>>> import pandas as pd
>>> one = pd.DataFrame({"operating_score": [80], "financial_score": [60],
...                     "payment_days_overdue": [10]})
>>> float(credit(one).iloc[0])  # 0.3 * 80 + 0.3 * 60 + 0.4 * (100 - 20)
74.0
"""

from __future__ import annotations

import pandas as pd

from crmlab.profit import profit_contribution

CREDIT_WEIGHTS = {"operating_score": 0.3, "financial_score": 0.3, "payment": 0.4}


def cumulative_sales(df: pd.DataFrame) -> pd.Series:
    return df["sales_2023"] + df["sales_2024"] + df["sales_2025"]


def profit(df: pd.DataFrame) -> pd.Series:
    return profit_contribution(df, sales="sales_2025", margin="gross_margin",
                               cost="service_cost_2025")


def payment_score(df: pd.DataFrame) -> pd.Series:
    return (100 - 2 * df["payment_days_overdue"]).clip(lower=0)


def credit(df: pd.DataFrame) -> pd.Series:
    w = CREDIT_WEIGHTS
    return (
        w["operating_score"] * df["operating_score"]
        + w["financial_score"] * df["financial_score"]
        + w["payment"] * payment_score(df)
    )

