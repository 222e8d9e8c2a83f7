"""Synthetic crisp-set cases with many tied parsimonious models: the shape of data that stresses the
minimisation (issue 19, item 11), for the benchmark and the tests, seeded and deterministic.

``clusters`` prototype configurations are drawn at random; each case is a copy of one prototype with every
condition flipped with probability ``flip``, and its outcome is that of its prototype's cluster (about half
the clusters positive). Few observed configurations, far apart, leave most rows of the truth table as
remainders and many prime implicants that cover the same positive rows equally well: hundreds of tied
minimal models (the defaults give 610).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def clustered_cases(
    conditions: int = 14, cases: int = 300, clusters: int = 8, flip: float = 0.08, seed: int = 2
) -> pd.DataFrame:
    """A crisp case table: conditions ``C1`` … ``Cn`` and outcome ``Y``, indexed by case name (``k001`` …)."""
    rng = np.random.default_rng(seed)
    prototypes = rng.integers(0, 2, size=(clusters, conditions))
    positive = rng.random(clusters) < 0.5
    member = rng.integers(0, clusters, size=cases)
    flipped = prototypes[member] ^ (rng.random((cases, conditions)) < flip)
    frame = pd.DataFrame(flipped.astype(int), columns=[f"C{i + 1}" for i in range(conditions)])
    frame["Y"] = positive[member].astype(int)
    width = len(str(cases))
    frame.index = pd.Index([f"k{i + 1:0{width}d}" for i in range(cases)], name="case")
    return frame
