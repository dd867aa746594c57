"""Membership tiers of the travel-company case, and re-tiering every 60 days.

Tiers: 钻石 (diamond) from 10000 points, 铂金 (platinum) from 3000, 黄金 (gold) from 300, each
only with good credit; everyone else is 普通 (regular).

>>> import crmlab as cl
>>> cl.member_tier(10000, True), cl.member_tier(12000, False), cl.member_tier(299, True)
('钻石', '普通', '普通')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _usage
from ._i18n import tr
from .validation import CrmlabError, check_columns, check_frame, date_column, numeric_column

MEMBER_TIERS = ("普通", "黄金", "铂金", "钻石")
_MEMBER_TIERS_EN = ("Regular", "Gold", "Platinum", "Diamond")
TIER_THRESHOLDS = {"黄金": 300, "铂金": 3000, "钻石": 10000}


def _tier_names() -> list[str]:
    return [tr(zh, en) for zh, en in zip(MEMBER_TIERS, _MEMBER_TIERS_EN)]


def _tier_codes(points: np.ndarray, good: np.ndarray) -> np.ndarray:
    code = np.zeros(len(points), dtype="int64")
    code[points >= 300] = 1
    code[points >= 3000] = 2
    code[points >= 10000] = 3
    code[~good] = 0
    return code


def _as_bool(values, name: str) -> np.ndarray:
    arr = pd.Series(values).reset_index(drop=True)
    if pd.api.types.is_bool_dtype(arr):
        return arr.to_numpy(dtype=bool)
    for pos, v in enumerate(arr.tolist()):
        if not isinstance(v, (bool, np.bool_)) and v not in (0, 1):
            raise CrmlabError(
                f"{name} 第 {pos} 个值 {v!r} 不是真/假值（True/False）。",
                f"{name}, item {pos}: {v!r} is not a boolean (True/False).",
            )
    return arr.astype(bool).to_numpy()


def member_tier(points, good_credit):
    """The tier for given points and credit; works on scalars and on columns.

    Scalars give a string; lists, arrays and Series give an ordered categorical Series
    (普通 < 黄金 < 铂金 < 钻石) with the index of ``points`` when it is a Series.
    Points must be non-negative numbers; credit must be True/False.
    """
    _usage.record("member_tier")
    scalar = np.ndim(points) == 0 and np.ndim(good_credit) == 0
    p = pd.Series([points] if np.ndim(points) == 0 else points)
    index = p.index if isinstance(points, pd.Series) else None
    p = p.reset_index(drop=True)
    frame = check_frame(pd.DataFrame({"points": p}), "points")
    pts = numeric_column(frame, "points", allow_negative=False).to_numpy()
    good = _as_bool([good_credit] if np.ndim(good_credit) == 0 else good_credit, "good_credit")
    if len(good) == 1 and len(pts) > 1:
        good = np.repeat(good, len(pts))
    if len(good) != len(pts):
        raise CrmlabError(
            f"points 有 {len(pts)} 个值，good_credit 有 {len(good)} 个值，数量必须一致。",
            f"points has {len(pts)} values but good_credit has {len(good)}; they must match.",
        )
    codes = _tier_codes(pts, good)
    names = _tier_names()
    if scalar:
        return names[int(codes[0])]
    cat = pd.Categorical.from_codes(codes, categories=names, ordered=True)
    return pd.Series(cat, index=index, name="tier")


def retier(
    orders: pd.DataFrame,
    customer: str,
    date: str,
    points: str,
    credit=None,
    start=None,
    end=None,
    every: int = 60,
    window: int = 365,
) -> pd.DataFrame:
    """Walk forward through dated orders and recompute every member's tier every ``every`` days.

    At each review date d (``start``, ``start`` + ``every`` days, … up to ``end``) a member's
    points are the points of their orders dated in the ``window`` days before d
    (d − window <= order date < d). The tier then holds until the next review
    (``valid_until`` = d + every − 1 day). ``credit`` maps member id to good credit
    (a dict or Series; members missing from it, or all members when it is None, count as good).
    ``start`` defaults to the first order date, ``end`` to the day after the last one.

    Returns one row per member and review date: customer, ``review_date``, ``valid_until``,
    ``points_12m`` and ``tier``.
    """
    _usage.record("retier")
    check_frame(orders, "orders")
    check_columns(orders, [customer, date, points])
    day = date_column(orders, date).dt.normalize()
    pts = numeric_column(orders, points, allow_negative=False)
    if not isinstance(every, (int, np.integer)) or every < 1:
        raise CrmlabError(f"every 应是正整数天数，收到 {every!r}。",
                          f"every must be a positive number of days, got {every!r}.")
    if not isinstance(window, (int, np.integer)) or window < 1:
        raise CrmlabError(f"window 应是正整数天数，收到 {window!r}。",
                          f"window must be a positive number of days, got {window!r}.")
    first = pd.Timestamp(start).normalize() if start is not None else day.min()
    last = pd.Timestamp(end).normalize() if end is not None else day.max() + pd.Timedelta(days=1)
    if last < first:
        raise CrmlabError(f"end（{last.date()}）早于 start（{first.date()}）。",
                          f"end ({last.date()}) is before start ({first.date()}).")
    reviews = pd.date_range(first, last, freq=f"{every}D")
    members = pd.Index(pd.unique(orders[customer].to_numpy())).sort_values()
    good = pd.Series(True, index=members)
    if credit is not None:
        cred = pd.Series(credit)
        known = cred.index.intersection(members)
        good.loc[known] = _as_bool(cred.loc[known], "credit")

    frame = pd.DataFrame({"c": orders[customer].to_numpy(), "d": day.to_numpy(),
                          "p": pts.to_numpy()})
    rows = []
    for d in reviews:
        lo = d - pd.Timedelta(days=window)
        in_window = frame[(frame["d"] >= lo) & (frame["d"] < d)]
        total = in_window.groupby("c")["p"].sum().reindex(members, fill_value=0.0)
        rows.append(pd.DataFrame({
            customer: members,
            "review_date": d,
            "valid_until": d + pd.Timedelta(days=every - 1),
            "points_12m": total.to_numpy(),
        }))
    out = pd.concat(rows, ignore_index=True)
    codes = _tier_codes(out["points_12m"].to_numpy(), good.reindex(out[customer]).to_numpy())
    out["tier"] = pd.Categorical.from_codes(codes, categories=_tier_names(), ordered=True)
    return out
