"""`contact.email`: email addresses, plain or disguised (`jane [at] shop (dot) com`).

Runs on the normalised text, so fullwidth `＠`, Cyrillic look-alikes and zero-width
characters are already undone. A spelled-out ` at ` only counts when the rest is clearly an
address too (a spelled ` dot `, or a webmail domain), so "find us at example.com" and
"arrives at 5 p.m." are not emails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import Check, CheckOptions, CompileContext, Document, FieldView, Hit

_OPEN, _CLOSE = r"[\[\(\{<]", r"[\]\)\}>]"
_LOCAL = r"[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_%+\-])?"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_AT = (
    rf"(?P<at_sym>[ \t]{{0,2}}@[ \t]{{0,2}})"
    rf"|(?P<at_br>\s{{0,2}}{_OPEN}\s{{0,2}}(?:at|@)\s{{0,2}}{_CLOSE}\s{{0,2}})"
    rf"|(?P<at_word>\s{{1,3}}at\s{{1,3}})"
)
_DOT = (
    rf"(?:[ \t]?\.[ \t]?"
    rf"|\s{{0,2}}{_OPEN}\s{{0,2}}(?:dot|\.)\s{{0,2}}{_CLOSE}\s{{0,2}}"
    rf"|\s{{1,3}}dot\s{{1,3}})"
)
_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+\-])(?P<local>{_LOCAL})(?:{_AT})"
    rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL}){{0,4}}){_DOT}(?P<tld>[A-Za-z]{{2,24}})(?![A-Za-z0-9\-])",
    re.IGNORECASE,
)
_DISGUISED_DOT = re.compile(r"dot|[\[\(\{<]", re.IGNORECASE)

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
    keyword_groups = (frozenset({(False, "@"), (True, "at")}),)

    def __init__(self, options: EmailOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        for m in _EMAIL.finditer(field.text):
            tld = m.group("tld").lower()
            if tld in _FILE_EXTENSIONS:
                continue
            plain = m.group("at_sym") is not None
            if not plain:
                if not self.options.disguised or tld not in _COMMON_TLDS:
                    continue
                if m.group("at_word") is not None:
                    domain = m.group("domain")
                    first_label = re.split(r"[\s.\[\(\{<]", domain, maxsplit=1)[0].lower()
                    between = m.group(0)[m.end("local") - m.start() :]
                    if _DISGUISED_DOT.search(between[4:]) is None and first_label not in _WEBMAIL:
                        continue
            elif "." not in m.group(0)[m.end("local") - m.start() :] and tld not in _COMMON_TLDS:
                continue
            yield Hit(m.start(), m.end())
