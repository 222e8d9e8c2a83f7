"""Qualitative Comparative Analysis (QCA): crisp, multi-value and fuzzy sets.

A Python implementation that follows the reference R package ``QCA`` (Duşa, 3.23):
calibration, truth tables, exact Boolean minimisation (conservative, parsimonious and
intermediate solutions, every tied minimal model), parameters of fit and necessity.
Imports only the standard library, numpy and pandas.

    >>> from studykit.analysis import qca
    >>> res = qca.minimize(df, "SURV", solution="parsimonious", incl_cut=0.8)
    >>> print(res.to_text()); res.to_dict()
"""

from .calibrate import calibrate
from .errors import QCAError, QCALimitError
from .expectations import parse_dir_exp
from .fit import NecessityRow, necessity, sufficiency
from .minimize import (
    DEFAULT_MAX_MODELS,
    DEFAULT_MAX_PRIME_IMPLICANTS,
    DEFAULT_MAX_SECONDS,
    minimize,
    term_string,
    term_strings,
)
from .results import Model, QCAResult, TruthTable, TTRow
from .truthtable import truth_table

__all__ = [
    "DEFAULT_MAX_MODELS",
    "DEFAULT_MAX_PRIME_IMPLICANTS",
    "DEFAULT_MAX_SECONDS",
    "Model",
    "NecessityRow",
    "QCAError",
    "QCALimitError",
    "QCAResult",
    "TTRow",
    "TruthTable",
    "calibrate",
    "minimize",
    "necessity",
    "parse_dir_exp",
    "sufficiency",
    "term_string",
    "term_strings",
    "truth_table",
]
