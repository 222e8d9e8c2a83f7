"""The codebook's themes as the suggester sees them: which ids it may propose, and where an old id goes.

A codebook evolves: a theme is added, two are merged, one is dropped. What the suggester
knows besides the codebook was written or coded for the themes of its time: the lexicon
(``lexicon.yaml``), the example findings (``examples.yaml``), the bank of coded abstracts
(``bank.npz``), the analysts' decision logs. :class:`Themes` maps every theme id they name
to the project's codebook: a theme of the codebook to itself, a theme the codebook lists
under ``merged:`` to the theme it was merged into, and any other id (a theme dropped) to
nothing, so that the suggester never proposes, learns or writes a theme the codebook does
not have.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

THEME_LABEL = "theme:"  # the model's label of a theme (training.examples)


@dataclass(frozen=True)
class Themes:
    """The codebook's theme ids (in its order), the ``merged`` ids with the theme each went into, and the
    themes of group ``dependent`` (outcome themes)."""

    ids: tuple[str, ...]
    merged: tuple[tuple[str, str], ...] = ()
    dependent: tuple[str, ...] = ()

    def of(self, theme_id: str) -> str | None:
        """The codebook's theme for ``theme_id``: itself, the theme it was merged into, or None."""
        if theme_id in self.ids:
            return theme_id
        into = dict(self.merged).get(theme_id)
        return into if into in self.ids else None

    def from_(self, theme_id: str) -> list[str]:
        """The ids that map to the codebook's ``theme_id``: itself first, then those merged into it."""
        return [theme_id] + [old for old, into in self.merged if into == theme_id]

    def labels(self, labels: Iterable[str]) -> set[str]:
        """Model labels (``theme:T05``, ``type:barrier``) with their themes mapped; a dropped theme's label is
        left out, other labels stay."""
        out = set()
        for label in labels:
            if label.startswith(THEME_LABEL):
                theme = self.of(label[len(THEME_LABEL) :])
                if theme is None:
                    continue
                label = THEME_LABEL + theme
            out.add(label)
        return out

    def knows(self, labels: Iterable[set[str]]) -> bool:
        """Whether every theme label of ``labels`` is one of the codebook's (nothing to map)."""
        known = {THEME_LABEL + t for t in self.ids}
        return all(label in known for ls in labels for label in ls if label.startswith(THEME_LABEL))

    def key(self) -> list:
        """What derived data built with this map depends on (:mod:`.derived` keys)."""
        return [list(self.ids), [list(m) for m in self.merged], list(self.dependent)]


def codebook_themes(data_dir: Path) -> Themes | None:
    """The themes of ``data_dir``'s codebook; None when ``themes.yaml`` cannot be read (``validate`` says why;
    the suggester then maps nothing)."""
    from ..corpus.codebook import read_merged, read_themes
    from ..corpus.problems import CorpusError

    try:
        themes, merged = read_themes(data_dir), read_merged(data_dir)
    except (CorpusError, OSError):
        return None
    return Themes(
        tuple(t.theme_id for t in themes),
        tuple(merged.items()),
        tuple(t.theme_id for t in themes if t.group == "dependent"),
    )


def merged_entries(entries: dict, codebook_cues: dict, themes: Themes) -> dict:
    """The suggestion lexicon's theme entries with those of merged themes added to the theme each went into
    (its words, `not:` phrases, weak and literal words)."""
    out = {tid: dict(entry) for tid, entry in entries.items()}
    for theme_id in codebook_cues:
        for old in themes.from_(theme_id)[1:]:
            merged, entry = out.setdefault(theme_id, {}), entries.get(old, {})
            for key in ("id", "en", "weak", "literal"):
                merged[key] = list(merged.get(key, [])) + list(entry.get(key, []))
            merged["not"] = {
                g: [*(merged.get("not") or {}).get(g, []), *(entry.get("not") or {}).get(g, [])]
                for g in ("id", "en")
            }
    return out


def settle_themes(candidates: list, themes: Themes | None) -> list:
    """Candidates with their themes in the codebook (:meth:`Themes.of`): a dropped theme's are left out, and
    where two become the same (type, theme, span) the higher score stays (the first on a tie), with the cues
    of both."""
    if themes is None:
        return candidates
    out: dict[tuple, object] = {}
    for c in candidates:
        theme = themes.of(c.theme_id)
        if theme is None:
            continue
        c.theme_id = theme
        key = (c.finding_type, theme, c.start, c.end)
        if key not in out:
            out[key] = c
            continue
        kept = out[key]
        best, other = (c, kept) if c.score > kept.score else (kept, c)
        best.cues = best.cues + [cue for cue in other.cues if cue not in best.cues]
        out[key] = best
    return list(out.values())
