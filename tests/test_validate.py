"""`newsgen validate FILE`: every problem, each with its line and column."""

import re
from pathlib import Path

from click.testing import CliRunner

from newsgen.cli import cli

HEADER = "force,period,category,offences,source\n"


def validate(*args):
    return CliRunner().invoke(cli, ["validate", *map(str, args)])


def test_lists_every_problem_not_just_the_first(tmp_path):
    data = tmp_path / "figures.csv"
    data.write_text(HEADER + "\n".join([
        "Derbyshire,2016-17,all,302,x",          # 2 fine
        "Derbyshire,2017-18,all,\"1,30,1\",x",   # 3 thousands separator misplaced
        "Kent,2017-18,all,,x",                   # 4 blank
        "Narnia,2017-18,all,12,x",               # 5 unknown force
        "Essex,2017/18,all,767,x",               # 6 period written with a slash
        "Essex,2016-17,all,568",                 # 7 a field short
        "Derbyshire,2016-17,all,303,x",          # 8 duplicate of line 2
        "Hampshire,2017-18,all,-4,x",            # 9 negative
    ]) + "\n", encoding="utf-8")
    result = validate(data, "--story", "child-abuse-images")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    found = [(int(m.group(1)), m.group(2)) for m in
             (re.match(r".*figures\.csv:(\d+)(?:: column '([^']+)')?:", line) for line in lines)]
    assert found == [(3, "offences"), (4, "offences"), (5, "force"), (6, "period"),
                     (7, "source"), (8, None), (9, "offences")]
    assert "7 problems" in result.stderr


def test_a_clean_file_says_so_and_exits_zero(nspcc_csv):
    result = validate(nspcc_csv, "--story", "child-abuse-images")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stdout


def test_a_clean_file_without_the_kits_period_is_a_problem(tmp_path):
    data = tmp_path / "old.csv"
    data.write_text(HEADER + "Derbyshire,2015-16,all,250,x\nDerbyshire,2016-17,all,302,x\n",
                    encoding="utf-8")
    result = validate(data, "--story", "child-abuse-images")
    assert result.exit_code == 2
    assert "no rows for 2017-18, the kit's current period" in result.stdout


def test_the_kit_is_found_from_the_file_when_not_named():
    result = validate(Path(__file__).resolve().parent.parent / "newsgen" / "shipped" / "data" / "nspcc-child-abuse-image-offences-2018.csv")
    assert result.exit_code == 0
    assert "read as child-abuse-images" in result.stdout


def test_a_file_that_cannot_be_read_at_all_is_one_problem(tmp_path):
    data = tmp_path / "semi.csv"
    data.write_text(HEADER.replace(",", ";") + "Kent;2017-18;all;1;x\n", encoding="utf-8")
    result = validate(data, "--story", "child-abuse-images")
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 1
    assert "semi.csv:1: the header is separated by ';'" in result.stdout


# -- every loader, spreadsheets, --areas ----------------------------------------

SHEETS = Path(__file__).resolve().parent / "data" / "spreadsheets"


def test_an_ons_workbook_lists_every_bad_cell_by_its_reference(tmp_path):
    import openpyxl
    book = openpyxl.load_workbook(SHEETS / "ons" / "policeforceareatablesyearendingdecember2018.xlsx")
    sheet = book["Table P1"]
    sheet["L25"] = "lots"       # Derbyshire, Robbery
    sheet["S47"] = None         # Kent, Bicycle theft
    sheet["B30"] = "Mercia"     # no code, no such force: the row's code goes too
    sheet["A30"] = None
    path = tmp_path / "tables.xlsx"
    book.save(path)
    result = validate(path, "--story", "ons-robbery")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert any("tables.xlsx!Table P1!L25: column 'Robbery': expected a whole number, got 'lots'" in li
               for li in lines), lines
    assert any("tables.xlsx!Table P1!S47: column 'Bicycle theft': blank cell" in li for li in lines)
    assert any("tables.xlsx!Table P1!B30: column 'Area Name': unknown police force 'Mercia'" in li
               for li in lines)
    assert "3 problems" in result.stderr


def test_the_home_office_ods_and_the_ons_workbook_validate_clean():
    ods = validate(SHEETS / "home-office-prc-pfa-2017-18.ods", "--story", "home-office-obscene-publications")
    assert ods.exit_code == 0 and "no problems" in ods.stdout, ods.output
    xlsx = validate(SHEETS / "ons" / "policeforceareatablesyearendingseptember2019.xlsx",
                    "--story", "ons-robbery")
    assert xlsx.exit_code == 0, xlsx.output     # '..' is not available, not a problem


def test_the_home_office_loader_lists_every_problem(tmp_path):
    header = ("Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,"
              "Offence Subgroup,Offence Code,Number of Offences\n")
    rows = ['2017/18,1,Kent,Obscene publications etc,M,M,86," 3 "',
            '2017/18,5,Kent,Obscene publications etc,M,M,86," 3 "',
            '2017/18,2,Narnia,Obscene publications etc,M,M,86," 3 "',
            '2017/18,3,Kent,Obscene publications etc,M,M,86,"1.5"']
    path = tmp_path / "ho.csv"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    result = validate(path, "--story", "home-office-obscene-publications")
    assert result.exit_code == 2
    found = re.findall(r"ho\.csv:(\d+): column '([^']+)'", result.stdout)
    assert found == [("3", "Financial Quarter"), ("4", "Force Name"), ("5", "Number of Offences")]


def test_areas_checks_names_against_another_areas_table(tmp_path):
    forces = (Path(__file__).resolve().parent.parent / "newsgen" / "shipped" / "data"
              / "police-forces.csv").read_text(encoding="utf-8").splitlines()
    areas = tmp_path / "areas.csv"
    areas.write_text("\n".join(forces + ["Sodor,E99999999,North West,sodor,Sodor Police,Sodor,100000"])
                     + "\n", encoding="utf-8")
    data = tmp_path / "figures.csv"
    data.write_text(HEADER + "Sodor,2016-17,all,20,x\nSodor,2017-18,all,25,x\n", encoding="utf-8")
    without = validate(data, "--story", "child-abuse-images")
    assert without.exit_code == 2 and "unknown police force 'Sodor'" in without.stdout
    within = validate(data, "--story", "child-abuse-images", "--areas", areas)
    assert within.exit_code == 0, within.output
