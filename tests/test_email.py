"""`contact.email` (BSM101): disguises added for issue 3 (spaced letters, line breaks, a
spelled "at sign", one-sided spaces, `&#64;`), the look-alikes that must pass, and the
per-field choice of marker scan, which must never lose an address."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bsm_lint import LintConfig, Linter, Message, load_pack
from bsm_lint.checks import contact_email
from bsm_lint.fixes import apply_fixes

LINTER = Linter(load_pack(), LintConfig(select=("contact-email",)))
CHECK = next(r.check for r in LINTER.rules if r.code == "BSM101")


def _matches(body: str, language: str | None = None) -> list[str]:
    return [v.match for v in LINTER.lint(Message(body=body, language=language)).violations]


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("write to p e t e r @ y a h o o . c o m and I'll answer", "p e t e r @ y a h o o . c o m"),
        ("Mail: k l a u s @ w e b . d e", "k l a u s @ w e b . d e"),
        ("You can write to tom@brick\nworks.co.uk about it.", "tom@brick\nworks.co.uk"),
        ("Our address is support@voltline\n.io", "support@voltline\n.io"),
        ("Die Adresse lautet info@moebel-\nsommer.de", "info@moebel-\nsommer.de"),
        (
            "the address is sarah, then the at sign, then outlook dot com",
            "sarah, then the at sign, then outlook dot com",
        ),
        ("jake at-sign hotmail period com", "jake at-sign hotmail period com"),
        ("Meine Adresse: hans at-Zeichen gmx punkt de", "hans at-Zeichen gmx punkt de"),
        ("Mail an hans Klammeraffe gmx Punkt de genügt.", "hans Klammeraffe gmx Punkt de"),
        ("My email is jane @wildroot.shop", "jane @wildroot.shop"),
        ("Please mail olivia.grant @outlook.com today.", "olivia.grant @outlook.com"),
        ("Write to nina.k@ gmail.com with the serial.", "nina.k@ gmail.com"),
        ("Reach me: mark&#64;brightkettle.com", "mark&#64;brightkettle.com"),
        ("Or email jane at wildroot.shop, whichever you prefer.", "jane at wildroot.shop"),
        ("Écrivez à pierre arobase free point fr", "pierre arobase free point fr"),
        (
            "メールは tanaka アットマーク gmail ドット com へ",
            "tanaka アットマーク gmail ドット com",
        ),
    ],
)
def test_disguised_addresses(body: str, match: str) -> None:
    assert _matches(body) == [match]


@pytest.mark.parametrize(
    "body",
    [
        "Follow us on Instagram @wildroot.shop for news.",
        "Find us @brightkettle.home on Pinterest.",
        "Or email us at wildroot.shop, whichever you prefer.",
        "Find the manual at wildroot.shop/manual.",
        "The team @ Brightkettle thanks you.",
        "2 lamps @ $14.99 each, 3 shades @ $6.50.",
        "See report@2x.png and cart@3x.webp in the zip.",
        "Anna at our returns desk will check it at noon.",
        "Please look at the label at the back dot by dot.",
        "Vendemos el aceite por arroba, como en el pueblo.",
        "La chiocciola in ceramica è un soprammobile, punto.",
        "Wir sind bei Ihnen um 10 Uhr, Punkt zehn.",
        "a b c @ d e f",
        "Email me when it arrives\nThanks, Jane",
        "Sent from jane@shop\nThe team",
    ],
)
def test_look_alikes_pass(body: str) -> None:
    assert _matches(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "Write to p e t e r @ y a h o o . c o m today.",
        "Mail tom@brick\nworks.co.uk today.",
        "Type jane, then the at sign, then wildroot dot shop.",
        "My email is jane @wildroot.shop today.",
    ],
)
def test_redaction_is_idempotent(body: str) -> None:
    once = apply_fixes(body, LINTER.lint(Message(body=body)).violations)
    assert "[email removed]" in once
    assert LINTER.lint(Message(body=once)).violations == ()


_FRAGMENTS = [
    "jane", "@", " @ ", "at", " at ", "bei", "[at]", "(at)", "{dot}", "-at-", "_at_", "dot",
    " dot ", "shop", ".", "com", "de", "gmail", "email", "write", "me", "j a n e", " ",
    "\n", ",", "then the at sign", "arroba", "punto", "&#64;", "%40", "アット", "ドット",
    "[.]", "(", ")", "free", "outlook",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=14))
def test_the_cheap_scan_never_loses_an_address(parts: list[str]) -> None:
    body = "".join(parts)
    doc = LINTER.document(Message(body=body))
    field = doc.fields[0]
    fast = [(h.start, h.end) for h in CHECK.run(field, doc)]
    original = CHECK._scanner  # type: ignore[attr-defined]
    try:
        CHECK._scanner = lambda f: contact_email._MARKER  # type: ignore[attr-defined]
        full = [(h.start, h.end) for h in CHECK.run(field, doc)]
    finally:
        CHECK._scanner = original  # type: ignore[attr-defined]
    assert fast == full, body


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("Schreiben Sie an info@bücher-shop.de bitte.", "info@bücher-shop.de"),
        ("Contact: jane@münchen.de", "jane@münchen.de"),
        ("連絡先は support@例え.jp です", "support@例え.jp"),
    ],
)
def test_internationalised_domains(body: str, match: str) -> None:
    assert _matches(body) == [match]


@pytest.mark.parametrize(
    "body",
    [
        "Find us at facebook dot com slash brightkitchen",
        "Photos: we are at shop dot com slash brightkitchen",
        "Our handle is @ bright.goods on Instagram",
        "The page is @ shop.home for the new range",
    ],
)
def test_web_paths_and_prose_before_a_lone_at_are_no_email(body: str) -> None:
    """A path after the domain makes a web address; a prose word before ` @ ` no local part."""
    assert _matches(body) == []
