"""Whole articles compared with reviewed golden copies in tests/golden/.

After a deliberate change of wording, regenerate them with
    .venv/bin/python -m pytest tests/test_golden.py --regen-golden
and read the diff before committing.
"""

from pathlib import Path

import pytest

from newsgen.build import BuildOptions, build
from newsgen.kit import select_kits

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    ("child-abuse-images", "derbyshire"),    # slight fall, breakdown
    ("child-abuse-images", "kent"),          # one year only
    ("child-abuse-images", "bedfordshire"),  # sharp rise
    ("child-abuse-images", "cambridgeshire"),  # clear fall, against the national trend
    ("ons-stalking-and-harassment", "derbyshire"),  # a change across the April 2018 break
    ("ons-sexual-offences", "south-yorkshire"),     # a 4.7% fall against the national trend
    ("ons-sexual-offences", "avon-and-somerset"),   # long run limited by a force's own break
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden-out")
    stories = tuple(sorted({k for k, _ in CASES}))
    build(select_kits(stories), BuildOptions(output=out, charts=False,
                                             force_names=tuple(sorted({s for _, s in CASES}))))
    return out


@pytest.mark.parametrize("kit, slug", CASES)
def test_article_matches_golden(built, request, kit, slug):
    actual = (built / "drafts" / kit / f"{slug}.txt").read_text(encoding="utf-8")
    golden = GOLDEN / kit / f"{slug}.txt"
    if request.config.getoption("--regen-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with --regen-golden"
    assert actual == golden.read_text(encoding="utf-8")
