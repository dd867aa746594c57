"""Importing the class list and collecting hand-ins (``crmlab.teacher roster`` / ``collect``).

The class lists are real files as Excel writes them: CSV in UTF-8 with a BOM and in GBK, and
an ``.xlsx`` workbook written with openpyxl (ids stored as numbers, a zero-padded number, a
leading-zero id typed as text, a bad row). The expected students are written out by hand.

Collecting runs against a throw-away course (lesson 00, ``nbgrader generate_assignment``, the
class list imported with the real command): 14 hand-in files for 6 students, named the way
students and learning platforms name them (loose files, a folder per student, a zip made on
Chinese Windows with GBK file names and no UTF-8 flag, a zip with a Unix time stamp, copies with
"(1)"/"（2）"/" - 副本", a file nobody can be matched to, one that names two students, one that
is not a notebook). Which copy is the latest is decided by hand from the times set on the
files; then real ``nbgrader autograde`` grades what was collected, and its scores and lateness
(read back from the gradebook) show that the right copy, with the right time, was used. A
resubmission after a written answer was graded by hand replaces the file, keeps the old one
and puts the manual grade back to "needs grading"; collecting the same files again changes
nothing.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import build_course
import nbbuild
import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.utils import parse_utc
from openpyxl import Workbook
from test_nbgrader_pipeline import _submissions

from crmlab.teacher import collect as tcollect
from crmlab.teacher import roster as troster

REPO = Path(__file__).resolve().parents[1]
A = "00_intro"
COURSE_ID = "crmlab"

STUDENTS = [
    ("2024001", "张三"),
    ("2024002", "王芳"),
    ("2024003", "刘洋"),
    ("2024004", "陈静"),
    ("2024005", "李四"),
    ("2024006", "欧阳娜娜"),
]
T0 = datetime(2024, 9, 10, 8, 0, 0, tzinfo=timezone.utc)
DUE = datetime(2024, 9, 10, 16, 0, 0)  # naive UTC, as nbgrader stores it


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crmlab.teacher", *args],
        check=False, cwd=cwd, env=build_course.kernel_env(), capture_output=True, text=True,
        timeout=300,
    )


def _students(course: Path) -> dict[str, tuple[str | None, str | None]]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        return {s.id: (s.last_name, s.first_name) for s in gb.students}


# --------------------------------------------------------------------------------------------
# the class list


@pytest.fixture()
def mini_course(tmp_path) -> Path:
    """A course folder with only the configuration: enough for the gradebook."""
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(REPO / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def test_roster_utf8_bom_csv_and_import(mini_course, tmp_path, capsys):
    text = (
        "2024级 客户分级 1 班名单,,\r\n"
        " 学号(必填) ,学生姓名,班级\r\n"
        " 2024001 ,张　三,1班\r\n"  # spaces around the id; a name padded with a full-width space
        "2024002.0,王芳,1班\r\n"  # a number Excel wrote with ".0"
        "02024007,李四,1班\r\n"  # leading zero typed as text
        '"=""02024008""",Tom  Lee,1班\r\n'  # ="02024008": platforms keep zeros this way
        ",,\r\n"  # an empty row at the end
    )
    path = tmp_path / "名单.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    expected = [("2024001", "张三"), ("2024002", "王芳"), ("02024007", "李四"),
                ("02024008", "Tom Lee")]
    assert troster.read_roster(path) == expected

    assert troster.main([str(path), "--course", str(mini_course)]) == 0
    out = capsys.readouterr().out
    assert "新增 4 人，更新 0 人" in out
    # the whole name in last_name, first_name empty (formgrader shows "last, first")
    assert _students(mini_course) == {sid: (name, "") for sid, name in expected}

    # the list again, one name corrected and one student gone: updated, reported, not deleted
    path2 = tmp_path / "名单2.csv"
    path2.write_text("学号,姓名\n2024001,张三\n2024002,王芳芳\n02024007,李四\n",
                     encoding="utf-8-sig")
    assert troster.main([str(path2), "--course", str(mini_course)]) == 0
    out = capsys.readouterr().out
    assert "新增 0 人，更新 1 人，没有变化 2 人" in out
    assert "2024002 “王芳” → “王芳芳”" in out
    missing = out.split("名单里没有的学生")[1]
    assert "02024008 Tom Lee" in missing and "2024001" not in missing
    after = _students(mini_course)
    assert after["2024002"] == ("王芳芳", "") and after["02024008"] == ("Tom Lee", "")
    assert len(after) == 4


def test_roster_gbk_csv(tmp_path):
    text = "序号,学号,姓名\r\n1,2024101,欧阳娜娜\r\n2,2024102,司马光\r\n3, 2024103 ,王 五\r\n"
    raw = text.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # so the file really needs the GBK step
    path = tmp_path / "roster_gbk.csv"
    path.write_bytes(raw)
    assert troster.read_roster(path) == [
        ("2024101", "欧阳娜娜"), ("2024102", "司马光"), ("2024103", "王五"),
    ]


def _xlsx(path: Path, rows: list[list], formats: dict[str, str] | None = None) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "学生名单"
    ws.append(["2024级 1 班"])  # a title line above the header
    for row in rows:
        ws.append(row)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    other = wb.create_sheet("成绩")  # not the first sheet, and made the active one
    other.append(["学号", "姓名"])
    other.append([9999999, "不该读到"])
    wb.active = 1
    wb.save(path)


def test_roster_xlsx(tmp_path):
    path = tmp_path / "名单.xlsx"
    _xlsx(path, [
        ["学号", "姓名", "性别"],
        [2024001, "张三", "男"],  # a number
        [2024002.0, " 王芳 ", "女"],  # a float
        ["02024007", "李四", "男"],  # leading zero, typed as text
        [2024008, "赵敏", "女"],  # a number shown zero-padded (format 00000000)
        [None, None, None],
        ["s2024_9", "Tom Lee", "男"],
    ], formats={"A6": "00000000"})
    assert troster.read_roster(path) == [
        ("2024001", "张三"), ("2024002", "王芳"), ("02024007", "李四"), ("02024008", "赵敏"),
        ("s2024_9", "Tom Lee"),
    ]


def test_roster_bad_rows_name_row_and_value(tmp_path, mini_course, capsys):
    path = tmp_path / "坏名单.xlsx"
    _xlsx(path, [
        ["学号", "姓名"],  # row 2
        [2024001, "张三"],  # row 3
        [None, "王芳"],  # row 4: empty id
        [2024001, "李四"],  # row 5: duplicate
        ["2024/06", "赵六"],  # row 6: a character a folder name cannot take
        ["2024007", "钱七"],  # row 7: fine
    ])
    with pytest.raises(troster.RosterError) as err:
        troster.read_roster(path)
    msg = str(err.value)
    assert "坏名单.xlsx" in msg
    assert "第 4 行" in msg and "学号是空的" in msg and "王芳" in msg
    assert "第 5 行" in msg and "重复" in msg and "第 3 行" in msg
    assert "第 6 行" in msg and "“2024/06”" in msg
    assert "第 7 行" not in msg and "第 3 行 (row 3)" not in msg

    # the command writes nothing while the list has an error
    assert troster.main([str(path), "--course", str(mini_course)]) == 2
    captured = capsys.readouterr()
    assert "第 4 行" in captured.err and captured.out == ""
    assert _students(mini_course) == {}

    csv_path = tmp_path / "sci.csv"
    csv_path.write_text("学号,姓名\n2.02401E+11,张三\n", encoding="utf-8")
    with pytest.raises(troster.RosterError, match="第 2 行.*科学计数法"):
        troster.read_roster(csv_path)


def test_roster_encoding_and_header_errors(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x80\x80,\xff\n")  # neither UTF-8 nor GB18030
    with pytest.raises(troster.RosterError, match="编码"):
        troster.read_roster(bad)
    noheader = tmp_path / "noheader.csv"
    noheader.write_text("编号,名字\n1,张三\n", encoding="utf-8")
    with pytest.raises(troster.RosterError, match="表头"):
        troster.read_roster(noheader)
    english = tmp_path / "english.csv"
    english.write_text("Student_ID,Name\n2024001,Zhang San\n", encoding="utf-8")
    assert troster.read_roster(english) == [("2024001", "Zhang San")]


# --------------------------------------------------------------------------------------------
# matching names (no course needed)


@pytest.mark.parametrize("stem, expected", [
    ("2024001_张三_00_intro", {"2024001"}),
    ("张三-2024001-00_intro", {"2024001"}),
    ("张三2024001", {"2024001"}),
    ("00_intro 2024001", {"2024001"}),
    ("20240015_00_intro", set()),  # 2024001 is not a whole token here
    ("120240010_00_intro", set()),
    ("张三丰_00_intro", {"2024009"}),  # the longer registered name wins
    ("张三_李四_00_intro", {"2024001", "2024005"}),
    ("2024001_李四", {"2024001", "2024005"}),
    ("００_intro_２０２４００５", {"2024005"}),  # full-width digits
    ("tom-lee_00_intro", {"s01"}),
    ("atomlee", set()),
])
def test_matcher(stem, expected):
    matcher = tcollect.Matcher(
        [("2024001", "张三"), ("2024005", "李四"), ("2024009", "张三丰"), ("s01", "Tom Lee")], A
    )
    found, _ = matcher.match(tcollect.HandIn("x", (stem,), T0, bytes))
    assert set(found) == expected


@pytest.mark.parametrize(("stem", "expected"), [
    ("张三_2024001_00_intro", {"2024001"}),  # the id settles the shared name
    ("2024011-张三", {"2024011"}),
    ("张三_00_intro", {"2024001", "2024011"}),  # the name alone cannot
    ("张三_2024005_00_intro", {"2024001", "2024011", "2024005"}),  # 李四's id: stays ambiguous
    ("2024001_2024011_张三", {"2024001", "2024011"}),
])
def test_students_sharing_a_name_are_told_apart_by_id(stem, expected):
    matcher = tcollect.Matcher([("2024001", "张三"), ("2024011", "张 三"), ("2024005", "李四")], A)
    found, _ = matcher.match(tcollect.HandIn("x", (stem,), T0, bytes))
    assert set(found) == expected


@pytest.mark.parametrize("stem, number", [
    ("2024004_00_intro", 0),
    ("2024004_00_intro(1)", 1),
    ("王芳2024002_00_intro（2）", 2),
    ("00_intro - 副本", 1),
    ("00_intro - 副本 (3)", 3),
    ("刘洋_00_intro-2", 2),
    ("2024004_00_intro_2", 2),
    ("00_intro 2024003", 0),
])
def test_copy_number(stem, number):
    assert tcollect.copy_number(stem, A)[1] == number


class _LegacyName(zipfile.ZipInfo):
    """A zip entry whose name is stored as bytes without the UTF-8 flag, the way Chinese
    Windows writes them (CPython itself would store any non-ASCII name as flagged UTF-8)."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def _legacy(name: str, date_time: tuple, encoding: str = "gb18030") -> zipfile.ZipInfo:
    return _LegacyName(name.encode(encoding).decode("cp437"), date_time)


def test_zip_entry_times():
    dos = zipfile.ZipInfo("a.ipynb", _local_tuple(T0))
    assert tcollect.zip_entry_time(dos) == T0  # DOS time: this computer's local time
    unix = zipfile.ZipInfo("a.ipynb", _local_tuple(T0))
    unix.extra = struct.pack("<HHBi", 0x5455, 5, 1, int(T0.timestamp()) + 3601)
    assert tcollect.zip_entry_time(unix) == T0 + timedelta(seconds=3601)
    ntfs = zipfile.ZipInfo("a.ipynb", _local_tuple(T0))
    ticks = int((T0 + timedelta(seconds=1.5) - datetime(1601, 1, 1, tzinfo=timezone.utc))
                / timedelta(microseconds=1)) * 10
    ntfs.extra = struct.pack("<HHIHHQQQ", 0x000A, 32, 0, 1, 24, ticks, ticks, ticks)
    assert tcollect.zip_entry_time(ntfs) == T0 + timedelta(seconds=1.5)


def test_zip_entry_names(tmp_path):
    path = tmp_path / "names.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(_legacy("欧阳娜娜/作业.ipynb", (2024, 9, 1, 8, 0, 0)), b"{}")
        zf.writestr("张三/00_intro.ipynb", b"{}")  # CPython: UTF-8 with the flag
        zf.writestr("plain/a.ipynb", b"{}")
        # GBK bytes that happen to be valid UTF-8 too (as "һآ..."): GBK gives Chinese
        zf.writestr(_legacy("谢伟_00_intro.ipynb", (2024, 9, 1, 8, 0, 0)), b"{}")
        # UTF-8 without the flag, as macOS's Archive Utility writes it
        zf.writestr(_legacy("李四/00_intro.ipynb", (2024, 9, 1, 8, 0, 0), "utf-8"), b"{}")
    assert "谢伟".encode("gbk").decode("utf-8") != "谢伟"
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        assert not infos[0].flag_bits & 0x800 and infos[1].flag_bits & 0x800
        assert not infos[3].flag_bits & 0x800 and not infos[4].flag_bits & 0x800
        assert infos[0].filename != "欧阳娜娜/作业.ipynb"  # what zipfile alone makes of it
        assert [tcollect.zip_entry_name(i) for i in infos] == [
            "欧阳娜娜/作业.ipynb", "张三/00_intro.ipynb", "plain/a.ipynb", "谢伟_00_intro.ipynb",
            "李四/00_intro.ipynb",
        ]


def test_find_hand_ins_in_nested_zips(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("00_intro.IPYNB", b"{}")
    outer = tmp_path / "hand-ins" / "全班.zip"
    outer.parent.mkdir()
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("2024001 张三.zip", inner.getvalue())
        zf.writestr("2024002/数据.csv", b"a,b\n")
        zf.writestr("2024002/.ipynb_checkpoints/00_intro-checkpoint.ipynb", b"{}")
        zf.writestr("broken.zip", b"PK not really")
    found = tcollect.find_hand_ins([outer.parent])
    notebooks = [f for f in found if isinstance(f, tcollect.HandIn)]
    problems = {f.source.split("全班.zip/")[1]: f for f in found if isinstance(f, tcollect.Problem)}
    assert [n.levels for n in notebooks] == [("00_intro", "2024001 张三", "全班", "hand-ins")]
    assert notebooks[0].source.endswith("全班.zip/2024001 张三.zip/00_intro.IPYNB")
    assert problems["2024002/数据.csv"].reason == tcollect.NOT_NOTEBOOK
    assert problems["2024002/.ipynb_checkpoints/00_intro-checkpoint.ipynb"].ignored
    assert "压缩包打不开" in problems["broken.zip"].reason
    assert not problems["broken.zip"].ignored and not problems["2024002/数据.csv"].ignored


# --------------------------------------------------------------------------------------------
# collecting into a real course


def _notebook_bytes(nb, label: str) -> bytes:
    nb = copy.deepcopy(nb)
    nb.metadata["crmlab_test"] = label
    return nbformat.writes(nb).encode("utf-8")


def _label(path: Path) -> str:
    return json.loads(path.read_text(encoding="utf-8"))["metadata"]["crmlab_test"]


def _put(path: Path, data: bytes, when: datetime) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (when.timestamp(), when.timestamp()))


def _local_tuple(when: datetime) -> tuple:
    """A zip's DOS date and time: this computer's local time (2-second steps)."""
    return when.astimezone().timetuple()[:6]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    base = tmp_path_factory.mktemp("collect")
    course = build_course.make_course(base / "course", [A])
    build_course.run_nbgrader(course, "generate_assignment", A)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        gb.update_or_create_assignment(A, duedate=DUE)
    roster = base / "名单.csv"
    with roster.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["学号", "姓名"], *STUDENTS])
    proc = _run("roster", str(roster), "--course", str(course), cwd=base)
    assert proc.returncode == 0, proc.stderr
    assert "新增 6 人，更新 0 人" in proc.stdout

    lesson = nbbuild.load_lesson(A)
    student_nb = nbformat.read(course / "notebooks" / A / f"{A}.ipynb", 4)
    solution_nb = nbformat.read(course / "solutions" / A / f"{A}.ipynb", 4)
    subs = _submissions(A, student_nb, solution_nb, lesson)
    auto_max = sum(
        nbbuild.nbgrader_meta(c).get("points", 0) for c in student_nb.cells
        if nbbuild.nbgrader_meta(c).get("grade") and c.cell_type == "code"
    )
    return {"base": base, "course": course, "subs": subs, "auto_max": auto_max}


def _hand_ins(base: Path, subs) -> dict:
    """The class's hand-ins; returns what each student's collected file must be."""
    good, blank = subs["solution"], subs["blank"]
    h = base / "handins"
    files = {
        # name: (notebook, time)
        "2024001_张三_00_intro.ipynb": (good, T0 + timedelta(hours=1)),
        "王芳-2024002-00_intro.ipynb": (blank, T0 + timedelta(hours=2)),
        "王芳2024002_00_intro（2）.ipynb": (good, T0 + timedelta(hours=2)),  # same time, copy 2
        "00_intro 2024003.IPYNB": (good, T0 + timedelta(hours=10)),  # after the due date
        "2024004_00_intro(1).ipynb": (good, T0 + timedelta(hours=3)),
        "2024004_00_intro.ipynb": (blank, T0 + timedelta(hours=1)),
        "2024005 李四/00_intro.ipynb": (blank, T0 + timedelta(hours=4)),  # folder per student
        "20240015_00_intro.ipynb": (good, T0 + timedelta(hours=9)),  # nobody (not 2024001)
        "张三_李四_00_intro.ipynb": (good, T0 + timedelta(hours=9)),  # two students
    }
    labels = {}
    for name, (nb, when) in files.items():
        labels[name] = name
        _put(h / name, _notebook_bytes(nb, name), when)
    _put(h / "2024001_张三_00_intro.pdf", b"%PDF-1.4 not a notebook", T0)
    _put(h / ".DS_Store", b"\0\0\0\1Bud1", T0)

    # a zip made on Chinese Windows: GBK names, no UTF-8 flag; one entry with a Unix time
    # stamp (extra field 0x5455) that differs from its DOS time
    with zipfile.ZipFile(h / "班级作业.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_legacy("欧阳娜娜/00_intro.ipynb", _local_tuple(T0 + timedelta(hours=5))),
                    _notebook_bytes(good, "zip:欧阳娜娜/00_intro.ipynb"))
        zf.writestr(_legacy("欧阳娜娜/00_intro - 副本.ipynb",
                            _local_tuple(T0 + timedelta(minutes=30))),
                    _notebook_bytes(blank, "zip:欧阳娜娜/00_intro - 副本.ipynb"))
        stamped = _legacy("刘洋_00_intro.ipynb", _local_tuple(T0 + timedelta(hours=20)))
        stamped.extra = struct.pack("<HHBi", 0x5455, 5, 1,
                                    int((T0 + timedelta(hours=1)).timestamp()))
        zf.writestr(stamped, _notebook_bytes(blank, "zip:刘洋_00_intro.ipynb"))
        zf.writestr(_legacy("__MACOSX/欧阳娜娜/._00_intro.ipynb", _local_tuple(T0)), b"\0")

    # a platform export given on the command line by itself (names flagged UTF-8)
    export = base / "平台导出.zip"
    with zipfile.ZipFile(export, "w") as zf:
        info = zipfile.ZipInfo("00_intro作业/陈静 2024004/00_intro.ipynb", _local_tuple(T0))
        zf.writestr(info, _notebook_bytes(blank, "export:陈静"))
    return {
        "paths": [h, export],
        "expected": {
            "2024001": ("2024001_张三_00_intro.ipynb", T0 + timedelta(hours=1)),
            "2024002": ("王芳2024002_00_intro（2）.ipynb", T0 + timedelta(hours=2)),
            "2024003": ("00_intro 2024003.IPYNB", T0 + timedelta(hours=10)),
            "2024004": ("2024004_00_intro(1).ipynb", T0 + timedelta(hours=3)),
            "2024005": ("2024005 李四/00_intro.ipynb", T0 + timedelta(hours=4)),
            "2024006": ("zip:欧阳娜娜/00_intro.ipynb", T0 + timedelta(hours=5)),
        },
        "superseded": {"王芳-2024002-00_intro.ipynb", "2024004_00_intro.ipynb",
                       "刘洋_00_intro.ipynb", "00_intro - 副本.ipynb", "陈静 2024004/00_intro.ipynb"},
        "unmatched": {
            "20240015_00_intro.ipynb": "对不上任何学生",
            "张三_李四_00_intro.ipynb": "对上了不止一位学生",
            "2024001_张三_00_intro.pdf": "不是笔记本",
        },
        "scores": {"2024005": 0},  # the rest: full marks on the autograded cells
    }


def _tree(folder: Path) -> dict[str, tuple[bytes, float]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime)
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def collected(course):
    base, c = course["base"], course["course"]
    hand = _hand_ins(base, course["subs"])
    paths = [str(p) for p in hand["paths"]]

    dry = _run("collect", A, *paths, "--course", str(c), "--dry-run", cwd=base)
    assert not (c / "submitted").exists()
    proc = _run("collect", A, *paths, "--course", str(c), cwd=base)
    return {**course, **hand, "dry": dry, "proc": proc}


def test_collect_files_land_in_the_right_folders(collected):
    c, proc = collected["course"], collected["proc"]
    assert proc.returncode == 1, proc.stdout + proc.stderr  # some files were not matched
    submitted = c / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(collected["expected"])
    for sid, (label, when) in collected["expected"].items():
        folder = submitted / sid / A
        assert sorted(p.name for p in folder.iterdir()) == [f"{A}.ipynb", "timestamp.txt"]
        assert _label(folder / f"{A}.ipynb") == label, sid
        stamp = (folder / "timestamp.txt").read_text(encoding="utf-8").strip()
        assert parse_utc(stamp) == when.replace(tzinfo=None), sid
        assert stamp.endswith(" UTC")


def test_collect_report_lists_every_file(collected):
    out = collected["proc"].stdout
    lines = out.splitlines()
    table = lines[lines.index(next(ln for ln in lines if ln.startswith("学号"))):]
    for sid, (label, _) in collected["expected"].items():
        name = label.removeprefix("zip:").rsplit("/", 1)[-1]
        row = next(ln for ln in table if ln.startswith(sid) and name in ln and "新收" in ln)
        assert dict(STUDENTS)[sid] in row
    for name in collected["superseded"]:
        assert any(name in ln and "有更新的一份，未用" in ln for ln in table), name
    section = out.split("没有收进来的文件 3 个")[1].split("忽略的系统文件和文件夹")[0]
    for name, reason in collected["unmatched"].items():
        assert any(name in ln and reason in ln for ln in section.splitlines()), name
    assert "2024001 张三" in section and "2024005 李四" in section  # the two it names
    ignored = out.split("忽略的系统文件和文件夹 2 个")[1]
    assert ".DS_Store" in ignored and "__MACOSX" in ignored
    assert "新收 6 份，重新提交 0 份，未变化 0 份，没有收进来 3 个文件" in out
    # the dry run printed the same, and said it was one
    dry = collected["dry"]
    assert dry.returncode == 1
    assert dry.stdout.splitlines()[0].startswith("试运行")
    assert dry.stdout.splitlines()[1:] == lines


@pytest.fixture(scope="module")
def graded(collected):
    c = collected["course"]
    build_course.run_nbgrader(c, "autograde", A)
    return collected


def test_autograde_uses_the_collected_copies_and_times(graded):
    c = graded["course"]
    with Gradebook(f"sqlite:///{c / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        for sid, (_, when) in graded["expected"].items():
            sub = gb.find_submission(A, sid)
            assert sub.timestamp == when.replace(tzinfo=None), sid
            late = max(0.0, (when.replace(tzinfo=None) - DUE).total_seconds())
            assert sub.total_seconds_late == late, sid
            want = graded["scores"].get(sid, graded["auto_max"])
            assert sub.code_score == want, sid
            assert (c / "autograded" / sid / A / f"{A}.ipynb").is_file()
    assert graded["auto_max"] > 0
    # 2024003 handed in two hours after the due date
    assert graded["expected"]["2024003"][1].replace(tzinfo=None) - DUE == timedelta(hours=2)


@pytest.fixture(scope="module")
def resubmitted(graded):
    base, c = graded["base"], graded["course"]
    db = f"sqlite:///{c / 'gradebook.db'}"
    with Gradebook(db, course_id=COURSE_ID) as gb:
        grade = gb.find_grade("w1_reflect", A, A, "2024001")
        grade.manual_score = 1.5
        grade.needs_manual_grade = False
        gb.db.commit()
    old = (c / "submitted" / "2024001" / A / f"{A}.ipynb").read_bytes()
    newer = base / "handins2"
    when = T0 + timedelta(hours=6)
    _put(newer / "2024001_张三_00_intro(1).ipynb",
         _notebook_bytes(graded["subs"]["solution"], "resubmitted"), when)
    out = io.StringIO()
    code = tcollect.main([A, str(newer), "--course", str(c)], stream=out)
    return {**graded, "old": old, "new_time": when, "resubmit_out": out.getvalue(),
            "resubmit_code": code, "newer": newer}


def test_resubmission_replaces_and_flags_the_manual_grade(resubmitted):
    c, out = resubmitted["course"], resubmitted["resubmit_out"]
    folder = c / "submitted" / "2024001" / A
    assert resubmitted["resubmit_code"] == 0, out
    assert "重新提交" in out
    flagged = next(ln for ln in out.splitlines() if ln.startswith("需要重新批改"))
    assert "2024001 张三" in flagged and "w1_reflect" in flagged and "1.5" in flagged
    assert _label(folder / f"{A}.ipynb") == "resubmitted"
    previous = list((folder / "previous").iterdir())
    assert len(previous) == 1 and previous[0].suffix == ".ipynb"
    assert previous[0].read_bytes() == resubmitted["old"]
    stamp = (folder / "timestamp.txt").read_text(encoding="utf-8").strip()
    assert parse_utc(stamp) == resubmitted["new_time"].replace(tzinfo=None)
    with Gradebook(f"sqlite:///{c / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        grade = gb.find_grade("w1_reflect", A, A, "2024001")
        assert grade.manual_score is None and grade.needs_manual_grade

    # nbgrader grades it again by itself (the submission is newer than the graded one); the
    # manual grade stays cleared
    build_course.run_nbgrader(c, "autograde", A)
    with Gradebook(f"sqlite:///{c / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        sub = gb.find_submission(A, "2024001")
        assert sub.timestamp == resubmitted["new_time"].replace(tzinfo=None)
        grade = gb.find_grade("w1_reflect", A, A, "2024001")
        assert grade.manual_score is None and grade.needs_manual_grade
    assert _label(c / "autograded" / "2024001" / A / f"{A}.ipynb") == "resubmitted"


def test_collecting_again_changes_nothing(resubmitted):
    c = resubmitted["course"]
    # a manual grade given after the resubmission must survive collecting the same files
    with Gradebook(f"sqlite:///{c / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        grade = gb.find_grade("w1_reflect", A, A, "2024005")
        grade.manual_score = 2.0
        gb.db.commit()
    before = _tree(c / "submitted")
    paths = [str(p) for p in resubmitted["paths"]] + [str(resubmitted["newer"])]
    out = io.StringIO()
    code = tcollect.main([A, *paths, "--course", str(c)], stream=out)
    text = out.getvalue()
    assert code == 1  # the three files nobody can take are still there
    assert "新收 0 份，重新提交 0 份，未变化 6 份，没有收进来 3 个文件" in text
    assert "需要重新批改" not in text
    assert _tree(c / "submitted") == before

    # the older hand-ins alone: 2024001's first file does not replace the resubmission
    out = io.StringIO()
    tcollect.main([A, *map(str, resubmitted["paths"]), "--course", str(c)], stream=out)
    text = out.getvalue()
    row = next(ln for ln in text.splitlines() if ln.startswith("2024001") and "比已收的旧" in ln)
    assert "2024001_张三_00_intro.ipynb" in row
    assert "未变化 5 份" in text
    assert _tree(c / "submitted") == before
    with Gradebook(f"sqlite:///{c / 'gradebook.db'}", course_id=COURSE_ID) as gb:
        assert gb.find_grade("w1_reflect", A, A, "2024005").manual_score == 2.0


def test_the_course_folders_are_never_collected_from(resubmitted):
    c = resubmitted["course"]
    before = _tree(c / "submitted")
    out = io.StringIO()
    assert tcollect.main([A, str(c), "--course", str(c)], stream=out) == 1
    text = out.getvalue()
    for folder in ("submitted", "autograded", "notebooks", "solutions"):
        assert any(f"{folder}/：课程自己的文件夹" in ln for ln in text.splitlines()), folder
    assert "新收 0 份，重新提交 0 份，未变化 0 份" in text
    assert _tree(c / "submitted") == before
    inside = c / "autograded" / "2024001"
    assert tcollect.main([A, str(inside), "--course", str(c)], stream=io.StringIO()) == 2
