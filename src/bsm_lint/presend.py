"""Pre-send guard: turn a lint into a decision a send hook can act on, failing closed.

    decision = bsm_lint.guard(message, context)
    if decision.action == "block":
        ...  # do not send; decision.reasons says why

A hook must never let a message out because the linter broke. So `guard` does not raise for
anything that happens while judging: a pack or config error, a `LintTimeout`, an attachment
that cannot be read, an unexpected exception all become a `Decision` with `error` set and the
action `GuardPolicy.on_error` (block by default). Parts of a message that were read but
could not be judged in full (an attachment whose bytes are unavailable, of unrecognised
content, encrypted, or larger than the read limits) get `GuardPolicy.on_unjudged` (block by
default). What `guard` does raise is `TypeError` for an argument of the wrong type: that is a
bug in the calling code, and an exception stops the send just as well.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .attachments import analyse
from .engine import Linter
from .model import Context, Message, Report, Severity, Violation

__all__ = [
    "Action",
    "ComplianceError",
    "Decision",
    "Guard",
    "GuardError",
    "GuardPolicy",
    "check_or_raise",
    "guard",
]

Action = Literal["allow", "warn", "block"]
_RANK: dict[str, int] = {"allow": 0, "warn": 1, "block": 2}

#: Check kinds that judge an attachment by its bytes; on an attachment known by name only
#: (`Guard.check(name_only=...)`) their findings are replaced by an "unjudged" reason.
_CONTENT_KINDS = frozenset({"attachment.type", "attachment.size", "attachment.content"})


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GuardPolicy(_Frozen):
    """When a report blocks, warns or allows, and what an undecidable message gets."""

    block_at: Severity | None = Field(
        default=Severity.ERROR,
        description="Block when a counted violation is at or above this; None never blocks.",
    )
    warn_at: Severity | None = Field(
        default=Severity.WARNING,
        description="Warn when a counted violation is at or above this; None never warns.",
    )
    on_error: Action = Field(
        default="block",
        description="The action when the engine could not decide at all (no report).",
    )
    on_unjudged: Action = Field(
        default="block",
        description="The action when part of the message (an attachment) was not judged.",
    )
    honour_suppressions: bool = Field(
        default=True,
        description="Skip violations waived by an inline directive, as `Report.ok` does.",
    )


_DEFAULT_POLICY = GuardPolicy()


class GuardError(_Frozen):
    """Why the engine could not decide: the exception's class name and its message."""

    type: str
    message: str


class Decision(_Frozen):
    """The verdict on one message. JSON-serialisable (`model_dump_json`)."""

    action: Action
    report: Report | None = Field(
        default=None, description="The lint report; None when the engine could not decide."
    )
    reasons: tuple[str, ...] = Field(
        default=(), description="Short, log-safe lines: the findings that decided, or why not."
    )
    unjudged: tuple[str, ...] = Field(
        default=(), description="What could not be judged (already among `reasons`)."
    )
    error: GuardError | None = None

    @property
    def allowed(self) -> bool:
        """True unless blocked: the message may be sent (perhaps with a warning)."""
        return self.action != "block"

    @property
    def blocked(self) -> bool:
        return self.action == "block"


class ComplianceError(Exception):
    """A send was blocked. `.decision` and `.report` say why; str() lists the reasons."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        self.report = decision.report
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = "; ".join(self.decision.reasons) or "no reason given"
        return f"message blocked: {lines}"


def _reason(v: Violation) -> str:
    # Violation.message is already redacted for contact categories; `match` is not: leave it out.
    where = v.field if v.start == v.end else f"{v.field} {v.line}:{v.column}"
    return f"{v.rule_id} {v.rule_name} ({where}, {v.severity}): {v.message}"


def _failure(exc: BaseException, policy: GuardPolicy) -> Decision:
    err = GuardError(type=type(exc).__name__, message=str(exc) or type(exc).__name__)
    return Decision(
        action=policy.on_error,
        reasons=(f"could not decide: {err.type}: {err.message}",),
        error=err,
    )


def _check_types(
    message: object, context: object, linter: object, policy: object, unjudged: object
) -> None:
    if not isinstance(message, Message):
        raise TypeError(f"message must be a bsm_lint.Message, not {type(message).__name__}")
    if context is not None and not isinstance(context, Context):
        raise TypeError(f"context must be a bsm_lint.Context or None, not {type(context).__name__}")
    if linter is not None and not isinstance(linter, Linter):
        raise TypeError(f"linter must be a bsm_lint.Linter or None, not {type(linter).__name__}")
    if policy is not None and not isinstance(policy, GuardPolicy):
        raise TypeError(f"policy must be a GuardPolicy or None, not {type(policy).__name__}")
    if isinstance(unjudged, str):
        raise TypeError("unjudged must be a collection of strings, not one string")


def _attachment_gaps(message: Message, name_only: Collection[int]) -> list[str]:
    """Attachments read but not judged in full. `analyse` returns the objects the engine
    just built for this message (cached per thread), so nothing is read twice."""
    gaps: list[str] = []
    for info in analyse(message):
        where = f"{info.field} {info.file_name!r}"
        if info.index in name_only:
            gaps.append(f"{where}: bytes not available; only its name and count were judged")
            continue
        if info.content.type == "unknown":
            gaps.append(f"{where}: content not recognised, so not judged")
        gaps.extend(f"{where}: {note}" for note in info.notes)
    return gaps


def _content_codes(linter: Linter) -> frozenset[str]:
    codes = set()
    for r in linter.rules:
        kind = r.rule.spec.check
        mismatch = kind == "attachment.mismatch" and (
            r.rule.spec.options.get("condition", "mismatch") == "mismatch"
        )
        if kind in _CONTENT_KINDS or mismatch:
            codes.add(r.code)
    return frozenset(codes)


class Guard:
    """A compiled `Linter` plus a `GuardPolicy`: build once, call `check` per send.

    With `linter=None` the default pack's linter is built on first use and shared by every
    default guard; if building it fails, each `check` reports the failure (and retries)."""

    def __init__(self, linter: Linter | None = None, policy: GuardPolicy | None = None) -> None:
        if linter is not None and not isinstance(linter, Linter):
            raise TypeError(f"linter must be a bsm_lint.Linter, not {type(linter).__name__}")
        if policy is not None and not isinstance(policy, GuardPolicy):
            raise TypeError(f"policy must be a GuardPolicy, not {type(policy).__name__}")
        self._linter = linter
        self.policy = policy or _DEFAULT_POLICY
        self._content: frozenset[str] | None = None

    @property
    def linter(self) -> Linter:
        """The linter this guard uses (building the default one if needed; may raise)."""
        return self._linter or _default_linter()

    def fail(self, exc: BaseException) -> Decision:
        """The decision for a message that could not even be put together (e.g. a malformed
        SP-API body): the policy's `on_error`, with the failure as the reason."""
        return _failure(exc, self.policy)

    def check(
        self,
        message: Message,
        context: Context | None = None,
        *,
        unjudged: Iterable[str] = (),
        name_only: Collection[int] = (),
    ) -> Decision:
        """Judge one message. `unjudged`: what the caller already knows was not judged.
        `name_only`: indices of attachments given with placeholder bytes (name known, content
        not): findings that need the bytes are dropped and the attachment counts as unjudged."""
        _check_types(message, context, None, None, unjudged)
        gaps = list(unjudged)
        try:
            linter = self.linter
            report = linter.lint(message, context)
            if message.attachments:
                gaps.extend(_attachment_gaps(message, name_only))
            if name_only:
                report = self._drop_content_findings(report, linter, name_only)
        except Exception as exc:  # fail closed: anything the engine raises is undecidable
            return _failure(exc, self.policy)
        return _decide(report, gaps, self.policy)

    def _drop_content_findings(
        self, report: Report, linter: Linter, name_only: Collection[int]
    ) -> Report:
        if self._content is None:
            self._content = _content_codes(linter)
        drop = {f"attachment:{i}" for i in name_only}
        kept = tuple(
            v for v in report.violations if not (v.field in drop and v.rule_id in self._content)
        )
        return report.model_copy(update={"violations": kept})

    def check_or_raise(
        self,
        message: Message,
        context: Context | None = None,
        *,
        unjudged: Iterable[str] = (),
        name_only: Collection[int] = (),
    ) -> Decision:
        """`check`, raising `ComplianceError` when the decision is block."""
        decision = self.check(message, context, unjudged=unjudged, name_only=name_only)
        if decision.blocked:
            raise ComplianceError(decision)
        return decision


def _counted(report: Report, policy: GuardPolicy) -> list[Violation]:
    if policy.honour_suppressions:
        return [v for v in report.violations if not v.suppressed]
    return list(report.violations)


def _decide(report: Report, gaps: list[str], policy: GuardPolicy) -> Decision:
    counted = _counted(report, policy)
    action: Action = "allow"
    deciding: list[Violation] = []
    if policy.block_at is not None:
        deciding = [v for v in counted if v.severity.rank >= policy.block_at.rank]
        if deciding:
            action = "block"
    if action == "allow" and policy.warn_at is not None:
        deciding = [v for v in counted if v.severity.rank >= policy.warn_at.rank]
        if deciding:
            action = "warn"
    if gaps and _RANK[policy.on_unjudged] > _RANK[action]:
        action = policy.on_unjudged
    reasons = [_reason(v) for v in deciding]
    reasons.extend(f"not judged: {g}" for g in gaps)
    return Decision(action=action, report=report, reasons=tuple(reasons), unjudged=tuple(gaps))


_default: Linter | None = None
_default_lock = threading.Lock()


def _default_linter() -> Linter:
    """The default pack compiled once per process and shared; a failure is not cached."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Linter()
    return _default


def guard(
    message: Message,
    context: Context | None = None,
    *,
    linter: Linter | None = None,
    policy: GuardPolicy | None = None,
    unjudged: Iterable[str] = (),
) -> Decision:
    """Decide whether `message` may be sent: allow, warn or block, with the report and the
    reasons. Never raises for a failure of the engine (see the module docstring); raises
    `TypeError` for arguments of the wrong type."""
    _check_types(message, context, linter, policy, unjudged)
    return Guard(linter, policy).check(message, context, unjudged=unjudged)


def check_or_raise(
    message: Message,
    context: Context | None = None,
    *,
    linter: Linter | None = None,
    policy: GuardPolicy | None = None,
    unjudged: Iterable[str] = (),
) -> Decision:
    """`guard`, raising `ComplianceError` (with `.decision` and `.report`) when blocked;
    returns the decision when it is allow or warn."""
    decision = guard(message, context, linter=linter, policy=policy, unjudged=unjudged)
    if decision.blocked:
        raise ComplianceError(decision)
    return decision
