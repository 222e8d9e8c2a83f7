"""How the study chose its informants or sample, read from its own words ("informan dipilih secara
purposive", "sample purposive yaitu two stage cluster random sampling", "snowball sampling").

``sampling`` is "as written" in the schema: the suggestion is the text's words from the first sampling
technique a sentence names to its last, where they are one phrase ("purposive sampling dan snowball
sampling"), else the techniques joined by commas. Only named techniques count (purposive, snowball, random,
cluster, quota …): "informan yang dianggap berkompeten" is a sampling statement too, but one this module
cannot tell from any other clause about informants, and a wrong confirmed value is worse than none. A
technique in a negated part or of other studies (:func:`.methods.not_own`) does not count.
"""

from __future__ import annotations

import re

from .methods import as_written, found_in, not_own, statement_spans

_STAGE = r"(?:(?:two|three|multi)[- ]?stage|(?:dua|tiga)\s+tahap|bertahap)"
_KINDS = r"(?:simple|stratified|cluster|systematic|proportional|proportionate|area|" + _STAGE + r")"
_SAMPLE = r"(?:sampel|sample|sampling|pengambilan\s+sampel|penarikan\s+sampel)"
_VERB = r"(?:dipilih|ditentukan|diambil|ditetapkan|selected|chosen|drawn)\s+"
_CHOSEN = _VERB + r"(?:secara|dengan\s+cara)\s+"  # "dipilih secara acak": the verb says it is a choice
_TERMS = re.compile(
    r"\b(?:"
    rf"(?P<purposive>(?:{_SAMPLE}\s+)?purposi(?:ve(?:ly)?|f)(?:\s+{_SAMPLE})?)"
    # "snowball", "acak" and "bola salju" say sampling only beside a word for it ("the snowball effect")
    rf"|(?P<snowball>{_SAMPLE}\s+(?:snowball|bola\s+salju)|(?:snowball|bola\s+salju)\s+{_SAMPLE}"
    r"|(?:teknik|technique)\s+snowball)"
    rf"|(?P<random>(?:{_KINDS}\s+)*random\s+sampling|(?:{_SAMPLE}\s+|{_CHOSEN})acak"
    r"(?:\s+(?:sederhana|berstrata|bertingkat|proporsional|sistematis))?|(?:randomly|at\s+random)\s+selected"
    r"|selected\s+(?:randomly|at\s+random))"
    rf"|(?P<cluster>(?:{_STAGE}\s+)?cluster\s+sampling|{_SAMPLE}\s+(?:klaster|kluster|gugus))"
    r"|(?P<other>(?:accidental|incidental|convenience|quota|total|saturat(?:ed|ion)|judgement|judgmental"
    r"|theoretical)\s+sampling|(?:sampling|sampel)\s+(?:jenuh|kuota|aksidental|insidental|total))"
    r")\b",
    re.IGNORECASE,
)
_LEAD = re.compile(_VERB, re.IGNORECASE)  # shown without the verb: "secara acak"
# between two techniques of one phrase ("purposive yaitu two stage …", "purposive and snowball sampling")
_JOINED = re.compile(r"[\s,]*(?:(?:yaitu|yakni|dan|serta|atau|and|or|followed\s+by|dengan)[\s,]+)?", re.I)


def sampling(text: str) -> tuple[str, int, int, str] | None:
    """The sampling techniques of the first sentence that names any (in parts that are the study's own), as
    written: (words, start, end, the sentence); None where no sentence names one."""
    for start, end in statement_spans(text):
        terms = found_in(_TERMS, text, start, end, not_own(text, start, end))
        if not terms:
            continue
        phrases: list[tuple[int, int]] = []
        for t in terms:
            if phrases and _JOINED.fullmatch(text[phrases[-1][1] : t.start]):
                phrases[-1] = (phrases[-1][0], t.end)
            else:
                phrases.append((t.start, t.end))
        phrases = [(a + len(m.group()) if (m := _LEAD.match(text, a, b)) else a, b) for a, b in phrases]
        words = ", ".join(as_written(text[a:b]) for a, b in phrases)
        if len(words) <= 1000:  # the schema's length
            return words, phrases[0][0], phrases[-1][1], text[start:end]
    return None
