import sys
from pathlib import Path

# Test helpers (minidata, factories) are plain modules beside the tests.
sys.path.insert(0, str(Path(__file__).parent))


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current generators (see tests/test_golden.py)",
    )
