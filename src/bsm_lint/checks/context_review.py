"""`context.review-repeat`: a second review or feedback request for the same order.

Amazon allows one request per order, counting the Solicitations API, Request a Review and
free-form messages together (SOL-MODEL: "Send only one productReviewAndSellerFeedback or
free form proactive message per order"). A prior message counts when the caller marked it
`review_request` or its type is a solicitation; this message counts when its type is a
solicitation or its subject or body asks for a review (the pack's `review_request` phrases).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from .base import CheckOptions, CompileContext, Document, MessageCheck, MessageHit
from .context_common import ReviewRequests, fmt_time, message_types

__all__ = ["ReviewRepeatCheck"]


class ReviewRepeatCheck(MessageCheck):
    kind = "context.review-repeat"
    Options = CheckOptions
    provides: ClassVar[frozenset[str]] = frozenset({"why", "prior"})

    def __init__(self, options: CheckOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self.types = message_types(ctx)
        self.reviews = ReviewRequests(ctx, self.types)

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        priors = doc.context.prior_messages
        if not priors:
            return
        prior = next(
            (p for p in priors if p.review_request or self.types.is_review(p.message_type)),
            None,
        )
        if prior is None:
            return
        hit = self.reviews.find(doc)
        if hit is None:
            return
        kind = self.types.resolve(prior.message_type) or prior.message_type
        sent = fmt_time(prior.sent_at) + (f" as {kind}" if kind else "")
        yield MessageHit(hit.field, hit.start, hit.end, {**(hit.data or {}), "prior": sent})
