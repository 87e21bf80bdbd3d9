"""`newsgen leads` as a user runs it: the budget's files (CSV, JSON, an Atom
feed per area read back with feedparser), the same bytes from the same data,
the old budget replaced whole, and bad input refused in one line."""

import csv
import json
import re
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.sources.forces import load_forces

ROOT = Path(__file__).resolve().parent.parent


def leads(*args):
    return CliRunner().invoke(cli, ["leads", *map(str, args)])


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("leads-out")
    result = leads("-o", out, "--top", 3)
    assert result.exit_code == 0, result.output
    return out, result.output


def test_the_budget_is_written_and_the_best_printed(made):
    out, output = made
    folder = out / "leads"
    assert (folder / "leads.csv").is_file() and (folder / "leads.json").is_file()
    feeds = {p.stem for p in (folder / "feeds").glob("*.xml")}
    assert feeds == {f.slug for f in load_forces().territorial()} | {"all"}
    assert re.search(r"^\s+1\s+\d+\.\d\s+homicide/cleveland$", output, re.M)
    assert "Police in Cleveland recorded 15 homicides" in output
    assert re.search(r"\d+ leads in 21 categories for 2018-12-31; wrote 46 files", output)
    assert "not scanned: Fraud offences: no figures for 2018-12-31" in output


def test_the_csv_and_json_agree_and_are_ranked(made):
    out, _ = made
    rows = list(csv.DictReader(open(out / "leads" / "leads.csv", encoding="utf-8")))
    doc = json.loads((out / "leads" / "leads.json").read_text())
    assert len(rows) == doc["count"] == len(doc["leads"]) > 200
    assert [r["id"] for r in rows] == [lead["id"] for lead in doc["leads"]]
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))
    values = [float(r["value"]) for r in rows]
    assert values == sorted(values, reverse=True)
    kent = doc["by_area"]["kent"]
    assert [lead["area_rank"] for lead in doc["leads"] if lead["id"] in kent] == \
        list(range(1, len(kent) + 1))
    first = doc["leads"][0]
    assert first["facts"]["current"]["sources"][0]["line"] > 1
    shared = doc["shared"][first["facts"]["national_current"]["cited_in"].partition("#")[2]]
    assert shared["cells"] == 43 and len(shared["sources"]) == 43


def test_the_area_feeds_read_back(made):
    out, _ = made
    doc = json.loads((out / "leads" / "leads.json").read_text())
    kent = [lead for lead in doc["leads"] if lead["area"] == "kent"]
    feed = feedparser.parse((out / "leads" / "feeds" / "kent.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10" and "Kent Police" in feed.feed.title
    assert [e.title for e in feed.entries] == [lead["title"] for lead in kent]
    entry, lead = feed.entries[0], kent[0]
    assert entry.id == f"urn:newsgen:lead:2018-12-31:{lead['id'].replace('/', ':')}"
    assert entry.link == f"http://127.0.0.1:8765/leads/{lead['id']}"
    assert entry.summary == lead["reason"]
    assert entry.updated == "2019-04-25T09:30:00+01:00"    # the release, never the clock
    lancashire = feedparser.parse((out / "leads" / "feeds" / "lancashire.xml").read_bytes())
    assert all("Caution: Lancashire Police could not provide" in e.content[0].value
               for e in lancashire.entries)
    everything = feedparser.parse((out / "leads" / "feeds" / "all.xml").read_bytes())
    assert len(everything.entries) == 100
    assert everything.entries[0].title == doc["leads"][0]["title"]


def test_the_same_data_gives_the_same_bytes_and_a_new_budget_replaces_the_old(made, tmp_path):
    out, _ = made
    assert leads("-o", tmp_path, "--top", 0).exit_code == 0
    for name in ("leads.csv", "leads.json", "feeds/kent.xml", "feeds/all.xml"):
        assert (tmp_path / "leads" / name).read_bytes() == (out / "leads" / name).read_bytes()
    (tmp_path / "leads" / "stray.txt").write_text("from an older budget")
    assert leads("-o", tmp_path, "--top", 0, "--period", "2018-09-30").exit_code == 0
    assert not (tmp_path / "leads" / "stray.txt").exists()
    doc = json.loads((tmp_path / "leads" / "leads.json").read_text())
    assert doc["period"] == "2018-09-30" and doc["previous"] == "2017-09-30"


def test_only_one_area_printed(made, tmp_path):
    result = leads("-o", tmp_path, "--area", "Devon & Cornwall", "--top", 50)
    assert result.exit_code == 0, result.output
    ids = re.findall(r"^\s+\d+\s+[\d.]+\s+(\S+)$", result.output, re.M)
    assert ids and all(i.endswith("/devon-and-cornwall") for i in ids)


@pytest.mark.parametrize("args, message", [
    (["--period", "2019-03-31"], "--period '2019-03-31' is not a period of "),
    (["--story", "no-such-story"], "no story kit called 'no-such-story'"),
    (["--draft", "homicide/cleveland"], "no leads; run `newsgen leads` first"),
])
def test_bad_input_is_one_line_with_status_2_and_nothing_written(tmp_path, args, message):
    result = leads("-o", tmp_path / "out", *args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsgen: error: ") and message in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "leads").exists()


def test_a_bad_data_file_names_its_line(tmp_path):
    bad = tmp_path / "ons.csv"
    shipped = ROOT / "newsgen" / "shipped" / "data" / "ons-recorded-crime-pfa-2003-2018.csv"
    lines = shipped.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].rsplit(",", 1)[0] + ",1,234"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = leads("-o", tmp_path / "out", "--data", bad)
    assert result.exit_code == 2
    assert f"{bad.name}:6: has 6 fields, the header has 5" in result.output


def test_an_unknown_area_is_a_usage_error(tmp_path):
    result = leads("-o", tmp_path, "--area", "Atlantis")
    assert result.exit_code == 2 and "no such police force" in result.output


def test_any_kit_s_data_can_be_scanned(tmp_path):
    """The NSPCC table: 15 forces, so no ranking (never against an incomplete set)."""
    result = leads("-o", tmp_path, "--story", "child-abuse-images", "--top", 50)
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "leads" / "leads.json").read_text())
    assert doc["period"] == "2017-18" and doc["categories"] == ["all"]
    kinds = {f["kind"] for lead in doc["leads"] for f in lead["findings"]}
    assert not kinds & {"highest-rate", "lowest-rate"}


def test_help_and_readme_document_the_command():
    help_text = CliRunner().invoke(cli, ["leads", "--help"]).output
    assert "newsgen leads --draft homicide/cleveland" in help_text and "Examples:" in help_text
    assert "leads" in CliRunner().invoke(cli, ["--help"]).output
    readme = (ROOT / "README.md").read_text()
    assert "newsgen leads" in readme and "## Finding the stories" in readme


@pytest.mark.parametrize("change, message", [
    (("unusual_z = 3.0", "unusal_z = 3.0"), "field 'leads.unusal_z': unknown setting"),
    (("history = 8", "history = 8.5"), "field 'leads.history': expected a whole number"),
    (("seriousness = 0.7", "seriousness = \"low\""), "field 'stories.seriousness': story "
                                                      "'ons-category-bicycle-theft': expected a number"),
])
def test_a_bad_leads_setting_names_its_kit_toml_line(tmp_path, change, message):
    import shutil

    kit = tmp_path / "kits" / "ons-category"
    shutil.copytree(ROOT / "newsgen" / "shipped" / "kits" / "ons-category", kit)
    data = (ROOT / "newsgen" / "shipped" / "data").as_posix()
    toml = (kit / "kit.toml").read_text().replace('"../../data/', f'"{data}/')
    assert change[0] in toml
    toml = toml.replace(change[0], change[1], 1)
    (kit / "kit.toml").write_text(toml)
    line = next(i for i, text in enumerate(toml.splitlines(), 1) if text.startswith(change[1]))
    result = leads("-o", tmp_path / "out", "--kits", tmp_path / "kits", "--story", "ons-category")
    assert result.exit_code == 2, result.output
    assert f"kit.toml:{line}: {message}" in result.output
