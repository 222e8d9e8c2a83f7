"""The corpus wing: the data model and everything that reads, checks and writes it.

Schema, the codebook (its one home: :mod:`.codebook`), readers, quote provenance, problems,
load/validate, tidy tables, CERQual judgement files, export. May import only ``studykit.paths`` and
``studykit._version``.
"""

_EXPORTS = {
    "Corpus": "load",
    "load_corpus": "load",
    "validate_corpus": "load",
    "CorpusError": "problems",
    "Problem": "problems",
    "ProblemsError": "problems",
    "Codebook": "codebook",
    "read_codebook": "codebook",
}
__all__ = list(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
