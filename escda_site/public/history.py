"""What the press notes about a result: streaks, new and returning categories, successions.

A category may skip editions (no entrant one year): the press then says it *returns*,
names the laureate's earlier titles (« retrouve le titre, déjà lauréat des éditions 2010,
2011 et 2012 ») and counts them (« 4e titre »); a succession names the previous laureate even when
the category was absent in between. Every sentence is built here, from the public view,
and names editions, never relative years (« l'an dernier » is false once read later).
"""

from __future__ import annotations

from dataclasses import dataclass

from escda_site.public.view import Laureate, PublicCategory, PublicSite
from escda_site.text import frformat
from escda_site.text.wording import laureate_name, no_laureate_heading, of_editions


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

    An edition without the category breaks the streak: the press then says the laureate
    *retrouve* its title rather than counting consecutive years.
    """
    count, edition = 0, site.edition(year)
    while edition is not None:
        cat = edition.category(slug)
        if cat is None or company not in {lau.company.slug for lau in cat.laureates}:
            break
        count += 1
        edition = site.previous_edition(edition.year)
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


def _absence(site: PublicSite, held: PublicCategory, year: int) -> str:
    """« La catégorie revient au palmarès (absente de l'édition 2013). »"""
    missing = [e.year for e in reversed(site.editions) if held.year < e.year < year]
    return f"La catégorie revient au palmarès (absente {of_editions(missing)})."


def _laureates_of(laureates: list[Laureate], year: int) -> str:
    """« X, lauréat de l'édition 2026 »."""
    s = "s" if len(laureates) > 1 else ""
    return f"{_names(laureates)}, lauréat{s} {of_editions([year])}"


def _winner_part(
    site: PublicSite,
    category: PublicCategory,
    laureate: Laureate,
    before: PublicCategory,
    alone: bool,
) -> str:
    """The clause about one laureate, against the last edition that held the category.

    A sole laureate's clause names whom it succeeds; laureates ex æquo get one shared
    succession sentence after their clauses instead.
    """
    company, name = laureate.company, laureate.name
    years = title_years(site, category.slug, company.slug, category.year - 1)
    total = len(years) + 1
    count = f"{frformat.ordinal(total)} titre dans la catégorie"
    previous = list(before.laureates)
    won_before = company in [lau.company for lau in previous]
    prev_edition = site.previous_edition(category.year)
    consecutive = prev_edition is not None and before.year == prev_edition.year
    if won_before and consecutive:
        n = streak(site, category.year, category.slug, company.slug)
        text = f"{name} : {frformat.ordinal(n)} année consécutive"
        return text + (f", {count}" if total > n else "")
    if years:
        text = f"{name} retrouve le titre, déjà lauréat {of_editions(years)} ({count})"
        others = [lau for lau in previous if lau.company != company]
        if others and alone:
            text += f", et succède à {_laureates_of(others, before.year)}"
        return text
    if previous and alone:
        return f"{name} succède à {_laureates_of(previous, before.year)}"
    return f"{name} : premier titre dans la catégorie"


def history_line(site: PublicSite, category: PublicCategory) -> str | None:
    """One or two sentences in French situating a result against the category's past."""
    prev_edition = site.previous_edition(category.year)
    if prev_edition is None:
        return None
    before = prev_edition.category(category.slug)
    gap = ""
    if before is None:
        held = [c for c in site.category_history(category.slug) if c.year < category.year]
        if not held:
            return f"Nouvelle catégorie {of_editions([category.year])}."
        before = held[-1]
        gap = _absence(site, before, category.year) + " "
    when = f"lors de l'édition {before.year}"
    winners = list(category.laureates)
    previous = list(before.laureates)
    if not winners:
        if not previous:
            # « Pas d'élection » and « Pas de lauréat » are not the same thing: « non plus »
            # only when the category page's heading says the same of both editions.
            then = no_laureate_heading(before)
            also = " non plus" if then == no_laureate_heading(category) else ""
            return gap + f"{then}{also} {when}."
        return gap + f"{when[0].upper()}{when[1:]}, le titre revenait à {_names(previous)}."
    newcomers = [
        w
        for w in winners
        if not title_years(site, category.slug, w.company.slug, category.year - 1)
    ]
    if len(newcomers) == len(winners):
        if previous:
            verb = "Succèdent" if len(winners) > 1 else "Succède"
            return gap + f"{verb} à {_laureates_of(previous, before.year)}."
        line = f"{no_laureate_heading(before)} {when} dans cette catégorie"
        last = _last_with_laureate(site, category.slug, category.year)
        if last is not None:
            names = _names(list(last.laureates))
            line += f" ; dernier titre attribué lors de l'édition {last.year} : {names}"
        return gap + line + "."
    alone = len(winners) == 1
    line = gap + " ; ".join(_winner_part(site, category, w, before, alone) for w in winners) + "."
    before_companies = {lau.company for lau in previous}
    if not alone and previous and not any(w.company in before_companies for w in winners):
        line += f" Succèdent à {_laureates_of(previous, before.year)}."
    return line
