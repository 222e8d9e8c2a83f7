"""studykit: structured, traceable findings of case studies, compared across cases."""

from .corpus import Corpus, load_corpus, validate_corpus
from .problems import CorpusError, Problem

__version__ = "0.1.0"
__all__ = ["Corpus", "CorpusError", "Problem", "load_corpus", "validate_corpus", "__version__"]
