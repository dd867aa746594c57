"""Public checks for lesson 07 综合测验 (review quiz).

The quiz has 30 questions, ``q01`` ... ``q30``, in ten topic groups. Every question has its own
answer cell and its own graded test cell (1 point), whose check is ``checks.q01()`` ...
``checks.q30()``. A single-choice question (单选题) is answered with one capital letter,
``q01 = "X"``; a multiple-choice question (多选题, at least two right options) with a set of
capital letters, ``q02 = {"X", "Y"}``. Nothing else counts: not ``"b"``, ``"A,C"``,
``["A", "C"]``, ``{"a", "c"}`` or a number. The hidden tests apply the same rule.

The public checks only look at the **format** of an answer (the variable exists; a single
capital letter that is one of the options; a set of at least two of the options). They never
say whether an answer is right, and this package holds nothing from which the right answers
could be worked out: the answer key lives only in the teacher's hidden tests, which run on the
teacher's computer after the notebook is handed in.

:data:`QUESTIONS` is the question bank (texts and options only); the lesson prints the same
texts. The practice widget ``crmcourse.l07_review.widgets.practice()`` has questions of its own.
"""

from __future__ import annotations

import ast
import re
import unicodedata
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


#: The ten topic groups: number -> title (with the lesson it reviews).
GROUPS: dict[int, str] = {
    1: "客户分级的含义、目的和条件 (customer tiering)（第 1、2 课）",
    2: "分级的指标和客户金字塔 (indicators and the pyramid)（第 3、4 课）",
    3: "RFM 模型 (RFM model)（第 5 课）",
    4: "ABC 分析和结构相对数 (ABC analysis)（第 6 课）",
    5: "客户的分类 (ways to classify customers)",
    6: "客户管理的原则 (management principles)",
    7: "客户关系的类型 (relationship levels)",
    8: "潜在客户与 MAN 原则 (the MAN rule)",
    9: "客户档案与数据隐私 (customer records and privacy)",
    10: "客户终生价值 (customer lifetime value)",
}

QUESTIONS: tuple[Question, ...] = (
    # ---- 1 客户分级的含义、目的和条件 -----------------------------------------------------
    _q("q01", 1, SINGLE,
       "客户分级 (customer tiering) 指的是什么？",
       ["按客户的年龄和性别把客户分成几组",
        ("根据客户信息，按客户对企业的价值和重要程度把现有客户分成不同层级，"
         "再给每个层级定不同的管理策略"),
        "只给大客户提供服务，其他客户一律放弃",
        "按客户所在的地区安排送货路线"]),
    _q("q02", 1, MULTIPLE,
       "企业为什么要给客户分级？下面哪些是分级的目的？",
       ["企业的资源有限，平均分给每位客户既不经济也不现实，所以要判定不同客户带来的价值",
        "不同价值的客户需求不同，有针对性的服务能让客户更忠诚",
        "让每一位客户都得到完全一样的服务",
        "分好级以后，就可以不再理会小客户"]),
    _q("q03", 1, MULTIPLE,
       "满足哪些条件时，企业给客户分级才有意义？",
       ["企业拥有稳定的现实客户，客户会反复和企业交易",
        "客户之间存在价值差异",
        "客户数量超出了企业能一一照顾的限度",
        "每位客户给企业带来的价值都差不多",
        "企业刚刚成立，还没有一位客户"]),
    # ---- 2 分级的指标和客户金字塔 ---------------------------------------------------------
    _q("q04", 2, MULTIPLE,
       "下面哪些是给客户分级常用的指标 (indicators)？",
       ["客户订单金额", "客户利润贡献", "客户信用状况", "客户发展前景",
        "客户公司的办公楼有几层"]),
    _q("q05", 2, SINGLE,
       "看一家客户的**信用状况**，主要看哪些方面？",
       ["累计销售额、平均销售额和销售增长率",
        "经营状况、财务状况和回款记录",
        "企业性质、资产规模、赢利能力和增长潜力",
        "企业为它服务花掉了多少成本"]),
    _q("q06", 2, SINGLE,
       "在客户金字塔模型 (customer pyramid) 里，关键客户（重要客户加次要客户）大约占客户总数的"
       "多少，带来多少利润？",
       ["约 1% 的客户，带来约 20% 的利润",
        "约 50% 的客户，带来约 50% 的利润",
        "约 20% 的客户，带来约 80% 的利润",
        "约 80% 的客户，带来约 20% 的利润"]),
    _q("q07", 2, SINGLE,
       "一家企业有 200 位客户，已经按利润从高到低排好。按客户金字塔，重要客户（前 1%）有几位？",
       ["1 位", "20 位", "10 位", "2 位"]),
    _q("q08", 2, SINGLE,
       "还是这 200 位客户。按利润排在**第 70 名**的客户属于金字塔的哪一层？",
       ["重要客户", "次要客户", "普通客户", "小客户"]),
    # ---- 3 RFM 模型 -----------------------------------------------------------------------
    _q("q09", 3, MULTIPLE,
       "关于 RFM 模型三个字母的意思，下面哪些说法正确？",
       ["R (recency)：分析日离客户最近一次购买有多少天",
        "F (frequency)：客户在一段固定时间里购买的次数",
        "M (monetary)：客户在这段时间里购买的总金额",
        "M：客户的会员等级"]),
    _q("q10", 3, SINGLE,
       "客户甲的 R 值是 5 天，客户乙的 R 值是 200 天。只看 R，谁更活跃？",
       ["客户甲", "客户乙", "两人一样活跃", "只看 R 看不出来"]),
    _q("q11", 3, SINGLE,
       "一位客户几天前刚买过，这一年里买得很勤，花的钱也很多。按 RFM 的八类客户，他属于：",
       ["重要挽留客户", "一般发展客户", "重要价值客户", "一般挽留客户"]),
    # ---- 4 ABC 分析和结构相对数 -----------------------------------------------------------
    _q("q12", 4, SINGLE,
       "结构相对数（也叫比重）怎样计算？",
       ["总体全部数值 ÷ 总体中某一部分的数值 × 100%",
        "总体中某一部分的数值 ÷ 总体全部数值 × 100%",
        "总体中某一部分的数值 − 总体全部数值",
        "今年的数值 ÷ 去年的数值 × 100%"]),
    _q("q13", 4, SINGLE,
       "长海物流 14 位客户的营业收入合计 2000 万元，其中客户 4 是 740 万元。"
       "客户 4 的营业收入占总额的比重是：",
       ["7.4%", "74%", "0.37%", "37%"]),
    _q("q14", 4, SINGLE,
       "做 ABC 分析时，计算累计占比之前必须先做哪一步？",
       ["把客户按营业收入从低到高排序", "把客户按客户编号排序",
        "把客户按营业收入从高到低排序", "不用排序，直接一行一行累加"]),
    _q("q15", 4, SINGLE,
       "按第 6 课的规则（累计占比不超过 80% 是 A 类，超过 80%、不超过 95% 是 B 类，"
       "其余是 C 类），排好序以后客户 3 的累计占比是 84.5%。它属于哪一类？",
       ["A 类（大客户）", "B 类（普通客户）", "C 类（小客户）", "不能分类"]),
    # ---- 5 客户的分类 ---------------------------------------------------------------------
    _q("q16", 5, SINGLE,
       "按客户与企业关系的远近、疏密，客户可以分为五类。下面哪一类**不属于**这种分法？",
       ["非客户", "潜在客户", "赢利性客户", "流失客户"]),
    _q("q17", 5, SINGLE,
       "一家工厂**第一次**购买了长海物流的运输服务。在“现实客户”里，它属于哪一种？",
       ["重复购买者", "初次购买者", "忠诚客户", "目标客户"]),
    _q("q18", 5, MULTIPLE,
       "关于客户的分类，下面哪些说法是**正确**的？",
       ["按结算方式，可以分为现金客户、预付款客户、赊销客户",
        "流失客户是从来没有买过企业产品的人",
        "按是否与企业发生过交易，可以分为老客户和新客户",
        "按追求的利益，可以分为经济型、道德型、个性化、便利型客户",
        "按所处的阶段，可以分为开发期、接触期、确立期、成熟期等客户"]),
    # ---- 6 客户管理的原则 -----------------------------------------------------------------
    _q("q19", 6, MULTIPLE,
       "客户管理要遵守哪几条原则？",
       ["公平原则", "区别对待原则", "平均分配原则", "积极开发原则", "努力挽留原则"]),
    _q("q20", 6, SINGLE,
       "公司给贡献大的客户配了专人服务和更多优惠，同时也没有损害其他客户的正当利益。"
       "这主要体现了哪条原则？",
       ["公平原则", "区别对待原则", "积极开发原则", "努力挽留原则"]),
    # ---- 7 客户关系的类型 -----------------------------------------------------------------
    _q("q21", 7, SINGLE,
       "企业把产品卖给客户以后，就不再和客户联系。按科特勒 (Kotler) 的分法，"
       "这是哪种客户关系？",
       ["基本型", "被动型", "负责型", "伙伴型"]),
    _q("q22", 7, SINGLE,
       "一家同城快递网点给周边几千家网店寄件，客户很多，每家客户带来的边际利润 (margin) "
       "在同行里属于中等。按“客户数量 × 边际利润”矩阵，它最适合和客户建立哪种关系？",
       ["基本型", "被动型", "能动型", "伙伴型"]),
    _q("q23", 7, MULTIPLE,
       "按“客户数量 × 边际利润”矩阵，下面哪些情况适合选择**负责型**关系？",
       ["客户多、边际利润低", "客户多、边际利润高", "客户数量中等、边际利润中等",
        "客户少、边际利润低"]),
    # ---- 8 潜在客户与 MAN 原则 ------------------------------------------------------------
    _q("q24", 8, SINGLE,
       "MAN 原则的三个字母，按顺序分别代表什么？",
       ["管理、广告、网络", "需求、态度、数量", "购买能力、购买决定权、需求", "资金、年龄、人数"]),
    _q("q25", 8, SINGLE,
       "小周是一家电商公司的实习生。公司正需要冷链运输，预算也很充足，但采购的事小周既不能"
       "决定，也没有人征求他的意见。把小周当作开发对象，按 MAN 原则缺的是哪一项？",
       ["购买能力", "需求", "什么也不缺", "购买决定权"]),
    # ---- 9 客户档案与数据隐私 -------------------------------------------------------------
    _q("q26", 9, SINGLE,
       "“客户买了什么、买了多少、什么时候买的”属于哪一类客户数据？",
       ["描述性数据", "交易数据", "促销性数据", "竞争对手数据"]),
    _q("q27", 9, MULTIPLE,
       "下面哪些做法能保护客户数据的隐私 (privacy)？",
       ["把完整的客户名单发到公开的群里，方便同事查询", "对客户的身份信息做匿名处理",
        "分析时用汇总数据代替每个人的具体数据", "把系统设计成匿名的结构",
        "为了方便，把全部客户资料拷到自己的 U 盘里带回家"]),
    _q("q28", 9, MULTIPLE,
       "建立客户档案时，下面哪些是应该做到的要求？",
       ["主动、有计划地收集", "信息越多越好，什么都收集", "适用而且及时", "完整而且前后一致",
        "保密，并依法保护"]),
    # ---- 10 客户终生价值 ------------------------------------------------------------------
    _q("q29", 10, SINGLE,
       "客户甲今年带来利润 10 万元，但明年就要转到别家；客户乙今年只带来 3 万元，预计和公司"
       "一共合作 8 年（含今年），利润逐年增长。如果只看“今年的利润”，会出现什么问题？",
       ["会低估乙的价值", "会低估甲的价值", "两种看法的结论一样", "说明乙不值得维护"]),
    _q("q30", 10, MULTIPLE,
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


def _label(q: Question) -> str:
    return f"第 {int(q.qid[1:])} 题 ({q.qid}，{q.kind_label})"


def _letter_list(q: Question) -> str:
    return "、".join(q.letters)


def _example(q: Question) -> str:
    if q.kind == SINGLE:
        return f'{q.qid} = "X"（X 换成你选的一个大写字母，要加引号）'
    return f'{q.qid} = {{"X", "Y"}}（X、Y 换成你选的大写字母，每个字母加引号，放进花括号）'


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _container(value: Any) -> str:
    if isinstance(value, list):
        return "列表 (list)"
    if isinstance(value, tuple):
        return "元组 (tuple)"
    if isinstance(value, dict):
        return "字典 (dict)"
    return "集合 (set)"


def _full_width(text: str) -> bool:
    """Whether ``text`` has a full-width letter (Ａ, ｂ), as a Chinese input method types it."""
    return any("Ａ" <= ch <= "Ｚ" or "ａ" <= ch <= "ｚ" for ch in text)


def _full_width_problem(q: Question, shown: str) -> tuple[str, str]:
    return (f"{q.qid} 的答案 {shown} 里的字母是全角字母（中文输入法打出来的），不是英文字母。",
            f"先把输入法切换成英文（半角），再重新输入字母：{_example(q)}。")


def _option_of(q: Question, text: str) -> tuple[str, str] | None:
    """The option whose words ``text`` is (the student wrote the option instead of its
    letter): ``(letter, option text)``, or ``None`` when ``text`` matches no option or several."""
    t = unicodedata.normalize("NFKC", text).strip().strip("。.，,、")
    if len(t) < 2:
        return None
    options = [(letter, unicodedata.normalize("NFKC", o)) for letter, o in q.options]
    held = sorted((x for x in options if x[1] in t), key=lambda x: -len(x[1]))
    if held and all(x[1] in held[0][1] for x in held):  # "C. 0.37%" holds "0.37%" and "37%"
        held = held[:1]
    for found in ([x for x in options if x[1] == t], held, [x for x in options if t in x[1]]):
        if len(found) == 1:
            return q.options[[letter for letter, _ in options].index(found[0][0])]
        if found:
            return None
    return None


def _option_text_problem(q: Question, shown: str, letter: str,
                         in_set: bool = False) -> tuple[str, str]:
    where = f"{q.qid} 的集合里的 {shown}" if in_set else f"{q.qid} 的答案 {shown}"
    problem = f"{where} 写的是选项的内容，不是选项的字母。"
    if q.kind == SINGLE:
        return (problem, f"写选项前面的字母：{shown} 是选项 {letter}，就写 {q.qid} = \"{letter}\"。"
                         "（这只是把你写的内容换成字母，不说明它对不对。）")
    return (problem,
            (f"写选项前面的字母：{shown} 是选项 {letter}，就写 \"{letter}\"。多选题要把你选的"
             f"字母都写上，每个字母单独加引号，放进花括号：{_example(q)}。"
             "（这只是把你写的内容换成字母，不说明它对不对。）"))


#: Marks a student may write around an option's letter: "B."  "B。"  "(B)"  "B、".
_MARKS = ".。,，、()（）:：;；"


def _letters_only(text: str, letters: set[str]) -> bool:
    return all(ch.upper() in letters or ch in ",，、 " for ch in text)


def format_problem(value: Any, q: Question) -> tuple[str, str] | None:
    """What is wrong with the FORMAT of ``value`` as an answer to ``q`` (problem, hint), or
    ``None`` when the format is right. It never looks at whether the answer is right."""
    example = _example(q)
    shown = _show(value)
    letters = set(q.letters)
    if value is None or value is ...:
        return (f"{q.qid} 还没有填答案（现在是 {shown}）。", f"{q.kind_label}题，写成 {example}。")
    if isinstance(value, (bool, int, float)):
        return (f"{q.qid} 的答案是数字 {shown}。",
                f"答案要写选项的字母：{example}。")
    if q.kind == SINGLE:
        if isinstance(value, tuple):  # qNN = "X",  or  qNN = "X", "Y"
            if len(value) == 1:
                return ((f"{q.qid} 的答案写成了元组 (tuple) {shown}：字母后面多了一个逗号，"
                         "Python 就把它当成了元组。"),
                        f"去掉字母后面的逗号，只写一个字母：{example}。")
            return ((f"{q.qid} 的答案写成了元组 (tuple) {shown}：用逗号隔开的几个字母在 Python "
                     "里是一个元组，单选题的答案是一个字母（字符串）。"),
                    f"只选一个选项，去掉逗号：{example}。")
        if isinstance(value, (set, frozenset, list, dict)):
            return ((f"{q.qid} 的答案写成了{_container(value)} {shown}，"
                     "单选题的答案是一个字母（字符串）。"),
                    f"只选一个选项，不要花括号或方括号：{example}。")
        if not isinstance(value, str):
            return (f"{q.qid} 的答案应该是一个字母（字符串），你写的是 {shown}。",
                    f"写成 {example}。")
        if _full_width(value):
            return _full_width_problem(q, shown)
        option = None if _letters_only(value, letters) else _option_of(q, value)
        if option is not None:
            return _option_text_problem(q, shown, option[0])
        if value != value.strip():
            return (f"{q.qid} 的答案 {shown} 里有多余的空格。",
                    f"引号里只写一个字母，不要空格：{example}。")
        if len(value) == 1 and value.islower() and value.upper() in letters:
            return (f"{q.qid} 的答案 {shown} 是小写字母。",
                    f'选项字母要写成大写：{q.qid} = "{value.upper()}"。')
        bare = value.strip(_MARKS)
        if bare != value and len(bare) == 1 and bare.upper() in letters:  # "B."  "(B)"
            return (f"{q.qid} 的答案 {shown} 里除了字母，还多了标点符号。",
                    f'引号里只写一个大写字母，不要点号、逗号或括号：{q.qid} = "{bare.upper()}"。')
        if len(value) > 1 and all(ch.upper() in letters or ch in ",，、 " for ch in value):
            return (f"{q.qid} 是单选题，只能选一个字母，你写的是 {shown}。",
                    f"再读一遍题目，只留下一个选项：{example}。")
        if value not in letters:
            return (f"{q.qid} 的答案 {shown} 不是这道题的选项。",
                    f"这道题的选项是 {_letter_list(q)}，写成 {example}。")
        return None
    # multiple choice
    if isinstance(value, str):
        if _full_width(value):
            return _full_width_problem(q, shown)
        option = None if _letters_only(value, letters) else _option_of(q, value)
        if option is not None:
            return _option_text_problem(q, shown, option[0])
        if value.strip() and value.strip().upper() in letters:
            return (f"{q.qid} 是多选题，你只写了一个字母 {shown}，答案应该是一个集合 (set)。",
                    ("多选题至少有两个正确选项：把你选的字母都写上，每个字母单独加引号，"
                     f"放进花括号：{example}。"))
        if value.strip() and _letters_only(value, letters):
            return (f"{q.qid} 是多选题，答案应该是一个集合 (set)，你写的是一个字符串 {shown}。",
                    f"不要把字母连在一个引号里，每个字母单独加引号，放进花括号：{example}。")
        return (f"{q.qid} 是多选题，答案应该是一个集合 (set)，你写的是一个字符串 {shown}。",
                f"写成 {example}。")
    if isinstance(value, tuple):  # qNN = "X", "Y", "Z"  or  qNN = ("X", "Y")
        return ((f"{q.qid} 是多选题，你写的是一个元组 (tuple) {shown}，不是集合 (set)："
                 "用逗号隔开的几个字母，不加花括号，在 Python 里就是一个元组。"),
                f"把字母放进花括号 {{ }}（写了圆括号的话，就把圆括号换成花括号）：{example}。")
    if isinstance(value, list):
        return (f"{q.qid} 是多选题，你写的是一个{_container(value)} {shown}，不是集合 (set)。",
                f"把方括号换成花括号：{example}。")
    if isinstance(value, dict):
        if not value:
            return (f"{q.qid} 的花括号里什么也没有写：空的 {{}} 在 Python 里是一个空字典，不是集合。",
                    f"把你选的字母写进花括号，每个字母单独加引号，用逗号隔开：{example}。")
        return (f"{q.qid} 的答案写成了字典 (dict) {shown}。",
                f"花括号里只写字母，不要冒号：{example}。")
    if not isinstance(value, (set, frozenset)):
        return (f"{q.qid} 是多选题，答案应该是一个集合 (set)，你写的是 {shown}。",
                f"写成 {example}。")
    items = list(value)
    if not all(isinstance(x, str) for x in items):
        return (f"{q.qid} 的集合里应该只有字母（字符串），你写的是 {shown}。",
                f"每个字母都要加引号：{example}。")
    if any(_full_width(x) for x in items):
        return _full_width_problem(q, shown)
    for x in sorted(items):
        option = None if _letters_only(x, letters) else _option_of(q, x)
        if option is not None:
            return _option_text_problem(q, _show(x), option[0], in_set=True)
    joined = [x for x in items if len(x.strip()) > 1]
    if joined:
        return (f"{q.qid} 的集合里有 {joined[0]!r}：一个引号里只能写一个字母。",
                f"每个字母单独加引号，用逗号隔开：{example}。")
    spaced = [x for x in items if x != x.strip()]
    if spaced:
        return (f"{q.qid} 的集合里的 {spaced[0]!r} 有多余的空格。",
                f"引号里只写一个字母，不要空格：{example}。")
    lower = sorted(x for x in items if x.islower() and x.upper() in letters)
    if lower:
        return (f"{q.qid} 的集合里有小写字母 {lower[0]!r}。",
                "选项字母要写成大写，例如把 " + f"{lower[0]!r} 改成 {lower[0].upper()!r}。")
    bad = sorted(x for x in items if x not in letters)
    if bad:
        return (f"{q.qid} 的答案里有不是选项的 {bad[0]!r}。",
                f"这道题的选项是 {_letter_list(q)}，写成 {example}。")
    if len(items) < 2:
        return (f"{q.qid} 是多选题，你只选了 {len(items)} 个选项。",
                "多选题至少有两个正确选项。再读一遍每个选项，把对的都选上。")
    return None


#: Full-width punctuation that breaks an answer cell (a Chinese input method types it).
FULL_WIDTH = "“”‘’，、（）｛｝［］"


def missing_problem(qid: str, ns: Any, last: tuple[BaseException, str] | None):
    """Why the variable ``qid`` is missing, when it is one of this quiz's typical slips
    (problem, hint), else ``None`` (the framework's general message then applies): the answer
    cell failed on a letter without quotes or on full-width punctuation, the answer cell stored
    the answer in another question's variable (found through the input history ``_ih``), or the
    variable has a near name (``q7``, ``Q07``, ``q1O``)."""
    q = BY_ID[qid]
    example = _example(q)
    if last is not None:
        exc, source = last
        if re.search(rf"(?<![\w.]){qid}\s*=", source):
            if isinstance(exc, SyntaxError):
                bad = [ch for ch in FULL_WIDTH if ch in source]
                if bad:
                    problem = f"定义 {qid} 的答案单元格出错了（SyntaxError）：里面有中文的符号 {bad[0]}。"
                    return (problem,
                            ("引号、逗号、括号都要用英文半角的（先把输入法切换成英文）："
                             f"{example}。"))
            m = re.search(r"name '([A-Za-z]{1,3})' is not defined", str(exc))
            if isinstance(exc, NameError) and m:
                return ((f"定义 {qid} 的答案单元格出错了（NameError）：字母 {m[1]} 没有加引号，"
                         "Python 把它当成了变量名。"),
                        f"每个字母都要加英文引号：{example}。")
    number = int(qid[1:])
    source = _answer_cell(qid, ns)
    if source is not None:
        for other in re.findall(r"^[ \t]*([A-Za-z_]\w*)[ \t]*=(?!=)", source, flags=re.MULTILINE):
            if other != qid and other in BY_ID:
                other_number = int(other[1:])
                return ((f"第 {number} 题的答案单元格里，你把答案存进了 {other}，"
                         f"没有存进 {qid}。"),
                        (f"把这个单元格里的 {other} 改成 {qid}，写成 {example}，再运行它。"
                         f"{other} 是第 "
                         f"{other_number} 题的变量，它原来的答案已经被改掉了：回到第 "
                         f"{other_number} 题，把那道题的答案单元格重新运行一次。"))
            if other != qid and _number_of(other) is not None:  # q32 for q23, q1O for q10
                return _near_name_problem(qid, other)
    for near in sorted(name for name in ns if isinstance(name, str)):
        if near != qid and _number_of(near) == number:
            return _near_name_problem(qid, near)
    return None


#: A name that looks like a question's variable (``q7``, ``Q07``, ``q_07``, ``q1O``): a q, maybe
#: an underscore, then up to three digits, where the letter O may stand for 0 and l or I for 1.
_NEAR_NAME = re.compile(r"[qQ]_?[0-9OoIl]{1,3}")
_AS_DIGITS = str.maketrans("OoIl", "0011")


def _number_of(name: str) -> int | None:
    """The question number a near name stands for, or ``None``."""
    if not _NEAR_NAME.fullmatch(name):
        return None
    digits = name.lstrip("qQ_")
    if not any(ch.isdigit() for ch in digits):
        return None
    return int(digits.translate(_AS_DIGITS))


def _near_name_problem(qid: str, near: str) -> tuple[str, str]:
    hint = f"变量名要和题号一字不差：小写的 q，后面是两位数字，写成 {_example(BY_ID[qid])}。"
    if any(ch in near for ch in "OoIl"):
        hint = ("数字 0 和字母 O、数字 1 和字母 l 长得很像，题号里只能是数字。" + hint)
    return (f"没有找到变量 {qid}，你定义的是 {near}。", hint)


def _answer_cell(qid: str, ns: Any) -> str | None:
    """The source of the latest run of the answer cell of ``qid``, from the notebook's input
    history: the cell that keeps the line ``例如 q07 = ...`` the student notebook gives it."""
    history = ns.get("_ih") if hasattr(ns, "get") else None
    if not isinstance(history, (list, tuple)):
        return None
    marker = f"例如 {qid} = "
    for source in reversed(history):
        if isinstance(source, str) and marker in source:
            return source
    return None


def _assigned_names(target: ast.AST) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for t in target.elts for name in _assigned_names(t)]
    return []


def cell_problem(qid: str, source: str, value: Any = MISSING) -> tuple[str, str] | None:
    """What is wrong in the latest run of the answer cell of ``qid`` (its ``source``) while the
    variable ``qid`` still exists (problem, hint), or ``None``: the cell joined letters with
    ``and``/``or`` or stored what ``print`` returns, or it never assigned ``qid`` because it
    assigned another question's variable, a near name (``q1``, ``Q01``) or compared with
    ``==``; the check would otherwise judge an older value of ``qid``."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    q = BY_ID[qid]
    example = _example(q)
    assigned: list[str] = []
    compared: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names = [name for t in node.targets for name in _assigned_names(t)]
            assigned += names
            if qid in names and isinstance(node.value, ast.BoolOp):
                word = "and" if isinstance(node.value.op, ast.And) else "or"
                now = "" if value is MISSING else f"（现在 {qid} 是 {_show(value)}）"
                several = ("单选题只写一个字母" if q.kind == SINGLE
                           else "多选题把你选的几个字母放进一个集合")
                return ((f"{qid} 的答案里用了 {word}：Python 的 and、or 不会把几个字母放在一起，"
                         f"只会留下其中一个{now}。"),
                        f"不要用 and 或 or。{several}：{example}。")
            if (qid in names and isinstance(node.value, ast.Call)
                    and isinstance(node.value.func, ast.Name) and node.value.func.id == "print"):
                return ((f"{qid} = print(...) 把 print 的结果存进了 {qid}：print 只是把内容"
                         f"显示出来，存进变量的是 None。"),
                        f"不用 print，直接把答案赋给变量：{example}。")
        elif (isinstance(node, ast.Expr) and isinstance(node.value, ast.Compare)
              and isinstance(node.value.left, ast.Name)
              and isinstance(node.value.ops[0], ast.Eq)):
            compared.append(node.value.left.id)
    if qid in assigned:
        return None
    number = int(qid[1:])
    for other in assigned:
        if other in BY_ID:
            other_number = int(other[1:])
            return ((f"第 {number} 题的答案单元格给 {other} 赋了值，没有给 {qid} 赋值："
                     f"{other} 的答案被改掉了，{qid} 还是以前的答案。"),
                    (f"把这个单元格里的 {other} 改成 {qid}，写成 {example}，再运行它。"
                     f"然后回到第 {other_number} 题，把那道题的答案单元格重新运行一次。"))
    for other in assigned:
        if _number_of(other) is not None:
            hint = _near_name_problem(qid, other)[1]
            return (f"你的答案单元格写的是 {other}，不是 {qid}：{qid} 还是以前的答案。", hint)
    if qid in compared:
        return ((f"你的答案单元格里写的是 {qid} == ...：两个等号是比较，不会把答案存进 {qid}，"
                 f"{qid} 还是以前的答案。"),
                f"赋值只用一个等号：{example}。")
    return None


def _user_ns() -> Any:
    from crmlab.feedback import checks as framework

    return framework._user_ns()


def check_question(qid: str, answer: Any = MISSING) -> None:
    """Check the format of the answer to question ``qid`` (the notebook variable of the same
    name, or ``answer``). It passes for every well-formed answer, right or wrong."""
    __tracebackhide__ = True
    q = BY_ID[qid]
    label = _label(q)
    if answer is MISSING:
        from crmlab.feedback import errors

        ns = _user_ns()
        if qid not in ns:
            problem = missing_problem(qid, ns, errors.last_error())
            if problem is not None:
                fail(label, *problem)
        else:
            source = _answer_cell(qid, ns)
            if source is not None:
                problem = cell_problem(qid, source, ns[qid])
                if problem is not None:
                    fail(label, *problem)
    value = get_answer(qid, label, answer)
    problem = format_problem(value, q)
    if problem is not None:
        fail(label, *problem)
    passed(label, "答案的格式对了（这里只检查格式，不检查对错）。")


def _make_check(qid: str):
    def check(answer: Any = MISSING) -> None:
        __tracebackhide__ = True
        check_question(qid, answer)

    check.__name__ = check.__qualname__ = qid
    check.__doc__ = f"Format of the answer to {qid} (the visible check of test cell {qid})."
    return check


# One public check per question: checks.q01() ... checks.q30().
for _question in QUESTIONS:
    globals()[_question.qid] = _make_check(_question.qid)
del _question

