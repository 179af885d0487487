"""The sentences a result says about its laureates and categories, one way everywhere.

Who won (named as proclaimed, with today's name), how many were tested and could win,
why a category has no laureate, an edition's summary, the logo's caption and the share
images' text alternatives. `claims.py` builds the longer statements on these.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from escda_site.text import frformat
from escda_site.text.clean import clean, in_sentence
from escda_site.text.figures import companies, mark_clause, plural, threshold_text
from escda_site.text.wording import AWARD, award_of

if TYPE_CHECKING:
    from escda_site.inputs.model import Channel, Company
    from escda_site.public.view import Laureate, PublicCategory, PublicEdition, Title


def channel_names(channels: Iterable[Channel]) -> str:
    """`appels téléphoniques, e-mails et formulaires, navigation Internet…`: an edition's
    channels inside a sentence, named as its pages and tables name them."""
    return ", ".join(in_sentence(clean(c.label)) for c in channels)


def unpublished_count(category: PublicCategory | None = None) -> str:
    """`nombre d'entreprises testées non publié`, wherever a count an archive did not
    publish would stand (a category's, or an edition's without `category`); `nombre exact
    d'entreprises testées non publié` when the category's reason already bounds it
    (`reason_bounds_count`)."""
    exact = "exact " if category is not None and reason_bounds_count(category) else ""
    return f"nombre {exact}d'entreprises testées non publié"


def tested_and_candidates(category: PublicCategory) -> str:
    """`3 entreprises testées, dont 2 candidates au titre`: how many were tested and could win.

    The short form that travels with a title (the logo's mandatory caption, the
    certificate, the share image, the press kit) and the start of every longer statement
    (`claims.tested_text`), so that they never diverge. A lone candidate is said outright
    (`dont une seule candidate au titre`): a title won without a rival is not an election
    among several. Archives published no number: `nombre d'entreprises testées non publié`.
    """
    if category.tested is None:
        return unpublished_count(category)
    text = companies(category.tested)
    n = category.candidates
    if n is None:
        return text
    if n == 0:
        return f"{text}, aucune candidate au titre"
    if n == category.tested:
        return f"{text}, {'toutes candidates' if n > 1 else 'seule candidate'} au titre"
    if n == 1:
        return f"{text}, dont une seule candidate au titre"
    return f"{text}, dont {plural(n, 'candidate', 'candidates')} au titre"


# A category without laureate: the contest took place and nobody reached the threshold
# (« Pas de lauréat »), or it could not take place (« Pas d'élection »): too few companies
# tested, or none of them could win. An archive that names no laureate and gives no reason
# does not say whether the title was given: « Aucun lauréat publié », never « Pas de
# lauréat », which would state as a fact what the archive leaves unsaid.
NO_LAUREATE = "Pas de lauréat"
NO_ELECTION = "Pas d'élection"
NONE_PUBLISHED = "Aucun lauréat publié"
_NO_ELECTION_STATUSES = ("too_few", "no_participant")


def no_laureate_heading(category: PublicCategory) -> str:
    """`Pas de lauréat`, `Pas d'élection` or `Aucun lauréat publié`: what a category
    without laureate is called, the one word every page, snippet, feed and chart uses."""
    if category.status in _NO_ELECTION_STATUSES:
        return NO_ELECTION
    return NONE_PUBLISHED if category.status == "no_laureate" else NO_LAUREATE


def no_laureate_reason(edition: PublicEdition, category: PublicCategory) -> str:
    """Why a category has no laureate, as a clause after its heading (`no_laureate_line`)."""
    match category.status:
        case "below_threshold":
            return (
                "aucune entreprise candidate n'a atteint le seuil de "
                f"{threshold_text(edition.threshold)}"
            )
        case "too_few":
            return f"moins de {companies(edition.min_tested)}"
        case "no_participant":
            return "aucune entreprise candidate, seuls des référents du secteur ont été testés"
        case _:
            return "les archives de l'édition ne disent pas si le titre a été attribué"


def reason_bounds_count(category: PublicCategory) -> bool:
    """Whether the reason a category has no laureate already says how many were tested
    (« moins de 3 entreprises testées ») while the exact number was not published: then
    « nombre d'entreprises testées non publié » beside it would read as a contradiction,
    and `unpublished_count` says « nombre exact »."""
    return category.status == "too_few" and category.tested is None


def no_laureate_line(edition: PublicEdition, category: PublicCategory) -> str:
    """`Pas d'élection : moins de 3 entreprises testées`, on every page, snippet and feed."""
    return f"{no_laureate_heading(category)} : {no_laureate_reason(edition, category)}"


def laureate_heading(category: PublicCategory) -> str:
    """`Lauréat`, or `Lauréats ex æquo` when the title is shared (always plural then)."""
    return "Lauréats ex æquo" if len(category.laureates) > 1 else "Lauréat"


def wins(category: PublicCategory) -> str:
    """The verb after the laureates' names: `remporte`, or `remportent ex æquo`."""
    return "remportent ex æquo" if len(category.laureates) > 1 else "remporte"


def shared_with(category: PublicCategory, laureate: Laureate) -> str:
    """`ex æquo avec Marché Opale` for a shared title, else empty: said wherever one title
    is shown alone (a card), where the other laureates are not in sight."""
    others = [laureate_name(lau) for lau in category.laureates if lau is not laureate]
    return f"ex æquo avec {' et '.join(others)}" if others else ""


def laureates_figure(edition: PublicEdition) -> tuple[str, str]:
    """An edition's titles as a figure and what it counts: `("10", "titres")`.

    Always counted as titles, one word for one count on every page, snippet and feed
    (« 11 lauréats » here and « 11 titres » there read as two figures). A company that
    wins two categories holds two titles: then the companies are counted too
    (`("11", "titres pour 10 entreprises lauréates")`).
    """
    titles = edition.laureate_count
    companies = len({lau.company.slug for c in edition.categories for lau in c.laureates})
    word = "titre" if titles < 2 else "titres"  # French counts 0 as one (figures.plural)
    if titles == companies:
        return frformat.number(titles), word
    counted = plural(companies, "entreprise lauréate", "entreprises lauréates")
    return frformat.number(titles), f"{word} pour {counted}"


def candidacies_figure(n: int) -> tuple[str, str]:
    """An edition's candidates as a figure and what it counts: `("50", "candidatures au
    titre")`. One per company and category: a company entered in two categories is two
    candidacies (the note under the figures says so)."""
    return frformat.number(n), "candidature au titre" if n < 2 else "candidatures au titre"


def laureates_text(edition: PublicEdition) -> str:
    """`10 titres`, or `11 titres pour 10 entreprises lauréates`: never a company twice."""
    return " ".join(laureates_figure(edition))


def no_laureate_word(category: PublicCategory) -> str:
    """`pas de lauréat` or `pas d'élection`, inside a sentence or on a chart's bar."""
    return in_sentence(no_laureate_heading(category))


_WITHOUT = {
    NO_LAUREATE: "sans lauréat",
    NONE_PUBLISHED: "sans lauréat publié",
    NO_ELECTION: "sans élection",
}


def without_laureate_counts(edition: PublicEdition) -> str:
    """`, dont 1 sans lauréat et 1 sans élection`: categories without a title, by kind.

    A category with no election (too few companies tested) is not one where nobody reached
    the threshold, nor one an archive named no laureate in (« sans lauréat publié »): each
    kind is counted apart, by the heading its page shows, and a zero count is left out.
    """
    headings = [no_laureate_heading(c) for c in edition.categories if not c.laureates]
    parts = [f"{headings.count(h)} {kind}" for h, kind in _WITHOUT.items() if h in headings]
    if not parts:
        return ""
    return f", dont {frformat.enumeration(parts)}"


def edition_summary(edition: PublicEdition) -> str:
    """`43 titres dans 40 catégories, dont 1 sans lauréat et 1 sans élection`.

    Never counts a company twice.

    Titles and companies differ when a company wins two categories: then both counts are
    given (`11 titres pour 10 entreprises lauréates…`, see `laureates_text`).
    """
    text = laureates_text(edition)
    text += f" dans {plural(len(edition.categories), 'catégorie', 'catégories')}"
    text += without_laureate_counts(edition)
    shared = sum(1 for c in edition.categories if len(c.laureates) > 1)
    if shared:
        text += f" ({plural(shared, 'catégorie', 'catégories')} à lauréats ex æquo)"
    return text


def company_titles_text(company_name: str, titles: Sequence[Title]) -> str:
    """A company page's description, `titles` newest first: what travels away from the page
    (search results, shared links) says, as the page does, which titles were won under a
    former name. `Horizon Finance : 2 titres Élu Service Client de l'Année (1 sous le nom
    Banque Horizon), dont Banque 2021.`; `Location Comète : 1 titre …, Location 2026, sous
    le nom Horizon Auto.`"""
    latest = titles[0]
    named = f"{latest.category.name} {latest.edition.year}"
    former = Counter(t.laureate.name for t in titles if t.laureate.renamed)
    if len(titles) == 1:
        under = f", sous le nom {latest.laureate.name}" if former else ""
        return f"{company_name} : 1 titre {AWARD}, {named}{under}."
    aside = ", ".join(
        f"{'tous' if n == len(titles) else n} sous le nom {name}" for name, n in former.items()
    )
    if latest.laureate.renamed and len(former) > 1:
        named += f", sous le nom {latest.laureate.name}"
    counted = f"{len(titles)} titres {AWARD}" + (f" ({aside})" if aside else "")
    return f"{company_name} : {counted}, dont {named}."


def campaign_text(edition: PublicEdition) -> str:
    """`Tests clients mystères du 12 mai au 18 juillet 2025`: when the companies were tested."""
    return f"Tests clients mystères {frformat.period(edition.campaign_start, edition.campaign_end)}"


def logo_caption(edition: PublicEdition, category: PublicCategory, url: str) -> str:
    """The caption that must accompany the logo in advertising, `url` its proof page.

    « Élu Service Client de l'Année 2020 – Catégorie Banque – Étude réalisée du … au … par
    tests clients mystères – 4 entreprises testées, dont 3 candidates au titre – Détails sur
    <url> ». An archive that did not publish the number of companies tested says so
    (« nombre d'entreprises testées non publié »): the caption never drops the count.
    """
    period = frformat.period(edition.campaign_start, edition.campaign_end)
    parts = [
        award_of(edition.year),
        f"Catégorie {clean(category.name)}",
        f"Étude réalisée {period} par tests clients mystères",
        tested_and_candidates(category),
        f"Détails sur {url}",
    ]
    return " \u2013 ".join(parts)


def renamed_note(laureate: Laureate) -> str:
    """`(aujourd'hui Location Comète)` after a name the laureate no longer bears, else "".

    A result names its laureate as proclaimed, the name on that edition's logo and the one
    a journalist cites, then the company's name today so that readers can find it.
    """
    return f"(aujourd'hui {clean(laureate.company.name)})" if laureate.renamed else ""


def laureate_name(laureate: Laureate) -> str:
    """`Horizon Auto (aujourd'hui Location Comète)`, or the name alone if never renamed."""
    return " ".join(filter(None, (clean(laureate.name), renamed_note(laureate))))


def former_names_text(company: Company) -> str:
    """`Banque Horizon (jusqu'au 31 mars 2020), Caisse Horizon`: former names, dated if known."""
    until = dict(company.dated_names)
    return ", ".join(
        f"{clean(n)} (jusqu'au {frformat.day(until[n])})" if n in until else clean(n)
        for n in company.former_names
    )


def laureate_names(category: PublicCategory) -> str:
    """`Acme et Bravo`: the category's laureates, ex aequo ones joined, named as proclaimed."""
    return " et ".join(laureate_name(lau) for lau in category.laureates)


def category_share_alt(edition: PublicEdition, category: PublicCategory) -> str:
    """The text alternative of a category result's share image."""
    if category.laureates:
        verb = wins(category)
        overall = category.laureates[0].overall
        return (
            f"{laureate_names(category)} {verb} {award_of(edition.year)}, "
            f"catégorie {clean(category.name)}{mark_clause(overall)}"
        )
    none = in_sentence(no_laureate_heading(category))
    return f"{award_of(edition.year)}, catégorie {clean(category.name)} : {none}"


def edition_share_alt(edition: PublicEdition) -> str:
    """The text alternative of an edition palmarès' share image."""
    return f"Palmarès {award_of(edition.year)} : {edition_summary(edition)}"


def home_share_alt(latest: PublicEdition | None) -> str:
    """The text alternative of the home page's share image."""
    if latest is None:
        return f"Le palmarès {AWARD}"
    return f"Le palmarès {AWARD} : édition {latest.year}, {laureates_text(latest)}"
