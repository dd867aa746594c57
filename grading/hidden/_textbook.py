"""The textbook's data, typed in for the hidden tests (which must not rely on crmlab)."""

from __future__ import annotations

import pandas as pd

#: Table 3-7: the 14 customers of 长海物流 and their revenue (万元).
CHANGHAI_REVENUE = [590, 140, 100, 740, 120, 68, 50, 50, 20, 40, 12, 40, 10, 20]


def changhai() -> pd.DataFrame:
    return pd.DataFrame({"customer": list(range(1, 15)), "revenue": CHANGHAI_REVENUE})
