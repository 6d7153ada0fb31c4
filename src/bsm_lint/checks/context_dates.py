"""`context.window` and `context.review-window`: the time windows of proactive messages and
review requests, judged against the injected clock `Context.now`.

Without `now` these checks do not fire (they cannot know when the message goes out); the
pre-send guard injects the clock. Without the dates they need they do not fire either.

Durations are elapsed time between two instants: "30 days" is 30 x 24 hours, whatever time
zone the dates are written in and whatever DST change lies between them, so the same
instants get the same verdict in Berlin, Los Angeles or UTC. (Amazon does not say which
calendar it counts in; elapsed time is the one reading that does not depend on it.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import ClassVar

from pydantic import Field

from ..model import Context
from .base import CheckOptions, CompileContext, Document, MessageCheck, MessageHit
from .context_common import ReviewRequests, fmt_span, fmt_time, message_types

__all__ = ["ReviewWindowCheck", "WindowCheck", "window_anchor"]

# What each anchor counts from, with the stricter fallbacks when a date is missing (§7.1 of
# the fact base: "order completion" is undefined; delivery by default, ship date stricter).
_CHAINS: dict[str, tuple[tuple[str, str], ...]] = {
    "delivery": (
        ("latest delivery date", "latest_delivery"),
        ("earliest delivery date", "earliest_delivery"),
        ("ship date", "ship_date"),
        ("order date", "order_date"),
    ),
    "ship": (("ship date", "ship_date"), ("order date", "order_date")),
    "order": (("order date", "order_date"),),
}


_ZERO = dt.timedelta(0)


def _utc(t: dt.datetime) -> dt.datetime:
    """Python adds and compares two datetimes of the same zone by their wall clocks (31 days
    across a DST change would be 30 x 24 h +- 1 h); in UTC it is elapsed time."""
    return t.astimezone(dt.UTC)


def window_anchor(ctx: Context) -> tuple[str, dt.datetime] | None:
    """(what it is, when) the 30-day window counts from, or None without any date."""
    for label, attr in _CHAINS[ctx.window_anchor]:
        value: dt.datetime | None = getattr(ctx, attr)
        if value is not None:
            return label, value
    return None


class WindowOptions(CheckOptions):
    days: int = Field(default=30, ge=1)


class WindowCheck(MessageCheck):
    """A proactive message more than `days` after the anchor. Replies are exempt."""

    kind = "context.window"
    Options = WindowOptions
    options: WindowOptions
    provides: ClassVar[frozenset[str]] = frozenset(
        {"late", "days", "anchor", "anchor_date", "deadline", "now"}
    )

    def __init__(self, options: WindowOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self.window = dt.timedelta(days=options.days)

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        ctx = doc.context
        if ctx.now is None or doc.message.kind != "proactive":
            return
        anchor = window_anchor(ctx)
        if anchor is None:
            return
        label, start = anchor
        deadline = _utc(start) + self.window
        late = _utc(ctx.now) - deadline
        if late <= _ZERO:
            return
        yield MessageHit(
            "body",
            0,
            0,
            {
                "late": fmt_span(late),
                "days": str(self.options.days),
                "anchor": label,
                "anchor_date": fmt_time(start),
                "deadline": fmt_time(deadline.astimezone(start.tzinfo)),
                "now": fmt_time(ctx.now),
            },
        )


class ReviewWindowOptions(CheckOptions):
    opens_after_days: int = Field(default=5, ge=0)
    closes_after_days: int = Field(default=30, ge=1)


class ReviewWindowCheck(MessageCheck):
    """A review request before `earliest delivery + 5 days` or after `latest delivery + 30
    days` (inclusive bounds). A missing delivery date is taken from the other one."""

    kind = "context.review-window"
    Options = ReviewWindowOptions
    options: ReviewWindowOptions
    provides: ClassVar[frozenset[str]] = frozenset({"why", "when", "now"})

    def __init__(self, options: ReviewWindowOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        self.reviews = ReviewRequests(ctx, message_types(ctx))
        self.opens = dt.timedelta(days=options.opens_after_days)
        self.closes = dt.timedelta(days=options.closes_after_days)

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        ctx = doc.context
        earliest = ctx.earliest_delivery or ctx.latest_delivery
        latest = ctx.latest_delivery or ctx.earliest_delivery
        if ctx.now is None or earliest is None or latest is None:
            return
        opens, closes = _utc(earliest) + self.opens, _utc(latest) + self.closes
        now = _utc(ctx.now)
        if now < opens:
            when = (
                f"before the review window opens at {fmt_time(opens.astimezone(earliest.tzinfo))}"
                f" ({self.options.opens_after_days} days after the earliest delivery date)"
            )
        elif now > closes:
            when = (
                f"after the review window closed at {fmt_time(closes.astimezone(latest.tzinfo))}"
                f" ({self.options.closes_after_days} days after the latest delivery date)"
            )
        else:
            return
        hit = self.reviews.find(doc)
        if hit is None:
            return
        data = {**(hit.data or {}), "when": when, "now": fmt_time(ctx.now)}
        yield MessageHit(hit.field, hit.start, hit.end, data)
