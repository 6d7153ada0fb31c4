"""`bsm-lint serve`: the real server started on 127.0.0.1 as a subprocess and called over HTTP.

Reports must equal `Linter.lint` byte for byte (offsets included); limits, bad input and
engine failures must come back as JSON errors, never as a stack trace.
"""

from __future__ import annotations

import base64
import http.client
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any

import pytest

import bsm_lint

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from bsm_lint import Context, Linter, Message, PackInfo
from bsm_lint.cli import main
from bsm_lint.errors import InputError, LintTimeout
from bsm_lint.server import LintRequest, lint_body, openapi_document
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import gen_openapi

LIMIT = 4096


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    def __init__(self, port: int) -> None:
        self.port = port

    def request(
        self,
        method: str,
        path: str,
        body: bytes | Iterator[bytes] | None = None,
        headers: dict[str, str] | None = None,
        *,
        chunked: bool = False,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def lint(self, payload: Any) -> tuple[int, Any]:
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        status, _, body = self.request(
            "POST", "/v1/lint", raw, {"Content-Type": "application/json"}
        )
        return status, json.loads(body)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bsm_lint",
            "serve",
            "--port",
            str(port),
            "--max-body-bytes",
            str(LIMIT),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    c = Client(port)
    deadline = time.monotonic() + 90
    try:
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"server exited with {proc.returncode}:\n{out}")
            try:
                if c.request("GET", "/v1/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("server did not become healthy within 90 s")
            time.sleep(0.2)
        yield c
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def expected(linter: Linter, payload: dict[str, Any]) -> Any:
    """What the library says about the same JSON, serialised the library's way."""
    req = LintRequest.model_validate_json(json.dumps(payload))
    return json.loads(linter.lint(req.message, req.context).model_dump_json())


# -- reports ------------------------------------------------------------------------------


def test_health(client: Client, linter: Linter) -> None:
    status, headers, body = client.request("GET", "/v1/health")
    assert status == 200
    assert headers["content-type"] == "application/json"
    doc = json.loads(body)
    assert doc["status"] == "ok"
    assert doc["pack"] == linter.pack_info.model_dump()
    assert doc["rules"] == len(linter.rules) > 0


def test_clean_message_is_ok(client: Client, linter: Linter) -> None:
    body = "Thanks for your question: the blue cover fits the 40 cm frame as well."
    payload = {"message": {"body": body, "kind": "reply"}}
    status, doc = client.lint(payload)
    assert status == 200
    assert doc["ok"] is True
    assert doc["violations"] == []
    assert doc == expected(linter, payload)


def test_email_violation_matches_library(client: Client, linter: Linter) -> None:
    body = "Hello 😀 ünïcode first, then write to jane.doe@shop-example.com please"
    payload = {"message": {"body": body}, "context": None}
    status, doc = client.lint(payload)
    assert status == 200
    assert doc["ok"] is False
    [v] = [v for v in doc["violations"] if v["category"] == "contact-email"]
    # code-point offsets into the original text, as the library gives them
    assert body[v["start"] : v["end"]] == "jane.doe@shop-example.com"
    assert v["field"] == "body"
    assert doc == expected(linter, payload)


@pytest.mark.parametrize(
    "payload",
    [
        {"message": {"subject": "Call +1 415 555 0100", "body": "Visit www.example.com now"}},
        {
            "message": {"body": "Please leave us a 5-star review!", "kind": "proactive"},
            "context": {"message_type": "confirmDeliveryDetails", "marketplace": "us"},
        },
        {
            "message": {"body": "Schreiben Sie an info@laden.de", "language": "de-DE"},
            "context": {
                "latest_delivery": "2024-01-01T00:00:00Z",
                "now": "2024-03-01T00:00:00Z",
                "prior_messages": [{"sent_at": "2024-01-02T00:00:00+01:00"}],
            },
        },
    ],
)
def test_reports_equal_library(client: Client, linter: Linter, payload: dict[str, Any]) -> None:
    status, doc = client.lint(payload)
    assert status == 200
    assert doc == expected(linter, payload)
    assert doc["violations"], "each case is meant to find something"


def test_attachment_bytes_are_base64(client: Client, linter: Linter) -> None:
    data = base64.b64encode(b"Questions? Mail returns@shop-example.com").decode()
    payload = {
        "message": {"body": "Your invoice", "attachments": [{"file_name": "a.txt", "data": data}]}
    }
    status, doc = client.lint(payload)
    assert status == 200
    assert any(v["field"] == "attachment:0" for v in doc["violations"])
    assert doc == expected(linter, payload)


def test_concurrent_requests_share_one_linter(client: Client, linter: Linter) -> None:
    payloads = [
        {"message": {"body": f"Mail user{i}@shop.com or see shop{i}.com"}} for i in range(12)
    ]
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(client.lint, payloads))
    for payload, (status, doc) in zip(payloads, results, strict=True):
        assert status == 200
        assert doc == expected(linter, payload)


# -- limits and errors --------------------------------------------------------------------


def _padded(n: int) -> bytes:
    return json.dumps({"message": {"body": "a" * n}}).encode()


def test_413_with_content_length(client: Client) -> None:
    status, headers, body = client.request("POST", "/v1/lint", _padded(LIMIT + 10))
    assert status == 413
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["error"] == "request_too_large"


def test_413_chunked_without_content_length(client: Client) -> None:
    raw = _padded(LIMIT + 10)
    chunks = iter([raw[i : i + 1000] for i in range(0, len(raw), 1000)])
    status, _, body = client.request(
        "POST", "/v1/lint", chunks, {"Transfer-Encoding": "chunked"}, chunked=True
    )
    assert status == 413
    assert json.loads(body)["error"] == "request_too_large"


def test_chunked_body_under_limit_is_linted(client: Client, linter: Linter) -> None:
    payload = {"message": {"body": "Mail jane@shop.com"}}
    raw = json.dumps(payload).encode()
    chunks = iter([raw[:7], raw[7:20], raw[20:]])
    status, _, body = client.request(
        "POST", "/v1/lint", chunks, {"Transfer-Encoding": "chunked"}, chunked=True
    )
    assert status == 200
    assert json.loads(body) == expected(linter, payload)


def test_body_at_the_limit_is_accepted(client: Client) -> None:
    raw = _padded(0)
    raw = _padded(LIMIT - len(raw))
    assert len(raw) == LIMIT
    status, _, _ = client.request("POST", "/v1/lint", raw)
    assert status == 200


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b"", ""),
        (b"{not json", ""),
        (b'{"message": {"body": "x"}, "config": {}}', "config"),
        (b'{"message": {"body": "x", "colour": "red"}}', "message.colour"),
        (b'{"message": {"kind": "shout"}}', "message.kind"),
        (b'{"context": {}}', "message"),
        (b'{"message": {}, "context": {"now": "2024-01-01T00:00:00"}}', "context.now"),
        (b"[1, 2]", ""),
    ],
)
def test_422_on_invalid_input(client: Client, raw: bytes, where: str) -> None:
    status, doc = client.lint(raw)
    assert status == 422
    assert doc["error"] == "invalid_request"
    assert doc["details"]
    assert ".".join(doc["details"][0]["loc"]) == where
    assert "Traceback" not in json.dumps(doc)


def test_attachment_path_is_refused(client: Client) -> None:
    payload = {"message": {"attachments": [{"file_name": "p.txt", "path": "/etc/hostname"}]}}
    status, doc = client.lint(payload)
    assert status == 422
    msgs = [d["msg"] for d in doc["details"]]
    assert any("reads no files" in m for m in msgs)


def test_unknown_route_and_method_are_json(client: Client) -> None:
    status, headers, body = client.request("GET", "/v2/nothing")
    assert (status, json.loads(body)["error"]) == (404, "not_found")
    status, headers, body = client.request("GET", "/v1/lint")
    assert (status, json.loads(body)["error"]) == (405, "method_not_allowed")
    assert "POST" in headers["allow"]


# -- OpenAPI ------------------------------------------------------------------------------


def test_openapi_lists_lint_with_schemas(client: Client) -> None:
    status, _, body = client.request("GET", "/openapi.json")
    assert status == 200
    doc = json.loads(body)
    op = doc["paths"]["/v1/lint"]["post"]
    req = op["requestBody"]["content"]["application/json"]["schema"]
    assert req == {"$ref": "#/components/schemas/LintRequest"}
    ok = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Report"}
    assert {"413", "422", "503"} <= set(op["responses"])
    schemas = doc["components"]["schemas"]
    assert {"LintRequest", "Message", "Context", "Attachment", "Report", "Violation"} <= set(
        schemas
    )
    assert "path" not in schemas["Attachment"]["properties"]
    assert "ok" in schemas["Report"]["properties"]
    assert "/v1/health" in doc["paths"]
    assert doc == openapi_document()


def test_docs_ui_is_served(client: Client) -> None:
    status, _, body = client.request("GET", "/docs")
    assert status == 200
    assert b"openapi.json" in body


def test_committed_openapi_is_not_stale() -> None:
    assert not gen_openapi.stale(), "run: python scripts/gen_openapi.py"


# -- engine failures, mapped without a trace ------------------------------------------------


def _stub(exc: BaseException) -> Any:
    def fail(message: Message, context: Context | None = None) -> None:
        raise exc

    return SimpleNamespace(lint=fail, pack_info=PackInfo(id="p", version="1", hash="h"), rules=())


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (LintTimeout("BSM101", "body", 0.5), 503, "lint_timeout"),
        (InputError("attachment 'a.pdf': cannot read"), 422, "unreadable_input"),
        (ZeroDivisionError("secret internals"), 500, "internal_error"),
    ],
)
def test_engine_failures_become_json(exc: BaseException, status: int, code: str) -> None:
    resp = lint_body(_stub(exc), b'{"message": {"body": "x"}}')
    assert resp.status_code == status
    doc = json.loads(bytes(resp.body))
    assert doc["error"] == code
    assert "Traceback" not in doc["message"]
    assert "secret internals" not in doc["message"]


def test_health_answers_while_a_lint_runs() -> None:
    """Linting runs off the event loop: a slow lint does not hold up health checks."""
    import threading

    import uvicorn

    from bsm_lint import Report
    from bsm_lint.server import create_app

    started, release = threading.Event(), threading.Event()
    info = PackInfo(id="p", version="1", hash="h")

    def slow(message: Message, context: Context | None = None) -> Report:
        started.set()
        release.wait(30)
        return Report(pack=info)

    app = create_app(SimpleNamespace(lint=slow, pack_info=info, rules=()))  # type: ignore[arg-type]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        c = Client(server.config.port)
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(c.lint, {"message": {"body": "x"}})
            assert started.wait(30)
            status, _, body = c.request("GET", "/v1/health")
            assert (status, json.loads(body)["pack"]["id"]) == (200, "p")
            assert not pending.done()
            release.set()
            assert pending.result(timeout=30)[0] == 200
    finally:
        release.set()
        server.should_exit = True
        thread.join(timeout=30)


# -- the command --------------------------------------------------------------------------


def test_serve_without_the_extra_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)  # makes `import fastapi` fail
    monkeypatch.delitem(sys.modules, "bsm_lint.server", raising=False)
    monkeypatch.delattr(bsm_lint, "server", raising=False)
    # a pack that cannot load: should the import succeed after all, no server starts
    assert main(["serve", "--pack", str(ROOT / "no-such-pack")]) == 2
    assert "pip install 'bsm-lint[server]'" in capsys.readouterr().err


def test_serve_with_a_bad_pack_fails_before_binding(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--pack", str(ROOT / "no-such-pack"), "--port", "1"]) == 2
    assert "pack error" in capsys.readouterr().err


def test_import_does_not_load_the_framework() -> None:
    code = (
        "import sys, bsm_lint, bsm_lint.cli\n"
        "bad = {'fastapi', 'uvicorn', 'starlette', 'bsm_lint.server'} & set(sys.modules)\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
