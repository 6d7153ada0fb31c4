"""`template.placeholder`: placeholders whose NAME would insert contact details or links.

The engine masks placeholders so their text never matches a rule, and keeps their names.
`{{seller_email}}`, `[[website-url]]`, `${phone}` or `%SELLER_PHONE%` render into exactly what
the contact rules forbid, only later, where no linter looks. Names are read as words whatever
the syntax or separator style (`seller_email`, `website-url`, `store.Url`, `sellerEmail`), and
the word lists are pack data: which names flag (`names`, `fragments`) and which names are
needed and fine (`allow`, e.g. `tracking url`) are the rule's options, not code.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import accumulate

from ..templates import MASK_CHAR, Placeholder
from .base import Check, CheckOptions, CompileContext, Document, FieldView, Hit

# What follows the variable is not part of its name: Feedback-Genius link text
# (`[[contact-link:contact us]]`), FreeMarker built-ins (`?date`), filters, call arguments.
_CUT = re.compile(r"[:?|(]")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_WORDS = re.compile(r"[^\W_]+")
_CACHE_SIZE = 4096


def name_tokens(raw_name: str) -> tuple[str, ...]:
    """The words of a placeholder name, lower-cased: `$store.sellerEmail | e` gives
    ('store', 'seller', 'email'). CJK runs stay one word (matched by fragments)."""
    core = _CUT.split(raw_name, maxsplit=1)[0]
    return tuple(w.lower() for w in _WORDS.findall(_CAMEL.sub(" ", core)))


def normalized_range(field: FieldView, start: int, end: int) -> tuple[int, int] | None:
    """The range of `field.text` whose original span is exactly `[start, end)`, or None.

    The mask keeps a placeholder's length and normalisation copies mask characters one to
    one, so such a range exists; it is found by bisecting the monotonic offset map rather
    than assumed, so a change in normalisation cannot silently shift findings."""
    norm = field.norm
    if norm.is_identity:
        return start, end
    n = len(field.text)
    i = bisect_left(range(n + 1), start, key=norm.orig_start)
    j = bisect_left(range(n + 1), end, key=norm.orig_start)
    if i >= j or norm.span(i, j) != (start, end):
        return None
    return i, j


class PlaceholderOptions(CheckOptions):
    #: Word sequences that make a name flagged: "email", "e mail", "line id".
    names: tuple[str, ...] = ()
    #: Substrings of one word that flag it: "email" finds `selleremail`, "url" `storeurl`.
    fragments: tuple[str, ...] = ()
    #: Word sequences whose flagged words are fine (needed links): "tracking url".
    allow: tuple[str, ...] = ()
    #: Placeholder syntaxes (see templates.py) not checked: a `{% if x %}` block inserts nothing.
    skip_syntaxes: tuple[str, ...] = ("jinja-block",)


def _sequences(entries: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Word sequences indexed by their first word."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries:
        seq = name_tokens(entry)
        if seq:
            out.setdefault(seq[0], []).append(seq)
    return out


def _occurrences(
    tokens: tuple[str, ...], index: dict[str, list[tuple[str, ...]]]
) -> Iterator[range]:
    for i, tok in enumerate(tokens):
        for seq in index.get(tok, ()):
            if tokens[i : i + len(seq)] == seq:
                yield range(i, i + len(seq))


class PlaceholderCheck(Check):
    kind = "template.placeholder"
    Options = PlaceholderOptions
    options: PlaceholderOptions
    provides = frozenset({"name", "syntax"})
    # A field has placeholders only if masking left its mark.
    keyword_groups = (frozenset({(False, MASK_CHAR)}),)

    def __init__(self, options: PlaceholderOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        if not options.names and not options.fragments:
            raise ctx.error("a template.placeholder rule needs `names` or `fragments`", "names")
        for key, entries in (("names", options.names), ("allow", options.allow)):
            for i, entry in enumerate(entries):
                if not name_tokens(entry):
                    raise ctx.error(f"entry {entry!r} has no word", key, i)
        self._names = _sequences(options.names)
        self._allow = _sequences(options.allow)
        frags = sorted({f.lower() for f in options.fragments if f}, key=len, reverse=True)
        self._fragments = re.compile("|".join(map(re.escape, frags))) if frags else None
        self._skip = frozenset(options.skip_syntaxes)
        self._verdicts: dict[str, bool] = {}

    def flags(self, raw_name: str) -> bool:
        """True when the name would insert what this rule is about (cached per name)."""
        verdict = self._verdicts.get(raw_name)
        if verdict is None:
            verdict = self._judge(name_tokens(raw_name))
            if len(self._verdicts) < _CACHE_SIZE:
                self._verdicts[raw_name] = verdict
        return verdict

    def _judge(self, tokens: tuple[str, ...]) -> bool:
        flagged = {i for r in _occurrences(tokens, self._names) for i in r}
        if self._fragments is not None:
            flagged.update(self._fragment_positions(tokens))
        if not flagged:
            return False
        covered = {i for r in _occurrences(tokens, self._allow) for i in r}
        return not flagged <= covered

    def _fragment_positions(self, tokens: tuple[str, ...]) -> Iterator[int]:
        """Words a fragment touches, searched in the words run together, so that a split
        name still matches: `WhatsApp` reads as ('whats', 'app'), `e_mail` as ('e', 'mail')."""
        assert self._fragments is not None
        ends = list(accumulate(len(t) for t in tokens))
        for m in self._fragments.finditer("".join(tokens)):
            first = bisect_right(ends, m.start())
            last = bisect_left(ends, m.end())
            yield from range(first, last + 1)

    def _placeholders(self, field: FieldView) -> Iterator[Placeholder]:
        for p in field.placeholders:
            if p.syntax not in self._skip and self.flags(p.raw_name):
                yield p

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        for p in self._placeholders(field):
            span = normalized_range(field, p.start, p.end)
            if span is not None:
                yield Hit(span[0], span[1], {"name": p.name, "syntax": p.syntax})
