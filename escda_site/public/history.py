"""What the press notes about a result: streaks, new and returning categories, successions.

A category may skip editions (no entrant one year): the press then says it *returns*,
names the laureate's earlier titles (« retrouve le titre, déjà lauréat des éditions 2010,
2011 et 2012 ») and counts them (« 4e titre »); a succession names the previous laureate even when
the category was absent in between. Every sentence is built here, from the public view,
and names editions, never relative years (« l'an dernier » is false once read later).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from escda_site.public.sentences import laureate_name, no_laureate_heading
from escda_site.public.view import Laureate, PublicCategory, PublicEdition, PublicSite
from escda_site.text import frformat, wording
from escda_site.text.clean import clean
from escda_site.text.wording import of_editions


@dataclass(frozen=True)
class Neighbours:
    previous: PublicCategory | None  # the same category in the nearest earlier edition
    next: PublicCategory | None


def neighbours(site: PublicSite, year: int, slug: str) -> Neighbours:
    history = site.category_history(slug)
    past = [c for c in history if c.year < year]
    future = [c for c in history if c.year > year]
    return Neighbours(past[-1] if past else None, future[0] if future else None)


def streak(site: PublicSite, year: int, slug: str, company: str) -> int:
    """Editions in a row, ending with `year`, in which `company` won category `slug`.

    Consecutive means the years follow each other: an edition without the category, or a
    year with no edition on the portal (a gap in the archives), breaks the streak; the
    line then names the laureate's earlier titles rather than counting years (« retrouve
    le titre » only where the title is known to have left it: `_lost_since`).
    """
    count, edition = 0, site.edition(year)
    while edition is not None:
        cat = edition.category(slug)
        if cat is None or company not in {lau.company.slug for lau in cat.laureates}:
            break
        count += 1
        edition = site.edition(edition.year - 1)
    return count


def title_years(site: PublicSite, slug: str, company: str, until: int) -> list[int]:
    """Editions up to `until` (inclusive) in which `company` won category `slug`, oldest first."""
    return [
        c.year
        for c in site.category_history(slug)
        if c.year <= until and company in {lau.company.slug for lau in c.laureates}
    ]


def _names(laureates: list[Laureate]) -> str:
    """Laureates as proclaimed; one renamed since adds its name today."""
    return " et ".join(laureate_name(lau) for lau in laureates)


def _last_with_laureate(site: PublicSite, slug: str, before: int) -> PublicCategory | None:
    past = [c for c in site.category_history(slug) if c.year < before and c.laureates]
    return past[-1] if past else None


def _missing_years(site: PublicSite, after: int, year: int) -> str:
    """« L'édition 2013 ne figure pas au palmarès. »: years between two editions of the
    portal with no edition at all (a gap in the archives), else ""."""
    missing = [y for y in range(after + 1, year) if site.edition(y) is None]
    if not missing:
        return ""
    if len(missing) == 1:
        return f"L'édition {missing[0]} ne figure pas au palmarès."
    return f"Les éditions {wording.years_text(missing)} ne figurent pas au palmarès."


def skipped_runs(site: PublicSite, years: Iterable[int]) -> list[tuple[int, ...]]:
    """Years a history skips, as its table says them: consecutive years with no edition on
    the portal in one run (« 2015 à 2025 »), each edition held without the subject alone
    (it has a page to link to). Newest first, as given."""
    runs: list[tuple[int, ...]] = []
    for year in years:
        missing = site.edition(year) is None
        if missing and runs and site.edition(runs[-1][-1]) is None and runs[-1][-1] == year + 1:
            runs[-1] += (year,)
        else:
            runs.append((year,))
    return runs


def gap_text(site: PublicSite, run: tuple[int, ...]) -> str:
    """What a history table or chart says of a run of years the category skipped
    (`skipped_runs`): the editions are missing from the portal (a gap in the archives), or
    one was held without the category. Lower case, to follow « 2013 : »; said as the
    history sentences say it, so that 2012 and 2014 are not read as consecutive."""
    if site.edition(run[0]) is not None:
        return "catégorie absente de cette édition"
    if len(run) == 1:
        return "édition absente du palmarès"
    return "éditions absentes du palmarès"


@dataclass(frozen=True)
class MissingEditions:
    """A row of a table of editions for years between two editions of the portal that have
    none (a gap in the archives), as a category's history has one: 2012 under 2014 would
    pass for the edition before it."""

    years: tuple[int, ...]  # newest first
    text: str  # « Édition absente du palmarès »

    @property
    def label(self) -> str:
        return wording.years_text(self.years)


def editions_and_gaps(site: PublicSite) -> list[PublicEdition | MissingEditions]:
    """The portal's editions, newest first, with a row for each run of years missing
    between two of them."""
    rows: list[PublicEdition | MissingEditions] = []
    for newer, edition in zip((None, *site.editions), site.editions, strict=False):
        run = tuple(range(newer.year - 1, edition.year, -1)) if newer else ()
        if run:
            rows.append(MissingEditions(run, gap_text(site, run).capitalize()))
        rows.append(edition)
    return rows


def sector_gap_sentence(site: PublicSite, run: tuple[int, ...], sector_name: str) -> str:
    """« L'édition 2013 ne figure pas au palmarès. », or that the edition had no category of
    the sector: said on a sector page where that edition's section would be."""
    if site.edition(run[0]) is None:
        return _missing_years(site, run[-1] - 1, run[0] + 1)
    return f"L'édition {run[0]} ne comptait aucune catégorie du secteur {clean(sector_name)}."


def _absence(site: PublicSite, held: PublicCategory, year: int) -> str:
    """« La catégorie revient au palmarès (absente de l'édition 2013). », or "" when the
    category was in every edition of the portal since `held`."""
    missing = [e.year for e in reversed(site.editions) if held.year < e.year < year]
    if not missing:
        return ""
    return f"La catégorie revient au palmarès (absente {of_editions(missing)})."


def _laureates_of(laureates: list[Laureate], year: int) -> str:
    """« X, lauréat de l'édition 2026 »."""
    s = "s" if len(laureates) > 1 else ""
    return f"{_names(laureates)}, lauréat{s} {of_editions([year])}"


def _earlier_names(
    site: PublicSite, slug: str, laureate: Laureate, years: list[int], dated: bool = False
) -> str:
    """`, sous le nom Gamma Ancien`: the name a renamed laureate won its earlier titles
    under, when it differs from the name of this result (« lors de l'édition 2010 » when
    only some of them, or when `dated`), else ""."""
    by_name: dict[str, list[int]] = {}
    for y in years:
        edition = site.edition(y)
        cat = edition.category(slug) if edition else None
        then = next(
            (lau.name for lau in (cat.laureates if cat else ()) if lau.company == laureate.company),
            laureate.name,
        )
        if then != laureate.name:
            by_name.setdefault(then, []).append(y)
    parts = [
        f"sous le nom {clean(name)}"
        + ("" if len(named) == len(years) and not dated else f" lors {of_editions(named)}")
        for name, named in by_name.items()
    ]
    return "".join(f", {p}" for p in parts)


def _winner_part(
    site: PublicSite,
    category: PublicCategory,
    laureate: Laureate,
    before: PublicCategory,
    last: PublicCategory | None,
    alone: bool,
) -> str:
    """The clause about one laureate: its streak, its earlier titles, whom it succeeds.

    `before` is the category's previous edition, `last` the last one that gave a title
    (the same unless the category had no laureate then). A sole laureate's clause names
    whom it succeeds; laureates ex æquo get one shared succession sentence instead.
    """
    company, name = laureate.company, clean(laureate.name)
    years = title_years(site, category.slug, company.slug, category.year - 1)
    total = len(years) + 1
    count = f"{frformat.ordinal(total)} titre dans la catégorie"
    won_before = company in [lau.company for lau in before.laureates]
    if won_before and before.year == category.year - 1:
        n = streak(site, category.year, category.slug, company.slug)
        text = f"{name} : {frformat.ordinal(n)} année consécutive"
        text += f", {count}" if total > n else ""
        renamed = _earlier_names(site, category.slug, laureate, years, dated=True)
        return text + (f" ({renamed.removeprefix(', ')})" if renamed else "")
    previous = list(last.laureates) if last else []
    if years:
        earlier = _earlier_names(site, category.slug, laureate, years)
        again = "retrouve" if _lost_since(site, category, years[-1]) else "remporte de nouveau"
        text = f"{name} {again} le titre, déjà lauréat {of_editions(years)}{earlier} ({count})"
        others = [lau for lau in previous if lau.company != company]
        if others and alone and last is not None:
            text += f", et succède à {_laureates_of(others, last.year)}"
        return text
    if previous and alone and last is not None:
        return f"{name} succède à {_laureates_of(previous, last.year)}"
    return f"{name} : premier titre dans la catégorie"


def _lost_since(site: PublicSite, category: PublicCategory, won: int) -> bool:
    """Whether the portal shows the title out of the laureate's hands between its title of
    edition `won` and `category`: another laureate, a year the category had no laureate or
    no election, an edition held without it. « Retrouve le titre » says so; across only
    years missing from the archives or results naming no laureate, the title may have been
    its own all along, and the line says « remporte de nouveau le titre »."""
    for year in range(won + 1, category.year):
        edition = site.edition(year)
        if edition is None:
            continue  # a gap in the archives: nothing known
        held = edition.category(category.slug)
        if held is None or held.laureates or held.status != "no_laureate":
            return True
    return False


def history_line(site: PublicSite, category: PublicCategory) -> str | None:
    """One to three sentences in French situating a result against the category's past.

    Everything between the category's last title and this result is said: editions
    missing from the portal, editions without the category, an edition where it had no
    laureate or no election; then each laureate's streak or earlier titles (under the
    name it bore then) and whom it succeeds.
    """
    if site.previous_edition(category.year) is None:
        return None
    held = [c for c in site.category_history(category.slug) if c.year < category.year]
    if not held:
        return f"Nouvelle catégorie {of_editions([category.year])}."
    before = held[-1]
    last = _last_with_laureate(site, category.slug, category.year)
    context = [
        text
        for text in (
            _absence(site, before, category.year),
            _missing_years(site, before.year, category.year),
        )
        if text
    ]
    when = f"lors de l'édition {before.year}"
    winners = list(category.laureates)
    if not winners:
        if before.laureates:
            names = _names(list(before.laureates))
            said = f"{when[0].upper()}{when[1:]}, le titre revenait à {names}."
        else:
            # « Pas d'élection » and « Pas de lauréat » are not the same thing: « non plus »
            # only when the category page's heading says the same of both editions.
            then = no_laureate_heading(before)
            also = " non plus" if then == no_laureate_heading(category) else ""
            said = f"{then}{also} {when}"
            if last is not None:
                said += f" ; dernier titre attribué lors de l'édition {last.year} : "
                said += _names(list(last.laureates))
            said += "."
        return " ".join([*context, said])
    alone = len(winners) == 1
    parts = [_winner_part(site, category, w, before, last, alone) for w in winners]
    if not before.laureates:
        # The empty edition is said before the laureate's clause, as the press does.
        parts.insert(0, f"{no_laureate_heading(before)} {when} dans cette catégorie")
    line = " ; ".join(parts) + "."
    previous = list(last.laureates) if last else []
    won = {lau.company for lau in previous}
    if not alone and last is not None and not any(w.company in won for w in winners):
        line += f" Les lauréats ex æquo succèdent à {_laureates_of(previous, last.year)}."
    return " ".join([*context, line])
