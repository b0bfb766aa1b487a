"""Round-6 rules (claims8, from the seen sets' misses), each on made-up sentences with its boundary case."""
from tests.claims_helpers import attribution_speakers, quote_claims, quote_speakers


def test_a_determiner_led_subject_speaks_a_partial_quote_after_its_verb():
    text = ("A spokesperson for the Acme Trade Office reiterated a position that tariffs "
            "\"are unlawful under the treaty and harm exporters\".\n")
    assert quote_speakers(text) == [("are unlawful under the treaty and harm exporters",
                                     "spokesperson for the Acme Trade Office")]


def test_a_determiner_before_a_capitalised_name_is_part_of_the_name():
    """Boundary: "One Harbor Street" is a name, not "one" plus a noun: no speaker subject."""
    text = ("One Harbor Street is one of the new places. One Harbor Street gives new meaning to "
            "\"farm to table.\" The tables are full.\n")
    assert quote_speakers(text) == []


def test_a_passive_subject_does_not_speak_the_quote_after_its_verb():
    """Boundary: the subject of "was diagnosed with" is no speaker of the term that follows."""
    text = ("The patient was treated in Leeds. The patient was diagnosed with what doctors call "
            "\"bird fancier's lung,\" a rare inflammation.\n")
    assert [s for _, s in quote_speakers(text)] != ["patient"]


def test_a_possessive_object_after_the_verb_ends_the_attribution():
    """``"…," X VERB his OBJECT``: the name right after the quote is the mention, not a guess."""
    text = "Anna Berg ran a team. \"Nobody can know about my trips,\" Berg emailed his staff.\n"
    assert [(c.speaker, c.speaker_mention) for c in quote_claims(text)] == [("Anna Berg", "Berg")]


def test_a_subject_ending_in_an_ly_noun_is_a_whole_subject():
    """"family" after a possessive is a noun, not an adverb before the verb."""
    text = "Representatives of Moreau's family suggested the painter may have been poisoned.\n"
    assert [c for c, _ in attribution_speakers(text)] == ["the painter may have been poisoned"]


def test_a_leading_subordinate_clause_reports_up_to_its_comma():
    text = ("Although representatives of the miners suggested the tunnel had been unsafe for years, "
            "the inspector found no fault.\n")
    assert attribution_speakers(text) == [("the tunnel had been unsafe for years",
                                           "representatives of the miners")]


def test_a_leading_clause_ends_at_a_comma_outside_the_quotation():
    text = ("Though the minister said that the new rules are \"clear, simple and fair\" to all of the sides, "
            "the board disagreed.\n")
    assert attribution_speakers(text) == [("the new rules are \"clear, simple and fair\" to all of the sides",
                                           "minister")]


def test_a_question_verb_in_a_leading_clause_names_no_speaker():
    """Boundary: "When X asked what ..." is a question: X does not become the "he" of the main clause."""
    text = ("Jon Morales ran the firm. When a co-owner of Acme Guard asked what Morales meant, he responded "
            "that he had joined a secret new client.\n")
    assert attribution_speakers(text) == [("he had joined a secret new client", "Jon Morales")]


def test_a_quote_in_the_main_clause_is_not_the_leading_clauses_subjects():
    text = ("Erica Klarreich covers mathematics. When one mathematician announced his proof, "
            "\"the lecture quickly descended into pandemonium,\" she writes.\n")
    assert quote_speakers(text) == [("the lecture quickly descended into pandemonium,", "Erica Klarreich")]


def test_a_possessors_role_is_the_speaker_not_the_possessor():
    text = "Lakeland's chief medical examiner concluded that the swimmer drowned after a cramp.\n"
    assert attribution_speakers(text) == [("the swimmer drowned after a cramp", "Lakeland's chief medical examiner")]


def test_a_possessors_document_names_the_possessor():
    """Boundary: the owner of a ruling or report is its source."""
    text = "Judge Amara Okafor's ruling in the Delta case found that the contract was void.\n"
    assert attribution_speakers(text) == [("the contract was void", "Amara Okafor")]


def test_a_reporting_participle_reaches_its_that_clause_over_an_addressee():
    text = ("Mara Quist runs the prison bureau. Quist admitted the shortages on Tuesday, telling lawmakers "
            "that officials are working to fill 3,000 vacancies.\n")
    assert attribution_speakers(text)[-1] == ("officials are working to fill 3,000 vacancies", "Mara Quist")


def test_a_that_clause_with_a_bare_plural_subject_and_its_verb_is_reported():
    text = "Whilst crypto advocates argue that tokens solve this through minimal fees, adoption stays slow.\n"
    assert attribution_speakers(text) == [("tokens solve this through minimal fees", "crypto advocates")]


def test_an_adverb_between_the_subject_and_a_structural_verb_is_skipped():
    text = "Dana Kerr audits builds. Kerr also flagged that privileged builds weaken reproducibility.\n"
    assert attribution_speakers(text) == [("privileged builds weaken reproducibility", "Dana Kerr")]


def test_a_participle_of_ensuring_reports_nothing():
    """Boundary: "ensuring that offers remain ..." states a purpose, nobody's claim."""
    text = "Outsourced partners benchmark pay against live data, ensuring that offers remain attractive to staff.\n"
    assert attribution_speakers(text) == []


def test_any_verb_of_saying_reports_fronted_content():
    text = ("Owen Reyes treats farmers. Early removal of the mouldy hay is critical to recovery for patients, "
            "Reyes stressed.\n")
    assert attribution_speakers(text) == [("Early removal of the mouldy hay is critical to recovery for patients",
                                           "Owen Reyes")]


def test_a_verb_of_saying_with_an_object_after_it_reports_no_fronted_content():
    """Boundary: "After a long speech, X asked Y: ..." fronts an adverbial, not a claim."""
    text = "Dana Wallace led the hearing. After one particularly long monologue, Wallace asked the witness to stop.\n"
    assert attribution_speakers(text) == []


def test_a_predicate_quote_may_be_followed_by_a_connective():
    text = "Senator Mary Hale spoke on Monday. Hale denigrated the activist as a \"hacker\" and cut off his access.\n"
    assert quote_speakers(text) == [("hacker", "Mary Hale")]


def test_a_quote_before_a_noun_after_as_a_is_a_modifier():
    """Boundary: 'as a "routine" check' -- the quote modifies the noun after it: no speaker's word."""
    text = "Senator Mary Hale spoke on Monday. Hale described the visit as a \"routine\" check of the site.\n"
    assert quote_speakers(text) == []


def test_a_heading_that_opens_with_a_gerund_names_nobody():
    """"Unleashing Claude Hartmann" (a heading) is no fuller name of Claude Hartmann: a gerund opens no name."""
    text = ("Unleashing Claude Hartmann on the archive\n\nClaude Hartmann is an archivist. "
            "\"The boxes were never opened,\" Hartmann said.\n")
    assert quote_speakers(text) == [("The boxes were never opened,", "Claude Hartmann")]


def test_a_label_opening_the_sentence_is_not_its_subject():
    text = "Pro tip: With this in mind, do not blow your budget on sofas or think of them as \"investment pieces.\"\n"
    assert quote_speakers(text) == []


def test_an_imperative_verb_opening_the_sentence_is_not_its_subject():
    text = "You can get a bargain there. Get used to people asking \"where did you get that jacket?\"\n"
    assert [s for _, s in quote_speakers(text)] in ([], [None])


def test_a_pronominal_determiner_opening_the_sentence_is_still_a_subject():
    """Boundary: "One" / "Another" written in lower case elsewhere still opens a subject."""
    text = ("Two testers ran the trail in one day. One praised the shoe on Tuesday, saying it always "
            "feels light underfoot.\n")
    assert [s for _, s in attribution_speakers(text)] == ["one"]


def test_a_capitalised_term_ending_in_a_common_word_is_no_person_for_a_pronoun():
    """"Guided Meditation" (the article writes "meditation") names nobody a "she" could be."""
    text = ("Burke Lennihan teaches meditation in Boston.\n\n- Guided Meditation is a technique for beginners.\n\n"
            "Lennihan suggests trying several classes. \"A group makes meditation much easier,\" she says.\n")
    assert [s for _, s in quote_speakers(text)] != ["Guided Meditation"]


def test_a_possessor_before_its_noun_is_no_subject_and_verb():
    """'on Trump's answers, "…"': "answers" is the possessed noun, not the verb of "Trump"."""
    text = ("Judge Ana Ruiz ran the trial. He told the lawyer that she was following his lead on Vance's answers, "
            "\"if you want to let the witness ramble on.\"\n")
    assert "Vance's" not in [s for _, s in quote_speakers(text)]


def test_a_first_name_resolves_to_the_full_name_without_its_possessive():
    text = ("Tiffany Waldorf's husband, John, received several items from the brand. "
            "Tiffany wrote, \"The jacket and scarf are perfect for the time of year.\"\n")
    assert quote_speakers(text) == [("The jacket and scarf are perfect for the time of year.", "Tiffany Waldorf")]


def test_an_as_clause_reports_its_content_after_the_comma_mid_paragraph():
    """"As X notes, CONTENT" in the middle of a paragraph, not only at the text's start."""
    text = ("Quality pays. As McCall notes, projects that remove most bugs before release tend to "
            "meet their schedules.\n")
    assert attribution_speakers(text) == [("projects that remove most bugs before release tend to meet their schedules",
                                           "McCall")]


def test_as_x_put_it_reports_its_content():
    text = ("Richard Gabriel wrote an essay. As Gabriel put it, a system that is half ideal but widely "
            "used will spread over time.\n")
    assert attribution_speakers(text) == [("a system that is half ideal but widely used will spread over time",
                                           "Richard Gabriel")]


def test_put_it_with_an_object_place_reports_nothing():
    """Boundary: "put it on the table" is no saying."""
    text = "Ana Ruiz took the box from the clerk. Ruiz put it on the table and left the office.\n"
    assert attribution_speakers(text) == []


def test_a_quoted_question_or_prompt_named_as_such_is_no_quote():
    text = ("The cheap hammock was our attempt to answer the question, \"Why would anyone pay so much for a "
            "hammock when this one does the same thing?\" We were excited.\n")
    assert quote_speakers(text) == []


def test_a_question_someone_asks_is_still_a_quote():
    """Boundary: asking a question is speech: 'Mara Lind asked, "…?"' keeps its speaker."""
    text = "Mara Lind chairs the board. Lind asked, \"Why would anyone pay so much for a hammock?\"\n"
    assert quote_speakers(text) == [("Why would anyone pay so much for a hammock?", "Mara Lind")]
