"""Every word readers see about the award, in one place: its name, shared phrases, marks.

Generators, the page templates (globals `award`, `award_short`, `abbr`), the theme
overrides and the MkDocs edge take the award's name and shared sentences from here, so
a change of wording is one line and shows in the golden files. Typography (no-break
spaces, apostrophes, ordinals) is applied afterwards by `escda_site.text.typography`:
the strings here are typed with plain spaces and straight apostrophes.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import date
from typing import TYPE_CHECKING

from escda_site.text import frformat

if TYPE_CHECKING:
    from escda_site.public.view import PublicCategory, PublicEdition

# Typed with its typographic apostrophe: the name is the same in text, attributes, data
# files and the logo, whatever the output escapes.
AWARD = "Élu Service Client de l\u2019Année"
AWARD_SHORT = "ESCDA"


def site_identity() -> dict[str, str]:
    """The site-wide names MkDocs keeps in its config, for the plugin and the exported tree."""
    return {
        "site_name": AWARD,
        "site_description": f"Le palmarès public d\u2019{AWARD}, édition par édition.",
        "copyright": f"{AWARD} — portail des résultats",
    }


ORGANISER = "l'organisateur"  # the organiser's own name comes from data/portal.yaml


# --- Text cleaning and escaping --------------------------------------------------------

_NO_BREAK = ("\u00a0", "\u202f")  # French typography's no-break spaces: kept as they are


def clean(text: str) -> str:
    """One line of text as shown: composed accents, no control or format character.

    Controls would break lines or show as boxes; bidi embeddings and overrides (format
    characters) could reorder the rest of a line, e.g. show a mark backwards; lone
    surrogates cannot be encoded. Ordinary white space collapses to single spaces;
    no-break spaces stay.
    """
    # Most values are clean already (printable: no control, format or white space but
    # single spaces): they come back as they are, without the character-by-character pass.
    if (
        text.isprintable()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and unicodedata.is_normalized("NFC", text)
    ):
        return text
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        ch if ch in _NO_BREAK else " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )
    return " ".join(w for w in text.split(" ") if w)


# Characters Python-Markdown and its table extension give a meaning to.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(value: object) -> str:
    """A data value (company, category…) as literal text in Markdown or HTML.

    `*x*` and `<b>` show as typed: HTML special characters become entities and Markdown
    ones are backslash-escaped (MkDocs removes the backslashes).
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(clean(str(value)), quote=True))


def in_sentence(label: str) -> str:
    """A label inside a sentence: `Navigation Internet` -> `navigation Internet`.

    Only the first letter is lowered, so proper nouns and acronyms keep their capitals
    (« navigation Internet », « SMS »), as on every page that names the channel.
    """
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


# --- Marks and numbers -----------------------------------------------------------------


def mark(value: float | None) -> str:
    """A company's mark: `14.3726` -> `14,37/20` (always two decimals)."""
    return frformat.mark(value)


def threshold_text(value: float) -> str:
    """A threshold, a round number of the rules: `12.0` -> `12/20`, `11.5` -> `11,5/20`.

    Written this way on every page, snippet, feed entry and chart; open data keeps the
    number itself.
    """
    decimals = next((d for d in (0, 1) if round(value, d) == round(value, 2)), 2)
    return f"{frformat.number(value, decimals)}/20"


def plural(n: int, singular: str, several: str) -> str:
    """`1 lauréat`, `2 lauréats`, `1 250 lauréats`."""
    return f"{frformat.number(n)} {singular if n == 1 else several}"


def companies(n: int) -> str:
    """`5` -> `5 entreprises testées`, `1` -> `1 entreprise testée`."""
    return plural(n, "entreprise testée", "entreprises testées")


_UNPUBLISHED = "Nombre d'entreprises testées non publié"


def tested_text(category: PublicCategory) -> str:
    """`4 entreprises testées` (a sentence start: archives did not publish the number)."""
    return _UNPUBLISHED if category.tested is None else companies(category.tested)


def among_text(category: PublicCategory) -> str:
    """`Classement établi parmi 5 entreprises testées` (a sentence start)."""
    if category.tested is None:
        return _UNPUBLISHED
    return f"Classement établi parmi {companies(category.tested)}"


def no_laureate_reason(edition: PublicEdition, category: PublicCategory) -> str:
    """Why a category has no laureate, as a clause: « Pas de lauréat : <reason>. »"""
    match category.status:
        case "below_threshold":
            return (
                "aucune entreprise candidate n'a atteint le seuil de "
                f"{threshold_text(edition.threshold)}"
            )
        case "too_few":
            return f"moins de {companies(edition.min_tested)}"
        case "no_participant":
            return (
                "seules des entreprises référentes du secteur, qui ne concourent pas, "
                "ont été testées"
            )
        case _:
            return "aucun lauréat n'a été proclamé dans cette catégorie"


def edition_summary(edition: PublicEdition) -> str:
    """`43 lauréats dans 40 catégories, dont 2 sans lauréat`, never counting a company twice.

    Titles and companies differ when laureates are ex æquo or a company wins two
    categories: then both counts are given (`11 titres pour 10 entreprises lauréates…`).
    """
    titles = edition.laureate_count
    companies = len({lau.company.slug for c in edition.categories for lau in c.laureates})
    if titles == companies:
        text = plural(titles, "lauréat", "lauréats")
    else:
        text = (
            f"{plural(titles, 'titre', 'titres')} pour "
            f"{plural(companies, 'entreprise lauréate', 'entreprises lauréates')}"
        )
    text += f" dans {plural(len(edition.categories), 'catégorie', 'catégories')}"
    without = sum(1 for c in edition.categories if not c.laureates)
    if without:
        text += f", dont {without} sans lauréat"
    shared = sum(1 for c in edition.categories if len(c.laureates) > 1)
    if shared:
        text += f" ({plural(shared, 'catégorie', 'catégories')} à lauréats ex æquo)"
    return text


def edition_label(year: int) -> str:
    """`ESCDA 2026`: the short name of an edition, as on the logo's press kit."""
    return f"{AWARD_SHORT} {year}"


def award_of(year: int) -> str:
    """`Élu Service Client de l'Année 2026`: the title a laureate wins."""
    return f"{AWARD} {year}"


def logo_alt(year: int, category_name: str) -> str:
    """The text alternative of a laureate's logo, wherever it is shown."""
    return f"Logo {AWARD} {year}, catégorie {clean(category_name)}"


def abbr() -> str:
    """« ESCDA » in HTML, spelled out for readers and screen readers on first use."""
    return f'<abbr title="{html.escape(AWARD)}">{AWARD_SHORT}</abbr>'


# --- The logo's caption and the share images ---------------------------------------------


def study_period(start: date, end: date) -> str:
    """`du 13 mai 2019 au 19 juillet 2019`."""
    return f"du {frformat.day(start)} au {frformat.day(end)}"


def logo_caption(edition: PublicEdition, category: PublicCategory, url: str) -> str:
    """The caption that must accompany the logo in advertising, `url` its proof page.

    « Élu Service Client de l'Année 2020 – Catégorie Banque – Étude réalisée du … au … par
    tests clients mystères – 4 entreprises testées – Détails sur <url> ». Archive
    editions published neither their study period nor the number of companies tested.
    """
    parts = [award_of(edition.year), f"Catégorie {clean(category.name)}"]
    if not edition.archive:
        period = study_period(edition.campaign_start, edition.campaign_end)
        parts.append(f"Étude réalisée {period} par tests clients mystères")
    if category.tested is not None:
        parts.append(companies(category.tested))
    parts.append(f"Détails sur {url}")
    return " \u2013 ".join(parts)


def laureate_names(category: PublicCategory) -> str:
    """`Acme et Bravo`: the category's laureates, ex aequo ones joined."""
    return " et ".join(clean(lau.company.name) for lau in category.laureates)


def category_share_alt(edition: PublicEdition, category: PublicCategory) -> str:
    """The text alternative of a category result's share image."""
    if category.laureates:
        verb = "remportent ex æquo" if len(category.laureates) > 1 else "remporte"
        overall = category.laureates[0].overall
        score = f", avec {mark(overall)}" if overall is not None else ""
        return (
            f"{laureate_names(category)} {verb} {award_of(edition.year)}, "
            f"catégorie {clean(category.name)}{score}"
        )
    return f"{award_of(edition.year)}, catégorie {clean(category.name)} : pas de lauréat"


def edition_share_alt(edition: PublicEdition) -> str:
    """The text alternative of an edition palmarès' share image."""
    return f"Palmarès {award_of(edition.year)} : {edition_summary(edition)}"


def home_share_alt(latest: PublicEdition | None) -> str:
    """The text alternative of the home page's share image."""
    if latest is None:
        return f"Le palmarès {AWARD}"
    laureates = plural(latest.laureate_count, "lauréat", "lauréats")
    return f"Le palmarès {AWARD} : édition {latest.year}, {laureates}"
