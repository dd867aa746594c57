"""Count calls to crmlab's analysis functions.

Exercises that ask students to compute something by hand compare the counter before and after
the answer cell, so calling the ready-made function is noticed.
"""

from __future__ import annotations

from collections import Counter

_CALLS: Counter = Counter()


def record(name: str) -> None:
    _CALLS[name] += 1


def calls(name: str | None = None) -> int:
    """How often ``name`` (or any analysis function) has been called in this kernel."""
    return _CALLS[name] if name else sum(_CALLS.values())
