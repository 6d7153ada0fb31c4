"""The phone detector's shortcuts (`_hopeless`: runs rejected before their groups are
built) must not change a single finding: compared with the detector run without them."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bsm_lint import Context, LintConfig, Linter, Message, load_pack
from bsm_lint.checks import contact_phone

LINTER = Linter(load_pack(), LintConfig(select=("contact-phone",)))

_digits = st.text(alphabet="0123456789", min_size=1, max_size=8)
_sep = st.sampled_from(["-", ".", "/", " ", " / ", "\n", "", "-", "/"])
_group = st.one_of(_digits, _digits.map(lambda d: f"({d[:4]})"))
_run = st.builds(
    lambda lead, first, rest: lead + first + "".join(s + g for s, g in rest),
    st.sampled_from(["", "", "+", "+ ", "00", "0"]),
    _digits,
    st.lists(st.tuples(_sep, _group), max_size=5),
)
_words = st.sampled_from(["", "Call ", "Tel: ", "Order ", "on ", "Bestellnummer ", "$", "ID "])


def _found(body: str, market: str | None) -> list[tuple[str, int, int, str]]:
    report = LINTER.lint(Message(body=body), Context(marketplace=market))
    return [(v.rule_id, v.start, v.end, v.message) for v in report.violations]


@settings(max_examples=300, deadline=None)
@example([("Order ", "123-4567890-1234567")], None)
@example([("Call ", "12/31/2024"), ("Tel: ", "2024-01-31")], "US")
@example([("Tel: ", "1999.12.31"), ("on ", "31.12.1999")], "DE")
@example([("", "0049-30-1234567-8901"), ("", "(030)-1234567-8901234")], "DE")
@given(
    st.lists(st.tuples(_words, _run), min_size=1, max_size=3),
    st.sampled_from([None, "US", "DE", "UK", "JP"]),
)
def test_shortcuts_change_no_finding(parts: list[tuple[str, str]], market: str | None) -> None:
    body = " and ".join(w + r for w, r in parts)
    fast = _found(body, market)
    with patch.object(contact_phone, "_hopeless", lambda run, count: False):
        slow = _found(body, market)
    assert fast == slow


@pytest.mark.parametrize(
    ("run", "hopeless"),
    [
        ("123-4567890-1234567", True),  # an order id
        ("12/31/2024", True),
        ("2024-01-31", True),
        ("415-555-0134", False),
        ("0049-30-1234567-8901", False),  # 00: may be international
        ("+1-415-555-0134-5678", False),
        ("123 4567890 1234567", False),  # spaces: a group may be dropped
        ("12/31-2024", False),  # two separators: no date
    ],
)
def test_hopeless_runs(run: str, hopeless: bool) -> None:
    count = sum(map(str.isdigit, run))
    assert contact_phone._hopeless(run, count) is hopeless
