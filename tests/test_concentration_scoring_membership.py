"""Concentration, weighted scores and membership tiers, with hand-worked expectations."""

import numpy as np
import pandas as pd
import pytest

import crmlab as cl


def test_concentration_changhai_by_hand():
    rev = [590, 140, 100, 740, 120, 68, 50, 50, 20, 40, 12, 40, 10, 20]
    c = cl.concentration(rev)
    assert c.n == 14 and c.total == 2000
    assert c.top_share == pytest.approx((740 + 590 + 140) / 2000)   # ceil(2.8) = 3 customers
    # Gini by the mean-absolute-difference definition, computed by brute force.
    x = np.array(rev, dtype=float)
    g = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert c.gini == pytest.approx(g)
    assert c.pareto.iloc[0].tolist() == [0.0, 0.0]
    assert c.pareto.iloc[-1].tolist() == pytest.approx([1.0, 1.0])
    assert c.pareto["cum_value_share"].iloc[1] == pytest.approx(0.37)
    assert c.lorenz["cum_value_share"].iloc[1] == pytest.approx(10 / 2000)


def test_equal_values_have_gini_zero():
    c = cl.concentration([5, 5, 5, 5])
    assert c.gini == pytest.approx(0.0)
    assert c.top_share == pytest.approx(0.25)


def test_weighted_score_by_hand():
    df = pd.DataFrame({"sales": [100, 300, 200], "overdue": [0, 30, 10]})
    s = cl.weighted_score(df, weights={"sales": 3, "overdue": 2},
                          higher_is_better={"overdue": False})
    # weights normalise to 0.6 / 0.4; minmax sales -> 0, 1, .5; overdue flipped -> 1, 0, 2/3
    assert s["score"].tolist() == pytest.approx([40.0, 60.0, 30 + 80 / 3])
    assert s["score_rank"].tolist() == [3, 1, 2]
    assert "score" not in df.columns


def test_weighted_score_rank_method():
    df = pd.DataFrame({"a": [1, 2, 3, 4]})
    s = cl.weighted_score(df, weights={"a": 1}, normalize="rank")
    assert s["score"].tolist() == pytest.approx([25, 50, 75, 100])


def test_member_tier_edges():
    assert cl.member_tier(10000, True) == "钻石"
    assert cl.member_tier(9999, True) == "铂金"
    assert cl.member_tier(3000, True) == "铂金"
    assert cl.member_tier(2999, True) == "黄金"
    assert cl.member_tier(300, True) == "黄金"
    assert cl.member_tier(299, True) == "普通"
    assert cl.member_tier(0, True) == "普通"
    assert cl.member_tier(50000, False) == "普通"   # bad credit cannot hold a tier
    s = cl.member_tier(pd.Series([300, 20000], index=["x", "y"]), pd.Series([True, False]))
    assert s.tolist() == ["黄金", "普通"] and s.index.tolist() == ["x", "y"]
    assert s.cat.ordered


def test_retier_walks_forward_by_hand():
    orders = pd.DataFrame({
        "m": ["a", "a", "b", "b"],
        "d": ["2024-01-05", "2024-03-01", "2024-01-10", "2024-01-20"],
        "p": [200, 200, 5000, 6000],
    })
    h = cl.retier(orders, customer="m", date="d", points="p", credit={"b": False},
                  start="2024-01-01",
                  end="2024-05-01", every=60, window=365)
    # reviews: Jan 1, Mar 1, Apr 30
    assert sorted(h["review_date"].dt.strftime("%m-%d").unique()) == ["01-01", "03-01", "04-30"]
    a = h[h["m"] == "a"].set_index(h[h["m"] == "a"]["review_date"].dt.strftime("%m-%d"))
    assert a["points_12m"].tolist() == [0, 200, 400]       # Mar 1 order counts from Apr 30
    assert a["tier"].astype(str).tolist() == ["普通", "普通", "黄金"]
    b = h[h["m"] == "b"]
    assert b["points_12m"].tolist() == [0, 11000, 11000]
    assert set(b["tier"].astype(str)) == {"普通"}           # bad credit
    assert (h["valid_until"] - h["review_date"]).dt.days.unique().tolist() == [59]


def test_english_labels():
    cl.set_language("en")
    try:
        assert cl.member_tier(10000, True) == "Diamond"
        t = cl.pyramid(pd.DataFrame({"v": [3, 2, 1]}), value="v")
        assert list(t["tier"].cat.categories)[0] == "Top customers"
    finally:
        cl.set_language("zh")
