"""Contact and personal data found in a message is never echoed in full where it can leak:
rule messages, logs, machine-readable output. `Violation.match` keeps the exact text for
callers that need it (to fix or highlight it); everything meant for eyes and logs is redacted."""

from __future__ import annotations

import re

#: Categories whose matched text is personal or contact data.
SENSITIVE_CATEGORIES = frozenset(
    {"contact-email", "contact-phone", "contact-address", "contact-social", "personal-data"}
)
_ALNUM_RUN = re.compile(r"[^\W_]+")


def redact(text: str) -> str:
    """Keep the first character of each word and the punctuation: `jane@shop.com` gives
    `j***@s***.c**`. Enough to find it in the file, not enough to reuse it."""
    return _ALNUM_RUN.sub(lambda m: m.group()[0] + "*" * (len(m.group()) - 1), text)


def is_sensitive(category: str) -> bool:
    return category in SENSITIVE_CATEGORIES
