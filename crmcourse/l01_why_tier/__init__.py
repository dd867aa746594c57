"""Course code of lesson 01 为什么要分级: ``checks``, ``widgets``."""
