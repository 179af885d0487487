"""What each family of generated pages reads of the public view, and a digest of it.

A category page reads its own category, the same category in the other editions (its
history, its neighbours) and which editions exist; not the other categories, nor the
companies and sectors it does not name. Each page of such a family is generated from its
*slice*, a `PublicSite` holding only that, in every build: so the page is a function of
its slice, and the slice's `fingerprint` is a key that cannot miss an input. `escda serve`
keeps each family's pages under that key (`GeneratedPages`), and a build keeps them in the
cache for the next (`outputs.site`): a score edited
in one edition makes again that edition's pages and the pages of the categories it
changed, a renamed company the pages that name it; the others keep their Markdown, so
their renders are kept too (engine/renders.py).

A slice that left out something a page does read would change the page: the golden files
and tests/test_slices.py (every page from its slice equals the page from the whole view)
catch it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from escda_site.public.view import PublicCategory, PublicEdition, PublicSite

T = TypeVar("T")


class Slices:
    """The slices of one public view (the narrowed editions each family shares are made
    once: the thousand category pages of an archive share fifty)."""

    def __init__(self, site: PublicSite) -> None:
        self.site = site
        self._editions: dict[tuple[str, str], tuple[PublicEdition, ...]] = {}
        self._groups: dict[str, dict[tuple[int, str], list[PublicCategory]]] = {}

    def category(self, year: int, slug: str) -> PublicSite:
        """A category's result page: that category in every edition, its own edition's
        averages (not the others')."""
        editions = self._narrowed("category", slug)
        return self._slice(
            tuple(
                dataclasses.replace(n, aggregates=e.aggregates) if e.year == year else n
                for e, n in zip(self.site.editions, editions, strict=True)
            )
        )

    def history(self, slug: str) -> PublicSite:
        """A category's history page: that category in every edition."""
        return self._slice(self._narrowed("category", slug))

    def sector(self, slug: str) -> PublicSite:
        """A sector's page: its categories in every edition, and the sector itself."""
        editions = self._narrowed("sector", slug)
        return self._slice(editions, sectors=tuple(s for s in self.site.sectors if s.slug == slug))

    def company(self, slug: str) -> PublicSite:
        """A company's page: the categories it won, and the company itself."""
        editions = self._narrowed("company", slug)
        return self._slice(
            editions, companies=tuple(co for co in self.site.companies if co.slug == slug)
        )

    def edition(self, year: int) -> PublicSite:
        """An edition's palmarès and methodology: that edition whole, and which editions
        exist around it (without their categories)."""
        editions = self._narrowed("none", "")
        return self._slice(
            tuple(
                e if e.year == year else n
                for e, n in zip(self.site.editions, editions, strict=True)
            )
        )

    def _narrowed(self, kind: str, key: str) -> tuple[PublicEdition, ...]:
        """Every edition with only the categories filed under `key` by `kind` (a category's
        slug, its sector's, a laureate's), and no averages."""
        found = self._editions.get((kind, key))
        if found is None:
            groups = self._groups.get(kind)
            if groups is None:
                groups = self._groups[kind] = _grouped(self.site, _KEYS[kind])
            found = self._editions[(kind, key)] = tuple(
                dataclasses.replace(
                    e, categories=tuple(groups.get((e.year, key), ())), aggregates=None
                )
                for e in self.site.editions
            )
        return found

    def _slice(
        self, editions: tuple[PublicEdition, ...], sectors: tuple = (), companies: tuple = ()
    ) -> PublicSite:
        return dataclasses.replace(
            self.site, editions=editions, sectors=sectors, companies=companies
        )


# What files a category under a key, by kind of slice: its keys.
_KEYS: dict[str, Callable[[PublicCategory], Iterable[str]]] = {
    "category": lambda c: (c.slug,),
    "sector": lambda c: (c.sector.slug,),
    "company": lambda c: dict.fromkeys(lau.company.slug for lau in c.laureates),
    "none": lambda c: (),
}


def _grouped(
    site: PublicSite, keys: Callable[[PublicCategory], Iterable[str]]
) -> dict[tuple[int, str], list[PublicCategory]]:
    """The categories of each edition by (year, key), in their order: one pass over them."""
    groups: dict[tuple[int, str], list[PublicCategory]] = {}
    for e in site.editions:
        for c in e.categories:
            for key in keys(c):
                groups.setdefault((e.year, key), []).append(c)
    return groups


class Fingerprints:
    """Digests of the immutable values of the public view, each worked out once.

    A value's digest covers its type, and for the site and its editions every field (not
    what a cached property holds, which the fields determine); other values by
    their `repr`, which names every field of the public view's dataclasses. The
    values are frozen: a digest is kept by the value's identity, and the value with it
    (an identity is unique only while its value lives).
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, bytes]] = {}
        # An edition's own facts (all but its categories and averages), by their values'
        # identities: the narrowed copies of an edition share them (twelve thousand copies
        # of twenty editions in an archive's slices), so they are digested once.
        self._facts: dict[tuple[int, ...], tuple[tuple, bytes]] = {}

    def __call__(self, value: object) -> str:
        return self._digest(value).hex()

    def _digest(self, value: object) -> bytes:
        if value is None or isinstance(value, str | int | float | bool):
            return _leaf(value)
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        h = hashlib.blake2b(type(value).__qualname__.encode(), digest_size=20)
        if isinstance(value, PublicEdition):
            h.update(self._edition_facts(value))
            h.update(self._digest(value.categories))
            h.update(self._digest(value.aggregates))
        elif isinstance(value, PublicSite):
            # Field by field: slices share their editions' and categories' values.
            for f in dataclasses.fields(value):
                h.update(self._digest(getattr(value, f.name)))
        elif isinstance(value, tuple | list):
            for item in value:
                h.update(self._digest(item))
        else:
            # A category, a company, dates…: its repr names every field (none of the public
            # view's values hides one from its repr), ten times quicker than field by field.
            h.update(repr(value).encode("utf-8", "surrogatepass"))
        digest = h.digest()
        self._known[id(value)] = (value, digest)
        return digest

    def _edition_facts(self, edition: PublicEdition) -> bytes:
        facts = tuple(getattr(edition, name) for name in _EDITION_FACTS)
        ids = tuple(map(id, facts))
        known = self._facts.get(ids)
        if known is not None and all(a is b for a, b in zip(known[0], facts, strict=True)):
            return known[1]
        h = hashlib.blake2b(b"facts", digest_size=20)
        for fact in facts:
            h.update(self._digest(fact))
        digest = h.digest()
        self._facts[ids] = (facts, digest)  # the values kept: their identities stay theirs
        return digest


# Every field of an edition but those its slices narrow, in order.
_EDITION_FACTS = tuple(
    f.name for f in dataclasses.fields(PublicEdition) if f.name not in ("categories", "aggregates")
)


def _leaf(value: object) -> bytes:
    data = f"{type(value).__name__}:{value!r}".encode("utf-8", "surrogatepass")
    return len(data).to_bytes(4, "little") + data


class GeneratedPages:
    """Each family's pages kept by the fingerprint of the slice they are made from, for
    the next build of the same process (the rebuilds of `escda serve`).

    One entry per family: its latest key and pages. `made` and `kept` count the families
    of the last build made again and taken as they were.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple[str, object]] = {}
        self.made = self.kept = 0
        # A rebuild focused on one page (engine/serve_focus.py): its source path. Every
        # family of pages not holding it, and every other output, stays as it was.
        self.focus: str | None = None

    def held(self, family: tuple) -> Any:
        """What the previous build made of `family`, when this build is focused on a page
        `family` does not hold (then left as it is); else None."""
        if self.focus is None:
            return None
        known = self._kept.get(family)
        if known is None:
            return None
        value = known[1]
        if isinstance(value, list) and any(
            isinstance(item, tuple) and item[:1] == (self.focus,) for item in value
        ):
            return None
        return value

    def focus_on(self, page: str | None) -> None:
        """Focus the next build on `page` (a source path), or on every page (None)."""
        self.focus = page

    def keep(self, family: tuple, value: object) -> None:
        """`value` is what this build made of `family` (not keyed: for `held` only)."""
        self._kept[family] = ("", value)

    def get(self, family: tuple, key: str, make: Callable[[], T]) -> T:
        known = self._kept.get(family)
        if known is not None and known[0] == key:
            self.kept += 1
            return known[1]  # type: ignore[return-value]
        value = make()
        self._kept[family] = (key, value)
        self.made += 1
        return value

    def begin(self) -> None:
        self.made = self.kept = 0
