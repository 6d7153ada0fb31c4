"""scripts/evaluate.py: the scoring arithmetic, input validation, and the case files' shape.

Detector accuracy is measured by running the script, never asserted here."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from bsm_lint import load_pack
from bsm_lint.taxonomy import CATEGORIES, CONTACT_AND_LINK_CATEGORIES
from conftest import PACK_HEADER, ROOT, rule_toml


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bsm_evaluate", ROOT / "scripts" / "evaluate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


ev = _load_script()
CASES = ev.load_cases([ev.CASES_DIR])


def sample(ident: str, expected: set[str], **kw: object) -> object:
    return ev.Sample(id=ident, text=f"text of {ident}", expected=frozenset(expected), **kw)


def outcome(s: object, predicted: set[str]) -> object:
    return ev.Outcome(s, frozenset(predicted), dict.fromkeys(predicted, ("m",)))


# -- scoring ------------------------------------------------------------------------------


def test_counts_per_category_are_exact() -> None:
    a = sample("a", {"contact-email", "contact-phone"})
    b = sample("b", set())
    c = sample("c", {"contact-email"})
    outs = [
        outcome(a, {"contact-email"}),  # email TP, phone FN
        outcome(b, {"contact-email", "contact-phone"}),  # two FPs
        outcome(c, {"contact-email", "link-insecure"}),  # email TP, link FP
    ]
    s = ev.score(outs, ["contact-email", "contact-phone", "link-insecure"])
    got = {k: (v.tp, v.fp, v.fn) for k, v in s.categories.items()}
    assert got == {
        "contact-email": (2, 1, 0),
        "contact-phone": (0, 1, 1),
        "link-insecure": (0, 1, 0),
    }
    assert s.messages == 3
    assert (s.total.tp, s.total.fp, s.total.fn) == (2, 3, 1)
    assert s.categories["contact-email"].precision == pytest.approx(2 / 3)
    assert s.categories["contact-email"].recall == 1.0
    assert s.categories["contact-email"].f1 == pytest.approx(0.8)
    misses = sorted((m.kind, m.category, m.sample.id) for m in s.misses)
    assert misses == [
        ("FN", "contact-phone", "a"),
        ("FP", "contact-email", "b"),
        ("FP", "contact-phone", "b"),
        ("FP", "link-insecure", "c"),
    ]
    fp = next(m for m in s.misses if m.kind == "FP" and m.sample.id == "c")
    assert fp.matches == ("m",)


def test_compliant_false_alarms_split_by_what_the_source_labels() -> None:
    # "cancel-request" is never labelled in this source: its findings on compliant messages
    # are counted, and counted apart from those in categories the source does label.
    outs = [
        outcome(sample("a", set()), {"cancel-request"}),
        outcome(sample("b", set()), {"marketing"}),
        outcome(sample("c", set()), set()),
        outcome(sample("d", {"marketing"}), {"marketing"}),
    ]
    s = ev.score(outs, ["cancel-request", "marketing"])
    assert (s.compliant, s.compliant_flagged, s.compliant_flagged_labelled) == (3, 2, 1)
    assert s.unlabelled == ("cancel-request",)
    text = "\n".join(ev.format_scores("t", s, "pack", show_errors=False))
    assert "false alarms on compliant messages: 2 of 3 (66.7%)" in text
    assert "categories this source labels: 1 of 3 (33.3%)" in text
    assert "(cancel-request)" in text
    assert ev.scores_json(s, False)["compliant"]["flagged_in_labelled_categories"] == 1


def test_undefined_ratios_are_none_and_zero_f1_when_all_wrong() -> None:
    empty = ev.Counts()
    assert (empty.precision, empty.recall, empty.f1) == (None, None, None)
    wrong = ev.Counts(tp=0, fp=2, fn=1)
    assert (wrong.precision, wrong.recall, wrong.f1) == (0.0, 0.0, 0.0)
    only_fp = ev.Counts(fp=1)
    assert (only_fp.precision, only_fp.recall, only_fp.f1) == (0.0, None, None)
    assert ev.Counts(tp=3, fn=1).support == 4


def test_uncovered_categories_are_listed_not_counted() -> None:
    s = ev.score(
        [outcome(sample("a", {"marketing", "contact-email"}), {"contact-email"})],
        ["contact-email"],
    )
    assert list(s.categories) == ["contact-email"]
    assert s.categories["contact-email"].fn == 0
    assert s.not_covered == Counter({"marketing": 1})
    assert s.total.fn == 0


def test_category_filter_limits_rows_and_not_covered() -> None:
    outs = [outcome(sample("a", {"marketing", "contact-email"}), {"contact-phone"})]
    s = ev.score(outs, ["contact-email", "contact-phone"], only=["contact-email", "off-platform"])
    assert list(s.categories) == ["contact-email"]
    assert s.categories["contact-email"].fn == 1
    assert s.not_covered == Counter()  # marketing not asked for
    s = ev.score(outs, ["contact-email"], only=["marketing"])
    assert s.categories == {}
    assert s.not_covered == Counter({"marketing": 1})


def test_slices_by_tag_and_language() -> None:
    hn = sample("h", set(), tags=("hard-negative",), language="de")
    dg = sample("d", {"contact-email"}, tags=("disguised",), language="en")
    sl = ev.slices([outcome(hn, {"contact-email"}), outcome(dg, set())], ["contact-email"])
    assert sl["tag:hard-negative"].total.fp == 1
    assert sl["tag:disguised"].total.fn == 1
    assert sl["lang:de"].messages == 1
    assert "tag:plain" not in sl


# -- input validation ---------------------------------------------------------------------


def _case(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "x-1",
        "text": "hello",
        "subject": None,
        "language": "en",
        "marketplace": "US",
        "kind": "reply",
        "expected": [],
        "tags": ["hard-negative"],
        "note": "",
    }
    base.update(over)
    return base


def test_none_means_no_violation() -> None:
    rec = {"id": "dev-1", "body": "hi", "kind": "reply", "expected": ["none"]}
    assert ev.parse_corpus_record(rec, "c:1").expected == frozenset()
    assert ev.parse_case(_case(expected=["none"]), "f:1").expected == frozenset()
    with pytest.raises(ev.InputError, match="none"):
        ev.parse_corpus_record({**rec, "expected": ["none", "marketing"]}, "c:1")


@pytest.mark.parametrize(
    ("over", "problem"),
    [
        ({"expected": ["contact-fax"]}, "unknown category"),
        ({"tags": ["sneaky"]}, "unknown tags"),
        ({"colour": "red"}, "unknown keys"),
        ({"language": "nl"}, "language"),
        ({"kind": "broadcast"}, "kind"),
        ({"config": {"select": ["BSM101"]}}, "config keys"),
        ({"config": {"phone_contexts": ["pizza"]}}, "bad config"),
        ({"text": ""}, "non-empty"),
    ],
)
def test_bad_cases_are_rejected(over: dict[str, object], problem: str) -> None:
    with pytest.raises(ev.InputError, match=problem):
        ev.parse_case(_case(**over), "f:1")


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(ev.InputError, match="cannot read"):
        ev.load_jsonl(tmp_path / "missing.jsonl", ev.parse_case)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(_case()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ev.InputError, match=r"bad\.jsonl:2"):
        ev.load_jsonl(bad, ev.parse_case)
    dup = tmp_path / "dup.jsonl"
    dup.write_text(json.dumps(_case()) + "\n" + json.dumps(_case()) + "\n", encoding="utf-8")
    with pytest.raises(ev.InputError, match="duplicate id"):
        ev.load_cases([dup])


# -- plumbing into bsm_lint ----------------------------------------------------------------


def test_case_fields_and_config_reach_the_linter() -> None:
    s = ev.parse_case(
        _case(
            subject="Re: order",
            kind="proactive",
            language="de",
            marketplace="de",
            format="html",
            config={"seller_domains": ["shop.example"], "phone_contexts": ["carrier"]},
            tags=["config"],
        ),
        "f:1",
    )
    message, context, config = ev.lint_inputs(s)
    assert (message.subject, message.body, message.kind) == ("Re: order", "hello", "proactive")
    assert (message.language, message.format) == ("de", "html")
    assert context.marketplace == "DE"
    assert config.seller_domains == ("shop.example",)
    assert config.phone_contexts == ("carrier",)

    runner = ev.PackRunner(load_pack(None))
    assert runner.linter(config) is runner.linter(ev.lint_inputs(s)[2])
    assert runner.linter(config) is not runner.linter(ev.lint_inputs(_sample_plain())[2])
    assert runner.linter(config).config.seller_domains == ("shop.example",)


def _sample_plain() -> object:
    return ev.parse_case(_case(), "f:1")


def test_marketplace_and_kind_reach_the_rules(make_pack) -> None:
    rules = rule_toml(
        "TST101",
        options='terms = ["ring us"]',
        category="off-platform",
        extra='[rules.applies_to]\nmarketplaces = ["UK"]\nkinds = ["reply"]\n',
    )
    runner = ev.PackRunner(load_pack(make_pack({"pack.toml": PACK_HEADER + rules})))
    assert runner.covered == frozenset({"off-platform"})

    def run(**over: object) -> frozenset[str]:
        case = _case(text="Ring us tomorrow.", expected=["off-platform"], **over)
        return runner.run(ev.parse_case(case, "f:1")).predicted

    assert run(marketplace="UK") == {"off-platform"}
    assert run(marketplace="US") == frozenset()
    assert run(marketplace="UK", kind="proactive") == frozenset()
    out = runner.run(ev.parse_case(_case(text="Ring us.", marketplace="UK"), "f:1"))
    assert out.matches == {"off-platform": ("Ring us",)}


# -- linkify fixtures ----------------------------------------------------------------------

FIXTURE = """%
% Links
%
My http://example.com site
http://example.com

google.com: // no port
google.com

name@example.com

>>example.com % markdown blockquote
example.com
"""


def test_fixture_parser_pairs_lines_and_strips_remarks() -> None:
    got = ev.parse_fixture(FIXTURE, "links.txt", is_link=True)
    assert [(x.lineno, x.text, x.target) for x in got] == [
        (4, "My http://example.com site", "http://example.com"),
        (7, "google.com: // no port", "google.com"),
        (10, "name@example.com", "name@example.com"),
        (12, ">>example.com", "example.com"),
    ]
    assert [x.is_email for x in got] == [False, False, True, False]
    nots = ev.parse_fixture(
        "%\nfoo.123\nnode.js and io.js\n\nlocalhost   % only with protocol\n",
        "not_links.txt",
        is_link=False,
    )
    assert [x.text for x in nots] == ["foo.123", "node.js and io.js", "localhost"]
    assert not any(x.is_link or x.is_email for x in nots)


def test_linkify_scoring() -> None:
    lines = [
        *ev.parse_fixture(FIXTURE, "links.txt", is_link=True),
        *ev.parse_fixture("foo.123\n@example.com\n", "not_links.txt", is_link=False),
    ]
    answers = {
        "My http://example.com site": {"link-insecure", "link-unnecessary"},
        "google.com: // no port": set(),
        "name@example.com": {"contact-email"},
        ">>example.com": {"link-unnecessary"},
        "foo.123": {"link-unnecessary"},
        "@example.com": {"contact-social"},
    }

    def run(text: str) -> object:
        return outcome(sample("l", set()), answers[text])

    ls = ev.score_linkify(lines, run, "9.9")
    assert (ls.links.tp, ls.links.fp, ls.links.fn) == (2, 1, 1)
    assert (ls.emails_found, ls.emails_total, ls.not_links_total) == (1, 1, 2)
    assert ls.other_on_not_links == Counter({"contact-social": 1})
    assert sorted((k, ln.text) for k, ln, _ in ls.misses) == [
        ("FN", "google.com: // no port"),
        ("FP", "foo.123"),
    ]


def test_cached_sdist_is_used_without_pip(tmp_path: Path) -> None:
    (tmp_path / "linkify_it_py-1.0.0.tar.gz").write_bytes(b"")
    path, how = ev.fetch_linkify(tmp_path)
    assert path == tmp_path / "linkify_it_py-1.0.0.tar.gz"
    assert how == "cached"


# -- the command ---------------------------------------------------------------------------


def test_main_json_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "c.jsonl"
    rows = [
        _case(
            id="a-1", text="Write to jane@example.com", expected=["contact-email"], tags=["plain"]
        ),
        _case(id="a-2", text="The lamp is 40 cm tall.", expected=["template-syntax"], tags=[]),
    ]
    cases.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "d", "body": "hi", "expected": ["none"]}) + "\n")
    argv = ["--cases", str(cases), "--corpus", str(corpus), "--no-linkify", "--json"]
    assert ev.main([*argv, "--category", "contact-email", "--show-errors"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cases"]["messages"] == 2
    assert set(out["cases"]["categories"]) == {"contact-email"}
    assert out["cases"]["categories"]["contact-email"]["support"] == 1
    assert out["corpus"]["messages"] == 1
    assert out["linkify"] == {"skipped": "--no-linkify"}
    assert ev.main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cases"]["not_covered"] == {"template-syntax": 1}  # no rule has it yet

    assert ev.main(["--cases", str(tmp_path / "nope.jsonl"), "--no-linkify"]) == 2
    assert ev.main(["--cases", str(cases), "--corpus", str(tmp_path / "no.jsonl")]) == 2
    assert ev.main(["--cases", str(cases), "--no-linkify", "--category", "contact-fax"]) == 2
    capsys.readouterr()


# -- the case files ------------------------------------------------------------------------


def test_every_case_line_parses_with_taxonomy_categories_and_known_tags() -> None:
    files = sorted(ev.CASES_DIR.glob("*.jsonl"))
    assert files
    for f in files:
        for s in ev.load_jsonl(f, ev.parse_case):
            assert s.expected <= CATEGORIES.keys()
            assert set(s.tags) <= ev.KNOWN_TAGS


def test_case_hygiene() -> None:
    for s in CASES:
        assert ("config" in s.tags) == bool(s.config), s.id
        if "debatable" in s.tags:
            assert s.note.startswith("DEBATABLE"), s.id
        if "hard-negative" in s.tags:
            assert not s.expected & {c for c in CATEGORIES if c.startswith(("contact", "link"))}
        assert not ("hard-negative" in s.tags and "disguised" in s.tags), s.id


def test_minimum_counts() -> None:
    tags = Counter(t for s in CASES for t in s.tags)
    langs = Counter(s.language for s in CASES)
    assert len(CASES) >= 350
    assert tags["hard-negative"] >= 110
    assert tags["disguised"] >= 110
    for lang in ("de", "fr", "es", "it", "ja"):
        assert langs[lang] >= 25, lang
    assert len({s.marketplace for s in CASES}) >= 8
    covered = Counter(c for s in CASES for c in s.expected)
    issue3 = CONTACT_AND_LINK_CATEGORIES
    for c in issue3:
        assert covered[c] >= 10, c
