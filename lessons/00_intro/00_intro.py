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
# # 第 0 课　入门：怎样使用这套练习
#
# 这套练习（crmlab）用 Jupyter 笔记本 (notebook) 来学习**客户分级 (customer tiering)**。
# 每一课都是一个笔记本：有讲解，有可以直接运行的例子，有小控件可以拖一拖，
# 最后是练习题。练习题有的由电脑自动评分 (autograde)，有的由老师批改。
#
# 这一课不讲新的管理知识，只带你熟悉工具，为后面几课做准备。
#
# ## 学习目标 (learning objectives)
#
# - **知识**：知道单元格 (cell)、表格 (DataFrame)、公开检查和隐藏测试分别是什么。
# - **技能**：会运行单元格，会查看一张表，会改一个数后重新运行，会完成并检查一道练习。
# - **态度**：养成“先自己算、再看检查提示”的习惯；明白公开检查通过不等于最终成绩。
#
# ## 时间安排（约 80 分钟）
#
# | 环节 | 时间 |
# |---|---|
# | 0. 登录，打开这个笔记本 | 5 分钟 |
# | 1. 运行单元格 | 5 分钟 |
# | 2. 看一张表：长海物流的 14 位客户 | 15 分钟 |
# | 3. 改一个数，再运行；拖动小控件 | 10 分钟 |
# | 4. 练习怎样进行，读懂检查信息 | 10 分钟 |
# | 5. 练习 1–4 | 25 分钟 |
# | 6. 提交与评分；小结 | 10 分钟 |

# %% [markdown]
# ## 1. 运行单元格
#
# 笔记本由一个个**单元格 (cell)** 组成。像这段文字一样的是**文字单元格 (markdown cell)**；
# 带灰色底、左边有 `[ ]` 的是**代码单元格 (code cell)**。
#
# - 点一下代码单元格，按 **Shift+Enter**，就会运行它并跳到下一个单元格。
# - 运行后左边的方括号里会出现一个数字，例如 `[3]`，表示这是第 3 个被运行的单元格。
# - 单元格要**从上往下**依次运行：后面的单元格常常要用到前面算出的结果。
#
# 先运行下面这个单元格。它载入本课程要用的两个工具包 (package)：
# `pandas`（处理表格）和 `crmlab`（本课程的工具，简写成 `cl`）。
# 它是只读的，不需要修改。

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import pandas as pd

import crmlab as cl
from crmcourse.l00_intro import checks, widgets

print("工具已载入，可以开始了。")

# %% [markdown]
# 代码单元格的最后一行如果是一个算式，它的结果会显示在单元格下面。试试看：

# %%
590 + 140 + 100

# %% [markdown]
# ## 2. 看一张表：长海物流的 14 位客户
#
# 长海物流公司统计了 14 位客户一年的营业收入（单位：万元），这是课本项目 3 的表 3-7，
# 后面几课还会反复用到它。`cl.load_dataset("changhai")` 把这张表读进来，
# 存进变量 `df`。在 pandas 里，这样一张有行有列的表叫做 **DataFrame**。

# %%
df = cl.load_dataset("changhai")
df

# %% [markdown]
# 每一**列 (column)** 有一个列名。每一列的含义、单位和数据类型，可以这样查：

# %%
cl.describe_dataset("changhai")

# %% [markdown]
# 几种常用的看表方法：`df.head(3)` 看前 3 行；`df["revenue"]` 取出营业收入这一列；
# 对一列可以求最大值 `.max()`、最小值 `.min()`、平均值 `.mean()`、合计 `.sum()`；
# `len(df)` 是表的行数。

# %%
df.head(3)

# %%
print("客户数：", len(df))
print("最大的营业收入：", df["revenue"].max(), "万元")
print("平均营业收入：", df["revenue"].mean(), "万元")

# %% [markdown]
# **排序 (sort)**：`sort_values("revenue")` 按营业收入排序，默认从小到大（升序, ascending）；
# 加上 `ascending=False` 就是从大到小（降序, descending）。
#
# **筛选 (filter)**：`df[df["revenue"] < 30]` 只留下营业收入小于 30 万元的行。

# %%
df.sort_values("revenue").head(3)

# %%
df[df["revenue"] < 30]

# %% [markdown]
# **按位置取一个值**：一列数据 (Series) 后面加 `.iloc[0]`，取出它的第 1 个值（Python 从 0 开始数，
# `.iloc[1]` 是第 2 个）。先在一张 3 行的小表上试试：排序以后，第 1 行就是收入最大的客户。

# %%
toy = pd.DataFrame({"customer": [7, 8, 9], "revenue": [30, 50, 10]})
toy_sorted = toy.sort_values("revenue", ascending=False)
print("排序后的小表：")
print(toy_sorted)
print("第 1 行的客户编号：", toy_sorted["customer"].iloc[0])

# %% [markdown]
# 注意区别：`toy_sorted.head(1)["customer"]` 虽然也只有一行，但它仍然是**一列数据 (Series)**，
# 带着行标签，不是单独的一个数。运行下面的单元格看看：左边的 `1` 是行标签 (index)，
# 右边的 `8` 才是客户编号，下面还多了一行列名和数据类型。要得到单独的一个数，用 `.iloc[0]`。

# %%
toy_sorted.head(1)["customer"]

# %% [markdown]
# ## 3. 改一个数，再运行
#
# 假如客户 4 的营业收入从 740 万元变成了别的数，结果会怎样？
# 把下面单元格第一行的 `800` 改成你想试的数，再按 Shift+Enter 运行。
# 这里先复制了一份表 `df2`，原来的 `df` 不会被改动。
#
# 注意：改了一个单元格以后，**只有重新运行过的单元格**才会用到新的数。
# 如果不确定，就用菜单 Run → Run All Cells（运行全部单元格）从头再跑一遍。

# %%
new_revenue = 800  # 改这个数，再运行

df2 = df.copy()
df2.loc[df2["customer"] == 4, "revenue"] = new_revenue
print("客户 4 的营业收入改成了", new_revenue, "万元")
print("14 位客户的营业收入合计变成了", df2["revenue"].sum(), "万元")

# %% [markdown]
# 下面是一个**小控件 (widget)**：选一位客户（一开始选的是客户 4），拖动滑块改变他的营业收入，
# 马上就能看到合计和排名的变化。它只用来探索，不计分。
# （如果这里只显示一张表，说明笔记本没有在 JupyterLab 里交互运行，
# 重新运行这个单元格即可。）

# %%
widgets.revenue_explorer()

# %% [markdown]
# ## 4. 练习怎样进行
#
# 每道练习由三部分组成：
#
# 1. **题目**：告诉你要算什么、结果存进哪个变量。
# 2. **答案单元格**：里面写着 `raise NotImplementedError()`。把这一行删掉，换成你的代码。
# 3. **检查单元格 (check)**：运行后立即告诉你答案对不对。
#    - 通过时显示“✅ 公开检查通过 (public checks passed)”。
#    - 没通过时显示一个红色的中文提示框，写着“问题”“提示 (hint)”和“去哪里改 (where)”。
#
# 检查单元格是只读的。它在你的电脑上运行的是**公开检查**；提交以后，老师的电脑上还会
# 运行**隐藏测试 (hidden tests)**：它们不在你的笔记本里，会换一种方法重新计算正确答案，
# 再和你的答案变量比较。所以“公开检查通过”说明方向对了，但**不是最终成绩**。
#
# ### 读懂检查信息
#
# 下面故意把一个不可能的答案交给第 3 题的检查：说有 20 位客户，可表里一共只有 14 位。
# 看看检查会怎么说。这里用 `try ... except` 把错误“接住”并打印出来，所以这个单元格不会变红。

# %%
try:
    checks.q3_count(answer=20)
except AssertionError as message:
    print(message)

# %% [markdown]
# 读检查信息时，先看“问题”（哪里不对），再看“提示”（可能错在哪一步），
# 最后看“去哪里改”（该回到哪个单元格）。真正做题时，检查没通过会在检查单元格下面显示
# 一个红色的框，里面就是上面这几行中文，这是正常的：改好答案单元格，重新运行它，
# 再运行检查单元格。
#
# ## 5. 练习（共 10 分）
#
# 练习开始前，先重新读入原始数据，免得上面“改一个数”时动过的数影响答案。

# %% nbgrader={"grade": false, "grade_id": "reload_data", "locked": true, "schema_version": 3, "solution": false, "task": false}
df = cl.load_dataset("changhai")  # 练习用的原始数据

# %% [markdown]
# ### 练习 1（3 分）
#
# 求 14 位客户的营业收入**合计**（万元），存进变量 `total_revenue`。

# %% nbgrader={"grade": false, "grade_id": "a1_total", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
total_revenue = df["revenue"].sum()
### END SOLUTION
print("total_revenue =", total_revenue)

# %% nbgrader={"grade": true, "grade_id": "q1_total", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q1_total()

# %% [markdown]
# ### 练习 2（3 分）
#
# 营业收入**最大**的是哪一位客户？把他的**客户编号**（`customer` 列的值，不是收入）
# 存进变量 `top_customer`。
#
# 这道题请自己用 pandas 完成（例如先排序，再用 `.iloc[0]` 取出第一个客户编号），不要调用 crmlab 现成的
# 分析函数（如 `cl.abc_analysis`）：后面几课的一些题目也有同样的要求，检查会发现。

# %% nbgrader={"grade": false, "grade_id": "a2_top", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
ranked = df.sort_values("revenue", ascending=False)
top_customer = ranked["customer"].iloc[0]
### END SOLUTION
print("top_customer =", top_customer)

# %% nbgrader={"grade": true, "grade_id": "q2_top", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q2_top()

# %% [markdown]
# ### 练习 3（2 分）
#
# 营业收入**不少于** 100 万元（≥ 100，正好 100 的也算）的客户有几位？
# 把这个个数存进变量 `n_big`。

# %% nbgrader={"grade": false, "grade_id": "a3_count", "locked": false, "schema_version": 3, "solution": true, "task": false} tags=["raises-exception"]
### BEGIN SOLUTION
n_big = len(df[df["revenue"] >= 100])
### END SOLUTION
print("n_big =", n_big)

# %% nbgrader={"grade": true, "grade_id": "q3_count", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false} tags=["raises-exception"]
checks.q3_count()

# %% [markdown]
# ### 练习 4（2 分，由老师批改）
#
# 用一两句话回答：检查单元格显示“✅ 公开检查通过”，是不是就说明这道题一定能拿满分？
# 为什么？把答案写在下面的单元格里（双击进入编辑，写完按 Shift+Enter）。

# %% [markdown] nbgrader={"grade": true, "grade_id": "w1_reflect", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# 不一定。公开检查只在我的电脑上核对答案的类型和数值；提交后老师还会运行隐藏测试，
# 它们用另一种方法（不借助 crmlab）重新计算正确答案，还会检查是否按题目要求自己动手计算。
# 最终成绩以隐藏测试和老师批改的结果为准。

# %% [markdown]
# ## 6. 提交 (submit) 与评分 (grade)
#
# **提交前**：保存笔记本，然后用菜单 Kernel → Restart Kernel and Run All Cells
# （重启并运行全部单元格），确认从头到尾能跑通，检查单元格都显示通过。
#
# **提交**：按老师的要求交出这个 `.ipynb` 文件。用 JupyterHub 的班级在 Assignments
# （作业）页面点 Submit；没有 JupyterHub 的班级把文件上传到学习平台或拷给老师，
# 文件名按老师的要求写，通常是在原名前面加上学号和下划线，例如 `2024001_00_intro.ipynb`。
#
# **评分**时，老师的电脑会：
#
# 1. 把只读单元格和检查单元格恢复成原样（改动或删掉它们都没有用）；
# 2. 在一个全新的、与外界隔开的环境（沙箱, sandbox）里从第一个单元格运行到最后一个；
# 3. 取出每道题的答案变量，交给隐藏测试核对：通过就得到这道题的全部分数，没通过得 0 分，
#    检查单元格下面会写明原因；
# 4. 某个单元格运行太久（例如写出了死循环）会被中断，只影响用到它的题目；
# 5. 写文字的题目由老师阅读后给分。
#
# 之后你会收到一份**反馈 (feedback)** 报告，里面有每道题的得分和隐藏测试的结果。
#
# ## 小结
#
# - Shift+Enter 运行单元格，从上往下依次运行。
# - `cl.load_dataset(...)` 读入一张表（DataFrame）；`df["列名"]` 取一列；
#   `.sum()`、`.max()`、`sort_values`、筛选 `df[条件]`、按位置取值 `.iloc[0]` 是最常用的操作。
# - 改了数要重新运行；拿不准时就重启并运行全部。
# - 公开检查给出即时提示；最终成绩由隐藏测试和老师批改决定。
#
# **讨论**：如果你是长海物流的经理，只看这 14 个数，你会最先关心哪几位客户？为什么？
# 下一课我们就来回答“为什么要给客户分级”。
