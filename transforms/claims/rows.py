"""Claim rows of an article: the extractor's claims with their stable ids and the article's columns (pure, no Beam)."""
import dataclasses
import hashlib

from transforms.claims.model import Claim


_CLAIM_FIELDS = tuple(field.name for field in dataclasses.fields(Claim))


def claim_id_for(article_id: str, kind: str, start: int, end: int, extractor_version: str) -> str:
    """Stable id: the same extractor finds the same claim at the same place → same id."""
    key = f"{article_id}|{kind}|{start}|{end}|{extractor_version}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def claim_rows(article: dict, extractor) -> list[dict]:
    """The ``claims`` rows of one article."""
    published = article["published"].date() if article["published"] else None
    rows = []
    for claim in extractor.extract(article["text"], published=published):
        row = {name: getattr(claim, name) for name in _CLAIM_FIELDS}   # shallow: asdict deep-copies
        row.update(
            claim_id=claim_id_for(article["article_id"], claim.kind, claim.content_start,
                                  claim.content_end, extractor.version),
            article_id=article["article_id"],
            outlet_name=article["outlet_name"],
            published=article["published"],
            extractor_version=extractor.version,
            ingested_at=article["ingested_at"],
        )
        rows.append(row)
    return rows
