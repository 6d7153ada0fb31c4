"""Template placeholders: found, named, and masked so they never cause findings.

Seller tools keep their messages as templates (`Hi {{buyer_name}}`, `[[product-name]]`,
`${order.order_id}`). A placeholder is not text the buyer reads, so rules must not match
inside it; but its NAME says what will be inserted (`{{seller_email}}`), so it is kept for
the rules that look at names.

Masking replaces each placeholder by a run of `MASK_CHAR` of the same length: offsets stay
put, and no pattern matches the mask (it is neither a word, space nor punctuation character).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MASK_CHAR", "Placeholder", "find_placeholders", "mask"]

#: ASCII SUB: one code point, never part of any rule's pattern.
MASK_CHAR = "\x1a"

# Order matters: longer and more specific syntaxes first, so `{{x}}` is not read as `{x}`.
_SYNTAXES: tuple[tuple[str, str], ...] = (
    # (`{{! ... }}` is a Handlebars comment, not a variable.)
    ("mustache", r"\{\{\{?(?!!)\s*(?P<mustache>[^{}\n]{1,80}?)\s*\}?\}\}"),
    ("jinja-block", r"\{%-?\s*(?P<jinja_block>[^{}\n]{1,80}?)\s*-?%\}"),
    # Template comments never reach the buyer: `{# note #}`, `{{!-- note --}}`.
    ("comment", r"\{#(?P<comment>[^\n]{0,300}?)#\}|\{\{!--(?P<hbs_comment>[^\n]{0,300}?)--\}\}"),
    ("dollar", r"\$\{\s*(?P<dollar>[^{}\n]{1,80}?)\s*\}"),
    ("double-bracket", r"\[\[\s*(?P<double_bracket>[^\[\]\n]{1,80}?)\s*\]\]"),
    # `{at}` and `{dot}` are email disguises, not variables.
    ("brace", r"\{(?!(?:at|dot)\})(?P<brace>[A-Za-z_][\w.\-]{0,60})\}"),
    # (`%E9%` in a percent-encoded URL is not a variable.)
    ("percent", r"%(?![0-9A-Fa-f]{2}%)(?P<percent>[A-Za-z_][\w.\-]{0,60})%"),
    # `[buyer-name]`, `[order_id]`: a bracket tag needs a separator, so `[at]`, `[dot]` and
    # footnote marks like `[1]` stay text.
    ("bracket-tag", r"(?<!\[)\[(?P<bracket_tag>[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+)\](?!\])"),
)
_PATTERN = re.compile("|".join(f"(?:{p})" for _, p in _SYNTAXES))
_GROUP_SYNTAX = {name.replace("-", "_"): name for name, _ in _SYNTAXES}
_GROUP_SYNTAX["hbs_comment"] = "comment"
# Cheap guard: no placeholder without one of these characters.
_TRIGGER = re.compile(r"[{\[%]")
_NAME_CLEAN = re.compile(r"^[\s$.#/^&>!]+|\s*(\|.*)?$")


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One placeholder: where it stands in the original text, its syntax and its name."""

    start: int
    end: int
    syntax: str
    raw_name: str

    @property
    def name(self) -> str:
        """The variable name, lower-cased, without sigils or filters: `{{ $x.Seller_Email | e }}`
        gives `x.seller_email`."""
        return _NAME_CLEAN.sub("", self.raw_name).lower()


def find_placeholders(text: str) -> list[Placeholder]:
    """Every placeholder in `text`, in order."""
    if _TRIGGER.search(text) is None:
        return []
    found: list[Placeholder] = []
    for m in _PATTERN.finditer(text):
        group = m.lastgroup
        assert group is not None
        found.append(Placeholder(m.start(), m.end(), _GROUP_SYNTAX[group], m.group(group)))
    return found


def mask(text: str, placeholders: list[Placeholder]) -> str:
    """`text` with every placeholder replaced by `MASK_CHAR`s of the same length."""
    return mask_spans(text, [(p.start, p.end) for p in placeholders])


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each `[start, end)` span (overlaps allowed) masked, length kept."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        parts.append(text[pos:start])
        parts.append(MASK_CHAR * (end - start))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
