"""Waiting for a page without ``eval``.

The page's Content-Security-Policy forbids ``eval``, and Playwright's ``wait_for_function``
evaluates its predicate as a string inside the page once it has to poll, so the wait fails
whenever the condition is not already true. ``page.evaluate`` goes through the DevTools
protocol, which the policy does not govern: polling with it waits the same way.
"""

from __future__ import annotations

import time
from typing import Any


def wait_until(target: Any, expression: str, timeout: float = 10_000, every: float = 25) -> Any:
    """Poll ``expression`` in ``target`` (a Playwright page or frame) until it is truthy;
    return its value, or raise TimeoutError naming the expression."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            value = target.evaluate(expression)
        except Exception as err:  # the page may still be loading
            if "Execution context was destroyed" not in str(err) and "not defined" not in str(err):
                raise
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:g} ms for: {expression}")
        time.sleep(every / 1000)
