"""Report-to-report URLs: one module knows where every report lives, and the manifest agrees with it."""

from __future__ import annotations

from studykit.analysis import groups
from studykit.render.manifest import read_manifest
from studykit.reports import links, params


def test_report_folders_in_links_agree_with_the_manifest():
    manifest = read_manifest()
    for entry in manifest.reports:
        folder = entry.output.rpartition("/")[0]
        assert links.REPORT_DIRS.get(entry.notebook, "") == folder, entry.output
    assert links.EXPLORE in {f"{e.output}.html" for e in manifest.reports if e.notebook == "5-explore"}


def test_profile_urls_are_relative_to_the_linking_report():
    assert (
        links.profile("2-cross-case", "jambi-bantar", "jambi-bantar-03")
        == "study-profile/jambi-bantar.html#f-jambi-bantar-03"
    )
    assert links.profile("3-framework-lens", "jambi-bantar") == "../study-profile/jambi-bantar.html"
    assert (
        links.profile("1-study-profile", "semarang-p2kp", "semarang-p2kp-01")
        == "../study-profile/semarang-p2kp.html#f-semarang-p2kp-01"
    )
    assert links.explore("3-framework-lens") == "../all-findings.html"
    assert (
        links.anchor("quotes", "T04") == "quotes-T04"
        and links.anchor("quotes", "VMVH-V3", "a b") == "quotes-VMVH-V3-a_b"
    )


def test_group_by_choices_are_the_analysis_attributes():
    assert params.GROUP_BY_CHOICES == tuple(groups.ATTRIBUTES)
