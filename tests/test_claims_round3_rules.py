"""Indirect-attribution rules of issue 13, round 3: reported clauses the earlier rules missed
for their shape (a that-clause whose subject has no determiner, ...)."""
from tests.claims_helpers import attribution_speakers, quote_speakers


def test_a_that_clause_whose_subject_has_no_determiner_is_reported_content():
    text = "The Orvale institute found that regional rail ridership would double by 2040."
    assert attribution_speakers(text) == [("regional rail ridership would double by 2040", "Orvale institute")]


def test_a_bare_subject_with_a_participle_phrase_before_its_verb_counts():
    text = "Analysts suggest that households paying fixed rates are less exposed to the rise."
    assert attribution_speakers(text) == [("households paying fixed rates are less exposed to the rise", "Analysts")]


def test_a_relative_that_after_a_noun_with_no_finite_verb_is_no_clause():
    # "that" + bare words with no auxiliary before the comma: a relative clause, not speech
    text = "The workers planted trees that summer, hoping for shade along the new road."
    assert attribution_speakers(text) == []


def test_a_bare_subject_clause_has_its_verb_within_nine_words_of_that():
    # the auxiliary is the 9th word after "that": a clause; one word more and it is not read as one
    inside = "Residents noticed that morning traffic near the mill by the school was slower."
    outside = "Residents noticed that morning traffic near the old mill by the school was slower."
    assert attribution_speakers(inside) == [("morning traffic near the mill by the school was slower", "Residents")]
    assert attribution_speakers(outside) == []


def test_a_verb_that_needs_that_reports_a_full_clause_without_it():
    text = "The mayor insisted the new bridge would open before the winter storms."
    assert attribution_speakers(text) == [("the new bridge would open before the winter storms", "mayor")]


def test_a_verb_that_needs_that_with_only_an_object_reports_nothing():
    # "noted the figures from ..." has no finite verb after the object: no reported clause
    text = "The mayor noted the figures from the new bridge survey in her weekly column."
    assert attribution_speakers(text) == []


def test_an_adverb_between_subject_and_verb_keeps_the_subject_as_speaker():
    text = "Harbour engineers have long warned that the old sea wall could fail in a storm."
    assert attribution_speakers(text) == [("the old sea wall could fail in a storm", "Harbour engineers")]


def test_a_noun_ending_in_ly_before_the_verb_stays_the_speaker():
    # "family" ends in -ly but is the noun phrase itself, found before any adverb is skipped
    text = "The Okafor family said the house would be sold in the spring."
    assert attribution_speakers(text) == [("the house would be sold in the spring", "Okafor")]


def test_a_that_clause_may_open_with_an_adverbial_before_its_subject():
    text = "The harbour board found that in 2019, there were twelve groundings near the pier."
    assert attribution_speakers(text) == [("in 2019, there were twelve groundings near the pier", "harbour board")]


def test_a_that_clause_may_open_with_a_quantity():
    text = "Dr. Lena Ortiz found that nearly 40% of the trial patients recovered within a week."
    assert attribution_speakers(text) == [("nearly 40% of the trial patients recovered within a week", "Lena Ortiz")]


def test_an_adverbial_after_a_relative_that_without_a_subject_is_no_clause():
    # "that in the end, stood ..." has no subject after the comma: no reported clause
    text = "The farmers planted a hedge that in the end, stood taller than the barn roof."
    assert attribution_speakers(text) == []


def test_a_phrasal_reporting_verb_before_the_quote_gives_its_subject():
    text = "The visitors kept coming all week. As Marta points out, \u201cA free museum fills up fast.\u201d"
    assert quote_speakers(text) == [("A free museum fills up fast.", "Marta")]


def test_a_lower_case_object_after_the_verb_is_no_frame():
    # "points the way," is an object phrase, not a particle: the quote is not the subject's
    text = "The visitors kept coming all week. As Marta points the way, \u201cA free museum fills up fast.\u201d"
    assert [s for _, s in quote_speakers(text)] != ["Marta"]


def test_found_before_a_bare_plural_subject_reports_its_clause():
    text = "A county audit found clinics in the north can wait six weeks for supplies."
    assert attribution_speakers(text) == [("clinics in the north can wait six weeks for supplies", "county audit")]


def test_a_participle_adjective_before_a_bare_plural_is_no_reporting_verb():
    # "updated kitchens can ..." is an adjective and its noun, not "X updated (that) ..."
    text = "Bold front doors and updated kitchens can add value to an older house."
    assert attribution_speakers(text) == []


def test_a_subject_with_a_relative_clause_between_commas_is_the_speaker():
    text = ("Dairy farmers, who mostly sell to the two big cooperatives, said the new quota "
            "would cut their income.")
    assert attribution_speakers(text) == [("the new quota would cut their income", "Dairy farmers")]


def test_a_subject_with_a_relative_clause_without_commas_is_the_speaker():
    text = "Port officials who have seen the plans say the terminal will open next spring."
    assert attribution_speakers(text) == [("the terminal will open next spring", "Port officials")]


def test_a_relative_clause_after_a_subordinator_names_no_speaker():
    # "As someone who ..." is no subject: the writer's "I" follows
    text = "As someone who grew up near the coast, I said the storms were getting worse every year."
    assert [s for _, s in attribution_speakers(text)] != ["As someone"]


def test_an_as_clause_frame_attributes_the_clause_after_its_comma():
    text = "As the harbour board has reported, the old sea wall could fail in a winter storm."
    assert attribution_speakers(text) == [("the old sea wall could fail in a winter storm", "harbour board")]


def test_a_frame_not_opening_with_as_keeps_the_comma_rule():
    # "The board reported, in a note, ..." : no "As" clause, the short aside is no content
    text = "The harbour board reported, in a short note, that repairs would start."
    assert ("in a short note, that repairs would start", "harbour board") not in attribution_speakers(text)


def test_a_plural_subjects_base_form_after_the_content_attributes_it():
    text = "The market rose.\n\nRate cuts alone will not revive demand this year, economists say."
    assert attribution_speakers(text) == [("Rate cuts alone will not revive demand this year", "economists")]


def test_an_introductory_adverb_before_one_tester_keeps_the_tester_as_speaker():
    text = "In fact, one tester noted the new sole would grip better on wet rock."
    assert attribution_speakers(text) == [("the new sole would grip better on wet rock", "tester")]


def test_a_reporting_verb_after_a_catenative_verb_and_to_takes_the_subject():
    text = "The minister has repeatedly tried to suggest that the budget gap is small."
    assert attribution_speakers(text) == [("the budget gap is small", "minister")]


def test_an_obligation_before_to_is_no_report():
    # "needs to understand that ..." says what someone must do, not what anyone said
    text = "The new coach needs to understand that the team is tired after the long season."
    assert attribution_speakers(text) == []


def test_told_a_named_group_and_its_plural_noun_reports_the_pronoun_clause():
    text = "Chief executive Dana Roe has told Northwind engineers they will keep their jobs."
    assert attribution_speakers(text) == [("they will keep their jobs", "Dana Roe")]
