"""Course code of lesson 03 分级的指标: ``checks``, ``widgets``."""
