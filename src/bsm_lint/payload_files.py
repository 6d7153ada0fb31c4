"""SP-API Messaging payloads kept as `.json` files, linted like templates.

A file holds the operation and the request body, and optionally the context:

    {"operation": "createConfirmOrderDetails",
     "body": {"text": "Your order ...", "attachments": [{"uploadDestinationId": "...",
                                                       "fileName": "invoice.pdf"}]},
     "context": {"marketplace": "DE"}}

Attachments are read from files of that name beside the payload when present. Findings in
the text point at the exact line and column inside the JSON string, escapes included.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import InputError
from .inputs import FileMessage, quoted_string_offsets
from .text import LineIndex


def _text_quote(raw: str, doc: dict[str, Any]) -> int | None:
    """Where the opening quote of body.text stands (the first `"text"` key's value)."""
    key = raw.find('"text"')
    while key >= 0:
        colon = raw.find(":", key + 6)
        quote = raw.find('"', colon + 1)
        if (
            colon >= 0
            and quote >= 0
            and raw[key + 6 : colon].strip() == ""
            and raw[colon + 1 : quote].strip() == ""
        ):
            return quote
        key = raw.find('"text"', key + 1)
    return None


def read_payload_file(path: Path, raw: str) -> FileMessage:
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
    if not isinstance(doc, dict) or "operation" not in doc or "body" not in doc:
        raise InputError(f'{path}: a payload file needs "operation" and "body" keys')
    try:
        from .payload import message_from_payload
    except ImportError as exc:  # pragma: no cover - shipped together
        raise InputError(f"{path}: SP-API payload support is not installed") from exc
    attachments_dir = path.parent
    message, context = message_from_payload(
        doc["operation"], doc["body"], context=doc.get("context"), attachments_dir=attachments_dir
    )
    text = doc["body"].get("text") if isinstance(doc["body"], dict) else None
    offsets: list[int] | None = None
    if isinstance(text, str):
        quote = _text_quote(raw, doc)
        if quote is not None:
            candidate = quoted_string_offsets(raw, quote)
            if len(candidate) == len(text) + 1:
                offsets = candidate
    return FileMessage(
        message,
        context,
        offsets={"body": offsets} if offsets else None,
        file_lines=LineIndex(raw) if offsets else None,
    )
