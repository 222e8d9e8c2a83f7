"""Reports (issue 19, cases 5, 6 and 12): text from the data reaches the page and the figures as text,
nothing from it is fetched, linked or executed, and a render killed or interrupted takes all its children and
its temp folder with it."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import yaml
from helpers import open_page, run_studykit, visit

from studykit.paths import PROJECT_ROOT

STUDY = "jambi-bantar"
PROGRAMME = (
    "[x](javascript:alert(1)) ![b](http://127.0.0.1:9/b.png) <http://127.0.0.1:9/c> http://127.0.0.1:9/d"
)
LABEL_ID = "Jambi $x^$ Bantar\n# injected heading"
LABEL = "Jambi ![e](http://127.0.0.1:9/e.png) *Bantar* $\\frac{1}{0}$"
XSS = "tangerang-xss"  # a study added whose label and quote carry HTML
PAYLOAD_LABEL = "<script>window.__xss = 1</script> Kota Tangerang & Sekitarnya"
PAYLOAD_QUOTE = (
    '<img src=x onerror="window.__xss = 2"> partisipasi masyarakat & kader Désa Cikupa belum optimal'
)


def _manifest(path: Path, languages: str, reports: str) -> Path:
    path.write_text(f"notebooks: {PROJECT_ROOT / 'notebooks'}\nlanguages: {languages}\nreports:\n{reports}")
    return path


def _add_xss_study(data: Path) -> None:
    """A study whose names, summary and quote carry markup (<script>, <img onerror>, <b>)."""
    source = f"ABSTRAK\n\nPenelitian di {PAYLOAD_LABEL}.\tHasil: {PAYLOAD_QUOTE}.\n"
    (data / f"sources/{XSS}.txt").write_text(source, encoding="utf-8")
    study = yaml.safe_load((PROJECT_ROOT / f"data/studies/{STUDY}.yaml").read_text(encoding="utf-8"))
    study.update(
        study_id=XSS,
        label=PAYLOAD_LABEL,
        label_id=PAYLOAD_LABEL,
        city_as_written=PAYLOAD_LABEL,
        note=None,
        implementation_outcome={"rating": "not_stated"},
    )
    study["source"].update(
        file=f"sources/{XSS}.txt", sha256=hashlib.sha256(source.encode()).hexdigest(), seed_file=None
    )
    finding = dict(
        study["findings"][2],
        finding_id=f"{XSS}-01",
        quote=PAYLOAD_QUOTE,
        summary_en="Participation <b>&</b> cadres",
        restates=None,
    )
    study["findings"] = [finding]
    (data / f"studies/{XSS}.yaml").write_text(
        yaml.safe_dump(study, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    """One render (both languages) of a corpus whose names carry Markdown, URLs and math (jambi-bantar's
    profile, the cross-case report) and with a study whose label and quote carry HTML (its profile and
    explore reports)."""
    root = tmp_path_factory.mktemp("payload")
    data = root / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    path = data / "studies" / f"{STUDY}.yaml"
    text = path.read_text(encoding="utf-8")
    for key, value in (("programme_name", PROGRAMME), ("label_id", LABEL_ID), ("label", LABEL)):
        text = re.sub(rf"(?m)^{key}: .*$", lambda _, k=key, v=value: f"{k}: {_quoted(v)}", text, count=1)
    path.write_text(text, encoding="utf-8")
    _add_xss_study(data)
    manifest = _manifest(
        root / "reports.yaml",
        "[en, id]",
        f"  - {{notebook: 1-study-profile, title: profile.title, parameters: {{study_id: {STUDY}}}, "
        "output: profile}\n"
        "  - {notebook: 2-cross-case, title: cross.title, output: cross-case}\n"
        f"  - {{notebook: 1-study-profile, title: profile.title, parameters: {{study_id: {XSS}}}, "
        "output: xss-profile}\n"
        f"  - {{notebook: 5-explore, title: explore.title, parameters: {{study_id: {XSS}}}, "
        "output: xss-explore}\n",
    )
    out = root / "reports"
    result = run_studykit("render", "--force", "--data", data, "--out", out, "--manifest", manifest, cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def test_markdown_urls_and_headings_from_the_data_stay_text(payload_site):
    pages = sorted(payload_site.glob("*/*.html"))
    assert len(pages) == 8  # four reports in two languages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*(?:javascript:|https?:)""", html, re.I), page
        assert not re.search(r"<h[1-6][^>]*>\s*injected heading", html), page
        sources = re.findall(r"<img\b[^>]*?\ssrc=\"([^\"]*)\"", html)
        assert len(sources) == html.count("<img") and all(
            src.startswith("data:image/png;base64,") for src in sources
        )
    profile = (payload_site / "en/profile.html").read_text(encoding="utf-8")
    assert (
        "[x](javascript:alert(1))" in profile and "![b](http://127.0.0.1:9/b.png)" in profile
    )  # shown as text
    profile_id = (payload_site / "id/profile.html").read_text(encoding="utf-8")
    assert (
        "Jambi $x^$ Bantar # injected heading" in profile_id
    )  # the Indonesian label, figures and all, as text


def test_markup_in_data_is_shown_as_text_and_never_executed(payload_site, browser):
    highlighted = {}
    page, events = open_page(browser, payload_site / "index.html")
    for name in ("en/xss-profile.html", "en/xss-explore.html", "index.html"):
        visit(page, events, payload_site / name)  # a new document: window.__xss starts unset
        text = page.inner_text("body")
        injected = page.evaluate(
            "[window.__xss, document.querySelectorAll('img[src=\"x\"]').length, "
            "document.querySelectorAll('b').length]"
        )
        highlighted[name] = page.evaluate(
            "Array.from(document.querySelectorAll('.sk-source-text mark')).map(m => m.textContent).join('')"
        )
        assert events["dialogs"] == [] and injected == [None, 0, 0], (name, injected)
        assert "<script>window.__xss = 1</script> Kota Tangerang & Sekitarnya" in text, name
        if name != "index.html":
            assert 'onerror="window.__xss = 2"> partisipasi masyarakat & kader Désa Cikupa' in text, name
    page.close()
    assert (
        highlighted["en/xss-profile.html"] == PAYLOAD_QUOTE
    )  # the profile's source text: the hostile quote highlighted, as text


def test_no_report_requests_anything_but_its_own_files(payload_site, browser):
    own = payload_site.resolve().as_uri()
    page = browser.new_page()  # one page for every file (helpers.visit)
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for page_path in sorted(payload_site.glob("*/*.html")) + [payload_site / "index.html"]:
        requests.clear()
        dialogs.clear()
        page.goto(page_path.as_uri(), wait_until="load")
        hrefs = page.evaluate(
            "Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"
        )
        for href in hrefs:  # following a link from the data must not run or fetch anything
            assert not href.lower().startswith(("javascript:", "http:", "https:")), (page_path.name, href)
        outside = [u for u in requests if not (u.startswith(own) or u.startswith("data:"))]
        assert outside == [] and dialogs == [], (page_path.name, outside, dialogs)
    page.close()


# --- a render killed or interrupted
# ---------------------------------------------------------------------------


def _marked(mark: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"HOSTILE_MARK={mark}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _kernels(mark: str, render: int) -> list[int]:
    """The render's report kernels: its marked processes, other than the render, that lead a session of their
    own (a forked kernel calls setsid(), a fresh one is started in a new session).

    Not a count of marked processes: the render's workers, its fork server and whatever short-lived child they
    run stay in the render's session, and the fork server runs one while it imports (debugpy's import calls
    platform.platform(), which runs `uname -p`). Counting "render, two workers, fork server and one more"
    took that child for a kernel; the next count, a moment later, found 4 and the test failed with "the render
    never started its kernels" (`4 >= 5`) while the render was fine, now and then on a loaded machine."""
    kernels = []
    for pid in _marked(mark):
        try:
            session = int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[3])
        except (OSError, IndexError, ValueError):
            continue
        if pid != render and session == pid:
            kernels.append(pid)
    return kernels


def _temp_dirs(owner: int) -> list[Path]:
    out = []
    for path in Path(tempfile.gettempdir()).glob("studykit-render-*"):
        try:
            if (path / ".owner-pid").read_text() == str(owner):
                out.append(path)
        except OSError:
            continue
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_killed_render_leaves_no_process_and_no_temp_folder(tmp_path, how):
    manifest = _manifest(
        tmp_path / "reports.yaml",
        "[en, id]",
        "  - {notebook: 4-evidence-profile, title: evidence.title, output: evidence}\n"
        "  - {notebook: 5-explore, title: explore.title, output: explore}\n",
    )
    mark = uuid.uuid4().hex
    render = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studykit",
            "render",
            "--force",
            "--jobs",
            "2",
            "--out",
            str(tmp_path / "r"),
            "--manifest",
            str(manifest),
        ],
        cwd=tmp_path,
        env={**os.environ, "HOSTILE_MARK": mark},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline, kernels = time.monotonic() + 90, []
    while time.monotonic() < deadline and not kernels and render.poll() is None:
        time.sleep(0.2)
        kernels = _kernels(mark, render.pid)  # its workers and fork server exist before any kernel
    assert render.poll() is None and kernels, "the render never started its kernels"
    assert _temp_dirs(render.pid)
    if how == signal.SIGINT:
        os.killpg(render.pid, signal.SIGINT)  # Ctrl-C reaches the terminal's whole process group
    else:
        render.send_signal(how)
    _, stderr = render.communicate(timeout=60)
    deadline = time.monotonic() + 90  # generous: on a loaded machine dying children take their time
    while time.monotonic() < deadline and (_marked(mark) or _temp_dirs(render.pid)):
        time.sleep(0.2)
    assert _marked(mark) == [], "children outlived the render"
    assert _temp_dirs(render.pid) == [], "the render's temp folder is left behind"
    if how != signal.SIGKILL:
        assert render.returncode == 128 + how, stderr
        lines = stderr.strip().splitlines()
        assert "Traceback" not in stderr and lines[-1].startswith("studykit: "), stderr
        assert all(line.startswith("[") for line in lines[:-1]), (
            stderr
        )  # else only progress lines of finished reports
