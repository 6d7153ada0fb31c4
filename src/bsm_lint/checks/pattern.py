"""`pattern`: phrase lists and regexes (Vale's `existence`). The workhorse of text rules."""

from __future__ import annotations

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
        for m in rx.finditer(text, timeout=self.timeout):
            s, e = m.span()
            if s == e or any(a <= s and e <= b for a, b in excepted):
                continue
            yield Hit(s, e)
