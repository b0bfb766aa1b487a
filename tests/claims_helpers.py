"""The claims rule tests' views of one extractor's output: quotes, and (content, speaker) pairs."""
from transforms.claims import RuleBasedExtractor

EXTRACTOR = RuleBasedExtractor()


def quote_claims(text):
    return [c for c in EXTRACTOR.extract(text) if c.kind == "quote"]


def quote_speakers(text):
    return [(c.content, c.speaker) for c in quote_claims(text)]


def attribution_speakers(text):
    return [(c.content, c.speaker) for c in EXTRACTOR.extract(text) if c.kind == "attribution"]
