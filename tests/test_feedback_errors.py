"""What a student sees in a real Jupyter kernel when something goes wrong.

* a failed public check is a short Chinese box (问题 / 提示 / 去哪里改): no traceback, no path of
  the kit's code, and the cell still fails (an error output, so nbgrader scores it 0);
* the beginner errors of the catalogue keep Python's own message and get a Chinese explanation
  under it; other errors get none;
* a check whose variable is missing says why, from the error of the answer cell.
"""

from __future__ import annotations

import doctest
import os

import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from crmlab.feedback import errors

SETUP = "import pandas as pd\nimport crmlab as cl\nfrom crmcourse.l00_intro import checks"

CELLS = {
    "setup": SETUP,
    "check_blank": "checks.q1_total()",
    "stub": "# answer cell\ntotal_revenue = 0\nraise NotImplementedError()",
    "check_after_stub": "del total_revenue\nchecks.q1_total()",
    "and_or": 'df = pd.DataFrame({"a": [1, 5], "b": [2, 9]})\ndf[(df["a"] > 1) and (df["b"] > 1)]',
    "unquoted": "q18 = C",
    "typo_name": "dff.head()",
    "key": 'df["revenu"]',
    "merge": (
        'left = pd.DataFrame({"customer": [1, 2], "year": [2024, 2025]})\n'
        'right = pd.DataFrame({"customer": [1, 2], "amount": [3, 4]})\n'
        'left.merge(right, on=["customer", "year"])'
    ),
    "chained": 'df[df["a"] > 1]["b"] = 0',
    "dates": (
        'd = pd.DataFrame({"day": pd.to_datetime(["2025-01-01", "2025-03-01"])})\n'
        'gap = d["day"].max() - d["day"]\ngap > 30'
    ),
    "text_dates": '"2025-03-01" - "2025-01-01"',
    "indent": "for x in [1, 2]:\nprint(x)",
    "called": 'df("a")',
    "plain": "1 / 0",
    "answer_error": "top_customer = df.sort_values(by=revenue)",
    "check_after_error": "checks.q2_top()",
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    nb = new_notebook(cells=[new_code_cell(src) for src in CELLS.values()])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    env_saved = dict(os.environ)
    os.environ["CRMLAB_STATIC_WIDGETS"] = "1"
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(tmp_path_factory.mktemp("nb"))}}
                       ).execute()
    finally:
        os.environ.clear()
        os.environ.update(env_saved)
    return {key: cell.outputs for key, cell in zip(CELLS, nb.cells)}


def _error(outs):
    errs = [o for o in outs if o.output_type == "error"]
    assert len(errs) == 1, outs
    return errs[0]


def _text(outs) -> str:
    return "".join(o.get("text", "") for o in outs if o.output_type == "stream")


def _tb(outs) -> str:
    return "\n".join(_error(outs).traceback)


def test_setup_runs_clean(outputs):
    assert not [o for o in outputs["setup"] if o.output_type == "error"]


def test_a_failed_check_is_a_short_box_and_still_an_error(outputs):
    err = _error(outputs["check_blank"])
    assert err.ename == "CheckFailed"
    shown = "\n".join(err.traceback)
    assert shown.startswith("❌ 公开检查未通过")
    for part in ("问题：", "提示 (hint)：", "去哪里改 (where)："):
        assert part in shown
    for noise in ("Traceback", "File ", "crmlab/feedback", "raise CheckFailed", "AssertionError",
                  ".py", "site-packages"):
        assert noise not in shown, noise
    assert len(err.traceback) <= 5
    assert errors.HEADER not in _text(outputs["check_blank"])  # a check explains itself


@pytest.mark.parametrize(
    ("cell", "english", "chinese"),
    [
        ("stub", "NotImplementedError", "删掉 raise NotImplementedError()"),
        ("and_or", "truth value of a Series is ambiguous", "&（并且）"),
        ("unquoted", "name 'C' is not defined", '要加引号："C"'),
        ("typo_name", "name 'dff' is not defined", "是不是想写 df？"),
        ("key", "revenu", "表名.columns"),
        ("merge", "year", "merge 找不到列 'year'"),
        ("dates", "", ".dt.days"),
        ("text_dates", "unsupported operand", "pd.to_datetime"),
        ("indent", "IndentationError", "缩进 (indentation)"),
        ("called", "not callable", 'df["revenue"]'),
    ],
)
def test_beginner_errors_keep_python_message_and_get_a_chinese_one(outputs, cell, english,
                                                                    chinese):
    outs = outputs[cell]
    assert english in _tb(outs)
    said = _text(outs)
    assert errors.HEADER in said and chinese in said, said


def test_chained_assignment_warning_is_explained(outputs):
    outs = outputs["chained"]
    assert not [o for o in outs if o.output_type == "error"]
    said = "".join(o.get("text", "") for o in outs)
    assert ".loc[" in said and "copy()" in said and errors.HEADER in said


def test_other_errors_get_no_explanation(outputs):
    outs = outputs["plain"]
    assert "ZeroDivisionError" in _tb(outs)
    assert errors.HEADER not in _text(outs)


def test_missing_answer_after_a_stub_says_delete_the_stub(outputs):
    shown = _tb(outputs["check_after_stub"])
    assert "还没有找到变量 total_revenue" in shown
    assert "定义 total_revenue 的答案单元格还留着 raise NotImplementedError()" in shown


def test_missing_answer_after_an_error_points_to_that_error(outputs):
    shown = _tb(outputs["check_after_error"])
    assert "还没有找到变量 top_customer" in shown
    assert "运行时出错了（NameError）" in shown


def test_explain_by_hand():
    assert "&（并且）" in errors.explain(ValueError(
        "The truth value of a Series is ambiguous. Use a.empty, a.bool(), a.item()"))
    assert errors.explain(ZeroDivisionError("division by zero")) is None
    assert "缩进" in errors.explain(IndentationError("expected an indented block"))
    assert "缩进" in errors.explain(TabError("inconsistent use of tabs"))
    assert errors.explain(NameError("name 'x' is not defined"), {"y": 1}).startswith("没有叫 x")
    assert errors.explain(KeyError(3)) is None  # a row number, not a column name
    assert errors.install(shell=None) in (False, True)  # no crash outside a kernel


def test_docstring_examples():
    result = doctest.testmod(errors)
    assert result.attempted > 0 and result.failed == 0


def test_the_box_keeps_the_lines_hidden_tests_read():
    from crmlab.feedback.checks import CheckFailed

    err = CheckFailed("第 1 题 (q1)", "不对。", "试试。")
    lines = str(err).splitlines()
    assert lines[1] == "问题：不对。" and lines[2] == "提示 (hint)：试试。"
    assert isinstance(err, AssertionError)
    assert err._render_traceback_() == lines
