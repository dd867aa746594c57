"""Widget for lesson 02 分级的条件 (``cl.widgets.l02``): a check-up of the three conditions for
tiering customers, with sliders for the number of account managers and their capacity.

The three conditions and the rules of thumb this lesson uses:

1. stable existing customers: the share of repeat customers (more than one order) is at least
   ``REPEAT_MIN``;
2. value differences: the Gini coefficient of the customers' values is at least ``GINI_MIN``;
3. more customers than the staff can serve: customers > managers × customers per manager.

Each company is judged with its own data and its own staff, as the lesson states them: the
retail store (``retail_items``) has 5 account managers who can each look after 100 shoppers;
甲公司 and 乙公司 each have 4 account managers who can each look after 30 business customers.
The verdicts the lesson teaches: the retail store and 甲公司 meet all three conditions, 乙公司
fails condition 2 only. Switching the company in the live widget puts the sliders back to that
company's own staff.

>>> import pandas as pd
>>> values = pd.Series([10, 20, 30, 40, 400])
>>> t = condition_report(5, 0.4, values, staff=1, capacity=10)
>>> t["结论"].tolist()
['❌ 不满足', '✅ 满足', '❌ 不满足']
"""

from __future__ import annotations

import pandas as pd

from crmlab import datasets
from crmlab.concentration import concentration
from crmlab.feedback import widgets as fw
from crmlab.feedback.widgets import Choice, Slider

#: Rules of thumb used in this lesson (not textbook standards).
REPEAT_MIN = 0.5
GINI_MIN = 0.3

RETAIL = "零售店（练习 1、2、6 的交易明细）"
FIRMS = ("甲公司", "乙公司")
OK, NOT_OK = "✅ 满足", "❌ 不满足"

#: Each company's own staff, as the lesson states it: (account managers, customers each).
STAFFING = {RETAIL: (5, 100), "甲公司": (4, 30), "乙公司": (4, 30)}

#: What a failed condition means, in the words of the lesson.
_WHY_NOT = {
    "拥有稳定的现实客户": "大多数客户只来一次，评出的重要客户留不住，应该先想办法留住客户",
    "客户间存在价值差异": "客户的价值差不多，分出来的各级没有实质区别，分级的意义不大",
    "客户数量超出管理限度": "人手足够一对一照顾每位客户，分级没有那么迫切",
}


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def retail_facts(tx: pd.DataFrame) -> tuple[int, float, pd.Series]:
    """Number of customers, share of repeat customers and each customer's total spending."""
    orders = tx.groupby("customer_id")["order_id"].nunique()
    spend = tx.groupby("customer_id")["amount"].sum()
    return len(orders), float((orders > 1).mean()), spend


def condition_report(
    n_customers: int,
    repeat_share: float | None,
    values: pd.Series,
    staff: int,
    capacity: int,
) -> pd.DataFrame:
    """One row per condition: what is measured, the numbers, the rule of thumb and the verdict.

    ``repeat_share`` None means the case states that the customers are long-term (there are no
    transaction records to count repeat purchases in).
    """
    conc = concentration(values)
    cv = float(values.std() / values.mean())
    total = staff * capacity
    if repeat_share is None:
        c1_numbers = "没有交易明细；案例说明：都是签了年度合同、长期合作的客户"
        c1_ok = True
    else:
        c1_numbers = f"回头客占比 {_pct(repeat_share)}"
        c1_ok = repeat_share >= REPEAT_MIN
    rows = [
        (
            "1. 拥有稳定的现实客户",
            c1_numbers,
            f"回头客占比 ≥ {REPEAT_MIN * 100:.0f}%",
            c1_ok,
        ),
        (
            "2. 客户间存在价值差异",
            f"基尼系数 {conc.gini:.2f}；前 20% 客户占 {_pct(conc.top_share)}；变异系数 {cv:.2f}",
            f"基尼系数 ≥ {GINI_MIN:.1f}",
            conc.gini >= GINI_MIN,
        ),
        (
            "3. 客户数量超出管理限度",
            f"{n_customers} 位客户；{staff} 人 × 每人 {capacity} 位 = 能照顾 {total} 位",
            "客户数 > 能照顾的客户数",
            n_customers > total,
        ),
    ]
    return pd.DataFrame(
        {
            "条件": [r[0] for r in rows],
            "数据说明了什么": [r[1] for r in rows],
            "本课的经验标准": [r[2] for r in rows],
            "结论": [OK if r[3] else NOT_OK for r in rows],
        }
    )


def verdict(report: pd.DataFrame) -> str:
    """One sentence that sums up the three verdicts."""
    failed = [c.split(". ", 1)[1] for c, v in zip(report["条件"], report["结论"]) if v != OK]
    if not failed:
        return "三个条件都满足：值得给客户分级，把有限的人手和资源先用在重要客户身上。"
    why = "；".join(_WHY_NOT[c] for c in failed)
    return f"不满足的条件：{'、'.join(failed)}。{why}。"


def firm_facts(firm: str) -> tuple[int, float | None, pd.Series]:
    """``(customers, repeat share or None, values)`` for the retail store or 甲公司/乙公司."""
    if firm == RETAIL:
        return retail_facts(datasets.load_dataset("retail_items"))
    firms = datasets.load_dataset("two_firms")
    values = firms.loc[firms["firm"] == firm, "annual_value"]
    return len(values), None, values


def firm_report(firm: str, staff: int | None = None, capacity: int | None = None) -> pd.DataFrame:
    """The check-up of one company, with its own staff unless ``staff``/``capacity`` are given."""
    own_staff, own_capacity = STAFFING[firm]
    n, repeat, values = firm_facts(firm)
    return condition_report(
        n,
        repeat,
        values,
        own_staff if staff is None else staff,
        own_capacity if capacity is None else capacity,
    )


def conditions_check(
    firm: str = RETAIL, staff: int | None = None, capacity: int | None = None
) -> None:
    """Pick a company, move the sliders, and watch the three conditions pass or fail.

    The sliders start at the company's own staff (:data:`STAFFING`) and go back to it whenever
    another company is picked.
    """
    cache: dict[str, tuple] = {}
    own_staff, own_capacity = STAFFING[firm]

    def render(firm, staff, capacity):
        if firm not in cache:
            cache[firm] = firm_facts(firm)
        n, repeat, values = cache[firm]
        report = condition_report(n, repeat, values, staff, capacity)
        return [f"【{firm}】{verdict(report)}", report.set_index("条件")]

    title = "分级条件体检表：三个条件是否都满足？"
    controls = {
        "firm": Choice("公司", [RETAIL, *FIRMS], firm),
        "staff": Slider("客户经理人数", 1, 20, own_staff if staff is None else staff),
        "capacity": Slider(
            "每人能一对一照顾的客户数",
            10,
            300,
            own_capacity if capacity is None else capacity,
            step=10,
        ),
    }
    if fw.static_mode():
        fw.interact(render, title=title, **controls)
        return
    live = fw.build_live(render, controls, title)

    def own_staff_of(change) -> None:
        live.controls["staff"].value, live.controls["capacity"].value = STAFFING[change["new"]]

    live.controls["firm"].observe(own_staff_of, names="value")
    from IPython.display import display

    display(live.box)
