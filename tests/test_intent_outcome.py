"""Ninth solicitation pass (issue 4): review asks conditional on a good answer or outcome,
survival pressure, the positive half of review gating, and review asks without a review word
in the purpose rules."""

from __future__ import annotations

import pytest

from bsm_lint import LintConfig, Linter, Message, load_pack
from conftest import PACK_HEADER, categories, rule_ids, rule_toml


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(load_pack(None), LintConfig(select=["BSM3"]))


def test_if_so_needs_a_satisfaction_or_outcome_question_before_it(linter: Linter) -> None:
    assert "BSM315" in rule_ids(linter, "Has the rug brightened your room? If so, leave a review.")
    # A question about use names no outcome: the ask stays neutral.
    assert "BSM315" not in rule_ids(
        linter, "Have you tried it yet? If so, we'd appreciate an honest review."
    )
    # The outcome word after the ask does not make "if so" refer to it.
    assert "BSM315" not in rule_ids(
        linter, "Have you tried it? If so, please leave a review. We hope you are enjoying it."
    )


def test_outcome_condition_needs_both_the_effect_and_a_better_result(linter: Linter) -> None:
    assert "BSM316" in rule_ids(
        linter, "If the pan made your dinners quicker, a review would help."
    )
    assert "BSM316" not in rule_ids(
        linter, "If the pan made a strange noise, tell us. A review is welcome."
    )
    # A result word with no verb of effect beside the condition.
    assert "BSM316" not in rule_ids(
        linter, "If you need a bigger size, reply. Reviews help other buyers choose better."
    )
    assert "BSM316" not in rule_ids(
        linter, "If the pan has not made cooking easier, tell us in your honest review."
    )


def test_survival_pressure_keeps_its_negation(linter: Linter) -> None:
    body = "Without reviews we can't keep selling here, so we'd be grateful for one."
    assert "BSM317" in rule_ids(linter, body)
    assert "BSM317" not in rule_ids(
        linter, "We can't keep selling the blue model. The grey one is in stock."
    )


def test_otherwise_gating_is_reported_in_both_categories(linter: Linter) -> None:
    body = "If a part is missing, write to us. Otherwise, we'd be grateful for a review."
    assert {"feedback-diversion", "review-positive-bias"} <= categories(linter, body)
    # The condition after the ask, or an "otherwise" about a deadline: neither.
    assert not {"feedback-diversion", "review-positive-bias"} & categories(
        linter, "To change the name, reply by Friday. Otherwise, we'd value an honest review."
    )


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        (
            "Your parcel has been delivered. Could you share your experience with other buyers?",
            "en",
        ),
        ("Your order was delivered today. Can you tell us how you like it?", "en"),
        ("Votre commande a été livrée. Pourriez-vous partager votre expérience ?", "fr"),
        ("Su pedido ha sido entregado. ¿Podría compartir su experiencia?", "es"),
        ("Il suo ordine è stato consegnato. Potrebbe condividere la sua esperienza?", "it"),
    ],
)
def test_a_plain_review_ask_does_not_make_a_status_notice_necessary(body: str, lang: str) -> None:
    assert "duplicate-notification" in categories(Linter(), body, lang)


def test_a_problem_report_to_support_is_no_review_ask() -> None:
    lin = Linter()
    body = (
        "Your package was delivered. Could you share your experience with our support team "
        "if the seal was broken, so we can send a new one?"
    )
    assert "duplicate-notification" not in categories(lin, body)
    thanks = (
        "Thank you for your order. If anything goes wrong, please share your experience "
        "with our support team."
    )
    assert "thanks-only" in categories(lin, thanks)
    assert "thanks-only" not in categories(
        lin, "Thank you for your order! We'd love to hear how you like it once you've tried it."
    )


def test_purpose_unless_ignore(make_pack) -> None:  # type: ignore[no-untyped-def]
    """A review word inside an `unless_ignore` phrase does not exempt its sentence."""
    options = (
        'mode = "restates"\nsignal = ["was delivered"]\nsubstance = ["could you"]\n'
        'substance_unless_sentence = ["share your experience"]\n'
        'unless_ignore = ["share your experience with support"]'
    )
    files = {"pack.toml": PACK_HEADER + rule_toml(check="purpose", options=options)}
    lin = Linter(load_pack(make_pack(files)))
    assert lin.lint(Message(body="It was delivered. Could you share your experience?")).violations
    assert not lin.lint(
        Message(body="It was delivered. Could you share your experience with support?")
    ).violations
