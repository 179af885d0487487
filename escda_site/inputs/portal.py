"""portal.yaml: the portal's own settings (our extension of the data contract).

    demo: true                 # demo data: a banner says the companies are fictitious
    organiser:                 # the facts of the institutional pages (legal notice…)
      name: …                  # the publisher: organiser's legal name
      address: …               # postal address, one line
      email: …                 # contact address
      director: …              # directeur de la publication
      host: …                  # the host's name
      host_address: …          # the host's address
      registration: …          # optional: RCS / SIREN
      partners: [{name, role}] # optional

The file and the block are optional, so that a data folder from the contract alone still
builds; `escda validate` warns when a published build lacks them or still carries the
demo values.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from escda_site.inputs.model import Accessibility, Organiser, Portal
from escda_site.inputs.problems import Problems
from escda_site.inputs.yamldoc import YamlDoc, shown
from escda_site.inputs.yamlread import read_yaml

_FIELDS = ("name", "address", "email", "director", "host", "host_address")
# Values of the bundled demo configuration all carry one of these: reserved domains
# (RFC 2606) and the word « fictif ».
DEMO_MARKERS = (".example", "fictif", "fictive")


# An address as organisers and mail clients write them: no quoted local part, comment or
# internationalised domain (its xn-- form is accepted). Nothing in it can be markup.
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]{1,64}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}"
)


def email_ok(text: str) -> bool:
    """Whether `text` is a plain e-mail address (see _EMAIL), at most 254 characters."""
    return len(text) <= 254 and _EMAIL.fullmatch(text) is not None


def load_portal(root: Path, problems: Problems) -> Portal:
    """portal.yaml checked; the defaults (no demo, no organiser) when it is absent."""
    if not (root / "portal.yaml").exists():
        return Portal()
    doc = read_yaml(root, "portal.yaml", problems)
    if doc is None:
        return Portal()
    y = YamlDoc(problems, "portal.yaml")
    if not isinstance(doc, dict):
        problems.add("portal.yaml", "", "must be a mapping such as {demo: true}")
        return Portal()
    demo = bool(y.get(doc, "demo", "", "bool", default=False))
    return replace(_portal(y, doc, demo), accessibility=load_accessibility(y, doc))


def _portal(y: YamlDoc, doc: dict, demo: bool) -> Portal:
    block = doc.get("organiser")
    if block is None:
        return Portal(demo=demo)
    if not isinstance(block, dict):
        y.error("organiser", "must be a mapping of name, address, email, director, host…")
        return Portal(demo=demo)
    values = {key: y.get(block, key, "organiser", "str") for key in _FIELDS}
    email = values["email"]
    if email is not None and not email_ok(email):
        y.error(
            "organiser.email",
            "must be an e-mail address such as contact@organisateur.fr (letters, digits "
            f"and . _ % + - before the @, a domain name after it), got {shown(email)}",
        )
        values["email"] = None
    registration = y.get(block, "registration", "organiser", "str", default="")
    partners = []
    for i, item in enumerate(y.get(block, "partners", "organiser", "list", default=[]) or []):
        where = f"organiser.partners[{i}]"
        if not isinstance(item, dict):
            y.error(where, "must be a mapping {name, role}")
            continue
        name, role = y.get(item, "name", where, "str"), y.get(item, "role", where, "str")
        if name and role:
            partners.append((name, role))
    if any(v is None for v in values.values()):
        return Portal(demo=demo)
    return Portal(
        demo=demo,
        organiser=Organiser(**values, registration=registration or "", partners=tuple(partners)),
    )


def load_accessibility(y: YamlDoc, doc: dict) -> Accessibility:
    """The optional `accessibility` block, facts of the RGAA statement only the organiser
    knows: `audit: {date, auditor, rate}` (rate: % of applicable RGAA criteria met),
    `non_conformities` and `derogations` (lists of texts), `contact` (an e-mail address).
    What the tests measure is the package's (public/accessibility.py), never stated here."""
    block = doc.get("accessibility")
    if block is None:
        return Accessibility()
    if not isinstance(block, dict):
        y.error("accessibility", "must be a mapping of audit, non_conformities, derogations…")
        return Accessibility()
    for key in set(block) - {"audit", "non_conformities", "derogations", "contact"}:
        y.error(f"accessibility.{key}", "unknown key (audit, non_conformities, derogations…)")
    values: dict = {}
    audit = block.get("audit")
    if audit is not None:
        if not isinstance(audit, dict):
            y.error("accessibility.audit", "must be a mapping {date, auditor, rate}")
        else:
            day = y.get(audit, "date", "accessibility.audit", "date")
            auditor = y.get(audit, "auditor", "accessibility.audit", "str")
            rate = y.get(audit, "rate", "accessibility.audit", "number")
            if rate is not None and not 0 <= rate <= 100:
                y.error("accessibility.audit.rate", f"must be a percentage, 0 to 100, got {rate}")
                rate = None
            if None not in (day, auditor, rate):
                values |= {"audit_date": day, "auditor": auditor, "audit_rate": rate}
    for key in ("non_conformities", "derogations"):
        items = y.get(block, key, "accessibility", "list", default=[]) or []
        texts: list[str] = []
        for i, item in enumerate(items):
            text = y.check(item, "str")
            if text is None:
                y.error(f"accessibility.{key}[{i}]", "must be a text of one line")
            else:
                texts.append(text)
        values[key] = tuple(texts)
    contact = y.get(block, "contact", "accessibility", "str", default=None)
    if contact is not None and not email_ok(contact):
        y.error("accessibility.contact", f"must be an e-mail address, got {shown(contact)}")
        contact = None
    return Accessibility(**values, contact=contact)


def portal_warnings(portal: Portal) -> list[str]:
    """What a published (non-demo) build should not carry: demo facts, or none at all."""
    if portal.demo:
        return []
    if portal.organiser is None:
        return [
            "portal.yaml: no organiser block: the legal notice and contact pages of a "
            "published site need the publisher's name, address, e-mail, director and host"
        ]
    org = portal.organiser
    demo_like = [
        key
        for key in ("name", "address", "email", "director", "host", "host_address")
        if any(marker in getattr(org, key).lower() for marker in DEMO_MARKERS)
    ]
    if demo_like:
        return [
            f"portal.yaml: organiser.{key} still holds a demo value ({getattr(org, key)!r})"
            for key in demo_like
        ]
    return []
