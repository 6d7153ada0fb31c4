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
# are also ordinary prose words, so a spelled-out `at`/`bei` needs a disguised dot, a webmail
# domain or an email word before it; the others never occur in prose between two words.
_AT_WORDS = r"at|@|ät|bei|arroba|arobase|chiocciola|アットマーク|あっと|アット"
_AT_CJK = r"アットマーク|あっと|アット"
_DOT_WORDS = r"dot|punkt|punto|point|period|ドット"
_DOT = (
    r"(?:[ \t]?\.[ \t]?"
    rf"|\s{{0,2}}{_OPEN}\s{{0,2}}(?:{_DOT_WORDS}|\.)\s{{0,2}}{_CLOSE}\s{{0,2}}"
    rf"|\s{{0,2}}[-_](?:{_DOT_WORDS})[-_]\s{{0,2}}"
    rf"|\s{{0,3}}ドット\s{{0,3}}"
    rf"|\s{{1,3}}(?:{_DOT_WORDS})\s{{1,3}})"
)
_AT_SIGN_WORDS = r"[ \-](?:sign|symbol|zeichen)"
_LETTER = r"[A-Za-z\u00c0-\u024f]"


def _literal_first(word: str, tail: str = "") -> str:
    """`word` in lower, Title and UPPER case, each alternative starting with a plain
    character: `re` then finds candidates with a first-character test instead of trying
    the whole pattern at every position (60 µs a message before, a few now)."""
    first = dict.fromkeys((word[0].lower(), word[0].upper()))
    return "|".join(f"{re.escape(c)}(?i:{re.escape(word[1:])}){tail}" for c in first)


# Where an address can hinge: `@` (or `%40`, `&#64;`), a bracketed `[at]`/`(@)`/`(arroba)`,
# a `-at-`/`_at_`, a spelled "at sign", or a spelled-out word. Scanning for these first,
# then reading the local part backwards and the domain forwards, costs a few microseconds
# per message; one big regex tried at every word cost 130.
_MARKER = re.compile(
    r"@|%40|&#(?:64|x40);"
    + "".join(rf"|{re.escape(o)}\s{{0,2}}(?i:{_AT_WORDS})\s{{0,2}}{_CLOSE}" for o in "[({<")
    + r"|-(?i:at)[-_]|_(?i:at)[-_]"
    # "at" and "bei" between spaces; "at sign", "at-Zeichen" (unambiguous)
    + "|"
    + _literal_first("at", rf"(?<=\s..)(?:(?i:{_AT_SIGN_WORDS})(?![A-Za-z])(?=[\s,])|(?=\s))")
    + "|"
    + _literal_first("bei", r"(?<=\s...)(?=\s)")
    + "".join(
        "|"
        + _literal_first(w, rf"(?<![A-Za-z\u00c0-\u024f].{{{len(w)}}})(?![A-Za-z\u00c0-\u024f])")
        for w in ("ät", "arroba", "arobase", "chiocciola", "klammeraffe")
    )
    + rf"|{_AT_CJK}"
)
_SYMBOL_MARKER = re.compile(r"@|%40|&#(?:64|x40);")
# What makes the full `_MARKER` scan worth running (see `EmailCheck._scanner`).
_SPELLED_AT = frozenset({"at", "bei"})
_STRONG_TOKENS = frozenset({"ät", "arroba", "arobase", "chiocciola", "klammeraffe"})
_AT_SUBSTRINGS = (
    *(f"{o}{s}{w}" for o in "[({<" for s in ("", " ") for w in ("at", ".")),
    *("-at-", "-at_", "_at_", "_at-"),
)
_SYMBOL_SUBSTRINGS = tuple(f"{o}{s}@" for o in "[({<" for s in ("", " "))
# Each list as one search (`any(sub in low ...)` scanned the text once per substring): an
# alternation of literals, which `re` scans for their first characters only.
_AT_SUBSTRING = re.compile("|".join(map(re.escape, _AT_SUBSTRINGS)))
_SYMBOL_SUBSTRING = re.compile("|".join(map(re.escape, _SYMBOL_SUBSTRINGS)))
# Words that a spelled `at`/`bei` needs nearby to be part of an address.
_EVIDENCE_TOKENS = frozenset(
    {"dot", "punkt", "punto", "point", "period", "sign", "symbol", "zeichen"}
    | {"email", "mail", "write", "emails"}
)
# Words around a spelled "at sign": "jane, then the at sign, then shop dot com".
_SIGN_FILLER_BEFORE = re.compile(
    r"(?:,?\s*(?:then|and|dann|und|puis|luego|poi)\s+)?(?:(?:the|das|le|la|el|il)\s+)?\Z",
    re.IGNORECASE,
)
_SIGN_FILLER_AFTER = re.compile(r",?\s*(?:(?:then|dann|puis|luego|poi)\s+)?", re.IGNORECASE)
_UNAMBIGUOUS_WORDS = frozenset({"ät", "arroba", "arobase", "chiocciola", "klammeraffe"})
# Domain labels may be internationalised ("info@bücher.de", "jane@例え.jp"): letters of any
# script, digits and inner hyphens; the suffix stays ASCII.
_ULABEL = r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"
_DOMAIN = re.compile(
    rf"\s{{0,3}}(?P<domain>{_ULABEL}(?:{_DOT}{_ULABEL}){{0,4}}){_DOT}"
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


# Words before a handle, not a local part: "Instagram @shop.home", "follow us @brand".
_HANDLE_LEAD = frozenset(
    (
        *("on", "us", "at", "follow", "via", "by", "from", "and", "or", "me", "dm", "handle"),
        *("account", "page", "profile", "ig", "insta", "instagram", "twitter", "x", "tiktok"),
        *("facebook", "fb", "telegram", "threads", "pinterest", "youtube", "snapchat"),
    )
)
# Words a spelled `at` follows in prose ("email us at shop.com" is a link invitation).
_NOT_LOCAL = frozenset(
    (
        *("us", "me", "you", "him", "her", "them", "it", "we", "our", "online", "here"),
        *("there", "directly", "anytime", "now", "store", "shop", "site", "website", "page"),
        "team",
    )
)
# Words before a lone ` @ ` that are prose, not a local part ("our handle is @ shop.goods").
_NOT_LOCAL_AT = _NOT_LOCAL | {"is", "are", "was", "handle", "username", "account"}
# A path after the domain makes it a web address: "/shop", " slash shop".
_PATH_AFTER = re.compile(r"\s{0,2}(?:/(?=\w)|(?i:slash|barra|schrägstrich)(?![A-Za-z]))")
# An email word shortly before "jane at shop.com" makes it an address.
_EMAIL_CUE = re.compile(
    r"(?<![A-Za-z])(?:e-?mail|mail|write|address|schreib|écri|escrib|scriv)", re.IGNORECASE
)
_PLAIN_DOMAIN = re.compile(
    rf"(?P<domain>{_LABEL}(?:\.{_LABEL}){{0,4}})\.(?P<tld>[A-Za-z]{{2,24}})\Z", re.IGNORECASE
)


def _spaced_local(text: str, at: int) -> int | None:
    """Start of a local part spelled out letter by letter ("j a n e @"), `text[at]` the `@`
    with a space before it; None unless at least two single characters stand before it."""
    i = at - 2
    start = None
    count = 0
    while i >= 0 and text[i] in _LOCAL_CHARS and (i == 0 or text[i - 1] == " "):
        start = i
        count += 1
        i -= 2
    return start if count >= 2 else None


def _spaced_domain(text: str, j: int) -> tuple[str, int]:
    """The domain spelled out letter by letter from `j` ("w e b . d e"), and where it ends."""
    chars: list[str] = []
    end = j
    n = len(text)
    while j < n and (text[j].isalnum() or text[j] in ".-"):
        if j + 1 < n and text[j + 1].isalnum():
            break  # a word of several letters: not spelled out
        chars.append(text[j])
        end = j + 1
        if j + 2 < n and text[j + 1] == " ":
            j += 2
        else:
            break
    return "".join(chars), end


def _joined_domain(text: str, pos: int) -> re.Match[str] | None:
    """The domain after `pos` read across line breaks ("shop@wild\nroot.com"), as a match
    on the joined text, with `_joined_end` mapping its end back."""
    segment = text[pos : pos + 96]
    if "\n" not in segment:
        return None
    return _DOMAIN.match(segment.replace("\n", ""))


def _joined_end(text: str, pos: int, joined_end: int) -> int:
    """Offset in `text` of `joined_end` in the segment from `pos` with line breaks removed."""
    count = 0
    i = pos
    while count < joined_end:
        if text[i] != "\n":
            count += 1
        i += 1
    return i


# (Webmail names that are everyday words do not open the full scan on their own.)
_EVIDENCE = _EVIDENCE_TOKENS | (_WEBMAIL - {"me", "mac", "live", "web", "mail", "free", "orange"})


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
                (False, "&#64;"),
                (False, "&#x40;"),
                (False, "アット"),
                (False, "あっと"),
                *((True, w) for w in ("at", "ät", "bei", "arroba", "arobase", "chiocciola")),
                (True, "klammeraffe"),
            }
        ),
    )

    def __init__(self, options: EmailOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        text = field.text
        scanner = self._scanner(field)
        if scanner is None:
            return
        last_end = 0
        for marker in scanner.finditer(text):
            ms, me = marker.span()
            if ms < last_end:
                continue
            found = self._address(text, marker.group().lower(), ms, me)
            if found is not None:
                last_end = found[1]
                yield Hit(*found)

    def _scanner(self, field: FieldView) -> re.Pattern[str] | None:
        """The marker scan a field needs. `_MARKER` tests a character class at every
        position (about 20 µs on a 900-character message); most messages hold only `@`, or
        a prose "at" with nothing after it that could make an address, so cheap substring
        and word-set tests pick the small scan or none."""
        text = field.text
        symbol = "@" in text or "%40" in text or "&#" in text
        if not self.options.disguised:
            return _SYMBOL_MARKER if symbol else None
        tokens = field.tokens
        if not tokens.isdisjoint(_STRONG_TOKENS):
            return _MARKER
        low = field.lower
        if ("at" in tokens or "bei" in tokens) and (
            not tokens.isdisjoint(_EVIDENCE) or _AT_SUBSTRING.search(low) is not None
        ):
            return _MARKER
        if symbol and _SYMBOL_SUBSTRING.search(low) is not None:
            return _MARKER
        if not text.isascii() and ("アット" in text or "あっと" in text):
            return _MARKER
        return _SYMBOL_MARKER if symbol else None

    def _address(self, text: str, word: str, ms: int, me: int) -> tuple[int, int] | None:
        """The address hinging on the marker `word` at [ms, me), or None."""
        symbol = word in ("@", "%40", "&#64;", "&#x40;")
        spelled = word in ("at", "bei")  # bare prose words: need more evidence
        sign = word.startswith("at") and len(word) > 2  # "at sign", "at-Zeichen"
        if not symbol and not self.options.disguised:
            return None
        space_before = ms > 0 and text[ms - 1].isspace()
        space_after = me < len(text) and text[me].isspace()
        if symbol and word == "@" and space_before and space_after:
            spaced = self._spaced(text, ms)
            if spaced is not None:
                return spaced
        if sign:
            ms = _SIGN_FILLER_BEFORE.search(text, max(0, ms - 24), ms).start()  # type: ignore[union-attr]
            me = _SIGN_FILLER_AFTER.match(text, me).end()  # type: ignore[union-attr]
        start = _local_start(text, ms, 3 if not symbol else 2)
        if start is None or text.endswith("://", 0, start):
            return None  # `https://amazon.com@evil.example/` is a link's user part
        m = _DOMAIN.match(text, me)
        end = m.end() if m is not None else 0
        if m is None or (symbol and m.end() < len(text) and text[m.end()] == "\n"):
            # "shop@wild\nroot.com", "shop@voltline\n.io": a line break inside the domain
            joined = _joined_domain(text, me) if symbol else None
            if joined is not None and joined.group("tld").lower() in _COMMON_TLDS:
                m, end = joined, _joined_end(text, me, joined.end())
        if m is None:
            return None
        tld = m.group("tld").lower()
        if tld in _FILE_EXTENSIONS:
            return None
        disguised_dot = _DISGUISED_DOT.search(m.group(0)) is not None
        if (not symbol or disguised_dot) and tld not in _COMMON_TLDS:
            return None  # disguised forms must land on a common TLD
        if not symbol and _PATH_AFTER.match(text, end) is not None:
            return None  # "us at facebook dot com slash shop": a web address with a path
        first_label = re.split(r"[\s.]", m.group("domain").strip(), maxsplit=1)[0].lower()
        if (
            symbol
            and space_before
            and space_after
            and first_label not in _WEBMAIL
            and text[start:ms].strip().lower() in _NOT_LOCAL_AT
        ):
            return None  # "our handle is @ shop.goods": a prose word before a lone `@`
        if symbol and space_before and not space_after:
            # "Instagram @shop.home" is a handle; "jane @gmail.com" an address
            lead = text[start:ms].strip().lower()
            if first_label not in _WEBMAIL and (tld not in _COMMON_TLDS or lead in _HANDLE_LEAD):
                return None
        if spelled and not disguised_dot and first_label not in _WEBMAIL:
            # "find us at example.com" is a link, not an email; "email jane at shop.com" is
            lead = text[start:ms].strip().lower()
            cue_zone = text[max(0, start - 40) : start]
            if word != "at" or lead in _NOT_LOCAL or _EMAIL_CUE.search(cue_zone) is None:
                return None
        return start, end

    @staticmethod
    def _spaced(text: str, at: int) -> tuple[int, int] | None:
        """An address spelled out letter by letter: "j a n e @ s h o p . c o m"."""
        start = _spaced_local(text, at)
        if start is None:
            return None
        domain, end = _spaced_domain(text, at + 2)
        m = _PLAIN_DOMAIN.match(domain)
        if m is None or m.group("tld").lower() not in _COMMON_TLDS:
            return None
        return start, end
