"""The open-data page, `donnees/index.md`: the files, their fields and formats, the licence.

Its examples are cells of a published row, as the CSV file writes them, never made up; its
words are in templates/pages/opendata.md.j2.
"""

from __future__ import annotations

import re
from datetime import date

from markupsafe import Markup

from escda_site.inputs.columns import channel_columns
from escda_site.outputs.opendata.fields import (
    CATEGORY_COLUMNS,
    CATEGORY_STATUS_FIELDS,
    FIELDS,
    LICENCE,
    LICENCE_URL,
    REASONS,
    SCHEMA_HISTORY,
    Field,
)
from escda_site.outputs.opendata.rows import (
    Row,
    channel_list,
    channel_order,
    csv_cell,
    laureate_rows,
)
from escda_site.outputs.templating import render
from escda_site.public import urls
from escda_site.public.view import PublicSite
from escda_site.text import frformat
from escda_site.text.clean import md_text


def _sample(site: PublicSite) -> Row | None:
    """A published row to draw the page's examples from, with marks when possible."""
    columns = channel_columns(site.editions)
    for edition in site.editions:
        channel_ids = channel_order([edition])
        rows = laureate_rows(edition, "…/", channel_ids, columns)
        if channel_ids:
            rows = [r for r in rows if r[columns[channel_ids[0]]] is not None] or rows
        rows = [r for r in rows if r["note"] is not None] or rows
        if rows:
            return rows[0]
    return None


# A field named in another field's meaning, in Markdown code.
_CODE = re.compile(r"`([^`]+)`")


def _name(name: str) -> str:
    """A field or column name in a table cell: code that may break after an underscore
    (`<wbr>`) on a phone, and nowhere else: never inside a word (escda.css)."""
    return "<code>" + "_<wbr>".join(md_text(part) for part in name.split("_")) + "</code>"


def _example(sample: Row | None, field: str) -> str:
    if sample is None:
        return "—"
    if field == "note_<canal>":
        field = next((k for k in sample if k.startswith("note_")), "")
    value = csv_cell(sample.get(field))
    # An address may break after a slash on a phone, rather than widen the table.
    return md_text(value).replace("/", "/<wbr>") if value else "(vide)"


def _meaning(text: str) -> Markup:
    """A field's meaning, with the field names it cites as table-cell code (`_name`)."""
    return Markup(_CODE.sub(lambda m: _name(m.group(1)), text))


def _field(f: Field, sample: Row | None) -> dict[str, Markup]:
    """A row of a field table: cells already made for a table cell (HTML and Markdown)."""
    return {
        "name": Markup(_name(f.name)),
        "type": Markup(f.type),
        "meaning": _meaning(f.meaning),
        "example": Markup(_example(sample, f.name)),
    }


def opendata_page(site: PublicSite) -> str:
    """Markdown of `donnees/index.md`; links are relative to that page."""
    sample = _sample(site)
    described = {f.name: f for f in (*FIELDS, *CATEGORY_STATUS_FIELDS)}
    channels = channel_list(list(site.editions), channel_columns(site.editions))
    return render(
        "opendata.md.j2",
        site=site,
        here=urls.opendata_page(),
        sample=sample,
        mark=Markup(_example(sample, "note")) if sample and sample["note"] is not None else None,
        fields=[_field(f, sample) for f in FIELDS],
        category_fields=[_field(described[name], sample) for name in CATEGORY_COLUMNS],
        # Channel ids and labels come from the organisers' files: escaped like any name.
        channels=[{"column": Markup(_name(c["colonne"])), "label": c["libelle"]} for c in channels],
        reasons=list(REASONS.values()),
        versions=[
            {
                "version": v.version,
                "day": frformat.day(date.fromisoformat(v.date)),
                "changes": Markup(" ".join(_meaning(c) for c in v.changes)),
            }
            for v in SCHEMA_HISTORY
        ],
        licence=LICENCE,
        licence_url=LICENCE_URL,
    )
