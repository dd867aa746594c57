"""Every bad-input case of the core issue: one error type, bilingual, naming column, row, value."""

import numpy as np
import pandas as pd
import pytest

import crmlab as cl
from crmlab import CrmlabError


def _df(values, ids=None):
    return pd.DataFrame({"customer": ids or list(range(1, len(values) + 1)), "revenue": values})


def _assert_bilingual(err, *fragments):
    msg = str(err.value)
    assert isinstance(err.value, ValueError)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in msg), "message must contain Chinese"
    assert "(" in msg and any(w in msg for w in ("column", "row", "must", "table", "cannot"))
    for f in fragments:
        assert f in msg, f"{f!r} missing from {msg!r}"


def test_missing_column():
    with pytest.raises(CrmlabError) as err:
        cl.abc_analysis(_df([1, 2]), value="revenu")
    _assert_bilingual(err, "'revenu'", "找不到列", "not found", "'revenue'")


def test_empty_table():
    with pytest.raises(CrmlabError) as err:
        cl.abc_analysis(pd.DataFrame({"revenue": []}), value="revenue")
    _assert_bilingual(err, "空", "empty")


def test_nan_names_row():
    with pytest.raises(CrmlabError) as err:
        cl.abc_analysis(_df([5, np.nan, 3]), value="revenue")
    _assert_bilingual(err, "'revenue'", "1", "missing")


@pytest.mark.parametrize("bad", ["590万", "¥1,200", "1,200", "abc"])
def test_text_with_units_rejected(bad):
    with pytest.raises(CrmlabError) as err:
        cl.abc_analysis(_df(["100", bad, "3"]), value="revenue")
    _assert_bilingual(err, repr(bad), "row 1", "not a plain number")


def test_fullwidth_digits_accepted():
    t = cl.abc_analysis(_df(["５９０", "１０"]), value="revenue")
    assert t["revenue"].tolist() == [590.0, 10.0]


def test_negative_rejected_for_abc_but_allowed_for_pyramid():
    with pytest.raises(CrmlabError) as err:
        cl.abc_analysis(_df([5, -2, 3]), value="revenue")
    _assert_bilingual(err, "-2", "negative", "row 1")
    assert len(cl.pyramid(_df([5, -2, 3]), value="revenue")) == 3


def test_zero_total():
    with pytest.raises(CrmlabError) as err:
        cl.abc_analysis(_df([0, 0]), value="revenue")
    _assert_bilingual(err, "零", "division by zero")
    with pytest.raises(CrmlabError):
        cl.concentration([0, 0, 0])


def test_duplicate_customer_ids():
    with pytest.raises(CrmlabError) as err:
        cl.abc_analysis(_df([5, 4, 3], ids=[1, 2, 1]), value="revenue", customer="customer")
    _assert_bilingual(err, "rows 0 and 2", "重复", "more than once")
    with pytest.raises(CrmlabError):
        cl.pyramid(_df([5, 4, 3], ids=[1, 2, 1]), value="revenue", customer="customer")


def test_unparseable_date():
    tx = pd.DataFrame({"c": ["a", "b"], "d": ["2024-01-01", "2024-13-45"], "m": [1.0, 2.0]})
    with pytest.raises(CrmlabError) as err:
        cl.rfm_table(tx, customer="c", date="d", amount="m")
    _assert_bilingual(err, "'d'", "row 1", "2024-13-45")


def test_date_after_as_of():
    tx = pd.DataFrame({"c": ["a", "b"], "d": ["2024-01-01", "2024-06-01"], "m": [1.0, 2.0]})
    with pytest.raises(CrmlabError) as err:
        cl.rfm_table(tx, customer="c", date="d", amount="m", as_of="2024-03-01")
    _assert_bilingual(err, "row 1", "2024-06-01", "as_of")
    # cutting the window explicitly is allowed
    r = cl.rfm_table(tx, customer="c", date="d", amount="m", as_of="2024-03-01", end="2024-02-29")
    assert r["c"].tolist() == ["a"]


def test_negative_amount_in_rfm():
    tx = pd.DataFrame({"c": ["a", "b"], "d": ["2024-01-01", "2024-01-02"], "m": [1.0, -2.0]})
    with pytest.raises(CrmlabError) as err:
        cl.rfm_table(tx, customer="c", date="d", amount="m")
    _assert_bilingual(err, "negative", "row 1")


@pytest.mark.parametrize("kwargs", [dict(a=1.2), dict(a=0), dict(b=-0.1), dict(a=0.9, b=0.8),
                                    dict(a="x")])
def test_bad_a_b(kwargs):
    with pytest.raises(CrmlabError) as err:
        cl.abc_analysis(_df([3, 2, 1]), value="revenue", **kwargs)
    _assert_bilingual(err)


@pytest.mark.parametrize("cuts", [(0.2, 0.1), (0.01, 1.5), (-0.1, 0.5), (), (0.2, 0.2)])
def test_bad_cuts(cuts):
    with pytest.raises(CrmlabError) as err:
        cl.pyramid(_df([3, 2, 1]), value="revenue", cuts=cuts)
    _assert_bilingual(err)


def test_labels_must_match_cuts():
    with pytest.raises(CrmlabError):
        cl.pyramid(_df([3, 2, 1]), value="revenue", cuts=(0.5,), labels=["a", "b", "c"])


def test_not_a_dataframe():
    with pytest.raises(CrmlabError) as err:
        cl.abc_analysis([1, 2, 3], value="revenue")
    _assert_bilingual(err, "DataFrame")


def test_weights_invalid():
    df = pd.DataFrame({"x": [1, 2]})
    with pytest.raises(CrmlabError):
        cl.weighted_score(df, weights={"x": -1})
    with pytest.raises(CrmlabError):
        cl.weighted_score(df, weights={"x": 0})
    with pytest.raises(CrmlabError):
        cl.weighted_score(df, weights={"y": 1})


def test_member_tier_bad_input():
    with pytest.raises(CrmlabError):
        cl.member_tier(-5, True)
    with pytest.raises(CrmlabError):
        cl.member_tier([1, 2], [True, "yes"])


def test_booleans_are_not_amounts():
    with pytest.raises(CrmlabError):
        cl.abc_analysis(pd.DataFrame({"v": [True, False]}), value="v")
