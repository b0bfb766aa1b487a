"""Speaker resolution rules (pronouns, role nouns, names), each on made-up sentences with its
boundary case."""
from tests.claims_helpers import quote_speakers

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
