"""Internal link and anchor check over a built site folder."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRS = {
    ("a", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("form", "data-index"),
}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and tag != "meta":
                self.ids.add(value)
            if (tag, name) in LINK_ATTRS:
                self.links.append(value)


def _parse(path: Path) -> _Parser:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def _target(site: Path, url_path: str) -> Path | None:
    candidate = site / unquote(url_path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path, base_url: str = "/") -> Iterator[str]:
    """Yield `page: link` for every internal link whose file or anchor is missing.

    What MkDocs' strict validation checks in the Markdown (links to missing pages or
    anchors, absolute links), checked here on the built HTML, so it holds for any engine.
    External links (another scheme or host) are not followed: the build must not need
    the network.
    """
    site = Path(site)
    parsed: dict[Path, _Parser] = {}

    def parse(path: Path) -> _Parser:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        page_url = base_url + rel.removesuffix("index.html")
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            # As MkDocs' `validation.links.absolute_links`: a root-relative link breaks when
            # the site moves under a sub-path. Only the 404 page, served from any folder,
            # needs them (the engine writes it so).
            if link.startswith("/") and rel != "404.html":
                yield f"{rel}: {link} (absolute link)"
                continue
            absolute = urlsplit(urljoin(page_url, link))
            if not absolute.path.startswith(base_url):
                yield f"{rel}: {link} (outside the site)"
                continue
            target = page if not parts.path else _target(site, absolute.path[len(base_url) :])
            if target is None:
                yield f"{rel}: {link} (no such file)"
            elif (
                absolute.fragment
                and target.suffix == ".html"
                and unquote(absolute.fragment) not in parse(target).ids
            ):
                yield f"{rel}: {link} (no such anchor)"


def orphan_pages(site: Path, base_url: str = "/") -> list[str]:
    """Every built page (an `index.html`) no other page links to, home and 404 aside.

    The navigation lists one index page per section; every other page must be reachable
    from some page, or a reader (and a search engine) can only find it by its address.
    """
    site = Path(site)
    pages = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    linked: set[str] = set()
    for rel in sorted(pages):
        page_url = base_url + rel.removesuffix("index.html")
        for link in _parse(site / rel).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = _target(site, urlsplit(urljoin(page_url, link)).path[len(base_url) :])
            if target is not None and target != site / rel:
                linked.add(target.relative_to(site).as_posix())
    return sorted(pages - linked - {"index.html"})
