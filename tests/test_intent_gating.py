"""Feedback gating and star incentives (issue 4, sixth pass): the direction of the context
("otherwise" refers back), the whole-message window of the satisfaction framing, and star
counts that count as a rating request only with a verb asking for them."""

from __future__ import annotations

import pytest

from bsm_lint import LintConfig, Linter, load_pack
from conftest import rule_ids


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(load_pack(None), LintConfig(select=["BSM3"]))


def test_otherwise_refers_back_to_an_earlier_problem_condition(linter: Linter) -> None:
    before = (
        "If anything is wrong, write to us. The cord is in the box. Otherwise, we'd love a review."
    )
    assert "BSM336" in rule_ids(linter, before)
    # The same words with the condition after the ask: "otherwise" cannot point forward.
    after = (
        "Otherwise, we'd love a review. The cord is in the box. If anything is wrong, write to us."
    )
    assert "BSM336" not in rule_ids(linter, after)
    # An "otherwise" about a deadline, with no problem condition before it.
    deadline = (
        "To change the name, write to us by Friday. Otherwise, we would value an honest review."
    )
    assert "BSM336" not in rule_ids(linter, deadline)
    assert "BSM336" not in rule_ids(linter, before, kind="reply")


def test_dissatisfaction_framing_reaches_a_distant_ask(linter: Linter) -> None:
    filler = " ".join(f"Tip {i}: keep the lid dry." for i in range(6))
    body = f"Not happy with the kettle? Write to us. {filler} We would appreciate a review."
    assert "BSM334" in rule_ids(linter, body)
    plain = (
        f"If there is a problem with the order, contact us. {filler} We would appreciate a review."
    )
    assert not {"BSM334", "BSM332", "BSM336"} & rule_ids(linter, plain)


@pytest.mark.parametrize(
    ("body", "flagged"),
    [
        ("Leave us 5 stars and we'll send you a coupon.", True),
        ("A coupon is yours if you give the blender five stars.", True),
        ("Our 5-star blender is 20% off this week.", False),
        ("We never give coupons for leaving 5 stars.", False),
    ],
)
def test_star_count_is_a_rating_request_only_with_a_verb(
    linter: Linter, body: str, flagged: bool
) -> None:
    assert ("BSM313" in rule_ids(linter, body)) is flagged
