"""Marketing, and message purpose judged on the whole message: thanks-only, duplicate
status notifications, cancel requests; the `purpose` check kind on its own."""

from __future__ import annotations

import pytest

from bsm_lint import Context, Linter, Message, load_pack
from conftest import PACK_HEADER, rule_toml

LINTER = Linter()


def _cats(
    body: str, language: str | None = None, kind: str = "proactive", subject: str | None = None
) -> set[str]:
    msg = Message(body=body, language=language, kind=kind, subject=subject)  # type: ignore[arg-type]
    return {v.category for v in LINTER.lint(msg).violations}


# -- marketing ---------------------------------------------------------------------------------

MARKETING = [
    ("Use code SAVE20 for 20% off.", "en"),
    ("Check out our other products for your kitchen.", "en"),
    ("Subscribe to our newsletter and follow us on Instagram.", "en"),
    ("Join our VIP club for early access.", "en"),
    ("Our Black Friday deals start tomorrow.", "en"),
    ("Sie erhalten 15 % Rabatt auf Ihre nächste Bestellung.", "de"),
    ("Abonnieren Sie unseren Newsletter!", "de"),
    ("Profitez du code promo MERCI10 sur votre prochaine commande.", "fr"),
    ("Découvrez nos autres produits sur Amazon.", "fr"),
    ("Descubra nuestros otros productos en Amazon.", "es"),
    ("Únase a nuestro programa de fidelidad.", "es"),
    ("Scopra i nostri altri prodotti su Amazon.", "it"),
    ("Si iscriva alla nostra newsletter.", "it"),
    ("次回のご注文で使える割引をご用意しました。", "ja"),
    ("当店の他の商品もぜひご覧ください。", "ja"),
]


@pytest.mark.parametrize(("body", "lang"), MARKETING)
def test_marketing_in_six_languages(body: str, lang: str) -> None:
    assert "marketing" in _cats(body, lang)


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Free shipping was part of your order.", "en"),
        ("The 10% discount was applied to this order at checkout.", "en"),
        ("The promo code you entered did not work, so we refunded the difference.", "en"),
        ("Use the code on the warranty card to register the product.", "en"),
        ("Check out our FAQ for setup tips.", "en"),
        ("Please follow the instructions in the manual.", "en"),
        ("We will not add you to any mailing list.", "en"),
        ("Der Rabatt wurde bereits bei dieser Bestellung abgezogen.", "de"),
        ("La réduction a été appliquée à cette commande.", "fr"),
        ("El descuento se aplicó a este pedido.", "es"),
        ("Lo sconto è stato applicato a questo ordine.", "it"),
        ("今回のご注文には割引が適用されています。", "ja"),
    ],
)
def test_facts_about_this_order_are_not_marketing(body: str, lang: str) -> None:
    assert "marketing" not in _cats(body, lang)


# -- thanks-only ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Thank you for your order!", "en"),
        (
            "Hi Sam,\n\nthanks for your purchase. We are here if you need anything."
            "\n\nBest regards,\nMia",
            "en",
        ),
        ("Vielen Dank für Ihren Einkauf! Bei Fragen sind wir für Sie da.", "de"),
        ("Merci pour votre achat ! N'hésitez pas à nous contacter.", "fr"),
        ("¡Gracias por su compra! Estamos aquí para ayudarle.", "es"),
        ("Grazie per il suo acquisto! Siamo a sua disposizione.", "it"),
        (
            "ご購入ありがとうございます。ご不明な点がございましたらお気軽にお問い合わせください。",
            "ja",
        ),
    ],
)
def test_thanks_only(body: str, lang: str) -> None:
    assert "thanks-only" in _cats(body, lang)


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Thank you for your order; we need your engraving text by Friday.", "en"),
        ("Thank you for your order! Would you share your experience in a review?", "en"),
        ("Thanks for your order. The user guide is attached.", "en"),
        ("Thanks! Which colour would you like for the cushion cover?", "en"),
        ("Vielen Dank! Bitte bestätigen Sie die Größe.", "de"),
        ("Merci ! Pourriez-vous nous indiquer la taille ?", "fr"),
        ("¡Gracias! Necesitamos su dirección completa.", "es"),
        ("Grazie! Abbiamo bisogno del testo per l'incisione.", "it"),
        ("ご注文ありがとうございます。名入れの文字をお知らせください。", "ja"),
    ],
)
def test_thanks_with_a_purpose_passes(body: str, lang: str) -> None:
    assert "thanks-only" not in _cats(body, lang)


def test_thanks_only_judges_proactive_messages_only() -> None:
    assert "thanks-only" not in _cats("Thank you for your message!", "en", kind="reply")


def test_a_review_link_label_gives_the_message_a_purpose() -> None:
    body = "Thank you for your order!\n\n[[review-link:Leave a review here]]"
    assert "thanks-only" not in _cats(body)


# -- duplicate notifications ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Your order has shipped and is on its way!", "en"),
        ("Ihre Bestellung wurde versandt.", "de"),
        ("Votre commande a été expédiée.", "fr"),
        ("Su pedido ha sido enviado.", "es"),
        ("Il suo ordine è stato spedito.", "it"),
        ("ご注文の商品を発送いたしました。", "ja"),
    ],
)
def test_status_notifications(body: str, lang: str) -> None:
    assert "duplicate-notification" in _cats(body, lang)


def test_status_in_the_subject_counts() -> None:
    assert "duplicate-notification" in _cats(
        "Enjoy!", "en", subject="Your order has been delivered"
    )


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Your order has shipped, but the carrier reports a delay.", "en"),
        ("Once your order has shipped, you will get the manual by email from Amazon.", "en"),
        ("Your parcel has not arrived yet? Please check with the neighbours.", "en"),
        ("Ihre Bestellung wurde versandt, aber es gibt eine Verzögerung.", "de"),
        ("商品を発送いたしましたら、改めてご連絡いたします。", "ja"),
    ],
)
def test_status_with_necessary_content_or_subordinate_passes(body: str, lang: str) -> None:
    assert "duplicate-notification" not in _cats(body, lang)


def test_status_in_a_reply_passes() -> None:
    assert "duplicate-notification" not in _cats(
        "Your order shipped yesterday.", "en", kind="reply"
    )


# -- cancel requests ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("The item is out of stock, please cancel the order.", "en"),
        ("Please go to Your Orders and click Request Cancellation.", "en"),
        ("Bitte stornieren Sie die Bestellung.", "de"),
        ("Pourriez-vous annuler la commande ?", "fr"),
        ("Por favor, cancele el pedido.", "es"),
        ("Potrebbe annullare l'ordine?", "it"),
        ("ご注文をキャンセルしていただけますでしょうか。", "ja"),
    ],
)
def test_cancel_requests(body: str, lang: str) -> None:
    assert "cancel-request" in _cats(body, lang)


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("We have cancelled your order and refunded you.", "en"),
        ("If you would like to cancel, reply and we will do it for you.", "en"),
        ("Please do not cancel: the part arrives Monday.", "en"),
        ("Wir haben Ihre Bestellung storniert.", "de"),
        ("Nous avons annulé votre commande.", "fr"),
        ("Hemos cancelado su pedido.", "es"),
        ("Abbiamo annullato il suo ordine.", "it"),
        ("当店でキャンセルいたしました。", "ja"),
    ],
)
def test_cancelling_for_the_buyer_passes(body: str, lang: str) -> None:
    assert "cancel-request" not in _cats(body, lang)


def test_request_cancellation_instructions_in_a_reply_pass() -> None:
    body = "To cancel, open Your Orders and choose Request Cancellation."
    assert "cancel-request" not in _cats(body, "en", kind="reply")


# -- the purpose check kind on its own ------------------------------------------------------------


def _purpose(make_pack, options: str) -> Linter:
    return Linter(
        load_pack(
            make_pack({"pack.toml": PACK_HEADER + rule_toml(check="purpose", options=options)})
        )
    )


def test_purpose_only_mode(make_pack) -> None:
    lin = _purpose(
        make_pack,
        'mode = "only"\nsignal = ["thanks"]\nbenign = ["hello"]\nsubstance = ["please"]\n'
        'closing = ["regards"]',
    )
    ok = "Hello Ann,\nThanks!\nRegards,\nBob Miller"
    vs = lin.lint(Message(body=ok)).violations
    assert [v.match for v in vs] == ["Thanks"]
    assert (vs[0].start, vs[0].end) == (ok.index("Thanks"), ok.index("Thanks") + 6)
    assert not lin.lint(Message(body="Thanks! Please confirm.")).violations
    assert not lin.lint(Message(body="Thanks! The lid is attached with two screws.")).violations


def test_purpose_restates_mode_with_negations(make_pack) -> None:
    lin = _purpose(
        make_pack,
        'mode = "restates"\nsignal = ["has shipped"]\nsignal_fields = ["subject", "body"]\n'
        'substance = ["delay"]\nnegations = ["once", "not"]',
    )
    assert lin.lint(Message(body="It has shipped.")).violations
    assert (
        lin.lint(Message(subject="It has shipped", body="Enjoy.")).violations[0].field == "subject"
    )
    assert not lin.lint(Message(body="Once it has shipped, you get a mail.")).violations
    assert not lin.lint(Message(body="It has shipped with a delay.")).violations


def test_purpose_only_needs_benign(make_pack) -> None:
    from bsm_lint import BsmLintError

    with pytest.raises(BsmLintError):
        _purpose(make_pack, 'mode = "only"\nsignal = ["thanks"]')


def test_html_context_message_type_does_not_break_purpose() -> None:
    msg = Message(body="Thank you for your order!")
    ctx = Context(message_type="confirmOrderDetails")
    assert "thanks-only" in {v.category for v in LINTER.lint(msg, ctx).violations}


# -- issue 4, fourth pass: inspection requests, filler, team signatures, yielding ---------------


def test_purpose_substance_ignore(make_pack) -> None:
    """A substance term inside an ignored phrase does not count; the same term outside does."""
    lin = _purpose(
        make_pack,
        'mode = "restates"\nsignal = ["was delivered"]\nsubstance = ["damaged", "check"]\n'
        'substance_ignore = ["check that nothing was damaged"]',
    )
    assert lin.lint(
        Message(body="It was delivered. Please check that nothing was damaged.")
    ).violations
    assert not lin.lint(
        Message(body="It was delivered. Please check that nothing was damaged. The box is damaged.")
    ).violations


def test_purpose_team_signature_is_anchored(make_pack) -> None:
    lin = _purpose(
        make_pack,
        'mode = "only"\nsignal = ["thanks"]\nbenign = ["hello"]\n'
        'team_signature = ["the team", "team"]',
    )
    assert lin.lint(Message(body="Thanks for your order!\n\nThe Birchwood team")).violations
    assert lin.lint(Message(body="Thanks for your order!\n\nTeam Birchwood")).violations
    # a sentence that opens with the formula is no signature
    assert not lin.lint(Message(body="Thanks!\n\nThe team will phone you on Monday.")).violations
    assert not lin.lint(Message(body="Thanks!\n\nOur warehouse team packs orders daily")).violations


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        (
            "The carrier reports that your parcel reached you this morning. Please make sure "
            "nothing was damaged on the way. An honest review is always welcome.",
            "en",
        ),
        (
            "Ihre Lieferung wurde gestern zugestellt. Bitte prüfen Sie, ob alles heil "
            "angekommen ist.",
            "de",
        ),
        ("Votre colis vous a été remis ce matin. Vérifiez que tout est en bon état.", "fr"),
        ("Su paquete se entregó esta mañana. Compruebe que todo llegó en buen estado.", "es"),
        ("Il suo pacco è stato consegnato. Controlli che tutto sia in buono stato.", "it"),
        ("お荷物の配達が完了しました。破損がないかご確認ください。", "ja"),
    ],
)
def test_status_with_an_inspection_request_is_still_a_notification(body: str, lang: str) -> None:
    assert "duplicate-notification" in _cats(body, lang)


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        (
            "Your parcel was delivered, but the carrier reports a damaged box. "
            "Please send a photo.",
            "en",
        ),
        (
            "Ihr Paket wurde zugestellt, leider fehlt ein Beutel mit Schrauben; "
            "wir senden ihn nach.",
            "de",
        ),
        (
            "お荷物の配達が完了しましたが、部品の一部が欠品しておりました。本日発送いたします。",
            "ja",
        ),
    ],
)
def test_status_with_a_real_problem_passes(body: str, lang: str) -> None:
    assert "duplicate-notification" not in _cats(body, lang)


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        (
            "Thanks a lot for your order. We want you to be completely happy, and we're always "
            "here for you.\n\nWarmly,\nBirchwood",
            "en",
        ),
        (
            "Vielen Dank für Ihren Einkauf! Wir sind immer für Sie da.\n\nIhr Team von Birkenhof",
            "de",
        ),
        (
            "Merci pour votre commande ! Notre équipe reste à votre écoute.\n\nL'équipe Bouleau",
            "fr",
        ),
        ("¡Gracias por su compra! Queremos que todo sea perfecto y estamos siempre aquí.", "es"),
        ("Grazie per l'ordine! Restiamo a sua completa disposizione.", "it"),
    ],
)
def test_thanks_with_filler_is_thanks_only(body: str, lang: str) -> None:
    assert "thanks-only" in _cats(body, lang)


def test_thanks_only_yields_to_a_contact_detail_anywhere_in_the_message() -> None:
    cats = _cats("Thank you for your order!\n\nAny questions? Call us on +1 415 555 0134.", "en")
    assert "contact-phone" in cats
    assert "thanks-only" not in cats


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Welcome to the Birchwood family! We are thrilled to have you with us.", "en"),
        ("Sie sind jetzt Teil unserer Birkenhof-Community!", "de"),
        ("Bienvenue dans la famille Bouleau !", "fr"),
        ("¡Bienvenido a la familia Abedul!", "es"),
        ("Benvenuto nella famiglia Betulla!", "it"),
        ("The matching cushions are back in stock in four colours.", "en"),
        ("Viele Kunden kaufen auch die passende Tasche als Geschenk.", "de"),
        ("Muchos clientes también compran la bolsa a juego.", "es"),
    ],
)
def test_brand_community_and_companion_products_are_marketing(body: str, lang: str) -> None:
    assert "marketing" in _cats(body, lang)


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("You are welcome to exchange the size within 30 days.", "en"),
        ("We are a family company and pack every order by hand.", "en"),
        ("The matching bolts for the frame were missing; they ship today at no cost.", "en"),
        ("Many customers ask how to fold it: the video in the manual shows each step.", "en"),
        ("Die passende Dichtung lag nicht bei; wir schicken sie heute kostenlos.", "de"),
        ("同じシリーズの替えパッドは本製品には使用できません。", "ja"),
    ],
)
def test_welcome_matching_and_many_customers_alone_are_not_marketing(body: str, lang: str) -> None:
    assert "marketing" not in _cats(body, lang, kind="reply" if lang == "ja" else "proactive")


def test_vip_club_as_a_review_reward_is_reported_once_as_an_incentive() -> None:
    cats = _cats("Everyone who leaves a review joins our VIP club.", "en")
    assert "review-incentive" in cats
    assert "marketing" not in cats
