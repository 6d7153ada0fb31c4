"""`contact.address`: street addresses in seven national shapes, and what must not count."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bsm_lint import Linter, Message, PackError, load_pack
from bsm_lint.config import LintConfig
from bsm_lint.fixes import apply_fixes
from conftest import PACK_HEADER, rule_toml

LINTER = Linter(config=LintConfig(select=("contact-address",)))


def _found(body: str) -> list[tuple[str, str]]:
    return [(v.rule_id, v.match) for v in LINTER.lint(Message(body=body)).violations]


@pytest.mark.parametrize(
    ("code", "body", "address"),
    [
        # United States
        ("BSM130", "Ship it to 1234 Main Street, Springfield, IL 62704 today.",
         "1234 Main Street, Springfield, IL 62704"),
        ("BSM130", "HQ: 500 W 34th St, Suite 200\nNew York, NY 10001-1234",
         "500 W 34th St, Suite 200\nNew York, NY 10001-1234"),
        ("BSM130", "1600 Pennsylvania Avenue NW, Washington, DC 20500",
         "1600 Pennsylvania Avenue NW, Washington, DC 20500"),
        ("BSM130", "Returns: P.O. Box 4410, Austin, TX 78701", "P.O. Box 4410, Austin, TX 78701"),
        ("BSM130", "88 Ocean Blvd. Miami Beach, FL 33139", "88 Ocean Blvd. Miami Beach, FL 33139"),
        # United Kingdom
        ("BSM131", "Post it to 221B Baker Street, London NW1 6XE.",
         "221B Baker Street, London NW1 6XE"),
        ("BSM131", "Unit 4, Mill Lane\nLeeds\nLS1 4AB", "Unit 4, Mill Lane\nLeeds\nLS1 4AB"),
        ("BSM131", "10 Downing Street, London SW1A2AA", "10 Downing Street, London SW1A2AA"),
        ("BSM131", "3 Station Rd, Manchester M1 1AE", "3 Station Rd, Manchester M1 1AE"),
        # Germany
        ("BSM132", "An Musterfirma GmbH, Hauptstraße 5, 10115 Berlin senden.",
         "Hauptstraße 5, 10115 Berlin"),
        ("BSM132", "Berliner Str. 12a\n60311 Frankfurt am Main",
         "Berliner Str. 12a\n60311 Frankfurt am Main"),
        ("BSM132", "Konrad-Adenauer-Straße 3-5, D-53113 Bonn",
         "Konrad-Adenauer-Straße 3-5, D-53113 Bonn"),
        ("BSM132", "Lager: Gartenweg 17, 80331 München", "Gartenweg 17, 80331 München"),
        ("BSM132", "Am Alten Markt 4, 14467 Potsdam", "Am Alten Markt 4, 14467 Potsdam"),
        # France
        ("BSM133", "Retour : 12 rue de la Paix, 75002 Paris", "12 rue de la Paix, 75002 Paris"),
        ("BSM133", "3 bis avenue des Champs-Élysées\n75008 Paris CEDEX 08",
         "3 bis avenue des Champs-Élysées\n75008 Paris CEDEX 08"),
        ("BSM133", "21, place Bellecour, F-69002 Lyon", "21, place Bellecour, F-69002 Lyon"),
        ("BSM133", "8 rue du 8 Mai 1945, 69008 Lyon", "8 rue du 8 Mai 1945, 69008 Lyon"),
        # Spain
        ("BSM134", "Envíe a Calle Mayor 10, 28013 Madrid.", "Calle Mayor 10, 28013 Madrid"),
        ("BSM134", "C/ Mayor, 10, 3º B, 28013 Madrid", "C/ Mayor, 10, 3º B, 28013 Madrid"),
        ("BSM134", "Avda. de la Constitución 5, 41001 Sevilla",
         "Avda. de la Constitución 5, 41001 Sevilla"),
        ("BSM134", "Calle de Alcalá, 45, 28014 Madrid", "Calle de Alcalá, 45, 28014 Madrid"),
        # Italy
        ("BSM135", "Spedisca a Via Roma 12, 00184 Roma RM.", "Via Roma 12, 00184 Roma RM"),
        ("BSM135", "Piazza del Duomo 1\n20121 Milano (MI)",
         "Piazza del Duomo 1\n20121 Milano (MI)"),
        ("BSM135", "Viale Europa, 7/B, 50126 Firenze", "Viale Europa, 7/B, 50126 Firenze"),
        ("BSM135", "Via dei Mille 5, 00185 Roma RM", "Via dei Mille 5, 00185 Roma RM"),
        # Japan
        ("BSM136", "返品は〒150-0001 東京都渋谷区神宮前1-2-3までお送りください。",
         "〒150-0001 東京都渋谷区神宮前1-2-3"),
        ("BSM136", "住所：大阪府大阪市北区梅田3丁目1番1号", "大阪府大阪市北区梅田3丁目1番1号"),
        ("BSM136", "150-0001 東京都渋谷区神宮前1-2-3", "150-0001 東京都渋谷区神宮前1-2-3"),
        ("BSM136", "〒０６０−０００１ 北海道札幌市中央区北1条西2丁目",
         "〒０６０−０００１ 北海道札幌市中央区北1条西2丁目"),
    ],
)  # fmt: skip
def test_addresses_by_shape(code: str, body: str, address: str) -> None:
    assert _found(body) == [(code, address)]


@pytest.mark.parametrize(
    "body",
    [
        # product names that contain street words
        "The Park Avenue bag ships in two days.",
        "La lampada Via Lattea è di nuovo disponibile.",
        "Via Lattea lamp, 20 cm, 12345 sold.",
        "Our Baker Street collection is back.",
        "Die Hauptstraße-Kollektion ist wieder da.",
        "La collection Rue de la Paix revient.",
        # order ids, dates, prices, model numbers, bare numbers
        "Order 113-4567890-1234567 shipped on 12/02/2024.",
        "Total: $12345.00, item 55555, model DR 5000.",
        "The 3 Road bikes cost 12345 in total.",
        "Ships from NY 10001 within 24 hours.",
        "Marktplatz 2024, 50000 Stück verkauft.",
        "Le modèle 75002 est en stock.",
        "商品番号 123-4567 は在庫があります。",
        "東京都の倉庫から発送しました。",
        "Model M1 1AE fits SW1A adapters.",
        "Order 111-2223334-4445556 for Dr. Smith, CA 90210 shipped.",
        "Calle 8 sneakers size 42, 28013 Madrid warehouse.",
        "Item 4 Station Road set ships from NW1 6XE.",
        "Votre commande 12 rue de la Paix arrive, suivi 75002 Paris.",
        "Paket 12345 Berlin ist unterwegs, Sendung 10115 Berlin.",
        "大阪府の倉庫から3-5日で発送します。",
        # the return label, not an address
        "Please return the item to the address shown on the Amazon return label.",
        "Bitte senden Sie den Artikel an die Adresse auf dem Amazon-Rücksendeetikett.",
        # the buyer's own address, confirmed for delivery
        "Your delivery address: 1234 Main Street, Springfield, IL 62704. Is that correct?",
        "Ihre Lieferadresse Hauptstraße 5, 10115 Berlin ist unvollständig.",
        "お届け先の住所 東京都渋谷区神宮前1-2-3 でよろしいでしょうか。",
    ],
)
def test_hard_negatives(body: str) -> None:
    assert _found(body) == []


def test_buyer_cue_does_not_reach_across_sentences() -> None:
    body = "We checked your address. Returns go to 12 Main St, Springfield, IL 62704."
    assert _found(body) == [("BSM130", "12 Main St, Springfield, IL 62704")]


def test_offsets_point_into_the_original_text() -> None:
    body = "Ｓｅｎｄ\u200b  it to 12 Main St,  Springfield, IL 62704 now"
    (v,) = LINTER.lint(Message(body=body)).violations
    assert body[v.start : v.end] == v.match == "12 Main St,  Springfield, IL 62704"


@pytest.mark.parametrize(
    "body",
    [
        "Mail it to 12 Main St, Springfield, IL 62704 today.",
        "Bitte an Hauptstraße 5, 10115 Berlin und Via Roma 12, 00184 Roma RM.",
        "返品先：〒150-0001 東京都渋谷区神宮前1-2-3",
    ],
)
def test_fix_redacts_and_is_idempotent(body: str) -> None:
    once = apply_fixes(body, LINTER.lint(Message(body=body)).violations)
    assert "[address removed]" in once
    assert not LINTER.lint(Message(body=once)).violations


def test_two_addresses_in_one_message() -> None:
    body = "Berlin: Hauptstraße 5, 10115 Berlin. Rome: Via Roma 12, 00184 Roma RM."
    assert [c for c, _ in _found(body)] == ["BSM132", "BSM135"]


def test_unknown_shape_is_a_pack_error(make_pack) -> None:
    folder = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(check="contact.address", options='shape = "xx"', category="contact-address")
        }
    )
    with pytest.raises(PackError) as info:
        Linter(load_pack(folder))
    assert info.value.key == "rules.options.shape"


def test_unknown_cue_list_is_a_pack_error(make_pack) -> None:
    folder = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(
                check="contact.address",
                options='shape = "us"\nbuyer_cues = ["@nope"]',
                category="contact-address",
            )
        }
    )
    with pytest.raises(PackError, match="@nope"):
        Linter(load_pack(folder))


_PLAIN_WORDS = st.sampled_from(
    ["order", "item", "the", "Berlin", "Paris", "Roma", "size", "colour", "EUR", "total", "ASIN",
     "shipped", "model", "NY", "CA", "SKU", "your", "we", "Amazon", "box", "label", "x", "cm"]
)  # fmt: skip
_NUMBERS = st.integers(0, 99999).map(str) | st.integers(0, 99999).map(lambda n: f"{n:05d}")


@settings(max_examples=200, deadline=None)
@given(st.lists(_PLAIN_WORDS | _NUMBERS, max_size=30), st.sampled_from([" ", ", ", "\n"]))
# Found by this test: a street with no type word, then a town, a state and a ZIP, all
# without a comma, once read as a US address (BSM130).
@example(words=["0", "Berlin", "Berlin", "NY", "10000"], sep=" ")
@example(words=["22440", "EUR", "CA", "CA", "10685"], sep=" ")
def test_numbers_and_town_names_without_a_street_are_never_addresses(
    words: list[str], sep: str
) -> None:
    assert _found(sep.join(words)) == []


# -- street lines without a postcode, streets without a type word (BSM137, BSM130-BSM132) -----


@pytest.mark.parametrize(
    ("code", "body", "address"),
    [
        (
            "BSM137",
            "Pop into our shop at 22 Castle Street, Edinburgh, any weekday.",
            "22 Castle Street, Edinburgh",
        ),
        (
            "BSM137",
            "Come by at 1187 Lakeshore Drive in Chicago.",
            "1187 Lakeshore Drive in Chicago",
        ),
        (
            "BSM137",
            "Besuchen Sie uns, Schillerstraße 41 in München.",
            "Schillerstraße 41 in München",
        ),
        ("BSM137", "Passez au 27 boulevard Voltaire à Paris.", "27 boulevard Voltaire à Paris"),
        (
            "BSM137",
            "Estamos en la Avenida de la Constitución 8, Sevilla.",
            "Avenida de la Constitución 8, Sevilla",
        ),
        ("BSM137", "Passi in Piazza delle Erbe 4, Verona.", "Piazza delle Erbe 4, Verona"),
        ("BSM137", "店舗（京都市中京区大黒町58番地）へ", "京都市中京区大黒町58番地"),
        (
            "BSM130",
            "Ship it to 77 Broadway, Somerville, MA 02145.",
            "77 Broadway, Somerville, MA 02145",
        ),
        (
            "BSM131",
            "Unit 7, Riverside Trading Estate, Leeds LS11 5QP",
            "Unit 7, Riverside Trading Estate, Leeds LS11 5QP",
        ),
        ("BSM132", "Unsere Werkstatt: Am Hafen 3, 24937 Flensburg", "Am Hafen 3, 24937 Flensburg"),
        (
            "BSM133",
            "Atelier : Lieu-dit Les Granges, 24200 Sarlat",
            "Lieu-dit Les Granges, 24200 Sarlat",
        ),
        (
            "BSM134",
            "Tienda: Passeig de Gràcia 55, 08007 Barcelona",
            "Passeig de Gràcia 55, 08007 Barcelona",
        ),
    ],
)
def test_addresses_without_postcode_or_street_type(code: str, body: str, address: str) -> None:
    assert (code, address) in _found(body)


@pytest.mark.parametrize(
    "body",
    [
        "The print shows 221B Baker Street as a design.",
        "We have 20 Main Street jackets left in stock.",
        "Our Baker Street Edition teapot ships with a felt cosy.",
        "Das Regal Modell Kastanienallee ist 80 cm breit.",
        "Le plaid Rue de Rivoli existe en trois coloris.",
        "La colección Calle Mayor incluye 4 cojines.",
        "La fodera Via Veneto è larga 210 cm.",
        "The colour code is 10115 Berlin Grey, as on your invoice.",
        "京都市内の倉庫から発送します。",
        "Your address 22 Castle Street, Edinburgh is on the label.",
        "Ihre Lieferadresse Hauptstraße 5, 10115 Berlin ist unvollständig.",
        "La dirección de envío que tenemos es Calle Sol 9, 29012 Málaga; ¿es correcta?",
    ],
)
def test_street_lookalikes_and_buyer_addresses_pass(body: str) -> None:
    assert _found(body) == []


def test_no_postcode_rule_redacts_idempotently() -> None:
    body = "Pop into our shop at 22 Castle Street, Edinburgh, any weekday."
    fixed = apply_fixes(body, LINTER.lint(Message(body=body)).violations)
    assert fixed == "Pop into our shop at [address removed], any weekday."
    assert apply_fixes(fixed, LINTER.lint(Message(body=fixed)).violations) == fixed


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ('postcode = false\nshape = "us"', "rules.options.shapes"),
        ('shapes = ["us"]', "rules.options.shape"),
    ],
)
def test_shape_and_shapes_are_exclusive(make_pack, options: str, key: str) -> None:
    folder = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(check="contact.address", options=options, category="contact-address")
        }
    )
    with pytest.raises(PackError) as info:
        Linter(load_pack(folder))
    assert info.value.key == key


@pytest.mark.parametrize(
    ("code", "body", "address"),
    [
        # Lower case: the street-type word and commas carry what the capitals no longer do.
        ("BSM130", "mail it to 31 birch st, reno, nv 89501 thanks", "31 birch st, reno, nv 89501"),
        ("BSM131", "post it to 5 mill lane, leeds ls1 4ab", "5 mill lane, leeds ls1 4ab"),
        ("BSM133", "retour au 3 rue haute, 67000 strasbourg", "3 rue haute, 67000 strasbourg"),
        # Canada, English and French streets.
        (
            "BSM138",
            "Send it to 10 King St E, Toronto, ON M5C 1C3.",
            "10 King St E, Toronto, ON M5C 1C3",
        ),
        (
            "BSM138",
            "Au 500 rue Saint-Paul, Montréal, QC H2Y 1H6.",
            "500 rue Saint-Paul, Montréal, QC H2Y 1H6",
        ),
        # German business estates, with a direction word.
        (
            "BSM132",
            "Lager: Gewerbepark West 2, 93055 Regensburg",
            "Gewerbepark West 2, 93055 Regensburg",
        ),
        # A Spanish industrial estate with its unit.
        (
            "BSM134",
            "Polígono Industrial Norte, nave 3, 50014 Zaragoza",
            "Polígono Industrial Norte, nave 3, 50014 Zaragoza",
        ),
    ],
)
def test_lower_case_canadian_and_estate_addresses(code: str, body: str, address: str) -> None:
    assert _found(body) == [(code, address)]


@pytest.mark.parametrize(
    "body",
    [
        "the 4 park lane chairs ship from texas in 30000 ways",
        "we sold 5 road bikes, mostly in ohio, 10000 units",
        "size 2 high street shoes, model ab1 2cd",
        "Model M5V 2A4, 120 Bay Street edition",
        "Das Modell Central Park 3 kostet 12345 Yen.",
        "les 3 rues du quartier, 69002 personnes",
    ],
)
def test_lower_case_and_estate_lookalikes_pass(body: str) -> None:
    assert _found(body) == []
