"""Every kit's per-area work is the same at 1,000 areas as at 10,000: no stage
does, for each article, work that grows with the number of areas (a list of
every area in the region hashed into every article's fingerprint made the
review stage, and so a build, grow with the square of the areas).

Work is counted, not timed: function calls (cProfile's count, which sees
every Python call, every call of a builtin and every step of a generator),
and the bytes hashed and stored per article, which catch work done inside
one C call (json.dumps of a long list). Each count is divided by the areas
(or, for the review store, by the articles synced); it may not grow by more
than half from 1,000 to 10,000 areas.
"""

from __future__ import annotations

import cProfile
import hashlib
import pstats

import pytest

from benchmarks.synthetic import ONS_DATES, write_areas, write_home_office, write_ons, write_tidy
from newsgen.build.plan import plan_build, render
from newsgen.facts.shared import shared_files
from newsgen.kit import kit_folder, read_kits
from newsgen.review import sync
from newsgen.review.store import ReviewStore

SIZES = (1_000, 10_000)
GROWTH = 1.5      # the most a per-area count may grow from 1,000 to 10,000 areas
SAMPLE = 40       # articles synced into the review store at each size


def _ons(path, n):
    """The ONS table's shape, its last three years, one story's category."""
    return write_ons(path, n, categories=(STORIES["ons"].category,), dates=ONS_DATES[-12:])


def _kit(folder: str):
    return read_kits(kit_folder(folder))[0]


STORIES = {"tidy": _kit("child-abuse-images"), "home_office": _kit("home-office-obscene-publications"),
           "ons": _kit("ons-recorded-crime")}
WRITERS = {"tidy": write_tidy, "home_office": write_home_office, "ons": _ons}


def calls(fn):
    """(fn's result, how many calls it made)."""
    profile = cProfile.Profile()
    result = profile.runcall(fn)
    return result, pstats.Stats(profile).total_calls


class Hashed:
    """Counts the bytes given to SHA-256 (the fingerprint's, the digests')."""

    def __init__(self, monkeypatch):
        self.bytes, real = 0, hashlib.sha256

        def counting(data=b"", *args, **kwargs):
            self.bytes += len(data)
            return real(data, *args, **kwargs)
        monkeypatch.setattr(hashlib, "sha256", counting)


def per_area_costs(kit, n: int, folder, monkeypatch) -> dict[str, float]:
    folder.mkdir()
    areas = write_areas(folder / "areas.csv", n)
    data = WRITERS[kit.loader](folder / "data.csv", n)
    plan, facts_calls = calls(lambda: plan_build([kit], data_override=data, areas_file=areas))
    _writer, per_area = plan.kits[0]
    assert len(per_area) > 0.9 * n
    costs = {"load and facts: calls": facts_calls / n}

    articles = render(plan.todo(0, SAMPLE))
    stored = []
    real_facts_json = sync.facts_json
    monkeypatch.setattr(sync, "facts_json",
                        lambda facts: stored.append(real_facts_json(facts)) or stored[-1])
    hashed = Hashed(monkeypatch)
    with ReviewStore(folder / "review.db") as store:
        counts, review_calls = calls(lambda: store.sync(articles, {}))
    assert counts["new"] == len(articles) == SAMPLE
    costs["review: calls"] = review_calls / SAMPLE
    costs["review: bytes hashed"] = hashed.bytes / SAMPLE
    costs["review: facts bytes stored"] = sum(map(len, stored)) / SAMPLE
    monkeypatch.undo()

    files, shared_calls = calls(lambda: shared_files(plan.writers))
    costs["shared facts: calls"] = shared_calls / n
    costs["shared facts: bytes"] = sum(len(data) for _path, data in files) / n
    return costs


@pytest.mark.parametrize("loader", list(STORIES))
def test_per_area_work_does_not_grow_with_the_areas(loader, tmp_path, monkeypatch):
    kit = STORIES[loader]
    small, large = (per_area_costs(kit, n, tmp_path / str(n), monkeypatch) for n in SIZES)
    grown = {what: round(large[what] / small[what], 2) for what in small if small[what]}
    print(kit.name, grown)
    assert all(g <= GROWTH for g in grown.values()), (kit.name, grown, small, large)
