"""Generated Markdown pages: pure functions from the public results to `(path, markdown)`."""

from __future__ import annotations

import html

from markupsafe import Markup

from escda_site.inputs.model import Company, Sector
from escda_site.outputs.charts import Bar, bar_chart
from escda_site.outputs.templating import render as _render
from escda_site.public import sentences, urls
from escda_site.public.claims import AWARD_NATURE, award_line, reason_and_count
from escda_site.public.history import (
    editions_and_gaps,
    history_line,
    neighbours,
    sector_gap_sentence,
    skipped_runs,
    streak,
)
from escda_site.public.view import (
    PublicCategory,
    PublicEdition,
    PublicSite,
    Title,
    valid_titles,
)
from escda_site.text import figures, frformat, wording
from escda_site.text.clean import in_sentence


def _share_image(path: str, alt: str) -> dict:
    """A page's share image (og:image, twitter:image), for `page_meta`."""
    return {"image": path, "image_alt": alt, "image_size": urls.SHARE_SIZE}


def channel_chart(
    edition: PublicEdition,
    marks: tuple[tuple[str, float], ...],
    overall: float,
    name: str,
    key: str = "chart",
) -> Markup:
    """Bars: the laureate's mark per channel, then its overall mark (outputs/charts.py).

    The threshold applies to the overall mark only, so only that bar has the dashed
    threshold mark: across every channel bar, it read as a threshold each channel must
    reach. `key` makes the ids of its title and description unique: an ex æquo page has
    one chart per laureate, and shared ids would name every chart after the first laureate.
    """
    threshold = figures.threshold_text(edition.threshold)
    desc = " ; ".join(
        [f"{edition.channel_label(cid)} : {frformat.mark(m)}" for cid, m in marks]
        + [f"note globale : {frformat.mark(overall)}"]
    )
    bars = [
        Bar(edition.channel_label(cid), m, frformat.mark(m, suffix=False), None) for cid, m in marks
    ]
    bars.append(
        Bar(
            "Note globale",
            overall,
            frformat.mark(overall, suffix=False),
            edition.threshold,
            total=True,
        )
    )
    return bar_chart(
        key,
        f"Notes par canal {frformat.of(name)}{name}",
        f"{desc} ; {figures.threshold_scope(edition.threshold)}",
        bars,
        f"seuil {threshold.removesuffix('/20')}, note globale seule",
        stacked=True,
    )


def _category_description(e: PublicEdition, c: PublicCategory) -> str:
    # Snippets shown by search engines and shared links carry what the award is, too.
    if c.laureates:
        names = sentences.laureate_names(c)
        verb = sentences.wins(c)
        return (
            f"{names} {verb} le titre {wording.award_of(e.year)}, catégorie {c.name}"
            f"{figures.mark_clause(c.laureates[0].overall)}. {award_line(e, c)}"
        )
    # With its reason, as the page's heading has it: « nombre exact … non publié » means
    # something only beside « moins de 3 entreprises testées », and a count that is the
    # reason (« 2 entreprises testées, alors qu'il en faut au moins 3 ») is said once.
    # Within the 155 characters search engines show of a description, the fact and its reason
    # first; after them what the award is and the count in the short form that travels.
    # The threshold is left to the page: the reason says it where it is the reason. At
    # some 230 characters, « Catégorie … » and the award's full line had an archive's reason
    # cut under a long category name.
    none = in_sentence(sentences.no_laureate_heading(c))
    reason, count = reason_and_count(e, c, sentences.tested_and_candidates)
    nature = f"{AWARD_NATURE} : {count}." if count else f"{AWARD_NATURE}."
    return f"{c.name}, édition {e.year} : {none} ({reason}). {nature}"


def badge_html(title: Title, site_url: str) -> str:
    """The snippet a laureate pastes on its own site: its badge, linked to its proof."""
    year, category = title.edition.year, title.category
    alt = wording.badge_alt(
        year, category.name, title.laureate.name, ex_aequo=len(category.laureates) > 1
    )
    base = site_url.rstrip("/") + "/"
    href = html.escape(base + urls.category(year, category.slug))
    # The badge's own address: the logo while valid, a « no longer current » card after.
    src = html.escape(base + urls.badge(year, category.slug, title.laureate.company.slug))
    half = urls.LOGO_SIZES["web"] // 2  # the 256 px image stays sharp on high-density screens
    return (
        f'<a href="{href}"><img src="{src}" width="{half}" height="{half}" '
        f'alt="{html.escape(alt)}"></a>'
    )


def category_page(site: PublicSite, e: PublicEdition, c: PublicCategory, site_url: str) -> str:
    today = site.as_of.date()
    titles = [Title(e, c, lau) for lau in c.laureates]
    here = urls.category(e.year, c.slug)
    # The page's share image; page_meta decides the rest of its front matter.
    meta = _share_image(urls.share_image(e.year, c.slug), sentences.category_share_alt(e, c))
    return _render(
        "category.md.j2",
        site=site,
        here=here,
        e=e,
        c=c,
        meta=meta,
        description=_category_description(e, c),
        history=history_line(site, c),
        nb=neighbours(site, e.year, c.slug),
        tests_per_company=sum(ch.tests for ch in e.channels),
        charts=[
            channel_chart(e, lau.channels, lau.overall, lau.name, f"chart-{lau.company.slug}")
            for lau in c.laureates
        ],
        # Shown in a fenced code block, which escapes by itself; a backtick in a name
        # must not close the fence.
        badges=[Markup(badge_html(t, site_url).replace("`", "&#96;")) for t in titles],
        titles=titles,
        # Each title's files, relative to the page: computed here, not by template calls.
        files=[
            {
                kind: urls.relative(here, path, False)
                for kind, path in urls.title_files(e.year, c.slug, t.laureate.company.slug).items()
            }
            for t in titles
        ],
        today=today,
        caption=sentences.logo_caption(e, c, f"{site_url}{here}"),
        permalink=f"{site_url}{here}",
    )


def edition_page(site: PublicSite, e: PublicEdition) -> str:
    meta = _share_image(urls.share_image(e.year), sentences.edition_share_alt(e))
    return _render("edition.md.j2", site=site, here=urls.edition(e.year), e=e, meta=meta)


def methodology_page(site: PublicSite, e: PublicEdition) -> str:
    shares, weight_note = figures.weight_shares([ch.weight for ch in e.channels])
    weeks = round(((e.campaign_end - e.campaign_start).days + 1) / 7)
    return _render(
        "methodology.md.j2",
        site=site,
        here=urls.methodology(e.year),
        e=e,
        meta={},
        tests_per_company=sum(ch.tests for ch in e.channels),
        weight_share={ch.id: share for ch, share in zip(e.channels, shares, strict=True)},
        weight_note=weight_note,
        campaign_weeks=weeks,
    )


def sector_page(site: PublicSite, sector: Sector) -> tuple[str, str]:
    """A sector's page: its categories, edition by edition, newest first."""
    held = _sector_held(site, sector)
    # Each section is followed by the years skipped before the next one (older), said
    # in a sentence: « Édition 2012 » right under « Édition 2014 » passes for the next.
    groups = [
        (
            e,
            cats,
            [
                sector_gap_sentence(site, run, sector.name)
                for run in skipped_runs(site, range(e.year - 1, older.year, -1))
            ],
        )
        for (e, cats), (older, _) in zip(held, [*held[1:], held[-1]], strict=True)
    ]
    here = urls.sector(sector.slug)
    return (
        urls.source(here),
        _render("sector.md.j2", site=site, here=here, sector=sector, groups=groups, meta={}),
    )


def _sector_held(site: PublicSite, sector: Sector) -> list[tuple[PublicEdition, list]]:
    """The editions that held categories of `sector`, newest first, with them."""
    return [(e, cats) for e in site.editions for s, cats in e.by_sector() if s.slug == sector.slug]


def sectors_page(site: PublicSite) -> tuple[str, str]:
    """The sectors' index: each sector with its latest edition's count of categories."""
    rows = []
    for sector in site.sectors:
        held = _sector_held(site, sector)
        rows.append((sector, len(held[0][1]), held[0][0].year))
    here = urls.sectors()
    return urls.source(here), _render("sectors.md.j2", site=site, here=here, rows=rows, meta={})


def sector_pages(site: PublicSite) -> list[tuple[str, str]]:
    """Every sector's page, then their index."""
    return [*(sector_page(site, sector) for sector in site.sectors), sectors_page(site)]


def company_page(site: PublicSite, co: Company) -> tuple[str, str]:
    """A laureate's page: its titles, the valid ones first."""
    today = site.as_of.date()
    titles = site.titles_of(co.slug)
    description = sentences.company_titles_text(co.name, titles)
    here = urls.company(co.slug)
    return (
        urls.source(here),
        _render(
            "company.md.j2",
            site=site,
            here=here,
            co=co,
            titles=titles,
            streaks=[streak(site, t.edition.year, t.category.slug, co.slug) for t in titles],
            valid=valid_titles(site, co.slug, today),
            # Valid or not yet valid on the build date: the reader's browser shows
            # those valid on the reader's date (expired ones never come back).
            current=[t for t in titles if t.valid_until >= today],
            today=today,
            description=description,
            meta={},
        ),
    )


def companies_page(site: PublicSite) -> tuple[str, str]:
    """The laureates' index: each company with its titles."""
    rows = [(co, site.titles_of(co.slug)) for co in site.companies]
    here = urls.companies()
    return urls.source(here), _render("companies.md.j2", site=site, here=here, rows=rows, meta={})


def company_pages(site: PublicSite) -> list[tuple[str, str]]:
    """Every laureate's page, then their index."""
    return [*(company_page(site, co) for co in site.companies), companies_page(site)]


def home_page(site: PublicSite) -> str:
    today = site.as_of.date()
    valid = [t for t in site.titles() if t.valid_on(today)]
    # Valid or not yet valid on the build date: the reader's browser shows those valid on
    # the reader's date.
    current = [t for t in site.titles() if t.valid_until >= today]
    groups = []
    for sector in site.sectors:
        titles = [t for t in current if t.category.sector.slug == sector.slug]
        if titles:
            groups.append((sector, titles))
    latest = site.latest
    palmares = f"Le palmarès {frformat.of(wording.AWARD)}{wording.AWARD}"
    if valid:
        description = (
            f"{palmares} : {figures.plural(len(valid), 'titre', 'titres')} dont le logo est "
            f"valable au {frformat.day(today)}, par secteur, et toutes les éditions."
        )
    else:  # not « aucun titre dont le logo… », read in a search result as « no title »
        last = f" ; dernière édition : {latest.year}" if latest else ""
        description = (
            f"{palmares}, par secteur, et toutes les éditions. Aucun logo n'est valable au "
            f"{frformat.day(today)}{last}."
        )
    return _render(
        "home.md.j2",
        site=site,
        here=urls.home(),
        latest=latest,
        editions=editions_and_gaps(site),
        groups=groups,
        valid=valid,
        today=today,
        description=description,
        meta=_share_image(urls.share_image(), sentences.home_share_alt(latest)),
    )


def logo_page(site: PublicSite) -> str:
    latest = site.latest
    return _render(
        "logo.md.j2",
        site=site,
        here=urls.logo_page(),
        companies=site.companies,
        today=site.as_of.date(),
        latest_year=latest.year if latest else site.as_of.year,
        latest_threshold=figures.threshold_text(latest.threshold) if latest else "12/20",
        meta={},
    )


def editions_page(site: PublicSite) -> str:
    """The Palmarès tab: every edition, linked to its palmarès and its methodology.

    The navigation lists this one page, not two entries per edition: MkDocs renders the
    navigation into every page, so a growing one would make each page of the archive
    dearer to build with every edition.
    """
    here = urls.editions()
    return _render(
        "editions.md.j2", site=site, here=here, editions=editions_and_gaps(site), meta={}
    )


def methodologies_page(site: PublicSite) -> str:
    """The Méthodologie tab: each edition's methodology (the rules change by edition)."""
    here = urls.methodologies()
    return _render("methodologies.md.j2", site=site, here=here, editions=site.editions, meta={})


def front_pages(site: PublicSite) -> list[tuple[str, str]]:
    """The home page, the logo page and the two indexes of the navigation's tabs."""
    return [
        (urls.source(urls.home()), home_page(site)),
        (urls.source(urls.logo_page()), logo_page(site)),
        (urls.source(urls.editions()), editions_page(site)),
        (urls.source(urls.methodologies()), methodologies_page(site)),
    ]


def edition_pages(site: PublicSite, e: PublicEdition) -> list[tuple[str, str]]:
    """An edition's palmarès and its methodology."""
    return [
        (urls.source(urls.edition(e.year)), edition_page(site, e)),
        (urls.source(urls.methodology(e.year)), methodology_page(site, e)),
    ]


def result_page(site: PublicSite, e: PublicEdition, c: PublicCategory, site_url: str):
    """A category's result page, as (docs-relative path, markdown)."""
    return urls.source(urls.category(e.year, c.slug)), category_page(site, e, c, site_url)
