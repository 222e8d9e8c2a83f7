"""One study both coders coded, merged (:mod:`.consensus` runs it for each study).

Findings are matched as the segment level of ``studykit agreement`` matches them (same type and
theme, quotes overlapping by at least ``overlap`` of the shorter one); a matched pair whose review
statuses differ (A kept it, B rejected it) is kept once, as A wrote it, ``unreviewed``: the coders
disagree on it. Every finding keeps its YAML node (folded notes, comments, quoting): only the keys
the merge sets (``coders``, ``review_status``, B's new ``finding_id`` and ``restates``) change.

The study-level coding (every field but ``findings`` and ``coded_by``) is compared too: a required
field the two coders coded differently (the outcome's rating among them) is left empty in the merged
file (a gap ``studykit validate`` lists, so the study is a draft until the analysts settle it), with
both values in a comment above it and, for a rating, in the outcome's ``note``; an optional one keeps
A's value under that comment. A rating both coded alike stands, whatever its quote or note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus.messages import t
from ..corpus.readers import parse_yaml
from ..corpus.schema import SHORT_TEXT
from ..corpus.segments import match_findings
from . import studyfile

FIELDS = studyfile.FINDING_FIELDS
NOT_COMPARED = ("findings", "coded_by")  # the study-level keys a merge does not settle
OUTCOME = "implementation_outcome"
RATING = f"{OUTCOME}.rating"
# a coder's notes, not coded values: one B left empty (its blind start empties A's) is no disagreement; the
# outcome's note still is when the ratings differ (the note written then states both codings)
NOTES = ("note", f"{OUTCOME}.note")


@dataclass
class StudyMerge:
    """What merging one study gives: the file's text (None: A's file as it is), one row per finding
    (study, merged id, A's id, B's id, status, merged review status), the study-level fields the coders
    coded differently (dotted path -> (A's value, B's value)), and B's finding ids -> merged ids."""

    text: str | None
    rows: list[tuple[str, str, str | None, str | None, str, str]]
    differs: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    b_ids: dict[str, str] = field(default_factory=dict)


def who(existing: str | None, coder: str) -> str:
    """The ``coders`` of a finding with ``coder`` added, within the field's cap."""
    said = coder if not existing or coder in existing.split(" + ") else f"{existing} + {coder}"
    return said if len(said) <= SHORT_TEXT else said[: SHORT_TEXT - 1] + "…"


def _values(finding: Any) -> dict[str, Any]:
    return {k: finding.get(k) for k in FIELDS if finding.get(k) is not None}


def _put(node: Any, key: str, value: Any) -> None:
    """Set ``key`` of a finding's YAML node in place, a new key at its place in schema order."""
    if key in node:
        node[key] = value
        return
    rank = FIELDS.index(key)
    node.insert(sum(1 for k in node if k in FIELDS and FIELDS.index(k) < rank), key, value)


def _status(values: dict[str, Any]) -> str:
    return values.get("review_status") or "reviewed"


def coder_names(doc_a: Any, doc_b: Any, labels: tuple[str, str]) -> tuple[str, str]:
    a, b = str(doc_a.get("coded_by") or labels[0]), str(doc_b.get("coded_by") or labels[1])
    return (a, b) if a != b else (f"{a} [{labels[0]}]", f"{b} [{labels[1]}]")


def study_differences(plain_a: dict, plain_b: dict) -> dict[str, tuple[Any, Any]]:
    """The study-level fields (one level into mappings: ``implementation_outcome.rating``) A and B
    coded differently, with both values."""
    out = {}
    for key in dict.fromkeys([*plain_a, *plain_b]):
        if key in NOT_COMPARED:
            continue
        va, vb = plain_a.get(key), plain_b.get(key)
        if isinstance(va, dict) and isinstance(vb, dict):
            for sub in dict.fromkeys([*va, *vb]):
                if _plain(va.get(sub)) != _plain(vb.get(sub)):
                    out[f"{key}.{sub}"] = (va.get(sub), vb.get(sub))
        elif _plain(va) != _plain(vb):
            out[key] = (va, vb)
    for path in NOTES:
        if path in out and _plain(out[path][1]) is None and (path == "note" or RATING not in out):
            del out[path]
    return out


def _plain(value: Any) -> Any:
    return " ".join(value.split()) or None if isinstance(value, str) else value


def _shown(value: Any) -> str:
    text = "—" if value is None else " ".join(str(value).split())
    return text if len(text) <= 160 else text[:159] + "…"


def required(path: str) -> bool:
    """Whether the study schema requires the field at ``path`` (``method``, ``source.title``): emptied, it
    is a gap ``studykit validate`` lists."""
    from pydantic import BaseModel

    from ..corpus.schema import Study

    key, _, sub = path.partition(".")
    field_ = Study.model_fields.get(key)
    if field_ is None or not sub:
        return field_ is not None and field_.is_required()
    model = field_.annotation
    inner = (
        getattr(model, "model_fields", {}) if isinstance(model, type) and issubclass(model, BaseModel) else {}
    )
    return sub in inner and inner[sub].is_required()


def emptied(differs: dict[str, Any]) -> list[str]:
    """The fields of ``differs`` the merged file leaves empty: the required ones (the implementation
    outcome's rating among them; an agreed rating stands, whatever its quote or note). The others keep
    A's value."""
    return [path for path in differs if required(path)]


def _anchor(doc: Any, path: str) -> str:
    """Where the comment on the field at ``path`` goes: above its own key, or above its mapping's key when
    that mapping is written in flow style (``implementation_outcome: {note: …, rating: …}``), where a
    comment cannot stand."""
    key, _, sub = path.partition(".")
    holder = doc.get(key)
    if sub and hasattr(holder, "fa") and not holder.fa.flow_style() and sub in holder:
        return path
    return key


def _mark(
    doc: Any, differs: dict[str, tuple[Any, Any]], names: tuple[str, str], lang: str = "en"
) -> dict[str, str]:
    """Mark each field the coders coded differently with both values in a comment above it; a required one
    is emptied too (a gap validate lists: the study is a draft until it is settled), an optional one keeps
    A's value (:func:`emptied`). Ratings coded differently also state both codings of the outcome in its
    note; the comments and the note in ``lang``. Returns the comments by where they stand (:func:`_anchor`),
    for :func:`.splice.spliced`."""
    both = {
        path: f"{names[0]}: {_shown(va)} | {names[1]}: {_shown(vb)}" for path, (va, vb) in differs.items()
    }
    empty = emptied(differs)
    for path in differs:
        key, _, sub = path.partition(".")
        holder = doc[key] if sub else doc
        name = sub or key
        if holder is not None and hasattr(holder, "keys") and (path in empty or name not in holder):
            holder[name] = None
    comments: dict[str, list[str]] = {}
    for path, what in both.items():
        shown = what if _anchor(doc, path) == path or "." not in path else f"{path}: {what}"
        comments.setdefault(_anchor(doc, path), []).append(t("consensus.file.settle", lang, what=shown))
    for anchor, lines in comments.items():
        key, _, sub = anchor.partition(".")
        holder = doc[key] if sub else doc
        if hasattr(holder, "yaml_set_comment_before_after_key") and (sub or key) in holder:
            holder.yaml_set_comment_before_after_key(
                sub or key, before="\n".join(lines), indent=2 if sub else 0
            )
    outcome = [p for p in differs if p.startswith(OUTCOME + ".")]
    if RATING in differs and isinstance(doc.get(OUTCOME), dict):  # an agreed rating stands
        doc[OUTCOME]["rating"] = None
        lines = [both[p] + f" ({p.split('.', 1)[1]})" for p in outcome]
        note = t("consensus.file.settle_note", lang, what="; ".join(lines))
        doc[OUTCOME]["note"] = note if len(note) <= 2000 else note[:1999] + "…"
    return {anchor: "\n".join(lines) for anchor, lines in comments.items()}


def merge_study(
    study_id: str, a, b, path_a: Path, path_b: Path, overlap: float, names, labels, lang: str = "en"
) -> StudyMerge:
    """Merge one study of the two corpora ``a`` and ``b`` (their study files at ``path_a``, ``path_b``); what
    the merge writes into the file in words (the fields to settle, ``coded_by``) in ``lang``."""
    plain_a, plain_b = (parse_yaml(p.read_text(encoding="utf-8"), str(p)) for p in (path_a, path_b))
    found_a = [_values(f) for f in plain_a["findings"] or []]
    found_b = [_values(f) for f in plain_b["findings"] or []]
    differs = study_differences(plain_a, plain_b)
    same = [studyfile.normalized(f) for f in found_a] == [studyfile.normalized(f) for f in found_b]
    if same and not differs:
        rows = [
            (study_id, f["finding_id"], f["finding_id"], f["finding_id"], "identical", _status(f))
            for f in found_a
        ]
        return StudyMerge(None, rows, {}, {f["finding_id"]: f["finding_id"] for f in found_b})
    coder_a, coder_b = names or coder_names(plain_a, plain_b, labels)
    fa = a.findings[a.findings["study_id"] == study_id]
    fb = b.findings[b.findings["study_id"] == study_id]
    pairs = {m.a: m.b for m in match_findings(fa, fb, overlap)}
    text_a, doc_a = studyfile.read_document(path_a)
    _, doc_b = studyfile.read_document(path_b)
    nodes_a, nodes_b = list(doc_a.get("findings") or []), list(doc_b.get("findings") or [])
    by_b = {f["finding_id"]: (f, node) for f, node in zip(found_b, nodes_b, strict=True)}
    merged, rows, new_id = [], [], {}
    for f, node in zip(found_a, nodes_a, strict=True):
        mine = f["finding_id"]
        if mine in pairs:
            theirs, their_node = by_b[pairs[mine]]
            new_id[pairs[mine]] = mine
            _put(node, "coders", who(who(f.get("coders"), coder_a), coder_b))
            status = "both" if _status(f) == _status(theirs) else "status_differs"
            if status == "status_differs":
                _put(node, "review_status", "unreviewed")
            if their_node.get("memo") and their_node.get("memo") != node.get("memo"):
                from .consensus_carry import joined_memo

                _put(node, "memo", joined_memo(node.get("memo"), their_node.get("memo"), (coder_a, coder_b)))
            rows.append((study_id, mine, mine, pairs[mine], status, _status(node)))
        else:
            _settle(node, f, coder_a)
            rows.append((study_id, mine, mine, None, "a_only", _status(node)))
        merged.append(node)
    number, added = studyfile.next_finding_number(found_a, study_id), []
    for f, node in zip(found_b, nodes_b, strict=True):
        if f["finding_id"] in new_id:
            continue
        new_id[f["finding_id"]] = f"{study_id}-{number:02d}"
        _put(node, "finding_id", new_id[f["finding_id"]])
        number += 1
        _settle(node, f, coder_b)
        rows.append((study_id, node["finding_id"], None, f["finding_id"], "b_only", _status(node)))
        merged.append(node)
        added.append(node)
    for node in added:  # a restates of B's follows its finding to its merged id
        if node.get("restates") in new_id:
            node["restates"] = new_id[node["restates"]]
    _set_findings(doc_a, merged)
    comments = _mark(doc_a, differs, (coder_a, coder_b), lang)
    said = t("consensus.file.coded_by", lang, a=coder_a, b=coder_b)
    doc_a["coded_by"] = said if len(said) <= SHORT_TEXT else said[: SHORT_TEXT - 1] + "…"  # the field's cap
    from .splice import spliced

    text = spliced(text_a, doc_a, len(found_a), comments)  # A's lines as written where the merge left them
    return StudyMerge(text or studyfile.dump(doc_a, studyfile.style_of(text_a)), rows, differs, new_id)


def _settle(node: Any, values: dict[str, Any], coder: str) -> None:
    """A finding one coder made: ``unreviewed`` (a rejection stays a rejection), with its coder."""
    if _status(values) == "reviewed":
        _put(node, "review_status", "unreviewed")
    _put(node, "coders", who(values.get("coders"), coder))


def _set_findings(document: Any, nodes: list[Any]) -> None:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(nodes)
    seq.fa.set_block_style()
    document["findings"] = seq
