"""Round-6 rules (claims8, from the seen sets' misses), each on made-up sentences with its boundary case."""
from tests.claims_helpers import quote_claims, quote_speakers


def test_a_determiner_led_subject_speaks_a_partial_quote_after_its_verb():
    text = ("A spokesperson for the Acme Trade Office reiterated a position that tariffs "
            "\"are unlawful under the treaty and harm exporters\".\n")
    assert quote_speakers(text) == [("are unlawful under the treaty and harm exporters",
                                     "spokesperson for the Acme Trade Office")]


def test_a_determiner_before_a_capitalised_name_is_part_of_the_name():
    """Boundary: "One Harbor Street" is a name, not "one" plus a noun: no speaker subject."""
    text = ("One Harbor Street is one of the new places. One Harbor Street gives new meaning to "
            "\"farm to table.\" The tables are full.\n")
    assert quote_speakers(text) == []


def test_a_passive_subject_does_not_speak_the_quote_after_its_verb():
    """Boundary: the subject of "was diagnosed with" is no speaker of the term that follows."""
    text = ("The patient was treated in Leeds. The patient was diagnosed with what doctors call "
            "\"bird fancier's lung,\" a rare inflammation.\n")
    assert [s for _, s in quote_speakers(text)] != ["patient"]


def test_a_possessive_object_after_the_verb_ends_the_attribution():
    """``"…," X VERB his OBJECT``: the name right after the quote is the mention, not a guess."""
    text = "Anna Berg ran a team. \"Nobody can know about my trips,\" Berg emailed his staff.\n"
    assert [(c.speaker, c.speaker_mention) for c in quote_claims(text)] == [("Anna Berg", "Berg")]
