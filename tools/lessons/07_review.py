"""Lesson 07 综合测验 (review quiz): the concepts the other lessons only mention. Ways to
classify customers, the management principles, Kotler's relationship levels, the MAN rule,
customer records and privacy, customer lifetime value. 20 single- and multiple-choice questions
in six auto-graded groups, a practice widget, and a hand-graded case study.

The questions (texts and options only) live in ``crmlab/checks/l07_review.py`` (``QUESTIONS``).
The answer key and the case study's model answer live only in the teacher's hidden tests,
``grading/hidden/l07_review.py``; this builder reads them from there for the solution regions
of the teacher notebook. The practice widget has practice questions of its own.

Build with ``python tools/build_course.py 07_review``.
"""

from nbbuild import ROOT, Scenario, answer, code, md, readonly, tests, written

from crmlab.checks.l07_review import GROUPS, QUESTIONS, group_questions
from crmlab.teacher.hidden import load_lesson

#: The answer key and the case study's model answer live only in the hidden tests.
_HIDDEN = load_lesson(ROOT / "grading", "07_review")


def _literal(value) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    return "{" + ", ".join(f'"{x}"' for x in sorted(value)) + "}"


def _questions_md(group: int) -> str:
    qs = group_questions(group)
    title = GROUPS[group][0]
    lines = [
        f"### 第 {group} 组：{title}（{len(qs)} 分，{qs[0].qid}–{qs[-1].qid}）",
        "",
    ]
    for q in qs:
        lines.append(f"**{q.qid}**（{q.kind_label}）{q.text}")
        lines.append("")
        lines += [f"- {letter}. {option}" for letter, option in q.options]
        lines.append("")
    return "\n".join(lines)


def _answer_cell(group: int):
    qs = group_questions(group)
    body = "\n".join(f"{q.qid} = {_literal(_HIDDEN.KEY[q.qid])}" for q in qs)
    forms = {"single": '"X"', "multiple": '{"X", "Y"}'}
    template = "\n".join(
        f"# {q.qid} = {forms[q.kind]:<12}（{q.kind_label}）" for q in qs
    )
    return answer(
        "# 把 X、Y 换成你选的字母（多选题选几个就写几个），去掉行首的 #：\n"
        f"{template}\n### BEGIN SOLUTION\n{body}\n### END SOLUTION",
        grade_id=f"a{group}_{GROUPS[group][1].split('_', 1)[1]}",
    )


def _tests_cell(group: int):
    qs = group_questions(group)
    grade_id = GROUPS[group][1]
    return tests(f"cl.checks.l07.{grade_id}()", grade_id=grade_id, points=len(qs))


def _group(group: int) -> list:
    return [md(_questions_md(group)), _answer_cell(group), _tests_cell(group)]


CELLS = [
    md(
        """
        # 第 7 课　综合测验：客户分级的相关概念 (review quiz)

        前面几课用数据学会了给客户分级：ABC 分类、客户金字塔、RFM 模型。这一课把几课里
        只是顺带提到的管理概念集中复习一遍，再做一套 20 道题的**综合测验 (review quiz)**
        和一道案例分析题。

        ## 学习目标 (learning objectives)

        - **知识**：说出客户分类的几种方式、客户管理的四条原则、科特勒 (Kotler) 的五种客户
          关系类型、寻找潜在客户的 MAN 原则、客户档案的内容和要求、保护客户数据隐私的措施；
          分清客户终生价值和客户当年利润。
        - **技能**：能按「客户数量 × 边际利润」选出合适的客户关系类型；能用 MAN 原则判断一个
          对象是不是值得开发的潜在客户；能用简单的计算比较两位客户的终生价值。
        - **态度**：尊重并保护客户的隐私；用长远的眼光看待每一位客户的价值。

        ## 时间安排（90 分钟）

        | 环节 | 时间 |
        |---|---|
        | 1. 导入案例 | 5 分钟 |
        | 2. 复习要点和两个计算例子 | 25 分钟 |
        | 3. 用小控件练一练 | 15 分钟 |
        | 4. 综合测验（20 题，20 分） | 30 分钟 |
        | 5. 案例分析（5 分） | 10 分钟 |
        | 6. 小结与讨论 | 5 分钟 |
        """
    ),
    md(
        """
        ## 1. 导入案例：新来的实习生

        小林刚到长海物流公司的客服部实习。第一天，主管交给她三件事：

        1. 把公司的客户按不同的方式分一分，说清楚谁是老客户、谁是还没合作的潜在客户；
        2. 对几家大客户和几百家零散的小客户，分别定一个联系和服务的方式；
        3. 给每位客户建一份档案，同时不能让客户的资料泄露出去。

        **想一想**：做这三件事之前，小林需要弄清哪些概念？看一家客户值不值得维护，
        只看它今年给公司赚了多少钱，够不够？

        先运行下面的单元格，载入这一课要用的工具。
        """
    ),
    readonly(
        """
        import pandas as pd

        import crmlab as cl

        print("工具已载入，可以开始了。")
        """,
        grade_id="setup",
    ),
    md(
        """
        ## 2. 复习要点

        ### 2.1 客户的分类 (ways to classify customers)

        同一批客户，按不同的依据可以分成不同的类：

        | 分类依据 | 分成哪些类 |
        |---|---|
        | 结算方式 | 现金客户、预付款客户、赊销客户 |
        | 是否与企业交易过 | 老客户、新客户 |
        | 交换的现实性 | 现实客户、潜在客户 |
        | 对企业赢利的影响 | 赢利性客户、非赢利性客户 |
        | 关系的远近 | 非客户、潜在客户、目标客户、现实客户、流失客户 |
        | 追求的利益 | 经济型（看价格）、道德型（看品牌和社会责任）、个性化、便利型 |
        | 所处的阶段 | 开发期、接触期、确立期、成熟期、反复期、衰退期 |

        按关系的远近：**非客户**与企业的产品无关，或根本不可能购买；**潜在客户 (potential
        customer)** 有购买的欲望或能力，但还没有买；**目标客户**是企业挑选出来、准备开发的
        人群；**现实客户**正在购买，又分初次购买者（第一次买）、重要购买者（买过两次及以上）
        和忠诚客户（持续、有指向地反复购买）；**流失客户**以前买过，现在不再购买。

        ### 2.2 客户管理的四条原则 (management principles)

        | 原则 | 意思 |
        |---|---|
        | 公平 | 每位客户不论大小都要重视，不能为了照顾大客户而损害小客户的利益 |
        | 区别对待 | 公平不是平均：在不损害其他客户正当利益的前提下，给贡献大的客户更多资源 |
        | 积极开发 | 企业要持续发展，就要不断开发新客户 |
        | 努力挽留 | 开发一个新客户的成本约是维持一个老客户的 5–10 倍，老客户要用心留住 |

        ### 2.3 客户关系的五种类型 (Kotler's relationship levels)

        科特勒按企业在售后主动做多少事，把客户关系分成五种：**基本型**（卖完就不再联系）、
        **被动型**（鼓励客户有问题时来找企业）、**负责型**（售后主动询问客户是否满意）、
        **能动型**（经常主动联系，提出改进建议、介绍新产品）、**伙伴型**（和客户一起解决问题，
        共同发展）。选哪一种，要看企业的**客户数量**和每位客户带来的**边际利润 (margin)**。
        下面用一张表把这个矩阵写出来：行是客户数量，列是边际利润。
        """
    ),
    code(
        """
        kotler = pd.DataFrame(
            [["基本型", "被动型", "负责型"],
             ["被动型", "负责型", "能动型"],
             ["负责型", "能动型", "伙伴型"]],
            index=pd.Index(["多", "中", "少"], name="客户数量"),
            columns=pd.Index(["低", "中", "高"], name="边际利润"),
        )
        kotler
        """
    ),
    md(
        """
        查表用 `.loc[行, 列]`。例如一家企业的客户很少、每位客户的边际利润很高，
        它适合的关系类型是：
        """
    ),
    code(
        """
        kotler.loc["少", "高"]
        """
    ),
    md(
        """
        客户越多、利润越薄，企业越难给每位客户深度服务；客户越少、利润越高，越值得和客户
        结成伙伴。把上面的「少」「高」换成别的组合，再运行一次试试。

        ### 2.4 潜在客户与 MAN 原则 (the MAN rule)

        潜在客户要「用得着、买得起」。判断一个对象值不值得开发，可以看三个字母：

        | 字母 | 含义 | 要问的问题 |
        |---|---|---|
        | M (Money) | 购买能力，三项里最重要 | 他买得起吗？ |
        | A (Authority) | 购买决定权：对买不买有决定、建议或反对的权力 | 他说了算吗？ |
        | N (Need) | 需求 | 他用得着吗？ |

        ### 2.5 客户档案和数据隐私 (customer records and privacy)

        - **档案的内容**：基本资料（个人或组织的情况、与企业的交易记录）、统计分析资料、
          企业投入的记录（联系情况、花的费用、给的优惠）。
        - **数据的类型**：描述性数据（客户是谁）、促销性数据（做过哪些促销、效果如何）、
          交易数据（买了什么、买了多少、什么时候买的）。
        - **建档的要求**：主动性和计划性、适用性和及时性、完整性和一致性、价值性和优化性、
          档案保密与法律保护。
        - **保护隐私的措施**：匿名的身份信息、用汇总数据代替个人明细、匿名化的系统结构。

        ### 2.6 客户终生价值 (customer lifetime value, CLV)

        客户**当年利润**只看一年，是静态的；**客户终生价值**看客户在整个合作期间给企业带来的
        价值，是动态的。下面用两位客户算一算：客户甲今年带来 10 万元利润，明年就走；客户乙
        今年只带来 3 万元，但会再合作 8 年，利润每年增长 20%（单位：万元）。
        """
    ),
    code(
        """
        years = range(1, 9)
        profit = pd.DataFrame({
            "年份": list(years),
            "客户甲": [10] + [0] * 7,
            "客户乙": [round(3 * 1.2 ** (y - 1), 1) for y in years],
        })
        profit
        """
    ),
    md(
        """
        把两位客户的「今年的利润」和「8 年合计」放在一起比较。（这里没有考虑资金的时间价值：
        更精确的终生价值会把将来的钱打个折，叫作折现 (discounting)，结论不变。）
        """
    ),
    code(
        """
        compare = pd.DataFrame({
            "今年的利润（万元）": profit.loc[0, ["客户甲", "客户乙"]],
            "8 年合计（万元）": profit[["客户甲", "客户乙"]].sum(),
        })
        compare
        """
    ),
    md(
        """
        画成柱形图看得更清楚：只看今年，甲领先；看整个合作期，乙远远超过甲。
        """
    ),
    code(
        """
        import matplotlib.pyplot as plt

        cl.use_chinese_font()
        ax = compare.T.plot.bar(rot=0, figsize=(6, 3.5))
        ax.set_ylabel("利润（万元）")
        ax.set_title("当年利润和 8 年合计：客户甲与客户乙")
        plt.show()
        """
    ),
    md(
        """
        ## 3. 练一练

        下面的小控件里有 6 道练习题，每组一道，和后面的综合测验考同样的知识，但不是测验的原题。
        选一道题，选好答案后点「检查」：答对了会看到解析，答错了会看到提示，可以反复试。
        它只用来练习，不计分。（如果这里只显示题目列表，说明笔记本没有在 JupyterLab 里交互
        运行，重新运行这个单元格即可。）
        """
    ),
    code(
        """
        cl.widgets.l07.practice()
        """
    ),
    md(
        """
        ## 4. 综合测验（共 20 题，20 分）

        **怎样作答**：每道题的答案存进同名的变量。

        - 单选题 (single choice) 写**一个字母**，加引号：`q01 = "B"`
        - 多选题 (multiple choice) 写**一个集合 (set)**，用花括号：`q03 = {"A", "C"}`。
          多选题至少有两个正确选项，多选、少选都不得分。

        每组题后面的检查单元格只检查答案的**格式**（变量有没有、字母是不是选项），
        不告诉你对错；对错由提交以后在老师的电脑上运行的隐藏测试判断，成绩反馈里会写出
        答错的题号。每组题全部答对才得这一组的分数。
        """
    ),
    *_group(1),
    *_group(2),
    *_group(3),
    *_group(4),
    *_group(5),
    *_group(6),
    md(
        """
        ## 5. 案例分析（5 分，由老师批改）

        长海物流在整理客户名单时遇到三件事：

        1. 公司的大客户只有寥寥几家，例如客户 4，一年的营业收入 740 万元，每家的利润都很高；
           另外还有几百家零散的小客户，每家一年只有几万元的业务，利润很薄。
        2. 一家正在快速扩张的生鲜电商还没有和长海物流合作，正在比较几家物流公司。它的采购经理
           （能决定和谁合作）说明年起需要大量的冷链运输，公司资金也很充足；如果签约，
           今年只会先试着下 20 万元左右的订单。
        3. 一位业务员想把全部客户的电话、地址和交易记录导出到自己的电脑上，方便在家加班。

        请分别回答：

        - (1) 对客户 4 这样的大客户和那些零散的小客户，各适合建立哪种客户关系？为什么？
        - (2) 按 MAN 原则，这家电商是不是值得开发的潜在客户？如果只用它今年 20 万元的订单
          来判断它的价值，会有什么问题？
        - (3) 业务员的做法违反了建立客户档案的哪条要求？提出一条保护客户数据隐私的措施。

        把答案写在下面的单元格里（双击进入编辑，写完按 Shift+Enter）。
        """
    ),
    written(_HIDDEN.CASE_STUDY, grade_id="w1_case", points=5),
    md(
        """
        ## 小结

        - 客户可以按结算方式、新老、现实或潜在、赢利性、关系远近、追求的利益、所处阶段来分类；
          分级只是其中按价值来分的一种。
        - 客户管理的四条原则：公平、区别对待、积极开发、努力挽留。公平不等于平均。
        - 科特勒的五种关系：基本型、被动型、负责型、能动型、伙伴型，按客户数量和边际利润选择。
        - MAN 原则：买得起 (Money)、说了算 (Authority)、用得着 (Need)。
        - 客户档案要完整、及时、有价值，还要保密；隐私保护靠匿名身份、汇总数据、匿名化的系统。
        - 客户终生价值看整个合作期间，当年利润只看一年。

        **讨论**：你所在的学校食堂或你常去的一家店，和你建立的是哪一种客户关系？如果它想让你
        成为忠诚客户，可以做些什么？它收集了你的哪些信息，又应该怎样保护这些信息？
        """
    ),
]

# ---- specs for tests/test_nbgrader_pipeline.py ------------------------------------------

# Answers in the wrong format, caught by the public checks: a letter that is not an option,
# and a multiple-choice answer written as one string.
WRONG = Scenario(
    answers={
        "a1_classify": 'q01 = "E"\nq02 = "B"\nq03 = {"A", "C", "D", "E"}\nq04 = "D"',
        "a4_man": 'q11 = "C"\nq12 = "ACD"\nq13 = "D"',
    },
    fails={"q1_classify", "q4_man"},
)

# Always-pass fakes for every check, then answers in the right format but wrong: only the
# hidden tests (the answer key) can catch them.
CHEAT = Scenario(
    prelude="""\
import crmlab as cl

for _name in ("q1_classify", "q2_principles", "q3_relations", "q4_man", "q5_records",
              "q6_clv"):
    setattr(cl.checks.l07, _name, lambda *a, **k: print("✅ 公开检查通过"))
cl.checks.l07.check_group = lambda *a, **k: None
""",
    answers={
        "a1_classify": 'q01 = "A"\nq02 = "A"\nq03 = {"A", "B"}\nq04 = "A"',
        "a2_principles": 'q05 = {"A", "C"}\nq06 = "A"\nq07 = "A"',
        "a3_relations": 'q08 = "B"\nq09 = "A"\nq10 = {"A", "B"}',
        "a4_man": 'q11 = "A"\nq12 = {"A", "B"}\nq13 = "A"',
        "a5_records": 'q14 = {"A", "B"}\nq15 = "A"\nq16 = {"A", "B"}\nq17 = {"A", "B"}',
        "a6_clv": 'q18 = "A"\nq19 = "B"\nq20 = {"A", "B"}',
    },
    fails={"q1_classify", "q2_principles", "q3_relations", "q4_man", "q5_records", "q6_clv"},
)

assert set(_HIDDEN.KEY) == {q.qid for q in QUESTIONS}
