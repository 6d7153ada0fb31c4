"""`attachment.type`, `attachment.mismatch`, `attachment.size`, `attachment.content`: files
judged by their bytes (see the `attachments` package), never by their names.

Each finding points at its attachment (`attachment:N`, an empty span). An executable is
reported once, by `attachment.content`, not again as a wrong type or a wrong extension.
Links and contact details inside documents are not found here: the engine hands the text of
PDF, DOCX and TXT attachments to the text rules as fields `attachment:N`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from ..attachments import EXECUTABLE_TYPES, TYPE_LABELS, FindingCode, analyse
from .base import CheckOptions, CompileContext, Document, MessageCheck, MessageHit

__all__ = [
    "AttachmentContentCheck",
    "AttachmentMismatchCheck",
    "AttachmentSizeCheck",
    "AttachmentTypeCheck",
]

_UNJUDGED = frozenset({"unknown", "empty"}) | EXECUTABLE_TYPES


class AttachmentTypeCheck(MessageCheck):
    """Content whose real type is not in `config.allowed_attachment_types`."""

    kind = "attachment.type"
    Options = CheckOptions
    provides: ClassVar[frozenset[str]] = frozenset({"file_name", "content", "mime", "allowed"})

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        if not doc.message.attachments:
            return
        allowed = doc.config.allowed_attachment_types
        for info in analyse(doc.message):
            t = info.content.type
            if t in allowed or t in EXECUTABLE_TYPES:
                continue
            yield MessageHit(
                info.field,
                0,
                0,
                {
                    "file_name": info.file_name,
                    "content": info.content.label,
                    "mime": info.content.mime,
                    "allowed": ", ".join(TYPE_LABELS.get(a, a) for a in allowed),
                },
            )


class MismatchOptions(CheckOptions):
    condition: Literal["mismatch", "missing"] = "mismatch"


class AttachmentMismatchCheck(MessageCheck):
    """`mismatch`: the extension names another type than the content has. `missing`: the
    file name has no extension (the API's `fileName` must include one)."""

    kind = "attachment.mismatch"
    Options = MismatchOptions
    options: MismatchOptions
    provides: ClassVar[frozenset[str]] = frozenset({"file_name", "extension", "claimed", "content"})

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        if not doc.message.attachments:
            return
        missing = self.options.condition == "missing"
        for info in analyse(doc.message):
            if missing:
                if not info.extension:
                    yield MessageHit(
                        info.field,
                        0,
                        0,
                        {"file_name": info.file_name, "content": info.content.label},
                    )
                continue
            claimed, actual = info.claimed, info.content.type
            if claimed is None or actual in _UNJUDGED or claimed == actual:
                continue
            yield MessageHit(
                info.field,
                0,
                0,
                {
                    "file_name": info.file_name,
                    "extension": "." + info.extension,
                    "claimed": TYPE_LABELS.get(claimed, f".{info.extension} file"),
                    "content": info.content.label,
                },
            )


class AttachmentSizeCheck(MessageCheck):
    """All attachments of a message together at or above `config.attachment_max_bytes`
    (Amazon: "less than 10 MB" in total). Sizes come from the bytes given or the file's
    metadata, so a 2 GB file is measured, not read."""

    kind = "attachment.size"
    Options = CheckOptions
    provides: ClassVar[frozenset[str]] = frozenset({"total", "limit", "count", "largest"})

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        if not doc.message.attachments:
            return
        infos = analyse(doc.message)
        total = sum(i.size for i in infos)
        limit = doc.config.attachment_max_bytes
        if total < limit:
            return
        largest = max(infos, key=lambda i: i.size)
        yield MessageHit(
            largest.field,
            0,
            0,
            {
                "total": f"{total:,}",
                "limit": f"{limit:,}",
                "count": str(len(infos)),
                "largest": f"{largest.file_name} ({largest.size:,} bytes)",
            },
        )


class ContentOptions(CheckOptions):
    findings: tuple[FindingCode, ...] = Field(min_length=1)


class AttachmentContentCheck(MessageCheck):
    """Active or dangerous content: macros, ActiveX, PDF JavaScript and launch actions,
    embedded files, executables (disguised or inside an archive), decompression bombs."""

    kind = "attachment.content"
    Options = ContentOptions
    options: ContentOptions
    provides: ClassVar[frozenset[str]] = frozenset({"file_name", "detail", "content"})

    def __init__(self, options: ContentOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self.codes = frozenset(options.findings)

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        if not doc.message.attachments:
            return
        for info in analyse(doc.message):
            details = [f.detail for f in info.findings if f.code in self.codes]
            if details:
                yield MessageHit(
                    info.field,
                    0,
                    0,
                    {
                        "file_name": info.file_name,
                        "detail": "; ".join(dict.fromkeys(details)),
                        "content": info.content.label,
                    },
                )
