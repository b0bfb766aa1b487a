"""URL canonicalisation, so one article reached by different links gets one id."""
from typing import Optional
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

# Query parameters that only track the click, never select the content.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "at_", "ga_")
_TRACKING_NAMES = {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "ocid",
                   "cmpid", "ref", "ref_src", "smid", "sr_share", "cid", "mbid"}


def canonical_url(url: Optional[str]) -> Optional[str]:
    """Lower-case scheme and host, drop default ports, fragments and tracking
    parameters, sort the remaining query, escape what a path may not hold; ``None``
    for anything that is not an absolute http(s) URL.  Canonical URLs are fixed points."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES)
    path = quote(parts.path, safe="/%:@!$&'()*+,;=~") or "/"     # spaces etc. escaped: idempotent
    return urlunsplit((scheme, host, path, urlencode(query), ""))
