"""The kit's template for nbgrader's feedback pages (``nbgrader generate_feedback``), in Chinese.

nbgrader renders ``feedback/<student>/<id>/<id>.html`` with nbconvert's ``HTMLExporter`` and
its own English template. The course's ``nbgrader_config.py`` points the exporter at the
template folder ``crmlab_feedback/`` next to this file and registers the two filters below.
The page then has Chinese labels, shows each test cell's verdict as plain text (never a
traceback), hides file paths and draws pass/fail without emoji.

This module only holds the filters and is imported by nbconvert when it builds its Jinja
environment; it does not import pandas or the rest of the kit.
"""

from __future__ import annotations

import os
import re

#: ``c.HTMLExporter.template_name``
TEMPLATE_NAME = "crmlab_feedback"
#: ``c.HTMLExporter.extra_template_basedirs`` (the folder that holds ``crmlab_feedback/``)
TEMPLATE_BASEDIR = os.path.dirname(os.path.abspath(__file__))

# Emoji and dingbats that many Chinese machines (no emoji font) draw as empty boxes, and the
# plain marks used instead: √ (U+221A), × (U+00D7) and ！ are in GB2312, so every Chinese font
# has them.
MARKS = {
    "\u2705": "√",  # ✅
    "\u2714": "√",  # ✔
    "\u2713": "√",  # ✓
    "\u274c": "×",  # ❌
    "\u2718": "×",  # ✘
    "\u2717": "×",  # ✗
    "\u26a0": "！",  # ⚠
    "\ufe0f": "",  # emoji presentation selector
}
_MARKS_RE = re.compile("|".join(re.escape(k) for k in MARKS))
_LEADING_MARK = re.compile(r"^[\s\u2705\u2714\u2713\u274c\u2718\u2717\ufe0f]+")

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
# Characters a path component is made of (no spaces, quotes or brackets: a path ends there).
_PART = r"[^\s/\\'\"<>|:*?`]+"
_TAIL = r"[^\s/\\'\"<>|:*?`,;)\]}，。；）】]*"
# An absolute POSIX path of two parts or more (``/a/b``, ``~/a/b``), not inside a word or URL.
_POSIX_PATH = re.compile(rf"(?<![\w.:/\\~-])~?/(?:{_PART}/)+({_TAIL})")
# A Windows path (``C:\a\b``, ``C:/a``) or a UNC path (``\\server\share\a``).
_WIN_PATH = re.compile(rf"(?<![\w])(?:[A-Za-z]:|\\\\{_PART})[\\/](?:{_PART}[\\/])*({_TAIL})")


def plain_marks(text) -> str:
    """``text`` with emoji pass/fail marks replaced by √ and × (safe on HTML: no markup)."""
    return _MARKS_RE.sub(lambda m: MARKS[m.group(0)], str(text))


def hide_paths(text) -> str:
    """Absolute file paths cut to their last part: ``/home/t/course/x.py`` -> ``…/x.py``."""
    text = _WIN_PATH.sub(lambda m: "…\\" + m.group(1), str(text))
    return _POSIX_PATH.sub(lambda m: "…/" + m.group(1), text)


def plain_text(text, verdict: bool = False) -> str:
    """Text from a cell's output, ready to be escaped into the page: no terminal colour codes,
    no absolute paths, no emoji marks. ``verdict=True`` also drops a leading ✅/❌ (the page
    shows a “通过”/“未通过” badge beside the verdict)."""
    text = _ANSI.sub("", str(text if text is not None else ""))
    if verdict:
        text = _LEADING_MARK.sub("", text)
    return plain_marks(hide_paths(text)).strip("\n")


#: ``c.HTMLExporter.filters``
FILTERS = {
    "crmlab_text": f"{__name__}.plain_text",
    "crmlab_marks": f"{__name__}.plain_marks",
}
