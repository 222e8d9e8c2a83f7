"""studykit: structured, traceable findings of case studies, compared across cases.

The package is built in wings, one per stage; imports run one way only:
``corpus`` ← ``analysis`` ← ``reports`` ← ``render`` ← ``cli`` (``coding`` sits beside
``analysis``: it grows the corpus and may import only ``corpus``). ``paths`` and
``_version`` are the foundation every wing may use.

Imports are lazy, so that light commands (``studykit render`` with nothing to do)
do not pay for pandas.
"""

from ._version import __version__

__all__ = ["Corpus", "CorpusError", "Problem", "load_corpus", "validate_corpus", "__version__"]


def __getattr__(name):
    if name in __all__:
        from . import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'studykit' has no attribute {name!r}")
