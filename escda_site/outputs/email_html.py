"""E-mail-safe HTML: a rendered fragment with its CSS inlined and every node re-escaped.

Outlook renders HTML with Word's engine and Gmail may drop `<style>`: css_inline moves the
templates' `<style>` block into `style` attributes, then `_Serializer` writes the result
back escaped and compact. A helper of the newsletter generator, not a generator itself.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import css_inline

from escda_site.text.typography import typeset_html

_INLINER = css_inline.CSSInliner(
    inline_style_tags=True,
    keep_style_tags=False,
    keep_link_tags=False,
    keep_at_rules=False,
    minify_css=True,
    load_remote_stylesheets=False,
)

# Characters that newsletter tools treat as template syntax (Liquid, Handlebars, Mailchimp
# merge tags) or that end a Markdown code fence: written as character references so a
# company called "{{ 7*7 }}" stays text once pasted into any tool.
_TEMPLATE_CHARS = {ord(c): f"&#{ord(c)};" for c in "{}|`"}


class _Serializer(HTMLParser):
    """Re-serialises css_inline's output.

    css_inline leaves `class` attributes (useless once inlined, and stripped by some
    clients anyway) and writes `<` and `>` raw inside attribute values: this writes
    every attribute and text node escaped, and drops template indentation, which would
    otherwise weigh more than the content towards Gmail's 102 KB clipping.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parts = [tag]
        for name, value in attrs:
            if name == "class":
                continue
            parts.append(name if value is None else f'{name}="{_escape(value, quote=True)}"')
        self.out.append(f"<{' '.join(parts)}>")

    handle_startendtag = handle_starttag  # html5ever writes void elements without "/>"

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        # str.strip() would also eat the no-break spaces of French numbers
        if not data.strip(" \t\r\n\f") and "\n" in data:
            self.out.append("\n")
        else:
            self.out.append(_escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        # Outlook's conditional comments of the templates (fixed text, never data) are
        # kept; any other comment, doctype or processing instruction is dropped: nothing
        # may hide in an HTML comment.
        if data.startswith("[if mso]>") and data.endswith("<![endif]"):
            self.out.append(f"<!--{data}-->")


def _escape(text: str, quote: bool) -> str:
    # Attributes are always double-quoted: "'" needs no reference (html.escape would
    # write &#x27; inside every font stack).
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;")
    return text.translate(_TEMPLATE_CHARS)


def email_fragment(rendered: str) -> str:
    """`rendered` (HTML with a `<style>` block) inlined, re-escaped and typeset."""
    inlined = _INLINER.inline_fragment(rendered, "")
    serializer = _Serializer()
    serializer.feed(inlined)
    serializer.close()
    return typeset_html(re.sub(r"\n{2,}", "\n", "".join(serializer.out)).strip()) + "\n"
