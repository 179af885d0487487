"""A laureate's press kit: every logo file, the certificate, the caption and a usage note.

The zip is deterministic (sorted names, a fixed date, fixed attributes), so the same
inputs give the same bytes, and it is cached like the images, named by the hash of its
members' own hashes and of its texts.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from escda_site.outputs.logos.paths import badge_path, caption, title_url
from escda_site.outputs.logos.roundel import DESIGN_VERSION, SIZES
from escda_site.outputs.templating import package_environment
from escda_site.public.sentences import (
    campaign_text,
    channel_names,
    laureate_name,
    tested_and_candidates,
)
from escda_site.source import source_digest
from escda_site.text.frformat import day, period
from escda_site.text.typography import typeset_text
from escda_site.text.wording import AWARD, AWARD_SHORT, DEMO_STAMP

if TYPE_CHECKING:
    from escda_site.public.view import Title

README = "LISEZ-MOI.txt"
CAPTION = "MENTION-OBLIGATOIRE.txt"


def kit_names(title: Title) -> dict[str, str]:
    """Names of the kit's files, by kind: `web`, `print`, `svg`, `pdf`, `svg-noir`…"""
    year, slug = title.edition.year, title.category.slug
    logo = f"logo-escda-{year}-{slug}"
    return {
        "web": f"{logo}-{SIZES['web']}.png",
        "print": f"{logo}-{SIZES['print']}.png",
        "svg": f"{logo}.svg",
        "pdf": f"{logo}.pdf",
        "svg-noir": f"{logo}-noir.svg",
        "pdf-noir": f"{logo}-noir.pdf",
        "certificat": f"certificat-escda-{year}-{slug}-{title.laureate.company.slug}.pdf",
        "mention": CAPTION,
        "lisez-moi": README,
    }


# The kit's notes are plain text: nothing to escape; their words are in templates/kit/
_TEXT = package_environment("kit", autoescape=False)


def _notepad(text: str) -> str:
    """A kit's note as written: typeset, CRLF line ends (with the BOM the zip adds, read
    correctly by Windows Notepad)."""
    return typeset_text("\r\n".join(text.split("\n"))) + "\r\n"


def caption_file(title: Title, site_url: str) -> str:
    """The caption as a text file of the kit."""
    template = _TEXT.get_template("mention-obligatoire.txt.j2")
    return _notepad(template.render(caption=caption(title, site_url)))


def readme(title: Title, site_url: str, demo: bool = False) -> str:
    """The usage note of a press kit (French, plain text), listing each of its files;
    `demo`: demo data, said on its first line."""
    text = _TEXT.get_template("lisez-moi.txt.j2").render(
        demo=demo,
        demo_stamp=DEMO_STAMP,
        award=AWARD,
        award_short=AWARD_SHORT,
        year=title.edition.year,
        company=laureate_name(title.laureate),  # as proclaimed (and its name today)
        category=title.category.name,
        start=day(title.valid_from),
        validity=period(title.valid_from, title.valid_until),
        tested=tested_and_candidates(title.category),
        campaign=campaign_text(title.edition),
        channels=channel_names(title.edition.channels),
        proof_url=title_url(title, site_url),
        caption=caption(title, site_url),
        names=kit_names(title),
        web=SIZES["web"],
        print_size=SIZES["print"],
        badge_url=f"{site_url.rstrip('/')}/{badge_path(title)}",
    )
    return _notepad(text)


_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: no build time in the kit
_STORED_ALREADY = (".png", ".pdf")  # compressed already: a low level costs nothing


def zip_files(entries: dict[str, bytes]) -> bytes:
    """A deterministic zip of `entries` (name -> content), names sorted."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # else it depends on the OS that builds the site
            info.external_attr = 0o644 << 16
            level = 1 if name.endswith(_STORED_ALREADY) else 9
            zf.writestr(info, entries[name], compresslevel=level)
    return out.getvalue()


@dataclass(frozen=True)
class KitSpec:
    """A press kit to zip: cached files by name in the kit, and texts by name."""

    files: tuple[tuple[str, str], ...]  # (name in the kit, cached file)
    texts: tuple[tuple[str, str], ...]  # (name in the kit, text)
    suffix = ".zip"

    @property
    def key(self) -> str:
        # The cached files are named by their content's hash: their stems stand for them.
        inputs = {
            "kit": DESIGN_VERSION,
            "code": source_digest("*.py"),  # the notes' wording and the zip's layout
            "files": [(name, Path(path).stem) for name, path in self.files],
            "texts": self.texts,
        }
        return hashlib.sha256(json.dumps(inputs).encode()).hexdigest()

    def draw(self) -> bytes:
        entries = {name: Path(path).read_bytes() for name, path in self.files}
        entries |= {name: text.encode("utf-8-sig") for name, text in self.texts}
        return zip_files(entries)


def kit_spec(title: Title, site_url: str, cached: dict[str, Path], demo: bool = False) -> KitSpec:
    """The kit of `title`, from its cached files by kind (`web`, `svg`, `certificat`…)."""
    names = kit_names(title)
    return KitSpec(
        files=tuple((names[kind], str(path)) for kind, path in sorted(cached.items())),
        texts=(
            (CAPTION, caption_file(title, site_url)),
            (README, readme(title, site_url, demo)),
        ),
    )
