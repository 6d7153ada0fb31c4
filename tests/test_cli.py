"""The command line: exit codes 0/1/2, stdin, formats, pack errors, non-UTF-8 input."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bsm_lint.cli import main
from conftest import PACK_HEADER, ROOT, rule_toml


def _run(
    argv: list[str], capsys, stdin: bytes | None = None, monkeypatch=None
) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_stdin_json_done_when(capsys, monkeypatch) -> None:
    body = "Write to jane@shop.com or see http://shop.com/x"
    code, out, _ = _run(["check", "-", "--format", "json"], capsys, body.encode(), monkeypatch)
    assert code == 1
    doc = json.loads(out)
    vs = doc["files"][0]["violations"]
    assert [(v["category"], v["start"], v["end"]) for v in vs] == [
        ("contact-email", 9, 22),
        ("link-insecure", 30, 47),
        ("link-unnecessary", 30, 47),  # the seller's own site is not needed for the order
    ]
    assert vs[0]["match"] == "j***@s***.c**"  # contact data is never echoed in full
    assert doc["schema_version"] == "1.0"
    assert doc["pack"]["id"] == "amazon-bsm"


def test_clean_file_exits_0_and_text_format(tmp_path: Path, capsys) -> None:
    f = tmp_path / "ok.txt"
    f.write_text("Your engraving text: is 'For Anna' correct?\n")
    code, out, _ = _run(["check", str(f)], capsys)
    assert code == 0
    assert "All clear" in out


def test_text_format_lines(tmp_path: Path, capsys) -> None:
    f = tmp_path / "bad.txt"
    f.write_text("Hello,\nmail jane@shop.com\n")
    code, out, _ = _run(["check", str(tmp_path)], capsys)
    assert code == 1
    assert (
        out.splitlines()[0]
        == f"{f}:2:6: BSM101 [error] Email address in the message: buyers must reach you "
        "through Amazon messaging only."
    )


def test_fail_level_and_select(tmp_path: Path, capsys) -> None:
    f = tmp_path / "a.txt"
    f.write_text("see http://a.com/b")
    assert _run(["check", str(f), "--ignore", "BSM201,BSM204"], capsys)[0] == 0
    assert _run(["check", str(f), "--select", "BSM1"], capsys)[0] == 0
    assert _run(["check", str(f), "--fail-level", "warning"], capsys)[0] == 1


def test_non_utf8_input_exits_2_naming_file_and_byte(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"Caf\xe9 au lait\n")
    good = tmp_path / "b.txt"
    good.write_text("mail jane@shop.com")
    code, out, _ = _run(["check", str(bad), str(good)], capsys)
    assert code == 2
    assert f"{bad}: error: not UTF-8: byte 0xe9 at offset 3 (line 1)" in out
    assert "BSM101" in out  # the other file is still linted: nothing is lost


def test_missing_path_is_reported_and_the_rest_still_linted(tmp_path: Path, capsys) -> None:
    good = tmp_path / "b.txt"
    good.write_text("mail jane@shop.com")
    code, out, _ = _run(["check", "/no/such/file.txt", str(good)], capsys)
    assert code == 2
    assert "/no/such/file.txt: error: no such file or folder" in out
    assert "BSM101" in out


def test_usage_error_exits_2(capsys) -> None:
    assert _run(["check"], capsys)[0] == 2
    assert _run(["frobnicate"], capsys)[0] == 2


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"pack.toml": PACK_HEADER + "[[rules]\n"}, ":5: invalid TOML"),
        (
            {"pack.toml": PACK_HEADER + rule_toml(options='terms = ["x"]\nbogus = 1')},
            "rules.options.bogus: unknown key",
        ),
        (
            {
                "pack.toml": PACK_HEADER
                + rule_toml(options='regexes = ["[a-"]', extra='keywords = ["a"]')
            },
            "rules.options.regexes: bad regex",
        ),
        (
            {
                "pack.toml": PACK_HEADER
                + rule_toml(options='terms = ["x"]', extra='[rules.examples]\nfail = ["y"]\n')
            },
            "rules.examples.fail: example must fail",
        ),
    ],
    ids=["bad-toml", "unknown-key", "bad-regex", "failing-example"],
)
def test_broken_pack_exits_2_with_file_line_key(
    files, expected, make_pack, tmp_path: Path, capsys
) -> None:
    folder = make_pack(files)
    msg = tmp_path / "m.txt"
    msg.write_text("hello")
    code, _, err = _run(["check", str(msg), "--pack", str(folder)], capsys)
    assert code == 2
    assert f"{folder / 'pack.toml'}:" in err
    assert expected in err
    line = err.split(f"{folder / 'pack.toml'}:", 1)[1].split(":", 1)[0]
    assert line.isdigit()


def test_timeout_exits_2(make_pack, tmp_path: Path, capsys) -> None:
    folder = make_pack({"pack.toml": PACK_HEADER + rule_toml(options=r'regexes = ["^(a|aa)+$"]')})
    msg = tmp_path / "m.txt"
    msg.write_text("a" * 60 + "b")
    code, out, _ = _run(["check", str(msg), "--pack", str(folder), "--timeout", "0.05"], capsys)
    assert code == 2
    assert "time budget" in out


def test_rules_schema_and_test_pack(capsys) -> None:
    code, out, _ = _run(["rules"], capsys)
    assert code == 0
    assert "BSM101  email-address" in out
    assert "contact-email" in out
    code, out, _ = _run(["rules", "--format", "json"], capsys)
    assert {r["code"] for r in json.loads(out)} >= {"BSM101", "BSM201"}
    code, out, _ = _run(["schema"], capsys)
    schema = json.loads(out)
    assert code == 0
    assert "RuleSpec" in schema["$defs"]
    assert schema["$defs"]["RuleSpec"]["additionalProperties"] is False
    code, out, _ = _run(["test-pack"], capsys)
    assert code == 0
    assert "0 failing" in out


def test_examples_folder_runs(capsys) -> None:
    code, out, _ = _run(["check", str(ROOT / "examples")], capsys)
    assert code in (0, 1), out
