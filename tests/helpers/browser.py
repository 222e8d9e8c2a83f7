"""Debian's Chromium driven by Playwright: the launch arguments and pages that record what they cause."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's (`make test` installs it when it can)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def open_page(browser, path: Path):
    """A page of ``browser`` at ``path``, and the console errors, network requests and dialogs it causes."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    events = {"console": [], "network": [], "dialogs": []}
    page.on("console", lambda m: events["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: events["console"].append(str(e)))
    page.on(
        "request",
        lambda r: events["network"].append(r.url) if not r.url.startswith(("file://", "data:")) else None,
    )
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri(), wait_until="load")
    return page, events


def visit(page, events: dict, path: Path) -> dict:
    """Load ``path`` in a page from :func:`open_page`, with its event lists emptied first; returns them.

    One page for many files: a new page starts a new renderer process, which costs more than the
    visit itself (38 reports: 27 CPU-s with a page each, 7 with one page)."""
    for seen in events.values():
        seen.clear()
    page.goto(path.as_uri(), wait_until="load")
    return events


def chromium_pages():
    """A generator fixture body: yields a function that opens a file in Debian's Chromium (Playwright) and
    returns the page and the console errors and network requests it made; skips without Chromium."""
    import pytest

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (`make test` installs it with apt-get when it can)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def open_page(path: Path):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            events = {"console": [], "network": []}
            page.on("console", lambda m: events["console"].append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: events["console"].append(str(e)))
            page.on(
                "request",
                lambda r: (
                    events["network"].append(r.url) if not r.url.startswith(("file://", "data:")) else None
                ),
            )
            page.goto(path.as_uri(), wait_until="load")
            return page, events

        yield open_page
        browser.close()
