from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

from escda_site.engine import engines

# pytest rewrites the asserts of its plugins' packages too, Hypothesis's among them (some
# 80 modules, a second of CPU), on every run unless it may keep the result in __pycache__,
# which PYTHONDONTWRITEBYTECODE (set on our VMs) forbids: kept, as the test modules' are
# (see pytest_collectstart).
_NO_BYTECODE = sys.dont_write_bytecode
sys.dont_write_bytecode = False
from hypothesis import HealthCheck, settings  # noqa: E402

sys.dont_write_bytecode = _NO_BYTECODE

# Property-based tests (tests/test_properties_*.py): a bounded, deterministic run by
# default (a few hundred examples in all, the same ones on every run: CI stays stable);
# the quick run (`-m "not slow"`) tries the first few of them (profile `quick`, see
# pytest_configure); `pytest --hypothesis-profile=deep` searches far longer, with fresh
# random examples.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "escda",
    max_examples=100,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=_SLOW_OK,
)
settings.register_profile("quick", settings.get_profile("escda"), max_examples=10)
settings.register_profile("deep", max_examples=3000, deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile("escda")

# The session builds with the engine `escda build` uses (ESCDA_ENGINE, else the default),
# chosen before any test module imports `mkdocs`: ProperDocs takes those imports over.
engines.use()


@pytest.fixture(scope="session", autouse=True)
def theme_templates_compiled_once():
    """The theme's templates compiled once for the session's in-process builds, not once
    per build (sitecheck.theme_templates_compiled_once): compiling is not what they test."""
    from sitecheck import theme_templates_compiled_once

    with theme_templates_compiled_once():
        yield


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory):
    """`build(data, as_of, preview=False)`: a site built once per session for the same
    data files, day and options, through the same entry point as `escda build`, in
    `<folder>/site` with its cache in `<folder>/cache`. The site is shared: only read it
    (a test that edits a site builds its own)."""
    from sitecheck import build, tree_hash

    built: dict[tuple[str, str, bool], Path] = {}

    def shared_build(data: Path, as_of: str, preview: bool = False) -> Path:
        key = (tree_hash(data), as_of, preview)
        if key not in built:
            root = tmp_path_factory.mktemp("shared-build")
            built[key] = build(data, root / "site", as_of, preview=preview)
        return built[key]

    return shared_build


@pytest.fixture(scope="session")
def drawn_files(tmp_path_factory):
    """`drawn_files(data, as_of)`: the `files/` folder of a cache (the logo files and kits
    a build draws) after a build of `data` as of `as_of`, drawn once per session for the
    same data files and day. Drawn files are keyed on what they show (cache/entries.py): a
    build seeded with them draws only what its own data changed, as every build after an
    organiser's first does, and the cache tests still start from nothing."""
    from sitecheck import build, tree_hash

    made: dict[tuple[str, str], Path] = {}

    def drawn_files(data: Path, as_of: str) -> Path:
        key = (tree_hash(data), as_of)
        if key not in made:
            root = tmp_path_factory.mktemp("drawn")
            build(data, root / "site", as_of, cache=root / "cache")
            made[key] = root / "cache" / "files"
        return made[key]

    return drawn_files


@pytest.fixture
def workdir(tmp_path, monkeypatch, request, drawn_files, tmp_path_factory):
    """A project-like folder of the hostile-input tests (hostile.make_workdir), the current
    folder of the commands. A slow test's cache starts with the files its data's first
    build draws (half of that build's CPU); a quick one's empty (no build to pay for)."""
    from hostile import AS_OF, CATS, make_workdir
    from minidata import write

    drawn = None
    if request.node.get_closest_marker("slow"):
        data = tmp_path_factory.getbasetemp() / "hostile-data"
        if not data.exists():
            write(data, CATS)
        drawn = drawn_files(data, AS_OF)
    return make_workdir(tmp_path, monkeypatch, drawn)


# The bundled data built once (browser tests, claims, the site's scans), served once;
# one chromium.
@pytest.fixture(scope="session")
def bundled_site(shared_build):
    from browser_helpers import AS_OF
    from sitecheck import ROOT

    return shared_build(ROOT / "data", AS_OF)


# The archive data set (tests/archive_data.py) built once: every kind of partial data.
@pytest.fixture(scope="session")
def archive_built_site(shared_build, tmp_path_factory):
    from archive_data import AS_OF, write_archive

    return shared_build(write_archive(tmp_path_factory.mktemp("archive") / "data"), AS_OF)


@pytest.fixture(scope="session")
def base_url(bundled_site):
    from browser_helpers import serve

    with serve(bundled_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from browser_helpers import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Kept for the session: a context costs a renderer process (a second of CPU), and `reset`
# leaves each as new between tests. (They were kept per module once a phone page of the
# exported tree read 874 px wide with every module's contexts alive: it was measured mid-way
# through Material's opening animation, as alone on a fast machine; test_browser_search
# now waits for the animations to end.)
@pytest.fixture(scope="session")
def readers(browser):
    """Reader pages in browser contexts kept for the session (browser_helpers.Readers)."""
    from browser_helpers import Readers

    readers = Readers(browser)
    yield readers
    readers.close()


@pytest.fixture
def open_page(readers, base_url):
    """A page of the served site, optionally with the reader's clock and time zone set
    (test_browser.py has its own, which also blocks requests leaving the site)."""
    errors = []

    def open_page(width: int = 1280, now: datetime | None = None, zone: str = "Europe/Paris"):
        return readers.page(base_url, width, zone=zone, now=now, on_error=errors.append)

    yield open_page
    readers.reset()
    assert not errors


def pytest_configure(config):
    if config.getoption("screenshots"):
        import browser_helpers

        browser_helpers.KEEP_SCREENSHOTS = True
    # The quick run leaves the slow tests out: it tries fewer examples too, unless a
    # profile was asked for. `make test` (the whole suite) keeps the `escda` profile.
    quick = "not slow" in (config.option.markexpr or "")
    if quick and not config.getoption("hypothesis_profile", None):
        settings.load_profile("quick")


# pytest rewrites the asserts of every test module on import (some 3 s of CPU) and keeps
# the result in __pycache__ unless PYTHONDONTWRITEBYTECODE is set, as it is on our VMs:
# the test modules' bytecode is kept all the same (collection only; git ignores it).
def pytest_collectstart(collector):
    sys.dont_write_bytecode = False


def pytest_collection_finish(session):
    sys.dont_write_bytecode = _NO_BYTECODE


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current generators (see tests/test_golden.py)",
    )
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="keep pictures of the pages the browser tests read in tests/screenshots/",
    )


# What makes a test slow by nature: a browser, or a whole-site build of the bundled or
# archive data (some 15 s of CPU each). `pytest -m "not slow"` is the quick run, those left
# out; `make test` runs everything.
_WHOLE_SITES = {"bundled_site", "archive_built_site", "base_url"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("browser") or _WHOLE_SITES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)
    # The browser tests run last, in their modules' order. Playwright keeps a thread for the
    # session (asyncio's child watcher), and a build in a process with other threads draws
    # its logos in workers started from a fork server, which import the drawing code again,
    # not forked from this process (outputs/logos/cache.py): every build after the first
    # browser test paid that.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
