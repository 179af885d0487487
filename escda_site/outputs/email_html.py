"""E-mail-safe HTML: a rendered fragment with its CSS inlined and every tag re-escaped.

Outlook renders HTML with Word's engine and Gmail may drop `<style>`: css_inline moves the
templates' `<style>` block into `style` attributes, then `_reserialize` writes the result
back escaped and compact. A helper of the newsletter generator, not a generator itself.
"""

from __future__ import annotations

import functools
import re
from html import unescape

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
_TEMPLATE_CHARS = {c: f"&#{ord(c)};" for c in "{}|`"}


# What css_inline's output needs written again: comments, doctypes and processing
# instructions; start tags (attribute values may hold a raw ">"); white space alone
# between two tags with a line break (template indentation). Text is left to the caller.
_REWRITE = re.compile(
    r"<!--(?P<comment>.*?)-->"
    r"|<(?P<tag>[a-zA-Z][\w:-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|<[!?][^>]*>"
    r"|(?<=>)[ \t\r\n\f]*\n[ \t\r\n\f]*(?=<)",
    re.DOTALL,
)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _reserialize(markup: str) -> str:
    """css_inline's output written again, for e-mail clients and newsletter tools.

    css_inline leaves `class` attributes (useless once inlined, and stripped by some
    clients anyway) and writes `<` and `>` raw inside attribute values: this writes
    every attribute escaped, and drops template indentation, which would otherwise weigh
    more than the content towards Gmail's 102 KB clipping. Outlook's conditional comments
    of the templates (fixed text, never data) are kept; any other comment, doctype or
    processing instruction is dropped: nothing may hide in one. css_inline escapes text
    as `&amp;`, `&lt;`, `&gt;` and `&nbsp;`: the no-break spaces are written as characters.
    """
    return _template_chars(_REWRITE.sub(_rewritten, markup).replace("&nbsp;", "\u00a0"))


def _rewritten(token: re.Match) -> str:
    if token.group("tag"):
        return _start_tag(token.group())
    comment = token.group("comment")
    if comment is not None:
        keep = comment.startswith("[if mso]>") and comment.endswith("<![endif]")
        return token.group() if keep else ""
    # A doctype or processing instruction goes; white space between tags becomes one line break.
    return "" if token.group().startswith("<") else "\n"


# The same few tags, with the same inlined styles, come back in every snippet.
@functools.lru_cache(maxsize=4096)
def _start_tag(token: str) -> str:
    """A start tag written again: without `class`, every attribute value escaped."""
    match = _REWRITE.fullmatch(token)
    assert match is not None and match.group("tag")
    parts = [match.group("tag").lower()]
    for attr in _ATTR.finditer(match.group("attrs")):
        name = attr.group(1).lower()
        value = next((v for v in attr.group(2, 3, 4) if v is not None), None)
        if name == "class":
            continue
        if value is not None:
            name = f'{name}="{_escape(unescape(value), quote=True)}"'
        parts.append(name)
    return f"<{' '.join(parts)}>"


def _escape(text: str, quote: bool) -> str:
    # Attributes are always double-quoted: "'" needs no reference (html.escape would
    # write &#x27; inside every font stack).
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;")
    return _template_chars(text)


def _template_chars(text: str) -> str:
    # str.translate looks every character up: four substring tests are much faster.
    for char, reference in _TEMPLATE_CHARS.items():
        if char in text:
            text = text.replace(char, reference)
    return text


def email_fragment(rendered: str) -> str:
    """`rendered` (HTML with a `<style>` block) inlined, re-escaped and typeset."""
    inlined = _reserialize(_INLINER.inline_fragment(rendered, ""))
    return typeset_html(re.sub(r"\n{2,}", "\n", inlined).strip()) + "\n"
