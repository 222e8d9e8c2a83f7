"""Plain-text tables in the layout of R ``QCA``'s print methods, their words in English or Bahasa Indonesia
(``qca_text.*`` of the message catalogue; the R column names stay as R prints them).

A leaf of the package: it reads the attributes of a :class:`~.results.TruthTable` or
:class:`~.results.QCAResult` and imports neither, so the result types can print themselves.
"""

from __future__ import annotations

import math

from ...corpus.messages import t


def _f3(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.3f}"


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [len(h) for h in header]
    for r in rows:
        for i, v in enumerate(r):
            widths[i] = max(widths[i], len(v))

    def fmt(cells):
        out = []
        for i, v in enumerate(cells):
            out.append(v.rjust(widths[i]) if i in right else v.ljust(widths[i]))
        return "  ".join(out).rstrip()

    return [fmt(header)] + [fmt(r) for r in rows]


def render_truth_table(tt, show_cases: bool = True, lang: str = "en") -> str:
    lines = [
        t("qca_text.truth_table", lang, outcome=tt.outcome),
        "  OUT: " + t("qca_text.out", lang),
        "    n: " + t("qca_text.n", lang),
        " incl: " + t("qca_text.incl", lang),
        "  PRI: " + t("qca_text.pri", lang),
        "",
    ]
    header = [""] + list(tt.conditions) + ["OUT", "n", "incl", "PRI"] + (["cases"] if show_cases else [])
    rows = []
    for r in tt.rows:
        cells = [str(r.row)] + [str(v) for v in r.config] + [r.OUT, str(r.n), _f3(r.incl), _f3(r.PRI)]
        if show_cases:
            cells.append(",".join(r.cases))
        rows.append(cells)
    right = set(range(0, len(tt.conditions) + 5))
    lines += _table(header, rows, right)
    return "\n".join(lines) + "\n"


def _model_line(prefix: str, model, outcome: str) -> str:
    ess = model.essential
    rest = [t for t in model.terms if t not in ess]
    if ess and rest and len(ess) < len(model.terms):
        expr = " + ".join(ess) + " + (" + " + ".join(rest) + ")"
    else:
        expr = " + ".join(model.terms)
    arrow = (
        "<->"
        if model.solution_fit.get("covS") is not None and model.solution_fit["covS"] + 1.49e-8 > 1
        else "->"
    )
    return f"{prefix}{expr} {arrow} {outcome}"


def render_result(res, show_cases: bool = True, lang: str = "en") -> str:
    out = [t(f"qca_text.solution.{res.kind}", lang, outcome=res.truth_table.outcome)]
    if res.dir_exp:
        out.append(t("qca_text.dir_exp", lang, expectations=", ".join(res.dir_exp)))
    out.append("")
    multi = len(res.models) > 1
    for m in res.models:
        prefix = f"{m.name}: " if (multi or res.kind == "intermediate") else "M1: "
        out.append(_model_line(prefix, m, res.truth_table.outcome))
    for m in res.models:
        out.append("")
        if multi or res.kind == "intermediate":
            out.append(m.name)
        header = ["", "", "inclS", "PRI", "covS", "covU"] + (["cases"] if show_cases else [])
        rows = []
        for i, tf in enumerate(m.terms_fit, start=1):
            cells = [str(i), tf["term"], _f3(tf["inclS"]), _f3(tf["PRI"]), _f3(tf["covS"]), _f3(tf["covU"])]
            if show_cases:
                cells.append("; ".join(tf.get("cases", [])))
            rows.append(cells)
        sf = m.solution_fit
        rows.append(
            ["", m.name, _f3(sf["inclS"]), _f3(sf["PRI"]), _f3(sf["covS"]), ""] + ([""] if show_cases else [])
        )
        lines = _table(header, rows, {0, 1, 2, 3, 4, 5})
        width = max(len(line) for line in lines)
        out.append(lines[0])
        out.append("-" * width)
        out.extend(lines[1:-1])
        out.append("-" * width)
        out.append(lines[-1])
    return "\n".join(out) + "\n"
