"""Template placeholders: every common syntax is found, named and masked in place."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bsm_lint.templates import MASK_CHAR, find_placeholders, mask


@pytest.mark.parametrize(
    ("text", "syntax", "name"),
    [
        ("Hi {{buyer_name}},", "mustache", "buyer_name"),
        ("Hi {{ $order.Buyer_Name }},", "mustache", "order.buyer_name"),
        ("Hi {{{raw_html}}}", "mustache", "raw_html"),
        ("{% if gift %}", "jinja-block", "if gift"),
        ("order ${order.order_id} ok", "dollar", "order.order_id"),
        ("[[product-name]] arrived", "double-bracket", "product-name"),
        ("Dear {first_name}", "brace", "first_name"),
        ("Dear %BUYER_NAME%", "percent", "buyer_name"),
        ("Dear [buyer-name],", "bracket-tag", "buyer-name"),
        ("Total: {{ price | currency }}", "mustache", "price"),
    ],
)
def test_syntaxes(text: str, syntax: str, name: str) -> None:
    (p,) = find_placeholders(text)
    assert p.syntax == syntax
    assert p.name == name
    assert text[p.start] in "{[$%"


@pytest.mark.parametrize(
    "text",
    [
        "jane [at] shop [dot] com",  # disguises are text, not tags
        "see footnote [1] and [a]",
        "50% off, 20% more",
        "price {not a placeholder because spaces}",
        "100%",
    ],
)
def test_text_that_is_not_a_placeholder(text: str) -> None:
    assert find_placeholders(text) == []


def test_mask_keeps_length_and_offsets() -> None:
    text = "Hi {{buyer_name}}, order [[order-id]]."
    masked = mask(text, find_placeholders(text))
    assert len(masked) == len(text)
    assert masked == "Hi " + MASK_CHAR * 14 + ", order " + MASK_CHAR * 12 + "."


@given(st.text(max_size=80))
def test_mask_never_changes_length_and_only_touches_placeholders(text: str) -> None:
    found = find_placeholders(text)
    masked = mask(text, found)
    assert len(masked) == len(text)
    inside = {i for p in found for i in range(p.start, p.end)}
    for i, (a, b) in enumerate(zip(text, masked, strict=True)):
        assert b == (MASK_CHAR if i in inside else a)
