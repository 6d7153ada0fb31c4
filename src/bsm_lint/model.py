"""The data that crosses the public API: what goes in (Message, Context), what comes out (Report).

Everything is a pydantic v2 model so callers get validation, JSON round-trips and a JSON Schema
for free. Offsets in `Violation` are code-point offsets into the ORIGINAL field text, never into
the normalised copy the engine matches on.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    field_validator,
    model_validator,
)

#: Version of the JSON shape of `Report`. Bump the major part on any breaking change.
OUTPUT_SCHEMA_VERSION = "1.0"

MessageKind = Literal["proactive", "reply"]
MessageFormat = Literal["text", "html"]


class Severity(enum.StrEnum):
    """How bad a finding is. Ordered: info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    # A str enum would compare alphabetically ("error" < "warning"); order by rank instead.
    def __lt__(self, other: object) -> bool:
        return self.rank < Severity(other).rank if isinstance(other, str) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self.rank <= Severity(other).rank if isinstance(other, str) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self.rank > Severity(other).rank if isinstance(other, str) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self.rank >= Severity(other).rank if isinstance(other, str) else NotImplemented


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Attachment(_Model):
    """A file that rides along with a message. Give the bytes, or a path to read them from."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, ser_json_bytes="base64", val_json_bytes="base64"
    )

    file_name: str = Field(min_length=1, description="The name the buyer sees, with extension.")
    data: bytes | None = Field(default=None, description="The file's bytes.")
    path: Path | None = Field(default=None, description="Where to read the bytes from.")
    size: int | None = Field(
        default=None, ge=0, description="Size in bytes; taken from data or path when omitted."
    )

    @model_validator(mode="after")
    def _one_source(self) -> Attachment:
        if self.data is None and self.path is None:
            raise ValueError("an attachment needs `data` or `path`")
        return self

    def byte_size(self) -> int:
        """The size in bytes without reading the file when a path is given."""
        if self.size is not None:
            return self.size
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        return self.path.stat().st_size


class Message(_Model):
    """A draft message or template, as the buyer would receive it."""

    subject: str | None = None
    body: str = ""
    kind: MessageKind = Field(
        default="proactive",
        description="`proactive` when the seller starts the thread, `reply` to a buyer.",
    )
    format: MessageFormat = "text"
    language: str | None = Field(
        default=None,
        description="ISO 639-1 code of the text (`en`, `de`, `ja`...). When omitted, rules"
        " use the phrase lists of every language.",
    )
    attachments: tuple[Attachment, ...] = ()

    @field_validator("language")
    @classmethod
    def _lang(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = v.strip().replace("_", "-").lower()
        if not v:
            return None
        return v.split("-", 1)[0]


class PriorMessage(_Model):
    """A message already sent for the same order, for the repeat and volume rules."""

    sent_at: AwareDatetime
    kind: MessageKind = "proactive"
    message_type: str | None = None
    review_request: bool = False


class Context(_Model):
    """What is known around the message. All optional: a rule needing a field skips without it."""

    message_type: str | None = Field(
        default=None, description="SP-API Messaging operation, e.g. `confirmOrderDetails`."
    )
    marketplace: str | None = Field(
        default=None, description="Marketplace country code (`US`, `DE`, `JP`...)."
    )
    buyer_locale: str | None = Field(default=None, description="Buyer locale, e.g. `de-DE`.")
    order_date: AwareDatetime | None = None
    ship_date: AwareDatetime | None = None
    earliest_delivery: AwareDatetime | None = None
    latest_delivery: AwareDatetime | None = None
    now: AwareDatetime | None = Field(
        default=None, description="The clock; injected for reproducible runs. Timezone-aware."
    )
    opted_out: bool = False
    prior_messages: tuple[PriorMessage, ...] = ()
    window_anchor: Literal["delivery", "ship", "order"] = Field(
        default="delivery",
        description="What the 30-day window for proactive messages counts from: the latest"
        " delivery date (default), the ship date or the order date; a missing date falls back"
        " to the next earlier one.",
    )

    @field_validator("marketplace")
    @classmethod
    def _market(cls, v: str | None) -> str | None:
        return v.strip().upper() if v else None


class Span(_Model):
    """A half-open range of code points `[start, end)` in one field of the original input."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError("span end before start")
        return self


class Fix(_Model):
    """A replacement of the violation's span that removes the problem without changing meaning."""

    replacement: str
    description: str
    safe: bool = True


class Violation(_Model):
    """One finding. `start`/`end` index the original text of `field`; line, column 1-based."""

    rule_id: str = Field(description="Stable rule code, e.g. `BSM101`.")
    rule_name: str
    category: str = Field(description="A category of the taxonomy; stable across versions.")
    severity: Severity
    message: str
    field: str = Field(description="`subject`, `body` or `attachment:N`.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)
    match: str = Field(description="The original text of the span.")
    policy: str = Field(default="", description="Where the rule comes from.")
    fix: Fix | None = None
    suppressed: bool = False
    suppression_reason: str | None = Field(
        default=None, description="The reason given by the inline directive that suppressed it."
    )

    @property
    def span(self) -> Span:
        return Span(start=self.start, end=self.end)

    @classmethod
    def trusted(
        cls,
        *,
        rule_id: str,
        rule_name: str,
        category: str,
        severity: Severity,
        message: str,
        field: str,
        start: int,
        end: int,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        match: str,
        policy: str,
        fix: Fix | None,
    ) -> Violation:
        """A violation built from values the engine has already checked, without validation:
        the engine makes one per finding, and validating each cost more than finding it.
        Equal to `Violation(...)` with the same arguments (same fields set, same JSON).
        `model_construct` would do, but is slower than validating."""
        return _unvalidated(
            cls,
            {
                "rule_id": rule_id,
                "rule_name": rule_name,
                "category": category,
                "severity": severity,
                "message": message,
                "field": field,
                "start": start,
                "end": end,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "match": match,
                "policy": policy,
                "fix": fix,
                "suppressed": False,
                "suppression_reason": None,
            },
            _TRUSTED_FIELDS,
        )


#: The fields `Violation.trusted` sets, as validation would record them.
_TRUSTED_FIELDS = frozenset(Violation.model_fields) - {"suppressed", "suppression_reason"}
#: The fields `Report.trusted` sets (`schema_version` keeps its default).
_REPORT_FIELDS_SET = frozenset({"pack", "violations", "notices"})

_M = TypeVar("_M", bound=BaseModel)


def _unvalidated(cls: type[_M], values: dict[str, Any], fields_set: frozenset[str]) -> _M:
    """An instance of a frozen model from values the engine built and checked itself, as
    validation would leave it (same `__dict__`, same fields set), without validating: the
    `trusted` constructors of the per-finding and per-message models, the hot path."""
    obj = cls.__new__(cls)
    _set = object.__setattr__
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(fields_set))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


class Notice(_Model):
    """Something about the input that is not a policy violation: a suppression that suppressed
    nothing, lacks a reason, or names a rule that cannot be suppressed."""

    kind: Literal["unused-suppression", "invalid-suppression"]
    message: str
    field: str
    line: int = Field(ge=1)
    column: int = Field(ge=1)


class PackInfo(_Model):
    """Which rules ran: enough to reproduce and audit a report."""

    id: str
    version: str
    hash: str = Field(description="sha256 over every file of the pack and its bases.")


class Report(_Model):
    """The result of linting one message."""

    schema_version: str = OUTPUT_SCHEMA_VERSION
    pack: PackInfo
    violations: tuple[Violation, ...] = ()
    notices: tuple[Notice, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """True when no unsuppressed violation is at error level."""
        return not any(v.severity is Severity.ERROR and not v.suppressed for v in self.violations)

    @model_validator(mode="before")
    @classmethod
    def _drop_ok(cls, data: object) -> object:
        # `ok` is derived; accept it on input so `model_validate_json(r.model_dump_json())` works.
        if isinstance(data, dict) and "ok" in data:
            data = {k: v for k, v in data.items() if k != "ok"}
        return data

    @classmethod
    def trusted(
        cls, *, pack: PackInfo, violations: tuple[Violation, ...], notices: tuple[Notice, ...]
    ) -> Report:
        """A report of the engine's own, already built values, without validation: it made
        one per message, and validating the tuples cost more than building the violations.
        Equal to `Report(pack=..., violations=..., notices=...)` (same fields set, same JSON).
        """
        return _unvalidated(
            cls,
            {
                "schema_version": OUTPUT_SCHEMA_VERSION,
                "pack": pack,
                "violations": violations,
                "notices": notices,
            },
            _REPORT_FIELDS_SET,
        )

    def at_or_above(self, level: Severity) -> list[Violation]:
        return [v for v in self.violations if not v.suppressed and v.severity.rank >= level.rank]
