"""Published logos are hard links to the cache when that is exactly a copy."""

from __future__ import annotations

import os

from escda_site.public import urls

from minidata import company, write
from sitecheck import build

CATS = {
    "banque": [
        company("alpha", [(4, 4), (2, 3)], [7]),
        company("beta", [(4, 4), (4, 4)], [10], ring=(10, 90)),
        company("gamma", [(1, 2), (3, 4)], [5]),
    ]
}


def test_logos_are_linked_from_the_cache_and_read_as_copies(tmp_path, monkeypatch):
    monkeypatch.setenv("ESCDA_CACHE", str(tmp_path / "cache"))
    old = os.umask(0o022)
    try:
        site = build(write(tmp_path / "data", CATS), tmp_path / "site", "2020-01-01")
    finally:
        os.umask(old)
    logos = sorted((site / "logos").rglob("*.png"))
    assert logos
    cached = {p.read_bytes(): p for p in (tmp_path / "cache").rglob("*.png")}
    for logo in logos:
        st = logo.stat()
        assert st.st_mode & 0o777 == 0o644, logo  # what a web server reads
        # One file on disk for the cache and the site (and the badge, while it is the logo).
        badge = site / urls.badge(*logo.relative_to(site / "logos").parts[:2], "x")
        shared = logo.name.endswith("-256.png") and badge.parent.is_dir()
        assert st.st_nlink == 2 + shared, logo
        assert os.path.samefile(logo, cached[logo.read_bytes()])
