"""Story kits end to end: every kit for every force, figures traced back to
their data rows, the long-run angle checked against the raw table, and a kit
made by copying a folder and editing only TOML and templates."""

import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from newsgen.words import phrasing
from newsgen.cli import cli
from newsgen.kit import select_kits

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "newsgen" / "shipped" / "data"
ONS = DATA / "ons-recorded-crime-pfa-2003-2018.csv"
HOME_OFFICE = DATA / "home-office-prc-pfa-2017-18.csv"
ONS_STORIES = {
    "ons-stalking-and-harassment": "Stalking and harassment",
    "ons-possession-of-weapons": "Possession of weapons offences",
    "ons-sexual-offences": "Sexual offences",
    "ons-robbery": "Robbery",
    "ons-bicycle-theft": "Bicycle theft",
}
HO_STORY = "home-office-obscene-publications"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def forces_table():
    with open(DATA / "police-forces.csv", newline="", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["ons_pfa_code"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build of every kit for every force, shared by the tests below."""
    out = tmp_path_factory.mktemp("all") / "output"
    result = run("build", "--all-forces", "--no-charts", "-o", str(out))  # charts: test_charts
    assert result.exit_code == 0, result.output
    return out / "drafts", result.output


# -- every kit, every force --------------------------------------------------

def test_all_forces_writes_43_articles_per_ons_category_and_home_office(built):
    out, output = built
    forces = forces_table()
    assert len(forces) == 43
    for story in (*ONS_STORIES, HO_STORY):
        slugs = sorted(p.stem for p in (out / story).glob("*.txt"))
        assert slugs == sorted(f["police_uk_id"] for f in forces), story
        for ext in ("html", "json"):
            assert len([p for p in (out / story).glob(f"*.{ext}") if p.name != SHARED]) == 43
    assert len(list((out / "child-abuse-images").glob("*.txt"))) == 15
    assert f"wrote {15 + 43 * (len(ONS_STORIES) + 1)} articles" in output


def test_each_article_names_its_force_period_and_figure(built):
    out, _ = built
    for story in (*ONS_STORIES, HO_STORY):
        for path in articles(out / story):
            doc = json.loads(path.read_text())
            text = (out / story / f"{path.stem}.txt").read_text()
            assert doc["kit"] == story and doc["slug"] == path.stem
            where = phrasing.place(SimpleNamespace(slug=doc["slug"], name=doc["force"]))
            assert where.removeprefix("the ") in doc["headline"] or \
                phrasing.capitalise(where) in doc["headline"]
            assert where in doc["standfirst"] or phrasing.capitalise(where) in doc["standfirst"]
            assert doc["force_label"] in text
            period = "in 2018" if story in ONS_STORIES else "March 2018"   # plain dates
            assert period in doc["standfirst"]
            assert phrasing.num(doc["facts"]["current"]["value"]) in text
            assert doc["angle"]["name"] != "default"
            assert doc["angle"]["figures"], "the angle records the figures that decided it"


# -- figures trace back to their data rows -----------------------------------

class Cells:
    """Reads a cited file/line/column straight from the CSV, independently of newsgen."""

    def __init__(self):
        self.files = {}

    def rows(self, file):
        # shipped files are cited as data/NAME, whatever the cwd
        path = Path(file) if Path(file).is_absolute() else ROOT / "newsgen" / "shipped" / file
        if not path.exists():
            path = Path.cwd() / file
        if path not in self.files:
            with open(path, newline="", encoding="utf-8-sig") as fh:
                reader = csv.reader(fh)
                header = [h.strip() for h in next(reader)]
                self.files[path] = (header, {reader.line_num: row for row in reader})
        return self.files[path]

    def value(self, source):
        header, rows = self.rows(source["file"])
        cell = rows[source["line"]][header.index(source["column"])]
        return int(cell.strip())  # " 121 " and "-00" as the raw export writes them


SHARED = "_shared-facts.json"   # a story's facts citing many cells (newsgen.facts.shared)


def articles(folder):
    """A story folder's article JSON files (not its shared facts)."""
    return [p for p in folder.glob("*.json") if p.name != SHARED]


def with_shared_cells(doc, out):
    """The article's facts with each one cited once per story ("cited_in")
    given back its cells from the story's shared file."""
    for name, fact in doc["facts"].items():
        if "cited_in" in fact:
            file, _, key = fact["cited_in"].partition("#")
            full = json.loads((out / file).read_text())["facts"][key]
            assert full["value"] == fact.get("value", full["value"]), (doc["key"], name)
            assert full["cells"] == fact["cells"] == len(full["sources"]), (doc["key"], name)
            doc["facts"][name] = {**fact, "value": full["value"], "sources": full["sources"]}
    return doc


def check_facts(doc, cells):
    """Every sourced figure equals its cells; derived figures recompute."""
    facts = doc["facts"]
    checked = 0
    for name, fact in facts.items():
        value, sources, how = fact["value"], fact["sources"], fact.get("how", "")
        if not sources or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        cited = [cells.value(s) for s in sources]
        if not how or how.startswith("sum of"):
            assert value == sum(cited), (doc["key"], name, value, sources[:3])
            checked += 1
    def v(name):
        return facts[name]["value"]
    per = v("per")
    assert v("current") == sum(cells.value(s) for s in facts["current"]["sources"])
    assert v("population") == cells.value(facts["population"]["sources"][0])
    assert v("rate") == pytest.approx(v("current") / v("population") * per)
    if "national_rate" in facts:   # the kits with facts = ["series", "region"]
        assert v("national_rate") == pytest.approx(v("national_current") / v("national_population") * per)
        assert v("region_rate") == pytest.approx(v("region_current") / v("region_population") * per)
    if v("previous") is not None:
        assert v("change") == v("current") - v("previous")
    return checked


@pytest.mark.parametrize("story", [*ONS_STORIES, HO_STORY, "child-abuse-images"])
def test_three_random_articles_per_kit_trace_to_their_data_rows(built, story):
    out, _ = built
    cells = Cells()
    paths = sorted(articles(out / story))
    for path in random.Random(f"trace-{story}").sample(paths, 3):
        doc = with_shared_cells(json.loads(path.read_text()), out)
        assert check_facts(doc, cells) >= 5
        text = (out / story / f"{path.stem}.txt").read_text()
        for name in ("current", "previous", "region_current"):
            value = doc["facts"].get(name, {}).get("value")
            if value is not None:
                assert phrasing.num(value) in text, (story, path.stem, name)
        # the rate is said where it means something (enough offences, a
        # comparable population), and only there
        rate = doc["facts"]["rate"]["value"]
        measure = next(k for k in select_kits((story,)) if k.name == story).measure
        said = (f"{phrasing.rate(rate)} for every" in text or
                f"{phrasing.rate_of(rate, measure['short_singular'], measure['short_plural'])} for every" in text)
        assert said == doc["angle"]["say"]["rate"], (story, path.stem)


def test_ons_figures_are_the_rows_for_the_force_category_and_year():
    """The cited line is the row for that force, offence and 12 months."""
    from newsgen.build import build_articles
    from newsgen.kit import select_kits

    kits = select_kits(("ons-robbery",))
    articles, _, _ = build_articles(kits, ("Kent", "London, City of"))
    header, rows = Cells().rows(str(ONS))
    for article in articles:
        fact = article.facts.facts["current"]
        row = dict(zip(header, rows[fact.sources[0].line]))
        assert row["PFA"] == article.area and row["Offence"] == "Robbery"
        assert row["12 months ending"] == "31-12-2018"
        prev = dict(zip(header, rows[article.facts.facts["previous"].sources[0].line]))
        assert prev["12 months ending"] == "30-12-2017"  # the source's own slip, read as 31-12-2017


# -- the long-run angle ------------------------------------------------------

def ons_series():
    """{(force, offence): [(end date, value)]} straight from the CSV, for the
    43 territorial forces."""
    series = {}
    territorial = {f["short_name"] for f in forces_table()}
    with open(ONS, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["PFA"] not in territorial:
                continue
            d, m, y = map(int, row["12 months ending"].split("-"))
            series.setdefault((row["PFA"], row["Offence"]), []).append(
                (date(y, m, d), int(row["Rolling year total number of offences"])))
    return series


def article_for(out, force_name, offence):
    story = next(s for s, c in ONS_STORIES.items() if c == offence)
    slug = next(f["police_uk_id"] for f in forces_table() if f["short_name"] == force_name)
    return (json.loads((out / story / f"{slug}.json").read_text()),
            (out / story / f"{slug}.txt").read_text())


def declared_breaks(offence, slug):
    """The series breaks the ONS kit declares for a category and force, read
    from kit.toml with tomllib (not newsgen): the dates from which figures
    are counted differently."""
    import tomllib
    kit = tomllib.loads((ROOT / "newsgen" / "shipped" / "kits" / "ons-recorded-crime" /
                         "kit.toml").read_text())
    story = next(s for s in kit["stories"] if s["category"] == offence)
    return sorted(b["date"] for b in [*kit.get("breaks", []), *story.get("breaks", [])]
                  if not b.get("areas") or slug in b["areas"])


def year_start(end):
    """The first day of the rolling year ending on `end` (a quarter's end)."""
    return date(end.year - 1, end.month, end.day) + timedelta(days=1)


def latest_against_earlier():
    """(force, offence, points, 2018 figure, every earlier comparable figure,
    first comparable period or None if the figures begin with the data) for
    each force and story category, straight from the CSV and kit.toml: a
    figure is comparable with 2018's if both began on or after the last
    declared break; if 2018 itself spans a break, none is."""
    slugs = {f["short_name"]: f["police_uk_id"] for f in forces_table()}
    for (force, offence), points in sorted(ons_series().items()):
        if offence in ONS_STORIES.values():
            latest = dict(points)[date(2018, 12, 31)]
            breaks = declared_breaks(offence, slugs[force])
            last = breaks[-1] if breaks else None
            if last and year_start(date(2018, 12, 31)) < last:
                continue    # 2018 spans the break: nothing earlier to compare with
            earlier = [v for d, v in points if d < date(2018, 12, 31)
                       and (last is None or year_start(d) >= last)]
            first = min(d for d, _ in points if last is None or year_start(d) >= last)
            yield force, offence, points, latest, earlier, (first if last else None)


def long_run_phrase(first):
    if first is None:
        return "since the figures began in the year ending March 2003"
    return f"since comparable figures began in the year ending {first:%B %Y}"


def said(text, first, which):
    """Whether the copy says the figure is a record (in the intro, the
    paragraph after the figures or the long run), in any of its shapes, and
    within the comparable series (`first`: where it begins)."""
    since = re.escape(long_run_phrase(first))
    most, more = ("highest", "more") if which == "high" else ("lowest", "fewer")
    return bool(re.search(
        rf"{most} (?:figure )?for any 12-month period {since}|"
        rf"{more.capitalize()} .+ than in any 12-month period {since}|"
        rf"No 12-month period {since} had seen {more}|"
        + (r"reached (?:a record high|their highest comparable level)" if which == "high" else "$^"),
        text))


def candidates(doc):
    return {c["name"]: c for c in doc["angle"]["candidates"]}


def test_a_2018_record_high_is_reported_as_the_highest_in_its_comparable_series(built):
    out, _ = built
    found = limited = 0
    for force, offence, points, latest, earlier, first in latest_against_earlier():
        assert min(d for d, _ in points) == date(2003, 3, 31)
        if latest > max(earlier):
            doc, text = article_for(out, force, offence)
            assert said(text, first, "high"), (force, offence)
            record = candidates(doc).get("record-high")   # scored, whether or not it leads
            if record is not None:
                assert record["figures"]["series_max_before"] == max(earlier)
            else:   # a comparable series too short for a record angle (under five years)
                assert first is not None and (date(2018, 12, 31) - first).days < 5 * 366
            if doc["angle"]["name"] == "record-high":
                assert re.search("highest level (?:on record|since comparable figures began)|"
                                 "record high|Record number|highest comparable level|"
                                 "since comparable figures began",
                                 doc["headline"]), doc["headline"]
            found += 1
            limited += first is not None
    assert found >= 10 and limited >= 1


def test_a_2018_record_low_is_reported_as_the_lowest_in_its_comparable_series(built):
    out, _ = built
    found = 0
    for force, offence, points, latest, earlier, first in latest_against_earlier():
        doc, text = article_for(out, force, offence)
        is_low = said(text, first, "low")
        assert is_low == (latest < min(earlier)), (force, offence)
        assert "record-low" not in candidates(doc) or is_low
        found += is_low
    assert found >= 1


def test_a_figure_below_an_earlier_peak_is_not_called_a_record(built):
    out, _ = built
    found = 0
    for force, offence, points, latest, earlier, first in latest_against_earlier():
        if latest <= max(earlier):
            doc, text = article_for(out, force, offence)
            assert not said(text, first, "high"), (force, offence)
            assert not re.search("highest level|record high|Record number", doc["headline"])
            assert "record-high" not in candidates(doc)
            if latest == max(earlier):   # equal to the peak: said so
                assert "equal" in text, (force, offence)
            elif latest >= min(earlier):  # a record low gives the previous low instead
                assert re.search(rf"(?:was|recorded|The) {phrasing.num(max(earlier))}\b", text)  # the real peak
            found += 1
    assert found >= 10


def test_no_record_claims_when_the_year_spans_a_series_break(built):
    """Stalking and harassment: the counting rules changed in April 2018, so
    2018's figure has no comparable predecessor: no record, no "highest
    since", and the change says so beside the figure (Derbyshire once led on
    "the highest for any 12-month period since the figures began")."""
    out, _ = built
    for slug in (f["police_uk_id"] for f in forces_table()):
        doc = json.loads((out / "ons-stalking-and-harassment" / f"{slug}.json").read_text())
        text = (out / "ons-stalking-and-harassment" / f"{slug}.txt").read_text()
        assert "since" not in doc["headline"] and "since" not in doc["standfirst"]
        assert not any(w in text for w in ("figures began", "highest since", "lowest since",
                                           "highest for any", "lowest for any")), slug
        assert doc["angle"]["name"] not in ("record-high", "record-low", "sharp-rise", "rise")
        first = doc["paragraphs"][0]
        assert "not directly comparable" in first and "April 2018" in first, slug


# -- a new kit without Python ------------------------------------------------

def test_a_kit_copied_and_edited_in_toml_and_templates_builds(tmp_path):
    kits = tmp_path / "kits"
    kit = kits / "drugs"
    shutil.copytree(ROOT / "newsgen" / "shipped" / "kits" / "ons-recorded-crime", kit)
    toml = (kit / "kit.toml").read_text()
    toml = toml.replace('name = "ons-recorded-crime"', 'name = "drugs"')
    toml = toml.replace('"../../data/', f'"{DATA.as_posix()}/')
    toml = toml[:toml.index("\n[[stories]]") + 1] + '''[[stories]]
category = "Drug offences"
rate_noun = "drug offences"
[stories.measure]
singular = "drug offence"
plural = "drug offences"
'''
    (kit / "kit.toml").write_text(toml)
    headline = kit / "templates" / "headline.j2"
    headline.write_text("DRUGS: " + headline.read_text().split("#}", 1)[1].lstrip())

    result = run("build", "--all-forces", "--kits", str(kits), "--story", "drugs", "--no-charts",
                 "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "out" / "drafts" / "drugs-drug-offences").glob("*.json"))
    assert len(written) == 43
    expected = {(f, o): dict(p).get(date(2018, 12, 31)) for (f, o), p in ons_series().items()}
    for path in written[:5]:
        doc = json.loads(path.read_text())
        assert doc["headline"].startswith("DRUGS: ")
        assert doc["facts"]["current"]["value"] == expected[(doc["force"], "Drug offences")]
        text = path.with_suffix(".txt").read_text()
        assert "drug offences" in text and doc["force_label"] in text
    listing = run("kits", "--kits", str(kits))
    assert "drugs-drug-offences" in listing.output


def test_new_kit_command_copies_a_starter_that_builds(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    made = subprocess.run([sys.executable, "-m", "newsgen", "new-kit", "my-story",
                           "--dir", str(tmp_path / "mine")],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    toml = (tmp_path / "mine" / "my-story" / "kit.toml").read_text()
    assert 'name = "my-story"' in toml and "ons-stalking" not in toml
    result = run("build", "--force", "Kent", "--kits", str(tmp_path / "mine"),
                 "--story", "my-story-robbery", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "drafts" / "my-story-robbery" / "kent.txt").is_file()
    again = subprocess.run([sys.executable, "-m", "newsgen", "new-kit", "my-story",
                            "--dir", str(tmp_path / "mine")],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_a_story_with_an_unknown_category_names_the_field(tmp_path):
    kit = tmp_path / "kits" / "bad"
    shutil.copytree(ROOT / "newsgen" / "shipped" / "kits" / "ons-recorded-crime", kit)
    toml = (kit / "kit.toml").read_text().replace('"../../data/', f'"{DATA.as_posix()}/')
    toml = toml.replace('category = "Robbery"', 'category = "Robery"')
    (kit / "kit.toml").write_text(toml)
    result = CliRunner().invoke(cli, ["build", "--force", "Kent", "--kits", str(tmp_path / "kits"),
                                      "--story", "ons-robbery", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "field 'category'" in result.output and "'Robery'" in result.output
    assert "Robbery" in result.output  # the categories it could have meant


# -- documentation -----------------------------------------------------------

def test_kits_and_build_help_document_the_stories():
    listing = run("kits").output.splitlines()
    for story in (*ONS_STORIES, HO_STORY, "child-abuse-images"):
        assert any(line.split()[0] == story for line in listing), story
    assert any("latest vs year before" in line for line in listing)   # the ONS kit follows its data
    assert any("2017-18 vs 2016-17" in line for line in listing)
    help_text = run("build", "--help").output
    assert "newsgen kits" in help_text and "--story" in help_text and "[[stories]]" in help_text
    assert "new-kit" in run("--help").output
    readme = (ROOT / "README.md").read_text()
    assert "## Writing a story kit" in readme
    for command in ("newsgen new-kit", "newsgen kits", "--story ons-robbery"):
        assert command in readme


def test_user_templates_override_a_kit_and_a_force_has_its_own(tmp_path):
    """--templates beats the kit's templates; the kit's forces/<slug>/ copy
    beats both for that force (the City of London's rate paragraph)."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "headline.j2").write_text("{{ force | place }}: {{ f.current | num }} {{ kit.measure.plural }}")
    result = run("build", "--story", "ons-robbery", "--force", "Kent", "--force", "London, City of",
                 "--templates", str(mine), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    kent = json.loads((tmp_path / "out" / "drafts" / "ons-robbery" / "kent.json").read_text())
    assert kent["headline"] == f"Kent: {phrasing.num(kent['facts']['current']['value'])} robberies"
    city = (tmp_path / "out" / "drafts" / "ons-robbery" / "city-of-london.txt").read_text()
    assert "not comparable with other forces'" in city
    assert "not comparable" not in (tmp_path / "out" / "drafts" / "ons-robbery" / "kent.txt").read_text()
