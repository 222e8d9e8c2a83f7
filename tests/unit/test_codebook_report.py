"""One home for the codebook: every reader gets the same themes, types and frameworks;
a broken file is a problem with file and line."""

from __future__ import annotations

import pytest

from studykit.coding import suggest
from studykit.coding.refi import codebook as refi_codebook
from studykit.corpus import ProblemsError
from studykit.corpus.codebook import FINDING_TYPE_INFO, read_codebook, read_frameworks, read_themes
from studykit.corpus.problems import CorpusError
from studykit.corpus.readers import parse_yaml
from studykit.corpus.schema import FINDING_TYPES
from studykit.reports import i18n


def test_the_codebook_is_what_the_files_say(corpus):
    codebook = read_codebook(corpus.data_dir)
    raw = parse_yaml((corpus.data_dir / "codebook/themes.yaml").read_text(encoding="utf-8"), "themes.yaml")
    assert codebook.theme_ids == [t["theme_id"] for t in raw["themes"]] == corpus.theme_ids
    assert codebook.framework_ids == corpus.framework_ids
    assert codebook.variable_ids == corpus.variable_ids
    assert len(codebook.crosswalk) == len(corpus.crosswalk)
    assert [t.theme_id for t in read_themes(corpus.data_dir)] == codebook.theme_ids
    assert [f.framework_id for f in read_frameworks(corpus.data_dir)] == codebook.framework_ids


def test_every_finding_type_is_defined_once_and_every_reader_uses_it():
    assert tuple(FINDING_TYPE_INFO) == FINDING_TYPES
    for finding_type, info in FINDING_TYPE_INFO.items():
        assert i18n.t(f"type.{finding_type}", "en") == info.label_en
        assert i18n.t(f"type.{finding_type}", "id") == info.label_id
        assert refi_codebook.TYPE_NAMES_ID[finding_type] == info.label_id
        assert refi_codebook.TYPE_DEFINITIONS[finding_type] == (info.definition_en, info.definition_id)
        assert refi_codebook.TYPE_COLORS[finding_type] == info.colour
        assert info.word_id == info.label_id.split()[-1].lower()


def test_suggestions_take_their_cue_words_from_the_codebook(corpus):
    cues = suggest.codebook_cues(corpus.data_dir)
    assert list(cues) == corpus.theme_ids
    assert all(cues[t.theme_id] == list(t.cue_words) for t in read_themes(corpus.data_dir))


def test_a_broken_codebook_is_one_error_type_with_file_and_line(data_copy):
    with (data_copy / "codebook/crosswalk.csv").open("a", encoding="utf-8") as fh:
        fh.write("T99,VMVH,VMVH-V1,direct,\n")
    with pytest.raises(CorpusError) as caught:
        read_codebook(data_copy)
    assert isinstance(caught.value, ProblemsError)
    (problem,) = [p for p in caught.value.problems if "T99" in p.message]
    assert problem.file == "data/codebook/crosswalk.csv" and problem.line and problem.field == "theme_id"


def test_a_theme_file_edited_between_two_reads_is_read_again(data_copy):
    path = data_copy / "codebook/themes.yaml"
    first = read_themes(data_copy)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "label_en: Communication & socialisation", "label_en: Communication"
        ),
        encoding="utf-8",
    )
    assert read_themes(data_copy)[0].label_en == "Communication" != first[0].label_en


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_codebook_and_methods_reports_say_which_themes_were_merged_and_how_many_were_added(
    data_copy, lang
):
    """A codebook changed while coding (a theme merged into another) is what reports 8 and 9 state, and the
    methods appendix counts the themes by origin instead of calling every theme defined before coding."""
    import dataclasses
    import html

    from helpers.codebooks import merge_theme

    from studykit import load_corpus
    from studykit.reports.report import Report
    from studykit.reports.views import codebook, methods

    def frame_text(report):
        return " ".join(item.data for item in methods.coding_frame(report) if isinstance(item.data, str))

    plain = Report("9-methods", load_corpus(data_copy), {"lang": lang})
    assert codebook.changes(plain) == "" and "→" not in frame_text(plain)
    merge_theme(data_copy, "T05", "T04")
    corpus = load_corpus(data_copy)
    report = Report("9-methods", corpus, {"lang": lang})
    said = codebook.changes(report)
    assert "T05 → T04" in said and html.escape(report.theme("T04")) in said  # escaped, as every value
    assert said in codebook.title(Report("8-codebook", corpus, {"lang": lang})).data
    extension = int(corpus.themes["origin"].eq("extension").sum())
    assert said in frame_text(report) and f" {extension} " in frame_text(report)
    # the corpus read once is the authority: the report does not read themes.yaml a second time
    assert corpus.merged == {"T05": "T04"}
    unmerged = dataclasses.replace(corpus, changes=())
    assert codebook.changes(Report("9-methods", unmerged, {"lang": lang})) == ""


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_codebook_report_gives_the_codebook_s_history_dated_with_why(data_copy, lang):
    """Every theme added while coding (an emergent one named so), merge, split and retirement is listed in
    date order (undated last) with the themes that took over, its date and the team's note, in reports 8
    and 9, in the report's language."""
    import html

    import yaml
    from helpers.codebooks import add_theme, merge_theme, retire_theme

    from studykit import load_corpus
    from studykit.reports.report import Report
    from studykit.reports.views import codebook, methods

    add_theme(
        data_copy, "T17", ["aplikasi"], label="Information systems", origin="emergent", added="2026-11-02"
    )
    merge_theme(data_copy, "T05", "T04")  # undated
    for study in (data_copy / "studies").glob("*.yaml"):
        text = study.read_text(encoding="utf-8")
        study.write_text(text.replace("theme_id: T10", "theme_id: T17"), encoding="utf-8")
    retire_theme(data_copy, "T10", split_into=("T17", "T09"), date="2026-11-02")
    retire_theme(data_copy, "T13", date="2026-10-01")
    for study in (data_copy / "studies").glob("*.yaml"):
        text = study.read_text(encoding="utf-8")
        study.write_text(text.replace("theme_id: T13", "theme_id: T02"), encoding="utf-8")
    crosswalk = data_copy / "codebook/crosswalk.csv"
    text = crosswalk.read_text(encoding="utf-8").replace("T17,MS,,none,", "T17,MS,MS-D5,partial,")
    crosswalk.write_text(text, encoding="utf-8")
    cerqual = data_copy / "synthesis/cerqual.yaml"
    data = yaml.safe_load(cerqual.read_text(encoding="utf-8"))
    data["judgements"] = [j for j in data["judgements"] if not j["review_finding_id"].startswith("T13-")]
    cerqual.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    corpus = load_corpus(data_copy)
    said = codebook.changes(Report("8-codebook", corpus, {"lang": lang}))
    lines = [line for line in said.splitlines() if line.startswith("- ")]
    word = {
        "en": ("retired", "split", "merged", "date not stated"),
        "id": ("dipensiunkan", "dipecah", "digabung", "tanggal tidak"),
    }[lang]
    assert lines[0].startswith("- T13:") and word[0] in lines[0] and "2026-10-01" in lines[0]
    emergent = {"en": "emergent: found in the data while coding", "id": "emergen: ditemukan dari data"}[lang]
    assert (
        lines[1].startswith({"en": "- T17 Information systems:", "id": "- T17 Tema baru T17:"}[lang])
        and emergent in lines[1]
        and "2026-11-02" in lines[1]
    )
    assert "Added by the team" in lines[1] and len(lines) == 4
    assert lines[2].startswith("- T10 → T17 ") and "; T09 " in lines[2] and word[1] in lines[2]
    assert lines[3].startswith("- T05 → T04 ") and word[2] in lines[3] and word[3] in lines[3]
    assert "merged by the team" in lines[3] and "retired by the team" in lines[0]
    # the methods appendix counts an emergent theme among those added beyond the frameworks
    frame = " ".join(
        i.data
        for i in methods.coding_frame(Report("9-methods", corpus, {"lang": lang}))
        if isinstance(i.data, str)
    )
    beyond = int(corpus.themes["origin"].ne("framework").sum())
    added = {"en": "1 added beyond them", "id": "1 ditambahkan di luarnya"}[lang]
    assert beyond == 1 and said in frame and added in frame  # T13, the extension, retired; T17 emergent
    assert said in codebook.title(Report("8-codebook", corpus, {"lang": lang})).data
    # the Word codebook lists the same lines, as plain text
    from studykit.reports.codebook_docx import build

    paragraphs = [p.text for p in build(corpus, lang).paragraphs]
    assert [html.unescape(line[2:]) for line in lines] == [
        p for p in paragraphs if p.startswith("T1") or p.startswith("T0")
    ][:4]
