"""Hard inputs and interrupted builds: a clean error or a correct result, never a traceback,
a hang, an orphan process or a half-written output."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natomap.cli import main
from natomap.errors import NatomapError, OutputError, UserError
from natomap.usertable import read_table
from waiting import wait_until

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
SRC = "https://example.org/source"
VALID = (
    "country,joined,left,status,note,source\n"
    f"France,1958-01-01,,member,founder,{SRC}\n"
    f"Poland,2004-05-01,,member,,{SRC}\n"
    f'United Kingdom,1973,2020-02-01,member,"left, after a vote",{SRC}\n'
    f"Norway,1994,,partner,,{SRC}\n"
)


# -- the table reader, fuzzed ------------------------------------------------------------------

PIECES = st.sampled_from(
    [",", "\n", "\r\n", '"', "''", "\u2028", "\x0b", "\x0c", "\x85", "\x00", "\ufeff", "é", "🙂",
     "1949", "0000", "2999-12-31", "20040501", "2004-W01-1", "２００４", "Congo", "Korea", "",
     "joined", "country", "source", "status", "aspirant", "https://", "x" * 300, "\x1b[31m"]
)  # fmt: skip


@st.composite
def mutated(draw):
    text = list(VALID)
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(PIECES)
        if action == "insert":
            text[where:where] = list(piece)
        elif action == "delete" and text:
            del text[where : where + draw(st.integers(1, 20))]
        elif text:
            text[where : where + len(piece)] = list(piece)
    return "".join(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_mutated_table_is_a_table_or_one_clean_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "table.csv"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        table = read_table(path, org="club")
    except UserError as err:
        message = str(err)
        assert message.startswith(str(path)), message
        assert "\n" not in message.strip() and "\x1b" not in message
        return
    assert table.rows and all(m.source.startswith("http") for m in table.rows)


def test_quoted_newlines_and_odd_separators_stay_in_their_field(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "country,joined,note,source\n"
        f'"Fra\nnce",1958,x,{SRC}\n'
        f"Poland,2004-05-01,a\u2028b\x0bc,{SRC}\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError, match="line 2, field 'country': unknown country"):
        read_table(path)  # "Fra\nnce" is not France
    path.write_text(
        f"country,joined,note,source\nPoland,2004-05-01,a\u2028b\x0bc,{SRC}\n", encoding="utf-8"
    )
    (row,) = read_table(path).rows
    assert row.note == "a\u2028b\x0bc"


# -- special files and paths -------------------------------------------------------------------


def _special(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(17 * 1024 * 1024)
    ok = tmp_path / "ok.csv"
    ok.write_text(VALID, encoding="utf-8")
    return {
        "fifo": fifo,
        "device": Path("/dev/zero"),
        "folder": tmp_path,
        "symlink loop": loop,
        "too long": tmp_path / ("x" * 300 + ".csv"),
        "under a file": ok / "x.csv",
        "too big": big,
    }


def test_special_files_are_refused_at_once(tmp_path):
    for name, path in _special(tmp_path).items():
        start = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "natomap", "members", "--data", str(path)],
            capture_output=True,
            text=True,
            env=ENV,
            timeout=60,
        )
        assert time.monotonic() - start < 30, name  # no hang on a pipe or a device
        assert result.returncode == 2, (name, result.stderr)
        assert "Traceback" not in result.stderr, name
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("Error: ") and str(path)[:60] in line, (name, line)


# -- a build is a transaction --------------------------------------------------------------


def _build(out: Path, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "natomap", "build", "--out", str(out), "--quiet", *args],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, so we can find its workers
        **kwargs,
    )


def _group_alive(pgid: int) -> list[int]:
    alive = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.getpgid(int(pid)) == pgid:
                    alive.append(int(pid))
            except ProcessLookupError:
                pass
    return alive


def _assert_gone(pgid: int, timeout: float = 5) -> None:
    """Every process of the build's group exits within a few seconds."""
    deadline = time.monotonic() + timeout
    while _group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _group_alive(pgid) == []


def _wait_for_workers(process: subprocess.Popen, count: int = 2, timeout: float = 60) -> None:
    """Wait until the build has started its worker processes (the interesting moment)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_group_alive(process.pid)) > count:
            return
        time.sleep(0.1)
    raise AssertionError("the build never started its workers")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_stops_quickly_keeps_nothing_and_leaves_no_process(tmp_path, signum):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("the user's own file")
    process = _build(out)
    _wait_for_workers(process)
    sent = time.monotonic()
    os.kill(process.pid, signum)
    _, stderr = process.communicate(timeout=30)
    stopped = time.monotonic() - sent
    assert process.returncode == 130, stderr
    assert stopped < 4, stopped  # 2 s asked; a loaded CI machine gets some slack
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    _assert_gone(process.pid)


def test_killed_build_leaves_no_worker_running(tmp_path):
    process = _build(tmp_path / "out")
    _wait_for_workers(process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    _assert_gone(process.pid)
    assert not (tmp_path / "out").exists()


def test_a_build_replaces_only_its_own_files(nato_build, tmp_path):
    """Another organisation's build into the same folder leaves none of NATO's files behind,
    and the user's own files stay."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.md").write_text("mine")
    (out / "natomap-build.json").write_text(json.dumps({"files": ["nato-expansion.html"]}))
    (out / "nato-expansion.html").write_text("an old map")
    table = tmp_path / "eu.csv"
    table.write_text(f"country,joined,source\nFrance,1958,{SRC}\nItaly,1958,{SRC}\n")
    process = _build(out, "--data", str(table), "--org", "EU")
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    names = {p.name for p in out.iterdir()}
    assert "nato-expansion.html" not in names and "notes.md" in names
    assert "eu-membership.html" in names
    manifest = json.loads((out / "natomap-build.json").read_text())
    assert "eu-membership.html" in manifest["files"] and "notes.md" not in manifest["files"]


def test_a_full_disk_names_the_path_and_keeps_the_previous_output(tmp_path, monkeypatch):
    from natomap import _io
    from natomap.build import BuildOptions, build
    from natomap.film import Film

    out = tmp_path / "out"
    out.mkdir()
    (out / "stats.csv").write_text("the previous build")
    real = _io.os.replace

    def full(source, target):
        if str(target).endswith("stats.csv"):
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real(source, target)

    monkeypatch.setattr(_io.os, "replace", full)
    message = r"cannot write .*/out/stats\.csv: No space left on device"
    with pytest.raises(OutputError, match=message):
        build(Film.of("warsaw-pact"), BuildOptions(out=out, workers=1), progress=False)
    assert (out / "stats.csv").read_text() == "the previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_read_only_folder_fails_before_any_work(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    if os.geteuid() == 0:  # root writes anywhere: refuse as the kernel would refuse a user
        import tempfile

        real = tempfile.mkdtemp

        def refuse(*args, **kwargs):
            if Path(kwargs.get("dir") or args[2]).resolve() == folder.resolve():
                raise PermissionError(errno.EACCES, "Permission denied", str(folder))
            return real(*args, **kwargs)

        monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    result = CliRunner().invoke(main, ["build", "--out", str(folder / "out")])
    assert result.exit_code == 1 and str(folder) in result.output


def test_machine_errors_are_not_blamed_on_the_users_table(tmp_path, monkeypatch):
    table = tmp_path / "t.csv"
    table.write_text(f"country,joined,source\nFrance,1958,{SRC}\n")
    empty = tmp_path / "empty-geodata"
    empty.mkdir()
    monkeypatch.setenv("NATOMAP_GEODATA", str(empty))
    result = CliRunner().invoke(main, ["members", "--data", str(table)])
    assert result.exit_code == 1
    assert "not a natomap geodata folder" in result.output and "t.csv" not in result.output


def test_geodata_edits_are_accepted_on_purpose(tmp_path):
    import shutil

    from natomap.geodata import Geodata

    folder = tmp_path / "geodata"
    shutil.copytree(Geodata.default().folder, folder)
    with (folder / "places.csv").open("a") as f:
        f.write("kyiv,Kyiv,30.52,50.45,https://www.geonames.org/703448,\n")
    checked = CliRunner().invoke(main, ["geodata", str(folder)])
    assert checked.exit_code == 1 and "places.csv: does not match" in checked.output
    accepted = CliRunner().invoke(main, ["geodata", "--accept", str(folder)])
    assert accepted.exit_code == 0 and "places.csv" in accepted.output
    assert CliRunner().invoke(main, ["geodata", str(folder)]).exit_code == 0


def test_natomap_errors_carry_their_exit_status():
    assert UserError("x").exit_code == 2 and NatomapError("x").exit_code == 1
    assert issubclass(OutputError, OSError)


# -- the page --------------------------------------------------------------------------------


def test_the_page_keeps_its_api_whatever_the_address_says(nato_build, offline_page):
    page = offline_page
    url = (nato_build.out / "nato-expansion.html").as_uri()
    for bad in ["#%", "#%E0%A4%A", "#<script>", "#2004-13-45", "#1930"]:
        page.goto(url + bad)
        wait_until(page, "window.natomap && window.natomap.maps.length === 1")
        assert page.evaluate("window.natomap.maps[0].current()") == "1949-08-24", bad
    m = "window.natomap.maps[0]"
    page.evaluate(f"{m}.goTo('2004-03-29')")
    for bad in ["NaN", "1.5", "undefined", "{}", "'abc'", "-3", "null"]:
        assert page.evaluate(f"{m}.goTo({bad})") == "2004-03-29", bad
    page.evaluate(f"{m}.next()")
    assert page.evaluate(f"{m}.current()") > "2004-03-29"
    assert page.console_errors == [] and page.blocked == []


def test_content_security_policy_and_subresource_integrity(nato_build):
    from natomap import Film
    from natomap.render.html import render_page

    text = (nato_build.out / "nato-expansion.html").read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp
    assert "script-src 'sha256-" in csp
    assert not re.search(r"\son[a-z]+=", text.split("<script>")[0])  # no inline handlers
    cdn = render_page(Film.of(), cdn=True)
    assert re.search(r'<script src="https://unpkg.com/[^"]+" integrity="sha384-[^"]+"', cdn)
    assert re.search(
        r'<link rel="stylesheet" href="https://unpkg.com/[^"]+" integrity="sha384-', cdn
    )
