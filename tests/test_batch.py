"""`Linter.lint_many`: input order, streaming, early close, per-item failures."""

from __future__ import annotations

import itertools
import multiprocessing
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from bsm_lint import Attachment, Context, InputError, LintConfig, Linter, LintTimeout, Message
from bsm_lint.batch import RemoteError, _portable

# Few rules, so each worker compiles its Linter quickly; enough to give varied reports.
CONFIG = LintConfig(select=("contact-email", "link-insecure", "contact-phone"))


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(config=CONFIG)


def _messages(n: int) -> list[Message]:
    out = []
    for i in range(n):
        if i % 3 == 0:
            out.append(Message(body=f"Write to buyer{i}@example.org or see http://shop{i}.com"))
        elif i % 3 == 1:
            out.append(Message(body=f"Your order {i} ships tomorrow. Thank you!"))
        else:
            out.append(Message(subject=f"Order {i}", body=f"Call +1 415 555 {1000 + i:04d}"))
    return out


def _missing_attachment(i: int) -> Message:
    return Message(
        body=f"message {i}",
        attachments=(Attachment(file_name="a.pdf", path=Path(f"/nonexistent/{i}.pdf")),),
    )


def test_serial_matches_lint_and_keeps_order(linter: Linter) -> None:
    msgs = _messages(20)
    results = list(linter.lint_many(msgs))
    assert [r.index for r in results] == list(range(20))
    assert [r.message for r in results] == msgs
    assert [r.unwrap() for r in results] == [linter.lint(m) for m in msgs]


def test_serial_runs_in_process(linter: Linter) -> None:
    for _ in linter.lint_many(_messages(3)):
        assert multiprocessing.active_children() == []


@pytest.mark.parametrize(("chunksize", "max_in_flight"), [(1, 1), (3, 2), (64, None)])
def test_parallel_equals_serial_in_input_order(
    linter: Linter, chunksize: int, max_in_flight: int | None
) -> None:
    msgs = _messages(41)  # not a multiple of any chunk size
    expected = [linter.lint(m) for m in msgs]
    results = list(
        linter.lint_many(msgs, workers=2, chunksize=chunksize, max_in_flight=max_in_flight)
    )
    assert [r.index for r in results] == list(range(41))
    assert [r.report for r in results] == expected
    assert multiprocessing.active_children() == []  # the pool is shut down at the end


def test_pairs_carry_their_context(linter: Linter) -> None:
    ctx = Context(marketplace="de")
    items = [(m, ctx if i % 2 else None) for i, m in enumerate(_messages(6))]
    results = list(linter.lint_many(items, workers=2, chunksize=2))
    assert [(r.message, r.context) for r in results] == items
    assert [r.report for r in results] == [linter.lint(m, c) for m, c in items]


def test_streaming_reads_a_bounded_window_of_an_endless_input(linter: Linter) -> None:
    pulled = 0

    def endless() -> Iterator[Message]:
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield Message(body=f"note {i}: mail a{i}@example.org")

    chunksize, in_flight = 4, 2
    stream = linter.lint_many(endless(), workers=2, chunksize=chunksize, max_in_flight=in_flight)
    first = list(itertools.islice(stream, 25))
    assert [r.index for r in first] == list(range(25))
    # What was read: what was consumed, plus at most the chunks queued ahead and one refill.
    assert pulled <= 25 + chunksize * (in_flight + 1)
    stream.close()
    assert multiprocessing.active_children() == []


def test_early_close_shuts_the_pool_down(linter: Linter) -> None:
    stream = linter.lint_many(_messages(200), workers=2, chunksize=5)
    assert next(stream).index == 0
    assert multiprocessing.active_children()  # the workers are up
    stream.close()
    assert multiprocessing.active_children() == []
    with pytest.raises(StopIteration):
        next(stream)


@pytest.mark.parametrize("workers", [1, 2])
def test_one_failing_item_does_not_lose_the_others(linter: Linter, workers: int) -> None:
    msgs = _messages(9)
    msgs[4] = _missing_attachment(4)
    results = list(linter.lint_many(msgs, workers=workers, chunksize=2))
    assert [r.index for r in results] == list(range(9))
    assert [r.failed for r in results] == [i == 4 for i in range(9)]
    bad = results[4]
    assert bad.report is None
    assert isinstance(bad.error, InputError)
    assert "/nonexistent/4.pdf" in str(bad.error)
    with pytest.raises(InputError):
        bad.unwrap()
    for i in (0, 1, 2, 3, 5, 6, 7, 8):
        assert results[i].report == linter.lint(msgs[i])


def test_lint_timeout_travels_with_its_fields() -> None:
    exc = pickle.loads(pickle.dumps(LintTimeout("BSM101", "body", 0.5)))
    assert isinstance(exc, LintTimeout)
    assert (exc.rule_id, exc.field, exc.budget) == ("BSM101", "body", 0.5)


def test_an_exception_that_cannot_be_pickled_becomes_a_remote_error() -> None:
    class Odd(Exception):
        def __init__(self) -> None:
            super().__init__("odd")
            self.hook = lambda: None  # lambdas do not pickle

    out = _portable(Odd())
    assert isinstance(out, RemoteError)
    assert "Odd: odd" in str(out)
    assert "Odd" in out.remote_traceback
    again = pickle.loads(pickle.dumps(out))
    assert str(again) == str(out)


def test_bad_arguments_are_refused(linter: Linter) -> None:
    with pytest.raises(ValueError, match="workers"):
        linter.lint_many([], workers=0)
    with pytest.raises(ValueError, match="chunksize"):
        linter.lint_many([], workers=2, chunksize=0)
    with pytest.raises(TypeError, match="lint_many takes"):
        list(linter.lint_many(["just a string"]))  # type: ignore[list-item]


def test_empty_input(linter: Linter) -> None:
    assert list(linter.lint_many([], workers=2)) == []
    assert multiprocessing.active_children() == []


def test_spawned_workers_rebuild_the_linter_from_pickled_arguments(linter: Linter) -> None:
    """Under spawn (forkserver's cousin, the default on macOS and Windows) nothing is
    inherited: the pack and config must travel by pickle and rebuild the same Linter."""
    from bsm_lint.batch import iter_lint

    msgs = _messages(6)
    ctx = multiprocessing.get_context("spawn")
    results = list(iter_lint(linter, msgs, workers=2, chunksize=2, mp_context=ctx))
    assert [r.report for r in results] == [linter.lint(m) for m in msgs]
