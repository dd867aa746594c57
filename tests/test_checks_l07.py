"""Lesson 07 综合测验: the strict format checks (one per question), the practice widget (static
and live), and that the answer key of the graded questions never reaches the student packages
``crmlab`` and ``crmcourse``."""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import itertools
import re
import types
from pathlib import Path

import IPython
import pytest

from crmcourse.l07_review import checks as l07
from crmcourse.l07_review import widgets as w07
from crmlab.feedback import widgets
from crmlab.feedback.checks import FAIL_MARK, PASS_MARK
from crmlab.teacher.hidden import load_lesson

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "crmlab"
COURSE = ROOT / "crmcourse"
SOURCES = {
    p: p.read_text(encoding="utf-8")
    for p in sorted([*PACKAGE.rglob("*.py"), *COURSE.rglob("*.py")])
}

#: The answer key, read from the teacher's hidden tests (never from the package).
HIDDEN = load_lesson(ROOT / "grading", "07_review")
KEY = HIDDEN.KEY


def _as_set(answer) -> set[str]:
    return {answer} if isinstance(answer, str) else set(answer)


def _formatted(q) -> object:
    """An answer in the right format (not necessarily right): "A", or {"A", "B"}."""
    return "A" if q.kind == l07.SINGLE else {"A", "B"}


def _check(qid: str):
    return getattr(l07, qid)


def _fails(qid: str, answer) -> str:
    with pytest.raises(AssertionError) as info:
        _check(qid)(answer)
    text = str(info.value)
    assert FAIL_MARK in text
    return text


# --------------------------------------------------------------------------------------------
# the question bank


def test_thirty_questions_in_ten_groups_with_both_kinds():
    assert [q.qid for q in l07.QUESTIONS] == [f"q{i:02d}" for i in range(1, 31)]
    assert set(l07.BY_ID) == set(KEY)
    assert sorted({q.group for q in l07.QUESTIONS}) == list(range(1, 11)) == sorted(l07.GROUPS)
    assert {q.kind for q in l07.QUESTIONS} == {l07.SINGLE, l07.MULTIPLE}
    for q in l07.QUESTIONS:
        assert len(q.options) >= 4 and q.text
        assert q.letters == tuple("ABCDEFG"[: len(q.options)])
        assert callable(getattr(l07, q.qid))  # one public check per question


def test_the_quiz_covers_the_core_tiering_lessons():
    """Groups 1-4 review lessons 01-06: definition, purposes, conditions, indicators, the
    pyramid, RFM, ABC and the share (结构相对数)."""
    text = "\n".join(q.text + "".join(o for _, o in q.options) for q in l07.QUESTIONS)
    for term in ("客户分级", "目的", "条件", "指标", "客户金字塔", "RFM", "ABC", "结构相对数"):
        assert term in text, term


def test_the_lesson_prints_the_questions_of_the_bank():
    """The quiz in the text lesson shows the same texts and options the checks know."""
    text = (ROOT / "lessons" / "07_review" / "07_review.py").read_text(encoding="utf-8")
    for q in l07.QUESTIONS:
        assert f"# **{q.qid}**（{q.kind_label}）{q.text}\n" in text, q.qid
        block = text.split(f"# **{q.qid}**", 1)[1].split("# %%", 1)[0]
        options = re.findall(r"^# - ([A-G])\. (.+)$", block, flags=re.M)
        assert tuple(options) == q.options, q.qid
        assert f"checks.{q.qid}()" in text


def test_no_text_uses_corner_brackets():
    for path in (COURSE / "l07_review" / "checks.py", COURSE / "l07_review" / "widgets.py",
                 ROOT / "grading" / "hidden" / "l07_review.py",
                 ROOT / "lessons" / "07_review" / "07_review.py"):
        text = path.read_text(encoding="utf-8")
        assert "「" not in text and "」" not in text, path.name


def test_graded_questions_carry_text_and_options_only():
    fields = [f.name for f in dataclasses.fields(l07.Question)]
    assert fields == ["qid", "group", "kind", "text", "options"]
    q = l07.BY_ID["q01"]
    for name in ("answer", "digest", "hint", "explanation", "is_correct", "key"):
        assert not hasattr(q, name), name
    assert not hasattr(l07, "answer_digest") and not hasattr(l07, "KEY")


# --------------------------------------------------------------------------------------------
# the graded key never reaches the package


def test_the_l07_modules_do_no_hashing():
    for path in (COURSE / "l07_review" / "checks.py", COURSE / "l07_review" / "widgets.py"):
        text = SOURCES[path]
        for word in ("hashlib", "hmac", "digest", "sha256", "md5", "base64", "codecs"):
            assert word not in text, (path.name, word)


def _answer_forms(qid: str, key) -> set[str]:
    letters = sorted(_as_set(key))
    forms = set()
    for joined in ("".join(letters), ",".join(letters), " ".join(letters), "|".join(letters)):
        for text in (joined, joined.lower()):
            forms |= {text, f"{qid}:{text}", f"{qid}={text}", f"crmlab-l07-review:{qid}:{text}"}
    return forms


def test_no_file_in_the_package_holds_a_digest_of_a_graded_answer():
    algorithms = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s",
                  "sha3_256", "sha3_512"]
    package = "\n".join(SOURCES.values()).lower()
    checked = 0
    for qid, key in KEY.items():
        for form in _answer_forms(qid, key):
            for name in algorithms:
                prefix = hashlib.new(name, form.encode()).hexdigest()[:12]
                assert prefix not in package, (qid, name, form)
                checked += 1
    assert checked > 1000
    # the digest the practice widget used to carry for q01
    old = hashlib.sha256(b"crmlab-l07-review:q01:" + _letters_of("q01").encode()).hexdigest()
    assert old[:16] not in package


def _letters_of(qid: str) -> str:
    return "".join(sorted(_as_set(KEY[qid])))


def _literal_letters(node: ast.AST) -> frozenset[str] | None:
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(value, str):
        return frozenset([value.strip().upper()])
    if isinstance(value, (set, frozenset, list, tuple)) and all(isinstance(x, str) for x in value):
        return frozenset(x.strip().upper() for x in value)
    return None


def test_no_file_in_the_package_holds_the_key():
    """No ``q01 = "C"``-style assignment, no dict from question ids to their right answers, and
    no ``"q01": "C"`` text anywhere under crmlab/."""
    key = {qid: frozenset(_as_set(v)) for qid, v in KEY.items()}
    for path, text in SOURCES.items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id in key:
                        assert _literal_letters(node.value) != key[target.id], (path, target.id)
            if isinstance(node, ast.Dict):
                hits = [
                    k.value
                    for k, v in zip(node.keys, node.values)
                    if isinstance(k, ast.Constant) and k.value in key
                    and _literal_letters(v) == key[k.value]
                ]
                assert not hits, (path, hits)
        for qid, letters in key.items():
            pattern = rf"""\b{qid}["']?\s*[:=]\s*(["'][A-Ga-g]["']|[{{\[(][^}}\])]*[}}\])])"""
            for m in re.finditer(pattern, text):
                found = _literal_letters(ast.parse(m[1], mode="eval").body)
                assert found != letters, (path, m[0])


def _string_constants(text: str) -> list[str]:
    return [n.value for n in ast.walk(ast.parse(text))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_no_file_in_the_package_holds_the_teachers_explanations():
    strings = [s for text in SOURCES.values() for s in _string_constants(text)]
    assert set(HIDDEN.EXPLANATIONS) == set(KEY)
    for qid, explanation in HIDDEN.EXPLANATIONS.items():
        first = re.split("[。；]", explanation)[0]
        assert len(first) >= 10
        assert not any(first in s for s in strings), qid
    model = HIDDEN.CASE_STUDY.split("\n\n")[1]  # the first paragraph of the case study answer
    assert not any(model[:30] in s for s in strings)


@pytest.mark.parametrize("qid", list(KEY))
def test_the_checks_say_the_same_for_every_well_formed_answer(qid, capsys):
    """The public check cannot be used to find the key: every combination of options, right
    or wrong, gets exactly the same words."""
    q = l07.BY_ID[qid]
    check = _check(qid)
    check(_formatted(q))
    expected = capsys.readouterr().out
    assert PASS_MARK in expected and "只检查格式" in expected and qid in expected
    sizes = [1] if q.kind == l07.SINGLE else range(2, len(q.letters) + 1)
    for n in sizes:
        for combo in itertools.combinations(q.letters, n):
            check(combo[0] if q.kind == l07.SINGLE else set(combo))
            assert capsys.readouterr().out == expected, (qid, combo)
    check(KEY[qid])
    assert capsys.readouterr().out == expected


def test_the_practice_widget_has_no_graded_question():
    graded = {q.text for q in l07.QUESTIONS} | {q.qid for q in l07.QUESTIONS}
    assert len(w07.PRACTICE) >= 4
    for p in w07.PRACTICE:
        assert isinstance(p, w07.PracticeQuestion)
        assert p.text not in graded and p.qid not in graded
        assert p.options not in {q.options for q in l07.QUESTIONS if q.text == p.text}
    with pytest.raises(TypeError, match="练习题"):
        w07.PracticeQuiz(l07.QUESTIONS)


# --------------------------------------------------------------------------------------------
# the public checks: format only


@pytest.mark.parametrize("qid", list(KEY))
def test_well_formed_answers_pass(qid, capsys):
    _check(qid)(_formatted(l07.BY_ID[qid]))
    out = capsys.readouterr()
    assert PASS_MARK in out.out and not out.err


def test_the_check_reads_the_notebook_variable(monkeypatch, capsys):
    from crmlab.feedback import checks as framework

    monkeypatch.setattr(framework, "_user_ns", lambda: {"q01": "B", "q02": ["A", "C"]})
    l07.q01()
    assert PASS_MARK in capsys.readouterr().out
    with pytest.raises(AssertionError, match="列表"):
        l07.q02()


def test_a_missing_variable_is_a_friendly_message(monkeypatch):
    from crmlab.feedback import checks as framework

    monkeypatch.setattr(framework, "_user_ns", lambda: {"q01": "B"})
    with pytest.raises(AssertionError) as info:
        l07.q04()
    assert "还没有找到变量 q04" in str(info.value)


#: Each format mistake a beginner makes, the words of the problem it must get, and the words
#: of its hint. Single choice: q01 (options A-D); multiple choice: q03 (options A-E).
SINGLE_MISTAKES = [
    ("b", "是小写字母", 'q01 = "B"'),
    (" B", "多余的空格", "不要空格"),
    ("AC", "只能选一个字母", "只留下一个选项"),
    ("A,C", "只能选一个字母", "只留下一个选项"),
    ("E", "不是这道题的选项", "选项是 A、B、C、D"),
    ("", "不是这道题的选项", "选项是 A、B、C、D"),
    ("选B", "不是这道题的选项", "选项是 A、B、C、D"),
    (["B"], "写成了列表 (list)", "不要花括号或方括号"),
    ({"B"}, "写成了集合 (set)", "不要花括号或方括号"),
    (2, "是数字", "要写选项的字母"),
    (True, "是数字", "要写选项的字母"),
    (None, "还没有填答案", "单选题"),
    # a Chinese input method: full-width letters
    ("Ｂ", "全角字母", "切换成英文（半角）"),
    # the words of an option instead of its letter
    ("只给大客户提供服务，其他客户一律放弃", "写的是选项的内容", 'q01 = "C"'),
]

MULTIPLE_MISTAKES = [
    ("ACD", "一个字符串", "每个字母单独加引号"),
    ("A,C,D", "一个字符串", "每个字母单独加引号"),
    (["A", "C"], "列表 (list)", "换成花括号"),
    (("A", "C"), "元组 (tuple)", "换成花括号"),
    ({"a", "c"}, "小写字母", "改成 'A'"),
    ({"A", "c"}, "小写字母", "改成 'C'"),
    ({"A,C"}, "一个引号里只能写一个字母", "每个字母单独加引号"),
    ({"A", " C"}, "多余的空格", "不要空格"),
    ({"A", "F"}, "不是选项的 'F'", "选项是 A、B、C、D、E"),
    ({"A"}, "只选了 1 个选项", "至少有两个正确选项"),
    (set(), "只选了 0 个选项", "至少有两个正确选项"),
    ({"A", 3}, "只有字母", "每个字母都要加引号"),
    ({"A": 1, "C": 1}, "字典 (dict)", "不要冒号"),
    (5, "是数字", "要写选项的字母"),
    (None, "还没有填答案", "多选题"),
    ({"Ａ", "Ｃ"}, "全角字母", "切换成英文（半角）"),
    ("ＡＣ", "全角字母", "切换成英文（半角）"),
    ("A", "只写了一个字母", "至少有两个正确选项"),
    ({}, "空字典", "写进花括号"),
    ({"A", "客户之间存在价值差异"}, "写的是选项的内容", "是选项 B"),
    ("客户之间存在价值差异", "写的是选项的内容", "是选项 B"),
]


@pytest.mark.parametrize(("answer", "problem", "hint"), SINGLE_MISTAKES)
def test_single_choice_format_mistakes(answer, problem, hint):
    text = _fails("q01", answer)
    assert "q01" in text and problem in text.split("提示 (hint)")[0]
    shown = text.split("提示 (hint)：")[1]
    assert hint in shown
    assert 'q01 = "' in shown or "不要空格" in shown  # the hint shows the right format
    # the message is the one for this mistake, not another mistake's
    others = {p for _, p, _ in SINGLE_MISTAKES if p != problem}
    assert not any(o in text for o in others), text


@pytest.mark.parametrize(("answer", "problem", "hint"), MULTIPLE_MISTAKES)
def test_multiple_choice_format_mistakes(answer, problem, hint):
    text = _fails("q03", answer)
    assert "q03" in text and problem in text.split("提示 (hint)")[0]
    assert hint in text.split("提示 (hint)：")[1]
    others = {p for _, p, _ in MULTIPLE_MISTAKES if p != problem}
    assert not any(o in text for o in others), text


def test_the_reader_s_answers_get_their_own_hint():
    """The slips a student reader made, each with the hint meant for it."""
    text = _fails("q22", "被动型")
    assert "写的是选项的内容" in text and 'q22 = "B"' in text and "不是这道题的选项" not in text
    for qid, words in (("q11", "重要价值客户"), ("q26", "交易数据"), ("q15", "B 类")):
        assert "写的是选项的内容" in _fails(qid, words), qid
    text = _fails("q19", {"公平原则", "区别对待原则"})
    assert "写的是选项的内容" in text and "一个引号里只能写一个字母" not in text
    text = _fails("q05", "Ｂ")
    assert "全角字母" in text and "半角" in text and "不是这道题的选项" not in text
    text = _fails("q02", "A")
    assert "只写了一个字母" in text and "不要把字母连在一个引号里" not in text
    text = _fails("q02", {})
    assert "空字典" in text and "冒号" not in text
    # other mistakes keep their own message
    assert "不是这道题的选项" in _fails("q22", "E")
    assert "不是这道题的选项" in _fails("q22", "选B")
    assert "不要把字母连在一个引号里" in _fails("q02", "AB")
    assert "不要冒号" in _fails("q02", {"A": 1, "B": 2})
    assert "全角" not in _fails("q05", "b") and "全角" not in _fails("q05", "E")


@pytest.mark.parametrize("qid", list(KEY))
def test_an_option_s_words_get_that_option_s_letter(qid):
    """Writing the words of an option instead of its letter names that option's letter (the
    student's own choice, never the right one)."""
    q = l07.BY_ID[qid]
    for letter, words in q.options:
        answers = [words, f"{letter}. {words}"]
        if q.kind == l07.MULTIPLE:
            answers.append({words, "A"})
        for answer in answers:
            text = _fails(qid, answer)
            assert "写的是选项的内容" in text, (qid, answer)
            assert f"是选项 {letter}" in text, (qid, answer)


@pytest.mark.parametrize("qid", list(KEY))
def test_every_wrong_format_shows_the_right_format(qid):
    q = l07.BY_ID[qid]
    wrong = "a" if q.kind == l07.MULTIPLE else ["A"]
    text = _fails(qid, wrong)
    if q.kind == l07.SINGLE:
        assert f'{qid} = "X"' in text
    else:
        assert f'{qid} = {{"X", "Y"}}' in text


def test_only_capital_letters_and_sets_pass(capsys):
    """The format the lesson teaches is the only one that passes: no lenient spellings."""
    for value in ("c", " C ", ["C"]):
        _fails("q01", value)
    for value in (["A", "C", "D"], {"a", "c", "d"}, "ACD", ("A", "C")):
        _fails("q03", value)
    l07.q01("C")
    l07.q03({"A", "C", "D"})
    l07.q03(frozenset({"E", "A"}))
    assert capsys.readouterr().out.count(PASS_MARK) == 3


#: An answer cell of the student notebook as run: its comment line, then the student's code.
ANSWER_CELL = '# 单选题：写一个大写字母，加引号，例如 {qid} = "X"（X 换成你选的字母）。\n{name} = "B"'

#: A missing variable after the typical slips of this quiz: (question, namespace, last error
#: and the source of its cell, the words the problem must have or None for the general message).
MISSING_CASES = [
    ("q05", {}, (SyntaxError("invalid character '“' (U+201C)"), 'q05 = “B”'), "中文的符号 “"),
    ("q09", {}, (SyntaxError("invalid character '，' (U+FF0C)"), 'q09 = {"A"，"B"}'),
     "中文的符号 ，"),
    ("q01", {}, (NameError("name 'B' is not defined"), "q01 = B"), "字母 B 没有加引号"),
    ("q02", {}, (NameError("name 'A' is not defined"), "q02 = {A, C}"), "字母 A 没有加引号"),
    ("q07", {"q7": "D"}, None, "你定义的是 q7"),
    ("q07", {"Q07": "D"}, None, "你定义的是 Q07"),
    ("q10", {"q1O": "A", "q01": "B"}, None, "你定义的是 q1O"),
    # the answer of q22 written into q21 (the answer cell keeps its “例如 q22 = ” line)
    ("q22", {"q21": "B", "_ih": ["", ANSWER_CELL.format(qid="q22", name="q21")]}, None,
     "存进了 q21"),
    ("q23", {"_ih": [ANSWER_CELL.format(qid="q23", name="q32")]}, None, "你定义的是 q32"),
    # not these slips: the general message of the framework applies
    ("q01", {}, (NameError("name 'answer' is not defined"), "q01 = answer"), None),
    ("q01", {}, (SyntaxError("unterminated string literal"), 'q01 = "B'), None),
    ("q07", {}, (NameError("name 'B' is not defined"), "q08 = B"), None),  # another cell
    ("q07", {"q70": "D", "q17": "B"}, None, None),
    ("q22", {"q21": "B", "_ih": ["", ANSWER_CELL.format(qid="q21", name="q21")]}, None, None),
    ("q22", {"q21": "B", "_ih": ["", ANSWER_CELL.format(qid="q22", name="q22")]}, None, None),
]


@pytest.mark.parametrize(("qid", "ns", "last", "words"), MISSING_CASES)
def test_a_missing_answer_names_the_slip(qid, ns, last, words):
    problem = l07.missing_problem(qid, ns, last)
    if words is None:
        assert problem is None
        return
    assert words in problem[0]
    hint = problem[1]
    assert f"{qid} = " in hint  # the hint shows the right format
    others = {w for _, _, _, w in MISSING_CASES if w and w != words}
    assert not any(o in problem[0] for o in others)


def test_a_near_name_and_a_wrong_variable_say_what_to_do():
    problem, hint = l07.missing_problem("q10", {"q1O": "A"}, None)
    assert "字母 O" in hint and "q10 = " in hint
    problem, hint = l07.missing_problem("q07", {"q7": "A"}, None)
    assert "字母 O" not in hint
    cell = ANSWER_CELL.format(qid="q22", name="q21")
    problem, hint = l07.missing_problem("q22", {"q21": "B", "_ih": [cell, "checks.q22()"]}, None)
    assert "第 22 题的答案单元格" in problem
    assert "改成 q22" in hint and "回到第 21 题" in hint  # q21's own answer was overwritten


def test_the_check_reports_the_slip_from_the_last_error(monkeypatch):
    from crmlab.feedback import checks as framework
    from crmlab.feedback import errors

    monkeypatch.setattr(framework, "_user_ns", dict)
    monkeypatch.setattr(errors, "_LAST", [(NameError("name 'C' is not defined"), "q24 = C")])
    with pytest.raises(AssertionError) as info:
        l07.q24()
    assert "字母 C 没有加引号" in str(info.value) and 'q24 = "X"' in str(info.value)
    monkeypatch.setattr(errors, "_LAST", [])
    with pytest.raises(AssertionError) as info:
        l07.q24()
    assert "还没有找到变量 q24" in str(info.value)


#: A second reader's slips while an older value of the variable still exists: (question, the
#: code in its answer cell, the value the variable has, words of the problem, words of the hint).
CELL_CASES = [
    ("q24", 'q24 = "C" and "D"', "D", "用了 and", "单选题只写一个字母"),
    ("q06", 'q06 = "C" or "D"', "C", "用了 or", "单选题只写一个字母"),
    ("q02", 'q02 = "A" and "B"', "B", "用了 and", "放进一个集合"),
    ("q10", 'q10 = print("A")', None, "存进变量的是 None", "不用 print"),
    ("q01", 'q1 = "B"', "A", "写的是 q1，不是 q01", "一字不差"),
    ("q11", 'Q11 = "C"', "A", "写的是 Q11，不是 q11", "一字不差"),
    ("q09", 'q9 = {"A", "B"}', {"C", "D"}, "写的是 q9，不是 q09", "一字不差"),
    ("q01", 'q01 == "B"', "A", "两个等号是比较", "只用一个等号"),
    ("q13", 'q12 = "D"', "A", "给 q12 赋了值，没有给 q13 赋值", "回到第 12 题"),
]


def _cell(qid: str, code: str) -> str:
    return ANSWER_CELL.format(qid=qid, name=qid).rsplit("\n", 1)[0] + "\n" + code


@pytest.mark.parametrize(("qid", "code", "value", "problem", "hint"), CELL_CASES)
def test_the_latest_answer_cell_is_read_before_an_old_value(qid, code, value, problem, hint,
                                                            monkeypatch):
    from crmlab.feedback import checks as framework

    ns = {qid: value, "_ih": ["", _cell(qid, code), f"checks.{qid}()"]}
    monkeypatch.setattr(framework, "_user_ns", lambda: ns)
    with pytest.raises(AssertionError) as info:
        _check(qid)()
    text = str(info.value)
    assert problem in text.split("提示 (hint)")[0] and hint in text.split("提示 (hint)：")[1]
    assert f"{qid} = " in text.split("提示 (hint)：")[1]  # the hint shows the right format
    others = {p for _, _, _, p, _ in CELL_CASES if p != problem}
    assert not any(o in text for o in others), text


def test_a_sound_answer_cell_leaves_the_value_to_the_format_check(monkeypatch, capsys):
    """Neighbouring cells that are fine: the check judges the value as before."""
    from crmlab.feedback import checks as framework

    for qid, code, value in (("q24", 'q24 = "C"', "C"), ("q13", 'q13 = "D"  # q12 = "A"', "D"),
                             ("q02", 'q02 = {"A", "B"}', {"A", "B"}),
                             ("q13", 'q13, q14 = "D", "A"', "D"),
                             ("q01", 'q01 = "B"\nprint(q01 == "B")', "B")):
        ns = {qid: value, "_ih": [_cell(qid, code)]}
        monkeypatch.setattr(framework, "_user_ns", lambda ns=ns: ns)
        _check(qid)()
        assert PASS_MARK in capsys.readouterr().out, code
    # a print in the cell of another question is not this question's slip
    ns = {"q10": None, "_ih": [_cell("q09", 'q10 = print("A")')]}
    monkeypatch.setattr(framework, "_user_ns", lambda: ns)
    text = _fails_here("q10")
    assert "还没有填答案" in text and "print" not in text
    # a wrong format after a sound cell still gets its format message
    ns = {"q05": "B.", "_ih": [_cell("q05", 'q05 = "B."')]}
    monkeypatch.setattr(framework, "_user_ns", lambda: ns)
    assert "标点符号" in _fails_here("q05")


def _fails_here(qid: str) -> str:
    with pytest.raises(AssertionError) as info:
        _check(qid)()
    return str(info.value)


def test_the_second_reader_s_format_slips():
    # q15 = "B",  (a trailing comma makes a tuple)
    text = _fails("q15", ("B",))
    assert "多了一个逗号" in text and "去掉字母后面的逗号" in text
    assert "花括号" not in text and "方括号" not in text
    # q09 = "A", "B", "C"  (a tuple without brackets)
    text = _fails("q09", ("A", "B", "C"))
    assert "元组 (tuple)" in text and "不加花括号" in text and "放进花括号 { }" in text
    assert "方括号" not in text
    assert "把方括号换成花括号" in _fails("q09", ["A", "B"])  # a list keeps its hint
    # q05 = "B."  (the letter with a dot)
    for answer in ("B.", "B。", "(B)", "b."):
        text = _fails("q05", answer)
        assert "标点符号" in text and 'q05 = "B"' in text and "不是这道题的选项" not in text
    for answer in ("E.", "选B", "BC"):
        assert "标点符号" not in _fails("q05", answer), answer
    # a single choice written as a list or a set keeps its own hint
    assert "不要花括号或方括号" in _fails("q15", ["B"])


def test_format_hints_do_not_suggest_a_letter():
    for q in l07.QUESTIONS:
        wrong = "Z" if q.kind == l07.SINGLE else "ZZ"
        hint = _fails(q.qid, wrong).split("提示 (hint)：")[1]
        assert not re.search(r'"[A-E]"', hint), hint


# --------------------------------------------------------------------------------------------
# the practice widget


def test_practice_questions_cover_the_topics_with_both_kinds():
    groups = [p.group for p in w07.PRACTICE]
    assert groups == sorted(groups) and set(groups) <= set(l07.GROUPS)
    assert {2, 4} <= set(groups)  # the core lessons have practice with numbers too
    assert {p.kind for p in w07.PRACTICE} == {l07.SINGLE, l07.MULTIPLE}
    for p in w07.PRACTICE:
        assert p.text and p.hint and p.explanation and len(p.options) >= 4
        assert p.answer <= set(p.letters)
        if p.kind == l07.SINGLE:
            assert len(p.answer) == 1
        else:
            assert 2 <= len(p.answer) < len(p.options)


def test_practice_answers_accept_exactly_their_key():
    for p in w07.PRACTICE:
        assert p.is_correct(p.answer) and p.is_correct({x.lower() for x in p.answer})
        for n in range(1, len(p.letters) + 1):
            for combo in itertools.combinations(p.letters, n):
                assert p.is_correct(combo) == (set(combo) == p.answer), (p.qid, combo)


def test_practice_answers_worked_out_by_hand():
    def chosen(qid):
        p = next(x for x in w07.PRACTICE if x.qid == qid)
        return {dict(p.options)[x] for x in p.answer}

    # the Kotler matrix of the lesson: rows = number of customers, columns = margin
    kotler = {
        "多": {"低": "基本型", "中等": "被动型", "高": "负责型"},
        "数量中等": {"低": "被动型", "中等": "负责型", "高": "能动型"},
        "少": {"低": "负责型", "中等": "能动型", "高": "伙伴型"},
    }
    p5 = next(x for x in w07.PRACTICE if x.qid == "p5")
    active = set()
    for _, option in p5.options:
        m = re.fullmatch(r"客户(多|数量中等|少)、边际利润(低|中等|高)", option)
        if kotler[m[1]][m[2]] == "能动型":
            active.add(option)
    assert chosen("p5") == active and len(active) == 2
    customers = 500  # p1: ranks 1-5 are the top 1%, ranks 1-100 the top 20%
    assert chosen("p1") == {f"{customers * 20 // 100 - customers * 1 // 100} 位"} == {"95 位"}
    assert chosen("p2") == {f"{590 / 2000 * 100:.1f}%"} == {"29.5%"}
    assert chosen("p3") == {"忠诚客户"} and chosen("p4") == {"公平原则"}
    assert chosen("p6") == {"购买能力 M（Money）"} and chosen("p7") == {"描述性数据"}
    bing_a_year, years, ding = 2, 5, 6  # 丙 every year for 5 years; 丁 this year only
    true = {
        "丙 5 年合计带来 10 万元利润": bing_a_year * years == 10,
        "丁的终生价值比丙高": ding > bing_a_year * years,
        "只看今年，丁的利润比丙高": ding > bing_a_year,
        "丙今年只带来 2 万元，不值得维护": False,  # its lifetime value is the higher one
    }
    assert chosen("p8") == {text for text, ok in true.items() if ok}


def test_practice_hints_never_name_the_right_letter():
    for p in w07.PRACTICE:
        for letter in p.answer:
            pattern = rf"(?<![A-Za-z]){letter}(?![A-Za-z])|选\s*{letter}"
            assert not re.search(pattern, p.hint), (p.qid, p.hint)


def test_static_fallback_lists_the_practice_questions_and_no_answer(monkeypatch, capsys):
    monkeypatch.setenv("CRMLAB_STATIC_WIDGETS", "1")
    assert w07.practice() is None
    out = capsys.readouterr().out
    for p in w07.PRACTICE:
        assert f"{p.label}（{p.kind_label}）" in out and p.text.replace("**", "") in out
    for q in l07.QUESTIONS:
        assert q.text.replace("**", "") not in out
    assert "解析" not in out and "提示" not in out and "**" not in out
    assert "第 6 组" in out and "「" not in out
    w07.practice(group=4)
    out = capsys.readouterr().out
    assert "练习 2" in out and "练习 1" not in out
    for group in (1, 3, 11):  # no practice question in these groups
        with pytest.raises(ValueError, match="没有练习题"):
            w07.practice(group=group)


def test_live_widget_gives_instant_feedback():
    import ipywidgets

    quiz = w07.PracticeQuiz()
    assert isinstance(quiz.box, ipywidgets.VBox)
    total = len(w07.PRACTICE)
    q = quiz.question
    assert q.qid == "p1" and isinstance(quiz.choices.children[0], ipywidgets.RadioButtons)
    quiz.button.click()
    assert "先选一个答案" in quiz.feedback.value
    right = next(iter(q.answer))
    wrong = next(x for x in q.letters if x != right)
    quiz.select(wrong)
    quiz.button.click()
    assert "❌" in quiz.feedback.value and "提示" in quiz.feedback.value
    assert f"已经答对 0 / {total}" in quiz.score.value
    quiz.choices.children[0].value = right  # as a click on the radio button would
    quiz.button.click()
    assert "✅" in quiz.feedback.value and "解析" in quiz.feedback.value
    assert f"已经答对 1 / {total}" in quiz.score.value

    quiz.picker.value = "p5"  # a multiple-choice question: check boxes, feedback cleared
    q = quiz.question
    assert q.kind == l07.MULTIPLE
    assert quiz.feedback.value == "" and "至少有两个" in quiz.text.value
    boxes = quiz.choices.children
    assert len(boxes) == len(q.options) and all(isinstance(b, ipywidgets.Checkbox) for b in boxes)
    boxes[0].value = True
    quiz.button.click()
    assert "❌" in quiz.feedback.value and "至少有两个正确选项" in quiz.feedback.value
    quiz.select(q.answer)
    assert quiz.selected() == set(q.answer)
    quiz.button.click()
    assert "✅" in quiz.feedback.value and f"已经答对 2 / {total}" in quiz.score.value


def test_live_practice_displays_the_box(monkeypatch):
    import ipywidgets

    monkeypatch.delenv("CRMLAB_STATIC_WIDGETS", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    shown = []
    monkeypatch.setattr(widgets, "_display", shown.append)
    w07.practice(group=7)
    assert len(shown) == 1 and isinstance(shown[0], ipywidgets.VBox)
