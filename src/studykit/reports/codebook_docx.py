"""The codebook as a Word document (``studykit export --codebook --out FILE.docx``), for a thesis appendix or
a review protocol.

The same content as the codebook report (``8-codebook``), from the same functions
(:mod:`studykit.analysis.codebook`): the finding types, then one Word section per
theme (starting on a new page) with its label, definition, coding rules, cue words,
crosswalk, its counts by finding type and by study, one anchor quote per study, and the analysts'
memos on the theme (byline and Markdown source, as the report's plain text has them).
Text from data goes in as text (Word has no markup to inject). The document's
dates are fixed, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION

from ..analysis import codebook as cb
from ..analysis import compare
from ..corpus.codebook import FINDING_TYPE_INFO
from ..corpus.load import Corpus
from ..corpus.readable import readable
from ..corpus.schema import FINDING_TYPES
from ..files import write_atomic, zip_entry
from . import i18n
from .codebook_history import change_lines

FIXED_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)  # reproducible core properties
MAX_STUDIES = 200  # rows of a theme's study table in Word; the rest are counted


def _table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=False):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=False):
            cell.text = str(text)
    return table


def _label(corpus: Corpus, theme_id: str, lang: str) -> str:
    return f"{theme_id} {i18n.label(corpus.themes, 'theme_id', theme_id, lang)}"


def build(corpus: Corpus, lang: str = "en"):
    """The codebook as a python-docx Document in ``lang``."""
    t = lambda key, **v: i18n.t(key, lang, **v)  # noqa: E731
    type_names = [t(f"type.{x}") for x in FINDING_TYPES]
    counts = cb.counts_by_type(corpus.findings, corpus.theme_ids)
    labels = dict(
        zip(corpus.studies["study_id"], corpus.studies[i18n.STUDY_LABEL[lang]].astype(str), strict=False)
    )
    n = len(corpus.studies)
    document = docx.Document()
    document.core_properties.title = t("codebook.title")
    document.core_properties.author = "studykit"
    document.core_properties.created = document.core_properties.modified = FIXED_DATE
    document.core_properties.last_printed = FIXED_DATE
    document.core_properties.revision = 1
    document.add_heading(t("codebook.title"), level=0)
    document.add_paragraph(
        t(
            "codebook.intro",
            n_themes=len(corpus.themes),
            n_studies=n,
            n_findings=len(compare.distinct_findings(corpus.findings)),
        )
    )
    history = change_lines(corpus, lang)
    if history:  # how the codebook changed while coding, as report 8 lists it
        document.add_paragraph(t("codebook.changes").replace("`", ""))
        for line in history:
            document.add_paragraph(line, style="List Bullet")
    document.add_heading(t("codebook.types"), level=1)
    _table(
        document,
        [t("col.finding_type"), t("col.definition_type")],
        [
            [name, getattr(FINDING_TYPE_INFO[x], f"definition_{lang}")]
            for x, name in zip(FINDING_TYPES, type_names, strict=False)
        ],
    )
    for _, theme in corpus.themes.iterrows():
        tid = theme["theme_id"]
        document.add_section(WD_SECTION.NEW_PAGE)
        document.add_heading(_label(corpus, tid, lang), level=1)
        rules = {
            kind: theme.get(f"{kind}_{lang}") if isinstance(theme.get(f"{kind}_{lang}"), str) else None
            for kind in ("include", "exclude")
        }
        variables = cb.mapped_variables(corpus.crosswalk, tid)
        mapped = "; ".join(
            f"{v} {i18n.label(corpus.frameworks, 'variable_id', v, lang)} ({t(f'codebook.strength.{s}')})"
            for v, s in zip(variables["variable_id"], variables["strength"], strict=False)
        ) or t("codebook.no_variables")
        for key, value in (
            ("codebook.definition", theme[f"definition_{lang}"]),
            ("codebook.include", rules["include"] or t("codebook.rule_missing")),
            ("codebook.exclude", rules["exclude"] or t("codebook.rule_missing")),
            ("codebook.cue_words", ", ".join(theme["cue_words"])),
            ("codebook.variables", mapped),
        ):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{t(key)}: ").bold = True
            paragraph.add_run(str(value))
        row = counts.loc[tid]
        document.add_paragraph(t("codebook.overview_caption", n_studies=n))
        _table(
            document,
            [*type_names, t("col.total"), t("col.n_reporting")],
            [
                [
                    *(str(int(row[x])) for x in FINDING_TYPES),
                    str(int(row["total"])),
                    f"{int(row['n_studies'])} / {n}",
                ]
            ],
        )
        if not row["total"]:
            document.add_paragraph(t("codebook.not_reported"))
        else:
            _studies(document, corpus, tid, labels, type_names, lang)
        _memos(document, corpus, tid, lang)
    return document


def _memos(document, corpus: Corpus, theme_id: str, lang: str) -> None:
    """The memos on a theme, in index order: a bold byline, then the memo's Markdown as written."""
    memos = corpus.memos[(corpus.memos["level"] == "theme") & (corpus.memos["target"] == theme_id)]
    for memo in memos.itertuples():
        language = (
            i18n.t(f"memo.language.{memo.language}", lang)
            if memo.language in ("en", "id")
            else i18n.t("memo.language_none", lang)
        )
        byline = i18n.t("memo.byline", lang, author=memo.author, date=memo.date, language=language)
        document.add_paragraph().add_run(byline).bold = True
        for part in str(memo.text).split("\n\n"):
            document.add_paragraph(part)


def _studies(document, corpus: Corpus, tid: str, labels: dict, type_names: list[str], lang: str) -> None:
    """A reported theme's table of studies: counts by finding type and an anchor quote each."""
    t = lambda key, **v: i18n.t(key, lang, **v)  # noqa: E731
    by_study = cb.counts_by_study(corpus.findings, tid, corpus.study_ids)
    anchors = cb.anchor_quotes(corpus.findings, tid)
    listed = by_study.head(MAX_STUDIES)
    document.add_paragraph(t("codebook.studies_caption", theme=_label(corpus, tid, lang)))
    _table(
        document,
        [t("col.study"), *type_names, t("col.total"), t("col.anchor_quote"), t("col.finding_id")],
        [
            [
                labels[s],
                *(str(int(listed.at[s, x])) for x in FINDING_TYPES),
                str(int(listed.at[s, "total"])),
                readable(anchors.at[s, "quote"]),
                anchors.at[s, "finding_id"],
            ]
            for s in listed.index
        ],
    )
    if len(by_study) > len(listed):
        document.add_paragraph(t("codebook.studies_more", shown=len(listed), total=len(by_study)))


def _fixed_zip(data: bytes) -> bytes:
    """The .docx package with every member's time fixed (python-docx stamps them with the current time)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(zip_entry(info.filename), source.read(info))
    return out.getvalue()


def write_codebook(corpus: Corpus, path: Path, lang: str = "en") -> Path:
    """Write the Word codebook to ``path`` atomically (all or nothing); the same data gives the same bytes."""
    buffer = io.BytesIO()
    build(corpus, lang).save(buffer)
    write_atomic(path, _fixed_zip(buffer.getvalue()))
    return path
