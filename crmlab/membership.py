"""Membership tiers of the travel-company case, and re-tiering every 60 days.

Tiers: 钻石 (diamond) from 10000 points, 铂金 (platinum) from 3000, 黄金 (gold) from 300, each
only with good credit; everyone else is 普通 (regular).

>>> import crmlab as cl
>>> cl.member_tier(10000, True), cl.member_tier(12000, False), cl.member_tier(299, True)
('钻石', '普通', '普通')
"""

from __future__ import annotations

from collections.abc import MutableMapping

import numpy as np
import pandas as pd

from . import _usage
from ._i18n import LocalizedNames
from .validation import (
    CrmlabError,
    Integer,
    check_columns,
    check_date,
    check_frame,
    check_option,
    data_first,
    date_column,
    numeric_column,
)

#: The four tiers, lowest first, in the current language (see :func:`crmlab.set_language`).
MEMBER_TIERS = LocalizedNames(("普通", "黄金", "铂金", "钻石"),
                              ("Regular", "Gold", "Platinum", "Diamond"))

_DAYS = Integer(1, "（天数）", " of days")


class TierThresholds(MutableMapping):
    """Points needed for each tier above 普通, keyed by tier name in the current language.

    A tier's name in either language works as a key, so ``TIER_THRESHOLDS["黄金"]`` and
    ``TIER_THRESHOLDS["Gold"]`` are the same entry. :func:`member_tier` and :func:`retier` read
    these numbers on every call: changing one changes the tiers they give.
    """

    def __init__(self, points):
        self._points = [None, *points]  # one entry per MEMBER_TIERS position; 普通 has none

    def _pos(self, name) -> int:
        pos = MEMBER_TIERS.canonical(name)
        if pos is None or pos == 0:
            raise KeyError(name)
        return pos

    def __getitem__(self, name):
        return self._points[self._pos(name)]

    def __setitem__(self, name, points) -> None:
        self._points[self._pos(name)] = points

    def __delitem__(self, name) -> None:
        raise TypeError("every tier needs a threshold; change it instead of deleting it")

    def __iter__(self):
        return iter(MEMBER_TIERS[1:])

    def __len__(self) -> int:
        return len(MEMBER_TIERS) - 1

    def __repr__(self) -> str:
        return repr(dict(self))

    def ordered(self) -> list[float]:
        """The thresholds from 黄金 up; they must increase."""
        points = [float(p) for p in self._points[1:]]
        if any(lo >= hi for lo, hi in zip(points, points[1:])):
            raise CrmlabError(
                f"等级门槛必须从低到高递增，现在是 {dict(self)}。",
                f"tier thresholds must increase from tier to tier, got {dict(self)}.",
            )
        return points


#: 黄金 from 300 points, 铂金 from 3000, 钻石 from 10000 (each only with good credit).
TIER_THRESHOLDS = TierThresholds((300, 3000, 10000))


def _tier_names() -> list[str]:
    return list(MEMBER_TIERS)


def _tier_codes(points: np.ndarray, good: np.ndarray) -> np.ndarray:
    code = np.zeros(len(points), dtype="int64")
    for k, need in enumerate(TIER_THRESHOLDS.ordered(), start=1):
        code[points >= need] = k
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
    Points must be non-negative numbers; credit must be True/False. The points needed for each
    tier are read from :data:`TIER_THRESHOLDS` on every call.
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


@data_first(old_order=("customer", "date", "points", "credit", "start", "end"))
def retier(
    data: pd.DataFrame,
    *,
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
    orders = data
    check_frame(orders, "data")
    check_columns(orders, [customer, date, points])
    day = date_column(orders, date).dt.normalize()
    pts = numeric_column(orders, points, allow_negative=False)
    every = check_option(every, "every", _DAYS)
    window = check_option(window, "window", _DAYS)
    first = check_date(start, "start") if start is not None else day.min()
    last = check_date(end, "end") if end is not None else day.max() + pd.Timedelta(days=1)
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
