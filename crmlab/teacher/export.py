"""The semester gradebook (``python -m crmlab.teacher export``): every student, every assignment.

It reads nbgrader's gradebook (``nbgrader.api.Gradebook``), the hand-ins in ``submitted/`` and
the kit's grading status files (``autograded/<学号>/<作业>/crmlab_grading.json``) and writes

* an Excel workbook: sheet 成绩册 (one row per student: 学号, 姓名, one score column per
  assignment, 总分, one status column per assignment) and sheet 说明 (what the statuses mean);
* the same table as a CSV file with a UTF-8 byte order mark, which Excel on a Chinese Windows
  opens as UTF-8 (without the mark it would read the file as GBK and garble the names);
* an import sheet for a learning platform: exactly the columns 学号, 姓名, 成绩.

Every submission gets one status, decided by :func:`submission_status` alone, which every
output uses:

* 已评分 (graded): nbgrader scored it and nothing is left to grade by hand;
* 迟交 (late): graded, handed in after the due date; the text gives how late, the penalty
  nbgrader's late-submission plugin assigned, and the score before the penalty;
* 待人工批改 (needs manual grading): a written answer still waits for the teacher
  (``needs_manual_grade``); the score so far counts only what is graded;
* 评分失败 (grading failed), with the reason: the kit's grading step recorded a failure, or
  there is a hand-in in ``submitted/`` but no autograded result (see below), or the hand-in
  is newer than its result. Its score cell stays empty: a failed grading is never a 0;
* 未提交 (not submitted): the student is in the gradebook and handed nothing in: 0 points,
  as in nbgrader's own ``nbgrader export``.

A hand-in in ``submitted/`` without an autograded result counts as 评分失败（没有评分结果）,
not as "not yet graded": the files cannot tell the two apart (a notebook that cannot be read
is stopped before nbgrader starts, and nbgrader removes the result of a grading that broke
off), and either way the teacher has to act before the score means anything. The reason says
what is wrong with the file when it can be told (the grader's own pre-check is run on a copy).

The score of an assignment is nbgrader's score minus the late penalty (never below 0); the
total is the sum over the assignments, and stays empty while any of them failed or waits for
manual grading. The command exits with 1 when any grading failed, so a script notices.
"""

from __future__ import annotations

import csv
import glob
import json
import math
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .nbgrader_step import STATUS_FILE
from .report import _cell_text, _name, _strip_control

__all__ = [
    "FAILED",
    "GRADED",
    "LATE",
    "MANUAL",
    "MISSING",
    "STATUSES",
    "ExportError",
    "Semester",
    "Status",
    "StudentRow",
    "build_semester",
    "late_text",
    "submission_status",
    "table",
    "write_csv",
    "write_excel",
    "write_platform",
]

GRADED = "已评分"
LATE = "迟交"
MANUAL = "待人工批改"
FAILED = "评分失败"
MISSING = "未提交"
#: The statuses in the order the summary and the 说明 sheet list them.
STATUSES = (GRADED, LATE, MANUAL, FAILED, MISSING)

SHEET = "成绩册"
NOTES_SHEET = "说明"
PLATFORM_SHEET = "成绩"
PLATFORM_COLUMNS = ["学号", "姓名", "成绩"]
CSV_ENCODING = "utf-8-sig"  # UTF-8 with a byte order mark: Excel then reads it as UTF-8


class ExportError(RuntimeError):
    """The gradebook cannot be exported (no gradebook, unknown assignment, file not writable)."""


# --------------------------------------------------------------------------------------------
# the status of one submission


@dataclass(frozen=True)
class Status:
    """What one student's submission of one assignment came to."""

    kind: str  # GRADED, MANUAL, FAILED or MISSING (lateness is told by seconds_late)
    score: float | None = None  # what the score cell shows: after the penalty; None = empty
    raw_score: float | None = None  # nbgrader's score before the late penalty
    penalty: float | None = None  # the late penalty; None when no penalty was assigned
    seconds_late: float = 0.0
    reason: str = ""  # why the grading failed

    @property
    def late(self) -> bool:
        return self.kind in (GRADED, MANUAL) and self.seconds_late > 0

    @property
    def final(self) -> bool:
        """The score is final (it may go into the total)."""
        return self.kind in (GRADED, MISSING)

    @property
    def labels(self) -> tuple[str, ...]:
        """The statuses this submission counts under (a late one waiting for manual grading
        counts under both)."""
        if self.kind == GRADED:
            return (LATE,) if self.late else (GRADED,)
        if self.kind == MANUAL:
            return (MANUAL, LATE) if self.late else (MANUAL,)
        return (self.kind,)

    def late_note(self) -> str:
        if not self.late:
            return ""
        if self.penalty:
            cost = f"扣 {_number(self.penalty)} 分（扣分前 {_number(self.raw_score or 0.0)} 分）"
        else:
            cost = "未扣分"
        return f"{LATE} {late_text(self.seconds_late)}，{cost}"

    @property
    def text(self) -> str:
        """The status as the workbook shows it."""
        if self.kind == FAILED:
            return f"{FAILED}（{self.reason}）"
        if self.kind == MISSING:
            return f"{MISSING}（记 0 分）"
        if self.kind == MANUAL:
            note = self.late_note()
            return f"{MANUAL}（现有分数不含人工批改题）" + (f"；{note}" if note else "")
        return self.late_note() or GRADED


def _number(x: float) -> str:
    """A score as people write it: 7, 1.5, 0.25."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def late_text(seconds: float) -> str:
    """How late, in Chinese: "25 分钟", "2 小时 30 分钟", "3 天 1 小时" (minutes rounded up)."""
    minutes = max(1, math.ceil(seconds / 60 - 1e-9))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((days, "天"), (hours, "小时"), (minutes, "分钟")) if n]
    return " ".join(parts)


def _timestamp(folder: str) -> datetime | None:
    """nbgrader's ``timestamp.txt`` in ``folder`` (UTC), or None if absent or unreadable."""
    from nbgrader.utils import parse_utc

    try:
        text = Path(folder, "timestamp.txt").read_text(encoding="utf-8").strip()
        return parse_utc(text) if text else None
    except (OSError, ValueError, OverflowError):
        return None


def _why_no_result(folder: str, notebooks: list[str], assignment: str) -> str:
    """The reason a hand-in has no autograded result."""
    from .grade import preflight

    again = f"请运行 python -m crmlab.teacher grade {assignment} 查看原因"
    for name in notebooks:
        path = Path(folder, f"{name}.ipynb")
        if not path.is_file():
            present = sorted(p.name for p in Path(folder).iterdir() if p.name != "timestamp.txt")
            found = f"，文件夹里只有：{'、'.join(present[:5])}" if present else "，文件夹是空的"
            return (f"没有评分结果：提交的文件夹里没有 {name}.ipynb (no such notebook)"
                    f"{found}")
        # the grader's own pre-check, on a copy (it rewrites a notebook in another encoding)
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp, path.name)
            try:
                shutil.copyfile(path, copy)
            except OSError as err:
                return f"没有评分结果：文件读不出来 (cannot read the file)：{err.strerror}"
            problem = preflight(copy)
        if problem:
            return f"没有评分结果：{name}.ipynb {problem}"
    return f"没有评分结果 (no grading result)：还没有评分，或评分中途出错；{again}"


def submission_status(gb, coursedir, assignment: str, student: str) -> Status:
    """The status of ``student``'s submission of ``assignment``: the one rule every output of
    the export uses (see the module's documentation)."""
    from nbgrader.api import MissingEntry

    submitted = coursedir.format_path(coursedir.submitted_directory, student, assignment)
    autograded = coursedir.format_path(coursedir.autograded_directory, student, assignment)
    try:
        sub = gb.find_submission(assignment, student)
    except MissingEntry:
        sub = None
    if sub is None and not os.path.isdir(submitted):
        return Status(MISSING, score=0.0, raw_score=0.0)

    status_path = Path(autograded, STATUS_FILE)
    if status_path.exists():
        try:
            recorded = json.loads(status_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            recorded = None
        if not isinstance(recorded, dict):
            return Status(FAILED, reason=f"评分状态文件 {STATUS_FILE} 读不出来 (unreadable)")
        if recorded.get("status") == "failed":
            reason = str(recorded.get("reason") or "评分程序没有写明原因 (no reason recorded)")
            return Status(FAILED, reason=reason)

    notebooks = [nb.name for nb in gb.find_assignment(assignment).notebooks]
    if not all(os.path.isfile(os.path.join(autograded, f"{n}.ipynb")) for n in notebooks):
        if os.path.isdir(submitted):
            return Status(FAILED, reason=_why_no_result(submitted, notebooks, assignment))
        return Status(FAILED, reason="没有评分结果，提交的作业也不在 submitted/ 里 "
                                     "(no grading result and no hand-in)")
    new, old = _timestamp(submitted), _timestamp(autograded)
    if new is not None and old is not None and new > old:
        return Status(FAILED, reason=f"重新提交后还没有重新评分 (re-submitted after grading)；"
                                     f"请运行 python -m crmlab.teacher grade {assignment}")
    if sub is None:
        return Status(FAILED, reason="成绩库里没有这份作业的分数 (not in the gradebook)")

    raw = round(float(sub.score or 0.0), 4)
    penalties = [nb.late_submission_penalty for nb in sub.notebooks]
    penalty = None
    if any(p is not None for p in penalties):
        penalty = round(float(sum(p for p in penalties if p is not None)), 4)
    score = round(max(0.0, raw - (penalty or 0.0)), 4)
    kind = MANUAL if sub.needs_manual_grade else GRADED
    return Status(kind, score=score, raw_score=raw, penalty=penalty,
                  seconds_late=float(sub.total_seconds_late or 0.0))


# --------------------------------------------------------------------------------------------
# the whole class


@dataclass
class StudentRow:
    student: str
    name: str
    statuses: dict[str, Status]  # assignment -> status
    on_list: bool = True  # in the gradebook's student list

    @property
    def total(self) -> float | None:
        """Sum of the scores; None while a grading failed or waits for manual grading."""
        if not all(s.final for s in self.statuses.values()):
            return None
        return round(sum(s.score or 0.0 for s in self.statuses.values()), 4)

    def total_note(self) -> str:
        """Why the total is empty ("" when it is not)."""
        open_ = [f"{a} {s.kind}" for a, s in self.statuses.items() if not s.final]
        return "、".join(open_)


@dataclass
class Semester:
    assignments: list[str]
    max_scores: dict[str, float]
    duedates: dict[str, datetime | None]
    rows: list[StudentRow]
    late_rule: str = ""
    created: datetime = field(default_factory=lambda: datetime.now().astimezone())

    @property
    def max_total(self) -> float:
        return sum(self.max_scores.values())

    def counts(self, assignment: str) -> Counter:
        out: Counter = Counter()
        for row in self.rows:
            out.update(row.statuses[assignment].labels)
        return out

    @property
    def failed(self) -> list[tuple[StudentRow, str, Status]]:
        return [(r, a, s) for r in self.rows for a, s in r.statuses.items() if s.kind == FAILED]


def _late_rule(app) -> str:
    """The late-penalty rule of the course configuration, in Chinese."""
    from nbgrader.plugins import LateSubmissionPlugin
    from traitlets.utils.importstring import import_item

    from .late import PerDayLatePenalty

    config = app.config
    plugin = config.get("AssignLatePenalties", {}).get("plugin_class") or LateSubmissionPlugin
    if isinstance(plugin, str):
        try:
            plugin = import_item(plugin)
        except Exception:  # noqa: BLE001 - autograde reports a broken plugin itself
            return f"由插件 {plugin} 决定（这个插件载入不了 (cannot be imported)）"
    if isinstance(plugin, type) and issubclass(plugin, PerDayLatePenalty):
        p = plugin(config=config)
        return (f"每迟交一天（不满一天按一天算）扣该笔记本满分的 {p.percent_per_day:g}%，"
                f"最多扣 {p.max_percent:g}%（{plugin.__module__}.{plugin.__qualname__}）")
    if plugin is not LateSubmissionPlugin:
        return f"由插件 {getattr(plugin, '__qualname__', plugin)} 决定"
    method = str(config.get("LateSubmissionPlugin", {}).get("penalty_method", "none"))
    if method == "zero":
        return "迟交的作业记 0 分（nbgrader 的 penalty_method = \"zero\"）"
    return "迟交不扣分（nbgrader 默认的 penalty_method = \"none\"）"


def _submitted_ids(coursedir, assignment: str) -> set[str]:
    pattern = coursedir.format_path(coursedir.submitted_directory, "*", assignment)
    regexp = coursedir.format_path(
        coursedir.submitted_directory, "(?P<student_id>[^/\\\\]+)", re.escape(assignment),
        escape=True,
    )
    ids = set()
    for folder in glob.glob(pattern):
        m = re.fullmatch(regexp, folder)
        if m and os.path.isdir(folder):
            ids.add(m.group("student_id"))
    return ids


def build_semester(course: str | Path = ".", assignments: Sequence[str] | None = None) -> Semester:
    """Read the gradebook of ``course``: every student (of the gradebook, plus anyone with a
    hand-in in ``submitted/``) and every assignment (default: all in the gradebook, by id)."""
    from nbgrader.api import Gradebook

    from .grade import _nbgrader_app

    course = Path(course).resolve()
    if not (course / "nbgrader_config.py").exists():
        raise ExportError(f"{course} 不是课程目录：里面没有 nbgrader_config.py "
                          f"(not a course directory)")
    app = _nbgrader_app(course)
    cd = app.coursedir
    url = cd.db_url
    if url.startswith("sqlite:///"):
        db = Path(url[len("sqlite:///"):].split("?")[0])
        if not db.exists():
            raise ExportError(f"找不到成绩库 (gradebook) {db}：先发布作业"
                              f"（nbgrader generate_assignment）并评分")
    cwd = os.getcwd()
    os.chdir(course)  # nbgrader's directories are relative to the course
    try:
        with Gradebook(url, cd.course_id) as gb:
            known = sorted(a.name for a in gb.assignments)
            wanted = list(assignments) if assignments else known
            unknown = [a for a in wanted if a not in known]
            if unknown:
                raise ExportError(
                    f"成绩库里没有作业 (no such assignment)：{'、'.join(unknown)}；"
                    f"有的是：{'、'.join(known) or '（没有）'}"
                )
            if not wanted:
                raise ExportError("成绩库里还没有作业 (no assignments)：先运行 "
                                  "nbgrader generate_assignment <作业>")
            if len(set(wanted)) != len(wanted):
                raise ExportError(f"作业写重复了 (duplicate assignment)：{' '.join(wanted)}")
            students = {s.id: _name(s) for s in gb.students}
            extra = set().union(*(_submitted_ids(cd, a) for a in wanted)) - set(students)
            rows = []
            for sid in sorted(set(students) | extra):
                statuses = {a: submission_status(gb, cd, a, sid) for a in wanted}
                rows.append(StudentRow(sid, students.get(sid, ""), statuses, sid in students))
            found = {a.name: a for a in gb.assignments}
            max_scores = {a: float(found[a].max_score) for a in wanted}
            duedates = {a: found[a].duedate for a in wanted}
    finally:
        os.chdir(cwd)
    return Semester(wanted, max_scores, duedates, rows, _late_rule(app))


# --------------------------------------------------------------------------------------------
# the table, shared by the workbook and the CSV


def score_header(sem: Semester, assignment: str) -> str:
    return f"{assignment}（满分 {_number(sem.max_scores[assignment])}）"


def status_header(assignment: str) -> str:
    return f"{assignment} 状态"


def total_header(sem: Semester) -> str:
    return f"总分（满分 {_number(sem.max_total)}）"


def table(sem: Semester) -> tuple[list[str], list[list]]:
    """Header and rows of the 成绩册 sheet (and of the CSV): numbers stay numbers (None for an
    empty cell), every text is made safe with ``report._cell_text``."""
    header = ["学号", "姓名", *(score_header(sem, a) for a in sem.assignments),
              total_header(sem), *(status_header(a) for a in sem.assignments)]
    rows = []
    for r in sem.rows:
        rows.append([
            _cell_text(r.student), _cell_text(r.name),
            *(r.statuses[a].score for a in sem.assignments),
            r.total,
            *(_cell_text(r.statuses[a].text) for a in sem.assignments),
        ])
    return [_cell_text(h) for h in header], rows


# --------------------------------------------------------------------------------------------
# writing


def _local(dt: datetime | None) -> str:
    if dt is None:
        return "（没有设截止时间）"
    return dt.replace(tzinfo=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M（UTC%z）")


def _notes(sem: Semester) -> list[list]:
    explain = {
        GRADED: "nbgrader 已评分 (graded)，没有要人工批改的题；按时提交。",
        LATE: "迟交 (late)：提交时间晚于截止时间。状态里写明迟交多久、扣了几分和扣分前的分数；"
              "“得分”一栏是扣分后的分数。扣分由 nbgrader 在自动评分时按课程设置的规则算好，"
              "之后人工批改加的分不会再重新扣（要按新分数重算，用 grade --force 重新评分）。",
        MANUAL: "待人工批改 (needs manual grading)：还有文字题等着老师在 formgrader 里打分；"
                "得分一栏暂时只含已评分的题，总分留空。批改后重新导出。",
        FAILED: "评分失败 (grading failed)：括号里是原因。得分一栏留空（不是 0 分），总分也留空。"
                "修好原因（例如让学生重交）后运行 python -m crmlab.teacher grade <作业>，再导出。"
                "交了作业却没有评分结果，也算评分失败（没有评分结果）。",
        MISSING: "未提交 (not submitted)：名单上有这位学生，但没有交这个作业，记 0 分。",
    }
    total = ("各作业得分之和（迟交的按扣分后的分数）。有作业评分失败或待人工批改时留空；"
             "学习平台导入表里的“成绩”就是这一栏。")
    rows: list[list] = [
        ["状态 (status)", "含义"],
        *([status, explain[status]] for status in STATUSES),
        [],
        ["总分", total],
        ["迟交扣分规则", sem.late_rule],
        [],
        ["作业 (assignment)", "满分", "截止时间"],
    ]
    for a in sem.assignments:
        rows.append([a, sem.max_scores[a], _local(sem.duedates[a])])
    rows += [[], ["导出时间", sem.created.strftime("%Y-%m-%d %H:%M")]]
    return [[_cell_text(v) for v in row] for row in rows]


def _save(wb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        wb.save(path)
    except OSError as err:
        raise ExportError(
            f"写不进文件 {path} (cannot write)：{err.strerror or err}。"
            f"如果它正在 Excel 里打开，先关掉再运行。"
        ) from None
    return path


def write_excel(sem: Semester, path: str | Path) -> Path:
    """The workbook: sheet 成绩册, then sheet 说明."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .report import _widths

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    header, rows = table(sem)
    ws.append(header)
    for row in rows:
        ws.append(row)
    n = len(sem.assignments)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col in ws.iter_cols(min_col=3, max_col=3 + n, min_row=2):
        for cell in col:
            cell.number_format = "0.##"
    for col in ws.iter_cols(min_col=1, max_col=2, min_row=2):
        for cell in col:
            cell.number_format = "@"  # ids and names are text
    _widths(ws)
    for col in ws.iter_cols(min_col=4 + n, max_col=3 + 2 * n, min_row=2):
        for cell in col:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"

    notes = wb.create_sheet(NOTES_SHEET)
    for row in _notes(sem):
        notes.append(row)
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 90
    notes.column_dimensions["C"].width = 30
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return _save(wb, path)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return _number(value)
    return str(value)


def write_csv(sem: Semester, path: str | Path) -> Path:
    """The 成绩册 table as CSV, UTF-8 with a byte order mark (``utf-8-sig``), so that Excel on
    a Chinese Windows reads it as UTF-8 and not as GBK."""
    path = Path(path)
    header, rows = table(sem)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "w", encoding=CSV_ENCODING, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for row in rows:
                writer.writerow([_csv_value(v) for v in row])
    except OSError as err:
        raise ExportError(
            f"写不进文件 {path} (cannot write)：{err.strerror or err}。"
            f"如果它正在 Excel 里打开，先关掉再运行。"
        ) from None
    return path


def write_platform(sem: Semester, path: str | Path) -> Path:
    """The import sheet for a learning platform: 学号, 姓名, 成绩 (the total; empty where a
    grading failed or waits for manual grading)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = PLATFORM_SHEET
    ws.append(PLATFORM_COLUMNS)
    for r in sem.rows:
        ws.append([_cell_text(r.student), _cell_text(r.name), r.total])
    for cell in ws["A"][1:]:
        cell.number_format = "@"
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 14
    return _save(wb, Path(path))


# --------------------------------------------------------------------------------------------
# the command


def summary(sem: Semester) -> str:
    """A short account for the console: counts per status, failures, empty totals."""
    lines = [f"成绩册 (gradebook export)：{len(sem.rows)} 名学生，{len(sem.assignments)} 个作业"]
    for a in sem.assignments:
        counts = sem.counts(a)
        text = "，".join(f"{s} {counts.get(s, 0)}" for s in STATUSES)
        lines.append(f"  {a}（满分 {_number(sem.max_scores[a])}）：{text}")
    failed = sem.failed
    if failed:
        lines.append(f"评分失败 (grading failed)：{len(failed)} 份，得分留空：")
        for r, a, s in failed:
            lines.append(f"  {r.student} {r.name} {a}：{s.reason}")
    empty = [r for r in sem.rows if r.total is None]
    if empty:
        lines.append(f"总分留空的学生（平台导入表里“成绩”为空）：{len(empty)} 人")
        for r in empty:
            lines.append(f"  {r.student} {r.name}：{r.total_note()}")
    strangers = [r for r in sem.rows if not r.on_list]
    if strangers:
        lines.append("不在成绩库学生名单里、但交了作业的学号 (not on the class list)："
                     + "、".join(r.student for r in strangers))
    return _strip_control("\n".join(lines))


def export(
    course: str | Path = ".",
    out: str | Path | None = "成绩册.xlsx",
    csv_path: str | Path | None = "成绩.csv",
    platform: str | Path | None = "平台导入.xlsx",
    assignments: Sequence[str] | None = None,
) -> Semester:
    """Build the semester gradebook and write the outputs that are not None."""
    sem = build_semester(course, assignments)
    if out is not None:
        write_excel(sem, out)
    if csv_path is not None:
        write_csv(sem, csv_path)
    if platform is not None:
        write_platform(sem, platform)
    return sem


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m crmlab.teacher export``: see the module's documentation."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m crmlab.teacher export",
        description="导出整学期成绩册 (semester gradebook)：Excel 工作簿、带 BOM 的 CSV、"
        "学习平台导入表。有评分失败的作业时退出码为 1。",
    )
    parser.add_argument("--course", default=".", help="课程目录（默认：当前文件夹）")
    parser.add_argument("-o", "--out", default="成绩册.xlsx",
                        help="Excel 成绩册 (workbook)，默认 成绩册.xlsx")
    parser.add_argument("--csv", default="成绩.csv",
                        help="同样内容的 CSV 文件（UTF-8 带 BOM），默认 成绩.csv")
    parser.add_argument("--platform", default="平台导入.xlsx",
                        help="学习平台导入表（学号、姓名、成绩），默认 平台导入.xlsx")
    parser.add_argument("--assignments", nargs="+", default=None, metavar="作业",
                        help="只导出这些作业（默认：成绩库里的全部作业）")
    args = parser.parse_args(argv)
    try:
        sem = export(args.course, args.out, args.csv, args.platform, args.assignments)
    except ExportError as exc:
        print(f"错误 (error)：{exc}", file=sys.stderr)
        return 2
    print(summary(sem))
    print(f"已写入 (written)：{args.out}、{args.csv}、{args.platform}")
    if sem.failed:
        print(f"有 {len(sem.failed)} 份作业评分失败，退出码 1 (exit code 1)。", file=sys.stderr)
        return 1
    return 0
