"""The social-handle rules skip their label regexes on ASCII text that holds no key of the
message's language; the findings must be those of running the regexes every time."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from bsm_lint import LintConfig, Linter, Message
from bsm_lint.checks.social_handle import SocialHandleCheck

_PIECES = [
    "Instagram",
    "INSTAGRAM",
    "instagram's",
    "İnstagram",
    "ınstagram",
    "insta",
    "IG",
    "IG:",
    "ig",
    "WhatsApp",
    "Whatsapp:",
    "LINE",
    "Line",
    "line",
    "LINE@shop",
    "WeChat",
    "WeChat ID",
    "Telegram",
    "TikTok",
    "Facebook",
    "FB",
    "Snapchat",
    "Discord",
    "Signal",
    "the gram",
    "the 'gram",
    "follow",
    "follow us on",
    "find us on",
    "Folgen Sie uns auf",
    "suivez-nous sur",
    "síguenos en",
    "seguici su",
    "notre identifiant",
    "il nostro ID",
    "username",
    "ID",
    "is",
    ":",
    "-",
    ",",
    ".",
    "\n",
    "@brightkitchen",
    "@bk_shop88",
    "@home",
    "bk_shop88",
    "wildroot.shop",
    "jane@shop.com",
    "name#1234",
    "+44 7911 123456",
    "0171 2345678",
    "2 @ 3.99",
    "インスタ",
    "をフォロー",
    "微信",
    "ライン",
    "thanks",
    "order",
    "{{name}}",
]


@cache
def _linters() -> tuple[Linter, Linter]:
    config = LintConfig(select=("contact-social",))
    fast, slow = Linter(config=config), Linter(config=config)
    gated = 0
    for rule in slow._field_rules:
        if isinstance(rule.check, SocialHandleCheck):
            gated += sum(g is not None for g in rule.check._gates)
            rule.check._gates = (None, None)  # the slow form: every label regex runs
    assert gated, "no social rule uses the gate"
    return fast, slow


def _found(linter: Linter, text: str, language: str | None) -> list[tuple[str, int, int]]:
    report = linter.lint(Message(body=text, language=language))
    return [(v.rule_id, v.start, v.end) for v in report.violations]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=9),
    st.sampled_from([" ", "  ", ""]),
    st.sampled_from([None, "en", "de", "fr", "es", "it", "ja"]),
)
def test_label_gate_never_skips_a_label(pieces: list[str], sep: str, language: str | None) -> None:
    text = sep.join(pieces)
    fast, slow = _linters()
    assert _found(fast, text, language) == _found(slow, text, language)


def test_label_gate_keeps_the_examples() -> None:
    fast, slow = _linters()
    texts = [
        "Follow us on Instagram @brightkitchen for new recipes.",
        "WhatsApp: +44 7911 123456",
        "IG: bk_shop88",
        "Our LINE ID is bk123.",
        "Thanks for your order, it ships today.",
    ]
    found = [_found(fast, t, None) for t in texts]
    assert found == [_found(slow, t, None) for t in texts]
    assert all(found[:4])
    assert not found[4]
