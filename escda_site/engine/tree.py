"""Everything the site generates, engine-neutral: pages, data files, logos, navigation.

The MkDocs plugin turns a `Tree` into `File`s; `escda generate` writes the same tree into
a folder with a `mkdocs.yml`, for any engine that reads one (see `engine.export`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from escda_site.cache.store import Store
from escda_site.outputs.institutional import FOOTER
from escda_site.outputs.slices import GeneratedPages
from escda_site.outputs.structured_data import page_graph, script_json
from escda_site.public import accessibility, urls
from escda_site.public.page_meta import page_meta
from escda_site.public.view import PublicSite
from escda_site.source import source_digest
from escda_site.text.typography import html_source, typeset_text
from escda_site.text.wording import demo_banner

# Scripts every page loads, in this order (today.js first: the checker reads its date).
PAGE_SCRIPTS = (
    urls.today_script(),
    urls.checker_script(),
    urls.file_check_script(),
    urls.search_script(),
)


def theme_values(site: PublicSite) -> dict:
    """What the theme overrides read under `config.extra.escda`, as plain values: the
    plugin sets them, and the exported mkdocs.yml carries them, so that a site built
    without the plugin (any engine) has the same banners, footer, 404 page and links."""
    latest = site.latest
    return {
        "demo": site.demo,
        "demo_banner": html_source(demo_banner()),
        "preview": site.preview,
        "feed": urls.feed(),
        "logo_page": urls.logo_page(),
        "latest": {"year": latest.year, "url": urls.edition(latest.year)} if latest else None,
        "footer": [
            *({"label": label, "url": url} for label, url in FOOTER),
            # RGAA: every page states the conformity state and links to the statement.
            {
                "label": typeset_text(accessibility.footer_label(site.accessibility)),
                "url": urls.accessibility(),
            },
        ],
    }


@dataclass(frozen=True)
class Tree:
    """The generated site: Markdown pages, files (text, bytes, or a cached file's path)."""

    pages: list[tuple[str, str]]
    files: list[tuple[str, str | bytes | Path]]
    listed: set[str]  # the pages the navigation lists; the others are linked from them
    logos: int  # logo files among `files`
    drawn: int  # logo images drawn (not taken from the cache)
    reused: int
    notes: tuple[str, ...] = ()  # what the build log should say about the outputs
    from_cache: bool = False  # made by an earlier build from the same inputs


def site_tree(
    site: PublicSite,
    site_url: str,
    store: Store,
    inputs: str = "",
    kept: GeneratedPages | None = None,
) -> Tree:
    """Every generated output of `site`: pages, data files, scripts and logo assets.

    With `inputs` (the digest of the input files `site` was made from), a tree already
    made from the same inputs, date, preview flag, site URL and package is taken from the
    store instead: generation is a pure function of these, and a warm build or a rebuild
    with nothing changed then does none of it again. With `kept` (`escda serve`, which
    makes a tree after every edit), only the families of pages whose slice of `site`
    changed since the previous rebuild are made again (`outputs.slices`).
    """
    if not inputs or not store.enabled:
        return _make_tree(site, site_url, store, kept)
    key = hashlib.sha256(
        "\0".join(
            (inputs, site.as_of.isoformat(), str(site.preview), site_url, _package_digest())
        ).encode()
    ).hexdigest()[:32]
    saved = store.load("trees", key)
    if isinstance(saved, dict) and isinstance(saved.get("tree"), Tree):
        tree = _with_files_of(saved["tree"], store)
        if tree is not None:
            # What the tree was made from (compiled templates, kept snippets) stays in the
            # cache for the build after an edit, which makes a tree again.
            store.used.update(saved.get("made_from", ()))
            return replace(tree, drawn=0, reused=tree.drawn + tree.reused, from_cache=True)
    before = set(store.used)
    tree = _make_tree(site, site_url, store)
    made_from = tuple(sorted(store.used - before))
    store.save(
        "trees", key, {"tree": _with_files_of(tree, store, relative=True), "made_from": made_from}
    )
    return tree


def _with_files_of(tree: Tree, store: Store, relative: bool = False) -> Tree | None:
    """The tree with its drawn files' paths relative to the store (to keep it), or back.

    Back: None when one of them is no longer there, or damaged (then made again).
    """
    assert store.root is not None
    files: list[tuple[str, str | bytes | Path]] = []
    for path, payload in tree.files:
        if isinstance(payload, Path):
            if relative:
                payload = payload.relative_to(store.root)
            else:
                payload = store.root / payload
                if not store.reuse(payload):
                    return None
        files.append((path, payload))
    return replace(tree, files=files)


def _package_digest() -> str:
    """Every file of the package (code, templates, scripts) and the fonts the logos use."""
    from escda_site.outputs.logos.fonts import fonts_digest

    return hashlib.sha256(f"{source_digest()}\0{fonts_digest()}".encode()).hexdigest()


def _make_tree(
    site: PublicSite, site_url: str, store: Store, kept: GeneratedPages | None = None
) -> Tree:
    # The generators and the drawing libraries load only when a tree is made, not when a
    # warm build takes it from the cache.
    from escda_site.engine.search_index import script_files
    from escda_site.outputs.logos import build_logo_assets, glyph_notes
    from escda_site.outputs.logos.manifest import manifest_file
    from escda_site.outputs.mark import mark_files
    from escda_site.outputs.navigation import in_nav
    from escda_site.outputs.site import site_outputs

    held = kept.held(("tree",)) if kept is not None else None
    if isinstance(held, Tree):
        # Focused on one page (engine/serve_focus.py): the logo and data files stay as
        # the last build made them, and so do the families of pages not holding it.
        pages = site_outputs(site, site_url, store, kept).pages
        return replace(held, pages=pages, listed=in_nav(site), drawn=0)
    # Logos first: their drawing workers are forked from this process, and each counts
    # what it shares of it; the pages and data files made after are not in them.
    assets = build_logo_assets(site, store, site_url)
    outputs = site_outputs(site, site_url, store, kept)
    files: list[tuple[str, str | bytes | Path]] = [
        *assets.files,
        manifest_file(site, site_url, assets.files),
        *outputs.files,
        *script_files(),
        *mark_files(),
    ]
    tree = Tree(
        pages=outputs.pages,
        files=files,
        listed=in_nav(site),
        logos=len(assets.files),
        drawn=assets.drawn,
        reused=assets.reused,
        notes=tuple(glyph_notes(site)),
    )
    if kept is not None:
        kept.keep(("tree",), tree)  # what a rebuild focused on one page leaves as it is
    return tree


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
