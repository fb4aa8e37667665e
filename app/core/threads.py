"""The request's hand-offs to a worker thread for its database work (the policy check, the commit).

asyncio's executor, not ``run_in_threadpool`` (anyio's ``to_thread``): under load, anyio's cancel scopes,
capacity limiter and run variables cost about twice the CPU per hand-off, and a request makes several
(docs/benchmarks.md). What anyio guarantees is kept: the caller's context variables (the request id) go
along, and a cancelled caller (the client went away) waits for the thread to finish before the
cancellation goes on, so nothing closes a session or a connection a thread is still using.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from app.core.db import MAX_CONNECTIONS

P = ParamSpec("P")
T = TypeVar("T")

# Requests hold at most MAX_CONNECTIONS database slots (TransactionalRoute); twice that many threads, as
# anyio's 40, so routes without a slot (health checks) never wait behind them.
_POOL = ThreadPoolExecutor(max_workers=2 * MAX_CONNECTIONS, thread_name_prefix="thidua-db")


async def in_thread(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` in a worker thread, in a copy of the caller's context."""
    loop = asyncio.get_running_loop()
    call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
    future = loop.run_in_executor(_POOL, call)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        # The thread goes on with what it holds: let it finish before anything else touches that.
        while not future.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait([future])
        raise
