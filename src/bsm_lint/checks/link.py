"""`link`: links in text and HTML, each rule judging them by one policy `condition`.

Finding links (once per field, shared by every link rule):

* scheme URLs (`http`, `https`, `ftp`, `ftps`; also `HTTPS ://` and defanged `hxxps://`),
  `www.` hosts, protocol-relative `//host` in an attribute, and BARE domains
  (`shop-name.com/path`, `petstore.co.uk`). A bare candidate must end in a public suffix (the
  offline Public Suffix List, see `hosts`); the list is loaded only when such a candidate
  first appears.
* `href`/`src` values are found the same way, since a quote ends a URL.
* Disguised dots: `shop [dot] com`, `shop(.)com`, `shop dot com`, `www . shop . io`,
  `shop。com`, `shop punkt de` / `punto` / `point` / `ドット` (the word must end the
  sentence there, so `le point de vue` stays prose; a spelled `dot` before a suffix that is
  also a word, `by`, `to`, `it`..., counts only at the end of a clause: `back dot by dot`).
* Not links: a domain right after `@`, `[at]`, `(at)`, `ät`, `あっと`... (the email
  rule's), a local part before `@`, file names (`manual.pdf`; `.zip`, `.py`, `.mov`...
  without a path), `node.js`, versions, decimals, abbreviations (`e.g.`, `U.S.`), and
  sentences joined without a space (`today.It was`: a capitalised suffix and no path).

Conditions, one per rule, and how they overlap. `insecure`, `idn` and `lookalike` look at
how a link is written and overlap with everything. The destination conditions are
independent questions: `unnecessary` (not on the allow list) also holds for most
storefront, shortener, social and opt-out links, so such a link is reported in each of its
categories, unless the pack says otherwise: the default pack's `unnecessary` rules yield to
link-storefront on the same span (`yield_scope = "span"`, an engine step), so an `http`
Amazon product page is link-insecure and link-storefront.
Within one category the engine merges findings on the same link into the most severe, the
earlier rule on a tie; the default pack puts `lookalike` and `idn` (link-unnecessary) before
`unnecessary` so the finding names the more specific problem. An image (`src`) is a URL
the message makes the buyer's client load: it counts for `insecure`, `unnecessary`, `idn` and
`lookalike`, not for the destination lists. A link whose host is a template placeholder
counts only for `insecure`.

Hosts: block lists (storefront, shortener, social) match the host as a reader reads it (the
normalised, look-alike-folded host), so a disguise never escapes them; allow lists
(`unnecessary`, and `config.allowed_link_hosts`) match the REAL host (NFKC, no look-alike
fold), so a Cyrillic `аmazon.com` never earns Amazon's allowance.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from urllib.parse import unquote

import regex
from pydantic import model_validator

from ..hosts import (
    HostPattern,
    decode_idn,
    is_public_domain,
    lookalike_of,
    mixed_script,
    real_host,
    skeleton,
)
from ..templates import MASK_CHAR
from .base import (
    Check,
    CheckOptions,
    CompileContext,
    Document,
    FieldView,
    Hit,
    Keyword,
    Matcher,
)

__all__ = ["Destination", "Link", "LinkCheck", "LinkOptions", "find_links", "trim_url"]

# Letters of a host label: ASCII, Latin-1/Extended (no × ÷), Greek, Cyrillic.
_L = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u052f"
_LABEL = rf"[{_L}](?:[{_L}\-]{{0,61}}[{_L}])?"
# What ends a URL: space, quotes, angle brackets, CJK text and full-width punctuation.
_STOP = (
    r"\s<>\"'`|\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\uac00-\ud7af\uff00-\uffef"
)
_LINK = re.compile(
    rf"(?<![A-Za-z0-9_])(?P<scheme>[A-Za-z]{{2,10}}) ?: ?//(?P<srest>[^{_STOP}]+)"
    rf"|(?:(?<=[\"'=\s])|^)//(?P<prest>[A-Za-z0-9][^{_STOP}]*)"
    rf"|(?<![A-Za-z0-9@+.\-_/\\])(?P<www>[Ww]{{3}}\d{{0,3}}\.[^{_STOP}]+)"
    rf"|(?<![{_L}@+.\-_/\\%])(?P<bare>(?:{_LABEL}\.){{1,8}}(?:[A-Za-z]{{2,63}}|xn--[A-Za-z0-9\-]{{1,59}}))"
    rf"(?![{_L}\-_@+])(?P<btail>(?::\d{{2,5}})?[/?#][^{_STOP}]*)?"
)
_TRAILING = ".,;:!?'\")]}>*"
_PAIRS = {")": "(", "]": "[", "}": "{"}
_AUTHORITY_END = re.compile(r"[/?#]")
_PORT = re.compile(r"^:\d+")
_DOT_LETTER = re.compile(r"\.[A-Za-z]")
# Web schemes, and their defanged spellings (`hxxps://`) that dodge link filters.
_SCHEMES = {
    "http": "http",
    "https": "https",
    "ftp": "ftp",
    "ftps": "ftps",
    "hxxp": "http",
    "hxxps": "https",
}
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_HOST_CHARS = frozenset(c for c in map(chr, range(0x530)) if re.match(f"[{_L}.\\-]", c) is not None)
_HOST_OK = re.compile(rf"[{_L}{MASK_CHAR}\-.]+")
_ATTR = re.compile(r"\b(href|src|srcset|action|data-src)\s*=\s*[\"']?\Z", re.IGNORECASE)
# A domain that is the second half of an email address, plain or bracket-disguised.
_AT_WORD = r"at|@|ät|arobase|arroba|chiocciola|あっと|アットマーク|アット"
_EMAIL_BEFORE = re.compile(
    rf"(?:@|[\[\(\{{<（]\s{{0,2}}(?:{_AT_WORD})\s{{0,2}}[\]\)\}}>）]"
    r"|\s(?:ät|arobase|arroba|chiocciola)|あっと|アットマーク|アット)\s{0,3}\Z"
    # `contact@atelier-⏎lumiere.fr`: an address broken over two lines
    r"|@[A-Za-z0-9.\-]{0,63}-?\n\Z",
    re.IGNORECASE,
)
_SPELLED_AT = re.compile(r"[A-Za-z0-9._%+\-]\s{1,3}at\s{1,3}\Z", re.IGNORECASE)
# Webmail hosts: "jane at gmail.com" is an email address, not a link.
_WEBMAIL = frozenset(
    [
        *("gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "live", "msn", "aol"),
        *("icloud", "me", "mac", "gmx", "web", "t-online", "proton", "protonmail", "mail"),
        *("yandex", "qq", "163", "126", "naver", "orange", "free", "libero", "wanadoo"),
    ]
)
# The local part of a disguised address: `patricia.green [at] web`, `kenji.hughes AT yahoo`.
_AT_AFTER = re.compile(
    r"\s{0,3}(?:[\[\(\{<]\s{0,2}(?:at|@)\s{0,2}[\]\)\}>]|@)|\s{1,3}(?-i:AT)\s"
    rf"|\s{{1,3}}at\s{{1,3}}(?:(?:{'|'.join(sorted(_WEBMAIL))})\b|[\w\-]+\s{{1,3}}dot\b)",
    re.IGNORECASE,
)
# Public suffixes that are far more often file extensions: without a path, not a link.
_FILE_TLDS = frozenset(
    ["ai", "cab", "java", "md", "mobi", "mov", "pm", "ps", "pub", "py", "rs", "sh", "so", "zip"]
)
_ANCHOR = re.compile(r"[^<>]{0,400}>(?P<text>[^<]{0,200})</a\s*>", re.IGNORECASE)
_CLAUSE_END = re.compile(r".*(?:[.!?。！？]\s|\n)", re.DOTALL)


def trim_url(url: str) -> str:
    """Drop sentence punctuation stuck to the end of a URL, keeping balanced brackets."""
    while url and url[-1] in _TRAILING:
        last = url[-1]
        opener = _PAIRS.get(last)
        if opener is not None and url.count(opener) >= url.count(last):
            break
        url = url[:-1]
    return url


@dataclass(frozen=True, slots=True)
class Link:
    """A link in a field's normalised text.

    `host` is lower-case as normalised (look-alikes folded; '' when a template placeholder
    stands for it); `path` is everything after the host and port (`/a?b#c`, or '');
    `form` says how it was written; `attr` is `href`/`src`... when it is an HTML attribute."""

    start: int
    end: int
    url: str
    scheme: str
    host: str
    path: str
    form: Literal["scheme", "relative", "www", "bare", "disguised"]
    attr: str
    host_start: int
    host_end: int

    @property
    def masked(self) -> bool:
        return not self.host


def _attr_before(text: str, start: int) -> str:
    m = _ATTR.search(text, max(0, start - 16), start)
    return m.group(1).lower() if m else ""


def _split_authority(rest: str) -> tuple[int, str, str] | None:
    """(host offset in `rest`, host, path) of `[userinfo@]host[:port][path]`."""
    m = _AUTHORITY_END.search(rest)
    auth_end = m.start() if m else len(rest)
    authority = rest[:auth_end]
    at = authority.rfind("@")
    host_off = at + 1
    hostport = authority[host_off:]
    colon = hostport.find(":")
    host = hostport if colon < 0 else hostport[:colon]
    if colon >= 0 and not hostport[colon + 1 :].isdigit():
        return None
    return host_off, host, rest[auth_end:]


def _valid_host(host: str, dotless: bool = False) -> bool:
    """A DNS name (at most 253 characters; labels of 1 to 63, not starting or ending with
    `-`) or a masked placeholder. Only a URL with a scheme may name a dotless host."""
    if MASK_CHAR in host:
        return True
    if not (dotless or "." in host) or len(host) > 253:
        return False
    if _HOST_OK.fullmatch(host) is None and not (dotless and _any_script_host(host)):
        return False
    return all(
        0 < len(label) <= 63 and label[0] != "-" and label[-1] != "-" for label in host.split(".")
    )


# A scheme spelled with spaces so a filter misses it: `h t t p : / /`, `hxxps : //`.
_SPACED_SCHEME = re.compile(r"(?<![A-Za-z])[hH] ?[tTxX] ?[tTxX] ?[pP] ?(?P<s>[sS]?) ?: ?/ ?/ ?\Z")
# Words before `name at domain` that make it an address being spelled out, not a place.
_EMAIL_CUE = re.compile(
    r"\b(?:e-?mails?|mail|write|writing|address|adresse|schreib\w*|[ée]cri\w*|escrib\w*"
    r"|scriv\w*)\b[^.!?\n]{0,40}\Z",
    re.IGNORECASE,
)
# "then the at sign, then shop dot com": the address spelled out in words.
_AT_SIGN_CUE = re.compile(
    r"(?:\bat[- ](?:sign|symbol)|@[- ]?(?:sign|symbol)|at-zeichen|klammeraffe)\b[^.!?\n]{0,40}\Z",
    re.IGNORECASE,
)
# `jane at shop.com`, `info bei shop punkt de`, `jean chez orange point fr`.
_SPELLED_AT_WORD = re.compile(
    r"[A-Za-z0-9._%+\-]\s{1,3}(?:at|bei|chez|presso)\s{1,3}\Z", re.IGNORECASE
)
_PORT_AFTER = re.compile(r":(\d+)")


def _spelled_address(text: str, start: int, before: str) -> bool:
    """The domain of an address spelled out: "email jane at wildroot.shop", "info bei
    shop punkt de" after "E-Mail:", "jane, then the at sign, then shop dot com"."""
    lo = max(0, start - 64)
    if _AT_SIGN_CUE.search(text, lo, start):
        return True
    return bool(_SPELLED_AT_WORD.search(before)) and bool(_EMAIL_CUE.search(text, lo, start))


def _any_script_host(host: str) -> bool:
    """A host after an explicit scheme may use any script or symbol (`http://✪df.ws`,
    Arabic, Thai): the scheme already says it is a link. Still no ASCII punctuation."""
    return all(
        c.isalnum() or c in "-." or (not c.isascii() and c.isprintable() and not c.isspace())
        for c in host
    )


def _bare_is_link(text: str, start: int, host: str, tail: str) -> bool:
    """Context tests for a bare domain, then the Public Suffix List."""
    suffix = host.rsplit(".", 1)[1]
    end = start + len(host)
    if not tail:
        if suffix[0].isupper() and not suffix.isupper():
            return False  # "today.It was": a missing space, not a domain
        if suffix.lower() in _FILE_TLDS:
            return False  # "setup.zip", "readme.md"
        if _AT_AFTER.match(text, end):
            return False  # the local part of an address: "patricia.green [at] web.de"
        port = _PORT_AFTER.match(text, end)
        if port and (len(port.group(1)) > 5 or int(port.group(1)) > 65535):
            return False  # "google.com:500000": no port is that large
    before = text[max(0, start - 16) : start]
    if _EMAIL_BEFORE.search(before):
        return False
    low = host.lower()
    if _SPELLED_AT.search(before) and low.split(".", 1)[0] in _WEBMAIL:
        return False  # "jane at gmail.com"
    if _spelled_address(text, start, before):
        return False  # "email jane at wildroot.shop"
    return is_public_domain(low)


def _candidates(text: str) -> Iterator[re.Match[str]]:
    """Matches of `_LINK`, tried only where a link can start.

    Every link has `//` or a dot before a letter. From each such trigger, walk back to the
    start of its token and try `_LINK` there; a token is tried once (the walk stops where
    the previous one began), so the scan stays linear. Running `_LINK.finditer` over the
    whole text instead costs 5x more: its four look-behinds run at every position."""
    triggers = [t.start() for t in _DOT_LETTER.finditer(text)]
    slash = text.find("//")
    if slash >= 0:  # rare: scanned for apart, since `\.[A-Za-z]|//` is 5x slower than one
        while slash >= 0:
            triggers.append(slash)
            slash = text.find("//", slash + 2)
        triggers.sort()
    floor = 0
    last_start = -1
    for p in triggers:
        if p < floor:
            continue
        if text[p] == "/":
            colon = p - 2 if text[p - 1 : p] == " " else p - 1  # `https ://`
            if colon >= 0 and text[colon] == ":":
                s = colon - 1 if text[colon - 1 : colon] == " " else colon
                lo = max(0, s - 10)  # not `floor`: "see.https://" first tried "see.https"
                while s > lo and text[s - 1] in _SCHEME_CHARS:
                    s -= 1
            elif p == 0 or text[p - 1] in "\"'=" or text[p - 1].isspace():
                s = p
            else:
                continue
        else:
            s = p
            while s > floor and text[s - 1] in _HOST_CHARS:
                s -= 1
        if s == last_start:
            continue
        last_start = s
        m = _LINK.match(text, s)
        floor = p + 1
        if m is not None:
            yield m
            floor = max(floor, m.end())


# Disguised dots: `shop [dot] com`, `shop(.)com`, `shop dot com`, `www . shop . io`,
# `shop。com`, and the word for "dot" in German, Italian/Spanish, French, Japanese.
_DSEP = (
    r"(?:\s?[\[\(\{<]\s?(?:[Dd][Oo][Tt]|\.)\s?[\]\)\}>]\s?|\s{1,3}(?:dot|DOT|Dot)\s{1,3}"
    r"|\s\.\s|。|\s(?:punkt|punto|point)\s|\s?ドット\s?)"
)
_DSEP_RX = re.compile(_DSEP)
_ALABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"


# The spelled dots of `_DSEP`, each a whole word wherever it stands.
_DOT_WORDS = frozenset({"dot", "punkt", "punto", "point"})


def _maybe_disguised(t: str, words: frozenset[str] | None = None) -> bool:
    """Cheap tests that every disguised dot passes (most messages fail them all). Given the
    field's lower-case words, a spelled dot is one set test instead of five text scans."""
    if words is None:
        low = t.lower()  # `[Dd][Oo][Tt]`: "dOt" too
        spelled = "dot" in low or "punkt" in low or "punto" in low or "point" in low
    else:
        spelled = not _DOT_WORDS.isdisjoint(words)
    return (
        spelled
        or " . " in t
        or ".)" in t
        or ".]" in t
        or ".}" in t
        or ".>" in t
        or (not t.isascii() and ("。" in t or "ドット" in t))
    )


_ALABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
_DISGUISE_HINT = re.compile(
    r"[\[\(\{<]\s?(?:dot|\.)\s?[\]\)\}>]|\sdot\s|\s\.\s[A-Za-z]|。[A-Za-z]"
    r"|\s(?:punkt|punto|point)\s[a-z]|ドット",
    re.IGNORECASE,
)
_DISGUISED = re.compile(
    rf"(?<![A-Za-z0-9@.\-_/])(?P<host>{_ALABEL}(?:(?:{_DSEP}|\.){_ALABEL}){{0,4}}"
    rf"(?:{_DSEP}|\.)(?P<tld>[A-Za-z]{{2,24}}))(?![A-Za-z0-9\-_@])(?P<path>/[^{_STOP}]*)?"
)
_WORD_AFTER = re.compile(r"\s+[A-Za-z\u00c0-\u024f]")
# Suffixes that are also everyday words: after a spelled `dot` and before more words
# (`back dot by dot`), they are prose; at the end of a clause (`shop dot it.`) a domain.
_PROSE_TLDS = frozenset(
    [
        "by",
        "to",
        "in",
        "it",
        "is",
        "me",
        "be",
        "at",
        "no",
        "so",
        "do",
        "go",
        "my",
        "us",
        "as",
        "on",
        "or",
        "an",
        "am",
        "he",
        "we",
        "up",
        "one",
        "now",
        "new",
        "top",
        "fun",
        "win",
    ]
)


def _disguised_links(text: str, words: frozenset[str] | None = None) -> Iterator[Link]:
    """Links whose dots are written so a filter misses them, checked like bare domains."""
    if not _maybe_disguised(text, words):
        return
    floor = 0
    for hint in _DISGUISE_HINT.finditer(text):
        # From the disguised dot, back to where its host starts; match only there.
        s = hint.start()
        if s < floor:
            continue
        if s > 0 and text[s - 1] == " ":
            s -= 1
        while s > floor and text[s - 1] in _ALABEL_CHARS:
            s -= 1
        m = _DISGUISED.match(text, s)
        if m is None:
            continue
        floor = m.end()
        host_text = m.group("host")
        seps = [x.group() for x in _DSEP_RX.finditer(host_text)]
        if not seps:
            continue  # plain dots only: the main scan's
        start, end = m.start(), m.end("host")
        labels = _DSEP_RX.sub(".", host_text).split(".")
        spelled = [x for x in seps if x.strip().lower() in ("punkt", "punto", "point", "ドット")]
        if all(x.strip() == "." for x in seps) and len(seps) < 2 and labels[0].lower() != "www":
            continue  # one spaced dot (`done . de`) is punctuation
        if spelled and (len(labels[0]) < 3 or _WORD_AFTER.match(text, end)):
            continue  # `le point de vue`, `el punto es que`: prose, not an address
        if (
            seps[-1].strip().lower() == "dot"
            and labels[-1].lower() in _PROSE_TLDS
            and _WORD_AFTER.match(text, end)
        ):
            continue  # `the back dot by dot`, `wires dot to dot, then`: prose
        before = text[max(0, start - 16) : start]
        if _EMAIL_BEFORE.search(before) or _AT_AFTER.match(text, end):
            continue
        if _SPELLED_AT.search(before) and labels[0].lower() != "www":
            continue  # `jane at shop dot com` is the email rule's; `manual at www . x . io` not
        if _spelled_address(text, start, before):
            continue  # "the at sign, then wildroot dot shop"
        host = ".".join(labels).lower()
        if not is_public_domain(host):
            continue
        path = trim_url(m.group("path") or "")
        yield Link(
            start=start,
            end=end + len(path),
            url=text[start : end + len(path)],
            scheme="",
            host=host,
            path=path,
            form="disguised",
            attr="",
            host_start=start,
            host_end=end,
        )


# Hosts the plain scan does not read: an IPv4 address with a path or port
# ("203.0.113.7/manual"), and a domain whose labels are in a script beyond Latin, Greek and
# Cyrillic (`𠮷野家.com`, `➡.ws`), from the start of its token.
# Digit-led, the look-behind after the first digit: the scan skips to digits (fast).
_IP_LINK = re.compile(
    r"[0-9](?<![\w.:/@-][0-9])[0-9]{0,2}(?:\.[0-9]{1,3}){3}"
    rf"(?P<tail>(?::[0-9]{{2,5}})?(?:/[^\s0-9/]|[?#])[^{_STOP}]*)"
)
# The last three octets and what must follow them, led by a literal `.` (a fast scan).
_IP_REST = re.compile(
    r"\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?=(?::[0-9]{2,5})?(?:/[^\s0-9/]|[?#]))"
)
_IDN_LINK = re.compile(
    r"(?P<host>(?:[^\s!-,./:-@\[-`{-~\u3000-\u303f\uff01-\uff0f]{1,63}\.){1,8}"
    r"[A-Za-z]{2,63})(?![A-Za-z0-9-])"
    r"(?P<tail>[/?#][^\s<>\"']*)?"
)
_TOKEN_BREAK = frozenset(" \t\n\"'(<[「（、，：:@")


def _other_script_links(text: str) -> Iterator[Link]:
    """Links of `_IP_LINK` and `_IDN_LINK`, tried only at the dots that can start one (a
    digit on both sides; a letter beyond U+052F before an ASCII letter): a scan of the whole
    text would cost more than every other link scan together."""
    floor = 0
    for d in _IP_REST.finditer(text):
        p = d.start()
        if p < floor or p == 0 or not text[p - 1].isdigit():
            continue
        s = p - 1
        while s > floor and s > p - 4 and text[s - 1].isdigit():
            s -= 1
        m = _IP_LINK.match(text, s)
        if m is not None:
            host = text[s : m.start("tail")]
            floor = m.end()
            if all(int(octet) < 256 for octet in host.split(".")):
                yield _extra_link(s, host, trim_url(m.group("tail")))
    if text.isascii():
        return
    floor = 0
    for d in _DOT_LETTER.finditer(text):
        s = d.start() - 1
        if s < floor or s < 0 or text[s] <= "\u052f" or text[s].isspace():
            continue
        while s > floor and text[s - 1] not in _TOKEN_BREAK:
            s -= 1
        if s > 0 and text[s - 1] == "@":
            continue  # the domain of an email address: the email rules' job
        m = _IDN_LINK.match(text, s)
        if m is None:
            continue
        host, tail = m.group("host"), trim_url(m.group("tail") or "")
        floor = m.end()
        if not host.isascii() and _bare_is_link(text, s, host, tail):
            yield _extra_link(s, host, tail)


def _extra_link(start: int, host: str, tail: str) -> Link:
    url = host + tail
    return Link(
        start=start,
        end=start + len(url),
        url=url,
        scheme="",
        host=host.lower(),
        path=_PORT.sub("", tail, count=1),
        form="bare",
        attr="",
        host_start=start,
        host_end=start + len(host),
    )


def find_links(text: str, words: frozenset[str] | None = None) -> list[Link]:
    """Every link in normalised `text`, in order; `words`, the lower-case words of the text
    (`FieldView.tokens`), when the caller has them, spare a few scans."""
    links = _plain_links(text)
    disguised = [*_disguised_links(text, words), *_other_script_links(text)]
    if disguised:
        for d in disguised:
            if not any(d.start < x.end and x.start < d.end for x in links):
                links.append(d)
        links.sort(key=lambda x: x.start)
    return links


def _plain_links(text: str) -> list[Link]:
    links: list[Link] = []
    last_end = 0
    for m in _candidates(text):
        start = m.start()
        if start < last_end:
            continue
        if m.group("scheme") is not None:
            scheme = _SCHEMES.get(m.group("scheme").lower(), "")
            if not scheme:
                continue
            url = trim_url(m.group(0))
            base = m.start("srest") - start
            parts = _split_authority(url[base:])
            if parts is None:
                continue
            off, host, path = parts
            form: Literal["scheme", "relative", "www", "bare", "disguised"] = "scheme"
            host_start = start + base + off
        elif m.group("prest") is not None:
            url = trim_url(m.group(0))
            parts = _split_authority(url[2:])
            if parts is None:
                continue
            off, host, path = parts
            if start > 0 and text[start - 1] not in "\"'=":
                # `//host` in prose rather than an attribute: only a real domain counts.
                bare_host = host.rstrip(".").lower()
                if "." not in bare_host or not is_public_domain(bare_host):
                    continue
            scheme, form, host_start = "", "relative", start + 2 + off
        elif m.group("www") is not None:
            url = trim_url(m.group(0))
            parts = _split_authority(url)
            if parts is None or "@" in url[: len(url) - len(parts[2])]:
                continue
            _, host, path = parts
            if host.rstrip(".").count(".") < 2:
                continue  # "www.shop" has no domain after `www.`
            scheme, form, host_start = "", "www", start
        else:
            host = m.group("bare")
            tail = trim_url(m.group("btail") or "")
            if not _bare_is_link(text, start, host, tail):
                continue
            url = host + tail
            path = _PORT.sub("", tail, count=1)
            scheme, form, host_start = "", "bare", start
        if form in ("www", "bare"):
            spaced = _SPACED_SCHEME.search(text, max(last_end, start - 20), start)
            if spaced is not None:  # `h t t p : / / shop.io`: a scheme URL in disguise
                scheme = "https" if spaced.group("s") else "http"
                url = text[spaced.start() : start] + url
                start, form = spaced.start(), "scheme"
        host = host.rstrip(".")
        if not _valid_host(host, dotless=form == "scheme"):
            continue
        host_end = host_start + len(host)
        last_end = start + len(url)
        links.append(
            Link(
                start=start,
                end=start + len(url),
                url=url,
                scheme=scheme,
                host="" if MASK_CHAR in host else host.lower(),
                path=path,
                form=form,
                attr=_attr_before(text, start),
                host_start=host_start,
                host_end=host_end,
            )
        )
    return links


# The link rules of a pack all read the same field one after another: find once, reuse.
_slot = threading.local()


def links_of(field: FieldView) -> list[Link]:
    """`find_links(field.text)`, computed once per field (per thread)."""
    cached = getattr(_slot, "value", None)
    if cached is not None and cached[0] is field:
        found: list[Link] = cached[1]
        return found
    found = find_links(field.text, field.tokens)
    _slot.value = (field, found)
    return found


def link_real_host(field: FieldView, link: Link) -> str:
    """The host as written in the original text (see `hosts.real_host`)."""
    if field.norm.is_identity or link.masked:
        return link.host
    a, b = field.norm.span(link.host_start, link.host_end)
    host = real_host(field.original[a:b])
    return _DSEP_RX.sub(".", host) if link.form == "disguised" else host


class Destination(CheckOptions):
    """A host pattern (`ups.com`, `amazon.*`, `*.myshopify.com`, `*`) and optionally a regex
    searched, case-insensitively, in the link's path and query (`/a/b?c=d`)."""

    host: str
    path: str | None = None


DestinationSpec = str | Destination

Condition = Literal[
    "insecure", "unnecessary", "storefront", "shortener", "optout", "social", "idn", "lookalike"
]
_FLAG_LISTS = ("storefront", "shortener", "social")
_IMAGE_ATTRS = frozenset({"src", "srcset", "data-src"})


class LinkOptions(CheckOptions):
    """Which links a rule reports, by `condition`.

    * `destinations`: for `unnecessary` the needed (allowed) destinations; for `storefront`,
      `shortener` and `social` the destinations reported.
    * `scope`: when given, the rule looks only at links to these.
    * `exclude`: links to these are never reported (`storefront`: an "our store ships with
      DHL: <tracking link>" sentence does not make the carrier's page a shop).
    * `context`: (`storefront`, `shortener`, `social`) regexes that also make a link count
      when one matches the words just before it ("more of our products at ...").
    * `placeholders`: (`storefront`) regexes over template placeholder names that render
      such a link (`[[product-link]]`).
    * `config_hosts`: `unnecessary`, `idn` and `lookalike` pass `config.allowed_link_hosts`;
      `storefront` reports `config.seller_domains` and passes the allowed hosts.
    * `words`: opt-out words (`optout`); `brands`: names a look-alike imitates (`lookalike`).
    """

    condition: Condition = "insecure"
    insecure_schemes: tuple[str, ...] = ("http", "ftp")
    destinations: tuple[DestinationSpec, ...] = ()
    scope: tuple[DestinationSpec, ...] = ()
    exclude: tuple[DestinationSpec, ...] = ()
    context: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    config_hosts: bool = False
    words: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _fits_condition(self) -> LinkOptions:
        c = self.condition
        if self.words and c != "optout":
            raise ValueError("`words` is for condition = 'optout'")
        if c == "optout" and not self.words:
            raise ValueError("condition 'optout' needs `words`")
        if self.brands and c != "lookalike":
            raise ValueError("`brands` is for condition = 'lookalike'")
        if self.destinations and c not in ("unnecessary", *_FLAG_LISTS):
            raise ValueError(f"`destinations` means nothing for condition {c!r}")
        if self.context and c not in _FLAG_LISTS:
            raise ValueError("`context` is for 'storefront', 'shortener' and 'social'")
        if self.placeholders and c != "storefront":
            raise ValueError("`placeholders` is for condition = 'storefront'")
        if self.config_hosts and c not in ("unnecessary", "storefront", "idn", "lookalike"):
            raise ValueError(
                "`config_hosts` is for 'unnecessary', 'storefront', 'idn', 'lookalike'"
            )
        return self


#: Distinct (host, path) verdicts a destination list remembers before it starts afresh.
_DEST_MEMO_SIZE = 4096


@dataclass(frozen=True, slots=True)
class _Dest:
    host: HostPattern
    path: Matcher | None


class _Dests:
    """Destinations indexed by name, so a host is looked up by its own labels and parent
    domains (a few dict probes) instead of tested against every entry of a long list."""

    def __init__(self, dests: list[_Dest]) -> None:
        self.dests = tuple(dests)
        # Verdicts by (host, path): the same hosts and paths come back message after
        # message (amazon.com, a shop's pages), and a verdict depends on nothing else.
        self._memo: dict[tuple[str, str], bool] = {}
        self.by_name: dict[str, list[_Dest]] = {}
        self.by_label: dict[str, list[_Dest]] = {}
        self.any_host = [d for d in dests if d.host.any_host]
        for d in dests:
            if not d.host.any_host:
                index = self.by_label if d.host.any_suffix else self.by_name
                index.setdefault(d.host.name, []).append(d)

    def __bool__(self) -> bool:
        return bool(self.dests)

    def tokens(self) -> frozenset[Keyword] | None:
        """Prefilter words, or None when a `*` destination means any text may match."""
        if self.any_host:
            return None
        return frozenset((True, d.host.token) for d in self.dests)

    def match(self, host: str, path: str, timeout: float) -> bool:
        if not self.dests:
            return False
        key = (host, path)
        known = self._memo.get(key)
        if known is None:
            if len(self._memo) >= _DEST_MEMO_SIZE:
                self._memo.clear()
            known = self._memo[key] = self._match(host, path, timeout)
        return known

    def _match(self, host: str, path: str, timeout: float) -> bool:
        labels = host.split(".")
        found: list[_Dest] = list(self.any_host)
        parent = ""
        for label in reversed(labels):
            parent = f"{label}.{parent}" if parent else label
            found.extend(self.by_name.get(parent, ()))
        if self.by_label:
            for label in labels:
                found.extend(self.by_label.get(label, ()))
        for d in found:
            if d.host.matches(host) and (
                d.path is None or d.path.search(path, timeout=timeout) is not None
            ):
                return True
        return False


def _compile_dests(specs: tuple[DestinationSpec, ...], ctx: CompileContext, key: str) -> _Dests:
    out = []
    for i, spec in enumerate(specs):
        host, path = (spec, None) if isinstance(spec, str) else (spec.host, spec.path)
        try:
            pattern = HostPattern.parse(host)
        except ValueError as exc:
            raise ctx.error(str(exc), key, i) from exc
        if pattern.any_host and not path:
            raise ctx.error("host `*` needs a `path` regex", key, i)
        rx = ctx.compile_matcher(path, regex.IGNORECASE, key, i, "path") if path else None
        out.append(_Dest(pattern, rx))
    return _Dests(out)


@lru_cache(maxsize=64)
def _config_patterns(hosts: tuple[str, ...]) -> tuple[HostPattern, ...]:
    out = []
    for h in hosts:
        try:
            out.append(HostPattern.parse(h))
        except ValueError:
            continue  # config validation is not this check's job; skip what cannot match
    return tuple(out)


# What a pattern cannot keep when joined with others: backreferences, named groups (a name
# used twice is an error), inline flags (global only at the start).
_SELF_REFERENCING = re.compile(r"\\[1-9]|\(\?P?[<=]\w|\(\?[aiLmsux]")
_SEPARATORS = re.compile(r"[-_+\s]+")
_MASK_RUN = re.compile(f"{MASK_CHAR}+")


def _canon(s: str) -> str:
    """Lower case, separators as spaces: `opt-out`, `opt_out`, `opt+out` read `opt out`."""
    return _SEPARATORS.sub(" ", s.lower())


def _clause_before(text: str, link: Link, prev_end: int) -> str:
    """The words just before a link: at most 80 characters, from the start of its sentence
    or line, never reaching back past the previous link."""
    window = text[max(prev_end, link.start - 80) : link.start]
    cut = _CLAUSE_END.match(window)
    return window[cut.end() :] if cut else window


class LinkCheck(Check):
    kind = "link"
    Options = LinkOptions
    options: LinkOptions
    provides = frozenset({"url", "scheme", "host", "detail"})

    def __init__(self, options: LinkOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        c = self.condition = options.condition
        self.insecure = frozenset(s.lower() for s in options.insecure_schemes)
        self.dests = _compile_dests(options.destinations, ctx, "destinations")
        self.scope = _compile_dests(options.scope, ctx, "scope")
        self.exclude = _compile_dests(options.exclude, ctx, "exclude")
        self.context = tuple(
            ctx.compile_matcher(p, regex.IGNORECASE, "context", i)
            for i, p in enumerate(options.context)
        )
        if len(self.context) > 1 and not any(_SELF_REFERENCING.search(p) for p in options.context):
            # One search per link instead of one per pattern: `regex`'s timeout alone costs
            # microseconds a call. Each was validated above, so the union is as safe.
            union = "|".join(f"(?:{p})" for p in options.context)
            self.context = (ctx.compile_matcher(union, regex.IGNORECASE, "context"),)
        self.placeholder_names = tuple(
            ctx.compile_matcher(p, regex.IGNORECASE, "placeholders", i)
            for i, p in enumerate(options.placeholders)
        )
        self.words = tuple(dict.fromkeys(_canon(w) for w in options.words if w.strip()))
        self.brands = frozenset(b.lower() for b in options.brands)
        self.brand_skeletons = {skeleton(b): b for b in self.brands}
        self._lookalikes: dict[str, str | None] = {}
        tokens = self.dests.tokens()
        groups: tuple[frozenset[Keyword], ...] = ()
        if c == "insecure":
            # Every scheme URL has `//`, also `HTTP ://`; a spaced one (`h t t p : / /`) `/ /`.
            groups = (frozenset({(False, "//"), (False, "/ /")}),)
        elif c == "optout":
            groups = (_word_keys(self.words),)
        elif (
            c in _FLAG_LISTS
            and tokens is not None
            and not (self.context or self.placeholder_names or options.config_hosts)
        ):
            groups = (tokens,)
        self.keyword_groups = groups

    @staticmethod
    def _hit(link: Link, host: str, detail: str = "") -> Hit:
        return Hit(
            link.start,
            link.end,
            {"url": link.url, "scheme": link.scheme, "host": host, "detail": detail},
        )

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        c = self.condition
        if self.placeholder_names and field.placeholders:
            yield from self._placeholder_links(field)
        links = links_of(field)
        if not links:
            return
        if c == "insecure":
            for link in links:
                if link.scheme in self.insecure:
                    yield self._hit(link, link_real_host(field, link))
            return
        config = doc.config
        allowed = _config_patterns(config.allowed_link_hosts) if self.options.config_hosts else ()
        if c == "idn":
            yield from self._idn(field, links, allowed)
            return
        if c == "lookalike":
            yield from self._lookalike(field, links, allowed)
            return
        sellers = (
            _config_patterns(config.seller_domains)
            if c == "storefront" and self.options.config_hosts
            else ()
        )
        timeout = self.timeout
        prev_end = 0
        for link in links:
            if link.masked or (link.attr in _IMAGE_ATTRS and c != "unnecessary"):
                prev_end = link.end
                continue
            real = link_real_host(field, link)
            if (self.scope and not self.scope.match(real, link.path, timeout)) or (
                self.exclude and self.exclude.match(real, link.path, timeout)
            ):
                prev_end = link.end
                continue
            if c == "unnecessary":
                if not (
                    self.dests.match(real, link.path, timeout)
                    or any(p.matches(real) for p in allowed)
                ):
                    yield self._hit(link, real)
            elif c == "optout":
                word = self._optout_word(field, link, prev_end)
                if word:
                    yield self._hit(link, real, word)
            elif (
                self.dests.match(link.host, link.path, timeout)
                or any(p.matches(link.host) for p in sellers)
                or self._in_context(field.text, link, prev_end)
            ) and not any(p.matches(real) for p in allowed):
                yield self._hit(link, real)
            prev_end = link.end

    # -- conditions that need more than a host -------------------------------------------

    def _in_context(self, text: str, link: Link, prev_end: int) -> bool:
        if not self.context:
            return False
        clause = _clause_before(text, link, prev_end)
        return any(rx.search(clause, timeout=self.timeout) for rx in self.context)

    def _placeholder_links(self, field: FieldView) -> Iterator[Hit]:
        """Placeholders whose name says they render such a link (`[[product-link]]`)."""
        by_start = {p.start: p for p in field.placeholders}
        for m in _MASK_RUN.finditer(field.text):
            a, b = field.norm.span(m.start(), m.end())
            p = by_start.get(a)
            if (
                p is not None
                and p.end == b
                and any(rx.search(p.name, timeout=self.timeout) for rx in self.placeholder_names)
            ):
                yield Hit(
                    m.start(),
                    m.end(),
                    {"url": p.name, "scheme": "", "host": "", "detail": "template placeholder"},
                )

    def _optout_word(self, field: FieldView, link: Link, prev_end: int) -> str:
        """The opt-out word in the link's path or query, its HTML anchor text, or the clause
        just before it ("To unsubscribe, click: URL")."""
        path = link.path
        if MASK_CHAR in path:  # `%E9%85%` reads as a `%name%` placeholder: use the original
            a, b = field.norm.span(link.end - len(path), link.end)
            path = field.original[a:b]
        places = [_canon(unquote(path))]
        text = field.text
        if link.attr == "href":
            m = _ANCHOR.match(text, link.end)
            if m:
                places.append(_canon(m.group("text")))
        places.append(_canon(_clause_before(text, link, prev_end)))
        for place in places:
            for w in self.words:
                if w in place:
                    return w
        return ""

    def _idn(
        self, field: FieldView, links: list[Link], allowed: tuple[HostPattern, ...]
    ) -> Iterator[Hit]:
        if field.original.isascii() and "xn--" not in field.lower:
            return
        for link in links:
            if link.masked:
                continue
            real = link_real_host(field, link)
            if any(p.matches(real) for p in allowed):
                continue
            if "xn--" in real:
                yield self._hit(link, real, f"punycode for {decode_idn(real)}")
            elif not real.isascii():
                yield self._hit(link, real, "non-ASCII letters in the host")

    def _lookalike(
        self, field: FieldView, links: list[Link], allowed: tuple[HostPattern, ...]
    ) -> Iterator[Hit]:
        for link in links:
            if link.masked:
                continue
            real = link_real_host(field, link)
            if any(p.matches(real) for p in allowed):
                continue
            shown = decode_idn(real) if "xn--" in real else real
            if shown in self._lookalikes:
                brand = self._lookalikes[shown]
            else:
                brand = lookalike_of(shown, self.brands, self.brand_skeletons)
                if len(self._lookalikes) > 4096:
                    self._lookalikes.clear()
                self._lookalikes[shown] = brand
            if brand is not None:
                yield self._hit(link, real, f"imitates {brand}")
                continue
            if not shown.isascii():
                for label in shown.split("."):
                    mixed = mixed_script(label)
                    if mixed:
                        yield self._hit(link, real, f"mixes {mixed} letters")
                        break


def _word_keys(words: tuple[str, ...]) -> frozenset[Keyword]:
    """Prefilter substrings for canonical opt-out words: the longest word of each phrase
    (every spelling, `opt-out`, `opt_out`, `opt%20out`, contains it), dropping those that
    contain another; plus `%`, since a percent-encoded word (`%E9%85%8D...` in a URL) is
    only readable after decoding, and may have been masked as a `%name%` placeholder."""
    keys = {max(w.split(" "), key=len) for w in words}
    keys = {k for k in keys if not any(o != k and o in k for o in keys)}
    return frozenset((False, k) for k in (*keys, "%"))
