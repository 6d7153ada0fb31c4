"""`context.opted-out` and `context.important-flag`: who may be reached despite an opt-out,
and who may claim to be critical.

Critical message types (needed to complete the order) are those the pack's message-type
table marks `critical` (confirmCustomizationDetails, confirmDeliveryDetails,
unexpectedProblem per FORUM-CRITICAL and MSG-MODEL). A message without a type is a free-form
or email message: it is not known to be critical.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from .base import CheckOptions, CompileContext, Document, MessageCheck, MessageHit
from .context_common import message_types

__all__ = ["ImportantFlagCheck", "OptedOutCheck"]


class OptedOutCheck(MessageCheck):
    """A proactive message of a non-critical type to a buyer who opted out: Amazon blocks
    it (no penalty, but it never arrives). Replies on the buyer's thread are exempt."""

    kind = "context.opted-out"
    Options = CheckOptions
    provides: ClassVar[frozenset[str]] = frozenset({"type"})

    def __init__(self, options: CheckOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self.types = message_types(ctx)

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        ctx = doc.context
        if not ctx.opted_out or doc.message.kind != "proactive":
            return
        if self.types.is_critical(ctx.message_type):
            return
        name = self.types.resolve(ctx.message_type) or ctx.message_type
        yield MessageHit("body", 0, 0, {"type": name or "a free-form message"})


class ImportantFlagOptions(CheckOptions):
    """`flags`: the subject markers (matched case-insensitively, brackets included).
    `when`: `non-critical` fires for a message whose type is known and not critical;
    `unknown-type` fires when the message has no type to judge by."""

    flags: tuple[str, ...] = Field(default=("[Important]", "[重要]"), min_length=1)
    when: Literal["non-critical", "unknown-type"] = "non-critical"


class ImportantFlagCheck(MessageCheck):
    kind = "context.important-flag"
    Options = ImportantFlagOptions
    options: ImportantFlagOptions
    provides: ClassVar[frozenset[str]] = frozenset({"flag", "type"})

    def __init__(self, options: ImportantFlagOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self.types = message_types(ctx)
        self.rx = re.compile("|".join(re.escape(f) for f in options.flags), re.IGNORECASE)

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        subject = doc.field("subject")
        if subject is None:
            return
        m = self.rx.search(subject.text)
        if m is None:
            return
        given = doc.context.message_type
        if self.options.when == "unknown-type":
            if given is not None:
                return
            name = "a message without a type"
        else:
            if given is None or self.types.is_critical(given):
                return
            name = self.types.resolve(given) or given
        a, b = subject.norm.span(*m.span())
        yield MessageHit("subject", a, b, {"flag": subject.original[a:b], "type": name})
