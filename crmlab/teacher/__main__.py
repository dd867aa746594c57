"""``python -m crmlab.teacher``: see :mod:`crmlab.teacher.cli`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
