"""From the command line: a template with front matter (dates, message type, attachments)
and an SP-API payload file give exact, explained context and attachment findings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bsm_lint.cli import main
from conftest import FIXTURES

ATTACHMENTS = FIXTURES / "attachments"


def _check(path: Path, capsys) -> tuple[int, dict]:
    code = main(["check", str(path), "--isolated", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_front_matter_dates_type_and_attachments(tmp_path: Path, capsys) -> None:
    shutil.copy(ATTACHMENTS / "renamed-exe.pdf", tmp_path / "manual.pdf")
    t = tmp_path / "late.txt"
    t.write_text(
        "+++\n"
        'subject = "[Important] your manual"\n'
        'message_type = "confirmOrderDetails"\n'
        'attachments = ["manual.pdf"]\n'
        "[context]\n"
        "latest_delivery = 2026-09-01T12:00:00+02:00\n"
        "now = 2026-11-20T09:00:00+01:00\n"
        "+++\n"
        "Here is the manual for your order.\n",
        encoding="utf-8",
    )
    code, doc = _check(t, capsys)
    assert code == 1
    cats = {v["category"] for v in doc["files"][0]["violations"]}
    assert {"window-expired", "important-flag-misuse", "message-type"} <= cats
    assert "attachment-content" in cats or "attachment-mismatch" in cats
    subject = [v for v in doc["files"][0]["violations"] if v["field"] == "subject"]
    assert subject
    assert subject[0]["line"] == 2


def test_payload_file_points_inside_the_json_string(tmp_path: Path, capsys) -> None:
    p = tmp_path / "payload.json"
    p.write_text(
        json.dumps(
            {
                "operation": "createConfirmDeliveryDetails",
                "body": {"text": 'Caf\u00e9 "note": write to jane@shop.com please'},
                "context": {"marketplace": "DE"},
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    code, doc = _check(p, capsys)
    assert code == 1
    (email,) = [v for v in doc["files"][0]["violations"] if v["category"] == "contact-email"]
    raw_line = p.read_text(encoding="utf-8").splitlines()[email["line"] - 1]
    assert raw_line[email["column"] - 1 :].startswith("jane@")


def test_payload_with_too_long_text(tmp_path: Path, capsys) -> None:
    p = tmp_path / "long.json"
    p.write_text(
        json.dumps({"operation": "digitalAccessKey", "body": {"text": "Your key: " + "x" * 420}}),
        encoding="utf-8",
    )
    code, doc = _check(p, capsys)
    assert code == 1
    assert "text-length" in {v["category"] for v in doc["files"][0]["violations"]}
