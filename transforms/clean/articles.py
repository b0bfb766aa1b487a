"""Article assembly: ``SourceDocument`` → article row (or an error row); pure, no Beam.

Decodes the bytes (never assuming UTF-8; a manifest's or the transport's charset
as the declaration), extracts body and metadata with the HTML extractor or the
plain-text cleaner, then settles each metadata field by precedence — manifest >
feed or sitemap > html-meta > text > unknown — recording where the value came from
(``date_source``, ``outlet_source``, ``title_source``).  Text fields are stored
NFC without control characters (``clean_text``), whichever source won.
"""
import datetime as dt
import hashlib
import re
import unicodedata
from typing import Optional, Union

from transforms.clean.html_extract import NoBodyError, extract_html
from transforms.clean.text_clean import extract_article
from transforms.common import schemas
from transforms.clean.page_metadata import registrable_domain
from transforms.common.decode import DecodeError, clean_text, decode_bytes
from transforms.common.documents import (SOURCE_DOMAIN, SOURCE_HTML_META, SOURCE_MANIFEST,
                                         SOURCE_TEXT, SOURCE_UNKNOWN, ErrorRecord, SourceDocument)
from transforms.common.urls import canonical_url
from transforms.sources.manifest import ManifestEntry, candidate_keys

STAGE = "clean"


def normalised_text(text: str) -> str:
    """NFC, whitespace runs collapsed: what 'the same content' means for hashing."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def article_id_for(url: Optional[str], text: str) -> str:
    """Stable id: hash of the canonical URL when there is one, else of the normalised text."""
    canonical = canonical_url(url)
    return sha256_hex("url:" + canonical if canonical else "text:" + normalised_text(text))[:32]


def _first(*candidates):
    """The first (value, source) pair whose value is set, else (None, 'unknown')."""
    for value, source in candidates:
        if value:
            return value, source
    return None, SOURCE_UNKNOWN


def _as_utc_datetime(day: Optional[dt.date]) -> Optional[dt.datetime]:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc) if day else None


def _extract(doc: SourceDocument, text: str, url: Optional[str], ingested_at: dt.datetime) -> dict:
    """Body and the document's own metadata, each with its provenance label."""
    if doc.format == "html":
        page = extract_html(text, url=url, ingested_at=ingested_at)
        return {"text": "\n\n".join(page.text.split("\n")), "title": page.title, "author": page.author,
                "published": page.published, "outlet": page.sitename, "url": page.url,
                "language": page.language, "language_source": page.language_source,
                "source": SOURCE_HTML_META, "title_source": SOURCE_HTML_META}
    cleaned = extract_article(text, ingested_at=ingested_at)
    if not cleaned.body.strip():
        raise NoBodyError("no article text left after removing boilerplate lines")
    return {"text": cleaned.body, "title": cleaned.title, "author": None,
            "published": _as_utc_datetime(cleaned.published), "outlet": cleaned.outlet, "url": None,
            "language": None, "language_source": SOURCE_UNKNOWN, "source": SOURCE_TEXT,
            "title_source": cleaned.title_source or SOURCE_UNKNOWN}


def build_article(doc: SourceDocument, manifest: Optional[ManifestEntry],
                  ingested_at: dt.datetime) -> Union[dict, ErrorRecord]:
    """One document → an ``articles`` row, or the ``ErrorRecord`` that says why not."""
    meta_published = (manifest.published if manifest else None) or doc.published
    meta_outlet = (manifest.outlet if manifest else None) or doc.outlet

    def error(error_type: str, message: str, stage: str = STAGE) -> ErrorRecord:
        return ErrorRecord(doc.source_uri, stage, error_type, message,
                           published=meta_published, outlet=meta_outlet)

    if not doc.payload.strip():
        return error("empty_input", "the input is empty or only whitespace", stage="decode")
    try:
        text, _encoding = decode_bytes(doc.payload, (manifest.charset if manifest else None) or doc.charset)
    except DecodeError as exc:
        return error("undecodable", str(exc), stage="decode")
    url = (manifest.url if manifest else None) or doc.url
    try:
        extracted = _extract(doc, text, url, ingested_at)
    except NoBodyError as exc:
        return error("no_body", str(exc) or "no extractable article body")
    except Exception as exc:  # noqa: BLE001 - an extractor bug must not end the run
        return error("extractor_failed", f"{type(exc).__name__}: {exc}")

    own = extracted["source"]
    url = url or extracted["url"]
    domain = registrable_domain(url)
    published, date_source = _first(
        (manifest.published if manifest else None, SOURCE_MANIFEST),
        (doc.published, doc.date_source),
        (extracted["published"], own))
    outlet, outlet_source = _first(
        (manifest.outlet if manifest else None, SOURCE_MANIFEST),
        (doc.outlet, doc.outlet_source),
        (extracted["outlet"], own),
        (domain, SOURCE_DOMAIN))
    title, title_source = _first(
        (manifest.title if manifest else None, SOURCE_MANIFEST),
        (doc.title, doc.title_source),
        (extracted["title"], extracted["title_source"]))
    body = clean_text(extracted["text"])
    return {
        "article_id": article_id_for(url, body),
        "source_uri": doc.source_uri,
        "url": canonical_url(url) or url,
        "guid": doc.guid,
        "outlet_name": clean_text(outlet),
        "domain": domain,
        "published": published,
        "date_source": date_source,
        "outlet_source": outlet_source,
        "title": clean_text(title),
        "title_source": title_source,
        "author": clean_text((manifest.author if manifest else None) or doc.author or extracted["author"]),
        "language": extracted["language"],
        "language_source": extracted["language_source"],
        "text": body,
        "word_count": len(body.split()),
        "content_sha256": sha256_hex(normalised_text(body)),
        "source_format": doc.format,
        "text_source": doc.text_source,
        "duplicate_count": 0,
        "pipeline_version": schemas.PIPELINE_VERSION,
        "ingested_at": ingested_at,
        "crawled_at": doc.crawled_at,
    }


def find_manifest_entry(doc: SourceDocument, manifest: dict) -> Optional[ManifestEntry]:
    for key in candidate_keys(doc.source_uri, doc.url):
        if key in manifest:
            return manifest[key]
    return None
