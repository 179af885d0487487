"""Every cached file of the site: logos, vector logos, certificates, share images, kits.

One pass over the public view lists what each file is drawn from; the content-hashed
cache draws the missing ones in parallel, then zips the missing kits. An unchanged
rebuild draws and zips nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from escda_site.cache.store import Store
from escda_site.outputs.logos.badge import badge_spec
from escda_site.outputs.logos.cache import ContentCache, Drawable
from escda_site.outputs.logos.certificate import certificate_spec
from escda_site.outputs.logos.kit import kit_spec
from escda_site.outputs.logos.paths import (
    badge_path,
    certificate_path,
    kit_path,
    logo_path,
    title_url,
    vector_path,
)
from escda_site.outputs.logos.roundel import SIZES, LogoSpec
from escda_site.outputs.logos.share import category_share, edition_share, home_share
from escda_site.outputs.logos.vector import VectorSpec
from escda_site.public import urls
from escda_site.public.view import Title

if TYPE_CHECKING:
    from escda_site.public.view import PublicCategory, PublicEdition, PublicSite


@dataclass(frozen=True)
class LogoAssets:
    # (site-relative destination, cached file or in-memory content)
    files: tuple[tuple[str, Path | bytes], ...]
    drawn: int  # files drawn or zipped by this build
    reused: int  # files found in the cache


def logo_spec(title: Title, size: int, site_url: str = "") -> LogoSpec:
    """The PNG logo of a title at `size` px (ex aequo laureates share it); with `site_url`,
    the file names its proof page in its metadata."""
    url = title_url(title, site_url) if site_url else ""
    return LogoSpec(title.edition.year, title.category.name, title.valid_until, size, url)


def title_specs(title: Title, site_url: str, demo: bool = False) -> dict[str, Drawable]:
    """What a laureate's kit holds, by kind (the names of `kit.kit_names`), but texts.

    `demo`: demo data, stamped on the certificate. The logos are the same either way: they
    name the edition and the category, never a company or a mark (see README).
    """
    specs: dict[str, Drawable] = {
        "web": logo_spec(title, SIZES["web"], site_url),
        "print": logo_spec(title, SIZES["print"], site_url),
        "certificat": certificate_spec(title, title_url(title, site_url), demo),
    }
    url = title_url(title, site_url)
    for mono, variant in ((False, ""), (True, "-noir")):
        for fmt in ("svg", "pdf"):
            specs[fmt + variant] = VectorSpec(
                title.edition.year, title.category.name, title.valid_until, fmt, mono, url
            )
    return specs


def share_specs(site: PublicSite, site_url: str) -> dict[str, Drawable]:
    """Every share image by site path: the home, each edition, each category result."""
    specs: dict[str, Drawable] = {urls.share_image(): home_share(site, site_url)}
    for e in site.editions:
        specs |= _edition_shares(e, site_url, site.demo)
    return specs


def _edition_shares(e: PublicEdition, site_url: str, demo: bool) -> dict[str, Drawable]:
    specs: dict[str, Drawable] = {urls.share_image(e.year): edition_share(e, site_url, demo)}
    for c in e.categories:
        specs[urls.share_image(e.year, c.slug)] = category_share(e, c, site_url, demo)
    return specs


@dataclass(frozen=True, eq=False)  # by identity: the store keeps one plan per slice
class _CategoryPlan:
    """What a category's files are drawn from: its titles' specs, its share image."""

    titles: tuple[Title, ...]
    specs: tuple[dict[str, Drawable], ...]  # per title, by kind
    share: Drawable


def category_slice(e: PublicEdition, c: PublicCategory) -> PublicEdition:
    """The edition as a category's files read it: its own facts and that one category.

    A category's logos, certificates, share image and kits name its laureates, its
    result and the edition's dates, never another category: keyed on this slice, they
    are planned again only when it changes (a renamed laureate: its own categories, not
    its editions' thousand titles). tests/test_slices.py checks that every spec
    made from the slice equals the one made from the whole edition.
    """
    return dataclasses.replace(e, categories=(c,), aggregates=None)


def _category_plan(e: PublicEdition, c: PublicCategory, site_url: str, demo: bool) -> _CategoryPlan:
    titles = tuple(Title(e, c, lau) for lau in c.laureates)
    specs = tuple(title_specs(t, site_url, demo) for t in titles)
    return _CategoryPlan(titles, specs, category_share(e, c, site_url, demo))


def _kits(
    plan: _CategoryPlan, paths: dict[Drawable, Path], site_url: str, demo: bool
) -> tuple[Drawable, ...]:
    return tuple(
        kit_spec(t, site_url, {kind: paths[spec] for kind, spec in by_kind.items()}, demo)
        for t, by_kind in zip(plan.titles, plan.specs, strict=True)
    )


_PUBLISHED = {  # kinds published beside the kit, and their site path
    "web": lambda t: logo_path(t, SIZES["web"]),
    "print": lambda t: logo_path(t, SIZES["print"]),
    "svg": lambda t: vector_path(t, False, "svg"),
    "pdf": lambda t: vector_path(t, False, "pdf"),
    "svg-noir": lambda t: vector_path(t, True, "svg"),
    "pdf-noir": lambda t: vector_path(t, True, "pdf"),
    "certificat": certificate_path,
}


def build_logo_assets(site: PublicSite, store: Store, site_url: str) -> LogoAssets:
    """Every laureate's files and kit, and every share image, drawing only what changed.

    Ex aequo laureates share their category's images and vector files; kits are named by
    the hash of their members' hashes and their texts, so an unchanged rebuild neither
    draws nor zips, nor holds hundreds of kits in memory. A category's plan and its kits'
    texts are pure functions of its slice of the edition: under `escda serve`, the store
    keeps them in memory, and an edit plans again only the categories it changed.
    """
    cache = ContentCache(store, "logos")
    # An edition's share image reads all its categories; each category's files only its
    # slice (`category_slice`): under `escda serve`, the store keeps each plan in memory.
    parts = [category_slice(e, c) for e in site.editions for c in e.categories]
    plans = [
        store.memo(
            ("logo plan", part, site_url, site.demo),
            partial(_category_plan, part, part.categories[0], site_url, site.demo),
        )
        for part in parts
    ]
    titles = [t for plan in plans for t in plan.titles]
    per_title = [specs for plan in plans for specs in plan.specs]
    shares: dict[str, Drawable] = {urls.share_image(): home_share(site, site_url)}
    at = 0
    for e in site.editions:
        shares[urls.share_image(e.year)] = store.memo(
            ("edition share", e, site_url, site.demo),
            partial(edition_share, e, site_url, site.demo),
        )
        for c, plan in zip(e.categories, plans[at : at + len(e.categories)], strict=True):
            shares[urls.share_image(e.year, c.slug)] = plan.share
        at += len(e.categories)
    # The badges depend on the build's date: outside the plans.
    today = site.as_of.date()
    badges = [
        badge_spec(t, today, by_kind["web"]) for t, by_kind in zip(titles, per_title, strict=True)
    ]
    paths = cache.ensure(
        [*(s for specs in per_title for s in specs.values()), *shares.values(), *badges]
    )
    kits = ContentCache(store, "kits")
    kit_specs = [
        kit
        for plan in plans
        for kit in store.memo(
            (
                "kits",
                plan,
                site_url,
                site.demo,
                tuple(paths[s] for d in plan.specs for s in d.values()),
            ),
            partial(_kits, plan, paths, site_url, site.demo),
        )
    ]
    kit_paths = kits.ensure(kit_specs)
    files: list[tuple[str, Path | bytes]] = []
    for t, specs, kit in zip(titles, per_title, kit_specs, strict=True):
        files += [(where(t), paths[specs[kind]]) for kind, where in _PUBLISHED.items()]
        files.append((kit_path(t), kit_paths[kit]))
    files += [(badge_path(t), paths[spec]) for t, spec in zip(titles, badges, strict=True)]
    files += [(path, paths[spec]) for path, spec in shares.items()]
    return LogoAssets(
        files=tuple(files),
        drawn=cache.drawn + kits.drawn,
        reused=cache.reused + kits.reused,
    )
