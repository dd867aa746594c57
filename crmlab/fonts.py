"""Chinese text in matplotlib figures.

Matplotlib ships no CJK glyphs. crmlab depends on the ``mplfonts`` package, which carries the
open-licence (SIL OFL) font Noto Sans CJK SC; :func:`use_chinese_font` registers that file with
matplotlib and makes it the first sans-serif family, so 中文 labels render on a machine with no
system CJK font. Every crmlab plot calls it; call it yourself before drawing your own figures:

>>> import crmlab as cl
>>> family = cl.use_chinese_font()
>>> cl.use_chinese_font() == family  # calling it again is harmless
True

matplotlib is imported only when this function runs, so ``import crmlab`` stays fast.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .validation import CrmlabError

#: The font file inside the ``mplfonts`` package that crmlab registers.
MPLFONTS_FILE = "NotoSansCJKsc-Regular.otf"

# Open-licence CJK families that may be installed system-wide (e.g. Debian fonts-noto-cjk,
# fonts-wqy-zenhei). Tried in this order when the mplfonts file is not available. Proprietary
# fonts (SimHei and friends) are deliberately not listed.
_SYSTEM_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans CJK JP",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "AR PL UKai CN",
)

_family: str | None = None


def _mplfonts_file() -> Path | None:
    try:
        spec = importlib.util.find_spec("mplfonts")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        path = Path(location) / "fonts" / MPLFONTS_FILE
        if path.is_file():
            return path
    return None


def _find_family() -> str:
    from matplotlib import font_manager

    path = _mplfonts_file()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        return font_manager.FontProperties(fname=str(path)).get_name()
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in _SYSTEM_FAMILIES:
        if family in installed:
            return family
    raise CrmlabError(
        "找不到可以显示中文的字体，图中的中文会变成方框。请安装 crmlab 的依赖包 mplfonts"
        "（pip install mplfonts），或安装系统字体 Noto Sans CJK（Debian/Ubuntu："
        "apt install fonts-noto-cjk）。",
        "no font that can draw Chinese was found, so Chinese labels would show as boxes. "
        "Install crmlab's dependency mplfonts (pip install mplfonts) or the system font "
        "Noto Sans CJK (Debian/Ubuntu: apt install fonts-noto-cjk).",
    )


def use_chinese_font() -> str:
    """Register a CJK font with matplotlib and make it the default; return its family name.

    Uses Noto Sans CJK SC from the ``mplfonts`` package, else an open CJK font installed on the
    system; raises :class:`~crmlab.validation.CrmlabError` if there is none. Also turns off the
    Unicode minus sign (not every CJK font has it). Safe and cheap to call again: the font file
    is registered once, the settings are re-applied each time (in case a style reset them).
    """
    global _family
    import matplotlib

    if _family is None:
        _family = _find_family()
    rc = matplotlib.rcParams
    sans = [f for f in rc["font.sans-serif"] if f != _family]
    if rc["font.sans-serif"][:1] != [_family]:
        rc["font.sans-serif"] = [_family, *sans]
    if rc["font.family"] != ["sans-serif"]:
        rc["font.family"] = ["sans-serif"]
    rc["axes.unicode_minus"] = False
    return _family
