"""Widget for lesson 07 综合测验 (``cl.widgets.l07``): practise the quiz questions with instant
feedback.

:func:`practice` shows one question at a time (a drop-down picks it): radio buttons for a
single-choice question, check boxes for a multiple-choice one, and a 检查 (check) button. A
right answer gets ✅ and a short explanation (解析); a wrong one gets ❌ and a hint that does
not give the letter away. A line counts the questions answered right so far. In static mode
(grading, the course build, plain Python) it only lists the questions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from ..checks.l07_review import GROUPS, MULTIPLE, QUESTIONS, Question
from . import STATIC_NOTE, show, static_mode

TITLE = "练一练：综合测验的题目（选好答案，点「检查」）"


def _plain(text: str) -> str:
    return text.replace("**", "")


def _html(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(text))


def question_text(q: Question, number: bool = True) -> str:
    """The question and its options as plain text."""
    head = f"{q.qid}（{q.kind_label}）" if number else f"（{q.kind_label}）"
    lines = [f"{head}{_plain(q.text)}"]
    lines += [f"    {letter}. {option}" for letter, option in q.options]
    return "\n".join(lines)


def question_list(questions: Sequence[Question] = QUESTIONS) -> str:
    """All questions, grouped by topic, as plain text (the static fallback)."""
    out = []
    group = None
    for q in questions:
        if q.group != group:
            group = q.group
            out.append(f"\n第 {group} 组：{GROUPS[group][0]}")
        out.append(question_text(q))
    return "\n".join(out).strip("\n")


class PracticeQuiz:
    """The live widget: its controls are attributes so they can be driven from code."""

    def __init__(self, questions: Sequence[Question] = QUESTIONS) -> None:
        import ipywidgets as w

        self._w = w
        self.questions = {q.qid: q for q in questions}
        self.right: set[str] = set()
        self.picker = w.Dropdown(
            options=[
                (f"{q.qid}（{q.kind_label}）第 {q.group} 组 {GROUPS[q.group][0].split(' (')[0]}",
                 q.qid)
                for q in questions
            ],
            value=questions[0].qid,
            description="题目",
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
    def question(self) -> Question:
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
            f"<p>已经答对 {len(self.right)} / {len(self.questions)} 道题。</p>"
        )

    def _check(self, button=None) -> None:
        q = self.question
        chosen = self.selected()
        if not chosen:
            self.feedback.value = "<p>先选一个答案，再点「检查」。</p>"
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
    """Practise the quiz questions (all of them, or one ``group``) with instant feedback.

    Live: displays a :class:`PracticeQuiz`. Static mode: prints the questions.
    """
    questions = [q for q in QUESTIONS if group is None or q.group == group]
    if not questions:
        raise ValueError(f"没有第 {group} 组题目 (no such group): 组号是 1–{len(GROUPS)}")
    if static_mode():
        print(f"【{TITLE}】")
        print(STATIC_NOTE)
        print(question_list(questions))
        return
    show(PracticeQuiz(questions).box)
