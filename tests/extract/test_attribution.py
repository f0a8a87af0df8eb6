"""Attribution: given a report sentence, these sources, cues, contents and modalities come out."""

from __future__ import annotations

import pytest

from conftest import ExtractFn
from warledger.model import Claim, Modality

COMPONENTS = ("attribution",)


def claims_of(extract: ExtractFn, text: str) -> list[Claim]:
    return extract(text, components=COMPONENTS, report_date="2024-03-18").claims


def only_claim(extract: ExtractFn, text: str) -> Claim:
    claims = claims_of(extract, text)
    assert len(claims) == 1, claims
    return claims[0]


def cue_and_content(extract: ExtractFn, text: str) -> tuple[str, str]:
    """The cue and content of the one claim ``text`` makes."""
    claim = only_claim(extract, text)
    return claim.cue.text, claim.content.text


def test_appositive_role_organisation_and_venue(extract: ExtractFn) -> None:
    text = (
        "Oleksandr Filchakov, the head of the Kharkiv Regional Prosecutor's Office, revealed in a "
        "press conference that these missiles have been used in at least six Ukrainian regions, "
        "marking a significant escalation in the conflict's intensity."
    )
    claim = only_claim(extract, text)
    source = claim.source
    assert (source.name, source.kind, source.role) == ("Oleksandr Filchakov", "person", "head")
    assert source.organisation == "Kharkiv Regional Prosecutor's Office"
    assert source.venue == "press conference"
    assert claim.cue.text == "revealed"
    assert claim.content.text == "these missiles have been used in at least six Ukrainian regions"
    assert claim.modality is Modality.ASSERTED


def test_group_source_with_auxiliary_cue(extract: ExtractFn) -> None:
    text = (
        "Investigators from Ukraine have disclosed that Russia has launched North Korean missiles at "
        "Ukraine approximately 50 times, including at least three DPRK ballistic missiles devastating "
        "the city of Kharkiv."
    )
    claim = only_claim(extract, text)
    assert (claim.source.name, claim.source.kind, claim.source.organisation) == (
        "Investigators from Ukraine",
        "group",
        "Ukraine",
    )
    assert claim.cue.text == "have disclosed"
    assert claim.content.text.startswith("Russia has launched North Korean missiles")
    assert claim.content.text.endswith("the city of Kharkiv")


def test_noun_of_attitude_makes_a_potential_claim(extract: ExtractFn) -> None:
    text = (
        "The United States has expressed apprehension about potential weapons shipments from North "
        "Korea to Russia."
    )
    claim = only_claim(extract, text)
    assert claim.source.name == "United States"
    assert claim.source.kind == "government"
    assert claim.cue.text == "has expressed apprehension"
    assert claim.content.text == "potential weapons shipments from North Korea to Russia"
    assert claim.modality is Modality.POTENTIAL


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        ("The governor said that two drones hit a school.", "The governor", "said", "two drones hit a school"),
        ("The strike destroyed two apartment blocks, the governor said.", "the governor", "said",
         "The strike destroyed two apartment blocks"),
        ('"We will rebuild the bridge," said the mayor of Odesa.', "the mayor of Odesa", "said",
         "We will rebuild the bridge"),
        ("According to the Ukrainian air force, Russia launched 40 drones overnight.",
         "the Ukrainian air force", "According to", "Russia launched 40 drones overnight"),
        ("A military spokesman told reporters the convoy had been shelled near Izium.",
         "A military spokesman", "told", "the convoy had been shelled near Izium"),
        ('"Are we ready? Not yet," the brigade commander said. "We need more shells."',
         "the brigade commander", "said", "Are we ready? Not yet"),
        ("The mayor called on residents to leave the city.", "The mayor", "called on",
         "residents to leave the city"),
        ("The deputy minister has also said that the dam was mined.", "The deputy minister",
         "has also said", "the dam was mined"),
        ("Svitlana Hrynchuk (Energy Minister) said: the grid held.", "Svitlana Hrynchuk (Energy Minister)",
         "said:", "the grid held"),
    ],
)
def test_reporting_patterns(extract: ExtractFn, text: str, source: str, cue: str, content: str) -> None:
    claim = only_claim(extract, text)
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text) == (source, cue)
    assert claim.content.text.strip('"') .rstrip(",") == content


def test_told_reporters_is_the_venue(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The spokesman told reporters that the talks had failed.")
    assert claim.source.venue == "reporters"
    assert claim.source.role == "spokesman"


def test_denial_is_denied(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The Kremlin denied that its troops had shelled the plant.")
    assert claim.modality is Modality.DENIED
    assert claim.source.kind == "government"
    assert claim.content.text == "its troops had shelled the plant"


def test_accusation_content_keeps_the_accused(extract: ExtractFn) -> None:
    claim = only_claim(extract, "Ukraine's foreign minister accused Moscow of shelling civilians.")
    assert claim.cue.text == "accused"
    assert claim.content.text == "Moscow of shelling civilians"
    assert (claim.source.role, claim.source.organisation, claim.source.kind) == (
        "foreign minister",
        "Ukraine",
        "person",
    )


def test_warning_is_potential(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The energy minister warned of further attacks on the power grid.")
    assert claim.cue.text == "warned of"
    assert claim.content.text == "further attacks on the power grid"
    assert claim.modality is Modality.POTENTIAL


def test_pronoun_resolves_to_the_preceding_person(extract: ExtractFn) -> None:
    text = (
        "Governor Oleh Syniehubov said that three missiles struck Kharkiv overnight. "
        "He said rescuers were still searching the rubble."
    )
    first, second = claims_of(extract, text)
    assert first.source.name == "Oleh Syniehubov"
    assert first.source.role == "Governor"
    assert second.source.span is not None and second.source.span.text == "He"
    assert second.source.name == "Oleh Syniehubov"
    assert second.source.kind == "person"


def test_claims_are_numbered_in_text_order_and_sources_are_mentions(extract: ExtractFn) -> None:
    extraction = extract(
        "Officials said the bridge was closed. The ministry denied that the bridge was damaged.",
        components=COMPONENTS,
    )
    doc_id = extraction.document.id
    assert [c.id for c in extraction.claims] == [f"{doc_id}:c1", f"{doc_id}:c2"]
    sources = [m for m in extraction.mentions if m.kind == "source"]
    assert [m.span.text for m in sources] == ["Officials", "The ministry"]
    assert [c.source.kind for c in extraction.claims] == ["group", "government"]


def test_spans_are_offsets_into_the_text(extract: ExtractFn) -> None:
    text = "Shelling continued overnight. The governor said that two drones hit a school."
    claim = only_claim(extract, text)
    for span in (claim.cue, claim.content, claim.source.span):
        assert span is not None
        assert text[span.start : span.end] == span.text
    assert claim.sentence == claim.cue.sentence == 1


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces shelled the village of Vovchansk on Monday.",
        "The partnership between Moscow and Tehran poses a growing threat, urging a rethink of air defence.",
    ],
)
def test_plain_narration_has_no_claim(extract: ExtractFn, text: str) -> None:
    assert claims_of(extract, text) == []


def test_a_speakers_own_nested_attitude_folds_into_the_outer_claim(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The governor said he feared that the dam would be hit again.")
    assert claim.source.name == "governor"
    assert claim.cue.text == "said"
    assert claim.modality is Modality.POTENTIAL


def test_a_gerund_shares_the_subject_of_its_verb(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The ministry responded by saying that no troops had crossed the border.")
    assert claim.source.span is not None and claim.source.span.text == "The ministry"
    assert claim.cue.text == "saying"
    assert claim.content.text == "no troops had crossed the border"


def test_a_headline_speaker_before_a_colon(extract: ExtractFn) -> None:
    text = "Zelensky: Russia will pay for every strike on Odesa\n\nThe governor said that two drones hit a school."
    headline, body = claims_of(extract, text)
    assert (headline.source.name, headline.cue.text) == ("Zelensky", ":")
    assert headline.content.text == "Russia will pay for every strike on Odesa"
    assert body.source.span is not None and body.source.span.text == "The governor"


def test_a_colon_inside_a_sentence_is_not_a_speaker(extract: ExtractFn) -> None:
    assert claims_of(extract, "The convoy carried three things: fuel, shells and food.") == []


def test_a_quotation_signed_with_a_dash(extract: ExtractFn) -> None:
    claim = only_claim(extract, "“The sirens did not stop all night.” ―\u00a0Olena Kovalenko\n")
    assert (claim.source.name, claim.source.kind, claim.cue.text) == ("Olena Kovalenko", "person", "―")
    assert claim.content.text == "The sirens did not stop all night"


def test_report_noun_and_relative_pronoun_sources(extract: ExtractFn) -> None:
    text = (
        "Kyiv dismissed Moscow's claim that its troops had taken Avdiivka. "
        "The strike was condemned by Dmytro Kuleba, who said that the attack was a war crime."
    )
    dismissal, claim, condemnation, statement = claims_of(extract, text)
    assert dismissal.modality is Modality.DENIED
    assert (condemnation.source.name, condemnation.content.text) == ("Dmytro Kuleba", "The strike")
    assert (claim.cue.text, claim.source.name, claim.source.kind) == ("claim", "Moscow", "government")
    assert claim.content.text == "its troops had taken Avdiivka"
    assert statement.source.span is not None and statement.source.span.text == "who"
    assert (statement.source.name, statement.source.kind) == ("Dmytro Kuleba", "person")


def test_an_unnamed_official_is_anonymous(extract: ExtractFn) -> None:
    claim = only_claim(extract, "An unnamed official told the agency that the depot had burned for hours.")
    assert claim.source.kind == "anonymous"
    assert claim.source.role == "official"


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The general insists the bridge was never hit.", "insists", "the bridge was never hit"),
        ("Local officials suspect the depot had been mined for weeks.", "suspect", "the depot had been mined for weeks"),
    ],
)
def test_any_verb_with_a_speaker_and_a_stated_clause_is_a_cue(
    extract: ExtractFn, text: str, cue: str, content: str
) -> None:
    assert cue_and_content(extract, text) == (cue, content)


@pytest.mark.parametrize(
    "text",
    [
        "As the world watches these developments unfold, the front line hardly moves.",
        "The convoy slowed down because the road was icy.",
        "Residents remember what the town looked like before the war.",
    ],
)
def test_perception_and_narration_with_a_clause_are_not_cues(extract: ExtractFn, text: str) -> None:
    assert claims_of(extract, text) == []


def test_a_participle_does_not_borrow_one_of_two_subjects(extract: ExtractFn) -> None:
    text = (
        "The partnership between China, Russia, and North Korea poses a growing threat to the region, "
        "urging a reassessment of air defence."
    )
    assert claims_of(extract, text) == []


def test_a_statement_fronted_before_its_speaker(extract: ExtractFn) -> None:
    claim = only_claim(extract, "Drones like these, he said.")
    assert claim.cue.text == "said"
    assert claim.content.text == "Drones like these"


def test_an_as_clause_attributes_the_rest_of_the_sentence(extract: ExtractFn) -> None:
    claim = only_claim(extract, "As several analysts have pointed out, the offensive has stalled.")
    assert claim.cue.text == "have pointed out"
    assert claim.source.span is not None and claim.source.span.text == "several analysts"
    assert claim.content.text == "the offensive has stalled"


@pytest.mark.parametrize(
    ("text", "cue", "content", "modality"),
    [
        ("The mayor encouraged residents to leave before nightfall.", "encouraged",
         "residents to leave before nightfall", Modality.ASSERTED),
        ("The opposition leader mocked the ceasefire plan.", "mocked", "the ceasefire plan", Modality.ASSERTED),
        ("The ministry disputes the casualty figures.", "disputes", "the casualty figures", Modality.DENIED),
        ("The council decided to evacuate the hospital.", "decided", "to evacuate the hospital", Modality.POTENTIAL),
    ],
)
def test_attitude_and_decision_verbs_report_their_complement(
    extract: ExtractFn, text: str, cue: str, content: str, modality: Modality
) -> None:
    claim = only_claim(extract, text)
    assert (claim.cue.text, claim.content.text, claim.modality) == (cue, content, modality)


def test_a_quote_glued_to_its_signature_dash(extract: ExtractFn) -> None:
    claim = only_claim(extract, "“The shelters were full by midnight.”― Iryna Melnyk\n")
    assert (claim.source.name, claim.content.text) == ("Iryna Melnyk", "The shelters were full by midnight")


def test_a_signed_quote_whose_opening_mark_is_miswritten_runs_to_the_line_start(extract: ExtractFn) -> None:
    claim = only_claim(extract, "Letters.\n\n”The shelters were full by midnight.” ― Iryna Melnyk\n")
    assert claim.content.text == "The shelters were full by midnight"


def test_a_headline_speaker_the_tagger_misreads_is_named_in_the_body(extract: ExtractFn) -> None:
    text = "Fields: the shelling has to stop\n\nSenator Amy Fields spoke on Sunday.\n"
    claim = only_claim(extract, text)
    assert (claim.source.span.text if claim.source.span else None, claim.cue.text) == ("Fields", ":")


def test_a_headline_label_is_not_a_speaker(extract: ExtractFn) -> None:
    assert claims_of(extract, "Update: Russia has shelled Kharkiv again\n\nThe update came late.\n") == []


def test_a_passive_cue_with_an_agent_reports_its_subject(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The evacuation plan was endorsed by the regional council.")
    assert claim.source.span is not None and claim.source.span.text == "the regional council"
    assert (claim.cue.text, claim.content.text) == ("was endorsed", "The evacuation plan")


def test_a_claim_reported_inside_another_is_the_outer_speakers_with_its_modality(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The governor said Russia denied hitting the dam.")
    assert claim.source.span is not None and claim.source.span.text == "The governor"
    assert (claim.cue.text, claim.content.text) == ("said", "Russia denied hitting the dam")
    assert claim.modality is Modality.DENIED


def test_words_quoted_inside_a_quotation_are_the_quoted_speakers(extract: ExtractFn) -> None:
    claim = only_claim(extract, '"We think they plan to strike the port again," the mayor said.')
    assert claim.source.span is not None and claim.source.span.text == "the mayor"
    assert claim.modality is Modality.POTENTIAL


@pytest.mark.parametrize(
    ("text", "cue", "content", "modality"),
    [
        ("Moscow wants to capture the whole of Donetsk region.", "wants",
         "to capture the whole of Donetsk region", Modality.POTENTIAL),
        ("The commander plans to withdraw the brigade from Bakhmut.", "plans",
         "to withdraw the brigade from Bakhmut", Modality.POTENTIAL),
        ("Kyiv agreed to exchange 100 prisoners.", "agreed", "to exchange 100 prisoners", Modality.ASSERTED),
    ],
)
def test_an_intention_reports_its_infinitive(
    extract: ExtractFn, text: str, cue: str, content: str, modality: Modality
) -> None:
    claim = only_claim(extract, text)
    assert (claim.cue.text, claim.content.text, claim.modality) == (cue, content, modality)


@pytest.mark.parametrize(
    ("text", "source", "cue", "content", "modality"),
    [
        ("Moscow's decision to withdraw from Kherson surprised analysts.", "Moscow", "decision",
         "to withdraw from Kherson", Modality.POTENTIAL),
        ("Russia's threat to use nuclear weapons alarmed Europe.", "Russia", "threat",
         "to use nuclear weapons", Modality.POTENTIAL),
        ("The governor's warning of more strikes on the grid went unheeded.", "The governor", "warning",
         "more strikes on the grid", Modality.POTENTIAL),
    ],
)
def test_a_report_noun_with_a_source_reports_its_infinitive_or_preposition(
    extract: ExtractFn, text: str, source: str, cue: str, content: str, modality: Modality
) -> None:
    claim = only_claim(extract, text)
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text, claim.content.text, claim.modality) == (source, cue, content, modality)


def test_a_stance_verb_reports_its_object_when_someone_can_speak(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The minister defended the decision to evacuate Kupiansk.")
    assert (claim.cue.text, claim.content.text) == ("defended", "the decision to evacuate Kupiansk")
    assert claims_of(extract, "Drones supported the assault on Avdiivka.") == []


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The Kremlin sees the talks as a trap.", "sees", "the talks as a trap"),
        ("The mayor thanked the rescuers for their work.", "thanked", "the rescuers for their work"),
        ("The ministry has not responded to the accusations.", "has not responded to", "the accusations"),
        ("The general said little about the losses.", "said", "little about the losses"),
    ],
)
def test_objects_named_as_something_and_verb_specific_prepositions_are_content(
    extract: ExtractFn, text: str, cue: str, content: str
) -> None:
    assert cue_and_content(extract, text) == (cue, content)


@pytest.mark.parametrize(
    "text",
    ["Residents saw the drones as they flew over the river.", "Medics treated the wounded as best they could."],
)
def test_seeing_or_treating_something_is_not_regarding_it_as_something(extract: ExtractFn, text: str) -> None:
    assert claims_of(extract, text) == []


def test_a_content_stays_in_the_paragraph_nearest_its_cue(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The governor said that two drones hit a school\n\nRescuers worked through the night.")
    assert claim.content.text == "two drones hit a school"


def test_a_quotation_signed_with_a_double_hyphen(extract: ExtractFn) -> None:
    claim = only_claim(extract, "“The sirens did not stop.” -- Olena Kovalenko\n")
    assert (claim.source.name, claim.cue.text, claim.content.text) == ("Olena Kovalenko", "--", "The sirens did not stop")


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The governor added:\n\nThe shelters are open all night.\n", "added:", "The shelters are open all night"),
        ("The ministry wrote: “Every strike will be answered.”", "wrote:", "Every strike will be answered"),
    ],
)
def test_a_speakers_verb_ending_in_a_colon_introduces_what_follows(
    extract: ExtractFn, text: str, cue: str, content: str
) -> None:
    assert cue_and_content(extract, text) == (cue, content)


def test_reporting_inside_a_quotation_nobody_is_named_for_is_no_claim_of_the_report(extract: ExtractFn) -> None:
    assert claims_of(extract, "The sign on the shelter door read “Officials say the water is safe.”") == []
    assert len(claims_of(extract, "Officials say the water is safe.")) == 1


def test_a_claim_that_folded_a_nested_one_can_itself_fold_into_a_later_cue(extract: ExtractFn) -> None:
    # the minister's claim takes the intention inside it, then lies inside the officials' content
    text = (
        "But the minister has signalled to her deputies that, above all, she wants the reservists demobilised "
        "within four months, according to two aides, a timetable that would end just before the harvest."
    )
    claim = only_claim(extract, text)
    assert (claim.source.name, claim.cue.text, claim.modality) == ("minister", "has signalled", Modality.POTENTIAL)


def test_a_source_set_off_by_commas_keeps_its_closing_comma(extract: ExtractFn) -> None:
    # PolNeAR's convention: the comma closing an apposition belongs to the source phrase
    claim = only_claim(extract, "Oksana Markarova, the former finance minister, said the budget would hold.")
    assert claim.source.span is not None and claim.source.span.text == "Oksana Markarova, the former finance minister,"
    assert (claim.source.name, claim.source.role) == ("Oksana Markarova", "former finance minister")


def test_a_plain_source_takes_no_comma(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The governor, speaking on Monday, said the dam held.")
    assert claim.source.span is not None and claim.source.span.text == "The governor"


@pytest.mark.parametrize(
    ("text", "source", "cue", "content", "modality"),
    [
        ("The governor is worried that the dam will be hit again.", "The governor", "is worried",
         "the dam will be hit again", Modality.POTENTIAL),
        ("The foreign ministry has been openly critical of the river convoys.", "The foreign ministry",
         "has been openly critical of", "the river convoys",
         Modality.ASSERTED),
        ("The mayor was determined to keep the schools open.", "The mayor", "was determined",
         "to keep the schools open", Modality.POTENTIAL),
        ("Local officials were not overly worried about the new checkpoints.", "Local officials",
         "were not overly worried about", "the new checkpoints", Modality.POTENTIAL),
    ],
)
def test_an_adjective_of_attitude_held_by_a_speaker_is_a_cue(
    extract: ExtractFn, text: str, source: str, cue: str, content: str, modality: Modality
) -> None:
    claim = only_claim(extract, text)
    assert claim.source.span is not None and claim.source.span.text == source
    assert (claim.cue.text, claim.content.text, claim.modality) == (cue, content, modality)


@pytest.mark.parametrize(
    "text",
    [
        "The bridge was critical to the supply lines.",
        "It is clear that the shelling has stopped.",
        "The soldiers looked worried about the weather.",
    ],
)
def test_an_adjective_of_attitude_needs_someone_to_hold_it(extract: ExtractFn, text: str) -> None:
    assert claims_of(extract, text) == []


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        ("She continued, “The shelters stay open until the sirens stop.”", "She", "continued",
         "The shelters stay open until the sirens stop"),
        ("The commander went on, “We hold the bridge.”", "The commander", "went on", "We hold the bridge"),
    ],
)
def test_a_speaker_going_straight_into_a_quotation_introduces_it(
    extract: ExtractFn, text: str, source: str, cue: str, content: str
) -> None:
    claim = only_claim(extract, text)
    assert claim.source.span is not None and claim.source.span.text == source
    assert (claim.cue.text, claim.content.text) == (cue, content)


def test_a_quotation_that_is_only_named_has_no_speaker(extract: ExtractFn) -> None:
    assert claims_of(extract, "The operation, known at first as “Spring”, ended in May.") == []


def test_as_a_source_put_it_attributes_the_rest_of_the_sentence(extract: ExtractFn) -> None:
    claim = only_claim(extract, "As the mayor put it during Monday's address, the city will not be evacuated.")
    assert claim.source.span is not None and claim.source.span.text == "the mayor"
    assert (claim.cue.text, claim.content.text) == ("put it", "the city will not be evacuated")


def test_a_reporting_verb_the_tagger_reads_as_a_noun(extract: ExtractFn) -> None:
    claim = only_claim(extract, "Leaked documents from the 2022 audit show he hid the losses.")
    assert claim.source.span is not None and claim.source.span.text == "Leaked documents from the 2022 audit"
    assert (claim.cue.text, claim.content.text) == ("show", "he hid the losses")


@pytest.mark.parametrize(
    "text",
    [
        "Correction: The strike was on Tuesday, not Monday.\n",
        "CLARIFICATION: The convoy was stopped, not shelled.\n",
        "Source: Ukrainian General Staff.\n",
    ],
)
def test_an_editorial_label_before_a_colon_is_not_a_speaker(extract: ExtractFn, text: str) -> None:
    assert claims_of(extract, text) == []


def test_a_participle_of_saying_after_its_speaker(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The ministry issued a statement saying that the convoy had reached Kherson.")
    assert claim.source.span is not None and claim.source.span.text == "a statement"
    assert (claim.cue.text, claim.content.text) == ("saying", "the convoy had reached Kherson")


def test_a_participle_of_wanting_describes_its_noun(extract: ExtractFn) -> None:
    assert claims_of(extract, "Anyone wanting to leave the city can take the evening train.") == []


def test_a_date_closing_a_source_goes_with_its_preposition(extract: ExtractFn) -> None:
    claim = only_claim(extract, "A survey of the district in 2023 found that most residents had stayed.")
    assert claim.source.span is not None and claim.source.span.text == "A survey of the district"


def test_a_claim_in_a_relative_clause_describes_the_person_named_not_the_outer_source(extract: ExtractFn) -> None:
    praise, statement = claims_of(extract, "The governor praised the mayor, who said that the shelters were full.")
    assert (praise.cue.text, praise.source.name) == ("praised", "governor")
    assert (statement.cue.text, statement.content.text) == ("said", "the shelters were full")
    assert statement.source.span is not None and statement.source.span.text == "who"
    assert statement.source.name == "mayor"


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The defence minister downplayed the threat from glide bombs.", "downplayed", "the threat from glide bombs"),
        ("Opposition deputies derided the evacuation plan.", "derided", "the evacuation plan"),
    ],
)
def test_verbs_of_stance_report_their_object_when_a_speaker_holds_them(
    extract: ExtractFn, text: str, cue: str, content: str
) -> None:
    assert cue_and_content(extract, text) == (cue, content)


def test_a_speaker_named_by_the_stance_they_hold(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The mayor has long been a fierce critic of the new conscription law.")
    assert claim.source.span is not None and claim.source.span.text == "The mayor"
    assert (claim.cue.text, claim.content.text) == ("has long been a fierce critic of", "the new conscription law")


def test_a_stance_noun_for_a_thing_is_no_claim(extract: ExtractFn) -> None:
    assert claims_of(extract, "The brigade's commander was a champion boxer.") == []


def test_civilians_and_families_can_speak(extract: ExtractFn) -> None:
    claim = only_claim(extract, "Evacuees pledged to return to Kupiansk once the shelling stops.")
    assert (claim.source.name, claim.source.kind, claim.cue.text) == ("Evacuees", "group", "pledged")


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        ("The ministry noted the rise in drone strikes.", "The ministry", "noted", "the rise in drone strikes"),
        ("The latest survey indicates a narrowing gap.", "The latest survey", "indicates", "a narrowing gap"),
        ("The new campaign ad mentions the shelling of Kharkiv.", "The new campaign ad", "mentions",
         "the shelling of Kharkiv"),
    ],
)
def test_a_noting_verb_or_a_published_piece_reports_its_object(
    extract: ExtractFn, text: str, source: str, cue: str, content: str
) -> None:
    claim = only_claim(extract, text)
    assert claim.source.span is not None and claim.source.span.text == source
    assert (claim.cue.text, claim.content.text) == (cue, content)


def test_a_preposition_after_a_particle_carries_the_content(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The governor has doubled down on her curfew for the port district.")
    assert (claim.cue.text, claim.content.text) == ("has doubled down on", "her curfew for the port district")


def test_a_content_stops_at_a_line_break_even_across_its_speaker(extract: ExtractFn) -> None:
    text = "Mayor urges evacuation of Kherson;\nRegional governor says the dam has to be repaired first.\n"
    claims = claims_of(extract, text)
    assert [(c.cue.text, c.content.text) for c in claims] == [
        ("urges", "evacuation of Kherson"),
        ("says", "the dam has to be repaired first"),
    ]


@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "The regional governor said he would open two more shelters in Zaporizhzhia and warned against "
            "travel near the front line.",
            ("The regional governor", "warned against", "travel near the front line"),
        ),
        (
            "The defence ministry said it was ready to resume talks and warned Moscow against any new offensive.",
            ("The defence ministry", "warned", "any new offensive"),
        ),
    ],
)
def test_a_report_coordinated_into_the_reported_clause_is_the_reporters_own(
    extract: ExtractFn, text: str, second: tuple[str, str, str]
) -> None:
    # the clause's verb has its own tense ("would open", "was"); the second report shares the reporter's
    first, other = claims_of(extract, text)
    assert first.cue.text == "said" and "warned" not in first.content.text
    assert other.source.span is not None
    assert (other.source.span.text, other.cue.text, other.content.text) == second


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Police said the gunman had escaped on foot and dumped the van near the border.",
         "the gunman had escaped on foot and dumped the van near the border"),
        # a report in the clause's own tense is the clause subject's, not a second one of the reporter's
        ("The governor said Russian troops shelled the village and claimed it was empty.",
         "Russian troops shelled the village and claimed it was empty"),
    ],
)
def test_an_action_coordinated_in_the_reported_clause_stays_in_it(extract: ExtractFn, text: str, content: str) -> None:
    assert only_claim(extract, text).content.text == content


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        (
            "The mayor said the evacuation would go on until Sunday, arguing that the dam could "
            "give way at any moment.",
            "The mayor",
            "arguing",
            "the dam could give way at any moment",
        ),
        (
            "The commander said his brigade still held the bridge, insisting that the shelling had done little damage.",
            "The commander",
            "insisting",
            "the shelling had done little damage",
        ),
    ],
)
def test_a_participle_trailing_the_reported_clause_is_the_reporters(
    extract: ExtractFn, text: str, source: str, cue: str, content: str
) -> None:
    said, remark = claims_of(extract, text)
    assert remark.source.span is not None
    assert (remark.source.span.text, remark.cue.text, remark.content.text) == (source, cue, content)
    assert cue not in said.content.text


def test_two_apostrophes_open_and_close_a_quotation(extract: ExtractFn) -> None:
    # some papers type ''P'' for both marks: reporting inside the second quotation is the speaker's
    text = "''The convoy reached Kherson at dawn,'' said Olena Bondar, a volunteer. ''Officials say the bridge is closed.''"
    claim = only_claim(extract, text)
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.content.text) == ("Olena Bondar, a volunteer", "The convoy reached Kherson at dawn")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The governor said after the briefing he would not sign the evacuation order.", "he would not sign the evacuation order"),
        ("The brigade commander said before the assault his unit had run out of shells.", "his unit had run out of shells"),
    ],
)
def test_a_statement_parsed_as_an_adverbial_clause_of_a_verb_of_saying(
    extract: ExtractFn, text: str, content: str
) -> None:
    assert cue_and_content(extract, text) == ("said", content)


@pytest.mark.parametrize(
    "text", ["The commander responded when the drones attacked the depot.", "The council will decide tomorrow if the schools reopen."]
)
def test_a_clause_of_time_or_condition_is_no_content(extract: ExtractFn, text: str) -> None:
    assert claims_of(extract, text) == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Officials say that villagers still hope for a corridor to the west.", "villagers still hope for a corridor to the west"),
        (
            "The district head, Taras Melnyk, said he could not confirm the shelling until he had read the police report.",
            "he could not confirm the shelling until he had read the police report",
        ),
    ],
)
def test_a_cue_in_a_clause_running_on_from_its_governor_is_part_of_what_it_reports(
    extract: ExtractFn, text: str, content: str
) -> None:
    # the clause is reported by its governor, not a frame around the words before it
    claim = only_claim(extract, text)
    assert claim.content.text == content


def test_a_cue_set_off_by_commas_reports_the_words_around_it(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The convoy had reached the port, he said, before the strike began.")
    assert (claim.cue.text, claim.content.text) == ("said", "The convoy had reached the port")


def test_a_second_report_coordinated_with_a_shifted_clause_keeps_its_own_content(extract: ExtractFn) -> None:
    text = (
        "The spokesman said on Tuesday that the brigade would officially confirm its pullback from the village "
        "before mid-June and suggested that the checkpoint would open again."
    )
    assert [(c.cue.text, c.content.text) for c in claims_of(extract, text)] == [
        ("said", "the brigade would officially confirm its pullback from the village before mid-June"),
        ("suggested", "the checkpoint would open again"),
    ]


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "According to military analyst Petro Chernyk, the offensive stalls of fatigue and shortages.",
            "military analyst Petro Chernyk",
            "the offensive stalls of fatigue and shortages",
        ),
        (
            "According to border guard spokesman Andriy Demchenko, the crossing reopens at dawn.",
            "border guard spokesman Andriy Demchenko",
            "the crossing reopens at dawn",
        ),
    ],
)
def test_an_opening_according_to_the_parser_made_the_root(extract: ExtractFn, text: str, source: str, content: str) -> None:
    # the parse hangs the clause inside the source's name: the name runs to the comma
    claim = only_claim(extract, text)
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text, claim.content.text) == (source, "According to", content)


def test_a_straight_mark_closing_a_paragraph_closes_its_quotation(extract: ExtractFn) -> None:
    # the tagger reads a straight mark before a paragraph break as opening; its spacing says closing
    text = '"The bridge held," she said. "We keep telling them that the town is not empty."\n\nThe convoy left at dawn.'
    assert [(c.cue.text, c.content.text) for c in claims_of(extract, text)] == [("said", "The bridge held")]


@pytest.mark.parametrize(
    "text",
    [
        "Asked about the blast at the depot, the governor said the cause was still unclear.",
        "Asked to name the units involved, the spokesman said he could not.",
    ],
)
def test_whoever_was_asked_did_not_ask(extract: ExtractFn, text: str) -> None:
    # the subject a bare passive participle shares with "said" underwent the asking
    assert [c.cue.text for c in claims_of(extract, text)] == ["said"]


@pytest.mark.parametrize(
    "text",
    [
        "The Russian defence ministry did not respond to our request for an interview.",
        "The governor's office did not immediately reply to questions about the strike.",
    ],
)
def test_not_responding_says_nothing(extract: ExtractFn, text: str) -> None:
    assert claims_of(extract, text) == []


def test_declining_to_comment_stays_a_refusal(extract: ExtractFn) -> None:
    assert cue_and_content(extract, "The governor declined to comment on Friday's shelling.") == (
        "declined",
        "to comment on Friday's shelling",
    )


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ('"Nobody is leaving," the mayor said, going on to add that every basement had filled up.', "to add", "every basement had filled up"),
        ('"The bridge is gone," the commander said, adding that the convoy would wait.', "adding", "the convoy would wait"),
    ],
)
def test_a_participle_after_the_speakers_verb_goes_on_with_the_speakers_words(
    extract: ExtractFn, text: str, cue: str, content: str
) -> None:
    said, more = claims_of(extract, text)
    assert more.source.span is not None and said.source.span is not None
    assert (more.source.span.text, more.cue.text, more.content.text) == (said.source.span.text, cue, content)


def test_a_name_before_a_report_noun_is_its_source(extract: ExtractFn) -> None:
    # as "Zelensky's claim": also what a verb the tagger read as a plural noun after a name leaves
    claims = claims_of(extract, "Moscow dismissed the Zelensky claim that the dam was mined.")
    inner = claims[-1]
    assert inner.source.span is not None
    assert (inner.source.span.text, inner.cue.text, inner.content.text) == ("Zelensky", "claim", "the dam was mined")


def test_what_a_document_finds_is_its_finding_what_people_find_is_narration(extract: ExtractFn) -> None:
    claim = only_claim(extract, "A 2023 survey by the Kyiv institute found broad support for the talks.")
    assert (claim.cue.text, claim.content.text) == ("found", "broad support for the talks")
    assert claims_of(extract, "Investigators found the wreckage near the border.") == []


def test_a_gerund_shares_the_subject_of_a_passive_governor(extract: ExtractFn) -> None:
    claim = only_claim(extract, "After saying the shelter was full, she was rushed to a clinic in Dnipro.")
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text, claim.content.text) == ("she", "saying", "the shelter was full")


def test_a_participle_naming_its_noun_is_no_claim(extract: ExtractFn) -> None:
    assert claims_of(extract, "A battalion called Azov held the plant.") == []


def test_a_participle_after_a_glued_headline_shares_the_speaker_below_it(extract: ExtractFn) -> None:
    text = (
        "BERLIN (dpa) — The Latest on the Ukraine talks (Berlin time):\n\n10:15 a.m.\n\nOlaf Scholz is again "
        "questioning the Russian offer, encouraging his allies to send more air defence before the winter."
    )
    assert [(c.source.span.text if c.source.span else None, c.cue.text) for c in claims_of(extract, text)] == [
        ("Olaf Scholz", "is again questioning"),
        ("Olaf Scholz", "encouraging"),
    ]


def test_a_quotation_running_on_over_paragraphs_is_introduced_to_the_end_of_its_first(extract: ExtractFn) -> None:
    # a quotation spanning paragraphs leaves the first one unclosed
    text = 'The mayor continued:\n\n"The shelling went on all night and nobody slept.\n\n"By morning the water was gone," he said.'
    claim = claims_of(extract, text)[0]
    assert (claim.cue.text, claim.content.text) == ("continued:", "The shelling went on all night and nobody slept")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Three rules from Olena Zelenska: 'Keep the schools open.'\n\nThe first lady spoke in Lviv.", "Olena Zelenska"),
        ("Mykhailo Podolyak Hits Back at Kremlin Envoy: ‘Your Maps Are Fiction.’\n\nThe adviser spoke.", "Mykhailo Podolyak"),
    ],
)
def test_a_headline_quoting_someone_after_its_colon(extract: ExtractFn, text: str, source: str) -> None:
    claim = only_claim(extract, text)
    assert claim.source.span is not None and (claim.source.span.text, claim.cue.text) == (source, ":")


def test_a_headline_quoting_a_place_names_no_speaker(extract: ExtractFn) -> None:
    assert claims_of(extract, "Kharkiv Under Fire: ‘We Count the Damage Every Morning’\n\nThe strikes continued.") == []


def test_an_infinitive_after_an_adjective_shares_the_subject_of_its_copula(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The Kremlin was quick to deny any role in the blast.")
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text, claim.modality) == ("The Kremlin", "to deny", Modality.DENIED)


def test_a_dummy_subject_reports_nothing(extract: ExtractFn) -> None:
    assert claims_of(extract, "It is worth recalling that the bridge had already been damaged.") == []


def test_a_participle_of_attitude_keeps_its_copula(extract: ExtractFn) -> None:
    assert cue_and_content(extract, "The residents are convinced that the dam was mined.") == ("are convinced", "the dam was mined")


def test_a_name_after_an_opening_date_is_the_source(extract: ExtractFn) -> None:
    # the tagger may glue the name into the date entity; the phrase's head stays
    claim = only_claim(extract, "Last week Vogt in a televised address seemed to blame the quartermasters for the shortages.")
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text) == ("Vogt", "to blame")


def test_a_speakers_verb_closing_the_sentence_after_a_quotation_reports_it(extract: ExtractFn) -> None:
    text = "“We will not leave the city, not now, not ever,” she continued. “The shelters are full.”"
    claim = only_claim(extract, text)
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text, claim.content.text) == (
        "she",
        "continued",
        "We will not leave the city, not now, not ever",
    )


def test_a_reporting_verb_opening_the_sentence_before_the_speakers_name(extract: ExtractFn) -> None:
    # and the headline reading of the colon stays out of a line that is a sentence
    claim = only_claim(extract, "Kherson has no water. Said Kovalenko: “We carry it from the river.”")
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text, claim.content.text) == ("Kovalenko", "Said", "We carry it from the river")


def test_a_participle_after_the_speakers_verb_may_be_negated(extract: ExtractFn) -> None:
    text = '"We held the bridge," the commander said, not even bothering to mention the losses.'
    claims = claims_of(extract, text)
    assert [(c.source.span.text if c.source.span else None, c.cue.text) for c in claims] == [
        ("the commander", "said"),
        ("the commander", "to mention"),
    ]


@pytest.mark.parametrize(
    "text", ["Let's say the bridge holds until spring.", "Moscow would not let the inspectors report their findings."]
)
def test_what_is_let_happen_is_not_reported(extract: ExtractFn, text: str) -> None:
    assert claims_of(extract, text) == []


def test_what_a_suggestion_goes_on_to_is_not_reported_either(extract: ExtractFn) -> None:
    assert claims_of(extract, "Let's concentrate on explaining how the convoys are routed.") == []


def test_a_participle_right_after_a_person_is_that_persons(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The documentary opens with a clip of Volodymyr Zelensky asking, “Where are the shells you promised?”")
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text) == ("Volodymyr Zelensky", "asking")


def test_a_participle_after_a_place_is_nobodys(extract: ExtractFn) -> None:
    assert claims_of(extract, "Crowds gathered outside the embassy chanting slogans.") == []


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        ('The film closes with Shoigu saying at a Red Square parade in 2022, “The army will win.”', "Shoigu", "saying", "The army will win"),
        ("Later, she continued at the briefing in Kyiv, “The shelters are full.”", "she", "continued", "The shelters are full"),
    ],
)
def test_when_and_where_may_stand_between_a_speakers_verb_and_its_quotation(
    extract: ExtractFn, text: str, source: str, cue: str, content: str
) -> None:
    claim = only_claim(extract, text)
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text, claim.content.text) == (source, cue, content)


def test_a_story_title_before_a_colon_is_no_speaker(extract: ExtractFn) -> None:
    assert claims_of(extract, "Cold Comfort: Shelters Run Short of Heaters\n\nThe strikes continued.") == []
    claim = only_claim(extract, "Oleksandr Prokudin: The Dam Will Not Hold\n\nThe governor spoke.")
    assert claim.source.span is not None and claim.source.span.text == "Oleksandr Prokudin"


def test_a_speaker_between_a_quotation_and_said_before_a_quoted_title(extract: ExtractFn) -> None:
    # the quoted programme title after "said" is no subject, whatever the parser makes of it
    text = (
        "“She's quite right. There's a huge gap between this cabinet and frankly the commanders and our troops,” "
        "Tarnavskyi, a senior Ukrainian commander, said Sunday evening on Kyiv TV’s “Kyiv and Beyond.” “We need more.”"
    )
    claim = only_claim(extract, text)
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text) == ("Tarnavskyi, a senior Ukrainian commander,", "said")


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        ("Hrytsiv in a long radio interview said the ferry had stopped running.", "interview"),
        ("Hrytsiv at a briefing on Tuesday said the ferry had stopped running.", "briefing"),
        ("Hrytsiv in a Telegram post warned that the ferry could stop running.", "post"),
    ],
)
def test_an_occasion_after_the_speaker_is_the_venue_not_the_source(extract: ExtractFn, text: str, venue: str) -> None:
    claim = only_claim(extract, text)
    assert claim.source.span is not None and claim.source.span.text == "Hrytsiv"
    assert (claim.source.name, claim.source.venue) == ("Hrytsiv", venue)
    assert claim.content.text.startswith("the ferry")


def test_people_at_a_place_stay_in_the_source(extract: ExtractFn) -> None:
    claim = only_claim(extract, "Volunteers at the depot said the ferry had stopped running.")
    assert claim.source.span is not None and claim.source.span.text == "Volunteers at the depot"


@pytest.mark.parametrize(
    ("text", "name", "role", "organisation"),
    [
        ("The district head, Ostap Kurylo, said the ferry had stopped running.", "Ostap Kurylo", "district head", None),
        ("The mayor of Izmail, Daryna Fedak, said the ferry had stopped running.", "Daryna Fedak", "mayor", "Izmail"),
    ],
)
def test_a_role_with_a_name_in_apposition_is_named_by_it(
    extract: ExtractFn, text: str, name: str, role: str, organisation: str | None
) -> None:
    # the span is the whole phrase, closing comma included, as PolNeAR marks appositions
    claim = only_claim(extract, text)
    assert claim.source.span is not None and claim.source.span.text == text.split(" said")[0]
    assert (claim.source.name, claim.source.kind, claim.source.role) == (name, "person", role)
    assert claim.source.organisation == organisation


def test_a_name_the_parser_left_loose_before_its_verb_is_the_speaker(extract: ExtractFn) -> None:
    claim = only_claim(extract, "Last week Pohl in a televised address seemed to blame the port authority for the delay.")
    assert claim.source.span is not None and claim.source.span.text == "Pohl"
    assert claim.source.venue == "televised address"
    assert claim.content.text == "the port authority for the delay"


def test_a_participle_after_a_mistyped_name_is_that_persons(extract: ExtractFn) -> None:
    # the tagger reads this surname as a place; hung on the same verb as the participle, it speaks
    text = "The documentary ends on Shoigu declaring at a parade, “The city is ours.”"
    claim = only_claim(extract, text)
    assert claim.source.span is not None and claim.source.span.text == "Shoigu"
    assert (claim.cue.text, claim.content.text) == ("declaring", "The city is ours")


@pytest.mark.parametrize(
    "text",
    [
        "Residential street in Kherson showing blast damage.",
        "School yard in Izium showing shell craters.",
        "Footage from Ukrainian MOD showing a strike on a bridge.",
    ],
)
def test_a_thing_or_body_before_showing_is_what_a_picture_shows_not_a_claim(extract: ExtractFn, text: str) -> None:
    # "showing" with only an object reports nothing unless a document or someone who can speak shows it
    assert extract(text, components=COMPONENTS).claims == []


def test_a_document_still_shows_its_finding(extract: ExtractFn) -> None:
    claim = only_claim(extract, "The footage shows a column of tanks crossing the river.")
    assert (claim.source.kind, claim.content.text) == ("document", "a column of tanks crossing the river")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Oksana Ruban is again questioning whether the convoy got through.", "is again questioning"),
        ("Oksana Ruban is once again questioning whether the convoy got through.", "is once again questioning"),
    ],
)
def test_an_adverb_of_an_adverb_joins_the_cue(extract: ExtractFn, text: str, cue: str) -> None:
    assert only_claim(extract, text).cue.text == cue


def test_a_quoted_sentence_after_a_quoted_title_ends_at_its_closing_mark(extract: ExtractFn) -> None:
    text = "Hrytsiv told the radio show “Night Desk”: “The ferry has stopped,” and then the call dropped."
    claim = only_claim(extract, text)
    assert (claim.cue.text, claim.content.text) == ("told", "The ferry has stopped")


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        ("Kuleba Rounds on Critics Over Grain Deal\n\nThe talks resume on Monday.", "Kuleba", "Rounds on",
         "Critics Over Grain Deal"),
        ("Stoltenberg Takes Aim at Budapest Over Veto\n\nThe talks resume on Monday.", "Stoltenberg", "Takes Aim at",
         "Budapest Over Veto"),
        ("Frontline Medics Rip Ministry Over Missing Tourniquets\n\nThe talks resume on Monday.", "Frontline Medics",
         "Rip", "Ministry Over Missing Tourniquets"),
    ],
)
def test_a_headline_verb_takes_aim_from_the_capitalised_words_before_it(
    extract: ExtractFn, text: str, source: str, cue: str, content: str
) -> None:
    claim = only_claim(extract, text)
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text, claim.content.text) == (source, cue, content)


def test_a_headline_verb_before_a_colon_leaves_the_line_to_the_colon(extract: ExtractFn) -> None:
    # PolNeAR marks everything before such a colon as the source
    claim = only_claim(extract, "Kuleba Slams Kremlin Envoy: The Talks Were a Sham\n\nThe talks resume on Monday.")
    assert claim.cue.text == ":"
    # too long for the colon's speaker, the line is no headline verb's either
    assert claims_of(extract, "Kuleba Slams Kremlin Envoy Over Talks: They Were a Sham\n\nThe talks resume on Monday.") == []


def test_a_headline_verb_needing_its_words_reports_nothing_without_them(extract: ExtractFn) -> None:
    assert claims_of(extract, "Grain Prices Hit Record as Ports Close\n\nThe talks resume on Monday.") == []


def test_a_cue_inside_another_claims_source_is_a_word_of_its_name(extract: ExtractFn) -> None:
    claim = only_claim(extract, "Diplomats frustrated by the Hungarian reluctance to send arms said the talks would fail.")
    assert claim.source.span is not None
    assert (claim.source.span.text, claim.cue.text) == ("Diplomats frustrated by the Hungarian reluctance to send arms", "said")
