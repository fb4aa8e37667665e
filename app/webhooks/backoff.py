"""When a failed delivery is tried again: pure arithmetic over ``webhook_retry_schedule``.

The schedule lists the waits after the 1st, 2nd, ... failed attempt; the default grows roughly
exponentially (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: ~27.5 h in all, past the 24 h Standard Webhooks
asks for). A little random jitter (±10 %) keeps the deliveries that failed together (a receiver's outage)
from all coming back in the same second.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

JITTER = 0.1


def delay_after(
    schedule: Sequence[float],
    failures: int,
    *,
    jitter: float = JITTER,
    rand: Callable[[], float] = random.random,
) -> float | None:
    """Seconds to wait after the ``failures``-th failed attempt (1 for the first); None when the schedule
    is exhausted and the delivery has failed for good."""
    if failures < 1:
        raise ValueError("failures counts from 1")
    if failures > len(schedule):
        return None
    base = schedule[failures - 1]
    return max(0.0, base * (1 + jitter * (2 * rand() - 1)))


def total_span(schedule: Sequence[float]) -> float:
    """How long (seconds, jitter aside) a delivery is retried from its first attempt to its last."""
    return float(sum(schedule))
