"""Finding types on the patterns real abstracts use: goals are no findings, causes are clauses of their own,
ratings of implementation as a whole are outcomes, efforts answer a problem. Our own example sentences."""

from __future__ import annotations

from studykit.coding import suggest as sg
from studykit.coding.clauses import read
from studykit.coding.segment import sentences


def kinds(candidates) -> set[tuple[str, str]]:
    return {(c.finding_type, c.theme_id) for c in candidates}


def types(candidates) -> set[str]:
    return {c.finding_type for c in candidates}


def test_a_purpose_phrase_states_a_goal_not_an_effort_nor_a_valence(lexicon):
    english = (
        "The results show that the office set up a training scheme in an effort to improve the welfare of "
        "poor families."
    )
    indonesian = (
        "Hasil penelitian menunjukkan bahwa pelatihan dilaksanakan dalam upaya meningkatkan kesejahteraan "
        "keluarga di desa."
    )
    for text in (english, indonesian):
        found = sg.suggest_text(text, lexicon)
        assert "effort" not in types(found) and "enabler" not in types(found), text
    # the goal keeps no valence; the same word outside it does
    text = "Hasil penelitian menunjukkan bahwa dana desa dipakai untuk mencapai kesejahteraan yang optimal."
    assert "enabler" not in types(sg.suggest_text(text, lexicon))
    text = "Hasil penelitian menunjukkan bahwa dana desa yang optimal dipakai untuk mencapai kesejahteraan."
    assert ("enabler", "T04") in kinds(sg.suggest_text(text, lexicon))
    used = (
        "Hasil penelitian menunjukkan bahwa dana desa digunakan dengan baik oleh warga."  # "guna" is no "for"
    )
    assert ("enabler", "T04") in kinds(sg.suggest_text(used, lexicon))


def test_words_that_describe_the_target_group_carry_no_valence(lexicon):
    for text in (
        "Hasil penelitian menunjukkan bahwa bantuan modal usaha diterima oleh keluarga tidak mampu di desa.",
        "The findings show that the grants reach low-income households as well as elderly residents.",
    ):
        found = sg.suggest_text(text, lexicon)
        assert "barrier" not in types(found) and "enabler" not in types(found), text


def test_a_cause_with_a_valence_of_its_own_is_a_clause_of_its_own(lexicon):
    text = (
        "Hasil penelitian menunjukkan bahwa implementasi program belum berjalan dengan baik karena "
        "keterbatasan anggaran desa."
    )
    found = sg.suggest_text(text, lexicon)
    outcome = [c for c in found if (c.finding_type, c.theme_id) == ("outcome", "T15")]
    budget = [c for c in found if (c.finding_type, c.theme_id) == ("barrier", "T04")]
    assert outcome and budget
    assert "anggaran" not in outcome[0].quote and budget[0].quote.startswith("karena")
    # after a bare problem word the cause stays with it: "masih ada hambatan karena ..." is one finding
    text = "Hasil penelitian menunjukkan bahwa masih ada hambatan karena rendahnya partisipasi warga."
    barrier = [c for c in sg.suggest_text(text, lexicon) if c.theme_id == "T09"]
    assert barrier and "masih ada hambatan karena" in barrier[0].quote


def test_the_target_groups_perception_rated_is_an_enabler(lexicon):
    # codebook §2.2: outcomes are T13, T14 and T15; a good reception by the target group helps (coders code
    # an enabler)
    found = sg.suggest_text(
        "The results show that the public perception of the cash transfer is positive.", lexicon
    )
    assert ("enabler", "T10") in kinds(found) and ("outcome", "T10") not in kinds(found)
    found = sg.suggest_text("The results show that public awareness of the cash transfer is good.", lexicon)
    assert ("enabler", "T10") in kinds(found)  # understanding is a determinant, not a perception rated


def test_a_rating_of_implementation_as_a_whole_makes_no_enabler_of_what_follows(lexicon):
    whole = "The results show that the implementation of the scheme according to its guidelines went well."
    found = sg.suggest_text(whole, lexicon)
    assert ("outcome", "T15") in kinds(found) and "enabler" not in types(found)
    aspect = "The results show that the implementation of the scheme in terms of communication went well."
    assert ("enabler", "T01") in kinds(sg.suggest_text(aspect, lexicon))
    named = "The results show that communication within the scheme went well."
    assert ("enabler", "T01") in kinds(sg.suggest_text(named, lexicon))


def test_a_weak_effort_verb_makes_an_effort_only_where_a_problem_is_named(lexicon):
    plain = "The results show that training was provided to the village facilitators."
    assert "effort" not in types(sg.suggest_text(plain, lexicon))
    answered = (
        "The results show that the village facilitators lacked skills. Training was then provided to the "
        "village facilitators."
    )
    assert "effort" in types(sg.suggest_text(answered, lexicon))


def test_contracted_and_modal_negations_negate(lexicon):
    for text in (
        "The results show that coordination between the offices wasn’t effective.",
        "The results show that coordination between the offices isn't effective.",
        "The results show that coordination between the offices cannot be called effective.",
    ):
        assert ("barrier", "T07") in kinds(sg.suggest_text(text, lexicon)), text


def test_inhibit_and_less_name_barriers_and_activities_are_not_active(lexicon):
    text = "The results show that the factors that inhibit the scheme were the budget and less monitoring."
    assert {("barrier", "T04"), ("barrier", "T07")} <= kinds(sg.suggest_text(text, lexicon))
    text = "The results show that the facilitators organised monitoring activities for the members."
    assert "enabler" not in types(sg.suggest_text(text, lexicon))


def test_a_sentence_may_start_in_lower_case_after_a_full_stop():
    text = (
        "The scheme reached every hamlet. at the second stage the office paid the grants. "
        "See Rahman et al. for it."
    )
    assert [text[a:b] for a, b in sentences(text)] == [
        "The scheme reached every hamlet.",
        "at the second stage the office paid the grants.",
        "See Rahman et al. for it.",
    ]


def test_a_list_of_names_is_not_cut_as_a_run_on_sentence(lexicon):
    text = (
        "Hasil penelitian menunjukkan bahwa Lurah, Badan Amal Warga, Karang Taruna dan kelompok ibu "
        "bekerja sama."
    )
    assert len(read(text, lexicon).clauses) == 1
    run_on = "Hasil penelitian menunjukkan bahwa dana terlambat, Pendamping belum dilatih dengan baik."
    assert len(read(run_on, lexicon).clauses) == 2


def test_hasil_dari_penelitian_starts_the_results(lexicon):
    text = (
        "Program ini merupakan bantuan perbaikan rumah bagi warga desa. Hasil dari penelitian menunjukkan "
        "bahwa koordinasi antar dinas masih lemah."
    )
    found = sg.suggest_text(text, lexicon)
    assert ("barrier", "T07") in kinds(found)
    assert all(c.finding_type == "context" for c in found if c.start < text.index("Hasil"))


def test_enumerated_items_take_the_valence_of_their_lists_head(lexicon):
    text = "The results show that the scheme was supported by several factors: 1) coordination, 2) funds."
    found = sg.suggest_text(text, lexicon)
    assert {("enabler", "T07"), ("enabler", "T04")} <= kinds(found)
    assert all(c.quote in ("1) coordination", "2) funds.") for c in found if c.theme_id in ("T04", "T07"))
    lines = (
        "Hasil penelitian menunjukkan bahwa terdapat kendala:\n1) koordinasi antar dinas\n"
        "2) pencairan dana desa tahun ini"
    )
    assert {("barrier", "T07"), ("barrier", "T04")} <= kinds(sg.suggest_text(lines, lexicon))


def test_driving_factors_are_enablers_and_their_capitalised_items_stay_in_the_list(lexicon):
    text = (
        "The results show that the driving factors consist of the legal basis, Availability of funds "
        "from the village budget, Presence of the village head."
    )
    found = sg.suggest_text(text, lexicon)
    assert {("enabler", "T02"), ("enabler", "T04")} <= kinds(found)
    assert len({(c.start, c.end) for c in found}) == 1  # one list, one quote


def test_the_words_of_a_programmes_title_name_no_theme(lexicon):
    text = "The results show that the Self-Help Housing Assistance Program is not optimal."
    found = sg.suggest_text(text, lexicon)
    assert kinds(found) == {("outcome", "T15")}
    spoken = "The results show that self-help contributions of the residents are not optimal."
    assert ("barrier", "T09") in kinds(sg.suggest_text(spoken, lexicon))


def test_baik_maupun_and_repair_verbs_rate_nothing(lexicon):
    for text in (
        "Hasil penelitian menunjukkan bahwa bantuan diterima baik oleh warga desa maupun warga kota.",
        "Hasil penelitian menunjukkan bahwa bantuan dipakai warga untuk memperbaiki rumah.",
    ):
        assert "enabler" not in types(sg.suggest_text(text, lexicon)), text
    rated = (
        "Hasil penelitian menunjukkan bahwa bantuan diterima dengan baik oleh warga desa maupun warga kota."
    )
    assert ("enabler", "T16") in kinds(sg.suggest_text(rated, lexicon))


def test_persistence_rated_well_is_an_outcome_and_conformity_stays_an_outcome(lexicon):
    text = "The results show that the sustainability of the revolving fund is running well."
    found = sg.suggest_text(text, lexicon)
    assert ("outcome", "T13") in kinds(found) and ("enabler", "T13") not in kinds(found)
    text = "The results show that the use of the aid is in accordance with the provisions."
    found = sg.suggest_text(text, lexicon)
    assert ("outcome", "T14") in kinds(found) and ("enabler", "T16") not in kinds(found)


def test_therefore_starts_the_recommendation_after_a_result(lexicon):
    for joint in ("untuk itu", "oleh karena itu"):
        text = (
            "Hasil penelitian menunjukkan bahwa program sudah berjalan sesuai dengan tahapan, "
            f"{joint} sebaiknya perlu ada sanksi bagi kelompok yang menunggak."
        )
        found = sg.suggest_text(text, lexicon)
        outcome = [c for c in found if c.finding_type == "outcome"]
        advice = [c for c in found if c.finding_type == "recommendation"]
        assert outcome and advice and all("sebaiknya" not in c.quote for c in outcome), joint


def test_an_effectiveness_rated_as_a_whole_is_an_outcome_unless_its_factors_are_named(lexicon):
    rated = (
        "The results show that the effectiveness of the village enterprise in community empowerment is high."
    )
    assert "enabler" not in types(sg.suggest_text(rated, lexicon))
    factors = "The results show that the effectiveness of the scheme is influenced by coordination and staff."
    assert {("enabler", "T07"), ("enabler", "T03")} <= kinds(sg.suggest_text(factors, lexicon))


def test_a_goal_inside_a_rating_of_implementation_keeps_it_an_outcome(lexicon):
    text = (
        "The findings revealed that the scheme implementation in the village has contributed positively "
        "to improving school attendance and community welfare."
    )
    found = sg.suggest_text(text, lexicon)
    assert ("outcome", "T15") in kinds(found) and "enabler" not in types(found)


def test_a_problem_named_before_the_results_is_a_barrier_but_poverty_frames_the_study(lexicon):
    text = (
        "Penyaluran bantuan pangan di desa ini sering terlambat. Angka kemiskinan di desa ini membuat "
        "warga sulit mengakses bantuan modal. Hasil penelitian menunjukkan bahwa koordinasi antar dinas "
        "berjalan baik."
    )
    found = sg.suggest_text(text, lexicon)
    assert ("barrier", "T16") in kinds(found)
    framing = [c for c in found if "kemiskinan" in c.quote]
    assert framing and all(c.finding_type == "context" for c in framing)
    cited = (
        "Programme rules were set by Regulation No. 2 of 2015. The results show that coordination was good."
    )
    assert all(c.finding_type != "barrier" for c in sg.suggest_text(cited, lexicon))
