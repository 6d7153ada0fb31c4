"""Lint a stream of messages on several processes, in input order, with bounded memory.

`Linter.lint_many` is the public door; this module is the machinery behind it.

Why not `multiprocessing.Pool.imap` or `Executor.map`: both pull the whole input up front
(a feeder thread or a list of futures), so an archive of ten million messages, or an endless
generator, would sit in memory before the first report comes back. Here the input is read
lazily, in chunks, and at most `max_in_flight` chunks are queued at any moment; reports
come back in input order as soon as the chunk at the head of the queue is done.

Each worker process builds its own `Linter` once, in the pool's initializer, from the
parent's pack and config (both picklable), so nothing compiled crosses a process boundary.

One message that fails (a `LintTimeout`, an unreadable attachment, a bug in a check) does not
end the run: its `LintResult` carries the exception instead of a report, and every other
message is still linted. Only a pool that breaks (a worker killed, an initializer failing)
ends the run, with the exception `concurrent.futures` raises.
"""

from __future__ import annotations

import copyreg
import pickle
import traceback
from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from .config import LintConfig
from .errors import BsmLintError, LintTimeout
from .model import Context, Message, Report

if TYPE_CHECKING:
    from .engine import Linter
    from .packs.loader import Pack

__all__ = ["BatchItem", "LintResult", "RemoteError", "iter_lint"]

#: What `lint_many` accepts per item: a message, or a message with its context.
BatchItem: TypeAlias = Message | tuple[Message, Context | None]

_Pair: TypeAlias = tuple[Message, Context | None]

#: Messages per task sent to a worker: large enough that pickling and queueing cost little
#: beside linting (about 1 ms a message), small enough to keep the head of the line moving.
DEFAULT_CHUNKSIZE = 32


@dataclass(frozen=True, slots=True)
class LintResult:
    """The outcome for one input item, at its position `index` (0-based) in the input.

    Exactly one of `report` and `error` is set. `message` and `context` are the input item,
    kept by the calling process (they never travel back from a worker)."""

    index: int
    message: Message
    context: Context | None
    report: Report | None = None
    error: Exception | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def unwrap(self) -> Report:
        """The report, or raise the item's error (for callers who want fail-fast)."""
        if self.error is not None:
            raise self.error
        assert self.report is not None
        return self.report


class RemoteError(BsmLintError):
    """An unexpected error inside a worker whose exception could not be sent back as is; the
    message names the original type and the worker's traceback is kept in `remote_traceback`."""

    def __init__(self, message: str, remote_traceback: str = "") -> None:
        super().__init__(message)
        self.remote_traceback = remote_traceback

    def __reduce__(self) -> tuple[type[RemoteError], tuple[str, str]]:
        return (RemoteError, (str(self), self.remote_traceback))


def _reduce_timeout(e: LintTimeout) -> tuple[type[LintTimeout], tuple[str, str, float]]:
    return (LintTimeout, (e.rule_id, e.field, e.budget))


# LintTimeout's __init__ takes three arguments, which default exception pickling does not
# know; register how to rebuild it so the parent gets the real exception with its fields.
copyreg.pickle(LintTimeout, _reduce_timeout)


@dataclass(frozen=True)
class _LinterSpec:
    """How to rebuild the parent's `Linter` in a worker: the loaded pack (plain data) or a
    reference to load, and the constructor's keyword arguments."""

    pack: Pack | str | Path | None
    config: LintConfig
    timeout: float
    prefilter: bool

    @classmethod
    def of(cls, linter: Linter) -> _LinterSpec:
        return cls(linter.pack, linter.config, linter.timeout, linter.use_prefilter)

    def build(self) -> Linter:
        from .engine import Linter

        return Linter(self.pack, self.config, timeout=self.timeout, prefilter=self.prefilter)


_worker_linter: Linter | None = None


def _init_worker(spec: _LinterSpec) -> None:
    global _worker_linter
    _worker_linter = spec.build()


def _portable(exc: Exception) -> Exception:
    """`exc` if it survives pickling, else a `RemoteError` naming it: an exception that
    cannot travel would otherwise break the whole pool rather than one item."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        text = f"{type(exc).__name__}: {exc}"
        return RemoteError(text, "".join(traceback.format_exception(exc)))
    return exc


def _lint_chunk(
    chunk: list[_Pair],
) -> list[Report | Exception]:
    linter = _worker_linter
    assert linter is not None, "worker not initialised"
    out: list[Report | Exception] = []
    for message, context in chunk:
        try:
            out.append(linter.lint(message, context))
        except Exception as exc:  # one bad message must not end the batch
            out.append(_portable(exc))
    return out


def _pair(item: BatchItem) -> _Pair:
    if isinstance(item, Message):
        return item, None
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], Message):
        message, context = item
        if context is None or isinstance(context, Context):
            return message, context
    raise TypeError(f"lint_many takes Message or (Message, Context | None), not {item!r:.80}")


def iter_lint(
    linter: Linter,
    items: Iterable[BatchItem],
    *,
    workers: int = 1,
    chunksize: int | None = None,
    max_in_flight: int | None = None,
    mp_context: BaseContext | None = None,
) -> Generator[LintResult, None, None]:
    """See `Linter.lint_many`. At most `max_in_flight` chunks (default two per worker) of
    `chunksize` messages are read ahead of the consumer."""
    chunksize = DEFAULT_CHUNKSIZE if chunksize is None else chunksize
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    if max_in_flight is not None and max_in_flight < 1:
        raise ValueError(f"max_in_flight must be at least 1, not {max_in_flight}")
    if workers == 1:
        return _serial(linter, items)
    return _parallel(linter, items, workers, chunksize, max_in_flight or 2 * workers, mp_context)


def _serial(linter: Linter, items: Iterable[BatchItem]) -> Generator[LintResult, None, None]:
    for index, item in enumerate(items):
        message, context = _pair(item)
        try:
            yield LintResult(index, message, context, report=linter.lint(message, context))
        except Exception as exc:
            yield LintResult(index, message, context, error=exc)


def _parallel(
    linter: Linter,
    items: Iterable[BatchItem],
    workers: int,
    chunksize: int,
    max_in_flight: int,
    mp_context: BaseContext | None,
) -> Generator[LintResult, None, None]:
    source = iter(items)
    pending: deque[tuple[int, list[_Pair], Future[list[Report | Exception]]]] = deque()
    next_index = 0
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=mp_context,
        initializer=_init_worker,
        initargs=(_LinterSpec.of(linter),),
    )
    try:

        def submit() -> bool:
            nonlocal next_index
            chunk = [_pair(x) for x in islice(source, chunksize)]
            if not chunk:
                return False
            pending.append((next_index, chunk, pool.submit(_lint_chunk, chunk)))
            next_index += len(chunk)
            return True

        exhausted = False
        while not exhausted and len(pending) < max_in_flight:
            exhausted = not submit()
        while pending:
            start, chunk, future = pending.popleft()
            outcomes = future.result()  # the head of the line: order is kept here
            if not exhausted:  # refill before yielding, so workers stay busy meanwhile
                exhausted = not submit()
            for offset, ((message, context), outcome) in enumerate(
                zip(chunk, outcomes, strict=True)
            ):
                if isinstance(outcome, Report):
                    yield LintResult(start + offset, message, context, report=outcome)
                else:
                    yield LintResult(start + offset, message, context, error=outcome)
    finally:
        # Reached on exhaustion, on an error, and when the consumer stops early (the
        # generator is closed or collected): drop queued chunks, wait for running ones.
        for _, _, future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
