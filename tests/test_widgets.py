"""crmlab.feedback.widgets: static mode never creates a widget; live mode redraws on change."""

from __future__ import annotations

import types

import IPython
import pandas as pd
import pytest

from crmcourse.l00_intro import widgets as l00_widgets
from crmlab.feedback import widgets
from crmlab.feedback.widgets import Choice, Number, Slider, Toggle

REVENUE = [590, 140, 100, 740, 120, 68, 50, 50, 20, 40, 12, 40, 10, 20]


@pytest.fixture
def no_flags(monkeypatch):
    monkeypatch.delenv("CRMLAB_STATIC_WIDGETS", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture
def fake_kernel(monkeypatch, no_flags):
    shell = types.SimpleNamespace(kernel=object())
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    return shell


@pytest.fixture
def shown(monkeypatch):
    items = []
    monkeypatch.setattr(widgets, "_display", items.append)
    return items


def test_static_mode_switches(monkeypatch, fake_kernel):
    assert widgets.static_mode() is False  # a kernel and no flags: live
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert widgets.static_mode() is True
    monkeypatch.delenv("NBGRADER_EXECUTION")
    monkeypatch.setenv("CRMLAB_STATIC_WIDGETS", "1")
    assert widgets.static_mode() is True
    monkeypatch.setenv("CRMLAB_STATIC_WIDGETS", "0")
    assert widgets.static_mode() is False


def test_static_mode_without_a_kernel(monkeypatch, no_flags):
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert widgets.static_mode() is True
    terminal = types.SimpleNamespace()  # an IPython shell without a kernel (terminal IPython)
    monkeypatch.setattr(IPython, "get_ipython", lambda: terminal)
    assert widgets.static_mode() is True


def _no_widgets(monkeypatch):
    def refuse(self):
        raise AssertionError("a widget was created in static mode")

    for cls in (Slider, Number, Choice, Toggle):
        monkeypatch.setattr(cls, "make", refuse)


def test_static_interact_renders_the_defaults_once_and_creates_no_widget(
    monkeypatch, shown, capsys
):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    _no_widgets(monkeypatch)
    calls = []

    def render(n, label, flag, k):
        calls.append((n, label, flag, k))
        return ["一行说明", pd.DataFrame({"n": [n]})]

    widgets.interact(
        render,
        title="标题",
        n=Slider("数", 0, 10, 3),
        label=Choice("选项", {"甲": "a", "乙": "b"}, "b"),
        flag=Toggle("开关", True),
        k=Number("个数", 7),
    )
    assert calls == [(3, "b", True, 7)]
    out = capsys.readouterr()
    assert "【标题】" in out.out and widgets.STATIC_NOTE in out.out and "一行说明" in out.out
    assert out.err == ""
    assert len(shown) == 1 and shown[0]["n"].tolist() == [3]


def test_static_figures_are_shown_and_closed(monkeypatch, shown):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.setenv("CRMLAB_STATIC_WIDGETS", "1")

    def render(x):
        fig, ax = plt.subplots()
        ax.bar([1, 2], [x, 1])
        return fig

    before = len(plt.get_fignums())
    widgets.interact(render, x=Slider("x", 0, 5, 2))
    assert len(shown) == 1 and len(plt.get_fignums()) == before


def test_live_widget_redraws_when_a_control_changes(shown):
    calls = []

    def render(customer, change):
        calls.append((customer, change))
        return f"{customer}:{change}"

    live = widgets.build_live(
        render,
        {"customer": Choice("客户", [1, 2, 3], 2), "change": Slider("改动", -10, 10, 0, step=5)},
        title="标题",
    )
    assert calls == [(2, 0)] and live.renders == 1
    live.controls["change"].value = 5
    live.controls["customer"].value = 3
    assert calls == [(2, 0), (2, 5), (3, 5)] and live.renders == 3
    import ipywidgets

    assert isinstance(live.box, ipywidgets.VBox)
    assert isinstance(live.controls["change"], ipywidgets.IntSlider)
    assert isinstance(Slider("x", 0.0, 1.0, 0.5, 0.1).make(), ipywidgets.FloatSlider)


def test_live_interact_displays_the_box(fake_kernel, shown):
    widgets.interact(lambda x: None, x=Slider("x", 0, 5, 1))
    import ipywidgets

    assert len(shown) == 1 and isinstance(shown[0], ipywidgets.VBox)


def test_l00_revenue_table_by_hand():
    df = pd.DataFrame({"customer": range(1, 15), "revenue": REVENUE})
    before = df.copy()
    line, table = l00_widgets.revenue_table(df, 3, 150)
    # customer 3: 100 + 150 = 250, behind 740 and 590; total 2000 + 150
    assert "2150 万元" in line and "排第 3 名" in line
    assert table["客户"].tolist()[:4] == [4, 1, 3, 2]
    assert table.loc[2, "说明"] != "" and (table["说明"] != "").sum() == 1
    line, table = l00_widgets.revenue_table(df, 13, -500)  # revenue never below 0
    assert "1990 万元" in line and table["营业收入（万元）"].min() == 0
    assert table.loc[13, "说明"] == "← 改动的客户"
    line, table = l00_widgets.revenue_table(df, 4, 0)  # nothing changed yet
    assert table.loc[0, "说明"].startswith("← 选中的客户") and "改动的客户" not in "".join(
        table["说明"]
    )
    pd.testing.assert_frame_equal(df, before)


def test_l00_explorer_static_fallback(monkeypatch, shown, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    _no_widgets(monkeypatch)
    l00_widgets.revenue_explorer()
    out = capsys.readouterr().out
    assert "2000 万元" in out
    assert "客户 4 现在是 740 万元" in out  # the customer the lesson text talks about
    assert len(shown) == 1 and len(shown[0]) == 14


def test_l07_practice_never_judges_a_graded_quiz_question(monkeypatch, capsys):
    """Lesson 07: the practice widget has practice questions of its own; the graded quiz
    questions carry no answer, so the widget cannot give right/wrong feedback on them."""
    from crmcourse.l07_review import checks as quiz
    from crmcourse.l07_review import widgets as l07_review

    monkeypatch.setenv("CRMLAB_STATIC_WIDGETS", "1")
    l07_review.practice()
    out = capsys.readouterr().out
    assert all(p.text.replace("**", "") in out for p in l07_review.PRACTICE)
    assert not any(q.text.replace("**", "") in out for q in quiz.QUESTIONS)
    with pytest.raises(TypeError):
        l07_review.PracticeQuiz(quiz.QUESTIONS)
