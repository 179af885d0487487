"""`escda generate OUT`: the whole site as plain files any engine reading mkdocs.yml builds.

OUT/docs holds every generated page with its front matter baked in (title, description,
embargo, robots, share image: `public.page_meta`), the hand-written pages of docs_dir with
the same metadata applied, the data files, scripts and logo files; OUT/overrides is a copy
of the theme overrides; OUT/mkdocs.yml is the project's configuration without the escda
plugin, with the navigation and the site-wide settings the plugin would have set.

    escda generate /tmp/tree --as-of 2026-11-24T12:00
    SOURCE_DATE_EPOCH=… mkdocs build -f /tmp/tree/mkdocs.yml   # or properdocs, zensical
    escda finish /tmp/tree/site                                # accent-folded search index
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from escda_site.cache.store import CacheError, Store, slot_name
from escda_site.engine.outdir import (
    OutputError,
    absolute,
    refuse_cache_place,
    refuse_nested,
    refuse_sources,
)
from escda_site.engine.tree import PAGE_SCRIPTS, Tree, hand_written_meta, site_tree, theme_values
from escda_site.outputs.navigation import site_nav
from escda_site.public import urls
from escda_site.public.page_meta import front_matter
from escda_site.public.view import PublicSite, public_view
from escda_site.scoring.pipeline import load_and_score
from escda_site.text import wording
from escda_site.text.typography import typeset_text

DOCS, OVERRIDES = "docs", "overrides"


@dataclass(frozen=True)
class Exported:
    """What `export_tree` wrote, for the command's summary line."""

    pages: int
    files: int
    hand_written: int


def _load_yaml(config_file: Path) -> dict:
    from mkdocs.utils.yaml import yaml_load  # MkDocs' loader: `!ENV` and `INHERIT` work

    with open(config_file, "rb") as fd:
        return yaml_load(fd) or {}


def _escda_options(raw: dict) -> dict:
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        return plugins.get("escda") or {}
    for entry in plugins:
        if isinstance(entry, dict) and "escda" in entry:
            return entry["escda"] or {}
    return {}


def _without_escda(plugins: list | dict) -> list:
    if isinstance(plugins, dict):
        plugins = [{name: opts} for name, opts in plugins.items()]
    return [p for p in plugins if (p if isinstance(p, str) else next(iter(p))) not in ("escda",)]


def _hand_written(site: PublicSite, site_url: str, source: Path, docs: Path) -> int:
    """Copy docs_dir into `docs`, the Markdown pages' front matter decided by page_meta."""
    from mkdocs.utils.meta import get_data

    count = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = path.relative_to(source).as_posix()
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix != ".md":
            shutil.copyfile(path, target)
            continue
        body, meta = get_data(path.read_text(encoding="utf-8"))
        meta.update(hand_written_meta(site, site_url, rel, meta, body))
        text = f"{front_matter(meta)}\n\n{body}" if meta else body
        target.write_text(text, encoding="utf-8")
        count += 1
    return count


def _write(docs: Path, tree: Tree) -> None:
    for path, markdown in tree.pages:
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    for path, payload in tree.files:
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(payload, Path):
            shutil.copyfile(payload, target)
        elif isinstance(payload, bytes):
            target.write_bytes(payload)
        else:
            target.write_text(payload, encoding="utf-8")


def export_config(raw: dict, site: PublicSite, tree: Tree, about: list) -> dict:
    """The exported tree's mkdocs.yml: the project's, as the escda plugin would leave it."""
    config = {k: v for k, v in raw.items() if k not in ("INHERIT", "site_dir", "docs_dir")}
    config.update({key: typeset_text(value) for key, value in wording.site_identity().items()})
    config["docs_dir"] = DOCS
    config["site_dir"] = "site"
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = OVERRIDES
    # The award's mark, drawn into the tree (outputs/mark.py), as the plugin sets it.
    theme["favicon"] = urls.favicon()
    theme["logo"] = urls.header_mark()
    config["theme"] = theme
    config["plugins"] = _without_escda(raw.get("plugins") or [])
    config["nav"] = site_nav(site, about)
    # Pages the navigation leaves out are linked from the ones it lists (gitignore-style).
    hidden = sorted(path for path, _ in tree.pages if path not in tree.listed)
    config["not_in_nav"] = "\n".join(f"/{path}" for path in hidden)
    extra = dict(config.get("extra") or {})
    extra["escda"] = theme_values(site)
    config["extra"] = extra
    scripts = list(config.get("extra_javascript") or [])
    config["extra_javascript"] = scripts + [s for s in PAGE_SCRIPTS if s not in scripts]
    return config


def export_tree(
    config_file: Path,
    data: Path,
    out: Path,
    as_of: datetime,
    preview: bool = False,
    cache_dir: Path | None = None,
) -> Exported:
    """Generate the site for `data` as of `as_of` into the folder `out` (see the module)."""
    config_file = Path(config_file)
    base = config_file.resolve().parent
    raw = _load_yaml(config_file)
    options = _escda_options(raw)
    docs_source = base / raw.get("docs_dir", "docs")
    theme = raw.get("theme") or {}
    custom_dir = base / theme["custom_dir"] if theme.get("custom_dir") else None
    cache = Path(cache_dir) if cache_dir else base / options.get("cache_dir", ".cache/escda")
    given, out = Path(out), absolute(Path(out))
    sources = [
        ("the data folder", Path(data), True),
        ("docs_dir", docs_source, True),
        ("the cache folder", cache, True),
        ("the configuration's folder", base, False),
    ]
    if custom_dir is not None:
        sources.append(("the theme's custom_dir", custom_dir, True))
    refuse_sources(out, sources)
    refuse_nested(out, "write", shown=given)
    if out.exists() and any(out.iterdir()) and not (out / "mkdocs.yml").is_file():
        raise OutputError(f"refusing to write into {out}: not empty and not a generated tree")

    site_url = raw.get("site_url") or ""
    if not site_url.endswith("/"):
        raise OutputError(f"{config_file}: site_url must be set and end with '/'")
    if options.get("cache", True):
        readers = [(what, folder) for what, folder, strict in sources if strict]
        refuse_cache_place(
            cache, [(what, f) for what, f in readers if f != cache] + [("the output", out)]
        )
    store = Store(cache if options.get("cache", True) else None)
    try:
        store.begin()
        dataset, results, _ = load_and_score(Path(data), store)
        site = public_view(dataset, results, as_of, preview)
        tree = site_tree(site, site_url, store)
        exported = _export(raw, options, out, site, site_url, tree, docs_source, custom_dir)
        store.end(slot_name(out))
    except CacheError as err:
        raise OutputError(str(err)) from None
    finally:
        store.close()
    return exported


def _export(
    raw: dict,
    options: dict,
    out: Path,
    site: PublicSite,
    site_url: str,
    tree: Tree,
    docs_source: Path,
    custom_dir: Path | None,
) -> Exported:
    """Write the tree, the hand-written pages, the overrides and mkdocs.yml into `out`."""
    for name in (DOCS, OVERRIDES, "site"):
        shutil.rmtree(out / name, ignore_errors=True)
    docs = out / DOCS
    docs.mkdir(parents=True)
    hand_written = _hand_written(site, site_url, docs_source, docs) if docs_source.is_dir() else 0
    _write(docs, tree)
    if custom_dir is not None:
        shutil.copytree(custom_dir, out / OVERRIDES)
    config = export_config(raw, site, tree, options.get("pages") or [])
    (out / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=10**6),
        encoding="utf-8",
    )
    return Exported(pages=len(tree.pages), files=len(tree.files), hand_written=hand_written)
