"""Normalisation and its offset map: unit cases and properties over arbitrary Unicode."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bsm_lint.text import _SPECIAL, LineIndex, _normalize_slow, normalize

# Text with the characters the normaliser treats specially, mixed with anything at all.
_special = st.sampled_from(
    [
        *list("aéeï \t\n\r"),
        "́",
        "\u200b",
        "\u200d",
        "\u202e",
        "️",
        "\xa0",
        "＠",
        "ｓ",
        "ﬁ",
        "①",
        "ｶ",
        "ﾞ",
        "ㄱ",
        "ㅏ",
        "а",
        "о",
        "’",
        "—",
        "ᅡ",
        "\u3000",
        "\r\n",
    ]
)
texts = st.lists(st.one_of(st.characters(), _special), max_size=40).map("".join)


def test_ascii_fast_path_is_identity() -> None:
    n = normalize("Hello world.\nSecond line.\n\nNew paragraph.")
    assert n.is_identity
    assert n.span(6, 11) == (6, 11)


def test_fullwidth_and_homoglyphs_fold_to_ascii() -> None:
    assert normalize("ｊａｎｅ＠ｓｈｏｐ．ｃｏｍ").text == "jane@shop.com"
    assert normalize("jаne@shоp.com").text == "jane@shop.com"  # Cyrillic а and о
    assert normalize("Ｔｈｅ “best” price—now").text == 'The "best" price-now'


def test_invisible_characters_removed_and_spans_cover_them() -> None:
    src = "ja\u200bne\u202e@x"
    n = normalize(src)
    assert n.text == "jane@x"
    s, e = n.span(0, 4)
    assert src[s:e] == "ja\u200bne"


def test_whitespace_runs() -> None:
    n = normalize("a  \t b\n  \n\n\nc\r\nd")
    assert n.text == "a b\n\nc\nd"
    assert n.span(1, 2) == (1, 5)  # the folded run maps to the whole run


def test_ligature_and_combining_clusters() -> None:
    n = normalize("ﬁne cafe\u0301")
    assert n.text == "fine café"
    assert n.span(0, 1) == (0, 1)
    assert n.span(1, 2) == (0, 1)
    assert n.span(8, 9) == (7, 9)  # é came from "e" + combining acute


def test_halfwidth_kana_voicing_mark_merges() -> None:
    n = normalize("ｶﾞ")
    assert n.text == "ガ"
    assert n.span(0, 1) == (0, 2)


def test_empty_span_and_bounds() -> None:
    n = normalize("ａｂ")
    assert n.span(2, 2) == (2, 2)
    try:
        n.span(0, 3)
    except ValueError:
        pass
    else:
        raise AssertionError("out-of-range span accepted")


def test_line_index() -> None:
    idx = LineIndex("ab\ncd\n\nef")
    assert idx.line_col(0) == (1, 1)
    assert idx.line_col(3) == (2, 1)
    assert idx.line_col(7) == (4, 1)
    assert idx.line_col(9) == (4, 3)


@settings(max_examples=500)
@given(texts, st.data())
def test_spans_lie_inside_and_cover_what_produced_them(src: str, data: st.DataObject) -> None:
    n = normalize(src)
    length = len(n.text)
    i = data.draw(st.integers(0, length))
    j = data.draw(st.integers(i, length))
    s, e = n.span(i, j)
    assert 0 <= s <= e <= len(src)
    # The original range, normalised again, contains what the match saw.
    assert n.text[i:j] in normalize(src[s:e]).text or n.text[i:j].strip() == ""
    # Every normalised character's own origin lies inside the mapped span.
    for k in range(i, j):
        a, b = n.span(k, k + 1)
        assert s <= a < b <= e


@settings(max_examples=500)
@given(texts)
def test_normalisation_is_idempotent(src: str) -> None:
    once = normalize(src).text
    assert normalize(once).text == once


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=60))
def test_ascii_maps_monotonically(src: str) -> None:
    n = normalize(src)
    starts = [n.span(k, k + 1)[0] for k in range(len(n.text))]
    assert starts == sorted(starts)


# Plain non-ASCII text: accents, kana, typographic punctuation, look-alikes, and a few
# characters that must send a text down the slow path (combining marks, no-break space,
# zero-width, fullwidth, a ligature, a tab).
_plainish = st.lists(
    st.sampled_from(
        [*"abc .,\n\x1aéüßñ日本語テスト", *"—’“аοі", "e\u0301", "\u00a0", "\u200b", "Ａ", "ﬁ", "\t"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400)
@given(_plainish, st.data())
def test_plain_fast_path_matches_the_slow_path(src: str, data: st.DataObject) -> None:
    """Non-ASCII text that needs no per-character work skips the slow path: same text, same
    offsets, and `is_identity` only when nothing changed."""
    fast, slow = normalize(src), _normalize_slow(src, _SPECIAL)
    assert fast.text == slow.text
    if not src.isascii():  # (ASCII has its own fast path, tested above)
        assert fast.is_identity == slow.is_identity
    i = data.draw(st.integers(0, len(fast.text)))
    j = data.draw(st.integers(i, len(fast.text)))
    assert fast.span(i, j) == slow.span(i, j)
