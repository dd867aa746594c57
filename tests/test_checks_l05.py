"""Lesson 05 RFM 模型: its checks (right answers pass, typical mistakes get targeted hints, work
by hand is enforced), its hidden tests, and its widgets (static and live).

The expected answers are worked out here in plain pandas from the CDNOW log (and a few values
by hand), never taken from crmlab's RFM functions.
"""

from __future__ import annotations

import io
import types

import IPython
import matplotlib
import numpy as np
import pandas as pd
import pytest

import crmlab as cl
from crmlab.feedback import checks, widgets
from crmlab.feedback.checks import FAIL_MARK, PASS_MARK
from crmcourse.l05_rfm import checks as l05
from crmcourse.l05_rfm import widgets as w05

matplotlib.use("Agg")
import matplotlib.pyplot as plt

AS_OF = pd.Timestamp("1998-07-01")
NAMES = {
    (True, True, True): "重要价值客户",
    (False, True, True): "重要保持客户",
    (True, False, True): "重要发展客户",
    (False, False, True): "重要挽留客户",
    (True, True, False): "一般价值客户",
    (False, True, False): "一般保持客户",
    (True, False, False): "一般发展客户",
    (False, False, False): "一般挽留客户",
}


@pytest.fixture(scope="module")
def plain():
    """R, F, M, high/low flags and segments of every CDNOW customer, in plain pandas."""
    tx = cl.load_dataset("cdnow")
    g = tx.groupby("customer_id")
    rec = (AS_OF - g["date"].max()).dt.days
    frq = g.size()
    mon = g["amount"].sum()
    flags = pd.DataFrame(
        {"R_high": rec < rec.mean(), "F_high": frq > frq.mean(), "M_high": mon > mon.mean()}
    )
    segment = pd.Series([NAMES[k] for k in flags.itertuples(index=False)], index=flags.index)
    table = pd.DataFrame(
        {"recency": rec, "frequency": frq, "monetary": mon, "first": g["date"].min()}
    )
    money = mon.groupby(segment).sum()
    return types.SimpleNamespace(
        tx=tx,
        g=g,
        rec=rec,
        frq=frq,
        mon=mon,
        flags=flags,
        segment=segment,
        table=table,
        money_share=money / money.sum(),
        people=segment.value_counts(),
    )


def _hl(plain, **override):
    """An `hl` answer: one row per customer, customer_id column, flags (overridable)."""
    hl = plain.table.reset_index()
    for col in ("R_high", "F_high", "M_high"):
        hl[col] = override.get(col, plain.flags[col]).to_numpy()
    return hl


def _fails(check, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as err:
        check(*args, **kwargs)
    text = str(err.value)
    assert FAIL_MARK in text
    return text


# ---------------------------------------------------------------------------------------------
# the data, checked by hand


def test_a_customer_worked_out_by_hand(plain):
    # customer 00003 bought on 1997-01-02, 03-30, 04-02, 11-15, 11-25 and 1998-05-28
    assert plain.rec["00003"] == 3 + 30 + 1  # May 28 -> May 31, June, July 1
    assert plain.frq["00003"] == 6
    assert plain.mon["00003"] == pytest.approx(20.76 + 20.76 + 19.54 + 57.45 + 20.96 + 16.99)
    # customer 00002 bought twice on the same day: two purchases
    assert plain.frq["00002"] == 2 and plain.g["date"].nunique()["00002"] == 1
    assert len(plain.rec) == 23_570 and plain.frq.sum() == 69_659


# ---------------------------------------------------------------------------------------------
# right answers pass, in the forms the prompts allow


def test_right_answers_pass(plain, capsys):
    assert l05.q1_recency(answer=plain.rec) is None
    assert l05.q2_frequency(answer=plain.frq) is None
    assert l05.q3_monetary(answer=plain.mon) is None
    assert l05.q4_high_low(answer=_hl(plain)) is None
    seg = _hl(plain).assign(segment=plain.segment.to_numpy())
    assert l05.q5_segments(answer=seg) is None
    top = plain.money_share.idxmax()
    assert top == "重要价值客户"
    assert l05.q6_top_segment(top, plain.money_share.max()) is None
    out = capsys.readouterr()
    assert out.out.count(PASS_MARK) == 6 and out.err == ""
    assert "50.5%" in out.out  # one-time buyers, in the q2 message


def test_other_shapes_of_a_right_answer_pass(plain, capsys):
    shuffled = plain.rec.sample(frac=1.0, random_state=1)
    l05.q1_recency(answer=shuffled)  # any order, matched by customer id
    l05.q1_recency(answer=plain.rec.reset_index())  # customer_id column + one value column
    l05.q2_frequency(answer=plain.frq.tolist())  # a plain list in customer order
    l05.q3_monetary(answer=plain.mon.to_frame())  # a one-column DataFrame
    as_ints = _hl(plain)
    for col in ("R_high", "F_high", "M_high"):
        as_ints[col] = as_ints[col].astype(int)  # 0/1 instead of False/True
    l05.q4_high_low(answer=as_ints.sample(frac=1.0, random_state=2))  # any row order
    no_id = _hl(plain).drop(columns="customer_id")  # positional, in customer order
    l05.q4_high_low(answer=no_id)
    seg = _hl(plain).assign(segment=pd.Categorical(plain.segment.to_numpy()))
    l05.q5_segments(answer=seg)
    assert capsys.readouterr().out.count(PASS_MARK) == 7


def test_a_table_instead_of_a_series_passes_with_a_remark(plain, capsys):
    # the reader's answer: (...).dt.days.reset_index(), a customer_id and a "date" column;
    # the values are right and the hidden test takes it too, so the check passes but says so
    l05.q1_recency(answer=plain.rec.rename("date").reset_index())
    out = capsys.readouterr().out
    assert PASS_MARK in out and "一张表 (DataFrame)" in out and "reset_index()" in out
    l05.q3_monetary(answer=plain.mon.to_frame())
    assert "一张表 (DataFrame)" in capsys.readouterr().out
    l05.q1_recency(answer=plain.rec)  # the Series asked for: no remark
    out = capsys.readouterr().out
    assert PASS_MARK in out and "DataFrame" not in out


def test_a_missing_answer_is_a_friendly_message():
    text = _fails(l05.q1_recency)  # outside a notebook: no variable `recency`
    assert "还没有找到变量 recency" in text
    assert "top_segment" in _fails(l05.q6_top_segment)


# ---------------------------------------------------------------------------------------------
# exercise 1: recency


def test_recency_mistakes(plain):
    first = (AS_OF - plain.g["date"].min()).dt.days
    assert "最后一次购买" in _fails(l05.q1_recency, answer=first)
    text = _fails(l05.q1_recency, answer=AS_OF - plain.g["date"].max())
    assert "Timedelta" in text and ".dt.days" in text
    assert "顺序反了" in _fails(l05.q1_recency, answer=-plain.rec)
    day_before = (pd.Timestamp("1998-06-30") - plain.g["date"].max()).dt.days
    text = _fails(l05.q1_recency, answer=day_before)
    assert "少了 1" in text and "1998-06-30" in text
    text = _fails(l05.q1_recency, answer=plain.rec + 30)
    assert "多了 30" in text and "AS_OF" in text
    assert "日期" in _fails(l05.q1_recency, answer=plain.g["date"].max())
    assert "秒" in _fails(l05.q1_recency, answer=plain.rec * 86400)
    tenure = (plain.g["date"].max() - plain.g["date"].min()).dt.days
    assert "第一次到最后一次" in _fails(l05.q1_recency, answer=tenure)


def test_recency_out_of_range_and_wrong_length(plain):
    # first purchase minus the analysis date: negative, and no other diagnosis fits
    backwards = (plain.g["date"].min() - AS_OF).dt.days
    assert "不会小于 0" in _fails(l05.q1_recency, answer=backwards)
    # grouped by the date instead of the customer: one value per day (546 days)
    by_day = (AS_OF - plain.tx.groupby("date")["date"].max()).dt.days
    assert len(by_day) == plain.tx["date"].nunique() == 546
    text = _fails(l05.q1_recency, answer=by_day)
    assert "按 date 分组" in text and '"customer_id"' in text
    # the log filtered to 1998 first: customers who bought only in 1997 are missing
    late = plain.tx[plain.tx["date"] >= "1998-01-01"]
    short = (AS_OF - late.groupby("customer_id")["date"].max()).dt.days
    text = _fails(l05.q1_recency, answer=short)
    assert f"少了 {23_570 - len(short):,} 位顾客" in text and "筛选" in text


def test_answers_of_the_wrong_shape(plain):
    per_row = (AS_OF - plain.tx["date"]).dt.days
    text = _fails(l05.q1_recency, answer=per_row)
    assert "69,659" in text and "还没有按顾客汇总" in text
    assert "groupby" in _fails(l05.q1_recency, answer=368)
    assert "一列" in _fails(l05.q1_recency, answer=plain.table)
    assert "None" in _fails(l05.q2_frequency, answer=None)
    assert ".size()" in _fails(l05.q2_frequency, answer=plain.g.count())  # three columns


# ---------------------------------------------------------------------------------------------
# exercise 2: frequency


def test_frequency_mistakes(plain):
    ones = pd.Series(1, index=plain.frq.index)
    assert "购买次数" in _fails(l05.q2_frequency, answer=ones)
    days = plain.g["date"].nunique()
    assert "不同的购买日" in _fails(l05.q2_frequency, answer=days)
    assert "CD 的张数" in _fails(l05.q2_frequency, answer=plain.g["cds"].sum())
    assert "nunique" in _fails(l05.q2_frequency, answer=plain.g["amount"].nunique())
    text = _fails(l05.q2_frequency, answer=plain.g["amount"].sum())  # the M of exercise 3
    assert "第 3 题的 M" in text and ".size()" in text
    # "repeat purchases" (size - 1): a customer with 0 purchases cannot be in the log
    assert "不会小于 1" in _fails(l05.q2_frequency, answer=plain.frq - 1)


# ---------------------------------------------------------------------------------------------
# exercise 3: monetary


def test_monetary_mistakes(plain):
    assert ".sum()" in _fails(l05.q3_monetary, answer=plain.g["amount"].mean())
    assert "max" in _fails(l05.q3_monetary, answer=plain.g["amount"].max())
    assert "cds" in _fails(l05.q3_monetary, answer=plain.g["cds"].sum())
    assert "四舍五入" in _fails(l05.q3_monetary, answer=plain.mon.round())
    text = _fails(l05.q3_monetary, answer=plain.g.size())  # the F of exercise 2
    assert "第 2 题的 F" in text and '["amount"].sum()' in text
    text = _fails(l05.q3_monetary, answer=plain.g["amount"].count())
    assert "第 2 题的 F" in text
    # amount taken for a unit price and multiplied by the number of CDs
    times = (plain.tx["cds"] * plain.tx["amount"]).groupby(plain.tx["customer_id"]).sum()
    assert "不是单价" in _fails(l05.q3_monetary, answer=times)
    assert "不会小于 0" in _fails(l05.q3_monetary, answer=-plain.mon)


# ---------------------------------------------------------------------------------------------
# exercise 4: high / low


def test_r_the_wrong_way_round_is_explained(plain):
    rec = plain.table["recency"]
    text = _fails(l05.q4_high_low, answer=_hl(plain, R_high=rec > rec.mean()))
    assert "R 的方向反了" in text and "重要价值客户" in text and "重要保持客户" in text
    assert "对调" in text


def test_high_low_mistakes(plain):
    t = plain.table
    assert "中位数" in _fails(
        l05.q4_high_low, answer=_hl(plain, R_high=t["recency"] < t["recency"].median())
    )
    assert "中位数" in _fails(
        l05.q4_high_low, answer=_hl(plain, M_high=t["monetary"] > t["monetary"].median())
    )
    text = _fails(l05.q4_high_low, answer=_hl(plain, F_high=t["frequency"] < t["frequency"].mean()))
    assert "F_high 的方向反了" in text
    text = _fails(l05.q4_high_low, answer=_hl(plain, M_high=plain.flags["F_high"]))
    assert "用错了数据" in text and "F_high" in text
    words = _hl(plain, R_high=plain.flags["R_high"].map({True: "高", False: "低"}))
    assert "真/假值" in _fails(l05.q4_high_low, answer=words)
    assert "'M_high'" in _fails(l05.q4_high_low, answer=_hl(plain).drop(columns="M_high"))
    assert "hl = rfm.copy()" in _fails(l05.q4_high_low, answer=plain.flags["R_high"])
    assert "23,570 行" in _fails(l05.q4_high_low, answer=_hl(plain).head(100))


def test_high_low_from_a_series_indexed_by_customer_is_explained(plain):
    # hl has row labels 0, 1, 2, ...; recency from exercise 1 is labelled by customer_id, so
    # pandas aligns the labels and the new column is empty
    hl = plain.table.reset_index()
    hl["R_high"] = plain.rec < plain.rec.mean()
    hl["F_high"] = plain.flags["F_high"].to_numpy()
    hl["M_high"] = plain.flags["M_high"].to_numpy()
    assert hl["R_high"].isna().all()
    text = _fails(l05.q4_high_low, answer=hl)
    assert "空值 (NaN)" in text and "customer_id 为标签" in text and 'hl["recency"]' in text


def test_high_low_with_the_wrong_cut_is_explained(plain):
    t = plain.table
    # a hand-copied, rounded mean (106 instead of 106.08...)
    assert t["monetary"].mean() == pytest.approx(106.0804, abs=1e-4)
    m_cut = t["monetary"] > 106
    assert (m_cut != plain.flags["M_high"]).sum() > 0
    text = _fails(l05.q4_high_low, answer=_hl(plain, M_high=m_cut))
    assert "方向对了，但分界不是平均值" in text and "106.0804" in text and "四舍五入" in text
    # R against the mean of a wrong recency (e.g. counted from the first purchase)
    first = (AS_OF - plain.g["date"].min()).dt.days
    r_cut = t["recency"] < first.mean()
    assert (r_cut != plain.flags["R_high"]).sum() > 0
    text = _fails(l05.q4_high_low, answer=_hl(plain, R_high=r_cut))
    assert "R_high 的方向对了" in text and 'hl["recency"].mean()' in text
    # the direction mistake keeps its own message
    text = _fails(l05.q4_high_low, answer=_hl(plain, M_high=t["monetary"] < t["monetary"].mean()))
    assert "M_high 的方向反了" in text and "分界不是平均值" not in text


# ---------------------------------------------------------------------------------------------
# exercise 5: segments


def _seg(plain, r, f, m):
    names = [NAMES[k] for k in zip(r, f, m)]
    return _hl(plain).assign(segment=names)


@pytest.fixture
def right_hl(plain, monkeypatch):
    """A notebook whose `hl` (exercise 4) is right: a wrong `seg` is this exercise's mistake."""
    monkeypatch.setattr(checks, "_user_ns", lambda: {"hl": _hl(plain)})


def test_segments_with_r_flipped_swap_value_and_keep(plain, right_hl):
    fl = plain.flags
    wrong = _seg(plain, ~fl["R_high"], fl["F_high"], fl["M_high"])
    # the flip really swaps the two groups (worked out here, not by the check)
    right = plain.segment.to_numpy()
    swapped = wrong["segment"].to_numpy()
    assert (swapped[right == "重要价值客户"] == "重要保持客户").all()
    assert (swapped[right == "重要保持客户"] == "重要价值客户").all()
    text = _fails(l05.q5_segments, answer=wrong)
    assert "R 的“高/低”整个反了" in text and "对调" in text
    assert "第 4 题的 hl 是对的" in text and "True → “高”" in text


def test_segment_mistakes(plain, right_hl):
    fl = plain.flags
    text = _fails(l05.q5_segments, answer=_seg(plain, fl["R_high"], ~fl["F_high"], fl["M_high"]))
    assert "F 的“高/低”整个反了" in text
    holes = _hl(plain).assign(segment=plain.segment.to_numpy())
    holes.loc[holes["R_high"], "segment"] = np.nan  # a merge that found no match
    text = _fails(l05.q5_segments, answer=holes)
    assert "NaN" in text and "“高”“低”" in text
    short = _hl(plain).assign(segment=plain.segment.str.replace("客户", "").to_numpy())
    assert "映射表里没有的名称" in _fails(l05.q5_segments, answer=short)
    assert "'segment'" in _fails(l05.q5_segments, answer=_hl(plain))


def test_segments_from_a_wrong_hl_point_back_to_exercise_4(plain, monkeypatch):
    rec = plain.table["recency"]
    bad_hl = _hl(plain, R_high=rec < rec.median())  # a wrong hl in the notebook
    wrong = _seg(plain, bad_hl["R_high"], bad_hl["F_high"], bad_hl["M_high"])
    monkeypatch.setattr(checks, "_user_ns", lambda: {"hl": bad_hl})
    text = _fails(l05.q5_segments, answer=wrong)
    assert "第 4 题 (q4_high_low)还没有通过" in text and "R_high 列和正确结果不一致" in text
    assert "先改正第 4 题" in text
    # an R flipped in hl is blamed on exercise 4 too, not on this exercise's mapping
    flipped = _hl(plain, R_high=~plain.flags["R_high"])
    monkeypatch.setattr(checks, "_user_ns", lambda: {"hl": flipped})
    wrong = _seg(plain, flipped["R_high"], flipped["F_high"], flipped["M_high"])
    text = _fails(l05.q5_segments, answer=wrong)
    assert "第 4 题 (q4_high_low)还没有通过" in text and "问题出在这一题" not in text
    # a short hl makes a short seg: exercise 4 again
    monkeypatch.setattr(checks, "_user_ns", lambda: {"hl": _hl(plain).head(100)})
    text = _fails(l05.q5_segments, answer=_hl(plain).head(100).assign(segment="重要价值客户"))
    assert "第 4 题 (q4_high_low)还没有通过" in text


def test_segment_merge_and_map_mistakes(plain, right_hl):
    # merged on R and F only: every customer matches two rows of the mapping table
    table = cl.rfm_segment_table()
    words = _hl(plain)
    for letter in "RFM":
        words[letter] = np.where(plain.flags[f"{letter}_high"], "高", "低")
    doubled = words.merge(table[["R", "F", "segment"]], on=["R", "F"], how="left")
    assert len(doubled) == 2 * len(words)
    text = _fails(l05.q5_segments, answer=doubled)
    assert "一位顾客出现了好几次" in text and '["R", "F", "M"]' in text
    # .map with the keys in quotes: "True" is not True, every R becomes NaN
    quoted = _hl(plain)
    quoted["R"] = quoted["R_high"].map({"True": "高", "False": "低"})
    quoted["F"], quoted["M"] = words["F"], words["M"]
    merged = quoted.merge(table[["R", "F", "M", "segment"]], on=["R", "F", "M"], how="left")
    assert merged["segment"].isna().all()
    text = _fails(l05.q5_segments, answer=merged)
    assert "R 列里有空值" in text and "不加引号" in text
    # no .map at all: R, F, M hold True/False, which never equal the words of the table
    raw = _hl(plain)
    for letter in "RFM":
        raw[letter] = raw[f"{letter}_high"]
    merged = raw.merge(table[["R", "F", "M", "segment"]], on=["R", "F", "M"], how="left")
    text = _fails(l05.q5_segments, answer=merged)
    assert "'False'" in text or "'True'" in text
    assert "文字“高”“低”" in text and ".map" in text


def test_true_false_columns_merged_against_the_words_are_explained(plain, right_hl):
    # the reader's mistake: no .map, the flag columns merged straight onto the table's words
    table = cl.rfm_segment_table()
    merged = _hl(plain).merge(
        table[["R", "F", "M", "segment"]],
        left_on=["R_high", "F_high", "M_high"],
        right_on=["R", "F", "M"],
        how="left",
    )
    assert merged["segment"].isna().all() and merged["R"].isna().all()
    text = _fails(l05.q5_segments, answer=merged)
    assert "三列全是空值" in text and "真/假值和文字永远不相等" in text
    assert "没有找到对应的键" not in text  # no .map was used: not the reason
    # only R mapped with quoted keys: the .map message still names that mistake
    quoted = _hl(plain)
    quoted["R"] = quoted["R_high"].map({"True": "高", "False": "低"})
    for letter in "FM":
        quoted[letter] = np.where(plain.flags[f"{letter}_high"], "高", "低")
    merged = quoted.merge(table[["R", "F", "M", "segment"]], on=["R", "F", "M"], how="left")
    text = _fails(l05.q5_segments, answer=merged)
    assert "没有找到对应的键" in text and "三列全是空值" not in text


# ---------------------------------------------------------------------------------------------
# exercise 6: the segment with most of the money


def test_top_segment_mistakes(plain):
    share = plain.money_share
    most_people = plain.people.idxmax()
    assert most_people == "一般挽留客户"
    text = _fails(l05.q6_top_segment, most_people, share[most_people])
    assert "人数" in text and "value_share" in text
    assert "最小" in _fails(l05.q6_top_segment, share.idxmin(), 0.1)
    assert "不是八类客户的名称之一" in _fails(l05.q6_top_segment, "重要价值", 0.1)
    top = share.idxmax()
    people_share = plain.people[top] / plain.people.sum()
    assert "客户占比" in _fails(l05.q6_top_segment, top, people_share)
    assert "百分数" in _fails(l05.q6_top_segment, top, share.max() * 100)
    assert "四舍五入" in _fails(l05.q6_top_segment, top, round(share.max(), 2))
    text = _fails(l05.q6_top_segment, top, round(share.max() * 100, 1))  # 63.7 typed in
    assert "百分数" in text and "四舍五入" in text
    assert ".iloc[0]" in _fails(l05.q6_top_segment, pd.Series([top]), share.max())  # filtered


def test_top_segment_lookup_mistakes(plain):
    share = plain.money_share
    top = share.idxmax()
    # idxmax() gives the row label; on segment_summary's table that is a number
    text = _fails(l05.q6_top_segment, 0, share.max())
    assert "行号" in text and "summary.loc[行号, " in text
    # a filtered column keeps one value but is still a Series
    one = pd.Series([share.max()], index=[5], name="value_share")
    assert ".iloc[0]" in _fails(l05.q6_top_segment, top, one)
    # a share above 1 or below 0 cannot be right
    assert "不会大于 1" in _fails(l05.q6_top_segment, top, 1.7)
    assert "不会小于 0" in _fails(l05.q6_top_segment, top, -0.4)


def test_top_segment_as_a_whole_row_or_column(plain):
    share = plain.money_share
    # the reader's mistake: summary.loc[row] without the column gives the whole row
    summary = pd.DataFrame(
        {"group": list(share.index), "customers": 1, "value_share": list(share.to_numpy())}
    )
    row = summary["value_share"].idxmax()
    text = _fails(l05.q6_top_segment, summary.loc[row], share.max())
    assert "一整行" in text and '"group"' in text
    assert 'row["group"]' not in text  # `row` is the row label in the notebook, not a row
    text = _fails(l05.q6_top_segment, summary["group"], share.max())
    assert "一整列" in text and "idxmax()" in text and "一整行" not in text


def test_top_segment_with_a_misspelt_name(plain):
    share = plain.money_share
    # the reader typed 戶 (traditional) for 户: not one of the eight names at all
    text = _fails(l05.q6_top_segment, "重要价值客戶", share.max())
    assert "不是八类客户的名称之一" in text and "繁体字" in text
    assert "金额占比最大" not in text
    assert "一般挽留客户" in text  # the eight names are listed
    assert "空格" in _fails(l05.q6_top_segment, share.idxmax() + " ", share.max())
    # a real name that is not the top one is still judged on the money
    text = _fails(l05.q6_top_segment, "重要保持客户", share["重要保持客户"])
    assert "不是金额占比最大的细分" in text and "八类客户的名称之一" not in text


# ---------------------------------------------------------------------------------------------
# the second reader's mistakes


def test_a_method_without_brackets_gets_the_brackets_hint(plain):
    # the reader's answer: frequency = tx.groupby("customer_id").size (no brackets)
    text = _fails(l05.q2_frequency, answer=plain.g.size)
    assert "圆括号" in text and ".size()" in text and "method 类型" not in text
    assert ".copy()" in _fails(l05.q4_high_low, answer=plain.table.copy)
    # the neighbouring mistake: grouped but not summarised at all
    text = _fails(l05.q2_frequency, answer=plain.g)
    assert "没有汇总" in text and "圆括号" not in text


def test_recency_plus_one_is_named(plain):
    text = _fails(l05.q1_recency, answer=plain.rec + 1)  # (...).dt.days + 1
    assert "不用再加 1" in text and "分析日期用错了" not in text
    text = _fails(l05.q1_recency, answer=plain.rec + 2)
    assert "多了 2" in text and "不用再加 1" not in text


def test_rfm_table_for_recency_names_the_steps(plain, monkeypatch):
    _history(
        monkeypatch,
        'recency = cl.rfm_table(tx, customer="customer_id", date="date", amount="amount", '
        'as_of=AS_OF).set_index("customer_id")["recency"]',
    )
    text = _fails(l05.q1_recency, answer=plain.rec)
    assert "cl.rfm_table" in text and '["date"].max()' in text and "AS_OF 减去" in text
    _history(monkeypatch, 'monetary = cl.rfm_table(tx, "customer_id").set_index("customer_id")')
    text = _fails(l05.q3_monetary, answer=plain.mon)
    assert "amount 加起来" in text and '["date"].max()' not in text


def test_table_remark_names_as_index_false(plain, capsys):
    table = plain.rec.rename("recency").reset_index()  # what groupby(..., as_index=False) gives
    l05.q1_recency(answer=table)
    assert "as_index=False" in capsys.readouterr().out


def test_a_single_number_is_written_in_full(plain):
    total = plain.tx["amount"].sum()  # tx["amount"].sum(): one number for everyone
    text = _fails(l05.q3_monetary, answer=total)
    assert f"{total:,.2f}" in text and "e+" not in text


def test_quoted_map_keys_lead_when_all_three_columns_are_empty(plain, monkeypatch):
    table = cl.rfm_segment_table()
    quoted = _hl(plain)
    for letter in "RFM":
        quoted[letter] = quoted[f"{letter}_high"].map({"True": "高", "False": "低"})
    merged = quoted.merge(table[["R", "F", "M", "segment"]], on=["R", "F", "M"], how="left")
    assert merged["segment"].isna().all() and merged["R"].isna().all()
    cell = (
        "seg = hl.copy()\n"
        'for letter in ["R", "F", "M"]:\n'
        '    seg[letter] = seg[letter + "_high"].map({"True": "高", "False": "低"})\n'
        'seg = seg.merge(mapping, on=["R", "F", "M"], how="left")'
    )
    ns = {"hl": _hl(plain), "In": ["", cell, "checks.q5_segments()"]}
    monkeypatch.setattr(checks, "_user_ns", lambda: ns)
    text = _fails(l05.q5_segments, answer=merged)
    assert "带引号" in text and "永远不相等" not in text
    # the neighbouring mistake: the flag columns merged straight onto the words
    merge_cell = (
        'seg = hl.merge(mapping, left_on=["R_high", "F_high", "M_high"], '
        'right_on=["R", "F", "M"], how="left")'
    )
    ns["In"] = ["", merge_cell, "checks.q5_segments()"]
    text = _fails(l05.q5_segments, answer=merged)
    assert "永远不相等" in text and "带引号" not in text


def test_hl_without_copy_is_remarked(plain, monkeypatch, capsys):
    rfm = plain.table.reset_index()
    hl = rfm  # hl = rfm: one table with two names
    for col in ("R_high", "F_high", "M_high"):
        hl[col] = plain.flags[col].to_numpy()
    monkeypatch.setattr(checks, "_user_ns", lambda: {"rfm": rfm, "hl": hl})
    l05.q4_high_low()
    out = capsys.readouterr().out
    assert PASS_MARK in out and "rfm.copy()" in out
    # with a real copy, rfm keeps its own columns and nothing is said
    rfm = plain.table.reset_index()
    monkeypatch.setattr(checks, "_user_ns", lambda: {"rfm": rfm, "hl": _hl(plain)})
    l05.q4_high_low()
    out = capsys.readouterr().out
    assert PASS_MARK in out and "rfm.copy()" not in out


def test_top_segment_from_max_of_the_names(plain):
    share = plain.money_share
    # max() of plain text: the last of the eight names in character order (worked out here)
    assert max(NAMES.values()) == "重要挽留客户"
    text = _fails(l05.q6_top_segment, "重要挽留客户", share.max())
    assert "max()" in text and "idxmax()" in text and "人数" not in text
    # segment_summary's group column is ordered like the mapping table: its max() is the last
    # group, which is also the one with most customers
    rfm = cl.rfm_table(plain.tx, customer="customer_id", date="date", amount="amount", as_of=AS_OF)
    s = cl.segment_summary(cl.rfm_segments(rfm))
    assert s["group"].max() == "一般挽留客户" == plain.people.idxmax()
    text = _fails(l05.q6_top_segment, s["group"].max(), share.max())
    assert "max()" in text and "人数" in text
    # a neighbouring wrong name gets no max() story
    assert "max()" not in _fails(l05.q6_top_segment, "重要保持客户", share["重要保持客户"])


def test_top_value_share_rounded_to_any_places(plain):
    top, best = plain.money_share.idxmax(), plain.money_share.max()
    assert round(best, 4) == 0.6366
    for places in (1, 2, 4):
        assert "四舍五入" in _fails(l05.q6_top_segment, top, round(best, places))
    assert "四舍五入" not in _fails(l05.q6_top_segment, top, 0.5)


# ---------------------------------------------------------------------------------------------
# work by hand: crmlab's RFM functions are refused


def _history(monkeypatch, *cells):
    ns = {"In": ["", "import crmlab as cl", *cells, "checks.qN()"]}
    monkeypatch.setattr(checks, "_user_ns", lambda: ns)
    monkeypatch.setattr(checks, "_TRACKER", None)


def test_rfm_table_is_refused_for_r_f_m(plain, monkeypatch):
    _history(
        monkeypatch,
        't = cl.rfm_table(tx, customer="customer_id", date="date", amount="amount", as_of=AS_OF)',
        'recency = t.set_index("customer_id")["recency"]',
    )
    assert "cl.rfm_table" in _fails(l05.q1_recency, answer=plain.rec)
    _history(monkeypatch, 'frequency = tx.groupby("customer_id").size()')
    l05.q2_frequency(answer=plain.frq)  # pandas work passes


def test_rfm_segments_is_refused_for_high_low_and_segments(plain, monkeypatch):
    _history(monkeypatch, "hl = cl.rfm_segments(rfm)")
    assert "cl.rfm_segments" in _fails(l05.q4_high_low, answer=_hl(plain))
    _history(monkeypatch, "seg = cl.rfm_segments(rfm)")
    seg = _hl(plain).assign(segment=plain.segment.to_numpy())
    assert "cl.rfm_segments" in _fails(l05.q5_segments, answer=seg)
    # the RFM table itself came from cl.rfm_table: that is allowed in exercises 4 and 5
    _history(
        monkeypatch,
        'rfm = cl.rfm_table(tx, customer="customer_id", date="date", amount="amount", as_of=AS_OF)',
        'hl = rfm.copy()\nhl["R_high"] = hl["recency"] < hl["recency"].mean()',
    )
    l05.q4_high_low(answer=_hl(plain))


# ---------------------------------------------------------------------------------------------
# widgets


@pytest.fixture
def shown(monkeypatch):
    items = []
    monkeypatch.setattr(widgets, "_display", items.append)
    yield items
    plt.close("all")


@pytest.fixture
def live(monkeypatch):
    monkeypatch.delenv("CRMLAB_STATIC_WIDGETS", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))


def test_window_rfm_leaves_out_purchases_from_the_analysis_date_on():
    tx = pd.DataFrame(
        {
            "c": ["a", "a", "b", "b"],
            "d": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-01-10", "2024-02-28"]),
            "x": [10.0, 5.0, 7.0, 1.0],
        }
    )
    r = w05.window_rfm(tx, "c", "d", "x", "2024-03-01")  # the 1 March purchase is not known yet
    assert r["frequency"].tolist() == [1, 2] and r["monetary"].tolist() == [10.0, 8.0]
    assert r["recency"].tolist() == [60, 2]  # 2024 is a leap year: Jan 1 -> Mar 1 is 60 days
    assert w05.window_rfm(tx, "c", "d", "x")["recency"].tolist() == [1, 3]  # as of 2 March
    with pytest.raises(cl.CrmlabError):
        w05.window_rfm(tx, "c", "d", "x", "2023-12-01")  # nothing before that day


def test_explorer_static_fallback(plain, monkeypatch, shown, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    w05.segment_explorer()
    out = capsys.readouterr()
    assert "分析日 1998-07-01" in out.out and "23,570 位顾客" in out.out and out.err == ""
    mean_m = f"{plain.mon.mean():.2f}".rstrip("0").rstrip(".")  # the mean cut of M, dollars
    assert f"M 高 = 订单金额多于 {mean_m} 美元" in out.out
    assert len(shown) == 2  # the chart and the table
    table = shown[1]
    assert table["客户数"].sum() == 23_570
    assert dict(zip(table["客户细分"], table["客户数"]))["重要价值客户"] == 4617


def test_explorer_computes_rfm_once_per_date(plain, shown):
    render = w05.explorer_render(plain.tx)
    live = widgets.build_live(
        render,
        {
            "as_of": widgets.Choice("分析日期", list(w05.DATES), "1998-07-01"),
            "method": widgets.Choice("方法", w05.METHODS, "mean"),
        },
    )
    first = shown[-1]
    assert render.rfm_runs == 1
    live.controls["method"].value = "median"
    assert render.rfm_runs == 1 and live.renders == 2  # a new method: no new rfm_table
    median_table = shown[-1]
    assert not median_table.equals(first)
    # the median rule worked out in plain pandas: F high means more than 1 purchase
    t = plain.table
    assert t["frequency"].median() == 1
    by_hand = (
        (t["recency"] < t["recency"].median())
        & (t["frequency"] > 1)
        & (t["monetary"] > t["monetary"].median())
    ).sum()
    assert dict(zip(median_table["客户细分"], median_table["客户数"]))["重要价值客户"] == by_hand
    live.controls["as_of"].value = "1997-04-01"
    live.controls["method"].value = "mean"
    live.controls["as_of"].value = "1998-07-01"  # back to a date already computed
    assert render.rfm_runs == 2 and live.renders == 5
    # on 1997-04-01 only the first quarter of 1997 is known
    q1 = plain.tx[plain.tx["date"] < "1997-04-01"]
    assert sorted(render.cache) == ["1997-04-01", "1998-07-01"]
    assert render.cache["1997-04-01"]["frequency"].sum() == len(q1)


def test_explorer_live_output_follows_the_controls(live, shown):
    w05.segment_explorer()
    import ipywidgets

    box = shown[-1]  # the first chart and table are drawn before the box is shown
    assert isinstance(box, ipywidgets.VBox) and isinstance(shown[1], pd.DataFrame)
    dropdowns = [c for c in box.children if isinstance(c, ipywidgets.Dropdown)]
    assert [d.description for d in dropdowns] == ["分析日期", "高/低的分界"]
    before = len(shown)
    dropdowns[0].value = "1997-10-01"
    new = shown[before:]
    assert len(new) == 2 and isinstance(new[1], pd.DataFrame)
    assert not new[1].equals(shown[1])  # a different table than the first one


def test_own_file_static_mode_explains(monkeypatch, capsys):
    monkeypatch.setenv("CRMLAB_STATIC_WIDGETS", "1")
    w05.own_file()
    out = capsys.readouterr()
    assert "cl.rfm_table(my_tx" in out.out and "pd.read_excel" in out.out and out.err == ""
    assert 'dtype={"顾客": str}' in out.out  # ids such as "00001" stay text


def _upload(widget, name: str, content: bytes) -> None:
    widget.upload.value = (
        {
            "name": name,
            "type": "",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": pd.Timestamp("2025-01-01").to_pydatetime(),
        },
    )


SHOP_CSV = (
    "订单号,客户,日期,金额\n"
    "1,张三,2024-01-05,100\n2,张三,2024-03-01,50\n3,李四,2024-02-10,300\n"
    "4,王五,2024-03-20,20\n5,王五,2024-03-25,30\n6,赵六,2023-12-01,80\n"
)


def test_own_file_live_reads_csv_and_updates(live, shown):
    import ipywidgets

    wdg = w05.OwnFileWidget()
    assert isinstance(wdg.box, ipywidgets.VBox) and "上传文件" in wdg.last
    _upload(wdg, "小店流水.csv", SHOP_CSV.encode("gb18030"))  # a Chinese Excel CSV is GBK
    assert (wdg.customer.value, wdg.date.value, wdg.amount.value) == ("客户", "日期", "金额")
    line, fig, table = wdg.last[0], wdg.last[2], wdg.last[3]
    assert "6 行交易" in line and table["客户数"].sum() == 4
    # by hand, as of 2024-03-26 (the day after the last purchase; 2024 is a leap year):
    # 张三 R 25 F 2 M 150; 李四 R 45 F 1 M 300; 王五 R 1 F 2 M 50; 赵六 R 116 F 1 M 80.
    # Means R 46.75, F 1.5, M 145 -> 张三 high/high/high, 李四 high/low/high,
    # 王五 high/high/low, 赵六 low/low/low.
    counts = dict(zip(table["客户细分"], table["客户数"]))
    assert counts["重要价值客户"] == 1 and counts["重要发展客户"] == 1
    assert counts["一般价值客户"] == 1 and counts["一般挽留客户"] == 1
    runs = wdg.rfm_runs
    wdg.method.value = "median"
    assert wdg.rfm_runs == runs and wdg.last[3] is not table  # re-segmented, same RFM table
    wdg.as_of.value = "2024-03-01"
    assert wdg.rfm_runs == runs + 1 and "分析日 2024-03-01" in wdg.last[1]
    assert fig is not None


def test_own_file_live_explains_problems_without_a_traceback(live, shown):
    wdg = w05.OwnFileWidget()
    _upload(wdg, "bad.csv", '客户,日期,金额\n张三,2024-01-05,"1,200"\n'.encode())
    assert wdg.last.startswith("⚠️") and "'1,200'" in wdg.last and "Traceback" not in wdg.last
    _upload(wdg, "old.xls", b"\xd0\xcf\x11\xe0")
    assert wdg.last.startswith("⚠️") and ".xlsx" in wdg.last
    _upload(wdg, "notes.pdf", b"%PDF")
    assert wdg.last.startswith("⚠️") and "CSV" in wdg.last
    _upload(wdg, "ok.csv", SHOP_CSV.encode())
    wdg.amount.value = wdg.customer.value  # the same column twice
    assert wdg.last.startswith("⚠️") and "三个不同的列" in wdg.last
    wdg.amount.value = "金额"
    wdg.as_of.value = "下个月"
    assert wdg.last.startswith("⚠️") and "as_of" in wdg.last


def test_own_file_reads_excel(live, shown):
    frame = pd.DataFrame(
        {
            "customer": ["a", "a", "b"],
            "order_date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-15"]),
            "revenue": [10.0, 20.0, 5.0],
        }
    )
    buf = io.BytesIO()
    frame.to_excel(buf, index=False)
    wdg = w05.OwnFileWidget()
    _upload(wdg, "sales.xlsx", buf.getvalue())
    assert (wdg.customer.value, wdg.date.value, wdg.amount.value) == (
        "customer",
        "order_date",
        "revenue",
    )
    assert wdg.last[3]["客户数"].sum() == 2


def test_own_file_live_displays_the_box(live, shown):
    import ipywidgets

    w05.own_file()
    assert len(shown) == 1 and isinstance(shown[0], ipywidgets.VBox)
