"""`personal.data`: card numbers (Luhn, issuer prefixes, layouts) and IBANs (mod-97)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bsm_lint import Linter, Message, PackError, load_pack
from bsm_lint.checks.personal_data import (
    IBAN_LENGTHS,
    NETWORKS,
    card_layout_ok,
    card_network,
    iban_valid,
    luhn_valid,
)
from bsm_lint.config import LintConfig
from bsm_lint.fixes import apply_fixes
from conftest import PACK_HEADER, rule_toml

CARDS = Linter(config=LintConfig(select=("BSM140",)))
IBANS = Linter(config=LintConfig(select=("BSM141",)))


def _cards(body: str) -> list[str]:
    return [v.match for v in CARDS.lint(Message(body=body)).violations]


def _ibans(body: str) -> list[str]:
    return [v.match for v in IBANS.lint(Message(body=body)).violations]


def _luhn_digit(body: str) -> str:
    """The check digit that makes `body` + digit Luhn-valid."""
    return next(d for d in "0123456789" if luhn_valid(body + d))


def _iban(country: str, bban: str) -> str:
    """A valid IBAN: check digits computed with mod-97, as a bank would."""
    moved = bban + country + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
    return f"{country}{check:02d}{bban}"


# -- the building blocks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "network"),
    [
        ("4111111111111111", "visa"),
        ("4012888888881881", "visa"),
        ("5555555555554444", "mastercard"),
        ("2221000000000009", "mastercard"),
        ("378282246310005", "amex"),
        ("6011111111111117", "discover"),
        ("3530111333300000", "jcb"),
        ("30569309025904", "diners"),
        ("6200000000000005", "unionpay"),
        ("6759649826438453", "maestro"),
        ("2200000000000004", "mir"),
    ],
)
def test_known_test_cards(number: str, network: str) -> None:
    assert luhn_valid(number)
    assert card_network(number, NETWORKS) == network


def test_luhn_rejects_a_changed_digit() -> None:
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("4111111111111121")  # a swap of neighbours


@pytest.mark.parametrize(
    ("groups", "ok"),
    [
        (["4111111111111111"], True),
        (["4111", "1111", "1111", "1111"], True),
        (["4111", "1111", "1111", "1111", "111"], True),
        (["3782", "822463", "10005"], True),
        (["3056", "930902", "5904"], True),
        (["113", "4567890", "1234567"], False),  # Amazon order id
        (["0151", "7442", "1642"], True),  # layout alone passes; too short to be a card
        (["41", "11111111", "111111"], False),
        (["4111", "11111", "1111111"], False),
    ],
)
def test_card_layouts(groups: list[str], ok: bool) -> None:
    assert card_layout_ok(groups) is ok


def test_unknown_prefix_or_length_has_no_network() -> None:
    assert card_network("7" + "0" * 14 + _luhn_digit("7" + "0" * 14), NETWORKS) is None
    assert card_network("378282246310005" + "0", NETWORKS) is None  # Amex is 15 digits


@pytest.mark.parametrize(
    "iban",
    [
        "DE89370400440532013000",
        "GB82WEST12345698765432",
        "FR1420041010050500013M02606",
        "ES9121000418450200051332",
        "IT60X0542811101000000123456",
        "NL91ABNA0417164300",
        "CH9300762011623852957",
        "BE68539007547034",
        "NO9386011117947",
        "PL61109010140000071219812874",
    ],
)
def test_registry_examples_pass_mod97_with_the_right_length(iban: str) -> None:
    assert iban_valid(iban)
    assert len(iban) == IBAN_LENGTHS[iban[:2]]


# -- cards in messages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "card"),
    [
        ("My card is 4111 1111 1111 1111, please charge it.", "4111 1111 1111 1111"),
        ("Kartennummer: 5500-0000-0000-0004", "5500-0000-0000-0004"),
        ("Mi tarjeta: 3782 822463 10005 (caduca 04/27)", "3782 822463 10005"),
        ("Numéro de carte 6011111111111117.", "6011111111111117"),
        ("カード番号：３５３０ １１１３ ３３３０ ００００", "３５３０ １１１３ ３３３０ ００００"),
        ("Carta 3056 930902 5904 intestata a Mario.", "3056 930902 5904"),
        ("4111 1111\u200b 1111 1111", "4111 1111\u200b 1111 1111"),
    ],
)
def test_cards_are_found_with_original_offsets(body: str, card: str) -> None:
    (v,) = CARDS.lint(Message(body=body)).violations
    assert v.match == card == body[v.start : v.end]


@pytest.mark.parametrize(
    "body",
    [
        "Order 113-4567890-1234567 has shipped.",
        "Order 1134567890123456 7",  # not maximal
        "Tracking: 9400 1000 0000 0000 0000 00",  # USPS, 22 digits
        "Tracking 1Z999AA10123456784",  # UPS
        "Call +49 1517 4421 6423 for the carrier.",
        "Call +1 4111 1111 1111 1111",
        "Phone 0151 7442 1642",
        "EAN 4006381333931, model 2024-11.",
        "My card is 4111 1111 1111 1112.",
        "Bestellnummer 4111111111111111",
        "IMEI: 378282246310005",
        "Serial 3530-1113-3330-0000 is on the box.",
        "Ref 4111 1111-1111 1111",  # mixed separators
        "Total: 4111111111111111.50 JPY",  # a decimal
        "SKU A4111111111111111",
        "Dates 2024-01-15 2024-02-16 2024-03-17",
        "41 11111111 111111",
        "4111 1111 1111 1111 1111 1111",  # 24 digits
        "{{card_number}} is never printed.",
    ],
)
def test_card_hard_negatives(body: str) -> None:
    assert _cards(body) == []


def test_networks_option_restricts(make_pack) -> None:
    pack = load_pack(
        make_pack(
            {
                "pack.toml": PACK_HEADER
                + rule_toml(
                    check="personal.data",
                    options='detect = "card"\nnetworks = ["amex"]',
                    category="personal-data",
                )
            }
        )
    )
    lin = Linter(pack)
    body = "4111 1111 1111 1111 and 3782 822463 10005"
    assert [v.match for v in lin.lint(Message(body=body)).violations] == ["3782 822463 10005"]


def test_unknown_network_is_a_pack_error(make_pack) -> None:
    folder = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(
                check="personal.data",
                options='detect = "card"\nnetworks = ["bankcard"]',
                category="personal-data",
            )
        }
    )
    with pytest.raises(PackError, match="bankcard"):
        Linter(load_pack(folder))


def test_card_fix_is_idempotent() -> None:
    body = "Cards: 4111 1111 1111 1111 and 5555555555554444."
    once = apply_fixes(body, CARDS.lint(Message(body=body)).violations)
    assert once == "Cards: [card number removed] and [card number removed]."
    assert not CARDS.lint(Message(body=once)).violations


# -- IBANs in messages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "iban"),
    [
        ("Bitte überweisen Sie auf DE89 3704 0044 0532 0130 00.", "DE89 3704 0044 0532 0130 00"),
        ("Bank: GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"),
        ("IBAN ES9121000418450200051332, gracias", "ES9121000418450200051332"),
        ("Bonifico su IT60 X054 2811 1010 0000 0123 456.", "IT60 X054 2811 1010 0000 0123 456"),
        ("iban: de89 3704 0044 0532 0130 00", "de89 3704 0044 0532 0130 00"),
        ("振込先: NL91ABNA0417164300", "NL91ABNA0417164300"),
        (
            "IBAN: ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００",
            "ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００",
        ),
        ("DE89 3704 0044 0532 0130 00 is ours", "DE89 3704 0044 0532 0130 00"),
    ],
)
def test_ibans_are_found_with_original_offsets(body: str, iban: str) -> None:
    (v,) = IBANS.lint(Message(body=body)).violations
    assert v.match == iban == body[v.start : v.end]


@pytest.mark.parametrize(
    "body",
    [
        "Bitte überweisen Sie auf DE89 3704 0044 0532 0130 01.",  # mod-97 fails
        "DE89 3704 0044 0532 0130 0012",  # too long for DE
        "DE89 3704 0044 0532 0130",  # too short
        "XX89 3704 0044 0532 0130 00",  # no such country
        "Our VAT number is DE123456789.",
        "Order 302-1234567-1234567 ships today.",
        "Your plate AB12 CDE was noted.",
        "Model DE22 1234 is back in stock.",
        "ABDE89370400440532013000",  # glued to a word
        "Call +44 20 7946 0958",
    ],
)
def test_iban_hard_negatives(body: str) -> None:
    assert _ibans(body) == []


def test_iban_fix_is_idempotent() -> None:
    body = "IBAN: DE89 3704 0044 0532 0130 00."
    once = apply_fixes(body, IBANS.lint(Message(body=body)).violations)
    assert once == "IBAN: [IBAN removed]."
    assert not IBANS.lint(Message(body=once)).violations


# -- properties -------------------------------------------------------------------------


def _grouped(digits: str, style: int) -> str:
    if style == 0:
        return digits
    sep = " " if style == 1 else "-"
    return sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))


@settings(max_examples=400, deadline=None)
@given(
    st.text("0123456789", min_size=13, max_size=19),
    st.integers(0, 2),
    st.sampled_from(["", "Card: ", "Nummer ", "番号 "]),
)
def test_digit_strings_failing_luhn_are_never_cards(digits: str, style: int, before: str) -> None:
    assume(not luhn_valid(digits))
    assert _cards(f"{before}{_grouped(digits, style)} thanks") == []


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(NETWORKS)), st.data())
def test_luhn_valid_numbers_of_a_known_network_are_cards(network: str, data: st.DataObject) -> None:
    ranges, lengths = NETWORKS[network]
    lo, hi = data.draw(st.sampled_from(ranges))
    prefix = str(data.draw(st.integers(int(lo), int(hi)))).zfill(len(lo))
    length = data.draw(st.sampled_from(lengths))
    body = prefix + data.draw(st.text("0123456789", min_size=length - len(prefix) - 1,
                                      max_size=length - len(prefix) - 1))  # fmt: skip
    number = body + _luhn_digit(body)
    assume(card_network(number, NETWORKS) == network)
    style = data.draw(st.integers(0, 1)) if length in (16, 19) else 0
    assert _cards(f"Please use {_grouped(number, style)} for it.") == [_grouped(number, style)]


_BBAN_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(IBAN_LENGTHS)), st.data())
def test_valid_ibans_are_always_found(country: str, data: st.DataObject) -> None:
    n = IBAN_LENGTHS[country] - 4
    bban = data.draw(st.text(_BBAN_CHARS, min_size=n, max_size=n))
    iban = _iban(country, bban)
    assert iban_valid(iban)
    spaced = data.draw(st.booleans())
    shown = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if spaced else iban
    before = data.draw(st.sampled_from(["IBAN: ", "Konto ", "振込先 ", "", "("]))
    assert _ibans(f"{before}{shown}. Thanks") == [shown]
