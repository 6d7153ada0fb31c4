"""A pattern rule with several raw regexes searches each on its own (`leftmost_spans`): the
spans must be those of the alternation's `finditer`, whatever the text."""

from __future__ import annotations

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bsm_lint import Linter, Message
from bsm_lint.checks.pattern import PatternCheck, leftmost_spans

# Branches that overlap, share starts, look behind and ahead, and can match empty.
_SETS = [
    (r"ab", r"a", r"b+"),
    (r"a+b?", r"(?<=a)b+", r"\bba\b"),
    (r"(?i:AB)", r"b(?=a)", r"[ab]{2,3}"),
    (r"x*", r"ab"),
    (r"(?<=\bpay\b.{0,6})[0-9]{2}", r"[0-9]{3}", r"pay"),
]
_text = st.text(alphabet=st.sampled_from(list("abAB x9087pay.")), max_size=40)


def _alternation(parts: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    rx = regex.compile("|".join(f"(?:{p})" for p in parts), regex.IGNORECASE | regex.V0)
    return [m.span() for m in rx.finditer(text)]


@settings(max_examples=300)
@given(st.sampled_from(_SETS), _text)
@example(_SETS[0], "aab abb b")
@example(_SETS[3], "xab")
def test_leftmost_spans_equal_the_alternation(parts: tuple[str, ...], text: str) -> None:
    compiled = tuple(regex.compile(p, regex.IGNORECASE | regex.V0) for p in parts)
    spans = leftmost_spans(compiled, text, 1.0)
    expected = _alternation(parts, text)
    if spans is None:  # an empty match: the caller runs the alternation instead
        assert any(s == e for s, e in expected)
    else:
        assert spans == expected


def test_the_default_pack_splits_rules_of_several_regexes() -> None:
    linter = Linter()
    split = {
        r.code
        for r in linter.rules
        if isinstance(r.check, PatternCheck) and r.check.patterns.splittable
    }
    assert {"BSM151", "BSM152", "BSM211"} <= split
    rule = next(r for r in linter.rules if r.code == "BSM152")
    assert isinstance(rule.check, PatternCheck)
    # Its three raw regexes (shop nouns, website nouns, Japanese), each compiled alone.
    assert len(rule.check.patterns.parts("en")) == len(rule.check.patterns.regexes) == 3
    text = "We also sell it in our Etsy shop: https://www.etsy.com/shop/Example"
    assert any(v.rule_id == "BSM152" for v in linter.lint(Message(body=text)).violations)
