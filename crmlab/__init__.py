"""crmlab: helpers for the customer-tiering (客户分级) lessons.

``import crmlab as cl`` gives everything a notebook needs::

    t = cl.abc_analysis(cl.load_dataset("changhai"), value="revenue", customer="customer")
    cl.abc_summary(t)
    cl.plot_pareto(t)

Every analysis, summary and plot has one call shape,
``func(data, *, <columns>=..., <options>=...)``. The table comes first and is the only
positional argument; the columns it uses are named by keyword with one vocabulary
(``customer=``, ``value=``, ``date=``, ``amount=``, ``order=``...); options are keyword-only. The summaries of ABC classes, pyramid tiers and RFM segments share one
schema (``group``, ``customers``, ``customer_share``, ``value``, ``value_share``,
``cum_customer_share``, ``cum_value_share``).

Plotting loads lazily, so ``import crmlab`` stays quick. The lessons' checks and widgets are
course code (``crmcourse``) and the teacher tools are ``crmlab.teacher``; ``import crmlab`` loads
neither.
"""

from __future__ import annotations

from importlib import import_module

from ._i18n import get_language, set_language
from .abc import ABC_CLASSES, abc_analysis, abc_display, abc_summary
from .concentration import Concentration, concentration, gini
from .datasets import describe_dataset, list_datasets, load_dataset
from .membership import MEMBER_TIERS, TIER_THRESHOLDS, member_tier, retier
from .profit import profit_contribution
from .pyramid import (
    PYRAMID_CUTS,
    PYRAMID_LABELS,
    VIP_ABC_CUTS,
    VIP_ABC_LABELS,
    pyramid,
    pyramid_summary,
    tier_sizes,
)
from .rfm import (
    RFM_SEGMENT_NAMES,
    rfm_scores,
    rfm_segment_table,
    rfm_segments,
    rfm_table,
    segment_summary,
)
from .scoring import weighted_score
from .validation import CrmlabError

__version__ = "0.1.0"

_LAZY = {
    "plot_pareto": "plots",
    "plot_pyramid": "plots",
    "plot_lorenz": "plots",
    "plot_rfm_segments": "plots",
    "plot_rfm_heatmap": "plots",
    "use_chinese_font": "fonts",
}
_LAZY_MODULES = ("plots", "fonts")


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    if name in _LAZY_MODULES:
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module 'crmlab' has no attribute {name!r}")


__all__ = [
    "ABC_CLASSES", "Concentration", "CrmlabError", "MEMBER_TIERS", "PYRAMID_CUTS",
    "PYRAMID_LABELS", "RFM_SEGMENT_NAMES", "TIER_THRESHOLDS", "VIP_ABC_CUTS", "VIP_ABC_LABELS",
    "abc_analysis", "abc_display", "abc_summary", "concentration", "describe_dataset",
    "get_language", "gini", "list_datasets", "load_dataset", "member_tier",
    "profit_contribution", "pyramid", "pyramid_summary", "retier", "rfm_scores", "rfm_segment_table", "rfm_segments", "rfm_table",
    "segment_summary", "set_language", "tier_sizes", "weighted_score", *_LAZY,
]
