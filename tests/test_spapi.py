"""The SP-API wrapper against the real python-amazon-sp-api, its HTTP layer intercepted.

httpx's transport is replaced inside the test process (the LWA token request included) and
every socket call is refused, so no endpoint is ever contacted. Credentials are dummies given
explicitly, with the code credential provider only: no environment or config file is read.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import bsm_lint
from bsm_lint import ComplianceError, Context, Decision, GuardPolicy
from bsm_lint.integrations.spapi import (
    READ_OPERATIONS,
    SEND_OPERATIONS,
    AttachmentRef,
    GuardedMessaging,
    SendRequest,
)
from conftest import NO_NETWORK_PRELUDE, ROOT

sp_api = pytest.importorskip("sp_api")  # a safety net: the `test` extra installs it
httpx = pytest.importorskip("httpx")

from sp_api.api import Messaging  # noqa: E402
from sp_api.auth import access_token_client  # noqa: E402
from sp_api.base import Marketplaces  # noqa: E402
from sp_api.base.credential_provider import FromCodeCredentialProvider  # noqa: E402

CREDENTIALS = {
    "lwa_app_id": "amzn1.application-oa2-client.bsmlinttest",
    "lwa_client_secret": "not-a-real-secret",
    "refresh_token": "Atzr|not-a-real-token",
}
ORDER = "123-1234567-1234567"
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
CLEAN_TEXT = "Could you confirm the engraving text for your order before we start?"


@dataclass
class Wire:
    """What reached httpx's transport: every request, the LWA token request included."""

    requests: list[Any] = field(default_factory=list)

    def api(self) -> list[Any]:
        return [r for r in self.requests if r.url.path.startswith("/messaging/")]

    def token(self) -> list[Any]:
        return [r for r in self.requests if r.url.host == "api.amazon.com"]


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> Iterator[Wire]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("network access attempted")

    for target, name in [
        (socket.socket, "connect"),
        (socket.socket, "connect_ex"),
        (socket, "create_connection"),
        (socket, "getaddrinfo"),
    ]:
        monkeypatch.setattr(target, name, refuse)
    w = Wire()

    def handle(self: object, request: Any) -> Any:
        request.read()
        w.requests.append(request)
        if request.url.host == "api.amazon.com":
            token = {"access_token": "Atza|dummy", "token_type": "bearer", "expires_in": 3600}
            return httpx.Response(200, json=token, request=request)
        if request.method == "GET":
            return httpx.Response(200, json={"payload": {"probe": ORDER}}, request=request)
        return httpx.Response(201, json={}, request=request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle)
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    access_token_client.cache.clear()
    yield w
    access_token_client.cache.clear()


def client(marketplace: Any = None) -> Any:
    return Messaging(
        marketplace=marketplace or Marketplaces.US,
        credentials=dict(CREDENTIALS),
        credential_providers=[FromCodeCredentialProvider],
    )


def files(ref: AttachmentRef) -> bytes | None:
    return MINIMAL_PDF if ref.file_name.endswith(".pdf") else None


def body_for(message_type: str, text: str = CLEAN_TEXT) -> dict[str, Any]:
    """A body the message type accepts: text where it takes text, a PDF where it takes one."""
    spec = _types()[message_type]
    body: dict[str, Any] = {}
    if spec["text"]:
        body["text"] = text
    if spec.get("attachments", "none") != "none":
        body["attachments"] = [{"uploadDestinationId": "dest-1", "fileName": "details.pdf"}]
    return body


def _types() -> dict[str, Any]:
    path = ROOT / "rules" / "amazon-bsm" / "data" / "message_types.toml"
    return dict(tomllib.loads(path.read_text(encoding="utf-8"))["message_types"])


def _library_path(name: str) -> str:
    """The request path the library's `sp_endpoint` decorator closed over."""
    fn = vars(Messaging)[name]
    return next(
        c.cell_contents
        for c in fn.__closure__
        if isinstance(c.cell_contents, str) and c.cell_contents.startswith("/")
    )


# -- the operation table against the library and the pack --------------------------------


def test_every_library_operation_is_classified() -> None:
    ops = {n for n, f in vars(Messaging).items() if callable(f) and not n.startswith("_")}
    assert ops == set(SEND_OPERATIONS) | READ_OPERATIONS


@pytest.mark.parametrize(("name", "message_type"), sorted(SEND_OPERATIONS.items()))
def test_operation_maps_to_the_pack_type_of_its_path(name: str, message_type: str) -> None:
    spec = _types()[message_type]
    assert spec["api"] == "messaging"
    lib = _library_path(name).replace("{}", "{amazonOrderId}")
    assert lib == spec["path"]


# -- blocked sends never reach the network ---------------------------------------------


class Recording(bsm_lint.Linter):
    """A linter that remembers what it was asked to lint."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[bsm_lint.Message, Context | None]] = []

    def lint(
        self, message: bsm_lint.Message, context: Context | None = None, *, only: str | None = None
    ) -> bsm_lint.Report:
        self.seen.append((message, context))
        return super().lint(message, context, only=only)


@pytest.fixture(scope="module")
def recording() -> Recording:
    return Recording()


@pytest.mark.parametrize("name", sorted(SEND_OPERATIONS))
def test_each_operation_is_linted_with_its_type(
    wire: Wire, recording: Recording, name: str
) -> None:
    recording.seen.clear()
    seen: list[tuple[SendRequest, Decision]] = []
    m = GuardedMessaging(
        client(), linter=recording, resolver=files, on_decision=lambda r, d: seen.append((r, d))
    )
    body = body_for(SEND_OPERATIONS[name])
    body["text"] = "Mail me at jane@shop.example for the details."
    with pytest.raises(ComplianceError):
        getattr(m, name)(ORDER, body=body)
    assert wire.requests == []
    ((message, context),) = recording.seen
    assert context is not None
    assert context.message_type == SEND_OPERATIONS[name]
    assert context.marketplace == "US"
    assert message.body == body["text"]
    assert [a.file_name for a in message.attachments] == [
        a["fileName"] for a in body.get("attachments", [])
    ]
    ((request, decision),) = seen
    assert request.message_type == SEND_OPERATIONS[name]
    assert request.order_id == ORDER
    assert decision.blocked


def test_blocked_send_makes_no_request(wire: Wire) -> None:
    m = GuardedMessaging(client())
    with pytest.raises(ComplianceError) as info:
        m.create_confirm_order_details(ORDER, body={"text": "Email me: jane@shop.example"})
    assert wire.requests == []  # not even the token request
    assert info.value.report is not None
    assert {v.rule_id for v in info.value.report.violations} >= {"BSM101"}
    assert "BSM101" in str(info.value)
    assert "jane@shop.example" not in str(info.value)


def test_context_type_comes_from_the_operation(wire: Wire) -> None:
    """Text on a type that takes none is blocked by the message-type rule: the wrapper set
    the type even though the caller's context named another."""
    seen: list[Decision] = []
    m = GuardedMessaging(
        client(),
        resolver=files,
        context=Context(message_type="confirmOrderDetails"),
        on_decision=lambda r, d: seen.append(d),
    )
    body = {
        "text": "Invoice attached.",
        "attachments": [{"uploadDestinationId": "d", "fileName": "i.pdf"}],
    }
    with pytest.raises(ComplianceError):
        m.send_invoice(ORDER, body=body)
    assert wire.requests == []
    assert seen[0].report is not None
    assert any(v.category == "message-type" for v in seen[0].report.violations), seen[0].reasons


# -- allowed sends are exactly the bare client's ---------------------------------------


def _strip(request: Any) -> tuple[str, str, bytes, dict[str, str]]:
    headers = {k: v for k, v in request.headers.items() if k not in ("x-amz-date",)}
    return request.method, str(request.url), request.content, headers


@pytest.mark.parametrize(
    "name", sorted(n for n, t in SEND_OPERATIONS.items() if _types()[t]["status"] == "active")
)
def test_allowed_send_is_the_bare_request(wire: Wire, name: str) -> None:
    body = body_for(SEND_OPERATIONS[name])
    bare = getattr(client(), name)(ORDER, body=json.loads(json.dumps(body)))
    bare_requests = list(wire.requests)
    wire.requests.clear()
    access_token_client.cache.clear()

    guarded = GuardedMessaging(client(), resolver=files)
    result = getattr(guarded, name)(ORDER, body=json.loads(json.dumps(body)))

    assert [_strip(r) for r in wire.requests] == [_strip(r) for r in bare_requests]
    assert len(wire.api()) == 1
    assert len(wire.token()) == 1
    assert wire.api()[0].method == "POST"
    assert json.loads(wire.api()[0].content)["text" if "text" in body else "attachments"]
    assert type(result) is type(bare)
    assert result.payload == bare.payload


def test_allowed_send_passes_the_same_objects_and_returns_the_result(
    wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = client()
    sentinel = object()
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def spy(*args: Any, **kwargs: Any) -> object:
        calls.append((args, kwargs))
        return sentinel

    monkeypatch.setattr(inner, "create_confirm_order_details", spy)
    body = {"text": CLEAN_TEXT}
    ctx = Context(marketplace="US")
    out = GuardedMessaging(inner).create_confirm_order_details(ORDER, body=body, lint_context=ctx)
    assert out is sentinel
    assert calls == [((ORDER,), {"body": body})]
    assert calls[0][1]["body"] is body  # the very dict, not a copy; lint_context removed
    assert wire.requests == []


def test_read_operations_pass_through(wire: Wire) -> None:
    m = GuardedMessaging(client())
    res = m.get_messaging_actions_for_order(ORDER)
    assert res.payload == {"probe": ORDER}
    assert [r.method for r in wire.api()] == ["GET"]
    assert m.marketplace_id == Marketplaces.US.marketplace_id
    assert m.get_attributes.__func__ is Messaging.get_attributes


def test_reused_body_dict_with_library_keys_is_still_linted(wire: Wire) -> None:
    """The library adds marketplaceIds to the body dict in place; a second send of the same
    dict must be judged again, not refused as malformed."""
    m = GuardedMessaging(client())
    body = {"text": CLEAN_TEXT}
    m.create_confirm_order_details(ORDER, body=body)
    assert "marketplaceIds" in body
    m.create_confirm_order_details(ORDER, body=body)
    assert len(wire.api()) == 2


def test_warned_send_goes_out_and_is_reported(wire: Wire) -> None:
    seen: list[Decision] = []
    policy = GuardPolicy(block_at=None)  # findings warn, never block
    m = GuardedMessaging(client(), policy=policy, on_decision=lambda r, d: seen.append(d))
    m.create_confirm_order_details(ORDER, body={"text": "Email me: jane@shop.example"})
    assert seen[0].action == "warn"
    assert len(wire.api()) == 1


# -- attachments -------------------------------------------------------------------------


def test_attachment_bytes_are_judged_through_the_resolver(wire: Wire) -> None:
    exe = b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00" + b"\x00" * 200
    m = GuardedMessaging(client(), resolver=lambda ref: exe)
    body = {"attachments": [{"uploadDestinationId": "d", "fileName": "invoice.pdf"}]}
    with pytest.raises(ComplianceError) as info:
        m.send_invoice(ORDER, body=body)
    assert wire.requests == []
    assert info.value.report is not None
    assert any(v.field == "attachment:0" for v in info.value.report.violations)


def test_resolver_may_return_a_path(wire: Wire, tmp_path: Path) -> None:
    f = tmp_path / "invoice.pdf"
    f.write_bytes(MINIMAL_PDF)
    m = GuardedMessaging(client(), resolver=lambda ref: tmp_path / ref.file_name)
    m.send_invoice(ORDER, body={"attachments": [{"uploadDestinationId": "d", "fileName": f.name}]})
    assert len(wire.api()) == 1


def test_without_resolver_content_is_unjudged_and_blocked(wire: Wire) -> None:
    m = GuardedMessaging(client())
    body = {"attachments": [{"uploadDestinationId": "d", "fileName": "invoice.pdf"}]}
    with pytest.raises(ComplianceError) as info:
        m.send_invoice(ORDER, body=body)
    d = info.value.decision
    assert wire.requests == []
    assert d.report is not None
    assert d.report.ok  # nothing wrong with what could be judged
    assert "bytes not available" in d.unjudged[0]


def test_without_resolver_names_and_count_are_still_judged(wire: Wire) -> None:
    policy = GuardPolicy(on_unjudged="allow")
    seen: list[Decision] = []
    m = GuardedMessaging(client(), policy=policy, on_decision=lambda r, d: seen.append(d))
    ok = {"attachments": [{"uploadDestinationId": "d", "fileName": "invoice.pdf"}]}
    m.send_invoice(ORDER, body=ok)  # allowed by policy: content unjudged, names fine
    assert seen[-1].action == "allow"
    assert seen[-1].unjudged
    assert seen[-1].report is not None
    assert seen[-1].report.violations == ()
    six = {
        "attachments": [{"uploadDestinationId": str(i), "fileName": f"{i}.pdf"} for i in range(6)]
    }
    with pytest.raises(ComplianceError) as info:
        m.send_invoice(ORDER, body=six)
    assert "BSM405" in str(info.value)
    noext = {"attachments": [{"uploadDestinationId": "d", "fileName": "invoice"}]}
    with pytest.raises(ComplianceError) as info:
        m.send_invoice(ORDER, body=noext)
    assert "BSM403" in str(info.value)
    assert len(wire.api()) == 1


def test_resolver_failure_is_unjudged(wire: Wire) -> None:
    def broken(ref: AttachmentRef) -> bytes:
        raise OSError("bucket unreachable")

    m = GuardedMessaging(client(), resolver=broken)
    body = {"attachments": [{"uploadDestinationId": "d", "fileName": "invoice.pdf"}]}
    with pytest.raises(ComplianceError) as info:
        m.send_invoice(ORDER, body=body)
    assert "bucket unreachable" in str(info.value)
    assert wire.requests == []


# -- fail closed -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {},  # no body
        {"body": "text as a string"},
        {"body": {"text": 42}},
        {"body": {"text": "hi", "extra": "x"}},
        {"body": {"attachments": [{"fileName": "a.pdf"}]}},
        {"body": {"attachments": "a.pdf"}},
    ],
)
def test_malformed_bodies_fail_closed(wire: Wire, kwargs: dict[str, Any]) -> None:
    m = GuardedMessaging(client())
    with pytest.raises(ComplianceError) as info:
        m.create_confirm_order_details(ORDER, **kwargs)
    assert info.value.decision.error is not None
    assert info.value.report is None
    assert wire.requests == []


def test_engine_failure_fails_closed(wire: Wire, monkeypatch: pytest.MonkeyPatch) -> None:
    linter = bsm_lint.Linter()

    def boom(*args: object, **kwargs: object) -> None:
        raise bsm_lint.LintTimeout("BSM101", "body", 0.5)

    monkeypatch.setattr(linter, "lint", boom)
    m = GuardedMessaging(client(), linter=linter)
    with pytest.raises(ComplianceError) as info:
        m.create_confirm_order_details(ORDER, body={"text": CLEAN_TEXT})
    assert info.value.decision.error is not None
    assert info.value.decision.error.type == "LintTimeout"
    assert wire.requests == []
    # on_error="allow" lets it through (the caller's explicit choice)
    m2 = GuardedMessaging(client(), linter=linter, policy=GuardPolicy(on_error="allow"))
    m2.create_confirm_order_details(ORDER, body={"text": CLEAN_TEXT})
    assert len(wire.api()) == 1


def test_context_provider_failure_fails_closed(wire: Wire) -> None:
    def provider(request: SendRequest) -> Context:
        raise LookupError(f"order {request.order_id} not in cache")

    m = GuardedMessaging(client(), context=provider)
    with pytest.raises(ComplianceError, match="not in cache"):
        m.create_confirm_order_details(ORDER, body={"text": CLEAN_TEXT})
    assert wire.requests == []


def test_unknown_operation_of_a_later_library_fails_closed(wire: Wire) -> None:
    class Later(Messaging):  # type: ignore[misc]
        @sp_api.base.sp_endpoint("/messaging/v1/orders/{}/messages/newKind", method="POST")
        def create_new_kind(self, order_id: str, **kwargs: Any) -> Any:
            raise AssertionError("must not be called")

    inner = Later(credentials=dict(CREDENTIALS), credential_providers=[FromCodeCredentialProvider])
    with pytest.raises(ComplianceError, match="does not know"):
        GuardedMessaging(inner).create_new_kind(ORDER, body={"text": CLEAN_TEXT})
    assert wire.requests == []


# -- context ---------------------------------------------------------------------------


def test_context_provider_and_per_call_context(wire: Wire) -> None:
    from datetime import UTC, datetime

    seen: list[tuple[SendRequest, Decision]] = []
    late = Context(
        latest_delivery=datetime(2025, 1, 1, tzinfo=UTC), now=datetime(2025, 6, 1, tzinfo=UTC)
    )
    m = GuardedMessaging(
        client(Marketplaces.DE),
        context=lambda request: late,
        on_decision=lambda r, d: seen.append((r, d)),
    )
    with pytest.raises(ComplianceError):  # past the 30-day window for a non-critical type
        m.create_confirm_order_details(ORDER, body={"text": CLEAN_TEXT})
    assert wire.requests == []
    on_time = Context(now=datetime(2025, 1, 2, tzinfo=UTC), latest_delivery=late.latest_delivery)
    m.create_confirm_order_details(ORDER, body={"text": CLEAN_TEXT}, lint_context=on_time)
    assert len(wire.api()) == 1


def test_marketplace_comes_from_the_client() -> None:
    m = GuardedMessaging(client(Marketplaces.UK))
    ctx = m._context(SendRequest("x", "confirmOrderDetails", ORDER, {}, m.marketplace_id), None)
    assert ctx.marketplace == "UK"
    assert ctx.message_type == "confirmOrderDetails"


# -- the whole thing with every socket refused, in a fresh interpreter --------------------

SCRIPT = NO_NETWORK_PRELUDE + textwrap.dedent(
    """
    import httpx
    from sp_api.api import Messaging
    from sp_api.base.credential_provider import FromCodeCredentialProvider

    from bsm_lint import ComplianceError
    from bsm_lint.integrations.spapi import GuardedMessaging

    seen = []

    def handle(self, request):
        seen.append((request.method, request.url.host, request.url.path))
        if request.url.host == "api.amazon.com":
            return httpx.Response(200, json={"access_token": "x", "expires_in": 3600})
        return httpx.Response(201, json={})

    httpx.HTTPTransport.handle_request = handle
    creds = {"lwa_app_id": "id", "lwa_client_secret": "s", "refresh_token": "r"}
    m = GuardedMessaging(
        Messaging(credentials=creds, credential_providers=[FromCodeCredentialProvider])
    )
    try:
        m.create_confirm_order_details("1", body={"text": "Mail jane@shop.example"})
    except ComplianceError:
        pass
    assert seen == [], seen
    m.create_confirm_order_details("1", body={"text": "Which colour would you like?"})
    assert [h for _, h, _ in seen] == ["api.amazon.com", "sellingpartnerapi-na.amazon.com"], seen
    print("offline ok")
    """
)


def test_wrapper_runs_with_sockets_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "offline ok" in proc.stdout
