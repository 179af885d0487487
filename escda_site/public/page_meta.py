"""Each page's metadata, decided in one place: title, description, embargo, robots, share image.

The page generators bake the answer into each page's front matter; the MkDocs plugin
applies the same function to the hand-written pages of `content/`; `overrides/main.html`
only prints what it finds. So any engine that reads the front matter publishes the same
`<title>`, description, « EMBARGO » banner, `robots` and OpenGraph tags.
"""

from __future__ import annotations

import html

from escda_site.public import urls
from escda_site.public.view import PublicSite
from escda_site.text import frformat, yamlout
from escda_site.text.typography import typeset_text

# Keys of the front matter, in the order they are written.
KEYS = (
    "title",
    "description",
    "embargo",
    "robots",
    "image",
    "image_alt",
    "image_width",
    "image_height",
    "tab",
    "hide",
)


def owning_tab(path: str) -> str | None:
    """The navigation page (docs-relative) a detail page belongs under, or None.

    Edition, result, methodology, category-history, company and sector pages stay out of
    the navigation (it is rendered into every page, so it must not grow with the archive):
    each names the index it belongs to, so the theme marks that tab as the current one.
    """
    parts = path.split("/")
    if parts[-1] != "index.md" or len(parts) not in (2, 3) or not parts[0]:
        return None
    if parts[0].isdigit():
        if len(parts) == 3 and f"{parts[1]}/" == urls.METHODOLOGY:
            return urls.source(urls.methodologies())
        return urls.source(urls.editions())
    section = f"{parts[0]}/"
    listed = (urls.categories(), urls.sectors(), urls.companies())
    if len(parts) == 3 and parts[1] and section in listed:
        return urls.source(section)
    return None


def embargo_banner(site: PublicSite, folder: str) -> str | None:
    """The « EMBARGO » banner of a page in `folder` (first part of its path), or None.

    A page inside an embargoed edition's folder carries that edition's proclamation; in a
    preview, every page outside a proclaimed edition's folder (home, companies, sectors,
    open data, hand-written pages…) may show embargoed results too, so it carries the
    earliest proclamation still to come.
    """
    embargoed = [e for e in site.editions if e.embargoed]
    if not embargoed:
        return None
    own = next((e for e in site.editions if str(e.year) == folder), None)
    if own is not None and not own.embargoed:
        return None
    moment = (own or min(embargoed, key=lambda e: e.proclamation)).proclamation
    return f"EMBARGO — ne pas diffuser avant le {frformat.moment(moment)}"


def page_meta(
    site: PublicSite,
    path: str,
    *,
    title: str | None = None,
    description: str | None = None,
    image: str | None = None,
    image_alt: str | None = None,
    image_size: tuple[int, int] | None = None,
) -> dict[str, str | int]:
    """The metadata of the page at docs-relative `path`, ready to be its front matter.

    `title`, `description` and `image_alt` come back typeset (they are read in search
    results and shared links); `title` and `description` HTML-escaped too: Material (like
    MkDocs' own themes) prints them unescaped in `<title>`, the header and `<meta>` tags,
    and names from the data may hold markup. The other values are plain text that
    `overrides/main.html` escapes. A preview is `noindex` throughout; `image` is the
    site-relative path of the page's share image (OpenGraph / Twitter card), `image_alt`
    its alternative text and `image_size` its width and height in pixels.
    """
    meta: dict[str, str | int] = {}
    # Typeset before escaping: these texts leave the page (search results, shared links).
    if title is not None:
        meta["title"] = html.escape(typeset_text(str(title)), quote=True)
    if description is not None:
        meta["description"] = html.escape(typeset_text(str(description)), quote=True)
    banner = embargo_banner(site, path.split("/", 1)[0])
    if banner:
        meta["embargo"] = banner
    if site.preview:
        meta["robots"] = "noindex"
    tab = owning_tab(path)
    if tab is not None:
        # The tab they belong under; the navigation column would be empty: hidden.
        meta["tab"] = tab
        meta["hide"] = ["navigation"]
    if image is not None:
        meta["image"] = image
        meta["image_alt"] = typeset_text(str(image_alt or ""))
        if image_size is not None:
            meta["image_width"], meta["image_height"] = image_size
    return meta


def front_matter(meta: dict[str, str | int]) -> str:
    """The YAML front matter block holding `meta`, from its first `---` to its last."""
    dumped = yamlout.dump(meta, sort_keys=False)
    return f"---\n{dumped}---"
