import pytest

from transforms.common.decode import DecodeError, decode_bytes


@pytest.mark.parametrize("text, encoding", [
    ("Kämpfer der YPG in Rakka, café, naïve — “quoted”", "cp1252"),
    ("Привет мир, это тест кодировки текста новостей", "cp1251"),
    ("Zażółć gęślą jaźń, to jest test kodowania polskiego", "cp1250"),
    ("日本語のニュース記事のテキストです。これはテストです。", "shift_jis"),
    ("plain ascii text", "ascii"),
    ("utf-8 text with ümlauts and “quotes”", "utf-8"),
])
def test_decodes_common_encodings_without_assuming_utf8(text, encoding):
    decoded, _ = decode_bytes(text.encode(encoding))
    assert decoded == text


def test_declared_charset_wins_over_detection():
    payload = '<html><head><meta charset="iso-8859-1"></head><body>Fußball</body></html>'.encode("latin-1")
    decoded, used = decode_bytes(payload)
    assert "Fußball" in decoded and used == "iso8859-1"


def test_bom_is_honoured():
    decoded, _ = decode_bytes("hello wörld".encode("utf-16"))
    assert decoded == "hello wörld"


def test_binary_is_rejected():
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(256)) * 40)


def test_a_utf8_bom_before_cp1252_bytes_is_dropped_not_fatal():
    """An editor's BOM on a cp1252 file: the mark lies, the rest is still text."""
    text = "Café opens in town\n\nThe mayor said on Monday that the new café will open next spring."
    decoded, _ = decode_bytes(b"\xef\xbb\xbf" + text.encode("cp1252"))
    assert decoded == text

