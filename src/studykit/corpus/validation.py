"""Reading one validated file: pydantic errors as problems with file, line and advice.

Shared by the codebook (:mod:`.codebook`) and the study files (:mod:`.load`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..paths import shown_path
from .advice import pydantic_advice
from .messages import problem
from .problems import CorpusError, Problem, ProblemError
from .readers import parse_yaml, read_csv, read_text, yaml_line
from .sources import CONTROL

# errors whose pydantic English names Python (``instance of SynthesisFile``, ``Keys should be strings``) or
# says no more than the cap (``String should have at most 20000 characters``, nothing of what to do)
OUR_ENGLISH = frozenset(
    {"model_type", "model_attributes_type", "dict_type", "invalid_key", "finite_number", "string_too_long"}
)


def explain_error(err: dict[str, Any], lang: str = "en") -> str:
    """A pydantic error as advice to the person editing the file, in ``lang`` (:mod:`.advice`)."""
    return pydantic_advice(err, lang)


def validation_problems(
    exc: ValidationError,
    shown: str,
    text: str | None,
    prefix: tuple = (),
    line: int | None = None,
    pydantic_english: bool = False,
) -> list[Problem]:
    """One problem per pydantic error, with its line and field; the advice in both languages (with
    ``pydantic_english``, pydantic's own English beside the Indonesian advice, as those files said before)."""
    problems = []
    for err in exc.errors():
        loc = prefix + tuple(err["loc"])
        where = line if line is not None else (yaml_line(text, loc) if text is not None else None)
        field = ".".join(map(str, loc)) or "(file)"
        own = pydantic_english and err["type"] not in OUR_ENGLISH  # pydantic's names no reader knows
        english = err["msg"] if own else explain_error(err)
        said = (("id", explain_error(err, "id")),)
        problems.append(Problem(shown, where, field, english, said, kind=schema_kind(err["type"])))
    return problems


def schema_kind(error_type: str) -> str:
    """The ``kind`` of a problem made of a pydantic error of ``error_type`` (*too_short*, *missing*)."""
    return f"schema.{error_type}"


def read_model(path: Path, data_dir: Path, model):
    if not data_dir.is_dir():  # a mistyped --data: named as such, not by the first file it lacks
        raise CorpusError([problem(str(data_dir), None, "data_dir", "problem.not_a_data_dir")])
    shown = shown_path(path, data_dir)
    text = read_text(path, shown)
    content = parse_yaml(text, shown)
    try:
        loaded = model.model_validate(content)
    except ValidationError as exc:
        raise CorpusError(validation_problems(exc, shown, text)) from None
    # YAML refuses control characters written raw, so they come only from escapes ("\x1b"), as in a study
    # file: a label or note holding one made the Word codebook and the REFI-QDA export fail
    found = _controls(content) if "\\" in text else []
    if found:
        said = "problem.control_character"
        lines = [(yaml_line(text, at), ".".join(map(str, at)), code) for at, code in found]
        raise CorpusError([problem(shown, line, field, said, code=code) for line, field, code in lines])
    return loaded


def _controls(value: Any, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """(location, code) of every string of a parsed YAML file holding a control character."""
    if isinstance(value, str):
        found = CONTROL.search(value)
        return [(loc, f"{ord(found.group()):04X}")] if found else []
    if isinstance(value, dict):
        return [hit for k, v in value.items() for hit in _controls(v, loc + (k,))]
    if isinstance(value, list):
        return [hit for i, v in enumerate(value) for hit in _controls(v, loc + (i,))]
    return []


def read_table(
    data_dir: Path, name: str, columns: list[str], model
) -> tuple[list[tuple[int, Any]], list[Problem], bool]:
    """Rows of a codebook CSV validated by ``model``, each with its line; the problems; whether the file
    itself was readable."""
    shown = shown_path(data_dir / name, data_dir)
    try:
        rows, problems = read_csv(read_text(data_dir / name, shown), shown, columns)
    except ProblemError as exc:
        return [], [exc.problem], False
    readable = (
        not problems
    )  # CSV structure; row-level validation problems below do not stop cross-file checks
    entries = []
    for line, row in rows:
        try:
            entries.append((line, model.model_validate({k: (v or None) for k, v in row.items()})))
        except ValidationError as exc:
            problems.extend(validation_problems(exc, shown, None, line=line))
    return entries, problems, readable
