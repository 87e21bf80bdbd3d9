"""The ONS and Home Office loaders on small files with the real exports'
quirks; rolling-year periods; template lookup from specific to general."""

from pathlib import Path

import pytest

from newsgen.facts import periods
from newsgen.errors import DataError, TemplateProblem
from newsgen.facts.compute import compute_facts
from newsgen.sources.forces import load_forces
from newsgen.sources.home_office import load_home_office
from newsgen.sources.ons import load_ons
from newsgen.paths import TEMPLATES_DIR
from newsgen.words.templates import Renderer

HO_HEADER = ("Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,"
             "Offence Subgroup,Offence Code,Number of Offences\n")
ONS_HEADER = "12 months ending,PFA,Region,Offence,Rolling year total number of offences\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- Home Office -------------------------------------------------------------

def ho_row(quarter, force, code, value, description="Obscene publications etc"):
    return (f'2017/18,{quarter},"{force}",{description},Miscellaneous crimes,'
            f'Miscellaneous crimes,{code},"{value}"\n')  # quoted as the export quotes them


def test_home_office_quirks_padded_zero_negative_city_and_non_forces(tmp_path):
    rows = [
        ho_row(1, "London, City of", "86", " 3 "),
        ho_row(2, "London, City of", "86", "-00"),
        ho_row(3, "London, City of", "86", " 2 "),
        ho_row(4, "London, City of", "86", "-1"),        # an adjustment
        ho_row(1, "Action Fraud", "AF", " 66776 ", "Fraud offences recorded by Action Fraud"),
        ho_row(1, "British Transport Police", "86", " 2 "),
        ho_row(1, "Kent", "1/4.1/4.10/4.2", "-00", "Homicide"),
        ho_row(1, "Kent", "1/4.1/4.10/4.2", " 4 ", "Homicide"),   # the combined code repeats
        ho_row(2, "Kent", "1/4.1/4.10/4.2", " 1 ", "Homicide"),
    ]
    path = write(tmp_path, "ho.csv", HO_HEADER + "".join(rows))
    data = load_home_office(path, load_forces())
    frame = data.frame.set_index(["area", "category"])
    assert frame.loc[("city-of-london", "86"), "value"] == 4       # 3 + 0 + 2 - 1
    assert frame.loc[("city-of-london", "86"), "lines"] == (2, 3, 4, 5)
    assert frame.loc[("kent", "1/4.1/4.10/4.2"), "value"] == 5
    assert set(data.frame["area"]) == {"city-of-london", "kent"}   # no BTP, no Action Fraud
    assert data.periods == ["2017-18"]
    per_area, _ = compute_facts(data, load_forces().by_slug, "2017-18", None, category="86")
    fact = per_area["city-of-london"].facts["current"]
    assert fact.value == 4 and [s.line for s in fact.sources] == [2, 3, 4, 5]
    assert "adjustments included" in fact.how


def test_home_office_refuses_a_negative_year_total(tmp_path):
    path = write(tmp_path, "ho.csv", HO_HEADER + ho_row(1, "Kent", "86", " 1 ")
                 + ho_row(2, "Kent", "86", "-3"))
    with pytest.raises(DataError) as err:
        load_home_office(path, load_forces())
    assert err.value.line == 2 and err.value.column == "Number of Offences"
    assert "lines 2, 3 sum to -2" in str(err.value)


@pytest.mark.parametrize("bad, line, column, message", [
    (ho_row(1, "Kent", "86", " 1,23 "), 3, "Number of Offences", "whole number"),
    (ho_row(1, "Narnia", "86", " 1 "), 3, "Force Name", "unknown police force 'Narnia'"),
    (ho_row(5, "Kent", "86", " 1 "), 3, "Financial Quarter", "quarter 1 to 4"),
    (ho_row(1, "Kent", "86", " 1 ") + ho_row(1, "Kent", "86", " 2 "), 4, None,
     "duplicate row for Kent, 2017-18 quarter 1, code 86"),
])
def test_home_office_errors_name_file_line_and_column(tmp_path, bad, line, column, message):
    path = write(tmp_path, "ho.csv", HO_HEADER + ho_row(1, "Essex", "86", " 7 ") + bad)
    with pytest.raises(DataError) as err:
        load_home_office(path, load_forces())
    assert err.value.file.endswith("ho.csv")
    assert err.value.line == line and err.value.column == column
    assert message in err.value.message


# -- ONS ---------------------------------------------------------------------

def test_ons_reads_the_slipped_date_skips_non_forces_and_keeps_lines(tmp_path):
    text = ONS_HEADER + (
        "31-12-2016,Kent,South East,Robbery,1200\n"
        "30-12-2017,Kent,South East,Robbery,1481\n"
        "31-12-2018,Kent,South East,Robbery,1851\n"
        "31-12-2018,British Transport Police,British Transport Police,Robbery,400\n"
        "31-12-2018,Action Fraud,Fraud: Action Fraud,Action Fraud,300000\n"
    )
    data = load_ons(write(tmp_path, "ons.csv", text), load_forces())
    assert data.periods == ["2016-12-31", "2017-12-31", "2018-12-31"]
    assert list(data.frame["line"]) == [2, 3, 4]
    assert set(data.frame["area"]) == {"kent"} and data.national_from_areas


@pytest.mark.parametrize("bad, column", [
    ("31/12/2018,Kent,South East,Robbery,1\n", "12 months ending"),
    ("31-02-2018,Kent,South East,Robbery,1\n", "12 months ending"),
    ("31-12-2018,Kent,South East,Robbery,lots\n", "Rolling year total number of offences"),
    ("31-12-2018,Gondor,South East,Robbery,1\n", "PFA"),
])
def test_ons_errors_name_line_and_column(tmp_path, bad, column):
    path = write(tmp_path, "ons.csv", ONS_HEADER + "31-12-2017,Kent,South East,Robbery,1\n" + bad)
    with pytest.raises(DataError) as err:
        load_ons(path, load_forces())
    assert (err.value.line, err.value.column) == (3, column)


def test_series_and_region_facts_on_a_small_table(tmp_path):
    text = ONS_HEADER + "".join(
        f"{d},{force},South East,Robbery,{v}\n"
        for d, force, v in [
            ("31-03-2003", "Kent", 900), ("31-12-2016", "Kent", 1000),
            ("31-12-2017", "Kent", 800), ("31-12-2018", "Kent", 950),
            ("31-03-2003", "Surrey", 300), ("31-12-2016", "Surrey", 200),
            ("31-12-2017", "Surrey", 250), ("31-12-2018", "Surrey", 350),
        ])
    data = load_ons(write(tmp_path, "ons.csv", text), load_forces())
    per_area, _ = compute_facts(data, load_forces().by_slug, "2018-12-31", "2017-12-31",
                                1000, category="Robbery", extended=True)
    kent, surrey = per_area["kent"].values, per_area["surrey"].values
    assert surrey["series_high"] is True and kent["series_high"] is False
    assert kent["series_max_before"] == 1000 and kent["series_max_before_period"] == "2016-12-31"
    assert kent["last_higher_period"] == "2016-12-31"   # "highest since the year ending Dec 2016"
    assert kent["series_first"] == "2003-03-31" and kent["series_first_value"] == 900
    assert kent["region_current"] == 1300 and kent["region_rank"] == 1
    assert surrey["region_rank"] == 2 and kent["region_ranked"] == 2
    assert kent["national_current"] == 1300            # only these two forces in the file
    assert per_area["kent"].facts["national_current"].how.startswith("sum of the 2 areas")
    assert kent["against_trend"] is False


# -- periods -----------------------------------------------------------------

def test_periods_of_both_kinds():
    assert periods.days("2017-18") == 365 and periods.days("2019-20") == 366
    assert periods.days("2016-12-31") == 366 and periods.days("2018-12-31") == 365
    assert periods.span("2018-12-31")["start"] == "January 2018"
    assert periods.span("2003-03-31")["label"] == "the year ending March 2003"
    assert periods.span("2003-03-31")["start"] == "April 2002"
    assert sorted(["2018-06-30", "2017-18", "2017-12-31"], key=periods.sort_key) == \
        ["2017-12-31", "2017-18", "2018-06-30"]


# -- template lookup ---------------------------------------------------------

@pytest.fixture
def template_dirs(tmp_path):
    kit = tmp_path / "kit"
    user = tmp_path / "user"
    (kit / "forces" / "kent").mkdir(parents=True)
    user.mkdir()
    (kit / "headline.j2").write_text("kit headline")
    (kit / "forces" / "kent" / "headline.j2").write_text("kent headline")
    (kit / "body.j2").write_text("kit body {% include specific('part.j2') %}")
    (kit / "part.j2").write_text("kit part")
    (kit / "forces" / "kent" / "part.j2").write_text("kent part")
    (user / "body.j2").write_text("user body")
    (user / "notes.j2").write_text('{% extends "default:notes.j2" %}')
    return kit, user


class FakeForce:
    slug = "kent"


def test_lookup_goes_from_force_to_user_to_kit_to_shared(template_dirs):
    kit, user = template_dirs
    plain = Renderer("k", kit)
    assert plain.render("headline.j2", {}, "kent") == "kent headline"
    assert plain.render("headline.j2", {}, "essex") == "kit headline"
    assert plain.render("body.j2", {"force": FakeForce()}, "essex") == "kit body kent part"
    users = Renderer("k", kit, (user,))
    assert users.render("body.j2", {}, "essex") == "user body"       # user folder beats the kit
    context = {"kit": {"source": {"credit": "Credit.", "url": ""}}, "illustrative": False,
               "kit_notes": ["A note."]}
    notes = users.render("notes.j2", context, "essex")                 # default: reaches the shipped one
    assert notes.startswith("Source: Credit.") and "A note." in notes
    assert "A note." in Renderer("k", kit).render("notes.j2", context)  # the shared default


def test_a_missing_template_lists_every_place_looked(template_dirs):
    kit, user = template_dirs
    with pytest.raises(TemplateProblem) as err:
        Renderer("k", kit, (user,)).render("standfirst.j2", {}, "kent")
    message = str(err.value)
    for folder in (user, kit, TEMPLATES_DIR):
        assert str(Path(folder) / "forces" / "kent" / "standfirst.j2") in message
        assert str(Path(folder) / "standfirst.j2") in message


# -- phrasing the kits use ---------------------------------------------------

def test_places_regions_and_shares_read_naturally():
    from types import SimpleNamespace as NS

    from newsgen.words import phrasing
    assert phrasing.region_name("South East") == "the South East"
    assert phrasing.region_name("East") == "the East of England"
    assert phrasing.region_name("Yorkshire and The Humber") == "Yorkshire and the Humber"
    assert phrasing.region_name("London") == "London" and phrasing.region_name("Wales") == "Wales"
    met = NS(slug="metropolitan", name="Metropolitan Police", house="the Metropolitan Police")
    kent = NS(slug="kent", name="Kent", house="Kent Police")
    # the Met polices Greater London but not the City: never "London" for it
    assert phrasing.place(met) == "the Metropolitan Police area" and phrasing.place(kent) == "Kent"
    assert phrasing.force_subject(met) == "The Metropolitan Police"
    assert phrasing.force_subject(kent) == "Kent Police"
    assert phrasing.share_phrase(0.404) == "40%"            # not "about one in two"
    assert phrasing.share_phrase(1 / 44.2) == "about one in 44"
    assert phrasing.agree(1, "possession of weapons offence", "possession of weapons offences") == \
        "possession of weapons offence"
    assert phrasing.agree(2, "possession of weapons offence", "possession of weapons offences") == \
        "possession of weapons offences"
    assert phrasing.compared(2.34, 2.26) == "the same as"   # both print as 2.3
    assert phrasing.compared(2.4, 2.3) == "higher than"


def test_a_negative_published_total_skips_the_force_with_a_reason(tmp_path):
    """The ONS table has a few negative rolling totals (adjustments): the
    build never reports one, it skips the force and says why."""
    from newsgen.facts.kit_facts import KitData
    from newsgen.kit import read_kits
    import shutil

    text = ONS_HEADER + "".join(
        f"{d},{force},South East,Fraud offences,{v}\n"
        for d, force, v in [("31-12-2017", "Kent", 40), ("31-12-2018", "Kent", -7),
                            ("31-12-2017", "Surrey", 30), ("31-12-2018", "Surrey", 35)])
    data = write(tmp_path, "ons.csv", text)
    kit = tmp_path / "kit"
    shutil.copytree(Path(__file__).resolve().parent.parent / "newsgen" / "shipped" / "kits" / "ons-recorded-crime", kit)
    toml = (kit / "kit.toml").read_text().replace(
        'file = "../../data/ons-recorded-crime-pfa-2003-2018.csv"', f'file = "{data.as_posix()}"')
    toml = toml.replace('"../../data/', f'"{(Path(__file__).resolve().parent.parent / "newsgen" / "shipped" / "data").as_posix()}/')
    toml = toml.replace('category = "Robbery"', 'category = "Fraud offences"')
    (kit / "kit.toml").write_text(toml)
    story = next(k for k in read_kits(kit) if k.category == "Fraud offences")
    loaded = KitData(load_forces())
    facts = loaded.facts(story)
    assert "negative (-7)" in loaded.unusable(story, facts["kent"])
    assert loaded.unusable(story, facts["surrey"]) is None
