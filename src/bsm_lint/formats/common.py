"""What every output format shares: the per-file result and the redaction of contact data."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Report, Violation

#: Categories whose matched text is personal or contact data: never echoed in full.
SENSITIVE_CATEGORIES = frozenset(
    {"contact-email", "contact-phone", "contact-address", "contact-social", "personal-data"}
)
_ALNUM_RUN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class FileResult:
    """One linted input: its display path and its report, or why it could not be linted."""

    path: str
    report: Report | None = None
    error: str | None = None


def redact(text: str) -> str:
    """Keep the first character of each word and the punctuation: `jane@shop.com` gives
    `j***@s***.c**`. Enough to find it in the file, not enough to reuse it."""
    return _ALNUM_RUN.sub(lambda m: m.group()[0] + "*" * (len(m.group()) - 1), text)


def shown_match(v: Violation) -> str:
    return redact(v.match) if v.category in SENSITIVE_CATEGORIES else v.match
