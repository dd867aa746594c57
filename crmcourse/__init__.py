"""The course code of the crmlab lessons (layer 3): one package per lesson.

``crmcourse.l04_pyramid`` holds lesson 04's visible checks (``checks.py``), its widgets
(``widgets.py``) and, where the lesson has formulas of its own, ``formulas.py``, which both use.
A notebook imports what it needs::

    from crmcourse.l04_pyramid import checks, widgets

Course code builds on :mod:`crmlab` (analytics) and :mod:`crmlab.feedback` (the check and widget
framework) and never on the teacher tools. ``import crmlab`` loads none of it.
"""

from crmlab.feedback import errors as _errors

# A lesson notebook imports its course code in the setup cell: from then on the beginner errors
# of crmlab.feedback.errors get a Chinese explanation under Python's own message.
_errors.install()
