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
# # 第 1 课　为什么要给客户分级
#
# 同样是客户，有人一年只来一次，有人每个月都来，还带来大笔订单。企业的人手和预算都有限，
# 该怎样对待他们？这一课先看一家旅行公司怎样给会员分级，再用数据检验“二八法则”，
# 最后算一笔账：同一笔服务预算，平均分和按等级分，差别在哪里。这一课分**两次课**上完，
# 另有两份课后作业。
#
# ## 学习目标 (learning objectives)
#
# - **知识**：说出客户分级 (customer tiering) 的含义和它的两个目的；
#   知道二八法则 (Pareto principle) 说的是什么；明白会员等级为什么有有效期。
# - **技能**：用 Python 写出会员等级规则，包括正好落在分界线上的情况；按评级日重新计算
#   近 12 个月的积分；用排序和累计求和算出“前 20% 的客户带来多少”，并画出曲线；
#   比较两种服务预算的分法。
# - **态度**：懂得把有限的资源用在最能创造价值的地方；同时明白分级要按公开的规则办事，
#   对每一位客户都讲信用、讲公平；养成先用数据算一算、再下结论的习惯。
#
# ## 时间安排（两次课，每次 90 分钟，另有课后作业）
#
# | 环节 | 时间 |
# |---|---|
# | **第一次课** | **90 分钟** |
# | 第 1 节　课前导入：旅行公司的会员等级 | 8 分钟 |
# | 第 2 节　新知：什么是客户分级；等级计算器 | 12 分钟 |
# | 第 3 节　小例子：函数和 zip；练习 1：自己写出等级规则 | 20 分钟 |
# | 第 4 节　新知：等级只有 60 天有效期；一位会员的一年 | 15 分钟 |
# | 第 4 节　小例子：日期加减、用 & 连接条件、reindex；练习 2 | 30 分钟 |
# | 保存笔记本；答疑 | 5 分钟 |
# | **课后作业（一）**（从“课后作业（一）”往下，第二次课前做完） | **约 25 分钟** |
# | 第 4 节　小例子：按条件改值；练习 3；和 crmlab 对照 | 约 25 分钟 |
# | **第二次课**（从“第二次课从这里开始”往下） | **90 分钟** |
# | 重新运行准备单元格；第 5 节　二八法则：长海物流的例子 | 12 分钟 |
# | 第 5 节　小例子：汇总、改列名、排序、取前几行；练习 4：帕累托曲线 | 27 分钟 |
# | 第 5 节　练习 5：前 20% 的顾客带来多少；现成工具（滑块课后自己试） | 13 分钟 |
# | 第 6 节　分级为什么划算：平均分配 | 10 分钟 |
# | 第 6 节　小例子：两列按标签相乘；练习 6；预算小控件 | 20 分钟 |
# | 第 7 节　为什么值得这样做；小结；讨论第 1 题 | 8 分钟 |
# | **课后作业（二）**（从第 8 节“课后作业”往下） | **约 20 分钟** |
# | 第 8 节　练习 7：书面题（由老师批改）；讨论第 2、3 题课后想一想 | 约 20 分钟 |
#
# ## 0. 准备
#
# 先运行下面这个只读单元格：它载入 pandas、画图工具 matplotlib 和本课程的工具包 crmlab，
# 并让图里的中文正常显示。

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import matplotlib.pyplot as plt
import pandas as pd

import crmlab as cl
from crmcourse.l01_why_tier import checks, widgets

cl.use_chinese_font()  # 让图里的中文正常显示
print("工具已载入，可以开始了。")

# %% [markdown]
# ## 1. 课前导入：一家旅行公司的会员等级
#
# 有一家综合性的旅行服务公司，为全国超过 3 亿会员提供订酒店、订机票、度假、商务出行和
# 旅游资讯等服务。一位同学在这家公司的平台上订机票时，注意到会员被分成了四个等级：
# **钻石会员、铂金会员、黄金会员和普通会员**。
#
# - 分级看的是**积分**：根据会员账户**近 12 个月**的订单消费、参加促销活动的完成情况和
#   信誉情况计算出来。（本课的模拟数据做了简化：积分只来自订单，会员的积分就是他各笔
#   订单积分的和；信誉另记在 `good_credit` 一列里。）
# - 钻石会员要达到 10000 分，铂金会员要达到 3000 分，黄金会员要达到 300 分，而且这三级都
#   要求**信誉记录良好**；不到 300 分的是普通会员，注册就能成为普通会员。
# - 等级**有效期 60 天**。到期后，系统按会员当时的积分重新评定等级。
#
# **请思考**：这家旅行公司为什么要把会员分成不同的等级？为什么等级只管 60 天？
# 先和同桌说说你的想法，学完这一课再回来对照。
#
# 我们手里有这家公司 200 位会员的**模拟数据 (synthetic data)**：数值是按真实的业务规则
# 生成的，人名是虚构的。先看看会员表：

# %%
members = cl.load_dataset("travel_members")
members.head()

# %%
cl.describe_dataset("travel_members")

# %% [markdown]
# ## 2. 新知：什么是客户分级
#
# **客户分级 (customer tiering)**：企业在分析客户信息的基础上，按客户对企业的价值和
# 重要程度，把现有客户分成不同的级别，再给每一级定下不同的管理办法（服务、优惠、
# 联系方式等）。旅行公司的会员等级就是一个例子，它的规则是：
#
# | 等级 | 近 12 个月积分 | 信誉记录 |
# |---|---|---|
# | 钻石会员 | ≥ 10000 | 良好 |
# | 铂金会员 | ≥ 3000 | 良好 |
# | 黄金会员 | ≥ 300 | 良好 |
# | 普通会员 | 其余的会员（注册即可） | 不要求 |
#
# 读规则时注意两点：
#
# 1. “≥”读作“大于或等于”：正好 3000 分就够铂金会员，2999 分就不够。
# 2. 前三级的两个条件要**同时**满足（“并且”，Python 里写 `and`）：信誉记录不良的会员，
#    积分再高也只是普通会员。
#
# crmlab 里的 `cl.member_tier(积分, 信誉是否良好)` 就按这条规则给出等级。
# 看几个落在边上的例子：

# %%
print("3000 分，信誉良好：", cl.member_tier(3000, True))
print("2999 分，信誉良好：", cl.member_tier(2999, True))
print("18500 分，信誉不良：", cl.member_tier(18500, False))

# %% [markdown]
# 它也可以一次算出一整列。下面数一数 200 位会员里每一级各有多少人
# （`value_counts()` 数每个值出现的次数，按人数从多到少排；`reindex([...])` 按我们
# 给的顺序重新排行，这里是从钻石排到普通）：

# %%
current = cl.member_tier(members["points"], members["good_credit"])
current.value_counts().reindex(["钻石", "铂金", "黄金", "普通"])

# %% [markdown]
# 从黄金往上，人数一级比一级少：黄金会员 87 位，铂金会员 21 位，钻石会员只有 7 位。
# 可是最底层的普通会员（85 位）反而比黄金会员少 2 位：近 12 个月攒够 300 分、信誉良好
# 就是黄金会员，门槛不高，经常下单的会员大多够得上。所以这家公司的会员并不是
# “越往下人越多”：塔尖很小，人数最多的一级是黄金会员。各级到底有多少人，要看数据。
#
# 下面是一个**等级计算器**（小控件 (widget)，不计分）。输入积分、勾选信誉，表格会告诉你
# 每一级的两个条件是否满足。试试 299、300、2999、3000、9999、10000 分，
# 再把“信誉记录良好”的勾去掉。

# %%
widgets.tier_calculator()

# %% [markdown]
# ## 3. 练习从这里开始（共 30 分）
#
# 6 道练习由电脑自动评分（练习 1、2 在第一次课，练习 3 是课后作业（一），练习 4–6 在
# 第二次课），最后还有 1 道由老师批改的书面题（课后作业（二））。每道练习的检查单元格会立即告诉你答案对不对；
# 检查没通过时，先读“问题”和“提示”两行，再按“去哪里改”修改。提交后老师还会运行隐藏测试。
#
# 这一课的练习都要求**自己动手**：只用 pandas 的基本操作（筛选、分组、排序、求和等）和
# 你自己写的函数，不要调用 crmlab 现成的分析函数（如 `cl.member_tier`、`cl.retier`、
# `cl.concentration`），你为练习新加的单元格里也不要调用。检查会发现，隐藏测试也会
# 检查。想和 crmlab 的结果对照，做完练习后往下看，笔记本里准备好了对照的单元格。
#
# 练习开始前，先重新读入原始的会员表：

# %% nbgrader={"grade": false, "grade_id": "members_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
members = cl.load_dataset("travel_members")  # 练习 1 用的会员表（原始数据）


# %% [markdown]
# **先看一个小例子**：一个按成绩给等级的函数。`if` 从最高的一档往下判断，
# 第一个成立的 `return` 就是结果，后面的判断不再执行；`and` 表示两个条件都要成立。
# 最后一行用 `zip` 把两列“拉链”一样配成对，对每一对调用一次函数，得到一个列表 (list)。

# %%
def grade_of(score, passed_exam):
    if passed_exam and score >= 90:
        return "优秀"
    if passed_exam and score >= 60:
        return "合格"
    return "不合格"


scores = [95, 90, 89, 60, 100]
exams = [True, True, True, True, False]
print(grade_of(90, True), grade_of(59, True), grade_of(100, False))
print([grade_of(s, e) for s, e in zip(scores, exams)])


# %% [markdown]
# ### 练习 1（5 分）：自己写出等级规则
#
# 1. 写一个函数 `tier_of(points, good_credit)`：`points` 是积分，`good_credit` 是
#    信誉是否良好（`True` 或 `False`）。函数返回等级名，只写两个字：
#    `"钻石"`、`"铂金"`、`"黄金"` 或 `"普通"`。
# 2. 用这个函数算出 `members` 里 200 位会员的等级，**按 members 的行顺序**存进变量 `tiers`
#    （一个列表 list 或一列 Series 都可以）。
#
# 提示：
#
# - 从最高的等级往下判断：先看够不够钻石，再看铂金、黄金，都不够就是普通。
#   每个判断写成 `if good_credit and points >= 10000:` 这样的形式。
# - 想想边界：正好 300、3000、10000 分怎么办？积分很高但信誉不良怎么办？
# - 把函数用到每一行，可以这样写：
#   `[tier_of(p, g) for p, g in zip(members["points"], members["good_credit"])]`
# - 答案单元格最后三行会打印三个边界例子，帮你自己先检查一遍。

# %% nbgrader={"grade": false, "grade_id": "a1_tiers", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
def tier_of(points, good_credit):
    if good_credit and points >= 10000:
        return "钻石"
    if good_credit and points >= 3000:
        return "铂金"
    if good_credit and points >= 300:
        return "黄金"
    return "普通"


tiers = [tier_of(p, g) for p, g in zip(members["points"], members["good_credit"])]
### END SOLUTION
print("300 分、信誉良好：", tier_of(300, True))
print("299 分、信誉良好：", tier_of(299, True))
print("18500 分、信誉不良：", tier_of(18500, False))

# %% nbgrader={"grade": true, "grade_id": "q1_tiers", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q1_tiers()

# %% [markdown]
# ## 4. 新知：等级只有 60 天有效期
#
# 积分算的是**近 12 个月**：每过一天，新的订单进来，一年前的订单移出去，所以积分天天在变。
# 但公司并不每天改等级，而是在**评级日 (review date)** 算一次积分、定一次等级，
# 这个等级管 60 天；60 天后再按当时的积分重新评定。等级可能升，也可能降。
#
# 本课用的规则和 `cl.retier` 相同：在评级日 d，
#
# - 近 12 个月积分 = 订单日期满足 **d − 365 天 ≤ 日期 < d** 的订单积分之和
#   （评级日当天的订单留到下一次评级再算）；
# - 等级从 d 起有效 60 天，到 d + 59 天为止。
#
# 先看订单表：每一行是一笔订单，有日期、金额（元）和这笔订单得到的积分。

# %%
orders = cl.load_dataset("travel_orders")
orders.head()

# %% [markdown]
# `cl.retier` 从 2025-01-01 起每 60 天评一次级。`credit=` 告诉它每位会员的信誉
# （一列以会员编号为索引的 True/False）。下面只看会员 M0151 一个人：

# %%
credit = members.set_index("member_id")["good_credit"]
reviews = cl.retier(orders, customer="member_id", date="date", points="points", credit=credit,
                    start="2025-01-01", end="2025-12-31")
reviews[reviews["member_id"] == "M0151"]

# %% [markdown]
# M0151 上半年的近 12 个月积分一直在 5000 分左右（前四次评级是 4968、4968、4968、
# 4930 分），是铂金会员。7、8 月他下了好几笔订单，8 月 29 日评级时有 10086 分，升为钻石；
# 10 月 28 日评级时，一年前的订单移出去了，积分回落到 9022 分，又降回铂金；
# 12 月 27 日评级时是 10653 分，重回钻石。同一个人，一年里等级变了三次。
#
# 下面的小控件把一位会员的一年画成图：**灰线**是每天的近 12 个月积分，
# **彩色横线**是评级日算出的积分，颜色表示定下的等级，横线的长度就是 60 天的有效期。
#
# 选几位会员看看：M0151（上半年约 5000 分，下半年在钻石线上下）、M0004（积分越来越少）、
# M0018（新会员，越来越活跃）、M0184（积分很高，但信誉不良）。

# %%
widgets.tier_timeline()

# %% [markdown]
# 练习 2、3 假设今天是评级日 **2025-07-01**，由你来给 200 位会员重新评级。
# 上面 `cl.retier` 的评级日是 01-01、03-02、05-01、06-30、08-29……，里面没有 07-01：
# 2025-07-01 是为练习单独安排的一次评级，规则相同，和那张评级日程无关。
# 先重新读入原始数据：

# %% nbgrader={"grade": false, "grade_id": "orders_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
# 练习 2、3 用的数据（原始数据）
members = cl.load_dataset("travel_members")
orders = cl.load_dataset("travel_orders")
review_date = pd.Timestamp("2025-07-01")  # 评级日

# %% [markdown]
# 下面三样新工具，练习 2 都要用到（工具 1 里的 `.dt.days` 除外，知道有它就行）。
# 先在一张只有 5 行的小表上试一试。
#
# **工具 1：日期加减**。`pd.Timedelta(days=n)` 表示“n 天”这段时间 (time span)，日期减去它
# 就往前推 n 天；两个日期相减得到相隔的时间，整列相减后用 `.dt.days` 取出天数。

# %%
toy = pd.DataFrame({
    "member_id": ["A", "B", "A", "C", "A"],
    "date": pd.to_datetime(["2025-01-05", "2025-02-10", "2025-03-01",
                            "2025-03-20", "2025-04-02"]),
    "points": [100, 50, 200, 80, 30],
})
day = pd.Timestamp("2025-04-01")
print("往前推 30 天：", day - pd.Timedelta(days=30))
gap = (day - toy["date"]).dt.days  # 相隔的天数；-1 表示晚了 1 天
print("每笔订单离 4 月 1 日有几天：", gap.tolist())

# %% [markdown]
# **工具 2：用 `&` 连接两个条件**。两个条件都成立才保留这一行（“并且”）。
# 对整列比较时要写 `&`，不能写 `and`（会报错 “The truth value of a Series is ambiguous”）；
# 每个条件都要加上括号，否则 Python 会先算 `&`，也会报错。

# %%
in_march = toy[(toy["date"] >= pd.Timestamp("2025-03-01")) & (toy["date"] < day)]
in_march

# %% [markdown]
# **工具 3：`reindex` 补上缺少的行**。按会员分组求和时，3 月里没有订单的会员 B 不会出现；
# `reindex(完整的编号列表, fill_value=0)` 按给定的编号重新排行，缺少的编号补一行、值记为 0。
# （不写 `fill_value=0`，补上的值是缺失值 NaN。）

# %%
march_points = in_march.groupby("member_id")["points"].sum()
print(march_points)
march_points.reindex(["A", "B", "C"], fill_value=0)

# %% [markdown]
# ### 练习 2（5 分）：评级日的近 12 个月积分
#
# 算出每位会员在评级日 `review_date` 的近 12 个月积分：只把日期满足
# `review_date − 365 天 ≤ date < review_date` 的订单积分加起来。
# 结果存进变量 `review_points`：一列 Series，**索引是会员编号 member_id**，
# 200 位会员每人一个数；这段时间里没有订单的会员，积分记为 0。
#
# 步骤提示：
#
# 1. 起始日：从评级日往前推 365 天（工具 1）；
# 2. 用两个条件筛选订单（工具 2）：日期不早于起始日，并且早于评级日；
# 3. 按会员分组，把积分 (points) 加起来；
# 4. 补上这段时间没有订单的会员，积分记为 0（工具 3）。
#
# 不要调用 `cl.retier`。

# %% nbgrader={"grade": false, "grade_id": "a2_review_points", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
start = review_date - pd.Timedelta(days=365)
in_window = orders[(orders["date"] >= start) & (orders["date"] < review_date)]
review_points = in_window.groupby("member_id")["points"].sum()
review_points = review_points.reindex(members["member_id"], fill_value=0)
### END SOLUTION
review_points.head()

# %% nbgrader={"grade": true, "grade_id": "q2_review_points", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q2_review_points()

# %% [markdown]
# ---
#
# **第一次课到这里结束。** 保存笔记本（Ctrl+S）。
#
# ---
#
# ## 课后作业（一）：练习 3（约 25 分钟，第二次课前做完）
#
# 重新打开笔记本后，Python 已经忘了上次运行过的东西。先点到下面这个单元格，用菜单
# “运行上面所有单元格”（Run All Above）从头运行到这里，练习 1、2 的结果就又有了。
# 如果中途停在某个报错的检查单元格上，从它的下一个单元格接着往下运行。
#
# **新工具：按条件改值**。先做一列，全都填上同一个值；再用一列真/假值 (True/False) 作
# “筛子”（掩码, mask），`列[筛子] = 新值` 只改筛子里是 True 的那几行。筛子和这一列
# 要用同一套索引（这里都是会员编号）。后面的改动会盖掉前面的。
# （改的是一张表里的某一列时，写法是 `表.loc[筛子, "列名"] = 新值`。）

# %%
pts = pd.Series([50, 400, 3500], index=["A", "B", "C"])
good = pd.Series([True, True, False], index=["A", "B", "C"])
level = pd.Series("普通", index=pts.index)
level[good & (pts >= 300)] = "黄金"  # 只有 B：C 的积分够，但信誉不良
print(good & (pts >= 300))
level

# %% [markdown]
# 筛子要和这一列用同一套索引。下面的 `good_by_row` 值一样，索引却是 0、1、2：
# `&` 按索引配对，`"A"` 和 `0` 配不上，结果全是 False，一位会员也没改到。
# 每个比较也都要加括号：不加括号时 Python 先算 `good & pts`，再拿结果和 300 比。

# %%
good_by_row = pd.Series([True, True, False])  # 索引是 0、1、2，不是 A、B、C
print(good_by_row & (pts >= 300))

# %% [markdown]
# **另一种做法：一位一位算，再变成一列**。`for` 循环取出每个编号，用编号读出积分和信誉，
# 调用函数，把结果放进列表；`pd.Series(列表, index=...)` 告诉 pandas 每个值属于哪个编号。
# 不写 `index=`，索引就成了 0、1、2。

# %%
names = []
for m in pts.index:  # m 依次是 "A"、"B"、"C"
    names.append("够 300 分" if good[m] and pts[m] >= 300 else "不够")
print(pd.Series(names))  # 没写 index=：索引是 0、1、2
pd.Series(names, index=pts.index)  # 索引是 A、B、C

# %% [markdown]
# ### 练习 3（3 分）：评级日的等级
#
# 按 `review_points` 和每位会员的信誉，算出评级日每位会员的等级，存进变量
# `review_tiers`：一列 Series，索引是会员编号 member_id。两种做法任选一种：
#
# - **一位一位算**：用练习 1 的 `tier_of`。
#   `credit = members.set_index("member_id")["good_credit"]` 是一列以会员编号为索引的
#   信誉；对每个会员编号 `m`，积分是 `review_points[m]`，信誉是 `credit[m]`。做出一个
#   列表后，用 `pd.Series(列表, index=review_points.index)` 变成一列。
# - **整列一起算**：先让所有会员都是普通会员，
#   `review_tiers = pd.Series("普通", index=review_points.index)`；再按**从低到高**的
#   顺序，用筛子（信誉良好并且积分够）把满足条件的会员依次改成黄金、铂金、钻石，
#   后改的会盖过先改的（写法见上面的小例子）。想一想：顺序为什么不能反过来？

# %% nbgrader={"grade": false, "grade_id": "a3_review_tiers", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
credit = members.set_index("member_id")["good_credit"].reindex(review_points.index)
review_tiers = pd.Series("普通", index=review_points.index)
review_tiers[credit & (review_points >= 300)] = "黄金"
review_tiers[credit & (review_points >= 3000)] = "铂金"
review_tiers[credit & (review_points >= 10000)] = "钻石"
### END SOLUTION
review_tiers.value_counts()

# %% nbgrader={"grade": true, "grade_id": "q3_review_tiers", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q3_review_tiers()

# %% [markdown]
# **和 crmlab 对照**：`cl.retier` 用同样的规则。下面让它只在 2025-07-01 评一次级，
# 再和会员表里的当前等级（按 2025 全年的积分）比一比：半年之间，各级的人数变了多少？
#
# 注意：`cl.retier` 只列出下过订单的 190 位会员；从来没下过单的 10 位会员不在它的表里，
# 他们当然都是普通会员。所以下面先用 `reindex` 把这 10 位补上、记作普通会员，
# 这样和你的 `review_tiers` 一样是 200 位。

# %%
july = cl.retier(orders, customer="member_id", date="date", points="points",
                 credit=members.set_index("member_id")["good_credit"],
                 start=review_date, end=review_date)
july_tiers = july.set_index("member_id")["tier"].reindex(members["member_id"])
july_tiers = july_tiers.fillna("普通")  # 没下过单的会员
pd.DataFrame({
    "2025-07-01 评级（cl.retier）": july_tiers.value_counts(),
    "当前等级（2025 全年积分）": cl.member_tier(members["points"],
                                               members["good_credit"]).value_counts(),
}).reindex(["钻石", "铂金", "黄金", "普通"])

# %% [markdown]
# ---
#
# **课后作业（一）到这里结束。** 保存笔记本（Ctrl+S）。
#
# ---
#
# ## 第二次课从这里开始
#
# 重新打开笔记本后，Python 已经忘了上次运行过的东西。先运行下面这个单元格，重新载入
# 工具；后面的练习 4–6 只用到这一节往下的数据，不需要重做练习 1–3。

# %%
import matplotlib.pyplot as plt  # noqa: F811 - loaded again on purpose
import pandas as pd

import crmlab as cl
from crmcourse.l01_why_tier import checks, widgets

cl.use_chinese_font()
print("工具已重新载入，可以开始第二次课了。")

# %% [markdown]
# ## 5. 二八法则：用数据检验
#
# 1897 年，意大利经济学家维尔弗雷多·帕累托 (Vilfredo Pareto) 发现，在经济和社会生活中，
# 起关键作用的少数和次要的多数，比例大约是 2 : 8。这就是**二八法则 (Pareto principle)**。
# 放到企业里：**大约 20% 的客户带来大约 80% 的利润**；少数大客户贡献了大部分利润，
# 多数小客户只贡献了一小部分。
#
# “二八”只是一个大概的比例，不是定律。一家企业的客户到底有多集中，要拿自己的数据来算。
# 方法分三步：
#
# 1. 把客户按价值**从大到小排序**；
# 2. 算两个**累计占比 (cumulative share)**：排到第几位时，已经数过的客户占全部客户的比例，
#    以及他们的价值占全部价值的比例；
# 3. 读出“前 20% 的客户”对应的价值占比，或者把两个累计占比画成一条曲线。
#
# 先在长海物流的 14 位客户（营业收入，万元）上走一遍：

# %%
ch = cl.load_dataset("changhai")
ch = ch.sort_values("revenue", ascending=False).reset_index(drop=True)
ch["cum_count_share"] = (ch.index + 1) / len(ch)  # 第 1 位是 1/14，第 2 位是 2/14……
# .cumsum()：累计求和，从第 1 行一直加到当前行
ch["cum_value_share"] = ch["revenue"].cumsum() / ch["revenue"].sum()
ch

# %% [markdown]
# 14 位客户的 20% 是 2.8 位，向上取整算 3 位：前 3 位客户（4 号、1 号、2 号）的累计占比
# 是 73.5%，也就是说，20% 的客户带来了七成多的收入。
#
# 练习 4、5 换成一家零售店 2025 年的交易流水：600 位顾客，6140 笔交易，
# 每一行是一笔交易，金额单位是元。同一位顾客有很多行，所以要先按顾客汇总。

# %% nbgrader={"grade": false, "grade_id": "retail_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
tx = cl.load_dataset("retail_tx")  # 练习 4、5 用的交易流水（原始数据）
tx.head()

# %% [markdown]
# **先看一个小例子**：把一张 5 笔交易的小流水变成“每位顾客一行”。
# `groupby(..., as_index=False)` 让顾客编号留在表里当一列（不写它，编号会变成行索引）；
# `rename(columns={旧名: 新名})` 改列名；`sort_values(..., ascending=False)` 从大到小排，
# 排完后行号是乱的，`reset_index(drop=True)` 让行号重新从 0 开始；
# `表.loc[行号, "列名"]` 读出一格；`head(n)` 或 `iloc[:n]` 取前 n 行。

# %%
small = pd.DataFrame({"customer_id": ["C1", "C2", "C1", "C3", "C2"],
                      "amount": [30, 100, 20, 10, 40]})
per = small.groupby("customer_id", as_index=False)["amount"].sum()
per = per.rename(columns={"amount": "value"})
print(per)  # C1 50、C2 140、C3 10，行号 0、1、2
per = per.sort_values("value", ascending=False)
print(per)  # 排好了，行号变成 1、0、2
per = per.reset_index(drop=True)
print(per)  # 行号又是 0、1、2
print("行号 1 的 value：", per.loc[1, "value"])
print("前 2 行的 value：", per["value"].head(2).tolist())  # 140、50
print("iloc[:2] 也是前 2 行：", per["value"].iloc[:2].tolist())
print("小心 loc[:2]：到行号 2 为止，是 3 行：", per["value"].loc[:2].tolist())

# %% [markdown]
# ### 练习 4（5 分）：排序、累计占比和帕累托曲线
#
# 做一张表 `pareto_table`，每位顾客一行，按消费额**从大到小**排好，行号从 0 开始，
# 有四列（列名要一字不差）：
#
# | 列名 | 含义 |
# |---|---|
# | `customer_id` | 顾客编号 |
# | `value` | 这位顾客 2025 年的消费额合计（元） |
# | `cum_count_share` | 顾客累计占比：第 1 行是 1/600，第 2 行是 2/600……最后一行是 1 |
# | `cum_value_share` | 消费额累计占比：从第 1 行加到这一行的消费额 ÷ 全部消费额 |
#
# 提示：`tx.groupby("customer_id", as_index=False)["amount"].sum()` 得到每位顾客一行的表；
# 用 `rename(columns={"amount": "value"})` 改列名；排序后用 `reset_index(drop=True)`
# 让行号重新从 0 开始；然后照着上面长海物流的例子加两列累计占比。
# 不要调用 `cl.concentration` 或 `cl.abc_analysis`。
#
# 答案单元格后半部分画图的几行已经写好：你的表做对了，就会画出一条**帕累托曲线
# (Pareto curve)**。

# %% nbgrader={"grade": false, "grade_id": "a4_pareto_table", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
per_customer = tx.groupby("customer_id", as_index=False)["amount"].sum()
per_customer = per_customer.rename(columns={"amount": "value"})
pareto_table = per_customer.sort_values("value", ascending=False).reset_index(drop=True)
n = len(pareto_table)
total = pareto_table["value"].sum()
pareto_table["cum_count_share"] = (pareto_table.index + 1) / n
pareto_table["cum_value_share"] = pareto_table["value"].cumsum() / total
### END SOLUTION

# 画出帕累托曲线（这几行已经写好，不用改）
fig, ax = plt.subplots(figsize=(6, 4.8), layout="constrained")
ax.plot(pareto_table["cum_count_share"] * 100, pareto_table["cum_value_share"] * 100,
        label="帕累托曲线")
ax.plot([0, 100], [0, 100], "--", color="gray", label="人人贡献一样多时")
ax.axvline(20, color="gray", lw=0.8)
ax.set_xlabel("顾客累计占比（%，从消费最多的顾客开始）")
ax.set_ylabel("消费额累计占比（%）")
ax.set_title("我画的帕累托曲线：零售店 600 位顾客")
ax.legend(loc="lower right")
plt.show()

# %% nbgrader={"grade": true, "grade_id": "q4_pareto_table", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q4_pareto_table()

# %% [markdown]
# ### 练习 5（3 分）：前 20% 的顾客带来多少
#
# 600 位顾客的 20% 是 120 位。用 `pareto_table` 算出**消费额最多的前 20% 顾客**的消费额
# 占全部消费额的比例，写成 0 到 1 之间的小数（例如 0.8，不是 80），存进变量 `top20_share`。
#
# 提示：前 120 行的 `value` 之和 ÷ 全部 600 行的 `value` 之和（分母是全部顾客，
# 不只是前 120 位）；也可以直接读第 120 行（行号 119）的 `cum_value_share`。

# %% nbgrader={"grade": false, "grade_id": "a5_top_share", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
k = round(len(pareto_table) * 0.2)  # 600 × 20% = 120 位
top20_share = pareto_table["value"].head(k).sum() / pareto_table["value"].sum()
### END SOLUTION
print(f"前 20% 的顾客带来 {top20_share:.1%} 的消费额")

# %% nbgrader={"grade": true, "grade_id": "q5_top_share", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q5_top_share()

# %% [markdown]
# 前 20% 的顾客带来了将近八成的消费额，和“二八”很接近。
#
# **现成的工具**：你刚才亲手做的“排序 → 累计 → 读出前 20% 的占比”，crmlab 打包成了
# `cl.concentration`；`cl.plot_lorenz` 再把结果画成**洛伦兹曲线 (Lorenz curve)**。
# 它和帕累托曲线说的是同一件事，只是从消费**最少**的顾客开始累计，所以曲线在对角线下方。
# 曲线离对角线越远，顾客之间的差距越大；图上的基尼系数 (Gini coefficient) 把这段距离
# 变成 0 到 1 之间的一个数，第 2 课再细讲。

# %%
customer_value = tx.groupby("customer_id")["amount"].sum()
conc = cl.concentration(customer_value, top=0.2)
print(f"cl.concentration：前 20% 的顾客带来 {conc.top_share:.1%} 的消费额")
cl.plot_lorenz(conc)
plt.show()

# %% [markdown]
# 拖动下面的滑块（课上时间不够就课后自己试），换一个比例看看：前 5% 的顾客带来多少？
# 前 50% 呢？
# 要拿到一半的消费额，需要多少顾客？

# %%
widgets.top_share_explorer()

# %% [markdown]
# ## 6. 分级为什么划算
#
# 客户分级有两个目的：
#
# 1. **判定不同客户带来的价值**。每位客户都给企业带来价值，但多少不同；企业的人手和预算
#    有限，把资源平均分到每位客户身上，既不经济，也不现实。分了级，才知道该把资源
#    多投向哪里。
# 2. **区分不同价值客户的需求**。带来较大价值的客户，往往希望得到和别人不同的待遇。
#    企业给不同等级的客户提供有针对性的服务，更容易把他们变成忠诚客户，
#    让他们长期为企业创造利润。
#
# 用数据算一笔账。假设旅行公司给这 200 位会员准备了 **20000 元**的服务预算（客服专线、
# 升舱券、生日礼物等）。有两种分法：
#
# - **平均分配**：每位会员 20000 ÷ 200 = 100 元；
# - **按等级加权**：每位会员按等级拿“份数”（权重 (weight)），钻石 8 份、铂金 4 份、
#   黄金 2 份、普通 1 份，一份多少钱由预算和总份数决定。
#
# 衡量的办法：每个等级带来的 2025 年订单金额 ÷ 分给这个等级的预算，
# 就是“**每 1 元服务带来的订单金额**”。先读入数据：

# %% nbgrader={"grade": false, "grade_id": "budget_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
# 练习 6 和预算比较用的数据（原始数据）
members = cl.load_dataset("travel_members")
orders = cl.load_dataset("travel_orders")
spend_2025 = orders[orders["date"].dt.year == 2025].groupby("member_id")["amount"].sum()
tier_table = pd.DataFrame({
    "member_id": members["member_id"],
    "tier": cl.member_tier(members["points"], members["good_credit"]).astype(str),
    "value": members["member_id"].map(spend_2025).fillna(0.0),  # 2025 年订单金额（元）
})
BUDGET = 20000  # 服务预算（元）
WEIGHTS = {"钻石": 8, "铂金": 4, "黄金": 2, "普通": 1}  # 每位会员的份数
tier_table.head()

# %% [markdown]
# 先看平均分配：按等级分组，数人数、加订单金额，再算每个等级分到的预算和
# 每 1 元服务带来的订单金额。

# %%
equal = tier_table.groupby("tier").agg(members=("member_id", "size"),
                                       value=("value", "sum"))
equal = equal.reindex(list(WEIGHTS))  # 从钻石到普通排好
equal["budget"] = BUDGET / len(tier_table) * equal["members"]
equal["value_per_yuan"] = equal["value"] / equal["budget"]
equal.round(1)

# %% [markdown]
# 平均分配时，85 位普通会员拿走了 8500 元，超过预算的四成，可他们的订单金额只占一成多；
# 7 位钻石会员只分到 700 元，订单金额却占三成多。钻石会员每拿到 1 元服务，对应约 170 元
# 订单；普通会员只对应约 5 元。
#
# **先看一个小例子**：两列 (Series) 相乘时，pandas 按**索引标签**配对，不按位置。
# 下面两列的等级顺序不一样，乘出来的每个数仍然是同一个等级的人数 × 同一个等级的权重。
# `pd.Series(字典)` 把字典 (dict) 变成一列，字典的键就是索引。

# %%
counts = pd.Series({"普通": 3, "钻石": 1})
weights = pd.Series({"钻石": 8, "普通": 1})
counts * weights  # 钻石 1 × 8 = 8，普通 3 × 1 = 3

# %% [markdown]
# `value_counts()` 按个数从多到少排，不按字典里的顺序。去掉标签（`.values` 或
# `list(...)`）再相乘，就只能按位置配对，人数和权重会配错等级：

# %%
levels = pd.Series(["普通", "钻石", "普通", "普通"])
per_level = levels.value_counts()
print(per_level)  # 普通 3 在前，钻石 1 在后
print("按位置乘（错）：", (per_level.values * [8, 1]).tolist())  # 普通 3 × 8，钻石 1 × 1
per_level * weights  # 按标签乘（对）：钻石 8，普通 3

# %% [markdown]
# ### 练习 6（4 分）：按等级加权分预算
#
# 按 `WEIGHTS` 给每位会员份数，算出**每个等级分到的预算合计**（元），存进变量
# `budget_weighted`：一列 Series，索引是 `"钻石"`、`"铂金"`、`"黄金"`、`"普通"`。
#
# 步骤提示：
#
# 1. 每个等级的人数：`tier_table["tier"].value_counts()`；
# 2. 每个等级的份数 = 人数 × 权重（`pd.Series(WEIGHTS)` 把权重变成一列，两列相乘时
#    pandas 会按等级对齐）；
# 3. 一份的钱 = `BUDGET` ÷ 全部份数之和（四个等级的份数加起来，不是权重之和 15）；
# 4. 每个等级的预算 = 份数 × 一份的钱。四个等级加起来应该正好是 20000 元。

# %% nbgrader={"grade": false, "grade_id": "a6_budget", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
sizes = tier_table["tier"].value_counts()
units = sizes * pd.Series(WEIGHTS)
budget_weighted = BUDGET * units / units.sum()
### END SOLUTION
budget_weighted.reindex(list(WEIGHTS)).round(1)  # 从钻石到普通排好再显示

# %% nbgrader={"grade": true, "grade_id": "q6_budget", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q6_budget()

# %% [markdown]
# 按等级加权以后，钱往高等级会员那边移了，可普通会员仍然每人有 50 多元。
# 下面的小控件把两种分法放在一起比较（表格和图），还可以拖动钻石、铂金、黄金三级的权重
# （普通会员固定 1 份）。看一看：
#
# - 加权以后，各等级“每 1 元服务带来的订单金额”是不是更接近了？
# - 权重加到多大，钻石会员分到的预算比例才赶上他们的订单金额比例？这样做合适吗？

# %%
widgets.budget_explorer()

# %% [markdown]
# ## 7. 为什么值得这样做；小结与讨论
#
# 关于老客户，教材里有两组数字：
#
# - 据有关专家调查统计，开发一位新客户的成本是维持一位老客户的 5–10 倍。
# - 和第一次上门的顾客相比，经常光顾的老顾客能为企业多带来 20%–85% 的利润；
#   固定顾客（老顾客）的人数增长 5%，企业的利润就会增加 25%。
#
# 所以，把更多服务给到高价值会员、让他们愿意留下来，通常比平均撒钱更划算。但分级不等于
# 不管小客户：普通会员也应当得到规则内应有的服务，而且今天的普通会员，明天可能就是
# 黄金会员。
#
# ### 小结
#
# - **客户分级**：按客户对企业的价值和重要程度把客户分成不同级别，每一级用不同的
#   管理办法。两个目的：判定不同客户带来的价值（资源有限，平均分配既不经济也不现实）；
#   区分不同价值客户的需求（有针对性的服务培养忠诚客户）。
# - **规则要写准**：“≥”包括正好等于；几个条件要“同时”满足时用 `and`（整列比较时用 `&`，
#   每个条件加括号）。
# - **等级会过期**：旅行公司按评级日之前 365 天的积分定等级，有效 60 天，到期重算，
#   有升有降。
# - **二八法则**：大约 20% 的客户带来大约 80% 的价值。检验方法：按价值从大到小排序，
#   算累计占比，读出前 20% 的占比，画帕累托曲线或洛伦兹曲线。零售店的数据里，
#   前 20% 的顾客带来了约 79% 的消费额。
# - **分级为什么划算**：同一笔服务预算按等级加权分配，钱更多地流向带来更多价值的客户；
#   开发新客户的成本是维持老客户的 5–10 倍，老客户多了，利润也会多。
#
# **讨论**（课上讨论第 1 题，第 2、3 题课后想一想）：
#
# 1. 回到课前的问题：旅行公司为什么要对会员分级？用本课算出的数字来支持你的回答。
# 2. 按等级加权以后，普通会员分到的钱少了一半。这公平吗？如果一位普通会员来问，
#    你会怎样向他解释？
# 3. 如果一家小店只有 30 位老顾客，店主认识每一个人，还有必要分级吗？
#    （下一课“分级的条件”会讨论这个问题。）

# %% [markdown]
# ## 8. 课后作业：书面题
#
# 下面的书面题是**课后作业**，课后写完、保存，再按老师的要求提交。
#
# ### 练习 7（5 分，由老师批改）
#
# 这家旅行公司为什么每 60 天就要重新评一次等级，而不是一次定终身？又为什么不天天改？
# 用 3–5 句话回答，可以举你在“一位会员的一年”图里看到的例子。
# 把答案写在下面的单元格里（双击进入编辑，写完按 Shift+Enter）。

# %% [markdown] nbgrader={"grade": true, "grade_id": "w1_why_60_days", "locked": false, "points": 5, "schema_version": 3, "solution": true, "task": false}
# **参考答案**：等级依据的是“近 12 个月”的积分，新订单不断进来、一年前的订单不断移出去，
# 积分每天都在变，信誉记录也可能变化，所以等级必须定期按最新情况重算，才能反映会员
# **现在**给公司带来的价值，让有限的服务资源给到现在真正有价值的会员。重新评级让等级
# 有升有降：像 M0018 这样越来越活跃的会员能及时升级、得到更好的服务，会受到激励、
# 更愿意留下来；像 M0004 这样不再消费的会员，也不会一直占着高等级的权益，这对别的会员
# 才公平。信誉变差的会员，在下一次评级时就会失去要求信誉良好的等级。之所以不天天改，
# 是因为固定 60 天的有效期让会员清楚自己的权益能用多久，公司也不必天天调整，
# 管理成本低；60 天是在“及时”和“稳定”之间的折中。
#
# **评分要点**（共 5 分，每点 1 分；意思对即可，不要求用词一致）：
#
# 1. 指出积分是按近 12 个月滚动计算的，会随新订单和旧订单移出而变化（信誉也会变）。
# 2. 指出等级要反映会员当前的价值，便于把有限的资源按当前价值分配（判定客户价值）。
# 3. 指出重新评级让等级能升也能降：激励会员多消费、保持忠诚；不再活跃的会员不会
#    一直享受高等级待遇（公平）。
# 4. 说明为什么不天天改：有效期让会员对权益有稳定的预期，也降低公司的管理成本
#    （及时与稳定的折中）。
# 5. 举出具体的例子（图中的某位会员，或生活中的例子），或提到信誉变差会失去等级。
