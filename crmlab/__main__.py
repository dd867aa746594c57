"""``python -m crmlab``: open JupyterLab on the student notebooks (see :mod:`crmlab.launch`)."""

import sys

from .launch import main

if __name__ == "__main__":
    sys.exit(main())
