import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "newsgen" / "shipped" / "data"
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


@pytest.fixture(scope="session")
def released_kits(tmp_path_factory):
    """A kits folder holding the shipped kit with `auto_release = true`, so its
    stories go out without review: for tests of feeds and ninjs, which are
    about released stories (review itself is tested in test_review_*)."""
    kits = tmp_path_factory.mktemp("released-kits")
    folder = kits / "child-abuse-images"
    shutil.copytree(ROOT / "newsgen" / "shipped" / "kits" / "child-abuse-images", folder)
    toml = (folder / "kit.toml").read_text()
    toml = toml.replace('file = "../../data/', f'file = "{DATA.as_posix()}/')
    toml, n = re.subn(r"(?m)^auto_release = .*$", "auto_release = true", toml)
    assert n == 1
    (folder / "kit.toml").write_text(toml)
    return kits


@pytest.fixture
def worker_pools(monkeypatch):
    """The size of every pool of forked workers newsgen starts while the test
    runs ([] when all the work stayed in one process)."""
    import multiprocessing.context

    sizes = []
    real = multiprocessing.context.ForkContext.Pool

    def spy(self, processes=None, *args, **kwargs):
        sizes.append(processes)
        return real(self, processes, *args, **kwargs)

    monkeypatch.setattr(multiprocessing.context.ForkContext, "Pool", spy, raising=False)
    return sizes


@pytest.fixture(scope="session")
def shipped_output(tmp_path_factory):
    """One build of every shipped story for every force (no charts), for the
    tests that read the whole output as a desk would (test_lint, test_angles)."""
    from click.testing import CliRunner

    from newsgen.cli import cli

    out = tmp_path_factory.mktemp("shipped") / "output"
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--no-charts", "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out
