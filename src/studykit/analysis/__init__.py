"""The analysis wing: pure functions over the corpus tables.

Cross-case comparison (``compare``), GRADE-CERQual evidence profiles (``evidence``).
May import ``studykit.corpus`` and the foundation (``paths``, ``_version``); nothing above.
"""
