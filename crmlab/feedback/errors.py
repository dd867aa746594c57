"""A small catalogue of the errors beginners meet most, explained in Chinese.

When a student's cell raises one of them, Python's own (English) error stays as it is and a short
Chinese explanation appears under it: what the error usually means at this level and what to try.
:func:`install` hooks this into the running IPython shell; importing a lesson's course code
(``crmcourse``) calls it. Outside IPython it does nothing.

Covered: ``and``/``or`` on a Series, a NameError from text without quotes (or a cell not run), a
KeyError on a column name, ``merge`` on a column one table lacks, chained assignment
(SettingWithCopy), date and Timedelta arithmetic, indentation errors, the answer stub's
``NotImplementedError``, and a few look-alikes (calling a table, a misspelt method).

>>> explain(ValueError("The truth value of a Series is ambiguous. Use a.empty, a.bool()..."))[:14]
'在一整列数据 (Series'
>>> explain(ZeroDivisionError("division by zero")) is None
True
"""

from __future__ import annotations

import difflib
import re
import sys
import traceback
import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["HEADER", "explain", "explain_warning", "install", "last_error"]

HEADER = "💡 这个错误是什么意思 (what this error means)："

Rule = Callable[[BaseException, Mapping[str, Any]], "str | None"]

#: The most recent error in a student's cell: (exception, source of that cell).
_LAST: list[tuple[BaseException, str]] = []


def _names(ns: Mapping[str, Any]) -> list[str]:
    return [k for k in ns if isinstance(k, str) and not k.startswith("_") and k.isidentifier()]


def _truth_value(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    if isinstance(exc, ValueError) and "truth value of a" in str(exc) and "ambiguous" in str(exc):
        return (
            "在一整列数据 (Series) 上用了 and、or、not，或者写了 if 一整列。"
            "Python 的 and/or 只能判断一个真/假值，而一列里有很多个。"
            "逐行组合条件要用 &（并且）、|（或者）、~（不是），每个条件都要加圆括号，例如："
            '(df["revenue"] > 100) & (df["city"] == "上海")。'
        )
    return None


def _name_error(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    if not isinstance(exc, NameError) or isinstance(exc, UnboundLocalError):
        return None
    m = re.search(r"name '([^']+)' is not defined", str(exc))
    if not m:
        return None
    name = m.group(1)
    text = not name.isascii() or (len(name) <= 2 and name.isupper())
    if text:
        return (
            f"Python 把 {name} 当成了变量名，可是没有这个变量。如果你想写的是文字（字符串, "
            f'string），要加引号："{name}"。'
        )
    close = difflib.get_close_matches(name, _names(ns), n=1, cutoff=0.75)
    if close:
        return (
            f"没有叫 {name} 的变量。是不是想写 {close[0]}？变量名要一字不差，大小写也算。"
        )
    return (
        f"没有叫 {name} 的变量。可能是定义它的单元格还没有运行（从上往下依次按 Shift+Enter），"
        "或者名字拼错了（大小写也算）；如果你想写的是文字，要加引号。"
    )


def _in_merge(exc: BaseException) -> bool:
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    return any("reshape/merge" in f.filename.replace("\\", "/") for f in frames)


def _key_error(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    if not isinstance(exc, KeyError) or not exc.args:
        return None
    key = exc.args[0]
    if _in_merge(exc):
        return (
            f"merge 找不到列 {key!r}：on=（或 left_on= / right_on=）里的列必须在两张表里都有，"
            "名字一字不差。先用 表名.columns 看看两张表各有哪些列；名字不同时用 left_on= 和 "
            "right_on= 分别写，或先用 rename 改名。"
        )
    if isinstance(key, str):
        return (
            f"表里没有叫 {key!r} 的列（或行标签）。用 表名.columns 看看有哪些列；注意大小写、"
            "空格和中英文括号，列名要用引号括起来，一字不差。"
        )
    return None


def _merge_value(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    msg = str(exc)
    if isinstance(exc, Exception) and _in_merge(exc) and not isinstance(exc, KeyError):
        if "No common columns" in msg or "trying to merge on" in msg or "MergeError" in repr(exc):
            return (
                "merge 没法对上两张表。用 on= 写出两张表都有的列名（几列就写成列表："
                'on=["customer", "year"]），两边列的类型也要一样（都是文字或都是数字）。'
            )
    return None


def _dates(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    msg = str(exc)
    if not isinstance(exc, TypeError | ValueError):
        return None
    if re.search(r"unsupported operand type\(s\) for -: 'str' and 'str'", msg):
        return (
            "两个文字 (str) 不能相减。如果它们是日期，先用 pd.to_datetime(...) 把文字变成日期，"
            "再相减。"
        )
    if "timedelta" in msg.lower() or "Timestamp" in msg or "datetime64" in msg:
        return (
            "日期和时间差的算法有讲究：两个日期相减得到的是时间差 (Timedelta)，不是数字。"
            "要天数就取 .days（一列时用 .dt.days）；日期加减天数要写 pd.Timedelta(days=30)；"
            "文字形式的日期先用 pd.to_datetime(...) 转换。"
        )
    return None


def _not_implemented(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    if isinstance(exc, NotImplementedError):
        return (
            "这是答案单元格里留给你的占位语句：删掉 raise NotImplementedError() 这一行，"
            "在那里写上你的代码，再运行。"
        )
    return None


def _not_callable(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    m = re.search(r"'(DataFrame|Series)' object is not callable", str(exc))
    if isinstance(exc, TypeError) and m:
        return (
            "表或列后面跟了圆括号，像 df(\"revenue\")。取一列用方括号：df[\"revenue\"]；"
            "圆括号只跟在方法后面，比如 df.head()。"
        )
    return None


def _attribute(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    m = re.search(r"'(DataFrame|Series)' object has no attribute '([^']+)'", str(exc))
    if not (isinstance(exc, AttributeError) and m):
        return None
    kind, attr = m.groups()
    import pandas as pd

    options = [a for a in dir(getattr(pd, kind)) if not a.startswith("_")]
    close = difflib.get_close_matches(attr, options, n=1, cutoff=0.75)
    maybe = f"是不是想写 .{close[0]}？" if close else ""
    return (
        f"{kind} 没有叫 {attr} 的方法或属性。{maybe}如果 {attr} 是一个列名，用方括号取："
        f'表名["{attr}"]。'
    )


def _indentation(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    if isinstance(exc, IndentationError):  # TabError is a subclass
        return (
            "缩进 (indentation) 不对。Python 用行首的空格表示哪些行属于同一块：同一块里的行要"
            "对齐；for、if、def 那一行以冒号结尾，下面属于它的行要多缩进 4 个空格；不是这种"
            "情况的行不要在行首多加空格。不要混用 Tab 和空格。"
        )
    return None


CATALOGUE: tuple[Rule, ...] = (
    _not_implemented,
    _indentation,
    _truth_value,
    _name_error,
    _key_error,
    _merge_value,
    _dates,
    _not_callable,
    _attribute,
)


def explain(exc: BaseException, ns: Mapping[str, Any] | None = None) -> str | None:
    """The Chinese explanation of ``exc``, or None when it is not in the catalogue. A failed
    public check explains itself and is never explained again."""
    from .checks import CheckFailed

    if isinstance(exc, CheckFailed):
        return None
    for rule in CATALOGUE:
        try:
            text = rule(exc, ns or {})
        except Exception:  # noqa: BLE001 - an explanation must never hide the error itself
            text = None
        if text:
            return text
    return None


def explain_warning(message: Warning | str, category: type[Warning]) -> str | None:
    """The Chinese explanation of a pandas chained-assignment warning, else None."""
    if category.__name__ in ("SettingWithCopyWarning", "ChainedAssignmentError"):
        return (
            "你在一张“筛选出来的表”上改了值，原来的表并不会跟着变。要改原表，一步写完："
            '表名.loc[行条件, "列名"] = 新值；如果就是想要一张新表，先写 新表 = 表名[条件].copy()，'
            "再在新表上改。"
        )
    return None


def last_error() -> tuple[BaseException, str] | None:
    """The most recent error in a cell since :func:`install`, with that cell's source."""
    return _LAST[-1] if _LAST else None


def _say(text: str) -> None:
    print(f"\n{HEADER}\n{text}", file=sys.stdout, flush=True)


def install(shell: Any = None) -> bool:
    """Explain catalogued errors under Python's own message in this IPython shell. Safe to call
    more than once; returns False outside IPython."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython comes with JupyterLab
            return False
        shell = get_ipython()
    if shell is None:
        return False
    if getattr(shell, "_crmlab_errors_installed", False):
        return True

    def _source() -> str:
        inputs = shell.user_ns.get("In") or [""]
        return str(inputs[-1]) if inputs else ""

    def on_error(self, etype, value, tb, tb_offset=None):
        self.showtraceback((etype, value, tb), tb_offset=tb_offset)
        _LAST[:] = [(value, _source())]
        text = explain(value, self.user_ns)
        if text:
            _say(text)

    shell.set_custom_exc((Exception,), on_error)

    original_syntax = shell.showsyntaxerror

    def showsyntaxerror(*args, **kwargs):
        result = original_syntax(*args, **kwargs)
        exc = sys.exc_info()[1] or getattr(sys, "last_value", None)
        if isinstance(exc, SyntaxError):
            _LAST[:] = [(exc, _source())]
            text = explain(exc, shell.user_ns)
            if text:
                _say(text)
        return result

    shell.showsyntaxerror = showsyntaxerror

    original_warning = warnings.showwarning

    def showwarning(message, category, filename, lineno, file=None, line=None):
        original_warning(message, category, filename, lineno, file, line)
        text = explain_warning(message, category)
        if text:
            _say(text)

    warnings.showwarning = showwarning
    shell._crmlab_errors_installed = True
    return True
