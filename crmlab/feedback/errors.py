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

#: The tools the set-up cell defines: missing after a kernel restart.
_TOOLS = frozenset({"checks", "widgets", "cl", "pd", "np", "plt", "math"})
#: Key under which :func:`explain` passes the failing cell's source to the rules.
_CELL = "__crmlab_cell__"

#: The most recent error in a student's cell: (exception, source of that cell).
_LAST: list[tuple[BaseException, str]] = []


def _names(ns: Mapping[str, Any]) -> list[str]:
    return [k for k in ns if isinstance(k, str) and not k.startswith("_") and k.isidentifier()]


def _truth_value(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    if isinstance(exc, ValueError) and "truth value of a" in str(exc) and "ambiguous" in str(exc):
        return (
            "在一整列数据 (Series) 上用了 and、or、not，或者写了 if 一整列。"
            "Python 的 and/or 和 if 只能判断一个真/假值，而一列里有很多个。"
            "逐行组合条件要用 &（并且）、|（或者）、~（不是），每个条件都要加圆括号，例如："
            '(df["revenue"] > 100) & (df["city"] == "上海")。如果是把一整列交给了自己写的、'
            '里面有 if 的函数，要改成 列.apply(函数名)，让函数每次只处理一个值。'
            "写 max(0, 一列) 或 min(…) 也会这样：给一整列设下限用 列.clip(lower=0)。"
        )
    return None


def _name_error(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    if not isinstance(exc, NameError) or isinstance(exc, UnboundLocalError):
        return None
    m = re.search(r"name '([^']+)' is not defined", str(exc))
    if not m:
        return None
    name = m.group(1)
    if name in ("ceil", "floor", "sqrt"):
        return f"{name} 是 math 模块里的函数，要写成 math.{name}(...)（先 import math）。"
    if name in _TOOLS:
        return (
            f"{name} 是第一个单元格（载入工具的那个）定义的。重启内核 (restart kernel) 或"
            "重新打开笔记本以后，要先从第一个单元格开始往下重新运行。"
        )
    source = str(ns.get(_CELL, ""))
    if re.search(rf"^\s*{re.escape(name)}\s*==", source, flags=re.M):
        return (
            f"给变量赋值用一个等号：{name} = ……。两个等号 == 是“比较是否相等”，"
            f"Python 就会先去找 {name}，可是它还不存在。"
        )
    text = not name.isascii() or (len(name) <= 2 and name.isupper())
    if text:
        return (
            f"Python 把 {name} 当成了变量名，可是没有这个变量。如果你想写的是文字（字符串, "
            f'string），要加引号："{name}"。'
        )
    if re.search(rf"(\[\s*{re.escape(name)}\s*[\],]|sort_values\(\s*{re.escape(name)}\b"
                 rf"|by\s*=\s*{re.escape(name)}\b|on\s*=\s*{re.escape(name)}\b)", source):
        return (
            f"{name} 在这里像是一个列名。列名是文字，要加引号：\"{name}\"，"
            f"例如 df[\"{name}\"]。不加引号，Python 会把它当成一个变量去找。"
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
    if isinstance(key, str):
        key = re.sub(r"^Column(s)? not found:\s*", "", key).strip()
    if _in_merge(exc):
        return (
            f"merge 找不到列 {key!r}：on=（或 left_on= / right_on=）里的列必须在两张表里都有，"
            "名字一字不差。先用 表名.columns 看看两张表各有哪些列；名字不同时用 left_on= 和 "
            "right_on= 分别写，或先用 rename 改名。"
        )
    if isinstance(key, int) and not isinstance(key, bool):
        return (
            f"行标签 (index) 里没有 {key}。这张表或这一列的索引不是 0、1、2……，而是别的标签"
            "（例如客户编号）。按位置取要用 .iloc[...]；或者先 reset_index(drop=True)。"
        )
    if isinstance(key, str):
        return (
            f"没有叫 {key!r} 的列、行标签或键。如果方括号前面是一张表，用 表名.columns "
            "看看有哪些列；如果是一个字典 (dict)，用 字典.keys() 看看有哪些键。注意大小写、"
            "空格和中英文括号，名字要用引号括起来，一字不差。"
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


def _arguments(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    m = re.search(r"(\w+)\(\) missing (\d+) required positional argument", str(exc))
    if isinstance(exc, TypeError) and m and m.group(1) == "sort_values" and "'by'" in str(exc):
        return (
            '一张表 (DataFrame) 排序时要写按哪一列排：表.sort_values("列名", ascending=False)。'
            "只有一列 (Series) 时才可以不写列名。"
        )
    if isinstance(exc, TypeError) and m:
        name = m.group(1)
        return (
            f"调用 {name} 时少给了参数。如果你写的是 .apply({name}())，去掉括号，写成 "
            f".apply({name})：apply 会替你把每一个值交给 {name}；直接调用时，要在括号里写上"
            "它需要的值。"
        )
    return None


def _method_no_brackets(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    msg = str(exc)
    if isinstance(exc, TypeError) and ("'method'" in msg or "method' and" in msg
                                       or "bound method" in msg):
        return (
            "有一个方法后面少了圆括号，例如 .mean 应写成 .mean()、.sum 应写成 .sum()。"
            "没有括号时，你得到的是“方法本身”，不是它算出来的数。"
        )
    return None


def _bitwise_brackets(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    msg = str(exc)
    if isinstance(exc, TypeError) and re.search(r"'(rand_|ror_|and_|or_)'", msg):
        return (
            "用 & 或 | 组合条件时，每个条件都要加圆括号：(a > 0.8) & (b <= 0.95)。"
            "不加括号，Python 会先算 0.8 & b，就出错了。"
        )
    return None


def _whole_table(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    msg = str(exc)
    if isinstance(exc, TypeError) and (
        re.search(r"does not support (operation|reduction) '?(sum|mean|std|var|median)", msg)
        or "Could not convert" in msg and "to numeric" in msg
    ):
        return (
            "对整张表做了求和、平均或标准差这类计算，可是表里有文字或日期列，它们没法这样算。"
            '先选出要算的那一列，例如 表.groupby("某列")["金额"].sum()。'
        )
    return None


def _scalar_index(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    if isinstance(exc, IndexError) and "invalid index to scalar variable" in str(exc):
        return (
            "这个变量是一个数，不是一列，所以不能用 [0] 或 [:3] 取出其中的值。"
            "想一想：这一题要的是每位客户一个值（一整列），还是一个数？"
        )
    return None


def _shapes(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    if isinstance(exc, ValueError) and "could not be broadcast together" in str(exc):
        return (
            "两组数的长度不一样，没法一一对应着算。常见原因：用了上面例子里留下的变量"
            "（例如例子里的 n 或 k），它不是这份数据的。先用 len(...) 看看各有多少个值。"
        )
    return None


def _format_series(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    m = re.search(r"unsupported format string passed to (Series|DataFrame|NoneType)\.__format__",
                  str(exc))
    if isinstance(exc, TypeError) and m:
        what = {"Series": "一列 (Series)", "DataFrame": "一张表 (DataFrame)",
                "NoneType": "空值 None"}[m.group(1)]
        return (
            f"要按数字格式（例如 :.1%）显示的变量其实是{what}，不是一个数。先检查这个变量："
            "是不是还差一步，把它变成一个数（取出其中一个值，或者汇总）。"
        )
    return None


def _shape_and_none(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    msg = str(exc)
    m = re.search(r"Length of values \((\d+)\) does not match length of index \((\d+)\)", msg)
    if isinstance(exc, ValueError) and m:
        return (
            f"新的一列有 {m.group(1)} 个值，可表有 {m.group(2)} 行，要一样多。"
            "常见原因：range 的终点少了 1（range(1, n + 1) 才有 n 个数），或者用错了表。"
        )
    if isinstance(exc, ValueError) and "x and y must have same first dimension" in msg:
        return (
            "画图时横轴和纵轴的值个数不一样多。用 len(...) 分别看看；常见原因是 range 的终点"
            "少了 1，或者两组数来自不同的表。"
        )
    if isinstance(exc, ValueError) and "Columns must be same length as key" in msg:
        return (
            '右边算出来的是一张表（多半是用了双括号 表[["列"]]），不是一列。取一列用单括号：'
            '表["列"]。'
        )
    if "'NoneType'" in msg and isinstance(exc, (TypeError, AttributeError)):
        return (
            "这个变量是 None（空值）。常见原因：用了 inplace=True（它直接改原表，返回 None），"
            "把 print(...) 的结果赋给了变量，或者自己写的函数里没有 return。"
        )
    if isinstance(exc, TypeError) and "must be real number, not" in msg:
        return (
            "math 的函数（如 math.ceil）一次只能算一个数。对一个列表或一列，要一个一个地算，"
            "例如 [math.ceil(x) for x in 列表]。"
        )
    a = re.search(r"(\w+)\(\) takes (\d+) positional arguments? but (\d+) were given", msg)
    if isinstance(exc, TypeError) and a:
        return (
            f"{a.group(1)} 收到的值比它能接收的多。要交给它好几个值时，把它们放进一个列表："
            f'例如 .isin(["重要客户", "次要客户"])。'
        )
    if "Too many indexers" in msg:
        return (
            ".loc[行, 列] 只有两个位置：逗号前是行，逗号后是列。要选好几行，把它们放进一个列表："
            '.loc[["第一行", "第二行"], "列"]。'
        )
    return None


def _types_mixed(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    msg = str(exc)
    if isinstance(exc, TypeError) and (
        re.search(r"Invalid comparison between dtype=\w+ and str", msg)
        or re.search(r"'[<>]=?' not supported between instances of '(int|float)' and 'str'", msg)
        or re.search(r"'[<>]=?' not supported between instances of 'str' and '(int|float)'", msg)
    ):
        return (
            "拿数字和文字 (str) 比较了。数字不要加引号：写 >= 100，不要写 >= \"100\"。"
        )
    if isinstance(exc, TypeError) and re.search(r"(positional indexing|slice indices must be "
                                                r"integers).*float|of type float", msg):
        return (
            "按位置取行（head、iloc、切片）要用整数，你给的是小数（例如 40.0）。"
            "先用 int(...) 或 math.ceil(...) 把它变成整数。"
        )
    if isinstance(exc, TypeError) and re.search(r"Cannot perform reduction '\w+' with string "
                                                r"dtype", msg):
        return (
            "对一整张表求平均、求和时，表里的文字列没法算。先选出要算的那一列，"
            '例如 表["recency"].mean()。'
        )
    if isinstance(exc, AttributeError) and re.search(r"'(function|method)' object has no "
                                                     r"attribute", msg):
        return (
            "前面有一个方法少了圆括号，例如 .size 应写成 .size()。没有括号时得到的是"
            "“方法本身”，它当然没有后面的 .head() 这些功能。"
        )
    return None


def _format_text(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    if isinstance(exc, ValueError) and re.search(r"Unknown format code '.' for object of "
                                                 r"type 'str'", str(exc)):
        return (
            "要按数字格式显示的值其实是文字 (str)，例如把 0.37 变成了 \"37.0%\"。"
            "答案里保留数字，只在显示时再格式化。"
        )
    return None


_FULL_WIDTH = "“”‘’，。：；（）【】！？"


def _syntax(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    if not isinstance(exc, SyntaxError) or isinstance(exc, IndentationError):
        return None
    line = exc.text or ""
    found = sorted({ch for ch in line if ch in _FULL_WIDTH})
    if found or "invalid character" in str(exc):
        shown = "、".join(found) if found else "中文符号"
        return (
            f"这一行里有中文输入法打出的符号（{shown}）。Python 只认英文的引号、逗号、冒号"
            '和括号：把输入法切换到英文（半角）再打，例如 "B"、{"A", "C"}。'
        )
    msg = str(exc)
    if any(s in msg for s in ("was never closed", "incomplete input", "unterminated",
                              "EOF while", "unmatched")):
        return (
            "括号或引号没有配对：每个 ( [ { 和引号都要有对应的另一半。从出错的这一行往前找，"
            "看看哪一个少了。"
        )
    if "Maybe you meant '==' or ':='" in msg or "cannot assign to" in msg:
        return (
            "这一行的写法 Python 看不懂。赋值是 变量名 = 值（变量名在左边）；比较是否相等"
            "用 ==，只能写在条件里。"
        )
    return (
        "这一行不符合 Python 的写法。检查括号和引号是否配对、逗号和冒号是不是英文的、"
        "有没有少写或多写符号。"
    )


def _plain_python(exc: BaseException, ns: Mapping[str, Any]) -> str | None:
    msg = str(exc)
    m = re.search(r"'(list|dict|tuple)' object has no attribute '([^']+)'", msg)
    if isinstance(exc, AttributeError) and m:
        return (
            f"这是 Python 的{ {'list': '列表', 'dict': '字典', 'tuple': '元组'}[m.group(1)] }，"
            f"不是 pandas 的一列，没有 .{m.group(2)}。先把它变成一列：pd.Series(...)。"
        )
    if isinstance(exc, TypeError) and re.search(r"unsupported operand type\(s\) for .+: .*'dict'",
                                                msg):
        return (
            "字典 (dict) 不能直接拿来做加减乘除。要按标签一一对应，先把它变成一列："
            "pd.Series(字典)，或者用 列.map(字典) 把每个值换成字典里对应的数。"
        )
    s = re.search(r"Series\.(\w+)\(\) got an unexpected keyword argument '(\w+)'", msg)
    if isinstance(exc, TypeError) and s:
        return (
            f"你手里的是一列 (Series)，不是一张表 (DataFrame)，所以 {s.group(1)} 不认识 "
            f"{s.group(2)}=。常见原因：groupby 之后取了一列，或者没写 as_index=False。"
            "先看看上一步的结果是什么样子。"
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
    if not isinstance(exc, AttributeError):
        return None
    g = re.search(r"'(DataFrameGroupBy|SeriesGroupBy)' object has no attribute '([^']+)'",
                  str(exc))
    if g:
        return (
            f"分组 (groupby) 之后还没有汇总，所以没有 .{g.group(2)}。先选列再汇总，例如 "
            ".max()、.sum()、.size()，得到每组一个值，然后再往下算。"
        )
    m = re.search(r"'(DataFrame|Series)' object has no attribute '([^']+)'", str(exc))
    if not m:
        return None
    kind, attr = m.groups()
    if kind == "Series" and attr in ("days", "seconds", "year", "month", "day"):
        return (
            f"一整列日期或时间差不能直接写 .{attr}，要先经过 .dt：列.dt.{attr}。"
            f"（只有单个时间差才能直接写 .{attr}。）"
        )
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
    _syntax,
    _bitwise_brackets,
    _method_no_brackets,
    _whole_table,
    _scalar_index,
    _shapes,
    _format_text,
    _format_series,
    _types_mixed,
    _shape_and_none,
    _plain_python,
    _truth_value,
    _name_error,
    _key_error,
    _merge_value,
    _dates,
    _arguments,
    _not_callable,
    _attribute,
)


def explain(exc: BaseException, ns: Mapping[str, Any] | None = None,
            source: str = "") -> str | None:
    """The Chinese explanation of ``exc`` (raised by the cell ``source``), or None when it is
    not in the catalogue. A failed public check explains itself and is never explained again."""
    from .checks import CheckFailed

    if isinstance(exc, CheckFailed):
        return None
    ns = {**(ns or {}), _CELL: source}
    for rule in CATALOGUE:
        try:
            text = rule(exc, ns)
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


_SAID: list[int] = []


def _say(text: str, exc: BaseException | None = None) -> None:
    """Print the explanation once per error (IPython may show a syntax error twice over)."""
    if exc is not None:
        if _SAID and _SAID[-1] == id(exc):
            return
        _SAID[:] = [id(exc)]
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
        text = explain(value, self.user_ns, _source())
        if text:
            _say(text, value)

    shell.set_custom_exc((Exception,), on_error)

    def after_cell(result) -> None:
        # a cell that ran without error makes the last error old news
        if getattr(result, "success", False):
            _LAST.clear()

    shell.events.register("post_run_cell", after_cell)

    original_syntax = shell.showsyntaxerror

    def showsyntaxerror(*args, **kwargs):
        result = original_syntax(*args, **kwargs)
        exc = sys.exc_info()[1] or getattr(sys, "last_value", None)
        if isinstance(exc, SyntaxError):
            _LAST[:] = [(exc, _source())]
            text = explain(exc, shell.user_ns, _source())
            if text:
                _say(text, exc)
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
