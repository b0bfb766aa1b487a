"""Round-7 rules (claims9, from the seen sets' indirect and quote misses), each on made-up sentences
with its boundary case."""
from tests.claims_helpers import attribution_speakers


def test_a_fronted_adverbial_before_the_subject_of_a_reporting_verb():
    text = "On Monday, the landlord said a tenant had broken the lock twice this year.\n"
    assert attribution_speakers(text) == [("a tenant had broken the lock twice this year", "landlord")]


def test_adverbs_between_the_subject_and_its_reporting_verb():
    text = ("Three farmers have since claimed that they saw the truck leave the barn at night. "
            "Nervous investors in the fund quickly speculated that the manager had left the country.\n")
    assert attribution_speakers(text) == [
        ("they saw the truck leave the barn at night", "Three farmers"),
        ("the manager had left the country", "Nervous investors")]


def test_a_bare_plural_noun_opening_the_sentence_speaks():
    text = "Others said they had never seen the gate open before the storm.\n"
    assert attribution_speakers(text) == [("they had never seen the gate open before the storm", "Others")]


def test_a_possessive_or_a_contraction_is_no_bare_plural_subject():
    """Boundary: "Let's say", "Harlow's estimates are" hold no plural subject and no claim."""
    text = ("Let's say you run a bakery and sell a wide range of breads. "
            "Harlow's estimates are binding, but you can change them with the team.\n")
    assert attribution_speakers(text) == []


def test_a_fronted_clause_does_not_make_a_long_predicate_a_subject():
    """Boundary: after "Whether …," the words up to a noun "states" are a predicate, not a speaker."""
    text = ("Whether you're moving your home or your office, the firm offers moving service to all "
            "48 contiguous states — with insurance.\n")
    assert attribution_speakers(text) == []
