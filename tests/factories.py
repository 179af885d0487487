"""A small public view built by hand, with the cases generators get wrong.

Edition 2026 (measured): a plain laureate, hostile names tied ex aequo, a category below
the threshold, one with too few companies, an RTL and emoji laureate, a template-looking
category name. Edition 2014 (archive): a laureate without a published mark and a
category without laureate.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta, timezone

from escda_site.inputs.model import Channel, Company, Criterion, NationalId, Sector
from escda_site.public.view import Laureate, PublicCategory, PublicEdition, PublicSite
from escda_site.text.frformat import sort_key

SITE_URL = "https://palmares.example.fr/"
PARIS_SUMMER = timezone(timedelta(hours=2))

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","x")'
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{ 7*7 }}"
RTL = "شركة المثال"
EMOJI = "Café ☕ 🚀"

BANK_SECTOR = Sector("banque-assurance", "Banque & Assurance")
ENERGY_SECTOR = Sector("energie", "Énergie <b>")
SHOP_SECTOR = Sector("commerce", "Commerce")

# A SIREN that starts with 0: it stays a 9-character text everywhere (never a number).
BANK = Company("exemple-banque", "Exemple Banque", siren="012345674")
SCRIPTY = Company("scripty", SCRIPT)
FORMULAIC = Company("formule", FORMULA)
IMGY = Company("imgy", IMG)
ARABIC = Company("arabe", RTL, national_id=NationalId("MA-ICE", "001234567000089"))
CAFE = Company("cafe", EMOJI)
OLD = Company("ancienne", "Ancienne Mutuelle")
MINUS = Company("moins", "-2 Assurances")

PHONE = Channel(
    "phone", "Appels téléphoniques", 140, 140.0, (Criterion("accueil", "Accueil", "R", 4),)
)
EMAIL = Channel("email", "E-mails et formulaires", 50, 50.0, (Criterion("r", "R", "Q", 10),))


def laureate(company: Company, overall: float | None, **channels: float) -> Laureate:
    return Laureate(company, overall, tuple(channels.items()))


def category(
    year: int,
    slug: str,
    name: str,
    sector: Sector,
    status: str,
    tested: int | None,
    *laureates: Laureate,
) -> PublicCategory:
    # Every tested company a candidate (no référent) unless a test says otherwise.
    return PublicCategory(year, slug, name, sector, status, tested, tuple(laureates), tested)  # type: ignore[arg-type]


def edition_2026() -> PublicEdition:
    cats = (
        category(2026, "banque", "Banque", BANK_SECTOR, "laureate", 5,
                 laureate(BANK, 16.7234, phone=17.1, email=15.949)),
        category(2026, "assurance", "Assurance", BANK_SECTOR, "laureate", 4,
                 laureate(SCRIPTY, 15.5, phone=15.0, email=16.0),
                 laureate(FORMULAIC, 15.5, phone=16.0, email=15.0)),
        category(2026, "energie", "Fournisseur d'énergie", ENERGY_SECTOR, "below_threshold", 4),
        category(2026, "mutuelle", "Mutuelle", BANK_SECTOR, "too_few", 2),
        category(2026, "vad", TEMPLATE, SHOP_SECTOR, "laureate", 3,
                 laureate(ARABIC, 14.005, phone=14.0, email=14.02)),
        category(2026, "cafe", "Café-restaurant", SHOP_SECTOR, "laureate", 6,
                 laureate(CAFE, 12.0, phone=12.0, email=12.0)),
        category(2026, "images", "Images", SHOP_SECTOR, "laureate", 3,
                 laureate(IMGY, 13.0, phone=13.0, email=13.0)),
    )  # fmt: skip
    return PublicEdition(
        year=2026,
        campaign_start=date(2025, 5, 12),
        campaign_end=date(2025, 7, 18),
        proclamation=datetime(2025, 10, 9, 20, 0, tzinfo=PARIS_SUMMER),
        logo_valid_until=date(2026, 9, 30),
        threshold=12.0,
        min_tested=3,
        archive=False,
        channels=(PHONE, EMAIL),
        categories=cats,
        aggregates=None,
        tests_run=225 * 27,
        companies_tested=27,
    )


def edition_2014() -> PublicEdition:
    cats = (
        category(2014, "banque", "Banque", BANK_SECTOR, "laureate", None,
                 laureate(BANK, None)),
        category(2014, "mutuelle", "Mutuelle", BANK_SECTOR, "laureate", None,
                 laureate(OLD, 14.2), laureate(MINUS, 14.2)),
        category(2014, "energie", "Fournisseur d'énergie", ENERGY_SECTOR, "no_laureate", None),
    )  # fmt: skip
    return PublicEdition(
        year=2014,
        campaign_start=date(2013, 5, 13),
        campaign_end=date(2013, 7, 19),
        proclamation=datetime(2013, 10, 10, 20, 0, tzinfo=PARIS_SUMMER),
        logo_valid_until=date(2014, 9, 30),
        threshold=11.5,
        min_tested=3,
        archive=True,
        channels=(),
        categories=cats,
        aggregates=None,
        tests_run=0,
        companies_tested=0,
    )


def public_site(*editions: PublicEdition) -> PublicSite:
    editions = editions or (edition_2026(), edition_2014())
    winners = {
        lau.company.slug: lau.company for e in editions for c in e.categories for lau in c.laureates
    }
    used = {c.sector.slug for e in editions for c in e.categories}
    return PublicSite(
        editions=tuple(editions),
        sectors=tuple(s for s in (BANK_SECTOR, ENERGY_SECTOR, SHOP_SECTOR) if s.slug in used),
        companies=tuple(sorted(winners.values(), key=lambda c: sort_key(c.name))),
        demo=True,
        as_of=datetime(2026, 1, 15, 12, 0, tzinfo=UTC),
    )


def archive_edition(year: int, *categories: PublicCategory) -> PublicEdition:
    """An archive edition (laureates only) proclaimed in October of the year before."""
    return PublicEdition(
        year=year,
        campaign_start=date(year - 1, 5, 13),
        campaign_end=date(year - 1, 7, 19),
        proclamation=datetime(year - 1, 10, 10, 20, 0, tzinfo=PARIS_SUMMER),
        logo_valid_until=date(year, 9, 30),
        threshold=12.0,
        min_tested=3,
        archive=True,
        channels=(),
        categories=categories,
        aggregates=None,
        tests_run=0,
        companies_tested=0,
    )


def banque(year: int, *laureates: Laureate) -> PublicCategory:
    """The « Banque » category of an archive `year`; no laureate gives status no_laureate."""
    status = "laureate" if laureates else "no_laureate"
    return category(year, "banque", "Banque", BANK_SECTOR, status, None, *laureates)


def mutuelle(year: int, *laureates: Laureate) -> PublicCategory:
    status = "laureate" if laureates else "no_laureate"
    return category(year, "mutuelle", "Mutuelle", BANK_SECTOR, status, None, *laureates)


def gap_site() -> PublicSite:
    """Archive editions 2010–2018 where categories skip 2013.

    Banque: Exemple Banque wins 2010, 2011 and 2012, the category is absent in 2013,
    Exemple Banque wins again in 2014, nobody in 2015, Ancienne Mutuelle in 2016, Exemple
    Banque in 2017 and 2018. Mutuelle: -2 Assurances in 2012, absent in 2013, Ancienne
    Mutuelle in 2014 (a succession across the gap), Exemple Banque in 2015.
    """
    editions = [
        archive_edition(2018, banque(2018, laureate(BANK, 17.0))),
        archive_edition(2017, banque(2017, laureate(BANK, 16.5))),
        archive_edition(2016, banque(2016, laureate(OLD, 15.0))),
        archive_edition(2015, banque(2015), mutuelle(2015, laureate(BANK, 14.0))),
        archive_edition(
            2014, banque(2014, laureate(BANK, 15.5)), mutuelle(2014, laureate(OLD, 14.1))
        ),
        archive_edition(
            2013, category(2013, "energie", "Énergie", ENERGY_SECTOR, "no_laureate", None)
        ),
        archive_edition(
            2012, banque(2012, laureate(BANK, 16.0)), mutuelle(2012, laureate(MINUS, 13.0))
        ),
        archive_edition(2011, banque(2011, laureate(BANK, 15.0))),
        archive_edition(2010, banque(2010, laureate(BANK, 14.5))),
    ]
    return public_site(*editions)


@functools.cache
def fixture_outputs():
    """`site_outputs(public_site(), SITE_URL)`, made once per run for the tests that only
    read it (a tenth of a second of CPU each time, a dozen times): never change it."""
    from escda_site.outputs.site import site_outputs

    return site_outputs(public_site(), SITE_URL)
