"""Round-5 rules (from blind4's misses), each on made-up sentences with its boundary case."""
from tests.claims_helpers import attribution_speakers


def test_according_to_an_organisations_survey_names_the_organisation():
    text = "Rust is used by 12% of developers, according to Acme Labs's 2024 survey.\n"
    assert attribution_speakers(text) == [("Rust is used by 12% of developers", "Acme Labs")]


def test_according_to_a_report_by_an_organisation_names_the_organisation():
    text = "According to a 2019 report by River Care Watch, most of the river water is unsafe to drink.\n"
    assert attribution_speakers(text) == [("most of the river water is unsafe to drink", "River Care Watch")]


def test_according_to_a_named_organisations_report_names_the_organisation():
    text = "According to a March 2023 Zentra technical report, error rates fell by half.\n"
    assert attribution_speakers(text) == [("error rates fell by half", "Zentra")]


def test_according_to_an_unnamed_document_keeps_the_document():
    """Boundary: a document with no author named stays the source."""
    text = "According to a recent study, most commuters sleep less than six hours.\n"
    assert attribution_speakers(text) == [("most commuters sleep less than six hours", "recent study")]


def test_according_to_a_document_about_a_topic_keeps_the_document():
    """Boundary: words after the document noun that are no "by"/"from" author leave it alone."""
    text = "According to Acme's report on taxes, rates will rise next year.\n"
    assert attribution_speakers(text) == [("rates will rise next year", "Acme's report on taxes")]


def test_reporting_participle_takes_a_clause_without_that():
    text = "The coach praised the young winger on Tuesday, saying he always finds a way to score.\n"
    assert attribution_speakers(text) == [("he always finds a way to score", "coach")]


def test_reporting_participle_before_a_plain_object_reports_nothing():
    """Boundary: no subject and finite verb after the participle, no clause: no attribution."""
    text = "The coach left the rink on Tuesday, saying goodbye to the fans in the stands.\n"
    assert attribution_speakers(text) == []
