"""End to end: template files whose expected findings are annotated inline
(`{# expect: CODE #}` on the line), run through the CLI in every output format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bsm_lint.cli import main
from conftest import FIXTURES

E2E = FIXTURES / "e2e"
_EXPECT = re.compile(r"\{#\s*expect:\s*([A-Z0-9, ]+?)\s*#\}")
_CODES = ("BSM101", "BSM201")  # the rules these fixtures exercise


def expected() -> set[tuple[str, int, str]]:
    found = set()
    for f in sorted(E2E.iterdir()):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            for m in _EXPECT.finditer(line):
                for code in m.group(1).split(","):
                    found.add((f.name, n, code.strip()))
    return found


def _run(fmt: str, capsys, monkeypatch) -> str:
    monkeypatch.chdir(E2E)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(["check", ".", "--isolated", "--select", ",".join(_CODES), "--format", fmt])
    assert code == 1
    return capsys.readouterr().out


def _parse(fmt: str, out: str) -> set[tuple[str, int, str]]:
    if fmt == "text":
        rx = re.compile(r"^(?:\./)?([^:\s]+):(\d+):\d+: (\w+) ", re.M)
        return {(Path(f).name, int(n), c) for f, n, c in rx.findall(out)}
    if fmt == "github":
        rx = re.compile(r"^::\w+ file=([^,]+),line=(\d+),.*title=(\w+) ", re.M)
        return {(Path(f).name, int(n), c) for f, n, c in rx.findall(out)}
    if fmt == "json":
        doc = json.loads(out)
        return {
            (Path(f["path"]).name, v["line"], v["rule_id"])
            for f in doc["files"]
            for v in f["violations"]
            if not v["suppressed"]
        }
    doc = json.loads(out)
    return {
        (
            Path(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).name,
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["ruleId"],
        )
        for r in doc["runs"][0]["results"]
        if not r.get("suppressions")
    }


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_annotated_fixtures(fmt: str, capsys, monkeypatch) -> None:
    assert _parse(fmt, _run(fmt, capsys, monkeypatch)) == expected()
