"""What the context rules share: the pack's SP-API message-type table, review-request
detection, and how dates are shown.

The message types are data (`[pack] data`, table `message_types`, one entry per kind), so a
pack can follow Amazon's model without a code change; `MessageTypes` validates the table once
per pack. A context value may name a type by its kind (`confirmOrderDetails`) or by its
operationId (`createConfirmOrderDetails`, `CreateWarranty`); both resolve to the kind.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from ..text import SPACED_WORD_CLASS, normalize
from .base import CompileContext, Document, FieldView, MessageHit
from .phrases import phrase_pattern

__all__ = [
    "MessageTypeSpec",
    "MessageTypes",
    "ReviewRequests",
    "fmt_span",
    "fmt_time",
    "language_of_locale",
    "message_types",
    "parse_message_types",
]

# A word as FieldView.tokens splits them: a phrase word of this shape is a whole token.
_WORD = re.compile(f"[{SPACED_WORD_CLASS.replace('_', '')}]+")


class MessageTypeSpec(BaseModel):
    """One row of the operation table (see rules/amazon-bsm/data/message_types.toml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    api: Literal["messaging", "solicitations"]
    operation_id: str
    path: str
    text: bool
    text_min: int = 1
    text_max: int | None = None
    attachments: Literal["none", "optional", "required"]
    attachments_min: int = 0
    attachments_max: int = 0
    critical: bool = False
    review_request: bool = False
    status: Literal["active", "removed"]
    removed_on: dt.date | None = None
    removed_commit: str | None = None
    added_on: dt.date | None = None
    added_commit: str | None = None
    links: str = ""
    fields: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> MessageTypeSpec:
        if self.text and self.text_max is None:
            raise ValueError("a type that takes text needs text_max")
        if self.status == "removed" and self.removed_on is None:
            raise ValueError("a removed type needs removed_on")
        if self.attachments == "none" and self.attachments_max:
            raise ValueError("attachments = 'none' with attachments_max > 0")
        if self.attachments != "none" and self.attachments_max < max(1, self.attachments_min):
            raise ValueError("attachments_max must be at least 1 and attachments_min")
        if self.attachments == "required" and self.attachments_min < 1:
            raise ValueError("attachments = 'required' needs attachments_min >= 1")
        return self


class MessageTypes:
    """The table, looked up by kind or operationId (case-insensitive)."""

    def __init__(self, table: Mapping[str, MessageTypeSpec]) -> None:
        self.by_kind = dict(table)
        self._alias: dict[str, str] = {}
        for kind, spec in table.items():
            self._alias[kind.lower()] = kind
            self._alias[spec.operation_id.lower()] = kind
        self.critical = frozenset(k for k, s in table.items() if s.critical)
        self.review_kinds = frozenset(k for k, s in table.items() if s.review_request)

    def resolve(self, name: str | None) -> str | None:
        """The kind `name` means, or None when unknown (or None)."""
        if name is None:
            return None
        return self._alias.get(name.strip().lower())

    def get(self, name: str | None) -> MessageTypeSpec | None:
        kind = self.resolve(name)
        return None if kind is None else self.by_kind[kind]

    def is_critical(self, name: str | None) -> bool:
        return self.resolve(name) in self.critical

    def is_review(self, name: str | None) -> bool:
        return self.resolve(name) in self.review_kinds

    def active(self) -> list[str]:
        return [k for k, s in self.by_kind.items() if s.status == "active"]


def parse_message_types(data: Mapping[str, Any]) -> MessageTypes:
    """The pack's `message_types` table; `ValueError` naming the bad entry."""
    raw = data.get("message_types")
    if not isinstance(raw, Mapping) or not raw:
        raise ValueError("the pack has no `message_types` data table (see [pack] data)")
    table: dict[str, MessageTypeSpec] = {}
    for kind, row in raw.items():
        try:
            table[kind] = MessageTypeSpec.model_validate(row)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise ValueError(
                f"message_types.{kind}{'.' + where if where else ''}: {err['msg']}"
            ) from exc
    return MessageTypes(table)


_cache: dict[int, tuple[object, MessageTypes]] = {}
_cache_lock = threading.Lock()


def message_types(ctx: CompileContext) -> MessageTypes:
    """The validated table of the pack being compiled (parsed once per pack)."""
    raw = ctx.data.get("message_types")
    key = id(raw)
    hit = _cache.get(key)
    if hit is not None and hit[0] is raw:
        return hit[1]
    try:
        parsed = parse_message_types(ctx.data)
    except ValueError as exc:
        raise ctx.rule.error(str(exc), "check") from exc
    with _cache_lock:
        if len(_cache) > 32:
            _cache.clear()
        _cache[key] = (raw, parsed)  # holding `raw` keeps its id from being reused
    return parsed


@dataclass(frozen=True, slots=True)
class _Phrase:
    """One review phrase: what a field must contain before its regex is worth running."""

    words: frozenset[str]  # whole words, all among the field's words
    prefixes: tuple[str, ...]  # `word*`: some word of the field starts so
    pieces: tuple[str, ...]  # CJK or punctuated text: substrings of the lower-cased field
    rx: re.Pattern[str]

    def may_match(self, field: FieldView) -> bool:
        tokens = field.tokens
        return (
            self.words <= tokens
            and all(p in field.lower for p in self.pieces)
            and all(any(t.startswith(p) for t in tokens) for p in self.prefixes)
        )


def _phrase(text: str) -> _Phrase:
    words: set[str] = set()
    prefixes: list[str] = []
    pieces: list[str] = []
    for w in normalize(text).text.lower().split():
        if w.endswith("*") and len(w) > 1 and _WORD.fullmatch(w[:-1]):
            prefixes.append(w[:-1])
        elif _WORD.fullmatch(w):
            words.add(w)
        else:
            pieces.append(w.rstrip("*"))
    return _Phrase(
        frozenset(words),
        tuple(prefixes),
        tuple(pieces),
        re.compile(phrase_pattern(text), re.IGNORECASE),
    )


class ReviewRequests:
    """Whether a message asks for a review or seller feedback: by its type (a solicitation)
    or by a phrase of the pack's `review_request` phrase list (phrases/review.<lang>.toml,
    like every other term list) in its subject or body.

    A phrase's regex runs only when the field holds all of its words (the field's cached
    word set), and the answer is kept for the document, so the review window and repeat
    rules cost a few microseconds on messages that ask for nothing. (One alternation of all
    phrases, each with its word-boundary look-behind, costs stdlib `re` 0.2 to 1 ms on a
    message of 900 characters.)

    Packs written before the list existed kept the phrases in a data table,
    `[review_request.phrases]`; it is still read, its phrases added to the list's."""

    LIST = "review_request"

    def __init__(self, ctx: CompileContext, types: MessageTypes) -> None:
        self.types = types
        by_lang: dict[str, list[str]] = {}
        for lang, items in ctx.lists.get(self.LIST, {}).items():
            by_lang.setdefault(lang, []).extend(items)
        table = ctx.data.get("review_request", {})
        legacy = table.get("phrases", {}) if isinstance(table, Mapping) else {}
        if not isinstance(legacy, Mapping):
            raise ctx.rule.error("review_request.phrases must be a table of lists", "check")
        for lang, items in legacy.items():
            by_lang.setdefault(str(lang), []).extend(str(t) for t in items)
        neutral = by_lang.pop("*", [])  # language-neutral entries join every language
        self._by_lang: dict[str | None, tuple[_Phrase, ...]] = {}
        every: dict[str, _Phrase] = {}
        try:
            for lang, phrases in by_lang.items():
                compiled = {t: _phrase(t) for t in (*phrases, *neutral) if t.strip()}
                self._by_lang[lang] = tuple(compiled.values())
                every.update(compiled)
            every.update((t, _phrase(t)) for t in neutral if t.strip() and t not in every)
        except (ValueError, re.error) as exc:
            raise ctx.rule.error(f"{self.LIST} phrases: {exc}", "check") from exc
        self._by_lang[None] = tuple(every.values())
        self._slot = threading.local()

    def find(self, doc: Document) -> MessageHit | None:
        """Where the message asks for a review (an empty span for a solicitation type)."""
        cached = getattr(self._slot, "value", None)
        if cached is not None and cached[0] is doc:
            hit: MessageHit | None = cached[1]
            return hit
        hit = self._find(doc)
        self._slot.value = (doc, hit)
        return hit

    def _find(self, doc: Document) -> MessageHit | None:
        ctx = doc.context
        if self.types.is_review(ctx.message_type):
            kind = self.types.resolve(ctx.message_type)
            return MessageHit("body", 0, 0, {"why": f"a {kind} solicitation"})
        phrases = self._by_lang.get(doc.language) or self._by_lang[None]
        for field in doc.fields:
            if field.name not in ("subject", "body"):
                continue
            found = [
                m for p in phrases if p.may_match(field) for m in [p.rx.search(field.text)] if m
            ]
            if found:
                m = min(found, key=lambda m: (m.start(), -m.end()))
                a, b = field.norm.span(*m.span())
                return MessageHit(field.name, a, b, {"why": f'"{field.original[a:b]}"'})
        return None


def fmt_time(t: dt.datetime) -> str:
    """A date-time as written in messages: ISO 8601 to the minute, with its offset."""
    return t.isoformat(timespec="minutes")


def fmt_span(delta: dt.timedelta) -> str:
    """A duration in days and hours, for "N after the window closed"."""
    secs = int(delta.total_seconds())
    days, rest = divmod(secs, 86400)
    hours, rest = divmod(rest, 3600)
    if days and hours:
        return f"{days} day{'s' * (days != 1)} {hours} h"
    if days:
        return f"{days} day{'s' * (days != 1)}"
    if hours:
        return f"{hours} h"
    return f"{max(rest // 60, 1)} min"


def language_of_locale(locale: str | None) -> str | None:
    """`de-DE`, `de_DE`, `DE` -> `de`."""
    if not locale:
        return None
    code = locale.strip().replace("_", "-").split("-", 1)[0].lower()
    return code or None
