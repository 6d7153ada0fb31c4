"""What every output format shares: the per-file result, the run's facts, and redaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Report, Violation
from ..packs.schema import RuleSpec
from ..redact import is_sensitive, redact


@dataclass(frozen=True)
class FileResult:
    """One linted input: its display path, its report (lines and columns already in file
    terms), the file's text for excerpts, or why it could not be linted."""

    path: str
    report: Report | None = None
    error: str | None = None
    source: str | None = None
    #: Where the body starts in `source` (lines of front matter before it).
    body_line_offset: int = 0


@dataclass(frozen=True)
class RunInfo:
    """What every renderer may need besides the results."""

    tool_version: str
    rules: Sequence[RuleSpec] = ()
    statistics: bool = False
    sources: dict[str, str] = field(default_factory=dict)  # policy source key -> URL


def shown_match(v: Violation) -> str:
    """The matched text as machine formats may show it: redacted for contact data."""
    return redact(v.match) if is_sensitive(v.category) else v.match


def excerpt_line(result: FileResult, v: Violation) -> str | None:
    """The source line a violation starts on (redacted where it holds contact data)."""
    if result.source is None or v.field not in ("body", "subject"):
        return None
    lines = result.source.splitlines()
    if not 1 <= v.line <= len(lines):
        return None
    text = lines[v.line - 1]
    if is_sensitive(v.category):
        start = v.column - 1
        end = v.end_column - 1 if v.end_line == v.line else len(text)
        text = text[:start] + redact(text[start:end]) + text[end:]
    return text


def pluralize(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
