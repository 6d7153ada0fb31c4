"""Inline suppressions: code and reason required, ranges, unsuppressible rules, notices."""

from __future__ import annotations

import pytest

from bsm_lint import LintConfig, Linter, Message, load_pack
from conftest import PACK_HEADER, rule_toml


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(config=LintConfig(select=("BSM101", "BSM201")))


def _state(linter: Linter, body: str) -> tuple[list[tuple[str, int, bool]], list[str]]:
    r = linter.lint(Message(body=body, format="html"))
    return [(v.rule_id, v.line, v.suppressed) for v in r.violations], [n.message for n in r.notices]


def test_same_line_with_reason(linter: Linter) -> None:
    body = "Track: http://old.example-carrier.com/1 <!-- bsm-lint-disable-line BSM201 -- legacy -->"
    vs, notes = _state(linter, body)
    assert vs == [("BSM201", 1, True)]
    assert notes == []
    v = linter.lint(Message(body=body)).violations[0]
    assert v.suppression_reason == "legacy"
    assert linter.lint(Message(body=body)).ok


def test_next_line_and_range(linter: Linter) -> None:
    body = (
        "{# bsm-lint-disable-next-line BSM201 -- carrier offers no https #}\n"
        "http://a.example.com/1\n"
        "http://b.example.com/2\n"
        "<!-- bsm-lint-disable BSM201 -- archive links -->\n"
        "http://c.example.com/3\n"
        "<!-- bsm-lint-enable BSM201 -->\n"
        "http://d.example.com/4\n"
    )
    vs, notes = _state(linter, body)
    assert vs == [
        ("BSM201", 2, True),
        ("BSM201", 3, False),
        ("BSM201", 5, True),
        ("BSM201", 7, False),
    ]
    assert notes == []


def test_reason_and_code_are_required(linter: Linter) -> None:
    vs, notes = _state(linter, "http://a.example.com/x <!-- bsm-lint-disable-line BSM201 -->")
    assert vs == [("BSM201", 1, False)]
    assert "needs a reason" in notes[0]
    vs, notes = _state(linter, "http://a.example.com/x <!-- bsm-lint-disable-line -- why -->")
    assert vs == [("BSM201", 1, False)]
    assert "needs rule codes" in notes[0]


def test_unsuppressible_rule_stays(linter: Linter) -> None:
    vs, notes = _state(linter, "mail jane@shop.com <!-- bsm-lint-disable-line BSM101 -- ok -->")
    assert vs == [("BSM101", 1, False)]
    assert notes == ["BSM101 cannot be suppressed"]


def test_unused_and_unknown_are_notices(linter: Linter) -> None:
    vs, notes = _state(linter, "fine text {{! bsm-lint-disable-line BSM201 -- old }}")
    assert vs == []
    assert notes == ["nothing to suppress for BSM201"]
    _, notes = _state(linter, "x <#-- bsm-lint-disable-line XX999 -- hm -->")
    assert notes == ["unknown rule XX999"]


def test_deselected_rule_is_neither_used_nor_unused() -> None:
    lin = Linter(config=LintConfig(ignore=("BSM201",)))
    _, notes = _state(lin, "http://a.example.com/x <!-- bsm-lint-disable-line BSM201 -- ok -->")
    assert notes == []


def test_directives_themselves_never_cause_findings(make_pack) -> None:
    pack = load_pack(
        make_pack({"pack.toml": PACK_HEADER + rule_toml(options='terms = ["legacy"]')})
    )
    r = Linter(pack).lint(Message(body="ok <!-- bsm-lint-disable-line TST101 -- legacy -->"))
    assert r.violations == ()
    assert [n.kind for n in r.notices] == ["unused-suppression"]
