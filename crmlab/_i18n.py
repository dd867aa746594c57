"""Language switch for crmlab's own text: tier and segment names, column values, figure labels.

Chinese is the default. Error messages are always bilingual, whatever the language. The course's
check messages (问题 / 提示 / 去哪里改) are Chinese only; the switch does not change them.

The exported name lists (``PYRAMID_LABELS``, ``RFM_SEGMENT_NAMES``, ``MEMBER_TIERS``...) are
:class:`LocalizedNames`: they always show the names the functions return in the current
language.

>>> import crmlab as cl
>>> cl.set_language("en"); cl.get_language()
'en'
>>> cl.set_language("zh"); cl.get_language()
'zh'
"""

from __future__ import annotations

from collections.abc import Sequence

_LANG = "zh"
_SUPPORTED = ("zh", "en")


def set_language(lang: str) -> None:
    """Switch crmlab's labels and names: ``"zh"`` (default) or ``"en"``.

    Error messages stay bilingual and the course's check messages stay Chinese.
    """
    global _LANG
    from .validation import Options, check_option

    _LANG = check_option(lang, "lang", Options(*_SUPPORTED))


def get_language() -> str:
    """The current language code, ``"zh"`` or ``"en"``."""
    return _LANG


def tr(zh: str, en: str) -> str:
    """Pick the text for the current language."""
    return zh if _LANG == "zh" else en


class LocalizedNames(Sequence):
    """A fixed list of names in both languages that reads in the current language.

    >>> import crmlab as cl
    >>> names = LocalizedNames(("钻石", "黄金"), ("Diamond", "Gold"))
    >>> list(names), names[0]
    (['钻石', '黄金'], '钻石')
    >>> cl.set_language("en"); names == ("Diamond", "Gold"); cl.set_language("zh")
    True
    """

    def __init__(self, zh: Sequence[str], en: Sequence[str]):
        if len(zh) != len(en):
            raise ValueError("zh and en need the same number of names")
        self._zh, self._en = tuple(zh), tuple(en)

    def _now(self) -> tuple:
        return self._zh if _LANG == "zh" else self._en

    def __getitem__(self, key):
        return self._now()[key]

    def __len__(self) -> int:
        return len(self._zh)

    def __iter__(self):
        return iter(self._now())

    def __eq__(self, other) -> bool:
        if isinstance(other, (LocalizedNames, tuple, list)):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._zh)

    def __repr__(self) -> str:
        return repr(self._now())

    def canonical(self, name) -> int | None:
        """Position of ``name`` in either language, or None."""
        for names in (self._zh, self._en):
            if name in names:
                return names.index(name)
        return None

    def zh(self) -> tuple:
        return self._zh

    def en(self) -> tuple:
        return self._en
