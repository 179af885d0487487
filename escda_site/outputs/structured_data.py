"""Structured data (schema.org JSON-LD) of the generated pages.

Every generated page gets a `BreadcrumbList`; a category result adds each laureate as an
`Organization` with its `award` (plain text: edition and category) and, when its mark is
published, the study that gave it as a `Review` by the organiser rated out of 20, with the
proof page's URL; the open data page adds a `Dataset` with its distributions and licence.
No `Certification`: the pages say the title is neither an official label nor a
certification, and the markup may not claim what the page denies.

The JSON goes into the page's front matter (`jsonld`) and `overrides/main.html` prints
it in a `<script type="application/ld+json">`. Names come from the data and may be
hostile: `<`, `>` and `&` are written as JSON `\\u` escapes, so nothing in a name can
close the script element or open a comment, and a JSON parser reads the same text back.
"""

from __future__ import annotations

import json
import re
from typing import Any

from escda_site.inputs.model import Company, Organiser
from escda_site.public import urls
from escda_site.public.view import PublicCategory, PublicEdition, PublicSite
from escda_site.text import yamlout
from escda_site.text.typography import typeset_text
from escda_site.text.wording import AWARD, year_runs

LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_HEADING = re.compile(r"^# (.+)$", re.M)

Crumbs = list[tuple[str, str]]  # (name, site-relative URL)


# Keys whose values are words for readers (search engines show them): typeset. URLs,
# types, dates and identifiers are left as they are.
_WORDS = ("name", "alternateName", "description", "headline", "award")


def _typeset(data: Any, key: str = "") -> Any:
    if isinstance(data, dict):
        return {k: _typeset(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_typeset(v, key) for v in data]
    return typeset_text(data) if key in _WORDS and isinstance(data, str) else data


def script_json(data: Any) -> str:
    """JSON safe inside `<script>`: `</script>`, `<!--` and `]]>` cannot appear; its names
    and descriptions typeset (`_WORDS`)."""
    text = json.dumps(_typeset(data), ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&]", lambda m: _SCRIPT_UNSAFE[m.group(0)], text)


def _edition_and_category(
    site: PublicSite, year: str, slug: str | None
) -> tuple[PublicEdition | None, PublicCategory | None]:
    edition = site.edition(int(year)) if year.isdigit() else None
    if edition is None or slug is None:
        return edition, None
    return edition, edition.category(slug)


def _latest_category(site: PublicSite, slug: str) -> PublicCategory | None:
    history = site.category_history(slug)
    return history[-1] if history else None


def page_url(path: str) -> str:
    """The directory URL of a docs-relative Markdown path: `a-propos.md` -> `a-propos/`."""
    if path == "index.md" or path.endswith("/index.md"):
        return path.removesuffix("index.md")
    return path.removesuffix(".md") + "/"


def crumbs(site: PublicSite, path: str, heading: str) -> Crumbs:
    """The trail from the home page to the page at docs-relative `path`.

    `heading` names the page itself when its kind is not one of the site's sections.
    """
    home: Crumbs = [("Accueil", urls.home())]
    parts = path.removesuffix("index.md").strip("/").split("/") if path != "index.md" else []
    if not parts:
        return home
    first, rest = parts[0], parts[1:]
    edition, category = _edition_and_category(site, first, rest[0] if rest else None)
    if edition is not None:
        if rest == [urls.METHODOLOGY.strip("/")]:
            return home + [
                ("Méthodologie", urls.methodologies()),
                (f"Méthodologie {edition.year}", urls.methodology(edition.year)),
            ]
        trail = home + [
            ("Palmarès", urls.editions()),
            (f"Palmarès {edition.year}", urls.edition(edition.year)),
        ]
        if category is not None:
            return trail + [(category.name, urls.category(edition.year, category.slug))]
        return trail
    sections = {
        urls.EDITIONS: ("Palmarès", urls.editions()),
        urls.METHODOLOGY: ("Méthodologie", urls.methodologies()),
        urls.SECTORS: ("Secteurs", urls.sectors()),
        urls.COMPANIES: ("Entreprises", urls.companies()),
        urls.LOGO: ("Le logo", urls.logo_page()),
        urls.OPENDATA: ("Données ouvertes", urls.opendata_page()),
        urls.NEWSLETTER: ("Lettre d'information", urls.newsletter_page()),
    }
    if f"{first}/" == urls.CATEGORIES and rest:
        latest = _latest_category(site, rest[0])
        if latest is not None:  # up to the categories' index, the tab the page lights
            return home + [
                ("Catégories", urls.categories()),
                (f"{latest.name} : toutes les éditions", urls.category_history(latest.slug)),
            ]
    section = sections.get(f"{first}/")
    if section is None:  # a hand-written page of content/, or a new kind of page
        return home + [(heading, page_url(path))]
    trail = home + [section]
    if rest:
        if f"{first}/" == urls.SECTORS:
            name = next((s.name for s in site.sectors if s.slug == rest[0]), heading)
        elif f"{first}/" == urls.COMPANIES:
            name = next((c.name for c in site.companies if c.slug == rest[0]), heading)
        else:
            name = heading
        trail.append((name, page_url(path)))
    return trail


def breadcrumb_list(trail: Crumbs, site_url: str) -> dict[str, Any]:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": site_url + url}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }


def _organiser(site_url: str, organiser: Organiser | None = None) -> dict[str, Any]:
    # Without portal.yaml's organiser, the award, whose portal this is, stands for it.
    return {
        "@type": "Organization",
        "name": organiser.name if organiser else AWARD,
        "url": site_url,
    }


def award_text(edition: PublicEdition, category: PublicCategory) -> str:
    """What the title is, as schema.org's `award` text: the award, its year, its category."""
    return f"{AWARD} {edition.year} — catégorie {category.name}"


def company_identifiers(company: Company) -> list[dict[str, str]]:
    """The company's register numbers as schema.org `PropertyValue`s: its SIREN (the key
    the French company directories join on), or a foreign register's identifier."""
    found = []
    if company.siren:
        found.append({"@type": "PropertyValue", "propertyID": "SIREN", "value": company.siren})
    if company.national_id:
        nid = company.national_id
        found.append({"@type": "PropertyValue", "propertyID": nid.scheme, "value": nid.id})
    return found


def laureates(
    edition: PublicEdition,
    category: PublicCategory,
    site_url: str,
    organiser: Organiser | None = None,
) -> list[dict[str, Any]]:
    """Each laureate of a category result: an `Organization` with its `award` text.

    The mark is the result of a study (mystery-shopper tests) the organiser ran and
    published: a `Review` of the laureate rated out of 20, dated by the proclamation. The
    logo's validity window has no honest schema.org home (it is neither a certification's
    validity nor an offer's), so it stays on the page only.
    """
    page = site_url + urls.category(edition.year, category.slug)
    award = award_text(edition, category)
    found = []
    for lau in category.laureates:
        organization: dict[str, Any] = {
            "@type": "Organization",
            "@id": f"{site_url}{urls.company(lau.company.slug)}#organisation",
            "name": lau.company.name,
            "award": award,
        }
        if lau.renamed:  # proclaimed under a name the company no longer bears
            organization["alternateName"] = lau.name
        if lau.company.website:
            organization["sameAs"] = lau.company.website
        if identifiers := company_identifiers(lau.company):
            organization["identifier"] = identifiers
        if lau.overall is not None:
            organization["review"] = {
                "@type": "Review",
                "name": award,
                "author": _organiser(site_url, organiser),
                "datePublished": edition.proclamation.date().isoformat(),
                "url": page,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": round(lau.overall, 2),
                    "bestRating": 20,
                    "worstRating": 0,
                },
            }
        found.append(organization)
    return found


def dataset(site: PublicSite, site_url: str) -> dict[str, Any]:
    """The open data page's `Dataset`: every file as a `DataDownload`."""
    years: list[int | None] = [None, *(e.year for e in site.editions)]
    files = [(urls.opendata_file(y, ext), y, ext) for y in years for ext in ("csv", "json")]
    media = {"csv": "text/csv", "json": "application/json"}
    distributions = [
        {
            "@type": "DataDownload",
            "name": f"Lauréats {year}" if year else "Lauréats de toutes les éditions",
            "encodingFormat": media[ext],
            "contentUrl": site_url + path,
        }
        for path, year, ext in files
    ]
    distributions += [
        {
            "@type": "DataDownload",
            "name": f"Catégories {year}" if year else "Catégories de toutes les éditions",
            "encodingFormat": media["csv"],
            "contentUrl": site_url + urls.opendata_categories(year),
        }
        for year in years
    ]
    distributions.append(
        {
            "@type": "DataDownload",
            "name": "Description des fichiers (Frictionless Data Package)",
            "encodingFormat": "application/json",
            "contentUrl": site_url + urls.opendata_package(),
        }
    )
    distributions.append(
        {
            "@type": "DataDownload",
            "name": "Schéma des fichiers des lauréats (Table Schema versionné)",
            "encodingFormat": "application/json",
            "contentUrl": site_url + urls.laureates_schema(),
        }
    )
    data: dict[str, Any] = {
        "@type": "Dataset",
        "name": f"Palmarès {AWARD}",
        "description": (
            f"Les lauréats de chaque édition d'{AWARD} : note globale et notes par canal, "
            "seuil d'attribution, nombre d'entreprises testées ; les catégories sans lauréat "
            "avec leur raison. Les entreprises non lauréates ne sont jamais publiées."
        ),
        "url": site_url + urls.opendata_page(),
        "inLanguage": "fr",
        "isAccessibleForFree": True,
        "license": LICENCE_URL,
        "creator": _organiser(site_url, site.organiser),
        "distribution": distributions,
    }
    if site.editions:
        # One ISO 8601 interval per run of editions: « 2010/2016 » over a gap claimed the
        # years the archives lack (several values, as schema.org allows, when there are).
        spans = [
            f"{run[0]}/{run[-1]}" if len(run) > 1 else str(run[0])
            for run in year_runs([e.year for e in site.editions])
        ]
        data["temporalCoverage"] = spans[0] if len(spans) == 1 else spans
        data["dateModified"] = site.editions[0].proclamation.date().isoformat()
    return data


def _trail(site: PublicSite, path: str, markdown: str, title: str | None) -> Crumbs:
    heading = _HEADING.search(markdown)
    name = title or (heading.group(1).strip() if heading else page_url(path))
    return crumbs(site, path, name)


def page_graph(
    site: PublicSite, path: str, markdown: str, site_url: str, title: str | None = None
) -> dict[str, Any]:
    """The JSON-LD document of the page at docs-relative `path`.

    `title` (else the Markdown's first heading) names a page outside the site's sections.
    """
    graph = [breadcrumb_list(_trail(site, path, markdown, title), site_url)]
    parts = path.split("/")
    if len(parts) == 3 and parts[0].isdigit():
        edition, category = _edition_and_category(site, parts[0], parts[1])
        if edition is not None and category is not None:
            graph += laureates(edition, category, site_url, site.organiser)
    if path == urls.source(urls.opendata_page()):
        graph.append(dataset(site, site_url))
    return {"@context": "https://schema.org", "@graph": graph}


def visible_trail(trail: Crumbs, path: str) -> list[list[str]]:
    """The breadcrumb a reader sees (`overrides/main.html`): each step's name typeset and
    its link relative to the page, the page itself last with no link. Only below a
    section's index page: the navigation lists the index pages, not what is under them,
    so the trail is the way back up from an edition, a result or a methodology."""
    if len(trail) < 3:
        return []
    here = page_url(path)
    steps = [[typeset_text(name), urls.relative(here, url)] for name, url in trail[:-1]]
    return [*steps, [typeset_text(trail[-1][0]), ""]]


def with_structured_data(
    site: PublicSite, site_url: str, pages: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """`pages` with each one's JSON-LD added to its front matter (`jsonld`), and the
    breadcrumb a reader sees on a page below a section's index (`crumbs`)."""
    out = []
    for path, markdown in pages:
        meta: dict[str, Any] = {"jsonld": script_json(page_graph(site, path, markdown, site_url))}
        steps = visible_trail(_trail(site, path, markdown, None), path)
        if steps:
            meta["crumbs"] = steps
        line = yamlout.dump(meta, sort_keys=False)
        if markdown.startswith("---\n"):
            end = markdown.index("\n---", 3) + 1
            markdown = markdown[:end] + line + markdown[end:]
        else:
            markdown = f"---\n{line}---\n\n{markdown}"
        out.append((path, markdown))
    return out
