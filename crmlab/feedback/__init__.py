"""The generic feedback framework the lessons are built on (layer 2).

* :mod:`crmlab.feedback.checks`: getting the student's answer, comparing numbers, Series and
  tables, diagnoses of typical mistakes, the "by hand" rule, pass and fail messages;
* :mod:`crmlab.feedback.widgets`: widget controls with a static mode for grading and tests.

It imports only :mod:`crmlab`'s analytics, never a lesson or the teacher tools. Lesson code
(``crmcourse``) builds on it.
"""
