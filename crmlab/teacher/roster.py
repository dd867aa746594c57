"""Import the class list into the course gradebook (``python -m crmlab.teacher roster``).

The class list is whatever Excel or the school's learning platform saves: a CSV file in UTF-8,
UTF-8 with a byte order mark (BOM), GBK/GB18030 (tried in that order; Excel's "Unicode text",
UTF-16 with a BOM and tabs, is read too), or an ``.xlsx`` workbook (its first sheet). The
header row (one of the first :data:`HEADER_SEARCH_ROWS` rows, so a title line above it is
fine) needs a student id column (学号, 学生学号, 学号(必填), student_id, id, ...) and a name
column (姓名, 学生姓名, name, ...); other columns are ignored.

What Excel does to ids is undone: a number stored as ``2024001.0`` becomes ``2024001``; an id
typed as text keeps its leading zeros, and so does a number shown with a zero-padded number
format (``00000000``); the ``="02024007"`` trick some platforms write to keep the zeros is
unwrapped. An id in scientific notation (``2.02401E+11``: Excel has already rounded it) is an
error. Empty rows are skipped; an empty id or name, an id used twice, and an id with characters
that nbgrader or a file path cannot take (only letters, digits, "-" and "_" are allowed) are
errors naming the file, the row and the value, and nothing is written while there is one.

The students go into the gradebook with ``Gradebook.update_or_create_student``: the whole name
in ``last_name``, ``first_name`` empty. nbgrader's formgrader shows a student as
"last_name, first_name" (manage_students.js, manage_submissions.js,
gradebook_notebook_submissions.js), so this shows "张三, "; splitting the name instead would
show "张, 三" and gets compound surnames (欧阳, 司马) and names with "·" wrong, and
``nbgrader export`` then has the whole name in one column. Students in the gradebook who are
not on the list are reported, never deleted (their grades stay).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

__all__ = [
    "ID_PATTERN",
    "RosterError",
    "RosterImport",
    "course_gradebook",
    "import_roster",
    "main",
    "read_roster",
    "valid_id",
]

#: What a student id may consist of: it becomes a folder name and an nbgrader id.
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
ID_MAX_LENGTH = 128  # nbgrader's Student.id column
#: The header row is looked for in this many rows from the top.
HEADER_SEARCH_ROWS = 10

# Header names after _header_key() (no spaces, no "(必填)", lower case), most specific first: a
# platform export with both "学号" and an internal "ID" column must use 学号.
ID_HEADERS = ("学号", "学生学号", "studentid", "studentnumber", "studentno", "id")
NAME_HEADERS = ("姓名", "学生姓名", "name", "studentname", "fullname")

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


class RosterError(ValueError):
    """The class list cannot be read; the message names the file, the rows and the values."""


def valid_id(student_id: str) -> bool:
    """True if ``student_id`` can be an nbgrader student id and a folder name."""
    return bool(ID_PATTERN.fullmatch(student_id)) and len(student_id) <= ID_MAX_LENGTH


# --------------------------------------------------------------------------------------------
# reading the file


def _value(cell):
    """The value of an openpyxl cell, or the CSV string itself."""
    return cell.value if hasattr(cell, "value") else cell


def _clean(value) -> str:
    """A cell as text: invisible characters dropped, white space (also full-width) trimmed."""
    value = _value(value)
    if value is None:
        return ""
    return str(value).translate(_INVISIBLE).strip()


def _header_key(value) -> str:
    text = _clean(value)
    text = re.sub(r"[（(【\[][^）)】\]]*[）)】\]]", "", text)  # 学号(必填), 姓名【必填】
    return re.sub(r"[\s*:：_\-]+", "", text).lower()


def _find_column(keys: list[str], wanted: tuple[str, ...]) -> int | None:
    for name in wanted:
        if name in keys:
            return keys.index(name)
    return None


def _find_header(rows: list[tuple[int, list]]) -> tuple[int, int, int] | None:
    """(index into rows, id column, name column) of the header row, or None."""
    for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [_header_key(c) for c in cells]
        id_col, name_col = _find_column(keys, ID_HEADERS), _find_column(keys, NAME_HEADERS)
        if id_col is not None and name_col is not None and id_col != name_col:
            return i, id_col, name_col
    return None


def _decode(raw: bytes, path: Path) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), then GB18030 (a superset of GBK);
    UTF-16 with a BOM (Excel's "Unicode text")."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in raw:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise RosterError(
        f"{path}：文件的文字编码无法识别 (unknown text encoding)：不是 UTF-8、GBK/GB18030 "
        "或带 BOM 的 UTF-16。请在 Excel 里“另存为”“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入。"
    )


def _csv_rows(path: Path) -> list[tuple[int, list]]:
    text = _decode(path.read_bytes(), path)
    best = None
    for delimiter in (",", "\t", ";"):
        rows = [
            (n, row) for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)
        ]
        if _find_header(rows) is not None:
            return rows
        best = best or rows
    return best or []


def _xlsx_rows(path: Path) -> list[tuple[int, list]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RosterError(f"{path}：不是有效的 .xlsx 工作簿 (not a valid .xlsx workbook)：{exc}") from None
    try:
        ws = wb.worksheets[0]
        rows = []
        for row in ws.iter_rows(min_row=1):
            if row:
                rows.append((row[0].row, list(row)))
        return rows
    finally:
        wb.close()


def _id_text(cell) -> tuple[str, str | None]:
    """(id text, problem) for the id cell (a CSV string or an openpyxl cell)."""
    number_format = "General"
    if hasattr(cell, "value"):  # openpyxl cell
        number_format = cell.number_format or "General"
        cell = cell.value
    if isinstance(cell, bool):
        return str(cell), "不是学号（是“是/否”值） (not an id)"
    if isinstance(cell, int):
        text = str(cell)
    elif isinstance(cell, float):
        if not cell.is_integer():
            return repr(cell), "带小数，不是学号 (not a whole number)"
        text = str(int(cell))
    else:
        text = _clean(cell)
        m = re.fullmatch(r'="(.*)"', text)  # ="02024007": text kept for Excel
        if m:
            text = m.group(1).strip()
        if re.fullmatch(r"\d+\.0+", text):  # a number Excel wrote as 2024001.0
            text = text.split(".")[0]
        elif re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", text):
            return text, (
                "被 Excel 写成了科学计数法，后面几位已经丢失 (scientific notation, digits "
                "lost)：请把学号列设为“文本”，重新输入或导出"
            )
        return text, None
    if re.fullmatch(r"0+", number_format):  # a number shown zero-padded: keep what is shown
        text = text.zfill(len(number_format))
    return text, None


def _name_text(value) -> str:
    name = unicodedata.normalize("NFC", _clean(value))
    # "张　三": lists pad two-character names with a (full-width) space to line them up
    name = re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "", name)
    return re.sub(r"\s+", " ", name)


def _cell(row: list, col: int):
    return row[col] if col < len(row) else None


def read_roster(path: str | Path) -> list[tuple[str, str]]:
    """The students on a class list as ``[(student id, name), ...]`` in file order.

    Raises :class:`RosterError` naming the file, every bad row and its value.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"{path}：找不到这个文件 (file not found)")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    elif suffix == ".xls":
        raise RosterError(
            f"{path}：不支持旧的 .xls 格式 (old Excel format)：请在 Excel 里另存为 .xlsx 或 CSV"
        )
    else:
        rows = _csv_rows(path)
    found = _find_header(rows)
    if found is None:
        raise RosterError(
            f"{path}：前 {HEADER_SEARCH_ROWS} 行里找不到表头 (header row)：需要“学号”和“姓名”两列 "
            "(columns for the student id and the name)"
        )
    header, id_col, name_col = found
    students: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    errors: list[str] = []
    for rownum, cells in rows[header + 1:]:
        raw_id, raw_name = _cell(cells, id_col), _cell(cells, name_col)
        if all(_clean(c) == "" for c in cells):
            continue  # an empty row
        student_id, problem = _id_text(raw_id)
        name = _name_text(raw_name)
        where = f"第 {rownum} 行 (row {rownum})"
        if problem:
            errors.append(f"{where}：学号“{student_id}”{problem}")
            continue
        if not student_id:
            errors.append(f"{where}：学号是空的 (empty student id)，姓名“{name}”")
            continue
        if not valid_id(student_id):
            if len(student_id) > ID_MAX_LENGTH:
                why = f"学号太长，最多 {ID_MAX_LENGTH} 个字符 (id too long)"
            else:
                why = "学号只能由字母、数字、“-”和“_”组成 (only letters, digits, - and _)"
            errors.append(f"{where}：学号“{student_id}”不能用：{why}")
            continue
        if student_id in seen:
            errors.append(
                f"{where}：学号“{student_id}”重复，第 {seen[student_id]} 行已经有了 "
                "(duplicate student id)"
            )
            continue
        seen[student_id] = rownum
        if not name:
            errors.append(f"{where}：学号“{student_id}”的姓名是空的 (empty name)")
            continue
        students.append((student_id, name))
    if errors:
        raise RosterError(
            f"{path}：名单有 {len(errors)} 处错误 (errors in the class list)，没有导入任何学生：\n  "
            + "\n  ".join(errors)
        )
    if not students:
        raise RosterError(f"{path}：表头下面没有学生 (no students below the header row)")
    return students


# --------------------------------------------------------------------------------------------
# the gradebook


def course_gradebook(course: str | Path) -> tuple[str, str, object]:
    """(database URL, course id, nbgrader CourseDirectory) of the course in ``course``, read
    from its ``nbgrader_config.py`` the way nbgrader reads it."""
    course = Path(course).resolve()
    if not (course / "nbgrader_config.py").is_file():
        raise RosterError(
            f"{course}：不是课程目录 (not a course directory)：这里没有 nbgrader_config.py。"
            "请在课程目录里运行，或用 --course 指定。"
        )
    from .grade import _nbgrader_app

    app = _nbgrader_app(course)
    return app.coursedir.db_url, app.coursedir.course_id, app.coursedir


@dataclass
class RosterImport:
    """What :func:`import_roster` did."""

    added: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str, str]] = field(default_factory=list)  # id, old name, new name
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    not_in_file: list[tuple[str, str]] = field(default_factory=list)
    same_name: dict[str, list[str]] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [(
            f"新增 {len(self.added)} 人，更新 {len(self.updated)} 人，"
            f"没有变化 {len(self.unchanged)} 人 (added, updated, unchanged)。"
        )]
        for sid, old, new in self.updated:
            lines.append(f"  更新 (updated)：{sid} “{old}” → “{new}”")
        if self.same_name:
            lines.append("同名的学生 (same name)：收作业时他们只能靠学号对上，请提醒他们在文件名里写学号：")
            for name, ids in self.same_name.items():
                lines.append(f"  {name}：{'、'.join(ids)}")
        if self.not_in_file:
            lines.append(
                f"成绩库里有、名单里没有的学生 {len(self.not_in_file)} 人（没有删除，成绩保留） "
                "(in the gradebook, not in the file; not deleted)："
            )
            for sid, name in self.not_in_file:
                lines.append(f"  {sid} {name}")
        return "\n".join(lines)


def _display_name(student) -> str:
    return f"{student.last_name or ''}{student.first_name or ''}"


def import_roster(path: str | Path, course: str | Path = ".") -> RosterImport:
    """Put the students of the class list ``path`` into the gradebook of ``course``."""
    from nbgrader.api import Gradebook

    students = read_roster(path)
    db_url, course_id, _ = course_gradebook(course)
    result = RosterImport()
    names: dict[str, list[str]] = {}
    for sid, name in students:
        names.setdefault(name, []).append(sid)
    result.same_name = {n: ids for n, ids in names.items() if len(ids) > 1}
    with Gradebook(db_url, course_id=course_id) as gb:
        before = {s.id: s for s in gb.students}
        listed = set()
        for sid, name in students:
            listed.add(sid)
            old = before.get(sid)
            if old is None:
                result.added.append((sid, name))
            elif (old.last_name, old.first_name) == (name, ""):
                result.unchanged.append((sid, name))
                continue
            else:
                result.updated.append((sid, _display_name(old), name))
            gb.update_or_create_student(sid, first_name="", last_name=name)
        result.not_in_file = sorted(
            (s.id, _display_name(s)) for s in before.values() if s.id not in listed
        )
    return result


def main(argv: Sequence[str] | None = None, stream: TextIO | None = None) -> int:
    """``python -m crmlab.teacher roster``: see :func:`import_roster`."""
    import argparse

    out = sys.stdout if stream is None else stream
    parser = argparse.ArgumentParser(
        prog="python -m crmlab.teacher roster",
        description="导入学生名单到成绩库 (import the class list into the gradebook)：CSV（UTF-8、"
        "带 BOM 的 UTF-8 或 GBK）或 .xlsx（第一个工作表），要有“学号”和“姓名”两列。"
        "名单里没有、成绩库里有的学生只列出来，不删除。",
    )
    parser.add_argument("file", help="名单文件 (class list)：.csv 或 .xlsx")
    parser.add_argument("--course", default=".", help="课程目录（默认：当前文件夹）(course directory)")
    args = parser.parse_args(argv)
    try:
        result = import_roster(args.file, args.course)
    except RosterError as exc:
        print(f"错误 (error)：{exc}", file=sys.stderr)
        return 2
    out.write(f"导入名单 (roster)：{args.file}\n{result.summary()}\n")
    return 0
