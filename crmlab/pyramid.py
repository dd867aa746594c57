"""The customer pyramid: rank customers by value and stack them into tiers.

>>> import crmlab as cl
>>> t = cl.pyramid(cl.load_dataset("changhai"), value="revenue", customer="customer")
>>> t.groupby("tier", observed=False).size().tolist()   # ceil(0.14)=1, ceil(2.8)=3, ceil(7)=7
[1, 2, 4, 7]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import _usage, engines
from ._i18n import LocalizedNames
from ._summary import group_summary
from .abc import descending_order
from .validation import (
    Integer,
    check_columns,
    check_cuts,
    check_frame,
    check_labels,
    check_option,
    check_unique,
    column_from_attrs,
    data_first,
    numeric_column,
)

PYRAMID_CUTS = (0.01, 0.20, 0.50)
#: The four tiers, top first, in the current language (see :func:`crmlab.set_language`).
PYRAMID_LABELS = LocalizedNames(
    ("重要客户", "次要客户", "普通客户", "小客户"),
    ("Top customers", "Major customers", "Regular customers", "Small customers"),
)
VIP_ABC_CUTS = (0.01, 0.05, 0.20)
VIP_ABC_LABELS = LocalizedNames(
    ("VIP客户", "A类重点客户", "B类普通客户", "C类小客户"),
    ("VIP customers", "Class A key customers", "Class B regular customers",
     "Class C small customers"),
)


def tier_sizes(n: int, *, cuts: Sequence[float] = PYRAMID_CUTS) -> list[int]:
    """Customers per tier under the ceil rule: tier k holds ranks up to ceil(cuts[k]·n).

    This is the kit's one implementation of the ceiling rule; the top ``p`` share of ``n``
    customers is ``tier_sizes(n, cuts=[p])[0]`` customers. ``cuts[k]·n`` is rounded to
    9 decimals first so that 0.2·15 = 3.0000000000000004 counts as 3.

    >>> tier_sizes(14), tier_sizes(15, cuts=[0.2])
    ([1, 2, 4, 7], [3, 12])
    """
    n = check_option(n, "n", Integer(0))
    cut_list = check_cuts(cuts)
    bounds = [min(n, math.ceil(round(c * n, 9))) for c in cut_list] + [n]
    sizes, prev = [], 0
    for bound in bounds:
        bound = max(bound, prev)
        sizes.append(bound - prev)
        prev = bound
    return sizes


@data_first(old_order=("value", "customer", "cuts", "labels"))
def pyramid(
    data: pd.DataFrame,
    *,
    value: str,
    customer: str | None = None,
    cuts: Sequence[float] = PYRAMID_CUTS,
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Rank by ``value`` (descending, stable) and assign pyramid tiers.

    The row at rank r of n is in tier k when r <= ceil(cuts[k]·n) (and not in a higher tier);
    rows below the last cut form the bottom tier. With the default cuts the tiers are
    重要客户 (top 1%), 次要客户 (to 20%), 普通客户 (to 50%) and 小客户 (the rest).
    ``tier`` is an ordered categorical, top tier first. Negative values (loss-making customers)
    are allowed and sort to the bottom. Use ``cuts=VIP_ABC_CUTS, labels=VIP_ABC_LABELS`` for
    the four-level VIP/A/B/C scheme (1% / 4% / 15% / 80%).
    """
    _usage.record("pyramid")
    if engines.wants_engine(data):  # polars, DuckDB, Dask, Parquet/CSV: read into pandas first
        data = engines.to_pandas(data, "data")
    check_frame(data, "data")
    check_columns(data, [value, customer])
    cut_list = check_cuts(cuts)
    if labels is None:
        if tuple(cut_list) == PYRAMID_CUTS:
            labels = PYRAMID_LABELS
        elif tuple(cut_list) == VIP_ABC_CUTS:
            labels = VIP_ABC_LABELS
        else:
            labels = tuple(f"T{k + 1}" for k in range(len(cut_list) + 1))
    labels = check_labels(labels, len(cut_list) + 1)
    values = numeric_column(data, value, allow_negative=True)
    check_unique(data, customer)

    order = descending_order(values.to_numpy())
    out = data.iloc[order].reset_index(drop=True)
    if not pd.api.types.is_numeric_dtype(data[value]):
        out[value] = values.to_numpy()[order]
    n = len(out)
    sizes = tier_sizes(n, cuts=cut_list)
    codes = np.repeat(np.arange(len(labels)), sizes)
    out["rank"] = np.arange(1, n + 1)
    out["tier"] = pd.Categorical.from_codes(codes, categories=labels, ordered=True)
    out.attrs = {"value": value, "customer": customer, "cuts": tuple(cut_list)}
    return out


@data_first(old_order=("value",))
def pyramid_summary(
    data: pd.DataFrame, *, value: str | None = None, group: str = "tier"
) -> pd.DataFrame:
    """Per tier (top first): customers, value, their shares and the cumulative shares.

    ``data`` is a :func:`pyramid` result; ``value`` defaults to the column ``pyramid`` ranked by
    (kept in ``data.attrs``, which a merge may drop: then name it). The columns are the ones
    every summary has (``group``, ``customers``, ``customer_share``, ``value``,
    ``value_share``, ``cum_customer_share``, ``cum_value_share``). With loss-making customers
    the bottom tier's value share can be negative; if the total itself is not positive, shares
    are not defined and an error is raised.
    """
    check_frame(data, "data")
    value = column_from_attrs(data, value, "value", "pyramid", "value")
    check_columns(data, [group])
    return group_summary(data, group=group, value=value)
