"""Lint a Spark DataFrame of messages into a DataFrame of violations (`bsm-lint[spark]`).

    from bsm_lint.integrations.spark import lint_dataframe
    violations = lint_dataframe(messages_df)            # one row per finding

The work runs in `mapInPandas`: Arrow batches of messages go to the Python workers, each of
which compiles one `Linter` per pack and config and keeps it in a module-level cache for
every later batch and task (Spark reuses its Python workers by default). The function sent
to the executors is this module's `_lint_batches`, pickled by reference, so the cache is
the worker's real module global and not a copy.

Input columns: the id column (any type, copied to the output), `body` (required), and any
of `subject`, `kind`, `format`, `language`, `marketplace`, `message_type`, `buyer_locale`,
`opted_out`, `window_anchor`, `order_date`, `ship_date`, `earliest_delivery`,
`latest_delivery`, `now`. Date columns may be timestamps (read in the session time zone;
`TIMESTAMP_NTZ` as UTC, and handed to the rules in UTC) or ISO 8601 strings with an
offset.

Output: one row per violation, with the columns of `VIOLATION_FIELDS`. A message that
cannot be linted (a `LintTimeout`, a bad date) gives one row whose `rule_id` is null and
whose `error` says why; the other messages are not affected.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..config import LintConfig
from ..engine import DEFAULT_TIMEOUT, Linter
from ..model import Context, Message

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType

    from ..packs.loader import Pack

__all__ = [
    "CONTEXT_COLUMNS",
    "MESSAGE_COLUMNS",
    "VIOLATION_FIELDS",
    "lint_dataframe",
    "violations_schema",
]

MESSAGE_COLUMNS = ("subject", "body", "kind", "format", "language")
CONTEXT_COLUMNS = (
    "marketplace",
    "message_type",
    "buyer_locale",
    "opted_out",
    "window_anchor",
    "order_date",
    "ship_date",
    "earliest_delivery",
    "latest_delivery",
    "now",
)
_DATE_COLUMNS = frozenset(
    ("order_date", "ship_date", "earliest_delivery", "latest_delivery", "now")
)

#: The output columns after the id column, with their Spark SQL types.
VIOLATION_FIELDS: tuple[tuple[str, str], ...] = (
    ("rule_id", "string"),
    ("category", "string"),
    ("severity", "string"),
    ("field", "string"),
    ("start", "int"),
    ("end", "int"),
    ("line", "int"),
    ("column", "int"),
    ("message", "string"),
    ("suppressed", "boolean"),
    ("error", "string"),
)


@dataclass(frozen=True)
class _Spec:
    """Everything a worker needs, small and picklable: the Linter's recipe, the input
    columns present, and how to read naive timestamps."""

    pack: Pack | str | None
    config_json: str
    timeout: float
    id_col: str
    columns: tuple[str, ...]
    naive_tz: tuple[tuple[str, str], ...]  # date column -> zone of its naive values

    @property
    def key(self) -> tuple[str, str, float]:
        pack = self.pack if self.pack is None or isinstance(self.pack, str) else self.pack.hash
        return (pack or "", self.config_json, self.timeout)


_linters: dict[tuple[str, str, float], Linter] = {}
_linters_lock = threading.Lock()


def _linter(spec: _Spec) -> Linter:
    """One compiled Linter per pack and config in each Python worker, built on first use."""
    linter = _linters.get(spec.key)
    if linter is None:
        with _linters_lock:
            linter = _linters.get(spec.key)
            if linter is None:
                config = LintConfig.model_validate_json(spec.config_json)
                linter = Linter(spec.pack, config, timeout=spec.timeout)
                _linters[spec.key] = linter
    return linter


def violations_schema(id_field: Any) -> StructType:
    """The output schema: the input's id field, then `VIOLATION_FIELDS`."""
    from pyspark.sql.types import (
        BooleanType,
        DataType,
        IntegerType,
        StringType,
        StructField,
        StructType,
    )

    types: dict[str, DataType] = {
        "string": StringType(),
        "int": IntegerType(),
        "boolean": BooleanType(),
    }
    fields = [StructField(id_field.name, id_field.dataType, id_field.nullable)]
    fields += [StructField(name, types[t], True) for name, t in VIOLATION_FIELDS]
    return StructType(fields)


def lint_dataframe(
    df: DataFrame,
    *,
    pack: Pack | str | Path | None = None,
    config: LintConfig | None = None,
    id_col: str = "id",
    timeout: float = DEFAULT_TIMEOUT,
) -> DataFrame:
    """A DataFrame of violations, one row per finding, for a DataFrame of messages.

    `pack` is a bundled pack name, a folder every executor can read, or a loaded `Pack`
    (sent with each task; prefer a name or path for large clusters)."""
    from pyspark.sql.types import TimestampNTZType, TimestampType

    if id_col not in df.columns:
        raise ValueError(f"no id column {id_col!r} in {df.columns}")
    if "body" not in df.columns:
        raise ValueError(f"no body column in {df.columns}")
    wanted = (*MESSAGE_COLUMNS, *CONTEXT_COLUMNS)
    columns = tuple(c for c in wanted if c in df.columns)
    session_tz = df.sparkSession.conf.get("spark.sql.session.timeZone") or "UTC"
    naive_tz: list[tuple[str, str]] = []
    for f in df.schema.fields:
        if f.name in _DATE_COLUMNS and f.name in columns:
            if isinstance(f.dataType, TimestampNTZType):
                naive_tz.append((f.name, "UTC"))
            elif isinstance(f.dataType, TimestampType):
                naive_tz.append((f.name, session_tz))
    pack_ref: Pack | str | None = str(pack) if isinstance(pack, Path) else pack
    spec = _Spec(
        pack=pack_ref,
        config_json=(config or LintConfig()).model_dump_json(),
        timeout=timeout,
        id_col=id_col,
        columns=columns,
        naive_tz=tuple(naive_tz),
    )
    schema = violations_schema(df.schema[id_col])
    return df.select(id_col, *columns).mapInPandas(
        functools.partial(_lint_batches, spec=spec), schema=schema
    )


def _missing(v: Any) -> bool:
    return v is None or v != v  # None, NaN and NaT (pandas' missing values are not equal)


def _date(v: Any, zone: tzinfo | None) -> Any:
    if _missing(v):
        return None
    if hasattr(v, "to_pydatetime"):  # a pandas Timestamp
        v = v.to_pydatetime()
    if isinstance(v, datetime) and v.tzinfo is None and zone is not None:
        return v.replace(tzinfo=zone).astimezone(UTC)  # a Spark timestamp is an instant
    return v  # aware datetimes and strings: Context validates them


def _item(row: dict[str, Any], zones: dict[str, tzinfo]) -> tuple[Message, Context]:
    msg: dict[str, Any] = {}
    ctx: dict[str, Any] = {}
    for name, value in row.items():
        if name in _DATE_COLUMNS:
            value = _date(value, zones.get(name))
        if _missing(value):
            continue
        if name in MESSAGE_COLUMNS:
            msg[name] = value
        else:
            ctx[name] = bool(value) if name == "opted_out" else value
    return Message(**msg), Context(**ctx)


def _lint_batches(batches: Iterator[pd.DataFrame], spec: _Spec) -> Iterator[pd.DataFrame]:
    """The `mapInPandas` function: runs on the executors, one call per partition."""
    import pandas as pd

    linter = _linter(spec)
    zones: dict[str, tzinfo] = {c: UTC if z == "UTC" else ZoneInfo(z) for c, z in spec.naive_tz}
    names = [spec.id_col, *(n for n, _ in VIOLATION_FIELDS)]
    for pdf in batches:
        out: dict[str, list[Any]] = {n: [] for n in names}
        ids = pdf[spec.id_col].tolist()
        cols: Sequence[list[Any]] = [pdf[c].tolist() for c in spec.columns]
        for i, ident in enumerate(ids):
            row = {c: col[i] for c, col in zip(spec.columns, cols, strict=True)}
            try:
                message, context = _item(row, zones)
                report = linter.lint(message, context)
            except Exception as exc:  # one bad message is a row, not a failed job
                _append(out, ident, error=f"{type(exc).__name__}: {exc}")
                continue
            for v in report.violations:
                _append(
                    out,
                    ident,
                    rule_id=v.rule_id,
                    category=v.category,
                    severity=v.severity.value,
                    field=v.field,
                    start=v.start,
                    end=v.end,
                    line=v.line,
                    column=v.column,
                    message=v.message,
                    suppressed=v.suppressed,
                )
        if not ids or not out[spec.id_col]:
            continue  # nothing found: an empty frame would trip Arrow's conversion
        frame = pd.DataFrame(out, columns=names)
        for name, t in VIOLATION_FIELDS:
            if t == "int":
                frame[name] = frame[name].astype("Int32")
            elif t == "boolean":
                frame[name] = frame[name].astype("boolean")
        yield frame


def _append(out: dict[str, list[Any]], ident: Any, **values: Any) -> None:
    for name, column in out.items():
        column.append(ident if name == next(iter(out)) else values.get(name))
