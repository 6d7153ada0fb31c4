"""Attachments judged by their bytes: what they are, what they hold, and their text.

`analyse(message)` inspects every attachment of a message once (per thread, the last message
is remembered), so the engine's text fields (`attachment:N`) and the attachment rules share
one bounded read of each file. Nothing here reads a file whole: see `source.Limits`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ..model import Attachment, Message
from .extract import Extracted, Finding, FindingCode, extract
from .sniff import EXECUTABLE_TYPES, TYPE_LABELS, Sniffed, extension_type, libmagic_available
from .source import DEFAULT_LIMITS, Limits, Source

__all__ = [
    "DEFAULT_LIMITS",
    "EXECUTABLE_TYPES",
    "TYPE_LABELS",
    "AttachmentInfo",
    "Finding",
    "FindingCode",
    "Limits",
    "Sniffed",
    "analyse",
    "attachment_texts",
    "inspect_attachment",
    "libmagic_available",
]


@dataclass(frozen=True)
class AttachmentInfo:
    """One attachment as the rules see it."""

    index: int
    file_name: str
    #: The extension as written (lower case, no dot), "" when the name has none.
    extension: str
    #: The type the extension claims (`jpg` -> `jpeg`), None without an extension.
    claimed: str | None
    size: int
    content: Sniffed
    findings: tuple[Finding, ...]
    #: Text for the text rules, "" when the type has none or none could be read.
    text: str
    notes: tuple[str, ...]

    @property
    def field(self) -> str:
        return f"attachment:{self.index}"


def inspect_attachment(
    attachment: Attachment, index: int = 0, limits: Limits = DEFAULT_LIMITS
) -> AttachmentInfo:
    """Sniff, scan and extract one attachment within `limits`."""
    from .sniff import sniff

    ext, claimed = extension_type(attachment.file_name)
    with Source(attachment) as src:
        content, listing = sniff(src, limits)
        found: Extracted = extract(content.type, src, limits, listing)
        size = max(src.size, attachment.size or 0)
    findings = list(found.findings)
    if content.type in EXECUTABLE_TYPES:
        findings.insert(0, Finding("executable", content.label))
    return AttachmentInfo(
        index=index,
        file_name=attachment.file_name,
        extension=ext,
        claimed=claimed,
        size=size,
        content=content,
        findings=tuple(findings),
        text=found.text,
        notes=tuple(found.notes),
    )


_slot = threading.local()


def analyse(message: Message, limits: Limits = DEFAULT_LIMITS) -> tuple[AttachmentInfo, ...]:
    """Every attachment of `message`, inspected once: the engine asks first (for the text
    fields), the rules ask again and get the same objects."""
    if not message.attachments:
        return ()
    cached = getattr(_slot, "value", None)
    if cached is not None and cached[0] is message and cached[1] is limits:
        infos: tuple[AttachmentInfo, ...] = cached[2]
        return infos
    infos = tuple(inspect_attachment(a, i, limits) for i, a in enumerate(message.attachments))
    _slot.value = (message, limits, infos)
    return infos


def attachment_texts(message: Message) -> list[tuple[str, str]]:
    """(field name, text) for each attachment with text, for the engine's text rules."""
    return [(info.field, info.text) for info in analyse(message) if info.text.strip()]
