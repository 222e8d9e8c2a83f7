"""studykit: structured, traceable findings of case studies, compared across cases.

The package imports lazily, so that light commands (``studykit render`` with
nothing to do) do not pay for pandas.
"""

__version__ = "0.1.0"
__all__ = ["Corpus", "CorpusError", "Problem", "load_corpus", "validate_corpus", "__version__"]


def __getattr__(name):
    if name in ("Corpus", "load_corpus", "validate_corpus"):
        from . import corpus

        return getattr(corpus, name)
    if name in ("CorpusError", "Problem"):
        from . import problems

        return getattr(problems, name)
    raise AttributeError(f"module 'studykit' has no attribute {name!r}")
