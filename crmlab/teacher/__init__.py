"""Tools for the teacher: grade a whole class in parallel and build a class report.

Run them in the course directory (the folder with ``nbgrader_config.py``)::

    python -m crmlab.teacher grade 00_intro --jobs 2
    python -m crmlab.teacher report 00_intro 01_why_tier --out report.xlsx

``grade`` is :func:`crmlab.teacher.grade.grade_class`; ``report`` is
:func:`crmlab.teacher.report.build_report` and :func:`crmlab.teacher.report.write_report`.
nbgrader does the grading; these tools only spread its work over the processor cores and read
its gradebook. This package is not loaded by ``import crmlab``: import it explicitly. Its extra
dependencies come with ``pip install "crmlab[teacher]"`` (students do not need them).
"""

from __future__ import annotations

__all__ = ["grade", "report"]
