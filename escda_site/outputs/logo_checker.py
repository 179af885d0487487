"""The logo validity checker and the dated statements: a JSON index of every title, read by
a small script, and the script that re-evaluates on the reader's date what pages say about
today (assets/today.js)."""

from __future__ import annotations

import json
from importlib.resources import files

from escda_site.public import urls
from escda_site.public.view import PublicSite
from escda_site.text import frformat


def titles_index(site: PublicSite, site_url: str) -> dict:
    """Every laureate company and its titles, with each title's window of validity, the name
    it was won under and whether it was shared, as the company's page says them."""
    companies = []
    for co in site.companies:
        companies.append(
            {
                "slug": co.slug,
                "name": co.name,
                "former_names": list(co.former_names),
                "titles": [
                    {
                        "edition": t.edition.year,
                        "category": t.category.name,
                        # The name the title was won under when the company bears another
                        # today (its page says « sous le nom … »), else null.
                        "won_as": t.laureate.former_name,
                        "ex_aequo": len(t.category.laureates) > 1,
                        "valid_from": t.valid_from.isoformat(),
                        "valid_until": t.valid_until.isoformat(),
                        "valid_from_text": frformat.day(t.valid_from),
                        "valid_until_text": frformat.day(t.valid_until),
                        "ended_text": frformat.day(t.ended),
                        "url": site_url + urls.category(t.edition.year, t.category.slug),
                        "path": urls.relative(
                            urls.logo_page(), urls.category(t.edition.year, t.category.slug)
                        ),
                    }
                    for t in site.titles_of(co.slug)
                ],
            }
        )
    return {"companies": companies}


def _asset(name: str) -> str:
    return files("escda_site").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def checker_files(site: PublicSite, site_url: str) -> list[tuple[str, str]]:
    """The checker's index of titles and the two scripts (both listed in mkdocs.yml)."""
    index = json.dumps(titles_index(site, site_url), ensure_ascii=False, indent=1)
    return [
        (urls.logo_titles(), index),
        (urls.today_script(), _asset("today.js")),
        (urls.checker_script(), _asset("logo-checker.js")),
        (urls.file_check_script(), _asset("file-check.js")),
    ]
