"""Lesson 01's own formulas, shared by its checks and its widgets: spreading a service budget
over the member tiers."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmlab.validation import CrmlabError, check_frame, numeric_column

#: The service weights the lesson uses: one 普通 member counts 1, each tier up doubles.
DEFAULT_WEIGHTS = {"钻石": 8, "铂金": 4, "黄金": 2, "普通": 1}


def budget_split(
    tiers, value, weights: Mapping[str, float] = DEFAULT_WEIGHTS, budget: float = 20000
) -> pd.DataFrame:
    """Split ``budget`` (元) over customers equally, and weighted by tier.

    ``tiers`` and ``value`` give each customer's tier and the value they bring (same length).
    Weighted: a customer of tier t gets ``weights[t]`` shares; one share is
    ``budget / Σ weights over all customers``. Returns one row per tier (in the order of
    ``weights``): ``members``, ``value``, ``value_share``, ``each_equal``, ``budget_equal``,
    ``each_weighted``, ``budget_weighted``, ``value_per_yuan_equal``,
    ``value_per_yuan_weighted`` (value brought per 元 of service; NaN for an empty tier).
    """
    t = pd.Series(tiers).astype(str).reset_index(drop=True)
    frame = check_frame(pd.DataFrame({"tier": t, "value": pd.Series(value).reset_index(
        drop=True)}), "tiers/value")
    if len(pd.Series(value)) != len(t):
        raise CrmlabError(
            f"tiers 有 {len(t)} 个值，value 有 {len(pd.Series(value))} 个值，数量必须一致。",
            f"tiers has {len(t)} values but value has {len(pd.Series(value))}; they must match.",
        )
    v = numeric_column(frame, "value", allow_negative=False)
    unknown = sorted(set(t) - set(weights))
    if unknown:
        raise CrmlabError(
            f"等级 {unknown[0]!r} 没有权重；weights 里有的等级是 {list(weights)}。",
            f"tier {unknown[0]!r} has no weight; weights has {list(weights)}.",
        )
    for name, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, (int, float, np.number)) or w < 0:
            raise CrmlabError(
                f"等级 {name!r} 的权重 {w!r} 应是不小于 0 的数。",
                f"the weight of tier {name!r} ({w!r}) must be a number of at least 0.",
            )
    if not (isinstance(budget, (int, float, np.number)) and budget > 0):
        raise CrmlabError(f"预算应是正数，收到 {budget!r}。",
                          f"budget must be a positive number, got {budget!r}.")
    order = list(weights)
    members = t.value_counts().reindex(order, fill_value=0)
    totals = v.groupby(t).sum().reindex(order, fill_value=0.0)
    w = pd.Series({k: float(x) for k, x in weights.items()}).reindex(order)
    units = float((members * w).sum())
    if units <= 0:
        raise CrmlabError("所有会员的权重合计为 0，无法按等级分配预算。",
                          "the weights of all members add up to 0; nothing to split.")
    out = pd.DataFrame({"members": members.astype("int64"), "value": totals})
    out["value_share"] = out["value"] / float(v.sum()) if float(v.sum()) > 0 else np.nan
    out["each_equal"] = budget / len(t)
    out["budget_equal"] = out["each_equal"] * out["members"]
    out["each_weighted"] = budget * w / units
    out["budget_weighted"] = out["each_weighted"] * out["members"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["value_per_yuan_equal"] = out["value"] / out["budget_equal"].where(
            out["budget_equal"] > 0)
        out["value_per_yuan_weighted"] = out["value"] / out["budget_weighted"].where(
            out["budget_weighted"] > 0)
    out.index.name = "tier"
    return out

