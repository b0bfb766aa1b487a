"""Quote-mark rules of ``claims.quotes`` case by case (issue 19's mutation survivors): which
mark opens or closes by what stands beside it, stray marks, single quotes against
apostrophes, and when a quote left open is kept."""
import pytest

from transforms.claims.quotes import find_quotes
from transforms.claims.sentences import paragraphs


def spans(text):
    """(content, the text from the opening to the closing mark, closed) of each span."""
    return [(text[q.start:q.end], text[q.open_start:q.close_end], q.closed)
            for q in find_quotes(text, paragraphs(text))]


def contents(text):
    return [text[q.start:q.end] for q in find_quotes(text, paragraphs(text))]


NEXT_OPENS = '\n\n"Go home," she said.'          # a next paragraph opening with a quote keeps an open one


# --- a closing-looking mark with nothing open is ignored (else it would open and be kept) ------

@pytest.mark.parametrize("stray", [
    'Rain fell." He left.',               # straight, after a full stop, before a space
    "Rain fell.\u201d He left.",          # right curly mark after a full stop
    "Rain fell \u201d he left.",          # right curly mark with spaces on both sides
    "Rain fell\u201dhe left.",            # right curly mark glued on both sides
])
def test_a_closing_mark_with_nothing_open_opens_nothing(stray):
    assert contents(stray + NEXT_OPENS) == ["Go home,"]


def test_a_left_curly_mark_glued_to_the_word_before_still_opens():
    # a missing space before the mark: context says "close", the glyph says "open"
    assert contents("He said\u201c we will win\u201d today.") == ["we will win"]


# --- a second opener while one is open ----------------------------------------------------------

@pytest.mark.parametrize("text, want", [
    ('He said "one "two" now.', "two"),                          # straight marks: a new opener restarts
    ("He said \u201cone \u201c two\u201d now.", "two"),         # a spaced left mark still opens
    ("He said \u201cone (\u201ctwo\u201d) now.", "two"),         # after a bracket: not glued, restarts
    ('The paper wrote "a "Xi era" has begun".', "Xi era"),       # an opener before a capital X
])
def test_a_second_opener_that_is_not_glued_restarts_the_quote(text, want):
    assert contents(text) == [want]


@pytest.mark.parametrize("text, content", [
    ("He said \u201cwe will win\u201cand left.", "we will win"),
    ("He said \u201ccall SpaceX\u201cnow.", "call SpaceX"),
])
def test_a_second_opener_glued_to_a_word_closes_the_quote(text, content):
    assert spans(text) == [(content, text[text.index("\u201c"):text.rindex("\u201c") + 1], True)]


def test_an_empty_quotation_is_no_span():
    assert spans('He said "" and left.') == []
    assert spans("He said \u201c \u201d and left.") == []


# --- a double quote left open at the end of its paragraph ---------------------------------------

def test_an_open_quote_is_kept_when_the_last_paragraph_opens_with_a_quote():
    assert contents('The mayor said "We will rebuild\n\n"And we start," she added.') == [
        "We will rebuild", "And we start,"]


def test_an_open_quote_is_dropped_when_the_next_paragraph_opens_with_a_letter():
    assert contents('The mayor said "We will rebuild\n\nXi Jinping arrived later.') == []


LONG = "We will rebuild every house and school on this street"     # more than 40 characters


def test_an_open_quote_introduced_by_a_comma_or_colon_is_kept_and_otherwise_dropped():
    assert contents(f'The agency said, "{LONG}\n\nThe council agreed.') == [LONG]
    assert contents(f'The agency said: "{LONG}\n\nThe council agreed.') == [LONG]
    assert contents(f'The agency said "{LONG}\n\nThe council agreed.') == []


@pytest.mark.parametrize("after_mark, kept", [(40, False), (41, True)])
def test_an_introduced_open_quote_needs_more_than_40_characters_after_its_mark(after_mark, kept):
    quoted = "x" * after_mark
    assert contents(f'The agency said, "{quoted}\n\nThe council agreed.') == ([quoted] if kept else [])


# --- single quotes ------------------------------------------------------------------------------

def test_a_single_quote_opening_the_text_opens_even_when_the_text_ends_in_a_letter():
    assert contents("'No way' he said") == ["No way"]


def test_a_right_single_mark_never_opens_and_a_left_one_never_closes():
    assert contents("He said \u2019no way\u2019 today.") == []
    assert contents("He said 'yes\u2018 today.") == []


def test_a_right_single_mark_inside_an_open_single_quote_does_not_restart_it():
    assert contents("He said 'one \u2019two' now.") == ["one \u2019two"]


@pytest.mark.parametrize("text, want", [
    ("He said 'one 'two' now.", ["two"]),                 # a new opener after a space restarts
    ("He said 'one,'two' now.", ["one,'two"]),            # after a comma and before a letter: neither
    ("He said 'one ' two' now.", ["one ' two"]),          # spaces on both sides: neither
])
def test_a_single_mark_inside_an_open_single_quote(text, want):
    assert contents(text) == want


def test_a_single_quote_glued_after_punctuation_does_not_open():
    assert contents("He left.'Bye now' she said.") == []


def test_an_apostrophe_before_the_paragraphs_last_letter_does_not_close_a_single_quote():
    assert contents("He said 'the car is Jim's") == []


def test_an_apostrophe_after_a_closed_single_quote_pairs_with_nothing():
    assert contents("He said 'yes' to the players' union.") == ["yes"]


def test_single_quotes_after_a_double_quoted_span_are_still_found():
    assert contents("\"He told me 'no way',\" and she said 'fine' today.") == ["He told me 'no way',", "fine"]


def test_a_single_quote_does_not_pair_across_paragraphs():
    assert contents("He said 'one\n\ntwo' now.") == []


# --- survivors of the second mutation round -------------------------------------------------------

def _one_paragraph(text):
    return [(text[q.start:q.end], q.closed) for q in find_quotes(text, [(0, len(text))])]


def test_an_opening_mark_after_a_line_break_and_before_a_space_closes_the_open_quote():
    # a line break is not an opening context (a space is): the mark stands where a closer would
    assert _one_paragraph("He said \u201cwe stay\n\u201c and left it there for good.") == [("we stay", True)]
    # the same mark after a space re-opens, and the quote left open is dropped
    assert _one_paragraph("He said \u201cwe stay \u201c and left.") == []


def test_a_right_single_quote_never_opens_a_single_quote():
    # "rock ’n’ roll": the first ’ has a space before and a letter after, as an opener would;
    # the ‘…’ quote makes the paragraph one with single quotes to pair
    assert contents("They play rock \u2019n\u2019 roll, \u2018all night\u2019.") == ["all night"]
    assert contents("They play rock \u2018n\u2019 roll, \u2018all night\u2019.") == ["n", "all night"]


def test_a_closing_single_quote_needs_a_break_after_it_even_one_character_from_the_paragraph_end():
    assert contents("He shouted \u2018go now\u2019\u2026") == []          # an ellipsis is no break
    assert contents("He shouted \u2018go now\u2019.") == ["go now"]
    assert contents("He shouted \u2018go now\u2019") == ["go now"]       # the paragraph's end is one
