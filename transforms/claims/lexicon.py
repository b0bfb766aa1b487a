"""Word lists shared by the rule-based claim extractor.

Everything here is plain data (frozensets / dicts / regex sources); the modules
that use it precompile what they need at import time.
"""

# --- reporting (speech / sourcing) verbs -------------------------------------------------
# Finite forms that introduce a quote or a reported claim.  "Strong" verbs are
# unambiguous verbs of saying; the others mostly introduce claims but also have
# non-speech uses ("the stock added 2%"), so some rules only trust the strong set.
STRONG_CUES = frozenset("""
said says say told tells added adds wrote writes asked asks replied replies explained explains
stated states noted notes argued argues insisted insists warned warns
commented comments remarked remarks stressed stresses emphasised emphasized emphasises emphasizes
tweeted tweets recalled recalls testified testifies conceded concedes cautioned cautions
chanted chants shouted shouts yelled yells exclaimed exclaims whispered continued continues
acknowledged acknowledges admitted admits urged urges responded responds countered counters
contended contends maintained maintains observed observes quipped quips joked jokes
""".split())
WEAK_CUES = frozenset("""
claimed claims announced announces confirmed confirms reported reports indicated indicates
believes believe believed thinks think estimated estimates predicted predicts suggested suggests
alleged alleges denied denies revealed reveals disclosed discloses described describes called calls
pledged pledges promised promises vowed vows assured assures agreed agrees concluded concludes
hinted hints accused accuses posted posts declared declares ruled rules ordered read
""".split())
CUE_WORDS = STRONG_CUES | WEAK_CUES
# Participles: the speaker is the subject of the main clause.
PARTICIPLE_CUES = frozenset("""
saying adding noting warning telling writing arguing insisting explaining describing calling
claiming stating asking urging stressing declaring recalling tweeting citing announcing
""".split())
# Cues that may introduce an *attributed claim* without a quote (indirect speech).
ATTRIBUTION_CUES = frozenset("""
said says say told tells claimed claims warned warns reported reports indicated indicates
announced announces confirmed confirms stated states believes believe thinks estimated estimates
added adds noted notes argued argues insisted insists acknowledged acknowledges admitted admits
alleged alleges predicted predicts suggested suggests revealed reveals disclosed discloses
wrote writes testified testifies explained explains assured assures denied denies concluded concludes
maintained maintains contended contends cautioned cautions ruled rules
""".split())
# Of those, cues whose complement must start with "that" before we call it a claim
# ("announced a new phase" is not indirect speech, "announced that ..." is).
NEEDS_THAT = frozenset("""
announced announces confirmed confirms revealed reveals disclosed discloses denied denies
added adds noted notes acknowledged acknowledges admitted admits concluded concludes
predicted predicts suggested suggests explained explains assured assures maintained maintains
argued argues insisted insists wrote writes testified testifies cautioned cautions stated states
ruled rules
""".split())
AUXILIARIES = frozenset("has have had will would also previously later then again further "
                        "repeatedly publicly recently earlier reportedly once last".split())

# --- people -------------------------------------------------------------------------------
# Capitalised title words that precede a personal name ("Lieutenant General Steve Townsend").
TITLES = frozenset("""
mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady
gen gen. general lt lt. lieutenant col col. colonel maj maj. major capt capt. captain cmdr cmdr. commander
sgt sgt. sergeant adm adm. admiral cpl cpl. corporal pvt pvt. private brig brig. brigadier marshal
president vice secretary minister prime chancellor premier senator sen sen. rep rep. representative
congressman congresswoman congressmember gov gov. governor mayor judge justice attorney speaker
chairman chairwoman chair chief ceo cfo coo cto founder co-founder director deputy ambassador envoy
king queen prince princess sheikh pope cardinal bishop rabbi imam rev rev. reverend father sister
spokesman spokeswoman spokesperson superintendent commissioner inspector detective officer agent
sheriff chancellor dean coach manager editor editor-in-chief correspondent analyst economist
executive chef host anchor councillor councilman councilwoman alderman treasurer auditor
comptroller administrator provost rector principal lawmaker leader mp mep msp
""".split())
NAME_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
NAME_PARTICLES = frozenset("van der den de des da di del della du le la von bin ibn al el ben abu st. st".split())
# Lower-case nouns that describe a person (the head of "an SDF spokesperson").
PERSON_NOUNS = frozenset("""
spokesman spokeswoman spokesperson spokespeople official officials officer officers source sources
analyst analysts scientist scientists researcher researchers expert experts economist economists
executive executives chief director president secretary minister commander general captain
lawyer lawyers attorney attorneys professor doctor doctors physician nurse teacher teachers
student students mother father son daughter wife husband brother sister witness witnesses resident
residents man woman men women boy girl person people member members fighter fighters leader leaders
founder co-founder chairman chairwoman ceo strategist manager managers editor editor-in-chief
correspondent reporter reporters journalist journalists actor actress singer player players coach
governor mayor senator lawmaker lawmakers legislator legislators diplomat diplomats ambassador envoy
prosecutor prosecutors judge investigator investigators detective police policeman agent agents
victim victims survivor survivors activist activists protester protesters protestors commenter
commenters user users worker workers employee employees patient patients deportee deportees
representative representatives author authors host anchor producer director critic critics
insider insiders observer observers voter voters supporter supporters opponent opponents
meteorologist epidemiologist engineer engineers administrator planner adviser advisers advisor
advisors consultant consultants captain pundit star partner partners mp mps mep meps msp
trader traders investor investors broker brokers banker bankers commentator
guitarist guitarists musician musicians drummer bassist keyboardist rapper songwriter artist artists
pianist vocalist composer rep reps publicist aide aides
""".split())
ROLE_MODIFIERS = frozenset("""
deputy senior junior former acting chief vice principal associate assistant lead leading top
executive general managing press defense defence foreign interior military army navy naval
air federal state local regional national international senior-level high-ranking
planetary research medical legal political economic financial equity portfolio
defensive offensive team club company government party campaign white house
human rights news civil health public production record
""".split())
DOCUMENT_NOUNS = frozenset("""
statement statements report reports study studies survey surveys paper papers letter letters
release document documents memo filing filings data website tweet post blog website analysis
research poll polls figures records record transcript complaint lawsuit indictment ruling
""".split())
# Organisation heads (capitalised or not) -- "the US-led coalition", "Iraqi army".
ORG_NOUNS = frozenset("""
coalition command department ministry ministries office agency agencies army military forces force
police government administration council committee commission authority authorities
organisation organization group company firm corporation corp corp. inc inc. ltd co co. bank
university college institute observatory association union federation party parliament congress
senate house court tribunal network service services team club board bureau center centre
foundation fund nations alliance movement front brigade brigades militia militias
intelligence navy airline airlines newspaper paper channel station broadcaster agency
prosecution prosecutors regulator regulators watchdog ministry cabinet presidency embassy
consulate unit units secretariat monitor monitors hospital school schools league staff
industries holdings group's productions records studios entertainment media pictures labs
airways motors
""".split())
DETERMINERS = frozenset("the a an one another this that these those some several two three "
                        "its his her their our".split())
PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person",
            "they": "group", "it": "org", "we": "group", "i": "person"}

# --- numbers -------------------------------------------------------------------------------
SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12,
}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "lakh": 1e5, "crore": 1e7, "bn": 1e9, "m": 1e6, "k": 1e3, "mn": 1e6, "tn": 1e12}
QUALIFIERS = (
    # longest first; value = normalised qualifier
    ("an estimated", "approximately"), ("estimated", "approximately"),
    ("approximately", "approximately"), ("roughly", "approximately"), ("around", "approximately"),
    ("about", "approximately"), ("some", "approximately"), ("close to", "approximately"),
    ("in the region of", "approximately"), ("circa", "approximately"), ("approx.", "approximately"),
    ("nearly", "nearly"), ("almost", "nearly"), ("just under", "nearly"), ("just shy of", "nearly"),
    ("up to", "up to"), ("as many as", "up to"), ("as much as", "up to"),
    ("more than", "more than"), ("over", "more than"), ("upwards of", "more than"),
    ("in excess of", "more than"), ("above", "more than"), ("just over", "more than"),
    ("at least", "at least"), ("no fewer than", "at least"), ("no less than", "at least"),
    ("a minimum of", "at least"),
    ("less than", "less than"), ("fewer than", "less than"), ("under", "less than"),
    ("below", "less than"), ("at most", "at most"), ("no more than", "at most"),
    ("only", "only"), ("just", "only"), ("a mere", "only"),
)
HEDGES = ("believed", "estimated", "thought to", "reportedly", "reported to", "allegedly",
          "probably", "possibly", "likely", "could", "may have", "might", "expected to",
          "feared", "suspected", "an estimated", "said to be", "presumably", "apparently",
          "unconfirmed", "unverified")
TIME_UNITS = frozenset("""
second seconds minute minutes min mins hour hours hr hrs day days week weeks month months year years
decade decades century centuries a.m. p.m. am pm o'clock
""".split())
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
UNITS = {
    "meter": "meter", "meters": "meter", "metre": "meter", "metres": "meter", "m": "meter",
    "kilometer": "kilometer", "kilometers": "kilometer", "kilometre": "kilometer",
    "kilometres": "kilometer", "km": "kilometer", "mile": "mile", "miles": "mile",
    "foot": "foot", "feet": "foot", "ft": "foot", "inch": "inch", "inches": "inch",
    "yard": "yard", "yards": "yard", "centimeter": "centimeter", "centimeters": "centimeter",
    "cm": "centimeter", "millimeter": "millimeter", "millimeters": "millimeter", "mm": "millimeter",
    "kilogram": "kilogram", "kilograms": "kilogram", "kg": "kilogram", "gram": "gram", "grams": "gram",
    "pound": "pound", "pounds": "pound", "lb": "pound", "lbs": "pound", "ton": "ton", "tons": "ton",
    "tonne": "tonne", "tonnes": "tonne", "liter": "liter", "liters": "liter", "litre": "liter",
    "litres": "liter", "gallon": "gallon", "gallons": "gallon", "barrel": "barrel", "barrels": "barrel",
    "mph": "mph", "kph": "kph", "km/h": "kph", "acre": "acre", "acres": "acre",
    "hectare": "hectare", "hectares": "hectare", "square": "square", "degree": "degree",
    "degrees": "degree", "percent": "percent", "per cent": "percent", "%": "percent",
    "percentage points": "percentage point", "percentage point": "percentage point",
    "watt": "watt", "watts": "watt", "megawatt": "megawatt", "megawatts": "megawatt",
    "gigawatt": "gigawatt", "gigawatts": "gigawatt", "kw": "kilowatt", "mw": "megawatt", "gw": "gigawatt",
    "fps": "fps", "gb": "gigabyte", "tb": "terabyte", "mb": "megabyte",
    "hp": "horsepower", "horsepower": "horsepower", "kilowatt": "kilowatt", "kilowatts": "kilowatt",
    "oz": "ounce", "ounce": "ounce", "ounces": "ounce", "ml": "milliliter", "milliliters": "milliliter",
    "g": "gram", "lb-ft": "pound-foot", "cup": "cup", "cups": "cup", "tsp": "teaspoon", "tbsp": "tablespoon",
    "teaspoon": "teaspoon", "teaspoons": "teaspoon", "tablespoon": "tablespoon", "tablespoons": "tablespoon",
    "calories": "calorie", "calorie": "calorie", "mg": "milligram", "dba": "decibel", "db": "decibel",
    "decibels": "decibel", "mpg": "mpg", "gigabytes": "gigabyte", "terabytes": "terabyte",
}
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "rs": "INR",
              "rs.": "INR", "c$": "CAD", "a$": "AUD", "hk$": "HKD", "dollars": "USD", "dollar": "USD",
              "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "yuan": "CNY", "rupees": "INR",
              "rubles": "RUB", "roubles": "RUB", "naira": "NGN"}


def trie_pattern(words) -> str:
    """A regex alternation for ``words`` factored as a prefix trie.

    Python's ``re`` tries every branch of a flat alternation at every position; a
    prefix-factored pattern fails after one character at most positions, which makes
    word-list searches several times faster.
    """
    trie: dict = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node) -> str:
        end = "" in node
        branches = []
        singles = []
        for ch in sorted(k for k in node if k):
            sub = build(node[ch])
            if sub == "":
                singles.append(ch)
            else:
                branches.append(_esc(ch) + sub)
        if singles:
            cls = _esc(singles[0]) if len(singles) == 1 else "[" + "".join(_esc(c) for c in singles) + "]"
            branches.append(cls)
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            if len(branches) == 1 and len(body) > 1 and not body.startswith("(?:"):
                body = "(?:" + body + ")"
            body += "?"
        return body

    return build(trie)


def _esc(ch: str) -> str:
    import re
    return re.escape(ch)
