"""The codebook, read in one place: themes, finding types, frameworks and their crosswalk.

Every wing that needs the codebook reads it here (never ``themes.yaml`` raw): ``load_corpus``
for the tidy tables, intake and suggestions for theme ids and cue words, the render planner for
labels, the REFI export for the finding-type codes, the reports for the type names. The six
finding types are fixed by the schema; their names, definitions and colours are defined here once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import resolve_data_dir, shown_path
from .messages import problem
from .problems import CorpusError, Problem, ProblemError
from .schema import FINDING_TYPES, CrosswalkEntry, Framework, FrameworkFile, MergedTheme, Theme, ThemeFile
from .themechanges import check_changes, crosswalk_theme, merged_ids, retired_ids
from .themechanges import gone as gone  # re-exported: the workbench's Save
from .validation import read_model, read_table

THEMES_FILE = "codebook/themes.yaml"
FRAMEWORKS_FILE = "codebook/frameworks.yaml"
CROSSWALK_FILE = "codebook/crosswalk.csv"
CROSSWALK_COLUMNS = list(CrosswalkEntry.model_fields)

# Light highlight backgrounds of quotes in the source text (study profile and coding workbench): dark text
# stays readable on all; barriers red and enablers blue as in the heatmaps. The order is the stylesheet's.
HIGHLIGHT_COLOURS = {
    "barrier": "#f4c2bd",
    "enabler": "#c3dcf0",
    "outcome": "#dccfe8",
    "effort": "#fbe2a8",
    "recommendation": "#cbe8c4",
    "context": "#e3e3e3",
}


# --- finding types -------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingTypeInfo:
    """What a finding type means, in both languages, and the colour its code has in QDA tools."""

    finding_type: str
    label_en: str  # as a report shows it
    label_id: str
    word_id: str  # the short word Indonesian studies also write: accepted where a type is typed, never shown
    definition_en: str
    definition_id: str
    colour: str  # REFI-QDA code colour

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_id

    def word(self, lang: str) -> str:
        """The type mid-line (a command's output, a caption): its label in lower case, the name a coder reads
        everywhere: ``barrier`` (its key) / ``faktor penghambat`` (the workbench's *Faktor penghambat*)."""
        return self.label(lang).lower()


_TYPES = (
    FindingTypeInfo(
        "enabler",
        "Enabler",
        "Faktor pendukung",
        "pendukung",
        "A factor the study says helped implementation.",
        "Faktor yang menurut studi mendukung implementasi.",
        "#2E7D32",
    ),
    FindingTypeInfo(
        "barrier",
        "Barrier",
        "Faktor penghambat",
        "penghambat",
        "A factor the study says hindered implementation.",
        "Faktor yang menurut studi menghambat implementasi.",
        "#C62828",
    ),
    FindingTypeInfo(
        "outcome",
        "Outcome",
        "Hasil",
        "hasil",
        "What implementation achieved or failed to achieve.",
        "Apa yang dicapai atau tidak dicapai implementasi.",
        "#1565C0",
    ),
    FindingTypeInfo(
        "effort",
        "Effort",
        "Upaya",
        "upaya",
        "An action taken to overcome a problem.",
        "Tindakan yang diambil untuk mengatasi masalah.",
        "#EF6C00",
    ),
    FindingTypeInfo(
        "recommendation",
        "Recommendation",
        "Rekomendasi",
        "rekomendasi",
        "Advice the study gives.",
        "Anjuran yang diberikan studi.",
        "#6A1B9A",
    ),
    FindingTypeInfo(
        "context",
        "Context",
        "Konteks",
        "konteks",
        "Background the study states about the programme or place.",
        "Latar belakang program atau tempat yang dinyatakan studi.",
        "#616161",
    ),
)
FINDING_TYPE_INFO: dict[str, FindingTypeInfo] = {t.finding_type: t for t in _TYPES}
assert tuple(FINDING_TYPE_INFO) == FINDING_TYPES, "one entry per finding type of the schema, in its order"


def type_word(finding_type: str, lang: str) -> str:
    """A finding type mid-line in ``lang`` (:meth:`FindingTypeInfo.word`); an unknown one as written."""
    info = FINDING_TYPE_INFO.get(finding_type)
    return finding_type if info is None else info.word(lang)


# --- the codebook files --------------------------------------------------------------------


@dataclass(frozen=True)
class Codebook:
    """The validated codebook files of one data directory."""

    themes: tuple[Theme, ...]
    frameworks: tuple[Framework, ...]
    crosswalk: tuple[CrosswalkEntry, ...]
    merged: tuple[MergedTheme, ...] = ()

    @property
    def theme_ids(self) -> list[str]:
        return [t.theme_id for t in self.themes]

    @property
    def framework_ids(self) -> list[str]:
        return [f.framework_id for f in self.frameworks]

    @property
    def variable_ids(self) -> list[str]:
        return [v.variable_id for f in self.frameworks for v in f.variables]

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.theme_id == theme_id), None)

    def cue_words(self) -> dict[str, list[str]]:
        """Theme id -> the codebook's Indonesian cue words."""
        return {t.theme_id: list(t.cue_words) for t in self.themes}


def read_codebook(data_dir: str | Path | None = None) -> Codebook:
    """The whole codebook, checked across its files; raise CorpusError listing every problem."""
    data_dir = resolve_data_dir(data_dir)
    themes, frameworks, crosswalk, problems = read_parts(data_dir)
    if problems or themes is None or frameworks is None:
        raise CorpusError(problems)
    return Codebook(
        tuple(themes.themes),
        tuple(frameworks.frameworks),
        tuple(e for _, e in crosswalk),
        tuple(themes.merged),
    )


def read_themes(data_dir: str | Path | None = None) -> tuple[Theme, ...]:
    """Only the themes (for tools that must work while other codebook files are still being edited)."""
    return tuple(_read(resolve_data_dir(data_dir), THEMES_FILE, ThemeFile).themes)


def read_merged(data_dir: str | Path | None = None) -> dict[str, str]:
    """Merged theme id -> the theme it was merged into (``merged:`` of themes.yaml)."""
    return merged_ids(_read(resolve_data_dir(data_dir), THEMES_FILE, ThemeFile))


def read_retired(data_dir: str | Path | None = None) -> dict[str, tuple[str, ...]]:
    """Retired theme id -> the themes it was split into, none when simply retired (``retired:``)."""
    return retired_ids(_read(resolve_data_dir(data_dir), THEMES_FILE, ThemeFile))


def read_frameworks(data_dir: str | Path | None = None) -> tuple[Framework, ...]:
    """Only the frameworks with their variables."""
    return tuple(_read(resolve_data_dir(data_dir), FRAMEWORKS_FILE, FrameworkFile).frameworks)


def _read(data_dir: Path, name: str, model):
    path = data_dir / name
    try:
        stat = path.stat()
    except OSError:
        stat = None
    key = (stat.st_mtime_ns, stat.st_size) if stat else None
    try:
        return _read_cached(path, data_dir, model, key)
    except ProblemError as exc:
        raise CorpusError([exc.problem]) from None


@lru_cache(maxsize=16)
def _read_cached(path: Path, data_dir: Path, model, _stat_key):
    """One parse per file version: a command that asks twice reads once (the models are frozen)."""
    return read_model(path, data_dir, model)


def read_parts(
    data_dir: Path,
) -> tuple[ThemeFile | None, FrameworkFile | None, list[tuple[int, CrosswalkEntry]], list[Problem]]:
    """Themes, frameworks, crosswalk rows (with their lines) and every problem, each part read even if
    another is broken: ``studykit validate`` goes on to the study files and reports all problems at once."""
    problems: list[Problem] = []
    themes = frameworks = None
    for name, model in ((THEMES_FILE, ThemeFile), (FRAMEWORKS_FILE, FrameworkFile)):
        try:
            loaded = read_model(data_dir / name, data_dir, model)
        except ProblemError as exc:
            problems.append(exc.problem)
            continue
        except CorpusError as exc:
            problems.extend(exc.problems)
            continue
        if model is ThemeFile:
            themes = loaded
        else:
            frameworks = loaded
    crosswalk, crosswalk_problems, readable = read_table(
        data_dir, CROSSWALK_FILE, CROSSWALK_COLUMNS, CrosswalkEntry
    )
    problems.extend(crosswalk_problems)
    if themes and frameworks and readable:
        problems.extend(_check_codebook(themes, frameworks, crosswalk, data_dir))
    return themes, frameworks, crosswalk, problems


def _check_codebook(themes: ThemeFile, frameworks: FrameworkFile, crosswalk, data_dir: Path) -> list[Problem]:
    """Rules across the three files: unique ids, and a crosswalk row for every theme × framework."""
    problems = []
    tshown = shown_path(data_dir / THEMES_FILE, data_dir)
    fshown = shown_path(data_dir / FRAMEWORKS_FILE, data_dir)
    cshown = shown_path(data_dir / CROSSWALK_FILE, data_dir)
    for tid, n in Counter(t.theme_id for t in themes.themes).items():
        if n > 1:
            problems.append(problem(tshown, None, "theme_id", "problem.duplicate_theme_id", value=tid))
    variables = {v.variable_id: fw.framework_id for fw in frameworks.frameworks for v in fw.variables}
    for vid, n in Counter(v.variable_id for fw in frameworks.frameworks for v in fw.variables).items():
        if n > 1:
            problems.append(problem(fshown, None, "variable_id", "problem.duplicate_variable_id", value=vid))
    theme_ids = {t.theme_id for t in themes.themes}
    problems.extend(check_changes(themes, tshown))
    framework_ids = {fw.framework_id for fw in frameworks.frameworks}
    for line, e in crosswalk:
        if e.theme_id not in theme_ids:
            problems.append(crosswalk_theme(themes, cshown, line, e.theme_id, THEMES_FILE))
        if e.framework_id not in framework_ids:
            allowed = ", ".join(sorted(framework_ids))
            problems.append(
                problem(
                    cshown,
                    line,
                    "framework_id",
                    "problem.unknown_framework",
                    value=e.framework_id,
                    allowed=allowed,
                )
            )
        if (e.strength == "none") != (e.variable_id is None):
            problems.append(problem(cshown, line, "variable_id", "problem.crosswalk_none"))
        elif e.variable_id is not None and variables.get(e.variable_id) != e.framework_id:
            problems.append(
                problem(
                    cshown,
                    line,
                    "variable_id",
                    "problem.not_a_variable_of",
                    value=e.variable_id,
                    framework=e.framework_id,
                    file=FRAMEWORKS_FILE,
                )
            )
    mapped = {e.variable_id for _, e in crosswalk if e.strength != "none"}
    for vid in sorted(set(variables) - mapped):
        problems.append(problem(cshown, None, "variable_id", "problem.variable_unmapped", value=vid))
    covered = {(e.theme_id, e.framework_id) for _, e in crosswalk}
    for tid in sorted(theme_ids):
        for fid in sorted(framework_ids):
            if (tid, fid) not in covered:
                problems.append(
                    problem(cshown, None, "theme_id", "problem.crosswalk_missing", theme=tid, framework=fid)
                )
    return problems
