"""What every output format shares: the per-file result and the redaction of contact data."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Report, Violation
from ..redact import is_sensitive, redact


@dataclass(frozen=True)
class FileResult:
    """One linted input: its display path and its report, or why it could not be linted."""

    path: str
    report: Report | None = None
    error: str | None = None


def shown_match(v: Violation) -> str:
    return redact(v.match) if is_sensitive(v.category) else v.match
