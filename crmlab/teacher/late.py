"""A late-submission rule common in Chinese schools, as an nbgrader plugin.

nbgrader records when a submission came in (``timestamp.txt``) and, during autograde, its
``AssignLatePenalties`` preprocessor asks a ``LateSubmissionPlugin`` for the penalty of each
late notebook and stores it in the gradebook (``SubmittedNotebook.late_submission_penalty``).
nbgrader's own plugin knows two rules: ``none`` (the default) and ``zero``.

:class:`PerDayLatePenalty` implements "每迟交一天（不满一天按一天算）扣满分的 10%，最多扣
100%": for a notebook worth 10 points, 1 second to 24 hours late costs 1 point, 24 hours and
1 second costs 2 points, and so on. nbgrader then caps the penalty at the score the notebook
got (a score never goes below 0). To use it, add to ``nbgrader_config.py``::

    c.AssignLatePenalties.plugin_class = "crmlab.teacher.late.PerDayLatePenalty"
    c.PerDayLatePenalty.percent_per_day = 10   # per started day, % of the notebook's max score
    c.PerDayLatePenalty.max_percent = 100      # at most this % of the max score

and set a due date: ``nbgrader db assignment add 00_intro --duedate="2024-09-10 08:00:00 Asia/Shanghai"``.
The penalty is computed when the submission is autograded; ``crmlab-teacher export`` shows it.
"""

from __future__ import annotations

import math
from textwrap import dedent

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float, validate

__all__ = ["PerDayLatePenalty", "per_day_penalty"]

DAY = 24 * 60 * 60


def per_day_penalty(
    seconds_late: float, max_score: float, percent_per_day: float = 10.0,
    max_percent: float = 100.0,
) -> float:
    """Penalty in points: ``percent_per_day`` % of ``max_score`` for every started day late,
    at most ``max_percent`` % of ``max_score``; 0 when not late."""
    if seconds_late <= 0:
        return 0.0
    days = math.ceil(seconds_late / DAY)
    percent = min(days * percent_per_day, max_percent)
    return round(max_score * percent / 100.0, 6)


class PerDayLatePenalty(LateSubmissionPlugin):
    """Late penalty per started day, as a percentage of the notebook's max score."""

    percent_per_day = Float(
        10.0,
        help=dedent("""
            Penalty for every started day (24 hours) late, in percent of the notebook's max
            score (每迟交一天扣满分的百分之几，不满一天按一天算).
        """),
    ).tag(config=True)

    max_percent = Float(
        100.0,
        help="Largest penalty, in percent of the notebook's max score (最多扣满分的百分之几).",
    ).tag(config=True)

    @validate("percent_per_day", "max_percent")
    def _percent(self, proposal):
        value = proposal["value"]
        if not 0 <= value <= 100:
            raise ValueError(
                f"{proposal['trait'].name} 必须在 0 到 100 之间 (must be a percentage "
                f"between 0 and 100)：{value}"
            )
        return value

    def _max_score(self) -> float:
        """The max score of the notebook being graded, from the gradebook that nbgrader's
        ``AssignLatePenalties`` (this plugin's parent) has open."""
        pp = self.parent
        gradebook = getattr(pp, "gradebook", None)
        notebook = getattr(pp, "notebook_id", None)
        assignment = getattr(pp, "assignment_id", None)
        if gradebook is None or notebook is None or assignment is None:
            raise RuntimeError(
                "PerDayLatePenalty 只能由 nbgrader 的 AssignLatePenalties 调用 "
                "(must be used as c.AssignLatePenalties.plugin_class)"
            )
        return float(gradebook.find_notebook(notebook, assignment).max_score)

    def late_submission_penalty(self, student_id: str, score: float,
                                total_seconds_late: float) -> float | None:
        max_score = self._max_score()
        penalty = per_day_penalty(total_seconds_late, max_score, self.percent_per_day,
                                  self.max_percent)
        self.log.info(
            "Late penalty for %s: %s s late, %s%% per started day (max %s%%) of %s points = %s",
            student_id, total_seconds_late, self.percent_per_day, self.max_percent, max_score,
            penalty,
        )
        return penalty
