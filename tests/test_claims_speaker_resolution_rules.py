"""Speaker resolution rules (pronouns, role nouns, names), each on made-up sentences with its
boundary case."""
from tests.claims_helpers import attribution_speakers, quote_speakers

QUOTE = "\"A group makes meditation much easier at first,\" she says.\n"


def test_she_is_not_a_technique_named_in_capitals():
    text = ("Kim Lee teaches meditation classes in town.\n\n"
            "Transcendental Meditation is a technique in which you repeat a mantra to quiet your mind.\n\n"
            + QUOTE)
    assert quote_speakers(text) == [("A group makes meditation much easier at first,", "Kim Lee")]


def test_she_can_be_a_name_whose_surname_is_a_common_word():
    """Boundary: a first name opening the name keeps it a person ("Chris Early", early)."""
    text = ("Kim Lee teaches meditation classes in town.\n\n"
            "Chris Early joined the company early last year.\n\n" + QUOTE)
    assert quote_speakers(text) == [("A group makes meditation much easier at first,", "Chris Early")]


def test_a_sentence_adverb_is_no_part_of_a_name():
    text = ("Perhaps Marta Kowalczyk was right about the plan.\n\n"
            "\"We will win the vote,\" Kowalczyk said.\n")
    assert quote_speakers(text) == [("We will win the vote,", "Marta Kowalczyk")]


def test_the_role_noun_is_the_unnamed_person_described_before():
    text = ("\"Immunity is not automatic,\" said one legal expert.\n\n"
            "\"He is vulnerable to extradition,\" the expert warned.\n")
    assert quote_speakers(text) == [("Immunity is not automatic,", "legal expert"),
                                    ("He is vulnerable to extradition,", "legal expert")]


def test_a_generic_role_noun_keeps_its_own_words():
    """Boundary: "the source" after "a new source" stays "source"."""
    text = ("\"The deal is done,\" said a new source.\n\n"
            "\"It was signed on Friday,\" the source added.\n")
    assert quote_speakers(text) == [("The deal is done,", "new source"),
                                    ("It was signed on Friday,", "source")]


def test_a_lower_case_description_before_an_organisation_name_is_stripped():
    text = ("\"Forty whales are stranded,\" said whale rescue group Project Jonah.\n\n"
            "\"We need volunteers,\" the group said.\n")
    assert quote_speakers(text) == [("Forty whales are stranded,", "Project Jonah"),
                                    ("We need volunteers,", "Project Jonah")]


def test_a_description_before_a_numeric_name_is_stripped():
    text = "Data analysis firm 1010data said the market will grow fast next year.\n"
    assert attribution_speakers(text) == [("the market will grow fast next year", "1010data")]


def test_a_phrase_joined_by_of_keeps_its_words():
    """Boundary: "members of Congress" is no description + name."""
    text = "\"The rocket is not used enough,\" said members of Congress.\n"
    assert quote_speakers(text) == [("The rocket is not used enough,", "members of Congress")]


def test_a_based_word_is_no_part_of_a_name():
    text = ("Sacramento-based McClatchy owns 30 papers.\n\n"
            "\"We cannot pay our pension bill,\" McClatchy said.\n")
    assert quote_speakers(text) == [("We cannot pay our pension bill,", "McClatchy")]


def test_a_lone_first_name_takes_the_full_name_without_its_possessive():
    text = ("Tiffany Waldorf's box came in May.\n\n"
            "\"The jacket is lovely,\" Tiffany said.\n")
    assert quote_speakers(text) == [("The jacket is lovely,", "Tiffany Waldorf")]


def test_a_possessive_mention_names_the_person():
    text = ("Michael Shadlen runs a lab in New York.\n\n"
            "\"The results hold up,\" said Dr. Shadlen's.\n")
    assert quote_speakers(text) == [("The results hold up,", "Michael Shadlen")]


def test_a_first_name_in_parentheses_is_part_of_the_full_name():
    text = ("Coach (Frank) Vogel came in here and said hello.\n\n"
            "\"He is playing terrific basketball,\" Vogel said.\n")
    assert quote_speakers(text) == [("He is playing terrific basketball,", "Frank Vogel")]


def test_a_word_in_parentheses_that_is_no_first_name_is_not():
    """Boundary: "(Monday)" before the surname is no first name."""
    text = ("The vote (Monday) Vogel said was close.\n\n"
            "\"He is playing terrific basketball,\" Vogel said.\n")
    assert quote_speakers(text) == [("He is playing terrific basketball,", "Vogel")]


def test_an_office_named_for_its_subject_is_no_person():
    text = "\"It does not modify international law,\" said the United Nations High Commissioner for Human Rights.\n"
    assert quote_speakers(text) == [("It does not modify international law,",
                                     "United Nations High Commissioner for Human Rights")]


def test_a_title_with_of_before_a_personal_name_still_names_the_person():
    """Boundary: "Secretary of State Mike Pompeo" is Mike Pompeo."""
    text = "\"It does not modify international law,\" said Secretary of State Mike Pompeo.\n"
    assert quote_speakers(text) == [("It does not modify international law,", "Mike Pompeo")]


def test_the_agency_is_the_public_body_named_just_before():
    text = ("Reporters reached out to the Department of Transportation for comment.\n\n"
            "In a response, the agency said, \"The carrier is under investigation by our inspectors.\"\n")
    assert quote_speakers(text) == [("The carrier is under investigation by our inspectors.",
                                     "Department of Transportation")]


def test_the_group_is_not_any_organisation_named_just_before():
    """Boundary: "the group" after a company's acronym stays "group"."""
    text = ("The workers signed a deal with JLL last week.\n\n"
            "In a tweet, the group said, \"The company is not keeping its promise to its staff.\"\n")
    assert quote_speakers(text) == [("The company is not keeping its promise to its staff.", "group")]


def test_the_patient_is_not_the_doctor_who_spoke_last():
    text = ("\"It happens more than we realize,\" Dr. Owen Dempsey said.\n\n"
            "\"My life is pretty much as it was before,\" the patient wrote.\n")
    assert quote_speakers(text) == [("It happens more than we realize,", "Owen Dempsey"),
                                    ("My life is pretty much as it was before,", "patient")]


def test_the_actor_is_the_person_who_spoke_last():
    """Boundary: an occupation re-describes the last speaker."""
    text = ("\"It makes you more human,\" James Van Der Beek said.\n\n"
            "\"We never take it for granted,\" the actor added.\n")
    assert quote_speakers(text) == [("It makes you more human,", "James Van Der Beek"),
                                    ("We never take it for granted,", "James Van Der Beek")]


def test_an_acronym_is_no_family_name():
    text = ("Migrants are held at CBP McAllen for days.\n\n"
            "\"We will not vaccinate families in our centers,\" CBP said.\n")
    assert quote_speakers(text) == [("We will not vaccinate families in our centers,", "CBP")]


def test_a_family_name_takes_the_given_name_after_it():
    """Boundary: "Li Jifeng" ... "Li said" is Li Jifeng."""
    text = ("Li Jifeng runs the factory in Ningbo.\n\n"
            "\"We will not cut jobs this year,\" Li said.\n")
    assert quote_speakers(text) == [("We will not cut jobs this year,", "Li Jifeng")]


def test_a_name_after_lower_case_role_words_opening_the_frame_is_the_speaker():
    text = ("\"Water is hard to find beyond Earth,\" study lead author Lucas Paganini, a planetary "
            "scientist at NASA in Washington, D.C., said in a statement.\n")
    assert quote_speakers(text) == [("Water is hard to find beyond Earth,", "Lucas Paganini")]


def test_a_name_after_a_preposition_opening_the_frame_is_not():
    """Boundary: "the lawyer for John Smith, …" is the lawyer."""
    text = "\"Water is scarce this year,\" the lawyer for John Smith, a farmer in Iowa, said.\n"
    assert quote_speakers(text) == [("Water is scarce this year,", "lawyer for John Smith")]


def test_a_role_noun_with_an_appositive_role_and_name_is_that_person():
    text = "\"He was in charge of Ukraine,\" said another witness, former White House adviser Fiona Hill.\n"
    assert quote_speakers(text) == [("He was in charge of Ukraine,", "Fiona Hill")]


def test_a_short_phrase_between_the_role_noun_and_the_named_appositive_is_skipped():
    text = ("\"He was in charge of Ukraine,\" said another witness in the impeachment probe, "
            "former White House adviser Fiona Hill.\n")
    assert quote_speakers(text) == [("He was in charge of Ukraine,", "Fiona Hill")]


def test_a_phrase_after_the_role_noun_with_no_name_after_it_keeps_the_role():
    """Boundary: no name in the appositive, the role noun stays the speaker."""
    text = "\"He was in charge of Ukraine,\" said another witness in the impeachment probe, which began in May.\n"
    assert quote_speakers(text) == [("He was in charge of Ukraine,", "witness")]


def test_a_given_name_in_the_middle_takes_the_whole_name():
    text = ("The study was led by Yeun Joon Kim of Cambridge Judge Business School.\n\n"
            "\"We were surprised by the pairs,\" says Joon.\n")
    assert quote_speakers(text) == [("We were surprised by the pairs,", "Yeun Joon Kim")]


def test_a_place_before_a_family_name_is_no_part_of_it():
    """Boundary: "ambassador to Britain Liu Xiaming" is Liu Xiaming."""
    text = ("China's ambassador to Britain Liu Xiaming spoke on Monday.\n\n"
            "\"We want peace in the region,\" Liu said.\n")
    assert quote_speakers(text) == [("We want peace in the region,", "Liu Xiaming")]


def test_the_paper_after_a_newspaper_spoke_is_that_newspaper():
    text = ("\"The exercise is a hostile act,\" the Rodong Sinmun said in a commentary.\n\n"
            "The paper said that the drill included a \"stabilization maneuver\" in recaptured areas.\n")
    assert quote_speakers(text) == [("The exercise is a hostile act,", "Rodong Sinmun"),
                                    ("stabilization maneuver", "Rodong Sinmun")]


def test_the_paper_after_a_person_spoke_stays_the_paper():
    """Boundary: after its author spoke, "the paper" is the study, not the author."""
    text = ("\"The rain falls everywhere,\" Anezina Solomonidou said.\n\n"
            "The paper said that the equator is \"mostly dry\" in winter.\n")
    assert quote_speakers(text) == [("The rain falls everywhere,", "Anezina Solomonidou"),
                                    ("mostly dry", "paper")]


def test_the_group_is_the_name_given_to_it_in_apposition():
    text = ("The group, WeWorkers Coalition, formed in recent weeks.\n\n"
            "In a tweet, the group added that WeWork \"is not following through on its promise.\"\n")
    assert quote_speakers(text) == [("is not following through on its promise.", "WeWorkers Coalition")]


def test_the_pronoun_outweighs_the_first_name_data_when_no_one_else_fits():
    text = ("Burke Lennihan suggests trying different types of classes. \"A group makes it much easier "
            "at first,\" she says.\n")
    assert quote_speakers(text) == [("A group makes it much easier at first,", "Burke Lennihan")]


def test_the_first_name_data_still_rules_out_a_person_when_someone_else_fits():
    """Boundary: a woman named before keeps "she" from the man."""
    text = ("Ann Lee runs the studio.\n\n"
            "Burke Lennihan suggests trying different types of classes. \"A group makes it much easier "
            "at first,\" she says.\n")
    assert quote_speakers(text) == [("A group makes it much easier at first,", "Ann Lee")]
