"""Fast paths of the link rules give what the slow forms give.

BSM211 (opt-out wording) is raw regexes, which have no derivable prefilter: its pack
`keywords` let it skip most messages, and must never skip one its regexes match.
"""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from bsm_lint import LintConfig, Linter, Message
from bsm_lint.checks.base import FieldView
from bsm_lint.checks.link import _DISGUISE_HINT, _DSEP_RX, _maybe_disguised, find_links
from bsm_lint.packs.loader import load_pack

_PIECES = [
    "reply",
    "REPLY",
    "Respond",
    "text",
    "send",
    "answer back with",
    "with",
    "STOP",
    "stop",
    "Stopp",
    "unsubscribe",
    "UNSUBSCRİBE",
    "ſtop",
    "opt-out",
    "opt out",
    "optout",
    "remove",
    "REMOVE",
    "antworten Sie",
    "bitte",
    "mit",
    "abmelden",
    "„STOPP“",
    "répondez",
    "RÉPONDEZ",
    "par",
    "désinscription",
    "DÉSİNSCRİPTİON",
    "responda",
    "con",
    "BAJA",
    "rispondi",
    "cancellami",
    "disiscrivi",
    "DİSİSCRİVİ",
    "「停止」と返信",
    "『ストップ』とご返信",
    '"',
    "'",
    ".",
    ",",
    "\n",
    "thanks",
    "by",
    "them",
    "{{name}}",
]


@cache
def _linters() -> tuple[Linter, Linter]:
    config = LintConfig(select=("BSM211",))
    return Linter(config=config), Linter(config=config, prefilter=False)


def _codes(linter: Linter, text: str) -> list[tuple[str, int, int]]:
    return [(v.rule_id, v.start, v.end) for v in linter.lint(Message(body=text)).violations]


_VERBS = [
    "reply",
    "REPLY",
    "Respond",
    "text",
    "send",
    "answer",
    "antworten Sie",
    "antwortet",
    "répondez",
    "RÉPONDEZ",
    "responda",
    "rispondi",
    "RİSPONDİ",
    "mit",
]
_MIDS = ["", "with", "back", "bitte mit", "einfach mit", "par", "con", "simplement"]
_WORDS = [
    "STOP",
    "stop",
    "Stopp",
    "„STOPP“",
    '"STOP"',
    "unsubscribe",
    "UNSUBSCRİBE",
    "ſtop",
    "opt-out",
    "opt out",
    "OPTOUT",
    "remove",
    "abmelden",
    "désinscription",
    "DÉSİNSCRİPTİON",
    "BAJA",
    "cancellami",
    "disiscrivi",
    "DİSİSCRİVİ",
    "antworten",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=4),
    st.sampled_from(_VERBS),
    st.sampled_from(_MIDS),
    st.sampled_from(_WORDS),
    st.lists(st.sampled_from(_PIECES), max_size=3),
    st.sampled_from([" ", "  "]),
)
def test_optout_wording_keywords_never_skip_a_match(
    before: list[str], verb: str, mid: str, word: str, after: list[str], sep: str
) -> None:
    text = sep.join([*before, verb, *([mid] if mid else []), word, *after])
    fast, slow = _linters()
    assert _codes(fast, text) == _codes(slow, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8))
def test_optout_wording_keywords_on_loose_pieces(pieces: list[str]) -> None:
    text = " ".join(pieces)
    fast, slow = _linters()
    assert _codes(fast, text) == _codes(slow, text)


def test_optout_wording_keywords_pass_every_example() -> None:
    rule = next(r.spec for r in load_pack().rules if r.spec.code == "BSM211")
    assert rule.keywords
    fast, slow = _linters()
    for example in rule.examples.fail:
        text = example if isinstance(example, str) else example.body
        found = _codes(fast, text)
        assert found, text
        assert found == _codes(slow, text)


_DISGUISE_BITS = [
    *("shop", "com", "de", "x", "dot", "DOT", "dOt", "Dot", "punkt", "Punto", "point", "ドット"),
    *("。", ".", " ", "[", "]", "(", ")", "{", "}", "<", ">", "\n"),
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_DISGUISE_BITS), min_size=1, max_size=12))
def test_disguise_precheck_with_words_passes_every_disguised_dot(parts: list[str]) -> None:
    """Given the field's words, the cheap pre-check must still let through every text in
    which a disguised dot could be found, and find the same links as without them."""
    text = "".join(parts)
    field = FieldView("body", text)
    if _DSEP_RX.search(field.text) or _DISGUISE_HINT.search(field.text):
        assert _maybe_disguised(field.text, field.tokens)
    assert find_links(field.text, field.tokens) == find_links(field.text)
