"""Decoding's order of evidence and its limits at their boundary (issue 19's mutation survivors)."""
import pytest

from transforms.common.decode import DecodeError, decode_bytes, declared_encoding

LATIN = "Le caf\u00e9 est ferm\u00e9 le lundi. ".encode("cp1252")     # not UTF-8: detection decides


def test_plain_utf8_is_reported_as_utf8():
    assert decode_bytes("na\u00efve caf\u00e9".encode("utf-8")) == ("na\u00efve caf\u00e9", "utf-8")


def test_a_transport_charset_outranks_detection_but_not_valid_utf8():
    latin = "Cr\u00e8me br\u00fbl\u00e9e au caf\u00e9".encode("cp1252")
    assert decode_bytes(latin, "koi8-r") == ("Cr\u0425me br\u0428l\u0418e au caf\u0418", "koi8-r")   # the label wins
    # valid non-ASCII UTF-8 under a legacy label (an old template) is read as UTF-8 (issue 17)
    assert decode_bytes("\u00e9".encode("utf-8"), "ISO-8859-1") == ("\u00e9", "utf-8")
    assert decode_bytes("\u00e9".encode("utf-8"), "no-such-charset") == ("\u00e9", "utf-8")


def test_an_xml_declaration_is_a_declared_charset():
    payload = '<?xml version="1.0" encoding="koi8-r"?><rss><title>Привет</title></rss>'.encode("koi8-r")
    assert declared_encoding(payload) == "koi8-r"
    assert "Привет" in decode_bytes(payload)[0]


def test_a_declaration_counts_only_inside_the_first_4_kib():
    tag = b'<meta charset="windows-1251">'
    inside = b" " * (4096 - len(tag) + 1) + tag             # the closing quote is byte 4096
    assert declared_encoding(inside) == "cp1251"
    assert declared_encoding(b" " + inside) is None         # one byte later the value is left open


@pytest.mark.parametrize("text", ["\u00c7a va tr\u00e8s bien, merci.", "\u00d8l og sm\u00f8rbr\u00f8d", "\u00de\u00f3r\u00f0ur"])
def test_detection_is_limited_to_web_encodings(text):
    # unrestricted, charset-normalizer reads these short cp1252 texts as gb18030
    assert decode_bytes(text.encode("cp1252"))[0] == text


def test_nul_bytes_are_binary_only_above_one_percent_of_the_first_8_kib():
    text = (LATIN * 40)[:1000]                             # 1000 bytes: 1% is 10 NULs
    assert decode_bytes(text[:990] + b"\x00" * 10)[0].startswith("Le caf")
    with pytest.raises(DecodeError) as binary:
        decode_bytes(text[:989] + b"\x00" * 11)
    assert str(binary.value) == "binary content (NUL bytes) in a text input"


def test_only_nul_bytes_in_the_first_8_kib_make_binary():
    head, tail = (LATIN * 400)[:8192], LATIN * 100
    assert decode_bytes(head + b"\x00" * 200 + tail)[0].startswith("Le caf")     # all after byte 8192
    assert decode_bytes(head[:-81] + b"\x00" * 200 + tail)[0].startswith("Le caf")  # 81 in it: 1% of 8 KiB
    with pytest.raises(DecodeError):
        decode_bytes(head[:-82] + b"\x00" * 200 + tail)                             # 82 in it


def test_bytes_no_web_encoding_reads_as_text_are_refused_with_the_reason():
    with pytest.raises(DecodeError) as refused:
        decode_bytes(bytes(range(128, 256)) * 10)          # high bytes only, no NUL: not binary by the NUL rule
    assert str(refused.value) == "no text encoding fits these bytes"
