"""Unit tests: the regex sentence splitter (invented sentences)."""
from transforms.claims.quotes import find_quotes
from transforms.claims.sentences import paragraphs, split_sentences


def sents(text, with_quotes=True):
    paras = paragraphs(text)
    prot = []
    if with_quotes:
        prot = [(q.open_start, q.close_end) for q in find_quotes(text, paras) if q.closed]
    return [text[s:e] for s, e in split_sentences(text, prot, paras)]


def test_plain_sentences_and_newlines():
    assert sents("It rained. Then it stopped! Did it? Yes") == ["It rained.", "Then it stopped!", "Did it?", "Yes"]
    assert sents("One line\nAnother line") == ["One line", "Another line"]
    assert sents("  padded.  \n\n  ") == ["padded."]


def test_abbreviations_initials_and_decimals():
    assert sents("Lt. Gen. Steve Townsend spoke. He left.") == ["Lt. Gen. Steve Townsend spoke.", "He left."]
    assert sents("Dr. Jane A. Roe met Mr. Smith on Sept. 4. They talked.") == [
        "Dr. Jane A. Roe met Mr. Smith on Sept. 4.", "They talked."]
    assert sents("Prices rose 2.5 percent. Sales fell.") == ["Prices rose 2.5 percent.", "Sales fell."]
    assert sents("W. M. Keck Observatory is big. It is.") == ["W. M. Keck Observatory is big.", "It is."]


def test_may_end_abbreviations():
    assert sents("The U.S. Attorney spoke.") == ["The U.S. Attorney spoke."]
    assert sents("It was made in the U.S. The plant closed.") == ["It was made in the U.S.", "The plant closed."]
    assert sents("He joined Acme Corp. in May.") == ["He joined Acme Corp. in May."]
    assert sents("said Jim Roe Jr. Then he left.") == ["said Jim Roe Jr.", "Then he left."]


def test_quotes_are_not_split():
    text = '"We won. We will win again," he said. Next one.'
    assert sents(text) == ['"We won. We will win again," he said.', "Next one."]
    assert sents(text, with_quotes=False)[0] == '"We won.'


def test_question_in_quote_followed_by_named_attribution():
    text = "\u201cCan I go home?\u201d Anna tearfully asked before leaving. Later she left."
    assert sents(text) == ["\u201cCan I go home?\u201d Anna tearfully asked before leaving.", "Later she left."]
    # a new sentence that merely starts with a name is still split after a full stop
    text = "\u201cIt is over.\u201d Smith said the club would appeal."
    assert sents(text) == ["\u201cIt is over.\u201d", "Smith said the club would appeal."]


def test_list_numbers_stay_with_their_item():
    assert sents("1. Skip to content\n  2. Skip to menu") == ["1. Skip to content", "2. Skip to menu"]
