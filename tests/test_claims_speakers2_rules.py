"""Speaker resolution rules of the speakers2 round, each on made-up sentences with its boundary case."""
from tests.claims_helpers import attribution_speakers, quote_speakers


def test_a_title_word_after_a_given_name_is_a_family_name():
    text = ("Asked about the plan, Scott told the morning host Gayle King that it would pass.\n\n"
            "\"Why do you feel a personal connection to him?\" King asked.\n")
    assert quote_speakers(text) == [("Why do you feel a personal connection to him?", "Gayle King")]


def test_a_title_before_the_name_stays_a_title():
    """Boundary: "King Abdullah" is the king, and "the King" alone names nobody in full."""
    text = ("King Abdullah met the envoy on Monday.\n\n"
            "\"We will not accept it,\" Abdullah said.\n")
    assert quote_speakers(text) == [("We will not accept it,", "Abdullah")]


def test_a_time_adverbial_without_comma_does_not_hide_the_subject():
    text = ("Dr Tom Hale wrote to the ministry on Friday.\n\n"
            "Last night Minister Leo Brandt made a strong claim on radio.\n\n"
            "He said: \"We asked them what we say to the people who would lose their jobs.\"\n")
    assert quote_speakers(text) == [("We asked them what we say to the people who would lose their jobs.",
                                     "Leo Brandt")]


def test_an_unknown_title_before_a_given_name_is_no_part_of_the_name():
    text = "Tanaiste Leo Brandt spoke on radio.\n\n\"We cannot close the schools,\" Brandt said.\n"
    assert quote_speakers(text) == [("We cannot close the schools,", "Leo Brandt")]


def test_a_capitalised_name_of_three_words_keeps_its_short_first_word():
    """Boundary: "Los Angeles Times" loses no word (a first word of three letters or fewer)."""
    text = "\"Graduates are struggling,\" The Los Angeles Times reported.\n"
    assert [s for _, s in quote_speakers(text)] != ["Angeles Times"]


def test_the_french_particle_des_belongs_to_the_family_name():
    text = "\"We are fully mobilized,\" said Laurence des Cars, the museum's president.\n"
    assert quote_speakers(text) == [("We are fully mobilized,", "Laurence des Cars")]


def test_a_possessive_subject_after_two_opening_phrases_is_the_pronouns_person():
    text = ("Manpreet Mann works at a broker. Dan DiMugno works at a carrier.\n\n"
            "Mann agreed that a buffer is necessary, stating, \"You can always get back to it later.\" "
            "In contrast, at a carrier, DiMugno's study time was a little more structured. He said that "
            "as the date approaches, \"study time takes priority over certain work items.\"\n")
    assert ("study time takes priority over certain work items.", "Dan DiMugno") in quote_speakers(text)


def test_a_document_of_an_organisation_still_names_its_issuer():
    """Boundary: "the Strava report" (no person called Strava) is Strava's, an organisation."""
    text = "\"Runners are faster this year,\" the Strava report said.\n"
    assert quote_speakers(text) == [("Runners are faster this year,", "Strava")]


def test_the_mp_is_the_person_who_spoke_just_before():
    text = ("Chris Holt warned on Monday that the sector is facing \"mass job cuts\" across the country.\n\n"
            "Speaking in the Commons, the Conservative MP said: \"It does not need to be like this.\"\n")
    assert ("It does not need to be like this.", "Chris Holt") in quote_speakers(text)


def test_an_mp_introduced_unnamed_keeps_the_description():
    """Boundary: "a Labour MP" is nobody named before."""
    text = "\"It does not need to be like this,\" a Labour MP said.\n"
    assert quote_speakers(text) == [("It does not need to be like this,", "Labour MP")]


def test_a_modal_verb_ends_the_speaker_phrase():
    text = "Video shows a man entering the shop.\n\n\"I need an appointment,\" the man could be heard saying.\n"
    assert quote_speakers(text) == [("I need an appointment,", "man")]


def test_a_time_preposition_ends_the_speaker_phrase():
    text = "\"That does not seem like recreation to me,\" said one person during public comment.\n"
    assert quote_speakers(text) == [("That does not seem like recreation to me,", "person")]


def test_a_capitalised_given_name_is_no_modal_verb():
    """Boundary: "Will" in a name does not end it."""
    text = "\"It is far too large,\" said councillor Ann Will Hart.\n"
    assert quote_speakers(text) == [("It is far too large,", "Ann Will Hart")]


def test_another_with_a_name_in_apposition_is_that_name():
    text = ("One company, Avigilon, sells these tools to schools. Another, Pelco, announced last April "
            "that it will provide schools with a new version.\n")
    assert ("it will provide schools with a new version", "Pelco") in attribution_speakers(text)


def test_another_without_apposition_keeps_the_previous_description():
    """Boundary: with no name beside it, "another" borrows the last unnamed speaker's head noun."""
    text = ("\"It is too big,\" said one user.\n\n\"It is far too big,\" another said.\n")
    assert quote_speakers(text) == [("It is too big,", "user"), ("It is far too big,", "another user")]


def test_some_after_another_borrows_no_determiner():
    text = "\"It is too big,\" another said.\n\nSome wrote that the plan was far too small.\n"
    assert all(not (spk or "").endswith("another") or spk == "another"
               for _, spk in attribution_speakers(text) + quote_speakers(text))


def test_a_lower_case_outlet_noun_after_an_organisations_name_is_its_description():
    text = "The Associated Press news agency reported that the island was full.\n"
    assert attribution_speakers(text) == [("the island was full", "Associated Press")]


def test_a_lower_case_noun_that_is_no_outlet_noun_stays():
    """Boundary: "the Trump administration" keeps its noun."""
    text = "The Trump administration said that the island was full.\n"
    assert attribution_speakers(text) == [("the island was full", "Trump administration")]


def test_she_is_the_unnamed_person_the_paragraph_introduced_as_an_object():
    text = ("Anna Berg runs a shop in New Zealand.\n\n"
            "The magazine spoke to one mother, who knew her daughter was on the app. "
            "\"I am ahead of every other parent I know,\" she said.\n")
    assert quote_speakers(text) == [("I am ahead of every other parent I know,", "mother")]


def test_an_appositive_description_of_a_named_person_is_not_introduced_unnamed():
    """Boundary: "said Jane Roe, an astronomer and an expert in data" -- the "she" is Jane Roe."""
    text = ("Coding pays better in industry, said Jane Roe, an astronomer at Harvard and an expert in data. "
            "\"There was no such thing as a data scientist,\" she said.\n")
    assert quote_speakers(text) == [("There was no such thing as a data scientist,", "Jane Roe")]


def test_a_web_address_name_is_one_word():
    text = ("Amazon.com Inc., the largest online retailer, last year pledged to be \"net zero carbon\" "
            "by 2040.\n")
    assert quote_speakers(text) == [("net zero carbon", "Amazon.com Inc.")]


def test_a_name_ending_its_sentence_is_unchanged():
    """Boundary: a name ending its sentence keeps its period out of the name."""
    text = "\"We will win,\" said Jane Roe.\n"
    assert quote_speakers(text) == [("We will win,", "Jane Roe")]


def test_an_office_of_the_named_body_is_no_personal_name():
    text = "The party's chancellor of the Exchequer said the cuts would be \"deeper and tougher\" than before.\n"
    assert [s for _, s in quote_speakers(text)] == ["party's chancellor of the Exchequer"]


def test_a_name_after_a_role_of_a_body_is_still_the_persons():
    """Boundary: a personal name after a role "of" a body is still the person."""
    text = "\"We will win,\" said Director of Communications Jane Roe.\n"
    assert quote_speakers(text) == [("We will win,", "Jane Roe")]
