"""Public checks for lesson 07 综合测验 (review quiz) (``cl.checks.l07``).

The quiz has 20 questions, ``q01`` ... ``q20``, in six groups (one graded test cell each). A
single-choice question (单选题) is answered with one letter, ``q01 = "B"``; a multiple-choice
question (多选题, at least two right options) with a set of letters, ``q03 = {"A", "C"}``.

The public checks only look at the **format** of the answers (the variable exists; a single
letter that is one of the options; a set of at least two of the options). They never say
whether an answer is right, and this package holds nothing from which the right answers could
be worked out: the answer key lives only in the teacher's hidden tests, which run on the
teacher's computer after the notebook is handed in.

:data:`QUESTIONS` is the question bank (texts and options only), shared with the notebook
builder, which prints the questions. The practice widget ``cl.widgets.l07.practice()`` has
questions of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmlab.feedback.checks import MISSING, fail, get_answer, passed

SINGLE, MULTIPLE = "single", "multiple"
KIND_LABELS = {SINGLE: "单选", MULTIPLE: "多选"}
LETTERS = "ABCDEFG"


@dataclass(frozen=True)
class Question:
    """One quiz question: its text and options, never its answer."""

    qid: str
    group: int
    kind: str
    text: str
    options: tuple[tuple[str, str], ...]

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(letter for letter, _ in self.options)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def lettered(options) -> tuple[tuple[str, str], ...]:
    """Options as ``(letter, text)`` pairs: A, B, C, ..."""
    return tuple((LETTERS[i], o) for i, o in enumerate(options))


def _q(qid, group, kind, text, options) -> Question:
    return Question(qid, group, kind, text, lettered(options))


#: The six groups: number -> (title, test cell grade id).
GROUPS: dict[int, tuple[str, str]] = {
    1: ("客户的分类 (ways to classify customers)", "q1_classify"),
    2: ("客户管理的原则 (management principles)", "q2_principles"),
    3: ("客户关系的类型 (relationship levels)", "q3_relations"),
    4: ("潜在客户与 MAN 原则 (the MAN rule)", "q4_man"),
    5: ("客户档案与数据隐私 (customer records and privacy)", "q5_records"),
    6: ("客户终生价值 (customer lifetime value)", "q6_clv"),
}

QUESTIONS: tuple[Question, ...] = (
    # ---- 1 客户的分类 -------------------------------------------------------------------
    _q("q01", 1, SINGLE,
       "按客户与企业关系的远近、疏密，客户可以分为五类。下面哪一类**不属于**这种分法？",
       ["非客户", "潜在客户", "赢利性客户", "流失客户"]),
    _q("q02", 1, SINGLE,
       "一家工厂**第一次**购买了长海物流的运输服务。在「现实客户」里，它属于哪一种？",
       ["重要购买者", "初次购买者", "忠诚客户", "目标客户"]),
    _q("q03", 1, MULTIPLE,
       "关于客户分类，下面哪些说法是**正确**的？",
       ["按结算方式，可以分为现金客户、预付款客户、赊销客户",
        "流失客户是从来没有买过企业产品的人",
        "按是否与企业发生过交易，可以分为老客户和新客户",
        "按追求的利益，可以分为经济型、道德型、个性化、便利型客户",
        "按所处的阶段，可以分为开发期、接触期、确立期、成熟期等客户"]),
    _q("q04", 1, SINGLE,
       "企业经过挑选，确定准备把某一群人开发成自己的现实客户。这群人叫做：",
       ["非客户", "忠诚客户", "流失客户", "目标客户"]),
    # ---- 2 客户管理的原则 -----------------------------------------------------------------
    _q("q05", 2, MULTIPLE,
       "客户管理要遵守哪几条原则？",
       ["公平原则", "区别对待原则", "平均分配原则", "积极开发原则", "努力挽留原则"]),
    _q("q06", 2, SINGLE,
       "公司给贡献大的客户配了专人服务和更多优惠，同时也没有损害其他客户的正当利益。"
       "这主要体现了哪条原则？",
       ["公平原则", "区别对待原则", "积极开发原则", "努力挽留原则"]),
    _q("q07", 2, SINGLE,
       "「开发一个新客户的成本，大约是维持一个老客户的 5–10 倍。」这个事实最直接地"
       "支持哪条原则？",
       ["公平原则", "区别对待原则", "努力挽留原则", "积极开发原则"]),
    # ---- 3 客户关系的类型 -----------------------------------------------------------------
    _q("q08", 3, SINGLE,
       "企业把产品卖给客户以后，就不再和客户联系。按科特勒 (Kotler) 的分法，"
       "这是哪种客户关系？",
       ["基本型", "被动型", "负责型", "伙伴型"]),
    _q("q09", 3, SINGLE,
       "一家企业的客户**很少**，每位客户带来的边际利润 (margin) **很高**。按「客户数量 × "
       "边际利润」矩阵，它最适合和客户建立哪种关系？",
       ["基本型", "被动型", "能动型", "伙伴型"]),
    _q("q10", 3, MULTIPLE,
       "按「客户数量 × 边际利润」矩阵，下面哪些情况适合选择**负责型**关系？",
       ["客户多、边际利润低", "客户多、边际利润高", "客户数量中等、边际利润中等",
        "客户少、边际利润低"]),
    # ---- 4 潜在客户与 MAN 原则 ------------------------------------------------------------
    _q("q11", 4, SINGLE,
       "MAN 原则里的字母 A 代表什么？",
       ["能力 (Ability)", "态度 (Attitude)", "购买决定权 (Authority)", "年龄 (Age)"]),
    _q("q12", 4, MULTIPLE,
       "按 MAN 原则判断一个对象是不是值得开发的潜在客户 (potential customer)，要看哪些方面？",
       ["他买得起吗", "他以前是不是已经买过", "他用得着吗", "他能决定（或影响）买不买吗"]),
    _q("q13", 4, SINGLE,
       "小周是一家电商公司的实习生。公司正需要冷链运输，预算也很充足，但采购的事小周既不能"
       "决定，也没有人征求他的意见。把小周当作开发对象，按 MAN 原则缺的是哪一项？",
       ["购买能力 M（Money）", "需求 N（Need）", "什么也不缺", "购买决定权 A（Authority）"]),
    # ---- 5 客户档案与数据隐私 -------------------------------------------------------------
    _q("q14", 5, MULTIPLE,
       "一份完整的客户档案 (customer record) 通常包括哪几部分？",
       ["基本资料：个人或组织的情况、与企业的交易记录",
        "客户和亲友之间的私人聊天记录",
        "统计分析资料：对客户数据整理、分析得到的结果",
        "企业投入的记录：联系客户的情况、花的费用、给的优惠"]),
    _q("q15", 5, SINGLE,
       "「客户买了什么、买了多少、什么时候买的」属于哪一类客户数据？",
       ["描述性数据", "交易数据", "促销性数据", "竞争对手数据"]),
    _q("q16", 5, MULTIPLE,
       "下面哪些做法能保护客户数据的隐私 (privacy)？",
       ["把完整的客户名单发到公开的群里，方便同事查询", "对身份信息做匿名化处理",
        "分析时用汇总数据代替每个人的明细", "把系统设计成匿名化的结构"]),
    _q("q17", 5, MULTIPLE,
       "建立客户档案时，下面哪些是应该做到的要求？",
       ["主动、有计划地收集", "信息越多越好，什么都收集", "适用而且及时", "完整而且前后一致",
        "保密，并依法保护"]),
    # ---- 6 客户终生价值 -------------------------------------------------------------------
    _q("q18", 6, SINGLE,
       "客户终生价值 (customer lifetime value, CLV) 指的是：",
       ["客户今年给企业带来的利润", "客户一次购买的最大金额",
        "客户在和企业整个关系期间给企业带来的价值", "客户自己的资产总额"]),
    _q("q19", 6, SINGLE,
       "客户甲今年带来利润 10 万元，但明年就要转到别家；客户乙今年只带来 3 万元，预计还会"
       "合作 8 年，利润逐年增长。如果只看「今年的利润」，会出现什么问题？",
       ["会低估乙的价值", "会低估甲的价值", "两种看法的结论一样", "说明乙不值得维护"]),
    _q("q20", 6, MULTIPLE,
       "关于客户终生价值和客户当年利润，下面哪些说法正确？",
       ["当年利润是静态的，只反映一年", "终生价值高的客户，今年的利润一定也最高",
        "终生价值是动态的，要考虑客户将来还会带来多少",
        "选择重点客户、设计营销方案时可以参考终生价值"]),
)

BY_ID: dict[str, Question] = {q.qid: q for q in QUESTIONS}


def group_questions(group: int) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if q.group == group)


# --------------------------------------------------------------------------------------------
# format checks


def _label(group: int) -> str:
    qs = group_questions(group)
    return f"第 {group} 组 ({qs[0].qid}–{qs[-1].qid}, {GROUPS[group][1]})"


def _letter_list(q: Question) -> str:
    return "、".join(q.letters)


def normalise(value: Any, q: Question, label: str) -> frozenset[str]:
    """The answer as a set of upper-case letters, or a failure that explains the format."""
    __tracebackhide__ = True
    example_single = f'{q.qid} = "X"（X 换成你选的字母）'
    example_multi = f'{q.qid} = {{"X", "Y"}}（X、Y 换成你选的字母，选几个就写几个）'
    if value is None or value is ...:
        fail(label, f"{q.qid} 还没有填答案（现在是 {value!r}）。",
             f"{q.kind_label}题，写成 {example_single if q.kind == SINGLE else example_multi}。")
    if q.kind == SINGLE:
        if isinstance(value, (set, frozenset, list, tuple)):
            fail(label, f"{q.qid} 是单选题，答案应该是一个字母（字符串），你写的是 {value!r}。",
                 f"只选一个选项，写成 {example_single}，不要加花括号或方括号。")
        if not isinstance(value, str):
            fail(label, f"{q.qid} 的答案应该是一个字母（字符串），你写的是 {value!r}。",
                 f"字母要加引号，写成 {example_single}。")
        text = value.strip().upper()
        if len(text) != 1 or text not in q.letters:
            hint = f"选项只有 {_letter_list(q)}，写成 {example_single}。"
            if len(text) > 1 and all(ch in q.letters for ch in text):
                hint = f"单选题只能选一个字母。{hint}"
            fail(label, f"{q.qid} 的答案 {value!r} 不是这道题的一个选项。", hint)
        return frozenset(text)
    # multiple choice
    if isinstance(value, str):
        fail(label, f"{q.qid} 是多选题，答案应该是一个集合 (set)，你写的是字符串 {value!r}。",
             f"把选中的字母分别加引号放进花括号里：{example_multi}。")
    if not isinstance(value, (set, frozenset, list, tuple)):
        fail(label, f"{q.qid} 是多选题，答案应该是一个集合 (set)，你写的是 {value!r}。",
             f"写成 {example_multi}。")
    items = list(value)
    if not all(isinstance(x, str) for x in items):
        fail(label, f"{q.qid} 的集合里应该只有字母（字符串），你写的是 {value!r}。",
             f"每个字母都要加引号：{example_multi}。")
    letters = [x.strip().upper() for x in items]
    bad = [x for x in letters if x not in q.letters]
    if bad:
        fail(label, f"{q.qid} 的答案里有不是选项的 {bad[0]!r}。",
             f"这道题的选项是 {_letter_list(q)}，写成 {example_multi}。")
    if len(set(letters)) < 2:
        fail(label, f"{q.qid} 是多选题，你只选了 {len(set(letters))} 个选项。",
             "多选题至少有两个正确选项，再读一遍每个选项。")
    return frozenset(letters)


def check_group(group: int, answers: dict[str, Any] | None = None) -> None:
    """Check the format of every answer in ``group`` (from the notebook, or ``answers``)."""
    __tracebackhide__ = True
    label = _label(group)
    answers = answers or {}
    for q in group_questions(group):
        value = get_answer(q.qid, label, answers.get(q.qid, MISSING))
        normalise(value, q, label)
    passed(label, "每道题的答案格式都对（这里只检查格式，不检查对错）。")


def q1_classify(**answers: Any) -> None:
    """Format of q01–q04 (客户的分类)."""
    __tracebackhide__ = True
    check_group(1, answers)


def q2_principles(**answers: Any) -> None:
    """Format of q05–q07 (客户管理的原则)."""
    __tracebackhide__ = True
    check_group(2, answers)


def q3_relations(**answers: Any) -> None:
    """Format of q08–q10 (客户关系的类型)."""
    __tracebackhide__ = True
    check_group(3, answers)


def q4_man(**answers: Any) -> None:
    """Format of q11–q13 (潜在客户与 MAN 原则)."""
    __tracebackhide__ = True
    check_group(4, answers)


def q5_records(**answers: Any) -> None:
    """Format of q14–q17 (客户档案与数据隐私)."""
    __tracebackhide__ = True
    check_group(5, answers)


def q6_clv(**answers: Any) -> None:
    """Format of q18–q20 (客户终生价值)."""
    __tracebackhide__ = True
    check_group(6, answers)
