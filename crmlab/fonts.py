"""Chinese text in matplotlib figures.

Matplotlib ships no CJK glyphs. crmlab depends on the ``mplfonts`` package, which carries the
open-licence (SIL OFL) font Noto Sans CJK SC. :func:`use_chinese_font` registers that file with
matplotlib under a family name only crmlab uses, :data:`FAMILY`, and makes it the first
sans-serif family. A system font with the same family name (Debian's ``fonts-noto-cjk``, a
Chinese Windows or macOS machine) therefore never takes its place: a lesson's figure looks the
same in every classroom. Every crmlab plot calls it; call it yourself before drawing your own
figures:

>>> import crmlab as cl
>>> family = cl.use_chinese_font()
>>> family == cl.fonts.FAMILY
True
>>> cl.use_chinese_font() == family  # calling it again is harmless
True

matplotlib is imported only when this function runs, so ``import crmlab`` stays fast.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

from .validation import CrmlabError

#: The font file inside the ``mplfonts`` package that crmlab registers.
MPLFONTS_FILE = "NotoSansCJKsc-Regular.otf"

#: The family name crmlab registers that file under. No installed font has this name, so
#: matplotlib cannot swap in a different file for it.
FAMILY = "crmlab Noto Sans CJK SC"

# Open-licence CJK families that may be installed system-wide (e.g. Debian fonts-noto-cjk,
# fonts-wqy-zenhei). Used only when the mplfonts file is missing (a broken install). Proprietary
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


def _register_bundled(path: Path) -> str:
    """Add ``path`` to matplotlib's font list under :data:`FAMILY` (once) and return FAMILY."""
    from matplotlib import font_manager, ft2font

    manager = font_manager.fontManager
    if not any(entry.name == FAMILY for entry in manager.ttflist):
        entry = font_manager.ttfFontProperty(ft2font.FT2Font(str(path)))
        manager.ttflist.append(dataclasses.replace(entry, name=FAMILY))
        manager._findfont_cached.cache_clear()
    return FAMILY


def _find_family() -> str:
    from matplotlib import font_manager

    path = _mplfonts_file()
    if path is not None:
        return _register_bundled(path)
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

    Uses Noto Sans CJK SC from the ``mplfonts`` package, registered as :data:`FAMILY`; only if
    that file is missing, an open CJK font installed on the system. Raises
    :class:`~crmlab.validation.CrmlabError` if there is none. Also turns off the Unicode minus
    sign (not every CJK font has it). Safe and cheap to call again: the font file is registered
    once, the settings are re-applied each time (in case a style reset them).
    """
    global _family
    import matplotlib
    from matplotlib import font_manager

    if _family is None or (
        _family == FAMILY and not any(e.name == FAMILY for e in font_manager.fontManager.ttflist)
    ):
        _family = _find_family()
    rc = matplotlib.rcParams
    sans = [f for f in rc["font.sans-serif"] if f != _family]
    if rc["font.sans-serif"][:1] != [_family]:
        rc["font.sans-serif"] = [_family, *sans]
    if rc["font.family"] != ["sans-serif"]:
        rc["font.family"] = ["sans-serif"]
    rc["axes.unicode_minus"] = False
    return _family
