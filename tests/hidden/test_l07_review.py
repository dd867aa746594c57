"""Hidden tests of lesson 07 综合测验 (grading/hidden/l07_review.py).

The right answers are worked out here from the curriculum, written as the TEXT of the right
option(s) (and, for the Kotler matrix question, looked up in the matrix typed in below), then
turned into letters through the question bank of the student package. Nothing is copied from
the hidden module's key. Answers reach the tests the way grading makes them: answer code runs in
a namespace, the kit's export expression (``crmlab.teacher.answers.export_expression``) turns the
variables into JSON and ``decode`` reads them back (so a set arrives as a frozenset, a tuple as
a list).
"""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import IPython
import pytest

from crmcourse.l07_review.checks import BY_ID, GROUPS, QUESTIONS, SINGLE, group_questions
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

# The Kotler matrix of the lesson (section 2.3): rows = number of customers, columns = margin.
KOTLER = {
    "多": {"低": "基本型", "中等": "被动型", "高": "负责型"},
    "数量中等": {"低": "被动型", "中等": "负责型", "高": "能动型"},
    "少": {"低": "负责型", "中等": "能动型", "高": "伙伴型"},
}


def _kotler(option: str) -> str:
    """The relationship type of an option like 「客户多、边际利润高」."""
    m = re.fullmatch(r"客户(多|数量中等|少)、边际利润(低|中等|高)", option)
    assert m, option
    return KOTLER[m[1]][m[2]]


#: The right options of every question, as option texts, worked out from the curriculum.
RIGHT_TEXTS: dict[str, set[str]] = {
    # the five classes by closeness are 非客户、潜在、目标、现实、流失客户
    "q01": {"赢利性客户"},
    "q02": {"初次购买者"},
    "q03": {  # a lost customer did buy before
        "按结算方式，可以分为现金客户、预付款客户、赊销客户",
        "按是否与企业发生过交易，可以分为老客户和新客户",
        "按追求的利益，可以分为经济型、道德型、个性化、便利型客户",
        "按所处的阶段，可以分为开发期、接触期、确立期、成熟期等客户",
    },
    "q04": {"目标客户"},
    "q05": {"公平原则", "区别对待原则", "积极开发原则", "努力挽留原则"},
    "q06": {"区别对待原则"},
    "q07": {"努力挽留原则"},
    "q08": {"基本型"},
    "q09": {_kotler("客户少、边际利润高")},
    "q10": {o for _, o in BY_ID["q10"].options if _kotler(o) == "负责型"},
    "q11": {"购买决定权 (Authority)"},
    "q12": {"他买得起吗", "他用得着吗", "他能决定（或影响）买不买吗"},
    "q13": {"购买决定权 A（Authority）"},
    "q14": {
        "基本资料：个人或组织的情况、与企业的交易记录",
        "统计分析资料：对客户数据整理、分析得到的结果",
        "企业投入的记录：联系客户的情况、花的费用、给的优惠",
    },
    "q15": {"交易数据"},
    "q16": {
        "对身份信息做匿名化处理",
        "分析时用汇总数据代替每个人的明细",
        "把系统设计成匿名化的结构",
    },
    "q17": {"主动、有计划地收集", "适用而且及时", "完整而且前后一致", "保密，并依法保护"},
    "q18": {"客户在和企业整个关系期间给企业带来的价值"},
    "q19": {"会低估乙的价值"},  # this year 10 > 3, but 8 years of 3 growing by 20% is far more
    "q20": {
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
        payload = eval(export_expression(names), {})  # noqa: S307 - the kit's own exporter
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
        group = int(grade_id[1])
        code = replaced.get(grade_id) or "\n".join(
            f"{q.qid} = {RIGHT[q.qid]!r}" for q in group_questions(group)
        )
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


def test_exercises_are_the_builders_test_cells_and_cover_every_question_once():
    assert list(HIDDEN.EXERCISES) == TESTS
    assert TESTS == [GROUPS[g][1] for g in sorted(GROUPS)]
    for group, (_, test) in GROUPS.items():
        assert HIDDEN.EXERCISES[test] == [q.qid for q in group_questions(group)]
    assert sorted(q for names in HIDDEN.EXERCISES.values() for q in names) == NAMES


def test_the_right_options_worked_out_here_are_real_options_of_the_right_kind():
    for q in QUESTIONS:
        letters = _letters(q.qid)  # a KeyError here: an option text above is misspelt
        assert len(letters) == len(RIGHT_TEXTS[q.qid])
        if q.kind == SINGLE:
            assert len(letters) == 1
        else:  # at least two right options and at least one wrong one
            assert 2 <= len(letters) < len(q.options)
    diagonal = {"客户多、边际利润高", "客户数量中等、边际利润中等", "客户少、边际利润低"}
    assert RIGHT_TEXTS["q10"] == diagonal


# ---------------------------------------------------------------------------------------------
# right answers


def test_the_right_answers_pass_every_test():
    results = grade(dict(RIGHT))
    assert failed(results) == set(), results


def test_the_builders_solution_cells_pass_every_test():
    """The teacher notebook's solutions (read by the builder from the hidden module) agree
    with the answers worked out here, and pass."""
    ns: dict = {}
    for grade_id, source in CELLS.items():
        exec(compile(source, f"<{grade_id}>", "exec"), ns)  # noqa: S102
    assert {q: ns[q] for q in NAMES} == RIGHT
    assert failed(grade(ns)) == set()


@pytest.mark.parametrize(
    ("single", "multiple"),
    [
        (lambda x: x.lower(), lambda s: {x.lower() for x in s}),
        (lambda x: f" {x} ", lambda s: [f" {x}" for x in sorted(s)]),
        (lambda x: [x], lambda s: tuple(sorted(s, reverse=True))),
        (lambda x: {x.lower()}, lambda s: sorted(s) + sorted(s)),  # repeats do not matter
    ],
)
def test_other_spellings_of_the_right_answers_pass(single, multiple):
    values = {
        qid: single(a) if isinstance(a, str) else multiple(a) for qid, a in RIGHT.items()
    }
    assert failed(grade(values)) == set()


# ---------------------------------------------------------------------------------------------
# wrong answers


@pytest.mark.parametrize("qid", NAMES)
def test_every_other_choice_fails_its_group_only_and_names_the_question(qid):
    q = BY_ID[qid]
    test = GROUPS[q.group][1]
    right = set(_letters(qid))
    sizes = [1] if q.kind == SINGLE else range(1, len(q.letters) + 1)
    tried = 0
    for n in sizes:
        for combo in itertools.combinations(q.letters, n):
            if set(combo) == right:
                continue
            value = combo[0] if q.kind == SINGLE else set(combo)
            results = grade({**RIGHT, qid: value})
            assert failed(results) == {test}, (qid, combo)
            assert message(results, test) == f"隐藏测试未通过：这一组有答错的题：{qid}"
            tried += 1
    assert tried == (len(q.letters) - 1 if q.kind == SINGLE else 2 ** len(q.letters) - 2)


def test_all_wrong_questions_of_a_group_are_listed_in_order():
    wrong = {"q14": {"A", "B"}, "q15": "A", "q17": {"A", "B"}}
    results = grade({**RIGHT, **wrong})
    assert failed(results) == {"q5_records"}
    assert message(results, "q5_records").endswith("这一组有答错的题：q14、q15、q17")


@pytest.mark.parametrize(
    ("qid", "value"),
    [
        ("q03", "ACDE"),  # a multiple-choice answer written as one string
        ("q03", ",".join(sorted(RIGHT["q03"]))),
        ("q01", RIGHT["q01"] + RIGHT["q02"]),  # two letters for a single-choice question
        ("q01", 3),
        ("q01", None),
        ("q01", True),
        ("q01", ""),
        ("q03", [*sorted(RIGHT["q03"]), 1]),  # not only letters
        ("q03", set()),
        ("q03", {x: True for x in "ABCDE"}),
    ],
)
def test_wrong_shapes_fail_with_the_group_message(qid, value):
    results = grade({**RIGHT, qid: value})
    test = GROUPS[BY_ID[qid].group][1]
    assert failed(results) == {test}
    assert message(results, test).endswith(f"这一组有答错的题：{qid}")


def test_the_wrong_scenario_fails_exactly_the_listed_tests():
    ns, sources = run_cells(LESSON.wrong.answers)
    results = grade(ns, sources)
    assert failed(results) == LESSON.wrong.fails
    assert message(results, "q1_classify").endswith("这一组有答错的题：q01")  # "E"
    assert message(results, "q4_man").endswith("这一组有答错的题：q12")  # "ACD" as a string


def test_the_cheat_scenario_fails_every_group_on_the_answers():
    """Public checks replaced by always-pass fakes change nothing: the key is not in the
    notebook. (There is no by-hand rule in this lesson.)"""
    ns, sources = run_cells(LESSON.cheat.answers)
    results = grade(ns, sources)
    assert failed(results) == LESSON.cheat.fails == set(TESTS)
    for test, names in HIDDEN.EXERCISES.items():
        wrong = [q for q in names if _as_set(ns[q]) != _letters(q)]
        assert wrong  # the scenario does answer something wrong in every group
        assert message(results, test).endswith("这一组有答错的题：" + "、".join(wrong))


def _as_set(value) -> set[str]:
    return {value} if isinstance(value, str) else set(value)


# ---------------------------------------------------------------------------------------------
# missing and unreadable answers


def test_a_missing_variable_fails_with_its_name_and_never_raises():
    values = dict(RIGHT)
    del values["q13"]
    results = grade(values)
    assert failed(results) == {"q4_man"}
    text = message(results, "q4_man")
    assert "没有找到变量 `q13`" in text


def test_nothing_answered_fails_every_group():
    results = grade({})
    assert failed(results) == set(TESTS)
    for test, names in HIDDEN.EXERCISES.items():
        assert f"没有找到变量 `{names[0]}`" in message(results, test)


def test_an_unreadable_answer_fails_with_a_message():
    answers = export(dict(RIGHT))
    answers["q18"] = Unreadable("q18", type="function")
    sub = Submission(student_id="s001", assignment=ASSIGNMENT, answers=answers)
    results = run_tests(HIDDEN, sub, TESTS)
    assert failed(results) == {"q6_clv"}
    assert "变量 `q18` 的内容（function）无法读取" in message(results, "q6_clv")


def test_an_object_the_exporter_cannot_write_is_a_wrong_answer():
    results = grade({**RIGHT, "q08": object()})
    assert failed(results) == {"q3_relations"}
    assert "`q08`" in message(results, "q3_relations")


# ---------------------------------------------------------------------------------------------
# the case study


def test_the_case_study_model_answer_is_the_teacher_notebooks_written_cell():
    cell = next(c for c in NB.cells if nbbuild.nbgrader_meta(c).get("grade_id") == "w1_case")
    assert cell.source == HIDDEN.CASE_STUDY.strip("\n")
    assert "评分要点（共 5 分）" in cell.source
    assert "w1_case" not in HIDDEN.EXERCISES  # graded by hand, not by a hidden test
    assert nbbuild.grade_ids(NB, kind="written") == ["w1_case"]
