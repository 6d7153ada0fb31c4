"""Reading message files: plain text, Markdown, HTML, and templates with TOML front matter.

A template can say what the message is, between `+++` lines at the top:

    +++
    subject = "Your engraving text"
    kind = "proactive"
    message_type = "confirmCustomizationDetails"
    language = "en"
    marketplace = "US"
    attachments = ["proof.pdf"]     # paths relative to the template
    [context]
    latest_delivery = 2026-11-30T18:00:00Z
    +++
    Hello {{buyer_name}}, ...

Findings point at the file: the body's line numbers are shifted past the front matter, and
a subject finding points into the `subject = "..."` line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import InputError
from .model import Attachment, Context, Message, MessageFormat, MessageKind, Violation
from .packs.locate import TomlLocator
from .text import LineIndex

FRONT_MATTER_FENCE = "+++"
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
FORMAT_BY_SUFFIX: dict[str, MessageFormat] = {".html": "html", ".htm": "html"}


class FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject: str | None = None
    kind: MessageKind | None = None
    format: MessageFormat | None = None
    language: str | None = None
    message_type: str | None = None
    marketplace: str | None = None
    buyer_locale: str | None = None
    attachments: list[str] = []
    context: dict[str, Any] = {}


@dataclass(frozen=True)
class FileMessage:
    """A message read from a file, and how to point back into that file."""

    message: Message
    context: Context | None
    body_line_offset: int = 0  # lines of front matter before a plain body
    #: For fields written inside another syntax (a TOML or JSON string, escapes and all):
    #: the file offset of each character of the field and of its end.
    offsets: dict[str, Sequence[int]] | None = None
    file_lines: LineIndex | None = None

    def to_file_position(self, v: Violation) -> Violation:
        """The violation with line and column in the file rather than in its field."""
        mapped = (self.offsets or {}).get(v.field)
        if mapped is not None and self.file_lines is not None:
            line, col = self.file_lines.line_col(mapped[v.start])
            end = mapped[v.end - 1] + 1 if v.end > v.start else mapped[v.end]
            end_line, end_col = self.file_lines.line_col(end)
            return v.model_copy(
                update={"line": line, "column": col, "end_line": end_line, "end_column": end_col}
            )
        if v.field == "body" and self.body_line_offset:
            return v.model_copy(
                update={
                    "line": v.line + self.body_line_offset,
                    "end_line": v.end_line + self.body_line_offset,
                }
            )
        return v


def quoted_string_offsets(raw: str, quote: int) -> list[int]:
    """File offset of each character of the TOML basic or JSON string whose opening `"` is
    at `quote`, plus that of the closing quote. Escapes make the two texts differ: `\\"`
    is one character, `\\u00e9` is one, a `\\uD83D\\uDE00` pair is one."""
    out: list[int] = []
    i = quote + 1
    n = len(raw)
    while i < n and raw[i] != '"':
        out.append(i)
        if raw[i] != "\\":
            i += 1
        elif raw[i + 1 : i + 2] == "u":
            hex4 = raw[i + 2 : i + 6]
            code = int(hex4, 16) if _HEX4.fullmatch(hex4) else 0
            pair = 0xD800 <= code < 0xDC00 and raw[i + 6 : i + 8] == "\\u"
            i += 12 if pair else 6
        elif raw[i + 1 : i + 2] == "U":
            i += 10
        else:
            i += 2
    out.append(i)
    return out


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is dropped); anything else names the file and the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{name}: not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line})"
        ) from exc
    return text[1:] if text.startswith("\ufeff") else text


def read_message_file(
    path: Path, text: str, *, kind: MessageKind = "proactive", base_context: Context | None = None
) -> FileMessage:
    """Build the message a template file describes."""
    fmt: MessageFormat = FORMAT_BY_SUFFIX.get(path.suffix.lower(), "text")
    if not text.startswith(FRONT_MATTER_FENCE + "\n") and not text.startswith(
        FRONT_MATTER_FENCE + "\r\n"
    ):
        return FileMessage(Message(body=text, format=fmt, kind=kind), base_context)
    lines = text.splitlines(keepends=True)
    close = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == FRONT_MATTER_FENCE), None
    )
    if close is None:
        raise InputError(f"{path}:1: front matter opened with +++ is never closed")
    source = "".join(lines[1:close])
    body = "".join(lines[close + 1 :])
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: front matter: invalid TOML: {_shift_line(str(exc), 1)}") from exc
    locator = TomlLocator(source)
    try:
        fm = FrontMatter.model_validate(data)
        ctx_fields = {
            **(base_context.model_dump(exclude_unset=True) if base_context else {}),
            **fm.context,
        }
        for key in ("message_type", "marketplace", "buyer_locale"):
            if getattr(fm, key) is not None:
                ctx_fields[key] = getattr(fm, key)
        context = Context.model_validate(ctx_fields) if ctx_fields else None
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]]
        line = locator.line_of(tuple(loc)) if loc else None
        problem = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        where = f"{path}:{line + 1}" if line else str(path)
        raise InputError(f"{where}: {'.'.join(loc) or 'front matter'}: {problem}") from exc
    attachments = tuple(
        Attachment(file_name=Path(a).name, path=(path.parent / a)) for a in fm.attachments
    )
    for a in attachments:
        assert a.path is not None
        if not a.path.is_file():
            raise InputError(f"{path}: attachment {a.path} not found")
    message = Message(
        subject=fm.subject,
        body=body,
        kind=fm.kind or kind,
        format=fm.format or fmt,
        language=fm.language,
        attachments=attachments,
    )
    offsets = _subject_offsets(lines, locator, fm.subject)
    return FileMessage(
        message,
        context,
        body_line_offset=close + 1,
        offsets={"subject": offsets} if offsets else None,
        file_lines=LineIndex(text) if offsets else None,
    )


def _subject_offsets(
    lines: list[str], locator: TomlLocator, subject: str | None
) -> list[int] | None:
    """File offsets of the subject's characters, when it is a one-line string."""
    if subject is None:
        return None
    line = locator.line_of(("subject",))
    if line is None:
        return None
    line_start = sum(len(x) for x in lines[:line])  # the opening fence is the first line
    raw = lines[line]
    eq = raw.find("=")
    quotes = [i for i in (raw.find('"', eq + 1), raw.find("'", eq + 1)) if i >= 0]
    if eq < 0 or not quotes:
        return None
    quote = min(quotes)
    if raw[quote : quote + 3] in ('"""', "'''"):
        return None
    if raw[quote] == "'":  # a literal string has no escapes
        found = [line_start + quote + 1 + k for k in range(len(subject) + 1)]
    else:
        found = [line_start + k for k in quoted_string_offsets(raw, quote)]
    return found if len(found) == len(subject) + 1 else None


def _shift_line(message: str, by: int) -> str:
    if "(at line " not in message:
        return message
    head, rest = message.rsplit("(at line ", 1)
    num, tail = rest.split(",", 1) if "," in rest else (rest.rstrip(")"), ")")
    return f"{head}(at line {int(num) + by},{tail}" if num.isdigit() else message
