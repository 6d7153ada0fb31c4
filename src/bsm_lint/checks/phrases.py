"""Phrase lists to one regex: normalised, longest first, word boundaries that suit each script.

Phrase syntax (kept tiny on purpose):

* words are separated by whitespace, which matches any run of whitespace in the text;
* a word ending in `*` matches any continuation of that word (`review*` finds "reviews");
* `@name` in a rule's term list inserts the pack's phrase list `name` for the language.

A phrase that starts (ends) with a letter or digit of a spaced script (Latin, Greek,
Cyrillic) gets a boundary there; CJK edges get none, since Japanese has no spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from ..text import SPACED_WORD_CLASS, is_spaced_word_char, normalize
from .base import Keyword

ALL_LANGUAGES = "*"

_WORD = f"[{SPACED_WORD_CLASS}]"
# A number phrase never starts inside a decimal: "5 stars" is not in "4.5 stars".
_NOT_IN_DECIMAL = "(?<![0-9][.,])"
_TOKEN = re.compile(f"[{SPACED_WORD_CLASS.replace('_', '')}]+")


def expand_terms(
    terms: Sequence[str],
    lists: Mapping[str, Mapping[str, tuple[str, ...]]],
    language: str | None,
    on_missing: type[Exception] | None = None,
) -> list[str]:
    """Terms with `@list` references replaced by the list's entries for `language`
    (every language when None, plus the language-neutral `*` entries)."""
    out: list[str] = []
    for term in terms:
        if term.startswith("@"):
            by_lang = lists.get(term[1:])
            if by_lang is None:
                raise KeyError(term[1:])
            if language is None:
                for items in by_lang.values():
                    out.extend(items)
            else:
                out.extend(by_lang.get(language, ()))
                if language != ALL_LANGUAGES:
                    out.extend(by_lang.get(ALL_LANGUAGES, ()))
        else:
            out.append(term)
    return list(dict.fromkeys(out))


def list_languages(
    terms: Sequence[str], lists: Mapping[str, Mapping[str, tuple[str, ...]]]
) -> set[str]:
    """Languages that the referenced lists have entries for."""
    langs: set[str] = set()
    for term in terms:
        if term.startswith("@") and term[1:] in lists:
            langs.update(k for k in lists[term[1:]] if k != ALL_LANGUAGES)
    return langs


def _phrase_words(phrase: str) -> list[str]:
    return normalize(phrase).text.strip().split()


def phrase_pattern(phrase: str) -> str:
    """The regex source for one phrase."""
    words = _phrase_words(phrase)
    if not words:
        raise ValueError("empty phrase")
    parts: list[str] = []
    for w in words:
        if w.endswith("*") and len(w) > 1:
            parts.append(re.escape(w[:-1]) + _WORD + "*")
        else:
            parts.append(re.escape(w))
    body = r"\s+".join(parts)
    first, last = words[0], words[-1]
    if is_spaced_word_char(first[0]):
        body = f"(?<!{_WORD})" + body
        if first[0].isdigit():
            body = _NOT_IN_DECIMAL + body
    if last.endswith("*") and len(last) > 1:
        pass  # the wildcard already consumed the rest of the word
    elif is_spaced_word_char(last[-1]):
        body += f"(?!{_WORD})"
    return body


def phrases_pattern(phrases: Iterable[str]) -> str:
    """One alternation for many phrases, longest first so the longest match wins."""
    uniq = sorted({p.strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    return "|".join(f"(?:{phrase_pattern(p)})" for p in uniq)


_END = ""  # trie key of "a phrase ends here"; its value is the end boundary


def trie_pattern(phrases: Iterable[str]) -> str:
    """The same matches as `phrases_pattern`, as a trie: phrases that share a start share one
    branch, so the engine tries a handful of branches per position instead of every phrase.
    A flat alternation of a few hundred phrases costs milliseconds per message; this, tens of
    microseconds. At each node longer continuations come first, so the longest match wins."""
    # Bounded start, bounded start on a digit, free start.
    roots: tuple[dict[str, object], dict[str, object], dict[str, object]] = ({}, {}, {})
    for phrase in {p.strip() for p in phrases if p.strip()}:
        words = _phrase_words(phrase)
        if not words:
            raise ValueError("empty phrase")
        atoms: list[str] = []
        for i, w in enumerate(words):
            if i:
                atoms.append(r"\s+")
            wild = w.endswith("*") and len(w) > 1
            atoms.extend(re.escape(c) for c in (w[:-1] if wild else w))
            if wild:
                atoms.append(_WORD + "*")
        last = words[-1]
        wild_end = last.endswith("*") and len(last) > 1
        end = f"(?!{_WORD})" if not wild_end and is_spaced_word_char(last[-1]) else ""
        head = words[0][0]
        node = roots[(1 if head.isdigit() else 0) if is_spaced_word_char(head) else 2]
        for atom in atoms:
            node = node.setdefault(atom, {})  # type: ignore[assignment]
        node[_END] = end
    parts = []
    if roots[0]:
        parts.append(f"(?<!{_WORD})" + _emit(roots[0]))
    if roots[1]:
        parts.append(f"(?=[0-9])(?<!{_WORD}){_NOT_IN_DECIMAL}" + _emit(roots[1]))
    if roots[2]:
        parts.append(_emit(roots[2]))
    return "|".join(f"(?:{p})" for p in parts)


def _emit(node: dict[str, object]) -> str:
    # Literal characters before `\s+` and wildcards (which may match nothing), the end last.
    keys = sorted((k for k in node if k != _END), key=lambda k: (k == _WORD + "*", k == r"\s+", k))
    alts = [k + _emit(node[k]) for k in keys]  # type: ignore[arg-type]
    if _END in node:
        alts.append(str(node[_END]))
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def anchor(phrase: str) -> Keyword:
    """A keyword that every match of `phrase` contains, for the prefilter.

    The longest run of spaced-script letters is a whole word of the text too (the text is
    split into words at every other character, and the phrase's edges carry boundaries),
    unless a `*` continues it, when it is only a substring. A phrase with no such run (CJK,
    symbols) is anchored on its longest literal piece."""
    words = [w.lower() for w in _phrase_words(phrase)]
    candidates: list[Keyword] = []
    for w in words:
        wild = w.endswith("*") and len(w) > 1
        core = w[:-1] if wild else w
        for m in _TOKEN.finditer(core):
            candidates.append((not (wild and m.end() == len(core)), m.group()))
    if candidates:
        return max(candidates, key=lambda c: (len(c[1]), c[0]))
    return (False, max((w[:-1] if w.endswith("*") and len(w) > 1 else w for w in words), key=len))


def nested_quantifier(pattern: str) -> str | None:
    """A group with an unbounded quantifier inside that is itself repeated without bound,
    e.g. `(a+)+` or `(\\w+\\s?)*`: the classic catastrophic-backtracking shape. Returns the
    offending text, or None. A static guard; the per-call timeout is the backstop."""
    stack: list[tuple[int, bool]] = []  # (start index, contains unbounded quantifier)
    i = 0
    n = len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            i += 1
            continue
        if c == "[":
            in_class = True
        elif c == "(":
            stack.append((i, False))
        elif c == ")" and stack:
            start, unbounded_inside = stack.pop()
            j = i + 1
            repeated = j < n and (
                pattern[j] in "+*" or (pattern[j] == "{" and re.match(r"\{\d*,\}", pattern[j:]))
            )
            if unbounded_inside and repeated:
                return pattern[start : j + 1]
            if stack and (unbounded_inside or repeated):
                s, _ = stack[-1]
                stack[-1] = (s, True)
        elif (c in "+*" or (c == "{" and re.match(r"\{\d*,\}", pattern[i:]))) and stack:
            s, _ = stack[-1]
            stack[-1] = (s, True)
        i += 1
    return None
