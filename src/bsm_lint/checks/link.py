"""`link`: URLs in text and HTML, judged by a policy condition (`insecure` for now).

Finds scheme URLs (`http://`, `https://`, `ftp://`) and `www.` hosts; `href`/`src` values
are found the same way, since a quote ends a URL. Trailing punctuation that belongs to the
sentence is trimmed, keeping a closing bracket that has its opening one inside the URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from ..templates import MASK_CHAR
from .base import Check, CheckOptions, CompileContext, Document, FieldView, Hit

_URL = re.compile(
    rf"(?<![A-Za-z0-9@])(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]{{1,9}})://|(?=www\.))"
    rf"(?P<rest>[^\s<>\"'`{MASK_CHAR}]+)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\")]}>*"
_PAIRS = {")": "(", "]": "[", "}": "{"}


def trim_url(url: str) -> str:
    """Drop sentence punctuation stuck to the end of a URL, keeping balanced brackets."""
    while url and url[-1] in _TRAILING:
        last = url[-1]
        opener = _PAIRS.get(last)
        if opener is not None and url.count(opener) >= url.count(last):
            break
        url = url[:-1]
    return url


def find_links(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, scheme, host) of each link; scheme is '' for `www.` links."""
    for m in _URL.finditer(text):
        scheme = (m.group("scheme") or "").lower()
        if scheme and scheme not in ("http", "https", "ftp", "ftps"):
            continue
        start = m.start()
        url = trim_url(m.group(0))
        rest = url[len(scheme) + 3 :] if scheme else url
        host = re.split(r"[/?#:]", rest, maxsplit=1)[0].split("@")[-1].lower()
        if not host or "." not in host:
            continue
        yield start, start + len(url), scheme, host


class LinkOptions(CheckOptions):
    condition: Literal["insecure"] = "insecure"
    insecure_schemes: tuple[str, ...] = ("http", "ftp")


class LinkCheck(Check):
    kind = "link"
    Options = LinkOptions
    options: LinkOptions
    provides = frozenset({"url", "scheme", "host"})

    def __init__(self, options: LinkOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self.insecure = frozenset(s.lower() for s in options.insecure_schemes)
        self.keyword_groups = (frozenset((False, f"{s}:") for s in self.insecure),)

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        text = field.text
        for start, end, scheme, host in find_links(text):
            if scheme in self.insecure:
                yield Hit(start, end, {"url": text[start:end], "scheme": scheme, "host": host})
