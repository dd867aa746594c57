"""Benchmark: parallel class grading against plain ``nbgrader autograde``.

    python bench/grading.py                      # every lesson, 40 students each
    python bench/grading.py 00_intro --students 20 --jobs 2

For each lesson it builds a throw-away course (this course's ``nbgrader_config.py`` and the
lesson's ``solutions/`` folder), runs ``nbgrader generate_assignment``, and hands in a class of
synthetic submissions made from the teacher and student notebooks: a quarter right, a quarter
with the lesson's ``WRONG`` answers, a quarter blank (as handed out), and a quarter mixed (each
answer cell right, wrong or blank at random, fixed seed). Two identical copies of the course
are then graded, each by a fresh command, as a teacher would type it:

* ``nbgrader autograde <lesson>``
* ``python -m crmlab.teacher grade <lesson> --jobs N``

Both times include starting the command. The script checks that the two gradebooks hold the
same scores, then prints a Markdown table with both times and their ratio.
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


def _timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=cwd, env=build_course.kernel_env(), capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds


def bench(assignment: str, n: int, jobs: int, workdir: Path) -> dict:
    plain = build_course.make_course(workdir / assignment / "plain", [assignment])
    build_course.run_nbgrader(plain, "generate_assignment", assignment)
    kinds = make_class(assignment, plain, n)
    fast = workdir / assignment / "parallel"
    shutil.copytree(plain, fast)
    bindir = Path(sys.executable).parent
    t_plain = _timed([str(bindir / "nbgrader"), "autograde", assignment], plain)
    t_fast = _timed(
        [sys.executable, "-m", "crmlab.teacher", "grade", assignment, "--jobs", str(jobs)], fast
    )
    a, b = _scores(plain), _scores(fast)
    if a != b or len(a) == 0:
        raise RuntimeError(f"{assignment}: the two gradebooks differ")
    for course in (plain, fast):
        with sqlite3.connect(course / "gradebook.db") as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return {
        "assignment": assignment, "students": len(kinds), "grades": len(a),
        "plain": t_plain, "parallel": t_fast, "ratio": t_plain / t_fast,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="lesson ids (default: every lesson)")
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=cpu_count())
    args = parser.parse_args(argv)
    wanted = args.assignments or [p.stem for p in nbbuild.lesson_paths()]
    os.environ.update(build_course.kernel_env())
    rows = []
    with tempfile.TemporaryDirectory(prefix="crmlab-bench-") as tmp:
        for assignment in wanted:
            try:
                row = bench(assignment, args.students, args.jobs, Path(tmp))
            # a lesson being edited must not stop the others
            except (RuntimeError, OSError, ValueError, AssertionError,
                    subprocess.SubprocessError) as exc:
                print(f"{assignment}: skipped ({type(exc).__name__}: {str(exc)[:300]})")
                continue
            rows.append(row)
            print(
                f"{assignment}: plain {row['plain']:.1f} s, parallel {row['parallel']:.1f} s, "
                f"ratio {row['ratio']:.2f}", flush=True,
            )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print()
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {cpu_count()} cores, "
        f"--jobs {args.jobs}, load average at the end {load:.1f}"
    )
    print()
    print("| lesson | students | nbgrader autograde (s) | crmlab.teacher grade (s) | ratio |")
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
