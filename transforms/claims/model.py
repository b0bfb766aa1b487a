"""The claim record and the extractor interface (no logic here)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from typing import Optional, Protocol, runtime_checkable


@dataclass(frozen=True)
class Claim:
    """One extracted claim; every offset is into the exact text given to the extractor.

    Invariants (checked by the property tests):
    ``text[content_start:content_end] == content``,
    ``text[sentence_start:sentence_start + len(sentence)] == sentence``,
    ``text[cue_start:cue_end] == cue`` and ``text[speaker_start:speaker_end] == speaker_mention``
    whenever those offsets are set.
    """
    kind: str                       # quote | attribution | number
    sentence: str
    sentence_start: int
    content: str
    content_start: int
    content_end: int
    quote_kind: Optional[str] = None        # direct | partial | indirect
    cue: Optional[str] = None
    cue_start: Optional[int] = None
    cue_end: Optional[int] = None
    speaker: Optional[str] = None           # canonical (resolved within the article)
    speaker_mention: Optional[str] = None   # as written
    speaker_start: Optional[int] = None
    speaker_end: Optional[int] = None
    speaker_role: Optional[str] = None
    source_type: Optional[str] = None       # person | organisation | anonymous | document | unknown
    confidence: Optional[float] = None      # 0..1; a quote with no attribution found has speaker None, low confidence
    value: Optional[float] = None
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: Optional[str] = None
    object: Optional[str] = None
    unit: Optional[str] = None
    scale: Optional[str] = None
    hedged: Optional[bool] = None
    time_expression: Optional[str] = None
    resolved_date: Optional[datetime.date] = None

    def to_dict(self) -> dict:
        """Field name -> value, in schema order (``transforms.common.schemas.CLAIMS`` names)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


@runtime_checkable
class ClaimExtractor(Protocol):
    """Anything that turns an article's cleaned text into claims.

    ``version`` is written to the ``extractor_version`` column so that outputs of
    different extractors (rules now, a model later) can be told apart.
    """
    version: str

    def extract(self, text: str, published: Optional[datetime.date] = None) -> list[Claim]:
        ...
