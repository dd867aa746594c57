"""Hidden tests for lesson 00 入门 (teacher side only)."""

from __future__ import annotations

from _textbook import changhai

from crmlab.teacher.hidden import Fail, Submission

EXERCISES = {
    "q1_total": ["total_revenue"],
    "q2_top": ["top_customer"],
    "q3_count": ["n_big"],
}

#: crmlab's analyses, which exercise 2 asks the student not to use.
ANALYSES = ["abc_analysis", "pyramid", "concentration"]


def q1_total(sub: Submission) -> None:
    if abs(sub.number("total_revenue") - float(changhai()["revenue"].sum())) > 1e-9:
        raise Fail("营业收入合计不对。")


def q2_top(sub: Submission) -> None:
    t = changhai()
    expected = int(t.loc[t["revenue"].idxmax(), "customer"])
    value = sub.number("top_customer")
    if value != expected:
        raise Fail("营业收入最大的客户不对。")
    used = sub.uses(ANALYSES, cells=["a2_top"])
    if used:
        raise Fail(
            "这道题要求自己用 pandas 完成，不能调用 crmlab 的分析函数（" + "、".join(used) + "）。"
        )


def q3_count(sub: Submission) -> None:
    t = changhai()
    if sub.number("n_big") != int((t["revenue"] >= 100).sum()):
        raise Fail("营业收入不少于 100 万元的客户个数不对。")
