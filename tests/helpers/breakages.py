"""A copy of the corpus broken on purpose, one way at a time: each breakage with the file, field, words and
line its problem must name (``studykit validate`` in English; ``--lang id`` states the same places)."""

from __future__ import annotations

from pathlib import Path

BENGKULU = "studies/bengkulu-samisake.yaml"


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def yaml_syntax(d):
    replace_in(d / BENGKULU, "label: Bengkulu · SAMISAKE", "label: [Bengkulu")


def csv_syntax(d):
    with (d / "codebook/crosswalk.csv").open("a", encoding="utf-8") as fh:
        fh.write('T01,ED,ED-COMM,"direct,unterminated\n')


def truncated(d):
    path = d / BENGKULU
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - finding_id: bengkulu-samisake-03") + 30], encoding="utf-8")


def bad_utf8(d):
    path = d / BENGKULU
    path.write_bytes(path.read_bytes().replace("Bengkulu · SAMISAKE".encode(), b"Bengkulu \xb7 SAMISAKE"))


def empty(d):
    (d / BENGKULU).write_text("", encoding="utf-8")


def missing_field(d):
    replace_in(d / BENGKULU, "province: Bengkulu\n", "")


def not_allowed(d):
    replace_in(d / BENGKULU, "finding_type: barrier", "finding_type: obstacle")


def unknown_theme(d):
    replace_in(d / BENGKULU, "theme_id: T08", "theme_id: T99")


def quote_not_in_source(d):
    replace_in(
        d / BENGKULU,
        "ketidaksesuaian visi antara eksekutif dan legislatif",
        "perbedaan visi antara eksekutif dan legislatif",
    )


def duplicate_study(d):
    text = (d / BENGKULU).read_text(encoding="utf-8")
    (d / "studies/bengkulu-copy.yaml").write_text(text, encoding="utf-8")


def duplicate_finding(d):
    replace_in(d / BENGKULU, "finding_id: bengkulu-samisake-02", "finding_id: bengkulu-samisake-01")


def finding_of_other_study(d):
    replace_in(d / BENGKULU, "finding_id: bengkulu-samisake-02", "finding_id: jakarta-kjp-02")


def missing_source(d):
    (d / "sources/bengkulu-samisake.txt").unlink()


def edited_source(d):
    with (d / "sources/bengkulu-samisake.txt").open("a", encoding="utf-8") as fh:
        fh.write("edited\n")


def unknown_province(d):
    replace_in(d / BENGKULU, "province: Bengkulu\n", "province: Bengkulu Raya\n")


def misspelt_admin_unit(d):
    replace_in(d / BENGKULU, "admin_unit: Kota Bengkulu\n", "admin_unit: Kota Bengkuluu\n")


def admin_unit_in_another_province(d):
    replace_in(d / BENGKULU, "province: Bengkulu\n", "province: DI Yogyakarta\n")


def admin_unit_of_another_type(d):
    replace_in(d / BENGKULU, "admin_unit_type: kota\n", "admin_unit_type: kabupaten\n")


def outcome_quote_not_in_source(d):
    replace_in(d / BENGKULU, "belum berjalan dengan maksimal\n", "belum berjalan dengan optimal\n")


def outcome_rating_without_quote(d):
    replace_in(d / "studies/semarang-p2kp.yaml", "rating: not_stated", "rating: successful")


def not_stated_with_quote(d):
    replace_in(d / BENGKULU, "rating: poor", "rating: not_stated")


def unknown_programme_family(d):
    replace_in(d / BENGKULU, "programme_family: local", "programme_family: PNPM")


def duplicate_province(d):
    with (d / "codebook/provinces.csv").open("a", encoding="utf-8") as fh:
        fh.write("Bengkulu,Bengkulu,Bengkulu,sumatera\n")


BREAKAGES = [
    # (breakage, file named in the message, field named, words of the message, line expected)
    (yaml_syntax, BENGKULU, "yaml", "invalid YAML syntax", 4),
    (csv_syntax, "codebook/crosswalk.csv", "csv", "invalid CSV syntax", 145),
    (truncated, BENGKULU, "findings.2.finding_type", "required field is missing", None),
    (bad_utf8, BENGKULU, "encoding", "invalid UTF-8", 3),
    (empty, BENGKULU, "file", "file is empty", None),
    (missing_field, BENGKULU, "province", "required field is missing", None),
    (not_allowed, BENGKULU, "findings.3.finding_type", "'obstacle' is not allowed", 67),
    (unknown_theme, BENGKULU, "findings.5.theme_id", "unknown theme id 'T99'", 87),
    (
        quote_not_in_source,
        BENGKULU,
        "findings.5.quote",
        "quote not found in data/sources/bengkulu-samisake.txt",
        90,
    ),
    (
        duplicate_study,
        BENGKULU,
        "study_id",
        "duplicate study id 'bengkulu-samisake', already used in data/studies/bengkulu-copy.yaml",
        2,
    ),
    (
        duplicate_finding,
        BENGKULU,
        "findings.1.finding_id",
        "duplicate finding id 'bengkulu-samisake-01'",
        50,
    ),
    (
        finding_of_other_study,
        BENGKULU,
        "findings.1.finding_id",
        "does not belong to study 'bengkulu-samisake'",
        50,
    ),
    (missing_source, BENGKULU, "source.file", "file not found", 29),
    (edited_source, BENGKULU, "source.sha256", "has changed since it was recorded", 31),
    (unknown_province, BENGKULU, "province", "unknown province 'Bengkulu Raya'", 8),
    (
        misspelt_admin_unit,
        BENGKULU,
        "admin_unit",
        "'Kota Bengkuluu' is not a kota or kabupaten of codebook/regencies.csv (did you mean 'Kota Bengkulu'",
        6,
    ),
    (
        admin_unit_in_another_province,
        BENGKULU,
        "province",
        "Kota Bengkulu lies in Bengkulu (codebook/regencies.csv), not in 'DI Yogyakarta'; write province: "
        "Bengkulu",
        8,
    ),
    (
        admin_unit_of_another_type,
        BENGKULU,
        "admin_unit_type",
        "Kota Bengkulu is a kota in codebook/regencies.csv, not a kabupaten",
        7,
    ),
    (
        outcome_quote_not_in_source,
        BENGKULU,
        "implementation_outcome.quote",
        "quote not found in data/sources/bengkulu-samisake.txt",
        23,
    ),
    (
        outcome_rating_without_quote,
        "studies/semarang-p2kp.yaml",
        "implementation_outcome.quote",
        "rating 'successful' needs the verbatim sentence",
        25,
    ),
    (
        not_stated_with_quote,
        BENGKULU,
        "implementation_outcome.quote",
        "rating not_stated takes no quote",
        23,
    ),
    (unknown_programme_family, BENGKULU, "programme_family", "'PNPM' is not allowed", 14),
    (duplicate_province, "codebook/provinces.csv", "province", "duplicate province 'Bengkulu'", 40),
]
