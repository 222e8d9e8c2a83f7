"""Check a read REFI-QDA project against the corpus and say exactly what an import would write.

Nothing is written here. The plan holds every problem found; an import with problems writes
nothing. Each text source becomes one study (studykit keeps one source per study): a source
whose text is already in the corpus (same SHA-256) is that study, and only findings it does not
have yet are added; any other source becomes a new study. Codings become findings per span of
text: a code for a type and theme gives a finding; a theme-only code on the same span gives a
secondary theme (or, with a type-only code, the theme); see :mod:`.spans`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ...corpus.load import Corpus
from ...corpus.messages import problem as stated
from ...corpus.problems import Said
from ...corpus.provenance import locate_quote
from ...corpus.sametext import fingerprint
from ...corpus.schema import STUDY_ID
from ..duplicates import Known, corpus_sources
from .codebook import Target
from .mapping import IGNORED, not_mapped
from .memo_import import memo_text, plan_memo_files
from .newstudy import copies, place_from_gazetteer
from .planned import ImportPlan, PlannedStudy, plan_lines
from .positions import Positions, choose_counting
from .project import RefiProject
from .spans import findings_at, is_full, summaries
from .variables import study_attributes

__all__ = ["ImportPlan", "PlannedStudy", "choose_counting", "plan_import", "plan_lines", "slug"]


def slug(name: str) -> str:
    """A study id from a document name: ASCII, lower case, words joined by hyphens, starting with a letter."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"\.(txt|docx?|pdf|rtf)$", "", ascii_name, flags=re.I)
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    candidate = "-".join(words) or "study"
    return candidate if candidate[0].isalpha() else f"study-{candidate}"


def plan_import(
    project: RefiProject,
    targets: dict[str, Target | None],
    corpus: Corpus,
    reviewed: bool = False,
    merged: dict[str, str] | None = None,
    not_a_duplicate: bool = False,
    retired: dict[str, tuple[str, ...]] | None = None,
) -> ImportPlan:
    """Everything an import of ``project`` would do, and every problem that stops it (``merged``: the
    codebook's merged theme ids, each with the theme it went into; ``retired``: its retired ones, each with
    its parts; ``not_a_duplicate``: a new source that is the same or nearly the same text as a study's is a
    different study all the same)."""
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
            plan.problems.append(not_mapped(project.file, c, used[c.guid], merged, retired))
    for g in sorted(set(used) - set(codes)):
        plan.problems.append(stated(project.file, None, f"CodeRef/{g}", "problem.code_missing", code=g))
    if project.is_codebook:
        return plan

    plan.counting, plan.counting_why = choose_counting(project)
    existing_by_sha = dict(zip(corpus.studies["source_sha256"], corpus.studies["study_id"], strict=False))
    taken = set(corpus.study_ids)
    data_dir = corpus.data_dir
    study_of: dict[str, str] = {}  # source GUID -> the study it is (for its memos)
    known = None  # the corpus's sources, read when a new study is planned (and the new ones, as planned)
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
                        stated(
                            project.file,
                            None,
                            f"TextSource/{source.guid}",
                            "problem.study_other_source",
                            study_id=study_id,
                        )
                    )
                    continue
                n = 2
                while f"{study_id}-{n}" in taken or (data_dir / "studies" / f"{study_id}-{n}.yaml").exists():
                    n += 1
                study_id = f"{study_id}-{n}"
        taken.add(study_id)
        planned = PlannedStudy(study_id, source, stored, sha, existing)
        study_attributes(planned, source.variables)
        if not existing:  # checked and filled as new-study's would be
            place_from_gazetteer(planned, data_dir)
            known = corpus_sources(data_dir) if known is None else known
            plan.problems += copies(project.file, planned, data_dir, known, not_a_duplicate)
            known.append(Known(data_dir / "sources" / f"{study_id}.txt", sha, fingerprint(stored)))
        planned.study.setdefault("label", source.name[:60])
        planned.study.setdefault(
            "label_id", planned.study["label"]
        )  # a document name serves both languages until edited
        said_origin = project.origin or Said("refi.a_project", {})  # coded_by and notes: in the import's lang
        planned.study.setdefault("coded_by", Said("refi.coded_by", {"origin": said_origin}))
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
                    stated(
                        project.file,
                        None,
                        f"PlainTextSelection/{sel.guid}",
                        "problem.selection_outside",
                        start=sel.start,
                        end=sel.end,
                        source=source.name,
                        n=positions.length,
                        counting=plan.counting.label,
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
            full = [(sel, ts) for sel, ts in items if any(is_full(t) for t in ts)]
            partial = [(sel, ts) for sel, ts in items if ts and not any(is_full(t) for t in ts)]
            if len(full) > 1 and partial:
                plan.problems.append(
                    stated(
                        project.file,
                        None,
                        f"PlainTextSelection/{partial[0][0].guid}",
                        "problem.code_ambiguous",
                        n=len(full),
                        text=quote[:60],
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
                found, problem = findings_at(ts)
                if problem:
                    plan.problems.append(
                        stated(
                            project.file,
                            None,
                            f"PlainTextSelection/{sel.guid}",
                            "problem.span_text",
                            what=problem,
                            text=quote[:60],
                        )
                    )
                    continue
                if len(quote) < 3:
                    plan.problems.append(
                        stated(
                            project.file,
                            None,
                            f"PlainTextSelection/{sel.guid}",
                            "problem.selection_short",
                            text=quote,
                        )
                    )
                    continue
                located = locate_quote(stored, quote)
                en, id_, extra = summaries([n for x in sels for n in x.notes])
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
                            or Said(
                                "refi.note",
                                {
                                    "origin": said_origin,
                                    "guids": ", ".join(x.guid for x in sels),
                                    "codes": code_names,
                                },
                            ),
                            **({"memo": memo} if memo else {}),
                        }
                    )
        if planned.findings or existing:
            study_of[source.guid] = study_id
        if planned.findings:
            plan.studies.append(planned)
        elif existing:
            plan.skipped.append(Said("refi.skip.already", {"source": source.name, "study_id": study_id}))
        else:
            plan.skipped.append(Said("refi.skip.no_finding", {"source": source.name}))
    theme_of = {g: t.theme_id for g, t in targets.items() if t not in (None, IGNORED) and t.theme_id}
    plan.memo_files, left_out = plan_memo_files(project, study_of, theme_of, data_dir)
    plan.skipped += left_out
    plan.problems = sorted(set(plan.problems), key=lambda p: (p.field, p.message))
    return plan
