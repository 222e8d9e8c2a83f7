"""Reviewers' GRADE-CERQual judgements, ``data/synthesis/cerqual.yaml``: read, checked, and expanded per
review finding.

A judgement whose review_finding_id is ``*`` is the default for every review
finding the data support; a judgement naming a review finding overrides the
default for that component. Defaults keep the file short and make a shared
judgement (all sources are abstracts) one edit, not sixteen.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from ..paths import resolve_data_dir, shown_path
from .problems import CorpusError, ProblemError
from .readers import parse_yaml, read_text
from .schema import SynthesisFile
from .validation import validation_problems

CERQUAL_FILE = "synthesis/cerqual.yaml"
JUDGEMENT_COLUMNS = ["review_finding_id", "component", "concern", "rationale_en", "rationale_id"]


def read_judgements(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The judgements as written (``*`` rows included); a broken file raises CorpusError naming file, line
    and field."""
    data_dir = resolve_data_dir(data_dir)
    path = data_dir / CERQUAL_FILE
    shown = shown_path(path, data_dir)
    try:
        text = read_text(path, shown)
        content = parse_yaml(text, shown)
        parsed = SynthesisFile.model_validate(content)
    except ProblemError as exc:
        raise CorpusError([exc.problem]) from None
    except ValidationError as exc:
        raise CorpusError(validation_problems(exc, shown, text, pydantic_english=True)) from None
    return pd.DataFrame([j.model_dump() for j in parsed.judgements], columns=JUDGEMENT_COLUMNS)


def expand_judgements(judgements: pd.DataFrame, review_ids) -> pd.DataFrame:
    """One row per (review finding, component): specific judgements first, ``*`` defaults for the rest."""
    specific = judgements[judgements["review_finding_id"] != "*"]
    specific = specific[specific["review_finding_id"].isin(set(review_ids))]
    defaults = judgements[judgements["review_finding_id"] == "*"]
    have = set(zip(specific["review_finding_id"], specific["component"], strict=False))
    filled = [
        {**d, "review_finding_id": rid}
        for rid in sorted(review_ids)
        for d in defaults.to_dict("records")
        if (rid, d["component"]) not in have
    ]
    out = pd.concat([specific, pd.DataFrame(filled, columns=JUDGEMENT_COLUMNS)], ignore_index=True)
    return out.sort_values(["review_finding_id", "component"]).reset_index(drop=True)
