"""Run the analyses on bigger data: polars, DuckDB, Parquet/CSV files and Dask.

The lessons read the pandas code in ``abc.py``, ``pyramid.py`` and ``rfm.py``. This module is the
door for tables that are not pandas DataFrames: :func:`crmlab.rfm_table`,
:func:`crmlab.abc_analysis` and :func:`crmlab.pyramid` call :func:`wants_engine` first.
``rfm_table`` then aggregates inside the engine (:func:`rfm_table` here), described once by an
:class:`RfmRequest`; whenever pandas has to decide (an error message, a text format the engine
does not read), this module calls back the pandas function ``crmlab.rfm`` hands it, so it never
imports ``crmlab.rfm`` itself. ``abc_analysis`` and
``pyramid`` return one row per input row anyway, so they read the table into pandas
(:func:`to_pandas`) and go on with the pandas code.

Accepted input, besides a pandas DataFrame:

* a polars ``DataFrame`` or ``LazyFrame``, or a pyarrow ``Table``;
* a DuckDB relation (``duckdb.sql(...)``, ``con.read_parquet(...)``, ...);
* a path (``str`` or ``pathlib.Path``, globs allowed) to ``.parquet`` or ``.csv`` files, which
  DuckDB reads out-of-core: the file never has to fit in memory for :func:`rfm_table`;
* a Dask ``DataFrame`` (one machine or a cluster).

One code path serves them all: the RFM aggregation and its input checks are written once as
`narwhals <https://narwhals-dev.github.io/narwhals/>`_ expressions, which each engine runs
natively. The result is always the pandas DataFrame the pandas function returns for the same
data (same columns, dtypes, order and attrs). ``monetary`` is a floating-point sum, so an engine
that adds in another order may differ in the last binary digit.

Bad input gives the same bilingual :class:`~crmlab.validation.CrmlabError` as with pandas: the
engine counts the problems in the same pass as the aggregation; if there are any, the first bad
row (in file order) is fetched and checked by the pandas code, which raises the message. A text
format the engine does not read itself (dates other than ``2024-03-01`` / ``20240301``, numbers
with spaces or full-width digits) is read by pandas instead, in memory.

A pandas DataFrame with at least :data:`PANDAS_TO_DUCKDB_ROWS` rows goes to :func:`rfm_table`
here too, through DuckDB, when DuckDB is installed: from a few million rows on, DuckDB's
aggregation is faster than the pandas groupby (docs/performance.md has the figures). Set
``crmlab.engines.PANDAS_TO_DUCKDB_ROWS = None`` to keep pandas.

``import crmlab`` imports this module (the analyses ask it :func:`wants_engine`), but none of the
engines: polars, DuckDB, Dask and narwhals load only when such input arrives.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .validation import (
    CrmlabError,
    check_columns,
    check_date,
    check_frame,
    empty_window_error,
    numeric_column,
)

#: pandas inputs to :func:`rfm_table` with at least this many rows run through DuckDB when it is
#: installed. ``None`` keeps every pandas input in pandas.
PANDAS_TO_DUCKDB_ROWS: int | None = 2_000_000

_ENGINE_MODULES = ("polars", "pyarrow", "duckdb", "dask")
_TABLE_SUFFIXES = (".parquet", ".pq", ".csv", ".tsv", ".csv.gz", ".tsv.gz")
_BATCH_ROWS = 262_144

# Text the engines read themselves; anything else is left to pandas (see the module docstring).
# ASCII digits only ([0-9], not \d, which matches full-width digits in some engines) and no
# capturing groups (pandas warns about those).
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_COMPACT_DATE = r"^[0-9]{8}$"
_PLAIN_NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
# pandas keeps dates as nanoseconds: years outside this range are left to pandas to judge.
_MIN_YEAR, _MAX_YEAR = 1678, 2261


# ---------------------------------------------------------------------------------------------
# Which input goes where
# ---------------------------------------------------------------------------------------------


def _is_table_path(obj) -> bool:
    if not isinstance(obj, (str, os.PathLike)):
        return False
    return str(obj).lower().endswith(_TABLE_SUFFIXES)


def wants_engine(obj) -> bool:
    """True for input that this module handles: engine tables and Parquet/CSV paths."""
    if isinstance(obj, pd.DataFrame):
        return False
    if _is_table_path(obj):
        return True
    return type(obj).__module__.split(".")[0] in _ENGINE_MODULES


def _plain_dtype(s: pd.Series) -> bool:
    kind = s.dtype.kind
    if kind in "iuf":
        return True
    return isinstance(s.dtype, pd.StringDtype) and s.dtype.na_value is not pd.NA


@dataclass(frozen=True)
class RfmRequest:
    """One :func:`crmlab.rfm_table` call: the named columns and the options, written once."""

    customer: str
    date: str
    amount: str
    order: str | None = None
    as_of: object = None
    start: object = None
    end: object = None

    @property
    def columns(self) -> list[str]:
        """The columns the aggregation reads, each once."""
        named = (self.customer, self.date, self.amount, self.order)
        return list(dict.fromkeys(c for c in named if c is not None))


def route_pandas_rfm(tx, request: RfmRequest) -> bool:
    """Should this pandas transaction table go through DuckDB? Big, plain and DuckDB present."""
    customer, date, amount, order = request.customer, request.date, request.amount, request.order
    limit = PANDAS_TO_DUCKDB_ROWS
    if limit is None or not isinstance(tx, pd.DataFrame) or len(tx) < limit:
        return False
    cols = [customer, date, amount] + ([order] if order is not None else [])
    if any(c not in tx.columns for c in cols) or len(set(cols)) < len(cols):
        return False
    if not tx.columns.is_unique:
        return False
    d = tx[date].dtype
    if not (d.kind == "M" and getattr(d, "tz", None) is None):
        return False
    if tx[amount].dtype.kind not in "iuf":
        return False
    if not all(_plain_dtype(tx[c]) for c in cols if c not in (date, amount)):
        return False
    return all(importlib.util.find_spec(m) is not None for m in ("duckdb", "narwhals"))


# ---------------------------------------------------------------------------------------------
# Opening a source as a narwhals LazyFrame
# ---------------------------------------------------------------------------------------------


def _need(module: str, extra: str = "scale"):
    try:
        return __import__(module)
    except ImportError:
        raise CrmlabError(
            f"需要安装 {module} 才能处理这种表格，例如运行 pip install \"crmlab[{extra}]\"。",
            f"{module} is needed for this kind of table: pip install \"crmlab[{extra}]\".",
        ) from None


def _from_native(native):
    nw = _need("narwhals")
    with warnings.catch_warnings():
        # narwhals announces that its Dask support moves to a separate package one day.
        warnings.simplefilter("ignore", FutureWarning)
        frame = nw.from_native(native)
    return frame.lazy() if isinstance(frame, nw.DataFrame) else frame


_DUCKDB = []  # one in-memory DuckDB database, opened on first use; each call gets a cursor


def _duckdb_cursor():
    if not _DUCKDB:
        _DUCKDB.append(_need("duckdb").connect())
    return _DUCKDB[0].cursor()


class _Source:
    """The input as a narwhals LazyFrame, plus what is needed to read it back row by row."""

    def __init__(self, obj, name: str):
        self.con = None
        if isinstance(obj, pd.DataFrame):  # a big pandas table routed through DuckDB
            self.con = _duckdb_cursor()
            native = self.con.from_df(obj)
        elif _is_table_path(obj):
            native = self._read_path(obj, name)
        else:
            native = obj
        try:
            self.lazy = _from_native(native)
        except TypeError:
            raise CrmlabError(
                f"参数 {name} 的类型 {type(obj).__name__} 无法识别为表格。",
                f"{name}: cannot read a table from a {type(obj).__name__}.",
            ) from None
        self.backend = type(nw_native(self.lazy)).__module__.split(".")[0]

    def _read_path(self, obj, name: str):
        path = str(Path(obj))
        if not glob.glob(path):
            raise CrmlabError(
                f"找不到文件 {path!r}（参数 {name}）。请检查路径。",
                f"file {path!r} not found ({name}). Check the path.",
            )
        self.con = _duckdb_cursor()
        low = path.lower()
        if low.endswith((".parquet", ".pq")):
            return self.con.read_parquet(path)
        return self.con.read_csv(path)

    def close(self):
        if self.con is not None:
            self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- reading rows back, in order -----------------------------------------------------------

    def batches(self, lazy):
        """Yield ``lazy`` as pandas DataFrames, in row order."""
        native = nw_native(lazy)
        if self.backend == "duckdb":
            reader = getattr(native, "to_arrow_reader", None) or native.fetch_arrow_reader
            for batch in reader(_BATCH_ROWS):
                yield _clean_pandas(batch.to_pandas(date_as_object=False))
        elif self.backend == "polars":
            df = native.collect() if hasattr(native, "collect") else native
            for part in df.iter_slices(_BATCH_ROWS):
                yield _clean_pandas(part.to_pandas())
        elif self.backend == "pyarrow":
            for batch in native.to_batches(_BATCH_ROWS):
                yield _clean_pandas(batch.to_pandas(date_as_object=False))
        elif self.backend == "dask":  # one computation: planning each one takes time
            yield _clean_pandas(native.compute())
        else:  # pragma: no cover - other narwhals backends
            yield collect_pandas(lazy)

    def first_flagged(self, lazy, flag, columns):
        """The first row of ``lazy`` where ``flag`` holds, as a one-row pandas frame of
        ``columns`` whose index is the row's position (0 = first row of the file)."""
        nw = _need("narwhals")
        name = _P + "flag"
        sel = lazy.select(flag.fill_null(True).alias(name), *[nw.col(c) for c in columns])
        if self.backend == "dask":
            return _first_flagged_dask(nw_native(sel), name, columns)
        offset = 0
        for part in self.batches(sel):
            hits = np.flatnonzero(part[name].to_numpy(dtype=bool, na_value=True))
            if hits.size:
                return _one_row(part, int(hits[0]), offset, columns)
            offset += len(part)
        return None

    def fetch_sorted(self, lazy, by: str) -> dict:
        """A small result (one row per customer) sorted by ``by``, as a dict of numpy arrays."""
        if self.backend == "duckdb":
            cols = nw_native(lazy.sort(by)).fetchnumpy()
            return {k: np.ma.filled(v, np.nan) if np.ma.isMaskedArray(v) and v.dtype.kind == "f"
                    else np.asarray(v) for k, v in cols.items()}
        if self.backend == "dask":  # a distributed sort costs more than sorting the result here
            frame = collect_pandas(lazy).sort_values(by, kind="stable")
        else:
            frame = collect_pandas(lazy.sort(by))
        return {k: frame[k].to_numpy() for k in frame.columns}

    def to_pandas(self, columns=None) -> pd.DataFrame:
        lazy = self.lazy if columns is None else self.lazy.select(*columns)
        parts = list(self.batches(lazy))
        if not parts:
            return pd.DataFrame(columns=columns)
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _one_row(part: pd.DataFrame, pos: int, offset: int, columns) -> pd.DataFrame:
    row = part.iloc[[pos]][list(columns)]
    row.index = pd.RangeIndex(offset + pos, offset + pos + 1)
    return row


def _first_flagged_dask(ddf, name: str, columns):
    """One pass for the length and first flagged position of every partition, then one more
    to read the partition holding the first flagged row."""

    def summary(part):
        hits = np.flatnonzero(part[name].to_numpy(dtype=bool, na_value=True))
        return pd.DataFrame({"rows": [len(part)], "first": [int(hits[0]) if hits.size else -1]})

    info = ddf.map_partitions(summary, meta={"rows": "int64", "first": "int64"}).compute()
    offsets = np.concatenate([[0], np.cumsum(info["rows"].to_numpy())])
    for k, first in enumerate(info["first"].to_numpy()):
        if first >= 0:
            part = _clean_pandas(ddf.get_partition(k).compute())
            return _one_row(part, int(first), int(offsets[k]), columns)
    return None


def nw_native(frame):
    nw = _need("narwhals")
    return nw.to_native(frame)


def _clean_pandas(df: pd.DataFrame) -> pd.DataFrame:
    """A fresh 0..n-1 index, and text as pandas' default ``str`` dtype (Dask hands it back as
    ``string[pyarrow]``, whose missing value is ``pd.NA`` rather than ``nan``)."""
    df = df.reset_index(drop=True)
    for col in df.columns:
        s = df[col]
        if isinstance(s.dtype, pd.StringDtype) and s.dtype.na_value is pd.NA:
            df[col] = s.astype("str")
    return df


def collect_pandas(lazy) -> pd.DataFrame:
    return _clean_pandas(lazy.collect(backend="pandas").to_native())


def to_pandas(obj, name: str = "data") -> pd.DataFrame:
    """The whole table as a pandas DataFrame with a fresh 0..n-1 index, rows in file order."""
    with _Source(obj, name) as src:
        return src.to_pandas()


# ---------------------------------------------------------------------------------------------
# RFM: aggregated inside the engine
# ---------------------------------------------------------------------------------------------


# Helper columns added inside the engine; the prefix keeps them apart from the user's columns.
_P = "__crmlab_"


class _Dates:
    """How the engine reads the date column: native dates/datetimes, or text/number days.

    :meth:`prepare` adds the column ``_P + "day"`` (the date as the engine compares it) and
    ``_P + "bad_date"`` (missing, or text the engine does not read itself). Each step is its own
    column so that the expressions stay small.
    """

    def __init__(self, dtype, nw):
        self.unit = "ns"
        if dtype == nw.Datetime and getattr(dtype, "time_zone", None) is None:
            self.kind = "datetime"
            self.unit = dtype.time_unit if dtype.time_unit in ("s", "ms", "us", "ns") else "ns"
        elif dtype == nw.Date:
            self.kind = "date"
        elif dtype == nw.String:
            self.kind = "text"
        elif dtype.is_integer():
            self.kind = "number"
        else:
            self.kind = None  # time zones, objects, ...: pandas decides

    def prepare(self, lf, nw, col: str):
        c = nw.col(col)
        if self.kind in ("datetime", "date"):
            return lf.with_columns(**{_P + "day": c, _P + "bad_date": c.is_null()})
        if self.kind == "text":
            iso = c.str.contains(_ISO_DATE).fill_null(False)
            compact = c.str.contains(_COMPACT_DATE).fill_null(False)

            def part(iso_start, compact_start, length):
                return (
                    nw.when(iso).then(c.str.slice(iso_start, length))
                    .otherwise(nw.when(compact).then(c.str.slice(compact_start, length)))
                    .fill_null("0")  # some engines cannot cast a missing text to an integer
                    .cast(nw.Int64)
                )

            lf = lf.with_columns(**{_P + "y": part(0, 0, 4), _P + "m": part(5, 4, 2),
                                    _P + "d": part(8, 6, 2)})
        else:  # whole numbers such as 20240301
            ok = ((c >= 10_000_000) & (c <= 99_999_999)).fill_null(False)
            v = nw.when(ok).then(c).otherwise(0).cast(nw.Int64)
            lf = lf.with_columns(**{_P + "y": v // 10_000, _P + "m": (v // 100) % 100,
                                    _P + "d": v % 100})
        y, m, d = nw.col(_P + "y"), nw.col(_P + "m"), nw.col(_P + "d")
        leap = (((y % 4) == 0) & ((y % 100) != 0)) | ((y % 400) == 0)
        month_days = (
            nw.when(m == 2).then(28 + leap.cast(nw.Int64))
            .otherwise(nw.when(m.is_in([4, 6, 9, 11])).then(30).otherwise(31))
        )
        valid = ((y >= _MIN_YEAR) & (y <= _MAX_YEAR) & (m >= 1) & (m <= 12) & (d >= 1)
                 & (d <= month_days))
        # Days since 1970-01-01 in integer arithmetic (H. Hinnant's days_from_civil).
        lf = lf.with_columns(**{_P + "ok": valid, _P + "y2": y - (m <= 2).cast(nw.Int64),
                                _P + "doy": (153 * ((m + 9) % 12) + 2) // 5 + d - 1})
        y2 = nw.col(_P + "y2")
        lf = lf.with_columns(**{_P + "era": y2 // 400})
        era = nw.col(_P + "era")
        lf = lf.with_columns(**{_P + "yoe": y2 - era * 400})
        yoe = nw.col(_P + "yoe")
        days = era * 146_097 + yoe * 365 + yoe // 4 - yoe // 100 + nw.col(_P + "doy") - 719_468
        ok = nw.col(_P + "ok")
        return lf.with_columns(**{_P + "day": nw.when(ok).then(days), _P + "bad_date": ~ok})

    def lit(self, nw, ts: pd.Timestamp):
        """``ts`` (midnight) as a literal comparable with the day column."""
        if self.kind == "datetime":
            return nw.lit(ts.to_pydatetime())
        if self.kind == "date":
            return nw.lit(ts.date())
        return nw.lit((ts - pd.Timestamp("1970-01-01")).days)

    def to_days(self, values) -> pd.DatetimeIndex:
        """Per-customer min/max back in pandas: midnight of the day, as datetime64."""
        if self.kind in ("text", "number"):
            out = pd.to_datetime(np.asarray(values, dtype="int64"), unit="D")
        else:
            out = pd.DatetimeIndex(pd.to_datetime(values)).normalize()
        return out.as_unit(self.unit)


class _Amounts:
    """How the engine reads the amount column: numbers, or plain numeric text.

    :meth:`prepare` adds ``_P + "amount"`` (float) and, for text, ``_P + "bad_text"``.
    """

    def __init__(self, dtype, nw):
        if dtype == nw.Boolean:
            self.kind = "bool"
        elif dtype.is_numeric():
            self.kind = "number"
        elif dtype == nw.String:
            self.kind = "text"
        else:
            self.kind = None

    def prepare(self, lf, nw, col: str):
        c = nw.col(col)
        if self.kind == "number":
            return lf.with_columns(**{_P + "amount": c.cast(nw.Float64)})
        plain = c.str.contains(_PLAIN_NUMBER).fill_null(False)
        return lf.with_columns(**{_P + "amount": nw.when(plain).then(c).cast(nw.Float64),
                                  _P + "bad_text": ~c.is_null() & ~plain})


def rfm_table(
    tx, request: RfmRequest, pandas_rfm: Callable[[pd.DataFrame, RfmRequest], pd.DataFrame]
) -> pd.DataFrame:
    """:func:`crmlab.rfm_table` for an engine table (or a big pandas table, through DuckDB).

    ``pandas_rfm(frame, request)`` is the pandas function; it decides whenever pandas has to.
    """
    nw = _need("narwhals")
    customer, date, amount, order = request.customer, request.date, request.amount, request.order
    as_of, start, end = request.as_of, request.start, request.end
    routed = isinstance(tx, pd.DataFrame)
    needed = request.columns

    def in_pandas(src):
        """The pandas function decides: on the original frame, or on the needed columns."""
        return pandas_rfm(tx if routed else src.to_pandas(needed), request)

    with _Source(tx, "data") as src:
        schema = src.lazy.collect_schema()
        if any(c not in schema for c in needed) and _is_empty(src):
            check_frame(pd.DataFrame(), "data")  # pandas reports an empty table first
        check_columns(pd.DataFrame(columns=list(schema.names())), needed)
        dates = _Dates(schema[date], nw)
        amounts = _Amounts(schema[amount], nw)
        if dates.kind is None or amounts.kind is None:
            return in_pandas(src)

        def day(value, name):
            return None if value is None else check_date(value, name)

        start_ts, end_ts, as_of_ts = day(start, "start"), day(end, "end"), day(as_of, "as_of")
        one_day = pd.Timedelta(days=1)

        lf = dates.prepare(src.lazy.select(*needed), nw, date)
        d = nw.col(_P + "day")
        keep = None  # rows inside the start/end window; None: all rows
        if start_ts is not None:
            keep = d >= dates.lit(nw, start_ts)
        if end_ts is not None:
            before_end = d < dates.lit(nw, end_ts + one_day)
            keep = before_end if keep is None else keep & before_end
        if keep is not None:
            lf = lf.with_columns(**{_P + "keep": keep.fill_null(False)})
            keep = nw.col(_P + "keep")

        def in_window(expr):
            return expr if keep is None else nw.when(keep).then(expr)

        def check_first_row(flag):
            """Run the pandas code on the first row (in file order) where ``flag`` holds.

            It raises the message the whole table would have raised. If it does not, the row
            holds text that pandas reads but the engine does not: pandas then does the job.
            """
            row = src.first_flagged(lf, flag, needed)
            if row is not None:
                pandas_rfm(row, request)
            return in_pandas(src)

        if amounts.kind == "bool":
            if _count(lf, nw.col(_P + "bad_date")):
                return check_first_row(nw.col(_P + "bad_date"))
            numeric_column(pd.DataFrame({amount: pd.Series([], dtype=bool)}), amount)
        lf = amounts.prepare(lf, nw, amount)
        a = nw.col(_P + "amount")

        # Each kind of problem, in the order the pandas function looks for them.
        c = nw.col(customer)
        no_customer = c.is_null()
        if schema[customer].is_float():
            no_customer = no_customer | c.is_nan().fill_null(False)
        checks = [("date", nw.col(_P + "bad_date"))]
        if amounts.kind == "text":
            checks.append(("text", nw.col(_P + "bad_text")))
        checks += [("missing", ~a.is_finite().fill_null(False)),
                   ("negative", (a < 0).fill_null(False)),
                   ("customer", no_customer)]
        if as_of_ts is not None:
            late = d >= dates.lit(nw, as_of_ts + one_day)
            checks.append(("late", late if keep is None else keep & late))

        # One pass: the aggregation, plus one flag per customer telling whether all rows are fine.
        fine = ~checks[0][1]
        for _, check in checks[1:]:
            fine = fine & ~check
        columns = {_P + "fine": fine.fill_null(False), _P + "d": in_window(d),
                   _P + "a": in_window(a)}
        aggs = [nw.col(_P + "d").min().alias("_first"), nw.col(_P + "d").max().alias("_last"),
                nw.col(_P + "a").sum().alias("_m"), nw.col(_P + "fine").all().alias("_fine")]
        if keep is None:
            aggs.append(nw.len().alias("_n"))
        else:
            columns[_P + "k"] = keep.cast(nw.Int64)
            aggs.append(nw.col(_P + "k").sum().alias("_n"))
        grouped = lf.with_columns(**columns).group_by(customer).agg(*aggs)
        if order is not None:
            # distinct (customer, order) pairs, then count them: correct on every engine
            has_order = ~nw.col(order).is_null()
            pairs = lf.filter(has_order if keep is None else keep & has_order)
            orders = (pairs.select(customer, order).unique().group_by(customer)
                      .agg(nw.len().alias("_orders")))
            grouped = grouped.join(orders, on=customer, how="left")
        g = src.fetch_sorted(grouped, customer)
        n = np.asarray(g["_n"], dtype="int64")
        if len(n) == 0:  # no rows at all
            check_frame(pd.DataFrame(), "data")

        if not np.asarray(g["_fine"], dtype=bool).all():
            if routed:
                return in_pandas(src)
            # The first kind of problem found decides, as in the pandas code.
            counts = collect_pandas(lf.select(
                *[chk.fill_null(True).cast(nw.Int64).sum().alias(name) for name, chk in checks]))
            for name, check in checks:
                if name == "late" and n.sum() == 0:
                    break
                if counts[name].iloc[0] > 0:
                    return check_first_row(check)
            if n.sum() > 0:
                return in_pandas(src)
        if n.sum() == 0:
            raise empty_window_error(start, end)

    has = n > 0
    first = dates.to_days(g["_first"][has])
    last = dates.to_days(g["_last"][has])
    if as_of_ts is None:
        as_of_ts = last.max() + one_day
    if order is None:
        frequency = n[has]
    else:
        frequency = np.nan_to_num(np.asarray(g["_orders"], dtype="float64"))[has]
    ids = g[customer][has]
    if routed:
        ids = pd.array(ids, dtype=tx[customer].dtype)
    elif ids.dtype == object:
        ids = pd.array(ids, dtype="str") if _all_text(ids) else ids
    out = pd.DataFrame(
        {
            customer: ids,
            "recency": np.asarray((as_of_ts - last).days, dtype="int64"),
            "frequency": np.asarray(frequency, dtype="int64"),
            "monetary": np.asarray(g["_m"][has], dtype="float64"),
            "first_date": first,
            "last_date": last,
        },
        copy=False,
    )
    out.attrs = {"as_of": as_of_ts, "customer": customer, "start": start, "end": end}
    return out


def _count(lazy, flag) -> int:
    """How many rows of ``lazy`` have ``flag`` (a missing flag counts as set)."""
    total = collect_pandas(lazy.select(flag.fill_null(True).cast(_need("narwhals").Int64).sum()))
    return int(total.iloc[0, 0] or 0)


def _all_text(values: np.ndarray) -> bool:
    return all(isinstance(v, str) for v in values)


def _is_empty(src: _Source) -> bool:
    return len(src.lazy.head(1).collect()) == 0
