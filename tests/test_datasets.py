"""Tests for the shipped datasets.

Expected facts are written out here by hand (the textbook table, the published CDNOW figures) or
recomputed in a few lines of plain pandas; nothing is copied from crmlab's own output.
"""

from __future__ import annotations

import doctest
import gzip
import importlib.util
import math
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmlab.datasets as ds
from crmlab._i18n import get_language, set_language
from crmlab.datasets import describe_dataset, list_datasets, load_dataset
from crmlab.validation import CrmlabError

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "crmlab" / "data"
NAMES = [
    "changhai",
    "cdnow",
    "travel_members",
    "travel_orders",
    "b2b_customers",
    "retail_tx",
    "retail_items",
    "two_firms",
]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_datasets", REPO / "datasets" / "make_datasets.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _top_share(values: pd.Series, top: float = 0.2) -> float:
    v = values.sort_values(ascending=False)
    k = math.ceil(top * len(v))
    return v.iloc[:k].sum() / v.sum()


# ---------------------------------------------------------------------------------- catalogue
def test_list_datasets_names_rows_and_text():
    table = list_datasets()
    assert list(table.columns) == ["name", "title", "rows", "source"]
    assert table["name"].tolist() == NAMES
    for row in table.itertuples():
        assert row.rows == len(load_dataset(row.name))
        assert any("\u4e00" <= ch <= "\u9fff" for ch in row.title), row.title
        assert row.source
    assert table.set_index("name").loc["changhai", "rows"] == 14


@pytest.mark.parametrize("name", NAMES)
def test_documented_columns_and_dtypes(name):
    df = load_dataset(name)
    info = describe_dataset(name)
    assert list(info.columns) == ["column", "meaning", "unit", "dtype"]
    assert info["column"].tolist() == list(df.columns)
    assert info["meaning"].map(len).min() > 0
    for col, dtype in zip(info["column"], info["dtype"]):
        if dtype == "str":
            assert pd.api.types.is_string_dtype(df[col]), col
            assert df[col].map(type).eq(str).all(), col
        else:
            assert str(df[col].dtype) == dtype, (col, df[col].dtype, dtype)
    assert not df.isna().any().any(), "no missing values in shipped data"


@pytest.mark.parametrize("name", NAMES)
def test_attrs_and_fresh_copy(name):
    df = load_dataset(name)
    assert df.attrs["name"] == name
    assert df.attrs["title"] == list_datasets().set_index("name").loc[name, "title"]
    assert df.attrs["source"]
    first = df.columns[0]
    before = df[first].copy()
    df[first] = df[first].iloc[::-1].to_numpy()
    df.attrs["name"] = "changed"
    again = load_dataset(name)
    pd.testing.assert_series_equal(again[first], before)
    assert again.attrs["name"] == name


def test_unknown_name_lists_the_choices():
    with pytest.raises(CrmlabError) as info:
        load_dataset("changhai_logistics")
    assert isinstance(info.value, ValueError)
    for name in NAMES:
        assert name in str(info.value)
    with pytest.raises(CrmlabError):
        describe_dataset("nope")
    with pytest.raises(CrmlabError):
        load_dataset(3)


def test_name_is_forgiving_about_case_and_spaces():
    assert len(load_dataset(" Changhai ")) == 14


def test_english_descriptions():
    old = get_language()
    try:
        set_language("en")
        info = describe_dataset("changhai")
        assert info["unit"].tolist() == ["", "10k yuan"]
        assert load_dataset("cdnow").attrs["title"].startswith("CDNOW")
    finally:
        set_language(old)
    assert describe_dataset("changhai")["unit"].tolist() == ["", "万元"]


def test_docstring_examples():
    result = doctest.testmod(ds, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


# --------------------------------------------------------------------------- stale copies
def test_committed_synthetic_csvs_match_the_generator(tmp_path):
    written = _generator().write_all(tmp_path)
    names = sorted(p.name for p in written)
    assert names == sorted(p.name for p in DATA.glob("*.csv") if p.name != "changhai.csv")
    for path in written:
        committed = (DATA / path.name).read_bytes()
        assert path.read_bytes() == committed, (
            f"{path.name} is stale: run python datasets/make_datasets.py"
        )
        assert b"\r" not in committed
        committed.decode("utf-8")


def test_cdnow_repack_is_deterministic_and_lossless(tmp_path):
    text = gzip.decompress((DATA / "cdnow_master.txt.gz").read_bytes())
    source = tmp_path / "CDNOW_master.txt"
    source.write_bytes(text)
    gen = _generator()
    first = gen.write_cdnow(source, tmp_path).read_bytes()
    again = gen.write_cdnow(source, tmp_path).read_bytes()
    assert first == again
    assert first[4:8] == b"\0\0\0\0", "gzip mtime must be 0"
    assert first[3] == 0, "no file name stored in the gzip header"
    assert gzip.decompress(first) == text
    bad = tmp_path / "bad.txt"
    bad.write_text("id,date\n1,2\n")
    with pytest.raises(SystemExit):
        gen.write_cdnow(bad, tmp_path)


# ------------------------------------------------------------------------------- changhai
def test_changhai_is_table_3_7():
    df = load_dataset("changhai")
    # table 3-7 of the textbook, typed in again here
    expected = {
        1: 590,
        2: 140,
        3: 100,
        4: 740,
        5: 120,
        6: 68,
        7: 50,
        8: 50,
        9: 20,
        10: 40,
        11: 12,
        12: 40,
        13: 10,
        14: 20,
    }
    assert df["customer"].tolist() == list(expected)
    assert df["revenue"].tolist() == list(expected.values())
    assert df["revenue"].sum() == 2000


# ---------------------------------------------------------------------------------- CDNOW
def test_cdnow_published_facts():
    df = load_dataset("cdnow")
    assert len(df) == 69659
    assert df["customer_id"].nunique() == 23570
    assert df["date"].min() == pd.Timestamp("1997-01-01")
    assert df["date"].max() == pd.Timestamp("1998-06-30")
    assert (df["amount"] == 0).sum() == 80
    assert df["customer_id"].str.len().eq(5).all()
    assert df["customer_id"].str.isdigit().all()
    assert (df["cds"] >= 1).all() and (df["amount"] >= 0).all()


def test_cdnow_matches_a_plain_parse_of_the_file():
    lines = gzip.decompress((DATA / "cdnow_master.txt.gz").read_bytes()).decode().splitlines()
    assert lines[0].split() == ["customer_id", "date", "number_of_cds", "dollar_value"]
    rows = [line.split() for line in lines[1:]]
    df = load_dataset("cdnow")
    assert df["customer_id"].tolist() == [r[0] for r in rows]
    assert df["date"].dt.strftime("%Y%m%d").tolist() == [r[1] for r in rows]
    assert df["cds"].tolist() == [int(r[2]) for r in rows]
    assert df["amount"].tolist() == [float(r[3]) for r in rows]


def test_cdnow_loads_fast():
    ds._read.cache_clear()
    start = time.perf_counter()
    load_dataset("cdnow")
    assert time.perf_counter() - start < 1.0


# ------------------------------------------------------------------------------ retail_tx
def test_retail_log_has_a_pareto_shape():
    tx = load_dataset("retail_tx")
    assert 6000 <= len(tx) <= 10000
    assert tx["order_id"].is_unique
    assert tx["customer_id"].str.fullmatch(r"R\d{4}").all()
    assert 550 <= tx["customer_id"].nunique() <= 650
    assert tx["date"].min() >= pd.Timestamp("2025-01-01")
    assert tx["date"].max() <= pd.Timestamp("2025-12-31")
    assert (tx["amount"] > 0).all()
    assert np.allclose(tx["amount"], tx["amount"].round(2))
    per_customer = tx.groupby("customer_id")["amount"].sum()
    assert 0.65 <= _top_share(per_customer) <= 0.85
    orders = tx.groupby("customer_id").size()
    assert 0.55 <= (orders >= 2).mean() <= 0.70
    assert (orders == 1).sum() > 100 and orders.max() >= 50


# --------------------------------------------------------------------------- retail_items
def test_retail_items_are_the_same_orders_split_into_lines():
    tx = load_dataset("retail_tx")
    items = load_dataset("retail_items")
    assert list(items.columns) == ["order_id", "customer_id", "date", "product", "amount"]
    lines = items.groupby("order_id").size()
    assert len(items) >= 1.8 * len(tx)  # counting rows is clearly not counting orders
    assert lines.min() >= 1 and lines.max() <= 5 and (lines > 1).mean() > 0.5
    assert not items.duplicated(["order_id", "product"]).any()
    assert (items["amount"] >= 0.5).all()
    assert np.allclose(items["amount"], items["amount"].round(2))
    per_order = items.groupby("order_id").agg(
        customer_id=("customer_id", "first"),
        n_customers=("customer_id", "nunique"),
        date=("date", "first"),
        n_dates=("date", "nunique"),
        amount=("amount", "sum"),
    )
    assert (per_order["n_customers"] == 1).all() and (per_order["n_dates"] == 1).all()
    want = tx.set_index("order_id").sort_index()
    assert per_order.index.tolist() == want.index.tolist()
    assert per_order["customer_id"].tolist() == want["customer_id"].tolist()
    assert (per_order["date"] == want["date"]).all()
    assert np.allclose(per_order["amount"], want["amount"], atol=0.005)


# ------------------------------------------------------------------------------ two_firms
def test_two_firms_differ_in_inequality():
    df = load_dataset("two_firms")
    assert sorted(df["firm"].unique()) == ["乙公司", "甲公司"]
    assert df["customer_id"].is_unique
    assert (df["annual_value"] > 0).all()
    jia = df.loc[df["firm"] == "甲公司"]
    yi = df.loc[df["firm"] == "乙公司"]
    assert 150 <= len(jia) <= 250 and 150 <= len(yi) <= 250
    assert jia["customer_id"].str.startswith("J").all()
    assert yi["customer_id"].str.startswith("Y").all()
    assert _top_share(jia["annual_value"]) > 0.6
    assert _top_share(yi["annual_value"]) < 0.3
    assert yi["annual_value"].std() / yi["annual_value"].mean() < 0.2


# -------------------------------------------------------------------------- b2b_customers
def test_b2b_customers_indicators():
    df = load_dataset("b2b_customers")
    assert 100 <= len(df) <= 140
    assert df["customer"].is_unique and df["name"].is_unique
    assert df["customer"].str.fullmatch(r"C\d{3}").all()
    assert df["name"].str.endswith("公司").all()
    assert set(df["industry"]) <= {
        "制造业",
        "零售业",
        "电商",
        "医药",
        "汽车配件",
        "食品饮料",
        "电子电器",
        "服装纺织",
    }
    for col in ("sales_2023", "sales_2024", "sales_2025", "service_cost_2025", "asset_size"):
        assert (df[col] > 0).all(), col
    assert df["gross_margin"].between(0, 1).all()
    assert df["months_active_2025"].between(1, 12).all()
    assert df["operating_score"].between(0, 100).all()
    assert df["financial_score"].between(0, 100).all()
    assert (df["payment_days_overdue"] >= 0).all()
    assert df["growth_potential"].between(1, 5).all()
    assert df["growth_potential"].nunique() == 5
    # skewed sizes: the biggest customer spends many times the median one
    assert df["sales_2025"].max() > 10 * df["sales_2025"].median()


def test_b2b_some_customers_lose_money():
    df = load_dataset("b2b_customers")
    profit = df["sales_2025"] * df["gross_margin"] - df["service_cost_2025"]
    losers = profit < 0
    assert 5 <= losers.sum() <= 0.3 * len(df)
    big = df["sales_2025"] >= df["sales_2025"].quantile(0.9)
    assert (losers & big).any(), "a big customer that loses money makes the pyramid lesson"
    assert profit.sum() > 0


def test_b2b_big_customers_usually_have_better_credit():
    df = load_dataset("b2b_customers")
    rank_corr = df["sales_2025"].rank().corr(df["financial_score"].rank())
    assert 0.2 < rank_corr < 0.9
    assert df["sales_2025"].rank().corr(df["payment_days_overdue"].rank()) < 0
    big = df["sales_2025"] >= df["sales_2025"].quantile(0.75)
    assert (big & (df["financial_score"] < df["financial_score"].median())).any()


# ------------------------------------------------------------------------- travel company
def _tiers(points: pd.Series, good: pd.Series) -> pd.Series:
    out = pd.Series("普通", index=points.index)
    out[good & (points >= 300)] = "黄金"
    out[good & (points >= 3000)] = "铂金"
    out[good & (points >= 10000)] = "钻石"
    return out


def test_travel_members_edge_cases_and_shape():
    m = load_dataset("travel_members")
    assert 180 <= len(m) <= 220
    assert m["member_id"].is_unique
    assert m["member_id"].str.fullmatch(r"M\d{4}").all()
    assert m["name"].str.fullmatch(r"[\u4e00-\u9fff]{2,3}").all()
    good = m.loc[m["good_credit"], "points"].tolist()
    for edge in (299, 300, 2999, 3000, 9999, 10000):
        assert edge in good, edge
    bad_high = m.loc[~m["good_credit"] & (m["points"] >= 3000)]
    assert len(bad_high) >= 2 and (bad_high["points"] >= 10000).any()
    assert (m["points"] >= 0).all()
    assert m["points"].median() < 1000
    assert (m["points"] < 3000).mean() >= 0.7
    counts = _tiers(m["points"], m["good_credit"]).value_counts()
    assert set(counts.index) == {"钻石", "铂金", "黄金", "普通"}
    assert counts["钻石"] < counts["铂金"] < counts["黄金"]


def test_travel_orders_add_up_to_member_points():
    m = load_dataset("travel_members")
    o = load_dataset("travel_orders")
    assert 1500 <= len(o) <= 5000
    assert o["order_id"].is_unique
    assert set(o["member_id"]) <= set(m["member_id"])
    assert o["date"].min() >= pd.Timestamp("2024-01-01")
    assert o["date"].max() <= pd.Timestamp("2025-12-31")
    assert (o["amount"] > 0).all() and (o["points"] > 0).all()
    whole = np.floor(o["amount"]).astype("int64")
    promo = (o["points"] == 2 * whole) & (o["points"] != whole)
    assert ((o["points"] == whole) | promo).all()
    md = o["date"].dt.month * 100 + o["date"].dt.day
    in_window = md.between(601, 618) | md.between(925, 1007) | md.between(1101, 1111)
    assert in_window[promo].all() and promo.any()
    earned_2025 = o.loc[o["date"].dt.year == 2025].groupby("member_id")["points"].sum()
    expected = m.set_index("member_id")["points"]
    got = earned_2025.reindex(expected.index, fill_value=0)
    pd.testing.assert_series_equal(got, expected, check_names=False)


def test_travel_tiers_change_between_years():
    m = load_dataset("travel_members").set_index("member_id")
    o = load_dataset("travel_orders")
    by_year = o.groupby([o["member_id"], o["date"].dt.year])["points"].sum().unstack(fill_value=0)
    by_year = by_year.reindex(m.index, fill_value=0)
    order = {"普通": 0, "黄金": 1, "铂金": 2, "钻石": 3}
    t24 = _tiers(by_year[2024], m["good_credit"]).map(order)
    t25 = _tiers(by_year[2025], m["good_credit"]).map(order)
    assert (t25 > t24).sum() >= 10
    assert (t25 < t24).sum() >= 10
    assert (by_year[2024] == 0).sum() >= 10, "some members joined in 2025"
