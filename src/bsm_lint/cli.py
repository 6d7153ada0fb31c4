"""The `bsm-lint` command. Exit codes: 0 clean, 1 findings at or above the fail level,
2 usage, config, pack, input or timeout errors (the run could not decide)."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from . import __version__
from .config import LintConfig
from .engine import DEFAULT_TIMEOUT, Linter
from .errors import BsmLintError, InputError, LintTimeout, PackError
from .formats import FORMATS, FileResult
from .model import Message, Report, Severity
from .packs.loader import DEFAULT_PACK, load_pack

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

_Reader = Callable[[], str]

#: File endings `check` reads when given a folder, and the message format each implies.
TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html"}


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="bsm-lint",
        description="Check Amazon buyer-seller messages and templates for policy violations.",
    )
    p.add_argument("--version", action="version", version=f"bsm-lint {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser("check", help="lint message files, folders, or - for stdin")
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("--format", choices=sorted(FORMATS), default="text")
    c.add_argument("--pack", default=None, help=f"pack name or folder (default: {DEFAULT_PACK})")
    c.add_argument("--select", type=_csv, default=None, help="only these rules (comma list)")
    c.add_argument("--extend-select", type=_csv, default=[], help="add rules to the selection")
    c.add_argument("--ignore", type=_csv, default=[], help="skip these rules (comma list)")
    c.add_argument(
        "--fail-level",
        choices=[s.value for s in Severity],
        default=None,
        help="lowest severity that fails the run (default: error)",
    )
    c.add_argument("--language", default=None, help="language of messages that do not say")
    c.add_argument("--marketplace", default=None, help="marketplace, e.g. US, DE, JP")
    c.add_argument("--kind", choices=["proactive", "reply"], default="proactive")
    c.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds one rule's regex may take on one field (default: %(default)s)",
    )

    r = sub.add_parser("rules", help="list the active rules of a pack")
    r.add_argument("--pack", default=None)
    r.add_argument("--select", type=_csv, default=None, help="only these rules (comma list)")
    r.add_argument("--ignore", type=_csv, default=[], help="skip these rules (comma list)")
    r.add_argument("--format", choices=["text", "json"], default="text")

    s = sub.add_parser("schema", help="print a JSON Schema")
    s.add_argument("which", nargs="?", choices=["pack", "report", "config"], default="pack")

    t = sub.add_parser("test-pack", help="run every rule's own pass/fail/fix examples")
    t.add_argument("pack", nargs="?", default=None)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "schema":
            return _schema(args.which)
        if args.command == "test-pack":
            return _test_pack(args.pack)
    except PackError as exc:
        print(f"bsm-lint: pack error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BsmLintError as exc:
        print(f"bsm-lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    parser.error(f"unknown command {args.command}")
    return EXIT_ERROR  # pragma: no cover


def run() -> None:
    raise SystemExit(main())


# -- check ------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    config = LintConfig(
        select=args.select,
        extend_select=tuple(args.extend_select),
        ignore=tuple(args.ignore),
        fail_level=Severity(args.fail_level) if args.fail_level else Severity.ERROR,
        language=args.language,
        marketplace=args.marketplace,
    )
    linter = Linter(load_pack(args.pack, strict=True), config, timeout=args.timeout)
    results: list[FileResult] = []
    failed = False
    had_error = False
    for display, fmt, reader in _inputs(args.paths):
        try:
            body = reader()
            report = linter.lint(Message(body=body, format=fmt, kind=args.kind))
        except (InputError, LintTimeout) as exc:
            results.append(FileResult(display, error=str(exc)))
            had_error = True
            continue
        results.append(FileResult(display, report=report))
        failed = failed or _fails(report, config.fail_level)
    sys.stdout.write(FORMATS[args.format](results))
    if had_error:
        return EXIT_ERROR
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def _fails(report: Report, level: Severity) -> bool:
    return bool(report.at_or_above(level))


def _inputs(paths: Sequence[str]) -> Iterator[tuple[str, str, _Reader]]:
    for raw in paths:
        if raw == "-":
            yield "<stdin>", "text", _read_stdin
            continue
        p = Path(raw)
        if p.is_dir():
            files = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in TEXT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            for f in files:
                yield str(f), TEXT_SUFFIXES[f.suffix.lower()], _file_reader(f)
        elif p.is_file():
            yield str(p), TEXT_SUFFIXES.get(p.suffix.lower(), "text"), _file_reader(p)
        else:
            yield raw, "text", functools.partial(_missing, raw)


def _missing(raw: str) -> str:
    raise InputError(f"{raw}: no such file or folder")


def _file_reader(path: Path) -> _Reader:
    return functools.partial(read_text, path)


def _read_stdin() -> str:
    return decode(sys.stdin.buffer.read(), "<stdin>")


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return decode(data, str(path))


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is dropped); anything else names the file and the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{name}: not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line})"
        ) from exc
    return text[1:] if text.startswith("\ufeff") else text


# -- rules, schema, test-pack -----------------------------------------------------------


def _rules(args: argparse.Namespace) -> int:
    pack = load_pack(args.pack)
    config = LintConfig(select=args.select, ignore=tuple(args.ignore))
    rows = [r.rule.spec for r in Linter(pack, config).rules]
    if args.format == "json":
        out = [
            {
                "code": s.code,
                "name": s.name,
                "category": s.category,
                "severity": s.severity.value,
                "check": s.check,
                "summary": s.summary,
            }
            for s in rows
        ]
        print(json.dumps(out, indent=2))
        return EXIT_CLEAN
    print(f"{pack.name} {pack.version} ({len(rows)} rule{'s' if len(rows) != 1 else ''})")
    fields = ("code", "name", "category")
    widths = [max((len(getattr(s, f)) for s in rows), default=0) for f in fields]
    for s in rows:
        print(
            f"{s.code:<{widths[0]}}  {s.name:<{widths[1]}}  {s.category:<{widths[2]}}  "
            f"{s.severity.value:<8} {s.check}"
        )
    return EXIT_CLEAN


def _schema(which: str) -> int:
    from .schemas import schema_for

    print(json.dumps(schema_for(which), indent=2))
    return EXIT_CLEAN


def _test_pack(ref: str | None) -> int:
    from .packs.selftest import check_pack

    pack = load_pack(ref)
    failures = check_pack(pack)
    for f in failures:
        print(f.error())
    n_examples = sum(
        len(r.spec.examples.fail) + len(r.spec.examples.pass_) + len(r.spec.examples.fix)
        for r in pack.rules
    )
    print(
        f"{pack.id} {pack.version}: {len(pack.rules)} rules, {n_examples} examples, "
        f"{len(failures)} failing"
    )
    return EXIT_ERROR if failures else EXIT_CLEAN
