"""SP-API Messaging payloads as input: JSON body + operation -> Message + Context."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bsm_lint import Context, InputError
from bsm_lint.payload import from_payload, lint_payload, message_from_payload, resolve_operation
from conftest import FIXTURES

FILES = FIXTURES / "attachments"
PDF = (FILES / "invoice.pdf").read_bytes()


@pytest.mark.parametrize(
    ("operation", "kind"),
    [
        ("createConfirmOrderDetails", "confirmOrderDetails"),
        ("confirmOrderDetails", "confirmOrderDetails"),
        ("CreateWarranty", "warranty"),
        ("sendInvoice", "invoice"),
        ("confirmCustomizationDetails", "confirmCustomizationDetails"),
        ("/messaging/v1/orders/902-6786204-8179805/messages/legalDisclosure", "legalDisclosure"),
        ("createNegativeFeedbackRemoval", "negativeFeedbackRemoval"),
        ("createProductReviewAndSellerFeedbackSolicitation", "productReviewAndSellerFeedback"),
        (" madeUpOperation ", "madeUpOperation"),
    ],
)
def test_operations_resolve_to_kinds(operation: str, kind: str) -> None:
    assert resolve_operation(operation) == kind


def test_text_and_attachments_from_a_mapping() -> None:
    body = {
        "text": "Please confirm the engraving.",
        "attachments": [
            {"uploadDestinationId": "u-1", "fileName": "proof.pdf"},
            {"uploadDestinationId": "u-2", "fileName": "photo.png"},
        ],
    }
    files = {"proof.pdf": PDF, "u-2": FILES / "pixel.png"}
    msg, ctx = from_payload(
        json.dumps(body),
        "confirmCustomizationDetails",
        files=files,
        context=Context(buyer_locale="de-DE", message_type="somethingElse"),
    )
    assert msg.body == "Please confirm the engraving."
    assert msg.kind == "proactive"
    assert [a.file_name for a in msg.attachments] == ["proof.pdf", "photo.png"]
    assert msg.attachments[0].data == PDF
    assert msg.attachments[1].path == FILES / "pixel.png"
    assert (ctx.message_type, ctx.buyer_locale) == ("confirmCustomizationDetails", "de-DE")


def test_attachments_from_a_folder(tmp_path: Path) -> None:
    (tmp_path / "invoice.pdf").write_bytes(PDF)
    body = {"attachments": [{"uploadDestinationId": "u-1", "fileName": "invoice.pdf"}]}
    msg, _ = from_payload(body, "sendInvoice", files=tmp_path)
    assert msg.body == ""
    assert msg.attachments[0].path == tmp_path / "invoice.pdf"
    with pytest.raises(InputError, match="does not exist"):
        from_payload(
            {"attachments": [{"uploadDestinationId": "u", "fileName": "x.pdf"}]},
            "sendInvoice",
            files=tmp_path,
        )
    with pytest.raises(InputError, match="a fileName with a path"):
        from_payload(
            {"attachments": [{"uploadDestinationId": "u", "fileName": "../etc/passwd"}]},
            "sendInvoice",
            files=tmp_path,
        )


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ('{"text": "x",}', r"not JSON: .* line 1 column 14"),
        ("[1, 2]", "must be a JSON object"),
        ({"text": 5}, "`text` must be a string"),
        ({"txt": "typo"}, "unknown key 'txt'"),
        ({"attachments": {"fileName": "a"}}, "must be a list"),
        ({"attachments": [{"fileName": "a.pdf"}]}, "needs an `uploadDestinationId`"),
        ({"attachments": [{"uploadDestinationId": "u"}]}, "needs a `fileName`"),
        (
            {"attachments": [{"uploadDestinationId": "u", "fileName": "a", "x": 1}]},
            "unknown key 'x'",
        ),
        ({"attachments": [{"uploadDestinationId": "u", "fileName": "a.pdf"}]}, "no bytes given"),
        ({"coverageStartDate": 2025}, "date-time string"),
    ],
)
def test_malformed_payloads_are_input_errors(payload: object, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        from_payload(payload, "CreateWarranty")  # type: ignore[arg-type]


def test_missing_file_in_mapping() -> None:
    body = {"attachments": [{"uploadDestinationId": "u-9", "fileName": "a.pdf"}]}
    with pytest.raises(InputError, match=r"'a\.pdf' \(uploadDestinationId 'u-9'\): not in"):
        from_payload(body, "sendInvoice", files={"b.pdf": PDF})


def test_lint_payload_applies_the_operation_contract() -> None:
    def codes(body: dict[str, object], op: str, **kw: object) -> list[str]:
        report = lint_payload(body, op, **kw)  # type: ignore[arg-type]
        return [v.rule_id for v in report.violations]

    att = [{"uploadDestinationId": "u", "fileName": "note.txt"}]
    files = {"note.txt": (FILES / "hello.txt").read_bytes()}
    assert "BSM513" in codes(
        {"text": "Hi", "attachments": att}, "createConfirmOrderDetails", files=files
    )
    assert "BSM512" in codes(
        {"text": "Your invoice.", "attachments": att}, "sendInvoice", files=files
    )
    assert "BSM514" in codes({}, "sendInvoice")
    assert "BSM520" in codes({"text": "k" * 401}, "createDigitalAccessKey")
    assert "BSM521" in codes({"text": ""}, "createUnexpectedProblem")
    assert "BSM511" in codes({}, "CreateAmazonMotors")
    assert "BSM510" in codes({"text": "x"}, "createShippingNotice")
    warranty = {"coverageStartDate": "2025-01-01T00:00:00Z", "attachments": att}
    assert codes(warranty, "CreateWarranty", files=files) == []
    exe = {"attachments": [{"uploadDestinationId": "u", "fileName": "invoice.pdf"}]}
    assert codes(exe, "sendInvoice", files={"invoice.pdf": FILES / "renamed-exe.pdf"}) == ["BSM413"]


def test_message_from_payload_for_payload_files(tmp_path: Path) -> None:
    (tmp_path / "invoice.pdf").write_bytes(PDF)
    body = {"attachments": [{"uploadDestinationId": "u", "fileName": "invoice.pdf"}]}
    msg, ctx = message_from_payload(
        "sendInvoice",
        body,
        context={"marketplace": "de", "now": "2025-03-01T10:00:00+01:00"},
        attachments_dir=tmp_path,
    )
    assert (ctx.message_type, ctx.marketplace) == ("invoice", "DE")
    assert ctx.now == dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC)
    assert msg.attachments[0].file_name == "invoice.pdf"
    with pytest.raises(InputError, match=r"context\.now: .*timezone"):
        message_from_payload("sendInvoice", {}, context={"now": "2025-03-01T10:00:00"})
