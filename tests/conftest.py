import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output")


@pytest.fixture
def nspcc_csv(tmp_path):
    """A private copy of the shipped NSPCC CSV that a test may edit."""
    dest = tmp_path / "nspcc.csv"
    shutil.copy(DATA / "nspcc-child-abuse-image-offences-2018.csv", dest)
    return dest
