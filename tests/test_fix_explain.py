"""`bsm-lint fix` redacts in place (front matter untouched), previews with --diff, and is
idempotent; `bsm-lint explain` shows the rule's rationale, policy and examples."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from bsm_lint.cli import main
from conftest import FIXTURES

PACK = str(FIXTURES / "golden" / "pack")
TEMPLATE = '+++\nsubject = "Hi"\n+++\nMail jane@shop.com or bob@shop.de.\nhttp://a.example.com/x\n'


def test_fix_writes_redactions_and_is_idempotent(tmp_path: Path, capsys) -> None:
    f = tmp_path / "t.txt"
    f.write_text(TEMPLATE, encoding="utf-8")
    assert main(["fix", str(f), "--pack", PACK, "--isolated"]) == 0  # only a warning is left
    once = f.read_text(encoding="utf-8")
    assert once == (
        '+++\nsubject = "Hi"\n+++\nMail [email removed] or [email removed].\n'
        "http://a.example.com/x\n"
    )
    assert main(["fix", str(f), "--pack", PACK, "--isolated"]) == 0
    assert f.read_text(encoding="utf-8") == once
    capsys.readouterr()


def test_fix_diff_writes_nothing(tmp_path: Path, capsys) -> None:
    f = tmp_path / "t.txt"
    f.write_text(TEMPLATE, encoding="utf-8")
    main(["fix", str(f), "--pack", PACK, "--isolated", "--diff"])
    out = capsys.readouterr().out
    assert "-Mail jane@shop.com or bob@shop.de." in out
    assert "+Mail [email removed] or [email removed]." in out
    assert f.read_text(encoding="utf-8") == TEMPLATE


def test_fix_stdin_prints_the_fixed_text(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Mail jane@shop.com")))
    main(["fix", "-", "--pack", PACK, "--isolated"])
    assert capsys.readouterr().out == "Mail [email removed]"


def test_fix_exit_1_when_unfixable_errors_remain(tmp_path: Path, capsys) -> None:
    f = tmp_path / "t.txt"
    f.write_text("http://a.example.com/x\n", encoding="utf-8")
    assert main(["fix", str(f), "--pack", PACK, "--isolated", "--fail-level", "warning"]) == 1
    capsys.readouterr()


def test_explain(capsys) -> None:
    assert main(["explain", "gld101", "--pack", PACK]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GLD101 email-address  [contact-email, error]")
    assert "MSG-MODEL: https://example.org/messaging.json" in out
    assert "Cannot be suppressed inline." in out
    assert main(["explain", "NOPE123", "--pack", PACK]) == 2
