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
# # 第 6 课　物流客户 ABC 分析
#
# 长海物流公司想知道：哪些客户是大客户，哪些客户有发展潜力？这一课我们跟着课本
# 项目 3 任务 1 的五个步骤，用 14 位客户的营业收入做一次完整的**客户 ABC 分析
# (ABC analysis)**：选指标、收集资料、算比重并排序、分出 A/B/C 三类、画分类图，
# 最后为三类客户定出管理措施。
#
# ## 学习目标 (learning objectives)
#
# - **知识**：说出客户 ABC 分层的五个步骤；会用结构相对数（比重）的公式；
#   知道课本说的三类客户大致各占多少（约 80%、15%、5% 的利润），
#   会用本课程的操作规则（累计占比 80% / 95% 两条线）分类；知道 A、B、C 三类客户各自的管理目标。
# - **技能**：用 pandas 排序，计算比重、累计营业收入和累计比重（表 3-8）；
#   按规则分出 A、B、C 三类；用 matplotlib 画出累计比重曲线（图 3-5）；
#   把分类标准和联系措施整理成表 3-9。
# - **态度**：树立客户分类管理的理念：服务资源有限，要分清主次；
#   对贡献小的客户也要讲方法、讲礼貌。
#
# ## 时间安排（课堂约 105 分钟 + 课后作业约 40 分钟，共约 145 分钟）
#
# | 环节 | 时间 |
# |---|---|
# | 1. 导入：长海物流的任务 | 5 分钟 |
# | 2. 新知：ABC 分层、比重、本课程的分类规则；例题（排序、累计、分类、画图） | 20 分钟 |
# | 3. 练习 1–2：选定指标，收集资料 | 8 分钟 |
# | 4. 练习 3：计算比重并排序（表 3-8） | 30 分钟 |
# | 5. 练习 4：客户分层（含收入相同的客户怎么分） | 17 分钟 |
# | 6. 练习 5：绘制分类图（图 3-5） | 15 分钟 |
# | 7. 对照标准图、小控件，课堂小结 | 10 分钟 |
# | **课后作业**（从“4. 课后作业”一节的练习 6 开始） | |
# | 8. 练习 6：表 3-9（分类标准和联系措施） | 18 分钟 |
# | 9. 练习 7：分层管理建议（书面） | 22 分钟 |
#
# 课堂只有两节课（90 分钟）时，练习 5 可以留到课后，和练习 6、7 一起完成。

# %% [markdown]
# ## 1. 导入：长海物流的任务
#
# 长海物流公司想多创造营业收入，也想让车辆、仓库这些资产发挥更大的作用。
# 公司决定重新分析一遍客户，拿出一份**大客户名单**，再找出**有发展潜力的客户**。
# 任务交给了客服部，你就是客服部的一员。
#
# 手里有 14 位客户去年的营业收入。**问题**：怎样从这 14 个数里看出谁是大客户、
# 谁值得重点培养？给每位客户一样多的电话、一样多的拜访，合适吗？

# %% [markdown]
# ## 2. 新知：客户 ABC 分层
#
# **客户 ABC 分层**按客户给企业带来的价值，把客户分成三类：
#
# | 类别 | 通常的叫法 | 课本给出的大致规模 |
# |---|---|---|
# | A 类 | 大客户 | 人数不多，却带来约 80% 的利润 |
# | B 类 | 普通客户 | 约占客户总数的 15%，带来的利润也在 15% 左右 |
# | C 类 | 小客户 | 约占客户总数的 80%，只带来约 5% 的利润 |
#
# 这就是常说的**二八法则 (Pareto principle)**：少数客户贡献了大部分价值。
# 这些比例是许多企业的大致情况，我们的 14 位客户是不是这样，要用数据来算。
#
# **比重 (share)** 也叫**结构相对数**，表示部分在整体里占多大分量：
#
# > 比重（结构相对数）= 总体中某一部分的数值 ÷ 总体的全部数值 × 100%
#
# 例如一位客户的营业收入是 150 万元，全部客户合计 600 万元，他的比重就是
# 150 ÷ 600 × 100% = 25.0%。
#
# **课本怎样分类**：把客户按营业收入从高到低排好，一位一位往下加，算出**累计占比
# (cumulative share)**，也就是“到这一位为止，前面所有客户的营业收入合计占总额的比重”。
# 然后看营业收入和累计占比的特点（哪里突然变小、各段合起来占多少），
# 参考表 3-6 的大致比例（VIP 约占客户的 1%，A 类重点客户约 4%，B 类普通客户约 15%，
# C 类小客户约 80%），定出哪些是 A 类、B 类、C 类。课本没有规定固定的界限。
# 表 3-6 把客户分成四类（多了一个人数极少的 VIP 类）；本课只分 A、B、C 三类，
# 不单独分出 VIP，它们算在 A 类里。
#
# **本课程的操作规则 (working rule)**：为了让每个人分出的结果一样、电脑也能检查，
# 本课程把上面“约 80%、15%、5%”的价值比例变成两条累计占比的界限：
#
# - 累计占比 **不超过 80%** 的客户是 **A 类**；
# - 超过 80%、**不超过 95%** 的是 **B 类**；
# - **超过 95%** 的是 **C 类**。
#
# 这两条线是本课程定的，不是课本的原文。练习 5 之后我们会看到：在长海物流的 14 位客户上，
# 按这条规则分出的三类，营业收入大约正好占 80%、15%、5%。
#
# **收入相同怎么办（本课程的约定）**：营业收入相同的客户，按原表里的先后（编号小的在前）
# 排队，再一行一行地按规则分。所以收入相同的两位客户，也可能正好被界限分开。
#
# **五个步骤**：① 选定分类指标 → ② 收集客户资料 → ③ 计算比重并排序 →
# ④ 客户分层 → ⑤ 绘制分层图，最后再提出分层管理的措施。
#
# 先运行下面的单元格，载入本课要用的工具包。它是只读的。

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import crmlab as cl
from crmcourse.l06_logistics_abc import checks, widgets

cl.use_chinese_font()  # 让图里的中文正常显示
print("工具已载入。")

# %% [markdown]
# ### 例题：一个快递网点的 6 位客户
#
# 先在一张小表上看一遍第 ③ 步怎么用 pandas 算。某快递网点有 6 位客户，
# 客户用甲、乙、丙……表示，营业收入单位是万元。

# %%
demo = pd.DataFrame(
    {"customer": ["甲", "乙", "丙", "丁", "戊", "己"], "revenue": [40, 110, 16, 22, 8, 4]}
)
demo

# %% [markdown]
# **排序**：`sort_values("revenue", ascending=False)` 从大到小排。
# 加上 `kind="stable"`（稳定排序, stable sort），营业收入相同的客户会保持原表里的先后顺序。
# `reset_index(drop=True)` 把行号重新编成 0、1、2……
#
# 注意：`sort_values` **不会改动原来的表**，它返回一张排好序的**新表**。
# 只写一行 `demo.sort_values(...)` 而不用等号存下来，`demo` 还是原来的顺序。
# 所以下面写的是 `demo_sorted = demo.sort_values(...)`。
#
# **比重**：每一行的营业收入 ÷ 合计。**累计**：`.cumsum()` 从第一行一路加到当前行。

# %%
demo_total = demo["revenue"].sum()
demo.sort_values("revenue", ascending=False)  # 只是算出一张新表，没有存下来
print("demo 本身没有变：", demo["customer"].tolist())
demo_sorted = demo.sort_values("revenue", ascending=False, kind="stable")
demo_sorted = demo_sorted.reset_index(drop=True)
demo_sorted["share"] = demo_sorted["revenue"] / demo_total
demo_sorted["cum_revenue"] = demo_sorted["revenue"].cumsum()
demo_sorted["cum_share"] = demo_sorted["cum_revenue"] / demo_total
demo_sorted

# %% [markdown]
# 表里的 `share` 和 `cum_share` 是小数，0.55 就是 55%。要像课本那样显示成百分数，
# 可以乘以 100 再保留一位小数：

# %%
(demo_sorted[["share", "cum_share"]] * 100).round(1)

# %% [markdown]
# 按规则逐行看累计占比：乙 55%、甲 75%，都不超过 80%，是 A 类；丁 86%、丙 94%，
# 超过 80% 但不超过 95%，是 B 类；戊 98%、己 100%，超过 95%，是 C 类。
# 注意：判断一位客户属于哪一类，看的是**加上这位客户以后**的累计占比。
#
# **用 pandas 分三类**：`np.where(条件, 成立时的值, 不成立时的值)` 对每一行判断一次。
# 要分三类，就把第二个 `np.where` 放在“不成立时的值”的位置：先挑出第一类，剩下的再分。
# 先在一张成绩小表上看看（85 分及以上“优”，60 分及以上“合格”，其余“不合格”）：

# %%
scores = pd.DataFrame({"name": ["小王", "小李", "小张", "小赵"], "score": [92, 75, 58, 85]})
scores["level"] = np.where(
    scores["score"] >= 85, "优", np.where(scores["score"] >= 60, "合格", "不合格")
)
# 另一种写法：先全部设成最低一档，再用 .loc[条件, 列名] = 值 逐档改（后写的会覆盖先写的）
scores["level2"] = "不合格"
scores.loc[scores["score"] >= 60, "level2"] = "合格"
scores.loc[scores["score"] >= 85, "level2"] = "优"
scores

# %% [markdown]
# 条件的先后很重要：如果先判断“60 分及以上”，92 分的小王也满足它，就再也轮不到“优”了。
#
# **画累计占比曲线**：横坐标用位置 0、1、2……，`ax.set_xticks(位置, 文字)` 在每个位置下面
# 写上客户的名字；`ax.axhline(80)` 画一条横线。下面是 6 位客户的小图：

# %%
fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
x = range(len(demo_sorted))
ax.plot(x, demo_sorted["cum_share"] * 100, marker="o")
ax.set_xticks(x, demo_sorted["customer"])
ax.axhline(80, ls="--", color="gray")
ax.set_title("例题：6 位客户的累计占比（%）")
plt.show()

# %% [markdown]
# ## 3. 任务实施：长海物流客户 ABC 分析（共 30 分）
#
# 下面的练习就是课本里的五个步骤。每道题先写答案，再运行检查单元格。
#
# ### 练习 1　① 选定分类指标（2 分）
#
# 这次分层的目的，是找出给长海物流贡献最大的大客户和有潜力的客户。
# 应该按哪个指标给客户分层？
#
# - A. 客户企业的成立年限
# - B. 客户离公司的距离
# - C. 客户给公司带来的营业收入
# - D. 客户企业的员工人数
#
# 把你选的字母存进变量 `indicator`：一个大写字母，带引号，例如 `indicator = "A"`。

# %% nbgrader={"grade": false, "grade_id": "a1_indicator", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
indicator = "C"
### END SOLUTION
print("indicator =", indicator)

# %% nbgrader={"grade": true, "grade_id": "q1_indicator", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q1_indicator()

# %% [markdown]
# ### ② 收集客户资料
#
# 课堂上，客户的营业收入资料由老师提供：这就是课本的表 3-7，共 14 位客户，
# `customer` 是客户编号，`revenue` 是营业收入（万元）。下面的只读单元格把它读进 `df`，
# 后面的练习都用这份数据。

# %% nbgrader={"grade": false, "grade_id": "load_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
df = cl.load_dataset("changhai")  # 表 3-7：长海物流 14 位客户的营业收入（万元）
df

# %% [markdown]
# ### 练习 2　比重的分母（2 分）
#
# 每个比重都要除以“总体的全部数值”。求 14 位客户的营业收入**合计**（万元），
# 存进变量 `total_revenue`。

# %% nbgrader={"grade": false, "grade_id": "a2_total", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
total_revenue = df["revenue"].sum()
### END SOLUTION
print("total_revenue =", total_revenue)

# %% nbgrader={"grade": true, "grade_id": "q2_total", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q2_total()

# %% [markdown]
# ### 练习 3　③ 计算比重并排序：表 3-8（6 分）
#
# 像例题那样，用 `df` 做出表 3-8，存进变量 `table38`（分母可以用练习 2 的
# `total_revenue`）。它要有这 5 列：
#
# | 列名 | 含义 |
# |---|---|
# | `customer` | 客户编号 |
# | `revenue` | 营业收入（万元），**从大到小**排列 |
# | `share` | 占营业收入总额的比重 = revenue ÷ 合计 |
# | `cum_revenue` | 累计营业收入（万元） |
# | `cum_share` | 累计占营业收入总额的比重 = cum_revenue ÷ 合计 |
#
# 要求：
#
# - 比重用**小数**存（0.37，不是 37 或 "37.0%"），不要先用 `round(...)` 四舍五入：
#   存进表里的是完整的小数，显示成一位小数的百分数是答案单元格最后几行的事；
# - 营业收入相同的客户保持表 3-7 里的顺序（编号小的在前），检查会核对这一点；
#   排序时加上 `kind="stable"` 就能保证；
# - 自己用 pandas 一步一步算，**不要**调用 crmlab 的现成函数（如 `cl.abc_analysis`、
#   `cl.abc_display`），检查会发现。
#
# 答案单元格最后几行已经写好：它把 `table38` 复制一份，把两列比重显示成
# 一位小数的百分数，方便你和课本的表 3-8 对照。**检查的是 `table38` 里的小数**。

# %% nbgrader={"grade": false, "grade_id": "a3_table", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
table38 = df.sort_values("revenue", ascending=False, kind="stable").reset_index(drop=True)
table38["share"] = table38["revenue"] / total_revenue
table38["cum_revenue"] = table38["revenue"].cumsum()
table38["cum_share"] = table38["cum_revenue"] / total_revenue
### END SOLUTION

# 只为显示：比重换成一位小数的百分数，和课本表 3-8 对照（检查的是上面的 table38）
table38_pct = table38.copy()
for col in ["share", "cum_share"]:
    table38_pct[col] = (table38_pct[col] * 100).map("{:.1f}%".format)
table38_pct

# %% nbgrader={"grade": true, "grade_id": "q3_table", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q3_table()

# %% [markdown]
# ### 练习 4　④ 客户分层（5 分）
#
# 按本课程的操作规则，用累计占比 `cum_share` 给每位客户分类：不超过 80% 是 `"A"`，
# 超过 80%、不超过 95% 是 `"B"`，超过 95% 是 `"C"`。
#
# 先复制一份 `tiers = table38.copy()`，再给它加一列 `abc_class`，
# 每一行填 `"A"`、`"B"` 或 `"C"`（大写字母，前后不带空格，和练习 1 一样）。同样请自己用 pandas 完成，不要调用 `cl.abc_analysis`。
#
# 提示：像例题里的成绩小表那样，用两层 `np.where`，或者先全部设成 `"C"` 再用 `.loc` 逐类改。
# `cum_share` 是小数，界限也要写成小数 0.80 和 0.95。
#
# **收入相同的客户**：表 3-8 里客户 10 和 12 都是 40 万元。按本课程的约定，编号小的 10
# 排在前面，两人加进来以后的累计占比不一样，所以可能被 95% 这条线分进两类，
# 原因只是编号的先后。这一题就按约定逐行分；两人在管理上该怎样对待，练习 6 再决定。

# %% nbgrader={"grade": false, "grade_id": "a4_classes", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
tiers = table38.copy()
tiers["abc_class"] = np.where(
    tiers["cum_share"] <= 0.80, "A", np.where(tiers["cum_share"] <= 0.95, "B", "C")
)
### END SOLUTION

for k in ["A", "B", "C"]:
    print(k, "类客户：", tiers.loc[tiers["abc_class"] == k, "customer"].tolist())

# %% nbgrader={"grade": true, "grade_id": "q4_classes", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q4_classes()

# %% [markdown]
# ### 练习 5　⑤ 绘制分类图：图 3-5（4 分）
#
# 课本的图 3-5 把累计占比画成一条曲线，横轴下面依次标出客户编号。
# 请用 matplotlib 自己画，把坐标轴 (Axes) 存进变量 `ax35`：
#
# 1. `fig, ax35 = plt.subplots(figsize=(9, 4.5))` 建一张图；
# 2. 横坐标用位置 `range(14)`，纵坐标用 `table38["cum_share"]`
#    （乘以 100 变成百分数也可以），用 `ax35.plot(...)` 画折线，可以加 `marker="o"`；
# 3. 用 `ax35.set_xticks(range(14), table38["customer"].astype(str))`
#    在每个点下面标出客户编号（按 table38 的顺序）；
# 4. 建议再用 `ax35.axhline(...)` 画出 80% 和 95% 两条虚线，
#    并加上标题和坐标轴名称（`set_title`、`set_xlabel`、`set_ylabel`）。
#    虚线要和折线用同一种写法：折线是小数就画在 0.8 和 0.95，乘了 100 就画在 80 和 95。
#
# 检查的是：图上有一条纵坐标等于累计占比的折线，横轴依次标着排好序的客户编号，
# 画了虚线的话，虚线和折线在同一个刻度上。
# 这道题不要用 `cl.plot_pareto`，做完后下面会给你看它画的标准图。

# %% nbgrader={"grade": false, "grade_id": "a5_figure", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
fig, ax35 = plt.subplots(figsize=(9, 4.5), layout="constrained")
x = range(len(table38))
ax35.plot(x, table38["cum_share"] * 100, marker="o", color="#d1495b")
ax35.set_xticks(x, table38["customer"].astype(str))
ax35.axhline(80, ls="--", color="gray", lw=1)
ax35.axhline(95, ls="--", color="gray", lw=1)
ax35.set_ylim(0, 105)
ax35.set_title("图 3-5　长海物流客户 ABC 分类图")
ax35.set_xlabel("客户编号（按营业收入从高到低）")
ax35.set_ylabel("累计占营业收入总额的比重（%）")
### END SOLUTION
plt.show()

# %% nbgrader={"grade": true, "grade_id": "q5_figure", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q5_figure()

# %% [markdown]
# ### 对照：crmlab 画的标准图
#
# 下面用 crmlab 的现成函数把表 3-8 和分类一步算出来（`cl.abc_analysis`），
# 再画成帕累托图 (Pareto chart)（`cl.plot_pareto`）：柱子是每位客户的营业收入，
# 折线是累计占比，三种底色是 A、B、C 三类。和你自己算的、画的对照一下。
# （把列名改成中文，只是为了让图上的坐标轴名称显示成中文。）

# %%
abc_table = cl.abc_analysis(
    df.rename(columns={"revenue": "营业收入（万元）"}),
    value="营业收入（万元）",
    customer="customer",
)
cl.plot_pareto(abc_table)
plt.show()

# %% [markdown]
# 每一类有几位客户、营业收入占多少？`cl.abc_summary` 按类汇总，
# `cl.abc_display` 把比例显示成百分数（`group` 类别，`customers` 人数，
# `customer_share` 占客户数的比例，`value` 营业收入，`value_share` 占营业收入的比例，
# 最后两列是从 A 类往下累加的占比）：

# %%
cl.abc_display(cl.abc_summary(abc_table))

# %% [markdown]
# **本课程的规则和课本对得上吗？** 课本说三类客户大约带来 80%、15%、5% 的利润。
# 按本课程 80% / 95% 的规则，长海物流的 A 类 4 位客户带来 79.5% 的营业收入，
# B 类 5 位带来 15.4%，C 类 5 位带来 5.1%，和 80 / 15 / 5 几乎一样：
# 两条线就是照着课本的价值比例定的。
#
# **讨论**：人数的比例却差得不少：A 类占客户的 28.6%，C 类只占 35.7%，
# 而课本说小客户约占 80%。为什么？（提示：这里只有 14 位客户；ABC 分层按累计收入划线，
# 不按人数划线；课本说的是利润，我们用的是营业收入。）
#
# ### 小控件：如果界限不是 80% 和 95% 呢？
#
# 拖动两个滑块，改变 A 类界限 a 和 B 类界限 b，表和图会跟着变。
# 试试把 a 调到 0.70（即 70%）：A 类还剩几位客户？把 b 调到 0.97（即 97%）：客户 12 会怎样？
# 这个控件只用来探索，不计分。（如果这里只显示一张表和一张图，说明笔记本没有在
# JupyterLab 里交互运行，重新运行这个单元格即可。）

# %%
widgets.abc_explorer()

# %% [markdown]
# ## 4. 课后作业：分层管理（从这里开始是课后作业）
#
# 课堂上做到这里就可以了。练习 6 和练习 7 请课后完成（约 40 分钟），做完再保存、提交。
#
# ### 练习 6　分层管理：表 3-9（4 分）
#
# 课本的表 3-9 给每一类客户定出**标准**（平均年交易额多少以上、一年交易多少次以上）和
# **管理措施**，里面的数字空着，由企业自己定。管理措施大致是：
#
# | 类别 | 电话 | 拜访（拜访谁） | 其他 |
# |---|---|---|---|
# | A 类 | 每隔一段时间至少打一次 | 每隔几个月拜访一次对方的**高层领导** | 安排**专人**收集信息，通过**专业报刊、公司网站**等渠道跟踪客户的动态；随时给客户提好建议、找合作的切入点 |
# | B 类 | 至少**每几周**打一次 | 每隔几个月拜访一次**采购经理及以上**的人员 | |
# | C 类 | 每隔一段时间打一次 | 每隔几个月拜访一次，对象是采购经理、采购总监这一层的中高层管理人员 | |
#
# 请你替长海物流把空着的数字定下来，整理成一张表，存进变量 `table39`：
# 三行的行标签 (index) 依次是 `"A"`、`"B"`、`"C"`，列如下：
#
# | 列名 | 含义 | 写法 |
# |---|---|---|
# | `年均交易额下限` | 达到这一类至少要有的年营业收入，单位是万元（110 万元就写 110） | 数 |
# | `年交易次数下限` | 一年里至少合作几次 | 数 |
# | `每年电话联系次数` | 一年里给客户打几次电话（每周一次约 52 次，每 2 周一次 26 次，每月一次 12 次） | 数 |
# | `每年拜访次数` | 一年里上门拜访几次（每 3 个月一次就是 4 次） | 数 |
# | `专人跟进` | 是否安排专人收集信息、跟踪客户动态 | `True` / `False` |
#
# 具体数字由你决定，但要合理，检查会看这几点：
#
# - 四个数字列都是 A > B > C（越重要的客户标准越高、联系越勤），不能有负数；
# - 标准要和练习 4 的分类对得上。打开你的 `tiers`，看每一类里营业收入最大和最小的客户：
#   A 类的下限要让 A 类客户都够得上、B 类客户都够不上；
#   B 类的下限要让 B 类客户都够得上、C 类客户都够不上（只有和 B 类客户 10 金额相同的
#   C 类客户 12 例外，见下一条）；C 类的下限可以是 0；
# - **客户 10 和 12**（都是 40 万元）：标准是按金额定的，金额一样的两人只能同进同出。
#   B 类下限定在 40 万元或以下，两人都够 B 类；定在 40 万元以上，两人都算 C 类。
#   两种定法都可以，在练习 7 里说说你为什么这样定；
# - 电话一年最多 365 次，拜访一年最多 52 次；C 类也要联系，电话和拜访每年至少 1 次；
#   A 类要安排专人跟进（`True`）。
#
# 建这种行标签是文字的表，写法和下面的小例子一样（字典的键是列名，行标签用 `index=[...]` 给出）：

# %%
pd.DataFrame({"每周课时": [6, 2], "有实训": [True, False]}, index=["物流基础", "英语"])

# %% nbgrader={"grade": false, "grade_id": "a6_table39", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
table39 = pd.DataFrame(
    {
        "年均交易额下限": [110, 40, 0],
        "年交易次数下限": [24, 12, 1],
        "每年电话联系次数": [52, 12, 4],
        "每年拜访次数": [12, 4, 1],
        "专人跟进": [True, False, False],
    },
    index=["A", "B", "C"],
)
### END SOLUTION
table39

# %% nbgrader={"grade": true, "grade_id": "q6_table39", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q6_table39()

# %% [markdown]
# ### 练习 7　分层管理建议（7 分，由老师批改）
#
# 三类客户就是你在练习 4 的 `tiers` 里分出的结果（练习 4 的答案单元格会逐类列出客户编号）。
# 请为每一类客户写出**管理目标**和**两三条具体做法**，
# 每类两三句话即可。可以结合具体客户来谈，例如 B 类里排在最前面、离 A 类只差一点的那位客户，该怎么对待？
# C 类里如果有“贡献很小、服务成本却很高、还经常抱怨”的客户，又该怎么办？
# 最后用一两句话说明：练习 6 里你把客户 10 和 12 一起算进了哪一类，为什么？

# %% [markdown] nbgrader={"grade": true, "grade_id": "w1_strategy", "locked": false, "points": 7, "schema_version": 3, "solution": true, "task": false}
# **参考答案**
#
# - **A 类（4、1、2、5）**：目标是留住这些最有价值的大客户，提高他们的忠诚度。
#   成立专门的服务小组或安排专人联系，好的资源优先给他们；开通专用的快速沟通渠道；
#   定期拜访对方高层，加强感情交流；专人通过专业报刊、公司网站等渠道跟踪他们的动态，
#   关注需求的变化，量身定做服务方案；他们的投诉优先处理。
# - **B 类（3、6、7、8、10）**：区别对待。像客户 3、6 这样有增长潜力的，
#   要大力培养：设计鼓励多合作的优惠项目、提供一条龙服务，帮助他们成长为 A 类；
#   每一两周打一次电话，定期拜访采购经理；贡献一直不高的，维持现有合作，
#   少提供附加服务，降低服务成本。
# - **C 类（12、9、14、11、13）**：先判断能不能升级，有潜力的按 B 类低贡献客户的办法
#   培养；贡献很小甚至是负数、还经常抱怨的劣质客户要果断放弃，但方式要礼貌：
#   提高服务价格、取消免费服务项目、缩小服务范围，而不是生硬地拒绝。
# - **客户 10 和 12**：两人营业收入一样，管理上应该一视同仁。例如把 B 类下限定在 40 万元，
#   两人都按 B 类的低贡献客户维持；或者定在 40 万元以上，两人都按 C 类先看能不能升级。
#   哪一种都可以，理由说得通即可。
#
# **评分要点**（共 7 分）
#
# 1. A 类目标：留住、提高忠诚度（1 分）。
# 2. A 类措施：专门团队或专人联系、快速沟通渠道、定期拜访、投诉优先，写出其中两条
#    及以上（2 分；只写一条给 1 分）。
# 3. B 类：分出增长型和低贡献两种，增长型大力培养（1 分），低贡献的维持并降低服务成本
#    （1 分）。
# 4. C 类：判断能否升级，有潜力的培养（1 分）；劣质客户用礼貌的方式淘汰，写出提价、
#    取消免费服务、缩小服务范围中的一种即可（1 分）；只写“直接拒绝、不再合作”不给这 1 分。
# 5. 能结合具体客户编号来谈的（例如客户 3，或者说清客户 10 和 12 为什么同归一类），
#    答得不全时可酌情补足，但总分不超过 7 分。

# %% [markdown]
# ## 小结
#
# - 客户 ABC 分层的五个步骤：选定指标 → 收集资料 → 计算比重并排序 → 分层 → 画分类图，
#   最后为每一类客户定出管理措施。
# - 比重（结构相对数）= 部分 ÷ 整体 × 100%；累计占比是从最大的客户一路加下来的比重。
# - 课本按比重的特点、参考表 3-6 来分类；本课程的操作规则是：累计占比不超过 80% 的是
#   A 类，不超过 95% 的是 B 类，其余是 C 类，看的是**加上这位客户以后**的累计占比；
#   收入相同的按原表顺序排。
# - 长海物流：A 类 4 位客户带来 79.5% 的营业收入，B 类 5 位带来 15.4%，
#   C 类 5 位只带来 5.1%，和课本说的约 80%、15%、5% 很接近。
# - A 类重在留住，B 类重在培养，C 类要分辨：能升级的培养，劣质客户礼貌地放弃。
#
# **讨论**：客户 10 和客户 12 的营业收入一样，都是 40 万元，按规则却一个是 B 类、
# 一个是 C 类，只因为编号的先后。机械的规则有这样的缺点，所以定标准、定措施时还要用人的判断。
# 只看一年的营业收入来分层，还会漏掉什么信息（例如利润、信用、增长潜力）？
