"""What a report notebook holds on to: the validated parameters, the corpus, and bilingual display helpers.

A notebook's first cell after ``parameters`` is ``r = studykit.reports.start(...)``:
it validates the parameters (stopping the notebook with a message naming the
parameter and its allowed values), loads the corpus and sets the figure style.
Every later cell asks a view function for one table, figure or paragraph.
Values from data are HTML-escaped before they reach Markdown or a table
(:class:`~.table.Table`, whose cells are text unless a view built them as a
trusted link or fragment).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import pandas as pd
from IPython.display import Markdown

from ..corpus.load import Corpus, load_corpus
from ..corpus.readable import readable_value
from . import i18n, links, plots, reads
from .params import validate_parameters
from .plots import Figure
from .table import Table

COLUMN_PREFIX = "col."
# the columns of report tables that hold a quote of a source: shown as readers read them (readable_value)
QUOTE_COLUMNS = ("quote", "quote_en", "anchor_quote", "verdict")


class Text(Markdown):
    """Markdown whose plain-text form is the text itself, so nbval compares the words and numbers, not
    '<Markdown object>'."""

    def __repr__(self) -> str:
        return self.data


class Block(list):
    """Several display objects shown in order as one cell output."""

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for item in self:
            display(item)


T = TypeVar("T")


@dataclass
class Report:
    """One report being built in a notebook: its corpus, checked parameters and language, and the helpers
    views use."""

    notebook: str
    corpus: Corpus
    params: dict[str, Any]
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, once per report: what several sections derive from the same data (its grouping, its
        kept themes)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def lang(self) -> str:
        return self.params["lang"]

    def t(self, key: str, **values: Any) -> str:
        """A message in the report's language (values inserted as plain text, numbers as the language writes
        them: :func:`~.i18n.number`)."""
        return i18n.t(key, self.lang, **i18n.numbers_in(values, self.lang))

    def md(self, key: str, level: int = 0, **values: Any) -> Text:
        """A message as Markdown, data values HTML-escaped; ``level`` > 0 makes it a heading."""
        safe = {k: escape(v) for k, v in i18n.numbers_in(values, self.lang).items()}
        text = i18n.t(key, self.lang, **safe)
        return Text(("#" * level + " " if level else "") + text)

    def heading(self, key: str) -> Text:
        """The report's title (level-1 heading): the message ``key`` filled for this variant's parameters
        (:mod:`.titles`, which the site index uses too)."""
        from . import titles

        names = self.memo("titles.names", lambda: titles.Names.of_corpus(self.corpus))
        text = titles.title(key, self.notebook, self.params, self.lang, names)
        return Text("# " + escape(text))

    # --- labels from the codebook ------------------------------------------------
    def theme(self, theme_id: str, short: bool = False) -> str:
        return i18n.label(self.corpus.themes, "theme_id", theme_id, self.lang, "short" if short else "label")

    def variable(self, variable_id: str) -> str:
        return i18n.label(self.corpus.frameworks, "variable_id", variable_id, self.lang)

    def study(self, study_id: str) -> str:
        """The study's label in the report's language."""
        return self._study_labels[study_id]

    @cached_property
    def _study_labels(self) -> dict[str, str]:
        studies = self.corpus.studies
        return dict(zip(studies["study_id"], studies[i18n.STUDY_LABEL[self.lang]].astype(str), strict=False))

    def finding_type(self, finding_type: str) -> str:
        return self.t(f"type.{finding_type}")

    def a_finding_type(self, finding_type: str) -> str:
        """The type's name in running text: "an enabler", "a barrier"; Indonesian has no article ("faktor
        pendukung"). Messages write ``{type}`` for it, never "a {type}" ("a enabler")."""
        word = self.finding_type(finding_type).lower()
        return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}" if self.lang == "en" else word

    def framework_name(self, framework_id: str) -> str:
        fw = self.corpus.frameworks
        return str(fw.loc[fw["framework_id"] == framework_id, "framework_name"].iloc[0])

    # --- display -------------------------------------------------------------------
    def table(
        self,
        df: pd.DataFrame,
        caption_key: str | None = None,
        *,
        index: bool = False,
        sortable: bool = True,
        filterable: bool = False,
        numeric: Iterable[str] = (),
        anchor: str | None = None,
        hrefs: pd.DataFrame | None = None,
        precision: int | None = None,
        **values: Any,
    ) -> Table:
        """A report table (:class:`~.table.Table`): headers translated (``col.<name>`` messages), cells
        escaped, caption from the catalogue; sortable unless ``sortable`` is false; floats to ``precision``
        decimals where it is given. The quotes (:data:`QUOTE_COLUMNS`) are shown as readers read them: a
        word hyphenated at a line end of the source whole (:func:`~studykit.corpus.readable.readable`)."""

        def header(c):
            return self.t(COLUMN_PREFIX + c) if (COLUMN_PREFIX + c) in i18n.catalogue() else c

        quoted = [c for c in QUOTE_COLUMNS if c in df.columns]
        shown = df.assign(**{c: df[c].map(readable_value) for c in quoted}) if quoted else df
        shown = shown.rename(columns=header)
        if shown.index.name and (COLUMN_PREFIX + shown.index.name) in i18n.catalogue():
            shown.index.name = header(shown.index.name)
        return Table(
            shown,
            caption=self.t(caption_key, **values) if caption_key else None,
            index=index,
            sortable=sortable,
            filterable=filterable,
            filter_label=self.t("table.filter"),
            anchor=anchor,
            numeric=[header(c) for c in numeric],
            hrefs=hrefs.rename(columns=header) if hrefs is not None else None,
            precision=precision,
            lang=self.lang,
        )

    def figure(
        self, fig, data: pd.DataFrame, alt_key: str, caption_key: str, *, labels=None, **values: Any
    ) -> Figure:
        """A figure with alt text and a caption stating what is counted (``labels``: the cells' text)."""
        return Figure(
            plots.to_png(fig), data, self.t(alt_key, **values), self.t(caption_key, **values), labels
        )

    def bars(self, counts: pd.Series) -> str:
        """A bar chart's bars as its alt text says them: "Barrier 3; Enabler 2" (what the figure shows, for a
        reader who cannot see it; the numbers as the report's readers write them)."""
        return "; ".join(f"{label} {self.number(n)}" for label, n in counts.items())

    def number(self, value: Any, decimals: int | None = None) -> str:
        """``value`` as the report's readers write numbers (:func:`~.i18n.number`)."""
        return i18n.number(value, self.lang, decimals)

    def caption(self, figure: Figure) -> Text:
        return Text(f"*{escape(figure.caption)}*")


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")  # line breaks and controls: a data value is one line
_MARKUP = re.compile(r"[\\`*_\[\]!#|$]|~~|://")  # what Markdown, its extensions or mathematics read as syntax
_LINE_START = re.compile(r"^(?=[-+=])")  # a list item or underline, should a value ever start a line


def escape(value: Any) -> str:
    """A data value as literal text in Markdown (and so in HTML): the one escaping path of report text.

    Quotes, names and labels come from data, and everything from data must reach the
    page as text: HTML is entity-escaped; Markdown syntax (links, images, emphasis,
    code, headings, tables, mathematics, bare URLs) is backslash-escaped; line breaks
    become spaces, so a value can never start a heading or a list of its own.
    """
    text = html.escape(_CONTROL.sub(" ", str(value)), quote=False)
    text = _MARKUP.sub(lambda m: "\\" + m.group(0), text)
    return _LINE_START.sub(lambda _: "\\", text, count=1)


def start(notebook: str, data_dir: str | None = None, **values: Any) -> Report:
    """Validate the parameters, load the corpus and set the figure style; the first call of every report
    notebook. The report sees the part of the corpus it reads (:func:`.reads.visible`)."""
    corpus = load_corpus(data_dir)
    params = validate_parameters(notebook, corpus, values)
    links.open_in_lab(params["lang"])  # in JupyterLab, links lead to the rendered reports
    pd.set_option("display.max_colwidth", None)
    return Report(notebook, reads.visible(corpus, notebook, params), params)
