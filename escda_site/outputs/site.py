"""Every generated text output of a site, in one list: pages (Markdown) and data files.

The MkDocs plugin and the golden tests both read this list, so what the tests pin is
exactly what the engine publishes. Logo images and press kits (binary, cached) are
produced apart by `logos.build_logo_assets`.
"""

from __future__ import annotations

from dataclasses import dataclass

from escda_site.cache.store import Store
from escda_site.outputs.calendar import calendar_files
from escda_site.outputs.category_history import category_history_pages
from escda_site.outputs.datapackage import datapackage, laureates_schema
from escda_site.outputs.feed import atom_feed
from escda_site.outputs.institutional import institutional_pages
from escda_site.outputs.logo_checker import checker_files
from escda_site.outputs.newsletter import (
    compile_newsletter_templates,
    newsletter_files,
    site_snippets,
)
from escda_site.outputs.newsletter_page import newsletter_page
from escda_site.outputs.opendata.fields import field_docs
from escda_site.outputs.opendata.files import opendata_files
from escda_site.outputs.opendata.page import opendata_page
from escda_site.outputs.pages import generate_pages
from escda_site.outputs.robots import robots_txt
from escda_site.outputs.search_data import with_search_data
from escda_site.outputs.structured_data import with_structured_data
from escda_site.outputs.templating import compile_page_templates
from escda_site.public import urls
from escda_site.public.page_meta import front_matter, page_meta
from escda_site.public.view import PublicSite
from escda_site.text.frformat import of
from escda_site.text.wording import AWARD


@dataclass(frozen=True)
class SiteOutputs:
    pages: list[tuple[str, str]]  # (path of a Markdown page, its source)
    files: list[tuple[str, str | bytes]]  # (path of a published file, its content)


def site_outputs(site: PublicSite, site_url: str, store: Store | None = None) -> SiteOutputs:
    """The Markdown pages and the data files (newsletter, open data, feed, checker index).

    With a `store`, what an earlier build made from the same inputs is read from it: the
    compiled templates, and the snippets of each edition whose results did not change.
    """
    if store is not None:
        compile_page_templates(store)
        compile_newsletter_templates(store)
    pages = generate_pages(site, site_url)
    pages += category_history_pages(site)
    pages += institutional_pages(site)
    snippets = site_snippets(site, site_url, store)
    pages.append(
        _with_meta(
            site,
            urls.source(urls.newsletter_page()),
            newsletter_page(site, site_url, snippets),
            f"Les résultats {of(AWARD)}{AWARD} prêts à reprendre dans une lettre d'information ou "
            "un intranet : un texte par édition et par catégorie, en HTML et en texte brut.",
        )
    )
    pages.append(
        _with_meta(
            site,
            urls.source(urls.opendata_page()),
            opendata_page(site),
            f"Le palmarès {of(AWARD)}{AWARD} en données ouvertes : lauréats, notes publiées, "
            "catégories et éditions en CSV et JSON, avec leur schéma et leur licence.",
        )
    )
    opendata = opendata_files(site, site_url)
    files = [
        *newsletter_files(site, site_url, snippets),
        *opendata,
        datapackage(site, site_url, opendata, field_docs(site)),
        laureates_schema(site, site_url, opendata, field_docs(site)),
        atom_feed(site, site_url),
        robots_txt(site, site_url),
        *calendar_files(site, site_url),
        *checker_files(site, site_url),
    ]
    pages = with_search_data(site, with_structured_data(site, site_url, pages))
    return SiteOutputs(pages=pages, files=files)


def _with_meta(site: PublicSite, path: str, markdown: str, description: str) -> tuple[str, str]:
    """A page whose title is its heading: front matter for its description, embargo, robots."""
    meta = page_meta(site, path, description=description)
    return path, f"{front_matter(meta)}\n\n{markdown}" if meta else markdown
