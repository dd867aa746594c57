"""Combine several indicators into one 0–100 score with weights.

>>> import pandas as pd, crmlab as cl
>>> df = pd.DataFrame({"sales": [100, 300, 200], "days_overdue": [0, 30, 10]})
>>> s = cl.weighted_score(df, {"sales": 0.6, "days_overdue": 0.4},
...                       higher_is_better={"days_overdue": False})
>>> s["score"].round(1).tolist(), s["score_rank"].tolist()
([40.0, 60.0, 56.7], [3, 1, 2])
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import _usage
from .validation import CrmlabError, check_columns, check_frame, numeric_column


def weighted_score(
    df: pd.DataFrame,
    weights: Mapping[str, float],
    higher_is_better: Mapping[str, bool] | None = None,
    normalize: str = "minmax",
) -> pd.DataFrame:
    """Weighted 0–100 score over the indicator columns named in ``weights``.

    Each indicator is first put on a 0..1 scale: ``"minmax"`` maps the smallest value to 0 and
    the largest to 1 (a column where every customer is equal scores 1 for everyone);
    ``"rank"`` uses the percentile rank. Indicators marked ``False`` in ``higher_is_better``
    (for example days overdue) are flipped so that 1 is always best. Weights must be
    non-negative and not all zero; they are normalised to sum to 1. Adds ``score`` (0..100) and
    ``score_rank`` (1 = best; equal scores share a rank).
    """
    _usage.record("weighted_score")
    check_frame(df)
    if not isinstance(weights, Mapping) or not weights:
        raise CrmlabError(
            "weights 应是 {列名: 权重} 形式的字典，且至少包含一个指标。",
            "weights must be a non-empty dict {column: weight}.",
        )
    check_columns(df, list(weights))
    higher_is_better = dict(higher_is_better or {})
    check_columns(df, list(higher_is_better))
    if normalize not in ("minmax", "rank"):
        raise CrmlabError(
            f"normalize 只能是 'minmax' 或 'rank'，收到 {normalize!r}。",
            f"normalize must be 'minmax' or 'rank', got {normalize!r}.",
        )
    w = {}
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
        w[col] = wf
    total_w = sum(w.values())
    if total_w == 0:
        raise CrmlabError("权重不能全为 0。", "weights must not all be zero.")

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
