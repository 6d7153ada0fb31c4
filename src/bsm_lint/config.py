"""What a user may change without writing a pack: which rules run, how severe, what is allowed.

Selectors (ruff-style) match a rule by exact code (`BSM101`), code prefix (`BSM1`), category
(`contact-email`) or name (`email-address`).
"""

from __future__ import annotations

from typing import Literal

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
    allowed_link_hosts: tuple[str, ...] = Field(
        default=(),
        description="Hosts whose links are needed to complete an order (warranty, customisation);"
        " a host matches itself and its subdomains.",
    )
    seller_domains: tuple[str, ...] = Field(
        default=(), description="The seller's own web sites: links to them are storefront links."
    )
    phone_contexts: tuple[Literal["carrier", "manufacturer", "warranty"], ...] = Field(
        default=(),
        description="Contexts in which a phone number is allowed (a carrier's, manufacturer's or"
        " warranty line, labelled as such next to the number). Default: none.",
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
