"""The engine's fast paths after the checks must give what the plain forms give."""

from __future__ import annotations

import string
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from bsm_lint import Linter, Message
from bsm_lint.checks.base import _TOKEN, FieldView, MessageCheck
from bsm_lint.engine import _Missing, _normalised_positions
from bsm_lint.model import PackInfo, Report, Severity, Violation
from bsm_lint.text import LineIndex, NormalizedText, normalize

_violation = st.builds(
    Violation.trusted,
    rule_id=st.sampled_from(["BSM101", "BSM202"]),
    rule_name=st.just("a-rule"),
    category=st.sampled_from(["contact-email", "link-external"]),
    severity=st.sampled_from(list(Severity)),
    message=st.text(max_size=10),
    field=st.sampled_from(["subject", "body"]),
    start=st.integers(0, 50),
    end=st.integers(50, 100),
    line=st.integers(1, 5),
    column=st.integers(1, 5),
    end_line=st.integers(1, 5),
    end_column=st.integers(1, 5),
    match=st.text(max_size=10),
    policy=st.just("G1801"),
    fix=st.none(),
)


@given(violations=st.lists(_violation, max_size=4))
def test_trusted_report_equals_validated(violations: list[Violation]) -> None:
    pack = PackInfo(id="p", version="1", hash="h")
    validated = Report(pack=pack, violations=tuple(violations), notices=())
    trusted = Report.trusted(pack=pack, violations=tuple(violations), notices=())
    assert trusted == validated
    assert trusted.ok == validated.ok
    assert trusted.model_dump_json() == validated.model_dump_json()
    assert trusted.model_dump(exclude_unset=True) == validated.model_dump(exclude_unset=True)
    assert trusted.model_fields_set == validated.model_fields_set
    assert list(vars(trusted)) == list(vars(validated))


def _first_at_or_after(norm: NormalizedText, offset: int) -> int:
    """The readable form: a binary search by hand over the normalised positions."""
    lo, hi = 0, len(norm.text)
    while lo < hi:
        mid = (lo + hi) // 2
        if norm.orig_start(mid) < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


_PIECES = ["a", "b", " ", ".", "\n", "\t", "  ", "\u200b", "\ufb01", "\u00e9", "e\u0301", "\uff21"]
_odd_text = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)


@given(text=_odd_text, data=st.data())
def test_normalised_positions_match_the_plain_search(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=6))
    assert _normalised_positions(norm, offsets) == [_first_at_or_after(norm, o) for o in offsets]


def test_message_names_cover_every_template_field() -> None:
    """A rule's message is formatted from the names it uses only; a plain one is kept as is."""
    for rule in Linter().rules:
        message = rule.rule.spec.message
        names = {f for _, f, _, _ in string.Formatter().parse(message) if f}
        assert rule.message_names == names
        if rule.plain_message:
            assert not names
            assert message.format_map(_Missing()) == message


_CHARS = st.sampled_from(list("aZ .,\n\t-_0123456789éßÄöüñ¿¡µªİſ日本語カナ\x1a€…«» \u2003\u200b"))


@given(st.text(alphabet=_CHARS, max_size=60) | st.text(max_size=60))
def test_non_ascii_is_the_set_of_non_ascii_characters(text: str) -> None:
    field = FieldView("body", text)
    assert field.non_ascii == {c for c in field.lower if not c.isascii()}


@given(st.text(alphabet=_CHARS, max_size=60) | st.text(max_size=60))
def test_tokens_of_non_ascii_text_match_the_token_pattern(text: str) -> None:
    field = FieldView("body", text)
    assert field.tokens == frozenset(_TOKEN.findall(field.lower))


@settings(deadline=None)  # the first example compiles the default pack
@given(st.text(alphabet=_CHARS, max_size=60) | st.text(max_size=60))
def test_prefilter_by_character_matches_every_character(text: str) -> None:
    """The prefilter's non-ASCII keywords, looked up by the field's non-ASCII characters,
    are found exactly as when every character of the text is looked up."""
    linter = _linter()
    prefilter = linter._prefilter
    field = FieldView("body", text)
    low = field.lower
    plain = {(False, s) for ch in set(low) & set(prefilter.by_char) for s in prefilter.by_char[ch]}
    found = {k for k in prefilter.scan(field) if not k[0] and not k[1].isascii()}
    assert found == {k for k in plain if k[1] in low}


_LINTER: list[Linter] = []


def _linter() -> Linter:
    if not _LINTER:
        _LINTER.append(Linter())
    return _LINTER[0]


def test_violation_message_is_the_same_with_every_value() -> None:
    """Formatting from the template's names only gives the message that formatting from
    every value gives (a rule built without `message_names`), redacted alike."""
    linter = _linter()
    text = "Mail jane@example.com. See http://shop.example.com/products/x or facebook.com/shop"
    doc = linter.document(Message(body=text))
    field = doc.fields[0]
    lines = LineIndex(field.original)
    checked = 0
    for rule in linter.rules:
        if isinstance(rule.check, MessageCheck) or rule.plain_message:
            continue
        unknown = replace(rule, message_names=None)
        for hit in rule.check.run(field, doc):
            fast = linter._violation(rule, field, hit, lines)
            assert fast == linter._violation(unknown, field, hit, lines)
            checked += 1
    assert checked
