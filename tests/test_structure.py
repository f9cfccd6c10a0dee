"""The structure every layer stands on: one frame per date, explicit tables, a player in
parts, one second build for determinism."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import natomap

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def test_each_frame_is_computed_once_during_a_build(nato_build):
    assert nato_build.computed == len(nato_build.film.dates) == len(natomap.frames())


def test_no_ambient_table_and_no_nato_special_case():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py"))
    assert not re.search(r"ContextVar|is_bundled_nato", source)


def test_every_command_is_listed_by_python_m_natomap_cli():
    run = subprocess.run(
        [sys.executable, "-m", "natomap.cli", "--help"], capture_output=True, text=True, env=ENV
    )
    assert run.returncode == 0, run.stderr
    listed = set(re.findall(r"^  (\w[\w-]*)", run.stdout, re.M))
    from natomap.cli import main

    assert set(main.commands) <= listed and len(listed) >= 10


def test_modules_are_not_hidden_by_functions():
    import natomap.changes
    import natomap.deployments
    import natomap.film
    import natomap.lookup
    import natomap.measure

    assert natomap.film.story is natomap.story
    assert natomap.measure.stats is natomap.stats
    assert natomap.deployments.forces is natomap.forces
    assert natomap.lookup.where is natomap.where
    assert callable(natomap.timeline) and callable(natomap.changes.changes)


def test_a_bug_keeps_its_traceback_a_mistake_does_not(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from natomap.cli import main

    def broken(*args, **kwargs):
        raise ValueError("an internal bug")

    monkeypatch.setattr("natomap.memberships.MembershipTable.members", broken)
    result = CliRunner().invoke(main, ["members", "--json"])
    assert result.exit_code == 1 and isinstance(result.exception, ValueError)
    monkeypatch.undo()
    mistake = CliRunner().invoke(main, ["members", "--date", "1930-01-01"])
    assert mistake.exit_code == 2 and mistake.exception.__class__ is SystemExit


def test_using_is_gone_with_a_warning():
    with pytest.warns(DeprecationWarning, match="memberships="):
        with natomap.using(None):
            pass


def test_the_player_controller_runs_without_a_browser():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node is missing; CI must have it")
        pytest.skip("node is missing")
    run = subprocess.run(
        [node, "--test", str(ROOT / "tests" / "js")], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"^# pass [1-9]", run.stdout, re.M) and "# fail 0" in run.stdout


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_second_build_in_another_process_is_byte_identical(nato_build, tmp_path):
    out = tmp_path / "again"
    run = subprocess.run(
        [sys.executable, "-m", "natomap", "build", "--out", str(out), "--quiet"],
        env={**ENV, "PYTHONHASHSEED": "12345", "TZ": "Pacific/Auckland", "LC_ALL": "C"},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    first, second = _files(nato_build.out), _files(out)
    assert first.keys() == second.keys() and len(first) > 80
    assert [name for name in first if first[name] != second[name]] == []
