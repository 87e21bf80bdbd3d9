"""Every kit's per-area work is the same at 1,000 areas as at 10,000: no stage
does, for each article, work that grows with the number of areas (a list of
every area in the region hashed into every article's fingerprint made the
review stage, and so a build, grow with the square of the areas).

Work is counted, not timed: function calls (cProfile's count, which sees
every Python call, every call of a builtin and every step of a generator),
and the bytes hashed, stored and written per article, which catch work
done inside one C call (json.dumps of a long list). Each count is divided by the areas
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
    """The ONS table's shape, its last nine quarters, one story's category."""
    return write_ons(path, n, categories=(STORIES["ons"].category,), dates=ONS_DATES[-9:])


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
    costs["articles: JSON bytes"] = sum(len(a.json_bytes()) for a in articles) / SAMPLE

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


def test_the_fingerprint_still_follows_every_figure_an_article_states(tmp_path):
    """A region's list of rates is hashed once, not in every article, yet an
    article's fingerprint (how the review store tells that its figures
    changed) changes exactly when any of its values does: here two areas of
    one region trade figures, so the totals stay the same and the region's
    list of rates changes under every area of that region."""
    n = 300   # regions of 30 areas: their lists of rates are shared facts
    areas = write_areas(tmp_path / "areas.csv", n)
    data = write_home_office(tmp_path / "ho.csv", n)
    a, b = "Synthetic Area 00011", "Synthetic Area 00021"   # both in one region
    swapped = tmp_path / "swapped.csv"
    swapped.write_text(data.read_text().replace(a, "@").replace(b, a).replace("@", b))
    kit = STORIES["home_office"]
    before, after = ({slug: fs for slug, fs in plan_build([kit], data_override=d, areas_file=areas)
                      .kits[0][1].items()} for d in (data, swapped))
    assert before.keys() == after.keys()
    region = next(fs for fs in before.values() if fs.values.get("region") == "North West")
    assert "region_rates" in region.digests   # the fingerprint takes the list's digest
    changed = {s for s in before if before[s].values != after[s].values}
    differs = {s for s in before if before[s].fingerprint() != after[s].fingerprint()}
    assert changed == differs
    peers = {s for s, fs in before.items()   # (an area without a rate is not in the list)
             if fs.values["region"] == "North West" and "region_rates" in fs.digests}
    own = ("current", "previous", "rate", "rank", "region_rank")
    quiet = {s for s in peers if all(before[s].values[k] == after[s].values[k] for k in own)}
    assert quiet and quiet <= differs           # only the region's list changed under them
    assert set(before) - differs                # elsewhere some articles' figures stand
