"""What a user may change without writing a pack: which rules run, how severe, what is allowed.

Selectors (ruff-style) match a rule by exact code (`BSM101`), code prefix (`BSM1`), category
(`contact-email`) or name (`email-address`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .model import Severity

#: Content types an attachment may be allowed to have (see `attachments.sniff`).
AttachmentTypeName = Literal["txt", "pdf", "doc", "docx", "jpeg", "gif", "png", "tiff", "bmp"]


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
    # -- attachments (issue 5) ------------------------------------------------------------
    attachment_max_bytes: int = Field(
        default=10_000_000,
        ge=1,
        description="All attachments of a message together must stay below this many bytes."
        " Amazon says 10 MB without a unit; 10,000,000 is the safe reading (10,485,760 the other).",
    )
    allowed_attachment_types: tuple[AttachmentTypeName, ...] = Field(
        default=("txt", "pdf", "doc", "docx", "jpeg", "gif", "png"),
        description="Content types (judged from the bytes) an attachment may have. Add `tiff`"
        " and `bmp` to allow what only practitioners list.",
    )


def selector_matches(selector: str, code: str, name: str, category: str) -> bool:
    return selector in (code, name, category) or (
        selector[:1].isupper() and code.startswith(selector)
    )
