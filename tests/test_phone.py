"""`contact.phone` (BSM102-BSM104): numbers in digits, words and vanity letters; the look-alikes
that must pass; regions; allowed contexts; offsets back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bsm_lint import Context, LintConfig, Linter, Message, load_pack
from bsm_lint.errors import PackError
from bsm_lint.fixes import apply_fixes
from conftest import PACK_HEADER, rule_toml

PACK = load_pack()
LINTER = Linter(PACK, LintConfig(select=("contact-phone",)))
_LINTERS: dict[tuple[str, ...], Linter] = {}


def _linter(contexts: tuple[str, ...] = ()) -> Linter:
    if not contexts:
        return LINTER
    if contexts not in _LINTERS:
        config = LintConfig(select=("contact-phone",), phone_contexts=contexts)  # type: ignore[arg-type]
        _LINTERS[contexts] = Linter(PACK, config)
    return _LINTERS[contexts]


def _found(
    body: str,
    market: str | None = None,
    language: str | None = None,
    contexts: tuple[str, ...] = (),
) -> list[tuple[str, str]]:
    report = _linter(contexts).lint(
        Message(body=body, language=language), Context(marketplace=market)
    )
    return [(v.rule_id, v.match) for v in report.violations]


def _matches(body: str, market: str | None = None, language: str | None = None) -> list[str]:
    return [m for _, m in _found(body, market, language)]


def _region(body: str, market: str | None = None, language: str | None = None) -> str:
    """The region the check reports (hit data; the engine redacts it in messages)."""
    doc = LINTER.document(Message(body=body, language=language), Context(marketplace=market))
    check = next(r.check for r in LINTER.rules if r.code == "BSM102")
    (hit,) = check.run(doc.fields[0], doc)
    assert hit.data is not None
    return hit.data["region"]


# -- digits -------------------------------------------------------------------------------

PHONES = [
    ("Call us at (212) 555-0147 today.", None, "(212) 555-0147"),
    ("Our line: 415.221.8035", None, "415.221.8035"),
    ("Toll free 1-877-761-6330.", None, "1-877-761-6330"),
    ("Fax +1 (415) 221-8035 ext. 12", None, "+1 (415) 221-8035"),
    ("Tel.: 030 12345678", "DE", "030 12345678"),
    ("Kontakt: 089 / 123 456 78", "DE", "089 / 123 456 78"),
    ("Mobil: +49 (0)171-2345678", "DE", "+49 (0)171-2345678"),
    ("Bei Fragen 0171/2345678 anrufen.", "DE", "0171/2345678"),
    ("Appelez le 06.12.34.56.78 !", "FR", "06.12.34.56.78"),
    ("Appelez-nous au 01 42 68 53 00.", "FR", "01 42 68 53 00"),
    ("Llame al +34 612 34 56 78", "ES", "+34 612 34 56 78"),
    ("Llámenos al 912 345 678.", "ES", "912 345 678"),
    ("Chiamaci al 347 123 4567.", "IT", "347 123 4567"),
    ("Chiamaci: 347 1234567", "IT", "347 1234567"),
    ("お電話は03-1234-5678まで。", "JP", "03-1234-5678"),
    ("フリーダイヤル 0120-123-456", "JP", "0120-123-456"),
    ("Ring +44 (0)20 7946 0958.", "UK", "+44 (0)20 7946 0958"),
    ("Mobile 07911 123 456", "UK", "07911 123 456"),
    ("International: 0044 20 7946 0958", None, "0044 20 7946 0958"),
    ("Write to tel:+493012345678", None, "+493012345678"),
    ("Text me at 2125550147 if anything is wrong.", None, "2125550147"),
    ("WhatsApp: 0 1 7 1 2 3 4 5 6 7 8", None, "0 1 7 1 2 3 4 5 6 7 8"),
    ("Qty 2 030 1234567", "DE", "030 1234567"),
]


@pytest.mark.parametrize(("body", "market", "match"), PHONES)
def test_phone_numbers_in_digits(body: str, market: str | None, match: str) -> None:
    assert _found(body, market) == [("BSM102", match)]


def test_two_numbers_joined_by_a_slash_are_two_findings() -> None:
    assert _matches("Tel 030 1234567 / 0171 2345678") == ["030 1234567", "0171 2345678"]


HARD_NEGATIVES = {
    "order ids": [
        "Your order 112-3456789-1234567 has shipped.",
        "Bestellung 303-1234567-7654321 ist unterwegs.",
        "Commande n° 405-1234567-1234567",
        "注文番号：503-1234567-7654321",
    ],
    "tracking numbers": [
        "Tracking number: 1Z999AA10123456784",
        "USPS tracking 9400 1111 2222 3333 4444 55",
        "The tracking number is 123456789012.",
        "Sendungsnummer: 00340434123456",
        "Numéro de suivi 6A12345678901",
        "Your parcel TBA123456789012 is on its way.",
        "お問い合わせ番号：1234-5678-9012",
        "Tracking ID 0301234567",
    ],
    "asins and skus": [
        "The ASIN is B0C1A2B3C4.",
        "SKU DYE-13341-L and SKU 0301234567",
        "Article ABC-0301234567-XL",
    ],
    "prices": [
        "Total €1.299,00 incl. VAT.",
        "It costs $1,299.99, or 1.299,00 €.",
        "Le prix est de 1 299 999 € pour le lot.",
        "USD 2125550147 was never charged.",
        "Prezzo: 1.234.567,00 EUR",
        "価格は¥1,234,567です。",
    ],
    "dates and times": [
        "Delivered on 2026-11-23 at 14:30.",
        "Geliefert am 23.11.2026, Rückgabe bis 07.12.2026.",
        "Estimated delivery: 11/23/2026 - 11/26/2026",
        "2026年11月23日にお届けします。",
        "Between 2026/11/23 and 2026/11/30, 09:00-18:00.",
    ],
    "dimensions and quantities": [
        "Dimensions: 30 x 20 x 10 cm, weight 1.5 kg.",
        "We shipped 1 250 000 units last year.",
        "Box of 2 500 000 pcs",
        "Capacity 2125550147 mAh",
    ],
    "model numbers and versions": [
        "Model XR-2000, firmware v2.3.1 or later.",
        "Firmware version 10.2.3.4567",
        "Part number 0301234567",
        "Modell 0301-234567",
    ],
    "postcodes": [
        "Ship to 10115 Berlin.",
        "ZIP 94107-1234",
        "〒100-0001 東京都千代田区",
        "Code postal 75008",
    ],
    "iban and cards": [
        "IBAN DE89 3704 0044 0532 0130 00",
        "IBAN NL91 ABNA 0417 1643 00",
        "Card ending 4111 1111 1111 1111 was refunded.",
    ],
    "ids and references": [
        "Invoice 4829301746 is attached.",
        "Order number: 415-221-8035",
        "Case ID: 0301234567",
        "Ref 2125550147",
        "Order #2125550147",
        "Kundennummer: 0301234567",
        "Référence 0301234567",
        "Número de pedido: 912 345 678",
        "Numero d'ordine 347 123 4567",
        "ISBN 978-3-16-148410-0",
        "EAN 4006381333931",
    ],
    "urls and emails": [
        "See https://example.com/track/0301234567 for details.",
        "page?id=0301234567",
        "Write to 2125550147@example.com",
    ],
    "templates": ["Hi {{buyer_phone}}, your case ships today.", "Call {{phone}} now."],
}


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b, id=f"{family}-{i}")
        for family, bs in HARD_NEGATIVES.items()
        for i, b in enumerate(bs)
    ],
)
def test_look_alikes_are_not_phone_numbers(body: str) -> None:
    for market in (None, "US", "DE", "JP"):
        assert _found(body, market) == [], market


def test_an_unseparated_number_needs_a_phone_word() -> None:
    assert _matches("Reference 2125550147.") == []
    assert _matches("The code is 2125550147.") == []
    assert _matches("Call me: 2125550147") == ["2125550147"]
    assert _matches("Telefon 0301234567", "DE") == ["0301234567"]
    assert _matches("電話 0312345678", "JP") == ["0312345678"]


def test_an_identifier_word_only_rejects_what_it_labels() -> None:
    # Another sentence, or other words between, and the order word no longer labels it.
    assert _matches("Your order shipped. 030 1234567 is our line.") == ["030 1234567"]
    assert _matches("Questions about the item? 030 1234567") == ["030 1234567"]
    assert _matches("For your order, call 030 1234567.") == ["030 1234567"]


# -- regions ------------------------------------------------------------------------------


def test_region_comes_from_the_marketplace_then_the_fallback() -> None:
    assert _region("Tel. 0612345678", "FR") == "FR"
    assert _region("Tel. 0612345678", "DE") == "DE"
    assert _region("Tel. 0612345678", "UK") == "DE"  # invalid in GB: the next region decides
    assert _region("Call 0120-123-456", None, "ja") == "JP"


def test_region_comes_from_plus_cc_over_the_marketplace() -> None:
    assert _region("Call +33 6 12 34 56 78", "US") == "FR"
    assert _region("Call 0033 6 12 34 56 78", "JP") == "FR"


def test_a_marketplace_outside_the_fallback_adds_its_region() -> None:
    assert _matches("Call 98765 43210", "IN") == ["98765 43210"]
    assert _matches("Call 98765 43210") == []


def test_a_trunk_prefix_is_needed_where_a_region_has_one() -> None:
    # phonenumbers alone takes 301234567 as a Berlin number; nobody writes it so.
    assert _matches("Tel 301 234 567", "DE") == []
    assert _matches("Tel 030 1234567", "DE") == ["030 1234567"]


def test_fallback_regions_are_a_pack_option(make_pack) -> None:
    opts = 'regions = ["US"]\ncues = ["call"]'
    pack = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(check="contact.phone", options=opts, category="contact-phone")
        }
    )
    lin = Linter(load_pack(pack))
    body = "Call 030 1234567 or (212) 555-0147"
    assert [v.match for v in lin.lint(Message(body=body)).violations] == ["(212) 555-0147"]
    de = lin.lint(Message(body=body), Context(marketplace="DE")).violations
    assert [v.match for v in de] == ["030 1234567", "(212) 555-0147"]


# -- words --------------------------------------------------------------------------------

WORDS = [
    (
        "en",
        "Call me on two one two five five five zero one four seven.",
        "two one two five five five zero one four seven",
    ),
    (
        "en",
        "Ring oh two zero seven nine four six oh nine five eight",
        "oh two zero seven nine four six oh nine five eight",
    ),
    (
        "en",
        "Text plus four four seven nine double one one two three four five six",
        "plus four four seven nine double one one two three four five six",
    ),
    ("en", "My number is 212 five five five 0147.", "212 five five five 0147"),
    (
        "de",
        "Ruf an: null eins sieben eins zwei drei vier fünf sechs sieben acht",
        "null eins sieben eins zwei drei vier fünf sechs sieben acht",
    ),
    (
        "fr",
        "Mon numéro : zéro six un deux trois quatre cinq six sept huit",
        "zéro six un deux trois quatre cinq six sept huit",
    ),
    (
        "es",
        "Mi número es seis uno dos tres cuatro cinco seis siete ocho.",
        "seis uno dos tres cuatro cinco seis siete ocho",
    ),
    (
        "it",
        "Il mio numero: tre quattro sette uno due tre quattro cinque sei sette",
        "tre quattro sette uno due tre quattro cinque sei sette",
    ),
    ("ja", "お電話は〇三-一二三四-五六七八まで", "〇三-一二三四-五六七八"),
    ("ja", "携帯：ゼロ九〇・一二三四・五六七八", "ゼロ九〇・一二三四・五六七八"),
]


@pytest.mark.parametrize(("language", "body", "match"), WORDS)
def test_digits_written_as_words(language: str, body: str, match: str) -> None:
    assert _found(body, language=language) == [("BSM103", match)]
    assert _found(body) == [("BSM103", match)]  # language unknown: every language's words


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("en", "One, two, three: setting it up is that easy."),
        ("en", "It takes five to seven days, sometimes eight or nine."),
        ("en", "one two three four five six seven"),
        ("de", "Die Lieferung dauert zwei oder drei Tage, maximal vier."),
        ("fr", "Un, deux, trois : c'est prêt !"),
        ("es", "Uno, dos, tres y listo."),
        ("it", "Sei contento? Tre o quattro giorni al massimo."),
        ("ja", "二〇二六年十一月二十三日にお届けします。"),
        ("ja", "第一回目の発送は三日後です。"),
        ("ja", "一二三四五六七"),
    ],
)
def test_counting_and_dates_in_words_pass(language: str, body: str) -> None:
    assert _found(body, language=language) == []


# -- vanity -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "market", "match"),
    [
        ("Call 1-800-FLOWERS to change the card.", None, "1-800-FLOWERS"),
        ("Dial 1-800-flowers any time.", None, "1-800-flowers"),
        ("Questions? 1-888-GO-BRAND", None, "1-888-GO-BRAND"),
        ("Order spares at (800) CONTACTS.", None, "(800) CONTACTS"),
        ("Ring 0800-GARDENS for advice.", "UK", "0800-GARDENS"),
    ],
)
def test_vanity_numbers(body: str, market: str | None, match: str) -> None:
    assert _found(body, market) == [("BSM104", match)]


@pytest.mark.parametrize(
    "body",
    [
        "24-HOUR support through Amazon messaging.",
        "Our 800-thread-count sheets ship today.",
        "Model 800-XL comes with a 3-YEAR warranty.",
        "We sold 800 flowers last week.",
        "Use the 800-LUMEN setting.",
        "Part SKU-800-ABCDEFG is back.",
    ],
)
def test_vanity_look_alikes_pass(body: str) -> None:
    assert _found(body) == []


# -- allowed contexts ---------------------------------------------------------------------

CONTEXTS = [
    ("carrier", "Call UPS customer service at 1-800-742-5877."),
    ("carrier", "DHL: 0228 4333112"),
    ("carrier", "Contactez le transporteur au 01 42 68 53 00."),
    ("carrier", "UPS: two one two five five five zero one four seven"),
    ("carrier", "Call UPS at 1-800-PICK-UPS"),
    ("manufacturer", "Herstellerhotline: 0800 1234567"),
    ("manufacturer", "Service client du fabricant : 01 42 68 53 00"),
    ("manufacturer", "Contatti l'assistenza del produttore al 02 1234 5678"),
    ("manufacturer", "メーカーサポート：0120-123-456"),
    ("warranty", "Garantie-Hotline 0800 1234567"),
    ("warranty", "Llame a la línea de garantía 912 345 678"),
    ("warranty", "Our warranty line is (212) 555-0147."),
]


@pytest.mark.parametrize(("context", "body"), CONTEXTS)
def test_allowed_contexts_come_from_the_config(context: str, body: str) -> None:
    assert _found(body) != []  # an error by default
    assert _found(body, contexts=(context,)) == []
    other = next(c for c in ("carrier", "manufacturer", "warranty") if c != context)
    assert _found(body, contexts=(other,)) != []


def test_an_allowed_context_must_label_the_number() -> None:
    far = "DHL delivers on Monday, and for anything else at all please call 030 1234567."
    assert _matches(far, "DE") != []
    assert _found(far, "DE", contexts=("carrier",)) != []
    assert _found("DHL delivers. Call 030 1234567.", "DE", contexts=("carrier",)) != []


def test_allowed_contexts_as_a_pack_option(make_pack) -> None:
    opts = 'allow_contexts = ["warranty"]\n[rules.options.contexts]\nwarranty = ["warranty line"]'
    pack = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(check="contact.phone", options=opts, category="contact-phone")
        }
    )
    lin = Linter(load_pack(pack))
    assert lin.lint(Message(body="Warranty line: (212) 555-0147")).violations == ()
    assert lin.lint(Message(body="Hotline: (212) 555-0147")).violations != ()


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ('regions = ["XX"]', "unknown phone region"),
        ('allow_contexts = ["carrier"]', "no context 'carrier'"),
        ('detect = "words"\ndigit_words = { "0" = ["zero"] }', "all ten digits"),
        ('detect = "words"\ndigit_words = { "x" = ["zero"] }', "unknown key"),
        ('detect = "vanity"\nvanity_prefixes = ["8a0"]', "bad vanity prefix"),
        ('cues = ["@no_such_list"]', "unknown phrase list"),
    ],
)
def test_bad_options_are_pack_errors(make_pack, options: str, problem: str) -> None:
    pack = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(check="contact.phone", options=options, category="contact-phone")
        }
    )
    with pytest.raises(PackError, match=problem):
        Linter(load_pack(pack))


# -- offsets and fixes --------------------------------------------------------------------


def test_offsets_map_back_through_fullwidth_digits() -> None:
    body = "お電話は　０３－１２３４－５６７８　まで"
    (v,) = LINTER.lint(Message(body=body)).violations
    assert body[v.start : v.end] == "０３－１２３４－５６７８" == v.match


def test_offsets_map_back_through_zero_width_characters() -> None:
    body = "Call 030\u200b 123\u200b4567 now"
    (v,) = LINTER.lint(Message(body=body), Context(marketplace="DE")).violations
    assert body[v.start : v.end] == "030\u200b 123\u200b4567"


def test_a_phone_in_the_subject() -> None:
    report = LINTER.lint(Message(subject="Call 415-221-8035", body="Your order shipped."))
    assert [(v.field, v.match) for v in report.violations] == [("subject", "415-221-8035")]


@pytest.mark.parametrize(
    "body",
    [
        "Call (212) 555-0147 or 1-800-FLOWERS, or two one two five five five zero one four seven.",
        "Tel: +49 30 12345678 / 0171 2345678",
        "電話：０３－１２３４－５６７８",
    ],
)
def test_redaction_is_idempotent(body: str) -> None:
    once = apply_fixes(body, LINTER.lint(Message(body=body), Context(marketplace="DE")).violations)
    assert "[phone removed]" in once
    assert LINTER.lint(Message(body=once), Context(marketplace="DE")).violations == ()


# -- property: identifiers, prices and dates never read as phone numbers -------------------

_digits = st.text("0123456789", min_size=1, max_size=1)


def _n(k: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=k, max_size=k)


order_ids = st.builds(lambda a, b, c: f"{a}-{b}-{c}", _n(3), _n(7), _n(7))
prices = st.one_of(
    st.builds(lambda n, c: f"${n:,}.{c:02d}", st.integers(0, 10**9), st.integers(0, 99)),
    st.builds(
        lambda n, c: f"{n:,}.{c:02d}".replace(",", " ").replace(".", ",") + " €",
        st.integers(0, 10**9),
        st.integers(0, 99),
    ),
    st.builds(
        lambda n, c: f"€{n:,},{c:02d}".replace(",", "."), st.integers(0, 10**9), st.integers(0, 99)
    ),
    st.builds(lambda n: f"¥{n:,}", st.integers(0, 10**9)),
    st.builds(lambda n: f"USD {n}", st.integers(0, 10**12)),
)
dates = st.builds(
    lambda y, m, d, style: [
        f"{y}-{m:02d}-{d:02d}",
        f"{d:02d}.{m:02d}.{y}",
        f"{m:02d}/{d:02d}/{y}",
        f"{y}年{m}月{d}日",
        f"{y}/{m:02d}/{d:02d}",
    ][style],
    st.integers(1990, 2060),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 4),
)
times = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))


@settings(max_examples=300, deadline=None)
@given(
    oid=order_ids,
    price=prices,
    date=dates,
    date2=dates,
    time=times,
    market=st.sampled_from([None, "US", "UK", "DE", "FR", "ES", "IT", "JP", "IN", "MX"]),
    joiner=st.sampled_from([" ", ", ", " - ", " / ", "\n", " on ", " at "]),
)
def test_order_ids_prices_and_dates_are_never_phone_numbers(
    oid: str, price: str, date: str, date2: str, time: str, market: str | None, joiner: str
) -> None:
    body = joiner.join([f"Order {oid}", price, date, date2, time, oid])
    assert _found(body, market) == [], body


# -- numbers read in pairs, letters for digits, line breaks, slots (issue 3 follow-up) -----

PAIRS = [
    (
        "fr",
        "Portable : zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit",
        "zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit",
    ),
    (
        "fr",
        "Bureau : zéro un, quatre-vingt-douze, soixante et onze, vingt, zéro zéro",
        "zéro un, quatre-vingt-douze, soixante et onze, vingt, zéro zéro",
    ),
    (
        "es",
        "Móvil: seis uno dos, treinta y cuatro, cincuenta y seis, setenta y ocho",
        "seis uno dos, treinta y cuatro, cincuenta y seis, setenta y ocho",
    ),
    (
        "es",
        "Llame al seis uno dos, veintidós, diecinueve, cuarenta",
        "seis uno dos, veintidós, diecinueve, cuarenta",
    ),
    (
        "it",
        "Ufficio: zero due, dodici, trentaquattro, cinquantasei, settantotto",
        "zero due, dodici, trentaquattro, cinquantasei, settantotto",
    ),
    (
        "de",
        "Handy: null eins fünf eins, dreiundzwanzig, fünfundvierzig, sieben, acht, neun",
        "null eins fünf eins, dreiundzwanzig, fünfundvierzig, sieben, acht, neun",
    ),
    (
        "en",
        "Call four fifteen, eight sixty-seven, fifty-three oh nine.",
        "four fifteen, eight sixty-seven, fifty-three oh nine",
    ),
    ("en", "Phone: +1 (four one five) 867-5309", "+1 (four one five) 867-5309"),
    (
        "en",
        "four-one-five dot eight-six-seven dot five-three-zero-nine",
        "four-one-five dot eight-six-seven dot five-three-zero-nine",
    ),
    ("ja", "電話番号は〇九〇の一二三四の五六七八です。", "〇九〇の一二三四の五六七八"),
    (
        "ja",
        "ゼロキュウゼロ、イチニサンヨン、ゴロクナナハチにどうぞ",
        "ゼロキュウゼロ、イチニサンヨン、ゴロクナナハチ",
    ),
]


@pytest.mark.parametrize(("language", "body", "match"), PAIRS)
def test_numbers_read_in_pairs_and_separator_words(language: str, body: str, match: str) -> None:
    assert _matches(body, language=language) == [match]


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("fr", "Comptez douze à quinze jours, parfois vingt et un, rarement trente."),
        ("es", "Entre veinte y treinta días, a veces cuarenta y cinco."),
        ("it", "Dai dodici ai venti giorni, al massimo trentacinque."),
        ("de", "Zwischen zwanzig und dreißig Tagen, höchstens fünfundvierzig."),
        ("en", "Twenty to thirty days, sometimes forty-five, never ninety."),
        ("ja", "サンプルを二つ、ゴム製のものを三つお送りします。"),
    ],
)
def test_counting_in_pairs_passes(language: str, body: str) -> None:
    assert _found(body, language=language) == []


@pytest.mark.parametrize(
    ("body", "market", "match"),
    [
        ("Call O7912 345 678 tonight.", "UK", "O7912 345 678"),
        ("Ring O7911 l23456 after six.", "UK", "O7911 l23456"),
        ("Call: +1 4I5 867 53O9", None, "+1 4I5 867 53O9"),
    ],
)
def test_letters_for_digits_next_to_a_phone_word(body: str, market: str | None, match: str) -> None:
    found = _matches(body, market)
    assert found == [match]


def test_letters_for_digits_need_a_phone_word() -> None:
    assert _matches("Batch O7912 345 678 is sold out.", "UK") == []
    assert _matches("Model I0 l23 456 789", "UK") == []


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("Phone +1 415 867\n5309", "+1 415 867\n5309"),
        ("Phone number\n415\n867\n5309", "415\n867\n5309"),
        ("Tel 030 1234567\n0171 2345678", "030 1234567"),
    ],
)
def test_line_breaks_between_groups(body: str, match: str) -> None:
    assert match in _matches(body, "DE" if body.startswith("Tel") else None)


@pytest.mark.parametrize(
    ("body", "market"),
    [
        ("Quantities\n120\n450\n7800", None),
        ("Tracking: 1Z 999 AA1 01 2345 6784", "UK"),
        ("Our 800-THREAD-COUNT sheets are back.", "US"),
        ("Box of 1 200 in total", None),
    ],
)
def test_more_look_alikes_pass(body: str, market: str | None) -> None:
    assert _found(body, market) == []


@pytest.mark.parametrize(
    ("body", "market"),
    [
        ("Oficina: 91 234 56 78", "ES"),
        ("Chiamate il 02 1234 5678 in orario d'ufficio.", "IT"),
    ],
)
def test_grouped_national_numbers_without_a_phone_word(body: str, market: str) -> None:
    assert len(_matches(body, market)) == 1


@pytest.mark.parametrize(
    ("language", "body"),
    [
        ("en", "If anything is wrong, call us at [phone number]."),
        ("de", "Rufen Sie uns an: (Telefonnummer)"),
        ("ja", "お電話は【電話番号】までお願いします。"),
    ],
)
def test_fill_in_slots(language: str, body: str) -> None:
    assert [r for r, _ in _found(body, language=language)] == ["BSM105"]


def test_a_slot_in_a_template_syntax_is_left_to_template_placeholder() -> None:
    assert _found("Call us at [[seller-phone]] or {{phone}}.") == []


def test_slots_follow_allowed_contexts() -> None:
    body = "For warranty claims call the warranty line at [phone number]."
    assert _found(body) != []
    assert _found(body, contexts=("warranty",)) == []


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        (
            'detect = "words"\nnumber_words = ["douze"]\n'
            'digit_words = { "0" = ["o"], "1" = ["a"], "2" = ["b"], "3" = ["c"], "4" = ["d"],'
            ' "5" = ["e"], "6" = ["f"], "7" = ["g"], "8" = ["h"], "9" = ["i"] }',
            "is not '<10-99> <word>'",
        ),
        ('detect = "slot"', "`slots` is empty"),
    ],
)
def test_bad_number_words_and_slots_are_pack_errors(make_pack, options: str, problem: str) -> None:
    pack = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(check="contact.phone", options=options, category="contact-phone")
        }
    )
    with pytest.raises(PackError, match=problem):
        Linter(load_pack(pack))


def test_pair_redaction_is_idempotent() -> None:
    body = "Mon portable : zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit. Merci"
    report = LINTER.lint(Message(body=body, language="fr"), Context(marketplace="FR"))
    once = apply_fixes(body, report.violations)
    assert once == "Mon portable : [phone removed]. Merci"
    again = LINTER.lint(Message(body=once, language="fr"), Context(marketplace="FR"))
    assert again.violations == ()


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("Send the video to +44 7700 900123.", "+44 7700 900123"),
        ("https://wa.me/447911123456 is the quickest way.", "447911123456"),
    ],
)
def test_plus_cc_numbers_outside_the_listed_ranges_and_wa_me_links(body: str, match: str) -> None:
    assert _matches(body, "UK") == [match]


def test_a_plus_cc_number_needs_a_possible_length() -> None:
    assert _matches("Send the video to +44 77 12.", "UK") == []
