"""`contact.email`: email addresses, plain or disguised (`jane [at] shop (dot) com`).

Runs on the normalised text, so fullwidth `＠`, Cyrillic look-alikes and zero-width
characters are already undone. A spelled-out ` at ` only counts when the rest is clearly an
address too (a spelled ` dot `, or a webmail domain), so "find us at example.com" and
"arrives at 5 p.m." are not emails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..templates import MASK_CHAR
from .base import Check, CheckOptions, CompileContext, Document, FieldView, Hit

_OPEN, _CLOSE = r"[\[\(\{<]", r"[\]\)\}>]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
# The words sellers write for "at" and "dot", in the six languages. `at`, `bei` and `point`
# are also ordinary prose words, so a spelled-out `at`/`bei` needs a disguised dot or a
# webmail domain after it; the others never occur in prose between two words.
_AT_WORDS = r"at|@|ät|bei|arroba|arobase|chiocciola|アットマーク|あっと|アット"
_AT_UNAMBIGUOUS = r"ät|arroba|arobase|chiocciola"
_AT_CJK = r"アットマーク|あっと|アット"
_DOT_WORDS = r"dot|punkt|punto|point|period|ドット"
_DOT = (
    r"(?:[ \t]?\.[ \t]?"
    rf"|\s{{0,2}}{_OPEN}\s{{0,2}}(?:{_DOT_WORDS}|\.)\s{{0,2}}{_CLOSE}\s{{0,2}}"
    rf"|\s{{0,2}}[-_](?:{_DOT_WORDS})[-_]\s{{0,2}}"
    rf"|\s{{0,3}}ドット\s{{0,3}}"
    rf"|\s{{1,3}}(?:{_DOT_WORDS})\s{{1,3}})"
)
# Where an address can hinge: `@` (or `%40`), a bracketed `[at]`/`(@)`/`(arroba)`, a
# `-at-`/`_at_`, or a spelled-out word. Scanning for these first, then reading the local
# part backwards and the domain forwards, costs a few microseconds per message; one big
# regex tried at every word cost 130.
_MARKER = re.compile(
    rf"@|%40|{_OPEN}\s{{0,2}}(?:{_AT_WORDS})\s{{0,2}}{_CLOSE}|[-_]at[-_]"
    rf"|(?<=\s)(?:at|bei)(?=\s)"
    rf"|(?<![A-Za-z\u00c0-\u024f])(?:{_AT_UNAMBIGUOUS})(?![A-Za-z\u00c0-\u024f])"
    rf"|(?:{_AT_CJK})",
    re.IGNORECASE,
)
_DOMAIN = re.compile(
    rf"\s{{0,3}}(?P<domain>{_LABEL}(?:{_DOT}{_LABEL}){{0,4}}){_DOT}"
    r"(?P<tld>[A-Za-z]{2,24})(?![A-Za-z0-9\-])",
    re.IGNORECASE,
)
_DISGUISED_DOT = re.compile(rf"{_DOT_WORDS}|[\[\(\{{<]", re.IGNORECASE)
_LOCAL_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-" + MASK_CHAR
)
_MAX_LOCAL = 64


def _local_start(text: str, end: int, max_space: int) -> int | None:
    """Start of the local part that ends just before `end` (after up to `max_space`
    whitespace characters), or None when there is none."""
    i = end
    spaces = 0
    while i > 0 and text[i - 1].isspace() and spaces < max_space:
        i -= 1
        spaces += 1
    stop = i
    while i > 0 and text[i - 1] in _LOCAL_CHARS and stop - i <= _MAX_LOCAL:
        i -= 1
    if i > 0 and text[i - 1] in _LOCAL_CHARS:
        return None  # longer than any local part: not an address
    while i < stop and text[i] in "._%+-":
        i += 1
    return i if i < stop else None


# A TLD that is really a file extension: `image@2x.png`, `logo@brand.svg`.
_FILE_EXTENSIONS = frozenset(
    [
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "bmp",
        "tif",
        "tiff",
        "pdf",
        "txt",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "csv",
        "zip",
        "rar",
        "js",
        "css",
        "html",
        "htm",
        "json",
        "xml",
        "md",
        "py",
        "exe",
        "mp3",
        "mp4",
        "mov",
        "avi",
    ]
)
# Spelled-out forms must land on a real, common TLD (the full PSL check comes with links).
_COMMON_TLDS = frozenset(
    [
        "com",
        "net",
        "org",
        "info",
        "biz",
        "io",
        "co",
        "de",
        "uk",
        "fr",
        "es",
        "it",
        "jp",
        "nl",
        "be",
        "at",
        "ch",
        "pl",
        "se",
        "dk",
        "no",
        "fi",
        "pt",
        "ie",
        "ca",
        "us",
        "au",
        "mx",
        "br",
        "in",
        "cn",
        "eu",
        "shop",
        "store",
        "online",
        "site",
        "email",
        "me",
        "tv",
        "xyz",
        "app",
        "dev",
    ]
)
_WEBMAIL = frozenset(
    [
        "gmail",
        "googlemail",
        "yahoo",
        "ymail",
        "hotmail",
        "outlook",
        "live",
        "msn",
        "aol",
        "icloud",
        "me",
        "mac",
        "gmx",
        "web",
        "t-online",
        "freenet",
        "proton",
        "protonmail",
        "mail",
        "yandex",
        "qq",
        "163",
        "126",
        "naver",
        "orange",
        "free",
        "libero",
        "virgilio",
        "wanadoo",
        "laposte",
        "sfr",
        "docomo",
        "ezweb",
        "softbank",
        "zoho",
    ]
)


class EmailOptions(CheckOptions):
    disguised: bool = True


class EmailCheck(Check):
    kind = "contact.email"
    Options = EmailOptions
    options: EmailOptions
    # Every marker of `_MARKER` has one of these (the prefilter must never drop an address).
    keyword_groups = (
        frozenset(
            {
                (False, "@"),
                (False, "%40"),
                (False, "アット"),
                (False, "あっと"),
                *((True, w) for w in ("at", "ät", "bei", "arroba", "arobase", "chiocciola")),
            }
        ),
    )

    def __init__(self, options: EmailOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        text = field.text
        last_end = 0
        for marker in _MARKER.finditer(text):
            ms, me = marker.span()
            if ms < last_end:
                continue
            word = marker.group().lower()
            symbol = word in ("@", "%40")
            spelled = word in ("at", "bei")  # bare prose words: need more evidence
            if not symbol and not self.options.disguised:
                continue
            if (
                symbol
                and ms > 0
                and text[ms - 1].isspace()
                and not (me < len(text) and text[me].isspace())
            ):
                continue  # "Instagram @shop.home": a handle after a word, not an address
            start = _local_start(text, ms, 3 if not symbol else 2)
            if start is None or text.endswith("://", 0, start):
                continue  # `https://amazon.com@evil.example/` is a link's user part
            m = _DOMAIN.match(text, me)
            if m is None:
                continue
            tld = m.group("tld").lower()
            if tld in _FILE_EXTENSIONS:
                continue
            disguised_dot = _DISGUISED_DOT.search(m.group(0)) is not None
            if (not symbol or disguised_dot) and tld not in _COMMON_TLDS:
                continue  # disguised forms must land on a common TLD
            if spelled and not disguised_dot:
                first_label = re.split(r"[\s.]", m.group("domain"), maxsplit=1)[0].lower()
                if first_label not in _WEBMAIL:
                    continue  # "find us at example.com" is a link, not an email
            last_end = m.end()
            yield Hit(start, m.end())
