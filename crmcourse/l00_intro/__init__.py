"""Course code of lesson 00 入门: ``checks``, ``widgets``."""
