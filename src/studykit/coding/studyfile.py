"""Study files edited by programs the way an analyst would edit them: nothing else changes.

``data/studies/<id>.yaml`` is written by hand, with comments, folded notes and
flow lists. Importers change only its ``findings``: the file is read and written
with ruamel.yaml's round-trip mode, which keeps comments, key order and scalar
styles (the five hand-written study files load and dump back byte-identically;
a test checks it). New findings are written in the house style: keys in schema
order, empty optional fields and the default ``review_status: reviewed`` left out.

:func:`finding_problems` checks findings before anything is written, with the
same rules as ``studykit validate`` (schema, id prefix, unique ids, known themes,
quotes found in the source); importers map each problem to their own rows.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..corpus.advice import advice
from ..corpus.drafts import SUMMARIES
from ..corpus.load import explain_error
from ..corpus.mergedthemes import finding_theme, retired_finding_theme
from ..corpus.provenance import index_source, quote_problem
from ..corpus.schema import Finding

FINDING_FIELDS = list(Finding.model_fields)
_DEFAULTS = {name: info.default for name, info in Finding.model_fields.items() if not info.is_required()}
THEME_FIELDS = ("theme_id", "secondary_theme_id")


def _yaml(width: int = 4096, offset: int = 2):
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = width  # 4096: never re-wrap a long quote
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    yaml.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    yaml.representer.add_representer(str, _string)
    return yaml


def _string(representer, value: str):
    """A text, quoted where the reader of study files (YAML 1.1, :mod:`studykit.corpus.safeyaml`) would
    read it plain as something else: ``yes``, ``off``, ``1_000``, ``1:20`` (ruamel writes YAML 1.2)."""
    import yaml as pyyaml

    if pyyaml.SafeLoader.resolve(pyyaml.SafeLoader, pyyaml.ScalarNode, value, (True, False)) != _STR:
        return representer.represent_scalar(_STR, value, style="'")
    return representer.represent_str(value)


_STR = "tag:yaml.org,2002:str"


def load(text: str) -> Any:
    """The study file's content as ruamel's round-trip objects (dict/list-like, with comments attached)."""
    return _yaml().load(text)


def dump(document: Any, style: tuple[int, int] = (4096, 2)) -> str:
    """YAML text of a round-trip document, in the house style or the ``style`` (width, list offset) of
    :func:`style_of`."""
    out = io.StringIO()
    _yaml(*style).dump(document, out)
    return out.getvalue()


STYLES = ((4096, 2), (4096, 0), (100, 0), (100, 2), (80, 0), (80, 2), (120, 0), (120, 2))


def style_of(text: str) -> tuple[int, int]:
    """The (width, list offset) that writes ``text`` back byte for byte, so that a program's change to a
    file written in another style (a generator's wrapped lines, lists at the key's column) changes only
    what it changes; the house style when none does."""
    document = load(text)
    for style in STYLES:
        if dump(document, style) == text:
            return style
    return STYLES[0]


def finding_mapping(values: dict[str, Any]):
    """A finding as a YAML mapping in schema order, without empty optional fields or defaults (an empty
    required field stays, empty: a gap still to fill, e.g. a summary still to write)."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for name in FINDING_FIELDS:
        value = values.get(name)
        if value is None and (name in _DEFAULTS or name not in values):
            continue
        if name in _DEFAULTS and value == _DEFAULTS[name]:
            continue
        mapping[name] = value
    return mapping


def set_findings(document: Any, findings: Iterable[dict[str, Any]]) -> None:
    """Make ``findings`` the study's findings; a finding equal to an existing one keeps its YAML node
    (comments, style)."""
    from ruamel.yaml.comments import CommentedSeq

    old = document.get("findings") or []
    by_id = {dict(f).get("finding_id"): f for f in old if hasattr(f, "get")}
    seq = CommentedSeq()
    for values in findings:
        kept = by_id.get(values.get("finding_id"))
        seq.append(
            kept
            if kept is not None and normalized(dict(kept)) == normalized(values)
            else finding_mapping(values)
        )
    seq.fa.set_block_style()  # `findings: []` becomes a block list
    document["findings"] = seq


def append_findings(document: Any, findings: Iterable[dict[str, Any]]) -> None:
    """Add findings after the existing ones, leaving those untouched."""
    from ruamel.yaml.comments import CommentedSeq

    seq = document.get("findings")
    if not isinstance(seq, CommentedSeq) or not seq:
        seq = CommentedSeq()
        document["findings"] = seq
    seq.fa.set_block_style()
    for values in findings:
        seq.append(finding_mapping(values))


def normalized(values: dict[str, Any]) -> dict[str, Any]:
    """A finding's values as the schema sees them (stripped strings, defaults filled, empty text = None)."""
    out = {}
    for name in FINDING_FIELDS:
        value = values.get(name)
        if isinstance(value, str):
            value = value.strip() or None
        if value is None:
            value = _DEFAULTS.get(name)
        out[name] = value
    return out


def finding_problems(
    study_id: str,
    findings: list[dict[str, Any]],
    source_text: str,
    theme_ids: Iterable[str],
    taken_ids: Iterable[str] = (),
    lang: str = "en",
    merged: Mapping[str, str] | None = None,
    retired: Mapping[str, tuple[str, ...]] | None = None,
) -> list[tuple[int, str, str]]:
    """Every problem of ``findings`` (dicts of Finding fields) as (index, field, message in ``lang``); empty
    when all can be written.

    ``taken_ids`` are finding ids already used elsewhere in the corpus; ``merged`` maps a theme id the
    codebook merged into another to that theme (``read_merged``), ``retired`` a retired one to its parts
    (``read_retired``), so the problem says where it went.
    """
    theme_ids, taken = set(theme_ids), set(taken_ids)
    problems: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    for i, values in enumerate(findings):
        try:
            finding = Finding.model_validate({k: v for k, v in normalized(values).items() if v is not None})
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(map(str, err["loc"])) or "(finding)"
                problems.append((i, field, explain_error(err, lang)))
            continue
        fid = finding.finding_id
        if not fid.startswith(study_id + "-"):
            problems.append(
                (i, "finding_id", advice("foreign_finding_id", lang, finding_id=fid, study_id=study_id))
            )
        if fid in seen or fid in taken:
            problems.append((i, "finding_id", advice("duplicate_finding_id", lang, finding_id=fid)))
        for key in THEME_FIELDS:
            value = getattr(finding, key)
            if value is None or value in theme_ids:
                continue
            moved = finding_theme({k: getattr(finding, k) for k in THEME_FIELDS}, key, merged)
            moved = moved or retired_finding_theme(value, key, retired)  # said as validate says it
            if moved is not None:
                problems.append((i, key, advice(moved[0], lang, **moved[1])))
            else:
                allowed = ", ".join(sorted(theme_ids))
                problems.append((i, key, advice("unknown_theme", lang, value=value, allowed=allowed)))
        if finding.secondary_theme_id is not None and finding.secondary_theme_id == finding.theme_id:
            problems.append((i, "secondary_theme_id", advice("same_theme_twice", lang)))
        if finding.restates is not None and finding.restates not in seen:
            problems.append((i, "restates", advice("restates_not_earlier", lang, value=finding.restates)))
        for key in ("quote", "quote_en"):
            value = getattr(finding, key)
            if value is not None:
                source = advice("source_of", lang, study_id=study_id)
                span, why = quote_problem(index_source(source_text), value, source, lang)
                if span is None:
                    why = advice("quote_not_in_source", lang, study_id=study_id)
                if why:
                    problems.append((i, key, why))
        problems += [(i, field, why) for field, why in _text_problems(values, lang)]
        seen.add(fid)
    return problems


def _text_problems(values: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """(field, message) for each value validate would refuse once written: a control character, a memo that
    does not read as a memo (:func:`studykit.corpus.memos.parse`)."""
    from ..corpus.memos import parse
    from ..corpus.problems import ProblemError
    from ..corpus.studies import control_characters

    found = [
        (str(loc[0]), advice("control_character", lang, code=f"{ord(char):04X}"))
        for loc, char in control_characters({k: v for k, v in values.items() if v is not None})
    ]
    memo = values.get("memo")
    if isinstance(memo, str) and not any(field == "memo" for field, _ in found):
        try:
            parse(memo, "memo")
        except ProblemError as exc:
            said = exc.problem
            found.append((said.field, dict(said.translations).get(lang, said.message)))
    return found


def summaries_as_gaps(findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``findings`` with a stand-in for each summary still empty, for :func:`finding_problems`: an empty
    summary is a gap that keeps the study a draft (``validate`` lists it, :mod:`studykit.corpus.drafts`),
    not an error; the findings written keep it empty."""
    return [
        {**f, **{k: "(to write)" for k in SUMMARIES if not str(f.get(k) or "").strip()}} for f in findings
    ]


def stated_finding_problems(file: str, line_of, field_of, *args, **kwargs) -> list:
    """The problems of :func:`finding_problems` as :class:`~studykit.corpus.problems.Problem` in both
    languages: ``file``, the line ``line_of(index)`` and the field ``field_of(index, field)`` of each."""
    from ..corpus.problems import Problem

    english = finding_problems(*args, **kwargs)
    indonesian = finding_problems(*args, **kwargs, lang="id")
    return [
        Problem(file, line_of(i), field_of(i, field), en, (("id", id_),))
        for (i, field, en), (_, _, id_) in zip(english, indonesian, strict=True)
    ]


def next_finding_number(findings: Iterable[dict[str, Any]], study_id: str) -> int:
    """The first number after every ``<study_id>-NN`` finding id in use."""
    numbers = [0]
    for f in findings:
        fid = str(f.get("finding_id") or "")
        tail = fid[len(study_id) + 1 :] if fid.startswith(study_id + "-") else ""
        if tail.isdigit():
            numbers.append(int(tail))
    return max(numbers) + 1


def read_document(path: Path) -> tuple[str, Any]:
    """The study file's text and its round-trip document."""
    text = path.read_text(encoding="utf-8")
    return text, load(text)


def findings_shape(document: object, shown: str) -> list:
    """Problems (file, field) if the study's ``findings`` is not a list of sections whose id, type, theme,
    quote and status are plain values: what suggest --write must not build on (``findings: hello``,
    ``finding_type: [1]``); validate states the same in full."""
    from ..corpus.messages import problem

    findings = document.get("findings") if isinstance(document, dict) else None
    if findings is None:
        return []
    if not isinstance(findings, list):
        return [problem(shown, None, "findings", "problem.not_a_list")]
    out = []
    for i, finding in enumerate(findings):
        if not isinstance(finding, dict):
            out.append(problem(shown, None, f"findings.{i}", "problem.not_a_section"))
            continue
        for key in ("finding_id", "finding_type", "theme_id", "quote", "review_status"):
            if isinstance(finding.get(key), (list, dict)):
                out.append(problem(shown, None, f"findings.{i}.{key}", "problem.not_text"))
    return out
