"""Data values as text: one line cleaned of what would break it, escaped for Markdown,
or set inside a sentence. Every name and label an organiser typed passes here."""

from __future__ import annotations

import html
import re
import unicodedata

_NO_BREAK = ("\u00a0", "\u202f")  # French typography's no-break spaces: kept as they are


def clean(text: str) -> str:
    """One line of text as shown: composed accents, no control or format character.

    Controls would break lines or show as boxes; bidi embeddings and overrides (format
    characters) could reorder the rest of a line, e.g. show a mark backwards; lone
    surrogates cannot be encoded. Ordinary white space collapses to single spaces;
    no-break spaces stay.
    """
    # Most values are clean already (printable: no control, format or white space but
    # single spaces): they come back as they are, without the character-by-character pass.
    if (
        text.isprintable()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and unicodedata.is_normalized("NFC", text)
    ):
        return text
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        ch if ch in _NO_BREAK else " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )
    return " ".join(w for w in text.split(" ") if w)


# Characters Python-Markdown and its table extension give a meaning to.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(value: object) -> str:
    """A data value (company, category…) as literal text in Markdown or HTML.

    `*x*` and `<b>` show as typed: HTML special characters become entities and Markdown
    ones are backslash-escaped (MkDocs removes the backslashes).
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(clean(str(value)), quote=True))


def in_sentence(label: str) -> str:
    """A label inside a sentence: `Navigation Internet` -> `navigation Internet`.

    Only the first letter is lowered, so proper nouns and acronyms keep their capitals
    (« navigation Internet », « SMS »), as on every page that names the channel.
    """
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]
