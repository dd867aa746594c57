"""RFM on a hand-made log and on the real CDNOW log, checked against plain pandas."""

from importlib.resources import files

import numpy as np
import pandas as pd
import pytest

import crmlab as cl


@pytest.fixture
def tiny():
    return pd.DataFrame({
        "cust": ["a", "a", "a", "b", "c", "c"],
        "day": ["2024-01-01", "2024-02-10", "2024-02-10", "2024-01-15", "2023-12-01",
                "2024-02-28"],
        "order": ["o1", "o2", "o2", "o3", "o4", "o5"],
        "amt": [10.0, 5.0, 15.0, 100.0, 1.0, 2.0],
    })


def test_tiny_by_hand(tiny):
    r = cl.rfm_table(tiny, customer="cust", date="day", amount="amt", as_of="2024-03-01")
    assert r["cust"].tolist() == ["a", "b", "c"]
    # 2024 is a leap year: Feb 10 -> Mar 1 = 20 days, Jan 15 -> Mar 1 = 46, Feb 28 -> Mar 1 = 2.
    assert r["recency"].tolist() == [20, 46, 2]
    assert r["frequency"].tolist() == [3, 1, 2]   # rows
    assert r["monetary"].tolist() == [30.0, 100.0, 3.0]
    assert r["first_date"].tolist() == list(pd.to_datetime(["2024-01-01", "2024-01-15",
                                                            "2023-12-01"]))


def test_frequency_counts_orders_when_given(tiny):
    r = cl.rfm_table(tiny, customer="cust", date="day", amount="amt", order="order",
                     as_of="2024-03-01")
    assert r["frequency"].tolist() == [2, 1, 2]


def test_default_as_of_is_day_after_last(tiny):
    r = cl.rfm_table(tiny, customer="cust", date="day", amount="amt")
    assert r.attrs["as_of"] == pd.Timestamp("2024-02-29")
    assert r["recency"].tolist() == [19, 45, 1]


def test_window(tiny):
    r = cl.rfm_table(tiny, customer="cust", date="day", amount="amt", start="2024-01-01",
                     end="2024-01-31",
                     as_of="2024-02-01")
    assert r["cust"].tolist() == ["a", "b"]
    assert r["monetary"].tolist() == [10.0, 100.0]


def test_segments_mean_by_hand():
    rfm = pd.DataFrame({
        "id": [1, 2, 3, 4],
        "recency": [10, 100, 10, 100],      # mean 55: rows 1 and 3 are recent (high R)
        "frequency": [5, 5, 1, 1],          # mean 3
        "monetary": [500.0, 10.0, 10.0, 500.0],  # mean 255
    })
    s = cl.rfm_segments(rfm)
    assert s["segment"].astype(str).tolist() == ["重要价值客户", "一般保持客户", "一般发展客户",
                                                 "重要挽留客户"]
    assert s["R_high"].tolist() == [True, False, True, False]


def test_all_eight_segments_mapping():
    table = cl.rfm_segment_table()
    assert len(table) == 8 and table["segment"].is_unique
    row = table.set_index("segment").loc["重要保持客户"]
    assert (row["R"], row["F"], row["M"]) == ("低", "高", "高")
    row = table.set_index("segment").loc["一般发展客户"]
    assert (row["R"], row["F"], row["M"]) == ("高", "低", "低")
    assert table["strategy"].str.len().min() > 5


def test_median_and_strictness():
    rfm = pd.DataFrame({"recency": [1, 2, 3], "frequency": [1, 2, 3], "monetary": [1, 2, 3]})
    s = cl.rfm_segments(rfm, method="median")
    # median 2: strictly below/above, so the middle customer is low on everything
    assert s["R_high"].tolist() == [True, False, False]
    assert s["F_high"].tolist() == [False, False, True]


def test_scores_ties_share_a_score():
    rfm = pd.DataFrame({"recency": [5, 5, 5, 5, 1, 2, 3, 4, 9, 9],
                        "frequency": [1] * 7 + [2, 3, 4],
                        "monetary": np.arange(10.0)})
    sc = cl.rfm_scores(rfm, bins=5)
    for col, score in (("recency", "R_score"), ("frequency", "F_score")):
        assert (sc.groupby(col)[score].nunique() == 1).all()
    assert sc["F_score"][:7].unique().tolist() == [1]
    # M: 10 distinct values into 5 bins -> two per bin
    assert sc["M_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    # recency reversed: the most recent (1 day) gets the top score
    assert sc.loc[4, "R_score"] == 5 and sc.loc[8, "R_score"] == 1
    assert sc[["R_score", "F_score", "M_score"]].isin(range(1, 6)).all().all()


def _read_cdnow_plain():
    path = files("crmlab") / "data" / "cdnow_master.txt.gz"
    with path.open("rb") as fh:
        raw = pd.read_csv(fh, sep=r"\s+", compression="gzip", dtype={"customer_id": str})
    raw["date"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")
    return raw


def test_cdnow_against_plain_pandas():
    raw = _read_cdnow_plain()
    tx = cl.load_dataset("cdnow")
    r = cl.rfm_table(tx, customer="customer_id", date="date", amount="amount", as_of="1998-07-01")
    g = raw.groupby("customer_id")
    want = pd.DataFrame({
        "recency": (pd.Timestamp("1998-07-01") - g["date"].max()).dt.days,
        "frequency": g.size(),
        "monetary": g["dollar_value"].sum(),
    })
    got = r.set_index("customer_id")[["recency", "frequency", "monetary"]]
    assert len(got) == 23570
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_names=False)

    # segments by mean, recomputed in plain pandas
    s = cl.rfm_segments(r)
    rh = want["recency"] < want["recency"].mean()
    fh = want["frequency"] > want["frequency"].mean()
    mh = want["monetary"] > want["monetary"].mean()
    names = {(True, True, True): "重要价值客户", (False, True, True): "重要保持客户",
             (True, False, True): "重要发展客户", (False, False, True): "重要挽留客户",
             (True, True, False): "一般价值客户", (False, True, False): "一般保持客户",
             (True, False, False): "一般发展客户", (False, False, False): "一般挽留客户"}
    expected = [names[k] for k in zip(rh, fh, mh)]
    assert s["segment"].astype(str).tolist() == expected
    seg = cl.segment_summary(s)
    assert seg["customers"].sum() == 23570
    assert seg["value"].sum() == pytest.approx(raw["dollar_value"].sum())
