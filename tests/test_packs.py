"""Pack loading: every error names file, line and key; extends, disable, overrides merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from bsm_lint import Linter, Message, PackError, load_pack
from bsm_lint.packs.loader import bundled_packs_dir
from conftest import PACK_HEADER, rule_toml

GOOD_RULE = rule_toml(
    options='terms = ["buy now"]',
    extra='[rules.examples]\nfail = ["Buy now!"]\npass = ["Buy it later."]\n',
)


def _err(folder: Path, strict: bool = False) -> PackError:
    with pytest.raises(PackError) as info:
        Linter(load_pack(folder, strict=strict))
    return info.value


def test_default_pack_is_bundled_and_loads_strictly() -> None:
    pack = load_pack(strict=True)
    assert pack.id == "amazon-bsm"
    assert pack.hash.startswith("sha256:")
    assert (bundled_packs_dir() / "amazon-bsm" / "pack.toml").is_file()


def test_bad_toml_names_file_and_line(make_pack) -> None:
    folder = make_pack({"pack.toml": PACK_HEADER + "\n[[rules]]\ncode = \n"})
    e = _err(folder)
    assert e.file.endswith("pack.toml")
    assert e.line == 7
    assert "invalid TOML" in str(e)


def test_unknown_key_names_line_and_key(make_pack) -> None:
    folder = make_pack(
        {
            "pack.toml": PACK_HEADER
            + GOOD_RULE.replace('policy = "TEST"', 'policy = "TEST"\nseverty = "x"')
        }
    )
    e = _err(folder)
    text = (folder / "pack.toml").read_text().splitlines()
    assert e.key == "rules.severty"
    assert e.problem == "unknown key"
    assert text[e.line - 1].startswith("severty")
    assert str(e).startswith(f"{folder / 'pack.toml'}:{e.line}: rules.severty: unknown key")


def test_unknown_option_of_a_check_kind(make_pack) -> None:
    folder = make_pack(
        {"pack.toml": PACK_HEADER + rule_toml(options='terms = ["x"]\nterm = ["y"]')}
    )
    e = _err(folder)
    assert e.key == "rules.options.term"
    assert e.problem == "unknown key"
    assert (folder / "pack.toml").read_text().splitlines()[e.line - 1].startswith("term =")


def test_bad_regex_is_reported_at_its_line(make_pack) -> None:
    folder = make_pack({"pack.toml": PACK_HEADER + rule_toml(options='regexes = ["(unclosed"]')})
    e = _err(folder)
    assert "bad regex" in e.problem
    assert e.key == "rules.options.regexes"
    assert (folder / "pack.toml").read_text().splitlines()[e.line - 1].startswith("regexes")


def test_nested_quantifier_is_rejected(make_pack) -> None:
    folder = make_pack(
        {
            "pack.toml": PACK_HEADER
            + rule_toml(options='regexes = ["(a+)+b"]', extra='keywords = ["a"]')
        }
    )
    assert "nested quantifier" in _err(folder).problem


def test_unknown_category_and_check_kind(make_pack) -> None:
    e = _err(
        make_pack({"pack.toml": PACK_HEADER + rule_toml(options='terms = ["x"]', category="spam")})
    )
    assert e.key == "rules.category"
    assert "unknown category" in e.problem
    e = _err(make_pack({"pack.toml": PACK_HEADER + rule_toml(check="nope", options="")}, name="q"))
    assert e.key == "rules.check"
    assert "unknown check kind" in e.problem


def test_message_template_fields_are_checked(make_pack) -> None:
    rule = rule_toml(options='terms = ["x"]').replace(
        'message = "found {match}"', 'message = "found {url}"'
    )
    e = _err(make_pack({"pack.toml": PACK_HEADER + rule}))
    assert e.key == "rules.message"
    assert "{url}" in e.problem


def test_failing_example_refuses_strict_load(make_pack) -> None:
    rule = rule_toml(
        options='terms = ["buy now"]', extra='[rules.examples]\nfail = ["Buy later"]\n'
    )
    folder = make_pack({"pack.toml": PACK_HEADER + rule})
    load_pack(folder)  # not strict: loads
    e = _err(folder, strict=True)
    assert e.key == "rules.examples.fail"
    assert "must fail but passed" in e.problem
    assert "fail =" in (folder / "pack.toml").read_text().splitlines()[e.line - 1]


def test_included_rule_files_and_phrase_lists(make_pack) -> None:
    folder = make_pack(
        {
            "pack.toml": PACK_HEADER + 'rules = ["rules/*.toml"]\nphrases = ["phrases/*.toml"]\n',
            "rules/a.toml": rule_toml(options='terms = ["@promo"]'),
            "phrases/en.toml": 'language = "en"\n[lists]\npromo = ["big sale"]\n',
            "phrases/de.toml": 'language = "de"\n[lists]\npromo = ["Schlussverkauf"]\n',
        }
    )
    linter = Linter(load_pack(folder))
    assert linter.lint(Message(body="Our big sale starts", language="en")).violations
    assert not linter.lint(Message(body="Our big sale starts", language="de")).violations
    assert linter.lint(Message(body="Großer Schlussverkauf")).violations  # unknown language: all


def test_unknown_list_reference(make_pack) -> None:
    e = _err(make_pack({"pack.toml": PACK_HEADER + rule_toml(options='terms = ["@nolist"]')}))
    assert "unknown phrase list @nolist" in e.problem


def test_include_glob_matching_nothing(make_pack) -> None:
    e = _err(make_pack({"pack.toml": PACK_HEADER + 'rules = ["nope/*.toml"]\n'}))
    assert e.key == "pack.rules"
    assert "matches no file" in e.problem


def test_extends_merges_by_code_disables_and_overrides(make_pack, tmp_path: Path) -> None:
    make_pack(
        {
            "pack.toml": PACK_HEADER
            + GOOD_RULE
            + rule_toml("TST102", options='terms = ["act fast"]')
        },
        name="base",
    )
    child = make_pack(
        {
            "pack.toml": """
[pack]
id = "child"
version = "1.0"
extends = ["../base"]
disable = ["TST102"]

[severity]
TST101 = "warning"

[allow]
TST101 = ["^order today$"]

[[rules]]
code = "TST101"
[rules.options]
terms = ["buy now", "order today"]
""",
        },
        name="child",
    )
    pack = load_pack(child)
    assert [r.spec.code for r in pack.rules] == ["TST101"]
    linter = Linter(pack)
    vs = linter.lint(Message(body="Order today, or buy now from Amazon, or buy now.")).violations
    assert [v.match for v in vs] == ["buy now", "buy now"]  # "Order today" is allowed
    assert all(v.severity.value == "warning" for v in vs)


def test_extends_bundled_pack_by_name(make_pack) -> None:
    folder = make_pack(
        {
            "pack.toml": '[pack]\nid = "mine"\nversion = "1.0"\n'
            'extends = "amazon-bsm"\ndisable = ["BSM201"]\n'
        }
    )
    pack = load_pack(folder, strict=True)
    codes = {r.spec.code for r in pack.rules}
    assert "BSM101" in codes
    assert "BSM201" not in codes
    assert pack.hash != load_pack().hash


def test_extends_cycle_and_unknown_disable(make_pack) -> None:
    a = make_pack({"pack.toml": '[pack]\nid = "a"\nversion = "1.0"\nextends = "../b"\n'}, name="a")
    make_pack({"pack.toml": '[pack]\nid = "b"\nversion = "1.0"\nextends = "../a"\n'}, name="b")
    assert "cycle" in _err(a).problem
    c = make_pack(
        {"pack.toml": '[pack]\nid = "c"\nversion = "1.0"\ndisable = ["XX999"]\n'}, name="c"
    )
    e = _err(c)
    assert e.key == "pack.disable"
    assert e.line == 4


def test_duplicate_code_in_one_pack(make_pack) -> None:
    e = _err(make_pack({"pack.toml": PACK_HEADER + GOOD_RULE + GOOD_RULE}))
    assert "duplicate rule code" in e.problem


def test_non_utf8_pack_file(make_pack) -> None:
    folder = make_pack({"pack.toml": PACK_HEADER})
    (folder / "pack.toml").write_bytes(PACK_HEADER.encode() + b"# caf\xe9\n")
    e = _err(folder)
    assert "not UTF-8" in e.problem
    assert "0xe9" in e.problem
    assert e.line == 5


def test_missing_pack() -> None:
    with pytest.raises(PackError, match="not found"):
        load_pack("no-such-pack")


def test_data_files_merge_and_reach_checks(make_pack) -> None:
    base = make_pack(
        {
            "pack.toml": PACK_HEADER + 'data = ["data/*.toml"]\n',
            "data/types.toml": "[message_types.invoice]\ntext = false\n",
        },
        name="base",
    )
    child = make_pack(
        {
            "pack.toml": '[pack]\nid = "c"\nversion = "1.0"\nextends = "../base"\n'
            'data = ["more.toml"]\n',
            "more.toml": "[limits]\nmax_attachments = 5\n",
        },
        name="child",
    )
    assert load_pack(base).data == {"message_types": {"invoice": {"text": False}}}
    assert load_pack(child).data == {
        "message_types": {"invoice": {"text": False}},
        "limits": {"max_attachments": 5},
    }
    assert load_pack(child).hash != load_pack(base).hash


def test_keyword_groups_all_must_occur(make_pack) -> None:
    """`keywords` as a list of lists: the rule runs only when every group has a keyword."""
    rule = rule_toml(
        options='regexes = ["shop: https?://\\\\S+"]',
        extra='keywords = [["shop"], ["http"]]',
    )
    linter = Linter(load_pack(make_pack({"pack.toml": PACK_HEADER + rule})))
    (compiled,) = linter.rules
    assert compiled.check.keyword_groups == (
        frozenset({(False, "shop")}),
        frozenset({(False, "http")}),
    )
    assert linter.lint(Message(body="Our shop: https://x.example")).violations
    # Both keywords present but the regex does not match; one group missing: not even run.
    assert not linter.lint(Message(body="shop, http")).violations
    assert not Linter(linter.pack, prefilter=True).lint(Message(body="shop only")).violations


@pytest.mark.parametrize("keywords", ['[["a"], []]', '[["a"], "b"]', '[["a", ""]]', "[[]]"])
def test_bad_keyword_groups_name_the_key(make_pack, keywords: str) -> None:
    rule = rule_toml(options='terms = ["x"]', extra=f"keywords = {keywords}")
    e = _err(make_pack({"pack.toml": PACK_HEADER + rule}))
    assert e.key.startswith("rules.keywords")
