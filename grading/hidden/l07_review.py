"""Hidden tests for lesson 07 综合测验 (review quiz) (teacher side only).

This module is the one place that holds the quiz's answer key (:data:`KEY`) and the model
answer of the hand-graded case study (:data:`CASE_STUDY`). The lesson builder
``tools/lessons/07_review.py`` reads both from here for the teacher notebook; the student
package ``crmlab`` holds only the question texts and options.

The 20 questions sit in six groups, one test cell each; a group scores only when every answer
in it is right. An answer counts the same however it is spelled: ``"c"``, ``" C "`` and
``["C"]`` are all the letter C, and a multiple-choice answer may be a set, a list or a tuple
of letters in any order.
"""

from __future__ import annotations

from typing import Any

from crmlab.teacher.hidden import Fail, Submission

#: The answer key: one letter for a single-choice question, a set for a multiple-choice one.
KEY: dict[str, str | set[str]] = {
    # 1 客户的分类
    "q01": "C",
    "q02": "B",
    "q03": {"A", "C", "D", "E"},
    "q04": "D",
    # 2 客户管理的原则
    "q05": {"A", "B", "D", "E"},
    "q06": "B",
    "q07": "C",
    # 3 客户关系的类型
    "q08": "A",
    "q09": "D",
    "q10": {"B", "C", "D"},
    # 4 潜在客户与 MAN 原则
    "q11": "C",
    "q12": {"A", "C", "D"},
    "q13": "D",
    # 5 客户档案与数据隐私
    "q14": {"A", "C", "D"},
    "q15": "B",
    "q16": {"B", "C", "D"},
    "q17": {"A", "C", "D", "E"},
    # 6 客户终生价值
    "q18": "C",
    "q19": "A",
    "q20": {"A", "C", "D"},
}

EXERCISES = {
    "q1_classify": ["q01", "q02", "q03", "q04"],
    "q2_principles": ["q05", "q06", "q07"],
    "q3_relations": ["q08", "q09", "q10"],
    "q4_man": ["q11", "q12", "q13"],
    "q5_records": ["q14", "q15", "q16", "q17"],
    "q6_clv": ["q18", "q19", "q20"],
}

#: Why each answer is right, for going over the quiz in class after grading (not used by the
#: tests, never shown by them).
EXPLANATIONS = {
    "q01": "五类是：非客户、潜在客户、目标客户、现实客户、流失客户。「赢利性 / 非赢利性客户」"
    "是按客户对企业利润的影响来分的，是另一种分类方式。",
    "q02": "第一次尝试购买的是初次购买者；买过两次及以上的是重要购买者；持续、有指向地反复购买"
    "的是忠诚客户。目标客户还没有买过。",
    "q03": "结算方式、新老、追求的利益、所处的阶段都是常用的分类依据。流失客户曾经是企业的客户，"
    "后来不再购买；从来没有买过、也不可能买的是非客户。",
    "q04": "目标客户是企业挑选后准备开发的人群；潜在客户有购买的欲望或能力但还没有购买，"
    "企业从潜在客户里挑出目标客户。",
    "q05": "四条原则：公平、区别对待、积极开发、努力挽留。公平不是绝对平均，"
    "所以「平均分配」不是原则。",
    "q06": "不同客户的贡献不同，在不损害其他客户正当利益的前提下，把更多资源投给贡献大的客户，"
    "这是区别对待原则，也是客户分级的出发点。",
    "q07": "留住老客户比开发新客户便宜得多，所以在开发新客户的同时，要重视和老客户的沟通与服务，"
    "这就是努力挽留原则。",
    "q08": "基本型：卖完就不再联系。被动型：鼓励客户有问题时主动找企业。负责型：售后主动询问"
    "产品是否满意。能动型：经常主动联系，提出改进建议或介绍新产品。伙伴型：和客户一起"
    "解决问题、共同发展。",
    "q09": "客户少、边际利润高，在矩阵的一角：伙伴型。反过来，客户多、边际利润低，适合基本型。",
    "q10": "负责型在矩阵的斜对角：客户多且利润高、客户和利润都中等、客户少且利润低。"
    "客户多、利润低的是基本型。",
    "q11": "MAN：M = Money（购买能力），A = Authority（对购买有决定、建议或反对的权力），"
    "N = Need（需求）。",
    "q12": "买得起（Money）、能做主（Authority）、用得着（Need）。潜在客户本来就还没有购买，"
    "所以「以前买过」不是条件。",
    "q13": "公司有购买能力和需求，但小周没有决定权，也不能影响决定。应该去找公司里有决定权的人，"
    "例如采购经理。",
    "q14": "客户档案包括基本资料（含交易记录）、统计分析资料和企业投入的记录。私人聊天记录"
    "与业务无关，收集它还会侵犯隐私。",
    "q15": "购买的商品、数量和时间是交易数据；客户的名称、地址、行业等是描述性数据；"
    "促销活动的内容和效果是促销性数据。",
    "q16": "匿名的身份信息、用汇总数据代替明细、匿名化的系统结构都能保护隐私。把客户名单公开"
    "会泄露客户信息，违反档案保密的要求。",
    "q17": "要求有：主动性和计划性、适用性和及时性、完整性和一致性、价值性和优化性、"
    "档案保密与法律保护。什么都收集违反了价值性和优化性。",
    "q18": "终生价值看的是客户在整个关系期间（过去、现在和预计的将来）给企业带来的价值，"
    "不只是今年。",
    "q19": "只看今年，甲（10 万）比乙（3 万）高；把整个合作期加起来，乙远远超过甲。"
    "只看当年利润会低估乙这种有发展前景的客户。",
    "q20": "当年利润只是一个时点，终生价值看整个关系期间，可以用来选择客户、设计营销方案。"
    "终生价值高的客户今年不一定利润最高，例如刚起步、正在成长的客户。",
}

#: The model answer and marking scheme of the case study (written cell ``w1_case``, 5 points,
#: graded by hand). The builder puts it into the teacher notebook; the student copy gets a stub.
CASE_STUDY = """\
**参考答案**

(1) 大客户数量少、每家的边际利润高，适合伙伴型（至少能动型）关系：和客户一起解决
问题、共同发展。零散的小客户数量多、利润薄，适合基本型或被动型关系：用较低的服务成本
保证基本服务，客户有问题时能方便地找到公司。

(2) 值得开发。M：公司资金充足，买得起；A：采购经理能决定和谁合作；N：明年起需要大量
冷链运输。三项都满足。只看今年 20 万元会低估它：应该看客户终生价值，也就是整个合作期
间能带来的价值，这家电商正在扩张，将来的业务量会大得多。

(3) 违反了「档案保密与法律保护」的要求。措施（任一条即可）：客户的身份信息做匿名化
处理；分析时用汇总数据代替个人明细；系统按匿名化的结构设计；客户资料只留在公司系统里，
按权限查看，不导出到个人电脑。

**评分要点（共 5 分）**

1. 大客户选伙伴型或能动型，理由提到客户少、边际利润高（1 分）。
2. 小客户选基本型或被动型，理由提到客户多、边际利润低（1 分）。
3. 用 M、A、N 三项逐一判断，结论是值得开发（1 分）。
4. 指出只看当年利润会低估它，要看整个合作期间的终生价值（1 分）。
5. 说出「保密与法律保护」，并给出一条合理的隐私保护措施（1 分）。"""


def letters(value: Any) -> frozenset[str] | None:
    """An answer as a set of upper-case letters; ``None`` when it is not text or a collection
    of texts (a number, ``None``, a list holding a number, ...)."""
    if isinstance(value, str):
        return frozenset([value.strip().upper()])
    try:
        items = list(value)
    except TypeError:
        return None
    if not all(isinstance(x, str) for x in items):
        return None
    return frozenset(x.strip().upper() for x in items)


def check_group(sub: Submission, test: str) -> None:
    """Every answer of the group behind test cell ``test`` must match the key."""
    wrong = [qid for qid in EXERCISES[test] if letters(sub.get(qid)) != letters(KEY[qid])]
    if wrong:
        raise Fail("这一组有答错的题：" + "、".join(wrong))


def q1_classify(sub: Submission) -> None:
    check_group(sub, "q1_classify")


def q2_principles(sub: Submission) -> None:
    check_group(sub, "q2_principles")


def q3_relations(sub: Submission) -> None:
    check_group(sub, "q3_relations")


def q4_man(sub: Submission) -> None:
    check_group(sub, "q4_man")


def q5_records(sub: Submission) -> None:
    check_group(sub, "q5_records")


def q6_clv(sub: Submission) -> None:
    check_group(sub, "q6_clv")
