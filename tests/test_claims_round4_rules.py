"""Round-4 rules (from blind5's misses), each on made-up sentences with its boundary case."""
from tests.claims_helpers import attribution_speakers, quote_claims, quote_speakers


def test_dateline_is_no_speaker_of_the_first_sentence():
    text = ('OSLO, March 4 (Reuters) -- The regional council criticised the ministry on Monday, '
            'warning that Oslo will lose its funding.\n')
    assert attribution_speakers(text) == [("Oslo will lose its funding", "regional council")]


def test_dateline_is_left_out_of_an_attribution_content():
    text = "BERLIN (AP) \u2014 Berlin will lose funding, the mayor said on Monday.\n"
    assert attribution_speakers(text) == [("Berlin will lose funding", "mayor")]


def test_agency_only_dateline_is_no_speaker():
    text = '(CNN) -- Lucia Gomez praised the plan, saying it was "a good start."\n'
    assert quote_speakers(text) == [("a good start.", "Lucia Gomez")]


def test_upper_case_subject_before_a_dash_and_lower_case_words_is_no_dateline():
    """Boundary: "NASA — the agency that …" goes on with the same sentence, so NASA stays in it."""
    text = 'NASA \u2014 the space agency that built the rover \u2014 said the landing was "a triumph."\n'
    assert [c.speaker.startswith("NASA") for c in quote_claims(text)] == [True]


def test_upper_case_name_before_a_comma_stays_a_speaker():
    """Boundary: an upper-case word with no dash after it is no dateline."""
    text = 'NASA, the space agency, said the launch was "a success."\n'
    assert quote_speakers(text) == [("a success.", "NASA")]


def test_all_caps_labels_with_a_preposition_are_no_transcript_turns():
    text = ("The final was played on Sunday.\n"
            "ADD TO CART: A gift card for the game store\n"
            "BACK TO TOP: The winners lifted the trophy\n")
    assert quote_speakers(text) == []


def test_all_caps_labels_of_common_words_are_no_transcript_turns():
    text = ("Fans can read more about the final and see the replays.\n"
            "READ MORE: Five changes the league is considering\n"
            "SEE REPLAYS: The best plays of the week\n")
    assert quote_speakers(text) == []


def test_all_caps_name_labels_stay_transcript_turns():
    """Boundary: a name label keeps its turns even when one of its words is also a common word."""
    text = ("Prices rose again in March.\n"
            "MARTA ROSE: We want the bridge rebuilt this year.\n"
            "DAVID BELLAMY: The money is not there yet.\n")
    assert quote_speakers(text) == [("We want the bridge rebuilt this year.", "Marta Rose"),
                                    ("The money is not there yet.", "David Bellamy")]


RANT = "Senator Ana Ortega spoke next.\nFor an hour, Ortega ranted against the mayor, branding him as "


def test_later_items_of_a_list_of_partial_quotes_share_the_first_items_speaker():
    text = RANT + 'a "liar," "a cheat," "a coward." The room was silent.\n'
    assert [(c.content, c.speaker, c.quote_kind) for c in quote_claims(text)] == [
        ("liar,", "Ana Ortega", "partial"), ("a cheat,", "Ana Ortega", "partial"),
        ("a coward.", "Ana Ortega", "partial")]


def test_a_long_quotation_after_a_partial_quote_is_no_list_item():
    """Boundary: a quoted clause longer than a list's fragment does not take the fragment's speaker."""
    text = RANT + 'a "liar," "the man who has taken money from all of us for years."\n'
    assert quote_speakers(text) == [("liar,", "Ana Ortega"),
                                    ("the man who has taken money from all of us for years.", None)]


def test_a_quote_after_other_words_is_no_list_item():
    """Boundary: words between the two quotes (another speaker) break the list."""
    text = RANT + 'a "liar," while fans chanted "a cheat."\n'
    assert ("a cheat.", "Ana Ortega") not in quote_speakers(text)


def test_role_with_a_known_surname_appositive_gives_the_person():
    text = ('Ana Martinez represents him.\n'
            '"He was worried about the guards," his lawyer, Martinez, recalled. "I told him not to be."\n')
    assert quote_speakers(text) == [("He was worried about the guards,", "Ana Martinez"),
                                    ("I told him not to be.", "Ana Martinez")]


def test_role_with_an_unknown_capitalised_appositive_keeps_the_role():
    """Boundary: one capitalised word the article never names in full (a place) is no name."""
    text = '"He was worried about the guards," his lawyer, Madrid, recalled.\n'
    assert quote_speakers(text) == [("He was worried about the guards,", "lawyer")]


STONE = ('Mark T. Rivers said he was expecting a long trip.\n'
         '"We will decide tomorrow whether the flights go," Patrol Chief Daniel Stone with the '
         'Springfield Police Department said Wednesday.\n'
         '"It looks fine," he said about the flights.\n')


def test_person_with_the_employer_after_the_name_is_the_speaker_and_the_pronouns_antecedent():
    assert quote_speakers(STONE) == [("We will decide tomorrow whether the flights go,", "Daniel Stone"),
                                     ("It looks fine,", "Daniel Stone")]


def test_role_noun_with_the_employer_after_it_gives_the_employer():
    """Boundary: a role noun, no personal name, before "with the": the organisation is kept."""
    text = '"We will decide tomorrow," a spokesman with the Springfield Police Department said.\n'
    assert quote_speakers(text) == [("We will decide tomorrow,", "Springfield Police Department")]


VISIT = "The journalist Peter Lang visited the city in May.\n"


def test_he_after_an_unnamed_person_in_the_paragraph_is_that_person():
    text = VISIT + ('"We are tired," says a nurse from the north. During a break, he explains that he '
                    'lives nearby. "Every day is the same," he says.\n')
    assert quote_speakers(text) == [("We are tired,", "nurse"), ("Every day is the same,", "nurse")]


def test_he_after_a_later_named_person_stays_with_the_named_person():
    """Boundary: a person named after the unnamed one is the nearer antecedent."""
    text = '"We are tired," says a nurse from the north. Peter Lang agreed. "Every day is the same," he says.\n'
    assert quote_speakers(text)[1] == ("Every day is the same,", "Peter Lang")


def test_he_is_not_an_unnamed_person_of_the_other_gender():
    """Boundary: "a spokeswoman" is never "he"."""
    text = VISIT + ('"We are tired," says a spokeswoman for the clinic. During a break, he explains that '
                    'the clinic is full. "Every day is the same," he says.\n')
    assert ("Every day is the same,", "spokeswoman") not in quote_speakers(text)
