"""Rules for speakers on unseen pages (issue 13): names written in the possessive, a lone first
name of a longer name, sentence-initial prepositions, and the person behind a pronoun."""
from transforms.claims import RuleBasedExtractor

EX = RuleBasedExtractor()


def quotes(text):
    return [c for c in EX.extract(text) if c.kind == "quote"]


def speakers(text):
    return [(q.content, q.speaker) for q in quotes(text)]


def test_a_full_name_written_only_in_the_possessive_is_the_canonical_name():
    text = ("The campaign drew mockery online, but Dana Kowalczyk\u2019s reaction was worry.\n\n"
            "\u201cWe have seen campaigns like this one fail before,\u201d Kowalczyk said.")
    assert speakers(text) == [("We have seen campaigns like this one fail before,", "Dana Kowalczyk")]


def test_a_possessive_surname_alone_does_not_make_a_second_person():
    # the only full name is "Dana Kowalczyk"; a bare "Kowalczyk's" later is the same person
    text = ("Dana Kowalczyk runs the agency.\n\nKowalczyk\u2019s team wrote the plan. "
            "\u201cIt took us a year to get right,\u201d Kowalczyk said.")
    assert speakers(text) == [("It took us a year to get right,", "Dana Kowalczyk")]


def test_a_lone_first_name_takes_the_one_longer_name_starting_with_it():
    text = ("The guide quotes Priya Sharma and Bernard T Mensah, founder of a podcast studio.\n\n"
            "Bernard likes small rooms. \u201cA quiet room matters more than the microphone,\u201d "
            "Bernard says.")
    assert speakers(text) == [("A quiet room matters more than the microphone,", "Bernard T Mensah")]


def test_a_first_name_shared_by_two_full_names_stays_as_written():
    text = ("The panel had Bernard T Mensah and Bernard K Okafor on it.\n\n"
            "\u201cA quiet room matters more than the microphone,\u201d Bernard says.")
    assert speakers(text) == [("A quiet room matters more than the microphone,", "Bernard")]


def test_a_sentence_initial_preposition_is_not_part_of_the_name():
    text = ("BOSTON \u2014 To Marcus Delaney, records are not a goal.\n\n"
            "\u201cI just want to win games this season,\u201d Delaney said.")
    assert speakers(text) == [("I just want to win games this season,", "Marcus Delaney")]


def test_a_name_followed_by_a_sentence_end_is_not_joined_to_the_next_sentence():
    # "pressing Andrew. Maitlis asked": no person "Andrew Maitlis"; "Andrew" stays Andrew
    text = ("Prince Andrew gave an interview. The host kept pressing Andrew. Maitlis asked again.\n\n"
            "\u201cI have no recollection of that at all,\u201d Andrew said.")
    assert speakers(text) == [("I have no recollection of that at all,", "Andrew")]
