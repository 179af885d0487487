"""French typography, applied once to every generated text: pages, snippets, feed, kits.

Texts are written everywhere with plain spaces and straight apostrophes; these functions
set them as a French copy editor would:

- a no-break space (U+00A0) before `:` and `%`, a narrow no-break space (U+202F) before
  `; ? !` and inside « », so no line starts with a colon or a closing guillemet;
- the typographic apostrophe ’ after a letter (« l’Année »);
- « ex æquo » for « ex aequo »;
- ordinals in superscript in HTML (« 20<sup>e</sup> », « 1<sup>re</sup> »).

`typeset_html` changes text nodes only: never a tag or an attribute (URLs, alt texts of
data), nor the content of `<code>`, `<pre>`, `<kbd>`, `<samp>`, `<script>`, `<style>` or
`<textarea>`, nor comments. Ordinals get no tag inside `<title>`, `<option>` or SVG,
where markup is not allowed. `typeset_text` applies the same rules to plain text,
leaving URLs and e-mail addresses as they are. Data files (CSV, JSON) are never
typeset: their values are the organiser's, byte for byte.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
APOSTROPHE = "\u2019"

# A URL or an address in plain text: left exactly as written.
_URL = re.compile(r"(?:https?://|mailto:|www\.)[^\s<>\"]+|[\w.+-]+@[\w-]+\.[\w.-]+")
# Spaces a rule may replace: ordinary ones, and the other no-break space.
_SP = f"[ {NBSP}{NNBSP}]"
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'|(?<=[^\W\d_])&#(?:x27|39);|(?<=[^\W\d_])&apos;")
_BEFORE_COLON = re.compile(rf"{_SP}+(?=:(?:\s|$))")
_BEFORE_PERCENT = re.compile(rf"(?<=\d){_SP}*(?=%)")
# ; ? ! after a space, or glued to a word and followed by a space (« 17,12/20; E-mails »).
_BEFORE_HIGH = re.compile(rf"{_SP}+(?=[;?!])|(?<=[\w»)\]])(?=[;?!](?:\s|$))")
_OPEN_QUOTE = re.compile(rf"«{_SP}*")
_CLOSE_QUOTE = re.compile(rf"{_SP}*»")
_EX_AEQUO = re.compile(r"\bex[ -]a[eE]quo\b")
_ORDINAL = re.compile(r"\b(\d+)(er|re|e)\b(?![-'’])")


# Character references in HTML text (`&amp;`, `&#160;`): their `;` is not punctuation.
_ENTITY = re.compile(r"&#?\w+;")


def _rules(text: str) -> str:
    """The spacing, apostrophe and spelling rules on a run of text without URLs."""
    text = _APOSTROPHE.sub(APOSTROPHE, text)
    if "&" in text:
        parts = _ENTITY.split(text)
        refs = _ENTITY.findall(text)
        done = [_spacing(p) for p in parts]
        return "".join(p + r for p, r in zip(done, [*refs, ""], strict=True))
    return _spacing(text)


def _spacing(text: str) -> str:
    text = _EX_AEQUO.sub("ex æquo", text)
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _BEFORE_PERCENT.sub(NBSP, text)
    text = _BEFORE_HIGH.sub(NNBSP, text)
    text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    return _CLOSE_QUOTE.sub(NNBSP + "»", text)


def typeset_text(text: str) -> str:
    """French typography on plain text (snippets' twins, feed, press-kit notes)."""
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
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""  # attributes, quoted values may hold ">"
_TOKEN = re.compile(
    r"<!--.*?-->"  # comment
    rf"|<({'|'.join(_RAW)})\b{_ATTRS}>.*?</\1\s*>"  # raw element, whole
    rf"|</?([a-zA-Z][\w:-]*){_ATTRS}>"  # any other tag
    r"|<![^>]*>",  # doctype
    re.DOTALL | re.IGNORECASE,
)


def _ordinals(text: str) -> str:
    return _ORDINAL.sub(r"\1<sup>\2</sup>", text)


def typeset_html(markup: str) -> str:
    """French typography on the text nodes of an HTML page or fragment."""
    out: list[str] = []
    last = 0
    no_markup = 0  # depth inside <title>, <option> or <svg>
    for match in _TOKEN.finditer(markup):
        text = markup[last : match.start()]
        if text:
            text = typeset_text(text)
            out.append(text if no_markup else _ordinals(text))
        token = match.group()
        name = (match.group(2) or "").lower()
        if name in _NO_MARKUP and not token.endswith("/>"):
            no_markup += -1 if token.startswith("</") else 1
            no_markup = max(no_markup, 0)
        out.append(token)
        last = match.end()
    text = markup[last:]
    if text:
        text = typeset_text(text)
        out.append(text if no_markup else _ordinals(text))
    return "".join(out)
