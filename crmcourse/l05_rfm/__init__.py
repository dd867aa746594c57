"""Course code of lesson 05 RFM 模型: ``checks``, ``widgets``."""
