"""Hidden tests for lesson 05 RFM 模型 (teacher side only).

The expected R, F and M of every CDNOW customer are worked out here in plain pandas from the
purchase log packaged with crmlab (read by path, never through crmlab's functions), once per
process: the hidden-test process grades many students in a row.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab.teacher.hidden import Fail, Submission

EXERCISES = {
    "q1_recency": ["recency"],
    "q2_frequency": ["frequency"],
    "q3_monetary": ["monetary"],
    "q4_high_low": ["hl"],
    "q5_segments": ["seg"],
    "q6_top_segment": ["top_segment", "top_value_share"],
}

#: The lesson's fixed analysis date (the day after the last purchase in the log).
AS_OF = pd.Timestamp("1998-07-01")

#: crmlab's RFM functions, which exercises 1-3 ask the student not to use.
RFM_FUNCTIONS = ["rfm_table", "rfm_scores", "rfm_segments"]
#: What exercises 4 and 5 must do without: crmlab's segmentation and the table it made.
SEGMENTATION = ["rfm_segments", "rfm_scores", "seg_mean"]

#: The eight segments by (R high, F high, M high).
SEGMENT_NAMES = {
    (True, True, True): "重要价值客户",
    (False, True, True): "重要保持客户",
    (True, False, True): "重要发展客户",
    (False, False, True): "重要挽留客户",
    (True, True, False): "一般价值客户",
    (False, True, False): "一般保持客户",
    (True, False, False): "一般发展客户",
    (False, False, False): "一般挽留客户",
}

FLAGS = ["R_high", "F_high", "M_high"]


# ---------------------------------------------------------------------------------------------
# Expected values, computed once per process


def _data_file() -> Path:
    spec = importlib.util.find_spec("crmlab")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "data" / "cdnow_master.txt.gz"


@functools.cache
def _rfm() -> pd.DataFrame:
    """R (days), F (purchases) and M (dollars) per customer id, in customer-id order."""
    tx = pd.read_csv(_data_file(), sep=r"\s+", dtype={"customer_id": str, "date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    g = tx.groupby("customer_id")
    return pd.DataFrame(
        {
            "recency": (AS_OF - g["date"].max()).dt.days,
            "frequency": g.size(),
            "monetary": g["dollar_value"].sum(),
        }
    )


@functools.cache
def _flags() -> pd.DataFrame:
    """High/low against the mean; R is high when the recency is below its mean."""
    r = _rfm()
    return pd.DataFrame(
        {
            "R_high": r["recency"] < r["recency"].mean(),
            "F_high": r["frequency"] > r["frequency"].mean(),
            "M_high": r["monetary"] > r["monetary"].mean(),
        }
    )


@functools.cache
def _segments() -> pd.Series:
    f = _flags()
    names = [SEGMENT_NAMES[key] for key in zip(f["R_high"], f["F_high"], f["M_high"])]
    return pd.Series(names, index=f.index)


@functools.cache
def _value_share() -> pd.Series:
    """Each segment's share of all the money spent."""
    money = _rfm()["monetary"].groupby(_segments()).sum()
    return money / money.sum()


# ---------------------------------------------------------------------------------------------
# Shared helpers


def _per_customer(x, expected: pd.Series) -> np.ndarray | None:
    """The answer as floats in the order of ``expected``, or None if it has the wrong shape.

    Accepts a Series (or a one-column table, optionally with a ``customer_id`` column) indexed
    by customer id in any order, or values in customer-id order (a list or an unkeyed Series).
    """
    if isinstance(x, pd.DataFrame):
        if "customer_id" in x.columns:
            x = x.set_index("customer_id")
        if x.shape[1] != 1:
            return None
        x = x.iloc[:, 0]
    if isinstance(x, (list, tuple, np.ndarray)):
        x = pd.Series(x)
    if not isinstance(x, pd.Series) or len(x) != len(expected):
        return None
    order = _positions(x.index, expected.index)
    if order is not None:
        x = x.iloc[order]
    return np.asarray(x, dtype="float64")


def _matches(x, expected: pd.Series, **tolerance) -> bool:
    try:
        values = _per_customer(x, expected)
        return values is not None and bool(
            np.allclose(values, expected.to_numpy(dtype="float64"), **tolerance)
        )
    except Exception:  # noqa: BLE001 - an answer of the wrong shape is a wrong answer
        return False


def _in_customer_order(t: pd.DataFrame) -> pd.DataFrame:
    """A per-customer table in customer-id order (by its customer_id column or its index)."""
    ids = t["customer_id"] if "customer_id" in t.columns else t.index
    order = _positions(ids, _flags().index)
    if order is not None:
        t = t.iloc[order]
    return t.reset_index(drop=True)


def _positions(ids, expected: pd.Index) -> np.ndarray | None:
    """Where each expected customer id sits among ``ids`` (read as text), if ``ids`` holds
    exactly the expected ids, each once; otherwise None (the answer is taken in its order)."""
    ids = pd.Index(pd.Series(ids).astype(str))
    if len(ids) != len(expected) or not ids.is_unique:
        return None
    order = ids.get_indexer(expected)
    return order if bool((order >= 0).all()) else None


def _by_hand(sub: Submission, names: list[str], cells: list[str], message: str) -> None:
    used = sub.uses(names, cells=cells)
    if used:
        raise Fail(f"{message}（{'、'.join(used)}）。")


# ---------------------------------------------------------------------------------------------
# The tests


def q1_recency(sub: Submission) -> None:
    if not _matches(sub.get("recency"), _rfm()["recency"]):
        raise Fail("R（距最后一次购买的整天数）不对。")
    _by_hand(
        sub, RFM_FUNCTIONS, ["a1_recency"], "R 要自己用 groupby 计算，不能调用 crmlab 的 rfm 函数"
    )


def q2_frequency(sub: Submission) -> None:
    if not _matches(sub.get("frequency"), _rfm()["frequency"]):
        raise Fail("F（每位顾客的购买次数）不对。")
    _by_hand(
        sub, RFM_FUNCTIONS, ["a2_frequency"], "F 要自己用 groupby 计算，不能调用 crmlab 的 rfm 函数"
    )


def q3_monetary(sub: Submission) -> None:
    if not _matches(sub.get("monetary"), _rfm()["monetary"], rtol=1e-6, atol=1e-6):
        raise Fail("M（每位顾客的订单总金额）不对。")
    _by_hand(
        sub, RFM_FUNCTIONS, ["a3_monetary"], "M 要自己用 groupby 计算，不能调用 crmlab 的 rfm 函数"
    )


def q4_high_low(sub: Submission) -> None:
    expected = _flags()
    t = sub.table("hl")
    try:
        t = _in_customer_order(t)
        ok = len(t) == len(expected) and all(
            np.array_equal(t[c].astype(bool).to_numpy(), expected[c].to_numpy()) for c in FLAGS
        )
    except Exception:  # noqa: BLE001 - missing columns and the like are a wrong answer
        ok = False
    if not ok:
        raise Fail("R_high、F_high、M_high 的高/低判断不对。")
    _by_hand(
        sub,
        SEGMENTATION,
        ["a4_high_low"],
        "高/低要自己用比较运算判断，不能调用 cl.rfm_segments",
    )


def q5_segments(sub: Submission) -> None:
    expected = _segments()
    t = sub.table("seg")
    try:
        t = _in_customer_order(t)
        ok = len(t) == len(expected) and bool(
            (t["segment"].astype(str).to_numpy() == expected.to_numpy()).all()
        )
    except Exception:  # noqa: BLE001 - a missing segment column is a wrong answer
        ok = False
    if not ok:
        raise Fail("客户细分 (segment) 不对。")
    # `seg` is built on the flags of exercise 4, so that cell counts as well.
    _by_hand(
        sub,
        SEGMENTATION,
        ["a4_high_low", "a5_segments"],
        "细分要自己查映射表得到，不能调用 cl.rfm_segments",
    )


def q6_top_segment(sub: Submission) -> None:
    share = _value_share()
    if str(sub.get("top_segment")) != share.idxmax():
        raise Fail("价值占比最大的客户细分不对。")
    try:
        value = sub.number("top_value_share")
    except (TypeError, ValueError):  # e.g. a Series of several values: not one number
        value = None
    if value is None or abs(value - float(share.max())) >= 1e-6:
        raise Fail("这一类客户的价值占比不对。")
