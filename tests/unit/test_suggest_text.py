"""Suggestions on English, mixed and line-wrapped abstracts: quotes are exact spans of the text as stored."""

from __future__ import annotations

import pytest

from studykit.coding import suggest as sg
from studykit.coding.segment import body_sentences, front_matter, reflow, sentences
from studykit.paths import DATA_DIR

SOURCES = sorted((DATA_DIR / "sources").glob("*.txt"))

ENGLISH = (
    "Implementation of the Family Hope Program in Kupang City\n\n"
    "Abstract\n"
    "This study aims to analyse the implementation of the program using Edwards III's model. "
    "Data were collected through interviews. The results show that the program has not been "
    "implemented effectively. Social facilitators are overloaded and lack adequate training. "
    "The beneficiary data are outdated, so some poor households are excluded. Coordination between "
    "the social affairs office and village officials is good. The local government should increase "
    "the budget for facilitators.\n"
    "Keywords: implementation, conditional cash transfer\n"
)
MIXED = (
    "Hasil penelitian menunjukkan bahwa keterbatasan anggaran menjadi kendala utama. "
    "However, community participation in the village deliberations was high. "
    "Koordinasi antar dinas belum berjalan dengan baik."
)


def kinds(candidates) -> set[tuple[str, str]]:
    return {(c.finding_type, c.theme_id) for c in candidates}


def assert_exact(text: str, candidates) -> None:
    assert candidates
    for c in candidates:
        assert text[c.start : c.end] == c.quote


def wrap(text: str, width: int = 80) -> str:
    """Every line longer than ``width`` broken at spaces (each a line break instead): same length, same
    offsets."""
    out = []
    for line in text.split("\n"):
        chars, start, last_space = list(line), 0, None
        for i, ch in enumerate(line):
            if ch == " ":
                last_space = i
            if i - start >= width and last_space is not None and last_space > start:
                chars[last_space] = "\n"
                start, last_space = last_space + 1, None
        out.append("".join(chars))
    return "\n".join(out)


def test_an_english_abstract_gets_its_findings_with_exact_quotes(lexicon):
    candidates = sg.suggest_text(ENGLISH, lexicon)
    assert_exact(ENGLISH, candidates)
    assert kinds(candidates) >= {
        ("outcome", "T15"),
        ("barrier", "T03"),
        ("barrier", "T11"),
        ("enabler", "T07"),
        ("recommendation", "T04"),
    }
    quotes = " ".join(c.quote for c in candidates)
    # title, aims, method and keywords are no findings
    assert "Kupang City" not in quotes and "interviews" not in quotes and "Keywords" not in quotes


def test_a_mixed_abstract_is_read_sentence_by_sentence_in_its_own_language(lexicon):
    candidates = sg.suggest_text(MIXED, lexicon)
    assert_exact(MIXED, candidates)
    assert kinds(candidates) >= {("barrier", "T04"), ("enabler", "T09"), ("barrier", "T07")}
    english = [c for c in candidates if c.theme_id == "T09"]
    assert english and all("participation" in c.quote for c in english)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_a_study_wrapped_at_80_columns_gives_the_same_suggestions_as_its_unwrapped_text(path, lexicon):
    text = path.read_text(encoding="utf-8")
    wrapped = wrap(text)
    assert wrapped != text and len(wrapped) == len(text)
    plain, folded = sg.suggest_text(text, lexicon), sg.suggest_text(wrapped, lexicon)
    assert_exact(wrapped, folded)
    assert [(c.finding_type, c.theme_id, c.start, c.end, c.score, c.cues) for c in folded] == [
        (c.finding_type, c.theme_id, c.start, c.end, c.score, c.cues) for c in plain
    ]
    assert [" ".join(c.quote.split()) for c in folded] == [" ".join(c.quote.split()) for c in plain]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = (
        "Penelitian dilakukan di Kec. Mutiara, Kab. Pidie, Prov. Aceh oleh Drs. M. Yusuf, S.Sos. bersama "
        "warga, kader, dll. yang terlibat. Dana tahap kedua terlambat."
    )
    spans = sentences(text)
    assert [text[a:b] for a, b in spans] == [text[: text.index(" Dana")], "Dana tahap kedua terlambat."]


def test_line_wraps_are_rejoined_and_short_lines_keep_their_break():
    text = (
        "JUDUL PENELITIAN YANG PANJANG\n"
        "Nama Penulis\n\n"
        "Hasil penelitian menunjukkan bahwa pencairan dana dari pemerintah kabupaten sering\n"
        "terlambat sehingga kegiatan tertunda, dan fasilitator di Kab. Sumba Timur belum\n"
        "mendapat pelatihan yang memadai dari dinas terkait sejak program dimulai tahun lalu.\n"
        "Kata kunci: dana desa\n"
    )
    flat = reflow(text)
    assert len(flat) == len(text) and "sering terlambat" in flat and "belum mendapat" in flat
    assert flat.startswith("JUDUL PENELITIAN YANG PANJANG\nNama Penulis\n\n")  # short lines keep their break
    spans = body_sentences(text)
    assert [" ".join(text[a:b].split()) for a, b in spans] == [
        "Hasil penelitian menunjukkan bahwa pencairan dana dari pemerintah kabupaten sering terlambat "
        "sehingga kegiatan tertunda, dan fasilitator di Kab. Sumba Timur belum mendapat pelatihan yang "
        "memadai dari dinas terkait sejak program dimulai tahun lalu."
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Communication between the city government and the\nKab. Kubu Raya social office was weak.\n",
        "Dana bantuan disalurkan kepada warga miskin di\nKota Samarinda melalui kelurahan.\n",
    ],
)
def test_a_short_line_ending_on_a_word_no_heading_ends_on_goes_on(text):
    assert body_sentences(text) == [(0, len(text) - 1)]
    assert "\n" not in reflow(text).rstrip("\n")


def test_a_legal_citation_is_no_context_finding(lexicon):
    text = (
        "Program ini diatur dalam Peraturan Walikota Jambi No. 47 Tahun 2014 tentang pedoman bantuan. "
        "Hasil penelitian menunjukkan bahwa dana bantuan terlambat."
    )
    candidates = sg.suggest_text(text, lexicon)
    assert all(c.finding_type != "context" for c in candidates)
    assert ("barrier", "T04") in kinds(candidates)


def test_a_word_hyphenated_at_a_line_wrap_is_read_as_one_word(lexicon):
    text = (
        "Hasil penelitian menunjukkan bahwa koordinasi antar dinas dalam pelaksa-\n"
        "naan program belum berjalan dengan baik dan partisipasi masyarakat masih sa-\n"
        "ngat rendah.\n"
    )
    words = [t.surface for t in sg.tokens(reflow(text), 0, len(text), "id")]
    assert "pelaksanaan" in words and "sangat" in words and "naan" not in words
    candidates = sg.suggest_text(text, lexicon)
    assert_exact(text, candidates)
    assert {("barrier", "T07"), ("barrier", "T09")} <= kinds(candidates)


def test_a_double_spaced_copy_reads_as_its_single_spaced_text(lexicon):
    single = (
        "Hasil penelitian menunjukkan bahwa penyaluran bantuan di desa ini\n"
        "belum tepat sasaran karena pendataan tidak diperbarui.\n"
    )
    double = single.replace("ini\n", "ini\n\n")
    flat = reflow(double)
    assert len(flat) == len(double) and "desa ini  belum tepat" in flat
    plain, spaced = sg.suggest_text(single, lexicon), sg.suggest_text(double, lexicon)
    assert_exact(double, spaced)
    assert kinds(spaced) == kinds(plain) and ("barrier", "T11") in kinds(spaced)


def test_a_full_stop_without_a_space_ends_a_sentence_but_not_in_an_address():
    text = (
        "Program ini belum berjalan efektif.masih ada kendala dana. "
        "Lihat www.kemensos.go.id untuk rinciannya."
    )
    assert [text[a:b] for a, b in sentences(text)] == [
        "Program ini belum berjalan efektif.",
        "masih ada kendala dana.",
        "Lihat www.kemensos.go.id untuk rinciannya.",
    ]
    # after a unit written with a slash, or a hyphenated plural; a file name in a path still holds
    text = "Rata-rata naik 601 jiwa/tahun.Seperti yang dikatakan kepala desa. Unduh data/laporan.pdf dahulu."
    assert [text[a:b] for a, b in sentences(text)] == [
        "Rata-rata naik 601 jiwa/tahun.",
        "Seperti yang dikatakan kepala desa.",
        "Unduh data/laporan.pdf dahulu.",
    ]


def test_bullets_and_numbered_items_are_findings_of_their_own(lexicon):
    text = (
        "The results showed that:\n"
        "  • coordination between agencies was weak and fragmented, and\n"
        "  • the budget was disbursed late.\n"
        "Hasil penelitian menunjukkan bahwa: 1) sosialisasi belum berjalan baik, "
        "2) pendamping sangat terbatas dan 3) partisipasi masyarakat tinggi."
    )
    assert [" ".join(text[a:b].split()) for a, b in sentences(text)][:3] == [
        "The results showed that",
        "• coordination between agencies was weak and fragmented, and",
        "• the budget was disbursed late.",
    ]
    candidates = sg.suggest_text(text, lexicon)
    assert_exact(text, candidates)
    assert {
        ("barrier", "T07"),
        ("barrier", "T04"),
        ("barrier", "T01"),
        ("barrier", "T03"),
        ("enabler", "T09"),
    } <= kinds(candidates)
    by_theme = {c.theme_id: c.quote for c in candidates}
    assert by_theme["T03"].startswith("2)") and "sosialisasi" not in by_theme["T03"]


def test_a_concession_opens_a_clause_of_its_own(lexicon):
    text = (
        "The results show that the programme ran. Although the implementers are highly committed, "
        "the number of facilitators is insufficient."
    )
    candidates = sg.suggest_text(text, lexicon)
    assert {("enabler", "T06"), ("barrier", "T03")} <= kinds(candidates)
    committed = [c for c in candidates if c.theme_id == "T06"]
    assert committed and all("insufficient" not in c.quote for c in committed)


def test_as_expected_is_no_recommendation_and_an_evaluated_activity_is_no_effort(lexicon):
    text = (
        "Hasil penelitian menunjukkan bahwa sosialisasi program tidak berjalan seperti yang diharapkan. "
        "The results show that the outreach conducted by the agency has not been effective."
    )
    candidates = sg.suggest_text(text, lexicon)
    types = {c.finding_type for c in candidates}
    assert "recommendation" not in types and "effort" not in types
    assert ("barrier", "T01") in kinds(candidates)


def test_factors_named_supporting_and_inhibiting_alike_give_both(lexicon):
    text = (
        "Hasil penelitian menunjukkan bahwa komunikasi dan anggaran dapat menjadi faktor pendukung "
        "sekaligus faktor penghambat implementasi."
    )
    candidates = sg.suggest_text(text, lexicon)
    assert {("enabler", "T01"), ("barrier", "T01"), ("enabler", "T04"), ("barrier", "T04")} <= kinds(
        candidates
    )


def test_a_results_sentence_that_names_the_informants_is_still_read(lexicon):
    text = (
        "Data were collected through interviews. The findings show that, according to several informants, "
        "the budget was insufficient."
    )
    assert ("barrier", "T04") in kinds(sg.suggest_text(text, lexicon))
    assert not sg.suggest_text(
        "Data were collected through interviews with informants on the budget.", lexicon
    )


def test_the_purpose_of_an_effort_ends_where_its_instrument_is_named(lexicon):
    text = (
        "Hasil penelitian menunjukkan bahwa upaya yang dilakukan untuk mengatasi rendahnya partisipasi "
        "adalah menambah jumlah pendamping."
    )
    candidates = sg.suggest_text(text, lexicon)
    assert ("effort", "T03") in kinds(candidates) and ("effort", "T09") not in kinds(candidates)


def test_a_programme_name_names_no_theme_but_its_words_in_lower_case_do(lexicon):
    named = "Hasil penelitian menunjukkan bahwa implementasi Alokasi Dana Desa belum berjalan dengan baik."
    assert ("barrier", "T04") not in kinds(sg.suggest_text(named, lexicon))
    assert ("outcome", "T15") in kinds(sg.suggest_text(named, lexicon))
    spoken = "Hasil penelitian menunjukkan bahwa alokasi dana desa sering terlambat."
    assert ("barrier", "T04") in kinds(sg.suggest_text(spoken, lexicon))


def test_conformity_with_the_rules_is_an_outcome_not_an_enabler_of_what_conformed(lexicon):
    text = "Hasil penelitian menunjukkan bahwa pengelolaan dana desa dilakukan sesuai dengan peraturan."
    found = kinds(sg.suggest_text(text, lexicon))
    assert ("outcome", "T14") in found and ("enabler", "T04") not in found


EDWARDS = (
    "Hasil penelitian menunjukkan bahwa implementasi program dilihat dari empat variabel Edward III belum "
    "optimal. Komunikasi sudah berjalan dengan baik melalui sosialisasi di setiap kelurahan. Sumber daya "
    "belum memadai karena jumlah pendamping terbatas. Disposisi pelaksana cukup baik. Struktur birokrasi "
    "belum memiliki SOP yang jelas."
)
VAN_METER = (
    "Hasil penelitian menunjukkan bahwa dari enam variabel Van Meter dan Van Horn, ukuran dan tujuan "
    "kebijakan sudah jelas, sumber daya finansial belum mencukupi, karakteristik agen pelaksana kurang "
    "mendukung, sikap para pelaksana positif, komunikasi antar organisasi lemah, serta lingkungan ekonomi, "
    "sosial dan politik tidak kondusif."
)
GRINDLE = (
    "The results indicate that communication has been effective, resources are inadequate, the disposition "
    "of implementers is good, and the bureaucratic structure is fragmented. In terms of the context of "
    "implementation, the resources committed are insufficient and political support is weak."
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            EDWARDS,
            {
                ("outcome", "T15"),
                ("enabler", "T01"),
                ("barrier", "T03"),
                ("enabler", "T06"),
                ("barrier", "T07"),
            },
        ),
        (
            VAN_METER,
            {
                ("enabler", "T02"),
                ("barrier", "T04"),
                ("barrier", "T07"),
                ("enabler", "T06"),
                ("barrier", "T01"),
                ("barrier", "T12"),
            },
        ),
        (
            GRINDLE,
            {
                ("enabler", "T01"),
                ("enabler", "T06"),
                ("barrier", "T07"),
                ("barrier", "T04"),
                ("barrier", "T08"),
            },
        ),
    ],
    ids=["edwards", "van-meter-van-horn", "evaluated-dimensions-en"],
)
def test_a_framework_driven_abstract_gets_each_rated_dimension_with_its_own_valence(lexicon, text, expected):
    candidates = sg.suggest_text(text, lexicon)
    assert_exact(text, candidates)
    assert expected <= kinds(candidates)
    assert ("enabler", "T07") not in kinds(candidates)  # "belum memiliki SOP yang jelas" is negated


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_a_double_spaced_copy_of_a_wrapped_study_gives_the_same_suggestions(path, lexicon):
    text = path.read_text(encoding="utf-8")
    double = wrap(text).replace("\n", "\n\n")  # a PDF copy: every line break doubled
    plain, spaced = sg.suggest_text(text, lexicon), sg.suggest_text(double, lexicon)
    assert_exact(double, spaced)
    assert [(c.finding_type, c.theme_id, c.score, " ".join(c.quote.split())) for c in spaced] == [
        (c.finding_type, c.theme_id, c.score, " ".join(c.quote.split())) for c in plain
    ]


def test_an_action_after_a_recommendation_word_is_the_recommendation_not_its_purpose(lexicon):
    for text in (
        "The results show that the local government needs to increase the socialization of the programme.",
        "Hasil penelitian menunjukkan bahwa pemerintah perlu untuk meningkatkan sosialisasi program.",
    ):
        assert ("recommendation", "T01") in kinds(sg.suggest_text(text, lexicon)), text
    purpose = (
        "Hasil penelitian menunjukkan bahwa pemerintah perlu mengadakan sosialisasi untuk meningkatkan "
        "partisipasi masyarakat."
    )
    assert kinds(sg.suggest_text(purpose, lexicon)) == {("recommendation", "T01")}  # T09 is the target


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_an_abstract_printed_in_capitals_gives_the_suggestions_of_its_normal_case(path, lexicon):
    """Some repositories print the abstract in capitals: capitals then mark no title line. (Spans may differ
    where case alone marked a sentence start, as a heading word run into the text before it.)"""
    text = path.read_text(encoding="utf-8")
    shouted = "".join(c.upper() if len(c.upper()) == 1 else c for c in text)
    plain, loud = sg.suggest_text(text, lexicon), sg.suggest_text(shouted, lexicon)
    assert_exact(shouted, loud)
    assert plain and {(c.finding_type, c.theme_id) for c in loud} == {
        (c.finding_type, c.theme_id) for c in plain
    }


def test_a_title_in_capitals_above_a_normal_abstract_is_still_no_finding():
    text = "DANA DESA DAN KOORDINASI YANG LEMAH DI KABUPATEN X\nHasil penelitian: dana lambat cair."
    first = sentences(text)[0]
    assert front_matter(text, *first)


@pytest.mark.parametrize(
    "text",
    [
        "Koordinasi antar dinas berjalan dengan baik. Partisipasi masyarakat tinggi. "
        "Penelitian selanjutnya perlu mengkaji dampak program.",
        "Coordination between agencies was good. Community participation was high. "
        "Future research should examine the impact.",
        # a word of a method phrase inside another ("entitlements" is no thesis "entitled …")
        "Coordination between agencies was good. Community participation was high. "
        "It produced entitlements at odds with local custom.",
    ],
)
def test_closing_remarks_after_unmarked_results_leave_them_results(text, lexicon):
    """An abstract without a results marker: its findings are results even when a sentence about further
    research (or one the method cues misread) closes it."""
    assert {("enabler", "T07"), ("enabler", "T09")} <= {
        (c.finding_type, c.theme_id) for c in sg.suggest_text(text, lexicon)
    }


@pytest.mark.parametrize(
    "text",
    [
        "This paper argues that the coordination between agencies was good. The data were collected through "
        "interviews. In conclusion, the programme needs clearer roles.",
        "Penelitian ini mengungkapkan bahwa koordinasi antar dinas berjalan dengan baik. "
        "Data dikumpulkan melalui wawancara. Kesimpulannya, program memerlukan peran yang jelas.",
    ],
)
def test_an_argument_or_a_revealed_result_is_a_result_before_the_method(text, lexicon):
    assert ("enabler", "T07") in {(c.finding_type, c.theme_id) for c in sg.suggest_text(text, lexicon)}


def test_a_sentence_opening_with_oleh_or_by_is_no_author_line_unless_it_names_one(lexicon):
    for byline in ("Oleh: Ahmad Sutrisno", "Oleh Ahmad Sutrisno", "By John Doe, Jane Roe", "BY JOHN DOE"):
        assert front_matter(byline, 0, len(byline)), byline
    for sentence in ("Oleh karena itu, koordinasi perlu diperkuat.", "By involving residents, it worked."):
        assert not front_matter(sentence, 0, len(sentence)), sentence
    text = (
        "Hasil penelitian menunjukkan bahwa koordinasi lemah. "
        "Oleh karena itu, penguatan koordinasi antar dinas sangat diperlukan."
    )
    assert ("recommendation", "T07") in {(c.finding_type, c.theme_id) for c in sg.suggest_text(text, lexicon)}


def test_a_web_copy_with_a_paragraph_on_a_line_keeps_its_titles_and_keyword_lines_apart():
    """Paragraphs one long line each, a blank line between (a bilingual abstract as a journal's site serves
    it): the short lines are titles and keywords, no fixed width. They were read as wrapped lines, so each
    title ran into its half's first sentence and the keyword line into the English title and first
    sentence, which were then dropped with the keywords as front matter."""
    paragraph_id = (
        "Penelitian ini bertujuan untuk menganalisis pelaksanaan program bedah rumah di desa. "
        "Metode penelitian adalah kualitatif deskriptif dengan wawancara, observasi dan dokumentasi. "
        "Hasil penelitian menunjukkan bahwa pelaksanaan program belum optimal karena dana terbatas."
    )
    paragraph_en = (
        "This study aims to analyse the implementation of the house renovation programme in villages. "
        "The research method was descriptive qualitative with interviews, observation and documents. "
        "The results show that implementation was not yet optimal because funds were limited."
    )
    text = (
        "Evaluasi Program Bedah Rumah di Kabupaten Banyumas\n\n" + paragraph_id + "\n\n"
        "Kata kunci: bedah rumah, implementasi, kemiskinan\n\n"
        "Evaluation of the House Renovation Programme in Banyumas\n\n" + paragraph_en + "\n\n"
        "Keywords: house renovation, implementation, poverty\n"
    )
    assert reflow(text).count("\n") == text.count("\n")  # no line break is a wrap
    body = [text[a:b] for a, b in body_sentences(text)]
    assert body[0].startswith("Penelitian ini bertujuan") and body[3].startswith("This study aims")
    assert len(body) == 6 and not any("Kata kunci" in s or "Evaluation of" in s for s in body)


PDF_PAGE = (
    "Penelitian ini bertujuan untuk mendeskripsikan implementasi program pemberdayaan\n"
    "ekonomi keluarga miskin di Kota Pekalongan dan faktor-faktor yang mempengaruhinya.\n"
    "Hasil penelitian menunjukkan bahwa implementasi program sudah berjalan cukup baik.\n"
    "{footer}\n"
    "Faktor pendukung implementasi adalah komunikasi yang baik antara pendamping dan\n"
    "kelompok usaha. Faktor penghambat adalah rendahnya kemampuan manajemen usaha dan\n"
    "kurangnya pengawasan dari dinas terkait.\n"
    "Kata kunci: implementasi, pemberdayaan ekonomi, keluarga miskin\n"
)


@pytest.mark.parametrize(
    "footer",
    [
        "Jurnal Administrasi Publik Vol. 9 No. 2 (2021) 115",
        "115 Jurnal Administrasi Publik, Volume 9, Nomor 2, Juli 2021",
        "JIAP Vol. 3, No. 1, pp. 45-60",
    ],
)
def test_a_pdf_pages_running_footer_between_sentences_is_no_part_of_a_quote(lexicon, footer):
    """A PDF copy keeps the journal's running header or footer where the page broke: it was joined to the
    next sentence (a line as long as the text's), so the enabler's quote started with the footer."""
    text = PDF_PAGE.format(footer=footer)
    body = [text[a:b] for a, b in body_sentences(text)]
    assert not any(footer[:10] in s or "Juli 2021" in s for s in body), body
    assert any(s.startswith("Faktor pendukung implementasi") for s in body)
    candidates = sg.suggest_text(text, lexicon)
    assert_exact(text, candidates)
    assert ("enabler", "T01") in kinds(candidates)
    assert not any(footer[:10] in c.quote for c in candidates)


def test_a_line_citing_a_regulation_by_number_and_year_still_wraps():
    text = PDF_PAGE.replace(
        "{footer}\n",
        "Pelaksanaan program mengacu pada Peraturan Walikota No. 5 Tahun 2015\nKota "
        "Pekalongan tentang penanggulangan kemiskinan yang belum dilaksanakan.\n",
    )
    body = [text[a:b] for a, b in body_sentences(text)]
    assert any(s.startswith("Pelaksanaan program") and s.endswith("belum dilaksanakan.") for s in body), body
