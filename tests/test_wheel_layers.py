"""What the wheel a student installs carries: the analytics, the feedback framework and the
course code; never the text lessons (they hold the solutions) or the hidden tests."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_has_the_layers_students_need_and_no_answer_key(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    names = zipfile.ZipFile(next(tmp_path.glob("crmlab-*.whl"))).namelist()
    for needed in ("crmlab/__init__.py", "crmlab/feedback/__init__.py",
                   "crmlab/feedback/checks.py", "crmlab/feedback/errors.py",
                   "crmcourse/__init__.py", "crmcourse/l04_pyramid/checks.py",
                   "crmcourse/l04_pyramid/widgets.py"):
        assert needed in names, needed
    lessons = sorted(p.name for p in (ROOT / "lessons").iterdir() if p.is_dir())
    assert all(f"crmcourse/l{lesson}/checks.py" in names for lesson in lessons)
    for name in names:
        assert not name.startswith(("lessons/", "grading/", "solutions/", "tests/")), name
        assert "BEGIN SOLUTION" not in zipfile.ZipFile(
            next(tmp_path.glob("crmlab-*.whl"))).read(name).decode("utf-8", "replace") or \
            name.endswith((".csv", ".gz")), name


def test_teacher_dependencies_are_an_extra(tmp_path):
    """Students install the wheel without extras: the teacher tools' own dependencies (Excel,
    Parquet) come only with ``crmlab[teacher]``, and the course code does not need them."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    wheel = zipfile.ZipFile(next(tmp_path.glob("crmlab-*.whl")))
    meta = wheel.read(next(n for n in wheel.namelist() if n.endswith("METADATA"))).decode()
    requires = [ln.split(":", 1)[1].strip() for ln in meta.splitlines()
                if ln.startswith("Requires-Dist:")]
    base = [r for r in requires if "extra ==" not in r]
    teacher = [r for r in requires if r.replace('"', "'").endswith("extra == 'teacher'")]
    for name in ("openpyxl", "pyarrow"):
        assert not any(r.startswith(name) for r in base), base
        assert any(r.startswith(name) for r in teacher), teacher
    code = ("import sys; sys.modules['openpyxl'] = None; sys.modules['pyarrow'] = None\n"
            "import crmlab, crmcourse.l04_pyramid.checks, crmcourse.l05_rfm.widgets\n"
            "print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    assert done.stdout.strip() == "ok", done.stderr
