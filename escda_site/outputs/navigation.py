"""The site's navigation: a short `nav` for `mkdocs.yml`, and which pages it lists."""

from __future__ import annotations

from escda_site.outputs.institutional import PAGES as INSTITUTIONAL
from escda_site.public import urls
from escda_site.public.view import PublicSite
from escda_site.text import wording


def in_nav(site: PublicSite) -> set[str]:
    """The generated pages (docs-relative paths) the navigation lists.

    Every other page is linked from them: MkDocs renders the whole nav into every page,
    so its size must not grow with the archive (one entry per edition would make every
    page dearer with each edition, and the whole build quadratic).
    """
    indexes = (
        urls.home(),
        urls.editions(),
        urls.methodologies(),
        urls.logo_page(),
        urls.sectors(),
        urls.categories(),
        urls.companies(),
        urls.opendata_page(),
        urls.newsletter_page(),
        *(url for _, url, _ in INSTITUTIONAL),
    )
    return {urls.source(u) for u in indexes}


def site_nav(site: PublicSite, about: list) -> list:
    """The navigation, of fixed size: one index page per section (`in_nav`).

    « À propos » lists the institutional pages, then `about`: the hand-written pages'
    own nav (titles to paths), if any.
    """
    src = urls.source
    nav: list = [{"Accueil": src(urls.home())}]
    nav += [
        {"Palmarès": src(urls.editions())},
        {"Méthodologie": src(urls.methodologies())},
        {"Secteurs": src(urls.sectors())},
        {"Catégories": src(urls.categories())},
        {"Entreprises": src(urls.companies())},
        {wording.LOGO_PAGE: src(urls.logo_page())},
        {"Données ouvertes": src(urls.opendata_page())},
        {"Lettre d'information": src(urls.newsletter_page())},
    ]
    nav.append({"À propos": [{label: src(url)} for _, url, label in INSTITUTIONAL] + about})
    return nav
