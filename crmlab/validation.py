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
* ``a``, ``b`` or ``cuts`` outside 0..1 or in the wrong order -> error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd


class CrmlabError(ValueError):
    """Bad input for a crmlab function. The message is Chinese first, then English."""

    def __init__(self, zh: str, en: str):
        self.zh = zh
        self.en = en
        super().__init__(f"{zh}\n({en})")


_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def check_frame(df, name: str = "df") -> pd.DataFrame:
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
