"""`template.placeholder`: placeholder NAMES that would insert contact details or links."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bsm_lint import Linter, Message, PackError, load_pack
from bsm_lint.checks.base import FieldView
from bsm_lint.checks.template_placeholder import name_tokens, normalized_range
from bsm_lint.config import LintConfig
from conftest import PACK_HEADER, rule_toml

LINTER = Linter(config=LintConfig(select=("BSM19",)))


def _found(body: str, subject: str | None = None) -> list[tuple[str, str]]:
    msg = Message(subject=subject, body=body)
    return [(v.rule_id, v.match) for v in LINTER.lint(msg).violations]


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("seller_email", ("seller", "email")),
        ("website-url", ("website", "url")),
        ("$store.Url", ("store", "url")),
        ("sellerEmail", ("seller", "email")),
        ("SELLER_PHONE", ("seller", "phone")),
        ("storeURL", ("store", "url")),
        ("contact-link:contact us", ("contact", "link")),
        ("order.latestEdd()?date", ("order", "latest", "edd")),
        ("seller_email | lower", ("seller", "email")),
        ("販売者メール", ("販売者メール",)),
    ],
)
def test_name_tokens_read_every_separator_style(raw: str, tokens: tuple[str, ...]) -> None:
    assert name_tokens(raw) == tokens


@pytest.mark.parametrize(
    ("body", "code", "placeholder"),
    [
        ("Write to {{seller_email}}.", "BSM190", "{{seller_email}}"),
        ("Call ${phone} now.", "BSM190", "${phone}"),
        ("Hotline: %SELLER_PHONE%", "BSM190", "%SELLER_PHONE%"),
        ("WhatsApp: {{ $store.WhatsApp }}", "BSM190", "{{ $store.WhatsApp }}"),
        ("Mail: {{sellerEmail}}", "BSM190", "{{sellerEmail}}"),
        ("Mail: {{e_mail}}", "BSM190", "{{e_mail}}"),
        ("Hi [buyer-name], call [seller-phone].", "BSM190", "[seller-phone]"),
        ("Our address: {{store_address}}", "BSM190", "{{store_address}}"),
        ("Line: {{line_id}}", "BSM190", "{{line_id}}"),
        ("ご連絡は{{販売者メール}}まで", "BSM190", "{{販売者メール}}"),
        ("More at [[website-url]].", "BSM191", "[[website-url]]"),
        ("Visit {{ $store.Url }} today.", "BSM191", "{{ $store.Url }}"),
        ("Shop: ${shop_url}", "BSM191", "${shop_url}"),
        ("Store: {{store_link}}", "BSM191", "{{store_link}}"),
        ("See {website}.", "BSM191", "{website}"),
        ("Ship to {{shipping_address}}?", "BSM193", "{{shipping_address}}"),
        ("Opt out: {{unsubscribe_link}}", "BSM194", "{{unsubscribe_link}}"),
    ],
)
def test_flagged_names(body: str, code: str, placeholder: str) -> None:
    assert _found(body) == [(code, placeholder)]


@pytest.mark.parametrize(
    "body",
    [
        "Hi {{buyer_name}}, thanks for order [[order-id]].",
        "Order ${order.order_id}: {{tracking_url}}",
        "Track it: ${shipment.carrier_tracking_url}",
        "How is [[product-name]]?",
        "[[contact-link:contact us]] [[order-link:view order]] [[feedback-link]]",
        "[[product-review-link:leave a review]]",
        "Regards, ${config.storeName} / %SELLER_NAME%",
        "{% if seller_email %}x{% endif %}",  # a block inserts nothing
        "Ship to {{ship_to_name}}.",
        "Qty {{quantity}} of {{sku}} for {first_name}",
        "jane [at] shop [dot] com",  # text, not a placeholder (the email rule's business)
    ],
)
def test_names_that_insert_nothing_forbidden(body: str) -> None:
    assert _found(body) == []


@pytest.mark.parametrize(
    "body",
    ["See [[product-link]].", "Listing: {{ listing.url }}", "Link: ${item.link}", "{{productURL}}"],
)
def test_product_links_are_storefront_links_not_placeholder_findings(body: str) -> None:
    """BSM191 leaves product-link names to the link-storefront rule (BSM206), so one
    placeholder is one finding in the category the corpus labels it with."""
    assert _found(body) == []
    assert [v.category for v in Linter().lint(Message(body=body)).violations] == ["link-storefront"]


@pytest.mark.parametrize(
    "body",
    ["Don't want these? [[unsubscribe-link]]", "{{ opt_out_url }}", "Abmelden: ${abmeldelink}"],
)
def test_optout_placeholders_are_template_placeholders(body: str) -> None:
    """An unsubscribe placeholder is one finding, template-placeholder (BSM194): link-optout
    is for an opt-out link or wording written in the text."""
    violations = Linter().lint(Message(body=body)).violations
    assert [(v.rule_id, v.category) for v in violations] == [("BSM194", "template-placeholder")]


def test_allow_covers_only_its_own_words() -> None:
    assert _found("{{tracking_url}}") == []
    assert _found("{{tracking_url_email}}") == [("BSM190", "{{tracking_url_email}}")]
    # the buyer's own email is buyer data (a warning), not a route to the seller
    assert _found("{{buyer_email}}") == [("BSM193", "{{buyer_email}}")]
    assert _found("{{buyer_email_or_whatsapp}}") == [("BSM190", "{{buyer_email_or_whatsapp}}")]


def test_placeholders_in_the_subject() -> None:
    assert _found("Thanks.", subject="Reply to {{support.email}}") == [
        ("BSM190", "{{support.email}}")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Ｈｉ  {{seller_email}}",
        "Hi\u200b\u200b {{seller_email}} and more",
        "ｗｒｉｔｅ\n\n\n\nto {{seller_email}}",
        "{{seller_email}}",
        "ａ{{seller_email}}ｂ",
    ],
)
def test_spans_are_the_placeholder_in_the_original(body: str) -> None:
    (v,) = LINTER.lint(Message(body=body)).violations
    assert v.match == "{{seller_email}}"
    assert body[v.start : v.end] == "{{seller_email}}"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_normalized_range_maps_back_exactly(before: str, after: str) -> None:
    body = f"{before} {{{{seller_email}}}} {after}"
    field = FieldView("body", body)
    for p in field.placeholders:
        span = normalized_range(field, p.start, p.end)
        assert span is not None
        assert field.norm.span(*span) == (p.start, p.end)
        assert set(field.text[span[0] : span[1]]) == {"\x1a"}


def test_rule_needs_names(make_pack) -> None:
    folder = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(check="template.placeholder", category="template-placeholder")
        }
    )
    with pytest.raises(PackError, match="needs `names`"):
        Linter(load_pack(folder))


def test_name_lists_are_pack_data(make_pack) -> None:
    options = 'names = ["coupon code"]\nallow = ["coupon code id"]'
    folder = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(check="template.placeholder", options=options, category="marketing")
        }
    )
    lin = Linter(load_pack(folder))
    found = [
        v.match for v in lin.lint(Message(body="{{couponCode}} / {{coupon_code_id}}")).violations
    ]
    assert found == ["{{couponCode}}"]


@pytest.mark.parametrize(
    ("body", "flagged"),
    [
        ("Escríbanos a [[correo-vendedor]].", True),
        ("Chiamate il {{cellulare_negozio}}.", True),
        ("Rufen Sie an: {{handynummer}}", True),
        ("{{phone_model}} case in black: is that the one you need?", False),
        ("Is {{phone_case}} the one you ordered?", False),
    ],
)
def test_names_in_other_languages_and_phone_products(body: str, flagged: bool) -> None:
    found = list(LINTER.lint(Message(body=body)).violations)
    assert bool(found) is flagged
