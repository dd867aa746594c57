"""Language switch for crmlab's own text (labels, titles, check messages).

Chinese is the default. Error messages are always bilingual, whatever the language.

>>> import crmlab as cl
>>> cl.set_language("en"); cl.get_language()
'en'
>>> cl.set_language("zh"); cl.get_language()
'zh'
"""

from __future__ import annotations

_LANG = "zh"
_SUPPORTED = ("zh", "en")


def set_language(lang: str) -> None:
    """Switch crmlab's labels and messages: ``"zh"`` (default) or ``"en"``."""
    global _LANG
    if lang not in _SUPPORTED:
        from .validation import CrmlabError

        raise CrmlabError(
            f"不支持的语言 {lang!r}，可选 'zh' 或 'en'。",
            f"unsupported language {lang!r}; choose 'zh' or 'en'.",
        )
    _LANG = lang


def get_language() -> str:
    """The current language code, ``"zh"`` or ``"en"``."""
    return _LANG


def tr(zh: str, en: str) -> str:
    """Pick the text for the current language."""
    return zh if _LANG == "zh" else en
