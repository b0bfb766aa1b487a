"""``decode_bytes`` against a real browser: the same bytes, served by the real test
HTTP server with the same Content-Type, decoded by headless Chromium and by us.
Where the module says it follows the WHATWG order the two must agree; the one
deliberate departure (valid UTF-8 under a legacy declaration) is checked as such."""
import lxml.html
import pytest
from w3lib.encoding import resolve_encoding

from tests.feed_server import Response, feed_server  # noqa: F401
from transforms.common.decode import decode_bytes

RU = "Президент заявил во вторник, что правительство рассмотрит новый закон."
FR = "Le président a déclaré mardi: 5 € – “enfin”, « très attendue »."
JA = "政府は火曜日、新しい選挙法を検討すると発表した。"
KO = "정부는 화요일 새로운 선거법을 검토할 것이라고 발표했다."
ZH = "政府週二宣布將審議新的選舉法。"


def page(text: str, head: str = "") -> str:
    return f'<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p id="t">{text}</p></body></html>'


def _damaged_utf8() -> bytes:
    raw = page(FR + " " + RU, '<meta charset="utf-8">').encode("utf-8")
    cut = raw.index("вторник".encode("utf-8"))
    return (raw[:cut] + b"\xd0" + raw[cut + 2:]).replace(b"mardi", b"m\xe9rdi").replace("закон".encode(), b"\xff" + "акон".encode())


# name → (bytes, Content-Type)
AGREED = {
    "bom-beats-transport-and-meta": (b"\xef\xbb\xbf" + page(FR, '<meta charset="windows-1252">').encode("utf-8"),
                                     "text/html; charset=iso-8859-1"),
    "transport-beats-meta": (page(RU, '<meta charset="windows-1251">').encode("koi8_r"), "text/html; charset=KOI8-R"),
    "iso-8859-1-is-windows-1252": (page(FR, '<meta charset="iso-8859-1">').encode("cp1252"), "text/html"),
    "meta-in-comment-ignored": (page(RU, '<!-- <meta charset="iso-8859-5"> --><meta charset="koi8-r">').encode("koi8_r"),
                                "text/html"),
    "http-equiv-shift-jis": (page(JA, '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
                             .encode("shift_jis"), "text/html"),
    "meta-euc-kr": (page(KO, '<meta charset="euc-kr">').encode("euc_kr"), "text/html"),
    "transport-big5": (page(ZH).encode("big5"), "text/html; charset=big5"),
    "utf8-with-three-bad-bytes": (_damaged_utf8(), "text/html"),
    "nul-bytes": (page("Mayor\x00 said\x00 so.", '<meta charset="utf-8">').encode("utf-8"), "text/html"),
}


def _ours(body: bytes, content_type: str) -> tuple[str, str]:
    charset = content_type.partition("charset=")[2] or None
    text, codec = decode_bytes(body, charset)
    return lxml.html.fromstring(text).get_element_by_id("t").text_content(), codec


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            yield instance.new_page()
        finally:
            instance.close()


def _in_browser(browser, server, name: str, body: bytes, content_type: str) -> tuple[str, str]:
    url = server.route(f"/{name}", Response(body=body, headers={"Content-Type": content_type}))
    browser.goto(url, wait_until="load")
    return browser.evaluate("() => [document.getElementById('t').textContent, document.characterSet]")


@pytest.mark.parametrize("name", sorted(AGREED))
def test_decoded_as_chromium_decodes_it(name, browser, feed_server):
    body, content_type = AGREED[name]
    seen, charset = _in_browser(browser, feed_server, name, body, content_type)
    text, codec = _ours(body, content_type)
    assert text == seen
    assert resolve_encoding(charset) == codec


def test_utf8_under_a_latin_declaration_is_where_we_depart_from_chromium(browser, feed_server):
    body = page(FR, '<meta charset="iso-8859-1">').encode("utf-8")
    seen, charset = _in_browser(browser, feed_server, "utf8-under-latin1", body, "text/html")
    assert charset == "windows-1252" and "prÃ©sident" in seen          # mojibake in the browser
    assert _ours(body, "text/html") == (FR, "utf-8")
