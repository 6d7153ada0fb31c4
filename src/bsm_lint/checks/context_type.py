"""`context.message-type`, `context.text-length`, `attachment.count`: the SP-API contract of
each message type, read from the pack's `message_types` table (never from code).

All three skip a message without a type (free-form or email): there is no contract to
hold it to, except the general cap of `default_max` attachments per message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from .base import CheckOptions, CompileContext, Document, MessageCheck, MessageHit
from .context_common import message_types

__all__ = ["AttachmentCountCheck", "MessageTypeCheck", "TextLengthCheck"]


class MessageTypeOptions(CheckOptions):
    condition: Literal[
        "unknown", "removed", "text-not-allowed", "attachments-not-allowed", "attachments-required"
    ]


class MessageTypeCheck(MessageCheck):
    """An unknown or removed type; text or attachments the type does not take; required
    attachments missing."""

    kind = "context.message-type"
    Options = MessageTypeOptions
    options: MessageTypeOptions
    provides: ClassVar[frozenset[str]] = frozenset(
        {"type", "known", "removed_on", "removed_commit", "file_name", "min"}
    )

    def __init__(self, options: MessageTypeOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self.types = message_types(ctx)
        self.known = ", ".join(sorted(self.types.active()))

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        given = doc.context.message_type
        if given is None:
            return
        c = self.options.condition
        spec = self.types.get(given)
        if spec is None:
            if c == "unknown":
                yield MessageHit("body", 0, 0, {"type": given, "known": self.known})
            return
        kind = self.types.resolve(given) or given
        if c == "removed" and spec.status == "removed":
            yield MessageHit(
                "body",
                0,
                0,
                {
                    "type": kind,
                    "removed_on": str(spec.removed_on),
                    "removed_commit": spec.removed_commit or "",
                },
            )
        elif c == "text-not-allowed" and not spec.text and doc.message.body.strip():
            yield MessageHit("body", 0, 0, {"type": kind})
        elif c == "attachments-not-allowed" and spec.attachments == "none":
            for i, a in enumerate(doc.message.attachments):
                yield MessageHit(f"attachment:{i}", 0, 0, {"type": kind, "file_name": a.file_name})
        elif c == "attachments-required" and len(doc.message.attachments) < spec.attachments_min:
            yield MessageHit("body", 0, 0, {"type": kind, "min": str(spec.attachments_min)})


class TextLengthOptions(CheckOptions):
    condition: Literal["too-long", "empty"] = "too-long"


class TextLengthCheck(MessageCheck):
    """The body against the type's text length, counted in code points as JSON Schema does;
    the UTF-16 length is reported too, since Amazon's backend may count that way."""

    kind = "context.text-length"
    Options = TextLengthOptions
    options: TextLengthOptions
    provides: ClassVar[frozenset[str]] = frozenset({"type", "length", "utf16", "max", "over"})

    def __init__(self, options: TextLengthOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self.types = message_types(ctx)

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        spec = self.types.get(doc.context.message_type)
        if spec is None or not spec.text or spec.text_max is None:
            return
        kind = self.types.resolve(doc.context.message_type) or ""
        body = doc.message.body
        if self.options.condition == "empty":
            if not body.strip():
                yield MessageHit("body", 0, 0, {"type": kind, "max": str(spec.text_max)})
            return
        n = len(body)
        if n <= spec.text_max:
            return
        utf16 = len(body.encode("utf-16-le")) // 2
        data = {
            "type": kind,
            "length": f"{n:,}",
            "utf16": f"{utf16:,}",
            "max": f"{spec.text_max:,}",
            "over": f"{n - spec.text_max:,}",
        }
        yield MessageHit("body", spec.text_max, n, data)


class AttachmentCountOptions(CheckOptions):
    #: The cap for a message without a type (free-form), or of a type the table lacks.
    default_max: int = Field(default=5, ge=0)


class AttachmentCountCheck(MessageCheck):
    """More attachments than the type allows. Types that take none are left to the
    message-type rule, so one mistake is reported once."""

    kind = "attachment.count"
    Options = AttachmentCountOptions
    options: AttachmentCountOptions
    provides: ClassVar[frozenset[str]] = frozenset({"count", "max", "type"})

    def __init__(self, options: AttachmentCountOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self.types = message_types(ctx)

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        n = len(doc.message.attachments)
        if n == 0:
            return
        spec = self.types.get(doc.context.message_type)
        if spec is not None and spec.attachments == "none":
            return
        cap = spec.attachments_max if spec is not None else self.options.default_max
        if n <= cap:
            return
        kind = self.types.resolve(doc.context.message_type) or "a message"
        yield MessageHit(
            f"attachment:{cap}", 0, 0, {"count": str(n), "max": str(cap), "type": kind}
        )
