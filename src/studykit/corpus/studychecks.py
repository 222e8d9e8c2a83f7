"""What a study file must get right beyond its schema, complete or draft: one set of checks.

``validate`` (:func:`studykit.corpus.studies.check_study`) and the coding workbench's Save run these
same checks, so that Save never calls a study complete that ``validate`` refuses. They read a study
as a plain mapping (a validated study's ``model_dump()``, or the parsed file of a draft, whose empty
fields are simply skipped): the codes it uses (its place against the gazetteer and the provinces,
frameworks, themes), its finding ids, its
source and every quote (each finding's ``quote`` and ``quote_en`` and the implementation outcome's
``quote``), located in the source. A quote not in its source is an error in a draft too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .codebook import THEMES_FILE
from .mergedthemes import finding_theme, retired_finding_theme
from .messages import LANGS, t
from .places import PROVINCES_FILE, REGENCIES_FILE, near_units, official_unit
from .problems import ProblemError, Said
from .provenance import IndexedSource, index_source, quote_problem
from .sametext import text_key
from .sources import CONTROL, read_source

Report = Callable[..., None]  # problem(loc, key, said=None, **values): one problem at ``loc``


def content_problems(
    study: dict[str, Any], stem: str, data_dir: Path, codes: Any, problem: Report, draft: bool = False
) -> tuple[list[tuple[tuple, tuple]], tuple, str | None]:
    """Report every problem of ``study`` (its file named ``stem``.yaml) through ``problem``; return each
    finding's (quote span, quote_en span), the outcome quote's span ((None, None) where not located) and
    the key of its source's text (:func:`~.sametext.text_key`; None: no source read).
    ``draft``: empty values are gaps still to fill, not errors."""
    study_id = study.get("study_id")
    # a typo in study_id is one problem (of the caller), not one more per finding named after the file
    prefixes = tuple(f"{name}-" for name in (study_id, stem) if isinstance(name, str))
    _place(study, codes, problem)
    for i, fid in enumerate(study.get("frameworks_declared") or []):
        if fid is not None and fid not in codes.framework_ids:
            allowed = ", ".join(sorted(codes.framework_ids))
            problem(("frameworks_declared", i), "problem.unknown_framework", value=fid, allowed=allowed)
    index, source_file = _source(study.get("source") or {}, data_dir, problem, draft)
    english = "en" in ((study.get("source") or {}).get("languages") or [])
    spans = []
    seen: list[str] = []  # the ids of the findings before
    for i, f in enumerate(study.get("findings") or []):
        if not isinstance(f, dict):
            spans.append(((None, None), (None, None)))
            continue
        loc = ("findings", i)
        spans.append(_finding(loc, f, prefixes, seen, codes, index, source_file, problem))
        if f.get("quote_en") is not None and not english:
            problem(loc + ("quote_en",), "problem.quote_en_no_english")
    outcome = _outcome(study.get("implementation_outcome") or {}, index, source_file, problem, draft)
    return spans, outcome, None if index is None else text_key(index.normalized, spaced=True)


def _place(study: dict[str, Any], codes: Any, problem: Report) -> None:
    """admin_unit a kota or kabupaten of the gazetteer (when there is one), its type and province the
    gazetteer's; the province one of provinces.csv. Whatever the ``level`` studied (a desa, a kecamatan),
    admin_unit is the kota or kabupaten it lies in: the schema allows no other type."""
    unit, kind, province = (study.get(key) for key in ("admin_unit", "admin_unit_type", "province"))
    place = None
    if codes.places is not None and isinstance(unit, str):
        official = official_unit(unit, codes.places)  # a draft is read as written, not stripped by the schema
        place = None if official is None else codes.places[official]
        if place is None:
            close = near_units(unit, kind, codes.places)
            said = Said("suggest.did_you_mean", {"ids": close}) if close else ""
            problem(
                ("admin_unit",), "problem.unknown_admin_unit", value=unit, close=said, file=REGENCIES_FILE
            )
        elif isinstance(kind, str) and kind != place.admin_unit_type:
            expected = place.admin_unit_type
            values = {"admin_unit": unit, "expected": expected, "value": kind, "file": REGENCIES_FILE}
            problem(("admin_unit_type",), "problem.admin_unit_type_disagrees", **values)
    if not isinstance(province, str):
        return
    known = codes.islands is None or province in codes.islands
    if place is not None and province != place.province:
        values = {"admin_unit": unit, "expected": place.province, "value": province, "file": REGENCIES_FILE}
        problem(
            ("province",), f"problem.{'province_disagrees' if known else 'unknown_province_of'}", **values
        )
    elif not known:
        problem(("province",), "problem.unknown_province", value=province, file=PROVINCES_FILE)


def _source(source: dict[str, Any], data_dir: Path, problem: Report, draft: bool):
    """The source's index (None when it cannot be read, or is not named yet in a draft) and its name as
    problems show it."""
    file = source.get("file")
    if draft and not isinstance(file, str):
        return None, ""
    try:
        text, digest = read_source(data_dir, file, "")
    except ProblemError as exc:
        reason = (exc.problem.message, dict(exc.problem.translations).get("id", exc.problem.message))
        said = tuple(
            t("problem.source_unusable", lang, file=file, reason=why)
            for lang, why in zip(LANGS, reason, strict=True)
        )
        problem(("source", "file"), None, said)
        return None, ""
    if digest != source.get("sha256") and not (draft and source.get("sha256") is None):
        problem(("source", "sha256"), "problem.source_changed", file=file)
    return index_source(text), f"{data_dir.name}/{file}"


def _finding(loc, f, prefixes, seen, codes, index, source_file, problem):
    """One finding's ids, themes and quotes; its (quote span, quote_en span)."""
    fid, earlier = f.get("finding_id"), set(seen)
    if isinstance(fid, str):
        if not fid.startswith(prefixes):
            study_id = prefixes[0][:-1]
            problem(loc + ("finding_id",), "problem.foreign_finding_id", finding_id=fid, study_id=study_id)
        if fid in earlier:
            problem(loc + ("finding_id",), "problem.duplicate_finding_id", finding_id=fid)
    seen.append(fid)
    for key in ("theme_id", "secondary_theme_id"):
        value = f.get(key)
        if value is None or value in codes.theme_ids:
            continue
        merged = finding_theme(f, key, codes.merged) or retired_finding_theme(value, key, codes.retired)
        if merged is not None:
            problem(loc + (key,), f"problem.{merged[0]}", **merged[1])
        else:
            problem(loc + (key,), "problem.unknown_theme_in", value=value, file=THEMES_FILE)
    if f.get("secondary_theme_id") is not None and f.get("secondary_theme_id") == f.get("theme_id"):
        problem(loc + ("secondary_theme_id",), "problem.same_theme_twice")
    restates = f.get("restates")
    if restates is not None and restates not in earlier:
        problem(loc + ("restates",), "problem.restates_not_earlier", value=restates)
    spans = []
    for key in ("quote", "quote_en"):
        quote = f.get(key)
        span = None
        if index is not None and isinstance(quote, str) and quote.strip():
            span = located(index, quote, source_file, loc + (key,), problem)
        spans.append(span or (None, None))
    return tuple(spans)


def _outcome(outcome: dict[str, Any], index, source_file: str, problem: Report, draft: bool) -> tuple:
    """The implementation-outcome quote: required unless the rating is not_stated (in a complete study),
    and found in the source like a finding's."""
    loc = ("implementation_outcome", "quote")
    rating, quote = outcome.get("rating"), outcome.get("quote")
    if rating == "not_stated":
        if quote is not None:
            problem(loc, "problem.outcome_quote_not_stated")
        return None, None
    if quote is None:
        if not draft:
            problem(loc, "problem.outcome_needs_quote", rating=rating)
        return None, None
    if index is None or not isinstance(quote, str):
        return None, None
    return located(index, quote, source_file, loc, problem) or (None, None)


def located(index: IndexedSource, quote: str, source_file: str, loc: tuple, problem: Report):
    """The span of a quote in the source; why it cannot be used (both languages) is a problem at ``loc``."""
    span, why = quote_problem(index, quote, source_file)
    if why:
        problem(loc, None, (why, quote_problem(index, quote, source_file, "id")[1]))
    return span


def control_characters(value: Any, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """(location, character) of every string in a study file's data holding a control character export would
    refuse."""
    if isinstance(value, str):
        found = CONTROL.search(value)
        return [(loc, found.group())] if found else []
    if isinstance(value, dict):
        return [hit for k, v in value.items() for hit in control_characters(v, loc + (k,))]
    if isinstance(value, list):
        return [hit for i, v in enumerate(value) for hit in control_characters(v, loc + (i,))]
    return []
