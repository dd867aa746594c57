"""The RFM model: recency, frequency and monetary value per customer, and eight segments.

>>> import pandas as pd, crmlab as cl
>>> tx = pd.DataFrame({"customer": ["a", "a", "b"],
...                    "date": pd.to_datetime(["2024-01-01", "2024-01-20", "2024-01-10"]),
...                    "amount": [10.0, 30.0, 5.0]})
>>> r = cl.rfm_table(tx, customer="customer", date="date", amount="amount", as_of="2024-02-01")
>>> r[["customer", "recency", "frequency", "monetary"]].values.tolist()
[['a', 12, 2, 40.0], ['b', 22, 1, 5.0]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _usage, engines
from ._i18n import LocalizedNames, tr
from ._summary import group_summary
from .engines import RfmRequest
from .validation import (
    CrmlabError,
    Integer,
    Options,
    check_columns,
    check_date,
    check_frame,
    check_option,
    data_first,
    date_column,
    empty_window_error,
    numeric_column,
)

_SEGMENTS = [
    # R, F, M, Chinese name, English name, strategy (zh), strategy (en)
    (True, True, True, "重要价值客户", "Champions",
     "重点维护：专属服务和优先资源，保持他们的满意度", "Keep them delighted: dedicated service"),
    (False, True, True, "重要保持客户", "At-risk loyal",
     "主动联系唤回：他们常买且花得多，但最近没有来", "Reach out: frequent big spenders gone quiet"),
    (True, False, True, "重要发展客户", "Promising big spenders",
     "提高购买频率：会员积分、组合推荐", "Raise their frequency: loyalty points, bundles"),
    (False, False, True, "重要挽留客户", "Big spenders to win back",
     "重点挽留：了解流失原因，给出有针对性的优惠", "Win back: learn why they left, tailored offer"),
    (True, True, False, "一般价值客户", "Loyal small spenders",
     "提升客单价：推荐高价值商品或套餐", "Raise basket size: upsell and bundles"),
    (False, True, False, "一般保持客户", "Fading regulars",
     "低成本维系：定期短信、邮件提醒", "Low-cost reminders: newsletters, messages"),
    (True, False, False, "一般发展客户", "New or occasional",
     "培养习惯：新客礼包、首单后的跟进", "Build the habit: welcome offers, follow-up"),
    (False, False, False, "一般挽留客户", "Lost small spenders",
     "控制成本：只做低成本的批量营销，必要时放弃", "Control cost: cheap mass marketing only"),
]
#: The eight segment names in the standard order, in the current language.
RFM_SEGMENT_NAMES = LocalizedNames([s[3] for s in _SEGMENTS], [s[4] for s in _SEGMENTS])

_METHODS = Options("mean", "median", "score")
_BINS = Integer(2)


def _segment_names() -> list[str]:
    return list(RFM_SEGMENT_NAMES)


def rfm_segment_table() -> pd.DataFrame:
    """The mapping from high/low R, F, M to the eight segments, with a suggested strategy."""
    hi, lo = tr("高", "high"), tr("低", "low")
    return pd.DataFrame(
        {
            "R": [hi if s[0] else lo for s in _SEGMENTS],
            "F": [hi if s[1] else lo for s in _SEGMENTS],
            "M": [hi if s[2] else lo for s in _SEGMENTS],
            "segment": _segment_names(),
            "strategy": [tr(s[5], s[6]) for s in _SEGMENTS],
        }
    )


@data_first(old_order=("customer", "date", "amount", "order"))
def rfm_table(
    data: pd.DataFrame,
    *,
    customer: str,
    date: str,
    amount: str,
    order: str | None = None,
    as_of=None,
    start=None,
    end=None,
) -> pd.DataFrame:
    """One row per customer with ``recency``, ``frequency``, ``monetary``, first and last date.

    ``data`` holds one row per transaction; ``customer``, ``date`` and ``amount`` name its
    columns (and ``order``, when one order spans several rows).

    * ``recency``: whole days from ``as_of`` back to the customer's last purchase (smaller is
      more recent). ``as_of`` defaults to the day after the latest date in the window.
    * ``frequency``: the number of distinct ``order`` values if ``order`` is given, otherwise
      the number of transaction rows.
    * ``monetary``: the total of ``amount`` in the window (not the average).

    ``start`` and ``end`` (inclusive, whole days) limit the window. Dates may be datetimes, ISO
    text or ``YYYYMMDD`` numbers. Amounts must be non-negative (net refunds off first). A purchase
    dated after ``as_of`` is an error rather than being dropped silently; pass ``end`` to cut the
    window explicitly.

    ``data`` may also be a polars, DuckDB or Dask table or a Parquet/CSV path (see
    :mod:`crmlab.engines`); the result is the same pandas DataFrame.
    """
    _usage.record("rfm_table")
    request = RfmRequest(customer, date, amount, order, as_of, start, end)
    if engines.wants_engine(data) or engines.route_pandas_rfm(data, request):
        return engines.rfm_table(data, request, _rfm_table_pandas)
    return _rfm_table_pandas(data, request)


def _rfm_table_pandas(tx: pd.DataFrame, request: RfmRequest) -> pd.DataFrame:
    """:func:`rfm_table` on a pandas DataFrame: check the input, then one groupby."""
    customer, date, amount, order = request.customer, request.date, request.amount, request.order
    as_of, start, end = request.as_of, request.start, request.end
    check_frame(tx, "data")
    check_columns(tx, request.columns)
    dates = date_column(tx, date)
    amounts = numeric_column(tx, amount, allow_negative=False)
    missing = tx[customer].isna().to_numpy()
    if missing.any():
        pos = int(np.flatnonzero(missing)[0])
        raise CrmlabError(
            f"列 {customer!r} 第 {tx.index[pos]!r} 行缺少客户编号。",
            f"column {customer!r}, row {tx.index[pos]!r}: the customer id is missing.",
        )
    day = dates.dt.normalize()
    keep = np.ones(len(tx), dtype=bool)
    if start is not None:
        keep &= (day >= check_date(start, "start")).to_numpy()
    if end is not None:
        keep &= (day <= check_date(end, "end")).to_numpy()
    if not keep.any():
        raise empty_window_error(start, end)
    if as_of is None:
        as_of_ts = day[keep].max() + pd.Timedelta(days=1)
    else:
        as_of_ts = check_date(as_of, "as_of")
        late = np.flatnonzero(keep & (day > as_of_ts).to_numpy())
        if late.size:
            pos = int(late[0])
            raise CrmlabError(
                f"列 {date!r} 第 {tx.index[pos]!r} 行的日期 {dates.iloc[pos].date()} 晚于分析日期 "
                f"as_of={as_of_ts.date()}。请检查分析日期，或用 end= 截止交易窗口。",
                f"column {date!r}, row {tx.index[pos]!r}: {dates.iloc[pos].date()} is after "
                f"as_of={as_of_ts.date()}. Check the analysis date or cut the window with end=.",
            )
    frame = pd.DataFrame(
        {"_c": tx[customer].to_numpy()[keep], "_d": day.to_numpy()[keep],
         "_a": amounts.to_numpy()[keep]}
    )
    g = frame.groupby("_c", sort=True)
    out = pd.DataFrame(
        {
            "first_date": g["_d"].min(),
            "last_date": g["_d"].max(),
            "monetary": g["_a"].sum(),
        }
    )
    if order is None:
        out["frequency"] = g.size()
    else:
        frame["_o"] = tx[order].to_numpy()[keep]
        out["frequency"] = frame.groupby("_c", sort=True)["_o"].nunique()
    out["recency"] = (as_of_ts - out["last_date"]).dt.days.astype("int64")
    out["frequency"] = out["frequency"].astype("int64")
    out.index.name = customer
    out = out.reset_index()[[customer, "recency", "frequency", "monetary", "first_date",
                             "last_date"]]
    out.attrs = {"as_of": as_of_ts, "customer": customer, "start": start, "end": end}
    return out


def _check_rfm(rfm: pd.DataFrame) -> None:
    check_frame(rfm, "data")
    check_columns(rfm, ["recency", "frequency", "monetary"])
    for col in ("recency", "frequency", "monetary"):
        numeric_column(rfm, col)


def _rank_score(x: pd.Series, bins: int) -> np.ndarray:
    """Quantile score 1..bins by rank; ties share the lowest rank, so they share a score."""
    n = len(x)
    r = x.rank(method="min").to_numpy()
    return (np.floor((r - 1) * bins / n) + 1).astype("int64")


@data_first(old_order=("bins",))
def rfm_scores(data: pd.DataFrame, *, bins: int = 5) -> pd.DataFrame:
    """Add ``R_score``, ``F_score`` and ``M_score``: quantile scores from 1 to ``bins``.

    ``data`` is an :func:`rfm_table` result (columns ``recency``, ``frequency``, ``monetary``).
    Higher is better on all three, so recency is reversed (the most recent buyers get
    ``bins``). Customers with equal values always get the same score, even when many share a
    value (for example the many customers who bought exactly once), so some scores may be unused.
    """
    _usage.record("rfm_scores")
    _check_rfm(data)
    bins = check_option(bins, "bins", _BINS)
    out = data.copy()
    out["R_score"] = _rank_score(-out["recency"], bins)
    out["F_score"] = _rank_score(out["frequency"], bins)
    out["M_score"] = _rank_score(out["monetary"], bins)
    return out


@data_first(old_order=("method",))
def rfm_segments(data: pd.DataFrame, *, method: str = "mean") -> pd.DataFrame:
    """Add ``R_high``, ``F_high``, ``M_high`` and the eight-way ``segment``.

    ``data`` is an :func:`rfm_table` (or :func:`rfm_scores`) result.

    * ``"mean"``: R is high when recency is strictly below its mean (more recent is better);
      F and M are high when strictly above their means.
    * ``"median"``: the same with medians.
    * ``"score"``: quantile scores from :func:`rfm_scores` (``bins=5``); each score is high
      when strictly above the mean score.
    """
    _usage.record("rfm_segments")
    _check_rfm(data)
    method = check_option(method, "method", _METHODS)
    out = data.copy()
    if method == "score":
        if not {"R_score", "F_score", "M_score"} <= set(out.columns):
            out = rfm_scores(out)
        r_high = out["R_score"] > out["R_score"].mean()
        f_high = out["F_score"] > out["F_score"].mean()
        m_high = out["M_score"] > out["M_score"].mean()
    else:
        stat = (lambda s: s.mean()) if method == "mean" else (lambda s: s.median())
        r_high = out["recency"] < stat(out["recency"])
        f_high = out["frequency"] > stat(out["frequency"])
        m_high = out["monetary"] > stat(out["monetary"])
    out["R_high"] = r_high.to_numpy()
    out["F_high"] = f_high.to_numpy()
    out["M_high"] = m_high.to_numpy()
    names = _segment_names()
    lookup = np.empty(8, dtype="int64")
    for k, s in enumerate(_SEGMENTS):
        lookup[4 * s[0] + 2 * s[1] + s[2]] = k
    key = 4 * r_high.to_numpy(dtype=int) + 2 * f_high.to_numpy(dtype=int) + m_high.to_numpy(dtype=int)
    codes = lookup[key]
    out["segment"] = pd.Categorical.from_codes(codes, categories=names, ordered=True)
    out.attrs = dict(data.attrs, method=method)
    return out


@data_first(old_order=("value",))
def segment_summary(
    data: pd.DataFrame, *, value: str = "monetary", group: str = "segment"
) -> pd.DataFrame:
    """Per segment (standard order): customers, value, their shares and the cumulative shares.

    ``data`` is an :func:`rfm_segments` result; ``value`` names the value column (default
    ``monetary``). The columns are the ones every summary has: ``group``, ``customers``,
    ``customer_share``, ``value``, ``value_share``, ``cum_customer_share``, ``cum_value_share``.
    """
    _usage.record("segment_summary")
    return group_summary(data, group=group, value=value)
