"""Serving a built site on loopback and driving Debian's chromium over it, for test_browser."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

# Playwright's own browser builds are downloaded at install time, which this machine and CI
# cannot do: the tests drive the chromium of Debian's packages (`make test` installs it).
CHROMIUM = Path("/usr/bin/chromium")
# No network here: anything that phones home would hang or fail, so it is all switched off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
# The browser tests' site is built on this day: before the 2027 logos expire (30 September
# 2027), so a moved browser clock can read it after they have.
AS_OF = "2026-11-24T12:00:00+01:00"


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None. In CI they always run."""
    if CHROMIUM.exists() or os.environ.get("CI"):
        return None
    return f"{CHROMIUM} is missing (Debian's chromium; `make test` installs it with apt-get)"


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


def settle(page) -> None:
    """Show the page in its final state: Material fades its tabs in after load, and axe
    would measure contrast on the half-faded colours of whatever moment it runs."""
    page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; "
        "animation: none !important; }"
    )
