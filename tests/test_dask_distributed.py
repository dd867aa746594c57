"""The Dask path on a real distributed cluster: a scheduler and two worker processes.

``tests/test_engines.py`` runs Dask on its single-threaded scheduler; here the same analyses run
on a ``dask.distributed.LocalCluster`` that the module starts and stops. Every result must equal
the pandas result and a plain pandas recomputation written here, the work must really go to the
cluster's workers, and bad input must give the same bilingual error as with pandas.
"""

from __future__ import annotations

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster, get_task_stream

import crmlab as cl
from crmlab import CrmlabError


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
        memory_limit="1GiB",
    )
    client = Client(cluster)
    try:
        with dask.config.set(scheduler=client):
            yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def tx():
    """240 purchases by 30 customers in 2024."""
    rng = np.random.default_rng(21)
    n = 240
    return pd.DataFrame(
        {
            "customer": [f"C{k:02d}" for k in rng.integers(1, 31, n)],
            "date": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(rng.integers(0, 366, n), unit="D"),
            "order": [f"O{k:03d}" for k in rng.integers(0, 180, n)],
            "amount": np.round(rng.gamma(2.0, 40.0, n), 2),
        }
    )


@pytest.fixture(scope="module")
def customers():
    rng = np.random.default_rng(22)
    n = 40
    return pd.DataFrame(
        {
            "customer": [f"K{k:03d}" for k in range(n)],
            "revenue": np.round(rng.pareto(1.2, n) * 100, 1) + 1,
            "profit": np.round(rng.normal(10, 30, n), 1),
        }
    )


def on_cluster(client, run):
    """Run ``run()`` and return its result and the number of tasks the workers executed."""
    with get_task_stream(client) as stream:
        result = run()
    return result, len(stream.data)


def test_the_cluster_has_two_worker_processes(client):
    workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    pids = client.run(lambda: __import__("os").getpid())
    assert len(set(pids.values())) == 2


def test_rfm_on_the_cluster(client, tx):
    data = dd.from_pandas(tx, npartitions=4)
    got, tasks = on_cluster(
        client,
        lambda: cl.rfm_table(data, customer="customer", date="date", amount="amount",
                             order="order", as_of="2025-01-01"),
    )
    assert tasks > 0, "the computation did not run on the cluster"
    want = cl.rfm_table(tx, customer="customer", date="date", amount="amount", order="order",
                        as_of="2025-01-01")
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12)
    # plain pandas, written here
    g = tx.groupby("customer")
    plain = pd.DataFrame(
        {
            "recency": (pd.Timestamp("2025-01-01") - g["date"].max()).dt.days,
            "frequency": g["order"].nunique(),
            "monetary": g["amount"].sum(),
        }
    )
    pd.testing.assert_frame_equal(
        got.set_index("customer")[["recency", "frequency", "monetary"]],
        plain,
        check_dtype=False,
        check_names=False,
    )


def test_abc_on_the_cluster(client, customers):
    data = dd.from_pandas(customers, npartitions=3)
    got, tasks = on_cluster(client,
                            lambda: cl.abc_analysis(data, value="revenue", customer="customer"))
    assert tasks > 0
    pd.testing.assert_frame_equal(got, cl.abc_analysis(customers, value="revenue",
                                                       customer="customer"))
    ordered = customers.sort_values("revenue", ascending=False, kind="stable")
    share = ordered["revenue"].cumsum() / ordered["revenue"].sum()
    expected = np.where(share <= 0.8 + 1e-9, "A", np.where(share <= 0.95 + 1e-9, "B", "C"))
    assert got["customer"].tolist() == ordered["customer"].tolist()
    assert got["abc_class"].astype(str).tolist() == expected.tolist()


def test_pyramid_on_the_cluster(client, customers):
    data = dd.from_pandas(customers, npartitions=3)
    got, tasks = on_cluster(client, lambda: cl.pyramid(data, value="profit", customer="customer"))
    assert tasks > 0
    pd.testing.assert_frame_equal(got, cl.pyramid(customers, value="profit", customer="customer"))
    # 40 customers by the ceiling rule: ceil(0.4) = 1, ceil(8) = 8, ceil(20) = 20 -> 1, 7, 12, 20
    assert got["tier"].value_counts(sort=False).tolist() == [1, 7, 12, 20]


def _spoiled(tx, case):
    df = tx.head(16).copy()
    if case == "nan":
        df.loc[7, "amount"] = np.nan
    elif case == "negative":
        df.loc[4, "amount"] = -3.5
    elif case == "bad date":
        df["date"] = df["date"].dt.strftime("%Y-%m-%d").astype("str")
        df.loc[9, "date"] = "2024-13-45"
    return df


@pytest.mark.parametrize(
    ("case", "amount", "fragment"),
    [
        ("missing column", "amout", "'amout'"),
        ("nan", "amount", "row 7"),
        ("negative", "amount", "row 4"),
        ("bad date", "amount", "'2024-13-45'"),
    ],
)
def test_rfm_errors_on_the_cluster(client, tx, case, amount, fragment):
    df = _spoiled(tx, case)
    with pytest.raises(CrmlabError) as want:
        cl.rfm_table(df, customer="customer", date="date", amount=amount, as_of="2025-01-01")
    with pytest.raises(CrmlabError) as got:
        cl.rfm_table(dd.from_pandas(df, npartitions=3), customer="customer", date="date",
                     amount=amount,
                     as_of="2025-01-01")
    assert str(got.value) == str(want.value)
    assert fragment in str(got.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(got.value))


@pytest.mark.parametrize("case", ["nan", "duplicate"])
def test_abc_and_pyramid_errors_on_the_cluster(client, customers, case):
    df = customers.head(12).copy()
    if case == "nan":
        df.loc[6, "revenue"] = np.nan
    else:
        df.loc[8, "customer"] = df.loc[1, "customer"]
    data = dd.from_pandas(df, npartitions=3)
    for analysis in (cl.abc_analysis, cl.pyramid):
        with pytest.raises(CrmlabError) as want:
            analysis(df, "revenue", "customer")
        with pytest.raises(CrmlabError) as got:
            analysis(data, "revenue", "customer")
        assert str(got.value) == str(want.value)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(got.value))
