"""crmlab.feedback.checks: the framework, every reusable diagnosis, and the lesson 00 checks.

Each diagnosis is tried on hand-made wrong answers (worked out here from the numbers of table
3-7, not from crmlab) and must recognise its own mistake, stay silent on the right answer, and
never raise or warn on odd input.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings
from collections import Counter
from types import SimpleNamespace

import pandas as pd
import pytest

from crmlab.feedback import checks
from crmcourse.l00_intro import checks as l00_checks
from crmlab.feedback.checks import FAIL_MARK, PASS_MARK

# Table 3-7 by hand: revenue of customers 1..14 and the same sorted from large to small.
REVENUE = [590, 140, 100, 740, 120, 68, 50, 50, 20, 40, 12, 40, 10, 20]
SORTED_IDS = [4, 1, 2, 5, 3, 6, 7, 8, 10, 12, 9, 14, 11, 13]
SORTED = [740, 590, 140, 120, 100, 68, 50, 50, 40, 40, 20, 20, 12, 10]
SHARE = [v / 2000 for v in SORTED]
CUM_SHARE = [
    0.37,
    0.665,
    0.735,
    0.795,
    0.845,
    0.879,
    0.904,
    0.929,
    0.949,
    0.969,
    0.979,
    0.989,
    0.995,
    1.0,
]
CLASSES = list("AAAABBBBBCCCCC")  # a = 0.8, b = 0.95


def _series(values, name="x"):
    return pd.Series(values, name=name)


# ---------------------------------------------------------------------------------------------
# diagnoses


def test_sorted_ascending():
    hint = checks.sorted_ascending(_series(sorted(SORTED)), _series(SORTED))
    assert "升序" in hint and "ascending=False" in hint
    assert checks.sorted_ascending(_series(SORTED), _series(SORTED)) is None
    # wrong, but not because of the direction
    assert checks.sorted_ascending(_series(REVENUE), _series(SORTED)) is None
    # all values equal: the order cannot be wrong
    assert checks.sorted_ascending(_series([5, 5, 5]), _series([5, 5, 5])) is None


def test_share_where_cumulative_share_was_asked():
    hint = checks.share_not_cumulative(_series(SHARE), _series(CUM_SHARE))
    assert "累计占比" in hint and "cumsum" in hint
    assert checks.share_not_cumulative(_series(CUM_SHARE), _series(CUM_SHARE)) is None
    assert checks.share_not_cumulative(_series(SORTED), _series(CUM_SHARE)) is None


def test_cumulative_share_where_share_was_asked():
    hint = checks.cumulative_not_share(_series(CUM_SHARE), _series(SHARE))
    assert "每位客户自己的占比" in hint
    assert checks.cumulative_not_share(_series(SHARE), _series(SHARE)) is None


def test_percentages_where_fractions_were_asked():
    percent = [100 * x for x in CUM_SHARE]
    hint = checks.percent_not_fraction(_series(percent), _series(CUM_SHARE))
    assert "0.37" in hint and "除以 100" in hint
    assert checks.percent_not_fraction(37.0, 0.37) is not None  # scalars too
    assert checks.percent_not_fraction(_series(CUM_SHARE), _series(CUM_SHARE)) is None
    assert checks.percent_not_fraction(_series([0.0, 0.0]), _series([0.0, 0.0])) is None


def test_one_row_off_at_a_class_boundary():
    ids = _series(SORTED_IDS)
    # customer 3 (row 5, cumulative 84.5%) put in A: "<" / "<=" or rounding at the A/B line
    student = CLASSES.copy()
    student[4] = "A"
    hint = checks.boundary_off_by_one(_series(student), _series(CLASSES), ids=ids)
    assert "客户 3" in hint and "'A'" in hint and "'B'" in hint
    # the tie 10/12 straddles B/C: customer 12 (row 10) put in B
    student = CLASSES.copy()
    student[9] = "B"
    assert "客户 12" in checks.boundary_off_by_one(_series(student), _series(CLASSES), ids=ids)
    # a wrong label in the middle of a class is a different mistake
    student = CLASSES.copy()
    student[1] = "B"
    assert checks.boundary_off_by_one(_series(student), _series(CLASSES)) is None
    # a label that is not the neighbouring class is not an off-by-one either
    student = CLASSES.copy()
    student[4] = "C"
    assert checks.boundary_off_by_one(_series(student), _series(CLASSES)) is None
    assert checks.boundary_off_by_one(_series(CLASSES), _series(CLASSES)) is None


def _rfm_by_hand():
    """Two customers, worked out by hand: a bought on 1 and 20 Jan (10 + 30), b on 10 Jan (5)
    and 25 Jan (15), c once on 5 Jan (8); analysis date 1 Feb 2024."""
    rfm = pd.DataFrame(
        {
            "customer": ["a", "b", "c"],
            "recency": [12, 7, 27],
            "frequency": [2, 2, 1],
            "monetary": [40.0, 20.0, 8.0],
            "first_date": pd.to_datetime(["2024-01-01", "2024-01-10", "2024-01-05"]),
            "last_date": pd.to_datetime(["2024-01-20", "2024-01-25", "2024-01-05"]),
        }
    )
    rfm.attrs["as_of"] = pd.Timestamp("2024-02-01")
    return rfm


def test_recency_counted_from_the_first_purchase():
    rfm = _rfm_by_hand()
    hint = checks.recency_from_first_purchase(_series([31, 22, 27]), rfm)
    assert "最后一次购买" in hint and "max()" in hint
    assert checks.recency_from_first_purchase(rfm["recency"], rfm) is None
    no_date = rfm.copy()
    no_date.attrs = {}
    assert checks.recency_from_first_purchase(_series([31, 22, 27]), no_date) is None


def test_recency_diagnosis_reads_a_real_rfm_table():
    import crmlab as cl

    tx = pd.DataFrame(
        {
            "customer": ["a", "a", "b", "b", "c"],
            "date": pd.to_datetime(
                ["2024-01-01", "2024-01-20", "2024-01-10", "2024-01-25", "2024-01-05"]
            ),
            "amount": [10.0, 30.0, 5.0, 15.0, 8.0],
        }
    )
    rfm = cl.rfm_table(tx, customer="customer", date="date", amount="amount", as_of="2024-02-01")
    assert checks.recency_from_first_purchase(_series([31, 22, 27]), rfm) is not None
    assert checks.monetary_is_mean(_series([20.0, 10.0, 8.0]), rfm) is not None
    assert checks.frequency_counts_customers(_series([1, 1, 1]), rfm) is not None


def test_frequency_counting_customers():
    rfm = _rfm_by_hand()
    assert "购买次数" in checks.frequency_counts_customers(_series([1, 1, 1]), rfm)
    assert checks.frequency_counts_customers(3, rfm["frequency"]) is not None  # n customers
    assert checks.frequency_counts_customers(_series([3, 3, 3]), rfm) is not None
    assert checks.frequency_counts_customers(rfm["frequency"], rfm) is None
    assert checks.frequency_counts_customers(_series([1, 1]), _series([1, 1])) is None


def test_monetary_as_the_mean():
    rfm = _rfm_by_hand()
    hint = checks.monetary_is_mean(_series([20.0, 10.0, 8.0]), rfm)
    assert "总金额" in hint and ".sum()" in hint
    assert checks.monetary_is_mean(rfm["monetary"], rfm) is None


def test_wrong_or_missing_column_name():
    df = pd.DataFrame({"customer": [1], "revenue": [2], "cumshare": [0.5]})
    hint = checks.column_problem(df, ["customer", "cum_share"])
    assert "'cum_share'" in hint and "'cumshare'" in hint
    assert "'Revenue'" in checks.column_problem(
        df.rename(columns={"revenue": "Revenue"}), ["revenue"]
    )
    hint = checks.column_problem(df, ["abc_class"])
    assert "'abc_class'" in hint and "cumshare" in hint  # lists the columns there are
    assert checks.column_problem(df, ["customer", "revenue"]) is None


@pytest.mark.parametrize(
    "diagnosis",
    [
        checks.sorted_ascending,
        checks.share_not_cumulative,
        checks.cumulative_not_share,
        checks.percent_not_fraction,
        checks.boundary_off_by_one,
        checks.frequency_counts_customers,
    ],
)
@pytest.mark.parametrize("odd", [None, "abc", [], pd.DataFrame({"a": [1]}), [1, "x"], 3.5])
def test_diagnoses_stay_quiet_on_odd_input(diagnosis, odd, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert diagnosis(odd, _series(CUM_SHARE)) is None
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------------------------------------
# the framework


def test_passed_says_public_checks_not_all_tests(capsys):
    assert checks.passed("第 9 题") is None
    out = capsys.readouterr()
    assert PASS_MARK in out.out and "隐藏测试" in out.out
    assert "all tests passed" not in out.out.lower()
    assert out.err == ""


def test_fail_raises_assertion_error_with_problem_and_hint():
    with pytest.raises(AssertionError) as err:
        checks.fail("第 9 题", "不对。", "试试 .sum()。")
    text = str(err.value)
    assert text.startswith(FAIL_MARK) and "问题：不对。" in text and "提示 (hint)：试试" in text


def test_missing_variable_is_a_friendly_message_not_a_name_error():
    with pytest.raises(AssertionError, match="还没有找到变量 total_revenue"):
        checks.get_answer("total_revenue", "第 1 题", ns={})
    assert checks.get_answer("x", "第 1 题", ns={"x": 5}) == 5
    assert checks.get_answer("x", "第 1 题", answer=7, ns={}) == 7


def test_check_number_messages():
    assert checks.check_number(2000, 2000.0, label="q", what="合计") is None
    with pytest.raises(AssertionError, match="除以 100"):
        checks.check_number(37.0, 0.37, label="q", what="占比")
    with pytest.raises(AssertionError, match="一列数据"):
        checks.check_number(_series(REVENUE), 2000, label="q", what="合计")
    with pytest.raises(AssertionError, match="文字"):
        checks.check_number("2000", 2000, label="q", what="合计")
    with pytest.raises(AssertionError, match="None"):
        checks.check_number(None, 2000, label="q", what="合计")


def test_check_series_messages():
    expected = _series(CUM_SHARE)
    assert checks.check_series(_series(CUM_SHARE), expected, label="q", what="累计占比") is None
    one_col = pd.DataFrame({"cum_share": CUM_SHARE})
    assert checks.check_series(one_col, expected, label="q", what="累计占比") is None
    with pytest.raises(AssertionError, match="cumsum"):
        checks.check_series(_series(SHARE), expected, label="q", what="累计占比")
    with pytest.raises(AssertionError, match="14 个值"):
        checks.check_series(_series(CUM_SHARE[:5]), expected, label="q", what="累计占比")
    wrong = CUM_SHARE.copy()
    wrong[6] = 0.5
    with pytest.raises(AssertionError, match=r"第 7 行（客户 7）"):
        checks.check_series(
            _series(wrong), expected, label="q", what="累计占比", ids=_series(SORTED_IDS)
        )
    with pytest.raises(AssertionError, match="ascending=False"):
        checks.check_series(_series(sorted(SORTED)), _series(SORTED), label="q", what="收入")


def test_check_columns():
    df = pd.DataFrame({"customer": [1], "cumshare": [0.5]})
    with pytest.raises(AssertionError, match="'cumshare'"):
        checks.check_columns(df, ["cum_share"], label="q")
    with pytest.raises(AssertionError, match="DataFrame"):
        checks.check_columns([1, 2], ["cum_share"], label="q")
    assert checks.check_columns(df, ["customer"], label="q") is None


# ---------------------------------------------------------------------------------------------
# "by hand": the answer cell may not call crmlab's analysis functions


def _ns(*cells):
    return {"In": ["", *cells, "checks.q2_top()"]}


def test_by_hand_passes_pandas_work():
    ns = _ns(
        "import crmlab as cl",
        'df = cl.load_dataset("changhai")',
        'ranked = df.sort_values("revenue", ascending=False)\ntop = ranked["customer"].iloc[0]',
    )
    assert checks.by_hand("top", "q", ns=ns, tracker=checks._CallTracker()) is None


def test_by_hand_catches_a_call_in_the_answer_cell():
    ns = _ns("import crmlab as cl", 'top = cl.abc_analysis(df, value="revenue").loc[0, "customer"]')
    with pytest.raises(AssertionError, match="cl.abc_analysis"):
        checks.by_hand("top", "q", ns=ns, tracker=checks._CallTracker())


def test_by_hand_catches_a_call_one_cell_earlier():
    ns = _ns(
        "import crmlab as cl\nx = 1",
        'df = cl.load_dataset("changhai")\nt = cl.pyramid(df, value="revenue")',
        'top = t["customer"].iloc[0]',
    )
    with pytest.raises(AssertionError, match="cl.pyramid"):
        checks.by_hand("top", "q", ns=ns, tracker=checks._CallTracker())
    # using df from that same cell is fine: the statement that made df called no analysis
    ns = _ns(
        'df = cl.load_dataset("changhai")\nt = cl.pyramid(df, value="revenue")',
        'top = df.sort_values("revenue")["customer"].iloc[-1]',
    )
    assert checks.by_hand("top", "q", ns=ns, tracker=checks._CallTracker()) is None


def test_by_hand_uses_the_call_counter_when_the_source_hides_the_name():
    ns = _ns('top = getattr(cl, "abc_" + "analysis")(df, "revenue")["customer"][0]')
    tracker = checks._CallTracker()
    assert checks.by_hand("top", "q", ns=ns, tracker=tracker) is None  # nothing recorded yet
    tracker.by_cell[1] = Counter({"abc_analysis": 1})
    with pytest.raises(AssertionError, match="cl.abc_analysis"):
        checks.by_hand("top", "q", ns=ns, tracker=tracker)


def test_call_tracker_counts_crmlab_calls_per_cell():
    import crmlab as cl

    tracker = checks._CallTracker()
    df = pd.DataFrame({"customer": [1, 2], "revenue": [3, 5]})
    tracker.pre()
    cl.abc_analysis(df, value="revenue")
    tracker.post(SimpleNamespace(execution_count=7))
    tracker.pre()
    df["revenue"].sum()
    tracker.post(SimpleNamespace(execution_count=8))
    assert tracker.by_cell[7]["abc_analysis"] == 1
    assert not tracker.by_cell[8]


def test_by_hand_in_a_real_ipython_shell(tmp_path):
    """Run cells in an IPython shell (history, events and all) in a separate process."""
    script = textwrap.dedent(
        """
        from IPython.core.interactiveshell import InteractiveShell
        sh = InteractiveShell.instance()
        cells = [
            "import crmlab as cl",
            "from crmcourse.l00_intro import checks",  # the call tracker starts here
            'df = cl.load_dataset("changhai")',
            'f = getattr(cl, "abc_" + "analysis")',
            'top_customer = f(df, value="revenue")["customer"].iloc[0]',
            "checks.q2_top()",
            'top_customer = df.sort_values("revenue", ascending=False)["customer"].iloc[0]',
            "checks.q2_top()",
        ]
        for src in cells:
            r = sh.run_cell(src, store_history=True)
            if r.error_in_exec is not None:
                print("ERROR", str(r.error_in_exec))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "IPYTHONDIR": str(tmp_path)},  # keep the history out of $HOME
    )
    out = proc.stdout
    assert out.count("ERROR") == 1 and "cl.abc_analysis" in out, out + proc.stderr
    assert out.count(PASS_MARK) == 1, out


# ---------------------------------------------------------------------------------------------
# lesson 00


def test_l00_right_answers_pass(capsys):
    l00 = l00_checks
    assert l00.q1_total(answer=2000) is None
    assert l00.q2_top(answer=4) is None
    assert l00.q3_count(answer=5) is None
    out = capsys.readouterr()
    assert out.out.count(PASS_MARK) == 3 and out.err == ""


@pytest.mark.parametrize(
    "check, answer, hint",
    [
        ("q1_total", 740, ".sum()"),  # the largest customer, not the total
        ("q1_total", 2000 / 14, "平均值"),  # the mean
        ("q1_total", 105, "客户编号"),  # summed the id column (1 + ... + 14)
        ("q1_total", 14, "客户的个数"),
        ("q2_top", 740, "客户编号"),  # the revenue, not the customer
        ("q2_top", 3, "idxmax"),  # row label of customer 4
        ("q2_top", 13, "收入最小"),
        ("q2_top", 1, "先按营业收入从大到小排序"),  # first row of the unsorted table
        ("q2_top", 1, ".iloc[1] 是第二个"),  # ... and also the second largest: .iloc[1]
        ("q2_top", 99, "1 到 14"),  # not a customer id at all
        ("q3_count", 20, "不会大于 14"),  # outside the valid range
        ("q3_count", -1, "不会小于 0"),
        ("q1_total", -5, "不会小于 0"),
        ("q3_count", 4, ">="),  # "> 100" drops customer 3 (exactly 100)
        ("q3_count", 9, "低于 100"),
        ("q3_count", 14, "全部客户"),
        ("q3_count", 1690, "len"),  # 590 + 140 + 100 + 740 + 120: summed instead of counted
        # the copy df2 of "改一个数" with its default 800 for customer 4: 2000 - 740 + 800
        ("q1_total", 2060, "df2"),
        # typed in by hand, one customer of 20 left out (customers 9 and 14 have 20)
        ("q1_total", 1980, "客户 9、14 的营业收入"),
        ("q1_total", 2012, "加了两次"),  # customer 11 (12) typed twice
        ("q2_top", 14, "customer 列"),  # df["customer"].max(): the largest id
    ],
)
def test_l00_typical_mistakes_get_targeted_hints(check, answer, hint, capsys):
    with pytest.raises(AssertionError) as err:
        getattr(l00_checks, check)(answer=answer)
    assert FAIL_MARK in str(err.value) and hint in str(err.value)
    assert capsys.readouterr().err == ""


# Table 3-7 typed in by hand; RANKED is it sorted by revenue, largest first (customer 4 = 740).
CHANGHAI = pd.DataFrame({
    "customer": list(range(1, 15)),
    "revenue": [590, 140, 100, 740, 120, 68, 50, 50, 20, 40, 12, 40, 10, 20],
})
RANKED = CHANGHAI.iloc[[3, 0, 1, 4, 2, 5, 6, 7, 9, 11, 8, 13, 10, 12]]


@pytest.mark.parametrize(
    "check, answer, problem, hint",
    [
        # forgot the brackets: the method itself, not its result
        ("q1_total", CHANGHAI["revenue"].sum, "还没有运行的方法", "加一对括号 ()"),
        # df.sum(): every column summed, the ids too
        ("q1_total", CHANGHAI.sum(), "每一列各自的合计", "先取出营业收入 (revenue) 这一列"),
        ("q1_total", CHANGHAI["revenue"], "共 14 个值", "加上 .sum()"),
        ("q1_total", CHANGHAI, "一张表", "再用 .sum()"),
        # head(1)["customer"]: a one-value Series that holds the right id
        ("q2_top", RANKED.head(1)["customer"], "只有 1 个值的一列", ".iloc[0]"),
        ("q2_top", RANKED.head(1)["customer"], "客户编号 4 是对的", "head(1)"),
        ("q2_top", RANKED.head(1), "1 行的表", "customer 这一列，再用 .iloc[0]"),
        ("q2_top", RANKED.iloc[0], "一整行", "列名 customer"),
        ("q2_top", RANKED["customer"], "共 14 个值", ".iloc[0]"),
        ("q2_top", CHANGHAI["revenue"].sum, "还没有运行的方法", "()"),
        ("q3_count", CHANGHAI[CHANGHAI["revenue"] >= 100], "有 5 行", "len(...)"),
        ("q3_count", CHANGHAI["revenue"] >= 100, "真/假值", "df[...] 的方括号里筛选"),
        # .shape: (rows, columns) of the filtered table, or of the whole table
        ("q3_count", CHANGHAI[CHANGHAI["revenue"] >= 100].shape, "（行数, 列数）", "第一个数"),
        ("q3_count", CHANGHAI.shape, "（行数, 列数）", "要先筛选"),
        ("q3_count", CHANGHAI[CHANGHAI["revenue"] >= 100].count(), "每一列各自", "len(...)"),
        ("q3_count", CHANGHAI["revenue"][CHANGHAI["revenue"] >= 100], "共 5 个值", "len(...)"),
    ],
)
def test_l00_wrong_kind_of_answer_says_what_it_is(check, answer, problem, hint, capsys):
    with pytest.raises(AssertionError) as err:
        getattr(l00_checks, check)(answer=answer)
    text = str(err.value)
    assert problem in text.split("提示")[0] and hint in text.split("提示")[1], text
    assert capsys.readouterr().err == ""


def test_l00_one_value_series_with_a_wrong_id_does_not_say_right():
    smallest_first = CHANGHAI.sort_values("revenue").head(1)["customer"]  # customer 13
    with pytest.raises(AssertionError) as err:
        l00_checks.q2_top(answer=smallest_first)
    assert ".iloc[0]" in str(err.value) and "是对的" not in str(err.value)


def test_l00_hints_do_not_hand_over_the_answer_code():
    """The hints name the method, never the whole answer expression."""
    wrong = [
        ("q1_total", 1234), ("q1_total", 1980), ("q1_total", CHANGHAI),
        ("q1_total", CHANGHAI.sum()), ("q1_total", CHANGHAI["revenue"]),
        ("q2_top", RANKED.head(1)), ("q2_top", RANKED.head(1)["customer"]),
        ("q2_top", RANKED["customer"]), ("q2_top", RANKED.iloc[0]), ("q2_top", 14),
        ("q3_count", CHANGHAI["revenue"] >= 100), ("q3_count", 3), ("q3_count", (5, 2)),
    ]
    for check, answer in wrong:
        with pytest.raises(AssertionError) as err:
            getattr(l00_checks, check)(answer=answer)
        text = str(err.value)
        for code in ('df["revenue"].sum()', 'ranked["customer"].iloc[0]', 'row["customer"]',
                     'len(df[df["revenue"]'):
            assert code not in text, (check, text)


def test_l00_revenue_given_as_customer_is_called_a_revenue():
    """df["revenue"].max() (740) handed in as the customer id: the problem line says so."""
    with pytest.raises(AssertionError) as err:
        l00_checks.q2_top(answer=740)
    problem = str(err.value).split("提示")[0]
    assert "营业收入（万元），不是客户编号" in problem and "客户 740" not in problem
    with pytest.raises(AssertionError) as err:  # another customer's revenue (customer 1: 590)
        l00_checks.q2_top(answer=590)
    assert "不是客户编号" in str(err.value) and "customer 列" in str(err.value)
    with pytest.raises(AssertionError) as err:  # 12 is a revenue but also a customer id
        l00_checks.q2_top(answer=12)
    assert "客户 12 不是" in str(err.value) and "不是客户编号" not in str(err.value)


def _answer_cell(monkeypatch, source):
    monkeypatch.setattr(
        checks, "_user_ns", lambda: {"df": CHANGHAI, "In": ["", source, "checks.q3_count()"]}
    )


def test_l00_count_off_by_one_is_not_called_the_wrong_operator(monkeypatch):
    """len(df[df["revenue"] >= 100]) - 1 gives 4, the same count as "> 100"."""
    _answer_cell(monkeypatch, 'n_big = len(df[df["revenue"] >= 100]) - 1')
    with pytest.raises(AssertionError) as err:
        l00_checks.q3_count(answer=4)
    text = str(err.value)
    assert "减了 1" in text and "用 >= 而不是 >" not in text, text
    _answer_cell(monkeypatch, 'n_big = len(df[df["revenue"] >= 100]) + 1')
    with pytest.raises(AssertionError, match="加了 1"):
        l00_checks.q3_count(answer=6)
    # the neighbouring mistake, "> 100", keeps its own hint
    _answer_cell(monkeypatch, 'n_big = len(df[df["revenue"] > 100])')
    with pytest.raises(AssertionError) as err:
        l00_checks.q3_count(answer=4)
    assert "用 >= 而不是 >" in str(err.value) and "减了 1" not in str(err.value)
    # another threshold (>= 120 also gives 4): neither hint
    _answer_cell(monkeypatch, 'n_big = len(df[df["revenue"] >= 120])')
    with pytest.raises(AssertionError) as err:
        l00_checks.q3_count(answer=4)
    assert "用 >= 而不是 >" not in str(err.value) and "减了 1" not in str(err.value)


def test_l00_copy_hint_reads_the_notebooks_df2(monkeypatch):
    """A student who tried another number in "改一个数" and then summed df2."""
    df2 = CHANGHAI.copy()
    df2.loc[df2["customer"] == 4, "revenue"] = 900  # 2000 - 740 + 900 = 2160
    monkeypatch.setattr(checks, "_user_ns", lambda: {"df": CHANGHAI, "df2": df2})
    with pytest.raises(AssertionError, match="df2 的合计"):
        l00_checks.q1_total(answer=2160)
    with pytest.raises(AssertionError) as err:  # a wrong number that is not df2's total
        l00_checks.q1_total(answer=2000 / 14)
    assert "df2" not in str(err.value)
