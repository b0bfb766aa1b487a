"""Structured claim extraction from an article's cleaned text (pure Python, no Beam).

>>> from transforms.claims import extract_claims
>>> [c.speaker for c in extract_claims('"We will win," Townsend said.') if c.kind == "quote"]
['Townsend']

``extract_claims`` uses a module-level :class:`RuleBasedExtractor`; the pipeline can hold
any :class:`ClaimExtractor` instead (a model-based one later) -- its ``version`` goes to
the ``extractor_version`` column.  Field names match ``transforms.common.schemas.CLAIMS``.

The role: an article's text → its claims.  Pure cores (the extractor and ``rows``, which
gives each claim its id and the article's columns); ``claims_stage`` is the Beam
wrapper.  Imports ``transforms.common`` only.
"""
from __future__ import annotations

import datetime
from typing import Optional

from .extractor import EXTRACTOR_VERSION, RuleBasedExtractor
from .model import CLAIM_FIELDS, Claim, ClaimExtractor

__all__ = ["EXTRACTOR_VERSION", "Claim", "ClaimExtractor", "RuleBasedExtractor", "extract_claims",
           "CLAIM_FIELDS"]

_DEFAULT = RuleBasedExtractor()


def extract_claims(text: str, published: Optional[datetime.date] = None) -> list[Claim]:
    """Quotes, attributed assertions and numeric claims found in ``text``."""
    return _DEFAULT.extract(text, published)
