"""Metadata suggestions into a study file (``suggest --metadata --write``): every field the file leaves
empty gets the value read from its source, never one the analyst has set; the place fields go together.

The workbench's form (:mod:`.bench.values`) shows the same suggestions, one field at a time, until the
analyst confirms them; the command line has no form, so it fills what is empty and says what it kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import metadata as md

# Read from one mention of a kota or kabupaten: where the file names another unit, none of them is taken.
PLACE_FIELDS = ("city_as_written", "admin_unit", "admin_unit_type", "province", "level", "locality")
LIST_FIELDS = ("frameworks_declared", "data_collection")  # every suggestion of these, as a list


def by_field(suggestions: list[md.Suggestion]) -> dict[str, md.Suggestion | list[md.Suggestion]]:
    """One suggestion per field (the first), every one for a list field (``frameworks_declared``,
    ``data_collection``)."""
    found: dict[str, md.Suggestion | list[md.Suggestion]] = {}
    for s in suggestions:
        if s.field in LIST_FIELDS:
            found.setdefault(s.field, []).append(s)  # type: ignore[union-attr]
        else:
            found.setdefault(s.field, s)
    return found


def value_of(found: md.Suggestion | list[md.Suggestion]) -> Any:
    return [s.value for s in found] if isinstance(found, list) else found.value


def empty(value: Any) -> bool:
    return value is None or value == [] or value == ""


def get(document: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in a (round-trip) study document; None where absent."""
    node = document
    for key in path:
        if not hasattr(node, "get"):
            return None
        node = node.get(key)
    return node


def put(document: Any, path: tuple[str, ...], value: Any) -> None:
    """Set ``path`` in the document, keeping the key's place and its comment."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = document
    for key in path[:-1]:
        if node.get(key) is None:
            node[key] = CommentedMap()
        node = node[key]
    if isinstance(value, list):
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        value = seq
    node[path[-1]] = value
    _comment_after(node, path, value)


def _comment_after(node: Any, path: tuple[str, ...], value: Any) -> None:
    """Keep the key's end-of-line comment two spaces after the new value (ruamel keeps the comment's
    column: past a longer value, or far after a shorter one)."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import CommentMark

    from .studyfile import dump

    token = node.ca.items.get(path[-1], [None] * 4)[2] if hasattr(node, "ca") else None
    if token is None:
        return
    alone = CommentedMap()
    alone[path[-1]] = value
    wanted = 2 * (len(path) - 1) + len(dump(alone).splitlines()[0]) + 2
    token.start_mark = CommentMark(wanted)


@dataclass(frozen=True)
class Filled:
    """What ``--metadata --write`` did: the fields it filled, and those the file had set otherwise."""

    filled: list[tuple[str, Any]]
    kept: list[tuple[str, Any, Any]]  # field, the file's value, the suggested value


def shape_problems(document: Any, suggestions: list[md.Suggestion], shown: str) -> list:
    """Problems (file, field) where a suggested field has no section to go into (``source: hello``)."""
    from ..corpus.messages import problem

    if not isinstance(document, dict):
        return [problem(shown, None, "study_id", "problem.not_a_section")]
    parents = {s.field.rsplit(".", 1)[0] for s in suggestions if "." in s.field}
    return [
        problem(shown, None, name, "problem.not_a_section")
        for name in sorted(parents)
        if not isinstance(document.get(name), (dict, type(None)))
    ]


def fill(document: Any, suggestions: list[md.Suggestion], unit_row: md.Regency | None = None) -> Filled:
    """Put each suggested value into ``document`` where the field is empty. Where the file names another
    kota/kabupaten than the text's, its place fields come from ``unit_row`` (the gazetteer's row of the
    file's unit) if given, never from the text."""
    found = by_field(suggestions)
    own_unit = get(document, ("admin_unit",))
    unit = found.get("admin_unit")
    other_place = not empty(own_unit) and unit is not None and own_unit != value_of(unit)
    gazetteer = (
        {"admin_unit_type": unit_row.admin_unit_type, "province": unit_row.province}
        if other_place and unit_row is not None
        else {}
    )
    filled, kept = [], []
    for name, suggestion in found.items():
        path, value = tuple(name.split(".")), gazetteer.get(name, value_of(suggestion))
        current = get(document, path)
        blocked = other_place and name in PLACE_FIELDS and name not in gazetteer
        if empty(current) and not blocked:
            put(document, path, value)
            filled.append((name, value))
        elif not empty(current) and current != value:
            kept.append((name, current, value))
    return Filled(filled, kept)


def write_metadata(study_path: Path, text: str, data_dir: Path) -> Filled:
    """Fill the study file's empty metadata fields from ``text`` (its source); atomic, checked as validate
    checks before anything is written."""
    from ..corpus.readers import read_text_and_sha256
    from ..paths import shown_path
    from .publish import CodingError, publish
    from .studyfile import dump, load

    shown = shown_path(study_path, data_dir)
    read, read_hash = read_text_and_sha256(study_path, shown)
    document = load(read)
    suggestions = md.suggest_metadata(text, data_dir)
    if problems := shape_problems(document, suggestions, shown):
        raise CodingError(problems)
    done = fill(document, suggestions, md.regency(data_dir, get(document, ("admin_unit",))))
    if done.filled:
        shown_in, base = (lambda p: shown_path(p, data_dir)), {study_path: read_hash}
        publish({}, {study_path: dump(document)}, shown=shown_in, base=base, root=data_dir)
    return done
