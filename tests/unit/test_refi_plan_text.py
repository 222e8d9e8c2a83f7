"""The text `studykit import-refi` prints for an import plan, built from the plan alone."""

from __future__ import annotations

from pathlib import Path

from studykit.coding.refi.planned import ImportPlan, PlannedStudy, plan_lines
from studykit.coding.refi.positions import NVIVO
from studykit.coding.refi.records import RefiSource
from studykit.corpus.problems import Problem, Said


def plan() -> ImportPlan:
    source = RefiSource("g1", "Wawancara", "teks")
    planned = PlannedStudy("wawancara", source, "teks", "0" * 64, existing=False, findings=[{}, {}])
    planned.unused_variables = {"Umur": "42"}
    return ImportPlan(
        "p.qdpx",
        "NVivo 14",
        counting=NVIVO,
        counting_why=Said("refi.why.origin", {"origin": "NVivo 14"}),
        sources=[{"guid": "g1", "name": "Wawancara", "chars": 4}],
        codes=[
            {"guid": "c1", "name": "Dana", "path": "Hambatan", "mapped_to": "barrier/T04", "used": 2},
            {"guid": "c2", "name": "Lain", "path": "", "mapped_to": None, "used": 1},
            {"guid": "c3", "name": "Kosong", "path": "", "mapped_to": None, "used": 0},
        ],
        selections=[{}, {}],
        studies=[planned],
        skipped=[Said("refi.skip.no_finding", {"source": "Catatan"})],
    )


def test_a_dry_run_says_what_would_be_written_and_lists_used_or_mapped_codes_only():
    lines = plan_lines(plan(), [], dry_run=True)
    assert lines[:4] == [
        "p.qdpx: REFI-QDA project from NVivo 14",
        "positions counted in UTF-16 code units, CRLF counted as two (the counting of 'NVivo 14')",
        "sources: 1 text (Wawancara); selections: 2",
        "codes: 3, 1 mapped",
    ]
    assert lines[4:6] == [
        "  Hambatan/Dana -> barrier/T04 (2 codings)",
        "  Lain -> NOT MAPPED (1 coding)",
    ]
    assert lines[6].startswith("would write: new study wawancara (document 'Wawancara'): 2 findings; ")
    assert lines[6].endswith("; variables not in the schema (not imported): Umur=42")
    assert "metadata to fill in: " in lines[6]
    assert lines[7:] == ["skipped: Catatan: no coding maps to a finding, so no study is made of it"]


def test_the_plan_in_indonesian_states_the_counting_its_reason_and_the_skipped_items_in_indonesian():
    lines = plan_lines(plan(), [], dry_run=True, lang="id")
    assert lines[1] == (
        "posisi dihitung dalam unit kode UTF-16, CRLF dihitung sebagai dua (cara hitung 'NVivo 14')"
    )
    assert lines[-1] == (
        "dilewati: Catatan: tidak ada pengodean yang terpetakan ke temuan, "
        "jadi tidak ada studi yang dibuat darinya"
    )
    assert plan().as_json("id")["counting"]["label"] == "unit kode UTF-16, CRLF dihitung sebagai dua"
    assert plan().as_json("id")["counting"]["basis"] == "origin"


def test_a_real_import_says_wrote_and_counts_the_files():
    lines = plan_lines(plan(), [Path("a"), Path("b")], dry_run=False)
    assert lines[6].startswith("wrote: new study wawancara") and lines[-1] == (
        "wrote 2 files; next: studykit validate"
    )


def test_the_next_step_carries_the_data_directory_on():
    lines = plan_lines(plan(), [Path("a")], dry_run=False, data_option=" --data coder-b")
    assert lines[-1] == "wrote 1 file; next: studykit validate --data coder-b"
    lines = plan_lines(plan(), [Path("a")], dry_run=False, lang="id", data_option=" --data coder-b")
    assert lines[-1] == "1 berkas ditulis; berikutnya: studykit validate --data coder-b"


def test_an_unreadable_file_prints_nothing_but_its_problems():
    unreadable = ImportPlan("x.qdpx", None, problems=[Problem("x.qdpx", None, "file", "is not a zip file")])
    assert plan_lines(unreadable, [], dry_run=True) == []


def test_a_plan_with_problems_would_write_even_when_not_a_dry_run():
    p = plan()
    p.problems = [Problem("p.qdpx", None, "Code/c2", "not mapped")]
    assert plan_lines(p, [], dry_run=False)[6].startswith("would write: ")
