"""Answers out of a student's kernel, in safe data formats only.

After a submission has run in its sandbox, :func:`export_expression` is evaluated in the same
kernel. It returns the answer variables that the lesson's hidden tests declare as one JSON text:
JSON for numbers, text, lists, sets and dictionaries, Parquet (base64) for tables,
and plain data (tick labels, line and bar data, titles) for a matplotlib figure. Never pickle:
loading a pickle runs code.

Everything in that message is written by code the student controlled, so :func:`decode` treats it
as hostile data: sizes are capped, only the known shapes are accepted, and anything else becomes
:class:`Unreadable` (which a hidden test reports as a wrong answer, never as a crash).
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass, field
from typing import Any

#: At most this many bytes of exported answers are read (all variables together).
MAX_EXPORT_BYTES = 24 * 1024 * 1024
#: At most this many bytes of one table.
MAX_TABLE_BYTES = 16 * 1024 * 1024
#: Nesting depth and item count for JSON values.
MAX_DEPTH = 8
MAX_ITEMS = 200_000

_KERNEL_CODE = r'''
def __crmlab_export(names):
    import base64 as b64, builtins as bi, io, json, math, sys
    out = {}

    def plain(v, depth=0):
        if depth > 8:
            raise ValueError("too deep")
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, int):
            return v
        if isinstance(v, float):
            return v if math.isfinite(v) else {"__float__": repr(v)}
        mod = type(v).__module__
        if mod == "numpy" or mod.startswith("numpy."):
            if hasattr(v, "tolist"):
                return plain(v.tolist(), depth + 1)
        if mod.startswith("pandas") and type(v).__name__ in ("Timestamp", "Timedelta"):
            return {"__" + type(v).__name__.lower() + "__": str(v)}
        if mod == "datetime":
            return {"__timestamp__": v.isoformat()}
        if isinstance(v, (set, frozenset)):
            return {"__set__": [plain(x, depth + 1) for x in v]}
        if isinstance(v, (list, tuple)):
            return [plain(x, depth + 1) for x in v]
        if isinstance(v, dict):
            return {"__dict__": [[plain(k, depth + 1), plain(x, depth + 1)] for k, x in v.items()]}
        raise TypeError(type(v).__name__)

    def table(df):
        df = df.copy(deep=False)
        df.attrs = {}  # metadata such as rfm_table's as_of date is not part of the answer
        for axis in ("columns", "index"):
            labels = getattr(df, axis)
            if type(labels).__name__ == "CategoricalIndex":
                setattr(df, axis, labels.astype(object))
        buf = io.BytesIO()
        df.to_parquet(buf, index=True)
        return b64.b64encode(buf.getvalue()).decode("ascii")

    def figure(ax):
        import warnings
        fig = ax.figure
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig.canvas.draw()
        axes = []
        for a in fig.axes:
            axes.append({
                "is_given": a is ax,
                "title": a.get_title(), "xlabel": a.get_xlabel(), "ylabel": a.get_ylabel(),
                "xticks": [float(t) for t in a.get_xticks()],
                "xticklabels": [t.get_text() for t in a.get_xticklabels()],
                "yticks": [float(t) for t in a.get_yticks()],
                "yticklabels": [t.get_text() for t in a.get_yticklabels()],
                "ylim": [float(x) for x in a.get_ylim()],
                "lines": [{"x": [float(x) for x in ln.get_xdata(orig=False)],
                           "y": [float(y) for y in ln.get_ydata(orig=False)]}
                          for ln in a.get_lines()],
                "bars": [{"x": float(p.get_x()), "width": float(p.get_width()),
                          "y": float(p.get_y()), "height": float(p.get_height())}
                         for p in a.patches if type(p).__name__ == "Rectangle"],
                "texts": [t.get_text() for t in a.texts],
            })
        return axes

    ns = __import__("IPython").get_ipython().user_ns
    for name in names:
        if name not in ns:
            out[name] = {"kind": "missing"}
            continue
        v = ns[name]
        kind = type(v).__name__
        try:
            mod = type(v).__module__
            if mod.startswith("pandas") and kind == "DataFrame":
                out[name] = {"kind": "table", "parquet": table(v)}
            elif mod.startswith("pandas") and kind == "Series":
                frame = v.to_frame(name="__value__")
                out[name] = {"kind": "series", "name": plain(v.name), "parquet": table(frame)}
            elif mod.startswith("matplotlib") and hasattr(v, "get_xticklabels"):
                out[name] = {"kind": "figure", "axes": figure(v)}
            else:
                out[name] = {"kind": "value", "value": plain(v)}
        except Exception as err:  # the hidden tests report it as an unreadable answer
            out[name] = {"kind": "unreadable", "type": kind, "reason": type(err).__name__}
    return json.dumps(out)
'''


def export_expression(names: list[str]) -> str:
    """One Python expression that, evaluated in the student's kernel as a *user expression* of
    an empty execute request, returns the answers ``names`` as a JSON string.

    User expressions are evaluated directly in the user's namespace: IPython's input and AST
    transformers (which a student can install to rewrite or empty every later cell) never see
    this code."""
    safe = [n for n in names if n.isidentifier()]
    code = _KERNEL_CODE + f"\n__crmlab_result = __crmlab_export({safe!r})\n"
    return (
        f"(lambda d: (exec(compile({code!r}, '<crmlab-export>', 'exec'), d), "
        f"d['__crmlab_result'])[1])({{}})"
    )


@dataclass(frozen=True)
class Missing:
    """The variable was not defined in the student's notebook."""

    name: str


@dataclass(frozen=True)
class Unreadable:
    """The variable exists but could not be exported or read back (its type, and why)."""

    name: str
    type: str = ""
    reason: str = ""


@dataclass
class FigureData:
    """What a hidden test may read of a matplotlib figure: one dict per Axes of the figure."""

    axes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def given(self) -> dict[str, Any]:
        """The Axes the student stored in the variable."""
        return next((a for a in self.axes if a.get("is_given")), self.axes[0] if self.axes else {})


class _Limit(ValueError):
    pass


def _count(value: Any, depth: int = 0, budget: list[int] | None = None) -> None:
    budget = budget if budget is not None else [MAX_ITEMS]
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH + 2:
        raise _Limit("too large")
    if isinstance(value, list):
        for item in value:
            _count(item, depth + 1, budget)
    elif isinstance(value, dict):
        for item in value.values():
            _count(item, depth + 1, budget)


def _plain(value: Any, depth: int = 0) -> Any:
    """JSON as the kernel wrote it back into Python values (sets, tuples of dicts...)."""
    if depth > MAX_DEPTH + 2:
        raise _Limit("too deep")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, list):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict) and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "__set__" and isinstance(inner, list):
            items = [_plain(v, depth + 1) for v in inner]
            try:
                return frozenset(items)
            except TypeError:
                raise _Limit("unhashable set item") from None
        if tag == "__dict__" and isinstance(inner, list):
            out = {}
            for pair in inner:
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise _Limit("bad dict")
                key = _plain(pair[0], depth + 1)
                try:
                    out[key] = _plain(pair[1], depth + 1)
                except TypeError:
                    raise _Limit("unhashable key") from None
            return out
        if tag == "__float__" and inner in ("nan", "inf", "-inf"):
            return float(inner)
        if tag in ("__timestamp__", "__timedelta__") and isinstance(inner, str) and len(inner) < 64:
            import pandas as pd

            return pd.Timestamp(inner) if tag == "__timestamp__" else pd.Timedelta(inner)
    raise _Limit("unknown value")


def _read_table(encoded: Any):
    import pandas as pd

    if not isinstance(encoded, str) or len(encoded) > MAX_TABLE_BYTES * 4 // 3 + 4:
        raise _Limit("table too large")
    raw = base64.b64decode(encoded, validate=True)
    try:
        return pd.read_parquet(io.BytesIO(raw))
    except (TypeError, ValueError):  # pandas metadata it cannot restore: read the plain data
        import pyarrow.parquet as pq

        return pq.read_table(io.BytesIO(raw)).to_pandas(ignore_metadata=True)


def _figure(axes: Any) -> FigureData:
    if not isinstance(axes, list) or len(axes) > 20:
        raise _Limit("bad figure")
    clean = []
    for a in axes:
        if not isinstance(a, dict):
            raise _Limit("bad axes")
        entry: dict[str, Any] = {"is_given": a.get("is_given") is True}
        for key in ("title", "xlabel", "ylabel"):
            entry[key] = a.get(key) if isinstance(a.get(key), str) else ""
        for key in ("xticks", "yticks", "ylim"):
            entry[key] = [float(x) for x in a.get(key, []) if isinstance(x, (int, float))]
        for key in ("xticklabels", "yticklabels", "texts"):
            entry[key] = [x for x in a.get(key, []) if isinstance(x, str)]
        entry["lines"] = [
            {
                "x": [float(v) for v in ln.get("x", []) if isinstance(v, (int, float))],
                "y": [float(v) for v in ln.get("y", []) if isinstance(v, (int, float))],
            }
            for ln in a.get("lines", [])
            if isinstance(ln, dict)
        ]
        entry["bars"] = [
            {k: float(b[k]) for k in ("x", "width", "y", "height") if isinstance(b.get(k), (int, float))}
            for b in a.get("bars", [])
            if isinstance(b, dict)
        ]
        clean.append(entry)
    return FigureData(clean)


def decode(payload: Any, names: list[str]) -> dict[str, Any]:
    """Turn the exported JSON text into Python values; anything odd becomes :class:`Unreadable`.

    A name the payload does not mention is :class:`Missing`. Never raises on bad input.
    """
    answers: dict[str, Any] = {name: Missing(name) for name in names}
    if not isinstance(payload, str) or len(payload) > MAX_EXPORT_BYTES:
        return {name: Unreadable(name, reason="export missing or too large") for name in names}
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):
        return {name: Unreadable(name, reason="export is not JSON") for name in names}
    if not isinstance(data, dict):
        return {name: Unreadable(name, reason="export is not a mapping") for name in names}
    for name in names:
        entry = data.get(name)
        if not isinstance(entry, dict):
            continue
        kind = entry.get("kind")
        try:
            if kind == "missing":
                answers[name] = Missing(name)
            elif kind == "value":
                _count(entry.get("value"))
                answers[name] = _plain(entry.get("value"))
            elif kind == "table":
                answers[name] = _read_table(entry.get("parquet"))
            elif kind == "series":
                frame = _read_table(entry.get("parquet"))
                if list(frame.columns) != ["__value__"]:
                    raise _Limit("bad series")
                series = frame["__value__"]
                name_value = entry.get("name")
                series.name = name_value if isinstance(name_value, (str, int, float)) else None
                answers[name] = series
            elif kind == "figure":
                answers[name] = _figure(entry.get("axes"))
            elif kind == "unreadable":
                kind_name = entry.get("type")
                answers[name] = Unreadable(
                    name, type=kind_name[:60] if isinstance(kind_name, str) else ""
                )
            else:
                answers[name] = Unreadable(name, reason="unknown kind")
        except Exception:  # noqa: BLE001 - hostile data: every failure is an unreadable answer
            answers[name] = Unreadable(name, reason="could not be read back")
    return answers

