"""Inline suppressions: a template can waive a finding, in writing, with a reason.

Directives live in comments that template engines and mail clients never show the buyer:
`<!-- ... -->` (HTML, Markdown), `{# ... #}` (Jinja, Twig, Nunjucks), `{{!-- ... --}}` and
`{{! ... }}` (Handlebars), `<#-- ... -->` (FreeMarker). Inside, ESLint's wording:

    bsm-lint-disable-line BSM102 -- carrier hotline, allowed by our policy review 2026-03
    bsm-lint-disable-next-line BSM201 -- legacy tracking host, https not offered
    bsm-lint-disable BSM201 -- ... and later bsm-lint-enable BSM201

A rule code and a reason are required (a blanket waiver hides what it waives). Rules marked
`suppressible = false` in the pack cannot be waived. Suppressed findings stay in the report,
marked; directives that waive nothing, or are malformed, become notices.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .model import Notice, Violation
from .text import LineIndex

_COMMENT = re.compile(
    r"<!--\s*(?P<a>bsm-lint-[^\n]*?)\s*-->"
    r"|\{#\s*(?P<b>bsm-lint-[^\n]*?)\s*#\}"
    r"|\{\{!--\s*(?P<c>bsm-lint-[^\n]*?)\s*--\}\}"
    r"|\{\{!\s*(?P<d>bsm-lint-[^\n]*?)\s*\}\}"
    r"|<#--\s*(?P<e>bsm-lint-[^\n]*?)\s*-->"
)
_DIRECTIVE = re.compile(
    r"bsm-lint-(?P<action>disable-next-line|disable-line|disable|enable)"
    r"(?:\s+(?P<codes>[A-Z]{2,8}[0-9]{3,4}(?:\s*,\s*[A-Z]{2,8}[0-9]{3,4})*))?"
    r"(?:\s+--\s*(?P<reason>.*))?\s*$"
)


@dataclass(frozen=True)
class Directive:
    action: str
    codes: tuple[str, ...]
    reason: str
    start: int
    end: int
    line: int
    column: int


def find_directive_spans(text: str) -> list[tuple[int, int]]:
    """Where directives stand, so the engine can mask them like placeholders."""
    if "bsm-lint-" not in text:
        return []
    return [m.span() for m in _COMMENT.finditer(text)]


def parse_directives(text: str) -> tuple[list[Directive], list[tuple[int, int, str]]]:
    """The well-formed directives of a field, and (line, column, problem) for the others."""
    if "bsm-lint-" not in text:
        return [], []
    lines = LineIndex(text)
    found: list[Directive] = []
    problems: list[tuple[int, int, str]] = []
    for m in _COMMENT.finditer(text):
        body = next(g for g in m.groups() if g is not None)
        line, col = lines.line_col(m.start())
        d = _DIRECTIVE.match(body)
        if d is None:
            problems.append((line, col, f"cannot read directive {body!r}"))
            continue
        codes = tuple(c.strip() for c in (d.group("codes") or "").split(",") if c.strip())
        reason = (d.group("reason") or "").strip()
        if not codes:
            problems.append((line, col, f"{body!r} needs rule codes: no blanket waivers"))
            continue
        if d.group("action") != "enable" and not reason:
            problems.append((line, col, f"{body!r} needs a reason after ' -- '"))
            continue
        found.append(Directive(d.group("action"), codes, reason, m.start(), m.end(), line, col))
    return found, problems


def apply_suppressions(
    violations: Sequence[Violation],
    texts: Mapping[str, str],
    suppressible: Mapping[str, bool],
    active: Collection[str],
) -> tuple[list[Violation], list[Notice]]:
    """Mark the violations that directives in their own field waive; report the rest."""
    out = list(violations)
    notices: list[Notice] = []
    for field, text in texts.items():
        directives, problems = parse_directives(text)
        for line, col, problem in problems:
            notices.append(
                Notice(
                    kind="invalid-suppression", message=problem, field=field, line=line, column=col
                )
            )
        if not directives:
            continue
        last_line = text.count("\n") + 1
        for d, (first, last) in _ranges(directives, last_line):
            for code in d.codes:
                if code not in suppressible:
                    notices.append(_notice("invalid-suppression", f"unknown rule {code}", field, d))
                    continue
                if not suppressible[code]:
                    notices.append(
                        _notice("invalid-suppression", f"{code} cannot be suppressed", field, d)
                    )
                    continue
                if code not in active:
                    continue  # deselected by the user: neither used nor unused
                used = False
                for i, v in enumerate(out):
                    if v.field == field and v.rule_id == code and first <= v.line <= last:
                        out[i] = v.model_copy(
                            update={"suppressed": True, "suppression_reason": d.reason}
                        )
                        used = True
                if not used:
                    notices.append(
                        _notice("unused-suppression", f"nothing to suppress for {code}", field, d)
                    )
    return out, notices


def _ranges(
    directives: Iterable[Directive], last_line: int
) -> list[tuple[Directive, tuple[int, int]]]:
    """Each disabling directive with the inclusive line range it covers."""
    result: list[tuple[Directive, tuple[int, int]]] = []
    ordered = sorted(directives, key=lambda d: d.start)
    for i, d in enumerate(ordered):
        if d.action == "disable-line":
            result.append((d, (d.line, d.line)))
        elif d.action == "disable-next-line":
            result.append((d, (d.line + 1, d.line + 1)))
        elif d.action == "disable":
            end = last_line
            for later in ordered[i + 1 :]:
                if later.action == "enable" and set(d.codes) & set(later.codes):
                    end = later.line
                    break
            result.append((d, (d.line, end)))
    return result


def _notice(
    kind: Literal["unused-suppression", "invalid-suppression"],
    message: str,
    field: str,
    d: Directive,
) -> Notice:
    return Notice(kind=kind, message=message, field=field, line=d.line, column=d.column)
