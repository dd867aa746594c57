"""How unequal are the customers? Top-share, Gini coefficient and the Lorenz/Pareto curves.

>>> import crmlab as cl
>>> c = cl.concentration(cl.load_dataset("changhai")["revenue"])
>>> round(c.top_share, 3)      # top ceil(0.2*14)=3 customers: (740+590+140)/2000
0.735
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import _usage
from .validation import check_fraction, check_frame, check_positive_total, numeric_column


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


def gini(values) -> float:
    """Gini coefficient of non-negative values: 0 = all equal, near 1 = one customer has all.

    Uses G = 2·Σ i·x_(i) / (n·Σx) − (n+1)/n with x sorted ascending and i = 1..n.
    """
    return concentration(values).gini


def concentration(values, top: float = 0.2) -> Concentration:
    """Top-``top`` share, Gini coefficient and curve points for a column of customer values.

    ``values`` is a Series, list or array of non-negative numbers with a positive total.
    The top share counts the ceil(top·n) customers with the largest values (the same ceil rule as
    the pyramid). ``pareto`` lists cumulative shares with customers sorted from largest to
    smallest; ``lorenz`` from smallest to largest. Both start at (0, 0).
    """
    _usage.record("concentration")
    top = check_fraction(top, "top")
    name = getattr(values, "name", None) or "values"
    s = pd.Series(values).reset_index(drop=True) if not isinstance(values, pd.Series) else values
    frame = check_frame(pd.DataFrame({name: s}), "values")
    x = numeric_column(frame, name, allow_negative=False).to_numpy()
    total = check_positive_total(pd.Series(x), name)
    n = len(x)

    desc = np.sort(x, kind="stable")[::-1]
    k = min(n, math.ceil(round(top * n, 9)))
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
