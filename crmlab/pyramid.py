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
from ._i18n import tr
from .abc import _summary, descending_order
from .validation import (
    CrmlabError,
    check_columns,
    check_cuts,
    check_frame,
    check_unique,
    numeric_column,
)

PYRAMID_CUTS = (0.01, 0.20, 0.50)
PYRAMID_LABELS = ("重要客户", "次要客户", "普通客户", "小客户")
_PYRAMID_LABELS_EN = ("Top customers", "Major customers", "Regular customers", "Small customers")
VIP_ABC_CUTS = (0.01, 0.05, 0.20)
VIP_ABC_LABELS = ("VIP客户", "A类重点客户", "B类普通客户", "C类小客户")


def tier_sizes(n: int, cuts: Sequence[float]) -> list[int]:
    """Customers per tier under the ceil rule: tier k holds ranks up to ceil(cuts[k]·n).

    ``cuts[k]·n`` is rounded to 9 decimals first so that 0.2·15 = 3.0000000000000004 counts as 3.
    """
    bounds = [min(n, math.ceil(round(c * n, 9))) for c in cuts] + [n]
    sizes, prev = [], 0
    for bound in bounds:
        bound = max(bound, prev)
        sizes.append(bound - prev)
        prev = bound
    return sizes


def pyramid(
    df: pd.DataFrame,
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
    if engines.wants_engine(df):  # polars, DuckDB, Dask, Parquet/CSV: read into pandas first
        df = engines.to_pandas(df)
    check_frame(df)
    check_columns(df, [value, customer])
    cut_list = check_cuts(cuts)
    if labels is None:
        if tuple(cut_list) == PYRAMID_CUTS:
            labels = PYRAMID_LABELS if tr("zh", "en") == "zh" else _PYRAMID_LABELS_EN
        elif tuple(cut_list) == VIP_ABC_CUTS:
            labels = VIP_ABC_LABELS
        else:
            labels = tuple(f"T{k + 1}" for k in range(len(cut_list) + 1))
    labels = [str(x) for x in labels]
    if len(labels) != len(cut_list) + 1:
        raise CrmlabError(
            f"{len(cut_list)} 个分界点需要 {len(cut_list) + 1} 个层级名称，收到 {len(labels)} 个。",
            f"{len(cut_list)} cuts need {len(cut_list) + 1} labels, got {len(labels)}.",
        )
    if len(set(labels)) != len(labels):
        raise CrmlabError(
            f"层级名称不能重复：{labels}。", f"tier labels must be distinct: {labels}."
        )
    values = numeric_column(df, value, allow_negative=True)
    check_unique(df, customer)

    order = descending_order(values.to_numpy())
    out = df.iloc[order].reset_index(drop=True)
    if not pd.api.types.is_numeric_dtype(df[value]):
        out[value] = values.to_numpy()[order]
    n = len(out)
    sizes = tier_sizes(n, cut_list)
    codes = np.repeat(np.arange(len(labels)), sizes)
    out["rank"] = np.arange(1, n + 1)
    out["tier"] = pd.Categorical.from_codes(
        codes, categories=labels, ordered=True
    )
    out.attrs = {"value": value, "customer": customer, "cuts": tuple(cut_list)}
    return out


def pyramid_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per tier (top first): customers and their share, value and its share of the total.

    With loss-making customers the bottom tier's value share can be negative; if the total
    itself is not positive, shares are not defined and an error is raised.
    """
    check_frame(table, "table")
    check_columns(table, ["tier"])
    value = table.attrs.get("value")
    if value is None or value not in table.columns:
        raise CrmlabError(
            "这张表不是 pyramid 的结果（缺少 attrs['value']）。",
            "this table is not a result of pyramid (attrs['value'] is missing).",
        )
    total = float(table[value].sum())
    if total <= 0:
        raise CrmlabError(
            f"列 {value!r} 的合计为 {total:g}（亏损客户抵消了全部利润），无法计算价值占比。",
            f"column {value!r} sums to {total:g} (losses cancel all profit); value shares are "
            "not defined.",
        )
    return _summary(table, "tier", value)
