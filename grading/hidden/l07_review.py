"""Hidden tests for lesson 07 综合测验 (review quiz) (teacher side only).

This module is the one place besides the solution regions of the teacher's text lesson that
holds the quiz's answer key (:data:`KEY`) and the model answer of the hand-graded case study
(:data:`CASE_STUDY`); the student package ``crmcourse`` holds only the question texts and options.

The 30 questions are scored one by one: each has its own test cell (1 point) and its own test
function here, named like the question (``q01`` ... ``q30``). The answer format is strict, the
same rule the public checks teach: a single-choice answer is one capital letter (``"B"``), a
multiple-choice answer a set of capital letters (``{"A", "C"}``, exported as a frozenset). A
lower-case letter, ``"A,C"``, a list, a number or anything else fails with a message that shows
the right format.
"""

from __future__ import annotations

from typing import Any

from crmlab.teacher.hidden import Fail, Submission

#: The answer key: one letter for a single-choice question, a set for a multiple-choice one.
KEY: dict[str, str | set[str]] = {
    # 1 客户分级的含义、目的和条件
    "q01": "B",
    "q02": {"A", "B"},
    "q03": {"A", "B", "C"},
    # 2 分级的指标和客户金字塔
    "q04": {"A", "B", "C", "D"},
    "q05": "B",
    "q06": "C",
    "q07": "D",
    "q08": "C",
    # 3 RFM 模型
    "q09": {"A", "B", "C"},
    "q10": "A",
    "q11": "C",
    # 4 ABC 分析和结构相对数
    "q12": "B",
    "q13": "D",
    "q14": "C",
    "q15": "B",
    # 5 客户的分类
    "q16": "C",
    "q17": "B",
    "q18": {"A", "C", "D", "E"},
    # 6 客户管理的原则
    "q19": {"A", "B", "D", "E"},
    "q20": "B",
    # 7 客户关系的类型
    "q21": "A",
    "q22": "B",
    "q23": {"B", "C", "D"},
    # 8 潜在客户与 MAN 原则
    "q24": "C",
    "q25": "D",
    # 9 客户档案与数据隐私
    "q26": "B",
    "q27": {"B", "C", "D"},
    "q28": {"A", "C", "D", "E"},
    # 10 客户终生价值
    "q29": "A",
    "q30": {"A", "C", "D"},
}

#: One test cell per question; each reads the variable of the same name.
EXERCISES = {qid: [qid] for qid in KEY}

#: Why each answer is right, for going over the quiz in class after grading (not used by the
#: tests, never shown by them).
EXPLANATIONS = {
    "q01": "客户分级是利用客户信息，按客户对企业的价值和重要程度把现有客户分成不同的层级，"
    "再为每一层制定不同的管理策略。它不是按年龄分组，也不是放弃小客户。",
    "q02": "两个目的：判定不同客户带来的价值（资源有限，平均分配既不经济也不现实），"
    "区分不同价值客户的需求（有针对性的服务能提高忠诚度）。分级不是让服务完全一样，"
    "也不是不理小客户（公平原则）。",
    "q03": "三个条件：有稳定的现实客户、客户之间存在价值差异、客户数量超出企业的管理限度。"
    "客户价值都差不多，或者根本没有客户，分级就没有意义。",
    "q04": "四个指标：订单金额、利润贡献、信用状况、发展前景。单用一个指标是片面的，"
    "要加权合成一个分数。办公楼的层数和客户价值无关。",
    "q05": "信用状况看经营状况、财务状况和回款记录。销售额和增长率属于订单金额，"
    "企业性质、资产规模、赢利能力和增长潜力属于发展前景。",
    "q06": "关键客户（前 20%）大约带来 80% 的利润，这就是二八法则。前 1% 是重要客户。",
    "q07": "200 × 1% = 2，排在第 1、2 名的两位是重要客户。",
    "q08": "200 位客户：前 1% 是第 1–2 名（重要客户），前 20% 是第 1–40 名（第 3–40 名是次要客户），"
    "前 50% 是第 1–100 名（第 41–100 名是普通客户）。第 70 名是普通客户。",
    "q09": "R 是分析日减去最近一次购买的日期，F 是固定时间内的购买次数，M 是这段时间的"
    "购买总金额。会员等级不是 RFM 的指标。",
    "q10": "R 越小，说明离最近一次购买越近，客户越活跃：5 天比 200 天小，甲更活跃。",
    "q11": "最近刚买（R 小）、买得勤（F 高）、花得多（M 高），三项都好，是重要价值客户。",
    "q12": "结构相对数 = 总体中某一部分的数值 ÷ 总体全部数值 × 100%，说明部分在整体里有多重要。",
    "q13": "740 ÷ 2000 × 100% = 37%。",
    "q14": "ABC 分析要先按营业收入从高到低排序，再逐个累加占比；不排序，累计占比就没有意义。",
    "q15": "84.5% 超过 80%、不超过 95%，是 B 类（普通客户）。",
    "q16": "五类是：非客户、潜在客户、目标客户、现实客户、流失客户。“赢利性 / 非赢利性客户”"
    "是按客户对企业赢利的影响来分的，是另一种分类方式。",
    "q17": "第一次尝试购买的是初次购买者；第二次及以上购买的是重复购买者；连续不断、"
    "有指向地重复购买的是忠诚客户。目标客户还没有买过。",
    "q18": "结算方式、新老、追求的利益、所处的阶段都是常用的分类依据。流失客户曾经是企业的客户，"
    "后来不再购买；从来没有买过、也不可能买的是非客户。",
    "q19": "四条原则：公平、区别对待、积极开发、努力挽留。公平不是绝对平均，"
    "所以“平均分配”不是原则。",
    "q20": "不同客户的贡献不同，在不损害其他客户正当利益的前提下，把更多资源投给贡献大的客户，"
    "这是区别对待原则，也是客户分级的出发点。",
    "q21": "基本型：卖完就不再联系。被动型：鼓励客户有问题时主动找企业。负责型：售后主动询问"
    "产品是否满意。能动型：经常主动联系，提出改进建议或介绍新产品。伙伴型：和客户一起"
    "解决问题、共同发展。",
    "q22": "几千家网店是客户多、边际利润中等，在矩阵里是被动型：鼓励客户有问题时主动来找企业。"
    "客户这么多，企业没法一家一家主动上门；客户少、边际利润高才适合伙伴型。",
    "q23": "负责型在矩阵的斜对角：客户多且利润高、客户和利润都中等、客户少且利润低。"
    "客户多、利润低的是基本型。",
    "q24": "MAN：M = Money（购买能力），A = Authority（购买决定权：对购买有决定、建议或反对的"
    "权力），N = Need（需求）。",
    "q25": "公司有购买能力和需求，但小周没有决定权，也不能影响决定。应该去找公司里有决定权的人，"
    "例如采购经理。",
    "q26": "购买的商品、数量和时间是交易数据；客户的名称、地址、行业等是描述性数据；"
    "促销活动的内容和效果是促销性数据。",
    "q27": "课本的五条措施：匿名身份信息、具体数据与汇总数据、信息的市场定位或评估、合并数据源、"
    "匿名系统结构。公开客户名单、把资料拷回家都会泄露客户信息。",
    "q28": "要求有：主动性和计划性、适用性和及时性、完整性和一致性、价值性和优化性、"
    "档案保密与法律保护。什么都收集违反了价值性和优化性。",
    "q29": "只看今年，甲（10 万）比乙（3 万）高；把整个合作期加起来，乙远远超过甲。"
    "只看当年利润会低估乙这种有发展前景的客户。",
    "q30": "当年利润只是一个时点，终生价值看整个关系期间，可以用来选择客户、设计营销方案。"
    "终生价值高的客户今年不一定利润最高，例如刚起步、正在成长的客户。",
}

#: The model answer and marking scheme of the case study (written cell ``w1_case``, 5 points,
#: graded by hand). The teacher's text lesson holds the same text; the student copy gets a stub.
CASE_STUDY = """\
**参考答案**

(1) A 类大客户只有 4 位、每笔业务的边际利润高，适合伙伴型（至少能动型）关系：和客户
一起解决问题、共同发展。明年新增的电商小客户有几百家、边际利润低，适合基本型或被动型
关系：用较低的服务成本保证基本服务，客户有问题时能方便地找到公司。

(2) 值得开发。M：公司资金充足，买得起；A：采购经理能决定和谁合作；N：明年起需要大量
冷链运输。三项都满足。只看今年 20 万元会低估它：应该看客户终生价值，也就是整个合作期
间能带来的价值，这家电商正在扩张，将来的业务量会大得多。

(3) 违反了“档案保密与法律保护”的要求。措施（任一条即可）：匿名身份信息（客户的身份
信息做匿名处理）；用汇总数据代替具体数据；只用客户的市场定位或评估结果（例如所属的
类别、评分），不用具体明细；谨慎合并数据源（几份数据合在一起可能认出具体的人）；
系统按匿名的结构设计；客户资料只留在公司系统里，按权限查看，不导出到个人电脑。

**评分要点（共 5 分）**

1. 大客户选伙伴型或能动型，理由提到客户少、边际利润高（1 分）。
2. 小客户选基本型或被动型，理由提到客户多、边际利润低（1 分）。
3. 用 M、A、N 三项逐一判断，结论是值得开发（1 分）。
4. 指出只看当年利润会低估它，要看整个合作期间的终生价值（1 分）。
5. 说出“保密与法律保护”，并给出一条合理的隐私保护措施（1 分）。"""

#: The questions with five options (A-E); every other question has four (A-D).
FIVE_OPTIONS = {"q03", "q04", "q18", "q19", "q27", "q28"}

FORMAT_SINGLE = '单选题的答案是一个大写字母，加引号，例如 "B"'
FORMAT_MULTIPLE = '多选题的答案是一个集合：大写字母分别加引号，放进花括号，例如 {"A", "C"}'


def options(qid: str) -> set[str]:
    return set("ABCDE" if qid in FIVE_OPTIONS else "ABCD")


def well_formed(value: Any, single: bool) -> bool:
    """Whether ``value`` (as exported: a set arrives as a frozenset) has the required format:
    capital letters only; an unknown letter is checked separately."""
    if single:
        return isinstance(value, str) and len(value) == 1 and "A" <= value <= "Z"
    return (
        isinstance(value, (set, frozenset))
        and len(value) >= 2
        and all(isinstance(x, str) and len(x) == 1 and "A" <= x <= "Z" for x in value)
    )


def check_answer(sub: Submission, qid: str) -> None:
    """The answer to ``qid`` must be well formed, use only its options, and match the key."""
    key = KEY[qid]
    single = isinstance(key, str)
    value = sub.get(qid)
    if not well_formed(value, single):
        rule = FORMAT_SINGLE if single else FORMAT_MULTIPLE
        raise Fail(f"{qid} 的答案格式不对，不能算对（{rule}）。")
    unknown = sorted(set([value] if single else value) - options(qid))
    if unknown:
        letters = "、".join(sorted(options(qid)))
        raise Fail(f"{qid} 的答案里有不是选项的字母 {unknown[0]!r}，不能算对"
                   f"（这道题的选项是 {letters}）。")
    expected = {key} if single else set(key)
    if set([value] if single else value) != expected:
        raise Fail(f"{qid} 答错了。")


def _make_test(qid: str):
    def test(sub: Submission) -> None:
        check_answer(sub, qid)

    test.__name__ = test.__qualname__ = qid
    return test


# One hidden test per question: q01(sub) ... q30(sub).
for _qid in KEY:
    globals()[_qid] = _make_test(_qid)
del _qid
