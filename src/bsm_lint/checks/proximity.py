"""`proximity`: term A within N words of term B in one sentence, unless negated.

"leave a 5-star review" and "a review with five stars would mean the world" are the same
request: a review word near a rating cue. Matching the pair inside one sentence, rather
than fixed phrases, catches the rewordings; the negation window lets "we offer nothing in
exchange for your review" through.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from .base import WORD_UNIT, Check, CheckOptions, CompileContext, Document, FieldView, Hit, Matcher
from .pattern import LanguageRegexes


class ProximityOptions(CheckOptions):
    a: tuple[str, ...] = Field(min_length=1)
    b: tuple[str, ...] = Field(min_length=1)
    max_words: int = Field(default=8, ge=0, le=60)
    order: Literal["any", "a-first", "b-first"] = "any"
    negations: tuple[str, ...] = ()
    negation_window: int = Field(default=5, ge=0, le=20)
    case_sensitive: bool = False


class ProximityCheck(Check):
    kind = "proximity"
    Options = ProximityOptions
    options: ProximityOptions
    provides = frozenset({"a", "b"})

    def __init__(self, options: ProximityOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        flags = 0 if options.case_sensitive else regex.IGNORECASE
        self.a = LanguageRegexes(ctx, options.a, (), flags, "a")
        self.b = LanguageRegexes(ctx, options.b, (), flags, "b")
        self.neg = (
            LanguageRegexes(ctx, options.negations, (), flags, "negations")
            if options.negations
            else None
        )
        self.keyword_groups = (self.a.anchors(), self.b.anchors())

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        a_rx, b_rx = self.a.get(doc.language), self.b.get(doc.language)
        if a_rx is None or b_rx is None:
            return
        text = field.text
        a_hits = [m.span() for m in a_rx.finditer(text, timeout=self.timeout)]
        if not a_hits:
            return
        b_hits = [m.span() for m in b_rx.finditer(text, timeout=self.timeout)]
        if not b_hits:
            return
        neg_rx = self.neg.get(doc.language) if self.neg else None
        starts = field.sentence_starts
        order = self.options.order
        for a in a_hits:
            sent = bisect_right(starts, a[0])
            best: tuple[int, tuple[int, int]] | None = None
            for b in b_hits:
                if bisect_right(starts, b[0]) != sent or _overlap(a, b):
                    continue
                if (order == "a-first" and b[0] < a[1]) or (order == "b-first" and a[0] < b[1]):
                    continue
                first, second = (a, b) if a[0] <= b[0] else (b, a)
                gap = len(WORD_UNIT.findall(text, first[1], second[0]))
                if gap <= self.options.max_words and (best is None or gap < best[0]):
                    best = (gap, b)
            if best is None:
                continue
            b = best[1]
            first, second = (a, b) if a[0] <= b[0] else (b, a)
            if neg_rx is not None and self._negated(neg_rx, text, starts[sent - 1], first, second):
                continue
            yield Hit(first[0], second[1], {"a": text[a[0] : a[1]], "b": text[b[0] : b[1]]})

    def _negated(
        self,
        neg_rx: Matcher,
        text: str,
        sent_start: int,
        first: tuple[int, int],
        second: tuple[int, int],
    ) -> bool:
        window_start = first[0]
        units = list(WORD_UNIT.finditer(text, sent_start, first[0]))
        if units and self.options.negation_window:
            window_start = units[max(0, len(units) - self.options.negation_window)].start()
        return neg_rx.search(text, window_start, second[0], timeout=self.timeout) is not None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
