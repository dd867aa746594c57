"""Course code of lesson 04 客户金字塔模型: ``checks``, ``widgets``."""
