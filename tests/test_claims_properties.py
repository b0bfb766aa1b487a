"""Property tests: the extractor never raises and every offset it reports is valid."""
import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.claims import CLAIM_FIELDS, Claim, RuleBasedExtractor, extract_claims
from transforms.common.schemas import CLAIMS

EX = RuleBasedExtractor(strict=True)

KINDS = {"quote", "attribution", "number"}
QUOTE_KINDS = {None, "direct", "partial", "indirect"}
SOURCE_TYPES = {None, "person", "organisation", "anonymous", "document", "unknown"}

# fragments that steer random text into the extractor's interesting paths
FRAGMENTS = [
    '"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "\u00ab", "\u00bb", "''", "\u2019\u2019", "``",
    " said ", " says ", " told reporters ", " according to ", ", he said.", ", she added. ",
    " Townsend", " Lt. Gen. Steve Townsend", " the coalition", " an SDF spokesperson", " Ms ",
    " Jr.", " U.S.", " Dr.", "  ", "\n", "\n\n", ". ", "? ", "! ", "...", "\u2026", ",", ":", ";",
    " 3,000-4,000 ", " up to 4,000 ", " an estimated 300,000 civilians", " $5.9 million", " 12%",
    " 25-meter", " tens of thousands of people", " a couple of hundred", " two", " one", " 2017",
    " on Tuesday", " Monday (5 June)", " last week", " Nov. 18", " in May", " 6 June 2017",
    " he", " she", " it", " they", " The", " A", " (", ")", " -", "\u2014", " that ", " and ",
    " Pentagon spokesman Navy Captain Jeff Davis", " the Pentagon spokesman", " according to the organization X",
    " cited Lt Gen Steve Townsend, the commander, as saying ", " warning: ", " 1. ", "\t", "\u00a0",
]

newsy_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join)
any_text = st.text(max_size=400)
dates = st.one_of(st.none(), st.dates(min_value=datetime.date(1, 1, 8), max_value=datetime.date(9999, 12, 24)))


def check_invariants(text, claims):
    assert isinstance(claims, list)
    for c in claims:
        assert isinstance(c, Claim)
        assert c.kind in KINDS
        assert c.quote_kind in QUOTE_KINDS
        assert c.source_type in SOURCE_TYPES
        assert 0 <= c.content_start <= c.content_end <= len(text)
        assert text[c.content_start:c.content_end] == c.content
        assert 0 <= c.sentence_start <= len(text)
        assert text[c.sentence_start:c.sentence_start + len(c.sentence)] == c.sentence
        assert c.sentence_start <= c.content_start or c.kind == "quote"
        if c.cue is not None or c.cue_start is not None:
            assert 0 <= c.cue_start <= c.cue_end <= len(text)
            assert text[c.cue_start:c.cue_end] == c.cue
        if c.speaker_mention is not None or c.speaker_start is not None:
            assert 0 <= c.speaker_start <= c.speaker_end <= len(text)
            assert text[c.speaker_start:c.speaker_end] == c.speaker_mention
        if c.kind == "number":
            assert c.hedged in (True, False)
            for v in (c.value, c.low, c.high):
                assert v is None or isinstance(v, float)
            if c.low is not None:
                assert c.high is not None and c.qualifier == "range"
        assert c.resolved_date is None or isinstance(c.resolved_date, datetime.date)
        if c.resolved_date is not None:
            assert c.time_expression


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text, dates)
def test_never_raises_on_arbitrary_text(text, published):
    check_invariants(text, EX.extract(text, published))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(newsy_text, dates)
def test_never_raises_on_newsy_text(text, published):
    check_invariants(text, EX.extract(text, published))


@settings(max_examples=100, deadline=None)
@given(newsy_text)
def test_deterministic_and_stateless(text):
    assert EX.extract(text) == EX.extract(text) == extract_claims(text)


def test_degenerate_inputs():
    for text in ("", " ", "\n\n", '"', "\u201c\u201c\u201c", "said", "according to", "1.", "$", "%",
                 "\u201d He said.", "'" * 50, '"' * 51, "x" * 10000, "Mr. " * 500,
                 " according to \t (", " said  Jr.", ", he said. Jr. Jr.", "\u201cA\u201d said the \u201cB\u201d",
                 "Another said: \u201d", "the group, X Y, said", "1. 2. 3.", "$-1", "3-4-5-6", "Monday (99 June)"):
        check_invariants(text, EX.extract(text))
    assert EX.extract(None) == []                      # type: ignore[arg-type]
    assert EX.extract("He said.", datetime.datetime(2020, 1, 1, 12)) is not None


def test_fields_match_parquet_schema():
    """Every Claim field is a CLAIMS column (same name, same order); the rest are added by the Beam wrapper."""
    names = list(CLAIMS.names)
    assert [n for n in names if n in CLAIM_FIELDS] == list(CLAIM_FIELDS)
    wrapper = set(names) - set(CLAIM_FIELDS)
    assert wrapper <= {"claim_id", "article_id", "outlet", "outlet_name", "published", "extractor_version",
                       "ingested_at"}, wrapper
