"""Widget for lesson 07 综合测验 (``cl.widgets.l07``): practice questions with instant feedback.

The practice questions (:data:`PRACTICE`, on most topic groups of the quiz) are **not** the graded quiz
questions: they train the same ideas on other cases. Their answers may sit here in plain
text; the graded answers never do (they live only in the teacher's hidden tests), so neither
this widget nor the public checks can tell a student whether a quiz answer is right.

:func:`practice` shows one practice question at a time (a drop-down picks it): radio buttons for
a single-choice question, check boxes for a multiple-choice one, and a 检查 (check) button. A
right answer gets ✅ and a short explanation (解析); a wrong one gets ❌ and a hint that does
not give the letter away. A line counts the questions answered right so far. In static mode
(grading, the course build, plain Python) it only lists the practice questions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crmlab.feedback.widgets import STATIC_NOTE, show, static_mode

from .checks import GROUPS, MULTIPLE, SINGLE, Question, lettered

TITLE = "练一练：练习题（选好答案，点“检查”）"


@dataclass(frozen=True)
class PracticeQuestion(Question):
    """A practice question (not part of the graded quiz), with its answer and feedback."""

    answer: frozenset[str] = frozenset()
    hint: str = ""  # shown after a wrong try; never names the right letter
    explanation: str = ""  # shown after a right answer

    @property
    def label(self) -> str:
        return f"练习 {self.qid[1:]}"

    def is_correct(self, letters: Iterable[str]) -> bool:
        chosen = {str(x).strip().upper() for x in letters}
        if self.kind == SINGLE and len(chosen) != 1:
            return False
        return chosen == self.answer


def _p(qid, group, kind, text, options, answer, hint, explanation) -> PracticeQuestion:
    return PracticeQuestion(
        qid, group, kind, text, lettered(options), frozenset(answer), hint, explanation
    )


#: Practice questions on the topics of the quiz, on cases the quiz itself does not ask about.
PRACTICE: tuple[PracticeQuestion, ...] = (
    _p("p1", 2, SINGLE,
       "一家企业有 500 位客户，已经按利润从高到低排好。按客户金字塔，次要客户（前 1% 之后、"
       "前 20% 以内）有几位？",
       ["5 位", "100 位", "95 位", "150 位"],
       "C",
       "先分别算出前 20% 和前 1% 各到第几名，再想一想次要客户是哪一段。",
       "前 20% 到第 500 × 20% = 100 名，前 1% 到第 500 × 1% = 5 名。次要客户是第 6–100 名，"
       "一共 100 − 5 = 95 位。"),
    _p("p2", 4, SINGLE,
       "长海物流 14 位客户的营业收入合计 2000 万元，客户 1 是 590 万元。"
       "客户 1 的比重（结构相对数）是多少？",
       ["2.95%", "29.5%", "5.9%", "59%"],
       "B",
       "比重 = 部分 ÷ 总体 × 100%。先算 590 ÷ 2000，再乘 100。",
       "590 ÷ 2000 = 0.295，乘 100% 是 29.5%。"),
    _p("p3", 5, SINGLE,
       "一家工厂多年来一直稳定地、有指向地反复购买长海物流的运输服务。"
       "在“现实客户”里，它属于哪一种？",
       ["初次购买者", "重复购买者", "忠诚客户", "潜在客户"],
       "C",
       "注意“多年来”“稳定地”“反复”这几个词。",
       "现实客户里连续不断、有指向地重复购买的是忠诚客户，是企业最值得用心维护的一群客户。"
       "重复购买者只是买过两次及以上；潜在客户还没有购买过。"),
    _p("p4", 6, SINGLE,
       "长海物流规定：不论客户大小，合同里写好的服务都必须按时做到，不能为了照顾大客户"
       "而拖延小客户的货。这体现了哪条原则？",
       ["区别对待原则", "积极开发原则", "公平原则", "努力挽留原则"],
       "C",
       "关键词是“不论客户大小”和“不能为了照顾大客户”。",
       "每位客户不论大小都要重视，不能为了照顾大客户而损害小客户的利益：这是公平原则。"),
    _p("p5", 7, MULTIPLE,
       "按“客户数量 × 边际利润”矩阵，下面哪些情况适合选择**能动型**关系？",
       ["客户数量中等、边际利润低", "客户数量中等、边际利润高", "客户多、边际利润中等",
        "客户少、边际利润中等"],
       "BD",
       "用本课上面的矩阵表逐项查一查：kotler.loc[客户数量, 边际利润]。",
       "能动型在矩阵里有两格：客户数量中等、边际利润高，和客户少、边际利润中等。"
       "另外两种情况查出来都是被动型。"),
    _p("p6", 8, SINGLE,
       "一位老板正需要冷链运输，买不买也由他一个人决定，但他的公司已经欠了很多债，"
       "付不起运费。把他当作开发对象，按 MAN 原则缺的是哪一项？",
       ["购买能力 M（Money）", "购买决定权 A（Authority）", "需求 N（Need）", "什么也不缺"],
       "A",
       "他用得着，也说了算。还差哪一样？",
       "他有需求，也有决定权，但买不起：缺的是购买能力 M (Money)，MAN 三项里它最重要。"),
    _p("p7", 9, SINGLE,
       "客户的名称、地址、所在行业属于哪一类客户数据？",
       ["交易数据", "促销性数据", "竞争对手数据", "描述性数据"],
       "D",
       "三类客户数据：描述客户是谁的、记录促销活动的、记录买卖的。名称、地址、行业说的是"
       "哪一方面？",
       "说明客户“是谁”的名称、地址、行业等是描述性数据。"),
    _p("p8", 10, MULTIPLE,
       "客户丙每年带来 2 万元利润，预计一共合作 5 年（含今年）；客户丁今年带来 6 万元，"
       "明年起不再合作。不考虑折现，下面哪些说法正确？",
       ["丙 5 年合计带来 10 万元利润", "丁的终生价值比丙高", "只看今年，丁的利润比丙高",
        "丙今年只带来 2 万元，不值得维护"],
       "AC",
       "先把丙 5 年的利润加起来，再和丁比一比。",
       "丙：2 × 5 = 10 万元；丁只有今年的 6 万元。只看今年丁领先，看整个合作期丙的价值更高，"
       "所以“丁的终生价值比丙高”和“丙不值得维护”都不对。"),
)


def _plain(text: str) -> str:
    return text.replace("**", "")


def _html(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(text))


def question_text(q: Question, number: bool = True) -> str:
    """The question and its options as plain text."""
    name = q.label if isinstance(q, PracticeQuestion) else q.qid
    head = f"{name}（{q.kind_label}）" if number else f"（{q.kind_label}）"
    lines = [f"{head}{_plain(q.text)}"]
    lines += [f"    {letter}. {option}" for letter, option in q.options]
    return "\n".join(lines)


def question_list(questions: Sequence[Question] = PRACTICE) -> str:
    """All questions, grouped by topic, as plain text (the static fallback)."""
    out = []
    group = None
    for q in questions:
        if q.group != group:
            group = q.group
            out.append(f"\n第 {group} 组：{GROUPS[group]}")
        out.append(question_text(q))
    return "\n".join(out).strip("\n")


class PracticeQuiz:
    """The live widget: its controls are attributes so they can be driven from code."""

    def __init__(self, questions: Sequence[PracticeQuestion] = PRACTICE) -> None:
        import ipywidgets as w

        if not all(isinstance(q, PracticeQuestion) for q in questions):
            raise TypeError("PracticeQuiz 只能用练习题 (PracticeQuestion)，不能用测验的题目。")
        self._w = w
        self.questions = {q.qid: q for q in questions}
        self.right: set[str] = set()
        self.picker = w.Dropdown(
            options=[
                (f"{q.label}（{q.kind_label}）{GROUPS[q.group].split(' (')[0]}", q.qid)
                for q in questions
            ],
            value=questions[0].qid,
            description="练习题",
            layout=w.Layout(width="max-content"),
        )
        self.text = w.HTML()
        self.choices = w.VBox()
        self.button = w.Button(description="检查", button_style="primary", icon="check")
        self.feedback = w.HTML()
        self.score = w.HTML()
        self.box = w.VBox([
            w.HTML(f"<b>{html.escape(TITLE)}</b>"),
            self.picker, self.text, self.choices, self.button, self.feedback, self.score,
        ])
        self.picker.observe(self._show, names="value")
        self.button.on_click(self._check)
        self._show()

    @property
    def question(self) -> PracticeQuestion:
        return self.questions[self.picker.value]

    def _show(self, change=None) -> None:
        w = self._w
        q = self.question
        self.text.value = f"<p>{_html(q.text)}</p>"
        if q.kind == MULTIPLE:
            self.text.value += "<p><i>（多选：至少有两个正确选项）</i></p>"
            boxes = [
                w.Checkbox(value=False, description=f"{letter}. {option}", indent=False,
                           layout=w.Layout(width="auto"))
                for letter, option in q.options
            ]
            self.choices.children = boxes
        else:
            radio = w.RadioButtons(
                options=[(f"{letter}. {option}", letter) for letter, option in q.options],
                value=None, layout=w.Layout(width="auto"),
            )
            self.choices.children = [radio]
        self.feedback.value = ""
        self._score()

    def selected(self) -> set[str]:
        """The letters chosen now."""
        q = self.question
        if q.kind == MULTIPLE:
            return {
                letter for (letter, _), box in zip(q.options, self.choices.children) if box.value
            }
        value = self.choices.children[0].value
        return {value} if value else set()

    def select(self, letters: str | Sequence[str]) -> None:
        """Choose these letters (as a student would click them)."""
        chosen = {letters} if isinstance(letters, str) else set(letters)
        q = self.question
        if q.kind == MULTIPLE:
            for (letter, _), box in zip(q.options, self.choices.children):
                box.value = letter in chosen
        else:
            self.choices.children[0].value = next(iter(chosen)) if chosen else None

    def _score(self) -> None:
        self.score.value = (
            f"<p>已经答对 {len(self.right)} / {len(self.questions)} 道练习题。</p>"
        )

    def _check(self, button=None) -> None:
        q = self.question
        chosen = self.selected()
        if not chosen:
            self.feedback.value = "<p>先选一个答案，再点“检查”。</p>"
            return
        if q.is_correct(chosen):
            self.right.add(q.qid)
            self.feedback.value = (
                f"<p>✅ 答对了！</p><p>解析：{html.escape(q.explanation)}</p>"
            )
        else:
            extra = ""
            if q.kind == MULTIPLE and len(chosen) < 2:
                extra = "多选题至少有两个正确选项。"
            self.feedback.value = (
                f"<p>❌ 还不对，再想一想。{extra}</p><p>提示：{html.escape(q.hint)}</p>"
            )
        self._score()


def practice(group: int | None = None) -> None:
    """Practise on the practice questions (all of them, or those of quiz ``group``) with
    instant feedback. The graded quiz questions are not in it.

    Live: displays a :class:`PracticeQuiz`. Static mode: prints the practice questions.
    """
    questions = [q for q in PRACTICE if group is None or q.group == group]
    if not questions:
        groups = "、".join(str(g) for g in sorted({q.group for q in PRACTICE}))
        raise ValueError(f"第 {group} 组没有练习题 (no practice question): 有练习题的组是 {groups}")
    if static_mode():
        print(f"【{TITLE}】")
        print(STATIC_NOTE)
        print(question_list(questions))
        return
    show(PracticeQuiz(questions).box)
