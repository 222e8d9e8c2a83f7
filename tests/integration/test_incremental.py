"""An incremental render is a full render of the same inputs, done in part: after edits of some studies and
memos, only the reports that read them are rendered, and every file of the reports folder (reports, executed
notebooks, the index) is byte-identical to a clean full render of the data as it is then."""

from __future__ import annotations

import shutil

import yaml
from helpers import memo, tree_hashes

from studykit.paths import DATA_DIR, NOTEBOOKS_DIR
from studykit.render import engine
from studykit.render.manifest import load_plan

MANIFEST = {  # a profile per study, a report about the whole corpus, the one that shows every memo
    "languages": ["en"],
    "reports": [
        {
            "notebook": "1-study-profile",
            "for_each": "study",
            "title": "profile.title",
            "output": "study-profile/{study_id}",
        },
        {"notebook": "2-cross-case", "title": "cross.title", "output": "cross-case"},
        {"notebook": "9-methods", "title": "methods.title", "output": "methods"},
    ],
}
EDITED, MEMO_GONE, ADDED, FINDING_MEMO, UNTOUCHED = (
    "jambi-bantar",
    "bengkulu-samisake",
    "semarang-p2kp",
    "jombang-poverty",
    "purbayan-p2kp",
)
MEMO = memo("A. Analyst", "2026-12-06", "Why we coded it so.")


def render(root, out: str, force: bool = False) -> tuple[set[str], set[str]]:
    """Render the manifest under ``root`` into ``root/out``; the outputs rendered and skipped."""
    jobs = load_plan(root / "data", root / "reports.yaml")
    results, skipped = engine.render(
        jobs,
        reports_dir=root / out,
        data_dir=root / "data",
        force=force,
        workers=2,
        manifest_path=root / "reports.yaml",
    )
    assert all(r.ok for r in results), [engine.failure_line(r, root / out) for r in results if not r.ok]
    return {r.job.output for r in results}, {j.output for j in skipped}


def profile(study_id: str) -> str:
    return f"en/study-profile/{study_id}.html"


def test_only_what_changed_is_rendered_and_the_result_equals_a_clean_full_render(tmp_path):
    shutil.copytree(NOTEBOOKS_DIR, tmp_path / "notebooks")
    data = shutil.copytree(DATA_DIR, tmp_path / "data")
    (tmp_path / "reports.yaml").write_text(yaml.safe_dump(MANIFEST), encoding="utf-8")
    study = data / f"studies/{EDITED}.yaml"
    written = study.read_text(encoding="utf-8")
    at = written.index("summary_en: ") + len("summary_en: ")
    study.write_text(written[:at] + "An earlier wording. " + written[at:], encoding="utf-8")
    for sub in ("memos/studies", "memos/themes", "memos/findings"):
        (data / sub).mkdir(parents=True, exist_ok=True)
    (data / f"memos/studies/{MEMO_GONE}.md").write_text(MEMO, encoding="utf-8")
    (data / "memos/themes/T04.md").write_text(MEMO, encoding="utf-8")  # read by all but the profiles
    shutil.move(data / f"studies/{ADDED}.yaml", tmp_path / "aside.yaml")
    shutil.move(data / f"sources/{ADDED}.txt", tmp_path / "aside.txt")
    first, skipped = render(tmp_path, "reports")
    assert skipped == set() and profile(ADDED) not in first and "en/cross-case.html" in first

    study.write_text(written, encoding="utf-8")  # one summary edited
    (data / f"memos/studies/{MEMO_GONE}.md").unlink()  # one memo removed
    shutil.move(tmp_path / "aside.yaml", data / f"studies/{ADDED}.yaml")  # one study added
    shutil.move(tmp_path / "aside.txt", data / f"sources/{ADDED}.txt")
    finding = yaml.safe_load((data / f"studies/{FINDING_MEMO}.yaml").read_text(encoding="utf-8"))
    (data / f"memos/findings/{finding['findings'][0]['finding_id']}.md").write_text(MEMO, encoding="utf-8")
    (data / "memos/project.md").write_text(MEMO, encoding="utf-8")  # shown by the methods appendix only
    rendered, skipped = render(tmp_path, "reports")
    profiles = {profile(s) for s in (EDITED, MEMO_GONE, ADDED, FINDING_MEMO)}
    assert rendered == profiles | {"en/cross-case.html", "en/methods.html"}
    assert skipped == {profile(UNTOUCHED)}

    render(tmp_path, "clean", force=True)
    incremental, clean = tree_hashes(tmp_path / "reports"), tree_hashes(tmp_path / "clean")
    assert profile(ADDED) in clean and "index.html" in clean
    assert incremental == clean, {
        k for k in incremental.keys() | clean.keys() if incremental.get(k) != clean.get(k)
    }
