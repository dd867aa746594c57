"""Widgets for lesson 05 RFM 模型 (``cl.widgets.l05``).

* :func:`segment_explorer`: pick the analysis date and the method (mean, median, quintile
  score); the segment chart and table follow. ``rfm_table`` runs once per analysis date (cached),
  so switching the method only re-segments.
* :func:`own_file`: upload a CSV or Excel file of your own purchases, choose the customer, date
  and amount columns, and get the same chart and table. Problems with the file are shown as
  friendly text (the Chinese part of a :class:`~crmlab.validation.CrmlabError`), never as a
  traceback. In static mode it only explains how to do the same with code.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pandas as pd

from crmlab import datasets
from crmlab.feedback.widgets import Choice, interact, show, static_mode
from crmlab.rfm import rfm_segments, rfm_table, segment_summary
from crmlab.validation import CrmlabError

#: Analysis dates offered by :func:`segment_explorer` (the CDNOW log ends on 1998-06-30).
DATES = ("1997-04-01", "1997-07-01", "1997-10-01", "1998-01-01", "1998-04-01", "1998-07-01")
METHODS = {
    "平均值 (mean)": "mean",
    "中位数 (median)": "median",
    "五分位打分 (quintile score)": "score",
}
_METHOD_NAMES = {v: k for k, v in METHODS.items()}


def window_rfm(tx: pd.DataFrame, customer: str, date: str, amount: str, as_of=None):
    """``rfm_table`` as seen on ``as_of``: purchases on or after that day are not known yet.

    Without ``as_of`` the analysis date is the day after the last purchase.
    """
    if as_of is None or (isinstance(as_of, str) and not as_of.strip()):
        return rfm_table(tx, customer=customer, date=date, amount=amount)
    if not _is_date(as_of):
        # raises the friendly error
        return rfm_table(tx, customer=customer, date=date, amount=amount, as_of=as_of)
    day = pd.Timestamp(as_of).normalize()
    end = (day - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    return rfm_table(tx, customer=customer, date=date, amount=amount, as_of=day, end=end)


def _is_date(value) -> bool:
    try:
        return not pd.isna(pd.Timestamp(value))
    except (TypeError, ValueError):
        return False


def thresholds(rfm: pd.DataFrame, method: str, unit: str = "") -> str:
    """One line saying where "high" starts for R, F and M under ``method``.

    ``unit`` is the currency of the amounts with its leading space (" 美元"), empty when unknown."""
    if method == "score":
        return (
            "五分位打分：每个指标按排名分成 1–5 分（R 越近分越高），"
            "某一项的分数高于全体的平均分就算“高”。"
        )
    stat = "平均值" if method == "mean" else "中位数"
    cut = {c: _num(getattr(rfm[c], method)()) for c in ("recency", "frequency", "monetary")}
    return (
        f"{stat}分界：R 高 = 距今少于 {cut['recency']} 天；"
        f"F 高 = 购买多于 {cut['frequency']} 次；M 高 = 订单金额多于 {cut['monetary']}{unit}。"
    )


def _num(x: float) -> str:
    """Two decimals at most, without trailing zeros: 2.96, 1, 43.4."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def summary_table(seg: pd.DataFrame, money: str = "订单金额") -> pd.DataFrame:
    """``segment_summary`` with Chinese headers and percentages, for display."""
    s = segment_summary(seg)
    return pd.DataFrame(
        {
            "客户细分": s["group"].astype(str),
            "客户数": s["customers"],
            "客户占比": [f"{x:.1%}" for x in s["customer_share"]],
            money: s["value"].round(2),
            "金额占比": [f"{x:.1%}" for x in s["value_share"]],
        }
    )


def segment_view(rfm: pd.DataFrame, method: str, money: str = "订单金额", unit: str = "") -> list:
    """What both widgets show: a summary line, the segment chart and the table."""
    from crmlab.plots import plot_rfm_segments

    seg = rfm_segments(rfm, method=method)
    as_of = rfm.attrs.get("as_of")
    when = f"分析日 {pd.Timestamp(as_of).date()}，" if as_of is not None else ""
    line = f"{when}{len(rfm):,} 位顾客，方法：{_METHOD_NAMES.get(method, method)}。" + thresholds(
        rfm, method, unit
    )
    ax = plot_rfm_segments(seg)
    label = {"mean": "按平均值", "median": "按中位数", "score": "按五分位打分"}.get(method, method)
    ax.set_title(f"RFM 客户细分（{when}{label}）：{len(seg):,} 位客户", pad=24)
    return [line, ax.figure, summary_table(seg, money)]


def explorer_render(
    tx: pd.DataFrame,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
) -> Callable[..., list]:
    """The render function of :func:`segment_explorer`, with its per-date cache.

    ``render.cache`` maps each analysis date to its RFM table; ``render.rfm_runs`` counts the
    ``rfm_table`` calls (one per new date, none for a change of method).
    """
    cache: dict[str, pd.DataFrame] = {}

    def render(as_of: str, method: str) -> list:
        if as_of not in cache:
            cache[as_of] = window_rfm(tx, customer, date, amount, as_of)
            render.rfm_runs += 1
        return segment_view(cache[as_of], method, money="订单金额（美元）", unit=" 美元")

    render.cache = cache
    render.rfm_runs = 0
    return render


def segment_explorer(tx: pd.DataFrame | None = None) -> None:
    """Pick the analysis date and the method; see the CDNOW segments change."""
    tx = datasets.load_dataset("cdnow") if tx is None else tx
    interact(
        explorer_render(tx),
        title="换一个分析日期或划分方法，八类客户会怎样变化？",
        as_of=Choice("分析日期", list(DATES), DATES[-1]),
        method=Choice("高/低的分界", METHODS, "mean"),
    )


# --------------------------------------------------------------------------------------------
# the student's own file

OWN_FILE_HELP = """\
【用自己的数据做 RFM 分析】
在 JupyterLab 里运行这个单元格，会出现“上传文件”按钮：选一个 CSV 或 Excel (.xlsx) 文件，
再用下拉框选出顾客编号、购买日期、金额三列，就能看到同样的细分图和表。

不用控件，也可以直接写代码（把文件名和列名换成你自己的）：

    # dtype 让顾客编号保持文字，"00001" 不会变成数字 1；Excel 文件用 pd.read_excel，写法相同
    my_tx = pd.read_csv("我的交易记录.csv", dtype={"顾客": str})
    my_rfm = cl.rfm_table(my_tx, customer="顾客", date="日期", amount="金额")
    my_seg = cl.rfm_segments(my_rfm, method="median")
    cl.segment_summary(my_seg)
    cl.plot_rfm_segments(my_seg)

文件要求：每一行是一笔交易；金额列只写数字（不要带“元”“¥”或千位逗号）；
日期写成 2024-03-01 这样的格式。"""

_GUESS = {
    "customer": ("customer", "cust", "client", "member", "id", "顾客", "客户", "会员", "编号"),
    "date": ("date", "day", "time", "日期", "时间", "日"),
    "amount": (
        "amount",
        "value",
        "revenue",
        "sales",
        "money",
        "price",
        "金额",
        "收入",
        "销售额",
        "消费",
        "元",
    ),
}


def guess_columns(columns: list[str]) -> dict[str, str]:
    """A first guess of the customer, date and amount columns from their names."""
    chosen: dict[str, str] = {}
    for role, words in _GUESS.items():
        for word in words:
            hit = next(
                (c for c in columns if word in str(c).lower() and c not in chosen.values()), None
            )
            if hit is not None:
                chosen[role] = hit
                break
    rest = [c for c in columns if c not in chosen.values()]
    for role in _GUESS:
        if role not in chosen:
            chosen[role] = rest.pop(0) if rest else columns[0]
    return chosen


def read_table(name: str, content: bytes) -> pd.DataFrame:
    """Read an uploaded CSV (UTF-8 or GBK) or Excel file; problems become a CrmlabError."""
    lower = name.lower()
    try:
        if lower.endswith(".xlsx"):
            frame = pd.read_excel(io.BytesIO(content), engine="openpyxl")
        elif lower.endswith(".xls"):
            raise CrmlabError(
                "旧版 Excel 文件 (.xls) 读不了，请在 Excel 里“另存为”.xlsx 或 .csv 再上传。",
                "old Excel files (.xls) are not supported; save as .xlsx or .csv first.",
            )
        elif lower.endswith((".csv", ".txt")):
            frame = None
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    frame = pd.read_csv(io.BytesIO(content), encoding=encoding)
                    break
                except UnicodeDecodeError:
                    continue
            if frame is None:
                raise CrmlabError(
                    "文件的文字编码认不出来，请用 Excel 另存为“CSV UTF-8”格式。",
                    "cannot tell the text encoding; save the file as 'CSV UTF-8'.",
                )
        else:
            raise CrmlabError(
                f"文件 {name!r} 不是 CSV 或 Excel (.xlsx) 文件。",
                f"{name!r} is not a CSV or Excel (.xlsx) file.",
            )
    except CrmlabError:
        raise
    except Exception as err:  # noqa: BLE001 - any parse error becomes plain words
        raise CrmlabError(
            f"文件 {name!r} 读不出来：{err}。请确认它是一张普通的表格（第一行是列名）。",
            f"cannot read {name!r}: {err}. Make sure it is a plain table with a header row.",
        ) from None
    if frame.shape[1] < 3 or len(frame) == 0:
        raise CrmlabError(
            f"文件 {name!r} 里至少要有三列（顾客、日期、金额）和一行数据，"
            f"现在是 {len(frame)} 行 × {frame.shape[1]} 列。",
            f"{name!r} needs at least three columns and one row; it has "
            f"{len(frame)} rows x {frame.shape[1]} columns.",
        )
    return frame


def friendly(err: Exception) -> str:
    """The message a student sees for a problem: Chinese first, no traceback."""
    if isinstance(err, CrmlabError):
        return f"⚠️ {err.zh}"
    return f"⚠️ 出了点问题：{err}。请检查选的列和文件内容。"


class OwnFileWidget:
    """Live widget for :func:`own_file`: upload, choose the columns, see the segments.

    The RFM table is cached per (columns, analysis date); a change of method re-segments only.
    ``self.frame`` is the uploaded table, ``self.last`` the last thing shown (a list, or the
    friendly error text).
    """

    def __init__(self) -> None:
        import ipywidgets as w

        style = {"description_width": "initial"}
        self.frame: pd.DataFrame | None = None
        self.file_name = ""
        self.last: Any = None
        self.rfm_runs = 0
        self._cache: dict[tuple, pd.DataFrame] = {}
        self._quiet = False
        self.upload = w.FileUpload(
            accept=".csv,.xlsx,.xls,.txt", multiple=False, description="上传文件"
        )
        self.customer = w.Dropdown(options=[], description="顾客编号列", style=style)
        self.date = w.Dropdown(options=[], description="购买日期列", style=style)
        self.amount = w.Dropdown(options=[], description="金额列", style=style)
        self.as_of = w.Text(
            value="",
            description="分析日期",
            style=style,
            placeholder="如 2024-07-01；留空 = 最后一笔的次日",
            continuous_update=False,
        )
        self.method = w.Dropdown(
            options=list(METHODS.items()), value="mean", description="高/低的分界", style=style
        )
        self.output = w.Output()
        self.box = w.VBox(
            [
                w.HTML("<b>用自己的数据做 RFM 分析：上传 CSV 或 Excel 文件，再选好三列</b>"),
                self.upload,
                w.HBox([self.customer, self.date, self.amount]),
                w.HBox([self.as_of, self.method]),
                self.output,
            ]
        )
        self.upload.observe(self._on_upload, names="value")
        for control in (self.customer, self.date, self.amount, self.method):
            control.observe(self.update, names="value")
        self.as_of.observe(self.update, names="value")
        self._show("先点“上传文件”选一个 CSV 或 Excel 文件：每一行是一笔交易。")

    def _show(self, result: Any) -> None:
        self.last = result
        with self.output:
            self.output.clear_output(wait=True)
            show(result)

    def _on_upload(self, change: Any = None) -> None:
        files = self.upload.value
        if not files:
            return
        item = files[0]
        try:
            frame = read_table(item["name"], bytes(item["content"]))
        except CrmlabError as err:
            self.frame = None
            self._show(friendly(err))
            return
        self.frame, self.file_name, self._cache = frame, item["name"], {}
        columns = [str(c) for c in frame.columns]
        frame.columns = columns
        guess = guess_columns(columns)
        self._quiet = True
        try:
            for control, role in (
                (self.customer, "customer"),
                (self.date, "date"),
                (self.amount, "amount"),
            ):
                control.options = columns
                control.value = guess[role]
        finally:
            self._quiet = False
        self.update()

    def compute(self) -> list:
        """The chart and table for the current choices (raises CrmlabError on bad input)."""
        if self.frame is None:
            raise CrmlabError("还没有上传文件。", "no file uploaded yet.")
        cols = (self.customer.value, self.date.value, self.amount.value)
        if len(set(cols)) < 3:
            raise CrmlabError(
                "顾客编号、购买日期、金额要选三个不同的列。",
                "choose three different columns for customer, date and amount.",
            )
        key = (*cols, self.as_of.value.strip())
        if key not in self._cache:
            self._cache[key] = window_rfm(self.frame, *cols, as_of=self.as_of.value.strip())
            self.rfm_runs += 1
        view = segment_view(self._cache[key], self.method.value, money=f"{cols[2]}（合计）")
        return [f"文件 {self.file_name}：{len(self.frame):,} 行交易。", *view]

    def update(self, change: Any = None) -> None:
        if self._quiet or self.frame is None:
            return
        try:
            result = self.compute()
        except Exception as err:  # noqa: BLE001 - a student's file: words, not a traceback
            self._show(friendly(err))
            return
        self._show(result)


def own_file() -> None:
    """Upload your own purchases (CSV/XLSX) and see their RFM segments; in static mode, explain."""
    if static_mode():
        print(OWN_FILE_HELP)
        return
    from crmlab.feedback.widgets import _display

    _display(OwnFileWidget().box)
