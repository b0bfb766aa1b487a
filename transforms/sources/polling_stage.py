"""The clock of the streaming sources: one tick every ``poll_interval`` seconds.

``PollFeeds`` fetches its feeds and ``WatchDirectory`` lists its glob on each tick.
A ``PeriodicImpulse`` keeps ticking on every runner for as long as the job runs
(Flink included), unlike ``fileio.MatchContinuously``, whose fixed number of polls
Flink uses up as soon as the impulse that starts it finishes.
"""
from typing import Optional

from apache_beam.transforms.periodicsequence import PeriodicImpulse, RebaseMode
from apache_beam.utils.timestamp import MAX_TIMESTAMP, Duration, Timestamp


def poll_ticks(poll_interval: float, max_runtime: Optional[float] = None,
               start_timestamp: Optional[float] = None) -> PeriodicImpulse:
    """Ticks (their timestamps as values) every ``poll_interval`` seconds for ``max_runtime``
    seconds (``None``: forever), then the source ends and its windows close.

    Without ``start_timestamp`` the ticks are rebased to the moment the job starts
    running (``RebaseMode``), so runner start-up time neither eats into ``max_runtime``
    nor causes a burst of catch-up ticks; with it (tests) the ticks are those times."""
    if poll_interval <= 0:
        raise ValueError("poll_interval must be positive")
    # Timestamp.now() here, never as a default argument: PeriodicImpulse's own
    # default start_timestamp is evaluated once, at import time.
    start = Timestamp.of(start_timestamp) if start_timestamp is not None else Timestamp.now()
    rebased = start_timestamp is None
    if max_runtime is None:
        return PeriodicImpulse(start_timestamp=start, stop_timestamp=MAX_TIMESTAMP, fire_interval=poll_interval,
                               rebase=RebaseMode.REBASE_START if rebased else RebaseMode.REBASE_NONE)
    return PeriodicImpulse(start_timestamp=start, stop_timestamp=start + Duration.of(max_runtime),
                           fire_interval=poll_interval,
                           rebase=RebaseMode.REBASE_ALL if rebased else RebaseMode.REBASE_NONE)
