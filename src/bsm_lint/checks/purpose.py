"""`purpose`: why a message was sent, judged on the whole message.

Amazon bans proactive messages by their purpose, not by a phrase: a message that only
thanks or only offers help, and one that only restates what Amazon already told the buyer
(order confirmed, shipped, delivered). No sentence is wrong on its own; "thank you for your
order" is fine before "we need your engraving text by Friday". So this kind reads every
sentence of the body:

* `mode = "only"`: a finding when some sentence carries a `signal` (thanks, an offer of
  help) and every other sentence is courtesy as well (`benign`: greetings, wishes, the
  order number, a sign-off and the signature under it, or a line of a few words), and
  nothing in the message is `substance` (a request, a question, instructions, a review
  request, a problem to solve);
* `mode = "restates"`: a finding when a `signal` (a status such as "your order has
  shipped") is stated, not negated nor subordinate ("once it has shipped"), and nothing in
  the message is `substance` (a delay, a problem, a question the order needs answered).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from ..templates import MASK_CHAR
from ..text import CJK_CLASS
from .base import (
    WORD_UNIT,
    CheckOptions,
    CompileContext,
    Document,
    FieldView,
    LinearPattern,
    Matcher,
    MessageCheck,
    MessageHit,
)
from .intent import Gate, placeholder_labels, windows
from .pattern import LanguageRegexes

Span = tuple[int, int]

_UNIT_SPLIT = re.compile(r"\n")
_CJK_CHAR = regex.compile(f"[{CJK_CLASS}]")
#: Characters after a status in Japanese that may turn it into a condition ("...たら").
_CJK_AFTER = 4
_WORDISH = re.compile(r"\w")
#: A line holding one of these is a sentence, not a signature.
_SENTENCE_PUNCT = frozenset(".?!。？！:")


class PurposeOptions(CheckOptions):
    mode: Literal["only", "restates"]
    signal: tuple[str, ...] = Field(min_length=1)
    #: With `mode = "only"`: signals that count only when no `weak_signal_unless` term is in
    #: the message ("we hope you enjoy it" alone is thanks-only; under a delivery notice it
    #: is part of that notice).
    weak_signal: tuple[str, ...] = ()
    weak_signal_unless: tuple[str, ...] = ()
    benign: tuple[str, ...] = ()
    substance: tuple[str, ...] = ()
    #: A substance term wholly inside a match of these does not count: "please check that
    #: everything arrived intact" is part of a status notice, not a problem to solve.
    substance_ignore: tuple[str, ...] = ()
    #: A substance term in a sentence holding one of these does not count either: "can you
    #: take a moment to rate our service?" asks for a review, not for anything the order needs.
    substance_unless_sentence: tuple[str, ...] = ()
    #: A match of `substance_unless_sentence` wholly inside a match of these is no review
    #: request: "share your experience with our support team" asks for a problem report.
    unless_ignore: tuple[str, ...] = ()
    #: Sign-offs: the short lines after one are a signature.
    closing: tuple[str, ...] = ()
    #: A short line that STARTS with one of these is a sign-off too ("The Oakline team",
    #: "L'équipe Lune"); anchored, since "the team will call you" is a sentence.
    team_signature: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    negation_window: int = Field(default=4, ge=0, le=20)
    #: Fields where a signal counts (substance counts in every text field).
    signal_fields: tuple[Literal["subject", "body"], ...] = ("body",)
    #: A sentence of at most this many words, without a question, is a greeting or a name.
    short_words: int = Field(default=3, ge=0, le=10)
    #: Lines after a sign-off of at most this many words are the signature.
    signature_words: int = Field(default=6, ge=0, le=20)
    case_sensitive: bool = False


class PurposeCheck(MessageCheck):
    kind = "purpose"
    Options = PurposeOptions
    options: PurposeOptions
    provides = frozenset({"signal"})

    def __init__(self, options: PurposeOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        if options.mode == "only" and not options.benign:
            raise ctx.error('`mode = "only"` needs `benign` terms', "benign")
        flags = 0 if options.case_sensitive else regex.IGNORECASE

        def lr(terms: tuple[str, ...], key: str) -> LanguageRegexes | None:
            return LanguageRegexes(ctx, terms, (), flags, key) if terms else None

        self._flags = flags
        self.signal = LanguageRegexes(ctx, options.signal, (), flags, "signal")
        self.signal_gate = Gate(self.signal, ctx)
        self.weak = lr(options.weak_signal, "weak_signal")
        self.weak_unless = lr(options.weak_signal_unless, "weak_signal_unless")
        self.benign = lr(options.benign, "benign")
        self.substance = lr(options.substance, "substance")
        self.substance_ignore = lr(options.substance_ignore, "substance_ignore")
        self.substance_unless = lr(options.substance_unless_sentence, "substance_unless_sentence")
        self.unless_ignore = lr(options.unless_ignore, "unless_ignore")
        self.closing = lr(options.closing, "closing")
        self.team = lr(options.team_signature, "team_signature")
        self.neg = lr(options.negations, "negations")
        # Message checks are not prefiltered by the engine: these are their own cheap gates.
        self.gates = [self.signal_gate] + ([Gate(self.weak, ctx)] if self.weak is not None else [])
        self._courtesy: dict[str | None, Matcher | None] = {}

    def _courtesy_rx(self, language: str | None) -> Matcher | None:
        """Signal, weak signal, benign and closing terms in one pattern: one search rules out
        a sentence that holds none of them (most sentences of most messages)."""
        if language not in self._courtesy:
            parts = [
                x.get(language)
                for x in (self.signal, self.weak, self.benign, self.closing)
                if x is not None
            ]
            linear = [p for p in parts if isinstance(p, LinearPattern)]
            self._courtesy[language] = (
                LinearPattern("|".join(f"(?:{p.pattern})" for p in linear), self._flags)
                if linear and len(linear) == len([p for p in parts if p is not None])
                else None
            )
        return self._courtesy[language]

    def _find(self, lr: LanguageRegexes | None, text: str, language: str | None) -> list[Span]:
        rx = lr.get(language) if lr is not None else None
        if rx is None:
            return []
        return [m.span() for m in rx.finditer(text, timeout=self.timeout) if m.end() > m.start()]

    def _may_signal(self, field: FieldView, language: str | None) -> bool:
        return any(g.present(field, language) is not None for g in self.gates)

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        fields = [f for f in doc.fields if f.name in ("subject", "body") and f.text.strip()]
        candidates = [
            f
            for f in fields
            if f.name in self.options.signal_fields and self._may_signal(f, doc.language)
        ]
        if not candidates:
            return
        if self.options.mode == "only":
            yield from self._only(doc, fields)
        else:
            yield from self._restates(doc, fields, candidates)

    def _has_substance(self, doc: Document, fields: list[FieldView]) -> bool:
        rx = self.substance.get(doc.language) if self.substance is not None else None
        if rx is None:
            return False
        ign = self.substance_ignore.get(doc.language) if self.substance_ignore else None
        unless = self.substance_unless.get(doc.language) if self.substance_unless else None
        for f in fields:
            if ign is None and unless is None:
                if rx.search(f.text, timeout=self.timeout):
                    return True
            else:
                kept: list[Span] | None = None
                for m in rx.finditer(f.text, timeout=self.timeout):
                    if kept is None:  # computed once, only when some substance is there
                        kept = (
                            self._find(self.substance_ignore, f.text, doc.language)
                            if ign is not None
                            else []
                        )
                    if any(s <= m.start() and m.end() <= e for s, e in kept):
                        continue
                    if unless is not None and self._in_sentence_with(
                        unless, f, m.start(), doc.language
                    ):
                        continue
                    return True
            # the label of a link placeholder is read by the buyer: "[[review-link:Leave a review]]"
            if any(rx.search(lab, timeout=self.timeout) for _, _, lab in placeholder_labels(f)):
                return True
        return False

    def _in_sentence_with(self, rx: Matcher, f: FieldView, pos: int, language: str | None) -> bool:
        """Whether the sentence of `f` around `pos` holds a match of `rx` that no
        `unless_ignore` match covers."""
        start, end = f.sentence_at(pos)
        ign = self.unless_ignore.get(language) if self.unless_ignore is not None else None
        covers: list[tuple[int, int]] | None = None
        for m in rx.finditer(f.text, start, end, timeout=self.timeout):
            if ign is None:
                return True
            if covers is None:  # searched once per sentence, and only when something matched
                covers = [x.span() for x in ign.finditer(f.text, start, end, timeout=self.timeout)]
            if not any(s <= m.start() and m.end() <= e for s, e in covers):
                return True
        return False

    def _restates(
        self, doc: Document, fields: list[FieldView], candidates: list[FieldView]
    ) -> Iterator[MessageHit]:
        rx = self.signal.get(doc.language)
        if rx is None:
            return
        for f in candidates:
            keys = self.signal_gate.present(f, doc.language)
            if keys is None:
                continue
            spans = windows(f, keys, 0) if keys else [(0, len(f.text))]
            hits = [m.span() for s, e in spans for m in rx.finditer(f.text, s, e)]
            for s, e in hits:
                if self._negated(f, doc, s, e):
                    continue
                if self._has_substance(doc, fields):
                    return
                os, oe = f.norm.span(s, e)
                yield MessageHit(f.name, os, oe, {"signal": f.text[s:e]})
                return

    def _negated(self, f: FieldView, doc: Document, s: int, e: int) -> bool:
        if self.neg is None:
            return False
        rx = self.neg.get(doc.language)
        if rx is None:
            return False
        sent_start = f.sentence_at(s)[0]
        units = list(WORD_UNIT.finditer(f.text, sent_start, s))
        start = s
        if units and self.options.negation_window:
            start = units[max(0, len(units) - self.options.negation_window)].start()
        end = e
        if e < len(f.text) and _CJK_CHAR.match(f.text, e):
            end = min(len(f.text), e + _CJK_AFTER)  # 発送いたしました|ら: the verb ends later
        return rx.search(f.text, start, end, timeout=self.timeout) is not None

    def _team_line(self, text: str, s: int, e: int, words: int, language: str | None) -> bool:
        """A short line without sentence punctuation that opens or ends with a team formula
        ("L'équipe Lune", "Ihr Team von Holzwerk", "The Oakline team", "森の雑貨スタッフ一同")."""
        rx = self.team.get(language) if self.team is not None else None
        if rx is None or words > self.options.signature_words:
            return False
        s = _lstrip(text, s, e)
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s or any(c in _SENTENCE_PUNCT for c in text[s:e]):
            return False
        if rx.match(text, s, e, timeout=self.timeout) is not None:
            return True
        return any(m.end() == e for m in rx.finditer(text, s, e, timeout=self.timeout))

    def _only(self, doc: Document, fields: list[FieldView]) -> Iterator[MessageHit]:
        body = doc.field("body")
        if body is None or body not in fields:
            return
        text, lang = body.text, doc.language
        sig_rx = self.signal.get(lang)
        if sig_rx is None:
            return
        rxs = [x.get(lang) if x is not None else None for x in (self.weak, self.benign)]
        weak_rx, benign_rx = rxs
        closing_rx = self.closing.get(lang) if self.closing is not None else None
        o, t = self.options, self.timeout
        courtesy_rx = self._courtesy_rx(lang)
        signed = False
        first: Span | None = None  # the first signal: where the finding points
        first_weak: Span | None = None
        # Sentence by sentence, stopping at the first one with something else to say: most
        # messages have a purpose, and it shows early. A sentence with any courtesy term is
        # courtesy; the finer searches only record where the first signal stands and whether
        # the sign-off has come.
        for s, e in _units(body):
            unit = text[s:e]
            words = len(WORD_UNIT.findall(unit.replace(MASK_CHAR, " ")))
            if words == 0:
                continue
            if courtesy_rx is not None and not courtesy_rx.search(text, s, e):
                if (words <= o.short_words and "?" not in unit) or (
                    signed and words <= o.signature_words
                ):
                    continue
                if self._team_line(text, s, e, words, lang):
                    signed = True
                    continue
                return  # a sentence with something else to say
            if first is None and (m := sig_rx.search(text, s, e, timeout=t)):
                first = m.span()
                continue
            if not signed and closing_rx is not None and closing_rx.search(text, s, e, timeout=t):
                signed = True
                continue
            if courtesy_rx is not None:
                if first_weak is None and weak_rx is not None:
                    m = weak_rx.search(text, s, e, timeout=t)
                    first_weak = m.span() if m else None
                continue
            # (no combined pattern: judge the sentence term list by term list)
            if sig_rx.search(text, s, e, timeout=t) or (signed and words <= o.signature_words):
                continue
            if weak_rx is not None and (m := weak_rx.search(text, s, e, timeout=t)):
                first_weak = first_weak or m.span()
                continue
            if benign_rx is not None and benign_rx.search(text, s, e, timeout=t):
                continue
            if words <= o.short_words and "?" not in unit:
                continue
            if self._team_line(text, s, e, words, lang):
                signed = True
                continue
            return
        weak_counts = first_weak is not None and not any(
            self._find(self.weak_unless, f.text, lang) for f in fields
        )
        if first is None and weak_counts:
            first = first_weak
        if first is None or self._has_substance(doc, fields):
            return
        os, oe = body.norm.span(*first)
        yield MessageHit("body", os, oe, {"signal": text[first[0] : first[1]]})


def _lstrip(text: str, s: int, e: int) -> int:
    while s < e and text[s].isspace():
        s += 1
    return s


def _units(field: FieldView) -> Iterator[Span]:
    """Sentences, further cut at line ends (a greeting, a name, a sign-off each stand on
    their own line)."""
    text = field.text
    starts = field.sentence_starts
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(text)
        pos = s
        for m in _UNIT_SPLIT.finditer(text, s, e):
            if _WORDISH.search(text, pos, m.start()):
                yield pos, m.start()
            pos = m.end()
        if _WORDISH.search(text, pos, e):
            yield pos, e
