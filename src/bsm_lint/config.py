"""What a user may change without writing a pack: which rules run, how severe, what is allowed.

Selectors (ruff-style) match a rule by exact code (`BSM101`), code prefix (`BSM1`), category
(`contact-email`) or name (`email-address`).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .model import Severity


class LintConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    select: tuple[str, ...] | None = Field(
        default=None, description="Only these rules (codes, prefixes, categories, names)."
    )
    extend_select: tuple[str, ...] = Field(default=(), description="Add these to the selection.")
    ignore: tuple[str, ...] = Field(default=(), description="Never run these.")
    severity: dict[str, Severity] = Field(
        default_factory=dict, description="Severity overrides by selector."
    )
    allow: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="Per-rule allow lists: regexes over the matched text, by selector.",
    )
    fail_level: Severity = Field(
        default=Severity.ERROR, description="Findings at or above this level fail the check."
    )
    language: str | None = Field(
        default=None, description="Language assumed when a message does not say."
    )
    marketplace: str | None = Field(
        default=None, description="Marketplace assumed when the context does not say."
    )


def selector_matches(selector: str, code: str, name: str, category: str) -> bool:
    return selector in (code, name, category) or (
        selector[:1].isupper() and code.startswith(selector)
    )
