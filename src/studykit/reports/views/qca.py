"""Crisp-set QCA of the corpus: case table, truth table, solutions with fit, necessity.

The numbers come from :mod:`studykit.analysis.qca` (exact to the R package ``QCA``); this
module only picks the corpus table (:mod:`studykit.analysis.cases`), labels and lays out.
"""

from __future__ import annotations

import pandas as pd

from ...analysis import qca
from ...analysis.cases import CaseTable, case_table
from ..report import Report, Text
from .common import abstract_caveat, study_labels

KINDS = ("conservative", "parsimonious")


def cases(r: Report) -> CaseTable:
    """The corpus as a crisp case table for the report's conditions and outcome (cheap: rebuilt per
    section)."""
    return case_table(r.corpus.findings, r.corpus.studies, list(r.params["conditions"]), r.params["outcome"])


def _truth_table(r: Report):
    t = cases(r)
    return qca.truth_table(
        t.data, t.outcome, list(t.conditions), case_column="case", incl_cut=r.params["incl_cut"]
    )


def _condition_label(r: Report, condition_id: str) -> str:
    theme_id, _, finding_type = condition_id.partition("-")
    return f"{r.theme(theme_id)} ({r.finding_type(finding_type).lower()})"


def title(r: Report) -> Text:
    t = cases(r)
    n_all = len(r.corpus.studies)
    parts = [
        r.heading("qca.title").data,
        r.md("qca.intro", outcome=r.t(f"qca.outcome.{r.params['outcome']}")).data,
        r.md(
            "qca.limits",
            n_cases=len(t.data),
            n_studies=n_all,
            n_conditions=len(t.conditions),
            observed=t.n_configurations_observed,
            possible=t.n_configurations_possible,
        ).data,
        *abstract_caveat(r),
    ]
    if t.excluded:
        parts.append(r.md("qca.excluded", n=len(t.excluded), studies=study_labels(r, t.excluded)).data)
    return Text("\n\n".join(parts))


def conditions_table(r: Report):
    t = cases(r)
    rows = [
        {
            "qca_name": name,
            "condition": _condition_label(r, cid),
            "share": r.t("qca.k_of_n", k=int(t.data[name].sum()), n=len(t.data)),
        }
        for name, cid in t.conditions.items()
    ]
    rows.append(
        {
            "qca_name": t.outcome,
            "condition": r.t(f"qca.outcome.{r.params['outcome']}"),
            "share": r.t("qca.k_of_n", k=int(t.data[t.outcome].sum()), n=len(t.data)),
        }
    )
    return r.table(pd.DataFrame(rows), "qca.conditions_caption", precision=2)


def case_data_table(r: Report):
    t = cases(r)
    shown = t.data.assign(case=[r.study(s) for s in t.data["case"]]).rename(columns={"case": "study"})
    return r.table(shown, "qca.cases_caption", precision=2)


def truth_table(r: Report):
    tt = _truth_table(r)
    rows = tt.rows_with("1", "0", "C")
    if not rows:
        return r.md("qca.no_cases")
    table = pd.DataFrame(
        [
            {
                "row": row.row,
                **dict(zip(tt.conditions, row.config, strict=False)),
                "OUT": row.OUT,
                "n": row.n,
                "incl": round(row.incl, 3),
                "PRI": round(row.PRI, 3),
                "studies": study_labels(r, row.cases),
            }
            for row in rows
        ]
    )
    return r.table(table, "qca.truth_table_caption", precision=2, incl_cut=r.params["incl_cut"])


def solutions(r: Report) -> list:
    """Conservative and parsimonious solutions, each model with its terms' fit and the cases each term
    covers."""
    tt = _truth_table(r)
    if not tt.rows_with("1"):
        return [r.md("qca.no_positive", incl_cut=r.params["incl_cut"])]
    out = []
    for kind in KINDS:
        out.append(r.md(f"qca.solution.{kind}", level=3))
        try:
            result = qca.minimize(tt, solution=kind)
        except qca.QCALimitError as exc:
            out.append(r.md("qca.limit", message=str(exc)))
            continue
        except qca.QCAError:
            # every configuration is positive or a remainder: no observed case lacks the outcome,
            # so the only "solution" is the tautology; R's minimize() refuses it the same way
            out.append(r.md("qca.no_negative"))
            continue
        for model in result.models:
            fit = model.solution_fit
            out.append(
                r.md(
                    "qca.model",
                    expression=model.expression,
                    outcome=tt.outcome,
                    inclS=_num(r, fit["inclS"]),
                    PRI=_num(r, fit["PRI"]),
                    covS=_num(r, fit["covS"]),
                )
            )
            out.append(
                r.table(
                    pd.DataFrame(
                        [
                            {
                                "term": f["term"],
                                "inclS": _num(r, f["inclS"]),
                                "PRI": _num(r, f["PRI"]),
                                "covS": _num(r, f["covS"]),
                                "covU": _num(r, f["covU"]),
                                "studies": study_labels(r, f["cases"]),
                            }
                            for f in model.terms_fit
                        ]
                    ),
                    "qca.terms_caption",
                    precision=2,
                )
            )
        if kind == "parsimonious":
            assumptions = sorted({row for m in result.models for row in m.simplifying_assumptions})
            out.append(r.md("qca.assumptions", rows=", ".join(map(str, assumptions)) or "—"))
    return out


def necessity_table(r: Report):
    t = cases(r)
    if not t.data[t.outcome].any():
        return r.md("qca.no_positive_cases")
    rows = qca.necessity(t.data, t.outcome, list(t.conditions), case_column="case")
    return r.table(
        pd.DataFrame(
            [
                {
                    "condition": n.term,
                    "inclN": _num(r, n.inclN),
                    "RoN": _num(r, n.RoN),
                    "covN": _num(r, n.covN),
                }
                for n in rows
            ]
        ),
        "qca.necessity_caption",
        precision=2,
    )


def _num(r: Report, value) -> str:
    """A fit value to three decimals, as R prints it, in the report's language (0,667 / 0.667)."""
    return r.number(value, 3)
