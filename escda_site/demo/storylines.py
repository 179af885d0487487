"""The storylines the demo data engineers (scenario=True), and their fixed companies."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Storylines:
    """Where the engineered facts live; "last" is the last full edition (2027 by default).

    Each applies only when its categories and editions exist in the data set asked for.
    """

    # Laureate of its category in each of the last 3 full editions, not the year before.
    streak: tuple[str, str] = ("banque", "banque-horizon")
    # (category, laureate the year before the last, the company that takes its title).
    dethroned: tuple[str, str, str] = ("operateur-telecom", "telecom-alize", "nacre-mobile")
    # Only in the last edition (and laureate: the double winner).
    new_category: str = "e-commerce"
    # (company, its two categories): laureate of both in the last edition.
    double: tuple[str, tuple[str, str]] = ("comptoir-boreal", ("vente-a-distance", "e-commerce"))
    # (category, two participants with identical tests): laureates ex aequo in the last.
    ex_aequo: tuple[str, str, str] = (
        "grande-distribution",
        "marche-opale",
        "hypermarches-du-cedre",
    )
    # (category, benchmark, laureate): the benchmark beats every participant in the last.
    benchmark_above: tuple[str, str, str] = (
        "fournisseur-energie",
        "societe-lumiere-energie",
        "sirocco-energies",
    )
    # Best participant below the threshold in the last edition.
    no_laureate: str = "assurance-auto"
    # No laureate the year before the last, a laureate again in the last.
    no_laureate_before: str = "immobilier"
    # Fewer than min_tested companies tested in the last edition: no election.
    too_few: str = "transport-voyageurs"


STORYLINES = Storylines()

# Fixed companies of the storylines: (name, categories, role, long-run level /20).
_STORY_COMPANIES: tuple[tuple[str, tuple[str, ...], str, float], ...] = (
    ("Banque Horizon", ("banque",), "participant", 16.0),
    ("Télécom Alizé", ("operateur-telecom",), "participant", 15.0),
    ("Nacre Mobile", ("operateur-telecom",), "participant", 14.0),
    ("Comptoir Boréal", ("vente-a-distance", "e-commerce"), "participant", 15.0),
    ("Marché Opale", ("grande-distribution",), "participant", 14.5),
    ("Hypermarchés du Cèdre", ("grande-distribution",), "participant", 14.5),
    ("Société Lumière Énergie", ("fournisseur-energie",), "benchmark", 17.0),
    ("Sirocco Énergies", ("fournisseur-energie",), "participant", 14.5),
)


@dataclass
class _Plan:
    """Engineered outcome of one category in one edition."""

    required: list[tuple[str, str, float]] = field(default_factory=list)  # slug, role, target
    cap: float | None = None  # other participants' targets stay below this
    count: int | None = None  # exact number of tested companies (all participants)
    laureates: tuple[str, ...] | None = None  # expected; () means no laureate
    tie: tuple[str, str] | None = None  # (model, copy): the copy gets identical tests
    above: str | None = None  # benchmark expected above every participant
    excluded: tuple[str, ...] = ()  # may not be laureate (archive) or enter


def plans(
    full: list[int],
    archive_years: list[int],
    category_sets: dict[int, list[tuple[str, str, str, tuple[str, ...]]]],
    pools: dict,
) -> dict[tuple[int, str], _Plan]:
    """The engineered outcome of each (edition, category) of `STORYLINES` that exists.

    `full` and `archive_years` are the editions' years, `category_sets` each edition's
    categories, `pools` each category's (participants, benchmarks) companies.
    """
    s = STORYLINES
    plans: dict[tuple[int, str], _Plan] = {}

    def add(year: int | None, cat: str, plan: _Plan) -> None:
        if year is not None and any(c[0] == cat for c in category_sets.get(year, [])):
            plans[(year, cat)] = plan

    last = full[-1] if full else None
    before = full[-2] if len(full) > 1 else None

    cat, champion = s.streak
    run = full[-3:]
    for year in run:
        add(year, cat, _Plan([(champion, "participant", 16.8)], cap=14.0, laureates=(champion,)))
    if run:
        previous = run[0] - 1
        if previous in archive_years:
            add(previous, cat, _Plan(excluded=(champion,)))
        elif previous in full:
            rival = pools[cat][0][1].slug
            add(
                previous,
                cat,
                _Plan(
                    [(rival, "participant", 15.8), (champion, "participant", 13.2)],
                    cap=14.5,
                    laureates=(rival,),
                ),
            )

    cat, holder, challenger = s.dethroned
    if before is not None:
        add(
            before,
            cat,
            _Plan(
                [(holder, "participant", 16.0), (challenger, "participant", 13.6)],
                cap=13.0,
                laureates=(holder,),
            ),
        )
        add(
            last,
            cat,
            _Plan(
                [(challenger, "participant", 16.4), (holder, "participant", 14.2)],
                cap=13.0,
                laureates=(challenger,),
            ),
        )

    company, (first, second) = s.double
    add(last, first, _Plan([(company, "participant", 16.2)], cap=13.8, laureates=(company,)))
    add(last, second, _Plan([(company, "participant", 15.8)], cap=13.8, laureates=(company,)))

    cat, model, copy = s.ex_aequo
    add(
        last,
        cat,
        _Plan(
            [(model, "participant", 15.4), (copy, "participant", 15.4)],
            cap=13.6,
            laureates=(model, copy),
            tie=(model, copy),
        ),
    )

    cat, benchmark, laureate = s.benchmark_above
    add(
        last,
        cat,
        _Plan(
            [(benchmark, "benchmark", 17.6), (laureate, "participant", 14.8)],
            cap=13.2,
            laureates=(laureate,),
            above=benchmark,
        ),
    )

    add(last, s.no_laureate, _Plan(cap=10.6, laureates=()))

    if before is not None and s.no_laureate_before in pools:
        add(before, s.no_laureate_before, _Plan(cap=10.6, laureates=()))
        comeback = pools[s.no_laureate_before][0][0].slug
        add(
            last,
            s.no_laureate_before,
            _Plan([(comeback, "participant", 15.2)], cap=13.5, laureates=(comeback,)),
        )

    add(last, s.too_few, _Plan(count=2))
    return plans
