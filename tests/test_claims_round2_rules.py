"""Speaker rules of issue 13, round 2: which person a "he"/"she" is in long features with many
people (paragraph continuity, sentence subjects, leading clauses) and which name an appositive
or "of ORG" belongs to, on made-up sentences. Each case pairs a rule with the boundary just
outside it (the older or other speaker keeps the quote)."""
import pytest

from tests.claims_helpers import quote_speakers

ELLIS_SPOKE = ("The film stars Jessie Quist and Mary Ellis. \u201cI loved the songs,\u201d Ellis said, "
               "and she smiled.\n\n")
ALDER_SPOKE = "Coach Bruce Alder praised the winger. \u201cHe is playing well now,\u201d Alder said.\n\n"
MOVED = " \u201cBut the story moved me,\u201d she said."
SCORING = "\n\n\u201cHe is used to scoring goals,\u201d he said."

# (behaviour, text, quote, its speaker)
PRONOUN_CASES = [
    ("a person called by surname opening the paragraph beats an older speaker of that gender",
     ELLIS_SPOKE + "Quist, who had not sung in years, worried about \u201cGlasgow,\u201d the hardest song." + MOVED,
     "But the story moved me,", "Jessie Quist"),
    ("a name never shortened to its last word (a brand) does not beat the older speaker",
     ELLIS_SPOKE + "Paris Baguette, a chain of bakeries, worried about \u201cGlasgow,\u201d the hardest song."
     + MOVED, "But the story moved me,", "Mary Ellis"),
    ("the older speaker keeps the pronoun inside its own paragraph",
     "The film stars Jessie Quist and Mary Ellis. Quist worried about \u201cGlasgow,\u201d the hardest song. "
     "\u201cI loved the songs,\u201d Ellis said." + MOVED, "But the story moved me,", "Mary Ellis"),
    ("a team and a role noun before a name make the name the sentence's subject",
     ALDER_SPOKE + "Wild defenseman Ryan Oster, who joked about the sticks, could see the frustration." + SCORING,
     "He is used to scoring goals,", "Ryan Oster"),
    ("a verb between a name and a person is no role noun (the subject stays the first name)",
     ALDER_SPOKE + "Alder met Ryan Oster after the game." + SCORING, "He is used to scoring goals,", "Bruce Alder"),
    ("a subject with a dashed relative clause is who the pronoun is",
     ALDER_SPOKE + "Tommy \u2014 who only goes by his first name online \u2014 retired at 51. He never earned a "
     "six-figure salary.\n\n\u201cBeing mortgage free adds freedom,\u201d he wrote.",
     "Being mortgage free adds freedom,", "Tommy"),
    ("a name inside a leading clause after a connective is the pronoun after the quote",
     "Stacy Ruiz denied it. Nate Hale said, \u201cThey got me for $8,000.\u201d\n\n"
     "And when asked how much Andrea Lomax was charged, \u201cOh, we paid 18,000,\u201d she said.",
     "Oh, we paid 18,000,", "Andrea Lomax"),
    ("a first name's gender stands when the article's pronoun evidence about that person disagrees",
     "Elise Marr said he was late. Marr laughed, and she left the room.\n\n"
     "In 1997, Marr interviewed Mike Ford for a convention. \u201cNo,\u201d he said.", "No,", "Mike Ford"),
    ("the narration's own he, written before the name it mentions, is the he after the quote",
     "Mike Ford wrote the novel.\n\nOn July 27, 2006, he emailed Neil Gaiman about it. "
     "\u201cIt is hard to weave action in,\u201d he wrote.", "It is hard to weave action in,", "Mike Ford"),
    ("a name of that gender before the narration's he is who the he after the quote is",
     "Mike Ford wrote the novel.\n\nNeil Gaiman said he read it. \u201cIt is hard to weave action in,\u201d "
     "he wrote.", "It is hard to weave action in,", "Neil Gaiman"),
    ("a lone surname the article writes after a title, opening the narration, is the pronoun",
     "Governor Matt Bevin won praise from President Trump.\n\nTrump sent a similar message to Virginia. "
     "\u201cGo out and vote today,\u201d he said.", "Go out and vote today,", "Trump"),
    ("a lone capitalised word never written after a title, opening the narration, is not the pronoun",
     "Governor Matt Bevin won praise.\n\nGoogle sent a similar message to Virginia. "
     "\u201cGo out and vote today,\u201d he said.", "Go out and vote today,", "Matt Bevin"),
    ("a name after the leading clause, before a quoted predicate, is not the pronoun",
     "Darren Tipton runs the chain. \u201cIt will open doors,\u201d he said.\n\n"
     "While other brands sell sandwiches, Paris Baguette remains \u201ca true bakery,\u201d he said.",
     "a true bakery,", "Darren Tipton"),
]

CLAIM = "The claim is patently false."
FALSE = " \u201c" + CLAIM + "\u201d"
# (behaviour, text, the one quote's speaker)
NAME_CASES = [
    ("a titled name before 'of ORG' is the person, not the organisation",
     "As surgeon Dr. Ann Okoro of VSI explains," + FALSE, "Ann Okoro"),
    ("a name before two appositives is the speaker, not the first description",
     "Cmdr. Tom Alder, a spokesperson for Clear Sky, the operation over the northern hills, told reporters "
     "on Monday:" + FALSE, "Tom Alder"),
    ("a name right after the quote, then appositives ending in a place, is the speaker",
     "\u201cThe claim is patently false,\u201d Dana Oster, a fellow at the Planck Institute in Munich, Germany, and "
     "co-author of the study, said in a statement.", "Dana Oster"),
    ("a personal name opening the sentence, then appositives with another name, is the speaker",
     "Prince Andrew, the younger brother of the heir, Charles, has reportedly told friends:" + FALSE,
     "Andrew"),
    ("a name whose initial the article writes out elsewhere is the written-out name",
     "John M. Ferro wrote the novels. Later John Milo Ferro signed them.\n\nFerro told them:" + FALSE,
     "John Milo Ferro"),
    ("two people of one surname with different first names stay apart (the first full name counts)",
     "Dale Ferro wrote the novels. Later Mike Ferro signed them.\n\nFerro told them:" + FALSE,
     "Dale Ferro"),
    ("a place after a preposition before the description is no speaker",
     "In Ohio, a spokesperson for the coalition, the group of farms, told reporters:" + FALSE,
     "spokesperson for the coalition"),
]


@pytest.mark.parametrize("text,quote,speaker", [c[1:] for c in PRONOUN_CASES], ids=[c[0] for c in PRONOUN_CASES])
def test_the_person_behind_a_pronoun(text, quote, speaker):
    assert (quote, speaker) in quote_speakers(text)


@pytest.mark.parametrize("text,speaker", [c[1:] for c in NAME_CASES], ids=[c[0] for c in NAME_CASES])
def test_the_name_an_appositive_or_of_phrase_belongs_to(text, speaker):
    assert [s for _, s in quote_speakers(text)] == [speaker]
