"""What a new study from an imported project gets as ``new-study``'s would: the duplicate check, and its place
as the gazetteer has it.

A text source that is the same or nearly the same text as a study's source in the corpus is refused,
naming the study (:mod:`studykit.coding.duplicates`; ``--not-a-duplicate`` adds it when it truly is a
different study; the very same bytes are that study, and its new findings are added to it).

The project's ``admin_unit`` fills ``admin_unit_type`` and ``province`` from
``data/codebook/regencies.csv``, as the workbench and ``suggest --metadata --write`` do. The unit is the
analyst's (a variable of the project); its type and province follow from it. A type or province the project
gives that the gazetteer contradicts is kept aside and listed, like any value the schema does not allow, and
the gazetteer's is written; an ``admin_unit`` the gazetteer does not have is kept aside with the names it
may mean, so the study written is a draft to complete, never one ``validate`` refuses for its place.
"""

from __future__ import annotations

from pathlib import Path

from ...corpus.messages import LANGS, t
from ...corpus.places import REGENCIES_FILE, near_units, places_of
from ...corpus.problems import Problem, Said
from ..duplicates import Known, matches, values
from ..metadata import gazetteer
from .planned import PlannedStudy

FILLED = ("admin_unit_type", "province")


def place_from_gazetteer(planned: PlannedStudy, data_dir: Path) -> None:
    """Fill ``planned``'s type and province from its ``admin_unit``'s gazetteer row (listed in
    ``planned.from_gazetteer``); set aside what the gazetteer contradicts or does not know."""
    unit = planned.study.get("admin_unit")
    if planned.existing or not isinstance(unit, str) or not (data_dir / REGENCIES_FILE).is_file():
        return
    places = places_of(list(gazetteer(data_dir)))
    place = places.get(unit.strip())
    if place is None:
        close = near_units(unit, planned.study.get("admin_unit_type"), places)
        close = Said("suggest.did_you_mean", {"ids": close}) if close else ""
        said = Said("problem.unknown_admin_unit", {"value": unit, "file": REGENCIES_FILE, "close": close})
        value = planned.study.pop("admin_unit")
        planned.unused_variables["admin_unit"] = Said("refi.unused_value", {"value": value, "why": said})
        return
    planned.study["admin_unit"] = unit.strip()
    for key, value in zip(FILLED, (place.admin_unit_type, place.province), strict=True):
        given = planned.study.get(key)
        if given == value:
            continue
        if given is not None:
            said = Said("refi.gazetteer_says", {"unit": unit.strip(), "value": value, "file": REGENCIES_FILE})
            planned.unused_variables[key] = Said("refi.unused_value", {"value": given, "why": said})
        planned.study[key] = value
        planned.from_gazetteer.append(key)


def copies(
    file: str, planned: PlannedStudy, data_dir: Path, known: list[Known], not_a_duplicate: bool
) -> list:
    """The problems (at ``file``, the text source's element) of a new study whose text a source of
    ``known`` holds, the same or nearly the same unless ``not_a_duplicate``."""
    own = data_dir / "sources" / f"{planned.study_id}.txt"
    out = []
    for key, other, share in matches(planned.text, planned.sha256, known, own, not_a_duplicate):
        said = [
            t("problem.imported_source", lang, name=planned.source.name, message=t(key, lang, **v))
            for lang, v in ((lang, values(other, share, data_dir)) for lang in LANGS)
        ]
        out.append(Problem(file, None, f"TextSource/{planned.source.guid}", said[0], (("id", said[1]),)))
    return out
