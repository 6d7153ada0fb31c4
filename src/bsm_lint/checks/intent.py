"""`intent`: what a sentence asks for, from terms that must meet in it.

"Leave a 5-star review", "a gift card for your feedback", "contact us before leaving a
review" are requests made of two parts (a cue and a review word) that sellers reword
endlessly; fixed phrases miss the rewordings and single words flood with false alarms. A
rule of this kind names the parts and how close they must stand:

* `a` near `b` (within `max_words`, in one sentence or `sentences` apart), or `a` alone when
  `b` is empty;
* `context`: a term that must also occur in the sentence (or `context_sentences` around),
  such as a contact request for feedback steering; `also`: one more such list, for requests
  of four parts ("only happy buyers" + "review" + a contact request for the others);
* `negations` in a window before the pair ("we do NOT offer gift cards for reviews"), and in
  CJK text also right after it, where Japanese puts its negation;
* `exceptions`: a sentence holding one says something else ("positive or negative", the
  neutral feedback notice Amazon itself suggests) and yields nothing, nor lends context;
* `ignore`: a term or negation inside one of these spans is not one at all ("we will review
  your request" has no review in it; "don't hesitate" negates nothing).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import ClassVar, Literal

import regex
from pydantic import Field

from ..language import FUNCTION_WORDS
from ..templates import MASK_CHAR
from ..text import CJK_CLASS, SPACED_WORD_CLASS, normalize
from .base import (
    WORD_UNIT,
    Check,
    CheckOptions,
    CompileContext,
    Document,
    FieldView,
    Hit,
    Keyword,
    Matcher,
)
from .pattern import LanguageRegexes
from .phrases import ALL_LANGUAGES, anchor, expand_terms

Span = tuple[int, int]

_CJK_CHAR = regex.compile(f"[{CJK_CLASS}]")
_MASK_RUN = regex.compile(f"{MASK_CHAR}+")
_TOKEN = regex.compile(f"[{SPACED_WORD_CLASS.replace('_', '')}]+")
#: Words of buyer messages so common that a phrase is better found by another of its words.
_COMMON_WORDS = """
order orders product products customer customers amazon item items service seller message
messages reply contact know make send take look see shop like first also stock available
note return warranty delivery shipping package time day days week today new one all any
more just us me it is are be to of in on at by from an a do does did get your our the this
that for and with have has would can should need please thank thanks if not only full help
want will may could let you we i my up out so purchase experience extra unit back
"""
_COMMON = FUNCTION_WORDS | frozenset(_COMMON_WORDS.split())


def rare_anchor(phrase: str) -> Keyword:
    """A prefilter keyword every match of `phrase` contains, chosen among its words so that
    common ones ("your", "order", "customer") are avoided: "customer review" is keyed on
    "review". Same guarantees as `phrases.anchor`, which handles phrases without words."""
    words = [w.lower() for w in normalize(phrase).text.strip().split()]
    candidates: list[tuple[bool, int, bool, str]] = []
    for w in words:
        wild = w.endswith("*") and len(w) > 1
        core = w[:-1] if wild else w
        for m in _TOKEN.finditer(core):
            whole = not (wild and m.end() == len(core))
            candidates.append((m.group() not in _COMMON, len(m.group()), whole, m.group()))
    if not candidates:
        return anchor(phrase)
    best = max(candidates)
    return (best[2], best[3])


class Gate:
    """Per-language prefilter keys of a term list: before running any regex, a check asks
    whether the field holds a key of the message's language (the engine's own prefilter
    knows only the keys of all languages together)."""

    def __init__(self, lr: LanguageRegexes, ctx: CompileContext) -> None:
        self.lr = lr
        self._by_lang: dict[str | None, tuple[frozenset[str], tuple[str, ...]]] = {}
        for lang in (None, ALL_LANGUAGES, *lr.languages):
            terms = expand_terms(lr.terms, ctx.lists, lang)
            keys = {rare_anchor(t) for t in terms}
            self._by_lang[lang] = (
                frozenset(k for whole, k in keys if whole),
                tuple(sorted(k for whole, k in keys if not whole)),
            )

    def keywords(self) -> frozenset[Keyword]:
        whole, subs = self._by_lang[None]
        return frozenset({(True, w) for w in whole} | {(False, s) for s in subs})

    def present(self, field: FieldView, language: str | None) -> list[str] | None:
        """The keys of the language found in the field ([] when the list has no keys, for
        raw regexes: the list may match anywhere), or None when none is found."""
        if self.lr.regexes:
            return []
        key = language if language in self.lr.languages else (None if language is None else "*")
        whole, subs = self._by_lang[key]
        found = list(field.tokens & whole)
        low = field.lower
        found.extend(s for s in subs if s in low)
        return found or None


def windows(field: FieldView, keys: list[str], around: int) -> list[Span]:
    """The sentences holding one of `keys` (lower-case words or pieces), `around` sentences
    either side, merged: every match of a term list keyed by `keys` lies inside them, so the
    term regexes need not scan the rest of the message."""
    low, starts = field.lower, field.sentence_starts
    n = len(starts)
    spans: list[Span] = []
    for k in keys:
        i = low.find(k)
        while i != -1:
            s = bisect_right(starts, i) - 1
            lo, hi = max(0, s - around), min(n - 1, s + around)
            spans.append((starts[lo], starts[hi + 1] if hi + 1 < n else len(low)))
            i = low.find(k, i + len(k))
    spans.sort()
    merged: list[Span] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def placeholder_labels(field: FieldView) -> list[tuple[int, int, str]]:
    """Link placeholders with a visible label (`[[contact-link:let us know]]`, the syntax of
    seller-tool template libraries), as (start, end, label) in `field.text` coordinates: the
    buyer reads the label, so rules read it too."""
    if not field.placeholders:
        return []
    runs = [m.span() for m in _MASK_RUN.finditer(field.text)]
    if len(runs) != len(field.placeholders):
        return []  # adjacent placeholders merged into one masked run: no reliable pairing
    out = []
    for (s, e), p in zip(runs, field.placeholders, strict=True):
        if p.syntax == "double-bracket" and ":" in p.raw_name:
            label = p.raw_name.split(":", 1)[1].strip()
            if label:
                out.append((s, e, label))
    return out


class IntentOptions(CheckOptions):
    a: tuple[str, ...] = Field(min_length=1)
    #: Raw regexes that also count as `a` (the rule then needs its own `keywords`).
    regexes: tuple[str, ...] = ()
    b: tuple[str, ...] = ()
    max_words: int = Field(default=8, ge=0, le=400)
    order: Literal["any", "a-first", "b-first"] = "any"
    #: How many sentences apart `a` and `b` may stand (0: the same sentence).
    sentences: int = Field(default=0, ge=0, le=20)
    context: tuple[str, ...] = ()
    context_sentences: int = Field(default=0, ge=0, le=3)
    #: The context must stand before the pair (in its sentences or up to `context_sentences`
    #: earlier), not after it: "otherwise, review us" refers back to a condition already
    #: stated, never to one that follows.
    context_before: bool = False
    #: When set, the context must stand this close to `a`, in `a`'s sentence ("if" ...
    #: "happy": the condition itself, not a happy word somewhere else).
    context_words: int | None = Field(default=None, ge=0, le=30)
    #: A further list that must stand in the pair's sentences or `also_sentences` around them.
    also: tuple[str, ...] = ()
    also_sentences: int = Field(default=0, ge=0, le=3)
    negations: tuple[str, ...] = ()
    negation_window: int = Field(default=5, ge=0, le=20)
    #: Where a negation counts: before and between the pair, or only just before the later
    #: term, in its sentence (when the pair spans two sentences).
    negation_scope: Literal["pair", "second"] = "pair"
    #: Words after the pair searched for a negation when the text there is CJK.
    negation_after: int = Field(default=0, ge=0, le=20)
    exceptions: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    case_sensitive: bool = False


class IntentCheck(Check):
    kind = "intent"
    Options: ClassVar[type[CheckOptions]] = IntentOptions
    options: IntentOptions
    provides = frozenset({"a", "b"})

    def __init__(self, options: IntentOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        flags = 0 if options.case_sensitive else regex.IGNORECASE

        def lr(terms: tuple[str, ...], key: str, rx: tuple[str, ...] = ()) -> LanguageRegexes:
            return LanguageRegexes(ctx, terms, rx, flags, key)

        self.a = lr(options.a, "a", options.regexes)
        self.b = lr(options.b, "b") if options.b else None
        self.context = lr(options.context, "context") if options.context else None
        self.also = lr(options.also, "also") if options.also else None
        self.neg = lr(options.negations, "negations") if options.negations else None
        self.exc = lr(options.exceptions, "exceptions") if options.exceptions else None
        self.ign = lr(options.ignore, "ignore") if options.ignore else None
        lists = (self.a, self.b, self.context, self.also)
        self.gates = [Gate(x, ctx) for x in lists if x is not None]
        # How far (in sentences) from one list's match the others may stand.
        self._around = options.sentences + max(options.context_sentences, options.also_sentences)
        groups = [g.keywords() for g in self.gates if not g.lr.regexes]
        # A term may stand in a placeholder's label, which the prefilter's words do not see:
        # any masked placeholder lets the rule run.
        self.keyword_groups = tuple(g | {(False, MASK_CHAR)} for g in groups)

    def _find(
        self,
        lr: LanguageRegexes | None,
        text: str,
        language: str | None,
        labels: list[tuple[int, int, str]] | None = None,
        spans: list[Span] | None = None,
    ) -> list[Span]:
        rx = lr.get(language) if lr is not None else None
        if rx is None:
            return []
        hits = [
            m.span()
            for s, e in (spans or [(0, len(text))])
            for m in rx.finditer(text, s, e, timeout=self.timeout)
            if m.end() > m.start()
        ]
        if labels:
            extra = [(s, e) for s, e, lab in labels if rx.search(lab, timeout=self.timeout)]
            if extra:
                hits = sorted(hits + extra)
        return hits

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        text, lang = field.text, doc.language
        labels = placeholder_labels(field)
        spans: list[Span] | None = None
        if not labels:
            keys: list[list[str]] = []
            for g in self.gates:
                k = g.present(field, lang)
                if k is None:
                    return
                keys.append(k)
            # Scan only the sentences around the rarest list's keys (a list of raw regexes
            # has no keys and may match anywhere: then scan everything).
            low = field.lower
            if all(keys) and len(low) == len(text):  # (lower() may change lengths: İ)
                rare = min(keys, key=lambda k: sum(map(low.count, k or ())))
                spans = windows(field, rare or [], self._around)
        a_hits = self._find(self.a, text, lang, labels, spans)
        if not a_hits:
            return
        b_hits: list[Span] = []
        if self.b is not None:
            b_hits = self._find(self.b, text, lang, labels, spans)
            if not b_hits:
                return
        ctx_hits: list[Span] = []
        if self.context is not None:
            ctx_hits = self._find(self.context, text, lang, labels, spans)
            if not ctx_hits:
                return
        also_hits: list[Span] = []
        if self.also is not None:
            also_hits = self._find(self.also, text, lang, labels, spans)
            if not also_hits:
                return
        starts = field.sentence_starts

        def sent(pos: int) -> int:
            return _sentence(starts, pos)

        skip = {sent(s) for s, _ in self._find(self.exc, text, lang, None, spans)}
        ignored = self._find(self.ign, text, lang, None, spans)

        def keep(hits: list[Span]) -> list[Span]:
            return [
                h
                for h in hits
                if sent(h[0]) not in skip and not any(s <= h[0] and h[1] <= e for s, e in ignored)
            ]

        a_hits, b_hits, ctx_hits = keep(a_hits), keep(b_hits), keep(ctx_hits)
        also_sents = [sent(h[0]) for h in keep(also_hits)]
        k_also = self.options.also_sentences
        neg_rx = self.neg.get(lang) if self.neg is not None else None
        for a in a_hits:
            pair = self._pair(a, b_hits, text, starts) if self.b is not None else (a, a)
            if pair is None:
                continue
            first, second = pair
            if self.context is not None and not self._has_context(
                a, first, second, ctx_hits, text, starts
            ):
                continue
            if self.also is not None and not any(
                sent(first[0]) - k_also <= s <= sent(second[0]) + k_also for s in also_sents
            ):
                continue
            if neg_rx is not None and self._negated(neg_rx, text, starts, first, second, ignored):
                continue
            b = second if first == a else first
            data = {"a": text[a[0] : a[1]], "b": text[b[0] : b[1]] if self.b is not None else ""}
            yield Hit(first[0], second[1], data)

    def _has_context(
        self,
        a: Span,
        first: Span,
        second: Span,
        ctx_hits: list[Span],
        text: str,
        starts: list[int],
    ) -> bool:
        o = self.options
        if o.context_words is None:
            lo, hi = _sentence(starts, first[0]), _sentence(starts, second[0])
            k = o.context_sentences
            if o.context_before:
                return any(c[1] <= first[0] and lo - k <= _sentence(starts, c[0]) for c in ctx_hits)
            return any(lo - k <= _sentence(starts, c[0]) <= hi + k for c in ctx_hits)
        sa = _sentence(starts, a[0])
        for c in ctx_hits:
            if _sentence(starts, c[0]) != sa or (c[0] < a[1] and a[0] < c[1]):
                continue
            lo, hi = (a[1], c[0]) if a[0] <= c[0] else (c[1], a[0])
            if len(WORD_UNIT.findall(text, lo, hi)) <= o.context_words:
                return True
        return False

    def _pair(
        self, a: Span, b_hits: list[Span], text: str, starts: list[int]
    ) -> tuple[Span, Span] | None:
        """The nearest `b` that may pair with `a`, as (first, second) in text order."""
        o = self.options
        sa = _sentence(starts, a[0])
        best: tuple[int, Span] | None = None
        for b in b_hits:
            if abs(_sentence(starts, b[0]) - sa) > o.sentences or (a[0] < b[1] and b[0] < a[1]):
                continue
            if (o.order == "a-first" and b[0] < a[1]) or (o.order == "b-first" and a[0] < b[1]):
                continue
            first, second = (a, b) if a[0] <= b[0] else (b, a)
            gap = len(WORD_UNIT.findall(text, first[1], second[0]))
            if gap <= o.max_words and (best is None or gap < best[0]):
                best = (gap, b)
        if best is None:
            return None
        b = best[1]
        return (a, b) if a[0] <= b[0] else (b, a)

    def _negated(
        self,
        neg_rx: Matcher,
        text: str,
        starts: list[int],
        first: Span,
        second: Span,
        ignored: list[Span],
    ) -> bool:
        """A negation before the pair (or after it, in CJK text) that no `ignore` span
        covers ("don't hesitate to leave a 5-star review" is no negation)."""
        o = self.options
        if o.negation_scope == "second":
            first = second = (second[0], second[0])

        def found(start: int, end: int) -> bool:
            for m in neg_rx.finditer(text, start, end, timeout=self.timeout):
                if not any(s <= m.start() and m.end() <= e for s, e in ignored):
                    return True
            return False

        s_first = _sentence(starts, first[0])
        sent_start = starts[s_first]
        window_start = first[0]
        if o.negation_window:
            units = list(WORD_UNIT.finditer(text, sent_start, first[0]))
            if units:
                window_start = units[max(0, len(units) - o.negation_window)].start()
        if found(window_start, second[0]):
            return True
        if o.negation_after and second[1] < len(text) and _CJK_CHAR.match(text, second[1]):
            s_second = _sentence(starts, second[0])
            sent_end = starts[s_second + 1] if s_second + 1 < len(starts) else len(text)
            end = second[1]
            for i, m in enumerate(WORD_UNIT.finditer(text, second[1], sent_end)):
                if i >= o.negation_after:
                    break
                end = m.end()
            if found(second[0], end):
                return True
        return False


def _sentence(starts: list[int], pos: int) -> int:
    return bisect_right(starts, pos) - 1
