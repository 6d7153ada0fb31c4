"""Styling: emoji from Unicode properties, GIFs, blank-line runs, HTML where the channel takes
plain text, http images, style overrides. Offsets point into the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bsm_lint import Context, Linter, Message

LINTER = Linter()


def _found(
    body: str,
    code: str,
    *,
    fmt: str = "text",
    subject: str | None = None,
    ctx: Context | None = None,
) -> list[str]:
    msg = Message(body=body, format=fmt, subject=subject)  # type: ignore[arg-type]
    return [v.match for v in LINTER.lint(msg, ctx, only=code).violations]


@pytest.mark.parametrize(
    ("text", "emoji"),
    [
        ("Thanks 😊", "😊"),
        ("We love you ❤️!", "❤️"),  # text-default heart asked to show as emoji
        ("Team 👩\u200d💻 at work", "👩\u200d💻"),  # a ZWJ sequence is one finding
        ("Made in 🇩🇪.", "🇩🇪"),
        ("Thumbs 👍🏽 up", "👍🏽"),
        ("Press 1️⃣ to start", "1️⃣"),
        ("Sun ☀ today", "☀"),
    ],
)
def test_emoji_spans(text: str, emoji: str) -> None:
    assert _found(text, "BSM380") == [emoji]


@pytest.mark.parametrize(
    "text",
    [
        "Brand® and Gadget™ ©2024",
        "Step 1 → Step 2",
        "✔ Charger included",
        "★★★★★",
        "Price: 10 €",
        "⚠ Hot surface",
    ],
)
def test_typographic_symbols_are_not_emoji(text: str) -> None:
    assert _found(text, "BSM380") == []


def test_emoji_in_subject_and_offsets_in_the_original() -> None:
    body = "Ｈｅｌｌｏ 🎉 there"
    msg = Message(subject="Your gift 🎁", body=body)
    vs = LINTER.lint(msg, only="BSM380").violations
    assert [(v.field, v.match) for v in vs] == [("subject", "🎁"), ("body", "🎉")]
    assert body[vs[1].start : vs[1].end] == "🎉"


def test_emoji_inside_a_placeholder_name_is_ignored() -> None:
    assert _found("Hello {{name_😊}}", "BSM380") == []


def test_gif_images() -> None:
    assert _found("See https://cdn.example.com/a/setup.GIF now", "BSM382") == [
        "https://cdn.example.com/a/setup.GIF"
    ]
    assert _found('<img src="data:image/gif;base64,R0lG">', "BSM382", fmt="html") == [
        "data:image/gif"
    ]
    assert _found("Send a photo as JPG or GIF. A gift is included.", "BSM382") == []


def test_line_breaks_are_empty_lines_counted_in_the_original_text() -> None:
    # "No more than two line breaks in a row": at most two EMPTY lines (three newlines).
    assert _found("a\n\nb", "BSM383") == []
    assert _found("a\n\n\nb", "BSM383") == []
    assert _found("a\n\n\n\nb", "BSM383") == ["\n\n\n\n"]
    assert _found("a\r\n\r\n\r\nb", "BSM383") == []
    assert _found("a\r\n \r\n\t\r\n\r\nb", "BSM383") == ["\r\n \r\n\t\r\n\r\n"]
    assert _found("a\n\u3000\n\u00a0\n \nb", "BSM383") == ["\n\u3000\n\u00a0\n \n"]
    # A line with text breaks the run.
    assert _found("a\n\nb\n\nc\n\nd", "BSM383") == []


def test_line_breaks_in_html() -> None:
    assert _found("<p>a</p><br><br/><br />", "BSM383", fmt="html") == []
    assert _found("<p>a</p><br><br/><br /> <br>", "BSM383", fmt="html") == ["<br><br/><br /> <br>"]
    empty3 = '<p></p>\n<p class="x">&nbsp;</p><p><br></p>'
    assert _found(f"<p>a</p>{empty3}<p>b</p>", "BSM383", fmt="html") == [empty3]
    assert _found("<p>a</p><p></p><p>&nbsp;</p><p>b</p>", "BSM383", fmt="html") == []
    # In HTML, source newlines do not render.
    assert _found("<p>a</p>\n\n\n\n\n<p>b</p>", "BSM383", fmt="html") == []


def test_html_only_where_the_channel_takes_none() -> None:
    assert _found("Your order is <b>ready</b>.", "BSM384") == ["<b>"]
    assert _found("Hi&nbsp;there", "BSM384") == ["&nbsp;"]
    assert _found("<p>Hello</p>", "BSM384", fmt="html") == []
    api = Context(message_type="confirmDeliveryDetails")
    assert _found("<p>Hello</p>", "BSM384", fmt="html", ctx=api) == ["<p>"]
    assert _found("Sizes S < M < L; Tom & Jerry; 3<5", "BSM384") == []


def test_html_suppression_comments_are_not_markup() -> None:
    body = "<!-- bsm-lint-disable-next-line BSM101 -- tested -->\nHello"
    assert _found(body, "BSM384") == []


def test_http_images() -> None:
    html = (
        '<img alt="x" src="http://cdn.example.com/a.png"><img src="https://ok.example.com/b.png">'
    )
    assert _found(html, "BSM385", fmt="html") == ["http://cdn.example.com/a.png"]
    assert _found("![x](http://example.com/a.jpg) and http://example.com/b.jpeg.", "BSM385") == [
        "http://example.com/a.jpg",
        "http://example.com/b.jpeg",
    ]
    assert _found("Docs at http://example.com/manual.pdf", "BSM385") == []


def test_style_overrides_in_html_email() -> None:
    body = '<p style="text-align: center; color:#f00">Hi</p>'
    assert _found(body, "BSM386", fmt="html") == ["text-align: center", "color:"]
    assert _found("Colour: navy. Size: M.", "BSM386") == []


@given(st.text(max_size=200))
def test_style_checks_never_crash_and_spans_are_exact(text: str) -> None:
    for code in ("BSM380", "BSM382", "BSM383", "BSM384", "BSM385"):
        for v in LINTER.lint(Message(body=text), only=code).violations:
            assert text[v.start : v.end] == v.match
