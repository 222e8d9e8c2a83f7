"""`studykit render --report ID --study STUDY_ID --report-lang LANG`: one study's profile without the whole
report set; the index still lists every report, no other report is touched, and a later full render still
renders what is stale (the run key of a complete render is not recorded, nor kept, by a part)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from helpers import invoke_studykit, run_studykit

from studykit.paths import DATA_DIR, NOTEBOOKS_DIR
from studykit.render import engine
from studykit.render.inputs import RUN_KEY, STATE_FILE, load_state, unchanged_reports
from studykit.render.manifest import load_plan
from studykit.render.selection import Selection, select
from studykit.render.worker import Result

MANIFEST = {
    "languages": ["en", "id"],
    "reports": [
        {
            "notebook": "1-study-profile",
            "for_each": "study",
            "title": "profile.title",
            "output": "study-profile/{study_id}",
        },
        {"notebook": "4-evidence-profile", "title": "evidence.title", "output": "evidence-profile"},
    ],
}
STUDY, OTHER = "jambi-bantar", "bengkulu-samisake"
EVERYTHING = Selection()


@pytest.fixture
def project(tmp_path):
    """A small manifest (a profile per study, one report about the corpus) over copies of notebooks and
    data."""
    shutil.copytree(NOTEBOOKS_DIR, tmp_path / "notebooks")
    shutil.copytree(DATA_DIR, tmp_path / "data")
    (tmp_path / "reports.yaml").write_text(yaml.safe_dump(MANIFEST), encoding="utf-8")
    return tmp_path


def args(root) -> list:
    return ["--manifest", root / "reports.yaml", "--data", root / "data", "--out", root / "reports"]


def listed(*options) -> list[tuple[str, str]]:
    """The (notebook, output) pairs `render --list --format json` plans with ``options``."""
    result = invoke_studykit("render", "--list", "--format", "json", *options)
    assert result.returncode == 0, result.stderr
    return [
        (item["notebook"].rsplit("/", 1)[-1], item["output"].split("reports/", 1)[-1])
        for item in json.loads(result.stdout)
    ]


def test_list_shows_exactly_the_selection():
    everything = listed()
    profile = ("1-study-profile.ipynb", f"id/study-profile/{STUDY}.html")
    assert listed("--report", "1-study-profile", "--study", STUDY, "--report-lang", "id") == [profile]
    assert listed("--study", STUDY) == [(profile[0], f"en/study-profile/{STUDY}.html"), profile]
    both = listed("--study", STUDY, "--study", OTHER, "--report-lang", "en")
    assert sorted(o for _, o in both) == sorted(f"en/study-profile/{s}.html" for s in (STUDY, OTHER))
    cross = listed("--report", "2-cross-case")  # a notebook: every report of it, in every language
    assert cross == [item for item in everything if item[0] == "2-cross-case.ipynb"] and len(cross) == 4
    assert listed("--report", "cross-case-common-barriers", "--report-lang", "en") == [
        ("2-cross-case.ipynb", "en/cross-case-common-barriers.html")
    ]  # one report: its output


@pytest.mark.parametrize(
    ("options", "en", "id_"),
    [
        (
            ["--report", "1-study-profil"],
            "--report 1-study-profil: no such report in reports.yaml (did you mean 1-study-profile?). "
            "The reports are: 1-study-profile, 2-cross-case, 3-framework-lens",
            "--report 1-study-profil: tidak ada laporan itu di reports.yaml (maksudnya 1-study-profile?). "
            "Laporannya: 1-study-profile, 2-cross-case, 3-framework-lens",
        ),
        (
            ["--study", "jambi"],
            "--study jambi: no such study (did you mean jambi-bantar?). The studies are: bengkulu-samisake, "
            "jambi-bantar, jombang-poverty, purbayan-p2kp, semarang-p2kp",
            "--study jambi: tidak ada studi itu (maksudnya jambi-bantar?). Studinya: bengkulu-samisake, "
            "jambi-bantar, jombang-poverty",
        ),
        (
            ["--study", STUDY, "--report", "9-methods"],
            "the selection matches no report of reports.yaml: --study keeps only the per-study reports "
            "(1-study-profile)",
            "pilihan itu tidak cocok dengan laporan mana pun di reports.yaml: --study hanya menyisakan "
            "laporan per studi (1-study-profile)",
        ),
    ],
)
def test_unknown_ids_are_refused_with_the_valid_ones_in_both_languages(options, en, id_):
    for lang, expected in (("en", en), ("id", id_)):
        result = invoke_studykit("render", "--list", *options, "--lang", lang)
        said = " ".join(result.stderr.split())
        assert result.returncode == 2 and expected in said and "Traceback" not in said, result.stderr


def test_a_draft_is_named_as_a_draft(data_copy):
    path = data_copy / f"studies/{STUDY}.yaml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r"^  - finding_id: .*$", text, re.M)
    path.write_text(text[: first.end()] + "\n    review_status: unreviewed" + text[first.end() :], "utf-8")
    result = invoke_studykit("render", "--list", "--study", STUDY, "--data", data_copy)
    assert result.returncode == 2 and f"--study {STUDY}: the study is still a draft" in result.stderr
    said = " ".join(result.stderr.split())  # the command it names works on the same data directory
    assert f"`studykit validate --data {data_copy}` lists what it still needs" in said, said


def test_one_profile_in_one_language_renders_alone_and_the_index_keeps_every_report(project):
    reports = project / "reports"
    earlier = reports / "en/evidence-profile.html"  # a report of an earlier render: kept, and linked
    earlier.parent.mkdir(parents=True)
    earlier.write_text("<html>earlier</html>", encoding="utf-8")
    chosen = ["--report", "1-study-profile", "--study", STUDY, "--report-lang", "en"]
    assert [o for _, o in listed(*chosen, *args(project))] == [f"en/study-profile/{STUDY}.html"]
    result = run_studykit("render", *chosen, *args(project), "--jobs", "1")
    assert result.returncode == 0 and "rendered 1, skipped 0 unchanged, failed 0" in result.stdout, (
        result.stdout + result.stderr
    )
    pages = sorted(p.relative_to(reports).as_posix() for p in reports.glob("[ei][nd]/**/*.html"))
    assert pages == ["en/evidence-profile.html", f"en/study-profile/{STUDY}.html"]
    assert earlier.read_text(encoding="utf-8") == "<html>earlier</html>"
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r'href="([^"]+)"', index)) == pages
    plan = load_plan(project / "data", project / "reports.yaml")
    for job in plan:  # every report of the plan has its row, rendered or not
        assert job.titles["en"] in index, job.titles["en"]
    assert RUN_KEY not in load_state(reports)  # a part is not a complete render
    assert unchanged_reports(reports, project / "reports.yaml", project / "data", False) is None


def _fake_render(monkeypatch, rendered: list[str]) -> None:
    """The engine's bookkeeping with a stand-in for the kernels: each job's HTML is written at once."""

    def local(todo, workers, show_code, server, timeout, reports_dir, tmp, data_dir):
        for job in todo:
            (reports_dir / job.output).parent.mkdir(parents=True, exist_ok=True)
            (reports_dir / job.output).write_text(job.output, encoding="utf-8")
            rendered.append(job.output)
            yield Result(job, True, 0.0)

    monkeypatch.setattr(engine, "_local", local)


def test_a_later_full_render_renders_what_is_stale(project, monkeypatch):
    reports, manifest, data = project / "reports", project / "reports.yaml", project / "data"
    rendered: list[str] = []
    _fake_render(monkeypatch, rendered)

    def render(selection: Selection = EVERYTHING) -> list[str]:
        rendered.clear()
        plan = load_plan(data, manifest)
        only = None if selection.everything else select(plan, selection, plan.drafts)
        common = {"reports_dir": reports, "data_dir": data, "manifest_path": manifest, "isolation": "kernel"}
        engine.render(plan, **common, only=only)
        return sorted(rendered)

    profile = Selection(("1-study-profile",), (OTHER,), ("en",))
    assert render(profile) == [f"en/study-profile/{OTHER}.html"]
    full = render()  # everything but the part rendered
    assert len(full) == 11 and f"en/study-profile/{OTHER}.html" not in full
    assert unchanged_reports(reports, manifest, data, False) == 12  # a complete render: the run key
    assert render(profile) == [] and unchanged_reports(reports, manifest, data, False) == 12  # still holds

    study = data / f"studies/{STUDY}.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("summary_en: ", "summary_en: Edited. ", 1))
    assert render(profile) == []  # the other study's profile does not read the edited study ...
    assert RUN_KEY not in json.loads((reports / STATE_FILE).read_text())  # ... and a part drops the key
    assert unchanged_reports(reports, manifest, data, False) is None
    edited = Selection(("1-study-profile",), (STUDY,), ("en",))
    assert render(edited) == [f"en/study-profile/{STUDY}.html"]
    assert unchanged_reports(reports, manifest, data, False) is None
    stale = [f"id/study-profile/{STUDY}.html", "en/evidence-profile.html", "id/evidence-profile.html"]
    assert render() == sorted(stale)  # what the part left stale, and nothing else
    assert unchanged_reports(reports, manifest, data, False) == 12


def test_at_many_studies_the_refusal_lists_the_first_and_counts_the_rest(data_copy):
    text = (data_copy / f"studies/{STUDY}.yaml").read_text(encoding="utf-8")
    for i in range(70):
        copy = text.replace(f"study_id: {STUDY}", f"study_id: kota-{i:02d}")
        (data_copy / f"studies/kota-{i:02d}.yaml").write_text(copy, encoding="utf-8")
    result = invoke_studykit("render", "--list", "--study", "kota-07x", "--data", data_copy)
    said = " ".join(result.stderr.split())
    assert result.returncode == 2 and "(did you mean kota-07?)" in said, said
    assert "kota-55, kota-56 and 15 more (studykit render --list lists every report)" in said, said
