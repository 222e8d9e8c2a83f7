"""The agreement report, rendered by `studykit render` when reports.yaml configures a second coding, in both
languages.

The second coding is the deterministic perturbation of data/ built by ``helpers.build_second_coding``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from html import unescape
from pathlib import Path

import pytest
import yaml
from helpers import build_second_coding, chromium_pages, duplicate_ids, invoke_studykit

from studykit import load_corpus
from studykit.analysis import agreement as ag
from studykit.paths import DATA_DIR, NOTEBOOKS_DIR, PROJECT_ROOT


def studykit(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studykit", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("agreement-site")
    (root / "notebooks").mkdir()
    for name in ("4-evidence-profile", "7-agreement"):
        shutil.copy(NOTEBOOKS_DIR / f"{name}.ipynb", root / "notebooks")
    shutil.copytree(DATA_DIR, root / "data")
    build_second_coding(root / "coder-b" / "data", root / "data")
    manifest = {
        "languages": ["en", "id"],
        "second_coding": "coder-b/data",
        "reports": [{"notebook": "4-evidence-profile", "title": "evidence.title", "output": "evidence"}],
    }
    (root / "reports.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    args = ["--manifest", root / "reports.yaml", "--data", root / "data", "--out", root / "reports"]
    done = studykit("render", *args, cwd=root)
    assert done.returncode == 0, done.stderr
    return root, args


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_the_report_is_planned_only_with_a_second_coding(site):
    root, args = site
    listed = json.loads(invoke_studykit("render", "--list", "--format", "json", *args).stdout)
    agreement = [item for item in listed if item["notebook"].endswith("7-agreement.ipynb")]
    assert {item["parameters"]["lang"] for item in agreement} == {"en", "id"}
    assert all(not Path(item["parameters"]["second_coding"]).is_absolute() for item in agreement)
    plain = {
        "languages": ["en"],
        "reports": [{"notebook": "4-evidence-profile", "title": "evidence.title", "output": "e"}],
    }
    (root / "plain.yaml").write_text(yaml.safe_dump(plain), encoding="utf-8")
    listed = json.loads(
        invoke_studykit("render", "--list", "--format", "json", "--manifest", root / "plain.yaml").stdout
    )
    assert not [item for item in listed if "7-agreement" in item["notebook"]]
    bad = {**plain, "second_coding": "no-such-folder"}
    (root / "bad.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    done = invoke_studykit("render", "--list", "--manifest", root / "bad.yaml")
    assert done.returncode == 1 and "second_coding" in done.stderr and "no-such-folder" in done.stderr


@pytest.mark.parametrize(
    "lang, heading, other",
    [
        ("en", "Intercoder agreement", "Kesepakatan antarpengode"),
        ("id", "Kesepakatan antarpengode", "Intercoder agreement"),
    ],
)
def test_figures_intervals_and_disagreements_in_both_languages(site, lang, heading, other):
    root, _ = site
    html = (root / "reports" / lang / "agreement.html").read_text(encoding="utf-8")
    shown = text_of(html)
    assert heading in shown and other not in shown
    paired = ag.independent(ag.pair(load_corpus(root / "data"), load_corpus(root / "coder-b" / "data")))
    result = ag.presence_agreement(paired)
    kappa, (low, high) = result.overall["cohen_kappa"], result.overall["ci95"]["cohen_kappa"]
    figure = f"{kappa:.2f} [{low:.2f}, {high:.2f}]".replace("-", "\u2212")  # as the language writes it
    assert (figure if lang == "en" else figure.replace(", ", "; ").replace(".", ",")) in shown
    seed = result.bootstrap["seed"]  # an identifier, written as such (never 2,022 or 2.022)
    assert f"{'fixed seed' if lang == 'en' else 'seed tetap'} {seed})" in shown
    assert "AC1" in shown and ("kappa paradox" in shown or "paradoks kappa" in shown)
    # every disagreement: its A findings and B findings named in the table, their quotes highlighted in the
    # source
    for d in result.disagreements:
        for side in ("a", "b"):
            for fid in d[f"coder_{side}"]:
                assert f'id="q-{side}-{fid}"' in html, (side, fid)
                assert f'href="#q-{side}-{fid}"' in html, (side, fid)
    assert html.count('<section class="sk-source">') == len({d["study_id"] for d in result.disagreements})
    assert str(root) not in html  # no absolute path of this machine
    assert html.count("<table") > 2 and not duplicate_ids(html)  # valid HTML: one element per id


def test_no_output_file_holds_an_absolute_path(site):
    """Rendered through a manifest outside the repository, no report, executed notebook or index records
    where the manifest, the notebooks, the data or this checkout lie on this machine (papermill's
    input_path was once absolute)."""
    root, _ = site
    machine = {str(root), str(PROJECT_ROOT), tempfile.gettempdir(), str(Path.home()), sys.prefix}
    outputs = [p for p in (root / "reports").rglob("*") if p.is_file()]
    notebooks = [p for p in outputs if p.suffix == ".ipynb"]
    assert {p.stem for p in notebooks} >= {"agreement", "evidence"}
    for path in outputs:
        text = path.read_text(encoding="utf-8")
        assert not [m for m in machine if m in text], path
    for path in notebooks:  # the notebook as the manifest names it: relative to the manifest's folder
        papermill = json.loads(path.read_text(encoding="utf-8"))["metadata"]["papermill"]
        assert papermill["input_path"] in {
            "notebooks/4-evidence-profile.ipynb",
            "notebooks/7-agreement.ipynb",
        }
        assert not Path(papermill["output_path"]).is_absolute()


def test_a_changed_second_coding_renders_the_report_again(site):
    root, args = site
    again = studykit("render", *args, cwd=root)
    assert again.returncode == 0 and "rendered 0" in again.stdout
    study = root / "coder-b" / "data" / "studies" / "semarang-p2kp.yaml"
    text = study.read_text(encoding="utf-8")
    study.write_text(text.replace("theme_id: T", "theme_id: T", 1) + "\n", encoding="utf-8")
    try:
        changed = studykit("render", *args, cwd=root)
        assert changed.returncode == 0, changed.stderr
        assert "rendered 2" in changed.stdout  # the agreement report in both languages, nothing else
    finally:
        study.write_text(text, encoding="utf-8")


def test_index_lists_the_agreement_report(site):
    root, _ = site
    index = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert "en/agreement.html" in index and "id/agreement.html" in index
    assert "Intercoder agreement" in text_of(index)


def test_the_committed_notebook_says_no_second_coding_is_configured():
    notebook = json.loads((PROJECT_ROOT / "notebooks" / "7-agreement.ipynb").read_text(encoding="utf-8"))
    outputs = json.dumps([c.get("outputs") for c in notebook["cells"]])
    assert "No second coding is configured" in outputs


@pytest.fixture(scope="module")
def open_page():
    yield from chromium_pages()


def test_a_disagreement_links_to_its_quote_and_back_in_chromium(site, open_page):
    root, _ = site
    result = ag.presence_agreement(load_corpus(root / "data"), load_corpus(root / "coder-b" / "data"))
    first = result.disagreements[0]
    side = "a" if first["coder_a"] else "b"
    key = f"{side}-{first[f'coder_{side}'][0]}"
    page, events = open_page(root / "reports" / "en" / "agreement.html")
    page.click(f'a.sk-to-quote[href="#q-{key}"]')
    assert page.evaluate("document.querySelector(':target').id") == f"q-{key}"
    page.click(f"#q-{key}")  # the quote's label leads back to the disagreement's row
    assert page.evaluate("location.hash") == f"#f-{key}"
    assert (
        page.eval_on_selector(
            f"#f-{key}", "el => getComputedStyle(el.closest('tr').querySelector('td')).backgroundColor"
        )
        == "rgb(255, 241, 184)"
    )
    marks = page.evaluate("document.querySelectorAll('mark.sk-q').length")
    page.close()
    assert marks > 0 and events["console"] == [] and events["network"] == []


def test_data_second_coding_is_the_default_second_coding(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    build_second_coding(tmp_path / "data" / "second-coding", DATA_DIR)
    plain = {
        "languages": ["en"],
        "reports": [{"notebook": "4-evidence-profile", "title": "evidence.title", "output": "e"}],
    }
    (tmp_path / "reports.yaml").write_text(
        yaml.safe_dump({**plain, "notebooks": str(NOTEBOOKS_DIR)}), encoding="utf-8"
    )
    done = studykit(
        "render", "--list", "--format", "json", "--manifest", "reports.yaml", "--data", "data", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    agreement = [item for item in json.loads(done.stdout) if item["notebook"].endswith("7-agreement.ipynb")]
    assert [item["parameters"] for item in agreement] == [
        {"second_coding": "data/second-coding", "lang": "en"}
    ]


@pytest.mark.parametrize(
    "lang, heading", [("en", "Implementation outcome rating"), ("id", "Penilaian hasil implementasi")]
)
def test_the_outcome_rating_is_compared_study_by_study(site, lang, heading):
    root, _ = site
    shown = text_of((root / "reports" / lang / "agreement.html").read_text(encoding="utf-8"))
    assert heading in shown
    paired = ag.independent(ag.pair(load_corpus(root / "data"), load_corpus(root / "coder-b" / "data")))
    outcome = ag.presence_agreement(paired).outcome
    assert outcome["studies"] == len(paired.studies)
    for d in outcome["differ"]:
        assert load_corpus(root / "data").studies.set_index("study_id").loc[d["study_id"], "label"] in shown


def test_one_study_compared_says_it_has_no_interval(tmp_path, site):
    """The captions promise 95 % bootstrap intervals over studies; with one study compared there are none:
    the report says why and what to do, in both languages (it showed bare figures under the promise)."""
    shutil.copytree(DATA_DIR, tmp_path / "data")
    study = sorted(p.stem for p in (DATA_DIR / "studies").glob("*.yaml"))[0]
    done = invoke_studykit("second-coding", "--data", tmp_path / "data", "--out", tmp_path / "coder-b", study)
    assert done.returncode == 0, done.stderr
    a_doc = yaml.safe_load((DATA_DIR / "studies" / f"{study}.yaml").read_text(encoding="utf-8"))
    b_path = tmp_path / "coder-b" / "studies" / f"{study}.yaml"
    b_doc = yaml.safe_load(b_path.read_text(encoding="utf-8"))
    b_doc |= {k: a_doc[k] for k in ("findings", "implementation_outcome")} | {"coded_by": "coder B"}
    b_doc["findings"][0]["review_status"] = "rejected"  # B turned A's first finding down
    b_path.write_text(yaml.safe_dump(b_doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    manifest = {"languages": ["en", "id"], "second_coding": "coder-b", "notebooks": str(NOTEBOOKS_DIR)}
    manifest["reports"] = [{"notebook": "4-evidence-profile", "title": "evidence.title", "output": "e"}]
    (tmp_path / "reports.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    args = ["--manifest", "reports.yaml", "--data", "data", "--out", "reports", "--report", "7-agreement"]
    done = studykit("render", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for lang, said in (
        ("en", "No intervals: only 1 study was compared"),
        ("id", "Tanpa interval: hanya 1 studi"),
    ):
        shown = " ".join(text_of((tmp_path / "reports" / lang / "agreement.html").read_text("utf-8")).split())
        assert said in shown, shown[:3000]
    shown = " ".join(text_of((tmp_path / "reports" / "en" / "agreement.html").read_text("utf-8")).split())
    first = b_doc["findings"][0]["finding_id"].rsplit("-", 1)[1]
    assert f"— rejected here: B {first} (a decision against this code" in shown  # not "nothing coded"
    many = text_of((site[0] / "reports" / "en" / "agreement.html").read_text(encoding="utf-8"))
    assert "No intervals" not in many  # a second coding of several studies has its intervals


def test_a_second_coding_b_has_just_started_renders_and_says_so(tmp_path):
    """Right after `second-coding` (every study of B a draft) the render failed, the agreement report and
    the methods appendix alike ("no study in common", naming B/studies, a folder that is not there); both
    now render and say that B has finished none yet and how to see what each study needs."""
    shutil.copytree(DATA_DIR, tmp_path / "data")
    studies = sorted(p.stem for p in (DATA_DIR / "studies").glob("*.yaml"))[:2]
    done = invoke_studykit(
        "second-coding", "--data", tmp_path / "data", "--out", tmp_path / "coder-b", *studies
    )
    assert done.returncode == 0, done.stderr
    manifest = {"languages": ["en", "id"], "second_coding": "coder-b", "notebooks": str(NOTEBOOKS_DIR)}
    manifest["reports"] = [{"notebook": "9-methods", "title": "methods.title", "output": "methods"}]
    (tmp_path / "reports.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    args = ["--manifest", "reports.yaml", "--data", "data", "--out", "reports"]
    done = studykit("render", *args, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    for lang, said in (
        ("en", "coder B has finished none of this corpus's studies yet: 2 studies are still a draft there"),
        ("id", "pengode B belum menyelesaikan satu pun studi korpus ini: 2 studi masih draf di sana"),
    ):
        for report in ("agreement", "methods"):
            shown = " ".join(
                text_of((tmp_path / "reports" / lang / f"{report}.html").read_text("utf-8")).split()
            )
            assert said in shown and "studykit validate --data coder-b" in shown, (report, shown[:2000])
