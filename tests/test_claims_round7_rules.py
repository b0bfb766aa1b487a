"""Round-7 rules (claims9, from the seen sets' indirect and quote misses), each on made-up sentences
with its boundary case."""
from tests.claims_helpers import attribution_speakers


def test_a_fronted_adverbial_before_the_subject_of_a_reporting_verb():
    text = "On Monday, the landlord said a tenant had broken the lock twice this year.\n"
    assert attribution_speakers(text) == [("a tenant had broken the lock twice this year", "landlord")]


def test_adverbs_between_the_subject_and_its_reporting_verb():
    text = ("Three farmers have since claimed that they saw the truck leave the barn at night. "
            "Nervous investors in the fund quickly speculated that the manager had left the country.\n")
    assert attribution_speakers(text) == [
        ("they saw the truck leave the barn at night", "Three farmers"),
        ("the manager had left the country", "Nervous investors")]


def test_a_bare_plural_noun_opening_the_sentence_speaks():
    text = "Others said they had never seen the gate open before the storm.\n"
    assert attribution_speakers(text) == [("they had never seen the gate open before the storm", "Others")]


def test_a_possessive_or_a_contraction_is_no_bare_plural_subject():
    """Boundary: "Let's say", "Harlow's estimates are" hold no plural subject and no claim."""
    text = ("Let's say you run a bakery and sell a wide range of breads. "
            "Harlow's estimates are binding, but you can change them with the team.\n")
    assert attribution_speakers(text) == []


def test_a_fronted_clause_does_not_make_a_long_predicate_a_subject():
    """Boundary: after "Whether …," the words up to a noun "states" are a predicate, not a speaker."""
    text = ("Whether you're moving your home or your office, the firm offers moving service to all "
            "48 contiguous states — with insurance.\n")
    assert attribution_speakers(text) == []


def test_a_fronted_adverbial_before_a_parenthetical_frame_is_no_content():
    """``LEAD, X said, B``: an adverbial lead ("To …", "For days after …") leaves B as the content."""
    text = "To calm the market, the officials said, the bank cut its main rate by half a point.\n"
    assert attribution_speakers(text) == [("the bank cut its main rate by half a point", "officials")]


def test_a_split_subject_still_keeps_the_whole_sentence():
    """Boundary: a subject split from its predicate is no adverbial lead."""
    text = "The key to the plan, Roe says, is patience and a lot of luck.\n"
    assert [c for c, _ in attribution_speakers(text)] == ["The key to the plan, Roe says, is patience and a lot of luck"]


def test_told_with_an_addressee_then_a_zero_that_clause():
    text = ("The mayor told visiting trade officials they would need to wait until spring. "
            "The governor told the board the plan had been approved by the state.\n")
    assert [c for c, _ in attribution_speakers(text)] == ["they would need to wait until spring",
                                                        "the plan had been approved by the state"]


def test_the_antecedent_of_a_relative_pronoun_speaks_its_clause():
    text = ("The bill was attacked by a group of Labour MPs who said the fines were proof that the law had failed. "
            "Jane Doe, who said the plan had failed badly, resigned on Monday.\n")
    assert attribution_speakers(text) == [("the fines were proof that the law had failed", "group of Labour MPs"),
                                          ("the plan had failed badly", "Jane Doe")]


def test_a_relative_clause_without_a_reported_clause_is_no_attribution():
    """Boundary: "who said hello", a relative inside the sentence subject, "which maintains 9,000
    miles" report nothing, and the last one does not take the next quote's "he"."""
    assert attribution_speakers("The man who said hello went home to his family.\n") == []
    assert attribution_speakers("The number of people who said they had used the app rose by a third.\n") == []
    text = ("\"It is all safe,\" said Paul Reed, head of planning for Acme Power, which maintains about 9,000 "
            "miles of cable. \"You have gas down there,\" he added.\n")
    from tests.claims_helpers import quote_speakers
    assert [s for _, s in quote_speakers(text)] == ["Paul Reed", "Paul Reed"]


def test_a_bare_plural_subject_after_fronted_content():
    text = "Either way, the festival will go on as planned this year, organizers say.\n"
    assert attribution_speakers(text) == [("Either way, the festival will go on as planned this year", "organizers")]


def test_a_that_after_a_finite_verb_does_not_open_the_reported_clause():
    """"said the fines were proof that …": the clause starts right after the verb; a relative "that is
    …" opens no clause either."""
    text = ("Jane Doe said the fines were proof that ministers should act. "
            "The panel said the station, a platform that is essential to the plan, will launch next year.\n")
    assert [c for c, _ in attribution_speakers(text)] == [
        "the fines were proof that ministers should act",
        "the station, a platform that is essential to the plan, will launch next year"]


def test_a_quotation_before_a_preposition_or_a_modal_is_a_whole_phrase_not_a_modifier():
    """'a “bad deal” during …', 'that “temporary closures” might …': the quotation is the noun
    phrase itself, so the subject's quote (a “VIP” package stays a modifier)."""
    from tests.claims_helpers import quote_speakers
    assert quote_speakers("Dana Cole is the mayor. Cole strongly warned against signing a “bad deal” "
                          "during the summit in May.\n") == [("bad deal", "Dana Cole")]
    assert quote_speakers("Dana Cole is the mayor. Cole said on Monday that “temporary closures” might be "
                          "needed until spring.\n") == [("temporary closures", "Dana Cole")]
    assert quote_speakers("Dana Cole is the mayor. She ordered a “VIP” package for the party.\n") == []


def test_a_one_word_quotation_after_its_speakers_reporting_verb():
    """A single quoted word is the speaker's when a person's reporting frame stands before it in the
    sentence; without a frame it stays a scare quote."""
    from tests.claims_helpers import quote_speakers
    text = "Tom Reed is the dean. Reed confirmed that Lahav was fired because of the \"mess\" that he made.\n"
    assert quote_speakers(text) == [("mess", "Tom Reed")]
    assert quote_speakers("The “smart” fridge broke down in the night.\n") == []


def test_a_quantity_after_about_opens_a_reported_clause():
    """"about one-third of …" is a quantity, not a topic ("reports about …")."""
    text = "A recent survey found that about one-third of farms use at least two kinds of fertiliser.\n"
    assert [c for c, _ in attribution_speakers(text)] == [
        "about one-third of farms use at least two kinds of fertiliser"]


def test_point_out_in_every_form_reports_a_that_clause():
    text = "Jane Doe is a teacher. She points out that most classrooms are assigned at random.\n"
    assert attribution_speakers(text) == [("most classrooms are assigned at random", "Jane Doe")]


def test_a_determiners_singular_source_noun_with_a_present_verb():
    """"the study shows that", "a new analysis suggests that"; a noun that is no source ("the fact
    remains that") reports nothing."""
    text = ("In other words, the study shows that the river floods every spring. "
            "The new analysis suggests that the dam will fail by May.\n")
    assert [c for c, _ in attribution_speakers(text)] == ["the river floods every spring",
                                                        "the dam will fail by May"]
    assert attribution_speakers("The fact remains that the plan has failed.\n") == []


def test_a_progressive_reporting_verb_with_a_that_clause():
    """"experts are warning that …" is a progressive, not a passive; without a that-clause the
    be + -ing form stays no frame (no speaker for the quotation in 'is calling it "…"')."""
    text = "As prices climb, analysts are warning that the harvest will be small this year.\n"
    assert attribution_speakers(text) == [("the harvest will be small this year", "analysts")]
    from tests.claims_helpers import quote_speakers
    assert quote_speakers("Acme Pay is a new app. Acme Pay is calling it \"spatial\" banking.\n") == []


def test_a_term_after_of_is_a_persons_partial_quote_inside_their_reported_clause():
    """'of “…”' marks a term unless a person's reporting verb governs the sentence before it."""
    from tests.claims_helpers import quote_speakers
    text = ("Joe Lane is the mayor. Lane said the ruling had cast a spotlight on the impact of "
            "\"structural racism\" in the city.\n")
    assert quote_speakers(text) == [("structural racism", "Joe Lane")]
    assert quote_speakers("The course covers the idea of \"clean eating\" and its history.\n") == []


def test_a_common_noun_subject_after_a_clause_boundary_speaks():
    text = ("The union backed the plan — and fellow councilmembers warned they had the votes to block it. "
            "While some praised the deal, others said they simply did not want taller buildings nearby. "
            "But indigenous elders say they are not being heard by the council.\n")
    assert attribution_speakers(text) == [
        ("they had the votes to block it", "fellow councilmembers"),
        ("they simply did not want taller buildings nearby", "others"),
        ("they are not being heard by the council", "indigenous elders")]


def test_a_clause_start_subject_needs_a_clause_and_agreement():
    """Boundary: no clause after the verb ("said nothing"), a plural before an -s form ("many video
    reports"), or fronted content with more after the verb ("a deal announced at …") is no report."""
    assert attribution_speakers("He gave her the books and the pens said nothing at all about it.\n") == []
    assert attribution_speakers("He wrote print articles for many papers, many video reports, and two films.\n") == []
    assert attribution_speakers("Acme bought half of the Jenner label, a deal announced at the start of the week.\n") == []


def test_a_clause_start_subject_before_a_verb_that_ends_the_sentence():
    text = "Often workers were lured with free travel and lodging, the affidavit said.\n"
    assert attribution_speakers(text) == [("Often workers were lured with free travel and lodging", "affidavit")]


def test_a_zero_that_clause_with_a_curly_negated_auxiliary_or_a_named_subject():
    """'they don’t need' (a typographic apostrophe) and 'Pyongyang has' open a reported clause
    after a participle; a name before a plural noun ('Ukraine officials') is no clause subject."""
    assert attribution_speakers("Jane Doe cut the rates, while claiming they don\u2019t need to hire more staff.\n") == [
        ("they don\u2019t need to hire more staff", "Jane Doe")]
    text = "A spokesperson for the board issued a statement Friday, saying Norland has no plan to sell the port.\n"
    assert attribution_speakers(text) == [("Norland has no plan to sell the port", "spokesperson for the board")]
    text = "The envoy told visiting Norland officials they would need to wait until spring.\n"
    assert [c for c, _ in attribution_speakers(text)] == ["they would need to wait until spring"]


def test_a_participle_reaches_its_that_clause_over_a_leading_adverbial():
    text = "The mayor, Ann Lee, condemned the attack, saying in a statement that it will not divide the city.\n"
    assert [c for c, _ in attribution_speakers(text)] == ["it will not divide the city"]


def test_according_to_a_long_phrase_names_its_head_before_a_relative_clause():
    text = ("A bug in the popular game lets anyone crash a server, according to a young programmer who has "
            "published code that shows the flaw.\n")
    assert attribution_speakers(text) == [("A bug in the popular game lets anyone crash a server",
                                           "young programmer")]


def test_a_bare_plural_with_its_auxiliary_opens_a_zero_that_clause_after_any_reporting_verb():
    text = ("Ann Lee is the mayor. Lee believed books were for the idle rich. "
            "Lee insisted progress had been made on the roads.\n")
    assert [c for c, _ in attribution_speakers(text)] == ["books were for the idle rich",
                                                        "progress had been made on the roads"]
