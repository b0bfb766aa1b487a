"""Decoding as browsers do (BOM, transport charset, <meta> prescan, detection), with
the departures the module docstring lists.  Every byte sequence is built here."""
import datetime as dt
import re

import pytest

from transforms.clean.articles import build_article
from transforms.common.decode import DecodeError, clean_text, decode_bytes, strip_controls
from transforms.common.documents import SourceDocument

RU = "Президент заявил во вторник, что правительство рассмотрит новый закон о выборах и бюджете."
JA = "政府は火曜日、新しい選挙法を検討すると発表した。首相は記者会見で、法案は来月提出されると述べた。"
KO = "정부는 화요일 새로운 선거법을 검토할 것이라고 발표했다. 총리는 기자회견에서 법안이 다음 달 제출될 것이라고 말했다."
ZH = "政府週二宣布將審議新的選舉法。總理在記者會上表示，這項法案將在下個月提交議會審議。"
FR = "Le président a déclaré mardi que le gouvernement examinerait une nouvelle loi électorale — « très attendue »."


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize("text, encoding", [
    (FR, "cp1252"), (RU, "koi8_r"), (RU, "cp1251"), (JA, "shift_jis"), (KO, "euc_kr"), (ZH, "big5"),
    ("Zażółć gęślą jaźń, to jest test kodowania polskiego", "cp1250"),
    ("plain ascii text", "ascii"), ("utf-8 text with ümlauts and “quotes”", "utf-8"),
])
def test_undeclared_legacy_encodings_are_detected(text, encoding):
    decoded, _ = decode_bytes(page(text).encode(encoding))
    assert decoded == page(text)


@pytest.mark.parametrize("text, label", [
    (RU, "koi8-r"), (JA, "Shift_JIS"), (KO, "euc-kr"), (ZH, "big5"), (FR, "windows-1252")])
def test_meta_and_transport_declarations_are_honoured(text, label):
    html = page(text, f'<meta http-equiv="Content-Type" content="text/html; charset={label}">')
    assert decode_bytes(html.encode(label))[0] == html
    bare = page(text)
    assert decode_bytes(bare.encode(label), declared=label)[0] == bare


def test_transport_charset_outranks_the_meta_declaration():
    """WHATWG order: the HTTP charset wins over a stale <meta> (both decode these bytes)."""
    html = page(RU, '<meta charset="windows-1251">')
    decoded, codec = decode_bytes(html.encode("koi8_r"), declared="KOI8-R")
    assert decoded == html and codec == "koi8-r"


def test_bom_outranks_every_declaration():
    html = page(FR, '<meta charset="windows-1252">')
    decoded, codec = decode_bytes(b"\xef\xbb\xbf" + html.encode("utf-8"), declared="iso-8859-1")
    assert decoded == html and codec == "utf-8"


def test_labels_mean_what_the_encoding_standard_says():
    """'iso-8859-1' is windows-1252 on the web: 0x80 is the euro sign, 0x93/0x94 curly quotes."""
    html = page("Preis: 5 € – “billig”", '<meta charset="iso-8859-1">')
    decoded, codec = decode_bytes(html.encode("cp1252"))
    assert decoded == html and codec == "cp1252"


def test_a_meta_inside_a_comment_is_not_a_declaration():
    html = page(RU, '<!-- <meta charset="iso-8859-5"> --><meta charset="koi8-r">')
    assert decode_bytes(html.encode("koi8_r")) == (html, "koi8-r")


def test_an_unknown_label_is_ignored():
    html = page(RU, '<meta charset="x-no-such-charset">')
    assert decode_bytes(html.encode("koi8_r"), declared="bogus")[0] == html


@pytest.mark.parametrize("declaration", ['<meta charset="iso-8859-1">', '<meta charset="ISO-8859-15">',
                                         '<?xml version="1.0" encoding="windows-1252"?>'])
def test_valid_utf8_under_an_outdated_latin_declaration_is_utf8(declaration):
    html = page(FR, declaration) if declaration.startswith("<meta") else declaration + page(FR)
    decoded, codec = decode_bytes(html.encode("utf-8"))
    assert decoded == html and codec == "utf-8"
    assert decode_bytes(page(FR).encode("utf-8"), declared="ISO-8859-1")[0] == page(FR)


def test_real_latin1_under_a_latin1_declaration_stays_latin1():
    html = page(FR.replace("—", "-"), '<meta charset="iso-8859-1">')
    assert decode_bytes(html.encode("latin-1")) == (html, "cp1252")


def test_utf8_with_three_bad_bytes_stays_utf8():
    """Three damaged bytes in a UTF-8 page: replaced, the rest decoded as UTF-8
    (strict decoding fails and detection would pick a legacy code page)."""
    html = page(FR + " " + RU, '<meta charset="utf-8">')
    raw = html.encode("utf-8")
    cut = raw.index("вторник".encode("utf-8"))
    damaged = raw[:cut] + b"\xd0" + raw[cut + 2:]            # half a Cyrillic letter gone
    damaged = damaged.replace("électorale".encode("utf-8"), b"\xe9lectorale")   # a Latin-1 byte
    damaged = damaged.replace(b"loi", b"l\xffi")           # a byte that is never UTF-8
    for declared in (None, "utf-8"):
        text = decode_bytes(damaged if declared else damaged.replace(b'<meta charset="utf-8">', b""),
                            declared=declared)[0]
        assert text.count("\ufffd") == 3
        assert "Президент заявил во" in text and "торник" in text and "président a déclaré" in text


def test_a_utf8_declaration_over_cp1252_bytes_is_passed_over():
    html = page(FR, '<meta charset="utf-8">')
    assert decode_bytes(html.encode("cp1252"))[0] == html


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [FR, RU, "plain ASCII page"])
def test_utf16_without_bom(order, text):
    html = page(text)
    assert decode_bytes(html.encode(order)) == (html, order)


def test_utf16_declared_by_the_transport_without_bom():
    html = page(RU)
    assert decode_bytes(html.encode("utf-16-be"), declared="utf-16")[0] == html


def test_bom_is_honoured():
    decoded, _ = decode_bytes("hello wörld".encode("utf-16"))
    assert decoded == "hello wörld"


def test_nul_is_removed_by_the_decoder():
    raw = page("Mayor\x00 said\x00 so.").encode("utf-8")
    assert decode_bytes(raw)[0] == page("Mayor said so.")
    legacy = page(FR + "\x00")
    assert decode_bytes(legacy.encode("cp1252"))[0] == legacy.replace("\x00", "")   # detection path too


@pytest.mark.parametrize("fmt", ["html", "text"])
def test_stored_article_text_has_no_control_characters(fmt):
    sentence = "The mayor\x00 said\x01 on Monday\x1b that the new bridge\x7f will open next\x0b spring."
    body = sentence + " " + FR * 3
    raw = (page(body, "<title>Bridge\x00 news</title>") if fmt == "html" else f"Bridge news\n\n{body}\n").encode("utf-8")
    row = build_article(SourceDocument("/in/a." + fmt, raw, fmt), None, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert "The mayor said on Monday that the new bridge will open next spring." in re.sub(r"\s+", " ", row["text"])
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", row["text"] + (row["title"] or ""))


def test_strip_controls_keeps_c1_free_text_and_removes_c1():
    assert strip_controls("a\x85b\x9fc\u00a0d") == "abc\u00a0d"
    assert strip_controls("unchanged\ttext\n") == "unchanged\ttext\n"


def test_clean_text_is_nfc_without_controls():
    assert clean_text("Cafe\u0301\x00 Zu\u0308rich") == "Café Zürich"
    assert clean_text(None) is None


def test_binary_is_rejected():
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(256)) * 40)


def test_a_utf8_bom_before_cp1252_bytes_is_dropped_not_fatal():
    """An editor's BOM on a cp1252 file: the mark lies, the rest is still text."""
    text = "Café opens in town\n\nThe mayor said on Monday that the new café will open next spring."
    decoded, _ = decode_bytes(b"\xef\xbb\xbf" + text.encode("cp1252"))
    assert decoded == text


def test_double_encoded_utf8_is_repaired_not_stripped():
    """UTF-8 read as Latin-1 and saved as UTF-8 again leaves C1 controls ("’" → "â\x80\x99");
    removing them would leave "itâs": the text is repaired first."""
    text = "It’s the “best” café — says the mayor."
    twice = text.encode("utf-8").decode("latin-1").encode("utf-8")
    assert decode_bytes(page(text + " " + RU).encode("utf-8"))[0] == page(text + " " + RU)
    assert decode_bytes(page(text).encode("utf-8").replace(text.encode("utf-8"), twice))[0] == page(text)
