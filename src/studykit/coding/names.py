"""Programme and office names inside a clause: runs of capitalised words (*Alokasi Dana Desa*, *Program
Keluarga Harapan*), whose words name no theme and carry no valence (*Kota Tanpa Kumuh*, *City Without Slums
Program*)."""

from __future__ import annotations


def programme_names(text: str, toks: list) -> set[int]:
    """Token indexes inside a run of two or more capitalised words (not acronyms) within a clause: a
    programme's or an office's name (*Alokasi Dana Desa*, *Bantuan Pangan Non Tunai*, *Social Assistance*),
    whose words name no theme."""
    capital = [
        text[t.start].isupper() and not text[t.start : t.end].isupper() and t.end - t.start > 1 for t in toks
    ]
    out: set[int] = set()
    k = 0
    while k < len(toks):
        j = k
        while j < len(toks) and capital[j]:
            j += 1
        if j - k >= 2:
            out.update(range(k, j))
        k = max(j, k + 1)
    for k in range(1, len(toks)):  # "kebijakan BLT", "the BPNT program": an acronym naming the programme
        acronym = text[toks[k].start : toks[k].end].isupper() and toks[k].end - toks[k].start > 1
        if acronym and (
            toks[k - 1].surface in _PROGRAMME or (k + 1 < len(toks) and toks[k + 1].surface in _PROGRAMME)
        ):
            out.add(k)
    return out


_PROGRAMME = frozenset("program programme kebijakan policy".split())


def programme_titles(toks: list, names: set[int]) -> set[int]:
    """The runs of capitalised words that name a programme as such (*Program Keluarga Harapan*, *Self-Help
    Housing Stimulant Assistance Program*): none of their words names a theme (*Swadaya*, *Self-Help*)."""
    out: set[int] = set()
    k = 0
    while k < len(toks):
        if k not in names:
            k += 1
            continue
        j = k
        while j < len(toks) and j in names:
            j += 1
        if any(toks[m].surface in ("program", "programme") for m in range(k, j)):
            out.update(range(k, j))
        k = j
    return out


_ABOUT = frozenset("mengenai tentang terhadap akan about of regarding on".split())
_STOP = frozenset("dan serta atau and or yang which that karena because".split())


def topics(toks: list, matches: list) -> set[int]:
    """Token indexes of what the target group knows or understands (T10: *pemahaman masyarakat mengenai
    bantuan*, *awareness of the procedures*), up to five words after the preposition (which may follow the
    knower: *pemahaman KPM mengenai …*): a topic of knowledge names no theme of its own."""
    out: set[int] = set()
    for cue, i in matches:
        if cue.group != "T10":
            continue
        k = i + len(cue.words)  # the knower may come first: "pemahaman KPM mengenai …"
        while k < min(i + len(cue.words) + 5, len(toks)) and toks[k].surface not in _ABOUT | _STOP:
            k += 1
        if k >= len(toks) or toks[k].surface not in _ABOUT:
            continue
        for j in range(k + 1, min(k + 6, len(toks))):
            if toks[j].surface in _STOP:
                break
            out.add(j)
    return out
