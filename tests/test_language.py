"""Offline language detection: script first, then function words; shy when unsure."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bsm_lint import LintConfig, Linter, Message
from bsm_lint.language import SUPPORTED, detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thank you for your order. We hope you enjoy the kettle.", "en"),
        (
            "Vielen Dank für Ihre Bestellung, wir wünschen Ihnen viel Freude mit dem Wasserkocher.",
            "de",
        ),
        ("Merci pour votre commande, nous espérons que la bouilloire vous plaira.", "fr"),
        ("Gracias por su pedido, esperamos que disfrute de su hervidor.", "es"),
        ("Grazie per il suo ordine, speriamo che il bollitore le piaccia.", "it"),
        ("ご注文ありがとうございます。商品をお楽しみください。", "ja"),
        ("この度はご購入いただき誠にありがとうございました。", "ja"),
        # German without umlauts still has its function words.
        ("Bitte senden Sie uns ein Foto, damit wir den Fall pruefen koennen.", "de"),
        # An order number and a URL in Japanese text do not make it mixed.
        ("注文番号 250-1234567-1234567 の商品を発送しました。https://www.amazon.co.jp", "ja"),
    ],
)
def test_detects_the_six_languages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "OK",
        "Danke!",
        "SKU 4711-B",
        # kanji only: Chinese or Japanese, no way to tell
        "感谢您的订单",
        # Korean, Russian: not among the six
        "주문해 주셔서 감사합니다",
        "Спасибо за ваш заказ, мы надеемся, что он вам понравится.",
        # a bilingual message: no single language's lists will do
        "ご注文ありがとうございます。商品は本日発送いたしました。 Thank you for your order, "
        "it was shipped today and should arrive within three days, we hope you like it.",
    ],
)
def test_unsure_returns_none(text: str) -> None:
    assert detect_language(text) is None


def test_subject_and_body_count_together() -> None:
    assert detect_language("Ihre Bestellung", "Vielen Dank für Ihren Einkauf bei uns") == "de"
    assert detect_language(None, "Merci pour votre commande") == "fr"


def test_supported_languages() -> None:
    assert set(SUPPORTED) == {"en", "de", "fr", "es", "it", "ja"}


@given(st.text(max_size=300))
def test_detection_never_fails_and_answers_from_the_six(text: str) -> None:
    assert detect_language(text) in (*SUPPORTED, None)


def test_engine_falls_back_to_detection_when_no_language_is_given() -> None:
    lin = Linter()
    doc = lin.document(Message(body="Vielen Dank für Ihre Bestellung und Ihr Vertrauen in uns."))
    assert doc.language == "de"
    # A declared language wins, and so does the configured one.
    doc = lin.document(Message(body="Vielen Dank für Ihre Bestellung.", language="en"))
    assert doc.language == "en"
    cfg = Linter(config=LintConfig(language="fr"))
    assert cfg.document(Message(body="Vielen Dank für Ihre Bestellung.")).language == "fr"


def test_detected_language_selects_that_languages_phrases() -> None:
    # Spanish "sale" is "leaves": in a Spanish message, English marketing words stay out.
    lin = Linter()
    msg = Message(body="Su paquete sale mañana de nuestro almacén y llega el jueves.")
    assert lin.document(msg).language == "es"
    assert not [v for v in lin.lint(msg).violations if v.category == "marketing"]
