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
# # 第 4 课　客户金字塔模型
#
# 上一课我们认识了客户分级的几个指标，其中之一是**利润贡献 (profit contribution)**：
# 客户带来的毛利减去企业为他付出的服务成本。这一课就用利润贡献给客户排名，
# 把客户一层层“垒”成一座**客户金字塔 (customer pyramid)**。
#
# ## 学习目标 (learning objectives)
#
# - **知识**：说出客户金字塔的四层（重要客户、次要客户、普通客户、小客户）以及每层
#   大约占多少客户；知道关键客户 = 重要客户 + 次要客户；知道物流企业常用的
#   VIP/A/B/C 四级分法。
# - **技能**：会按利润贡献给客户排名，会用“向上取整”规则算出每层的分界名次并分层；
#   会计算关键客户的客户占比和利润占比；会用交叉表比较两种分层方案。
# - **态度**：用数据检验“二八法则”，而不是只背结论；看到亏损的客户会想到服务成本；
#   为每一层客户都准备服务方案，调整服务时讲究方式方法。
#
# ## 时间安排（课堂约 105 分钟 + 课后作业约 45 分钟）
#
# | 环节 | 时间 |
# |---|---|
# | 1. 导入案例：谁才是“大客户”？ | 10 分钟 |
# | 2. 新知：客户金字塔模型和分层规则，长海物流的例子 | 20 分钟 |
# | 3. 小控件：拖动分界线 | 5 分钟 |
# | 4. 练习 1–4：亲手给 120 位企业客户分层（练习 4 第一次自己写函数，约 15 分钟） | 40 分钟 |
# | 5. 用 crmlab 核对；练习 5：关键客户；亏损客户 | 20 分钟 |
# | 6. 练习 6（书面，三四句话）；小结与讨论 | 10 分钟 |
# | **课后作业**：从“课后作业”标题开始：两种分层方案、练习 7（交叉表）、练习 8（服务方案） | 约 45 分钟 |
#
# 如果课堂只有两节课（90 分钟），可以把第 6 个环节（练习 6 和讨论）留到课后，
# 或者放到下一次课的开头。

# %% [markdown]
# 先运行下面的单元格，载入本课要用的工具包。它是只读的，不需要修改。
# `math` 是 Python 自带的数学模块，这一课要用它的 `math.ceil`（向上取整）。

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import math

import matplotlib.pyplot as plt
import pandas as pd

import crmlab as cl
from crmcourse.l04_pyramid import checks, widgets

print("工具已载入，可以开始了。")

# %% [markdown]
# ## 1. 导入案例：谁才是“大客户”？
#
# 一家物流公司为 120 家企业客户提供仓储和运输服务。年底，销售部按 2025 年的
# 订单金额列出了“前五大客户”，打算给他们配专属客服、优先安排车辆。
# 财务部却提醒：订单大，不一定赚得多。有的客户要加急、要特殊包装、退换货频繁，
# 公司为他付出的服务成本也很高。
#
# 先看看这份数据有哪些列。注意 `service_cost_2025` 那一行写着利润贡献的算法。
# pandas 默认每格最多显示 50 个字，长的说明会被截断成“...”；
# 第一行 `pd.set_option("display.max_colwidth", None)` 让表格把文字完整地显示出来。

# %%
pd.set_option("display.max_colwidth", None)
cl.describe_dataset("b2b_customers")

# %% [markdown]
# 下面是销售部的名单：按订单金额 `sales_2025` 从大到小的前五位客户。

# %%
lead = cl.load_dataset("b2b_customers")
lead.sort_values("sales_2025", ascending=False).head(5)[
    ["customer", "name", "sales_2025", "gross_margin", "service_cost_2025"]
]

# %% [markdown]
# **想一想**：第 4 名 C060 的订单金额是 651 万元，毛利率 (gross margin) 12.8%，
# 服务成本 92.8 万元。它一年给公司带来多少利润？（651 × 0.128 − 92.8 ≈ ？）
# 如果按利润而不是订单金额给客户排队，这份名单会有什么变化？专属客服该给谁？
#
# ## 2. 新知：客户金字塔模型
#
# 企业的人力和资金都有限，平均分给每一位客户既不划算，也做不到。
# 客户金字塔模型的做法是：按客户为企业创造的利润（或价值）给客户**排名 (rank)**，
# 利润小的垫在下面，利润大的放在上面，一层层垒起来，分成四层：
#
# | 层级 | 排名中的位置 | 约占客户 | 特点 |
# |---|---|---|---|
# | 重要客户 | 前 1% | 1% | 位于塔尖，用量大、对企业忠诚，带来的利润最多 |
# | 次要客户 | 前 1% 之后，到前 20% | 19% | 用量也大，但忠诚度和利润都不如重要客户 |
# | 普通客户 | 前 20% 之后，到前 50% | 30% | 人数多，价值和忠诚度明显低于上面两层 |
# | 小客户 | 后 50% | 50% | 位于塔底，订单小、忠诚度低，有的经过培养能升为普通客户 |
#
# 重要客户和次要客户合起来叫**关键客户 (key customers)**：大约 20% 的客户，
# 通常带来大约 80% 的利润，这正是第 1 课讲的**二八法则 (Pareto principle)**。
# 是不是真有 80%，要拿数据来算，练习 5 就来检验。
#
# ### “前 1%”到底是前几名？向上取整规则
#
# 客户有 n 位时，“前 1%”是 1% × n 位客户，这个数常常不是整数。本课程统一用
# **向上取整 (ceiling)**：⌈x⌉ 表示不小于 x 的最小整数，Python 里写 `math.ceil(x)`。
# 名次为 r 的客户：
#
# - r ≤ ⌈1% × n⌉：重要客户；
# - 否则 r ≤ ⌈20% × n⌉：次要客户；
# - 否则 r ≤ ⌈50% × n⌉：普通客户；
# - 其余：小客户。
#
# 为什么不四舍五入？只有 14 位客户时，1% × 14 = 0.14，四舍五入得 0，
# 塔尖就一位客户也没有了；向上取整得 1，利润第一的客户总能单独得到照顾。
#
# ### 例子：长海物流的 14 位客户
#
# 第 0 课见过的长海物流只有营业收入 (revenue) 的数据，没有利润，
# 我们就先拿营业收入练一练分层的步骤。第一步：从大到小排序，
# 用 `reset_index(drop=True)` 重新编行号，再加一列名次 `rank`。

# %%
ch = cl.load_dataset("changhai")
ch_ranked = ch.sort_values("revenue", ascending=False).reset_index(drop=True)
ch_ranked["rank"] = range(1, len(ch_ranked) + 1)
ch_ranked

# %% [markdown]
# 第二步：算出三个分界名次。这里写成 `n_ch * 20 / 100`，而不是 `0.2 * n_ch`：
# 0.07 这样的小数在计算机里只能近似地存放，例如 `0.07 * 100` 会算出 7.000000000000001，
# 向上取整就错成了 8；写成 `100 * 7 / 100` 得到的是 7.0。先乘整数、再除以 100，
# 就没有这个问题（单元格最后一行会把这两个数都打印出来）。

# %%
n_ch = len(ch_ranked)
ch_bounds = [
    math.ceil(n_ch * 1 / 100),
    math.ceil(n_ch * 20 / 100),
    math.ceil(n_ch * 50 / 100),
]
print("客户数 n =", n_ch)
print("1%、20%、50% × n 分别是", n_ch * 1 / 100, n_ch * 20 / 100, n_ch * 50 / 100)
print("向上取整后的分界名次：", ch_bounds)
print("小数的陷阱：0.07 * 100 =", 0.07 * 100, "  100 * 7 / 100 =", 100 * 7 / 100)


# %% [markdown]
# 第三步：把规则写成一个函数 (function)：给它一个名次 r，它返回层级名称。
# 再用 `.apply(...)` 对 `rank` 列的每一个名次都调用一次。

# %%
def ch_tier_of(r):
    if r <= ch_bounds[0]:
        return "重要客户"
    if r <= ch_bounds[1]:
        return "次要客户"
    if r <= ch_bounds[2]:
        return "普通客户"
    return "小客户"


ch_ranked["tier"] = ch_ranked["rank"].apply(ch_tier_of)
ch_ranked

# %% [markdown]
# 注意客户 7 和客户 8：营业收入都是 50 万元，却分在了不同的层（第 7 名是普通客户，
# 第 8 名是小客户）。按名次分层时，并列的客户也会被分界线隔开，这时只能按原来的
# 顺序排。遇到这种情况，管理上可以再看看别的指标（如信用、发展前景）来决定。
#
# 第四步：用 crmlab 核对。`cl.pyramid` 一步就完成排序、排名和分层，
# `cl.pyramid_summary` 统计每层的人数和营业收入占比，`cl.plot_pyramid` 画出金字塔
# （最后一行 `plt.show()` 把画好的图显示出来）。

# %%
ch_pyr = cl.pyramid(ch, value="revenue", customer="customer")
print("和手算的结果一样吗？", (ch_pyr["tier"].astype(str) == ch_ranked["tier"]).all())
cl.pyramid_summary(ch_pyr)

# %%
cl.plot_pyramid(ch_pyr, value_label="营业收入")
plt.show()

# %% [markdown]
# ## 3. 小控件：拖动分界线
#
# 下面的小控件 (widget) 用长海物流的 14 位客户。三个滑块是三条分界线
# （前百分之几），拖动后，分界名次、金字塔和统计表会一起变化。它只用来探索，不计分。
# （如果这里只显示一张静态的图和表，说明笔记本没有在 JupyterLab 里交互运行，
# 在 JupyterLab 里重新运行这个单元格即可。）
#
# 试一试：第 1 条分界从 1% 拖到 7%、再拖到 8%，重要客户的人数什么时候从 1 位变成 2 位？
# 为什么？（提示：14 × 7% = 0.98，14 × 8% = 1.12。）

# %%
widgets.cut_explorer("changhai")

# %% [markdown]
# ## 4. 练习（共 30 分：自动评分 20 分，老师批改 10 分）
#
# 练习用导入案例里那 120 位企业客户。先重新读入原始数据，存进 `b2b`，
# 免得前面的操作影响答案。
#
# **练习 1–4 请自己用 pandas 一步一步完成**（可以模仿长海物流的例子），
# 不要调用 crmlab 现成的分析函数（`cl.pyramid`、`cl.pyramid_summary`、
# `cl.tier_sizes` 等），检查会发现。

# %% nbgrader={"grade": false, "grade_id": "load_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
b2b = cl.load_dataset("b2b_customers")  # 练习用的原始数据
print(len(b2b), "位客户")

# %% [markdown]
# ### 练习 1（3 分）　算出每位客户的利润贡献
#
# 利润贡献 = 订单金额 × 毛利率 − 服务成本，也就是
# `sales_2025 × gross_margin − service_cost_2025`（单位：万元）。
# 对每一位客户算出利润贡献，存进变量 `profit`（一列，保持 `b2b` 原来的行顺序）。
# 答案单元格的最后两行会把它作为新的一列 `profit` 加进 `b2b`。

# %% nbgrader={"grade": false, "grade_id": "a1_profit", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
profit = b2b["sales_2025"] * b2b["gross_margin"] - b2b["service_cost_2025"]
### END SOLUTION
b2b["profit"] = profit
b2b[["customer", "name", "sales_2025", "profit"]].head()

# %% nbgrader={"grade": true, "grade_id": "q1_profit", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q1_profit()

# %% [markdown]
# 后面几题都要用到 `profit` 这一列。为了让第 1 题的错误不会连累后面的题，
# 下面这个只读单元格按正确的公式把 `b2b` 的 `profit` 列重新算一遍。

# %% nbgrader={"grade": false, "grade_id": "profit_column", "locked": true, "schema_version": 3, "solution": false, "task": false}
b2b["profit"] = b2b["sales_2025"] * b2b["gross_margin"] - b2b["service_cost_2025"]

# %% [markdown]
# ### 练习 2（3 分）　按利润贡献排名
#
# 把 `b2b` 按 `profit` **从大到小**排序，用 `reset_index(drop=True)` 重新编行号，
# 再加一列名次 `rank`（1, 2, …, n），结果存进变量 `ranked`。
# 亏损客户（利润为负）也要保留：他们同样是公司的客户，排在最后。

# %% nbgrader={"grade": false, "grade_id": "a2_rank", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
ranked = b2b.sort_values("profit", ascending=False).reset_index(drop=True)
ranked["rank"] = range(1, len(ranked) + 1)
### END SOLUTION
ranked[["rank", "customer", "name", "sales_2025", "profit"]]

# %% nbgrader={"grade": true, "grade_id": "q2_rank", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q2_rank()

# %% [markdown]
# ### 练习 3（3 分）　算出分界名次
#
# `n` 是全部客户的个数（已经替你写好）。按向上取整规则算出三个分界名次：
# ⌈1% × n⌉、⌈20% × n⌉、⌈50% × n⌉，按从小到大的顺序存进列表 `bounds`，
# 例如 `bounds = [第一个, 第二个, 第三个]`。

# %% nbgrader={"grade": false, "grade_id": "a3_bounds", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
n = len(b2b)
### BEGIN SOLUTION
bounds = [math.ceil(n * 1 / 100), math.ceil(n * 20 / 100), math.ceil(n * 50 / 100)]
### END SOLUTION
print("n =", n, "  bounds =", bounds)

# %% nbgrader={"grade": true, "grade_id": "q3_bounds", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q3_bounds()


# %% [markdown]
# ### 练习 4（4 分）　给每位客户分层
#
# 照长海物流例子的第三步，写一个函数 `tier_of(r)`，用 `bounds` 把名次 r 变成层级名称
# （`"重要客户"`、`"次要客户"`、`"普通客户"`、`"小客户"`），再对 `ranked["rank"]` 用
# `.apply(tier_of)`，结果存进变量 `tier`。答案单元格的最后两行会把它加进 `ranked`，
# 并数一数每层有几位客户。

# %% nbgrader={"grade": false, "grade_id": "a4_tier", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
def tier_of(r):
    if r <= bounds[0]:
        return "重要客户"
    if r <= bounds[1]:
        return "次要客户"
    if r <= bounds[2]:
        return "普通客户"
    return "小客户"


tier = ranked["rank"].apply(tier_of)
### END SOLUTION
ranked["tier"] = tier
ranked["tier"].value_counts(sort=False)

# %% nbgrader={"grade": true, "grade_id": "q4_tier", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q4_tier()

# %% [markdown]
# ## 5. 用 crmlab 核对，再看整体
#
# 手算完成了。下面用 `cl.pyramid` 在同一份数据上再分一次层，存进 `pyr`；
# 同时按 VIP/A/B/C 四级方案分一次，存进 `vip`（练习 7 用）。
# 后面的练习都用这两张表，所以即使前面有题没做对，也不影响后面。
# （别把 `pyr`、`vip` 借到练习 2–4 的答案里：那几题要求自己动手，检查会发现。）

# %% nbgrader={"grade": false, "grade_id": "crmlab_tables", "locked": true, "schema_version": 3, "solution": false, "task": false}
data = cl.load_dataset("b2b_customers")
data["profit"] = cl.profit_contribution(data)  # 同一个公式：订单金额 × 毛利率 − 服务成本
pyr = cl.pyramid(data, value="profit", customer="customer")
vip = cl.pyramid(
    data, value="profit", customer="customer",
    cuts=cl.VIP_ABC_CUTS, labels=cl.VIP_ABC_LABELS,
)
cl.pyramid_summary(pyr)

# %% [markdown]
# 你在练习 2–4 排的名次、分的层和 `cl.pyramid` 的一样吗？`ranked` 和 `pyr` 都应该按利润
# 从大到小排好。下面把两张表的客户编号、层级名称分别变成列表 (list)，一行一行地比较：
# 两个都显示 True，才说明你手算的结果和 crmlab 完全一样。
# 如果显示 False，回到练习 2–4，看看检查单元格的提示。

# %%
if "ranked" in globals() and "tier" in ranked:
    same_order = list(ranked["customer"]) == list(pyr["customer"])
    same_tiers = list(ranked["tier"]) == list(pyr["tier"].astype(str))
    print("客户的顺序一样吗？", same_order, "  层级一样吗？", same_tiers)
else:
    print("还没有 ranked 表或它的 tier 列：先完成练习 2 和练习 4，再运行这个单元格。")

# %% [markdown]
# 上面 `cl.pyramid_summary(pyr)` 的统计表里，`group` 是层级名称，`customers` 是每层的客户数，
# `customer_share` 是客户占比，`value` 是这一层的利润合计（万元），
# `value_share` 是利润占比（都是 0–1 之间的小数）；
# 最后两列 `cum_customer_share`、`cum_value_share` 是从顶层往下累加的占比。
#
# 再用小控件在 120 位客户上拖一拖分界线。课上时间紧，下面三个问题可以课后再试（选做）：
#
# 1. 把第 3 条分界从 50% 一格一格往上拖：拖到百分之几时，小客户这一层的利润占比变成了负数？
#    为什么会是负数？拖到 83% 时，小客户层还剩几位客户？他们是哪些客户？
# 2. 勾选“去掉亏损客户”，重要客户从几位变成了几位？利润合计变了多少？
# 3. 把三条分界拖到 1%、5%、20%，再把名称换成 VIP/A/B/C：这就是练习 7 的四级方案。

# %%
widgets.cut_explorer()

# %% [markdown]
# ### 练习 5（4 分）　关键客户占多少？
#
# 关键客户 = 重要客户 + 次要客户。用 `pyr`（或你自己的 `ranked`）算出：
#
# - `key_customer_share`：关键客户占全部客户的比例；
# - `key_profit_share`：关键客户的利润合计占全部客户利润合计的比例
#   （分母是全部 120 位客户的利润之和，亏损客户的负数也要算进去）。
#
# 两个都写成 0–1 之间的小数，例如 25% 写成 0.25。不要把屏幕上显示的数抄进答案，
# 让 Python 直接算出来。
#
# 先看一个小例子：`表["列"].isin([…])` 对每一行判断“这一行的值在不在列表里”，
# 放进 `表[...]` 就只留下在列表里的那些行。四位客户里，挑出重要客户和普通客户：

# %%
toy = pd.DataFrame(
    {
        "customer": ["甲", "乙", "丙", "丁"],
        "tier": ["重要客户", "次要客户", "普通客户", "小客户"],
        "profit": [50, 30, 15, -5],
    }
)
picked = toy[toy["tier"].isin(["重要客户", "普通客户"])]
print("选出", len(picked), "位客户，占客户的", len(picked) / len(toy))
print("他们的利润合计", picked["profit"].sum())
print("占全部利润的", picked["profit"].sum() / toy["profit"].sum())
picked

# %% [markdown]
# 注意分母：客户占比除以全部客户数 `len(toy)`，利润占比除以全部客户的利润合计
# `toy["profit"].sum()`（亏损客户丁的 −5 也算在里面，所以合计是 90）。
# 练习 5 用同样的办法，只是表换成 `pyr`，层换成关键客户的两层。

# %% nbgrader={"grade": false, "grade_id": "a5_key", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
key = pyr[pyr["tier"].isin(["重要客户", "次要客户"])]
key_customer_share = len(key) / len(pyr)
key_profit_share = key["profit"].sum() / pyr["profit"].sum()
### END SOLUTION
print(f"关键客户：占客户的 {key_customer_share:.1%}，占利润的 {key_profit_share:.1%}")

# %% nbgrader={"grade": true, "grade_id": "q5_key", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q5_key()

# %% [markdown]
# ### 小客户也会让公司亏钱
#
# 金字塔里各层的利润占比加起来是 100%，前提是全部客户的利润合计为正。
# 亏损客户的利润是负数，他们都落在塔底，把小客户这一层的利润往下拉。
# 下面的图左边是每一层里盈利客户赚的钱（向上）和亏损客户亏的钱（向下），
# 右边把小客户这一层单独放大。

# %%
fig = widgets.loss_chart(pyr)

# %% [markdown]
# 这 20 位亏损客户是谁？按利润从小到大列出来，留意订单金额很大的那一位。

# %%
losers = pyr[pyr["profit"] < 0].sort_values("profit")
losers[["rank", "customer", "name", "sales_2025", "service_cost_2025", "profit"]]

# %% [markdown]
# 订单金额排第 4 的 C060，按利润却排在最后一名：它的服务成本比它带来的毛利还高。
# 所以说小客户（塔底）不只是“赚得少”，其中一些还在让公司亏钱。
# 对它们也不能简单地一推了之：可以先弄清亏损的原因，再通过调整价格、减少免费的
# 附加服务、缩小服务范围等办法扭亏；实在无法改善的，再礼貌地、逐步地结束合作。

# %% [markdown]
# ### 练习 6（4 分，由老师批改）　这份数据符合二八法则吗？
#
# 用三四句话回答：关键客户占多少客户、带来多少利润？和“20% 的客户带来 80% 的利润”
# 相比，是接近、偏高还是偏低？小客户那一层的利润占比说明了什么？
# 二八法则能不能当成每家企业都成立的定律？

# %% [markdown] nbgrader={"grade": true, "grade_id": "w1_pareto", "locked": false, "points": 4, "schema_version": 3, "solution": true, "task": false}
# **参考答案**：关键客户是 24 位，占客户的 20.0%，带来约 77.5% 的利润，和“二八”
# 很接近，只比 80% 略低。另一端，占客户一半的 60 位小客户只带来约 2.1% 的利润，
# 因为这一层里有 20 位亏损客户，他们的亏损抵掉了其余小客户约一半的利润。
# 二八法则是经验规律，不是定律：比例随行业、企业和所用的指标（订单金额还是利润）
# 而变，每家企业都要用自己的数据算一算。
#
# **评分要点（共 4 分）**
# 1. 写出两个数：客户占比 20%（24 位），利润占比约 77%–78%（1 分）。
# 2. 做出判断：接近二八，略低于 80%，并说明依据（1 分）。
# 3. 指出小客户层利润占比很小（约 2%），并把原因和亏损客户联系起来（1 分）。
# 4. 说明二八法则是经验规律，比例因企业、数据和指标而不同，需要用数据检验（1 分）。

# %% [markdown]
# ## 小结
#
# - 客户金字塔模型按利润（价值）给客户排名，分成四层：重要客户（前 1%）、
#   次要客户（到前 20%）、普通客户（到前 50%）和小客户（后 50%）。
# - 分界名次用向上取整：名次 r ≤ ⌈1% × n⌉ 是重要客户，依此类推。
#   pandas 的做法：`sort_values(..., ascending=False)` → `rank` → 函数 + `.apply`。
#   crmlab 的做法：`cl.pyramid`、`cl.pyramid_summary`、`cl.plot_pyramid`。
# - 关键客户 = 重要客户 + 次要客户。关键客户带来多少利润，要用自己的数据算出来再下结论：
#   二八法则只是经验规律，不是每家企业都正好是 20% 和 80%。
# - 排名要用利润，不能只看订单金额：订单很大的客户也可能亏钱。亏损客户仍是客户，
#   排在塔底，会把小客户层的利润占比压得很低，甚至变成负数。
#
# **讨论**：公司明年要给每位重要客户和次要客户配专属客服，人手却只够照顾 15 位客户。
# 你会怎样调整分层或服务方案？除了今年的利润，还应该看哪些指标（想想第 3 课的
# 信用状况和发展前景）？
#
# ## 课后作业（从这里开始，约 45 分钟）
#
# 课堂部分到这里结束。下面的内容请课后完成：读一读物流企业的 VIP/A/B/C 四级方案，
# 学会交叉表，做练习 7（自动评分）和练习 8（老师批改），最后按“提交前”的步骤提交。

# %% [markdown]
# ### 两种分层方案：客户金字塔与 VIP/A/B/C
#
# 物流企业还常用另一种四级分法，它按客户带来的营业额和贡献分成四类，
# 每一类有自己的特点，也有相应的服务建议：
#
# | 层级 | 约占客户 | 特点 | 服务建议 |
# |---|---|---|---|
# | VIP客户 | 1% | 购买能力最强，给企业的贡献最大 | 制定特别的服务政策，提供尊贵、高质量的服务 |
# | A类重点客户 | 4% | 营业额占的比例大，贡献率也比较高 | 当作工作的重点，虚心听取他们的意见 |
# | B类普通客户 | 约 15% | 营业额比例和贡献率都一般 | 研究他们的需求，重点培养和开发 |
# | C类小客户 | 约 80% | 人数最多，营业额却很小 | 只做简单、适当的维护；贡献实在太低的，平稳地逐步淘汰 |
#
# 按名次看，它的三条分界是前 1%、前 5% 和前 20%（`cl.VIP_ABC_CUTS`），
# 层级名称在 `cl.VIP_ABC_LABELS` 里，和上表第一列一字不差（中间没有空格）。
# 和客户金字塔相比，它把重点照顾的范围收得更窄：
# 只有前 5% 算 VIP 和 A 类，金字塔的关键客户却有前 20%。
# 同样 120 位客户，两种分法的金字塔并排画出来是这样的：

# %%
cl.use_chinese_font()
fig, (left, right) = plt.subplots(1, 2, figsize=(14, 4.5), layout="constrained")
cl.plot_pyramid(pyr, ax=left, value_label="利润")
cl.plot_pyramid(vip, ax=right, value_label="利润")
left.set_title("客户金字塔（1% / 20% / 50%）")
right.set_title("四级方案 VIP/A/B/C（1% / 5% / 20%）")
plt.show()

# %% [markdown]
# ### 新工具：交叉表
#
# **交叉表 (cross-tabulation)** 把两种分类放在一起看：`pd.crosstab(行, 列)` 数出
# 每一种组合各有几行。先看六位客户的小例子：行按规模分，列按地区分。

# %%
toy = pd.DataFrame(
    {
        "customer": ["甲", "乙", "丙", "丁", "戊", "己"],
        "size": ["大", "大", "中", "中", "小", "小"],
        "region": ["华东", "华北", "华东", "华东", "华北", "华东"],
    }
)
toy_cross = pd.crosstab(toy["size"], toy["region"])
toy_cross

# %% [markdown]
# 读交叉表用 `.loc[行, 列]`。读一个格子写一个行名；要把几行加起来，就把行名放进列表，
# 再用 `.sum()`：

# %%
print("中型客户里在华东的：", toy_cross.loc["中", "华东"])
print("大型和中型客户里在华东的：", toy_cross.loc[["大", "中"], "华东"].sum())

# %% [markdown]
# ### 练习 7（3 分）　两种方案的交叉表
#
# `pyr` 和 `vip` 的行顺序相同（都按利润从大到小排），所以可以直接把两列层级放在一起，
# 像上面的例子一样做一张交叉表。
#
# 1. 把交叉表存进变量 `cross`：行是金字塔的层 `pyr["tier"]`，列是四级方案的层
#    `vip["tier"]`。
# 2. 读这张表：金字塔里的关键客户（重要客户 + 次要客户）中，有几位在四级方案里
#    只是“B类普通客户”？把这个数存进 `n_key_in_b`。

# %% nbgrader={"grade": false, "grade_id": "a7_cross", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
cross = pd.crosstab(pyr["tier"], vip["tier"])
n_key_in_b = int(cross.loc[["重要客户", "次要客户"], "B类普通客户"].sum())
### END SOLUTION
print("n_key_in_b =", n_key_in_b)
cross

# %% nbgrader={"grade": true, "grade_id": "q7_cross", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q7_cross()

# %% [markdown]
# 读交叉表时想一想：四级方案的“C类小客户”（约 80%）里，有多少位在金字塔里还算普通客户？
# 两种方案对“重点照顾谁”的划法有什么不同？
#
# ### 练习 8（6 分，由老师批改）　为每一层客户设计服务方案
#
# 假设你是这家物流公司的客户经理，公司决定采用客户金字塔的四层分法。
# 请为**每一层**各写出两三条具体的服务或管理措施（例如由谁负责联系、多久联系或拜访
# 一次、有哪些优先或专属的服务、投入多少资源），并说明：对小客户里的亏损客户，
# 你打算怎样处理？写在下面的单元格里。

# %% [markdown] nbgrader={"grade": true, "grade_id": "w2_service", "locked": false, "points": 6, "schema_version": 3, "solution": true, "task": false}
# **参考答案**
# - **重要客户（2 位）**：各配一名专职客户经理，建立双向快速联络渠道；公司领导每季度
#   登门拜访一次；优先安排车辆和仓位，投诉当天处理；每年一起做物流方案优化。
# - **次要客户（22 位）**：由大客户小组分片负责，每两周电话联系一次，每两三个月拜访
#   采购经理；给予优先排车和运价优惠；挑出增长快的客户重点培养，争取升为重要客户。
# - **普通客户（36 位）**：客服团队统一服务，每月联系一次，节假日问候；提供标准化服务
#   和线上查单；关注订单在增长的客户，给予升级激励。
# - **小客户（60 位）**：以线上自助下单、查询为主，降低服务成本；挑出有发展潜力的
#   客户加以培养。对 20 位亏损客户，先分析亏损原因（加急多、特殊包装、退换货），
#   再调整报价、把免费的附加服务改为收费、缩小服务范围；仍然亏损的，礼貌地逐步
#   结束合作，而不是生硬地拒绝。
#
# **评分要点（共 6 分）**
# 1. 四层各有具体、可执行的措施（每层 1 分，共 4 分）；只写口号、没有具体做法的不给分。
# 2. 资源投入与客户价值相匹配：越往塔尖服务越周到，塔底以低成本的标准化服务为主，
#    同时保证每位客户都得到基本服务（1 分）。
# 3. 对亏损客户先找原因、再调价或减少免费服务，必要时礼貌地逐步退出，
#    并提到培养有潜力的小客户（1 分）。

# %% [markdown]
# ## 6. 提交前
#
# 保存笔记本，然后用菜单 Kernel → Restart Kernel and Run All Cells（重启并运行全部
# 单元格），确认从头到尾能跑通、检查单元格都显示通过，再按老师的要求提交。
#
#
# 课后作业里的练习 7、练习 8 也要在提交前完成。
