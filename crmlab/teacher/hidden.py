"""Hidden tests: teacher-side code that judges exported answers in a clean process.

A course keeps one module per lesson in its grading folder (``grading/hidden/l00_intro.py`` for
the assignment ``00_intro``); the folder is never part of the student package. A lesson module
declares, for each auto-graded test cell (by its nbgrader ``grade_id``), the notebook variables
its test needs, and defines one function of the same name::

    EXERCISES = {"q1_total": ["total_revenue"]}

    def q1_total(sub: Submission) -> None:
        value = sub.number("total_revenue")
        if abs(value - 2000) > 1e-9:
            raise Fail("营业收入合计不对。")

A test passes by returning and fails by raising :class:`Fail` with a Chinese message for the
student. It works out the expected values itself (in plain pandas, not crmlab) and receives the
student id, so per-student data can come later without a change to the engine.

:func:`serve` runs the tests in a separate process that student code never touched: it only ever
reads the exported data (JSON and Parquet, see :mod:`crmlab.teacher.answers`). The grader talks to
it with one JSON line per request (:class:`HiddenTests`).
"""

from __future__ import annotations

import ast
import re
import importlib.util
import json
import math
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from .answers import Missing, Unreadable, decode

PASSED = "✅ 隐藏测试通过 (hidden tests passed)"


class Fail(AssertionError):
    """A hidden test found the answer wrong; the message is shown to the student."""


@dataclass
class Submission:
    """What a hidden test may look at: exported answers and the submitted source."""

    student_id: str
    assignment: str
    answers: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)  # answer cells by grade_id
    code: list[str] = field(default_factory=list)  # every code cell, in order
    #: the student's own code outside the answer cells: a cell they added, or an example cell
    #: they changed, each as ``[source, released source]`` (``""`` for an added cell)
    added: list = field(default_factory=list)

    def get(self, name: str) -> Any:
        """The answer stored in variable ``name``; a clear :class:`Fail` if there is none."""
        value = self.answers.get(name, Missing(name))
        if isinstance(value, Missing):
            raise Fail(f"没有找到变量 `{name}`：答案单元格没有运行成功，或者变量名写错了。")
        if isinstance(value, Unreadable):
            kind = f"（{value.type}）" if value.type else ""
            raise Fail(f"变量 `{name}` 的内容{kind}无法读取，不是题目要求的数据类型。")
        return value

    def number(self, name: str) -> float:
        """The answer as a finite number (a number written as text does not count)."""
        value = self.get(name)
        if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0:
            value = value.item()
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Fail(f"变量 `{name}` 应该是一个数，现在是 {type(value).__name__}。")
        if not math.isfinite(value):
            raise Fail(f"变量 `{name}` 不是一个有限的数（{value}）。")
        return float(value)

    def table(self, name: str):
        """The answer as a pandas DataFrame."""
        import pandas as pd

        value = self.get(name)
        if not isinstance(value, pd.DataFrame):
            raise Fail(f"变量 `{name}` 应该是一张表 (DataFrame)，现在是 {type(value).__name__}。")
        return value

    def uses(self, names: Iterable[str], *, cells: Iterable[str] | None = None) -> list[str]:
        """Which of ``names`` (functions, attributes) the student's own code calls or mentions.

        Looks at the given answer cells (grade ids), at every cell the student added, and at what
        the student added to the lesson's example cells (a name the released cell already used
        does not count). Comments and strings do not count; ``getattr``/``eval``/``exec``/
        ``__import__`` count as well, since they can hide any name.
        """
        wanted = set(names) | {"getattr", "eval", "exec", "__import__", "globals", "vars"}
        found: set[str] = set()
        for cell in cells or []:
            found |= _names_in(self.sources.get(cell, "")) & wanted
        for item in self.added:
            new, old = (item, "") if isinstance(item, str) else (item[0], item[1])
            found |= (_names_in(new) - _names_in(old)) & wanted
        return sorted(found)


#: The course code a notebook imports in its set-up cell (``from crmcourse.lNN import checks,
#: widgets``). A check function (``q1_...``) may be called anywhere; anything else of it in the
#: code that makes an answer is a borrowed answer (``checks.expected_table()``, a private helper).
COURSE_NAMES = frozenset({"checks", "widgets"})
COURSE_MODULES = frozenset({"crmcourse", "feedback"})
_CHECK_CALL = re.compile(r"^(q\d+\w*|check_question|passed)$")


def _parse(source: str) -> ast.AST | None:
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _reads(node: ast.AST, tainted: set[str]) -> set[str]:
    """Course code, or names made from it, that the expression or statement ``node`` reads."""
    found: set[str] = set()
    for sub in ast.walk(node):
        if (isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Load)
                and isinstance(sub.value, ast.Name) and sub.value.id in COURSE_NAMES
                and not _CHECK_CALL.match(sub.attr)):
            found.add(f"{sub.value.id}.{sub.attr}")
        elif isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and sub.id in tainted:
            found.add(sub.id)
    return found


def _target_names(target: ast.AST) -> set[str]:
    """The variables a target binds or changes (``x``, ``x, y``, ``df["col"]``, ``df.col``)."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_target_names(e) for e in target.elts)) if target.elts else set()
    if isinstance(target, (ast.Subscript, ast.Attribute)):
        return _target_names(target.value)
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return set()


def _bindings(tree: ast.AST, tainted: set[str]) -> list[tuple[set[str], set[str]]]:
    """(names bound, course code read to make them) for each binding statement of ``tree``."""
    out: list[tuple[set[str], set[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            names = set().union(*(_target_names(t) for t in node.targets))
            out.append((names - COURSE_NAMES, _reads(node.value, tainted)))
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            out.append((_target_names(node.target) - COURSE_NAMES, _reads(node.value, tainted)))
        elif isinstance(node, (ast.FunctionDef, ast.Lambda, ast.ClassDef)):
            name = {getattr(node, "name", "")} - {""}
            out.append((name, _reads(node, tainted)))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            module = getattr(node, "module", None) or ""
            for alias in node.names:
                full = f"{module}.{alias.name}" if module else alias.name
                if set(full.split(".")) & COURSE_MODULES:
                    out.append(({(alias.asname or alias.name).split(".")[0]}, {full}))
        elif isinstance(node, (ast.For, ast.comprehension)):
            out.append((_target_names(node.target), _reads(node.iter, tainted)))
    return out


def borrowed_answers(sub: Submission, variables: Iterable[str]) -> list[str]:
    """The course code that the student's code making ``variables`` takes them from.

    Looks at every binding statement in the answer cells and the student's own cells (added, or
    changed example cells); a name made from course code (``f = checks.expected_table``, an
    import from ``crmcourse``) counts when an answer is made from it. Calling a check is fine.
    """
    own: list[str] = list(sub.sources.values())
    for item in sub.added:
        own.append(item if isinstance(item, str) else item[0])
    trees = [tree for tree in map(_parse, own) if tree is not None]
    wanted = set(variables)
    tainted: set[str] = set()
    for _ in range(4):  # names made from names made from course code
        for tree in trees:
            for names, read in _bindings(tree, tainted):
                if read:
                    tainted |= names - wanted
    found: set[str] = set()
    for tree in trees:
        for names, read in _bindings(tree, tainted):
            if names & wanted:
                found |= read
    return sorted(found)


def _names_in(source: str) -> set[str]:
    """Every identifier and attribute name in ``source`` (IPython magics stripped)."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.update(node.name.split("."))
            if node.asname:
                found.add(node.asname)
    return found


# ---------------------------------------------------------------------------------------------
# Lesson modules
# ---------------------------------------------------------------------------------------------


def module_name(assignment: str) -> str:
    """``00_intro`` -> ``l00_intro`` (a module name cannot start with a digit)."""
    return f"l{assignment}"


def load_lesson(grading_dir: Path, assignment: str) -> ModuleType:
    hidden = Path(grading_dir) / "hidden"
    path = hidden / f"{module_name(assignment)}.py"
    if not path.is_file():
        raise FileNotFoundError(f"no hidden tests for {assignment}: {path.name} is missing")
    if str(hidden) not in sys.path:
        sys.path.insert(0, str(hidden))
    name = f"crmlab_hidden_{module_name(assignment)}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    exercises = getattr(module, "EXERCISES", None)
    if not isinstance(exercises, dict):
        raise TypeError(f"{path.name} has no EXERCISES dict")
    for test in exercises:
        if not callable(getattr(module, test, None)):
            raise TypeError(f"{path.name} declares {test} but defines no function for it")
    return module


def visible_hint(sub: Submission, test: str) -> str:
    """The lesson's public check for ``test`` (``crmcourse.l<assignment>.checks.<test>``), run in
    this clean process on the exported answers: its "问题" and "提示" lines, which name the
    likely mistake, or "" when it has nothing to add."""
    import contextlib
    import io
    import warnings

    try:
        from crmlab.feedback import checks

        module = importlib.import_module(f"crmcourse.l{sub.assignment}.checks")
        check = getattr(module, test)
    except (ImportError, AttributeError):
        return ""
    ns = {k: v for k, v in sub.answers.items() if not isinstance(v, (Missing, Unreadable))}
    original = checks._user_ns
    checks._user_ns = lambda: ns
    text = ""
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            check()
    except AssertionError as err:
        text = str(err)
    except Exception:  # noqa: BLE001 - a hint is optional: the verdict stands without it
        return ""
    finally:
        checks._user_ns = original
    lines = [ln.strip() for ln in text.splitlines() if ln.startswith(("问题：", "提示 (hint)："))]
    return "\n".join(lines)


def run_tests(module: ModuleType, sub: Submission, tests: Iterable[str]) -> dict[str, dict]:
    """Run the named tests; each result is ``{"passed": bool, "message": str}``. A failed test
    also carries ``"hint"``: the public check's 问题/提示 lines on the same answer ("" if none),
    which the grader shows under the test's own reason."""
    results = {}
    for test in tests:
        func = getattr(module, test, None)
        if test not in module.EXERCISES or func is None:
            results[test] = {"passed": False, "message": "", "error": "no hidden test"}
            continue
        try:
            borrowed = borrowed_answers(sub, module.EXERCISES[test])
            if borrowed:
                raise Fail(
                    "答案是从课程的检查或控件程序里拿来的（用到了 " + "、".join(borrowed)
                    + "），不是自己算出来的。检查程序只用来核对答案，请自己写代码计算。"
                )
            func(sub)
        except Fail as fail:
            text = str(fail).strip() or "答案不对。"
            hint = visible_hint(sub, test) if "没有找到变量" not in text else ""
            results[test] = {"passed": False, "message": f"隐藏测试未通过：{text}", "hint": hint}
        except Exception as err:  # noqa: BLE001 - an unexpected answer shape is a wrong answer
            results[test] = {
                "passed": False,
                "message": "隐藏测试未通过：答案的类型或格式不对，测试无法核对它"
                f"（{type(err).__name__}）。",
            }
        else:
            results[test] = {"passed": True, "message": PASSED}
    return results


def handle(request: dict, grading_dir: Path, cache: dict[str, ModuleType]) -> dict:
    """One request of the line protocol."""
    assignment = str(request.get("assignment", ""))
    if assignment not in cache:
        cache[assignment] = load_lesson(grading_dir, assignment)
    module = cache[assignment]
    if request.get("op") == "manifest":
        return {"exercises": {k: list(v) for k, v in module.EXERCISES.items()}}
    names = sorted({n for v in module.EXERCISES.values() for n in v})
    sub = Submission(
        student_id=str(request.get("student", "")),
        assignment=assignment,
        answers=decode(request.get("payload"), names),
        sources={str(k): str(v) for k, v in dict(request.get("sources") or {}).items()},
        code=[str(c) for c in request.get("code") or []],
        added=[
            [str(c[0]), str(c[1])] if isinstance(c, list) and len(c) == 2 else str(c)
            for c in request.get("added") or []
        ],
    )
    return {"results": run_tests(module, sub, request.get("tests") or list(module.EXERCISES))}


def serve(grading_dir: Path, stdin=None, stdout=None) -> None:
    """The hidden-test process: one JSON request per line in, one JSON answer per line out."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    cache: dict[str, ModuleType] = {}
    for line in stdin:
        if not line.strip():
            continue
        try:
            answer = handle(json.loads(line), grading_dir, cache)
        except Exception as err:  # noqa: BLE001 - reported to the grader, which says so
            answer = {"error": f"{type(err).__name__}: {err}"[:500]}
        stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        stdout.flush()


class HiddenTests:
    """A long-lived hidden-test process for one grader (or one grading worker)."""

    def __init__(self, grading_dir: Path) -> None:
        self.grading_dir = Path(grading_dir)
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def _process(self) -> subprocess.Popen:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "crmlab.teacher.hidden", str(self.grading_dir)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        return self._proc

    def ask(self, request: dict) -> dict:
        with self._lock:
            proc = self._process()
            assert proc.stdin and proc.stdout
            try:
                proc.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
                proc.stdin.flush()
                line = proc.stdout.readline()
            except (BrokenPipeError, OSError) as err:
                self.close()
                return {"error": f"hidden-test process failed: {err}"}
            if not line:
                self.close()
                return {"error": "hidden-test process ended unexpectedly"}
            return json.loads(line)

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            self._proc = None


if __name__ == "__main__":
    # Run the module's own copy, not this __main__ one: the lesson modules raise
    # crmlab.teacher.hidden.Fail, which must be the class that run_tests catches.
    from crmlab.teacher.hidden import serve as _serve

    _serve(Path(sys.argv[1]))
