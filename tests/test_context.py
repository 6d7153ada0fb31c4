"""Context rules (BSM5xx, BSM405): windows and the clock, review requests, opt-outs, the
[Important] flag, the SP-API message-type table, text length, language."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bsm_lint import Attachment, Context, Linter, Message, PackError, PriorMessage, load_pack
from bsm_lint.checks.context_common import parse_message_types
from bsm_lint.checks.context_language import detect_language, text_language
from conftest import PACK_HEADER, SHARED, rule_toml

UTC = dt.UTC
LINTER = Linter()
PACK = LINTER.pack
TYPES = parse_message_types(PACK.data)
ZONES = [ZoneInfo(z) for z in ("Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "UTC")]


def t(*args: int, tz: dt.tzinfo = UTC) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz)  # type: ignore[misc]


def codes(msg: Message | str, ctx: Context | None = None, *, prefix: str = "BSM5") -> list[str]:
    m = Message(body=msg) if isinstance(msg, str) else msg
    return [v.rule_id for v in LINTER.lint(m, ctx).violations if v.rule_id.startswith(prefix)]


def fires(code: str, msg: Message | str, ctx: Context | None = None) -> bool:
    return code in codes(msg, ctx, prefix=code)


# -- the SP-API table is data, and it matches the fact base ----------------------------------


def _fact_rows() -> list[list[str]]:
    path = SHARED / "domain" / "amazon-rules.md"
    if not path.exists():
        pytest.skip("the fact base (../shared) is not beside the repository")
    text = path.read_text(encoding="utf-8")
    section = text[text.index("### 2.1") : text.index("More facts from the model")]
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|")
    ]
    return rows[2:]  # header and rule


def test_operation_table_matches_the_fact_base() -> None:
    rows = _fact_rows()
    assert len(rows) == 11
    messaging = {k for k, s in TYPES.by_kind.items() if s.api == "messaging"}
    assert messaging == {r[0] for r in rows}
    for kind, op, text, attachments, others, _links, status in rows:
        spec = TYPES.by_kind[kind]
        assert spec.operation_id == op, kind
        assert spec.path.endswith(f"/messages/{kind}")
        limit = re.search(r"1–\*\*(\d+)\*\*", text)
        assert spec.text == (limit is not None), kind
        assert spec.text_max == (int(limit.group(1)) if limit else None), kind
        if attachments == "no":
            assert spec.attachments == "none", kind
        elif "required" in attachments:
            assert (spec.attachments, spec.attachments_min, spec.attachments_max) == (
                "required",
                1,
                5,
            ), kind
        else:
            assert attachments == "optional, ≤5"
            assert (spec.attachments, spec.attachments_max) == ("optional", 5), kind
        removed = re.search(r"removed\*\* from the model (\S+) \(commit (\w+)\)", status)
        assert spec.status == ("removed" if removed else "active"), kind
        if removed:
            assert (str(spec.removed_on), spec.removed_commit) == removed.groups()
        added = re.search(r"added (\S+), commit (\w+)", status)
        if added:
            assert (str(spec.added_on), spec.added_commit) == added.groups()
        fields = re.findall(r"`(\w+)`", others)
        assert list(spec.fields) == fields, kind


def test_solicitation_and_critical_types() -> None:
    sol = TYPES.by_kind["productReviewAndSellerFeedback"]
    assert (sol.api, sol.text, sol.attachments, sol.review_request) == (
        "solicitations",
        False,
        "none",
        True,
    )
    assert TYPES.critical == {
        "confirmCustomizationDetails",
        "confirmDeliveryDetails",
        "unexpectedProblem",
    }
    assert TYPES.resolve("createwarranty") == "warranty"
    assert TYPES.resolve("SENDINVOICE") == "invoice"
    assert TYPES.resolve("nonsense") is None


def test_a_broken_table_is_a_pack_error(make_pack) -> None:
    data = '[message_types.x]\napi = "messaging"\noperation_id = "x"\npath = "/x"\ntext = true\n'
    data += 'attachments = "none"\nstatus = "active"\n'
    pack_toml = PACK_HEADER + 'data = ["data/*.toml"]\n'
    rule = rule_toml(
        check="context.message-type", options='condition = "unknown"', category="message-type"
    )
    folder = make_pack({"pack.toml": pack_toml + rule, "data/types.toml": data})
    with pytest.raises(PackError, match=r"message_types\.x: .*text_max"):
        Linter(load_pack(folder))


def test_a_pack_without_the_table_says_so(make_pack) -> None:
    rule = rule_toml(check="context.text-length", category="text-length")
    with pytest.raises(PackError, match="no `message_types` data table"):
        Linter(load_pack(make_pack({"pack.toml": PACK_HEADER + rule})))


# -- naive datetimes are rejected ----------------------------------------------------------------


@pytest.mark.parametrize(
    "field", ["order_date", "ship_date", "earliest_delivery", "latest_delivery", "now"]
)
def test_naive_datetimes_are_rejected_with_a_clear_error(field: str) -> None:
    with pytest.raises(ValidationError, match="timezone"):
        Context(**{field: dt.datetime(2025, 3, 1, 12, 0)})
    with pytest.raises(ValidationError, match="timezone"):
        PriorMessage(sent_at=dt.datetime(2025, 3, 1, 12, 0))
    with pytest.raises(ValidationError, match="timezone"):
        Context.model_validate({field: "2025-03-01T12:00:00"})
    Context.model_validate({field: "2025-03-01T12:00:00+01:00"})


# -- BSM501 window-expired ---------------------------------------------------------------------


def test_window_counts_from_the_latest_delivery_and_skips_without_a_clock() -> None:
    delivered = t(2025, 3, 1)
    ctx = Context(latest_delivery=delivered, now=delivered + dt.timedelta(days=30))
    assert not fires("BSM501", "Manual attached.", ctx)
    late = ctx.model_copy(update={"now": delivered + dt.timedelta(days=30, seconds=1)})
    assert fires("BSM501", "Manual attached.", late)
    assert not fires("BSM501", "Manual attached.", late.model_copy(update={"now": None}))
    assert not fires("BSM501", Message(body="Yes, it fits.", kind="reply"), late)
    assert not fires("BSM501", "Manual attached.", Context(now=t(2030, 1, 1)))


def test_window_anchor_and_fallbacks() -> None:
    base = {"order_date": t(2025, 1, 1), "ship_date": t(2025, 1, 20), "now": t(2025, 2, 25)}
    delivery = Context(**base, latest_delivery=t(2025, 2, 1))
    assert not fires("BSM501", "x", delivery)  # 24 days after delivery
    assert fires("BSM501", "x", delivery.model_copy(update={"window_anchor": "ship"}))
    assert fires("BSM501", "x", delivery.model_copy(update={"window_anchor": "order"}))
    # no delivery date: the stricter ship date stands in, then the order date
    assert fires("BSM501", "x", Context(**base))
    v = LINTER.lint(Message(body="x"), Context(**base), only="BSM501").violations[0]
    assert "ship date, 2025-01-20T00:00+00:00" in v.message
    assert "6 days" in v.message
    only_order = Context(order_date=t(2025, 1, 1), now=t(2025, 2, 25), window_anchor="ship")
    assert "order date" in LINTER.lint(Message(body="x"), only_order).violations[0].message
    with pytest.raises(ValidationError):
        Context(window_anchor="completion")  # type: ignore[arg-type]


_INSTANTS = st.datetimes(
    min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2026, 12, 31), allow_imaginary=False
)


@settings(max_examples=300, deadline=None)
@given(
    anchor=_INSTANTS,
    zone_a=st.sampled_from(ZONES),
    zone_b=st.sampled_from(ZONES),
    offset=st.integers(min_value=-3 * 3600, max_value=3 * 3600),
)
def test_30_day_boundary_is_elapsed_time_in_every_zone(
    anchor: dt.datetime, zone_a: ZoneInfo, zone_b: ZoneInfo, offset: int
) -> None:
    """Across DST changes, month ends and zones: late exactly when more than 30 x 24 h
    passed, whichever zones the two dates are written in."""
    start = anchor.replace(tzinfo=zone_a)
    now = (start + dt.timedelta(days=30, seconds=offset)).astimezone(zone_b)
    elapsed = now.astimezone(UTC) - start.astimezone(UTC)
    ctx = Context(latest_delivery=start, now=now)
    assert fires("BSM501", "Manual attached.", ctx) == (elapsed > dt.timedelta(days=30))


@pytest.mark.parametrize(
    ("zone", "anchor", "now_local", "late"),
    [
        # Berlin, spring forward on 30 March 2025: 30 x 24 h after 1 March 12:00 CET is
        # 31 March 13:00 CEST by the wall clock
        ("Europe/Berlin", (2025, 3, 1, 12), (2025, 3, 31, 12, 59), False),
        ("Europe/Berlin", (2025, 3, 1, 12), (2025, 3, 31, 13, 1), True),
        # Los Angeles, spring forward on 9 March 2025
        ("America/Los_Angeles", (2025, 2, 20, 9), (2025, 3, 22, 10, 0), False),
        ("America/Los_Angeles", (2025, 2, 20, 9), (2025, 3, 22, 10, 1), True),
        # Los Angeles, fall back on 2 November 2025: the wall clock is an hour ahead
        ("America/Los_Angeles", (2025, 10, 15, 9), (2025, 11, 14, 8, 0), False),
        ("America/Los_Angeles", (2025, 10, 15, 9), (2025, 11, 14, 8, 1), True),
        # month end: 31 January + 30 days is 2 March
        ("UTC", (2025, 1, 31, 0), (2025, 3, 2, 0, 0), False),
        ("UTC", (2024, 1, 31, 0), (2024, 3, 1, 0, 1), True),  # leap year
    ],
)
def test_30_day_boundary_around_dst_and_month_ends(
    zone: str, anchor: tuple[int, ...], now_local: tuple[int, ...], late: bool
) -> None:
    tz = ZoneInfo(zone)
    ctx = Context(latest_delivery=t(*anchor, tz=tz), now=t(*now_local, tz=tz))
    assert fires("BSM501", "Manual attached.", ctx) is late


# -- BSM502 review-window ---------------------------------------------------------------------


def test_review_window_bounds_are_inclusive() -> None:
    earliest, latest = t(2025, 1, 31, 10), t(2025, 2, 3, 10)
    for now, expected in [
        (earliest + dt.timedelta(days=5, seconds=-1), True),
        (earliest + dt.timedelta(days=5), False),
        (latest + dt.timedelta(days=30), False),
        (latest + dt.timedelta(days=30, seconds=1), True),
    ]:
        ctx = Context(earliest_delivery=earliest, latest_delivery=latest, now=now)
        assert fires("BSM502", "Would you leave a review?", ctx) is expected, now


@settings(max_examples=200, deadline=None)
@given(
    earliest=_INSTANTS,
    spread=st.integers(min_value=0, max_value=10 * 86400),
    at=st.integers(min_value=-86400, max_value=50 * 86400),
    zone=st.sampled_from(ZONES),
)
def test_review_window_is_zone_independent(
    earliest: dt.datetime, spread: int, at: int, zone: ZoneInfo
) -> None:
    e = earliest.replace(tzinfo=UTC)
    latest = e + dt.timedelta(seconds=spread)
    now = e + dt.timedelta(seconds=at)
    inside = e + dt.timedelta(days=5) <= now <= latest + dt.timedelta(days=30)
    ctx = Context(
        earliest_delivery=e.astimezone(zone), latest_delivery=latest, now=now.astimezone(zone)
    )
    assert fires("BSM502", "Please leave a review.", ctx) is not inside


def test_review_window_points_at_the_phrase_and_knows_solicitations() -> None:
    ctx = Context(earliest_delivery=t(2025, 3, 1), now=t(2025, 3, 2))
    body = "Thanks! Would you leave a review of the lamp?"
    v = LINTER.lint(Message(body=body), ctx, only="BSM502").violations[0]
    assert (v.field, v.match) == ("body", "leave a review")
    assert "before the review window opens at 2025-03-06T00:00+00:00" in v.message
    sol = ctx.model_copy(update={"message_type": "productReviewAndSellerFeedback"})
    v = LINTER.lint(Message(body=""), sol, only="BSM502").violations[0]
    assert "productReviewAndSellerFeedback solicitation" in v.message
    assert not fires("BSM502", "Your replacement ships today.", ctx)
    assert not fires("BSM502", "We will review your return request.", ctx)
    assert fires("BSM502", Message(subject="Ihre Bewertung", body="Danke!"), ctx)
    assert fires("BSM502", "ご購入いただいた商品のレビューをお願いします。", ctx)
    assert not fires("BSM502", "Please leave a review.", Context(now=t(2025, 3, 2)))


# -- BSM503 review-repeat ------------------------------------------------------------------------


def test_review_repeat() -> None:
    asked = PriorMessage(sent_at=t(2025, 3, 8), review_request=True)
    solicited = PriorMessage(sent_at=t(2025, 3, 8), message_type="productReviewAndSellerFeedback")
    other = PriorMessage(sent_at=t(2025, 3, 2), message_type="confirmDeliveryDetails")
    review = "Could you write a review of the kettle?"
    assert fires("BSM503", review, Context(prior_messages=(asked,)))
    assert fires("BSM503", review, Context(prior_messages=(other, solicited)))
    assert not fires("BSM503", review, Context(prior_messages=(other,)))
    assert not fires("BSM503", "The kettle ships today.", Context(prior_messages=(asked,)))
    v = LINTER.lint(Message(body=review), Context(prior_messages=(solicited,))).violations
    assert [x.message for x in v if x.rule_id == "BSM503"] == [
        'Second review or feedback request for this order ("write a review"); one was'
        " already sent on 2025-03-08T00:00+00:00 as productReviewAndSellerFeedback."
    ]


def test_review_request_phrases_are_a_phrase_list_in_every_language() -> None:
    # One source: phrases/review.<lang>.toml, no second copy in the data tables.
    assert set(PACK.lists["review_request"]) == {"en", "de", "fr", "es", "it", "ja"}
    assert "review_request" not in PACK.data
    asked = Context(prior_messages=(PriorMessage(sent_at=t(2025, 3, 8), review_request=True),))
    for lang, body in [
        ("de", "Wir freuen uns über eine Rezension."),
        ("fr", "Pourriez-vous laisser un avis ?"),
        ("es", "Nos encantaría leer su reseña."),
        ("it", "Ci lasci una recensione, per favore."),
        ("ja", "レビューをお願いいたします。"),
    ]:
        assert fires("BSM503", Message(body=body, language=lang), asked), lang


def test_review_request_legacy_data_table_still_counts() -> None:
    import dataclasses

    data = {**PACK.data, "review_request": {"phrases": {"en": ["tell the world"]}}}
    linter = Linter(dataclasses.replace(PACK, data=data))
    asked = Context(prior_messages=(PriorMessage(sent_at=t(2025, 3, 8), review_request=True),))
    found = linter.lint(Message(body="Please tell the world about the kettle."), asked)
    assert "BSM503" in [v.rule_id for v in found.violations]
    found = linter.lint(Message(body="Please leave a review of the kettle."), asked)
    assert "BSM503" in [v.rule_id for v in found.violations]


# -- BSM504 opted-out, BSM505/506 [Important] ----------------------------------------------------


@pytest.mark.parametrize(
    ("message_type", "blocked"),
    [
        ("confirmCustomizationDetails", False),
        ("createConfirmDeliveryDetails", False),
        ("unexpectedProblem", False),
        ("confirmOrderDetails", True),
        ("confirmServiceDetails", True),
        ("invoice", True),
        (None, True),
        ("madeUpType", True),
    ],
)
def test_opted_out_buyers_get_critical_messages_only(
    message_type: str | None, blocked: bool
) -> None:
    ctx = Context(opted_out=True, message_type=message_type)
    assert fires("BSM504", "Hello", ctx) is blocked
    assert not fires("BSM504", Message(body="Hello", kind="reply"), ctx)
    assert not fires("BSM504", "Hello", ctx.model_copy(update={"opted_out": False}))


def test_important_flag_spans_and_variants() -> None:
    order = Context(message_type="confirmOrderDetails")
    msg = Message(subject="Re: order [iMpOrTaNt] now", body="Please confirm.")
    v = LINTER.lint(msg, order, only="BSM505").violations[0]
    assert (v.field, v.match, v.start, v.end) == ("subject", "[iMpOrTaNt]", 10, 21)
    assert fires("BSM505", Message(subject="［重要］ご確認", body="x"), order)
    assert not fires("BSM505", Message(subject="Important", body="x"), order)
    assert not fires("BSM505", Message(subject="[ Important ]", body="x"), order)
    critical = Context(message_type="confirmDeliveryDetails")
    assert not fires("BSM505", Message(subject="[Important]", body="x"), critical)
    assert not fires("BSM505", Message(subject="[Important]", body="x"))
    assert fires("BSM506", Message(subject="[Important]", body="x"))
    assert not fires("BSM506", Message(subject="[Important]", body="x"), order)


# -- BSM510-514 message type ---------------------------------------------------------------------


def test_message_type_rules() -> None:
    txt = Attachment(file_name="a.txt", data=b"Assembly steps")
    assert fires("BSM510", "x", Context(message_type="shippingConfirmation"))
    assert not fires("BSM510", "x", Context(message_type="createConfirmOrderDetails"))
    v = LINTER.lint(Message(body=""), Context(message_type="amazonMotors"), only="BSM511")
    assert "removed from the SP-API model on 2026-01-30 (commit b9dffa4)" in (
        v.violations[0].message
    )
    assert fires("BSM512", "Text", Context(message_type="legalDisclosure"))
    assert not fires("BSM512", "", Context(message_type="legalDisclosure"))
    two = Message(body="x", attachments=(txt, txt))
    found = LINTER.lint(two, Context(message_type="confirmOrderDetails"), only="BSM513")
    assert [v.field for v in found.violations] == ["attachment:0", "attachment:1"]
    assert fires("BSM514", "", Context(message_type="warranty"))
    assert not fires("BSM514", Message(attachments=(txt,)), Context(message_type="warranty"))


# -- BSM520/521 text length, BSM405 attachment count ---------------------------------------------


def test_text_length_counts_code_points_and_reports_utf16() -> None:
    ctx = Context(message_type="digitalAccessKey")
    body = "😀" * 10 + "a" * 391
    v = LINTER.lint(Message(body=body), ctx, only="BSM520").violations[0]
    assert (v.start, v.end, v.match) == (400, 401, "a")
    assert v.message == (
        "Text is 401 characters (411 UTF-16 code units); digitalAccessKey allows 400: 1 too many."
    )
    assert not fires("BSM520", "😀" * 10 + "a" * 390, ctx)
    assert fires("BSM520", "x" * 801, Context(message_type="confirmCustomizationDetails"))
    assert not fires("BSM520", "x" * 2000, Context(message_type="createUnexpectedProblem"))
    assert fires("BSM520", "x" * 2001, Context(message_type="createUnexpectedProblem"))
    assert not fires("BSM520", "x" * 5000)
    assert fires("BSM521", " ", Context(message_type="confirmOrderDetails"))


def test_attachment_count() -> None:
    txt = Attachment(file_name="a.txt", data=b"Assembly steps")
    six = Message(body="x", attachments=(txt,) * 6)
    found = LINTER.lint(six, Context(message_type="legalDisclosure"), only="BSM405").violations
    assert [(v.field, v.message) for v in found] == [
        ("attachment:5", "6 attachments; legalDisclosure takes at most 5.")
    ]
    assert not LINTER.lint(
        six.model_copy(update={"attachments": (txt,) * 5}), only="BSM405"
    ).violations
    assert LINTER.lint(six, only="BSM405").violations  # no type: the general cap of 5
    assert not LINTER.lint(
        six, Context(message_type="confirmOrderDetails"), only="BSM405"
    ).violations


# -- BSM530/531 language ------------------------------------------------------------------------

EN = "Thank you for your order. We will ship it tomorrow and you can track it in your account."
DE = "Vielen Dank für Ihre Bestellung. Wir versenden sie morgen und Sie können sie verfolgen."
NL = "Bedankt voor uw bestelling. Wij versturen het morgen en u kunt het volgen in uw account."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (EN, "en"),
        (DE, "de"),
        (NL, "nl"),
        (
            "Merci pour votre commande, nous vous remercions de votre confiance et patience.",
            "fr",
        ),
        (
            "Obrigado pelo seu pedido. Nós vamos enviar amanhã e você pode acompanhar na conta.",
            "pt",
        ),
        ("ご注文ありがとうございます。明日発送いたします。", "ja"),
        ("感谢您的订单，我们明天发货，请注意查收。", "zh"),
        ("주문해 주셔서 감사합니다. 내일 발송하겠습니다.", "ko"),
        ("Thanks!", None),
        ("Order 123-1234567-1234567 SKU AB-12 qty 2", None),
    ],
)
def test_detector(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


def test_language_rules() -> None:
    ja = Context(buyer_locale="ja-JP")
    assert fires("BSM531", EN, ja)
    assert not fires("BSM531", EN, Context(buyer_locale="en_GB"))
    assert not fires("BSM531", "Thanks, see you soon!", ja)  # too short to tell
    assert not fires("BSM531", NL, Context(buyer_locale="nl-NL"))
    assert fires("BSM531", NL, Context(buyer_locale="de-DE"))
    assert not fires("BSM531", EN)  # no locale: nothing to compare
    # declared language wins over detection; BSM530 reports it
    declared = Message(body=EN, language="en")
    assert fires("BSM530", declared, Context(buyer_locale="de-DE"))
    assert not fires("BSM531", declared, Context(buyer_locale="de-DE"))
    # attachment text counts on its own
    doc = Attachment(file_name="garantie.txt", data=EN.encode())
    msg = Message(body="Die Garantie finden Sie im Anhang.", attachments=(doc,))
    found = LINTER.lint(msg, Context(buyer_locale="de-DE"), only="BSM531").violations
    assert [(v.field, v.message) for v in found] == [
        (
            "attachment:0",
            "The attached file reads as English, but the buyer's language of preference is"
            " German (de-DE).",
        )
    ]


def test_text_language_uses_the_shared_detector_first() -> None:
    assert text_language(DE, "de") == "de"
    assert text_language("感谢您的订单，我们明天发货，请注意查收。", "ja") == "zh"
    assert text_language("Thanks!", "de") is None


def test_no_context_costs_nothing_and_finds_nothing() -> None:
    assert codes("Please leave a review of the lamp.") == []
    assert codes(Message(subject="Your order", body="Thanks")) == []
