"""Lesson 07 综合测验: the format checks, the answer key behind the practice widget, and the
widget in static and live mode."""

from __future__ import annotations

import itertools
import re
import types

import IPython
import nbbuild
import pytest

from crmlab import widgets
from crmlab.checks import FAIL_MARK, PASS_MARK
from crmlab.checks import l07_review as l07
from crmlab.widgets import l07_review as w07

KEY = nbbuild.load_lesson("07_review").module.KEY


def _as_set(answer) -> set[str]:
    return {answer} if isinstance(answer, str) else set(answer)


def _right(group: int) -> dict:
    return {q.qid: KEY[q.qid] for q in l07.group_questions(group)}


def _fails(check, **answers) -> str:
    with pytest.raises(AssertionError) as info:
        check(**answers)
    text = str(info.value)
    assert FAIL_MARK in text
    return text


# --------------------------------------------------------------------------------------------
# the question bank


def test_twenty_questions_in_six_groups_with_both_kinds():
    assert [q.qid for q in l07.QUESTIONS] == [f"q{i:02d}" for i in range(1, 21)]
    assert set(KEY) == set(l07.BY_ID)
    assert sorted({q.group for q in l07.QUESTIONS}) == list(range(1, 7))
    kinds = {q.kind for q in l07.QUESTIONS}
    assert kinds == {l07.SINGLE, l07.MULTIPLE}
    for q in l07.QUESTIONS:
        assert len(q.options) >= 4 and q.text and q.hint and q.explanation
        key = _as_set(KEY[q.qid])
        assert key <= set(q.letters)
        if q.kind == l07.SINGLE:
            assert isinstance(KEY[q.qid], str) and len(key) == 1
        else:  # a multiple-choice question has at least two right and one wrong option
            assert 2 <= len(key) < len(q.options)


def test_the_widget_digests_accept_exactly_the_key():
    for q in l07.QUESTIONS:
        key = _as_set(KEY[q.qid])
        assert q.is_correct(key) and q.is_correct({x.lower() for x in key})
        for n in range(1, len(q.letters) + 1):
            for combo in itertools.combinations(q.letters, n):
                assert q.is_correct(combo) == (set(combo) == key), (q.qid, combo)


def test_hints_never_name_the_right_letter():
    for q in l07.QUESTIONS:
        for letter in _as_set(KEY[q.qid]):
            pattern = rf"(?<![A-Za-z]){letter}(?![A-Za-z])|选\s*{letter}"
            assert not re.search(pattern, q.hint), (q.qid, q.hint)


def test_answer_key_facts_spot_checked_by_hand():
    """A few answers read straight from the curriculum, against the option texts."""

    def chosen(qid):
        q = l07.BY_ID[qid]
        return {dict(q.options)[x] for x in _as_set(KEY[qid])}

    assert chosen("q05") == {"公平原则", "区别对待原则", "积极开发原则", "努力挽留原则"}
    assert chosen("q09") == {"伙伴型"} and chosen("q08") == {"基本型"}
    assert chosen("q11") == {"购买决定权 (Authority)"}
    assert chosen("q15") == {"交易数据"}
    assert "平均分配原则" not in chosen("q05")
    assert all("公开" not in x for x in chosen("q16"))


# --------------------------------------------------------------------------------------------
# the public checks: format only


@pytest.mark.parametrize("group", range(1, 7))
def test_right_answers_pass(group, capsys):
    check = getattr(l07, l07.GROUPS[group][1])
    check(**_right(group))
    out = capsys.readouterr()
    assert PASS_MARK in out.out and not out.err


@pytest.mark.parametrize("group", range(1, 7))
def test_wrong_but_well_formed_answers_also_pass_so_nothing_is_revealed(group, capsys):
    check = getattr(l07, l07.GROUPS[group][1])
    wrong = {}
    for q in l07.group_questions(group):
        key = _as_set(KEY[q.qid])
        if q.kind == l07.SINGLE:
            wrong[q.qid] = next(x for x in q.letters if x not in key)
        else:
            wrong[q.qid] = {x for x in q.letters if x not in key} | {min(key)}
    check(**wrong)
    right_out = capsys.readouterr().out
    check(**_right(group))
    assert capsys.readouterr().out == right_out  # the same words for right and wrong


def test_a_missing_variable_is_a_friendly_message():
    text = _fails(l07.q1_classify, q01="C", q02="B", q03={"A", "C"})
    assert "还没有找到变量 q04" in text


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("E", "不是这道题的一个选项"),
        ("CD", "单选题只能选一个字母"),
        (["C"], "是单选题"),
        ({"C"}, "是单选题"),
        (3, "应该是一个字母"),
        (None, "还没有填答案"),
        ("", "不是这道题的一个选项"),
    ],
)
def test_single_choice_format_mistakes(answer, problem):
    answers = {**_right(1), "q01": answer}
    text = _fails(l07.q1_classify, **answers)
    assert "q01" in text and problem in text


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("ACDE", "你写的是字符串"),
        ({"A"}, "你只选了 1 个选项"),
        ({"A", "F"}, "不是选项的 'F'"),
        ({"A", 3}, "只有字母"),
        (5, "应该是一个集合"),
    ],
)
def test_multiple_choice_format_mistakes(answer, problem):
    answers = {**_right(1), "q03": answer}
    text = _fails(l07.q1_classify, **answers)
    assert "q03" in text and problem in text
    assert "提示 (hint)" in text


def test_lenient_spelling_is_accepted(capsys):
    l07.q1_classify(q01=" c ", q02="b", q03=["a", "C", "d", "E"], q04="D")
    assert PASS_MARK in capsys.readouterr().out


def test_format_hints_do_not_suggest_a_letter():
    for q in l07.QUESTIONS:
        wrong = "Z" if q.kind == l07.SINGLE else "ZZ"
        with pytest.raises(AssertionError) as info:
            l07.check_group(q.group, {**_right(q.group), q.qid: wrong})
        hint = str(info.value).split("提示 (hint)：")[1]
        assert not re.search(r'"[A-E]"', hint), hint


# --------------------------------------------------------------------------------------------
# the practice widget


def test_static_fallback_lists_every_question_and_no_answer(monkeypatch, capsys):
    monkeypatch.setenv("CRMLAB_STATIC_WIDGETS", "1")
    assert w07.practice() is None
    out = capsys.readouterr().out
    for q in l07.QUESTIONS:
        assert f"{q.qid}（{q.kind_label}）" in out
    assert "解析" not in out and "**" not in out
    assert "第 6 组" in out
    w07.practice(group=2)
    out = capsys.readouterr().out
    assert "q05" in out and "q04" not in out
    with pytest.raises(ValueError):
        w07.practice(group=9)


def test_live_widget_gives_instant_feedback():
    import ipywidgets

    quiz = w07.PracticeQuiz()
    assert isinstance(quiz.box, ipywidgets.VBox)
    q = quiz.question
    assert q.qid == "q01" and isinstance(quiz.choices.children[0], ipywidgets.RadioButtons)
    quiz.button.click()
    assert "先选一个答案" in quiz.feedback.value
    wrong = next(x for x in q.letters if x != KEY["q01"])
    quiz.select(wrong)
    quiz.button.click()
    assert "❌" in quiz.feedback.value and "提示" in quiz.feedback.value
    assert "已经答对 0 / 20" in quiz.score.value
    quiz.choices.children[0].value = KEY["q01"]  # as a click on the radio button would
    quiz.button.click()
    assert "✅" in quiz.feedback.value and "解析" in quiz.feedback.value
    assert "已经答对 1 / 20" in quiz.score.value

    quiz.picker.value = "q03"  # a multiple-choice question: check boxes, feedback cleared
    assert quiz.feedback.value == "" and "至少有两个" in quiz.text.value
    boxes = quiz.choices.children
    assert len(boxes) == 5 and all(isinstance(b, ipywidgets.Checkbox) for b in boxes)
    boxes[0].value = True
    quiz.button.click()
    assert "❌" in quiz.feedback.value and "至少有两个正确选项" in quiz.feedback.value
    quiz.select(KEY["q03"])
    assert quiz.selected() == KEY["q03"]
    quiz.button.click()
    assert "✅" in quiz.feedback.value and "已经答对 2 / 20" in quiz.score.value


def test_live_practice_displays_the_box(monkeypatch):
    import ipywidgets

    monkeypatch.delenv("CRMLAB_STATIC_WIDGETS", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    shown = []
    monkeypatch.setattr(widgets, "_display", shown.append)
    w07.practice(group=3)
    assert len(shown) == 1 and isinstance(shown[0], ipywidgets.VBox)


# --------------------------------------------------------------------------------------------
# the hidden tests (run here without a notebook: the test cell's code, exec'd in a namespace)


def _hidden_code(grade_id: str) -> str:
    nb = nbbuild.load_lesson("07_review").notebook()
    source = next(c.source for c in nb.cells if nbbuild.nbgrader_meta(c).get("grade_id") == grade_id)
    return source.split(nbbuild.BEGIN_HIDDEN)[1].split(nbbuild.END_HIDDEN)[0]


def test_hidden_test_accepts_the_key_and_rejects_a_wrong_answer():
    code = _hidden_code("q4_man")
    ns = {"q11": "c", "q12": ["A", "C", "D"], "q13": " D "}
    exec(code, ns)  # noqa: S102 - passes
    ns = {"q11": "C", "q12": {"A", "C"}, "q13": "D"}
    with pytest.raises(AssertionError, match="隐藏测试未通过：这一组有答错的题：q12"):
        exec(code, ns)  # noqa: S102


def test_hidden_test_is_not_fooled_by_redefined_built_ins():
    class Always(str):
        def __eq__(self, other):
            return True

        def __hash__(self):
            return 0

        def strip(self, *a):
            return self

        def upper(self):
            return self

    ns = {
        "q11": Always("A"), "q12": {Always("A"), Always("B")}, "q13": Always("A"),
        "frozenset": lambda *a: 1, "isinstance": lambda *a: True, "str": Always,
        "globals": lambda: {"q11": "C", "q12": {"A", "C", "D"}, "q13": "D"},
    }
    with pytest.raises(AssertionError, match="隐藏测试未通过"):
        exec(_hidden_code("q4_man"), ns)  # noqa: S102
