"""``app.core.threads.in_thread``: the hand-off the request's database work takes. It must carry the
caller's context (the request id reaches the audit trail from the worker thread), pass the result and the
errors back, and, when the caller is cancelled (the client went away), wait for the thread before the
cancellation goes on (the request's cleanup then closes a session no thread is using)."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time

import pytest

from app.core.threads import in_thread

_VAR: contextvars.ContextVar[str] = contextvars.ContextVar("test_threads_var", default="unset")


def test_runs_in_another_thread_with_the_callers_context() -> None:
    async def main() -> tuple[str, int]:
        _VAR.set("request-42")
        return await in_thread(lambda: (_VAR.get(), threading.get_ident()))

    seen, ident = asyncio.run(main())
    assert seen == "request-42"
    assert ident != threading.get_ident()


def test_passes_errors_back() -> None:
    def fails() -> None:
        raise LookupError("from the thread")

    with pytest.raises(LookupError, match="from the thread"):
        asyncio.run(in_thread(fails))


def test_a_cancelled_caller_waits_for_the_thread_to_finish() -> None:
    finished = threading.Event()
    started = threading.Event()

    def slow() -> None:
        started.set()
        time.sleep(0.3)
        finished.set()

    async def main() -> bool:
        task = asyncio.create_task(in_thread(slow))
        while not started.is_set():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return finished.is_set()  # the cancellation reached the caller only once the thread was done

    assert asyncio.run(main()) is True
