"""YAML front matter written fast, and byte for byte as PyYAML's pure-Python emitter writes it.

PyYAML's Python emitter inspects every character of a scalar in Python: dumping the
JSON-LD of a thousand pages took seconds. Its C emitter (libyaml) writes the same text
for plain one-line strings, but quotes and escapes differently line breaks, tabs, the
byte-order mark and characters beyond the Basic Multilingual Plane (🚀): data holding any
of them goes through the Python emitter, so the output never depends on the path taken.
"""

from __future__ import annotations

import re

import yaml

_C_DUMPER = getattr(yaml, "CSafeDumper", None)
# Characters both emitters print as they are: printable, one line, in the BMP, no BOM.
_OUTSIDE_C = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")


def _plain(value: object) -> bool:
    if isinstance(value, str):
        return not _OUTSIDE_C.search(value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    return isinstance(value, int | float | bool) or value is None


def dump(data: object, *, sort_keys: bool = True) -> str:
    """`yaml.safe_dump(data, allow_unicode=True, width=10**6, sort_keys=…)`, faster."""
    dumper = _C_DUMPER if _C_DUMPER is not None and _plain(data) else yaml.SafeDumper
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=sort_keys, width=10**6)
