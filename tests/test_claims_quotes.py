"""Unit tests: quote-mark pairing, quote claims and speaker resolution (invented sentences)."""
import pytest

from transforms.claims import RuleBasedExtractor
from transforms.claims.quotes import find_quotes
from transforms.claims.sentences import paragraphs

EX = RuleBasedExtractor(strict=True)


def spans(text):
    return [text[q.start:q.end] for q in find_quotes(text, paragraphs(text))]


def quotes(text, published=None):
    return [c for c in EX.extract(text, published) if c.kind == "quote"]


def one(text):
    qs = quotes(text)
    assert len(qs) == 1, [(q.content, q.speaker) for q in qs]
    return qs[0]


# --- quote marks ------------------------------------------------------------------------------
@pytest.mark.parametrize("text,want", [
    ('He said "we will win" today.', ["we will win"]),
    ("He said \u201cwe will win\u201d today.", ["we will win"]),
    ("Il a dit \u00abnous gagnerons\u00bb hier.", ["nous gagnerons"]),
    ("He said \u2018we will win\u2019 today.", ["we will win"]),
    ("He said 'we will win' today.", ["we will win"]),
    ("\u201cIt was a trick,\u2019\u2019 Jo Roe said.", ["It was a trick,"]),
    ("``It was a trick,'' Jo Roe said.", ["It was a trick,"]),
    ("Another said: \u201dThe plague is coming.\u201d", ["The plague is coming."]),
    ("\"Open the door! We\u2019re coming in!\u201d an officer shouts.", ["Open the door! We\u2019re coming in!"]),
])
def test_quote_styles(text, want):
    assert spans(text) == want


def test_apostrophes_and_nested_single_quotes():
    assert spans("the IS' Syrian bastion and ISIS\u2019 caliphate, don't") == []
    text = "\u201cThey lost their twin \u2018capitals\u2019 in both Iraq and Syria,\u201d Roe said."
    assert spans(text) == ["They lost their twin \u2018capitals\u2019 in both Iraq and Syria,"]


def test_multi_paragraph_quote_and_stray_mark():
    text = 'Roe said: "We came to win.\n"And we will," she added.\nA stray " mark here.'
    assert spans(text) == ["We came to win.", "And we will,"]


# --- quote claims ------------------------------------------------------------------------------
def test_direct_quote_post_attribution_and_continuation():
    text = ('Coalition commander Lieutenant General Steve Townsend visited the front.\n'
            '"We all saw the attack," Townsend said. "It threatens all our nations."')
    qs = quotes(text)
    assert [q.content for q in qs] == ["We all saw the attack,", "It threatens all our nations."]
    for q in qs:
        assert q.speaker == "Steve Townsend"
        assert q.quote_kind == "direct"
        assert q.source_type == "person"
        assert text[q.speaker_start:q.speaker_end] == "Townsend"
    assert qs[0].cue == "said" and text[qs[0].cue_start:qs[0].cue_end] == "said"
    assert qs[0].speaker_role == "Lieutenant General"


def test_inverted_attribution_with_role_and_title():
    q = one('"Leaders are leaving," said Pentagon spokesman Navy Captain Jeff Davis, using an acronym.')
    assert q.speaker == "Jeff Davis"
    assert q.speaker_mention == "Pentagon spokesman Navy Captain Jeff Davis"
    assert q.speaker_role == "Pentagon spokesman Navy Captain"


def test_partial_quote_and_organisation_speaker():
    q = one('The offensive aims to deal a "decisive blow" to the militants, the US-led anti-IS coalition said.')
    assert (q.content, q.quote_kind, q.speaker, q.source_type) == (
        "decisive blow", "partial", "US-led anti-IS coalition", "organisation")
    assert q.speaker_mention == "the US-led anti-IS coalition"


def test_pre_colon_attribution_and_honorific_surname():
    text = ("Deputy prosecutor Eva-Marie Lund took the decision.\n"
            'Ms Lund said: "The evidence has weakened considerably."')
    q = one(text)
    assert (q.speaker, q.speaker_mention, q.quote_kind) == ("Eva-Marie Lund", "Ms Lund", "direct")


def test_pronouns_follow_the_last_speaker_and_gender():
    text = ('Mayor Anna Berg met Tom Hale on Monday. Hale said he was pleased.\n'
            '"We are ready," she said.\n'
            '"So are we," he said.')
    qs = quotes(text)
    assert [(q.content, q.speaker) for q in qs] == [("We are ready,", "Anna Berg"), ("So are we,", "Tom Hale")]


def test_definite_description_resolves_to_role():
    text = ('"We are winning," said Pentagon spokesman Jeff Davis.\n'
            'According to the Pentagon spokesman, the objective is nearly complete.')
    claims = EX.extract(text)
    attr = [c for c in claims if c.kind == "attribution"]
    assert attr and attr[0].speaker == "Jeff Davis" and attr[0].speaker_mention == "the Pentagon spokesman"


def test_org_alias_to_fuller_earlier_name():
    text = ('The US-led coalition confirmed the start of the offensive.\n'
            '"The fight will be long," the coalition said in a statement.')
    q = one(text)
    assert q.speaker == "US-led coalition" and q.speaker_mention == "the coalition"


def test_statement_said_means_its_issuer():
    text = ('Two soldiers were killed, the US military said in a statement.\n'
            '"The cause is under investigation," the statement said.')
    assert one(text).speaker == "US military"


def test_appositive_and_cited_as_saying():
    q = one('"It was an attempt to mislead voters," Will Moy, chief executive of Full Fact, told the BBC.')
    assert q.speaker == "Will Moy"
    assert "chief executive of Full Fact" in q.speaker_role
    q = one('"The fight is hard," a statement cited Lt Gen Steve Townsend, the commander, as saying.')
    assert (q.speaker, q.cue) == ("Steve Townsend", "as saying")


def test_participle_cue_takes_main_clause_speaker():
    text = ('Spokesman Jeff Davis briefed the press.\n'
            '"The end is near," he told reporters, describing a retreat that seems "very organized".')
    qs = quotes(text)
    assert [(q.content, q.speaker, q.quote_kind) for q in qs] == [
        ("The end is near,", "Jeff Davis", "direct"), ("very organized", "Jeff Davis", "partial")]


def test_scare_quotes_titles_and_names_are_not_quotes():
    assert quotes('The so-called "Islamic State" said nothing.') == []
    assert quotes('She starred in "Star Wars" and "Mary Poppins," the studio said.') == []
    assert quotes('A "VIP" guest arrived, officials said.') == []
    assert quotes('The self-declared "interim" government collapsed, the ombudsman said.') == []
    assert quotes('It was dubbed the "Hanoi Hilton" by prisoners.') == []
    assert quotes('The agency is working on two "deliveries" of payloads.') == []


def test_unattributed_quote_is_dropped_but_repeated_quote_inherits_speaker():
    assert quotes('The signs read like a "new paradigm for the industry" overall.') == []
    text = ('"I have given plenty of statements that were truthful," Stephanie Grisham told CNN.\n'
            'Grisham, by her own accounting, has given "plenty of statements that were truthful."')
    qs = quotes(text)
    assert [q.speaker for q in qs] == ["Stephanie Grisham", "Stephanie Grisham"]


def test_anonymous_and_descriptor_speakers():
    q = one('"We have completed the encirclement," an SDF spokesperson said.')
    assert (q.speaker, q.source_type) == ("SDF spokesperson", "anonymous")
    text = ('"I just want to know how they came," one user on Weibo posted.\n'
            'Another reportedly said: "The plague is coming."')
    qs = quotes(text)
    assert [q.speaker for q in qs] == ["user on Weibo", "another user"]
