"""What each report reads: which reports a change of the data directory re-renders, and that a report reads
nothing it does not declare (studykit.reports.reads, render/inputs.py)."""

from __future__ import annotations

import shutil

import pytest
import yaml
from helpers import memo, write_memos

from studykit import load_corpus
from studykit.corpus.digest import data_hash
from studykit.render.inputs import Inputs
from studykit.render.manifest import load_plan
from studykit.reports import reads
from studykit.reports.report import Report
from studykit.reports.views import common, profile

STUDY, OTHER = "jambi-bantar", "bengkulu-samisake"
THEME_MEMOS = {"2-cross-case", "3-framework-lens", "8-codebook", "9-methods"}  # where views show theme memos


def fingerprints(data_dir) -> dict[str, str]:
    inputs = Inputs(data_dir)
    return {job.output: inputs.fingerprint(job, False) for job in load_plan(data_dir)}


def outputs(data_dir, keep) -> set[str]:
    return {job.output for job in load_plan(data_dir) if keep(job)}


def profiles_of(*studies):
    return lambda job: job.parameters.get("study_id") in studies and job.notebook == "1-study-profile"


def whole_corpus(job) -> bool:
    return job.notebook != "1-study-profile"


def edit_summary(data_dir):
    path = data_dir / f"studies/{STUDY}.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("summary_en: ") + len("summary_en: ")
    path.write_text(text[:at] + "Our edited words. " + text[at:], encoding="utf-8")


def comment_codebook(data_dir):
    path = data_dir / "codebook/themes.yaml"
    path.write_text("# a comment of ours\n" + path.read_text(encoding="utf-8"), encoding="utf-8")


def copy_study(data_dir, study_id: str, draft: bool = False):
    """A copy of STUDY under another id (with its own source); a draft when one finding is unreviewed."""
    text = (data_dir / f"studies/{STUDY}.yaml").read_text(encoding="utf-8").replace(STUDY, study_id)
    if draft:
        at = text.index("\n", text.index("  - finding_id: "))
        text = text[:at] + "\n    review_status: unreviewed" + text[at:]
    (data_dir / f"studies/{study_id}.yaml").write_text(text, encoding="utf-8")
    shutil.copy(data_dir / f"sources/{STUDY}.txt", data_dir / f"sources/{study_id}.txt")


def write(data_dir, relative: str, text: str):
    (data_dir / relative).parent.mkdir(parents=True, exist_ok=True)
    (data_dir / relative).write_text(text, encoding="utf-8")


def first_finding(data_dir, study_id: str) -> str:
    study = yaml.safe_load((data_dir / f"studies/{study_id}.yaml").read_text(encoding="utf-8"))
    return study["findings"][0]["finding_id"]


MEMO = memo("A. Analyst", "2026-12-06", "Our reflection.")
CHANGES = {  # a change of the data directory -> the reports it must re-render
    "one summary edited": (edit_summary, lambda j: profiles_of(STUDY)(j) or whole_corpus(j)),
    "a study memo": (lambda d: write(d, f"memos/studies/{OTHER}.md", MEMO), profiles_of(OTHER)),
    "a finding memo": (
        lambda d: write(d, f"memos/findings/{first_finding(d, OTHER)}.md", MEMO),
        profiles_of(OTHER),
    ),
    "a theme memo": (lambda d: write(d, "memos/themes/T04.md", MEMO), lambda j: j.notebook in THEME_MEMOS),
    "the project memo": (lambda d: write(d, "memos/project.md", MEMO), lambda j: False),
    "the codebook": (comment_codebook, lambda j: True),
    "a file studykit does not know": (lambda d: write(d, "notes.txt", "ours"), lambda j: True),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_re_renders_exactly_the_reports_that_read_it(data_copy, change):
    edit, expected = CHANGES[change]
    before = fingerprints(data_copy)
    edit(data_copy)
    after = fingerprints(data_copy)
    assert set(after) == set(before)
    methods = {j.output for j in load_plan(data_copy) if j.notebook == "9-methods"}  # shows every memo
    wanted = outputs(data_copy, expected) | (methods if "memo" in change else set())
    assert {o for o in after if after[o] != before[o]} == wanted


def test_a_new_study_adds_its_profiles_and_changes_only_the_reports_about_the_whole_corpus(data_copy):
    before = fingerprints(data_copy)
    copy_study(data_copy, "jambi-copy")
    after = fingerprints(data_copy)
    assert set(after) - set(before) == outputs(data_copy, profiles_of("jambi-copy"))
    changed = {o for o in before if after[o] != before[o]}
    assert changed == outputs(data_copy, whole_corpus)


def test_a_draft_changes_the_reports_that_name_it_and_no_profile(data_copy):
    before = fingerprints(data_copy)
    copy_study(data_copy, "jambi-draft", draft=True)
    after = fingerprints(data_copy)
    assert set(after) == set(before)  # a draft has no profile
    assert {o for o in after if after[o] != before[o]} == outputs(data_copy, whole_corpus)


def test_a_profile_reads_its_own_study_file_source_and_memos_only(data_copy):
    write_memos(data_copy, STUDY)
    other = first_finding(data_copy, OTHER)
    write(data_copy, f"memos/findings/{other}.md", MEMO)
    files = reads.DataFiles(data_copy)
    read = {p.relative_to(data_copy).as_posix() for p in files.of("1-study-profile", {"study_id": STUDY})}
    assert {f"studies/{STUDY}.yaml", f"sources/{STUDY}.txt", f"memos/studies/{STUDY}.md"} <= read
    assert not {f for f in read if OTHER in f or f.startswith(("memos/themes", "memos/project"))}
    assert "codebook/themes.yaml" in read and "synthesis/cerqual.yaml" in read
    everything = files.of("9-methods", {})
    assert everything == files.files and data_hash(data_copy, everything) == data_hash(data_copy)


def test_a_profile_shows_the_same_from_its_own_study_as_from_the_whole_corpus(data_copy):
    """The profile's views select their study's rows: given only that study (what ``reads.visible`` leaves),
    every section is the same. A section that read another study would differ here."""
    write_memos(data_copy, STUDY)
    write(data_copy, f"memos/findings/{first_finding(data_copy, STUDY)}.md", MEMO)
    write(data_copy, f"memos/studies/{OTHER}.md", MEMO)
    corpus = load_corpus(data_copy)
    params = {"study_id": STUDY, "lang": "id"}
    whole = Report("1-study-profile", corpus, params)
    own = Report("1-study-profile", reads.visible(corpus, "1-study-profile", params), params)
    assert set(own.corpus.studies["study_id"]) == set(own.corpus.findings["study_id"]) == {STUDY}
    assert set(own.corpus.memos["study_id"]) == {STUDY} and len(own.corpus.memos) == 3  # study + 2 findings
    sections = [
        profile.title,
        profile.metadata,
        profile.study_memos,
        profile.findings,
        profile.framework,
        profile.source,
    ]  # and the figure by type, drawn (slowly) from the same rows as the title's count
    for section in sections:
        assert repr(section(own)) == repr(section(whole)), section
    assert profile.findings(own)._html() == profile.findings(whole)._html()
    assert reads.data_hash(data_copy, "1-study-profile", params) in common.footer(own).data


def test_reports_about_the_whole_corpus_see_only_the_memo_levels_they_show(data_copy):
    write_memos(data_copy, STUDY)
    corpus = load_corpus(data_copy)
    for notebook in ("2-cross-case", "4-evidence-profile", "9-methods", "unknown-notebook"):
        seen = reads.visible(corpus, notebook, {})
        assert seen.studies.equals(corpus.studies) and seen.drafts == corpus.drafts
        assert set(seen.memos["level"]) == set(reads.reads(notebook).memos) & set(corpus.memos["level"])
    assert reads.reads("unknown-notebook") == reads.EVERYTHING


def test_a_file_a_report_reads_through_a_link_counts_with_its_target(data_copy):
    write(data_copy, "memos/themes/T04.md", MEMO)
    (data_copy / "memos/studies").mkdir(parents=True)
    (data_copy / f"memos/studies/{STUDY}.md").symlink_to("../themes/T04.md")
    files = reads.DataFiles(data_copy)
    read = {p.relative_to(data_copy).as_posix() for p in files.of("1-study-profile", {"study_id": STUDY})}
    assert {f"memos/studies/{STUDY}.md", "memos/themes/T04.md"} <= read
    assert "memos/themes/T04.md" not in {
        p.relative_to(data_copy).as_posix() for p in files.of("1-study-profile", {"study_id": OTHER})
    }
