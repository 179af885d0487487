"""`escda serve` rebuilds first the page the organiser looks at, then the rest.

An edit can change hundreds of pages (a renamed sector: 322 of the archive's 1,292), and
the engine's server answers no request until a rebuild is done. The page open in the
organiser's browser is the one they wait for: the server notes which page that is (the
last page asked for, or the page whose live-reload script is waiting), and a rebuild after
an edit is then made in two:

- first, *focused*: only the family of generated pages holding that page is made again
  from the new data (`outputs.slices.GeneratedPages.focus`); every other family, the data
  files and the logo files stay as the last rebuild made them, and of the pages whose
  inputs changed only that page is rendered (`engine.incremental`). The server then
  serves it, and the browser reloads it;
- then, half a second later (the browser reloads the page and its style sheets meanwhile),
  an ordinary incremental rebuild, which brings every other page and file
  up to date (the search index follows it, `engine.serve_search`): the site is then byte
  for byte a full build's, as after any rebuild.

A page asked for during the second rebuild waits for it, as the engine's server makes
every request wait for the rebuild under way. Without a page known (no browser yet, a
page that is not the site's), a rebuild is an ordinary one.
"""

from __future__ import annotations

import posixpath
import threading
import time
from typing import Any

from escda_site.engine import adapter

# Seconds between serving the page in view and starting the rebuild of the rest: the
# browser reloads the page when the rebuild is done, then asks for its style sheets.
GRACE = 0.5


class Focus:
    """The page open in the organiser's browser, and the rebuilds it orders."""

    def __init__(self) -> None:
        self.viewed: str | None = None  # the page's URL in the site, e.g. "2027/banque/"
        self.server: Any = None
        self.rest_pending = False  # a focused rebuild left the rest to the next one
        self._mount = "/"

    def attach(self, server: Any) -> None:
        """Note the pages `server` is asked for (`on_serve`)."""
        self.server = server
        self._mount = adapter.mount_path(server)
        adapter.watch_requests(server, self.seen)

    def seen(self, path: str, referer: str | None) -> None:
        """A request for `path` (the live-reload script's, with the page it waits in)."""
        if path.startswith("/livereload/"):
            if not referer:
                return
            path = "/" + referer.split("://", 1)[-1].split("/", 1)[-1].split("?")[0]
        page = _page_url(path, self._mount)
        if page is not None:
            self.viewed = page

    def page(self, sources: dict[str, str]) -> str | None:
        """The source path of the page to rebuild first, if this rebuild is focused:
        a server is there, a page of the site is open and the last rebuild was whole."""
        if self.server is None or self.rest_pending or self.viewed is None:
            return None
        return sources.get(self.viewed)

    def focused_done(self) -> None:
        """The focused rebuild is served: the whole one follows, once the browser had
        time to load the page again with its style sheets and scripts (a request made
        during a rebuild waits for its end)."""
        self.rest_pending = True
        threading.Thread(target=self._later, args=(self.server,), daemon=True).start()

    @staticmethod
    def _later(server: Any) -> None:
        time.sleep(GRACE)
        adapter.request_rebuild(server)

    def whole_done(self) -> None:
        self.rest_pending = False


def _page_url(path: str, mount: str) -> str | None:
    """A page's URL in the site (`2027/banque/`, `` for the home page) from a request's
    path, or None for anything but a page (a script, an image, a data file)."""
    if not path.startswith(mount):
        return None
    rel = posixpath.normpath("/" + path[len(mount) :]).lstrip("/")
    if path.endswith("/") and rel:
        rel += "/"
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    elif rel.endswith(".html"):
        return rel
    elif rel and not rel.endswith("/"):
        return None
    return "" if rel in (".", "") else rel
