"""The synthetic data the benchmarks build from (benchmarks/synthetic.py): a
writer for each data loader a kit can name, whose file that loader reads and
every story of the kit builds from, an article for every area with none
withheld by the fact check; in the shipped file's shape (same header, the
same periods), with its awkward cases; every row labelled synthetic.
(Speed is measured in benchmarks/bench_build.py, never here.)"""

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.synthetic import (GENERATORS, ONS_OTHER, area_slug, ons_categories, write_areas,
                                  write_home_office, write_ons)
from newsgen.cli import cli
from newsgen.sources.forces import load_forces
from newsgen.kit import find_kits, read_kits
from newsgen.sources.home_office import load_home_office
from newsgen.sources.ons import load_ons
from newsgen.sources.loaders import LOADERS

ROOT = Path(__file__).resolve().parent.parent
# 100 areas: area 97 has no population in the areas table, so the national
# rate (a sum over every area) is unknown, as for any table with a gap.
N = 100


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("synthetic")


@pytest.fixture(scope="module")
def areas(folder):
    return write_areas(folder / "areas.csv", N)


@pytest.fixture(scope="module")
def data(folder):
    return {loader: write(folder / f"{loader}.csv", N) for loader, (write, _) in GENERATORS.items()}


def kit_folders(loader: str) -> list[Path]:
    """The kits a build of every story builds (not those built on demand:
    the generic category kit has its own test below)."""
    return [f for f in find_kits() if read_kits(f)[0].loader == loader
            and not read_kits(f)[0].on_demand]


def test_every_loader_a_kit_names_has_a_generator():
    assert {read_kits(f)[0].loader for f in find_kits()} <= set(GENERATORS)
    assert set(GENERATORS) <= set(LOADERS)


@pytest.mark.parametrize("loader", sorted(GENERATORS))
def test_every_story_builds_an_article_for_every_area(tmp_path, areas, data, loader):
    folders = kit_folders(loader)
    assert folders, f"no kit reads the {loader!r} loader"
    expected = {area_slug(i) for i in range(1, N + 1)}
    for folder in folders:
        stories = read_kits(folder)
        out = tmp_path / folder.name
        result = CliRunner().invoke(cli, ["build", "--all-forces", "--story", folder.name,
                                          "--areas", str(areas), "--data", str(data[loader]),
                                          "--no-charts", "-o", str(out)])
        assert result.exit_code == 0, result.output     # 3 if the fact check withheld any
        assert "WITHHELD" not in result.output and "skipped 0" in result.output
        angles = set()
        for story in stories:
            for ext in ("txt", "html", "json"):
                assert {p.stem for p in (out / "drafts" / story.name).glob(f"*.{ext}")
                        if p.name != "_shared-facts.json"} == expected, \
                    (story.name, ext)
            docs = [json.loads(p.read_text()) for p in (out / "drafts" / story.name).glob("*.json")
                    if p.name != "_shared-facts.json"]
            assert all(d["headline"] and d["paragraphs"] for d in docs)
            angles |= {d["angle"]["name"] for d in docs}
            # --areas: the population comes from the areas table, not the
            # kit's population file (which names the 43 real forces).
            doc = json.loads((out / "drafts" / story.name / "synthetic-area-00001.json").read_text())
            assert doc["facts"]["population"]["sources"][0]["file"].endswith("areas.csv")
            assert doc["facts"]["population"]["value"] > 0
        files = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith("review.db")]
        assert f"wrote {N * len(stories)} articles ({len(files)} files)" in result.output
        assert len(angles) > 1     # the figures vary enough to give different stories
        if loader == "ons":        # the series back to 2003 gives the record angles
            assert {"record-high", "record-low"} <= angles


def test_the_ons_table_has_the_shipped_tables_header_periods_and_categories(areas, data):
    shipped = ROOT / "newsgen" / "shipped" / "data" / "ons-recorded-crime-pfa-2003-2018.csv"
    with open(shipped, encoding="utf-8") as a, open(data["ons"], encoding="utf-8") as b:
        assert a.readline() == b.readline()
    real = load_ons(shipped, load_forces())
    made = load_ons(data["ons"], load_forces(areas))
    assert made.periods == real.periods          # March 2003 to December 2018, 52 of them
    assert set(ons_categories()) < set(made.frame["category"])
    assert set(ons_categories()) <= set(real.frame["category"])
    frame = made.frame
    story = frame[frame["category"].isin(ons_categories())]
    firsts = story.groupby("area")["period"].min()
    assert (firsts == "2003-03-31").mean() > 0.9 and (firsts > "2003-03-31").any()   # a first year
    points = story.groupby(["area", "category"]).size()
    assert (points == 52).mean() > 0.9 and (points < 52).any()                   # gaps
    current = story[story["period"] == "2018-12-31"]
    assert set(current["area"]) == {area_slug(i) for i in range(1, N + 1)}
    assert (current["value"] == 0).any() and (current["value"] > 0).mean() > 0.9
    assert (frame[frame["category"] == ONS_OTHER]["value"] < 0).any()           # as published
    assert (story["value"] >= 0).all()


def test_the_home_office_table_has_the_shipped_tables_header_and_quirks(areas, data):
    shipped = ROOT / "newsgen" / "shipped" / "data" / "home-office-prc-pfa-2017-18.csv"
    with open(shipped, encoding="utf-8") as a, open(data["home_office"], encoding="utf-8") as b:
        assert a.readline() == b.readline()
    with open(data["home_office"], newline="", encoding="utf-8") as fh:
        counts = [row["Number of Offences"] for row in csv.DictReader(fh)]
    assert "-00 " in counts                                                     # zero
    assert any(c.strip().startswith("-") and c.strip() != "-00" for c in counts)  # adjustments
    assert all(c.startswith((" ", "-")) and c.endswith(" ") for c in counts)    # padded
    made = load_home_office(data["home_office"], load_forces(areas), codes={"86"})
    assert made.periods == ["2017-18"]
    assert set(made.frame["area"]) == {area_slug(i) for i in range(1, N + 1)}
    assert (made.frame["value"] == 0).any() and (made.frame["value"] < 20).any()
    assert (made.frame["lines"].map(len) == 3).any()                            # a quarter missing
    assert len(set(load_home_office(data["home_office"], load_forces(areas))
                   .frame["category"])) == 3                                    # other codes too


@pytest.mark.parametrize("loader", sorted(GENERATORS))
def test_every_row_is_labelled_synthetic(data, loader):
    with open(data[loader], newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    assert rows and all("synthetic" in ",".join(row).lower() for row in rows)


def test_the_generators_are_seeded(tmp_path):
    for write in (write_ons, write_home_office):
        first, second = write(tmp_path / "a.csv", 30), write(tmp_path / "b.csv", 30)
        assert first.read_bytes() == second.read_bytes()
        assert write(tmp_path / "c.csv", 30, seed=99).read_bytes() != first.read_bytes()


def test_a_population_file_for_none_of_the_areas_gives_way_to_the_areas_table(tmp_path):
    from newsgen.errors import DataError
    from newsgen.facts.kit_facts import KitData

    kit = read_kits(ROOT / "newsgen" / "shipped" / "kits" / "ons-recorded-crime")[0]
    assert kit.population_file is not None
    other = load_forces(write_areas(tmp_path / "other.csv", 3))
    assert KitData(other).population(kit) is None       # compute_facts then uses the table's
    # A table with one of the real forces' codes: the file covers it but not
    # the others, which is still an error.
    mixed = write_areas(tmp_path / "mixed.csv", 3)
    mixed.write_text(mixed.read_text().replace("X99000001", "E23000036"))
    with pytest.raises(DataError, match="no population for Synthetic Area 00002"):
        KitData(load_forces(mixed)).population(kit)
    assert KitData(load_forces()).population(kit).of("kent") > 0   # the shipped table as before


def test_the_generic_category_kit_writes_every_category_for_every_area(tmp_path):
    """Any of the ONS table's categories, for any area, from the on-demand
    kit: synthetic figures with their awkward cases (a first year after 2003,
    gaps, zeros), none withheld by the fact check."""
    stories = read_kits(ROOT / "newsgen" / "shipped" / "kits" / "ons-category")
    n = 12
    areas = write_areas(tmp_path / "areas.csv", n)
    # (the writer adds ONS_OTHER itself, with the negative totals the table has)
    data = write_ons(tmp_path / "ons.csv", n,
                     categories=tuple(s.category for s in stories if s.category != ONS_OTHER))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--story", "ons-category",
                                      "--areas", str(areas), "--data", str(data),
                                      "--no-charts", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "WITHHELD" not in result.output
    negative = {story.name: set() for story in stories}
    for line in result.output.splitlines():
        if line.startswith("skipped "):
            assert "is negative" in line, line      # a published adjustment, never a story
            name = line.split("(", 1)[1].split(")", 1)[0]
            negative[name].add(line)
    for story in stories:
        made = {p.stem for p in (out / "drafts" / story.name).glob("*.txt")}
        assert len(made) + len(negative[story.name]) == n, story.name
        if story.category != ONS_OTHER:      # (the writer's negative totals are in that one)
            assert len(made) == n, story.name
