"""Benchmarks for crmlab at company scale: RFM on 1M and 10M transactions, ABC and pyramid on 1M
customers, the import time and the notebook run.

    python bench/run.py            # 1M and 10M transactions (a few minutes on 2 cores)
    python bench/run.py --quick    # 1M transactions only, fewer runs

Every time is the median of several runs; every ratio compares two medians from the same run of
this script. Peak memory is measured in a fresh subprocess per measurement (resident set size
sampled with psutil, above the size after the input was loaded). The data are synthetic and
deterministic (fixed seed). The output is a Markdown report: paste it into docs/performance.md.

The baselines do the same job as ``crmlab.rfm_table`` (per customer: last and first date,
number of purchases, total amount, recency; sorted by customer; a pandas DataFrame at the end):
written directly in DuckDB SQL, in polars, as a plain pandas groupby, and as the
``summary_data_from_transaction_data`` function of the ``lifetimes`` package (its logic is
re-implemented below when the package does not import).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import crmlab as cl
from crmlab import engines

AS_OF = pd.Timestamp("2025-01-01")


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------


def transactions(n_rows: int, n_customers: int, seed: int = 2024) -> pd.DataFrame:
    """``n_rows`` purchases by about ``n_customers`` customers over 2023-2024."""
    rng = np.random.default_rng(seed)
    day = rng.integers(0, 731, n_rows).astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "customer": rng.integers(1, n_customers + 1, n_rows),
            "date": (np.datetime64("2023-01-01") + day).astype("datetime64[us]"),
            "amount": np.round(rng.lognormal(3.5, 1.0, n_rows), 2),
        },
        copy=False,
    )


def customer_table(n: int, seed: int = 7) -> pd.DataFrame:
    """``n`` customers with a skewed revenue and a profit that is sometimes negative."""
    rng = np.random.default_rng(seed)
    revenue = np.round(rng.pareto(1.3, n) * 100 + 1, 2)
    profit = np.round(revenue * rng.uniform(-0.1, 0.3, n), 2)
    return pd.DataFrame({"customer": np.arange(1, n + 1), "revenue": revenue, "profit": profit})


# ---------------------------------------------------------------------------------------------
# The RFM aggregation, six ways
# ---------------------------------------------------------------------------------------------


def rfm_crmlab(tx):
    return cl.rfm_table(tx, customer="customer", date="date", amount="amount", as_of=AS_OF)


def rfm_crmlab_pandas_only(tx):
    old = engines.PANDAS_TO_DUCKDB_ROWS
    engines.PANDAS_TO_DUCKDB_ROWS = None
    try:
        return cl.rfm_table(tx, customer="customer", date="date", amount="amount", as_of=AS_OF)
    finally:
        engines.PANDAS_TO_DUCKDB_ROWS = old


_DUCKDB = {}


def rfm_duckdb(tx):
    import duckdb

    con = _DUCKDB.setdefault("con", duckdb.connect())
    con.register("tx", tx)
    return con.sql(
        f"""
        SELECT customer,
               date_diff('day', CAST(max(date) AS DATE), DATE '{AS_OF.date()}') AS recency,
               count(*) AS frequency, sum(amount) AS monetary,
               CAST(min(date) AS DATE) AS first_date, CAST(max(date) AS DATE) AS last_date
        FROM tx GROUP BY customer ORDER BY customer
        """
    ).df()


def rfm_polars(frame):
    import polars as pl

    day = pl.col("date").dt.truncate("1d")
    out = (
        frame.group_by("customer")
        .agg(day.min().alias("first_date"), day.max().alias("last_date"),
             pl.len().alias("frequency"), pl.col("amount").sum().alias("monetary"))
        .with_columns(recency=(pl.lit(AS_OF) - pl.col("last_date")).dt.total_days())
        .sort("customer")
    )
    return out.to_pandas()


def rfm_pandas(tx):
    day = tx["date"].dt.normalize()
    g = tx.assign(date=day).groupby("customer")
    out = g.agg(first_date=("date", "min"), last_date=("date", "max"),
                frequency=("amount", "size"), monetary=("amount", "sum"))
    out["recency"] = (AS_OF - out["last_date"]).dt.days
    return out.reset_index()


def _lifetimes_reimplemented(transactions, customer_id_col, datetime_col, monetary_value_col,
                             observation_period_end, freq="D"):
    """The steps of ``lifetimes.utils.summary_data_from_transaction_data`` (0.11.3)."""
    end = pd.Timestamp(observation_period_end).to_period(freq).to_timestamp()
    cols = [customer_id_col, datetime_col, monetary_value_col]
    t = transactions[cols].sort_values(cols).copy()
    t[datetime_col] = pd.to_datetime(t[datetime_col])
    t = t.set_index(datetime_col).to_period(freq).to_timestamp()
    t = t.loc[t.index <= end].reset_index()
    period = t.groupby([datetime_col, customer_id_col], sort=False, as_index=False).sum()
    period["first"] = False
    first = period.groupby(customer_id_col, sort=True, as_index=False).head(1).index
    period.loc[first, "first"] = True
    period[datetime_col] = pd.Index(period[datetime_col]).to_period(freq)
    period[datetime_col] = pd.Index(period[datetime_col]).to_timestamp()
    customers = period.groupby(customer_id_col, sort=False)[datetime_col].agg(
        ["min", "max", "count"])
    customers["frequency"] = customers["count"] - 1
    customers["T"] = (end - customers["min"]) / np.timedelta64(1, freq)
    customers["recency"] = (customers["max"] - customers["min"]) / np.timedelta64(1, freq)
    period.loc[period["first"], monetary_value_col] = np.nan
    customers["monetary_value"] = (
        period.groupby(customer_id_col)[monetary_value_col].mean().fillna(0))
    return customers[["frequency", "recency", "T", "monetary_value"]].astype(float)


def lifetimes_function():
    """The real function if ``lifetimes`` imports, else the re-implementation, and a note."""
    try:
        from lifetimes.utils import summary_data_from_transaction_data

        return summary_data_from_transaction_data, "the lifetimes package"
    except Exception as exc:  # noqa: BLE001 - any import failure means: use the copy
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"
        return _lifetimes_reimplemented, f"re-implemented here (lifetimes does not import: {reason})"


def rfm_lifetimes(tx):
    fn, _ = lifetimes_function()
    return fn(tx, "customer", "date", monetary_value_col="amount",
              observation_period_end=AS_OF - pd.Timedelta(days=1))


RFM_METHODS = {
    "crmlab.rfm_table": rfm_crmlab,
    "crmlab.rfm_table, pandas only": rfm_crmlab_pandas_only,
    "DuckDB SQL": rfm_duckdb,
    "polars": rfm_polars,
    "pandas groupby": rfm_pandas,
    "lifetimes summary_data": rfm_lifetimes,
}


def abc_1m(customers):
    return cl.abc_analysis(customers, value="revenue", customer="customer")


def pyramid_1m(customers):
    return cl.pyramid(customers, value="profit", customer="customer")


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------


def median_time(fn, arg, runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


def child_memory(method: str, data_dir: str) -> None:
    """Run one measurement in this fresh process and print its peak memory as JSON."""
    import resource

    if method in ("abc_analysis", "pyramid"):
        frame = pd.read_pickle(Path(data_dir) / "customers.pkl")
        fn = abc_1m if method == "abc_analysis" else pyramid_1m
        input_bytes = frame[["customer", "revenue" if method == "abc_analysis" else "profit"]]
    else:
        frame = pd.read_pickle(Path(data_dir) / "tx.pkl")
        fn = RFM_METHODS[method]
        input_bytes = frame
        if method == "polars":
            import polars as pl

            frame = pl.from_pandas(frame)
    input_bytes = int(input_bytes.memory_usage(index=False, deep=True).sum())
    fn(frame.head(10_000) if hasattr(frame, "head") else frame)  # imports and warm-up
    gc.collect()
    base = _rss()
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    peak = [base]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _rss())
            time.sleep(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    fn(frame)
    done.set()
    sampler.join()
    maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    top = max(peak[0], maxrss_after if maxrss_after > maxrss_before else 0)
    print(json.dumps({"peak_extra": top - base, "input": input_bytes}))


def peak_memory(method: str, data_dir: str) -> dict:
    res = subprocess.run(
        [sys.executable, __file__, "--child-memory", method, data_dir],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


def time_import(runs: int) -> tuple[float, float]:
    """Median wall time of ``import pandas`` and of ``import crmlab`` in a fresh interpreter."""

    def one(code):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        return time.perf_counter() - start

    pandas_t = statistics.median(one("import pandas") for _ in range(runs))
    crmlab_t = statistics.median(one("import crmlab") for _ in range(runs))
    return pandas_t, crmlab_t


def time_notebooks() -> str:
    notebooks = sorted((ROOT / "solutions").rglob("*.ipynb"))
    notebooks = [p for p in notebooks if ".ipynb_checkpoints" not in p.parts]
    if not notebooks:
        return "not measured: no notebooks in solutions/"
    cmd = [sys.executable, "-m", "pytest", "--nbval", "solutions/", "-q", "-p", "no:cacheprovider"]
    sanitize = ROOT / "tests" / "nbval_sanitize.cfg"
    if sanitize.exists():
        cmd += ["--nbval-sanitize-with", str(sanitize.relative_to(ROOT))]
    # the same environment as the test suite (tests/conftest.py): static widgets, this checkout
    env = dict(os.environ, CRMLAB_STATIC_WIDGETS="1",
               PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH"))
                                          if p),
               PATH=os.pathsep.join((str(Path(sys.executable).parent), os.environ["PATH"])))
    start = time.perf_counter()
    res = subprocess.run(cmd, check=False, capture_output=True, text=True, cwd=ROOT, env=env)
    took = time.perf_counter() - start
    last = (res.stdout.strip().splitlines() or ["?"])[-1]
    return f"{took:.1f} s for {len(notebooks)} notebooks ({last})"


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def machine() -> str:
    import psutil

    versions = []
    for name in ("pandas", "numpy", "duckdb", "polars", "narwhals"):
        try:
            versions.append(f"{name} {__import__(name).__version__}")
        except ImportError:
            versions.append(f"{name} (not installed)")
    mem = psutil.virtual_memory().total / 2**30
    return (f"{os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}; " + ", ".join(versions))


def fmt_s(x: float) -> str:
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1M transactions only, fewer runs")
    parser.add_argument("--child-memory", nargs=2, metavar=("METHOD", "DIR"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_memory:
        child_memory(*args.child_memory)
        return

    sizes = [(1_000_000, 100_000)] if args.quick else [(1_000_000, 100_000),
                                                       (10_000_000, 1_000_000)]
    runs = 3 if args.quick else 5
    _, lifetimes_note = lifetimes_function()
    print("# crmlab benchmark\n")
    print(f"Machine: {machine()}.  ")
    print(f"Load average when starting (other work on the machine): {os.getloadavg()[0]:.1f}.  ")
    print(f"Mode: {'quick' if args.quick else 'full'}; each time is the median of {runs} runs "
          "(the slow lifetimes approach: 3, or 2 at 10M rows).  ")
    print(f"lifetimes: {lifetimes_note}.  ")
    print(f"crmlab routes pandas tables of {engines.PANDAS_TO_DUCKDB_ROWS:,} rows or more "
          "through DuckDB; 'pandas only' turns that off.\n")

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n_rows, n_customers in sizes:
            tx = transactions(n_rows, n_customers)
            label = f"{n_rows // 1_000_000}M rows"
            import polars as pl

            ptx = pl.from_pandas(tx)
            row = {}
            for name, fn in RFM_METHODS.items():
                data = ptx if name == "polars" else tx
                fn(data.head(10_000))  # imports and warm-up, not timed
                n_runs = runs
                if name == "lifetimes summary_data":
                    n_runs = 2 if n_rows >= 10_000_000 else 3
                row[name] = median_time(fn, data, n_runs)
                print(f"<!-- {label}: {name}: {row[name]:.3f} s -->", flush=True)
            results[label] = row
            if n_rows == sizes[-1][0]:
                tx.to_pickle(Path(tmp) / "tx.pkl")
                mem_label = label
            del tx, ptx
            gc.collect()

        customers = customer_table(1_000_000)
        customers.to_pickle(Path(tmp) / "customers.pkl")
        abc_t = median_time(abc_1m, customers, runs)
        pyr_t = median_time(pyramid_1m, customers, runs)
        del customers

        mem = {}
        for name in ("crmlab.rfm_table", "crmlab.rfm_table, pandas only", "DuckDB SQL",
                     "polars", "pandas groupby", "lifetimes summary_data", "abc_analysis",
                     "pyramid"):
            mem[name] = peak_memory(name, tmp)
            print(f"<!-- memory {name}: {mem[name]} -->", flush=True)

    pandas_imp, crmlab_imp = time_import(5 if not args.quick else 3)
    notebooks = time_notebooks() if not args.quick else "not measured in --quick mode"

    labels = list(results)
    print("\n## RFM table (`rfm_table` and the same aggregation elsewhere)\n")
    print("| method | " + " | ".join(labels) + f" | peak memory at {mem_label} |")
    print("|---|" + "---:|" * (len(labels) + 1))
    for name in RFM_METHODS:
        m = mem[name]
        cells = [fmt_s(results[lb][name]) for lb in labels]
        print(f"| {name} | " + " | ".join(cells) +
              f" | {m['peak_extra'] / 2**20:.0f} MiB ({m['peak_extra'] / m['input']:.2f}× input) |")

    print("\n## Ratios (medians from this run)\n")
    print("| ratio | " + " | ".join(labels) + " | target |")
    print("|---|" + "---:|" * len(labels) + "---|")

    def ratio_row(text, num, den, target):
        cells = [f"{results[lb][num] / results[lb][den]:.2f}×" for lb in labels]
        print(f"| {text} | " + " | ".join(cells) + f" | {target} |")

    ratio_row("crmlab.rfm_table / DuckDB SQL", "crmlab.rfm_table", "DuckDB SQL", "≤ 1.5× at 10M")
    ratio_row("crmlab.rfm_table / polars", "crmlab.rfm_table", "polars", "")
    ratio_row("crmlab.rfm_table / pandas groupby", "crmlab.rfm_table", "pandas groupby", "")
    ratio_row("crmlab pandas only / DuckDB SQL", "crmlab.rfm_table, pandas only", "DuckDB SQL",
              "")
    ratio_row("lifetimes / crmlab.rfm_table", "lifetimes summary_data", "crmlab.rfm_table",
              "≥ 10× at 10M")
    m = mem["crmlab.rfm_table"]
    print(f"\nPeak memory of `crmlab.rfm_table` at {mem_label}: "
          f"{m['peak_extra'] / m['input']:.2f}× the input columns "
          f"({m['input'] / 2**20:.0f} MiB); target < 3×.\n")

    print("## Per-customer analyses on 1M customers\n")
    print("| function | time | peak memory | target |")
    print("|---|---:|---:|---|")
    for name, t in (("abc_analysis", abc_t), ("pyramid", pyr_t)):
        m = mem[name]
        print(f"| `{name}` | {fmt_s(t)} | {m['peak_extra'] / 2**20:.0f} MiB "
              f"({m['peak_extra'] / m['input']:.2f}× input) | < 0.5 s |")

    print("\n## Start-up\n")
    print(f"- `import crmlab`: {crmlab_imp:.2f} s in a fresh interpreter "
          f"(`import pandas` alone: {pandas_imp:.2f} s).")
    print(f"- Whole notebook run (`pytest --nbval solutions/`): {notebooks}.")
    print(f"\nLoad average when finishing: {os.getloadavg()[0]:.1f}.")


if __name__ == "__main__":
    main()
