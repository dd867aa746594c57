"""The teacher-side hidden tests of lesson 05 RFM 模型 (``grading/hidden/l05_rfm.py``).

The answers are made the way a graded submission makes them: the lesson's read-only cells and
answer cells (the builder's solutions, or a scenario's answers) run on the packaged CDNOW data in
a fresh namespace, and the answer variables go through the kit's real export (``export_expression``)
and ``decode``, as in the sandbox. The expected values thus come from the lesson's solutions,
which use crmlab's own RFM functions, not from the hidden module's plain-pandas recomputation.
"""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path
from unittest import mock

import matplotlib
import pandas as pd
import pytest

import crmlab as cl
from crmcourse.l05_rfm import checks as l05_checks
from crmlab.feedback import checks
from crmlab.teacher.answers import Unreadable, decode, export_expression
from crmlab.teacher.hidden import PASSED, Submission, load_lesson, run_tests

matplotlib.use("Agg")
import matplotlib.pyplot as plt

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import nbbuild

A = "05_rfm"
HIDDEN = load_lesson(REPO / "grading", A)
LESSON = nbbuild.load_lesson(A)
TESTS = list(HIDDEN.EXERCISES)
NAMES = sorted({n for names in HIDDEN.EXERCISES.values() for n in names})
GENERIC = "答案的类型或格式不对"  # run_tests' message when a test crashed instead of failing
PREFIX = "隐藏测试未通过："
CHECKS = [
    "q1_recency",
    "q2_frequency",
    "q3_monetary",
    "q4_high_low",
    "q5_segments",
    "q6_top_segment",
]


# ---------------------------------------------------------------------------------------------
# a student's kernel, simulated: run the cells, export the answers


class Kernel:
    """A student's namespace: the code cells that ran in it, and its answer cells by grade id."""

    def __init__(self, ns: dict | None = None, sources: dict[str, str] | None = None) -> None:
        self.ns: dict = dict(ns or {})
        self.sources: dict[str, str] = dict(sources or {})
        self.code: list[str] = []
        self._answers: dict | None = None

    def run(self, source: str) -> None:
        self.code.append(source)
        exec(compile(source, "<cell>", "exec"), self.ns)  # noqa: S102 - the lesson's own code
        self._answers = None

    def exported(self, names: list[str] = NAMES, *, keep_attrs: bool = False) -> dict:
        """The answer variables after the kit's export and decode (JSON and Parquet).

        Unless ``keep_attrs``, tables and series lose their ``attrs`` first (the real export
        drops them too; ``test_the_real_export_reads_a_copy_of_the_rfm_table`` checks that).
        """
        ns = self.ns if keep_attrs else {k: _without_attrs(v) for k, v in self.ns.items()}
        ipython = types.SimpleNamespace(user_ns=ns)
        with mock.patch("IPython.get_ipython", lambda: ipython):
            payload = eval(export_expression(names), {})  # the kit's own export
        return decode(payload, names)

    @property
    def answers(self) -> dict:
        """All answer variables, exported once."""
        if self._answers is None:
            self._answers = self.exported()
        return self._answers

    def submission(self, **override) -> Submission:
        answers = {**self.answers, **override}
        return Submission("s001", A, answers, sources=dict(self.sources), code=list(self.code))


def _without_attrs(value):
    if isinstance(value, (pd.DataFrame, pd.Series)) and value.attrs:
        value = value.copy(deep=False)
        value.attrs = {}
    return value


def run_lesson(answers: dict[str, str] | None = None, prelude: str = "") -> Kernel:
    """Run the lesson's read-only and answer cells in order, as the sandbox does (test cells
    are not run there); answer cells replaced and the prelude put in front of the first one,
    as in tests/test_nbgrader_pipeline.py."""
    kernel = Kernel()
    answers = answers or {}
    first = True
    with pytest.MonkeyPatch.context() as mp:
        _guard(mp)  # CHEAT's prelude overwrites crmlab's checks and loader: undone on exit
        for cell in LESSON.cells:
            meta = nbbuild.nbgrader_meta(cell)
            if cell.cell_type != "code" or not meta or meta["grade"]:
                continue  # plain cells (toy examples, widgets) and test cells make no answers
            source = cell.source
            if meta["solution"]:
                source = answers.get(meta["grade_id"], source)
                if first and prelude:
                    source = prelude.rstrip("\n") + "\n\n" + source
                first = False
                kernel.sources[meta["grade_id"]] = source
            kernel.run(source)
    plt.close("all")
    return kernel


def _guard(mp: pytest.MonkeyPatch) -> None:
    for name in CHECKS + ["by_hand"]:
        mp.setattr(l05_checks, name, getattr(l05_checks, name))
    mp.setattr(checks, "by_hand", checks.by_hand)
    mp.setattr(cl, "load_dataset", cl.load_dataset)


def _failed(sub: Submission) -> dict[str, str]:
    """The failed tests and their messages. Every result must be a verdict with a message of
    the hidden test's own, never a crash or run_tests' catch-all message."""
    results = run_tests(HIDDEN, sub, TESTS)
    assert set(results) == set(TESTS)
    failed = {}
    for test, result in results.items():
        assert "error" not in result
        if result["passed"]:
            assert result["message"] == PASSED
        else:
            message = result["message"]
            assert message.startswith(PREFIX) and len(message) > len(PREFIX) + 2, message
            assert GENERIC not in message, message
            failed[test] = message
    return failed


@pytest.fixture(scope="module")
def right() -> Kernel:
    return run_lesson()


@pytest.fixture(scope="module")
def right_answers(right) -> dict:
    return right.answers


def _variant(right: Kernel, source: str) -> dict:
    """The right answers, with the variables that ``source`` (a mistake) assigns exported anew
    after running it on top of the right namespace."""
    kernel = Kernel(right.ns, right.sources)
    kernel.run(source)
    changed = [n for n in NAMES if kernel.ns.get(n) is not right.ns.get(n)]
    assert changed, source
    return {**right.answers, **kernel.exported(changed)}


# ---------------------------------------------------------------------------------------------
# the module against the builder


def test_exercises_are_the_builders_test_cells():
    nb = LESSON.notebook()
    assert TESTS == nbbuild.grade_ids(nb, kind="tests")
    assert HIDDEN.EXERCISES["q6_top_segment"] == ["top_segment", "top_value_share"]
    for cell in nb.cells:  # the hidden tests left the notebook
        assert nbbuild.BEGIN_HIDDEN not in cell.source and "_made_without" not in cell.source


def test_the_module_works_without_crmlab_analyses():
    """Only the Fail/Submission types come from crmlab; the data file is read by path."""
    tree = ast.parse(Path(HIDDEN.__file__).read_text(encoding="utf-8"))
    imported = {
        n.module if isinstance(n, ast.ImportFrom) else a.name
        for n in ast.walk(tree)
        if isinstance(n, (ast.Import, ast.ImportFrom))
        for a in n.names
    }
    assert {m for m in imported if m.startswith("crmlab")} == {"crmlab.teacher.hidden"}
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    used |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert not used & {"cl", "crmlab", "load_dataset", "rfm_table", "segment_summary"}


# ---------------------------------------------------------------------------------------------
# right answers


def test_the_solutions_pass_every_test(right, right_answers):
    assert isinstance(right_answers["recency"], pd.Series)
    assert len(right_answers["recency"]) == 23_570  # the lesson's count of customers
    assert isinstance(right_answers["seg"], pd.DataFrame)
    assert right_answers["top_segment"] == "重要价值客户"  # as the lesson text says
    assert 0.6 < right_answers["top_value_share"] < 0.7  # "六成以上"
    assert _failed(right.submission()) == {}


def test_the_real_export_reads_a_copy_of_the_rfm_table(right):
    hl = right.exported(keep_attrs=True)["hl"]
    assert isinstance(hl, pd.DataFrame), hl


def test_the_two_customers_of_the_lesson_text(right_answers):
    """The case in section 1, worked out from the printed purchase lists."""
    r, f, m = (right_answers[n] for n in ("recency", "frequency", "monetary"))
    assert f["09647"] == 7 and f["02262"] == 1
    assert r["09647"] < 31  # last purchase in early June 1998
    assert r["02262"] > 365  # one purchase in January 1997
    assert abs(m["09647"] - 152) < 1 and abs(m["02262"] - 152) < 1


def test_other_accepted_shapes_and_orders_pass(right, right_answers):
    rec, frq, mon = (right_answers[n] for n in ("recency", "frequency", "monetary"))
    hl, seg = right_answers["hl"], right_answers["seg"]
    shuffled = rec.sample(frac=1, random_state=1)
    variants = {
        "recency": [
            shuffled,  # keyed by customer id, in any order
            rec.rename_axis("customer_id").reset_index(),  # a table with a customer_id column
            rec.sort_index().tolist(),  # plain values in customer-id order
            rec.astype("float64"),
        ],
        "frequency": [frq.to_frame("F").sample(frac=1, random_state=2)],
        "monetary": [mon.round(2)],  # the amounts are in cents: the same sums
        "hl": [
            hl.set_index("customer_id").sample(frac=1, random_state=3),
            hl[["customer_id", "R_high", "F_high", "M_high"]],
            hl.assign(R_high=hl["R_high"].astype(int)),  # 1/0 read as true/false
        ],
        "seg": [seg.sample(frac=1, random_state=4), seg[["customer_id", "segment"]]],
        "top_value_share": [float(right_answers["top_value_share"]) + 1e-9],
    }
    for name, values in variants.items():
        for value in values:
            assert _failed(right.submission(**{name: value})) == {}, (name, type(value))


def test_a_right_recency_table_passes_here_as_in_the_public_check(right, capsys):
    """A student's ``.dt.days.reset_index()`` (customer_id and date columns): the public check
    accepts it with a remark, so the hidden test must accept it after the real export too."""
    source = 'recency = (AS_OF - tx.groupby("customer_id")["date"].max()).dt.days.reset_index()'
    answers = _variant(right, source)
    assert isinstance(answers["recency"], pd.DataFrame)
    assert list(answers["recency"].columns) == ["customer_id", "date"]
    assert _failed(right.submission(**answers)) == {}
    l05_checks.q1_recency(answer=answers["recency"])
    assert "一张表 (DataFrame)" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# wrong answers


def test_the_wrong_scenario_fails_exactly_its_tests():
    wrong = run_lesson(LESSON.wrong.answers)
    failed = _failed(wrong.submission())
    assert set(failed) == LESSON.wrong.fails
    assert "R（距最后一次购买的整天数）不对" in failed["q1_recency"]
    assert "高/低判断不对" in failed["q4_high_low"]
    assert "客户细分 (segment) 不对" in failed["q5_segments"]


MISTAKES = [
    # (answer cell code run after the solutions, the test that fails, part of its message)
    (
        'recency = AS_OF - tx.groupby("customer_id")["date"].max()',  # no .dt.days
        "q1_recency",
        "R（距最后一次购买的整天数）不对",
    ),
    (
        'recency = (AS_OF - tx.groupby("customer_id")["date"].max()).dt.days + 1',
        "q1_recency",
        "R（",
    ),
    ("recency = recency.sort_values().reset_index(drop=True)", "q1_recency", "R（"),
    ('recency = recency.copy()\nrecency["09647"] += 1', "q1_recency", "R（"),
    (
        'frequency = tx.groupby("customer_id")["date"].nunique()',
        "q2_frequency",
        "F（每位顾客的购买次数）不对",
    ),
    ('frequency = tx.groupby("customer_id")["cds"].sum()', "q2_frequency", "F（"),
    (
        'monetary = tx.groupby("customer_id")["amount"].mean()',
        "q3_monetary",
        "M（每位顾客的订单总金额）不对",
    ),
    ("monetary = monetary.round()", "q3_monetary", "M（"),
    ('monetary = monetary.copy()\nmonetary["09647"] += 0.01', "q3_monetary", "M（"),
    (
        (
            'hl = rfm.copy()\nhl["R_high"] = hl["recency"] < hl["recency"].median()\n'
            'hl["F_high"] = hl["frequency"] > hl["frequency"].median()\n'
            'hl["M_high"] = hl["monetary"] > hl["monetary"].median()'
        ),
        "q4_high_low",
        "R_high、F_high、M_high 的高/低判断不对",
    ),
    ('hl = hl.assign(M_high=hl["M_high"].map({True: "高", False: "低"}))', "q4_high_low", "高/低"),
    ('hl = hl.drop(columns="F_high")', "q4_high_low", "高/低"),
    ("hl = hl.head(100)", "q4_high_low", "高/低"),
    ('seg = seg.assign(segment="重要价值客户")', "q5_segments", "客户细分 (segment) 不对"),
    (
        (
            'seg = seg.assign(segment=seg["segment"].replace('
            '{"重要价值客户": "重要保持客户", "重要保持客户": "重要价值客户"}))'
        ),
        "q5_segments",
        "客户细分",
    ),
    ('seg = seg.rename(columns={"segment": "细分"})', "q5_segments", "客户细分"),
    (
        (
            'top = summary.loc[summary["customer_share"].idxmax()]\n'
            'top_segment = top["group"]\ntop_value_share = top["value_share"]'
        ),
        "q6_top_segment",
        "价值占比最大的客户细分不对",
    ),
    ("top_value_share = top_value_share * 100", "q6_top_segment", "这一类客户的价值占比不对"),
    ("top_value_share = round(top_value_share, 2)", "q6_top_segment", "价值占比不对"),
    ('top_value_share = top["customer_share"]', "q6_top_segment", "价值占比不对"),
]


@pytest.mark.parametrize("source, test, message", MISTAKES)
def test_typical_mistakes_fail_their_test_only(right, source, test, message):
    failed = _failed(right.submission(**_variant(right, source)))
    assert set(failed) == {test}
    assert message in failed[test]


# ---------------------------------------------------------------------------------------------
# by hand


def test_the_cheat_scenario_fails_everything_and_names_crmlab_where_work_by_hand_was_asked():
    cheat = run_lesson(LESSON.cheat.answers, prelude=LESSON.cheat.prelude)
    assert cl.load_dataset("cdnow").shape[0] == 69_659  # the prelude's fakes were undone
    failed = _failed(cheat.submission())
    assert set(failed) == LESSON.cheat.fails
    # q1, q4 and q5 have the right values (crmlab computed them): the by-hand rule fails them
    assert "不能调用 crmlab 的 rfm 函数（rfm_table）" in failed["q1_recency"]
    assert "不能调用 cl.rfm_segments（rfm_segments）" in failed["q4_high_low"]
    assert "不能调用 cl.rfm_segments（rfm_segments）" in failed["q5_segments"]
    assert "F（" in failed["q2_frequency"] and "M（" in failed["q3_monetary"]
    assert "价值占比最大的客户细分不对" in failed["q6_top_segment"]


def _with_sources(right: Kernel, answers: dict, **sources: str) -> Submission:
    sub = right.submission()
    sub.answers = dict(answers)
    sub.sources.update(sources)
    return sub


def test_by_hand_rule_reads_the_answer_cells_and_added_cells(right, right_answers):
    sub = _with_sources(
        right,
        right_answers,
        a2_frequency='frequency = cl.rfm_scores(rfm).set_index("customer_id")["frequency"]',
        a3_monetary=('monetary = cl.rfm_table(tx, customer="customer_id", date="date", '
                     'amount="amount")["monetary"]'),
        a4_high_low="hl = seg_mean.copy()",
    )
    failed = _failed(sub)
    assert set(failed) == {"q2_frequency", "q3_monetary", "q4_high_low", "q5_segments"}
    assert (
        "F 要自己用 groupby 计算" in failed["q2_frequency"]
        and "rfm_scores" in failed["q2_frequency"]
    )
    assert "M 要自己用 groupby 计算" in failed["q3_monetary"]
    assert "seg_mean" in failed["q4_high_low"]
    # `seg` is built on `hl`: flags from crmlab count against exercise 5 as well
    assert "细分要自己查映射表得到" in failed["q5_segments"]

    # a comment that names the function is fine; the lesson's `rfm` table is allowed
    comment = "# 不能用 cl.rfm_table，自己算\n" + right.sources["a1_recency"]
    assert _failed(_with_sources(right, right_answers, a1_recency=comment)) == {}

    # cells the student added count as well: crmlab's RFM table for exercises 1-3, its
    # segmentation for exercises 1-5 (an import is enough)
    sub = _with_sources(right, right_answers)
    sub.added = ['hl = seg_mean[["customer_id", "R_high", "F_high", "M_high"]]']
    assert set(_failed(sub)) == {"q4_high_low", "q5_segments"}
    sub.added = ['r = cl.rfm_table(tx, customer="customer_id", date="date", amount="amount")']
    assert set(_failed(sub)) == {"q1_recency", "q2_frequency", "q3_monetary"}
    sub.added = ["from crmlab import rfm_segments"]
    assert set(_failed(sub)) == set(TESTS) - {"q6_top_segment"}


# ---------------------------------------------------------------------------------------------
# missing variables and wrong types


def test_missing_variables_fail_with_a_message():
    failed = _failed(Submission("s002", A, {}))
    assert set(failed) == set(TESTS)
    assert all("没有找到变量" in message for message in failed.values())


WRONG_TYPES = [
    "R",
    None,
    3.5,
    {"00001": 1},
    pd.DataFrame({"x": [1, 2], "y": [3, 4]}),
    pd.Series([1.0, 2.0], index=["a", "b"]),
]


@pytest.mark.parametrize("value", WRONG_TYPES, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("name", NAMES)
def test_wrong_types_fail_their_test_with_a_message(right_answers, name, value):
    answers = {**right_answers, name: value}
    failed = _failed(Submission("s003", A, answers))
    assert set(failed) == {t for t, names in HIDDEN.EXERCISES.items() if name in names}


def test_unreadable_answers_fail_with_a_message(right_answers):
    answers = {**right_answers, **{n: Unreadable(n, type="Styler") for n in NAMES}}
    failed = _failed(Submission("s004", A, answers))
    assert set(failed) == set(TESTS)
    assert all("无法读取" in message for message in failed.values())


def test_expected_values_are_worked_out_once_per_process(right):
    _failed(right.submission())
    before = HIDDEN._rfm.cache_info()
    _failed(right.submission())
    after = HIDDEN._rfm.cache_info()
    assert after.misses == before.misses == 1 and after.hits > before.hits
