"""`pattern`: phrase lists and regexes (Vale's `existence`). The workhorse of text rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from .base import (
    Check,
    CheckOptions,
    CompileContext,
    Document,
    FieldView,
    Hit,
    Keyword,
    LinearPattern,
    Matcher,
)
from .phrases import anchor, expand_terms, list_languages, trie_pattern


class PatternOptions(CheckOptions):
    terms: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()
    case_sensitive: bool = False
    exceptions: tuple[str, ...] = ()


# What makes a pattern mean something else inside a bigger alternation: group numbers
# (back-references, conditionals), global inline flags, `\G` (where the search started).
_CONTEXT_BOUND = re.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?\(|\\G|\(\?[A-Za-z0-9-]*\)")


def leftmost_spans(
    parts: tuple[Matcher, ...], text: str, timeout: float
) -> list[tuple[int, int]] | None:
    """The spans `finditer` of the alternation `(?:p1)|(?:p2)|...` gives, from each part
    searched on its own: at each step the leftmost match of any part, the earliest part on
    a tie (a backtracking alternation tries its branches in order at each position), then
    on from its end. A part's next match is kept while it still lies ahead. None when a
    match is empty: what comes after one depends on `finditer`'s rules, so the caller runs
    the alternation itself. (A raw regex starting with a rare literal keeps its fast scan
    on its own; in the alternation every position is tried: BSM151 costs a third.)"""
    spans: list[tuple[int, int]] = []
    ahead: list[re.Match[str] | regex.Match[str] | None] = [None] * len(parts)
    done = [False] * len(parts)
    pos, n = 0, len(text)
    while pos <= n:
        best: re.Match[str] | regex.Match[str] | None = None
        for i, rx in enumerate(parts):
            m = ahead[i]
            if not done[i] and (m is None or m.start() < pos):
                m = ahead[i] = rx.search(text, pos, timeout=timeout)
                done[i] = m is None
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            break
        start, end = best.span()
        if start == end:
            return None
        spans.append((start, end))
        pos = end
    return spans


class LanguageRegexes:
    """One compiled alternation per language, built from terms with `@list` references."""

    def __init__(
        self,
        ctx: CompileContext,
        terms: tuple[str, ...],
        regexes: tuple[str, ...],
        flags: int,
        key: str,
    ) -> None:
        self.ctx = ctx
        self.terms = terms
        self.regexes = regexes
        self.flags = flags
        self.key = key
        self._by_lang: dict[str | None, Matcher | None] = {}
        self._parts: dict[str | None, tuple[Matcher, ...]] = {}
        # Two raw regexes or more run one by one (`leftmost_spans`) when each means alone
        # what it means in the alternation.
        self.splittable = len(regexes) >= 2 and not any(_CONTEXT_BOUND.search(r) for r in regexes)
        self.languages = list_languages(terms, ctx.lists)
        try:
            self.all_terms = expand_terms(terms, ctx.lists, None)
        except KeyError as exc:
            raise ctx.error(f"unknown phrase list @{exc.args[0]}", key) from exc
        for i, r in enumerate(regexes):  # validate eagerly: errors at load, not at first use
            ctx.compile_regex(r, flags, "regexes", i)
        if self.all_terms:  # phrase errors at load too; compiling waits for first use, since
            try:  # a big trie costs milliseconds and most runs need one language only
                trie_pattern(self.all_terms)
            except ValueError as exc:
                raise ctx.error(str(exc), key) from exc

    def get(self, language: str | None) -> Matcher | None:
        lang = language if language in self.languages else (None if language is None else "*")
        if lang in self._by_lang:
            return self._by_lang[lang]
        terms = expand_terms(self.terms, self.ctx.lists, lang)
        parts = []
        if terms:
            try:
                parts.append(trie_pattern(terms))
            except ValueError as exc:
                raise self.ctx.error(str(exc), self.key) from exc
        parts.extend(f"(?:{r})" for r in self.regexes)
        compiled: Matcher | None = None
        if parts and self.regexes:
            compiled = self.ctx.compile_regex("|".join(parts), self.flags, self.key)
        elif parts:
            compiled = LinearPattern(parts[0], self.flags)
        self._by_lang[lang] = compiled
        return compiled

    def parts(self, language: str | None) -> tuple[Matcher, ...]:
        """The branches of `get(language)`, each compiled alone, in order (the trie of
        the terms first); empty unless `splittable`."""
        if not self.splittable:
            return ()
        lang = language if language in self.languages else (None if language is None else "*")
        found = self._parts.get(lang)
        if found is None:
            terms = expand_terms(self.terms, self.ctx.lists, lang)
            # On `regex`, like the alternation: the same engine, so the same matches.
            sources = ([trie_pattern(terms)] if terms else []) + list(self.regexes)
            found = self._parts[lang] = tuple(
                self.ctx.compile_regex(r, self.flags) for r in sources
            )
        return found

    def anchors(self) -> frozenset[Keyword]:
        return frozenset(anchor(t) for t in self.all_terms)


class PatternCheck(Check):
    kind = "pattern"
    Options = PatternOptions
    options: PatternOptions

    def __init__(self, options: PatternOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        if not options.terms and not options.regexes:
            raise ctx.error("a pattern rule needs `terms` or `regexes`", "terms")
        flags = 0 if options.case_sensitive else regex.IGNORECASE
        self.patterns = LanguageRegexes(ctx, options.terms, options.regexes, flags, "terms")
        self.exceptions = (
            LanguageRegexes(ctx, options.exceptions, (), flags, "exceptions")
            if options.exceptions
            else None
        )
        if not options.regexes:  # raw regexes have no derivable keyword: always run
            self.keyword_groups = (self.patterns.anchors(),)

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        rx = self.patterns.get(doc.language)
        if rx is None:
            return
        text = field.text
        excepted: list[tuple[int, int]] = []
        if self.exceptions is not None:
            exc_rx = self.exceptions.get(doc.language)
            if exc_rx is not None:
                excepted = [m.span() for m in exc_rx.finditer(text, timeout=self.timeout)]
        parts = self.patterns.parts(doc.language)
        spans = leftmost_spans(parts, text, self.timeout) if parts else None
        if spans is None:
            spans = [m.span() for m in rx.finditer(text, timeout=self.timeout)]
        for s, e in spans:
            if s == e or any(a <= s and e <= b for a, b in excepted):
                continue
            yield Hit(s, e)
