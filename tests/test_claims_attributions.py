"""Unit tests: attributed assertions (indirect speech / sourcing), invented sentences."""
import pytest

from transforms.claims import RuleBasedExtractor

EX = RuleBasedExtractor(strict=True)


def attrs(text):
    return [c for c in EX.extract(text) if c.kind == "attribution"]


def one(text):
    a = attrs(text)
    assert len(a) == 1, [(c.content, c.speaker, c.cue) for c in a]
    c = a[0]
    assert text[c.content_start:c.content_end] == c.content
    assert text[c.cue_start:c.cue_end] == c.cue
    assert text[c.speaker_start:c.speaker_end] == c.speaker_mention
    assert c.quote_kind == "indirect"
    return c


@pytest.mark.parametrize("text,content,source,cue,stype", [
    ("The United Nations has warned that up to 100,000 civilians are trapped in the city.",
     "up to 100,000 civilians are trapped in the city", "United Nations", "has warned", "organisation"),
    ("US intelligence indicates the city is laced with tunnels and bombs.",
     "the city is laced with tunnels and bombs", "US intelligence", "indicates", "organisation"),
    ("The Iraqi army claims just a few hundred militants remain in Mosul.",
     "just a few hundred militants remain in Mosul", "Iraqi army", "claims", "organisation"),
    ("State news agency SANA reported that the air strikes killed 12 people.",
     "the air strikes killed 12 people", "SANA", "reported", "organisation"),
    ("Minister Jan Kowalski said on Friday the talks would resume next week.",
     "the talks would resume next week", "Jan Kowalski", "said", "person"),
    ("Leaders of the group are leaving the city, the US Defense Department said on Friday.",
     "Leaders of the group are leaving the city", "US Defense Department", "said", "organisation"),
    ("Nearly 200,000 people live in the city, according to the organization Raqqa Watch.",
     "Nearly 200,000 people live in the city", "Raqqa Watch", "according to", "organisation"),
    ("According to two people familiar with the matter, the firm will cut 4,000 jobs.",
     "the firm will cut 4,000 jobs", "people familiar with the matter", "According to", "anonymous"),
    ("The company will cut jobs this week, according to court documents.",
     "The company will cut jobs this week", "court documents", "according to", "document"),
    ("A person familiar with the matter told reporters that staff will be told on Monday.",
     "staff will be told on Monday", "person familiar with the matter", "told", "anonymous"),
])
def test_attribution_patterns(text, content, source, cue, stype):
    c = one(text)
    assert (c.content, c.speaker, c.cue, c.source_type) == (content, source, cue, stype)


def test_two_frames_in_one_sentence():
    text = "US intelligence indicates the city is laced with tunnels and bombs, an official told CNN."
    got = {(c.speaker, c.content) for c in attrs(text)}
    assert ("US intelligence", "the city is laced with tunnels and bombs") in got
    assert ("official", "US intelligence indicates the city is laced with tunnels and bombs") in got


def test_parenthetical_frame_takes_the_whole_sentence():
    c = one("The key to the plan, Roe says, is patience with the voters.")
    assert c.content == "The key to the plan, Roe says, is patience with the voters"


@pytest.mark.parametrize("text", [
    "The rebels on Tuesday announced a new phase in their campaign.",      # no "that": not speech
    "The company reported long-term debt of more than $700 million.",     # object, not a clause
    'Esper said, "We strongly oppose violations of international law."',   # a quote, not indirect speech
    "Roe told a news conference held in northern Syria.",
    "The suspect admitted to threatening the girl on Saturday.",
    "The stock added more than 2% on Monday.",
])
def test_not_attributions(text):
    assert attrs(text) == []


def test_pronoun_source_resolves():
    text = ("The Syrian Observatory for Human Rights said 21 people were killed.\n"
            "It said the strikes were probably carried out by the coalition.")
    a = attrs(text)
    assert [c.speaker for c in a] == ["Syrian Observatory for Human Rights"] * 2
    assert a[1].speaker_mention == "It"


@pytest.mark.parametrize("text, content, speaker", [
    # a verb the lexicon lacks, before a that-clause
    ("Recruiters have found that most actuaries prefer consulting to other work.",
     "most actuaries prefer consulting to other work", "Recruiters"),
    ("A U.S. study on data privacy preferences found that 88% of companies ignored the opt-out.",
     "88% of companies ignored the opt-out", "U.S. study on data privacy preferences"),
    # the owner of the document speaks
    ("Judge Jane Roe heard the case in June.\n\nJudge Roe's June ruling in Doe v. Acme found that "
     "the training use was a fair use of the books.", "the training use was a fair use of the books", "Jane Roe"),
    ("Doctors and groups representing employers said they are hearing about cuts to health plans.",
     "they are hearing about cuts to health plans", "Doctors and groups representing employers"),
    # a participle with a that-clause takes the main clause's speaker
    ("Judge Jane Roe rejected the motion on Monday, ruling that the contract was void from the start.",
     "the contract was void from the start", "Jane Roe"),
])
def test_that_clause_attributions_need_no_lexicon_verb(text, content, speaker):
    c = [a for a in attrs(text) if a.content == content]
    assert c and c[0].speaker == speaker, [(a.content, a.speaker) for a in attrs(text)]


@pytest.mark.parametrize("text", [
    "The best advice that we can give you is to start early and save often.",
    "In recent years that has changed for most of the families in the town.",
    "We were told about the fact that the road would close for the whole week.",
    "Neumann bought properties that he then leased back to the company for years.",
    "We found that it offers great aesthetics and solid performance at a fair price.",    # the writer
    "Prices rose again in May, meaning that most families will pay more this winter.",
])
def test_nouns_before_that_are_no_reporting_verbs(text):
    assert attrs(text) == []
