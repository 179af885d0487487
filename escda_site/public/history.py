"""What the press notes about a result: streaks, new categories, successions."""

from __future__ import annotations

from dataclasses import dataclass

from escda_site.public.view import PublicCategory, PublicSite
from escda_site.text import frformat


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
    """Editions in a row, ending with `year`, in which `company` won category `slug`."""
    count, edition = 0, site.edition(year)
    while edition is not None:
        cat = edition.category(slug)
        if cat is None or company not in {lau.company.slug for lau in cat.laureates}:
            break
        count += 1
        edition = site.previous_edition(edition.year)
    return count


def history_line(site: PublicSite, category: PublicCategory) -> str | None:
    """One sentence in French situating a result against the previous edition."""
    prev_edition = site.previous_edition(category.year)
    if prev_edition is None:
        return None
    before = prev_edition.category(category.slug)
    if before is None:
        return "Nouvelle catégorie cette année."
    winners = [lau.company for lau in category.laureates]
    previous = [lau.company for lau in before.laureates]
    if not winners:
        if not previous:
            return "Pas de lauréat non plus l'an dernier."
        names = " et ".join(c.name for c in previous)
        return f"L'an dernier, le titre revenait à {names}."
    kept = [c for c in winners if c in previous]
    if kept:
        parts = []
        for c in kept:
            n = streak(site, category.year, category.slug, c.slug)
            parts.append(f"{c.name} : {frformat.ordinal(n)} année consécutive")
        return " ; ".join(parts) + "."
    if not previous:
        return "Pas de lauréat l'an dernier dans cette catégorie."
    names = " et ".join(c.name for c in previous)
    verb = "Succèdent" if len(winners) > 1 else "Succède"
    return f"{verb} à {names}, lauréat de l'édition {prev_edition.year}."
