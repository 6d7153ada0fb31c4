"""Applying safe fixes: replace each fixable span, right to left so offsets stay valid."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Violation


def apply_fixes(text: str, violations: Iterable[Violation], field: str = "body") -> str:
    """`text` with every fixable violation of `field` replaced; overlapping spans: first wins."""
    spans = sorted(
        (v.start, v.end, v.fix.replacement)
        for v in violations
        if v.fix is not None and v.field == field and not v.suppressed
    )
    kept: list[tuple[int, int, str]] = []
    for s, e, r in spans:
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e, r))
    for s, e, r in reversed(kept):
        text = text[:s] + r + text[e:]
    return text
