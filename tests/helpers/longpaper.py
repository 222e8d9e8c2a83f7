"""The real data plus one study as long as a full paper (``long_study``): the profile's document view at
length. Built from the real studies like :mod:`.synthetic`'s corpora, and cached under ``benchmarks/_work/``
the same way."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from . import synthetic
from .synthetic import DATA, GENERATOR_VERSION, HEADER, WORK, _Dumper, _templates

LONG_ID = "long-paper"
_MARK = "§"  # sentence numbers "§12 " make every sentence, and so every quote that starts at one, unique


def _long_text(n_chars: int) -> tuple[str, list[int]]:
    """A full-paper-length source: the real sources' sentences, numbered, in paragraphs of six; and where
    each sentence starts."""
    sentences = [
        s.strip()
        for _, source in _templates()
        for s in source.replace("\n", " ").split(". ")
        if len(s.split()) >= 4
    ]
    parts, starts, length, k = [], [], 0, 0
    while length < n_chars:
        sentence = f"{_MARK}{k + 1} {' '.join(sentences[k % len(sentences)].split())}."
        gap = "" if k == 0 else ("\n\n" if k % 6 == 0 else " ")
        starts.append(length + len(gap))
        parts += [gap, sentence]
        length += len(gap) + len(sentence)
        k += 1
    return "".join(parts) + "\n", starts


def _word_end(text: str, at: int) -> int:
    """The end of the word at or after ``at`` (a quote never ends in whitespace)."""
    while at < len(text) and not text[at].isspace():
        at += 1
    return at


def long_study(n_findings: int = 200, n_chars: int = 50_000) -> Path:
    """The real data plus one study as long as a full paper, for the profile's document view; return the data
    directory.

    Study ``long-paper`` has a source of about ``n_chars`` characters and ``n_findings``
    findings whose types, themes and summaries cycle through the real findings. Its
    quotes are real passages of the source, spread over the whole text, copied with
    whitespace collapsed as a coder would (so a quote across a paragraph break differs in
    whitespace from its span), in groups of four that stress the highlighting: a long
    quote over three sentences, one nested inside it, one overlapping its end, and one
    sharing its start; every 50th finding restates the one before. Deterministic, and
    reused while its inputs are unchanged.
    """
    from studykit.corpus.provenance import normalize_whitespace

    target = WORK / f"long-{n_findings}-{n_chars}"
    inputs = sorted(
        p
        for sub in ("codebook", "studies", "sources", "synthesis")
        for p in (DATA / sub).rglob("*")
        if p.is_file()
    )
    stamp = hashlib.sha256(
        "\n".join(
            [GENERATOR_VERSION]
            + [Path(f).read_text(encoding="utf-8") for f in (__file__, synthetic.__file__)]
            + [f"{p.relative_to(DATA)} {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in inputs]
        ).encode()
    ).hexdigest()
    if (target / ".stamp").exists() and (target / ".stamp").read_text() == stamp:
        return target
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("schema"))
    text, starts = _long_text(n_chars)
    real = [f for study, _ in _templates() for f in study["findings"] if not f.get("restates")]
    findings, step = [], max(1, (len(starts) - 4) // max(1, -(-n_findings // 4)))
    for j in range(n_findings):
        group, role = divmod(j, 4)
        first = group * step  # the group's first sentence
        if role == 0:  # three sentences
            start, end = starts[first], starts[first + 3] - 1
        elif role == 1:  # nested: inside the long quote, from its second sentence
            start, end = starts[first + 1], _word_end(text, starts[first + 1] + 60)
        elif role == 2:  # overlapping the long quote's end
            start, end = starts[first + 2], _word_end(text, starts[first + 3] + 40)
        else:  # same start as the long quote, first sentence only
            start, end = starts[first], starts[first + 1] - 1
        f = dict(
            real[j % len(real)],
            finding_id=f"{LONG_ID}-{j + 1:03d}",
            quote=normalize_whitespace(text[start:end]),
        )
        for key in ("quote_en", "restates", "note", "study_variable"):
            f.pop(key, None)
        if j % 50 == 49:
            f["restates"] = findings[-1]["finding_id"]
        findings.append(f)
    template = next(study for study, _ in _templates() if study["study_id"] == "jambi-bantar")
    study = dict(
        template,
        study_id=LONG_ID,
        label="Long paper (synthetic)",
        label_id="Makalah panjang (sintetis)",
        note=None,
        implementation_outcome={"rating": "not_stated"},
        findings=findings,
    )
    study["source"] = dict(
        template["source"],
        file=f"sources/{LONG_ID}.txt",
        source_type="article",
        seed_file=None,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    (target / "sources" / f"{LONG_ID}.txt").write_text(text, encoding="utf-8")
    (target / "studies" / f"{LONG_ID}.yaml").write_text(
        HEADER + yaml.dump(study, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    (target / ".stamp").write_text(stamp)
    return target
