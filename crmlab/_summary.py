"""The one summary schema shared by ABC classes, pyramid tiers and RFM segments.

Every summary has the columns ``group`` (the class, tier or segment, in its own order),
``customers``, ``customer_share``, ``value``, ``value_share``, ``cum_customer_share`` and
``cum_value_share`` (shares are fractions in 0..1; the cumulative ones add up the rows from the
top down).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .validation import CrmlabError, check_columns, check_frame, numeric_column

SUMMARY_COLUMNS = ("group", "customers", "customer_share", "value", "value_share",
                   "cum_customer_share", "cum_value_share")


def group_summary(data: pd.DataFrame, *, group: str, value: str) -> pd.DataFrame:
    """Per value of ``group`` (all categories, in order): customers, value and their shares.

    The total of ``value`` must be positive: with loss-making customers a group's value share
    can be negative, but if losses cancel all profit no share is defined and an error is raised.
    """
    check_frame(data, "data")
    check_columns(data, [group, value])
    values = numeric_column(data, value)
    total = float(values.sum())
    if total <= 0:
        raise CrmlabError(
            f"列 {value!r} 的合计为 {total:g}（例如亏损客户抵消了全部利润），无法计算价值占比。",
            f"column {value!r} sums to {total:g} (losses may cancel all profit); value shares "
            "are not defined.",
        )
    g = values.groupby(data[group], observed=False, sort=True)
    customers = g.size().astype("int64")
    sums = g.sum().astype("float64")
    out = pd.DataFrame({
        "group": customers.index,
        "customers": customers.to_numpy(),
        "customer_share": customers.to_numpy() / customers.sum(),
        "value": sums.to_numpy(),
        "value_share": sums.to_numpy() / total,
    })
    out["cum_customer_share"] = np.cumsum(out["customer_share"].to_numpy())
    out["cum_value_share"] = np.cumsum(out["value_share"].to_numpy())
    return out[list(SUMMARY_COLUMNS)]
