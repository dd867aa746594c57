"""Interactive widgets for the lessons, with a static fallback that never blocks grading.

A lesson widget is a *render function* plus a few *controls*::

    from crmlab.feedback.widgets import Choice, Slider, interact

    def render(customer, change):
        ...                      # return a DataFrame, a figure, a string, or a list of them
    interact(render, title="...", customer=Choice("客户", [1, 2, 3], 1),
             change=Slider("改动（万元）", -100, 100, 0, step=10))

In a live Jupyter kernel :func:`interact` shows ipywidgets controls above an Output area that
is redrawn whenever a control changes. In *static mode* it creates no widget at all: it calls
``render`` once with the controls' default values and displays the result (a table or a figure),
so nothing waits on a comm. Static mode is on when

* ``NBGRADER_EXECUTION`` is set (nbgrader autograde/validate), or
* ``CRMLAB_STATIC_WIDGETS=1`` (the course build and the notebook tests set it), or
* no IPython kernel is running (plain Python, a terminal IPython).

Widgets belong in ungraded cells only. Each lesson's widgets live with its course code,
``crmcourse/l04_pyramid/widgets.py`` and so on.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "STATIC_NOTE",
    "Choice",
    "LiveWidget",
    "Number",
    "Slider",
    "Toggle",
    "build_live",
    "interact",
    "show",
    "static_mode",
]

STATIC_NOTE = (
    "（静态预览 (static preview)：这里显示的是默认设置下的结果。"
    "在 JupyterLab 里运行这个单元格，就能用控件 (widget) 改变设置。）"
)




def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def static_mode() -> bool:
    """True when widgets must fall back to a static table or figure."""
    if os.environ.get("NBGRADER_EXECUTION"):
        return True
    if _truthy(os.environ.get("CRMLAB_STATIC_WIDGETS")):
        return True
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with jupyterlab
        return True
    shell = get_ipython()
    return shell is None or getattr(shell, "kernel", None) is None


# --------------------------------------------------------------------------------------------
# controls: plain descriptions, turned into ipywidgets only in live mode

_STYLE = {"description_width": "initial"}


@dataclass
class Slider:
    """A slider from ``min`` to ``max``; floats give a FloatSlider."""

    label: str
    min: float
    max: float
    value: float
    step: float = 1

    def make(self):
        import ipywidgets as w

        cls = w.IntSlider
        if any(isinstance(x, float) for x in (self.min, self.max, self.value, self.step)):
            cls = w.FloatSlider
        return cls(
            value=self.value,
            min=self.min,
            max=self.max,
            step=self.step,
            description=self.label,
            style=_STYLE,
            continuous_update=False,
            # Long Chinese labels would squeeze the track to a few pixels at the default width.
            layout=w.Layout(width="100%", max_width="620px"),
        )


@dataclass
class Number:
    """A box to type a number into."""

    label: str
    value: float

    def make(self):
        import ipywidgets as w

        cls = w.FloatText if isinstance(self.value, float) else w.IntText
        return cls(value=self.value, description=self.label, style=_STYLE)


@dataclass
class Choice:
    """A drop-down list; ``options`` is a sequence of values or a mapping label -> value."""

    label: str
    options: Sequence[Any] | Mapping[str, Any]
    value: Any

    def make(self):
        import ipywidgets as w

        opts = (
            list(self.options.items()) if isinstance(self.options, Mapping) else list(self.options)
        )
        return w.Dropdown(options=opts, value=self.value, description=self.label, style=_STYLE)


@dataclass
class Toggle:
    """A check box."""

    label: str
    value: bool = False

    def make(self):
        import ipywidgets as w

        return w.Checkbox(value=self.value, description=self.label, style=_STYLE, indent=False)


# --------------------------------------------------------------------------------------------
# showing results


def _display(obj: Any) -> None:
    from IPython.display import display

    display(obj)


def show(result: Any) -> None:
    """Display what a render function returned: text, tables, figures, or a list of them."""
    if result is None:
        return
    if isinstance(result, (list, tuple)):
        for item in result:
            show(item)
        return
    if isinstance(result, str):
        print(result)
        return
    try:
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        Figure = ()
    if isinstance(result, Figure):
        import matplotlib.pyplot as plt

        _display(result)
        plt.close(result)
        return
    _display(result)


@dataclass
class LiveWidget:
    """The pieces of a live widget: the controls, the output area and the whole box."""

    render: Callable[..., Any]
    controls: dict[str, Any]
    output: Any
    box: Any
    renders: int = field(default=0)

    def values(self) -> dict[str, Any]:
        return {name: c.value for name, c in self.controls.items()}

    def update(self, change: Any = None) -> None:
        """Redraw the output with the controls' current values."""
        with self.output:
            self.output.clear_output(wait=True)
            show(self.render(**self.values()))
        self.renders += 1


def build_live(render: Callable[..., Any], controls: Mapping[str, Any], title: str | None = None):
    """Create the ipywidgets controls and the Output area; redraw on every change."""
    import ipywidgets as w

    made = {name: spec.make() for name, spec in controls.items()}
    output = w.Output()
    children = [w.HTML(f"<b>{title}</b>")] if title else []
    box = w.VBox([*children, *made.values(), output])
    live = LiveWidget(render=render, controls=made, output=output, box=box)
    for control in made.values():
        control.observe(live.update, names="value")
    live.update()
    return live


def interact(render: Callable[..., Any], *, title: str | None = None, **controls: Any) -> None:
    """Show ``render`` with controls (live) or once with the defaults (static mode)."""
    if static_mode():
        if title:
            print(f"【{title}】")
        print(STATIC_NOTE)
        show(render(**{name: spec.value for name, spec in controls.items()}))
        return
    live = build_live(render, controls, title)
    _display(live.box)
