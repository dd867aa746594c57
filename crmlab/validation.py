"""All input checks in one place.

Every analysis calls these first. Every error is a :class:`CrmlabError` (a ``ValueError``) whose
message says, in Chinese with the English alongside, which column, which row and which value.

Behaviour chosen for each kind of bad input (documented in the README too):

* missing column -> error listing the columns that do exist;
* empty table -> error;
* NaN / missing value -> error naming the first missing row;
* numeric text: plain numbers such as ``"590"`` or ``" 12.5 "`` are accepted, and so are
  full-width digits such as ``"５９０"`` (they are the same number, only typed with a Chinese
  input method). Text with a unit or currency (``"590万"``, ``"¥1,200"``, ``"1,200"``) is
  rejected, because the unit or separator is ambiguous: the error names the row and value;
* negative values: rejected where a share of a total is computed (ABC analysis, concentration,
  RFM amounts); allowed for the customer pyramid (loss-making customers sort to the bottom);
* zero total -> error, since every share would be 0/0;
* duplicate customer ids in a per-customer table -> error naming both rows;
* unparseable dates -> error naming the row; dates after ``as_of`` -> error;
* ``a``, ``b`` or ``cuts`` outside 0..1 or in the wrong order -> error;
* an option outside its allowed values (``method``, ``bins``, ``normalize``, ...) -> error naming
  the parameter and the allowed values. Every option is checked here, declared once
  (:class:`Options`, :class:`Integer`, :func:`check_fraction`, :func:`check_date`), in the spirit
  of scikit-learn's ``check_scalar`` / ``StrOptions``;
* an old positional call such as ``abc_analysis(df, "revenue")`` -> error naming the keyword to
  use (:func:`data_first`).
"""

from __future__ import annotations

import functools
import inspect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


class CrmlabError(ValueError):
    """Bad input for a crmlab function. The message is Chinese first, then English."""

    def __init__(self, zh: str, en: str):
        self.zh = zh
        self.en = en
        super().__init__(f"{zh}\n({en})")


_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def check_frame(df, name: str = "data") -> pd.DataFrame:
    """Require a non-empty pandas DataFrame."""
    if not isinstance(df, pd.DataFrame):
        raise CrmlabError(
            f"参数 {name} 应当是 pandas DataFrame，收到的是 {type(df).__name__}。",
            f"{name} must be a pandas DataFrame, got {type(df).__name__}.",
        )
    if len(df) == 0:
        raise CrmlabError(
            f"表格 {name} 是空的（没有任何行）。",
            f"table {name} is empty (it has no rows).",
        )
    return df


def check_columns(df: pd.DataFrame, columns: Iterable[str | None]) -> None:
    """Require every named column to exist; ``None`` entries are skipped."""
    have = [str(c) for c in df.columns]
    for col in columns:
        if col is None:
            continue
        if col not in df.columns:
            raise CrmlabError(
                f"找不到列 {col!r}。表格中现有的列：{have}。请检查列名的拼写。",
                f"column {col!r} not found. Columns present: {have}. Check the spelling.",
            )


def _row_label(df: pd.DataFrame, pos: int) -> str:
    return f"{df.index[pos]!r}"


def _parse_number_text(text: str) -> float | None:
    """Parse a plain number typed as text; full-width digits count. None if not plain."""
    norm = unicodedata.normalize("NFKC", text).strip()
    if _PLAIN_NUMBER.match(norm):
        return float(norm)
    return None


def numeric_column(
    df: pd.DataFrame,
    col: str,
    *,
    allow_negative: bool = True,
    what_zh: str = "数值",
    what_en: str = "numeric value",
) -> pd.Series:
    """Return ``df[col]`` as float64, or raise naming the first bad row and value.

    Booleans are rejected (True is not an amount). Text is accepted only when it is a plain
    number (half- or full-width digits); anything carrying a unit, currency or separator is not.
    """
    s = df[col]
    if pd.api.types.is_bool_dtype(s):
        raise CrmlabError(
            f"列 {col!r} 是真/假值，不是{what_zh}。",
            f"column {col!r} holds booleans, not a {what_en}.",
        )
    if pd.api.types.is_numeric_dtype(s):
        values = s.to_numpy(dtype="float64", na_value=np.nan)
    else:
        values = np.empty(len(s), dtype="float64")
        for pos, v in enumerate(s.tolist()):
            if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
                values[pos] = np.nan
            elif isinstance(v, bool):
                raise CrmlabError(
                    f"列 {col!r} 第 {_row_label(df, pos)} 行的值 {v!r} 是真/假值，不是{what_zh}。",
                    f"column {col!r}, row {_row_label(df, pos)}: {v!r} is a boolean, "
                    f"not a {what_en}.",
                )
            elif isinstance(v, (int, float, np.integer, np.floating)):
                values[pos] = float(v)
            elif isinstance(v, str):
                parsed = _parse_number_text(v)
                if parsed is None:
                    raise CrmlabError(
                        f"列 {col!r} 第 {_row_label(df, pos)} 行的值 {v!r} 不是纯数字。"
                        "请去掉单位、货币符号和千位分隔符（例如把 '590万' 写成 590，"
                        "并在列说明里注明单位）。",
                        f"column {col!r}, row {_row_label(df, pos)}: {v!r} is not a plain "
                        "number. Remove units, currency symbols and thousands separators "
                        "(write '590万' as 590 and state the unit in the column description).",
                    )
                values[pos] = parsed
            else:
                raise CrmlabError(
                    f"列 {col!r} 第 {_row_label(df, pos)} 行的值 {v!r} 不是{what_zh}。",
                    f"column {col!r}, row {_row_label(df, pos)}: {v!r} is not a {what_en}.",
                )
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        pos = int(bad[0])
        raise CrmlabError(
            f"列 {col!r} 第 {_row_label(df, pos)} 行缺少数值或数值无效（{s.iloc[pos]!r}）。"
            "请先补全或删除这一行。",
            f"column {col!r}, row {_row_label(df, pos)}: missing or invalid value "
            f"({s.iloc[pos]!r}). Fill it in or drop the row first.",
        )
    if not allow_negative:
        neg = np.flatnonzero(values < 0)
        if neg.size:
            pos = int(neg[0])
            raise CrmlabError(
                f"列 {col!r} 第 {_row_label(df, pos)} 行的值 {s.iloc[pos]!r} 是负数；"
                "这里要计算占总量的比重，负数没有意义。",
                f"column {col!r}, row {_row_label(df, pos)}: {s.iloc[pos]!r} is negative; "
                "shares of a total make no sense with negative values here.",
            )
    return pd.Series(values, index=df.index, name=col)


def check_positive_total(values: pd.Series, col: str) -> float:
    total = float(values.sum())
    if total <= 0:
        raise CrmlabError(
            f"列 {col!r} 的合计为 {total:g}，无法计算占比（除数为零）。",
            f"column {col!r} sums to {total:g}; shares cannot be computed (division by zero).",
        )
    return total


def check_unique(df: pd.DataFrame, col: str | None) -> None:
    """In a per-customer table each customer id may appear only once."""
    if col is None:
        return
    dup = df[col].duplicated(keep=False).to_numpy()
    if dup.any():
        positions = np.flatnonzero(dup)
        first = int(positions[0])
        value = df[col].iloc[first]
        second = int(positions[df[col].iloc[positions].to_numpy() == value][1])
        raise CrmlabError(
            f"列 {col!r} 中客户编号 {value!r} 重复出现（第 {_row_label(df, first)} 行和第 "
            f"{_row_label(df, second)} 行）。每位客户只能占一行，请先合并或去重。",
            f"column {col!r}: customer id {value!r} appears more than once (rows "
            f"{_row_label(df, first)} and {_row_label(df, second)}). One row per customer: "
            "aggregate or de-duplicate first.",
        )
    missing = df[col].isna().to_numpy()
    if missing.any():
        pos = int(np.flatnonzero(missing)[0])
        raise CrmlabError(
            f"列 {col!r} 第 {_row_label(df, pos)} 行缺少客户编号。",
            f"column {col!r}, row {_row_label(df, pos)}: the customer id is missing.",
        )


def date_column(df: pd.DataFrame, col: str) -> pd.Series:
    """Return ``df[col]`` as datetime64, or raise naming the first unparseable row.

    Datetime columns pass through. Text is parsed as ISO dates (``2024-03-01``) or compact
    ``YYYYMMDD``; integers of the form ``YYYYMMDD`` are accepted too (the CDNOW file uses them).
    """
    s = df[col]
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s
    else:
        if pd.api.types.is_integer_dtype(s):
            text = s.astype("int64").astype(str)
        else:
            text = s.astype("object").map(
                lambda v: v if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
            )
        if text.isna().all():  # nothing to parse, and ``.str`` needs some text to work on
            compact = pd.Series(False, index=df.index)
        else:
            compact = text.str.fullmatch(r"\d{8}").fillna(False).astype(bool)
        out = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
        if compact.any():
            out[compact] = pd.to_datetime(text[compact], format="%Y%m%d", errors="coerce")
        rest = ~compact
        if rest.any():
            out[rest] = pd.to_datetime(text[rest], format="ISO8601", errors="coerce")
    bad = np.flatnonzero(out.isna().to_numpy())
    if bad.size:
        pos = int(bad[0])
        raise CrmlabError(
            f"列 {col!r} 第 {_row_label(df, pos)} 行的日期 {s.iloc[pos]!r} 无法识别。"
            "请使用 2024-03-01 或 20240301 这样的格式。",
            f"column {col!r}, row {_row_label(df, pos)}: cannot read the date {s.iloc[pos]!r}. "
            "Use a format such as 2024-03-01 or 20240301.",
        )
    return out


def check_fraction(value, name: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = float("nan")
    if not (0 < v <= 1):
        raise CrmlabError(
            f"参数 {name} 应是 0 到 1 之间的比例（例如 0.8 表示 80%），收到 {value!r}。",
            f"{name} must be a fraction between 0 and 1 (0.8 means 80%), got {value!r}.",
        )
    return v


def check_cuts(cuts: Sequence[float], name: str = "cuts") -> list[float]:
    """Cut points must be fractions in (0, 1], strictly increasing."""
    try:
        values = [check_fraction(c, name) for c in cuts]
    except TypeError:
        raise CrmlabError(
            f"参数 {name} 应是一串 0 到 1 之间的比例，收到 {cuts!r}。",
            f"{name} must be a sequence of fractions between 0 and 1, got {cuts!r}.",
        ) from None
    if not values:
        raise CrmlabError(f"参数 {name} 不能为空。", f"{name} must not be empty.")
    for lo, hi in zip(values, values[1:]):
        if not lo < hi:
            raise CrmlabError(
                f"参数 {name} 必须从小到大排列，收到 {list(cuts)!r}。",
                f"{name} must be strictly increasing, got {list(cuts)!r}.",
            )
    return values


# ---------------------------------------------------------------------------------------------
# Options, declared once
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """The allowed values of a text option, e.g. ``Options("mean", "median", "score")``."""

    values: tuple

    def __init__(self, *values):
        object.__setattr__(self, "values", tuple(values))

    def check(self, value, name: str):
        if not isinstance(value, str) or value not in self.values:
            listed_zh = "、".join(repr(v) for v in self.values)
            listed_en = ", ".join(repr(v) for v in self.values)
            raise CrmlabError(
                f"参数 {name} 只能是 {listed_zh} 之一，收到 {value!r}。",
                f"{name} must be one of {listed_en}, got {value!r}.",
            )
        return value


@dataclass(frozen=True)
class Integer:
    """A whole number of at least ``low``, e.g. ``Integer(2)`` for ``bins``."""

    low: int
    unit_zh: str = ""
    unit_en: str = ""

    def check(self, value, name: str) -> int:
        ok = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
        if not ok or value < self.low:
            raise CrmlabError(
                f"参数 {name} 应是不小于 {self.low} 的整数{self.unit_zh}，收到 {value!r}。",
                f"{name} must be a whole number{self.unit_en} >= {self.low}, got {value!r}.",
            )
        return int(value)


def check_option(value, name: str, rule):
    """Check one option against its declared rule (:class:`Options` or :class:`Integer`)."""
    return rule.check(value, name)


def check_weights(weights, name: str = "weights") -> dict:
    """A non-empty ``{column: weight}`` dict of non-negative weights, not all zero."""
    from collections.abc import Mapping

    if not isinstance(weights, Mapping) or not weights:
        raise CrmlabError(
            f"{name} 应是 {{列名: 权重}} 形式的字典，且至少包含一个指标。",
            f"{name} must be a non-empty dict {{column: weight}}.",
        )
    out = {}
    for col, weight in weights.items():
        try:
            wf = float(weight)
        except (TypeError, ValueError):
            wf = float("nan")
        if not np.isfinite(wf) or wf < 0:
            raise CrmlabError(
                f"指标 {col!r} 的权重 {weight!r} 无效：权重必须是非负数。",
                f"weight {weight!r} for indicator {col!r} is invalid: weights must be >= 0.",
            )
        out[col] = wf
    if sum(out.values()) == 0:
        raise CrmlabError("权重不能全为 0。", "weights must not all be zero.")
    return out


def check_flags(flags, name: str) -> dict:
    """An optional ``{column: True/False}`` dict (``None`` means no entries)."""
    from collections.abc import Mapping

    if flags is None:
        return {}
    if not isinstance(flags, Mapping):
        raise CrmlabError(
            f"{name} 应是 {{列名: True/False}} 形式的字典，收到 {flags!r}。",
            f"{name} must be a dict {{column: True/False}}, got {flags!r}.",
        )
    for col, flag in flags.items():
        if not isinstance(flag, (bool, np.bool_)):
            raise CrmlabError(
                f"{name} 里 {col!r} 的值 {flag!r} 不是 True/False。",
                f"{name}[{col!r}] is {flag!r}, not True/False.",
            )
    return {col: bool(flag) for col, flag in flags.items()}


def check_increasing(low: float, high: float, low_name: str, high_name: str) -> None:
    """Two limits that must come in order, e.g. the A limit ``a`` before the B limit ``b``."""
    if not low < high:
        raise CrmlabError(
            f"参数 {low_name}（{low}）必须小于 {high_name}（{high}）。",
            f"{low_name} ({low}) must be smaller than {high_name} ({high}).",
        )


def check_labels(labels, count: int, name: str = "labels") -> list[str]:
    """``count`` distinct tier names (given as any sequence), returned as strings."""
    if isinstance(labels, str) or not isinstance(labels, Iterable):
        raise CrmlabError(
            f"参数 {name} 应是一串层级名称（列表），收到 {labels!r}。",
            f"{name} must be a sequence of tier names, got {labels!r}.",
        )
    out = [str(x) for x in labels]
    if len(out) != count:
        raise CrmlabError(
            f"{count - 1} 个分界点需要 {count} 个层级名称，收到 {len(out)} 个。",
            f"{count - 1} cuts need {count} labels, got {len(out)}.",
        )
    if len(set(out)) != len(out):
        raise CrmlabError(f"层级名称不能重复：{out}。", f"tier labels must be distinct: {out}.")
    return out


def check_date(value, name: str) -> pd.Timestamp:
    """A date option (``as_of``, ``start``, ``end``) as a Timestamp at midnight."""
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        ts = pd.NaT
    if pd.isna(ts):
        raise CrmlabError(
            f"参数 {name} 的日期 {value!r} 无法识别，请写成 '2024-03-01' 这样的格式。",
            f"cannot read the date {value!r} given as {name}; use a format like '2024-03-01'.",
        )
    return ts.normalize()


def empty_window_error(start, end) -> CrmlabError:
    return CrmlabError(
        f"在 start={start!r} 到 end={end!r} 之间没有任何交易。",
        f"no transactions between start={start!r} and end={end!r}.",
    )


def column_from_attrs(data: pd.DataFrame, given, key: str, producer: str, param: str):
    """The column named by the caller, else the one ``producer`` recorded in ``data.attrs``.

    ``attrs`` is only a default: a merge or a copy may drop it, and then the caller names the
    column (``value="revenue"``).
    """
    if given is not None:
        return given
    found = data.attrs.get(key) if isinstance(data.attrs, dict) else None
    if found is None or found not in data.columns:
        raise CrmlabError(
            f"不知道该用哪一列：请写明 {param}=（例如 {param}=\"revenue\"）。"
            f"只有直接传入 {producer} 返回的表时才能省略它。",
            f"which column? Name it with {param}= (for example {param}=\"revenue\"); it can be "
            f"left out only for the table {producer} returned.",
        )
    return found


# ---------------------------------------------------------------------------------------------
# One call shape: func(data, *, columns=..., options=...)
# ---------------------------------------------------------------------------------------------

# First-parameter names of earlier versions; passing one by keyword gets a helpful error.
_OLD_DATA_NAMES = ("df", "tx", "rfm", "seg", "table", "orders", "values", "conc")


def data_first(old_order: Sequence[str] = ()):
    """Decorate ``func(data, *, ...)``: a positional call after ``data`` gets a clear error.

    ``old_order`` lists the parameters earlier versions took by position after the data, so the
    message can say which keyword each extra argument should be.
    """

    def decorate(func):
        name = func.__name__

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if len(args) > 1:
                extra = args[1:]
                names = list(old_order[: len(extra)])
                if len(names) == len(extra):
                    shown = ", ".join(f"{k}={v!r}" for k, v in zip(names, extra))
                else:
                    shown = ", ".join(kw for kw in old_order) or "..."
                raise CrmlabError(
                    f"{name} 只接受一个按位置传入的参数（数据表 data），其余参数要写明名字，"
                    f"例如 {name}(data, {shown})。",
                    f"{name} takes the data as its only positional argument; name the others, "
                    f"e.g. {name}(data, {shown}).",
                )
            if not args:
                old = [k for k in _OLD_DATA_NAMES if k in kwargs]
                if old and "data" not in kwargs:
                    raise CrmlabError(
                        f"{name} 的第一个参数现在叫 data，请把 {old[0]}= 改成 data=，"
                        f"或者直接写 {name}(表格, ...)。",
                        f"the first parameter of {name} is now called data: write data= instead "
                        f"of {old[0]}=, or simply {name}(table, ...).",
                    )
            return func(*args, **kwargs)

        wrapper.__signature__ = inspect.signature(func)
        return wrapper

    return decorate
