"""Each page is made from its slice of the public view (outputs/slices.py), the key under
which `escda serve` keeps it: a slice that left out something its page reads would give
another page, and an edit of that thing would leave the page stale."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from archive_data import AS_OF, write_archive

from escda_site.demo.generate import write_demo_data
from escda_site.outputs.newsletter import site_snippets
from escda_site.outputs.search_data import with_search_data
from escda_site.outputs.site import _families, site_outputs
from escda_site.outputs.slices import GeneratedPages
from escda_site.outputs.structured_data import with_structured_data
from escda_site.public import urls
from escda_site.public.view import PublicSite, public_view
from escda_site.scoring.pipeline import load_and_score

from factories import SITE_URL, public_site


def _whole_view_pages(site: PublicSite) -> dict[str, str]:
    """Every page made from the whole view, as before slices."""
    snippets = lambda: site_snippets(site, SITE_URL)  # noqa: E731
    pages = [page for _, _, make in _families(site, SITE_URL, snippets) for page in make(site)]
    return dict(with_search_data(site, with_structured_data(site, SITE_URL, pages)))


def _scored(root, as_of: str, preview: bool = False) -> PublicSite:
    dataset, results, _ = load_and_score(root)
    return public_view(dataset, results, datetime.fromisoformat(as_of), preview)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, PublicSite]:
    demo = tmp_path_factory.mktemp("demo") / "data"
    write_demo_data(demo, editions=3, archive=2, categories=6, first_year=2023)
    return {
        "fixtures": public_site(),
        # Gap years, missing marks and counts, renamed companies, ex æquo.
        "archive": _scored(write_archive(tmp_path_factory.mktemp("archive") / "data"), AS_OF),
        # Live and archive editions, one under embargo shown in a preview.
        "demo preview": _scored(demo, "2025-06-01T12:00:00+02:00", preview=True),
    }


@pytest.mark.parametrize("name", ["fixtures", "archive", "demo preview"])
def test_every_page_made_from_its_slice_is_the_page_made_from_the_whole_view(sites, name):
    site = sites[name]
    sliced = dict(site_outputs(site, SITE_URL).pages)
    whole = _whole_view_pages(site)
    assert list(sliced) == list(whole)
    differ = [path for path in whole if sliced[path] != whole[path]]
    assert not differ, f"{len(differ)} pages differ, e.g. {differ[:5]}"


def mark_changed(site):
    """`site` with the first laureate of the last edition a hundredth of a mark higher;
    that edition and category (as they were)."""
    e = site.editions[-1]
    c = next(c for c in e.categories if c.laureates)
    lau = replace(c.laureates[0], overall=(c.laureates[0].overall or 15.0) + 0.01)
    changed = replace(c, laureates=(lau, *c.laureates[1:]))
    edition = replace(e, categories=tuple(changed if x is c else x for x in e.categories))
    return replace(site, editions=(*site.editions[:-1], edition)), e, c


def test_a_changed_mark_makes_again_only_the_pages_that_read_it(sites):
    """A laureate's mark changed in one edition: that edition's pages and the pages of the
    category, company and sector it feeds are made again, the others are kept."""
    site = sites["demo preview"]
    kept = GeneratedPages()
    first = site_outputs(site, SITE_URL, kept=kept)
    assert kept.kept == 0
    edited, e, c = mark_changed(site)

    again = site_outputs(edited, SITE_URL, kept=kept)
    assert again.pages == site_outputs(edited, SITE_URL).pages  # as a build from nothing
    made = {path for path, md in again.pages if md != dict(first.pages).get(path)}
    assert urls.source(urls.category(e.year, c.slug)) in made
    others = [x for x in site.editions[0].categories if x.slug != c.slug]
    assert kept.kept > kept.made, (kept.made, kept.kept)
    assert urls.source(urls.category(site.editions[0].year, others[0].slug)) not in made


def test_nothing_changed_nothing_made_again(sites):
    site = sites["archive"]
    kept = GeneratedPages()
    first = site_outputs(site, SITE_URL, kept=kept)
    families = kept.made
    again = site_outputs(site, SITE_URL, kept=kept)
    assert again == first
    assert (kept.made, kept.kept) == (0, families)  # every family, and the data files


def test_a_renamed_sector_makes_again_only_the_snippets_that_name_it(sites, tmp_path, monkeypatch):
    """Under serve, a category's e-mail snippet is kept while its own result and its
    edition's facts are the same: a sector renamed makes again each edition's snippet
    (it lists the sectors) and those of the sector's categories, not the fifty others."""
    from escda_site.cache import Store
    from escda_site.outputs import newsletter

    site = sites["demo preview"]
    store = Store(tmp_path / "cache", lasting=True)
    store.begin()
    newsletter.site_snippets(site, SITE_URL, store)
    e = site.editions[-1]
    sector = e.categories[0].sector
    renamed = replace(sector, name=sector.name + " et Prévoyance")
    edition = replace(
        e,
        categories=tuple(
            replace(c, sector=renamed) if c.sector == sector else c for c in e.categories
        ),
    )
    edited = replace(site, editions=(*site.editions[:-1], edition))
    drawn: list[str] = []
    email_html = newsletter._email_html

    def counted(template: str, **context: object) -> str:
        drawn.append(template)
        return email_html(template, **context)

    monkeypatch.setattr(newsletter, "_email_html", counted)
    again = newsletter.site_snippets(edited, SITE_URL, store)
    store.close()
    named = sum(c.sector == sector for c in e.categories)
    assert len(e.categories) > named
    assert sorted(drawn) == sorted(["edition.html.j2"] + ["category.html.j2"] * named)
    assert again == newsletter.site_snippets(edited, SITE_URL)  # as made from nothing


def test_a_changed_mark_makes_again_only_its_editions_open_data(sites, monkeypatch):
    """Under serve, a score edited in one edition makes again that edition's open-data
    files (and the all-editions ones), not every other edition's."""
    from escda_site.outputs.opendata import files as opendata

    site = sites["demo preview"]
    kept = GeneratedPages()
    site_outputs(site, SITE_URL, kept=kept)
    edited, e, c = mark_changed(site)
    read: list[int] = []
    rows = opendata.laureate_rows

    def counted(edition, *args, **kwargs):
        read.append(edition.year)
        return rows(edition, *args, **kwargs)

    monkeypatch.setattr(opendata, "laureate_rows", counted)
    again = site_outputs(edited, SITE_URL, kept=kept)
    assert read and set(read) == {e.year}, read
    monkeypatch.undo()
    assert again.files == site_outputs(edited, SITE_URL).files  # as made from nothing


def _fake_ensure(self, specs):
    """Every file `ContentCache.ensure` would hand back, named by its spec, none drawn."""
    return {spec: self.directory / f"{spec.key}{spec.suffix}" for spec in specs}


@pytest.mark.parametrize("name", ["fixtures", "archive", "demo preview"])
def test_every_logo_file_planned_from_its_category_slice_is_the_one_planned_from_the_whole_edition(
    sites, name
):
    # A category's logo files are planned (and kept under serve) from its slice of the
    # edition: a slice that left out something they read would give another file.
    from pathlib import Path

    from escda_site.outputs.logos.assets import category_share, category_slice, title_specs
    from escda_site.outputs.logos.badge import badge_spec
    from escda_site.outputs.logos.kit import kit_spec
    from escda_site.public.view import Title

    site = sites[name]
    today = site.as_of.date()
    checked = 0
    for e in site.editions:
        for c in e.categories:
            part = category_slice(e, c)
            assert category_share(part, c, SITE_URL, site.demo) == category_share(
                e, c, SITE_URL, site.demo
            )
            for lau in c.laureates:
                whole, sliced = Title(e, c, lau), Title(part, c, lau)
                specs = title_specs(whole, SITE_URL, site.demo)
                assert title_specs(sliced, SITE_URL, site.demo) == specs
                assert badge_spec(sliced, today, specs["web"]) == badge_spec(
                    whole, today, specs["web"]
                )
                paths = {kind: Path(f"/store/{kind}.bin") for kind in specs}
                assert kit_spec(sliced, SITE_URL, paths, site.demo) == kit_spec(
                    whole, SITE_URL, paths, site.demo
                )
                checked += 1
    assert checked > 0


def test_a_renamed_laureate_plans_again_only_the_logo_files_of_its_categories(
    sites, tmp_path, monkeypatch
):
    """Under serve, a laureate renamed plans again the files of the categories it won
    (their certificates and kits name it), not every title of the editions it is in."""
    from escda_site.cache import Store
    from escda_site.outputs.logos import assets
    from escda_site.outputs.logos.cache import ContentCache

    monkeypatch.setattr(ContentCache, "ensure", _fake_ensure)
    site = sites["archive"]
    store = Store(tmp_path / "cache", lasting=True)
    store.begin()
    assets.build_logo_assets(site, store, SITE_URL)
    company = next(c for c in site.editions[0].categories if c.laureates).laureates[0].company
    renamed = replace(company, name=company.name + " Lumen")

    def named(c):
        laureates = tuple(
            replace(lau, company=renamed) if lau.company == company else lau for lau in c.laureates
        )
        return replace(c, laureates=laureates)

    edited = replace(
        site,
        editions=tuple(
            replace(e, categories=tuple(named(c) for c in e.categories)) for e in site.editions
        ),
    )
    planned: list[str] = []
    title_specs = assets.title_specs

    def counted(title, *args, **kwargs):
        planned.append(title.laureate.company.slug)
        return title_specs(title, *args, **kwargs)

    monkeypatch.setattr(assets, "title_specs", counted)
    again = assets.build_logo_assets(edited, store, SITE_URL)
    store.close()
    won = [
        c
        for e in site.editions
        for c in e.categories
        if company in (x.company for x in c.laureates)
    ]
    assert len(planned) == sum(len(c.laureates) for c in won)
    monkeypatch.setattr(assets, "title_specs", title_specs)
    fresh = Store(tmp_path / "fresh", lasting=True)
    fresh.begin()
    from_nothing = assets.build_logo_assets(edited, fresh, SITE_URL)
    assert [(path, drawn.name) for path, drawn in again.files] == [
        (path, drawn.name) for path, drawn in from_nothing.files
    ]
    fresh.close()


def test_every_fact_of_an_edition_is_in_the_fingerprint_of_its_slices(sites):
    # An edition's own facts are digested once for all its narrowed copies: each must
    # still key them, or an edit of that fact would leave their pages stale.
    import dataclasses

    from escda_site.outputs.slices import Fingerprints

    site = sites["archive"]
    e = site.editions[0]
    narrowed = replace(e, categories=e.categories[:1], aggregates=None)
    fingerprint = Fingerprints()
    before = fingerprint(narrowed)
    assert fingerprint(replace(e, categories=e.categories[:1], aggregates=None)) == before
    other = site.editions[1]
    for field in dataclasses.fields(e):
        if field.name in ("categories", "aggregates"):
            continue
        value = getattr(other, field.name)
        if value == getattr(e, field.name):
            value = not value if isinstance(value, bool) else (value, value)
        changed = replace(narrowed, **{field.name: value})
        assert fingerprint(changed) != before, field.name
