"""A python-amazon-sp-api `Messaging` client that lints every message before it is sent.

    from sp_api.api import Messaging
    from bsm_lint.integrations.spapi import GuardedMessaging

    messaging = GuardedMessaging(Messaging(credentials=..., marketplace=...), resolver=files.get)
    messaging.create_confirm_order_details(order_id, body={"text": "..."})

Each send operation is linted with its message type, its text and its attachments before
the client is called: a blocked send raises `ComplianceError` and makes no request at all; an
allowed (or warned) one calls the real method with exactly the arguments given and returns
its result untouched. Read operations (`get_messaging_actions_for_order`, `get_attributes`)
and every other attribute pass straight through. An operation of the client that this module
does not know is treated as undecidable (the policy's `on_error`, block by default), so a
new send operation in a later library version cannot slip past unlinted.

SP-API attachments are references to files uploaded beforehand (`uploadDestinationId`,
`fileName`), not bytes. A `resolver` maps a reference to the bytes (or a path); without one,
or when it returns None or fails, the attachment is judged by what the body says (its name,
and the count) and its content counts as unjudged: blocked by default
(`GuardPolicy.on_unjudged`).

python-amazon-sp-api is not imported here: any object with the `Messaging` method names works,
which keeps `import bsm_lint` free of it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine import Linter
from ..errors import InputError
from ..model import Attachment, Context, Message
from ..payload import PAYLOAD_KEYS, attachment_ref
from ..presend import ComplianceError, Decision, Guard, GuardPolicy

__all__ = [
    "READ_OPERATIONS",
    "SEND_OPERATIONS",
    "AttachmentRef",
    "GuardedMessaging",
    "SendRequest",
]

log = logging.getLogger(__name__)

#: Every send method of `sp_api.api.Messaging` (python-amazon-sp-api 2.1.35) and the message
#: type (the pack's `message_types` key) it sends. The last two were removed from the API
#: model; the pack's message-type rule says so.
SEND_OPERATIONS: Mapping[str, str] = {
    "confirm_customization_details": "confirmCustomizationDetails",
    "create_confirm_delivery_details": "confirmDeliveryDetails",
    "create_confirm_order_details": "confirmOrderDetails",
    "create_confirm_service_details": "confirmServiceDetails",
    "create_unexpected_problem": "unexpectedProblem",
    "create_digital_access_key": "digitalAccessKey",
    "create_legal_disclosure": "legalDisclosure",
    "create_warranty": "warranty",
    "send_invoice": "invoice",
    "create_negative_feedback_removal": "negativeFeedbackRemoval",
    "create_amazon_motors": "amazonMotors",
}

#: Operations that send nothing to a buyer: passed through untouched.
READ_OPERATIONS = frozenset({"get_messaging_actions_for_order", "get_attributes"})

#: Keys the library itself adds to a POST body (it updates the dict in place), so a body
#: dict reused for a second call carries them.
_LIBRARY_KEYS = frozenset({"marketplaceIds", "MarketplaceIds"})
#: The library's marketplace names that differ from the codes the pack uses.
_MARKET_CODES = {"GB": "UK"}


@dataclass(frozen=True)
class AttachmentRef:
    """One attachment of a send, as the body names it, for the resolver."""

    upload_destination_id: str
    file_name: str
    order_id: str
    operation: str


@dataclass(frozen=True)
class SendRequest:
    """One send about to be made, for the context provider and `on_decision`."""

    operation: str
    message_type: str
    order_id: str | None
    body: Any
    marketplace_id: str | None


Resolver = Callable[[AttachmentRef], bytes | Path | str | None]
ContextProvider = Callable[[SendRequest], Context | None]


class GuardedMessaging:
    """Wraps a `sp_api.api.Messaging` client; see the module docstring.

    `context`: a `Context`, or a callable given the `SendRequest` that returns one (order
    dates, prior messages...). A call may pass its own with the keyword `lint_context=`,
    which is removed before the client is called and wins over `context`. The message type
    always comes from the operation; the marketplace, when the context has none, from the
    client. `on_decision` is called with every request and its decision before the send
    (or the raise), for audit logs."""

    def __init__(
        self,
        client: Any,
        *,
        linter: Linter | None = None,
        policy: GuardPolicy | None = None,
        resolver: Resolver | None = None,
        context: Context | ContextProvider | None = None,
        on_decision: Callable[[SendRequest, Decision], None] | None = None,
    ) -> None:
        self.client = client
        self.guard = Guard(linter, policy)
        self.resolver = resolver
        self.context = context
        self.on_decision = on_decision

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not defined on the wrapper itself.
        if name in SEND_OPERATIONS:
            return self._sender(name, SEND_OPERATIONS[name])
        value = getattr(self.client, name)
        if name in READ_OPERATIONS or not _is_operation(self.client, name, value):
            return value
        return self._unknown(name)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *dir(self.client)})

    # -- sending -------------------------------------------------------------------------

    def _sender(self, name: str, message_type: str) -> Callable[..., Any]:
        def send(*args: Any, **kwargs: Any) -> Any:
            lint_context = kwargs.pop("lint_context", None)
            decision = self.judge(name, args, kwargs, lint_context)
            if decision.blocked:
                raise ComplianceError(decision)
            if decision.action == "warn":
                log.warning("%s sent with warnings: %s", name, "; ".join(decision.reasons))
            return getattr(self.client, name)(*args, **kwargs)

        send.__name__ = name
        send.__doc__ = f"`{name}` of the client, linted first as message type {message_type}."
        return send

    def _unknown(self, name: str) -> Callable[..., Any]:
        def send(*args: Any, **kwargs: Any) -> Any:
            kwargs.pop("lint_context", None)
            exc = InputError(
                f"{name} is a Messaging operation this bsm-lint version does not know, so it"
                " was not linted; call it on `.client` to bypass the guard deliberately"
            )
            decision = self.guard.fail(exc)
            if decision.blocked:
                raise ComplianceError(decision)
            return getattr(self.client, name)(*args, **kwargs)

        send.__name__ = name
        return send

    def judge(
        self,
        operation: str,
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
        lint_context: Context | None = None,
    ) -> Decision:
        """The decision for `client.<operation>(*args, **kwargs)`, without sending."""
        message_type = SEND_OPERATIONS.get(operation)
        order_id = args[0] if args else kwargs.get("order_id")
        request = SendRequest(
            operation=operation,
            message_type=message_type or "",
            order_id=str(order_id) if order_id is not None else None,
            body=kwargs.get("body"),
            marketplace_id=getattr(self.client, "marketplace_id", None),
        )
        try:
            if message_type is None:
                raise InputError(f"{operation} is not a Messaging send operation")
            if "body" not in kwargs:
                raise InputError(f"{operation}: no `body=` given")
            message, unjudged, name_only = self._message(request)
            context = self._context(request, lint_context)
        except Exception as exc:  # a body or context we cannot read is undecidable
            decision = self.guard.fail(exc)
        else:
            decision = self.guard.check(message, context, unjudged=unjudged, name_only=name_only)
        if self.on_decision is not None:
            self.on_decision(request, decision)
        return decision

    def _message(self, request: SendRequest) -> tuple[Message, list[str], list[int]]:
        body = request.body
        if not isinstance(body, Mapping):
            raise InputError(f"body must be a JSON object (a dict), not {type(body).__name__}")
        unknown = sorted(set(body) - PAYLOAD_KEYS - _LIBRARY_KEYS)
        if unknown:
            raise InputError(f"body has unknown key {unknown[0]!r}: it would not be linted")
        text = body.get("text")
        if text is not None and not isinstance(text, str):
            raise InputError(f"body `text` must be a string, not {type(text).__name__}")
        raw = body.get("attachments") or []
        if not isinstance(raw, list | tuple):
            raise InputError("body `attachments` must be a list")
        attachments: list[Attachment] = []
        unjudged: list[str] = []
        name_only: list[int] = []
        for i, item in enumerate(raw):
            ref = self._ref(i, item, request)
            data = None
            if self.resolver is not None:
                try:
                    data = self.resolver(ref)
                except Exception as exc:  # judged by name only, and said so
                    unjudged.append(
                        f"attachment:{i} {ref.file_name!r}: resolver failed:"
                        f" {type(exc).__name__}: {exc}"
                    )
            if data is None:
                name_only.append(i)
                attachments.append(Attachment(file_name=ref.file_name, data=b""))
            elif isinstance(data, bytes):
                attachments.append(Attachment(file_name=ref.file_name, data=data))
            else:
                attachments.append(Attachment(file_name=ref.file_name, path=Path(data)))
        message = Message(body=text or "", kind="proactive", attachments=tuple(attachments))
        return message, unjudged, name_only

    @staticmethod
    def _ref(i: int, item: object, request: SendRequest) -> AttachmentRef:
        name, dest = attachment_ref(item, f"body attachments[{i}]")
        return AttachmentRef(
            upload_destination_id=dest,
            file_name=name,
            order_id=request.order_id or "",
            operation=request.operation,
        )

    def _context(self, request: SendRequest, given: Context | None) -> Context:
        if given is not None and not isinstance(given, Context):
            raise TypeError(f"lint_context must be a bsm_lint.Context, not {type(given).__name__}")
        base = given
        if base is None:
            source = self.context
            base = source if isinstance(source, Context) or source is None else source(request)
            if base is not None and not isinstance(base, Context):
                raise TypeError(
                    f"the context provider returned {type(base).__name__}, not a Context"
                )
        update: dict[str, Any] = {"message_type": request.message_type}
        base = base or Context()
        if base.marketplace is None:
            update["marketplace"] = _market_code(request.marketplace_id)
        return base.model_copy(update=update)


def _is_operation(client: Any, name: str, value: Any) -> bool:
    """A public API method of the client's own class (the library decorates each with
    `functools.wraps`, which leaves `__wrapped__`)."""
    if name.startswith("_") or not callable(value):
        return False
    own = type(client).__dict__.get(name)
    return own is not None and hasattr(own, "__wrapped__")


@functools.cache
def _market_code(marketplace_id: str | None) -> str | None:
    """The country code of a marketplace id (`A1PA6795UKMFR9` -> `DE`), from the library."""
    if not marketplace_id:
        return None
    try:
        from sp_api.base import Marketplaces
    except ImportError:  # not the real library: the context may still give the marketplace
        return None
    for m in Marketplaces:
        if m.marketplace_id == marketplace_id:
            name = str(m.name)
            return _MARKET_CODES.get(name, name)
    return None
