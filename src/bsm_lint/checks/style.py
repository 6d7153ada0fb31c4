"""`style`: the styling Amazon's guidelines forbid, read from the text as sent.

Emoji, GIFs, http images, runs of blank lines and HTML in a channel that takes
plain text are properties of characters and markup, not of words, so this kind works on
the ORIGINAL text (placeholders and suppression comments masked): normalisation would fold
the very blank lines and variation selectors it looks for. Emoji come from Unicode's own
properties (`Extended_Pictographic`, `Emoji_Presentation`), not from a hand-made list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from ..suppress import find_directive_spans
from ..templates import mask_spans
from .base import CheckOptions, Document, FieldView, MessageCheck, MessageHit

Feature = Literal["emoji", "gif", "line-breaks", "html", "http-image", "html-style"]

# An emoji and what clings to it: variation selector, joiner, skin tone, more pictographs
# (ZWJ sequences), regional indicators (flags); or a keycap.
_EMOJI = regex.compile(
    r"[\p{Extended_Pictographic}\p{Regional_Indicator}]"
    r"[\uFE0F\u200D\u20E3\p{Emoji_Modifier}\p{Extended_Pictographic}\p{Regional_Indicator}]*"
    r"|[0-9#*]\uFE0F?\u20E3"
)
# Pictographs that are ordinary typography when written without U+FE0F: symbols, arrows,
# check marks, the warning sign of safety notes.
_TEXT_SYMBOLS = frozenset("©®™‼⁉↔↕↖↗↘↙↩↪▪▫▶◀◻◼➡⬅⬆⬇⤴⤵〰〽ℹⓂ㊗㊙⌨⏏☑✔✖⚠")
_GIF = re.compile(r"[^\s\"'<>()\[\]]*\.gif(?![A-Za-z0-9])|data:image/gif", re.IGNORECASE)
# "No more than two line breaks in a row", read as a seller means it: a line break is an
# empty line between paragraphs (Enter pressed twice), so a finding needs three or more
# EMPTY lines in a row, i.e. four line ends with nothing but whitespace between them. In
# HTML, four <br> in a row (three empty lines) or three empty paragraphs in a row.
_BREAK = r"(?:\r\n|\r(?!\n)|(?<!\r)\n|\u2028|\u2029)"
_BREAKS_TEXT = re.compile(rf"{_BREAK}(?:[ \t\u00a0\u3000]*{_BREAK}){{3,}}")
_BR = r"<br\s{0,5}/?>"
_EMPTY_P = rf"<p(?:\s[^<>]{{0,200}})?>(?:\s|&nbsp;|&#160;|{_BR}){{0,20}}</p\s{{0,5}}>"
_BREAKS_HTML = re.compile(
    rf"{_BR}(?:\s{{0,20}}{_BR}){{3,}}|{_EMPTY_P}(?:\s{{0,20}}{_EMPTY_P}){{2,}}", re.IGNORECASE
)
_HTML = re.compile(
    r"</?(?:a|abbr|b|big|blockquote|body|br|center|code|div|em|font|h[1-6]|head|hr|html|i|"
    r"iframe|img|li|link|meta|ol|p|pre|s|script|small|span|strike|strong|style|sub|sup|table|"
    r"tbody|td|th|thead|title|tr|u|ul)(?:\s[^<>]{0,300})?/?>"
    r"|<!DOCTYPE[^<>]{0,100}>|<!--|&(?:nbsp|amp|lt|gt|quot|apos|copy|reg|#[0-9]{1,7}|"
    r"#[xX][0-9a-fA-F]{1,6});",
    re.IGNORECASE,
)
_HTTP_IMAGE = re.compile(
    r"<img\b[^<>]{0,500}?\bsrc\s*=\s*[\"']?\s*(http://[^\s\"'<>]+)"
    r"|!\[[^\]\n]{0,200}\]\(\s*(http://[^\s)]+)"
    r"|url\(\s*[\"']?(http://[^\s\"')]+)"
    r"|(http://[^\s\"'<>()]+?\.(?:png|jpe?g|gif|bmp|webp|svg|tiff?))(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_HTML_STYLE = re.compile(
    r"text-align\s*:\s*center|<center\b|font-family\s*:|<font\b|line-height\s*:"
    r"|(?<![\w-])color\s*:|font-size\s*:",
    re.IGNORECASE,
)


class StyleOptions(CheckOptions):
    feature: Feature
    fields: tuple[Literal["subject", "body"], ...] = ("subject", "body")
    #: At most this many findings per message (`html` reports only its first).
    max_findings: int = Field(default=20, ge=1, le=1000)


class StyleCheck(MessageCheck):
    kind = "style"
    Options = StyleOptions
    options: StyleOptions

    def run_message(self, doc: Document) -> Iterator[MessageHit]:
        feature = self.options.feature
        html_body = doc.message.format == "html"
        if feature == "html" and html_body and doc.context.message_type is None:
            return  # the email path: HTML is the format, the styling rules apply instead
        if feature == "html-style" and not html_body:
            return
        n = 0
        for f in doc.fields:
            if f.name not in self.options.fields or not f.original:
                continue
            html = f.name == "body" and html_body
            if not _may_have(feature, f, html):
                continue
            text = _masked(f)
            for s, e in self._spans(feature, text, html):
                yield MessageHit(f.name, s, e)
                n += 1
                if n >= self.options.max_findings or feature == "html":
                    return

    def _spans(self, feature: str, text: str, html: bool) -> Iterator[tuple[int, int]]:
        if feature == "emoji":
            if text.isascii():
                return
            for em in _EMOJI.finditer(text, timeout=self.timeout):
                s, e = em.span()
                if e - s == 1 and text[s] in _TEXT_SYMBOLS:
                    continue  # typographic when not asked to show as emoji (no U+FE0F)
                yield s, e
            return
        if feature == "http-image":
            for m in _HTTP_IMAGE.finditer(text):
                g = next(i for i in range(1, 5) if m.group(i) is not None)
                yield m.span(g)
            return
        rx = {
            "gif": _GIF,
            "line-breaks": _BREAKS_HTML if html else _BREAKS_TEXT,
            "html": _HTML,
            "html-style": _HTML_STYLE,
        }[feature]
        for m in rx.finditer(text):
            yield m.span()


def _may_have(feature: str, f: FieldView, html: bool) -> bool:
    """A cheap test that rules the feature out for most messages (style checks are message
    checks: the engine's keyword prefilter does not gate them)."""
    original = f.original
    if feature == "emoji":
        return not original.isascii()
    if feature == "line-breaks":
        if html:
            return "<br" in f.lower or "</p" in f.lower
        return original.count("\n") + original.count("\r") >= 4
    if feature == "html":
        return "<" in original or "&" in original
    if feature == "gif":
        return "gif" in f.lower
    if feature == "http-image":
        return "http://" in f.lower
    return html  # html-style


def _masked(f: FieldView) -> str:
    """The original text with placeholders and suppression comments masked, offsets kept."""
    spans = [(p.start, p.end) for p in f.placeholders] + find_directive_spans(f.original)
    return mask_spans(f.original, spans) if spans else f.original
