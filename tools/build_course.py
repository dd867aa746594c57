"""Build the course notebooks from the text lessons.

    python tools/build_course.py            # every lesson in lessons/
    python tools/build_course.py 00_intro   # just these

For each assignment this
1. checks the text lesson ``lessons/<id>/<id>.py`` (nbgrader metadata, grade ids, Python syntax)
   and writes the teacher notebook ``solutions/<id>/<id>.ipynb`` from it;
2. executes it in place (nbclient, ``CRMLAB_STATIC_WIDGETS=1``) so it stores its outputs, which
   the nbval test then reproduces;
3. runs ``nbgrader generate_assignment <id> --force``, which writes the student notebook
   ``notebooks/<id>/<id>.ipynb`` (solutions and hidden tests removed, outputs cleared).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

import nbbuild

ROOT = nbbuild.ROOT


def kernel_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for kernels and nbgrader: the running Python's bin first on PATH (nbgrader
    calls ``alembic`` by name), the repository importable, widgets static."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bindir, env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(ROOT), env.get("PYTHONPATH", "")] if p)
    env["CRMLAB_STATIC_WIDGETS"] = "1"
    env.setdefault("PYTHONHASHSEED", "0")
    env.update(extra or {})
    return env


def nbgrader_cmd(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "nbgrader"), *args]


def make_course(dest: Path, assignments: list[str], extra_config: str = "") -> Path:
    """A throw-away course directory: this course's config plus ``solutions/<id>/``."""
    dest.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
    (dest / "nbgrader_config.py").write_text(config + extra_config, encoding="utf-8")
    for assignment in assignments:
        shutil.copytree(ROOT / "solutions" / assignment, dest / "solutions" / assignment)
    shutil.copytree(ROOT / "grading", dest / "grading", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def run_nbgrader(course: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` in ``course``; raise with its log if it fails."""
    proc = subprocess.run(
        nbgrader_cmd(*args),
        check=False,
        cwd=course,
        env=kernel_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def execute(nb, cwd: Path, timeout: int = 300):
    """Run every cell (errors are not allowed in a teacher notebook)."""
    saved = dict(os.environ)
    os.environ.update(kernel_env())
    try:
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(cwd)}},
            record_timing=False,
        )
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return nb


def build(assignment: str, *, generate: bool = True) -> None:
    lesson = nbbuild.load_lesson(assignment)
    nb = lesson.notebook()
    text = nbbuild.to_text(nb)  # the canonical form (an editor may reorder metadata keys)
    if lesson.path.read_text(encoding="utf-8") != text:
        lesson.path.write_text(text, encoding="utf-8")
        print(f"normalised {lesson.path.relative_to(ROOT)}")
    folder = ROOT / "solutions" / assignment
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    execute(nb, folder)
    path = folder / f"{assignment}.ipynb"
    nbformat.write(nb, path)
    print(f"wrote {path.relative_to(ROOT)} ({time.perf_counter() - start:.1f} s)")
    if generate:
        subprocess.run(
            nbgrader_cmd("generate_assignment", assignment, "--force", "--log-level=WARN"),
            cwd=ROOT,
            env=kernel_env(),
            check=True,
        )
        print(f"wrote notebooks/{assignment}/{assignment}.ipynb")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="assignment ids (default: all lessons)")
    parser.add_argument(
        "--no-generate", action="store_true", help="only write and execute the teacher copy"
    )
    args = parser.parse_args(argv)
    known = [p.stem for p in nbbuild.lesson_paths()]
    wanted = args.assignments or known
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        parser.error(f"no text lesson lessons/<id>/<id>.py for: {', '.join(unknown)}")
    for assignment in wanted:
        build(assignment, generate=not args.no_generate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
