"""The teacher's command line: ``python -m crmlab.teacher grade|report ...``."""

from __future__ import annotations

import sys
from collections.abc import Sequence

USAGE = """\
用法 (usage)，在课程目录（有 nbgrader_config.py 的文件夹）里运行：

  python -m crmlab.teacher grade <作业> [--jobs N] [--force] [--student 学号]
      并行自动评分 (autograde in parallel)
  python -m crmlab.teacher report <作业> [<作业> ...] [--out report.xlsx]
      全班成绩报告：图表 (PNG) 和 Excel 工作簿 (class report)
  python -m crmlab.teacher roster <名单.csv|名单.xlsx>
      导入学生名单 (import the class list: 学号, 姓名)
  python -m crmlab.teacher collect <作业> <文件夹或 zip> [...]
      收作业：把交上来的文件对上学号，放进 submitted/ (collect hand-ins)
  python -m crmlab.teacher export [--out 成绩册.xlsx]
      导出整学期成绩册 (Excel、带 BOM 的 CSV、学习平台导入表)

每个命令加 --help 可以看全部选项。
"""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command == "grade":
        from .grade import main as run
    elif command == "report":
        from .report import main as run
    elif command == "roster":
        from .roster import main as run
    elif command == "collect":
        from .collect import main as run
    elif command == "export":
        from .export import main as run
    else:
        print(f"未知的命令 (unknown command)：{command}\n\n{USAGE}", file=sys.stderr)
        return 2
    return run(rest)
