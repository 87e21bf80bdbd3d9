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

from newsgen.charts import canvas, picture
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


def test_worker_processes_draw_the_same_bytes_as_one_process():
    kit = region_kit()
    articles, _, _ = build_articles([kit], ("Derbyshire", "Kent", "Essex"))
    specs = [charts.chart_spec(a, kit, "this-year-vs-last") for a in articles]
    specs += [charts.chart_spec(a, kit, "rate-vs-region") for a in articles]
    assert charts.render_all(specs, workers=2) == charts.render_all(specs, workers=1)


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
    real_render_all = charts.render_all

    def counting(specs, workers=None):
        drawn.extend(spec["area"] for spec in specs)
        return real_render_all(specs, workers)

    monkeypatch.setattr(charts, "render_all", counting)
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


def stock_png(spec: dict, with_text: bool = True):
    """The spec drawn by matplotlib's own Agg canvas (no cached text), as greys."""
    import io

    import numpy as np
    from PIL import Image

    Figure = canvas._matplotlib()
    fig = Figure(figsize=(charts.WIDTH_IN, charts.HEIGHT_IN), dpi=charts.PNG_DPI, facecolor="white")
    picture._frame(fig, spec)
    picture._DRAW[spec["type"]](fig, spec)
    for text in fig.texts:
        text.set_visible(with_text)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=charts.PNG_DPI)
    return np.asarray(Image.open(buf).convert("L"), dtype=int)


def test_png_labels_are_drawn_where_matplotlib_draws_them():
    """The PNG stamps cached label bitmaps; they must land where matplotlib's
    own text drawing puts the labels, for every chart type, first time and
    from the cache."""
    import io

    import numpy as np
    from PIL import Image

    kit = region_kit()
    articles, _, _ = build_articles([kit], ("Essex", "Derbyshire"))
    specs = [charts.chart_spec(articles[0], kit, "this-year-vs-last"),
             charts.chart_spec(articles[0], kit, "rate-vs-region")]
    article, kit = series_article([{"period": f"{2003 + i}-03-31", "value": 900 + 40 * i}
                                   for i in range(16)])
    specs.append(charts.chart_spec(article, kit, "series"))
    for spec in specs:
        first, again = charts.render(spec)[1], charts.render(spec)[1]
        assert first == again
        ours = np.asarray(Image.open(io.BytesIO(first)).convert("L"), dtype=int)
        assert ours.shape == (450, 600)
        # pixels clearly different from matplotlib's own drawing: a few at the
        # edges of glyphs (half-pixel placement), far fewer than the labels' ink
        off = (abs(ours - stock_png(spec)) > 96).mean()
        no_text = (abs(ours - stock_png(spec, with_text=False)) > 96).mean()
        assert no_text > 0.015, spec["type"]
        assert off < 0.005 and off < no_text / 8, spec["type"]


def test_build_starts_warm_workers_that_draw_the_same_bytes(tmp_path):
    from newsgen.build import BuildOptions

    kit = region_kit()
    for skip in (BuildOptions(tmp_path, force_names=("Derbyshire",)),   # few charts
                 BuildOptions(tmp_path, charts=False)):
        assert charts.Drawers().start([kit], skip).pool is None
    (tmp_path / "rebuild" / "drafts" / kit.name).mkdir(parents=True)   # charts to copy
    (tmp_path / "rebuild" / "drafts" / kit.name / "kent.png").write_bytes(b"")
    rebuild = BuildOptions(tmp_path / "rebuild")
    assert charts.Drawers().start([kit], rebuild).pool is None

    drawers = charts.Drawers().start([kit], BuildOptions(tmp_path / "fresh"))
    pool = drawers.pool
    assert pool is not None
    try:
        articles, _, _ = build_articles([kit], ("Derbyshire", "Kent", "Essex"))
        specs = [charts.chart_spec(a, kit, "rate-vs-region") for a in articles]
        assert charts.render_all(specs, pool) == charts.render_all(specs, workers=1)
    finally:
        drawers.close()


def test_a_build_closes_the_workers_it_started(tmp_path, monkeypatch):
    started = []
    real = charts._workers

    def spy(count):
        started.append(real(count))
        return started[-1]

    monkeypatch.setattr(charts, "_workers", spy)
    result = run("build", "--all-forces", "--story", "child-abuse-images", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert len(started) == 1
    with pytest.raises(RuntimeError):   # shut down: it takes no more work
        started[0].submit(int)
    assert len(list((tmp_path / "drafts" / "child-abuse-images").glob("*.png"))) == 15
