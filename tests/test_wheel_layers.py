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
