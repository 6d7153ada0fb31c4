"""`bsm-lint check --jobs N` gives the serial output byte for byte; the progress bar stays
on stderr, and off unless stderr is a terminal or `--progress` forces it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from bsm_lint.cli import main
from conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Varied inputs: findings, clean files, front matter, JSON payloads, unreadable bytes."""
    d = tmp_path_factory.mktemp("inputs")
    for i in range(14):
        if i % 4 == 0:
            text = f"Hello,\nplease mail buyer{i}@example.org about order {i}.\n"
        elif i % 4 == 1:
            text = f"Your parcel {i} left our warehouse today. Thank you!\n"
        elif i % 4 == 2:
            text = (
                '+++\nmessage_type = "confirmDeliveryDetails"\n+++\n'
                f"Visit http://shop{i}.example.com/track for order {i}.\n"
            )
        else:
            text = f"Call us on +1 415 555 {1000 + i:04d} for order {i}.\n"
        (d / f"m{i:02d}.txt").write_text(text, encoding="utf-8")
    (d / "m05.txt").write_bytes(b"caf\xe9 latin-1 bytes\n")  # not UTF-8: an input error
    return d


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("fmt", "jobs"), [("json", "2"), ("text", "0")])  # 0: one per CPU
def test_jobs_output_identical_to_serial(
    tree: Path, fmt: str, jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [
        str(tree),
        str(tree / "missing.txt"),  # reported in its place, between the others
        str(ROOT / "examples"),
        str(FIXTURES / "e2e"),
    ]
    serial = _run(["check", *paths, "--format", fmt], capsys)
    parallel = _run(["check", *paths, "--format", fmt, "--jobs", jobs], capsys)
    assert serial[0] == parallel[0] == 2  # the unreadable files make it an error run
    assert serial[1] == parallel[1]
    assert "missing.txt" in serial[1]
    assert parallel[2] == ""  # no bar: stderr is not a terminal here


def test_negative_jobs_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["check", "x.txt", "--jobs", "-1"], capsys)
    assert code == 2
    assert "--jobs" in err


def test_jobs_with_stdin(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"mail jane@shop.com\n")))
    code, out, _ = _run(["check", "-", "--jobs", "2", "--format", "json"], capsys)
    assert code == 1
    assert '"contact-email"' in out


def test_forced_progress_goes_to_stderr_only(tree: Path, capsys) -> None:
    plain = _run(["check", str(tree), "--format", "json"], capsys)
    code, out, err = _run(["check", str(tree), "--format", "json", "--progress"], capsys)
    assert (code, out) == plain[:2]
    assert "/14" in err  # tqdm's n/total, written to stderr
    assert "/14" not in out


def test_no_progress_wins_over_a_terminal(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    _, _, err = _run(["check", str(tree), "--no-progress"], capsys)
    assert err == ""


def test_auto_progress_waits_for_a_long_run(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """On a terminal the bar appears only after a second: a quick run prints nothing."""
    import bsm_lint.cli as cli

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = cli._progress_bar(3, None)
    assert bar is not None
    bar.update(3)
    bar.close()
    assert capsys.readouterr().err == ""
    assert cli._progress_bar(3, False) is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert cli._progress_bar(3, None) is None
