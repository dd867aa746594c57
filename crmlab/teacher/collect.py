"""Collect a class's hand-ins into nbgrader's ``submitted/`` (``python -m crmlab.teacher collect``).

Hand-ins arrive as whatever the class and the learning platform produce: a folder (searched
recursively, one folder per student or not), loose ``.ipynb`` files, ``.zip`` archives (also
zips inside the folder or inside another zip). Each notebook (``.ipynb``, any letter case) is
matched to a student registered in the course gradebook (import the class list first with
``python -m crmlab.teacher roster``) by the student's id or name appearing in its file name or
in the names of the folders around it, from the folder (or zip) given on the command line down
(for a loose file: its own folder). Names and ids may come in either order, separated by "_",
"-", a space or nothing; copy marks ("(1)", "（1）", " - 副本", "-2", "_2", "复件 ") are
allowed. An id counts only as a whole token: 2024001 does not match inside 20240015. A name
that is part of a longer registered name (张三 in 张三丰) only counts for the longer one.

Zip file names: an entry with the UTF-8 flag is used as is; one without it was decoded by
:mod:`zipfile` as cp437 and is decoded again from its original bytes, as UTF-8 if they are valid
UTF-8, else as GB18030 (what Chinese Windows writes) when that gives Chinese characters.

A file whose names match no student, or several (their ids or names disagree, even at
different folder levels), is not collected; nor is a file that is not a notebook. Every such
file is listed with the reason, and the exit code is 1. System files (``.DS_Store``,
``Thumbs.db``, ``__MACOSX/``, ``.ipynb_checkpoints/`` ...) are ignored and only counted.

Of a student's files the latest is kept: latest modification time (a file's mtime; a zip
entry's Unix or NTFS time stamp if the zip has one, else its DOS date and time, read as this
computer's local time), on a tie the higher copy number. If several files share the latest
time and copy number but differ in content, none is taken (listed, exit code 1). The file is
copied to ``submitted/<id>/<assignment>/<assignment>.ipynb`` with nbgrader's ``timestamp.txt``
next to it: the file's time in UTC, written as nbgrader's exchange writes it
("%Y-%m-%d %H:%M:%S.%f %Z") and read back by ``nbgrader.utils.parse_utc``, so late
submissions get nbgrader's late penalty.

Resubmissions: if the student already has a submission of the assignment and the new file has
the same content, nothing happens (未变化); if it differs and is not older, it replaces the
submission, the old notebook is kept as ``previous/<time>.ipynb``, and every grade the teacher
had given by hand to the old version is set back to "needs grading" in the gradebook
(``manual_score = None``, ``needs_manual_grade = True``) and listed (需要重新批改). A file
older than the submission already collected does not replace it (listed).
"""

from __future__ import annotations

import io
import os
import re
import struct
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TextIO

from .roster import RosterError, course_gradebook, valid_id

__all__ = [
    "TIMESTAMP_FORMAT",
    "CollectError",
    "Collection",
    "HandIn",
    "Matcher",
    "Problem",
    "collect",
    "copy_number",
    "find_hand_ins",
    "main",
    "zip_entry_name",
    "zip_entry_time",
]

#: nbgrader's exchange format for ``timestamp.txt`` (``Exchange.timestamp_format``).
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"
NOTEBOOK_SUFFIX = ".ipynb"
JUNK_FILES = {".ds_store", "thumbs.db", "desktop.ini"}
JUNK_DIRS = {".ipynb_checkpoints", "__macosx", ".git", ".svn", "__pycache__", ".trash"}
MAX_ZIP_DEPTH = 4
_UTF8_FLAG = 0x800
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")

NO_MATCH = "对不上任何学生 (no student matched)：文件名和文件夹名里没有名单上的学号或姓名"
SEVERAL = "对上了不止一位学生 (several students matched)："
NOT_NOTEBOOK = "不是笔记本 (not a notebook)：只收 .ipynb 文件"

NEW, RESUBMITTED, UNCHANGED, OLDER, SUPERSEDED = (
    "新收 (new)",
    "重新提交 (resubmitted)",
    "未变化 (unchanged)",
    "比已收的旧，未替换 (older than the one collected)",
    "有更新的一份，未用 (a newer copy was used)",
)


class CollectError(RuntimeError):
    """Collecting cannot start (no course, no students, a path that does not exist)."""


# --------------------------------------------------------------------------------------------
# finding the files


@dataclass
class HandIn:
    """One notebook file handed in."""

    source: str  # where it came from, shown to the teacher
    levels: tuple[str, ...]  # file name (no extension), then the folders around it, inside out
    time: datetime  # modification time, aware (UTC)
    read: Callable[[], bytes]
    copy: int = 0
    student: str | None = None
    matched_by: str = ""


@dataclass
class Problem:
    """A file that was not collected, and why."""

    source: str
    reason: str
    ignored: bool = False  # a system file: listed, not an error


def _is_junk_file(name: str) -> bool:
    low = name.lower()
    return low in JUNK_FILES or low.startswith(("._", "~$"))


def zip_entry_name(info: zipfile.ZipInfo) -> str:
    """The file name of a zip entry, re-decoded when the zip did not mark it as UTF-8."""
    name = info.filename
    if not info.flag_bits & _UTF8_FLAG:
        # zipfile decoded the stored bytes as cp437; orig_filename is that text before zipfile
        # turned backslashes into "/" on Windows (0x5C can be the second byte of a GBK character)
        original = getattr(info, "orig_filename", None) or name
        try:
            raw = original.encode("cp437")
        except UnicodeEncodeError:
            raw = b""
        if raw and not raw.isascii():
            decoded = {}
            for encoding in ("utf-8", "gb18030"):
                try:
                    decoded[encoding] = raw.decode(encoding)
                except UnicodeDecodeError:
                    pass
            chinese = [t for t in decoded.values() if _HAS_CJK.search(t)]
            if chinese:  # UTF-8 first (macOS writes it without the flag), then GB18030
                name = chinese[0]
            elif "utf-8" in decoded:  # e.g. accented letters
                name = decoded["utf-8"]
    return name.replace("\\", "/")


_NTFS_EPOCH = datetime(1601, 1, 1, tzinfo=timezone.utc)
_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)


def zip_entry_time(info: zipfile.ZipInfo) -> datetime:
    """Modification time of a zip entry (aware, UTC): the extended Unix time stamp (0x5455) or
    the NTFS time (0x000a) if the zip has one, else the DOS date and time read as local time."""
    extra, i = info.extra, 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack("<HH", extra[i:i + 4])
        data = extra[i + 4:i + 4 + size]
        if tag == 0x5455 and len(data) >= 5 and data[0] & 1:
            return datetime.fromtimestamp(struct.unpack("<i", data[1:5])[0], timezone.utc)
        if tag == 0x000A and len(data) >= 32:
            j = 4
            while j + 4 <= len(data):
                attr, attr_size = struct.unpack("<HH", data[j:j + 4])
                if attr == 1 and attr_size >= 24:
                    ticks = struct.unpack("<Q", data[j + 4:j + 12])[0]
                    return _NTFS_EPOCH + timedelta(microseconds=ticks // 10)
                j += 4 + attr_size
        i += 4 + size
    try:
        return datetime(*info.date_time).astimezone(timezone.utc)
    except (ValueError, OverflowError, OSError):
        return _EPOCH


def _file_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)


def _classify(
    name: str, folders: tuple[str, ...], source: str, time: Callable[[], datetime],
    read: Callable[[], bytes], depth: int,
) -> Iterator[HandIn | Problem]:
    """What one file is: a notebook, a zip to open, a system file, or something else."""
    stem, suffix = os.path.splitext(name)
    suffix = suffix.lower()
    if _is_junk_file(name):
        yield Problem(source, "系统文件，忽略 (system file, ignored)", ignored=True)
    elif suffix == NOTEBOOK_SUFFIX:
        yield HandIn(source, (stem, *folders), time(), read)
    elif suffix == ".zip":
        if depth >= MAX_ZIP_DEPTH:
            yield Problem(source, f"压缩包套了 {depth} 层以上，没有打开 (zip nested too deep)")
            return
        try:
            data = read()
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
            yield Problem(source, f"压缩包打不开 (cannot open the zip)：{exc}")
            return
        with archive:
            yield from _walk_zip(archive, source, (stem, *folders), depth + 1)
    else:
        yield Problem(source, NOT_NOTEBOOK)


def _walk_zip(
    archive: zipfile.ZipFile, source: str, folders: tuple[str, ...], depth: int
) -> Iterator[HandIn | Problem]:
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = zip_entry_name(info)
        parts = [p for p in name.split("/") if p not in ("", ".")]
        if not parts:
            continue
        where = f"{source}/{'/'.join(parts)}"
        if any(p.lower() in JUNK_DIRS for p in parts[:-1]):
            yield Problem(where, "系统文件夹里的文件，忽略 (in a system folder, ignored)", ignored=True)
            continue
        inner = tuple(reversed(parts[:-1])) + folders
        wanted = os.path.splitext(parts[-1])[1].lower() in (NOTEBOOK_SUFFIX, ".zip")
        if not wanted or _is_junk_file(parts[-1]):  # not read at all
            yield from _classify(parts[-1], inner, where, lambda: _EPOCH, bytes, depth)
            continue
        try:
            data = archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError,
                EOFError) as exc:
            yield Problem(where, f"压缩包里的这个文件读不出来 (cannot read it from the zip)：{exc}")
            continue
        yield from _classify(
            parts[-1], inner, where, lambda info=info: zip_entry_time(info),
            lambda data=data: data, depth,
        )


COURSE_FOLDER = "课程自己的文件夹，跳过 (the course's own folder, skipped)"


def _walk_folder(
    root: Path, source: str, skip: frozenset[Path] = frozenset()
) -> Iterator[HandIn | Problem]:
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel = here.relative_to(root).parts
        keep = []
        for d in sorted(dirnames):
            shown = f"{_join(source, *rel, d)}/"
            if d.lower() in JUNK_DIRS:
                yield Problem(shown, "系统文件夹，忽略 (system folder, ignored)", ignored=True)
            elif (here / d).resolve() in skip:
                yield Problem(shown, COURSE_FOLDER, ignored=True)
            else:
                keep.append(d)
        dirnames[:] = keep
        folders = (*reversed(rel), root.name)
        for name in sorted(filenames):
            path = here / name
            yield from _classify(
                name, folders, _join(source, *rel, name), lambda p=path: _file_time(p),
                lambda p=path: p.read_bytes(), 0,
            )


def _join(source: str, *parts: str) -> str:
    return "/".join([source.rstrip("/\\"), *parts]) if parts else source


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def find_hand_ins(
    paths: Sequence[str | Path], skip: Sequence[str | Path] = ()
) -> list[HandIn | Problem]:
    """Every file under ``paths`` (folders, notebooks, zips) as a :class:`HandIn` or a
    :class:`Problem`. Folders in ``skip`` (the course's ``submitted/``, ``autograded/``...) are
    not searched, and a path inside one of them is an error."""
    skipped = frozenset(Path(s).resolve() for s in skip)
    found: list[HandIn | Problem] = []
    for p in paths:
        path = Path(p)
        inside = [s for s in skipped if path.resolve() == s or s in path.resolve().parents]
        if inside and path.exists():
            raise CollectError(
                f"{path}：在课程的 {inside[0].name}/ 文件夹里 (inside the course's own folder)，"
                "不能从这里收作业"
            )
        if path.is_dir():
            found.extend(_walk_folder(path, _shown(path), skipped))
        elif path.is_file():
            parent = path.resolve().parent.name
            found.extend(_classify(
                path.name, (parent,) if parent else (), _shown(path),
                lambda p=path: _file_time(p), lambda p=path: p.read_bytes(), 0,
            ))
        else:
            raise CollectError(f"{path}：找不到这个文件或文件夹 (no such file or folder)")
    return found


# --------------------------------------------------------------------------------------------
# matching


_COPY_PAREN = re.compile(r"\s*[(（]\s*(\d{1,3})\s*[)）]\s*$")
_COPY_WORD = re.compile(r"\s*[-_]?\s*(?:副本|复件|的副本|copy)\s*$", re.IGNORECASE)
_COPY_PREFIX = re.compile(r"^\s*(?:复件|副本|copy\s+of)\s*[-_ ]?\s*", re.IGNORECASE)
_COPY_NUMBER = re.compile(r"[-_ ](\d{1,2})\s*$")


def copy_number(
    stem: str, assignment: str = "", ids: frozenset[str] = frozenset()
) -> tuple[str, int]:
    """(the name without copy marks and without the assignment id, copy number).

    "00_intro(1)" -> 1, "00_intro - 副本 (2)" -> 2, "00_intro - 副本" -> 1, "00_intro-2" -> 2,
    "复件 00_intro" -> 1. A trailing "-12"/"_12" that is a registered student id is kept.
    """
    text = unicodedata.normalize("NFKC", stem).strip()
    if assignment:
        text = re.sub(re.escape(assignment), " ", text, flags=re.IGNORECASE)
    number = 0
    while True:
        m = _COPY_PAREN.search(text)
        if m:
            number = max(number, int(m.group(1)))
            text = text[:m.start()]
            continue
        m = _COPY_WORD.search(text)
        if m:
            number = max(number, 1)
            text = text[:m.start()]
            continue
        m = _COPY_PREFIX.match(text)
        if m and m.end() < len(text):
            number = max(number, 1)
            text = text[m.end():]
            continue
        m = _COPY_NUMBER.search(text)
        if m and m.group(1) not in ids:
            number = max(number, int(m.group(1)))
            text = text[:m.start()]
            continue
        break
    return text, number


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


class Matcher:
    """Finds registered students by id and name in file and folder names."""

    def __init__(self, students: Sequence[tuple[str, str]], assignment: str = "") -> None:
        self.names = dict(students)
        self.assignment = assignment
        self.ids = frozenset(self.names)
        self._id_patterns = []
        self._name_patterns = []
        for sid, name in students:
            if sid.isdigit():  # a whole number token: not inside a longer number
                pattern = rf"(?<!\d){re.escape(sid)}(?!\d)"
            else:
                pattern = rf"(?<![a-z0-9]){re.escape(sid.lower())}(?![a-z0-9])"
            self._id_patterns.append((sid, re.compile(pattern)))
            for variant in self._name_variants(name):
                self._name_patterns.append((sid, variant))

    @staticmethod
    def _name_variants(name: str) -> list[re.Pattern]:
        name = _normalize(name).strip()
        if _HAS_CJK.search(name):
            chars = [c for c in name if not c.isspace()]
            if len(chars) < 2:
                return []
            return [re.compile(r"\s?".join(map(re.escape, chars)))]
        parts = re.findall(r"[^\s_.\-]+", name)
        if not parts or len("".join(parts)) < 2:
            return []
        joined = r"[\s_.\-]?".join(map(re.escape, parts))
        variants = [joined]
        if len(parts) == 2:  # "Lee Tom" as well as "Tom Lee"
            variants.append(r"[\s_.\-]?".join(map(re.escape, reversed(parts))))
        return [re.compile(rf"(?<![a-z]){v}(?![a-z])") for v in variants]

    def in_text(self, text: str) -> dict[str, set[str]]:
        """{student id: {"学号", "姓名"}} of the students whose id or name is in ``text``."""
        text = _normalize(text)
        found: dict[str, set[str]] = {}
        for sid, pattern in self._id_patterns:
            if pattern.search(text):
                found.setdefault(sid, set()).add("学号")
        spans = []
        for sid, pattern in self._name_patterns:
            spans.extend((m.start(), m.end(), sid) for m in pattern.finditer(text))
        for start, end, sid in spans:
            inside_longer = any(
                s2 <= start and end <= e2 and (e2 - s2) > (end - start) and sid2 != sid
                for s2, e2, sid2 in spans
            )
            if not inside_longer:
                found.setdefault(sid, set()).add("姓名")
        return found

    def match(self, hand_in: HandIn) -> tuple[dict[str, set[str]], int]:
        """(matched students, copy number) of a hand-in, from all its name levels."""
        found: dict[str, set[str]] = {}
        copy = 0
        for i, level in enumerate(hand_in.levels):
            text, number = copy_number(level, self.assignment, self.ids)
            if i == 0:
                copy = number
            for sid, how in self.in_text(text).items():
                found.setdefault(sid, set()).update(how)
        return self._id_settles_shared_names(found), copy

    def _id_settles_shared_names(self, found: dict[str, set[str]]) -> dict[str, set[str]]:
        """Two students with the same name: a file that also carries one student's id is that
        student's. Only the shared name is overruled; a name and an id that point to two
        different people stay ambiguous."""
        by_id = [sid for sid, how in found.items() if "学号" in how]
        if len(by_id) != 1:
            return found
        (sid,) = by_id
        own = _normalize(self.names.get(sid, "")).replace(" ", "")
        others = [s for s in found if s != sid]
        if own and all(
            "学号" not in found[s] and _normalize(self.names.get(s, "")).replace(" ", "") == own
            for s in others
        ):
            return {sid: found[sid]}
        return found


# --------------------------------------------------------------------------------------------
# collecting


@dataclass
class Row:
    """One matched file in the table."""

    student: str
    name: str
    hand_in: HandIn
    status: str
    regrade: list[tuple[str, str, float]] = field(default_factory=list)  # notebook, cell, score


@dataclass
class Collection:
    """What :func:`collect` did."""

    assignment: str
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # students with no submission
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def unmatched(self) -> list[Problem]:
        return [p for p in self.problems if not p.ignored]

    @property
    def ok(self) -> bool:
        return not self.unmatched

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def _utc_naive(time: datetime) -> datetime:
    return time.astimezone(timezone.utc).replace(tzinfo=None)


def timestamp_text(time: datetime) -> str:
    """``time`` as nbgrader's ``timestamp.txt`` holds it (UTC)."""
    return time.astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)


def _existing_timestamp(coursedir, folder: Path) -> datetime | None:
    try:
        return coursedir.get_existing_timestamp(str(folder))
    except Exception:  # noqa: BLE001 - an unreadable timestamp.txt counts as none
        return None


def _write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".collecting")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _previous_name(folder: Path, when: datetime, suffix: str) -> Path:
    stamp = when.astimezone().strftime("%Y-%m-%d_%H-%M-%S")
    path = folder / f"{stamp}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stamp}_{n}{suffix}"
        n += 1
    return path


def _reset_manual_grades(db_url: str, course_id: str, assignment: str, student: str,
                         dry_run: bool) -> list[tuple[str, str, float]]:
    """Set the grades given by hand to the student's submission back to "needs grading"."""
    from nbgrader.api import Gradebook, MissingEntry

    flagged = []
    with Gradebook(db_url, course_id=course_id) as gb:
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            return []
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                if grade.manual_score is not None:
                    flagged.append((notebook.name, grade.name, grade.manual_score))
                    if not dry_run:
                        grade.manual_score = None
                        grade.needs_manual_grade = True
        if flagged and not dry_run:
            gb.db.commit()
    return flagged


def _store(row: Row, data: bytes, assignment: str, coursedir, db: tuple[str, str],
           dry_run: bool) -> None:
    """Put the chosen file in ``submitted/``; set ``row.status``."""
    folder = Path(coursedir.format_path(coursedir.submitted_directory, row.student, assignment))
    target = folder / f"{assignment}{NOTEBOOK_SUFFIX}"
    as_submitted = target.with_name(target.name + ".as-submitted")  # kept by grade.preflight
    new_time = row.hand_in.time
    if target.exists():
        before = {target.read_bytes()}
        if as_submitted.exists():
            before.add(as_submitted.read_bytes())
        if data in before:
            row.status = UNCHANGED
            return
        old_time = _existing_timestamp(coursedir, folder)
        if old_time is not None and _utc_naive(new_time) < old_time:
            row.status = OLDER
            return
        row.status = RESUBMITTED
        row.regrade = _reset_manual_grades(*db, assignment, row.student, dry_run)
        if dry_run:
            return
        previous = folder / "previous"
        previous.mkdir(exist_ok=True)
        when = (old_time.replace(tzinfo=timezone.utc) if old_time is not None
                else datetime.fromtimestamp(target.stat().st_mtime, timezone.utc))
        keep = _previous_name(previous, when, NOTEBOOK_SUFFIX)
        os.replace(target, keep)
        if as_submitted.exists():
            os.replace(as_submitted, keep.with_name(keep.name + ".as-submitted"))
    else:
        row.status = NEW
        if dry_run:
            return
        folder.mkdir(parents=True, exist_ok=True)
    _write_bytes(target, data)
    os.utime(target, (new_time.timestamp(), new_time.timestamp()))
    (folder / "timestamp.txt").write_text(timestamp_text(new_time) + "\n", encoding="utf-8")


def collect(
    assignment: str,
    paths: Sequence[str | Path],
    course: str | Path = ".",
    *,
    dry_run: bool = False,
) -> Collection:
    """Collect the hand-ins under ``paths`` for ``assignment`` into ``course``'s ``submitted/``."""
    from nbgrader.api import Gradebook, MissingEntry

    if not valid_id(assignment):
        raise CollectError(f"作业编号“{assignment}”不能用 (invalid assignment id)")
    if not paths:
        raise CollectError("没有给出要收的文件或文件夹 (no files or folders given)")
    try:
        db_url, course_id, coursedir = course_gradebook(course)
    except RosterError as exc:
        raise CollectError(str(exc)) from None
    if db_url.startswith("sqlite:///"):
        db_file = Path(db_url[len("sqlite:///"):].split("?")[0])
        if not db_file.is_file():
            raise CollectError(
                f"找不到成绩库 (gradebook) {db_file}：先导入名单 (roster)，例如 "
                "python -m crmlab.teacher roster 名单.xlsx"
            )
    own = [
        coursedir.format_path(getattr(coursedir, f"{kind}_directory"), ".", ".")
        for kind in ("submitted", "autograded", "feedback", "source", "release", "solution")
    ]
    result = Collection(assignment, dry_run=dry_run)
    with Gradebook(db_url, course_id=course_id) as gb:
        students = [(s.id, f"{s.last_name or ''}{s.first_name or ''}") for s in gb.students]
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            result.warnings.append(
                f"成绩库里还没有作业 {assignment} (assignment not in the gradebook)：评分前先运行 "
                f"nbgrader generate_assignment {assignment}"
            )
    if not students:
        raise CollectError(
            "成绩库里没有学生 (no students in the gradebook)：先导入名单，例如 "
            "python -m crmlab.teacher roster 名单.xlsx"
        )
    names = dict(students)
    matcher = Matcher(students, assignment)
    by_student: dict[str, list[HandIn]] = {}
    for item in find_hand_ins(paths, own):
        if isinstance(item, Problem):
            result.problems.append(item)
            continue
        found, item.copy = matcher.match(item)
        if not found:
            result.problems.append(Problem(item.source, NO_MATCH))
        elif len(found) > 1:
            who = "、".join(
                f"{sid} {names[sid]}（{'+'.join(sorted(how, reverse=True))}）"
                for sid, how in sorted(found.items())
            )
            result.problems.append(Problem(item.source, SEVERAL + who))
        else:
            (sid, how), = found.items()
            item.student, item.matched_by = sid, "+".join(sorted(how, reverse=True))
            by_student.setdefault(sid, []).append(item)

    for sid in sorted(by_student):
        items = sorted(by_student[sid], key=lambda h: (h.time, h.copy), reverse=True)
        best = items[0]
        tied = [h for h in items[1:] if (h.time, h.copy) == (best.time, best.copy)]
        try:
            data = best.read()
            differ = any(h.read() != data for h in tied)
        except OSError as exc:
            for h in items:
                result.problems.append(Problem(
                    h.source, f"{sid} {names[sid]} 的文件读不出来 (cannot read)：{exc}"
                ))
            continue
        if differ:
            for h in items:
                result.problems.append(Problem(
                    h.source,
                    f"{sid} {names[sid]} 有几份文件时间和副本号都相同、内容却不同，无法判断哪份最新 "
                    "(several different files with the same time; cannot tell which is the latest)",
                ))
            continue
        row = Row(sid, names[sid], best, "")
        _store(row, data, assignment, coursedir, (db_url, course_id), dry_run)
        result.rows.append(row)
        for h in items[1:]:
            result.rows.append(Row(sid, names[sid], h, SUPERSEDED))

    have = set(by_student)
    for sid, name in students:
        folder = Path(coursedir.format_path(coursedir.submitted_directory, sid, assignment))
        if sid not in have and not (folder / f"{assignment}{NOTEBOOK_SUFFIX}").exists():
            result.missing.append((sid, name))
    result.missing.sort()
    return result


# --------------------------------------------------------------------------------------------
# printing


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def report(result: Collection) -> str:
    """The text :func:`main` prints."""
    a = result.assignment
    out = []
    if result.dry_run:
        out.append("试运行 (dry run)：只显示结果，不写入任何文件，也不改成绩库。")
    out += [f"提醒 (warning)：{w}" for w in result.warnings]
    if result.rows:
        rows = [
            [r.student, r.name, r.hand_in.source,
             r.hand_in.time.astimezone().strftime("%Y-%m-%d %H:%M:%S"), r.hand_in.matched_by,
             r.status]
            for r in result.rows
        ]
        out.append(f"收到的作业 (collected)：{a}")
        out.append(_table(["学号", "姓名", "文件 (file)", "修改时间 (time)", "依据 (by)", "结果 (result)"],
                          rows))
    regrade = [r for r in result.rows if r.regrade]
    for r in regrade:
        cells = "、".join(f"{cell}（原来 {score:g} 分）" for _, cell, score in r.regrade)
        out.append(f"需要重新批改 (needs grading again)：{r.student} {r.name}：{cells}")
    again = [r.student for r in result.rows if r.status == RESUBMITTED]
    if again:
        out.append(
            "重新提交的作业要重新自动评分 (autograde again)：python -m crmlab.teacher grade "
            f"{a} --force " + " ".join(f"--student {s}" for s in again)
        )
    unmatched = result.unmatched
    if unmatched:
        out.append(f"没有收进来的文件 {len(unmatched)} 个 (files not collected)：")
        out += [f"  {p.source}：{p.reason}" for p in unmatched]
    ignored = [p for p in result.problems if p.ignored]
    if ignored:
        out.append(f"忽略的系统文件和文件夹 {len(ignored)} 个 (ignored)：")
        out += [f"  {p.source}：{p.reason}" for p in ignored]
    if result.missing:
        out.append(f"还没有交 {a} 的学生 {len(result.missing)} 人 (no submission yet)："
                   + "、".join(f"{s} {n}" for s, n in result.missing))
    out.append(
        f"合计 (total)：新收 {result.count(NEW)} 份，重新提交 {result.count(RESUBMITTED)} 份，"
        f"未变化 {result.count(UNCHANGED)} 份，没有收进来 {len(unmatched)} 个文件。"
    )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None, stream: TextIO | None = None) -> int:
    """``python -m crmlab.teacher collect``: see :func:`collect`."""
    import argparse

    out = sys.stdout if stream is None else stream
    parser = argparse.ArgumentParser(
        prog="python -m crmlab.teacher collect",
        description="收作业 (collect hand-ins)：在文件夹、.ipynb 文件和 zip 压缩包里找学生交的笔记本，"
        "按文件名或文件夹名里的学号、姓名对上名单上的学生，把每人最新的一份放进 "
        "submitted/<学号>/<作业>/。对不上的文件都会列出来，这时退出码是 1。",
    )
    parser.add_argument("assignment", help="作业编号 (assignment id)，例如 00_intro")
    parser.add_argument(
        "paths", nargs="+", help="文件夹、.ipynb 文件或 .zip 压缩包 (folders, notebooks, zips)"
    )
    parser.add_argument("--course", default=".", help="课程目录（默认：当前文件夹）(course directory)")
    parser.add_argument("--dry-run", action="store_true",
                        help="只显示会怎样收，不写入任何文件 (show, do not write)")
    args = parser.parse_args(argv)
    try:
        result = collect(args.assignment, args.paths, args.course, dry_run=args.dry_run)
    except CollectError as exc:
        print(f"错误 (error)：{exc}", file=sys.stderr)
        return 2
    out.write(report(result) + "\n")
    out.flush()
    return 0 if result.ok else 1
