"""The institutional pages: about, rules in short, partners, contact, legal notice and
personal data. Their facts (publisher, director, host, address, partners) come from the
`organiser` block of portal.yaml; without it the pages say what is missing."""

from __future__ import annotations

from escda_site.outputs.templating import render
from escda_site.public import accessibility, urls
from escda_site.public.view import PublicSite

# (template, URL, title: the page's and its menu label), in the order of the « À propos » menu.
PAGES = (
    ("about.md.j2", urls.about(), "À propos du concours"),
    ("rules.md.j2", urls.rules(), "Le règlement en bref"),
    ("partners.md.j2", urls.partners(), "Partenaires"),
    ("contact.md.j2", urls.contact(), "Contact"),
    ("legal_notice.md.j2", urls.legal_notice(), "Mentions légales"),
    ("personal_data.md.j2", urls.personal_data(), "Données personnelles"),
    ("accessibility.md.j2", urls.accessibility(), "Accessibilité"),
)

# The pages a French site links from every footer, in the footer's order, named as in the
# menu; the rules go by a shorter name there.
_FOOTER_NAMES = {urls.rules(): "Règlement"}
FOOTER = tuple(
    (_FOOTER_NAMES.get(url, label), url)
    for footer_url in (urls.legal_notice(), urls.personal_data(), urls.rules(), urls.contact())
    for _, url, label in PAGES
    if url == footer_url
)


def institutional_pages(site: PublicSite) -> list[tuple[str, str]]:
    """Every institutional page, as (docs-relative path, markdown)."""
    latest = site.latest
    context = {
        "org": site.organiser,
        "latest": latest,
        "tests_per_company": sum(ch.tests for ch in latest.channels) if latest else 0,
        "meta": {},  # page_meta decides the front matter (preview: noindex)
        # The accessibility statement (public/accessibility.py decides what it claims).
        "acc": site.accessibility,
        "a11y_state": accessibility.state(site.accessibility),
        "rgaa": accessibility.RGAA,
        "checks": accessibility.CHECKS,
        "keyboard": accessibility.KEYBOARD,
        "known": (*accessibility.KNOWN_NON_CONFORMITIES, *site.accessibility.non_conformities),
        "sample": accessibility.audited_sample(site),
        # No build date: the statement is dated by the organiser's last audit, or says none
        # was made (a date that moved with every daily rebuild claimed a fresh review).
        "contact": site.accessibility.contact or (site.organiser.email if site.organiser else None),
    }
    return [
        (urls.source(url), render(template, site=site, here=url, title=label, **context))
        for template, url, label in PAGES
    ]
