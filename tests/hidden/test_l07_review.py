"""Hidden tests of lesson 07 综合测验 (grading/hidden/l07_review.py).

The right answers are worked out here from the curriculum, written as the TEXT of the right
option(s) (worked out by a small calculation where the question has numbers, and looked up in
the matrix typed in below for the Kotler questions), then turned into letters through the
question bank of the student package. Nothing is copied from the hidden module's key. Answers
reach the tests the way grading makes them: answer code runs in a namespace, the kit's export
expression (``crmlab.teacher.answers.export_expression``) turns the variables into JSON and
``decode`` reads them back (so a set arrives as a frozenset, a tuple as a list).
"""

from __future__ import annotations

import itertools
import math
import re
import sys
from pathlib import Path

import IPython
import pytest

from crmcourse.l07_review.checks import BY_ID, QUESTIONS, SINGLE
from crmlab.teacher.answers import Unreadable, decode, export_expression
from crmlab.teacher.hidden import Submission, load_lesson, run_tests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import nbbuild

ASSIGNMENT = "07_review"
LESSON = nbbuild.load_lesson(ASSIGNMENT)
NB = LESSON.notebook()
HIDDEN = load_lesson(REPO / "grading", ASSIGNMENT)
TESTS = nbbuild.grade_ids(NB, kind="tests")
NAMES = [q.qid for q in QUESTIONS]
GENERIC = "答案的类型或格式不对"  # run_tests' message for an exception that is not a Fail
FORMAT = "答案格式不对，不能算对"

# The Kotler matrix of the lesson (section 2.4): rows = number of customers, columns = margin.
KOTLER = {
    "多": {"低": "基本型", "中等": "被动型", "高": "负责型"},
    "数量中等": {"低": "被动型", "中等": "负责型", "高": "能动型"},
    "少": {"低": "负责型", "中等": "能动型", "高": "伙伴型"},
}


def _kotler(option: str) -> str:
    """The relationship type of an option like “客户多、边际利润高”."""
    m = re.fullmatch(r"客户(多|数量中等|少)、边际利润(低|中等|高)", option)
    assert m, option
    return KOTLER[m[1]][m[2]]


def _pyramid_layer(rank: int, n: int) -> str:
    """The pyramid layer of ``rank`` among ``n`` customers: rank <= ceil(p% x n)."""
    for cut, name in ((1, "重要客户"), (20, "次要客户"), (50, "普通客户")):
        if rank <= math.ceil(n * cut / 100):
            return name
    return "小客户"


def _abc_class(cumulative_percent: float) -> str:
    if cumulative_percent <= 80:
        return "A 类（大客户）"
    if cumulative_percent <= 95:
        return "B 类（普通客户）"
    return "C 类（小客户）"


#: The right options of every question, as option texts, worked out from the curriculum.
RIGHT_TEXTS: dict[str, set[str]] = {
    "q01": {("根据客户信息，按客户对企业的价值和重要程度把现有客户分成不同层级，"
             "再给每个层级定不同的管理策略")},
    "q02": {  # the two purposes: judge the value, tell the needs apart
        "企业的资源有限，平均分给每位客户既不经济也不现实，所以要判定不同客户带来的价值",
        "不同价值的客户需求不同，有针对性的服务能让客户更忠诚",
    },
    "q03": {  # the three conditions of lesson 02
        "企业拥有稳定的现实客户，客户会反复和企业交易",
        "客户之间存在价值差异",
        "客户数量超出了企业能一一照顾的限度",
    },
    "q04": {"客户订单金额", "客户利润贡献", "客户信用状况", "客户发展前景"},
    "q05": {"经营状况、财务状况和回款记录"},
    "q06": {"约 20% 的客户，带来约 80% 的利润"},
    "q07": {f"{math.ceil(200 * 1 / 100)} 位"},
    "q08": {_pyramid_layer(70, 200)},
    "q09": {
        "R (recency)：分析日离客户最近一次购买有多少天",
        "F (frequency)：客户在一段固定时间里购买的次数",
        "M (monetary)：客户在这段时间里购买的总金额",
    },
    "q10": {min([("客户甲", 5), ("客户乙", 200)], key=lambda c: c[1])[0]},  # smaller R: recent
    "q11": {"重要价值客户"},
    "q12": {"总体中某一部分的数值 ÷ 总体全部数值 × 100%"},
    "q13": {f"{740 / 2000 * 100:g}%"},
    "q14": {"把客户按营业收入从高到低排序"},
    "q15": {_abc_class(84.5)},
    # the five classes by closeness are 非客户、潜在、目标、现实、流失客户
    "q16": {"赢利性客户"},
    "q17": {"初次购买者"},
    "q18": {  # a lost customer did buy before
        "按结算方式，可以分为现金客户、预付款客户、赊销客户",
        "按是否与企业发生过交易，可以分为老客户和新客户",
        "按追求的利益，可以分为经济型、道德型、个性化、便利型客户",
        "按所处的阶段，可以分为开发期、接触期、确立期、成熟期等客户",
    },
    "q19": {"公平原则", "区别对待原则", "积极开发原则", "努力挽留原则"},
    "q20": {"区别对待原则"},
    "q21": {"基本型"},
    "q22": {_kotler("客户多、边际利润中等")},  # thousands of web shops, a middling margin
    "q23": {o for _, o in BY_ID["q23"].options if _kotler(o) == "负责型"},
    "q24": {"购买能力、购买决定权、需求"},  # Money, Authority, Need
    "q25": {"购买决定权"},  # he has no say: Authority is missing
    "q26": {"交易数据"},
    "q27": {"对客户的身份信息做匿名处理", "分析时用汇总数据代替每个人的具体数据",
            "把系统设计成匿名的结构"},
    "q28": {"主动、有计划地收集", "适用而且及时", "完整而且前后一致", "保密，并依法保护"},
    "q29": {"会低估乙的价值"},  # this year 10 > 3, but 8 years of 3 growing by 20% is far more
    "q30": {
        "当年利润是静态的，只反映一年",
        "终生价值是动态的，要考虑客户将来还会带来多少",
        "选择重点客户、设计营销方案时可以参考终生价值",
    },
}


def _letters(qid: str) -> set[str]:
    by_text = {text: letter for letter, text in BY_ID[qid].options}
    return {by_text[text] for text in RIGHT_TEXTS[qid]}


#: The right answers written the way the lesson asks: a letter, or a set of letters.
RIGHT: dict = {
    q.qid: next(iter(_letters(q.qid))) if q.kind == SINGLE else _letters(q.qid) for q in QUESTIONS
}


# ---------------------------------------------------------------------------------------------
# answers as the grader receives them


class _Shell:
    def __init__(self, ns: dict) -> None:
        self.user_ns = ns


def export(ns: dict, names: list[str] = NAMES) -> dict:
    """The kit's export expression evaluated on the namespace, then ``decode``: what the
    hidden-test process receives."""
    original = IPython.get_ipython
    IPython.get_ipython = lambda: _Shell(ns)
    try:
        payload = eval(export_expression(names), {})  # the kit's own exporter
    finally:
        IPython.get_ipython = original
    assert isinstance(payload, str)
    return decode(payload, names)


def answer_cells() -> dict[str, str]:
    """Answer cell grade_id -> its source in the teacher notebook."""
    out = {}
    for cell in NB.cells:
        meta = nbbuild.nbgrader_meta(cell)
        if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
            out[meta["grade_id"]] = cell.source
    return out


CELLS = answer_cells()


def run_cells(replaced: dict[str, str]) -> tuple[dict, dict]:
    """Run the answer cells (the right answers, or the replacement code): namespace, sources."""
    ns: dict = {}
    sources = {}
    for grade_id in CELLS:
        qid = "q" + grade_id[1:]  # answer cell a07 holds q07
        code = replaced.get(grade_id) or f"{qid} = {RIGHT[qid]!r}"
        sources[grade_id] = code
        exec(compile(code, f"<{grade_id}>", "exec"), ns)  # noqa: S102
    return ns, sources


def grade(values: dict, sources: dict | None = None) -> dict:
    """Export ``values`` like the grader and run every hidden test on them."""
    sub = Submission(
        student_id="s001",
        assignment=ASSIGNMENT,
        answers=export(values),
        sources=dict(sources or {}),
        added=[],
    )
    return run_tests(HIDDEN, sub, TESTS)


def failed(results: dict) -> set[str]:
    return {t for t, r in results.items() if not r["passed"]}


def message(results: dict, test: str) -> str:
    result = results[test]
    assert not result["passed"] and "error" not in result
    assert result["message"].startswith("隐藏测试未通过：")
    assert GENERIC not in result["message"], result["message"]  # always a clear Fail
    return result["message"]


# ---------------------------------------------------------------------------------------------
# the module itself


def test_one_test_per_question_and_the_builders_test_cells():
    assert list(HIDDEN.EXERCISES) == TESTS == NAMES
    for qid in NAMES:
        assert HIDDEN.EXERCISES[qid] == [qid]
        assert callable(getattr(HIDDEN, qid))
    assert list(CELLS) == [f"a{q[1:]}" for q in NAMES]  # one answer cell per question
    points = [nbbuild.nbgrader_meta(c).get("points") for c in NB.cells
              if nbbuild.nbgrader_meta(c).get("grade_id") in TESTS]
    assert points == [1] * len(NAMES)


def test_the_right_options_worked_out_here_are_real_options_of_the_right_kind():
    for q in QUESTIONS:
        letters = _letters(q.qid)  # a KeyError here: an option text above is misspelt
        assert len(letters) == len(RIGHT_TEXTS[q.qid])
        if q.kind == SINGLE:
            assert len(letters) == 1
        else:  # at least two right options and at least one wrong one
            assert 2 <= len(letters) < len(q.options)
    diagonal = {"客户多、边际利润高", "客户数量中等、边际利润中等", "客户少、边际利润低"}
    assert RIGHT_TEXTS["q23"] == diagonal
    assert RIGHT_TEXTS["q07"] == {"2 位"} and RIGHT_TEXTS["q13"] == {"37%"}
    assert RIGHT_TEXTS["q08"] == {"普通客户"}  # rank 70 of 200: after the top 40, within 100
    assert RIGHT_TEXTS["q15"] == {"B 类（普通客户）"}
    assert RIGHT_TEXTS["q22"] == {"被动型"}  # not the lesson's worked example (少、高)


# ---------------------------------------------------------------------------------------------
# right answers


def test_the_right_answers_pass_every_test():
    results = grade(dict(RIGHT))
    assert failed(results) == set(), results


def test_the_builders_solution_cells_pass_every_test():
    """The teacher notebook's solutions agree with the answers worked out here, and pass."""
    ns: dict = {}
    for grade_id, source in CELLS.items():
        exec(compile(source, f"<{grade_id}>", "exec"), ns)  # noqa: S102
    assert {q: ns[q] for q in NAMES} == RIGHT
    assert failed(grade(ns)) == set()


def test_a_frozenset_and_any_order_pass():
    values = {qid: a if isinstance(a, str) else frozenset(sorted(a, reverse=True))
              for qid, a in RIGHT.items()}
    assert failed(grade(values)) == set()


# ---------------------------------------------------------------------------------------------
# wrong answers


@pytest.mark.parametrize("qid", NAMES)
def test_every_other_choice_fails_its_own_test_only(qid):
    q = BY_ID[qid]
    right = set(_letters(qid))
    sizes = [1] if q.kind == SINGLE else range(2, len(q.letters) + 1)
    tried = 0
    for n in sizes:
        for combo in itertools.combinations(q.letters, n):
            if set(combo) == right:
                continue
            value = combo[0] if q.kind == SINGLE else set(combo)
            results = grade({**RIGHT, qid: value})
            assert failed(results) == {qid}, (qid, combo)
            assert message(results, qid) == f"隐藏测试未通过：{qid} 答错了。"
            tried += 1
    n = len(q.letters)
    assert tried == (n - 1 if q.kind == SINGLE else 2 ** n - n - 2)


def test_several_wrong_answers_fail_one_test_each():
    wrong = {"q14": "A", "q15": "A", "q17": "A", "q28": {"A", "B"}}
    results = grade({**RIGHT, **wrong})
    assert failed(results) == set(wrong)
    assert sum(r["passed"] for r in results.values()) == len(NAMES) - len(wrong)


def _lower(value):
    return value.lower() if isinstance(value, str) else {x.lower() for x in value}


@pytest.mark.parametrize(
    ("qid", "value"),
    [
        ("q01", _lower(RIGHT["q01"])),  # the right letter in lower case
        ("q01", f" {RIGHT['q01']} "),
        ("q01", [RIGHT["q01"]]),  # the right letter in a list
        ("q01", {RIGHT["q01"]}),  # ... or in a set
        ("q01", RIGHT["q01"] * 2),  # two letters for a single-choice question
        ("q01", 3),
        ("q01", None),
        ("q01", True),
        ("q01", ""),
        ("q03", "".join(sorted(RIGHT["q03"]))),  # the right letters as one string
        ("q03", ",".join(sorted(RIGHT["q03"]))),
        ("q03", sorted(RIGHT["q03"])),  # the right letters in a list
        ("q03", tuple(sorted(RIGHT["q03"]))),
        ("q03", _lower(RIGHT["q03"])),  # the right letters in lower case
        ("q03", {",".join(sorted(RIGHT["q03"]))}),
        ("q03", [*sorted(RIGHT["q03"]), 1]),
        ("q03", set()),
        ("q03", {x: True for x in "ABCDE"}),
    ],
)
def test_a_wrong_format_never_counts_and_says_the_format(qid, value):
    results = grade({**RIGHT, qid: value})
    assert failed(results) == {qid}
    text = message(results, qid)
    assert text.startswith(f"隐藏测试未通过：{qid} 的{FORMAT}")
    if BY_ID[qid].kind == SINGLE:
        assert '单选题的答案是一个大写字母，加引号，例如 "B"' in text
    else:
        assert '例如 {"A", "C"}' in text


def test_a_wrong_format_also_gets_the_public_checks_hint():
    """The teacher's report shows the public check's 问题/提示 under the hidden verdict."""
    results = grade({**RIGHT, "q05": _lower(RIGHT["q05"]), "q09": sorted(RIGHT["q09"])})
    assert "小写字母" in results["q05"]["hint"]
    assert "列表 (list)" in results["q09"]["hint"] and "花括号" in results["q09"]["hint"]


def test_the_wrong_scenario_fails_exactly_the_listed_tests():
    ns, sources = run_cells(LESSON.wrong.answers)
    results = grade(ns, sources)
    assert failed(results) == LESSON.wrong.fails
    assert "不是选项的字母 'E'" in message(results, "q16")  # q16 has the options A-D
    for test in LESSON.wrong.fails - {"q16"}:
        assert FORMAT in message(results, test)


def test_the_option_letters_of_the_hidden_module_match_the_questions():
    for q in QUESTIONS:
        assert HIDDEN.options(q.qid) == set(q.letters), q.qid


@pytest.mark.parametrize(("qid", "value"), [("q01", "E"), ("q02", {"A", "E"}), ("q03", {"A", "F"})])
def test_a_letter_that_is_not_an_option_never_counts(qid, value):
    results = grade({**RIGHT, qid: value})
    assert failed(results) == {qid}
    assert "不是选项的字母" in message(results, qid)


def test_the_cheat_scenario_fails_every_test_on_the_answers():
    """Public checks replaced by always-pass fakes change nothing: the key is not in the
    notebook. (There is no by-hand rule in this lesson.)"""
    ns, sources = run_cells(LESSON.cheat.answers)
    results = grade(ns, sources)
    assert failed(results) == LESSON.cheat.fails == set(TESTS)
    for qid in NAMES:
        assert _as_set(ns[qid]) != _letters(qid)
        assert message(results, qid) == f"隐藏测试未通过：{qid} 答错了。"


def _as_set(value) -> set[str]:
    return {value} if isinstance(value, str) else set(value)


# ---------------------------------------------------------------------------------------------
# missing and unreadable answers


def test_a_missing_variable_fails_with_its_name_and_never_raises():
    values = dict(RIGHT)
    del values["q13"]
    results = grade(values)
    assert failed(results) == {"q13"}
    assert "没有找到变量 `q13`" in message(results, "q13")


def test_nothing_answered_fails_every_test():
    results = grade({})
    assert failed(results) == set(TESTS)
    for qid in NAMES:
        assert f"没有找到变量 `{qid}`" in message(results, qid)


def test_an_unreadable_answer_fails_with_a_message():
    answers = export(dict(RIGHT))
    answers["q18"] = Unreadable("q18", type="function")
    sub = Submission(student_id="s001", assignment=ASSIGNMENT, answers=answers)
    results = run_tests(HIDDEN, sub, TESTS)
    assert failed(results) == {"q18"}
    assert "变量 `q18` 的内容（function）无法读取" in message(results, "q18")


def test_an_object_the_exporter_cannot_write_is_a_wrong_answer():
    results = grade({**RIGHT, "q08": object()})
    assert failed(results) == {"q08"}
    assert "`q08`" in message(results, "q08")


# ---------------------------------------------------------------------------------------------
# the case study


def test_the_case_study_model_answer_is_the_teacher_notebooks_written_cell():
    cell = next(c for c in NB.cells if nbbuild.nbgrader_meta(c).get("grade_id") == "w1_case")
    assert cell.source == HIDDEN.CASE_STUDY.strip("\n")
    assert "评分要点（共 5 分）" in cell.source
    assert "w1_case" not in HIDDEN.EXERCISES  # graded by hand, not by a hidden test
    assert nbbuild.grade_ids(NB, kind="written") == ["w1_case"]
