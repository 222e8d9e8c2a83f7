"""A cue word or a study's variable name written with many slashes (hostile15): each slash is an alternative
for its word, so a name of 200 characters (``a/b c/d …``, 50 words) stood for 2^50 phrases and ``suggest``
and the workbench ran out of memory building the lexicon. One entry stands for at most VARIANTS phrases."""

from __future__ import annotations

from studykit.coding.cues import VARIANTS, build_lexicon


def test_a_learned_variable_name_of_many_slashes_stands_for_a_bounded_number_of_phrases():
    name = " ".join(f"{a}/{b}" for a, b in zip("abcdefghijklmnopqr", "stuvwxyzstuvwxyzst", strict=True))
    lexicon = build_lexicon(
        {"T01": ["anggaran"], "T02": ["sosialisasi"], "T03": ["kapasitas"]},
        learned={"T02": [name], "T03": ["belum maksimal/optimal"]},
    )
    learned = [c for c in lexicon.cues["id"] if c.group == "T02" and c.label.startswith("learned:")]
    assert 1 <= len(learned) <= VARIANTS
    assert {c.label for c in lexicon.cues["id"] if c.group == "T03"} >= {
        "learned: belum maksimal",
        "learned: belum optimal",
    }
