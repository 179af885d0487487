"""Every word readers see about the award, in one place: its name and its shared phrases.

Generators, the page templates (globals `award`, `award_short`, `abbr`), the theme
overrides and the MkDocs edge take the award's name and shared sentences from here, so
a change of wording is one line and shows in the golden files. Typography (no-break
spaces, apostrophes, ordinals) is applied afterwards by `escda_site.text.typography`:
the strings here are typed with plain spaces and straight apostrophes.

The words live by what they are about: marks, thresholds and counts in `text/figures.py`,
data values as text in `text/clean.py`, the sentences a result says (laureates, categories
without laureate, an edition's summary) in `public/sentences.py` beside `public/claims.py`,
the open data column names in `inputs/columns.py`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date

from escda_site.text.clean import clean
from escda_site.text.typography import alt_text

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


def notice(head: str, rest: str, shout: bool = False) -> str:
    """`Head : rest.`, a banner's sentence; `shout`: its first words in capitals, for plain
    text, where no coloured box sets the banner apart."""
    return f"{head.upper() if shout else head} : {rest}."


def demo_banner(shout: bool = False) -> str:
    """`Données de démonstration : entreprises et résultats fictifs.`: the banner of every
    page and e-mail snippet of a site built from demo data."""
    return notice("Données de démonstration", "entreprises et résultats fictifs", shout)


def embargo_notice(proclaimed: str, shout: bool = False) -> str:
    """`Aperçu sous embargo : ne pas diffuser avant la proclamation du 8 octobre 2026.`:
    atop every e-mail snippet of an edition not yet proclaimed (preview builds)."""
    rest = f"ne pas diffuser avant la proclamation du {proclaimed}"
    return notice("Aperçu sous embargo", rest, shout)


ORGANISER = "l'organisateur"  # the organiser's own name comes from data/portal.yaml


# Who wins a category. Sector benchmarks (« référents ») are tested alongside and may score
# higher than the laureate, so the title is never « la meilleure note de sa catégorie »:
# it is the best mark among the companies that could win. Their marks stay unpublished.
BEST_CANDIDATE = "la meilleure note parmi les entreprises candidates de sa catégorie"
BENCHMARKS_ASIDE = (
    "les référents du secteur, testés hors concours, peuvent avoir obtenu une note plus "
    "élevée, qui n'est pas publiée"
)


def edition_label(year: int) -> str:
    """`ESCDA 2026`: the short name of an edition, as on the logo's press kit."""
    return f"{AWARD_SHORT} {year}"


def year_runs(years: Sequence[int]) -> list[list[int]]:
    """[[2010, 2011, 2012], [2014]]: years in the order of time, by runs that follow each
    other (what `years_text` says, and the open data's JSON-LD claims as time covered)."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def years_text(years: Sequence[int]) -> str:
    """« 2013 », « 2013 et 2014 », « 2010 à 2012 et 2014 à 2016 »: years in the order of
    time, three or more that follow each other said as one run, so that a gap (2013 when the
    archives lack it) is never hidden inside « 2010 à 2016 ». Every span of editions the
    site says (tables, history sentences, the home's share image) is said by this one."""
    items: list[str] = []
    for run in year_runs(years):
        items += [f"{run[0]} à {run[-1]}"] if len(run) > 2 else [str(y) for y in run]
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " et " + items[-1]


def of_editions(years: Sequence[int]) -> str:
    """`de l'édition 2024`, `des éditions 2010 à 2012 et 2014`: years named as editions.

    An edition is not the calendar year of its campaign nor of its ceremony (the 2026
    edition is proclaimed in 2025): relative words (« l'an dernier ») and bare years
    (« en 2025 ») would mislead, so history sentences name editions.
    """
    if len(set(years)) == 1:
        return f"de l'édition {years[0]}"
    return f"des éditions {years_text(years)}"


def award_of(year: int) -> str:
    """`Élu Service Client de l'Année 2026`: the title a laureate wins."""
    return f"{AWARD} {year}"


def logo_alt(year: int, category_name: str) -> str:
    """The text alternative of a laureate's logo, wherever it is shown (typographic
    apostrophes: typography.alt_text)."""
    return alt_text(f"Logo {AWARD} {year}, catégorie {clean(category_name)}")


def badge_alt(year: int, category_name: str, laureate_name: str, ex_aequo: bool = False) -> str:
    """The text alternative of the badge a laureate pastes on its site, and so the name of
    its link: which title, and where to check it (typographic apostrophes, no entity in the
    code laureates copy).

    The pasted code never changes while the image at its address turns into a « Plus en
    cours » card on expiry: it names the title as a past fact (« titre …, édition 2027 »),
    never as a current claim (« Élu … 2027 »), and sends the reader to the proof. A title
    shared says so (« décerné ex æquo à »), as the certificate and the page do."""
    awarded = "décerné ex æquo à" if ex_aequo else "décerné à"
    return alt_text(
        f"Titre {AWARD}, édition {year}, catégorie {clean(category_name)}, {awarded} "
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


# Written into official PNG and PDF files before their proof page's URL, so that a copy
# found away from the site still says where its title can be checked.
PROOF_NOTE = "Titre publié et vérifiable sur"


def proof_subject(subject: str, url: str) -> str:
    """A PDF's subject followed by where its title is proved (`subject — PROOF_NOTE url`)."""
    return f"{subject} \u2014 {PROOF_NOTE} {url}" if url else subject
