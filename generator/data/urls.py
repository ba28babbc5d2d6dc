"""Web addresses as a QR code carries them: ASCII, and no longer than the largest code holds.

Here, in the data stage, so that `validate` can refuse a survey address no poster could print
(`pages/qr.py` draws the code from the same ASCII form).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit

# The most bytes a QR code holds at the error correction the posters use (M): version 40, byte mode.
QR_CAPACITY = 2331
# What a page's address adds to the site's in its QR code (printed pages): an edition, a list, an id
# of at most 64 characters, a continuation page.
PATH_ROOM = 200

# What may stay as it is in each part of an address (RFC 3986); "%" too, so an address already
# percent-encoded is kept as it is.
_KEEP = "%:@!$&'()*+,;=/~"


def ascii_address(url: str) -> str:
    """The address as ASCII: the host in Punycode (IDNA), everything else percent-encoded as UTF-8."""
    if url.isascii():
        return url
    parts = urlsplit(url)
    userinfo, at, host_port = parts.netloc.rpartition("@")
    host, colon, port = host_port.partition(":")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:  # not a name IDNA can write (a label too long): percent-encoded instead
        host = quote(host, safe="")
    netloc = quote(userinfo, safe=_KEEP) + at + host + colon + port
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_KEEP),
                       quote(parts.query, safe=_KEEP + "?"), quote(parts.fragment, safe=_KEEP + "?")))


def idna_host(host: str) -> bool:
    """True when a host name with letters beyond ASCII (enkät.example.se) can be written in Punycode."""
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True
