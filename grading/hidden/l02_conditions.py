"""Hidden tests for lesson 02 分级的条件 (teacher side only).

The expected values are worked out here in plain pandas/numpy from the kit's packaged CSV files
(``retail_items.csv`` for conditions 1 and 3, ``two_firms.csv`` for condition 2), read by path:
crmlab's analysis functions are never called.

Exercises 4 (Gini coefficient) and 5 (top-20% share) must be done by hand. The rule is the one
of the old notebook test: the answer may not use crmlab's ready-made analyses
(``concentration``, ``abc_analysis``, ``pyramid``, ``weighted_score``) nor read the ready-made
results ``.gini``, ``.top_share``, ``.lorenz``, ``.pareto``. The latter four count only as
attributes (``cl.gini(...)``, ``conc.top_share``) or as names imported from crmlab, so a student's
own helper function or variable called ``gini`` or ``top_share`` is fine.

Every number must be worked out by code: an answer cell that assigns its answer variable a
typed-in number (``purchases_per_customer = 6140 / 600``, a dict of copied numbers) fails, as
the visible check and the lesson text say.
"""

from __future__ import annotations

import ast
import importlib.util
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab.teacher.hidden import Fail, Submission

EXERCISES = {
    "q1_purchases": ["purchases_per_customer"],
    "q2_repeat": ["repeat_share"],
    "q3_cv": ["cv"],
    "q4_gini": ["gini_jia"],
    "q5_top20": ["top20_jia"],
    "q6_staff": ["per_manager", "over_limit"],
}

FIRMS = ("甲公司", "乙公司")
#: Exercise 6: account managers of the retail store, and customers one of them can look after.
MANAGERS = 5
CAPACITY = 100

#: crmlab's ready-made analyses: any mention of these names counts.
ANALYSES = ["concentration", "abc_analysis", "pyramid", "weighted_score"]
#: crmlab's ready-made results: these count as attributes or as names imported from crmlab.
RESULTS = {"gini", "top_share", "lorenz", "pareto"}


# ---------------------------------------------------------------------------------------------
# data


def _data_file(name: str) -> Path:
    """A CSV file packaged with crmlab (found without importing crmlab)."""
    spec = importlib.util.find_spec("crmlab")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("crmlab is not installed")
    return Path(spec.origin).parent / "data" / name


@cache
def _items() -> pd.DataFrame:
    """The retail store's order lines: one row per item line, so an order spans several rows."""
    return pd.read_csv(_data_file("retail_items.csv"))


@cache
def _orders_per_customer() -> pd.Series:
    """The retail store's distinct orders per distinct customer (conditions 1 and 3)."""
    return _items().groupby("customer_id")["order_id"].nunique()


@cache
def _rows_per_customer() -> pd.Series:
    """Rows (item lines) per customer: what ``size()`` or ``len`` count instead of orders."""
    return _items().groupby("customer_id").size()


@cache
def _firm_values(firm: str) -> np.ndarray:
    """The ``annual_value`` of one firm's customers, in file order."""
    f = pd.read_csv(_data_file("two_firms.csv"))
    return f.loc[f["firm"] == firm, "annual_value"].to_numpy(dtype=float)


# ---------------------------------------------------------------------------------------------
# helpers


def _close(value: float | None, want: float, tol: float) -> bool:
    """``value`` is a number within ``tol`` of ``want`` (NaN is never close)."""
    return value is not None and abs(value - want) < tol


def _as_number(value) -> float | None:
    """A plain number (numpy scalars included) as a float; None for text, bools and the rest."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        try:
            value = value.item()
        except (TypeError, ValueError):
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _crmlab_results(sub: Submission, cells: list[str]) -> set[str]:
    """The names of :data:`RESULTS` read as attributes, or imported from crmlab, in the given
    answer cells and in every cell the student added or changed (as ``sub.uses`` looks)."""
    found: set[str] = set()
    for text in [sub.sources.get(c, "") for c in cells] + list(sub.added):
        lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in RESULTS:
                found.add(node.attr)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("crmlab"):
                found |= {a.name for a in node.names if a.name in RESULTS}
    return found


_NUMBER_CALLS = {"round", "float", "int", "abs", "dict", "Series", "float64", "int64"}


def _typed_in(node: ast.AST) -> bool:
    """The expression is made of written-out numbers only: no data, no variable."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.BinOp):
        return _typed_in(node.left) and _typed_in(node.right)
    if isinstance(node, ast.UnaryOp):
        return _typed_in(node.operand)
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(_typed_in(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _typed_in(k) for k in node.keys) and all(
            _typed_in(v) for v in node.values
        )
    if isinstance(node, ast.Call):
        f = node.func
        name = f.id if isinstance(f, ast.Name) else None
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
            name = f.attr if f.value.id in ("pd", "np", "pandas", "numpy") else None
        return (
            name in _NUMBER_CALLS
            and all(_typed_in(a) for a in node.args)
            and all(_typed_in(k.value) for k in node.keywords)
        )
    return False


def _computed(sub: Submission, cell: str, name: str) -> None:
    """Fail when answer cell ``cell`` last assigns ``name`` a typed-in number."""
    lines = [ln for ln in sub.sources.get(cell, "").splitlines()
             if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return
    last = None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and (last is None or node.lineno >= last.lineno)
        ):
            last = node
    if last is not None and _typed_in(last.value):
        raise Fail(f"{name} 是直接写进去的数字，没有用代码从数据算出来。")


def _by_hand(sub: Submission, cells: list[str]) -> None:
    used = sorted(set(sub.uses(ANALYSES, cells=cells)) | _crmlab_results(sub, cells))
    if used:
        raise Fail(
            "这道题要求自己动手计算，不能调用 crmlab 的现成函数（" + "、".join(used) + "）。"
        )


# ---------------------------------------------------------------------------------------------
# condition 1: stable existing customers


def q1_purchases(sub: Submission) -> None:
    per = _orders_per_customer()
    value = sub.number("purchases_per_customer")
    if not _close(value, per.sum() / len(per), 1e-6):
        if _close(value, _rows_per_customer().mean(), 1e-6):
            raise Fail("人均购买次数不对：数的是表的行数，不是不同的订单数。")
        raise Fail("人均购买次数不对。")
    _computed(sub, "a1_purchases", "purchases_per_customer")


def q2_repeat(sub: Submission) -> None:
    per = _orders_per_customer()
    value = sub.number("repeat_share")
    if not _close(value, (per > 1).sum() / len(per), 1e-6):
        if _close(value, (_rows_per_customer() > 1).mean(), 1e-6):
            raise Fail("回头客占比不对：数的是每位顾客的行数，不是不同的订单数。")
        raise Fail("回头客占比不对。")
    _computed(sub, "a2_repeat", "repeat_share")


# ---------------------------------------------------------------------------------------------
# condition 2: value differences


def q3_cv(sub: Submission) -> None:
    value = sub.get("cv")
    if isinstance(value, pd.DataFrame):  # a one-column table counts as its column
        if value.shape[1] == 0:
            raise Fail("变量 `cv` 是一张没有列的表，应该是一列数 (Series)，索引是公司名。")
        value = value.iloc[:, 0]
    if isinstance(value, pd.Series):
        value = dict(value)
    if not isinstance(value, dict):
        raise Fail(
            f"变量 `cv` 应该是一列数 (Series)，索引是公司名（甲公司、乙公司），"
            f"现在是 {type(value).__name__}。"
        )
    for firm in FIRMS:
        if firm not in value:
            raise Fail(f"cv 的索引 (index) 里找不到{firm}：索引应该是公司名。")
        x = _firm_values(firm)
        want = x.std(ddof=1) / x.mean()  # pandas' .std() is the sample standard deviation
        if not _close(_as_number(value[firm]), want, 1e-6):
            raise Fail(f"{firm}的变异系数不对。")
    _computed(sub, "a3_cv", "cv")


def q4_gini(sub: Submission) -> None:
    x = np.sort(_firm_values("甲公司"))
    n = len(x)
    want = 2 * (np.arange(1, n + 1) * x).sum() / (n * x.sum()) - (n + 1) / n
    if not _close(sub.number("gini_jia"), want, 1e-6):
        raise Fail("甲公司的基尼系数不对。")
    _by_hand(sub, ["a4_gini"])
    _computed(sub, "a4_gini", "gini_jia")


def q5_top20(sub: Submission) -> None:
    x = np.sort(_firm_values("甲公司"))[::-1]  # from large to small
    k = -(-len(x) * 2 // 10)  # ceil(20% of the customers), in whole numbers
    if not _close(sub.number("top20_jia"), x[:k].sum() / x.sum(), 1e-6):
        raise Fail("甲公司前 20% 客户的价值占比不对。")
    _by_hand(sub, ["a5_top20"])
    _computed(sub, "a5_top20", "top20_jia")


# ---------------------------------------------------------------------------------------------
# condition 3: more customers than the staff can serve


def q6_staff(sub: Submission) -> None:
    want = len(_orders_per_customer()) / MANAGERS
    if not _close(sub.number("per_manager"), want, 1e-9):
        raise Fail("每位客户经理要照顾的顾客数不对。")
    _computed(sub, "a6_staff", "per_manager")
    over = sub.get("over_limit")
    if not isinstance(over, (bool, np.bool_)) or bool(over) != (want > CAPACITY):
        raise Fail("over_limit 的判断不对。")
