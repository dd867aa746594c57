"""Course code of lesson 07 综合测验 (review quiz): ``checks``, ``widgets``."""
