from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, settings

from escda_site.engine import engines

# Property-based tests (tests/test_properties_*.py): a bounded, deterministic run by
# default (a few hundred examples in all, the same ones on every run: CI stays stable);
# `pytest --hypothesis-profile=deep` searches far longer, with fresh random examples.
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
settings.register_profile("deep", max_examples=3000, deadline=None, suppress_health_check=_SLOW_OK)
settings.load_profile("escda")

# The session builds with the engine `escda build` uses (ESCDA_ENGINE, else the default),
# chosen before any test module imports `mkdocs`: ProperDocs takes those imports over.
engines.use()


# The bundled data built once (browser tests, claims), served once; one chromium.
@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory):
    from browser_helpers import AS_OF
    from sitecheck import ROOT, build

    return build(ROOT / "data", tmp_path_factory.mktemp("browser") / "site", AS_OF)


# The archive data set (tests/archive_data.py) built once: every kind of partial data.
@pytest.fixture(scope="session")
def archive_built_site(tmp_path_factory):
    from archive_data import AS_OF, write_archive

    from sitecheck import build

    root = tmp_path_factory.mktemp("archive-site")
    return build(write_archive(root / "data"), root / "site", AS_OF)


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


@pytest.fixture
def open_page(browser, base_url):
    """A page of the served site, optionally with the reader's clock and time zone set
    (test_browser.py has its own, which also blocks requests leaving the site)."""
    contexts, errors = [], []

    def open_page(width: int = 1280, now: datetime | None = None, zone: str = "Europe/Paris"):
        context = browser.new_context(
            base_url=base_url,
            viewport={"width": width, "height": 900},
            locale="fr-FR",
            timezone_id=zone,
        )
        contexts.append(context)
        page = context.new_page()
        if now is not None:
            page.clock.set_fixed_time(now)
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current generators (see tests/test_golden.py)",
    )


def pytest_collection_modifyitems(items):
    # Browser tests are slow too: `pytest -m "not slow"` is the quick run, browsers left out.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
