"""The synthetic corpora of the tests and the benchmarks, generated from the real one (one home: the
scale, site, source-text and REFI tests and ``benchmarks/bench_corpus.py``, ``bench_scale.py`` and
``bench_agreement.py`` all use it; benchmarks put ``tests/`` on their path to import it).

``generate(n)``: n studies built from the real ones, so that the parser, the model validation
and the quote search do the same work per finding as on real data: study k copies real study
``k % 5`` (all its fields), gets its own id and its own copy of the real source text (plus one
trailer line, so every source is a distinct text that really gets hashed and indexed), and
cycles the real findings up to 15, so every quote is a real substring of its source. The
attributes reports group by vary with k (see ``_attributes``): place (a real kota or kabupaten of
``codebook/regencies.csv`` of the template's type, with its province, so that copies validate), programme
family, year (some missing), source type and, for every third block of copies, the implementation outcome,
whose verdict sentence is then written into the trailer so that its quote is found like a real
one. ``with_real(n)``: the real data plus such copies, n studies in all. (``long_study()``, the real data
plus one study as long as a full paper, lives in :mod:`.longpaper`.)

Generation is deterministic (no randomness); each corpus is written under
``benchmarks/_work/`` (git-ignored) and reused while its inputs (the real data and this file)
are unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from functools import cache
from pathlib import Path

import yaml

from studykit.paths import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"
WORK = PROJECT_ROOT / "benchmarks" / "_work"
FINDINGS_PER_STUDY = 15
HEADER = "# yaml-language-server: $schema=../schema/study.schema.json\n"
GENERATOR_VERSION = "7"  # bump when the generation below changes


def _templates() -> list[tuple[dict, str]]:
    """The real studies with their source texts, in file-name order."""
    out = []
    for path in sorted((DATA / "studies").glob("*.yaml")):
        study = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append((study, (DATA / study["source"]["file"]).read_text(encoding="utf-8")))
    return out


class _Dumper(yaml.SafeDumper):
    """Lays files out like the real ones: block mappings, indented lists, flow lists of scalars."""

    def increase_indentation(self, flow=False, indentless=False):
        return super().increase_indentation(flow, False)

    def represent_list(self, data):
        flow = all(not isinstance(x, (dict, list)) for x in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _Dumper.represent_list)
_K = "XXXXX"  # placeholder for the study number in a rendered template
_SHA = "f" * 64  # placeholder for the source hash
_VARIED = (
    "admin_unit",
    "province",
    "locality",
    "programme_family",
    "year",
    "source_type",
    "implementation_outcome",
)  # placeholders "@@name@@"
# Provinces drawn in turn (13 is prime to the 5 templates, so every template meets every province); Jawa
# weighs more, as in the literature. Within its province, a copy takes the kota or kabupaten (its template's
# type) that comes next in the gazetteer's order.
_PROVINCES = [
    "Jawa Tengah",
    "Jawa Timur",
    "Bengkulu",
    "Jawa Barat",
    "Sulawesi Selatan",
    "DI Yogyakarta",
    "Jambi",
    "Sumatera Utara",
    "Kalimantan Timur",
    "Banten",
    "Nusa Tenggara Barat",
    "Maluku",
    "Papua",
]
_RATINGS = ["successful", "mixed", "poor", "not_stated"]
_VERDICTS = {  # a synthetic verdict sentence per rating, written into the trailer of the copy's source
    "successful": "implementasi program ini berhasil mencapai tujuannya",
    "mixed": "implementasi program ini sebagian berhasil namun hasilnya belum optimal",
    "poor": "implementasi program ini belum berjalan dengan baik",
}


@cache
def _units(province: str, admin_unit_type: str) -> tuple[str, ...]:
    """The admin_units of the gazetteer in ``province`` of ``admin_unit_type``, in the gazetteer's order."""
    with (DATA / "codebook/regencies.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        r["admin_unit"] for r in rows if r["province"] == province and r["admin_unit_type"] == admin_unit_type
    )


def _flow(value: str) -> str:
    """A string as a YAML scalar on one line."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _attributes(k: int, template: dict) -> tuple[dict[str, str], str]:
    """Copy k's varied attributes (as YAML flow text, by placeholder) and the verdict sentence its source
    must contain ('' for none)."""
    year = "null" if k % 9 == 4 else str(2005 + (k * 7) % 18)
    family = {3: "pkh", 7: "social_assistance"}.get(k % 11, template["programme_family"])
    source_type = "thesis" if k % 10 == 9 else template["source"]["source_type"]
    outcome, verdict = template["implementation_outcome"], ""
    if (k // 5) % 3 == 2:  # a third of the copies depart from their template's outcome
        rating = _RATINGS[(k // 15 + k) % 4]
        verdict = _VERDICTS.get(rating, "")
        outcome = {"rating": rating, "quote": verdict or None, "note": "synthetic"}
    outcome_text = yaml.safe_dump(outcome, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    province = _PROVINCES[k % len(_PROVINCES)]
    units = _units(province, template["admin_unit_type"])
    unit = units[(k // len(_PROVINCES)) % len(units)]
    # a study of the kota or kabupaten as a whole names it as its locality; a desa or kelurahan stays
    whole = template["level"] == template["admin_unit_type"]
    values = {
        "admin_unit": _flow(unit),
        "province": _flow(province),
        "locality": _flow(unit if whole else template["locality"]),
        "programme_family": family,
        "year": year,
        "source_type": source_type,
        "implementation_outcome": outcome_text,
    }
    return {f"@@{name}@@": value for name, value in values.items()}, verdict


def _render(template: dict) -> str:
    """A template study as YAML text with placeholders: new ids, 15 findings cycled from the real ones."""
    old_id = template["study_id"]
    sid = f"{old_id}-s{_K}"
    real = template["findings"]
    findings = []
    for j in range(FINDINGS_PER_STUDY):
        cycle, i = divmod(j, len(real))
        f = dict(real[i], finding_id=f"{sid}-{j + 1:02d}")
        if f.get("restates"):  # point at the same earlier finding within this cycle
            earlier = next(n for n, g in enumerate(real) if g["finding_id"] == f["restates"])
            f["restates"] = f"{sid}-{cycle * len(real) + earlier + 1:02d}"
        findings.append(f)
    study = dict(
        template,
        study_id=sid,
        label=f"{template['label']} #{_K}",
        label_id=f"{template['label_id']} #{_K}",
        findings=findings,
    )
    study["source"] = dict(template["source"], file=f"sources/{sid}.txt", sha256=_SHA)
    study.update({name: f"@@{name}@@" for name in _VARIED if name in study})
    study["source"].update({name: f"@@{name}@@" for name in _VARIED if name in study["source"]})
    body = yaml.dump(study, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    assert body.count(_SHA) == 1 and _K not in yaml.dump(template, allow_unicode=True)
    return HEADER + body


def generate(n: int) -> Path:
    """Write (or reuse) the synthetic data directory for ``n`` studies; return its path."""
    templates = _templates()
    inputs = sorted(
        p for sub in ("codebook", "studies", "sources") for p in (DATA / sub).rglob("*") if p.is_file()
    )
    stamp_input = [GENERATOR_VERSION, str(n), hashlib.sha256(Path(__file__).read_bytes()).hexdigest()] + [
        f"{p.relative_to(DATA)} {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in inputs
    ]
    stamp = hashlib.sha256("\n".join(stamp_input).encode()).hexdigest()
    target = WORK / f"corpus-{n}"
    if (target / ".stamp").exists() and (target / ".stamp").read_text() == stamp:
        return target
    if target.exists():
        shutil.rmtree(target)
    (target / "studies").mkdir(parents=True)
    (target / "sources").mkdir()
    shutil.copytree(DATA / "codebook", target / "codebook")
    rendered = [(t, _render(t), source) for t, source in templates]
    for k in range(n):
        template, text, source = rendered[k % len(rendered)]
        old_id = template["study_id"]
        sid = f"{old_id}-s{k:05d}"
        values, verdict = _attributes(k, template)
        src = (
            source.rstrip("\n")
            + f"\n\n[synthetic copy {k:05d} of {old_id}]"
            + (f" {verdict}." if verdict else "")
            + "\n"
        )
        (target / "sources" / f"{sid}.txt").write_text(src, encoding="utf-8")
        sha = hashlib.sha256(src.encode("utf-8")).hexdigest()
        text = text.replace(_K, f"{k:05d}").replace(_SHA, sha)
        for placeholder, value in values.items():
            text = text.replace(f"'{placeholder}'", value)  # YAML quotes the placeholder ('@' is reserved)
        (target / "studies" / f"{sid}.yaml").write_text(text, encoding="utf-8")
    (target / ".stamp").write_text(stamp)
    return target


def with_real(n: int) -> Path:
    """The real data directory (its five studies, codebook and all) plus ``n - 5`` studies of
    :func:`generate`: a corpus of ``n`` as an analyst grows the bundled one (the suggester's timing). Reused
    while its inputs are unchanged."""
    copies = generate(n - len(_templates()))
    target = WORK / f"with-real-{n}"
    stamp = (copies / ".stamp").read_text() + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    if (target / ".stamp").exists() and (target / ".stamp").read_text() == stamp:
        return target
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(DATA, target)
    for sub in ("studies", "sources"):
        for path in (copies / sub).iterdir():
            shutil.copyfile(path, target / sub / path.name)
    (target / ".stamp").write_text(stamp)
    return target
