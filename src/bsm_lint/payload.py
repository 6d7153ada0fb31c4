"""SP-API Messaging payloads as input: the JSON body of a send call plus its operation.

    from bsm_lint.payload import from_payload, lint_payload

    message, context = from_payload(
        '{"text": "Please confirm the colour.", "attachments": []}',
        "createConfirmOrderDetails",            # operationId, kind name, or request path
        files={"proof.pdf": Path("out/proof.pdf")},   # attachment bytes, by fileName
        context=Context(buyer_locale="de-DE"),
    )
    report = lint_payload(body, "confirmOrderDetails", files=Path("out/"))

The body is `{"text": ..., "attachments": [{"uploadDestinationId", "fileName"}]}` (warranty
also takes `coverageStartDate` / `coverageEndDate`). The API never carries the attachment
bytes (they went to S3 beforehand), so the caller says where they are: a mapping from
fileName (or uploadDestinationId) to bytes or a path, or a folder holding files named by
fileName. Malformed payloads raise `InputError`; an unknown operation does not (the
message-type rule reports it, with the known ones).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .checks.context_common import MessageTypes, parse_message_types
from .config import LintConfig
from .errors import InputError, PackError
from .model import Attachment, Context, Message, Report
from .packs.loader import Pack, load_pack, resolve_pack_ref

__all__ = [
    "PAYLOAD_KEYS",
    "from_payload",
    "lint_payload",
    "message_from_payload",
    "resolve_operation",
]

#: Keys a Messaging request body may have.
PAYLOAD_KEYS = frozenset({"text", "attachments", "coverageStartDate", "coverageEndDate"})
_ATTACHMENT_KEYS = frozenset({"uploadDestinationId", "fileName"})

Files = Mapping[str, bytes | Path | str] | Path | str

_tables: dict[str, MessageTypes] = {}
_tables_lock = threading.Lock()


def _message_types(pack: Pack | str | Path | None) -> MessageTypes:
    if isinstance(pack, Pack):
        data: Mapping[str, Any] = pack.data
    else:
        key = resolve_pack_ref(pack)
        cached = _tables.get(key)
        if cached is not None:
            return cached
        data = load_pack(pack).data
    try:
        table = parse_message_types(data)
    except ValueError as exc:
        raise PackError(str(exc)) from exc
    if not isinstance(pack, Pack):
        with _tables_lock:
            _tables[resolve_pack_ref(pack)] = table
    return table


def resolve_operation(operation: str, pack: Pack | str | Path | None = None) -> str:
    """The message kind an operation names: `createConfirmOrderDetails`,
    `confirmOrderDetails`, `CreateWarranty` or a request path ending in the kind. A name the
    pack does not know comes back as given (stripped), for the message-type rule to report."""
    name = operation.strip()
    if "/" in name:
        name = name.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    return _message_types(pack).resolve(name) or name


def _parse(payload: Mapping[str, Any] | str | bytes) -> Mapping[str, Any]:
    if isinstance(payload, str | bytes):
        try:
            payload = json.loads(payload)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"payload is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            ) from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"payload is not UTF-8 JSON: {exc}") from exc
    if not isinstance(payload, Mapping):
        raise InputError(f"payload must be a JSON object, not {type(payload).__name__}")
    unknown = sorted(set(payload) - PAYLOAD_KEYS)
    if unknown:
        raise InputError(
            f"payload has unknown key {unknown[0]!r} (a Messaging body has:"
            f" {', '.join(sorted(PAYLOAD_KEYS))})"
        )
    text = payload.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError(f"payload `text` must be a string, not {type(text).__name__}")
    for key in ("coverageStartDate", "coverageEndDate"):
        value = payload.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"payload `{key}` must be a date-time string")
    return payload


def _file_bytes(name: str, dest: str, files: Files | None) -> Attachment:
    where = f"attachment {name!r} (uploadDestinationId {dest!r})"
    if files is None:
        raise InputError(f"{where}: no bytes given; pass `files` (a mapping or a folder)")
    if isinstance(files, Mapping):
        found = files.get(name, files.get(dest))
        if found is None:
            raise InputError(f"{where}: not in `files` (looked up by fileName, then by id)")
        if isinstance(found, bytes):
            return Attachment(file_name=name, data=found)
        return Attachment(file_name=name, path=Path(found))
    folder = Path(files)
    if "/" in name or "\\" in name or name in (".", ".."):
        raise InputError(f"{where}: a fileName with a path cannot be looked up in a folder")
    path = folder / name
    if not path.is_file():
        raise InputError(f"{where}: {path} does not exist")
    return Attachment(file_name=name, path=path)


def _attachments(raw: object, files: Files | None) -> tuple[Attachment, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InputError("payload `attachments` must be a list")
    return tuple(
        _file_bytes(*attachment_ref(item, f"payload attachments[{i}]"), files)
        for i, item in enumerate(raw)
    )


def attachment_ref(item: object, where: str) -> tuple[str, str]:
    """`(fileName, uploadDestinationId)` of one SP-API attachment object, checked: the
    payload reader and the SP-API wrapper must refuse the same malformed bodies."""
    if not isinstance(item, Mapping):
        raise InputError(f"{where} must be an object")
    extra = sorted(set(item) - _ATTACHMENT_KEYS)
    if extra:
        raise InputError(f"{where} has unknown key {extra[0]!r}")
    name, dest = item.get("fileName"), item.get("uploadDestinationId")
    if not isinstance(name, str) or not name:
        raise InputError(f"{where} needs a `fileName` string")
    if not isinstance(dest, str) or not dest:
        raise InputError(f"{where} needs an `uploadDestinationId` string")
    return name, dest


def from_payload(
    payload: Mapping[str, Any] | str | bytes,
    operation: str,
    *,
    files: Files | None = None,
    context: Context | None = None,
    pack: Pack | str | Path | None = None,
) -> tuple[Message, Context]:
    """The Message and Context to lint for one Messaging call. The operation sets
    `context.message_type` (over any type `context` had); the message is proactive (the
    Messaging API cannot reply to a buyer). `pack` supplies the operation table."""
    body = _parse(payload)
    kind = resolve_operation(operation, pack)
    message = Message(
        body=body.get("text") or "",
        kind="proactive",
        attachments=_attachments(body.get("attachments"), files),
    )
    ctx = (context or Context()).model_copy(update={"message_type": kind})
    return message, ctx


def message_from_payload(
    operation: str,
    body: Mapping[str, Any] | str | bytes,
    *,
    context: Context | Mapping[str, Any] | None = None,
    attachments_dir: Path | None = None,
    pack: Pack | str | Path | None = None,
) -> tuple[Message, Context]:
    """`from_payload` for payload files: the context may be a plain mapping (validated here,
    so a naive date-time is an `InputError`), attachments are read from `attachments_dir`."""
    if context is not None and not isinstance(context, Context):
        try:
            context = Context.model_validate(context)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "context"
            raise InputError(f"context.{where}: {err['msg']}") from exc
    return from_payload(body, operation, files=attachments_dir, context=context, pack=pack)


def lint_payload(
    payload: Mapping[str, Any] | str | bytes,
    operation: str,
    *,
    files: Files | None = None,
    context: Context | None = None,
    pack: Pack | str | Path | None = None,
    config: LintConfig | None = None,
) -> Report:
    """`from_payload`, then `bsm_lint.lint` with the same pack and config."""
    from .engine import lint

    message, ctx = from_payload(payload, operation, files=files, context=context, pack=pack)
    return lint(message, ctx, pack=pack, config=config)
