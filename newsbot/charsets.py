"""Which character encoding a page's bytes are in, and their text.

A page declares its encoding, and the declaration is often wrong: UTF-8 bytes served or
saved as ISO-8859-1 read as mojibake (``CafÃ©``), and Windows-1252 bytes labelled UTF-8
read with a U+FFFD for each accented letter. Either way the feed would hold text that the
page's own bytes could have given right. So the bytes are checked against the declaration:

1. a byte-order mark says the encoding, whatever is declared (WHATWG's rule too);
2. bytes that are valid UTF-8 and hold multi-byte sequences are UTF-8, whatever is
   declared: another encoding's text almost never forms valid UTF-8 sequences by chance
   (charset detectors try this first). Bytes that are all ASCII read alike in any
   declared encoding, so the declaration stands (UTF-16 without a mark included);
3. otherwise the declaration: the HTTP header's charset, then the page's own (a
   ``<meta charset>``, a ``<meta http-equiv="Content-Type">`` or an XML declaration in
   its first 4 KB, as w3lib reads them), names resolved as browsers resolve them
   (ISO-8859-1 and ASCII are read as Windows-1252, which they are in practice);
4. a page that declares UTF-8, or nothing, and whose bytes are not UTF-8 throughout, is
   read as UTF-8 where its bytes are, and as Windows-1252 byte by byte where they are not:
   a page in Windows-1252 labelled UTF-8 comes out right, and so does a UTF-8 page with a
   few Windows-1252 bytes pasted in (which read as Windows-1252 throughout would be
   mojibake, and as UTF-8 throughout hold U+FFFD). The price: two Windows-1252 bytes that
   happen to form a UTF-8 sequence (a capital "É" before a curly quote) read as one character,
   which real text almost never has.

In any encoding, bytes it cannot read are read as Windows-1252 reads them (``ERRORS``),
the five it leaves unassigned as the C1 controls browsers make of them: no U+FFFD where
Windows-1252 reads the bytes. A detector (charset-normalizer) would add guessing for pages
that are neither UTF-8 nor Windows-1252, which no page of an English news site is, and it
guesses wrong on the ones that are: a short Windows-1252 paragraph is Windows-1250 to it,
"£5" and "naïve" printed "Ł5" and "naďve".

Pure functions over bytes, no Scrapy objects.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

UTF8 = "utf-8"
ERRORS = "newsbot.cp1252"
"""The name of the decoding error handler that reads undecodable bytes as Windows-1252."""

# What Windows-1252 makes of each byte; the five it leaves unassigned are the C1 controls
# of the same number, as in WHATWG's index of the encoding (and in Latin-1).
_CP1252 = "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in range(256))


def _as_cp1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(_CP1252[b] for b in error.object[error.start : error.end]), error.end


codecs.register_error(ERRORS, _as_cp1252)


def declared_encoding(body: bytes, content_type: str | None = None) -> str | None:
    """The encoding the page declares: its HTTP header's charset, else its own (meta
    charset, http-equiv, XML declaration), resolved; None when neither names one."""
    return (content_type and http_content_type_encoding(content_type)) or (
        html_body_declared_encoding(body)
    )


def page_encoding(body: bytes, content_type: str | None = None) -> str:
    """The encoding to read the page's bytes in (see the module's rules): its byte-order
    mark's; UTF-8 for bytes that are UTF-8; else the declared one, UTF-8 when none is.

    Where it says UTF-8, the bytes may still not be UTF-8 throughout (rule 4): ``is_utf8``
    tells, and ``decode`` reads them all the same.
    """
    bom, _ = read_bom(body)
    if bom is not None:
        return bom
    declared = declared_encoding(body, content_type)
    if declared is None or codecs.lookup(declared).name == UTF8 or body.isascii():
        return declared or UTF8
    return UTF8 if is_utf8(body) else declared


def is_utf8(body: bytes) -> bool:
    """Whether the bytes are valid UTF-8 throughout."""
    try:
        body.decode(UTF8)
    except UnicodeDecodeError:
        return False
    return True


def decode(body: bytes, encoding: str) -> str:
    """The text of the bytes in ``encoding``, without a leading byte-order mark; bytes it
    cannot read are read as Windows-1252 reads them."""
    return body.decode(encoding, ERRORS).removeprefix("\ufeff")
