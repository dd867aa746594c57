# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: nbgrader,tags,-all
#     notebook_metadata_filter: kernelspec,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 第 7 课　综合测验：客户分级 (review quiz)
#
# 这是最后一课。我们先把前六课学过的客户分级知识串起来复习一遍：什么是客户分级、为什么
# 要分级、分级的条件和指标、客户金字塔、RFM 模型、ABC 分析和结构相对数；再复习和客户分级
# 配套的几个管理概念：客户的分类方式、客户管理的原则、客户关系的类型、潜在客户的 MAN
# 原则、客户档案与数据隐私、客户终生价值。后面几个概念在前几课里只是顺带提到，这里把它们
# 讲完整。最后做一套 30 道题的**综合测验 (review quiz)**，课后再完成一道案例分析题。
#
# ## 学习目标 (learning objectives)
#
# - **知识**：说出客户分级的含义、两个目的、三个条件和四个指标；记住客户金字塔每层的
#   比例、RFM 三个字母的含义、ABC 分析的步骤和 80% / 95% 规则、结构相对数的公式；
#   说出客户分类的几种方式、客户管理的四条原则、科特勒 (Kotler) 的五种客户关系类型、
#   MAN 原则、客户档案的内容和要求、保护客户数据隐私的五条措施；分清客户终生价值和当年利润。
# - **技能**：会算一位客户的比重（结构相对数），会按名次判断客户在金字塔的哪一层；
#   能按“客户数量 × 边际利润”选出合适的客户关系类型；能用 MAN 原则判断一个对象是不是
#   值得开发的潜在客户；能用简单的计算比较两位客户的终生价值。
# - **态度**：尊重并保护客户的隐私；用长远的眼光看待每一位客户的价值。
#
# ## 时间安排（课堂约 100 分钟 + 课后作业约 25 分钟）
#
# | 环节 | 时间 |
# |---|---|
# | 1. 导入案例 | 5 分钟 |
# | 2. 复习要点和几个小例子 | 35 分钟 |
# | 3. 用小控件练一练（不计分） | 10 分钟 |
# | 4. 综合测验（30 题，每题 1 分） | 45 分钟 |
# | 5. 小结与讨论 | 5 分钟 |
# | **课后作业 (homework)**：从第 6 节“案例分析”开始（5 分，由老师批改） | 约 25 分钟 |
#
# 如果课堂只有两节课（90 分钟），可以把第 3 节“练一练”放到课后，作为做作业之前的热身。

# %% [markdown]
# ## 1. 导入案例：新来的实习生
#
# 小林刚到长海物流公司的客服部实习。第一天，主管交给她三件事：
#
# 1. 把公司的客户按不同的方式分一分，说清楚谁是老客户、谁是还没合作的潜在客户；
# 2. 对几家大客户和许多零散的小客户，分别定一个联系和服务的方式；
# 3. 给每位客户建一份档案，同时不能让客户的资料泄露出去。
#
# **想一想**：做这三件事之前，小林需要弄清哪些概念？看一家客户值不值得维护，
# 只看它今年给公司赚了多少钱，够不够？
#
# 先运行下面的单元格，载入这一课要用的工具。
#
# **注意**：如果重启了内核 (kernel)，或者关掉笔记本以后再打开，要先重新运行下面这个单元格，
# 再把已经写好的答案单元格也重新运行一遍，否则检查单元格找不到 `checks` 和你的答案。

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import pandas as pd

import crmlab as cl
from crmcourse.l07_review import checks, widgets

print("工具已载入，可以开始了。")

# %% [markdown]
# ## 2. 复习要点
#
# ### 2.1 客户分级：第 1–6 课回顾 (customer tiering)
#
# **客户分级 (customer tiering)**：利用客户信息，按客户对企业的**价值和重要程度**把现有
# 客户分成不同的层级，再给每一层定不同的管理策略。
#
# - **两个目的**（第 1 课）：① 判定不同客户带来的价值：企业的资源有限，平均分给每位客户
#   既不经济也不现实；② 区分不同价值客户的需求：高价值客户希望得到不一样的对待，
#   有针对性的服务能让客户更忠诚。
# - **三个条件**（第 2 课）：① 企业拥有稳定的现实客户（客户会反复交易）；② 客户之间存在
#   价值差异（差异越大，越值得分级）；③ 客户数量超出了企业的管理限度（员工没法一一照顾）。
# - **四个指标**（第 3 课）：客户订单金额（累计销售额、平均销售额、销售增长率）、客户利润
#   贡献（扣除服务成本以后的利润）、客户信用状况（经营状况、财务状况、回款记录）、客户
#   发展前景（企业性质、资产规模、赢利能力、增长潜力）。只看一个指标是片面的，要加权合成
#   一个分数。
#
# **客户金字塔 (customer pyramid)**（第 4 课）：按利润从高到低排名，从上往下分层。
#
# | 层 | 排名范围 | 大约占客户总数 |
# |---|---|---|
# | 重要客户 | 前 1% | 1% |
# | 次要客户 | 前 1% 之后、前 20% 以内 | 19% |
# | 普通客户 | 前 20% 之后、前 50% 以内 | 30% |
# | 小客户 | 后 50% | 50% |
#
# 重要客户加次要客户叫**关键客户**：大约 20% 的客户，带来大约 80% 的利润（二八法则）。
# 一层有几位客户，用“客户总数 × 百分比”算。例如一家企业有 500 位客户：

# %%
n = 500
print("前 1% 的名次到：", n * 1 / 100)
print("前 20% 的名次到：", n * 20 / 100)
print("前 50% 的名次到：", n * 50 / 100)

# %% [markdown]
# 所以第 1–5 名是重要客户，第 6–100 名是次要客户，第 101–250 名是普通客户，其余是小客户。
#
# **RFM 模型 (RFM model)**（第 5 课）：
#
# | 字母 | 含义 | 怎样看 |
# |---|---|---|
# | R (recency) | 分析日离最近一次购买有多少天 | **越小**越好：最近刚买过，客户活跃 |
# | F (frequency) | 一段固定时间里购买的次数 | 越大越好：反映忠诚度 |
# | M (monetary) | 这段时间里购买的总金额 | 越大越好：反映购买力和贡献 |
#
# 三项各分“好”“差”，组合出八类客户。名字分两半：M 好的叫“重要……”，M 差的叫“一般……”；
# 后半截看 R 和 F：
#
# | | F 好（买得勤） | F 差（买得少） |
# |---|---|---|
# | **R 好**（最近买过） | ……价值客户 | ……发展客户 |
# | **R 差**（很久没来） | ……保持客户 | ……挽留客户 |
#
# 例如三项都好（最近买过、买得勤、花得多）的是**重要价值客户**；R、F、M 三项都差的是
# **一般挽留客户**。
#
# **ABC 分析 (ABC analysis)**（第 6 课）：① 选定指标（例如营业收入）→ ② 收集客户资料 →
# ③ 计算比重并**从高到低**排序 → ④ 按累计占比分层 → ⑤ 画分层图。
# **比重**也叫**结构相对数**：
#
# 结构相对数 = 总体中某一部分的数值 ÷ 总体全部数值 × 100%
#
# 下面是三位客户的小例子。`/` 是除法，`.sum()` 把一列加起来，`.sort_values(..., ascending=False)`
# 从大到小排序，`.cumsum()` 从上往下逐个累加：

# %%
toy = pd.DataFrame({"客户": ["甲", "乙", "丙"], "营业收入": [25, 60, 15]})
toy["比重（%）"] = toy["营业收入"] / toy["营业收入"].sum() * 100
toy = toy.sort_values("营业收入", ascending=False)
toy["累计占比（%）"] = toy["比重（%）"].cumsum()
toy

# %% [markdown]
# 乙占 60%，甲占 25%，丙占 15%。分类规则：累计占比**不超过 80%** 的是 A 类（大客户），
# 超过 80%、**不超过 95%** 的是 B 类（普通客户），超过 95% 的是 C 类（小客户）。
# 这个小例子里，乙（累计 60%）是 A 类，甲（累计 85%）是 B 类，丙（累计 100%）是 C 类。
# 如果忘了先从高到低排序，累计占比就全乱了。
#
# ### 2.2 客户的分类 (ways to classify customers)
#
# 同一批客户，按不同的依据可以分成不同的类：
#
# | 分类依据 | 分成哪些类 |
# |---|---|
# | 结算方式 | 现金客户、预付款客户、赊销客户 |
# | 是否与企业交易过 | 老客户、新客户 |
# | 交换的现实性 | 现实客户、潜在客户 |
# | 对企业赢利的影响 | 赢利性客户、非赢利性客户 |
# | 关系的远近 | 非客户、潜在客户、目标客户、现实客户、流失客户 |
# | 追求的利益 | 经济型（看价格）、道德型（看品牌和社会责任）、个性化、便利型 |
# | 所处的阶段 | 开发期、接触期、确立期、成熟期、反复期、衰退期 |
#
# 按关系的远近：**非客户**与企业的产品无关，或根本不可能购买；**潜在客户 (potential
# customer)** 有购买的欲望或能力，但还没有买；**目标客户**是企业挑选出来、准备开发的
# 人群；**现实客户**正在购买，又分初次购买者（第一次买）、重复购买者（买过两次及以上）
# 和忠诚客户（连续不断、有指向地重复购买）；**流失客户**以前买过，现在不再购买。
#
# ### 2.3 客户管理的四条原则 (management principles)
#
# | 原则 | 意思 |
# |---|---|
# | 公平 | 每位客户不论大小都要重视，不能为了照顾大客户而损害小客户的利益 |
# | 区别对待 | 公平不是平均：在不损害其他客户正当利益的前提下，给贡献大的客户更多资源 |
# | 积极开发 | 企业要持续发展，就要不断开发新客户 |
# | 努力挽留 | 开发一个新客户的成本约是维持一个老客户的 5–10 倍，老客户要用心留住 |
#
# ### 2.4 客户关系的五种类型 (Kotler's relationship levels)
#
# 科特勒按企业在售后主动做多少事，把客户关系分成五种：**基本型**（卖完就不再联系）、
# **被动型**（鼓励客户有问题时来找企业）、**负责型**（售后主动询问客户是否满意）、
# **能动型**（经常主动联系，提出改进建议、介绍新产品）、**伙伴型**（和客户一起解决问题，
# 共同发展）。选哪一种，要看企业的**客户数量**和每位客户带来的**边际利润 (margin)**。
# 下面用一张表把这个矩阵写出来：行是客户数量，列是边际利润。

# %%
kotler = pd.DataFrame(
    [["基本型", "被动型", "负责型"],
     ["被动型", "负责型", "能动型"],
     ["负责型", "能动型", "伙伴型"]],
    index=pd.Index(["多", "中", "少"], name="客户数量"),
    columns=pd.Index(["低", "中", "高"], name="边际利润"),
)
kotler

# %% [markdown]
# 查表用 `.loc[行, 列]`。例如一家企业的客户很多、每位客户的边际利润很低，
# 它适合的关系类型是：

# %%
kotler.loc["多", "低"]

# %% [markdown]
# 客户越多、利润越薄，企业越难给每位客户深度服务；客户越少、利润越高，越值得和客户
# 结成伙伴。把上面的“多”“低”换成别的组合，再运行一次试试。
#
# ### 2.5 潜在客户与 MAN 原则 (the MAN rule)
#
# 潜在客户要“用得着、买得起”。判断一个对象值不值得开发，可以看三个字母：
#
# | 字母 | 含义 | 要问的问题 |
# |---|---|---|
# | M (Money) | 购买能力，三项里最重要 | 他买得起吗？ |
# | A (Authority) | 购买决定权：对买不买有决定、建议或反对的权力 | 他说了算吗？ |
# | N (Need) | 需求 | 他用得着吗？ |
#
# ### 2.6 客户档案和数据隐私 (customer records and privacy)
#
# - **档案的内容**：基本资料（个人或组织的情况、与企业的交易记录）、统计分析资料、
#   企业投入的记录（联系情况、花的费用、给的优惠）。
# - **数据的类型**：描述性数据（客户是谁）、促销性数据（做过哪些促销、效果如何）、
#   交易数据（买了什么、买了多少、什么时候买的）。
# - **建档的要求**：主动性和计划性、适用性和及时性、完整性和一致性、价值性和优化性、
#   档案保密与法律保护。
# - **保护隐私的五条措施**：
#   1. 匿名身份信息：分析时不用客户的真实姓名、电话，换成编号；
#   2. 具体数据与汇总数据：能用汇总数据（例如一类客户的合计、平均）就不用每个人的具体数据；
#   3. 信息的市场定位或评估：只用客户属于哪一类、评分多少这样的结果，不公开背后的明细；
#   4. 合并数据源：把几份数据合在一起时要格外小心，合并后可能认出具体的人；
#   5. 匿名系统结构：把系统本身设计成匿名的，查看数据的人看不到客户是谁。
#
# ### 2.7 客户终生价值 (customer lifetime value, CLV)
#
# 客户**当年利润**只看一年，是静态的；**客户终生价值**看客户在整个合作期间给企业带来的
# 价值，是动态的。所以企业挑选要重点服务的客户、设计营销方案的时候，可以参考客户终生
# 价值，不能只看当年利润。下面用两位客户算一算：客户甲今年带来 10 万元利润，明年就走；客户乙
# 今年只带来 3 万元，但和公司一共合作 8 年（今年是第 1 年），利润每年增长 20%（单位：万元）。

# %%
years = range(1, 9)
profit = pd.DataFrame({
    "年份": list(years),
    "客户甲": [10] + [0] * 7,
    "客户乙": [round(3 * 1.2 ** (y - 1), 1) for y in years],
})
profit

# %% [markdown]
# 把两位客户的“今年的利润”（第 1 年）和“8 年合计”放在一起比较。（这里没有考虑资金的
# 时间价值：更精确的终生价值会把将来的钱打个折，叫作折现 (discounting)，结论不变。）

# %%
compare = pd.DataFrame({
    "今年的利润（万元）": profit.loc[0, ["客户甲", "客户乙"]],
    "8 年合计（万元）": profit[["客户甲", "客户乙"]].sum(),
})
compare

# %% [markdown]
# 画成柱形图看得更清楚：只看今年，甲领先；看整个合作期，乙远远超过甲。

# %%
import matplotlib.pyplot as plt

cl.use_chinese_font()
ax = compare.T.plot.bar(rot=0, figsize=(6, 3.5))
ax.set_ylabel("利润（万元）")
ax.set_title("当年利润和 8 年合计：客户甲与客户乙")
plt.show()

# %% [markdown]
# ## 3. 练一练
#
# 下面的小控件里有几道练习题，和后面的综合测验考同样的知识，但不是测验的原题。
# 选一道题，选好答案后点“检查”：答对了会看到解析，答错了会看到提示，可以反复试。
# 它只用来练习，不计分。（如果这里只显示题目列表，说明笔记本没有在 JupyterLab 里交互
# 运行，重新运行这个单元格即可。）

# %%
widgets.practice()

# %% [markdown]
# ## 4. 综合测验（共 30 题，每题 1 分）
#
# **怎样作答**：每道题下面有一个答案单元格。删掉 `raise NotImplementedError()` 那一行，
# 把答案存进和题号同名的变量（第 1 题是 `q01`，第 2 题是 `q02`……），运行它；
# 再运行下面的检查单元格。
#
# - 单选题 (single choice) 写**一个大写字母**，加引号，例如 `"B"`。
# - 多选题 (multiple choice) 写**一个集合 (set)**：每个大写字母单独加引号，用逗号隔开，
#   放进花括号，例如 `{"A", "C"}`。多选题至少有两个正确选项，多选、少选都不得分。
#
# 别的写法都**不算对**：小写的 `"b"`、写在一个引号里的 `"A,C"` 或 `"AC"`、方括号的
# `["A", "C"]`、数字。集合是什么样子，运行下面的小例子看一看：集合不管字母的顺序。

# %%
chosen = {"C", "A"}
print(chosen == {"A", "C"})
print(type(chosen))

# %% [markdown]
# 检查单元格只检查答案的**格式**（变量有没有、字母是不是这道题的选项），不告诉你对错；
# 对错由提交以后在老师的电脑上运行的隐藏测试判断，成绩反馈里会写出每道题对不对。

# %% [markdown]
# ### 第 1 组：客户分级的含义、目的和条件 (customer tiering)（第 1、2 课，q01–q03）
#
# **q01**（单选）客户分级 (customer tiering) 指的是什么？
#
# - A. 按客户的年龄和性别把客户分成几组
# - B. 根据客户信息，按客户对企业的价值和重要程度把现有客户分成不同层级，再给每个层级定不同的管理策略
# - C. 只给大客户提供服务，其他客户一律放弃
# - D. 按客户所在的地区安排送货路线

# %% nbgrader={"grade": false, "grade_id": "a01", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q01 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q01 = "B"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q01", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q01()

# %% [markdown]
# **q02**（多选）企业为什么要给客户分级？下面哪些是分级的目的？
#
# - A. 企业的资源有限，平均分给每位客户既不经济也不现实，所以要判定不同客户带来的价值
# - B. 不同价值的客户需求不同，有针对性的服务能让客户更忠诚
# - C. 让每一位客户都得到完全一样的服务
# - D. 分好级以后，就可以不再理会小客户

# %% nbgrader={"grade": false, "grade_id": "a02", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 多选题：写一个集合，例如 q02 = {"X", "Y"}（换成你选的大写字母，选几个写几个）。
### BEGIN SOLUTION
q02 = {"A", "B"}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q02", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q02()

# %% [markdown]
# **q03**（多选）满足哪些条件时，企业给客户分级才有意义？
#
# - A. 企业拥有稳定的现实客户，客户会反复和企业交易
# - B. 客户之间存在价值差异
# - C. 客户数量超出了企业能一一照顾的限度
# - D. 每位客户给企业带来的价值都差不多
# - E. 企业刚刚成立，还没有一位客户

# %% nbgrader={"grade": false, "grade_id": "a03", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 多选题：写一个集合，例如 q03 = {"X", "Y"}（换成你选的大写字母，选几个写几个）。
### BEGIN SOLUTION
q03 = {"A", "B", "C"}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q03", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q03()

# %% [markdown]
# ### 第 2 组：分级的指标和客户金字塔 (indicators and the pyramid)（第 3、4 课，q04–q08）
#
# **q04**（多选）下面哪些是给客户分级常用的指标 (indicators)？
#
# - A. 客户订单金额
# - B. 客户利润贡献
# - C. 客户信用状况
# - D. 客户发展前景
# - E. 客户公司的办公楼有几层

# %% nbgrader={"grade": false, "grade_id": "a04", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 多选题：写一个集合，例如 q04 = {"X", "Y"}（换成你选的大写字母，选几个写几个）。
### BEGIN SOLUTION
q04 = {"A", "B", "C", "D"}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q04", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q04()

# %% [markdown]
# **q05**（单选）看一家客户的**信用状况**，主要看哪些方面？
#
# - A. 累计销售额、平均销售额和销售增长率
# - B. 经营状况、财务状况和回款记录
# - C. 企业性质、资产规模、赢利能力和增长潜力
# - D. 企业为它服务花掉了多少成本

# %% nbgrader={"grade": false, "grade_id": "a05", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q05 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q05 = "B"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q05", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q05()

# %% [markdown]
# **q06**（单选）在客户金字塔模型 (customer pyramid) 里，关键客户（重要客户加次要客户）大约占客户总数的多少，带来多少利润？
#
# - A. 约 1% 的客户，带来约 20% 的利润
# - B. 约 50% 的客户，带来约 50% 的利润
# - C. 约 20% 的客户，带来约 80% 的利润
# - D. 约 80% 的客户，带来约 20% 的利润

# %% nbgrader={"grade": false, "grade_id": "a06", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q06 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q06 = "C"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q06", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q06()

# %% [markdown]
# **q07**（单选）一家企业有 200 位客户，已经按利润从高到低排好。按客户金字塔，重要客户（前 1%）有几位？
#
# - A. 1 位
# - B. 20 位
# - C. 10 位
# - D. 2 位

# %% nbgrader={"grade": false, "grade_id": "a07", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q07 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q07 = "D"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q07", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q07()

# %% [markdown]
# **q08**（单选）还是这 200 位客户。按利润排在**第 70 名**的客户属于金字塔的哪一层？
#
# - A. 重要客户
# - B. 次要客户
# - C. 普通客户
# - D. 小客户

# %% nbgrader={"grade": false, "grade_id": "a08", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q08 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q08 = "C"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q08", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q08()

# %% [markdown]
# ### 第 3 组：RFM 模型 (RFM model)（第 5 课，q09–q11）
#
# **q09**（多选）关于 RFM 模型三个字母的意思，下面哪些说法正确？
#
# - A. R (recency)：分析日离客户最近一次购买有多少天
# - B. F (frequency)：客户在一段固定时间里购买的次数
# - C. M (monetary)：客户在这段时间里购买的总金额
# - D. M：客户的会员等级

# %% nbgrader={"grade": false, "grade_id": "a09", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 多选题：写一个集合，例如 q09 = {"X", "Y"}（换成你选的大写字母，选几个写几个）。
### BEGIN SOLUTION
q09 = {"A", "B", "C"}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q09", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q09()

# %% [markdown]
# **q10**（单选）客户甲的 R 值是 5 天，客户乙的 R 值是 200 天。只看 R，谁更活跃？
#
# - A. 客户甲
# - B. 客户乙
# - C. 两人一样活跃
# - D. 只看 R 看不出来

# %% nbgrader={"grade": false, "grade_id": "a10", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q10 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q10 = "A"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q10", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q10()

# %% [markdown]
# **q11**（单选）一位客户几天前刚买过，这一年里买得很勤，花的钱也很多。按 RFM 的八类客户，他属于：
#
# - A. 重要挽留客户
# - B. 一般发展客户
# - C. 重要价值客户
# - D. 一般挽留客户

# %% nbgrader={"grade": false, "grade_id": "a11", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q11 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q11 = "C"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q11", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q11()

# %% [markdown]
# ### 第 4 组：ABC 分析和结构相对数 (ABC analysis)（第 6 课，q12–q15）
#
# **q12**（单选）结构相对数（也叫比重）怎样计算？
#
# - A. 总体全部数值 ÷ 总体中某一部分的数值 × 100%
# - B. 总体中某一部分的数值 ÷ 总体全部数值 × 100%
# - C. 总体中某一部分的数值 − 总体全部数值
# - D. 今年的数值 ÷ 去年的数值 × 100%

# %% nbgrader={"grade": false, "grade_id": "a12", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q12 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q12 = "B"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q12", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q12()

# %% [markdown]
# **q13**（单选）长海物流 14 位客户的营业收入合计 2000 万元，其中客户 4 是 740 万元。客户 4 的营业收入占总额的比重是：
#
# - A. 7.4%
# - B. 74%
# - C. 0.37%
# - D. 37%

# %% nbgrader={"grade": false, "grade_id": "a13", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q13 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q13 = "D"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q13", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q13()

# %% [markdown]
# **q14**（单选）做 ABC 分析时，计算累计占比之前必须先做哪一步？
#
# - A. 把客户按营业收入从低到高排序
# - B. 把客户按客户编号排序
# - C. 把客户按营业收入从高到低排序
# - D. 不用排序，直接一行一行累加

# %% nbgrader={"grade": false, "grade_id": "a14", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q14 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q14 = "C"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q14", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q14()

# %% [markdown]
# **q15**（单选）按第 6 课的规则（累计占比不超过 80% 是 A 类，超过 80%、不超过 95% 是 B 类，其余是 C 类），排好序以后客户 3 的累计占比是 84.5%。它属于哪一类？
#
# - A. A 类（大客户）
# - B. B 类（普通客户）
# - C. C 类（小客户）
# - D. 不能分类

# %% nbgrader={"grade": false, "grade_id": "a15", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q15 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q15 = "B"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q15", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q15()

# %% [markdown]
# ### 第 5 组：客户的分类 (ways to classify customers)（q16–q18）
#
# **q16**（单选）按客户与企业关系的远近、疏密，客户可以分为五类。下面哪一类**不属于**这种分法？
#
# - A. 非客户
# - B. 潜在客户
# - C. 赢利性客户
# - D. 流失客户

# %% nbgrader={"grade": false, "grade_id": "a16", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q16 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q16 = "C"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q16", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q16()

# %% [markdown]
# **q17**（单选）一家工厂**第一次**购买了长海物流的运输服务。在“现实客户”里，它属于哪一种？
#
# - A. 重复购买者
# - B. 初次购买者
# - C. 忠诚客户
# - D. 目标客户

# %% nbgrader={"grade": false, "grade_id": "a17", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q17 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q17 = "B"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q17", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q17()

# %% [markdown]
# **q18**（多选）关于客户的分类，下面哪些说法是**正确**的？
#
# - A. 按结算方式，可以分为现金客户、预付款客户、赊销客户
# - B. 流失客户是从来没有买过企业产品的人
# - C. 按是否与企业发生过交易，可以分为老客户和新客户
# - D. 按追求的利益，可以分为经济型、道德型、个性化、便利型客户
# - E. 按所处的阶段，可以分为开发期、接触期、确立期、成熟期等客户

# %% nbgrader={"grade": false, "grade_id": "a18", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 多选题：写一个集合，例如 q18 = {"X", "Y"}（换成你选的大写字母，选几个写几个）。
### BEGIN SOLUTION
q18 = {"A", "C", "D", "E"}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q18", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q18()

# %% [markdown]
# ### 第 6 组：客户管理的原则 (management principles)（q19–q20）
#
# **q19**（多选）客户管理要遵守哪几条原则？
#
# - A. 公平原则
# - B. 区别对待原则
# - C. 平均分配原则
# - D. 积极开发原则
# - E. 努力挽留原则

# %% nbgrader={"grade": false, "grade_id": "a19", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 多选题：写一个集合，例如 q19 = {"X", "Y"}（换成你选的大写字母，选几个写几个）。
### BEGIN SOLUTION
q19 = {"A", "B", "D", "E"}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q19", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q19()

# %% [markdown]
# **q20**（单选）公司给贡献大的客户配了专人服务和更多优惠，同时也没有损害其他客户的正当利益。这主要体现了哪条原则？
#
# - A. 公平原则
# - B. 区别对待原则
# - C. 积极开发原则
# - D. 努力挽留原则

# %% nbgrader={"grade": false, "grade_id": "a20", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q20 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q20 = "B"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q20", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q20()

# %% [markdown]
# ### 第 7 组：客户关系的类型 (relationship levels)（q21–q23）
#
# **q21**（单选）企业把产品卖给客户以后，就不再和客户联系。按科特勒 (Kotler) 的分法，这是哪种客户关系？
#
# - A. 基本型
# - B. 被动型
# - C. 负责型
# - D. 伙伴型

# %% nbgrader={"grade": false, "grade_id": "a21", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q21 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q21 = "A"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q21", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q21()

# %% [markdown]
# **q22**（单选）一家同城快递网点给周边几千家网店寄件，客户很多，每家客户带来的边际利润 (margin) 在同行里属于中等。按“客户数量 × 边际利润”矩阵，它最适合和客户建立哪种关系？
#
# - A. 基本型
# - B. 被动型
# - C. 能动型
# - D. 伙伴型

# %% nbgrader={"grade": false, "grade_id": "a22", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q22 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q22 = "B"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q22", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q22()

# %% [markdown]
# **q23**（多选）按“客户数量 × 边际利润”矩阵，下面哪些情况适合选择**负责型**关系？
#
# - A. 客户多、边际利润低
# - B. 客户多、边际利润高
# - C. 客户数量中等、边际利润中等
# - D. 客户少、边际利润低

# %% nbgrader={"grade": false, "grade_id": "a23", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 多选题：写一个集合，例如 q23 = {"X", "Y"}（换成你选的大写字母，选几个写几个）。
### BEGIN SOLUTION
q23 = {"B", "C", "D"}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q23", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q23()

# %% [markdown]
# ### 第 8 组：潜在客户与 MAN 原则 (the MAN rule)（q24–q25）
#
# **q24**（单选）MAN 原则的三个字母，按顺序分别代表什么？
#
# - A. 管理、广告、网络
# - B. 需求、态度、数量
# - C. 购买能力、购买决定权、需求
# - D. 资金、年龄、人数

# %% nbgrader={"grade": false, "grade_id": "a24", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q24 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q24 = "C"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q24", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q24()

# %% [markdown]
# **q25**（单选）小周是一家电商公司的实习生。公司正需要冷链运输，预算也很充足，但采购的事小周既不能决定，也没有人征求他的意见。把小周当作开发对象，按 MAN 原则缺的是哪一项？
#
# - A. 购买能力
# - B. 需求
# - C. 什么也不缺
# - D. 购买决定权

# %% nbgrader={"grade": false, "grade_id": "a25", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q25 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q25 = "D"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q25", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q25()

# %% [markdown]
# ### 第 9 组：客户档案与数据隐私 (customer records and privacy)（q26–q28）
#
# **q26**（单选）“客户买了什么、买了多少、什么时候买的”属于哪一类客户数据？
#
# - A. 描述性数据
# - B. 交易数据
# - C. 促销性数据
# - D. 竞争对手数据

# %% nbgrader={"grade": false, "grade_id": "a26", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q26 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q26 = "B"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q26", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q26()

# %% [markdown]
# **q27**（多选）下面哪些做法能保护客户数据的隐私 (privacy)？
#
# - A. 把完整的客户名单发到公开的群里，方便同事查询
# - B. 对客户的身份信息做匿名处理
# - C. 分析时用汇总数据代替每个人的具体数据
# - D. 把系统设计成匿名的结构
# - E. 为了方便，把全部客户资料拷到自己的 U 盘里带回家

# %% nbgrader={"grade": false, "grade_id": "a27", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 多选题：写一个集合，例如 q27 = {"X", "Y"}（换成你选的大写字母，选几个写几个）。
### BEGIN SOLUTION
q27 = {"B", "C", "D"}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q27", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q27()

# %% [markdown]
# **q28**（多选）建立客户档案时，下面哪些是应该做到的要求？
#
# - A. 主动、有计划地收集
# - B. 信息越多越好，什么都收集
# - C. 适用而且及时
# - D. 完整而且前后一致
# - E. 保密，并依法保护

# %% nbgrader={"grade": false, "grade_id": "a28", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 多选题：写一个集合，例如 q28 = {"X", "Y"}（换成你选的大写字母，选几个写几个）。
### BEGIN SOLUTION
q28 = {"A", "C", "D", "E"}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q28", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q28()

# %% [markdown]
# ### 第 10 组：客户终生价值 (customer lifetime value)（q29–q30）
#
# **q29**（单选）客户甲今年带来利润 10 万元，但明年就要转到别家；客户乙今年只带来 3 万元，预计和公司一共合作 8 年（含今年），利润逐年增长。如果只看“今年的利润”，会出现什么问题？
#
# - A. 会低估乙的价值
# - B. 会低估甲的价值
# - C. 两种看法的结论一样
# - D. 说明乙不值得维护

# %% nbgrader={"grade": false, "grade_id": "a29", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 单选题：写一个大写字母，加引号，例如 q29 = "X"（X 换成你选的字母）。
### BEGIN SOLUTION
q29 = "A"
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q29", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q29()

# %% [markdown]
# **q30**（多选）关于客户终生价值和客户当年利润，下面哪些说法正确？
#
# - A. 当年利润是静态的，只反映一年
# - B. 终生价值高的客户，今年的利润一定也最高
# - C. 终生价值是动态的，要考虑客户将来还会带来多少
# - D. 选择重点客户、设计营销方案时可以参考终生价值

# %% nbgrader={"grade": false, "grade_id": "a30", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
# 多选题：写一个集合，例如 q30 = {"X", "Y"}（换成你选的大写字母，选几个写几个）。
### BEGIN SOLUTION
q30 = {"A", "C", "D"}
### END SOLUTION

# %% nbgrader={"grade": true, "grade_id": "q30", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q30()

# %% [markdown]
# ## 5. 小结
#
# - 客户分级：按价值和重要程度把现有客户分层，再分别制定策略。目的是判定价值、区分需求；
#   条件是有稳定的现实客户、客户间有价值差异、客户数量超出管理限度；指标是订单金额、
#   利润贡献、信用状况、发展前景。
# - 客户金字塔：重要客户前 1%，次要客户到前 20%，普通客户到前 50%，其余是小客户；
#   关键客户约 20%，带来约 80% 的利润。
# - RFM：R 越小越活跃，F 是次数，M 是金额。ABC：先从高到低排序，再算累计占比，
#   80% / 95% 两条界限；比重（结构相对数）= 部分 ÷ 总体 × 100%。
# - 客户可以按结算方式、新老、现实或潜在、赢利性、关系远近、追求的利益、所处阶段来分类；
#   分级只是其中按价值来分的一种。
# - 客户管理的四条原则：公平、区别对待、积极开发、努力挽留。公平不等于平均。
# - 科特勒的五种关系：基本型、被动型、负责型、能动型、伙伴型，按客户数量和边际利润选择。
# - MAN 原则：买得起 (Money)、说了算 (Authority)、用得着 (Need)。
# - 客户档案要完整、及时、有价值，还要保密；隐私保护有五条措施：匿名身份信息、
#   用汇总数据代替具体数据、信息的市场定位或评估、谨慎合并数据源、匿名系统结构。
# - 客户终生价值看整个合作期间，当年利润只看一年。
#
# **讨论**：你所在的学校食堂或你常去的一家店，和你建立的是哪一种客户关系？如果它想让你
# 成为忠诚客户，可以做些什么？它收集了你的哪些信息，又应该怎样保护这些信息？

# %% [markdown]
# ## 6. 课后作业 (homework)：案例分析（5 分，由老师批改）
#
# 从这里开始是课后作业，下课后完成（约 25 分钟）。
#
# 长海物流在整理客户名单时遇到三件事：
#
# 1. 长海物流现有 14 位客户，一年的营业收入合计 2000 万元。按营业收入做 ABC 分析，A 类
#    只有 4 位（客户 4、1、2、5），合计 1590 万元，占 79.5%；其余 10 位客户合计 410 万元。
#    财务部估计这 4 位客户每笔业务的边际利润也较高。公司还打算明年开展电商小件配送，
#    预计会新增几百家零散的小客户，每家一年只有几万元的业务，边际利润很低。
# 2. 一家正在快速扩张的生鲜电商还没有和长海物流合作，正在比较几家物流公司。它的采购经理
#    （能决定和谁合作）说明年起需要大量的冷链运输，公司资金也很充足；如果签约，
#    今年只会先试着下 20 万元左右的订单。
# 3. 一位业务员想把全部客户的电话、地址和交易记录导出到自己的电脑上，方便在家加班。
#
# 请分别回答：
#
# - (1) 对 A 类的 4 位大客户和明年新增的几百家小客户，各适合建立哪种客户关系？为什么？
# - (2) 按 MAN 原则，这家电商是不是值得开发的潜在客户？如果只用它今年 20 万元的订单
#   来判断它的价值，会有什么问题？
# - (3) 业务员的做法违反了建立客户档案的哪条要求？提出一条保护客户数据隐私的措施。
#
# 把答案写在下面的单元格里（双击进入编辑，写完按 Shift+Enter）。

# %% [markdown] nbgrader={"grade": true, "grade_id": "w1_case", "locked": false, "points": 5, "schema_version": 3, "solution": true, "task": false}
# **参考答案**
#
# (1) A 类大客户只有 4 位、每笔业务的边际利润高，适合伙伴型（至少能动型）关系：和客户
# 一起解决问题、共同发展。明年新增的电商小客户有几百家、边际利润低，适合基本型或被动型
# 关系：用较低的服务成本保证基本服务，客户有问题时能方便地找到公司。
#
# (2) 值得开发。M：公司资金充足，买得起；A：采购经理能决定和谁合作；N：明年起需要大量
# 冷链运输。三项都满足。只看今年 20 万元会低估它：应该看客户终生价值，也就是整个合作期
# 间能带来的价值，这家电商正在扩张，将来的业务量会大得多。
#
# (3) 违反了“档案保密与法律保护”的要求。措施（任一条即可）：匿名身份信息（客户的身份
# 信息做匿名处理）；用汇总数据代替具体数据；只用客户的市场定位或评估结果（例如所属的
# 类别、评分），不用具体明细；谨慎合并数据源（几份数据合在一起可能认出具体的人）；
# 系统按匿名的结构设计；客户资料只留在公司系统里，按权限查看，不导出到个人电脑。
#
# **评分要点（共 5 分）**
#
# 1. 大客户选伙伴型或能动型，理由提到客户少、边际利润高（1 分）。
# 2. 小客户选基本型或被动型，理由提到客户多、边际利润低（1 分）。
# 3. 用 M、A、N 三项逐一判断，结论是值得开发（1 分）。
# 4. 指出只看当年利润会低估它，要看整个合作期间的终生价值（1 分）。
# 5. 说出“保密与法律保护”，并给出一条合理的隐私保护措施（1 分）。
