"""Quote precision (issue 13): features that tell a quotation from words that only look like one."""
import pytest

from tests.claims_helpers import quote_speakers
from transforms.claims.extractor import imagined_speech


def contents(text):
    return [c for c, _ in quote_speakers(text)]


# --- imagined speech: the writer's or the reader's own words ----------------------------------

def test_a_line_the_writer_asks_himself_is_not_a_quote():
    text = 'After the launch, I asked myself: "What could I have done better to avoid all these weeks?"'
    assert quote_speakers(text) == []


def test_a_line_the_reader_would_think_is_not_a_quote():
    text = 'You hear your own voice on a recording and think, "Oh gosh, I cannot believe I sound like that!"'
    assert quote_speakers(text) == []


def test_an_unattributed_quote_in_a_third_person_sentence_is_kept_with_no_speaker():
    text = 'Beyond the bend, the sign read "Nobody can keep paying for roads that nobody will ever use."'
    assert quote_speakers(text) == [("Nobody can keep paying for roads that nobody will ever use.", None)]
    text = 'Beyond the bend, we read "Nobody can keep paying for roads that nobody will ever use."'
    assert quote_speakers(text) == []


def test_a_first_person_frame_that_names_someone_keeps_the_quote():
    assert not imagined_speech('As we wrote about the Acme model, "This remains a solid choice for most people."')
    assert imagined_speech('As we wrote about the model, "This remains a solid choice for most people."')


def test_a_capital_that_opens_the_sentence_or_follows_a_colon_is_not_a_name():
    assert imagined_speech('Then I told them: Please "give the colleges specific reasons to accept you."')
    assert not imagined_speech('Then I told Maria: "give the colleges specific reasons to accept you."')


def test_only_the_words_outside_the_quote_decide():
    # the quoted words speak as "I"; the sentence around them does not
    assert not imagined_speech('The tester noted, "I was not intimidated by this model at all."')
    assert imagined_speech('I noted, "The model was not intimidating at all."')


# --- a term used as a modifier inside a noun phrase -------------------------------------------

@pytest.mark.parametrize("text, kept", [
    # article or possessive, a modifier, the quote, then a noun: a term
    ('Dr Jane Roe says the trial, with its rigorous "active control" design, shows the effect.', []),
    # a function word between the article and the quote: no noun phrase
    ('Dr Jane Roe said, describing her daughter as "brave, strong, and smart" before the jury.',
     ["brave, strong, and smart"]),
    # a function word after the quote: no noun follows
    ('Dr Jane Roe says the trial had its rigorous "active control" for a reason.', ["active control"]),
])
def test_a_short_quote_between_modifiers_and_a_noun_is_a_term(text, kept):
    assert contents(text) == kept


# --- labels over names are a table, not a transcript -------------------------------------------

def test_upper_case_labels_over_capitalised_names_are_no_transcript_turns():
    text = ("The three machines we tested.\n\nOUR TOP PICK:\nAcme Coffee Select\n\n"
            "RUNNER UP:\nRatio Six\n\nBUDGET PICK:\nBrew Master Mini")
    assert quote_speakers(text) == []


def test_a_turn_that_ends_as_a_sentence_is_speech_even_when_capitalised():
    text = ("Jane Roe and John Doe met on Tuesday.\n\nROE: Thank You.\n\nDOE: We Will See.")
    assert quote_speakers(text) == [("Thank You.", "Jane Roe"), ("We Will See.", "John Doe")]


def test_a_turn_with_a_lower_case_word_is_speech():
    text = ("Jane Roe and John Doe met on Tuesday.\n\nROE: Ratio of six\n\nDOE: We will see")
    assert quote_speakers(text) == [("Ratio of six", "Jane Roe"), ("We will see", "John Doe")]
    text = ("Jane Roe and John Doe met on Tuesday.\n\nROE: Ratio Of Six\n\nDOE: We Will See")
    assert quote_speakers(text) == []


# --- titles: capitalised words, one lower-case word allowed in a longer title ------------------

@pytest.mark.parametrize("text, kept", [
    ('Jane Roe said the essay "The Rise of Worse is Better" changed how engineers build systems.', []),
    # two lower-case words: a phrase, not a title
    ('Jane Roe said the essay "The Rise of worse is Better" changed how engineers build systems.',
     ["The Rise of worse is Better"]),
    # a capitalised line that ends a sentence gets no slack
    ('Jane Roe said her essay was "The Best Code is No Code." and left the room.', ["The Best Code is No Code."]),
    # the slack needs four capitalised words
    ('Jane Roe said the essay "Worse is Better" in 1991 changed engineering.', ["Worse is Better"]),
    ('Jane Roe said the essay "Rise of Worse is Better" in 1991 changed engineering.', []),
])
def test_a_title_may_have_one_lower_case_word(text, kept):
    assert contents(text) == kept


# --- an example of a kind: questions like “…” -----------------------------------------------------

@pytest.mark.parametrize("text, kept", [
    ('The tool answers questions like "find a waterproof hiking boot under $150 for adults."', []),
    ('The tool answers questions, such as "find a waterproof hiking boot under $150 for adults."', []),
    ('For example, "I want to gain five pounds of muscle before the summer starts."', []),
    # not right before the quote: the example preposition does not govern it
    ('The tool, like others, answers "find a waterproof hiking boot under $150 for adults."',
     ["find a waterproof hiking boot under $150 for adults."]),
    # a person the sentence names said it: a comparison, still a quote
    ('Steve McConnell wrote that programming sounds to managers like "a peon who types mumbo-jumbo".',
     ["a peon who types mumbo-jumbo"]),
    # one side of a contrast
    ('The gap between "my growth feels random" and "I know exactly what drives it" is data.', []),
    # only the side after "instead of" is judged here
    ('Try "I bet I could have done more today" instead of "that was too much for me".',
     ["I bet I could have done more today"]),
    # "between" that does not govern the quote
    ('Between the two meetings the board wrote "we will not sell the land to anyone".',
     ["we will not sell the land to anyone"]),
])
def test_a_quote_given_as_an_example_or_a_contrast_is_not_a_quote(text, kept):
    assert contents(text) == kept


# --- a capitalised name right after a verb is a title when it ends without punctuation ----------

@pytest.mark.parametrize("text, kept", [
    ('Acme claims "Hotter Brewing Technology" thanks to a new boiler.', []),
    # clause punctuation inside the closing mark: a chant, a spoken line
    ('Protesters chanted, "Red for Ed," in the hallway on Tuesday.', ["Red for Ed,"]),
    # one word after a verb stays for the one-word rules to judge
    ('Jane Roe said "Wonderful" and left the room.', ["Wonderful"]),
    ('Jane Roe said "Wonderful Tonight" and left the room.', []),
])
def test_an_adjacent_capitalised_name_without_punctuation_is_a_title(text, kept):
    assert contents(text) == kept


# --- "called" right before the quote names a thing ---------------------------------------------

@pytest.mark.parametrize("text, kept", [
    ('Jane Roe fell in love with a script called "Wild Rose," a story about a singer from Glasgow.', []),
    # an object between the verb and the quote: speech
    ('Jane Roe called the hearings "a disgrace to the country" on Tuesday.', ["a disgrace to the country"]),
    # the object is a "what" before the verb
    ('Jane Roe criticised what she called "experiments with public money" on Tuesday.',
     ["experiments with public money"]),
])
def test_called_right_before_a_quote_names_a_thing(text, kept):
    assert contents(text) == kept
