"""``studykit recode``: carry the codebook's declared merges into the study files.

A merge is declared once in ``themes.yaml`` (``merged: [{theme_id: T05, into: T04}]``); the findings still on
T05 are then recoded here, in every study file, instead of by hand in each (20 files for one merge of a
50-study corpus): ``theme_id`` and ``secondary_theme_id`` T05 become T04, and a secondary theme that becomes
the finding's theme is left out, as ``validate`` asks. Only the lines of the recoded fields change (comments
and layout stay); all files are written or none (:mod:`.publish`). What needs an analyst's judgement is left
for ``validate`` to name: a memo on T05 (its text goes into T04's), CERQual judgements on T05, and
retired or split themes (which theme fits a finding is read in its quote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.codebook import read_codebook
from ..corpus.layout import STUDIES_DIR
from ..corpus.messages import problem
from ..corpus.problems import CorpusError, Problem, ProblemError
from ..corpus.readers import parse_yaml, read_text_and_sha256, yaml_lines
from ..corpus.sources import confine
from ..paths import resolve_data_dir, shown_path
from .publish import CodingError, publish
from .studyfile import findings_shape

THEME_FIELDS = ("theme_id", "secondary_theme_id")


@dataclass
class Recoded:
    """What ``recode`` changed (or would change, in a dry run): study file as shown -> findings recoded."""

    merged: dict[str, str]
    files: dict[str, int] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return sum(self.files.values())


def recode_merged(data_dir: str | Path | None = None, dry_run: bool = False) -> Recoded:
    """Recode every finding on a merged theme to the theme it went into; raise CodingError naming each file
    that cannot be read or edited (nothing is written then)."""
    data_dir = resolve_data_dir(data_dir)
    try:  # the whole codebook checked: a merge into a theme it lacks (or of one it still has) is not carried
        merged = {m.theme_id: m.into for m in read_codebook(data_dir).merged}
    except CorpusError as exc:
        raise CodingError(exc.problems) from None
    result, replaced, problems, base = Recoded(merged), {}, [], {}
    for path in sorted((data_dir / STUDIES_DIR).glob("*.yaml")) if merged else []:
        shown = shown_path(path, data_dir)
        try:  # read as validate reads it: inside the data directory, bounded, the safe loader
            text, read_hash = read_text_and_sha256(confine(data_dir, path, shown), shown)
            document = parse_yaml(text, shown)
        except ProblemError as exc:
            problems.append(exc.problem)
            continue
        shape = findings_shape(document, shown)
        if shape:
            problems.extend(shape)
            continue
        edited, n, refused = _recode(text, document.get("findings") or [], merged, shown)
        problems.extend(refused)
        if n and not refused:
            result.files[shown] = n
            replaced[path], base[path] = edited, read_hash  # a save made meanwhile is never lost
    if problems:
        raise CodingError(problems)
    if replaced and not dry_run:
        publish({}, replaced, shown=lambda p: shown_path(p, data_dir), base=base, root=data_dir)
        result.written = sorted(replaced)
    return result


def _recode(text: str, findings: list, merged: dict[str, str], shown: str) -> tuple[str, int, list[Problem]]:
    """``text`` with the theme fields of ``findings`` on a merged theme recoded, line by line (the rest of the
    file byte for byte as it was); how many findings changed; a problem for a field not on a line of its own
    (a flow mapping: recode it by hand)."""
    lines, changed, problems, dropped = text.splitlines(keepends=True), 0, [], []
    yaml_line = yaml_lines(text)  # the text parsed once, not once a field
    for i, finding in enumerate(findings):
        theme, secondary = (finding.get(key) for key in THEME_FIELDS)
        new = {"theme_id": merged.get(theme, theme), "secondary_theme_id": merged.get(secondary, secondary)}
        if new["theme_id"] == theme and new["secondary_theme_id"] == secondary:
            continue
        changed += 1
        for key in THEME_FIELDS:
            old = finding.get(key)
            if new[key] == old:
                continue
            line = yaml_line(("findings", i, key))
            at = (line or 0) - 1
            pattern = re.compile(rf"^(\s*(?:-\s+)?{key}:\s*)(['\"]?){re.escape(str(old))}\2(\s*(?:#.*)?)$")
            match = pattern.match(lines[at].rstrip("\r\n")) if 0 <= at < len(lines) else None
            if match is None:
                where = f"findings.{i}.{key}"
                problems.append(problem(shown, line, where, "problem.recode_by_hand", into=new[key]))
            elif key == "secondary_theme_id" and new[key] == new["theme_id"]:
                dropped.append(at)  # one theme, not the same theme twice
            else:
                ending = lines[at][len(lines[at].rstrip("\r\n")) :]
                lines[at] = f"{match[1]}{match[2]}{new[key]}{match[2]}{match[3]}{ending}"
    for at in sorted(dropped, reverse=True):
        del lines[at]
    return "".join(lines), changed, problems
