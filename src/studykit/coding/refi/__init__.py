"""REFI-QDA interchange: the corpus out to MAXQDA, NVivo, ATLAS.ti or QualCoder, coded projects back in.

``export`` writes ``studykit-codebook.qdc`` and ``studykit-corpus.qdpx``; ``project`` reads any
tool's .qdpx/.qdc (``positions`` undoes each tool's way of counting characters); ``mapping`` turns
codes into finding types and themes; ``plan`` checks everything and says what an import would
write; ``apply`` writes it. May import only ``studykit.corpus`` and the foundation.
"""
