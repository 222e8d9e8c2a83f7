"""The workbench's list after Save and reopening (text order, second theme, "coded", rejected rows hidden)
and a row's quote moved to other words, keeping its finding id (studykit.coding.bench.rows), without a
browser; the clicks are in test_workbench_browser.py."""

from __future__ import annotations

import html
import json

import pytest
import yaml
from helpers import invoke_studykit

from studykit.coding import workbench
from studykit.coding.bench import Session
from studykit.coding.bench import labels as bench_labels
from studykit.coding.bench.item import EmptySelection
from studykit.coding.bench.rows import quote_at
from studykit.coding.bench.source_view import rows_and_spans
from studykit.corpus.provenance import locate_quote

CODER = "rows-test"
TEXT = (
    "Implementasi Program Bantuan Usaha di Kota Malang\n\n"
    "Hasil penelitian menunjukkan bahwa implementasi program belum berjalan optimal. "
    "Dana operasional sangat terbatas dan pencairan dana sering terlambat. "
    "Koordinasi antar dinas masih lemah. Jumlah pendamping tidak sebanding dengan jumlah penerima. "
    "Komitmen lurah dan tokoh masyarakat cukup tinggi. Partisipasi warga dalam rapat kelurahan rendah. "
    "Disarankan agar pemerintah kota menambah jumlah pendamping.\n"
)


@pytest.fixture
def study(data_copy, tmp_path):
    """A study still to code, from our own sentences."""
    source = tmp_path / "abstrak.txt"
    source.write_text(TEXT, "utf-8")
    assert invoke_studykit("new-study", source, "--id", "malang-rows", "--data", data_copy).returncode == 0
    return "malang-rows"


def _t(lang="en"):
    return lambda key, **values: bench_labels.t(key, lang, **values)


def _span(s: Session, words: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = s.text.index(words, at + 1)
    return at, at + len(words)


def _log(data_copy, study):
    path = data_copy / f"decisions/{study}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_reopened_rows_are_in_text_order_with_their_second_theme_and_coded(data_copy, study):
    s = Session(study, data_copy, CODER)
    themes = list(s.themes["theme_id"])
    # made last sentence first: the file keeps the order they were decided in
    late = s.create(*_span(s, "menambah jumlah pendamping"), "recommendation", themes[0], "Add.", "Tambah.")
    early = s.create(*_span(s, "Dana operasional sangat terbatas"), "barrier", themes[1], "Funds.", "Dana.")
    s.edit(early.item.key, secondary_theme_id=themes[2])
    assert s.save().ok
    written = [f["finding_id"] for f in yaml.safe_load(s.path.read_text(encoding="utf-8"))["findings"]]
    assert written.index(late.item.finding_id) < written.index(early.item.finding_id)

    again = Session(study, data_copy, CODER)
    starts = [it.start for it in again.visible()]
    assert starts == sorted(starts)  # the list: in the order of the text, not of the file
    ids = [it.finding_id for it in again.visible()]
    assert ids.index(early.item.finding_id) < ids.index(late.item.finding_id)
    assert again.item(early.item.finding_id).secondary_theme_id == themes[2]  # round trip
    for lang, coded, second in (("en", "coded", "2nd: "), ("id", "dikode", "ke-2: ")):
        rows = {r["id"]: r for r in rows_and_spans(again, _t(lang), lang)[0]}
        row = rows[early.item.finding_id]
        assert (
            row["secondary"].startswith(second + themes[2]) and rows[late.item.finding_id]["secondary"] == ""
        )
        # a decision reads "coded" (never a score made up again), with why in its tooltip
        assert row["score"] == coded and row["score_help"]
        pending = [r for r in rows.values() if r["status"] == "unreviewed"]
        assert pending and all(r["score"] not in ("", coded) and r["score_help"] == "" for r in pending)
    # the second theme is edited like the others, and can be taken away again
    again.edit(early.item.finding_id, secondary_theme_id="")
    assert again.save().ok
    assert Session(study, data_copy, CODER).item(early.item.finding_id).secondary_theme_id is None


def test_rejected_rows_can_be_hidden_and_the_choice_stays_with_the_session(data_copy, study):
    s = Session(study, data_copy, CODER)
    first = s.next_pending()
    rejected = s.reject(first)
    assert s.show_rejected and first in {it.key for it in s.visible()} and s.rejected == 1
    s.show_rejected = False
    assert first not in {it.key for it in s.visible()}
    rows, spans = rows_and_spans(s, _t(), "en")
    assert first not in {r["key"] for r in rows} | {x["key"] for x in spans}  # nor its highlight
    assert all(s.item(k).status != "rejected" for k in [s.next_pending(), s.next_pending(step=-1)] if k)
    assert s.save().ok  # hidden is not deleted: it is written, as rejected
    findings = yaml.safe_load(s.path.read_text(encoding="utf-8"))["findings"]
    assert [f["review_status"] for f in findings if f["finding_id"] == rejected.finding_id] == ["rejected"]
    assert not s.show_rejected and rejected.finding_id not in {it.finding_id for it in s.visible()}
    s.reload()
    assert not s.show_rejected and rejected.finding_id not in {it.finding_id for it in s.visible()}
    s.show_rejected = True
    assert rejected.finding_id in {it.finding_id for it in s.visible()}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_toggle_and_the_requote_button_in_the_widget(data_copy, study, lang):
    wb = workbench(study, data_copy, CODER, lang)
    key = wb.view.selected
    wb._on_key(None, {"command": "reject"}, None)
    assert wb.tools.toggle.value and "(1)" in wb.tools.toggle.description
    said = {"en": "Show rejected", "id": "Tampilkan baris yang ditolak"}[lang]
    assert wb.tools.toggle.description.startswith(said)
    wb.tools.toggle.value = False
    assert key not in {r["key"] for r in wb.view.rows} and not wb.session.show_rejected
    wb.tools.toggle.value = True
    assert key in {r["key"] for r in wb.view.rows}
    # select a row, then words: the button names that row; a click makes them its quote
    wb.view.selected = key
    assert wb.tools.button.layout.display == "none"  # no words selected: nothing to offer
    start, end = _span(wb.session, "pencairan dana sering terlambat")
    wb.view.selection = {"start": start + 2, "end": end}
    name = wb.session.item(key).finding_id
    assert wb.tools.button.layout.display is None and name in wb.tools.button.description
    wb.tools.button.click()
    it = wb.session.item(key)
    assert (it.finding_id, it.quote, it.start) == (name, "pencairan dana sering terlambat", start)
    assert wb.view.selected == key and wb.view.selection == {} and "«pencairan" in wb.status.value
    assert wb.tools.button.layout.display == "none"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_hiding_the_selected_rejected_row_selects_its_neighbour_in_the_text_and_says_so(
    data_copy, study, lang
):
    wb = workbench(study, data_copy, CODER, lang)
    rows = [it.key for it in wb.session.visible()]
    assert len(rows) >= 4, rows
    last, middle = rows[-1], rows[1]
    for key in (last, middle):
        wb.view.selected = key
        wb._decide("reject")
    wb.status.value = ""
    wb.view.selected = middle  # a rejected row selected, then hidden: the next row kept in the text
    wb.tools.toggle.value = False
    after = rows[2]
    name = lambda key: wb.session.item(key).finding_id or key  # noqa: E731
    said = html.unescape(wb.status.value)
    assert wb.view.selected == after and middle not in {r["key"] for r in wb.view.rows}
    assert name(middle) in said and f"({after})" in said, said  # a suggestion is named by its key
    assert ("the next row in the text" if lang == "en" else "baris berikutnya dalam teks") in said, said
    wb.tools.toggle.value = True
    wb.view.selected = last  # the last row: the one before it, kept, is selected
    wb.tools.toggle.value = False
    said = html.unescape(wb.status.value)
    assert wb.view.selected == rows[-2] and name(last) in said
    assert ("the row before it" if lang == "en" else "baris sebelumnya") in said, said
    wb.tools.toggle.value = True
    wb.view.selected = rows[0]  # a row kept selected: hiding changes neither it nor the status line
    wb.status.value = ""
    wb.tools.toggle.value = False
    assert wb.view.selected == rows[0] and wb.status.value == ""


def test_a_rows_quote_moves_keeping_its_id_exactly_and_is_logged(data_copy, study):
    s = Session(study, data_copy, CODER)
    s.accept(s.next_pending())
    made = s.create(
        *_span(s, "Koordinasi antar dinas"), "barrier", s.themes["theme_id"].iloc[3], "Weak.", "Lemah."
    )
    r = s.save()
    assert r.ok, [p.text("en") for p in r.problems]
    old = (made.item.start, made.item.end)
    n_findings = len(yaml.safe_load(s.path.read_text(encoding="utf-8"))["findings"])
    start, end = _span(s, "Koordinasi antar dinas masih lemah")
    moved = s.requote(made.item.key, start + 3, end - 2)  # inside words: snapped to them
    it = moved.item
    assert moved.moved and not moved.first_elsewhere
    assert it.finding_id == made.item.finding_id and it.quote == s.text[start:end]
    assert (it.start, it.end) == locate_quote(s.text, it.quote) == (start, end)
    assert s.save().ok
    findings = yaml.safe_load(s.path.read_text(encoding="utf-8"))["findings"]
    assert len(findings) == n_findings  # the same finding, no new one
    [f] = [f for f in findings if f["finding_id"] == it.finding_id]
    assert f["quote"] == s.text[start:end] and f.get("review_status", "reviewed") == "reviewed"
    last = _log(data_copy, study)[-1]
    assert (last["action"], last["finding_id"], last["quote_start"], last["quote_end"]) == (
        "edit",
        it.finding_id,
        start,
        end,
    )
    assert (last["old_quote_start"], last["old_quote_end"]) == old
    assert invoke_studykit("validate", data_copy).returncode == 0
    again = Session(study, data_copy, CODER).item(it.finding_id)
    assert (again.quote, again.start, again.end) == (s.text[start:end], start, end)
    # words that occur earlier too: the quote is recorded where validate locates it, and the coder is told
    later = s.requote(it.key, *_span(s, "pendamping", nth=1))
    assert later.first_elsewhere and later.item.start == _span(s, "pendamping")[0]
    assert s.text[later.item.start : later.item.end] == later.item.quote == "pendamping"


def test_a_requote_of_nothing_is_refused_and_changes_nothing(data_copy, study):
    s = Session(study, data_copy, CODER)
    made = s.create(
        *_span(s, "Koordinasi antar dinas"), "barrier", s.themes["theme_id"].iloc[3], "Weak.", "Lemah."
    )
    before = (made.item.quote, made.item.start, made.item.end, made.item.changed)
    gap = s.text.index("\n\n")
    with pytest.raises(EmptySelection):
        s.requote(made.item.key, gap, gap + 2)
    assert (made.item.quote, made.item.start, made.item.end, made.item.changed) == before
    assert s.requote(made.item.key, made.item.start, made.item.end).item.changed == before[3]  # same words


def test_a_suggestions_quote_changed_then_accepted_or_rejected(data_copy, study):
    """Accepted, it is logged with where it was suggested; rejected, it is turned down as it was suggested."""
    s = Session(study, data_copy, CODER)
    taken = s.item(s.next_pending())
    turned = s.item(s.next_pending(taken.key))
    suggested = [(it.quote, it.start, it.end) for it in (taken, turned)]
    for it in (taken, turned):  # its first words only
        s.requote(it.key, it.start, it.start + len(" ".join(it.quote.split()[:3])))
        assert it.pending and it.finding_id is None and it.quote != suggested[0][0]
    s.accept(taken.key)
    s.reject(turned.key)
    assert (turned.quote, turned.start, turned.end) == suggested[1]
    assert s.save().ok
    log = {d["finding_id"]: d for d in _log(data_copy, study)}
    accepted, rejected = log[taken.finding_id], log[turned.finding_id]
    assert (accepted["action"], accepted["quote_start"], accepted["quote_end"]) == (
        "accept",
        taken.start,
        taken.end,
    )
    assert (accepted["old_quote_start"], accepted["old_quote_end"]) == suggested[0][1:]
    assert rejected["action"] == "reject" and "old_quote_start" not in rejected
    findings = {f["finding_id"]: f for f in yaml.safe_load(s.path.read_text(encoding="utf-8"))["findings"]}
    assert findings[taken.finding_id]["quote"] == taken.quote == s.text[taken.start : taken.end]
    assert findings[turned.finding_id]["quote"] == suggested[1][0]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_quote_moved_says_its_english_quote_is_kept(data_copy, lang):
    wb = workbench("bengkulu-samisake", data_copy, CODER, lang)
    [it] = [it for it in wb.session.items if it.values.get("quote_en")][:1]
    wb.view.selected = it.key
    words = " ".join(it.quote.split()[:4])
    wb.view.selection = {"start": it.start, "end": it.start + len(words)}
    wb.tools.button.click()
    assert it.quote == words and it.values["quote_en"] and "quote_en" in wb.status.value
    said = {"en": "is kept as it was", "id": "tetap seperti semula"}[lang]
    assert said in html.unescape(wb.status.value)


def test_a_suggestion_accepted_with_its_quote_moved_away_is_not_offered_again(data_copy, study):
    """Accepted and its quote moved to another sentence in the same save: reopened, the study does not offer
    the suggestion again where it was suggested (the log's old_quote span was answered); it was, and a coder
    accepted it a second time (two findings from one suggestion)."""
    s = Session(study, data_copy, CODER)
    taken = s.item(s.next_pending())
    suggested = (taken.finding_type, taken.theme_id, " ".join(taken.quote.split()))
    elsewhere = next(
        it for it in s.visible() if it.start is not None and (it.start >= taken.end or it.end <= taken.start)
    )
    s.accept(taken.key)
    old = (taken.start, taken.end)
    s.requote(taken.key, elsewhere.start, elsewhere.end)
    assert (taken.start, taken.end) != old
    assert s.save().ok
    line = _log(data_copy, study)[-1]
    assert (line["action"], line["old_quote_start"], line["old_quote_end"]) == ("accept", *old)
    again = Session(study, data_copy, CODER)
    offered = {(it.finding_type, it.theme_id, " ".join(it.quote.split())) for it in again.items if it.pending}
    assert suggested not in offered
    assert again.item(taken.finding_id).quote == s.text[elsewhere.start : elsewhere.end]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_keys_with_rejected_rows_hidden_go_on_from_the_row_decided_and_never_to_a_hidden_row(
    data_copy, study, lang
):
    wb = workbench(study, data_copy, CODER, lang)
    rows = [it.key for it in wb.session.visible()]
    assert len(rows) >= 4 and all(wb.session.item(k).pending for k in rows), rows
    wb.tools.toggle.value = False  # rejected rows hidden, then `r` pressed on the third row
    wb.view.selected = rows[2]
    wb._on_key(None, {"command": "reject"}, None)
    assert rows[2] not in {r["key"] for r in wb.view.rows}
    assert wb.view.selected == rows[3]  # the next row to decide after it in the text, not the list's first
    for _ in rows:  # every row rejected by its key: the selection stays on a row the list shows
        if wb.view.selected:
            wb._on_key(None, {"command": "reject"}, None)
        shown = {r["key"] for r in wb.view.rows}
        assert wb.view.selected in shown | {""}, (wb.view.selected, shown)
    assert wb.session.rejected == len(rows) and wb.view.selected == ""
    wb._on_key(None, {"command": "accept"}, None)  # nothing selected: `a` accepts no hidden row
    assert wb.session.rejected == len(rows)


PDF_TEXT = (  # as copied from a PDF: words hyphenated at line ends, a footer line (our own sentences)
    "Pendampingan Keluarga Penerima di Kabupaten Sleman\n\n"
    "Hasil penelitian menunjukkan bahwa partisipasi masya-\nrakat dalam pertemuan kelompok cukup tinggi dan\n"
    "komu-\nnikasi antara pendamping dan penerima berjalan baik. Namun pencairan bantuan sering terlambat.\n"
    "Jurnal Kebijakan Sosial Vol. 7 No. 1 (2022) 45\n"
    "Disarankan agar dinas sosial menambah jumlah pendamping.\n"
)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_selection_cut_at_a_line_end_hyphen_takes_the_whole_word(data_copy, tmp_path, lang):
    source = tmp_path / "abstrak-pdf.txt"
    source.write_text(PDF_TEXT, "utf-8")
    assert invoke_studykit("new-study", source, "--id", "sleman-pdf", "--data", data_copy).returncode == 0
    wb = workbench("sleman-pdf", data_copy, CODER, lang)
    s = wb.session
    a, hyphen = s.text.index("partisipasi"), s.text.index("masya-") + len("masya")
    whole = "partisipasi masya-\nrakat"
    for end in (hyphen, hyphen + 1, hyphen + 2):  # let go before the hyphen, after it, past the line
        q = quote_at(s.text, a, end)
        assert (q.quote, q.moved) == (whole, True), (end, q)
    wb.view.selection = {"start": a, "end": hyphen + 1}  # the label shows the words the quote will hold
    assert "«partisipasi masyarakat»" in html.unescape(wb.selection_label.value)
    rakat = s.text.index("rakat dalam")
    made = s.create(rakat, rakat + len("rakat dalam"), "enabler", s.themes["theme_id"].iloc[0], "P.", "P.")
    assert made.item.quote == "masya-\nrakat dalam" and made.moved  # started on the word's second half
    komu = s.text.index("komu-")
    moved = s.requote(made.item.key, komu + 5, s.text.index(" antara"))  # the second half of komu-|nikasi
    assert moved.item.quote == "komu-\nnikasi" and moved.moved
    assert quote_at(s.text, a, a + len("partisipasi")).quote == "partisipasi"  # no hyphen: as it was
    late = s.text.index("terlambat.")
    assert quote_at(s.text, late, late + len("terlambat")).moved is False  # a line end without hyphen
