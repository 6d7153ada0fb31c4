"""The pre-send guard: decisions, policy, fail-closed behaviour, check_or_raise."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import bsm_lint
from bsm_lint import (
    Attachment,
    ComplianceError,
    Context,
    Decision,
    Guard,
    GuardPolicy,
    LintConfig,
    Linter,
    Message,
    Severity,
    check_or_raise,
    guard,
    presend,
)
from conftest import FIXTURES, NO_NETWORK_PRELUDE, PACK_HEADER, ROOT, rule_toml

CLEAN = Message(body="Could you confirm the engraving text before we start?")
EMAIL = Message(body="Write to jane@shop.example about the size.")
SHOUTY = Message(body="Thanks for your order!!!")  # BSM360, error, suppressible
# The guard lives in `bsm_lint.presend`; `bsm_lint.guard` is its re-exported function.
guard_module = presend
#: Bytes no sniffer recognises (libmagic and the built-in one say octet-stream).
NOISE = b"".join(hashlib.sha256(bytes([i])).digest() for i in range(64))
PDF = (FIXTURES / "attachments" / "invoice.pdf").read_bytes()


@pytest.fixture(scope="module")
def warn_linter() -> Linter:
    return Linter(config=LintConfig(severity={"BSM360": Severity.WARNING}))


# -- the decision ------------------------------------------------------------------------


def test_clean_message_is_allowed() -> None:
    d = guard(CLEAN)
    assert d.action == "allow"
    assert d.allowed
    assert d.reasons == ()
    assert d.report is not None
    assert d.report.ok


def test_error_blocks_with_the_rule_as_reason() -> None:
    d = guard(EMAIL)
    assert d.action == "block"
    assert d.blocked
    assert d.error is None
    assert len(d.reasons) == 1
    assert d.reasons[0].startswith("BSM101 email-address (body 1:10, error):")
    assert "jane@shop.example" not in d.reasons[0]  # reasons go to logs: no contact detail


def test_warning_warns(warn_linter: Linter) -> None:
    d = guard(SHOUTY, linter=warn_linter)
    assert d.action == "warn"
    assert d.allowed
    assert [r.split()[0] for r in d.reasons] == ["BSM360"]


@pytest.mark.parametrize(
    "body",
    [
        "Could you confirm the engraving text before we start?",
        "Your order has shipped.",
        "Write to jane@shop.example",
        "Thanks for your order!!!",
        "Call +1 415 555 0100 or see http://shop.example/deals",
        "Please leave a review, it helps us a lot.",
        "<!-- bsm-lint-disable-line BSM360 -- brand voice --> Thanks for your order!!!",
    ],
)
def test_default_policy_blocks_exactly_when_report_is_not_ok(body: str) -> None:
    message = Message(body=body)
    d = guard(message)
    assert d.blocked is (not bsm_lint.lint(message).ok)


def test_context_reaches_the_engine() -> None:
    text = Message(body="Please find the invoice attached.")
    assert guard(text).action == "allow"
    d = guard(text, Context(message_type="invoice"))  # the invoice type takes no text
    assert d.blocked
    assert any(v.category == "message-type" for v in d.report.violations)  # type: ignore[union-attr]


# -- policy --------------------------------------------------------------------------------


def test_block_at_none_turns_errors_into_warnings() -> None:
    d = guard(EMAIL, policy=GuardPolicy(block_at=None))
    assert d.action == "warn"


def test_block_at_warning_blocks_warnings(warn_linter: Linter) -> None:
    d = guard(SHOUTY, linter=warn_linter, policy=GuardPolicy(block_at=Severity.WARNING))
    assert d.action == "block"


def test_warn_at_none_allows_warnings(warn_linter: Linter) -> None:
    d = guard(SHOUTY, linter=warn_linter, policy=GuardPolicy(warn_at=None))
    assert d.action == "allow"


def test_nothing_counts_when_both_are_off() -> None:
    d = guard(EMAIL, policy=GuardPolicy(block_at=None, warn_at=None))
    assert d.action == "allow"
    assert d.report is not None
    assert d.report.violations  # still reported, just not acted on


def test_suppressed_violations_are_honoured_unless_told_not_to() -> None:
    waived = Message(body="Thanks for your order!!! <!-- bsm-lint-disable-line BSM360 -- voice -->")
    assert guard(waived).action == "allow"
    strict = guard(waived, policy=GuardPolicy(honour_suppressions=False))
    assert strict.action == "block"
    assert strict.reasons[0].startswith("BSM360")


def test_policy_rejects_unknown_values() -> None:
    with pytest.raises(ValueError, match="on_error"):
        GuardPolicy(on_error="maybe")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="extra"):
        GuardPolicy(block_on="error")  # type: ignore[call-arg]


# -- fail closed ---------------------------------------------------------------------------


def _broken(exc: Exception) -> Linter:
    linter = Linter()

    def lint(*args: object, **kwargs: object) -> None:
        raise exc

    linter.lint = lint  # type: ignore[method-assign,assignment]
    return linter


@pytest.mark.parametrize(
    "exc",
    [
        bsm_lint.LintTimeout("BSM101", "body", 0.5),
        bsm_lint.PackError("bad regex", file="rules/x.toml", line=3, key="pattern"),
        bsm_lint.ConfigError("unknown selector"),
        ValueError("BSM999: hit [5, 2) outside body"),
        RecursionError("maximum recursion depth exceeded"),
    ],
)
def test_engine_failures_block_with_the_reason(exc: Exception) -> None:
    d = guard(CLEAN, linter=_broken(exc))
    assert d.action == "block"
    assert d.report is None
    assert d.error is not None
    assert d.error.type == type(exc).__name__
    assert d.reasons == (f"could not decide: {type(exc).__name__}: {exc}",)


@pytest.mark.parametrize("action", ["allow", "warn"])
def test_on_error_is_the_callers_choice(action: str) -> None:
    policy = GuardPolicy(on_error=action)  # type: ignore[arg-type]
    d = guard(CLEAN, linter=_broken(bsm_lint.LintTimeout("X", "body", 0.1)), policy=policy)
    assert d.action == action
    assert d.error is not None


def test_default_linter_that_cannot_be_built_blocks_and_is_retried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = []

    def failing() -> Linter:
        calls.append(1)
        raise bsm_lint.PackError("cannot load", file="pack.toml")

    monkeypatch.setattr(guard_module, "_default_linter", failing)
    assert guard(CLEAN).error.type == "PackError"  # type: ignore[union-attr]
    assert guard(CLEAN).blocked
    assert len(calls) == 2


def test_a_real_timeout_blocks(make_pack: Any) -> None:
    """A pack regex the engine stops with LintTimeout: the guard blocks, it does not raise."""
    folder = make_pack({"pack.toml": PACK_HEADER + rule_toml(options='regexes = ["^(a|aa)+$"]')})
    linter = Linter(folder, timeout=0.05)
    d = guard(Message(body="a" * 60 + "b"), linter=linter)
    assert d.blocked
    assert d.error is not None
    assert d.error.type == "LintTimeout"
    assert "TST101" in d.reasons[0]


def test_unreadable_attachment_blocks(tmp_path: Path) -> None:
    missing = Attachment(file_name="invoice.pdf", path=tmp_path / "gone.pdf")
    d = guard(Message(body="Invoice attached.", attachments=(missing,)))
    assert d.blocked
    assert d.error is not None
    assert d.error.type == "InputError"
    assert "gone.pdf" in d.reasons[0]


def test_unrecognised_attachment_is_unjudged() -> None:
    blob = Attachment(file_name="data.bin", data=NOISE)
    lenient = LintConfig(ignore=("BSM401",))  # without the type rule, only the guard objects
    linter = Linter(config=lenient)
    d = guard(Message(body="Data attached.", attachments=(blob,)), linter=linter)
    assert d.action == "block"
    assert d.unjudged == ("attachment:0 'data.bin': content not recognised, so not judged",)
    assert d.reasons == tuple(f"not judged: {u}" for u in d.unjudged)
    allowed = guard(
        Message(body="Data attached.", attachments=(blob,)),
        linter=linter,
        policy=GuardPolicy(on_unjudged="warn"),
    )
    assert allowed.action == "warn"


def test_encrypted_pdf_is_unjudged() -> None:
    locked = PDF.replace(b"trailer", b"trailer\n<< /Encrypt 9 0 R >>\ntrailer", 1)
    d = guard(Message(body="", attachments=(Attachment(file_name="a.pdf", data=locked),)))
    assert d.blocked
    assert any("encrypted" in u for u in d.unjudged)


def test_on_unjudged_allow_never_overrides_a_finding() -> None:
    blob = Attachment(file_name="data.bin", data=NOISE)
    d = guard(
        Message(body="Data attached.", attachments=(blob,)),
        policy=GuardPolicy(on_unjudged="allow"),
    )
    assert d.blocked  # BSM401 still blocks: the content type is not allowed
    assert d.reasons[0].startswith("BSM401")


def test_caller_unjudged_reasons_count() -> None:
    d = guard(CLEAN, unjudged=["the subject line was not available"])
    assert d.blocked
    assert d.reasons == ("not judged: the subject line was not available",)
    assert guard(CLEAN, unjudged=["x"], policy=GuardPolicy(on_unjudged="allow")).action == "allow"


def test_name_only_attachments_keep_name_findings_and_drop_content_ones() -> None:
    g = Guard(policy=GuardPolicy(on_unjudged="allow"))
    placeholder = Attachment(file_name="invoice", data=b"")  # no extension, no bytes
    d = g.check(Message(body="", attachments=(placeholder,)), name_only=[0])
    codes = {v.rule_id for v in d.report.violations}  # type: ignore[union-attr]
    assert "BSM403" in codes  # judged from the name
    assert "BSM401" not in codes  # an empty placeholder is not an empty file
    assert d.blocked


# -- programmer errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (("hello",), {}, "message must be"),
        ((CLEAN, {"message_type": "x"}), {}, "context must be"),
        ((CLEAN,), {"linter": "amazon-bsm"}, "linter must be"),
        ((CLEAN,), {"policy": {"on_error": "allow"}}, "policy must be"),
        ((CLEAN,), {"unjudged": "one string"}, "unjudged"),
    ],
)
def test_wrong_argument_types_raise(
    args: tuple[object, ...], kwargs: dict[str, object], match: str
) -> None:
    with pytest.raises(TypeError, match=match):
        guard(*args, **kwargs)  # type: ignore[arg-type]


# -- check_or_raise --------------------------------------------------------------------------


def test_check_or_raise_returns_the_decision_when_allowed(warn_linter: Linter) -> None:
    assert check_or_raise(CLEAN).action == "allow"
    assert check_or_raise(SHOUTY, linter=warn_linter).action == "warn"


def test_check_or_raise_raises_with_decision_and_report() -> None:
    with pytest.raises(ComplianceError) as info:
        check_or_raise(EMAIL)
    err = info.value
    assert err.decision.blocked
    assert err.report is err.decision.report
    assert err.report is not None
    assert str(err).startswith("message blocked: BSM101 email-address")


def test_check_or_raise_on_failure_has_no_report() -> None:
    with pytest.raises(ComplianceError, match="could not decide: LintTimeout") as info:
        check_or_raise(CLEAN, linter=_broken(bsm_lint.LintTimeout("BSM1", "body", 0.5)))
    assert info.value.report is None


def test_guard_object_check_or_raise() -> None:
    g = Guard()
    assert g.check_or_raise(CLEAN).allowed
    with pytest.raises(ComplianceError):
        g.check_or_raise(EMAIL)


# -- serialisation and reuse ------------------------------------------------------------------


def test_decision_round_trips_through_json() -> None:
    for d in (guard(EMAIL), guard(CLEAN, linter=_broken(ValueError("x")))):
        data = json.loads(d.model_dump_json())
        assert data["action"] == d.action
        assert Decision.model_validate_json(d.model_dump_json()) == d


def test_default_linter_is_compiled_once() -> None:
    first = guard_module._default_linter()
    guard(CLEAN)
    guard(EMAIL)
    assert guard_module._default_linter() is first
    assert Guard().linter is first


# -- the guide's examples run, offline, and print what it says --------------------------------


def _doc_examples() -> list[tuple[str, str]]:
    """Each python block of the guide and what the guide says it prints."""
    text = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    pattern = r"```python\n((?:(?!```).)*)```\n\nprints(?: `([^`]*)`|\n\n```text\n(.*?)```)"
    return [
        (m.group(1), (m.group(2) or m.group(3) or "").strip())
        for m in re.finditer(pattern, text, re.S)
    ]


def test_hooks_guide_has_examples() -> None:
    assert len(_doc_examples()) == 4


@pytest.mark.parametrize(("code", "expected"), _doc_examples())
def test_hooks_guide_examples_print_what_they_say(code: str, expected: str) -> None:
    if "sp_api" in code:
        pytest.importorskip("sp_api")
    proc = subprocess.run(
        [sys.executable, "-c", NO_NETWORK_PRELUDE + code],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if not k.startswith(("SP_API", "LWA_"))},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == expected


def test_import_works_without_sp_api() -> None:
    """The SP-API integration imports nothing optional: with sp_api unimportable, bsm_lint
    and the wrapper still import, and a duck-typed client is guarded."""
    code = textwrap.dedent(
        """
        import sys
        sys.modules["sp_api"] = None  # any import of it now fails
        import bsm_lint
        from bsm_lint.integrations.spapi import GuardedMessaging

        class Client:
            marketplace_id = "ATVPDKIKX0DER"
            def create_confirm_order_details(self, order_id, **kwargs):
                return ("sent", order_id, kwargs["body"]["text"])

        m = GuardedMessaging(Client())
        print(m.create_confirm_order_details("1", body={"text": "Which colour suits you?"}))
        try:
            m.create_confirm_order_details("1", body={"text": "Mail jane@shop.example"})
        except bsm_lint.ComplianceError:
            print("blocked")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", NO_NETWORK_PRELUDE + code], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["('sent', '1', 'Which colour suits you?')", "blocked"]
