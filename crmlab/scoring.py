"""Combine several indicators into one 0–100 score with weights.

>>> import pandas as pd, crmlab as cl
>>> df = pd.DataFrame({"sales": [100, 300, 200], "days_overdue": [0, 30, 10]})
>>> s = cl.weighted_score(df, weights={"sales": 0.6, "days_overdue": 0.4},
...                       higher_is_better={"days_overdue": False})
>>> s["score"].round(1).tolist(), s["score_rank"].tolist()
([40.0, 60.0, 56.7], [3, 1, 2])
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import _usage
from .validation import (
    Options,
    check_columns,
    check_frame,
    check_flags,
    check_option,
    check_weights,
    data_first,
    numeric_column,
)

_NORMALIZE = Options("minmax", "rank")


@data_first(old_order=("weights", "higher_is_better", "normalize"))
def weighted_score(
    data: pd.DataFrame,
    *,
    weights: Mapping[str, float],
    higher_is_better: Mapping[str, bool] | None = None,
    normalize: str = "minmax",
) -> pd.DataFrame:
    """Weighted 0–100 score over the indicator columns of ``data`` named in ``weights``.

    Each indicator is first put on a 0..1 scale: ``"minmax"`` maps the smallest value to 0 and
    the largest to 1 (a column where every customer is equal scores 1 for everyone);
    ``"rank"`` uses the percentile rank. Indicators marked ``False`` in ``higher_is_better``
    (for example days overdue) are flipped so that 1 is always best. Weights must be
    non-negative and not all zero; they are normalised to sum to 1. Adds ``score`` (0..100) and
    ``score_rank`` (1 = best; equal scores share a rank).
    """
    _usage.record("weighted_score")
    df = check_frame(data, "data")
    w = check_weights(weights)
    check_columns(df, list(w))
    higher_is_better = check_flags(higher_is_better, "higher_is_better")
    check_columns(df, list(higher_is_better))
    normalize = check_option(normalize, "normalize", _NORMALIZE)
    total_w = sum(w.values())

    score = np.zeros(len(df))
    for col, wf in w.items():
        x = numeric_column(df, col)
        if normalize == "minmax":
            lo, hi = x.min(), x.max()
            norm = (x - lo) / (hi - lo) if hi > lo else pd.Series(1.0, index=x.index)
            if not higher_is_better.get(col, True) and hi > lo:
                norm = 1 - norm
        else:
            ascending = higher_is_better.get(col, True)
            norm = x.rank(method="average", pct=True, ascending=ascending)
        score += (wf / total_w) * norm.to_numpy()
    out = df.copy()
    out["score"] = 100 * score
    out["score_rank"] = out["score"].round(9).rank(method="min", ascending=False).astype("int64")
    return out
