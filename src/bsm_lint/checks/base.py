"""The uniform interface of every check kind, and the views of a message that checks read.

A check kind is a class with an `Options` model (its keys in a rule's `[options]` table,
unknown keys rejected), a constructor that compiles everything once, `keyword_groups` for
the prefilter, and `run(field, doc)` yielding `Hit`s in normalised coordinates. That is all
a new check kind has to provide; the engine does mapping, merging, ordering and messages.
"""

from __future__ import annotations

import importlib
import re
import sys
import warnings
from abc import ABC, abstractmethod
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, ClassVar

import regex
from pydantic import BaseModel, ConfigDict, ValidationError

from ..config import LintConfig
from ..errors import PackError
from ..model import Context, Message
from ..packs.loader import PackRule
from ..suppress import find_directive_spans
from ..templates import MASK_CHAR, Placeholder, find_placeholders, mask_spans
from ..text import CJK_CLASS, SPACED_WORD_CLASS, NormalizedText, normalize

__all__ = [
    "Check",
    "CheckOptions",
    "CompileContext",
    "Document",
    "FieldView",
    "Hit",
    "Keyword",
    "MessageCheck",
    "MessageHit",
]

#: A prefilter keyword: (is_whole_token, lower-case text). Tokens are matched against the
#: set of words of a field; other keywords are plain substring tests.
Keyword = tuple[bool, str]

_ASCII_NON_WORD = "".join(chr(c) for c in range(128) if not chr(c).isalnum())
_TO_SPACES = str.maketrans(_ASCII_NON_WORD, " " * len(_ASCII_NON_WORD))
_TOKEN = re.compile(f"[{SPACED_WORD_CLASS.replace('_', '')}]+")
# Non-ASCII characters outside `_TOKEN`'s class, and a byte table turning every ASCII
# character outside it into a space (UTF-8 bytes of other characters pass unchanged).
_NON_WORD_NON_ASCII = re.compile(f"[^\\x00-\\x7f{SPACED_WORD_CLASS.replace('_', '')}]")
_BYTES_TO_SPACES = bytes(b if b >= 128 or chr(b).isalnum() else 32 for b in range(256))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Whether a non-ASCII character ends a word (`_NON_WORD_NON_ASCII`), remembered: a text has
#: a few dozen distinct ones, and the same ones come back message after message.
_ENDS_WORD: dict[str, bool] = {}
# Sentence ends: terminal punctuation before space, end or CJK; blank lines; list bullets.
# Every alternative starts with one character of one class, written first, so that `re`
# skips to candidates with its fast character-set scan (an alternation of repeats gets no
# such scan, and tried three branches at every position: 20 us a message, now 8). The
# lookbehinds pick the branch the first character began. Readable form, with the same
# matches (tests/test_field_views.py holds them equal):
#   [.!?;。！？]+["')\]]*(?=\s|$|[CJK]) | \n\n | \n(?=[ \t]*(?:[-*•·]|\d+[.)])\s)
_ENDS = ".!?;。！？"
_SENTENCE_END = re.compile(
    rf"[{_ENDS}\n](?:(?<=[{_ENDS}])[{_ENDS}]*[\"')\]]*(?=\s|$|[{CJK_CLASS}])"
    r"|(?<=\n)\n|(?<=\n)(?=[ \t]*(?:[-*•·]|\d+[.)])\s))"
)
# A stretch that may hold a number: a digit, `+` or `(`, then six or more digits, brackets,
# `+`, spaces, `./-`, line breaks, or letters written for digits (O, I, l).
_NUMBER_STRETCH = re.compile(r"[0-9+(][0-9()+ ./\-\nOIl]{6,}")
# What counts as one word when measuring distance: a word of a spaced script, up to three
# CJK characters, or a masked placeholder.
WORD_UNIT = re.compile(f"[{SPACED_WORD_CLASS}]+|[{CJK_CLASS}]{{1,3}}|{MASK_CHAR}+")


class LinearPattern:
    """A pattern whose matching is linear by construction, run on stdlib `re` without a
    timeout (several times faster than `regex`, whose timeout alone costs microseconds a
    call). Two sources: tries bsm-lint generates from literal phrase lists (`\\s+` between
    words, `[word]*` after wildcards, no nested quantifier), and pack regexes of bounded
    width (see `bounded_width`). Other raw pack regexes run on `regex` with the timeout."""

    __slots__ = ("_rx", "pattern")

    def __init__(self, source: str, flags: int) -> None:
        self.pattern = source
        self._rx = _compile_linear(source, flags)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize, *, timeout: float | None = None
    ) -> Iterator[re.Match[str]]:
        return self._rx.finditer(string, pos, endpos)

    def search(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize, *, timeout: float | None = None
    ) -> re.Match[str] | None:
        return self._rx.search(string, pos, endpos)

    def match(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize, *, timeout: float | None = None
    ) -> re.Match[str] | None:
        return self._rx.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize, *, timeout: float | None = None
    ) -> re.Match[str] | None:
        return self._rx.fullmatch(string, pos, endpos)


@lru_cache(maxsize=4096)
def _compile_linear(source: str, flags: int) -> re.Pattern[str]:
    """Compiled once per process, whatever the number of Linters (stdlib `re` forgets
    patterns past 512, and compiling a big phrase trie costs milliseconds)."""
    return re.compile(source, flags)


_re_parser: Any = importlib.import_module("re._parser")
#: Widest match a pack regex may have and still run without a timeout; `bounded_width`.
MAX_BOUNDED_WIDTH = 512
# `regex`-only syntax that stdlib `re` reads differently or not at all.
_REGEX_ONLY = re.compile(r"\\[pPXGKmMLN]|\[\[:|\(\?[|>&r]|\(\?V|\{[ei]\s*[<=]")


def bounded_width(pattern: str, flags: int) -> bool:
    """True when `pattern` can run on stdlib `re` with no timeout: it compiles there to the
    same meaning, has no lookaround, and no match is wider than `MAX_BOUNDED_WIDTH`. Then
    the work at each start position is bounded by the pattern alone, so a search is linear
    in the text, whatever the input (URL path rules such as `^/(dp|gp/product)/` qualify;
    anything with `*`, `+` or `{n,}` does not)."""
    if _REGEX_ONLY.search(pattern) or "(?=" in pattern or "(?!" in pattern or "(?<" in pattern:
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            parsed = _re_parser.parse(pattern, flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL))
            re.compile(pattern, flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL))
    except (re.error, Warning, RecursionError, OverflowError):
        return False
    _, widest = parsed.getwidth()
    return bool(widest <= MAX_BOUNDED_WIDTH)


#: What phrase-list compilers hand to checks: a `regex` pattern (raw pack regexes, with a
#: timeout) or a `LinearPattern` (generated from phrases).
Matcher = regex.Pattern[str] | LinearPattern


@dataclass(frozen=True, slots=True)
class Hit:
    """A finding in a field's normalised text. `data` fills the rule's message template."""

    start: int
    end: int
    data: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class MessageHit:
    """A finding of a message-level check: which field it points at, and where in that
    field's ORIGINAL text (an empty span at 0 when the finding is about the whole field or
    about context, such as a date or an attachment without text)."""

    field: str
    start: int = 0
    end: int = 0
    data: Mapping[str, str] | None = None


class FieldView:
    """One field of a message as rules see it: original, masked, normalised, lower-cased."""

    def __init__(self, name: str, original: str, *, html: bool = False) -> None:
        self.name = name
        self.original = original
        self.html = html
        self.placeholders: list[Placeholder] = find_placeholders(original)
        # Suppression directives sit in comments the buyer never sees: masked like placeholders.
        spans = [(p.start, p.end) for p in self.placeholders] + find_directive_spans(original)
        self.norm: NormalizedText = normalize(mask_spans(original, spans), html=html)
        self.text = self.norm.text

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def tokens(self) -> frozenset[str]:
        """The words of the field (spaced scripts only), lower-cased, for the prefilter."""
        low = self.lower
        if low.isascii():
            return frozenset(low.translate(_TO_SPACES).split())
        # The characters that end a word besides ASCII ones (CJK, symbols, odd spaces) made
        # spaces one by one, then ASCII ones through the bytes: `_TOKEN.findall` and
        # `str.translate` both cost a step per character on non-ASCII text.
        for ch in self.non_ascii:
            ends = _ENDS_WORD.get(ch)
            if ends is None:
                if len(_ENDS_WORD) >= 65536:
                    _ENDS_WORD.clear()
                ends = _ENDS_WORD[ch] = _NON_WORD_NON_ASCII.match(ch) is not None
            if ends:
                low = low.replace(ch, " ")
        return frozenset(low.encode().translate(_BYTES_TO_SPACES).decode().split())

    @cached_property
    def non_ascii(self) -> frozenset[str]:
        """The distinct non-ASCII characters of `lower`: the tokens, the prefilter's index
        by character and the language's letter hints test these few (a handful, even in
        German or Japanese text) instead of scanning the text again, or building a set of
        every character of it."""
        low = self.lower
        return frozenset() if low.isascii() else frozenset(_NON_ASCII.findall(low))

    @cached_property
    def number_stretches(self) -> list[tuple[int, int]]:
        """Spans of the text that may hold a number (see `_NUMBER_STRETCH`), in order. A
        phone number lies in one, and so does a card number (digits, spaces and dashes,
        13 or more): found once per field for every check that looks for either."""
        return [m.span() for m in _NUMBER_STRETCH.finditer(self.text)]

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Where each sentence begins. A sentence end that closes nothing ("!" then a blank
        line are two ends; a trailing end) is dropped, so no sentence is empty or blank and
        "the next sentence" is always one the buyer reads."""
        text = self.text
        starts = [0]
        # "Holds a non-space" as `not isspace()` of a non-empty slice: the same Unicode
        # whitespace as regex `\S`, without a regex call per sentence.
        for m in _SENTENCE_END.finditer(text):
            a, b = starts[-1], m.start()
            if a < b and not text[a:b].isspace():
                starts.append(m.end())
        if len(starts) > 1 and (starts[-1] >= len(text) or text[starts[-1] :].isspace()):
            starts.pop()
        return starts

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The span of the sentence holding `pos` (see `sentence_starts`)."""
        starts = self.sentence_starts
        i = bisect_right(starts, pos)
        return starts[i - 1], starts[i] if i < len(starts) else len(self.text)


@dataclass
class Document:
    """A message being linted: its fields, its language, its context, the user's config."""

    message: Message
    context: Context
    language: str | None
    fields: list[FieldView]
    config: LintConfig

    def field(self, name: str) -> FieldView | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None


class CheckOptions(BaseModel):
    """Base of every check kind's options: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass
class CompileContext:
    """What a check needs to compile a rule: the rule, the pack's phrase lists, the budget."""

    rule: PackRule
    lists: Mapping[str, Mapping[str, tuple[str, ...]]]
    timeout: float
    #: The pack's data tables (`[pack] data = [...]` files), e.g. the SP-API message types.
    data: Mapping[str, Any] = field(default_factory=dict)
    _regex_cache: dict[tuple[str, int], Any] = field(default_factory=dict)

    def error(self, problem: str, *path: str | int) -> PackError:
        return self.rule.error(problem, "options", *path)

    def compile_regex(self, pattern: str, flags: int, *path: str | int) -> regex.Pattern[str]:
        """Compile a pack-supplied pattern with `regex`, rejecting what could hang."""
        from .phrases import nested_quantifier

        key = (pattern, flags)
        if key in self._regex_cache:
            compiled: regex.Pattern[str] = self._regex_cache[key]
            return compiled
        bad = nested_quantifier(pattern)
        if bad:
            raise self.error(
                f"regex has a nested quantifier near {bad!r} (catastrophic backtracking)", *path
            )
        try:
            compiled = regex.compile(pattern, flags | regex.V0)
        except regex.error as exc:
            raise self.error(f"bad regex: {exc}", *path) from exc
        self._regex_cache[key] = compiled
        return compiled

    def compile_matcher(self, pattern: str, flags: int, *path: str | int) -> Matcher:
        """`compile_regex`, except that a pattern of bounded width runs on stdlib `re`
        without the per-call timeout (`bounded_width`): same matches, a tenth of the cost."""
        compiled = self.compile_regex(pattern, flags, *path)  # validates, reports errors
        std = flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL)
        if bounded_width(pattern, std):
            return LinearPattern(pattern, std)
        return compiled


class Check(ABC):
    """A compiled rule of one check kind."""

    kind: ClassVar[str]
    Options: ClassVar[type[CheckOptions]] = CheckOptions
    #: Names a rule's message template may use, besides those every check gives.
    provides: ClassVar[frozenset[str]] = frozenset()
    #: Of those, the ones that never carry contact data (a region code, a network name), so
    #: messages of contact rules may show them unredacted.
    safe_data: ClassVar[frozenset[str]] = frozenset()

    #: Prefilter: the check runs only if every group has a keyword in the field. Empty: always.
    keyword_groups: tuple[frozenset[Keyword], ...] = ()

    def __init__(self, options: CheckOptions, ctx: CompileContext) -> None:
        self.options = options
        self.timeout = ctx.timeout

    @classmethod
    def build(cls, raw_options: Mapping[str, Any], ctx: CompileContext) -> Check:
        try:
            options = cls.Options.model_validate(dict(raw_options))
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = [p for p in err["loc"] if isinstance(p, str | int)]
            problem = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            raise ctx.error(problem, *loc) from exc
        return cls(options, ctx)

    @abstractmethod
    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        """Yield hits in `field.text` (normalised) coordinates."""


class MessageCheck(Check):
    """A check that judges the message as a whole (its context, dates, type, attachments)
    rather than one text field: it runs once per message, after the field checks, and is
    not prefiltered."""

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        return iter(())

    @abstractmethod
    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        """Yield hits that name their field, in that field's original coordinates."""
