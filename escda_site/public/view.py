"""The public view of the results: proclaimed editions and laureates only.

Every generator (pages, logos, snippets, open data, feed) reads a `PublicSite` and
nothing else, so a non-laureate's name or mark cannot reach the site by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Literal

from escda_site.inputs.model import (
    Accessibility,
    Channel,
    Company,
    Correction,
    Dataset,
    Organiser,
    Sector,
    edition_number,
)
from escda_site.inputs.yamldoc import paris_time
from escda_site.public import urls
from escda_site.scoring.results import Aggregates, Averages, EditionResult, Status
from escda_site.text import frformat


@dataclass(frozen=True)
class Laureate:
    company: Company
    overall: float | None
    channels: tuple[tuple[str, float], ...]
    # The name the title was proclaimed under, when the company has been renamed since:
    # the name on that edition's logo, the one a journalist cites. None: the current name.
    former_name: str | None = None

    def channel_mark(self, channel_id: str) -> float | None:
        return dict(self.channels).get(channel_id)

    @property
    def name(self) -> str:
        """The laureate's name at the proclamation (its current name if never renamed)."""
        return self.former_name or self.company.name

    @property
    def renamed(self) -> bool:
        """Whether the company bears another name today than the one it won under."""
        return self.former_name is not None


@dataclass(frozen=True)
class PublicCategory:
    year: int
    slug: str
    name: str
    sector: Sector
    status: Status
    tested: int | None  # None: not published (an archive edition's `tested` left out)
    laureates: tuple[Laureate, ...]
    # Tested companies that could win (participants, benchmarks excluded); None: archive.
    candidates: int | None = None

    @property
    def benchmarks(self) -> int | None:
        """How many of the tested companies were benchmarks (« hors concours »)."""
        if self.tested is None or self.candidates is None:
            return None
        return self.tested - self.candidates

    @property
    def url(self) -> str:
        """Site-relative URL of the category page (directory URLs)."""
        return urls.category(self.year, self.slug)


@dataclass(frozen=True)
class PublicEdition:
    year: int
    campaign_start: date
    campaign_end: date
    proclamation: datetime
    logo_valid_until: date
    threshold: float
    min_tested: int
    archive: bool
    channels: tuple[Channel, ...]
    categories: tuple[PublicCategory, ...]
    aggregates: Aggregates | None
    tests_run: int
    companies_tested: int  # distinct companies, however many categories each was tested in
    repeat_entries: tuple[int, ...] = ()  # per company tested in 2+ categories, how many
    embargoed: bool = False  # only ever True in a preview build
    corrections: tuple[Correction, ...] = ()  # errata after the proclamation, oldest first

    def corrections_of(self, slug: str) -> list[Correction]:
        """The corrections that concern one category: those naming it under `categories`,
        and those of the whole edition (no `categories`), which concern every category."""
        return [c for c in self.corrections if not c.categories or slug in c.categories]

    @property
    def entries(self) -> int:
        """Company-category pairs tested: a company tested in two categories counts twice."""
        return sum(c.tested or 0 for c in self.categories)

    @property
    def tests_per_entry(self) -> int:
        """Planned tests per tested company and category (the channels' tests added up)."""
        return sum(ch.tests for ch in self.channels)

    @property
    def candidates(self) -> int:
        """Company-category pairs that could win (benchmarks excluded)."""
        return sum(c.candidates or 0 for c in self.categories)

    @property
    def number(self) -> int:
        return edition_number(self.year)

    @property
    def url(self) -> str:
        return urls.edition(self.year)

    @property
    def laureate_count(self) -> int:
        return sum(len(c.laureates) for c in self.categories)

    def category(self, slug: str) -> PublicCategory | None:
        return self._by_slug.get(slug)

    @cached_property
    def _by_slug(self) -> dict[str, PublicCategory]:
        return {c.slug: c for c in self.categories}

    def channel_label(self, channel_id: str) -> str:
        return next(c.label for c in self.channels if c.id == channel_id)

    def by_sector(self) -> list[tuple[Sector, list[PublicCategory]]]:
        """Categories grouped by sector, sectors in the order of sectors.yaml."""
        groups: dict[str, tuple[Sector, list[PublicCategory]]] = {}
        for c in self.categories:
            groups.setdefault(c.sector.slug, (c.sector, []))[1].append(c)
        return list(groups.values())


Validity = Literal["before", "valid", "expired"]


@dataclass(frozen=True)
class Title:
    """One laureate's title: a company, a category, an edition."""

    edition: PublicEdition
    category: PublicCategory
    laureate: Laureate

    @property
    def valid_from(self) -> date:
        return self.edition.proclamation.date()

    @property
    def valid_until(self) -> date:
        return self.edition.logo_valid_until

    @property
    def ended(self) -> date:
        """The first day the logo may no longer be displayed."""
        return self.valid_until + timedelta(days=1)

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until

    def state_on(self, day: date) -> Validity:
        """Whether the logo is not yet valid, valid or expired on `day`.

        The one decision every page applies at build time; assets/today.js makes the
        same one in the reader's browser with the reader's date.
        """
        if day < self.valid_from:
            return "before"
        return "valid" if day <= self.valid_until else "expired"


@dataclass(frozen=True)
class PublicSite:
    editions: tuple[PublicEdition, ...]  # newest first
    sectors: tuple[Sector, ...]  # only sectors with at least one public category
    companies: tuple[Company, ...]  # only companies that won at least once, by name
    demo: bool
    as_of: datetime
    preview: bool = False
    organiser: Organiser | None = None  # the publisher's facts, for the legal pages
    accessibility: Accessibility = Accessibility()  # for the accessibility statement

    def edition(self, year: int) -> PublicEdition | None:
        return next((e for e in self.editions if e.year == year), None)

    @property
    def latest(self) -> PublicEdition | None:
        return self.editions[0] if self.editions else None

    def titles(self) -> list[Title]:
        """Every title, newest edition first, then in category order."""
        return list(self._titles)

    @cached_property
    def _titles(self) -> tuple[Title, ...]:
        return tuple(
            Title(e, c, lau) for e in self.editions for c in e.categories for lau in c.laureates
        )

    def titles_of(self, company_slug: str) -> list[Title]:
        return list(self._titles_by_company.get(company_slug, ()))

    def category_history(self, slug: str) -> list[PublicCategory]:
        """The same category across editions, oldest first."""
        return list(self._histories.get(slug, ()))

    def previous_edition(self, year: int) -> PublicEdition | None:
        """The nearest public edition before `year`."""
        return next((e for e in self.editions if e.year < year), None)  # newest first

    # Every category and company page asks these: worked out once per site, not per page.
    @cached_property
    def _titles_by_company(self) -> dict[str, list[Title]]:
        found: dict[str, list[Title]] = {}
        for t in self._titles:
            found.setdefault(t.laureate.company.slug, []).append(t)
        return found

    @cached_property
    def _histories(self) -> dict[str, list[PublicCategory]]:
        found: dict[str, list[PublicCategory]] = {}
        for e in reversed(self.editions):
            for c in e.categories:
                found.setdefault(c.slug, []).append(c)
        return found


def valid_titles(site: PublicSite, company_slug: str, day: date) -> list[Title]:
    """Titles of a company whose logo may be displayed on `day` (bounds inclusive)."""
    return [t for t in site.titles_of(company_slug) if t.valid_on(day)]


# An average or a count over fewer companies than this is not published: over one or two
# it would give away a non-laureate's mark (or let one be worked out).
MIN_COMPANIES = 3
NOT_PUBLISHED = Averages(0, None, ())


def public_aggregates(res: EditionResult) -> Aggregates | None:
    """The edition-wide averages, each group withheld when it has under MIN_COMPANIES.

    A withheld group reads `overall is None` (the pages say « non publié »).
    """
    if res.aggregates is None:
        return None
    everyone = {s.company for c in res.categories for s in c.ranking}
    laureates = {s.company for c in res.categories for s in c.laureates}
    others = {s.company for c in res.categories for s in c.ranking if s not in c.laureates}
    agg = res.aggregates

    def keep(group: Averages, companies: set[str]) -> Averages:
        return group if len(companies) >= MIN_COMPANIES else NOT_PUBLISHED

    # Laureates' marks are public one by one: the average over everyone would give away
    # the non-laureates' sum, so it goes whenever theirs does.
    hidden = len(others) < MIN_COMPANIES
    return Aggregates(
        everyone=NOT_PUBLISHED if hidden else keep(agg.everyone, everyone),
        laureates=keep(agg.laureates, laureates),
        non_laureates=keep(agg.non_laureates, others),
    )


def _laureate(
    company: Company,
    overall: float | None,
    channels: tuple[tuple[str, float], ...],
    proclamation: datetime,
) -> Laureate:
    """A laureate, with the name it bore on the (Paris) day of the proclamation."""
    then = company.name_on(paris_time(proclamation).date())
    return Laureate(company, overall, channels, None if then == company.name else then)


def public_view(
    dataset: Dataset,
    results: dict[int, EditionResult],
    as_of: datetime,
    preview: bool = False,
) -> PublicSite:
    """Keep proclaimed editions (all of them in a preview) and, in them, laureates only."""
    # "Today" is the Paris date of that instant, whatever offset it was written with.
    as_of = paris_time(as_of)
    sectors = {s.slug: s for s in dataset.sectors}
    editions: list[PublicEdition] = []
    for ed in sorted(dataset.editions, key=lambda e: e.year, reverse=True):
        embargoed = ed.proclamation > as_of
        if embargoed and not preview:
            continue
        res = results[ed.year]
        cats = tuple(
            PublicCategory(
                year=ed.year,
                slug=cr.category.slug,
                name=cr.category.name,
                sector=sectors[cr.category.sector],
                status=cr.status,
                tested=cr.tested,
                laureates=tuple(
                    _laureate(dataset.company(s.company), s.overall, s.channels, ed.proclamation)
                    for s in cr.laureates
                ),
                # An archive publishes at most how many were tested, never who could win.
                candidates=(
                    None
                    if cr.tested is None or ed.archive
                    else sum(1 for s in cr.ranking if s.role == "participant")
                ),
            )
            for cr in res.categories
        )
        editions.append(
            PublicEdition(
                year=ed.year,
                campaign_start=ed.campaign_start,
                campaign_end=ed.campaign_end,
                proclamation=ed.proclamation,
                logo_valid_until=ed.logo_valid_until,
                threshold=ed.threshold,
                min_tested=ed.min_tested,
                archive=ed.archive,
                channels=ed.channels,
                categories=cats,
                aggregates=public_aggregates(res),
                tests_run=res.tests_run,
                companies_tested=res.companies_tested,
                repeat_entries=res.repeat_entries,
                embargoed=embargoed,
                corrections=ed.corrections,
            )
        )
    winners = {
        lau.company.slug: lau.company for e in editions for c in e.categories for lau in c.laureates
    }
    used_sectors = {c.sector.slug for e in editions for c in e.categories}
    return PublicSite(
        editions=tuple(editions),
        sectors=tuple(s for s in dataset.sectors if s.slug in used_sectors),
        companies=tuple(sorted(winners.values(), key=lambda c: frformat.sort_key(c.name))),
        demo=dataset.demo,
        as_of=as_of,
        preview=preview,
        organiser=dataset.organiser,
        accessibility=dataset.accessibility,
    )
