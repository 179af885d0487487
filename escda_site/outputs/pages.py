"""Generated Markdown pages: pure functions from the public results to `(path, markdown)`."""

from __future__ import annotations

import html
import re
from functools import cache

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from escda_site.outputs.logos import (
    SHARE_SIZE,
    SIZES,
    badge_html,
    caption,
    category_alt,
    edition_alt,
    home_alt,
    logo_stem,
    share_path,
)
from escda_site.public.history import history_line, neighbours, streak
from escda_site.public.view import (
    PublicCategory,
    PublicEdition,
    PublicSite,
    Title,
    valid_titles,
)
from escda_site.text import frformat

# Characters Python-Markdown gives a meaning to; escaped so a name shows as typed.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
DEVICES = {"smartphone": "smartphone", "desktop": "ordinateur", "tablet": "tablette"}


def md(value: object) -> Markup:
    """Plain text made safe for Markdown and HTML: `*x*` and `<b>` show as typed."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=True)))


def _front_matter(title: str, description: str, extra: dict) -> Markup:
    # YAML front matter, not HTML: MkDocs reads it before any escaping matters.
    meta = {"title": str(title), "description": str(description), **extra}
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6)
    return Markup(dumped.strip())


def _points(value: float) -> str:
    return frformat.number(value, 0 if float(value).is_integer() else 1)


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("escda_site", "templates/pages"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md,
        mark=frformat.mark,
        day=frformat.day,
        number=frformat.number,
        ordinal=frformat.ordinal,
        of=frformat.of,
        points=_points,
        device=lambda d: DEVICES.get(d, d),
    )
    env.globals["front_matter"] = _front_matter
    env.globals.update(logo_stem=logo_stem, sizes=SIZES)
    env.globals["avg"] = lambda a, cid: dict(a.channels).get(cid)
    return env


def _render(template: str, **context: object) -> str:
    return _env().get_template(template).render(**context)


def _meta(edition: PublicEdition | None = None) -> dict:
    """Front matter every page carries: the embargo mark of a preview build."""
    if edition is not None and edition.embargoed:
        return {"embargo": frformat.moment(edition.proclamation), "robots": "noindex"}
    return {}


def _share_image(path: str, alt: str) -> dict:
    """Front matter of a page's share image (og:image, twitter:image and their size)."""
    width, height = SHARE_SIZE
    return {"image": path, "image_alt": alt, "image_width": width, "image_height": height}


def channel_chart(
    edition: PublicEdition, marks: tuple[tuple[str, float], ...], name: str, key: str = "chart"
) -> Markup:
    """Inline SVG bars: the laureate's mark per channel against the threshold.

    `key` makes the ids of its title and description unique: an ex æquo page has one
    chart per laureate, and shared ids would name every chart after the first laureate.
    """
    row, label_w, bar_w, scale = 34, 190, 330, 20.0
    height = row * len(marks) + 28
    x_threshold = label_w + bar_w * edition.threshold / scale
    desc = "; ".join(f"{edition.channel_label(cid)} : {frformat.mark(m)}" for cid, m in marks)
    parts = [
        f'<svg class="escda-chart" viewBox="0 0 {label_w + bar_w + 70} {height}" '
        f'role="img" aria-labelledby="{key}-title {key}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{key}-title">Notes par canal {frformat.of(name)}{html.escape(name)}</title>',
        f'<desc id="{key}-desc">{html.escape(desc)} ; seuil {frformat.mark(edition.threshold)}'
        "</desc>",
    ]
    for i, (cid, m) in enumerate(marks):
        y = 8 + i * row
        width = bar_w * max(m, 0) / scale
        parts += [
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" class="escda-chart-label">'
            f"{html.escape(edition.channel_label(cid))}</text>",
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="20" rx="3" '
            'class="escda-chart-track"/>',
            f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="20" rx="3" '
            'class="escda-chart-bar"/>',
            f'<text x="{label_w + bar_w + 8}" y="{y + 18}" class="escda-chart-value">'
            f"{frformat.mark(m, suffix=False)}</text>",
        ]
    parts += [
        f'<line x1="{x_threshold:.1f}" x2="{x_threshold:.1f}" y1="4" y2="{height - 18}" '
        'class="escda-chart-threshold"/>',
        f'<text x="{x_threshold:.1f}" y="{height - 4}" text-anchor="middle" '
        f'class="escda-chart-label">seuil {frformat.mark(edition.threshold, suffix=False)}</text>',
        "</svg>",
    ]
    return Markup("".join(parts))


def _category_description(e: PublicEdition, c: PublicCategory) -> str:
    tested = f" parmi {c.tested} entreprises testées" if c.tested is not None else ""
    if c.laureates:
        names = " et ".join(lau.company.name for lau in c.laureates)
        verb = "remportent ex æquo" if len(c.laureates) > 1 else "remporte"
        return (
            f"{names} {verb} le titre Élu Service Client de l'Année {e.year}, catégorie {c.name}, "
            f"avec {frformat.mark(c.laureates[0].overall)}{tested}."
        )
    return f"Catégorie {c.name}, édition {e.year} : pas de lauréat{tested}."


def category_page(site: PublicSite, e: PublicEdition, c: PublicCategory, site_url: str) -> str:
    today = site.as_of.date()
    titles = [Title(e, c, lau) for lau in c.laureates]
    meta = _meta(e) | _share_image(share_path(e.year, c.slug), category_alt(e, c))
    return _render(
        "category.md.j2",
        e=e,
        c=c,
        meta=meta,
        description=_category_description(e, c),
        history=history_line(site, c),
        nb=neighbours(site, e.year, c.slug),
        tests_per_company=sum(ch.tests for ch in e.channels),
        charts=[
            channel_chart(e, lau.channels, lau.company.name, f"chart-{lau.company.slug}")
            for lau in c.laureates
        ],
        # Shown in a fenced code block, which escapes by itself; a backtick in a name
        # must not close the fence.
        badges=[Markup(badge_html(t, site_url).replace("`", "&#96;")) for t in titles],
        caption=caption(titles[0], site_url) if titles else "",
        expired=e.logo_valid_until < today,
        permalink=f"{site_url}{c.url}",
    )


def edition_page(site: PublicSite, e: PublicEdition) -> str:
    meta = _meta(e) | _share_image(share_path(e.year), edition_alt(e))
    return _render("edition.md.j2", e=e, meta=meta)


def methodology_page(site: PublicSite, e: PublicEdition) -> str:
    total_weight = sum(ch.weight for ch in e.channels) or 1
    weeks = round(((e.campaign_end - e.campaign_start).days + 1) / 7)
    return _render(
        "methodology.md.j2",
        e=e,
        meta=_meta(e),
        tests_per_company=sum(ch.tests for ch in e.channels),
        weight_share={
            ch.id: f"{frformat.number(100 * ch.weight / total_weight, 1)} %" for ch in e.channels
        },
        campaign_weeks=weeks,
    )


def sector_pages(site: PublicSite) -> list[tuple[str, str]]:
    pages, rows = [], []
    for sector in site.sectors:
        groups = [
            (e, cats) for e in site.editions for s, cats in e.by_sector() if s.slug == sector.slug
        ]
        rows.append((sector, len(groups[0][1]), groups[0][0].year))
        meta = {} if not site.preview else {"robots": "noindex"}
        pages.append(
            (
                f"secteurs/{sector.slug}/index.md",
                _render("sector.md.j2", sector=sector, groups=groups, meta=meta),
            )
        )
    pages.append(("secteurs/index.md", _render("sectors.md.j2", rows=rows, meta={})))
    return pages


def company_pages(site: PublicSite) -> list[tuple[str, str]]:
    today = site.as_of.date()
    pages, rows = [], []
    for co in site.companies:
        titles = site.titles_of(co.slug)
        rows.append((co, titles))
        count = len(titles)
        description = (
            f"{co.name} : {count} titre{'s' if count > 1 else ''} Élu Service Client de l'Année, "
            f"dont {titles[0].category.name} {titles[0].edition.year}."
        )
        pages.append(
            (
                f"entreprises/{co.slug}/index.md",
                _render(
                    "company.md.j2",
                    co=co,
                    titles=titles,
                    streaks=[
                        streak(site, t.edition.year, t.category.slug, co.slug) for t in titles
                    ],
                    valid=valid_titles(site, co.slug, today),
                    today=today,
                    description=description,
                    meta={"robots": "noindex"} if site.preview else {},
                ),
            )
        )
    pages.append(("entreprises/index.md", _render("companies.md.j2", rows=rows, meta={})))
    return pages


def home_page(site: PublicSite) -> str:
    today = site.as_of.date()
    valid = [t for t in site.titles() if t.valid_on(today)]
    groups = []
    for sector in site.sectors:
        titles = [t for t in valid if t.category.sector.slug == sector.slug]
        if titles:
            groups.append((sector, titles))
    latest = site.latest
    description = (
        f"Le palmarès d'Élu Service Client de l'Année : {len(valid)} lauréats dont le logo est "
        "valable aujourd'hui, par secteur, et toutes les éditions."
    )
    return _render(
        "home.md.j2",
        latest=latest,
        editions=site.editions,
        groups=groups,
        today=today,
        description=description,
        meta=_share_image(share_path(), home_alt(site)),
    )


def logo_page(site: PublicSite) -> str:
    latest = site.latest
    return _render(
        "logo.md.j2",
        companies=site.companies,
        today=site.as_of.date(),
        latest_year=latest.year if latest else site.as_of.year,
        latest_threshold=frformat.mark(latest.threshold) if latest else "12/20",
        meta={},
    )


def generate_pages(site: PublicSite, site_url: str) -> list[tuple[str, str]]:
    """Every generated Markdown page of the site, as (docs-relative path, markdown)."""
    pages: list[tuple[str, str]] = [
        ("index.md", home_page(site)),
        ("logo/index.md", logo_page(site)),
    ]
    for e in site.editions:
        pages.append((f"{e.year}/index.md", edition_page(site, e)))
        pages.append((f"{e.year}/methodologie/index.md", methodology_page(site, e)))
        pages += [
            (f"{e.year}/{c.slug}/index.md", category_page(site, e, c, site_url))
            for c in e.categories
        ]
    pages += sector_pages(site)
    pages += company_pages(site)
    return pages
