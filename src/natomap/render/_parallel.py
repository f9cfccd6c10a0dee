"""Run independent rendering jobs on every core.

Drawing a map is CPU-bound Python (matplotlib), so threads do not help; processes do.
Workers are forked where the platform allows it, so they start with the parent's loaded
tables and geometry instead of reading them again; each worker is handed the membership
table in use (a user's ``--data``) explicitly.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from natomap.membership import adopt, in_use

T = TypeVar("T")

__all__ = ["parallel_calls", "start_calls"]


def _call(job: Callable[[], T]) -> T:
    return job()


def parallel_calls(jobs: Sequence[Callable[[], T]], workers: int | None = None) -> list[T]:
    """The results of ``jobs`` (picklable callables without arguments, e.g. partials), in
    order; in this process when there is one core or one job."""
    return start_calls(jobs, workers)()


def start_calls(
    jobs: Sequence[Callable[[], T]], workers: int | None = None, *, background: bool = False
) -> Callable[[], list[T]]:
    """Start ``jobs`` on worker processes now; the returned function waits for their results.

    This process is free in between (``natomap build`` measures the statistics while the
    workers draw the stills). Workers are forked: start them while this process runs no
    other thread.
    """
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1 and not background:  # ``background``: on a worker even when alone
        return lambda: [job() for job in jobs]
    methods = multiprocessing.get_all_start_methods()
    context: Any = multiprocessing.get_context("fork") if "fork" in methods else None
    # A ContextVar set in this process (``membership.using``) does not reliably reach a worker
    # (never under spawn), so each worker adopts the parent's table explicitly.
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=adopt, initargs=(in_use(),))
    futures = [pool.submit(_call, job) for job in jobs]

    def results() -> list[T]:
        try:
            return [future.result() for future in futures]
        finally:
            pool.shutdown(cancel_futures=True)

    return results
