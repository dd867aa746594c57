"""Profit contribution (利润贡献): what a customer earns the company after the cost to serve.

profit contribution = sales × gross margin − service cost. This is the kit's one implementation
of the rule; the lessons' course code and the dataset description call it.

>>> import crmlab as cl
>>> b2b = cl.load_dataset("b2b_customers")
>>> profit = cl.profit_contribution(b2b)
>>> row = b2b.iloc[0]
>>> bool(abs(profit.iloc[0] - (row["sales_2025"] * row["gross_margin"]
...                            - row["service_cost_2025"])) < 1e-9)
True
>>> profit_formula()
'sales_2025 × gross_margin − service_cost_2025'
"""

from __future__ import annotations

import pandas as pd

from . import _usage
from .validation import check_columns, check_frame, data_first, numeric_column

#: Column names of the kit's business-customer data (``b2b_customers``).
SALES, MARGIN, COST = "sales_2025", "gross_margin", "service_cost_2025"


def profit_formula(*, sales: str = SALES, margin: str = MARGIN, cost: str = COST) -> str:
    """The rule written out with the column names, for descriptions and messages."""
    return f"{sales} × {margin} − {cost}"


@data_first(old_order=("sales", "margin", "cost"))
def profit_contribution(
    data: pd.DataFrame, *, sales: str = SALES, margin: str = MARGIN, cost: str = COST
) -> pd.Series:
    """Each customer's profit contribution: ``sales`` × ``margin`` − ``cost``.

    ``margin`` is a fraction (0.24 means 24%). The result is a float Series named ``profit``
    with the index of ``data``; a loss-making customer gets a negative value.
    """
    _usage.record("profit_contribution")
    check_frame(data, "data")
    check_columns(data, [sales, margin, cost])
    s = numeric_column(data, sales)
    m = numeric_column(data, margin)
    c = numeric_column(data, cost)
    return (s * m - c).rename("profit")
