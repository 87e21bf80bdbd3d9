"""A build goes through its areas a batch at a time (newsgen/batches.py), so
its memory does not grow with the number of areas. The output must not
depend on where the batches are cut or how many processes run them; an
area's own feed still holds every story of its area; and the feeds that
gather many areas keep their newest FEED_LIMIT items, across batches."""

import csv
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from benchmarks.synthetic import write_areas, write_tidy
from newsgen import parallel, publish
from newsgen.cli import cli
from newsgen.review import ReviewStore

KIT = "child-abuse-images"
LATER = "2030-01-01T00:00:00+00:00"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    return write_areas(folder / "areas.csv", 60), write_tidy(folder / "tidy.csv", 60)


def build(out: Path, kits: Path, areas: Path, data: Path, *extra: str, now: str = LATER):
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--kits", str(kits), "--story", KIT,
                                      "--areas", str(areas), "--data", str(data), "--no-charts",
                                      "--now", now, "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith("review.db")}


def drafts(folder: Path) -> list[tuple]:
    with ReviewStore(folder / "review.db") as store:
        return [tuple(r) for r in store.db.execute("SELECT id, key, status FROM drafts ORDER BY id")]


def guids(path: Path) -> list[str]:
    return [e.id for e in feedparser.parse(path.read_bytes()).entries]


def test_where_the_batches_are_cut_changes_no_byte(tmp_path, synthetic, released_kits, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 0)
    build(tmp_path / "whole", released_kits, *synthetic)          # one batch
    monkeypatch.setattr(parallel, "CHUNK", 7)
    build(tmp_path / "cut", released_kits, *synthetic)            # nine batches, one process
    build(tmp_path / "two", released_kits, *synthetic, "--jobs", "2")
    assert parallel.last_processes == 2
    whole = tree(tmp_path / "whole")
    assert tree(tmp_path / "cut") == whole and tree(tmp_path / "two") == whole
    # the drafts are numbered in area order, however the workers ran
    assert drafts(tmp_path / "cut") == drafts(tmp_path / "whole") == drafts(tmp_path / "two")
    # every area's feed has its story, and the all-stories feed all 60
    assert len(guids(tmp_path / "cut" / "feeds" / "all.xml")) == 60
    assert guids(tmp_path / "cut" / "feeds" / "synthetic-area-00060.xml") == \
        [f"urn:newsgen:{KIT}:synthetic-area-00060:2017-18"]


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
    assert guids(out / "feeds" / "all.xml") == first
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
    assert guids(out / "feeds" / "all.xml") == newest + first[:2]
    assert guids(out / "feeds" / "all.atom") == newest + first[:2]
    # A region's feed is cut the same way; an area's own feed never is.
    region = feedparser.parse((out / "feeds" / "regions" / "wales.xml").read_bytes())
    assert len(region.entries) == 5
    assert len(guids(out / "feeds" / "synthetic-area-00030.xml")) == 1
