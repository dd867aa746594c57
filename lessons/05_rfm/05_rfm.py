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
# # 第 5 课　RFM 模型：用购买记录给客户分级
#
# 上一课的客户金字塔只看一个数：客户带来了多少价值。可是两位花了同样多钱的客户，
# 一位上周刚来过，另一位一年半没露面，他们对企业的意义显然不同。
# **RFM 模型 (RFM model)** 同时看三件事：最近一次什么时候买、买了几次、一共花了多少，
# 再据此把客户分成八类，每一类配一套管理策略。
#
# 这一课用的是一份**真实数据**：美国在线唱片店 CDNOW 的购买记录，
# 共 69,659 笔购买、23,570 位顾客，时间从 1997 年 1 月 1 日到 1998 年 6 月 30 日。
#
# ## 学习目标 (learning objectives)
#
# - **知识**：说出 R（近期购买时间, recency）、F（购买频率, frequency）、
#   M（订单金额, monetary）的含义和计算方法；说出八类客户的名称及其高/低组合。
# - **技能**：会用 pandas 的分组汇总 (groupby) 从交易记录算出每位顾客的 R、F、M；
#   会按平均值判断高/低，再查映射表得到客户细分 (customer segment)；会比较不同划分方法的结果。
# - **态度**：明白分级的规则是人定的，换一种分界方法结果就会变；
#   用数据说话，并为自己的选择给出理由。
#
# ## 时间安排（课堂约 110 分钟，可分两次课 + 课后作业约 50 分钟）
#
# | 环节 | 时间 |
# |---|---|
# | 0–1. 准备工作；导入案例：两位“花了一样多”的顾客 | 10 分钟 |
# | 2. 新知：R、F、M 是什么；在小表上学分组汇总 | 15 分钟 |
# | 3. 练习 1–3：亲手算出 R、F、M | 30 分钟 |
# | 4（上）. 平均值与高/低（小表示例）；练习 4 | 20 分钟 |
# | 4（下）. 映射表、`.map` 与 `merge`（小表示例）；练习 5 | 20 分钟 |
# | 5. 哪类客户最值钱（练习 6）；课堂小结 | 15 分钟 |
# | **课后作业**（从第 6 节开始）：6. 三种划分方法的比较；7. 小控件；8. 书面题（练习 7）；讨论 | 约 50 分钟 |

# %% [markdown]
# ## 0. 准备工作
#
# 先运行下面这个只读单元格：它载入工具包，把 CDNOW 的购买记录读进变量 `tx`
# （transactions 的缩写，每一行是一笔购买），并规定本课统一使用的**分析日期 (analysis date)**
# `AS_OF` = 1998 年 7 月 1 日，也就是数据中最后一天的第二天。

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import pandas as pd

import crmlab as cl
from crmcourse.l05_rfm import checks, widgets

tx = cl.load_dataset("cdnow")  # CDNOW 购买记录：每行一笔购买
AS_OF = pd.Timestamp("1998-07-01")  # 本课固定的分析日期

print(f"{len(tx):,} 笔购买，{tx['customer_id'].nunique():,} 位顾客，"
      f"{tx['date'].min().date()} 至 {tx['date'].max().date()}")

# %% [markdown]
# **数据来源**：这份记录由营销学者 Peter S. Fader 和 Bruce G. S. Hardie 整理公开，
# 是研究客户购买行为时被广泛使用的一份数据；它也随 MIT 许可的开源 Python 包
# `lifetimes` 一起发布。表里的顾客都是在 1997 年第一季度第一次光顾 CDNOW 的新顾客，
# 之后一直跟踪到 1998 年 6 月底。下面看看每一列的含义和单位。

# %%
cl.describe_dataset("cdnow")

# %%
tx.head()

# %% [markdown]
# ## 1. 导入案例：两位“花了一样多”的顾客
#
# CDNOW 的市场部准备给老顾客寄一批优惠券，可预算只够寄给一部分人。
# 下面是两位顾客的全部购买记录：顾客 09647 和顾客 02262 在这一年半里
# 都花了大约 152 美元。

# %%
tx[tx["customer_id"].isin(["09647", "02262"])]

# %% [markdown]
# **想一想**：如果只按“花了多少钱”排队，这两位顾客几乎并列。
# 可是 09647 买了 7 次，最近一次在 1998 年 6 月初；02262 只在 1997 年 1 月买过一次，
# 之后再也没有回来。优惠券先寄给谁？为什么？
#
# 这正是 RFM 模型要回答的问题：除了金额，还要看**多久没来**和**来了几次**。

# %% [markdown]
# ## 2. 新知：R、F、M 三个指标
#
# | 指标 | 含义 | 怎样算 | 怎样才算“好” |
# |---|---|---|---|
# | **R**（近期购买时间, recency） | 上一次购买离分析日有多久 | 分析日 − 上一次购买日，单位：天 | **越小越好**：刚来过的顾客更活跃 |
# | **F**（购买频率, frequency） | 一段固定时间内买了几次 | 数交易记录的笔数 | 越大越好：常来说明忠诚 |
# | **M**（订单金额, monetary） | 这段时间里累计的订单金额 | 把金额加起来（合计，不是平均） | 越大越好：购买力强、利润贡献大 |
#
# 注意 R 和另外两个指标方向相反：R 是“隔了多少天”，天数越少越好。
# R 还会随时间变化：顾客一直不再来买，他的 R 每天都在变大。这一点后面还会用到。
# （有些图表把 M 写作“消费金额”，指的是同一件事：顾客在这段时间里下单的总金额。）
#
# 交易记录是一行一笔购买，而 R、F、M 是**一位顾客一个值**，所以要先
# **分组汇总 (groupby)**：把同一位顾客的行放在一组，再对每一组求一个数。
# 下面用一张只有 6 笔购买的小表演示，数据少，可以用眼睛核对。

# %%
toy = pd.DataFrame(
    {
        "customer_id": ["A", "A", "A", "B", "C", "C"],
        "date": pd.to_datetime(
            ["1998-01-05", "1998-03-10", "1998-06-20", "1997-02-14", "1997-11-30",
             "1997-11-30"]
        ),
        "amount": [30.0, 12.5, 40.0, 88.0, 15.0, 25.0],
    }
)
toy

# %% [markdown]
# `toy.groupby("customer_id")["date"]` 按顾客分组并取出日期列，后面接一个汇总方法：
# `.min()` 是每组最早的日期，`.max()` 是最晚的日期。先看每位顾客**第一次**购买的日期：

# %%
first = toy.groupby("customer_id")["date"].min()
first

# %% [markdown]
# 两个日期相减，得到的是**时间差 (Timedelta)**，显示成“177 days”这样的样子，
# 它还不是一个普通的数。在后面加上 `.dt.days`，才变成整数天数。
# 下面算出第一次购买离分析日过了多少天（注意：这**不是** R，R 要看最后一次购买）。

# %%
gap = AS_OF - first
print(gap)
print(gap.dt.days)

# %% [markdown]
# 数次数和求金额也用分组：
#
# - `.size()` 数每组有几行，也就是几笔购买。顾客 C 在同一天买了两次，算 **2** 次；
#   而 `["date"].nunique()` 数的是“有几个不同的日子”，C 只得 1，这不是 F 要的。
# - `["amount"].sum()` 是每位顾客的金额合计；`["amount"].mean()` 是平均每笔多少钱，
#   这不是 M 要的。

# %%
pd.DataFrame(
    {
        "size() 购买笔数": toy.groupby("customer_id").size(),
        "nunique() 不同日期数": toy.groupby("customer_id")["date"].nunique(),
        "sum() 金额合计": toy.groupby("customer_id")["amount"].sum(),
        "mean() 平均每笔": toy.groupby("customer_id")["amount"].mean(),
    }
)

# %% [markdown]
# crmlab 里有一个现成的函数 `cl.rfm_table` 能一步算出 R、F、M。先用它把小表的答案
# 算出来，和你心算的结果对一对：A 最后一次购买在 6 月 20 日，离 7 月 1 日 11 天；
# 买了 3 次，共 82.5 美元。
#
# **但是**，下面三道练习要你自己用 groupby 算，**不能**调用 `cl.rfm_table`
# （检查会发现）：会自己算，才知道现成的函数在做什么。

# %%
cl.rfm_table(toy, customer="customer_id", date="date", amount="amount", as_of=AS_OF)

# %% [markdown]
# ## 3. 练习（共 30 分，其中自动评分 25 分，老师批改 5 分）
#
# 练习 1–6 在课堂上完成；练习 7 是书面题，放在课后作业里。
#
# ### 练习 1（4 分）：R
#
# 对 CDNOW 的全部顾客，算出每位顾客的 R：从他**最后一次**购买到分析日 `AS_OF`
# 相隔的**整天数**（整数，不是时间差）。结果存进变量 `recency`，
# 它应该是一列数据 (Series)，以 `customer_id` 为索引（groupby 的结果正是这样）。

# %% nbgrader={"grade": false, "grade_id": "a1_recency", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
last_purchase = tx.groupby("customer_id")["date"].max()
recency = (AS_OF - last_purchase).dt.days
### END SOLUTION
recency.head()

# %% nbgrader={"grade": true, "grade_id": "q1_recency", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q1_recency()

# %% [markdown]
# ### 练习 2（4 分）：F
#
# 算出每位顾客的 F：他一共买了几次（购买记录有几行）。同一天买了两次，算两次。
# 结果存进变量 `frequency`（以 `customer_id` 为索引的一列数据）。

# %% nbgrader={"grade": false, "grade_id": "a2_frequency", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
frequency = tx.groupby("customer_id").size()
### END SOLUTION
frequency.head()

# %% nbgrader={"grade": true, "grade_id": "q2_frequency", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q2_frequency()

# %% [markdown]
# ### 练习 3（4 分）：M
#
# 算出每位顾客的 M：他在这一年半里的订单**总金额**（美元，`amount` 列的合计）。
# 结果存进变量 `monetary`（以 `customer_id` 为索引的一列数据），不要四舍五入。

# %% nbgrader={"grade": false, "grade_id": "a3_monetary", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
monetary = tx.groupby("customer_id")["amount"].sum()
### END SOLUTION
monetary.head()

# %% nbgrader={"grade": true, "grade_id": "q3_monetary", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q3_monetary()

# %% [markdown]
# ## 4. 从三个指标到八类客户
#
# 为了让前面三题的对错不影响后面的练习，下面这个只读单元格用 `cl.rfm_table`
# 重新算出一张标准的 RFM 表 `rfm`：每位顾客一行，有 `recency`、`frequency`、`monetary`，
# 还有第一次和最后一次购买的日期。你可以拿它核对自己前面的答案。

# %% nbgrader={"grade": false, "grade_id": "rfm_table", "locked": true, "schema_version": 3, "solution": false, "task": false}
rfm = cl.rfm_table(tx, customer="customer_id", date="date", amount="amount", as_of=AS_OF)
rfm.head()

# %% [markdown]
# RFM 模型先给每个指标判一个“高”或“低”。最常用的分界是**平均值 (mean)**；
# 也可以用**中位数 (median)**，即排在正中间那位顾客的值。下面把两种分界并排列出来。

# %%
cols = ["recency", "frequency", "monetary"]
pd.DataFrame({"平均值 (mean)": rfm[cols].mean(), "中位数 (median)": rfm[cols].median()}).round(2)

# %% [markdown]
# 平均值和中位数差得很远，说明数据很**偏 (skewed)**。F 和 M 的平均值比中位数大得多：
# F 的中位数是 1，也就是说一半以上的顾客只买过一次；少数顾客买了一两百次、
# 花了上万美元，把平均值拉了上去。R 正好相反，中位数（472 天）比平均值（约 368 天）大：
# 至少一半的顾客已经 472 天以上没来了，而最近还在买的那部分顾客天数小，把平均值拉了下来。
# 下面数一数只买过一次的顾客占多少。

# %%
once = (rfm["frequency"] == 1).mean()
print(f"只买过 1 次的顾客：{once:.1%}")
print(f"F 的最大值：{rfm['frequency'].max()} 次；M 的最大值：{rfm['monetary'].max():,.2f} 美元")

# %% [markdown]
# ### 高与低：按平均值划分
#
# - **R 高**：`recency` **低于**平均值（离上次购买的天数少，说明最近来过）。
# - **F 高**：`frequency` 高于平均值。
# - **M 高**：`monetary` 高于平均值。
#
# R 的方向和另外两个相反，这是初学者最容易出错的地方。
#
# 在前面那张 6 笔购买的小表上试一试。先用 `cl.rfm_table` 得到它的 RFM 表，
# 再用 `.copy()` 复制一份（之后只改副本，原表不变）：

# %%
toy_rfm = cl.rfm_table(toy, customer="customer_id", date="date", amount="amount", as_of=AS_OF)
toy_hl = toy_rfm.copy()
print("小表里 F 的平均值：", toy_hl["frequency"].mean())

# %% [markdown]
# 把一整列和一个数比较（`>`、`<`），得到的是一列真/假值 (True/False)：每一行各比一次。
# 这一列可以直接存成表里的新列。下面判断小表里谁的购买次数高于平均值 2 次：

# %%
toy_hl["F_high"] = toy_hl["frequency"] > toy_hl["frequency"].mean()
toy_hl[["customer_id", "frequency", "F_high"]]

# %% [markdown]
# 三个指标各有高、低两种情况，组合起来一共 2 × 2 × 2 = 8 类。
# 下面这张**映射表 (mapping table)** 写出了每种组合对应的客户细分和建议的策略：

# %%
cl.rfm_segment_table()

# %% [markdown]
# 读表的方法：前三列的“高/低”决定了一位顾客属于哪一类。例如 R 高、F 高、M 高的
# 是**重要价值客户**；R 低、F 高、M 高的是**重要保持客户**：他们以前常来、花得多，
# 但最近不来了。两类只差在 R 上，所以 R 的方向一旦弄反，这两类就会整个对调。
#
# ### 练习 4（5 分）：高还是低
#
# 复制一份 `rfm`，存成 `hl`（high/low 的缩写），再往 `hl` 里添加三列真/假值
# (True/False)：
#
# - `R_high`：`recency` 低于 `recency` 的平均值；
# - `F_high`：`frequency` 高于 `frequency` 的平均值；
# - `M_high`：`monetary` 高于 `monetary` 的平均值。
#
# 这题自己用比较运算完成，不要调用 `cl.rfm_segments`。

# %% nbgrader={"grade": false, "grade_id": "a4_high_low", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
hl = rfm.copy()
hl["R_high"] = hl["recency"] < hl["recency"].mean()
hl["F_high"] = hl["frequency"] > hl["frequency"].mean()
hl["M_high"] = hl["monetary"] > hl["monetary"].mean()
### END SOLUTION
hl.head()

# %% nbgrader={"grade": true, "grade_id": "q4_high_low", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q4_high_low()

# %% [markdown]
# ### 映射表怎样用：`.map` 和 `merge`
#
# 练习 5 要用到两个新工具，先在小表上看一看。
#
# **`.map(字典)`** 把一列里的每个值按字典换成另一个值。字典的键写 `True`、`False`
# （不加引号，因为它们不是文字）：

# %%
toy_hl["F"] = toy_hl["F_high"].map({True: "高", False: "低"})
toy_hl[["customer_id", "F_high", "F"]]

# %% [markdown]
# **`merge`（合并）** 像查表：对左边表的每一行，到右边表里找 `on` 列的值完全相同的那一行，
# 把右边的其他列接过来。`on` 里写几列，就要几列**同时**相同才算对上；
# `how="left"` 保留左边的每一行，顺序不变，找不到的行得到空值 (NaN)。
# 下面三位顾客的 R、F、M 已经写成了文字，按三列去查映射表：

# %%
toy_words = pd.DataFrame(
    {"customer_id": ["X", "Y", "Z"], "R": ["高", "低", "低"], "F": ["高", "低", "高"],
     "M": ["低", "高", "高"]}
)
toy_words.merge(cl.rfm_segment_table()[["R", "F", "M", "segment"]], on=["R", "F", "M"], how="left")

# %% [markdown]
# ### 练习 5（5 分）：查映射表，得到八类客户
#
# 用 `cl.rfm_segment_table()` 这张映射表，给 `hl` 里的每位顾客找到他的客户细分。
# 结果存成表 `seg`：每位顾客一行（23,570 行），其中一列叫 `segment`，
# 写着细分的名称（如“重要价值客户”）。
#
# 提示：映射表里的 R、F、M 列写的是文字“高”“低”，而 `hl` 里是 True/False。
# 可以先把真/假值换成文字，例如 `hl["R_high"].map({True: "高", False: "低"})`，
# 换好的三列要分别存成名字正好叫 `R`、`F`、`M` 的新列（和映射表的列名一模一样），
# 再用 `merge` 按 `["R", "F", "M"]` 三列和映射表合并（`how="left"` 保持原来的顺序）。
# 同样，这题不要调用 `cl.rfm_segments`。

# %% nbgrader={"grade": false, "grade_id": "a5_segments", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
mapping = cl.rfm_segment_table()
seg = hl.copy()
for letter in ["R", "F", "M"]:
    seg[letter] = seg[f"{letter}_high"].map({True: "高", False: "低"})
seg = seg.merge(mapping[["R", "F", "M", "segment"]], on=["R", "F", "M"], how="left")
### END SOLUTION
seg["segment"].value_counts()

# %% nbgrader={"grade": true, "grade_id": "q5_segments", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q5_segments()

# %% [markdown]
# ## 5. 哪一类客户最值钱？
#
# 你刚才分几步做出来的事，crmlab 用一行就能完成：`cl.rfm_segments(rfm, method="mean")`。
# 下面这个只读单元格用它算出细分表 `seg_mean`，并画出每类客户的**客户占比**
# （人数占全部顾客的比例）和**价值占比**（金额占全部金额的比例）。

# %% nbgrader={"grade": false, "grade_id": "seg_mean", "locked": true, "schema_version": 3, "solution": false, "task": false}
seg_mean = cl.rfm_segments(rfm, method="mean")
ax = cl.plot_rfm_segments(seg_mean)

# %% [markdown]
# `cl.segment_summary(seg_mean)` 把上图的数字列成一张表：类别名称 `group`、每类的客户数
# `customers`、客户占比 `customer_share`、订单金额合计 `value` 和价值占比 `value_share`；
# 最后两列 `cum_customer_share`、`cum_value_share` 是从第一行往下累加的占比。
# 注意：行的顺序是映射表里八类客户的顺序，不是按金额从大到小排的，所以这两列的累加也按这个顺序。
# 表里所有的占比都是 0–1 之间的小数，不是百分数。
# ABC 分类和客户金字塔的汇总表（`cl.abc_summary`、`cl.pyramid_summary`）也是这几列。
#
# 要在表里找“某一列最大的那一行”，可以先用 `.idxmax()` 得到最大值所在的**行号 (index)**，
# 再用 `.loc[行号, "列名"]` 取出那一行里的某个值。在一张小表上看：

# %%
toy_summary = pd.DataFrame({"group": ["甲类", "乙类", "丙类"], "value_share": [0.2, 0.5, 0.3]})
row = toy_summary["value_share"].idxmax()  # 最大值 0.5 在第 1 行（行号从 0 数起）
print(row, toy_summary.loc[row, "group"], toy_summary.loc[row, "value_share"])

# %% [markdown]
# ### 练习 6（3 分）：钱集中在哪一类
#
# 用 `cl.segment_summary(seg_mean)`（这题可以用它）找出**价值占比最大**的那一类客户：
# 把它的名称（文字）存进 `top_segment`，把它的价值占比（0–1 之间的小数，不要四舍五入）
# 存进 `top_value_share`。

# %% nbgrader={"grade": false, "grade_id": "a6_top", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
summary = cl.segment_summary(seg_mean)
top = summary.loc[summary["value_share"].idxmax()]
top_segment = top["group"]
top_value_share = top["value_share"]
### END SOLUTION
print(top_segment, top_value_share)

# %% nbgrader={"grade": true, "grade_id": "q6_top_segment", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q6_top_segment()

# %% [markdown]
# 看看结果说明了什么：按平均值划分时，**重要价值客户**只占两成左右的顾客，
# 却带来了六成以上的订单金额，这又是一次“二八法则 (Pareto principle)”；
# 而人数最多的**一般挽留客户**（近六成顾客）只贡献了一成多的金额。
# 这些顾客大多在 1997 年第一季度买过一两次就再也没有回来。

# %% [markdown]
# ## 课堂小结
#
# - **R** = 分析日 − 上一次购买日（整天数，越小越好）；**F** = 固定时间内的购买次数；
#   **M** = 这段时间的订单总金额（合计，不是平均）。
# - 用 `groupby("customer_id")` 把交易记录汇总成每位顾客一行：
#   `["date"].max()`、`.size()`、`["amount"].sum()`；日期相减后用 `.dt.days` 得到天数。
# - 三个指标各判高/低，组合成八类客户；R 的“高”是 recency **低于**分界，
#   方向弄反会让重要价值客户和重要保持客户整个对调。
# - 查映射表：先用 `.map` 把 True/False 换成“高”“低”，再按 R、F、M 三列 `merge`。
# - 在 CDNOW 上，重要价值客户只占约两成的顾客，却带来了六成以上的金额；
#   人数最多的一般挽留客户贡献很少。

# %% [markdown]
# ---
#
# # 课后作业（约 50 分钟）
#
# 下面第 6–8 节在课后完成：先读第 6 节、运行其中的单元格（约 15 分钟），
# 再在第 7 节用小控件做一做（约 10 分钟），最后写练习 7 的书面题（5 分，约 25 分钟）
# 并想一想最后的讨论题。
#
# ## 6. 平均值、中位数，还是打分？
#
# “高/低”的分界是人定的。常见的做法有三种：
#
# 1. **平均值 (mean)**：本课练习用的方法。
# 2. **中位数 (median)**：以排在正中间的顾客为界，大约一半高、一半低。
# 3. **五分位打分 (quintile score)**：把顾客按每个指标排名，分成人数大致相等的五档，
#    记 1–5 分（R 越近分越高），某项得分高于全体平均分就算“高”。
#    `cl.rfm_scores(rfm)` 给出这三个分数。
#
# 下面的单元格用三种方法各分一次，把每类的客户占比和价值占比（单位：%）并排列出来。

# %%
methods = {"平均值": "mean", "中位数": "median", "五分位打分": "score"}
parts = {}
for label, method in methods.items():
    summary_m = cl.segment_summary(cl.rfm_segments(rfm, method=method)).set_index("group")
    parts[(label, "客户占比%")] = summary_m["customer_share"] * 100
    parts[(label, "价值占比%")] = summary_m["value_share"] * 100
compare = pd.DataFrame(parts).round(1)
compare

# %% [markdown]
# 打分法的结果可以画成一张**热力图 (heatmap)**：横轴是 F 分，纵轴是 R 分，
# 格子里的数字是顾客人数，颜色越深表示这些顾客的平均订单金额 (M) 越高。

# %%
scored = cl.rfm_scores(rfm)
ax = cl.plot_rfm_heatmap(scored)

# %% [markdown]
# **怎样读这些结果？**
#
# - **F 的分界差别最大。** 一半以上的顾客只买过 1 次，所以 F 的中位数就是 1，
#   “高于中位数”等于“至少买过 2 次”；而平均值约 2.96，“高于平均值”要买满 3 次。
#   打分法遇到同样的问题：11,908 位只买过一次的顾客排名并列，只能都得 1 分，
#   于是热力图里 F = 2 这一列是空的。再看 F = 1 那一列：只买过一次的顾客全都挤在
#   R 的 1–3 分，因为他们都只在 1997 年第一季度来过一次。
# - **M 的平均值被少数大客户拉高。** 平均值约 106 美元，中位数只有约 43 美元。
#   按平均值，只有约四分之一的顾客算“M 高”；按中位数，正好一半。
# - **所以两种方法圈出的“重要价值客户”大小不同**：按平均值约占 20% 的顾客、
#   64% 的金额，是一小群精英；按中位数约占 38% 的顾客、80% 的金额，范围宽得多。
# - **没有绝对正确的方法**。预算少、想把昂贵的一对一服务留给最好的顾客，
#   平均值更挑剔；想把顾客大致对半分，中位数更合适；打分法不受极端值影响，
#   但在大量并列的数据上会“跳档”。重要的是写明用了哪种规则，
#   并且在不同月份之间比较时坚持用同一种。

# %% [markdown]
# ## 7. 动手试一试
#
# 下面的小控件 (widget) 可以换**分析日期**（假装站在过去的某一天做分析，
# 那天以后的购买还不知道）和**高/低的分界方法**，细分图和表会跟着变。
# 试着回答：按平均值划分，把分析日从 1997-04-01 一步步往后改到 1998-07-01，
# 一般挽留客户的人数怎样变化？（提示：先增多，到 1997-10-01 最多，之后略有减少。）
# 一开始为什么增多？后来为什么不再增多？想一想 R 的平均值本身也在跟着分析日变。
# 它只用来探索，不计分。（如果这里只显示一张图和一张表，说明笔记本没有在
# JupyterLab 里交互运行，重新运行这个单元格即可。）

# %%
widgets.segment_explorer()

# %% [markdown]
# 你也可以拿自己的数据试一试，例如实习单位或家里小店的销售流水。
# 在 JupyterLab 里运行下面的单元格，会出现上传按钮：选一个 CSV 或 Excel 文件，
# 再选出顾客、日期、金额三列即可；文件有问题时，控件会用中文说明哪里不对。
# 在静态预览里，它会告诉你怎样用几行代码做同样的分析。

# %%
widgets.own_file()

# %% [markdown]
# ## 8. 书面题
#
# ### 练习 7（5 分，由老师批改）：怎样对待“重要挽留客户”
#
# 按平均值划分时，CDNOW 有 579 位**重要挽留客户**（R 低、F 低、M 高）：
# 他们买得不多、很久没来，但每次花得不少。假如你是 CDNOW 的客户经理，
# 请写一份简短的挽留方案（150–300 字），包括：
#
# 1. 用 R、F、M 说明这类客户是什么样的人，为什么值得挽留；
# 2. 你会采取的两三项具体措施（渠道、内容、时机）；
# 3. 怎样控制成本，以及用什么数据判断方案有没有效果。
#
# 把答案写在下面的单元格里（双击进入编辑，写完按 Shift+Enter）。

# %% [markdown] nbgrader={"grade": true, "grade_id": "w1_win_back", "locked": false, "points": 5, "schema_version": 3, "solution": true, "task": false}
# **参考答案**
#
# 重要挽留客户的 M 高：按平均值划分，他们每人的订单金额都在约 106 美元以上，
# 合计约占全部金额的 3.9%；但 R 低、F 低：买的次数少，而且已经很久（大多一年以上）
# 没有来过。他们有购买力，只是流失了或快要流失。挽留一位老客户的成本远低于开发一位
# 新客户（约为后者的五分之一到十分之一），所以值得主动争取。
#
# 措施：① 先了解原因：发一份简短的问卷或回访电话，问清为什么不再购买（价格、品类、
# 服务、被竞争对手吸引）；② 按他们过去买过的类型寄送个性化推荐和有期限的回归优惠券，
# 例如满额减免或免运费；③ 在新品上市、节假日等时机再次联系，并邀请加入会员积分计划，
# 把“偶尔大单”变成“经常购买”。
#
# 成本与评估：只对这 579 人做一对一的重点沟通，分批、设预算上限；用对照组
# （随机留一部分人不发优惠）比较回购率；跟踪 R 是否变小、F 是否增加、
# 新增金额是否超过优惠和沟通的成本。若多次联系仍无回应，就降为低成本的批量营销。
#
# **评分要点（共 5 分）**
#
# - 1 分：正确说明重要挽留客户的特征：R 低（很久没来）、F 低（次数少）、M 高（花得多），
#   并说明为什么值得挽留（购买力强 / 挽留比开发新客户便宜）。
# - 2 分：提出至少两项具体、可执行、针对这类客户的措施（例如先问流失原因、个性化推荐、
#   有期限的回归优惠、会员计划）；只写“加强服务”之类空话的只给 1 分。
# - 1 分：考虑成本，说明投入要有限度或分批进行，或联系无效后降级处理。
# - 1 分：给出衡量效果的数据指标（回购率、R/F/M 的变化、新增金额与成本对比、对照组等）。

# %% [markdown]
# ### 讨论（课后作业）
#
# 这份数据里的顾客都是 1997 年第一季度的新顾客。如果企业每个季度都重新做一次
# RFM 分析，同一位顾客的细分可能怎样变化？企业应该多久重新分一次级？
# （回想第 1 课旅行公司“会员级别 60 天后重新计算”的做法。）
