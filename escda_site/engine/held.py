"""Rendered pages held compressed until they are written (a full build's memory).

MkDocs 1.x renders every page's Markdown before it writes the first page, so every page's
HTML is alive at once: about 120 MB of strings at 120 editions. A full build keeps each
page's HTML as compressed UTF-8 from the moment it is rendered until the page is written
(a twentieth of it); `escda serve` keeps the pages as MkDocs does, its incremental mode
compares them between rebuilds. MkDocs' `Page` is written through `engine.adapter` only.
"""

from __future__ import annotations

import zlib
from typing import Any

from escda_site.engine import adapter


class HeldRenders:
    """The HTML of the pages rendered and not yet written, compressed, by source path."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.last: Any = None  # the page rendered last: MkDocs sets its content after the event

    def rendered(self, page: Any) -> None:
        """`page` was just rendered (on_page_content): held once MkDocs has its content."""
        self.hold_last()
        self.last = page

    def hold_last(self) -> None:
        """Hold the page rendered last (on the next page's first event, and on_env)."""
        page, self.last = self.last, None
        if page is not None and isinstance(page.content, str):
            # Level 1: the HTML is mostly the same markup again, a tenth of its size at once.
            self.pages[page.file.src_uri] = zlib.compress(page.content.encode("utf-8"), 1)
            adapter.release_render(page)

    def restore(self, page: Any) -> str | None:
        """The page's HTML as it was rendered (on_page_context), its compressed copy gone."""
        held = self.pages.pop(page.file.src_uri, None)
        return page.content if held is None else zlib.decompress(held).decode("utf-8")
