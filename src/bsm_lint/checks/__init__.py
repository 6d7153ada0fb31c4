"""Check kinds, one module each. A rule's `check` key names one of `REGISTRY`."""

from __future__ import annotations

from .base import Check, CheckOptions, CompileContext, Document, FieldView, Hit
from .contact_email import EmailCheck
from .link import LinkCheck
from .pattern import PatternCheck
from .proximity import ProximityCheck

REGISTRY: dict[str, type[Check]] = {
    c.kind: c for c in (PatternCheck, ProximityCheck, EmailCheck, LinkCheck)
}

__all__ = ["REGISTRY", "Check", "CheckOptions", "CompileContext", "Document", "FieldView", "Hit"]
