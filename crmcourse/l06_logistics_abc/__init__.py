"""Course code of lesson 06 物流客户 ABC 分析: ``checks``, ``widgets``."""
