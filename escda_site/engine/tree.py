"""Everything the site generates, engine-neutral: pages, data files, logos, navigation.

The MkDocs plugin turns a `Tree` into `File`s; `escda generate` writes the same tree into
a folder with a `mkdocs.yml`, for any engine that reads one (see `engine.export`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from escda_site.engine import search
from escda_site.outputs.logos import build_logo_assets
from escda_site.outputs.navigation import in_nav
from escda_site.outputs.site import site_outputs
from escda_site.outputs.structured_data import page_graph, script_json
from escda_site.public import urls
from escda_site.public.page_meta import page_meta
from escda_site.public.view import PublicSite

# Scripts every page loads, in this order (today.js first: the checker reads its date).
PAGE_SCRIPTS = (urls.today_script(), urls.checker_script())


@dataclass(frozen=True)
class Tree:
    """The generated site: Markdown pages, files (text, bytes, or a cached file's path)."""

    pages: list[tuple[str, str]]
    files: list[tuple[str, str | bytes | Path]]
    listed: set[str]  # the pages the navigation lists; the others are linked from them
    logos: int  # logo files among `files`
    drawn: int  # logo images drawn (not taken from the cache)
    reused: int


def site_tree(site: PublicSite, site_url: str, cache_dir: Path) -> Tree:
    """Every generated output of `site`: pages, data files, scripts and logo assets."""
    outputs = site_outputs(site, site_url)
    assets = build_logo_assets(site, Path(cache_dir) / "logos", site_url)
    files: list[tuple[str, str | bytes | Path]] = [
        *assets.files,
        *outputs.files,
        *search.script_files(),
    ]
    return Tree(
        pages=outputs.pages,
        files=files,
        listed=in_nav(site),
        logos=len(assets.files),
        drawn=assets.drawn,
        reused=assets.reused,
    )


def hand_written_meta(
    site: PublicSite, site_url: str, path: str, meta: dict, markdown: str
) -> dict:
    """The metadata of a hand-written page of docs_dir, from its own front matter `meta`.

    Title and description as `page_meta` decides (escaped, embargo, robots), and its
    JSON-LD breadcrumb trail, as the generated pages carry them.
    """
    out = page_meta(site, path, title=meta.get("title"), description=meta.get("description"))
    out["jsonld"] = script_json(page_graph(site, path, markdown, site_url))
    return out
