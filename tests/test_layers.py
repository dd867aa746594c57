"""The package layers: imports only point down.

1. ``crmlab``: analytics, validation, datasets, plots, fonts;
2. ``crmlab.feedback``: the generic check and widget framework;
3. ``crmcourse.lNN_<name>``: one lesson's checks, widgets and formulas;
4. ``crmlab.teacher``: grading, report, export;
5. ``grading/hidden``: the hidden tests (teacher side, not in the package).

A module may import its own layer or a lower one, never a higher one; a lesson's course code
never imports another lesson's.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NAMES = {1: "crmlab (analytics)", 2: "crmlab.feedback", 3: "crmcourse", 4: "crmlab.teacher",
         5: "grading/hidden"}


def layer(module: str) -> int | None:
    """The layer of a module of the kit, or None for anything else (pandas, the stdlib...)."""
    top = module.split(".")[0]
    if module == "crmlab.feedback" or module.startswith("crmlab.feedback."):
        return 2
    if module == "crmlab.teacher" or module.startswith("crmlab.teacher."):
        return 4
    if top == "crmlab":
        return 1
    if top == "crmcourse":
        return 3
    if top == "_textbook" or (top.startswith("l") and (ROOT / "grading" / "hidden" /
                                                      f"{top}.py").is_file()):
        return 5
    return None


def module_name(path: Path, root: Path = ROOT) -> str:
    rel = path.relative_to(root)
    if rel.parts[0] == "grading":
        return path.stem
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, relative ones resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            out.append((node.lineno, target))
            # "from crmlab import teacher" names a submodule
            out += [(node.lineno, f"{target}.{a.name}") for a in node.names]
    return out


def sources() -> list[Path]:
    files = [*(ROOT / "crmlab").rglob("*.py"), *(ROOT / "crmcourse").rglob("*.py"),
             *(ROOT / "grading" / "hidden").glob("*.py")]
    return sorted(f for f in files if "__pycache__" not in f.parts)


def violations(files: list[Path], root: Path = ROOT) -> list[str]:
    bad = []
    for path in files:
        me = module_name(path, root)
        mine = layer(me)
        for line, target in imports(path, root):
            theirs = layer(target)
            if theirs is None:
                continue
            where = f"{path.relative_to(root)}:{line} imports {target}"
            if theirs > mine:
                bad.append(f"{where} ({NAMES[mine]} -> {NAMES[theirs]}, points up)")
            if mine == theirs == 3 and target.split(".")[:2] != me.split(".")[:2]:
                if target != "crmcourse":
                    bad.append(f"{where} (one lesson's code uses another lesson's)")
    return bad


def test_every_import_points_down():
    files = sources()
    assert len(files) > 40  # the walk really found the package
    assert violations(files) == []


def test_the_rule_catches_an_import_that_points_up(tmp_path):
    # the check itself can fail: a core module that imports the feedback framework, a lesson
    # that imports the teacher tools, and a lesson that imports another lesson's widgets
    core = tmp_path / "crmlab" / "probe.py"
    lesson = tmp_path / "crmcourse" / "l00_intro" / "probe.py"
    core.parent.mkdir(parents=True)
    lesson.parent.mkdir(parents=True)
    core.write_text("from .feedback import checks\n", encoding="utf-8")
    lesson.write_text(
        "from crmcourse.l04_pyramid import widgets\nimport crmlab.teacher.grade\n",
        encoding="utf-8",
    )
    found = violations([core, lesson], root=tmp_path)
    assert any("crmlab/probe.py:1" in f and "points up" in f for f in found), found
    assert any("l00_intro/probe.py:1" in f and "another lesson" in f for f in found), found
    assert any("l00_intro/probe.py:2" in f and "points up" in f for f in found), found
    assert violations([core], root=tmp_path) and not violations(
        [p for p in sources() if p.name == "abc.py"]
    )


def test_layers_are_classified():
    assert layer("crmlab.abc") == 1
    assert layer("crmlab.feedback.checks") == 2
    assert layer("crmcourse.l04_pyramid.checks") == 3
    assert layer("crmlab.teacher.grade") == 4
    assert layer("l04_pyramid") == 5
    assert layer("pandas") is None


@pytest.mark.parametrize("package", ["crmlab"])
def test_import_crmlab_loads_no_lesson_or_teacher_code(package):
    code = (
        f"import sys, {package}; "
        "print(sorted(m for m in sys.modules if m.startswith(('crmcourse', 'crmlab.feedback', "
        "'crmlab.teacher'))))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert res.stdout.strip() == "[]"
    # and the lesson code is really reachable on its own
    code = "import crmcourse.l04_pyramid.checks as c; print(c.q1_profit.__module__)"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert res.stdout.strip() == "crmcourse.l04_pyramid.checks"


def test_no_corner_brackets_in_student_or_teacher_text():
    """Mainland punctuation: “” quotation marks, never 「」, in everything a student or teacher
    reads (lessons, course code, the kit's messages, hidden tests, guides)."""
    places = [*(ROOT / "lessons").rglob("*.py"), *(ROOT / "crmcourse").rglob("*.py"),
              *(ROOT / "crmlab").rglob("*.py"), *(ROOT / "grading").rglob("*.py"),
              ROOT / "README.md", ROOT / "TEACHER.md", *(ROOT / "notebooks").rglob("*.ipynb")]
    found = [str(p.relative_to(ROOT)) for p in places
             if "__pycache__" not in p.parts and ("「" in p.read_text(encoding="utf-8")
                                                   or "」" in p.read_text(encoding="utf-8"))]
    assert found == []
