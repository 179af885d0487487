"""French typography, applied once to every generated text: pages, snippets, feed, kits.

Texts are written everywhere with plain spaces and straight apostrophes; these functions
set them as a French copy editor would:

- a no-break space (U+00A0) before `:`, `%` and the separator `·`, a narrow no-break
  space (U+202F) before `; ? !` and inside « », so no line starts with a colon, a
  separator or a closing guillemet;
- a no-break space between a number and the word or unit it counts (« 7 entreprises »,
  « 2e titre », « 8 octobre », « 256 px »), so that no line ends with a lone number; a
  year is left free (« en 2015 et 2016 »: it counts nothing), and so is a number inside
  another token (« 17,67/20 », « ESCDA 2026 »'s year);
- the typographic apostrophe ’ after a letter (« l’Année »);
- « ex æquo » for « ex aequo »;
- ordinals in superscript in HTML (« 20<sup>e</sup> », « 1<sup>re</sup> »).

`typeset_html` changes text nodes and the attributes that hold words for readers (`alt`,
`title`, `aria-label`, `placeholder`: escaped, not skipped), never another attribute (URLs,
ids, data), nor the content of `<code>`, `<pre>`, `<kbd>`, `<samp>`, `<script>`, `<style>`
or `<textarea>`, nor comments. Ordinals get no tag inside `<title>`, `<option>` or SVG,
where markup is not allowed. `typeset_text` applies the same rules to plain text,
leaving URLs and e-mail addresses as they are. Data files (CSV, JSON) are never
typeset: their values are the organiser's, byte for byte.

Text that leaves the page is typeset too: the page's title, description and share-image
alt (`public.page_meta`), the search index (Pagefind reads the typeset pages), the feed
and the JSON-LD names (`outputs.structured_data`). The alt texts the site composes for a
laureate's logo and badge go through `alt_text` before they are written, as the badge code
laureates copy is shown as code (never typeset): a straight apostrophe would come out of
HTML escaping as `&#x27;` on their sites.
"""

from __future__ import annotations

import functools
import html
import re

NBSP = "\u00a0"
NNBSP = "\u202f"
APOSTROPHE = "\u2019"

# A URL or an address in plain text: left exactly as written.
# The address's local part is matched from its start only, and never given back: tried
# at every letter of every word, it made this pattern quadratic in the length of words.
_URL = re.compile(r"(?:https?://|mailto:|www\.)[^\s<>\"]+|(?<![\w.+-])[\w.+-]++@[\w-]+\.[\w.-]+")
# Spaces a rule may replace: ordinary ones, and the other no-break space.
_SP = f"[ {NBSP}{NNBSP}]"
# The apostrophe first, then the letter before it: a pattern starting with a look-behind
# is tried at every position of the text.
_APOSTROPHE = re.compile(
    r"'(?<=[^\W\d_]')|&#x27;(?<=[^\W\d_]&#x27;)|&#39;(?<=[^\W\d_]&#39;)|&apos;(?<=[^\W\d_]&apos;)"
)
_BEFORE_COLON = re.compile(rf"{_SP}+(?=:(?:\s|$))")
_BEFORE_PERCENT = re.compile(rf"(?<=\d){_SP}*(?=%)")
# ; ? ! after a space, or glued to a word and followed by a space (« 17,12/20; E-mails »).
_BEFORE_HIGH = re.compile(rf"{_SP}+(?=[;?!])|(?<=[\w»)\]])(?=[;?!](?:\s|$))")
_OPEN_QUOTE = re.compile(rf"«{_SP}*")
_CLOSE_QUOTE = re.compile(rf"{_SP}*»")
_EX_AEQUO = re.compile(r"\bex[ -]a[eE]quo\b")
# « Banque 2027 · 16,92/20 · 7 entreprises testées »: a separator stays with the item before
# it, as a comma does, so that no line starts with « · ».
_BEFORE_DOT = re.compile(rf"{_SP}+(?=·(?:\s|$))")
_ORDINAL = re.compile(r"\b(\d+)(er|re|e)\b(?![-'’])")
# A number (decimal, ordinal) then a plain space and a lower-case word, the euro sign or a
# unit in capitals (« Mo »). It starts with a digit, not a look-behind (tried at every
# position of the text): what comes before the number is checked by `_number_space`.
_NUMBER_WORD = re.compile(r"\d+(?:,\d+)?(?:er|re|e)? (?=[a-zà-öø-ÿœæ€]|[KMGT]o\b)")
# A number glued to what precedes it is part of another token (« 12/20 », « 3,5 »,
# « ESCDA2026 », « 2026-27 », « 20:00 »); a year counts nothing (« en 2015 et 2016 »).
_YEAR = re.compile(r"(?:1[89]|20)\d\d ")


def _number_space(match: re.Match[str]) -> str:
    number, start = match.group(), match.start()
    before = match.string[start - 1] if start else " "
    if before.isalnum() or before in "/,.:-_" or _YEAR.fullmatch(number):
        return number
    return number[:-1] + NBSP


def numbers_with_words(text: str) -> str:
    """« 7 entreprises » with a no-break space: a number stays with the word it counts (the
    rule of `typeset_text`, and of the share images, which draw their own lines)."""
    return _NUMBER_WORD.sub(_number_space, text)


# Character references in HTML text (`&amp;`, `&#160;`): their `;` is not punctuation.
_ENTITY = re.compile(r"&#?\w+;")


def _rules(text: str) -> str:
    """The spacing, apostrophe and spelling rules on a run of text without URLs."""
    if "'" in text or "&" in text:
        text = _APOSTROPHE.sub(APOSTROPHE, text)
    if "&" in text:
        parts = _ENTITY.split(text)
        refs = _ENTITY.findall(text)
        done = [_spacing(p) for p in parts]
        return "".join(p + r for p, r in zip(done, [*refs, ""], strict=True))
    return _spacing(text)


def _spacing(text: str) -> str:
    # Each rule only where its character occurs: a substring test is much cheaper than a
    # pattern that starts with a look-behind, tried at every position.
    if "quo" in text:
        text = _EX_AEQUO.sub("ex æquo", text)
    if ":" in text:
        text = _BEFORE_COLON.sub(NBSP, text)
    if "%" in text:
        text = _BEFORE_PERCENT.sub(NBSP, text)
    if ";" in text or "?" in text or "!" in text:
        text = _BEFORE_HIGH.sub(NNBSP, text)
    if "·" in text:
        text = _BEFORE_DOT.sub(NBSP, text)
    text = numbers_with_words(text)
    if "«" in text:
        text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    if "»" in text:
        text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    return text


# Text with none of these needs no rule (most text nodes of a page are white space).
_NEEDS_WORK = re.compile(r"[':;?!%«»·]|&#|ex[ -]a[eE]quo|\d(?:er|re|e)? \S")


def alt_text(text: str) -> str:
    """An alt text of our own wording (a logo's, a badge's) with typographic apostrophes:
    the documented exception to attributes never being typeset (see the module's doc)."""
    return _APOSTROPHE.sub(APOSTROPHE, text) if "'" in text else text


def html_source(text: str) -> str:
    """Plain text typeset and escaped as HTML source, its no-break spaces written `&nbsp;`
    as the theme overrides write their own words (an invisible U+00A0 in the source reads
    as a plain space to whoever edits it)."""
    return html.escape(typeset_text(text), quote=False).replace(NBSP, "&nbsp;")


def typeset_text(text: str) -> str:
    """French typography on plain text (snippets' twins, feed, press-kit notes)."""
    if not _NEEDS_WORK.search(text):
        return text
    if ":" not in text and "@" not in text and "www." not in text:  # no URL in it
        return _rules(text)
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(_rules(text[last : match.start()]))
        out.append(match.group())
        last = match.end()
    out.append(_rules(text[last:]))
    return "".join(out)


# Elements whose content is never typeset, and those where an ordinal gets no <sup>.
_RAW = ("script", "style", "pre", "code", "kbd", "samp", "textarea")
_NO_MARKUP = ("title", "option", "svg")
# Attributes, whose quoted values may hold ">" (unrolled: fast on long attribute lists).
_ATTRS = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
_VERBATIM = (
    r"<!--.*?-->"  # comment
    rf"|<(?P<raw>{'|'.join(_RAW)})\b{_ATTRS}>.*?</(?P=raw)\s*>"  # raw element, whole
    rf"|</?(?!(?:{'|'.join(_NO_MARKUP)})\b)[a-zA-Z][\w:-]*{_ATTRS}>"  # any other tag
    r"|<![^>]*>"  # doctype
)
_TOKEN = re.compile(
    # An element without markup inside, typeset apart; else a run of verbatim tokens
    # and the white space between them, copied as it is (one match for most of a page's
    # markup). White space before text stays with the text: « </strong> : » is typeset.
    rf"(?P<open><(?P<nm>{'|'.join(_NO_MARKUP)})\b{_ATTRS}>)(?P<inner>.*?)(?P<close></(?P=nm)\s*>)"
    rf"|(?:(?:{_VERBATIM})(?:\s+(?=<))?)+",
    re.DOTALL | re.IGNORECASE,
)


# Attributes that hold words for readers (alt texts, tooltips, accessible names) are text:
# typeset like it, their escaping kept (`&#x27;` after a letter is an apostrophe too). Every
# other attribute (URLs, ids, classes, data) stays exactly as written, and so does the
# content of raw elements (a code listing shows markup as typed).
_TEXT_ATTRS = ("alt", "title", "aria-label", "placeholder")
_ATTR_TEXT = re.compile(
    rf"<(?P<raw>{'|'.join(_RAW)})\b{_ATTRS}>.*?</(?P=raw)\s*>|<!--.*?-->"
    rf'|(?<=\s)(?P<name>{"|".join(_TEXT_ATTRS)})="(?P<value>[^"]*)"',
    re.DOTALL | re.IGNORECASE,
)


def _attribute(match: re.Match[str]) -> str:
    if match.group("name") is None:  # a raw element or a comment: as written
        return match.group()
    return f'{match.group("name")}="{typeset_text(match.group("value"))}"'


@functools.lru_cache(maxsize=1 << 12)  # the same tags come back on every page
def typeset_attributes(markup: str) -> str:
    """The reader-facing attributes of the tags in `markup` (`_TEXT_ATTRS`), typeset."""
    if not any(f'{name}="' in markup for name in _TEXT_ATTRS):
        return markup
    return _ATTR_TEXT.sub(_attribute, markup)


def _ordinals(text: str) -> str:
    return _ORDINAL.sub(r"\1<sup>\2</sup>", text) if "e" in text else text


# The same text nodes come back on page after page (headings, labels, names): each is
# typeset once per process.
@functools.lru_cache(maxsize=1 << 16)
def _text_node(text: str, ordinals: bool) -> str:
    text = typeset_text(text)
    return _ordinals(text) if ordinals else text


def typeset_html(markup: str, ordinals: bool = True) -> str:
    """French typography on the text nodes of an HTML page or fragment."""
    out: list[str] = []
    last = 0
    for match in _TOKEN.finditer(markup):
        text = markup[last : match.start()]
        if text:
            out.append(_text_node(text, ordinals))
        if match.group("open"):  # <title>, <option>, <svg>: text typeset, no tag added
            inner = typeset_html(match.group("inner"), ordinals=False)
            out += [typeset_attributes(match.group("open")), inner, match.group("close")]
        else:
            out.append(typeset_attributes(match.group()))
        last = match.end()
    text = markup[last:]
    if text:
        out.append(_text_node(text, ordinals))
    return "".join(out)
