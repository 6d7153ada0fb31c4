"""The engine's fast paths after the checks must give what the plain forms give."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from bsm_lint import Linter
from bsm_lint.engine import _Missing, _normalised_positions
from bsm_lint.model import PackInfo, Report, Severity, Violation
from bsm_lint.text import NormalizedText, normalize

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
        if rule.message_names is None:
            assert not names
            assert message.format_map(_Missing()) == message
        else:
            assert rule.message_names == names
