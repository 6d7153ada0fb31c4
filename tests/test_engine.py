"""The engine's contracts: exact original spans, prefilter soundness, order, merging,
timeouts, caching, JSON round trips."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bsm_lint
from bsm_lint import Context, LintConfig, Linter, LintTimeout, Message, Report, load_pack
from bsm_lint.errors import PackError
from conftest import PACK_HEADER, rule_toml


def test_done_when_example() -> None:
    body = "Write to jane@shop.com or see http://shop.com/x"
    report = bsm_lint.lint(bsm_lint.Message(body=body))
    got = [(v.category, body[v.start : v.end]) for v in report.violations]
    assert got == [
        ("contact-email", "jane@shop.com"),
        ("link-insecure", "http://shop.com/x"),
        ("link-unnecessary", "http://shop.com/x"),
    ]
    assert not report.ok
    assert report.pack.id == "amazon-bsm"
    assert report.schema_version == "1.0"


def test_spans_are_original_offsets_through_disguises() -> None:
    body = "Hi \u200b\u200b! Mail ｊａｎｅ＠ｓｈｏｐ．ｃｏｍ now"
    v = bsm_lint.lint(Message(body=body)).violations[0]
    assert body[v.start : v.end] == "ｊａｎｅ＠ｓｈｏｐ．ｃｏｍ" == v.match
    assert (v.line, v.column) == (1, v.start + 1)


def test_line_and_column_in_multiline_body_and_subject() -> None:
    msg = Message(subject="Mail help@shop.com", body="Hello,\n\nsee http://x.com/a\nBye")
    vs = bsm_lint.lint(msg, config=LintConfig(select=("BSM101", "BSM201"))).violations
    assert [(v.field, v.line, v.column, v.end_line, v.end_column) for v in vs] == [
        ("subject", 1, 6, 1, 19),
        ("body", 3, 5, 3, 19),
    ]


def test_placeholders_never_cause_findings_but_keep_names() -> None:
    msg = Message(body="Hi {{buyer_email}}, order [[order-id]] for ${order.buyer}@x")
    assert bsm_lint.lint(msg).ok
    view = Linter().document(msg).fields[0]
    assert [p.name for p in view.placeholders] == ["buyer_email", "order-id", "order.buyer"]


def test_report_json_round_trip() -> None:
    report = bsm_lint.lint(Message(body="jane@shop.com http://a.com/b"))
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    assert again.ok is False
    assert '"ok":false' in report.model_dump_json()


def test_message_and_context_round_trip_and_aware_dates() -> None:
    from datetime import datetime

    msg = Message(
        subject="s",
        body="b",
        language="de_DE",
        attachments=[{"file_name": "a.pdf", "data": b"%PDF"}],
    )
    assert msg.language == "de"
    assert Message.model_validate_json(msg.model_dump_json()) == msg
    with pytest.raises(ValueError, match="timezone"):
        Context(now=datetime(2026, 1, 1))  # naive datetimes are rejected


def test_deterministic_order_and_cached_linter() -> None:
    body = "http://b.com/x a@b.com http://a.com/y c@d.com"
    first = bsm_lint.lint(Message(body=body))
    assert [v.start for v in first.violations] == sorted(v.start for v in first.violations)
    assert bsm_lint.lint(Message(body=body)) == first
    from bsm_lint.engine import _cache
    from bsm_lint.packs.loader import resolve_pack_ref

    default_key = (resolve_pack_ref(None), "")
    cached = _cache[default_key]
    size = len(_cache)
    assert bsm_lint.lint(Message(body=body), pack="amazon-bsm") == first  # same pack, by name
    assert _cache[default_key] is cached
    assert len(_cache) == size


def test_config_select_ignore_and_severity() -> None:
    body = "jane@shop.com http://a.com/b"
    only_links = Linter(config=LintConfig(select=("link-insecure",)))
    assert [v.rule_id for v in only_links.lint(Message(body=body)).violations] == ["BSM201"]
    no_bsm1 = Linter(config=LintConfig(ignore=("BSM1",)))
    assert [v.rule_id for v in no_bsm1.lint(Message(body=body)).violations] == ["BSM201", "BSM204"]
    soft = Linter(config=LintConfig(severity={"link-insecure": "warning", "BSM204": "info"}))
    r = soft.lint(Message(body="see http://a.com/b"))
    assert r.violations[0].severity.value == "warning"
    assert r.ok


def test_overlapping_hits_of_one_category_merge(make_pack) -> None:
    pack_dir = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml("TST101", options='terms = ["big sale"]')
            + rule_toml("TST102", options='terms = ["sale today"]')
        }
    )
    vs = Linter(load_pack(pack_dir)).lint(Message(body="Our big sale today!")).violations
    assert len(vs) == 1
    assert vs[0].match == "big sale today"
    assert vs[0].rule_id == "TST101"


def test_pathological_regex_times_out_instead_of_hanging(make_pack) -> None:
    # (a|aa)+ passes the static nested-quantifier guard but is exponential on a's and a b.
    pack_dir = make_pack({"pack.toml": PACK_HEADER + rule_toml(options=r'regexes = ["^(a|aa)+$"]')})
    linter = Linter(load_pack(pack_dir), timeout=0.05)
    started = time.monotonic()
    with pytest.raises(LintTimeout, match="TST101"):
        linter.lint(Message(body="a" * 60 + "b"))
    assert time.monotonic() - started < 5


# -- prefilter soundness: with or without it, the same findings ---------------------------

_words = st.sampled_from(
    [
        "jane@shop.com",
        "jane",
        "at",
        "shop",
        "dot",
        "com",
        "[at]",
        "(dot)",
        "http://",
        "https://",
        "www.",
        "HTTP://X.COM/a",
        "review",
        "star",
        "big",
        "sale",
        "sale",
        "today",
        "buy",
        "now",
        "＠",
        "ｈｔｔｐ://",
        "example.com",
        ".",
        ",",
        "!",
        "\n",
        "\u200b",
        "レビュー",
        "星5",
    ]
)
_texts = st.lists(st.one_of(_words, st.text(max_size=5)), max_size=25).map(" ".join)


@pytest.fixture(scope="module")
def both_linters(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pf")
    (folder / "pack.toml").write_text(
        '[pack]\nid = "pf"\nversion = "1.0"\nextends = "amazon-bsm"\n'
        + rule_toml("TST101", options='terms = ["big sale", "buy now*", "レビュー", "星5"]')
        + rule_toml(
            "TST102",
            check="proximity",
            category="review-positive-bias",
            options='a = ["review*"]\nb = ["star", "5"]\nmax_words = 3',
        )
    )
    pack = load_pack(folder)
    return Linter(pack), Linter(pack, prefilter=False)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_prefilter_never_drops_a_true_match(both_linters, body: str) -> None:
    fast, slow = both_linters
    assert fast.lint(Message(body=body)) == slow.lint(Message(body=body))


def test_html_character_references_are_decoded_with_exact_spans() -> None:
    body = "<p>Write to jane&#64;shop&period;com</p>"
    (v,) = [
        v
        for v in bsm_lint.lint(Message(body=body, format="html")).violations
        if v.rule_id == "BSM101"
    ]
    assert v.category == "contact-email"
    assert body[v.start : v.end] == "jane&#64;shop&period;com"
    plain = bsm_lint.lint(Message(body=body)).violations  # plain text shows entities literally
    assert "contact-email" not in {v.category for v in plain}


def test_brace_disguises_are_not_placeholders() -> None:
    assert not bsm_lint.lint(Message(body="jane{at}shop{dot}com")).ok


def test_templated_local_part_renders_an_address() -> None:
    v = bsm_lint.lint(Message(body="Mail {{seller_name}}@shop.com")).violations[0]
    assert v.match == "{{seller_name}}@shop.com"


def test_rule_messages_never_carry_the_full_contact_detail(make_pack) -> None:
    pack_dir = make_pack(
        {
            "pack.toml": '[pack]\nid = "m"\nversion = "1.0"\nextends = "amazon-bsm"\n'
            '[[rules]]\ncode = "BSM101"\nmessage = "Email {match} found"\n'
        }
    )
    v = Linter(load_pack(pack_dir)).lint(Message(body="mail jane@shop.com")).violations[0]
    assert v.message == "Email j***@s***.c** found"
    assert v.match == "jane@shop.com"  # the library caller still gets the exact text


def test_allow_regex_timeout_is_a_lint_timeout(make_pack) -> None:
    pack_dir = make_pack(
        {
            "pack.toml": '[pack]\nid = "m"\nversion = "1.0"\nextends = "amazon-bsm"\n'
            '[allow]\nBSM101 = ["^(a|aa)+b"]\n'
        }
    )
    linter = Linter(load_pack(pack_dir), timeout=0.05)
    with pytest.raises(LintTimeout):
        linter.lint(Message(body="x " + "a" * 60 + "@shop.com"))


def test_allow_regex_with_nested_quantifier_is_rejected(make_pack) -> None:
    from bsm_lint import PackError

    with pytest.raises(PackError, match="nested quantifier"):
        Linter(config=LintConfig(allow={"BSM101": ("(a+)+",)}))


def test_bare_folder_name_is_a_pack_path(make_pack, monkeypatch) -> None:
    folder = make_pack({"pack.toml": PACK_HEADER + rule_toml(options='terms = ["big sale"]')})
    monkeypatch.chdir(folder.parent)
    assert load_pack(folder.name).id == "test-pack"


def test_applies_to_is_normalised(make_pack) -> None:
    rule = rule_toml(
        options='terms = ["big sale"]',
        extra='[rules.applies_to]\nmarketplaces = ["de"]\nlanguages = ["de-DE"]\n',
    )
    linter = Linter(load_pack(make_pack({"pack.toml": PACK_HEADER + rule})))
    msg = Message(body="big sale", language="de")
    assert linter.lint(msg, Context(marketplace="DE")).violations
    assert not linter.lint(msg, Context(marketplace="US")).violations


def test_severity_orders_by_rank() -> None:
    from bsm_lint import Severity

    assert Severity.INFO < Severity.WARNING < Severity.ERROR
    assert max([Severity.ERROR, Severity.WARNING]) is Severity.ERROR


def test_message_level_checks_run_once_and_point_at_their_field(make_pack, monkeypatch) -> None:
    from collections.abc import Iterator

    from bsm_lint.checks import REGISTRY
    from bsm_lint.checks.base import Document, MessageCheck, MessageHit

    class SubjectFlag(MessageCheck):
        kind = "test.subject-flag"

        def run_message(self, doc: Document) -> Iterator[MessageHit]:
            subject = doc.message.subject or ""
            i = subject.find("[Important]")
            if i >= 0 and doc.context.message_type != "unexpectedProblem":
                yield MessageHit("subject", i, i + len("[Important]"))

    monkeypatch.setitem(REGISTRY, SubjectFlag.kind, SubjectFlag)
    pack_dir = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(check="test.subject-flag", category="important-flag-misuse")
        }
    )
    linter = Linter(load_pack(pack_dir))
    msg = Message(subject="Re: [Important] review", body="Please review.")
    (v,) = linter.lint(msg).violations
    assert (v.field, v.start, v.end, v.column, v.match) == ("subject", 4, 15, 5, "[Important]")
    assert not linter.lint(msg, Context(message_type="unexpectedProblem")).violations


def test_yield_to_drops_redundant_findings_in_the_same_sentence(make_pack) -> None:
    rule = rule_toml(
        "TST101",
        options='terms = ["write to us at", "write to us"]',
        category="off-platform",
        extra='yield_to = ["contact-email"]\n',
    )
    pack = load_pack(
        make_pack(
            {"pack.toml": '[pack]\nid = "y"\nversion = "1.0"\nextends = "amazon-bsm"\n' + rule}
        )
    )
    linter = Linter(pack, LintConfig(select=("TST101", "BSM101")))
    cats = [
        v.category for v in linter.lint(Message(body="Write to us at jane@shop.com.")).violations
    ]
    assert cats == ["contact-email"]
    body = "Write to us on your own terms. Or mail jane@shop.com."
    cats = [v.category for v in linter.lint(Message(body=body)).violations]
    assert cats == ["off-platform", "contact-email"]


def test_yield_scope_span_drops_only_findings_inside_a_yield_to_finding(make_pack) -> None:
    rule = rule_toml(
        "TST102",
        options='regexes = ["[a-z-]+[.]com"]',
        category="link-unnecessary",
        extra='yield_to = ["contact-email"]\nyield_scope = "span"\n',
    )
    pack = load_pack(
        make_pack(
            {"pack.toml": '[pack]\nid = "y"\nversion = "1.0"\nextends = "amazon-bsm"\n' + rule}
        )
    )
    linter = Linter(pack, LintConfig(select=("TST102", "BSM101")))
    body = "Mail jane@shop.com or see manual-site.com today."
    found = [(v.category, v.match) for v in linter.lint(Message(body=body)).violations]
    # The domain inside the address yields; the other domain in the same sentence does not.
    assert found == [("contact-email", "jane@shop.com"), ("link-unnecessary", "manual-site.com")]


def test_yield_scope_rejects_unknown_values(make_pack) -> None:
    rule = rule_toml("TST103", options='terms = ["x"]', extra='yield_scope = "paragraph"\n')
    with pytest.raises(PackError):
        load_pack(make_pack({"pack.toml": '[pack]\nid = "y"\nversion = "1.0"\n' + rule}))


def test_sentence_end_before_a_link_line_is_not_an_email_dot() -> None:
    body = "Mail bob@shop.de.\nhttp://a.example.com/x"
    emails = [
        v.match for v in bsm_lint.lint(Message(body=body)).violations if v.rule_id == "BSM101"
    ]
    assert emails == ["bob@shop.de"]


@pytest.mark.parametrize(
    ("pattern", "bounded"),
    [
        (r"^/(dp|gp/product)/", True),
        (r"[?&](k|field-keywords)=", True),
        ("review", True),
        (r"^/([a-z]{2}(-[a-z]{2})?/)?(shop|listing)/", True),
        (r"our\s+site", False),  # unbounded: needs the timeout
        ("a{2,}", False),
        ("(?=.*x)", False),  # lookaround
        (r"\p{L}", False),  # `regex`-only syntax
        ("[[:alpha:]]", False),  # a POSIX class `re` would read as a nested set
        ("x{1,600}", False),  # wider than MAX_BOUNDED_WIDTH
    ],
)
def test_bounded_width_patterns_run_without_timeout(pattern: str, bounded: bool) -> None:
    from bsm_lint.checks.base import LinearPattern, bounded_width

    assert bounded_width(pattern, 0) is bounded
    if bounded:  # and on stdlib `re` it finds what `regex` finds
        import regex

        fast, slow = LinearPattern(pattern, regex.I), regex.compile(pattern, regex.I)
        for s in ("/dp/x", "/GP/Product/1", "?k=1", "a&field-keywords=", "/de/shop/x", "nothing"):
            a, b = fast.search(s), slow.search(s)
            assert (a.span() if a else None) == (b.span() if b else None)
