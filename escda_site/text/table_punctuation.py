"""A Python-Markdown extension: in a table, punctuation never starts a line after a link.

Links in table cells are boxes of their own (escda.css: a tap target a line high), and a
browser may break a line right after such a box: on a phone, « Banque Horizon » then
« , 3e titre » on the next line. Each link of a table cell followed by punctuation is
wrapped with that punctuation in a `<span class="escda-glue">`, which escda.css makes the
box instead of the link. Set where Python-Markdown builds the page, like
engine/focusable_tables.py, for every engine that reads `markdown_extensions` from
mkdocs.yml. French typography, not an engine's: it lives with the typography.

    markdown_extensions:
      - escda_site.text.table_punctuation
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# What may not start a line: closing punctuation, with the no-break space French puts
# before « ; : ! ? ».
_LEADING = re.compile(r"[\u00a0\u202f]?[,.;:!?)\]»…]+")


class _GlueTablePunctuation(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            parents = [(p, i, c) for p in table.iter() for i, c in enumerate(p) if c.tag == "a"]
            # From the last: wrapping a link shifts the index of those after it.
            for parent, index, link in reversed(parents):
                found = _LEADING.match(link.tail or "")
                if not found:
                    continue
                glue = etree.Element("span", {"class": "escda-glue"})
                glue.tail = link.tail[found.end() :]
                link.tail = found.group()
                parent.remove(link)
                glue.append(link)
                parent.insert(index, glue)


class TablePunctuation(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After the inline patterns (priority 20) made the links, before prettify (10).
        md.treeprocessors.register(_GlueTablePunctuation(md), "escda_table_punctuation", 15)


def makeExtension(**kwargs: object) -> TablePunctuation:  # noqa: N802 - Python-Markdown's name
    return TablePunctuation(**kwargs)
