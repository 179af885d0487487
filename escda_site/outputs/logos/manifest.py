"""The manifest of official files: every laureate file the build published, by SHA-256.

A reader who finds a logo on a poster, or a certificate in an e-mail, has a file, not a
name. The manifest (`/logos/manifeste.json`) lists each published file of each title —
PNG logos, vector logos, certificate, press kit — with its SHA-256, its company, category,
edition and logo validity, so that the file can be checked by its bytes: in the browser on
`/logo/` (assets/file-check.js) or offline with `escda verify`. Only public titles are
listed: an embargoed edition's files stay out of it until its proclamation, in a preview
too. The same bytes may prove several titles (ex aequo laureates share their logos).

This module both writes the format and reads it back, so that the two cannot drift.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from escda_site.cache.entries import named_digest
from escda_site.outputs.logos.paths import (
    certificate_path,
    kit_path,
    logo_path,
    title_url,
    vector_path,
)
from escda_site.public import urls
from escda_site.public.sentences import laureate_name
from escda_site.public.view import PublicSite, Title
from escda_site.text import frformat
from escda_site.text.clean import clean

FORMAT = "escda-manifeste-1"

# What each file of a title is, as the manifest names it, and where it lives.
_KINDS = {
    "logo PNG 256 px": lambda t: logo_path(t, urls.LOGO_SIZES["web"]),
    "logo PNG 2048 px": lambda t: logo_path(t, urls.LOGO_SIZES["print"]),
    "logo SVG": lambda t: vector_path(t, False, "svg"),
    "logo PDF": lambda t: vector_path(t, False, "pdf"),
    "logo SVG noir": lambda t: vector_path(t, True, "svg"),
    "logo PDF noir": lambda t: vector_path(t, True, "pdf"),
    "certificat PDF": certificate_path,
    "kit presse ZIP": kit_path,
}


def sha256(content: Path | bytes | str) -> str:
    """The SHA-256 of a file's bytes (a cached file, or content held in memory)."""
    if isinstance(content, Path):
        digest = hashlib.sha256()
        with content.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


def _published_digest(content: Path | bytes | str) -> str:
    """The digest of a published file: a drawn file of the store carries its verified
    digest in its name and is not read again (re-reading 500 MB of logos cost seconds on
    every `escda serve` rebuild). Never for a file someone hands in (`escda verify`)."""
    named = named_digest(content) if isinstance(content, Path) else None
    return named or sha256(content)


def _entry(title: Title, kind: str, path: str, digest: str, site_url: str) -> dict:
    return {
        "fichier": "/" + path,
        "sha256": digest,
        "type": kind,
        "entreprise": clean(laureate_name(title.laureate)),
        "entreprise_slug": title.laureate.company.slug,
        "categorie": clean(title.category.name),
        "categorie_slug": title.category.slug,
        "edition": title.edition.year,
        "valable_du": title.valid_from.isoformat(),
        "valable_jusqu_au": title.valid_until.isoformat(),
        "page_de_preuve": title_url(title, site_url),
    }


def manifest(
    site: PublicSite, site_url: str, files: Iterable[tuple[str, Path | bytes | str]]
) -> dict:
    """The manifest of `files` (site path, content) that belong to a public title."""
    published: Mapping[str, Path | bytes | str] = dict(files)
    entries = []
    for title in site.titles():
        if title.edition.embargoed:  # a preview's unproclaimed edition: not published yet
            continue
        for kind, where in _KINDS.items():
            path = where(title)
            if path in published:
                entries.append(
                    _entry(title, kind, path, _published_digest(published[path]), site_url)
                )
    entries.sort(key=lambda e: e["fichier"])
    head: dict = {"format": FORMAT}
    if site.demo:
        head["donnees_de_demonstration"] = True
    return head | {"site": site_url, "fichiers": entries}


def manifest_file(
    site: PublicSite, site_url: str, files: Iterable[tuple[str, Path | bytes | str]]
) -> tuple[str, str]:
    """`/logos/manifeste.json`: one entry per line, so that a change reads as a short diff."""
    data = manifest(site, site_url, files)
    rows = ",\n".join(json.dumps(e, ensure_ascii=False) for e in data["fichiers"])
    head = json.dumps({k: v for k, v in data.items() if k != "fichiers"}, ensure_ascii=False)
    return urls.logo_manifest(), head[:-1] + ', "fichiers": [\n' + rows + "\n]}\n"


# --- reading it back (`escda verify`) -----------------------------------------------------


class ManifestError(ValueError):
    """A manifest that cannot be read: not JSON, or not in this format."""


@dataclass(frozen=True)
class Manifest:
    site: str  # the address of the site that published it
    by_hash: dict[str, list[dict]]  # its entries by SHA-256


def read_manifest(text: str, where: str) -> Manifest:
    """A manifest's entries by SHA-256; `where` names it in errors."""
    try:
        data = json.loads(text)
    except ValueError as err:
        raise ManifestError(f"{where}: not a JSON file ({err})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ManifestError(f"{where}: not a manifest of official files ({FORMAT})")
    by_hash: dict[str, list[dict]] = {}
    for entry in data.get("fichiers", []):
        by_hash.setdefault(entry["sha256"], []).append(entry)
    return Manifest(str(data.get("site", "")), by_hash)


State = Literal["before", "valid", "expired"]


def state_on(entry: dict, day: date) -> State:
    """Whether the entry's logo is not yet valid, valid or expired on `day` (as Title.state_on,
    and as assets/today.js in the reader's browser)."""
    if day.isoformat() < entry["valable_du"]:
        return "before"
    return "valid" if day.isoformat() <= entry["valable_jusqu_au"] else "expired"


def official_text(entry: dict, day: date) -> str:
    """« publié par le portail : Banque Horizon, Banque 2027, logo valable du … au … », and
    its state on `day`: what the browser's drop zone says too."""
    start = frformat.day(date.fromisoformat(entry["valable_du"]))
    end = frformat.day(date.fromisoformat(entry["valable_jusqu_au"]))
    state = {
        "valid": "valable",
        "expired": "expiré",
        "before": "pas encore valable",
    }[state_on(entry, day)]
    return (
        f"publié par le portail : {entry['entreprise']}, {entry['categorie']} {entry['edition']}, "
        f"logo valable du {start} au {end} ({entry['type']}) ; au {frformat.day(day)} : "
        f"logo {state} — {entry['page_de_preuve']}"
    )


NOT_OFFICIAL = (
    "ce fichier n'a pas été publié par le portail : aucun de ses fichiers n'a cette "
    "empreinte SHA-256. Une copie modifiée, recadrée, compressée ou ré-enregistrée n'a plus "
    "la même empreinte, même si elle ressemble à l'original ; pour savoir si une entreprise "
    "peut afficher le logo, utilisez le vérificateur par nom de la page"
)


def not_official_text(manifest: Manifest, digest: str) -> str:
    """What `escda verify` says of a file that is in no entry of `manifest`."""
    return f"{NOT_OFFICIAL} {manifest.site}{urls.logo_page()} (sha256 {digest})"
