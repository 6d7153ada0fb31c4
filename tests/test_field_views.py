"""Fast forms of field-view computations equal their plain forms (speed work must not
change what rules see)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bsm_lint.checks.base import _SENTENCE_END, _TOKEN, FieldView
from bsm_lint.language import _latin_language, detect_fields
from bsm_lint.text import CJK_CLASS

_PLAIN_SENTENCE_END = re.compile(
    rf"[.!?;。！？]+[\"')\]]*(?=\s|$|[{CJK_CLASS}])|\n\n|\n(?=[ \t]*(?:[-*•·]|\d+[.)])\s)"
)

# Characters where the patterns decide: sentence ends, quotes, spaces, bullets, digits,
# letters with and without accents, CJK, the template mask, symbols.
_ALPHABET = st.sampled_from(
    list(".!?;。！？\"')] \t\n-*•·0123456789)aZéßäöüñ¿¡µª日本語カナ\x1a€…«»_x")
)
_texts = st.text(alphabet=_ALPHABET, max_size=60) | st.text(max_size=60)


@settings(max_examples=400)
@given(_texts)
def test_sentence_ends_match_plain_pattern(text: str) -> None:
    fast = [m.span() for m in _SENTENCE_END.finditer(text)]
    assert fast == [m.span() for m in _PLAIN_SENTENCE_END.finditer(text)]


def _plain_sentence_starts(text: str) -> list[int]:
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        if re.search(r"\S", text[starts[-1] : m.start()]):
            starts.append(m.end())
    if len(starts) > 1 and not re.search(r"\S", text[starts[-1] :]):
        starts.pop()
    return starts


_SPACES = st.sampled_from(list(" \t\n\x1c\x1f\x85\xa0\u2003\u2028\u3000\u200b"))


@settings(max_examples=400)
@given(_texts | st.text(alphabet=st.one_of(_ALPHABET, _SPACES), max_size=60))
@example("Hi.\u3000\u2003! ok")
def test_sentence_starts_match_the_regex_form(text: str) -> None:
    view = FieldView("body", text)
    assert view.sentence_starts == _plain_sentence_starts(view.text)
    raw = FieldView("body", "")
    raw.text = text  # the raw text too, not only what the normaliser leaves of it
    assert raw.sentence_starts == _plain_sentence_starts(text)


@settings(max_examples=300)
@given(_texts, st.data())
def test_sentence_at_is_the_sentence_holding_the_position(text: str, data: st.DataObject) -> None:
    view = FieldView("body", text)
    starts = view.sentence_starts
    pos = data.draw(st.integers(0, len(view.text)))
    start, end = view.sentence_at(pos)
    assert start in starts
    assert start <= pos <= end <= len(view.text)
    # The next sentence starts at `end` (or the text ends there), and none starts between.
    assert end == len(view.text) or end in starts
    assert not any(start < s < end for s in starts)


@settings(max_examples=400)
@given(_texts)
@example("lone \ud800 surrogate, straße\u2028日本 x")
def test_tokens_are_maximal_word_runs(text: str) -> None:
    view = FieldView("body", text)
    assert view.tokens == frozenset(_TOKEN.findall(view.lower))


def _plain_detect(fields: list[FieldView]) -> str | None:
    """detect_fields as first written: hint letters read off the joined accented words."""
    text = " ".join(f.text for f in fields if f.text)[:2000]
    if not text:
        return None
    from bsm_lint.language import _script

    script = _script(text)
    if script != "latin":
        return script
    return _latin_language(frozenset().union(*(f.tokens for f in fields)), text.isascii())


_words = st.sampled_from(
    [
        "der",
        "die",
        "und",
        "ist",
        "für",
        "über",
        "grüßen",
        "the",
        "and",
        "you",
        "le",
        "les",
        "vous",
        "très",
        "el",
        "los",
        "gracias",
        "más",
        "il",
        "di",
        "è",
        "grazie",
        "niño",
        "straße",
        "schön",
        "x1",
        "order",
        "日本",
        "¿qué",
        "¡hola",
    ]
)


@settings(max_examples=300)
@given(st.lists(st.lists(_words, max_size=12).map(" ".join), min_size=1, max_size=2))
def test_detect_fields_matches_plain_form(texts: list[str]) -> None:
    fields = [FieldView(f"f{i}", t) for i, t in enumerate(texts)]
    assert detect_fields(fields) == _plain_detect(fields)


_SPACING = st.text(
    alphabet=st.sampled_from(list(" \n\t\r\x00\x1a\x1b\x7f\x85\u2028ab é")), max_size=12
)


@settings(max_examples=500)
@given(_SPACING | st.text(max_size=30))
def test_untidy_matches_the_anomaly_patterns(text: str) -> None:
    from bsm_lint.text import _ASCII_ANOMALY, _SPACING_ANOMALY, _untidy

    assert _untidy(text) == (_SPACING_ANOMALY.search(text) is not None)
    if text.isascii():
        assert _untidy(text) == (_ASCII_ANOMALY.search(text) is not None)
