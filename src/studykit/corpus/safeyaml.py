"""The one YAML loader of studykit: study files, codebook, reports.yaml, messages, everything.

It builds the data from libyaml's event stream with an explicit stack instead of
PyYAML's recursive composer, so that hostile input is refused with a clear
problem before it can do harm:

* nesting deeper than :data:`~studykit.limits.YAML_DEPTH` (libyaml's recursive
  composition segfaults on ~60 KB of ``[``) is refused as soon as it is reached;
* aliases are expanded at most to :data:`~studykit.limits.YAML_NODES` values
  (a 7 KB "billion laughs" file would otherwise take gigabytes downstream);
* a key given twice in one mapping is refused, naming both lines: YAML says the
  second silently replaces the first, which loses a whole ``findings:`` block;
* only the plain YAML types are built (null, bool, int, float, str, timestamp,
  lists, mappings, merge keys ``<<``); any other tag is refused.

The result is what ``yaml.safe_load`` returns for every document that passes.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from ..limits import YAML_BYTES, YAML_DEPTH, YAML_NODES
from .problems import Problem, ProblemError, Said, over_cap

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE = (_TAG + kind for kind in ("str", "seq", "map", "merge"))
_SCALARS = {
    _TAG + kind: Loader.yaml_constructors[_TAG + kind]
    for kind in ("null", "bool", "int", "float", "timestamp")
}
_NONE = object()
_MERGE_KEY = object()  # the key << of a merge


class _Frame:
    """An open mapping or sequence: its value so far, its expanded size, and for a mapping the pending key."""

    __slots__ = ("value", "anchor", "size", "key", "lines", "is_map", "merged")

    def __init__(self, value: Any, anchor: str | None, is_map: bool):
        self.value, self.anchor, self.is_map = value, anchor, is_map
        self.size, self.key, self.lines, self.merged = 1, _NONE, {}, None

    def close(self) -> Any:
        """The finished value; merged mappings (``<<``) give the keys the mapping does not set, as PyYAML
        does."""
        if not self.merged:
            return self.value
        out: dict = {}
        for part in self.merged:
            out.update(part)
        out.update(self.value)
        return out


class YamlRefused(ProblemError):
    """A document refused, with what to say about it in every language (``said``: a key of the message
    catalogue, which :func:`studykit.corpus.readers.parse_yaml` states; this module cannot read the
    catalogue, which is YAML itself). ``problem`` says it in English."""

    def __init__(self, problem: Problem, said: Said):
        super().__init__(problem)
        self.said = said


def _refuse(shown: str, event, message: str, key: str | Said, /, **values: Any) -> YamlRefused:
    line = event.start_mark.line + 1 if event is not None and event.start_mark else None
    said = key if isinstance(key, Said) else Said(key, values)
    return YamlRefused(Problem(shown, line, "yaml", message), said)


def _scalar(loader, event, shown: str) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _STR if tag == "!" else loader.resolve(ScalarNode, event.value, event.implicit)
    if tag == _STR:
        return event.value
    if tag == _MERGE:
        return _MERGE_KEY
    construct = _SCALARS.get(tag)
    if construct is None:
        raise _refuse(
            shown,
            event,
            f"the tag {tag} is not allowed here; remove it (plain values only)",
            "yaml.tag_scalar",
            tag=tag,
        )
    try:
        return construct(loader, ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style))
    except ValueError:  # shaped like a date or time that does not exist (2025-13-06, 2025-02-30)
        raise _refuse(
            shown,
            event,
            f"{event.value} is no real date; write an existing date as YYYY-MM-DD, "
            "or put the value in quotes to keep it as text",
            "yaml.bad_date",
            value=event.value,
        ) from None


def _build(loader, shown: str) -> Any:
    max_depth, max_nodes = YAML_DEPTH.value, YAML_NODES.value
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    root: Any = None
    documents = 0
    get_event = loader.get_event
    while True:
        event = get_event()
        kind = event.__class__
        if kind is ScalarEvent:
            anchor, size = event.anchor, 1
            # a quoted string without a tag is a string (the resolver's answer), the commonest case by far
            value = (
                event.value if event.tag is None and not event.implicit[0] else _scalar(loader, event, shown)
            )
        elif kind is AliasEvent:
            if event.anchor not in anchors:
                raise _refuse(
                    shown,
                    event,
                    f"alias *{event.anchor} names no complete anchor before it",
                    "yaml.alias",
                    anchor=event.anchor,
                )
            (value, size), anchor = anchors[event.anchor], None
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            is_map = kind is MappingStartEvent
            if event.tag not in (None, "!", _MAP if is_map else _SEQ):
                raise _refuse(
                    shown,
                    event,
                    f"the tag {event.tag} is not allowed here; remove it",
                    "yaml.tag",
                    tag=event.tag,
                )
            if len(stack) >= max_depth:
                what = YAML_DEPTH.exceeded("the nesting of lists and mappings")
                raise _refuse(shown, event, what, over_cap(YAML_DEPTH, "cap.what.nesting"))
            stack.append(_Frame({} if is_map else [], event.anchor, is_map))
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            frame = stack.pop()
            if frame.is_map and frame.key is not _NONE:  # cannot happen with libyaml; kept for safety
                raise _refuse(shown, event, "a mapping key has no value", "yaml.key_without_value")
            value, size, anchor = frame.close(), frame.size, frame.anchor
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _refuse(
                    shown,
                    event,
                    "a second YAML document (---); one file holds one document",
                    "yaml.second_document",
                )
            continue
        elif kind is StreamEndEvent:
            return root
        else:  # stream start, document end
            continue
        if anchor is not None:
            anchors[anchor] = (value, size)
        if not stack:
            root = value
            continue
        frame = stack[-1]
        frame.size += size
        if frame.size > max_nodes:
            raise _refuse(
                shown, event, YAML_NODES.exceeded("the document"), over_cap(YAML_NODES, "cap.what.document")
            )
        if value is _MERGE_KEY and (not frame.is_map or frame.key is not _NONE):
            raise _refuse(shown, event, "<< is a merge key; it cannot be a value", "yaml.merge_value")
        if not frame.is_map:
            frame.value.append(value)
        elif frame.key is _NONE:
            try:
                first = frame.lines.get(value)
            except TypeError:
                raise _refuse(
                    shown,
                    event,
                    "a mapping key must be a plain value, not a list or mapping",
                    "yaml.complex_key",
                ) from None
            line = event.start_mark.line + 1
            if first is not None:
                raise _refuse(
                    shown,
                    event,
                    f"duplicate key {value!r} (first on line {first}); YAML would silently drop the first "
                    "one: "
                    "merge the two into one",
                    "yaml.duplicate_key",
                    key=value,
                    first=first,
                )
            frame.lines[value] = line
            frame.key = value
        elif frame.key is _MERGE_KEY:
            parts = value if isinstance(value, list) else [value]
            if not all(isinstance(part, dict) for part in parts):
                raise _refuse(
                    shown,
                    event,
                    "a merge key (<<) takes a mapping or a list of mappings",
                    "yaml.merge_mapping",
                )
            frame.merged = parts[::-1]  # as PyYAML: the first mapping of a list wins
            frame.key = _NONE
        else:
            frame.value[frame.key] = value
            frame.key = _NONE


def load_yaml(text: str, shown: str) -> Any:
    """The data of one YAML document; anything broken, hostile or ambiguous is a ProblemError naming file and
    line."""
    if len(text) > YAML_BYTES.value:
        what = YAML_BYTES.exceeded(f"the file ({len(text):,} characters)")
        raise YamlRefused(
            Problem(shown, None, "yaml", what),
            over_cap(YAML_BYTES, "cap.what.file_characters", size=len(text)),
        )
    loader = Loader(text)
    try:
        return _build(loader, shown)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or "invalid YAML"
        if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            what += f" ({exc.context} at line {exc.context_mark.line + 1})"
        message = f"invalid YAML syntax: {what}; fix the indentation or quoting"
        raise YamlRefused(
            Problem(shown, line, "yaml", message), Said("yaml.syntax", {"what": what})
        ) from None
    except yaml.YAMLError as exc:
        message = f"invalid YAML: {exc}"
        raise YamlRefused(
            Problem(shown, None, "yaml", message), Said("yaml.invalid", {"error": exc})
        ) from None
    finally:
        loader.dispose()
