"""The study's method and data-collection techniques, read from its own statement of them.

Both fields are "as written" in the schema (no list of allowed values): a suggestion is the text's own
words for a method or technique this module knows, in Bahasa Indonesia or English ("kualitatif deskriptif",
"pendekatan kualitatif", "in-depth interviews", "FGD"), taken only from a sentence that states the study's
method ("Metode penelitian ini …", "This qualitative study used …") or how its data were collected
("Teknik pengumpulan data …", "Data were collected through …"). A method named in a negated part ("tidak
menggunakan survei", "not a survey") or of other studies ("unlike survey studies", "penelitian
sebelumnya") does not count: a wrong confirmed value is worse than none. The same method or technique
written twice (an abstract in both languages) is suggested once, as written first.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..corpus.spans import Covered
from .segment import sentences

# (concept, pattern): a method as abstracts name it; the concept keeps one per study
_METHOD_TERMS = (
    ("qualitative", r"kualitatif|qualitative"),
    ("quantitative", r"kuantitatif|quantitative"),
    ("descriptive", r"deskriptif|descriptive"),
    ("case_study", r"studi\s+kasus|case[- ]stud(?:y|ies)"),
    ("mixed", r"(?:metode|pendekatan)\s+(?:campuran|gabungan)|mixed[- ]methods?"),
    # a survey is a method where it is called one ("metode survei", "survey research"), else a technique
    ("survey", r"(?:metode|penelitian|desain)\s+survei|survey\s+(?:method|research|design)s?"),
    ("ethnography", r"etnografi(?:s)?|ethnograph(?:y|ic)"),
    ("phenomenology", r"fenomenologi(?:s)?|phenomenolog(?:y|ical)"),
    ("exploratory", r"eksploratif|eksploratori|exploratory"),
    ("inductive", r"induktif|inductive"),
    ("action_research", r"penelitian\s+tindakan|action\s+research"),
)
# a technique, with the words that say which kind ("wawancara mendalam", "participant observation")
_TECHNIQUE_TERMS = (
    (
        "interview",
        r"wawancara(?:\s+(?:mendalam|langsung|terstruktur|semi[- ]terstruktur|tidak\s+terstruktur|terbuka))?"
        r"|(?:(?:in-depth|semi-structured|structured|unstructured|face-to-face|key[- ]informant)\s+)?"
        r"interviews?",
    ),
    (
        "observation",
        r"(?:observasi|pengamatan)(?:\s+(?:partisipan|partisipatif|non[- ]?partisipan|langsung|"
        r"(?:di\s+)?lapangan))?|(?:(?:participant|non-participant|direct|field)\s+)?observations?",
    ),
    (
        "documents",
        r"(?:studi\s+)?dokumentasi|(?:analisis|telaah|kajian)\s+dokumen|documentation"
        r"|document(?:ary)?\s+(?:analysis|review|study|studies)",
    ),
    (
        "literature",
        r"studi\s+(?:pustaka|kepustakaan|literatur)|kajian\s+pustaka|literature\s+(?:study|review)",
    ),
    ("questionnaire", r"kuesioner|angket|questionnaires?"),
    (
        "survey",
        r"survei(?:\s+(?:rumah\s+tangga|lapangan))?|(?:(?:household|field|baseline)\s+)?surveys?",
    ),
    (
        "focus_group",
        r"(?-i:FGD)|focus\s+group(?:\s+discussions?|s)?|diskusi\s+kelompok\s+(?:terarah|terfokus)",
    ),
)


def _terms(table: tuple[tuple[str, str], ...]) -> re.Pattern:
    return re.compile("|".join(rf"\b(?P<{c}>{p})\b" for c, p in table), re.IGNORECASE)


_METHODS, _TECHNIQUES = _terms(_METHOD_TERMS), _terms(_TECHNIQUE_TERMS)
# a sentence that states the study's own method
_METHOD_CUE = re.compile(
    r"\b(?:metode|metodologi|pendekatan|jenis\s+penelitian|desain\s+penelitian|rancangan\s+penelitian"
    r"|(?:penelitian|studi|kajian|riset)\s+ini\s+(?:\w+\s+){0,2}?(?:merupakan|adalah|ialah|bersifat|"
    r"menggunakan|memakai|menerapkan)|methods?|methodology|approach|research\s+design|study\s+design"
    r"|(?:this|the\s+present|our)\s+(?:[\w-]+\s+){0,3}?(?:study|research|paper|article)\s+(?:is|was|uses|"
    r"used|employs|employed|adopts|adopted|applies|applied|takes|took|relies|relied|examines|examined|explores|"
    r"explored|analy[sz]es|analy[sz]ed|investigates|investigated|describes|described)"
    r"|we\s+(?:used|use|conducted|employed|adopted|applied))\b",
    re.IGNORECASE,
)
# a sentence that says how the data were collected
_COLLECTION_CUE = re.compile(
    r"\b(?:pengumpulan\s+data|mengumpulkan\s+data|memperoleh\s+data|pengambilan\s+data|teknik\s+"
    r"(?:pengumpulan|pengambilan)|data\s+(?:\w+\s+){0,2}?(?:dikumpulkan|diperoleh|diambil|didapat|"
    r"didapatkan|dihimpun)|data[- ](?:collection|collecting|gathering)|(?:collect|gather|obtain)(?:ed|ing|s)?"
    r"\s+(?:the\s+)?data|data\s+(?:were|was|are|is)\s+(?:\w+\s+){0,2}?(?:collected|gathered|obtained))\b",
    re.IGNORECASE,
)
# a negation: what follows it, to the next "but"/"melainkan", is not the study's method ("not only" is)
_NEGATION = re.compile(
    r"\b(?:tidak|bukan|tanpa|belum|not|no|never|without|neither|nor)\b(?!\s+(?:hanya|saja|only|just)\b)",
    re.IGNORECASE,
)
# other studies' methods: the clause around it (to its commas) is not this study's
_OTHERS = re.compile(
    r"\b(?:unlike|in\s+contrast\s+to|contrary\s+to|berbeda\s+dengan|tidak\s+seperti|sebelumnya|terdahulu"
    r"|(?:penelitian|studi)\s+(?:lain|lainnya)|previous|prior|earlier|other\s+stud(?:y|ies)|et\s+al)\b"
    r"|\((?=[^()]*+\))[^()]*?\b(?:19|20)\d{2}\b[^()]*+\)",  # a citation: a year in parentheses that close
    re.IGNORECASE,
)
_CONTRAST = re.compile(
    r";|\b(?:melainkan|tetapi|namun|sedangkan|but|whereas|however|instead)\b", re.IGNORECASE
)


def statement_spans(text: str):
    """(start, end) of each sentence (the suggester's splitter: abbreviations such as "et al." and "dkk."
    end none), or of its halves around a ";"."""
    for start, end in sentences(text):
        for part in re.finditer(r"[^;]+;?", text[start:end]):
            lead = len(part.group()) - len(part.group().lstrip())
            yield start + part.start() + lead, start + part.end()


_BEFORE = re.compile(r"(?:metode|pendekatan)\s+$", re.IGNORECASE)  # "pendekatan deskriptif"
_AFTER = re.compile(r"^\s+(?:method|approach|design)s?\b", re.IGNORECASE)  # "descriptive method"


class Term(NamedTuple):
    """A method or technique the text names at ``text[start:end]``, and which one it is (its concept)."""

    concept: str
    start: int
    end: int


class Statement(NamedTuple):
    """A sentence (``text[start:end]``) stating the study's method or data collection, and what it names."""

    start: int
    end: int
    method: bool  # states the study's method (else how its data were collected)
    methods: list[Term]
    techniques: list[Term]


def not_own(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of ``text[start:end]`` (a sentence) that do not state the study's own method."""
    out, cuts = [], [start, *(m.end() for m in _CONTRAST.finditer(text, start, end)), end]
    for a, b in zip(cuts, cuts[1:], strict=False):
        if m := _NEGATION.search(text, a, b):
            out.append((m.start(), b))
    clauses = [start] + [start + m.end() for m in re.finditer(r"[,;:]", text[start:end])] + [end]
    for a, b in zip(clauses, clauses[1:], strict=False):
        if m := _OTHERS.search(text, a, b):
            out.append((a, b))
    return out


def found_in(pattern: re.Pattern, text: str, start: int, end: int, out: list[tuple[int, int]]) -> list[Term]:
    """What ``pattern`` finds in ``text[start:end]`` outside the spans ``out``."""
    spans = Covered(out)
    return [
        Term(m.lastgroup or "", m.start(), m.end())
        for m in pattern.finditer(text, start, end)
        if m.start() not in spans
    ]


def statements(text: str) -> list[Statement]:
    """Every sentence that states the study's method or data collection, with what it names (in parts that
    are not negated nor about other studies), in text order."""
    out = []
    for start, end in statement_spans(text):
        if end - start < 8:
            continue
        negated = not_own(text, start, end)
        gone = Covered(negated)
        cued = [
            cue
            for cue in (_METHOD_CUE, _COLLECTION_CUE)
            if any(m.start() not in gone for m in cue.finditer(text, start, end))
        ]
        if not cued:
            continue
        methods = found_in(_METHODS, text, start, end, negated) if _METHOD_CUE in cued else []
        named = [(t.start, t.end) for t in methods]  # "metode survei": the method, not a technique
        techniques = found_in(_TECHNIQUES, text, start, end, negated + named)
        if methods or techniques:
            out.append(Statement(start, end, _METHOD_CUE in cued, methods, techniques))
    return out


def as_written(words: str) -> str:
    """The words on one line, a capital of the sentence's start dropped ("Wawancara" → "wawancara"; "FGD"
    kept)."""
    words = " ".join(words.split())
    return words[0].lower() + words[1:] if len(words) > 1 and words[1].islower() else words


def method_phrases(text: str, terms: list[Term]) -> tuple[str, int, int] | None:
    """The methods one statement names, as written and joined ("kualitatif, pendekatan deskriptif"): terms
    side by side are one phrase ("kualitatif deskriptif"), with "metode"/"pendekatan" before or
    "method"/"approach" after them; a method named twice is kept once. With the span of the first to the
    last."""
    groups: list[list[Term]] = []
    for t in terms:
        if groups and re.fullmatch(r"[\s-]+", text[groups[-1][-1].end : t.start]):
            groups[-1].append(t)
        else:
            groups.append([t])
    seen: set[str] = set()
    phrases, first, last = [], None, None
    for g in groups:
        if {t.concept for t in g} <= seen:
            continue
        seen |= {t.concept for t in g}
        a, b = g[0].start, g[-1].end
        if before := _BEFORE.search(text[max(0, a - 20) : a]):
            a -= len(before.group())
        if after := _AFTER.match(text[b : b + 20]):
            b += after.end()
        phrases.append(as_written(text[a:b]))
        first, last = a if first is None else first, b
    return (", ".join(phrases), first, last) if phrases and first is not None and last is not None else None


def data_collection(text: str) -> list[tuple[str, int, int, Statement]]:
    """Every technique the statements name, as written, the first of each kind (a technique written in
    both languages is one), in text order: (words, start, end, the statement)."""
    seen: set[str] = set()
    out = []
    for s in statements(text):
        for t in s.techniques:
            if t.concept not in seen:
                seen.add(t.concept)
                out.append((as_written(text[t.start : t.end]), t.start, t.end, s))
    return out
