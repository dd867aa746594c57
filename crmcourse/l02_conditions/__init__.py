"""Course code of lesson 02 分级的条件: ``checks``, ``widgets``."""
