"""Check kinds on their own: pattern (phrases, CJK, case, wildcard) and proximity."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bsm_lint import LintConfig, Linter, Message, load_pack
from bsm_lint.checks.base import FieldView
from conftest import PACK_HEADER, rule_toml


def _linter(make_pack, options: str, check: str = "pattern", extra: str = "") -> Linter:
    return Linter(
        load_pack(
            make_pack({"pack.toml": PACK_HEADER + rule_toml(check=check, options=options) + extra})
        )
    )


def _matches(linter: Linter, body: str, language: str | None = None) -> list[str]:
    return [v.match for v in linter.lint(Message(body=body, language=language)).violations]


def test_phrases_match_case_insensitively_with_flexible_spaces(make_pack) -> None:
    lin = _linter(make_pack, 'terms = ["leave a review"]')
    assert _matches(lin, "Please LEAVE  a\nreview.") == ["LEAVE  a\nreview"]
    assert _matches(lin, "Please leave a reviewer alone.") == []


def test_word_boundaries_and_wildcards(make_pack) -> None:
    lin = _linter(make_pack, 'terms = ["coupon*", "sale"]')
    assert _matches(lin, "Coupons and a wholesale deal, on sale") == ["Coupons", "sale"]


def test_cjk_phrases_need_no_word_boundaries(make_pack) -> None:
    lin = _linter(make_pack, 'terms = ["レビュー", "高評価"]')
    assert _matches(lin, "商品のレビューをお願いします。高評価をください") == ["レビュー", "高評価"]
    mixed = _linter(make_pack, 'terms = ["amazon"]')
    assert _matches(mixed, "Amazonでご購入") == ["Amazon"]


def test_phrases_match_through_normalisation(make_pack) -> None:
    lin = _linter(make_pack, 'terms = ["free gift"]')
    body = "Get a ｆｒｅｅ g\u200bift now"
    assert _matches(lin, body) == ["ｆｒｅｅ g\u200bift"]


def test_exceptions(make_pack) -> None:
    lin = _linter(make_pack, 'terms = ["call me"]\nexceptions = ["call me on amazon"]')
    assert _matches(lin, "Call me on Amazon. Or call me tonight.") == ["call me"]


def test_case_sensitive_regex(make_pack) -> None:
    lin = _linter(make_pack, 'regexes = ["SAVE[0-9]+"]\ncase_sensitive = true')
    assert _matches(lin, "Use SAVE20 or save30") == ["SAVE20"]


PROX = (
    'a = ["review*", "feedback"]\nb = ["5 star*", "five star*", "positive"]\n'
    'max_words = 4\nnegations = ["not", "no", "never"]'
)


def test_proximity_within_a_sentence(make_pack) -> None:
    lin = _linter(make_pack, PROX, check="proximity")
    assert _matches(lin, "Please leave a positive review today.") == ["positive review"]
    assert _matches(lin, "A review with five stars would help.") == ["review with five stars"]


def test_proximity_respects_distance_and_sentences(make_pack) -> None:
    lin = _linter(make_pack, PROX, check="proximity")
    assert (
        _matches(
            lin, "Please leave a review of the item you bought from us last week, positive or not."
        )
        == []
    )
    assert _matches(lin, "We value your review. Positive news: it shipped.") == []


def test_proximity_negation_window(make_pack) -> None:
    lin = _linter(make_pack, PROX, check="proximity")
    assert _matches(lin, "We do not ask for a positive review.") == []
    assert _matches(lin, "We never ask for 5 stars, only your honest feedback.") == []


def test_proximity_order(make_pack) -> None:
    lin = _linter(make_pack, PROX + '\norder = "b-first"', check="proximity")
    assert _matches(lin, "A positive review helps.") == ["positive review"]
    assert _matches(lin, "A review that is positive helps.") == []


def test_proximity_in_japanese(make_pack) -> None:
    lin = _linter(
        make_pack, 'a = ["レビュー"]\nb = ["星5", "高評価"]\nmax_words = 4', check="proximity"
    )
    assert _matches(lin, "星5のレビューをお願いします。") == ["星5のレビュー"]
    assert _matches(lin, "星5です。長い文章が続きます。レビューをお願いします。") == []


def test_link_check_trims_sentence_punctuation() -> None:
    lin = Linter(config=LintConfig(select=("BSM201",)))
    vs = lin.lint(Message(body="Docs (see http://a.com/x_(y)). Or http://b.com/z, ok")).violations
    assert [v.match for v in vs] == ["http://a.com/x_(y)", "http://b.com/z"]


# -- the shared sentence split ------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    view = FieldView("body", text)
    starts = view.sentence_starts
    ends = [*starts[1:], len(view.text)]
    return [view.text[s:e] for s, e in zip(starts, ends, strict=True)]


def test_punctuation_then_blank_line_ends_one_sentence() -> None:
    # "!" and the blank line after it used to be two ends, leaving an empty sentence between
    # the presumption and the ask, so the ask's neighbour was that empty sentence.
    for end in ("!", "?", ".", "。", "！", "？"):
        parts = _sentences(f"We think you will agree{end}\n\nPlease leave a review.")
        # (NFKC folds the full-width marks, so compare the words only)
        assert [p.strip().rstrip(".!?。") for p in parts] == [
            "We think you will agree",
            "Please leave a review",
        ]


def test_trailing_and_leading_breaks_make_no_sentence() -> None:
    assert [p.strip() for p in _sentences("\n\nHello.\n\n")] == ["Hello."]
    assert [p.strip() for p in _sentences("Hi!\n\n\n\n- one\n- two\n")] == ["Hi!", "- one", "- two"]


def test_one_sentence_between_support_and_ask_is_reported() -> None:
    """BSM332 pairs an unhappy-buyer contact with a review ask one sentence away: a blank line
    after "!" must not count as a sentence."""
    body = "If anything is wrong, please contact us!\n\nOtherwise, please leave a review."
    msg = Message(body=body, kind="proactive", language="en")
    codes = {v.rule_id for v in Linter(load_pack("amazon-bsm")).lint(msg).violations}
    assert "BSM332" in codes


_PIECES = st.sampled_from(
    [
        "Hello",
        "we hope you like it",
        "レビュー",
        "x",
        " ",
        "\n",
        "\n\n",
        ".",
        "!",
        "?",
        "。",
        "！",
        "？",
        ";",
        "- ",
        "1. ",
        ")",
        '"',
        "\t",
    ]
)


@given(st.lists(_PIECES, max_size=25).map("".join))
def test_sentences_cover_the_text_in_order_and_none_is_blank(text: str) -> None:
    view = FieldView("body", text)
    starts = view.sentence_starts
    assert starts[0] == 0
    assert starts == sorted(set(starts))
    assert all(0 <= s <= len(view.text) for s in starts)
    parts = _sentences(text)
    assert "".join(parts) == view.text
    if view.text.strip():
        assert all(p.strip() for p in parts)
