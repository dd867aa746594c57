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
# # 第 3 课　分级的指标：用哪些数给客户打分？
#
# 上一课检验了分级的条件。条件满足以后，下一个问题是：**按什么**给客户分级？
# 教材列出了四类**分级指标 (tiering indicators)**：
#
# 1. 客户订单金额 (order amount)；
# 2. 客户利润贡献 (profit contribution)；
# 3. 客户信用状况 (credit standing)；
# 4. 客户发展前景 (development prospects)。
#
# 每类指标只从一个角度看客户，单独使用难免片面。这一课先逐个计算，
# 再把它们**加权 (weighted)** 合成一个综合得分，按得分给客户分级。
#
# ## 学习目标 (learning objectives)
#
# - **知识**：说出四类分级指标各包括哪些内容，理解为什么只看一个指标是片面的。
# - **技能**：用 pandas 逐列计算累计销售额、月平均销售额、增长率、利润贡献和信用得分；
#   用最小–最大归一化把不同单位的指标变成 0–100 的综合得分，再按得分分级。
# - **态度**：全面地看客户，不以一个数字论英雄；明白权重体现的是企业的经营重点，
#   要说得出理由。
#
# ## 时间安排（课堂 90 分钟，另有课后作业约 35 分钟）
#
# | 环节 | 时间 |
# |---|---|
# | 1. 课前导入：订单金额前五名的客户 | 5 分钟 |
# | 2. 指标一：订单金额（练习 1–2） | 30 分钟 |
# | 3. 指标二：利润贡献（练习 3） | 12 分钟 |
# | 4. 指标三：信用状况（练习 4） | 13 分钟 |
# | 5. 指标四：发展前景（讨论） | 3 分钟 |
# | 6. 加权综合得分与分级（练习 5）；小结 | 27 分钟 |
# | **课后作业**：7. 调权重的小控件 | 约 10–15 分钟 |
# | **课后作业**：8. 书面题 | 约 20 分钟 |
#
# 练习 5 课堂上没做完的同学，课后接着完成，再做第 7、8 节。
#
# 先运行下面的单元格，载入工具包和数据。`b2b` 是一家物流公司 120 家企业客户的资料，
# 金额单位都是万元。

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import crmlab as cl
from crmcourse.l03_indicators import checks, widgets

cl.use_chinese_font()  # 让图里的中文正常显示
b2b = cl.load_dataset("b2b_customers")
print("客户数：", len(b2b))

# %% [markdown]
# 每一列的含义、单位，可以这样查。pandas 默认每格最多显示 50 个字，长的说明会被截断成“...”；
# 第一行 `pd.set_option("display.max_colwidth", None)` 让表格把文字完整地显示出来。

# %%
pd.set_option("display.max_colwidth", None)
cl.describe_dataset("b2b_customers")

# %% [markdown]
# ## 1. 课前导入：订单金额最大的，就是最重要的客户吗？
#
# 按 2025 年的订单金额 (`sales_2025`) 从大到小，看前五名客户，
# 同时看看他们的毛利率、服务成本和平均逾期付款的天数：

# %%
cols = ["customer", "name", "sales_2025", "gross_margin",
        "service_cost_2025", "payment_days_overdue"]
b2b.sort_values("sales_2025", ascending=False)[cols].head(5)

# %% [markdown]
# 排第 2 的 C014 一年下了近 958 万元的订单，可是为它提供服务的成本高达 141.9 万元；
# 排第 4 的 C060 平均要逾期 40 天才付款。
#
# **想一想**：C014 和 C060 真的是公司第二、第四重要的客户吗？
# 如果只按订单金额分级，会漏看什么？带着这个问题学习四类指标。
#
# ## 2. 指标一：客户订单金额
#
# 订单金额最直观，一般包括：
#
# - **累计销售额 (cumulative sales)**：几年加起来一共买了多少；
# - **平均销售额 (average sales)**：平均每年、每季度或每月买多少；
# - **销售额增长率 (sales growth rate)** = (本期销售额 − 上期销售额) ÷ 上期销售额。
#   上期叫作**基期 (base year)**，增长率要除以基期的数。
#
# 先拿客户 C001 一家算一遍。`.iloc[0]` 取出这一行里的那个数。

# %%
c001 = b2b[b2b["customer"] == "C001"]
s23 = c001["sales_2023"].iloc[0]
s24 = c001["sales_2024"].iloc[0]
s25 = c001["sales_2025"].iloc[0]
# round(..., 1) 只是让打印出来的数短一点；练习的答案变量里不要四舍五入
print("2023–2025 年累计销售额：", round(s23 + s24 + s25, 1), "万元")
print("2025 年月平均销售额：", round(s25 / 12, 2), "万元")
print("2025 年比 2024 年的增长率：", round((s25 - s24) / s24, 4))

# %% [markdown]
# C001 三年一共 1420.7 万元；2025 年平均每月 44.4 万元；
# 2025 年比 2024 年增长了约 0.2394，也就是约 23.94%。这里的 `round` 只是为了打印好看，
# 真正的增长率是 0.239358……，后面还有很多位小数。
#
# 注意：`s23`、`s24`、`s25` 是 C001 **一家**客户的单个数，用它们只能算出一个数。练习要的是
# 120 家客户每家一个数，所以练习里要直接用 `b2b` 的**整列**，不用 `.iloc[0]` 取出单个的数。
#
# 对**整列**做加减乘除，pandas 会逐行计算，一次得到 120 家客户的结果。
# 例如 `b2b["sales_2025"] - b2b["sales_2024"]` 就是每家客户的增长额。
# 先在一张 3 家客户的小表上看看：两列相加，是每一行（每家客户）各加一次，得到 3 个数。

# %%
demo = pd.DataFrame({"customer": ["甲", "乙", "丙"], "y1": [10, 20, 30], "y2": [1, 2, 3]})
print("两列相加，每家客户一个数：")
print(demo["y1"] + demo["y2"])
print("对两列用 .sum()，是竖着把每一列加起来，每一列一个数：")
print(demo[["y1", "y2"]].sum())

# %% [markdown]
# 第一种（横着加）是每家客户的合计，第二种（竖着加）是每一列所有客户的合计，两者不要混淆。
# 下面的练习都用第一种：结果是一列 120 个数，顺序和 `b2b` 的行一样（不要排序）。
# 答案变量里**不要四舍五入**（不要用 `.round(...)`），保留完整的计算结果，检查才能对上。
#
# ### 练习 1（3 分）
#
# 为每家客户算出：
#
# - `cum_sales`：2023、2024、2025 三年的**累计销售额**（万元）；
# - `monthly_avg`：2025 年的**月平均销售额**（万元）。本课约定按全年 12 个月平均，
#   即 `sales_2025 / 12`，即使有的客户只在几个月里下过单。

# %% nbgrader={"grade": false, "grade_id": "a1_sales", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
cum_sales = b2b["sales_2023"] + b2b["sales_2024"] + b2b["sales_2025"]
monthly_avg = b2b["sales_2025"] / 12
### END SOLUTION
print(cum_sales[:3])
print(monthly_avg[:3])

# %% nbgrader={"grade": true, "grade_id": "q1_sales", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q1_sales()

# %% [markdown]
# 为什么按 12 个月平均？`months_active_2025` 是 2025 年有订单的月份数。
# 如果除以它，一家只在 3 个月里各下一单的客户，会和每个月都下单的客户显得一样“勤快”。
# 按全年平均更能反映客户给企业带来的稳定业务量。两种算法都有人用，关键是**说清楚用的是哪一种**。
#
# ### 练习 2（3 分）
#
# 为每家客户算出 2025 年比 2024 年的**销售额增长率**，写成小数（例如增长 23.94% 写成
# 0.2394 这样的小数，不要乘以 100；销售额下降时是负数），存进变量 `growth`。
# **不要四舍五入**：上面 C001 的 0.2394 是为了打印才四舍五入的，答案要保留完整的小数。

# %% nbgrader={"grade": false, "grade_id": "a2_growth", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
growth = (b2b["sales_2025"] - b2b["sales_2024"]) / b2b["sales_2024"]
### END SOLUTION
print(growth[:3])

# %% nbgrader={"grade": true, "grade_id": "q2_growth", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q2_growth()

# %% [markdown]
# ## 3. 指标二：客户利润贡献
#
# 订单金额大，不等于给企业赚的钱多。企业在订单金额的基础上，
# 还要考虑为这位客户付出的各项成本，才能算出客户创造的利润：
#
# - **毛利 (gross profit)** = 销售额 × 毛利率 (`gross_margin`，0–1 之间的比例)；
# - **服务成本 (cost to serve)** `service_cost_2025`：客户维护、加急运输、特殊包装、
#   退换货等，为这位客户额外花的钱；
# - **利润贡献 (profit contribution)** = 毛利 − 服务成本。
#
# 看课前导入里的 C014：957.8 × 0.153 − 141.9 ≈ 4.64 万元。
# 近千万元的订单，只带来不到 5 万元的利润贡献。
#
# ### 练习 3（3 分）
#
# 为每家客户算出 2025 年的**利润贡献**（万元），存进变量 `profit`：
# `sales_2025 × gross_margin − service_cost_2025`。

# %% nbgrader={"grade": false, "grade_id": "a3_profit", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
profit = b2b["sales_2025"] * b2b["gross_margin"] - b2b["service_cost_2025"]
### END SOLUTION
print(profit[:3])

# %% nbgrader={"grade": true, "grade_id": "q3_profit", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q3_profit()

# %% [markdown]
# 把 120 家客户画在一张图上：横轴是 2025 年的订单金额，纵轴是利润贡献。
# 如果订单金额和利润贡献一回事，点会排成一条斜线。
# 图里的利润贡献由 crmlab 的 `cl.profit_contribution` 计算，规则和练习 3 一样。

# %%
gain = cl.profit_contribution(b2b)

fig, ax = plt.subplots(figsize=(8, 5), layout="constrained")
ax.scatter(b2b["sales_2025"], gain, s=22, color="#4c78a8", alpha=0.8)
ax.axhline(0, color="#999999", lw=1, ls="--")
for who in ["C076", "C014", "C060"]:
    row = b2b["customer"] == who
    x, y = b2b.loc[row, "sales_2025"].iloc[0], gain[row].iloc[0]
    ax.scatter([x], [y], s=60, color="#d1495b")
    ax.annotate(who, (x, y), xytext=(-32, 10), textcoords="offset points", fontsize=10)
ax.set_xlabel("2025 年订单金额（万元）")
ax.set_ylabel("2025 年利润贡献（万元）")
ax.set_title("订单金额大，利润贡献不一定大")
plt.show()

# %% [markdown]
# 大多数点集中在左下角，右边的大客户却很分散：C076 订单最多、利润也最多；
# C014 的订单排第二，利润贡献却和小客户差不多；C060 甚至是亏的（点在虚线下方）。
# 虚线下方还有不少小客户：他们带来的毛利还不够付服务成本。
#
# ## 4. 指标三：客户信用状况
#
# 客户买得多、利润高，如果迟迟不付款，企业的资金就被占用，还可能收不回来。
# 评估**信用状况 (credit standing)** 一般看三方面：
#
# - **经营状况** (`operating_score`，0–100 分，越高越好)；
# - **财务状况** (`financial_score`，0–100 分，越高越好)；
# - **回款记录 (payment record)** (`payment_days_overdue`，平均逾期付款的天数，
#   **越少越好**)。
#
# 前两项已经是 0–100 的分数，回款记录却是天数，而且方向相反。本课先把它换算成
# **回款得分**：
#
# > 回款得分 = 100 − 2 × 逾期天数，低于 0 分的按 0 分算（按时付款得 100 分，每逾期一天扣 2 分）
#
# 再按权重合成**信用得分**：
#
# > 信用得分 = 0.3 × 经营状况 + 0.3 × 财务状况 + 0.4 × 回款得分
#
# 以 C060 为例：经营 90 分、财务 93 分，逾期 40 天，回款得分 100 − 80 = 20 分，
# 信用得分 = 27 + 27.9 + 8 = 62.9 分。经营和财务都很好，付款习惯却拉低了信用。
#
# “低于 0 分的按 0 分算”，在 pandas 里对一整列要写成 `.clip(lower=0)`：小于 0 的数变成 0。
# （Python 自带的 `max(0, …)` 只能比较单个的数，不能用在一整列上。）

# %%
demo_days = pd.Series([0, 10, 40, 60])
(100 - 2 * demo_days).clip(lower=0)

# %% [markdown]
# ### 练习 4（3 分）
#
# 按上面的规则，为每家客户算出**信用得分**，存进变量 `credit`。

# %% nbgrader={"grade": false, "grade_id": "a4_credit", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
pay_score = (100 - 2 * b2b["payment_days_overdue"]).clip(lower=0)
credit = 0.3 * b2b["operating_score"] + 0.3 * b2b["financial_score"] + 0.4 * pay_score
### END SOLUTION
print(credit[:3])

# %% nbgrader={"grade": true, "grade_id": "q4_credit", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q4_credit()

# %% [markdown]
# ## 5. 指标四：客户发展前景
#
# 今天的小客户，明天可能成为大客户。评估**发展前景 (development prospects)**，
# 可以考察客户的**经营性质**（所在行业 `industry`）、**资产规模** (`asset_size`)、
# **盈利能力**（如毛利率 `gross_margin`）和**发展潜力**（专家评分 `growth_potential`，
# 1 最低、5 最高）。先按行业看一看：

# %%
b2b.groupby("industry").agg(
    客户数=("customer", "size"),
    平均发展潜力=("growth_potential", "mean"),
    资产规模中位数=("asset_size", "median"),
    平均毛利率=("gross_margin", "mean"),
).round(2).sort_values("平均发展潜力", ascending=False)

# %% [markdown]
# 电商和医药客户的平均发展潜力最高，零售业、汽车配件较低。再找出发展潜力得了 5 分、
# 2025 年订单金额却不到全体中位数的客户：他们现在不起眼，只看订单金额会被分到
# 低等级，却可能是值得培养的**潜力客户**。

# %%
small = b2b["sales_2025"] < b2b["sales_2025"].median()
b2b[small & (b2b["growth_potential"] == 5)][
    ["customer", "name", "industry", "sales_2025", "asset_size", "growth_potential"]
]


# %% [markdown]
# **讨论**：发展潜力是专家打的分，资产规模是客观数字。哪一个更可靠？
# 一家资产规模很大、发展潜力评分却很低的客户，你会怎么看？
#
# ## 6. 把指标合起来：加权综合得分
#
# 四类指标各看一面：只看订单金额会高估 C014 这样服务成本很高的客户；只看信用，
# 按时付款的小客户会排到前面；只看发展前景，就忽视了今天真正带来利润的客户。
# 教材的办法是**从多个角度衡量客户价值，按一定比例加权计算**：
#
# 1. 每类指标选一个数（列）；
# 2. **最小–最大归一化 (min–max normalization)**：各列的单位不同（万元、比例、天、级），
#    不能直接相加。把每列变到 0–1：(x − 最小值) ÷ (最大值 − 最小值)，
#    最小的客户得 0，最大的得 1；
# 3. **越小越好**的指标（如逾期天数）要反过来：1 − 归一化值，让 1 永远代表最好；
# 4. 按**权重 (weights)** 相加（权重合计为 1），再乘以 100，得到 0–100 的**综合得分**。
#
# 下面用 4 家客户的小例子演示，并和 crmlab 的 `cl.weighted_score` 对照。
# 权重放在一个**字典 (dict)** `toy_weights` 里：`toy_weights["sales"]` 按名字取出
# sales 的权重 0.6。`higher_is_better={"days_overdue": False}` 告诉 `cl.weighted_score`
# 逾期天数越小越好。

# %%
def minmax(x):
    return (x - x.min()) / (x.max() - x.min())

toy = pd.DataFrame({
    "customer": ["甲", "乙", "丙", "丁"],
    "sales": [100, 300, 200, 50],
    "days_overdue": [0, 30, 10, 5],
})
toy_weights = {"sales": 0.6, "days_overdue": 0.4}
print("sales 的权重：", toy_weights["sales"])
toy["手算得分"] = 100 * (
    toy_weights["sales"] * minmax(toy["sales"])
    + toy_weights["days_overdue"] * (1 - minmax(toy["days_overdue"]))
)
scored_toy = cl.weighted_score(toy, weights=toy_weights,
                               higher_is_better={"days_overdue": False})
scored_toy[["customer", "sales", "days_overdue", "手算得分", "score", "score_rank"]]

# %% [markdown]
# 手算得分和 `score` 一样。注意括号：先把两项加起来，再对这个和乘以 100。看客户乙：订单最多（sales 归一化为 1），逾期也最多
# （反过来以后为 0），得分 = 100 × (0.6 × 1 + 0.4 × 0) = 60。
# 客户丙订单居中，只逾期 10 天（比乙的 30 天少得多），两项都不差，反而排第 1。
#
# ### 练习 5（4 分）
#
# 给 120 家客户做一个简化的综合得分：每类指标先挑一个现成的列，
# 答案单元格里的 `weights` 已经写好了权重：
#
# | 指标类 | 列 | 权重 | 方向 |
# |---|---|---|---|
# | 订单金额 | `sales_2025` | 0.4 | 越大越好 |
# | 利润贡献 | `gross_margin`（用毛利率代表盈利水平，不用练习 3 的 `profit`） | 0.2 | 越大越好 |
# | 信用状况 | `payment_days_overdue` | 0.2 | **越小越好** |
# | 发展前景 | `growth_potential` | 0.2 | 越大越好 |
#
# 用最小–最大归一化**自己动手**算出每家客户 0–100 的综合得分，存进变量 `my_score`
# （一列 120 个数，顺序和 `b2b` 一样，不要四舍五入）。每一列都要先用上面定义的 `minmax`
# 函数归一化；权重用 `weights["列名"]` 从字典里取出，写法和小例子里的 `toy_weights` 一样。
# 这道题不要调用 `cl.weighted_score`，检查会发现。

# %% nbgrader={"grade": false, "grade_id": "a5_score", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
weights = {"sales_2025": 0.4, "gross_margin": 0.2, "payment_days_overdue": 0.2, "growth_potential": 0.2}
### BEGIN SOLUTION
my_score = 100 * (
    weights["sales_2025"] * minmax(b2b["sales_2025"])
    + weights["gross_margin"] * minmax(b2b["gross_margin"])
    + weights["payment_days_overdue"] * (1 - minmax(b2b["payment_days_overdue"]))
    + weights["growth_potential"] * minmax(b2b["growth_potential"])
)
### END SOLUTION
print(my_score[:3])

# %% nbgrader={"grade": true, "grade_id": "q5_score", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q5_score()

# %% [markdown]
# ### 核对，再分级
#
# 用 `cl.weighted_score` 按同样的权重再算一次，看看前 10 名，和你的 `my_score` 对照：

# %%
quick = {"sales_2025": 0.4, "gross_margin": 0.2, "payment_days_overdue": 0.2,
         "growth_potential": 0.2}
scored = cl.weighted_score(b2b, weights=quick, higher_is_better={"payment_days_overdue": False})
scored.sort_values("score_rank")[["customer", "name", "score", "score_rank"]].head(10)

# %% [markdown]
# 有了综合得分，就可以像按订单金额那样分级。下面用下一课要详细学习的
# 客户金字塔 (customer pyramid) 的切分办法：前 1% 为重要客户，前 20% 中的其余客户为
# 次要客户，再往下 30% 为普通客户，后 50% 为小客户。
# 120 家的 1% 是 1.2 家，人数不能是小数，要向上取整 (ceiling)，所以下表里重要客户是 2 家；
# 这条规则下一课详细讲。

# %%
tiers = cl.pyramid(scored, value="score", customer="customer")
tiers.groupby("tier", observed=True).agg(
    客户数=("customer", "size"),
    平均得分=("score", "mean"),
    订单金额合计=("sales_2025", "sum"),
).round(1)

# %% [markdown]
# 注意：这个简化得分用毛利率代表利润，看不到服务成本，所以 C014 仍然排在前面。
# 下面的小控件用更完整的四类指标来打分：订单金额用三年**累计**销售额（表里的
# “累计订单金额”，所以 C076 是 3179.7 万元，不是 2025 年的 1222.5 万元），
# 利润贡献用练习 3 的算法，信用状况用练习 4 的信用得分，发展前景用发展潜力评分。
#
# ## 7. 课后作业：调一调权重
#
# 小控件一开始的权重是 3 : 3 : 2 : 2，利润贡献比练习 5 的 0.4、0.2、0.2、0.2 更重：
# 这里的利润贡献已经减去了服务成本，比毛利率更能说明客户赚不赚钱。你可以把它调成 4 : 2 : 2 : 2，
# 对照一下前 10 名有什么不同。
#
# 拖动四个滑块给四类指标设权重（0–10，程序会自动换算成合计 100% 的比例），
# 看前 10 名怎么变，以及和“只看累计订单金额”相比，哪些客户进入或掉出了前 20%。
# 图里每根横条按四类指标拆开，能看出每家客户的得分从哪里来。它只用来探索，不计分。
# （如果这里只显示图和表，说明笔记本没有在 JupyterLab 里交互运行，
# 重新运行这个单元格即可。）
#
# 试一试：
#
# - 把利润贡献调到 10，其他都调到 0：C014 和 C060 排到哪里去了？
# - 只看信用状况，前 10 名是什么样的客户？
# - 你认为对一家物流公司，哪一组权重最合理？

# %%
widgets.weight_explorer()

# %% [markdown]
# ## 8. 书面题（4 分，由老师批改，课后作业）
#
# 这道题是课后作业：课堂上先读完最后的“小结”，课后再写这道题，按老师要求的时间提交。
#
# 如果你是一家物流公司的客户经理，给客户分级时，四类指标中你会给哪一类**最大**的
# 权重？为什么？再用本课数据里的一个例子说明：为什么只用一个指标分级是片面的。
# 把答案写在下面的单元格里（双击进入编辑，写完按 Shift+Enter）。

# %% [markdown] nbgrader={"grade": true, "grade_id": "w1_weights", "locked": false, "points": 4, "schema_version": 3, "solution": true, "task": false}
# **参考答案**（言之有理即可，不要求和参考答案选同一个指标）：
#
# 我会给**利润贡献**最大的权重。物流服务的成本因客户而异：加急运输、特殊包装、
# 退换货、专人维护都要花钱，订单金额大的客户不一定赚钱。例如 C014 的 2025 年订单金额
# 排第 2（957.8 万元），服务成本却有 141.9 万元，利润贡献只有约 4.6 万元；C060
# 订单排第 4，利润贡献是负的，还平均逾期 40 天付款。只按订单金额分级，这两家都会被当成
# 最重要的客户，得到最多的资源。
# （也可以选**信用状况**：物流多为月结，垫付运费和油费，客户拖欠会占用大量资金，
# 甚至形成坏账；或者选**订单金额**：它决定运力安排和规模效益。）
#
# 但任何一个指标都只看到客户的一面，所以还要按权重把四类指标合起来，
# 并根据公司的经营重点调整权重。
#
# **评分要点**（共 4 分）：
#
# 1. 明确选出一类指标作为最大权重（1 分）。
# 2. 理由结合物流行业的特点，如服务成本差异大（加急、包装、退换货）、月结垫资与回款风险、
#    运力安排与规模效益、长期合作的潜力等（1 分）。
# 3. 用本课数据中的具体客户或数字说明单一指标的片面性，如 C014 订单大但利润贡献小、
#    C060 利润为负且逾期 40 天、潜力客户订单小但发展潜力 5 分（1 分）。
# 4. 指出应多指标加权综合、权重要体现企业的经营重点（1 分）。

# %% [markdown]
# ## 小结
#
# - 四类分级指标：**订单金额**（累计、平均、增长率）、**利润贡献**（毛利 − 服务成本）、
#   **信用状况**（经营、财务、回款）、**发展前景**（行业、资产、盈利、潜力）。
# - 计算时要说清口径：增长率除以基期；月平均按 12 个月还是按有订单的月份；
#   利润贡献别忘了服务成本；越小越好的指标要先换算或反过来。
# - 单个指标是片面的。先用最小–最大归一化统一尺度，再按权重合成 0–100 的综合得分，
#   最后按得分分级（`cl.weighted_score`，`cl.pyramid`）。
# - 权重没有标准答案，它反映企业最看重什么，要说得出理由。
#
# **讨论**：一家快递公司和一家给工厂运送原材料的合同物流公司，给客户分级时的权重
# 应该一样吗？下一课我们详细学习客户金字塔模型。
