"""What Pagefind is given of a built page: the least HTML that gives the same index.

Pagefind reads the page's language from `<html lang>` and everything else (text, title,
filters, result line, anchors) from the `data-pagefind-body` element when the page has
one. Of that element it is sent (`page_document`):

1. the element alone (`search_document`), never the navigation every page repeats (five
   sixths of a page's bytes);
2. less the elements Pagefind skips whole (`without_ignored`: two thirds of a category
   page: its chart, figure labels, logo files and links);
3. with the folded twin of each word holding œ or æ (`with_twins`), which Pagefind does not
   fold itself;
4. less the tags that give nothing to the index (`slimmed`): Pagefind's cost grows with the
   elements it parses (lol_html calls its handlers on each), and a category page is mostly
   table rows, links and emphasis. Pagefind 1.5's reading of a page (`fossick/parser.rs`)
   is such that:
   - an inline element (`a`, `strong`, `sup`, `span`, `time`…) adds nothing to its text;
     without an `id` or a `data-pagefind-*` attribute it can go, its text kept;
   - a table's frame (`table`, `tbody`, `tr`, `th`…) adds nothing either, unless an
     element with an `id` (an anchor, whose text it collects) holds it;
   - a block (`p`, `td`, `li`, `div`…) holding text only is its text with a space before,
     a full stop after when the text ends with a letter, a digit or one of `'")$*`, and a
     space: it is written so.
   A page with an anchor other than a heading, or an inline element or frame Pagefind
   reads, is sent unslimmed. Every page kind gives the index of the whole pages (tests).

The plugin cuts each page as it writes it and keeps the document with the page's HTML
(`page_outputs`): a page kept from an earlier build is not cut again.
"""

from __future__ import annotations

import re
import unicodedata

from escda_site.text.frformat import fold
from escda_site.text.typography import typeset_html

# What Pagefind reads of a page (overrides/main.html writes the marker as it is here).
BODY = "<div data-pagefind-body>"
_DIV = re.compile(r"<(/?)div\b")
_HTML_TAG = re.compile(r"<html\b[^>]*>")
_DOCTYPE, _HEAD = "<!DOCTYPE html>", '<head><meta charset="utf-8"></head>'
# Pagefind skips an element that has it, whatever its value.
_IGNORE = " data-pagefind-ignore"
_ALL = ('="all"', "='all'", "=all ", "=all>")
_NAME = re.compile(r"[a-z][a-z0-9]*")
# What an ignored element must neither be nor hold to be cut out: with "index" (the
# default) Pagefind still reads filters and meta in it, and it takes a page's title and
# image from the first <h1> and <img> wherever they are.
_READ_INSIDE = re.compile(r"data-pagefind-(?!ignore)|<h1\b|<img\b")
_VOID = re.compile(r"area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr")
_TAG = re.compile(r"(<[^>]*>)")
_LIGATURE = re.compile(r"\w*[œæŒÆ]\w*")
_LIGATURES = "œæŒÆ"

# Pagefind's INLINE_SELECTORS without those it handles (br, img, input, script…), and the
# elements it neither separates as sentences nor reads (a table's frame, lists' terms).
_INLINE = (
    "a|abbr|acronym|b|bdo|big|cite|code|dfn|em|i|kbd|q|samp|small|span|strong|sub|sup|time|tt|var"
)
_FRAME = "table|thead|tbody|tfoot|tr|th|caption|colgroup|dl|dt|dd|ol"
_READ = r"\bid=|data-pagefind"  # an anchor, or what Pagefind reads (filters, meta…)
_READ_TAG = re.compile(rf"<(?:{_INLINE}|{_FRAME})\s[^>]*(?:{_READ})")
_ANCHOR = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\bid=[^>]*>")
_HEADING = re.compile(r"h[1-6]")
_NOTHING = re.compile(rf"</?(?:{_INLINE}|{_FRAME})\b(?:\s[^>]*)?>")
# Pagefind's SENTENCE_SELECTORS but headings (weighted), holding text only.
_TEXT_BLOCK = re.compile(
    rf"<(p|td|li|div|ul|article|section)(?:\s(?:(?!{_READ})[^>])*)?>([^<]*)</\1>"
)
_ENTITY_END = re.compile(r"&#?\w+;$")
# Rust's \w (Pagefind's SENTENCE_CHARS): letters, marks, decimal and letter numbers,
# connector punctuation, the two joiners.
_WORD = frozenset({"Nd", "Nl", "Pc"})


def page_document(page: str) -> bytes | None:
    """What Pagefind is given of a page as the plugin writes it (typeset already), in UTF-8:
    half the memory of French text held as a `str`. None for a page without a body."""
    document = search_document(page)
    return None if document is None else ready(document, typeset=False).encode()


def ready(document: str, typeset: bool) -> str:
    """A `search_document` as Pagefind is given it: typeset as the plugin typesets pages
    (for a tree another engine built), the twins added, then slimmed (after both, which
    read text between tags)."""
    return slimmed(with_twins(typeset_html(document) if typeset else document))


def search_document(page: str) -> str | None:
    """The page's `data-pagefind-body` element less what Pagefind skips, as a page of its
    own; None without a body."""
    start = page.find(BODY)
    if start < 0:
        return None
    depth, end = 0, len(page)
    for tag in _DIV.finditer(page, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = page.index(">", tag.end()) + 1
            break
    html = _HTML_TAG.search(page, 0, start)
    head = html.group(0) if html else "<html>"
    return f"{_DOCTYPE}{head}{_HEAD}<body>{without_ignored(page[start:end])}</body></html>\n"


def without_ignored(body: str) -> str:
    """`body` without the elements Pagefind would skip whole (kept when Pagefind still
    reads something in them)."""
    kept: list[str] = []
    pos = 0
    at = body.find(_IGNORE)
    while at >= 0:
        start = body.rfind("<", pos, at)
        opened = body.find(">", at) + 1
        named = _NAME.match(body, start + 1) if start >= 0 else None
        if named is None or opened == 0 or ">" in body[start:at]:  # text, not an attribute
            at = body.find(_IGNORE, at + 1)
            continue
        name = named.group(0)
        end = opened if _VOID.fullmatch(name) else _element_end(body, name, opened)
        # "all": Pagefind reads nothing inside, not even filters, meta, title or image.
        whole = body.startswith(_ALL, at + len(_IGNORE))
        if not whole and _READ_INSIDE.search(body, start, end):  # its own tag included
            at = body.find(_IGNORE, opened)  # kept, its ignored children are not
            continue
        kept.append(body[pos:start])
        pos = end
        at = body.find(_IGNORE, end)
    kept.append(body[pos:])
    return "".join(kept)


def _element_end(html: str, name: str, start: int) -> int:
    """Where the element `name` whose start tag ends at `start` ends (its end tag counted
    in, nested elements of the same name skipped); the end of `html` if never closed."""
    depth = 1
    for tag in re.compile(rf"<(/?){name}\b").finditer(html, start):  # re caches compiles
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html.index(">", tag.end()) + 1
    return len(html)


def with_twins(page: str) -> str:
    """`page` with the folded twin of each word holding œ or æ after it, in text only."""
    # A scan per letter is ~50 times cheaper than the regular expression on a page without.
    if not any(letter in page for letter in _LIGATURES):
        return page
    parts = _TAG.split(page)
    for i in range(0, len(parts), 2):  # even items are text, odd ones tags
        parts[i] = _LIGATURE.sub(lambda m: f"{m.group(0)} {fold(m.group(0).lower())}", parts[i])
    return "".join(parts)


def slimmed(document: str) -> str:
    """`document` less the tags Pagefind reads nothing from, its blocks of text written
    as Pagefind reads them; as it is when an anchor or a tag Pagefind reads is in the way."""
    if _READ_TAG.search(document):
        return document
    for anchor in _ANCHOR.finditer(document):
        name = anchor.group(1)
        if _VOID.fullmatch(name):
            continue
        # A heading's text is collected for its anchor: no tag but inline ones inside.
        end = document.find(f"</{name}>", anchor.end())
        if not _HEADING.fullmatch(name) or "<" in _NOTHING.sub("", document[anchor.end() : end]):
            return document
    text = _NOTHING.sub("", document)
    while True:  # a block holds text only once the blocks in it are written as text
        written = _TEXT_BLOCK.sub(_as_read, text)
        if written == text:
            return text
        text = written


def _as_read(block: re.Match) -> str:
    text = block.group(2)
    if _ENTITY_END.search(text):  # whether Pagefind sees the entity or its letter: kept
        return block.group(0)
    last = text[-1:]
    full_stop = bool(last) and (
        last in "'\")$*_\u200c\u200d"
        or unicodedata.category(last)[0] in "LM"
        or unicodedata.category(last) in _WORD
    )
    return f" {text}. " if full_stop else f" {text} "
