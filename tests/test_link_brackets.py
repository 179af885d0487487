"""The link-bracket extension (engine/link_brackets.py) gives Python-Markdown's own answers."""

from __future__ import annotations

import random

import markdown
from markdown.inlinepatterns import LinkInlineProcessor

from escda_site.engine.link_brackets import BracketEnds
from escda_site.outputs.site import site_outputs

from factories import SITE_URL, public_site

_EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc"]


def test_every_bracket_end_is_python_markdowns():
    rng = random.Random(26)
    texts = ["", "[", "]", "a[b]c", "[[a]", "[a]]", "![x](y) [z]", "[a [b] c](d)"]
    texts += [
        "".join(rng.choice("[]ab\\!(") for _ in range(rng.randrange(40))) for _ in range(3000)
    ]
    for text in texts:
        theirs = LinkInlineProcessor._findBracketEnds(text)
        ours = BracketEnds(text)
        for index in range(len(text) + 1):
            assert ours[index] == theirs[index], (text, index)


def test_the_site_s_pages_convert_to_the_same_html():
    pages = site_outputs(public_site(), SITE_URL).pages
    assert sum(md.count("](") for _, md in pages) > 100  # pages with links
    plain = markdown.Markdown(extensions=_EXTENSIONS)
    fast = markdown.Markdown(extensions=[*_EXTENSIONS, "escda_site.engine.link_brackets"])
    for path, md in pages:
        assert fast.reset().convert(md) == plain.reset().convert(md), path
