"""Every exported resource declares its licence, and a table taken from elsewhere declares its own."""

from __future__ import annotations

from studykit.corpus.export import DATA_LICENCE, TABLE_FILES, datapackage
from studykit.paths import DATA_DIR, PROJECT_ROOT


def _note(name: str):
    """The provenance note of a third-party table, ``data/codebook/<name>.md``, if it has one."""
    path = DATA_DIR / "codebook" / f"{name}.md"
    return path.read_text(encoding="utf-8") if path.exists() else None


def test_every_resource_declares_a_licence(corpus):
    descriptor = datapackage(corpus)
    resources = descriptor["resources"]
    assert {r["name"] for r in resources} == set(TABLE_FILES)
    for resource in resources:
        licences = resource.get("licenses")
        assert licences and all(lic.get("name") and lic.get("path") for lic in licences), resource["name"]
        note = _note(resource["name"])
        if note is None:  # the corpus's own table: the package's licence
            assert licences == [DATA_LICENCE] == descriptor["licenses"], resource["name"]
        else:  # taken from elsewhere: the licence its note names, never the package's
            assert licences != [DATA_LICENCE], resource["name"]
            assert all(lic["path"] in note for lic in licences), resource["name"]


def test_the_gazetteer_is_odbl_and_its_share_alike_is_stated(corpus):
    resource = next(r for r in datapackage(corpus)["resources"] if r["name"] == "regencies")
    assert [lic["name"] for lic in resource["licenses"]] == ["ODbL-1.0"]
    note = " ".join(_note("regencies").split())
    assert "share alike" in note.lower() and "ODbL 1.0" in note
    readme = " ".join((PROJECT_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "regencies.csv" in readme and "share-alike" in readme and "Open Database License 1.0" in readme
