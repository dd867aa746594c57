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
    "chinese_quotes": "q01 = “B”",
    "called": 'df("a")',
    "plain": "1 / 0",
    "answer_error": "top_customer = df.sort_values(by=revenue)",
    "check_after_error": "checks.q2_top()",
    "right_once": "n_big = 3",
    "broken_again": 'n_big = len(df[df["revenu"] >= 100])',
    "check_stale": "checks.q3_count()",
    "fixed": "n_big = 2",
    "check_fresh": "checks.q3_count()",
    "apply_call": "def tier_of(r):\n    return 'A'\npd.Series([1, 2]).apply(tier_of())",
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
        ("apply_call", "missing 1 required positional argument", ".apply(tier_of)"),
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
    assert ".iloc" in errors.explain(KeyError(3))  # a row label that is not there
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


def test_a_check_after_a_failed_answer_cell_does_not_judge_the_old_value(outputs):
    shown = _tb(outputs["check_stale"])
    assert "刚才运行出错了" in shown and "旧值" in shown and "KeyError" in shown
    # once the answer cell runs again without error, the check judges the answer itself
    fresh = outputs["check_fresh"]
    assert "刚才运行出错了" not in "\n".join(
        "\n".join(o.get("traceback", [])) + o.get("text", "") for o in fresh)


@pytest.mark.parametrize(
    ("exc", "source", "chinese"),
    [
        (SyntaxError("invalid character '“' (U+201C)", ("<c>", 1, 7, 'q01 = “C”\n')), "",
         "中文输入法"),
        (SyntaxError("'{' was never closed", ("<c>", 1, 7, 'q02 = {"A", "B"\n')), "",
         "没有配对"),
        (SyntaxError("invalid syntax", ("<c>", 1, 4, "x = = 1\n")), "", "不符合 Python"),
        (KeyError("Column not found: Date"), "", "'Date'"),
        (NameError("name 'q01' is not defined"), 'q01 == "B"', "一个等号"),
        (NameError("name 'checks' is not defined"), "checks.q01()", "重启内核"),
        (AttributeError("'Series' object has no attribute 'days'"), "", ".dt.days"),
        (AttributeError("'SeriesGroupBy' object has no attribute 'dt'"), "", "还没有汇总"),
        (TypeError("'<' not supported between instances of 'int' and 'method'"), "",
         "少了圆括号"),
        (TypeError("Cannot perform 'rand_' with a dtyped [float64] array and scalar of type "
                   "[bool]"), "", "每个条件都要加圆括号"),
        (TypeError("dtype 'str' does not support operation 'std'"), "", "先选出要算的那一列"),
        (IndexError("invalid index to scalar variable."), "", "是一个数，不是一列"),
        (ValueError("operands could not be broadcast together with shapes (5,) (200,) "), "",
         "例子里留下的变量"),
        (ValueError("Unknown format code 'f' for object of type 'str'"), "", "其实是文字"),
        (ValueError("The truth value of a Series is ambiguous."), "", "clip(lower=0)"),
        (TypeError("tier_of() missing 1 required positional argument: 'r'"), "",
         ".apply(tier_of)"),
    ],
)
def test_catalogue_rules(exc, source, chinese):
    said = errors.explain(exc, {}, source)
    assert said and chinese in said, said


def test_a_name_that_is_a_typo_is_not_taken_for_text_or_tools():
    said = errors.explain(NameError("name 'q1' is not defined"), {"q01": "B"}, "q1")
    assert "是不是想写 q01" in said
    assert "重启" not in said


def test_a_method_without_brackets_is_named_in_checks():
    import pandas as pd

    from crmlab.feedback.checks import CheckFailed, check_number, check_series

    s = pd.Series([1.0, 2.0])
    with pytest.raises(CheckFailed, match="少了圆括号") as err:
        check_number(s.sum, 3.0, label="q", what="合计")
    assert ".sum()" in str(err.value)
    with pytest.raises(CheckFailed, match="少了圆括号"):
        check_series(s.cumsum, s.cumsum(), label="q", what="累计")
    with pytest.raises(CheckFailed, match="行数") as err:
        check_number((14, 3), 14, label="q", what="客户数")
    assert "len(" in str(err.value)


@pytest.mark.parametrize(
    ("exc", "chinese"),
    [
        (TypeError("operation 'rand_' not supported for dtype bool with dtype datetime64[ns]"),
         "每个条件都要加圆括号"),
        (AttributeError("'list' object has no attribute 'value_counts'"), "pd.Series"),
        (TypeError("unsupported operand type(s) for *: 'int' and 'dict'"), ".map(字典)"),
        (TypeError("Series.rename() got an unexpected keyword argument 'columns'"),
         "as_index=False"),
        (ValueError("Unknown format code '%' for object of type 'str'"), "其实是文字"),
        (TypeError("unsupported format string passed to Series.__format__"), "一列 (Series)"),
        (KeyError(119), ".iloc"),
        (ValueError("Length of values (119) does not match length of index (120)"), "range"),
        (ValueError("Columns must be same length as key"), "双括号"),
        (ValueError("x and y must have same first dimension, but have shapes (15,) and (14,)"),
         "个数不一样多"),
        (TypeError("object of type 'NoneType' has no len()"), "inplace=True"),
        (TypeError("must be real number, not list"), "一次只能算一个数"),
        (TypeError("Series.isin() takes 2 positional arguments but 3 were given"), "列表"),
        (NameError("name 'ceil' is not defined"), "math.ceil"),
        (TypeError("Invalid comparison between dtype=int64 and str"), "不要加引号"),
        (TypeError("cannot do positional indexing on RangeIndex with these indexers [40.0] "
                   "of type float"), "整数"),
        (TypeError("Cannot perform reduction 'mean' with string dtype"), "文字列"),
        (AttributeError("'function' object has no attribute 'head'"), ".size()"),
        (TypeError("DataFrame.sort_values() missing 1 required positional argument: 'by'"),
         "按哪一列排"),
    ],
)
def test_more_catalogue_rules(exc, chinese):
    said = errors.explain(exc)
    assert said and chinese in said, said


def test_first_difference_names_the_row_in_the_lesson_words():
    import pandas as pd

    from crmlab.feedback.checks import CheckFailed, check_series

    with pytest.raises(CheckFailed, match="会员 M0003"):
        check_series(pd.Series(["a", "b", "x"]), pd.Series(["a", "b", "c"]), label="q",
                     what="等级", ids=pd.Series(["M0001", "M0002", "M0003"]), who="会员")


def test_a_syntax_error_is_explained_once(outputs):
    said = _text(outputs["chinese_quotes"])
    assert said.count(errors.HEADER) == 1 and "中文输入法" in said, said


def test_an_unquoted_column_name_is_told_to_take_quotes():
    ns = {"new_revenue": 800}
    for source in ('df.sort_values(revenue, ascending=False)', 'df[revenue]',
                   'df.sort_values(by=revenue)'):
        said = errors.explain(NameError("name 'revenue' is not defined"), ns, source)
        assert '"revenue"' in said and "new_revenue" not in said, (source, said)
    # a plain typo of a variable still gets the close name
    said = errors.explain(NameError("name 'new_revenu' is not defined"), ns, "x = new_revenu")
    assert "new_revenue" in said
