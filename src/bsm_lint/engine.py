"""The engine: compile a pack once, then lint messages fast.

How a message flows (see docs/architecture.md):

1. each field (subject, body) is read into a `FieldView`: placeholders found and masked,
   the text normalised with an offset map;
2. the prefilter collects the field's words and a few substrings in one pass, and only
   rules whose keywords occur run;
3. each check yields hits in normalised coordinates; the engine maps them back to the
   original text, drops allowed ones, and builds `Violation`s;
4. overlapping violations of one category merge; the result is sorted deterministically.
"""

from __future__ import annotations

import re
import string
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from .attachments import attachment_texts
from .checks import REGISTRY, Check, CompileContext, Document, FieldView, Hit
from .checks.base import Keyword, MessageCheck, MessageHit
from .checks.phrases import nested_quantifier
from .config import LintConfig, selector_matches
from .errors import LintTimeout
from .language import detect_fields
from .model import Context, Fix, Message, Notice, PackInfo, Report, Severity, Violation
from .packs.loader import Pack, PackRule, load_pack, resolve_pack_ref
from .redact import is_sensitive, redact
from .suppress import apply_suppressions
from .text import SPACED_WORD_CLASS, LineIndex, NormalizedText

if TYPE_CHECKING:
    from .batch import BatchItem, LintResult

__all__ = ["DEFAULT_TIMEOUT", "CompiledRule", "Linter", "lint"]

#: Seconds one regex call of one rule may take on one field before `LintTimeout`.
DEFAULT_TIMEOUT = 0.5
_ALWAYS_FIELDS = ("match",)
#: The context of a message linted without one: frozen, so one instance serves all.
_NO_CONTEXT = Context()
_FIELD_ORDER = {"subject": 0, "body": 1}


@dataclass(frozen=True)
class CompiledRule:
    """A rule ready to run: its spec, its check, and the user's overrides applied."""

    rule: PackRule
    check: Check
    severity: Severity
    allow: tuple[regex.Pattern[str], ...]
    #: The rule's fix, built once: every violation of the rule shares it (it is frozen).
    fix: Fix | None = None
    #: The names the message template uses (None: not known, every value): a violation
    #: fills and redacts only these.
    message_names: frozenset[str] | None = None
    #: The message has no braces, so formatting would return it unchanged: taken as it is.
    plain_message: bool = False

    @property
    def code(self) -> str:
        return self.rule.spec.code


# A keyword made only of word characters occurs in a field exactly when it occurs inside one
# of the field's tokens (an occurrence cannot cross a non-word character, and tokens are the
# maximal runs of word characters); see `_Prefilter`.
_WORD_CHARS = re.compile(f"[{SPACED_WORD_CLASS.replace('_', '')}]+")
#: Distinct tokens whose keywords `_Prefilter` remembers before it starts afresh.
_TOKEN_CACHE_SIZE = 65536


class _Prefilter:
    """Decides from one pass over a field which rules can possibly match.

    Most keywords are words or parts of words (`unsub`, `abmeld`): those are looked up per
    token of the field, and a token's keywords are remembered (the vocabulary of messages
    is small, so most tokens are seen before), a dict probe per token instead of a
    substring search of the whole text per keyword. The few others (`http:`, `@`, `amazon
    fee`) are substring tests. Which rules may run then follows from an index of keyword to
    rule, rather than every rule testing its groups."""

    def __init__(self, rules: Iterable[CompiledRule]) -> None:
        rules = tuple(rules)
        self.tokens: set[str] = set()
        subs: set[str] = set()
        for r in rules:
            for group in r.check.keyword_groups:
                for whole, kw in group:
                    (self.tokens if whole else subs).add(kw)
        self.word_subs = tuple(sorted(s for s in subs if _WORD_CHARS.fullmatch(s)))
        other = {s for s in subs if not _WORD_CHARS.fullmatch(s)}
        ascii_other = sorted(s for s in other if s.isascii())
        # Keywords with word pieces (`your phone`, `t.e.l`, `str.`) are tested only when the
        # field's tokens hold their pieces (`_gates`); pure punctuation (`@`, `//`) always.
        self.ascii_substrings = tuple(s for s in ascii_other if not _WORD_CHARS.search(s))
        self.prefixes: set[str] = set()
        self.suffixes: set[str] = set()
        self.gated: dict[Keyword, list[tuple[str, frozenset[Keyword]]]] = {}
        for s in ascii_other:
            marks = self._gates(s)
            if marks:
                lead = max(marks, key=_selectivity)
                self.gated.setdefault(lead, []).append((s, frozenset(marks)))
        self.gate_leads = frozenset(self.gated)
        # A non-ASCII keyword can only occur where its first non-ASCII character does: index
        # them by that character, so a German text with one "ü" tests a handful, not hundreds.
        self.by_char: dict[str, list[str]] = {}
        for s in sorted(x for x in other if not x.isascii()):
            first = next(c for c in s if not c.isascii())
            self.by_char.setdefault(first, []).append(s)
        # Every token seen, with the keywords it holds (mostly none): one dict probe per
        # token of a field finds both the new tokens and the keywords of the known ones.
        self._memo: dict[str, tuple[Keyword, ...]] = {}
        # Which rules a keyword satisfies: rule index -> number of keyword groups.
        self.always = tuple(i for i, r in enumerate(rules) if not r.check.keyword_groups)
        self.groups = tuple(len(r.check.keyword_groups) for r in rules)
        self.index: dict[Keyword, tuple[tuple[int, int], ...]] = {}
        for i, r in enumerate(rules):
            for g, group in enumerate(r.check.keyword_groups):
                for keyword in group:
                    self.index[keyword] = (*self.index.get(keyword, ()), (i, g))

    def _gates(self, keyword: str) -> list[Keyword]:
        """What the tokens of a field must show for a keyword with non-word characters to
        occur in it: each word piece lies inside one token (an occurrence cannot cross a
        non-word character), and a piece that meets a non-word character of the keyword on
        its left begins its token, on its right ends it, on both sides is the whole token.
        Marks: `(True, piece)` a whole token, `(True, "\0piece")` a token's beginning,
        `(True, "piece\0")` its end. Registers the pieces so that `_keywords` notes them
        per token. A one-character beginning or end says little (most fields have a word
        starting with `s`) and would swell every token's memo entry: left out."""
        marks: list[Keyword] = []
        for m in _WORD_CHARS.finditer(keyword):
            piece, left, right = m.group(), m.start() > 0, m.end() < len(keyword)
            if len(piece) == 1 and left != right:
                continue
            if left and right:
                self.tokens.add(piece)
                marks.append((True, piece))
            elif left:
                self.prefixes.add(piece)
                marks.append((True, "\0" + piece))
            elif right:
                self.suffixes.add(piece)
                marks.append((True, piece + "\0"))
        return marks

    def _keywords(self, token: str) -> tuple[Keyword, ...]:
        """The keywords inside `token`, and the gate marks it gives (`_gates`), remembered."""
        found = self._memo.get(token)
        if found is None:
            if len(self._memo) >= _TOKEN_CACHE_SIZE:
                self._memo.clear()
            words = [(False, s) for s in self.word_subs if s in token]
            if token in self.tokens:
                words.append((True, token))
            words.extend((True, "\0" + p) for p in self.prefixes if token.startswith(p))
            words.extend((True, p + "\0") for p in self.suffixes if token.endswith(p))
            found = self._memo[token] = tuple(words)
        return found

    def scan(self, field: FieldView) -> set[Keyword]:
        tokens = field.tokens
        # In C: one probe per token; None marks a token not seen before (rare once warm).
        known: list[tuple[Keyword, ...] | None] = list(map(self._memo.get, tokens))
        if None in known:
            memo = self._memo
            for t in tokens:
                if t not in memo:
                    self._keywords(t)
            known = list(map(memo.get, tokens))
            if None in known:  # the memo started afresh on the way
                known = [self._keywords(t) for t in tokens]
        found: set[Keyword] = set(chain.from_iterable(filter(None, known)))
        low = field.lower
        found.update((False, s) for s in self.ascii_substrings if s in low)
        # A gated keyword is searched for only when all its marks are there (`_gates`).
        for lead in self.gate_leads.intersection(found):
            for s, marks in self.gated[lead]:
                if marks <= found and s in low:
                    found.add((False, s))
        if not low.isascii():
            for ch in field.non_ascii.intersection(self.by_char):
                found.update((False, s) for s in self.by_char[ch] if s in low)
        return found

    def runnable(self, found: set[Keyword]) -> set[int]:
        """Indices of the rules whose every keyword group has a keyword in `found`."""
        out = set(self.always)
        partial: dict[int, set[int]] = {}
        index, groups = self.index, self.groups
        for kw in found:
            for i, g in index.get(kw, ()):
                if groups[i] == 1:
                    out.add(i)
                else:
                    seen = partial.setdefault(i, set())
                    seen.add(g)
                    if len(seen) == groups[i]:
                        out.add(i)
        return out


def _selectivity(mark: Keyword) -> tuple[bool, int]:
    """Which gate mark of a keyword to look up first: a whole token, else the longest."""
    whole, text = mark
    return (whole and "\0" not in text, len(text))


def _is_scoped(rule: PackRule) -> bool:
    at = rule.spec.applies_to
    return bool(at.fields or at.kinds or at.message_types or at.marketplaces or at.languages)


def _applies(rule: PackRule, doc: Document, field: str | None) -> bool:
    at = rule.spec.applies_to
    if field is not None and at.fields and field not in at.fields:
        return False
    if at.kinds and doc.message.kind not in at.kinds:
        return False
    if at.message_types and doc.context.message_type not in at.message_types:
        return False
    if at.marketplaces and doc.context.marketplace not in at.marketplaces:
        return False
    return not (at.languages and doc.language is not None and doc.language not in at.languages)


class Linter:
    """Compiles a pack once; `lint` is then cheap and thread-safe."""

    def __init__(
        self,
        pack: Pack | str | Path | None = None,
        config: LintConfig | None = None,
        *,
        strict: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        prefilter: bool = True,
    ) -> None:
        self.pack = pack if isinstance(pack, Pack) else load_pack(pack, strict=strict)
        self.config = config or LintConfig()
        self.timeout = timeout
        self.use_prefilter = prefilter
        self.rules = tuple(self._compile(r) for r in self.pack.rules if self._selected(r))
        self._yield_to = {r.code: r.rule.spec.yield_to for r in self.rules if r.rule.spec.yield_to}
        self._yield_span = frozenset(
            r.code for r in self.rules if r.rule.spec.yield_scope == "span"
        )
        self._field_rules = tuple(r for r in self.rules if not isinstance(r.check, MessageCheck))
        self._message_rules = tuple(r for r in self.rules if isinstance(r.check, MessageCheck))
        self._prefilter = _Prefilter(self._field_rules)
        # Rules whose `applies_to` narrows anything; the others apply everywhere.
        self._scoped = tuple(_is_scoped(r.rule) for r in self._field_rules)
        # Codes a directive may name: every rule of the pack; inactive ones are never "unused".
        self._suppressible = {r.spec.code: r.spec.suppressible for r in self.pack.rules}
        self._active = frozenset(r.code for r in self.rules)
        self.pack_info = PackInfo(id=self.pack.id, version=self.pack.version, hash=self.pack.hash)

    # -- compilation ---------------------------------------------------------------------

    def _selected(self, r: PackRule) -> bool:
        s = r.spec
        cfg = self.config

        def hit(sels: Iterable[str]) -> bool:
            return any(selector_matches(x, s.code, s.name, s.category) for x in sels)

        chosen = cfg.select is None or hit(cfg.select) or hit(cfg.extend_select)
        return chosen and not hit(cfg.ignore)

    def _compile(self, r: PackRule) -> CompiledRule:
        spec = r.spec
        kind = REGISTRY.get(spec.check)
        if kind is None:
            raise r.error(
                f"unknown check kind {spec.check!r} (known: {', '.join(sorted(REGISTRY))})",
                "check",
            )
        ctx = CompileContext(
            rule=r, lists=self.pack.lists, timeout=self.timeout, data=self.pack.data
        )
        check = kind.build(spec.options, ctx)
        groups = spec.keyword_groups()
        if groups is not None:  # the pack author's prefilter wins over the derived one
            check.keyword_groups = tuple(frozenset((False, k) for k in g) for g in groups)
        allowed_names = {*_ALWAYS_FIELDS, *kind.provides}
        try:
            names = {f for _, f, _, _ in string.Formatter().parse(spec.message) if f}
        except ValueError as exc:
            raise r.error(f"bad message template: {exc}", "message") from exc
        unknown = sorted(n for n in names if n not in allowed_names)
        if unknown:
            raise r.error(
                f"message uses {{{unknown[0]}}}; {spec.check} provides "
                + ", ".join(f"{{{n}}}" for n in sorted(allowed_names)),
                "message",
            )
        severity = spec.severity
        allow_src = list(spec.allow)
        for sel, sev in self.config.severity.items():
            if selector_matches(sel, spec.code, spec.name, spec.category):
                severity = sev
        for sel, extra in self.config.allow.items():
            if selector_matches(sel, spec.code, spec.name, spec.category):
                allow_src.extend(extra)
        allow = []
        for i, pat in enumerate(allow_src):
            bad = nested_quantifier(pat)
            if bad:
                raise r.error(f"allow regex has a nested quantifier near {bad!r}", "allow", i)
            try:
                allow.append(regex.compile(pat, regex.IGNORECASE | regex.V0))
            except regex.error as exc:
                raise r.error(f"bad allow regex {pat!r}: {exc}", "allow", i) from exc
        fix = (
            Fix(replacement=spec.fix.replacement, description=spec.fix.description)
            if spec.fix is not None
            else None
        )
        plain = "{" not in spec.message and "}" not in spec.message
        return CompiledRule(
            rule=r,
            check=check,
            severity=severity,
            allow=tuple(allow),
            fix=fix,
            message_names=frozenset(names),
            plain_message=plain,
        )

    # -- linting -------------------------------------------------------------------------

    def document(self, message: Message, context: Context | None = None) -> Document:
        context = context or _NO_CONTEXT
        if context.marketplace is None and self.config.marketplace:
            context = context.model_copy(update={"marketplace": self.config.marketplace})
        fields = []
        if message.subject is not None:
            fields.append(FieldView("subject", message.subject))
        fields.append(FieldView("body", message.body, html=message.format == "html"))
        if message.attachments:  # text inside PDF, DOCX, TXT files meets the same text rules
            fields.extend(FieldView(name, text) for name, text in attachment_texts(message))
        language = message.language or self.config.language or detect_fields(fields)
        return Document(
            message=message, context=context, language=language, fields=fields, config=self.config
        )

    def lint(
        self, message: Message, context: Context | None = None, *, only: str | None = None
    ) -> Report:
        """Lint one message (with `only`, just the rule of that code).

        Raises `LintTimeout` rather than hang on a pathological pattern or input."""
        doc = self.document(message, context)
        violations: list[Violation] = []
        for field in doc.fields:
            runnable = (
                self._prefilter.runnable(self._prefilter.scan(field))
                if self.use_prefilter
                else None
            )
            lines: LineIndex | None = None
            field_violations: list[Violation] = []
            for i, rule in enumerate(self._field_rules):
                if runnable is not None and i not in runnable:
                    continue
                if only is not None and rule.code != only:
                    continue
                if self._scoped[i] and not _applies(rule.rule, doc, field.name):
                    continue
                try:
                    hits = list(rule.check.run(field, doc))
                except TimeoutError as exc:
                    raise LintTimeout(rule.code, field.name, self.timeout) from exc
                for hit in hits:
                    if lines is None:
                        lines = LineIndex(field.original)
                    v = self._violation(rule, field, hit, lines)
                    if v is not None:
                        field_violations.append(v)
            if self._yield_to and field_violations:
                field_violations = _drop_yielding(
                    field_violations, field, self._yield_to, self._yield_span
                )
            violations.extend(_merge(field_violations, field.original, lines))
        for rule in self._message_rules:
            if (only is not None and rule.code != only) or not _applies(rule.rule, doc, None):
                continue
            assert isinstance(rule.check, MessageCheck)
            try:
                message_hits = list(rule.check.run_message(doc))
            except TimeoutError as exc:
                raise LintTimeout(rule.code, "message", self.timeout) from exc
            # A message rule's `yield_to` looks at the whole message (its finding has no
            # sentence): "thanks, call us at <phone>" is reported as the phone, not thanks-only.
            if message_hits and rule.rule.spec.yield_to:
                yields = set(rule.rule.spec.yield_to)
                if any(v.category in yields for v in violations):
                    continue
            for mhit in message_hits:
                mv = self._message_violation(rule, doc, mhit)
                if mv is not None:
                    violations.append(mv)
        notices: list[Notice] = []
        if any("bsm-lint-" in f.original for f in doc.fields):
            violations, notices = apply_suppressions(
                violations,
                {f.name: f.original for f in doc.fields},
                self._suppressible,
                self._active,
            )
        violations.sort(key=_order)
        return Report.trusted(
            pack=self.pack_info, violations=tuple(violations), notices=tuple(notices)
        )

    def lint_many(
        self,
        items: Iterable[BatchItem],
        *,
        workers: int = 1,
        chunksize: int | None = None,
        max_in_flight: int | None = None,
    ) -> Generator[LintResult, None, None]:
        """Lint a stream of messages (or (message, context) pairs) on `workers` processes,
        yielding one `LintResult` per item in input order; a failing item carries its error
        instead of a report. Reads the input lazily (see `bsm_lint.batch`)."""
        from .batch import iter_lint

        return iter_lint(
            self, items, workers=workers, chunksize=chunksize, max_in_flight=max_in_flight
        )

    def _message_violation(
        self, rule: CompiledRule, doc: Document, hit: MessageHit
    ) -> Violation | None:
        view = doc.field(hit.field)
        original = view.original if view is not None else ""
        if not 0 <= hit.start <= hit.end <= len(original):
            raise ValueError(f"{rule.code}: hit [{hit.start}, {hit.end}) outside {hit.field}")
        lines = LineIndex(original)
        return self._make_violation(rule, hit.field, original, hit.start, hit.end, hit.data, lines)

    def _violation(
        self, rule: CompiledRule, field: FieldView, hit: Hit, lines: LineIndex
    ) -> Violation | None:
        start, end = field.norm.span(hit.start, hit.end)
        return self._make_violation(rule, field.name, field.original, start, end, hit.data, lines)

    def _make_violation(
        self,
        rule: CompiledRule,
        field_name: str,
        original: str,
        start: int,
        end: int,
        hit_data: Mapping[str, str] | None,
        lines: LineIndex,
    ) -> Violation | None:
        matched = original[start:end]
        spec = rule.rule.spec
        for a in rule.allow:
            try:
                if a.search(matched, timeout=self.timeout):
                    return None
            except TimeoutError as exc:
                raise LintTimeout(spec.code, field_name, self.timeout) from exc
        if rule.plain_message:
            message = spec.message
        else:
            # Only the values the template names: the others would be redacted for nothing.
            names = rule.message_names
            data: dict[str, Any] = {"match": matched} if names is None or "match" in names else {}
            if hit_data:
                data.update(
                    hit_data
                    if names is None
                    else ((k, v) for k, v in hit_data.items() if k in names)
                )
            if is_sensitive(spec.category):  # messages end up in logs: never the full detail
                safe = rule.check.safe_data
                data = {
                    k: redact(v) if isinstance(v, str) and k not in safe else v
                    for k, v in data.items()
                }
            message = spec.message.format_map(_Missing(data))
        line, col = lines.line_col(start)
        end_line, end_col = lines.line_col(end)
        # Every value is the engine's own (checked above or by the pack loader): no validation.
        return Violation.trusted(
            rule_id=spec.code,
            rule_name=spec.name,
            category=spec.category,
            severity=rule.severity,
            message=message,
            field=field_name,
            start=start,
            end=end,
            line=line,
            column=col,
            end_line=end_line,
            end_column=end_col,
            match=matched,
            policy=spec.policy,
            fix=rule.fix,
        )


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _order(v: Violation) -> tuple[int, str, int, int, str]:
    return (_FIELD_ORDER.get(v.field, 2), v.field, v.start, v.end, v.rule_id)


def _drop_yielding(
    vs: list[Violation],
    field: FieldView,
    yield_to: Mapping[str, tuple[str, ...]],
    covered: frozenset[str] = frozenset(),
) -> list[Violation]:
    """Drop findings whose rule yields to a category found in the same sentence, or, for
    rules in `covered`, on a span that covers the finding's (a sentence is too wide there:
    the domain inside an email address yields, a second link in its sentence does not, nor
    does a link that only runs into an address: `(https://x.com)[mailto](mailto:a@b.c)`)."""
    if not any(v.rule_id in yield_to for v in vs):
        return vs
    if covered:
        vs = [
            v
            for v in vs
            if v.rule_id not in covered
            or not any(
                w.category in yield_to[v.rule_id] and w.start <= v.start and v.end <= w.end
                for w in vs
                if w is not v
            )
        ]
        if not any(v.rule_id in yield_to and v.rule_id not in covered for v in vs):
            return vs
    starts = field.sentence_starts
    at = _normalised_positions(field.norm, [v.start for v in vs])
    sentences = [bisect_right(starts, i) for i in at]
    by_sentence: dict[int, set[str]] = {}
    for v, n in zip(vs, sentences, strict=True):
        by_sentence.setdefault(n, set()).add(v.category)
    return [
        v
        for v, n in zip(vs, sentences, strict=True)
        if v.rule_id in covered or not (set(yield_to.get(v.rule_id, ())) & by_sentence[n])
    ]


def _normalised_positions(norm: NormalizedText, offsets: list[int]) -> list[int]:
    """For each original offset, the first normalised index whose original start is at or
    after it (the text's length if none): where sentence starts, found in the normalised
    text, can be compared. Unmapped text is its own map; else one binary search in C each."""
    size = len(norm.text)
    if norm.is_identity:
        return [min(o, size) for o in offsets]
    positions = range(size)
    return [bisect_left(positions, o, key=norm.orig_start) for o in offsets]


def _merge(vs: list[Violation], original: str, lines: LineIndex | None) -> list[Violation]:
    """Overlapping violations of one category become one: the union of their spans, reported
    by the most severe rule (the first found on a tie)."""
    if len(vs) < 2 or lines is None:
        return vs
    by_cat: dict[str, list[Violation]] = {}
    for v in vs:
        by_cat.setdefault(v.category, []).append(v)
    out: list[Violation] = []
    for group in by_cat.values():
        if len(group) == 1:
            out.extend(group)
            continue
        group.sort(key=lambda v: (v.start, -v.end))
        cluster = [group[0]]
        end = group[0].end
        for v in group[1:]:
            if v.start < end:
                cluster.append(v)
                end = max(end, v.end)
            else:
                out.append(_union(cluster, end, original, lines))
                cluster, end = [v], v.end
        out.append(_union(cluster, end, original, lines))
    return out


def _union(cluster: list[Violation], end: int, original: str, lines: LineIndex) -> Violation:
    lead = max(cluster, key=lambda v: v.severity.rank)  # max keeps the first on a tie
    start = cluster[0].start
    if start == lead.start and end == lead.end:
        return lead
    end_line, end_column = lines.line_col(end)
    line, column = lines.line_col(start)
    return lead.model_copy(
        update={
            "start": start,
            "end": end,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "match": original[start:end],
        }
    )


_cache: dict[tuple[str, str], Linter] = {}
_cache_lock = threading.Lock()


def lint(
    message: Message,
    context: Context | None = None,
    *,
    pack: Pack | str | Path | None = None,
    config: LintConfig | None = None,
) -> Report:
    """Lint one message with a cached `Linter` for this pack and config."""
    ref = pack.hash if isinstance(pack, Pack) else resolve_pack_ref(pack)
    key = (ref, config.model_dump_json() if config else "")
    linter = _cache.get(key)
    if linter is None:
        with _cache_lock:
            linter = _cache.get(key)
            if linter is None:
                linter = Linter(pack, config)
                _cache[key] = linter  # keyed by content hash or resolved folder
    return linter.lint(message, context)
