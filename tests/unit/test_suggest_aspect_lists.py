"""A framework's aspects named as a list under one evaluation (Edwards III, Van Meter–Van Horn), and
Indonesian enumerations whose items have predicates of their own: one finding per aspect or item, in
both languages; a framework named in the method is no finding. Our own example sentences."""

from __future__ import annotations

import pytest

from studykit.coding import rank as rk
from studykit.coding import suggest as sg

EDWARDS = {"T01", "T03", "T06", "T07"}


def found(text: str, lexicon) -> list:
    out = sg.suggest_text(text, lexicon)
    assert all(text[c.start : c.end] == c.quote for c in out)
    # the ranked path (`studykit suggest`) reads the clauses without theme cues: the same candidates
    ranked = rk.rank(text, lexicon, None, min_score=0.0, limit=None)
    assert {(c.finding_type, c.theme_id, c.start) for c in ranked} == {
        (c.finding_type, c.theme_id, c.start) for c in out
    }
    return out


def kinds(text: str, lexicon) -> set[tuple[str, str]]:
    return {(c.finding_type, c.theme_id) for c in found(text, lexicon)}


ASPECT_LISTS = [  # (text, type of each aspect, the evaluation is an outcome too)
    (
        "The findings indicate that the village cash programme was carried out well, as seen from "
        "communication, resources, disposition and bureaucratic structure.",
        "enabler",
        True,
    ),
    (
        "The results show that the implementation in the district has not been optimal in terms of "
        "communication, resources, disposition, and bureaucratic structure.",
        "barrier",
        True,
    ),
    (
        "The study found that the housing grant was delivered on time, supported by communication, "
        "resources, disposition and bureaucratic structure.",
        "enabler",
        False,
    ),
    (
        "The results show that the scholarship scheme was hampered by communication, resources, disposition "
        "and bureaucratic structure.",
        "barrier",
        False,
    ),
    (
        "Hasil penelitian menunjukkan bahwa dilihat dari aspek komunikasi, sumber daya, disposisi dan "
        "struktur birokrasi, pelaksanaan bantuan beras belum optimal.",
        "barrier",
        True,
    ),
    (
        "Hasil penelitian menunjukkan bahwa program bedah rumah sudah berjalan dengan baik ditinjau dari "
        "komunikasi, sumber daya, disposisi dan struktur birokrasi.",
        "enabler",
        True,
    ),
    (
        "Hasil penelitian menunjukkan bahwa penyaluran bantuan tunai terhambat oleh komunikasi, sumber daya, "
        "disposisi dan struktur birokrasi.",
        "barrier",
        False,
    ),
    (
        "Hasil penelitian menunjukkan bahwa program berjalan lancar karena didukung oleh komunikasi, "
        "sumber daya, disposisi dan struktur birokrasi.",
        "enabler",
        False,
    ),
]


@pytest.mark.parametrize("text, kind, rated", ASPECT_LISTS)
def test_each_aspect_of_a_list_takes_the_evaluation(lexicon, text, kind, rated):
    got = kinds(text, lexicon)
    assert {(kind, t) for t in EDWARDS} <= got
    other = "barrier" if kind == "enabler" else "enabler"
    assert not {(other, t) for t in EDWARDS} & got
    if rated:
        assert ("outcome", "T15") in got
    listed = [c for c in found(text, lexicon) if c.theme_id in EDWARDS]
    assert len({(c.start, c.end) for c in listed}) == 1  # the list is their shared quote
    assert "komunikasi, sumber daya" in listed[0].quote or "communication, resources" in listed[0].quote


def test_the_six_variables_of_van_meter_and_van_horn(lexicon):
    texts = [
        "The results show that the implementation was successful, as seen from standards and objectives, "
        "resources, characteristics of implementing agents, inter-organizational communication, disposition "
        "and the social, economic and political environment.",
        "Hasil penelitian menunjukkan bahwa implementasi sudah berhasil dilihat dari standar dan sasaran "
        "kebijakan, sumber daya, karakteristik agen pelaksana, komunikasi antar organisasi, disposisi serta "
        "lingkungan sosial, ekonomi dan politik.",
    ]
    for text in texts:
        got = kinds(text, lexicon)
        assert {("enabler", t) for t in ("T01", "T02", "T03", "T06", "T07", "T12")} <= got
        assert ("outcome", "T15") in got


def test_a_framework_named_in_the_method_is_no_finding(lexicon):
    for method in (
        "This study uses Edwards III's theory: communication, resources, disposition and bureaucratic "
        "structure.",
        "The implementation is analysed with the model of Van Meter and Van Horn, seen from standards and "
        "objectives, resources, disposition and the social, economic and political environment.",
        # walk 15: proposed as an enabler on T06 (disposition), score 0.58
        "The analysis follows Edwards III's model of communication, resources, disposition and bureaucratic "
        "structure.",
    ):
        text = method + " The results show that the programme was carried out well."
        assert kinds(text, lexicon) == {("outcome", "T15")}


def test_a_bare_variable_name_alone_or_explained_names_no_theme(lexicon):
    text = (
        "Hasil penelitian menunjukkan bahwa program berjalan baik dilihat dari komunikasi, sumber daya, "
        "disposisi dan struktur birokrasi. Kendala yang dihadapi terdiri atas sumber daya (dana dan "
        "partisipasi warga) dan koordinasi."
    )
    second = text.index("Kendala")
    assert ("enabler", "T03") in kinds(text, lexicon)
    assert not [c for c in found(text, lexicon) if c.start >= second and c.theme_id == "T03"]


ENUMERATION = (  # the same findings in both languages
    "Hasil penelitian menunjukkan bahwa program berjalan baik. Aspek lainnya seperti sumber daya "
    "manusia sudah cukup, agen pelaksana sudah memiliki SOP yang baku, komunikasi sudah berjalan dengan "
    "baik melalui sosialisasi.",
    "The results show that the programme ran well. Other aspects such as human resources are adequate, the "
    "implementing agents already have clear SOPs, and communication has run well through socialization.",
)


def test_an_indonesian_enumeration_with_own_predicates_reads_as_the_english_one(lexicon):
    got = []
    for text in ENUMERATION:
        second = text.index(". ") + 2
        got.append({(c.finding_type, c.theme_id) for c in found(text, lexicon) if c.start >= second})
    # one enabler per item; "komunikasi sudah berjalan dengan baik" rates the determinant, not the programme
    assert got[0] == got[1] == {("enabler", "T03"), ("enabler", "T07"), ("enabler", "T01")}
