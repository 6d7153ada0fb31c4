"""The `bsm-lint` command. Exit codes: 0 clean, 1 findings at or above the fail level,
2 usage, config, pack, input or timeout errors (the run could not decide)."""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import json
import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import LintConfig, selector_matches
from .config_file import FileConfig, find_config_file, load_config_file
from .engine import DEFAULT_TIMEOUT, Linter
from .errors import BsmLintError, InputError, LintTimeout, PackError
from .fixes import apply_fixes
from .formats import FORMAT_CHOICES, FORMATS, FileResult, RunInfo, resolve_format
from .inputs import FileMessage, decode, read_message_file
from .model import Context, Message, Report, Severity, Violation
from .packs.loader import DEFAULT_PACK, Pack, load_pack, merge_packs

if TYPE_CHECKING:
    from tqdm import tqdm

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
STDIN = "-"


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _jobs(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return n or os.cpu_count() or 1


def _lint_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    c.add_argument("--pack", default=None, help=f"pack name or folder (default: {DEFAULT_PACK})")
    c.add_argument("--config", default=None, help="config file (default: nearest found)")
    c.add_argument("--isolated", action="store_true", help="ignore every config file")
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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="bsm-lint",
        description="Check Amazon buyer-seller messages and templates for policy violations.",
    )
    p.add_argument("--version", action="version", version=f"bsm-lint {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser("check", help="lint message files, folders, or - for stdin")
    _lint_options(c)
    c.add_argument("--format", choices=FORMAT_CHOICES, default=None, help="default: text")
    c.add_argument("--statistics", action="store_true", help="count findings per rule")
    c.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=1,
        metavar="N",
        help="lint on N processes, 0 for one per CPU (default: 1, in this process)",
    )
    c.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: on long runs when stderr is a terminal)",
    )

    f = sub.add_parser("fix", help="apply safe fixes (redactions) to message files")
    _lint_options(f)
    f.add_argument("--diff", action="store_true", help="show the changes, write nothing")

    r = sub.add_parser("rules", help="list the active rules of a pack")
    r.add_argument("--pack", default=None)
    r.add_argument("--select", type=_csv, default=None, help="only these rules (comma list)")
    r.add_argument("--ignore", type=_csv, default=[], help="skip these rules (comma list)")
    r.add_argument("--format", choices=["text", "json"], default="text")

    e = sub.add_parser("explain", help="why a rule exists, its policy source and examples")
    e.add_argument("code")
    e.add_argument("--pack", default=None)

    s = sub.add_parser("schema", help="print a JSON Schema")
    s.add_argument("which", nargs="?", choices=["pack", "report", "config"], default="pack")

    t = sub.add_parser("test-pack", help="run every rule's own pass/fail/fix examples")
    t.add_argument("pack", nargs="?", default=None)
    _serve_options(sub.add_parser("serve", help="run the HTTP service (needs bsm-lint[server])"))
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    commands = {
        "check": _check,
        "fix": _fix,
        "rules": _rules,
        "explain": _explain,
        "schema": _schema,
        "test-pack": _test_pack,
        "serve": _serve,
    }
    try:
        return commands[args.command](args)
    except PackError as exc:
        print(f"bsm-lint: pack error: {exc}", file=sys.stderr)
    except BsmLintError as exc:
        print(f"bsm-lint: error: {exc}", file=sys.stderr)
    except BrokenPipeError:  # `bsm-lint ... | head`
        pass
    return EXIT_ERROR


def run() -> None:
    raise SystemExit(main())


# -- the shared set-up of check and fix --------------------------------------------------


@dataclass
class _Session:
    linter: Linter
    file_config: FileConfig
    config_dir: Path
    kind: str


def _session(args: argparse.Namespace) -> _Session:
    cfg_path: Path | None = None
    if args.config:
        cfg_path = Path(args.config)
    elif not args.isolated:
        first = next((Path(p) for p in args.paths if p != STDIN), Path.cwd())
        cfg_path = find_config_file(first if first.exists() else Path.cwd())
    fc = load_config_file(cfg_path) if cfg_path else FileConfig()
    merged = fc.model_copy(
        update={
            "select": tuple(args.select) if args.select is not None else fc.select,
            "extend_select": (*fc.extend_select, *args.extend_select),
            "ignore": (*fc.ignore, *args.ignore),
            "fail_level": Severity(args.fail_level) if args.fail_level else fc.fail_level,
            "language": args.language or fc.language,
            "marketplace": args.marketplace or fc.marketplace,
        }
    )
    pack: Pack = load_pack(args.pack or merged.pack, strict=True)
    pack = merge_packs(pack, *(load_pack(p, strict=True) for p in merged.extra_packs))
    linter = Linter(pack, merged.lint_config(), timeout=args.timeout)
    config_dir = cfg_path.parent.resolve() if cfg_path else Path.cwd()
    return _Session(linter, merged, config_dir, args.kind)


def _glob_match(rel: str, pattern: str) -> bool:
    return fnmatch.fnmatch(rel, pattern) or (
        pattern.startswith("**/") and fnmatch.fnmatch(rel, pattern[3:])
    )


def _inputs(paths: Sequence[str], fc: FileConfig) -> Iterator[tuple[str, Path | None]]:
    """(display name, path) of each input; None for stdin. A missing path is yielded too,
    so it is reported beside the others rather than ending the run."""
    for raw in paths:
        if raw == STDIN:
            yield "<stdin>", None
            continue
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).as_posix()
                if (
                    f.is_file()
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                    and any(_glob_match(rel, g) for g in fc.include)
                    and not any(_glob_match(rel, g) for g in fc.exclude)
                ):
                    yield str(f), f
        else:
            yield raw, p


def _read(display: str, path: Path | None) -> str:
    if path is None:
        return decode(sys.stdin.buffer.read(), display)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{display}: no such file or folder") from exc
    except OSError as exc:
        raise InputError(f"{display}: cannot read: {exc.strerror or exc}") from exc
    return decode(data, display)


def _file_message(display: str, path: Path | None, text: str, kind: str) -> FileMessage:
    if path is not None and path.suffix.lower() == ".json":
        from .payload_files import read_payload_file

        return read_payload_file(path, text)
    return read_message_file(path or Path(display), text, kind=kind)  # type: ignore[arg-type]


def _ignored_here(s: _Session, path: Path | None, v: Violation) -> bool:
    if path is None or not s.file_config.per_file_ignores:
        return False
    try:
        rel = path.resolve().relative_to(s.config_dir).as_posix()
    except ValueError:
        rel = path.as_posix()
    spec = s.linter.pack.rule(v.rule_id).spec
    return any(
        _glob_match(rel, pattern)
        and any(selector_matches(sel, spec.code, spec.name, spec.category) for sel in sels)
        for pattern, sels in s.file_config.per_file_ignores.items()
    )


def _lint_one(
    s: _Session, display: str, path: Path | None
) -> tuple[FileResult, FileMessage | None]:
    try:
        text = _read(display, path)
        fm = _file_message(display, path, text, s.kind)
        report = s.linter.lint(fm.message, fm.context)
    except (InputError, LintTimeout) as exc:
        return FileResult(display, error=str(exc)), None
    return _file_result(s, display, path, text, fm, report), fm


def _file_result(
    s: _Session, display: str, path: Path | None, text: str, fm: FileMessage, report: Report
) -> FileResult:
    violations = tuple(
        fm.to_file_position(v) for v in report.violations if not _ignored_here(s, path, v)
    )
    report = report.model_copy(update={"violations": violations})
    return FileResult(display, report, source=text, body_line_offset=fm.body_line_offset)


@dataclass
class _Staged:
    display: str
    path: Path | None
    text: str = ""
    fm: FileMessage | None = None
    error: str | None = None


def _lint_files(
    s: _Session, inputs: Sequence[tuple[str, Path | None]], jobs: int
) -> Iterator[FileResult]:
    """FileResults in input order. Files are read and parsed here, as `lint_many` pulls
    them; only the linting runs on `jobs` processes. A file that cannot be read never
    reaches the linter: it waits in `staged` and is reported in its place."""
    staged: deque[_Staged] = deque()

    def feed() -> Iterator[tuple[Message, Context | None]]:
        for display, path in inputs:
            try:
                text = _read(display, path)
                fm = _file_message(display, path, text, s.kind)
            except InputError as exc:
                staged.append(_Staged(display, path, error=str(exc)))
                continue
            staged.append(_Staged(display, path, text, fm))
            yield fm.message, fm.context

    workers = max(1, min(jobs, len(inputs)))
    chunksize = max(1, min(32, len(inputs) // (workers * 4)))
    for res in s.linter.lint_many(feed(), workers=workers, chunksize=chunksize):
        while staged[0].fm is None:
            bad = staged.popleft()
            yield FileResult(bad.display, error=bad.error)
        st = staged.popleft()
        assert st.fm is not None
        if res.report is not None:
            yield _file_result(s, st.display, st.path, st.text, st.fm, res.report)
        elif isinstance(res.error, InputError | LintTimeout):
            yield FileResult(st.display, error=str(res.error))
        elif res.error is not None:
            raise res.error
    for bad in staged:
        yield FileResult(bad.display, error=bad.error)


def _progress_bar(total: int, force: bool | None) -> tqdm[Any] | None:
    """A bar on stderr, never stdout (formats write there). Auto mode needs a terminal
    and shows the bar only once the run has lasted a second."""
    if force is False or (force is None and not sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(
        total=total,
        file=sys.stderr,
        unit="file",
        delay=0 if force else 1.0,
        leave=False,
        dynamic_ncols=True,
    )


def _failed(report: Report | None, level: Severity) -> bool:
    return report is not None and bool(report.at_or_above(level))


def _check(args: argparse.Namespace) -> int:
    s = _session(args)
    inputs = list(_inputs(args.paths, s.file_config))
    bar = _progress_bar(len(inputs), args.progress)
    results = []
    try:
        for result in _lint_files(s, inputs, args.jobs):
            results.append(result)
            if bar is not None:
                bar.update()
    finally:
        if bar is not None:
            bar.close()
    fmt = resolve_format(args.format or "text")
    info = RunInfo(
        tool_version=__version__,
        rules=[r.rule.spec for r in s.linter.rules],
        statistics=args.statistics,
        sources=dict(s.linter.pack.data.get("sources", {})),
    )
    sys.stdout.write(FORMATS[fmt](results, info))
    if any(r.error is not None for r in results):
        return EXIT_ERROR
    level = s.file_config.fail_level
    return EXIT_FINDINGS if any(_failed(r.report, level) for r in results) else EXIT_CLEAN


def _fix(args: argparse.Namespace) -> int:
    """Redact what has a safe fix, in the body of each file (front matter is left alone)."""
    s = _session(args)
    status = EXIT_CLEAN
    for display, path in _inputs(args.paths, s.file_config):
        result, fm = _lint_one(s, display, path)
        if result.error is not None or fm is None or result.report is None:
            print(
                f"{display}: error: {(result.error or '').removeprefix(display + ': ')}",
                file=sys.stderr,
            )
            status = EXIT_ERROR
            continue
        text = result.source or ""
        body = fm.message.body
        head = text[: len(text) - len(body)] if text.endswith(body) else ""
        raw = s.linter.lint(fm.message, fm.context).violations
        fixed = head + apply_fixes(body, [v for v in raw if not _ignored_here(s, path, v)])
        if fixed != text:
            if args.diff or path is None:
                if path is None and not args.diff:
                    sys.stdout.write(fixed)
                else:
                    sys.stdout.writelines(
                        difflib.unified_diff(
                            text.splitlines(keepends=True),
                            fixed.splitlines(keepends=True),
                            fromfile=display,
                            tofile=f"{display} (fixed)",
                        )
                    )
            else:
                path.write_text(fixed, encoding="utf-8")
                print(f"fixed {display}", file=sys.stderr)
        fm_after = _file_message(display, path, fixed, s.kind)  # what is left after fixing
        remaining = s.linter.lint(fm_after.message, fm_after.context)
        if status == EXIT_CLEAN and _failed(remaining, s.file_config.fail_level):
            status = EXIT_FINDINGS
    return status


# -- rules, explain, schema, test-pack ---------------------------------------------------


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


def _explain(args: argparse.Namespace) -> int:
    from .packs.docs import explain_text

    pack = load_pack(args.pack)
    try:
        rule = pack.rule(args.code.upper())
    except KeyError:
        print(f"bsm-lint: no rule {args.code} in pack {pack.id}", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(explain_text(rule.spec, dict(pack.data.get("sources", {}))))
    return EXIT_CLEAN


def _schema(args: argparse.Namespace) -> int:
    from .schemas import schema_for

    print(json.dumps(schema_for(args.which), indent=2))
    return EXIT_CLEAN


def _test_pack(args: argparse.Namespace) -> int:
    from .packs.selftest import check_pack

    pack = load_pack(args.pack)
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


# -- serve (the HTTP service; its code lives in server.py) -------------------------------


def _serve_options(v: argparse.ArgumentParser) -> None:
    v.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    v.add_argument("--port", type=int, default=8080, help="port (default: %(default)s)")
    v.add_argument("--pack", default=None, help=f"pack name or folder (default: {DEFAULT_PACK})")
    v.add_argument("--config", default=None, help="config file (default: none)")
    v.add_argument(
        "--max-body-bytes",
        type=int,
        default=None,
        help="largest request body accepted, in bytes (default: 16 MiB)",
    )
    v.add_argument("--workers", type=int, default=1, help="processes (default: %(default)s)")
    v.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds one rule's regex may take on one field (default: %(default)s)",
    )


def _serve(args: argparse.Namespace) -> int:
    try:
        from . import server
    except ImportError as exc:
        print(
            f"bsm-lint: serve needs the server extra ({exc.name or 'fastapi'} is missing):"
            " pip install 'bsm-lint[server]'",
            file=sys.stderr,
        )
        return EXIT_ERROR
    settings = server.ServeSettings(
        pack=args.pack,
        config=args.config,
        timeout=args.timeout,
        max_body_bytes=args.max_body_bytes or server.DEFAULT_MAX_BODY_BYTES,
    )
    return server.serve(settings, host=args.host, port=args.port, workers=args.workers)
