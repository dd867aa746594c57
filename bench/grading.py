"""Benchmark: sandboxed class grading against plain ``nbgrader autograde``.

    python bench/grading.py 05_rfm               # 40 students, plus the sandbox's own cost
    python bench/grading.py 00_intro --students 20 --jobs 2
    python bench/grading.py --all                # every lesson

For each lesson it builds a throw-away course (this course's ``nbgrader_config.py`` and the
lesson's ``solutions/`` folder), runs ``nbgrader generate_assignment``, and hands in a class of
synthetic submissions made from the teacher and student notebooks: a quarter right, a quarter
with the lesson's ``WRONG`` answers, a quarter blank (as handed out), and a quarter mixed (each
answer cell right, wrong or blank at random, fixed seed). Two identical copies of the course
are then graded, each by a fresh command, as a teacher would type it:

* ``nbgrader autograde <lesson>`` with nbgrader's own execution step (its default preprocessors:
  one kernel after another, the test cells run in the student's kernel, no sandbox);
* ``python -m crmlab.teacher grade <lesson> --jobs N`` with the kit's sandboxed step (a fresh
  sandboxed kernel per submission, hidden tests in a separate process).

Both times include starting the command. The two gradebooks are compared (plain nbgrader can
only run the visible checks, so scores may differ where a visible check is more lenient than the
hidden test). For the first lesson it also measures, in the same run, the sandbox's own cost
(the kit's step with and without isolation, one job, 10 students) and how the sandboxed time
grows from 10 to ``--students`` submissions.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

import build_course
import nbbuild
import nbformat

from crmlab.teacher.grade import cpu_count

SCORES_SQL = """
SELECT sa.student_id, bc.name, g.auto_score, g.manual_score, g.needs_manual_grade
FROM grade g
JOIN submitted_notebook sn ON g.notebook_id = sn.id
JOIN submitted_assignment sa ON sn.assignment_id = sa.id
JOIN base_cell bc ON g.cell_id = bc.id
ORDER BY sa.student_id, bc.name
"""


def _answer_cells(nb) -> dict[str, int]:
    return {
        nbbuild.nbgrader_meta(c)["grade_id"]: i
        for i, c in enumerate(nb.cells)
        if nbbuild.nbgrader_meta(c).get("solution") and c.cell_type == "code"
        and not nbbuild.nbgrader_meta(c).get("grade")
    }


def make_class(assignment: str, course: Path, n: int, seed: int = 7) -> dict[str, str]:
    """Hand in ``n`` synthetic submissions; return student id -> kind."""
    lesson = nbbuild.load_lesson(assignment)
    student = nbformat.read(course / "notebooks" / assignment / f"{assignment}.ipynb", 4)
    teacher = nbformat.read(course / "solutions" / assignment / f"{assignment}.ipynb", 4)
    right = {
        nbbuild.nbgrader_meta(c)["grade_id"]: c.source
        for c in teacher.cells
        if nbbuild.nbgrader_meta(c).get("solution") and c.cell_type == "code"
    }
    wrong = {**right, **lesson.wrong.answers}
    cells = _answer_cells(student)
    rng = random.Random(seed)
    kinds = {}
    for i in range(n):
        kind = ("right", "wrong", "blank", "mixed")[i % 4]
        nb = copy.deepcopy(student)
        for gid, pos in cells.items():
            choice = kind if kind != "mixed" else rng.choice(["right", "wrong", "blank"])
            if choice == "right":
                nb.cells[pos].source = right[gid]
            elif choice == "wrong":
                nb.cells[pos].source = wrong[gid]
        sid = f"2024{i + 1:03d}"
        folder = course / "submitted" / sid / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{assignment}.ipynb")
        kinds[sid] = kind
    return kinds


def _scores(course: Path) -> list[tuple]:
    with sqlite3.connect(course / "gradebook.db") as con:
        return con.execute(SCORES_SQL).fetchall()


def _timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=cwd, env=build_course.kernel_env(env), capture_output=True, text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds


NBGRADER_DEFAULT_STEP = """
# plain nbgrader: its own default autograde preprocessors (no sandbox)
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
"""


def _course(workdir: Path, name: str, assignment: str, n: int, extra: str = "") -> Path:
    course = build_course.make_course(workdir / assignment / name, [assignment], extra)
    build_course.run_nbgrader(course, "generate_assignment", assignment)
    make_class(assignment, course, n)
    return course


def _grade(course: Path, assignment: str, jobs: int, env: dict | None = None) -> float:
    cmd = [sys.executable, "-m", "crmlab.teacher", "grade", assignment, "--jobs", str(jobs)]
    return _timed(cmd, course, env)


def bench(assignment: str, n: int, jobs: int, workdir: Path, extra: bool) -> dict:
    plain = _course(workdir, "plain", assignment, n, NBGRADER_DEFAULT_STEP)
    fast = _course(workdir, "sandboxed", assignment, n)
    bindir = Path(sys.executable).parent
    t_plain = _timed([str(bindir / "nbgrader"), "autograde", assignment], plain)
    t_fast = _grade(fast, assignment, jobs)
    a, b = _scores(plain), _scores(fast)
    if len(a) == 0 or len(a) != len(b):
        raise RuntimeError(f"{assignment}: the gradebooks do not hold the same cells")
    for course in (plain, fast):
        with sqlite3.connect(course / "gradebook.db") as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    row = {
        "assignment": assignment, "students": n, "grades": len(a),
        "plain": t_plain, "parallel": t_fast, "ratio": t_plain / t_fast,
        "differ": sum(1 for x, y in zip(a, b) if x != y),
    }
    if extra:
        small = min(10, n)
        iso = _course(workdir, "one-job-isolated", assignment, small)
        bare = _course(workdir, "one-job-unisolated", assignment, small)
        ten = _course(workdir, "ten", assignment, small)
        row["isolated_1"] = _grade(iso, assignment, 1)
        row["unisolated_1"] = _grade(bare, assignment, 1, {"CRMLAB_SANDBOX": "off"})
        row["small"] = small
        row["ten"] = _grade(ten, assignment, jobs)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="lesson ids (default: 05_rfm)")
    parser.add_argument("--all", action="store_true", help="every lesson")
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=cpu_count())
    args = parser.parse_args(argv)
    wanted = (
        [p.stem for p in nbbuild.lesson_paths()] if args.all else args.assignments or ["05_rfm"]
    )
    os.environ.update(build_course.kernel_env())
    rows = []
    with tempfile.TemporaryDirectory(prefix="crmlab-bench-") as tmp:
        for i, assignment in enumerate(wanted):
            try:
                row = bench(assignment, args.students, args.jobs, Path(tmp), extra=i == 0)
            # a lesson being edited must not stop the others
            except (RuntimeError, OSError, ValueError, AssertionError,
                    subprocess.SubprocessError) as exc:
                print(f"{assignment}: skipped ({type(exc).__name__}: {str(exc)[:300]})")
                continue
            rows.append(row)
            print(
                f"{assignment}: plain {row['plain']:.1f} s, sandboxed {row['parallel']:.1f} s, "
                f"ratio {row['ratio']:.2f}, grades that differ {row['differ']}", flush=True,
            )
            if "isolated_1" in row:
                k = row["small"]
                cost = (row["isolated_1"] - row["unisolated_1"]) / k
                print(
                    f"  one job, {k} students: sandboxed {row['isolated_1']:.1f} s, without "
                    f"isolation {row['unisolated_1']:.1f} s -> the sandbox costs {cost:.2f} s "
                    f"per submission ({row['isolated_1'] / row['unisolated_1']:.2f}x)", flush=True,
                )
                print(
                    f"  growth: {k} students {row['ten']:.1f} s ({row['ten'] / k:.2f} s each), "
                    f"{row['students']} students {row['parallel']:.1f} s "
                    f"({row['parallel'] / row['students']:.2f} s each)", flush=True,
                )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print()
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {cpu_count()} cores, "
        f"--jobs {args.jobs}, load average at the end {load:.1f}"
    )
    print()
    print("| lesson | students | plain nbgrader autograde (s) | sandboxed crmlab-teacher grade (s) "
          "| ratio |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['assignment']} | {r['students']} | {r['plain']:.1f} | {r['parallel']:.1f} "
            f"| {r['ratio']:.2f}× |"
        )
    if len(rows) > 1:
        tp, tf = sum(r["plain"] for r in rows), sum(r["parallel"] for r in rows)
        n = sum(r["students"] for r in rows)
        print(f"| all | {n} | {tp:.1f} | {tf:.1f} | {tp / tf:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
