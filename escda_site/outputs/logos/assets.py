"""Every cached file of the site: logos, vector logos, certificates, share images, kits.

One pass over the public view lists what each file is drawn from; the content-hashed
cache draws the missing ones in parallel, then zips the missing kits. An unchanged
rebuild draws and zips nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from escda_site.outputs.logos.cache import ContentCache, Drawable
from escda_site.outputs.logos.certificate import certificate_spec
from escda_site.outputs.logos.kit import kit_spec
from escda_site.outputs.logos.paths import (
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

if TYPE_CHECKING:
    from escda_site.public.view import PublicSite, Title


@dataclass(frozen=True)
class LogoAssets:
    # (site-relative destination, cached file or in-memory content)
    files: tuple[tuple[str, Path | bytes], ...]
    drawn: int  # files drawn or zipped by this build
    reused: int  # files found in the cache


def logo_spec(title: Title, size: int) -> LogoSpec:
    """The PNG logo of a title at `size` px (ex aequo laureates share it)."""
    return LogoSpec(title.edition.year, title.category.name, title.valid_until, size)


def title_specs(title: Title, site_url: str) -> dict[str, Drawable]:
    """What a laureate's kit holds, by kind (the names of `kit.kit_names`), but texts."""
    specs: dict[str, Drawable] = {
        "web": logo_spec(title, SIZES["web"]),
        "print": logo_spec(title, SIZES["print"]),
        "certificat": certificate_spec(title, title_url(title, site_url)),
    }
    for mono, variant in ((False, ""), (True, "-noir")):
        for fmt in ("svg", "pdf"):
            specs[fmt + variant] = VectorSpec(
                title.edition.year, title.category.name, title.valid_until, fmt, mono
            )
    return specs


def share_specs(site: PublicSite, site_url: str) -> dict[str, Drawable]:
    """Every share image by site path: the home, each edition, each category result."""
    specs: dict[str, Drawable] = {urls.share_image(): home_share(site, site_url)}
    for e in site.editions:
        specs[urls.share_image(e.year)] = edition_share(e, site_url)
        for c in e.categories:
            specs[urls.share_image(e.year, c.slug)] = category_share(e, c, site_url)
    return specs


_PUBLISHED = {  # kinds published beside the kit, and their site path
    "web": lambda t: logo_path(t, SIZES["web"]),
    "print": lambda t: logo_path(t, SIZES["print"]),
    "svg": lambda t: vector_path(t, False, "svg"),
    "pdf": lambda t: vector_path(t, False, "pdf"),
    "svg-noir": lambda t: vector_path(t, True, "svg"),
    "pdf-noir": lambda t: vector_path(t, True, "pdf"),
    "certificat": certificate_path,
}


def build_logo_assets(site: PublicSite, cache_dir: Path, site_url: str) -> LogoAssets:
    """Every laureate's files and kit, and every share image, drawing only what changed.

    Ex aequo laureates share their category's images and vector files; kits are named by
    the hash of their members' hashes and their texts, so an unchanged rebuild neither
    draws nor zips, nor holds hundreds of kits in memory.
    """
    cache = ContentCache(cache_dir)
    titles = site.titles()
    per_title = [title_specs(t, site_url) for t in titles]
    shares = share_specs(site, site_url)
    paths = cache.ensure([*(s for specs in per_title for s in specs.values()), *shares.values()])
    kits = ContentCache(Path(cache_dir) / "kits")
    kit_specs = [
        kit_spec(t, site_url, {kind: paths[spec] for kind, spec in specs.items()})
        for t, specs in zip(titles, per_title, strict=True)
    ]
    kit_paths = kits.ensure(kit_specs)
    files: list[tuple[str, Path | bytes]] = []
    for t, specs, kit in zip(titles, per_title, kit_specs, strict=True):
        files += [(where(t), paths[specs[kind]]) for kind, where in _PUBLISHED.items()]
        files.append((kit_path(t), kit_paths[kit]))
    files += [(path, paths[spec]) for path, spec in shares.items()]
    return LogoAssets(
        files=tuple(files),
        drawn=cache.drawn + kits.drawn,
        reused=cache.reused + kits.reused,
    )
