"""The accessibility statement's facts: the conformity state, the audited sample, what the
tests measure, the known non-conformities.

The state is decided here, once, from portal.yaml's `accessibility` block and from what
the package knows of itself; the page and every footer only print it. It never claims
more than is shown: without an RGAA audit stated by the organiser the site is « non
conforme » (the RGAA's rule when no audit was made), and with the certificates' untagged
PDFs it is never « totalement conforme ». The browser tests (tests/test_browser_a11y.py)
read the sample off the built page and run on each of its pages the checks listed in
`CHECKS`: the page cannot list a page or a check the tests do not run.
"""

from __future__ import annotations

from typing import Literal

from escda_site.inputs.model import Accessibility
from escda_site.public import urls
from escda_site.public.view import PublicSite

State = Literal["non conforme", "partiellement conforme", "totalement conforme"]

RGAA = "RGAA 4.1.2"

# What the browser tests check on each page of the sample, at 1 280 and 375 px wide.
CHECKS = (
    "aucune erreur d'impact grave ou critique détectée par axe-core (règles WCAG 2.1 A et AA)",
    "la langue de la page est déclarée (français)",
    "aucun défilement horizontal sur un écran de 375 px de large",
)
# And on the logo page, with the keyboard alone.
KEYBOARD = (
    "le vérificateur de logo et la vérification de fichier de la page « Le logo » "
    "s'atteignent et s'utilisent au clavier seul"
)

# Known by the package itself, whatever the data: stated on every site.
KNOWN_NON_CONFORMITIES = (
    "Les certificats (PDF, A4) ne sont pas des PDF balisés : leur contenu n'est pas "
    "structuré pour les lecteurs d'écran (RGAA, critère 13.3). Chaque lien vers un "
    "certificat est accompagné de la page du résultat, qui en donne tout le contenu en HTML.",
    "Les logos vectoriels en PDF sont des images sans texte : leur alternative est le texte "
    "de la page du résultat, et la version SVG porte un titre.",
)


def state(acc: Accessibility) -> State:
    """The conformity state: from the organiser's audit rate, capped by what is known."""
    if acc.audit_rate is None or acc.audit_rate < 50:
        return "non conforme"
    if acc.audit_rate < 100 or KNOWN_NON_CONFORMITIES or acc.non_conformities:
        return "partiellement conforme"
    return "totalement conforme"


def footer_label(acc: Accessibility) -> str:
    """« Accessibilité : partiellement conforme », as every page's footer states it."""
    return f"Accessibilité : {state(acc)}"


def audited_sample(site: PublicSite) -> list[tuple[str, str]]:
    """(label, URL) of the pages the tests audit: one of each kind a reader uses, taken
    from the site itself (the latest edition, a laureate, an ex æquo result, an expired
    logo…), so that the sample follows the data."""
    pages = [("Accueil", urls.home())]
    latest = site.latest
    if latest is not None:
        pages.append((f"Palmarès {latest.year}", urls.edition(latest.year)))
        with_laureate = [c for c in latest.categories if c.laureates]
        if with_laureate:
            c = with_laureate[0]
            pages.append((f"Résultat {c.name} {latest.year}", urls.category(latest.year, c.slug)))
            pages.append((f"{c.name} : toutes les éditions", urls.category_history(c.slug)))
            company = c.laureates[0].company
            pages.append((f"Entreprise {company.name}", urls.company(company.slug)))
        shared = [c for c in latest.categories if len(c.laureates) > 1]
        if shared:
            c = shared[0]
            label = f"Résultat ex æquo {c.name} {latest.year}"
            pages.append((label, urls.category(latest.year, c.slug)))
        if not latest.archive:
            pages.append((f"Méthodologie {latest.year}", urls.methodology(latest.year)))
    older = next((e for e in site.editions[1:] if any(c.laureates for c in e.categories)), None)
    if older is not None:
        c = next(c for c in older.categories if c.laureates)
        pages.append((f"Résultat {c.name} {older.year}", urls.category(older.year, c.slug)))
    pages += [
        ("Le logo et sa validité", urls.logo_page()),
        ("Données ouvertes", urls.opendata_page()),
        ("Contact", urls.contact()),
        ("Accessibilité", urls.accessibility()),
    ]
    return pages
