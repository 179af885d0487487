"""Front matter written by the fast path is byte for byte PyYAML's pure-Python output."""

from __future__ import annotations

import random

import yaml

from escda_site.text import yamlout

PIECES = list(" \n\t'\"\\:#-?&*!|>%@`,[]{}éÉàœ«»’\u00a0\u202f\u2028\x85\ufeffabcXYZ019.") + [
    "---", "...", "null", "true", "~", " - ", "🚀", "<b>", "\\u003c", "''", "  ", "d'Été",
]  # fmt: skip


def test_fast_front_matter_is_what_pyyaml_writes():
    rng = random.Random(2026)
    for _ in range(800):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30)))
        meta = {"title": text, "description": text[::-1], "jsonld": "{" + text.strip() + "}"}
        for sort_keys in (False, True):
            want = yaml.safe_dump(meta, allow_unicode=True, sort_keys=sort_keys, width=10**6)
            assert yamlout.dump(meta, sort_keys=sort_keys) == want, repr(text)
