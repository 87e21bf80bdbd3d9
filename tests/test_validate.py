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
