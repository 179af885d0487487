"""Where the logo files, kits and share images live on the site, and the laureates' badge."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from escda_site.outputs.logos.roundel import AWARD, SIZES
from escda_site.text.caption import logo_caption

if TYPE_CHECKING:
    from escda_site.public.view import Title

SHARE_SIZE = (1200, 630)  # the Open Graph size every network shows as a large card


def base(site_url: str) -> str:
    """`site_url` with exactly one final slash."""
    return site_url.rstrip("/") + "/"


def logo_stem(year: int, category_slug: str, company_slug: str) -> str:
    """Site-relative path of a laureate's logo files, before `-<size>.png` or `-kit.zip`."""
    return f"logos/{year}/{category_slug}/{company_slug}"


def _stem(title: Title) -> str:
    return logo_stem(title.edition.year, title.category.slug, title.laureate.company.slug)


def logo_path(title: Title, size: int) -> str:
    """Site-relative path of a laureate's logo at `size` pixels."""
    return f"{_stem(title)}-{size}.png"


# The vector logos: (colour variant, format) -> suffix after the stem.
VECTOR_SUFFIXES = {
    ("couleur", "svg"): ".svg",
    ("couleur", "pdf"): ".pdf",
    ("noir", "svg"): "-noir.svg",
    ("noir", "pdf"): "-noir.pdf",
}


def vector_path(title: Title, variant: str, fmt: str) -> str:
    """Site-relative path of a laureate's vector logo (`couleur` or `noir`, `svg` or `pdf`)."""
    return _stem(title) + VECTOR_SUFFIXES[(variant, fmt)]


def certificate_path(title: Title) -> str:
    """Site-relative path of a laureate's printable certificate (A4 PDF)."""
    return f"{_stem(title)}-certificat.pdf"


def kit_path(title: Title) -> str:
    """Site-relative path of a laureate's press kit."""
    return f"{_stem(title)}-kit.zip"


def share_path(year: int | None = None, category_slug: str | None = None) -> str:
    """Site-relative path of a share image: of a category result, an edition, or the home."""
    if year is None:
        return "partage/accueil.png"
    if category_slug is None:
        return f"partage/{year}/palmares.png"
    # Category pages are one level down: a category slugged `palmares` cannot collide.
    return f"partage/{year}/categories/{category_slug}.png"


def title_url(title: Title, site_url: str) -> str:
    """Absolute URL of the category page that proves the title."""
    return base(site_url) + title.category.url


def badge_html(title: Title, site_url: str) -> str:
    """The snippet a laureate pastes on its own site: the web logo, linked to its proof."""
    year = title.edition.year
    alt = (
        f"{AWARD} {year} \u2014 catégorie {title.category.name} "
        f"\u2014 {title.laureate.company.name}"
    )
    href = html.escape(title_url(title, site_url))
    src = html.escape(base(site_url) + logo_path(title, SIZES["web"]))
    half = SIZES["web"] // 2  # the 256 px image stays sharp on high-density screens
    return (
        f'<a href="{href}"><img src="{src}" width="{half}" height="{half}" '
        f'alt="{html.escape(alt)}"></a>'
    )


def caption(title: Title, site_url: str) -> str:
    """The mandatory caption of the title's logo in advertising (see `text.caption`)."""
    e = title.edition
    return logo_caption(
        e.year,
        title.category.name,
        title_url(title, site_url),
        title.category.tested,
        None if e.archive else (e.campaign_start, e.campaign_end),
    )
