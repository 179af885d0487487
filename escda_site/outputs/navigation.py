"""The site's navigation: a short `nav` for `mkdocs.yml`, and which pages it lists."""

from __future__ import annotations

from escda_site.public.view import PublicSite

# Index pages listed in the navigation besides each edition's palmarès and methodology.
_INDEXES = (
    "index.md",
    "logo/index.md",
    "secteurs/index.md",
    "entreprises/index.md",
    "donnees/index.md",
    "newsletter/index.md",
)


def in_nav(site: PublicSite) -> set[str]:
    """The generated pages the navigation lists; every other one is linked from them.

    MkDocs renders the whole nav into every page: a thousand category, company and
    sector entries would cost more than the pages themselves (quadratic time).
    """
    return (
        set(_INDEXES)
        | {f"{e.year}/index.md" for e in site.editions}
        | {f"{e.year}/methodologie/index.md" for e in site.editions}
    )


def site_nav(site: PublicSite, about: list) -> list:
    """The short navigation: editions newest first, methodologies, then the index pages.

    `about` is the hand-written pages' own nav (titles to paths), shown under « À propos ».
    """
    nav: list = [{"Accueil": "index.md"}]
    if site.editions:
        nav.append({"Palmarès": [{str(e.year): f"{e.year}/index.md"} for e in site.editions]})
        nav.append(
            {
                "Méthodologie": [
                    {str(e.year): f"{e.year}/methodologie/index.md"} for e in site.editions
                ]
            }
        )
    nav += [
        {"Secteurs": "secteurs/index.md"},
        {"Entreprises": "entreprises/index.md"},
        {"Le logo": "logo/index.md"},
        {"Données ouvertes": "donnees/index.md"},
        {"Lettre d'information": "newsletter/index.md"},
    ]
    if about:
        nav.append({"À propos": about})
    return nav
