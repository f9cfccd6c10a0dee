"""How long ``natomap stats`` takes, beside the obvious way of computing the same borders.

Run: ``PYTHONPATH=src python3 bench/bench_stats.py``. Prints one table; every row is timed in
this one process, so the ratios compare like with like on this machine:

- loading the 1:10m atlas (paid once per process by every command that draws at 1:10m);
- ``stats()``: all columns for the 40 frames, borders and shapes measured once per change;
- the per-frame peer: ``border_pairs(day)`` on every frame, borders only;
- ``stats()`` again, from its caches.
"""

from __future__ import annotations

import time

from natomap.atlas import atlas
from natomap.film import frames
from natomap.measure import border_pairs


def _time(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    days = frames()
    load = _time(lambda: atlas(days[0], "10m"))
    from natomap.measure import stats

    first = _time(stats)
    peer = _time(lambda: [border_pairs(day) for day in days])
    again = _time(stats)
    rows = [
        ("load the 1:10m atlas (once per process)", load),
        (f"stats(): every column, {len(days)} frames", first),
        (f"peer: border_pairs() on each of {len(days)} frames (borders only)", peer),
        ("stats() again (cached)", again),
    ]
    print(f"{'what':<72} {'seconds':>8} {'ratio to stats()':>17}")
    for label, seconds in rows:
        print(f"{label:<72} {seconds:>8.2f} {seconds / first:>17.2f}")
    print(f"{'natomap stats end to end (load + stats())':<72} {load + first:>8.2f}")


if __name__ == "__main__":
    main()
