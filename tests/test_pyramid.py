"""Customer pyramid: the ceil rule, negative values, other cut sets."""

import math
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlab as cl

REVENUE = [590, 140, 100, 740, 120, 68, 50, 50, 20, 40, 12, 40, 10, 20]


def test_changhai_tiers_by_hand():
    df = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    t = cl.pyramid(df, value="revenue", customer="customer")
    # n = 14: ceil(0.14) = 1, ceil(2.8) = 3, ceil(7) = 7.
    tiers = {name: t.loc[t["tier"] == name, "customer"].tolist() for name in cl.PYRAMID_LABELS}
    assert tiers == {
        "重要客户": [4],
        "次要客户": [1, 2],
        "普通客户": [5, 3, 6, 7],
        "小客户": [8, 10, 12, 9, 14, 11, 13],
    }
    assert t["tier"].cat.ordered
    assert list(t["tier"].cat.categories) == list(cl.PYRAMID_LABELS)


def test_summary_by_hand():
    df = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    s = cl.pyramid_summary(cl.pyramid(df, value="revenue", customer="customer"))
    assert s["customers"].tolist() == [1, 2, 4, 7]
    assert s["value"].tolist() == [740, 730, 338, 192]
    assert s["value_share"].tolist() == pytest.approx([0.37, 0.365, 0.169, 0.096])


def test_negative_profit_sorts_to_bottom():
    df = pd.DataFrame({"id": list("abcde"), "profit": [5.0, -3.0, 10.0, 0.0, -1.0]})
    t = cl.pyramid(df, value="profit", customer="id", cuts=(0.2, 0.4, 0.6),
                   labels=["T1", "T2", "T3", "T4"])
    assert t["id"].tolist() == ["c", "a", "d", "e", "b"]
    assert t["tier"].astype(str).tolist() == ["T1", "T2", "T3", "T4", "T4"]
    s = cl.pyramid_summary(t)
    assert s.loc[s["group"] == "T4", "value"].item() == -4.0


def test_vip_abc_scheme():
    df = pd.DataFrame({"id": range(200), "v": range(200, 0, -1)})
    t = cl.pyramid(df, value="v", customer="id", cuts=cl.VIP_ABC_CUTS, labels=cl.VIP_ABC_LABELS)
    # 1% of 200 = 2, 5% = 10, 20% = 40 -> sizes 2, 8, 30, 160
    assert t["tier"].value_counts(sort=False).tolist() == [2, 8, 30, 160]


def test_float_noise_in_cut_times_n():
    # 0.2 * 15 = 3.0000000000000004 in floating point; the tier must still hold 3 customers.
    df = pd.DataFrame({"v": range(15, 0, -1)})
    t = cl.pyramid(df, value="v", cuts=(0.2,), labels=["top", "rest"])
    assert (t["tier"] == "top").sum() == 3


@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(st.integers(-1000, 10_000), min_size=1, max_size=250),
    cuts=st.lists(st.integers(1, 99), min_size=1, max_size=4, unique=True).map(sorted),
)
def test_pyramid_properties(values, cuts):
    fractions = [Fraction(c, 100) for c in cuts]
    df = pd.DataFrame({"id": range(len(values)), "v": values})
    before = df.copy()
    labels = [f"L{i}" for i in range(len(cuts) + 1)]
    t = cl.pyramid(df, value="v", customer="id", cuts=[c / 100 for c in cuts], labels=labels)
    pd.testing.assert_frame_equal(df, before)
    n = len(values)
    assert sorted(t["id"]) == list(range(n))
    assert t["tier"].notna().all()
    # sizes follow the ceil rule, computed in exact arithmetic
    bounds = [min(n, math.ceil(f * n)) for f in fractions] + [n]
    sizes, prev = [], 0
    for bd in bounds:
        sizes.append(max(bd, prev) - prev)
        prev = max(bd, prev)
    assert t["tier"].value_counts(sort=False).tolist() == sizes
    assert t["id"].tolist() == sorted(range(n), key=lambda i: -values[i])
