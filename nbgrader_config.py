# nbgrader configuration for the crmlab course. The repository root is the course directory:
#   solutions/<assignment>/<assignment>.ipynb  teacher versions (nbgrader "source")
#   notebooks/<assignment>/<assignment>.ipynb  student versions (nbgrader "release"), committed
# Grades and hand-ins (gradebook.db, submitted/, autograded/, feedback/, exchange/) stay out of
# git. See TEACHER.md for the semester workflow.

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "crmlab"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"

# Stubs that replace the solution regions in the student version.
c.ClearSolutions.code_stub = {
    "python": "# 在这里写你的代码 (YOUR CODE HERE)\nraise NotImplementedError()"
}
c.ClearSolutions.text_stub = "在这里写你的答案 (YOUR ANSWER HERE)"

# Autograde runs each submission through the kit's sandboxed step instead of nbgrader's own
# Execute: the notebook runs in a sandbox (no network, no access to the course folder, limits on
# memory, CPU, files and processes), the test cells are left out, the answers are exported as
# data and judged by the hidden tests in grading/hidden/ in a separate clean process. The other
# preprocessors are nbgrader's defaults.
c.Autograde.autograde_preprocessors = [
    "crmlab.teacher.nbgrader_step.SandboxedGrading",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.SandboxedGrading.grading_dir = __import__("os").path.join(
    __import__("os").path.dirname(__import__("os").path.abspath(__file__)), "grading"
)
c.SandboxedGrading.cell_timeout = 60  # seconds per cell; an endless loop costs that exercise
c.SandboxedGrading.total_timeout = 600  # seconds for a whole submission

# nbgrader's own Execute (used by `nbgrader validate`, never by autograde here).
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": "",
    "traceback": [
        "CellTimeoutError: 这个单元格运行超时，已被中断 (the cell ran too long and was stopped)"
    ],
}

# A test cell the student deleted is put back before grading (locked cells that were edited are
# always restored from the teacher version).
c.OverwriteCells.add_missing_cells = True
c.OverwriteCells.missing_cell_notification = (
    "这个单元格在提交的文件里被删除了，nbgrader 已把它放回 "
    "(this cell (id:{cell_id}) was missing from the submission and was added back).\n\n"
)

# Hand-ins without JupyterHub: `nbgrader zip_collect <assignment>` reads the files (or zip
# archives) put in downloaded/<assignment>/archive/. A file name must end in
# "<student id>_<notebook file>", e.g. 2024001_00_intro.ipynb or 张三_2024001_00_intro.ipynb
# (student ids are letters, digits and "-").
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?:[^/]*?_)?(?P<student_id>[A-Za-z0-9\-]+)_(?P<file_id>\d\d_[a-z0-9_]+\.ipynb)$"
)

# Late hand-ins: nbgrader records how late each submission is (against the due date set with
# `nbgrader db assignment add <id> --duedate="2026-09-10 08:00:00 Asia/Shanghai"`), and this
# plugin takes off 10% of the notebook's full marks per started day, at most 100%. Without a
# due date nothing is late. The export (crmlab-teacher export) shows the lateness and penalty.
c.AssignLatePenalties.plugin_class = "crmlab.teacher.late.PerDayLatePenalty"
c.PerDayLatePenalty.percent_per_day = 10
c.PerDayLatePenalty.max_percent = 100

# Feedback pages (nbgrader generate_feedback) in Chinese: the kit's template in
# crmlab/teacher/feedback_template/ (verdicts as plain text, no tracebacks, paths or emoji).
# Set for generate_feedback only: formgrader renders its grading pages with an HTMLExporter too.
c.GenerateFeedback.HTMLExporter.extra_template_basedirs = [
    __import__("os").path.join(
        __import__("importlib.util").util.find_spec("crmlab").submodule_search_locations[0],
        "teacher",
        "feedback_template",
    )
]
c.GenerateFeedback.HTMLExporter.template_name = "crmlab_feedback"
c.GenerateFeedback.HTMLExporter.filters = {
    "crmlab_text": "crmlab.teacher.feedback_template.plain_text",
    "crmlab_marks": "crmlab.teacher.feedback_template.plain_marks",
}
