"""Facts shared by many areas (a national total summed from every area, a
region's total) are cited once per story, not in every article: output and
the review store grow with the number of areas, not its square."""

import csv
import json
import re
import sqlite3
import threading
import urllib.request

import pytest

from benchmarks.synthetic import area_slug, write_areas, write_ons
from newsgen.facts import shared as shared_facts
from newsgen.build import BuildOptions, build
from newsgen.kit import kit_folder, read_kits
from newsgen.review.server import make_server

N = 120
STORY = "ons-stalking-and-harassment"   # the ONS kit's first story
SHARED = "_shared-facts.json"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared-in")
    return write_areas(folder / "areas.csv", N), write_ons(folder / "ons.csv", N)


def run(tmp_path, inputs):
    areas, data = inputs
    kit = next(k for k in read_kits(kit_folder("ons-recorded-crime")) if k.name == STORY)
    out = tmp_path / "out"
    build([kit], BuildOptions(output=out, data_override=data, areas_file=areas, charts=False))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory, inputs):
    return run(tmp_path_factory.mktemp("shared-out"), inputs)


def cell_value(source, cache={}):
    """A cited cell read straight from the CSV, independently of newsgen."""
    if source["file"] not in cache:
        with open(source["file"], newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
        cache[source["file"]] = rows
    rows = cache[source["file"]]
    return int(rows[source["line"] - 1][rows[0].index(source["column"])].replace(",", ""))


def review_pages(db, *paths: str) -> list[str]:
    """These pages of the review web page, served from the store `db`."""
    server = make_server(db, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        pages = []
        for path in paths:
            with urllib.request.urlopen(base + path) as resp:
                pages.append(resp.read().decode())
        return pages
    finally:
        server.shutdown()
        server.server_close()


def test_no_article_carries_every_areas_cell_of_the_national_total(built):
    docs = {p.stem: p for p in (built / "drafts" / STORY).glob("*.json") if p.name != SHARED}
    assert len(docs) == N
    # The old code wrote every area's cell of the national total (and of the
    # national series' extremes) into each article: 156 KB each at N = 120.
    assert max(p.stat().st_size for p in docs.values()) < 64_000
    for path in docs.values():
        doc = json.loads(path.read_text())
        for name, fact in doc["facts"].items():   # (an area's own series may cite more)
            if name.startswith(("national", "region")):
                assert len(fact.get("sources", [])) <= shared_facts.LIMIT, (path.stem, name)
        national = doc["facts"]["national_current"]
        assert national["cited_in"] == f"{STORY}/{SHARED}#national_current"
        assert national["cells"] >= N and "sources" not in national


def test_the_shared_file_lists_every_areas_cell_once_and_they_add_up(built):
    shared = json.loads((built / "drafts" / STORY / SHARED).read_text())
    assert shared["story"] == STORY
    national = shared["facts"]["national_current"]
    cells = national["sources"]
    assert national["cells"] == len(cells) == len({(c["file"], c["line"]) for c in cells}) >= N
    assert national["value"] == sum(cell_value(c) for c in cells)
    # each is the cell its area's own article cites for its current figure
    for i in (1, N // 2, N):
        doc = json.loads((built / "drafts" / STORY / f"{area_slug(i)}.json").read_text())
        assert all(c in cells for c in doc["facts"]["current"]["sources"])
        assert doc["facts"]["national_current"]["value"] == national["value"]


def test_the_review_store_keeps_the_cells_once_and_the_page_shows_where_they_are(built):
    db = sqlite3.connect(built / "review.db")
    largest = db.execute("SELECT max(length(facts)) FROM drafts").fetchone()[0]
    assert largest < 40_000   # 108 KB a draft before
    kit, period, key, fact = db.execute(
        "SELECT kit, period, key, fact FROM shared_facts WHERE key = 'national_current'").fetchone()
    assert (kit, key) == (STORY, "national_current") and len(json.loads(fact)["sources"]) >= N
    draft = db.execute("SELECT id FROM drafts WHERE slug = ?", (area_slug(7),)).fetchone()[0]
    db.close()

    page, fact_page = review_pages(built / "review.db", f"/draft/{draft}",
                                   f"/draft/{draft}/fact/national_current")
    assert re.search(rf'href="/draft/{draft}/fact/national_current"[^>]*>{N} cells</a>', page)
    page = fact_page
    first = json.loads(fact)["sources"][0]
    assert f"line {first['line']}, column {first['column']}" in page
    assert f"and {N - 20} more cells" in page and f"{STORY}/{SHARED}#national_current" in page
    assert "cannot be read" not in page


def test_region_facts_are_shared_per_region(tmp_path, inputs, monkeypatch):
    # N = 120 areas in 10 regions: 12 each, under the limit; with a lower
    # limit a region's totals are cited once per region.
    monkeypatch.setattr(shared_facts, "LIMIT", 5)
    out = run(tmp_path, inputs)
    shared = json.loads((out / "drafts" / STORY / SHARED).read_text())["facts"]
    docs = [json.loads(p.read_text()) for p in (out / "drafts" / STORY).glob("*.json") if p.name != SHARED]
    members: dict[str, list] = {}
    for doc in docs:
        members.setdefault(doc["region"], []).append(doc)
    assert len(members) == 10
    for region, group in members.items():
        refs = {d["facts"]["region_current"]["cited_in"] for d in group}
        assert len(refs) == 1, region
        entry = shared[refs.pop().partition("#")[2]]
        assert entry["region"] == region and entry["fact"] == "region_current"
        own = [c for d in group for c in d["facts"]["current"]["sources"]]
        assert sorted(map(str, entry["sources"])) == sorted(map(str, own))
        assert entry["value"] == sum(cell_value(c) for c in entry["sources"])


def test_a_regions_list_of_every_area_is_written_once_per_region(tmp_path, monkeypatch):
    """The Home Office kit's region_rates (every area of the region, for its
    chart): with more areas in a region than the limit, the list itself is
    in the shared file only."""
    from benchmarks.synthetic import write_home_office
    monkeypatch.setattr(shared_facts, "LIMIT", 5)
    areas = write_areas(tmp_path / "areas.csv", 60)
    data = write_home_office(tmp_path / "ho.csv", 60)
    kit = read_kits(kit_folder("home-office-obscene-publications"))[0]
    out = tmp_path / "out"
    build([kit], BuildOptions(output=out, data_override=data, areas_file=areas, charts=False))
    shared = json.loads((out / "drafts" / kit.name / SHARED).read_text())["facts"]
    docs = [json.loads(p.read_text()) for p in (out / "drafts" / kit.name).glob("*.json")
            if p.name != SHARED]
    assert len(docs) == 60
    for doc in docs:
        fact = doc["facts"]["region_rates"]
        assert "value" not in fact and "sources" not in fact
        entry = shared[fact["cited_in"].partition("#")[2]]
        assert entry["region"] == doc["region"] and fact["items"] == len(entry["value"]) == 6
        assert doc["slug"] in {r["slug"] for r in entry["value"]}
        rate = doc["facts"]["rate"]["value"]
        assert any(r["slug"] == doc["slug"] and r["rate"] == rate for r in entry["value"])
    db = sqlite3.connect(out / "review.db")
    draft = db.execute("SELECT id FROM drafts WHERE slug = ?", (docs[0]["slug"],)).fetchone()[0]
    db.close()
    page, fact_page = review_pages(out / "review.db", f"/draft/{draft}",
                                   f"/draft/{draft}/fact/region_rates")
    assert f"6 items, in {docs[0]['facts']['region_rates']['cited_in']}" in page
    assert fact_page.count("cell-hit") >= 6   # the region's areas' cells, each shown
