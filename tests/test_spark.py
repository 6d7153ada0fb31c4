"""The PySpark integration in local mode: the violations DataFrame equals `Linter.lint`."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

pytest.importorskip("pyspark", reason="the spark extra is not installed (pip install '.[spark]')")

from bsm_lint import Context, LintConfig, Linter, Message
from bsm_lint.integrations.spark import (
    VIOLATION_FIELDS,
    _linter,
    _Spec,
    lint_dataframe,
)

JAVA = shutil.which("java") or (
    os.environ.get("JAVA_HOME") and shutil.which("java", path=os.environ["JAVA_HOME"] + "/bin")
)
pytestmark = pytest.mark.skipif(
    not JAVA, reason="no Java runtime: Spark needs one (.ci/run installs default-jre-headless)"
)

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers must import bsm_lint
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # loopback only
    session = (
        SparkSession.builder.master("local[2]")
        .appName("bsm-lint-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        # Not UTC, so naive timestamps handed to pandas must be read in this zone.
        .config("spark.sql.session.timeZone", "America/Los_Angeles")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _rows() -> list[dict[str, Any]]:
    bodies = [
        "Please write to jane{i}@example.org about order {i}.",
        "Your parcel {i} left today. Thank you for your order!",
        "Leave us a 5-star review for order {i} and get a discount!",
        "Track it at http://track{i}.example.com/x or call +1 415 555 01{i:02d}.",
        "Bitte schreiben Sie an hans{i}@beispiel.de wegen Bestellung {i}.",
    ]
    rows = []
    for i in range(30):
        delivered = NOW - timedelta(days=5 * i)
        rows.append(
            {
                "id": f"m-{i:03d}",
                "subject": f"Order {i}" if i % 2 else None,
                "body": bodies[i % len(bodies)].format(i=i),
                "kind": "reply" if i % 7 == 0 else "proactive",
                "language": "de" if i % 5 == 4 else None,
                "marketplace": "DE" if i % 5 == 4 else "US",
                "message_type": "confirmDeliveryDetails" if i % 3 == 0 else None,
                "latest_delivery": delivered,
                "now": NOW,
            }
        )
    return rows


def _expected(rows: list[dict[str, Any]], linter: Linter) -> list[tuple[Any, ...]]:
    out = []
    for r in rows:
        message = Message(
            subject=r["subject"], body=r["body"], kind=r["kind"], language=r["language"]
        )
        context = Context(
            marketplace=r["marketplace"],
            message_type=r["message_type"],
            latest_delivery=r["latest_delivery"],
            now=r["now"],
        )
        for v in linter.lint(message, context).violations:
            out.append(
                (
                    r["id"],
                    v.rule_id,
                    v.category,
                    v.severity.value,
                    v.field,
                    v.start,
                    v.end,
                    v.line,
                    v.column,
                    v.message,
                    v.suppressed,
                    None,
                )
            )
    return sorted(out, key=repr)


SCHEMA = (
    "id string, subject string, body string, kind string, language string,"
    " marketplace string, message_type string, latest_delivery timestamp, now timestamp"
)


def test_round_trip_equals_linter_lint(spark: Any) -> None:
    rows = _rows()
    df = spark.createDataFrame([tuple(r.values()) for r in rows], SCHEMA)
    out = lint_dataframe(df)
    assert out.columns == ["id", *(n for n, _ in VIOLATION_FIELDS)]
    got = sorted((tuple(r) for r in out.collect()), key=repr)
    expected = _expected(rows, Linter())
    assert got == expected
    assert {g[2] for g in got} >= {"contact-email", "link-insecure"}  # the data has findings
    # A date rule saw the dates: messages delivered long before `now` are out of window.
    assert any(g[0] == "m-029" and g[2] == "window-expired" for g in got)


def test_config_and_string_ids_and_error_rows(spark: Any) -> None:
    df = spark.createDataFrame(
        [
            (1, "Mail jane@example.org or see http://shop.example.com", None),
            (2, "All good here, thank you.", None),
            (3, "Mail joe@example.org", "2026-01-01T10:00:00"),  # naive: not a valid date
            (4, "Mail ann@example.org", "2026-01-01T10:00:00+01:00"),
        ],
        "msg_id long, body string, order_date string",
    )
    config = LintConfig(select=("contact-email",))
    rows = lint_dataframe(df, id_col="msg_id", config=config).orderBy("msg_id").collect()
    assert [(r.msg_id, r.rule_id, r.error is None) for r in rows] == [
        (1, "BSM101", True),
        (3, None, False),
        (4, "BSM101", True),
    ]
    assert "order_date" in rows[1].error


def test_partitions_without_findings(spark: Any) -> None:
    clean = [(i, f"Your parcel {i} left our warehouse today.") for i in range(6)]
    df = spark.createDataFrame(clean, "id int, body string").repartition(3)
    config = LintConfig(select=("BSM101",))
    assert lint_dataframe(df, config=config).count() == 0
    mixed = spark.createDataFrame([*clean, (9, "Mail jo@example.org")], "id int, body string")
    rows = lint_dataframe(mixed.repartition(4), config=config).collect()
    assert [(r.id, r.rule_id) for r in rows] == [(9, "BSM101")]


def test_missing_columns_are_refused(spark: Any) -> None:
    df = spark.createDataFrame([(1, "x")], "id long, text string")
    with pytest.raises(ValueError, match="body"):
        lint_dataframe(df)
    with pytest.raises(ValueError, match="id column"):
        lint_dataframe(df, id_col="nope")


def test_one_linter_per_worker_and_config() -> None:
    spec = _Spec(None, LintConfig(select=("BSM101",)).model_dump_json(), 0.5, "id", ("body",), ())
    assert _linter(spec) is _linter(spec)
    other = _Spec(None, LintConfig().model_dump_json(), 0.5, "id", ("body",), ())
    assert _linter(other) is not _linter(spec)
