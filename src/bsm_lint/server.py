"""The HTTP service behind `bsm-lint serve`, for seller tools not written in Python.

`POST /v1/lint` takes `{"message": ..., "context": ...}` (the model's own JSON) and answers
with the `Report` exactly as `Report.model_dump_json()` writes it. Needs the `server` extra
(FastAPI and uvicorn); `import bsm_lint` never imports this module.

Design choices (docs/server.md says more):

- One `Linter`, compiled before the socket is bound, shared by every request. The policy
  (pack, config) belongs to whoever runs the service, so a request cannot change it; that also
  keeps compilation, which costs far more than a lint, off the request path.
- The body is read, and its size limit enforced, before any parsing: `BodyLimit` answers 413 on
  an announced `Content-Length` over the limit without reading, and on a chunked body as soon
  as the bytes received pass it.
- The request is parsed with pydantic in JSON mode (`model_validate_json`), not FastAPI's
  python-mode validation, so attachment bytes are base64 as everywhere else in the JSON API.
- Linting is CPU-bound and holds the GIL: it runs in a worker thread, one at a time per process
  (`CapacityLimiter(1)`), so the event loop stays free for health checks and new connections,
  and a queue of requests cannot inflate the wall-clock regex budget of the one running.
  Parallelism comes from `--workers` (processes).
- Attachments come as bytes only: the service never reads a `path` from its own disk.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from pathlib import Path
from typing import Any, Literal

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.json_schema import SkipJsonSchema
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from . import __version__
from .config_file import FileConfig, load_config_file
from .engine import DEFAULT_TIMEOUT, Linter
from .errors import BsmLintError, InputError, LintTimeout
from .model import Attachment as _Attachment
from .model import Context, PackInfo, Report
from .model import Message as _Message
from .packs.loader import load_pack, merge_packs

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "ErrorBody",
    "Health",
    "LintRequest",
    "ServeSettings",
    "app_from_env",
    "build_linter",
    "create_app",
    "openapi_document",
    "serve",
]

log = logging.getLogger("bsm_lint.server")

#: Room for the largest attachment set Amazon takes (10 MB, about 13.4 MB in base64) and text.
DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024
#: How `serve --workers N` hands its settings to the worker processes uvicorn spawns.
SETTINGS_ENV = "BSM_LINT_SERVE_SETTINGS"
JSON_TYPE = "application/json"


# -- settings and the shared Linter ---------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ServeSettings:
    """What fixes the service's policy and limits; plain data so it crosses process bounds."""

    pack: str | None = None
    config: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServeSettings:
        return cls(**json.loads(text))


def build_linter(settings: ServeSettings) -> Linter:
    """The one Linter of a process: the config file's rules and packs, as `check` reads them.
    Raises `ConfigError` / `PackError`, so `serve` fails before it binds a socket."""
    fc = load_config_file(Path(settings.config)) if settings.config else FileConfig()
    pack = load_pack(settings.pack or fc.pack, strict=True)
    pack = merge_packs(pack, *(load_pack(p, strict=True) for p in fc.extra_packs))
    return Linter(pack, fc.lint_config(), timeout=settings.timeout)


# -- the wire models ------------------------------------------------------------------------


class Attachment(_Attachment):
    """An attachment as the service takes it: its bytes, base64 in JSON; never a path."""

    data: bytes = Field(description="The file's bytes, base64-encoded.")
    path: SkipJsonSchema[None] = None

    @field_validator("path", mode="before")
    @classmethod
    def _no_path(cls, v: object) -> None:
        if v is not None:
            raise ValueError("the service reads no files: send the bytes in `data` (base64)")
        return


class Message(_Message):
    """A draft message or template, as the buyer would receive it."""

    attachments: tuple[Attachment, ...] = ()


class LintRequest(BaseModel):
    """The body of `POST /v1/lint`: a message and, when known, its context."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    message: Message
    context: Context | None = None


class ErrorBody(BaseModel):
    """Every error the service answers with: a stable code, a sentence, and details."""

    error: str = Field(description="Stable code, e.g. `invalid_request`, `request_too_large`.")
    message: str
    details: list[dict[str, Any]] = Field(default_factory=list)


class Health(BaseModel):
    """What `GET /v1/health` says: up, and which rules it applies."""

    status: Literal["ok"] = "ok"
    version: str = Field(description="bsm-lint version.")
    pack: PackInfo
    rules: int = Field(description="Number of active rules.")


def _error(
    status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
) -> Response:
    body = ErrorBody(error=code, message=message, details=details or [])
    return Response(body.model_dump_json(), status_code=status, media_type=JSON_TYPE)


#: At most this many validation errors are listed; the rest are counted.
_MAX_DETAILS = 20


def _invalid(exc: ValidationError) -> Response:
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    details = [
        {"loc": [str(p) for p in e["loc"]], "type": e["type"], "msg": e["msg"]}
        for e in errors[:_MAX_DETAILS]
    ]
    first = details[0]
    where = ".".join(first["loc"]) or "body"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return _error(422, "invalid_request", f"{where}: {first['msg']}{more}", details)


def lint_body(linter: Linter, body: bytes) -> Response:
    """Parse, lint, serialise: everything CPU-bound about one request, run off the loop.
    Never raises: every failure becomes a JSON error without a stack trace."""
    try:
        req = LintRequest.model_validate_json(body)
    except ValidationError as exc:
        return _invalid(exc)
    try:
        report = linter.lint(req.message, req.context)
    except LintTimeout as exc:
        return _error(503, "lint_timeout", str(exc))
    except InputError as exc:
        return _error(422, "unreadable_input", str(exc))
    except BsmLintError as exc:
        log.exception("engine error")
        return _error(500, "engine_error", str(exc))
    except Exception:
        log.exception("unexpected error while linting")
        return _error(500, "internal_error", "the linter failed on this input; see the logs")
    return Response(report.model_dump_json(), media_type=JSON_TYPE)


# -- the body limit -------------------------------------------------------------------------


class BodyLimit:
    """ASGI middleware: read the whole body before the app does, and refuse it (413) once
    it passes `max_bytes`, announced or not. The app then gets it in one message."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared == -1:
            await _send(send, _error(400, "bad_request", "invalid Content-Length header"))
            return
        if declared is not None and declared > self.max_bytes:
            await _send(send, self._too_large())
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _send(send, self._too_large())
                return
            chunks.append(chunk)
            if not msg.get("more_body", False):
                break
        replayed = False

        async def replay() -> AsgiMessage:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _too_large(self) -> Response:
        resp = _error(
            413,
            "request_too_large",
            f"the request body is larger than the limit of {self.max_bytes} bytes",
        )
        resp.headers["Connection"] = "close"  # the rest of the body is never read
        return resp


def _content_length(scope: Scope) -> int | None:
    """The announced body size; None when not announced, -1 when unreadable."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                n = int(value)
            except ValueError:
                return -1
            return n if n >= 0 else -1
    return None


async def _send(send: Send, resp: Response) -> None:
    await send(
        {"type": "http.response.start", "status": resp.status_code, "headers": resp.raw_headers}
    )
    await send({"type": "http.response.body", "body": resp.body})


# -- the app --------------------------------------------------------------------------------

_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorBody, "description": "The body is over the size limit."},
    422: {"model": ErrorBody, "description": "The body is not valid JSON or not a LintRequest."},
    500: {"model": ErrorBody, "description": "The engine failed (`engine_error`)."},
    503: {"model": ErrorBody, "description": "A rule hit its time budget (`lint_timeout`)."},
}

DESCRIPTION = (
    "Lints Amazon buyer-seller messages for policy compliance. `POST /v1/lint` takes a"
    " message and its context and returns the report: each violation with its rule, category,"
    " severity and code-point offsets into the original field. A non-2xx answer means the"
    " service could not decide: a pre-send hook should then block (fail closed)."
)


def create_app(linter: Linter, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> FastAPI:
    """The ASGI app around one compiled `Linter` (for uvicorn, or any ASGI server)."""
    app = FastAPI(
        title="bsm-lint",
        version=__version__,
        description=DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
    )
    limiter: list[anyio.CapacityLimiter] = []  # made on first use: it needs a running loop
    health = Health(version=__version__, pack=linter.pack_info, rules=len(linter.rules))
    health_json = health.model_dump_json()

    @app.post(
        "/v1/lint",
        response_model=Report,
        responses=_ERRORS,
        summary="Lint one message",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {JSON_TYPE: {"schema": {"$ref": "#/components/schemas/LintRequest"}}},
            }
        },
    )
    async def lint(request: Request) -> Response:
        body = await request.body()
        if not limiter:
            limiter.append(anyio.CapacityLimiter(1))
        return await anyio.to_thread.run_sync(lint_body, linter, body, limiter=limiter[0])

    @app.get("/v1/health", response_model=Health, summary="Liveness and the active pack")
    async def get_health() -> Response:
        return Response(health_json, media_type=JSON_TYPE)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        resp = _error(exc.status_code, code, str(exc.detail))
        if exc.headers:
            resp.headers.update(exc.headers)
        return resp

    async def internal_error(request: Request, exc: Exception) -> Response:
        return _error(500, "internal_error", "internal error; see the service's logs")

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, internal_error)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _with_request_schema(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _with_request_schema(doc: dict[str, Any]) -> dict[str, Any]:
    """Add `LintRequest` (parsed by hand, so FastAPI does not see it) to the components."""
    schema = LintRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    components: dict[str, Any] = doc.setdefault("components", {}).setdefault("schemas", {})
    for name, sub in {**schema.pop("$defs", {}), "LintRequest": schema}.items():
        if name in components and components[name] != sub:
            raise RuntimeError(f"OpenAPI component {name!r} defined twice")
        components[name] = sub
    doc["components"]["schemas"] = dict(sorted(components.items()))
    return doc


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the default pack's service (what schemas/ keeps a copy of);
    the document does not depend on the pack."""
    return create_app(Linter()).openapi()


def app_from_env() -> FastAPI:
    """uvicorn factory for worker processes: settings from `BSM_LINT_SERVE_SETTINGS`."""
    settings = ServeSettings.from_json(os.environ.get(SETTINGS_ENV, "{}"))
    return create_app(build_linter(settings), max_body_bytes=settings.max_body_bytes)


def serve(
    settings: ServeSettings, *, host: str = "127.0.0.1", port: int = 8080, workers: int = 1
) -> int:
    """Compile the pack, then run uvicorn until interrupted. Returns an exit code."""
    import uvicorn

    linter = build_linter(settings)  # fail on a bad pack or config before binding
    common: dict[str, Any] = {"host": host, "port": port, "server_header": False}
    try:
        if workers <= 1:
            uvicorn.run(create_app(linter, max_body_bytes=settings.max_body_bytes), **common)
        else:
            os.environ[SETTINGS_ENV] = settings.to_json()
            uvicorn.run("bsm_lint.server:app_from_env", factory=True, workers=workers, **common)
    except SystemExit as exc:  # uvicorn exits 1 when it cannot bind
        return 2 if exc.code else 0
    return 0
