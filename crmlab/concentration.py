"""How unequal are the customers? Top-share, Gini coefficient and the Lorenz/Pareto curves.

>>> import crmlab as cl
>>> c = cl.concentration(cl.load_dataset("changhai")["revenue"])
>>> round(c.top_share, 3)      # top ceil(0.2*14)=3 customers: (740+590+140)/2000
0.735
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import _usage
from .pyramid import tier_sizes
from .validation import (
    CrmlabError,
    check_columns,
    check_fraction,
    check_frame,
    check_positive_total,
    data_first,
    numeric_column,
)


@dataclass
class Concentration:
    """Result of :func:`concentration`."""

    n: int
    total: float
    top: float
    top_share: float
    gini: float
    pareto: pd.DataFrame = field(repr=False)
    lorenz: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"Concentration(n={self.n}, top={self.top:g}, top_share={self.top_share:.4f}, "
            f"gini={self.gini:.4f})"
        )


@data_first(old_order=("value",))
def gini(data, *, value: str | None = None) -> float:
    """Gini coefficient of non-negative values: 0 = all equal, near 1 = one customer has all.

    ``data`` and ``value`` as in :func:`concentration`. Uses
    G = 2·Σ i·x_(i) / (n·Σx) − (n+1)/n with x sorted ascending and i = 1..n.
    """
    return concentration(data, value=value).gini


def _values(data, value: str | None) -> pd.Series:
    """The customer values: a DataFrame's ``value`` column, or the Series/list/array itself."""
    if isinstance(data, pd.DataFrame):
        if value is None:
            raise CrmlabError(
                "传入的是一张表格，请用 value= 写明哪一列是客户价值，例如 value=\"revenue\"。",
                "data is a table: name the column of customer values, e.g. value=\"revenue\".",
            )
        check_frame(data, "data")
        check_columns(data, [value])
        return data[value]
    if value is not None:
        raise CrmlabError(
            "value= 只在 data 是表格 (DataFrame) 时使用；一列数值请直接传入。",
            "value= is for a DataFrame; pass a column of values on its own.",
        )
    if isinstance(data, pd.Series):
        return data
    if isinstance(data, (str, bytes, dict)) or np.ndim(data) != 1:
        raise CrmlabError(
            f"data 应是一列数值（Series、列表或数组）或一张表格，收到 {type(data).__name__}。",
            f"data must be a column of numbers (Series, list or array) or a table, got "
            f"{type(data).__name__}.",
        )
    return pd.Series(data)


@data_first(old_order=("top",))
def concentration(data, *, value: str | None = None, top: float = 0.2) -> Concentration:
    """Top-``top`` share, Gini coefficient and curve points for the customers' values.

    ``data`` is a Series, list or array of non-negative numbers with a positive total, or a
    DataFrame with one row per customer and ``value`` naming the column.
    The top share counts the ceil(top·n) customers with the largest values (the pyramid's ceil
    rule, :func:`~crmlab.tier_sizes`). ``pareto`` lists cumulative shares with customers sorted
    from largest to smallest; ``lorenz`` from smallest to largest. Both start at (0, 0).
    """
    _usage.record("concentration")
    top = check_fraction(top, "top")
    values = _values(data, value)
    name = getattr(values, "name", None) or "values"
    s = values.reset_index(drop=True)
    frame = check_frame(pd.DataFrame({name: s}), "data")
    x = numeric_column(frame, name, allow_negative=False).to_numpy()
    total = check_positive_total(pd.Series(x), name)
    n = len(x)

    desc = np.sort(x, kind="stable")[::-1]
    k = tier_sizes(n, cuts=[top])[0]
    top_share = float(desc[:k].sum() / total)

    asc = desc[::-1]
    i = np.arange(1, n + 1)
    g = float(2 * np.sum(i * asc) / (n * total) - (n + 1) / n)

    counts = np.concatenate([[0.0], i / n])
    pareto = pd.DataFrame(
        {"cum_count_share": counts, "cum_value_share": np.concatenate([[0.0], np.cumsum(desc)])}
    )
    pareto["cum_value_share"] /= total
    lorenz = pd.DataFrame(
        {"cum_count_share": counts, "cum_value_share": np.concatenate([[0.0], np.cumsum(asc)])}
    )
    lorenz["cum_value_share"] /= total
    return Concentration(n=n, total=total, top=top, top_share=top_share, gini=g,
                         pareto=pareto, lorenz=lorenz)
