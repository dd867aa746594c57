"""Packaging and hygiene: the wheel carries the data, import is light, nothing goes to stderr."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
    )
    return next(out.glob("crmlab-*.whl"))


def test_wheel_carries_datasets(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    data = {Path(n).name for n in names if "/data/" in n}
    assert {"changhai.csv", "cdnow_master.txt.gz", "retail_tx.csv"} <= data


def test_installed_wheel_loads_data_outside_the_repo(wheel, tmp_path):
    # Install the wheel into a throwaway target dir and load a dataset from there.
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import crmlab as cl; "
            "assert cl.__file__.startswith(sys.argv[1]), cl.__file__; "
            "print(len(cl.load_dataset('changhai')), len(cl.load_dataset('cdnow')))")
    res = subprocess.run([sys.executable, "-c", code, str(target)], cwd=tmp_path,
                         capture_output=True, text=True, check=True)
    assert res.stdout.split() == ["14", "69659"]


def test_import_is_light():
    code = ("import sys, crmlab; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'nbgrader') if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert res.stdout.strip() == "[]"


def test_normal_use_writes_nothing_to_stderr(tmp_path):
    code = """
import matplotlib
matplotlib.use("Agg")
import crmlab as cl
t = cl.abc_analysis(cl.load_dataset("changhai"), value="revenue", customer="customer")
cl.abc_summary(t); cl.plot_pareto(t).figure.savefig("p.png")
p = cl.pyramid(cl.load_dataset("changhai"), value="revenue", customer="customer")
cl.plot_pyramid(p).figure.savefig("q.png")
cl.plot_lorenz(cl.concentration(cl.load_dataset("changhai")["revenue"])).figure.savefig("l.png")
r = cl.rfm_table(cl.load_dataset("cdnow"), customer="customer_id", date="date", amount="amount")
s = cl.rfm_segments(r, method="score")
cl.plot_rfm_segments(s).figure.savefig("s.png")
cl.plot_rfm_heatmap(s).figure.savefig("h.png")
b = cl.load_dataset("b2b_customers")
cl.weighted_score(b, weights={"operating_score": 1, "financial_score": 1,
                              "payment_days_overdue": 1},
                  higher_is_better={"payment_days_overdue": False})
m = cl.load_dataset("travel_members")
cl.member_tier(m["points"], m["good_credit"])
o = cl.load_dataset("travel_orders")
cl.retier(o, customer="member_id", date="date", points="points")
"""
    res = subprocess.run([sys.executable, "-W", "default", "-c", code], capture_output=True,
                         text=True, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
