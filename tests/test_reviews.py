"""Review and feedback solicitation: the `intent` check kind, and the default pack's rules
for positive bias, incentives, changes and removals, and feedback diversion, per language."""

from __future__ import annotations

import pytest

from bsm_lint import Linter, Message, load_pack
from conftest import PACK_HEADER, rule_toml

LINTER = Linter()


def _cats(body: str, language: str | None = None, kind: str = "proactive") -> set[str]:
    msg = Message(body=body, language=language, kind=kind)  # type: ignore[arg-type]
    return {v.category for v in LINTER.lint(msg).violations}


def _intent(make_pack, options: str) -> Linter:
    return Linter(
        load_pack(
            make_pack({"pack.toml": PACK_HEADER + rule_toml(check="intent", options=options)})
        )
    )


def _matches(lin: Linter, body: str, language: str | None = None) -> list[str]:
    return [v.match for v in lin.lint(Message(body=body, language=language)).violations]


# -- the intent check kind -------------------------------------------------------------------


def test_intent_pairs_terms_within_a_sentence(make_pack) -> None:
    lin = _intent(make_pack, 'a = ["gift card"]\nb = ["review"]\nmax_words = 4')
    assert _matches(lin, "A gift card for your review!") == ["gift card for your review"]
    assert _matches(lin, "A gift card. Your review.") == []  # two sentences
    assert _matches(lin, "A gift card is what we sent, and later your review") == []  # too far


def test_intent_order_and_sentences(make_pack) -> None:
    lin = _intent(make_pack, 'a = ["happy"]\nb = ["review"]\norder = "a-first"\nsentences = 1')
    assert _matches(lin, "Happy? Leave a review.") == ["Happy? Leave a review"]
    assert _matches(lin, "A review makes us happy.") == []


def test_intent_negations_exceptions_and_ignore(make_pack) -> None:
    lin = _intent(
        make_pack,
        'a = ["coupon"]\nb = ["review"]\nnegations = ["not", "never"]\n'
        'exceptions = ["regardless of"]\nignore = ["review your request", "never miss"]',
    )
    assert _matches(lin, "We do not give a coupon for a review.") == []
    assert _matches(lin, "A coupon, regardless of your review.") == []
    assert _matches(lin, "We will review your request and send a coupon.") == []
    # An ignored negation negates nothing.
    assert _matches(lin, "Never miss a coupon: leave a review") == ["coupon: leave a review"]


def test_intent_b_empty_and_context(make_pack) -> None:
    lin = _intent(make_pack, 'a = ["before"]\ncontext = ["contact us"]')
    assert _matches(lin, "Contact us before anything else.") == ["before"]
    assert _matches(lin, "Read the manual before use.") == []
    near = _intent(
        make_pack,
        'a = ["if"]\nb = ["review"]\ncontext = ["happy"]\ncontext_words = 3\nmax_words = 20',
    )
    assert _matches(near, "If you are happy, leave a review.") == [
        "If you are happy, leave a review"
    ]
    assert _matches(near, "If you have time, we are always very happy about a review.") == []


def test_intent_japanese_needs_no_word_boundaries_and_negation_follows(make_pack) -> None:
    lin = _intent(
        make_pack,
        'a = ["ギフト券"]\nb = ["レビュー"]\nmax_words = 8\nnegations = ["ません"]\n'
        "negation_after = 10",
    )
    assert _matches(lin, "レビューを書いた方にギフト券を差し上げます。") == [
        "レビューを書いた方にギフト券"
    ]
    assert _matches(lin, "レビューの見返りにギフト券を差し上げることはございません。") == []


def test_intent_reads_link_placeholder_labels(make_pack) -> None:
    lin = _intent(make_pack, 'a = ["if you have any issues"]\nb = ["contact us"]\nmax_words = 3')
    body = "If you have any issues, please [[contact-link:contact us]] today."
    assert len(_matches(lin, body)) == 1
    # A placeholder without a label is opaque.
    assert _matches(lin, "If you have any issues, please [[contact-link]] today.") == []


# -- positive bias ----------------------------------------------------------------------------

POSITIVE = [
    ("Please leave us a 5-star review.", "en"),
    ("If you loved it, please leave a review.", "en"),
    ("Happy with your new kettle? Leave us a review!", "en"),
    ("Give us five stars if you can.", "en"),
    ("Wir freuen uns über eine positive Bewertung.", "de"),
    ("Wenn Sie zufrieden sind, hinterlassen Sie bitte eine Bewertung.", "de"),
    ("Laissez-nous un avis positif, merci !", "fr"),
    ("Si vous êtes satisfait, laissez-nous un avis.", "fr"),
    ("Déjenos una reseña de 5 estrellas, por favor.", "es"),
    ("Si está satisfecho, déjenos una reseña.", "es"),
    ("Ci lasci una recensione positiva!", "it"),
    ("Se è soddisfatto, ci lasci una recensione.", "it"),
    ("高評価をお願いいたします。", "ja"),
    ("ご満足いただけましたら、レビューをお願いします。", "ja"),
]
NEUTRAL = [
    ("We would appreciate your honest review.", "en"),
    ("Would you share your experience with this product?", "en"),
    ("We reviewed your return request and approved it.", "en"),
    ("Please leave an honest review, positive or negative.", "en"),
    ("Wir freuen uns über Ihre ehrliche Meinung.", "de"),
    ("Votre avis honnête nous intéresse.", "fr"),
    ("Nos interesa su opinión sincera.", "es"),
    ("Ci farebbe piacere la sua opinione sincera.", "it"),
    ("率直なご感想をお聞かせください。", "ja"),
]


@pytest.mark.parametrize(("body", "lang"), POSITIVE)
def test_positive_bias_in_six_languages(body: str, lang: str) -> None:
    assert "review-positive-bias" in _cats(body, lang)


@pytest.mark.parametrize(("body", "lang"), NEUTRAL)
def test_neutral_requests_pass(body: str, lang: str) -> None:
    assert not _cats(body, lang) & {
        "review-positive-bias",
        "review-incentive",
        "review-change-or-remove",
        "feedback-diversion",
    }


def test_positive_bias_without_a_declared_language() -> None:
    assert "review-positive-bias" in _cats("Bitte hinterlassen Sie uns eine 5-Sterne-Bewertung.")
    assert "review-positive-bias" in _cats("★5をつけていただけると嬉しいです。")


def test_star_imagery_is_a_warning() -> None:
    vs = LINTER.lint(Message(body="How did we do? ★★★★★")).violations
    assert [(v.rule_id, v.severity.value) for v in vs] == [("BSM305", "warning")]


# -- incentives -------------------------------------------------------------------------------

INCENTIVES = [
    ("Leave a review and get a $10 gift card.", "en"),
    ("We will refund you in full once you leave a review.", "en"),
    ("As a thank you for your feedback, you will receive a free sample.", "en"),
    ("Für Ihre Bewertung erhalten Sie einen Gutschein.", "de"),
    ("Laissez un avis et recevez un bon d'achat.", "fr"),
    ("Le regalamos un cupón a cambio de su reseña.", "es"),
    ("Riceverà un buono sconto in cambio di una recensione.", "it"),
    ("レビューを書いていただいた方にクーポンをプレゼントします。", "ja"),
]


@pytest.mark.parametrize(("body", "lang"), INCENTIVES)
def test_incentives_in_six_languages(body: str, lang: str) -> None:
    assert "review-incentive" in _cats(body, lang)


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("We offer nothing in exchange for your review.", "en"),
        ("Your refund has been issued. If you have time, please leave a review.", "en"),
        ("Free shipping was part of your order.", "en"),
        ("We do not give discounts for reviews.", "en"),
        ("Wir bieten keine Gutscheine für Bewertungen an.", "de"),
        ("Nous n'offrons aucune contrepartie pour un avis.", "fr"),
        ("No ofrecemos nada a cambio de su reseña.", "es"),
        ("Non offriamo nulla in cambio della sua recensione.", "it"),
        ("返金手続きが完了しました。よろしければレビューをお願いします。", "ja"),
    ],
)
def test_no_incentive_in_disclaimers_and_plain_refunds(body: str, lang: str) -> None:
    assert "review-incentive" not in _cats(body, lang)


# -- changes and removals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Would you consider updating your review?", "en"),
        ("We saw your 1-star review. Could you remove it?", "en"),
        ("Your negative review is hurting our small business.", "en"),
        ("Bitte löschen Sie Ihre Bewertung.", "de"),
        ("Pourriez-vous supprimer votre avis ?", "fr"),
        ("¿Podría modificar su reseña?", "es"),
        ("Potrebbe rimuovere la sua recensione?", "it"),
        ("評価を削除していただけますでしょうか。", "ja"),
    ],
)
def test_change_or_remove_in_six_languages(body: str, lang: str) -> None:
    assert "review-change-or-remove" in _cats(body, lang)


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        (
            "If you are satisfied that we resolved your concerns, it is possible to update or "
            "remove the feedback you originally provided.",
            "en",
        ),
        ("Please update your shipping address.", "en"),
        ("Thank you for updating your review.", "en"),
        (
            "問題が解決されたとご納得いただける場合は、評価を更新または削除することができます。",
            "ja",
        ),
    ],
)
def test_neutral_feedback_notice_and_other_updates_pass(body: str, lang: str) -> None:
    assert "review-change-or-remove" not in _cats(body, lang)


# -- feedback diversion -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Please contact us before leaving a review.", "en"),
        ("If you have a problem, contact us. Otherwise, please leave a review.", "en"),
        ("Please don't leave a negative review, just write to us.", "en"),
        ("Please hold off on your review; a replacement ships today.", "en"),
        ("Bitte kontaktieren Sie uns, bevor Sie eine Bewertung abgeben.", "de"),
        ("Contactez-nous avant de laisser un avis.", "fr"),
        ("Contáctenos antes de dejar una reseña.", "es"),
        ("Ci contatti prima di lasciare una recensione.", "it"),
        ("低評価の前にご連絡ください。", "ja"),
    ],
)
def test_diversion_in_six_languages(body: str, lang: str) -> None:
    assert "feedback-diversion" in _cats(body, lang)


def test_gating_is_judged_in_proactive_messages_only() -> None:
    body = "If you have any problems, please contact us. Otherwise, please leave a review."
    assert "feedback-diversion" in _cats(body, "en")
    assert "feedback-diversion" not in _cats(body, "en", kind="reply")


def test_help_far_from_the_review_request_passes() -> None:
    body = (
        "If you have any problems, please contact us.\n\nWe hope you enjoy the kettle.\n\n"
        "When you have time, an honest review would help other shoppers."
    )
    assert "feedback-diversion" not in _cats(body, "en")


def test_template_link_labels_count_as_text() -> None:
    body = (
        "If you have any issues with your purchase, please [[contact-link:contact us]] so we can "
        "resolve them. Your review helps other shoppers."
    )
    assert "feedback-diversion" in _cats(body)


# -- priming without a rating word (BSM307-309) and satisfaction promises (BSM334) -----------


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Your review boosts our sales more than any advert. Please review the lamp.", "en"),
        ("Happy customers love this mug. Would you leave a review too?", "en"),
        ("So glad you enjoy the rug! Please tell others in a review.", "en"),
        ("Ihre Bewertung hilft unseren Verkäufen. Bitte bewerten Sie die Tasche.", "de"),
        ("Nos clients satisfaits l'adorent. Laissez-nous un avis.", "fr"),
    ],
)
def test_priming_without_rating_word_is_positive_bias(body: str, language: str) -> None:
    assert "review-positive-bias" in _cats(body, language)


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Our sales team will review your quote today.", "en"),
        ("Reviews help other shoppers decide. An honest one is welcome.", "en"),
        ("Glad the parcel arrived safely; write to us if anything is missing.", "en"),
        ("Nous serions heureux que vous preniez le temps de laisser un avis honnête.", "fr"),
        ("Nicht ganz zufrieden? Schreiben Sie uns, wir helfen gern.", "de"),
    ],
)
def test_neutral_wording_is_not_positive_bias(body: str, language: str) -> None:
    assert "review-positive-bias" not in _cats(body, language)


def test_satisfaction_promise_before_the_review_is_diversion() -> None:
    body = "Not 100% satisfied? Reply and we will fix it. Enjoy! A review would help others."
    assert "feedback-diversion" in _cats(body, "en")
    assert "feedback-diversion" not in _cats(body, "en", kind="reply")


# -- "contact us first" several sentences before the review ask (BSM335) ----------------------


def _codes(body: str, language: str | None = None, kind: str = "proactive") -> list[str]:
    msg = Message(body=body, language=language, kind=kind)
    return [v.rule_id for v in LINTER.lint(msg).violations]


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("If it wobbles, write to us first. It is oiled by hand. A review is welcome.", "en"),
        ("Bei Fragen melden Sie sich bitte zuerst. Danke! Wir freuen uns über Bewertungen.", "de"),
        ("En cas de souci, contactez-nous d'abord. Merci ! Un avis nous aiderait.", "fr"),
        ("ご不明点はまずはご連絡ください。ありがとうございます。レビューをお願いします。", "ja"),
    ],
)
def test_contact_first_before_a_review_ask_is_diversion(body: str, language: str) -> None:
    assert "BSM335" in _codes(body, language)
    assert "BSM335" not in _codes(body, language, kind="reply")


@pytest.mark.parametrize(
    ("body", "language"),
    [
        # "first" about something else, or no "first" at all
        ("For your first order, message us with any questions. A review is welcome.", "en"),
        ("If anything is wrong, contact us. It ships in two boxes. A review is welcome.", "en"),
        # the review ask comes first: the offer of help does not stand ahead of it
        ("A review is welcome. If the stool wobbles, write to us first.", "en"),
        # too far: four sentences between
        ("Write to us first. One. Two. Three. Four. A review is welcome.", "en"),
        ("Scriva prima di tutto le misure. Grazie. Una recensione è gradita.", "it"),
    ],
)
def test_first_without_a_contact_first_steer_passes(body: str, language: str) -> None:
    assert "BSM335" not in _codes(body, language)


def test_proximity_is_an_alias_of_intent(make_pack) -> None:
    from bsm_lint.checks.intent import IntentCheck
    from bsm_lint.checks.proximity import ProximityCheck

    assert issubclass(ProximityCheck, IntentCheck)
    lin = Linter(
        load_pack(
            make_pack(
                {
                    "pack.toml": PACK_HEADER
                    + rule_toml(check="proximity", options='a = ["gift card"]\nb = ["review"]')
                }
            )
        )
    )
    assert _matches(lin, "A gift card for your review!") == ["gift card for your review"]


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("We know you'll adore this throw. Could you tell others in a review?", "en"),
        ("Since you were happy with the delivery, would you also review the product?", "en"),
        ("Der Mixer hat Sie bestimmt überzeugt. Hinterlassen Sie uns eine Bewertung!", "de"),
        ("Puisque vous êtes satisfait, laissez-nous un avis sur Amazon.", "fr"),
        ("Seguro que le encanta su nueva lámpara. ¿Nos deja una reseña?", "es"),
        ("La lampada l'ha conquistata? Siamo certi che le piace: ci lasci una recensione!", "it"),
    ],
)
def test_presumed_satisfaction_before_the_ask_is_positive_bias(body: str, lang: str) -> None:
    assert "review-positive-bias" in _cats(body, lang)


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        (
            "We know you've been waiting; the part ships today. An honest review is welcome later.",
            "en",
        ),
        ("Seguro que el paquete llega el lunes; si no, escríbanos.", "es"),
    ],
)
def test_certainty_about_other_things_is_not_positive_bias(body: str, lang: str) -> None:
    assert "review-positive-bias" not in _cats(body, lang)


# -- sentence neighbours across a blank line (issue 4, fifth pass) --------------------------


@pytest.mark.parametrize(
    ("body", "language", "category"),
    [
        (
            "Your new chair is built to last, and we think you will agree!\n\n"
            "Please leave a review when you have a moment.",
            "en",
            "review-positive-bias",
        ),
        (
            "If anything is wrong with the chair, please tell us!\n\n"
            "Otherwise, we would welcome a review.",
            "en",
            "feedback-diversion",
        ),
        (
            "Falls etwas nicht stimmt, schreiben Sie uns bitte.\n\n"
            "Ansonsten freuen wir uns über eine Bewertung.",
            "de",
            "feedback-diversion",
        ),
    ],
)
def test_blank_line_after_punctuation_keeps_neighbours(
    body: str, language: str, category: str
) -> None:
    # "!" or "." then a blank line used to make an empty sentence between the two.
    assert category in _cats(body, language)


@pytest.mark.parametrize(
    ("body", "language"),
    [
        # Window kept at one sentence: support wording two sentences before a neutral ask
        # passes (a wider window cost precision on the corpus, docs/accuracy.md).
        (
            "If you have any problem, contact us!\n\nThe cover is machine washable.\n\n"
            "We would appreciate an honest review.",
            "en",
        ),
        # Support offered after the ask is not steering.
        (
            "We would appreciate an honest review. If anything breaks, contact us.",
            "en",
        ),
    ],
)
def test_support_wording_away_from_the_ask_passes(body: str, language: str) -> None:
    assert "feedback-diversion" not in _cats(body, language)
