"""The violation categories: the stable contract every rule maps to (see docs/taxonomy.md).

Rule codes may be renamed or split; categories change only with a major version.
"""

from __future__ import annotations

CATEGORIES: dict[str, str] = {
    "contact-email": "an email address, plain or disguised",
    "contact-phone": "a phone number, any country, digits or words, vanity numbers",
    "contact-address": "a physical street address of the seller",
    "contact-social": "a social-media or chat handle or profile",
    "off-platform": "asks the buyer to communicate or transact outside Amazon",
    "personal-data": "personal data that must not travel in a message (card numbers, IBAN...)",
    "link-insecure": "a link that is not https",
    "link-unnecessary": "a link not on the allow list of links needed to complete the order",
    "link-storefront": "a link to an Amazon product or store page, or the seller's own site",
    "link-shortener": "a link through a shortener or redirector that hides its destination",
    "link-optout": "an unsubscribe or opt-out link",
    "review-positive-bias": "a review or feedback request that steers to a positive rating",
    "review-incentive": "anything offered in exchange for a review or feedback",
    "review-change-or-remove": "asks to change or remove a review, or pressures about feedback",
    "feedback-diversion": "asks unhappy buyers to contact the seller instead of reviewing",
    "review-repeat": "a second review or feedback request for the same order",
    "review-window": "a review request outside the 5-to-30-days-after-delivery window",
    "marketing": "promotion, coupons, cross-selling, newsletters, 'follow us'",
    "thanks-only": "a proactive message whose only purpose is to thank or offer help",
    "duplicate-notification": "repeats an order, shipment or delivery confirmation",
    "cancel-request": "asks the buyer to cancel an order the seller cannot fill",
    "important-flag-misuse": "[Important] in the subject of a message that is not critical",
    "opted-out": "a non-critical proactive message to a buyer who opted out",
    "window-expired": "a proactive message more than 30 days after order completion",
    "message-type": "the message type is unknown, removed, or does not fit the content",
    "text-length": "text longer than the message type allows",
    "language-mismatch": "text not in the buyer's language of preference",
    "attachment-type": "an attachment whose real content type is not allowed",
    "attachment-mismatch": "an attachment whose extension does not match its content",
    "attachment-size": "attachments over the size limit",
    "attachment-count": "more attachments than the message type allows",
    "attachment-content": "an attachment with active content, links or contact details",
    "style-emoji": "emoji or emoticon images in the text",
    "style-format": "styling the guidelines forbid",
    "template-placeholder": "a placeholder whose name would insert contact details or a link",
    "template-syntax": "a template that cannot be read",
}

#: Contact details and links: the categories a leaked address or an unneeded link falls in.
#: Benchmarks and the case-file checks measure this group on its own.
CONTACT_AND_LINK_CATEGORIES: tuple[str, ...] = (
    "contact-email",
    "contact-phone",
    "contact-address",
    "contact-social",
    "off-platform",
    "personal-data",
    "link-insecure",
    "link-unnecessary",
    "link-storefront",
    "link-shortener",
    "link-optout",
    "template-placeholder",
)
