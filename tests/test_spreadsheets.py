"""The next release as published: the ONS and Home Office kits read the
publishers' spreadsheets and write the same articles as from the CSVs; a
newly published period is written with no kit edit; cells cite their
spreadsheet cell; figures marked not available are never stated."""

import json
import re
import shutil
from pathlib import Path

import pytest

from click.testing import CliRunner

from newsgen.build.plan import build_articles
from newsgen.cli import cli
from newsgen.kit import read_kits
from newsgen.sources.forces import load_forces
from newsgen.sources.home_office import load_home_office
from newsgen.sources.ons import load_ons
from newsgen.sources.sheets import clean_label, column_letter, marker, whole_number

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "newsgen" / "shipped" / "data"
KITS = ROOT / "newsgen" / "shipped" / "kits"
SHEETS = Path(__file__).resolve().parent / "data" / "spreadsheets"
ONS_CSV = DATA / "ons-recorded-crime-pfa-2003-2018.csv"
DEC_2018 = SHEETS / "ons" / "policeforceareatablesyearendingdecember2018.xlsx"
MAR_2019 = SHEETS / "ons" / "policeforceareatablesyeendingmarch2019.xlsx"
SEP_2019 = SHEETS / "ons" / "policeforceareatablesyearendingseptember2019.xlsx"
HO_ODS = SHEETS / "home-office-prc-pfa-2017-18.ods"


def kit_copy(tmp_path, name, files, name_as=None) -> Path:
    """The shipped kit `name` in a folder of its own, reading `files` (a
    list, as [data] file may be); nothing else changed."""
    folder = tmp_path / "kits" / (name_as or name)
    shutil.copytree(KITS / name, folder)
    toml = (folder / "kit.toml").read_text()
    listed = ", ".join(f'"{f}"' for f in files)
    toml, n = re.subn(r'(?m)^file = .*$', f"file = [{listed}]", toml)
    assert n == 1
    toml = toml.replace('"../../data/', f'"{DATA.as_posix()}/')
    (folder / "kit.toml").write_text(toml)
    return folder


def texts(kits) -> dict[str, str]:
    articles, _skipped, _ = build_articles(kits)
    return {article.key: article.text() for article in articles}


def history_before(tmp_path, period: str) -> Path:
    """The shipped ONS CSV without its rows for `period` and after (DD-MM-YYYY)."""
    day, month, year = period.split("-")
    cut = (int(year), int(month), int(day))
    lines = ONS_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [lines[0]] + [line for line in lines[1:]
                         if tuple(map(int, reversed(line.split(",", 1)[0].split("-")))) < cut]
    path = tmp_path / "ons-history.csv"
    path.write_text("".join(kept), encoding="utf-8")
    return path


# -- the must-shows: the same articles from the spreadsheets, and the next period

def test_ons_kit_writes_the_same_articles_from_the_published_workbook(tmp_path):
    """The year ending December 2018 from the ONS workbook (the long CSV only
    for the years before it) gives every story the CSV gives, word for word."""
    history = history_before(tmp_path, "31-12-2018")
    from_csv = texts(read_kits(KITS / "ons-recorded-crime"))
    from_xlsx = texts(read_kits(kit_copy(tmp_path, "ons-recorded-crime", [history, DEC_2018])))
    assert len(from_csv) == 5 * 43
    assert from_xlsx == from_csv


def test_ons_kit_writes_the_next_period_when_its_workbook_is_added(tmp_path):
    folder = tmp_path / "published"
    folder.mkdir()
    shutil.copy(DEC_2018, folder)
    history = history_before(tmp_path, "31-12-2018")
    kit = kit_copy(tmp_path, "ons-recorded-crime", [history, f"{folder}/*.xlsx"])
    before = texts(read_kits(kit))
    assert {key.rsplit("/", 1)[1] for key in before} == {"2018-12-31"}
    shutil.copy(MAR_2019, folder)          # the next release comes out: no kit edit
    kits = read_kits(kit)
    after = texts(kits)
    assert {key.rsplit("/", 1)[1] for key in after} == {"2019-03-31"}
    derbyshire = after["ons-robbery/derbyshire/2019-03-31"]
    assert "in the 12 months to March 2019" in derbyshire
    march_2018 = next(line.rsplit(",", 1)[1] for line in ONS_CSV.read_text().splitlines()
                      if line.startswith("31-03-2018,Derbyshire,East Midlands,Robbery,"))
    assert f"from {march_2018} in the 12 months to March 2018" in derbyshire   # the CSV's year before
    assert "December" not in derbyshire.split("Notes to editors")[0]
    assert "compare the 12 months to the end of March 2019 with the 12 months to the end of March 2018" \
        in derbyshire
    assert "police force area, year ending March 2019." in derbyshire


def test_home_office_kit_writes_the_same_articles_from_the_ods(tmp_path):
    from_csv = texts(read_kits(KITS / "home-office-obscene-publications"))
    from_ods = texts(read_kits(kit_copy(tmp_path, "home-office-obscene-publications", [HO_ODS])))
    assert len(from_csv) == 43 and from_ods == from_csv


def test_the_build_says_which_periods_it_used(tmp_path):
    from click.testing import CliRunner
    from newsgen.cli import cli
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--no-charts", "--story",
                                      "home-office-obscene-publications", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert ("periods: home-office-obscene-publications: 2017-18 (the latest in the data; "
            "no figures for 2016-17, a year before, so no comparison)") in result.output


# -- cells as a spreadsheet names them ---------------------------------------

def test_facts_cite_the_workbook_cell_that_holds_their_figure(tmp_path):
    import openpyxl
    history = history_before(tmp_path, "31-12-2018")
    kits = read_kits(kit_copy(tmp_path, "ons-recorded-crime", [history, DEC_2018]))
    robbery = [k for k in kits if k.name == "ons-robbery"]
    articles, _, _ = build_articles(robbery, ("Derbyshire",))
    fact = articles[0].facts.facts["current"]
    (source,) = fact.sources
    assert source.as_dict()["cell"].endswith("policeforceareatablesyearendingdecember2018.xlsx!Table P1!L25")
    book = openpyxl.load_workbook(DEC_2018, read_only=True)
    assert book["Table P1"]["L25"].value == fact.value == 640
    previous = articles[0].facts.facts["previous"].sources[0]
    assert previous.file.endswith("ons-history.csv") and not previous.cell   # a CSV line


def test_the_home_office_ods_cites_each_quarter_by_cell():
    data = load_home_office(HO_ODS, load_forces(), codes={"86"})
    row = data.frame.set_index("area").loc["derbyshire"]
    assert row["sheet"] == "2017-18" and row["letter"] == "H"
    assert len(row["lines"]) == 4 and row["value"] > 0


def test_cell_names_and_labels():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert clean_label("Stalking and harassment4") == "Stalking and harassment"
    assert clean_label("ENGLAND AND WALES7,8") == "ENGLAND AND WALES"
    assert clean_label("Total recorded crime (excluding fraud3)") == "Total recorded crime (excluding fraud)"
    assert clean_label(" Total recorded crime\n (excluding fraud) [note 2]") == \
        "Total recorded crime (excluding fraud)"
    assert clean_label("Apr 2011 to Mar 2012") == "Apr 2011 to Mar 2012"


@pytest.mark.parametrize("text, value", [("301", 301), (" 121 ", 121), ("-00", 0), ("18,522", 18522),
                                         ("5,392 [r]", 5392), ("1,30,1", None), ("1.5", None)])
def test_whole_numbers_as_published(text, value):
    assert whole_number(text) == value


@pytest.mark.parametrize("text", ["[x]", "[c]", "[z]", "..", "[u1]", " [X] "])
def test_markers_are_not_numbers(text):
    assert marker(text) is not None and whole_number(text) is None


def test_a_dash_is_a_marker_only_where_the_kit_says_so():
    assert marker("-") is None
    assert marker("-", {"-": "fewer than 50"}).meaning == "fewer than 50"


def test_the_ons_workbook_period_comes_from_its_title():
    assert load_ons(DEC_2018, load_forces()).periods == ["2018-12-31"]   # "December 181,2"
    assert load_ons(MAR_2019, load_forces()).periods == ["2019-03-31"]   # sheet 'Table P1 '


def test_a_csv_saved_from_the_workbook_loads_with_its_quoted_thousands():
    data = load_ons(SHEETS / "ons-table-p1-ye-june-2025.csv", load_forces())
    assert data.periods == ["2025-06-30"]
    frame = data.frame.set_index(["area", "category"])
    total = frame.loc[("metropolitan", "Total recorded crime (excluding fraud)")]
    assert total["value"] > 100_000     # written "9xx,xxx" in the file
    text = (SHEETS / "ons-table-p1-ye-june-2025.csv").read_text(encoding="utf-8")
    assert f'"{total["value"]:,}' in text


# -- not available: never zero, never stated ------------------------------------

def test_a_force_whose_figure_is_not_available_is_skipped_and_totals_are_not_stated(tmp_path):
    """September 2019: Greater Manchester's row is all '..' in the workbook."""
    history = history_before(tmp_path, "31-12-2018")
    june = SHEETS / "ons" / "policeforceareatablesyearendingjune2019.xlsx"
    kits = read_kits(kit_copy(tmp_path, "ons-recorded-crime", [history, DEC_2018, MAR_2019, june, SEP_2019]))
    robbery = [k for k in kits if k.name == "ons-robbery"]
    articles, skipped, _ = build_articles(robbery)
    assert len(articles) == 42
    (skip,) = skipped
    assert skip.force == "Greater Manchester"
    assert "'..' (not available)" in skip.reason and "Table P1!L16" in skip.reason
    for article in articles:
        text = article.text()
        assert "Across England and Wales" not in text       # a sum of 42 is not the total
        assert "forces in England and Wales" not in text    # no rank against 42
        assert article.facts.values["national_current"] is None
    cheshire = next(a for a in articles if a.slug == "cheshire")
    assert "Across the North West" not in cheshire.text()
    assert cheshire.facts.facts["region_current"].sources[0].cell == "Table P1!L16"
    derbyshire = next(a for a in articles if a.slug == "derbyshire")
    assert "Across the East Midlands, the five forces recorded" in derbyshire.text()


def _nspcc_kit(tmp_path, csv_text: str):
    data = tmp_path / "nspcc.csv"
    data.write_text(csv_text, encoding="utf-8")
    return read_kits(kit_copy(tmp_path, "child-abuse-images", [data]))


def _nspcc_with(replacements: dict[str, str]) -> str:
    text = (DATA / "nspcc-child-abuse-image-offences-2018.csv").read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    return text


def test_a_current_figure_marked_not_available_skips_the_force(tmp_path):
    kits = _nspcc_kit(tmp_path, _nspcc_with({"Derbyshire,2017-18,all,301,": "Derbyshire,2017-18,all,[x],"}))
    articles, skipped, _ = build_articles(kits)
    assert "derbyshire" not in {a.slug for a in articles}
    reason = next(s.reason for s in skipped if s.force == "Derbyshire")
    assert "'[x]' (not available)" in reason and "nspcc.csv" in reason


def test_a_previous_figure_marked_not_available_is_not_compared(tmp_path):
    kits = _nspcc_kit(tmp_path, _nspcc_with({"Derbyshire,2016-17,all,302,": "Derbyshire,2016-17,all,[c],"}))
    articles, _, _ = build_articles(kits, ("Derbyshire",))
    text = articles[0].text()
    assert "301" in text and "302" not in text and "previous 12 months" not in text
    fact = articles[0].facts.facts["previous"]
    line = 1 + next(i for i, row in enumerate((tmp_path / "nspcc.csv").read_text().splitlines())
                    if row.startswith("Derbyshire,2016-17,all,"))
    assert fact.value is None and fact.sources[0].line == line
    assert fact.how == ("not available: the figure for 2016-17: '[c]' (confidential: suppressed "
                        "by the publisher) for Derbyshire")


def test_a_breakdown_part_marked_not_available_is_said_to_be(tmp_path):
    kits = _nspcc_kit(tmp_path, _nspcc_with({"possession of an indecent photograph,264,":
                                             "possession of an indecent photograph,[c],"}))
    articles, _, _ = build_articles(kits, ("Derbyshire",))
    text = articles[0].text()
    assert "264" not in text and " 0 " not in text
    assert "The figure for possession of an indecent photograph was not available." in text
    assert "37 were for taking, making or distributing indecent photographs" in text or \
        "37 was for" in text or "37" in text


def test_a_national_total_marked_not_available_is_not_stated(tmp_path):
    kits = _nspcc_kit(tmp_path, _nspcc_with({"United Kingdom,2017-18,all,22724,": "United Kingdom,2017-18,all,[x],"}))
    articles, _, _ = build_articles(kits)
    assert articles
    for article in articles:
        assert "Across the UK" not in article.text() and "22,724" not in article.text()
        assert article.facts.values["national_current"] is None


def test_a_quoted_thousands_separated_count_loads(tmp_path):
    kits = _nspcc_kit(tmp_path, _nspcc_with({"United Kingdom,2016-17,all,18522,": 'United Kingdom,2016-17,all,"18,522",'}))
    articles, _, _ = build_articles(kits, ("Derbyshire",))
    assert articles[0].facts.values["national_previous"] == 18522
    assert articles[0].text() == texts(read_kits(KITS / "child-abuse-images")).get(
        "child-abuse-images/derbyshire/2017-18")


def test_the_tidy_loader_reads_a_spreadsheet_and_cites_its_cells(tmp_path):
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Figures"
    sheet.append(["Offences recorded by police force"])          # a title row
    sheet.append([])
    lines = (DATA / "nspcc-child-abuse-image-offences-2018.csv").read_text(encoding="utf-8").splitlines()
    import csv
    for row in csv.reader(lines):
        sheet.append([int(c) if c.isdigit() else c for c in row])
    path = tmp_path / "nspcc.xlsx"
    book.save(path)
    kits = read_kits(kit_copy(tmp_path, "child-abuse-images", [path]))
    from_xlsx = texts(kits)
    assert from_xlsx == texts(read_kits(KITS / "child-abuse-images"))
    articles, _, _ = build_articles(kits, ("Derbyshire",))
    source = articles[0].facts.facts["current"].sources[0]
    assert source.cell.startswith("Figures!D") and source.line > 3


# -- the review page: cells by reference, and why an area has no story ---------

def test_the_review_page_shows_a_workbook_cell_and_why_a_force_was_skipped(tmp_path):
    from newsgen.build import BuildOptions, build
    from newsgen.review.store import ReviewStore
    from newsgen.review.web import ReviewApp

    history = history_before(tmp_path, "31-12-2018")
    june = SHEETS / "ons" / "policeforceareatablesyearendingjune2019.xlsx"
    kits = read_kits(kit_copy(tmp_path, "ons-recorded-crime", [history, DEC_2018, MAR_2019, june, SEP_2019]))
    robbery = [k for k in kits if k.name == "ons-robbery"]
    out = tmp_path / "out"
    build(robbery, BuildOptions(output=out, charts=False))
    with ReviewStore(out / "review.db") as store:
        draft = store.by_key("ons-robbery/derbyshire/2019-09-30")
    app = ReviewApp(out / "review.db", output=out)
    headers = {"Host": "127.0.0.1:8765"}
    fact = app.handle("GET", f"/draft/{draft['id']}/fact/current", headers, b"")
    assert fact.status == 200
    assert "policeforceareatablesyearendingseptember2019.xlsx!Table P1!L25 (Robbery)" in fact.body
    hit = re.search(r'<td class="cell-hit">([^<]*)</td>', fact.body).group(1)
    assert hit == str(load_ons(SEP_2019, load_forces()).frame.set_index(["area", "category"])
                      .loc[("derbyshire", "Robbery"), "value"])
    assert "<th>Robbery</th>" in fact.body and "<td>Derbyshire</td>" in fact.body
    queue = app.handle("GET", "/", headers, b"")
    assert "Not written in the last build (1)" in queue.body
    assert "Greater Manchester" in queue.body and "Table P1!L16" in queue.body


def test_a_new_release_is_dated_by_release_without_a_kit_edit(tmp_path):
    """`newsgen build --release TIME` dates the new period's stories (their
    article JSON, feed items and ninjs) with no kit edit; without it, the
    kit's [release] time stands."""
    import feedparser

    folder = tmp_path / "published"
    folder.mkdir()
    shutil.copy(DEC_2018, folder)
    shutil.copy(MAR_2019, folder)
    kits = tmp_path / "kits"
    kit_copy(tmp_path, "ons-recorded-crime", [history_before(tmp_path, "31-12-2018"), f"{folder}/*.xlsx"])
    toml = kits / "ons-recorded-crime" / "kit.toml"
    toml.write_text(toml.read_text().replace("auto_release = false", "auto_release = true"))
    for release, out in (("2019-07-18T09:30:00+01:00", "new"), (None, "kit")):
        args = ["build", "--force", "Derbyshire", "--kits", str(kits), "--story", "ons-robbery",
                "--output", str(tmp_path / out), "--now", "2019-08-01T00:00:00+01:00", "--no-charts"]
        result = CliRunner().invoke(cli, args + (["--release", release] if release else []))
        assert result.exit_code == 0, result.output
    new = json.loads((tmp_path / "new" / "public" / "ons-robbery" / "derbyshire.json").read_text())
    kit = json.loads((tmp_path / "kit" / "public" / "ons-robbery" / "derbyshire.json").read_text())
    assert new["release"] == "2019-07-18T09:30:00+01:00" and kit["release"] != new["release"]
    feed = feedparser.parse(str(tmp_path / "new" / "public" / "feeds" / "derbyshire.xml"))
    assert feed.entries and feed.entries[0].published_parsed[:4] == (2019, 7, 18, 8)
