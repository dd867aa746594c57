"""Plots and the CJK font: the right artists with the right data, and no missing glyphs.

Expected numbers are recomputed here with plain pandas/numpy from the input data, never read
back from crmlab's tables.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import math
import os
import re
import subprocess
import sys
import warnings
from itertools import pairwise
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer
from matplotlib.image import AxesImage
from matplotlib.patches import Polygon

import crmlab as cl
from crmlab import fonts

REPO = Path(__file__).resolve().parents[1]
REVENUE = [590, 140, 100, 740, 120, 68, 50, 50, 20, 40, 12, 40, 10, 20]
# Table 3-8 worked by hand: customers sorted by revenue (ties keep their order).
SORTED_CUSTOMERS = [4, 1, 2, 5, 3, 6, 7, 8, 10, 12, 9, 14, 11, 13]
CJK = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def english():
    before = cl.get_language()
    cl.set_language("en")
    yield
    cl.set_language(before)


@pytest.fixture
def changhai():
    return pd.DataFrame({"customer": list(range(1, 15)), "revenue": REVENUE})


@pytest.fixture(scope="module")
def big():
    rng = np.random.default_rng(7)
    return pd.DataFrame(
        {
            "customer": [f"K{i:03d}" for i in range(500)],
            "profit": np.round(rng.lognormal(3.0, 1.3, 500), 2),
        }
    )


@pytest.fixture(scope="module")
def cdnow_rfm():
    """RFM table of the real CDNOW log (23,570 customers)."""
    tx = cl.load_dataset("cdnow")
    return cl.rfm_table(tx, customer="customer_id", date="date", amount="amount")


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render(make, tmp_path: Path, name: str):
    """Run ``make()`` (which returns an Axes), draw and save it; fail on any font problem.

    Font problems: a missing-glyph warning, a findfont complaint in matplotlib's log, or a text
    asking for a weight the shipped font lacks (only the Regular weight is shipped, and
    matplotlib logs a "Failed to find font weight" message only the first time).
    """
    records = _Records()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(records)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ax = make()
            fig = ax.figure
            fig.canvas.draw()
            path = tmp_path / f"{name}.png"
            fig.savefig(path, dpi=60)
    finally:
        logger.removeHandler(records)
    assert path.is_file() and path.stat().st_size > 1000
    messages = [str(w.message) for w in caught]
    assert not [m for m in messages if "missing from" in m or "Glyph" in m], messages
    assert not [m for m in records.messages if "findfont" in m], records.messages
    weights = {t.get_fontweight() for t in fig.findobj(matplotlib.text.Text) if t.get_text()}
    assert weights <= {"normal", "regular", 400}, weights
    return ax


def all_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def text_font_files(fig) -> set[str]:
    return {
        Path(font_manager.findfont(t.get_fontproperties())).name
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_text()
    }


def patch_x_extent(patch) -> tuple[float, float]:
    verts = patch.get_patch_transform().transform(patch.get_path().vertices)
    return float(verts[:, 0].min()), float(verts[:, 0].max())


# ------------------------------------------------------------------------------------------
# Font
# ------------------------------------------------------------------------------------------


BUNDLED = "NotoSansCJKsc-Regular.otf"


def bundled_font_path() -> Path:
    import mplfonts

    return Path(mplfonts.__file__).parent / "fonts" / BUNDLED


def test_use_chinese_font_registers_the_bundled_file_under_its_own_name():
    family = cl.use_chinese_font()
    assert family == "crmlab Noto Sans CJK SC"
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    assert matplotlib.rcParams["font.family"] == ["sans-serif"]
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    assert Path(path) == bundled_font_path()


@contextlib.contextmanager
def controlled_fonts(kind: str, monkeypatch, tmp_path):
    """A controlled font list: matplotlib's own DejaVu fonts, plus (depending on ``kind``) a
    "system" font registered under the family name Noto Sans CJK SC:

    - "system Noto Sans CJK SC": a copy of a real CJK font, as Debian's fonts-noto-cjk gives;
    - "system font claims CJK": a Latin-only font (DejaVu) filed under the CJK family name, the
      worst case: if matplotlib picked it by name, every Chinese character would be a box.

    The machine's own font list is not used, so the test means the same on every machine.
    """
    manager = font_manager.fontManager
    entries = [e for e in manager.ttflist if Path(e.fname).parent.name == "ttf"]
    assert entries, "matplotlib's bundled DejaVu fonts should be in the font list"
    if kind != "no system CJK font":
        if kind == "system Noto Sans CJK SC":
            source = bundled_font_path()
        else:
            source = Path(font_manager.findfont("DejaVu Sans", fallback_to_default=False))
        copy = tmp_path / "system-fonts" / f"system{source.suffix}"
        copy.parent.mkdir()
        copy.write_bytes(source.read_bytes())
        entry = font_manager.ttfFontProperty(matplotlib.ft2font.FT2Font(str(copy)))
        entries.append(dataclasses.replace(entry, name="Noto Sans CJK SC"))
    monkeypatch.setattr(manager, "ttflist", entries)
    monkeypatch.setattr(fonts, "_family", None)
    manager._findfont_cached.cache_clear()
    try:
        with matplotlib.rc_context():
            matplotlib.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "DejaVu Sans"]
            yield
    finally:
        monkeypatch.undo()
        manager._findfont_cached.cache_clear()


@pytest.mark.parametrize(
    "kind", ["no system CJK font", "system Noto Sans CJK SC", "system font claims CJK"]
)
def test_figures_use_the_bundled_font_whatever_the_machine_has(
    kind, changhai, monkeypatch, tmp_path
):
    """With or without a system font of the same family name, every text of a figure is drawn
    from the bundled file, and no character is missing from it."""
    with controlled_fonts(kind, monkeypatch, tmp_path):
        # the controlled list is really in force: by name, the "system" font would win
        if kind != "no system CJK font":
            found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
            assert Path(found).parent.name == "system-fonts"
        assert cl.use_chinese_font() == "crmlab Noto Sans CJK SC"
        table = cl.abc_analysis(changhai, value="revenue", customer="customer")
        ax = render(lambda: cl.plot_pareto(table), tmp_path, "pareto_font_world")
        assert text_font_files(ax.figure) == {BUNDLED}
        pyr = cl.pyramid(changhai, value="revenue", customer="customer")
        ax = render(lambda: cl.plot_pyramid(pyr), tmp_path, "pyramid_font_world")
        assert text_font_files(ax.figure) == {BUNDLED}


def test_a_system_font_without_chinese_would_draw_boxes(monkeypatch, tmp_path):
    """The worst case above is real: without crmlab's own family name, the Latin font filed
    under the CJK name is chosen and the glyph check fails."""

    def make():
        _, ax = plt.subplots()
        ax.set_title("客户分级")
        return ax

    with controlled_fonts("system font claims CJK", monkeypatch, tmp_path):
        with pytest.raises(AssertionError):
            render(make, tmp_path, "boxes")


def test_use_chinese_font_is_idempotent():
    first = cl.use_chinese_font()
    n_fonts = len(font_manager.fontManager.ttflist)
    assert cl.use_chinese_font() == first
    assert len(font_manager.fontManager.ttflist) == n_fonts
    assert matplotlib.rcParams["font.sans-serif"].count(first) == 1


def test_use_chinese_font_restores_settings_after_a_reset():
    cl.use_chinese_font()
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        assert matplotlib.rcParams["font.sans-serif"][0] != "crmlab Noto Sans CJK SC"
        cl.use_chinese_font()
        assert matplotlib.rcParams["font.sans-serif"][0] == "crmlab Noto Sans CJK SC"


def test_font_fallback_and_clear_error(monkeypatch):
    monkeypatch.setattr(fonts, "_family", None)
    monkeypatch.setattr(fonts, "_mplfonts_file", lambda: None)
    with matplotlib.rc_context():
        # Without the mplfonts file an installed family from the list is used ...
        monkeypatch.setattr(fonts, "_SYSTEM_FAMILIES", ("No Such Font", "DejaVu Sans"))
        assert cl.use_chinese_font() == "DejaVu Sans"
        # ... and with none installed the error says what to install, in both languages.
        monkeypatch.setattr(fonts, "_family", None)
        monkeypatch.setattr(fonts, "_SYSTEM_FAMILIES", ("No Such Font",))
        with pytest.raises(cl.CrmlabError) as err:
            cl.use_chinese_font()
    message = str(err.value)
    assert "mplfonts" in message and "字体" in message and "font" in message


def test_import_crmlab_does_not_import_matplotlib():
    code = "import sys, crmlab; print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
    assert out.stderr == ""


def test_plotting_writes_nothing_to_stderr(tmp_path):
    """A fresh kernel draws every plot in both languages without a word on stderr."""
    code = f"""
import pandas as pd
import crmlab as cl
df = pd.DataFrame({{"customer": range(1, 15), "revenue": {REVENUE}}})
rfm = pd.DataFrame({{"customer": list("abcdefgh"), "recency": [3, 40, 9, 200, 15, 90, 1, 60],
                    "frequency": [5, 1, 2, 1, 7, 3, 2, 1],
                    "monetary": [300.0, 20, 80, 15, 900, 60, 45, 10]}})
for lang in ("zh", "en"):
    cl.set_language(lang)
    seg = cl.rfm_segments(rfm)
    for i, ax in enumerate([
        cl.plot_pareto(cl.abc_analysis(df, value="revenue", customer="customer")),
        cl.plot_pyramid(cl.pyramid(df, value="revenue", customer="customer")),
        cl.plot_lorenz(cl.concentration(df["revenue"])),
        cl.plot_rfm_segments(seg),
        cl.plot_rfm_heatmap(seg),
    ]):
        ax.figure.savefig(r"{tmp_path}" + f"/{{lang}}{{i}}.png")
print("done")
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "done"
    assert out.stderr == ""
    assert len(list(tmp_path.glob("*.png"))) == 10


def test_glyph_check_can_fail(tmp_path):
    """The warning filter used by ``render`` really sees a missing glyph."""

    def make():
        _, ax = plt.subplots()
        ax.set_title("\U0001f600")  # an emoji: in neither Noto Sans CJK nor DejaVu Sans
        return ax

    with pytest.raises(AssertionError):
        render(make, tmp_path, "emoji")


# ------------------------------------------------------------------------------------------
# Pareto chart
# ------------------------------------------------------------------------------------------


def test_pareto_changhai(changhai, tmp_path):
    table = cl.abc_analysis(changhai, value="revenue", customer="customer")
    before = table.copy()
    ax = render(lambda: cl.plot_pareto(table), tmp_path, "pareto")
    pd.testing.assert_frame_equal(table, before)

    expected = changhai.sort_values("revenue", ascending=False, kind="stable")
    assert expected["customer"].tolist() == SORTED_CUSTOMERS
    cum_pct = expected["revenue"].cumsum().to_numpy() / expected["revenue"].sum() * 100

    # x axis: customer codes in sorted order
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == [str(c) for c in SORTED_CUSTOMERS]

    # one bar per customer, heights = sorted revenue
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 1 and len(bars[0]) == 14
    heights = [p.get_height() for p in bars[0]]
    assert heights == expected["revenue"].astype(float).tolist()

    # cumulative-share line on the right axis, in percent
    right = ax.right_ax
    assert right.get_ylim() == (0, 118) and right.get_yticks()[-1] == 100
    curves = [ln for ln in right.get_lines() if len(ln.get_ydata()) == 14]
    assert len(curves) == 1
    np.testing.assert_allclose(curves[0].get_ydata(), cum_pct)
    np.testing.assert_allclose(curves[0].get_xdata(), np.arange(14))
    assert cum_pct[3] == pytest.approx(79.5) and cum_pct[4] == pytest.approx(84.5)

    # two dashed threshold lines at 80% and 95%, labelled
    flat = sorted(
        float(ln.get_ydata()[0])
        for ln in right.get_lines()
        if len(set(np.asarray(ln.get_ydata(), dtype=float))) == 1
    )
    assert flat == [80.0, 95.0]
    texts = all_texts(ax.figure)
    assert "80%" in texts and "95%" in texts

    # shaded class regions: A = first 4, B = next 5, C = last 5 (by hand: 79.5% | 94.9%)
    spans = sorted(patch_x_extent(p) for p in ax.patches if p not in bars[0].patches)
    assert spans == [(-0.5, 3.5), (3.5, 8.5), (8.5, 13.5)]
    for cls, count in (("A", 4), ("B", 5), ("C", 5)):
        assert any(t.startswith(f"{cls} 类") and f"{count}" in t for t in texts), texts

    # Chinese is drawn with the CJK font
    assert "客户编号" in ax.get_xlabel()
    assert text_font_files(ax.figure) == {BUNDLED}


def test_pareto_custom_limits_and_given_ax(changhai, tmp_path):
    table = cl.abc_analysis(changhai, value="revenue", customer="customer", a=0.7, b=0.9)
    fig, (left, other) = plt.subplots(1, 2, figsize=(12, 4))
    ax = render(lambda: cl.plot_pareto(table, ax=left), tmp_path, "pareto_ax")
    assert ax is left and ax.figure is fig
    flat = sorted(
        float(ln.get_ydata()[0]) for ln in ax.right_ax.get_lines() if len(ln.get_ydata()) == 2
    )
    assert flat == [70.0, 90.0]
    assert not other.patches and not other.lines
    # explicit a/b override the table's limits for the lines
    ax2 = cl.plot_pareto(table, a=0.6, b=0.85)
    flat = sorted(
        float(ln.get_ydata()[0]) for ln in ax2.right_ax.get_lines() if len(ln.get_ydata()) == 2
    )
    assert flat == [60.0, 85.0]


def test_pareto_without_customer_column_uses_rank(changhai, tmp_path):
    table = cl.abc_analysis(changhai[["revenue"]], value="revenue")
    ax = render(lambda: cl.plot_pareto(table), tmp_path, "pareto_rank")
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(r) for r in range(1, 15)]


def test_pareto_many_customers(big, tmp_path):
    table = cl.abc_analysis(big, value="profit", customer="customer")
    ax = render(lambda: cl.plot_pareto(table), tmp_path, "pareto500")
    bars = next(c for c in ax.containers if isinstance(c, BarContainer))
    assert len(bars) == 500
    expected = big["profit"].sort_values(ascending=False, kind="stable").to_numpy()
    np.testing.assert_allclose([p.get_height() for p in bars], expected)
    (curve,) = [ln for ln in ax.right_ax.get_lines() if len(ln.get_ydata()) == 500]
    np.testing.assert_allclose(curve.get_ydata(), np.cumsum(expected) / expected.sum() * 100)
    labels = {t.get_text() for t in ax.get_xticklabels()}
    assert 2 <= len(labels) <= 15  # a few rank ticks, not 500 customer codes
    assert not labels & set(big["customer"])


def test_pareto_rejects_a_plain_table(changhai):
    with pytest.raises(cl.CrmlabError, match="abc_analysis"):
        cl.plot_pareto(changhai)


# ------------------------------------------------------------------------------------------
# Pyramid
# ------------------------------------------------------------------------------------------


def test_pyramid_changhai(changhai, tmp_path):
    table = cl.pyramid(changhai, value="revenue", customer="customer")
    before = table.copy()
    ax = render(lambda: cl.plot_pyramid(table), tmp_path, "pyramid")
    pd.testing.assert_frame_equal(table, before)

    # tier sizes by the ceil rule, by hand: ceil(0.14)=1, ceil(2.8)=3, ceil(7)=7 of 14
    sizes = [1, 2, 4, 7]
    ordered = changhai["revenue"].sort_values(ascending=False, kind="stable").to_numpy()
    bounds = np.cumsum([0, *sizes])
    value_shares = [ordered[lo:hi].sum() / ordered.sum() for lo, hi in pairwise(bounds)]
    assert value_shares[0] == pytest.approx(0.37)  # 740 / 2000

    polys = [p for p in ax.patches if isinstance(p, Polygon)]
    assert len(polys) == len(ax.patches) == 4
    extents = [p.get_xy() for p in polys]
    tops = [v[:, 1].max() for v in extents]
    heights = [v[:, 1].max() - v[:, 1].min() for v in extents]
    base_widths = [np.ptp(v[v[:, 1] == v[:, 1].min(), 0]) for v in extents]
    assert tops == sorted(tops, reverse=True)  # first tier at the top
    assert np.allclose(heights, heights[0])  # equal band heights
    assert all(w1 < w2 for w1, w2 in pairwise(base_widths))  # wider downward
    apex = extents[0][extents[0][:, 1] == tops[0]]
    assert np.ptp(apex[:, 0]) == pytest.approx(0)  # the top tier ends in a point

    texts = all_texts(ax.figure)
    for tier, size, vs in zip(cl.PYRAMID_LABELS, sizes, value_shares):
        assert tier in texts
        cs = f"{size / 14 * 100:.1f}%"
        assert any(cs in t and f"{vs * 100:.1f}%" in t for t in texts), (tier, texts)
    assert text_font_files(ax.figure) == {BUNDLED}


def test_pyramid_vip_scheme(big, tmp_path):
    table = cl.pyramid(big, value="profit", cuts=cl.VIP_ABC_CUTS, labels=cl.VIP_ABC_LABELS)
    ax = render(lambda: cl.plot_pyramid(table), tmp_path, "pyramid_vip")
    assert len(ax.patches) == 4
    texts = all_texts(ax.figure)
    for tier, size in zip(cl.VIP_ABC_LABELS, [5, 20, 75, 400]):  # 1%, 4%, 15%, 80% of 500
        assert tier in texts
        assert any(f"{size / 500 * 100:.1f}%" in t and f"{size}" in t for t in texts)


# ------------------------------------------------------------------------------------------
# Lorenz curve
# ------------------------------------------------------------------------------------------


def _gini_pairs(x) -> float:
    x = np.asarray(x, dtype=float)
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean()))


def test_lorenz_changhai(changhai, tmp_path):
    conc = cl.concentration(changhai["revenue"])
    ax = render(lambda: cl.plot_lorenz(conc), tmp_path, "lorenz")
    asc = np.sort(np.array(REVENUE, dtype=float))
    exp_y = np.concatenate([[0], np.cumsum(asc) / asc.sum()]) * 100
    exp_x = np.arange(15) / 14 * 100
    curves = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 15]
    assert len(curves) == 1
    np.testing.assert_allclose(curves[0].get_xdata(), exp_x)
    np.testing.assert_allclose(curves[0].get_ydata(), exp_y)
    assert (curves[0].get_xdata()[-1], curves[0].get_ydata()[-1]) == pytest.approx((100, 100))
    diagonal = [ln for ln in ax.get_lines() if list(ln.get_xdata()) == [0, 100]]
    assert len(diagonal) == 1 and list(diagonal[0].get_ydata()) == [0, 100]
    assert any(isinstance(c, PolyCollection) for c in ax.collections)  # shaded area
    assert f"{_gini_pairs(REVENUE):.2f}" in ax.get_title()
    assert "基尼系数" in ax.get_title()
    top3 = (740 + 590 + 140) / 2000  # ceil(0.2 * 14) = 3 largest customers
    assert any(f"{top3 * 100:.1f}%" in t for t in all_texts(ax.figure))


def test_lorenz_of_a_table_needs_the_value_column(changhai):
    with pytest.raises(cl.CrmlabError, match="value="):
        cl.plot_lorenz(changhai)


def test_lorenz_of_a_table_is_the_lorenz_of_its_values(changhai, tmp_path):
    ax = render(lambda: cl.plot_lorenz(changhai, value="revenue"), tmp_path, "lorenz_table")
    # the curve ends at (100%, 100%) and starts with the smallest customer: 10 of 2000 = 0.5%
    x, y = ax.get_lines()[1].get_data()
    assert (x[-1], y[-1]) == (100, 100)
    assert y[1] == pytest.approx(10 / 2000 * 100)


# ------------------------------------------------------------------------------------------
# RFM
# ------------------------------------------------------------------------------------------


def test_rfm_segments_cdnow(cdnow_rfm, tmp_path):
    seg = cl.rfm_segments(cdnow_rfm)
    ax = render(lambda: cl.plot_rfm_segments(seg), tmp_path, "rfm_segments")
    names = [str(s) for s in seg["segment"].cat.categories]
    assert len(names) == 8
    assert [t.get_text() for t in ax.get_yticklabels()] == names

    seg_text = seg["segment"].astype(str)
    counts = seg_text.value_counts().reindex(names, fill_value=0)
    money = seg["monetary"].groupby(seg_text).sum().reindex(names, fill_value=0)
    cust_pct = counts.to_numpy() / len(seg) * 100
    value_pct = money.to_numpy() / seg["monetary"].sum() * 100

    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == 2 and all(len(b) == 8 for b in bars)
    np.testing.assert_allclose([p.get_width() for p in bars[0]], cust_pct)
    np.testing.assert_allclose([p.get_width() for p in bars[1]], value_pct)
    texts = all_texts(ax.figure)
    for pct in (*cust_pct, *value_pct):
        assert f"{pct:.1f}%" in texts
    assert f"{len(seg):,}" in ax.get_title()


def test_rfm_heatmap_cdnow(cdnow_rfm, tmp_path):
    seg = cl.rfm_segments(cdnow_rfm)  # no score columns: the plot computes them
    ax = render(lambda: cl.plot_rfm_heatmap(seg), tmp_path, "rfm_heatmap")
    scored = cl.rfm_scores(cdnow_rfm)
    levels = range(1, 6)
    mean = scored.pivot_table(
        index="R_score", columns="F_score", values="monetary", aggfunc="mean"
    ).reindex(index=levels, columns=levels)
    count = scored.pivot_table(
        index="R_score", columns="F_score", values="monetary", aggfunc="size"
    ).reindex(index=levels, columns=levels)

    (image,) = [im for im in ax.get_images() if isinstance(im, AxesImage)]
    data = image.get_array()
    np.testing.assert_allclose(np.ma.filled(data, np.nan), mean.to_numpy(), equal_nan=True)
    cell_texts = [t for t in ax.texts]
    shown = sum(int(t.get_text().replace(",", "")) for t in cell_texts)
    assert shown == len(seg) == int(np.nansum(count.to_numpy()))
    for t in cell_texts:  # each number sits in its cell
        f, r = (round(v) for v in t.get_position())
        assert int(t.get_text().replace(",", "")) == count.loc[r, f]
    assert len(ax.figure.axes) == 2  # the colourbar
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "4", "5"]


def test_rfm_heatmap_uses_existing_scores(tmp_path):
    rfm = pd.DataFrame(
        {
            "customer": list("abcdef"),
            "recency": [1, 2, 3, 4, 5, 6],
            "frequency": [1, 1, 2, 2, 3, 3],
            "monetary": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
            "R_score": [5, 5, 1, 1, 1, 1],
            "F_score": [1, 1, 5, 5, 5, 3],
        }
    )
    ax = render(lambda: cl.plot_rfm_heatmap(rfm), tmp_path, "heat_small")
    data = np.ma.filled(ax.get_images()[0].get_array(), np.nan)
    assert data[4, 0] == pytest.approx(15.0)  # R 5, F 1: customers a, b
    assert data[0, 4] == pytest.approx(40.0)  # R 1, F 5: c, d, e
    assert data[0, 2] == pytest.approx(60.0)
    assert np.isnan(data).sum() == 22
    assert sorted(t.get_text() for t in ax.texts) == ["1", "2", "3"]


# ------------------------------------------------------------------------------------------
# English mode
# ------------------------------------------------------------------------------------------


def test_english_labels(english, changhai, big, cdnow_rfm, tmp_path):
    axes = [
        render(
            lambda: cl.plot_pareto(cl.abc_analysis(changhai, value="revenue", customer="customer")),
            tmp_path,
            "en_pareto",
        ),
        render(
            lambda: cl.plot_pareto(cl.abc_analysis(big, value="profit", customer="customer")),
            tmp_path,
            "en_pareto500",
        ),
        render(
            lambda: cl.plot_pyramid(cl.pyramid(changhai, value="revenue", customer="customer")),
            tmp_path,
            "en_pyramid",
        ),
        render(
            lambda: cl.plot_lorenz(cl.concentration(changhai["revenue"])), tmp_path, "en_lorenz"
        ),
        render(lambda: cl.plot_rfm_segments(cl.rfm_segments(cdnow_rfm)), tmp_path, "en_seg"),
        render(lambda: cl.plot_rfm_heatmap(cl.rfm_segments(cdnow_rfm)), tmp_path, "en_heat"),
    ]
    for ax in axes:
        texts = all_texts(ax.figure)
        assert texts
        assert not [t for t in texts if CJK.search(t)], texts
    assert "Pareto" in axes[0].get_title()
    assert "Gini" in axes[3].get_title()


def test_segments_made_in_chinese_are_shown_in_english(cdnow_rfm, tmp_path):
    seg = cl.rfm_segments(cdnow_rfm)  # Chinese segment names
    before = cl.get_language()
    cl.set_language("en")
    try:
        ax = render(lambda: cl.plot_rfm_segments(seg), tmp_path, "en_seg_zh_data")
    finally:
        cl.set_language(before)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 8 and not [t for t in labels if CJK.search(t)]
    assert math.isclose(sum(p.get_width() for p in ax.containers[0]), 100)
