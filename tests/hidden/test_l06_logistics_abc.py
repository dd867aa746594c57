"""Hidden tests of lesson 06 物流客户 ABC 分析 (grading/hidden/l06_logistics_abc.py).

The answers are made the way a student's notebook makes them: the builder's solution code (or a
scenario's replacement code) runs on the packaged data file; then :func:`export` turns the
variables into the exporter's JSON (Parquet for tables, and for a matplotlib Axes the plain
figure data of the ``figure()`` helper in ``crmlab.teacher.answers._KERNEL_CODE``, with the same
field names, after drawing the canvas on Agg), and the kit's ``decode`` reads them back, so
``ax35`` arrives as ``FigureData`` as in grading. Typical mistakes are built by hand from the
right answers. Nothing is copied from the hidden module.
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
import sys
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from crmlab.teacher.answers import FigureData, Unreadable, decode
from crmlab.teacher.hidden import Submission, load_lesson, run_tests

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import nbbuild

ASSIGNMENT = "06_logistics_abc"
LESSON = nbbuild.load_lesson(ASSIGNMENT)
NB = LESSON.notebook()
HIDDEN = load_lesson(REPO / "grading", ASSIGNMENT)
TESTS = nbbuild.grade_ids(NB, kind="tests")
DATA = REPO / "crmlab" / "data" / "changhai.csv"  # table 3-7, as the notebook loads it

#: Every variable the hidden tests read, and the test cell that reads it.
VARIABLES = {
    "indicator": "q1_indicator",
    "total_revenue": "q2_total",
    "table38": "q3_table",
    "tiers": "q4_classes",
    "ax35": "q5_figure",
    "table39": "q6_table39",
}
NAMES = list(VARIABLES)

BY_HAND = "不能调用 crmlab 的现成函数"
GENERIC = "答案的类型或格式不对"  # run_tests' message for an exception that is not a Fail

# Table 3-8 worked out by hand from table 3-7 (ties 7/8, 10/12, 9/14 keep the table's order).
SORTED_IDS = [4, 1, 2, 5, 3, 6, 7, 8, 10, 12, 9, 14, 11, 13]
CUM_REVENUE = [740, 1330, 1470, 1590, 1690, 1758, 1808, 1858, 1898, 1938, 1958, 1978, 1990, 2000]
CLASSES = dict.fromkeys([4, 1, 2, 5], "A") | dict.fromkeys([3, 6, 7, 8, 10], "B")
CLASSES |= dict.fromkeys([12, 9, 14, 11, 13], "C")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ---------------------------------------------------------------------------------------------
# running answer code and exporting it like the grader


def _cells() -> dict[str, str]:
    """Answer cell grade_id -> its source in the teacher notebook."""
    out = {}
    for cell in NB.cells:
        meta = nbbuild.nbgrader_meta(cell)
        if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
            out[meta["grade_id"]] = cell.source
    return out


CELLS = _cells()


def solution(grade_id: str) -> str:
    """The code between the SOLUTION markers of an answer cell."""
    source = CELLS[grade_id]
    return source.split(nbbuild.BEGIN_SOLUTION, 1)[1].split(nbbuild.END_SOLUTION, 1)[0]


def student_source(grade_id: str) -> str:
    """The answer cell as a student who wrote the solution has it (markers gone)."""
    lines = CELLS[grade_id].splitlines()
    return "\n".join(
        ln for ln in lines if ln.strip() not in (nbbuild.BEGIN_SOLUTION, nbbuild.END_SOLUTION)
    )


def start(df: pd.DataFrame | None = None) -> dict:
    """The namespace after the setup and data cells (matplotlib on Agg, no window)."""
    return {
        "pd": pd,
        "np": np,
        "plt": plt,
        "df": pd.read_csv(DATA) if df is None else df,
    }


def run(replaced: dict[str, str] | None = None, df: pd.DataFrame | None = None) -> tuple:
    """Run every answer cell in order (the solution, or the replacement code) on the data.

    Returns the namespace and the cell sources by grade_id."""
    replaced = replaced or {}
    ns = start(df)
    sources = {}
    for grade_id in CELLS:
        if grade_id in replaced:
            code = sources[grade_id] = replaced[grade_id]
        else:
            code, sources[grade_id] = solution(grade_id), student_source(grade_id)
        exec(compile(code, f"<{grade_id}>", "exec"), ns)  # noqa: S102 - lesson code
    return ns, sources


def _plain(value):
    """A Python value as the exporter writes it into JSON (numpy values as plain lists/numbers;
    anything else it cannot write raises TypeError)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if type(value).__module__.split(".")[0] == "numpy":
        return _plain(value.tolist())
    if isinstance(value, (set, frozenset)):
        return {"__set__": [_plain(x) for x in value]}
    if isinstance(value, (list, tuple)):
        return [_plain(x) for x in value]
    if isinstance(value, dict):
        return {"__dict__": [[_plain(k), _plain(x)] for k, x in value.items()]}
    raise TypeError(type(value).__name__)


def _parquet(df: pd.DataFrame) -> str:
    buf = io.BytesIO()
    df.to_parquet(buf, index=True)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _figure(ax) -> list[dict]:
    """The exporter's figure data: one dict per Axes of the figure, canvas drawn first."""
    fig = ax.figure
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing CJK glyphs on the test machine
        fig.canvas.draw()
    return [
        {
            "is_given": a is ax,
            "title": a.get_title(),
            "xlabel": a.get_xlabel(),
            "ylabel": a.get_ylabel(),
            "xticks": [float(t) for t in a.get_xticks()],
            "xticklabels": [t.get_text() for t in a.get_xticklabels()],
            "yticks": [float(t) for t in a.get_yticks()],
            "yticklabels": [t.get_text() for t in a.get_yticklabels()],
            "ylim": [float(y) for y in a.get_ylim()],
            "lines": [
                {
                    "x": [float(x) for x in ln.get_xdata(orig=False)],
                    "y": [float(y) for y in ln.get_ydata(orig=False)],
                }
                for ln in a.get_lines()
            ],
            "bars": [
                {
                    "x": float(p.get_x()),
                    "width": float(p.get_width()),
                    "y": float(p.get_y()),
                    "height": float(p.get_height()),
                }
                for p in a.patches
                if type(p).__name__ == "Rectangle"
            ],
            "texts": [t.get_text() for t in a.texts],
        }
        for a in fig.axes
    ]


def export(ns: dict, names: list[str] = NAMES) -> dict:
    """What the grader's hidden-test process receives for the variables ``names`` of ``ns``:
    the exporter's JSON, read back by the kit's ``decode``."""
    out = {}
    for name in names:
        if name not in ns:
            out[name] = {"kind": "missing"}
            continue
        value = ns[name]
        try:
            if isinstance(value, pd.DataFrame):
                out[name] = {"kind": "table", "parquet": _parquet(value)}
            elif isinstance(value, pd.Series):
                frame = value.to_frame(name="__value__")
                out[name] = {
                    "kind": "series",
                    "name": _plain(value.name),
                    "parquet": _parquet(frame),
                }
            elif isinstance(value, Axes):
                out[name] = {"kind": "figure", "axes": _figure(value)}
            else:
                out[name] = {"kind": "value", "value": _plain(value)}
        except Exception as err:  # noqa: BLE001 - as the exporter: an unreadable answer
            out[name] = {"kind": "unreadable", "type": type(value).__name__, "reason": str(err)}
    return decode(json.dumps(out), names)


def submission(answers: dict, sources: dict[str, str] | None = None, added=()) -> Submission:
    return Submission(
        student_id="s001",
        assignment=ASSIGNMENT,
        answers=answers,
        sources=dict(sources or {}),
        added=list(added),
    )


def grade(answers: dict, sources: dict[str, str] | None = None, added=()) -> dict:
    return run_tests(HIDDEN, submission(answers, sources, added), TESTS)


def failed(results: dict) -> set[str]:
    return {t for t, r in results.items() if not r["passed"]}


def check(test: str, answers: dict, sources: dict[str, str] | None = None, added=()) -> dict:
    """One test's result; it must never be an unexpected error."""
    result = run_tests(HIDDEN, submission(answers, sources, added), [test])[test]
    assert "error" not in result
    assert result["message"]
    return result


def assert_fails(test: str, answers: dict, *needles: str, sources=None, added=()) -> str:
    result = check(test, answers, sources, added)
    assert not result["passed"], f"{test} accepted a wrong answer"
    message = result["message"]
    assert message.startswith("隐藏测试未通过："), message
    assert GENERIC not in message, message  # a deliberate Fail, not a crash
    for needle in needles:
        assert needle in message, message
    return message


def assert_passes(test: str, answers: dict, sources=None) -> None:
    result = check(test, answers, sources)
    assert result["passed"], result["message"]


@pytest.fixture(scope="module")
def right():
    """The solution's answers as exported, and the cell sources."""
    ns, sources = run()
    return ns, export(ns), sources


def figure(draw) -> FigureData:
    """A real matplotlib figure drawn by ``draw(ax)``, exported as ``ax35``."""
    fig, ax = plt.subplots(figsize=(9, 4.5))
    ax = draw(ax) or ax
    value = export({"ax35": ax}, ["ax35"])["ax35"]
    plt.close(fig)
    assert isinstance(value, FigureData)
    return value


# ---------------------------------------------------------------------------------------------
# the module and the builder agree


def test_exercises_are_the_builders_test_cells():
    assert list(HIDDEN.EXERCISES) == TESTS
    assert sorted(TESTS) == sorted(VARIABLES.values())


def test_each_test_reads_the_variable_its_answer_cell_makes():
    feeding = nbbuild.tests_of_answers(NB)
    for name, test in VARIABLES.items():
        assert HIDDEN.EXERCISES[test] == [name]
        cell = next(a for a, tests in feeding.items() if test in tests)
        assert re.search(rf"^{name}\b[^\n=]*=", solution(cell), re.MULTILINE), (name, cell)


def test_builder_has_no_hidden_blocks_left():
    source = LESSON.path.read_text(encoding="utf-8")
    assert nbbuild.BEGIN_HIDDEN not in source and "隐藏测试未通过" not in source


# ---------------------------------------------------------------------------------------------
# right answers


def test_the_solution_passes_every_test(right):
    _, answers, sources = right
    results = grade(answers, sources)
    assert failed(results) == set(), results


def test_the_exported_solution_is_what_the_tests_read(right):
    ns, answers, _ = right
    assert answers["indicator"] == "C"
    assert answers["total_revenue"] == 2000 and isinstance(answers["total_revenue"], int)
    t = answers["table38"]
    assert t["customer"].tolist() == SORTED_IDS
    assert t["cum_revenue"].tolist() == CUM_REVENUE
    assert dict(zip(answers["tiers"]["customer"], answers["tiers"]["abc_class"])) == CLASSES
    fig = answers["ax35"]
    assert isinstance(fig, FigureData) and len(fig.axes) == 1 and fig.given["is_given"]
    assert fig.given["xticklabels"] == [str(c) for c in SORTED_IDS]
    assert fig.given["xticks"] == list(range(14))
    curve = fig.given["lines"][0]
    assert curve["x"] == list(range(14))
    assert np.allclose(curve["y"], [c / 20 for c in CUM_REVENUE])
    assert answers["table39"].index.tolist() == ["A", "B", "C"]
    assert ns["ax35"] is not fig  # the Axes itself never reaches the tests


def test_other_accepted_forms(right):
    ns, answers, _ = right
    t = ns["table38"]
    assert_passes("q2_total", {"total_revenue": 2000.0})
    extra = answers["table38"].assign(rank=range(1, 15), note="x")
    assert_passes("q3_table", {"table38": extra})
    text_codes = answers["table38"].assign(customer=[str(c) for c in SORTED_IDS])
    assert_passes("q3_table", {"table38": text_codes})
    shuffled = answers["tiers"].sample(frac=1, random_state=1)
    assert_passes("q4_classes", {"tiers": shuffled})

    cum = t["cum_share"].to_numpy()
    codes = t["customer"].astype(str).tolist()

    def fractions(ax):
        ax.plot(range(14), cum)
        ax.set_xticks(range(14), codes)

    def from_origin(ax):  # a curve that starts at (−1, 0), labels "客户 4" ...
        ax.plot(range(-1, 14), np.r_[0, cum] * 100, marker="o")
        ax.set_xticks(range(14), [f"客户 {c}" for c in codes])

    def categories(ax):  # customer codes as categorical x values
        ax.plot(codes, cum * 100)

    def on_a_twin(ax):  # bars on the Axes, the curve on its twin (like a Pareto chart)
        ax.bar(range(14), t["revenue"])
        ax.set_xticks(range(14), codes)
        ax.twinx().plot(range(14), cum * 100)

    for draw in (fractions, from_origin, categories, on_a_twin):
        assert_passes("q5_figure", {"ax35": figure(draw)})

    other = answers["table39"].copy()
    other["年均交易额下限"] = [120.0, 40.0, 0.0]  # the limits themselves are allowed
    other["每年电话联系次数"] = [365, 52, 1]  # class C at least once a year
    other["每年拜访次数"] = [52, 12, 1]
    assert_passes("q6_table39", {"table39": other})
    # customers 10 and 12 (both 40) may be put in C together: a B limit above 40, up to 50
    for b_limit in (40.5, 50):
        both_c = answers["table39"].assign(年均交易额下限=[110, b_limit, 0])
        assert_passes("q6_table39", {"table39": both_c})
    assert_passes("q6_table39", {"table39": answers["table39"].assign(年均交易额下限=[110, 21, 0])})
    # built sideways and turned round with .T (object columns), as the public check suggests
    assert_passes("q6_table39", {"table39": answers["table39"].T.T})


# ---------------------------------------------------------------------------------------------
# the lesson's scenarios


def test_wrong_scenario_fails_exactly_the_listed_tests():
    ns, sources = run(LESSON.wrong.answers)
    results = grade(export(ns), sources)
    assert failed(results) == LESSON.wrong.fails
    assert "分类指标选得不对" in results["q1_indicator"]["message"]
    assert "有客户的类别不对" in results["q4_classes"]["message"]
    assert "每年拜访次数" in results["q6_table39"]["message"]


def test_cheat_scenario_fails_everything_and_the_by_hand_rule_catches_crmlab():
    # The prelude fakes the checks and cl.load_dataset (a 2-row table); only the data matters
    # here, so the data cell gets that fake table and crmlab is left as it is.
    import crmlab as cl

    fake = pd.DataFrame({"customer": [1, 2], "revenue": [7, 7]})
    ns = start(fake) | {"cl": cl}
    sources = {}
    for grade_id in CELLS:
        code = sources[grade_id] = LESSON.cheat.answers.get(grade_id, solution(grade_id))
        exec(compile(code, f"<{grade_id}>", "exec"), ns)  # noqa: S102 - lesson code
    answers = export(ns)
    results = grade(answers, sources)
    assert failed(results) == LESSON.cheat.fails == set(TESTS)
    # crmlab's table, classes and chart are right: only the by-hand rule can catch them
    assert answers["table38"]["customer"].tolist() == SORTED_IDS
    assert "abc_analysis" in results["q3_table"]["message"]
    assert "abc_analysis" in results["q4_classes"]["message"]
    assert "plot_pareto" in results["q5_figure"]["message"]
    for test in ("q3_table", "q4_classes", "q5_figure"):
        assert BY_HAND in results[test]["message"]
    assert "营业收入合计不对" in results["q2_total"]["message"]
    assert "每年电话联系次数" in results["q6_table39"]["message"]


# ---------------------------------------------------------------------------------------------
# typical mistakes


def test_q1_and_q2_mistakes():
    # strict like the public check, which names the letter's form when the choice is right
    for wrong in ("D", "营业收入", 3, ["C"], "c", " C", "C。"):
        assert_fails("q1_indicator", {"indicator": wrong}, "分类指标选得不对")
    table = pd.read_csv(DATA)
    for wrong in (table["revenue"].mean(), table["revenue"].max(), 14, 105):
        assert_fails("q2_total", {"total_revenue": float(wrong)}, "营业收入合计不对")
    assert_fails("q2_total", {"total_revenue": "2000"}, "应该是一个数")


def test_q3_mistakes(right):
    _, answers, _ = right
    good = answers["table38"]
    df = pd.read_csv(DATA)
    total = df["revenue"].sum()

    def made(t):
        t = t.reset_index(drop=True)
        t["share"] = t["revenue"] / total
        t["cum_revenue"] = t["revenue"].cumsum()
        t["cum_share"] = t["cum_revenue"] / total
        return t

    unsorted = made(df.copy())
    assert_fails("q3_table", {"table38": unsorted}, "客户的排列顺序不对")
    ties_reversed = made(df.sort_values(["revenue", "customer"], ascending=False))
    assert_fails("q3_table", {"table38": ties_reversed}, "客户的排列顺序不对")
    assert_fails("q3_table", {"table38": good.assign(share=good["share"] * 100)}, "share 列不对")
    assert_fails("q3_table", {"table38": good.assign(share=good["share"].round(2))}, "share")
    as_text = good.assign(cum_share=[f"{x * 100:.1f}%" for x in good["cum_share"]])
    assert_fails("q3_table", {"table38": as_text}, "cum_share 列不对")
    not_summed = good.assign(cum_revenue=good["revenue"])
    assert_fails("q3_table", {"table38": not_summed}, "cum_revenue 列不对")
    with_nan = good.assign(revenue=good["revenue"].where(good.index != 3))
    assert_fails("q3_table", {"table38": with_nan}, "revenue 列不对")
    assert_fails("q3_table", {"table38": good.head(13)}, "14 行")
    assert_fails("q3_table", {"table38": good.drop(columns="cum_share")}, "缺少", "cum_share")
    renamed = good.rename(columns={"cum_revenue": "cum_value"})
    assert_fails("q3_table", {"table38": renamed}, "cum_revenue")
    odd_codes = good.assign(customer=[f"客户{c}" for c in SORTED_IDS])
    assert_fails("q3_table", {"table38": odd_codes}, "客户的排列顺序不对")


def test_q4_mistakes(right):
    _, answers, _ = right
    good = answers["tiers"]
    by_share = good.assign(abc_class="A")  # every customer's own share is below 80%
    assert_fails("q4_classes", {"tiers": by_share}, "有客户的类别不对")
    swapped = good.assign(abc_class=[{"A": "B", "B": "A"}.get(k, k) for k in good["abc_class"]])
    assert_fails("q4_classes", {"tiers": swapped}, "有客户的类别不对")
    tie_split_fixed = good.assign(  # customers 10 and 12 both in B because revenue is equal
        abc_class=["B" if c in (10, 12) else k for c, k in zip(good["customer"], good["abc_class"])]
    )
    assert_fails("q4_classes", {"tiers": tie_split_fixed}, "有客户的类别不对")
    lower = good.assign(abc_class=good["abc_class"].str.lower())
    assert_fails("q4_classes", {"tiers": lower}, "有客户的类别不对")
    with_word = good.assign(abc_class=good["abc_class"] + "类")
    assert_fails("q4_classes", {"tiers": with_word}, "有客户的类别不对")
    # strict like the public check: a space is part of the text
    spaced = good.assign(abc_class=[f" {k} " for k in good["abc_class"]])
    assert_fails("q4_classes", {"tiers": spaced}, "有客户的类别不对")
    duplicated = good.assign(customer=[4, *SORTED_IDS[:-1]])
    assert_fails("q4_classes", {"tiers": duplicated}, "有客户的类别不对")
    assert_fails("q4_classes", {"tiers": good.iloc[:10]}, "14 行")
    assert_fails("q4_classes", {"tiers": good.assign(customer=np.inf)}, "有客户的类别不对")
    assert_fails("q4_classes", {"tiers": good.drop(columns="abc_class")}, "缺少", "abc_class")


def test_q5_wrong_figures(right):
    ns, _, _ = right
    t = ns["table38"]
    cum = t["cum_share"].to_numpy()
    codes = t["customer"].astype(str).tolist()
    df = pd.read_csv(DATA)

    def unsorted_order(ax):  # the codes as numbers on x: the points are out of order
        ax.plot(t["customer"], cum * 100, marker="o")
        ax.set_xticks(t["customer"], codes)

    def missing_labels(ax):  # the right curve, but the default 0, 2, 4 ... tick labels
        ax.plot(range(14), cum * 100)

    def codes_unsorted(ax):  # labels in the order of table 3-7
        ax.plot(range(14), cum * 100)
        ax.set_xticks(range(14), df["customer"].astype(str))

    def ranks(ax):  # 1, 2, 3 ... under the points
        ax.plot(range(14), cum * 100)
        ax.set_xticks(range(14), [str(i + 1) for i in range(14)])

    def own_shares(ax):  # share, not the cumulative share
        ax.plot(range(14), t["share"] * 100)
        ax.set_xticks(range(14), codes)

    def table_order_curve(ax):  # cumulative share summed in the order of table 3-7
        ax.plot(range(14), df["revenue"].cumsum() / df["revenue"].sum())
        ax.set_xticks(range(14), codes)

    def money(ax):
        ax.plot(range(14), t["cum_revenue"])
        ax.set_xticks(range(14), codes)

    def bars_only(ax):
        ax.bar(range(14), cum * 100)
        ax.set_xticks(range(14), codes)

    def right_to_left(ax):
        ax.plot(range(13, -1, -1), cum * 100)
        ax.set_xticks(range(13, -1, -1), codes)

    def labels_on_other_axes(ax):  # the labels sit on a second Axes, not on ax35
        ax.plot(range(14), cum * 100)
        other = ax.figure.add_subplot(2, 1, 2)
        other.set_xticks(range(14), codes)

    for draw in (
        unsorted_order,
        missing_labels,
        codes_unsorted,
        ranks,
        own_shares,
        table_order_curve,
        money,
        bars_only,
        right_to_left,
        labels_on_other_axes,
    ):
        message = assert_fails("q5_figure", {"ax35": figure(draw)}, "累计占比折线")
        assert draw.__name__ and message


def test_q5_wrong_kinds():
    assert_fails("q5_figure", {"ax35": "图 3-5"}, "不是 matplotlib 的坐标轴")
    assert_fails("q5_figure", {"ax35": [1, 2, 3]}, "不是 matplotlib 的坐标轴")
    assert_fails("q5_figure", {"ax35": FigureData([])}, "累计占比折线")
    # a whole Figure (not an Axes) cannot be exported: it arrives as unreadable
    fig, _ = plt.subplots()
    value = export({"ax35": fig}, ["ax35"])["ax35"]
    assert isinstance(value, Unreadable)
    assert_fails("q5_figure", {"ax35": value}, "无法读取")


def test_q6_mistakes(right):
    _, answers, _ = right
    good = answers["table39"]

    def changed(**cols):
        t = good.copy()
        for col, values in cols.items():
            t[col] = values
        return t

    cases = [
        (changed(每年拜访次数=[12, 12, 1]), "每年拜访次数"),
        (changed(年交易次数下限=[24, 12, -1]), "年交易次数下限"),
        (changed(年均交易额下限=[0, 40, 110]), "年均交易额下限"),
        (changed(年均交易额下限=[130, 40, 0]), "A 类的年均交易额下限"),
        (changed(年均交易额下限=[100, 40, 0]), "A 类的年均交易额下限"),
        # B's limit: at most 50 (customers 7 and 8), above 20 (customers 9 and 14)
        (changed(年均交易额下限=[110, 51, 0]), "B 类的年均交易额下限太高"),
        (changed(年均交易额下限=[110, 20, 0]), "B 类的年均交易额下限太低"),
        (changed(每年电话联系次数=[400, 12, 4]), "电话次数不合理"),
        (changed(每年拜访次数=[60, 4, 1]), "拜访次数不合理"),
        # the textbook: class C too is called and visited every few months
        (changed(每年拜访次数=[12, 4, 0]), "C 类客户每年也要"),
        (changed(每年电话联系次数=[52, 12, 0]), "C 类客户每年也要"),
        (changed(专人跟进=["是", "否", "否"]), "True 或 False"),
        (changed(专人跟进=[1, 0, 0]), "True 或 False"),
        (changed(专人跟进=[False, False, False]), "A 类客户应该安排专人跟进"),
        (changed(每年电话联系次数=["每周一次", "每月一次", "每季度一次"]), "应该填数"),
        (good.set_axis(["a", "b", "c"]), "行标签"),
        (good.iloc[[2, 1, 0]], "行标签"),
        (good.reset_index(names="类别"), "行标签"),
        (good.drop(columns="专人跟进"), "缺少"),
    ]
    for table, needle in cases:
        assert_fails("q6_table39", {"table39": table}, needle)


# ---------------------------------------------------------------------------------------------
# the by-hand rule on its own


def test_by_hand_rule(right):
    _, answers, sources = right
    assert_passes("q3_table", answers, sources)

    def with_source(cell, code):
        return sources | {cell: code}

    crmlab_table = 'table38 = cl.abc_analysis(df, value="revenue", customer="customer")'
    for test in ("q3_table", "q4_classes", "q5_figure"):
        assert_fails(
            test, answers, BY_HAND, "abc_analysis", sources=with_source("a3_table", crmlab_table)
        )
    assert_fails(
        "q3_table",
        answers,
        "abc_summary",
        sources=with_source("a2_total", "total_revenue = cl.abc_summary(t)['value'].sum()"),
    )
    assert_fails(
        "q4_classes",
        answers,
        "abc_display",
        sources=with_source("a4_classes", "tiers = cl.abc_display(table38)"),
    )
    assert_fails(
        "q5_figure",
        answers,
        "plot_pareto",
        sources=with_source("a5_figure", "ax35 = cl.plot_pareto(table38)"),
    )
    # a cell the student added counts as well; getattr can hide any name
    assert_fails(
        "q4_classes",
        answers,
        BY_HAND,
        sources=sources,
        added=["from crmlab import abc_analysis as f"],
    )
    hidden_call = "ax35 = getattr(cl, 'plot_' + 'pareto')(table38)"
    assert_fails("q5_figure", answers, "getattr", sources=with_source("a5_figure", hidden_call))
    # plot_pareto is allowed in table exercises, comments and strings never count
    assert_passes(
        "q3_table",
        answers,
        with_source(
            "a3_table", sources["a3_table"] + "\n# not cl.abc_analysis(df)\nx = 'abc_summary'"
        ),
    )
    assert_passes(
        "q4_classes", answers, with_source("a4_classes", sources["a4_classes"] + "\ncl.plot_pareto")
    )
    # another lesson cell (not an answer cell of these exercises) is not looked at
    assert_passes("q5_figure", answers, with_source("a6_table39", "cl.plot_pareto(abc_table)"))


# ---------------------------------------------------------------------------------------------
# missing and unreadable answers


def test_missing_variables_fail_with_a_message():
    results = grade({})
    assert failed(results) == set(TESTS)
    for test, name in ((t, n) for n, t in VARIABLES.items()):
        assert "没有找到变量" in results[test]["message"] and name in results[test]["message"]
        assert "error" not in results[test]


def test_decoded_missing_and_unreadable_answers():
    answers = decode('{"table38": {"kind": "unreadable", "type": "DataFrame"}}', NAMES)
    results = grade(answers)
    assert failed(results) == set(TESTS)
    assert "无法读取" in results["q3_table"]["message"]
    assert "没有找到变量" in results["q1_indicator"]["message"]


def test_wrong_types_fail_with_a_message():
    text = dict.fromkeys(NAMES, "abc")
    for test in TESTS:
        assert_fails(test, text)
    wrong_columns = pd.DataFrame({"客户": [1, 2], "收入": [3.0, 4.0]})
    frames = dict.fromkeys(NAMES, wrong_columns)
    for test in TESTS:
        assert_fails(test, frames)
    fourteen = pd.DataFrame({"a": range(14), "b": range(14)})
    assert_fails("q3_table", {"table38": fourteen}, "缺少")
    assert_fails("q4_classes", {"tiers": fourteen}, "缺少")
    series = pd.Series(range(14), name="table38")
    assert_fails("q3_table", {"table38": series}, "14 行的表")
    assert_fails("q6_table39", {"table39": None}, "一张表")
