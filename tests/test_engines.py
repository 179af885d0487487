"""Two engines, one site: MkDocs 1.6 and ProperDocs build the same data identically.

The property holds for any data set: a small demo one (an archive edition, a public one, one
under embargo; every kind of page) is compared, not the bundled data (four times the CPU,
mostly drawing logos that do not depend on the engine)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from escda_site.demo.generate import write_demo_data
from escda_site.engine import adapter

from sitecheck import CONFIG, ROOT

# Each engine runs in its own process: ProperDocs takes over every `mkdocs` import.
pytestmark = pytest.mark.slow

AS_OF = "2026-09-01T12:00:00+02:00"
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def _build(engine: str, work: Path, data: Path) -> tuple[Path, str]:
    out = work / engine / "site"
    done = subprocess.run(
        [sys.executable, "-m", "escda_site.cli", "build", "--engine", engine]
        + ["--data", str(data), "--as-of", AS_OF, "--out", str(out)]
        + ["--config", str(CONFIG)],
        cwd=work,
        env={**os.environ, "ESCDA_CACHE": str(work / "cache")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out, done.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes())
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_mkdocs_and_properdocs_publish_the_same_site(tmp_path):
    data = tmp_path / "data"
    write_demo_data(data, editions=2, archive=1, categories=5, first_year=2025)
    (mkdocs_site, mkdocs_log), (properdocs_site, properdocs_log) = (
        _build(engine, tmp_path, data) for engine in ("mkdocs", "properdocs")
    )
    assert "2 editions, 10 categories" in mkdocs_log and "under embargo" in mkdocs_log
    assert "with MkDocs 1.6" in mkdocs_log
    assert "with ProperDocs 1.6" in properdocs_log
    home = (properdocs_site / "index.html").read_bytes()
    assert b"ProperDocs" in GENERATOR.search(home).group(1)

    one, other = _files(mkdocs_site), _files(properdocs_site)
    assert sorted(one) == sorted(other)
    differ = [name for name in one if one[name] != other[name]]
    assert differ == [], f"{len(differ)} files differ beyond the generator tag, e.g. {differ[:5]}"


SERVE_TEST = "test_serve_rebuilds_only_what_changed_and_equals_a_full_build"


def test_serve_equals_a_full_build_with_the_other_engine_too():
    # The session runs test_incremental.py with its own engine (the default, ProperDocs);
    # the adapter's dirty-rebuild hooks are the most engine-bound code: MkDocs runs it too.
    other = "mkdocs" if adapter.installed().get("properdocs") else "properdocs"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]
        + [f"{ROOT / 'tests' / 'test_incremental.py'}::{SERVE_TEST}"],
        cwd=ROOT,
        env={**os.environ, "ESCDA_ENGINE": other},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "1 passed" in done.stdout
