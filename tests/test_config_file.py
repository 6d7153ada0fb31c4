"""Config files: discovery by walking up, CLI flags over file values, errors at file:line:key,
per-file ignores, include/exclude globs, and committed JSON Schemas that are not stale."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bsm_lint.cli import main
from bsm_lint.config_file import find_config_file, load_config_file
from bsm_lint.errors import ConfigError
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import gen_schemas

GOLDEN_PACK = ROOT / "tests" / "fixtures" / "golden" / "pack"


def _project(tmp_path: Path, config: str, name: str = "bsm-lint.toml") -> Path:
    (tmp_path / name).write_text(config, encoding="utf-8")
    t = tmp_path / "templates"
    (t / "legacy").mkdir(parents=True)
    (t / "a.txt").write_text("See http://a.example.com/x\n", encoding="utf-8")
    (t / "legacy" / "b.txt").write_text("See http://b.example.com/x\n", encoding="utf-8")
    (t / "notes.rst").write_text("See http://c.example.com/x\n", encoding="utf-8")
    return t


def test_found_by_walking_up_from_the_input(tmp_path: Path, capsys) -> None:
    t = _project(tmp_path, f'pack = "{GOLDEN_PACK}"\nignore = ["GLD201"]\n')
    assert find_config_file(t / "legacy" / "b.txt") == tmp_path / "bsm-lint.toml"
    assert main(["check", str(t)]) == 0
    assert "All clear: 2 files checked" in capsys.readouterr().out


def test_pyproject_table_and_kebab_keys(tmp_path: Path, capsys) -> None:
    t = _project(
        tmp_path,
        f'[project]\nname = "x"\n[tool.bsm-lint]\npack = "{GOLDEN_PACK}"\nfail-level = "error"\n',
        name="pyproject.toml",
    )
    assert main(["check", str(t)]) == 0  # GLD201 is a warning; the fail level is error
    assert main(["check", str(t), "--fail-level", "warning"]) == 1  # the flag wins
    capsys.readouterr()


def test_per_file_ignores_and_globs(tmp_path: Path, capsys) -> None:
    t = _project(
        tmp_path,
        f'pack = "{GOLDEN_PACK}"\nfail-level = "warning"\n'
        'exclude = ["*.md"]\n[per-file-ignores]\n"templates/legacy/*" = ["link-insecure"]\n',
    )
    assert main(["check", str(t), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert "a.txt" in out
    assert "b.example.com" not in out  # ignored for legacy/
    assert "notes.rst" not in out  # not an included ending


def test_bad_config_exits_2_with_file_line_key(tmp_path: Path, capsys) -> None:
    t = _project(tmp_path, 'select = ["BSM1"]\n\nfail-levle = "error"\n')
    assert main(["check", str(t)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'bsm-lint.toml'}:3: fail-levle: unknown key" in err


def test_bad_value_in_pyproject(tmp_path: Path) -> None:
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text('[tool.bsm-lint]\nfail-level = "loud"\n')
    with pytest.raises(ConfigError, match=f"{cfg}:2: fail-level:"):
        load_config_file(cfg)


def test_isolated_ignores_the_config(tmp_path: Path, capsys) -> None:
    t = _project(tmp_path, "this is not toml")
    assert main(["check", str(t), "--isolated", "--pack", str(GOLDEN_PACK)]) == 0
    assert main(["check", str(t)]) == 2
    capsys.readouterr()


def test_schemas_are_not_stale() -> None:
    assert gen_schemas.stale() == [], "run: python scripts/gen_schemas.py"


def test_rule_docs_are_not_stale() -> None:
    import gen_rule_docs

    assert gen_rule_docs.stale() == [], "run: python scripts/gen_rule_docs.py"
