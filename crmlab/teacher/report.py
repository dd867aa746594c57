"""The class report (``python -m crmlab.teacher report``): what the class got right and wrong.

It reads nbgrader's gradebook (with nbgrader's own ``Gradebook`` API) and the autograded
notebooks, and shows, for each assignment:

* per exercise (graded cell): the pass rate, the mean score, and the check message the students
  who missed it saw most often (read from the error output of the test cell: the hint line of a
  "❌ 公开检查未通过" message, or the "隐藏测试未通过：" line of a hidden test);
* the score distribution of the class;
* the students who are struggling: below a score threshold (60 % of the autograded points by
  default), with half or more of the autograded exercises at 0, or without a submission;
* the exercises most of the class missed (pass rate below 50 %).

:func:`build_report` collects the numbers; :func:`save_charts` draws them (PNG, Chinese
labels); :func:`write_excel` writes a workbook with a summary sheet and one sheet per
assignment; :func:`write_report` does all three.

Every string the workbook gets is plain text, whoever wrote it (the hints come from the
students' notebooks; ids, names and exercise labels from the gradebook): :func:`_cell_text`
drops the characters a worksheet cannot hold, quotes texts that Excel would read as a formula,
and caps long ones. The charts draw their labels without mathtext or LaTeX, so a "$" cannot
break them.

An autograded exercise counts as passed when it got full marks. A written exercise (graded by
hand) counts as passed with at least 60 % of its points; until the teacher grades it, it
counts as "待批改" (to be graded) and is left out of its pass rate.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..feedback.checks import FAIL_MARK

__all__ = [
    "UNANSWERED",
    "ClassReport",
    "LessonReport",
    "build_report",
    "cell_message",
    "save_charts",
    "write_excel",
    "write_report",
]

HIDDEN_MARK = "隐藏测试未通过"
HINT_PREFIX = "提示 (hint)："
PROBLEM_PREFIX = "问题："
UNANSWERED = "未作答（变量不存在：答案单元格没写或没运行）"
STDERR_NOTE = "单元格向标准错误 (stderr) 输出了内容（nbgrader 因此记 0 分）"

#: Column names of the tables (Chinese, as they appear in the workbook).
EXERCISE_COLUMNS = [
    "题目", "类型", "分值", "提交人数", "已评分人数", "通过人数", "通过率", "平均得分",
    "平均得分率", "待批改人数", "未作答人数", "最常见的提示", "看到这条提示的人数",
]
AUTO, MANUAL = "自动评分", "人工批改"


@dataclass
class LessonReport:
    """The numbers of one assignment."""

    assignment: str
    exercises: pd.DataFrame  # one row per graded cell, EXERCISE_COLUMNS
    students: pd.DataFrame  # one row per student of the gradebook
    total_points: float
    auto_points: float

    @property
    def submitted(self) -> pd.DataFrame:
        return self.students[self.students["已提交"]]


@dataclass
class ClassReport:
    """The numbers of several assignments, plus the class-wide tables."""

    lessons: list[LessonReport]
    summary: pd.DataFrame
    struggling: pd.DataFrame
    missed: pd.DataFrame
    threshold: float = 0.6
    missed_below: float = 0.5
    charts: dict[str, Path] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# the check messages in the autograded notebooks


def cell_message(cell) -> str | None:
    """The message a student saw in a graded code cell, shortened to its hint; None if the
    cell ran clean.

    * a public check that failed: the text of its "提示 (hint)：" line, else its "问题：" line,
      or :data:`UNANSWERED` when the answer variable did not exist;
    * a hidden test that failed: the "隐藏测试未通过：……" line;
    * any other error: its name and first line; output on stderr: :data:`STDERR_NOTE`.
    """
    outputs = cell.get("outputs", [])
    errors = [o for o in outputs if o.get("output_type") == "error"]
    if not errors:
        stderr = any(
            o.get("output_type") == "stream" and o.get("name") == "stderr" for o in outputs
        )
        return STDERR_NOTE if stderr else None
    error = errors[-1]
    text = str(error.get("evalue", ""))
    if FAIL_MARK in text or "公开检查未通过" in text:
        if "还没有找到变量" in text:
            return UNANSWERED
        lines = text.splitlines()
        for line in lines:
            if line.startswith(HINT_PREFIX):
                return line[len(HINT_PREFIX):].strip()
        for line in lines:
            if line.startswith(PROBLEM_PREFIX):
                return line.strip()
        return lines[0].strip() if lines else FAIL_MARK
    if HIDDEN_MARK in text:
        if "没有找到变量" in text:
            return UNANSWERED
        lines = text.splitlines()
        for line in lines:
            if line.startswith(HINT_PREFIX):
                return line[len(HINT_PREFIX):].strip()
        line = next(ln for ln in lines if HIDDEN_MARK in ln)
        return line[line.index(HIDDEN_MARK):].strip()
    first = text.strip().splitlines()[0] if text.strip() else ""
    name = str(error.get("ename", "Error"))
    return f"{name}: {first}"[:200] if first else name


def _notebook_messages(path: Path) -> dict[str, str | None]:
    """grade_id -> message of every graded code cell in an autograded notebook."""
    import nbformat

    if not path.exists():
        return {}
    nb = nbformat.read(path, as_version=4)
    out: dict[str, str | None] = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code" and meta.get("grade_id"):
            msg = cell_message(cell)
            # a lone surrogate (possible in JSON) fits neither a pandas string nor XML
            out[meta["grade_id"]] = None if msg is None else _NON_XML_RE.sub("", msg)
    return out


# --------------------------------------------------------------------------------------------
# reading the gradebook


def _cell_order(source: Path) -> list[str]:
    """grade_ids in notebook order, from the teacher notebook (empty if it is missing)."""
    import nbformat

    if not source.exists():
        return []
    nb = nbformat.read(source, as_version=4)
    return [
        c.metadata["nbgrader"]["grade_id"]
        for c in nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade")
    ]


def _name(student) -> str:
    return f"{student.last_name or ''}{student.first_name or ''}".strip()


def _lesson(gb, coursedir, assignment: str, threshold: float) -> LessonReport:
    from nbgrader.api import MissingEntry

    a = gb.find_assignment(assignment)
    cells: list[tuple[str, str, str, float, str]] = []  # (notebook, grade_id, label, max, type)
    many = len(a.notebooks) > 1
    for nb in sorted(a.notebooks, key=lambda n: n.name):
        source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
        order = _cell_order(source / f"{nb.name}.ipynb")
        grade_cells = sorted(
            nb.grade_cells,
            key=lambda g: (order.index(g.name) if g.name in order else len(order), g.name),
        )
        for gc in grade_cells:
            label = f"{nb.name}/{gc.name}" if many else gc.name
            cells.append((nb.name, gc.name, label, float(gc.max_score), gc.cell_type))
    labels = [c[2] for c in cells]
    auto = [c[2] for c in cells if c[4] == "code"]

    rows = []
    messages: dict[str, dict[str, str | None]] = {}  # student -> label -> message
    for student in sorted(gb.students, key=lambda s: s.id):
        row: dict = {"学号": student.id, "姓名": _name(student)}
        try:
            sub = gb.find_submission(assignment, student.id)
        except MissingEntry:
            row["已提交"] = False
            rows.append(row)
            continue
        row["已提交"] = True
        # nbgrader's late-submission plugin records its penalty per notebook
        row["迟交扣分"] = float(sum(snb.late_submission_penalty or 0.0 for snb in sub.notebooks))
        got: dict[str, tuple] = {}
        msgs: dict[str, str | None] = {}
        for snb in sub.notebooks:
            for g in snb.grades:
                label = f"{snb.name}/{g.name}" if many else g.name
                graded = g.manual_score is not None or g.auto_score is not None
                got[label] = (float(g.score or 0.0), graded, bool(g.needs_manual_grade))
            folder = coursedir.format_path(coursedir.autograded_directory, student.id, assignment)
            for gid, msg in _notebook_messages(Path(folder) / f"{snb.name}.ipynb").items():
                msgs[f"{snb.name}/{gid}" if many else gid] = msg
        messages[student.id] = msgs
        for label in labels:
            score, graded, needs = got.get(label, (0.0, False, True))
            row[label] = score
            row[f"_graded:{label}"] = graded and not needs
        rows.append(row)
    students = pd.DataFrame(rows)
    if students.empty:
        students = pd.DataFrame(columns=["学号", "姓名", "已提交"])
    maxima = {c[2]: c[3] for c in cells}
    total_points = float(sum(maxima.values()))
    auto_points = float(sum(maxima[x] for x in auto))
    sub = students[students["已提交"]] if len(students) else students

    # per-student totals
    def _row_totals(r) -> pd.Series:
        if not r["已提交"]:
            return pd.Series({"总分": math.nan, "得分率": math.nan, "自动评分得分率": math.nan,
                              "得0分的题数": math.nan, "待批改题数": math.nan})
        score = max(0.0, sum(r[x] for x in labels) - (r.get("迟交扣分") or 0.0))
        auto_score = sum(r[x] for x in auto)
        return pd.Series({
            "总分": score,
            "得分率": score / total_points if total_points else math.nan,
            "自动评分得分率": auto_score / auto_points if auto_points else math.nan,
            "得0分的题数": float(sum(1 for x in auto if r[x] == 0)),
            "待批改题数": float(sum(1 for x in labels if x not in auto
                                    and not r[f"_graded:{x}"])),
        })

    if len(students):
        students = pd.concat([students, students.apply(_row_totals, axis=1)], axis=1)
        students["满分"] = total_points
        zero_limit = math.ceil(len(auto) / 2) if auto else math.inf

        def _status(r) -> str:
            if not r["已提交"]:
                return "未提交"
            reasons = []
            if r["自动评分得分率"] < threshold:
                reasons.append(f"自动评分得分率低于 {threshold:.0%}")
            if auto and r["得0分的题数"] >= zero_limit:
                reasons.append(f"{int(r['得0分的题数'])} 道自动评分题得 0 分")
            return "；".join(reasons) if reasons else "正常"

        students["状态"] = students.apply(_status, axis=1)

    # per-exercise table
    ex_rows = []
    for _, _, label, points, ctype in cells:
        kind = AUTO if ctype == "code" else MANUAL
        scores = sub[label] if len(sub) else pd.Series(dtype=float)
        if kind == AUTO:
            graded_mask = pd.Series(True, index=scores.index)
            passed_mask = scores >= points - 1e-9
        else:
            graded_mask = sub[f"_graded:{label}"].astype(bool) if len(sub) else scores.astype(bool)
            passed_mask = graded_mask & (scores >= 0.6 * points - 1e-9)
        n_graded = int(graded_mask.sum())
        counts: Counter = Counter()
        unanswered = 0
        if kind == AUTO:
            for sid, ok in zip(sub["学号"], passed_mask):
                if ok:
                    continue
                msg = messages.get(sid, {}).get(label)
                if msg == UNANSWERED:
                    unanswered += 1
                elif msg:
                    counts[msg] += 1
        top, top_n = (counts.most_common(1)[0] if counts else ("", 0))
        ex_rows.append({
            "题目": label,
            "类型": kind,
            "分值": points,
            "提交人数": len(sub),
            "已评分人数": n_graded,
            "通过人数": int(passed_mask.sum()),
            "通过率": (passed_mask.sum() / n_graded) if n_graded else math.nan,
            "平均得分": float(scores[graded_mask].mean()) if n_graded else math.nan,
            "平均得分率": (float(scores[graded_mask].mean()) / points) if n_graded else math.nan,
            "待批改人数": len(sub) - n_graded,
            "未作答人数": unanswered,
            "最常见的提示": top,
            "看到这条提示的人数": top_n,
        })
    exercises = pd.DataFrame(ex_rows, columns=EXERCISE_COLUMNS)
    keep = ["学号", "姓名", "已提交", *labels, "迟交扣分", "总分", "满分", "得分率",
            "自动评分得分率", "得0分的题数", "待批改题数", "状态"]
    students = students[[c for c in keep if c in students.columns]].reset_index(drop=True)
    return LessonReport(assignment, exercises, students, total_points, auto_points)


def _app(course: Path):
    from .grade import _nbgrader_app

    return _nbgrader_app(course)


def _grading_statuses(course: Path, assignment: str) -> list[dict]:
    """The sandboxed grading step's status file of every autograded submission."""
    out = []
    for path in sorted((course / "autograded").glob(f"*/{assignment}/crmlab_grading.json")):
        try:
            status = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            status = {"status": "failed", "isolation": "unknown"}
        out.append(status if isinstance(status, dict) else {})
    return out


def build_report(
    assignments: Sequence[str],
    course: str | Path = ".",
    *,
    threshold: float = 0.6,
    missed_below: float = 0.5,
) -> ClassReport:
    """Collect the report's numbers for ``assignments`` from the course's gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    course = Path(course).resolve()
    app = _app(course)
    cd = app.coursedir
    lessons = []
    with Gradebook(cd.db_url, cd.course_id) as gb:
        for a in assignments:
            try:
                lessons.append(_lesson(gb, cd, a, threshold))
            except MissingEntry:
                raise ValueError(
                    f"成绩库里没有作业 {a} (no such assignment in the gradebook)"
                ) from None

    summary_rows, struggling, missed = [], [], []
    for lesson in lessons:
        s = lesson.submitted
        statuses = _grading_statuses(course, lesson.assignment)
        rate = s["得分率"] if len(s) else pd.Series(dtype=float)
        auto_rate = s["自动评分得分率"] if len(s) else pd.Series(dtype=float)
        flagged = lesson.students[lesson.students.get("状态", pd.Series(dtype=str)) != "正常"]
        summary_rows.append({
            "作业": lesson.assignment,
            "学生人数": len(lesson.students),
            "提交人数": len(s),
            "满分": lesson.total_points,
            "平均分": float(s["总分"].mean()) if len(s) else math.nan,
            "平均得分率": float(rate.mean()) if len(s) else math.nan,
            "中位得分率": float(rate.median()) if len(s) else math.nan,
            "最低得分率": float(rate.min()) if len(s) else math.nan,
            "自动评分平均得分率": float(auto_rate.mean()) if len(s) else math.nan,
            "需要关注的人数": len(flagged),
            "待批改份数": int((s["待批改题数"] > 0).sum()) if len(s) else 0,
            "评分失败份数": sum(1 for st in statuses if st.get("status") == "failed"),
            "没有隔离的评分份数": sum(1 for st in statuses if st.get("isolation") == "none"),
        })
        for _, r in flagged.iterrows():
            struggling.append({
                "学号": r["学号"], "姓名": r["姓名"], "作业": lesson.assignment,
                "总分": r.get("总分"), "满分": lesson.total_points,
                "自动评分得分率": r.get("自动评分得分率"), "得0分的题数": r.get("得0分的题数"),
                "原因": r["状态"],
            })
        for _, e in lesson.exercises.iterrows():
            if e["类型"] == AUTO and e["已评分人数"] and e["通过率"] < missed_below:
                missed.append({
                    "作业": lesson.assignment, "题目": e["题目"], "分值": e["分值"],
                    "通过率": e["通过率"], "没通过人数": e["已评分人数"] - e["通过人数"],
                    "未作答人数": e["未作答人数"], "最常见的提示": e["最常见的提示"],
                    "看到这条提示的人数": e["看到这条提示的人数"],
                })
    struggling_cols = ["学号", "姓名", "作业", "总分", "满分", "自动评分得分率", "得0分的题数",
                       "原因"]
    missed_cols = ["作业", "题目", "分值", "通过率", "没通过人数", "未作答人数", "最常见的提示",
                   "看到这条提示的人数"]
    missed_df = pd.DataFrame(missed, columns=missed_cols)
    if len(missed_df):
        missed_df = missed_df.sort_values("通过率", kind="stable").reset_index(drop=True)
    return ClassReport(
        lessons=lessons,
        summary=pd.DataFrame(summary_rows),
        struggling=pd.DataFrame(struggling, columns=struggling_cols),
        missed=missed_df,
        threshold=threshold,
        missed_below=missed_below,
    )


# --------------------------------------------------------------------------------------------
# plain text for the workbook and the terminal

#: Longest text written into a cell (a hint is one line; Excel itself stops at 32,767).
CELL_TEXT_LIMIT = 2000
#: First characters that make a spreadsheet read a text as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Characters XML cannot hold (lone surrogates, U+FFFE, U+FFFF); openpyxl does not check them.
_NON_XML_RE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _strip_control(text: str) -> str:
    """``text`` without the control characters a worksheet rejects (all of C0 but tab, line
    feed and carriage return) and without characters XML cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return _NON_XML_RE.sub("", ILLEGAL_CHARACTERS_RE.sub("", text))


def _cell_text(value):
    """A value as it may go into a cell: strings become plain text, anything else is kept.

    Control characters are dropped; a text that starts (also after leading white space) with
    ``= + - @``, tab or carriage return, or that reads like an Excel error code such as
    ``#N/A``, gets an apostrophe in front so that it stays text; texts longer than
    :data:`CELL_TEXT_LIMIT` are cut and end in "…". Numbers are left alone.
    """
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ERROR_CODES

    text = _strip_control(value)
    if text.startswith(_FORMULA_STARTS) or text.lstrip().startswith(_FORMULA_STARTS) \
            or text.strip() in ERROR_CODES:
        text = "'" + text
    if len(text) > CELL_TEXT_LIMIT:
        text = text[: CELL_TEXT_LIMIT - 1] + "…"
    return text


# --------------------------------------------------------------------------------------------
# charts


def _short(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _pass_rate_figure(lesson: LessonReport):
    import matplotlib.pyplot as plt

    ex = lesson.exercises
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * max(len(ex), 3) + 1.4))
    labels = [f"{r['题目']}（{r['分值']:g} 分，{r['类型']}）" for _, r in ex.iterrows()]
    rates = (ex["通过率"].fillna(0) * 100).tolist()
    colors = ["#d62728" if r < 50 else "#1f77b4" for r in rates]
    y = list(range(len(ex)))[::-1]
    ax.barh(y, rates, color=colors)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 110)
    ax.set_xlabel("通过率（%）")
    ax.set_title(f"{lesson.assignment}：各题通过率（提交 {len(lesson.submitted)} 人）")
    for yi, r, (_, row) in zip(y, rates, ex.iterrows()):
        text = "" if math.isnan(row["通过率"]) else f"{r:.0f}%"
        if row["待批改人数"]:
            text += f"{'，' if text else ''}{int(row['待批改人数'])} 人待批改"
        ax.text(min(r, 100) + 1.5, yi, text, va="center", fontsize=9)
    ax.axvline(50, color="grey", linestyle="--", linewidth=1)
    fig.tight_layout()
    return fig


def _score_figure(lesson: LessonReport, threshold: float):
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(7.5, 4))
    rates = (lesson.submitted["得分率"].dropna() * 100).to_numpy()
    bins = np.arange(0, 110, 10)
    ax.hist(np.clip(rates, 0, 100), bins=bins, color="#1f77b4", edgecolor="white")
    top = max(ax.get_ylim()[1], 1) * 1.18
    ax.set_ylim(0, top)
    ax.axvline(threshold * 100, color="#d62728", linestyle="--", linewidth=1.2)
    ax.text(threshold * 100 + 1, top * 0.97, f"{threshold:.0%} 线", color="#d62728",
            va="top", fontsize=9)
    ax.set_xticks(bins)
    ax.set_xlabel("得分率（%，总分 ÷ 满分）")
    ax.set_ylabel("学生人数")
    ax.yaxis.get_major_locator().set_params(integer=True)
    mean = f"，平均 {rates.mean():.0f}%" if rates.size else ""
    ax.set_title(f"{lesson.assignment}：成绩分布（{rates.size} 人{mean}）")
    fig.tight_layout()
    return fig


def _summary_figure(report: ClassReport):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(max(6.0, 1.1 * len(report.lessons) + 3), 4.2))
    data = [(lesson.submitted["得分率"].dropna() * 100).tolist() for lesson in report.lessons]
    names = [lesson.assignment for lesson in report.lessons]
    positions = list(range(1, len(data) + 1))
    shown = [(p, d) for p, d in zip(positions, data) if d]
    if shown:
        ax.boxplot([d for _, d in shown], positions=[p for p, _ in shown], widths=0.5)
    ax.set_xticks(positions, names, rotation=20 if len(names) > 4 else 0)
    ax.axhline(report.threshold * 100, color="#d62728", linestyle="--", linewidth=1,
               label=f"{report.threshold:.0%} 线")
    ax.set_ylim(-5, 105)
    ax.set_ylabel("得分率（%）")
    ax.set_title("各课成绩分布（箱线图：中间的线是中位数）")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def save_charts(report: ClassReport, folder: str | Path) -> dict[str, Path]:
    """Draw the charts into ``folder`` as PNG; returns name -> path (also kept in the report).

    Names: ``summary``, ``pass_rates_<assignment>``, ``scores_<assignment>``.
    """
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..fonts import use_chinese_font

    use_chinese_font()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    # labels come from the gradebook: draw them as they are, never as mathtext ("$...$") or
    # LaTeX (tick labels are made again when the figure is drawn, so saving is inside too)
    with plt.rc_context({"text.parse_math": False, "text.usetex": False}):
        figures = {"summary": _summary_figure(report)}
        for lesson in report.lessons:
            figures[f"pass_rates_{lesson.assignment}"] = _pass_rate_figure(lesson)
            figures[f"scores_{lesson.assignment}"] = _score_figure(lesson, report.threshold)
        for name, fig in figures.items():
            path = folder / f"{name}.png"
            try:
                fig.savefig(path, dpi=110)
            finally:
                plt.close(fig)
            paths[name] = path
    report.charts = paths
    return paths


# --------------------------------------------------------------------------------------------
# Excel


_PERCENT = {"通过率", "平均得分率", "得分率", "自动评分得分率", "中位得分率", "最低得分率",
            "自动评分平均得分率"}
_DECIMAL = {"平均分", "平均得分", "总分", "满分", "分值"}


def _write_table(ws, top: int, title: str, df: pd.DataFrame, note: str = "") -> int:
    """Write a titled table at row ``top``; return the first free row after it. Every value
    goes through :func:`_cell_text`."""
    ws.cell(row=top, column=1, value=_cell_text(title))
    row = top + 1
    if note:
        ws.cell(row=row, column=1, value=_cell_text(note))
        row += 1
    for j, col in enumerate(df.columns, start=1):
        ws.cell(row=row, column=j, value=_cell_text(str(col)))
    for i, (_, r) in enumerate(df.iterrows(), start=1):
        for j, col in enumerate(df.columns, start=1):
            value = r[col]
            if isinstance(value, float) and math.isnan(value):
                value = None
            elif hasattr(value, "item"):
                value = value.item()
            if isinstance(value, bool):
                value = "是" if value else "否"
            cell = ws.cell(row=row + i, column=j, value=_cell_text(value))
            if col in _PERCENT:
                cell.number_format = "0.0%"
            elif col in _DECIMAL or re.fullmatch(r"[A-Za-z0-9_\-/]+", str(col)):
                cell.number_format = "0.##"
    if df.empty:
        ws.cell(row=row + 1, column=1, value="（无）")
        return row + 3
    return row + len(df) + 2


def _widths(ws) -> None:
    for column in ws.columns:
        letter = column[0].column_letter
        longest = 0
        for cell in column:
            if cell.value is None:
                continue
            text = str(cell.value)
            if len(text) > 60:  # long notes and titles may overflow into empty cells
                continue
            longest = max(longest, sum(2 if ord(ch) > 0x2E80 else 1 for ch in text))
        ws.column_dimensions[letter].width = min(max(8, longest + 2), 60)


def _add_image(ws, path: Path | None, anchor: str) -> None:
    if path is None or not Path(path).exists():
        return
    from openpyxl.drawing.image import Image

    image = Image(str(path))
    image.width, image.height = image.width * 0.75, image.height * 0.75
    ws.add_image(image, anchor)


def write_excel(report: ClassReport, path: str | Path) -> Path:
    """A workbook: sheet 汇总 (summary) first, then one sheet per assignment."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    row = _write_table(ws, 1, "【各课概况】", report.summary)
    row = _write_table(
        ws, row, "【需要关注的学生】", report.struggling,
        f"规则：自动评分得分率低于 {report.threshold:.0%}，或一半以上的自动评分题得 0 分，"
        "或没有提交。",
    )
    _write_table(
        ws, row, "【大多数学生没做对的题】", report.missed,
        f"规则：自动评分题里通过率低于 {report.missed_below:.0%} 的题，按通过率从低到高；"
        "“最常见的提示”是没通过的学生在检查单元格里最常看到的信息（不含未作答）。",
    )
    _widths(ws)
    _add_image(ws, report.charts.get("summary"), f"{get_column_letter(ws.max_column + 2)}1")

    for lesson in report.lessons:
        ws = wb.create_sheet(lesson.assignment[:31])
        row = _write_table(ws, 1, "【各题情况】", lesson.exercises)
        _write_table(ws, row, "【学生成绩】", lesson.students)
        _widths(ws)
        right = get_column_letter(ws.max_column + 2)
        _add_image(ws, report.charts.get(f"pass_rates_{lesson.assignment}"), f"{right}1")
        _add_image(ws, report.charts.get(f"scores_{lesson.assignment}"), f"{right}30")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_report(
    assignments: Sequence[str],
    course: str | Path = ".",
    out: str | Path = "report.xlsx",
    *,
    charts: str | Path | None = None,
    threshold: float = 0.6,
    missed_below: float = 0.5,
) -> ClassReport:
    """Build the report, save the charts (default: ``<out stem>_charts/`` beside ``out``) and
    write the workbook."""
    report = build_report(assignments, course, threshold=threshold, missed_below=missed_below)
    out = Path(out)
    folder = Path(charts) if charts is not None else out.with_name(f"{out.stem}_charts")
    save_charts(report, folder)
    write_excel(report, out)
    return report


def _print(report: ClassReport, out: Path, stream=None) -> None:
    stream = sys.stdout if stream is None else stream
    w = stream.write
    for _, r in report.summary.iterrows():
        w(
            f"{r['作业']}：提交 {r['提交人数']}/{r['学生人数']} 人，平均得分率 "
            f"{r['平均得分率']:.0%}，需要关注 {r['需要关注的人数']} 人\n"
            if r["提交人数"] else f"{r['作业']}：还没有学生提交\n"
        )
        if r.get("没有隔离的评分份数"):
            w(
                f"  ⚠ 警告：{r['没有隔离的评分份数']} 份作业评分时没有隔离，学生代码以教师的权限"
                "运行 (graded WITHOUT isolation)\n"
            )
        if r.get("评分失败份数"):
            w(f"  评分失败 (grading failed)：{r['评分失败份数']} 份，见 crmlab-teacher export\n")
    if len(report.missed):
        w("大多数学生没做对的题：\n")
        for _, r in report.missed.iterrows():
            hint = f"；最常见的提示：{r['最常见的提示']}" if r["最常见的提示"] else ""
            # no terminal control sequences from a student's text
            w(_strip_control(f"  {r['作业']} {r['题目']}：通过率 {r['通过率']:.0%}{hint}") + "\n")
    w(f"已写入 {out}；图表在 {Path(next(iter(report.charts.values()))).parent}{os.sep}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m crmlab.teacher report``: see :func:`write_report`."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m crmlab.teacher report",
        description="全班成绩报告：各题通过率、成绩分布、需要关注的学生、大多数人没做对的题 "
        "(class report: charts and an Excel workbook).",
    )
    parser.add_argument(
        "assignments", nargs="+", help="作业编号，可以写多个，例如 00_intro 01_why_tier"
    )
    parser.add_argument("-o", "--out", default="report.xlsx", help="Excel 文件（默认 report.xlsx）")
    parser.add_argument("--charts", default=None, help="放图表的文件夹（默认 <文件名>_charts）")
    parser.add_argument("--threshold", type=float, default=0.6,
                        help="得分率低于它的学生列为需要关注（默认 0.6）")
    parser.add_argument("--course", default=".", help="课程目录（默认：当前文件夹）")
    args = parser.parse_args(argv)
    try:
        report = write_report(args.assignments, args.course, args.out, charts=args.charts,
                              threshold=args.threshold)
    except ValueError as exc:
        print(f"错误 (error)：{exc}", file=sys.stderr)
        return 2
    _print(report, Path(args.out))
    return 0
