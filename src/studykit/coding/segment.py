"""Sentences of an abstract as character spans of its source, and which of them can carry a finding.

Abstracts reach the corpus as PDF extractions and web copies: lines wrapped at a
column, title and author lines, keywords, section labels, Indonesian abbreviations
that end in a full stop (*Kab. Sukoharjo*, *dll.*). Splitting works on a copy of
the text of the same length in which line wraps are spaces (:func:`reflow`), so a
study wrapped at 80 columns is cut exactly as its unwrapped text, and every span
is a span of the source as stored.

Why not pysbd (the maintained port of the Pragmatic Segmenter): its language
modules (pysbd/lang/, 0.3.4) have no Bahasa Indonesia, so the Indonesian
abbreviations would be ours anyway, and a bilingual abstract would need two
segmenters whose spans must agree; what matters here is the abbreviation list of
both languages, the line-wrap rule and the front-matter rule, which are short.
"""

from __future__ import annotations

import re

# Lower-case, without the final full stop. A single letter (an initial: "M. Yusuf") is always an abbreviation.
ABBREVIATIONS = frozenset(
    """
    kab kec kel prov ds no nom dll dsb dst dkk drs dra dr ir hj h prof sos si kom pd ag ak st mt mm mpa
    ssos msi spd se sh sip mh ma mba jl jln tlp telp hlm tgl thn bpk ibu sdr yth a.n u.p vol rp
    mr mrs ms st vs etc al eg ie cf fig approx no nos inc ltd jr sr dept govt
    """.split()
)
_TERMINAL = ".!?"
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
_KEYWORDS = re.compile(r"^\s*(kata[\s-]*kunci|key\s*-?\s*words?|keywords?)\b", re.I)
_FRONT = re.compile(
    r"^\s*((copyrights?|hak cipta|program studi|fakultas|jurusan|universitas|department|faculty|"
    r"university|email|e-mail|received|diterima|accepted|doi|issn)\b|©|\[bookmark|vol\.)",
    re.I,
)
# an author line: "Oleh: …", "By Ahmad Sutrisno" (not "Oleh karena itu, …", "By involving the community, …")
_BYLINE = re.compile(
    r"^\s*(?:[Oo]leh|OLEH|[Bb]y|BY)\s*(?::|\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\s*(?:,|$))"
)
_DEGREE = re.compile(
    r"\b(S\.\s?(Sos|Si|Pd|E|H|IP|Kom|T|AP|STP)|M\.\s?(Si|Pd|Ag|M|AP|Kes|Hum|Sc|A)|Drs?|Dra|Ir|Ph\.?D)\."
)
_LEGAL = re.compile(
    r"\b(undang-undang|uu|peraturan|perda|perwal|perbup|permensos|permendagri|perpres|inpres|keputusan|"
    r"law|regulation|decree)\b[^.;]{0,80}?\b(no\.?|nomor|number)\s*\d+",
    re.I,
)
# Words no title, author line or heading ends on, in either language: a line ending on one goes on in the
# next, whatever that line starts with ("between the city government and the" / "Kab. Kubu Raya ...").
_GOES_ON = frozenset(
    "the a an and or of to in on for with between by from at as that which whose its their "
    "dan atau yang di ke dari untuk dengan pada dalam oleh bagi serta antara sebagai bahwa karena "
    "para".split()
)
# a journal's running header or footer, printed on each page of a PDF and copied with its text: the
# journal's volume or its ISSN, with a page number or a year at one end ("Jurnal Administrasi Publik Vol. 9
# No. 2 (2021) 115", "115 Jurnal …, Volume 9, Nomor 2, Juli 2021")
_RUNNING = re.compile(
    r"^(?=.*\b(?:vol(?:ume)?|issn|e-issn|p-issn)\.?\s*:?\s*\d)"
    r"(?:\d{1,4}\b.*|.*(?:\b\d{1,4}|\(\s*(?:19|20)\d{2}\s*\)|\b(?:19|20)\d{2}))\s*$",
    re.I,
)
_BULLET = re.compile(r"^\s*([•●▪◦·*–-]\s|\(?\d{1,2}[.)]\s|\(?[a-h][.)]\s)")
_LABEL = re.compile(r"(?<=\s)([A-Z][a-z]+(?: [A-Za-z][a-z]+){0,2} ?:)(?!//)")
_WORD = re.compile(r"[^\W\d_]+")


def reflow(text: str) -> str:
    """``text`` with the line breaks that only wrap a line turned into spaces; same length, same offsets.

    A word hyphenated at the end of a wrapped line (``pelaksa-`` then ``naan`` in lower case) keeps its
    hyphen and gets a soft hyphen instead of the line break, which the tokenizer reads as one word.

    A single line break wraps a line when the next line goes on in lower case or the line ends on a word
    no heading ends on (*the*, *of*, *dan*, *di* …), or when
    the text is laid out in lines of a fixed width (at least three lines within a quarter
    of the widest line of 200 characters or less, and more text in such lines than in longer ones: a web
    copy with a paragraph on a line has no width) and the line before it is longer than
    60 % of that width: a short line is a title, an author line or a heading, and keeps
    its break. In a double-spaced copy (most lines one blank line apart) one blank line
    counts as a single line break. Across more blank lines a sentence goes on only when
    its line ends without a full stop or colon and the next line goes on in lower case.
    A bullet or a numbered item (``•``, ``1)``) always starts a line of its own."""
    lines = text.split("\n")
    lengths = [len(line.rstrip()) for line in lines]
    short = [n for n in lengths if 0 < n <= 200]
    width = max(short, default=0)
    long = sum(n for n in lengths if n > 200)  # paragraphs on a line each: no fixed width, titles keep theirs
    wrapped = width >= 30 and sum(1 for n in short if n >= 0.75 * width) >= 3 and long <= sum(short)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    filled = [k for k, line in enumerate(lines) if line.strip()]
    gaps = [b - a for a, b in zip(filled, filled[1:], strict=False)]
    double = gaps.count(2) >= 3 and gaps.count(2) >= 0.6 * len(gaps)
    out = list(text)
    for a, b in zip(filled, filled[1:], strict=False):
        line, following = lines[a], lines[b]
        if _BULLET.match(following):
            continue
        last = line.rsplit(None, 1)[-1] if line.strip() else ""
        goes_on = following.lstrip()[:1].islower() or (b - a == 1 and last in _GOES_ON)
        if running_line(line) and not following.lstrip()[:1].islower():
            continue  # a page's header or footer ends no sentence that the next line starts
        if b - a == 1 or (double and b - a == 2):
            join = goes_on or (wrapped and lengths[a] >= 0.6 * width)
        else:
            join = goes_on and line.rstrip()[-1:] not in _TERMINAL + ":"
        if not join:
            continue
        if (
            b - a == 1
            and goes_on
            and line.endswith("-")
            and line[-2:-1].isalpha()
            and following[:1].isalpha()
        ):
            out[starts[a] + len(line)] = "\u00ad"  # "pelaksa-" + "naan": one word (cues.SOFT_BREAK)
            continue
        for n in range(starts[a] + len(line), starts[b]):
            if out[n] == "\n":
                out[n] = " "
    return "".join(out)


def _abbreviation_before(flat: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation or a number (``No. 1``, ``Kab.``, ``M.Si.``,
    ``1.5``)."""
    start = dot
    while start > 0 and (flat[start - 1].isalnum() or flat[start - 1] == "."):
        start -= 1
    word = flat[start:dot].lower().strip(".")
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial
    if "." in word:  # M.Si, S.Sos, a.n
        return True
    return word in ABBREVIATIONS


_GLUED_BEFORE = re.compile(r"(?:^|[\s/(-])[^\W\d_]{3,}$")  # "… 601 jiwa/tahun.Seperti …" ends there too
_GLUED_AFTER = re.compile(r"[^\W\d_]{3,}(?=[\s,;:]|$)")
_DOMAINS = frozenset("com org net edu gov html php pdf xml www co ac go id or sch".split())


def _glued(flat: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends a sentence although no space follows it (``efektif.masih``, a PDF
    copy's slip): a word of three letters or more on each side, neither an abbreviation nor part of a
    web or e-mail address or a file name."""
    before = _GLUED_BEFORE.search(flat, max(0, dot - 60), dot)
    after = _GLUED_AFTER.match(flat, dot + 1)
    if not before or not after or after.group().lower() in _DOMAINS:
        return False
    word = before.group().strip().lstrip("/(-")
    return word.lower() not in ABBREVIATIONS and word.lower() not in _DOMAINS


def _word_before(flat: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends a word of three letters or more that is no abbreviation: a
    sentence ends there even when the next one starts in lower case (``… a less slum village. at the
    planning stage …``, a copy's slip)."""
    if dot > 0 and (flat[dot - 1] == "%" or flat[dot - 1].isdigit()):
        return True  # "… sebesar 63,8%. faktor …"
    before = _GLUED_BEFORE.search(flat, max(0, dot - 60), dot)
    return bool(before) and before.group().strip().lstrip("/(-").lower() not in ABBREVIATIONS | _DOMAINS


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of ``text``: cut after . ! ? before what starts a sentence (not after an
    abbreviation), at every line break that is not a wrap, at blank lines, and before a section label ("Hasil
    :")."""
    flat = reflow(text)
    cuts: list[tuple[int, int]] = []  # (end of one sentence, start of the next)
    n = len(flat)
    i = 0
    while i < n:
        ch = flat[i]
        if ch == "\n":
            j = i
            while j < n and flat[j].isspace():
                j += 1
            cuts.append((i, j))
            i = j
            continue
        if ch in _TERMINAL:
            j = i + 1
            while j < n and flat[j] in _TERMINAL + _CLOSERS:
                j += 1
            k = j
            while k < n and flat[k] in " \t":
                k += 1
            if k > j and k < n and flat[k] != "\n":
                nxt = flat[k]
                starts = nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or nxt == "["
                starts = starts or (ch == "." and nxt.islower() and _word_before(flat, i))
                if starts and not (ch == "." and _abbreviation_before(flat, i)):
                    cuts.append((j, k))
            elif k == j == i + 1 and ch == "." and _glued(flat, i):
                cuts.append((j, j))
            i = j
            continue
        i += 1
    for m in _LABEL.finditer(flat):
        if m.start(1) > 0 and not flat[: m.start(1)].endswith("\n"):
            cuts.append((m.start(1), m.start(1)))
    spans, start = [], 0
    for end, nxt in sorted(set(cuts)):
        if end >= start:
            spans.append((start, end))
            start = max(start, nxt)
    spans.append((start, n))
    return [(a, b) for a, b in (strip(text, a, b) for a, b in spans) if b > a]


def strip(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace and list punctuation."""
    while start < end and (text[start].isspace() or text[start] in ",;:-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def front_matter(text: str, start: int, end: int, capitals: bool = False) -> bool:
    """Whether a sentence is a title, author or affiliation line, keywords, a heading or a copyright line:
    no finding comes from it (codebook: a finding is a claim of the study). ``capitals``: the whole text is
    in capitals (:func:`in_capitals`), so capitals mark no title."""
    sentence = text[start:end]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = len(text) if (n := text.find("\n", start)) < 0 else n
    if end <= line_end and running_line(text[line_start:line_end]):
        return True  # a page's running header or footer, or a part of it
    if (
        _KEYWORDS.match(sentence)
        or _FRONT.match(sentence)
        or _BYLINE.match(sentence)
        or _DEGREE.search(sentence)
    ):
        return True
    words = _WORD.findall(sentence)
    if len(words) <= 2 and not sentence.rstrip().endswith("."):
        return True  # a heading ("ABSTRAK", "Abstract")
    letters = [c for c in sentence if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) >= 0.6 * len(letters) and not capitals:
        return True  # a title in capitals (unless the whole abstract is: some repositories print it so)
    capitalised = [w for w in words if len(w) > 3]
    if (
        capitalised
        and sentence.rstrip()[-1:] not in _TERMINAL
        and sum(w[0].isupper() for w in capitalised) >= 0.7 * len(capitalised)
        and (start == 0 or text[start - 1] == "\n")
    ):
        return True  # a title in title case on a line of its own
    return False


def running_line(line: str) -> bool:
    """Whether a line is a journal's running header or footer (its volume or ISSN, and a page number or
    year at one end): a line of its own, never a sentence's start nor a finding."""
    return len(line.strip()) <= 120 and bool(_RUNNING.match(line.strip()))


def in_capitals(text: str) -> bool:
    """Whether a text is written in capitals throughout (60 % of its letters): then capitals mark no title."""
    letters = upper = 0
    for c in text:
        if c.isalpha():
            letters += 1
            upper += c.isupper()
    return letters >= 200 and upper >= 0.6 * letters


def body_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``text`` that are no front matter (one look at the whole text)."""
    capitals = in_capitals(text)
    return [(a, b) for a, b in sentences(text) if not front_matter(text, a, b, capitals)]


def legal_citation(sentence: str) -> bool:
    """Whether a sentence cites a law or regulation by number (*Peraturan Walikota No. 47 Tahun 2014*)."""
    return bool(_LEGAL.search(sentence))
