"""Start a new lesson as a copy of an existing one.

    python tools/new_lesson.py 08_loyalty --from 06_logistics_abc

A lesson lives in three places, one per layer (see ``docs/authoring.md``):

* ``lessons/<id>/``: the text notebook ``<id>.py`` and ``scenarios.py`` (teacher side);
* ``crmcourse/l<id>/``: the course code students install: ``checks.py``, ``widgets.py``,
  ``formulas.py``;
* ``grading/hidden/l<id>.py``: the hidden tests (teacher side).

This copies all three from ``--from`` and renames every mention of the old id, so the copy builds
and grades at once; then edit the text notebook in JupyterLab, the checks and the hidden tests,
and run ``python tools/build_course.py <id>``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import nbbuild

ROOT = nbbuild.ROOT


def places(assignment: str, root: Path = ROOT) -> list[Path]:
    return [
        root / "lessons" / assignment,
        root / "crmcourse" / f"l{assignment}",
        root / "grading" / "hidden" / f"l{assignment}.py",
    ]


def _rename(path: Path, old: str, new: str) -> None:
    for file in [path] if path.is_file() else sorted(path.rglob("*")):
        if file.is_file() and file.suffix == ".py":
            text = file.read_text(encoding="utf-8")
            file.write_text(text.replace(old, new), encoding="utf-8")
        if file.is_file() and old in file.name:
            file.rename(file.with_name(file.name.replace(old, new)))


def new_lesson(assignment: str, source: str, root: Path = ROOT) -> list[Path]:
    """Copy lesson ``source`` to ``assignment``; return the places made."""
    if not nbbuild.ASSIGNMENT_ID.match(assignment):
        raise SystemExit(f"a lesson id is two digits, _ and a short name, e.g. 08_loyalty: "
                         f"{assignment!r}")
    made = []
    for src, dst in zip(places(source, root), places(assignment, root)):
        if not src.exists():
            raise SystemExit(f"no {src.relative_to(root)} to copy from")
        if dst.exists():
            raise SystemExit(f"{dst.relative_to(root)} exists already")
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dst)
        _rename(dst, source, assignment)
        made.append(dst)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment", help="the new lesson's id, e.g. 08_loyalty")
    parser.add_argument("--from", dest="source", required=True,
                        help="the lesson to copy, e.g. 06_logistics_abc")
    args = parser.parse_args(argv)
    for path in new_lesson(args.assignment, args.source):
        print(f"made {path.relative_to(ROOT)}")
    print(f"next: edit lessons/{args.assignment}/{args.assignment}.py, then "
          f"python tools/build_course.py {args.assignment}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
