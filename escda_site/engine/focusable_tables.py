"""A Python-Markdown extension: every table the Markdown makes can take the keyboard's focus.

Material lets a table wider than a phone scroll sideways, and a keyboard user can scroll
it only if it takes focus (axe: scrollable-region-focusable). Tables come from the pages'
Markdown, which cannot give them attributes: the attribute is set when Python-Markdown
builds the table, for any engine that reads `markdown_extensions` from mkdocs.yml (the
plugin's build and the exported tree alike), rather than by rewriting rendered HTML.

    markdown_extensions:
      - escda_site.engine.focusable_tables
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class _FocusableTables(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            table.set("tabindex", "0")


class FocusableTables(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After the block parsers made the tables, before the inline patterns (priority 20).
        md.treeprocessors.register(_FocusableTables(md), "escda_focusable_tables", 25)


def makeExtension(**kwargs: object) -> FocusableTables:  # noqa: N802 - Python-Markdown's name
    return FocusableTables(**kwargs)
