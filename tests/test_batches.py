"""A build goes through its areas a batch at a time (newsgen/build/batches.py), so
its memory does not grow with the number of areas. The output must not
depend on where the batches are cut or how many processes run them; an
area's own feed still holds every story of its area; and the feeds that
gather many areas keep their newest FEED_LIMIT items, across batches."""

import csv
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from benchmarks.synthetic import write_areas, write_tidy
from newsgen import parallel
from newsgen.publish import outputs as publish
from newsgen.cli import cli
from newsgen.paths import SCOPE_FILE
from newsgen.review.store import ReviewStore

KIT = "child-abuse-images"
LATER = "2030-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    return write_areas(folder / "areas.csv", 60), write_tidy(folder / "tidy.csv", 60)


def build(out: Path, kits: Path, areas: Path, data: Path | None, *extra: str, now: str = LATER):
    story = (["--story", KIT, "--data", str(data)] if data      # else: the kits' own data
             else ["--story", KIT, "--story", "copy"])
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--kits", str(kits), *story,
                                      "--areas", str(areas), "--no-charts",
                                      "--now", now, "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result


def tree(folder: Path) -> dict[str, bytes]:
    """The output, without the review database and the record of how the
    build was run (its --jobs), which are not output."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and not p.name.startswith("review.db") and p.name != SCOPE_FILE}


def drafts(folder: Path) -> list[tuple]:
    with ReviewStore(folder / "review.db") as store:
        return [tuple(r) for r in store.db.execute("SELECT id, key, status FROM drafts ORDER BY id")]


def guids(path: Path) -> list[str]:
    return [e.id for e in feedparser.parse(path.read_bytes()).entries]


def two_stories(tmp_path: Path, released_kits: Path, data: Path) -> Path:
    """The released kit and a copy of it under another name, both reading the
    synthetic data: two stories per area."""
    kits = tmp_path / "kits"
    for name in (KIT, "copy"):
        shutil.copytree(released_kits / KIT, kits / name)
        toml = (kits / name / "kit.toml").read_text()
        toml = re.sub(r'(?m)^file = ".*"$', f'file = "{data.as_posix()}"', toml, count=1)
        (kits / name / "kit.toml").write_text(toml.replace(f'name = "{KIT}"', f'name = "{name}"', 1))
    return kits


def test_where_the_batches_are_cut_changes_no_byte(tmp_path, synthetic, released_kits, monkeypatch,
                                                   worker_pools):
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 0)
    areas, data = synthetic
    kits = two_stories(tmp_path, released_kits, data)
    build(tmp_path / "whole", kits, areas, None)                     # one batch
    monkeypatch.setattr(parallel, "CHUNK", 7)
    build(tmp_path / "cut", kits, areas, None)                       # batches, one process
    build(tmp_path / "two", kits, areas, None, "--jobs", "2")
    assert worker_pools == [2]                                      # it really forked
    whole = tree(tmp_path / "whole")
    assert tree(tmp_path / "cut") == whole and tree(tmp_path / "two") == whole
    # the drafts are numbered in area order, however the workers ran
    assert drafts(tmp_path / "cut") == drafts(tmp_path / "whole") == drafts(tmp_path / "two")
    # every area's feed has its two stories, and the all-stories feed all 120
    assert len(guids(tmp_path / "cut" / "public" / "feeds" / "all.xml")) == 120
    assert sorted(guids(tmp_path / "cut" / "public" / "feeds" / "synthetic-area-00060.xml")) == \
        [f"urn:newsgen:{kit}:synthetic-area-00060:2017-18" for kit in (KIT, "copy")]


def test_gathering_feeds_keep_their_newest_items_across_batches(tmp_path, synthetic, released_kits,
                                                                 monkeypatch):
    areas, data = synthetic
    monkeypatch.setattr(parallel, "CHUNK", 7)
    monkeypatch.setattr(publish, "FEED_LIMIT", 5)
    out = tmp_path / "out"
    build(out, released_kits, areas, data)
    # Every item has the same time (the kit's release): the newest five are
    # the first five keys.
    first = [f"urn:newsgen:{KIT}:synthetic-area-{i:05d}:2017-18" for i in range(1, 6)]
    assert guids(out / "public" / "feeds" / "all.xml") == first
    # Three late areas' figures are corrected: their new versions are the newest.
    changed = tmp_path / "changed.csv"
    with open(data, newline="") as fh, open(changed, "w", newline="") as out_fh:
        rows = list(csv.reader(fh))
        for row in rows[1:]:
            if row[0] in ("Synthetic Area 00041", "Synthetic Area 00052", "Synthetic Area 00058") \
                    and row[1] == "2017-18" and row[2] == "all":
                row[3] = str(int(row[3]) + 1)
        csv.writer(out_fh, lineterminator="\n").writerows(rows)
    build(out, released_kits, areas, changed, now="2031-01-01T00:00:00+00:00")
    newest = [f"urn:newsgen:{KIT}:synthetic-area-{i:05d}:2017-18" for i in (41, 52, 58)]
    assert guids(out / "public" / "feeds" / "all.xml") == newest + first[:2]
    assert guids(out / "public" / "feeds" / "all.atom") == newest + first[:2]
    # A region's feed is cut the same way; an area's own feed never is.
    region = feedparser.parse((out / "public" / "feeds" / "regions" / "wales.xml").read_bytes())
    assert len(region.entries) == 5
    assert len(guids(out / "public" / "feeds" / "synthetic-area-00030.xml")) == 1


def test_facts_made_area_by_area_are_the_facts_made_at_once(synthetic):
    """A build of a kit without extended facts holds a row of numbers per area
    and makes each area's facts as its batch needs them: the same facts."""
    from newsgen.build import plan_build
    from newsgen.facts.factset import LazyFacts
    from newsgen.sources.forces import load_forces
    from newsgen.kit import kit_folder, read_kit, read_kits
    from newsgen.facts.kit_facts import KitData

    areas, data = synthetic
    kit = read_kit(kit_folder(KIT))
    loaded = KitData(load_forces(areas), data)
    lazy, eager = loaded.facts(kit, lazy=True), loaded.facts(kit)
    assert isinstance(lazy, LazyFacts) and isinstance(eager, dict)
    assert list(lazy) == list(eager) and len(lazy) == 60
    assert all(lazy[slug].facts == eager[slug].facts for slug in eager)
    plan = plan_build([kit], (), data, (), areas)
    assert isinstance(plan.kits[0][1], LazyFacts)
    # a kit whose later steps need every area's facts at once is not lazy
    ons = read_kits(kit_folder("ons-recorded-crime"))[0]
    assert not isinstance(plan_build([ons]).kits[0][1], LazyFacts)
