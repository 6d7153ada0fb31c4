"""Social handles and invitations (contact-social, BSM110-BSM115) and off-platform
invitations (off-platform, BSM120-BSM129), per language and per family, with the hard
negatives that must pass under every rule of both categories."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bsm_lint import Linter, Message, load_pack
from bsm_lint.config import LintConfig
from bsm_lint.fixes import apply_fixes
from conftest import PACK_HEADER

LINTER = Linter(config=LintConfig(select=("contact-social", "off-platform")))
LANGS = ("en", "de", "fr", "es", "it", "ja")


MINE = tuple(f"BSM{n}" for n in range(110, 130))  # profile links (BSM2xx) are the link rules'


def found(body: str, language: str | None = None) -> list[tuple[str, str, str]]:
    """(rule, category, matched text) of every finding of these rules."""
    report = LINTER.lint(Message(body=body, language=language))
    return [(v.rule_id, v.category, v.match) for v in report.violations if v.rule_id in MINE]


def codes(body: str, language: str | None = None) -> set[str]:
    return {c for c, _, _ in found(body, language)}


# -- families, per language: (language, text, rule that must fire) ----------------------------

SOCIAL = [
    # handles next to a network or chat app
    ("en", "Follow us on Instagram @brightkitchen for recipes.", "BSM110"),
    ("en", "Our TikTok: @bright.kitchen", "BSM110"),
    ("en", "Insta @brightkitchen_uk", "BSM110"),
    ("en", "IG: brightkitchen", "BSM110"),
    ("en", "WeChat ID: bk_shop88", "BSM110"),
    ("en", "Telegram @bk_support", "BSM110"),
    ("en", "Skype: live:brightkitchen", "BSM110"),
    ("en", "Discord brightkitchen#4821", "BSM110"),
    ("de", "Unser Instagram-Konto: brightkitchen_de", "BSM110"),
    ("fr", "Identifiant WeChat : bk_paris", "BSM110"),
    ("es", "Usuario de Telegram: bk_madrid", "BSM110"),
    ("it", "Nome utente Skype: bk_milano", "BSM110"),
    ("ja", "LINE ID：bk_tokyo までどうぞ。", "BSM110"),
    ("ja", "LINEのIDはbk123です。", "BSM110"),
    # a follow verb makes a bare @name a handle
    ("en", "Follow @brightkitchen for new recipes.", "BSM111"),
    ("de", "Folgen Sie @brightkitchen_de für Rezepte.", "BSM111"),
    ("fr", "Suivez @brightkitchen_fr pour nos recettes.", "BSM111"),
    ("es", "Síguenos @brightkitchen_es para más ideas.", "BSM111"),
    ("it", "Seguici @brightkitchen_it per le ricette.", "BSM111"),
    # chat-app numbers
    ("en", "WhatsApp: +44 7700 900123", "BSM112"),
    ("de", "Schreiben Sie uns per WhatsApp: 0151 74421642", "BSM112"),
    ("ja", "LINE：090-1234-5678", "BSM112"),
    # phrased invitations
    ("en", "Find us on Instagram for styling tips.", "BSM113"),
    ("en", "Message us on WhatsApp if the parcel is late.", "BSM113"),
    ("en", "Add us on WeChat for quicker answers.", "BSM113"),
    ("de", "Folgen Sie uns auf Instagram!", "BSM113"),
    ("fr", "Suivez-nous sur Instagram pour nos nouveautés.", "BSM113"),
    ("es", "Síguenos en Instagram.", "BSM113"),
    ("it", "Seguici su Instagram per le novità.", "BSM113"),
    ("ja", "インスタグラムをフォローしてください。", "BSM116"),
    ("ja", "LINEで友だち追加してください。", "BSM116"),
    ("en", "WhatsApp us at the number on the box.", "BSM114"),
    ("en", "Just DM me if the colour is wrong.", "BSM114"),
    ("en", "Join our Facebook group for tips from other owners.", "BSM115"),
    ("de", "Besuchen Sie unsere Facebook-Seite.", "BSM115"),
    ("fr", "Rejoignez notre groupe Facebook.", "BSM115"),
    ("es", "Visite nuestra página de Facebook.", "BSM115"),
    ("it", "Visita la nostra pagina Facebook.", "BSM115"),
]

OFFPLATFORM = [
    ("en", "Email us directly if the item is damaged.", "BSM120"),
    ("de", "Mailen Sie uns einfach ein Foto.", "BSM120"),
    ("en", "Please contact us by email so we can sort this out.", "BSM121"),
    ("en", "You can also reach us on our website.", "BSM121"),
    ("de", "Schreiben Sie uns direkt eine E-Mail.", "BSM121"),
    ("fr", "Contactez-nous directement par e-mail.", "BSM121"),
    ("es", "Escríbanos directamente por correo electrónico.", "BSM121"),
    ("it", "Scriveteci una e-mail con le foto.", "BSM121"),
    ("ja", "直接メールでご連絡ください。", "BSM121"),
    ("en", "Call us at 718-413-3173 (Mon-Fri, 9am-5pm).", "BSM122"),
    ("en", "Text us a photo of the label.", "BSM122"),
    ("de", "Rufen Sie uns an, wir helfen gern.", "BSM122"),
    ("fr", "Appelez-nous pour organiser l'échange.", "BSM122"),
    ("fr", "N'hésitez pas à nous appeler.", "BSM122"),
    ("es", "Llámenos al 912 345 678 si lo prefiere.", "BSM123"),
    ("it", "Per qualsiasi problema ci chiami.", "BSM123"),
    ("ja", "お急ぎの場合はお電話ください。", "BSM123"),
    ("en", "Visit our website to order spare parts.", "BSM124"),
    ("de", "Besuchen Sie unseren Online-Shop.", "BSM124"),
    ("fr", "Visitez notre site pour commander.", "BSM124"),
    ("es", "Visite nuestra tienda online.", "BSM124"),
    ("it", "Visiti il nostro sito per gli accessori.", "BSM124"),
    ("ja", "当店のウェブサイトでご購入いただけます。", "BSM124"),
    ("en", "Next time, order directly from us and save 15%.", "BSM125"),
    ("en", "Buy direct and save!", "BSM125"),
    ("de", "Beim nächsten Mal können Sie direkt bei uns bestellen.", "BSM125"),
    ("fr", "Commandez directement chez nous la prochaine fois.", "BSM125"),
    ("es", "Compre directamente con nosotros y ahorre.", "BSM125"),
    ("it", "Acquisti direttamente da noi la prossima volta.", "BSM125"),
    ("ja", "次回は当店へ直接ご注文ください。", "BSM125"),
    ("en", "Contact us outside Amazon for a better price.", "BSM126"),
    ("de", "Sie können auch außerhalb von Amazon bei uns bestellen.", "BSM126"),
    ("fr", "Contactez-nous en dehors d'Amazon.", "BSM126"),
    ("es", "Puede comprar fuera de Amazon con descuento.", "BSM126"),
    ("it", "Può ordinare al di fuori di Amazon.", "BSM126"),
    ("ja", "Amazonを通さずご購入いただけます。", "BSM126"),
    ("en", "You can reach me directly at jane.doe@brightkitchen.com.", "BSM127"),
    ("en", "My personal email is jane at shopmail dot com.", "BSM127"),
    ("de", "Schreiben Sie uns direkt an info@brightkitchen.de.", "BSM127"),
    ("fr", "Contactez-nous directement à contact@brightkitchen.fr.", "BSM127"),
    ("es", "Escríbanos directamente a ventas@brightkitchen.es.", "BSM127"),
    ("it", "Scriveteci direttamente a assistenza@brightkitchen.it.", "BSM127"),
    ("ja", "support@brightkitchen.jp までご連絡ください。", "BSM129"),
    ("ja", "03-1234-5678までお電話ください。", "BSM129"),
]


@pytest.mark.parametrize(("language", "text", "code"), SOCIAL + OFFPLATFORM)
def test_family_fires_in_its_language(language: str, text: str, code: str) -> None:
    assert code in codes(text, language), found(text, language)


@pytest.mark.parametrize(("language", "text", "code"), SOCIAL + OFFPLATFORM)
def test_family_fires_when_the_language_is_unknown(language: str, text: str, code: str) -> None:
    """Most callers do not say the language: every language's lists then apply."""
    assert code in codes(text), found(text)


def test_every_family_is_covered_in_every_language_it_claims() -> None:
    covered = {(lang, code) for lang, _, code in SOCIAL + OFFPLATFORM}
    for lang in LANGS:
        assert any(code.startswith("BSM11") for (lg, code) in covered if lg == lang), lang
        assert any(code.startswith("BSM12") for (lg, code) in covered if lg == lang), lang


def test_categories() -> None:
    assert {cat for _, cat, _ in found("Find us on Instagram @brightkitchen.")} == {
        "contact-social"
    }
    assert {cat for _, cat, _ in found("Please email us directly.")} == {"off-platform"}


# -- hard negatives: nothing of either category may fire ---------------------------------------

HARD_NEGATIVES = [
    ("en", "Please contact us through Amazon messaging."),
    ("en", "Reply to this message and we will help."),
    ("en", "Use the 'Contact seller' button on your order page."),
    ("en", "Amazon will email you the tracking number."),
    ("en", "The carrier may call you to schedule delivery."),
    # Decision: a manufacturer's line is not the seller's invitation (see offplatform.toml).
    ("en", "Please call the manufacturer's hotline listed in the manual."),
    ("en", "Visit the Amazon order page to print the invoice."),
    ("en", "We emailed the invoice through Amazon."),
    ("en", "Our website is under maintenance."),
    ("en", "Please do not email us directly; use Amazon messaging."),
    ("en", "Please don't message us on WhatsApp; reply here instead."),
    ("en", "Please contact us directly at any time through Amazon messaging."),
    ("en", "Don't hesitate to reply to this message if anything is missing."),
    ("en", "Reply to this email to reach out to us by email."),
    ("en", "Price: 2 @ 3.99 each."),
    ("en", "Our new @home range ships on Monday."),
    ("en", "Write to jane@shop.com for the invoice."),
    ("en", "Follow the steps in the setup video; reply here if you need help."),
    ("en", "Follow our guide on YouTube to set it up."),
    ("en", "The lamp went viral on TikTok last year."),
    ("en", "If you saw our ad on Facebook, you can reach us here."),
    ("en", "We ship your order directly from our warehouse."),
    ("en", "You can buy directly on Amazon with one click."),
    ("en", "Amazon fees are included in the price of your order."),
    ("en", "Product line: BK200 in white."),
    ("en", "The text on the label tells you the size."),
    ("en", "Visit our Amazon storefront for the other sizes."),
    ("de", "Bitte kontaktieren Sie uns über die Amazon-Nachrichten."),
    ("de", "Der Zusteller wird Sie vor der Lieferung anrufen."),
    ("de", "Unsere Website wird gerade überarbeitet."),
    ("de", "Zögern Sie nicht, auf diese Nachricht zu antworten."),
    ("de", "Wir verkaufen nicht außerhalb von Amazon."),
    ("fr", "Contactez-nous via la messagerie Amazon."),
    ("fr", "Le transporteur peut vous appeler pour fixer un rendez-vous."),
    ("fr", "Nous allons appeler le transporteur demain."),
    ("fr", "Notre site est en maintenance."),
    ("fr", "N'hésitez pas à répondre à ce message."),
    ("es", "Escríbanos a través de la mensajería de Amazon."),
    ("es", "No nos llame; responda a este mensaje."),
    ("es", "El transportista le llamará para concertar la entrega."),
    ("it", "Contattateci tramite la messaggistica di Amazon."),
    ("it", "Non chiamateci: rispondete a questo messaggio."),
    ("it", "Il corriere la chiamerà per fissare la consegna."),
    ("ja", "Amazonのメッセージからご連絡ください。"),
    ("ja", "LINEでのお問い合わせは受け付けておりません。"),
    ("ja", "お電話でのお問い合わせは受け付けておりません。"),
    ("ja", "配送業者からお電話にてご連絡する場合があります。"),
    ("ja", "メーカーの公式サイトをご覧ください。"),
    ("ja", "3月1日までご連絡ください。"),
    ("ja", "商品のラインナップをご確認ください。"),
]


@pytest.mark.parametrize(("language", "text"), HARD_NEGATIVES)
def test_hard_negative_passes(language: str, text: str) -> None:
    assert found(text, language) == []
    assert found(text) == []


# -- bare @name: a decision, tested ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thanks again, @brightkitchen team",
        "Bright Kitchen @brightkitchen",
        "Meet us @ the trade fair in May.",
    ],
)
def test_bare_at_name_without_network_or_verb_is_not_reported(text: str) -> None:
    """A bare `@name` is ambiguous (product lines, prices, a typographic "at"): no network,
    chat app or follow verb next to it, no finding."""
    assert found(text) == []


def test_email_addresses_are_not_handles() -> None:
    assert found("Instagram or email: bk@gmail.com") == []
    assert found("WeChat: bk_shop@qq.com") == []
    assert found("See instagram.com/brightkitchen for photos.") == []


# -- Japanese needs no word boundaries -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("新商品はインスタグラムをフォローしてチェックしてね", "BSM116"),
        ("詳しくはLINEで友だち追加してください", "BSM116"),
        ("不明点はお電話ください", "BSM123"),
        ("不明な点は直接お電話ください", "BSM123"),
        ("次回は当店のウェブサイトでご購入いただけます", "BSM124"),
        ("インスタ：@brightkitchen_jpを見てね", "BSM110"),
    ],
)
def test_japanese_matches_inside_running_text(text: str, code: str) -> None:
    assert " " not in text
    assert code in codes(text, "ja")
    assert code in codes(text)


def test_overlapping_social_findings_merge_into_one() -> None:
    """The invitation and the handle inside it are one contact-social finding."""
    body = "インスタ：@brightkitchen_jpをフォロー"
    assert [(cat, match) for _, cat, match in found(body, "ja")] == [("contact-social", body)]


def test_fullwidth_and_lookalike_forms_are_normalised() -> None:
    assert "BSM110" in codes("WeChat ＩＤ：ｂｋ＿ｓｈｏｐ８８")
    assert "BSM110" in codes("Instagram ＠brightkitchen")


# -- offsets and fixes ------------------------------------------------------------------------


def test_handle_finding_is_the_handle_itself() -> None:
    body = "Follow us on Instagram @brightkitchen for recipes."
    v = next(v for v in LINTER.lint(Message(body=body)).violations if v.rule_id == "BSM110")
    assert body[v.start : v.end] == "@brightkitchen"
    assert v.fix is not None
    assert v.fix.replacement == "[handle removed]"
    assert "brightkitchen" not in v.message  # messages end up in logs


def _is_word(handle: str) -> bool:
    """A handle that is also an everyday word ("der", "the") is deliberately not taken for
    one (the rule's `not_handles` lists): generate real-looking handles only."""
    probe = Linter(config=LintConfig(select=("BSM110",)))
    return not probe.lint(Message(body=f"Instagram: {handle}x9")).violations or not (
        probe.lint(Message(body=f"Instagram: {handle}")).violations
    )


HANDLES = st.from_regex(r"[a-z][a-z0-9_]{2,15}", fullmatch=True).filter(lambda h: not _is_word(h))
NETWORKS = st.sampled_from(["Instagram", "TikTok", "Telegram", "WeChat", "IG", "Insta"])


@settings(max_examples=60, deadline=None)
@given(network=NETWORKS, handle=HANDLES, at=st.booleans())
def test_handle_redaction_is_idempotent(network: str, handle: str, at: bool) -> None:
    body = f"Questions? {network}: {'@' if at else ''}{handle}\nThanks!"
    once = apply_fixes(body, LINTER.lint(Message(body=body)).violations)
    assert "[handle removed]" in once
    assert handle not in once.replace(network, "")
    twice = apply_fixes(once, LINTER.lint(Message(body=once)).violations)
    assert twice == once


# -- the check kind on its own ---------------------------------------------------------------


def _kind_linter(make_pack, options: str) -> Linter:
    rule = f"""
[[rules]]
code = "TST111"
name = "handles"
category = "contact-social"
severity = "error"
check = "social.handle"
message = "handle"
summary = "test"
policy = "TEST"
fix = {{ replacement = "[x]" }}
[rules.options]
{options}
"""
    lists = """
[lists.net]
"*" = ["Gram"]
[lists.exact]
"*" = ["LINE"]
"""
    return Linter(load_pack(make_pack({"pack.toml": PACK_HEADER + lists + rule})))


def test_kind_rejects_unknown_options(make_pack) -> None:
    from bsm_lint.errors import PackError

    with pytest.raises(PackError):
        _kind_linter(make_pack, 'labels = ["@net"]\nbogus = 1')


def test_kind_exact_case_labels_and_distance(make_pack) -> None:
    lin = _kind_linter(
        make_pack, 'labels = ["@net"]\nexact_case_labels = ["@exact"]\nmax_words = 1'
    )

    def m(t: str) -> list[str]:
        return [v.match for v in lin.lint(Message(body=t)).violations]

    assert m("Gram @shop") == ["@shop"]
    assert m("Gram is where @shop lives") == []  # three words away
    assert m("LINE @shop") == ["@shop"]
    assert m("line @shop") == []  # "line" is a word; "LINE" the app


def test_kind_number_target(make_pack) -> None:
    lin = _kind_linter(make_pack, 'labels = ["@net"]\ntarget = "number"')

    def m(t: str) -> list[str]:
        return [v.match for v in lin.lint(Message(body=t)).violations]

    assert m("Gram: +49 151 74421642") == ["+49 151 74421642"]
    assert m("Gram order 123-4567890-1234567") == []  # 17 digits: an order id
    assert m("Gram since 02/19/2024") == []  # a date


# -- the phrase trie (checks/phrases.py: trie_pattern) -------------------------------------

WORDS = st.sampled_from(
    [
        "us",
        "use",
        "user",
        "our",
        "email",
        "e-mail",
        "mail*",
        "call",
        "ca*",
        "インスタ",
        "フォロー",
        "in",
    ]
)
PHRASES = st.lists(st.lists(WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=8)
TEXTS = st.lists(
    st.sampled_from(
        [
            "us",
            "user",
            "users",
            "our",
            "email",
            "e-mail",
            "mailbox",
            "call",
            "calls",
            "cat",
            "インスタ",
            "フォロー",
            "in",
            "x",
            " ",
            "  ",
            "\n",
            ".",
            "@",
            "-",
        ]
    ),
    max_size=14,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(phrases=PHRASES, text=TEXTS)
def test_trie_pattern_matches_like_the_flat_alternation(phrases: list[str], text: str) -> None:
    """The trie is a faster spelling of the same alternation: same matches, same spans."""
    import regex

    from bsm_lint.checks.phrases import phrases_pattern, trie_pattern

    flat = regex.compile(phrases_pattern(phrases), regex.IGNORECASE | regex.V0)
    trie = regex.compile(trie_pattern(phrases), regex.IGNORECASE | regex.V0)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


@pytest.mark.parametrize("builder", ["flat", "trie"])
def test_number_phrase_does_not_start_inside_a_decimal(builder: str) -> None:
    """An average shown on the page ("4,5 étoiles") is not the "5 étoiles" a seller asks for."""
    import regex

    from bsm_lint.checks.phrases import phrases_pattern, trie_pattern

    build = phrases_pattern if builder == "flat" else trie_pattern
    rx = regex.compile(build(["5 stars", "5 étoiles", "stars"]), regex.IGNORECASE)
    assert [m.group() for m in rx.finditer("rated 4.5 stars, or 4,5 étoiles")] == ["stars"]
    assert [m.group() for m in rx.finditer("leave 5 stars (5 étoiles)")] == ["5 stars", "5 étoiles"]


# -- chat-app requests, id words before the label, payments outside Amazon --------------------


@pytest.mark.parametrize(
    ("language", "text", "code"),
    [
        ("en", "Send the photos on WhatsApp instead, it's easier for us.", "BSM117"),
        ("en", "Reach out on WeChat and we can video call you.", "BSM117"),
        ("es", "Mándanos un WhatsApp y lo solucionamos hoy.", "BSM117"),
        ("es", "Mándanos un wasap y lo vemos.", "BSM117"),
        ("it", "Ci aggiunga su Viber per le foto del danno.", "BSM117"),
        ("fr", "Notre identifiant Snapchat est atelierlumiere75.", "BSM110"),
        ("it", "Il nostro ID Telegram è bottega_aurora_help.", "BSM110"),
        ("en", "IG: @wildroot.shop", "BSM110"),
        ("en", "Text us on Signal at +1 415 867 2291.", "BSM112"),
        ("ja", "カカオトークID：morizakka をご連絡いただけます。", "BSM116"),
        ("en", "We can refund you by PayPal if you send us your PayPal details.", "BSM128"),
        ("es", "Puede pagarnos la diferencia por Bizum o transferencia.", "BSM128"),
        ("ja", "差額は銀行振込でお支払いください。", "BSM128"),
        ("fr", "Donnez-nous votre numéro de portable et nous vous rappellerons.", "BSM121"),
        ("ja", "お客様の携帯電話番号を教えていただけますか。", "BSM123"),
    ],
)
def test_new_phenomena_fire(language: str, text: str, code: str) -> None:
    assert code in codes(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The signal light on the charger turns green when it's full."),
        ("en", "Please draw a line under the crack in the photo."),
        ("en", "The vintage telegram print is A4 size."),
        ("en", "The courier said he'd come by @ 5 pm tomorrow."),
        ("en", "We won't ask you to pay by bank transfer or PayPal."),
        ("en", "We have refunded you through Amazon."),
        ("en", "Please don't send anything on WhatsApp; reply here."),
        ("de", "Die Tafel enthält 70 % Kakao und keine Nüsse."),
        ("fr", "Le transporteur vous appellera pour fixer un rendez-vous."),
        ("it", "Il corriere la contatterà per telefono prima della consegna."),
        ("ja", "この商品はラインストーン付きです。"),
    ],
)
def test_new_hard_negatives_pass(language: str, text: str) -> None:
    assert codes(text, language) == set()


def test_wording_yields_to_a_contact_placeholder() -> None:
    """Off-platform wording next to a detail yields to the detail's category, placeholders too."""
    linter = Linter(config=LintConfig(select=("off-platform", "template-placeholder")))
    report = linter.lint(Message(body="Rufen Sie uns an unter {{telefon}}.", language="de"))
    assert {v.category for v in report.violations} == {"template-placeholder"}
    report = linter.lint(Message(body="Rufen Sie uns an, wir helfen gern.", language="de"))
    assert {v.category for v in report.violations} == {"off-platform"}


def test_chat_request_redacts_idempotently() -> None:
    body = "Reach out on WeChat and we can video call you."
    fixed = apply_fixes(body, LINTER.lint(Message(body=body)).violations)
    assert fixed == "[social invitation removed] and we can video call you."
    assert apply_fixes(fixed, LINTER.lint(Message(body=fixed)).violations) == fixed


# -- round 2: payment to an IBAN, asking for the buyer's number, buying from the seller's shop
# with its link, disguised network names, far handles ----------------------------------------

ROUND2 = ("BSM110", "BSM113", "BSM118", "BSM119", "BSM124", "BSM128", "BSM150", "BSM151", "BSM152")


LINTER_ALL = Linter()


def found2(
    body: str, language: str | None = None, seller_domains: tuple[str, ...] = ()
) -> set[str]:
    linter = (
        Linter(config=LintConfig(seller_domains=seller_domains)) if seller_domains else LINTER_ALL
    )
    report = linter.lint(Message(body=body, language=language))
    return {v.rule_id for v in report.violations}


ROUND2_FIRES = [
    ("en", "Kindly wire the 6.40 EUR balance to DE75 5121 0800 1245 1261 99 today.", "BSM150"),
    ("de", "Den Betrag zahlen Sie bitte auf AT48 3200 0000 1234 5864.", "BSM150"),
    ("it", "Effettui il versamento su IT02 L123 4512 3451 2345 6789 012.", "BSM150"),
    ("ja", "代金は下記口座にお振込みください。", "BSM128"),
    ("en", "Can you give me your cell number? A call is quicker.", "BSM151"),
    ("en", "The card was declined, please send us a new card number.", "BSM151"),
    ("de", "Geben Sie uns bitte Ihre Telefonnummer, wir rufen zurück.", "BSM151"),
    ("fr", "Envoyez-moi votre numéro de portable, je vous appelle.", "BSM151"),
    ("es", "Déjeme su número de móvil y le llamo.", "BSM151"),
    ("it", "Mandami il tuo numero e ti chiamo.", "BSM151"),
    ("en", "Extra filters can be bought from our webshop: https://filterhaus.example/f", "BSM152"),
    ("fr", "Vous pouvez commander la housse sur notre site : https://maison.example/h", "BSM152"),
    ("en", "Please S.i.g.n.a.l us about the delivery.", "BSM118"),
    ("en", "Add us on Signal for the setup photos.", "BSM119"),
    ("en", "We are on TikTok, where the whole build is filmed step by step: @bk_builds", "BSM110"),
    ("en", "Our Discord is bk_help99.", "BSM110"),
]


@pytest.mark.parametrize(("language", "text", "code"), ROUND2_FIRES)
def test_round2_phenomena_fire(language: str, text: str, code: str) -> None:
    assert code in found2(text, language)


ROUND2_PASS = [
    ("en", "The bank holiday delays the Amazon refund by a day."),
    ("en", "We will transfer your order to the faster carrier."),
    ("en", "Please count the number of items and reply here."),
    ("en", "Low signal strength? Move the hub."),
    ("en", "The gram weight of the card is 300."),
    ("en", "Line up the holes, then screw it in."),
    ("en", "Our kikoi towels are in the same parcel."),
    ("en", "You pay at checkout on Amazon, nothing else."),
    ("en", "Amazon refunds you; we never ask you to pay to DE89 3704 0044 0532 0130 00."),
    ("en", "Please send me the serial number on the base."),
    ("en", "Thanks for ordering from our shop on Amazon."),
    ("en", "Our Instagram is growing."),
    ("en", "What's app support like? Reply here."),
    ("de", "Die Signalstärke hängt vom Raum ab."),
    ("fr", "Envoyez-nous votre numéro de commande ici."),
    ("es", "Envíenos su número de pedido por aquí."),
    ("it", "Ci mandi il suo numero d'ordine."),
    ("ja", "注文番号を教えてください。"),
]


@pytest.mark.parametrize(("language", "text"), ROUND2_PASS)
def test_round2_hard_negatives_pass(language: str, text: str) -> None:
    assert not found2(text, language) & set(ROUND2)


def test_site_wording_yields_to_the_link_but_buying_there_does_not() -> None:
    """ "Our site is x dot shop" is the link alone; "order from our shop: <link>" is also a
    transaction off Amazon, reported beside the link."""
    cfg = ("wildroot.shop",)
    only_link = found2("Order more on our site, it is wildroot dot shop", None, cfg)
    assert "BSM124" not in only_link
    both = found2("You can order refills from our shop: https://wildroot.shop/r", None, cfg)
    assert "BSM152" in both
    assert any(c.startswith("BSM2") for c in both)  # the link rules report the link too


def test_iban_payment_is_off_platform_and_personal_data() -> None:
    report = LINTER_ALL.lint(Message(body="Please pay the rest to DE89 3704 0044 0532 0130 00."))
    categories = {v.category for v in report.violations}
    assert {"off-platform", "personal-data"} <= categories
    # the IBAN never appears in the off-platform message: that message is not redacted
    msg = next(v.message for v in report.violations if v.rule_id == "BSM150")
    assert "3704" not in msg


@given(st.from_regex(r"[A-Z]{2}[0-9]{2}( [A-Z0-9]{4}){3,5}", fullmatch=True))
@settings(max_examples=40, deadline=None)
def test_iban_shape_needs_a_payment_word(iban: str) -> None:
    assert "BSM150" not in found2(f"The code on the label reads {iban}.")
    assert "BSM150" not in found2(f"We will never ask you to pay to {iban}.")


def _social(body: str, language: str | None = None) -> list[tuple[str, str]]:
    report = LINTER.lint(Message(body=body, language=language))
    return [(v.rule_id, v.match) for v in report.violations if v.category == "contact-social"]


@pytest.mark.parametrize(
    ("language", "body", "code", "match"),
    [
        ("en", "Shots of the build are on X: @brightkitchen", "BSM108", "@brightkitchen"),
        ("ja", "Xでも発信中です。アカウントは@bk_jpです。", "BSM108", "@bk_jp"),
        ("de", "Wir sind auch auf X, als @bk_de.", "BSM108", "@bk_de"),
        ("en", "insta gram dot com slash bk_shop", "BSM109", "insta gram dot com slash bk_shop"),
        (
            "es",
            "perfil: facebook punto com barra bkshop",
            "BSM109",
            "facebook punto com barra bkshop",
        ),
        ("en", "Snapchat is quickest; our username is bk_snaps", "BSM110", "bk_snaps"),
        ("en", "Message our page on fb, we answer fast.", "BSM113", "our page on fb"),
        ("fr", "Notre page sur Facebook : Bright Kitchen.", "BSM113", "Notre page sur Facebook"),
    ],
)
def test_x_spelled_profiles_semicolons_and_pages(
    language: str, body: str, code: str, match: str
) -> None:
    assert (code, match) in _social(body, language)


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("en", "It comes in X-large, 2 @ 3.99 each."),
        ("en", "The Model X ships on Monday; write to jane@shop.com."),
        ("en", "Every dot on the face of the book is hand-printed."),
        ("en", "Our page on Amazon lists every size."),
        ("en", "Instagram is great; the price is 2 @ 3.99 each."),
        ("ja", "XLサイズは@5pmに入荷します。"),
        ("de", "Unsere Seite auf Amazon zeigt alle Größen."),
    ],
)
def test_x_and_page_lookalikes_pass(language: str, body: str) -> None:
    assert _social(body, language) == []
