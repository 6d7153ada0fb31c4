"""Feedback steering (issue 4, seventh pass): the `also` list of the intent check (four-part
requests), gating by "only happy buyers", "to us, not to the reviews", elliptic "if not"
conditions that must open the contact request, and the relabel convention (a plain support
offer followed by a separate neutral ask is not diversion)."""

from __future__ import annotations

import pytest

from bsm_lint import LintConfig, Linter, load_pack
from bsm_lint.checks.intent import IntentOptions
from conftest import categories, rule_ids


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(load_pack(None), LintConfig(select=["BSM3"]))


def test_also_list_is_validated_and_bounded() -> None:
    opts = IntentOptions(a=("x",), also=("y",), also_sentences=2)
    assert opts.also == ("y",)
    assert opts.also_sentences == 2
    with pytest.raises(ValueError, match="also_sentences"):
        IntentOptions(a=("x",), also=("y",), also_sentences=4)


def test_gating_needs_the_contact_request_for_diversion(linter: Linter) -> None:
    gated = "We only want happy customers to review us. If the lamp broke, write to us."
    assert {"BSM337", "BSM300"} <= rule_ids(linter, gated)
    # The restriction alone is positive bias, not diversion.
    alone = "We only want happy customers to review us."
    found = rule_ids(linter, alone)
    assert "BSM300" in found
    assert "BSM337" not in found
    # The contact request two sentences away is out of `also_sentences`.
    far = (
        "We only want happy customers to review us. The lamp takes E27 bulbs. "
        "The shade is linen. If the lamp broke, write to us."
    )
    assert "BSM337" not in rule_ids(linter, far)
    negated = "We ask every buyer, not only happy ones, for a review. Questions? Contact us."
    assert not {"BSM337", "BSM300"} & rule_ids(linter, negated)


@pytest.mark.parametrize(
    ("body", "language", "flagged"),
    [
        ("Any complaint goes to us, not to the reviews, please.", "en", True),
        ("Beschwerden bitte an uns und nicht in die Bewertungen.", "de", True),
        ("Vos remarques, adressez-les à nous plutôt qu'aux avis.", "fr", True),
        ("ご意見はレビューではなく当店へお寄せください。", "ja", True),
        ("Leave your review on Amazon, not on our website; contact us for questions.", "en", False),
        ("Contact us about the size, not the colour. A review is welcome.", "en", False),
    ],
)
def test_steer_not_to_the_reviews(linter: Linter, body: str, language: str, flagged: bool) -> None:
    assert ("BSM339" in rule_ids(linter, body, language=language)) is flagged


def test_elliptic_condition_must_open_the_contact_request(linter: Linter) -> None:
    hope = "We hope the rug suits your room. If it doesn't, let us know. A review would help us."
    assert "BSM338" in rule_ids(linter, hope)
    # "sinon" after a deadline: the contact request comes first, the contrast is about it.
    deadline = (
        "Pour changer le prénom, écrivez-nous avant demain. Sinon, nous gardons le prénom "
        "commandé. Un avis honnête aide les autres clients."
    )
    assert "feedback-diversion" not in categories(linter, deadline, language="fr")
    assert "BSM338" not in rule_ids(linter, hope, kind="reply")


def test_plain_support_then_separate_neutral_ask_is_not_diversion(linter: Linter) -> None:
    body = (
        "If anything went wrong with the grill, contact us. The plates are dishwasher safe. "
        "The lid is cast iron. We would appreciate your honest review."
    )
    assert "feedback-diversion" not in categories(linter, body)
    # The same past-tense condition tied back by a contrast is gating.
    tied = (
        "If anything went wrong with the grill, contact us. The plates are dishwasher safe. "
        "If everything arrived intact, we would appreciate your review."
    )
    assert "BSM336" in rule_ids(linter, tied)


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Talk to us before posting anything online about the blender.", "en"),
        ("Bevor Sie etwas öffentlich schreiben, melden Sie sich bitte bei uns.", "de"),
        ("Antes de publicar nada en internet, escríbanos.", "es"),
    ],
)
def test_before_posting_publicly_is_steering(linter: Linter, body: str, language: str) -> None:
    assert "BSM330" in rule_ids(linter, body, language=language)


@pytest.mark.parametrize(
    "body",
    [
        "Contact us before ordering online so we can reserve the colour.",
        "Before posting the parcel we test every kettle. An honest review is welcome.",
    ],
)
def test_before_about_orders_and_parcels_is_not_steering(linter: Linter, body: str) -> None:
    assert "BSM330" not in rule_ids(linter, body)


def test_request_for_feedback_is_not_thanks_for_feedback(linter: Linter) -> None:
    body = "If the parcel was damaged, please contact us. Otherwise we'd appreciate your feedback."
    assert "feedback-diversion" in categories(linter, body)
    thanks = "We appreciate your feedback about the strap and will pass it on to our designers."
    assert not categories(linter, thanks)
