"""The parameter contract of every report notebook, and its validation.

papermill only *warns* about a parameter a notebook does not declare and
injects whatever type the command line guessed, so every notebook validates its
parameters through :func:`validate_parameters` in its first cell, and the batch
renderer does the same before it starts a kernel. The defaults here are the
ones written in each notebook's ``parameters`` cell (a test checks they agree).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..corpus.problems import Said
from .parameter_error import ParameterError
from .study_filter import NO_FILTER, attribute_value_refusal

ALL = NO_FILTER  # an empty filter value means "no filter" in the explore notebook (one definition)


@dataclass(frozen=True)
class Parameter:
    """A report parameter: name, default, help text and the check of its values."""

    name: str
    default: Any
    help: str
    choices: Callable[[Any], Sequence[Any]] | None = None  # corpus -> allowed values
    many: bool = False
    minimum: float | None = None
    maximum: float | None = None
    kind: type = str
    # a value that depends on the parameters before it: (corpus, checked, value) -> None, or why it is refused
    refusal: Callable[[Any, dict[str, Any], Any], tuple[Said, Sequence[Any]] | None] | None = None


# Choices are read from anything with study_ids / framework_ids / theme_ids / variable_ids:
# a loaded Corpus, or the light Catalog the batch renderer plans with.
def _studies(corpus) -> list[str]:
    return list(corpus.study_ids)


def _frameworks(corpus) -> list[str]:
    return list(corpus.framework_ids)


def _themes(corpus) -> list[str]:
    return list(corpus.theme_ids)


def _variables(corpus) -> list[str]:
    return list(corpus.variable_ids)


def _finding_types(corpus) -> list[str]:
    from ..corpus.schema import (
        FINDING_TYPES,
    )  # here, not at the top: planning a render needs no pydantic models

    return list(FINDING_TYPES)


def _conditions(corpus) -> list[str]:
    """QCA conditions: every theme as a barrier and as an enabler (see studykit.analysis.cases)."""
    return [f"{t}-{k}" for t in corpus.theme_ids for k in ("barrier", "enabler")]


LANG = Parameter(
    "lang", "en", "Report language: 'en' (English) or 'id' (Bahasa Indonesia).", lambda c: ["en", "id"]
)
FRAMEWORK = Parameter(
    "framework", "VMVH", "Framework lens: a framework_id of data/codebook/frameworks.yaml.", _frameworks
)
# The study attributes cases can be grouped by (studykit.analysis.groups.ATTRIBUTES; a test keeps the two
# equal).
GROUP_BY_CHOICES = (
    "study",
    "admin_unit_type",
    "level",
    "province",
    "island",
    "programme_family",
    "framework",
    "source_type",
    "year",
    "outcome",
)
GROUP_BY = Parameter(
    "group_by",
    "study",
    "Compare one column per study ('study'; groups anyway when the studies do not fit the page) "
    "or groups of studies by: " + ", ".join(GROUP_BY_CHOICES[1:]) + ".",
    lambda c: list(GROUP_BY_CHOICES),
)


def _attributes(corpus) -> list[str]:
    return [ALL, *GROUP_BY_CHOICES[1:]]


SECOND_CODING = Parameter(  # the agreement report's and the methods appendix's: the render sets both alike
    "second_coding",
    "",
    "A second analyst's coding of the same studies: a data directory with the layout of data/, relative to "
    "the folder that holds the data directory (reports.yaml's second_coding); empty: none configured.",
)
CONTRACTS: dict[str, list[Parameter]] = {
    "1-study-profile": [
        Parameter(
            "study_id", "bengkulu-samisake", "Study to profile: a study_id of data/studies/.", _studies
        ),
        LANG,
    ],
    "2-cross-case": [
        Parameter(
            "finding_types",
            ["barrier", "enabler"],
            "Finding types compared across cases.",
            _finding_types,
            many=True,
            kind=list,
        ),
        Parameter(
            "min_studies",
            1,
            "Show a theme only if at least this many studies report it.",
            minimum=1,
            kind=int,
        ),
        FRAMEWORK,
        GROUP_BY,
        LANG,
    ],
    "3-framework-lens": [FRAMEWORK, GROUP_BY, LANG],
    "4-evidence-profile": [LANG],
    "8-codebook": [LANG],
    "9-methods": [SECOND_CODING, LANG],
    "6-qca": [
        Parameter(
            "conditions",
            ["T04-barrier", "T02-barrier", "T03-barrier", "T05-barrier"],
            "QCA conditions: themes reported as barrier or enabler, e.g. 'T04-barrier'.",
            _conditions,
            many=True,
            kind=list,
        ),
        Parameter(
            "outcome",
            "shortfall",
            "Outcome: 'shortfall' (implementation rated poor or mixed) or 'success' (rated successful).",
            lambda c: ["shortfall", "success"],
        ),
        Parameter(
            "incl_cut",
            1.0,
            "Inclusion (consistency) cut-off for a truth-table row to be positive, in [0.5, 1].",
            minimum=0.5,
            maximum=1.0,
            kind=float,
        ),
        LANG,
    ],
    "7-agreement": [SECOND_CODING, LANG],
    "5-explore": [
        Parameter("study_id", ALL, "Only this study ('' = all studies).", lambda c: [ALL, *_studies(c)]),
        Parameter(
            "finding_type",
            ALL,
            "Only this finding type ('' = all types).",
            lambda c: [ALL, *_finding_types(c)],
        ),
        Parameter("theme_id", ALL, "Only this theme ('' = all themes).", lambda c: [ALL, *_themes(c)]),
        Parameter(
            "variable_id",
            ALL,
            "Only themes mapped to this framework variable ('' = no filter).",
            lambda c: [ALL, *_variables(c)],
        ),
        Parameter("attribute", ALL, "Only studies with this attribute ('' = no filter).", _attributes),
        Parameter("attribute_value", ALL, "Its value, e.g. 'kabupaten'.", refusal=attribute_value_refusal),
        LANG,
    ],
}


def parameter_names(notebook: str) -> set[str]:
    """The parameters ``notebook`` takes (none for a notebook without a contract)."""
    return {p.name for p in CONTRACTS.get(notebook, [])}


def validate_parameters(notebook: str, corpus, values: dict[str, Any]) -> dict[str, Any]:
    """Check ``values`` against the notebook's contract; return them complete with defaults.

    Raises ParameterError for an unknown parameter name, a wrong type, or a value
    outside the allowed set, naming the parameter and what is allowed.
    """
    if notebook not in CONTRACTS:
        raise ParameterError("notebook", notebook, list(CONTRACTS))
    contract = {p.name: p for p in CONTRACTS[notebook]}
    unknown = sorted(set(values) - set(contract))
    if unknown:
        from ..corpus.advice import near

        meant = near(unknown[0], contract) if isinstance(unknown[0], str) else []
        guess = Said("render.did_you_mean", {"guess": repr(meant[0])}) if meant else ""
        takes = {"notebook": notebook, "names": ", ".join(contract), "guess": guess}
        raise ParameterError(unknown[0], values[unknown[0]], Said("parameter.unknown", takes))
    checked = {}
    for name, param in contract.items():
        value = values.get(name, param.default)
        if param.kind is int:
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or (param.minimum is not None and value < param.minimum)
            ):
                raise ParameterError(name, value, Said("parameter.integer", {"minimum": param.minimum}))
        elif param.kind is float:
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not param.minimum <= value <= param.maximum
            ):
                span = {"minimum": param.minimum, "maximum": param.maximum}
                raise ParameterError(name, value, Said("parameter.number", span))
            value = float(value)
        elif param.many:
            if isinstance(value, str) or not isinstance(value, (list, tuple)) or not value:
                listed = {"values": ", ".join(map(repr, param.choices(corpus)))}
                raise ParameterError(name, value, Said("parameter.list", listed))
            allowed = param.choices(corpus)
            if name not in values:  # the notebook's default, for the bundled codebook: what this one has
                value = [v for v in value if v in allowed] or value  # (T05-barrier gone once T05 is merged)
            bad = [v for v in value if v not in allowed]
            if bad:
                raise ParameterError(name, bad[0], allowed)
            value = list(value)
        elif param.choices is not None:
            allowed = param.choices(corpus)
            if value not in allowed:
                raise ParameterError(name, value, allowed)
        refused = param.refusal(corpus, checked, value) if param.refusal else None
        if refused:
            raise ParameterError(name, value, *refused)
        checked[name] = value
    return checked
