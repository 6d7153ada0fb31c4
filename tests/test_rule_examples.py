"""Every rule's own examples, one test each (semgrep/sqlfluff style): rules are data, and so
are their tests. A rule without both kinds of example fails the meta-test."""

from __future__ import annotations

import pytest

from bsm_lint import Linter, Message, load_pack
from bsm_lint.fixes import apply_fixes
from bsm_lint.packs.selftest import example_message

PACK = load_pack()
LINTER = Linter(PACK)

CASES = [
    pytest.param(r.spec.code, kind, i, ex, id=f"{r.spec.code}-{kind}-{i}")
    for r in PACK.rules
    for kind, examples in (("fail", r.spec.examples.fail), ("pass", r.spec.examples.pass_))
    for i, ex in enumerate(examples)
]
FIXES = [
    pytest.param(r.spec.code, fx.before, fx.after, id=f"{r.spec.code}-fix-{i}")
    for r in PACK.rules
    for i, fx in enumerate(r.spec.examples.fix)
]


@pytest.mark.parametrize(("code", "kind", "index", "example"), CASES)
def test_rule_example(code: str, kind: str, index: int, example: object) -> None:
    msg, ctx = example_message(example)  # type: ignore[arg-type]
    # Each rule alone, as the pack self-test runs it: a rule that yields to another
    # category (off-platform to contact-email) must still prove its own examples.
    found = list(LINTER.lint(msg, ctx, only=code).violations)
    if kind == "fail":
        assert found, f"{code} missed its fail example {index}"
        for v in found:
            text = msg.subject if v.field == "subject" else msg.body
            assert text is not None
            assert text[v.start : v.end] == v.match
    else:
        assert not found, f"{code} fired on its pass example {index}: {found[0].match!r}"


@pytest.mark.parametrize(("code", "before", "after"), FIXES)
def test_rule_fix_example_is_exact_and_idempotent(code: str, before: str, after: str) -> None:
    once = apply_fixes(before, LINTER.lint(Message(body=before), only=code).violations)
    assert once == after
    assert apply_fixes(once, LINTER.lint(Message(body=once), only=code).violations) == once


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.spec.code)
def test_every_rule_has_examples_and_a_policy(rule) -> None:
    spec = rule.spec
    assert spec.examples.fail, f"{spec.code} has no fail example"
    assert spec.examples.pass_, f"{spec.code} has no pass example"
    assert spec.policy.strip()
    if spec.category.startswith("contact-"):
        assert spec.fix is not None, f"{spec.code}: contact findings need a redaction fix"
