"""`robots.txt`: crawlers find the sitemap; a preview build is closed to every crawler."""

from __future__ import annotations

from escda_site.public.view import PublicSite

PATH = "robots.txt"


def robots_txt(site: PublicSite, site_url: str) -> tuple[str, str]:
    """("robots.txt", its text). A preview (embargoed results) disallows everything."""
    if site.preview:
        return PATH, (
            "# Aperçu interne, sous embargo : ne rien indexer.\nUser-agent: *\nDisallow: /\n"
        )
    return PATH, f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"
