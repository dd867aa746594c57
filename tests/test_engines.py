"""The same analyses on polars, DuckDB (relations, Parquet and CSV files) and Dask.

Each engine's result must equal the pandas result on the same data, and a plain pandas
recomputation written here. Bad input must give the same bilingual message as with pandas.
"""

import subprocess
import sys
from pathlib import Path

import dask
import dask.dataframe as dd
import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pytest

import crmlab as cl
from crmlab import CrmlabError, engines

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ["polars", "polars-lazy", "duckdb", "parquet", "csv", "dask"]
_CONNECTIONS = []  # DuckDB relations need their connection alive while the test runs


def as_engine(kind, df, tmp_path):
    """``df`` handed to an engine, plus the pandas table that engine holds (for CSV: as read)."""
    if kind in ("polars", "polars-lazy"):
        frame = pl.from_pandas(df)
        return (frame.lazy() if kind == "polars-lazy" else frame), df
    if kind == "dask":
        return dd.from_pandas(df, npartitions=3), df
    if kind == "duckdb":
        con = duckdb.connect()
        _CONNECTIONS.append(con)
        return con.from_df(df), df
    if kind == "parquet":
        path = tmp_path / "table.parquet"
        df.to_parquet(path)
        return path, df
    path = tmp_path / "table.csv"
    df.to_csv(path, index=False)
    return str(path), pd.read_csv(path)


@pytest.fixture(scope="module", autouse=True)
def _dask_in_one_thread():
    """One thread is plenty for these tiny tables and keeps the suite fast; the distributed
    cluster is tested in test_dask_distributed.py."""
    with dask.config.set(scheduler="synchronous"):
        yield


@pytest.fixture(scope="module")
def tx():
    """300 purchases by 40 customers in 2024; each order has one or two rows."""
    rng = np.random.default_rng(8)
    n = 300
    day = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, n), unit="D")
    order = rng.integers(0, 220, n)
    return pd.DataFrame({
        "customer": [f"C{k:02d}" for k in rng.integers(1, 41, n)],
        "date": day,
        "order": [f"O{k:03d}" for k in order],
        "amount": np.round(rng.gamma(2.0, 40.0, n), 2),
    })


@pytest.fixture(scope="module")
def customers():
    rng = np.random.default_rng(9)
    n = 60
    revenue = np.round(rng.pareto(1.2, n) * 100, 1)
    revenue[[5, 17]] = revenue[3]  # ties keep their row order
    return pd.DataFrame({
        "customer": [f"K{k:03d}" for k in range(n)],
        "region": rng.choice(["华东", "华北", "西南"], n),
        "revenue": revenue,
        "profit": np.round(rng.normal(10, 30, n), 1),
    })


def assert_same(got, want):
    """Identical columns, dtypes and values; a sum may differ in the last binary digit."""
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12)
    assert got.attrs == want.attrs


def plain_rfm(df, as_of):
    dates = pd.to_datetime(df["date"])
    g = df.assign(date=dates).groupby("customer")
    last = g["date"].max()
    return pd.DataFrame({
        "recency": (as_of - last).dt.days,
        "frequency": g["order"].nunique(),
        "monetary": g["amount"].sum(),
        "first_date": g["date"].min(),
        "last_date": last,
    })


# ---------------------------------------------------------------------------------------------
# Same results
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ENGINES)
def test_rfm_same_on_every_engine(kind, tx, tmp_path):
    data, held = as_engine(kind, tx, tmp_path)
    got = cl.rfm_table(data, customer="customer", date="date", amount="amount", order="order",
                       as_of="2025-01-01")
    assert_same(got, cl.rfm_table(held, customer="customer", date="date", amount="amount",
                                  order="order",
                                  as_of="2025-01-01"))
    want = plain_rfm(tx, pd.Timestamp("2025-01-01"))
    assert got["customer"].tolist() == sorted(tx["customer"].unique())
    pd.testing.assert_frame_equal(got.set_index("customer"), want, check_dtype=False,
                                  check_names=False)


@pytest.mark.parametrize("kind", ENGINES)
def test_rfm_window_and_default_as_of(kind, tx, tmp_path):
    data, held = as_engine(kind, tx, tmp_path)
    got = cl.rfm_table(data, customer="customer", date="date", amount="amount", start="2024-03-01",
                       end="2024-06-30")
    assert_same(got, cl.rfm_table(held, customer="customer", date="date", amount="amount",
                                  start="2024-03-01",
                                  end="2024-06-30"))
    inside = tx[(tx["date"] >= "2024-03-01") & (tx["date"] < "2024-07-01")]
    assert got.attrs["as_of"] == inside["date"].max() + pd.Timedelta(days=1)
    assert got["frequency"].tolist() == inside.groupby("customer").size().tolist()
    assert got["monetary"].sum() == pytest.approx(inside["amount"].sum())


@pytest.mark.parametrize("kind", ENGINES)
def test_rfm_text_dates_and_numbers(kind, tx, tmp_path):
    # ISO text, YYYYMMDD text and (left to pandas) ISO text with a time of day.
    text = tx["date"].dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    text[::3] = tx["date"].iloc[::3].dt.strftime("%Y%m%d")
    text[1] = tx["date"].iloc[1].strftime("%Y-%m-%d 10:30")
    df = tx.assign(date=pd.array(text, dtype="str"), amount=tx["amount"].astype("str"))
    data, held = as_engine(kind, df, tmp_path)
    got = cl.rfm_table(data, customer="customer", date="date", amount="amount", as_of="2025-01-01")
    assert_same(got, cl.rfm_table(held, customer="customer", date="date", amount="amount",
                                  as_of="2025-01-01"))
    assert got["monetary"].sum() == pytest.approx(tx["amount"].sum())
    assert got["last_date"].tolist() == tx.groupby("customer")["date"].max().tolist()


@pytest.mark.parametrize("kind", ENGINES)
def test_abc_same_on_every_engine(kind, customers, tmp_path):
    data, held = as_engine(kind, customers, tmp_path)
    got = cl.abc_analysis(data, value="revenue", customer="customer")
    assert_same(got, cl.abc_analysis(held, value="revenue", customer="customer"))
    # plain pandas: stable descending sort, cumulative share, the <= 80% / <= 95% rule
    want = customers.sort_values("revenue", ascending=False, kind="stable")
    share = want["revenue"].cumsum() / want["revenue"].sum()
    cls = np.where(share <= 0.8 + 1e-9, "A", np.where(share <= 0.95 + 1e-9, "B", "C"))
    assert got["customer"].tolist() == want["customer"].tolist()
    assert got["abc_class"].astype(str).tolist() == cls.tolist()
    assert got["region"].tolist() == want["region"].tolist()


@pytest.mark.parametrize("kind", ENGINES)
def test_pyramid_same_on_every_engine(kind, customers, tmp_path):
    data, held = as_engine(kind, customers, tmp_path)
    got = cl.pyramid(data, value="profit", customer="customer")
    assert_same(got, cl.pyramid(held, value="profit", customer="customer"))
    want = customers.sort_values("profit", ascending=False, kind="stable")
    assert got["customer"].tolist() == want["customer"].tolist()
    # 60 customers: ceil(0.6) = 1, ceil(12) = 12, ceil(30) = 30 -> 1, 11, 18, 30
    assert got["tier"].value_counts(sort=False).tolist() == [1, 11, 18, 30]


# ---------------------------------------------------------------------------------------------
# Same errors
# ---------------------------------------------------------------------------------------------


def _spoil(tx, case):
    df = tx.head(12).copy()
    if case in ("bad date", "missing date"):
        df["date"] = df["date"].dt.strftime("%Y-%m-%d").astype("str")
    if case == "nan":
        df.loc[7, "amount"] = np.nan
    elif case == "negative":
        df.loc[4, "amount"] = -3.5
    elif case == "bad date":
        df.loc[9, "date"] = "2024-13-45"
    elif case == "missing date":
        df.loc[3, "date"] = None
    elif case == "missing customer":
        df.loc[6, "customer"] = np.nan
    elif case == "text amount":
        df["amount"] = df["amount"].astype("str")
        df.loc[5, "amount"] = "1,200"
    return df


RFM_CASES = {
    "missing column": ({"amount": "amout"}, "'amout'"),
    "nan": ({}, "row 7"),
    "negative": ({}, "row 4"),
    "bad date": ({}, "'2024-13-45'"),
    "missing date": ({}, "row 3"),
    "missing customer": ({}, "row 6"),
    "text amount": ({}, "'1,200'"),
    "after as_of": ({"as_of": "2024-02-01"}, "as_of=2024-02-01"),
    "empty window": ({"start": "2030-01-01"}, "no transactions"),
}


# Dask plans every query before running it, which takes about a second: a few cases suffice.
ERROR_RUNS = [(kind, case) for kind in ENGINES if kind != "dask" for case in RFM_CASES] + [
    ("dask", case) for case in ("missing column", "nan", "bad date")]


@pytest.mark.parametrize(("kind", "case"), ERROR_RUNS)
def test_rfm_errors_same_on_every_engine(kind, case, tx, tmp_path):
    extra, fragment = RFM_CASES[case]
    df = _spoil(tx, case)
    data, held = as_engine(kind, df, tmp_path)
    args = {"customer": "customer", "date": "date", "amount": "amount", "as_of": "2025-01-01"}
    args.update(extra)
    with pytest.raises(CrmlabError) as want:
        cl.rfm_table(held, **args)
    with pytest.raises(CrmlabError) as got:
        cl.rfm_table(data, **args)
    if kind == "csv" and case == "missing date":
        # DuckDB reads this CSV column as dates, pandas as text: the gap shows as NaT, not nan.
        assert str(got.value) == str(want.value).replace("nan", "NaT")
    else:
        assert str(got.value) == str(want.value)
    assert fragment in str(got.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(got.value))


@pytest.mark.parametrize("case", ["missing column", "nan", "negative", "duplicate"])
@pytest.mark.parametrize("kind", [k for k in ENGINES if k != "dask"])
def test_abc_and_pyramid_errors_same(kind, case, customers, tmp_path):
    df = customers.head(10).copy()
    value = "revenue"
    if case == "missing column":
        value = "revenu"
    elif case == "nan":
        df.loc[6, "revenue"] = np.nan
    elif case == "negative":
        df.loc[2, "revenue"] = -1.0
    else:
        df.loc[8, "customer"] = df.loc[1, "customer"]
    data, held = as_engine(kind, df, tmp_path)
    with pytest.raises(CrmlabError) as want:
        cl.abc_analysis(held, value=value, customer="customer")
    with pytest.raises(CrmlabError) as got:
        cl.abc_analysis(data, value=value, customer="customer")
    assert str(got.value) == str(want.value)
    if case != "negative":  # negative values are allowed in the pyramid
        with pytest.raises(CrmlabError) as got:
            cl.pyramid(data, value=value, customer="customer")
        assert str(got.value) == str(want.value)


@pytest.mark.parametrize("kind", ["polars", "duckdb", "parquet"])
def test_empty_table_same_error(kind, tx, tmp_path):
    data, held = as_engine(kind, tx.head(0), tmp_path)
    for amount in ("amount", "amout"):  # an empty table is reported before a missing column
        with pytest.raises(CrmlabError) as want:
            cl.rfm_table(held, customer="customer", date="date", amount=amount)
        with pytest.raises(CrmlabError) as got:
            cl.rfm_table(data, customer="customer", date="date", amount=amount)
        assert str(got.value) == str(want.value)
        assert "empty" in str(got.value)


def test_missing_file_is_a_crmlab_error(tmp_path):
    with pytest.raises(CrmlabError) as err:
        cl.rfm_table(tmp_path / "nope.parquet", customer="c", date="d", amount="m")
    assert "nope.parquet" in str(err.value) and "not found" in str(err.value)


# ---------------------------------------------------------------------------------------------
# Big pandas tables through DuckDB
# ---------------------------------------------------------------------------------------------


def test_big_pandas_goes_through_duckdb_with_the_same_result(tx, monkeypatch):
    monkeypatch.setattr(engines, "PANDAS_TO_DUCKDB_ROWS", None)
    want = cl.rfm_table(tx, customer="customer", date="date", amount="amount", order="order",
                        start="2024-02-01")
    monkeypatch.setattr(engines, "PANDAS_TO_DUCKDB_ROWS", 100)
    assert engines.route_pandas_rfm(tx, engines.RfmRequest("customer", "date", "amount", "order"))
    got = cl.rfm_table(tx, customer="customer", date="date", amount="amount", order="order",
                       start="2024-02-01")
    assert_same(got, want)
    # errors name the row labels of the original frame, whatever its index
    bad = tx.copy()
    bad.loc[150, "amount"] = -1.0
    bad.index = [f"r{k}" for k in range(len(tx))]
    with pytest.raises(CrmlabError) as err:
        cl.rfm_table(bad, customer="customer", date="date", amount="amount")
    assert "row 'r150'" in str(err.value)


def test_small_or_unusual_pandas_stays_in_pandas(tx, monkeypatch):
    monkeypatch.setattr(engines, "PANDAS_TO_DUCKDB_ROWS", 100)
    assert not engines.route_pandas_rfm(tx.head(50),
                                        engines.RfmRequest("customer", "date", "amount"))
    as_text = tx.assign(date=tx["date"].dt.strftime("%Y-%m-%d"))
    assert not engines.route_pandas_rfm(as_text, engines.RfmRequest("customer", "date", "amount"))
    assert not engines.wants_engine(tx)
    assert not engines.wants_engine("revenue")  # a column name passed by mistake stays an error


def test_import_stays_light():
    code = ("import sys, crmlab; "
            "print(sorted(m for m in ('narwhals', 'duckdb', 'polars', 'dask') "
            "if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert res.stdout.strip() == "[]"
