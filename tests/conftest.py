"""Shared fixtures: a real headless Chromium with the network blocked.

In CI (``CI=true``) a missing browser is a failure, never a skip: a green run that never
opened a page would prove nothing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NATOMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(what: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is missing; CI must have it (tests/run.sh installs it)")
    pytest.skip(f"{what} is missing (run tests/run.sh to install it)")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright (pip install -e '.[test]')")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield b
        b.close()


def _offline_context(browser, **options):
    """A browser context that may load file://, data: and blob: URLs only; every request
    elsewhere is blocked and recorded in ``page.blocked`` so tests can assert there were
    none, and console errors land in ``page.console_errors``."""
    context = browser.new_context(**options)
    blocked: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.blocked = blocked
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return context, page


@pytest.fixture
def offline_page(browser):
    """A 1200 x 800 page with the network blocked (see ``_offline_context``)."""
    context, page = _offline_context(browser, viewport={"width": 1200, "height": 800})
    yield page
    context.close()


@pytest.fixture
def open_page(browser):
    """Pages of any size and setting with the network blocked: ``open_page(width, height,
    touch=False, dark=False, reduced_motion=False)``; closed after the test."""
    contexts = []

    def make(width=1200, height=800, touch=False, dark=False, reduced_motion=False):
        context, page = _offline_context(
            browser,
            viewport={"width": width, "height": height},
            has_touch=touch,
            is_mobile=touch,
            color_scheme="dark" if dark else "light",
            reduced_motion="reduce" if reduced_motion else "no-preference",
            accept_downloads=True,
        )
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def nato_build(tmp_path_factory):
    """One ``natomap build`` of the bundled data for the whole test run, on a film of its own,
    counting how often a frame is computed in any process (workers are forked, so a shared
    counter sees them too)."""
    import multiprocessing
    from types import SimpleNamespace

    from natomap.build import BuildOptions, build
    from natomap.film import Film

    counter = multiprocessing.get_context("fork").Value("i", 0)
    film = Film("nato")
    film._frames = {}  # its own frames, not those other tests computed on the shared film
    compute = film._compute

    def counted(day):
        with counter.get_lock():
            counter.value += 1
        return compute(day)

    film._compute = counted
    out = tmp_path_factory.mktemp("build") / "out"
    written = build(film, BuildOptions(out=out), progress=False)
    return SimpleNamespace(out=out, written=written, film=film, computed=counter.value)
