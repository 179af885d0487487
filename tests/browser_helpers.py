"""Serving a built site on loopback and driving Debian's chromium over it, for test_browser."""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

# Playwright's own browser builds are downloaded at install time, which this machine and CI
# cannot do: the tests drive Debian's chromium-headless-shell (`make test` installs it), the
# headless build Playwright itself runs by default: chromium's own engine and version without
# its windowing layers, some 30 % less CPU a page than the full browser's headless mode.
CHROMIUM = Path("/usr/bin/chromium-headless-shell")
# No network here: anything that phones home would hang or fail, so it is all switched off,
# and no host name resolves but the loopback's: a request leaving the site fails at once, as
# on a machine with no network (the tests that forbid them see it asked for, see
# `Readers.page`).
# One renderer process per site and context: a new page of a kept context otherwise starts a
# process of its own (a tenth of a second of CPU per page opened).
CHROMIUM_ARGS = [
    "--process-per-site",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
# Set from `pytest --screenshots` (conftest.py): pictures are taken only when asked for.
KEEP_SCREENSHOTS = False
# The browser tests' site is built on this day: before the 2027 logos expire (30 September
# 2027), so a moved browser clock can read it after they have.
AS_OF = "2026-11-24T12:00:00+01:00"

# The pages people use, audited at desktop and phone widths (test_browser.py); the
# accessibility statement's sample is audited with the same checks (test_browser_a11y.py).
PAGES = {
    "accueil": "",
    "edition": "2027/",
    "categorie": "2027/banque/",
    "categorie-ex-aequo": "2027/grande-distribution/",
    "categorie-logo-expire": "2026/banque/",
    "categorie-historique": "categories/banque/",
    "categories": "categories/",
    "secteur": "secteurs/banque-assurance/",
    "entreprise": "entreprises/banque-horizon/",
    "methodologie": "2027/methodologie/",
    "logo": "logo/",
}
WIDTHS = (1280, 375)


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None. In CI they always run."""
    if CHROMIUM.exists() or os.environ.get("CI"):
        return None
    return f"{CHROMIUM} is missing (Debian's chromium-headless-shell; `make browser` installs it)"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on a free loopback port; yields the base URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Readers:
    """The tests' reader pages, in browser contexts kept for the session.

    A context is kept per site, width, time zone and clock (set or not), with one page of
    its own that every test asking for that context reads in, as in a tab it navigates: a
    new page costs about a tenth of a second of CPU more than a navigation of a kept one,
    and its closing a renderer process, unless another page keeps it (one per site and
    context). A test asking for a second page of a context gets a new one. Between tests
    (`reset`) the new pages go, the kept page returns to the site's robots.txt at its
    width, and the test's listeners and routes, the site's cookies, storage (the tab's
    session storage too) and permissions are cleared: each test reads the site as a
    first-time visitor, as in a context of its own. A clock set in a context meant to keep
    the real time (`page.clock` is the context's) makes `reset` drop that context.
    """

    def __init__(self, browser) -> None:
        self.browser = browser
        self.kept: dict[tuple[str, int, str, bool], tuple[object, object]] = {}
        # Per context used since the last reset: the listeners to remove from it.
        self.used: dict[tuple[str, int, str, bool], list[tuple[object, str, Callable]]] = {}

    def page(
        self,
        base_url: str,
        width: int = 1280,
        zone: str = "Europe/Paris",
        now: datetime | None = None,
        on_request: Callable | None = None,
        on_error: Callable[[str], None] | None = None,
    ):
        """A page `width` px wide; with the clock fixed at `now`, every request of the
        context's pages given to `on_request`, and every script error to `on_error`."""
        key = (base_url, width, zone, now is not None)
        if key not in self.kept:
            context = self.browser.new_context(
                base_url=base_url,
                viewport={"width": width, "height": 900},
                locale="fr-FR",
                timezone_id=zone,
            )
            self.kept[key] = (context, self._home(context))
        context, kept = self.kept[key]
        listeners = self.used.get(key)
        if listeners is None:
            listeners = self.used[key] = []
            page = kept
            if on_request is not None:
                context.on("request", on_request)
                listeners.append((context, "request", on_request))
        else:
            page = context.new_page()
        if on_error is not None:

            def error(error) -> None:
                on_error(str(error))

            page.on("pageerror", error)
            listeners.append((page, "pageerror", error))
        if now is not None:
            page.clock.set_fixed_time(now)
        return page

    @staticmethod
    def _home(context):
        page = context.new_page()
        page.goto("robots.txt")
        return page

    def reset(self) -> None:
        """Leave the contexts used since the last reset as new."""
        for key in sorted(self.used):
            context, kept = self.kept[key]
            for target, event, listener in self.used[key]:
                target.remove_listener(event, listener)
            for page in context.pages:
                if page is not kept:
                    page.close()
            context.unroute_all(behavior="ignoreErrors")
            if kept.is_closed():
                kept = self._home(context)
                self.kept[key] = (context, kept)
            else:
                kept.unroute_all(behavior="ignoreErrors")
                kept.goto("robots.txt")
                if kept.viewport_size != {"width": key[1], "height": 900}:
                    kept.set_viewport_size({"width": key[1], "height": 900})
            clock_set = abs(kept.evaluate("Date.now()") - time.time() * 1000) > 60_000
            if clock_set and not key[3]:
                del self.kept[key]
                context.close()
                continue
            context.clear_cookies()
            context.clear_permissions()
            kept.evaluate("sessionStorage.clear()")
            origin = key[0].rstrip("/")
            session = context.new_cdp_session(kept)
            session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            session.detach()
        self.used.clear()

    def close(self) -> None:
        for context, _ in self.kept.values():
            context.close()
        self.kept.clear()


class Shown:
    """Pages of a site loaded once and kept, per path and width (each width in a context of
    its own), for the tests that only read them: a load, and what the page starts (Pagefind
    and its index on a search), is most of such a test's CPU. Every script error, and every
    request `on_request` finds wrong (it returns why), goes to `problems`, which each test
    using them asserts empty: nothing may fail on them at any time."""

    def __init__(self, browser, base_url: str, on_request: Callable | None = None) -> None:
        self.browser = browser
        self.base_url = base_url
        self.on_request = on_request
        self.contexts: dict[int, object] = {}
        self.pages: dict[tuple[str, int], object] = {}
        self.problems: list[str] = []

    def page(self, path: str, width: int = 1280):
        """The page at `path`, `width` px wide, loaded (status 200) the first time asked."""
        if (path, width) not in self.pages:
            if width not in self.contexts:
                self.contexts[width] = self._context(width)
            page = self.contexts[width].new_page()
            page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
            response = page.goto(path)
            assert response is not None and response.status == 200, f"{path}: {response}"
            self.pages[(path, width)] = page
        return self.pages[(path, width)]

    def _context(self, width: int):
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport={"width": width, "height": 900},
            locale="fr-FR",
            timezone_id="Europe/Paris",
        )
        if self.on_request is not None:

            def request(request) -> None:
                problem = self.on_request(request)
                if problem:
                    self.problems.append(problem)

            context.on("request", request)
        return context

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()
        self.contexts.clear()
        self.pages.clear()


_AXE = Axe()
SERIOUS = {"serious", "critical"}


# Moderate rules that still fail a page: two landmarks of one kind with the same name
# leave a screen reader's landmark list ambiguous.
ALSO_FAIL = {"landmark-unique"}


def serious_violations(page) -> list[dict]:
    """axe-core's violations of impact serious or critical on the page as it is now (and
    those of `ALSO_FAIL`)."""
    results = _AXE.run(page)
    return [
        v for v in results.response["violations"] if v["impact"] in SERIOUS or v["id"] in ALSO_FAIL
    ]


_FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]"
_ZERO_SIZE_TAB_STOPS = f"""() => [...document.querySelectorAll({_FOCUSABLE!r})]
  .filter(e => e.tabIndex >= 0 && !e.disabled && e.offsetParent !== null
    && getComputedStyle(e).visibility !== 'hidden')
  .filter(e => {{ const r = e.getBoundingClientRect(); return r.width === 0 || r.height === 0; }})
  .map(e => e.outerHTML.slice(0, 120))"""


def zero_size_tab_stops(page) -> list[str]:
    """Elements the Tab key reaches that have no size: focus vanishes from the screen."""
    return page.evaluate(_ZERO_SIZE_TAB_STOPS)


def describe(violations: list[dict]) -> str:
    """One readable block per violation, to show in a failing assertion."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
            why = checks[0]["message"] if checks else ""
            html = " ".join(node["html"].split())[:160]
            lines.append(f"    {', '.join(map(str, node['target']))}: {html}\n      {why}")
    return "\n".join(lines)


def screenshot(target, name: str, **options) -> None:
    """A picture of `target` (a page or a locator) in tests/screenshots/<name>.png, for a human
    to look at, when the run asks for them (`pytest --screenshots`): no test asserts on one,
    and a full-page PNG costs a quarter of a second of CPU."""
    if KEEP_SCREENSHOTS:
        SCREENSHOTS.mkdir(exist_ok=True)
        target.screenshot(path=SCREENSHOTS / f"{name}.png", **options)


def settle(page) -> None:
    """Show the page in its final state: Material fades its tabs in after load, and axe
    would measure contrast on the half-faded colours of whatever moment it runs."""
    page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; "
        "animation: none !important; }"
    )
