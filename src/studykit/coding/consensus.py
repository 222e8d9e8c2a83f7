"""Merge two codings of the same studies into one to settle: ``studykit consensus A B --out DIR``.

For each study both coded, the findings both coders made (matched as the segment level of
``studykit agreement`` matches them: same type, theme and review status, quotes overlapping by
at least ``overlap`` of the shorter one; :mod:`studykit.corpus.segments`) are kept once, as A
wrote them, with both coders in the finding's ``coders``. Every other finding is kept too, as
``review_status: unreviewed`` with the coder who proposed it in ``coders``: the analysts settle
it in the workbench or the study file (accept, reject or delete). B's findings get the next free
numbers of the study; a ``restates`` of B's follows its finding to its merged id. A study whose
two codings are identical is copied unchanged, so merging a coding with itself gives it back
byte for byte. Studies only one side coded are copied as they are, with their sources.

The merged directory starts as a copy of A's (codebook, synthesis, everything), is built in a
hidden folder beside ``--out``, validated like any corpus, and only then renamed into place: the
command writes a valid coding or nothing. Nothing is lost: every finding of A and of B is
accounted for in the returned rows (and in ``--format json``).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..corpus.load import Corpus, validate_corpus
from ..corpus.messages import problem
from ..corpus.segments import OVERLAP
from ..files import temp_folder_beside
from .consensus_carry import Carried, carry_decisions, carry_memos
from .consensus_study import coder_names, merge_study
from .consensus_study import emptied as empty_fields
from .copying import copy_folder
from .publish import CodingError

FEW = 5  # studies said one by one; more of a kind are one line
STATUSES = ("identical", "both", "status_differs", "a_only", "b_only", "one_side")


@dataclass(frozen=True)
class Accounted:
    """Where one finding of A and/or B went in the merged coding."""

    study_id: str
    finding_id: str  # in the merged coding
    coder_a: str | None  # A's finding id, or None
    coder_b: str | None  # B's finding id, or None
    # both | status_differs (both made it, with different review statuses) | a_only | b_only | identical (the
    # two codings agree exactly) | one_side (study coded by one side)
    status: str
    review_status: str  # in the merged coding


@dataclass(frozen=True)
class Merged:
    """What a consensus merge wrote (``out_dir``), how each finding of either coding was accounted for, the
    study-level fields left to settle (study -> dotted field -> (A's value, B's value)) and what of B's
    memos and decision logs was carried and how."""

    out_dir: Path
    rows: list[Accounted]
    differs: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)
    carried: list[Carried] = field(default_factory=list)
    not_begun: list[str] = field(default_factory=list)  # B's blank drafts (no finding yet): A's kept as it is

    def counts(self, study_id: str | None = None) -> dict[str, int]:
        rows = [r for r in self.rows if study_id is None or r.study_id == study_id]
        n = {s: sum(r.status == s for r in rows) for s in STATUSES}
        for s in ("a_only", "b_only"):  # a finding one coder rejected and the other never made stays rejected
            n[f"{s}_rejected"] = sum(r.status == s and r.review_status == "rejected" for r in rows)
            n[s] -= n[f"{s}_rejected"]
        return n

    def as_dict(self) -> dict[str, Any]:
        return {
            "out": str(self.out_dir),
            "findings": [asdict(r) for r in self.rows],
            "study_fields_to_settle": json.loads(  # a date or other YAML value as its text
                json.dumps(
                    {
                        s: {k: {"a": va, "b": vb} for k, (va, vb) in d.items()}
                        for s, d in self.differs.items()
                    },
                    default=str,
                )
            ),
            "carried": [asdict(c) for c in self.carried],
            "not_begun_by_b": self.not_begun,
        }

    @property
    def to_settle(self) -> int:
        """How many findings of the merged coding are left unreviewed for the analysts: made by one coder
        only, or made by both with different review statuses."""
        return sum(
            r.status in ("a_only", "b_only", "status_differs") and r.review_status != "rejected"
            for r in self.rows
        )

    def study_lines(self, lang: str = "en") -> list[str]:
        """One line per study in ``lang``, in the merge's order: identical, coded by one side only, or how
        many findings both coders made and how many are left to settle; then the study-level fields the
        coders coded differently, and what of B's memos and decision logs was carried."""
        from ..corpus.messages import t

        lines, plain = [], {}  # plain: (message, side) -> [(study, findings)], said study by study when few
        for study in dict.fromkeys(r.study_id for r in self.rows) | dict.fromkeys(self.differs):
            if study in self.not_begun:
                continue
            n = self.counts(study)
            if study in self.differs:
                emptied = empty_fields(self.differs[study])
                kept = [f for f in self.differs[study] if f not in emptied]
                lines.append(
                    t(
                        "consensus.study_fields",
                        lang,
                        study=study,
                        emptied=t("consensus.study_fields_emptied", lang, emptied=", ".join(emptied))
                        if emptied
                        else "",
                        kept=t("consensus.study_fields_kept", lang, kept=", ".join(kept)) if kept else "",
                    )
                )
            if n["identical"]:
                plain.setdefault(("identical", ""), []).append((study, n["identical"]))
            elif n["one_side"]:
                side = "A" if any(r.coder_a for r in self.rows if r.study_id == study) else "B"
                plain.setdefault(("one_side", side), []).append((study, n["one_side"]))
            elif any(r.study_id == study for r in self.rows):
                settle = n["a_only"] + n["b_only"] + n["status_differs"]
                counts = {
                    "both": n["both"],
                    "a": n["a_only"],
                    "b": n["b_only"],
                    "status": n["status_differs"],
                }
                key = "consensus.to_settle_status" if n["status_differs"] else "consensus.to_settle"
                lines.append(t(key, lang, study=study, settle=settle, **counts))
                rejected = n["a_only_rejected"] + n["b_only_rejected"]
                if rejected:
                    lines.append(t("consensus.rejected_one_side", lang, study=study, n=rejected))
        for (kind, side), studies in plain.items():
            if len(studies) <= FEW:
                lines += [t(f"consensus.{kind}", lang, study=s, side=side, n=k) for s, k in studies]
            else:
                ids, k = listed([s for s, _ in studies]), sum(k for _, k in studies)
                lines.append(t(f"consensus.{kind}_many", lang, studies=ids, side=side, n=k, m=len(studies)))
        if self.not_begun:
            lines.append(
                t("consensus.not_begun", lang, n=len(self.not_begun), studies=", ".join(self.not_begun))
            )
        for c in self.carried:
            lines.append(t(f"consensus.carried.{c.kind}.{c.how}", lang, source=c.source, target=c.target))
        return lines


def _copy_study(study_id: str, side: Corpus, target: Path, label: str) -> None:
    """Copy a study only one side coded, with its source; a different file of the same name is an error."""
    source_file = str(side.studies.loc[side.studies["study_id"] == study_id, "source_file"].iloc[0]).split(
        "/", 1
    )[1]
    for rel in (f"studies/{study_id}.yaml", source_file):
        there = target / rel
        if there.exists() and there.read_bytes() != (side.data_dir / rel).read_bytes():
            raise CodingError([problem(str(Path(label, rel)), None, "file", "problem.file_differs_in_a")])
        there.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(side.data_dir / rel, there)


def listed(ids: list[str], limit: int = 12) -> str:
    """A list of study ids, a long one cut to its first ``limit`` and how many more."""
    return ", ".join(ids) if len(ids) <= limit else ", ".join(ids[:limit]) + f", … (+{len(ids) - limit})"


def _blank(b: Corpus, study_id: str) -> bool:
    """Whether B's draft of ``study_id`` has no finding yet (a blind start from ``second-coding``)."""
    from ..corpus.readers import parse_yaml

    path = b.data_dir / "studies" / f"{study_id}.yaml"
    try:
        document = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    except Exception:  # noqa: BLE001 - a file that cannot be read is the draft problem to report
        return False
    return isinstance(document, dict) and not document.get("findings")


def _names(path_a: Path, path_b: Path, labels: tuple[str, str]) -> tuple[str, str]:
    """The coders' names as the merge writes them (each study's ``coded_by``)."""
    from ..corpus.readers import parse_yaml

    docs = [parse_yaml(p.read_text(encoding="utf-8"), str(p)) for p in (path_a, path_b)]
    return coder_names(docs[0], docs[1], labels)


def _inside(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _refuse_nested(out_dir: Path, a: Corpus, b: Corpus, labels: tuple[str, str]) -> None:
    """A CodingError when ``out_dir`` lies inside A's or B's data directory or holds one of them (resolved
    through symlinks): the merge would copy a coding into itself or write into a coding it reads."""
    out = out_dir.resolve()
    for side, label in zip((a, b), labels, strict=True):
        data = Path(side.data_dir).resolve()
        if _inside(out, data) or _inside(data, out):
            raise CodingError(
                [problem(str(out_dir), None, "--out", "problem.out_inside_coding", coding=label)]
            )


def _first(error: OSError | shutil.Error) -> str:
    """The first failure of a copy, in one line (shutil.Error carries a list of every file that failed)."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list) and error.args[0]:
        src, _, why = error.args[0][0]
        return f"{src}: {why}"[:300]
    return str(error)[:300]


def consensus(
    a: Corpus,
    b: Corpus,
    out_dir: str | Path,
    studies: list[str],
    *,
    overlap: float = OVERLAP,
    coders: tuple[str, str] | None = None,
    labels: tuple[str, str] = ("A", "B"),
    lang: str = "en",
) -> Merged:
    """Write the merged coding of ``a`` and ``b`` (paired first: same sources; ``studies`` both coded) to
    ``out_dir``; what it writes into the study files in words (the fields to settle), in ``lang``.

    ``coders`` names the two coders in ``coders`` fields (default: each study's ``coded_by``,
    marked with ``labels`` where both are the same). Raises CodingError when ``out_dir`` exists,
    a study one side coded cannot be copied, or the merge would not validate; then nothing is written.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() or out_dir.is_symlink():
        raise CodingError([problem(str(out_dir), None, "--out", "problem.out_exists")])
    _refuse_nested(out_dir, a, b, labels)
    unmerged = [d for d in b.drafts if d.study_id not in set(b.study_ids)]
    blank = [d.study_id for d in unmerged if _blank(b, d.study_id)]  # a blind start B has not begun
    unmerged = [d for d in unmerged if d.study_id not in set(blank)]
    if unmerged:
        raise CodingError(  # each draft, then what it still needs (file, line, field, what to do)
            [
                x
                for d in unmerged
                for x in (problem(d.file, None, "(file)", "problem.draft_not_merged"), *d.missing)
            ]
        )
    tmp = temp_folder_beside(out_dir)  # a killed writer's is swept by the next run (files.sweep_beside)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        copy_folder(a.data_dir, tmp, a.data_dir, labels[0])  # A's own files: no link out, no pipe or device
        rows: list[Accounted] = []
        differs, b_ids, carried, names = {}, {}, [], coders
        for study in studies:
            path_a, path_b = (c.data_dir / "studies" / f"{study}.yaml" for c in (a, b))
            done = merge_study(study, a, b, path_a, path_b, overlap, coders, labels, lang)
            if done.text is not None:
                (tmp / "studies" / f"{study}.yaml").write_text(done.text, encoding="utf-8", newline="")
            rows += [Accounted(*r) for r in done.rows]
            if done.differs:
                differs[study] = done.differs
            b_ids |= done.b_ids
            names = names or _names(path_a, path_b, labels)
            carried.append(carry_decisions(b.data_dir, tmp, study, done.b_ids, names[1]))
        for side, other, first in ((a, b, True), (b, a, False)):
            for study in sorted(set(side.study_ids) - set(other.study_ids) - set(studies)):
                if not first:
                    _copy_study(study, side, tmp, labels[1])
                    carried.append(carry_decisions(b.data_dir, tmp, study, None, ""))
                found = side.findings[side.findings["study_id"] == study]
                for f in found.itertuples():
                    ids = (f.finding_id, None) if first else (None, f.finding_id)
                    rows.append(Accounted(study, f.finding_id, *ids, "one_side", f.review_status))
        carried = [c for c in carried if c is not None]
        carried += carry_memos(b.data_dir, tmp, b_ids, names or labels)
        merged, problems = validate_corpus(tmp, include_drafts=True)
        if merged is None:  # named as the files will be named
            raise CodingError([replace(p, file=p.file.replace(tmp.name, out_dir.name, 1)) for p in problems])
        os.rename(tmp, out_dir)
    except BaseException as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, OSError):  # a copy that failed (shutil.Error too): named, never a raw list of files
            raise CodingError(
                [problem(str(out_dir), None, "--out", "problem.cannot_write", error=_first(e))]
            ) from e
        raise
    return Merged(out_dir, rows, differs, carried, blank)
