"""One golden file per output format, on a frozen pack and two templates; plus SARIF schema
validation and GitHub escaping. Regenerate goldens with `BSM_LINT_REGOLD=1 pytest`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bsm_lint.cli import main
from bsm_lint.formats.github_format import escape_data, escape_property
from conftest import FIXTURES

GOLDEN = FIXTURES / "golden"


def _output(fmt: str, capsys, monkeypatch) -> tuple[int, str]:
    monkeypatch.chdir(GOLDEN)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(["check", "templates", "--pack", "pack", "--isolated", "--format", fmt])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_golden(fmt: str, capsys, monkeypatch) -> None:
    code, out = _output(fmt, capsys, monkeypatch)
    assert code == 1
    golden = GOLDEN / f"expected.{fmt}"
    if os.environ.get("BSM_LINT_REGOLD"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_machine_formats_never_show_the_full_contact_detail(capsys, monkeypatch) -> None:
    for fmt in ("json", "sarif", "github", "text"):
        _, out = _output(fmt, capsys, monkeypatch)
        assert "jane@shop.com" not in out, fmt
        assert "help@shop.com" not in out, fmt


def test_sarif_is_valid_sarif_2_1_0(capsys, monkeypatch) -> None:
    model = pytest.importorskip("pydantic_sarif.model")
    _, out = _output("sarif", capsys, monkeypatch)
    doc = model.StaticAnalysisResultsFormatSarifVersion210JsonSchema.model_validate_json(out)
    run = doc.runs[0]
    results = json.loads(out)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["GLD101", "GLD201", "GLD101", "GLD201"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert suppressed[0]["suppressions"][0]["justification"].startswith("legacy carrier")
    assert all(r["partialFingerprints"]["bsmLint/v1"] for r in results)
    assert run.tool.driver.rules is not None
    assert json.loads(out)["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"].startswith("https")


def test_auto_format_picks_github_in_actions(capsys, monkeypatch) -> None:
    monkeypatch.chdir(GOLDEN)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    main(["check", "templates", "--pack", "pack", "--isolated", "--format", "auto"])
    assert capsys.readouterr().out.startswith("::error file=")


def test_github_escaping() -> None:
    assert escape_data("50% off\r\nnow") == "50%25 off%0D%0Anow"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_statistics(capsys, monkeypatch) -> None:
    monkeypatch.chdir(GOLDEN)
    main(["check", "templates", "--pack", "pack", "--isolated", "--statistics"])
    out = capsys.readouterr().out
    assert "    2  GLD101  email-address" in out
    assert "    1  GLD201  insecure-link" in out


def test_front_matter_positions_point_into_the_file(capsys, monkeypatch) -> None:
    _, out = _output("json", capsys, monkeypatch)
    doc = json.loads(out)
    file = next(f for f in doc["files"] if f["path"].endswith("order-note.txt"))
    lines = (GOLDEN / "templates" / "order-note.txt").read_text().splitlines()
    for v in file["violations"]:
        line = lines[v["line"] - 1]
        assert line[v["column"] - 1 :].startswith(v["match"][0]), v
    assert Path(file["path"]).name == "order-note.txt"
