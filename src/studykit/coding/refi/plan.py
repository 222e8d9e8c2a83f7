"""Check a read REFI-QDA project against the corpus and say exactly what an import would write.

Nothing is written here. The plan holds every problem found; an import with problems writes
nothing. Each text source becomes one study (studykit keeps one source per study): a source
whose text is already in the corpus (same SHA-256) is that study, and only findings it does not
have yet are added; any other source becomes a new study. Codings become findings per span of
text: a code for a type and theme gives a finding; a theme-only code on the same span gives a
secondary theme (or, with a type-only code, the theme); see ``_findings_at``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from ...corpus.load import Corpus
from ...corpus.problems import Problem
from ...corpus.provenance import locate_quote
from ...corpus.schema import STUDY_ID, Source, Study
from ..intake import metadata_problems
from .codebook import Target
from .mapping import IGNORED
from .memo_import import memo_text, plan_memo_files
from .positions import ALL, Counting, Positions, clean_boundaries, for_origin
from .project import RefiProject, RefiSource

LIST_FIELDS = {
    f for f, info in {**Study.model_fields, **Source.model_fields}.items() if "list" in str(info.annotation)
}
SOURCE_VARIABLES = {
    "source_type": "source_type",
    "source_languages": "languages",
    "source_note": "note",
    "seed_file": "seed_file",
    "title": "title",
    "author": "author",
    "year": "year",
    "institution": "institution",
}
STUDY_VARIABLES = {
    f: f for f in Study.model_fields if f not in ("study_id", "source", "findings", "implementation_outcome")
}
OUTCOME_VARIABLES = {
    "outcome_rating": "rating",
    "outcome_quote": "quote",
    "outcome_note": "note",
}  # -> implementation_outcome
DERIVED_VARIABLES = {
    "study_id",
    "source_sha256",
    "source_file",
    "case",
    "island",
    "outcome_quote_start",
    "outcome_quote_end",
}  # read, or recomputed, not attributes


@dataclass
class PlannedStudy:
    """One study an import would write: new or existing, its findings and the metadata still to fill."""

    study_id: str
    source: RefiSource
    text: str  # as it will be stored (LF)
    sha256: str
    existing: bool
    study: dict = field(default_factory=dict)  # study attributes from variables (schema names)
    source_fields: dict = field(default_factory=dict)
    unused_variables: dict = field(default_factory=dict)
    findings: list[dict] = field(default_factory=list)  # new findings, without ids yet
    already_there: int = 0

    @property
    def missing(self) -> list[str]:
        required = [
            f
            for f, info in Study.model_fields.items()
            if info.is_required() and f not in ("study_id", "source", "findings")
        ]
        missing = [f for f in required if f not in self.study]
        missing += [
            f"source.{f}"
            for f, info in Source.model_fields.items()
            if info.is_required() and f not in ("file", "sha256") and f not in self.source_fields
        ]
        return [] if self.existing else missing


@dataclass
class ImportPlan:
    """Everything an import would do, and every problem that stops it; printed by ``import-refi``."""

    file: str
    origin: str | None
    counting: Counting | None = None
    counting_why: str = ""
    sources: list[dict] = field(default_factory=list)
    codes: list[dict] = field(default_factory=list)
    selections: list[dict] = field(default_factory=list)
    studies: list[PlannedStudy] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what is left out on purpose, and why
    problems: list[Problem] = field(default_factory=list)
    memo_files: dict = field(default_factory=dict)  # path -> memo document (project, study and theme memos)

    def as_json(self) -> dict:
        return {
            "origin": self.origin,
            "counting": {**self.counting.as_json(), "label": self.counting.label, "why": self.counting_why}
            if self.counting
            else None,
            "sources": self.sources,
            "codes": self.codes,
            "selections": self.selections,
            "memo_files": sorted(
                "/".join(p.parts[p.parts.index("memos") :]) if "memos" in p.parts else p.name
                for p in self.memo_files
            ),
            "studies": [
                {
                    "study_id": s.study_id,
                    "source": s.source.guid,
                    "name": s.source.name,
                    "new": not s.existing,
                    "findings": len(s.findings),
                    "already_in_corpus": s.already_there,
                    "attributes": {**s.study, **{f"source.{k}": v for k, v in s.source_fields.items()}},
                    "to_fill": s.missing,
                    "unused_variables": s.unused_variables,
                }
                for s in self.studies
            ],
            "skipped": self.skipped,
            "problems": [str(p) for p in self.problems],
        }


def slug(name: str) -> str:
    """A study id from a document name: ASCII, lower case, words joined by hyphens, starting with a letter."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"\.(txt|docx?|pdf|rtf)$", "", ascii_name, flags=re.I)
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    candidate = "-".join(words) or "study"
    return candidate if candidate[0].isalpha() else f"study-{candidate}"


def choose_counting(project: RefiProject) -> tuple[Counting, str]:
    """The origin's counting unless the texts show another one fits the selections better."""
    default = for_origin(project.origin)
    said = f"the counting of {project.origin!r}" if project.origin else "the standard's counting"
    pairs = [(s, sel) for s in project.sources if s.text is not None for sel in s.selections]
    texts = [s.text for s in project.sources if s.text is not None and s.selections]
    if not any("\r\n" in t for t in texts) and not any(max(map(ord, t), default=0) > 0xFFFF for t in texts):
        return (
            default,
            f"{said}; here every counting agrees (no CRLF line ends, no character outside the BMP)",
        )
    positions = {
        c: {s.guid: Positions(s.text, c) for s in project.sources if s.text is not None} for c in ALL
    }
    score = {
        c: sum(
            clean_boundaries(positions[c][s.guid].stored, positions[c][s.guid].span(sel.start, sel.end))
            for s, sel in pairs
        )
        for c in ALL
    }
    best = max(ALL, key=lambda c: (score[c], c == default))
    n = len(pairs)
    if score[default] >= score[best]:
        return default, f"{said}; {score[default]} of {n} selections start and end between words with it"
    return best, (
        f"detected from the texts: {score[best]} of {n} selections start and end between words with it, "
        f"against {score[default]} with {said} ({default.label})"
    )


def _study_attributes(planned: PlannedStudy, variables: dict[str, str]) -> None:
    for name, value in sorted(variables.items()):
        key = name.strip()
        if key in DERIVED_VARIABLES:
            continue
        value = value.strip()
        if key in OUTCOME_VARIABLES:
            if value:
                planned.study.setdefault("implementation_outcome", {})[OUTCOME_VARIABLES[key]] = value
            continue
        target, field_name = (
            (planned.study, STUDY_VARIABLES[key])
            if key in STUDY_VARIABLES
            else (planned.source_fields, SOURCE_VARIABLES.get(key))
            if key in SOURCE_VARIABLES
            else (None, None)
        )
        if target is None:
            planned.unused_variables[name] = value
            continue
        if field_name in LIST_FIELDS:
            target[field_name] = [v.strip() for v in value.split(";") if v.strip()]
        elif not value:
            continue
        elif field_name == "year":
            if value.isdigit():
                target[field_name] = int(value)
            else:
                planned.unused_variables[name] = value
        else:
            target[field_name] = value
    for name, message in metadata_problems({**planned.study, "source": planned.source_fields}):
        key = name.removeprefix("source.")
        holder = planned.source_fields if name.startswith("source.") else planned.study
        if key in holder:  # a value the schema does not allow stays out of the study file, reported
            planned.unused_variables[name] = f"{holder.pop(key)!r}: {message}"


def _summaries(notes: list[str]) -> tuple[str | None, str | None, str | None]:
    """EN/ID summaries and a note from studykit's note format ('EN: …', 'ID: …', 'Note: …'), else the first
    note as English text."""
    en = id_ = extra = None
    for text in notes:
        for line in text.splitlines():
            head, _, rest = line.partition(":")
            if head.strip() == "EN" and rest.strip():
                en = rest.strip()
            elif head.strip() == "ID" and rest.strip():
                id_ = rest.strip()
            elif head.strip() == "Note" and rest.strip():
                extra = rest.strip()
    if en is None and notes and len(notes[0].strip()) >= 3:
        en = " ".join(notes[0].split())
    return en, id_, extra


def _findings_at(targets: list[Target]) -> tuple[list[tuple[str, str, str | None]], str | None]:
    """(type, theme, secondary) findings of one span of text from the targets of its codings, or a problem."""
    full = list(
        dict.fromkeys(
            (t.finding_type, t.theme_id) for t in targets if t.finding_type and t.theme_id and not t.secondary
        )
    )
    types = list(dict.fromkeys(t.finding_type for t in targets if t.finding_type and not t.theme_id))
    themes = list(
        dict.fromkeys(t.theme_id for t in targets if t.theme_id and (t.secondary or not t.finding_type))
    )
    if full:
        stray = [t for t in types if t not in {f for f, _ in full}]
        if stray:
            return (
                [],
                f"coded as {', '.join(stray)} without a theme next to a full type/theme code; add the "
                "theme or remove that coding",
            )
        if len(themes) > 1:
            return (
                [],
                f"coded with {len(themes)} secondary themes ({', '.join(themes)}); a finding has at most one",
            )
        second = themes[0] if themes else None
        return [(ftype, theme, second if second != theme else None) for ftype, theme in full], None
    if types and themes:
        if len(themes) > 2:
            return (
                [],
                f"coded with {len(themes)} themes ({', '.join(themes)}); a finding has a theme and at "
                "most one secondary theme",
            )
        return [(ftype, themes[0], themes[1] if len(themes) > 1 else None) for ftype in types], None
    if types:
        return [], f"coded as {', '.join(types)} but with no theme; code the same text with a theme as well"
    if themes:
        return (
            [],
            f"coded with theme {', '.join(themes)} but with no finding type; code the same text with a "
            "finding type as well",
        )
    return [], None


def _is_full(target: Target) -> bool:
    return bool(target.finding_type and target.theme_id and not target.secondary)


def plan_import(
    project: RefiProject, targets: dict[str, Target | None], corpus: Corpus, reviewed: bool = False
) -> ImportPlan:
    """Everything an import of ``project`` would do, and every problem that stops it."""
    plan = ImportPlan(project.file, project.origin, problems=list(project.problems))
    codes = {c.guid: c for c in project.codes}
    used: dict[str, int] = {}
    for s in project.sources:
        for sel in s.selections:
            for g in sel.codes:
                used[g] = used.get(g, 0) + 1
    for c in project.codes:
        t = targets.get(c.guid)
        plan.codes.append(
            {
                "guid": c.guid,
                "name": c.name,
                "path": "/".join(c.path),
                "mapped_to": None if t is None else str(t),
                "used": used.get(c.guid, 0),
            }
        )
        if t is None and used.get(c.guid):
            plan.problems.append(
                Problem(
                    project.file,
                    None,
                    f"Code/{c.guid}",
                    (
                        f"code {'/'.join(c.path + [c.name])!r} is not mapped to a finding type and theme "
                        f"({used[c.guid]} coding(s)); "
                        "add a row 'code,finding_type,theme_id' for it to the --mapping file, or one with "
                        "both empty to ignore it"
                    ),
                )
            )
    for g in sorted(set(used) - set(codes)):
        plan.problems.append(
            Problem(
                project.file,
                None,
                f"CodeRef/{g}",
                f"codings refer to code {g}, which is not in the project's codebook; the export is "
                "incomplete",
            )
        )
    if project.is_codebook:
        return plan

    plan.counting, plan.counting_why = choose_counting(project)
    existing_by_sha = dict(zip(corpus.studies["source_sha256"], corpus.studies["study_id"], strict=False))
    taken = set(corpus.study_ids)
    data_dir = corpus.data_dir
    study_of: dict[str, str] = {}  # source GUID -> the study it is (for its memos)
    for source in project.sources:
        if source.text is None:
            continue
        positions = Positions(source.text, plan.counting)
        stored = positions.stored
        plan.sources.append({"guid": source.guid, "name": source.name, "chars": len(stored)})
        sha = hashlib.sha256(stored.encode("utf-8")).hexdigest()
        wanted = source.variables.get("study_id", "").strip()
        if sha in existing_by_sha:
            study_id, existing = existing_by_sha[sha], True
        else:
            study_id = wanted if re.match(STUDY_ID, wanted) else slug(source.name)
            existing = False
            if (
                study_id in taken
                or (data_dir / "studies" / f"{study_id}.yaml").exists()
                or (data_dir / "sources" / f"{study_id}.txt").exists()
            ):
                if wanted == study_id:
                    plan.problems.append(
                        Problem(
                            project.file,
                            None,
                            f"TextSource/{source.guid}",
                            (
                                f"study {study_id!r} exists in the corpus with a different source text; a "
                                "source is never changed. "
                                "Rename the document (or its study_id variable) in the QDA tool to import "
                                "it as a new study"
                            ),
                        )
                    )
                    continue
                n = 2
                while f"{study_id}-{n}" in taken or (data_dir / "studies" / f"{study_id}-{n}.yaml").exists():
                    n += 1
                study_id = f"{study_id}-{n}"
        taken.add(study_id)
        planned = PlannedStudy(study_id, source, stored, sha, existing)
        _study_attributes(planned, source.variables)
        planned.study.setdefault("label", source.name[:60])
        planned.study.setdefault(
            "label_id", planned.study["label"]
        )  # a document name serves both languages until edited
        planned.study.setdefault(
            "coded_by", f"imported from {project.origin or 'a REFI-QDA project'} by studykit import-refi"
        )
        have = set()
        if existing:
            rows = corpus.findings[corpus.findings["study_id"] == study_id]
            have = {
                (t, th, sec if isinstance(sec, str) else None, a, b)
                for t, th, sec, a, b in zip(
                    rows["finding_type"],
                    rows["theme_id"],
                    rows["secondary_theme_id"],
                    rows["quote_start"],
                    rows["quote_end"],
                    strict=False,
                )
            }
        spans: dict[tuple[int, int], list] = {}
        for sel in source.selections:
            span = positions.span(sel.start, sel.end)
            if span is None:
                plan.problems.append(
                    Problem(
                        project.file,
                        None,
                        f"PlainTextSelection/{sel.guid}",
                        (
                            f"positions {sel.start}-{sel.end} are outside the text of {source.name!r} "
                            f"({positions.length} characters counted as {plan.counting.label}) "
                            "or split a character; the source in the .qdpx is not the text that was coded"
                        ),
                    )
                )
                continue
            mapped = [targets.get(g) for g in sel.codes]
            plan.selections.append(
                {
                    "source": source.guid,
                    "start": sel.start,
                    "end": sel.end,
                    "text": stored[span[0] : span[1]],
                    "codes": [codes[g].name if g in codes else g for g in sel.codes],
                }
            )
            spans.setdefault(span, []).append((sel, [t for t in mapped if t is not None and t != IGNORED]))
        for span, items in sorted(spans.items()):
            quote = stored[span[0] : span[1]].strip()
            full = [(sel, ts) for sel, ts in items if any(_is_full(t) for t in ts)]
            partial = [(sel, ts) for sel, ts in items if ts and not any(_is_full(t) for t in ts)]
            if len(full) > 1 and partial:
                plan.problems.append(
                    Problem(
                        project.file,
                        None,
                        f"PlainTextSelection/{partial[0][0].guid}",
                        (
                            f"a theme or type code on text that holds {len(full)} findings cannot be "
                            "assigned to one of them; "
                            f"code it on the same selection as its finding (text: {quote[:60]!r})"
                        ),
                    )
                )
                continue
            groups = [
                (sel, ts + [t for _, pts in partial for t in pts], [sel] + [p for p, _ in partial])
                for sel, ts in full
            ] or (
                [(partial[0][0], [t for _, pts in partial for t in pts], [p for p, _ in partial])]
                if partial
                else []
            )
            for sel, ts, sels in groups:
                found, problem = _findings_at(ts)
                if problem:
                    plan.problems.append(
                        Problem(
                            project.file,
                            None,
                            f"PlainTextSelection/{sel.guid}",
                            f"{problem} (text: {quote[:60]!r})",
                        )
                    )
                    continue
                if len(quote) < 3:
                    plan.problems.append(
                        Problem(
                            project.file,
                            None,
                            f"PlainTextSelection/{sel.guid}",
                            f"selects {quote!r}; a quote needs at least 3 characters",
                        )
                    )
                    continue
                located = locate_quote(stored, quote)
                en, id_, extra = _summaries([n for x in sels for n in x.notes])
                memo = memo_text([m for x in sels for m in x.memos], project.origin)
                code_names = ", ".join(
                    dict.fromkeys(codes[g].name for x in sels for g in x.codes if g in codes)
                )
                origin = project.origin or "a REFI-QDA project"
                for ftype, theme, second in found:
                    key = (ftype, theme, second, located[0], located[1])
                    if key in have:
                        planned.already_there += 1
                        continue
                    have.add(key)
                    planned.findings.append(
                        {
                            "finding_type": ftype,
                            "theme_id": theme,
                            "secondary_theme_id": second,
                            "summary_en": en
                            or f"Imported from {origin} (code {code_names}); summary to be written.",
                            "summary_id": id_
                            or f"Diimpor dari {project.origin or 'proyek REFI-QDA'} (kode {code_names}); "
                            "ringkasan belum ditulis.",
                            "quote": quote,
                            "quote_start": located[0],
                            "quote_end": located[1],
                            "review_status": "reviewed" if reviewed else "unreviewed",
                            "note": extra
                            or f"Imported from {origin}: selection {', '.join(x.guid for x in sels)}, "
                            f"code {code_names}.",
                            **({"memo": memo} if memo else {}),
                        }
                    )
        if planned.findings or existing:
            study_of[source.guid] = study_id
        if planned.findings:
            plan.studies.append(planned)
        elif existing:
            plan.skipped.append(f"{source.name}: every finding is already in study {study_id}")
        else:
            plan.skipped.append(f"{source.name}: no coding maps to a finding, so no study is made of it")
    theme_of = {g: t.theme_id for g, t in targets.items() if t not in (None, IGNORED) and t.theme_id}
    plan.memo_files, left_out = plan_memo_files(project, study_of, theme_of, data_dir)
    plan.skipped += left_out
    plan.problems = sorted(set(plan.problems), key=lambda p: (p.field, p.message))
    return plan
