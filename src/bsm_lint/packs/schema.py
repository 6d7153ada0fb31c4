"""The shape of a rule pack on disk, as pydantic models. Unknown keys are errors.

A pack is a folder: `pack.toml` (the `[pack]` table, overrides, and optionally rules and
lists), plus the rule files and phrase files it includes. `bsm-lint schema` prints the JSON
Schema of these models so editors can validate pack files.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..model import Attachment, Context, MessageFormat, MessageKind, Severity
from ..taxonomy import CATEGORIES

CODE_PATTERN = r"^[A-Z]{2,8}[0-9]{3,4}$"
NAME_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LIST_NAME_PATTERN = r"^[a-z0-9_]+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class AppliesTo(_Strict):
    """Where a rule applies; an empty list means everywhere."""

    kinds: tuple[MessageKind, ...] = ()
    message_types: tuple[str, ...] = ()
    marketplaces: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    fields: tuple[Literal["subject", "body"], ...] = ()

    @field_validator("marketplaces")
    @classmethod
    def _upper(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(m.strip().upper() for m in v)

    @field_validator("languages")
    @classmethod
    def _lang(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        # Same form as Message.language: `de-DE` and `de_DE` mean `de`.
        return tuple(x.strip().replace("_", "-").lower().split("-", 1)[0] for x in v)


class ExampleMessage(_Strict):
    """An example with more than a body: a subject, a kind, a language, a context."""

    body: str = ""
    subject: str | None = None
    kind: MessageKind = "proactive"
    format: MessageFormat = "text"
    language: str | None = None
    context: Context | None = None
    attachments: tuple[Attachment, ...] = ()


Example = str | ExampleMessage


class FixExample(_Strict):
    """`before` must become exactly `after` when the rule's fix is applied."""

    before: str
    after: str


class Examples(_Strict):
    fail: tuple[Example, ...] = ()
    pass_: tuple[Example, ...] = Field(default=(), alias="pass")
    fix: tuple[FixExample, ...] = ()


class FixSpec(_Strict):
    """A safe fix: replace the finding's span by `replacement`."""

    replacement: str
    description: str = "redact"


class RuleSpec(_Strict):
    """One rule, as written in a pack."""

    code: str = Field(pattern=CODE_PATTERN, description="Stable code, e.g. BSM101.")
    name: str = Field(pattern=NAME_PATTERN, description="Readable kebab-case name.")
    category: str = Field(description="A category of the taxonomy.")
    severity: Severity
    check: str = Field(description="The check kind that runs this rule.")
    message: str = Field(min_length=1, description="Message template, e.g. 'Email {match}'.")
    summary: str = Field(min_length=1, description="What the rule finds, one sentence.")
    rationale: str = Field(default="", description="Why it matters: the policy in plain words.")
    policy: str = Field(min_length=1, description="Source keys from the fact base.")
    applies_to: AppliesTo = AppliesTo()
    options: dict[str, Any] = Field(default_factory=dict)
    allow: tuple[str, ...] = Field(
        default=(), description="Regexes; a finding whose matched text they match is dropped."
    )
    keywords: tuple[str, ...] | tuple[tuple[str, ...], ...] | None = Field(
        default=None,
        description="Prefilter substrings; the rule runs only when one occurs. A list of lists"
        " is groups: the rule runs only when every group has one.",
    )
    fix: FixSpec | None = None
    yield_to: tuple[str, ...] = Field(
        default=(),
        description="Categories that make this finding redundant: it is dropped when a finding"
        " of one of them stands in the same sentence (e.g. off-platform wording around an email"
        " address that contact-email already reports); for a rule that judges the whole message"
        " (thanks-only, duplicate-notification), anywhere in the message.",
    )
    yield_scope: Literal["sentence", "span"] = Field(
        default="sentence",
        description="Where a `yield_to` finding must stand to drop this one: anywhere in the"
        " same sentence, or (`span`) on a span that covers this finding's (a link that is the"
        " domain of an email address).",
    )
    suppressible: bool = True
    examples: Examples = Examples()

    @field_validator("category")
    @classmethod
    def _known_category(cls, v: str) -> str:
        if v not in CATEGORIES:
            raise ValueError(f"unknown category {v!r}; see the taxonomy")
        return v

    @field_validator("yield_to")
    @classmethod
    def _known_categories(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [c for c in v if c not in CATEGORIES]
        if unknown:
            raise ValueError(f"unknown category {unknown[0]!r} in yield_to")
        return v

    @field_validator("keywords")
    @classmethod
    def _lower_keywords(
        cls, v: tuple[str, ...] | tuple[tuple[str, ...], ...] | None
    ) -> tuple[str, ...] | tuple[tuple[str, ...], ...] | None:
        if v is None:
            return None
        if all(isinstance(k, str) for k in v):
            if any(not k for k in v):
                raise ValueError("keywords must not be empty strings")
            return tuple(str(k).lower() for k in v)
        if not v or any(isinstance(g, str) or not g or any(not k for k in g) for g in v):
            raise ValueError("keywords: a list of substrings, or a list of non-empty lists of them")
        return tuple(tuple(k.lower() for k in g) for g in v)

    def keyword_groups(self) -> tuple[tuple[str, ...], ...] | None:
        """`keywords` as groups (a flat list is one group), None when not given."""
        kw = self.keywords
        if kw is None:
            return None
        if all(isinstance(k, str) for k in kw):
            return (cast("tuple[str, ...]", kw),)
        return cast("tuple[tuple[str, ...], ...]", kw)


class PackHeader(_Strict):
    id: str = Field(pattern=NAME_PATTERN)
    name: str = ""
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?([.-][0-9A-Za-z.]+)?$")
    description: str = ""
    as_of: str = Field(default="", description="Date the policy sources were read.")
    extends: tuple[str, ...] = Field(default=(), description="Base packs, by name or path.")
    rules: tuple[str, ...] = Field(default=(), description="Globs of rule files to include.")
    phrases: tuple[str, ...] = Field(default=(), description="Globs of phrase files to include.")
    disable: tuple[str, ...] = Field(default=(), description="Rule codes of a base to drop.")
    data: tuple[str, ...] = Field(
        default=(),
        description="Globs of data files (tables such as the SP-API message types) that checks"
        " read; top-level keys of later files and of extending packs win.",
    )

    @field_validator("extends", "rules", "phrases", "disable", "data", mode="before")
    @classmethod
    def _one_or_many(cls, v: object) -> object:
        return (v,) if isinstance(v, str) else v


def _check_list_names(names: object) -> None:
    import re

    for name in names if isinstance(names, dict) else ():
        if not re.fullmatch(LIST_NAME_PATTERN, name):
            raise ValueError(f"list name {name!r} must match {LIST_NAME_PATTERN}")


class PackFile(_Strict):
    """`pack.toml`."""

    pack: PackHeader
    severity: dict[str, Severity] = Field(default_factory=dict)
    allow: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    lists: dict[str, dict[str, tuple[str, ...]]] = Field(default_factory=dict)
    rules: tuple[dict[str, Any], ...] = ()

    @field_validator("lists")
    @classmethod
    def _list_names(cls, v: dict[str, Any]) -> dict[str, Any]:
        _check_list_names(v)
        return v


class RuleFile(_Strict):
    """A file of rules included by `pack.rules`."""

    rules: tuple[dict[str, Any], ...] = ()


class PhraseFile(_Strict):
    """A file of phrase lists for one language (`*` for every language)."""

    language: str = Field(pattern=r"^(\*|[a-z]{2,3})$")
    lists: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("lists")
    @classmethod
    def _list_names(cls, v: dict[str, Any]) -> dict[str, Any]:
        _check_list_names(v)
        return v
