"""One API shape for crmlab's analyses, one summary schema, and one implementation per rule.

Expected values are worked out by hand in each test.
"""

from __future__ import annotations

import ast
import inspect
import re
import tokenize
from pathlib import Path

import pandas as pd
import pytest

import crmlab as cl
from crmlab import membership
from crmlab.validation import CrmlabError

ROOT = Path(__file__).resolve().parents[1]

# Every public analysis, summary and plot: data first, then keyword-only columns and options.
DATA_FIRST = [
    "abc_analysis", "abc_summary", "abc_display", "pyramid", "pyramid_summary", "rfm_table",
    "rfm_scores", "rfm_segments", "segment_summary", "retier", "concentration", "gini",
    "weighted_score", "profit_contribution", "plot_pareto", "plot_pyramid", "plot_lorenz",
    "plot_rfm_segments", "plot_rfm_heatmap",
]


@pytest.fixture(autouse=True)
def _chinese():
    cl.set_language("zh")
    yield
    cl.set_language("zh")


@pytest.mark.parametrize("name", DATA_FIRST)
def test_data_first_then_keyword_only(name):
    params = list(inspect.signature(getattr(cl, name)).parameters.values())
    assert params[0].name == "data"
    assert params[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert params[1:], name
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[1:]), name


def test_one_vocabulary_for_columns():
    for name in ("abc_analysis", "pyramid", "rfm_table", "retier"):
        assert "customer" in inspect.signature(getattr(cl, name)).parameters
    for name in ("abc_analysis", "pyramid", "abc_summary", "pyramid_summary", "segment_summary",
                 "concentration", "plot_pareto", "plot_pyramid", "plot_rfm_segments"):
        assert "value" in inspect.signature(getattr(cl, name)).parameters


def test_old_positional_call_names_the_keyword():
    df = pd.DataFrame({"id": [1, 2], "v": [3.0, 1.0]})
    with pytest.raises(CrmlabError) as err:
        cl.abc_analysis(df, "v", "id")
    assert "value='v'" in str(err.value) and "customer='id'" in str(err.value)
    assert "只接受一个按位置传入的参数" in err.value.zh and "positional" in err.value.en
    tx = pd.DataFrame({"c": [1], "d": ["2024-01-01"], "a": [1.0]})
    with pytest.raises(CrmlabError, match="date='d'"):
        cl.rfm_table(tx, "c", "d", "a")
    with pytest.raises(CrmlabError, match="data="):
        cl.abc_analysis(df=df, value="v")


# ------------------------------------------------------------------------------------------
# one summary schema
# ------------------------------------------------------------------------------------------

SCHEMA = ["group", "customers", "customer_share", "value", "value_share", "cum_customer_share",
          "cum_value_share"]


def test_summaries_share_one_schema():
    df = pd.DataFrame({"id": list("abcd"), "v": [60.0, 30.0, 6.0, 4.0]})
    abc = cl.abc_summary(cl.abc_analysis(df, value="v", customer="id"))
    pyr = cl.pyramid_summary(cl.pyramid(df, value="v", customer="id", cuts=[0.25, 0.5],
                                        labels=["x", "y", "z"]))
    tx = pd.DataFrame({"c": list("abcd"), "d": pd.to_datetime(["2024-01-01"] * 4),
                       "a": [60.0, 30.0, 6.0, 4.0]})
    seg = cl.segment_summary(cl.rfm_segments(cl.rfm_table(tx, customer="c", date="d", amount="a")))
    for s in (abc, pyr, seg):
        assert list(s.columns) == SCHEMA
    # ABC by hand: cumulative shares 0.6, 0.9, 0.96, 1.0 -> A = {a}, B = {b}, C = {c, d}
    assert abc["customers"].tolist() == [1, 1, 2]
    assert abc["value_share"].tolist() == pytest.approx([0.6, 0.3, 0.1])
    assert abc["cum_customer_share"].tolist() == pytest.approx([0.25, 0.5, 1.0])
    assert abc["cum_value_share"].tolist() == pytest.approx([0.6, 0.9, 1.0])
    # pyramid with cuts 25% / 50% of 4: one customer, one customer, the other two
    assert pyr["group"].astype(str).tolist() == ["x", "y", "z"]
    assert pyr["value"].tolist() == [60.0, 30.0, 10.0]
    # RFM: everyone bought once on one day, so only M differs: mean 25 -> a and b are "M high"
    assert seg["customers"].sum() == 4
    assert seg.loc[seg["value"] > 0, "value"].sum() == pytest.approx(100.0)


def test_named_columns_survive_a_merge_that_drops_attrs(tmp_path):
    df = pd.DataFrame({"id": list("abcd"), "v": [60.0, 30.0, 6.0, 4.0]})
    t = cl.pyramid(df, value="v", customer="id")
    merged = t.merge(pd.DataFrame({"id": list("abcd"), "city": list("wxyz")}), on="id")
    merged.attrs = {}
    with pytest.raises(CrmlabError, match="value="):
        cl.pyramid_summary(merged)
    assert cl.pyramid_summary(merged, value="v")["value"].sum() == pytest.approx(100.0)

    a = cl.abc_analysis(df, value="v", customer="id").merge(
        pd.DataFrame({"id": list("abcd"), "city": list("wxyz")}), on="id")
    a.attrs = {}
    import matplotlib

    matplotlib.use("Agg")
    ax = cl.plot_pareto(a, value="v", customer="id")
    assert [t.get_text() for t in ax.get_xticklabels()] == list("abcd")
    import matplotlib.pyplot as plt

    plt.close("all")


# ------------------------------------------------------------------------------------------
# option checks, declared once in crmlab.validation
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("call, param", [
    (lambda r: cl.rfm_segments(r, method="avg"), "method"),
    (lambda r: cl.rfm_scores(r, bins=1), "bins"),
    (lambda r: cl.rfm_scores(r, bins=True), "bins"),
    (lambda r: cl.abc_display(r, decimals=-1), "decimals"),
    (lambda r: cl.weighted_score(r, weights={"recency": 1}, normalize="z"), "normalize"),
    (lambda r: cl.weighted_score(r, weights={"recency": 1}, higher_is_better={"recency": "no"}),
     "higher_is_better"),
])
def test_bad_options_name_the_parameter(call, param):
    tx = pd.DataFrame({"c": list("ab"), "d": pd.to_datetime(["2024-01-01", "2024-01-05"]),
                       "a": [1.0, 2.0]})
    rfm = cl.rfm_table(tx, customer="c", date="d", amount="a")
    with pytest.raises(CrmlabError) as err:
        call(rfm)
    assert param in err.value.zh and param in err.value.en


def test_retier_days_and_dates_are_checked():
    orders = pd.DataFrame({"m": ["a"], "d": ["2025-01-10"], "p": [100]})
    with pytest.raises(CrmlabError, match="every"):
        cl.retier(orders, customer="m", date="d", points="p", every=0)
    with pytest.raises(CrmlabError, match="start"):
        cl.retier(orders, customer="m", date="d", points="p", start="not a date")


# ------------------------------------------------------------------------------------------
# exported name lists agree with what the functions return, in both languages
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_exported_names_match_the_results(lang):
    cl.set_language(lang)
    df = pd.DataFrame({"id": range(100), "v": range(100, 0, -1)})
    assert list(cl.pyramid(df, value="v")["tier"].cat.categories) == list(cl.PYRAMID_LABELS)
    vip = cl.pyramid(df, value="v", cuts=cl.VIP_ABC_CUTS)
    assert list(vip["tier"].cat.categories) == list(cl.VIP_ABC_LABELS)
    tx = pd.DataFrame({"c": list("ab"), "d": pd.to_datetime(["2024-01-01", "2024-01-05"]),
                       "a": [1.0, 2.0]})
    seg = cl.rfm_segments(cl.rfm_table(tx, customer="c", date="d", amount="a"))
    assert list(seg["segment"].cat.categories) == list(cl.RFM_SEGMENT_NAMES)
    tiers = cl.member_tier([0, 300, 3000, 10000], True)
    assert list(tiers.cat.categories) == list(cl.MEMBER_TIERS)
    assert list(tiers) == list(cl.MEMBER_TIERS)
    assert list(cl.TIER_THRESHOLDS) == list(cl.MEMBER_TIERS)[1:]
    assert cl.member_tier(10000, True) == cl.MEMBER_TIERS[3]
    assert list(cl.rfm_segment_table()["segment"]) == list(cl.RFM_SEGMENT_NAMES)


def test_names_switch_language():
    assert cl.MEMBER_TIERS[3] == "钻石" and cl.RFM_SEGMENT_NAMES[0] == "重要价值客户"
    cl.set_language("en")
    assert cl.MEMBER_TIERS[3] == "Diamond" and cl.RFM_SEGMENT_NAMES[0] == "Champions"
    assert cl.TIER_THRESHOLDS["Gold"] == cl.TIER_THRESHOLDS["黄金"] == 300


def test_changing_tier_thresholds_changes_the_tiers(monkeypatch):
    assert cl.member_tier(500, True) == "黄金"
    monkeypatch.setitem(membership.TIER_THRESHOLDS, "黄金", 600)
    assert cl.member_tier(500, True) == "普通"
    assert cl.member_tier(600, True) == "黄金"
    orders = pd.DataFrame({"m": ["a"], "d": ["2025-01-10"], "p": [500]})
    r = cl.retier(orders, customer="m", date="d", points="p", start="2025-02-01",
                  end="2025-02-01")
    assert r["tier"].astype(str).tolist() == ["普通"]
    monkeypatch.setitem(membership.TIER_THRESHOLDS, "铂金", 500)  # not above 黄金 any more
    with pytest.raises(CrmlabError, match="递增"):
        cl.member_tier(500, True)


# ------------------------------------------------------------------------------------------
# one implementation per business rule
# ------------------------------------------------------------------------------------------


def test_profit_contribution_by_hand():
    df = pd.DataFrame({"sales_2025": [100.0, 50.0], "gross_margin": [0.2, 0.1],
                       "service_cost_2025": [5.0, 8.0]}, index=[7, 9])
    p = cl.profit_contribution(df)
    assert p.tolist() == pytest.approx([15.0, -3.0])  # 100·0.2 − 5, 50·0.1 − 8
    assert list(p.index) == [7, 9] and p.name == "profit"
    other = df.set_axis(["s", "m", "c"], axis=1)
    assert cl.profit_contribution(other, sales="s", margin="m", cost="c").tolist() == \
        pytest.approx([15.0, -3.0])
    with pytest.raises(CrmlabError, match="sales_2025"):
        cl.profit_contribution(other)


def test_tier_sizes_is_the_ceiling_rule():
    assert cl.tier_sizes(14) == [1, 2, 4, 7]            # ceil 0.14, 2.8, 7 -> 1, 3, 7
    assert cl.tier_sizes(15, cuts=[0.2]) == [3, 12]      # 0.2·15 is 3, not 3.0000000000000004
    assert cl.tier_sizes(7, cuts=[0.2]) == [2, 5]        # ceil(1.4) = 2
    assert cl.concentration([5, 4, 3, 2, 1, 1, 1], top=0.2).top_share == pytest.approx(9 / 17)


def _python_files(*parts):
    for part in parts:
        yield from sorted((ROOT / part).rglob("*.py"))


def _code_only(path: Path) -> str:
    """The file's code without comments and text (a hint may show the formula as text);
    strings that are a bare name, such as a column name, stay."""
    name = re.compile(r"""^[rbuRBU]*["'][A-Za-z_0-9]*["']$""")
    with path.open("rb") as f:
        tokens = [t.string for t in tokenize.tokenize(f.readline)
                  if t.type not in (tokenize.COMMENT, tokenize.ENCODING)
                  and (t.type != tokenize.STRING or name.match(t.string))]
    return " ".join(tokens)


def test_rules_are_not_retyped_outside_their_one_implementation():
    """Course code and crmlab call tier_sizes / profit_contribution; only tests and the hidden
    tests (teacher side, deliberately independent) keep their own copies."""
    ceil_rule = re.compile(r"math\s*\.\s*ceil\s*\(\s*round\s*\(")
    profit_rule = re.compile(r"""\[\s*["']gross_margin["']\s*\]\s*-""")
    offenders = []
    for path in _python_files("crmlab", "crmcourse"):
        text = _code_only(path)
        rel = path.relative_to(ROOT).as_posix()
        if ceil_rule.search(text) and rel != "crmlab/pyramid.py":
            offenders.append(f"{rel}: ceiling rule")
        if profit_rule.search(text) and rel != "crmlab/profit.py":
            offenders.append(f"{rel}: profit formula")
    assert offenders == []


def _crmlab_imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                out.add(node.module.split(".")[0])
            else:
                out.update(a.name for a in node.names)
    return out


def test_no_import_cycle_between_rfm_and_engines():
    assert "rfm" not in _crmlab_imports(ROOT / "crmlab" / "engines.py")
    assert "engines" in _crmlab_imports(ROOT / "crmlab" / "rfm.py")


def test_i18n_docstring_does_not_promise_english_check_messages():
    doc = cl._i18n.__doc__
    assert "Chinese only" in doc
