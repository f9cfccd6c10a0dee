"""Run natomap commands as a user would (a fresh process), for two versions of the code.

The benchmarks compare this checkout with a baseline (by default commit 412b1a1, the version
before the speed work of issue 16) in the same run, on the same machine, one after the
other, so that their ratio means something on a shared, noisy machine. Each run is a
subprocess with ``PYTHONPATH`` set to that version's ``src/``; wall time, CPU time (the
process and every worker it waited for) and peak memory (the largest resident set of the
process or any of its workers) come from ``os.wait4``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CURRENT = ROOT / "src"
BASELINE_COMMIT = "412b1a1"
_KNOWN_BASELINE = Path("/work/baseline-src")


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mb: float
    stdout: str


def baseline_src(given: str | None) -> Path:
    """The baseline's ``src/`` folder: a folder given (a checkout or its ``src/``), else a
    git revision of this repository unpacked into a temporary folder."""
    if given and Path(given).is_dir():
        folder = Path(given)
        return folder / "src" if (folder / "src" / "natomap").is_dir() else folder
    if not given and (_KNOWN_BASELINE / "src" / "natomap").is_dir():
        return _KNOWN_BASELINE / "src"
    revision = given or BASELINE_COMMIT
    target = Path(tempfile.mkdtemp(prefix=f"natomap-{revision}-"))
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision],
        check=True,
        capture_output=True,
    ).stdout
    tar = target / "src.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(target, filter="data")
    return target / "src"


def run(
    args: list[str], src: Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Run:
    """Run ``python args...`` with ``src`` first on the path; its time and peak memory."""
    environment = {**os.environ, "PYTHONPATH": str(src), **(env or {})}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, *args], env=environment, cwd=cwd, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{stderr[-2000:]}")
    scale = 1024 if sys.platform != "darwin" else 1024 * 1024  # ru_maxrss: KiB on Linux
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale / 1e6, stdout)


def best(runs: list[Run]) -> Run:
    """The run with the least CPU time: the one least disturbed by other tenants."""
    return min(runs, key=lambda r: r.cpu)


def ratio(new: float, old: float) -> str:
    return f"{new / old:.2f}" if old else "n/a"
