"""Charts: each article's chart shows its own figures and nothing else, the same
figures give the same bytes, and --no-charts draws nothing.

The figures are read back from the SVG (text stays text) and compared with the
facts in the article JSON, or with the shipped CSV itself, never with the
chart's own recorded data alone.
"""

import copy
import csv
import html
import json
import re
import shutil
import struct
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.charts import draw as charts
from newsgen.build import build_articles
from newsgen.cli import cli
from newsgen.errors import NewsgenError
from newsgen.kit import read_kit

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "newsgen" / "shipped" / "kits" / "child-abuse-images"
SVG = "{http://www.w3.org/2000/svg}"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("charts") / "out"
    result = run("build", "--all-forces", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out / "drafts" / "child-abuse-images"


def svg_texts(svg: bytes) -> dict[str, list[str]]:
    """Every text in the SVG, by the id of the group that holds it."""
    root = ET.fromstring(svg)
    out: dict[str, list[str]] = {}
    for group in root.iter(f"{SVG}g"):
        texts = [t.text for t in group.findall(f"{SVG}text")]
        if texts:
            out.setdefault(group.get("id"), []).extend(texts)
    return out


def bar_heights(svg: bytes, prefix: str) -> list[float]:
    """Heights of the bars with ids prefix-0, prefix-1, ..., in that order."""
    root = ET.fromstring(svg)
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    heights, i = [], 0
    while f"{prefix}-{i}" in groups:
        d = groups[f"{prefix}-{i}"].find(f"{SVG}path").get("d")
        ys = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)][1::2]
        heights.append(max(ys) - min(ys))
        i += 1
    return heights


def number(label: str) -> float:
    return float(label.replace("\u2212", "-").replace(",", "").rstrip("%"))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def nspcc_rows() -> dict[tuple[str, str], int]:
    with open(ROOT / "newsgen" / "shipped" / "data" / "nspcc-child-abuse-image-offences-2018.csv", newline="") as fh:
        return {(r["force"], r["period"]): int(r["offences"])
                for r in csv.DictReader(fh) if r["category"] == "all"}


def test_every_article_has_a_chart_of_exactly_its_own_figures(built):
    rows = nspcc_rows()
    docs = sorted(built.glob("*.json"))
    assert len(docs) == 15
    for doc_path in docs:
        doc = json.loads(doc_path.read_text())
        facts = {k: v["value"] for k, v in doc["facts"].items()}
        [chart] = doc["charts"]
        assert chart["svg"] == f"child-abuse-images/{doc['slug']}.svg"
        svg = (built / chart["svg_name"]).read_bytes()
        assert png_size((built / chart["png_name"]).read_bytes()) == (600, 450)
        texts = svg_texts(svg)
        cur_p, prev_p = facts["current_period"], facts["previous_period"]
        # the shipped CSV is the ground truth for the bars
        expected = [rows[(doc["force"], p)] for p in (prev_p, cur_p) if (doc["force"], p) in rows]
        shown = [int(number(texts[f"value-{i}"][0])) for i in range(len(expected))]
        assert shown == expected, doc["slug"]
        assert f"value-{len(expected)}" not in texts
        heights = bar_heights(svg, "bar")
        assert len(heights) == len(expected)
        if len(expected) == 2:
            assert heights[0] / heights[1] == pytest.approx(expected[0] / expected[1], rel=1e-4)
        # the change panel: the force's change (if any), then the national change
        changes = [facts["change_pct"]] if facts["previous"] is not None else []
        changes.append(facts["national_change_pct"])
        labels = [texts[f"change-{i}"][0] for i in range(len(changes))]
        for label, value in zip(labels, changes):
            assert number(label) == pytest.approx(value, abs=0.5), (doc["slug"], label, value)
            assert (label[0] == "+") == (value > 0)
        assert f"change-{len(changes)}" not in texts
        change_bars = bar_heights(svg, "change-bar")
        assert len(change_bars) == len(changes)
        if len(changes) == 2 and min(abs(c) for c in changes) > 1:
            assert change_bars[0] / change_bars[1] == pytest.approx(
                abs(changes[0] / changes[1]), rel=1e-3)
        # no figure appears that is not one of the article's
        allowed = {f"{v:,}" for v in expected} | set(labels) | {cur_p, prev_p}
        for group, strings in texts.items():
            if group in ("title", "subtitle"):
                continue
            for s in strings:
                if re.search(r"\d", s):
                    assert s in allowed, (doc["slug"], group, s)
        assert doc["force"] in texts["title"][0]
        assert texts["source"] == ["Source: NSPCC"]
        # what the JSON says was drawn is what the SVG shows
        assert chart["data"]["values"] == expected
        assert f"{expected[-1]:,}" in chart["alt"] and doc["force"] in chart["alt"]


def test_article_html_embeds_the_chart_with_its_alt_text(built):
    class Images(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                self.found.append(dict(attrs))

    doc = json.loads((built / "derbyshire.json").read_text())
    parser = Images()
    parser.feed((built / "derbyshire.html").read_text())
    assert parser.found == [{"src": "derbyshire.svg", "alt": doc["charts"][0]["alt"],
                             "width": "600", "height": "450"}]
    assert (built / "derbyshire.svg").is_file()


def test_two_builds_give_identical_chart_files(built, tmp_path):
    again = tmp_path / "again"
    assert run("build", "--all-forces", "-o", str(again)).exit_code == 0
    names = sorted(p.name for p in built.iterdir() if p.suffix in (".svg", ".png"))
    assert len(names) == 30
    assert names == sorted(p.name for p in (again / "drafts" / "child-abuse-images").iterdir()
                           if p.suffix in (".svg", ".png"))
    for name in names:
        assert (built / name).read_bytes() == \
            (again / "drafts" / "child-abuse-images" / name).read_bytes(), name
    svg = (built / "derbyshire.svg").read_text()
    assert "<dc:date>" not in svg and "Matplotlib" not in svg
    assert b"Software" not in (built / "derbyshire.png").read_bytes()


def region_kit():
    """The NSPCC kit, set to show each force against its region."""
    kit = read_kit(KIT)
    kit.raw["chart"] = {"type": "rate-vs-region"}
    return kit


def test_no_charts_draws_nothing(tmp_path):
    result = run("build", "--force", "Derbyshire", "--no-charts", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "drafts" / "child-abuse-images"
    assert sorted(p.suffix for p in folder.iterdir()) == [".html", ".json", ".txt"]
    assert "charts" not in json.loads((folder / "derbyshire.json").read_text())
    assert "<img" not in (folder / "derbyshire.html").read_text()


def test_rate_vs_region_shows_each_forces_rate_in_the_region():
    kit = region_kit()
    articles, _, _ = build_articles([kit])
    essex = next(a for a in articles if a.slug == "essex")
    svg, png = charts.render(charts.chart_spec(essex, kit, "rate-vs-region"))
    texts = svg_texts(svg)
    # independent figures: the CSV's offences over the reference table's population
    with open(ROOT / "newsgen" / "shipped" / "data" / "police-forces.csv", newline="") as fh:
        table = {r["short_name"]: r for r in csv.DictReader(fh)}
    rows = nspcc_rows()
    east = {name: rows[(name, "2017-18")] / int(table[name]["population_mid2018"]) * 100_000
            for name, row in table.items()
            if row["region"] == "East" and (name, "2017-18") in rows}
    assert len(east) == 4
    shown = {texts[f"area-{i}"][0]: number(texts[f"rate-{i}"][0]) for i in range(len(east))}
    assert f"area-{len(east)}" not in texts
    assert shown == {name: pytest.approx(rate, abs=0.05) for name, rate in east.items()}
    assert list(shown.values()) == sorted(shown.values(), reverse=True)
    combined = (sum(rows[(n, "2017-18")] for n in east)
                / sum(int(table[n]["population_mid2018"]) for n in east) * 100_000)
    assert number(texts["region"][0].split(": ")[1]) == pytest.approx(combined, abs=0.05)
    assert png_size(png) == (600, 450)


def series_article(points):
    kit = read_kit(KIT)
    articles, _, _ = build_articles([kit], ("Derbyshire",))
    article = copy.copy(articles[0])
    article.facts = copy.deepcopy(article.facts)
    article.facts.add("series", points)
    return article, kit


def test_series_chart_draws_every_point_and_marks_the_latest():
    points = [{"period": f"{2003 + i}-03-31", "value": 1000 + 37 * i * i} for i in range(16)]
    article, kit = series_article(points)
    assert charts.choose_type("auto", article.facts.values) == "series"
    spec = charts.chart_spec(article, kit, "series")
    svg, png = charts.render(spec)
    texts = svg_texts(svg)
    assert texts["latest"] == [f"{points[-1]['value']:,}", "2018"]
    # the line's vertices, in the SVG's own coordinates, are the values scaled
    root = ET.fromstring(svg)
    line = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "series-line")
    ys = [float(y) for y in re.findall(r"[ML] -?[\d.]+ (-?[\d.]+)", line.find(f"{SVG}path").get("d"))]
    assert len(ys) == len(points)
    base = ys[0] + (ys[1] - ys[0]) * points[0]["value"] / (points[0]["value"] - points[1]["value"])
    scale = (base - ys[0]) / points[0]["value"]
    for y, p in zip(ys, points):
        assert (base - y) / scale == pytest.approx(p["value"], rel=1e-3)
    years = [texts[g][0] for g in texts if g.startswith("x-")]
    assert years[0] == "2003" and years[-1] == "2018" and len(years) >= 5
    assert set(years) <= {p["period"][:4] for p in points}
    ticks = [number(texts[g][0]) for g in texts if g.startswith("y-")]
    assert ticks[0] == 0 and max(ticks) >= max(p["value"] for p in points)
    assert spec["data"]["values"] == [p["value"] for p in points]
    assert png_size(png) == (600, 450)


def test_kit_chooses_its_chart_in_kit_toml(tmp_path):
    kits = tmp_path / "kits"
    shutil.copytree(KIT, kits / "child-abuse-images")
    toml = kits / "child-abuse-images" / "kit.toml"
    text = toml.read_text().replace("file = \"../../data/", f"file = \"{ROOT}/newsgen/shipped/data/")
    shipped = 'type = "this-year-vs-last"'
    assert shipped in text
    toml.write_text(text.replace(shipped, 'type = "rate-vs-region"'))
    out = tmp_path / "out"
    assert run("build", "--force", "Kent", "--kits", str(kits), "-o", str(out)).exit_code == 0
    doc = json.loads((out / "drafts" / "child-abuse-images" / "kent.json").read_text())
    assert doc["charts"][0]["type"] == "rate-vs-region"
    assert [r["area"] for r in doc["charts"][0]["data"]["rates"]] == ["Hampshire", "Kent"]

    toml.write_text(text.replace(shipped, 'type = "none"'))
    assert run("build", "--force", "Kent", "--kits", str(kits), "-o", str(out)).exit_code == 0
    assert not (out / "drafts" / "child-abuse-images" / "kent.svg").exists()

    toml.write_text(text.replace(shipped, 'type = "pie"'))
    result = CliRunner().invoke(cli, ["build", "--force", "Kent", "--kits", str(kits),
                                      "-o", str(out)])
    assert result.exit_code == 2
    line = next(i for i, l in enumerate(toml.read_text().splitlines(), 1) if l.startswith("type ="))
    assert f"kit.toml:{line}: field 'chart.type'" in result.output and "'pie'" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_auto_chart_follows_the_facts(tmp_path):
    assert charts.choose_type("auto", {"current": 5, "previous": 4}) == "this-year-vs-last"
    assert charts.choose_type("auto", {"current": 5, "previous": None, "rate": 1.0,
                                       "region_rates": [{"area": "A", "rate": 1.0}]}) == "rate-vs-region"
    assert charts.choose_type("auto", {"current": 5, "previous": None}) is None
    assert charts.choose_type("series", {"current": 5}) is None
    kit = tmp_path / "kit"
    shutil.copytree(KIT, kit)
    toml = (KIT / "kit.toml").read_text().replace('file = "../../data/', f'file = "{ROOT}/newsgen/shipped/data/')
    for setting, message in (('type = "bars"', "field 'chart.type': expected one of"),
                             ('kind = "series"', "field 'chart.kind': unknown setting")):
        text = toml.replace('type = "this-year-vs-last"', setting)
        (kit / "kit.toml").write_text(text)
        line = text[:text.index(setting)].count("\n") + 1   # named in the error
        with pytest.raises(NewsgenError, match=rf"kit.toml:{line}: {message}"):
            charts.chart_setting(read_kit(kit))


def test_the_chart_reaches_the_rss_item_atom_entry_and_ninjs(tmp_path, released_kits):
    import feedparser

    out = tmp_path / "out"
    result = run("build", "--force", "Derbyshire", "-o", str(out), "--kits", str(released_kits),
                 "--now", "2018-10-01T09:00:00+01:00")
    assert result.exit_code == 0, result.output
    public = out / "public"
    png = public / "child-abuse-images" / "derbyshire.png"
    doc = json.loads((public / "child-abuse-images" / "derbyshire.json").read_text())
    rss = feedparser.parse((public / "feeds" / "derbyshire.xml").read_bytes())
    assert rss.bozo == 0
    [entry] = rss.entries
    [enclosure] = entry.enclosures
    assert enclosure.href == "http://127.0.0.1:8000/child-abuse-images/derbyshire.png"
    assert enclosure.type == "image/png" and int(enclosure.length) == png.stat().st_size
    assert html.unescape(doc["charts"][0]["alt"]) in html.unescape(entry.content[0].value)
    atom = feedparser.parse((public / "feeds" / "derbyshire.atom").read_bytes())
    assert [l.href for l in atom.entries[0].links if l.rel == "enclosure"] == [enclosure.href]
    ninjs = json.loads((public / "ninjs" / "child-abuse-images" / "derbyshire.json").read_text())
    [chart] = ninjs["associations"]
    hrefs = [r["href"] for r in chart["renditions"]]
    assert hrefs == ["http://127.0.0.1:8000/child-abuse-images/derbyshire.png",
                     "http://127.0.0.1:8000/child-abuse-images/derbyshire.svg"]
    assert chart["descriptions"][0]["value"] == doc["charts"][0]["alt"]


def test_region_facts_only_for_kits_that_show_the_region():
    articles, _, _ = build_articles([read_kit(KIT)], ("Essex",))
    assert "region_rates" not in articles[0].facts.values
    articles, _, _ = build_articles([region_kit()], ("Essex",))
    assert [r["area"] for r in articles[0].facts.values["region_rates"]][0] == "Essex"


def test_a_rebuild_draws_only_the_charts_whose_figures_changed(tmp_path, nspcc_csv, monkeypatch):
    out = tmp_path / "out"
    folder = out / "drafts" / "child-abuse-images"
    args = ("build", "--story", "child-abuse-images", "--data", str(nspcc_csv), "--all-forces",
            "-o", str(out))
    assert run(*args).exit_code == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix in (".svg", ".png")}

    drawn = []
    real_render = charts.render

    def counting(spec):
        drawn.append(spec["area"])
        return real_render(spec)

    monkeypatch.setattr(charts, "render", counting)
    assert run(*args).exit_code == 0
    assert drawn == []
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix in (".svg", ".png")} == before

    # a corrected figure redraws that force's chart only, with the new figure
    text = nspcc_csv.read_text()
    nspcc_csv.write_text(text.replace("Essex,2017-18,all,767,", "Essex,2017-18,all,770,"))
    # and a chart file damaged since the last build is drawn again
    (folder / "kent.png").write_bytes(b"not a png")
    assert run(*args).exit_code == 0
    assert sorted(drawn) == ["Essex", "Kent"]
    assert svg_texts((folder / "essex.svg").read_bytes())["value-1"] == ["770"]
    assert (folder / "kent.png").read_bytes() == before["kent.png"]
    for name, data in before.items():
        if not name.startswith("essex."):
            assert (folder / name).read_bytes() == data, name


def test_series_axis_names_rolling_years():
    points = [{"period": f"{2003 + i}-03-31", "value": 10 + i} for i in range(3)]
    article, kit = series_article(points)
    assert charts.chart_spec(article, kit, "series")["labels"]["x"] == "Year ending March"
    article, kit = series_article([{"period": "2007-03-31", "value": 1}, {"period": "2007-06-30", "value": 2}])
    assert charts.chart_spec(article, kit, "series")["labels"]["x"] == "Period ending"
    article, kit = series_article([{"period": "2017-18", "value": 1}, {"period": "2018-19", "value": 2}])
    spec = charts.chart_spec(article, kit, "series")
    assert spec["labels"]["x"] == "Period"
    assert [svg_texts(charts.render(spec)[0])[f"x-{i}"] for i in range(2)] == [["2017-18"], ["2018-19"]]


def test_series_points_are_spaced_by_date():
    # yearly to 2007, then a point every quarter: as in the ONS long run
    periods = [f"{y}-03-31" for y in range(2003, 2008)]
    periods += [f"{y}-{md}" for y in range(2007, 2011)
                for md in ("06-30", "09-30", "12-31", "03-31")][:-1]
    points = [{"period": p, "value": 500 + 10 * i} for i, p in enumerate(periods)]
    article, kit = series_article(points)
    svg, _ = charts.render(charts.chart_spec(article, kit, "series"))
    root = ET.fromstring(svg)
    line = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "series-line")
    xs = [float(x) for x in re.findall(r"[ML] (-?[\d.]+) -?[\d.]+", line.find(f"{SVG}path").get("d"))]
    assert len(xs) == len(points)
    from datetime import date
    days = [date.fromisoformat(p).toordinal() for p in periods]
    per_day = (xs[-1] - xs[0]) / (days[-1] - days[0])
    for x, d in zip(xs, days):
        assert x - xs[0] == pytest.approx((d - days[0]) * per_day, abs=0.05)
    # a year between the early points, a quarter between the later ones
    assert xs[1] - xs[0] == pytest.approx(4 * (xs[-1] - xs[-2]), rel=0.02)
    texts = svg_texts(svg)
    years = [texts[g][0] for g in texts if g.startswith("x-")]
    assert years[0] == "2003" and years[-1] == "2010"


# -- drawing without matplotlib: the same bytes, escaped, readable, reused -------

AWKWARD = "Bedford & <Luton> \"North\""   # an area name that must be escaped, never markup


def sample_specs(area: str = "Kent") -> list[dict]:
    """One spec of each chart type, written out here (not from the data), so
    their drawings can be compared with recorded hashes on any machine."""
    return [
        {"type": "this-year-vs-last", "area": area, "source": "Source: NSPCC",
         "title": f"Offences in {area}", "subtitle": "2016-17 and 2017-18, and the change on the year",
         "alt": f"Bar chart: {area} recorded 1,200 offences in 2017-18, against 1,000 in 2016-17 (+20%).",
         "labels": {"y": "Offences", "x": "Financial year", "change_y": "Change"},
         "data": {"periods": ["2016-17", "2017-18"], "values": [1000, 1200], "change_pct": 20.0,
                  "national_name": "United Kingdom", "national_change_pct": 23.0}},
        {"type": "series", "area": area, "source": "Source: Office for National Statistics",
         "title": f"Robberies in {area}", "subtitle": "2003 to 2018; latest figure marked; dashed "
                                                      "lines: figures counted differently",
         "alt": f"Line chart: robberies recorded in {area}.",
         "labels": {"y": "Robberies", "x": "Year ending March"},
         "data": {"periods": [f"{2003 + i}-03-31" for i in range(16)],
                  "values": [900 + 37 * i - (i % 3) * 50 for i in range(16)],
                  "latest": {"period": "2018-03-31", "value": 1405},
                  "breaks": [{"date": "2008-03-31", "label": "Estimates end"}]}},
        {"type": "rate-vs-region", "area": area, "source": "Source: Home Office",
         "title": "Offences per 100,000 people", "subtitle": f"{area} and the other forces, 2017-18",
         "alt": f"Bar chart: offences per 100,000 people in 2017-18: Essex 42.9; {area} 19.9.",
         "labels": {"y": "", "x": "Offences per 100,000 people"},
         "data": {"per": 100_000, "region": "East", "period": "2017-18", "rate": 19.9,
                  "region_rate": 31.4, "rates": [{"area": "Essex", "rate": 42.9},
                                                 {"area": "Suffolk", "rate": 30.1},
                                                 {"area": area, "rate": 19.9}]}},
    ]


GOLDEN_HASHES = ROOT / "tests" / "golden" / "charts" / "sample-charts.json"


def test_drawing_is_deterministic_across_processes_and_machines(request):
    """The same spec gives the same bytes: twice in this process (labels from
    the cache the second time), in a fresh process with another hash seed,
    and as recorded in tests/golden/charts (regenerate with --regen-golden
    when the drawing code or a drawing library changes on purpose)."""
    import hashlib
    import os
    import subprocess
    import sys

    here = [charts.render(spec) for spec in sample_specs()]
    assert here == [charts.render(spec) for spec in sample_specs()]
    code = ("import hashlib, json, sys\nsys.path.insert(0, 'tests')\n"
            "from test_charts import sample_specs\nfrom newsgen.charts.picture import render\n"
            "print(json.dumps([[hashlib.sha256(b).hexdigest() for b in render(s)] "
            "for s in sample_specs()]))")
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "12345"})
    hashes = [[hashlib.sha256(b).hexdigest() for b in pair] for pair in here]
    assert json.loads(fresh.stdout) == hashes
    if request.config.getoption("--regen-golden"):
        GOLDEN_HASHES.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN_HASHES.write_text(json.dumps({"renderer": charts.renderer_version(),
                                             "svg_png_sha256": hashes}, indent=1) + "\n")
    recorded = json.loads(GOLDEN_HASHES.read_text())
    assert hashes == recorded["svg_png_sha256"], (
        f"chart bytes differ from those recorded with renderer {recorded['renderer']} "
        f"(now {charts.renderer_version()})")


def test_names_with_ampersands_and_angle_brackets_are_escaped_text():
    for spec in sample_specs(AWKWARD):
        svg, _ = charts.render(spec)
        root = ET.fromstring(svg)   # well-formed: nothing in the data became markup
        assert root.find(f"{SVG}title").text == spec["title"] and AWKWARD in spec["title"] + spec["alt"]
        assert root.find(f"{SVG}desc").text == spec["alt"]
        everything = [t.text for t in root.iter(f"{SVG}text")]
        assert any(AWKWARD in (t or "") for t in everything), spec["type"]
        assert b"<Luton>" not in svg and b"&amp;" in svg


def test_svg_and_png_carry_the_alt_text_and_are_readable_at_600_px():
    import io

    import numpy as np
    from PIL import Image

    from newsgen.charts.fonts import width
    from newsgen.charts.layout import Text, layout
    from newsgen.charts.raster import SCALE

    long_region = sample_specs()[2]
    long_region["subtitle"] = ("North Yorkshire and the other forces in the Yorkshire and "
                               "The Humber with figures, 2017-18")
    for spec in [*sample_specs(), long_region]:
        svg, png = charts.render(spec)
        root = ET.fromstring(svg)
        assert root.get("role") == "img" and root.get("aria-labelledby") == "chart-title chart-desc"
        assert root.find(f"{SVG}desc").text == spec["alt"]
        described = root.find(f"{SVG}metadata").find(".//{http://purl.org/dc/elements/1.1/}description")
        assert described.text == spec["alt"]
        assert png_size(png) == (600, 450)
        # no label smaller than 8 pt, that is 13 px on the 600 px PNG
        sizes = [m.size * SCALE for m in layout(spec) if isinstance(m, Text)]
        assert min(sizes) >= 13, spec["type"]
        # and no label runs off the page
        for m in layout(spec):
            if isinstance(m, Text) and not m.upright:
                for _, line in m.baselines:
                    wide = width(line, m.size, m.bold)
                    left = m.x - {"left": 0, "center": 0.5, "right": 1}[m.ha] * wide
                    assert 0 <= left and left + wide <= 360, (spec["type"], line)
        # and the labels are there in the PNG: the title's dark ink is as tall as its capitals
        grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
        title_rows = np.nonzero((grey[:60] < 80).any(axis=1))[0]
        assert 14 <= title_rows[-1] - title_rows[0] <= 40, spec["type"]


def test_png_shows_the_bars_where_the_svg_puts_them():
    """The two pictures come from the same marks: the highlighted bar (the
    local force) is the same rectangle in both, to a pixel."""
    import io

    import numpy as np
    from PIL import Image

    from newsgen.charts.raster import SCALE

    for spec in sample_specs():
        if spec["type"] == "series":
            continue
        svg, png = charts.render(spec)
        root = ET.fromstring(svg)
        rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
        blue = (abs(rgb - [0x1f, 0x5f, 0xa8]).sum(axis=2) < 8)
        for group in root.iter(f"{SVG}g"):
            path = group.find(f"{SVG}path")
            if path is None or "#1f5fa8" not in path.get("style", "") or \
                    not group.get("id", "").startswith(("bar-", "change-bar-")):
                continue
            xs, ys = zip(*[(float(a), float(b)) for a, b in
                           re.findall(r"(-?[\d.]+) (-?[\d.]+)", path.get("d"))])
            x0, x1, y0, y1 = (round(v * SCALE) for v in (min(xs), max(xs), min(ys), max(ys)))
            assert blue[y0 + 1:y1 - 1, x0 + 1:x1 - 1].all(), (spec["type"], group.get("id"))
            assert not blue[y0 + 1:y1 - 1, x1 + 1].any() and not blue[y0 + 1:y1 - 1, x0 - 2].any()


def test_a_build_does_not_import_matplotlib(tmp_path):
    import os
    import subprocess
    import sys

    code = ("import sys\nfrom newsgen.cli import cli\n"
            f"try:\n    cli(['build', '--force', 'Kent', '-q', '-o', {str(tmp_path / 'out')!r}])\n"
            "except SystemExit:\n    pass\n"
            "print('matplotlib' in sys.modules, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert proc.stderr.strip().splitlines()[-1] == "False"
    assert list((tmp_path / "out" / "drafts").glob("*/kent.png"))


def test_a_no_change_rebuild_links_the_last_builds_chart_files(tmp_path, monkeypatch):
    out = tmp_path / "out"
    args = ("build", "--story", "child-abuse-images", "--all-forces", "-o", str(out))
    assert run(*args).exit_code == 0
    folder = out / "drafts" / "child-abuse-images"
    files = sorted(p for p in folder.iterdir() if p.suffix in (".svg", ".png"))
    assert len(files) == 30
    inodes = {p.name: p.stat().st_ino for p in files}

    def must_not_draw(spec):
        raise AssertionError(f"drew {spec['area']} again")

    monkeypatch.setattr(charts, "render", must_not_draw)
    assert run(*args).exit_code == 0
    # the very files of the last build, linked into the new drafts tree, not drawn or copied
    assert {p.name: p.stat().st_ino for p in folder.iterdir() if p.suffix in (".svg", ".png")} == inodes
    doc = json.loads((folder / "kent.json").read_text())
    assert doc["charts"][0]["png_sha256"] == charts._sha((folder / "kent.png").read_bytes())
