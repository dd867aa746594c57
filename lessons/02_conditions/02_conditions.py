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
# # 第 2 课　分级的条件：什么样的企业值得给客户分级？
#
# 上一课说明了**为什么**要给客户分级。可是，是不是每家企业都值得这样做？
# 教材给出了客户分级的三个**条件 (conditions)**：
#
# 1. 企业拥有稳定的现实客户 (stable existing customers)；
# 2. 客户之间存在价值差异 (differences in customer value)；
# 3. 客户数量超出了企业的管理限度 (more customers than the staff can serve)。
#
# 这一课不只是背下这三条，而是**用数据逐条检验**。
#
# ## 学习目标 (learning objectives)
#
# - **知识**：说出客户分级的三个条件，并说明每个条件为什么重要。
# - **技能**：用交易记录算出人均购买次数和回头客占比；用变异系数、基尼系数和
#   前 20% 客户的价值占比衡量客户间的价值差异；用人手和服务能力判断客户数量是否
#   超出了管理限度。
# - **态度**：先用数据检验条件，再决定要不要分级；不为了分级而分级。
#
# ## 时间安排（课堂约 100 分钟 + 课后作业约 20 分钟）
#
# | 环节 | 时间 |
# |---|---|
# | 1. 课前导入：甲、乙两家物流公司 | 10 分钟 |
# | 2. 条件一：稳定的现实客户（讲解，练习 1–2） | 25 分钟 |
# | 3. 条件二：客户间的价值差异（讲解，练习 3–5） | 45 分钟 |
# | 4. 条件三：管理限度（讲解，练习 6） | 10 分钟 |
# | 5. 课堂互动：分级条件体检表，小结 | 10 分钟 |
# | **课后作业 (homework)** 从第 6 节开始：书面题约 15 分钟，讨论约 5 分钟 | 约 20 分钟 |
#
# 练习 3–5 是这一课最花时间的部分。如果课堂只有 90 分钟，可以把第 5 节的体检表留到课后探索。
#
# 先运行下面的单元格，载入要用的工具包。

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import crmlab as cl
from crmcourse.l02_conditions import checks, widgets

cl.use_chinese_font()  # 让图里的中文正常显示
print("工具已载入，可以开始了。")

# %% [markdown]
# ## 1. 课前导入：平均数一样，都值得分级吗？
#
# 甲、乙两家物流公司规模相近，各有 200 家签了年度合同、长期合作的企业客户，
# 各有 4 位客户经理 (account manager)。企业客户的业务复杂，一位客户经理最多能一对一
# 照顾 30 家（这是本课案例的设定）。
# 两家老板都听说“大公司都在做客户分级”，也想照着做。
# 先看看两家公司每位客户一年带来的价值（`annual_value`，单位：元）：

# %%
firms = cl.load_dataset("two_firms")
firms.groupby("firm")["annual_value"].agg(["count", "mean", "min", "max"]).round(0)

# %% [markdown]
# 两家公司的客户数一样，平均每位客户的价值也差不多，都是 3 万元左右。
# 可是最小值和最大值差别很大：甲公司最小的客户一年只有两百多元，最大的超过 34 万元；
# 乙公司的客户都在 2 万到 4 万元之间。
#
# **想一想**：这两家公司都值得给客户分级吗？哪一家更值得？
# 先记下你的猜测，学完这一课再用数据回答。

# %% [markdown]
# ## 2. 条件一：企业拥有稳定的现实客户
#
# 客户只有**反复**与企业交易，才会持续为企业创造价值。
# 这样能持续交易的**现实客户 (existing customers)** 是企业利润的来源，
# 也是分级的前提：如果大多数客户只来一次，今天评出的“重要客户”明天也许就不再出现，
# 为他们准备的专属服务就白费了。
#
# 用交易记录 (transaction log) 可以检验这个条件，常看两个数：
#
# - **人均购买次数 (purchases per customer)** = 订单数 ÷ 顾客数；
# - **回头客占比 (share of repeat customers)** = 买过不止一次的顾客人数 ÷ 全部顾客人数。
#
# 有两个容易出错的地方：
#
# 1. 一张订单可能有好几件商品，在表里占好几行。数订单要数**不同的订单编号**
#    (`nunique()`)，不能直接数行数。
# 2. “回头客占比”以**顾客**为单位；“回头客的订单占全部订单的比例”以**订单**为单位，
#    两个数不一样。
#
# 下面用一张只有 9 行的小交易表演示。订单 T1 买了两件商品，所以占了两行。

# %%
toy = pd.DataFrame({
    "order_id":    ["T1", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"],
    "customer_id": ["A",  "A",  "B",  "A",  "C",  "D",  "C",  "E",  "A"],
})
print("行数：", len(toy))
print("订单数：", toy["order_id"].nunique())
print("顾客数：", toy["customer_id"].nunique())

# %% [markdown]
# 9 行，但只有 8 张订单、5 位顾客。人均购买次数是 8 ÷ 5 = 1.6 次
# （如果用行数，就会错算成 9 ÷ 5 = 1.8 次）。
#
# 再按顾客分组 (`groupby`)，数出每位顾客有几张不同的订单：

# %%
orders_per = toy.groupby("customer_id")["order_id"].nunique()
orders_per

# %% [markdown]
# `orders_per > 1` 对每位顾客给出 True（是回头客）或 False（只买过一次）。
# 对一列 True/False 求平均数 `.mean()`，得到的就是 True 所占的比例，因为 True 算作 1，
# False 算作 0。

# %%
print(orders_per > 1)
print("回头客占比：", (orders_per > 1).mean())

# %% [markdown]
# 5 位顾客中 A 和 C 是回头客，回头客占比是 2 ÷ 5 = 40%。
# 如果换成以订单为单位来数：8 张订单里有 5 张（A 的 3 张和 C 的 2 张）来自回头客，
# 占 62.5%。这个数更大，因为回头客本来就买得多。这一课问的是**回头客占比**，
# 也就是以顾客为单位的那个数。
#
# ### 一家零售店一年的交易
#
# 下面的表是一家零售店 2025 年的交易明细 (order lines)。和上面的小表一样，
# **一张订单买了几类商品，就占几行**：订单编号 `order_id`、顾客编号 `customer_id`、
# 日期 `date`、商品类别 `product` 和这一行的金额 `amount`（元）。
# 看看前几行：订单 S000001 就占了两行。
# 这个单元格是只读的，它为练习 1、2 和 6 准备数据 `tx`。

# %% nbgrader={"grade": false, "grade_id": "load_tx", "locked": true, "schema_version": 3, "solution": false, "task": false}
tx = cl.load_dataset("retail_items")  # 练习用的数据
print("交易明细：", len(tx), "行")
tx.head()

# %% [markdown]
# ### 练习 1（2 分）
#
# 这家零售店平均每位顾客一年买了几次？
# 用**不同订单的个数 ÷ 不同顾客的个数**计算，把结果存进变量 `purchases_per_customer`。
# 注意：表的行数不是订单数。
#
# 这一课的练习都要**用代码从数据算出来**：不要把屏幕上看到的数字抄进答案（式子里的订单数、
# 顾客数也要用代码数出来），也不要四舍五入，
# 检查要的是完整的计算结果。

# %% nbgrader={"grade": false, "grade_id": "a1_purchases", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
purchases_per_customer = tx["order_id"].nunique() / tx["customer_id"].nunique()
### END SOLUTION
print("purchases_per_customer =", purchases_per_customer)

# %% nbgrader={"grade": true, "grade_id": "q1_purchases", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q1_purchases()

# %% [markdown]
# ### 练习 2（3 分）
#
# 这家零售店的顾客里，**回头客**（一年里买过不止一次的顾客）占多大比例？
# 把结果写成 0 到 1 之间的小数（例如 40% 写成 0.4），存进变量 `repeat_share`。
#
# 提示：先按顾客分组，数出每位顾客**不同订单**的个数（不是行数）；再看其中有多大比例大于 1。

# %% nbgrader={"grade": false, "grade_id": "a2_repeat", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
orders_per_customer = tx.groupby("customer_id")["order_id"].nunique()
repeat_share = (orders_per_customer > 1).mean()
### END SOLUTION
print("repeat_share =", repeat_share)

# %% nbgrader={"grade": true, "grade_id": "q2_repeat", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q2_repeat()

# %% [markdown]
# 把每位顾客的购买次数画成柱状图，看看分布。最左边的红色柱子是只买过一次的顾客。

# %%
per_customer = tx.groupby("customer_id")["order_id"].nunique().clip(upper=20)
counts = per_customer.value_counts().sort_index()

fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
colours = ["#d1495b" if k == 1 else "#4c78a8" for k in counts.index]
ax.bar(counts.index, counts.to_numpy(), color=colours)
ax.set_xlabel("一年里的购买次数（20+ 表示 20 次及以上）")
ax.set_ylabel("顾客人数")
ax.set_title("零售店顾客的购买次数分布（2025 年）")
ax.set_xticks(range(1, 21), [str(k) for k in range(1, 20)] + ["20+"])
plt.show()

# %% [markdown]
# 大约三分之一多的顾客只来过一次，但六成以上是回头客：有的一年来了两三次到九次，
# 有的来了十三到十九次，还有 90 位来了 20 次及以上。
# 图里 10–12 次的位置是空的：这份练习数据是按几类典型顾客编出来的（偶尔来的、常来的、
# 几乎每周都来的），所以中间留了空档；真实的店里，柱子一般是连着的。
# 这家店**有一批稳定的现实客户**，条件一满足。
# （本课用“回头客占比不低于 50%”作为经验标准 (rule of thumb)。
# 这是为了练习定的，不是教材规定的数字；不同行业的标准不一样。）
#
# ## 3. 条件二：客户间存在价值差异
#
# 分级的目的是把不同价值的客户区分开。客户之间的价值差异越明显，分级的意义越大；
# 如果每位客户的价值都差不多，分成几级也没有什么区别。衡量差异，常用三个数：
#
# - **变异系数 (coefficient of variation, CV)** = 标准差 ÷ 平均数。
#   标准差 (standard deviation) 衡量数据离平均数有多远，除以平均数以后没有单位，
#   规模不同的公司也能比较。
# - **基尼系数 (Gini coefficient)**：0 表示每位客户的价值完全一样；越接近 1，
#   价值越集中在少数客户身上。把 n 位客户的价值**从小到大**排好，记作
#   x₁ ≤ x₂ ≤ … ≤ xₙ，那么
#
#   基尼系数 = 2 × (1·x₁ + 2·x₂ + … + n·xₙ) ÷ (n × 价值合计) − (n + 1) ÷ n
#
# - **前 20% 客户的价值占比 (top-20% share)**：按价值**从大到小**排好，
#   取前 20% 的客户（客户数 × 20%，除不尽时向上取整），看他们的价值合计占全部价值的
#   比例。二八法则说这个数大约是 80%；如果每位客户的价值都一样，它就是 20%。
#
# 下面用 5 位客户的小例子把三个数都算一遍：

# %%
demo = pd.Series([10, 20, 30, 40, 400])  # 5 位客户的价值

print("变异系数：", demo.std() / demo.mean())

x = demo.sort_values().to_numpy()        # 从小到大
n = len(x)
rank = np.arange(1, n + 1)               # 名次 1, 2, ..., n
print("1·x1 + 2·x2 + ... + n·xn =", (rank * x).sum())
print("基尼系数：", 2 * (rank * x).sum() / (n * x.sum()) - (n + 1) / n)

k = math.ceil(n * 0.2)                   # 前 20% 是几位客户
top = demo.sort_values(ascending=False).head(k)
print("前 20% 客户的价值占比：", top.sum() / demo.sum())

# %% [markdown]
# 对照手算：从小到大是 10、20、30、40、400，1×10 + 2×20 + 3×30 + 4×40 + 5×400 = 2300；
# 基尼系数 = 2 × 2300 ÷ (5 × 500) − 6 ÷ 5 = 1.84 − 1.2 = 0.64。
# 前 20% 是 1 位客户，他一人就占了 400 ÷ 500 = 80%。
#
# 注意：`demo.sort_values()` 不会改动 `demo` 本身，它给出一列排好序的**新**数据，
# 所以上面把它存进了 `x` 再用。只写一行 `demo.sort_values()` 而接着用 `demo`，
# 数据其实还是原来的顺序，算出来的基尼系数就错了。
#
# 要按组分别计算时，先 `groupby` 分组，再对每组求标准差和平均数。
# 下面是两家小店、每家 3 位客户的例子：

# %%
shops = pd.DataFrame({
    "shop":  ["A店", "A店", "A店", "B店", "B店", "B店"],
    "value": [10, 20, 30, 100, 100, 100],
})
by_shop = shops.groupby("shop")["value"]
print(by_shop.std())                   # 每家店一个标准差，索引是店名
print(by_shop.std() / by_shop.mean())  # 每家店一个变异系数

# 另一种写法：先分别取出每家店的数据，再自己拼成一列数，索引是店名
a_shop = shops[shops["shop"] == "A店"]["value"]
b_shop = shops[shops["shop"] == "B店"]["value"]
print(pd.Series({"A店": a_shop.std() / a_shop.mean(), "B店": b_shop.std() / b_shop.mean()}))

# %% [markdown]
# A 店的标准差是 10，平均数是 20，变异系数 0.5；B 店 3 位客户一样，变异系数是 0。
# 两列数相除时，pandas 按店名一一对应。两种写法的结果一样。
#
# 顺便说一句：pandas 的 `.std()` 算的是**样本标准差 (sample standard deviation)**，
# 除以 n − 1；numpy 的 `np.std()` 默认算总体标准差，除以 n，所以两者结果略有不同。
# 这一课统一用 pandas 的 `.std()`。
#
# 现在回到甲、乙两家公司。下面的只读单元格把两家公司的客户价值分别取出来：
# `jia` 是甲公司 200 位客户的 `annual_value`，`yi` 是乙公司的。

# %% nbgrader={"grade": false, "grade_id": "load_firms", "locked": true, "schema_version": 3, "solution": false, "task": false}
firms = cl.load_dataset("two_firms")  # 练习用的数据
jia = firms[firms["firm"] == "甲公司"]["annual_value"]
yi = firms[firms["firm"] == "乙公司"]["annual_value"]
print("甲公司客户数：", len(jia), "  乙公司客户数：", len(yi))

# %% [markdown]
# ### 练习 3（3 分）
#
# 分别算出甲公司和乙公司客户价值的**变异系数**（用 pandas 的 `.std()` 除以 `.mean()`），
# 存进变量 `cv`。`cv` 要是一列数 (Series)，索引 (index) 是公司名，例如用
# `firms.groupby("firm")["annual_value"]` 分组计算，
# 或者写成 `pd.Series({"甲公司": ..., "乙公司": ...})`。

# %% nbgrader={"grade": false, "grade_id": "a3_cv", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
by_firm = firms.groupby("firm")["annual_value"]
cv = by_firm.std() / by_firm.mean()
### END SOLUTION
cv

# %% nbgrader={"grade": true, "grade_id": "q3_cv", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q3_cv()

# %% [markdown]
# ### 练习 4（3 分）
#
# 按上面的公式，**自己动手**算出甲公司（`jia`）的基尼系数，存进变量 `gini_jia`。
# 步骤：从小到大排序 → 名次 1 到 n → 套公式。可以照着 5 位客户的例子写。
#
# 注意：例子里的 `n` 是 5（5 位客户）。甲公司有 200 位客户，答案单元格里要**重新算出 n**，
# 不能直接用例子留下来的变量。练习 5 里的 `k` 也一样。
#
# 这道题要自己用 pandas/numpy 计算，不要调用 crmlab 现成的函数
# （如 `cl.concentration`、`cl.gini`），检查会发现。

# %% nbgrader={"grade": false, "grade_id": "a4_gini", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
x = jia.sort_values().to_numpy()
n = len(x)
rank = np.arange(1, n + 1)
gini_jia = 2 * (rank * x).sum() / (n * x.sum()) - (n + 1) / n
### END SOLUTION
print("gini_jia =", gini_jia)

# %% nbgrader={"grade": true, "grade_id": "q4_gini", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q4_gini()

# %% [markdown]
# ### 练习 5（3 分）
#
# 甲公司价值最大的前 20% 客户，带来了全部价值的多大比例？
# **自己动手**计算（从大到小排序，取前 20% 的客户，求和，再除以合计），
# 结果写成 0 到 1 之间的小数，存进变量 `top20_jia`。同样不要调用 crmlab 现成的函数。

# %% nbgrader={"grade": false, "grade_id": "a5_top20", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
k = math.ceil(len(jia) * 0.2)
top20_jia = jia.sort_values(ascending=False).head(k).sum() / jia.sum()
### END SOLUTION
print("top20_jia =", top20_jia)

# %% nbgrader={"grade": true, "grade_id": "q5_top20", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q5_top20()

# %% [markdown]
# ### 核对：crmlab 的现成函数
#
# 自己算过以后，再用 crmlab 的 `cl.concentration` 一次算出两家公司的前 20% 占比
# (`top_share`) 和基尼系数 (`gini`)，和你的答案对照。

# %%
conc_jia = cl.concentration(jia)
conc_yi = cl.concentration(yi)
print("甲公司：", conc_jia)
print("乙公司：", conc_yi)

# %% [markdown]
# **洛伦兹曲线 (Lorenz curve)** 把这种差异画了出来：横轴是从小客户到大客户的
# 累计客户占比，纵轴是他们的累计价值占比。每位客户都一样时，曲线就是对角虚线；
# 曲线越往右下方弯，差异越大，阴影部分也越大（基尼系数就是阴影面积的 2 倍）。

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5.5), layout="constrained")
cl.plot_lorenz(conc_jia, ax=left)
left.set_title(f"甲公司：基尼系数 = {conc_jia.gini:.2f}")
cl.plot_lorenz(conc_yi, ax=right)
right.set_title(f"乙公司：基尼系数 = {conc_yi.gini:.2f}")
plt.show()

# %% [markdown]
# 甲公司前 20% 的客户带来了七成以上的价值，基尼系数接近 0.7：客户之间差别很大，
# 分级能把有限的资源集中到少数大客户身上。乙公司的曲线几乎贴着对角线，
# 前 20% 的客户只占两成多一点的价值，分出来的“重要客户”和“小客户”其实差不多。
# （本课用“基尼系数不低于 0.3”作为价值差异明显的经验标准。）
#
# ## 4. 条件三：客户数量超出企业管理限度
#
# 一位客户经理 (account manager) 能够**一对一**认真照顾的客户是有限的。
# 企业的服务能力大约是：
#
# > 能照顾的客户数 = 客户经理人数 × 每人能照顾的客户数
#
# 客户比这个数多，企业就不可能对每位客户都同样用心：要么增加人手，
# 要么给客户分级，把最用心的服务留给最重要的客户。
# 如果人手足够一对一地照顾每位客户，分级就没有那么迫切。
#
# 以甲、乙两家公司为例：每家 4 位客户经理，每人最多照顾 30 家，一共能照顾
# 4 × 30 = 120 家，而它们各有 200 家客户，200 > 120，两家都超出了管理限度。
#
# ### 练习 6（3 分）
#
# 零售店有 5 位客户经理，每人最多能一对一照顾 100 位顾客。
# 用交易表 `tx` 数出**不同的顾客**有几位，算出：
#
# - `per_manager`：平均每位客户经理要照顾多少位顾客；
# - `over_limit`：这个数是否**超过**了每人能照顾的上限，用比较运算得到 True 或 False。
#
# 答案单元格里已经写好了 `managers` 和 `capacity` 两个变量，直接使用它们。

# %% nbgrader={"grade": false, "grade_id": "a6_staff", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
managers = 5    # 客户经理人数
capacity = 100  # 每位客户经理最多能一对一照顾的顾客数
### BEGIN SOLUTION
per_manager = tx["customer_id"].nunique() / managers
over_limit = per_manager > capacity
### END SOLUTION
print("per_manager =", per_manager)
print("over_limit =", over_limit)

# %% nbgrader={"grade": true, "grade_id": "q6_staff", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q6_staff()

# %% [markdown]
# ## 5. 课堂互动：分级条件体检表
#
# 下面的小控件 (widget) 把三个条件放在一张“体检表”里：选一家公司，
# 表里用的是这家公司自己的数据和人手（零售店 5 人 × 100 位，甲、乙两家各 4 人 × 30 家）。
# 拖动滑块改变客户经理人数和每人能照顾的客户数，看每个条件是 ✅ 还是 ❌，
# 以及背后的数字。换一家公司时，滑块会回到这家公司的人手。它只用来探索，不计分。
# 零售店的“客户价值”是每位顾客一年消费金额（`amount`）的合计，所以表里零售店的变异系数、
# 基尼系数和前 20% 占比是课上没有算过的新数字；甲、乙两家用的是练习 3–5 里的 `annual_value`。
# （如果这里只显示一张表，说明笔记本没有在 JupyterLab 里交互运行，
# 重新运行这个单元格即可。）
#
# 试一试：
#
# - 零售店至少要有几位客户经理，条件三才变成 ❌（不再超出管理限度）？
# - 选甲公司：三个条件是不是都满足？甲公司要增加到几位客户经理，才不再超出管理限度？
# - 乙公司留给课后作业：先别急着看体检表，用你在练习 3–5 里算出的数字自己判断。
# - 甲、乙两家公司没有交易明细，但案例说明客户都是长期合作的老客户，所以条件一都算满足。

# %%
widgets.conditions_check()

# %% [markdown]
# ## 小结
#
# - 客户分级有三个条件，每个都可以用数据检验：
#   1. **稳定的现实客户**：看人均购买次数和回头客占比（以顾客为单位来数，订单要数不同的
#      订单编号）；
#   2. **客户间的价值差异**：看变异系数、基尼系数和前 20% 客户的价值占比；
#   3. **超出管理限度**：比较客户数和“客户经理人数 × 每人能照顾的客户数”。
# - 平均数相同的两家公司，价值差异可以完全不同：甲公司三个条件都满足，值得分级；
#   乙公司怎么样，留给课后作业用数据分析。
# - 三个条件都满足时，分级才真正有意义；不满足的条件说明企业该先做别的事。

# %% [markdown]
# ## 6. 课后作业 (homework)：书面题（3 分，由老师批改）
#
# 从这里开始是课后作业，下课后完成：书面题约 15 分钟，后面的讨论约 5 分钟，一共约 20 分钟。
#
# 根据这一课算出的数字回答：乙公司不满足客户分级的哪一个条件？
# 依据是什么（请引用至少一个数字）？乙公司不搞分级的话，应该怎样管理它的客户？
# 把答案写在下面的单元格里（双击进入编辑，写完按 Shift+Enter）。

# %% [markdown] nbgrader={"grade": true, "grade_id": "w1_firm_yi", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **参考答案**：乙公司不满足条件二“客户间存在价值差异”。它 200 位客户的年度价值
# 都在 2 万到 4 万元之间，基尼系数只有约 0.07，前 20% 的客户只带来约 23% 的价值，
# 变异系数约 0.12，而甲公司分别约为 0.68、72% 和 1.7。客户的价值差不多，
# 分出来的各级客户没有实质区别，为不同级别设计不同服务的成本换不来回报。
# 乙公司的客户都是长期合作的老客户（条件一满足），200 家客户也超出了 4 位客户经理
# 能照顾的 120 家（条件三满足），只有条件二不满足。
# 它更适合对所有客户提供统一、标准化的优质服务，把精力放在提高整体服务质量和效率上，
# 例如统一的服务标准、定期回访所有客户；同时定期重新检验价值差异，
# 或者改用发展潜力、信用等其他指标来识别值得重点培养的客户。
#
# **评分要点**（共 3 分）：
#
# 1. 指出不满足的是条件二（客户间的价值差异不明显）（1 分）。
# 2. 用数据说明依据，至少引用一个数字，如基尼系数约 0.07、前 20% 客户约占 23%、
#    变异系数约 0.12，或客户价值都在 2–4 万元之间，最好和甲公司对比（1 分）。
# 3. 给出合理的替代做法：对全部客户统一、标准化的服务，提高整体服务质量和效率；
#    或者说明以后定期复查、改用其他指标（潜力、信用）识别重点客户（1 分）。
#    只写“不用分级”而没有说明怎样管理的，这一点不给分。

# %% [markdown]
# **讨论（课后作业，约 5 分钟）**：想一想学校门口的小超市、一家大型快递公司和一家只有 5 家大客户的
# 工厂，它们分别满足哪几个条件？哪一家最需要做客户分级？
# 下一课我们学习“按什么指标给客户分级”。
