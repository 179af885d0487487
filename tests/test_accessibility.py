"""The accessibility statement (RGAA): its state comes from portal.yaml's audit, capped by
what the package knows, and never claims more; the page has every part the RGAA asks for;
the certificates' untagged PDFs are offered with their HTML alternative."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import yaml

from escda_site.inputs.model import Accessibility
from escda_site.inputs.portal import load_portal
from escda_site.inputs.problems import Problems
from escda_site.outputs.site import site_outputs
from escda_site.public import accessibility, urls

from factories import SITE_URL, fixture_outputs, public_site

AUDIT = {"audit_date": date(2026, 11, 2), "auditor": "Cabinet A11y"}


@pytest.mark.parametrize(
    ("acc", "expected"),
    [
        (Accessibility(), "non conforme"),  # no audit: the RGAA's rule
        (Accessibility(**AUDIT, audit_rate=49.5), "non conforme"),
        (Accessibility(**AUDIT, audit_rate=80), "partiellement conforme"),
        # Even a perfect audit cannot outweigh the untagged certificates the package knows.
        (Accessibility(**AUDIT, audit_rate=100), "partiellement conforme"),
    ],
)
def test_the_state_never_claims_more_than_is_shown(acc, expected):
    assert accessibility.state(acc) == expected
    assert accessibility.footer_label(acc) == f"Accessibilité : {expected}"


def _page(site=None) -> str:
    """The accessibility statement of `site`, else of the factories' public site."""
    outputs = fixture_outputs() if site is None else site_outputs(site, SITE_URL)
    pages = dict(outputs.pages)
    return pages[urls.source(urls.accessibility())]


def test_the_statement_has_every_part_the_rgaa_asks_for():
    page = _page()
    for part in (
        "# Déclaration d'accessibilité",
        "## État de conformité",
        "Ce portail est **non conforme**",
        "aucun audit de conformité au RGAA n'a encore été réalisé",
        "## Pages testées",  # no audit: nothing was audited
        "## Non-conformités",
        "PDF balisés",
        "## Dérogations pour charge disproportionnée",
        "## Retour d'information et contact",
        "## Voies de recours",
        "Défenseur des droits",
        "Libre réponse 71120, 75342 Paris CEDEX 07",
    ):
        assert part.replace("## ", "") in page, part
    for check in (*accessibility.CHECKS, accessibility.KEYBOARD):
        assert check in html.unescape(page)
    for _, target in accessibility.audited_sample(public_site()):
        assert f"]({urls.relative(urls.accessibility(), target, True)})" in page, target


def test_an_audit_and_the_organisers_facts_are_stated():
    acc = Accessibility(
        **AUDIT,
        audit_rate=82.5,
        derogations=("Les archives scannées avant 2010",),
        non_conformities=("Le plan du site manque",),
        contact="a11y@organisateur.example",
    )
    page = _page(replace(public_site(), accessibility=acc))
    assert "Ce portail est **partiellement conforme**" in page
    assert "réalisé le 2\u00a0novembre 2026 par Cabinet A11y révèle que 82,5 % des critères" in page
    assert "- Les archives scannées avant 2010" in page
    assert "- Le plan du site manque" in page
    assert 'href="mailto:a11y@organisateur.example"' in page
    assert "## Échantillon audité" in page and "## Pages testées" not in page


def test_the_statement_is_dated_by_the_last_audit_never_by_the_build():
    later = datetime(2027, 3, 15, 12, tzinfo=UTC)  # a daily rebuild, months after the audit
    acc = Accessibility(**AUDIT, audit_rate=90)
    audited = replace(public_site(), as_of=later, accessibility=acc)
    page = _page(audited)
    assert "établie le 2\u00a0novembre 2026, date du dernier audit de conformité" in page
    assert "15\u00a0mars 2027" not in page
    page = _page(replace(public_site(), as_of=later))
    assert "Aucun audit de conformité n'ayant été réalisé" in page
    assert "ne porte pas de date d'audit" in page and "établie le" not in page


def test_every_certificate_link_offers_the_accessible_html_page():
    pages = dict(fixture_outputs().pages)
    page = pages[urls.source(urls.category(2026, "banque"))]
    links = page.count("-certificat.pdf")
    assert links and page.count('(PDF non balisé ; <a href="./">version accessible') == links


def _portal(tmp_path, block) -> tuple[Accessibility, list[str]]:
    (tmp_path / "portal.yaml").write_text(yaml.safe_dump({"accessibility": block}), "utf-8")
    problems = Problems()
    portal = load_portal(tmp_path, problems)
    return portal.accessibility, [str(p) for p in problems.items]


def test_portal_yaml_accessibility_block_is_validated(tmp_path):
    acc, found = _portal(
        tmp_path,
        {
            "audit": {"date": "2026-11-02", "auditor": "Cabinet A11y", "rate": 82.5},
            "derogations": ["Archives"],
            "contact": "a11y@organisateur.example",
        },
    )
    assert found == []
    assert (acc.audit_rate, acc.audit_date, acc.derogations) == (
        82.5,
        date(2026, 11, 2),
        ("Archives",),
    )
    acc, found = _portal(
        tmp_path,
        {
            "audit": {"date": "2026-11-02", "auditor": "X", "rate": 120},
            "derogations": [["not", "a text"]],
            "contact": "pas une adresse",
            "etat": "totalement conforme",
        },
    )
    assert acc == Accessibility()
    assert sorted(found) == [
        "portal.yaml: accessibility.audit.rate: must be a percentage, 0 to 100, got 120.0",
        "portal.yaml: accessibility.contact: must be an e-mail address, got 'pas une adresse'",
        "portal.yaml: accessibility.derogations[0]: must be a text of one line",
        "portal.yaml: accessibility.etat: unknown key (audit, non_conformities, derogations…)",
    ]


def test_the_built_site_reads_the_organisers_accessibility_facts(tmp_path):
    # `escda build` goes through the scoring pipeline, not `load_dataset`: it must carry
    # portal.yaml's audit too, or the published statement ignores it.
    from escda_site.scoring.pipeline import load_and_score

    from minidata import company, write

    root = write(
        tmp_path / "data",
        {
            "banque": [
                company("alpha", [(4, 4), (2, 3)], [7]),
                company("beta", [(4, 4), (4, 4)], [10]),
                company("gamma", [(1, 2), (3, 4)], [5]),
            ]
        },
    )
    block = {"audit": {"date": "2026-11-02", "auditor": "Cabinet A11y", "rate": 82.5}}
    (root / "portal.yaml").write_text(yaml.safe_dump({"accessibility": block}), "utf-8")
    dataset, _, _ = load_and_score(root)
    assert (dataset.accessibility.audit_rate, dataset.accessibility.auditor) == (
        82.5,
        "Cabinet A11y",
    )
