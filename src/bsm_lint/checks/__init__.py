"""Check kinds, one module each. A rule's `check` key names one of `REGISTRY`."""

from __future__ import annotations

from .attachment_rules import (
    AttachmentContentCheck,
    AttachmentMismatchCheck,
    AttachmentSizeCheck,
    AttachmentTypeCheck,
)
from .base import Check, CheckOptions, CompileContext, Document, FieldView, Hit
from .contact_address import AddressCheck
from .contact_email import EmailCheck
from .contact_phone import PhoneCheck
from .context_dates import ReviewWindowCheck, WindowCheck
from .context_language import LanguageCheck
from .context_recipient import ImportantFlagCheck, OptedOutCheck
from .context_review import ReviewRepeatCheck
from .context_type import AttachmentCountCheck, MessageTypeCheck, TextLengthCheck
from .intent import IntentCheck
from .link import LinkCheck
from .pattern import PatternCheck
from .personal_data import PersonalDataCheck
from .proximity import ProximityCheck
from .purpose import PurposeCheck
from .social_handle import SocialHandleCheck
from .style import StyleCheck
from .template_placeholder import PlaceholderCheck

REGISTRY: dict[str, type[Check]] = {
    c.kind: c
    for c in (
        PatternCheck,
        ProximityCheck,
        EmailCheck,
        LinkCheck,
        PhoneCheck,
        SocialHandleCheck,
        AddressCheck,
        PersonalDataCheck,
        PlaceholderCheck,
        # message context and attachments (issue 5)
        WindowCheck,
        ReviewWindowCheck,
        ReviewRepeatCheck,
        OptedOutCheck,
        ImportantFlagCheck,
        MessageTypeCheck,
        TextLengthCheck,
        AttachmentCountCheck,
        LanguageCheck,
        AttachmentTypeCheck,
        AttachmentMismatchCheck,
        AttachmentSizeCheck,
        AttachmentContentCheck,
        # solicitation, marketing, purpose and style (issue 4)
        IntentCheck,
        PurposeCheck,
        StyleCheck,
    )
}

__all__ = ["REGISTRY", "Check", "CheckOptions", "CompileContext", "Document", "FieldView", "Hit"]
