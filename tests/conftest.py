import pytest


# The bundled data built once (browser tests, claims), served once; one chromium.
@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory):
    from browser_helpers import AS_OF
    from sitecheck import ROOT, build

    return build(ROOT / "data", tmp_path_factory.mktemp("browser") / "site", AS_OF)


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
