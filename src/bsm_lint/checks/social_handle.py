"""`social.handle`: a handle (`@brightkitchen`, `bk_shop88`, `name#1234`) or a chat number that
a network or chat-app name (or a follow verb) vouches for.

A bare `@name` is not enough: `@home` product lines, `2 @ 3.99` prices and the local part of
an email all contain an `@`. What makes `@brightkitchen` a way to reach the seller is the
label next to it ("Instagram @brightkitchen", "follow @brightkitchen", "@bk をフォロー").
Neither `pattern` nor `proximity` can say that and still report only the handle, which is
what a redaction must replace; hence this kind. The labels, id words ("ID", "username") and
words that are no handle ("WeChat: none") are phrase lists, so each language adds its own.

Three shapes of handle, each paired with a label in its own way:

* `@name` and Discord's `name#1234`: a label within `max_words` words before it (or after
  it, with `label_after`) in the same sentence;
* a bare `name` (with `bare`): right after the label and a `:`, an id word or both
  ("IG: bk_shop", "WeChat ID bk_shop", "LINEのIDはbk123です"), or after a joiner when the id
  word stands before the label ("notre identifiant Snapchat est bk75", "il nostro ID
  Telegram è bk_help");
* a phone-like number (with `target = "number"`): near a chat-app label ("WhatsApp: +1 ...").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from ..text import CJK_CLASS
from .base import WORD_UNIT, Check, CheckOptions, CompileContext, Document, FieldView, Hit
from .intent import Gate
from .pattern import LanguageRegexes


class SocialHandleOptions(CheckOptions):
    #: Network names matched in any case; `exact_case_labels` only as written (one of the
    #: two lists must be given).
    labels: tuple[str, ...] = ()
    exact_case_labels: tuple[str, ...] = ()
    target: Literal["handle", "number"] = "handle"
    max_words: int = Field(default=3, ge=0, le=10)
    label_after: bool = True
    bare: bool = False
    id_words: tuple[str, ...] = ()
    joiners: tuple[str, ...] = ()
    not_handles: tuple[str, ...] = ()


# Characters of an email local part: an `@` right after one of them starts a domain.
_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
# `@name`: letters, digits, `_`, inner `.` and `-` (LINE ids), 1 to 40 characters.
_AT = re.compile(r"@([A-Za-z0-9_](?:[A-Za-z0-9_.\-]{0,38}[A-Za-z0-9_])?)")
_DISCORD = re.compile(r"(?<![\w#@])([A-Za-z0-9_][A-Za-z0-9_.]{1,31}#[0-9]{4})(?![\w#])")
# A bare handle after `label:`; a Skype `live:` prefix and a `#1234` tag belong to it.
_BARE = re.compile(
    r"([\"'“«「『(\[]?)"
    r"((?:live:)?[A-Za-z0-9_](?:[A-Za-z0-9_.\-]{0,38}[A-Za-z0-9_])?(?:#[0-9]{4})?)"
)
_CLOSERS = {"(": ")", "[": "]", "「": "」", "『": "』", "«": "»", "“": "”", '"': '"', "'": "'"}
_SEP = re.compile(r"[ \t]{0,3}(?:[:=][ \t]{0,3}|[-–][ \t]{1,3}(?=\S))")
# Between a label and what follows: spaces, the particle の, or a hyphen ("Instagram-Konto").
_SPACE = re.compile(r"-(?=[A-Za-z\u00c0-\u024f])|[ \t]{0,3}(?:の[ \t]{0,2})?")
# `@5pm`, `@3.99`, `@2x`, `@10kg`: times, prices and sizes, not names.
_QUANTITY = re.compile(
    r"[0-9]+(?:[.:,][0-9]+)*(?:am|pm|h|hrs?|uhr|min|x|pcs?|st|nd|rd|th|k|kg|g|lbs?|oz|cm|mm|m|ml|l)?",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[A-Za-z]")
# A bare token that ends its clause is the whole value of `label:`.
_CLAUSE_END = re.compile(rf"[ \t]*(?:$|[\n,;!?)\]」』”\"'|/]|\.(?:\s|$)|[{CJK_CLASS}])")
_HANDLE_SHAPE = re.compile(r"[0-9_.\-#:]|[a-z][A-Z]")
# A name that ends in a top-level domain is a web or email address: the link rules' job.
_DOMAIN_END = re.compile(
    r"\.(?:com|net|org|info|biz|io|co|shop|store|online|site|de|uk|fr|es|it|jp|eu|us|ca|au|nl|"
    r"be|at|ch|pl|se|me|tv|app|html?|php|pdf|png|jpe?g|gif)$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w+.,/-])\+?\(?[0-9][0-9 ()./\-]{5,22}[0-9](?![\w/-])")
# Dates look like numbers: 2025-07-23, 02/19/2024, 19.02.2024.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}")
_MIN_DIGITS, _MAX_DIGITS = 7, 15


class SocialHandleCheck(Check):
    kind = "social.handle"
    Options = SocialHandleOptions
    options: SocialHandleOptions
    provides = frozenset({"handle", "label"})
    safe_data = frozenset({"label"})

    def __init__(self, options: SocialHandleOptions, ctx: CompileContext) -> None:
        super().__init__(options, ctx)
        if not options.labels and not options.exact_case_labels:
            raise ctx.error("a social.handle rule needs `labels` or `exact_case_labels`", "labels")
        flags = regex.IGNORECASE
        self.labels = LanguageRegexes(ctx, options.labels, (), flags, "labels")
        self.exact = (
            LanguageRegexes(ctx, options.exact_case_labels, (), 0, "exact_case_labels")
            if options.exact_case_labels
            else None
        )
        self.id_words = (
            LanguageRegexes(ctx, options.id_words, (), flags, "id_words")
            if options.id_words
            else None
        )
        self.joiners = (
            LanguageRegexes(ctx, options.joiners, (), flags, "joiners") if options.joiners else None
        )
        self.not_handles = (
            LanguageRegexes(ctx, options.not_handles, (), flags, "not_handles")
            if options.not_handles
            else None
        )
        # Per-language keys of the label lists: the engine's prefilter knows the keys of
        # every language together, so a field often runs the label regexes (a lookbehind at
        # every position, tens of microseconds) with no key of its own language in it.
        self._gates = tuple(
            _ascii_gate(lr, ctx) if lr is not None else None for lr in (self.labels, self.exact)
        )
        anchors = set(self.labels.anchors())
        if self.exact is not None:
            anchors |= self.exact.anchors()
        groups: list[frozenset[tuple[bool, str]]] = [frozenset(anchors)]
        if options.target == "handle" and not options.bare:
            groups.append(frozenset({(False, "@"), (False, "#")}))
        self.keyword_groups = tuple(groups)

    # -- labels ----------------------------------------------------------------------------

    def _labels(self, field: FieldView, language: str | None) -> list[tuple[int, int]]:
        text = field.text
        ascii_text = text.isascii()
        found: list[tuple[int, int]] = []
        for lr, gate in zip((self.labels, self.exact), self._gates, strict=True):
            rx = lr.get(language) if lr is not None else None
            if rx is None:
                continue
            if ascii_text and gate is not None and gate.present(field, language) is None:
                continue  # no key of the language: the regex cannot match (see `_ascii_gate`)
            for m in rx.finditer(text, timeout=self.timeout):
                s, e = m.span()
                if s == e or _in_address(text, s, e):
                    continue
                found.append((s, e))
        found.sort()
        return found

    # -- handles ---------------------------------------------------------------------------

    def run(self, field: FieldView, doc: Document) -> Iterator[Hit]:
        text = field.text
        labels = self._labels(field, doc.language)
        if not labels:
            return
        seen: set[tuple[int, int]] = set()
        starts = _clause_starts(text, field.sentence_starts)
        if self.options.target == "number":
            candidates = list(self._numbers(text))
        else:
            label_ends = {e for _, e in labels}
            candidates = list(self._at_handles(text, label_ends))
            candidates.extend(_discord_tags(text))
            if self.options.bare:
                for s, e in labels:
                    bare = self._bare_after(text, e, doc.language, self._id_before(text, s, doc))
                    if bare is not None and bare not in seen:
                        seen.add(bare)
                        yield self._hit(text, bare, (s, e))
                for bare, far in self._bare_after_far_id(text, labels, doc.language, starts):
                    if bare not in seen:
                        seen.add(bare)
                        yield self._hit(text, bare, far)
        id_ends = self._id_word_ends(text, doc.language)
        for cand in candidates:
            if cand in seen:
                continue
            label = self._label_near(text, cand, labels, starts)
            if label is None and _id_right_before(text, cand[0], id_ends):
                label = _nearest_before(labels, cand[0])
            if label is not None:
                seen.add(cand)
                yield self._hit(text, cand, label)

    def _id_word_ends(self, text: str, language: str | None) -> set[int]:
        rx = self.id_words.get(language) if self.id_words is not None else None
        if rx is None:
            return set()
        return {m.end() for m in rx.finditer(text, timeout=self.timeout)}

    def _bare_after_far_id(
        self, text: str, labels: list[tuple[int, int]], language: str | None, starts: list[int]
    ) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
        """ "Snapchat, our username is bk_co": an id word a few words after the label, in its
        sentence, then the name. Only a name that looks like a handle (digits, `_`, `.`) or
        one after `is` or `:` counts, since the id word no longer touches the label."""
        rx = self.id_words.get(language) if self.id_words is not None else None
        if rx is None:
            return
        for m in rx.finditer(text, labels[0][1], timeout=self.timeout):
            label = _nearest_before(labels, m.start())
            if label is None:
                continue
            if bisect_right(starts, label[0]) != bisect_right(starts, m.start()):
                continue
            if len(WORD_UNIT.findall(text, label[1], m.start())) > self.options.max_words:
                continue
            bare = self._bare_after(text, m.start(), language, strict=True)
            if bare is None:  # "my username over there is pine_jane": two words, then `is`
                gap = _TWO_WORDS.match(text, m.end())
                if gap is not None and gap.end() > m.end():
                    bare = self._bare_after(text, gap.end(), language, True, strict=True)
            if bare is not None:
                yield bare, label

    def _hit(self, text: str, span: tuple[int, int], label: tuple[int, int]) -> Hit:
        return Hit(
            span[0],
            span[1],
            {"handle": text[span[0] : span[1]], "label": text[label[0] : label[1]]},
        )

    def _at_handles(self, text: str, label_ends: set[int]) -> Iterator[tuple[int, int]]:
        for m in _AT.finditer(text):
            s = m.start()
            if s > 0 and text[s - 1] in _LOCAL and s not in label_ends:
                continue  # jane@shop: an email, unless it is `LINE@shop`
            if s > 0 and text[s - 1] == "/":
                continue  # inside a URL path: the link rules' job
            name = m.group(1)
            # "IG: @wildroot.shop": right after its label, a dotted name is the handle itself
            # (Instagram allows dots); elsewhere `@shop.com` reads as an address.
            if _is_not_a_name(name, domain_ok=s - 1 in label_ends or s - 2 in label_ends):
                continue
            after = m.end()
            if after < len(text) and (
                text[after] in "@/" or (text[after] == "." and _word_at(text, after + 1))
            ):
                continue  # `@shop.com/...`: an address
            yield s, m.end()

    def _numbers(self, text: str) -> Iterator[tuple[int, int]]:
        for m in _NUMBER.finditer(text):
            s, e = m.span()
            value = m.group()
            while value and value[-1] in " .-(":
                value = value[:-1]
                e -= 1
            digits = sum(c.isdigit() for c in value)
            if not _MIN_DIGITS <= digits <= _MAX_DIGITS or _DATE.fullmatch(value):
                continue
            yield s, e

    def _id_before(self, text: str, label_start: int, doc: Document) -> bool:
        """An id word ends right before the label: "identifiant Snapchat", "ID Telegram"."""
        rx = self.id_words.get(doc.language) if self.id_words is not None else None
        if rx is None or label_start == 0 or text[label_start - 1] != " ":
            return False
        start = max(0, label_start - 24)
        return any(
            m.end() == label_start - 1
            for m in rx.finditer(text, start, label_start - 1, timeout=self.timeout)
        )

    def _bare_after(
        self,
        text: str,
        pos: int,
        language: str | None,
        id_before: bool = False,
        strict: bool = False,
    ) -> tuple[int, int] | None:
        """The handle right after a label at `pos`: `: name`, ` ID name`, ` ID is name`, and
        ` is name` when an id word stood before the label."""
        pos = _skip(_SPACE, text, pos)
        end = self._phrase_at(self.id_words, text, pos, language)
        pos_id = end - pos  # > 0: the id word itself starts here (not only `id_before`)
        had_id = end > pos or id_before
        pos = max(pos, end)
        sep = _SEP.match(text, pos)
        had_sep = sep is not None
        if sep is not None:
            pos = sep.end()
        joined = False
        jpos = _skip(_SPACE, text, pos)
        end = self._phrase_at(self.joiners, text, jpos, language)
        if end > jpos:
            if had_id or had_sep:  # "ID is name", ": ist name"
                pos, had_sep = end, True
            else:  # "our fb is /name": only a name shaped like a handle, below
                pos, joined = end, True
        if not (had_id or had_sep or joined):
            return None
        pos = _skip(_SPACE, text, pos)
        slash = joined and text.startswith("/", pos)  # a profile path: "fb is /wildroot"
        m = _BARE.match(text, pos + 1 if slash else pos)
        if m is None:
            return None
        s, e = m.span(2)
        name = m.group(2)
        if joined and not slash and _HANDLE_SHAPE.search(name) is None:
            return None  # "our Instagram is growing"
        opener = m.group(1)
        if opener and not text.startswith(_CLOSERS[opener], e):
            return None  # "[handle removed]": a bracketed phrase, not a quoted name
        if e < len(text) and (text[e] == "@" or (text[e] in "./" and _word_at(text, e + 1))):
            return None  # the start of an email or web address
        if _is_not_a_name(name) or self._excluded(text, s, e, language):
            return None
        if strict and _HANDLE_SHAPE.search(name) is None and not (had_sep and pos_id > 0):
            return None  # far from the label, only a handle-shaped name, or "username: x"
        if had_id and had_sep:
            return s, e  # "WeChat ID: name", "WeChat ID is name"
        if _HANDLE_SHAPE.search(name) is None and _CLAUSE_END.match(text, e) is None:
            return None  # "Instagram: coming soon" is a sentence, not a handle
        return s, e

    def _phrase_at(
        self, lr: LanguageRegexes | None, text: str, pos: int, language: str | None
    ) -> int:
        """End of a phrase of `lr` starting at `pos`, or -1."""
        rx = lr.get(language) if lr is not None else None
        m = rx.match(text, pos, timeout=self.timeout) if rx is not None else None
        return m.end() if m is not None else -1

    def _excluded(self, text: str, s: int, e: int, language: str | None) -> bool:
        if self.not_handles is None:
            return False
        rx = self.not_handles.get(language)
        if rx is None:
            return False
        m = rx.fullmatch(text, s, e, timeout=self.timeout)
        return m is not None

    def _label_near(
        self,
        text: str,
        cand: tuple[int, int],
        labels: list[tuple[int, int]],
        starts: list[int],
    ) -> tuple[int, int] | None:
        sent = bisect_right(starts, cand[0])
        best: tuple[int, tuple[int, int]] | None = None
        for label in labels:
            if label[1] <= cand[0]:
                gap_from, gap_to = label[1], cand[0]
            elif self.options.label_after and label[0] >= cand[1]:
                gap_from, gap_to = cand[1], label[0]
            else:
                continue
            if bisect_right(starts, label[0]) != sent:
                continue
            gap = len(WORD_UNIT.findall(text, gap_from, gap_to))
            if gap <= self.options.max_words and (best is None or gap < best[0]):
                best = (gap, label)
        return best[1] if best is not None else None


# Up to two words between a far id word and its joiner: "username over there is".
_TWO_WORDS = re.compile(r"(?:[ \t]+[A-Za-z]+){1,2}(?=[ \t])")
# Between an id word and an `@name`: "アカウントは@x", "username: @x", "account is @x".
_ID_GAP = re.compile(r"[ \t]{0,2}(?:は|:|：|=|is|ist|est|es|è)?[ \t]{0,2}")


def _id_right_before(text: str, at: int, id_ends: set[int]) -> bool:
    """An id word right before an `@name` makes it a handle even when the network was named
    in another sentence ("X（旧Twitter）でDM... アカウントは@x")."""
    if not id_ends:
        return False
    start = max(0, at - 8)
    return any(
        e <= at and _ID_GAP.fullmatch(text, e, at) is not None for e in id_ends if e >= start
    )


def _clause_starts(text: str, starts: list[int]) -> list[int]:
    """Sentence starts, less those right after a `;`: "Snapchat is quickest; my username is
    bk_snaps" names the network and the handle in one statement."""
    if ";" not in text:
        return starts
    return [s for s in starts if not _after_semicolon(text, s)]


def _after_semicolon(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] == ";"


def _nearest_before(labels: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    best = None
    for label in labels:
        if label[1] <= pos:
            best = label
    return best


def _skip(rx: re.Pattern[str], text: str, pos: int) -> int:
    m = rx.match(text, pos)
    return m.end() if m is not None else pos


def _discord_tags(text: str) -> Iterator[tuple[int, int]]:
    if "#" not in text:
        return
    for m in _DISCORD.finditer(text):
        if _LETTER.search(m.group(1)):
            yield m.span(1)


def _is_not_a_name(name: str, domain_ok: bool = False) -> bool:
    return (
        _LETTER.search(name) is None
        or _QUANTITY.fullmatch(name) is not None
        or (not domain_ok and _DOMAIN_END.search(name) is not None)
    )


def _word_at(text: str, i: int) -> bool:
    return i < len(text) and text[i].isalnum()


def _ascii_gate(lr: LanguageRegexes, ctx: CompileContext) -> Gate | None:
    """The per-language keys of `lr`, to skip its regex on ASCII text holding none of them.

    Every match holds a key, lower-cased, of its term: exactly so on ASCII text, where
    `lower()` keeps lengths and case-insensitive matching folds as `lower()` does, unless a
    key has a character that matches an ASCII letter only case-insensitively (`ı`, `İ`):
    then no gate. Raw regexes have no keys: no gate either."""
    if lr.regexes:
        return None
    gate = Gate(lr, ctx)
    chars = {c for whole, subs in gate._by_lang.values() for k in (*whole, *subs) for c in k}
    folds = [c for c in chars if not c.isascii() and _FOLDS_TO_ASCII.fullmatch(c)]
    return None if folds else gate


# A character that matches an ASCII letter case-insensitively (`ı`, `ſ`, the Kelvin sign).
_FOLDS_TO_ASCII = re.compile("[a-z]", re.IGNORECASE)


def _in_address(text: str, s: int, e: int) -> bool:
    """A label inside a web or email address (`instagram.com`, `www.facebook`, `@tiktok`)."""
    if s > 0 and text[s - 1] in "./@":
        return True
    return e < len(text) - 1 and text[e] == "." and text[e + 1].isalnum()
