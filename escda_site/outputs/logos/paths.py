"""Where a title's files live on the site (through the URL map), its proof page and caption."""

from __future__ import annotations

from typing import TYPE_CHECKING

from escda_site.public import urls
from escda_site.public.sentences import logo_caption

if TYPE_CHECKING:
    from escda_site.public.view import Title


def _ids(title: Title) -> tuple[int, str, str]:
    return title.edition.year, title.category.slug, title.laureate.company.slug


def logo_path(title: Title, size: int) -> str:
    """Site-relative path of a laureate's logo at `size` pixels."""
    return urls.logo(*_ids(title), size)


def vector_path(title: Title, mono: bool, fmt: str) -> str:
    """Site-relative path of a laureate's vector logo (`svg` or `pdf`, colour or black)."""
    return urls.vector_logo(*_ids(title), mono, fmt)


def certificate_path(title: Title) -> str:
    """Site-relative path of a laureate's printable certificate (A4 PDF)."""
    return urls.certificate(*_ids(title))


def badge_path(title: Title) -> str:
    """Site-relative path of a laureate's badge (`badge.badge_spec` decides what it shows)."""
    return urls.badge(*_ids(title))


def kit_path(title: Title) -> str:
    """Site-relative path of a laureate's press kit."""
    return urls.press_kit(*_ids(title))


def title_url(title: Title, site_url: str) -> str:
    """Absolute URL of the category page that proves the title."""
    return site_url.rstrip("/") + "/" + urls.category(title.edition.year, title.category.slug)


def caption(title: Title, site_url: str) -> str:
    """The mandatory caption of the title's logo in advertising (`sentences.logo_caption`)."""
    return logo_caption(title.edition, title.category, title_url(title, site_url))
