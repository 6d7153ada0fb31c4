"""Every rule carries examples that must fail and must pass; a pack that breaks its own
examples is not loaded in strict mode (gitleaks' `Validate`, sqlfluff's rule cases)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import PackError
from ..fixes import apply_fixes
from ..model import Context, Message
from .loader import Pack, PackRule
from .schema import Example, ExampleMessage


@dataclass(frozen=True)
class ExampleFailure:
    rule: PackRule
    kind: str  # "fail", "pass" or "fix"
    index: int
    problem: str

    def error(self) -> PackError:
        return self.rule.error(self.problem, "examples", self.kind, self.index)


def example_message(ex: Example) -> tuple[Message, Context | None]:
    if isinstance(ex, str):
        return Message(body=ex), None
    assert isinstance(ex, ExampleMessage)
    msg = Message(
        subject=ex.subject,
        body=ex.body,
        kind=ex.kind,
        format=ex.format,
        language=ex.language,
        attachments=ex.attachments,
    )
    return msg, ex.context


def _bundled_only(rule: PackRule) -> bool:
    """A rule written entirely in the bundled packs (no key overridden by a user's pack)."""
    from .loader import bundled_packs_dir

    root = bundled_packs_dir().resolve()
    origins = [rule.origin, *rule.key_origins.values()]
    return all(o.file.resolve().is_relative_to(root) for o in origins)


def check_pack(pack: Pack, *, skip_bundled: bool = False) -> list[ExampleFailure]:
    """Run every rule's examples; return what went wrong (empty when all hold)."""
    from ..engine import Linter

    linter = Linter(pack)
    failures: list[ExampleFailure] = []
    for compiled in linter.rules:
        if skip_bundled and _bundled_only(compiled.rule):
            continue  # shipped rules are proven by the project's own test suite
        rule = compiled.rule
        spec = rule.spec
        for i, ex in enumerate(spec.examples.fail):
            msg, ctx = example_message(ex)
            if not linter.lint(msg, ctx, only=spec.code).violations:
                failures.append(
                    ExampleFailure(rule, "fail", i, f"example must fail but passed: {_short(msg)}")
                )
        for i, ex in enumerate(spec.examples.pass_):
            msg, ctx = example_message(ex)
            found = linter.lint(msg, ctx, only=spec.code).violations
            if found:
                failures.append(
                    ExampleFailure(
                        rule,
                        "pass",
                        i,
                        f"example must pass but {spec.code} found {found[0].match!r}",
                    )
                )
        for i, fx in enumerate(spec.examples.fix):
            once = apply_fixes(
                fx.before, linter.lint(Message(body=fx.before), only=spec.code).violations
            )
            twice = apply_fixes(once, linter.lint(Message(body=once), only=spec.code).violations)
            if once != fx.after:
                failures.append(
                    ExampleFailure(rule, "fix", i, f"fix gave {once!r}, expected {fx.after!r}")
                )
            elif twice != once:
                failures.append(ExampleFailure(rule, "fix", i, f"fix is not idempotent: {twice!r}"))
    return failures


def verify_pack(pack: Pack, *, skip_bundled: bool = True) -> None:
    """Raise `PackError` at the first example that does not hold."""
    failures = check_pack(pack, skip_bundled=skip_bundled)
    if failures:
        raise failures[0].error()


def _short(msg: Message) -> str:
    text = msg.body if len(msg.body) <= 60 else msg.body[:57] + "..."
    return repr(text)
