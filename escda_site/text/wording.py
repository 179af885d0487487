"""Every word readers see about the award, in one place: its name, shared phrases, marks.

Generators, the page templates (globals `award`, `award_short`, `abbr`), the theme
overrides and the MkDocs edge take the award's name and shared sentences from here, so
a change of wording is one line and shows in the golden files. Typography (no-break
spaces, apostrophes, ordinals) is applied afterwards by `escda_site.text.typography`:
the strings here are typed with plain spaces and straight apostrophes.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol

from escda_site.text import frformat
from escda_site.text.typography import alt_text

if TYPE_CHECKING:
    from escda_site.inputs.model import Channel, Company
    from escda_site.public.view import Laureate, PublicCategory, PublicEdition


class HasChannels(Protocol):
    """An edition, as loaded or as published: its year and its channels."""

    @property
    def year(self) -> int: ...

    @property
    def channels(self) -> tuple[Channel, ...]: ...


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


# Stamped on everything built from demo data that can leave the site (certificates, share
# images, the press kit's note, the feed, open data, calendars): pages and snippets carry
# the banner, but a file read on its own must say it too.
DEMO_STAMP = "DÉMONSTRATION — données fictives"


def demo_prefix(demo: bool) -> str:
    """`[DÉMONSTRATION — données fictives] ` before a title of demo data, else ""."""
    return f"[{DEMO_STAMP}] " if demo else ""


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


# --- Open data column names -------------------------------------------------------------

# A channel's mark column is named after its French label, never after its technical id
# (`phone`, `email`…), so every open data field name is French.
CHANNEL_COLUMN_PREFIX = "note_"


def channel_column(label: str) -> str:
    """The open data column of a channel's mark: `E-mails et formulaires` ->
    `note_e_mails_et_formulaires`, `Appels téléphoniques` -> `note_appels_telephoniques`.

    Accents and case are set aside, `&` reads `et`, every run of other characters becomes
    one `_`: plain ASCII that any spreadsheet, pandas or SQL takes as a column name.
    An empty result (a label with no Latin letter or digit) is `note_`, refused by the
    data validation like any clash.
    """
    text = frformat.fold(clean(label).lower().replace("&", " et "))
    slug = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    return CHANNEL_COLUMN_PREFIX + slug


def channel_columns(editions: Iterable[HasChannels]) -> dict[str, str]:
    """Each channel id of `editions` -> its open data column, one rule for every file.

    The column is named after the channel's label in the oldest edition that has the
    channel: published editions never change, so a later relabelling never renames a
    column readers already use. Ids are listed newest edition first, in display order.
    """
    oldest: dict[str, str] = {}
    for edition in sorted(editions, key=lambda e: e.year):
        for channel in edition.channels:
            oldest.setdefault(channel.id, channel.label)
    order: dict[str, None] = {}
    for edition in sorted(editions, key=lambda e: e.year, reverse=True):
        for channel in edition.channels:
            order.setdefault(channel.id, None)
    return {cid: channel_column(oldest[cid]) for cid in order}


def channel_names(channels: Iterable[Channel]) -> str:
    """`appels téléphoniques, e-mails et formulaires, navigation Internet…`: an edition's
    channels inside a sentence, named as its pages and tables name them."""
    return ", ".join(in_sentence(clean(c.label)) for c in channels)


# --- Marks and numbers -----------------------------------------------------------------


def mark(value: float | None) -> str:
    """A company's mark: `14.3726` -> `14,37/20` (always two decimals)."""
    return frformat.mark(value)


# A mark an archive did not publish. Each sentence that carries a mark says it in its own
# words (`mark_clause`, `mark_or_unpublished`): « non publiée » never stands where a
# figure would, as in « avec une note globale de non publiée ».
MARK_UNPUBLISHED = "note globale non publiée"


def mark_or_unpublished(value: float | None) -> str:
    """A mark where a line names it alone: `14,37/20`, or `note globale non publiée`."""
    return MARK_UNPUBLISHED if value is None else mark(value)


def mark_phrase(value: float | None) -> str:
    """The mark after a name and a comma: `note globale 14,37/20`, or `note globale non
    publiée` (never in brackets: a renamed laureate's name ends with its own)."""
    return MARK_UNPUBLISHED if value is None else f"note globale {mark(value)}"


def mark_clause(value: float | None, strong: str = "") -> str:
    """The mark after a sentence's main clause: `, avec une note globale de 14,37/20`, or
    ` (note globale non publiée)`. `strong` wraps the figure (`**` in Markdown)."""
    if value is None:
        return f" ({MARK_UNPUBLISHED})"
    return f", avec une note globale de {strong}{mark(value)}{strong}"


def threshold_text(value: float) -> str:
    """A threshold, a round number of the rules: `12.0` -> `12/20`, `11.5` -> `11,5/20`.

    Written this way on every page, snippet, feed entry and chart; open data keeps the
    number itself.
    """
    decimals = next((d for d in (0, 1) if round(value, d) == round(value, 2)), 2)
    return f"{frformat.number(value, decimals)}/20"


def threshold_scope(value: float) -> str:
    """What the threshold applies to, in words: the overall mark only, never a channel's.

    Said wherever channel marks sit beside the threshold (result page's table and chart),
    as readers took a channel mark under it for a laureate who failed it.
    """
    return (
        f"le seuil d'attribution, {threshold_text(value)}, s'applique à la note globale "
        "seule, pas aux notes par canal"
    )


def plural(n: int, singular: str, several: str) -> str:
    """`0 lauréat`, `1 lauréat`, `2 lauréats`, `1 250 lauréats`: French counts 0 as one."""
    return f"{frformat.number(n)} {singular if abs(n) < 2 else several}"


def _rounded(value: Fraction, decimals: int) -> Fraction:
    """`value` rounded half up to `decimals`, as a reader rounds."""
    return Fraction(math.floor(value * 10**decimals + Fraction(1, 2)), 10**decimals)


def _decimal(value: Fraction) -> str:
    """An exact decimal French style, no trailing zero: `62.5` -> `62,5`, `50` -> `50`."""
    shown = next(d for d in range(9) if (value * 10**d).denominator == 1)
    return frformat.number(float(value), shown)


def weight_text(weight: float) -> str:
    """A channel's weight as the rules give it: `140`, `0,25` (up to 3 decimals, exact)."""
    return _decimal(_rounded(Fraction(weight), 3))


def weight_shares(weights: Sequence[float]) -> tuple[list[str], str]:
    """Each channel's weight in the overall mark, and a note when a share is rounded.

    `[140, 50, 15, 10, 10]` -> `140 sur 225 (62,2 %)`…: the weights are the rules' exact
    figures and add up to their total; the percentages are rounded to a tenth, each on its
    own, so equal weights show equal shares, and the note says what they add up to
    (`99,9 %`) rather than nudging one of them to make 100. Empty note: all exact.
    """
    exact = [_rounded(Fraction(w), 3) for w in weights]  # config floats, read to 3 decimals
    total = sum(exact, Fraction(0))
    if not total:
        return ["—" for _ in weights], ""
    shares = [_rounded(100 * w / total, 1) for w in exact]
    total_text = _decimal(total)
    cells = [
        f"{_decimal(w)} sur {total_text} ({_decimal(p)} %)"
        for w, p in zip(exact, shares, strict=True)
    ]
    if all(p == 100 * w / total for w, p in zip(exact, shares, strict=True)):
        return cells, ""
    added = sum(shares, Fraction(0))
    rounded = (
        "Les pourcentages sont arrondis au dixième"
        if added == 100
        else f"Les pourcentages, arrondis au dixième, font ensemble {_decimal(added)} %"
    )
    return cells, f"{rounded} ; la note globale utilise les poids exacts ({total_text} au total)."


def companies(n: int) -> str:
    """`5` -> `5 entreprises testées`, `1` -> `1 entreprise testée`."""
    return plural(n, "entreprise testée", "entreprises testées")


def unpublished_count(category: PublicCategory) -> str:
    """`nombre d'entreprises testées non publié`; `nombre exact d'entreprises testées non
    publié` when the category's reason already bounds it (`reason_bounds_count`)."""
    exact = "exact " if reason_bounds_count(category) else ""
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


# Who wins a category. Sector benchmarks (« référents ») are tested alongside and may score
# higher than the laureate, so the title is never « la meilleure note de sa catégorie »:
# it is the best mark among the companies that could win. Their marks stay unpublished.
BEST_CANDIDATE = "la meilleure note parmi les entreprises candidates de sa catégorie"
BENCHMARKS_ASIDE = (
    "les référents du secteur, testés hors concours, peuvent avoir obtenu une note plus "
    "élevée, qui n'est pas publiée"
)


# A category without laureate: the contest took place and nobody reached the threshold
# (« Pas de lauréat »), or it could not take place (« Pas d'élection »): too few companies
# tested, or none of them could win. Archives only say that no title was given.
NO_LAUREATE = "Pas de lauréat"
NO_ELECTION = "Pas d'élection"
_NO_ELECTION_STATUSES = ("too_few", "no_participant")


def no_laureate_heading(category: PublicCategory) -> str:
    """`Pas de lauréat` or `Pas d'élection`: what a category without laureate is called."""
    return NO_ELECTION if category.status in _NO_ELECTION_STATUSES else NO_LAUREATE


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
            return "aucun titre publié"


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
    word = "titre" if titles == 1 else "titres"
    if titles == companies:
        return frformat.number(titles), word
    counted = plural(companies, "entreprise lauréate", "entreprises lauréates")
    return frformat.number(titles), f"{word} pour {counted}"


def candidacies_figure(n: int) -> tuple[str, str]:
    """An edition's candidates as a figure and what it counts: `("50", "candidatures au
    titre")`. One per company and category: a company entered in two categories is two
    candidacies (the note under the figures says so)."""
    return frformat.number(n), "candidature au titre" if n == 1 else "candidatures au titre"


def laureates_text(edition: PublicEdition) -> str:
    """`10 titres`, or `11 titres pour 10 entreprises lauréates`: never a company twice."""
    return " ".join(laureates_figure(edition))


def no_laureate_word(category: PublicCategory) -> str:
    """`pas de lauréat` or `pas d'élection`, inside a sentence or on a chart's bar."""
    return in_sentence(no_laureate_heading(category))


def without_laureate_counts(edition: PublicEdition) -> str:
    """`, dont 1 sans lauréat et 1 sans élection`: categories without a title, by kind.

    A category with no election (too few companies tested) is not one where nobody reached
    the threshold: the two are counted apart, and a zero count is left out.
    """
    missing = [c for c in edition.categories if not c.laureates]
    no_election = sum(1 for c in missing if no_laureate_heading(c) == NO_ELECTION)
    parts = [
        f"{n} {kind}"
        for n, kind in (
            (len(missing) - no_election, "sans lauréat"),
            (no_election, "sans élection"),
        )
        if n
    ]
    return f", dont {' et '.join(parts)}" if parts else ""


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


def edition_label(year: int) -> str:
    """`ESCDA 2026`: the short name of an edition, as on the logo's press kit."""
    return f"{AWARD_SHORT} {year}"


def of_editions(years: Sequence[int]) -> str:
    """`de l'édition 2024`, `des éditions 2010, 2011 et 2012`: years named as editions.

    An edition is not the calendar year of its campaign nor of its ceremony (the 2026
    edition is proclaimed in 2025): relative words (« l'an dernier ») and bare years
    (« en 2025 ») would mislead, so history sentences name editions.
    """
    names = [str(y) for y in years]
    if len(names) == 1:
        return f"de l'édition {names[0]}"
    return "des éditions " + ", ".join(names[:-1]) + " et " + names[-1]


def award_of(year: int) -> str:
    """`Élu Service Client de l'Année 2026`: the title a laureate wins."""
    return f"{AWARD} {year}"


def logo_alt(year: int, category_name: str) -> str:
    """The text alternative of a laureate's logo, wherever it is shown (typographic
    apostrophes: typography.alt_text)."""
    return alt_text(f"Logo {AWARD} {year}, catégorie {clean(category_name)}")


def badge_alt(year: int, category_name: str, laureate_name: str) -> str:
    """The text alternative of the badge a laureate pastes on its site, and so the name of
    its link: which title, and where to check it (typographic apostrophes, no entity in the
    code laureates copy).

    The pasted code never changes while the image at its address turns into a « Plus en
    cours » card on expiry: it names the title as a past fact (« titre …, édition 2027 »),
    never as a current claim (« Élu … 2027 »), and sends the reader to the proof."""
    return alt_text(
        f"Titre {AWARD}, édition {year}, catégorie {clean(category_name)}, décerné à "
        f"{clean(laureate_name)} \u2014 validité à vérifier sur le portail des résultats"
    )


def expired_badge_lines(year: int, category_name: str, ended: date) -> tuple[str, ...]:
    """What a laureate's badge says once its logo has expired, line by line: the title
    belonged to that edition and category, and is no longer current since `ended` (the
    badge at the same address showed the logo until then)."""
    return (
        f"Titre {AWARD_SHORT} de l'édition",
        str(year),
        clean(category_name),
        "Plus en cours",
        f"depuis le {ended.strftime('%d/%m/%Y')}",
    )


# The logo page's one name: its tab, its heading and its title (the site's name after it).
LOGO_PAGE = "Le logo"


def abbr() -> str:
    """« ESCDA » in HTML, spelled out for readers and screen readers (e-mail snippets)."""
    return f'<abbr title="{html.escape(AWARD)}">{AWARD_SHORT}</abbr>'


# Abbreviations spelled out wherever a page uses them, by Python-Markdown's `abbr`
# extension (enabled in mkdocs.yml): every « ESCDA » of a page's text becomes
# <abbr title="Élu Service Client de l'Année">, headings and tables included.
ABBREVIATIONS = {AWARD_SHORT: AWARD}


def with_abbreviations(markdown: str) -> str:
    """A page's Markdown with the definitions of the abbreviations it uses, at its end."""
    used = [s for s in ABBREVIATIONS if re.search(rf"\b{re.escape(s)}\b", markdown)]
    if not used:
        return markdown
    return markdown.rstrip("\n") + "\n\n" + "".join(f"*[{s}]: {ABBREVIATIONS[s]}\n" for s in used)


# --- The logo's caption and the share images ---------------------------------------------


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


# Written into official PNG and PDF files before their proof page's URL, so that a copy
# found away from the site still says where its title can be checked.
PROOF_NOTE = "Titre publié et vérifiable sur"


def proof_subject(subject: str, url: str) -> str:
    """A PDF's subject followed by where its title is proved (`subject — PROOF_NOTE url`)."""
    return f"{subject} \u2014 {PROOF_NOTE} {url}" if url else subject


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
