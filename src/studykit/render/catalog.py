"""The ids and labels a render is planned with, read from the data files directly (no corpus load): the
light stand-in for a :class:`~studykit.corpus.load.Corpus` that parameters are validated against and titles
are named from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.codebook import read_frameworks, read_themes
from ..corpus.drafts import classify
from ..corpus.readers import parse_yaml, read_text
from ..reports import i18n
from ..reports.titles import Names


@dataclass(frozen=True)
class Catalog:
    """The ids and labels planning needs, read from the data files directly."""

    study_labels: dict[str, dict[str, str]]  # study id -> language -> label
    framework_names: dict[str, str]
    theme_ids: list[str]
    variable_ids: list[str]
    drafts: tuple[str, ...] = ()  # study ids of drafts (corpus.drafts), left out of the plan
    theme_labels: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # theme id -> language -> short label
    variable_labels: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # variable id -> language -> label

    @property
    def names(self) -> Names:  # what report titles and parameter descriptions name
        return Names(self.study_labels, self.theme_labels, self.framework_names, self.variable_labels)

    @property
    def study_ids(self) -> list[str]:
        return list(self.study_labels)

    @property
    def framework_ids(self) -> list[str]:
        return list(self.framework_names)

    @classmethod
    def read(cls, data_dir: Path) -> Catalog:
        def load(path: Path):
            shown = path.relative_to(data_dir.parent).as_posix()
            return parse_yaml(read_text(path, shown), shown)

        studies, drafts = {}, []
        for path in sorted((data_dir / "studies").glob("*.yaml")):
            content = load(path)
            if classify(content)[0]:  # still being coded: no report of its own, named on the index
                drafts.append(str(content.get("study_id") or path.stem))
            elif isinstance(content, dict):
                studies[str(content.get("study_id", path.stem))] = {
                    lang: str(content.get(field, path.stem)) for lang, field in i18n.STUDY_LABEL.items()
                }
        frameworks, themes = read_frameworks(data_dir), read_themes(data_dir)
        return cls(
            studies,
            {f.framework_id: f.name for f in frameworks},
            [t.theme_id for t in themes],
            [v.variable_id for f in frameworks for v in f.variables],
            tuple(drafts),
            {t.theme_id: {"en": t.short_en, "id": t.short_id} for t in themes},
            {v.variable_id: {"en": v.label_en, "id": v.label_id} for f in frameworks for v in f.variables},
        )
