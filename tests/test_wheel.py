"""The default pack ships inside the wheel: build it, install it in a fresh venv outside the
repository, and lint with the bundled pack from there."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT

DEPS = ("regex", "pydantic", "phonenumbers", "tldextract", "magic")


@pytest.mark.slow
def test_wheel_contains_pack_and_lints_from_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    wheel = next(dist.glob("bsm_lint-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "bsm_lint/rules/amazon-bsm/pack.toml" in names
    assert "bsm_lint/py.typed" in names

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, system_site_packages=True)
    py = env_dir / "bin" / "python"
    pip = [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, timeout=300)
    probe = subprocess.run([str(py), "-c", f"import {', '.join(DEPS)}"], capture_output=True)
    if probe.returncode != 0:  # the base interpreter lacks a dependency: install them
        subprocess.run([*pip, str(wheel)], check=True, timeout=600)

    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "m.txt").write_text("Mail jane@shop.com, see http://shop.com/x\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [str(py), "-c", "import bsm_lint.packs.loader as l; print(l.bundled_packs_dir())"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(env_dir), where
    proc = subprocess.run(
        [str(env_dir / "bin" / "bsm-lint"), "check", "m.txt", "--format", "json"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert '"contact-email"' in proc.stdout
    assert '"link-insecure"' in proc.stdout
