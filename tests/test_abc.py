"""ABC analysis on the 14-customer table (table 3-7), expected values worked out by hand."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crmlab as cl

REVENUE = [590, 140, 100, 740, 120, 68, 50, 50, 20, 40, 12, 40, 10, 20]


@pytest.fixture
def changhai():
    return pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})


def test_table_3_8_by_hand(changhai):
    t = cl.abc_analysis(changhai, value="revenue", customer="customer")
    # Sorted by hand; ties (7, 8) and (10, 12) and (9, 14) keep their original order.
    assert t["customer"].tolist() == [4, 1, 2, 5, 3, 6, 7, 8, 10, 12, 9, 14, 11, 13]
    assert t["revenue"].tolist() == [740, 590, 140, 120, 100, 68, 50, 50, 40, 40, 20, 20, 12, 10]
    # Cumulative revenue and shares (total 2000), typed in from a hand calculation.
    cum = [740, 1330, 1470, 1590, 1690, 1758, 1808, 1858, 1898, 1938, 1958, 1978, 1990, 2000]
    assert t["cum_value"].tolist() == cum
    cum_pct = [37.0, 66.5, 73.5, 79.5, 84.5, 87.9, 90.4, 92.9, 94.9, 96.9, 97.9, 98.9, 99.5, 100]
    assert [round(x * 100, 1) for x in t["cum_share"]] == cum_pct
    share_pct = [37.0, 29.5, 7.0, 6.0, 5.0, 3.4, 2.5, 2.5, 2.0, 2.0, 1.0, 1.0, 0.6, 0.5]
    assert [round(x * 100, 1) for x in t["share"]] == share_pct
    assert t["rank"].tolist() == list(range(1, 15))
    assert t["cum_count_share"].iloc[6] == pytest.approx(0.5)


def test_abc_classes_by_hand(changhai):
    t = cl.abc_analysis(changhai, value="revenue", customer="customer")
    groups = {c: set(t.loc[t["abc_class"] == c, "customer"]) for c in "ABC"}
    assert groups == {"A": {4, 1, 2, 5}, "B": {3, 6, 7, 8, 10}, "C": {12, 9, 14, 11, 13}}
    assert list(t["abc_class"].cat.categories) == ["A", "B", "C"]
    assert t["abc_class"].cat.ordered


def test_boundary_exactly_at_a_is_a():
    # 80 + 20: the first row's cum_share is exactly 0.8, so it is A (rule: <= a).
    df = pd.DataFrame({"v": [80, 15, 5]})
    t = cl.abc_analysis(df, value="v")
    assert t["abc_class"].tolist() == ["A", "B", "C"]
    t2 = cl.abc_analysis(pd.DataFrame({"v": [0.1] * 10}), value="v", a=0.3, b=0.6)
    # cum shares 0.1, 0.2, 0.30000000000000004 ... must still count 0.3 as A.
    assert t2["abc_class"].tolist() == ["A"] * 3 + ["B"] * 3 + ["C"] * 4


def test_summary_by_hand(changhai):
    s = cl.abc_summary(cl.abc_analysis(changhai, value="revenue", customer="customer"))
    assert s["group"].astype(str).tolist() == ["A", "B", "C"]
    assert s["customers"].tolist() == [4, 5, 5]
    assert s["value"].tolist() == [1590, 308, 102]
    assert s["value_share"].round(3).tolist() == [0.795, 0.154, 0.051]
    assert s["customer_share"].round(4).tolist() == [round(4 / 14, 4), round(5 / 14, 4),
                                                     round(5 / 14, 4)]
    # cumulative from the top: 4, 9, 14 of 14 customers; 1590, 1898, 2000 of 2000 revenue
    assert s["cum_customer_share"].tolist() == pytest.approx([4 / 14, 9 / 14, 1.0])
    assert s["cum_value_share"].tolist() == pytest.approx([0.795, 0.949, 1.0])


def test_summary_after_a_merge_that_drops_attrs(changhai):
    t = cl.abc_analysis(changhai, value="revenue", customer="customer")
    names = pd.DataFrame({"customer": range(1, 15), "name": [f"c{k}" for k in range(1, 15)]})
    merged = t.merge(names, on="customer")
    merged.attrs = {}  # what a merge may do: the summary must not depend on it
    with pytest.raises(cl.CrmlabError, match="value="):
        cl.abc_summary(merged)
    s = cl.abc_summary(merged, value="revenue")
    assert s["value"].tolist() == [1590, 308, 102]


def test_display_shows_percent(changhai):
    d = cl.abc_display(cl.abc_analysis(changhai, value="revenue", customer="customer"))
    assert d["cum_share"].iloc[3] == "79.5%"
    assert d["share"].iloc[0] == "37.0%"


def test_custom_limits(changhai):
    t = cl.abc_analysis(changhai, value="revenue", customer="customer", a=0.7, b=0.9)
    assert t.loc[t["abc_class"] == "A", "customer"].tolist() == [4, 1]
    assert t.loc[t["abc_class"] == "B", "customer"].tolist() == [2, 5, 3, 6]


def test_input_unchanged_and_new_frame(changhai):
    before = changhai.copy()
    t = cl.abc_analysis(changhai, value="revenue", customer="customer")
    pd.testing.assert_frame_equal(changhai, before)
    assert t is not changhai


def test_numeric_text_and_fullwidth_accepted():
    df = pd.DataFrame({"c": [1, 2, 3], "v": ["５９０", " 140 ", "10.5"]})
    t = cl.abc_analysis(df, value="v", customer="c")
    assert t["v"].tolist() == [590.0, 140.0, 10.5]


values_strategy = st.lists(
    st.one_of(st.integers(0, 10_000), st.floats(0, 1e6, allow_nan=False)),
    min_size=1, max_size=60,
).filter(lambda xs: sum(xs) > 0)


@settings(max_examples=150, deadline=None)
@given(values=values_strategy, a=st.floats(0.05, 0.9), gap=st.floats(0.01, 0.09))
def test_abc_properties(values, a, gap):
    b = min(a + gap, 1.0)
    df = pd.DataFrame({"id": range(len(values)), "v": values})
    before = df.copy()
    t = cl.abc_analysis(df, value="v", customer="id", a=a, b=b)
    pd.testing.assert_frame_equal(df, before)
    # every customer exactly once, exactly one class
    assert sorted(t["id"]) == list(range(len(values)))
    assert t["abc_class"].notna().all()
    # cum_share non-decreasing and ends at 1
    assert (t["cum_share"].diff().dropna() >= -1e-12).all()
    assert t["cum_share"].iloc[-1] == pytest.approx(1.0)
    # stable descending order: equal values keep their original order
    expected = sorted(range(len(values)), key=lambda i: -values[i])
    assert t["id"].tolist() == expected
    # rule, recomputed with exact fractions of the plain cumulative sum
    total = math.fsum(values)
    running = 0.0
    for i, row in zip(expected, t.itertuples()):
        running = math.fsum([running, values[i]])
        share = running / total
        want = "A" if share <= a + 1e-9 else "B" if share <= b + 1e-9 else "C"
        assert row.abc_class == want
