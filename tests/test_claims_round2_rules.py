"""Speaker rules of issue 13, round 2: which person a "he"/"she" is in long features with many
people (paragraph continuity, salience), on made-up sentences."""
from transforms.claims import RuleBasedExtractor

EX = RuleBasedExtractor()


def speakers(text):
    return [(c.content, c.speaker) for c in EX.extract(text) if c.kind == "quote"]


FIRST_PARAGRAPH = ("The film stars Jessie Quist and Mary Ellis. \u201cI loved the songs,\u201d Ellis said, "
                   "and she smiled.\n\n")


def test_a_person_called_by_surname_opening_the_paragraph_beats_an_older_speaker_of_that_gender():
    text = FIRST_PARAGRAPH + ("Quist, who had not sung in years, worried about \u201cGlasgow,\u201d the "
                              "hardest song. \u201cBut the story moved me,\u201d she said.")
    assert ("But the story moved me,", "Jessie Quist") in speakers(text)


def test_a_name_never_shortened_to_its_last_word_does_not_beat_the_older_speaker():
    # "Paris Baguette" is written only in full: a brand-like name, not the "she" of the paragraph
    text = FIRST_PARAGRAPH + ("Paris Baguette, a chain of bakeries, worried about \u201cGlasgow,\u201d the "
                              "hardest song. \u201cBut the story moved me,\u201d she said.")
    assert ("But the story moved me,", "Mary Ellis") in speakers(text)


def test_the_older_speaker_keeps_the_pronoun_inside_its_own_paragraph():
    text = ("The film stars Jessie Quist and Mary Ellis. Quist worried about \u201cGlasgow,\u201d the "
            "hardest song. \u201cI loved the songs,\u201d Ellis said. \u201cBut the story moved me,\u201d "
            "she said.")
    assert ("But the story moved me,", "Mary Ellis") in speakers(text)


def test_a_titled_name_of_an_organisation_is_the_person_not_the_organisation():
    text = "As surgeon Dr. Ann Okoro of VSI explains, \u201cA poor chair encourages poor posture.\u201d"
    assert speakers(text) == [("A poor chair encourages poor posture.", "Ann Okoro")]



def test_a_name_before_two_appositives_is_the_speaker_not_the_first_description():
    text = ("Cmdr. Tom Alder, a spokesperson for Clear Sky, the operation over the northern hills, "
            "told reporters on Monday: \u201cThe claim is patently false.\u201d")
    assert speakers(text) == [("The claim is patently false.", "Tom Alder")]


def test_a_place_after_a_preposition_before_the_description_is_no_speaker():
    text = ("In Ohio, a spokesperson for the coalition, the group of farms, told reporters: "
            "\u201cThe claim is patently false.\u201d")
    assert speakers(text) == [("The claim is patently false.", "spokesperson for the coalition")]


COACH_SPOKE = ("Coach Bruce Alder praised the winger. \u201cHe is playing well now,\u201d Alder said.\n\n")


def test_a_team_and_a_role_noun_before_a_name_make_the_name_the_sentences_subject():
    text = COACH_SPOKE + ("Wild defenseman Ryan Oster, who joked about the sticks, could see the frustration."
                          "\n\n\u201cHe is used to scoring goals,\u201d he said.")
    assert ("He is used to scoring goals,", "Ryan Oster") in speakers(text)


def test_a_verb_between_a_name_and_a_person_is_no_role_noun():
    # "Alder met Ryan Oster": Alder is the subject, the "he" after it is Alder
    text = COACH_SPOKE + ("Alder met Ryan Oster after the game.\n\n"
                          "\u201cHe is used to scoring goals,\u201d he said.")
    assert ("He is used to scoring goals,", "Bruce Alder") in speakers(text)


def test_a_subject_with_a_dashed_relative_clause_is_who_the_pronoun_is():
    text = COACH_SPOKE + ("Tommy \u2014 who only goes by his first name online \u2014 retired at 51. He "
                          "never earned a six-figure salary.\n\n\u201cBeing mortgage free adds freedom,\u201d he wrote.")
    assert ("Being mortgage free adds freedom,", "Tommy") in speakers(text)
